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
