"""Themes for practices: TF-IDF similarity to one prototype per theme.

A theme's prototype starts from its description and seed terms (themes.yaml). Labelled practices,
where there are any, pull it towards what staff filed under the theme (Rocchio). A theme's score is
its cosine similarity times its weight (themes.yaml).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .taxonomy import Taxonomy
from .text import Words


class ThemeClassifier(BaseEstimator):
    """``fit(texts, labels=None)`` then ``predict_themes(texts)`` → one or two (theme, score) per text.

    Parameters:
      taxonomy        the themes, with descriptions and seed terms
      term_weight     how often a theme's seed terms are repeated in its prototype document
      label_weight    weight of the labelled practices' centroid against the seed prototype
      second_ratio    a second theme is listed when its score is at least this share of the first's
      max_fit         most texts the vectorizer learns word rarities from (a seeded sample beyond)
    """

    def __init__(self, taxonomy: Taxonomy, term_weight: int = 1, label_weight: float = 1.0,
                 second_ratio: float = 0.75, max_fit: int = 20_000):
        self.taxonomy = taxonomy
        self.term_weight = term_weight
        self.label_weight = label_weight
        self.second_ratio = second_ratio
        self.max_fit = max_fit

    def _theme_documents(self) -> list[str]:
        return ["\n".join([t.name, t.description] + [" ".join(t.terms)] * self.term_weight)
                for t in self.taxonomy.themes]

    def fit(self, texts: list[str], labels: list[str | None] | None = None) -> "ThemeClassifier":
        texts = list(texts)
        docs = self._theme_documents()
        self.themes_ = self.taxonomy.names
        self.vectorizer_ = TfidfVectorizer(analyzer=Words(), sublinear_tf=True)
        sample = texts
        if len(texts) > self.max_fit:  # word rarities are as well estimated from a sample
            picks = np.random.default_rng(0).choice(len(texts), self.max_fit, replace=False)
            sample = [texts[i] for i in sorted(picks)]
        self.vectorizer_.fit(sample + docs)
        prototypes = self.vectorizer_.transform(docs).toarray()
        if labels is not None and texts:  # only labels need the practices' own vectors
            X = self.vectorizer_.transform(texts)
            for i, name in enumerate(self.themes_):
                rows = [r for r, label in enumerate(labels) if label == name]
                if rows:
                    prototypes[i] += self.label_weight * _centroid(X[rows])
        self.prototypes_ = normalize(prototypes)
        self.weights_ = np.asarray(self.taxonomy.weights, dtype=float)
        return self

    def decision_function(self, texts: list[str]) -> np.ndarray:
        """Cosine similarity of each text to each theme's prototype times the theme's weight, shape
        (texts, themes)."""
        X = self.vectorizer_.transform(list(texts))
        weights = getattr(self, "weights_", None)  # models saved before weights existed: all 1
        scores = np.asarray(X @ self.prototypes_.T)
        return scores * weights if weights is not None else scores

    def predict_themes(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        out = []
        for row in self.decision_function(texts):
            order = np.argsort(-row)
            first, second = order[0], order[1] if len(order) > 1 else None
            themes = [(self.themes_[first], float(row[first]))]
            if second is not None and row[second] > 0 and row[second] >= self.second_ratio * row[first]:
                themes.append((self.themes_[second], float(row[second])))
            out.append(themes)
        return out


def _centroid(rows) -> np.ndarray:
    mean = np.asarray(sparse.csr_matrix(rows).mean(axis=0)).ravel()
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean
