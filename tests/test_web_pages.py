"""The web page as staff work in it (issue 21), in Chromium through Playwright, on the real catalog of
the government reports and 100 news days: every filter in the form, the total with paging, facets
over all matches, the basket returning to the same page, a practice's own facts and its original,
numbers as people write them, the basket exported, reordered and emptied; Chinese glyphs drawn."""
import os
import re
import tempfile
from pathlib import Path

import pytest

from .test_web import CHROMIUM, _serve, browser  # noqa: F401  (the browser fixture)


@pytest.fixture(scope="module")
def site(real_catalog):
    yield from _serve(real_catalog)


@pytest.fixture
def page(site, browser):  # noqa: F811
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    p = context.new_page()
    dialogs = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield p
    assert dialogs == []
    context.close()


def _total(page) -> int:
    return int(page.inner_text("#total").replace(",", ""))


def _api(pw, url: str, path: str, **params) -> dict:
    from urllib.parse import urlencode

    return pw.request.get(url + path + "?" + urlencode(params)).json()


def _params(address: str) -> dict:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(address).query)


def test_the_form_has_every_filter_of_the_command_line(site, page):
    from pipeline.cli import FilterOpts

    url, _ = site
    page.goto(url + "/")
    page.click("details.filters summary")
    for name in FilterOpts:
        assert page.locator(f"form.search [name={name}]").count() == 1, name
    themes = page.locator("select[name=theme] option").all_inner_texts()
    assert "干部队伍与人才" in themes
    page.fill("input[name=q]", "人才")
    page.fill("input[name=exclude_city]", "北京")
    page.fill("input[name=since]", "2025-01-15")
    page.select_option("select[name=theme]", "干部队伍与人才")
    page.click("form.search button")
    page.wait_for_selector("p.active")
    assert "exclude_city=" in page.url and "since=2025-01-15" in page.url
    metas = page.locator("article.result p.meta").all_inner_texts()
    assert metas and not any(m.split(" · ")[0].startswith("北京") for m in metas)
    dates = [re.search(r"\d{4}-\d{2}-\d{2}", m)[0] for m in metas]
    assert min(dates) >= "2025-01-15"
    assert all("干部队伍与人才" in m for m in metas)
    # a date that cannot be is said to be wrong, not answered with nothing
    page.goto(url + "/?q=人才&since=2025-13-01")
    assert "日期“2025-13-01”不存在" in page.inner_text("p.error")  # in the page's language


def test_the_total_comes_with_paging(site, page):
    url, _ = site
    page.goto(url + "/?q=人才")
    total = _total(page)
    assert total == _api(page, url, "/api/search", q="人才")["total"] and total > 40
    first = page.locator("article.result h2 a").all_inner_texts()
    assert len(first) == 20 and "第 1–20 条" in page.inner_text("p.summary")
    page.click("nav.pages a[rel=next]")
    page.wait_for_url(re.compile(r"page=2"))
    second = page.locator("article.result h2 a").all_inner_texts()
    assert "第 21–40 条" in page.inner_text("p.summary") and _total(page) == total
    ids_1 = _api(page, url, "/api/search", q="人才", page=1)["results"]
    ids_2 = _api(page, url, "/api/search", q="人才", page=2)["results"]
    assert not {r["id"] for r in ids_1} & {r["id"] for r in ids_2}
    assert second == [r["heading"] for r in ids_2]
    page.click("nav.pages a[rel=prev]")
    assert page.locator("article.result h2 a").all_inner_texts() == first


def test_facets_count_every_match_and_show_more(site, page):
    url, _ = site
    page.goto(url + "/")
    total = _total(page)
    years = page.locator("section.facet[data-facet=year] li").all_inner_texts()
    assert sum(int(y.split()[-1].replace(",", "")) for y in years) <= total
    provinces = page.locator("section.facet[data-facet=province] li")
    assert provinces.count() == 12  # the first twelve …
    page.click("section.facet[data-facet=province] a.more")
    page.wait_for_url(re.compile(r"more=province"))
    assert page.locator("section.facet[data-facet=province] li").count() > 12  # … and the rest
    counted = sum(int(t.split()[-1].replace(",", "")) for t in
                  page.locator("section.facet[data-facet=province] li").all_inner_texts())
    assert counted <= total  # practices of no province are in no value
    # choosing a value shows as many practices as its count said, over all pages
    link = page.locator("section.facet[data-facet=province] li").nth(3)
    name, count = link.inner_text().rsplit(" ", 1)
    link.locator("a").click()
    page.wait_for_selector("p.active")
    assert _total(page) == int(count.replace(",", ""))
    assert {r["province"] for r in _api(page, url, "/api/search", province=name, limit=200)["results"]} == {name}


def test_adding_and_removing_return_to_the_same_results_page(site, page):
    url, _ = site
    page.goto(url + "/?q=人才&page=2&exclude_city=北京")
    before = _params(page.url)
    first = page.locator("article.result").first
    heading = first.locator("h2").inner_text()
    first.locator("a.add").click()
    page.wait_for_load_state()
    assert _params(page.url) == before
    assert "（1）" in page.inner_text("#basket-link")
    assert page.locator("article.result").first.locator("a.remove").count() == 1
    page.locator("article.result").first.locator("a.remove").click()
    page.wait_for_load_state()
    assert _params(page.url) == before and "（0）" in page.inner_text("#basket-link")
    assert page.locator("article.result").first.locator("h2").inner_text() == heading


def test_a_practice_page_shows_its_own_facts_and_downloads_the_original(site, page, real_catalog, tmp_path):
    from pipeline import Catalog

    url, _ = site
    with Catalog(real_catalog, readonly=True) as cat:  # a report's sub-heading with children of its own
        rows = cat.query("SELECT p.id FROM practices p JOIN sources s ON s.id = p.source_id WHERE s.format = 'docx'"
                         " AND p.parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM practices c WHERE c.parent_id = p.id)"
                         " ORDER BY p.id LIMIT 1")
        pid = int(rows["id"][0])
        detail = cat.practice_detail(pid)
        article = detail["article"]
        original = cat.original(cat.query("SELECT sha256 FROM sources WHERE id = ?", (article["source_id"],))["sha256"][0])
    assert len(detail["metrics"]) < len(article["metrics"])  # its own are fewer than the article's
    page.goto(url + f"/practice/{pid}")
    shown = page.locator("table.metrics tbody tr").count()
    assert shown == len(detail["metrics"])
    assert page.locator("ul.children li").all_inner_texts() == [c["heading"] for c in detail["children"]]
    slogans = page.locator("ul.slogans li").all_inner_texts()
    assert len(slogans) == len(detail["slogans"]) < len(article["slogans"])
    assert article["title"] in page.inner_text("div.context") and page.locator("p.trail a").count() >= 1
    with page.expect_download() as info:
        page.click("a.original")
    target = tmp_path / "original"
    info.value.save_as(target)
    assert target.read_bytes() == original and info.value.suggested_filename == article["source"]


def test_numbers_are_written_as_people_write_them(site, page):
    url, _ = site
    page.goto(url + "/metrics?unit=元&sort=value&order=desc")
    cells = page.locator("table.metrics td.num").all_inner_texts()
    assert cells and "亿元" in cells[0]
    assert not [c for c in cells if re.search(r"\d\.0\b|\d{5,}|e\+", c)], cells[:5]
    page.goto(url + "/metrics?sort=value&order=asc")
    cells = page.locator("table.metrics td.num").all_inner_texts()
    assert not [c for c in cells if re.search(r"\d\.0\b|\d{5,}|e\+", c)]
    from pipeline.web.app import amount

    assert (amount(28076000000.0, "元"), amount(3650.0, "户"), amount(0.5, "%"), amount(2024, "年")) == \
        ("280.76亿元", "3,650户", "0.5%", "2024年")


def test_the_basket_reorders_removes_and_exports_to_word_and_excel(site, page, tmp_path):
    import pandas as pd
    from docx import Document

    url, _ = site
    picks = []
    for query in ("人才 引进", "乡村振兴", "营商环境"):  # three practices from three reports
        hits = _api(page, url, "/api/search", q=query, limit=30)["results"]
        hit = next(h for h in hits if h["place"] not in [p["place"] for p in picks] and h["source"].endswith(".docx"))
        picks.append(hit)
        page.goto(url + f"/practice/{hit['id']}")
        page.click("a.add")
    page.goto(url + "/basket")
    order = lambda: [int(i) for i in page.locator("ol.basket li").evaluate_all("els => els.map(e => e.dataset.id)")]
    assert order() == [p["id"] for p in picks]
    page.locator("ol.basket li").nth(2).locator("a.up").click()  # the third one up
    page.wait_for_load_state()
    assert order() == [picks[0]["id"], picks[2]["id"], picks[1]["id"]]
    with page.expect_download() as info:
        page.click("#download")
    info.value.save_as(tmp_path / "d.docx")
    items = [p.text for p in Document(tmp_path / "d.docx").paragraphs if p.style.name == "Digest Item"]
    assert len(items) == 3
    for item, pick in zip(items, [picks[0], picks[2], picks[1]]):  # in the basket's order, each picked one in
        assert pick["heading"][:12] in item
    with page.expect_download() as info:
        page.click("#excel")
    info.value.save_as(tmp_path / "b.xlsx")
    sheet = pd.read_excel(tmp_path / "b.xlsx")
    assert list(sheet["做法编号"]) == [picks[0]["id"], picks[2]["id"], picks[1]["id"]]
    assert {"做法", "地方", "日期", "主题", "数字化概括", "数据"} <= set(sheet.columns)
    page.locator("ol.basket li").nth(0).locator("a.remove").click()
    page.wait_for_load_state()
    assert order() == [picks[2]["id"], picks[1]["id"]]


# -- Chinese glyphs, not boxes ------------------------------------------------------------------------
# Draws characters in the page's own font on a canvas and returns their pixels: a character the fonts
# cannot draw comes out as the same missing-glyph box as any other (U+10FFFD, a private-use code point
# no font draws, gives that box).
GLYPHS = """(chars) => {
  const family = getComputedStyle(document.querySelector('main')).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d');
  return chars.map(ch => {
    g.clearRect(0, 0, 64, 64);
    g.font = '48px ' + family;
    g.fillText(ch, 4, 52);
    return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
  });
}"""


def _drawn_as_boxes(page) -> bool:
    jing, yan, missing = page.evaluate(GLYPHS, ["经", "验", "\U0010fffd"])
    return jing == yan or jing == missing


def test_chinese_is_drawn_in_glyphs_not_boxes(site, page):
    url, _ = site
    page.goto(url + "/?q=人才")
    assert not _drawn_as_boxes(page)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '经验')")


def test_the_box_check_sees_boxes_where_no_chinese_font_is_installed(site, browser, tmp_path):  # noqa: F811
    """The check above can fail: Chromium given only the fonts that draw no Chinese draws boxes."""
    latin = [d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation2") if os.path.isdir(d)]
    if not latin:
        pytest.skip("no Latin-only font folder to offer Chromium")
    config = tmp_path / "fonts.conf"
    config.write_text("<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
                      + "".join(f"<dir>{d}</dir>" for d in latin)
                      + f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    url, _ = site
    latin_only = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"],
                                             env={**os.environ, "FONTCONFIG_FILE": str(config)})
    try:
        page = latin_only.new_page()
        page.goto(url + "/?q=人才")
        assert _drawn_as_boxes(page)
    finally:
        latin_only.close()
