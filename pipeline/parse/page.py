"""The head of a page saved from a web site, a repost, or a report: headline and what it says of itself.

Such a document has no bulletin masthead. Its head is a headline (with 原标题：… where a repost
renames it), and around it lines that say where the text comes from: source and date lines
(来源：… 作者：… 时间：… 点击数：…), a dateline (——2025年1月18日在…会议上), a byline (省长 王予波,
记者 …, 通讯员 …). Navigation and page controls were dropped by normalize. Every line recognised
here is kept in ``Page.header`` as written, and parsed into fields where it can be.
"""
from __future__ import annotations

import re

from ..normalize.blocks import boilerplate_rules, is_furniture
from ..patterns import (CLOCK, DATED_HEAD_LINE, ENUMERATED, NAMES_LINE, PAGE_FIELD_LINE, PAGE_FIELDS, PAGE_KEY, POST_LINE,
                        SUBTITLE, TERMINAL, bare)
from ..records import Block, Dropped, Page
from .bulletin import ISSUER, TITLE_END
from .dates import DATE, find_date

FIELD = re.compile(rf"(?P<key>{PAGE_KEY})\s*[:：/|｜]\s*(?P<value>.*?)\s*(?=(?:[|｜]\s*)?(?:{PAGE_KEY})\s*[:：/|｜]|$)")
FIELD_LINE = PAGE_FIELD_LINE
ISO_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
ORIGINAL_TITLE = re.compile(r"^\s*原标题\s*[:：]\s*(?P<title>.+)$")
# ——2025年1月18日在云南省第十四届人民代表大会第三次会议上 / 2025年1月14日在…上…作政府工作报告。
DATELINE = re.compile(rf"^\s*[—–\-－]*\s*{DATE.pattern}[^。\n]{{0,30}}?在.{{2,60}}?(?:会议|大会|会|仪式|论坛)")
# 省长 王予波 / 四川省人民政府省长 施小琳 / 记者 张三 李四 / （通讯员 王五）/ 文/赵六
_TITLE = "|".join(sorted(TITLE_END + ("代省长", "代主席", "记者", "通讯员", "特约记者", "见习记者"),
                         key=len, reverse=True))
BYLINE = re.compile(rf"^\s*[（(]?\s*(?:[\u4e00-\u9fff]{{0,20}}?(?:{_TITLE})\s+|文\s*/\s*)"
                    rf"[\u4e00-\u9fff·]{{2,12}}(?:\s+[\u4e00-\u9fff·]{{2,4}}){{0,3}}\s*[）)]?\s*$")
VIEWS = re.compile(r"\d+")
HEAD_SPAN = 8  # the head lies within this many blocks of the top


def _is_headline(block: Block) -> bool:
    text = block.text.strip()
    return 4 <= len(text) <= 80 and text[-1] not in TERMINAL and not FIELD_LINE.match(text) and \
        not BYLINE.match(text) and not DATELINE.match(text)


def _fields(line: str, page: Page) -> None:
    page.date = page.date or _iso_prefix(line)  # 2024-05-06 10:20 来源：… : the date the page was published
    for m in FIELD.finditer(line):
        slot, value = PAGE_FIELDS[m.group("key")], m.group("value").strip(" 【】[]（）()|｜")
        if not value:
            continue
        if slot == "date":
            page.date = page.date or find_date(value) or _iso_prefix(value)
        elif slot == "views":
            n = VIEWS.search(value)
            page.views = page.views if page.views is not None else (int(n.group()) if n else None)
        elif slot == "site" and URLISH.match(value):
            # 来源: https://… names the address, not the site: its host at most (a cut-off "https", none)
            address = URLISH.match(value)
            host = address.group("host") or address.group("www")
            if host and page.site is None:
                page.site = host
        elif slot in ("site", "author", "editor", "byline") and getattr(page, slot) is None:
            setattr(page, slot, value)


URLISH = re.compile(r"(?i)^(?:(?:https?|ftp)(?![a-z0-9])(?::/*(?:www\.)?(?P<host>[a-z0-9.-]+\.[a-z]{2,}))?"
                    r"|www\.(?P<www>[a-z0-9.-]+\.[a-z]{2,}))")  # an address, or what is left of one


def _iso_prefix(value: str) -> str | None:
    """2024-05-06, 2024/5/6, 2024.05.06 or 2024年5月6日 at the start of ``value``, as ISO."""
    m = ISO_DATE.match(value)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def head_line_kind(text: str) -> str | None:
    """What a line of a page's head is: field, byline, dateline, original (原标题), post (a public
    account's 原创 … 2024-03-05 08:30 发表于…), or None."""
    if ORIGINAL_TITLE.match(text):
        return "original"
    post = POST_LINE.match(text) if len(text) <= 80 else None
    if post and (post.group("mark") or post.group("from") or post.group("site") and CLOCK.search(post.group("when"))):
        return "post"
    if DATELINE.match(text) and len(text) <= 200:
        return "dateline"
    if BYLINE.match(text) and len(text.strip()) <= 40:
        return "byline"
    if FIELD_LINE.match(text) and len(text) <= 160:
        return "field"
    return None


def top_line_kind(text: str) -> str | None:
    """What a line above a page's text is, other than its headline: a line of the head
    (:func:`head_line_kind`), a date line (2019-09-21 某某在线), a line of authors' names, the unit
    that wrote it (某县委组织部), or the site's furniture (models/boilerplate.yaml). None for a line
    that could be the headline or the text."""
    kind = head_line_kind(text)
    if kind:
        return kind
    if len(text) <= 80 and DATED_HEAD_LINE.match(text):
        return "date"
    if NAMES_LINE.match(text):
        return "names"
    if len(text) <= 30 and ISSUER.fullmatch(text) and not text.startswith(("主办", "编")):
        return "unit"
    if is_furniture(text):
        return "furniture"
    return None


def _echoes(line: str, title: str | None) -> bool:
    """Does the page's <title> say this line again (with the site's name after it, or cut short)?"""
    if not title:
        return False
    a, b = bare(line), bare(title)
    return len(a) >= 4 and (a in b or b in a and len(b) >= 8)


def choose_headline(blocks: list[Block], html_title: str | None = None) -> tuple[int | None, int, list[int]]:
    """The headline among the lines above a page's text: (its index or None, index of the first
    line of the text, indices of the other lines of the head).

    Every line above the text is a candidate unless it is a line of the head or site furniture
    (:func:`top_line_kind`). A candidate scores for being said again in the window's <title>, for
    standing right above a line of the head (a date, a source, the authors), for a 【region】 or
    column prefix and for a headline's length; the best one wins, the first on a tie. A page whose
    top holds no candidate has no headline: its first sentence is never made one.
    """
    top: list[tuple[int, str | None]] = []
    i = 0
    while i < len(blocks) and i < HEAD_SPAN + sum(1 for _, k in top if k):
        text = blocks[i].text.strip()
        kind = top_line_kind(text)
        if kind is None and len(text) < 4 and not re.search(r"[。！？，；]", text):
            kind = "fragment"  # 武汉 above 『红色引擎工程』: a line too short to be the headline
        if kind is None and (not _is_headline(blocks[i]) or ENUMERATED.match(text)):
            break  # the text begins (or an outline: 一、… （一）…)
        if kind is None and top and top[-1][1] is None and SUBTITLE_LINE.match(text):
            kind = "subtitle"  # ——北京以…, under the line above it
        top.append((i, kind))
        i += 1
    body_at = i
    candidates = [j for j, (at, kind) in enumerate(top) if kind is None]
    if not any(kind not in (None, "fragment", "subtitle") for _, kind in top):
        return None, 0, []  # a title over its text (a report, a passage): no page head around it
    if not candidates:
        return None, body_at, [at for at, _ in top]

    def score(j: int) -> float:
        at = top[j][0]
        text = blocks[at].text.strip()
        value = 0.0
        if _echoes(text, html_title):
            value += 3
        below = [kind for _, kind in top[j + 1:] if kind != "subtitle"]
        if below and below[0] not in (None, "furniture"):
            value += 2  # a headline stands right above its date, source or authors (under a subtitle)
        if COLUMN_PREFIX.match(text):
            value += 1
        if 8 <= len(text) <= 60:
            value += 1
        if j == candidates[-1]:
            value += 0.5  # the line nearest the text, under any kicker or site line above it
        return value

    best = max(candidates, key=lambda j: (score(j), -j))
    return top[best][0], body_at, [at for at, _ in top if at != top[best][0]]


SUBTITLE_LINE = re.compile(r"^\s*(?:——|—|－－|--)\s*\S")
COLUMN_PREFIX = re.compile(r"^\s*[【〖\[][^】〗\]]{2,12}[】〗\]]")


def parse_page(blocks: list[Block], html_title: str | None = None) -> tuple[Page | None, int, list[int]]:
    """The page's head: (Page, index of the first body block, indices of head lines at the foot).

    A document is a page when the lines above its text hold at least one line of the head or of the
    site's furniture (a source, date or author line, a dateline, a byline, 原标题, a site's name). Its
    headline is chosen among those lines (:func:`choose_headline`), and may be missing. Otherwise
    (None, 0, []).
    """
    headline_at, body_at, head = choose_headline(blocks, html_title)
    if not head or body_at >= len(blocks):
        return None, 0, []
    page = Page()
    if headline_at is not None:
        page.headline = blocks[headline_at].text.strip()
        nxt = headline_at + 1
        if nxt in head and top_line_kind(blocks[nxt].text.strip()) is None and SUBTITLE_LINE.match(blocks[nxt].text):
            # 街乡吹哨 部门报到 / ——北京以…: a subtitle under the headline is joined to it
            page.headline = f"{page.headline}——{SUBTITLE.sub('', blocks[nxt].text).strip()}"
            head.remove(nxt)
    for j in head:
        text = blocks[j].text.strip()
        kind = top_line_kind(text)
        if kind == "date":
            page.date = page.date or _iso_prefix(text)
        elif kind == "unit":
            page.author = page.author or text
        elif kind in ("field", "byline", "dateline", "original", "post"):
            _take(kind, text, page)
    page.header = [blocks[j].text for j in sorted(head) if j != headline_at]
    # 责任编辑：… 来源：… after the text closes the page
    foot = foot_lines(blocks, body_at)
    for j in reversed(foot):
        _take(head_line_kind(blocks[j].text.strip()), blocks[j].text.strip(), page)
        page.header.append(blocks[j].text)
    return page, body_at, foot


def foot_lines(blocks: list[Block], start: int, kinds: tuple[str, ...] = ("field", "byline"),
               most: int | None = 4) -> list[int]:
    """Indices of the lines of these kinds (来源：…, 责任编辑：…, 记者 …) that close the blocks, at most
    ``most`` of them and none before ``start``, in order."""
    lowest = start if most is None else max(start, len(blocks) - most)
    j = len(blocks)
    while j > lowest and head_line_kind(blocks[j - 1].text.strip()) in kinds:
        j -= 1
    return list(range(j, len(blocks)))


def _take(kind: str, text: str, page: Page) -> None:
    if kind == "original":
        page.original_title = ORIGINAL_TITLE.match(text).group("title").strip()
    elif kind == "dateline":
        page.dateline = page.dateline or text.strip(" —–-－")
        page.date = page.date or find_date(text)
    elif kind == "byline":
        page.byline = page.byline or text.strip(" （）()")
    elif kind == "post":
        post = POST_LINE.match(text)
        page.date = page.date or _iso_prefix(post.group("when"))
        if post.group("site") and page.site is None:
            page.site = post.group("site").split()[-1]  # 作者 公众号: the account is named last
    else:
        _fields(text, page)


NEIGHBOUR = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]?")
CRUMBS = re.compile(r"当前位置|您的位置|你的位置|所在位置|[>＞»›]")


def _is_related_label(text: str) -> bool:
    return any(rule.fullmatch(text) for rule, reason in boilerplate_rules()[0] if reason == "related")


def claim_navigation(page: Page, dropped: list[Dropped]) -> list[Dropped]:
    """The page's own details among what earlier stages left out: its <title>, where the site files
    it (首页 > 新闻中心 > 正文) and the other articles it links (上一篇：…, 往期推荐 and the posts under
    it). They become fields of the page; the rest stays dropped, and is returned."""
    rest = []
    label = None  # the 往期推荐 (or 相关阅读 …) that the titles which follow it are listed under
    for d in dropped:
        if d.reason == "related links":  # other articles the page lists: 往期推荐 …, 热点文章 …
            if _is_related_label(d.text):
                label = d.text.rstrip(":： ")
            else:
                page.neighbours.append(f"{label}：{d.text}" if label else d.text)
            continue
        label = None
        if d.reason == "page head" and page.html_title is None:
            page.html_title = d.text
        elif d.reason == "navigation" and NEIGHBOUR.match(d.text):
            page.neighbours += [p.strip() for p in re.split(r"\s(?=上一篇|下一篇|上一条|下一条)", d.text) if p.strip()]
        elif d.reason == "navigation" and page.channel is None and CRUMBS.search(d.text) and len(d.text) <= 80:
            page.channel = d.text
        else:
            rest.append(d)
    return rest
