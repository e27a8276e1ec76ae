"""Stage 1, ingest: one reader per format, each returning blocks; the file's identity beside them.

``read_bytes`` turns one file's bytes into a RawDocument; ``iter_inputs`` walks files, folders and
zip archives and yields every file found, or the reason it could not be opened.
"""
from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator

from ..records import RawDocument, SourceFile
from .archive import MAX_DEPTH, check_zip_limits, member_name
from .detect import detect_format, zip_format
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
            if fmt == "doc?":
                raise IngestError(f"not a Word document (no Word header) and {err}") from None
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


def too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 2**20:.2f} MB (limit {limit / 2**20:.2f} MB; raise it with --max-size)"


def _zip_members(source: bytes | BinaryIO, label: str, depth: int,
                 max_size: int | None = DEFAULT_MAX_SIZE) -> Iterator[InputFile]:
    """The members of a zip (its bytes, or an open file: a large archive is not read whole), each
    refused before it is read if it is larger than ``max_size``."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
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
            if max_size is not None and info.file_size > max_size:
                yield InputFile(member_label, PurePosixPath(name).name, error=too_large(info.file_size, max_size))
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
                    yield from _zip_members(content, member_label, depth + 1, max_size)
                continue
            yield InputFile(member_label, PurePosixPath(name).name, data=content)


# Control characters (ESC of a terminal sequence, newlines) in a name would be written raw to the
# terminal or split a one-line report: shown as escapes instead.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(path) -> str:
    """A path as it can be printed and stored: bytes of a name that are not UTF-8 (names from archives
    made on Chinese Windows) become \\x escapes, so the name is kept whole and shown as it is; control
    characters become escapes too."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _NOT_REGULAR if test(mode)), "something else")
    return f"{kind}, not a regular file; refused"


def _open_error(err: OSError, file: Path) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop (a link that leads back to itself); refused"
    if err.errno == errno.ENOENT and os.path.islink(file):
        return f"broken symlink (to {shown(os.readlink(file))}); refused"
    return f"cannot read: {err.strerror or err}"


def _read_regular(file: Path, max_size: int | None) -> Iterator[InputFile]:
    """One path's bytes, read only if it is (or links to) a regular file no larger than ``max_size``,
    and never more than that many bytes: a FIFO, a device, a symlink loop is refused without a read
    that could hang or fill memory. A zip archive larger than ``max_size`` is opened member by member."""
    label, name = shown(file), shown(file.name)
    try:
        mode = os.stat(file).st_mode  # follows symlinks; does not open (a FIFO would block)
        problem = _not_regular(mode)
        if problem:
            yield InputFile(label, name, error=problem)
            return
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        yield InputFile(label, name, error=_open_error(err, file))
        return
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)  # what was opened: swapped for a FIFO since the stat above, still refused
        problem = _not_regular(st.st_mode)
        if problem:
            yield InputFile(label, name, error=problem)
            return
        if max_size is not None and st.st_size > max_size:
            head = f.read(4)
            if head in (b"PK\x03\x04", b"PK\x05\x06") and _zip_is_archive(f, file.name):
                f.seek(0)
                yield from _zip_members(f, label, 1, max_size)
            else:
                yield InputFile(label, name, error=too_large(st.st_size, max_size))
            return
        try:
            data = f.read(max_size + 1) if max_size is not None else f.read()
        except OSError as err:
            yield InputFile(label, name, error=f"cannot read: {err.strerror or err}")
            return
        if max_size is not None and len(data) > max_size:  # it grew while being read
            yield InputFile(label, name, error=too_large(len(data), max_size))
            return
    if _is_zip_archive(data, file.name):
        yield from _zip_members(data, label, 1, max_size)
    else:
        yield InputFile(label, name, data=data)


def _zip_is_archive(f: BinaryIO, name: str) -> bool:
    """Whether an open zip file is an archive of inputs (not a Word or other office document)."""
    try:
        with zipfile.ZipFile(f) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return zip_format(names, PurePosixPath(name).suffix.lower()) == "zip"


def iter_inputs(paths: Iterable[str | Path], skip: Iterable[str | Path] = (),
                max_size: int | None = DEFAULT_MAX_SIZE) -> Iterator[InputFile]:
    """Every file under the given files and folders (recursively), zips opened member by member;
    nothing at or under the ``skip`` paths (the catalog's own files, when it sits among the inputs).
    Only regular files are read (symlinks to them followed), each checked against ``max_size``
    before a byte of it is read."""
    skipped = {os.path.realpath(p) for p in skip}

    def left_out(file: Path) -> bool:
        resolved = Path(os.path.realpath(file))  # never raises, loops included
        return str(resolved) in skipped or any(str(parent) in skipped for parent in resolved.parents)

    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            yield InputFile(shown(path), shown(path.name), error="no such file or folder")
            continue
        for file, error in (_walk(path) if path.is_dir() else [(path, None)]):
            if error is not None:
                yield InputFile(shown(file), shown(file.name), error=error)
                continue
            if file.name.startswith(".") and path.is_dir() or skipped and left_out(file):
                continue
            yield from _read_regular(file, max_size)


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
