"""notebooks/explore_catalog.ipynb runs top to bottom (issue 10), from a folder outside the checkout."""
import os

import pytest

from .conftest import ROOT


def test_notebook_runs_and_draws_its_plots(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "explore_catalog.ipynb", as_version=4)
    saved = os.environ.pop("BULLETIN_CATALOG", None)
    try:  # run from a folder outside the checkout: the notebook finds its own catalog
        nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        if saved is not None:
            os.environ["BULLETIN_CATALOG"] = saved
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # themes by year, slogans, clusters
    text = "".join(o.get("text", "") for o in outputs)
    assert "practices" in text
