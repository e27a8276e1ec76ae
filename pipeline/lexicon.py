"""jieba's general dictionary as a word list: shared by the stages that need to know what a word is.

Parsing uses it to tell a place's short name standing as a word (在浙江调研) from the same characters
inside another word (浙江大学, 大同小异); extraction uses its part-of-speech tags.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary word → part-of-speech tag (v verb, d adverb, i idiom, …)."""
    import jieba

    tags = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) <= 8:
                tags[parts[0]] = parts[2]
    return tags
