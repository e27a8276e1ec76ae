"""What users tune about extraction, read from models/extract.yaml (config over code)."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "models" / "extract.yaml"
# Known expansions of national formulas (一带一路, 两个维护 …), each with its source: read into the
# slogan settings, so a saved pipeline carries them with the rest.
FORMULAS_FILE = SETTINGS_FILE.parent / "national_formulas.yaml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_settings(path: str | Path = SETTINGS_FILE, formulas: str | Path = FORMULAS_FILE) -> dict:
    """The extraction settings: ``{"metrics": {...}, "slogans": {...}}``, a copy each caller may change.
    ``slogans.known_formulas`` holds the national formulas of ``formulas`` where the settings lack them."""
    settings = copy.deepcopy(_load(str(path)))
    slogans = settings.setdefault("slogans", {})
    if "known_formulas" not in slogans and Path(formulas).exists():
        slogans["known_formulas"] = copy.deepcopy(_load(str(formulas)).get("formulas") or {})
    return settings
