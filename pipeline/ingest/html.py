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


_NOT_TEXT = ("Comment", "Doctype", "CData", "ProcessingInstruction")


def _is_text(node) -> bool:
    """A string of the page's text: not a comment, doctype, CDATA or processing instruction."""
    return isinstance(node, NavigableString) and node.__class__.__name__ not in _NOT_TEXT


def _gone(tag: Tag) -> bool:
    """Whether a tag was decomposed. (Not ``tag.decomposed``: on a tag still in the tree, bs4 looks
    the missing attribute up as a child named "_decomposed", a search of the whole subtree.)"""
    return bool(vars(tag).get("_decomposed"))


def _link_stats(root: Tag) -> dict[int, tuple[int, int, int]]:
    """For every tag under ``root``, by id: the length of its stripped text, how many links it holds
    and the length of their text, as find_all("a") and get_text("", strip=True) would count them.
    One pass from the leaves up (tags in reverse document order), so a page of deeply nested
    containers costs time in proportion to its size, not to size times depth."""
    tags = [root] + [t for t in root.descendants if isinstance(t, Tag)]
    stats: dict[int, tuple[int, int, int]] = {}
    for tag in reversed(tags):
        text = links = linked = 0
        for child in tag.contents:
            if isinstance(child, Tag):
                t, n, k = stats[id(child)]
                text += t
                links += n + (child.name == "a")
                linked += k + (t if child.name == "a" else 0)
            elif _is_text(child):
                text += len(child.strip())
        stats[id(tag)] = (text, links, linked)
    return stats


def _is_link_list(stats: tuple[int, int, int]) -> bool:
    """A container that is a list of links: three or more, and nearly all of its text."""
    text, links, linked = stats
    return links >= LINK_LIST_MIN and text > 0 and linked >= LINK_LIST_SHARE * text


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
            if tag.name not in ("body", "html", "main", "article") and not _gone(tag):
                drop(tag, "navigation")
    # Lists of links the site puts beside or below the article (热点文章, 相关新闻, 专题 …) carry no
    # class that says so: a container whose text is nearly all link text, three links or more, is
    # one (link density, as content extractors judge it). Their titles would read as the text's own.
    stats = _link_stats(soup)
    for tag in soup.find_all(LINK_LIST_TAGS):
        if not _gone(tag) and _is_link_list(stats[id(tag)]):
            links = tag.find_all("a")
            # each title on record as a link of the page; the list's label (热点文章) as navigation
            titles = [a.get_text(" ", strip=True) for a in links]
            for a in links:
                a.decompose()
            drop(tag, "navigation")
            dropped += [Dropped(t, "related links", "ingest") for t in titles if t]
    root = soup.find("article") or soup.find("main") or soup.body or soup
    if root is not soup and soup.body is not None and root is not soup.body:
        inside = {id(t) for t in root.find_all(string=True)}
        outside = [t for t in soup.body.find_all(string=True) if t.strip() and id(t) not in inside]
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
    length = [0]  # of the text in ``current``, kept as it grows (summing it at each piece is quadratic)
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
        length[0] = 0
        bold.clear()
        state["kind"], state["level"] = "paragraph", None

    # Depth first without recursion (a page may nest tens of thousands of elements): a stack of the
    # open elements' child iterators, each with whether it is bold and whether it is a block.
    stack = [(iter(root.children), False, False)]
    while stack:
        children, in_bold, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
            continue
        if isinstance(child, NavigableString):
            if not _is_text(child):
                continue
            s = re.sub(r"\s+", " ", str(child))
            if not s.strip() and not current:
                continue
            start = length[0]
            current.append(s)
            length[0] += len(s)
            if in_bold and s.strip():
                bold.append((start, start + len(s)))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                flush()
                continue
            block = name in BLOCK_TAGS
            if block:
                flush()
                if re.fullmatch(r"h[1-6]", name):
                    state["kind"], state["level"] = "heading", int(name[1])
            stack.append((iter(child.children), in_bold or name in BOLD_TAGS, block))
    flush()
    return blocks
