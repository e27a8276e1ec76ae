"""The head of a page saved from a web site, a repost, or a report: headline and what it says of itself.

Such a document has no bulletin masthead. Its head is a headline (with 原标题：… where a repost
renames it), and around it lines that say where the text comes from: source and date lines
(来源：… 作者：… 时间：… 点击数：…), a dateline (——2025年1月18日在…会议上), a byline (省长 王予波,
记者 …, 通讯员 …). Navigation and page controls were dropped by normalize. Every line recognised
here is kept in ``Page.header`` as written, and parsed into fields where it can be.
"""
from __future__ import annotations

import re

from ..normalize.blocks import boilerplate_rules
from ..patterns import CLOCK, PAGE_FIELD_LINE, PAGE_FIELDS, PAGE_KEY, POST_LINE, TERMINAL
from ..records import Block, Dropped, Page
from .bulletin import TITLE_END
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
        elif slot in ("site", "author", "editor", "byline") and getattr(page, slot) is None:
            setattr(page, slot, value)


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


def parse_page(blocks: list[Block]) -> tuple[Page | None, int, list[int]]:
    """The page's head: (Page, index of the first body block, indices of head lines at the foot).

    A document is a page when a headline near the top has at least one line of the head beside it
    (a source, date or author line, a dateline, a byline, 原标题). Otherwise (None, 0, []).
    """
    page = Page()
    head: list[int] = []
    headline_at = None
    i = 0
    while i < min(len(blocks), HEAD_SPAN + len(head)):
        text = blocks[i].text.strip()
        kind = head_line_kind(text)
        if kind is None and headline_at is None and _is_headline(blocks[i]):
            headline_at = i
            page.headline = text
        elif kind is None and headline_at is not None and head and _is_headline(blocks[i]) and \
                i + 1 < len(blocks) and head_line_kind(blocks[i + 1].text.strip()):
            head.append(i)  # a second title line inside the head (政府工作报告 under 来源：…)
        elif kind is None:
            break
        else:
            head.append(i)
            _take(kind, text, page)
        i += 1
    if headline_at is None or not head:
        return None, 0, []
    page.header = [blocks[j].text for j in sorted(head)]
    # 责任编辑：… 来源：… after the text closes the page
    foot = foot_lines(blocks, i)
    for j in reversed(foot):
        _take(head_line_kind(blocks[j].text.strip()), blocks[j].text.strip(), page)
        page.header.append(blocks[j].text)
    return page, i, foot


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
