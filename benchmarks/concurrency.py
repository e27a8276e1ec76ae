"""Four ingests at once over overlapping folders, `bulletin check` in a loop beside them (issue 22).

    python benchmarks/concurrency.py [--rounds 10] [--files 16] [--corpus DIR]

Each round makes a new catalog and four folders holding overlapping halves of the same files, starts
four `bulletin ingest FOLDER --jobs 1` and a loop of `bulletin check` on the one catalog, and then
asks: did every ingest exit 0 with no FAILED line (no spurious failure), does every original a source
names exist (none lost), is the catalog whole (integrity ok, every file in once)? Prints one line per
round and a verdict; exit status 1 if any round failed. Too long for the suite (a minute a round on
two cores); its outcome is reported in benchmarks/robustness.md.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULLETIN = Path(sys.executable).with_name("bulletin")
# A tight loop of Catalog.check() beside the command-line one (which spends seconds starting up):
# it is the one that finds the moments an ingest has stored an original and not yet its rows.
CHECK_LOOP = """
import os, sys, time
from pipeline.catalog import Catalog, CatalogError
db, stop = sys.argv[1], sys.argv[2]
checks = removed = 0
while not os.path.exists(stop):
    if os.path.exists(db):
        try:
            with Catalog(db) as cat:
                removed += len(cat.check()["orphans"])
                checks += 1
        except CatalogError:
            pass
    time.sleep(0.02)
print(checks, removed)
"""


def round_(files: list[Path], work: Path) -> tuple[bool, str]:
    n = len(files)
    quarter = max(1, n // 4)
    folders = []
    for k in range(4):  # folder k: files from k quarters on, half of them: each overlaps its neighbours
        folder = work / f"inbox{k}"
        folder.mkdir()
        for i in range(k * quarter, k * quarter + n // 2):
            shutil.copy(files[i % n], folder / files[i % n].name)
        folders.append(folder)
    db = work / "catalog.db"
    ingests = [subprocess.Popen([str(BULLETIN), "ingest", str(f), "--catalog", str(db), "--jobs", "1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
               for f in folders]
    stop = work / "stop"
    looping = subprocess.Popen([sys.executable, "-c", CHECK_LOOP, str(db), str(stop)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    checks, check_failures = 0, []
    while any(p.poll() is None for p in ingests):
        if db.exists():
            c = subprocess.run([str(BULLETIN), "check", "--catalog", str(db)], capture_output=True, text=True)
            checks += 1
            if "integrity: ok" not in c.stdout and "no catalog" not in c.stderr and "held by" not in c.stderr:
                check_failures.append((c.stdout + c.stderr).strip().splitlines()[-1:])
        time.sleep(0.2)
    stop.touch()
    loop_out, loop_err = looping.communicate()
    loop_checks, loop_removed = (loop_out.split() + ["?", "?"])[:2]
    problems = [] if looping.returncode == 0 else [f"check loop failed: {loop_err.strip()[-200:]}"]
    for folder, p in zip(folders, ingests):
        out, err = p.communicate()
        failed = [line for line in out.splitlines() if line.startswith("FAILED")]
        if p.returncode != 0 or failed:
            problems.append(f"{folder.name}: exit {p.returncode} {failed[:2]} {err.strip()[-200:]}")
    con = sqlite3.connect(db)
    stored = [r[0] for r in con.execute("SELECT stored_as FROM sources")]
    files_dir = db.with_name(db.name + ".files")
    # named relative to the .files folder (before schema 8: relative to the catalog's folder)
    lost = [s for s in stored if not (files_dir / s).is_file() and not (db.parent / s).is_file()]
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    sources = len(stored)
    con.close()
    final = subprocess.run([str(BULLETIN), "check", "--catalog", str(db)], capture_output=True, text=True)
    if lost:
        problems.append(f"{len(lost)} original(s) lost")
    if integrity != "ok" or final.returncode != 0:
        problems.append(f"integrity {integrity}; final check exit {final.returncode}: {final.stdout.strip()[-200:]}")
    if sources != n:
        problems.append(f"{sources} sources for {n} distinct files")
    if check_failures:
        problems.append(f"check failed beside the ingests: {check_failures[:2]}")
    summary = (f"{sources} sources, {len(stored) - len(lost)} originals present, {checks} `bulletin check` and "
               f"{loop_checks} Catalog.check() beside ({loop_removed} orphans removed), integrity {integrity}")
    return not problems, summary + ("" if not problems else " — " + "; ".join(problems))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "xwlb")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.md"))[: args.files]
    if len(files) < 4:
        sys.exit(f"need at least 4 files in {args.corpus}")
    bad = 0
    for r in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            ok, summary = round_(files, Path(tmp))
        bad += not ok
        print(f"round {r}: {'ok' if ok else 'FAILED'} ({time.monotonic() - started:.0f} s): {summary}", flush=True)
    print(f"{args.rounds - bad} of {args.rounds} rounds ok")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
