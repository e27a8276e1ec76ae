"""Each bad input gets a clear one-line reason; the batch goes on; the exit status is 1."""
import io
import random
import sqlite3
import zipfile

import pytest

from pipeline.ingest import IngestError, read_bytes

from .conftest import SEED_FILES, bulletin_cli
from .fixtures import render_docx, render_pdf, seed_blocks


def _pdf():
    return render_pdf(seed_blocks(SEED_FILES[0]))


def _encrypted_pdf():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0))
    c.drawString(100, 700, "confidential bulletin")
    c.save()
    return out.getvalue()


def _image_only_pdf():
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for i in range(20):
        c.rect(50 + i * 10, 300 + i * 5, 200, 100, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()


def _corrupted_docx():
    data = bytearray(render_docx(seed_blocks(SEED_FILES[0])))
    mid = len(data) // 2
    data[mid:mid + 400] = random.Random(1).randbytes(400)
    return bytes(data)


def _bomb(member: str, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        zf.writestr(member, b"\0" * (5 * 2**20))  # 5 MB of zeros: ~1000:1 compression
    return out.getvalue()


def _docx_bomb():
    good = zipfile.ZipFile(io.BytesIO(render_docx(seed_blocks(SEED_FILES[0]))))
    parts = {n: good.read(n) for n in good.namelist() if n != "word/document.xml"}
    return _bomb("word/document.xml", parts)


BAD = {
    "empty.txt": (lambda: b"", "empty file"),
    "junk.txt": (lambda: random.Random(7).randbytes(4096), "not text"),
    "truncated.pdf": (lambda: _pdf()[: len(_pdf()) // 2], "truncated PDF"),
    "encrypted.pdf": (_encrypted_pdf, "encrypted PDF"),
    "scanned.pdf": (_image_only_pdf, "no text layer"),
    "corrupted.docx": (_corrupted_docx, "corrupted .docx"),
    "bomb.docx": (_docx_bomb, "zip bomb"),
    "bomb.zip": (lambda: _bomb("inner/big.txt"), "zip bomb"),
    "picture.png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "unsupported format"),
}


@pytest.mark.parametrize("name", [n for n in BAD if not n.endswith(".zip")])
def test_reader_gives_one_line_reason(name):
    make, words = BAD[name]
    with pytest.raises(IngestError) as err:
        read_bytes(make(), name)
    reason = str(err.value)
    assert words in reason and "\n" not in reason and len(reason) < 200


def test_text_without_masthead_is_a_document(catalog, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("关于加强村级组织建设的几点思考\n\n近年来，各地围绕组织建设开展了大量探索，取得了积极成效。", encoding="utf-8")
    report = catalog.ingest([path])
    assert report.summary() == "1 ingested, 0 already in, 0 failed"
    assert catalog.bulletins().empty
    assert len(catalog.articles()) == 1


def test_batch_goes_on_and_exit_status_is_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in SEED_FILES:
        (inbox / path.name).write_bytes(path.read_bytes())
    (inbox / "no_masthead.txt").write_text("一段没有刊头的文字，也应当入库。", encoding="utf-8")
    for name, (make, _) in BAD.items():
        (inbox / name).write_bytes(make())
    db = tmp_path / "c.db"
    missing = tmp_path / "does-not-exist.pdf"
    result = bulletin_cli("ingest", inbox, missing, "--catalog", db)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    failed = [ln for ln in lines if ln.startswith("FAILED ")]
    assert len(failed) == len(BAD) + 1
    for name, (_, words) in BAD.items():
        line = next(ln for ln in failed if f"{name}:" in ln or f"{name}!" in ln)
        assert words in line
    assert any("does-not-exist.pdf: no such file" in ln for ln in failed)
    assert lines[-1] == f"{len(SEED_FILES) + 1} ingested, 0 already in, {len(BAD) + 1} failed"
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == len(SEED_FILES) + 1
    assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == len(BAD) + 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_doc_without_converter_says_so(monkeypatch):
    import pipeline.ingest.doc as doc

    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(IngestError, match="no converter on this machine: install antiword or LibreOffice"):
        read_bytes(ole, "old.doc")


def test_doc_that_antiword_cannot_read(monkeypatch):
    import shutil

    antiword = shutil.which("antiword")
    if not antiword:
        pytest.fail("make test installs antiword; it is missing")
    # LibreOffice, where a machine has it, is tried first; this test is about antiword's message
    from pipeline.ingest import doc

    monkeypatch.setattr(doc, "find_converter", lambda: ("antiword", antiword))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(IngestError, match="antiword could not read it"):
        read_bytes(ole, "broken.doc")
