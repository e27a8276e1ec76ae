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
import os
import platform
import resource
import subprocess
import sys
import tempfile
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
    ap.add_argument("--quick", action="store_true", help="skip the memory probes")
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
    cores = os.cpu_count() or 1
    # The whole batch, storage included, with one worker process per core, over the same files.
    with tempfile.TemporaryDirectory() as tmp:
        from pipeline import Catalog

        cat = Catalog(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = cat.ingest(files, jobs=cores)
        parallel_s = time.perf_counter() - t0
        cat.close()
        assert not report.failures, report.failures[:3]
    rows = [("normalize + parse + extract, one process", pipeline_s),
            (f"read + process + store, --jobs {cores} (batch)", parallel_s),
            ("jieba.lcut (reference)", jieba_s), ("rjieba cut (fast path)", rjieba_s)]
    memory = [] if args.quick else memory_probes(args.corpus, files)
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
    if memory:
        lines += ["", "Memory, each probe in a process of its own (peak resident set of that process and its "
                  "workers):", "", "| probe | seconds | throughput | peak RSS |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {name} | {secs:.1f} | {rate} | {rss:.0f} MB |" for name, secs, rate, rss in memory]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    kept = ""  # the search benchmark's section (benchmarks/search.py) stays
    if args.output.exists():
        previous = args.output.read_text(encoding="utf-8")
        if "\n## Search at scale" in previous:
            kept = "\n## Search at scale" + previous.split("\n## Search at scale", 1)[1]
    args.output.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
    print("\n".join(lines))


# The probe's own peak is read from VmHWM, the high-water mark of its own address space: ru_maxrss
# would carry over the peak of the process that started it (Linux keeps it across fork and exec), and
# this script holds the whole corpus in memory. Its workers' peaks come from RUSAGE_CHILDREN.
PROBE = """
import re, resource, sys, time
sys.path.insert(0, {root!r})
{body}
hwm = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(time.perf_counter() - t0, hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _probe(body: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), body=body)], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[-3]), max(float(out[-2]), float(out[-1]))


def memory_probes(corpus: Path, files: list[Path]) -> list[tuple[str, float, str, float]]:
    """Peak memory of a full ingest of the corpus, of a 1,000-page PDF and of a 50 MB text file."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        secs, rss = _probe(f"""
from pipeline import Catalog
t0 = time.perf_counter()
Catalog({str(Path(tmp) / 'x.db')!r}).ingest([{str(corpus)!r}])""")
        out.append((f"`bulletin ingest` of all {corpus.name} ({len(files)} files), --jobs {os.cpu_count()}", secs,
                    f"{len(files) / secs:.1f} files/s", rss))
        pdf = Path(tmp) / "long.pdf"
        _thousand_pages(pdf, files)
        secs, rss = _probe(f"""
from pipeline.ingest import read_bytes
data = open({str(pdf)!r}, "rb").read()
t0 = time.perf_counter()
raw = read_bytes(data, "long.pdf")""")
        out.append(("read a generated 1,000-page PDF", secs, f"{1000 / secs:.1f} pages/s", rss))
        big = Path(tmp) / "big.txt"
        with open(big, "wb") as fh:
            while fh.tell() < 50 * 10**6:
                for f in files:
                    fh.write(f.read_bytes())
                    if fh.tell() >= 50 * 10**6:
                        break
        secs, rss = _probe(f"""
from pipeline.process import process_file
data = open({str(big)!r}, "rb").read()
t0 = time.perf_counter()
process_file(data, "big.txt", max_size=None)""")
        out.append(("process a 50 MB text file (one file, all stages)", secs, f"{50 / secs:.2f} MB/s", rss))
    return out


def _thousand_pages(path: Path, files: list[Path]) -> None:
    """A 1,000-page PDF of news text in reportlab's CJK font (reportlab is a test dependency)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = "".join(f.read_text(encoding="utf-8", errors="ignore") for f in files[:40])
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c in "，。、；："]
    c = canvas.Canvas(str(path), pagesize=A4)
    per_line, lines, k = 38, 40, 0
    for page in range(1000):
        c.setFont("STSong-Light", 12)
        for line in range(lines):
            segment = "".join(chars[(k + i) % len(chars)] for i in range(per_line))
            k += per_line
            c.drawString(56, 780 - line * 18, segment)
        c.drawCentredString(297, 30, f"- {page + 1} -")
        c.showPage()
    c.save()


if __name__ == "__main__":
    main()
