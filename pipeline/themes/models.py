"""The fitted theme classifier and clusters, saved with a version beside the catalog.

``<catalog>.models/models.joblib`` holds both, each with its version (one more at each refit), when it
was fitted, on how many practices, up to which practice id, and the taxonomy's digest: a catalog with
practices added since, or a themes.yaml edited since, is told that its models are older than its data.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import joblib

from ..records import ParsedDocument
from .classifier import ThemeClassifier
from .clusters import PracticeClusters
from .taxonomy import Taxonomy, load_taxonomy
from .text import descendant_texts, practice_text, row_words, tokenize

MODEL_FILE = "models.joblib"
VERSIONS_FILE = "versions.json"  # {part: version} of the models saved


@dataclass
class FitInfo:
    version: int = 1
    practices: int = 0  # how many practices the model was fitted on
    last_practice_id: int = 0  # the newest practice it saw
    taxonomy_digest: str | None = None
    fitted_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


@dataclass
class ThemeModels:
    themes: ThemeClassifier | None = None
    clusters: PracticeClusters | None = None
    themes_info: FitInfo | None = None
    clusters_info: FitInfo | None = None


def models_dir(catalog_path: str | os.PathLike) -> Path:
    path = Path(catalog_path)
    return path.with_name(path.name + ".models")


def model_versions(models: ThemeModels) -> dict[str, int]:
    """The version of each part that was fitted: {"themes": 3, "clusters": 2}."""
    return {part: info.version for part, info in (("themes", models.themes_info), ("clusters", models.clusters_info))
            if info is not None and info.practices}


def save_models(models: ThemeModels, directory: str | os.PathLike) -> Path:
    """Write atomically: a reader sees the old models or the new ones, never half of them."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # Their versions first, in a small file a reader checks without loading scikit-learn: killed
    # between the two writes, the record names the newer models (a false alarm, never a silence).
    versions = model_versions(models)
    record = directory / VERSIONS_FILE
    tmp = record.with_suffix(f".{os.getpid()}.part")
    tmp.write_text(json.dumps(versions), encoding="utf-8")
    os.replace(tmp, record)
    target = directory / MODEL_FILE
    tmp = target.with_suffix(f".{os.getpid()}.part")
    joblib.dump(models, tmp)
    os.replace(tmp, target)
    return target


def load_models(directory: str | os.PathLike) -> ThemeModels | None:
    target = Path(directory) / MODEL_FILE
    if not target.is_file():
        return None
    return joblib.load(target)


def fit_models(rows: list[dict], parts: tuple[str, ...] = ("themes", "clusters"), previous: ThemeModels | None = None,
               taxonomy: Taxonomy | None = None, cluster_options: dict | None = None,
               words: list[list[str]] | None = None) -> ThemeModels:
    """Fit the named parts on practice rows (``id``, ``title``, ``heading``, ``body``, ``sub``,
    ``slogans``, optional ``label``; ``words``: their texts already cut); parts not named are kept from ``previous``. Each refit part's
    version is one more than before."""
    models = ThemeModels(**vars(previous)) if previous else ThemeModels()
    texts = words if words is not None else row_words(rows)
    last = max((r["id"] for r in rows), default=0)
    if "themes" in parts:
        taxonomy = taxonomy or load_taxonomy()
        labels = [r.get("label") for r in rows]
        models.themes = ThemeClassifier(taxonomy).fit(texts, labels if any(labels) else None)
        version = models.themes_info.version + 1 if models.themes_info else 1
        models.themes_info = FitInfo(version, len(rows), last, taxonomy.digest)
    if "clusters" in parts and rows:
        models.clusters = PracticeClusters(**(cluster_options or {})).fit(texts, [r.get("slogans") or [] for r in rows])
        version = models.clusters_info.version + 1 if models.clusters_info else 1
        models.clusters_info = FitInfo(version, len(rows), last)
    return models


def annotate(parsed: ParsedDocument, models: ThemeModels) -> ParsedDocument:
    """Give every practice of a processed file its themes and its nearest cluster (no refit). One
    prediction for the whole file: the models' fixed cost is paid once, not once per article."""
    practices, texts = [], []
    for article in parsed.articles:
        below = descendant_texts(article.practices)
        for p, sub in zip(article.practices, below):
            practices.append(p)
            texts.append(practice_text(article.title, p.heading, p.body, sub))
    if not practices:
        return parsed
    words = tokenize(texts)
    if models.themes is not None:
        for p, themes in zip(practices, models.themes.predict_themes(words)):
            p.themes = themes
    if models.clusters is not None:
        nearest, distance = models.clusters.predict(words)
        for p, c, d in zip(practices, nearest, distance):
            p.cluster, p.cluster_distance = int(c), float(d)
    return parsed
