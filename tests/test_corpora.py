"""Real corpora nobody here wrote ingest without failures."""
from .conftest import CORPORA


def test_all_government_reports_ingest(catalog):
    files = sorted((CORPORA / "gov-reports-2025").glob("*.docx"))
    assert len(files) == 31
    report = catalog.ingest(files)
    assert report.failures == [], report.failures
    assert report.count("ingested") == 31
    sources = catalog.sources()
    assert set(sources["format"]) == {"docx"}
    assert (catalog.articles().groupby("source_id").size() >= 1).all()


def test_news_transcripts_sample_ingests(catalog):
    files = sorted((CORPORA / "xwlb").glob("*.md"))
    assert len(files) == 1423
    sample = files[::50]  # the whole folder runs in the closing note's timing, not in the suite
    report = catalog.ingest(sample)
    assert report.failures == [], report.failures
