"""Stage 3, parse: bulletin metadata (masthead, editor's note, footer), sections and articles."""
from __future__ import annotations

from dataclasses import replace

from ..ingest.errors import IngestError
from ..records import Document, Dropped, ParsedDocument
from .articles import page_article, split_articles
from .bulletin import parse_distribution, parse_masthead
from .places import Gazetteer, gazetteer
from .page import parse_page
from .practices import extract_practices


MIN_HAN = 5  # fewer Chinese characters than this (a LICENSE, a README in English) is not a document here


class NoArticle(IngestError):
    """The document was read but holds no article; the message says why."""

__all__ = ["parse", "Gazetteer", "gazetteer", "extract_practices"]


def parse(document: Document) -> ParsedDocument:
    """Bulletin masthead and footer, or a page's head; then sections, articles and practices.

    A document that yields no article raises :class:`NoArticle` with the reason.
    """
    blocks = document.blocks
    han = sum("\u4e00" <= c <= "\u9fff" for c in document.text)
    if han < MIN_HAN:
        raise NoArticle(f"no article: {han} Chinese character(s) in the text; not a bulletin, page or report")
    dropped: list[Dropped] = []
    bulletin, start = parse_masthead(blocks)
    end = len(blocks)
    page = None
    if bulletin is not None:
        distribution, footer_at = parse_distribution(blocks)
        bulletin.distribution = distribution
        bulletin.header = [b.text for b in blocks[:start]]
        if footer_at is not None:
            end = footer_at
            bulletin.footer = [b.text for b in blocks[footer_at:]]
        articles = split_articles(blocks, start, end, bulletin.region, document.site_title, dropped)
    else:
        page, body_at, foot = parse_page(blocks)
        if page is not None:
            body = [b for i, b in enumerate(blocks[body_at:], start=body_at) if i not in foot]
            articles = page_article(page, body)
        else:
            articles = split_articles(blocks, 0, end, None, document.site_title, dropped)
    if not articles:
        raise NoArticle(_no_article_reason(document, dropped))
    for article in articles:
        article.practices = extract_practices(article)
    return ParsedDocument(document=document, bulletin=bulletin, articles=articles, page=page,
                          dropped=[replace(d, stage="parse") for d in dropped])


def _no_article_reason(document: Document, dropped: list[Dropped]) -> str:
    han = sum("\u4e00" <= c <= "\u9fff" for c in document.text)
    if han < 20:
        return f"no article: {han} Chinese character(s) in the text; not a bulletin, page or report"
    if dropped or document.dropped:
        reasons = sorted({d.reason for d in dropped + document.dropped})
        return f"no article: everything was dropped ({', '.join(reasons)})"
    return "no article: no title with text under it was found"
