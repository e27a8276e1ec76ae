"""Unsupervised clusters of practices, so that new kinds of practice surface by themselves.

Words (search-mode jieba) → TF-IDF → truncated SVD (LSA) → unit length → k-means. Each cluster is
labelled by its most distinctive words, class-based TF-IDF over the cluster's word counts (a word
frequent in the cluster and rare in the others), and by its most frequent slogan. New practices are
placed in the nearest cluster without a refit.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

from .text import Words


def default_clusters(n: int) -> int:
    """About √(n/2) clusters, at least 1 and at most 200: 66 practices → 6, 100,000 → 200."""
    return int(min(200, max(1, round((n / 2) ** 0.5))))


class PracticeClusters(BaseEstimator):
    """``fit(texts, slogans=None)``, then ``predict(texts)`` → (cluster, distance) for new practices.

    Parameters: n_clusters (None: :func:`default_clusters`), n_components of the SVD, min_df/max_df of
    the vocabulary, top_terms per label, slogan_share (how common a slogan must be among a cluster's
    practices to label it), max_fit (most practices the fit itself reads: a seeded sample beyond, the
    rest placed by ``predict``), random_state.
    """

    def __init__(self, n_clusters: int | None = None, n_components: int = 100, min_df: int = 2,
                 max_df: float = 0.5, top_terms: int = 5, slogan_share: float = 0.1, max_fit: int = 50_000,
                 random_state: int = 0):
        self.n_clusters = n_clusters
        self.n_components = n_components
        self.min_df = min_df
        self.max_df = max_df
        self.top_terms = top_terms
        self.slogan_share = slogan_share
        self.max_fit = max_fit
        self.random_state = random_state

    def fit(self, texts: list[str], slogans: list[list[str]] | None = None) -> "PracticeClusters":
        """Fit on the texts (a seeded sample of ``max_fit`` of them where there are more), then place
        every text in its nearest cluster: ``labels_`` and ``distances_`` are for all of them."""
        texts = list(texts)
        self._n_total = len(texts)  # the number of clusters follows the whole catalog, not the sample
        if len(texts) > self.max_fit:
            picks = sorted(np.random.default_rng(self.random_state).choice(len(texts), self.max_fit, replace=False))
            self._fit([texts[i] for i in picks], None if slogans is None else [slogans[i] for i in picks])
            labels, distances = [], []
            for start in range(0, len(texts), 10_000):  # in chunks: memory stays bounded
                lab, dist = self.predict(texts[start:start + 10_000])
                labels.append(lab)
                distances.append(dist)
            self.labels_ = np.concatenate(labels)
            self.distances_ = np.concatenate(distances)
            self.sizes_ = np.bincount(self.labels_, minlength=len(self.sizes_))
            self.slogans_ = self._top_slogans(self.labels_, slogans, len(self.sizes_))
            self.n_fitted_ = len(texts)
            return self
        return self._fit(texts, slogans)

    def _fit(self, texts: list, slogans) -> "PracticeClusters":
        n = len(texts)
        if n == 0:
            raise ValueError("no practices to cluster")
        k = min(n, self.n_clusters or default_clusters(getattr(self, "_n_total", n)))
        self.counts_ = CountVectorizer(analyzer=Words(), min_df=min(self.min_df, n), max_df=self.max_df if n > 10 else 1.0)
        try:
            counts = self.counts_.fit_transform(texts)
        except ValueError:  # every word was cut by min_df/max_df (a tiny catalog): keep them all
            self.counts_ = CountVectorizer(analyzer=Words())
            counts = self.counts_.fit_transform(texts)
        components = max(1, min(self.n_components, counts.shape[1] - 1, n - 1))
        self.embed_ = make_pipeline(TfidfTransformer(sublinear_tf=True), TruncatedSVD(components, random_state=self.random_state),
                                    Normalizer())
        X = self.embed_.fit_transform(counts)
        self.kmeans_ = MiniBatchKMeans(n_clusters=k, n_init=3, batch_size=4096, random_state=self.random_state)
        labels = self.kmeans_.fit_predict(X)
        self.labels_ = labels
        # each practice's distance to its centre, computed directly (not the full n × k matrix)
        self.distances_ = np.linalg.norm(X - self.kmeans_.cluster_centers_[labels], axis=1)
        self.sizes_ = np.bincount(labels, minlength=k)
        self.terms_ = self._distinctive_terms(counts, labels, k)
        self.slogans_ = self._top_slogans(labels, slogans, k)
        self.n_fitted_ = n
        return self

    def _distinctive_terms(self, counts, labels, k) -> list[list[str]]:
        """c-TF-IDF: tf of a word in the cluster's concatenated text × log(1 + mean words per cluster /
        the word's frequency over all clusters). Sparse throughout: clusters × vocabulary stays small."""
        members = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
        per_cluster = (members @ counts).tocsr().astype(np.float64)  # k × vocabulary word counts
        totals = np.asarray(per_cluster.sum(axis=1)).ravel()
        word_totals = np.asarray(per_cluster.sum(axis=0)).ravel()
        idf = np.log1p((totals.sum() / max(1, k)) / np.maximum(word_totals, 1))
        names = self.counts_.get_feature_names_out()
        out = []
        for c in range(k):
            row = per_cluster.getrow(c)
            if row.nnz == 0 or totals[c] == 0:
                out.append([])
                continue
            scores = row.data / totals[c] * idf[row.indices]
            best = row.indices[np.argsort(-scores)[:self.top_terms]]
            out.append([str(names[j]) for j in best])
        return out

    def _top_slogans(self, labels, slogans, k) -> list[str | None]:
        """The slogan most of a cluster's practices stand under, where it is common enough to speak
        for the cluster (at least two practices and ``slogan_share`` of them); else None."""
        out: list[str | None] = [None] * k
        if slogans is None:
            return out
        for c in range(k):
            members = np.flatnonzero(labels == c)
            counter = Counter(s for i in members for s in set(slogans[i] or ()))
            if counter:
                slogan, n = counter.most_common(1)[0]
                if n >= 2 and n >= self.slogan_share * len(members):
                    out[c] = slogan
        return out

    def label(self, cluster: int) -> str:
        terms = " · ".join(self.terms_[cluster][:self.top_terms])
        slogan = self.slogans_[cluster]
        return f"{terms} | “{slogan}”" if slogan else terms

    def transform(self, texts: list[str]) -> np.ndarray:
        return self.embed_.transform(self.counts_.transform(list(texts)))

    def predict(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The nearest cluster of each text and its distance to the cluster's centre."""
        X = self.transform(texts)
        distances = self.kmeans_.transform(X)
        nearest = distances.argmin(axis=1)
        return nearest, distances[np.arange(len(nearest)), nearest]
