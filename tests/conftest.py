import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
CORPORA = SHARED / "corpora"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_files():
    assert SEED_FILES, f"seed documents expected in {SEEDS}"
    return SEED_FILES


@pytest.fixture
def catalog(tmp_path):
    from pipeline import Catalog

    cat = Catalog(tmp_path / "catalog.db")
    yield cat
    cat.close()


def bulletin_cli(*args, env=None, **kw):
    """Run the installed command line in a subprocess, as a user would."""
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("bulletin")
    full_env = {k: v for k, v in os.environ.items() if k != "BULLETIN_CATALOG"}  # only what the test sets
    full_env.update(env or {})
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, env=full_env,
                          stdin=subprocess.DEVNULL, **kw)


XWLB_DAYS = 100  # news days beside the 31 government reports in the real catalog


@pytest.fixture(scope="session")
def real_catalog(tmp_path_factory):
    """A catalog of the 31 government reports and 100 days of news transcripts (every 14th day), built
    once per session: the catalog the faces (digest, web page) are tried on."""
    import shutil

    reports = sorted((CORPORA / "gov-reports-2025").glob("*.docx"))
    days = sorted((CORPORA / "xwlb").glob("*.md"))[::14][:XWLB_DAYS]
    assert len(reports) == 31 and len(days) == XWLB_DAYS, f"the corpora are expected in {CORPORA}"
    tmp = tmp_path_factory.mktemp("real")
    for folder, files in (("reports", reports), ("xwlb", days)):
        (tmp / "inbox" / folder).mkdir(parents=True)
        for f in files:
            shutil.copy(f, tmp / "inbox" / folder / f.name)
    db = tmp / "catalog.db"
    result = bulletin_cli("ingest", tmp / "inbox", "-c", db, "--jobs", "2")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return db
