"""Stage 1, ingest: one reader per format, each returning blocks; the file's identity beside them.

``read_bytes`` turns one file's bytes into a RawDocument; ``iter_inputs`` walks files, folders and
zip archives and yields every file found, or the reason it could not be opened.
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from ..records import RawDocument, SourceFile
from .archive import MAX_DEPTH, check_zip_limits, member_name
from .detect import detect_format
from .doc import read_doc
from .docx import read_docx
from .errors import IngestError
from .html import read_html
from .pdf import read_pdf
from .text import read_text

DEFAULT_MAX_SIZE = 100 * 1024 * 1024  # bytes; plain files larger than this are refused (--max-size)

__all__ = ["IngestError", "InputFile", "iter_inputs", "read_bytes", "read_docx", "read_pdf",
           "read_html", "read_text", "read_doc", "detect_format"]


def read_bytes(data: bytes, name: str, path: str | None = None) -> RawDocument:
    """Read one file's bytes with the reader its content (then its suffix) calls for."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    fmt = detect_format(data, name)
    encoding = None
    dropped = []
    if fmt.startswith("unknown:"):
        raise IngestError(f"unsupported format: {fmt.split(':', 1)[1]}")
    if fmt == "pdf":
        blocks = read_pdf(data)
    elif fmt == "docx":
        blocks = read_docx(data)
    elif fmt == "doc":
        blocks = read_doc(data, PurePosixPath(name).suffix.lower())
    elif fmt == "html":
        blocks, encoding, dropped = read_html(data)
    elif fmt == "zip":
        raise IngestError("zip archive given as a single document")
    else:
        try:
            blocks, encoding = read_text(data)
        except IngestError as err:
            if fmt == "txt?":
                raise IngestError(f"unsupported format: suffix {PurePosixPath(name).suffix!r} and {err}") from None
            raise
        fmt = "txt"
    if not any(b.text.strip() for b in blocks):
        raise IngestError(f"no text found in this {fmt} file")
    source = SourceFile(sha256=hashlib.sha256(data).hexdigest(), name=PurePosixPath(name).name,
                        path=path or name, format=fmt, size=len(data))
    return RawDocument(source=source, blocks=blocks, encoding=encoding, data=data, dropped=dropped)


@dataclass
class InputFile:
    """A file to ingest: its bytes, or the reason they could not be had."""

    path: str
    name: str
    data: bytes | None = None
    error: str | None = None


def _is_zip_archive(data: bytes, name: str) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06") and detect_format(data, name) == "zip"


def _zip_members(data: bytes, label: str, depth: int) -> Iterator[InputFile]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        yield InputFile(label, PurePosixPath(label).name, error=f"damaged zip archive: {err}")
        return
    with zf:
        try:
            check_zip_limits(zf, "zip archive")
        except IngestError as err:
            yield InputFile(label, PurePosixPath(label).name, error=str(err))
            return
        for info in sorted(zf.infolist(), key=lambda i: member_name(i)):
            if info.is_dir():
                continue
            name = member_name(info)
            if name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._"):
                continue
            member_label = f"{label}!{name}"
            if info.flag_bits & 0x1:
                yield InputFile(member_label, PurePosixPath(name).name, error="encrypted zip member: needs a password")
                continue
            try:
                content = zf.read(info)
            except Exception as err:  # CRC errors, unsupported compression
                yield InputFile(member_label, PurePosixPath(name).name, error=f"unreadable zip member: {err}")
                continue
            if _is_zip_archive(content, name):
                if depth >= MAX_DEPTH:
                    yield InputFile(member_label, PurePosixPath(name).name,
                                    error=f"zip nested deeper than {MAX_DEPTH} levels; refused")
                else:
                    yield from _zip_members(content, member_label, depth + 1)
                continue
            yield InputFile(member_label, PurePosixPath(name).name, data=content)


def shown(path) -> str:
    """A path as it can be printed and stored: bytes of a name that are not UTF-8 (names from archives
    made on Chinese Windows) become \\x escapes, so the name is kept whole and shown as it is."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_inputs(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> Iterator[InputFile]:
    """Every file under the given files and folders (recursively), zips opened member by member;
    nothing at or under the ``skip`` paths (the catalog's own files, when it sits among the inputs)."""
    skipped = {Path(p).resolve() for p in skip}

    def left_out(file: Path) -> bool:
        resolved = file.resolve()
        return resolved in skipped or any(parent in skipped for parent in resolved.parents)

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputFile(shown(path), shown(path.name), error="no such file or folder")
            continue
        for file, error in (_walk(path) if path.is_dir() else [(path, None)]):
            if error is not None:
                yield InputFile(shown(file), shown(file.name), error=error)
                continue
            if file.name.startswith(".") and path.is_dir() or skipped and left_out(file):
                continue
            try:
                data = file.read_bytes()
            except OSError as err:
                yield InputFile(shown(file), shown(file.name), error=f"cannot read: {err.strerror}")
                continue
            if _is_zip_archive(data, file.name):
                yield from _zip_members(data, shown(file), 1)
            else:
                yield InputFile(shown(file), shown(file.name), data=data)


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Files under a folder in name order, and (folder, reason) for each folder that cannot be read
    or entered, instead of stopping or skipping it in silence."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            err = errors.pop()
            yield Path(err.filename or root), f"cannot open folder: {err.strerror or err}"
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name, None
    while errors:
        err = errors.pop()
        yield Path(err.filename or folder), f"cannot open folder: {err.strerror or err}"
