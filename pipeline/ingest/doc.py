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

            blocks = read_docx(out.read_bytes())
            _check_words("\n".join(b.text for b in blocks))
            return blocks
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
        _check_words(text)
        return split_paragraphs(text)


PROSE_SHARE = 0.6  # of the characters: below it, what the converter made of the file is not text


def _prose_share(text: str) -> float:
    """The share of characters that are those of prose: common Chinese characters (GB2312's first
    level, the 3,755 most used), ASCII, Chinese punctuation and full-width forms. Random bytes that
    a converter took for text come out as rare characters, accented letters and symbols."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0

    def prose(c: str) -> bool:
        if c.isascii() or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·":
            return True
        try:
            code = c.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return len(code) == 2 and 0xB0 <= code[0] <= 0xD7

    return sum(map(prose, chars)) / len(chars)


def _check_words(text: str) -> None:
    share = _prose_share(text)
    if share < PROSE_SHARE:
        raise IngestError(f"not a Word document: what the converter made of it is not text "
                          f"({share:.0%} of it is words or punctuation)")
