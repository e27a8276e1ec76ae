"""Issue 11: batches apart from storage, in parallel and on Dask; a catalog safe to share; faults named."""
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEED_FILES, bulletin_cli


def _content(db: Path) -> list[tuple]:
    """What a catalog holds, independent of row ids and write order."""
    con = sqlite3.connect(db)
    rows = sorted(con.execute(
        "SELECT s.sha256, a.seq, a.title, a.province, a.city, a.county,"
        " (SELECT COUNT(*) FROM practices p WHERE p.article_id = a.id),"
        " (SELECT group_concat(text, '|') FROM (SELECT m.text FROM metrics m WHERE m.article_id = a.id ORDER BY m.start))"
        " FROM articles a JOIN sources s ON s.id = a.source_id"))
    rows += sorted(con.execute("SELECT s.sha256, sl.text, sl.components FROM slogans sl JOIN sources s ON s.id = sl.source_id"))
    con.close()
    return rows


def _inbox(tmp_path: Path, copies: int = 1) -> Path:
    """The seeds, and copies of them made different by a trailing line, as a month's inbox."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for k in range(copies):
        for path in SEED_FILES:
            extra = f"\n（第{k}份）\n".encode("utf-8") if k else b""
            (inbox / f"{k:03d}_{path.name}").write_bytes(path.read_bytes() + extra)
    return inbox


def test_processing_is_apart_from_storage():
    import pipeline.process as process

    source = Path(process.__file__).read_text(encoding="utf-8")
    assert "catalog" not in source.split('"""', 2)[2]  # the function knows nothing of the catalog
    parsed = process.process_file(SEED_FILES[0].read_bytes(), SEED_FILES[0].name)
    assert parsed.articles and parsed.slogans and parsed.metrics
    import pipeline.ingest.html as html

    assert "from .text" not in Path(html.__file__).read_text(encoding="utf-8")  # text → html, not back


def test_parallel_ingest_gives_the_serial_catalog(tmp_path):
    inbox = _inbox(tmp_path, copies=2)
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    assert bulletin_cli("ingest", inbox, "--catalog", serial, "--jobs", "1").returncode == 0
    assert bulletin_cli("ingest", inbox, "--catalog", parallel, "--jobs", "2").returncode == 0
    assert _content(serial) == _content(parallel) != []


def test_dask_local_cluster_gives_the_serial_catalog(tmp_path):
    from pipeline import Catalog

    inbox = _inbox(tmp_path)
    with Catalog(tmp_path / "serial.db") as cat:
        assert cat.ingest([inbox], jobs=1).count("ingested") == len(SEED_FILES)
    with Catalog(tmp_path / "dask.db") as cat:
        report = cat.ingest([inbox], executor="dask", jobs=2)
        assert report.count("ingested") == len(SEED_FILES), report.failures
    assert _content(tmp_path / "serial.db") == _content(tmp_path / "dask.db")


def test_two_ingests_at_once_on_a_new_catalog(tmp_path):
    inbox = _inbox(tmp_path, copies=3)
    half_a, half_b = tmp_path / "a", tmp_path / "b"
    half_a.mkdir(), half_b.mkdir()
    files = sorted(inbox.iterdir())
    for i, f in enumerate(files):  # overlapping folders: the middle third in both
        if i < 2 * len(files) // 3:
            (half_a / f.name).write_bytes(f.read_bytes())
        if i >= len(files) // 3:
            (half_b / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "shared.db"
    exe = Path(sys.executable).with_name("bulletin")
    runs = [subprocess.Popen([str(exe), "ingest", str(folder), "--catalog", str(db), "--jobs", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in (half_a, half_b)]
    outputs = [r.communicate(timeout=600) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    con = sqlite3.connect(db)
    shas = [r[0] for r in con.execute("SELECT sha256 FROM sources")]
    assert len(shas) == len(set(shas)) == len(files)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("content", [os.urandom(4096), b""])
def test_a_file_that_is_not_a_catalog_is_refused_and_left_alone(tmp_path, content):
    db = tmp_path / "not-a-catalog.db"
    db.write_bytes(content or b"SQLite format 3\x00" + os.urandom(2000))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in (["ingest", SEED_FILES[0]], ["export", "articles"]):
        result = bulletin_cli(*args, "--catalog", db)
        assert result.returncode == 2 and "not a catalog of this program" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_another_applications_database_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    con.commit(), con.close()
    before = db.read_bytes()
    result = bulletin_cli("ingest", SEED_FILES[0], "--catalog", db)
    assert result.returncode == 2 and "not a catalog of this program" in result.stderr
    assert db.read_bytes() == before


def test_read_commands_never_create_a_catalog_and_work_on_a_read_only_file(tmp_path):
    missing = tmp_path / "typo.db"
    result = bulletin_cli("export", "articles", "--catalog", missing)
    assert result.returncode == 2 and "no catalog at" in result.stderr and not missing.exists()
    db = tmp_path / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "--catalog", db).returncode == 0
    for f in tmp_path.glob("c.db*"):
        if f.is_file():
            f.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        result = bulletin_cli("export", "articles", "--catalog", db)
        assert result.returncode == 0, result.stderr
        assert "title" in result.stdout.splitlines()[0]
    finally:
        db.parent.chmod(0o755)


def test_export_format_from_the_suffix_and_one_line_errors(tmp_path):
    db = tmp_path / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "--catalog", db).returncode == 0
    out = tmp_path / "articles.xlsx"
    assert bulletin_cli("export", "articles", "-o", out, "--catalog", db).returncode == 0
    assert out.read_bytes()[:2] == b"PK"  # an xlsx, not CSV under an xlsx name
    result = bulletin_cli("export", "articles", "-o", tmp_path / "no" / "such" / "dir.csv", "--catalog", db)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr


def test_xlsx_export_removes_what_it_cannot_hold(tmp_path):
    db = tmp_path / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "--catalog", db).returncode == 0
    con = sqlite3.connect(db)  # a control character, as a damaged file or a foreign export may carry
    con.execute("UPDATE articles SET title = title || char(7) || '尾' WHERE seq = 0")
    con.commit(), con.close()
    out = tmp_path / "a.xlsx"
    result = bulletin_cli("export", "articles", "-o", out, "--catalog", db)
    assert result.returncode == 0, result.stderr
    assert "1 cell(s) had characters xlsx cannot hold" in result.stdout
    import pandas as pd

    assert pd.read_excel(out)["title"].str.endswith("尾").any()


def test_file_names_that_are_not_utf8_are_shown_not_fatal(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    raw_name = "组织工作第3期.txt".encode("gbk")
    with open(os.path.join(os.fsencode(inbox), raw_name), "wb") as fh:
        fh.write(SEED_FILES[0].read_bytes())
    result = bulletin_cli("ingest", inbox, "--catalog", tmp_path / "c.db")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 ingested" in result.stdout and "\\x" in result.stdout


def test_failures_do_not_pile_up_on_reruns(tmp_path):
    bad = tmp_path / "inbox"
    bad.mkdir()
    (bad / "junk.txt").write_bytes(os.urandom(3000))
    db = tmp_path / "c.db"
    for _ in range(3):
        assert bulletin_cli("ingest", bad, "--catalog", db).returncode == 1
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM failures").fetchone()[0] == 1


def test_size_cap(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_FILES[0].read_bytes() * 40)
    result = bulletin_cli("ingest", big, "--catalog", tmp_path / "c.db", "--max-size", "0.1")
    assert result.returncode == 1 and "file too large" in result.stdout and "--max-size" in result.stdout


def test_ctrl_c_finishes_the_file_in_hand_then_reports(tmp_path):
    inbox = _inbox(tmp_path, copies=12)
    db = tmp_path / "c.db"
    exe = Path(sys.executable).with_name("bulletin")
    run = subprocess.Popen([str(exe), "ingest", str(inbox), "--catalog", str(db), "--jobs", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = run.stdout.readline()  # one file is in
    assert first.startswith("ingested"), first + run.stderr.read()
    run.send_signal(signal.SIGINT)
    rest, err = run.communicate(timeout=300)
    assert run.returncode == 130, rest + err
    last = rest.strip().splitlines()[-1]
    assert "interrupted" in last and "ingested" in last
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    assert 1 <= n < len(list(inbox.iterdir()))
    assert all(con.execute("SELECT COUNT(*) FROM articles WHERE source_id=?", (i,)).fetchone()[0]
               for (i,) in con.execute("SELECT id FROM sources"))


@pytest.mark.parametrize("make, words", [
    (lambda t: t.encode("utf-8")[:200] + b"\xff" + t.encode("utf-8")[200:], "utf_8; "),  # one bad byte
    (lambda t: t[:300].encode("utf-8") + t[300:].encode("gbk", errors="ignore"), "undecodable"),  # UTF-8 then GBK
    (lambda t: t.encode("utf-16-le"), "utf_16"),  # UTF-16 without a byte-order mark
])
def test_text_decoding_tolerates_stray_bytes(make, words):
    from pipeline.ingest import read_bytes

    text = SEED_FILES[0].read_text(encoding="utf-8")
    raw = read_bytes(make(text), "bulletin.txt")
    assert words in raw.encoding
    assert sum(len(b.text) for b in raw.blocks) > 0.8 * len(text.replace("\n", ""))


def test_binary_stays_binary():
    from pipeline.ingest import IngestError, read_bytes

    with pytest.raises(IngestError, match="not text"):
        read_bytes(os.urandom(5000), "junk.txt")



def test_folders_that_cannot_be_read_are_failure_lines(tmp_path, monkeypatch):
    """Root may enter any folder, so the walk's error is made as os.walk reports it."""
    import pipeline.ingest as ingest

    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    (inbox / "a.txt").write_bytes(SEED_FILES[0].read_bytes())
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if "locked" in dirs:
                dirs.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(Path(root) / "locked")))
            yield root, dirs, files

    monkeypatch.setattr(ingest.os, "walk", walk)
    items = list(ingest.iter_inputs([inbox]))
    errors = [(i.path, i.error) for i in items if i.error]
    assert errors == [(str(inbox / "locked"), "cannot open folder: Permission denied")]
    assert [i.name for i in items if i.data] == ["a.txt"]


def test_check_cleans_up_originals_of_an_interrupted_write(tmp_path):
    db = tmp_path / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "--catalog", db).returncode == 0
    orphan = db.with_name(db.name + ".files") / "ff" / ("ff" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a write that never committed")
    result = bulletin_cli("check", "--catalog", db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "integrity: ok" in result.stdout and "1 orphan(s) removed" in result.stdout and not orphan.exists()


def test_a_catalog_write_error_is_a_failure_with_its_cause(tmp_path, monkeypatch):
    from pipeline import Catalog

    def full(self, *a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    with Catalog(tmp_path / "c.db") as cat:
        monkeypatch.setattr(Catalog, "store", full)
        report = cat.ingest([SEED_FILES[0]], jobs=1)
    [failure] = report.failures
    assert "disk full" in failure.reason and "internal error" not in failure.reason


def test_a_text_longer_than_spacys_limit_is_processed_in_pieces():
    from pipeline.extract import build_nlp, place_words
    from pipeline.process import process_file

    nlp = build_nlp()
    nlp.tokenizer.add_words(place_words())
    nlp.max_length = 20_000  # spaCy's own limit is 1,000,000; a smaller one shows the same cut cheaply
    paragraph = "某县推行“三个到位”工作法，全年培训党员1200名。" * 40 + "\n\n"
    text = "关于基层党建工作的报告\n\n" + paragraph * 60  # one article of about 60,000 characters
    parsed = process_file(text.encode("utf-8"), "long.txt", nlp=nlp, max_size=None)
    article_text = parsed.articles[0].text
    assert len(article_text) > 2 * nlp.max_length
    assert len(parsed.metrics) == 2400
    assert all(article_text[m.start:m.end] == m.text for m in parsed.metrics)
    assert [s.text for s in parsed.slogans] == ["三个到位"]


def test_opening_a_catalog_another_process_is_creating_waits_for_it(tmp_path):
    """A new file that another connection is creating (its first tables written, not yet committed)
    answers "database is locked" at once, without SQLite's busy wait: opening it waits and goes on,
    and is not told it is "not a catalog"."""
    import sqlite3
    import threading

    from pipeline import Catalog

    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE sources(sha256 TEXT)")

    def give_up():  # the other process fails its set-up and rolls back, half a second later
        time.sleep(0.5)
        other.execute("ROLLBACK")
        other.close()

    threading.Thread(target=give_up).start()
    cat = Catalog(path)  # must not raise
    assert cat.schema_version > 0 and cat.query("SELECT COUNT(*) AS n FROM sources")["n"][0] == 0
    cat.close()
