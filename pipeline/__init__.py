"""bulletin miner: practices, slogans and metrics from organization-department bulletins.

Stages, each a subpackage, each importing only earlier ones:
ingest → normalize → parse → extract → catalog. ``Catalog`` is the library API.
"""
from importlib import import_module

from .records import (Article, Block, Bulletin, Document, Leader, Metric, ParsedDocument, Place, Practice,
                      Slogan)

_LAZY = {"Catalog": "catalog", "IngestReport": "catalog"}  # on first use: a command that needs no catalog
                                                             # (``bulletin --help``) does not load one


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Catalog", "IngestReport", "Article", "Block", "Bulletin", "Document", "Leader", "Metric",
           "ParsedDocument", "Place", "Practice", "Slogan"]
__version__ = "0.1.0"
