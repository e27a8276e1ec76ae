"""Stage 3, parse: bulletin metadata (masthead, editor's note, footer), sections and articles."""
from __future__ import annotations

import bisect
from itertools import islice
import re
from dataclasses import replace

from ..ingest.errors import IngestError
from ..patterns import HAN
from ..records import Block, Document, Dropped, Page, ParsedDocument
from .articles import is_title_candidate, page_article, split_articles
from .bulletin import parse_distribution, parse_masthead
from .dates import date_only, programme_day
from .places import Gazetteer, gazetteer
from .page import claim_navigation, foot_lines, parse_page
from .practices import extract_practices


MIN_HAN = 5  # fewer Chinese characters than this (a LICENSE, a README in English) is not a document here
FEW_HAN = 20  # a text with fewer that yields no article is called too short, not "all dropped"


class NoArticle(IngestError):
    """The document was read but holds no article; the message says why."""

__all__ = ["parse", "Gazetteer", "gazetteer", "extract_practices"]


# A page's <title> is its headline and the site's name: 标题_某某网, 标题 | 某某网, 标题 - 某某网.
HEADLINE_MIN = 8  # characters: shorter window titles name a site or a channel
SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s).*$")


def _with_page_title(blocks: list[Block], document: Document) -> list[Block]:
    """A page whose body does not open with its headline (the site shows it in the window's title
    only) gets the headline from its <title>, the site's name cut off, as its first line."""
    titles = [d.text for d in document.dropped if d.reason == "page head"]
    if not titles or not blocks or document.site_title or is_title_candidate(blocks[0]):
        return blocks  # (a sharing site's page title is read otherwise: see split_articles)
    headline = SITE_SUFFIX.sub("", titles[0]).strip()
    if len(headline) < HEADLINE_MIN or blocks[0].text.startswith(headline):
        return blocks  # a label (组工信息, 新闻中心), not a headline; or the text opens with it
    return [Block(headline, kind="heading", level=1), *blocks]


def parse(document: Document) -> ParsedDocument:
    """Bulletin masthead and footer, or a page's head; then sections, articles and practices.

    A document that yields no article raises :class:`NoArticle` with the reason.
    """
    blocks = document.blocks
    # Counted up to FEW_HAN, enough for the reasons below; never a list of every character.
    han = sum(1 for _ in islice(HAN.finditer(document.text), FEW_HAN))
    if han < MIN_HAN:
        raise NoArticle(f"no article: {han} Chinese character(s) in the text; not a bulletin, page or report")
    dropped: list[Dropped] = []
    programme = programme_day(blocks[0].text) if blocks else None
    # A broadcast's transcript is a day of news items, not a bulletin: its numbered summary lines
    # (7.第133届广交会…) are no masthead.
    bulletin, start = (None, 0) if programme else parse_masthead(blocks)
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
        blocks = _with_page_title(blocks, document)
        html_title = next((d.text for d in document.dropped if d.reason == "page head"), None)
        page, body_at, foot = parse_page(blocks, html_title)
        if page is not None:
            document = replace(document, dropped=claim_navigation(page, document.dropped))
            body = [b for i, b in enumerate(blocks[body_at:], start=body_at) if i not in foot]
            articles = page_article(page, body, news=bool(programme))
        else:
            # 来源：… or （来源：…） closing a text with no head: where it came from, not its last paragraph
            end = (foot_lines(blocks, 1, kinds=("field",), most=None) or [len(blocks)])[0]
            dropped += [Dropped(b.text, "source line", "parse") for b in blocks[end:]]
            articles = split_articles(blocks, 0, end, None, document.site_title, dropped, news=bool(programme))
            if programme:  # a broadcast's transcript names its programme: where its items come from
                page = Page(site=programme[0], date=programme[1], header=[blocks[0].text])
    if not articles:
        raise NoArticle(_no_article_reason(han, document, dropped))
    _date(articles, bulletin.date if bulletin else page.date if page else programme[1] if programme else None)
    for article in articles:
        article.practices = extract_practices(article)
    contents, front, dropped = _document_fields(articles, dropped)
    return ParsedDocument(document=document, bulletin=bulletin, articles=articles, page=page,
                          contents=contents, front=front, dropped=[replace(d, stage="parse") for d in dropped])


def _date(articles, document_date: str | None) -> None:
    """Each article's date: a date on a line of its own under its title, else the document's (the
    issue's, the page's 发布时间, the transcript's day)."""
    for article in articles:
        first = article.blocks[0].text if article.blocks else ""
        article.date = (date_only(first) if len(first) <= 30 else None) or document_date


def _document_fields(articles, dropped: list[Dropped]) -> tuple[list[str], list[str], list[Dropped]]:
    """Contents lines, titles with no text under them (the outline of a document, such as a news
    programme's headlines whose transcript is missing) and lines before the first article are
    fields of the document; a line before the first article that names a later article's title is
    a line of its contents (a summary of headlines: 1.李强会见…；). What remains is dropped."""
    titles = sorted(t for t in (re.sub(r"\s+", "", a.title) for a in articles) if len(t) >= 4)

    def names_a_title(line: str) -> bool:
        # the line is a title, or the start of one (10.央视快评： for 央视快评：续写…), or a title and more
        i = bisect.bisect_left(titles, line)
        return i < len(titles) and titles[i].startswith(line) or i > 0 and line.startswith(titles[i - 1])

    contents, front, rest = [], [], []
    for d in dropped:
        line = re.sub(r"\s+", "", re.sub(r"^\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])\s*|[；;。：:]$", "", d.text))
        if d.reason in ("contents", "title without text", "section heading") or \
                d.reason == "before the first article" and line and names_a_title(line):
            contents.append(d.text)
        elif d.reason == "before the first article":
            front.append(d.text)
        else:
            rest.append(d)
    return contents, front, rest


def _no_article_reason(han: int, document: Document, dropped: list[Dropped]) -> str:
    if han < FEW_HAN:
        return f"no article: {han} Chinese character(s) in the text; not a bulletin, page or report"
    if dropped or document.dropped:
        reasons = sorted({d.reason for d in dropped + document.dropped})
        return f"no article: everything was dropped ({', '.join(reasons)})"
    return "no article: no title with text under it was found"
