"""Fitting the themes and clusters over a catalog, and labelling it: composes pipeline.themes (the
models) with pipeline.catalog (the rows), as pipeline.batch composes processing with storage."""
from __future__ import annotations

from dataclasses import asdict

from .catalog import Catalog
from .themes import ThemeModels, fit_models, load_models, load_taxonomy, models_dir, save_models


def current_models(catalog: Catalog) -> ThemeModels | None:
    """The models saved beside the catalog, or None before the first fit."""
    return load_models(models_dir(catalog.path))


def refit(catalog: Catalog, parts: tuple[str, ...] = ("themes", "clusters"), themes_path=None,
          cluster_options: dict | None = None) -> ThemeModels:
    """Fit the named parts on every practice in the catalog, save them, and relabel the catalog."""
    rows = catalog.fit_rows()
    taxonomy = load_taxonomy(themes_path)
    models = fit_models(rows, parts, previous=current_models(catalog), taxonomy=taxonomy,
                        cluster_options=cluster_options)
    save_models(models, models_dir(catalog.path))
    if not rows:
        return models
    texts_rows = rows
    from .themes import practice_text

    texts = [practice_text(r["title"], r["heading"], r["body"], r["sub"]) for r in texts_rows]
    ids = [r["id"] for r in texts_rows]
    if "themes" in parts:
        catalog.apply_themes(dict(zip(ids, models.themes.predict_themes(texts))), asdict(models.themes_info))
    if "clusters" in parts and models.clusters is not None:
        c = models.clusters
        labels = c.labels_
        distances = c.kmeans_.transform(c.transform(texts)) if len(texts) else None
        assignment = {pid: (int(label), float(distances[i, label])) for i, (pid, label) in enumerate(zip(ids, labels))}
        clusters = [{"id": k, "label": c.label(k), "terms": c.terms_[k], "slogan": c.slogans_[k], "size": int(c.sizes_[k])}
                    for k in range(len(c.sizes_))]
        catalog.apply_clusters(assignment, clusters, asdict(models.clusters_info))
    return models


def status(catalog: Catalog, themes_path=None) -> list[str]:
    """Lines saying whether the models are older than the catalog's data (empty: all current)."""
    models = current_models(catalog)
    n, last = catalog.practice_count()
    if models is None:
        return [f"no themes or clusters fitted yet for {n} practice(s) (`bulletin cluster` fits them)"] if n else []
    try:
        taxonomy = load_taxonomy(themes_path)
    except ValueError:
        taxonomy = None
    return models.stale(n, last, taxonomy)
