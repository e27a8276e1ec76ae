"""The 市外参考 digest: experiences from places outside the home city, in the bulletins' house style.

A face over the catalog, like the command line. Practices are chosen by search (query, themes,
dates) or picked by id (the web page's basket). Each article they come from is one experience, one
△ item, built from those practices only, never from the rest of the article:

    △ + a bold lead sentence — the place and what it did (the best practice's heading) — with that
    practice's first sentence, then each other practice (or, for a single practice, each of its
    children) as a bold run-in heading with its first sentence, the slogans those practices name
    with their parts, two or three of their key metrics, and a source line (publication, date, the
    article's title).

Searched items come from experience-like articles only: an article that names its place, from a
source that is not a day of news (see :func:`news_day`). A practice picked by hand is kept whatever
its source: the user chose it.

Written to Word through python-docx as GB/T 9704 sets out an official document: A4, margins 37 mm
top, 35 mm bottom, 28 mm left, 26 mm right; 仿宋_GB2312 三号 (16 pt) body at a fixed 28 pt line; the
title in 方正小标宋简体 二号 (22 pt). Each font names the fallback Word uses where a machine lacks it
(see FONTS), so the draft reads the same on a machine without the GB2312 fonts. Or to Markdown, for
a preview.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SECTION_TITLE = "市外参考"
SENTENCE_END = re.compile(r"(?<=[。！？；])")
# Units whose metrics say most about what a practice achieved, best first.
KEY_UNITS = ("元", "户", "名", "人", "%", "亩", "个", "项", "次", "天")
OPENERS, CLOSERS = "（(“‘《【〔「", "）)”’》】〕」"
LABEL = re.compile(r"^[【\[]\s*[^】\]]{1,6}\s*[】\]]\s*")  # 【摘要】, 【导读】: a page's label, not what was done
PLACE_SUFFIX = re.compile(r"(省|市|县|区|自治州|自治区|自治县|地区|盟|旗)$")
ENUMERATOR = re.compile(r"^(（?[一二三四五六七八九十\d]+[）)、.．]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，、,]?)\s*")
# A source of this many articles or more, most of which name no place, is a day of news (a broadcast's
# transcript, a wire digest): many short stories, mostly national, none a place's experience.
NEWS_DAY_ARTICLES = 8
MOST_HEADINGS = 4  # run-in headings in one item
MOST_MATCHED = 3  # practices matched in one article that make its item
SPARE = 2  # articles chosen per item asked for, so that one without anything to say can be passed over
CLOSE_MATCH = 0.6  # … each scoring at least this share of the article's best
SHORT_PARTS = 80  # a slogan's parts listed in the item when they are this short together


@dataclass
class DigestItem:
    article_id: int
    place: str
    lead: str  # the bold lead sentence: the place and what it did
    body: list[tuple[str, bool]]  # the item's text after the lead, as runs: (text, bold)
    source: str  # （来源：…）
    city: str | None = None
    province: str | None = None
    date: str | None = None
    practice_ids: list[int] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # the run-in headings, as the practices give them

    @property
    def text(self) -> str:
        return self.lead + "".join(t for t, _ in self.body)


@dataclass
class Digest:
    title: str
    items: list[DigestItem]
    home: str | None = None


def build_digest(catalog, home: str | None = None, themes: list[str] | tuple = (), query: str | None = None,
                 since: str | None = None, until: str | None = None, ids: list[int] | None = None,
                 limit: int = 10) -> Digest:
    """Choose experiences and condense them. ``ids`` are practice ids, in the order picked (their
    articles are the items, built from those practices); otherwise the best practices for
    ``query``/``themes``/``since``/``until`` from experience-like articles, leaving out ``home``
    (a city)."""
    chosen: dict[int, list[int]] = {}  # article id → its practices, in order
    if ids:
        for pid in ids:
            try:
                row = catalog.db.execute("SELECT article_id FROM practices WHERE id = ?", (int(pid),)).fetchone()
            except OverflowError:
                row = None
            if row is not None and int(pid) not in chosen.get(row[0], []):
                chosen.setdefault(row[0], []).append(int(pid))
    else:
        found = catalog.search(query or "", limit=max(100, limit * 20), theme=list(themes) or None, since=since,
                               until=until, exclude_city=[home] if home else None)
        found = found[~found["related"].astype(bool)]  # results proper: related ones hold none of the words
        eligible: dict[int, bool] = {}
        best: dict[int, float] = {}
        for article_id, pid, spans, score in zip(found["article_id"], found["id"], found["spans"], found["score"]):
            article_id, pid = int(article_id), int(pid)
            if query and not len(spans):
                continue  # the words are in its sub-practices or title, not in what it says itself
            if article_id in chosen and (len(chosen[article_id]) >= MOST_MATCHED
                                         or score < best[article_id] * CLOSE_MATCH):
                continue  # an item keeps its article's few best matches
            best.setdefault(article_id, score)
            if article_id not in eligible:
                eligible[article_id] = experience_like(catalog, article_id)
            if not eligible[article_id]:
                continue
            if article_id in chosen:
                chosen[article_id].append(pid)
            elif len(chosen) < limit * SPARE:
                chosen[article_id] = [pid]
    items = []
    for article_id, pids in chosen.items():
        detail = catalog.article_detail(article_id)
        if detail is None or (home and _in_place(detail, home)):
            continue  # a practice picked by id from the home city stays out of 市外参考
        item = condense(detail, pids)
        if item.body or ids:  # a searched item that would be its lead sentence alone says nothing to copy
            items.append(item)
        if len(items) == limit and not ids:
            break
    return Digest(SECTION_TITLE, items, home)


def experience_like(catalog, article_id: int) -> bool:
    """An article a 市外参考 item can come from: a place's experience or report (kind experience or
    speech) that names its place and has practices, from a source that is not a day of news."""
    row = catalog.db.execute(
        "SELECT a.kind, a.source_id, coalesce(a.place, a.county, a.city, a.province) AS place,"
        " (SELECT COUNT(*) FROM practices p WHERE p.article_id = a.id) AS practices FROM articles a WHERE a.id = ?",
        (int(article_id),)).fetchone()
    if row is None or row["kind"] not in ("experience", "speech") or not row["place"] or not row["practices"]:
        return False
    return not news_day(catalog, row["source_id"])


def news_day(catalog, source_id: int) -> bool:
    """A source that is a day of news: many articles (NEWS_DAY_ARTICLES or more), most of them naming
    no place. A bulletin's articles each name the place whose work they report; a news transcript's
    stories are mostly national and each names a place only now and then."""
    n, placed = catalog.db.execute(
        "SELECT COUNT(*), SUM(coalesce(place, county, city, province) IS NOT NULL) FROM articles WHERE source_id = ?",
        (int(source_id),)).fetchone()
    return n >= NEWS_DAY_ARTICLES and (placed or 0) * 2 < n


def _in_place(detail: dict, home: str) -> bool:
    return any(v and str(v).startswith(home) for v in (detail.get("city"), detail.get("county"), detail.get("place")))


def condense(article: dict, practice_ids: list[int] | None = None) -> DigestItem:
    """One item from an article and the practices that matched or were picked in it: the lead
    sentence (place and what it did), run-in headings with their first sentences, those practices'
    own slogans and metrics, and the source line. Without practice ids, its top-level practices."""
    from .catalog.finding import practice_facts

    practices = {p["id"]: p for p in article["practices"]}
    ids = [i for i in (practice_ids or []) if i in practices]
    if not ids:
        ids = [p["id"] for p in article["practices"] if p["parent_id"] is None][:MOST_HEADINGS]
    ids = _most_specific(ids, practices)
    chosen = [practices[i] for i in ids]
    place = article.get("place") or article.get("county") or article.get("city") or article.get("province") or ""
    body: list[tuple[str, bool]] = []
    if len(chosen) == 1:
        only = chosen[0]
        kids = [p for p in article["practices"] if p["parent_id"] == only["id"]][:MOST_HEADINGS]
        lead = _lead(place, [only])
        run_ins = kids
        if not kids:
            sentence = _sentences(_after_heading(only), 2, 160)
            if sentence:
                body.append((sentence, False))
    elif chosen:  # the first (best) practice leads with its first sentence; the others follow as run-ins
        lead = _lead(place, chosen[:1])
        sentence = _sentences(_after_heading(chosen[0]), 1, 120)
        if sentence:
            body.append((sentence, False))
        run_ins = chosen[1:MOST_HEADINGS]
    else:  # an article without practices: its title says what it is about
        lead, run_ins = _clause(article.get("title") or place) + "。", []
    headings = []
    for p in run_ins:
        heading = _clause(p["heading"])
        headings.append(p["heading"])
        first = _sentences(p["body"], 1, 120)
        if _says_again(heading, first):  # a heading taken from its own first sentence: say it once
            body.append((first, False))
            continue
        bold = _cut(heading, 30, at="，；")  # a heading that is a sentence: its first clause in bold
        body.append((bold + ("，" if bold != heading else "。"), True))
        if bold != heading:
            body.append((heading[len(bold) + 1:] + "。", False))
        if first:
            body.append((first, False))
    facts = [practice_facts(article, p["id"]) for p in chosen]
    slogans, metrics, seen = [], [], set()
    for f in facts:
        for s in f["slogans"]:
            if s["text"] not in seen and s.get("components"):
                seen.add(s["text"])
                slogans.append(s)
        metrics += [m for m in f["metrics"] if m not in metrics]
    written = lead + "".join(t for t, _ in body)
    named = [s for s in slogans if s["text"] not in written][:2]
    if named:  # parts too long to list in a sentence are left to the reader of the source
        parts = "；".join(f"“{s['text']}”" + (f"，即{'、'.join(s['components'])}"
                                              if sum(map(len, s["components"])) <= SHORT_PARTS else "")
                         for s in named)
        body.append((f"其做法概括为{parts}。", False))
    source_text = re.sub(r"\s+", "", article.get("text") or "")
    key = [m for m in key_metrics([m for m in metrics if _quotable(m, source_text)]) if m["text"] not in written]
    if key:
        body.append(("相关数据：" + "；".join(_metric_phrase(m) for m in key) + "。", False))
    return DigestItem(article_id=article["id"], place=place, lead=lead, body=body, source=source_line(article),
                      city=article.get("city"), province=article.get("province"), date=article.get("date"),
                      practice_ids=ids, headings=headings)


def _after_heading(practice: dict) -> str:
    """A practice's body without a first sentence that only says its heading again (a heading taken
    from the text's own first sentence)."""
    body = practice.get("body") or ""
    clause = _clause(practice["heading"])
    parts = [x for x in SENTENCE_END.split(re.sub(r"\s+", "", body)) if x]
    if parts and _says_again(clause, parts[0]):
        return "".join(parts[1:])
    return body


def _says_again(clause: str, sentence: str) -> bool:
    """Whether ``sentence`` says a heading's ``clause`` again (a heading taken from the text's own
    first sentence); a clause of a few characters says too little to tell."""
    return len(clause) >= 6 and clause in sentence


def _most_specific(ids: list[int], practices: dict[int, dict]) -> list[int]:
    """The practices without a chosen descendant: where a heading and one under it both match, the one
    under it says more precisely what was done."""
    def ancestors(pid):
        parent = practices[pid]["parent_id"]
        while parent is not None and parent in practices:
            yield parent
            parent = practices[parent]["parent_id"]

    covered = {a for i in ids for a in ancestors(i)}
    return [i for i in dict.fromkeys(ids) if i not in covered]


def _clause(heading: str) -> str:
    """A heading without its enumerator and closing punctuation. A heading cut short (…) ends where it
    last stood whole: before a bracket or quote it opened and did not close."""
    text = LABEL.sub("", ENUMERATOR.sub("", heading.strip()))
    if text.endswith(("…", "...")):
        text = text.rstrip("….")
        while not _balanced(text):
            text = text[:max(text.rfind(o) for o in OPENERS)]
    return text.rstrip("。；;，,：: 、")


def _lead(place: str, practices: list[dict]) -> str:
    """The place and what it did: 贵州省加大人才培育引进力度，强化科技人才支撑。 Each heading gives its
    first clause; the place is not said twice when the heading opens with it."""
    clauses = []
    for p in practices:
        clause = _cut(_clause(p["heading"]), 24, at="，；")
        if clause and clause not in clauses:
            clauses.append(clause)
    text = "，".join(clauses)
    short = PLACE_SUFFIX.sub("", place)
    if place and not (text.startswith(place) or (len(short) > 1 and text.startswith(short))):
        text = place + text
    return text.rstrip("，；、") + "。"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
    return depth == 0


def _cut(text: str, limit: int, at: str = "，；、") -> str:
    """``text`` within ``limit`` characters where it can be cut cleanly: at a comma or semicolon outside
    brackets and quotes, never inside 《》（）“”. Text that cannot be cut so is kept whole."""
    if len(text) <= limit:
        return text
    best = None
    for i, ch in enumerate(text[:limit + 1]):
        if ch in at and _balanced(text[:i]):
            best = i
    return text[:best] if best else text


def _sentences(text: str, n: int, limit: int) -> str:
    """The first ``n`` sentences of ``text`` within about ``limit`` characters; a first sentence
    longer than that is cut at a clause outside brackets and ended with 。."""
    parts = [s for s in SENTENCE_END.split(re.sub(r"\s+", "", text or "")) if s]
    out = ""
    for s in parts[:n]:
        if len(out) + len(s) > limit and out:
            break
        out += s
    if len(out) > limit:
        out = _cut(out, limit)
    out = out.rstrip("；，、：")
    return out + "。" if out and out[-1] not in "。！？" else out


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


def _quotable(m: dict, source_text: str) -> bool:
    """Whether a figure can stand in the digest as "what" and "how much": only as the source writes
    them together (出口总额85.8% was 出口总额增长85.8%), what is measured a noun phrase from a word's
    start (not 京生产 of 北京生产, not the verb of 推出155项)."""
    from .lexicon import dictionary_tags  # the dictionary alone, without the extract stage's spaCy

    about = re.sub(r"\s+", "", m.get("about") or "")
    phrase = _metric_phrase(m)
    at = source_text.find(phrase)
    if len(about) < 2 or at < 0:
        return False
    tags = dictionary_tags()
    before = source_text[at - 1:at] if at else ""
    if before and any(before + about[:k] in tags for k in (1, 2)):
        return False  # the phrase begins inside a word
    first = next((about[:k] for k in (4, 3, 2) if about[:k] in tags), "")
    return not tags.get(first, "").startswith("v")


def _metric_phrase(m: dict) -> str:
    """What is measured and the figure as written, without the spaces a PDF leaves (355 万元)."""
    about = re.sub(r"\s+", "", m.get("about") or "")
    text = re.sub(r"\s+", "", m["text"])
    return f"{about}{text}" if about and about not in text else text


def source_line(article: dict) -> str:
    """（来源：publication 第N期，date，《title》）, with what the catalog knows."""
    parts = []
    publication = article.get("publication") or article.get("site_title")
    if publication:
        parts.append(publication + (f"第{article['issue']}期" if article.get("issue") else ""))
    if article.get("date"):
        parts.append(article["date"])
    title = (article.get("title") or "").strip()
    if title and title != publication:
        parts.append(f"《{title}》")
    if not parts:
        parts.append(article.get("source") or "")
    return "（来源：" + "，".join(parts) + "）"


# -- writers ----------------------------------------------------------------------------------------
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
SOURCE_FONT = "楷体_GB2312"
# Each font and the one Word shows where a machine lacks it (w:altName in the font table), then what
# a machine with neither usually has. The last names are those of the free Noto CJK fonts.
FONTS = {
    "仿宋_GB2312": ("仿宋", "FangSong", "Noto Serif CJK SC"),
    "方正小标宋简体": ("宋体", "SimSun", "Noto Serif CJK SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC"),
}
PAGE_MM = (210, 297)  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # GB/T 9704: a 156 × 225 mm type area
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28  # 三号, 二号; 22 lines of 28 characters to the page


def write_markdown(digest: Digest, path: str | Path | None = None) -> str:
    lines = [f"## {digest.title}", ""]
    for item in digest.items:
        runs = "".join(f"**{t}**" if bold else t for t, bold in item.body)
        lines += [f"△**{item.lead}**{runs}", "", item.source, ""]
    text = "\n".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_docx(digest: Digest, path):
    """The digest as a Word document with named styles, ready to edit: A4 with GB/T 9704 margins and
    type sizes, a page number in the footer."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

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
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28) - Mm(7)  # the page number 7 mm below the type area (GB/T 9704 7.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = section._sectPr.makeelement(qn("w:docGrid"), {})
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PT * 20))

    styles = doc.styles
    normal = styles["Normal"]
    font(normal, "宋体", BODY_PT)
    title = styles.add_style("Digest Title", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = styles["Heading 1"]
    font(title, TITLE_FONT, TITLE_PT)
    title.font.color.rgb = RGBColor(0, 0, 0)  # not the heading style's blue
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(LINE_PT)
    item_style = styles.add_style("Digest Item", WD_STYLE_TYPE.PARAGRAPH)
    item_style.base_style = normal
    font(item_style, BODY_FONT, BODY_PT)
    item_style.paragraph_format.first_line_indent = Pt(2 * BODY_PT)  # two characters
    item_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    item_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    item_style.paragraph_format.line_spacing = Pt(LINE_PT)
    item_style.paragraph_format.space_after = Pt(0)
    source = styles.add_style("Digest Source", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = item_style
    font(source, SOURCE_FONT, BODY_PT)
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # indented as the body: a long title wraps as text
    source.paragraph_format.space_after = Pt(LINE_PT / 2)

    _page_number(section, font, styles)
    doc.add_paragraph(digest.title, style="Digest Title")
    for item in digest.items:
        p = doc.add_paragraph(style="Digest Item")
        p.add_run("△")
        p.add_run(item.lead).bold = True
        for text, bold in item.body:
            run = p.add_run(text)
            run.bold = bold
        doc.add_paragraph(item.source, style="Digest Source")
    _name_fallbacks(doc)
    if hasattr(path, "write"):  # a file object (the web page builds the download in memory)
        doc.save(path)
        return path
    path = Path(path)
    doc.save(path)
    return path


def _page_number(section, font, styles) -> None:
    """— 1 — centred in the footer, 宋体 四号 (GB/T 9704 7.5)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    style = styles.add_style("Digest Page Number", WD_STYLE_TYPE.PARAGRAPH)
    font(style, "宋体", 14)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph = section.footer.paragraphs[0]
    paragraph.style = style
    paragraph.add_run("— ")
    field = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = field.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _name_fallbacks(doc) -> None:
    """Each font of FONTS in the document's font table with its fallback (w:altName) and the GB2312
    character set, which is how Word chooses a substitute on a machine without the font."""
    from lxml import etree

    from docx.oxml.ns import qn

    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, fallbacks in FONTS.items():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        entry = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(entry, qn("w:altName"), {qn("w:val"): fallbacks[0]})
        etree.SubElement(entry, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(entry, qn("w:family"), {qn("w:val"): "roman"})  # a serif face, proportional
        etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
