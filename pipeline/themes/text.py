"""Words of a practice for the vectorizers: the search-mode segmentation, function words left out."""
from __future__ import annotations

import re
from functools import lru_cache
from sys import intern


HAN = re.compile(r"[\u3400-\u9fff]")
# Single characters that carry no theme (particles, prepositions, measure words); other single
# characters stay, because some are the practice's key word (晒, 督, 考).
FUNCTION_CHARS = set("的了和与及在是把对为等将从中上下个一有也都并向以让使被由到而之其这那各每又再就要会能可于给着"
                     "过还所多年月日后前内外时已更最很不没无我你他她它们此该即或如若则但且共")


_KEPT: dict[str, str] = {}  # word → the interned word, or "" for a word left out


@lru_cache(maxsize=1)
def segmenter():
    from ..segment import Segmenter  # on first use; not through pipeline.extract, which loads spaCy

    return Segmenter("rjieba")


class Words:
    """A scikit-learn analyzer: text → its words. Picklable, so fitted models can be saved. A list is
    taken as words already cut (:func:`tokenize`), so several vectorizers can share one segmentation."""

    def __call__(self, text: str | list[str]) -> list[str]:
        if isinstance(text, list):
            return text
        # Each distinct word is judged once and interned: the same word in 100,000 texts is one
        # string, not 100,000 (a cut corpus kept for several vectorizers would cost gigabytes).
        out = []
        for w in segmenter().cut_for_search(text):
            kept = _KEPT.get(w)
            if kept is None:
                kept = _KEPT[w] = intern(w) if HAN.search(w) and not (len(w) == 1 and w in FUNCTION_CHARS) else ""
            if kept:
                out.append(kept)
        return out

    def __eq__(self, other) -> bool:
        return isinstance(other, Words)

    def __hash__(self) -> int:
        return hash(Words)


def tokenize(texts) -> list[list[str]]:
    """Cut each text once; the vectorizers take the word lists as they are."""
    words = Words()
    return [words(t) for t in texts]


# Characters of a practice the models read. A practice says what it is in its heading and first
# sentences; what follows is detail, examples and figures, which pull it towards whatever else it
# mentions (a report's top section holds whole chapters). Over the seeds' gold themes, windows of
# 400 to 700 characters score alike and better than 200 or 2,000.
TEXT_LIMIT = 600


def practice_text(title: str | None, heading: str, body: str, sub: str = "", limit: int = TEXT_LIMIT) -> str:
    """What a practice is about, for themes and clusters: its heading three times (the author's own
    summary, and often only a few words), its article's title, its text, then its sub-practices'
    text, up to ``limit`` characters."""
    return "\n".join(t for t in (heading, heading, heading, title or "", body, sub) if t)[:limit]


def row_words(rows) -> list[list[str]]:
    """The words the models read for each practice row (``title``, ``heading``, ``body``, ``sub``)."""
    return tokenize(practice_text(r.get("title"), r["heading"], r["body"], r.get("sub", "")) for r in rows)


def descendant_texts(practices) -> list[str]:
    """For each practice of an article's list (parents before children), the headings and bodies of
    everything under it: a parent is about what its children do."""
    below: list[list[str]] = [[] for _ in practices]
    for i in range(len(practices) - 1, -1, -1):  # children come after their parent
        parent = practices[i].parent
        if parent is not None:
            below[parent][:0] = [practices[i].heading, practices[i].body, *below[i]]
    return ["\n".join(t for t in texts if t) for texts in below]
