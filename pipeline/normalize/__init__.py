"""Stage 2, normalize: one script (simplified), no site debris, paragraphs whole, markdown as structure.

``normalize`` is idempotent: normalize(normalize(doc)) gives the same blocks as normalize(doc).
"""
from __future__ import annotations

from ..records import Document, RawDocument
from .blocks import drop_boilerplate, rejoin_paragraphs, split_lines, split_run_together, strip_chunk_markers
from .text import clean_block, may_need_repair, script_of

__all__ = ["normalize", "normalize_blocks", "script_of"]


def normalize_blocks(blocks, site_title=None, dropped=None, real_paragraphs=False, notices=None):
    """Normalized blocks and the site title; what is dropped is appended to ``dropped``, the site's
    notices about the document to ``notices``."""
    cleaned = [b for b in (clean_block(b) for b in split_lines(blocks)) if b.text]
    cleaned, found_title, removed, found_notices = drop_boilerplate(cleaned)
    if dropped is not None:
        dropped.extend(removed)
    if notices is not None:
        notices.extend(found_notices)
    cleaned = strip_chunk_markers(cleaned)
    cleaned = split_run_together(rejoin_paragraphs(cleaned, real_paragraphs))
    # Joining blocks can complete what one block alone could not: an annotation after its character
    # ("基" + "(xiàn)"), a mojibake run cut in two. Clean those blocks once more.
    cleaned = [clean_block(b) if may_need_repair(b.text) else b for b in cleaned]
    return cleaned, site_title or found_title


def normalize(raw: RawDocument | Document) -> Document:
    original = "\n\n".join(b.text for b in raw.blocks)
    docx = raw.source.format == "docx"
    if isinstance(raw, Document):
        dropped, notices = list(raw.dropped), list(raw.site_notices)
        blocks, site_title = normalize_blocks(raw.blocks, raw.site_title, dropped, docx, notices)
        return Document(source=raw.source, blocks=blocks, script=raw.script, encoding=raw.encoding,
                        original_text=raw.original_text, site_title=site_title, site_notices=notices,
                        dropped=dropped)
    dropped, notices = list(raw.dropped), []
    blocks, site_title = normalize_blocks(raw.blocks, dropped=dropped, real_paragraphs=docx, notices=notices)
    return Document(source=raw.source, blocks=blocks, script=script_of(original), encoding=raw.encoding,
                    original_text=original, site_title=site_title, site_notices=notices, dropped=dropped)
