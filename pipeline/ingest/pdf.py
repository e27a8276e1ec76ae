"""PDF via pdfplumber: lines in reading order, running headers/footers and page numbers dropped,
paragraphs rejoined across line and page breaks. PDFium (pypdfium2) reads what pdfplumber cannot open
or decode: a broken cross-reference table, an owner-password-only encryption."""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..patterns import STRUCTURAL_START
from ..records import Block
from .errors import IngestError
from .text import split_paragraphs

MARGIN_ZONE = 0.10  # top/bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?[\d一二三四五六七八九十]+(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d+\s*页?)?[\s\-—–－·•]*$")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_height: float
    size: float
    bold: list[tuple[int, int]]


def _line_bold(chars) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        font = (ch.get("fontname") or "").lower()
        if any(k in font for k in ("bold", "heavy", "black", "hei")):
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
    return spans


def _digits_masked(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def read_pdf(data: bytes) -> list[Block]:
    if b"%%EOF" not in data[-2048:]:
        raise IngestError("truncated PDF: the end-of-file marker is missing")
    try:
        blocks = _read_pdfplumber(data)
        if not _looks_garbled(blocks):
            return blocks
        first = IngestError("PDF text cannot be decoded (character codes without a map)")
    except IngestError as err:
        first = err
    try:
        return read_pdf_pdfium(data)
    except IngestError as second:
        raise (second if "password" in str(second) else first) from None


def _read_pdfplumber(data: bytes) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError("encrypted PDF: it needs a password to open") from None
    except Exception as err:
        # pdfplumber wraps pdfminer's errors; the wrapped one says what happened.
        inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in repr(inner).lower():
            raise IngestError("encrypted PDF: it needs a password to open") from None
        raise IngestError(f"damaged PDF: {type(inner).__name__}: {str(inner)[:100]}") from None
    lines: list[_Line] = []
    try:
        pages = list(pdf.pages)
        for number, page in enumerate(pages):
            for ln in page.extract_text_lines(return_chars=True, strip=True):
                text = ln["text"]
                if not text.strip():
                    continue
                chars = [c for c in ln["chars"] if c["text"].strip() or c["text"] == " "]
                size = statistics.median(c["size"] for c in chars) if chars else 10.0
                lines.append(_Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number,
                                   float(page.height), size, _line_bold(ln["chars"])))
            page.close()  # release the page's parsed objects: memory stays flat over long PDFs
    except Exception as err:
        if "password" in str(err).lower():
            raise IngestError("encrypted PDF: it needs a password to open") from None
        raise IngestError(f"damaged PDF: {type(err).__name__}: {str(err)[:100]}") from None
    finally:
        try:
            pdf.close()
        except Exception:  # a damaged file may fail to close too; the error that matters is raised above
            pass
    if not lines:
        raise IngestError(f"PDF has no text layer ({len(pages)} page(s) of images?); OCR is not supported")
    lines = _drop_running_lines(lines, len(pages))
    return _paragraphs(lines)


def _in_margin(line: _Line) -> bool:
    return line.top < line.page_height * MARGIN_ZONE or line.bottom > line.page_height * (1 - MARGIN_ZONE)


def _drop_running_lines(lines: list[_Line], n_pages: int) -> list[_Line]:
    """Drop page numbers and lines repeated in the margins of many pages."""
    repeated = Counter()
    for key in {(ln.page, _digits_masked(ln.text)) for ln in lines if _in_margin(ln)}:
        repeated[key[1]] += 1
    threshold = max(2, n_pages // 2)
    kept = []
    for ln in lines:
        if _in_margin(ln):
            if _PAGE_NUMBER.match(ln.text) or (n_pages >= 2 and repeated[_digits_masked(ln.text)] >= threshold):
                continue
        kept.append(ln)
    return kept


def _centered(line: _Line, left: float, right: float, full_ok: bool = False) -> bool:
    left_gap, right_gap = line.x0 - left, right - line.x1
    if full_ok and left_gap <= 2 * line.size and right_gap <= 2 * line.size:
        return True
    return left_gap > line.size and right_gap > line.size and abs(left_gap - right_gap) < 2 * line.size


def _paragraphs(lines: list[_Line]) -> list[Block]:
    """A new paragraph starts at an indented line, after a line that stops short of the right
    margin, after a wide vertical gap, or at a change of font size; otherwise lines continue one
    paragraph, also across a page break."""
    by_page: dict[int, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    all_x0 = [ln.x0 for ln in lines]
    all_x1 = [ln.x1 for ln in lines]
    left = Counter(round(x) for x in all_x0).most_common(1)[0][0]
    right = sorted(all_x1)[int(0.9 * (len(all_x1) - 1))]
    # The usual gap between lines of one paragraph; paragraph spacing shows as a wider one.
    gaps = [round(b.top - a.bottom) for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    gap_mode = Counter(gaps).most_common(1)[0][0] if gaps else 0.0
    body_size = Counter(round(ln.size) for ln in lines).most_common(1)[0][0]
    blocks: list[Block] = []
    text, bold = "", []
    prev: _Line | None = None

    def flush():
        nonlocal text, bold
        if text.strip():
            blocks.append(Block(text=text.strip(), bold=bold))
        text, bold = "", []

    for ln in lines:
        cw = ln.size or 10.0
        starts_new = True
        if prev is not None:
            indented = ln.x0 > left + 1.2 * cw
            prev_short = prev.x1 < right - 1.5 * prev.size
            same_size = abs(ln.size - prev.size) < 0.5
            if ln.page == prev.page:
                gap = ln.top - prev.bottom
                wide_gap = gap > gap_mode + 0.25 * max(ln.size, prev.size)
            else:
                wide_gap = False
            structural = bool(STRUCTURAL_START.match(ln.text))
            display = same_size and ln.size >= body_size + 2 and ln.page == prev.page and \
                ln.top - prev.bottom < 0.6 * ln.size and not structural
            if display and _centered(ln, left, right, full_ok=True) and _centered(prev, left, right, full_ok=True):
                starts_new = False  # a title set larger than the text, over two or more centred lines
            elif same_size and _centered(ln, left, right) and _centered(prev, left, right, full_ok=True):
                # A centred title wrapped over lines: it goes on only after a line that was full.
                prev_full = prev.x1 >= right - 2 * prev.size and prev.x0 <= left + 2 * prev.size
                starts_new = not prev_full or wide_gap or structural
            else:
                starts_new = indented or prev_short or wide_gap or not same_size or structural
        if starts_new:
            flush()
        offset = len(text)
        text += ln.text
        bold.extend((offset + a, offset + b) for a, b in ln.bold)
        prev = ln
    flush()
    return blocks


def _looks_garbled(blocks: list[Block]) -> bool:
    """Text pdfplumber could not map to characters: mostly ``(cid:123)`` codes (a font whose map
    it cannot read, as in some encrypted files)."""
    text = "".join(b.text for b in blocks)
    codes = sum(len(m) for m in re.findall(r"\(cid:\d+\)", text))
    return bool(text) and codes > 0.3 * len(text)


def read_pdf_pdfium(data: bytes) -> list[Block]:
    """The second reader, PDFium (pypdfium2): it opens files pdfplumber cannot (a broken
    cross-reference table, an encryption with only an owner password) and reads their text layer,
    page by page, as paragraphs of the running text (no layout: headers repeated on every page and
    page numbers are dropped all the same)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as err:  # PdfiumError, or what a damaged file makes of its wrappers
        if "password" in str(err).lower():
            raise IngestError("encrypted PDF: it needs a password to open") from None
        raise IngestError(f"damaged PDF: {str(err)[:100]}") from None
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    except Exception as err:  # a page PDFium cannot load either: the file is damaged
        raise IngestError(f"damaged PDF: {type(err).__name__}: {str(err)[:100]}") from None
    finally:
        pdf.close()
    lines_by_page = [[ln.strip() for ln in text.split("\n") if ln.strip()] for text in pages]
    repeated = Counter(_digits_masked(ln) for page in lines_by_page for ln in set(page[:2] + page[-2:]))
    threshold = max(2, len(pages) // 2)
    kept = [ln for page in lines_by_page for i, ln in enumerate(page)
            if not ((i < 2 or i >= len(page) - 2) and
                    (_PAGE_NUMBER.match(ln) or len(pages) >= 2 and repeated[_digits_masked(ln)] >= threshold))]
    if not kept:
        raise IngestError(f"PDF has no text layer ({len(pages)} page(s) of images?); OCR is not supported")
    return split_paragraphs("\n".join(kept))
