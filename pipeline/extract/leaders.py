"""Leaders named with their titles: 市委常委、组织部长林晓峰 / 省委车俊书记."""
from __future__ import annotations

import re

from ..records import Leader

# Common surnames (the first character of a name that follows a title).
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
            "戴莫孔向汤车俞楼应柴翁章倪屠童葛鲍裘骆")
POST = r"(?:常委|副?书记|组织部长|宣传部长|部长|副部长|副?省长|副?市长|副?县长|副?区长|主任|副主任|主席|副主席|局长|厅长|秘书长)"
ORG = (r"(?:[\u4e00-\u9fff]{0,8}?(?:省委|市委|县委|区委|党委|党工委|党总支|党支部|政府|人大|政协|组织部|办公室|"
       r"社区|街道|省|市|县|区|镇|乡|村))?")
TITLE = rf"{ORG}{POST}(?:[、，]{ORG}{POST}){{0,3}}"
NAME = rf"[{SURNAMES}][\u4e00-\u9fff]{{1,2}}?"
TITLE_THEN_NAME = re.compile(rf"(?P<title>{TITLE})\s*(?P<name>{NAME})(?=同志|对|在|指出|强调|批示|作出|的|，|。|、|\s|$)")
NAME_BETWEEN = re.compile(rf"(?P<org>省委|市委|县委|区委|省政府|市政府|县政府)(?P<name>{NAME})(?P<post>{POST})"
                          r"(?=的|对|在|，|。|批示|指出|强调|同志)")


# Words a sentence may put before a title ("得到了省委常委…的肯定") that are not part of it.
LEAD_IN = re.compile(r"^(?:得到了?|受到了?|获得了?|根据|经过?|由|请|向|对|在|据|和|与|及|、)+")


POST_WORD = re.compile(POST)
# A match holds a post, with at most an organisation (≤ 11 characters) before each post of its chain
# and a name after; windows this far around each post hold every match whole.
REACH = 40


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around its posts, merged: the expensive patterns run only there (most of a
    text names no post, and TITLE_THEN_NAME would otherwise be tried at every character)."""
    out: list[list[int]] = []
    for m in POST_WORD.finditer(text):
        start, end = max(0, m.start() - REACH), min(len(text), m.end() + REACH)
        if out and start <= out[-1][1]:
            out[-1][1] = end
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def find_leaders(text: str) -> list[Leader]:
    """Leaders in a text with their titles, in order, each span once."""
    found: list[Leader] = []
    windows = _windows(text)
    for m in (m for s, e in windows for m in TITLE_THEN_NAME.finditer(text, s, e)):
        lead = LEAD_IN.match(m.group("title"))
        start = m.start() + (lead.end() if lead else 0)
        found.append(Leader(name=m.group("name"), title=text[start:m.start("name")].strip("、， "), start=start,
                            end=m.end(), context=text[max(0, start - 10):m.end() + 10]))
    for m in (m for s, e in windows for m in NAME_BETWEEN.finditer(text, s, e)):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Leader(name=m.group("name"), title=m.group("org") + m.group("post"), start=m.start(),
                                end=m.end(), context=text[max(0, m.start() - 10):m.end() + 10]))
    return sorted(found, key=lambda f: f.start)
