"""Wall time of a cold command line, and how query parsing grows with the query's length.

    python benchmarks/cli_speed.py [--big out/bench/big-1000000.db] [--runs 5] [--output benchmarks/results.md]

Cold: each run is a new process (the operating system's file cache is warm, as it is for a user who
runs a second command). Beside each command, `python -c pass` in the same run: the interpreter's own
start-up, which no command can go below. Commands: `bulletin --help`; `bulletin search` on the demo
catalog (corpora/samples, ingested here once) and on the large catalog of benchmarks/search.py
(--big; skipped when it is not there).

Query length: `query_words` (the parsing of one space-free run of a query) on 1,000 to 8,000
characters, and a whole search with such a query (cut to its first 200 characters, so its time stays
flat). Linear growth: the ratio of times stays within 2.5x of the ratio of sizes.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
QUERY = "书记项目 督查"


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median and slowest wall time of ``runs`` fresh processes, after one unmeasured run."""
    subprocess.run(cmd, capture_output=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def demo_catalog(work: Path) -> Path:
    path = work / "demo.db"
    if not path.exists():
        subprocess.run([str(BIN / "bulletin"), "ingest", str(ROOT / "corpora" / "samples"), "-c", str(path),
                        "--jobs", "1"], capture_output=True, check=False)
    return path


def query_scaling(sizes=(1000, 2000, 4000, 8000), repeat: int = 7) -> list[tuple[int, float]]:
    from pipeline.catalog.search import load_thesaurus, query_words

    thesaurus = load_thesaurus()
    query_words("党员", thesaurus)  # load the segmenter first
    out = []
    for n in sizes:
        text = _long_query(n)
        best = min(_timed(lambda: query_words(text, thesaurus)) for _ in range(repeat))
        out.append((n, best))
    return out


def _long_query(n: int) -> str:
    """A query of ``n`` characters with no space in it: staff words over and over."""
    return ("党员群众联户走访督查晾晒" * (n // 12 + 1))[:n]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def long_search(catalog: Path, sizes=(1000, 8000)) -> list[tuple[int, float]]:
    from pipeline import Catalog

    cat = Catalog(catalog, readonly=True)
    cat.search("党员")
    out = []
    for n in sizes:
        text = _long_query(n)
        out.append((n, min(_timed(lambda: cat.search(text)) for _ in range(3))))
    cat.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", type=Path, default=ROOT / "out" / "bench" / "big-1000000.db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--output", type=Path, default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    demo = demo_catalog(work)
    rows = [("`python -c pass`", wall([sys.executable, "-c", "pass"], args.runs), "")]
    rows.append(("`bulletin --help`", wall([str(BIN / "bulletin"), "--help"], args.runs), "≤ 0.5 s"))
    rows.append((f"`bulletin search \"{QUERY}\"`, demo catalog",
                 wall([str(BIN / "bulletin"), "search", QUERY, "-c", str(demo)], args.runs), "≤ 1.0 s"))
    big_note = ""
    if args.big.exists():
        from pipeline import Catalog

        with Catalog(args.big, readonly=True) as cat:
            n = cat.practice_count()[0]
        rows.append((f"`bulletin search \"{QUERY}\"`, {n:,} practices",
                     wall([str(BIN / "bulletin"), "search", QUERY, "-c", str(args.big)], args.runs), "≤ 1.5 s"))
    else:
        big_note = f"\nThe large catalog ({args.big}) was not there: run benchmarks/search.py first.\n"
    scaling = query_scaling()
    searches = long_search(demo)
    lines = ["", "## Command line and query length (benchmarks/cli_speed.py)", "",
             f"Cold runs: a new process each, median (and slowest) of {args.runs}.", "",
             "| command | median s | slowest s | goal |", "| --- | ---: | ---: | --- |"]
    for name, (median, slowest), goal in rows:
        lines.append(f"| {name} | {median:.2f} | {slowest:.2f} | {goal} |")
    lines += [big_note, "Query parsing (`query_words` over one space-free run) by length:", "",
              "| characters | ms | time ratio to 1,000 | size ratio |", "| ---: | ---: | ---: | ---: |"]
    base_n, base_t = scaling[0]
    linear = True
    for n, t in scaling:
        ratio = t / base_t if base_t else 0.0
        linear &= ratio <= 2.5 * (n / base_n)
        lines.append(f"| {n:,} | {t * 1000:.2f} | {ratio:.2f} | {n / base_n:.0f} |")
    lines += ["", f"Linear (time ratio within 2.5× of the size ratio): {'yes' if linear else 'NO'}. A whole search"
              " with such a query is cut to 200 characters: "
              + ", ".join(f"{n:,} characters {t * 1000:.0f} ms" for n, t in searches) + ".", ""]
    from _results import publish

    publish("\n".join(lines), args.output, "## Command line and query length")


if __name__ == "__main__":
    main()
