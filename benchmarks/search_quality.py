"""Search quality on the project's own dev set: nDCG@10, P@10 and zero-result queries for `bulletin
search` and two plain BM25 baselines side by side, with the share of each top 10 that is judged.

    python benchmarks/search_quality.py [--catalog out/search-dev/catalog.db] [--days 400]
                                        [--pool FILE] [--output benchmarks/results.md]

The dev set is corpora/search-dev: queries.json (staff queries, each with the information need it was
written for, written before any result was seen) and judgements.json (0/1/2 for a practice against a
query's need, judged blind: the judge saw the need and the practice's text, never which system found
it). A practice is named by a key of its source file's bytes (SHA-256, as the catalog keeps it), its
heading and its text, so judgements stay valid when a catalog is ingested again and row ids change.

The catalog is built only from ../shared, the first time: the five seeds, the 31 government reports,
the first --days days of xwlb, and the real web pages of ../shared/real-pages, each page's text written
to ID.txt as that folder's README says.

Baselines, over the same practices (heading and text), with bm25s:
  - words: BM25 over jieba's words (jieba.lcut, punctuation and spaces left out);
  - bigrams: BM25 over overlapping character bigrams of each Han run (a lone character as itself),
    letters and digits as words: what Elasticsearch's cjk analyzer does.

--pool FILE writes the practices in the top 10 of any system that have no judgement yet, shuffled
and without the system's name, for judging (JSON lines: key, query, need, heading, text).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
DEV = ROOT / "corpora" / "search-dev"
K = 10


def practice_key(source_sha256: str, heading: str, body: str) -> str:
    """A practice's name that survives a re-ingest: its source file's bytes, its heading and text."""
    return hashlib.sha256("\n".join((source_sha256, heading or "", body or "")).encode("utf-8")).hexdigest()[:20]


def build_catalog(path: Path, days: int):
    from pipeline import Catalog

    cat = Catalog(path)
    if cat.practice_count()[0]:
        return cat
    pages = Path(tempfile.mkdtemp(prefix="real-pages-"))
    for page in json.loads((SHARED / "real-pages" / "pages.json").read_text(encoding="utf-8")):
        (pages / f"{page['id']}.txt").write_text(page["text"], encoding="utf-8")
    inputs = [SHARED / "seeds", SHARED / "corpora" / "gov-reports-2025", pages,
              *sorted((SHARED / "corpora" / "xwlb").glob("*.md"))[:days]]
    t = time.perf_counter()
    report = cat.ingest(inputs, jobs=2)
    print(f"dev catalog: {report.summary()} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return cat


def practices(cat) -> list[dict]:
    rows = cat.db.execute("SELECT p.id, p.heading, p.body, s.sha256 FROM practices p"
                          " JOIN sources s ON s.id = p.source_id ORDER BY p.id").fetchall()
    return [{"id": r[0], "heading": r[1], "body": r[2], "key": practice_key(r[3], r[1], r[2])} for r in rows]


def jieba_words(text: str) -> list[str]:
    import jieba

    from pipeline.catalog.search import HAN_RUN

    return [w for w in jieba.lcut(text) if HAN_RUN.search(w)]


def bigrams(text: str) -> list[str]:
    """The same tokens as the product's character index (pipeline.catalog.search.char_grams): the
    baseline differs from the project in ranking, not in what it can match."""
    from pipeline.catalog.search import char_grams

    return char_grams(text)


class Baseline:
    """BM25 (bm25s, its defaults) over one tokenization of each practice's heading and text."""

    def __init__(self, rows: list[dict], tokenize):
        import bm25s

        self.tokenize = tokenize
        self.ids = [r["id"] for r in rows]
        corpus = [tokenize(r["heading"] + "\n" + r["body"]) for r in rows]
        self.vocab = {w for doc in corpus for w in doc}
        self.model = bm25s.BM25()
        self.model.index(corpus, show_progress=False)

    def search(self, query: str, k: int = K) -> list[int]:
        from pipeline.catalog.search import normalize_query

        words = [w for w in self.tokenize(normalize_query(query)) if w in self.vocab]
        if not words:
            return []
        scores = self.model.get_scores(words)
        best = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [self.ids[i] for i in best if scores[i] > 0]


def ndcg(grades: list[int], ideal: list[int], k: int = K) -> float:
    def dcg(gs):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(grades) / best if best else 0.0


def load_judgements() -> dict[tuple[str, str], int]:
    path = DEV / "judgements.json"
    if not path.exists():
        return {}
    return {(j["query"], j["key"]): int(j["grade"]) for j in json.loads(path.read_text(encoding="utf-8"))}


def run_systems(cat, rows: list[dict], queries: list[dict]) -> dict[str, dict[str, list[int]]]:
    """Each system's top 10 ids for each query."""
    baselines = {"BM25 over jieba words": Baseline(rows, jieba_words),
                 "BM25 over character bigrams": Baseline(rows, bigrams)}
    out = {"bulletin search": {q["query"]: [int(i) for i in cat.search(q["query"], limit=K)["id"]] for q in queries}}
    for name, b in baselines.items():
        out[name] = {q["query"]: b.search(q["query"]) for q in queries}
    return out


def score(results: dict[str, dict[str, list[int]]], rows: list[dict], queries: list[dict],
          judged: dict[tuple[str, str], int]) -> tuple[dict, dict]:
    key_of = {r["id"]: r["key"] for r in rows}
    table, per_query = {}, {}
    for system, by_query in results.items():
        ndcgs, precisions, zero, judged_share = [], [], [], []
        for q in queries:
            text = q["query"]
            ids = by_query[text]
            grades = [judged.get((text, key_of[i]), 0) for i in ids]
            ideal = [g for (qq, _), g in judged.items() if qq == text]
            ndcgs.append(ndcg(grades, ideal))
            precisions.append(sum(g >= 1 for g in grades) / K)
            judged_share.append(sum((text, key_of[i]) in judged for i in ids) / len(ids) if ids else 1.0)
            if not ids:
                zero.append(text)
            per_query.setdefault(text, {})[system] = {"ndcg": ndcgs[-1], "p10": precisions[-1], "n": len(ids),
                                                      "relevant": sum(g >= 1 for g in grades)}
        table[system] = {"ndcg": sum(ndcgs) / len(ndcgs), "p10": sum(precisions) / len(precisions),
                         "zero": zero, "judged": sum(judged_share) / len(judged_share)}
    return table, per_query


def write_pool(path: Path, results, rows, queries, judged, seed: int = 20) -> int:
    """The unjudged practices of every system's top 10, shuffled, without the system's name."""
    by_id = {r["id"]: r for r in rows}
    need = {q["query"]: q["need"] for q in queries}
    items = {}
    for by_query in results.values():
        for text, ids in by_query.items():
            for i in ids:
                r = by_id[i]
                if (text, r["key"]) not in judged:
                    items[(text, r["key"])] = {"query": text, "need": need[text], "key": r["key"],
                                               "heading": r["heading"], "text": r["body"]}
    out = list(items.values())
    random.Random(seed).shuffle(out)
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), encoding="utf-8")
    return len(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "out" / "search-dev" / "catalog.db")
    ap.add_argument("--days", type=int, default=400, help="xwlb days in the dev catalog")
    ap.add_argument("--pool", type=Path, default=None, help="write the unjudged pooled practices here")
    ap.add_argument("--per-query", action="store_true", help="print each query's nDCG@10 per system")
    ap.add_argument("--output", type=Path, default=None, help="add the table to this results file")
    args = ap.parse_args()
    args.catalog.parent.mkdir(parents=True, exist_ok=True)
    cat = build_catalog(args.catalog, args.days)
    rows = practices(cat)
    queries = json.loads((DEV / "queries.json").read_text(encoding="utf-8"))
    judged = load_judgements()
    results = run_systems(cat, rows, queries)
    if args.pool:
        n = write_pool(args.pool, results, rows, queries, judged)
        print(f"{n} unjudged pooled practices written to {args.pool}", file=sys.stderr)
    table, per_query = score(results, rows, queries, judged)
    lines = ["", "## Search quality (benchmarks/search_quality.py)", "",
             f"{len(queries)} staff queries of corpora/search-dev over a catalog of {len(rows):,} practices (seeds,"
             f" government reports, {args.days} xwlb days, real pages); {len(judged)} judgements (0/1/2, blind).", "",
             "| system | nDCG@10 | P@10 | zero-result queries | judged share of top 10 |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for system, m in table.items():
        lines.append(f"| {system} | {m['ndcg']:.3f} | {m['p10']:.3f} | {len(m['zero'])} | {m['judged']:.2f} |")
    project, others = table["bulletin search"], [m for s, m in table.items() if s != "bulletin search"]
    lost = [q for q in project["zero"]
            if any(per_query[q][s]["relevant"] for s in table if s != "bulletin search")]
    lines += ["", f"nDCG@10 over the better baseline: {project['ndcg'] - max(m['ndcg'] for m in others):+.3f};"
              f" queries where the project finds nothing and a baseline finds a relevant practice: {len(lost)}"
              + (f" ({'、'.join(lost)})" if lost else ""), ""]
    if args.per_query:
        names = list(table)
        lines += ["| query | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
        for q in queries:
            lines.append(f"| {q['query']} | " + " | ".join(f"{per_query[q['query']][s]['ndcg']:.2f}" for s in names)
                         + " |")
        behind = [q["query"] for q in queries
                  if per_query[q["query"]]["bulletin search"]["ndcg"] + 0.005
                  < max(per_query[q["query"]][s]["ndcg"] for s in names if s != "bulletin search")]
        lines += ["", f"Queries where a baseline ranks better (nDCG@10 by more than 0.005): {len(behind)} of"
                  f" {len(queries)}" + (f" ({'、'.join(behind)})" if behind else ""), ""]
    from _results import publish

    publish("\n".join(lines), args.output, "## Search quality")


if __name__ == "__main__":
    main()
