import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline import Catalog

from .conftest import SEED_FILES, bulletin_cli


def test_rerun_skips_what_is_in(tmp_path):
    db = tmp_path / "c.db"
    first = bulletin_cli("ingest", SEED_FILES[0].parent, "--catalog", db)
    assert first.returncode == 0 and first.stdout.splitlines()[-1] == "5 ingested, 0 already in, 0 failed"
    again = bulletin_cli("ingest", SEED_FILES[0].parent, "--catalog", db)
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == "0 ingested, 5 already in, 0 failed (nothing new)"


def test_originals_kept_content_addressed(catalog):
    catalog.ingest(SEED_FILES[:2])
    for row in catalog.sources().itertuples():
        data = catalog.original(row.sha256)
        assert data == Path([p for p in SEED_FILES if p.name == row.name][0]).read_bytes()
        assert row.stored_as.endswith(row.sha256)


def test_schema_is_versioned_and_wal(catalog):
    from pipeline.catalog.schema import MIGRATIONS

    assert catalog.schema_version == len(MIGRATIONS)
    assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    catalog.close()
    again = Catalog(catalog.path)  # reopening applies nothing twice
    assert again.schema_version == len(MIGRATIONS)
    again.close()


def test_catalog_from_environment(tmp_path):
    db = tmp_path / "env.db"
    result = bulletin_cli("ingest", SEED_FILES[0], env={"BULLETIN_CATALOG": str(db)})
    assert result.returncode == 0 and db.exists()
    out = bulletin_cli("export", "sources", "--format", "json", env={"BULLETIN_CATALOG": str(db)})
    assert [r["name"] for r in json.loads(out.stdout)] == [SEED_FILES[0].name]


def test_export_formats(tmp_path):
    db = tmp_path / "c.db"
    bulletin_cli("ingest", *SEED_FILES, "--catalog", db)
    out = bulletin_cli("export", "articles", "--format", "json", "--catalog", db)
    rows = json.loads(out.stdout)
    assert isinstance(rows, list) and len(rows) == 8 and {"title", "place", "city", "province"} <= set(rows[0])
    for fmt, reader in (("csv", pd.read_csv), ("xlsx", pd.read_excel), ("parquet", pd.read_parquet)):
        target = tmp_path / f"bulletins.{fmt}"
        result = bulletin_cli("export", "bulletins", "--format", fmt, "-o", target, "--catalog", db)
        assert result.returncode == 0, result.stderr
        df = reader(target)
        assert len(df) == 4 and set(df["publication"]) == {"衢州组工信息", "安庆组工信息", "舟办通报", "衢州组织工作"}


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_mid_batch_then_rerun(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    total = 400
    seeds = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    for i in range(total):
        (inbox / f"{i:04d}.txt").write_text(seeds[i % len(seeds)] + f"\n\n（第{i}份副本）\n", encoding="utf-8")
    db = tmp_path / "c.db"
    exe = Path(sys.executable).with_name("bulletin")
    proc = subprocess.Popen([str(exe), "ingest", str(inbox), "--catalog", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    seen = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                seen = con.execute("SELECT count(*) FROM sources").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                seen = 0
        if seen >= 20:
            break
        time.sleep(0.02)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert 20 <= seen < total, "the batch was killed in the middle"
    assert workers, "the batch ran worker processes"
    deadline = time.time() + 20  # the workers go with it, not left holding their memory
    while time.time() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    rerun = bulletin_cli("ingest", inbox, "--catalog", db)
    assert rerun.returncode == 0, rerun.stdout
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT sha256), count(DISTINCT name) FROM sources").fetchone() \
        == (total, total, total)
    # every source whole: its blocks and articles were written with it
    assert con.execute("SELECT count(*) FROM sources s WHERE NOT EXISTS"
                       " (SELECT 1 FROM articles a WHERE a.source_id = s.id)").fetchone()[0] == 0
