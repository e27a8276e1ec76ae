"""Word segmentation behind one interface: rjieba (Rust) as the fast path, jieba as the reference.

Both use jieba's dictionary and algorithm, so they cut text the same way; tests check that on the
seeds. A domain dictionary (models/userdict.txt: party-building vocabulary) and words found at run
time (slogans, place names) are added to whichever backend is in use, so they stay whole tokens.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from .lexicon import dictionary_tags  # noqa: F401  (re-exported for the extract stage)

MODELS = Path(__file__).resolve().parents[1] / "models"
USER_DICT = MODELS / "userdict.txt"
BACKENDS = ("rjieba", "jieba")
# rjieba keeps "1-2" and "tv.cctv.com" whole where jieba gives "1", "-", "2" and "tv", ".", …
# (jieba keeps a point only before a digit: 19.72, v1.2); the fast path follows the reference.
JOINED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]$")
JOINER = re.compile(r"(-|\.(?!\d))")


def read_user_dict(path: str | Path = USER_DICT) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format user dictionary file."""
    return parse_user_dict(Path(path).read_text(encoding="utf-8"))


def parse_user_dict(text: str) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format user dictionary: ``word [freq] [tag]`` per line, # for comments."""
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdecimal() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, tag))
    return entries


class Segmenter:
    """Cut Chinese text into words. ``backend`` is ``rjieba`` (fast) or ``jieba`` (reference)."""

    def __init__(self, backend: str = "rjieba", user_dict: str | Path | None = USER_DICT, hmm: bool = True):
        if backend not in BACKENDS:
            raise ValueError(f"unknown segmenter backend {backend!r}; choose from {', '.join(BACKENDS)}")
        self.backend = backend
        self.hmm = hmm
        self.words: dict[str, tuple[int | None, str | None]] = {}
        if backend == "rjieba":
            import rjieba

            self._impl = rjieba.Jieba()
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._impl = jieba.Tokenizer()
        if user_dict is not None and Path(user_dict).exists():
            for word, freq, tag in read_user_dict(user_dict):
                self.add_word(word, freq, tag)

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Keep ``word`` whole from now on (a slogan, a place name)."""
        if not word or word in self.words:
            return
        self.words[word] = (freq, tag)
        self._impl.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        if self.backend == "rjieba":
            words = self._impl.cut(text, self.hmm)
            words = [p for w in words for p in (JOINER.split(w) if ("-" in w or "." in w) and JOINED.match(w)
                                                  else [w]) if p]
            return words
        return self._impl.lcut(text, HMM=self.hmm)

    def is_word(self, text: str) -> bool:
        """Whether the dictionary (with the words added) has ``text`` as one word. Asked without the
        HMM, which glues characters it does not know into a guessed word (两新组, 办实)."""
        if self.backend == "rjieba":
            return self._impl.cut(text, False) == [text]
        return self._impl.lcut(text, HMM=False) == [text]

    def cut_for_search(self, text: str) -> list[str]:
        """Words and the dictionary words inside long ones (集体经济 → 集体, 经济, 集体经济): what a
        search index holds, so a query word is found whichever way its context was cut."""
        if self.backend == "rjieba":
            return self._impl.cut_for_search(text, self.hmm)
        return self._impl.lcut_for_search(text, HMM=self.hmm)
