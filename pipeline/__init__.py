"""bulletin miner: practices, slogans and metrics from organization-department bulletins.

Stages, each a subpackage, each importing only earlier ones:
ingest → normalize → parse → extract → catalog. ``Catalog`` is the library API.
"""
from .catalog import Catalog, IngestReport
from .records import (Article, Block, Bulletin, Document, Leader, Metric, ParsedDocument, Place, Practice,
                      Slogan)

__all__ = ["Catalog", "IngestReport", "Article", "Block", "Bulletin", "Document", "Leader", "Metric",
           "ParsedDocument", "Place", "Practice", "Slogan"]
__version__ = "0.1.0"
