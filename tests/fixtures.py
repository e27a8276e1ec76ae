"""Render a seed, at test time, into the formats bulletins arrive in."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pipeline.ingest import read_bytes
from pipeline.normalize.text import clean_block
from pipeline.records import Block

RUNNING_HEADER = "内部资料 注意保存"


def seed_blocks(path: Path) -> list[Block]:
    """The seed's own lines with markdown made structure (bold spans, heading levels), as an
    author's word processor would hold them; boilerplate and page breaks are left in."""
    return [b for b in (clean_block(b) for b in read_bytes(path.read_bytes(), path.name).blocks) if b.text]


def render_docx(blocks: list[Block]) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "heading":
            paragraph = document.add_paragraph(style=f"Heading {min(block.level or 1, 6)}")
        else:
            paragraph = document.add_paragraph()
        pos = 0
        for start, end in block.bold:
            if start > pos:
                paragraph.add_run(block.text[pos:start])
            paragraph.add_run(block.text[start:end]).bold = True
            pos = end
        if pos < len(block.text):
            paragraph.add_run(block.text[pos:])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_OUTLINE = re.compile(r"^(?:(?P<l0>[一二三四五六七八九十]+)、|（(?P<l1>[一二三四五六七八九十]+)）)")
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九十")}


def _cn(text: str) -> int:
    return _CN[text] if len(text) == 1 else (_CN[text[0]] if text[0] != "十" else 1) * 10 + (_CN[text[-1]] if text[-1] != "十" else 0)


def render_docx_numbered(blocks: list[Block]) -> tuple[bytes, int]:
    """The blocks as a .docx whose outline enumerators (一、 and （一）) are Word's automatic numbering,
    drawn from the numbering definitions and absent from the text; (bytes, paragraphs numbered).
    A run of items that does not count on from the last is left as typed."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    state = {"num": None, "last": [0, 0], "lists": 0}
    numbered = 0
    for block in blocks:
        text, bold, place = block.text, block.bold, None
        m = _OUTLINE.match(text)
        if m:
            level = 0 if m.group("l0") else 1
            value = _cn(m.group("l0") or m.group("l1"))
            if value == 1 and (level == 0 or state["num"] is None):
                state["lists"] += 1
                state["num"] = 900 + state["lists"]
                numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{state["num"]}">'
                                           '<w:abstractNumId w:val="90"/></w:num>'))
                state["last"] = [0, 0]
            if state["num"] is not None and value == state["last"][level] + 1:
                state["last"][level] = value
                if level == 0:
                    state["last"][1] = 0
                place = (state["num"], level)
                cut = m.end()
                text = text[cut:]
                bold = [(max(0, a - cut), b - cut) for a, b in bold if b > cut]
                numbered += 1
        if block.kind == "heading":
            paragraph = document.add_paragraph(style=f"Heading {min(block.level or 1, 6)}")
        else:
            paragraph = document.add_paragraph()
        if place is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = place[1]
            num_pr.get_or_add_numId().val = place[0]
        pos = 0
        for start, end in bold:
            if start > pos:
                paragraph.add_run(text[pos:start])
            paragraph.add_run(text[start:end]).bold = True
            pos = end
        if pos < len(text):
            paragraph.add_run(text[pos:])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), numbered


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf(blocks: list[Block], header: str = RUNNING_HEADER) -> bytes:
    """A4 pages in reportlab's built-in CJK font, a running header and a page number on each page."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24, spaceAfter=4)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=TA_CENTER, firstLineIndent=0,
                           spaceAfter=10)

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 30, header)
        canvas.drawCentredString(A4[0] / 2, 25, f"- {doc.page} -")
        canvas.restoreState()

    story = []
    for block in blocks:
        if block.kind == "heading" or (len(block.text) <= 40 and block.text[-1] not in "。；：，！？"):
            style = title  # masthead lines and titles are centred in a larger size
        elif len(block.text) > 40:
            style = body
        else:
            style = plain
        story.append(Paragraph(_escape(block.text), style))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=72, bottomMargin=72, leftMargin=72, rightMargin=72).build(
        story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def render_html(blocks: list[Block]) -> bytes:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>组工信息</title>",
             "<style>p{margin:0}</style><script>var tracker = '评论 下载';</script></head><body>",
             "<nav><a href='/'>首页</a> | <a href='/list'>组工动态</a></nav><article>"]
    for block in blocks:
        if block.kind == "heading":
            tag = f"h{min(block.level or 1, 6)}"
            parts.append(f"<{tag}>{_escape(block.text)}</{tag}>")
            continue
        pos, inner = 0, []
        for start, end in block.bold:
            inner += [_escape(block.text[pos:start]), "<strong>", _escape(block.text[start:end]), "</strong>"]
            pos = end
        inner.append(_escape(block.text[pos:]))
        parts.append(f"<p>{''.join(inner)}</p>")
    parts.append("</article><footer>版权所有 © 某某网站</footer></body></html>")
    return "\n".join(parts).encode("utf-8")


class _GBKName(zipfile.ZipInfo):
    """Member names stored as GBK bytes without the UTF-8 flag, as zips from Chinese Windows are."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def render_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = _GBKName(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2tw").convert(text)
