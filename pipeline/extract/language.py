"""The spaCy pipeline: ``spacy.blank("zh")`` with jieba's segmentation and components that put spans
for places, slogans, metrics and leaders on the Doc.

Downstream code reads ``doc.spans["slogans"]`` etc.; each span carries its record in ``span._.slogan``, ``span._.metric``,
``span._.leader`` or ``span._.place`` with exact character offsets. ``nlp.to_disk(path)`` writes
the config, the tokenizer's dictionary (base file plus every word added at run time) and each
component's settings; ``spacy.load(path)`` (or :func:`load_nlp`) gives back the same pipeline.
"""
from __future__ import annotations

from pathlib import Path

import spacy
import srsly
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from .leaders import find_leaders
from .metrics import MetricFinder
from .segment import USER_DICT, Segmenter, parse_user_dict
from .settings import SETTINGS_FILE, load_settings
from .slogans import SloganFinder

# span._.slogan, span._.metric …: one attribute per kind, because spaCy keys span attributes by the
# span's offsets, and a slogan and a metric may cover the same characters.
SPAN_KEYS = {"places": "place", "slogans": "slogan", "metrics": "metric", "leaders": "leader"}
for _attr in SPAN_KEYS.values():
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)


class SegmenterTokenizer:
    """A spaCy tokenizer over :class:`Segmenter` (rjieba or jieba), with its own user dictionary."""

    def __init__(self, vocab, backend: str = "rjieba", user_dict: str | None = None):
        self.vocab = vocab
        self.backend = backend
        self.segmenter = Segmenter(backend, user_dict=user_dict or USER_DICT)

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.segmenter.cut(text) if w]
        if "".join(words) != text:  # never lose a character, whatever the segmenter did
            words = list(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["text"] = text  # doc.text rebuilds the string from tokens on every call
        return doc

    def add_words(self, words) -> None:
        for w in words:
            self.segmenter.add_word(w)

    # spaCy serialization: the dictionary travels with the pipeline
    def _dict_text(self) -> str:
        return "\n".join(f"{w} {f or ''} {t or ''}".rstrip() for w, (f, t) in self.segmenter.words.items()) + "\n"

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "userdict.txt").write_text(self._dict_text(), encoding="utf-8")
        srsly.write_json(path / "cfg.json", {"backend": self.backend})

    def from_disk(self, path, **kwargs) -> "SegmenterTokenizer":
        path = Path(path)
        self.backend = srsly.read_json(path / "cfg.json")["backend"]
        self.segmenter = Segmenter(self.backend, user_dict=path / "userdict.txt")
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"backend": self.backend, "userdict": self._dict_text()})

    def from_bytes(self, data: bytes, **kwargs) -> "SegmenterTokenizer":
        msg = srsly.msgpack_loads(data)
        self.backend = msg["backend"]
        self.segmenter = Segmenter(self.backend, user_dict=None)
        for word, freq, tag in parse_user_dict(msg["userdict"]):
            self.segmenter.add_word(word, freq, tag)
        return self


@registry.tokenizers("bulletin.segmenter.v1")
def create_segmenter_tokenizer(backend: str = "rjieba", user_dict: str = ""):
    def make(nlp):
        # No lexical attributes (like_num, is_stop, shape …): nothing here reads them, and computing
        # them for every new word was a third of the time spent making Docs.
        nlp.vocab.lex_attr_getters = {}
        return SegmenterTokenizer(nlp.vocab, backend, user_dict or None)

    return make


class _SettingsComponent:
    """A component whose tunable data (models/extract.yaml) is saved with the pipeline."""

    def __init__(self, settings_file: str = ""):
        self.settings = load_settings(settings_file or SETTINGS_FILE)
        self._build()

    def _build(self) -> None:
        raise NotImplementedError

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "settings.yaml").write_text(yaml.safe_dump(self.settings, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path, **kwargs):
        self.settings = yaml.safe_load((Path(path) / "settings.yaml").read_text(encoding="utf-8"))
        self._build()
        return self


def text_of(doc: Doc) -> str:
    """The Doc's text, kept by the tokenizer (cheaper than ``doc.text``)."""
    return doc.user_data.get("text") or doc.text


def _spans(doc: Doc, records, key: str, label: str) -> list[Span]:
    spans = []
    for rec, start, end in records:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            setattr(span._, SPAN_KEYS[key], rec)
            spans.append(span)
    return spans


# Slogan matches found before the Doc was made (extract() finds them to add them to the dictionary)
SLOGAN_MATCHES = "bulletin_slogan_matches"


class SloganComponent(_SettingsComponent):
    def _build(self) -> None:
        self.finder = SloganFinder(self.settings)

    def __call__(self, doc: Doc) -> Doc:
        matches = doc.user_data.pop(SLOGAN_MATCHES, None)
        if matches is None:
            matches = self.finder(text_of(doc))
        doc.spans["slogans"] = _spans(doc, [(m, m.start, m.end) for m in matches], "slogans", "SLOGAN")
        return doc


class MetricComponent(_SettingsComponent):
    def __init__(self, settings_file: str = "", chinese_numerals: bool = True):
        self.chinese_numerals = chinese_numerals
        super().__init__(settings_file)

    def _build(self) -> None:
        self.finder = MetricFinder(self.settings, chinese_numerals=self.chinese_numerals)

    def __call__(self, doc: Doc) -> Doc:
        # A numeral inside a slogan (三个同步, 浙江20条, 1+8) is not a quantity; 五个“100%” still holds 100%.
        slogans = [s._.slogan for s in doc.spans.get("slogans", [])]
        metrics = self.finder(text_of(doc), exclude=[(m.start, m.end) for m in slogans if m.shape in ("code", "place_rule")],
                              exclude_chinese=[(m.start, m.end) for m in slogans],
                              words=doc.to_array("IDX").tolist())  # token offsets without a Token per word
        doc.spans["metrics"] = _spans(doc, [(m, m.start, m.end) for m in metrics], "metrics", "METRIC")
        return doc


@Language.factory("bulletin_slogans", default_config={"settings_file": ""})
def make_slogans(nlp, name, settings_file: str):
    return SloganComponent(settings_file)


@Language.factory("bulletin_metrics", default_config={"settings_file": "", "chinese_numerals": True})
def make_metrics(nlp, name, settings_file: str, chinese_numerals: bool):
    return MetricComponent(settings_file, chinese_numerals)


@Language.component("bulletin_leaders")
def leaders_component(doc: Doc) -> Doc:
    doc.spans["leaders"] = _spans(doc, [(l, l.start, l.end) for l in find_leaders(text_of(doc))], "leaders", "LEADER")
    return doc


@Language.component("bulletin_places")
def places_component(doc: Doc) -> Doc:
    from ..parse.places import gazetteer

    gaz = gazetteer()
    records = []
    for start, end, name in gaz.find(text_of(doc)):
        place = gaz.resolve(name)
        if place is not None:
            records.append((place, start, end))
    doc.spans["places"] = _spans(doc, records, "places", "PLACE")
    return doc


def build_nlp(backend: str = "rjieba", user_dict: str | Path | None = None,
              settings_file: str | Path | None = None, chinese_numerals: bool = True) -> Language:
    """A fresh pipeline from the files in models/ (or the ones given)."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "bulletin.segmenter.v1", "backend": backend,
                                    "user_dict": str(user_dict or "")}}}
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe("bulletin_places")
    nlp.add_pipe("bulletin_slogans", config={"settings_file": str(settings_file or "")})
    nlp.add_pipe("bulletin_metrics", config={"settings_file": str(settings_file or ""),
                                             "chinese_numerals": chinese_numerals})
    nlp.add_pipe("bulletin_leaders")
    return nlp


def load_nlp(path: str | Path) -> Language:
    """A pipeline saved with ``nlp.to_disk(path)``: config, dictionary and settings together."""
    return spacy.load(path)


def place_words() -> list[str]:
    """Place names of the gazetteer, so segmentation keeps them whole."""
    from ..parse.places import gazetteer

    return gazetteer().names()


__all__ = ["build_nlp", "load_nlp", "SegmenterTokenizer", "SPAN_KEYS"]
