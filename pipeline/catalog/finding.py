"""Reading the catalog the way staff ask: search with filters, more like this, themes, clusters,
slogans across bulletins, metrics. Mixed into :class:`pipeline.catalog.Catalog`; plain SQL."""
from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass, field

from ..lazy import LazyModule

pd = LazyModule("pandas")  # on first use: a command-line search prints without it

from .search import (CHAR_WEIGHTS, WEIGHTS, Query, Term, date_bound, fts_quote, index_text, load_thesaurus, mark, normalize_query,
                     parse_query, snippet, words_of)

RESULT_COLUMNS = ["id", "score", "heading", "place", "province", "city", "county", "date", "publication",
                  "issue", "section", "kind", "article", "themes", "cluster", "snippet", "spans", "marked",
                  "source", "article_id", "parent_id", "related"]


POOL = 100  # candidates each index's BM25 brings for the ordering
RELATIVE_WEIGHT = 0.3  # a thesaurus relative of a query word the practice lacks: less than the word itself
CONTEXT_WEIGHT = 0.5  # a query word only in the article's title or the place's names, not in the practice
FUSED_WEIGHT = 1.0  # the two BM25 scores fused (0–1), beside the words held
CHAR_SHARE = 0.5  # the character index's share of the fused score
SUBSTANCE = 40  # characters of text below its heading from which a practice has something to read
RARITY_SAMPLE = 20_000  # newest practices a query word's frequency is counted among
THEME_BONUS = 0.5  # a related practice filed under the results' own first theme
BARE_PENALTY = 0.2  # the share of its score a bare heading loses: a section title, its content elsewhere
RANK_DEPTH = 5_000  # most matches ranked by BM25 for one query (see Finding._ranked)
CHAR_RANK_DEPTH = 2_000  # the same in the character index, whose score only adds to the words' (speed)
FILTERED_DEPTH = 1_000  # most matches that pass a query's filters ranked by BM25 …
SCAN_DEPTH = 10_000  # … looked for among this many of the newest matches
FILL_DEPTH = 2_000  # matches a fill-in question (some of the words, relatives, parts) looks among
SAMPLE = 2_000  # newest practices read to tell a broad filter from a rare one
BROAD = 0.1  # a filter that passes this share of them is broad
NOTHING = "0"  # the condition of a filter nothing can pass (a place nobody wrote from)
COUNT_DEPTH = 5_000  # most practices a search counts for its total and facets
FACET_NAMES = ("theme", "province", "city", "year", "publication", "section")
# What the metrics can be sorted by, and the SQL that says it (the date as the article's, issue's or page's).
METRIC_SORTS = {"text": "m.text", "value": "m.value", "unit": "m.unit", "qualifier": "m.qualifier",
                "about": "m.about", "place": "a.place", "date": "coalesce(a.date, b.date, g.date)"}
FACET_COLUMN = re.compile(r"\bf\.(?!id\b)")  # a condition that reads a column of practice_facets


@dataclass
class SearchResult:
    """A search's rows (dicts with RESULT_COLUMNS), best first, and what it has to say about the query:
    ``notes`` (lines for the reader), and the same as data for a face that words them its own way:
    ``unmatched`` (query words no practice holds), ``absent`` (words that practices hold, but none
    that passes the filters), ``shown`` (the words the results are for instead), ``partial`` (no
    practice holds every word: the results hold some) and ``cut`` (the query's length when it was cut)."""

    rows: list[dict]
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    partial: bool = False
    cut: int | None = None


class Finding:
    """Search, similar, themes, clusters, slogan index and metric lists over ``self.db``."""

    db = None  # sqlite3.Connection, set by Catalog
    thesaurus_path = None  # models/thesaurus.yaml unless set

    # -- filters -------------------------------------------------------------------------------
    def _filters(self, **filters) -> tuple[list[str], list, str]:
        """SQL conditions over ``practice_facets f`` (one narrow row per practice), their parameters,
        and an FTS5 clause that narrows the matches before the conditions are read (or "").

        A place filter is also asked of the index: every practice of a place has the place's name, as
        words, in the index's place column, and the index intersects that with the query's words far
        faster than rows can be read. The clause holds one word of each place name the filter stands
        for (浙江 → 浙江省): it loses nothing, and the conditions still decide."""
        themes = filters.get("theme")
        if themes:
            # one indexed lookup per theme; the list of every theme is read only to say what is known
            unknown = [t for t in ([themes] if isinstance(themes, str) else themes)
                       if self.db.execute("SELECT 1 FROM practice_themes WHERE theme = ? LIMIT 1", (t,)).fetchone()
                       is None and t not in self._taxonomy_names()]
            if unknown:
                known = self.theme_names()
                near = [k for k in known if any(u in k or k in u for u in unknown)]
                raise FilterError(f"unknown theme {unknown[0]!r}"
                                  + (f"; did you mean {'、'.join(near)}?" if near else "")
                                  + f" The themes: {'、'.join(known)}",
                                  f"没有“{unknown[0]}”这个主题。" + (f"是否要找：{'、'.join(near)}？" if near else "")
                                  + f"主题有：{'、'.join(known)}。")
        where, params = _conditions(**filters)
        narrow = []
        for column in ("province", "city", "county"):
            value = filters.get(column)
            if not value:
                continue
            names = [r[0] for r in self.db.execute(
                f"SELECT DISTINCT {column} FROM practice_facets WHERE {column} >= ? AND {column} < ?",
                (value, value + "\U0010ffff"))]  # the prefix as a range, which the column's index serves
            words = [max(index_text(n).split() or [n], key=len) for n in names if n.startswith(value)]
            if not words:  # no such place: nothing passes, and nothing need be read
                where.append(NOTHING)
                continue
            narrow.append(f"place : ({' OR '.join(fts_quote(w) for w in dict.fromkeys(words))})")
        return where, params, " AND ".join(narrow)

    # -- search --------------------------------------------------------------------------------
    def search(self, query: str = "", limit: int = 20, offset: int = 0, **filters) -> pd.DataFrame:
        """Practices matching ``query`` (simplified or traditional; "quoted" text is a phrase), best
        first, with place, date, source and a highlighted snippet of the practice's own text.

        The same search as :meth:`search_records`, as a DataFrame; what the search has to say (a query
        word no practice holds, a query cut to its limit) is in ``df.attrs["notes"]``, the words no
        practice holds in ``df.attrs["unmatched"]``."""
        found = self.search_records(query, limit=limit, offset=offset, **filters)
        df = pd.DataFrame(found.rows, columns=RESULT_COLUMNS)
        for name in ("notes", "unmatched", "absent", "shown", "partial", "cut"):
            df.attrs[name] = getattr(found, name)
        return df

    def search_records(self, query: str = "", limit: int = 20, offset: int = 0, ids_only: bool = False,
                       **filters) -> SearchResult | list[int]:
        """The search behind :meth:`search`, as plain rows (what a command-line search prints, without
        loading pandas).

        Candidates come from two indexes, each ranked by BM25: the words (as the segmenter cut the
        practice) and the characters (bigrams: a word inside a longer one, as written). They are ordered by how much of the query's distinct words they hold (a compound
        word also as its parts in order, 村集体经济 ~ 村级集体经济; its parts apart count for less),
        then by the two BM25 scores fused; a thesaurus relative of a word the practice lacks adds a
        little, and never stands in for the word. Where the words stand relative to each other does
        not count. A practice that holds none of the query's words is not listed. A query word that
        no practice holds is named in ``notes``.
        Filters: theme, province, city, county, since, until, publication, section, slogan, kind,
        cluster, exclude_city, exclude_province."""
        parsed = parse_query(query, load_thesaurus(self.thesaurus_path))
        notes = [parsed.note] if parsed.note else []
        cut = len(query) if parsed.note else None
        where, params, narrow = self._filters(**filters)
        if not parsed:
            sql = ("SELECT r.*, 0.0 AS score FROM (SELECT f.id, f.date FROM practice_facets f"
                   f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY f.date DESC, f.id LIMIT ? OFFSET ?) k"
                   " JOIN practice_rows r ON r.id = k.id ORDER BY k.date DESC, k.id")
            rows = self.db.execute(sql, (*params, limit, offset)).fetchall()
            if ids_only:
                return [r["id"] for r in rows]
            return SearchResult(self._result_rows(rows, parsed), notes, cut=cut)
        pool = max(limit + offset, POOL)  # candidates are (id, BM25) pairs; full rows are read for the page
        share = self._passing_share(where, params) if where else 1.0

        asked: set[tuple[str, str]] = set()

        def ranked(match, table="practice_search", fill=True, db=None):
            """(id, BM25) pairs for one question of one index. The first questions (every word) are
            ``complete``: under a rare filter they search every match. The fill-ins after them (some of
            the words, relatives, parts) only the newest matches' window; one asked already is not
            asked again (a one-word query's "any part" is often the word itself)."""
            if not match:
                return []
            # the place filter's clause asks the word index's place column; the character index has none
            expression = _narrowed(match, narrow) if table == "practice_search" else match
            if (expression, table) in asked:
                return []
            asked.add((expression, table))
            return self._ranked(expression, where, params, pool, needed=limit + offset, share=share, table=table,
                                complete=not fill, db=db)

        # the two indexes answer the query's first question at the same time, on two connections
        by_words, by_chars = map(dict, self._at_once(
            lambda db: ranked(parsed.match("and"), fill=False, db=db),
            lambda db: ranked(parsed.char_match("and"), "practice_chars", fill=False, db=db)))
        # no practice holds every word (or its parts) when the questions for every word found none
        partial = len(parsed.terms) > 1 and not by_words and not by_chars
        if len(parsed.terms) > 1 and len(by_words.keys() | by_chars.keys()) < pool:  # the rest in other words
            by_words.update((k, v) for k, v in ranked(parsed.related_match()) if k not in by_words)
        if len(parsed.terms) > 1 and len(by_words.keys() | by_chars.keys()) < pool:  # some of the words
            by_words.update((k, v) for k, v in ranked(parsed.match("or")) if k not in by_words)
            if len(by_words.keys() | by_chars.keys()) < pool:
                by_chars.update((k, v) for k, v in ranked(parsed.char_match("or"), "practice_chars")
                                if k not in by_chars)
        if len(by_words.keys() | by_chars.keys()) < pool:  # part of a word (容错 of 容错纠错)
            by_words.update((k, v) for k, v in ranked(parsed.any_part_match()) if k not in by_words)
        weights = self._rarity_weights(parsed)  # once: the ordering and the related ones both weigh the words
        ordered, seen_whole = self._order(parsed, by_words, by_chars, weights)
        if ids_only:  # the results proper, in order, without their rows (see :meth:`matches`)
            return [pid for pid, _ in ordered[offset:offset + limit]]
        unmatched = self._unmatched(parsed, seen_whole)
        absent = [t.text for t in parsed.terms if t.text not in seen_whole and t.text not in unmatched
                  and (where or narrow) and not self._holds_within(t, where, params, narrow)]
        shown = []
        if unmatched or absent:
            missing = unmatched + absent
            kept = [t.text for t in parsed.terms if t.text not in missing]
            parts = [p for t in parsed.terms if t.text in missing for p in t.long_parts]
            shown = kept + [p for p in parts if p not in kept and not self._unmatched_word(p)]
            showing = f"; showing results for {' '.join(shown)}" if shown else ""
            if unmatched:
                notes.append(f"no practice mentions {'、'.join(unmatched)}{'' if absent else showing}")
            if absent:
                notes.append(f"no practice within the filters mentions {'、'.join(absent)}{showing}")
        elif partial and ordered:
            notes.append(f"no practice mentions all of {'、'.join(t.text for t in parsed.terms)};"
                         " showing practices that mention some of them")
        page = ordered[offset:offset + limit]
        rows = self._result_rows(self._rows(page), parsed)
        if len(ordered) < offset + limit:  # room left: practices that say it only in other words, apart
            related = self._related(parsed, ordered, ranked, offset + limit - len(ordered), weights)
            skip = max(0, offset - len(ordered))
            rows += self._result_rows(self._rows(related[skip:]), parsed, related=True)
        return SearchResult(rows, notes, unmatched, absent, shown, partial and not (unmatched or absent), cut)

    def _related(self, parsed: Query, ordered: list, ranked, room: int,
                 weights: list[float]) -> list[tuple[int, float]]:
        """Practices that hold none of the query's words but a thesaurus relative of some (流动党员 →
        双重管理, 亮身份), shown after the results under their own heading ("related, by theme"),
        never mixed in: ordered by how many of the words their relatives stand for (weighted by
        rarity), then their BM25 over the relatives, and those filed under the results' own first
        theme first among equals."""
        match = parsed.relatives_match()
        if not match or room <= 0:
            return []
        found = {pid for pid, _ in ordered}
        candidates = {k: v for k, v in ranked(match) if k not in found}
        if not candidates:
            return []
        texts = self._texts(list(candidates))
        own_words = {t.text for t in parsed.terms}
        top_theme = Counter(t[0] for t in self._themes_of([pid for pid, _ in ordered[:10]]).values() if t)
        theme = top_theme.most_common(1)[0][0] if top_theme else None
        themes = self._themes_of(list(candidates)) if theme else {}
        best = max(-v for v in candidates.values()) or 1.0
        scored = []
        for pid, bm25 in candidates.items():
            if pid not in texts:
                continue
            own = texts[pid][0]
            if any(t.held(own) for t in parsed.terms):  # holds a word after all: not related only
                continue
            covered = sum(w for t, w in zip(parsed.terms, weights) if t.relative_held(own, own_words))
            if not covered:
                continue
            on_theme = THEME_BONUS if theme and themes.get(pid, [None])[0] == theme else 0.0
            scored.append((pid, covered + -bm25 / best + on_theme))
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:room]

    def _unmatched(self, parsed: Query, seen_whole: set[str] = frozenset()) -> list[str]:
        """The query's words that no practice holds (as written, or as its parts in order); those a
        candidate was seen to hold need not be asked."""
        return [t.text for t in parsed.terms if t.text not in seen_whole and not self._holds_any(t)]

    def _holds_any(self, term) -> bool:
        """Whether any practice holds ``term``: asked of each index, stopping at the first found."""
        for table, expression in (("practice_search", term.fts(parts_apart=False)), ("practice_chars", term.chars())):
            if expression and self.db.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1",
                                              (expression,)).fetchone():
                return True
        return False

    def _holds_within(self, term, where: list[str], params: list, narrow: str) -> bool:
        """Whether a practice that passes the filters holds ``term`` (as :meth:`_holds_any` asks): the
        first match that passes, newest first, with no BM25 to compute."""
        if NOTHING in where:
            return False
        # the character index holds every practice's own text (the word inside any word); the word
        # index is asked only for what that lacks, the article's title and the place's names
        words = term.fts(parts_apart=False)
        for table, expression in (("practice_chars", term.chars()),
                                  ("practice_search", words and f"{{title place}} : ({words})")):
            if not expression:
                continue
            if table == "practice_search":
                expression = _narrowed(expression, narrow)
            join, conditions = self._filter_sql(where, table)
            if self.db.execute(f"SELECT 1 FROM {table}{join} WHERE {table} MATCH ?{conditions}"
                               f" ORDER BY {table}.rowid DESC LIMIT 1", (expression, *params)).fetchone():
                return True
        return False

    @staticmethod
    def _filter_sql(where: list[str], table: str) -> tuple[str, str]:
        """The join and the conditions that put the filters on matches of ``table``: one narrow
        practice_facets row per match, or none when they only ask other tables by the practice's id."""
        if any(FACET_COLUMN.search(w) for w in where):
            return f" CROSS JOIN practice_facets f ON f.id = {table}.rowid", "".join(" AND " + w for w in where)
        return "", "".join(" AND " + w.replace("f.id", f"{table}.rowid") for w in where)

    def _unmatched_word(self, word: str) -> bool:
        return not self._holds_any(Term([word]))

    def _order(self, parsed: Query, by_words: dict, by_chars: dict,
               weights: list[float]) -> tuple[list[tuple[int, float]], set[str]]:
        """Candidates best first, as (id, score): how much of the query's words each holds (each word
        weighted by its rarity, so that holding the rare word of a query counts more than holding a
        common one), then the two BM25 scores (each over the best candidate's, averaged); a relative
        of a word the practice lacks adds a little. A word only in the article's title or the place
        names counts ``CONTEXT_WEIGHT`` of one in the practice itself. Those that hold none of the
        words are left out. Also the query words some candidate holds whole."""
        ids = list(by_words.keys() | by_chars.keys())
        if not ids:
            return [], set()
        texts = self._texts(ids)
        own_words = {t.text for t in parsed.terms}
        best_w = max((-v for v in by_words.values()), default=0) or 1.0
        best_c = max((-v for v in by_chars.values()), default=0) or 1.0
        scored, seen_whole = [], set()
        for pid in ids:
            if pid not in texts:
                continue
            own, context, substance = texts[pid]
            in_own = [t.held(own) for t in parsed.terms]
            in_context = [t.held(context) for t in parsed.terms]
            held = [max(a, CONTEXT_WEIGHT * b) for a, b in zip(in_own, in_context)]
            seen_whole.update(t.text for t, a, b in zip(parsed.terms, in_own, in_context) if max(a, b) == 1)
            if not any(held):
                continue
            relatives = sum(w * RELATIVE_WEIGHT for t, h, w in zip(parsed.terms, held, weights)
                            if h < 1 and t.relative_held(own, own_words))
            fused = ((1 - CHAR_SHARE) * -by_words.get(pid, 0.0) / best_w
                     + CHAR_SHARE * -by_chars.get(pid, 0.0) / best_c)
            score = sum(h * w for h, w in zip(held, weights)) + relatives + FUSED_WEIGHT * fused
            scored.append((pid, score * (1 - BARE_PENALTY * (1 - substance))))
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored, seen_whole

    def _rarity_weights(self, parsed: Query) -> list[float]:
        """Each query word's weight, from 0.5 (a word in every practice) to 1 (the query's rarest): its
        inverse document frequency in the word index (a word the index lacks as a token, by its rarest
        part), over the query's largest. Frequencies are counted among the newest ``RARITY_SAMPLE``
        practices: counting every match of a common word would cost time in proportion to the catalog."""
        if len(parsed.terms) < 2:
            return [1.0] * len(parsed.terms)
        newest = self.db.execute("SELECT coalesce(max(id), 0) FROM practices").fetchone()[0]
        since = max(0, newest - RARITY_SAMPLE)
        total = newest - since or 1

        def frequency(word: str) -> int:
            return self.db.execute("SELECT count(*) FROM practice_search WHERE practice_search MATCH ? AND rowid > ?",
                                   (fts_quote(word), since)).fetchone()[0]

        idf = []
        for t in parsed.terms:
            df = frequency(t.text)
            if not df and t.long_parts:
                df = min(map(frequency, t.long_parts))
            idf.append(math.log(1 + total / (df + 1)))
        top = max(idf) or 1.0
        return [0.5 + 0.5 * i / top for i in idf]

    def _texts(self, ids: list[int]) -> dict[int, tuple[str, str, float]]:
        """What a practice says for the query's words: its heading and text; around it, its article's
        title and the names of its place; and how much text of its own it has (0 for a bare heading,
        1 from ``SUBSTANCE`` characters on). A news item's title is no context: a day's news groups
        stories on anything under one headline (快讯), which says nothing of the others."""
        out = {}
        for r in self._by_ids("SELECT p.id, p.heading, p.body, CASE WHEN a.kind = 'news' THEN NULL ELSE a.title END,"
                              " a.place, a.county, a.city, a.province"
                              " FROM practices p JOIN articles a ON a.id = p.article_id WHERE p.id IN ({})", ids):
            out[r[0]] = (r[1] + "\n" + r[2], "\n".join(x for x in r[3:] if x), min(1.0, len(r[2]) / SUBSTANCE))
        return out

    def facets(self, query: str = "", top: int | None = 12, **filters) -> dict[str, list[tuple[str, int]]]:
        """Among every practice this search matches (see :meth:`matches`), how many fall under each
        theme (any of its one or two), province, city, year, publication and section, most first: the counts
        beside a search's filters, so that choosing one shows as many practices as it says. ``top``
        keeps the first so many of each (None: all)."""
        return self.matches(query, top=top, **filters)["facets"]

    def matches(self, query: str = "", top: int | None = 12, depth: int = COUNT_DEPTH, **filters) -> dict:
        """How many practices a search finds, and their facet counts: {"total": n, "facets": {…}}.

        Counted over the practices :meth:`search` returns when asked for all of them (its first
        ``depth``), so that a count is what paging through the results, or choosing a facet's value,
        shows. ``total`` is ``depth`` when there are as many or more."""
        ids = self.search_records(query, limit=depth, ids_only=True, **filters)
        counters = {name: Counter() for name in FACET_NAMES}
        for row in self._by_ids("SELECT province, city, substr(date, 1, 4), publication, section"
                                " FROM practice_facets WHERE id IN ({})", ids):
            for name, value in zip(FACET_NAMES[1:], tuple(row)):
                if value:
                    counters[name][value] += 1
        # every theme a practice is filed under, as the theme filter reads them: choosing one shows as
        # many as it says (a practice with two themes counts under both)
        for row in self._by_ids("SELECT theme FROM practice_themes WHERE practice_id IN ({})", ids):
            counters["theme"][row[0]] += 1
        return {"total": len(ids), "capped": len(ids) >= depth,
                "facets": {name: [(str(v), n) for v, n in sorted(c.items(), key=lambda x: (-x[1], str(x[0])))[:top]]
                           for name, c in counters.items()}}

    def _ranked(self, match: str, where: list[str], params: list, limit: int, needed: int | None = None,
                share: float = 0.0, table: str = "practice_search", complete: bool = True,
                db: sqlite3.Connection | None = None) -> list:
        """The best ``limit`` practices for an FTS5 match, by BM25, within the filters.

        FTS5 computes BM25 for every practice it ranks, so a very common word would cost time in
        proportion to the catalog. Only the newest matches are ranked (by rowid: the order they came
        in), read newest first in the same pass that ranks them: the newest ``RANK_DEPTH`` without
        filters; with filters, the newest ``FILTERED_DEPTH`` that pass them, looked for among the
        newest ``SCAN_DEPTH`` matches, unless the filters pass a ``share`` of ``BROAD`` or more of
        the newest practices (then the scan stops soon by itself). When a rare filter leaves fewer
        than ``needed`` there, every match is searched after all. A fill-in question (not
        ``complete``: some of the words, relatives, parts) looks among its newest ``FILL_DEPTH``
        matches, broad filters or none, and beyond them only for a rare filter that left fewer than
        ``needed`` there: its BM25 counts every practice holding each word it asks for, and under a
        broad filter the window holds enough. The filters read one narrow row per
        match (practice_facets), or none when they only ask other tables by the practice's id. What
        comes back is (id, BM25) pairs; the caller reads full rows for the page it shows."""
        if NOTHING in where:
            return []
        needed = limit if needed is None else needed  # a deep page is ranked deep enough to hold it
        if not where:
            depth = RANK_DEPTH if table == "practice_search" else CHAR_RANK_DEPTH
            return self._newest(match, "", "", [], max(depth if complete else FILL_DEPTH, needed), limit, table=table,
                                db=db)
        join, conditions = self._filter_sql(where, table)
        # A broad filter (a year on, all but one city) lets enough of the newest matches through that
        # the scan stops soon by itself; the window only guards against a rare one walking them all.
        depth = max(FILTERED_DEPTH, needed)
        scan = SCAN_DEPTH if complete else FILL_DEPTH
        window = None if share >= BROAD and complete else self._depth_floor(match, max(scan, needed), table, db=db)
        rows = self._newest(match, join, conditions, params, depth, limit, above=window, table=table, db=db)
        if window is not None and len(rows) < needed and (complete or share < BROAD):
            rows = self._newest(match, join, conditions, params, depth, limit, table=table, db=db)
        return rows

    def _newest(self, match: str, join: str, conditions: str, params: list, depth: int, limit: int,
                above: int | None = None, table: str = "practice_search", db: sqlite3.Connection | None = None) -> list:
        """The best ``limit`` by BM25 of the newest ``depth`` matches that pass the conditions (among
        those from rowid ``above`` on). FTS5 yields matches in rowid order, so the scan stops at
        ``depth``; BM25 is computed for those only."""
        weights = ", ".join(str(w) for w in (WEIGHTS if table == "practice_search" else CHAR_WEIGHTS))
        bound = "" if above is None else f" AND {table}.rowid >= ?"
        sql = (f"SELECT id, score FROM (SELECT {table}.rowid AS id,"
               f" bm25({table}, {weights}) AS score FROM {table}{join} WHERE {table} MATCH ?"
               f"{bound}{conditions} ORDER BY {table}.rowid DESC LIMIT ?) ORDER BY score LIMIT ?")
        return (db or self.db).execute(sql, (match, *([] if above is None else [above]), *params, depth,
                                             limit)).fetchall()

    def _at_once(self, first, second) -> tuple:
        """``first(db)`` and ``second(db)``, each a question to the catalog, asked at the same time: the
        second on a second reading connection in a thread of its own. SQLite lets go of Python's lock
        while it works, so on two cores the two answer in the time of the slower. Asked one after the
        other on the one connection where there can be no second (``ask_at_once`` off, a catalog
        without a file, or one in the middle of writing: its rows not yet committed only the first
        connection sees)."""
        side = self._side_connection()
        if side is None:
            return first(self.db), second(self.db)
        answer: dict = {}

        def ask():
            try:
                answer["rows"] = second(side)
            except BaseException as err:  # raised again in the asking thread
                answer["error"] = err

        worker = threading.Thread(target=ask, name="catalog-side-reader", daemon=True)
        worker.start()
        try:
            rows = first(self.db)
        finally:
            worker.join()
        if "error" in answer:
            raise answer["error"]
        return rows, answer["rows"]

    ask_at_once = True  # see _at_once; off, every question goes to the one connection in turn

    def _side_connection(self) -> sqlite3.Connection | None:
        """The second reading connection of :meth:`_at_once`, opened the first time it is needed."""
        if not self.ask_at_once or self.db.in_transaction:
            return None
        side = getattr(self, "_side", None)
        if side is None:
            opener = getattr(self, "_connect_side", None)
            side = self._side = (opener() if opener else None) or False  # False: there can be none
        return side or None

    def _passing_share(self, where: list[str], params: list) -> float:
        """The share of the newest ``SAMPLE`` practices that pass the filters: how rare they are."""
        passing, read = self.db.execute(
            f"SELECT coalesce(sum(CASE WHEN {' AND '.join(where)} THEN 1 ELSE 0 END), 0), count(*)"
            " FROM (SELECT * FROM practice_facets ORDER BY id DESC LIMIT ?) f", (*params, SAMPLE)).fetchone()
        return passing / read if read else 0.0

    def _depth_floor(self, match: str, depth: int, table: str = "practice_search",
                     db: sqlite3.Connection | None = None) -> int | None:
        """The rowid of the ``depth``-th newest match, or None when there are fewer. FTS5 yields
        matches in rowid order, so this stops after ``depth`` of them."""
        row = (db or self.db).execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
                              " ORDER BY rowid DESC LIMIT 1 OFFSET ?", (match, depth - 1)).fetchone()
        return None if row is None else row[0]

    def theme_names(self) -> list[str]:
        """The themes practices can be filed under: the taxonomy's, then any the catalog holds besides
        (labelled with another taxonomy)."""
        names = self._taxonomy_names()
        names += [r[0] for r in self.db.execute("SELECT DISTINCT theme FROM practice_themes ORDER BY theme")
                  if r[0] not in names]
        return names

    def _taxonomy_names(self) -> list[str]:
        from ..themes import load_taxonomy

        try:
            return list(load_taxonomy().names)
        except Exception:  # an edited taxonomy that does not load: the catalog's own labels still count
            return []

    def theme_models(self):
        """The themes and clusters fitted for this catalog (saved beside it), or None; reloaded when
        the file changes."""
        from ..themes import load_models, models_dir

        target = models_dir(self.path) / "models.joblib"
        stamp = target.stat().st_mtime_ns if target.is_file() else None
        cached = getattr(self, "_models_cache", ("unread", None))
        if cached[0] != stamp:
            self._models_cache = (stamp, load_models(target.parent) if stamp else None)
        return self._models_cache[1]

    def _rows(self, ranked: list[tuple[int, float]]) -> list[dict]:
        """The full rows of ranked (id, score) pairs, in their order, with their scores."""
        found = {r["id"]: r for r in self._by_ids("SELECT * FROM practice_rows WHERE id IN ({})",
                                                  [pid for pid, _ in ranked])}
        return [dict(found[pid], score=score) for pid, score in ranked if pid in found]

    def _by_ids(self, sql: str, ids: list[int]):
        """The rows of ``sql`` whose ``IN ({})`` holds the ids, asked in chunks (SQLite limits the
        parameters of one statement)."""
        for chunk in range(0, len(ids), 900):
            part = ids[chunk:chunk + 900]
            yield from self.db.execute(sql.format(",".join("?" * len(part))), part)

    def _result_rows(self, rows, parsed: Query, related: bool = False) -> list[dict]:
        """Result rows with their themes and a snippet around the query's words (a related practice's:
        around the relatives it holds instead)."""
        ids = [r["id"] for r in rows]
        themes = self._themes_of(ids)
        surfaces = (parsed.related_surfaces if related else parsed.surfaces) if parsed else []
        out = []
        for r in rows:
            text = r["heading"] + "　" + r["body"]
            cut, spans = snippet(text, surfaces)
            row = {k: r[k] for k in r.keys() if k in RESULT_COLUMNS}
            out.append({**{c: row.get(c) for c in RESULT_COLUMNS}, "score": float(r["score"] or 0), "related": related,
                        "themes": themes.get(r["id"], []), "snippet": cut, "spans": spans,
                        "marked": mark(cut, spans)})
        return out

    def _results(self, rows, parsed: Query) -> pd.DataFrame:
        return pd.DataFrame(self._result_rows(rows, parsed), columns=RESULT_COLUMNS)

    def _themes_of(self, ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for row in self._by_ids("SELECT practice_id, theme FROM practice_themes WHERE practice_id IN ({})"
                                " ORDER BY practice_id, rank", ids):
            out.setdefault(row[0], []).append(row[1])
        return out

    def similar(self, practice_id: int, limit: int = 10, terms: int = 12, **filters) -> pd.DataFrame:
        """More like this: practices from other articles that share the most distinctive words of this
        one (its words weighted by their rarity in the index), ranked by BM25."""
        row = self.db.execute("SELECT heading, body, article_id FROM practices WHERE id=?", (practice_id,)).fetchone()
        if row is None:
            raise KeyError(f"no practice {practice_id}")
        counts = Counter(w for w in words_of(row["heading"] + "\n" + row["heading"] + "\n" + row["body"])
                         if len(w) > 1)
        if not counts:
            return self._results([], parse_query(""))
        total = self.db.execute("SELECT COUNT(*) FROM practices").fetchone()[0] or 1
        rarity = {w: self._document_frequency(w) for w in counts}
        scored = sorted(counts, key=lambda w: -counts[w] * math.log((total + 1) / (rarity[w] + 1)))
        chosen = [w for w in scored if rarity[w] < total][:terms] or scored[:terms]
        match = " OR ".join(fts_quote(w) for w in chosen)
        where, params, narrow = self._filters(**filters)
        where.append("f.article_id != ?")
        params.append(row["article_id"])
        rows = self._ranked(_narrowed(match, narrow), where, params, limit, share=self._passing_share(where, params))
        return self._results(self._rows([(pid, -bm25) for pid, bm25 in rows]), parse_query(" ".join(chosen)))

    def _document_frequency(self, word: str) -> int:
        try:
            return self.db.execute("SELECT COUNT(*) FROM practice_search WHERE practice_search MATCH ?",
                                   (fts_quote(word),)).fetchone()[0]
        except Exception:
            return 0

    # -- one article or practice, whole ------------------------------------------------------------
    def article_detail(self, article_id: int) -> dict | None:
        """An article with its source, place and date, its practices (in order, with parent ids and
        themes), the slogans that occur in it and its metrics, as plain Python values."""
        a = self.db.execute(
            "SELECT a.*, coalesce(a.date, b.date, g.date) AS date, coalesce(b.publication, g.site) AS publication,"
            " b.issue, b.total_issue, b.issuer, g.site, g.headline, s.name AS source, s.format, s.site_title"
            " FROM articles a"
            " JOIN sources s ON s.id = a.source_id LEFT JOIN bulletins b ON b.id = a.bulletin_id"
            " LEFT JOIN pages g ON g.source_id = a.source_id WHERE a.id = ?", (int(article_id),)).fetchone()
        if a is None:
            return None
        out = dict(a)
        practices = [dict(r) for r in self.db.execute(
            "SELECT id, parent_id, level, ord, heading, body, cluster FROM practices WHERE article_id = ? ORDER BY seq",
            (int(article_id),))]
        themes = self._themes_of([p["id"] for p in practices])
        for p in practices:
            p["themes"] = themes.get(p["id"], [])
        out["practices"] = practices
        slogans: dict[int, dict] = {}
        for r in self.db.execute(
                "SELECT sl.id, sl.text, sl.count, sl.components, o.start, o.\"end\" FROM slogans sl"
                " JOIN slogan_occurrences o ON o.slogan_id = sl.id WHERE o.article_id = ? ORDER BY sl.id, o.start",
                (int(article_id),)):
            entry = slogans.setdefault(r["id"], {"text": r["text"], "count": r["count"], "spans": [], "practice_ids": [],
                                                 "components": json.loads(r["components"]) if r["components"] else None})
            entry["spans"].append((r["start"], r["end"]))
        for r in self._by_ids("SELECT slogan_id, practice_id FROM practice_slogans WHERE slogan_id IN ({})", list(slogans)):
            slogans[r[0]]["practice_ids"].append(r[1])
        out["slogans"] = list(slogans.values())
        out["metrics"] = [dict(r) for r in self.db.execute(
            'SELECT id, text, value, value_high, unit, qualifier, about, written, start, "end" FROM metrics'
            " WHERE article_id = ? ORDER BY start", (int(article_id),))]
        return out

    def practice_detail(self, practice_id: int) -> dict | None:
        """A practice with its own slogans and metrics (those written under its heading, its
        sub-practices' included), its children, and its article (see :meth:`article_detail`)."""
        try:
            row = self.db.execute("SELECT article_id FROM practices WHERE id = ?", (int(practice_id),)).fetchone()
        except OverflowError:  # an id past SQLite's integers names no practice
            return None
        if row is None:
            return None
        article = self.article_detail(row[0])
        practice = next(p for p in article["practices"] if p["id"] == int(practice_id))
        return {**practice, **practice_facts(article, practice["id"]), "article": article}

    # -- themes and clusters -------------------------------------------------------------------
    def themes(self, by: str | None = None) -> pd.DataFrame:
        """Each theme with how many practices have it first, and have it at all; ``by="province"``
        (or city, year) counts first themes per place or year instead."""
        if by:
            column = "substr(r.date, 1, 4)" if by == "year" else f"r.{by}"
            if by not in ("province", "city", "county", "year"):
                raise ValueError("by: province, city, county or year")
            df = self.query(f"SELECT t.theme, {column} AS {by}, COUNT(*) AS practices FROM practice_themes t"
                            f" JOIN practice_rows r ON r.id = t.practice_id WHERE t.rank = 1"
                            f" GROUP BY t.theme, {column} ORDER BY t.theme, practices DESC")
            return df
        return self.query("SELECT theme, SUM(rank = 1) AS first, COUNT(*) AS practices FROM practice_themes"
                          " GROUP BY theme ORDER BY first DESC, practices DESC")

    def clusters(self) -> pd.DataFrame:
        """Clusters with their label, distinctive words, most frequent slogan, and practices now."""
        df = self.query("SELECT c.id, c.label, c.terms, c.slogan, c.size AS fitted,"
                        " (SELECT COUNT(*) FROM practices p WHERE p.cluster = c.id) AS practices, c.model_version"
                        " FROM clusters c ORDER BY practices DESC")
        df["terms"] = df["terms"].map(json.loads)
        return df

    def cluster_members(self, cluster: int, limit: int = 3) -> pd.DataFrame:
        return self.query("SELECT r.id, r.heading, r.place, r.date, r.source FROM practice_rows r"
                          " JOIN practices p ON p.id = r.id WHERE r.cluster = ? ORDER BY p.cluster_distance LIMIT ?",
                          (int(cluster), limit))

    # -- slogans and metrics across bulletins --------------------------------------------------
    def slogan_index(self, place: str | None = None, theme: str | None = None, min_count: int = 1) -> pd.DataFrame:
        """Each slogan text once: how many times it occurs, in how many sources, its components (the
        most common expansion), and where and when it was used."""
        where, params = _any_place(place)
        if theme:
            where.append("EXISTS (SELECT 1 FROM practice_slogans ps JOIN practice_themes t ON"
                         " t.practice_id = ps.practice_id WHERE ps.slogan_id = sl.id AND t.theme = ?)")
            params.append(theme)
        rows = self.db.execute(
            "SELECT sl.text, sl.count, sl.components, sl.source_id, a.place, coalesce(a.date, b.date, g.date) AS date,"
            " coalesce(b.publication, g.site) AS publication FROM slogans sl"
            " JOIN slogan_occurrences o ON o.slogan_id = sl.id JOIN articles a ON a.id = o.article_id"
            " LEFT JOIN bulletins b ON b.id = a.bulletin_id LEFT JOIN pages g ON g.source_id = sl.source_id"
            f"{' WHERE ' + ' AND '.join(where) if where else ''}", params).fetchall()
        grouped: dict[str, dict] = {}
        for r in rows:
            g = grouped.setdefault(r["text"], {"slogan": r["text"], "count": r["count"], "occurrences": 0,
                                               "sources": set(), "expansions": Counter(), "places": Counter(),
                                               "dates": set()})
            g["occurrences"] += 1
            g["sources"].add(r["source_id"])
            if r["components"]:
                g["expansions"][r["components"]] += 1
            if r["place"]:
                g["places"][r["place"]] += 1
            if r["date"]:
                g["dates"].add(r["date"])
        out = []
        for g in grouped.values():
            if g["occurrences"] < min_count:
                continue
            expansion = g["expansions"].most_common(1)
            out.append({"slogan": g["slogan"], "count": g["count"], "occurrences": g["occurrences"],
                        "sources": len(g["sources"]),
                        "components": json.loads(expansion[0][0]) if expansion else None,
                        "places": [p for p, _ in g["places"].most_common()],
                        "first": min(g["dates"], default=None), "last": max(g["dates"], default=None)})
        df = pd.DataFrame(out, columns=["slogan", "count", "occurrences", "sources", "components", "places",
                                        "first", "last"])
        if len(df):
            df["count"] = df["count"].astype("Int64")
        return df.sort_values(["occurrences", "sources", "slogan"], ascending=[False, False, True],
                              ignore_index=True)

    def find_metrics(self, unit: str | None = None, place: str | None = None, about: str | None = None,
                     limit: int | None = None, offset: int = 0, sort: str | None = None,
                     descending: bool = True) -> pd.DataFrame:
        """Metrics with their article's place and date; ``about`` searches what is measured and the
        sentence around it. In the order they are written, or by ``sort`` (one of METRIC_SORTS;
        those without a value last), ``limit`` rows from ``offset``."""
        where, params = self._metric_conditions(unit, place, about)
        order = "m.source_id, a.seq, m.start"
        if sort:
            column = METRIC_SORTS[sort]  # KeyError for a column one cannot sort by
            order = f"{column} IS NULL, {column} {'DESC' if descending else 'ASC'}, m.id"
        sql = ("SELECT m.id, m.text, m.value, m.value_high, m.unit, m.qualifier, m.about, a.place, a.province,"
               " a.city, coalesce(a.date, b.date, g.date) AS date, a.title AS article, s.name AS source FROM metrics m"
               " JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = m.source_id"
               " LEFT JOIN bulletins b ON b.id = a.bulletin_id LEFT JOIN pages g ON g.source_id = m.source_id"
               f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}")
        if limit:
            sql += f" LIMIT {int(limit)} OFFSET {max(0, int(offset))}"
        return self.query(sql, tuple(params))

    def count_metrics(self, unit: str | None = None, place: str | None = None, about: str | None = None) -> int:
        """How many metrics :meth:`find_metrics` finds with these filters."""
        where, params = self._metric_conditions(unit, place, about)
        return self.db.execute("SELECT count(*) FROM metrics m JOIN articles a ON a.id = m.article_id"
                               f"{' WHERE ' + ' AND '.join(where) if where else ''}", params).fetchone()[0]

    @staticmethod
    def _metric_conditions(unit, place, about) -> tuple[list[str], list]:
        where, params = _any_place(place)
        if unit:
            where.append("m.unit = ?")
            params.append(unit)
        if about:
            where.append("(m.about LIKE '%' || ? || '%' OR substr(a.text, max(1, m.start - 30), 60 + m.\"end\" - m.start)"
                         " LIKE '%' || ? || '%')")
            params += [normalize_query(about)] * 2
        return where, params


def practice_facts(article: dict, practice_id: int) -> dict:
    """What is a practice's own in its article (from :meth:`Finding.article_detail`): its children, and
    the slogans and metrics written within its span, the text from its heading to the end of its last
    descendant's body (a slogan linked to it or to a descendant counts too)."""
    practices = article["practices"]
    subtree, grew = {practice_id}, True
    while grew:
        grew = False
        for p in practices:
            if p["parent_id"] in subtree and p["id"] not in subtree:
                subtree.add(p["id"])
                grew = True
    spans = [practice_span(article["text"], p) for p in practices if p["id"] in subtree]
    spans = [s for s in spans if s is not None]
    start = min((a for a, _ in spans), default=None)
    end = max((b for _, b in spans), default=None)

    def inside(a, b) -> bool:
        return start is not None and start <= a and b <= end

    slogans = [s for s in article["slogans"]
               if set(s.get("practice_ids") or ()) & subtree or any(inside(a, b) for a, b in s.get("spans") or ())]
    return {"children": [p for p in practices if p["parent_id"] == practice_id],
            "slogans": slogans,
            "metrics": [m for m in article["metrics"] if inside(m["start"], m["end"])]}


def practice_span(text: str, practice: dict) -> tuple[int, int] | None:
    """Where a practice stands in its article's text: from its heading to the end of its body, found
    by the heading and by the body's last characters (None when the heading is not in the text)."""
    start = text.find(practice["heading"])
    if start < 0:
        return None
    end = start + len(practice["heading"])
    body = (practice.get("body") or "").strip()
    if body:
        tail = body[-12:]
        found = text.find(tail, end)
        end = found + len(tail) if found >= 0 else min(len(text), end + len(body))
    return start, end


class FilterError(ValueError):
    """A filter that can match nothing because it names nothing: an unknown theme, an impossible date.
    ``str(err)`` says it in English (the command line); ``err.zh`` in Chinese (the web page)."""

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh or message


def check_date(value) -> None:
    """A date filter as staff write it (2024, 2024-05, 2024-05-01; / or . between) that names a real
    year, month or day; else FilterError."""
    if value is None or value == "":
        return
    text = str(value).strip().replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    try:
        if match is None:
            raise ValueError
        import datetime

        datetime.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise FilterError(f"impossible date {value!r}: write a year, a month or a day (2024, 2024-05, 2024-05-01)",
                          f"日期“{value}”不存在：请写年份、年月或年月日（2024、2024-05、2024-05-01）。")


def _any_place(place: str | None) -> tuple[list[str], list]:
    """The condition (over articles ``a``) and parameters for an article in a province, city or county
    named by prefix (浙江 → 浙江省), or by its own place name; none without a place."""
    if not place:
        return [], []
    return (["(a.province LIKE ? || '%' OR a.city LIKE ? || '%' OR a.county LIKE ? || '%'"
             " OR a.place LIKE ? || '%')"], [place] * 4)


__all__ = ["Finding", "FilterError", "check_date", "RESULT_COLUMNS", "SearchResult", "practice_facts",
           "practice_span"]


def _narrowed(match: str, narrow: str) -> str:
    """An FTS5 match with the filters' clause (see ``Finding._filters``) AND-ed on."""
    return f"({match}) AND {narrow}" if narrow else match


def _conditions(theme=None, province=None, city=None, county=None, since=None, until=None, publication=None,
                section=None, slogan=None, kind=None, exclude_city=None, exclude_province=None,
                cluster=None) -> tuple[list[str], list]:
    """SQL conditions over ``practice_facets f`` and their parameters. Place names match by prefix, so
    浙江 finds 浙江省 and 衢州 finds 衢州市; several themes (a list) match any of them."""
    where, params = [], []

    def prefix(column, value, negate=False):
        if negate:
            where.append(f"coalesce(f.{column}, '') NOT LIKE ? || '%'")
        else:
            where.append(f"f.{column} LIKE ? || '%'")
        params.append(value)

    if theme:
        themes = [theme] if isinstance(theme, str) else list(theme)
        where.append(f"EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = f.id AND t.theme IN "
                     f"({','.join('?' * len(themes))}))")
        params += themes
    for column, value in (("province", province), ("city", city), ("county", county)):
        if value:
            prefix(column, value)
    for column, value in (("city", exclude_city), ("province", exclude_province)):
        for v in ([value] if isinstance(value, str) else value or []):
            prefix(column, v, negate=True)
    for value in (since, until):
        check_date(value)
    if since:
        where.append("f.date >= ?")
        params.append(date_bound(since))
    if until:
        where.append("f.date <= ?")
        params.append(date_bound(until, end=True))
    if publication:
        where.append("f.publication LIKE '%' || ? || '%'")
        params.append(publication)
    if section:
        where.append("f.section = ?")
        params.append(section)
    if kind:
        where.append("f.kind = ?")
        params.append(kind)
    if slogan:
        where.append("EXISTS (SELECT 1 FROM practice_slogans ps JOIN slogans s ON s.id = ps.slogan_id"
                     " WHERE ps.practice_id = f.id AND s.text = ?)")
        params.append(slogan.strip("“”\"'"))
    if cluster is not None:
        where.append("EXISTS (SELECT 1 FROM practices c WHERE c.id = f.id AND c.cluster = ?)")
        params.append(int(cluster))
    return where, params
