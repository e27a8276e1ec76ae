"""Zip safety limits shared by the zip reader and the docx reader (a docx is a zip)."""
from __future__ import annotations

import zipfile

MAX_MEMBERS = 5000
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # uncompressed, whole archive
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members bigger than 1 MB
MAX_DEPTH = 3  # zips inside zips


def check_zip_limits(zf: zipfile.ZipFile, what: str = "archive") -> None:
    """Raise IngestError before anything is decompressed if the archive would explode."""
    from .errors import IngestError

    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise IngestError(f"{what} has {len(infos)} members (limit {MAX_MEMBERS}); refused as a possible zip bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise IngestError(
                f"{what} member {info.filename!r} expands to {info.file_size // 2**20} MB "
                f"(limit {MAX_MEMBER_BYTES // 2**20} MB); refused as a possible zip bomb")
        if info.file_size > 2**20 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise IngestError(
                f"{what} member {info.filename!r} has compression ratio "
                f"{info.file_size // max(info.compress_size, 1)}:1 (limit {MAX_RATIO}:1); refused as a possible zip bomb")
    if total > MAX_TOTAL_BYTES:
        raise IngestError(f"{what} expands to {total // 2**20} MB (limit {MAX_TOTAL_BYTES // 2**20} MB); refused as a possible zip bomb")


def member_name(info: zipfile.ZipInfo) -> str:
    """Decode a member name: zips made on Chinese Windows store GBK bytes without the UTF-8 flag."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name
