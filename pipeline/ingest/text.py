"""Plain text and Markdown: detect the encoding, split into paragraphs."""
from __future__ import annotations

import re

from ..records import Block
from .decode import decode_bytes
from .html import read_html_fragment

# Text scraped from the web often keeps the page's inline HTML: "<p><strong>央视网消息</strong>…</p><p>…".
_INLINE_HTML = re.compile(r"</?(?:p|br|div|strong|b|span|em|i|font|section)\b[^<>]*>", re.I)


def split_paragraphs(text: str) -> list[Block]:
    """Every non-empty line is a block; a line with inline HTML is the lines its tags make.

    Whether a line break ends a paragraph or only wraps it is decided in normalization, which
    sees the same question for PDF pages and page breaks; markdown is left for it too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for line in text.split("\n"):
        if _INLINE_HTML.search(line):
            blocks.extend(read_html_fragment(line))
        elif line.strip():
            blocks.append(Block(line.strip()))
    return blocks


def read_text(data: bytes) -> tuple[list[Block], str]:
    text, encoding = decode_bytes(data)
    return split_paragraphs(text), encoding
