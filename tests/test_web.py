"""The local web page (issue 10): pages and API over a read-only catalog, escaping, CSP, loopback;
and in a real browser (Playwright driving Debian's chromium): search, facet, practice, basket, .docx."""
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import bulletin_cli
from .test_search import own_and_seeds

# A document whose text holds markup: the page must show it as text, never run or render it.
HOSTILE = """杭州市拱墅区推行“<script>alert('x')</script>”工作法

拱墅区在社区治理中探索<b>加粗</b>与<img src=x onerror=alert(1)>等做法。

一、党员包干到户
每名党员联系15户居民，<i>每周</i>走访一次。
"""


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    folder = own_and_seeds(tmp / "inbox")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp / "c.db"
    result = bulletin_cli("ingest", folder, "-c", db)
    assert result.returncode == 0, result.stdout + result.stderr
    return db


@pytest.fixture(scope="module")
def client(catalog_path):
    from fastapi.testclient import TestClient

    from pipeline.web import create_app

    return TestClient(create_app(catalog_path), base_url="http://127.0.0.1")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pages_answer_with_a_content_security_policy(client):
    for url in ("/", "/?q=党员", "/slogans", "/metrics", "/metrics?sort=value&order=asc", "/basket",
                "/api/search?q=党员", "/api/slogans", "/api/metrics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert "script-src" not in response.headers["content-security-policy"]  # no script may run


def test_document_markup_is_shown_as_text(client):
    page = client.get("/", params={"q": "包干到户"}).text
    assert "党员包干到户" in page
    practice_id = client.get("/api/search", params={"q": "包干到户"}).json()["results"][0]["id"]
    detail = client.get(f"/practice/{practice_id}").text
    for raw in ("<script>alert", "<b>加粗</b>", "<img src=x", "<i>每周</i>"):
        assert raw not in page and raw not in detail
    # the normalizer drops inline tags from the text, but the title keeps its markup as written
    assert "<script>alert('x')</script>" in client.get(f"/api/practice/{practice_id}").json()["article"]["title"]
    assert "&lt;script&gt;alert(" in detail


def test_search_page_has_facets_highlights_and_the_api_mirrors_it(client):
    page = client.get("/", params={"q": "书记项目 督查"}).text
    assert "<mark>" in page and 'data-facet="theme"' in page and 'data-facet="province"' in page
    api = client.get("/api/search", params={"q": "书记项目 督查"}).json()
    assert api["results"] and {"theme", "province", "city", "year", "publication", "section"} <= set(api["facets"])
    for r in api["results"][:5]:
        assert r["heading"] in page
    province, count = api["facets"]["province"][0]
    narrowed = client.get("/api/search", params={"q": "书记项目 督查", "province": province, "limit": 200}).json()
    assert len(narrowed["results"]) <= count and {r["province"] for r in narrowed["results"]} == {province}


def test_catalog_is_opened_read_only(catalog_path, client):
    before = _digest(catalog_path)
    client.get("/", params={"q": "党员"})
    client.get("/basket/add/1", follow_redirects=False)
    assert _digest(catalog_path) == before


def test_basket_downloads_a_docx_without_the_home_city(client, tmp_path):
    from docx import Document

    client.cookies.clear()
    hits = client.get("/api/search", params={"q": "党员", "limit": 50}).json()["results"]
    ids = [r["id"] for r in hits if r["city"] != "杭州市"][:2] + [r["id"] for r in hits if r["city"] == "杭州市"][:1]
    for i in ids:
        assert client.get(f"/basket/add/{i}", follow_redirects=False).status_code == 303
    response = client.get("/basket/digest.docx", params={"home": "杭州"})
    assert response.status_code == 200
    out = tmp_path / "d.docx"
    out.write_bytes(response.content)
    items = [p for p in Document(out).paragraphs if p.style.name == "Digest Item"]
    assert 1 <= len(items) <= 2 and not any("杭州" in p.text or "西湖" in p.text or "拱墅" in p.text for p in items)
    assert client.get("/basket/add/1?back=//elsewhere.example", follow_redirects=False).headers["location"] == "/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _serve(catalog_path):
    """`bulletin serve` on a free port, as a user starts it; yields (url, port)."""
    port = _free_port()
    exe = Path(sys.executable).with_name("bulletin")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "-c", str(catalog_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + proc.stderr.read().decode())
    yield f"http://127.0.0.1:{port}", port
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def server(catalog_path):
    yield from _serve(catalog_path)


def test_server_listens_on_loopback_only_without_host(server):
    url, port = server
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    outside = _outside_address()
    if outside is None:
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(OSError):
        socket.create_connection((outside, port), timeout=1).close()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM} (make test installs it)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def test_in_a_browser_search_facet_practice_basket_download(server, browser, tmp_path):
    url, _ = server
    page = browser.new_page(accept_downloads=True)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.fill("input[name=q]", "党员 管理")
    page.click("form.search button")
    page.wait_for_selector("article.result")
    assert page.locator("article.result mark").count() > 0
    before = page.locator("article.result").count()
    page.locator("section.facet[data-facet=province] a").first.click()
    page.wait_for_selector("p.active")
    after = page.locator("article.result").count()
    assert 0 < after <= before
    page.locator("article.result h2 a").first.click()
    page.wait_for_selector("article.practice h1")
    heading = page.inner_text("article.practice h1")
    page.click("a.add")
    page.goto(url + "/?q=集体经济")
    page.locator("article.result a.add").first.click()
    page.goto(url + "/basket")
    assert page.locator("ol.basket li").count() == 2
    assert heading in page.inner_text("ol.basket")
    with page.expect_download() as info:
        page.click("#download")
    target = tmp_path / "digest.docx"
    info.value.save_as(target)
    from docx import Document

    items = [p for p in Document(target).paragraphs if p.style.name == "Digest Item"]
    assert 1 <= len(items) <= 2  # two practices, one item per article
    page.screenshot(path=str(tmp_path / "basket.png"))
    assert dialogs == []


def test_in_a_browser_document_markup_stays_text(server, browser):
    url, _ = server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/?q=包干到户")
    page.locator("article.result h2 a").first.click()
    page.wait_for_selector("article.practice h1")
    body = page.inner_text("body")
    assert "<script>alert('x')</script>" in body  # shown as text
    assert page.locator("article.practice script, article.practice img, article.practice b").count() == 0
    assert dialogs == []


# -- hardening (issue 22, point 14) ------------------------------------------------------------------
def test_ids_past_sqlite_integers_are_not_found_and_a_huge_basket_id_is_ignored(client):
    huge = str(2 ** 64)
    for url in (f"/practice/{huge}", f"/api/practice/{huge}", f"/basket/add/{huge}", f"/original/{huge}",
                "/practice/0", "/practice/-5"):
        assert client.get(url, follow_redirects=False).status_code == 404, url
    client.cookies.set("basket", f"1,{huge},{'9' * 40}")
    for url in ("/basket", "/basket/practices.xlsx", "/basket/digest.docx", "/"):
        assert client.get(url).status_code == 200, url
    client.cookies.clear()


def test_limits_are_clamped(client):
    everything = client.get("/api/search", params={"q": "", "limit": 200}).json()
    for limit in (-1, 0, 10 ** 6):
        got = client.get("/api/search", params={"q": "", "limit": limit}).json()
        assert 1 <= len(got["results"]) <= 200 and len(got["results"]) <= len(everything["results"]), limit
    assert client.get("/", params={"page": -3}).status_code == 200


def test_only_this_servers_own_names_are_answered(catalog_path):
    """A page on another site that points its own name at 127.0.0.1 (DNS rebinding) sends that name
    as the Host header: refused."""
    from fastapi.testclient import TestClient

    from pipeline.web import create_app

    app = create_app(catalog_path, host="127.0.0.1")
    for host, status in (("attacker.example", 400), ("attacker.example:8000", 400), ("127.0.0.1.nip.io", 400),
                         ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("localhost", 200), ("[::1]:8000", 200)):
        assert TestClient(app, base_url=f"http://{host}").get("/").status_code == status, host
    bound = create_app(catalog_path, host="192.0.2.7")  # bound to one outside address: it and localhost
    assert TestClient(bound, base_url="http://192.0.2.7:8000").get("/").status_code == 200
    assert TestClient(bound, base_url="http://10.9.9.9:8000").get("/").status_code == 400


def test_a_digest_download_leaves_nothing_in_the_temporary_folder(client):
    import tempfile

    folder = Path(tempfile.gettempdir())
    before = set(folder.iterdir())
    hits = client.get("/api/search", params={"q": "党员", "limit": 3}).json()["results"]
    client.cookies.clear()
    for r in hits:
        client.get(f"/basket/add/{r['id']}", follow_redirects=False)
    response = client.get("/basket/digest.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not [p for p in set(folder.iterdir()) - before if p.name.startswith("digest")]
    client.cookies.clear()


def test_the_page_says_what_matched_nothing_and_shows_related_ones_apart(client):
    """Issue 20: a query word no practice holds is said on the page and in the API, as on the command
    line; so is one that practices hold but none within the filters; practices that hold only a
    relative of the words follow under their own heading, outside the count."""
    api = client.get("/api/search", params={"q": "征迁 党员"}).json()
    assert api["unmatched"] == ["征迁"] and any("no practice mentions 征迁" in n for n in api["notes"])
    page = client.get("/", params={"q": "征迁 党员"}).text
    assert '<p class="note" role="note">没有做法提到“征迁”。以下是含“党员”的结果。</p>' in page

    filtered = client.get("/api/search", params={"q": "包干", "province": "安徽"}).json()  # only in 浙江
    assert filtered["absent"] == ["包干"] and filtered["unmatched"] == []
    assert "筛选范围内没有做法提到“包干”" in client.get("/", params={"q": "包干", "province": "安徽"}).text

    related = client.get("/api/search", params={"q": "征迁", "limit": 50}).json()
    assert related["results"] and all(r["related"] for r in related["results"])  # none holds 征迁 itself
    page = client.get("/", params={"q": "征迁", "limit": 50}).text
    assert page.count('<h2 class="related" id="related">') == 1
    assert "共 <strong id=\"total\">0</strong> 条做法</p>" in page  # the related ones are not counted


def test_the_metrics_page_shows_a_range_whole(client):
    """A range (联系5-10户) is shown with its upper end, as the practice page shows it."""
    rows = client.get("/api/metrics").json()
    ranges = [m for m in rows if m.get("value_high")]
    assert ranges
    page = client.get("/metrics").text
    from pipeline.amounts import amount

    m = ranges[0]
    assert f'{amount(m["value"])}–{amount(m["value_high"], m["unit"])}</td>' in page


def test_the_slogan_list_comes_in_pages(client, monkeypatch):
    """A catalog's slogans run to a thousand: the list is shown a page at a time, with its total."""
    import pipeline.web.app as web

    monkeypatch.setattr(web, "SLOGANS_PER_PAGE", 3)
    total = len(client.get("/api/slogans").json())
    assert total > 3
    first = client.get("/slogans").text
    assert first.count("<tr><td>“") == 3 and f"共 {total:,} 条，第 1–3 条" in first and 'rel="next"' in first
    last = client.get("/slogans", params={"page": 10_000}).text  # past the end: the last page
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_a_filter_that_names_nothing_is_said_in_chinese_on_the_page(client):
    """The command line says it in English; the page in its own language, the API as the CLI does."""
    page = client.get("/", params={"q": "党员", "since": "2025-13"})
    assert page.status_code == 400 and "日期“2025-13”不存在" in page.text
    page = client.get("/", params={"q": "党员", "theme": "火星探测"})
    assert page.status_code == 400 and "没有“火星探测”这个主题" in page.text
    assert "impossible date" in client.get("/api/search", params={"q": "党员", "since": "2025-13"}).json()["detail"]


def test_the_api_gives_ids_as_integers(client):
    rows = client.get("/api/search", params={"q": "党员", "limit": 50}).json()["results"]
    assert rows and any(r["parent_id"] is not None for r in rows)
    assert all(isinstance(r[k], int) for r in rows for k in ("id", "article_id", "parent_id") if r[k] is not None)


def test_the_metrics_page_sorts_every_metric_and_comes_in_pages(client, catalog_path, monkeypatch):
    """Sorted over every metric that passes the filters (not the first few read), a page at a time."""
    import pipeline.web.app as web
    from pipeline import Catalog

    monkeypatch.setattr(web, "METRICS_PER_PAGE", 5)
    with Catalog(catalog_path, readonly=True) as cat:
        every = cat.find_metrics()
        top = cat.find_metrics(sort="value", limit=5)
    assert list(top["value"]) == sorted(every["value"].dropna(), reverse=True)[:5]
    page = client.get("/metrics").text
    assert f"共 {len(every):,} 条，第 1–5 条" in page and 'rel="next"' in page
    second = client.get("/metrics", params={"page": 2, "sort": "value", "order": "asc"}).text
    assert "第 6–10 条" in second and 'rel="prev"' in second
