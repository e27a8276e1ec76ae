"""Sections, table of contents and articles of a bulletin (or of a plain document)."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..patterns import ENUMERATED, FOOTER_LINE, SUBTITLE, TERMINAL, bare
from ..records import Article, Block, Dropped, Page, Place
from .bulletin import ISSUER
from .dates import DATE
from .places import ANONYMISED, gazetteer, specificity, town_in, unit_place

TITLE_MAX = 90  # news headlines run long: 习近平在…考察时强调… is often 60 to 80 characters
ITEM_MARK = re.compile(r"^[△▲]\s*")
TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|－{3,})\s*\d{1,3}\s*$")
SECTION_WORDS = ("信息", "参考", "动态", "交流", "经验", "之石", "风采", "简讯", "要闻", "聚焦", "探索", "视点",
                 "快讯", "观察", "集锦", "传真", "撷英", "前沿", "专题", "声音", "速递", "链接", "points", "新闻",
                 "摘要")
SECTION = re.compile(r"^[★☆◆■●▲\s【\[]*(?P<name>[\u4e00-\u9fff]{2,6})[\s】\]]*$")
SPEECH = re.compile(r"(?:讲话|致辞|发言|讲稿|(?<!调研)(?<!调查)(?<!研究)(?<!评估)(?<!分析)报告|动员令)(?:稿)?$|在.{2,40}(?:会|仪式|座谈|论坛|活动)上的")
SPEAKER = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?(?:在.*)?的(?:讲话|致辞|发言|报告)")
FOOTER_PRINT = re.compile(r"印发$|^（?共印\s*\d+\s*份")


COLUMN_LABEL = re.compile(r"^\s*[【〖\[]\s*(?P<label>[^】〗\]\n]{2,12}?)\s*[】〗\]]\s*(?P<title>\S.{3,})$")


def column_label(title: str) -> tuple[str | None, str]:
    """【组工动态】平江县：… → (组工动态, 平江县：…): a column or series label before a headline is the
    section it ran in, not part of its title (nor of the place the title names)."""
    m = COLUMN_LABEL.match(title or "")
    if m and gazetteer().candidates(m.group("label").strip()):
        return None, title  # 【辽宁】抚顺…: a region tag is part of the headline (and names the place)
    return (m.group("label").strip(), m.group("title").strip()) if m else (None, title)


def _labelled(article: Article) -> Article:
    """The label becomes the section where the document gives none; under a section of its own
    (详细新闻) it stays in the title, so that nothing of the headline is lost."""
    if article.section is None:
        label, title = column_label(article.title)
        if label:
            article.section, article.title = label, title
    return article


# The unit that supplied an item, in brackets after its text: （宁远县委组织部供稿）, （供稿：某市委组织部）,
# （某县委组织部 张三）. It is where the item comes from, so it places an item whose title and opening
# name no place.
CONTRIBUTOR = re.compile(
    r"^\s*[（(]\s*(?:(?:供稿单位|作者单位|供稿|来稿|来源|稿源|报送)\s*[:：]?\s*)?"
    r"(?P<unit>(?:中共)?[\u4e00-\u9fff]{2,24}?(?:委员会|组织部|宣传部|党工委|党委|党组|工委|办公室|人民政府|政府|局|"
    r"街道|镇|乡|社区|村))\s*(?:供稿|提供|报送|撰稿)?(?:\s*[\u4e00-\u9fff·]{2,4}){0,4}\s*[）)]\s*$")
DATE_LINE = re.compile(rf"^\s*{DATE.pattern}\s*$")


def signature(blocks: list[Block], i: int) -> tuple[int, str | None]:
    """How many blocks from ``i`` sign the text before them, and the unit that signs it: its
    contributor in brackets, or the unit that wrote it on a line of its own, with the date under it
    or closing the text (双牌县委组织部 / 2024年5月10日). (0, None) when they do not."""
    text = blocks[i].text.strip()
    if m := CONTRIBUTOR.match(text):
        return 1, m.group("unit")
    last = i + 1 == len(blocks)
    dated = not last and DATE_LINE.match(blocks[i + 1].text)
    unit = ISSUER.fullmatch(text) if len(text) <= 30 else None
    if unit and not text.startswith(("主办", "编")) and (last or dated):
        return (2 if dated else 1), unit.group(1)
    return 0, None


# A public account or site named after its place and what it publishes: 宁远组工, 平江发布, 祁阳党建.
ACCOUNT = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,4}?)(?:组工|发布|党建|先锋|融媒|宣传|组织|在线|之声|新闻|日报)$")


def _page_signer(page: Page) -> Place | None:
    """Where a page comes from, by its own account: its author or source line (供稿：某市委组织部,
    来源：某县人民政府), else the site its window title names (…_某市人民政府), else a public account
    named after one division (宁远组工: the one 宁远)."""
    site = re.split(r"\s*[_|｜—–-]\s*", page.html_title or "")[-1] if page.html_title else ""
    for line in (page.author, page.site, site if site != page.html_title else None):
        place = unit_place(line) if line and not ANONYMISED.search(line) else None
        if place is not None:
            return place
    account = ACCOUNT.match(page.site or "")
    named = gazetteer().candidates(account.group("place")) if account else []
    top = [d for d in named if d.level == min(n.level for n in named)]  # 长沙: the city, not 长沙县
    return gazetteer().resolve(top[0].name, venues=False) if len(top) == 1 else None


def is_section(block: Block) -> str | None:
    m = SECTION.match(block.text.strip())
    if m and m.group("name").endswith(SECTION_WORDS):
        return m.group("name")
    return None


def toc_range(blocks: list[Block], start: int) -> tuple[int, int] | None:
    """A table of contents right after the masthead: short lines ending in dot leaders and page numbers."""
    last_toc = None
    for i in range(start, min(len(blocks), start + 60)):
        text = blocks[i].text
        if TOC_LINE.search(text):
            last_toc = i
        elif len(text) > 60 or ITEM_MARK.match(text) and not TOC_LINE.search(text):
            break
    if last_toc is None:
        return None
    return start, last_toc + 1


def is_title_candidate(block: Block) -> bool:
    text = block.text.strip()
    longest = 200 if block.kind == "heading" else TITLE_MAX  # a marked-up heading may run long
    if not 4 <= len(text) <= longest or text[-1] in TERMINAL:
        return False
    if ENUMERATED.match(text) or ITEM_MARK.match(text) or SUBTITLE.match(text) or is_section(block):
        return False
    return not FOOTER_LINE.match(text)


def _kind(article: Article, news: bool = False) -> str:
    """speech by its title (…的讲话, 政府工作报告); news for an item of a broadcast's transcript
    (``news``) or one opening as a broadcast's item does; else experience."""
    if SPEECH.search(article.title):
        return "speech"
    if news or BROADCAST_LEAD.match(article.text[:40]):
        return "news"  # an item of a news broadcast, not an experience written up
    return "experience"


def _speaker(title: str) -> str | None:
    m = SPEAKER.match(title)
    return m.group("name") if m else None


# The opening words of a news item before its first sentence: 央视网消息（新闻联播）：, 本报讯（通讯员…）,
# 新华社杭州3月2日电（记者…）. A place in a dateline is where the item was filed, which is a hint too.
LEAD_IN = re.compile(r"^[^。！？\n]{0,30}?(?:消息|讯|电)\s*(?:[（(][^）)]{0,40}[）)])?\s*[：:]?\s*")
# A broadcast's item, however saved: 央视网消息（新闻联播）：…, 本台消息（新闻直播间）：…
BROADCAST_LEAD = re.compile(r"^[^。，\n]{0,12}消息\s*[（(][^）)]{0,12}(?:联播|新闻|直播|频道)[^）)]{0,6}[）)]")
# A headline about the nation or the world: whatever it names in passing, no single division acts.
NATIONAL = re.compile(r"我国|全国|全球|国务院|中央|国际|多国|世界")  # 中央 also in 中共中央, 党中央
MANY_PLACES = re.compile(r"各地|多地|多省|全国各|各省|各市|各县")


def locate(article: Article, context: Place | None, document_place: Place | None = None,
           hints: str = "", signer: Place | None = None) -> Place | None:
    """The place an article reports on (:func:`first_named_place`), checked against every place the
    item names (:func:`weigh_places`): an item that names none in its title or first sentence is
    placed by its lead and body; one placed at a city whose opening names a county under it is
    placed at that county; one placed at a county it names in passing, among other counties of its
    city, is the city's (see :func:`refine`)."""
    place = first_named_place(article, context, document_place, hints, signer)
    if article.kind in ("speech", "news") or MANY_PLACES.search(article.title or "") or \
            NATIONAL.search(article.title or ""):
        return place  # (a news item names venues and passing places: its first-named actor or none)
    weighed = weigh_places(article, context)
    if weighed is None:
        return place
    if place is None:
        return weighed
    return refine(place, weighed, article) or place


# Places named only as where someone went to learn, or as a venue, say nothing of the actor.
VISITED = re.compile(r"(?:赴|到|前往|去|走进|组织.{0,8}到)[^，。；]{0,6}$")
LEARNING_AFTER = re.compile(r"^[^，。；]{0,12}(?:学习|考察|观摩|取经|参观|调研)")
LEAD_WEIGHT, BODY_WEIGHT, TITLE_WEIGHT = 2.0, 1.0, 3.0
LEAD_SPAN = 200  # characters: the opening, where an item names its actor
BODY_SPAN = 1500  # characters of the body read for places: an item's actor is named early and often


def _named(text: str, context: Place | None, weight: float, opening: int = 0) -> list[tuple[Place, float, bool]]:
    """(place, weight, whether it stands in the first ``opening`` characters) for each mention."""
    out = []
    for at, place in gazetteer().places(text, context, venues=False):
        if VISITED.search(text[max(0, at - 12):at]) and LEARNING_AFTER.match(text[at + len(place.name):]):
            continue  # 赴浙江安吉学习: where they went to learn
        out.append((place, weight, at < opening))
    return out


def weigh_places(article: Article, context: Place | None) -> Place | None:
    """The division an item names most, weighted by where it stands (title, lead, body) and checked
    up the hierarchy: a county's mention supports its city and province. The province with most
    support, then its city, then that city's county where one county has most of the county-level
    mentions (or the only one); else the city. None when the item names no place."""
    title = "" if ANONYMISED.search(article.title or "") else (article.title or "")
    blocks = [b.text for b in article.blocks]
    lead = blocks[0] if blocks else ""
    body = "\n".join(blocks[1:])[:BODY_SPAN]
    hits = _named(title, context, TITLE_WEIGHT, len(title)) + _named(lead, context, LEAD_WEIGHT, LEAD_SPAN) + \
        _named(body, context, BODY_WEIGHT, max(0, LEAD_SPAN - len(lead) - 2))
    if not hits:
        return None
    province_score: dict[str, float] = {}
    city_score: dict[tuple, float] = {}
    county_score: dict[tuple, float] = {}
    example: dict[tuple, Place] = {}
    for place, w, _ in hits:
        if not place.province:
            continue
        province_score[place.province] = province_score.get(place.province, 0) + w
        if place.city:
            key = (place.province, place.city)
            city_score[key] = city_score.get(key, 0) + w
            example.setdefault(key, Place(name=place.city, province=place.province, city=place.city))
        if place.county:
            key = (place.province, place.city, place.adcode or place.county)  # 海门市 and 海门区: one county
            county_score[key] = county_score.get(key, 0) + w
            if key not in example or place.former:  # the name the text gives it today, where it gives one
                example[key] = place
    if not province_score:
        return None
    province = max(province_score, key=province_score.get)
    if province_score[province] < 0.5 * sum(province_score.values()):
        return None  # places of several provinces, none the item's
    cities = {k: v for k, v in city_score.items() if k[0] == province}
    if not cities:
        return gazetteer().resolve(province, venues=False)
    city = max(cities, key=cities.get)
    counties = {k: v for k, v in county_score.items() if k[:2] == city}
    chosen = example[city]
    if counties:
        county = max(counties, key=counties.get)
        if counties[county] >= 0.6 * sum(counties.values()) and counties[county] >= LEAD_WEIGHT:
            chosen = example[county]
    # named again and in the opening: a place met once in passing, or only deep in the body, is not
    # the item's actor
    def under_chosen(p: Place) -> bool:
        return p.province == chosen.province and (not chosen.city or p.city == chosen.city) and \
            (not chosen.county or p.adcode == chosen.adcode)

    named_again = sum(1 for p, _, _ in hits if under_chosen(p)) >= 2
    in_opening = any(first for p, _, first in hits if under_chosen(p))
    return chosen if named_again and in_opening else None


def refine(place: Place, weighed: Place, article: Article) -> Place | None:
    """Where the first-named place and the item's weighed place differ in level only."""
    if place.province != weighed.province:
        return None
    lead = article.text[:LEAD_SPAN]  # (past a kicker: 迈入新时代，基层党建怎么抓？)
    if specificity(place) == 2 and specificity(weighed) == 3 and place.city == weighed.city and \
            (weighed.county in lead or weighed.former and weighed.former in lead):
        return weighed  # 玉林：… whose lead is about 兴业县: the county
    if specificity(place) == 3 and specificity(weighed) == 2 and place.city == weighed.city and \
            not (place.county in (article.title or "")):
        counties = {p.county for p, _, _ in _named(article.text[:BODY_SPAN], None, 1)
                    if p.city == place.city and p.county}
        if len(counties) >= 3 and ANONYMISED.search(article.text[:BODY_SPAN]):
            return weighed  # 我市… naming three of its counties: the city's item, not the first county's
    return None


def first_named_place(article: Article, context: Place | None, document_place: Place | None = None,
                      hints: str = "", signer: Place | None = None) -> Place | None:
    """The place an article reports on, as the actor: named in its title, else in its opening sentence.

    The title decides when it names a place (李希在浙江调研 → 浙江省, whatever towns the body visits).
    Otherwise the first sentence of the body does, when all it names lies in one province; a venue
    (会议在北京举行) or an anonymised place (我县, XX市) names nobody. Failing both, the unit that
    signs it (``signer``: （某县委组织部供稿）), the document's own place (a report's title) or the
    issuing bulletin's region stands. ``hints``: the page's own lines, for an ambiguous title name.
    """
    gaz = gazetteer()
    title = article.title
    body_head = article.text[:300]
    context = document_place or context
    # An ambiguous name in the title (鼓楼区, 朝阳区) is the one whose city the opening or the page's
    # own lines (来源：福州市委组织部) name.
    nearby = body_head + "\n" + hints
    place = None if ANONYMISED.search(title) else gaz.resolve(title, context, venues=False, nearby=nearby)
    if place is None and article.section and not ANONYMISED.search(article.section):
        place = gaz.resolve(article.section, context, venues=False)  # 【践行大食物观的福建启示】…
    if place is None or place.county is None:
        # A town or street named in the title ("狼山镇街道…") has its county named where the
        # body introduces it ("崇川区狼山镇街道位于…").
        for start, end, name in gaz.find(body_head, context):
            town = town_in(body_head[end:end + 8])
            if town and body_head[end:].startswith(town) and town in title:
                county = gaz.resolve(name, context)
                if county is not None:
                    return Place(name=town, province=county.province, city=county.city,
                                 county=county.county, adcode=county.adcode)
    lead = LEAD_IN.match(body_head)
    opening = body_head[lead.end() if lead else 0:]
    first_sentence = re.split(r"[。！？\n]", opening, maxsplit=1)[0]
    if place is not None:
        # 平江县：… opening 近日，平江县三市镇全面推行…: the town the county's text is about
        return _town_opening(first_sentence, place, context) or place
    if MANY_PLACES.search(title):
        return document_place
    dateline = gaz.resolve(lead.group(), context) if lead and lead.group() else None
    if ANONYMISED.search(first_sentence):
        # 我县… signed （某县委组织部供稿）: that county; else the one division of the kind it says
        # (我市 and one 某某市 named beside it)
        return signer or document_place or context or _self_named(first_sentence, context)
    hits = gaz.places(first_sentence, context, venues=False)
    named = [p for _, p in hits]
    if named and len({p.province for p in named}) == 1:
        best = max(named, key=specificity)
        return _with_town(first_sentence, hits, best) or best
    return dateline or signer or document_place or context


SELF = re.compile(r"(?:我|本)(?P<kind>省|市|县|区)")


def _self_named(sentence: str, context: Place | None) -> Place | None:
    """The division a sentence calls 我市 (我县 …) where it names exactly one division of that kind."""
    kinds = {m.group("kind") for m in SELF.finditer(sentence)}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    named = {p.adcode: p for _, p in gazetteer().places(sentence, context, venues=False) if p.name.endswith(kind)}
    return next(iter(named.values())) if len(named) == 1 else None


def _town_opening(sentence: str, place: Place, context: Place | None) -> Place | None:
    """The town a county's item is about, where its first sentence opens with it under that county
    (近日，平江县三市镇…) and names no other town."""
    if not place.county or place.name not in (place.county, place.former):
        return None
    hits = [(at, p) for at, p in gazetteer().places(sentence, context, venues=False)
            if at <= 12 and p.county == place.county]
    town = _with_town(sentence, hits[:1], hits[0][1]) if hits else None
    others = re.findall(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)(?![\u4e00-\u9fff]{0,2}(?:级|村|干部))", sentence)
    return town if town and len(set(others)) == 1 else None


def _with_town(text: str, hits, place: Place) -> Place | None:
    """河南省兰考县东坝头镇… : a town, township or subdistrict named right after its county is the
    place, a fourth level below the county."""
    for at, p in hits:
        if p is place and place.county:
            after = text[at:at + 40]
            for written in (place.name, place.former, place.county):
                if written and after.startswith(written):
                    town = town_in(after[len(written):len(written) + 10])
                    if town and after[len(written):].startswith(town):
                        return Place(name=town, province=place.province, city=place.city, county=place.county,
                                     adcode=place.adcode, former=place.former)
    return None


def _title_from_site(document_text: str, site_title: str) -> tuple[str, int]:
    """For a page from a sharing site: the title is where the text first echoes the site's title."""
    text = document_text
    offset = 0
    if text.startswith(site_title):
        offset = len(site_title)
    head = text[offset:offset + 150]
    m = SequenceMatcher(None, head, site_title, autojunk=False).find_longest_match(0, len(head), 0, len(site_title))
    if m.size >= 6:
        end = m.a + m.size
        return head[:end].strip(), offset + end
    first = re.split(r"[。！？]", head, maxsplit=1)[0]
    return (first[:60], offset + len(first[:60])) if first else (site_title, offset)


def _bare(text: str) -> str:
    return bare(text)


def page_article(page: Page, body: list[Block], news: bool = False) -> list[Article]:
    """A page, a repost or a report is one article under its headline, placed by its headline,
    dateline or byline and its opening (a report by the division in its own title), or by the unit
    that signs it at its end."""
    signer = None  # the unit signing the page's last lines (kept in the text)
    for at in (len(body) - 2, len(body) - 1):
        k, unit = signature(body, at) if at >= 1 else (0, None)
        if k == len(body) - at:
            signer = unit_place(unit)
            break
    if not body:
        return []
    if page.headline and _bare(body[0].text) == _bare(page.headline) and len(body) > 1:
        body = body[1:]  # the headline said again above the text (in bold, as posts do): not a heading of it
    article = _labelled(Article(seq=0, title=page.headline or "", blocks=list(body)))
    article.kind = _kind(article, news)
    # the document's own place: its headline's, else its dateline's or byline's
    hints = " ".join(x for x in (page.headline, page.dateline, page.byline) if x)
    around = " ".join(x for x in (page.dateline, page.byline, page.site, page.author) if x)
    nearby = around + "\n" + article.text[:300]
    article.place = locate(article, None, gazetteer().resolve(page.headline or "", venues=False, nearby=nearby)
                           or gazetteer().resolve(hints, venues=False), hints=around,
                           signer=signer or _page_signer(page))
    return [article]


def split_articles(blocks: list[Block], start: int, end: int, region: Place | None,
                   site_title: str | None = None, dropped: list[Dropped] | None = None,
                   news: bool = False) -> list[Article]:
    """Articles between ``start`` and ``end``: △ items where the issue uses them, else title lines.
    What belongs to no article (a contents list, a title with nothing under it) goes to ``dropped``."""
    dropped = [] if dropped is None else dropped
    toc = toc_range(blocks, start)
    if toc:
        dropped += [Dropped(b.text, "contents", "parse") for b in blocks[toc[0]:toc[1]]]
        start = toc[1]
    body = blocks[start:end]
    articles: list[Article] = []
    signed: dict[int, str] = {}  # id of an article → the unit that signs it
    section = None
    uses_items = any(ITEM_MARK.match(b.text) for b in body)
    current: Article | None = None
    i = 0
    while i < len(body):
        block = body[i]
        name = is_section(block)
        if name:
            section = name
            current = None
            dropped.append(Dropped(block.text, "section heading", "parse"))  # an outline line: contents
            i += 1
            continue
        k, unit = signature(body, i) if current is not None and current.blocks else (0, None)
        if k:
            # （某县委组织部供稿）, 某县委组织部 / 2024年5月10日: they close the text they sign (and stay
            # in it), they open no article
            current.blocks += body[i:i + k]
            signed.setdefault(id(current), unit)
            i += k
            continue
        text = block.text.strip()
        if uses_items:
            if ITEM_MARK.match(text):
                text = ITEM_MARK.sub("", text)
                cut = re.search(r"[。！？]", text)
                title = text[:cut.start()] if cut else text
                rest = text[cut.end():].strip() if cut else ""
                current = Article(seq=len(articles), title=title, section=section)
                if rest:
                    # Bold spans are offsets into the whole block; shift them to where the rest begins.
                    shift = block.text.rindex(rest)
                    current.blocks.append(Block(rest, bold=[(a - shift, b - shift) for a, b in block.bold
                                                            if a >= shift]))
                articles.append(current)
            elif current is not None:
                current.blocks.append(block)
            else:
                dropped.append(Dropped(block.text, "before the first article", "parse"))
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else None
        # A wholly bold short line inside an article is one of its subheadings, not a new title.
        subheading = bool(current is not None and current.blocks and block.bold and block.bold[0] == (0, len(text)))
        # A text that opens without a headline is one item: its short lines are its own subheadings.
        subheading = subheading or bool(current is not None and current.blocks and not current.title
                                        and len(articles) == 1 and not site_title)
        if is_title_candidate(block) and nxt is not None and not subheading and not FOOTER_PRINT.search(text):
            title = text
            j = i + 1
            if SUBTITLE.match(nxt.text) and len(nxt.text) <= 60:
                title = f"{title}——{SUBTITLE.sub('', nxt.text).strip()}"
                j += 1
            current = Article(seq=len(articles), title=title, section=section)
            articles.append(current)
            i = j
            continue
        if current is None:
            if not articles and len(text) > 60:
                # No title line: the text runs on from its first sentence (pages from sharing sites).
                whole = "\n\n".join(b.text for b in body[i:])
                if site_title:
                    title, cut = _title_from_site(whole, site_title)
                else:
                    title, cut = "", 0  # no headline: none is made up from the first sentence
                current = Article(seq=0, title=title, section=section)
                first = block.text[cut:].strip() if site_title and cut < len(block.text) else block.text
                current.blocks.append(Block(first))
                articles.append(current)
            else:
                dropped.append(Dropped(block.text, "before the first article", "parse"))
            i += 1
            continue
        current.blocks.append(block)
        i += 1
    # A title with no text under it is a contents line (本期目录 and the titles it lists, when they
    # carry no page numbers) or a document-type label (经验交流材料), not an article.
    dropped += [Dropped(a.title, "title without text", "parse") for a in articles if not a.blocks]
    articles = [a for a in articles if a.blocks]
    orphans = [d for d in dropped if d.reason == "before the first article"]
    if not articles and orphans:
        # Short text with no title line (a note, a one-paragraph item): one article, titled by its
        # first sentence, the whole text under it.
        for d in orphans:
            dropped.remove(d)
        articles = [Article(seq=0, title="", section=section,
                            blocks=[Block(d.text) for d in orphans])]
    for seq, article in enumerate(articles):
        article.seq = seq
        _labelled(article)
        article.kind = _kind(article, news)
        if article.kind == "speech":
            article.speaker = _speaker(article.title)
        signer = unit_place(signed[id(article)]) if id(article) in signed else None
        article.place = locate(article, region, signer=signer) \
            if article.kind != "speech" or not region else \
            (gazetteer().resolve(article.title, region) or region)
    return articles
