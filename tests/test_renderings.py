"""Issue 8, item 9: the same extraction from the shapes real text reaches staff in.

Every article of the five seeds and one news item from each of 50 xwlb days is rendered, at test
time, as a saved web page, as traditional script with pinyin, as a PDF with a two-line title, as a
public account's repost (a saved page with captioned photos, and the same copied as text), as a page
titled only in its <title>, and as a portal's page with lists of links.
Each rendering must give the title, place, slogans with their parts, metrics and practice headings of
the clean text.
"""
import pytest

from .conftest import CORPORA, SEED_FILES
from .renderings import RENDERINGS, articles, extraction, plain

NEWS_DAYS = 50


@pytest.fixture(scope="module")
def items():
    out = [(p.name, t, x) for p in SEED_FILES for t, x in articles(p)]
    days = sorted((CORPORA / "xwlb").glob("*.md"))
    step = len(days) // NEWS_DAYS
    news = 0
    for day in days[::step]:
        stories = [(t, x) for t, x in articles(day) if len(x) > 150]
        if len(stories) > 1:
            out.append((day.name, *stories[1]))  # the first is often the day's headline summary
            news += 1
    assert news >= NEWS_DAYS, news
    return [(name, title, text, extraction(plain(title, text), "clean.txt")) for name, title, text in out]


@pytest.mark.parametrize("kind", list(RENDERINGS))
def test_rendering_gives_the_clean_extraction(items, kind):
    render, filename, seeded = RENDERINGS[kind]
    differences = []
    for n, (name, title, text, clean) in enumerate(items):
        got = extraction(render(title, text, n) if seeded else render(title, text), filename)
        for key in clean:
            if got[key] != clean[key]:
                differences.append((name, key, clean[key], got[key]))
    assert differences == []


def test_the_web_page_head_becomes_fields_and_navigation_is_dropped(items):
    from pipeline.process import process
    from pipeline.ingest import read_bytes

    from .renderings import web_page

    name, title, text, _ = items[0]
    parsed = process(read_bytes(web_page(title, text, 1), "page.html", "page.html"))
    page = parsed.page
    assert page.headline == parsed.articles[0].title
    assert page.site == "党建网" and page.author == "办公室" and page.views is not None
    assert page.date and page.date.startswith("2024-")
    assert page.byline and "记者" in page.byline
    assert page.channel and "首页" in page.channel and page.html_title
    assert [n[:3] for n in page.neighbours] == ["上一篇", "下一篇"]
    reasons = {d.text: d.reason for d in parsed.document.dropped}
    assert any("打印" in t for t in reasons) and set(reasons.values()) <= {"navigation", "boilerplate"}
    assert "上一篇" not in parsed.articles[0].text and "点击数" not in parsed.articles[0].text


def test_a_repost_head_and_foot_become_fields_and_its_other_posts_are_dropped(items):
    from pipeline.process import process
    from pipeline.ingest import read_bytes

    import random

    from .renderings import OTHER_POSTS, _repost_lines, repost_page, repost_text

    name, title, text, _ = items[0]
    for data, filename in ((repost_page(title, text, 2), "post.html"), (repost_text(title, text, 2), "post.txt")):
        parsed = process(read_bytes(data, filename, filename))
        page = parsed.page
        assert page.headline == parsed.articles[0].title
        assert page.site in ("清风组工", "先锋南湖", "红色引擎", "组工e家") and page.editor == "王小明"
        assert page.date and page.date.startswith("2024-")
        body = parsed.articles[0].text
        assert not any(t in body for t in OTHER_POSTS) and "发表于" not in body and "阅读原文" not in body
        assert not {s.text for s in parsed.slogans} & {"四个一", "三张清单", "五个到位", "三个覆盖"}
        # the other posts are kept as the page's links, like 上一篇/下一篇, with the list's label
        listed = _repost_lines(random.Random(2))[2]
        assert page.neighbours == [f"往期推荐：{t}" for t in listed]


def test_a_portal_pages_lists_of_links_are_its_links_not_its_text(items):
    from pipeline.process import process
    from pipeline.ingest import read_bytes

    from .renderings import OTHER_POSTS, portal_page

    name, title, text, clean = items[0]
    parsed = process(read_bytes(portal_page(title, text, 1), "page.html", "page.html"))
    body = parsed.articles[0].text
    assert parsed.articles[0].title == clean["title"]
    assert not any(t in body for t in OTHER_POSTS) and "热点文章" not in body
    assert len(parsed.page.neighbours) == 8 and set(parsed.page.neighbours) <= set(OTHER_POSTS)
    # the links inside the article's paragraphs stay where they are, words and all
    assert all(p.strip()[:4] in body for p in text.split("\n\n") if len(p.strip()) > 40)


@pytest.mark.parametrize("shape", ["headline said again in bold", "closing source line"])
def test_a_headline_said_twice_or_a_closing_source_line_changes_nothing(items, shape):
    """Posts repeat their headline in bold above the text; copied texts end with （来源：…）. Neither
    is a practice of the text (both were taken as practice headings)."""
    from .fixtures import _escape

    def render(title, text):
        if shape == "closing source line":
            return f"{title}\n\n{text}\n\n（来源：清风组工）\n".encode("utf-8")
        paragraphs = "".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        return (f"<html><body><h1>{_escape(title)}</h1><div>发布时间：2024-03-05 来源：组织部</div>"
                f"<p><strong>{_escape(title)}</strong></p>{paragraphs}</body></html>").encode("utf-8")

    seeds = [i for i in items if not i[0].endswith(".md")]
    differences = [(name, key) for name, title, text, clean in seeds
                   for key, value in extraction(render(title, text), "post.html" if "bold" in shape else "post.txt").items()
                   if value != clean[key]]
    assert differences == []
