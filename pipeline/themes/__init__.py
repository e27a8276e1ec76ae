"""Stage 5, themes and clusters: every practice gets one or two themes of the editable taxonomy
(models/themes.yaml) and a place among unsupervised clusters of similar practices."""
from .classifier import ThemeClassifier
from .clusters import PracticeClusters, default_clusters
from .models import FitInfo, ThemeModels, annotate, fit_models, load_models, models_dir, save_models
from .taxonomy import Taxonomy, TaxonomyError, Theme, load_taxonomy
from .text import Words, descendant_texts, practice_text

__all__ = ["ThemeClassifier", "PracticeClusters", "default_clusters", "FitInfo", "ThemeModels", "annotate", "fit_models",
           "load_models", "models_dir", "save_models", "Taxonomy", "TaxonomyError", "Theme", "load_taxonomy",
           "Words", "descendant_texts", "practice_text"]
