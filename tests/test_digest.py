"""The 市外参考 digest (issue 10): Word structure, house style, the home city left out."""
import re

import pytest

from .conftest import bulletin_cli
from .test_search import own_and_seeds


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("digest")
    folder = own_and_seeds(tmp / "inbox")
    db = tmp / "c.db"
    assert bulletin_cli("ingest", folder, "-c", db).returncode == 0
    return db


def test_docx_has_the_house_structure_and_no_home_city_item(inbox, tmp_path):
    from docx import Document

    out = tmp_path / "digest.docx"
    result = bulletin_cli("digest", "-o", out, "--home", "杭州", "-q", "党员", "-n", "4", "-c", inbox)
    assert result.returncode == 0, result.stderr
    doc = Document(out)
    paragraphs = doc.paragraphs
    assert paragraphs[0].text == "市外参考" and paragraphs[0].style.name == "Digest Title"
    items = [p for p in paragraphs if p.style.name == "Digest Item"]
    sources = [p for p in paragraphs if p.style.name == "Digest Source"]
    assert len(items) == 4 and len(sources) == 4
    for item, source in zip(items, sources):
        assert item.text.startswith("△")
        bold = [r for r in item.runs if r.bold]
        assert bold and bold[0].text.endswith("。")  # the bold lead sentence
        assert item.runs[0].bold is not True  # △ and the place are plain
        assert source.text.startswith("（来源：") and source.text.endswith("）")
    assert not any("西湖" in p.text or "杭州" in p.text for p in items)  # the home city is left out
    body = doc.styles["Digest Item"]
    fonts = body.element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert doc.styles["Normal"].font.name == "宋体"  # the fallback under it
    assert body.paragraph_format.line_spacing is not None


def test_the_same_through_the_api_and_markdown(inbox, tmp_path):
    from pipeline import Catalog
    from pipeline.digest import build_digest, write_markdown

    with Catalog(inbox, readonly=True) as cat:
        ids = [int(i) for i in cat.search("集体经济", limit=3)["id"]]
        digest = build_digest(cat, ids=ids, home="宁波")
    assert digest.items and all(item.city != "宁波市" for item in digest.items)
    text = write_markdown(digest, tmp_path / "d.md")
    assert text.startswith("## 市外参考")
    assert text.count("△") == len(digest.items) and text.count("（来源：") == len(digest.items)
    assert "**" in text


def test_digest_refuses_other_suffixes_and_reports_nothing_found(inbox, tmp_path):
    assert bulletin_cli("digest", "-o", tmp_path / "x.pdf", "-c", inbox).returncode == 2
    none = bulletin_cli("digest", "-o", tmp_path / "x.docx", "-q", "量子计算机", "-c", inbox)
    assert none.returncode == 1 and not (tmp_path / "x.docx").exists()


# -- on a real catalog: the 31 government reports and 100 news days (conftest.real_catalog) ----------
QUERY = "人才 引进"
NEWS_DAY = re.compile(r"^\d{8}\.md$")  # the news transcripts' file names, known to the test, not to the code


def _descendants(article: dict, ids: set[int]) -> set[int]:
    out, grew = set(ids), True
    while grew:
        grew = False
        for p in article["practices"]:
            if p["parent_id"] in out and p["id"] not in out:
                out.add(p["id"])
                grew = True
    return out


def test_real_digest_items_are_built_from_the_matching_practices(real_catalog):
    from pipeline import Catalog
    from pipeline.digest import build_digest

    with Catalog(real_catalog, readonly=True) as cat:
        found = cat.search(QUERY, limit=300)
        assert found["source"].map(lambda s: bool(NEWS_DAY.match(s))).any()  # the news days match too
        matched = set(found["id"].astype(int))
        digest = build_digest(cat, query=QUERY, limit=5)
        assert len(digest.items) == 5
        for item in digest.items:
            article = cat.article_detail(item.article_id)
            assert not NEWS_DAY.match(article["source"])  # no item is a news day
            assert item.practice_ids and set(item.practice_ids) <= matched
            by_id = {p["id"]: p for p in article["practices"]}
            picked = [by_id[i] for i in item.practice_ids]
            # the lead: the place and what it did, in the words of one of those practices' headings
            assert item.lead.startswith(item.place[:2])
            assert any(p["heading"][:6] in item.lead for p in picked), (item.lead, [p["heading"] for p in picked])
            # the run-in headings are those practices or their children
            allowed = {p["heading"] for p in article["practices"]
                       if p["id"] in item.practice_ids or p["parent_id"] in item.practice_ids}
            assert set(item.headings) <= allowed
            # nothing from the rest of the article: every heading in the item is under those practices
            under = _descendants(article, set(item.practice_ids))
            others = [p["heading"] for p in article["practices"] if p["id"] not in under and len(p["heading"]) > 8
                      and not any(p["heading"] in by_id[i]["heading"] or p["heading"] in by_id[i]["body"]
                                  for i in under)]
            assert not [h for h in others if h in item.text], item.text


def test_real_digest_docx_is_a4_with_gbt9704_type_and_names_every_place(real_catalog, tmp_path):
    from docx import Document
    from docx.shared import Mm, Pt

    out = tmp_path / "d.docx"
    result = bulletin_cli("digest", "-q", QUERY, "-n", "5", "-o", out, "-c", real_catalog)
    assert result.returncode == 0, result.stderr
    doc = Document(out)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) < Mm(0.5), side
    body = doc.styles["Digest Item"]
    assert body.font.size == Pt(16) and body.paragraph_format.line_spacing == Pt(28)
    assert doc.styles["Digest Title"].font.size == Pt(22)
    font_table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob
    font_table = font_table.decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table
    items = [p for p in doc.paragraphs if p.style.name == "Digest Item"]
    # the summary names each item's place, one per item
    places = result.stdout.strip().split(": ", 1)[1].split("、")
    assert len(places) == len(items) == 5
    for place, item in zip(places, items):
        assert item.text.startswith("△" + place[:2])


def test_a_practice_picked_in_the_basket_is_in_the_downloaded_docx(real_catalog, tmp_path):
    from docx import Document
    from fastapi.testclient import TestClient

    from pipeline import Catalog
    from pipeline.web import create_app

    with Catalog(real_catalog, readonly=True) as cat:  # a sub-practice deep in a report, picked by hand
        found = cat.search("人才", limit=50)
        pick = found[found["parent_id"].notna()].iloc[0]
    client = TestClient(create_app(real_catalog), base_url="http://localhost")
    assert client.get(f"/basket/add/{int(pick['id'])}", follow_redirects=False).status_code == 303
    response = client.get("/basket/digest.docx")
    assert response.status_code == 200
    (tmp_path / "b.docx").write_bytes(response.content)
    text = "\n".join(p.text for p in Document(tmp_path / "b.docx").paragraphs)
    assert pick["heading"].rstrip("。；")[:20] in text


def _article(practices: list[dict]) -> dict:
    text = "\n".join(p["heading"] + "\n" + p["body"] for p in practices)
    return {"id": 1, "place": "某县", "county": "某县", "city": "某市", "province": "某省", "date": "2024-05-01",
            "title": "某县推进基层治理", "publication": "某县组工", "issue": None, "text": text, "slogans": [],
            "metrics": [], "practices": [{"parent_id": None, **p} for p in practices]}


def test_a_heading_taken_from_its_own_first_sentence_is_said_once():
    """A run-in practice whose heading is the first clause of its text (a page's narrative paragraph)
    is written as that sentence, not as a heading and then the same words again; a page's label
    (【摘要】) is no part of the lead."""
    from pipeline.digest import condense

    practices = [
        {"id": 1, "heading": "【摘要】近年来某县探索网格治理", "body": "全县划分网格三百个，配齐专职网格员。"},
        {"id": 2, "heading": "建立和完善党组织统一领导的治理格局",
         "body": "建立和完善党组织统一领导的治理格局与路径，构建基层治理体系。各村建立议事会。"},
        {"id": 3, "heading": "党员联户", "body": "每名党员联系十户群众，定期走访。"},
    ]
    item = condense(_article(practices), [1, 2, 3])
    text = item.lead + "".join(t for t, _ in item.body)
    assert "【摘要】" not in text and item.lead.startswith("某县")
    assert text.count("建立和完善党组织统一领导的治理格局") == 1
    assert ("党员联户。", True) in item.body  # a heading of its own is still a bold run-in


def test_a_page_whose_source_line_is_an_address_names_no_site_of_https():
    """来源: https://… is an address: the site is its host, or none when only "https" is left of it."""
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    body = "某县推行网格化管理\n\n2024-05-06\n\n全县划分网格三百个，每个网格配备专职网格员，群众诉求在网格内办结。\n\n"
    for line, site in [("文章来源: https", None), ("来源：https://www.example.gov.cn/a/1.html", "example.gov.cn")]:
        page = process(read_bytes((body + line + "\n").encode(), "page.txt", "page.txt")).page
        assert page is not None and page.site == site, (line, page and page.site)


def test_a_figure_is_quoted_only_as_the_source_writes_it():
    """相关数据 puts "what" before "how much" only where the text does, what is measured a noun
    phrase from a word's start: no 出口总额85.8% where the text says 出口总额增长85.8%, no bare verb."""
    from pipeline.digest import _quotable

    text = "全年培养技能人才12.1万人，出口总额增长85.8%，推出155项改革举措，在北京生产汽车30万辆。"
    assert _quotable({"about": "技能人才", "text": "12.1万人"}, text)
    assert not _quotable({"about": "出口总额", "text": "85.8%"}, text)
    assert not _quotable({"about": "推出", "text": "155项"}, text)
    assert not _quotable({"about": "京生产汽车", "text": "30万辆"}, text)
    assert not _quotable({"about": "", "text": "30万辆"}, text)
