"""Dates written with Arabic or Chinese numerals, to ISO strings."""
from __future__ import annotations

import re

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
NUM = r"[\d〇○零Ｏ一二三四五六七八九十]"
DATE = re.compile(rf"({NUM}{{4}})\s*年\s*({NUM}{{1,3}})\s*月\s*({NUM}{{1,3}})\s*日")
MONTH_DAY = re.compile(rf"({NUM}{{1,3}})\s*月\s*({NUM}{{1,3}})\s*日")


def cn_int(text: str) -> int | None:
    """'39', '三十九', '二〇一八' → int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if all(c in CN_DIGITS for c in text):  # digit by digit: 二〇一八
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in CN_DIGITS:
            current = CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def iso_date(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 < year < 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_date(text: str) -> str | None:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (cn_int(g) for g in m.groups())
    return iso_date(y, mo, d) if None not in (y, mo, d) else None


def month_day_in_year(text: str, reference: str | None) -> str | None:
    """'8 月 30 日' dated by a reference ISO date: the same year, or the year before if later."""
    full = find_date(text)
    if full:
        return full
    m = MONTH_DAY.search(text)
    if not m or not reference:
        return None
    mo, d = cn_int(m.group(1)), cn_int(m.group(2))
    year, ref_month = int(reference[:4]), int(reference[5:7])
    if mo is None or d is None:
        return None
    if mo > ref_month:
        year -= 1
    return iso_date(year, mo, d)


# A broadcast transcript's first line: the programme in 《》 and the day it aired, (20240822) or
# (2024-08-22). Every item under it is that day's.
PROGRAMME_LINE = re.compile(r"^\s*#*\s*《(?P<name>[^》\n]{2,20})》\s*[（(]\s*(?P<y>\d{4})\s*[-./年]?\s*(?P<m>\d{1,2})\s*"
                            r"[-./月]?\s*(?P<d>\d{1,2})\s*日?\s*[）)]\s*$")
# A date standing alone on a line (under a headline): 2024年5月6日, 2024-05-06, 2024/5/6 08:30
DATE_ONLY = re.compile(r"^\s*(?P<y>\d{4})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*日?"
                       r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def programme_day(line: str) -> tuple[str, str] | None:
    """(programme, ISO date) when ``line`` opens a broadcast transcript: 《新闻联播》 (20240822)."""
    m = PROGRAMME_LINE.match(line)
    if not m:
        return None
    day = iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return (m.group("name"), day) if day else None


def date_only(line: str) -> str | None:
    """The ISO date of a line that holds a date (and a time of day) and nothing else."""
    m = DATE_ONLY.match(line)
    return iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d"))) if m else None
