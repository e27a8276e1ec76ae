"""Hostile inputs at full size (issue 22): how the HTML reader's time grows with the input.

    python benchmarks/robustness.py [--output benchmarks/robustness.md] [--quick]

Two shapes that were quadratic: one line of HTML of 1, 2, 4 and 8 MB (inline elements, no block
break), and 5,000 to 50,000 nested <div>s. For each, the time to read the page (decode, parse, find
the main text: pipeline.ingest.read_bytes) and to process it through every stage
(pipeline.process.process_file), in this process, one run each. Linear growth: the ratio of times
stays within 2.5× of the ratio of sizes. The suite checks the same shapes at small sizes by counting
calls (tests/test_nothing_lost.py), not by timing.
"""
from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import default_nlp  # noqa: E402
from pipeline.ingest import read_bytes  # noqa: E402
from pipeline.process import process_file  # noqa: E402

UNIT = "<span>党建引领基层治理，推动项目落地见效。</span><b>强化</b>"
SLACK = 2.5  # times may grow this much faster than sizes and still count as linear


def one_line(mb: float) -> bytes:
    n = int(mb * 2**20 / len(UNIT.encode()))
    return ("<html><body><p>" + UNIT * n + "</p></body></html>").encode()


def nested(depth: int) -> bytes:
    return ("<html><body>" + "<div>层级文字" * depth + "</div>" * depth + "</body></html>").encode()


def timed(data: bytes, nlp) -> tuple[float, float]:
    """CPU seconds of this process (not wall time: the machine may be shared) to read, and to process."""
    gc.collect()
    started = time.process_time()
    read_bytes(data, "page.html")
    read = time.process_time() - started
    gc.collect()
    started = time.process_time()
    process_file(data, "page.html", nlp=nlp)
    return read, time.process_time() - started


def rows(label: str, sizes: list, make, unit: str, nlp) -> list[str]:
    out, base = [], None
    for size in sizes:
        read, whole = timed(make(size), nlp)
        base = base or (size, read, whole)
        size_ratio = size / base[0]
        read_ratio, whole_ratio = read / base[1], whole / base[2]
        linear = read_ratio <= SLACK * size_ratio and whole_ratio <= SLACK * size_ratio
        out.append(f"| {label} | {size:g} {unit} | {read:.2f} | {whole:.2f} | {size_ratio:.0f}× | "
                   f"{read_ratio:.1f}× | {whole_ratio:.1f}× | {'yes' if linear else 'NO'} |")
        print(out[-1], flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "robustness.md")
    ap.add_argument("--quick", action="store_true", help="the two smallest sizes of each shape only")
    args = ap.parse_args()
    sizes_mb, depths = [1, 2, 4, 8], [5000, 10000, 20000, 50000]
    if args.quick:
        sizes_mb, depths = sizes_mb[:2], depths[:2]
    nlp = default_nlp()
    timed(one_line(0.05), nlp)  # warm up: dictionaries, the language pipeline
    lines = [
        "# Hostile inputs (benchmarks/robustness.py)",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, Python "
        f"{platform.python_version()}, `python benchmarks/robustness.py`. One run per size, in one process; CPU seconds.",
        "",
        "| input | size | read CPU s | all stages CPU s | size ratio | read ratio | all-stages ratio | linear (≤ 2.5× the size ratio) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += rows("one-line HTML", sizes_mb, one_line, "MB", nlp)
    lines += rows("nested divs", depths, nested, "deep", nlp)
    lines += ["", "Ratios are to the smallest size of the same shape. Before issue 22 the reader was quadratic: "
              "1 MB of one line took 2.3 s, 10,000 nested divs 67 s and then a RecursionError."]
    kept = ""  # the concurrency run's section (benchmarks/concurrency.py, reported by hand) stays
    if args.output.exists() and "\n## Concurrency" in args.output.read_text(encoding="utf-8"):
        kept = "\n## Concurrency" + args.output.read_text(encoding="utf-8").split("\n## Concurrency", 1)[1]
    args.output.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")


if __name__ == "__main__":
    main()
