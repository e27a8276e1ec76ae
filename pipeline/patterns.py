"""Layout patterns of Chinese official documents shared by several stages (no stage logic here)."""
import re

# A line or block opening with one of these starts something new: a heading, an item, a masthead
# or footer line. Readers use it to split paragraphs, normalization to avoid joining across it.
STRUCTURAL_START = re.compile(
    r"^(?:#|△|▲|★|☆|◆|■|●|—{1,2}|-{3}|"
    r"[一二三四五六七八九十百]+[、是.．]|"
    r"[(（][一二三四五六七八九十\d]+[)）]|"
    r"第[一二三四五六七八九十百\d]+(?:步|条|章|节|部分|是|点|期)|"
    r"\d{1,2}[、．.](?!\d)|"
    r"编者按|按[：:]|报[：:]|送[：:]|发[：:]|抄送|抄报|主送|附件|"
    r"中共.{2,20}(?:委|部|室|办)$|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")

# A block ending in one of these ends its sentence (and, for a title check, is not a title).
TERMINAL = "。！？!?；;：:…"
# A distribution-footer line: 报：… / 送：… / 发：…
FOOTER_LINE = re.compile(r"^(?:报|送|发|抄送|抄报|主送)[：:]")

# The words a web page or a repost labels its own details with (来源：… 作者：… 点击数：…), and a
# line of its head made of them or naming its reporters. Normalization keeps such lines apart,
# the page parser reads them.
PAGE_FIELDS = {"来源": "site", "稿源": "site", "出处": "site", "信息来源": "site", "文章来源": "site",
               "作者": "author", "撰稿": "author", "撰文": "author", "供稿": "author", "文": "author",
               "责任编辑": "editor", "编辑": "editor", "责编": "editor", "审核": "reviewer", "审校": "reviewer",
               "发布时间": "date", "发布日期": "date", "更新时间": "date", "时间": "date", "日期": "date",
               "发表时间": "date", "点击数": "views", "点击量": "views", "浏览量": "views", "浏览次数": "views",
               "阅读量": "views", "阅读数": "views", "访问量": "views", "点击": "views", "阅读": "views",
               "记者": "byline", "通讯员": "byline", "摄影": "byline", "图片": "byline", "图": "byline",
               "字号": "controls", "关键词": "keywords", "关键字": "keywords"}  # label → field
PAGE_KEY = "|".join(sorted(map(re.escape, PAGE_FIELDS), key=len, reverse=True))  # a regex of the labels
_DATE_TIME = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
# A label and its value are parted by a colon, a slash or a bar (来源：…, 文/…, 文 | …, 来源 | …).
# The line may stand in brackets or parentheses: 【来源：…】, （来源：清风组工）.
PAGE_FIELD_LINE = re.compile(rf"^\s*(?:{_DATE_TIME}\s*)?[【\[（(]?\s*(?:(?:{PAGE_KEY})\s*[:：/|｜]\s*[^\n]*?\s*[】\]）)]?\s*[|｜]?\s*)+$")
# The line under a post's headline on a public account or a news app: 原创 清风组工 2024-03-05 08:30
# 发表于浙江 (原创/转载, the account, the time, where it was posted from). The place after 发表于 or
# IP属地 is the poster's, not the text's. Without 原创 or 发表于 the time of day tells it from a
# bulletin's masthead line (中共…组织部 2024年3月5日), which gives none.
POST_LINE = re.compile(rf"^\s*(?:(?P<mark>原创|转载)\s*)?(?P<site>[^\d\n:：。，]{{2,40}}?)?\s*(?P<when>{_DATE_TIME})"
                       r"\s*(?:(?P<from>发表于|发布于|IP属地\s*[:：]?)\s*[\u4e00-\u9fff]{2,8})?\s*$")
CLOCK = re.compile(r"\d{1,2}:\d{2}\s*$")
PAGE_HEAD_LINE = re.compile(rf"{PAGE_FIELD_LINE.pattern}|^\s*[（(]?\s*(?:记者|通讯员|特约记者|见习记者|摄影)\s*[:：]?\s*"
                            r"[\u4e00-\u9fff·]{2,4}(?:\s+(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{2,4}){0,4}\s*[）)]?\s*$")

# Other lines a page prints around its headline that never continue a paragraph: a line opening
# with a date and time (2014-08-01 13:51 | 来源：…, 2020-11-30 08:31 张三), and a line of authors'
# names alone (张三 李四), which sites print under the headline without a label.
DATED_HEAD_LINE = re.compile(r"^\s*\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s+|\s*\d{1,2}:\d{2}|\s*$)")
NAMES_LINE = re.compile(r"^\s*[\u4e00-\u9fff·]{2,3}(?:\s+[\u4e00-\u9fff·]{2,3}){1,4}\s*$")

def digit_value(text: str) -> int | None:
    """The number a run of digits stands for, in any script (４２, ٤٢), or a single circled, parenthesized
    or superscript digit (②, ⑵, ²); None for anything else. Not ``int()`` on what ``isdigit()`` accepts:
    ② is a digit to ``isdigit()`` and no literal to ``int()``."""
    if text.isdecimal():
        return int(text)
    if len(text) == 1:
        import unicodedata

        value = unicodedata.digit(text, None)
        if value is None:
            number = unicodedata.numeric(text, None)  # ⑩ ⑪ …: numbers, not digits
            value = int(number) if number is not None and number == int(number) and number > 0 else None
        return value
    return None

# A line opening with an enumerator (一、 （一） 1. 一是 第一步 ①): a heading of a list, never a title.
ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|"
    r"第[一二三四五六七八九十\d]+(?:步|条|章|节|部分|是|点)|[①-⑳])")
# A subtitle's dash: ——副标题 under a title.
SUBTITLE = re.compile(r"^[—–\-－]{1,2}\s*")


def bare(text: str) -> str:
    """``text`` without spaces, punctuation or symbols: what two lines are compared by."""
    return re.sub(r"[\s\W_]+", "", text)


HAN = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character
