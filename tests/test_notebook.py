"""notebooks/explore_catalog.ipynb runs top to bottom (issue 10), from a folder outside the checkout,
and draws Chinese with a Chinese font even where matplotlib's font cache predates the font (issue 21)."""
import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT


def _stale_font_cache(folder) -> None:
    """A matplotlib config folder whose font list was written before any Chinese font was installed:
    matplotlib's own cache, with every CJK font taken out of it."""
    env = {**os.environ, "MPLCONFIGDIR": str(folder)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True, capture_output=True)
    (cache,) = folder.glob("fontlist-*.json")
    fonts = json.loads(cache.read_text())
    fonts["ttflist"] = [f for f in fonts["ttflist"] if "CJK" not in f["fname"] and "CJK" not in f["name"]]
    cache.write_text(json.dumps(fonts))


def test_notebook_runs_and_draws_its_plots_in_a_chinese_font(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "explore_catalog.ipynb", as_version=4)
    _stale_font_cache(tmp_path / "mpl")
    saved = {k: os.environ.pop(k, None) for k in ("BULLETIN_CATALOG", "MPLCONFIGDIR")}
    os.environ["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    try:  # run from a folder outside the checkout: the notebook finds its own catalog
        nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        del os.environ["MPLCONFIGDIR"]
        for k, v in saved.items():
            if v is not None:
                os.environ[k] = v
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # themes by year, slogans, clusters
    text = "".join(o.get("text", "") for o in outputs)
    assert "practices" in text
    assert "Chinese font for the plots: Noto" in text
    assert "missing from font" not in text  # no Chinese character was drawn as a box


def test_the_readme_describes_the_notebooks_cells_and_how_to_open_it():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(ROOT / "notebooks" / "explore_catalog.ipynb", as_version=4)
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    assert "make notebook" in readme
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert cell.source.splitlines()[0][3:].strip() in readme  # each section the README names
    assert "notebook" in (ROOT / "Makefile").read_text()
