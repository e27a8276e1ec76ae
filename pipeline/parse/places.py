"""Places: an administrative-division gazetteer (cpca's data) plus an alias table for renamed divisions.

``Gazetteer.find`` returns every division named in a text; ``Gazetteer.resolve`` picks the most
specific one, disambiguated by context (a bulletin's own region, a city named before a county).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from ..lexicon import dictionary_tags
from ..records import Place

MODELS = Path(__file__).resolve().parents[2] / "models"
MUNICIPALITIES = {"11", "12", "31", "50"}
MUNICIPALITY_NAMES = {"北京市", "天津市", "上海市", "重庆市"}
# Words a division's last character starts that still leave it a division's name (市委, 区政府).
ORGAN_WORDS = {"市委", "区委", "市政", "区政", "市级", "区级", "市直", "区直", "市长", "区长", "市县", "市镇"}
# Two-character district names that are ordinary words inside longer names (新城区, 矿区 …):
# accepted only right after their own city's name.
TOWN = re.compile(r"^([\u4e00-\u9fff]{2,4}?(?:镇街道|街道办事处|街道|镇|乡))")


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    level: int  # 1 province, 2 city, 3 county
    province: str
    city: str | None
    county: str | None


# What a division's name ends with, dropped to get the short name people write (浙江, 深圳, 兰考).
PROVINCE_SUFFIX = re.compile(r"(省|市|特别行政区|自治区)$")
CITY_SUFFIX = re.compile(r"(市|地区|盟|自治州)$")
COUNTY_SUFFIX = re.compile(r"(自治县|自治旗|县|区|市|旗|特区|林区)$")
# A place named as where something was held is a venue, not the actor (会议在北京举行).
VENUE_AFTER = re.compile(r"^(?:[^，。；！？]{0,8}?|[^，。；！？]{0,4}(?:人民大会堂|会议中心|会展中心|宾馆|饭店|大厦|国宾馆)"
                         r"[^，。；！？]{0,30}?)(举行|召开|举办|开幕|闭幕|落幕|会见|会谈|出席|主持)")
STREET_AFTER = re.compile(r"^(?:[路街巷弄桥]|大道|大街)(?!道)")
ANONYMISED = re.compile(r"(?:我|本|该|[Xx×＊*某]{1,3})(?:省|市|县|区|镇|乡|街道)")


class Gazetteer:
    def __init__(self, aliases_path: Path | None = None):
        rows = {}
        with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows[row["adcode"][:6]] = row["name"]
        with resources.files("cpca").joinpath("resources/56_nations.csv").open(encoding="utf-8") as fh:
            nations = sorted((ln.strip() for ln in fh if ln.strip()), key=len, reverse=True)
        ethnic = re.compile("(" + "|".join(re.escape(n) for n in nations + [n[:-1] for n in nations if len(n) > 2])
                            + ")+$")
        self.by_name: dict[str, list[Division]] = {}
        for code, name in rows.items():
            prov_code = code[:2] + "0000"
            province = rows.get(prov_code)
            if province is None:
                continue
            if code == prov_code:
                div = Division(code, name, 1, province, province if code[:2] in MUNICIPALITIES else None, None)
            elif code[4:] == "00":
                if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    continue
                div = Division(code, name, 2, province, name, None)
            else:
                city = rows.get(code[:4] + "00")
                if code[:2] in MUNICIPALITIES or city in (None, "市辖区", "县", "省直辖县级行政区划",
                                                           "自治区直辖县级行政区划"):
                    city = province if code[:2] in MUNICIPALITIES else None
                div = Division(code, name, 3, province, city, name)
            self.by_name.setdefault(name, []).append(div)
        self.aliases: dict[str, str] = {}
        path = aliases_path or MODELS / "place_aliases.csv"
        with open(path, encoding="utf-8") as fh:
            lines = [ln for ln in fh if not ln.startswith("#")]
        for row in csv.DictReader(lines):
            if row["gazetteer_name"] in self.by_name:
                self.aliases[row["alias"]] = row["gazetteer_name"]
        # Short names: 浙江 for 浙江省, 深圳 for 深圳市, 恩施 for 恩施土家族苗族自治州, 兰考 for 兰考县.
        # A short name that is also a full name (吉林) stays the full name's.
        self.short: dict[str, list[Division]] = {}
        suffix = {1: PROVINCE_SUFFIX, 2: CITY_SUFFIX, 3: COUNTY_SUFFIX}
        for name, divs in self.by_name.items():
            for div in divs:
                short = suffix[div.level].sub("", name)
                if div.level > 1 or short != name:
                    short = ethnic.sub("", short) if len(ethnic.sub("", short)) >= 2 else short
                if len(short) >= 2 and short != name and short not in self.by_name:
                    self.short.setdefault(short, []).append(div)
                if div.level == 2 and name.endswith("自治州") and len(short) >= 2 and short + "州" not in self.by_name:
                    self.short.setdefault(short + "州", []).append(div)  # 黔东南州, 恩施州: as people write them
        # Counties made cities or districts after the data was taken (祁阳县 → 祁阳市): the same stem
        # with 市 or 区, where no division has that name, stands for the county, under today's name.
        self.derived: dict[str, list[Division]] = {}
        for name, divs in self.by_name.items():
            if name.endswith(("县", "市")) and len(name) >= 3:  # 海门市 → 海门区: county-level cities too
                for suffix in ("市", "区") if name.endswith("县") else ("区",):
                    new = name[:-1] + suffix
                    if new not in self.by_name and new not in self.aliases:
                        self.derived.setdefault(new, []).extend(d for d in divs if d.level == 3)
        self.derived = {name: divs for name, divs in self.derived.items() if divs}
        self.automaton = ahocorasick.Automaton()
        for name in list(self.by_name) + list(self.aliases) + list(self.short) + list(self.derived):
            self.automaton.add_word(name, name)
        self.automaton.make_automaton()

    def names(self) -> list[str]:
        """Every full name the gazetteer knows (divisions and aliases)."""
        return list(self.by_name) + list(self.aliases)

    def candidates(self, name: str) -> list[Division]:
        full = self.by_name.get(self.aliases.get(name, name)) or self.derived.get(name)
        return full if full else self.short.get(name, [])

    def is_short(self, name: str) -> bool:
        return name not in self.by_name and name not in self.aliases and name not in self.derived

    def find(self, text: str, context: Place | None = None) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping mentions: (start, end, name as written).

        A short name counts only where it stands as a word: no dictionary word runs across its edges
        (浙江大学, 苏南 in 江苏南京 is fine because 南京 is a place too), and a county's short name
        only where its city or province is named before it or is the context's.
        """
        chosen = [(end + 1 - len(name), end + 1, name) for end, name in self.automaton.iter_long(text)]
        spans = [(s, e) for s, e, _ in chosen]
        out = []
        for start, end, name in chosen:
            if name in self.derived:
                # 祁阳市委, 祁阳市推行…, but not 和平市场 (its last character must not start a word) and
                # not 雄安新区 (it must not run on from a word before it: only after its city or
                # province, a function word or no Chinese at all)
                before = text[start - 1:start]
                if before and "\u4e00" <= before <= "\u9fff" and before not in "在的和与及到赴从对是" and \
                        not self._weak_ok(text, start, name) and not any(
                            text[:start].endswith(PROVINCE_SUFFIX.sub("", d.province)) for d in self.derived[name]):
                    continue
                pair = text[end - 1:end + 1]
                if len(pair) == 2 and pair in dictionary_tags() and pair not in ORGAN_WORDS or \
                        self._inside_word(text, start, end, spans, ends=False):
                    continue
            elif self.is_short(name):
                if not self._short_ok(text, start, end, name, spans, context):
                    continue
                if STREET_AFTER.match(text[end:end + 2]):
                    continue  # 江苏路, 北京街, 南京大道: a street named after a place, not the place
            elif len(name) <= 2 and not self._weak_ok(text, start, name):
                continue
            elif len(name) == 3 and all(d.level == 3 for d in self.candidates(name)) and \
                    self._inside_word(text, start, end, spans, ends=False):
                continue  # 海城市 (a county) inside 红海城市
            out.append((start, end, name))
        return out

    def _weak_ok(self, text: str, start: int, name: str) -> bool:
        for div in self.candidates(name):
            if div.city and text[:start].endswith(div.city):
                return True
        return False

    def _inside_word(self, text: str, start: int, end: int, spans, ends: bool = True) -> bool:
        """Does a dictionary word run across the edges of text[start:end] (浙江|大学, 红|海城市)?
        A word reaching into a neighbouring place name does not count (江苏|南京 across 苏南).
        ``ends=False`` checks the start only: a full name runs on into 市委, 县立 as words do."""
        words = dictionary_tags()

        def in_place(i: int, j: int) -> bool:
            return any(s <= i and j <= e or (s < j and i < e and (s, e) != (start, end)) for s, e in spans)

        for i in range(max(0, start - 4), end):
            for j in range(max(i + 2, start + 1), min(len(text), i + 6) + 1):
                crosses = i < start < j or ends and i < end < j
                if crosses and text[i:j] in words and text[i:j] not in self.short and text[i:j] not in self.by_name \
                        and not (in_place(i, start) if i < start else in_place(end, j)):
                    return True
        return False

    def _short_ok(self, text: str, start: int, end: int, name: str, spans, context: Place | None) -> bool:
        divs = self.short[name]
        if all(d.level == 3 for d in divs):  # the cheaper test first: is its city or province named?
            def named(word: str) -> bool:
                return text.find(word, 0, start) >= 0

            if not any(d.city and (named(d.city) or named(CITY_SUFFIX.sub("", d.city)))
                       or named(PROVINCE_SUFFIX.sub("", d.province))
                       or context and (context.city == d.city and d.city or context.province == d.province)
                       for d in divs):
                return False
        return not self._inside_word(text, start, end, spans)

    def pick(self, name: str, context: Place | None = None, before: str = "", nearby: str = "") -> Division | None:
        """One division for a name: the one whose city or province is named right before it, else the
        context's (a bulletin's region), else the one whose city or province the text ``nearby`` names
        (鼓楼区 in a headline, 福州市 in its source line or opening: not 南京's, 开封's or 徐州's)."""
        cands = self.candidates(name)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]

        def named_near(division: str | None, suffix: re.Pattern) -> bool:
            if not division or not nearby:
                return False
            short = suffix.sub("", division)
            return division in nearby or len(short) >= 2 and short in nearby

        def score(d: Division) -> tuple:
            return (
                bool(d.city and d.city in before),
                bool(d.province in before),
                bool(context and context.city and d.city == context.city),
                bool(context and context.province and d.province == context.province),
                -d.level,  # 吉林 is the province, whatever the text nearby names
                named_near(d.city, CITY_SUFFIX),  # only among divisions of one level: 鼓楼区 ×4
                named_near(d.province, PROVINCE_SUFFIX),
            )

        return max(cands, key=score)

    def places(self, text: str, context: Place | None = None, venues: bool = True,
               nearby: str = "") -> list[tuple[int, Place]]:
        """Every division named in ``text`` as (offset, Place); ``venues=False`` leaves out 在X举行;
        ``nearby``: text around it that may name an ambiguous name's city or province."""
        out = []
        for start, end, name in self.find(text, context):
            if not venues and text[:start].endswith("在") and VENUE_AFTER.match(text[end:]):
                continue
            div = self.pick(name, context, text[:start], nearby)
            if div is not None:
                out.append((start, self._place(div, name)))
        return out

    def _place(self, div: Division, name: str) -> Place:
        # Renamed (县→市/区): the division under the name the text uses. An item that says 长治县 was
        # written before the county became 上党区 and is filed as the annotators of real pages file it,
        # under 长治县; one that says 上党区 gets that name, the gazetteer's old one kept as former.
        today = (self.aliases.get(name) or name in self.derived) and name
        if div.level == 3 and today:
            return Place(name=today, province=div.province, city=div.city, county=today, adcode=div.adcode,
                         former=div.name)
        return Place(name=div.name, province=div.province, city=div.city, county=div.county, adcode=div.adcode)

    def resolve(self, text: str, context: Place | None = None, venues: bool = True, nearby: str = "") -> Place | None:
        """The most specific division named in ``text``, as a Place."""
        found = self.places(text, context, venues, nearby)
        if not found:
            return None
        return max(found, key=lambda hit: (specificity(hit[1]), -hit[0]))[1]


def unit_place(unit: str) -> Place | None:
    """The place a unit's name gives: 中共宁远县委组织部 → 宁远县 (a bulletin's issuer, an item's
    contributor, a page's source)."""
    return gazetteer().resolve(re.sub(r"^(中共|中国共产党)", "", unit), venues=False)


def specificity(place: Place) -> int:
    """1 province, 2 city, 3 county, 4 town (a municipality's city is its province)."""
    if place.county:
        return 3 + (place.name not in (place.county, place.former))
    if place.city and place.city != place.province:
        return 2
    return 1


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def town_in(text: str) -> str | None:
    m = TOWN.search(text)
    return m.group(1) if m else None
