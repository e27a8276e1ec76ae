"""Chinese full-text search over practices: FTS5 over segmented words, ranked by BM25.

Documents are indexed as their search-mode words (集体经济 → 集体 经济 集体经济), separated by spaces,
so FTS5's unicode61 tokenizer sees Chinese words. A query is normalized as documents are (traditional
to simplified, full-width to half-width), cut into words, and each word is searched as itself or as
its parts standing together, so a word is found however its context was cut. Quoted text is a phrase.
Nothing the user types is passed to FTS5 as syntax: every word is a quoted string, so an unmatched
quote, AND(, NEAR or * are searched as text. Snippets are cut from the practice's own text, with the
matched words marked as character spans, never from the segmented copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..normalize.text import clean_text, to_simplified
from ..themes.text import segmenter  # one segmenter for the index, the queries and the models

WORD = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]")
QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|‘([^’]+)’')
COLUMNS = ("title", "heading", "body", "sub", "slogans", "place")
# BM25 weight of each column: the heading is the author's own summary of the practice; slogans and
# their parts name it; the article's title and the sub-practices' text are about it more loosely.
WEIGHTS = (0.5, 2.0, 1.0, 0.3, 1.0, 1.0)
CHAR_WEIGHTS = (2.0, 1.0)  # the character index: heading, body
# Words too common in these documents to mean anything in a query on their own.
QUERY_STOP = set("的 了 和 与 及 在 是 把 对 为 等 将 从 中 上 下 有 也 都 并 向 以 让 使 被 由 到 而 之 其 这 那 各 "
                 "怎么 怎样 如何 什么 哪些 关于 有关 方面 问题 工作 做法 经验".split())


def words_of(text: str) -> list[str]:
    """The search-mode words of a text that an index keeps: anything with a letter, digit or Han."""
    return [w for w in segmenter().cut_for_search(text) if WORD.search(w)]


def index_text(text: str | None) -> str:
    return " ".join(words_of(text or ""))


def normalize_query(text: str) -> str:
    """A query as documents are normalized (clean_text: traditional to simplified, widths, pinyin)."""
    return clean_text(text or "").strip()


QUERY_LIMIT = 200  # characters of a query that are searched; the rest is cut, with a note


def bounded_query(text: str | None) -> tuple[str, str | None]:
    """The query cut to ``QUERY_LIMIT`` characters, and the note saying so (None when it was not cut).
    A query is a few words; a pasted page would cost time in proportion and find nothing better."""
    text = text or ""
    if len(text) <= QUERY_LIMIT:
        return text, None
    return text[:QUERY_LIMIT], (f"the query was cut to its first {QUERY_LIMIT} characters"
                                f" (it had {len(text)})")


HAN_RUN = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")


def char_grams(text: str | None) -> list[str]:
    """The overlapping character bigrams of each run of Han characters (a run of one is kept as it
    is), and runs of letters or digits whole, lowercased: what the character index holds, so that a
    word is found inside whatever word the segmenter cut around it (网格 in 网格化, 村集体经济 in
    农村集体经济)."""
    out = []
    for m in HAN_RUN.finditer(text or ""):
        run = m.group()
        if not ("\u3400" <= run[0] <= "\u9fff"):
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def char_text(text: str | None) -> str:
    return " ".join(char_grams(text))


def char_phrase(word: str) -> str | None:
    """The character index's expression for ``word`` standing as written: its bigrams in a row (a
    single character: any bigram it starts, FTS5's prefix query). None for a word with no Han,
    letter or digit."""
    grams = char_grams(word)
    if not grams:
        return None
    if len(grams) == 1 and len(grams[0]) == 1 and "\u3400" <= grams[0] <= "\u9fff":
        return fts_quote(grams[0]) + " *"
    return fts_quote(" ".join(grams))


GAP = 2  # characters that may stand between the parts of a compound query word (村[级]集体经济)
APART = 0.8  # how much of a compound word its parts hold written apart (干部 … 作风 for 干部作风)
SOME_PARTS = 0.6  # … and some of its parts, times their share (人口 of 流动人口: 0.3): less than a
# whole word, so that 人口 and a common second word do not outweigh 流动人口 alone


@dataclass
class Term:
    """One thing the query asks for: a word (``words`` = [word]) or a phrase (its words in order).
    ``parts`` are the smaller dictionary words of a long word: written in order with at most ``GAP``
    characters between them they are the word (村集体经济 ~ 村级集体经济); apart, or some of them only,
    they are part of it. ``related`` are the thesaurus's words for the same thing: they add to a
    practice's score, and never stand in for the word itself."""

    words: list[str]
    phrase: bool = False
    parts: list[str] = field(default_factory=list)
    related: list["Term"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.words)

    @property
    def long_parts(self) -> list[str]:
        """The parts that mean something alone (two characters or more)."""
        return [p for p in self.parts if len(p) > 1]

    @property
    def as_written(self) -> str:
        """The word index's expression for the word itself (a phrase's words in a row)."""
        return fts_quote(" ".join(self.words))

    def fts(self, parts_apart: bool = True) -> str:
        """The word index's expression: the word, or its parts (all of them, anywhere in the practice,
        when ``parts_apart``; else near each other)."""
        alternatives = [self.as_written]
        long = self.long_parts
        if len(long) > 1:
            alternatives.append("(" + " AND ".join(fts_quote(p) for p in long) + ")" if parts_apart
                                else f'NEAR({" ".join(fts_quote(p) for p in long)}, {GAP + 1})')
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"

    def chars(self) -> str | None:
        """The character index's expression: the word as written. Its parts written apart are found by
        the word index (:meth:`fts`) and told apart by :meth:`held`; asking the character index for
        them too (NEAR) made every compound count the catalog's commonest bigrams (项目, 建设) for
        BM25, and ranked no better on the dev set."""
        return char_phrase(self.text)

    def pattern(self) -> re.Pattern:
        """The word in a practice's text: as written, or its parts in order with at most ``GAP``
        Han characters between them."""
        exact = re.escape(self.text)
        if len(self.parts) > 1:
            gap = "[\u3400-\u9fff]{0,%d}" % GAP
            return re.compile(exact + "|" + gap.join(re.escape(p) for p in self.parts))
        return re.compile(exact)

    def held(self, text: str) -> float:
        """How much of the word ``text`` holds: 1 for the word (or its parts in order); 0.8 for all its
        parts scattered (干部 … 作风 for 干部作风); for some of them, 0.6 times their share (容错 alone
        for 容错纠错 is 0.3); 0 for none of it."""
        if self.pattern().search(text):
            return 1.0
        long = self.long_parts
        if len(long) > 1 or (long and len(self.parts) > 1):
            share = sum(p in text for p in long) / len(long)
            return (APART if share == 1 else SOME_PARTS) * share
        return 0.0

    def relative_held(self, text: str, besides=frozenset()) -> bool:
        """Whether ``text`` holds a relative of the word (one not in ``besides``: the query's own
        words, which count as themselves)."""
        return any(r.pattern().search(text) for r in self.related if r.text not in besides)

    @property
    def surface(self) -> list[str]:
        """The strings to mark in a snippet: the word and its parts (a relative only marks the snippet
        of a practice that holds none of the words, see Query.related_surfaces)."""
        return [self.text] + self.long_parts


THESAURUS_PATH = Path(__file__).resolve().parents[2] / "models" / "thesaurus.yaml"


def load_thesaurus(path: str | Path | None = None) -> dict[str, list[str]]:
    """Each word of models/thesaurus.yaml → the other words of every group it is in. Read again
    only when the file changes, so an edit takes effect at the next search."""
    path = Path(path or THESAURUS_PATH)
    if not path.is_file():
        return {}
    return _thesaurus(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _thesaurus(path: Path, stamp: int) -> dict[str, list[str]]:
    groups = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("groups") or {}
    related: dict[str, list[str]] = {}
    for words in groups.values():
        words = [to_simplified(str(w)) for w in words or []]
        for w in words:
            related.setdefault(w, [])
            related[w] += [o for o in words if o != w and o not in related[w]]
    return related


def _word_term(word: str, thesaurus: dict[str, list[str]] | None = None) -> Term:
    related = [_word_term(other) for other in (thesaurus or {}).get(word, []) if WORD.search(other)]
    return Term([word], parts=word_parts(word), related=related)


def word_parts(word: str) -> list[str]:
    """Two or more smaller pieces that spell ``word`` in order (集体经济 → 集体, 经济; 村集体经济 → 村,
    集体经济; 网格化 → 网格, 化), or [] for a word with none: its longest dictionary word at either end
    and the rest, else the segmenter's pieces."""
    ends = [e for k in range(2, len(word)) for e in (word[:k], word[-k:]) if segmenter().is_word(e)]
    if ends:  # the longest word at either end: what the word is most about stays whole (集体经济)
        end = max(ends, key=len)
        return [end, word[len(end):]] if word.startswith(end) else [word[:-len(end)], end]
    pieces = segmenter().cut(word)
    return pieces if len(pieces) > 1 and "".join(pieces) == word else []


@dataclass
class Query:
    text: str
    terms: list[Term]
    note: str | None = None  # said with the results: a query cut to its limit

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(self, mode: str = "and") -> str:
        return f" {mode.upper()} ".join(t.fts() for t in self.terms)

    def char_match(self, mode: str = "and") -> str | None:
        parts = [c for c in (t.chars() for t in self.terms) if c]
        return f" {mode.upper()} ".join(parts) if parts else None

    def related_match(self) -> str | None:
        """Every word or a relative of it, and at least one of the words themselves: what finds a
        practice that says some of the query in its own words and the rest in the thesaurus's (None
        when no word has a relative). The words are asked as written: a fill-in after the question
        for every word (which asks their parts too), and a compound's parts here would make BM25
        count the catalog's commonest words (活动, 基础) for every relative asked beside them."""
        if len(self.terms) < 2 or not any(t.related for t in self.terms):
            return None
        each = ["(" + " OR ".join([t.as_written, *(fts_quote(r.text) for r in t.related)]) + ")"
                for t in self.terms]
        return " AND ".join(each) + " AND (" + " OR ".join(t.as_written for t in self.terms) + ")"

    def relatives_match(self) -> str | None:
        """Any thesaurus relative of any word: what finds the practices related to the query."""
        words = dict.fromkeys(r.text for t in self.terms for r in t.related if r.text not in {u.text for u in self.terms})
        return " OR ".join(fts_quote(w) for w in words) if words else None

    def any_part_match(self) -> str | None:
        """Any word of the query, or any part of one: what finds a practice holding something of it."""
        words = dict.fromkeys(w for t in self.terms for w in [t.text, *t.long_parts])
        return " OR ".join(fts_quote(w) for w in words) if words else None

    @property
    def surfaces(self) -> list[str]:
        return [s for t in self.terms for s in t.surface]

    @property
    def related_surfaces(self) -> list[str]:
        """The thesaurus relatives of the words: what a related practice (holding none of the words)
        is shown for."""
        return [s for t in self.terms for r in t.related for s in r.surface]


def fts_quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def query_words(chunk: str, thesaurus: dict[str, list[str]]) -> list[str]:
    """The words of one space-free chunk of a query. The segmenter's cut, with two corrections, since
    out of context it cuts short words apart that in a sentence it keeps whole:
    - consecutive pieces that spell a thesaurus word are that word (共, 驻, 共建 → 共驻共建), which
      staff listed as one thing and which brings its relatives;
    - a lone character is not a word of its own but part of the next word (全, 覆盖 → 全覆盖;
      约, 谈 → 约谈), or of the one before at the end. Searched alone it would ask for a character
      nearly every practice holds; the joined word still finds it written apart (its parts, NEAR).
    Function words stay apart (的, 和 …): the caller leaves them out."""
    pieces = segmenter().cut(chunk)
    merged: list[str] = []
    # A thesaurus word spans at most as many pieces as it has characters: runs longer than the longest
    # word are never tried, so the cost is linear in the query (every run of every length is quadratic).
    longest = max(map(len, thesaurus), default=0)
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + longest), i + 1, -1):  # the longest run from i that is a thesaurus word
            if "".join(pieces[i:j]) in thesaurus:
                merged.append("".join(pieces[i:j]))
                i = j
                break
        else:
            merged.append(pieces[i])
            i += 1
    words: list[str] = []
    pending = ""  # lone characters waiting for the word they belong to
    for piece in merged:
        lone = len(piece) == 1 and piece not in QUERY_STOP and bool(WORD.search(piece))
        if lone or pending:
            pending += piece
            if not lone:
                words.append(pending)
                pending = ""
        else:
            words.append(piece)
    if pending:
        if words and len(pending) == 1 and words[-1] not in QUERY_STOP:
            words[-1] += pending
        else:
            words.append(pending)
    return words


def parse_query(text: str, thesaurus: dict[str, list[str]] | None = None) -> Query:
    """Quoted parts become phrases (searched as written, not expanded); the rest is cut into words,
    each also found by its thesaurus relatives; common words are left out."""
    text, note = bounded_query(text)
    text = normalize_query(text)
    terms: list[Term] = []
    rest = []
    pos = 0
    for m in QUOTED.finditer(text):
        rest.append(text[pos:m.start()])
        inner = next(g for g in m.groups() if g)
        words = [w for w in segmenter().cut(inner) if WORD.search(w)]
        if words:
            terms.append(Term(words, phrase=len(words) > 1))
        pos = m.end()
    rest.append(text[pos:])
    seen = {tuple(t.words) for t in terms}
    for chunk in (c for part in rest for c in part.split()):
        for word in query_words(chunk, thesaurus or {}):
            if not WORD.search(word) or word in QUERY_STOP or (word,) in seen:
                continue
            seen.add((word,))
            terms.append(_word_term(word, thesaurus))
    return Query(text, terms, note)


def snippet(text: str, surfaces: list[str], width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around the densest matches, and the spans of the matched words in it."""
    spans = _find(text, surfaces)
    if not spans:
        cut = text[:width]
        return cut + ("…" if len(text) > width else ""), []
    best_start, best_count = spans[0][0], 0
    for s, _ in spans:  # the window that holds the most distinct words
        start = max(0, s - width // 4)
        inside = {text[a:b] for a, b in spans if a >= start and b <= start + width}
        if len(inside) > best_count:
            best_start, best_count = start, len(inside)
    start = best_start
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, kept


def _find(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of the surfaces in the text, longest first where they overlap."""
    found = []
    for s in sorted(set(filter(None, surfaces)), key=len, reverse=True):
        for m in re.finditer(re.escape(s), text):
            if not any(a < m.end() and m.start() < b for a, b in found):
                found.append((m.start(), m.end()))
    return sorted(found)


def mark(snippet_text: str, spans: list[tuple[int, int]], before: str = "【", after: str = "】") -> str:
    out, pos = [], 0
    for a, b in spans:
        out += [snippet_text[pos:a], before, snippet_text[a:b], after]
        pos = b
    out.append(snippet_text[pos:])
    return "".join(out)


def date_bound(value: str | None, end: bool = False) -> str | None:
    """2020 → 2020-01-01 (or 2020-12-31 as an upper bound); 2020-05 → 2020-05-01 / 2020-05-31."""
    if not value:
        return None
    value = str(value).strip().replace("/", "-").replace(".", "-")
    if re.fullmatch(r"\d{4}", value):
        return value + ("-12-31" if end else "-01-01")
    if re.fullmatch(r"\d{4}-\d{1,2}", value):
        y, m = value.split("-")
        return f"{y}-{int(m):02d}-" + ("31" if end else "01")
    return value
