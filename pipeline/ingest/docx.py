"""Word .docx: paragraphs and tables in document order, bold from runs and styles, heading levels."""
from __future__ import annotations

import io
import re
import zipfile

from ..records import Block
from .archive import check_zip_limits
from .errors import IngestError

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)", re.I)


def _style_bold(style) -> bool | None:
    while style is not None:
        if style.font is not None and style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return None


def _heading_level(paragraph) -> int | None:
    style = paragraph.style
    while style is not None:
        m = _HEADING_STYLE.match(style.name or "")
        if m:
            return int(m.group(1))
        if (style.name or "").lower() == "title":
            return 1
        style = style.base_style
    return None


def _paragraph_block(paragraph) -> Block | None:
    para_bold = _style_bold(paragraph.style)
    text_parts: list[str] = []
    bold: list[tuple[int, int]] = []
    pos = 0
    for run in paragraph.runs:
        t = run.text
        if not t:
            continue
        is_bold = run.bold
        if is_bold is None:
            is_bold = _style_bold(run.style) if run.style is not None else None
        if is_bold is None:
            is_bold = para_bold
        if is_bold and t.strip():
            if bold and bold[-1][1] == pos:
                bold[-1] = (bold[-1][0], pos + len(t))
            else:
                bold.append((pos, pos + len(t)))
        text_parts.append(t)
        pos += len(t)
    text = "".join(text_parts)
    if not text.strip():
        # Text in hyperlinks or fields is not in runs; fall back to the paragraph text.
        text = paragraph.text
        if not text.strip():
            return None
        bold = [(0, len(text))] if para_bold else []
    level = _heading_level(paragraph)
    return Block(text=text, kind="heading" if level else "paragraph", level=level, bold=bold)


def read_docx(data: bytes) -> list[Block]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError("corrupted .docx: not a readable zip container") from None
    with zf:
        check_zip_limits(zf, "docx")
        if "word/document.xml" not in zf.namelist():
            raise IngestError("corrupted .docx: word/document.xml is missing")
        try:
            bad = zf.testzip()
        except Exception as err:  # zlib errors on damaged deflate streams
            raise IngestError(f"corrupted .docx: {str(err)[:100]}") from None
        if bad:
            raise IngestError(f"corrupted .docx: member {bad} fails its checksum")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds on broken XML
        raise IngestError(f"corrupted .docx: {type(err).__name__}: {str(err)[:120]}") from None

    blocks: list[Block] = []

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, Paragraph):
                block = _paragraph_block(child)
                if block:
                    blocks.append(block)
            elif isinstance(child, Table):
                seen = set()
                for row in child.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)

    walk(document)
    return blocks
