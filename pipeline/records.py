"""Typed records passed one way through the stages: ingest → normalize → parse → extract → catalog.

Each stage takes records of the stage before it and returns new ones; no stage reaches forward.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """One paragraph-like unit of a document, with its emphasis.

    ``bold`` holds character spans of ``text`` that were bold (docx runs, PDF fonts,
    HTML <b>, markdown ``**``); ``kind`` is ``paragraph``, ``heading`` or ``table``.
    """

    text: str
    kind: str = "paragraph"
    level: int | None = None
    bold: list[tuple[int, int]] = field(default_factory=list)

    def bold_prefix(self) -> str:
        """The bold run that opens the block (a run-in heading), if any."""
        for start, end in self.bold:
            if self.text[:start].strip() == "":
                return self.text[start:end]
        return ""


@dataclass
class SourceFile:
    """The identity of one input file: its bytes' SHA-256, its name and detected format."""

    sha256: str
    name: str
    path: str
    format: str
    size: int


@dataclass
class RawDocument:
    """What a reader returns: the file's identity and its text as blocks."""

    source: SourceFile
    blocks: list[Block]
    encoding: str | None = None
    data: bytes = field(default=b"", repr=False)
    dropped: list["Dropped"] = field(default_factory=list)  # what the reader left out (a page's menus)


@dataclass
class Dropped:
    """Text a stage left out of titles, texts and fields, kept on record with the reason."""

    text: str
    reason: str  # boilerplate | navigation | related links | table of contents | title without text | …
    stage: str = "normalize"


@dataclass
class Document:
    """A normalized document: simplified script, site debris removed, paragraphs rejoined."""

    source: SourceFile
    blocks: list[Block]
    script: str = "simplified"  # script of the original: simplified | traditional | mixed
    encoding: str | None = None
    original_text: str = ""
    site_title: str | None = None  # title a document-sharing site gave the page, if any
    site_notices: list[str] = field(default_factory=list)  # what the site says of the document (版权说明 …)
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


@dataclass
class Place:
    name: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    adcode: str | None = None
    former: str | None = None  # the name before a renaming (潜山县 for 潜山市), kept where the text used it


@dataclass
class EditorNote:
    text: str
    date: str | None = None
    by: str | None = None
    title: str | None = None
    instruction: str | None = None


@dataclass
class Bulletin:
    publication: str | None = None
    issuer: str | None = None
    issue: int | None = None
    total_issue: int | None = None
    date: str | None = None
    region: Place | None = None
    editor_note: EditorNote | None = None
    distribution: dict[str, list[str]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # the masthead's lines as written
    footer: list[str] = field(default_factory=list)  # the distribution footer's lines as written


@dataclass
class Page:
    """The head of a page saved from a web site or a repost, or of a report: what it says about itself.

    ``header`` keeps every line recognised as part of the head, as written, so nothing is lost.
    """

    headline: str | None = None
    original_title: str | None = None  # 原标题：
    site: str | None = None  # 来源：
    date: str | None = None  # publication date, ISO
    author: str | None = None
    editor: str | None = None
    byline: str | None = None  # 记者 … / 通讯员 … / 省长 王予波
    dateline: str | None = None  # ——2025年1月18日在…会议上 / 新华社杭州3月2日电
    views: int | None = None
    channel: str | None = None  # where the site files it: 首页 > 新闻中心 > 正文
    neighbours: list[str] = field(default_factory=list)  # 上一篇：… 下一篇：…, 往期推荐：…, as the page lists them
    html_title: str | None = None  # the page's <title>
    header: list[str] = field(default_factory=list)


@dataclass
class Practice:
    """One practice (做法) of an article: its heading without the enumerator, and its own text."""

    heading: str
    body: str
    level: int
    order: int
    parent: int | None = None  # index of the parent in the article's practice list
    enumerator: str = ""  # marker class the heading opened with (cn_dun, shi, di, runin …)
    # set by the themes stage: one or two (theme, score), best first; the nearest cluster
    themes: list[tuple[str, float]] = field(default_factory=list)
    cluster: int | None = None
    cluster_distance: float | None = None


@dataclass
class Slogan:
    """A numbered formula (数字化概括) and what it stands for.

    ``count`` is the number the formula declares (None where its shape does not declare one: 1+N+X,
    三会一课); ``components`` its parts where the text gives them; ``expansion`` says where they stood
    (after 即, before the slogan, in a list after it, in the headings that follow);
    ``count_mismatch`` flags components that do not add up to the count. ``occurrences`` are
    (article, start, end) character offsets into each article's text.
    """

    text: str
    count: int | None
    components: list[str] | None
    start: int
    end: int
    article: int | None = None
    count_mismatch: bool = False
    expansion: str | None = None
    quoted: bool = False
    occurrences: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class Metric:
    text: str
    value: float | tuple[float, float]
    unit: str
    qualifier: str | None
    about: str
    start: int
    end: int
    article: int | None = None
    written: str = "arabic"  # arabic | chinese: how the number is written


@dataclass
class Leader:
    """A leader named with a title: in an editor's note (``article`` None) or an article."""

    name: str
    title: str
    start: int
    end: int
    article: int | None = None
    context: str = ""


@dataclass
class Article:
    seq: int
    title: str
    kind: str = "experience"  # experience | speech | news
    section: str | None = None
    place: Place | None = None
    speaker: str | None = None
    date: str | None = None  # ISO: the issue's, the page's or the transcript's date, or a date under its title
    blocks: list[Block] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


@dataclass
class ParsedDocument:
    document: Document
    bulletin: Bulletin | None
    articles: list[Article]
    page: Page | None = None
    # Fields of the document as a whole: its table of contents (or a summary of its headlines) and
    # the text before its first article that belongs to none (a programme's opening line).
    contents: list[str] = field(default_factory=list)
    front: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)  # the parse stage's, after the document's
    slogans: list[Slogan] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
