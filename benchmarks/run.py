"""Extraction throughput over the xwlb news transcripts, against jieba.lcut on the same text.

    python benchmarks/run.py [--corpus DIR] [--limit N] [--output benchmarks/results.md]

Reading the files (decoding) is not timed. Timed, side by side in one process:
  * the pipeline: normalize + parse + extract (segmentation, spaCy components, slogans, metrics …);
  * jieba.lcut (the reference segmenter) over the same normalized text;
  * rjieba (the fast path) over the same text.
Throughput is MB of UTF-8 text per second; ratios are what to compare between machines.
"""
from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import default_nlp, extract  # noqa: E402
from pipeline.extract.segment import Segmenter  # noqa: E402
from pipeline.ingest import read_bytes  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.parse import parse  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "xwlb")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.md")
    args = ap.parse_args()

    files = sorted(args.corpus.glob("*.md"))
    if args.limit:
        files = files[:args.limit]
    if not files:
        sys.exit(f"no .md files in {args.corpus}")
    raws = [read_bytes(p.read_bytes(), p.name) for p in files]

    # Warm up both sides (dictionaries, pipeline, caches) outside the timings.
    nlp = default_nlp()
    extract(parse(normalize(raws[0])), nlp)
    reference, fast = Segmenter("jieba", user_dict=None), Segmenter("rjieba", user_dict=None)
    reference.cut("预热"), fast.cut("预热")

    t0 = time.perf_counter()
    texts, counts = [], {"articles": 0, "practices": 0, "slogans": 0, "metrics": 0}
    for raw in raws:
        doc = normalize(raw)
        parsed = extract(parse(doc), nlp)
        texts.append(doc.text)
        counts["articles"] += len(parsed.articles)
        counts["practices"] += sum(len(a.practices) for a in parsed.articles)
        counts["slogans"] += len(parsed.slogans)
        counts["metrics"] += len(parsed.metrics)
    pipeline_s = time.perf_counter() - t0

    import jieba

    t0 = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    jieba_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for text in texts:
        fast.cut(text)
    rjieba_s = time.perf_counter() - t0

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [("normalize + parse + extract", pipeline_s), ("jieba.lcut (reference)", jieba_s),
            ("rjieba cut (fast path)", rjieba_s)]
    lines = [
        "# Benchmarks",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, Python "
        f"{platform.python_version()}, `python benchmarks/run.py{' --limit ' + str(args.limit) if args.limit else ''}`.",
        f"Corpus: {len(files)} files of {args.corpus.name}, {mb:.1f} MB of normalized text. "
        f"Found: {counts['articles']} articles, {counts['practices']} practices, {counts['slogans']} slogans, "
        f"{counts['metrics']} metrics. Peak resident memory {peak_mb:.0f} MB.",
        "",
        "| what | seconds | MB/s | ratio to jieba.lcut |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, secs in rows:
        lines.append(f"| {name} | {secs:.1f} | {mb / secs:.2f} | {jieba_s / secs:.2f}× |")
    lines += ["", "The ratio is jieba.lcut's time over the row's time on the same text in the same run: above 1 "
              "is faster than segmenting alone with jieba."]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
