"""Stage 5, themes and clusters: every practice gets one or two themes of the editable taxonomy
(models/themes.yaml) and a place among unsupervised clusters of similar practices.

Names are imported on first use, so that reading a catalog does not load scikit-learn.
"""
from importlib import import_module

_WHERE = {
    "ThemeClassifier": "classifier", "PracticeClusters": "clusters", "default_clusters": "clusters",
    "FitInfo": "models", "ThemeModels": "models", "annotate": "models", "fit_models": "models",
    "load_models": "models", "models_dir": "models", "save_models": "models",
    "Taxonomy": "taxonomy", "TaxonomyError": "taxonomy", "Theme": "taxonomy", "load_taxonomy": "taxonomy",
    "Words": "text", "descendant_texts": "text", "practice_text": "text", "tokenize": "text",
}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
