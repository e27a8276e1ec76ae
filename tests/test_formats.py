"""Every format a seed can arrive in gives the same bulletin metadata and articles as the plain text."""
import pytest

from pipeline.process import process
from pipeline.ingest import iter_inputs, read_bytes

from .conftest import SEED_FILES
from .fixtures import (render_docx, render_docx_numbered, render_html, render_pdf, render_zip, seed_blocks,
                       traditional)


def summary(parsed):
    b = parsed.bulletin
    meta = None
    if b is not None:
        note = b.editor_note
        meta = (b.publication, b.issuer, b.issue, b.total_issue, b.date, b.region and b.region.city,
                note and (note.date, note.by, note.title, note.instruction), b.distribution)
    arts = [(a.title.replace(" ", ""), a.kind, a.section, a.place and (a.place.name, a.place.city, a.place.province))
            for a in parsed.articles]
    return meta, arts


def parsed_from(data: bytes, name: str):
    return process(read_bytes(data, name))


@pytest.fixture(scope="module", params=SEED_FILES, ids=lambda p: p.name[:3])
def seed(request):
    path = request.param
    plain = parsed_from(path.read_bytes(), path.name)
    return path, summary(plain)


def test_plain_text_has_articles(seed):
    _, (meta, arts) = seed
    assert arts, "every seed has at least one article"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_encodings(seed, encoding):
    path, expected = seed
    text = path.read_text(encoding="utf-8")
    data = text.encode(encoding, errors="strict" if encoding != "gbk" else "replace")
    raw = read_bytes(data, path.name)
    assert raw.encoding.replace("_", "").replace("-", "").startswith(encoding.replace("-", "")[:5]) or \
        encoding == "gbk" and raw.encoding.startswith("gb18030")
    assert summary(process(raw)) == expected


def test_big5_traditional(seed):
    path, expected = seed
    data = traditional(path.read_text(encoding="utf-8")).encode("big5", errors="replace")
    raw = read_bytes(data, path.name)
    assert raw.encoding == "big5"
    parsed = process(raw)
    assert parsed.document.script == "traditional"
    assert summary(parsed) == expected


def test_docx(seed):
    path, expected = seed
    blocks = seed_blocks(path)
    raw = read_bytes(render_docx(blocks), path.stem + ".docx")
    assert raw.source.format == "docx"
    # bold runs and heading styles come back as structure
    assert [b.bold for b in raw.blocks if b.kind != "heading"] == [b.bold for b in blocks if b.kind != "heading"]
    assert [b.level for b in raw.blocks if b.kind == "heading"] == [b.level for b in blocks if b.kind == "heading"]
    assert summary(process(raw)) == expected


def test_pdf(seed):
    path, expected = seed
    data = render_pdf(seed_blocks(path))
    import pdfplumber
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
    raw = read_bytes(data, path.stem + ".pdf")
    text = "\n".join(b.text for b in raw.blocks)
    assert "内部资料" not in text, "running header dropped"
    assert "- 1 -" not in text and "- 2 -" not in text, "page numbers dropped"
    assert summary(process(raw)) == expected


def test_html(seed):
    path, expected = seed
    raw = read_bytes(render_html(seed_blocks(path)), path.stem + ".html")
    assert raw.source.format == "html"
    text = "\n".join(b.text for b in raw.blocks)
    assert "tracker" not in text and "首页" not in text and "版权所有" not in text
    assert summary(process(raw)) == expected


def test_zip_with_gbk_names(tmp_path):
    members = {f"组工信息/二〇一八年/{p.stem}稿.txt": p.read_bytes() for p in SEED_FILES}
    archive = tmp_path / "附件.zip"
    archive.write_bytes(render_zip(members))
    items = list(iter_inputs([archive]))
    assert [i.error for i in items] == [None] * len(SEED_FILES)
    assert sorted(i.name for i in items) == sorted(f"{p.stem}稿.txt" for p in SEED_FILES)
    for item, path in zip(sorted(items, key=lambda i: i.name), SEED_FILES):
        assert summary(parsed_from(item.data, item.name)) == summary(parsed_from(path.read_bytes(), path.name))


def test_docx_outline_numbered_by_word(seed):
    """一、 and （一） drawn by Word's automatic numbering, not typed: the reader writes them back, so
    the practices and everything else come out as from the typed text."""
    path, expected = seed
    blocks = seed_blocks(path)
    data, numbered = render_docx_numbered(blocks)
    raw = read_bytes(data, path.stem + ".docx")
    if numbered:
        assert [b.text for b in raw.blocks] == [b.text for b in blocks]
    assert summary(process(raw)) == expected


def test_docx_bold_from_style():
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("小标题", WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = True
    document.add_paragraph("问题导向立项目", style="小标题")
    document.add_paragraph("正文不加粗。")
    out = io.BytesIO()
    document.save(out)
    from pipeline.ingest import read_docx

    blocks = read_docx(out.getvalue())
    assert blocks[0].bold == [(0, 7)]
    assert blocks[1].bold == []


def test_markdown_with_inline_html_from_a_web_page():
    """Scraped markdown keeps the page's <p> and <strong>: they are paragraphs and bold, not text."""
    from pipeline.normalize import normalize

    md = ("# 某县简报\n\n<p><strong>强化组织保障。</strong>县里成立工作专班&amp;调度组。</p>"
          "<p>第二段落，共走访农户 120 户。</p>\n").encode("utf-8")
    doc = normalize(read_bytes(md, "page.md"))
    texts = [b.text for b in doc.blocks]
    assert texts[-2:] == ["强化组织保障。县里成立工作专班&调度组。", "第二段落，共走访农户 120 户。"]
    assert doc.blocks[-2].bold == [(0, 7)]
    assert not any("<" in t or ">" in t for t in texts)
