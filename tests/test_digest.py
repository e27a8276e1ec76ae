"""The 市外参考 digest (issue 10): Word structure, house style, the home city left out."""
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
