"""What users tune about extraction, read from models/extract.yaml (config over code)."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "models" / "extract.yaml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_settings(path: str | Path = SETTINGS_FILE) -> dict:
    """The extraction settings: ``{"metrics": {...}, "slogans": {...}}``, a copy each caller may change."""
    return copy.deepcopy(_load(str(path)))
