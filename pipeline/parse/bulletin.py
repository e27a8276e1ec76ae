"""Masthead, editor's note and distribution footer of a bulletin issue."""
from __future__ import annotations

import re

from ..records import Block, Bulletin, EditorNote
from .dates import DATE, NUM, cn_int, find_date, month_day_in_year
from .places import unit_place

MASTHEAD_SPAN = 14  # the masthead lies within this many blocks of the top
ISSUE = re.compile(rf"第\s*({NUM}{{1,4}})\s*期")
TOTAL = re.compile(rf"总\s*第?\s*({NUM}{{1,5}})\s*期")
ISSUER = re.compile(
    r"^(?:主办单位|主办|编印|编发|编)?[:：\s]*((?:中共|中国共产党)?[\u4e00-\u9fff（）()]{2,30}?"
    r"(?:委员会|党委|党组|工委|委|组织部|宣传部|办公室|办公厅|研究室|政府|厅|局|办))"
    r"(?:[\u4e00-\u9fff]{0,6}(?:室|处|科|组))?\s*(?:编印|编|主办|印发)?$")
NOT_PUBLICATION = re.compile(r"内部|资料|注意保存|秘密|机密|绝密|★|^第|^\(|^（|期$|^\d")
NOTE_START = re.compile(r"^(?:编者按|编者的话|按语|按)\s*[:：]\s*")
INSTRUCTION = re.compile(
    r"(?P<who>[^，。；]{2,40}?)对《(?P<doc>.+?)》(?:一文)?(?:作出|做出|作了|做了)?(?:重要)?批示[:：]\s*(?P<words>.+)")
TITLE_END = ("书记", "副书记", "部长", "市长", "县长", "区长", "省长", "主任", "常委", "委员", "主席",
             "局长", "厅长", "秘书长", "组长", "处长", "镇长", "乡长", "政委", "司令员", "院长", "校长")
NAME = r"[\u4e00-\u9fff·]{2,4}"
AFTERWORD = re.compile(r"(?:现将|现予|特此|特刊发|供参阅|供学习|请认真)")
DISTRIBUTION = re.compile(r"(?:^|(?<=[。；;\s]))(报|送|发|抄送|抄报|主送)[：:]\s*")
DISTRIBUTION_KEYS = {"报": "报", "抄报": "报", "送": "送", "抄送": "送", "主送": "送", "发": "发"}


def _short(block: Block, limit: int = 40) -> bool:
    return len(block.text) <= limit


def split_title_name(who: str) -> tuple[str | None, str | None]:
    """'市委常委、组织部长林晓峰' → ('市委常委、组织部长', '林晓峰')."""
    who = who.strip("，, ")
    for title_end in sorted(TITLE_END, key=len, reverse=True):
        m = re.match(rf"^(?P<title>.*{title_end})(?P<name>{NAME}?)(?:同志)?$", who)
        if m and m.group("name") and 2 <= len(m.group("name")) <= 4:
            return m.group("title"), m.group("name")
    m = re.match(rf"^(?P<name>{NAME}?)同志$", who)
    if m:
        return None, m.group("name")
    return None, None


def parse_editor_note(text: str, issue_date: str | None) -> EditorNote:
    body = NOTE_START.sub("", text, count=1)
    note = EditorNote(text=body)
    m = INSTRUCTION.search(body)
    if not m:
        return note  # a note without a leader's instruction: its fields stay empty
    head = m.group("who")
    date = month_day_in_year(body[:m.end("who")], issue_date)
    who = re.sub(rf"^.*?{NUM}{{1,3}}\s*日\s*[，,]?\s*", "", head)
    who = re.sub(r"^(?:在.{0,20}?上[，,]?)", "", who)
    note.title, note.by = split_title_name(who)
    note.date = date
    words = m.group("words")
    cut = AFTERWORD.search(words)
    if cut:
        words = words[:cut.start()]
    note.instruction = words.strip()
    return note


def parse_distribution(blocks: list[Block]) -> tuple[dict[str, list[str]], int | None]:
    """The 报/送/发 lists of the footer, and the index of the first footer block."""
    lists: dict[str, list[str]] = {}
    first = None
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 12), -1):
        text = blocks[i].text
        if not DISTRIBUTION.match(text):
            if first is not None and i < first - 1:
                break
            continue
        parts = DISTRIBUTION.split(text)
        found = {}
        for key, value in zip(parts[1::2], parts[2::2]):
            items = [x.strip().rstrip("。.；;，,") for x in re.split(r"[，,；;]", value.strip().rstrip("。."))]
            found[DISTRIBUTION_KEYS[key]] = [x for x in items if x]
        lists = {**found, **lists}
        first = i
    order = {"报": 0, "送": 1, "发": 2}
    return dict(sorted(lists.items(), key=lambda kv: order[kv[0]])), first


def parse_masthead(blocks: list[Block]) -> tuple[Bulletin | None, int]:
    """The masthead's fields and the index of the first block after it."""
    head = blocks[:MASTHEAD_SPAN]
    issue = total = date = issuer = publication = None
    last = -1
    issue_at = None
    for i, block in enumerate(head):
        text = block.text.strip()
        if len(text) > 60 or len(text) > 12 and text[-1] in "。！？":
            break  # body text (a long line, or a sentence): the masthead is over; an issuer and a
            # date after it sign the text (双牌县委组织部 / 2024年5月10日), they make no masthead
        found = False
        if issue is None and (m := ISSUE.search(text)) and _short(block):
            issue, issue_at, found = cn_int(m.group(1)), i, True
            before = text[:m.start()].strip(" （(")
            if before and not publication and not re.search(r"\d{4}\s*年$", before):
                publication = before
        if total is None and (m := TOTAL.search(text)):
            total, found = cn_int(m.group(1)), True
        if date is None and DATE.search(text) and _short(block) and "印发" not in text:
            date, found = find_date(text), True
        # 中共某市委组织部编    2024年3月8日: the issuer and the date often share the line
        undated = DATE.sub("", text).strip()
        if issuer is None and (m := ISSUER.match(undated)) and "期" not in text:
            issuer, found = undated if undated.startswith(("中共", "中国共产党")) else m.group(1), True
            issuer = re.sub(r"(?:编印|编|主办|印发)$", "", re.sub(r"^(?:主办单位|主办|编印|编发|编)[:：\s]*", "", issuer))
        if found:
            last = i
    if issue is None and not (date and issuer):
        return None, 0
    if publication is None:
        for block in head[: issue_at if issue_at is not None else last]:
            text = block.text.strip()
            if 2 <= len(text) <= 20 and not NOT_PUBLICATION.search(text) and not ISSUER.match(text) \
                    and not DATE.search(text):
                publication = text
                break
    region = None
    if issuer:
        region = unit_place(issuer)
    bulletin = Bulletin(publication=publication, issuer=issuer, issue=issue, total_issue=total,
                        date=date, region=region)
    start = last + 1
    # Separator lines and an editor's note directly under the masthead belong to it.
    while start < len(blocks) and NOTE_START.match(blocks[start].text):
        bulletin.editor_note = parse_editor_note(blocks[start].text, date)
        start += 1
    return bulletin, start
