"""Choose a reader by content (magic bytes) first and by suffix second."""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".mht"}
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<p>", b"<div", b"<p ")


def _looks_like_html(head: bytes) -> bool:
    # HTML may be UTF-16; look at an ASCII-only projection of the head.
    probe = head.replace(b"\x00", b"").lstrip().lower()[:2048]
    return any(probe.startswith(m) for m in HTML_MARKERS) or (b"<html" in probe and b"</" in probe)


def zip_format(names: set[str], suffix: str) -> str:
    """What a zip container holding ``names`` is: docx, another office document, or a zip of inputs."""
    if "word/document.xml" in names:
        return "docx"
    if suffix in (".docx", ".docm"):
        return "docx"  # a docx without its body; the reader says so
    if any(n.startswith(("ppt/", "xl/")) for n in names) or "mimetype" in names:
        return "unknown:office document other than Word (xlsx/pptx/odf)"
    return "zip"


def detect_format(data: bytes, name: str) -> str:
    """Return one of pdf, docx, zip, doc, html, txt, ``txt?`` (text if it decodes), ``doc?`` (named
    .doc without a Word header: text if it decodes) or ``unknown:<what>``."""
    suffix = PurePath(name).suffix.lower()
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "docx" if suffix == ".docx" else "zip"  # the reader reports the damage
        return zip_format(names, suffix)
    if head[:8] == OLE2_MAGIC:
        return "doc"
    if head[:5] == b"{\\rtf":
        return "unknown:RTF document"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "unknown:image file (no text to read)"
    if suffix in HTML_SUFFIXES or _looks_like_html(head):
        return "html"
    if suffix in (".doc", ".wps", ".dot"):
        return "doc?"  # named an old Word file but not one (no OLE2 header): plain text saved as .doc?
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "txt"
    if suffix in (".pdf",):
        return "pdf"
    # Unknown suffix: text if it decodes as text, which the text reader decides.
    return "txt?"
