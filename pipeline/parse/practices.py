"""Each article's own hierarchy of practices (做法).

Authors mark their practices in many ways: 一、 / （一） / 一是 / 第一步， / 1. / ① headings, markdown
headings, bold run-in sentences (**问题导向立项目。**) and, often, plain short run-in sentences
(调度督导跟踪问效。). The article is cut into *units* (heading blocks and sentences); each unit that
opens with a marker gets the marker's class, and classes nest in the order they first appear, the
way nested lists do. Unmarked run-in sentences are accepted only in parallel groups: authors write
sibling headings in one shape (实行全方位互动 / 实行全过程互动), body sentences rarely are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Article, Block, Practice
from ..patterns import HAN, digit_value

CN_NUM = "一二三四五六七八九十"
# Marker classes, tried in order. The group "num" holds the item's number.
MARKERS: list[tuple[str, re.Pattern]] = [
    ("paren_cn", re.compile(rf"^[（(](?P<num>[{CN_NUM}]{{1,3}})[)）]\s*[、，,.．]?\s*")),
    ("paren_arabic", re.compile(r"^[（(](?P<num>\d{1,2})[)）]\s*[、，,.．]?\s*")),
    ("cn_dun", re.compile(rf"^(?P<num>[{CN_NUM}]{{1,3}})\s*[、，,．.]\s*")),
    ("shi", re.compile(rf"^其?(?P<num>[{CN_NUM}]{{1,3}})是\s*[，,：:]?\s*")),
    # (not 第一、第二轮…, a list of ordinals)
    ("di", re.compile(rf"^第(?P<num>[{CN_NUM}\d]{{1,3}})(?:步|点|条|方面|个方面|部分)?\s*[，,、：:]\s*(?!第)")),
    ("arabic", re.compile(r"^(?P<num>\d{1,2})\s*[、.．](?!\d)\s*")),
    ("circled", re.compile(r"^(?P<num>[①-⑳])\s*")),
    # ——经济运行稳中向好。…: a report's parallel paragraphs, each opening with a dash
    ("dash", re.compile(r"^(?P<num>)(?:——|—|－－|--)\s*(?=[\u4e00-\u9fff“])")),
]
NUMBERED = {name for name, _ in MARKERS} - {"dash"}
# A second list opening inside a heading that has no full stop of its own ("主要做法一是建立…").
NESTED_START = re.compile(r"(?<=[\u4e00-\u9fff])(?:一是|（一）|\(一\)|第一步[，,])")
SENTENCE_END = re.compile(r"[。！？!?]")
HEADING_END = re.compile(r"[。！？!?：:；;]")
# Sections of an experience report that describe, not do: background, results, lessons, plans.
NOT_PRACTICE = re.compile(r"^(?:基本情况|基本内涵|工作背景|主要成效|取得成效|工作成效|取得的成效|工作启示|经验启示|几点启示|"
                          r"存在问题|存在的问题|问题与不足|下一步打算|下步打算|今后打算|下一步工作|几点体会)"
                          r"|^(?:背景|成效|启示|体会|问题|打算|下一步).{0,4}$|^.{0,4}背景.{0,4}$")
# Run-in sentences that open like body text, not like a heading.
BODY_OPENING = re.compile(r"^(?:如|例如|比如|同时|目前|此外|另外|其中|因此|但|而|并|这|此|其|该|我们|他们|截至|截止|"
                          r"经过|据|对此|为此|今年|去年|近年|日前|近日|通过|在)")
# Opening and closing remarks of a speech or report: to its audience, not a practice.
REMARK = re.compile(r"^(?:各位代表|各位委员|各位政协委员|同志们|朋友们|现在[，,]\s*我代表|请各位|请予审议|谢谢)")
FORMULA_OPENING = re.compile(rf"^[“\"「]?[{CN_NUM}两双多]+[个项方大条种点]?[\u4e00-\u9fff]{{1,4}}[”\"」]")
RUNIN_MAX = 20  # characters, quotes not counted
PARAGRAPHED = 12  # an article of this many paragraphs or more opens its run-in headings at paragraph starts
# Where a report's own text ends and its appendices begin: a glossary (名词解释), 附件. Nothing after
# is a practice, though it stays in the article's text.
APPENDIX = re.compile(r"^(?:附件\s*\d*\s*[:：]?\s*)?[\u4e00-\u9fff《》]{0,16}(?:名词解释|名词注释|名词解读|词语注释|注释)\s*$"
                      r"|^附件\s*\d*\s*[:：]?\s*$|^附件\s*\d+\s+\S{2,30}$")


@dataclass
class Unit:
    """A heading block or one sentence of a paragraph, with the marker it opens with."""

    text: str  # without its marker
    marker: str  # marker class, "" for none
    number: str
    bold: bool
    heading_block: bool
    block: int
    start: int
    end: int


def _marker(text: str) -> tuple[str, str, int]:
    for name, pattern in MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return name, m.group("num"), m.end()
    return "", "", 0


def _is_bold(block: Block, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] is (almost) wholly inside bold runs."""
    inner = block.text[start:end].strip()
    if not inner:
        return False
    covered = sum(max(0, min(e, end) - max(s, start)) for s, e in block.bold)
    return covered >= len(inner) - 1


def _units(article: Article) -> list[Unit]:
    units: list[Unit] = []
    for bi, block in enumerate(article.blocks):
        text = block.text
        if len(text) <= 40 and APPENDIX.match(text.strip()):
            break
        if block.kind == "heading":
            stripped = text.strip()
            marker, num, cut = _marker(stripped)
            units.append(Unit(stripped[cut:].strip(), marker or f"h{block.level or 0}", num, True, True,
                              bi, 0, len(text)))
            continue
        pos = 0
        while pos < len(text):
            m = SENTENCE_END.search(text, pos)
            end = m.end() if m else len(text)
            # Keep closing quotes with their sentence: 。” belongs to the sentence before it.
            while end < len(text) and text[end] in "”’\"」』）)":
                end += 1
            raw = text[pos:end]
            lead = len(raw) - len(raw.lstrip())
            sentence = raw.strip()
            if sentence:
                start = pos + lead
                marker, num, cut = _marker(sentence)
                body = sentence[cut:]
                nested = NESTED_START.search(body, 2) if marker else None
                if nested and nested.start() <= 20 and not HEADING_END.search(body[:nested.start()]):
                    # "二、主要做法一是…": the heading ends where the nested list begins.
                    units.append(Unit(body[:nested.start()].strip(), marker, num, _is_bold(block, start, start + cut + nested.start()),
                                      False, bi, start, start + cut + nested.start()))
                    rest = sentence[cut + nested.start():]
                    marker, num, cut2 = _marker(rest)
                    start = start + cut + nested.start()
                    body, cut = rest[cut2:], cut2
                units.append(Unit(body, marker, num, _is_bold(block, start, pos + lead + len(sentence)), False,
                                  bi, start, pos + lead + len(sentence)))
            pos = end
    return units


def _heading_of(unit: Unit) -> str:
    if unit.heading_block:
        return unit.text.rstrip("。；;：:")
    m = HEADING_END.search(unit.text)
    return (unit.text[:m.start()] if m else unit.text).strip()


def _plain(text: str) -> str:
    return re.sub(r"[“”\"'‘’「」『』《》\s]", "", text)


def _runin_candidate(unit: Unit) -> bool:
    """A short, comma-free sentence that could be an unmarked run-in heading."""
    heading = _heading_of(unit)
    plain = _plain(heading)
    end = HEADING_END.search(unit.text)
    if end and end.group() in "！？!?：:":
        return False  # an exclamation (各位代表！), a question or a lead-in (…目标是：) is not a heading
    if not 4 <= len(plain) <= RUNIN_MAX or re.search(r"[，,、；;：:\d（(]", heading):
        return False
    return not BODY_OPENING.match(plain) and not plain.endswith(("的", "了", "等"))


def _paragraphed(units: list[Unit]) -> bool:
    """Does the author break this article into many paragraphs (a long report)?"""
    return len({u.block for u in units}) >= PARAGRAPHED


def _standalone_line(unit: Unit, block: Block) -> bool:
    """A whole paragraph that is one short line without sentence punctuation."""
    text = block.text.strip()
    return unit.text.strip() == text and 4 <= len(text) <= 30 and text[-1] not in "。！？!?；;：:，," and \
        not re.search(r"[。；;，,]", text)


def _parallel(a: str, b: str) -> bool:
    """Sibling headings share a shape: the same first or last character, or one at the same place."""
    if not a or not b:
        return False
    if a[0] == b[0] or a[-1] == b[-1]:
        return True
    return any(i < len(a) and i < len(b) and a[i] == b[i] for i in range(1, 4)) or \
        any(a[-i] == b[-i] for i in range(2, 4) if i <= min(len(a), len(b)))


def _classify(units: list[Unit], blocks: list[Block]) -> list[str]:
    """The heading class of each unit ("" for body text)."""
    classes = [u.marker for u in units]
    paragraphed = _paragraphed(units)
    for i, u in enumerate(units):
        if paragraphed and not classes[i] and _standalone_line(u, blocks[u.block]):
            classes[i] = "line"  # 2024年工作回顾 on a line of its own: a section of a long report
    for i, u in enumerate(units):
        if not classes[i] and u.bold and not u.heading_block and 2 <= len(_plain(_heading_of(u))) <= 40:
            classes[i] = "runin"
    # Where the author breaks the text into many paragraphs (a long report), an unmarked run-in
    # heading opens its paragraph and a short sentence inside one is body text. A condensed item
    # (one paragraph for a whole experience) runs its headings on inside the paragraph.
    candidates = [i for i, u in enumerate(units) if not classes[i] and _runin_candidate(u)
                  and i + 1 < len(units) and (not paragraphed or i == 0 or units[i - 1].block != u.block)]
    shapes = {i: _plain(_heading_of(units[i])) for i, u in enumerate(units) if classes[i] == "runin"}
    shapes.update({i: _plain(_heading_of(units[i])) for i in candidates})
    for i in candidates:
        if any(j != i and _parallel(shapes[i], shapes[j]) for j in shapes):
            classes[i] = "runin"
    # A run-in heading that opens with a numbered formula ("三个转变"提升…) heads the plain ones after it.
    runins = [i for i, c in enumerate(classes) if c == "runin"]
    led = [i for i in runins if FORMULA_OPENING.match(_heading_of(units[i]))]
    if led and len(led) < len(runins) and led[0] == runins[0]:
        for i in led:
            classes[i] = "runin_formula"
    return ["" if REMARK.match(u.text) else c for u, c in zip(units, classes)]


def _first_number(num: str) -> bool:
    return num in ("一", "1", "①", "") or digit_value(num) == 1


def extract_practices(article: Article) -> list[Practice]:
    """The article's practices, parents before their children, with level, order and parent index.

    An article whose author marks no practices (a narrative news item or write-up) gets one practice
    per paragraph, or run of paragraphs, that describes a measure (:func:`narrative_practices`).
    """
    outlined = outlined_practices(article)
    if outlined or article.kind in ("speech", "news"):
        return outlined
    return narrative_practices(article)


def outlined_practices(article: Article) -> list[Practice]:
    """The practices the author marks: numbered, bold, markdown or parallel run-in headings."""
    units = _units(article)
    if not units:
        return []
    classes = _classify(units, article.blocks)
    practices: list[Practice] = []
    stack: list[tuple[str, int]] = []  # (class, practice index) from the top level down
    heading_units: list[int] = []
    paragraphed = _paragraphed(units)
    inline: set[tuple[int, str]] = set()  # (block, class) of lists running inside a paragraph
    for i, (unit, cls) in enumerate(zip(units, classes)):
        if not cls:
            continue
        if paragraphed and cls in NUMBERED and ((unit.block, cls) in inline or i > 0 and
                                                units[i - 1].block == unit.block and not classes[i - 1]):
            # 一是… inside a paragraph, after its body text, where the same marker also opens
            # paragraphs: a list within that paragraph's practice, a level below (and so are the
            # 二是, 三是 after it in the same paragraph).
            inline.add((unit.block, cls))
            cls += "@inline"
        # A report's dash paragraphs (——经济运行稳中向好。) summarise, and a list inside a paragraph
        # ends with its paragraph: headings after them are not their children.
        while stack and (stack[-1][0] == "dash" and cls != "dash" or stack[-1][0].endswith("@inline")
                         and units[heading_units[stack[-1][1]]].block != unit.block):
            stack.pop()
        in_stack = [k for k, (c, _) in enumerate(stack) if c == cls]
        if in_stack:
            del stack[in_stack[0]:]
        elif unit.marker and not _first_number(unit.number):
            continue  # a list that does not start at one is a citation or a stray number, not a heading
        heading = _heading_of(unit)
        if not heading:
            continue
        parent = stack[-1][1] if stack else None
        # level and order are set once the tree is pruned
        practices.append(Practice(heading=heading, body="", level=0, order=0, parent=parent, enumerator=unit.marker))
        heading_units.append(i)
        stack.append((cls, len(practices) - 1))
    _fill_bodies(practices, units, heading_units, article)
    return _prune(practices, article)


def _fill_bodies(practices: list[Practice], units: list[Unit], heading_units: list[int], article: Article) -> None:
    """A practice's body is its own text: from after its heading to the next heading of any level."""
    for k, ui in enumerate(heading_units):
        nxt = heading_units[k + 1] if k + 1 < len(heading_units) else len(units)
        unit = units[ui]
        head_rest = ""
        if not unit.heading_block:
            m = HEADING_END.search(unit.text)
            head_rest = unit.text[m.end():].strip() if m else ""
        parts = [head_rest] + [units[j].text if not units[j].marker else
                               article.blocks[units[j].block].text[units[j].start:units[j].end]
                               for j in range(ui + 1, nxt)]
        practices[k].body = "".join(p for p in parts if p)


def _prune(practices: list[Practice], article: Article) -> list[Practice]:
    """Drop what is not a practice: bare lists, background/result/lesson sections and, in a speech,
    top-level headings with no practices under them (a speech's 认识/要求 parts)."""
    children = {i: [j for j, p in enumerate(practices) if p.parent == i] for i in range(len(practices))}
    leaves = [p for i, p in enumerate(practices) if not children[i]]
    if len(leaves) >= 3 and sum(not p.body for p in leaves) >= 0.8 * len(leaves):
        # Numbered lines with (almost) nothing under them are a list (a summary of headlines, a
        # contents list), not practices anyone reports.
        return []
    drop: set[int] = set()

    def drop_tree(i: int) -> None:
        drop.add(i)
        for j in children[i]:
            drop_tree(j)

    for i, p in enumerate(practices):
        if p.parent is None and NOT_PRACTICE.match(_plain(p.heading)):
            drop_tree(i)
        elif p.parent is None and article.kind == "speech" and not children[i]:
            drop.add(i)
    keep = [i for i in range(len(practices)) if i not in drop]
    new_index = {old: new for new, old in enumerate(keep)}
    out = []
    for old in keep:
        p = practices[old]
        p.parent = new_index.get(p.parent) if p.parent is not None else None
        out.append(p)
    siblings: dict[int | None, int] = {}
    for p in out:  # parents come before their children
        p.order = siblings.get(p.parent, 0)
        siblings[p.parent] = p.order + 1
        p.level = 1 if p.parent is None else out[p.parent].level + 1
    return out


# --- narrative items -------------------------------------------------------------------------------
# Most items saved from local sites tell what a place did without any outline: a lead (近年来，某县
# 以…), then paragraphs that each describe one measure, then, often, a paragraph of results. Each
# measure becomes a practice whose heading is its own lead: a bold run-in, a short first sentence
# (建立包抓协调机制。), else its first clause. Short lines standing between paragraphs (党建引领 把支部建
# 在产业链上) head the run of paragraphs under them.
NARRATIVE = "narrative"  # the enumerator of practices found this way, so that users can tell them apart
PROSE_MIN = 20  # characters: a shorter block is a caption, a signature or a link, not a paragraph
SENTENCE_HEADING_MAX = 30  # a first sentence this short is the paragraph's run-in heading
CLAUSE_HEADING_MAX = 40
# What a place does, in the words items use for it. A paragraph without any of these tells a scene, a
# quotation or a background, not a measure.
MEASURE_VERB = re.compile(
    r"建立|建设|建强|推行|推进|推动|实施|开展|创新|打造|组织|选派|设立|健全|完善|落实|探索|坚持|强化|聚焦|围绕|实行|"
    r"加强|成立|构建|整合|培育|引导|选拔|采取|制定|出台|深化|搭建|依托|组建|举办|召开|发挥|注重|着力|提升|优化|规范|"
    r"畅通|拓宽|配强|带动|引领|帮扶|部署|启动|印发|明确|压实|督导|考核|评选|表彰|设置|投入|筹集|整治|选聘|吸纳|覆盖|"
    r"领办|结对|联建|共建|包联|下沉|派驻|培训|教育|管理|服务|保障|激励|监督|评议|认定|公示|晾晒|对接|签订|挂牌")
# A paragraph that reports results or plans closes an item; one opening so is no measure.
RESULTS_OPENING = re.compile(r"^(?:截至|截止|目前|至目前|至今|如今|到目前|迄今|下一步|今后|下步|总之|实践证明)")
# Clause openers that set time, cause or manner: the heading is the clause after them.
ADVERBIAL = re.compile(r"^(?:近几年来|近几年|近年来|近年|\d{2,4}年(?:以来)?|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚上?)?|"
                       r"同年\d{1,2}月|.{0,16}(?:说|表示|介绍|指出|告诉记者|坦言|发现|认为|强调|提出|感谢)|"
                       r"(?:今天|昨天|今年|去年|当天|同日|当日|近期)(?:[（(][^）)]{0,12}[）)])?|在[\u4e00-\u9fff]{1,8}|今年以来|去年以来|年初以来|自.{1,20}以来|.{0,12}以来|同时|此外|另外|与此同时|"
                       r"一方面|另一方面|其中|例如|比如|据介绍|据悉|据了解|目前|近日|日前|为此|对此|在此基础上|"
                       r"针对.{1,40}|为了?.{1,30}|在.{1,30}(?:中|上|下|方面)|通过.{1,30}|按照.{1,30}|结合.{1,30})$")
QUOTE_SPOKEN = re.compile(r"^“[^”]{4,}[。！？!?]?”[^。，]{0,30}?(?:说|表示|介绍|坦言|感慨|指出|笑着说)")
HEADING_LINE_MAX = 30


def _is_prose(text: str) -> bool:
    return len(text) >= PROSE_MIN and bool(re.search(r"[。！？；，]", text))


def _heading_line(text: str) -> bool:
    """A short line between paragraphs with no sentence in it: the heading of the paragraphs under it."""
    text = text.strip()
    return 4 <= len(text) <= HEADING_LINE_MAX and not re.search(r"[。！？；，,：:（(]", text) and \
        text[-1] not in "。！？；"


def _run_in(text: str, bold: list[tuple[int, int]]) -> tuple[str, bool]:
    """A measure's own lead: (heading, whether it is a whole sentence that the body goes on after)."""
    if bold and bold[0][0] == 0 and bold[0][1] >= 4:
        lead = text[:bold[0][1]].strip()
        return lead.rstrip("。；;：:，,"), True
    body = text
    quoted = re.match(r"^“[^”]{13,}”[，。！？]?|^“[^”]{4,}[。！？!?]”", body)
    if quoted:  # a paragraph opening with a quotation: its heading is what the place did after it
        body = body[quoted.end():]
    first = re.split(r"(?<=[。！？；])", body, maxsplit=1)[0]
    if not quoted and len(_plain(first)) <= SENTENCE_HEADING_MAX and not QUOTE_SPOKEN.match(first):
        return first.rstrip("。！？；"), True
    for clause in re.split(r"[，；。：！？]", body):
        clause = clause.strip()
        if len(clause) >= 4 and not ADVERBIAL.match(clause):
            # a long clause is cut, and says so
            return (clause if len(clause) <= CLAUSE_HEADING_MAX else clause[:CLAUSE_HEADING_MAX] + "…"), False
    return re.split(r"[，；。：！？]", body, maxsplit=1)[0][:CLAUSE_HEADING_MAX], False


def _describes_measure(text: str) -> bool:
    """Does a paragraph tell something done? Not a quotation (“…”某某说), not results or plans, and
    not only a quotation with a few words after it."""
    if QUOTE_SPOKEN.match(text) or RESULTS_OPENING.match(text):
        return False
    quoted = re.match(r"^“[^”]{4,}[。！？!?]?”", text)
    rest = text[quoted.end():] if quoted else text
    return len(rest) >= PROSE_MIN and bool(MEASURE_VERB.search(rest))


def narrative_practices(article: Article) -> list[Practice]:
    """Practices of an article without an outline: each paragraph, or run of paragraphs under a short
    heading line, that describes a measure. The lead paragraph (the first) and a closing paragraph
    of results stay in the article only. A one-paragraph item is read sentence by sentence."""
    blocks = [b for b in article.blocks if b.text.strip()]
    practices: list[Practice] = []

    def add(heading: str, body: str) -> None:
        heading = heading.strip()
        if len(HAN.findall(heading)) >= 4:
            practices.append(Practice(heading=heading, body=body.strip(), level=1, order=len(practices),
                                      enumerator=NARRATIVE))

    # Runs under heading lines (two lines in a row make one heading: 突出功能整合 / 优化阵地布局).
    runs: list[tuple[str, list[str]]] = []
    for b in blocks:
        text = b.text.strip()
        if _heading_line(text) and (not runs or runs[-1][1] or runs[-1][0] is None):
            runs.append((text, []))
        elif _heading_line(text) and runs and not runs[-1][1]:
            runs[-1] = (f"{runs[-1][0]} {text}", [])
        elif runs and _is_prose(text):
            runs[-1][1].append(text)
        elif not runs and _is_prose(text):
            runs.append((None, [text]))
    headed = [(h, ps) for h, ps in runs if h is not None and ps]
    if len(headed) >= 2:
        for heading, paragraphs in headed:
            if any(_describes_measure(p) for p in paragraphs):
                add(heading, "\n\n".join(paragraphs))
        if practices:
            return practices

    paragraphs = [b for b in blocks if _is_prose(b.text.strip())]
    if len(paragraphs) >= 3:
        units = [(b.text.strip(), b.bold) for b in paragraphs]
    else:
        joined = "".join(b.text.strip() for b in paragraphs)
        units = [(u.strip(), []) for u in re.split(r"(?<=[。！？])(?![”’」])", joined) if len(u.strip()) >= 8]
    if not units:
        return []
    lead, rest = units[0], units[1:]
    if rest and RESULTS_OPENING.match(rest[-1][0]):
        rest = rest[:-1]
    for text, bold in rest:
        if _describes_measure(text):
            heading, whole = _run_in(text, bold)
            add(heading, text[len(heading):].lstrip("。！？；，：") if whole else text)
    if not practices and not RESULTS_OPENING.match(lead[0]):
        # a short item all of whose substance is its lead: the lead is its one practice
        heading, whole = _run_in(lead[0], lead[1])
        add(heading, lead[0][len(heading):].lstrip("。！？；，：") if whole else lead[0])
    return practices
