"""bulletin miner: practices, slogans and metrics from organization-department bulletins.

Stages, each a subpackage, each importing only earlier ones:
ingest → normalize → parse → extract → catalog. ``Catalog`` is the library API.
"""
from importlib import import_module

from .records import (Article, Block, Bulletin, Document, Leader, Metric, ParsedDocument, Place, Practice,
                      Slogan)

# On first use: importing a stage (a batch worker's pipeline.process, pipeline.ingest) does not load the
# catalog and what it imports.
_LAZY = {"Catalog": "catalog", "IngestReport": "catalog"}


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Catalog", "IngestReport", "Article", "Block", "Bulletin", "Document", "Leader", "Metric",
           "ParsedDocument", "Place", "Practice", "Slogan"]
__version__ = "0.1.0"
