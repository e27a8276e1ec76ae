"""Fitting the themes and clusters over a catalog, and labelling it: composes pipeline.themes (the
models) with pipeline.catalog (the rows), as pipeline.batch composes processing with storage."""
from __future__ import annotations

from dataclasses import asdict

from .catalog import Catalog
from .themes import ThemeModels, fit_models, models_dir, save_models
from .themes.models import VERSIONS_FILE, model_versions
from .themes.taxonomy import load_taxonomy
from .themes.text import row_words


def current_models(catalog: Catalog) -> ThemeModels | None:
    """The models saved beside the catalog, or None before the first fit."""
    return catalog.theme_models()


def refit(catalog: Catalog, parts: tuple[str, ...] = ("themes", "clusters"), themes_path=None,
          cluster_options: dict | None = None) -> ThemeModels:
    """Fit the named parts on every practice in the catalog, save them, and relabel the catalog."""
    rows = catalog.fit_rows()
    taxonomy = load_taxonomy(themes_path)
    words = row_words(rows)  # cut once, for the fit and the labels
    models = fit_models(rows, parts, previous=current_models(catalog), taxonomy=taxonomy,
                        cluster_options=cluster_options, words=words)
    save_models(models, models_dir(catalog.path))
    if not rows:
        return models
    ids = [r["id"] for r in rows]
    if "themes" in parts:
        catalog.apply_themes(dict(zip(ids, models.themes.predict_themes(words))), asdict(models.themes_info))
    if "clusters" in parts and models.clusters is not None:
        c = models.clusters  # fitted on these rows in this order: its labels and distances are theirs
        assignment = {pid: (int(label), float(d)) for pid, label, d in zip(ids, c.labels_, c.distances_)}
        clusters = [{"id": k, "label": c.label(k), "terms": c.terms_[k], "slogan": c.slogans_[k], "size": int(c.sizes_[k])}
                    for k in range(len(c.sizes_))]
        catalog.apply_clusters(assignment, clusters, asdict(models.clusters_info))
    return models


REPAIR = {"themes": "`bulletin themes --refit` relabels", "clusters": "`bulletin cluster` refits"}


def saved_versions(catalog: Catalog) -> dict[str, int] | None:
    """The versions of the models saved beside the catalog, from their small record (no scikit-learn);
    None where there is none (models saved before the record was kept)."""
    import json

    record = models_dir(catalog.path) / VERSIONS_FILE
    try:
        return {k: int(v) for k, v in json.loads(record.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return None


def out_of_step(catalog: Catalog, saved: ThemeModels | dict | None) -> dict[str, tuple[int | None, int | None]]:
    """The parts whose saved model is not the one the catalog's labels were made with, as
    {part: (model's version, labels' version)}: the models are saved, then the labels written with a
    record of the version in one transaction, and a process killed between the two leaves them apart.
    ``saved``: the loaded models, or their versions (:func:`saved_versions`)."""
    if saved is None:
        return {}
    if isinstance(saved, ThemeModels):
        saved = model_versions(saved)
    labelled = catalog.labelled_with()
    return {part: (version, labelled.get(part)) for part, version in saved.items() if labelled.get(part) != version}


def status(catalog: Catalog, themes_path=None) -> list[str]:
    """Lines saying whether the models are older than the catalog's data (empty: all current). Read
    from the catalog's small record of the fitted models (its models table, written with the labels),
    not from the models, so that the note costs a query rather than loading scikit-learn."""
    from types import SimpleNamespace

    fitted = {row["name"]: SimpleNamespace(**dict(row)) for row in catalog.db.execute("SELECT * FROM models")}
    n, last = catalog.practice_count()
    if not fitted:
        return [f"no themes or clusters fitted yet for {n} practice(s) (`bulletin cluster` fits them)"] if n else []
    apart = [f"the saved {part} model (v{saved}) is not the one the catalog's {part} were labelled with "
             f"({'v' + str(labelled) if labelled else 'none'}); new practices are left unlabelled until "
             f"{REPAIR[part]}" for part, (saved, labelled) in out_of_step(catalog, saved_versions(catalog)).items()]
    try:
        taxonomy = load_taxonomy(themes_path)
    except ValueError:
        taxonomy = None
    return apart + stale_reasons(fitted.get("themes"), fitted.get("clusters"), n, last, taxonomy)


def stale_reasons(themes_info, clusters_info, practices: int, last_practice_id: int, taxonomy=None) -> list[str]:
    """Why models fitted as ``themes_info`` and ``clusters_info`` say (practices, last_practice_id,
    taxonomy_digest) are older than the catalog's data, if they are (empty: current)."""
    reasons = []
    info = clusters_info
    if info is not None and last_practice_id > info.last_practice_id and practices > info.practices:
        reasons.append(f"the clusters were fitted on {info.practices} practices; {practices - info.practices} "
                       "were added since and placed in the nearest clusters (`bulletin cluster` refits)")
    if taxonomy is not None and themes_info is not None and taxonomy.digest != themes_info.taxonomy_digest:
        reasons.append("themes.yaml changed since the themes were fitted (`bulletin themes --refit` relabels)")
    return reasons


def cluster_map(catalog: Catalog, limit: int | None = 5000):
    """Practices placed on a plane for a picture of the clusters: the clusters' own LSA space, reduced
    to two dimensions by PCA. A DataFrame of id, heading, cluster, x, y (at most ``limit`` practices)."""
    import pandas as pd
    from sklearn.decomposition import PCA

    models = current_models(catalog)
    rows = catalog.fit_rows()[:limit] if limit else catalog.fit_rows()
    if models is None or models.clusters is None or len(rows) < 3:
        return pd.DataFrame(columns=["id", "heading", "cluster", "x", "y"])
    words = row_words(rows)
    space = models.clusters.transform(words)
    xy = PCA(n_components=2, random_state=0).fit_transform(space)
    nearest, _ = models.clusters.predict(words)
    return pd.DataFrame({"id": [r["id"] for r in rows], "heading": [r["heading"] for r in rows],
                         "cluster": nearest, "x": xy[:, 0], "y": xy[:, 1]})
