"""The 市外参考 digest: experiences from places outside the home city, in the bulletins' house style.

A face over the catalog, like the command line: practices are chosen by search, theme, date or id,
grouped into their articles (one experience each), and each article is condensed into one item:

    △ + place + a bold lead sentence (the article's title), the article's opening sentence, each
    top-level practice as a bold run-in heading with its first sentence (or its sub-practices'
    headings), the slogans it names with their parts, two or three key metrics, and a source line.

Written to Word through python-docx with named styles (title, item, source; 仿宋_GB2312 for the body,
宋体 under it, fixed line spacing), or to Markdown for a preview.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SECTION_TITLE = "市外参考"
SENTENCE_END = re.compile(r"(?<=[。！？；])")
# Units whose metrics say most about what a practice achieved, best first.
KEY_UNITS = ("元", "户", "名", "人", "%", "亩", "个", "项", "次", "天")


@dataclass
class DigestItem:
    article_id: int
    place: str
    lead: str  # the bold lead sentence
    body: list[tuple[str, bool]]  # the item's text as runs: (text, bold)
    source: str  # （来源：…）
    city: str | None = None
    province: str | None = None
    date: str | None = None
    practice_ids: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.body)


@dataclass
class Digest:
    title: str
    items: list[DigestItem]
    home: str | None = None


def build_digest(catalog, home: str | None = None, themes: list[str] | tuple = (), query: str | None = None,
                 since: str | None = None, ids: list[int] | None = None, limit: int = 10) -> Digest:
    """Choose experiences and condense them. ``ids`` are practice ids (their articles are the items);
    otherwise the best practices for ``query``/``themes``/``since``, leaving out ``home`` (a city)."""
    exclude = [home] if home else None
    if ids:
        articles = []
        for pid in ids:
            row = catalog.db.execute("SELECT article_id FROM practices WHERE id = ?", (int(pid),)).fetchone()
            if row is not None:
                articles.append((row[0], int(pid)))
    else:
        found = catalog.search(query or "", limit=max(50, limit * 10), theme=list(themes) or None, since=since,
                               exclude_city=exclude)
        found = found[~found["related"].astype(bool)]  # results proper: related ones hold none of the words
        articles = [(int(a), int(p)) for a, p in zip(found["article_id"], found["id"])]
    chosen: dict[int, list[int]] = {}
    for article_id, pid in articles:
        if article_id in chosen:
            chosen[article_id].append(pid)
        elif len(chosen) < limit:
            chosen[article_id] = [pid]
    items = []
    for article_id, pids in chosen.items():
        detail = catalog.article_detail(article_id)
        if detail is None or (home and _in_place(detail, home)):
            continue  # a practice picked by id from the home city stays out of 市外参考
        items.append(condense(detail, pids))
    return Digest(SECTION_TITLE, items, home)


def _in_place(detail: dict, home: str) -> bool:
    return any(v and str(v).startswith(home) for v in (detail.get("city"), detail.get("county"), detail.get("place")))


def condense(article: dict, practice_ids: list[int] | None = None) -> DigestItem:
    """One item from an article: lead, opening, top-level practices, slogans, key metrics, source."""
    place = article.get("place") or article.get("city") or article.get("province") or ""
    title = article["title"].split("——")[0].strip()
    lead = title if title.endswith(("。", "！", "？")) else title + "。"
    body: list[tuple[str, bool]] = []
    text = article.get("text") or ""
    practices = article["practices"]
    first = practices[0]["heading"] if practices else None
    opening = text[:text.find(first)] if first and first in text else text[:200]
    opening = opening.replace(article["title"], "").strip().split("\n\n")[0]  # the first paragraph only
    opening = _sentences(opening, 2, 160)
    if opening:
        body.append((opening, False))
    top = [p for p in practices if p["parent_id"] is None]
    children = {}
    for p in practices:
        if p["parent_id"] is not None:
            children.setdefault(p["parent_id"], []).append(p)
    for p in top[:5]:
        heading = p["heading"].rstrip("。；;，, ") + "。"
        body.append((heading, True))
        kids = children.get(p["id"], [])
        if kids:
            sentence = "；".join(k["heading"].rstrip("。；;，, ") for k in kids[:4]) + "。"
        else:
            sentence = _sentences(p["body"], 1, 120)
        if sentence:
            body.append((sentence, False))
    named = [s for s in article["slogans"] if s["components"] and s["text"] not in "".join(t for t, _ in body)]
    for s in named[:2]:
        body.append((f"其做法概括为“{s['text']}”，即{'、'.join(s['components'])}。", False))
    metrics = key_metrics(article["metrics"])
    if metrics:
        body.append(("主要成效：" + "；".join(_metric_phrase(m) for m in metrics) + "。", False))
    return DigestItem(article_id=article["id"], place=place, lead=lead, body=body, source=source_line(article),
                      city=article.get("city"), province=article.get("province"), date=article.get("date"),
                      practice_ids=practice_ids or [])


def _sentences(text: str, n: int, limit: int) -> str:
    parts = [s for s in SENTENCE_END.split(re.sub(r"\s+", "", text or "")) if s]
    out = ""
    for s in parts[:n]:
        if len(out) + len(s) > limit and out:
            break
        out += s
    if len(out) > limit:
        out = out[:limit].rstrip("，、；") + "……"
    return out


def key_metrics(metrics: list[dict], n: int = 3) -> list[dict]:
    """Two or three metrics that say what was achieved: units that count money, households, people and
    shares first, larger values first within a unit; one per unit."""
    def rank(m):
        unit = m["unit"]
        order = next((i for i, u in enumerate(KEY_UNITS) if unit.endswith(u)), len(KEY_UNITS))
        return (order, -(m["value"] or 0))

    seen, out = set(), []
    for m in sorted(metrics, key=rank):
        if m["unit"] in seen or m["unit"] in ("年", "月", "日") or m.get("written", "arabic") != "arabic":
            continue
        seen.add(m["unit"])
        out.append(m)
        if len(out) == n:
            break
    return out


def _metric_phrase(m: dict) -> str:
    about = (m.get("about") or "").strip()
    return f"{about}{m['text']}" if about and about not in m["text"] else m["text"]


def source_line(article: dict) -> str:
    parts = []
    if article.get("publication"):
        parts.append(article["publication"])
    if article.get("issue"):
        parts.append(f"第{article['issue']}期")
    if article.get("date"):
        parts.append(article["date"])
    if not parts and article.get("site_title"):
        parts.append(article["site_title"])  # a page saved from a document-sharing site: its title there
    if not parts:
        parts.append(article.get("source") or "")
    return "（来源：" + "，".join(parts) + "）"


# -- writers ----------------------------------------------------------------------------------------
BODY_FONT = "仿宋_GB2312"
FALLBACK_FONT = "宋体"
TITLE_FONT = "黑体"


def write_markdown(digest: Digest, path: str | Path | None = None) -> str:
    lines = [f"## {digest.title}", ""]
    for item in digest.items:
        runs = "".join(f"**{t}**" if bold else t for t, bold in item.body)
        lines += [f"△{_place_prefix(item)}**{item.lead}**{runs}", "", item.source, ""]
    text = "\n".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _place_prefix(item: DigestItem) -> str:
    """The place opens the item unless the lead already does (泰州市姜堰区把…)."""
    place = item.place or ""
    short = re.sub(r"(省|市|县|区|自治州|自治区)$", "", place)
    head = item.lead[:len(place) + 8]  # 泰州市姜堰区把… names 姜堰区 within its first words
    return "" if not place or place in head or (len(short) > 1 and short in head) else place + "："


def write_docx(digest: Digest, path: str | Path) -> Path:
    """The digest as a Word document with named styles, ready to edit."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()

    def font(style, name, size, bold=False):
        style.font.name = name
        style.font.size = Pt(size)
        style.font.bold = bold
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)

    normal = doc.styles["Normal"]
    font(normal, FALLBACK_FONT, 16)  # 三号; what 仿宋_GB2312 falls back to where a machine lacks it
    styles = doc.styles
    title = styles.add_style("Digest Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = styles["Heading 1"]
    font(title, TITLE_FONT, 22, bold=True)  # 二号
    title.font.color.rgb = RGBColor(0, 0, 0)  # not the heading style's blue
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    item_style = styles.add_style("Digest Item", WD_STYLE_TYPE.PARAGRAPH)
    item_style.base_style = normal
    font(item_style, BODY_FONT, 16)
    item_style.paragraph_format.first_line_indent = Pt(32)  # two characters
    item_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    item_style.paragraph_format.line_spacing = Pt(28)
    item_style.paragraph_format.space_after = Pt(0)
    source = styles.add_style("Digest Source", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = item_style
    font(source, "楷体_GB2312", 14)
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    source.paragraph_format.space_after = Pt(12)

    doc.add_paragraph(digest.title, style="Digest Title")
    for item in digest.items:
        p = doc.add_paragraph(style="Digest Item")
        p.add_run("△" + _place_prefix(item))
        p.add_run(item.lead).bold = True
        for text, bold in item.body:
            run = p.add_run(text)
            run.bold = bold
        doc.add_paragraph(item.source, style="Digest Source")
    path = Path(path)
    doc.save(path)
    return path
