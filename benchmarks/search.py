"""Search latency and catalog size at 1,000,000 practices; cluster refit time and memory at 100,000.

    python benchmarks/search.py [--practices 1000000] [--refit 100000] [--output benchmarks/results.md]

How the big catalog is built (nothing here is made up text):
  1. A base catalog: the 31 government reports and the first --days xwlb transcripts of
     ../shared/corpora, ingested the normal way (`Catalog.ingest`: practices, slogans, themes,
     clusters, the full-text index).
  2. Replication: copy k of every base source gets a new id, a page dated on a day drawn from
     2015–2025, and its articles a county drawn from the gazetteer (cpca's table of divisions); the
     practices, their themes and their index rows are copied under the new ids, with the new place's
     names in the index, and their search facets. Copies are made with INSERT … SELECT until the
     catalog holds --practices.
  3. 200 queries: words drawn from themes.yaml and thesaurus.yaml (one or two words, a phrase, a
     traditional-script query), half of them with filters (theme, province, since, --exclude-city);
     each is run through Catalog.search (limit 20), timed end to end, after one untimed pass of all
     200 (warm: the pages they read are in memory).
The refit probe fits themes and clusters on --refit practices (base practices, repeated with their
place appended so the texts differ) in a child process and reports its wall time and peak RSS.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import Catalog  # noqa: E402
from pipeline.catalog import FACETS_FROM  # noqa: E402
from pipeline.catalog.search import char_text, index_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def build_base(path: Path, days: int) -> Catalog:
    cat = Catalog(path)
    if cat.practice_count()[0] == 0:
        inputs = [CORPORA / "gov-reports-2025", *sorted((CORPORA / "xwlb").glob("*.md"))[:days]]
        report = cat.ingest(inputs)
        print(f"base: {report.summary()}", file=sys.stderr)
    return cat


def places(n: int = 3000, seed: int = 2026) -> list[tuple[str, str, str]]:
    import cpca

    table = cpca.ad_2_addr_dict  # adcode (12 digits) → division; a county's city and province share its prefix
    rows = []
    for code, info in table.items():
        if info.rank != 2:
            continue
        province = table.get(code[:2] + "0" * 10)
        city = table.get(code[:4] + "0" * 8)
        if province and city:
            rows.append((province.name, city.name, info.name))
    random.Random(seed).shuffle(rows)
    return rows[:n]


def replicate(cat: Catalog, target: int, seed: int = 7) -> None:
    db = cat.db
    n, _ = cat.practice_count()
    if n >= target:
        return
    S = db.execute("SELECT MAX(id) FROM sources").fetchone()[0]
    A = db.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    P = db.execute("SELECT MAX(id) FROM practices").fetchone()[0]
    base_n = n
    db.execute("CREATE TEMP TABLE base_terms(pid INTEGER PRIMARY KEY, title, heading, body, sub, slogans,"
               " heading_chars, body_chars)")
    for row in cat.fit_rows():
        db.execute("INSERT INTO base_terms VALUES (?,?,?,?,?,?,?,?)",
                   (row["id"], index_text(row["title"]), index_text(row["heading"]), index_text(row["body"]),
                    index_text(row["sub"]), index_text(" ".join(row["slogans"])), char_text(row["heading"]),
                    char_text(row["body"])))
    db.execute("CREATE TEMP TABLE bench_places(id INTEGER PRIMARY KEY, province, city, county)")
    plist = places()
    db.executemany("INSERT INTO bench_places VALUES (?,?,?,?)", [(i, *p) for i, p in enumerate(plist)])
    rng = random.Random(seed)
    copies = -(-(target - base_n) // base_n)
    for k in range(1, copies + 1):
        left = target - cat.practice_count()[0]
        if left <= 0:
            break
        db.execute("BEGIN")
        db.execute("INSERT INTO sources(id, sha256, name, path, format, size, stored_as, ingested_at)"
                   " SELECT id + ?1 * ?2, sha256 || '-' || ?1, name, path, format, size, stored_as, ingested_at"
                   " FROM sources WHERE id <= ?2", (k, S))
        day = rng.randrange(0, 4000)
        db.execute("INSERT INTO pages(source_id, headline, site, date) SELECT id + ?1 * ?2, name, 'bench copy',"
                   " date('2015-01-01', '+' || ((id * 37 + ?3) % 4000) || ' days') FROM sources WHERE id <= ?2",
                   (k, S, day))
        db.execute("INSERT INTO articles(id, source_id, seq, title, kind, section, place, province, city, county, text)"
                   " SELECT a.id + ?1 * ?2, a.source_id + ?1 * ?3, a.seq, a.title, a.kind, a.section, p.county,"
                   " p.province, p.city, p.county, '' FROM articles a JOIN bench_places p"
                   " ON p.id = (a.id * 13 + ?1 * 101) % ?4 WHERE a.id <= ?2", (k, A, S, len(plist)))
        limit = min(left, base_n)
        db.execute("INSERT INTO practices(id, source_id, article_id, seq, parent_id, level, ord, enumerator, heading,"
                   " body, cluster, cluster_distance) SELECT id + ?1 * ?2, source_id + ?1 * ?3, article_id + ?1 * ?4,"
                   " seq, parent_id + ?1 * ?2, level, ord, enumerator, heading, body, cluster, cluster_distance"
                   " FROM practices WHERE id <= ?2 ORDER BY id LIMIT ?5", (k, P, S, A, limit))
        db.execute("INSERT INTO practice_themes SELECT practice_id + ?1 * ?2, rank, theme, score FROM practice_themes"
                   " WHERE practice_id <= ?2 AND practice_id + ?1 * ?2 IN (SELECT id FROM practices WHERE id > ?1 * ?2)",
                   (k, P))
        db.execute(FACETS_FROM, (k * P + 1,))  # the copy's practices are the newest rows
        db.execute("INSERT INTO practice_search(rowid, title, heading, body, sub, slogans, place)"
                   " SELECT b.pid + ?1 * ?2, b.title, b.heading, b.body, b.sub, b.slogans,"
                   " a.province || ' ' || a.city || ' ' || a.county FROM base_terms b"
                   " JOIN practices p ON p.id = b.pid + ?1 * ?2 JOIN articles a ON a.id = p.article_id", (k, P))
        db.execute("INSERT INTO practice_chars(rowid, heading, body) SELECT b.pid + ?1 * ?2, b.heading_chars,"
                   " b.body_chars FROM base_terms b JOIN practices p ON p.id = b.pid + ?1 * ?2", (k, P))
        db.execute("COMMIT")
        if k % 20 == 0:
            print(f"  copy {k}: {cat.practice_count()[0]} practices", file=sys.stderr)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")


def queries(cat: Catalog, n: int = 200, seed: int = 11) -> list[tuple[str, dict]]:
    import yaml

    themes = yaml.safe_load((ROOT / "models" / "themes.yaml").read_text(encoding="utf-8"))["themes"]
    words = sorted({t for spec in themes.values() for t in spec["terms"] if len(t) > 1})
    names = sorted(themes)
    provinces = [r[0] for r in cat.db.execute("SELECT DISTINCT province FROM articles WHERE province IS NOT NULL")]
    cities = [r[0] for r in cat.db.execute("SELECT DISTINCT city FROM articles WHERE city IS NOT NULL LIMIT 200")]
    s2t = None
    try:
        import opencc

        s2t = opencc.OpenCC("s2t")
    except Exception:
        pass
    rng = random.Random(seed)
    out = []
    for i in range(n):
        shape = i % 5
        if shape == 0:
            q = rng.choice(words)
        elif shape == 1:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        elif shape == 2:
            q = f'"{rng.choice(words)}"'
        elif shape == 3 and s2t is not None:
            q = s2t.convert(f"{rng.choice(words)} {rng.choice(words)}")
        else:
            q = rng.choice(words)
        filters: dict = {}
        if i % 2:
            pick = rng.randrange(4)
            if pick == 0:
                filters["theme"] = rng.choice(names)
            elif pick == 1 and provinces:
                filters["province"] = rng.choice(provinces)
            elif pick == 2:
                filters["since"] = str(rng.randrange(2016, 2025))
            elif cities:
                filters["exclude_city"] = rng.choice(cities)
        out.append((q, filters))
    return out


def latency(cat: Catalog, qs: list[tuple[str, dict]]) -> dict:
    for q, f in qs:  # warm: every query once, so that the timed pass reads pages in memory, not from disk
        cat.search(q, limit=20, **f)
    times, plain, filtered, hits = [], [], [], 0
    for q, f in qs:
        t = time.perf_counter()
        df = cat.search(q, limit=20, **f)
        ms = (time.perf_counter() - t) * 1000
        times.append(ms)
        (filtered if f else plain).append(ms)
        hits += len(df) > 0

    def pct(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

    return {"p50": pct(times, 50), "p95": pct(times, 95), "max": max(times),
            "p50_plain": pct(plain, 50), "p95_plain": pct(plain, 95),
            "p50_filtered": pct(filtered, 50), "p95_filtered": pct(filtered, 95),
            "with_results": hits, "queries": len(qs), "mean": statistics.mean(times)}


REFIT_CHILD = """
import json, sys, time, resource
sys.path.insert(0, {root!r})
from pipeline import Catalog
from pipeline.themes import fit_models
cat = Catalog({db!r}, readonly=True)
base = cat.fit_rows()
n = {n}
rows = []
i = 0
while len(rows) < n:
    r = dict(base[i % len(base)])
    r["id"] = len(rows) + 1
    if i >= len(base):
        r["body"] = r["body"] + " " + str(i // len(base))
    rows.append(r)
    i += 1
t = time.perf_counter()
models = fit_models(rows)
seconds = time.perf_counter() - t
print(json.dumps({{"seconds": seconds, "clusters": len(models.clusters.sizes_),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def refit_probe(db: Path, n: int) -> dict:
    code = REFIT_CHILD.format(root=str(ROOT), db=str(db), n=n)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--practices", type=int, default=1_000_000)
    ap.add_argument("--refit", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=400, help="xwlb days in the base catalog")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the catalogs here (default: a temp dir)")
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    base = build_base(work / "base.db", args.days)
    base_n = base.practice_count()[0]
    base.close()
    refit = refit_probe(work / "base.db", args.refit)
    big_path = work / f"big-{args.practices}.db"
    if not big_path.exists():
        import shutil

        shutil.copy(work / "base.db", big_path)
        models = work / "base.db.models"
        if models.exists():
            shutil.copytree(models, work / (big_path.name + ".models"), dirs_exist_ok=True)
    big = Catalog(big_path)
    reused = big.practice_count()[0] >= args.practices
    t = time.perf_counter()
    replicate(big, args.practices)
    build = time.perf_counter() - t
    total = big.practice_count()[0]
    big.close()
    size = sum(p.stat().st_size for p in work.glob(big_path.name + "*") if p.is_file())
    cat = Catalog(big_path, readonly=True)
    chars = cat.db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'practice_chars%'").fetchone()[0] or 0
    qs = queries(cat)
    lat = latency(cat, qs)
    cat.close()
    section = [
        "",
        "## Search at scale (benchmarks/search.py)",
        "",
        f"Catalog of {total:,} practices replicated from {base_n:,} real ones (gov-reports-2025 and "
        f"{args.days} xwlb days) under varied counties and dates; "
        + ("reused from an earlier run of this script." if reused else f"replicated in {build:.0f} s."),
        "",
        "| measure | value | goal |",
        "| --- | ---: | --- |",
        f"| search latency p50, 200 queries (limit 20) | {lat['p50']:.1f} ms | |",
        f"| search latency p95 | {lat['p95']:.1f} ms | ≤ 50 ms |",
        f"| p50 / p95 without filters | {lat['p50_plain']:.1f} / {lat['p95_plain']:.1f} ms | |",
        f"| p50 / p95 with a filter | {lat['p50_filtered']:.1f} / {lat['p95_filtered']:.1f} ms | |",
        f"| slowest query | {lat['max']:.0f} ms | |",
        f"| queries with results | {lat['with_results']} of {lat['queries']} | |",
        f"| catalog size on disk | {size / 2**30:.2f} GB ({size / total:.0f} bytes per practice) | |",
        f"| of which the character index | {chars / total:.0f} bytes per practice: +{chars / (size - chars):.0%}"
        " over the catalog without it | ≤ +50% |",
        f"| cluster + theme refit, {args.refit:,} practices | {refit['seconds']:.1f} s, {refit['clusters']} clusters | ≤ 60 s |",
        f"| refit peak RSS | {refit['rss_mb']:.0f} MB | ≤ 1 GB |",
        "",
    ]
    text = "\n".join(section)
    print(text)
    if args.output:
        old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        head = old.split("\n## Search at scale")[0].rstrip("\n")
        args.output.write_text(head + "\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
