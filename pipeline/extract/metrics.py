"""Metrics: quantities with a unit, in base units, with their qualifier and what they measure.

Arabic-digit quantities are the core (40天, 820户, 1.1万亩 → 11000 亩, 20余万元 → 200000 元, 1-2名,
6000元/人, 超10亿元); Chinese-numeral quantities with a measure word (两名党员) are an extra and
are marked ``written="chinese"``. cn2an converts only the numeral span, never the whole text
(it would turn 三会一课 into 3会1课). Dates, years, ordinals (第16期) and list numbers are not metrics.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal
from dataclasses import dataclass

import cn2an

from ..records import Metric
from .segment import dictionary_tags
from .settings import load_settings
from .slogans import dictionary_words

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUMERAL = "零一二两三四五六七八九十百千万亿"
CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?、（）()\n“”\"]")
# "about" is what the clause says before the number, without the verbs and fillers around it.
ABOUT_LEAD = re.compile(r"(?:并|又|还|共|累计|已|已经|先后|分别|目前|其中|全年|仅|即)+")
# 均 closes a clause as "each" (各村均达到), never as the 均 of 人均, 户均, 平均: per head is what is measured.
ABOUT_TAIL = re.compile(r"(?:共|累计|总计|合计|达到|达|为|是|有|了|计|至|到|用|每|(?<![人户村亩年月日平])均)+$")
ABOUT_NUMBER = re.compile(r"[\d.%]+[\u4e00-\u9fff]?$")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass
class _Grammar:
    arabic: re.Pattern
    chinese: re.Pattern
    units: dict
    magnitudes: dict
    before: dict
    after_number: dict
    after_unit: dict


def _grammar(settings: dict) -> _Grammar:
    m = settings["metrics"]
    units = {k: (v[0], float(v[1])) for k, v in m["units"].items()}
    # "个亿" is a sum of money (10个亿 = 10 亿元) unless 元 follows: "75个亿元以上项目" counts projects.
    unit = _alternation(units).replace("个亿", "个亿(?!元)")
    per = _alternation(m["per"])
    mags = _alternation(m["magnitudes"])
    before = _alternation(m["before"])
    after_n = _alternation(m["after_number"])
    after_u = _alternation(m["after_unit"])
    arabic = re.compile(
        rf"(?:(?P<pre>{before})\s*)?(?P<num>{NUMBER})(?:\s*[-—~～至到]\s*(?P<num2>{NUMBER}))?"
        rf"\s*(?P<q1>{after_n})?\s*(?P<mag>(?:{mags}){{1,2}})?\s*(?P<q2>{after_n})?\s*"
        rf"(?:(?P<unit>{unit})(?:/(?P<per>{per}))?|大(?P<big>[\u4e00-\u9fff]{{2}}))(?P<post>{after_u})?")
    chinese = re.compile(
        rf"(?P<pre>{before})?(?P<num>[{CN_NUMERAL}]{{1,8}})(?P<q1>{after_n})?"
        rf"(?P<unit>{_alternation(m['chinese_units'])})(?P<post>{after_u})?")
    return _Grammar(arabic, chinese, units, {k: float(v) for k, v in m["magnitudes"].items()},
                    m["before"], m["after_number"], m["after_unit"])


def _to_float(s: str) -> float:
    return float(s.replace(",", ""))


def _scaled(number: str, factor: float) -> float:
    """2317.3 × 1亿 = 231730000000 exactly, not 231730000000.00003: decimal arithmetic, then float."""
    return float(Decimal(number.replace(",", "")) * Decimal(repr(factor)))


class MetricFinder:
    """Find the metrics in a text: ``MetricFinder()(text) -> list[Metric]`` with offsets into text."""

    def __init__(self, settings: dict | None = None, chinese_numerals: bool = True):
        self.settings = settings or load_settings()
        self.grammar = _grammar(self.settings)
        self.chinese_numerals = chinese_numerals
        self.not_qualifier = set(self.settings["metrics"]["not_qualifier"])
        m = self.settings["metrics"]
        self.chinese_not_before = tuple(m.get("chinese_not_before", ()))
        self.time_units = set(m.get("chinese_time_units", ()))
        self.duration_before = tuple(m.get("duration_before", ()))
        self.duration_after = tuple(m.get("duration_after", ()))
        self.not_metric_units = set(m.get("not_metric_units", ()))
        self.not_after_fang = m.get("not_after_fang", "")
        self.name_ends = _alternation(m.get("name_ends", ["项目", "工程", "行动", "活动"]))
        self.unit_start = re.compile(_alternation(self.grammar.units))
        people = _alternation(m.get("people_nouns", ["人才"]))
        mags = _alternation(m["magnitudes"])
        # 技能人才74万, 10.62万群众: a people noun and a bare figure with a magnitude, no unit
        # (城市人口近45万: the 近 is kept; 6万多常住人口: a word may qualify the people noun after it)
        self.people = re.compile(rf"(?:(?P<noun>{people})(?:达到|达|为|共|(?P<pre>约|近|超过|超))?)?(?P<num>{NUMBER})"
                                 rf"(?P<q>余|多)?(?P<mag>{mags})(?P<q2>余|多)?(?:[\u4e00-\u9fff]{{0,2}}?(?P<after>{people}))?")

    def __call__(self, text: str, exclude: list[tuple[int, int]] = (),
                 exclude_chinese: list[tuple[int, int]] = (), words: list[int] | None = None) -> list[Metric]:
        """Metrics in ``text``; none inside the ``exclude`` spans (浙江20条, 1+8), and no Chinese-numeral
        one inside ``exclude_chinese`` (any slogan: the 三 of 三个同步 counts nothing). ``words``, the
        offsets where the text's words start, keeps each metric's ``about`` to whole words."""
        def inside(start: int, end: int, spans) -> bool:
            return any(s < end and start < e for s, e in spans)

        found = [m for m in (self._arabic(match, text, words) for match in self.grammar.arabic.finditer(text))
                 if m and not inside(m.start, m.end, exclude)]  # 浙江20条 is a slogan, not 20 条
        taken = [(m.start, m.end) for m in found]
        for match in self.people.finditer(text):
            if (match.group("noun") or match.group("after")) and not inside(match.start("num"), match.end(), taken) \
                    and not inside(match.start("num"), match.end(), exclude) and not self._unit_follows(text, match):
                found.append(self._people(match, text, words))
        if self.chinese_numerals:
            taken = [(m.start, m.end) for m in found] + list(exclude) + list(exclude_chinese)
            for match in self.grammar.chinese.finditer(text):
                if inside(match.start(), match.end(), taken):
                    continue
                metric = self._chinese(match, text, words)
                if metric:
                    found.append(metric)
        return sorted(found, key=lambda m: m.start)

    # -- Arabic digits ---------------------------------------------------------------------------
    def _arabic(self, match: re.Match, text: str, words: list[int] | None) -> Metric | None:
        g = self.grammar
        start, end = match.start(), match.end()
        num_start = match.start("num")
        before = text[max(0, num_start - 2):num_start]
        after = text[end:end + 2]
        unit_written = match.group("unit")
        if num_start > 0 and (text[num_start - 1].isalnum() and not "\u4e00" <= text[num_start - 1] <= "\u9fff"
                              or text[num_start - 1] in ".．/:"):
            return None  # part of a code, a version, a date like 7.26 or a time
        if re.search(r"第\s*$", before) or re.search(r"总\s*$", before):
            return None  # ordinal: 第16期, 总1003期
        if unit_written and self._is_date(match, text, unit_written, after):
            return None
        if match.group("big") and match.group("mag"):
            return None
        if unit_written in self.not_metric_units:
            return None  # 20周年: an anniversary
        if unit_written in ("分钟", "小时", "公里") and re.match(r"[\u4e00-\u9fff]{0,6}圈", text[end:end + 8]):
            return None  # 15分钟生活圈, 1小时经济圈: the name of a circle, not a quantity
        if unit_written == "方" and text[end:end + 1] and text[end:end + 1] in self.not_after_fang:
            return None  # 三方面, 2方案
        start, qualifier = self._start_and_qualifier(match, text)
        if unit_written and unit_written[1:-1] in self.grammar.after_number:
            qualifier = qualifier or self.grammar.after_number[unit_written[1:-1]]  # 1个多月
        low = _to_float(match.group("num"))
        high = _to_float(match.group("num2")) if match.group("num2") else None
        if high is not None and high <= low:
            return None  # "3-2" is not a range; likely a code
        factor = 1.0
        for ch in match.group("mag") or "":
            factor *= g.magnitudes[ch]
        if unit_written:
            unit, unit_factor = g.units[unit_written]
            if unit_written == "个亿" and match.group("mag"):
                return None
            factor *= unit_factor
            if match.group("per"):
                unit = f"{unit}/{match.group('per')}"
        else:
            unit = match.group("big")
        value = _scaled(match.group("num"), factor) if high is None else \
            (_scaled(match.group("num"), factor), _scaled(match.group("num2"), factor))
        return Metric(text=text[start:end], value=value, unit=unit, qualifier=qualifier,
                      about=about(text, start, end, unit_written or "", words), start=start, end=end, written="arabic")

    def _start_and_qualifier(self, match: re.Match, text: str) -> tuple[int, str | None]:
        """Where the metric starts and its qualifier, from the words around the number."""
        g, groups = self.grammar, match.groupdict()
        start, pre = match.start(), groups.get("pre")
        if pre and start > 0 and text[start - 1] + pre in self.not_qualifier:
            # 签约820户: the 约 belongs to the word before it, not to the number.
            start, pre = match.start("num"), None
        qualifier = (g.before.get(pre or "") or g.after_number.get(groups.get("q1") or "")
                     or g.after_number.get(groups.get("q2") or "") or g.after_unit.get(groups.get("post") or ""))
        return start, qualifier or None

    @staticmethod
    def _is_date(match: re.Match, text: str, unit: str, after: str) -> bool:
        num = match.group("num")
        if unit == "年":
            return bool(re.fullmatch(r"(?:19|20)\d\d", num)) or after.startswith("度")
        return unit in ("天", "周") and bool(re.match(r"\s*\d", after))

    def _unit_follows(self, text: str, match: re.Match) -> bool:
        """A figure followed by a unit was read by the main grammar (or deliberately not)."""
        if match.group("after"):
            return False
        return bool(self.unit_start.match(text, match.end()))

    def _people(self, match: re.Match, text: str, words: list[int] | None) -> Metric:
        start, end = match.start("num"), match.end("q2") if match.group("q2") else match.end("mag")
        factor = 1.0
        for ch in match.group("mag"):
            factor *= self.grammar.magnitudes[ch]
        value = _scaled(match.group("num"), factor)
        qualifier = self.grammar.after_number.get(match.group("q") or match.group("q2") or "") or \
            self.grammar.before.get(match.group("pre") or "")
        if match.group("pre") and not match.group("q") and not match.group("q2"):
            start = match.start("pre")
        noun = match.group("noun") or match.group("after")
        return Metric(text=text[start:end], value=value, unit="人", qualifier=qualifier, about=noun,
                      start=start, end=end, written="arabic")

    # -- Chinese numerals (an extra) -------------------------------------------------------------
    def _in_name(self, text: str, match: re.Match) -> bool:
        """A Chinese-numeral figure that is part of a name or an idiom: inside a short quoted name
        (“千名干部进万家”, “某地这十年”); a bare 百/千/万 beside another (千家万户, 万名干部进万企); or one
        that opens the name of a project, a base or an activity (万亩水田垦造项目, 千亩示范片)."""
        start, end = match.start(), match.end()
        opened = max(text.rfind(c, max(0, start - 20), start) for c in "“「\"")
        if opened >= 0 and not re.search(r"[”」\"]", text[opened + 1:start]) and re.search(r"[”」\"]", text[end:end + 20]):
            return True
        numeral = match.group("num")
        if numeral not in ("百", "千", "万") or match.group("pre"):
            return False
        near = text[max(0, start - 10):start] + "|" + text[end:end + 10]
        if re.search(r"(?<![\d一二两三四五六七八九十几数上近])[百千万][\u4e00-\u9fff]", near):
            return True
        return bool(re.match(rf"[\u4e00-\u9fff]{{0,6}}?(?:{self.name_ends})", text[end:end + 12]))


    def _chinese(self, match: re.Match, text: str, words: list[int] | None) -> Metric | None:
        numeral = match.group("num")
        start, end = match.start(), match.end()
        num_start = match.start("num")  # (近一个小时: 近 is the qualifier and a sign of a duration)
        # the words around say a span of time: 三年来, 连续三年, 近一个小时
        lasting = text.startswith(self.duration_after, end) or text.endswith(self.duration_before, 0, num_start)
        timed = match.group("unit") in ("个月", "个小时") and lasting
        if numeral == "一" and not match.group("pre") and not timed or numeral.strip("零") == "":
            return None  # 一名党员: a determiner, not a count anyone measures (but 一个月里 is a duration)
        if text[max(0, start - 1):start] in ("第", "每", "（", "(") or text[end:end + 1] in ("是",):
            return None  # 第三次, 每两年, （四期）: ordinals, rates and phase labels
        if start > 0 and text[start - 1] in CN_NUMERAL + "〇":
            return None  # part of a longer numeral or a year: 二〇三五年
        if "届" in text[max(0, start - 2):start] or text.startswith(self.chinese_not_before, end):
            return None  # 十四届二次会议, 三年行动计划, 八项规定: names and ordinals
        if numeral == "二":
            return None  # a count says 两 (两轮, 两次); 二轮 and 二次 are ordinals
        if self._in_name(text, match):
            return None
        if len(numeral) > 1 and start > 0 and text[start - 1] + numeral[0] in dictionary_tags():
            return None  # 唯一一个: the first 一 is the end of the word before
        unit_end = match.end("unit")
        if match.group("unit") == "成" and (numeral not in "两三四五六七八九"
                                           or text[unit_end - 1:unit_end + 1] in dictionary_tags()):
            return None  # 八成 is tenths; 一成不变, 三成员, 九成熟 are words of their own
        if match.group("unit") in self.time_units and "\u4e00" <= text[end:end + 1] <= "\u9fff" and not lasting:
            return None  # 十年禁渔, 三年倍增计划: a span of time naming a programme
        try:
            # 千名讲师: a bare 千 or 万 is one thousand, one ten thousand
            value = float(cn2an.cn2an("一" + numeral if numeral[0] in "十百千万亿" and numeral[0] != "十" else numeral,
                                      "smart"))
        except (ValueError, KeyError):
            return None
        g = self.grammar
        unit, factor = match.group("unit"), 1.0
        if len(unit) > 1 and unit[0] in g.magnitudes:  # 万元, 亿元
            unit, factor = unit[1:], g.magnitudes[unit[0]]
        unit_written = unit
        unit, unit_factor = g.units.get(unit, (unit, 1.0))  # 个月 → 月
        start, qualifier = self._start_and_qualifier(match, text)
        if unit_written[1:-1] in g.after_number:
            qualifier = qualifier or g.after_number[unit_written[1:-1]]  # 两个多月
        return Metric(text=text[start:end], value=value * factor * unit_factor, unit=unit, qualifier=qualifier,
                      about=about(text, start, end, unit, words), start=start, end=end, written="chinese")


# Measure words after which the text names what was counted: 8个党支部, 36户党员家庭户.
COUNTED_AFTER = set("个名户家所座处间套台辆件份篇场批支株栋册本部条张项位人期轮块枚头只艘门列")


def about(text: str, start: int, end: int, unit: str = "", words: list[int] | None = None) -> str:
    """A short phrase saying what the quantity at [start, end) measures: the noun after 的 or after a
    measure word (8个党支部), a quoted name just before (建成“红色驿站”12个), else the clause before
    the number (完成签约 820户, 完成率 100%). ``words``, the offsets where the text's words start,
    keep the phrase to whole words."""
    after = re.match(r"的?([\u4e00-\u9fff]{2,10})", text[end:end + 12])
    if after and (text[end:end + 1] == "的" or unit in COUNTED_AFTER):
        noun = re.split(r"[和与及、]", after.group(1))[0]
        if len(noun) >= 2:
            at = end + after.start(1)
            return noun_phrase(_noun_after(text, at, at + len(noun), words) if words else noun)
    quoted = re.search(r"[“\"]([^“”\"]{2,10})[”\"]$", text[max(0, start - 12):start])
    if quoted:
        at, stop = max(0, start - 12) + quoted.start(1), max(0, start - 12) + quoted.end(1)
    else:
        at = start
        while at > 0 and not CLAUSE_BREAK.match(text[at - 1]) and start - at < 24:
            at -= 1
        at, stop = _clause_head(text, at, start)
    return noun_phrase(_from_word_start(text, at, stop, words) if words and stop > at else text[at:stop])


# Word classes (jieba's tags) that are no part of a noun phrase at its edges: prepositions,
# conjunctions, particles, adverbs, pronouns, time and place words, numerals and measure words.
FUNCTION_TAGS = ("p", "c", "u", "d", "r", "t", "f", "m", "q", "y", "e", "o")
# Words that say how a figure changed, was reached or how long it took, not what it counts.
CHANGE_WORDS = {"连续", "过去", "未来", "历时", "增长", "上升", "下降", "增加", "减少", "提高", "降低", "达到", "完成", "有着", "是", "为", "有", "同比",
                "环比", "分别", "上涨", "下跌", "超过", "突破", "实现", "新增", "累计", "共计", "合计", "总计", "约"}


def noun_phrase(phrase: str) -> str:
    """What a figure counts or measures is a noun phrase, or nothing: function words at either end
    (将, 是一位有着, 今年前), a verb before the noun (完成固定资产投资 → 固定资产投资) and the words of
    change after it (制造业增加值同比增长 → 制造业增加值) are cut off; a phrase of nothing else is
    empty. A word the dictionary does not know is kept."""
    if not phrase:
        return phrase
    tags = dictionary_tags()
    words = dictionary_words(phrase, longest=6)

    def function(w: str) -> bool:
        return tags.get(w, "").startswith(FUNCTION_TAGS) or w in CHANGE_WORDS

    while words and function(words[-1]):
        words.pop()
    while words and (function(words[0]) or len(words) > 1 and tags.get(words[0], "").startswith("v")
                     and tags.get(words[0]) != "vn" and tags.get(words[1]) not in ("v", "d", "ad", "vd")):
        words.pop(0)
    return "".join(words)


def _clause_head(text: str, at: int, stop: int) -> tuple[int, int]:
    """The last eight characters of text[at:stop] once fillers (并, 累计 … 达到, 为) and a number
    ending it are trimmed off."""
    while at < stop and text[at].isspace():
        at += 1
    while stop > at and text[stop - 1].isspace():
        stop -= 1
    if lead := ABOUT_LEAD.match(text, at, stop):
        at = lead.end()
    if tail := ABOUT_TAIL.search(text, at, stop):
        stop = tail.start()
    if number := ABOUT_NUMBER.search(text, at, stop):
        stop = number.start()
    while stop > at and text[stop - 1].isspace():
        stop -= 1
    return max(at, stop - 8), stop


def _from_word_start(text: str, at: int, stop: int, words: list[int]) -> str:
    """A phrase before the number that starts inside a word starts at that word when the phrase
    stays short (家级企业技术中心 → 国家级企业技术中心), else at the next word."""
    i = bisect.bisect_right(words, at) - 1
    if 0 <= i and words[i] < at:
        at = words[i] if stop - words[i] <= 10 else next((w for w in words[i + 1:] if w < stop), at)
    return text[at:stop]


def _noun_after(text: str, at: int, stop: int, words: list[int]) -> str:
    """The counted noun after a measure word, in whole words and without the verb that says what was
    done with it (3200名 机关党员 | 到村报到)."""
    j = bisect.bisect_left(words, stop)
    if j < len(words) and words[j] > stop and words[j - 1] - at >= 2:
        stop = words[j - 1]  # cut off inside a word: drop that word
    tags = dictionary_tags()
    for k in range(bisect.bisect_right(words, at), j):
        nxt = words[k + 1] if k + 1 < len(words) else len(text)
        word = text[words[k]:nxt]
        # 机关党员|到村报到, 村党组织|结对; but a two-character noun before a verb is more likely
        # the start of a compound (房屋征收组党总支) than a whole noun phrase
        if tags.get(word) in ("v", "p", "c") and (words[k] - at >= 4 or len(word) == 1 and words[k] - at >= 2):
            return text[at:words[k]]
    return text[at:stop]
