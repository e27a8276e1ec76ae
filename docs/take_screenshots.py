"""Screenshots of the web page and two pages of a digest, for the README, taken on a real catalog.

    python docs/take_screenshots.py CATALOG PRACTICE_ID [BASKET_ID ...]

Starts `bulletin serve` on the catalog, drives Debian's chromium through Playwright (home page, a
filtered search, a practice page, the basket filled with the given ids), downloads the basket's Word
draft, and renders the first two pages of `bulletin digest` for a query through LibreOffice
(soffice --convert-to pdf, then pypdfium2) to docs/digest-page-1.png and -2.png.
"""
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
QUERY, FILTERED = "人才 引进", "/?q=基层治理&since=2025&exclude_province=北京"


def serve(catalog: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "bulletin"), "serve", "--port", str(port), "-c", str(catalog)],
                            stdin=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def web(url: str, practice: int, basket: list[int], work: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
        page.goto(url + "/")
        page.screenshot(path=str(DOCS / "web-home.png"))
        page.goto(url + FILTERED)
        page.screenshot(path=str(DOCS / "web-search.png"))
        page.goto(url + f"/practice/{practice}")
        page.screenshot(path=str(DOCS / "web-practice.png"), full_page=True)
        for i in basket:
            page.goto(url + f"/practice/{i}")
            page.click("a.add")
        page.goto(url + "/basket")
        page.fill("input[name=home]", "安庆")
        page.screenshot(path=str(DOCS / "web-basket.png"))
        with page.expect_download() as info:
            page.click("#download")
        info.value.save_as(work / "basket.docx")
        browser.close()


def digest_pages(catalog: Path, work: Path) -> None:
    import pypdfium2

    docx = work / "市外参考.docx"
    subprocess.run([str(BIN / "bulletin"), "digest", "-q", QUERY, "-n", "5", "-o", str(docx), "-c", str(catalog)],
                   check=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)], check=True,
                   capture_output=True, timeout=300)
    pdf = pypdfium2.PdfDocument(str(work / "市外参考.pdf"))
    print(f"{len(pdf)} pages; page 1 is {pdf[0].get_size()[0] / 72 * 25.4:.0f} × {pdf[0].get_size()[1] / 72 * 25.4:.0f} mm")
    for n in (0, 1):
        pdf[n].render(scale=110 / 72).to_pil().save(DOCS / f"digest-page-{n + 1}.png")


def main() -> None:
    catalog, practice, basket = Path(sys.argv[1]), int(sys.argv[2]), [int(i) for i in sys.argv[3:]]
    work = Path(tempfile.mkdtemp(prefix="screenshots-"))
    proc, url = serve(catalog)
    try:
        web(url, practice, basket, work)
    finally:
        proc.terminate()
        proc.wait(10)
    digest_pages(catalog, work)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
