"""Theme scoring: a compound-aware keyword lexicon plus a learned linear model.

Two scorers, one contract (scikit-learn style):

* :class:`LexiconMatcher` matches the taxonomy's keywords on lemmas, compound heads and compound
  modifiers (``samtalsrummet`` hits *rum*), honouring exclusion phrases (``lokala rutiner`` is not
  premises). It needs no training and works for any user taxonomy.
* :class:`ThemeModel` is a one-vs-rest logistic regression over lemma, compound-part, bigram and
  lexicon-hit features (``fit`` / ``predict_proba`` / ``explain``). Its per-theme thresholds are
  tuned by cross-validation at training time. It is saved as JSON + ``.npz`` arrays (no pickle).

:func:`classify_frame` turns scores into the per-row result columns: ``themes`` (primary first),
``scores``, ``evidence`` and ``status``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from .taxonomy import Taxonomy
from .text import Analysis, Analyzer, fold, normalise

MAX_THEMES = 3
DEFAULT_MIN_CONFIDENCE = 0.5
_W_FULL, _W_HEAD, _W_MOD = 1.0, 0.8, 0.4


@dataclass(frozen=True)
class Hit:
    """One keyword match: the keyword, the word it matched in, and its weight."""

    keyword: str
    word: str
    weight: float

    def show(self) -> str:
        return self.keyword if self.keyword == self.word else f"{self.keyword} ({self.word})"


class LexiconMatcher:
    """Match a taxonomy's keywords on analysed text (lemmas, compound parts, folded forms)."""

    def __init__(self, taxonomy: Taxonomy, analyzer: Analyzer) -> None:
        self.taxonomy = taxonomy
        self.analyzer = analyzer
        self.themes = taxonomy.content_ids
        self._single: dict[str, list[tuple[str, str]]] = {}  # lemma -> [(theme, keyword)]
        self._multi: list[tuple[tuple[str, ...], str, str]] = []  # (lemmas, theme, keyword)
        self._exclude: list[tuple[tuple[str, ...], str]] = []  # (lemmas, theme)
        self._compound: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # atoms -> [(theme, kw)]
        for tid in self.themes:
            theme = taxonomy[tid]
            for kw in theme.keywords:
                lem = self._phrase(kw)
                if not lem:
                    continue
                if len(lem) == 1:
                    if any(t == tid for t, _ in self._single.get(lem[0], ())):
                        continue  # "lokal" and "lokaler" are one keyword
                    self._single.setdefault(lem[0], []).append((tid, kw))
                    atoms = self.analyzer.analyze(kw).atoms
                    if atoms and len(atoms[0]) > 1:
                        self._compound.setdefault(atoms[0], []).append((tid, kw))
                else:
                    self._multi.append((lem, tid, kw))
            for ex in theme.exclude:
                lem = self._phrase(ex)
                if lem:
                    self._exclude.append((lem, tid))

    def _phrase(self, phrase: str) -> tuple[str, ...]:
        a = self.analyzer.analyze(phrase)
        if a.lemmas:
            return a.lemmas
        # A keyword that is a stop word ("it") still counts when the user asked for it.
        return tuple(w for w in normalise(phrase).split() if w)

    def match(self, a: Analysis) -> dict[str, list[Hit]]:
        """Keyword hits per theme for one analysed text."""
        lemmas = a.lemmas
        n = len(lemmas)
        blocked: dict[str, set[int]] = {}
        for seq, tid in self._exclude:
            for i in _find(lemmas, seq):
                blocked.setdefault(tid, set()).update(range(i, i + len(seq)))
        hits: dict[str, list[Hit]] = {}
        covered: dict[str, set[int]] = {}
        for seq, tid, kw in self._multi:
            for i in _find(lemmas, seq):
                span = set(range(i, i + len(seq)))
                if span & blocked.get(tid, set()):
                    continue
                hits.setdefault(tid, []).append(Hit(kw, " ".join(seq), _W_FULL * len(seq) ** 0.5))
                covered.setdefault(tid, set()).update(span)
        single = self._single
        for i in range(n):
            lem = lemmas[i]
            atoms = a.atoms[i]
            head, mods = atoms[-1], atoms[:-1]
            full = single.get(lem)
            matched_themes: set[str] = set()
            if full:
                for tid, kw in full:
                    if i in blocked.get(tid, ()) or i in covered.get(tid, ()):
                        continue
                    hits.setdefault(tid, []).append(Hit(kw, lem, _W_FULL))
                    matched_themes.add(tid)
            if not mods:
                continue
            # Longest match first: a theme matched on the whole word is not matched again on parts,
            # and a part that belongs to a longer keyword of another theme (hand|ledning) is skipped.
            # Compound keywords inside longer compounds (arbetsmiljö in arbetsmiljöarbetet),
            # longest span first.
            m = len(atoms)
            for size in range(m - 1, 1, -1):
                for j in range(m - size + 1):
                    for tid, kw in self._compound.get(atoms[j:j + size], ()):
                        if tid not in matched_themes and i not in blocked.get(tid, ()):
                            w = _W_HEAD if j + size == m else _W_MOD
                            hits.setdefault(tid, []).append(Hit(kw, lem, w))
                            matched_themes.add(tid)
            for tid, kw in single.get(head, ()):
                if tid not in matched_themes and i not in blocked.get(tid, ()):
                    hits.setdefault(tid, []).append(Hit(kw, lem, _W_HEAD))
                    matched_themes.add(tid)
            for m in mods:
                for tid, kw in single.get(m, ()):
                    if tid not in matched_themes and i not in blocked.get(tid, ()):
                        hits.setdefault(tid, []).append(Hit(kw, lem, _W_MOD))
                        matched_themes.add(tid)
        return hits

    def scores(self, hits: dict[str, list[Hit]]) -> dict[str, float]:
        """Lexicon confidence per theme: 1 - exp(-sum of hit weights)."""
        return {tid: 1.0 - math.exp(-sum(h.weight for h in hs)) for tid, hs in hits.items()}


def _find(seq: Sequence[str], sub: Sequence[str]) -> Iterable[int]:
    m = len(sub)
    first = sub[0]
    for i in range(len(seq) - m + 1):
        if seq[i] == first and tuple(seq[i:i + m]) == tuple(sub):
            yield i


def decide(scores: dict[str, float], thresholds: dict[str, float], fallback: str,
           *, max_themes: int = MAX_THEMES, floor: float | None = None) -> list[str]:
    """Themes whose score reaches their threshold, best first; the fallback when none does.

    ``floor``: if no theme passes its threshold but the best one scores at least ``floor``, that one
    is kept (a suggestion is rarely about nothing).
    """
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [t for t, s in ranked if s >= thresholds.get(t, DEFAULT_MIN_CONFIDENCE)][:max_themes]
    if not chosen and ranked and floor is not None and ranked[0][1] >= floor:
        chosen = [ranked[0][0]]
    return chosen or [fallback]


# ------------------------------------------------------------------------------------------------
# Learned model


def features(a: Analysis, hits: dict[str, list[Hit]]) -> list[str]:
    """Sparse feature names for one analysed text.

    ``w:`` lemma, ``b:`` lemma bigram, ``h:``/``m:`` compound head/modifier, ``x:`` theme with a
    lexicon hit (strong when on a whole word, weak when on a compound part), ``c:`` character
    3–5-grams of the folded words (robust to typos and unknown compounds).
    """
    out = [f"w:{l}" for l in a.lemmas]
    out.extend(char_ngrams(a.norm))
    lem = a.lemmas
    out.extend(f"b:{lem[i]}_{lem[i + 1]}" for i in range(len(lem) - 1))
    for atoms in a.atoms:
        if len(atoms) > 1:
            out.append(f"h:{atoms[-1]}")
            out.extend(f"m:{p}" for p in atoms[:-1])
    for tid, hs in hits.items():
        best = max(h.weight for h in hs)
        out.append(f"x:{tid}" if best >= 1.0 else f"xw:{tid}")
        if len(hs) > 1:
            out.append(f"xx:{tid}")
    return out


def char_ngrams(norm: str, lo: int = 3, hi: int = 5) -> list[str]:
    """Character n-grams inside word boundaries of folded text (like scikit-learn's ``char_wb``)."""
    out: list[str] = []
    for w in fold(norm).split():
        w = f" {w} "
        n = len(w)
        for k in range(lo, min(hi, n) + 1):
            out.extend("c:" + w[i:i + k] for i in range(n - k + 1))
    return out


class ThemeModel:
    """One-vs-rest logistic regression over :func:`features`, with per-theme thresholds.

    scikit-learn conventions: ``__init__`` stores parameters, ``fit`` returns ``self``, learned
    state ends in ``_``. Saved with :meth:`save` as ``model.json`` + ``weights.npz``.
    """

    def __init__(self, C: float = 4.0, min_df: int = 2, class_weight: str | None = "balanced") -> None:
        self.C = C
        self.min_df = min_df
        self.class_weight = class_weight

    # -- fitting ---------------------------------------------------------------------------------
    def fit(self, docs: Sequence[list[str]], labels: Sequence[Sequence[str]], themes: Sequence[str]) -> "ThemeModel":
        """Fit on feature lists ``docs`` and label lists (theme ids, fallback excluded)."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        self.themes_ = list(themes)
        df: dict[str, int] = {}
        for d in docs:
            for f in set(d):
                df[f] = df.get(f, 0) + 1
        vocab = sorted(f for f, c in df.items() if c >= self.min_df or f.startswith("x"))
        self.vocabulary_ = {f: i for i, f in enumerate(vocab)}
        n = len(docs)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocab], dtype=np.float64)
        X = self.transform(docs)
        Y = np.array([[t in set(lab) for t in self.themes_] for lab in labels], dtype=int)
        coef = np.zeros((len(self.themes_), len(vocab)))
        intercept = np.zeros(len(self.themes_))
        for k in range(len(self.themes_)):
            y = Y[:, k]
            if y.min() == y.max():
                intercept[k] = 10.0 if y[0] else -10.0
                continue
            clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear")
            clf.fit(X, y)
            coef[k] = clf.coef_[0]
            intercept[k] = clf.intercept_[0]
        self.coef_ = coef
        self.intercept_ = intercept
        self.thresholds_ = {t: DEFAULT_MIN_CONFIDENCE for t in self.themes_}
        return self

    def transform(self, docs: Sequence[list[str]]):
        """Sublinear tf-idf, l2-normalised, as a CSR matrix."""
        import numpy as np
        from scipy import sparse

        vocab = self.vocabulary_
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        idf = self.idf_
        for d in docs:
            counts: dict[int, int] = {}
            for f in d:
                j = vocab.get(f)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if counts:
                cols = sorted(counts)
                vals = [(1.0 + math.log(counts[j])) * idf[j] for j in cols]
                norm = math.sqrt(sum(v * v for v in vals))
                indices.extend(cols)
                data.extend(v / norm for v in vals)
            indptr.append(len(indices))
        return sparse.csr_matrix((np.array(data), np.array(indices, dtype=np.int32), np.array(indptr)),
                                 shape=(len(docs), len(vocab)))

    def predict_proba(self, X):
        """Per-theme probabilities, shape (n_docs, n_themes)."""
        import numpy as np

        self._check()
        z = X @ self.coef_.T + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def explain(self, X, row: int, theme_index: int, k: int | None = 4) -> list[tuple[str, float]]:
        """The ``k`` features (all if None) that pushed ``theme_index`` up most for one row."""
        x = X.getrow(row)
        w = self.coef_[theme_index]
        contrib = [(self._names[j], float(v * w[j])) for j, v in zip(x.indices, x.data) if v * w[j] > 0]
        contrib.sort(key=lambda kv: (-kv[1], kv[0]))
        return contrib if k is None else contrib[:k]

    @property
    def _names(self) -> list[str]:
        names = getattr(self, "_names_cache", None)
        if names is None:
            names = [""] * len(self.vocabulary_)
            for f, j in self.vocabulary_.items():
                names[j] = f
            self._names_cache = names
        return names

    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("This ThemeModel is not fitted yet; call fit() first.")
