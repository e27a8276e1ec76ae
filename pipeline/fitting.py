"""Fitting the themes and clusters over a catalog, and labelling it: composes pipeline.themes (the
models) with pipeline.catalog (the rows), as pipeline.batch composes processing with storage."""
from __future__ import annotations

from dataclasses import asdict

from .catalog import Catalog
from .themes import ThemeModels, fit_models, models_dir, save_models
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


def status(catalog: Catalog, themes_path=None) -> list[str]:
    """Lines saying whether the models are older than the catalog's data (empty: all current). Read
    from the catalog's small record of the fitted models (its models table, written with the labels),
    not from the models, so that the note costs a query rather than loading scikit-learn."""
    from types import SimpleNamespace

    fitted = {row["name"]: SimpleNamespace(**dict(row)) for row in catalog.db.execute("SELECT * FROM models")}
    n, last = catalog.practice_count()
    if not fitted:
        return [f"no themes or clusters fitted yet for {n} practice(s) (`bulletin cluster` fits them)"] if n else []
    try:
        taxonomy = load_taxonomy(themes_path)
    except ValueError:
        taxonomy = None
    return stale_reasons(fitted.get("themes"), fitted.get("clusters"), n, last, taxonomy)


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
