"""Issue 22: nothing lost, nothing hangs. Each test names the point of the issue it holds."""
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline import Catalog
from pipeline.catalog import CatalogError

from .conftest import SEED_FILES, bulletin_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A catalog of two seeds, made once; tests copy it."""
    folder = tmp_path_factory.mktemp("built")
    with Catalog(folder / "a.db") as cat:
        report = cat.ingest(SEED_FILES[:2], fit=False)
        assert report.count("ingested") == 2
    return folder / "a.db"


def _copy(built: Path, to: Path, name: str = "a.db") -> Path:
    to.mkdir(parents=True, exist_ok=True)
    for f in built.parent.iterdir():
        if f.name.startswith(built.name):
            target = to / (name + f.name[len(built.name):])
            (shutil.copytree if f.is_dir() else shutil.copy2)(f, target)
    return to / name


# -- 1: originals named by content, relative to the catalog ---------------------------------------
def test_1_a_renamed_catalog_keeps_its_originals(built, tmp_path):
    db = _copy(built, tmp_path, "b.db")  # as `mv a.db b.db` with its .files and .models
    result = bulletin_cli("check", "--catalog", db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 orphan(s) removed" in result.stdout
    with Catalog(db, readonly=True) as cat:
        for sha in cat.sources()["sha256"]:
            assert hashlib.sha256(cat.original(sha)).hexdigest() == sha


def test_1_check_reports_and_keeps_what_a_moved_catalog_cannot_find(built, tmp_path):
    db = _copy(built, tmp_path)
    shutil.move(db.with_name("a.db.files"), tmp_path / "elsewhere")  # the catalog moved without it
    result = bulletin_cli("check", "--catalog", db)
    assert result.returncode == 1 and "missing: 2 original(s)" in result.stdout
    assert len(list((tmp_path / "elsewhere").rglob("*/*"))) == 2


def test_1_existing_catalogs_are_migrated(built, tmp_path):
    db = _copy(built, tmp_path)
    con = sqlite3.connect(db)  # as the schema before: named relative to the catalog's folder, by its name
    con.execute("UPDATE sources SET stored_as = 'a.db.files/' || substr(sha256, 1, 2) || '/' || sha256")
    from pipeline.catalog.schema import MIGRATIONS

    before = next(i for i, script in enumerate(MIGRATIONS) if "substr(sha256, 1, 2)" in script)
    con.execute(f"PRAGMA user_version = {before}")
    con.commit(), con.close()
    with Catalog(db) as cat:
        assert all(s == f"{h[:2]}/{h}" for s, h in cat.db.execute("SELECT stored_as, sha256 FROM sources"))
        assert cat.check()["orphans"] == []


# -- 2: check beside a running ingest -------------------------------------------------------------
def test_2_check_never_removes_an_original_whose_rows_are_being_written(built, tmp_path, monkeypatch):
    from pipeline.process import process_file

    db = _copy(built, tmp_path)
    data = SEED_FILES[2].read_bytes()
    parsed = process_file(data, SEED_FILES[2].name)
    writing, release = threading.Event(), threading.Event()
    original_write = Catalog._write

    def slow_write(self, *args):
        writing.set()
        release.wait(30)
        return original_write(self, *args)

    monkeypatch.setattr(Catalog, "_write", slow_write)
    outcome = []
    writer = threading.Thread(target=lambda: outcome.append(Catalog(db).store(parsed, data, "x")))
    writer.start()
    assert writing.wait(30)
    with Catalog(db, create=False) as checker:
        during = checker.check(lock_wait=0.5)
    release.set()
    writer.join(30)
    assert outcome[0].status == "ingested"
    assert during["orphans"] == [] and "nothing removed" in during["skipped"]
    with Catalog(db, create=False) as checker:
        after = checker.check()
        assert after["orphans"] == [] and after["missing"] == [] and after["originals"] == 3
        assert checker.original(parsed.document.source.sha256) == data


# -- 9: temporary names per writer; what a crash leaves is removed --------------------------------
def test_9_writers_storing_the_same_bytes_at_once_all_succeed(built, tmp_path):
    from pipeline.process import process_file

    db = _copy(built, tmp_path)
    data = SEED_FILES[3].read_bytes()
    parsed = process_file(data, SEED_FILES[3].name)
    errors, outcomes = [], []

    def store(n):
        import copy

        mine = copy.deepcopy(parsed)  # each writer its own document: the threads must not race on its sha
        try:
            with Catalog(db) as cat:
                for round_ in range(6):
                    mine.document.source.sha256 = hashlib.sha256(f"{round_}".encode()).hexdigest()
                    # large enough that two writers' file writes overlap
                    body = data + f"{round_}".encode() * 2**21
                    outcomes.append(cat.store(mine, body, f"w{n}").status)
        except Exception as err:  # noqa: BLE001 - any error is the failure
            errors.append(repr(err))

    threads = [threading.Thread(target=store, args=(n,)) for n in range(4)]
    [t.start() for t in threads]
    [t.join(120) for t in threads]
    assert errors == []
    assert outcomes.count("ingested") == 6 and outcomes.count("already") == 18
    assert not list(db.with_name("a.db.files").rglob("*.part"))


def test_9_part_files_a_crash_left_are_removed_by_ingest_and_check(built, tmp_path):
    db = _copy(built, tmp_path)
    left = db.with_name("a.db.files") / "ab" / ("ab" * 32 + ".12345.deadbeef.part")
    left.parent.mkdir(parents=True, exist_ok=True)
    left.write_bytes(b"half an original")
    with Catalog(db) as cat:
        cat.ingest([], fit=False)
    assert not left.exists()
    left.write_bytes(b"half an original")
    result = bulletin_cli("check", "--catalog", db)
    assert result.returncode == 0 and not left.exists() and "removed" in result.stdout


def test_15_a_full_disk_leaves_no_part_file(built, tmp_path, monkeypatch):
    from pipeline.process import process_file

    db = _copy(built, tmp_path)
    data = SEED_FILES[4].read_bytes()
    parsed = process_file(data, SEED_FILES[4].name)
    real_replace = os.replace

    def full(src, dst):
        if str(src).endswith(".part"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    with Catalog(db) as cat:
        with pytest.raises(OSError):
            cat.store(parsed, data, "x")
        assert not cat.has(parsed.document.source.sha256)
    assert not list(db.with_name("a.db.files").rglob("*.part"))


# -- 13: only ingest makes a catalog ---------------------------------------------------------------
@pytest.mark.parametrize("args", [["check"], ["reindex"], ["themes", "--refit"], ["cluster"]])
def test_13_commands_other_than_ingest_never_create_a_catalog(tmp_path, args):
    typo = tmp_path / "typo.db"
    result = bulletin_cli(*args, "--catalog", typo)
    assert result.returncode == 2 and "no catalog at" in result.stderr, result.stdout + result.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


# -- 10: a foreign file is recognized before anything is written ----------------------------------
def test_10_a_foreign_file_shaped_like_a_catalog_is_refused_untouched(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.executescript("CREATE TABLE sources(id INTEGER PRIMARY KEY, url TEXT);"
                      "CREATE TABLE articles(id INTEGER PRIMARY KEY, body TEXT);"
                      "CREATE TABLE failures(id INTEGER PRIMARY KEY, why TEXT); PRAGMA user_version = 1;")
    con.commit(), con.close()
    before = db.read_bytes()
    with pytest.raises(CatalogError, match="not a catalog of this program"):
        Catalog(db)
    assert db.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_10_a_catalog_written_before_the_application_id_still_opens(built, tmp_path):
    db = _copy(built, tmp_path)
    con = sqlite3.connect(db)
    con.execute("PRAGMA application_id = 0")
    con.commit(), con.close()
    with Catalog(db) as cat:
        assert len(cat.sources()) == 2


# -- 7: a catalog on a read-only share -------------------------------------------------------------
def _read_only_run(folder: Path, *args) -> subprocess.CompletedProcess:
    """Run the command line with ``folder`` read-only: a read-only bind mount when this runs as root
    (root writes through file modes), else the folder's mode."""
    exe = Path(sys.executable).with_name("bulletin")
    env = {k: v for k, v in os.environ.items() if k != "BULLETIN_CATALOG"}
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("root without unshare: cannot make a read-only folder")
        script = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && '
                  'touch "$0/probe" 2>/dev/null && exit 99; exec "$@"')
        run = subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), str(folder), str(exe), *map(str, args)],
                             capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        if run.returncode == 99 or "unshare failed" in run.stderr or "mount:" in run.stderr:
            pytest.skip(f"cannot make a read-only folder here: {run.stderr.strip()[:80]}")
        return run
    folder.chmod(0o555)
    try:
        return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL)
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("args", [["search", "党建"], ["export", "articles"], ["slogans"], ["check"]])
def test_7_a_catalog_in_a_read_only_folder_is_readable(built, tmp_path, args):
    db = _copy(built, tmp_path / "share")
    for extra in ("-wal", "-shm"):
        assert not db.with_name(db.name + extra).exists()
    result = _read_only_run(db.parent, *args, "--catalog", db)
    assert result.returncode in (0, 1) and "error" not in result.stderr, result.stdout + result.stderr
    assert result.stdout.strip()


# -- 3: only regular files are read -----------------------------------------------------------------
def test_3_fifos_devices_and_symlink_loops_are_refused_and_the_batch_ends(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED_FILES[0], inbox / "b_good.txt")
    os.mkfifo(inbox / "a_pipe.txt")
    (inbox / "c_zero.txt").symlink_to("/dev/zero")
    (inbox / "d_loop.txt").symlink_to(inbox / "d_loop.txt")
    (inbox / "e_broken.txt").symlink_to(tmp_path / "nowhere")
    (inbox / "f_link.txt").symlink_to(SEED_FILES[1])  # a symlink to a regular file is followed
    result = bulletin_cli("ingest", inbox, "--catalog", tmp_path / "c.db", "--jobs", "1", timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert lines[-1] == "2 ingested, 0 already in, 4 failed"
    failed = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1] for line in lines
              if line.startswith("FAILED")}
    assert "named pipe" in failed["a_pipe.txt"] and "character device" in failed["c_zero.txt"]
    assert "symlink loop" in failed["d_loop.txt"] and "broken symlink" in failed["e_broken.txt"]
    assert any("fitted over" in line for line in lines)  # the first fit ran


def test_3_a_fifo_given_by_name_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    probe = ("from pipeline.ingest import iter_inputs; "
             f"[item] = list(iter_inputs([{str(tmp_path / 'pipe')!r}])); print(item.data, item.error)")
    try:  # in a process of its own: a read of the FIFO would wait for a writer for ever
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO hung")
    assert out.stdout.startswith("None ") and "named pipe" in out.stdout, out.stderr


# -- 8: the size is checked before a byte is read ----------------------------------------------------
def test_8_a_file_too_large_is_refused_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(300 * 2**20)  # sparse: 300 MB that take no disk
    probe = ("import resource, sys; from pipeline.ingest import iter_inputs; "
             "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
             f"items = list(iter_inputs([{str(big)!r}], max_size=2**20)); "
             "grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before; "
             "print(items[0].error); print(grown // 1024)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    error, grown_mb = out.stdout.splitlines()
    assert error.startswith("file too large: 300.00 MB (limit 1.00 MB") and int(grown_mb) < 50


def test_8_a_large_zip_is_read_member_by_member(tmp_path):
    import zipfile

    from pipeline.ingest import iter_inputs

    archive = tmp_path / "month.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("big.txt", os.urandom(2 * 2**20))
        zf.writestr("good.txt", SEED_FILES[0].read_bytes())
    items = {i.name: i for i in iter_inputs([archive], max_size=2**20)}
    assert items["big.txt"].error.startswith("file too large") and items["good.txt"].data


# -- 4: a time limit per file; readers linear in their input ----------------------------------------
def _slow_on(name: str, seconds: float):
    import pipeline.batch as batch

    real = batch.process_file

    def process_file(data, file_name, *args, **kwargs):
        if file_name == name:
            time.sleep(seconds)
        return real(data, file_name, *args, **kwargs)

    return process_file


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_4_a_file_that_takes_too_long_fails_and_the_batch_goes_on(tmp_path, monkeypatch, executor):
    import pipeline.batch as batch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, seed in (("a.txt", SEED_FILES[0]), ("b_slow.txt", SEED_FILES[1]), ("c.txt", SEED_FILES[2]),
                       ("d.txt", SEED_FILES[3])):
        shutil.copy(seed, inbox / name)
    monkeypatch.setattr(batch, "process_file", _slow_on("b_slow.txt", 40))  # workers are forked: they see it
    started = time.monotonic()
    with Catalog(tmp_path / "c.db") as cat:
        report = cat.ingest([inbox], jobs=1 if executor == "serial" else 2, executor=executor, timeout=3, fit=False)
    assert [(Path(o.path).name, o.status) for o in sorted(report.outcomes, key=lambda o: o.path)] == [
        ("a.txt", "ingested"), ("b_slow.txt", "failed"), ("c.txt", "ingested"), ("d.txt", "ingested")]
    assert report.failures[0].reason.startswith("took longer than 3 s")
    assert time.monotonic() - started < 40


def _one_line_html(size: int) -> bytes:
    unit = "<span>党建引领基层治理，推动项目落地见效。</span><b>强化</b>"
    return ("<html><body><p>" + unit * (size // len(unit.encode())) + "</p></body></html>").encode()


def _nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>层级文字" * depth + "</div>" * depth + "</body></html>").encode()


def _html_calls(data: bytes) -> int:
    """How many function calls reading a page takes: a measure of work that does not depend on the
    machine or its load (no timing in tests; `make bench` times the full sizes)."""
    from pipeline.ingest import read_bytes

    calls = [0]

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(count)
    try:
        read_bytes(data, "page.html")
    finally:
        sys.setprofile(None)
    return calls[0]


def test_4_deeply_nested_html_is_read_without_recursion():
    from pipeline.ingest import read_bytes

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # far below the depth: any recursion over the nesting fails
    try:
        raw = read_bytes(_nested_html(3000), "deep.html")
    finally:
        sys.setrecursionlimit(limit)
    assert len(raw.blocks) == 3000 and raw.blocks[-1].text == "层级文字"


@pytest.mark.parametrize("make, small", [(_one_line_html, 2**16), (_nested_html, 1000)])
def test_4_the_html_reader_grows_linearly(make, small):
    # small sizes here; `make bench` times 1-8 MB of one line and 5k-50k nested divs
    assert _html_calls(make(4 * small)) < 4 * 1.5 * _html_calls(make(small))


# -- 6: circled and other Unicode digits ------------------------------------------------------------
LIST_FROM = """组工信息
第3期
中共某某市委组织部                2023年5月6日

某县推行“三个同步”做好项目党建工作

今年以来，某县坚持党建引领项目建设，推行“三个同步”工作法。
{0}项目党组织和项目专班同步建。在重点项目设立临时党支部12个。
{1}党建工作和项目建设同步推。每月召开一次推进会，解决问题36个。
{2}党员作用和项目成效同步显。设立党员先锋岗20个。
"""


@pytest.mark.parametrize("marks", ["②③④", "⑵⑶⑷", "²³⁴", "２３４", "⑩⑪⑫", "❷❸❹", "➋➌➍"])
def test_6_a_list_numbered_in_other_digits_never_crashes(marks):
    from pipeline.process import process_file

    parsed = process_file(LIST_FROM.format(*marks).encode(), "list.txt")
    assert parsed.articles and "三个同步" in [s.text for s in parsed.slogans]


def test_6_digits_are_read_as_the_numbers_they_are():
    from pipeline.patterns import digit_value

    assert [digit_value(c) for c in ("②", "⑩", "⑵", "²", "４２", "٤", "")] == [2, 10, 2, 2, 42, 4, None]
    every = [chr(c) for c in range(0x110000) if chr(c).isdigit()]
    assert all(isinstance(digit_value(c), int) for c in every)


# -- 15: output ----------------------------------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["search", "党建"], ["export", "articles"], ["slogans", "--format", "csv"],
                                  ["export", "articles", "-o", "/dev/full", "--format", "xlsx"]])
def test_15_a_write_error_is_one_line(built, tmp_path, args):
    exe = Path(sys.executable).with_name("bulletin")
    with open("/dev/full", "w") as full:
        result = subprocess.run([str(exe), *args, "--catalog", str(built)], stdout=full, stderr=subprocess.PIPE,
                                text=True, stdin=subprocess.DEVNULL, timeout=120)
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert result.returncode == 1 and len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    assert "No space left on device" in result.stderr and "None" not in result.stderr


def test_15_control_characters_in_names_are_shown_escaped(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "red\x1b[31mtitle\n.txt").write_bytes(b"")
    result = bulletin_cli("ingest", inbox, "--catalog", tmp_path / "c.db", "--jobs", "1")
    assert "\x1b" not in result.stdout and "red\\x1b[31mtitle\\n.txt: empty file" in result.stdout


def test_15_sigterm_gives_the_summary_ctrl_c_gives(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for k in range(10):
        for path in SEED_FILES:
            (inbox / f"{k:02d}_{path.name}").write_bytes(path.read_bytes() + f"\n（第{k}份）\n".encode())
    exe = Path(sys.executable).with_name("bulletin")
    run = subprocess.Popen([str(exe), "ingest", str(inbox), "--catalog", str(tmp_path / "c.db"), "--jobs", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = run.stdout.readline()
    assert first.startswith("ingested"), first + run.stderr.read()
    run.send_signal(signal.SIGTERM)
    rest, err = run.communicate(timeout=300)
    assert run.returncode == 143, rest + err
    last = rest.strip().splitlines()[-1]
    assert "interrupted" in last and "ingested" in last and "Traceback" not in err


# -- 11: PDFs pdfplumber cannot open or decode are read by PDFium ------------------------------------
def _owner_password_only_pdf() -> bytes:
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0, strength=128))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(["组工信息", "某县推行“三个同步”做好项目党建工作",
                              "今年以来，某县坚持党建引领项目建设，推行“三个同步”工作法。"]):
        c.drawString(72, 700 - 20 * i, line)
    c.save()
    return out.getvalue()


def _broken_xref_pdf() -> bytes:
    import re

    from .fixtures import render_pdf, seed_blocks

    good = render_pdf(seed_blocks(SEED_FILES[0]))
    # every offset of the cross-reference table points seven bytes off
    return re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)), good), good


def test_11_an_owner_password_only_pdf_is_read():
    from pipeline.ingest import read_bytes

    raw = read_bytes(_owner_password_only_pdf(), "locked.pdf")
    text = "\n".join(b.text for b in raw.blocks)
    assert "(cid:" not in text and "某县推行“三个同步”做好项目党建工作" in text


def test_11_a_pdf_with_a_broken_xref_is_read():
    from pipeline.ingest import read_bytes

    broken, good = _broken_xref_pdf()
    words = lambda raw: "".join(b.text for b in raw.blocks).replace(" ", "")  # noqa: E731
    assert words(read_bytes(broken, "broken.pdf"))[:200] == words(read_bytes(good, "good.pdf"))[:200]


# -- 12: models and labels in step --------------------------------------------------------------------
def test_12_a_refit_killed_before_relabelling_is_said_and_repaired(built, tmp_path, monkeypatch):
    from pipeline.fitting import refit, status

    db = _copy(built, tmp_path)
    with Catalog(db) as cat:
        refit(cat)
        assert status(cat) == []

        def killed(*args, **kwargs):
            raise KeyboardInterrupt  # the process dies between saving the models and relabelling

        monkeypatch.setattr(Catalog, "apply_clusters", killed)
        with pytest.raises(KeyboardInterrupt):
            refit(cat, ("clusters",), cluster_options={"n_clusters": 2})
        monkeypatch.undo()
        [note] = status(cat)
        assert "clusters model (v2)" in note and "(v1)" in note and "bulletin cluster" in note
        report = cat.ingest([SEED_FILES[2]])
        assert report.count("ingested") == 1 and any("clusters" in n for n in report.notes)
        new = cat.db.execute("SELECT COUNT(*), COUNT(cluster) FROM practices WHERE source_id = "
                             "(SELECT MAX(id) FROM sources)").fetchone()
        assert new[0] > 0 and new[1] == 0  # no label from a model the catalog's clusters are not
        refit(cat, ("clusters",))
        assert status(cat) == [] and cat.labelled_with()["clusters"] == 3


# -- 16: old Word files -------------------------------------------------------------------------------------
def test_16_plain_text_saved_as_doc_is_read_as_text(monkeypatch):
    import shutil as sh

    from pipeline.ingest import doc, read_bytes

    if sh.which("antiword"):  # antiword only: it refuses a file that is no Word file
        monkeypatch.setattr(doc, "find_converter", lambda: ("antiword", sh.which("antiword")))
    raw = read_bytes(LIST_FROM.format("一是", "二是", "三是").encode("gb18030"), "saved-as.doc")
    assert raw.source.format == "txt" and any("三个同步" in b.text for b in raw.blocks)


def test_16_random_bytes_named_doc_are_not_a_word_document():
    import random

    from pipeline.ingest import IngestError, read_bytes

    with pytest.raises(IngestError, match="not a Word document"):
        read_bytes(random.Random(3).randbytes(8192), "noise.doc")


def test_16_a_conversion_that_is_not_prose_is_refused():
    import random

    from pipeline.ingest.doc import PROSE_SHARE, _prose_share

    noise = random.Random(5).randbytes(20000)
    for encoding in ("latin-1", "gb18030", "cp1252"):
        assert _prose_share(noise.decode(encoding, errors="replace")) < PROSE_SHARE
    assert _prose_share(SEED_FILES[0].read_text(encoding="utf-8")) > 0.9
    assert _prose_share("The committee met on 5 May and agreed the plan.") == 1.0
