"""Character-level normalization of one block: mojibake, script, pinyin, width, markdown."""
from __future__ import annotations

import re
from functools import lru_cache

from ..records import Block

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PUA = re.compile(r"[\ue000-\uf8ff]")
# A tone-marked pinyin syllable in parentheses right after a character: 現(xiàn) → 現. The
# character may itself be mojibake ("F(xiàn)"), so any non-space character may precede it.
# "?" stands for a tone mark lost to a legacy encoding (Big5/GBK cannot hold ǎ).
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ?"
_PINYIN = re.compile(rf"(?<=[^\s(（])[(（]\s*(?=[^)）]*[a-zü])[a-z{_TONE}]*[{_TONE}][a-z{_TONE}]*\s*[)）]", re.I)
# UTF-8 bytes read as GBK: 。 and 、 become 銆; a run around such a marker may be repaired.
_CJK_TEXT = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]+")
_MOJIBAKE_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff銆]{2,}")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_WIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
          **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
          **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
          "％": "%", "＋": "+", "＝": "=", "＆": "&", "＃": "#", "＊": "*", "\u3000": " ", "\xa0": " ",
          "\u200b": "", "\ufeff": "", "\u200c": "", "\u200d": ""}
_WIDTH_TABLE = str.maketrans(_WIDTH)
_DECIMAL_DOT = re.compile(r"(?<=\d)[．·](?=\d)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def script_of(text: str) -> str:
    """simplified, traditional or mixed, from the share of hanzi that t2s changes."""
    # The first 20,000 hanzi, gathered run by run: a list of every hanzi of a 50 MB file would cost
    # over a gigabyte (one string object per character).
    runs, n = [], 0
    for m in _CJK_RUN.finditer(text):
        runs.append(m.group())
        n += len(runs[-1])
        if n >= 20000:
            break
    if not runs:
        return "simplified"
    sample = "".join(runs)[:20000]
    changed = sum(map(str.__ne__, sample, to_simplified(sample)))  # map: no Python frame per character
    share = changed / len(sample)
    if share > 0.05:
        return "traditional"
    if share > 0.005:
        return "mixed"
    return "simplified"


def may_need_repair(text: str) -> bool:
    """Could cleaning this (joined) text change it again? Mojibake or pinyin cut in two, or a bracket
    or mark whose pair or Chinese neighbour was in the other block (（ + ) → （）)."""
    return "銆" in text or "鐨" in text or bool(_PINYIN.search(text)) or \
        any(c in text for c in ",;:?!()") and full_width_punctuation(text) != text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as GBK, where it can be undone exactly."""
    if "銆" not in text and "鐨" not in text:
        return _PUA.sub("", text)

    def fix(match: re.Match) -> str:
        run = match.group()
        try:
            repaired = run.encode("gbk").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run
        # Accept only a repair that gives Chinese text; short runs of real hanzi can happen to be
        # valid UTF-8 too (目一 → Ŀһ).
        return repaired if _CJK_TEXT.fullmatch(repaired) else run

    return _PUA.sub("", _MOJIBAKE_RUN.sub(fix, text))


def _segments(block: Block) -> list[tuple[str, bool]]:
    """The block as runs of (text, bold)."""
    out, pos = [], 0
    for start, end in sorted(block.bold):
        start, end = max(start, pos), min(end, len(block.text))
        if end <= start:
            continue
        if start > pos:
            out.append((block.text[pos:start], False))
        out.append((block.text[start:end], True))
        pos = end
    if pos < len(block.text):
        out.append((block.text[pos:], False))
    return out


def _until_stable(pattern: re.Pattern, text: str) -> str:
    for _ in range(10):
        new = pattern.sub("", text)
        if new == text:
            break
        text = new
    return text


# Half-width punctuation beside Chinese text, as web pages and reposts write it, becomes the
# full-width form Chinese text uses, so that every later rule sees one form. Digits on both sides
# (9:30, 1,200) and Latin text (http://, a, b) keep theirs. One character for one: offsets hold.
_HAN = "\u4e00-\u9fff“”‘’《》「」（）【】、，。；：！？"
_HALF_PUNCT = re.compile(rf"(?<=[{_HAN}])\s?[,;:?!]|[,;:?!](?=\s?[{_HAN}])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A bracket pair around Chinese text, or a pair already half full-width, becomes full-width; a pair
# around Latin text (a pinyin annotation, a formula) stays as it is.
_PAREN_PAIR = re.compile(r"[(（]([^()（）\n]{0,80})[)）]")


def _paren(m: re.Match) -> str:
    inner, whole = m.group(1), m.group()
    if "(" in whole and ")" in whole and not re.search(r"[\u4e00-\u9fff]", inner):
        return whole
    return f"（{inner}）"


def full_width_punctuation(text: str) -> str:
    """通知,要求:做好(一)项 → 通知，要求：做好（一）项; 9:30 and http://a.b stay as they are."""
    if not any(c in text for c in ",;:?!()"):
        return text
    while True:  # a mark made full-width may make its neighbour's turn (“…”?,): until stable
        changed = _HALF_PUNCT.sub(lambda m: m.group().replace(m.group().strip(), _FULL[m.group().strip()]), text)
        if changed == text:
            break
        text = changed
    return _PAREN_PAIR.sub(_paren, text)


def clean_text(text: str) -> str:
    """Character-level repairs that do not depend on structure; idempotent."""
    text = repair_mojibake(text)
    text = to_simplified(text)
    text = _until_stable(_PINYIN, text)
    text = text.translate(_WIDTH_TABLE)
    text = _DECIMAL_DOT.sub(".", text)
    return full_width_punctuation(text)


_SPACES = re.compile(r"[ \t\n\r\x0b\x0c]+")


def clean_block(block: Block) -> Block:
    """Clean one block, turning markdown headings and ``**bold**`` into structure.

    Work is done on (character, bold) pairs so that emphasis stays aligned with the text
    through every change of length (pinyin removal, phrase conversion, white space).
    """
    kind, level = block.kind, block.level
    if not block.bold:  # the common case, done on the string: no emphasis to keep aligned
        text = clean_text(block.text)
        if "*" not in text and (kind == "heading" or "#" not in text):
            text = _SPACES.sub(" ", text).strip(" ")
            return Block(text=text, kind=kind, level=level if kind == "heading" else None, bold=[])
    chars: list[tuple[str, bool]] = []
    for seg, is_bold in _segments(block):
        seg = clean_text(seg)
        if not is_bold and "**" in seg:
            pos = 0
            for m in _BOLD.finditer(seg):
                chars += [(c, False) for c in seg[pos:m.start()]]
                chars += [(c, True) for c in m.group(1)]
                pos = m.end()
            seg = seg[pos:]
        chars += [(c, is_bold) for c in seg]
    # Asterisks left over are markup noise (unpaired **, *** rules); bulletins do not use them.
    chars = [(c, b) for c, b in chars if c != "*"]
    text = "".join(c for c, _ in chars)
    if kind != "heading":
        m = _MARKDOWN_HEADING.match(text.strip())
        if m and m.group(2).strip():
            kind, level = "heading", len(m.group(1))
            lead = len(text) - len(text.lstrip()) + len(m.group(1))
            chars = chars[lead:]
            while chars and chars[-1][0] in "# \t":  # closing hashes of an ATX heading
                chars.pop()
    # Collapse white space and strip, on the pairs.
    packed: list[tuple[str, bool]] = []
    for c, b in chars:
        if c in " \t\n\r\x0b\x0c":
            if not packed or packed[-1][0] == " ":
                continue
            c = " "
        packed.append((c, b))
    while packed and packed[-1][0] == " ":
        packed.pop()
    text = "".join(c for c, _ in packed)
    spans: list[tuple[int, int]] = []
    for i, (c, b) in enumerate(packed):
        if b:
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
    # A span of only white space carries nothing.
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    return Block(text=text, kind=kind, level=level if kind == "heading" else None, bold=spans)
