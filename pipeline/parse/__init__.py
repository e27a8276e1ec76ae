"""Stage 3, parse: bulletin metadata (masthead, editor's note, footer), sections and articles."""
from __future__ import annotations

from ..records import Document, ParsedDocument
from .articles import split_articles
from .bulletin import parse_distribution, parse_masthead
from .places import Gazetteer, gazetteer
from .practices import extract_practices

__all__ = ["parse", "Gazetteer", "gazetteer", "extract_practices"]


def parse(document: Document) -> ParsedDocument:
    blocks = document.blocks
    bulletin, start = parse_masthead(blocks)
    end = len(blocks)
    if bulletin is not None:
        distribution, footer_at = parse_distribution(blocks)
        bulletin.distribution = distribution
        if footer_at is not None:
            end = footer_at
    region = bulletin.region if bulletin else None
    articles = split_articles(blocks, start, end, region, document.site_title)
    for article in articles:
        article.practices = extract_practices(article)
    return ParsedDocument(document=document, bulletin=bulletin, articles=articles)
