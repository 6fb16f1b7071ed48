"""The classification pipeline as pure functions over DataFrames.

``Classifier`` bundles a taxonomy, the Swedish analyzer, the keyword lexicon and (optionally) a
trained model. ``classify_frame(frame, clf)`` takes the frame from
:func:`forbattra.inputs.tables.read_suggestions` and returns it with four columns added:

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

from forbattra.scoring.classifier import DEFAULT_MIN_CONFIDENCE, MAX_THEMES, Featurizer, LexiconMatcher, ThemeModel, decide
from forbattra.inputs.tables import TEXT
from forbattra.taxonomy import Taxonomy, load_taxonomy
from forbattra.scoring.text import Analyzer

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
            for _a, h, i in zip(analyses, hits, out_idx):
                scores = self.matcher.scores(h)
                results[i] = self._result(scores, {t: [x.show() for x in hs] for t, hs in h.items()})
            return results  # type: ignore[return-value]
        model = self.model
        featurizer = _FEATURIZER
        vocab = model.vocabulary_
        X, parts = model.encode([featurizer.doc_indices(a, h, vocab, self.analyzer) for a, h in zip(analyses, hits)])
        P = model.predict_proba(X)
        col = {t: k for k, t in enumerate(model.themes_)}
        for r, (a, i) in enumerate(zip(analyses, out_idx)):
            scores = {t: float(P[r, col[t]]) for t in self.themes}
            chosen = decide(scores, self.thresholds, fb, max_themes=MAX_THEMES, floor=self.floor,
                            relative=getattr(model, "relative_", 0.0))
            evidence = {}
            for t in chosen:
                if t != fb:
                    evidence[t] = _top_words(model.word_credit(parts[r], col[t]), a)
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



_FEATURIZER = Featurizer()


def _top_words(credit, a, k: int = 5) -> list[str]:
    """The content words whose features raised a theme's score most (at least 20 % of the top).

    Every positive feature contribution was credited to the words it came from (lemma and
    compound features to their word, character n-grams to the word containing them, bigrams and
    lexicon hits to their first word), so the evidence is what actually drove the model's score.
    """
    best: dict[str, float] = {}
    for p in a.where:
        if p < len(credit) and credit[p] > 0:
            w = a.tokens[p]
            best[w] = best.get(w, 0.0) + float(credit[p])
    if not best:
        return []
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1]
    return [w for w, v in ranked if v >= 0.2 * top][:k]


@functools.lru_cache(maxsize=8)
def _cached_classifier(taxonomy_spec: str, model_spec: str | None, min_confidence: float | None) -> Classifier:
    return build_classifier(taxonomy_spec, model_spec, min_confidence=min_confidence)


def build_classifier(taxonomy: str | Path | Taxonomy | None = None, model: str | Path | None = None, *,
                     min_confidence: float | None = None, use_default_model: bool = True) -> Classifier:
    """Resolve taxonomy and model the way the CLI does.

    ``model=None`` uses the shipped model of a built-in taxonomy when there is one; ``model="none"``
    forces lexicon-only scoring. ``taxonomy=None`` with a model directory uses the taxonomy stored
    in it (else ``standard``).
    """
    from forbattra.scoring.model import default_model_dir, load_model

    if taxonomy is None and model is not None and str(model).lower() not in ("none", "lexicon") \
            and (Path(model) / "taxonomy.yaml").exists():
        taxonomy = load_model(model)[2]  # no --taxonomy: a model directory brings its own
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


PARALLEL_ABOVE = 20_000  # rows; below this a second process costs more than it saves
CHUNK = 5_000

_WORKER_CLF: "Classifier | None" = None


def _classify_chunk_worker(texts: list[str]) -> list[tuple]:
    # plain tuples pickle about five times faster than dataclass instances
    return [(r.themes, r.scores, r.evidence, r.status) for r in _WORKER_CLF.classify(texts)]  # type: ignore[union-attr]


def default_jobs(n_rows: int | None) -> int:
    """Processes worth using for ``n_rows`` texts (``None``: unknown, assume many)."""
    import os

    return min(os.cpu_count() or 1, 4) if n_rows is None or n_rows >= PARALLEL_ABOVE else 1


def open_pool(clf: Classifier, jobs: int):
    """A pool of forked workers that inherit ``clf`` (``None`` for one process).

    Fork it before reading big inputs: the workers then share only the model, not the data.
    """
    if jobs <= 1:
        return None
    import multiprocessing as mp

    global _WORKER_CLF
    _WORKER_CLF = clf  # inherited by the forked workers: nothing is pickled but texts and results
    try:
        return mp.get_context("fork").Pool(jobs)
    finally:
        _WORKER_CLF = None


def classify_texts(texts: list[str], clf: Classifier, *, jobs: int | None = None, progress=None,
                   pool=None) -> list[Result]:
    """Classify many texts in chunks, on several cores when it pays (fork start method).

    Results are in input order whatever the number of processes, so output does not depend on it.
    ``pool`` (from :func:`open_pool`) is used as is and left open.
    """
    n = len(texts)
    chunks = [texts[i:i + CHUNK] for i in range(0, n, CHUNK)]
    out: list[Result] = []
    if pool is not None and len(chunks) >= 2:
        for res in pool.imap(_classify_chunk_worker, chunks):
            out.extend(Result(*r) for r in res)
            if progress is not None:
                progress(len(res))
        return out
    if jobs is None:
        jobs = default_jobs(n)
    if jobs <= 1 or len(chunks) < 2:
        for ch in chunks:
            out.extend(clf.classify(ch))
            if progress is not None:
                progress(len(ch))
        return out
    with open_pool(clf, jobs) as own:
        for res in own.imap(_classify_chunk_worker, chunks):
            out.extend(Result(*r) for r in res)
            if progress is not None:
                progress(len(res))
    return out


def classify_frame(frame, clf: Classifier, *, jobs: int | None = 1, progress=None, pool=None):
    """Add ``themes``/``scores``/``evidence``/``status`` to a frame with a ``_text`` column."""
    results = classify_texts(list(frame[TEXT]), clf, jobs=jobs, progress=progress, pool=pool) if len(frame) else []
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
    occ = []
    for t in texts:
        a = clf.analyzer.analyze(t if isinstance(t, str) else "")
        occ.append(_FEATURIZER.doc_indices(a, clf.matcher.match(a), clf.model.vocabulary_, clf.analyzer))
    if not occ:
        return np.zeros((0, len(clf.model.themes_)))
    return clf.model.predict_proba(clf.model.encode(occ)[0])
