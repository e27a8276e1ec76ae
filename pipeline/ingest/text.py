"""Plain text and Markdown: detect the encoding, split into paragraphs."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..records import Block
from .errors import IngestError

# The encodings bulletins actually come in; detection is restricted to these so that
# a GBK file is never read as, say, Latin-1.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in every other byte; CJK-heavy UTF-16 has none, so also
    # try a strict decode when the byte count is even and the result is mostly CJK.
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf_16_le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf_16_be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used; IngestError if it is not text."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF32_LE, "utf_32"),
                     (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc)
    enc = _utf16_without_bom(data)
    if enc:
        return _checked(data.decode(enc, errors="replace"), enc)
    try:
        return _checked(data.decode("utf_8"), "utf_8")
    except UnicodeDecodeError:
        pass
    strict = {}
    for enc in ("gb18030", "big5"):
        try:
            strict[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if len(strict) == 1:
        enc, text = next(iter(strict.items()))
        return _checked(text, enc)
    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise IngestError("not text: binary content that decodes in no known encoding")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    bad = len(_CONTROL.findall(text))
    if bad > max(2, 0.01 * len(text)):
        raise IngestError(f"not text: {bad} control or undecodable characters (binary file?)")
    if not text.strip():
        raise IngestError("empty file (only white space)")
    return text, encoding


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
            from .html import read_html_fragment  # html.py reads its bytes through this module

            blocks.extend(read_html_fragment(line))
        elif line.strip():
            blocks.append(Block(line.strip()))
    return blocks


def read_text(data: bytes) -> tuple[list[Block], str]:
    text, encoding = decode_bytes(data)
    return split_paragraphs(text), encoding
