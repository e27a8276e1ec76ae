"""Real corpora nobody here wrote ingest without failures, and hold up to what a staffer checks."""
import re

import pytest

from .conftest import CORPORA, bulletin_cli


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from pipeline import Catalog

    cat = Catalog(tmp_path_factory.mktemp("reports") / "catalog.db")
    report = cat.ingest([CORPORA / "gov-reports-2025"])  # the folder as a user passes it, LICENSE and all
    yield cat, report
    cat.close()


def test_all_government_reports_ingest(reports):
    cat, report = reports
    ingested = [o.path for o in report.outcomes if o.status == "ingested"]
    assert len(ingested) == 31 and all(p.endswith(".docx") for p in ingested)
    assert set(cat.sources()["format"]) == {"docx"}
    assert (cat.articles().groupby("source_id").size() >= 1).all()


def test_the_licence_file_is_not_taken_for_a_document(reports):
    _, report = reports
    [failure] = report.failures
    assert failure.path.endswith("LICENSE") and "no article" in failure.reason and "Chinese" in failure.reason


def test_a_report_is_placed_by_the_division_in_its_own_title(reports):
    cat, _ = reports
    articles = cat.articles().merge(cat.sources()[["id", "name"]], left_on="source_id", right_on="id")
    for _, a in articles.iterrows():
        short = re.sub(r"^\d{4}年|政府工作报告\.docx$", "", a["name"])
        assert a["province"] and a["province"].startswith(short), (a["name"], a["province"])
    practices, metrics = cat.practices(), cat.metrics()
    assert practices["province"].notna().all()
    assert metrics["province"].notna().all()  # a metric carries its article's place


def test_glossaries_and_remarks_are_not_practices(reports):
    cat, _ = reports
    practices = cat.practices()
    # a glossary entry reads "1.“name”：what it means"; none may be a practice
    assert not practices["heading"].str.contains(r"名词解释|名词注释").any()
    assert not (practices["heading"].str.match(r"^[“\"].{2,20}[”\"]：") & practices["parent_id"].notna()).any()
    top = practices[practices["parent_id"].isna()]["heading"]
    assert not top.str.match(r"^(?:各位代表|现在，我代表|请各位)").any()


def test_reports_head_is_kept_as_fields(reports):
    cat, _ = reports
    pages = cat.pages()
    assert len(pages) == 31
    assert pages["headline"].str.endswith("政府工作报告").all()
    assert pages["date"].str.match(r"2025-01-\d\d").mean() > 0.9


def test_export_dropped_says_why(reports, tmp_path):
    cat, _ = reports
    out = tmp_path / "dropped.csv"
    result = bulletin_cli("export", "dropped", "--format", "csv", "-o", out, "--catalog", cat.path)
    assert result.returncode == 0, result.stderr
    import pandas as pd

    df = pd.read_csv(out)
    assert list(df.columns) == ["id", "source", "stage", "reason", "text"]


def test_news_transcripts_sample_ingests(catalog):
    files = sorted((CORPORA / "xwlb").glob("*.md"))
    assert len(files) == 1423
    sample = files[::50]  # the whole folder runs in the closing note's timing, not in the suite
    report = catalog.ingest(sample)
    assert report.failures == [], report.failures


# -- issue 19: the national formulas the corpora name most get their true parts or none -------------
NAMED = ["一带一路", "两个维护", "两个确立", "四个意识", "双一流", "三大差距", "两项补贴"]


def _paragraphs_naming(names):
    """The paragraphs of xwlb and of the 31 reports that name one of ``names`` (only those are read
    closely, so the test stays short)."""
    import docx

    for path in sorted((CORPORA / "xwlb").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if any(n in text for n in names):
            yield from (p for p in re.split(r"\n|</p>", text) if any(n in p for n in names))
    for path in sorted((CORPORA / "gov-reports-2025").glob("*.docx")):
        yield from (p.text for p in docx.Document(path).paragraphs if any(n in p.text for n in names))


def test_named_national_formulas_have_their_true_parts_or_none():
    from pipeline.extract.slogans import SloganFinder

    finder = SloganFinder()
    assert set(NAMED) <= set(finder.known)  # each has its known parts, with their source
    seen, expanded, wrong = 0, [], []
    for paragraph in _paragraphs_naming(NAMED):
        for match in finder(paragraph):
            if match.text not in NAMED:
                continue
            seen += 1
            parts, _ = finder.expand(paragraph, match)
            if not parts:
                continue
            expanded.append((match.text, parts))
            if finder.confirm(match.text, parts) != parts:
                wrong.append((match.text, parts, paragraph[:80]))
    assert seen > 3000  # they are named thousands of times
    assert wrong == []
    assert ("三大差距", ["地区", "城乡", "收入"]) in expanded  # where a text gives the parts, they are kept


def test_named_national_formulas_in_the_reports_catalog_have_their_true_parts_or_none(reports):
    """The whole pipeline, headings included: under a heading that names 三大差距 among other formulas
    stand the section's practices, not its parts."""
    from pipeline.extract.slogans import SloganFinder

    cat, _ = reports
    finder = SloganFinder()
    slogans = cat.slogans()
    named = slogans[slogans["text"].isin(NAMED) & slogans["components"].notna()]
    assert [(r.text, r.components) for r in named.itertuples() if finder.confirm(r.text, r.components) != r.components] == []
    assert len(slogans[slogans["text"].isin(NAMED)]) > 30
