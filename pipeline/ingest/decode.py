"""Bytes to text: the encodings bulletins come in, detected, and tolerance for a stray bad byte."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import IngestError

# The encodings bulletins actually come in; detection is restricted to these so that
# a GBK file is never read as, say, Latin-1.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_REPLACED = 0.01  # a text may have this share of its characters replaced, and still be read


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in every other byte; CJK-heavy UTF-16 has none, so also
    # try a strict decode when the byte count is even and the result is mostly CJK.
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf_16_le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf_16_be"
    if len(data) % 2 == 0:
        for enc in ("utf_16_le", "utf_16_be"):
            try:
                text = data[:4000].decode(enc)
            except UnicodeDecodeError:
                continue
            readable = sum("\u4e00" <= c <= "\u9fff" or c.isascii() and (c.isprintable() or c in "\r\n\t")
                           or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·"
                           for c in text)
            if readable >= 0.95 * len(text) and sum("\u4e00" <= c <= "\u9fff" for c in text) >= 0.3 * len(text):
                return enc
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used; IngestError if it is not text."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF32_LE, "utf_32"),
                     (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="replace"), enc)
    enc = _utf16_without_bom(data)
    if enc:
        return _checked(data.decode(enc, errors="replace"), enc)
    try:
        return _checked(data.decode("utf_8"), "utf_8")
    except UnicodeDecodeError:
        pass
    strict = {}
    for enc in ("gb18030", "big5"):
        try:
            strict[enc] = data.decode(enc)
        except UnicodeDecodeError:
            pass
    if len(strict) == 1:
        enc, text = next(iter(strict.items()))
        return _checked(text, enc)
    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is not None:
        return _checked(str(best), best.encoding)
    # A stray bad byte, or UTF-8 and GBK mixed in one file: read it in the encoding that needs the
    # fewest replacements, and say how many characters were replaced. Binary stays binary.
    tolerant = min(((data.decode(enc, errors="replace"), enc) for enc in ("utf_8", "gb18030")),
                   key=lambda t: t[0].count("\ufffd"))
    text, enc = tolerant
    replaced = text.count("\ufffd")
    if replaced > MAX_REPLACED * len(text):
        raise IngestError("not text: binary content that decodes in no known encoding")
    return _checked(text, f"{enc}; {replaced} undecodable byte sequence(s) replaced")


def _checked(text: str, encoding: str) -> tuple[str, str]:
    bad = len(_CONTROL.findall(text)) + max(0, text.count("\ufffd") - int(MAX_REPLACED * len(text)))
    if bad > max(2, 0.01 * len(text)):
        raise IngestError(f"not text: {bad} control or undecodable characters (binary file?)")
    if not text.strip():
        raise IngestError("empty file (only white space)")
    return text, encoding
