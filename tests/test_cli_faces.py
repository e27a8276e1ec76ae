"""The command line as a new user meets it (issue 21): the stale-model note where it matters only,
themes by place readable, unknown themes and impossible dates said, a missing path makes nothing."""
import shutil

import pandas as pd
import pytest

from .conftest import SEED_FILES, bulletin_cli


@pytest.fixture(scope="module")
def unfitted(tmp_path_factory):
    """A catalog whose models were removed (files and their record): every command could say so."""
    import sqlite3

    db = tmp_path_factory.mktemp("stale") / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "-c", db).returncode == 0
    shutil.rmtree(db.parent / (db.name + ".models"), ignore_errors=True)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM models")
    con.commit()
    con.close()
    return db


def test_the_stale_model_note_comes_with_ingest_themes_and_cluster_only(unfitted):
    for args in (("search", "党员"), ("search", "党员", "--format", "json"), ("slogans",), ("metrics",),
                 ("export", "practices"), ("similar", "1")):
        result = bulletin_cli(*args, "-c", unfitted)
        assert "note:" not in result.stderr, args
    for args in (("themes",), ("cluster", "--show"), ("ingest", SEED_FILES[0])):
        result = bulletin_cli(*args, "-c", unfitted)
        assert "note: no themes or clusters fitted" in result.stderr, args


def test_themes_by_province_are_rows_with_twelve_place_columns_and_a_total(real_catalog):
    table = bulletin_cli("themes", "--by", "province", "-c", real_catalog)
    assert table.returncode == 0, table.stderr
    header = next(line for line in table.stdout.splitlines() if line.startswith("┃ theme"))
    columns = [c.strip() for c in header.strip("┃ ").split("┃")]
    assert columns[0] == "theme" and columns[-2:] == ["others", "total"] and len(columns) == 1 + 12 + 2
    rows = [line for line in table.stdout.splitlines() if line.startswith("│")]
    assert all(line.count("│") == len(columns) + 1 for line in rows)  # one line per theme: nothing wrapped
    assert any("经济与产业发展" in line for line in rows)
    csv = bulletin_cli("themes", "--by", "province", "--format", "csv", "-c", real_catalog)
    from io import StringIO

    wide = pd.read_csv(StringIO(csv.stdout))
    assert wide.columns[0] == "theme" and wide.columns[-1] == "total" and len(wide.columns) >= 1 + 31 + 1  # every province
    assert (wide.iloc[:, 1:-1].sum(axis=1) == wide["total"]).all()


def test_an_unknown_theme_lists_the_themes_and_an_impossible_date_is_an_error(real_catalog, tmp_path):
    for args in (("search", "人才", "--theme", "集体经济"), ("search", "--theme", "没有这个主题"),
                 ("slogans", "--theme", "集体经济"), ("digest", "-o", tmp_path / "d.docx", "-t", "集体经济")):
        result = bulletin_cli(*args, "-c", real_catalog)
        assert result.returncode == 2 and "unknown theme" in result.stderr and "集体经济与强村富民" in result.stderr, args
    for args in (("search", "人才", "--since", "2025-13-01"), ("search", "人才", "--until", "2025-02-30"),
                 ("search", "人才", "--since", "next year"),
                 ("digest", "-o", tmp_path / "d.docx", "-q", "人才", "--since", "2025-13")):
        result = bulletin_cli(*args, "-c", real_catalog)
        assert result.returncode == 2 and "impossible date" in result.stderr, args
    assert not (tmp_path / "d.docx").exists()
    assert bulletin_cli("search", "人才", "--since", "2025-02", "--until", "2025-02", "-c", real_catalog).returncode in (0, 1)


def test_ingest_of_a_missing_path_creates_nothing(tmp_path):
    db = tmp_path / "new" / "c.db"
    db.parent.mkdir()
    result = bulletin_cli("ingest", tmp_path / "no-such-folder", "-c", db)
    assert result.returncode == 2 and "no such file or folder" in result.stderr
    assert list(db.parent.iterdir()) == []


def test_the_metrics_table_writes_values_as_people_do(tmp_path):
    """In the terminal a metric reads 1.1万 and 5–10, not 11000.0 and 5.0 (JSON keeps the numbers)."""
    from pipeline.amounts import amount, amount_range

    assert (amount(11000.0), amount(5.0), amount_range(5.0, 10.0, "户"), amount_range(3.0, float("nan"), "户")) == \
        ("1.1万", "5", "5–10户", "3户")
