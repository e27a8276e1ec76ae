"""Numbered slogans (数字化概括) and their expansions.

A slogan is a numbered formula. Its shapes: N个X (三个同步, 五个“100%”), N+X (三色, 双联, 一肩挑,
五大会战), compounds (五统五共, 三会一课, 一徽一旗一廊一牌, 五不能六不宜), codes (1+N+X, 1+8) and
rule sets named by place (浙江20条). In quotes any of these shapes is a slogan; unquoted, only a code,
N个X that the text expands, or N+X naming a mechanism (双联模式). Plain counts (三举措, 四级联动),
ordinals (十九大, 第一责任人) and idioms (两张皮, and anything jieba's dictionary tags as an idiom) are not.

Components are taken wherever the text gives them, tried in this order: a quoted list just before
(“A、B、C”五个“100%”), after 即 (“三个同步”，即“A，B，C”), an unquoted list just before
(打造A、B、C的“三关爱”), a list after it whose items repeat the slogan's word (“三个最佳”…评选出最佳A、
最佳B、最佳C), colours before N色 (红黄灰“三色”). Headings that follow are handled by the extract stage,
which knows the practice tree.
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field

from .segment import dictionary_tags
from .settings import load_settings

NUMERALS = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUM = "一二两三四五六七八九十双"
ORDINALS = "一二三四五六七八九十"  # as enumerators count: 一是, 二是 (never 两是)
CJK = "\u4e00-\u9fff"
OPEN_Q, CLOSE_Q = "“\"「『‘", "”\"」』’"
# Double quotes, corner brackets, and single quotes (a slogan quoted inside a quotation: “…‘三个服务’…”)
QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n]{2,14})[”\"」』’]")
N_GE_QUOTED = re.compile(rf"(?P<n>[{NUM}]{{1,2}})个[“\"「‘](?P<x>[^”\"」’\n]{{1,8}})[”\"」’]")
# “3456”工程, “12345”工作法: a code of digits in quotes, named by the mechanism after it
DIGIT_CODE = re.compile(r"[“\"「‘](?P<code>\d{2,6})[”\"」’](?=\s*(?:工作法|工程|模式|机制|行动|体系|计划|战略|品牌|服务))")
# (1+1>2 is arithmetic, not a code)
CODE = re.compile(r"(?<![\d.+])\d{1,2}(?:\s*\+\s*(?:\d{1,2}|[A-Za-zＮＸ]))+(?![\d.+]|\s*[>＞<＜=＝])")
# A line numbered k (1. （1） ①) and its text, for k = 1 … 12: the parts listed under a formula.
NUMBERED_LINE = [re.compile(rf"[ \t]*(?:{k}[.．、]|[（(]{k}[）)]|{'①②③④⑤⑥⑦⑧⑨⑩⑪⑫'[k - 1]})\s*([^\n]{{2,40}})\n?")
                 for k in range(1, 13)]
# Parts of speech of an ordinary word that a numeral opens (双重, 双方, 两岸): the numeral counts nothing.
ORDINARY_TAGS = ("n", "v", "a", "d", "vn", "ad", "an", "c", "p", "f", "s")
SEGMENT = re.compile(rf"([{NUM}]{{1,2}})([^{NUM}]+)")
SHAPE_N_GE = re.compile(rf"^(?P<n>[{NUM}]{{1,2}})个(?P<x>[{CJK}%\dA-Za-z]{{1,6}})$")
SHAPE_COMPOUND = re.compile(rf"^(?:[{NUM}]{{1,2}}[^{NUM}\d\s，、,]{{1,3}}){{2,6}}$")
SHAPE_SINGLE = re.compile(rf"^[{NUM}]{{1,2}}[^{NUM}\d\s，、,]{{1,5}}$")
SHAPE_PLACE_RULE = re.compile(rf"^[{CJK}]{{2,3}}(?:\d{{1,3}}|[{NUM}]{{1,3}})条$")
# Unquoted N个X must end where X ends (两个宁夏科创中心 is not “两个宁夏”).
UNQUOTED_N_GE = re.compile(rf"(?<![{NUM}第每])(?P<n>[{NUM}]{{1,2}})个(?P<x>[{CJK}]{{2}})(?=[^{CJK}]|[和与及等的]|$)")
UNQUOTED_COMPOUND = re.compile(rf"(?<![{NUM}])(?:[{NUM}][{CJK}]){{2,4}}(?![{CJK}]?[{NUM}])")
# Verbs that take the slogan as their object: a list item ending in one ran on into the clause.
OBJECT_VERBS = ("开展", "推进", "推行", "实行", "实施", "落实", "建立", "打造", "构建", "深化", "强化", "抓好", "做好", "推动",
                "贯彻", "践行", "遵循", "纳入", "弘扬", "秉持", "坚守")
TITLE = re.compile(r"《[^《》\n]{1,40}》")
QUOTED_LIST = re.compile(r"[“\"「『][^“”\"「」『』\n]*[、，,][^“”\"「」『』\n]*[”\"」』]")
CLAUSE = re.compile(r"[，,。；;：:！？!?\n]")
SENTENCE = re.compile(r"[。；;！？!?\n]")
# "…、满意度连续12年实现“双提升”": how long is said after the last part, not in it.
DURATION_TAIL = re.compile(rf"(?:连续|持续|已经|已)?\s*(?:\d+|[{NUM}]+)\s*(?:年|个月|天|周)(?:来|以来)?\s*$")
TRAILING_QUANTITY = re.compile(r"\s*\d+(?:\.\d+)?\s*[个名项条家次人户]?\s*$")


LARGE = {"百": 100, "千": 1000, "万": 10000}
ARABIC_OR_NUM = rf"(?:[{NUM}]{{1,2}}|[2-9]|1[0-9])"
# An unquoted summary: a count and what it counts, right after the list of its parts
# (市、县、乡三级联动; A、B、C三大行动; “A”、“B”两大国家战略; A、B、C等3种形式).
SUMMARY = re.compile(rf"(?P<n>{ARABIC_OR_NUM})(?P<m>大|个|项|种|级|类|条|张|支|方面|重|类)?(?P<x>[{CJK}]{{1,4}})")


def numeral_value(s: str) -> int | None:
    """一 → 1, 十二 → 12, 双 → 2, 八八 → 8 (a reduplicated numeral, as in “八八战略”); None for what
    is not a small numeral."""
    if not s:
        return None
    if s.isdecimal():  # not isdigit(): ② is a digit and no int
        return int(s)
    if len(s) == 1:
        return NUMERALS.get(s)
    if len(s) == 2 and s[0] == s[1] and s[0] not in "一十":
        return NUMERALS.get(s[0])
    if len(s) == 2 and s[0] == "十" and s[1] in NUMERALS:
        return 10 + NUMERALS[s[1]]
    if len(s) == 2 and s[1] == "十" and s[0] in NUMERALS:
        return NUMERALS[s[0]] * 10
    return None


@dataclass
class SloganMatch:
    text: str
    start: int
    end: int
    shape: str  # n_ge | single | compound | code | place_rule | summary
    quoted: bool
    segments: list[tuple[int, str]] = field(default_factory=list)

    @property
    def counts(self) -> list[int]:
        """Counts the formula may declare: N; for a compound the sum, the shared N, the number of parts."""
        if self.shape in ("n_ge", "single", "summary"):
            return [self.segments[0][0]] if self.segments and self.segments[0][0] else []
        if self.shape == "compound":
            ns = [n for n, _ in self.segments]
            out = [sum(ns)]
            if len(set(ns)) == 1:
                out.append(ns[0])
            out.append(len(ns))
            return list(dict.fromkeys(out))
        if self.shape == "code" and re.fullmatch(r"\d+(?:\+\d+)+", self.text):
            return [self.text.count("+") + 1]  # “1+1”: two counted things, each a part
        return []

    @property
    def count(self) -> int | None:
        """The declared count: N for N个X and N+X (not for 一肩挑 or 十百千, which count nothing)."""
        if self.shape in ("n_ge", "single") and self.segments:
            n, word = self.segments[0]
            # 十百千 counts nothing; 双千亿 (two targets of 千亿) counts two
            if n > 1 and (not set(word) <= set("百千万亿") or self.text[:1] in "双两"):
                return n
        if self.shape == "summary" and self.segments:
            return self.segments[0][0]
        return None

    @property
    def keyword(self) -> str:
        """The word each of its parts repeats: 党员 of “三个党员”, 必访 of “四必访”. Not one character
        alone (亮 of “三亮”): too common to tell its parts from a passing list, it is tried only for a
        quoted formula and short parts (see _following_list)."""
        if self.shape == "n_ge" and self.segments:
            return self.segments[0][1]
        if self.shape == "single" and self.segments and len(self.segments[0][1]) >= 2:
            return self.segments[0][1]
        return ""


class SloganFinder:
    """Find slogans in a text and expand them: ``finder(text) -> list[SloganMatch]``."""

    def __init__(self, settings: dict | None = None):
        s = (settings or load_settings())["slogans"]
        self.stop = set(s["stop"])
        self.plain_counted = set(s.get("plain_counted", ()))
        self.mechanism = re.compile("|".join(sorted(s["mechanism_nouns"], key=len, reverse=True)))
        self.count_words = set(s["count_words"])
        self.leading_verbs = sorted(s["leading_verbs"], key=len, reverse=True)
        self.colours = set(s["colours"])
        self.paired_opposites = set(s.get("paired_opposites", ()))
        self.problem_nouns = tuple(s.get("problem_nouns", ()))
        self.distributive = set(s.get("distributive_units", ()))
        self.known = {k: (v or {}).get("parts") for k, v in (s.get("known_formulas") or {}).items()}
        self.distributive_gets = set(s.get("distributive_gets", ()))
        self.trailing = re.compile("(?:" + "|".join(sorted(s["trailing_words"], key=len, reverse=True)) + ")+$")
        self.unquoted_formula = re.compile(
            rf"(?<![{NUM}{CJK}])(?P<f>(?:[{NUM}]{{1,2}}[{CJK}]{{1,3}}?){{1,4}}?)(?=(?:{self.mechanism.pattern}))")

    # -- recognising a formula -------------------------------------------------------------------
    def shape_of(self, content: str, quoted: bool = False) -> tuple[str, list[tuple[int, str]]] | None:
        """The shape of a candidate formula and its (number, word) parts, or None if it is not one.

        In quotes a formula may also count with 百/千/万 (“千万工程”, “百千万”: no count is declared),
        open with a numeral word (“双一流”: two 一流) and name a longer thing after N大 or N个
        (“十大国家级示范试验区”).
        """
        content = content.strip()
        if content in self.stop or dictionary_tags().get(content) == "i":
            return None
        if quoted:
            m = re.fullmatch(rf"([{NUM}]{{1,2}})([大个])([{CJK}]{{6,10}})", content)
            if m and (numeral_value(m.group(1)) or 0) > 1 and not re.search(rf"[{NUM}][个大]", m.group(3)):
                return ("n_ge" if m.group(2) == "个" else "single"), [(numeral_value(m.group(1)), m.group(2) + m.group(3))]
            m = re.fullmatch(rf"([{NUM}])(一[{CJK}])", content)
            if m and m.group(2) in dictionary_tags() and m.group(1) in "两双":
                return "single", [(2, m.group(2))]
            large = re.fullmatch(rf"([百千万]{{2,3}})([^百千万亿{NUM}\d][{CJK}]{{1,3}})", content)
            if large:
                return "single", [(0, large.group(2))]
        m = re.fullmatch(rf"([{NUM}])位一体", content)
        if quoted and m and (numeral_value(m.group(1)) or 0) > 2:
            return "single", [(numeral_value(m.group(1)), "位一体")]  # “四位一体”: four things made one
        m = re.fullmatch(rf"([{CJK}]{{2,3}})([{NUM}][{CJK}]{{1,4}})", content)
        if quoted and m and m.group(1)[-1] not in NUM and self._is_place(m.group(1)):
            inner = self.shape_of(m.group(2), quoted=True)  # “南通三通”: a place's own formula
            if inner and inner[0] in ("single", "n_ge", "compound"):
                return inner
        if CODE.fullmatch(content):
            return "code", []
        if quoted and re.fullmatch(rf"(?:\d{{1,2}}|[NＮXＸ])个[{CJK}]{{1,5}}(?:\+(?:\d{{1,2}}|[NＮXＸ])个[{CJK}]{{1,5}})+", content):
            return "code", []  # “1个示范点+N个联系点”: a code whose terms say what they count
        if SHAPE_PLACE_RULE.match(content):
            return "place_rule", []
        m = SHAPE_N_GE.match(content)
        if m and not re.search(rf"[{NUM}]个", m.group("x")):  # 三个坚持三个着力 is a compound of two
            n = numeral_value(m.group("n"))
            x = m.group("x")
            if n is None or n == 1 or x[0] in self.count_words or x[0] in "月年":
                return None  # 一个项目 is a determiner and a noun, not a formula
            return "n_ge", [(n, x)]
        if not (SHAPE_COMPOUND.match(content) or SHAPE_SINGLE.match(content)):
            named = re.fullmatch(rf"(.{{4,}}?)(?:{self.mechanism.pattern})", content) if quoted else None
            if named and SHAPE_COMPOUND.match(named.group(1)):
                inner = self.shape_of(named.group(1), quoted=True)  # “五化三融入一清单体系”: a compound
                if inner and inner[0] == "compound":               # formula naming the system it makes
                    return inner
            return None
        segments = []
        parts = SEGMENT.findall(content)
        for k, (num, word) in enumerate(parts):
            n = numeral_value(num)
            # 四级联动, 三年任务 count; but in 一核两翼双轮 only the first part says what kind of
            # thing the formula is, and a quoted “双轮驱动” names a formula, not two rounds
            counting = word[0] in self.count_words and (k == 0 or len(parts) == 1) and not (
                quoted and len(word) >= 3 and word[0] not in "年月日天周")
            if n is None or counting or word == "大" and len(parts) == 1 or not re.match(rf"[{CJK}%]", word):
                return None
            segments.append((n, word))
        if not segments or "".join(f"{a}{b}" for a, b in SEGMENT.findall(content)) != content:
            return None
        tags = dictionary_tags()
        first_num, first_word = SEGMENT.findall(content)[0]
        if any("第" in w for _, w in segments) or len(segments) == 1 and re.match(r"星级|星[{CJK}]?级", first_word):
            return None  # 三湘第一县: an ordinal inside a name; 五星级企业: a rating
        place = next((first_num + first_word[:k] for k in (1, 2) if tags.get(first_num + first_word[:k]) in ("ns", "t")), "")
        if len(segments) == 1 and place and len(content) > len(place) + 1:
            return None  # 三秦帮扶善星, 三湘第一县: a name that opens with a region's name, not a count
        if len(segments) == 2 and all(n == 1 for n, _ in segments) and segments[0][1] in self.distributive and \
                segments[1][1] in self.distributive_gets:
            return None  # 一村一策, 一户一档: a policy applied to each one, not a formula of parts
        # 双重, 双向, 两岸, 一线: the numeral is part of an ordinary word, not a count.
        fused = tags.get(first_num + first_word[0])
        if len(segments) == 1 and (first_num == "一" and fused or first_num in ("双", "两") and fused in ORDINARY_TAGS):
            return None
        if len(segments) == 1:
            if first_num == "一" and len(first_word) < 2 or first_num == "二":
                return None  # 一线, 二线: counts are written 两, 二 is an ordinal
            return "single", segments
        return "compound", segments

    # -- finding -----------------------------------------------------------------------------------
    def __call__(self, text: str) -> list[SloganMatch]:
        found: list[SloganMatch] = []

        titles = [(t.start(), t.end()) for t in TITLE.finditer(text)]

        spans: list[tuple[int, int]] = []  # found matches' spans, sorted and never overlapping
        titles = set(titles)

        def add(m: SloganMatch) -> None:
            # 《三餐四季》, a whole title, names a programme or a book, not a formula
            i = bisect.bisect_left(spans, (m.start, m.end))
            overlaps = i > 0 and spans[i - 1][1] > m.start or i < len(spans) and spans[i][0] < m.end
            if not overlaps and (m.start - 1, m.end + 1) not in titles:
                found.append(m)
                spans.insert(i, (m.start, m.end))

        for m in N_GE_QUOTED.finditer(text):
            n = numeral_value(m.group("n"))
            if n and n > 1:
                add(SloganMatch(f"{m.group('n')}个{m.group('x')}", m.start(), m.end(), "n_ge", True,
                                [(n, m.group("x"))]))
        for m in QUOTED.finditer(text):
            shape = self.shape_of(m.group(1), quoted=True)
            if shape:
                add(SloganMatch(m.group(1).strip(), m.start(1), m.end(1), shape[0], True, shape[1]))
        for m in CODE.finditer(text):
            add(SloganMatch(re.sub(r"\s+", "", m.group()), m.start(), m.end(), "code", False))
        for m in DIGIT_CODE.finditer(text):
            add(SloganMatch(m.group("code"), m.start("code"), m.end("code"), "code", True))
        for m in UNQUOTED_N_GE.finditer(text):
            shape = self.shape_of(m.group())
            if shape and m.group("x") not in self.plain_counted:
                cand = SloganMatch(m.group(), m.start(), m.end(), shape[0], False, shape[1])
                if self.expand(text, cand)[0]:  # unquoted N个X is a slogan only where the text expands it
                    add(cand)
        quoted_lists = [(q.start(), q.end()) for q in QUOTED_LIST.finditer(text)]
        for m in UNQUOTED_COMPOUND.finditer(text):
            # 双招双引, 三会一课 unquoted: one character after each numeral, at least twice, not a word
            # or idiom of the dictionary (一心一意, 三番五次), not a reduplication (一项一项), standing
            # after punctuation or a verb (落实三会一课), not inside a word (长三角一体化), and not one
            # item of a quoted list (“一题一策、一事一议”), which names a method, not a formula.
            start = m.start()
            if start > 0 and re.match(rf"[{CJK}]", text[start - 1]) and \
                    not any(text.endswith(v, 0, start) for v in self.leading_verbs if len(v) > 1):
                continue
            if any(a <= start < b for a, b in quoted_lists):
                continue
            tags = dictionary_tags()
            # nor the opening of a longer idiom (一步一个脚印), nor ordinary words that open with a
            # numeral (双方一致同意: 双方 is "both sides", as 双重 or 两岸 would be)
            if any(m.group() + text[m.end():m.end() + k] in tags for k in (1, 2, 3)) or \
                    m.group()[0] in "双两" and tags.get(m.group()[:2]) in ORDINARY_TAGS:
                continue
            shape = self.shape_of(m.group())
            if shape and shape[0] == "compound" and m.group() not in tags and len(set(shape[1])) > 1:
                add(SloganMatch(m.group(), m.start(), m.end(), "compound", False, shape[1]))
        for m in self.unquoted_formula.finditer(text):
            if m.start() > 0 and text[m.start() - 1] in OPEN_Q:
                continue  # “四大文化工程”: the quoted whole was judged above
            shape = self.shape_of(m.group("f"))
            if shape and shape[0] in ("single", "compound"):
                add(SloganMatch(m.group("f"), m.start("f"), m.end("f"), shape[0], False, shape[1]))
        colour_run = "".join(sorted(self.colours))
        for m in re.finditer(rf"(?P<c>[{colour_run}]{{2,6}})[”\"」]?\s*(?P<f>(?P<n>[{NUM}])色)", text):
            # 红黄绿三色管理 unquoted: as many colours named right before it make the count a formula
            n = numeral_value(m.group("n"))
            if n == len(m.group("c")):
                add(SloganMatch(m.group("f"), m.start("f"), m.end("f"), "single", False, [(n, "色")]))
        for m in re.finditer(rf"(?P<pair>[{CJK}]{{2}})[{CJK}](?P<f>双(?P<x>[{CJK}]{{2}}))", text):
            # 内外贸双循环 unquoted: a formula of two after the pair of opposites that names its parts
            if m.group("pair") in self.paired_opposites and m.group("x") in dictionary_tags():
                cand = SloganMatch(m.group("f"), m.start("f"), m.end("f"), "single", False, [(2, m.group("x"))])
                if self.shape_of(cand.text) and self._pair_before(text, cand.start, cand.end, cand):
                    add(cand)
        compounds = [f.text for f in found if f.shape == "compound"]
        for m in SUMMARY.finditer(text):
            cand = self._summary(text, m)
            # A, B, C三主体 where the text names “三同步三主体”: the parts of one half of that compound
            if cand is not None and not any(cand.text in c for c in compounds):
                add(cand)
        for name in sorted(self.known, key=len, reverse=True):
            # A national formula (models/national_formulas.yaml) is one wherever it is written, quoted
            # or not (增强四个意识): the list says so. After the shapes above, which also find its
            # parts; not where its characters belong to a longer word or number (两重性, 第三农场).
            for m in re.finditer(re.escape(name), text):
                start, end = m.start(), m.end()
                if start > 0 and (text[start - 1] in NUM or text[start - 1] in "第每" or text[start - 1].isdigit()):
                    continue
                if any(text[start - k:end] in dictionary_tags() for k in (1, 2) if start >= k) or \
                        any(text[start:end + k] in dictionary_tags() for k in (1, 2) if end + k <= len(text)):
                    continue
                shape = self.shape_of(name, quoted=True)
                add(SloganMatch(name, start, end, shape[0] if shape else "single", False, shape[1] if shape else []))
        return sorted(found, key=lambda f: f.start)

    def _summary(self, text: str, m: re.Match) -> SloganMatch | None:
        """A count right after the list of its parts names them: 市、县、乡三级联动 is a formula."""
        start = m.start()
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in NUM or text[start - 1] == "第"):
            return None
        n = numeral_value(m.group("n"))
        if not n or n < 2 or n > 12:
            return None
        if m.group("n").isdigit() and m.group("m") not in ("种", "类", "项", "大", "方面"):
            return None  # 3个城市, 4条高速公路: Arabic digits count things; 3种模式 names kinds
        if m.group("x")[0] in "百千万亿多余":
            return None  # 3万多家: a quantity
        x = _leading_noun_phrase(m.group("x") + text[m.end():m.end() + 4])
        if not x or len(x) < 2 and not m.group("m"):
            return None
        tags = dictionary_tags()
        if tags.get(x[:2], "") == "q" or tags.get(x[:1], "") == "q" and len(x) == 1:
            return None  # 两大系列活动: a classifier counts, it names no formula
        # What is counted is a thing (三大产业, 五项机制, 三重压力); a verb only after 级 (三级联动)
        if not (tags.get(x, "")[:1] == "n" or tags.get(x) == "vn" or self.mechanism.fullmatch(x)
                or tags.get(x, "")[:1] == "v" and m.group("m") == "级"
                or len(x) > 2 and tags.get(x[-2:], "")[:1] == "n"):
            return None
        head = self.mechanism.search(x)
        if head and head.end() == len(x) and head.start() >= 2:
            x = x[:head.start()]  # 三级联动机制 → 三级联动: the formula, then what kind of thing it is
        if (m.group("m") or "") + x in ("年", "月", "天", "日") or x[0] in "年月日天周倍":
            return None
        if x in self.plain_counted or x.endswith(tuple(self.plain_counted)):
            return None  # 思想、组织、作风三个方面: what the text counts as it goes, no formula
        end = m.start("x") + len(x)
        cand = SloganMatch(text[start:end], start, end, "summary", False, [(n, (m.group("m") or "") + x)])
        parts = self._quoted_items_before(text, start, end, cand) or self._quoted_before(text, start, end, cand)
        if parts and not self._parallel(parts, verbs_ok=True):
            parts = None
        if not parts and n > 2:  # two unquoted items (采取A、B两种形式) are too weak a sign
            parts = self._unquoted_before(text, start, end, cand, verbs_ok=True)
        if not parts or len(parts) != n or all(self._is_place(p) for p in parts):
            return None  # 福州、厦门、泉州3个城市: a count of places named, not a formula
        return cand

    @staticmethod
    def _is_place(name: str) -> bool:
        from ..parse.places import gazetteer

        return bool(gazetteer().candidates(name)) and len(name) >= 2

    def occurrences(self, text: str, slogan: str) -> list[tuple[int, int]]:
        """Every place a known slogan stands in a text, quoted or not."""
        return self.all_occurrences(text, [slogan]).get(slogan, [])

    @staticmethod
    def all_occurrences(text: str, slogans) -> dict[str, list[tuple[int, int]]]:
        """Every place each of the slogans stands in a text, in one pass (an Aho-Corasick automaton),
        not where a numeral runs on before one that opens with a numeral (十三个同步 is not 三个同步)."""
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for slogan in slogans:
            automaton.add_word(slogan, slogan)
        out: dict[str, list[tuple[int, int]]] = {}
        if not len(automaton):
            return out
        automaton.make_automaton()
        for end, slogan in automaton.iter(text):
            start = end - len(slogan) + 1
            if not (start > 0 and text[start - 1] in NUM and slogan[0] in NUM):
                out.setdefault(slogan, []).append((start, end + 1))
        return out

    # -- expanding ---------------------------------------------------------------------------------
    def expand(self, text: str, match: SloganMatch) -> tuple[list[str] | None, str | None]:
        """Components of a slogan where the text around it gives them, and where they stood."""
        counts = match.counts
        if not counts:
            return None, None
        start, end = match.start, match.end
        if match.quoted and start > 0 and text[start - 1] in OPEN_Q:
            start -= 1
        if match.quoted and end < len(text) and text[end] in CLOSE_Q:
            end += 1
        for where, finder in (("before", self._quoted_before), ("before", self._quoted_items_before),
                              ("after", self._in_brackets_after), ("after", self._after_ji),
                              ("after", self._enumerated_after), ("after", self._numbered_lines_after),
                              ("before", self._halves_before), ("before", self._pair_before),
                              ("before", self._unquoted_before), ("list", self._following_list),
                              ("after", self._quoted_keyword_after), ("colours", self._colours)):
            parts = finder(text, start, end, match)
            if parts:
                split = split_to_count(parts, counts) if isinstance(parts, str) else parts
                if split and match.shape == "compound" and len(split) == len(match.segments) < max(counts) and \
                        not all(w[0] in p for (_, w), p in zip(match.segments, split)):
                    continue  # two items for “四梁八柱” are its parts only if each holds its half's word
                if split and len(split) in counts:  # a list of another length is not its parts
                    confirmed = self.confirm(match.text, _trim_last(split))
                    return (confirmed, where) if confirmed else (None, None)
        return None, None

    def confirm(self, slogan: str, parts: list[str] | None) -> list[str] | None:
        """``parts`` as found, unless the slogan is a national formula (models/national_formulas.yaml)
        whose known parts they do not pair off with: 泰国、印尼 are not the parts of 一带一路."""
        if not parts or slogan not in self.known:
            return parts
        known = self.known[slogan]
        if not known or len(known) != len(parts):
            return None

        def holds(a: str, b: str) -> bool:
            a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
            return bool(a) and bool(b) and (a in b or b in a)

        left = list(known)
        for part in parts:
            hit = next((k for k in left if holds(part, k)), None)
            if hit is None:
                return None
            left.remove(hit)
        return parts

    def _quoted_before(self, text: str, start: int, end: int, match: SloganMatch):
        after = text[end:end + 6].lstrip("”\"」』’ ")
        if after.startswith(tuple(self.problem_nouns)):
            return None  # 破解“A、B”的“双整”难题: the list says what the problem is, not the formula's parts
        head = text[max(0, start - 120):start]
        # “A、B”的“1+N+X”双联: one short quoted name may stand between the list and the slogan.
        # “A、B、C”为核心特征的“三环X”: or a short link saying what the list is to it.
        m = re.search(rf"[“\"]([^“”\"]{{3,110}})[”\"]\s*(?:为[{CJK}]{{1,8}}的|的)?\s*(?:[“\"][^“”\"]{{1,10}}[”\"]\s*)?$", head)
        if not m:
            return None
        content = m.group(1)
        if not re.search(r"[、，,；;]", content) and re.fullmatch(rf"[{CJK}]{{1,6}}(?:[—－-][{CJK}]{{1,6}})+", content):
            content = re.sub(r"[—－-]", "、", content)  # “省—市—县”三级联动
        if re.search(r"[、，,；;]", content):
            return split_to_count(content, match.counts, fallback=False)
        return None

    def _quoted_items_before(self, text: str, start: int, end: int, match: SloganMatch):
        """“A”、“B”两大国家战略 or “A”“B”“C”的三项机制: quoted parts, each in its own quotes."""
        raw = text[max(0, start - 160):start]
        if match.quoted and re.search(r"[”\"」]\s*[、，,]?\s*$", raw):
            return None  # “甲战略”“乙工程”“两山”理论: the slogan is one more name of a list, not their sum
        head = re.sub(r"(?:[、，,和及与]?\s*等|的)\s*$", "", raw)
        m = re.search(r"((?:[“\"「][^“”\"「」\n]{2,40}[”\"」]\s*(?:[、，,和及与]|以及)?\s*){2,})$", head)
        if not m:
            return None
        items = [clean_component(i) for i in re.findall(r"[“\"「]([^“”\"「」\n]{2,40})[”\"」]", m.group(1))]
        return items if len(items) in match.counts else None

    def _in_brackets_after(self, text: str, start: int, end: int, match: SloganMatch):
        """“三个一批”（A、B、C）: the parts in brackets right after the formula."""
        m = re.match(rf"[{CJK}]{{0,6}}\s*[（(]([^（）()\n]{{3,160}})[）)]", text[end:end + 180])  # (…工作机制（…）)
        if not m:
            return None
        quoted = re.findall(r"[“\"「]([^“”\"「」\n]{2,30})[”\"」]", m.group(1))
        if re.fullmatch(r"(?:\s*[“\"「][^“”\"「」\n]{2,30}[”\"」]\s*[、，,]?)+", m.group(1)):
            return quoted if len(quoted) in match.counts else None  # “四条主线”（“党建+A”“党建+B”…）
        return split_to_count(m.group(1), match.counts, merge=False, fallback=False) or \
            (_pair(m.group(1), match.counts) if match.quoted else None)

    def _enumerated_after(self, text: str, start: int, end: int, match: SloganMatch):
        """“两个提升”：一是A，二是B: the parts enumerated right after the formula, one per 一是/二是
        (or 其一/第一), in order and as many as it counts; each part is its enumerator's first clause."""
        if not match.quoted:
            return None  # 分为四个部分：一是… lists the parts of a text, not of a formula
        tail = text[end:end + 600]
        opening = re.match(r"[”\"」]?[^。；;\n“”]{0,16}?[：:，,。]\s*(?:\*\*)?\s*(?=一是|一要|其一|第一[，,、是])", tail)
        if not opening:
            return None
        # Right after a colon the enumerators are its parts; after a passing mention (增强“三个意识”，
        # 狠抓落实。一是…) only if every part names what it counts (“三个伙伴”…一是…真诚伙伴).
        direct = re.match(r"[”\"」]?\s*[：:]", tail) is not None
        parts, pos = [], opening.end()
        for k, label in enumerate(ORDINALS):
            m = re.compile(_enumerator(label) + r"\s*[：:，,]?").match(tail, pos)
            if not m:
                break
            sentence = re.match(r"[^。；;\n*]{2,120}", tail[m.end():])
            if not sentence:
                return None
            # The clause that holds what the formula counts (“三个伙伴”: 一是传承友好，做…真诚伙伴), else
            # the first: the enumerator's own summary of its part.
            clauses = [c for c in re.split(r"[，,：:]", sentence.group()) if len(c) >= 2]
            word = match.segments[0][1] if match.segments else ""
            keyed = [c for c in clauses if word and word[-2:] in c] if match.shape != "compound" else []
            if not keyed and not direct:
                return None
            parts.append(keyed[0] if keyed else clauses[0] if clauses else sentence.group())
            following = ORDINALS[k + 1:k + 2]
            later = following and re.search(_enumerator(following), tail[m.end():m.end() + 300])
            if not later or re.search(r"\n\s*\n", tail[m.end():m.end() + later.start()]):
                break  # no next enumerator, or a new paragraph of another kind before it: the list ends
            pos = m.end() + later.start()
        return parts if len(parts) >= 2 and len(parts) in match.counts else None

    def _segment_lists(self, content: str, segments: list[tuple[int, str]]) -> list[str] | None:
        """“三访三问”，即访A、访B、访C，问D、问E、问F: one list per part of a compound, each as long as
        that part counts and each item holding its word (访…, 问…); the parts are all the items, in
        order, as for a compound expanded by its halves elsewhere."""
        clauses = [c.strip() for c in re.split(r"[，,；;]", content) if c.strip()]
        parts: list[str] = []
        for k, (n, word) in enumerate(segments):
            if k >= len(clauses):
                return None
            # “一核三联”，即以村党组织为核心，联A、联B、联C: a part counted once is a clause of its own
            items = [i.strip() for i in clauses[k].split("、")] if n > 1 else [clauses[k]]
            if len(items) != n or (n == 1 and "、" in clauses[k]):
                return None
            if n > 1 and len(items[0]) > max(len(i) for i in items[1:]):
                items[0] = self._strip_verb(items[0])
            if not all(word[0] in i for i in items):
                return None
            parts += items
        return parts

    def _after_ji(self, text: str, start: int, end: int, match: SloganMatch):
        tail = text[end:end + 160]
        items = re.match(r"\s*[：:]\s*((?:[“\"「][^“”\"「」\n]{2,30}[”\"」]\s*[、，,和及]?\s*){2,})", tail)
        if items:  # “三个到位”：“思想到位”“责任到位”“措施到位”
            return [clean_component(i) for i in re.findall(r"[“\"「]([^“”\"「」\n]{2,30})[”\"」]", items.group(1))]
        m = re.match(r"\s*[，,]?\s*(?:即|也就是|就是|具体为|分别是|包括|通过)\s*[：:]?\s*", tail)
        strict = False
        if not m:
            # "…”为主要内容的…系统，即…": 即 later in the same sentence, accepted only if the count fits.
            m = re.match(r"[^。；;“”]{0,40}?[，,]\s*即\s*[：:]?\s*", tail)
            strict = True
        if not m:
            return None
        rest = tail[m.end():]
        if rest[:1] in OPEN_Q:
            close = re.search(r"[”\"」]", rest[1:])
            content = rest[1:close.start() + 1] if close else ""
        else:
            content = SENTENCE.split(rest, maxsplit=1)[0]
            whole = re.split(r"[。！？!?\n]", rest, maxsplit=1)[0]
            if re.search(r"[；;]", whole) and len([c for c in re.split(r"[；;]", whole) if c.strip()]) in match.counts:
                return [c.strip() for c in re.split(r"[；;]", whole) if c.strip()]  # 即：把A，同B区分开来；把C…
        if not content:
            return None
        if match.shape == "code":
            return _numbered_items(content, match.counts)
        if match.shape == "compound" and (halves := self._segment_lists(content, match.segments)):
            return halves  # “三访三问”，即访A、访B、访C，问D、问E、问F
        if match.quoted and not re.search(r"[、，,；;]", content) and (pair := _pair(content, match.counts)):
            return pair  # “两个清单”，即责任清单和负面清单
        if strict:
            return split_to_count(content, match.counts, merge=False, fallback=False)
        return content

    def _unquoted_before(self, text: str, start: int, end: int, match: SloganMatch, verbs_ok: bool = False):
        left = start
        while left > 0 and not CLAUSE.match(text[left - 1]) and text[left - 1] not in CLOSE_Q and start - left < 80:
            left -= 1
        clause = re.sub(r"(?:的|等)\s*$", "", text[left:start]).strip()
        if "、" not in clause:
            return None
        if re.match(rf"[{CJK}]{{0,4}}(?:、|[”\"」]?等)", text[end:end + 8]):
            # the slogan heads one item of a longer list (…、农村集体“三资”管理、…), or is the
            # last item of one (推进A、B“两国双园”等平台建设)
            return None
        items = [i.strip() for i in clause.split("、")]
        if len(items) + 1 in match.counts and len(re.findall(r"以及|[和及]", items[-1])) == 1:
            # A与B、C与D和E与F等“三个并重”: the last two parts joined by 和 (or 及), not by 、
            items[-1:] = [i.strip() for i in re.split(r"以及|[和及]", items[-1])]
        if len(items) not in match.counts or items[0].startswith("的"):
            return None  # …“两个确立”的决定性意义、坚决做到“两个维护”: the list goes on from another noun
        items[0] = self._strip_particle(self._strip_parallel(self._strip_verb(items[0], items[1:]), items[1:]),
                                        items[1:])
        items[0] = _after_last_verb(items[0], items[1:])
        items[-1] = self.trailing.sub("", DURATION_TAIL.sub("", self.trailing.sub("", items[-1])))
        items[-1] = re.sub(r"等$", "", items[-1])
        # Parallel items are about as long as each other; a last item much longer than the rest
        # ran on into the clause's verb ("在A镇、B镇开展“双整”").
        longest_other = max(len(i) for i in items[:-1])
        single_chars = all(len(i) == 1 for i in items)  # 省、市、县三级联动
        if any(len(i) < 2 for i in items) and not single_chars or len(items[-1]) > longest_other or \
                any(items[-1].endswith(v) for v in OBJECT_VERBS):
            return None
        if len(items[0]) > 2 * max(len(i) for i in items[1:]) + 2:
            return None  # 某村地处甲遗址文物保护、农田保护…: a first item that long still carries its clause
        # a formula of steps (三步走, 四步法) names actions: its parts may be verbs
        steps = bool(match.segments) and match.segments[0][1].startswith("步")
        if not self._parallel(items, verbs_ok or steps or match.shape == "summary"):
            return None
        if all(self._is_place(i) for i in items):
            return None  # 自甲国、乙国等“一带一路”沿线国家: places that stand on it, not its parts
        return items

    @staticmethod
    def _parallel(items: list[str], verbs_ok: bool = False) -> bool:
        """Could these be the parts a formula names? Not when one opens with a function word
        (…的决定性意义、坚决“两个维护”; 和工程式推进、应急式解决), holds a number, is a bare verb
        or adverb (…配套协作、纳入“两新”), or when two are far apart in length."""
        tags = dictionary_tags()
        if any(i[0] in "的和与及或并而向将" or re.search(r"\d", i) for i in items):
            return False  # …非洲航线及5条左右“一带一路”
        # (a count naming its parts, 托管、入股、租赁等3种模式, may list ways of doing)
        if not verbs_ok and any(tags.get(i, "")[:1] in ("v", "d", "p", "c") and tags.get(i) != "vn" for i in items):
            return False
        if not verbs_ok and any(len(i) >= 2 and tags.get(i) in ("d", "ad", "a", "r", "rr", "rz") for i in items):
            return False  # …规划重点项目、我国“八纵八横”; …、坚决做到“两个维护”: no part is an adverb or a pronoun
        lengths = [len(i) for i in items]
        return not (len(items) == 2 and max(lengths) > 3 * min(lengths))

    def _halves_before(self, text: str, start: int, end: int, match: SloganMatch):
        """创新A领B、C领D，全E、全F“双领双全”模式: a compound of two halves whose lists stand one per clause
        just before it, each as long as its half counts and each item holding its half's character."""
        if match.shape != "compound" or len(match.segments) != 2:
            return None
        head = re.sub(r"(?:的|等)\s*$", "", text[max(0, start - 160):start])
        clauses = re.split(r"[，,]", head)
        if len(clauses) < 2 or CLAUSE.search(clauses[-1]) or CLAUSE.search(clauses[-2]):
            return None
        first = self._segment_items(clauses[-2], match.segments[0])
        second = self._segment_items(clauses[-1], match.segments[1])
        return first + second if first and second else None

    def _segment_items(self, clause: str, segment: tuple[int, str]) -> list[str] | None:
        n, word = segment
        items = [i.strip() for i in clause.split("、")]
        if n < 2 or len(items) != n:
            return None
        items[0] = self._strip_verb(items[0], items[1:])
        if not all(word[0] in i for i in items) or not self._parallel(items):
            return None
        return items

    def _pair_before(self, text: str, start: int, end: int, match: SloganMatch):
        """内外贸“双循环”, 进出口双增长: a formula of two right after one character of each of a pair of
        opposites and the head they share names those two (内贸, 外贸)."""
        if match.count != 2 or match.shape not in ("single", "n_ge"):
            return None
        head = text[max(0, start - 3):start]
        if len(head) == 3 and head[:2] in self.paired_opposites and re.fullmatch(rf"[{CJK}]", head[2]) and \
                not (start > 3 and re.match(rf"[{CJK}]", text[start - 4]) and text[start - 4:start - 1] in dictionary_tags()):
            return [head[0] + head[2], head[1] + head[2]]
        return None

    def _numbered_lines_after(self, text: str, start: int, end: int, match: SloganMatch):
        """A heading that names a formula, then its parts as numbered lines (1.A / 2.B / …), one per
        line and as many as it counts."""
        line_end = text.find("\n", end)
        if line_end < 0 or len(text[end:line_end].strip("”\"」 ：:")) > 12:
            return None
        parts = []
        pos = line_end + 1
        for k in range(1, 13):
            m = NUMBERED_LINE[k - 1].match(text, pos)
            if not m:
                break
            parts.append(re.split(r"[。；;：:]", m.group(1))[0].strip())
            pos = m.end()
        return parts if len(parts) >= 2 and len(parts) in match.counts else None

    def _quoted_keyword_after(self, text: str, start: int, end: int, match: SloganMatch):
        """以“四个红色”为主要内容。强化“红色堡垒”…培育“红色先锋”…: each part quoted in the sentences
        that follow, each opening with the word the formula counts, as many as it counts."""
        if not match.quoted or match.shape != "n_ge" or not match.keyword or len(match.keyword) < 2:
            return None
        n, key = match.segments[0]
        window = text[end:end + 150 * n]
        found: list[str] = []
        last = 0
        for m in re.finditer(rf"[“\"「]({re.escape(key)}[^“”\"「」\n]{{1,6}})[”\"」]", window):
            if m.group(1) in found:
                continue
            if len(found) == n:
                # one more in the same paragraph: the list is longer than the formula counts
                return None if "\n" not in window[last:m.start()] else found
            found.append(m.group(1))
            last = m.end()
        if len(found) != n or len({len(f) for f in found}) > 2:
            return None
        return found

    def _following_list(self, text: str, start: int, end: int, match: SloganMatch):
        items = self._list_repeating(text, end, match, match.keyword) if match.keyword else None
        if items:
            return items
        if match.quoted and match.shape == "single" and match.segments and not match.segments[0][1].startswith("色"):
            # “三治融合”，推动自治、法治、德治相结合: short parts that each hold what it counts (治)
            items = self._list_repeating(text, end, match, match.segments[0][1][0])
            if items and len({len(i) for i in items[:-1]}) == 1 and len(items[0]) <= 3 < len(items[-1]) and \
                    match.segments[0][1][0] in items[-1][:len(items[0])]:
                items[-1] = items[-1][:len(items[0])]  # 夏收、夏种、夏管各项工作 → 夏管: as short as its siblings
            return items if items and all(len(i) <= 6 for i in items) else None
        return None

    def parts_listed_in(self, text: str, match: SloganMatch, sentences: int = 3) -> list[str] | None:
        """For a formula named elsewhere (a headline): the first list in the text's opening sentences
        whose items repeat its word, as many as it counts (全县坚持思想到位、责任到位、措施到位…)."""
        starts = [0] + [m.end() for m in SENTENCE.finditer(text)][:sentences - 1]
        for at in starts:
            parts = self._following_list(text, at, at, match)
            if parts:
                return parts
        return None

    def _list_repeating(self, text: str, end: int, match: SloganMatch, key: str):
        """The first list after the formula, in its sentence, of as many items as it counts, each
        holding ``key``."""
        sentence = SENTENCE.split(text[end:end + 200], maxsplit=1)[0]
        at = 0
        for clause in CLAUSE.split(sentence):
            glossed = sentence[:sentence.index(clause, at)].rstrip().endswith(("：", ":"))  # “四通行动”：A、B…
            at = sentence.index(clause, at) + len(clause)
            items = [i.strip() for i in clause.split("、")]
            if len(items) >= 2 and len(items) in match.counts and all(key in i for i in items):
                items = [TRAILING_QUANTITY.sub("", i) for i in items]
                if len(key) >= 2 and not items[-1].endswith(key) and items[-1][items[-1].rindex(key) + len(key):][:1] == "的":
                    items[-1] = items[-1][:items[-1].rindex(key) + len(key)]  # …、丁中心的重要使命 → 丁中心
                # "评出服务标兵、创新标兵…": the clause's verb is not part of the first item, which is
                # as long as its parallel siblings.
                longest = max(len(i) for i in items[1:])
                if all(i.startswith(key) for i in items[1:]) and not items[0].startswith(key):
                    items[0] = items[0][items[0].index(key):]  # 即必须统筹好A、必须统筹好B → 必须统筹好A
                elif (shared := os.path.commonprefix(items[1:])) and not items[0].startswith(shared) \
                        and shared in items[0][1:]:
                    items[0] = items[0][items[0].rindex(shared):]  # 将结果与A挂钩、与B挂钩 → 与A挂钩
                else:
                    items[0] = self._strip_particle(items[0], items[1:])  # “五边”为山边、水边…
                    lead = next((v for v in self.leading_verbs if items[0].startswith(v)
                                 and len(items[0]) - len(v) >= 2), "")
                    items[0] = items[0][len(lead):]  # 做到A必访、B必访: the clause's verb is not a part
                    if len(items[0]) > longest + 2 and not glossed:
                        items[0] = self._strip_verb(items[0], items[1:])  # 某市聚焦建设甲中心、乙中心 → 甲中心
                    if len(items[0]) > longest and key in items[0][-longest:] and not glossed:
                        items[0] = items[0][-longest:]
                last = self.trailing.sub("", items[-1])
                items[-1] = last if len(last) >= 2 else items[-1]  # 自治、法治、德治相结合 → 德治
                return items
        return None

    def _colours(self, text: str, start: int, end: int, match: SloganMatch):
        if match.shape != "single" or not match.segments[0][1].startswith("色"):
            return None
        n = match.segments[0][0]
        before = text[max(0, start - n - 3):start].rstrip("“”\"「」 ")  # “红黄绿”三色 as 红黄绿“三色”
        head = before[-n:]
        if len(head) == n and all(c in self.colours for c in head):
            return list(head)
        return None

    def _strip_verb(self, item: str, rest: list[str] | None = None) -> str:
        """打造支部关爱党员 → 支部关爱党员: the clause's verb is not part of the first item.

        Given its siblings (``rest``), a verb that each of them also holds after the same words is
        their common structure, not the clause's (深化支部建在园区里、党员干在园区里 → 支部建在园区里), and of
        the cuts left the one that makes the first item as long as its siblings wins (推进创新深化、改革
        攻坚 → 创新深化, not 深化)."""
        cuts = set()
        for verb in self.leading_verbs:
            at = item.find(verb)
            while at >= 0:
                cut = at + len(verb)
                if len(item) - cut >= 2 and not (rest and all(item[at:] in r for r in rest)):
                    cuts.add(cut)
                at = item.find(verb, at + 1)
        if not cuts:
            return item
        if not rest:
            return item[max(cuts):]
        target = sorted(len(r) for r in rest)[len(rest) // 2]
        best = min(cuts, key=lambda c: (abs(len(item) - c - target), -(len(item) - c)))
        return item[best:]

    @staticmethod
    def _strip_particle(first: str, rest: list[str]) -> str:
        """加快向资产、营收 → 资产; 探索了托管、入股 → 托管: a preposition or particle before the first
        part governs the whole list, unless every part opens with it (比技能、比奉献、比创新)."""
        while len(first) > 2 and dictionary_tags().get(first[0], "")[:1] in ("p", "u") and \
                not all(r.startswith(first[0]) for r in rest):
            first = first[1:]
        return first

    @staticmethod
    def _strip_parallel(first: str, rest: list[str]) -> str:
        """紧紧扭住重预防、强基础、严监管 → 重预防: when the other items are all equally long, a longer
        first item carries the clause's words; cut it to their length where what is cut off ends
        in a verb or an adverb."""
        lengths = {len(i) for i in rest}
        if len(rest) < 2 or len(lengths) != 1:
            return first
        n = lengths.pop()
        prefix = first[:-n]
        if not prefix or len(first) <= n:
            return first
        tags = dictionary_tags()
        def opening(item: str) -> str:
            return tags.get(dictionary_words(item)[0], "")[:1]

        if opening(first[-n:]) == "v" and all(opening(r) != "v" for r in rest):
            return first  # 节能|降碳改造 beside 余热改造: the cut would open with a verb where no sibling does
        if any(tags.get(prefix[-k:], "")[:1] in ("v", "d") for k in (2, 3, 4) if len(prefix) >= k):
            return first[-n:]
        return first

    def segment_expansion(self, text: str, number: int, word: str) -> list[str] | None:
        """One part of a compound expanded in the text around it: "A、B、C三主体" or "转化为A、B、C"."""
        for m in re.finditer(re.escape(f"{_numeral_text(number)}{word}"), text):
            probe = SloganMatch(m.group(), m.start(), m.end(), "single", False, [(number, word)])
            items = self._unquoted_before(text, m.start(), m.end(), probe)
            if items:
                return items
        verb = word[:2]
        for m in re.finditer(rf"{re.escape(verb)}(?:为|成)([^。；;，,]{{3,80}})", text):
            items = [re.sub(r"(?:等)$", "", i).strip() for i in m.group(1).split("、")]
            if len(items) == number:
                return items
        return None


def dictionary_words(s: str, longest: int = 4) -> list[str]:
    """Forward longest-match cut by jieba's dictionary, words of up to ``longest`` characters (enough
    to find the verbs of a short phrase, or its edges)."""
    tags, out, i = dictionary_tags(), [], 0
    while i < len(s):
        k = next((k for k in range(longest, 1, -1) if s[i:i + k] in tags), 1)
        out.append(s[i:i + k])
        i += k
    return out


def _after_last_verb(first: str, rest: list[str]) -> str:
    """本期展会涵盖时尚、家用纺织品、文具 → 时尚; 沟通了长江、淮河 → 长江: a first part much longer than
    the others carries its clause; what follows the clause's last verb or particle is the part."""
    longest = max((len(r) for r in rest), default=0)
    if len(first) < longest + 3:
        return first
    words = dictionary_words(first)
    tags = dictionary_tags()
    cut = None
    for k, w in enumerate(words[:-1]):
        # a one-character verb, or a verb before another verb, is inside the part (煤电节能降碳改造)
        if tags.get(w, "")[:1] in ("p", "u", "c") or tags.get(w, "")[:1] == "v" and tags.get(w) != "vn" and \
                len(w) >= 2 and tags.get(words[k + 1], "")[:1] != "v":
            cut = k + 1
    if cut is None:
        return first
    tail = "".join(words[cut:])
    return tail if 1 <= len(tail) <= longest + 2 else first


def _trim_last(parts: list[str]) -> list[str]:
    """通过科技创新、制度创新推动发展 → 科技创新, 制度创新: when the other parts are all as long as each
    other, a longer last part that goes on with a verb ran on into the clause."""
    lengths = {len(p) for p in parts[:-1]}
    if len(parts) < 2 or len(lengths) != 1:
        return parts
    n = lengths.pop()
    last = parts[-1]
    if "、" in last:
        return parts  # a part that holds a list of its own (深入A、深入B 1次) is whole
    if len(last) > n + 1 and dictionary_tags().get(last[n:n + 2], "")[:1] == "v":
        return parts[:-1] + [last[:n]]
    return parts


def _numbered_items(content: str, counts: list[int]) -> list[str] | None:
    """“1+1”，即每周A 1次、每月B、C 1次: a code's parts each hold their number; an item without one
    runs on into the next (B、C 1次 is one part)."""
    items, pending = [], ""
    for item in (i.strip() for i in content.split("、")):
        pending = f"{pending}、{item}" if pending else item
        if re.search(r"\d", item):
            items.append(pending)
            pending = ""
    if pending or len(items) not in counts:
        return None
    items[-1] = re.split(r"[，,：:]", items[-1], maxsplit=1)[0]
    return items


def _enumerator(label: str) -> str:
    """A regex of one enumerator of a list in running text: 二是, 二要, 其二(是), 第二(，)."""
    return rf"(?:\*\*)?\s*(?:{label}是|{label}要|其{label}(?:是|为)?|第{label}[，,、是]?)"


def _pair(content: str, counts: list[int]) -> list[str] | None:
    """“两个责任”（主体责任和监督责任）: a formula of two whose parts are joined by 和, 与 or 及 (once);
    the second part ends before the clause's verb (群众满意度与获得感同步提升 → 获得感)."""
    joins = re.findall(r"以及|[和与及]", content)
    if 2 not in counts or len(joins) != 1:
        return None
    first, second = (clean_component(x) for x in re.split(r"以及|[和与及]", content))
    tags = dictionary_tags()
    words = dictionary_words(second)
    for k, w in enumerate(words[1:], start=1):  # the verb (or adverb) the clause goes on with
        if len(w) >= 2 and tags.get(w, "")[:1] in ("v", "d", "p") and tags.get(w) != "vn" and len("".join(words[:k])) >= 2:
            second = "".join(words[:k])
            break
    if len(first) < 2 or len(second) < 2 or max(len(first), len(second)) > 2 * min(len(first), len(second)) + 1:
        return None
    return [first, second]


def _leading_noun_phrase(s: str) -> str:
    """The word (or noun + noun) that a count names at the start of ``s``: 国家战略叠加… → 国家战略,
    行动，… → 行动. Longest dictionary words first, at most four characters."""
    tags = dictionary_tags()

    def word_at(i: int) -> str:
        for k in (4, 3, 2):
            if s[i:i + k] in tags and re.fullmatch(rf"[{CJK}]+", s[i:i + k]):
                return s[i:i + k]
        return ""

    first = word_at(0)
    if not first:
        return ""
    if tags.get(first, "").startswith("n") and len(first) <= 2:
        second = word_at(len(first))
        if second and tags.get(second, "").startswith("n") and len(first + second) <= 4:
            return first + second
    return first


def _numeral_text(n: int) -> str:
    return {v: k for k, v in NUMERALS.items() if k not in ("二", "双")}.get(n, str(n))


def clean_component(s: str) -> str:
    s = s.strip().strip("“”\"「」『』").strip()
    if s[:1] in "（(" and not re.search(r"[）)]", s):
        s = s[1:]  # the bracket that opened a list (A、B、C), not part of the first item
    if s[-1:] in "）)" and not re.search(r"[（(]", s):
        s = s[:-1]
    return re.sub(r"(?:的|等|，|,|。)$", "", s).strip().strip("“”\"")


def split_to_count(content: str | list[str], counts: list[int], merge: bool = True,
                   fallback: bool = True) -> list[str] | None:
    """Split an expansion into as many parts as the formula declares, coarsest separator first.

    If no separator gives one of the declared counts but one gives a multiple of it (“情况杂，但复核清，
    难度高，但签约快…”四个突破: 8 clauses, 4 parts), consecutive parts are joined. Failing both, the
    finest list found is returned and the caller flags the mismatch.
    """
    if isinstance(content, list):
        return [clean_component(c) for c in content if clean_component(c)]
    best = None
    for sep in ("；", ";", "，", ",", "、"):
        parts = [clean_component(p) for p in content.split(sep)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        if sep == "、":  # a list's last item ends at the clause's end (…、形成一套经验，全镇…)
            parts[-1] = clean_component(re.split(r"[，,：:]", parts[-1], maxsplit=1)[0]) or parts[-1]
        if len(parts) in counts:
            return parts
        if merge:
            for c in counts:
                if c > 1 and len(parts) % c == 0:
                    k = len(parts) // c
                    return [sep.join(parts[i:i + k]) for i in range(0, len(parts), k)]
        best = best or parts
    return best if merge and fallback else None
