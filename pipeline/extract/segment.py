"""The segmenter, where the extract stage has always found it; it lives in :mod:`pipeline.segment`
so that searching (which cuts queries) need not import this package, which loads spaCy."""
from ..segment import (BACKENDS, JOINED, JOINER, MODELS, USER_DICT, Segmenter, dictionary_tags,  # noqa: F401
                       parse_user_dict, read_user_dict)
