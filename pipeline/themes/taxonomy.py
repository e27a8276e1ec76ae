"""The editable theme taxonomy (models/themes.yaml): each theme's description, seed terms and weight."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

THEMES_PATH = Path(__file__).resolve().parents[2] / "models" / "themes.yaml"


class TaxonomyError(ValueError):
    """themes.yaml cannot be used; ``str(err)`` says where and why."""


@dataclass(frozen=True)
class Theme:
    name: str
    description: str = ""
    terms: tuple[str, ...] = field(default_factory=tuple)
    # A theme's similarity is multiplied by its weight before themes are ranked. Below 1 makes a
    # catch-all theme: it comes first only when it fits clearly better than the others.
    weight: float = 1.0


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    digest: str  # SHA-256 of the file: a model fitted on another taxonomy is out of date

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    @property
    def weights(self) -> list[float]:
        return [t.weight for t in self.themes]


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    path = Path(path or THEMES_PATH)
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as err:
        raise TaxonomyError(f"cannot read {path}: {err}") from None
    entries = (data or {}).get("themes") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise TaxonomyError(f"{path}: expected a mapping 'themes:' of theme name → description and terms")
    themes = []
    for name, spec in entries.items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise TaxonomyError(f"{path}: theme {name!r} must have 'description' and 'terms'")
        terms = spec.get("terms") or []
        if isinstance(terms, str):
            terms = terms.split()
        try:
            weight = float(spec.get("weight", 1.0))
        except (TypeError, ValueError):
            weight = -1.0
        if not 0 < weight <= 10:
            raise TaxonomyError(f"{path}: theme {name!r}: weight must be a number above 0 (default 1)")
        themes.append(Theme(str(name), str(spec.get("description") or ""), tuple(str(t) for t in terms), weight))
    return Taxonomy(tuple(themes), hashlib.sha256(raw).hexdigest())
