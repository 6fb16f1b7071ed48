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

from forbattra.scoring.classifier import DEFAULT_MIN_CONFIDENCE, MAX_THEMES, LexiconMatcher, ThemeModel, decide_matrix
from forbattra.taxonomy import Taxonomy, builtin_like, load_taxonomy
from forbattra.scoring.text import Analyzer

from forbattra.record import EVIDENCE, NO_SUGGESTION, RESULT_COLUMNS, SCORES, STATUS, TEXT, THEMES  # noqa: E402,F401

NONSUGGESTION_MAX_CHARS = 80  # longer answers are always read as suggestions


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
            if th is None and self.min_confidence is not None and t in base:
                # a model's threshold is tuned per theme: --min-confidence is an extra minimum on top of it, as on
                # top of a learnt gate or sorting by meaning, never a lower bar that adds themes the model rejects
                th = max(base[t], self.min_confidence)
            elif th is None:
                th = self.min_confidence if self.min_confidence is not None else base.get(t, DEFAULT_MIN_CONFIDENCE)
            self.thresholds[t] = th
        self.floor = getattr(self.model, "floor_", None) if self.model is not None else None
        # a model's learnt gate decides how many themes; a user's thresholds are then an extra minimum
        self.gate = getattr(self.model, "gate_", None) if self.model is not None else None
        if self.gate is not None:
            self.gate_minimum = {t: self.taxonomy[t].min_confidence if self.taxonomy[t].min_confidence is not None
                                 else self.min_confidence or 0.0 for t in self.themes}
        if self.min_confidence is not None and self.floor is not None:
            self.floor = max(self.floor, self.min_confidence)
        # an answer that only thanks is no suggestion where the themes are the built-in ones; a user's
        # own categories may have a theme for it (Beröm), so there it is classified like any answer
        from forbattra.taxonomy import has_builtin_themes

        self.thanks_rule = has_builtin_themes(self.taxonomy)

    @property
    def model_hash(self) -> str:
        """Short identity of the model used ("lexicon" when none)."""
        return str(self.model_meta.get("model_hash", "lexicon")) if self.model is not None else "lexicon"

    @functools.cached_property
    def scorer(self):
        """The :class:`~forbattra.scoring.scorer.ThemeScorer` (its token tables live as long as this)."""
        from forbattra.scoring.scorer import ThemeScorer

        return ThemeScorer(self.analyzer, self.matcher, self.model)

    def classify(self, texts: Sequence[str]) -> list[Result]:
        """Classify raw texts (empty text → status ``empty``, fallback theme)."""
        return [Result(*r) for r in zip(*self.classify_columns(texts))] if len(texts) else []

    def classify_columns(self, texts: Sequence[str]) -> tuple[list, list, list, list]:
        """``(themes, scores, evidence, status)`` lists for raw texts: one vectorised pass per chunk."""
        return columns_from_pairs(*self.classify_pairs(texts))

    def classify_pairs(self, texts: Sequence[str]) -> tuple[list, list, list, list, list]:
        """:meth:`classify_columns` as flat (row, theme) pairs, each row's best first, every row at least
        once (the fallback): ``(rows, themes, scores, evidence words, status per row)``, lists. A writer
        renders them without a dict per row (seventh round, ``workflow.serialise_chunk``)."""
        if not len(texts):
            return [], [], [], [], []
        size = PRECISE_CHUNK if getattr(self.model, "emb_coef_", None) is not None else CHUNK
        if len(texts) <= size:
            return self._classify_pairs(texts)
        out: tuple[list, list, list, list, list] = ([], [], [], [], [])
        for lo in range(0, len(texts), size):
            part = self._classify_pairs(texts[lo:lo + size])
            out[0].extend(r + lo for r in part[0])
            for o, c in zip(out[1:], part[1:]):
                o.extend(c)
        return out

    def _classify_pairs(self, texts: Sequence[str]) -> tuple[list, list, list, list, list]:
        import itertools

        import numpy as np

        fb = self.taxonomy.fallback
        sc = self.scorer
        scored = sc.score(texts)
        S, cols = scored.scores, scored.columns
        model = self.model
        th = [self.thresholds.get(t, DEFAULT_MIN_CONFIDENCE) for t in cols]
        if model is not None and self.gate is not None:
            chosen, order = decide_matrix(S, [self.gate_minimum.get(t, 0.0) for t in cols], names=cols,
                                          max_themes=MAX_THEMES, gate=self.gate,
                                          single=getattr(model, "single_", False))
        elif model is not None:
            chosen, order = decide_matrix(S, th, names=cols, max_themes=MAX_THEMES, floor=self.floor,
                                          relative=getattr(model, "relative_", 0.0),
                                          single=getattr(model, "single_", False))
        else:
            chosen, order = decide_matrix(S, th, names=cols, max_themes=MAX_THEMES)
        empty = scored.empty
        n = len(empty)
        chosen[empty] = False
        # "Vet inte", "Inget att tillägga", "Bra som det är", "-", "Tack för en bra termin!": counted as
        # their own status, never a theme
        from forbattra.analysis.nonsuggestion import PRAISE_MAX_CHARS, is_nonsuggestion, possible_pieces, praise_first_words

        nosugg = np.zeros(n, dtype=bool)
        # only texts whose every word can occur in a phrase, or that start as thanks do, are checked
        # (a few per hundred)
        short = sc.docs_within(scored, possible_pieces())
        thanks = sc.docs_starting(scored, praise_first_words()) if self.thanks_rule else np.zeros(n, dtype=bool)
        for r in np.flatnonzero((short | thanks) & ~empty).tolist():
            t = texts[r]
            if isinstance(t, str) and len(t) <= (PRAISE_MAX_CHARS if thanks[r] else NONSUGGESTION_MAX_CHARS) \
                    and is_nonsuggestion(t, self.thanks_rule):
                nosugg[r] = True
        chosen[nosugg] = False
        rows, cidx = np.nonzero(np.take_along_axis(chosen, order, axis=1))
        cidx = order[rows, cidx]  # chosen (row, column) pairs, each row best first
        # the model's words as the text wrote them (a keyword hit is shown as its keyword)
        ev = sc.evidence(scored, rows, cidx, texts=texts if sc.model is not None else None)
        best = np.maximum(S.max(axis=1), 0.0) if len(cols) else np.zeros(n)
        # rows with no theme: the fallback, sure when empty or no suggestion, else 1 − the best score
        fbrows = np.flatnonzero(~chosen.any(axis=1))
        fe, fn = empty[fbrows].tolist(), nosugg[fbrows].tolist()
        fscore = [1.0 if e or ns else round(1.0 - b, 4) for e, ns, b in zip(fe, fn, best[fbrows].tolist())]
        status = ["ok"] * n
        for r, e, ns in zip(fbrows.tolist(), fe, fn):
            if e:
                status[r] = "empty"
            elif ns:
                status[r] = NO_SUGGESTION
        # Python floats in one go (``S[r, c]`` per pair costs a numpy scalar each); round() as before
        pscore = list(map(round, S[rows, cidx].tolist(), itertools.repeat(4))) + fscore
        ptheme = list(map(cols.__getitem__, cidx.tolist())) + [fb] * len(fbrows)
        pwords = ev + [[] for _ in range(len(fbrows))]
        prow = np.concatenate([rows, fbrows])
        if len(fbrows) and len(rows):
            by_row = np.argsort(prow, kind="stable").tolist()
            ptheme, pscore, pwords = (list(map(x.__getitem__, by_row)) for x in (ptheme, pscore, pwords))
            prow = prow[by_row]
        return prow.tolist(), ptheme, pscore, pwords, status


def columns_from_pairs(prow: list, ptheme: list, pscore: list, pwords: list, status: list) -> tuple[list, list, list, list]:
    """:meth:`Classifier.classify_pairs` as ``(themes, scores, evidence, status)`` per row (lists and dicts)."""
    n = len(status)
    themes: list = [None] * n
    scores: list = [None] * n
    evidence: list = [None] * n
    for r, t, v, words in zip(prow, ptheme, pscore, pwords):
        if themes[r] is None:
            themes[r], scores[r], evidence[r] = [t], {t: v}, {t: words}
        else:
            themes[r].append(t)
            scores[r][t] = v
            evidence[r][t] = words
    return themes, scores, evidence, status


@functools.lru_cache(maxsize=8)
def _cached_classifier(taxonomy_spec: str, model_spec: str | None, min_confidence: float | None) -> Classifier:
    return build_classifier(taxonomy_spec, model_spec, min_confidence=min_confidence)


def build_classifier(taxonomy: str | Path | Taxonomy | None = None, model: str | Path | None = None, *,
                     min_confidence: float | None = None, use_default_model: bool = True,
                     keywords_needed: bool = True) -> Classifier:
    """Resolve taxonomy and model the way the CLI does.

    ``model=None`` uses the shipped model of a built-in taxonomy when there is one; ``model="none"``
    forces lexicon-only scoring, refused for a taxonomy without keywords unless ``keywords_needed`` is false
    (the caller classifies nothing with it). ``taxonomy=None`` with a model directory uses the taxonomy stored
    in it (else ``standard``).
    """
    from forbattra.scoring.model import default_model_dir, load_model, model_folder

    if model is not None and str(model).lower() not in ("none", "lexicon"):
        model = model_folder(model)  # (a file of the folder given: the folder)
    if taxonomy is None and model is not None and str(model).lower() not in ("none", "lexicon") \
            and (Path(model) / "taxonomy.yaml").exists():
        taxonomy = load_model(model)[2]  # no --taxonomy: a model directory brings its own
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    model_dir: Path | None = None
    trained_for = tax  # the taxonomy the model's stored hash is checked against
    if model is not None and str(model).lower() not in ("none", "lexicon"):
        model_dir = Path(model)
    elif model is None and use_default_model:
        builtin = builtin_like(tax)
        if builtin is not None:
            # a copy of a built-in (taxonomy init --from standard), labels or keywords edited: the same
            # themes, so the shipped model applies — checked against the built-in it was trained for,
            # used with the copy's labels and keywords
            model_dir = default_model_dir(builtin)
            trained_for = tax if tax.name == builtin else load_taxonomy(builtin)
    if model_dir is None:
        if model is not None and keywords_needed:  # "none": keywords only
            check_keywords(tax)
        if model is None and use_default_model:
            # a user taxonomy without a model sorts by meaning through the standard model (issue 11)
            from forbattra.scoring.zeroshot import zeroshot_classifier

            zs = zeroshot_classifier(tax, min_confidence=min_confidence)
            if zs is not None:
                return zs
        return Classifier(tax, min_confidence=min_confidence)
    m, meta, _ = load_model(model_dir, trained_for)
    meta = dict(meta)
    meta["path"] = str(model_dir)
    meta["model_hash"] = _dir_hash(model_dir)
    if meta.get("sort_by_meaning"):
        # trained on too few labels to beat sorting by the themes' meaning (train chose it): classify that
        # way, with the model's corrections and figures
        from forbattra.scoring.zeroshot import zeroshot_classifier

        zs = zeroshot_classifier(tax, min_confidence=min_confidence)
        if zs is not None:
            zs.model_meta = {**meta, "kind": "zeroshot", "base_model": zs.model_meta.get("base_model")}
            zs.review_model = m  # which rows to label next: the labels' own model knows (scoring/active.py)
            zs.correction = getattr(m, "meaning_", None)  # what the labels taught on top of the meaning, if kept
            return zs
    return Classifier(tax, m, meta, min_confidence=min_confidence)


def check_choice(taxonomy: str | Path | None, model: str | Path | None) -> Taxonomy | None:
    """The ``--taxonomy`` and ``--model`` a command was given, checked as :func:`build_classifier` checks them
    (a taxonomy file missing or with errors: exit 4; a folder that is no model, a damaged one or one made for
    another taxonomy: exit 5), without the input: a command checks them before it reads an export. Returns the
    taxonomy the run sorts with where it is known: the one given, else the ``--model`` folder's own."""
    from forbattra.scoring.model import check_model, model_folder

    tax = load_taxonomy(taxonomy) if taxonomy is not None else None
    if model is not None and str(model).lower() not in ("none", "lexicon"):
        check_model(model, tax)
        if tax is None and (model_folder(model) / "taxonomy.yaml").is_file():  # (checked: it parses)
            tax = load_taxonomy(model_folder(model) / "taxonomy.yaml")
    return tax


def check_keywords(tax: Taxonomy) -> None:
    """``--model none`` scores by keywords only: a taxonomy none of whose themes has a keyword (one made by
    ``taxonomy init --from-labels``, labels only) would put every suggestion in its fallback; exit 4."""
    from forbattra.errors import TaxonomyError

    if not any(tax[t].keywords for t in tax.content_ids):
        raise TaxonomyError.of("err_tx_no_keywords_lexicon", name=tax.name, fallback=tax.fallback)


def _dir_hash(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for name in ("model.json", "weights.npz"):
        h.update((path / name).read_bytes())
    return h.hexdigest()[:16]


PARALLEL_ABOVE = 20_000  # rows; below this a second process costs more than it saves
CHUNK = 5_000
PRECISE_CHUNK = 256  # a precise model embeds ≈ 10–20 texts per CPU-second: small chunks keep progress moving

_WORKER_CLF: "Classifier | None" = None


def worker_classifier() -> "Classifier":
    """The classifier a forked worker inherited from :func:`open_pool`."""
    assert _WORKER_CLF is not None, "not in a forbattra worker process"
    return _WORKER_CLF


def worker_signals() -> None:
    """In a forked helper process: Ctrl-C is for the main process (which stops the helpers; a helper
    interrupted itself printed a traceback and could leave the pool hanging), and SIGTERM kills at once
    (the main process's handler turns it into an interrupt, for itself only)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _init_worker(clf: "Classifier") -> None:
    import gc

    global _WORKER_CLF
    _WORKER_CLF = clf
    worker_signals()
    # everything inherited (model, tables) is long-lived: keep the collector from walking (and
    # copy-on-write touching) it
    gc.freeze()


def _classify_chunk_worker(texts: list[str]) -> tuple[list, list, list, list]:
    return _WORKER_CLF.classify_columns(texts)  # type: ignore[union-attr]


def default_jobs(n_rows: int | None) -> int:
    """Processes worth using for ``n_rows`` texts (``None``: unknown, assume many)."""
    import os

    return min(os.cpu_count() or 1, 4) if n_rows is None or n_rows >= PARALLEL_ABOVE else 1


def usable_jobs(jobs: int) -> int:
    """``jobs``, or 1 where the system cannot fork (Windows): the workers are forked (:func:`open_pool`),
    so there the texts are classified in this process, with the same results."""
    import multiprocessing as mp

    return jobs if jobs <= 1 or "fork" in mp.get_all_start_methods() else 1


def open_pool(clf: Classifier, jobs: int):
    """A pool of forked workers that inherit ``clf`` (``None`` for one process).

    Fork it before reading big inputs: the workers then share only the model, not the data (a streamed
    run forks after its first chunk, whose words :meth:`ThemeScorer.prepare` has analysed for them).
    """
    if jobs <= 1:
        return None
    import gc
    import multiprocessing as mp

    global _WORKER_CLF
    _WORKER_CLF = clf  # inherited by the forked workers: nothing is pickled but texts and results
    gc.collect()
    try:
        pool = mp.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(clf,))
    finally:
        _WORKER_CLF = None
    pool._forbattra_workers = {p.pid: p for p in pool._pool}  # every worker it ever had: see check_workers
    return pool


POLL_SECONDS = 0.5  # how often a wait for a worker's result checks that the workers are alive


def check_workers(pool) -> None:
    """Raise :class:`~forbattra.errors.WorkerError` if a worker of ``pool`` (from :func:`open_pool`) has died.

    A pool's worker never ends on its own; one that did was killed (the out-of-memory killer's SIGKILL, a
    crash in native code). ``multiprocessing.Pool`` then forks a replacement but the chunk the dead one
    held is lost: its result never comes, and a plain ``get()`` waits for it forever."""
    seen = getattr(pool, "_forbattra_workers", None)
    if seen is None:
        return
    for p in list(getattr(pool, "_pool", [])):  # the replacements too
        seen.setdefault(p.pid, p)
    for p in seen.values():
        code = p.exitcode
        if code is not None:
            import signal

            from forbattra.errors import WorkerError

            how = signal.Signals(-code).name if code < 0 and -code in signal.valid_signals() else f"exit {code}"
            raise WorkerError.of("err_worker_died", how=how)


def pool_get(pool, result):
    """``result.get()`` of an ``apply_async`` on ``pool``, raising :class:`~forbattra.errors.WorkerError`
    instead of waiting forever when a worker has died (:func:`check_workers`)."""
    while not result.ready():
        result.wait(POLL_SECONDS)
        if not result.ready():
            check_workers(pool)
    return result.get()


def pool_imap(pool, fn, items):
    """``pool.imap(fn, items)`` (results in order), raising :class:`~forbattra.errors.WorkerError` instead
    of waiting forever when a worker has died (:func:`check_workers`)."""
    import multiprocessing as mp

    results = pool.imap(fn, items)
    while True:
        try:
            yield results.next(POLL_SECONDS)
        except StopIteration:
            return
        except mp.TimeoutError:
            check_workers(pool)


def stop_pool(pool) -> None:
    """Stop a pool after an error or an interrupt without hanging.

    ``Pool.terminate`` waits for the pool's queues: a worker killed while it reads the task queue (SIGTERM
    to the whole process group, systemd's default stop) dies holding its lock, and one killed while it
    writes a result leaves half a message that the result thread waits to complete — either way
    forever. Here the pool is stopped from replacing workers, every worker is killed, and the pool's
    clean-up (``terminate``, also run at exit) is cancelled: its threads are daemons and go with the
    process; nothing of an interrupted pool is used again."""
    import contextlib
    from multiprocessing.pool import TERMINATE

    # first stop the pool from replacing the workers killed below (a replacement forked now would
    # inherit the main process's interrupt handlers and print a traceback when it is stopped)
    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = TERMINATE
        with contextlib.suppress(Exception):
            pool._change_notifier.put(None)
        handler.join(timeout=5)
    procs = list(getattr(pool, "_pool", []))
    for p in procs:
        with contextlib.suppress(Exception):
            p.kill()
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(timeout=5)
    pool._state = TERMINATE
    finalizer = getattr(pool, "_terminate", None)
    if finalizer is not None and hasattr(finalizer, "cancel"):
        finalizer.cancel()
    else:  # not CPython's Pool: its own terminate
        pool.terminate()


def classify_texts(texts: list[str], clf: Classifier, *, jobs: int | None = None, progress=None,
                   pool=None) -> list[Result]:
    """Classify many texts in chunks, on several cores when it pays (fork start method).

    Results are in input order whatever the number of processes, so output does not depend on it.
    ``pool`` (from :func:`open_pool`) is used as is and left open.
    """
    cols = classify_text_columns(texts, clf, jobs=jobs, progress=progress, pool=pool)
    return [Result(*r) for r in zip(*cols)]


def classify_text_columns(texts: list[str], clf: Classifier, *, jobs: int | None = None, progress=None,
                          pool=None) -> tuple[list, list, list, list]:
    """:func:`classify_texts` as ``(themes, scores, evidence, status)`` lists (no per-row objects)."""
    import gc

    n = len(texts)
    size = PRECISE_CHUNK if getattr(clf.model, "emb_coef_", None) is not None else CHUNK
    chunks = [texts[i:i + size] for i in range(0, n, size)]
    out: tuple[list, list, list, list] = ([], [], [], [])

    def add(cols) -> None:
        for o, c in zip(out, cols):
            o.extend(c)
        if progress is not None:
            progress(len(cols[0]))

    if pool is not None and len(chunks) >= 2:
        for res in pool_imap(pool, _classify_chunk_worker, chunks):
            add(res)
        return out
    if jobs is None:
        jobs = default_jobs(n)
    if usable_jobs(jobs) <= 1 or len(chunks) < 2:
        enabled = gc.isenabled()
        gc.disable()  # the loop allocates only acyclic results: no collector passes over the heap
        try:
            for ch in chunks:
                add(clf.classify_columns(ch))
        finally:
            if enabled:
                gc.enable()
        return out
    own = open_pool(clf, jobs)
    try:
        for res in pool_imap(own, _classify_chunk_worker, chunks):
            add(res)
    except BaseException:
        stop_pool(own)
        raise
    own.terminate()
    return out


def classify_frame(frame, clf: Classifier, *, jobs: int | None = 1, progress=None, pool=None):
    """Add ``themes``/``scores``/``evidence``/``status`` to a frame with a ``_text`` column."""
    import pandas as pd

    cols = (classify_text_columns(list(frame[TEXT]), clf, jobs=jobs, progress=progress, pool=pool)
            if len(frame) else ([], [], [], []))
    # an object column (pandas 3 would store the status strings as pyarrow strings, even from an object
    # array, and every writer would then iterate them one Python call per value)
    return frame.assign(**{k: pd.Series(v, index=frame.index, dtype=object) if k == STATUS else v
                           for k, v in zip(RESULT_COLUMNS, cols)})


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
    texts = list(texts)
    if not texts:
        return np.zeros((0, len(clf.model.themes_)))
    # chunk by chunk: one chunk's feature occurrences are ~250 per text
    return np.vstack([clf.scorer.score(texts[i:i + CHUNK]).scores for i in range(0, len(texts), CHUNK)])
