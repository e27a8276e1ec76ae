"""Themes for practices: TF-IDF similarity to one prototype per theme.

A theme's prototype starts from its description and seed terms (themes.yaml). Labelled practices,
where there are any, pull it towards what staff filed under the theme (Rocchio). Unlabelled practices
refine it once more: each prototype takes in the practices that are clearly closest to it, so the
words a corpus uses for a theme count, not only the words of the taxonomy (pseudo-relevance feedback).
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
      feedback_weight weight of the closest unlabelled practices' centroid (0: no feedback)
      feedback_share  share of each theme's nearest practices taken as feedback
      second_ratio    a second theme is listed when its score is at least this share of the first's
      max_fit         most texts the vectorizer learns word rarities from (a seeded sample beyond)
    """

    def __init__(self, taxonomy: Taxonomy, term_weight: int = 1, label_weight: float = 1.0,
                 feedback_weight: float = 0.0, feedback_share: float = 0.3, second_ratio: float = 0.75,
                 max_fit: int = 20_000):
        self.taxonomy = taxonomy
        self.term_weight = term_weight
        self.label_weight = label_weight
        self.feedback_weight = feedback_weight
        self.feedback_share = feedback_share
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
        seed = self.vectorizer_.transform(docs).toarray()
        prototypes = seed.copy()
        needs_rows = bool(texts) and (labels is not None or self.feedback_weight)
        X = self.vectorizer_.transform(texts) if needs_rows else None  # only labels and feedback read it
        if labels is not None and X is not None:
            index = {name: i for i, name in enumerate(self.themes_)}
            for name, i in index.items():
                rows = [r for r, label in enumerate(labels) if label == name]
                if rows:
                    prototypes[i] += self.label_weight * _centroid(X[rows])
        prototypes = normalize(prototypes)
        if self.feedback_weight and X is not None and X.shape[0] >= len(self.themes_):
            scores = np.asarray(X @ prototypes.T)
            best = scores.argmax(axis=1)
            refined = prototypes.copy()
            for i in range(len(self.themes_)):
                members = np.flatnonzero((best == i) & (scores[:, i] > 0))
                if len(members) == 0:
                    continue
                keep = members[np.argsort(-scores[members, i])][:max(1, int(len(members) * self.feedback_share))]
                refined[i] += self.feedback_weight * _centroid(X[keep])
            prototypes = normalize(refined)
        self.prototypes_ = prototypes
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
