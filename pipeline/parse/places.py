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

from ..records import Place

MODELS = Path(__file__).resolve().parents[2] / "models"
MUNICIPALITIES = {"11", "12", "31", "50"}
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


class Gazetteer:
    def __init__(self, aliases_path: Path | None = None):
        rows = {}
        with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows[row["adcode"][:6]] = row["name"]
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
        self.automaton = ahocorasick.Automaton()
        for name in list(self.by_name) + list(self.aliases):
            self.automaton.add_word(name, name)
        self.automaton.make_automaton()

    def names(self) -> list[str]:
        """Every name the gazetteer knows (divisions and aliases)."""
        return list(self.by_name) + list(self.aliases)

    def candidates(self, name: str) -> list[Division]:
        return self.by_name.get(self.aliases.get(name, name), [])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping mentions: (start, end, name as written)."""
        hits = []
        for end, name in self.automaton.iter(text):
            start = end - len(name) + 1
            hits.append((start, end + 1, name))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, last_end = [], -1
        for start, end, name in hits:
            if start >= last_end:
                if len(name) <= 2 and not self._weak_ok(text, start, name):
                    continue
                out.append((start, end, name))
                last_end = end
        return out

    def _weak_ok(self, text: str, start: int, name: str) -> bool:
        for div in self.candidates(name):
            if div.city and text[:start].endswith(div.city):
                return True
        return False

    def pick(self, name: str, context: Place | None = None, before: str = "") -> Division | None:
        """One division for a name, preferring the context's province and city, then a city named before."""
        cands = self.candidates(name)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]

        def score(d: Division) -> tuple:
            return (
                bool(d.city and d.city in before),
                bool(d.province in before),
                bool(context and context.city and d.city == context.city),
                bool(context and context.province and d.province == context.province),
                -d.level,
            )

        return max(cands, key=score)

    def resolve(self, text: str, context: Place | None = None) -> Place | None:
        """The most specific division named in ``text``, as a Place."""
        best, best_key = None, None
        for start, end, name in self.find(text):
            div = self.pick(name, context, text[:start])
            if div is None:
                continue
            key = (div.level, -start)
            if best_key is None or key > best_key:
                best, best_key = (div, name, end), key
        if best is None:
            return None
        div, name, end = best
        county = name if (div.level == 3 and name in self.aliases) else div.county  # the name in use today
        return Place(name=name, province=div.province, city=div.city, county=county, adcode=div.adcode)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def town_in(text: str) -> str | None:
    m = TOWN.search(text)
    return m.group(1) if m else None
