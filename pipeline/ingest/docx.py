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


_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else "零" + _DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + _chinese(rest)
    return _DIGITS[hundreds] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# Word's numFmt values → how a count is written; formats not listed (bullet, none …) write nothing.
NUMBER_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "chineseCounting": _chinese, "chineseCountingThousand": _chinese, "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese, "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n).translate(str.maketrans("一二三四五六七八九十百", "壹贰叁肆伍陆柒捌玖拾佰")),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1), "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": _roman,
}


class ListLabels:
    """The labels Word draws before numbered paragraphs (一、 （一） 1.): they come from the document's
    numbering definitions, not from its text, so a reader of the runs alone loses every enumerator
    of an auto-numbered outline. Counted per list and level, in document order, as Word counts."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → numFmt, lvlText, start
        self.counts: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            overrides = {int(o.get(qn("w:ilvl"), 0)): o for o in num.findall(qn("w:lvlOverride"))}
            for lvl in definition.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), 0))
                start = self._val(lvl, "w:start", "1")
                override = overrides.get(ilvl)
                if override is not None and override.find(qn("w:startOverride")) is not None:
                    start = override.find(qn("w:startOverride")).get(qn("w:val"))
                self.levels[(num.get(qn("w:numId")), ilvl)] = (
                    self._val(lvl, "w:numFmt", "decimal"), self._val(lvl, "w:lvlText", ""), int(start))

    def _val(self, element, tag: str, default: str) -> str:
        child = element.find(self._qn(tag))
        return child.get(self._qn("w:val"), default) if child is not None else default

    def _numbering(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from itself or its style."""
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        for ppr in candidates:
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                return str(num_pr.numId.val), int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        return None

    def label(self, paragraph) -> str:
        found = self._numbering(paragraph)
        if found is None or found not in self.levels or found[0] == "0":
            return ""
        num_id, ilvl = found
        counts = self.counts.setdefault(num_id, {})
        fmt, text, start = self.levels[found]
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new item restarts the levels under it
        if fmt not in NUMBER_FORMATS:
            return ""

        def written(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            level_fmt, _, level_start = self.levels.get((num_id, level), ("decimal", "", 1))
            return NUMBER_FORMATS.get(level_fmt, str)(counts.get(level, level_start))

        return re.sub(r"%(\d)", written, text)


def _paragraph_block(paragraph, labels: ListLabels | None = None) -> Block | None:
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
    label = labels.label(paragraph) if labels is not None else ""
    if label:  # the enumerator Word draws, put back in front of the text it numbers
        text = label + text
        bold = [(a + len(label), b + len(label)) for a, b in bold]
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
    labels = ListLabels(document)

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, Paragraph):
                block = _paragraph_block(child, labels)
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
