"""Old Word .doc / WPS: converted by a tool found on the machine (LibreOffice, else antiword)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..records import Block
from .errors import IngestError
from .text import split_paragraphs

TIMEOUT = 120


def find_converter() -> tuple[str, str] | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return "libreoffice", exe
    exe = shutil.which("antiword")
    if exe:
        return "antiword", exe
    return None


def read_doc(data: bytes, suffix: str = ".doc") -> list[Block]:
    converter = find_converter()
    if converter is None:
        raise IngestError("old Word/WPS document, but no converter on this machine: install antiword or LibreOffice")
    kind, exe = converter
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"input{suffix if suffix in ('.doc', '.wps', '.dot') else '.doc'}"
        src.write_bytes(data)
        if kind == "libreoffice":
            proc = subprocess.run([exe, "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                                  capture_output=True, timeout=TIMEOUT)
            out = src.with_suffix(".docx")
            if proc.returncode != 0 or not out.exists():
                raise IngestError(f"LibreOffice could not convert it: {proc.stderr.decode(errors='replace').strip()[:120]}")
            from .docx import read_docx

            return read_docx(out.read_bytes())
        try:
            proc = subprocess.run([exe, "-w", "0", "-m", "UTF-8.txt", str(src)], capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise IngestError("antiword timed out on this file") from None
        if proc.returncode != 0:
            reason = proc.stderr.decode(errors="replace").strip().splitlines()
            raise IngestError(f"antiword could not read it: {reason[-1] if reason else 'exit ' + str(proc.returncode)}")
        text = proc.stdout.decode("utf-8", errors="replace")
        if not text.strip():
            raise IngestError("old Word document with no text")
        return split_paragraphs(text)
