"""Exports of practices and metrics (issue 21): date, publication, place, themes and cluster on each
row; lists as lists in JSON and Parquet, joined with 、 in CSV and Excel; an unknown suffix refused."""
import json

import pandas as pd
import pytest

from .conftest import SEED_FILES, bulletin_cli

PLACE_AND_TIME = {"date", "publication", "province", "city", "county", "themes", "cluster"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    db = tmp_path_factory.mktemp("exports") / "c.db"
    result = bulletin_cli("ingest", *SEED_FILES, "--catalog", db)
    assert result.returncode == 0, result.stderr
    return db


def _export(db, table, target, *extra):
    result = bulletin_cli("export", table, "-o", target, *extra, "--catalog", db)
    assert result.returncode == 0, result.stderr
    return target


@pytest.mark.parametrize("table", ["practices", "metrics"])
def test_rows_carry_date_publication_place_themes_and_cluster(real_catalog, tmp_path, table):
    rows = pd.read_parquet(_export(real_catalog, table, tmp_path / f"{table}.parquet"))
    assert PLACE_AND_TIME <= set(rows.columns)
    reports = rows[rows["source"].str.endswith(".docx")]  # a report is dated by its page's date line
    assert len(reports) > 1000 and reports["date"].notna().all() and reports["publication"].notna().mean() > 0.8
    assert reports["province"].notna().all()
    placed = rows[rows["themes"].map(len) > 0]
    assert len(placed) >= len(rows) // 2 and placed["cluster"].notna().all()
    if table == "practices":
        assert len(placed) == len(rows) and rows["cluster_label"].notna().all()


def test_lists_are_lists_in_json_and_parquet_and_joined_in_csv_and_excel(seeds, tmp_path):
    as_json = json.loads(bulletin_cli("export", "practices", "--format", "json", "--catalog", seeds).stdout)
    several = next(r for r in as_json if r["themes"] and len(r["themes"]) > 1)
    parquet = pd.read_parquet(_export(seeds, "practices", tmp_path / "p.parquet")).set_index("id")
    assert list(parquet.loc[several["id"], "themes"]) == several["themes"]
    for suffix, reader in (("csv", pd.read_csv), ("xlsx", pd.read_excel)):
        flat = reader(_export(seeds, "practices", tmp_path / f"p.{suffix}")).set_index("id")
        assert flat.loc[several["id"], "themes"] == "、".join(several["themes"]), suffix
        assert not flat["themes"].astype(str).str.startswith("[").any()
    slogans = pd.read_csv(_export(seeds, "slogans", tmp_path / "s.csv"))
    parts = slogans["components"].dropna()
    assert len(parts) and not parts.str.startswith("[").any() and parts.str.contains("、").all()


def test_an_unknown_suffix_without_format_is_an_error(seeds, tmp_path):
    for name in ("x.txt", "x"):
        result = bulletin_cli("export", "practices", "-o", tmp_path / name, "--catalog", seeds)
        assert result.returncode == 2 and "--format" in result.stderr
        assert not (tmp_path / name).exists()
    result = bulletin_cli("export", "practices", "-o", tmp_path / "x.txt", "--format", "csv", "--catalog", seeds)
    assert result.returncode == 0 and pd.read_csv(tmp_path / "x.txt")["heading"].notna().all()


def test_text_with_control_characters_still_makes_an_xlsx():
    """The web basket and `bulletin export` share one cleaning (pipeline/xlsx.py)."""
    import io

    import pandas as pd

    from pipeline.xlsx import xlsx_safe

    table = pd.DataFrame({"做法": ["建立\x07走访机制", "推行积分管理"], "编号": [1, 2]})
    assert xlsx_safe(table) == 1
    table.to_excel(io.BytesIO(), index=False)  # raised IllegalCharacterError before the cleaning
    assert list(table["做法"]) == ["建立走访机制", "推行积分管理"]
