"""Processing one file, apart from storage: bytes in, a ParsedDocument out.

``process_file`` runs the stages (read → normalize → parse → extract) on one file's bytes and touches
no catalog, so it runs the same in this process, in a worker process or on a Dask worker. A fault of
the input raises :class:`~pipeline.ingest.IngestError` with its one-line reason; anything else is a
bug in the pipeline.
"""
from __future__ import annotations

from .extract import extract
from .ingest import DEFAULT_MAX_SIZE, IngestError, read_bytes, too_large
from .normalize import normalize
from .parse import parse
from .records import ParsedDocument, RawDocument



def process(raw: RawDocument, nlp=None) -> ParsedDocument:
    """The stages after ingest on one raw document."""
    return extract(parse(normalize(raw)), nlp)


def process_file(data: bytes, name: str, path: str | None = None, nlp=None,
                 max_size: int | None = DEFAULT_MAX_SIZE) -> ParsedDocument:
    """Read, normalize, parse and extract one file's bytes."""
    if max_size is not None and len(data) > max_size:
        raise IngestError(too_large(len(data), max_size))
    return process(read_bytes(data, name, path), nlp)
