"""HTML pages: the main text as blocks; scripts, styles and navigation dropped."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from ..records import Block, Dropped
from .decode import decode_bytes

DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
        "svg", "button", "select", "template", "head"]
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre",
              "blockquote", "section", "article", "tr", "dd", "dt", "center"}
BOLD_TAGS = {"b", "strong"}
_NAV_CLASS = re.compile(r"\b(nav|menu|breadcrumb|sidebar|footer|header|share|comment|copyright|toolbar)\b", re.I)


LINK_LIST_TAGS = ["ul", "ol", "dl", "div", "section", "table", "td", "aside"]
LINK_LIST_MIN = 3  # links
LINK_LIST_SHARE = 0.8  # of the container's text


def _link_list(tag: Tag) -> list[Tag]:
    """The links of a container that is a list of links, else []."""
    links = tag.find_all("a")
    if len(links) < LINK_LIST_MIN:
        return []
    text = len(tag.get_text("", strip=True))
    linked = sum(len(a.get_text("", strip=True)) for a in links)
    return links if text > 0 and linked >= LINK_LIST_SHARE * text else []


def _charset_from_meta(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def read_html(data: bytes) -> tuple[list[Block], str, list[Dropped]]:
    """Blocks of the page's main text, the encoding, and the page furniture left out (kept on record)."""
    declared = _charset_from_meta(data)
    text = None
    encoding = None
    if declared:
        try:
            text = data.decode({"gbk": "gb18030", "gb2312": "gb18030"}.get(declared, declared))
            encoding = declared
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_bytes(data)
    soup = BeautifulSoup(text, "lxml")
    dropped: list[Dropped] = []

    def drop(tag: Tag, reason: str) -> None:
        words = tag.get_text(" ", strip=True) if tag.name not in ("script", "style", "template", "svg") else ""
        if words:
            dropped.append(Dropped(words, reason, "ingest"))
        tag.decompose()

    for tag in soup(DROP):
        drop(tag, "page head" if tag.name == "head" else "navigation")
    for attr in ("class", "id"):
        for tag in soup.find_all(attrs={attr: _NAV_CLASS}):
            if tag.name not in ("body", "html", "main", "article") and not tag.decomposed:
                drop(tag, "navigation")
    # Lists of links the site puts beside or below the article (热点文章, 相关新闻, 专题 …) carry no
    # class that says so: a container whose text is nearly all link text, three links or more, is
    # one (link density, as content extractors judge it). Their titles would read as the text's own.
    for tag in soup.find_all(LINK_LIST_TAGS):
        links = [] if tag.decomposed else _link_list(tag)
        if links:
            # each title on record as a link of the page; the list's label (热点文章) as navigation
            titles = [a.get_text(" ", strip=True) for a in links]
            for a in links:
                a.decompose()
            drop(tag, "navigation")
            dropped += [Dropped(t, "related links", "ingest") for t in titles if t]
    root = soup.find("article") or soup.find("main") or soup.body or soup
    if root is not soup and soup.body is not None and root is not soup.body:
        outside = [t for t in soup.body.find_all(string=True) if t.strip() and root not in t.parents]
        if outside:
            dropped.append(Dropped(" ".join(t.strip() for t in outside), "outside the article", "ingest"))
    return html_blocks(root), encoding, dropped


def read_html_fragment(fragment: str) -> list[Block]:
    """Blocks of a piece of HTML inside a text file: "<p><strong>央视网消息</strong>…</p><p>…"."""
    return html_blocks(BeautifulSoup(fragment, "html.parser"))


def html_blocks(root: Tag) -> list[Block]:
    """The blocks under an element: block tags and <br> break them, <b> and <strong> are bold."""
    blocks: list[Block] = []
    current: list[str] = []
    bold: list[tuple[int, int]] = []
    state = {"kind": "paragraph", "level": None}

    def flush():
        joined = "".join(current)
        stripped = joined.strip()
        if stripped:
            shift = len(joined) - len(joined.lstrip())
            spans = [(max(0, a - shift), min(len(stripped), b - shift)) for a, b in bold]
            blocks.append(Block(stripped, kind=state["kind"], level=state["level"],
                                bold=[(a, b) for a, b in spans if b > a]))
        current.clear()
        bold.clear()
        state["kind"], state["level"] = "paragraph", None

    def walk(node: Tag, in_bold: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "CData", "ProcessingInstruction"):
                    continue
                s = re.sub(r"\s+", " ", str(child))
                if not s.strip() and not current:
                    continue
                start = sum(len(c) for c in current)
                current.append(s)
                if in_bold and s.strip():
                    bold.append((start, start + len(s)))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    flush()
                    continue
                is_block = name in BLOCK_TAGS
                if is_block:
                    flush()
                    if re.fullmatch(r"h[1-6]", name):
                        state["kind"], state["level"] = "heading", int(name[1])
                walk(child, in_bold or name in BOLD_TAGS)
                if is_block:
                    flush()

    walk(root, False)
    flush()
    return blocks
