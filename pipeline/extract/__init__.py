"""Stage 4, extract: slogans with their components, metrics and leaders, as spans on spaCy Docs.

``extract(parsed)`` runs the language pipeline over each article and returns the ParsedDocument with
``slogans`` (one per distinct formula, with every occurrence), ``metrics`` and ``leaders`` filled.
Where the text does not expand a slogan itself, the practice headings that follow it do
(“三个转变”提升… → 由…向…转变 / … ), which is why extraction comes after parsing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from ..records import Article, Leader, Metric, ParsedDocument, Practice, Slogan
from .language import SLOGAN_MATCHES, SPAN_KEYS, build_nlp, load_nlp, place_words, text_of
from .leaders import find_leaders
from .metrics import MetricFinder
from .segment import Segmenter
from .slogans import SloganFinder, SloganMatch, clean_component

__all__ = ["extract", "default_nlp", "build_nlp", "load_nlp", "Segmenter", "SloganFinder", "MetricFinder",
           "find_leaders", "SPAN_KEYS"]

NEAR_END = 120  # characters
LEADING_FORMULA = re.compile(r"^[“\"「]([^”\"」]{2,10})[”\"」]")


@lru_cache(maxsize=1)
def default_nlp():
    """The pipeline built from models/, with the gazetteer's place names kept whole by the tokenizer."""
    nlp = build_nlp()
    nlp.tokenizer.add_words(place_words())
    return nlp


def _children(practices: list[Practice], parent: int | None) -> list[Practice]:
    return [p for p in practices if p.parent == parent]


def heading_components(article: Article, match: SloganMatch, finder: SloganFinder) -> list[str] | None:
    """Components of a slogan given by the practice headings under (or after) where it stands."""
    practices = article.practices
    if not practices:
        return None
    # The slogan must stand in a heading or just before the headings it names: in the last sentences
    # of a practice's own text, or of the article's opening.
    near = NEAR_END
    scopes: list[tuple[list[Practice], str, bool]] = []  # children, their context, slogan in a heading
    for i, p in enumerate(practices):
        # a heading that names another formula too (以“甲工程”牵引…、缩小“三大差距”) does not say which
        # one its children spell out
        alone = match.text in p.heading and all(m.text == match.text for m in finder(p.heading) if m.quoted)
        if alone or match.text in p.body[-near:]:
            scopes.append((_children(practices, i), p.heading + "。" + p.body, alone))
    first = article.text.find(practices[0].heading)
    if first > 0 and match.text in article.text[max(0, first - near):first] or \
            match.text in article.title and match.text not in article.text:
        # before the first heading, or in the headline only: the top practices, if they echo it
        scopes.append((_children(practices, None), article.text[:max(first, 0)], False))
    counts = match.counts
    for children, context, in_heading in scopes:
        if not children:
            continue
        headings = [c.heading for c in children]
        if match.shape in ("n_ge", "single") and len(children) in counts:
            # Named in a heading, the slogan heads its children; named in running text before them,
            # it must share a character with most of them or their enumerators (“三个联合” over
            # 党员队伍联合抓 …, “三步走” over 第一步 …), or any list of the right length after a
            # passing mention of 四个意识 would be taken for it.
            word = match.segments[0][1] if match.segments else ""
            labelled = [article.text[max(0, at - 5):max(0, at)] + c.heading  # with its 第一步，
                        for c in children for at in [article.text.find(c.heading)]]
            if in_heading or sum(any(ch in h for ch in word) for h in labelled) * 2 >= len(labelled):
                return headings
            continue
        if match.shape != "compound":
            continue
        segments = match.segments
        halves = [re.split(r"[，,；;]", h) for h in headings]
        if len(children) * len(segments) in counts and all(
                len(hs) == len(segments) and all(c.strip().startswith(w.lstrip("个")[:2]) for c, (_, w) in zip(hs, segments))
                for hs in halves):
            # “三个坚持三个着力” over 坚持A，着力B / 坚持C，着力D / …: each heading gives one part of each half
            return [c.strip() for hs in halves for c in hs]
        if len(children) in counts and all(w[0] in h for _, w in segments for h in headings):
            # “四联四帮” over headings 联组织帮班子 / 联党员帮群众 / …: each heading pairs the parts.
            return headings
        if len(children) == len(segments) and all(w[0] in h for (_, w), h in zip(segments, headings)):
            # “三转三办三督” over headings “三个转变”… / “三方办理”… / “三项督查”…: the parts are their formulas.
            return [m.group(1) if (m := LEADING_FORMULA.match(h)) else h for h in headings]
        parts: list[str] = []
        for n, word in segments:
            own = [h for h in headings if word[:2] in h and h not in parts]
            if len(own) == n and (len(word) >= 2 or all(len(h) <= 12 for h in own)):
                parts += own
                continue
            found = finder.segment_expansion(context, n, word)
            if found:
                parts += found
        if parts:
            return parts
    return None


def _cleaned(components: list[str] | None) -> list[str] | None:
    """Components as stored; one part alone expands nothing (一带一路 → one clause is not its parts)."""
    parts = [c for c in (clean_component(c) for c in components or []) if c]
    return parts if len(parts) >= 2 else None


def _count_and_flag(match: SloganMatch, components: list[str] | None) -> tuple[int | None, bool]:
    counts = match.counts
    if components:
        if len(components) in counts:
            return len(components), False
        return (counts[0] if counts else None), bool(counts)
    return match.count, False


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) cuts of a text no longer than ``limit`` each, at paragraph ends where there are
    some, else at sentence ends, else anywhere: spaCy refuses a text over its max_length (E088)."""
    if len(text) <= limit:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n\n"), max(window.rfind(c) for c in "。！？\n"))
            end = start + cut + 1 if cut > limit // 2 else end
        out.append((start, text[start:end]))
        start = end
    return out


NOT_READ_HERE = ("bulletin_places",)  # components whose spans extract() does not read


def _docs(nlp, articles, texts, slogan_matches):
    """(article index, article, Doc, offset of the Doc in the article's text), long texts in pieces.
    A text read whole carries the slogans already found in it, so the component does not look again."""
    jobs = [(ai, off, piece) for ai, text in enumerate(texts) for off, piece in pieces(text, nlp.max_length - 1)]

    def made(ai: int, piece: str):
        doc = nlp.make_doc(piece)
        if len(piece) == len(texts[ai]):
            doc.user_data[SLOGAN_MATCHES] = slogan_matches[ai]
        return doc

    # The place spans are for users of the pipeline; an article's place was settled by the parser,
    # and looking for every place name in every text would be a sixth of the work here.
    # (The generator holds the selection while the caller reads the Docs one by one.)
    with nlp.select_pipes(disable=[name for name in NOT_READ_HERE if name in nlp.pipe_names]):
        for (ai, off, _), doc in zip(jobs, nlp.pipe(made(ai, piece) for ai, _, piece in jobs)):
            yield ai, articles[ai], doc, off


def extract(parsed: ParsedDocument, nlp=None) -> ParsedDocument:
    nlp = nlp or default_nlp()
    finder: SloganFinder = nlp.get_pipe("bulletin_slogans").finder
    texts = [a.text for a in parsed.articles]
    # Slogans become whole tokens before the Docs are made, so their spans align with tokens.
    slogan_matches = [finder(t) for t in texts]
    nlp.tokenizer.add_words({m.text for found in slogan_matches for m in found if not m.text.isascii()})
    slogans: dict[str, Slogan] = {}
    metrics: list[Metric] = []
    leaders: list[Leader] = []
    found_in: dict[str, list[tuple[Article, SloganMatch]]] = {}
    for ai, article, doc, offset in _docs(nlp, parsed.articles, texts, slogan_matches):
        for span in doc.spans["slogans"]:
            match: SloganMatch = span._.slogan
            components, where = finder.expand(text_of(doc), match)
            match = replace(match, start=offset + match.start, end=offset + match.end)  # in the article's text
            found_in.setdefault(match.text, []).append((article, match))
            components = _cleaned(components)
            known = slogans.get(match.text)
            if known is None:
                count, mismatch = _count_and_flag(match, components)
                known = slogans[match.text] = Slogan(
                    text=match.text, count=count, components=components, start=match.start, end=match.end,
                    article=ai, count_mismatch=mismatch, expansion=where, quoted=match.quoted)
            elif components and not known.components:
                known.count, known.count_mismatch = _count_and_flag(match, components)
                known.components, known.expansion = components, where
            known.quoted = known.quoted or match.quoted
        metrics += [replace(m, article=ai, start=offset + m.start, end=offset + m.end)
                    for m in (s._.metric for s in doc.spans["metrics"])]
        leaders += [replace(le, article=ai, start=offset + le.start, end=offset + le.end)
                    for le in (s._.leader for s in doc.spans["leaders"])]
        if article.kind == "speech" and article.speaker and not any(l.name == article.speaker for l in leaders):
            leaders.append(Leader(name=article.speaker, title="", start=0, end=0, article=ai, context=article.title))
    # A formula quoted in a headline only (“四个到位”抓实党员教育) is the article's too: its parts are
    # the practices under the headline where they echo its word.
    for ai, article in enumerate(parsed.articles):
        for match in finder(article.title):
            if (match.quoted or match.shape == "code") and match.text not in slogans:
                parts = _cleaned(finder.confirm(match.text, finder.parts_listed_in(article.text, match)))
                count, mismatch = _count_and_flag(match, parts)
                slogans[match.text] = Slogan(text=match.text, count=count, components=parts, start=0, end=0,
                                             article=ai, quoted=match.quoted, count_mismatch=mismatch,
                                             expansion="list" if parts else None)
                found_in.setdefault(match.text, []).append((article, match))
    # Only where no sentence expands a slogan do the headings after it stand for its parts.
    for text, slogan in slogans.items():
        if slogan.components:
            continue
        for article, match in found_in[text]:
            components = _cleaned(finder.confirm(text, heading_components(article, match, finder)))
            if components and any(len(c) > 30 or re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", c) for c in components):
                components = None  # news headlines (伦敦世乒赛落幕 中国队包揽双冠) under a headline, not parts
            if components:
                slogan.count, slogan.count_mismatch = _count_and_flag(match, components)
                slogan.components, slogan.expansion = components, "headings"
                break
    for slogan in slogans.values():
        slogan.occurrences = []
    for ai, t in enumerate(texts):  # one pass over each text for all the slogans
        for text, spans in finder.all_occurrences(t, list(slogans)).items():
            slogans[text].occurrences += [(ai, s, e) for s, e in spans]
    # “四算” also stands inside “四算一体”; there it is an occurrence of the longer slogan only.
    taken = sorted({(ai, s, e) for sl in slogans.values() for ai, s, e in sl.occurrences})
    longest = max((e - s for _, s, e in taken), default=0)

    def inside_longer(ai: int, s: int, e: int) -> bool:
        # only occurrences starting at most `longest` characters before can contain this one
        lo = bisect.bisect_left(taken, (ai, s - longest, -1))
        hi = bisect.bisect_right(taken, (ai, s, float("inf")))
        return any(s2 <= s and e <= e2 and e2 - s2 > e - s for _, s2, e2 in taken[lo:hi])

    for slogan in slogans.values():
        slogan.occurrences = [(ai, s, e) for ai, s, e in slogan.occurrences if not inside_longer(ai, s, e)]
        if not slogan.occurrences and slogan.end > slogan.start:
            # a variant spelling (五个“100%”) stands only where it was found (a headline's: nowhere in the text)
            slogan.occurrences = [(slogan.article, slogan.start, slogan.end)]
    note = parsed.bulletin.editor_note if parsed.bulletin else None
    if note is not None:
        leaders = [replace(l, article=None) for l in find_leaders(note.text)] + leaders
    return replace(parsed, slogans=list(slogans.values()), metrics=metrics, leaders=leaders)
