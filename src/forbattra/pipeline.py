"""The classification pipeline as pure functions over DataFrames.

``Classifier`` bundles a taxonomy, the Swedish analyzer, the keyword lexicon and (optionally) a
trained model. ``classify_frame(frame, clf)`` takes the frame from
:func:`forbattra.reading.read_suggestions` and returns it with four columns added:

* ``themes``   – list of theme ids, primary first (never empty; the fallback when unsure),
* ``scores``   – theme id → confidence 0..1 for the assigned themes,
* ``evidence`` – theme id → list of words/phrases that drove that theme's score,
* ``status``   – ``ok`` or ``empty``.

``classify_chunk(df, ...)`` is the same for one chunk of a bigger job and is safe to use inside
Dask ``map_partitions`` or Spark ``mapInPandas`` (see ``docs/architecture.md``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .classifier import DEFAULT_MIN_CONFIDENCE, MAX_THEMES, LexiconMatcher, ThemeModel, decide, features
from .reading import TEXT
from .taxonomy import Taxonomy, load_taxonomy
from .text import Analyzer

THEMES, SCORES, EVIDENCE, STATUS = "themes", "scores", "evidence", "status"
RESULT_COLUMNS = (THEMES, SCORES, EVIDENCE, STATUS)


@dataclass
class Result:
    """The classification of one suggestion."""

    themes: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]]
    status: str = "ok"


@dataclass
class Classifier:
    """Taxonomy + analyzer + lexicon + optional model, with thresholds resolved once."""

    taxonomy: Taxonomy
    model: ThemeModel | None = None
    model_meta: dict = field(default_factory=dict)
    min_confidence: float | None = None
    analyzer: Analyzer = field(default_factory=Analyzer)

    def __post_init__(self) -> None:
        self.matcher = LexiconMatcher(self.taxonomy, self.analyzer)
        self.themes = self.taxonomy.content_ids
        base = self.model.thresholds_ if self.model is not None else {}
        self.thresholds = {}
        for t in self.themes:
            th = self.taxonomy[t].min_confidence
            if th is None:
                th = self.min_confidence if self.min_confidence is not None else base.get(t, DEFAULT_MIN_CONFIDENCE)
            self.thresholds[t] = th
        self.floor = getattr(self.model, "floor_", None) if self.model is not None else None
        if self.min_confidence is not None and self.floor is not None:
            self.floor = max(self.floor, self.min_confidence)

    @property
    def model_hash(self) -> str:
        """Short identity of the model used ("lexicon" when none)."""
        return str(self.model_meta.get("model_hash", "lexicon")) if self.model is not None else "lexicon"

    def classify(self, texts: Sequence[str]) -> list[Result]:
        """Classify raw texts (empty text → status ``empty``, fallback theme)."""
        fb = self.taxonomy.fallback
        analyses, hits, out_idx = [], [], []
        results: list[Result | None] = [None] * len(texts)
        for i, t in enumerate(texts):
            if not isinstance(t, str) or not t.strip():
                results[i] = Result([fb], {fb: 1.0}, {fb: []}, "empty")
                continue
            a = self.analyzer.analyze(t)
            analyses.append(a)
            hits.append(self.matcher.match(a))
            out_idx.append(i)
        if self.model is None:
            for a, h, i in zip(analyses, hits, out_idx):
                scores = self.matcher.scores(h)
                results[i] = self._result(scores, {t: [x.show() for x in hs] for t, hs in h.items()})
            return results  # type: ignore[return-value]
        model = self.model
        X = model.transform([features(a, h) for a, h in zip(analyses, hits)])
        P = model.predict_proba(X)
        col = {t: k for k, t in enumerate(model.themes_)}
        for r, (a, h, i) in enumerate(zip(analyses, hits, out_idx)):
            scores = {t: float(P[r, col[t]]) for t in self.themes}
            chosen = decide(scores, self.thresholds, fb, max_themes=MAX_THEMES, floor=self.floor)
            evidence = {}
            for t in chosen:
                if t == fb:
                    continue
                evidence[t] = self._model_evidence(model.explain(X, r, col[t], k=None), h.get(t, []), a)
            results[i] = self._finish(chosen, scores, evidence)
        return results  # type: ignore[return-value]

    def _result(self, scores: dict[str, float], evidence: dict[str, list[str]]) -> Result:
        chosen = decide(scores, self.thresholds, self.taxonomy.fallback, max_themes=MAX_THEMES)
        return self._finish(chosen, scores, evidence)

    def _finish(self, chosen: list[str], scores: dict[str, float], evidence: dict[str, list[str]]) -> Result:
        fb = self.taxonomy.fallback
        if chosen == [fb]:
            best = max(scores.values(), default=0.0)
            return Result([fb], {fb: round(1.0 - best, 4)}, {fb: []})
        return Result(chosen, {t: round(scores[t], 4) for t in chosen}, {t: evidence.get(t, []) for t in chosen})

    def _model_evidence(self, contrib: list[tuple[str, float]], hits, a) -> list[str]:
        """The words of the text that raised a theme's score most, strongest first.

        Every positive feature contribution is credited to the words it came from: lemma and
        compound features to the words with that lemma/part, character n-grams to the words that
        contain them, lexicon features to the matched keywords. So the evidence is what actually
        drove the model's score, shown as the words the writer used.
        """
        from .text import fold, tokenize

        words = tokenize(a.norm)
        lemma_words: dict[str, list[str]] = {}
        for w in words:
            res = self.analyzer.word(w)
            if res is None:
                continue
            lemma_words.setdefault(res[0], []).append(w)
            for atom in res[1]:
                lemma_words.setdefault("#" + atom, []).append(w)
        folded = [(w, f" {fold(w)} ") for w in words]
        credit: dict[str, float] = {}

        def give(targets, amount):
            targets = list(dict.fromkeys(targets))
            for t in targets:
                credit[t] = credit.get(t, 0.0) + amount / len(targets)

        for name, value in contrib:
            kind, _, feat = name.partition(":")
            if kind == "w":
                give(lemma_words.get(feat, []), value)
            elif kind in ("h", "m"):
                give(lemma_words.get("#" + feat, []), value)
            elif kind == "b":
                first, _, second = feat.partition("_")
                give(lemma_words.get(first, [])[:1] + lemma_words.get(second, [])[:1], value)
            elif kind == "c":
                give([w for w, f in folded if feat in f], value)
            elif kind in ("x", "xw", "xx"):
                give([w for x in hits for w in lemma_words.get(x.word, [x.word])[:1]], value)
        content = {w for ws in lemma_words.values() for w in ws}
        ranked = sorted(((w, v) for w, v in credit.items() if w in content), key=lambda kv: (-kv[1], kv[0]))
        if not ranked:
            return []
        top = ranked[0][1]
        return [w for w, v in ranked if v >= 0.2 * top][:5]


@functools.lru_cache(maxsize=8)
def _cached_classifier(taxonomy_spec: str, model_spec: str | None, min_confidence: float | None) -> Classifier:
    return build_classifier(taxonomy_spec, model_spec, min_confidence=min_confidence)


def build_classifier(taxonomy: str | Path | Taxonomy | None = None, model: str | Path | None = None, *,
                     min_confidence: float | None = None, use_default_model: bool = True) -> Classifier:
    """Resolve taxonomy and model the way the CLI does.

    ``model=None`` uses the shipped model of a built-in taxonomy when there is one; ``model="none"``
    forces lexicon-only scoring.
    """
    from .model import default_model_dir, load_model

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    model_dir: Path | None = None
    if model is not None and str(model).lower() not in ("none", "lexicon"):
        model_dir = Path(model)
    elif model is None and use_default_model:
        model_dir = default_model_dir(tax.name) if tax.source.endswith("(built-in)") else None
    if model_dir is None:
        return Classifier(tax, min_confidence=min_confidence)
    m, meta, _ = load_model(model_dir, tax)
    meta = dict(meta)
    meta["path"] = str(model_dir)
    meta["model_hash"] = _dir_hash(model_dir)
    return Classifier(tax, m, meta, min_confidence=min_confidence)


def _dir_hash(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for name in ("model.json", "weights.npz"):
        h.update((path / name).read_bytes())
    return h.hexdigest()[:16]


def classify_frame(frame, clf: Classifier):
    """Add ``themes``/``scores``/``evidence``/``status`` to a frame with a ``_text`` column."""
    results = clf.classify(list(frame[TEXT]) if len(frame) else [])
    return frame.assign(**{
        THEMES: [r.themes for r in results],
        SCORES: [r.scores for r in results],
        EVIDENCE: [r.evidence for r in results],
        STATUS: [r.status for r in results],
    })


def classify_chunk(df, text_column: str = "text", *, taxonomy: str = "standard", model: str | None = None,
                   min_confidence: float | None = None):
    """Classify one chunk: ``DataFrame`` in → same rows with ``themes``, ``primary_theme``,
    ``scores``, ``evidence``, ``status`` columns out (input columns kept, index kept).

    Pure apart from a per-process cache of the loaded classifier, so it is safe as the function of
    ``dask.dataframe.map_partitions`` or Spark's ``mapInPandas`` (wrap it in an iterator there).
    """
    import json

    clf = _cached_classifier(str(taxonomy), None if model is None else str(model), min_confidence)
    results = clf.classify(list(df[text_column].astype("string").fillna("")) if len(df) else [])
    return df.assign(
        themes=["|".join(r.themes) for r in results],
        primary_theme=[r.themes[0] for r in results],
        scores=[json.dumps(r.scores, ensure_ascii=False, sort_keys=True) for r in results],
        evidence=[json.dumps(r.evidence, ensure_ascii=False, sort_keys=True) for r in results],
        status=[r.status for r in results],
    )


def theme_scores(texts, clf: Classifier):
    """Dense (n_texts × n_themes) model scores, e.g. to guide clustering; ``None`` without a model."""
    import numpy as np

    if clf.model is None:
        return None
    docs = []
    for t in texts:
        a = clf.analyzer.analyze(t if isinstance(t, str) else "")
        docs.append(features(a, clf.matcher.match(a)))
    if not docs:
        return np.zeros((0, len(clf.model.themes_)))
    return clf.model.predict_proba(clf.model.transform(docs))
