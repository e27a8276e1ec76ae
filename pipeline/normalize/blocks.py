"""Block-level normalization: site boilerplate, page-chunk markers, paragraphs broken by pages."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from ..patterns import DATED_HEAD_LINE, FOOTER_LINE, NAMES_LINE, PAGE_HEAD_LINE, STRUCTURAL_START, TERMINAL
from ..records import Block, Dropped

MODELS = Path(__file__).resolve().parents[2] / "models"
CLOSERS = "”’』」）)】》\"'"
SENTENCE_PUNCT = re.compile(r"[，。；：,;]")
CHUNK_MARKER = re.compile(r"^(\d{1,3})、\s*")


@lru_cache(maxsize=4)
def _boilerplate(path: str | None = None) -> dict:
    """models/boilerplate.yaml (or ``path``), read once."""
    return yaml.safe_load(Path(path or MODELS / "boilerplate.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def boilerplate_rules(path: str | None = None) -> tuple[list[tuple[re.Pattern, str]], re.Pattern]:
    """(pattern, reason) for every line to drop, and the sharing site's page-title pattern."""
    config = _boilerplate(path)
    rules = [(re.compile(p), "notice") for p in config.get("notices", [])]
    rules += [(re.compile(p), "boilerplate") for p in config["drop_lines"]]
    rules += [(re.compile(p), "navigation") for p in config.get("navigation", [])]
    rules += [(re.compile(p), "related") for p in config.get("related", [])]
    rules += [(re.compile(p), "photo caption") for p in config.get("captions", [])]
    return rules, re.compile(config["site_title"])


@lru_cache(maxsize=4)
def furniture_rule(path: str | None = None) -> re.Pattern | None:
    """One pattern for what a page prints around its headline (models/boilerplate.yaml, furniture)."""
    patterns = _boilerplate(path).get("furniture", [])
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def is_furniture(text: str, longest: int = 80) -> bool:
    """Is this line, no longer than ``longest``, one of the site's lines around a headline?"""
    rule = furniture_rule()
    return bool(rule and len(text) <= longest and rule.fullmatch(text))


def _listed_title(text: str) -> bool:
    """A line of a list of article titles: short, no sentence in it, not a numbered heading, not a
    source or editor line."""
    return len(text) <= 40 and not SENTENCE_PUNCT.search(text) and text[-1] not in TERMINAL and \
        not STRUCTURAL_START.match(text) and not PAGE_HEAD_LINE.match(text)


@lru_cache(maxsize=4)
def _any_rule(rules: tuple[re.Pattern, ...]) -> re.Pattern | None:
    """All the rules as one pattern: most lines match none, and one test of the union is much cheaper
    than one per rule. None when the patterns cannot be joined (group references of their own)."""
    if any(p.groups and re.search(r"\\\d|\(\?P=", p.pattern) for p in rules):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in rules))
    except re.error:
        return None


def drop_boilerplate(blocks: list[Block]) -> tuple[list[Block], str | None, list[Dropped], list[str]]:
    """Blocks without the site's debris; the sharing site's title; what was dropped and why; the
    site's notices about the document (kept apart, as a field of the source)."""
    rules, site_title_re = boilerplate_rules()
    union = _any_rule(tuple(p for p, _ in rules))
    kept, site_title, dropped, notices = [], None, [], []
    related = False  # inside a list of links to other articles (after 往期推荐)
    for block in blocks:
        text = block.text.strip()
        m = site_title_re.fullmatch(text)
        if m:
            site_title = site_title or m.group("title").strip()
            notices.append(text)  # the site's label of each page of the document
            continue
        reason = None if union is not None and not union.fullmatch(text) else \
            next((r for p, r in rules if p.fullmatch(text)), None)
        if reason is None and related and text and _listed_title(text):
            reason = "related"  # one of the listed titles
        related = reason == "related"
        if reason == "notice":
            notices.append(text)
        elif reason == "related":
            dropped.append(Dropped(text, "related links"))
        elif reason:
            dropped.append(Dropped(text, reason))
        else:
            kept.append(block)
    return kept, site_title, dropped, notices


def strip_chunk_markers(blocks: list[Block]) -> list[Block]:
    """Sharing sites cut a document into numbered chunks ("1、…", "2、…") at arbitrary points,
    often mid-word. A run of long blocks numbered 1, 2, 3 … in order, most of them following a
    block that stops mid-sentence, is such a chunking: drop the numbers so the chunks rejoin."""
    numbered = [(i, int(m.group(1))) for i, b in enumerate(blocks) if (m := CHUNK_MARKER.match(b.text))]
    if len(numbered) < 3:
        return blocks
    run = [numbered[0]]
    best: list[tuple[int, int]] = []
    for item in numbered[1:]:
        if item[1] == run[-1][1] + 1:
            run.append(item)
        else:
            best = max(best, run, key=len)
            run = [item]
    best = max(best, run, key=len)
    if len(best) < 3 or best[0][1] != 1:
        return blocks
    long_chunks = sum(len(blocks[i].text) >= 150 for i, _ in best)
    mid_sentence = sum(1 for i, _ in best[1:] if blocks[i - 1].text and not ends_sentence(blocks[i - 1].text))
    if long_chunks < 0.6 * len(best) or mid_sentence < 0.5 * (len(best) - 1):
        return blocks
    out = list(blocks)
    for i, _ in best:
        m = CHUNK_MARKER.match(out[i].text)
        cut = m.end()
        out[i] = Block(out[i].text[cut:], out[i].kind, out[i].level,
                       [(max(0, a - cut), b - cut) for a, b in out[i].bold if b > cut])
    return out


def ends_sentence(text: str) -> bool:
    """Does the text end a sentence? A closing quote ends one only after a full stop: 。” but not 的“双整”."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in TERMINAL


def line_width(blocks: list[Block]) -> int | None:
    """The width at which a page layout wrapped its lines (28 characters in a 公文), if it did:
    the usual length of the lines that stop mid-sentence. None for text whose lines are paragraphs."""
    lengths = Counter(len(b.text) for b in blocks if len(b.text) >= 15 and not ends_sentence(b.text))
    if not lengths:
        return None
    width, _ = lengths.most_common(1)[0]
    near = sum(n for length, n in lengths.items() if abs(length - width) <= 1)
    return width if near >= 5 else None


def _continues(prev: Block, block: Block, width: int | None = None, real_paragraphs: bool = False,
               first: bool = False) -> bool:
    """Does ``block`` continue the paragraph ``prev`` (a line or page break fell inside it)?

    ``real_paragraphs``: the blocks are a word processor's paragraphs (docx), so an enumerated line
    ends where its paragraph ends, however long the other lines are."""
    if prev.kind == "heading" or block.kind == "heading":
        return False
    a, b = prev.text, block.text
    if not a or not b or ends_sentence(a):
        return False
    if FOOTER_LINE.match(a) or STRUCTURAL_START.match(b):
        return False
    if PAGE_HEAD_LINE.match(a) or PAGE_HEAD_LINE.match(b):
        return False  # 来源：… 时间：… / 记者 … lines of a page's head stand alone
    if DATED_HEAD_LINE.match(a) or DATED_HEAD_LINE.match(b) or NAMES_LINE.match(a) or NAMES_LINE.match(b):
        return False  # 2014-08-01 13:51 | 来源：…, 张三 李四: so do a date line and a line of names
    if is_furniture(a, 40) or is_furniture(b, 40):
        return False  # a site's line above a headline (00022版：今日湖州) is a line of its own
    # An enumerated line shorter than the layout's lines is a heading ("（三）抓队伍，促能力"),
    # even with a comma in it; a wrapped one fills the line.
    if STRUCTURAL_START.match(a) and (real_paragraphs or len(a) < (width - 2 if width else 40)):
        return False
    # A document's first line, without a full stop, is its title, however long (news headlines run
    # to 80 characters, with commas and colons in them).
    if first and width is None and len(a) <= 90 and "。" not in a:
        return False
    # A short line without sentence punctuation is a title or masthead line, not a broken paragraph.
    return bool(SENTENCE_PUNCT.search(a)) or len(a) >= 40


def rejoin_paragraphs(blocks: list[Block], real_paragraphs: bool = False) -> list[Block]:
    """Paragraphs broken by line or page breaks joined again."""
    out: list[Block] = []
    width = line_width(blocks)
    for block in blocks:
        if out and _continues(out[-1], block, width, real_paragraphs, first=len(out) == 1):
            prev = out[-1]
            shift = len(prev.text)
            spans = list(prev.bold)
            for a, b in block.bold:
                if spans and spans[-1][1] == shift and a == 0:
                    spans[-1] = (spans[-1][0], shift + b)
                else:
                    spans.append((shift + a, shift + b))
            out[-1] = Block(prev.text + block.text, prev.kind, prev.level, spans)
        else:
            out.append(block)
    return out


def split_lines(blocks: list[Block]) -> list[Block]:
    """A manual line break inside a block (docx <w:br/>, HTML <br>) separates blocks."""
    out = []
    for block in blocks:
        if "\n" not in block.text:
            out.append(block)
            continue
        pos = 0
        for piece in block.text.split("\n"):
            end = pos + len(piece)
            spans = [(max(a, pos) - pos, min(b, end) - pos) for a, b in block.bold if b > pos and a < end]
            out.append(Block(piece, block.kind, block.level, spans))
            pos = end + 1
    return out


_RUN_IN_TOP = re.compile(r"(?<=[。！？：:])\s*(?=([一二三四五六七八九十])、)")
_NUMERALS = "一二三四五六七八九十"


def split_run_together(blocks: list[Block]) -> list[Block]:
    """Text pasted from sharing sites loses its paragraph breaks: "…汇报如下。一、 基本内涵…二、 主要做法…".
    Split a block before top-level enumerators (一、 二、 …) that follow a sentence end and come in
    order, one, two, three, so that sections start paragraphs again."""
    out = []
    for block in blocks:
        cuts, expected = [], None
        for m in _RUN_IN_TOP.finditer(block.text):
            n = _NUMERALS.index(m.group(1)) + 1
            if expected is None and n in (1, 2) or n == expected:
                cuts.append(m.start())
                expected = n + 1
        if len(cuts) < 2:
            out.append(block)
            continue
        bounds = [0] + cuts + [len(block.text)]
        for a, b in zip(bounds, bounds[1:]):
            piece = block.text[a:b]
            lead = len(piece) - len(piece.lstrip())
            spans = [(max(x, a) - a - lead, min(y, b) - a - lead) for x, y in block.bold if y > a and x < b]
            if piece.strip():
                out.append(Block(piece.strip(), block.kind, block.level,
                                 [(max(0, x), y) for x, y in spans if y > max(0, x)]))
    return out
