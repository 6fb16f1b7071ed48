"""Duplicate suggestions: the same proposal, also in other words — precision first.

A group means "the same proposal", not "the same theme" or "some shared words". Steps:

1. **Copies** — texts equal after case, diacritics and punctuation are folded — are collapsed first
   (in a big export a third or more of the rows are repeats); a copy is always in its original's group.
   Empty rows and non-suggestions ("Vet inte", "Inget att tillägga", see :mod:`.nonsuggestion`) are
   never grouped.
2. Every distinct text becomes a set of **units**, one per content word, each with its match keys:
   the folded lemma, its compound head, a 5-letter stem (``introt`` ~ ``introduktion``) and
   **concepts** from the curated synonym map in ``data/vocabulary.yaml`` (``väktare`` ~ ``bevakning``).
3. **Candidates**: each text's nearest neighbours by TF-IDF cosine over lemmas, compound atoms and
   concepts (exact for small inputs; above ``BRUTE_MAX`` distinct texts only through words that
   fewer than ``BLOCK_DF`` texts use, so 100 000 rows never compare all pairs; a cheap bound from a
   sample of each row drops most products before the exact top k; texts with the same TF-IDF row, such as
   texts that differ by a case number, are searched once). **Precise mode**
   (``precise=True``, the optional ``precise`` extra): each distinct text is also embedded with
   multilingual-e5-small (:mod:`forbattra.scoring.embed`, ``query:`` prefix, which E5's authors
   recommend for symmetric tasks such as paraphrase retrieval), and its nearest neighbours by e5
   cosine are candidates too, so paraphrases with few shared words are compared at all.
4. **Pair score**: a learnt scorer (:class:`PairModel`, a logistic regression shipped as data in
   ``data/pair_scorer.json``, rebuilt by ``tools/train_pair_scorer.py``) gives the probability that
   two texts are the same proposal from :data:`FEATURES`: the idf-weighted share of each text's
   words the other has by any key (cover, min and max: "Fler datorer i personalrummet" and
   "Snabbare datorer ... tar tio minuter att starta" share the object, not the ask) and by the same
   lemma only (exact) — vocabulary.yaml's *generic* words ("jobba", "behöva") weigh nothing there —,
   the share of each text's two rarest words the other covers (*key*: what a long text is about),
   the TF-IDF cosine and the cosine *relative* to how close each text sits to its
   nearest candidates (a text near everything is not a duplicate of everything), how rare the
   rarest shared and unshared words are, the asks ("fler", "snabbare", "ta bort", "inför":
   agreeing, conflicting, opposite), shared concepts and words, the length ratio, the cosine of
   the texts' **word vectors** (``wv``: idf-weighted sums of static word vectors distilled from e5 by
   ``tools/build_word_vectors.py``, shipped as ``data/word_vectors.{npy,txt}``, so "kaffe" ~ "fika"
   without a synonym entry, at numpy cost) and, in precise
   mode, the e5 cosine and its relative form. The word features of all pairs of a batch are computed
   together over numpy arrays, once per pair of word signatures. Features are clipped to the training range. The
   model and its threshold were chosen by leave-one-set-out evaluation on the dev sets only
   (``corpus/duplicates2/dev.csv``, ``corpus/paraphrases/{paraphrases,dev2_paraphrases}.csv``,
   ``corpus/duplicates3/dev{3,4}.csv``): the threshold keeps precision ≥ 0.6 on every left-out set.
   A ``themes`` column (from classify) multiplies the score of a pair with different primary
   themes by ``THEME_PENALTY``.
5. **Grouping**: pairs at or above the threshold are merged best first, and two groups merge only
   if the *average* score between their members (their first ``CORE`` members) stays at or above
   the threshold, so A~B and B~C do not chain an unrelated C onto A. The member pairs a merge needs are
   scored in one batch with those the next ``LOOKAHEAD`` links would compare.

Everything is deterministic: ties are broken by row order, and groups are numbered by first row.
"""

from __future__ import annotations

import functools
import math
from typing import Iterator, Sequence

from forbattra.record import GROUP, ID, PERSON, ROW, TEXT
from forbattra.scoring.text import Analyzer, fold, normalise, tokenize

CAND_FLOOR = 0.0  # TF-IDF cosine below which a pair is not a lexical candidate
NEIGHBOURS = 10  # candidate neighbours per distinct text
BRUTE_MAX = 5_000  # distinct texts up to which neighbours are searched exactly
BLOCK_DF = 500  # above BRUTE_MAX: words used by more distinct texts than this do not make candidates
CHUNK = 1_000  # rows per block of the neighbour search
EXACT_BLOCK = 50_000  # candidate pairs per block of the exact cosines
SAMPLE = 64  # stored products per row whose k-th best bounds the row's k-th best (neighbour search)
MERGE_RATIO = 1.0  # two groups merge when their average score is at least this × the threshold
CORE = 8  # members per group compared when two groups merge (average linkage)
LOOKAHEAD, PREFETCH = 100, 4_096  # links looked ahead, pairs scored at most, when a merge needs scores
THEME_PENALTY = 0.85
OPPOSITE_PENALTY = 0.0  # score factor for a pair whose asks contradict each other (see OPPOSITE)
CONCEPT_WEIGHT, WORD_WEIGHT, ATOM_WEIGHT = 2.0, 1.0, 0.3  # column weights in the TF-IDF space
GENERIC_WEIGHT = 0.0  # idf factor of vocabulary.yaml's generic words in the word-share features
ASK_WEIGHT = 1.0  # idf-like weight of an ask unit ("fler", "snabbare", "ta bort")
SHARED_SAMPLE = 20  # distinct texts per group read for its shared words
KEY_WORDS = 2  # a text's rarest content words, whose coverage is the key_min/key_max features
STEM = 5  # letters of the shared-stem key (words of STEM+1 letters or more)


def _synonyms() -> dict[str, tuple[str, ...]]:
    from forbattra.analysis.vocabulary import vocabulary

    return vocabulary()["synonyms"]


@functools.lru_cache(maxsize=1)
def _concept_index() -> tuple[dict[str, str], dict[str, str], dict[str, str], tuple[int, ...]]:
    """exact stem → concept, prefix stem (5+ letters) → concept, suffix stem (4+) → concept, and
    the stem lengths to try (longest first). The first concept listed for a stem wins."""
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    for c, stems in _synonyms().items():
        for s in stems:
            exact.setdefault(s, c)
            if len(s) >= 5:
                prefix.setdefault(s, c)
            if len(s) >= 4:
                suffix.setdefault(s, c)
    lengths = tuple(sorted({len(s) for s in suffix}, reverse=True))
    return exact, prefix, suffix, lengths


@functools.lru_cache(maxsize=200_000)
def concept(lemma: str) -> str | None:
    """The synonym-map concept of a folded lemma (or compound part), if any: a listed stem, else the
    longest listed stem of 5+ letters it starts with, else the longest of 4+ letters it ends with
    (a compound head: ``enhetschef`` → ``chef``)."""
    exact, prefix, suffix, lengths = _concept_index()
    c = exact.get(lemma)
    if c is not None:
        return c
    for n in lengths:
        if n < len(lemma) and n >= 5:
            c = prefix.get(lemma[:n])
            if c is not None:
                return c
    for n in lengths:
        if n < len(lemma):
            c = suffix.get(lemma[-n:])
            if c is not None:
                return c
    return None


@functools.lru_cache(maxsize=200_000)
def _word(lem: str, atoms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(match keys, weighted feature names) of one word, cached: a file repeats its words."""
    cs = sorted({c for c in (concept(lem), *(concept(p) for p in atoms)) if c})
    keys = {lem, *("~" + c for c in cs)}
    if len(atoms) > 1:
        keys.add("h:" + atoms[-1])
    if len(lem) > STEM:
        keys.add("p:" + lem[:STEM])
    compound = atoms if len(atoms) > 1 else ()
    return frozenset(keys), ("w:" + lem,) + tuple("a:" + p for p in compound) + tuple("~" + c for c in cs)


def copy_key(text: object, norm: str | None = None) -> str:
    """Text with case, diacritics, punctuation and spacing folded: equal keys are copies.
    ``norm``: ``normalise(text)``, when the caller has it."""
    return " ".join(tokenize(fold(normalise(text) if norm is None else norm)))


def _tfidf(docs: Sequence[Sequence[str]], times=None):
    """L2-normalised sublinear TF-IDF (smooth idf, column-weighted by kind), written with scipy
    alone so classify's workbook does not pay for importing scikit-learn. ``times`` (optional): how
    many texts each doc stands for — the idf counts each that often, its row is computed once."""
    import numpy as np
    from scipy.sparse import csr_matrix, diags

    n = len(docs) if times is None else int(sum(times))
    vocab: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, d in enumerate(docs):
        c: dict[int, int] = {}
        for t in d:
            j = vocab.setdefault(t, len(vocab))
            c[j] = c.get(j, 0) + 1
        rows.extend([i] * len(c))
        cols.extend(c.keys())
        counts.extend(c.values())
    if not vocab:
        return csr_matrix((len(docs), 1)), np.zeros(1, dtype=np.int64)
    names = sorted(vocab)
    order = np.empty(len(vocab), dtype=np.int64)
    for new, name in enumerate(names):
        order[vocab[name]] = new  # columns in sorted order: deterministic whatever the input order
    cols_a = order[np.array(cols, dtype=np.int64)]
    if times is None:
        df = np.bincount(cols_a, minlength=len(names))
    else:
        df = np.bincount(cols_a, weights=np.asarray(times, dtype=np.int64)[np.array(rows, dtype=np.int64)],
                         minlength=len(names)).astype(np.int64)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    w = np.array([CONCEPT_WEIGHT if t.startswith("~") else ATOM_WEIGHT if t.startswith("a:") else WORD_WEIGHT
                  for t in names])
    vals = (1.0 + np.log(np.array(counts, dtype=np.float64))) * idf[cols_a] * w[cols_a]
    X = csr_matrix((vals, (np.array(rows, dtype=np.int64), cols_a)), shape=(len(docs), len(names)))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (diags(1.0 / norms) @ X).tocsr(), df


FEATURES = ("cover_min", "cover_max", "cosine", "rare_shared", "rare_unshared", "ask_agree", "ask_conflict",
            "ask_opposite", "length_ratio", "concepts", "exact_min", "exact_max", "shared", "key_min", "key_max",
            "cos_rel", "wv", "e5", "e5_rel")
N_LEXICAL = 15  # the first features, from the two texts' words alone (cached by word signature)
OPPOSITE = (frozenset(("more", "less")), frozenset(("more", "remove")), frozenset(("new", "remove")))  # asks that contradict each other


class PairModel:
    """The learnt pair scorer: a logistic regression over :data:`FEATURES` (standardised), with the
    threshold chosen by leave-one-set-out evaluation. Features are clipped to the range seen in training. Shipped as data (``data/pair_scorer.json``,
    rebuilt by ``tools/train_pair_scorer.py``); scoring needs numpy only."""

    def __init__(self, spec: dict) -> None:
        import numpy as np

        self.features = tuple(spec["features"])
        unknown = set(self.features) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown pair features {sorted(unknown)}")
        self.cols = [FEATURES.index(f) for f in self.features]
        self.lo = np.asarray(spec["lo"], dtype=np.float64)
        self.hi = np.asarray(spec["hi"], dtype=np.float64)
        self.mean = np.asarray(spec["mean"], dtype=np.float64)
        self.scale = np.asarray(spec["scale"], dtype=np.float64)
        self.coef = np.asarray(spec["coef"], dtype=np.float64)
        self.intercept = float(spec["intercept"])
        self.threshold = float(spec["threshold"])
        if not (len(self.lo) == len(self.hi) == len(self.mean) == len(self.scale) == len(self.coef)
                == len(self.features)):
            raise ValueError("pair scorer: features, lo, hi, mean, scale and coef differ in length")

    def __call__(self, F):
        """Probabilities (0-1) that each row of the full feature matrix ``F`` is the same proposal."""
        import numpy as np

        X = np.clip(F[:, self.cols], self.lo, self.hi)  # never extrapolate beyond the training pairs
        # each row's sum column by column, left to right: a BLAS product (and numpy's sum(axis=1), whose
        # order follows the array's shape) can round the last bit differently with the number of rows
        # or the CPU, and a pair must score the same in any batch, on any machine
        Z = ((X - self.mean) / self.scale) * self.coef
        z = np.full(len(Z), self.intercept)
        for j in range(Z.shape[1]):
            z += Z[:, j]
        return 1.0 / (1.0 + np.exp(-z))


@functools.lru_cache(maxsize=1)
def pair_models() -> dict[str, PairModel]:
    """The shipped pair scorers by mode (``default``, ``precise``), loaded once."""
    import json
    from importlib import resources

    raw = json.loads((resources.files("forbattra") / "data" / "pair_scorer.json").read_text(encoding="utf-8"))
    return {mode: PairModel(raw[mode]) for mode in ("default", "precise")}


@functools.lru_cache(maxsize=1)
def near_floor() -> tuple[float, float]:
    """The least neighbourhood cosine (TF-IDF, e5) the relative features assume: the 10th percentile
    over the training texts, so a small input (a few unrelated texts, nothing near anything) does
    not make every pair look relatively close."""
    import json
    from importlib import resources

    raw = json.loads((resources.files("forbattra") / "data" / "pair_scorer.json").read_text(encoding="utf-8"))
    return float(raw["near_floor"]["cos"]), float(raw["near_floor"]["e5"])


@functools.lru_cache(maxsize=1)
def word_table():
    """``(lemma → row, (lemmas, DIMS) float32 matrix)`` from ``data/word_vectors.{npy,txt}``; the pair
    scorer was trained with them, so a missing file is a broken installation (``ModelError``)."""
    import numpy as np
    from importlib import resources

    from forbattra.errors import ModelError

    base = resources.files("forbattra") / "data"
    try:
        words = (base / "word_vectors.txt").read_text(encoding="utf-8").splitlines()
        with (base / "word_vectors.npy").open("rb") as fh:
            Q = np.load(fh, allow_pickle=False)
    except FileNotFoundError:
        raise ModelError.of("err_shipped_file_missing", file="data/word_vectors") from None
    scale = float(words[0])
    return {w: i for i, w in enumerate(words[1:])}, Q.astype(np.float32) * scale


def default_threshold(precise: bool = False) -> float:
    """The shipped pair scorer's threshold (probability) for the mode."""
    return pair_models()["precise" if precise else "default"].threshold


class _Texts:
    """The distinct texts' units, keys and TF-IDF rows, and the pair score between two of them."""

    def __init__(self, texts: Sequence[str], analyzer: Analyzer, analyses: list | None = None,
                 emb=None, model: PairModel | None = None) -> None:
        self.emb = emb  # precise mode: (len(texts), DIM) float64 unit rows, else None
        self._model = model
        self.units: list[list[tuple[str, frozenset[str]]]] = []
        self._atoms: list[list[tuple[str, ...]]] = []  # per text, per unit: its compound parts (or ())
        self.analyses = analyses if analyses is not None else [analyzer.analyze(t) for t in texts]
        # texts with the same words in the same order (e.g. differing by a case number only) share a
        # signature: their lexical features against any text are the same numbers, computed once
        self.sig: list[int] = []
        sigs: dict[tuple, int] = {}
        from forbattra.analysis.vocabulary import vocabulary

        asks = vocabulary()["asks"]
        done: dict[tuple, tuple] = {}  # (lemmas, atoms, asks) → (units, signature, features, atoms, number)
        first: list[tuple] = []  # the distinct entries of done, in first-seen order
        uids: list[int] = []  # each text's entry in first
        for a in self.analyses:
            ask_toks = tuple(asks[t] for t in a.tokens if t in asks)
            memo_key = (a.lemmas, a.atoms, ask_toks)
            got = done.get(memo_key)
            if got is None:
                seen: dict[str, frozenset[str]] = {}
                parts: dict[str, tuple[str, ...]] = {}
                doc: list[str] = []
                for lem, atoms in zip(a.lemmas, a.atoms):
                    k, feats = _word(lem, atoms)
                    seen.setdefault(lem, k)
                    parts.setdefault(lem, atoms if len(atoms) > 1 else ())
                    doc.extend(feats)
                for ask in ask_toks:
                    if "!" + ask not in seen:
                        seen["!" + ask] = frozenset(("!" + ask,))
                        doc.append("!" + ask)
                got = done[memo_key] = (list(seen.items()), sigs.setdefault((tuple(doc), tuple(seen)), len(sigs)), doc,
                                        [parts.get(lem, ()) for lem in seen], len(first))
                first.append(got)
            self.units.append(got[0])
            self._atoms.append(got[3])
            self.sig.append(got[1])
            uids.append(got[4])
        n = len(texts)
        # what depends on a text's words alone (its TF-IDF row, word-vector row, total weight) is computed
        # once per distinct entry, counted as often as texts share it (an export whose texts differ by
        # a case number only), then given to each text: the same numbers as text by text
        times = [0] * len(first)
        for u in uids:
            times[u] += 1
        df: dict[str, int] = {}
        for got, t in zip(first, times):
            for lem, _k in got[0]:
                df[lem] = df.get(lem, 0) + t
        self.idf = {lem: math.log((1 + n) / (1 + c)) + 1.0 for lem, c in df.items()}
        generic = vocabulary()["generic"]
        for lem in self.idf:
            if lem.startswith("!"):
                self.idf[lem] = ASK_WEIGHT
            elif lem in generic:  # "jobba", "behöva", "fungera": not what a proposal is about
                self.idf[lem] *= GENERIC_WEIGHT
        self.idf_max = math.log((1 + n) / 2) + 1.0  # a word only one text uses
        import numpy as np

        uid = np.asarray(uids, dtype=np.int64)
        spread = len(first) < n  # some texts share an entry: rows computed once, then repeated
        X, self.col_df = _tfidf([got[2] for got in first], times)
        self.X = X[uid] if spread else X
        self.rows_of = (X, uid) if spread else None  # X == rows_of[0][rows_of[1]] (see _neighbours)
        total = [sum(self.idf[lem] for lem, _k in got[0]) for got in first]
        self.total = [total[u] for u in uids] if spread else total
        self.total_arr = np.asarray(self.total, dtype=np.float64)
        self._vec: dict[int, dict[int, float]] = {}
        self._cache: dict[int, float] = {}  # scores of linked pairs and of pairs compared when groups merge
        # word features, one row per pair of signatures computed; the pairs' codes (lower signature ×
        # number of signatures + higher), sorted, and the row of each
        self._lex_rows = np.zeros((0, N_LEXICAL))
        self._lex_codes = np.zeros(0, dtype=np.int64)
        self._lex_at = np.zeros(0, dtype=np.int64)
        self._flat_arrays: tuple | None = None  # the units as numpy arrays (see _flat)
        self._sig_arr = np.zeros(0, dtype=np.int64)  # each text's signature (set with _flat)
        self._sig_count = len(sigs)
        self.primary = None  # each text's primary theme as a code (-1: none), set by set_primary; None: no themes
        # each text's mean cosine (and e5 cosine) to its NEIGHBOURS nearest candidates: a pair's
        # similarity relative to how close its texts sit to anything (set by candidates())
        self.near_cos = np.zeros(n)
        self.near_e5 = np.zeros(n)
        self.near_floor: tuple[float, float] | None = None  # None: the shipped near_floor()
        wv = self.word_vectors([got[0] for got in first], [got[3] for got in first])
        self.wv = wv[uid] if spread else wv  # (n, DIMS) unit rows from the shipped word vectors

    def key_set(self, i: int) -> frozenset[str]:
        """Text ``i``'s match keys (every key of its units), for ``tools/train_pair_scorer.py``; the pair
        features read the units themselves."""
        return frozenset().union(*(k for _lem, k in self.units[i]))

    def word_vectors(self, units_of=None, atoms_of=None):
        """Each text's idf-weighted sum of its words' vectors (``data/word_vectors``, distilled from e5
        by ``tools/build_word_vectors.py``), unit length; a word not in the table counts through its
        compound parts that are; generic words count nothing. ``units_of``/``atoms_of``: other texts'
        units and compound parts than :attr:`units` (e.g. only the distinct ones)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        index, V = word_table()
        units_of = self.units if units_of is None else units_of
        atoms_of = self._atoms if atoms_of is None else atoms_of
        rows, cols, vals = [], [], []
        for t, units in enumerate(units_of):
            for (lem, _k), atoms in zip(units, atoms_of[t]):
                w = self.idf.get(lem, 0.0)
                if w <= 0 or lem[0] == "!":
                    continue
                c = index.get(lem)
                if c is not None:
                    rows.append(t)
                    cols.append(c)
                    vals.append(w)
                    continue
                parts = [index[p] for p in atoms if p in index]
                for c in parts:
                    rows.append(t)
                    cols.append(c)
                    vals.append(w / len(parts))
        W = csr_matrix((np.array(vals, dtype=np.float32), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
                       shape=(len(units_of), V.shape[0]))
        X = np.asarray(W @ V, dtype=np.float32)
        norms = np.linalg.norm(X, axis=1)
        norms[norms == 0] = 1.0
        return X / norms[:, None]

    @property
    def model(self) -> PairModel:
        """The pair scorer: the one given, else the shipped one for the mode."""
        if self._model is None:
            self._model = pair_models()["precise" if self.emb is not None else "default"]
        return self._model

    def vec(self, i: int) -> dict[int, float]:
        v = self._vec.get(i)
        if v is None:
            X = self.X
            lo, hi = X.indptr[i], X.indptr[i + 1]
            v = self._vec[i] = dict(zip(X.indices[lo:hi].tolist(), X.data[lo:hi].tolist()))
        return v

    def lexical(self, i: int, j: int, cos: float | None = None) -> tuple:
        """The word features of a pair (the first :data:`N_LEXICAL` of :data:`FEATURES`), symmetric in
        i and j; the same numbers :meth:`features` puts in its first columns."""
        return tuple(self._lexical_rows([(i, j, cos)])[0].tolist())

    def _flat(self):
        """Every word signature's units as flat numpy arrays (built once; texts with the same signature
        have the same units), so the word features of many pairs are computed together: per unit its
        idf, ask flag, key-word flag (one of its text's KEY_WORDS rarest content words), lemma key id
        and its match keys (CSR by unit); per signature its unit range, key set (as sorted
        ``signature * n_keys + key`` codes), concept keys, idf total, content-word count, key-word idf
        and asks (a bit mask)."""
        if self._flat_arrays is not None:
            return self._flat_arrays
        from itertools import chain

        import numpy as np

        key_id: dict[str, int] = {}
        ids_of: dict[frozenset[str], list[int]] = {}  # a word's key set (shared objects) → key ids
        first: dict[int, int] = {}
        for t, g in enumerate(self.sig):
            first.setdefault(g, t)
        n = len(first)  # signatures are numbered 0.. in order of their first text
        per_sig = [self.units[first[g]] for g in range(n)]
        all_units = list(chain.from_iterable(per_sig))
        # each distinct (lemma, keys) unit once, in first-seen order: key ids are numbered as a pass over
        # every unit numbers them (61,000 distinct texts: 590,000 units, ≈ 10,000 distinct)
        distinct = dict.fromkeys(all_units)
        d_lem, d_kids = [], []
        for lem, k in distinct:
            d_lem.append(key_id.setdefault(lem, len(key_id)))
            kid = ids_of.get(k)
            if kid is None:
                kid = ids_of[k] = [key_id.setdefault(x, len(key_id)) for x in k]
            d_kids.append(kid)
        at = dict(zip(distinct, range(len(distinct))))
        code = np.fromiter(map(at.__getitem__, all_units), dtype=np.int64, count=len(all_units))
        names = list(key_id)
        nk = max(len(names), 1)
        starts = np.concatenate([[0], np.cumsum(np.fromiter(map(len, per_sig), dtype=np.int64, count=n))]).astype(np.int64)
        lem_arr = np.asarray(d_lem, dtype=np.int64)[code]
        k_len = np.fromiter(map(len, d_kids), dtype=np.int64, count=len(d_kids))
        k_flat = np.fromiter(chain.from_iterable(d_kids), dtype=np.int64, count=int(k_len.sum()))
        ptr = np.concatenate([[0], np.cumsum(k_len[code])]).astype(np.int64)
        uk_arr = k_flat[self._expand(np.concatenate([[0], np.cumsum(k_len)]), code)[1]]  # each unit's key ids
        u_g = np.repeat(np.arange(n, dtype=np.int64), np.diff(starts))
        idf = np.array([self.idf.get(x, 0.0) for x in names], dtype=np.float64)
        is_ask = np.array([x[0] == "!" for x in names], dtype=bool)
        is_concept = np.array([x[0] == "~" for x in names], dtype=bool)
        u_w, u_ask = idf[lem_arr], is_ask[lem_arr]
        content = np.flatnonzero(~u_ask)
        # each text's KEY_WORDS rarest content words: highest idf first, ties to the earlier word
        order = content[np.lexsort((content, -u_w[content], u_g[content]))]
        og = u_g[order]
        rank = np.arange(len(order)) - np.searchsorted(og, og, side="left")
        key_units = order[rank < KEY_WORDS]
        u_key = np.zeros(len(lem_arr), dtype=bool)
        u_key[key_units] = True
        g_keytot = np.zeros(n)
        for g, w in zip(u_g[key_units].tolist(), u_w[key_units].tolist()):  # rarest first, as summed before
            g_keytot[g] += w
        g_nc = np.bincount(u_g[content], minlength=n)
        # each signature's key set: the distinct keys of its units, as sorted codes
        key_g = np.repeat(u_g, np.diff(ptr))
        codes = np.sort(key_g * nk + uk_arr)  # np.unique's values alone (numpy 2's hash path: 16x slower here)
        codes = codes[np.concatenate([[True], codes[1:] != codes[:-1]])] if len(codes) else codes
        cg, ck = codes // nk, codes % nk
        conc = is_concept[ck]
        c_key = ck[conc]
        c_ptr = np.concatenate([[0], np.cumsum(np.bincount(cg[conc], minlength=n))]).astype(np.int64)
        ask_names = sorted({names[x][1:] for x in lem_arr[u_ask].tolist()})
        bit = {a: 1 << b for b, a in enumerate(ask_names)}
        ask_bits = np.array([bit.get(x[1:], 0) if x[0] == "!" else 0 for x in names], dtype=np.int64)
        g_mask = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(g_mask, u_g[u_ask], ask_bits[lem_arr[u_ask]])
        opposite = [sum(bit.get(x, 0) for x in o) for o in OPPOSITE]  # as bit masks
        g_total = np.array([self.total[first[g]] for g in range(n)], dtype=np.float64)
        self._sig_arr = np.asarray(self.sig, dtype=np.int64)
        self._flat_arrays = (nk, u_w, u_ask, u_key, lem_arr, ptr, uk_arr, starts, codes, c_ptr, c_key, g_nc,
                             g_keytot, g_mask, opposite, g_total)
        return self._flat_arrays

    @staticmethod
    def _expand(ptr, idx):
        """For rows ``idx`` of a CSR-like pointer array: (which entry of ``idx`` each item belongs to,
        the items' positions)."""
        import numpy as np

        lo, cnt = ptr[idx], ptr[idx + 1] - ptr[idx]
        owner = np.repeat(np.arange(len(idx), dtype=np.int64), cnt)
        return owner, np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt) + lo[owner]

    @staticmethod
    def _member(codes, q):
        """Which of the ``text * n_keys + key`` codes ``q`` are in the sorted ``codes``."""
        import numpy as np

        if not len(codes):
            return np.zeros(len(q), dtype=bool)
        at = np.minimum(np.searchsorted(codes, q), len(codes) - 1)
        return codes[at] == q

    def _sides(self, a, b):
        """Each signature a[s]'s units against signature b[s]'s keys, for all s at once — the per-side numbers of
        :meth:`lexical`: idf covered by any key, idf of the same lemma, the idf of its rarest shared
        and unshared content word, its shared content words, and its KEY_WORDS rarest content words'
        covered share. Sums run in unit order, as a Python loop would add them."""
        import numpy as np

        nk, u_w, u_ask, u_key, u_lem, uk_ptr, uk, t_start, codes = self._flat()[:9]
        S = len(a)
        side, u = self._expand(t_start, a)
        owner, at = self._expand(uk_ptr, u)
        hit = self._member(codes, b[side[owner]] * nk + uk[at])
        covered = np.bincount(owner[hit], minlength=len(u)) > 0
        exact_hit = self._member(codes, b[side] * nk + u_lem[u])
        w, ask = u_w[u], u_ask[u]
        cover = np.bincount(side[covered], weights=w[covered], minlength=S)
        exact = np.bincount(side[exact_hit], weights=w[exact_hit], minlength=S)
        content = ~ask
        sh = covered & content
        un = ~covered & content
        rare_sh = np.zeros(S)
        np.maximum.at(rare_sh, side[sh], w[sh])
        rare_un = np.zeros(S)
        np.maximum.at(rare_un, side[un], w[un])
        shared = np.bincount(side[sh], minlength=S)
        kk = covered & u_key[u]
        key = np.bincount(side[kk], weights=w[kk], minlength=S)
        n_cov = np.bincount(side[covered], minlength=S)
        return cover, exact, rare_sh, rare_un, shared, key, n_cov

    def _lexical_rows(self, pairs):
        """``(len(pairs), N_LEXICAL)`` word features of (i, j, cosine or None) pairs; computed once per
        pair of word signatures (the first pair seen with them gives its numbers, as before)."""
        import numpy as np

        P = len(pairs)
        if not P:
            return np.zeros((0, N_LEXICAL))
        self._flat()
        ii = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=P)
        jj = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=P)
        gi, gj = self._sig_arr[ii], self._sig_arr[jj]
        swap = gi > gj  # the features are computed with the lower signature first
        a, b = np.where(swap, jj, ii), np.where(swap, ii, jj)
        code = np.minimum(gi, gj) * self._sig_count + np.maximum(gi, gj)
        known, rows_of = self._lex_codes, self._lex_at
        at = np.minimum(np.searchsorted(known, code), max(len(known) - 1, 0))
        found = known[at] == code if len(known) else np.zeros(P, dtype=bool)
        where = np.where(found, rows_of[at] if len(known) else 0, -1)
        new = np.flatnonzero(~found)
        if len(new):
            uc, first = np.unique(code[new], return_index=True)
            rep = new[first]  # the first pair of the batch with each new signature pair
            F = self._compute_lexical(a[rep], b[rep], [pairs[p][2] for p in rep.tolist()])
            have = len(known)
            if have + len(F) > len(self._lex_rows):  # grow by doubling: groups add small batches
                grown = np.zeros((max(2 * len(self._lex_rows), have + len(F)), N_LEXICAL))
                grown[:have] = self._lex_rows[:have]
                self._lex_rows = grown
            self._lex_rows[have:have + len(F)] = F
            ids = np.arange(have, have + len(F), dtype=np.int64)
            where[new] = ids[np.searchsorted(uc, code[new])]
            merged = np.concatenate([known, uc])
            order = np.argsort(merged, kind="stable")
            self._lex_codes, self._lex_at = merged[order], np.concatenate([rows_of, ids])[order]
        return self._lex_rows[where]

    def _compute_lexical(self, ii, jj, given):
        """The word features of pairs of texts ii[p], jj[p] (lower signature first), with their TF-IDF
        cosine where ``given[p]`` is not None."""
        import numpy as np

        (nk, _w, _a, _k, _l, _p, _uk, _gs, codes, c_ptr, c_key, g_nc, g_keytot, g_mask,
         opposite, g_total) = self._flat()
        P = len(ii)
        gi, gj = self._sig_arr[ii], self._sig_arr[jj]
        cover, exact, rare_sh, rare_un, shared, key, n_cov = self._sides(np.concatenate([gi, gj]),
                                                                        np.concatenate([gj, gi]))
        ti, tj = g_total[gi], g_total[gj]
        ci = np.divide(cover[:P], ti, out=np.zeros(P), where=ti != 0)
        ei = np.divide(exact[:P], ti, out=np.zeros(P), where=ti != 0)
        cj = np.divide(cover[P:], tj, out=np.zeros(P), where=tj != 0)
        ej = np.divide(exact[P:], tj, out=np.zeros(P), where=tj != 0)
        kti, ktj = g_keytot[gi], g_keytot[gj]
        ki = np.divide(key[:P], kti, out=np.zeros(P), where=kti != 0)
        kj = np.divide(key[P:], ktj, out=np.zeros(P), where=ktj != 0)
        disjoint = n_cov[:P] == 0
        cos = np.array([np.nan if c is None else c for c in given], dtype=np.float64).reshape(P)
        cos[disjoint] = 0.0
        for p in np.flatnonzero(np.isnan(cos)).tolist():  # not known from the search: summed as before
            a, b = self.vec(int(ii[p])), self.vec(int(jj[p]))
            if len(a) > len(b):
                a, b = b, a
            cos[p] = sum(v * b.get(col, 0.0) for col, v in a.items())
        mi, mj = g_mask[gi], g_mask[gj]
        agree = (mi & mj) != 0
        conflict = (mi != 0) & (mj != 0) & ((mi & mj) == 0)
        opp = np.zeros(P, dtype=bool)
        for o in opposite:  # one ask of the pair each, and not the same one
            oi, oj = mi & o, mj & o
            opp |= (oi != 0) & ((oi & (oi - 1)) == 0) & (oj != 0) & ((oj & (oj - 1)) == 0) & (oi != oj)
        owner, at = self._expand(c_ptr, gi)
        con_hit = self._member(codes, gj[owner] * nk + c_key[at])
        concepts = np.bincount(owner[con_hit], minlength=P)
        ni, nj = g_nc[gi], g_nc[gj]
        F = np.empty((P, N_LEXICAL))
        F[:, 0], F[:, 1] = np.minimum(ci, cj), np.maximum(ci, cj)
        F[:, 2] = cos
        F[:, 3] = np.maximum(rare_sh[:P], rare_sh[P:]) / self.idf_max
        F[:, 4] = np.maximum(rare_un[:P], rare_un[P:]) / self.idf_max
        F[:, 5], F[:, 6], F[:, 7] = agree, conflict, opp
        F[:, 8] = np.minimum(ni, nj) / np.maximum(np.maximum(ni, nj), 1)
        F[:, 9] = np.minimum(concepts, 3) / 3.0
        F[:, 10], F[:, 11] = np.minimum(ei, ej), np.maximum(ei, ej)
        F[:, 12] = np.minimum(shared[:P], 4) / 4.0
        F[:, 13], F[:, 14] = np.minimum(ki, kj), np.maximum(ki, kj)
        return F

    def features(self, pairs):
        """``(len(pairs), len(FEATURES))`` matrix for (i, j, cosine or None) pairs."""
        import numpy as np

        F = np.zeros((len(pairs), len(FEATURES)))
        if not len(pairs):
            return F
        F[:, :N_LEXICAL] = self._lexical_rows(pairs)
        ii = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        jj = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
        floor_cos, floor_e5 = self.near_floor if self.near_floor is not None else near_floor()
        near = np.maximum(self.near_cos, floor_cos)
        F[:, N_LEXICAL] = F[:, 2] - (near[ii] + near[jj]) / 2
        F[:, N_LEXICAL + 1] = np.einsum("ij,ij->i", self.wv[ii], self.wv[jj])
        if self.emb is not None:
            F[:, N_LEXICAL + 2] = e = np.einsum("ij,ij->i", self.emb[ii], self.emb[jj])
            near = np.maximum(self.near_e5, floor_e5)
            F[:, N_LEXICAL + 3] = e - (near[ii] + near[jj]) / 2
        return F

    def scores(self, pairs, base=None):
        """Pair scores (model probability; a themes column lowers pairs with different primary themes).
        ``base``: the pairs' :meth:`base_scores`, when already computed (before the themes were known)."""
        s = self.base_scores(pairs) if base is None else base
        return self.theme_penalty(pairs, s)

    def base_scores(self, pairs):
        """Pair scores before the themes' penalty: they need no classification result. In blocks of
        EXACT_BLOCK pairs (each pair's score is its own row's: the same numbers), so the feature matrix
        and the word-vector rows of a big file's 600,000 candidates are never all held at once."""
        import numpy as np

        if len(pairs) > EXACT_BLOCK:
            return np.concatenate([self.base_scores(pairs[a:a + EXACT_BLOCK])
                                   for a in range(0, len(pairs), EXACT_BLOCK)])
        F = self.features(pairs)
        s = self.model(F)
        if OPPOSITE_PENALTY != 1.0:  # opposite asks ("fler X" / "ta bort X"): not the same proposal
            s = np.where(F[:, FEATURES.index("ask_opposite")] > 0, s * OPPOSITE_PENALTY, s)
        return s

    def theme_penalty(self, pairs, s):
        """``s`` with pairs of different primary themes (see :attr:`primary`) × ``THEME_PENALTY``."""
        import numpy as np
        from operator import itemgetter

        if self.primary is not None and len(pairs):
            a = self.primary[np.fromiter(map(itemgetter(0), pairs), dtype=np.int64, count=len(pairs))]
            b = self.primary[np.fromiter(map(itemgetter(1), pairs), dtype=np.int64, count=len(pairs))]
            s = np.where((a >= 0) & (b >= 0) & (a != b), s * THEME_PENALTY, s)
        return s

    def score(self, i: int, j: int) -> float:
        """Pair score of texts i and j, cached (groups compare their members again when they merge)."""
        if i > j:
            i, j = j, i
        key = i * len(self.units) + j
        s = self._cache.get(key)
        if s is None:
            s = self._cache[key] = float(self.scores([(i, j, None)])[0])
        return s

    def mean_score(self, a: list[int], b: list[int]) -> float:
        """Average score between the members of two groups (pairs not yet scored: in one batch)."""
        n = len(self.units)
        cache = self._cache
        codes = [x * n + y if x < y else y * n + x for x in a for y in b]
        got = list(map(cache.get, codes))
        if None in got:
            self.score_codes([c for c, s in zip(codes, got) if s is None])
            got = list(map(cache.__getitem__, codes))
        return sum(got) / len(got)

    def missing(self, a: list[int], b: list[int]) -> list[int]:
        """The pairs between members ``a`` and ``b`` not scored yet, as codes (lower × texts + higher)."""
        n = len(self.units)
        cache = self._cache
        return [c for c in (x * n + y if x < y else y * n + x for x in a for y in b) if c not in cache]

    def score_codes(self, codes) -> None:
        """Score the pairs ``codes`` (see :meth:`missing`) in one batch, into the cache (a pair scores the
        same in any batch: :class:`PairModel`)."""
        n = len(self.units)
        todo = sorted(set(codes))
        for c, s in zip(todo, self.scores([(c // n, c % n, None) for c in todo]).tolist()):
            self._cache[c] = s


def embed(texts: Sequence[str], embedder=None):
    """``(len(texts), DIM)`` float64 unit rows: the texts' query-prefixed e5 vectors.

    Raises :class:`~forbattra.errors.ModelError` (exit 5) with the install hint when the
    ``precise`` extra is missing."""
    import numpy as np

    if embedder is None:
        from forbattra.scoring.embed import Embedder

        embedder = Embedder(prefix="query")
    return np.asarray(embedder.encode(list(texts)), dtype=np.float64)


def _emb_neighbours(E, k: int):
    """``(pairs, near)``: (i, j, None) candidate pairs, i < j, each row's k nearest rows by e5 cosine
    (exact, in blocks), and each row's mean cosine to them."""
    import numpy as np

    n = len(E)
    if n < 2:
        return [], np.zeros(n)
    k = min(k, n - 1)
    found = []
    near = []
    for start in range(0, n, CHUNK):
        S = E[start:start + CHUNK] @ E.T
        rows = np.arange(start, min(start + CHUNK, n))
        S[rows - start, rows] = -np.inf
        for r, srow in zip(rows.tolist(), S):
            part = np.argpartition(-srow, k - 1)[:k]
            near.append(float(srow[part].mean()))
            order = np.lexsort((part, -srow[part]))  # best first, ties to the lower row number
            found.extend((min(r, c), max(r, c)) for c in part[order].tolist())
    return [(i, j, None) for i, j in sorted(set(found))], np.array(near)


def _neighbours(X, col_df, k: int, floor: float = 0.0, rows_of=None):
    """(i, j, cosine) candidate pairs, i < j: each row's k nearest rows by cosine (rows unit length)
    among those with cosine ≥ ``floor`` (pairs below it cannot reach the threshold).

    Up to BRUTE_MAX rows exactly; above, only through columns used by at most BLOCK_DF rows (the
    product stays sparse, memory bounded by CHUNK rows at a time). ``rows_of``, where given, is
    ``(U, uid)`` with ``X == U[uid]`` (rows that repeat another's, as texts differing by a case
    number do): the search then runs over U's rows once (:func:`_neighbours_repeated`), with the
    same result.
    """
    import numpy as np

    n = X.shape[0]
    if n < 2:
        return []
    if rows_of is not None:
        return _neighbours_repeated(rows_of[0], np.asarray(rows_of[1], dtype=np.int64), col_df, k, floor, n)
    B, Bt, floor = _searched(X, col_df, n, floor)
    found_i, found_j, found_v = [], [], []
    for start in range(0, n, CHUNK):
        S = B[start:start + CHUNK] @ Bt
        r = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr))
        c, v = S.indices.astype(np.int64), S.data
        keep = (c != r + start) & (v >= np.maximum(floor - 1e-12, _sample_bound(S, k, start, floor)[r]))
        r, c, v = _row_best(r[keep], c[keep], v[keep], k, start)
        found_i.append(r)
        found_j.append(c)
        found_v.append(v)
    if not found_i:
        return []
    return _pair_list(np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_v), n)


def _searched(X, col_df, n: int, floor: float):
    """``(B, B transposed, floor)``: the matrix the neighbour search multiplies — above BRUTE_MAX rows
    (``n``) only the columns used by at most BLOCK_DF rows, with the floor halved, since a cosine over
    those columns understates the full cosine."""
    import numpy as np
    from scipy.sparse import diags

    B = X
    if n > BRUTE_MAX:
        B = (X @ diags((col_df <= BLOCK_DF).astype(np.float64))).tocsr()
        B.eliminate_zeros()
        floor /= 2
    return B, B.T.tocsr(), floor


def _row_best(r, c, v, k: int, start: int):
    """Of a product block's entries (row-major, rows counted from 0), each row's k best by value, ties to
    the lower column, sorted so: ``(rows + start, columns, values)``."""
    import numpy as np

    r, c, v = _top_candidates(r, c, v, k, start)
    order = np.lexsort((c, -v, r))
    r, c, v = r[order], c[order], v[order]
    keep = np.arange(len(r)) - np.searchsorted(r, r, side="left") < k
    return r[keep], c[keep], v[keep]


def _pair_list(i, j, v, n: int) -> list:
    """``(lower, higher, value)`` per distinct pair of the links ``i``–``j`` (``n`` rows), sorted, each
    with the value of its first link."""
    import numpy as np

    lo, hi = np.minimum(i, j), np.maximum(i, j)
    codes, first = np.unique(lo * n + hi, return_index=True)
    return list(zip((codes // n).tolist(), (codes % n).tolist(), v[first].tolist()))


def _neighbours_repeated(U, uid, col_df, k: int, floor: float, n: int):
    """:func:`_neighbours` of the rows ``U[uid]`` (``n`` of them), each distinct row of U searched once.

    A row's candidates are every other row; rows of one entry of U have the same products with all of
    them. So each entry's k + 1 best rows (value, then row number: only an entry's first k + 1 rows can
    be among them) are found from U's product alone, and each row takes the first k of its entry's
    list that are not itself — exactly the rows, values and ties of the search over all n rows, for
    the cost of a search over U (100,000 texts that differ by a case number: ≈ 8,000 entries)."""
    import numpy as np

    m = U.shape[0]
    B, Bt, floor = _searched(U, col_df, n, floor)  # the same blocking as over the n rows
    order = np.argsort(uid, kind="stable")  # rows by entry, ascending within each
    cnt = np.bincount(uid, minlength=m)
    begin = np.cumsum(cnt) - cnt
    kk = k + 1
    take = np.minimum(cnt, kk)  # an entry's rows that can be among any row's k + 1 best
    found_e, found_c, found_v = [], [], []
    for start in range(0, m, CHUNK):
        S = B[start:start + CHUNK] @ Bt
        h = S.shape[0]
        r = np.repeat(np.arange(h, dtype=np.int64), np.diff(S.indptr))
        e, v = S.indices.astype(np.int64), S.data
        # entries below the sample bound cannot hold any of a row's k + 1 best: the bound is the (k+1)-th
        # best of other entries, each holding at least one other row
        keep = v >= np.maximum(floor - 1e-12, _sample_bound(S, kk, start, floor)[r])
        r, e, v = r[keep], e[keep], v[keep]
        t = take[e]
        total = int(t.sum())
        if not total:
            continue
        r, v = np.repeat(r, t), np.repeat(v, t)
        c = order[np.repeat(begin[e], t) + np.arange(total) - np.repeat(np.cumsum(t) - t, t)]
        r, c, v = _row_best(r, c, v, kk, start)  # by entry, best first, ties to the lower row number
        found_e.append(r)
        found_c.append(c)
        found_v.append(v)
    if not found_e:
        return []
    fe, fc, fv = np.concatenate(found_e), np.concatenate(found_c), np.concatenate(found_v)
    i, at = _Texts._expand(np.concatenate([[0], np.cumsum(np.bincount(fe, minlength=m))]), uid)  # each row: its entry's list
    j, v = fc[at], fv[at]
    other = j != i
    i, j, v = i[other], j[other], v[other]
    keep = np.arange(len(i)) - np.searchsorted(i, i, side="left") < k
    return _pair_list(i[keep], j[keep], v[keep], n)


def _sample_bound(S, k: int, start: int, floor: float, width: int = SAMPLE):
    """Per row of a CSR product block, a value its k-th best candidate reaches for sure: the k-th best
    among its first ``width`` stored candidates (not itself, not below ``floor``; -inf where fewer
    than k). Entries below it cannot be among the row's k nearest, so one cheap pass over the block
    drops most of it (a 10,000-row export's products are 60 % dense) before the exact top k."""
    import numpy as np

    h = S.shape[0]
    cnt = np.minimum(np.diff(S.indptr), width)
    w = int(cnt.max()) if h else 0
    if w < k:
        return np.full(h, -np.inf)
    at = S.indptr[:-1, None] + np.arange(w)[None, :]
    ok = np.arange(w)[None, :] < cnt[:, None]
    at = np.where(ok, at, 0)
    vals = np.where(ok, S.data[at] if len(S.data) else 0.0, -np.inf)
    own = S.indices[at] == (np.arange(h) + start)[:, None]
    vals[own | (vals < floor - 1e-12)] = -np.inf
    vals.partition(w - k, axis=1)
    return vals[:, w - k]


def _top_candidates(rows, c, v, k: int, start: int):
    """Of entries (row-major, ``rows`` counted from 0), those at least as good as their row's k-th
    best: the exact top k of each row is among them, so only a few per row are sorted (sorting every
    product of a 10,000-row export cost more than the rest of the search). Rows with more than k
    entries are padded to a common width per power-of-two size class (one width for all rows made
    the padded block mostly padding: allocating it cost more than the partition)."""
    import numpy as np

    if not len(v):
        return rows + start, c, v
    h = int(rows[-1]) + 1
    cnt = np.bincount(rows, minlength=h)
    big = np.flatnonzero(cnt > k)
    if not len(big):  # nothing to cut
        return rows + start, c, v
    pos = np.arange(len(v)) - (np.cumsum(cnt) - cnt)[rows]
    kth = np.full(h, -np.inf)  # rows with k entries or fewer keep them all
    size = np.ceil(np.log2(cnt[big])).astype(np.int64)
    local = np.full(h, -1, dtype=np.int64)
    for cls in np.unique(size).tolist():
        rs = big[size == cls]
        local[rs] = np.arange(len(rs))
        ent = np.flatnonzero(local[rows] >= 0)
        M = np.full((len(rs), int(cnt[rs].max())), np.inf)
        M[local[rows[ent]], pos[ent]] = -v[ent]
        M.partition(k - 1, axis=1)
        kth[rs] = -M[:, k - 1]  # each row's k-th largest value
        local[rs] = -1
    sel = v >= kth[rows]
    return rows[sel] + start, c[sel], v[sel]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _group(T: _Texts, pairs, threshold: float, base=None):
    """Average-linkage merging of scored pairs (best first); returns (union-find, best score per text).
    ``base``: the pairs' :meth:`_Texts.base_scores`, if already computed."""
    from operator import itemgetter

    import numpy as np

    n = len(T.units)
    s = np.asarray(T.scores(pairs, base), dtype=np.float64) if len(pairs) else np.zeros(0)
    ii = np.fromiter(map(itemgetter(0), pairs), dtype=np.int64, count=len(pairs))  # i < j
    jj = np.fromiter(map(itemgetter(1), pairs), dtype=np.int64, count=len(pairs))
    keep = np.flatnonzero(s >= threshold - 1e-12)
    ii, jj, s = ii[keep], jj[keep], s[keep]
    T._cache.update(zip((ii * n + jj).tolist(), s.tolist()))  # links are compared again when groups merge
    order = np.lexsort((jj, ii, -s))  # best first; ties by the lower texts
    uf = _UnionFind(n)
    parent = uf.parent
    members: dict[int, list[int]] = {}
    best: dict[int, float] = {}
    links_i, links_j = ii[order].tolist(), jj[order].tolist()
    cache = T._cache
    cache_get = cache.get

    def ahead(k: int) -> list[int]:
        """Pairs the merges of the next links would compare, as the groups stand now: scored in the same
        batch as the merge that needs scores (a batch of two pairs cost as much as one of hundreds)."""
        out: list[int] = []
        for t in range(k + 1, min(k + 1 + LOOKAHEAD, len(links_i))):
            ri, rj = links_i[t], links_j[t]
            while parent[ri] != ri:
                ri = parent[ri]
            while parent[rj] != rj:
                rj = parent[rj]
            if ri != rj:
                mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
                if len(mi) + len(mj) > 2:
                    out += T.missing(mi[:CORE], mj[:CORE])
                    if len(out) >= PREFETCH:
                        break
        return out

    for k, (sc, i, j) in enumerate(zip(s[order].tolist(), links_i, links_j)):
        ri = i  # the union-find's find (path halving), inlined: half a million links in a big file
        while parent[ri] != ri:
            parent[ri] = parent[parent[ri]]
            ri = parent[ri]
        rj = j
        while parent[rj] != rj:
            parent[rj] = parent[parent[rj]]
            rj = parent[rj]
        if ri != rj:
            mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
            if len(mi) + len(mj) > 2:  # T.mean_score(mi[:CORE], mj[:CORE]), its pairs' codes made once
                codes = [x * n + y if x < y else y * n + x for x in mi[:CORE] for y in mj[:CORE]]
                got = list(map(cache_get, codes))
                if None in got:  # (the pairs not scored yet, in one batch with the next merges' pairs)
                    T.score_codes([c for c, sc_ in zip(codes, got) if sc_ is None] + ahead(k))
                    got = list(map(cache.__getitem__, codes))
                if sum(got) / len(got) < MERGE_RATIO * threshold - 1e-12:
                    continue
            root = min(ri, rj)
            parent[max(ri, rj)] = root
            members[root] = sorted(mi + mj)
        # links come best first: a text's first link taken is its best
        if i not in best:
            best[i] = sc
        if j not in best:
            best[j] = sc
    return uf, best


def _never_grouped(text: str, key: str, thanks: bool, thanks_start: frozenset[str]) -> bool:
    """Whether a row's text is never grouped: empty (no word: ``key``, its :func:`copy_key`) or no suggestion
    ("Vet inte"; with ``thanks``, one that only thanks — ``thanks_start``: the words such an answer starts with);
    only a short text, or one starting so, is read for it."""
    from forbattra.analysis.nonsuggestion import MAX_WORDS, is_nonsuggestion

    return not key or ((key.count(" ") < MAX_WORDS or key.split(" ", 1)[0] in thanks_start)
                       and is_nonsuggestion(text, thanks))


def never_grouped(texts, thanks: bool = True) -> int:
    """How many of ``texts`` (a frame's text column) :func:`find_duplicates` never groups — empty rows and answers
    that are no suggestion — each distinct text judged once, as it judges them."""
    from forbattra.analysis.nonsuggestion import praise_first_words

    thanks_start = praise_first_words() if thanks else frozenset()
    judged: dict[str, bool] = {}
    n = 0
    for t in texts:
        t = t if isinstance(t, str) else ""
        v = judged.get(t)
        if v is None:
            v = judged[t] = _never_grouped(t, copy_key(t), thanks, thanks_start)
        n += v
    return n


def candidates(frame, *, analyzer: Analyzer | None = None, fallback: str = "ovrigt", theme_scores=None,
               analyses: dict | None = None, precise: bool = False, embedder=None, model: PairModel | None = None,
               thanks: bool = True):
    """Steps 1-3 of the module doc: ``(T, pairs, rep_of, copy_of)`` — the distinct texts (``_Texts``),
    their candidate pairs ``(i, j, cosine or None)`` (i < j, indices into the distinct texts), each
    row's distinct text (-1: empty or not a suggestion) and the row of its first copy (or None).
    :func:`find_duplicates` groups these; ``tools/train_pair_scorer.py`` learns from them."""

    from forbattra.analysis.nonsuggestion import praise_first_words

    thanks_start = praise_first_words() if thanks else frozenset()

    analyzer = analyzer or Analyzer()
    n = len(frame)
    texts = [t if isinstance(t, str) else "" for t in frame[TEXT]] if n else []
    # 1. copies collapsed; non-suggestions never grouped
    first_of: dict[str, int] = {}
    rep_of = [-1] * n  # index into the distinct texts, or -1
    reps: list[int] = []
    copy_of: list = [None] * n
    memo = analyses if analyses is not None else {}
    done: dict[str, int] = {}  # a text met before → the first row of its copy key (-1: never grouped)
    for i, t in enumerate(texts):
        f = done.get(t)  # an export repeats texts verbatim: each is folded once
        if f is None:
            norm = normalise(t)
            tokens = tokenize(norm)
            key = fold(" ".join(tokens))  # copy_key(t, norm): fold() maps letters to letters, so its tokens are these
            if _never_grouped(t, key, thanks, thanks_start):
                done[t] = -1
                continue
            f = first_of.get(key)
            if f is None:
                first_of[key] = done[t] = i
                rep_of[i] = len(reps)
                reps.append(i)
                if t not in memo:
                    memo[t] = analyzer.analyze(t, norm, tokens)
                continue
            done[t] = f
        elif f < 0:
            continue
        rep_of[i] = rep_of[f]
        copy_of[i] = f
    rep_texts = [texts[i] for i in reps]
    emb = embed(rep_texts, embedder) if precise else None
    T = _Texts(rep_texts, analyzer, [memo[t] for t in rep_texts], emb, model)
    set_primary(T, rep_of, primary_themes(frame, fallback, theme_scores))
    # 3. candidates: nearest by words (and, in precise mode, nearest by meaning; a pair found both
    # ways keeps its known cosine)
    pairs = _neighbours(T.X, T.col_df, NEIGHBOURS, CAND_FLOOR, T.rows_of)
    pairs, T.near_cos = _exact_cosines(T, pairs)
    if emb is not None:
        known = {(i, j) for i, j, _c in pairs}
        by_meaning, T.near_e5 = _emb_neighbours(emb, NEIGHBOURS)
        pairs = sorted(pairs + [p for p in by_meaning if p[:2] not in known], key=lambda p: (p[0], p[1]))
    return T, pairs, rep_of, copy_of


def _exact_cosines(T: _Texts, pairs):
    """The pairs with their full TF-IDF cosine (above BRUTE_MAX the search saw only the blocking
    words), and each text's mean cosine to its NEIGHBOURS best candidates (0 where fewer), leaving
    out texts with the same word signature (copies that differ by a case number would make every
    other text look far)."""
    import numpy as np

    n = len(T.units)
    if not pairs:
        return pairs, np.zeros(n)
    ii = np.array([p[0] for p in pairs], dtype=np.int64)
    jj = np.array([p[1] for p in pairs], dtype=np.int64)
    sig = np.asarray(T.sig)
    # texts with one word signature have the same TF-IDF row: each pair of signatures is computed once
    # (an export whose texts differ by a case number repeats them), in blocks of pairs, so the two
    # row selections never hold more than EXACT_BLOCK rows (all 633,000 candidate pairs of a
    # 100,000-row file at once: +375 MB for a moment)
    codes = sig[ii] * (int(sig.max()) + 1) + sig[jj]
    _u, first, inv = np.unique(codes, return_index=True, return_inverse=True)
    ui, uj = ii[first], jj[first]
    ucos = np.empty(len(first))
    for a in range(0, len(first), EXACT_BLOCK):
        b = a + EXACT_BLOCK
        ucos[a:b] = np.asarray(T.X[ui[a:b]].multiply(T.X[uj[a:b]]).sum(axis=1)).ravel()
    cos = ucos[inv.ravel()]
    other = sig[ii] != sig[jj]
    who = np.concatenate([ii[other], jj[other]])
    val = np.concatenate([cos[other], cos[other]])
    order = np.lexsort((-val, who))
    who, val = who[order], val[order]
    rank = np.arange(len(who)) - np.searchsorted(who, who, side="left")
    keep = rank < NEIGHBOURS
    near = np.bincount(who[keep], weights=val[keep], minlength=n) / NEIGHBOURS
    return list(zip(ii.tolist(), jj.tolist(), cos.tolist())), near


def primary_themes(frame, fallback: str = "ovrigt", theme_scores=None) -> list | None:
    """Each row's primary theme for the themes' penalty (None: the fallback, or none), from a ``themes``
    column (classify's) or else from ``theme_scores`` (the strongest theme's column); None without
    either."""
    import numpy as np

    n = len(frame)
    if "themes" in frame and n:
        return [ts[0] if isinstance(ts, (list, tuple)) and ts and ts[0] != fallback else None
                for ts in frame["themes"]]
    if theme_scores is not None and n:
        S = np.asarray(theme_scores, dtype=np.float64)
        return [int(np.argmax(S[i])) if S.shape[1] and S[i].max() > 0 else None for i in range(n)]
    return None


def set_primary(T: _Texts, rep_of: list[int], primary: list | None) -> None:
    """Pairs of distinct texts whose first rows have different primary themes (neither None) get
    ``THEME_PENALTY`` (``primary``: one per input row, from :func:`primary_themes`)."""
    import numpy as np

    if primary is None:
        T.primary = None
        return
    prim: list = [None] * len(T.units)
    for i in range(len(rep_of) - 1, -1, -1):  # each distinct text's first row
        if rep_of[i] >= 0:
            prim[rep_of[i]] = primary[i]
    codes: dict = {}
    # a value unequal to itself (NaN) differs from every theme, itself included, as != compared them
    T.primary = np.array([-1 if p is None else codes.setdefault(p, len(codes)) if p == p else len(prim) + k
                          for k, p in enumerate(prim)], dtype=np.int64)


class Prepared:
    """Everything of :func:`find_duplicates` that needs no classification result (steps 1-3 and the
    candidate pairs' scores before the themes' penalty), so it can run while the texts are classified
    (``workflow`` does it in a forked process); :meth:`finish` then groups with the themes."""

    def __init__(self, frame, *, analyzer: Analyzer | None = None, analyses: dict | None = None,
                 precise: bool = False, embedder=None, model: PairModel | None = None, thanks: bool = True) -> None:
        self.T, self.pairs, self.rep_of, self.copy_of = candidates(
            frame, analyzer=analyzer, analyses=analyses, precise=precise, embedder=embedder, model=model, thanks=thanks)
        self.T.primary = None  # themes (if the frame has them) come with finish()
        self.base = self.T.base_scores(self.pairs)
        n = len(frame)
        self.rows = [int(r) for r in frame[ROW]] if ROW in frame else list(range(1, n + 1))
        self.ids = list(frame[ID]) if ID in frame else [None] * n

    def finish(self, primary: list | None = None, threshold: float | None = None):
        """The :func:`find_duplicates` table, with ``primary`` (:func:`primary_themes`) for the penalty."""
        set_primary(self.T, self.rep_of, primary)
        self.T._cache.clear()  # scores kept by an earlier finish() carry its themes' penalty
        return _finish(self.T, self.pairs, self.rep_of, self.copy_of, self.rows, self.ids, threshold, self.base)


def find_duplicates(frame, *, threshold: float | None = None, analyzer: Analyzer | None = None,
                    fallback: str = "ovrigt", theme_scores=None, analyses: dict | None = None,
                    precise: bool = False, embedder=None, model: PairModel | None = None, thanks: bool = True):
    """One row per input row (input order): ``row``, ``id``, ``duplicate_group`` (1.. or None),
    ``similarity`` (best score to another member, 1.0 for a copy; None outside groups) and
    ``copy_of`` (the row of the first identical text, or None).

    With a ``themes`` column (from ``classify_frame``), a pair whose primary themes differ (neither
    being ``fallback``) has its score multiplied by ``THEME_PENALTY``. ``theme_scores`` (optional,
    one row of theme scores per input row, e.g. the classification's) does the same for pairs whose
    strongest themes differ, so a caller that already classified pays nothing extra for it.
    ``precise``: also compare meaning with sentence embeddings (see the module doc; needs the
    ``precise`` extra, else :class:`~forbattra.errors.ModelError`); ``embedder``: an
    :class:`~forbattra.scoring.embed.Embedder`-like object to use instead of a fresh one.
    ``threshold``: the pair scorer's own (:func:`default_threshold`) unless given; ``model``: a
    :class:`PairModel` instead of the shipped one (training and evaluation).
    ``thanks=False``: answers that only thank are grouped like any text (a user's own categories may
    hold them); non-suggestion phrases ("Vet inte") are never grouped.
    Groups are numbered by their first row. ``analyses`` (optional, a dict) keeps each distinct
    text's :class:`Analysis` by text, for :func:`group_table` to reuse instead of analysing again.
    """
    n = len(frame)
    T, pairs, rep_of, copy_of = candidates(frame, analyzer=analyzer, fallback=fallback, theme_scores=theme_scores,
                                           analyses=analyses, precise=precise, embedder=embedder, model=model,
                                           thanks=thanks)
    rows = [int(r) for r in frame[ROW]] if ROW in frame else list(range(1, n + 1))
    return _finish(T, pairs, rep_of, copy_of, rows, list(frame[ID]) if ID in frame else [None] * n, threshold)


def _finish(T: _Texts, pairs, rep_of: list[int], copy_of: list, rows: list[int], ids: list,
            threshold: float | None, base=None):
    """Steps 4-5 and the output table of :func:`find_duplicates` (``base``: the pairs' base scores)."""
    import pandas as pd

    n = len(rep_of)
    if threshold is None:
        threshold = T.model.threshold
    uf, best = _group(T, pairs, threshold, base)
    n_copies: dict[int, int] = {}
    for r in rep_of:
        if r >= 0:
            n_copies[r] = n_copies.get(r, 0) + 1
    group: list = [None] * n
    sim: list = [None] * n
    numbers: dict[int, int] = {}
    for i in range(n):
        r = rep_of[i]
        if r < 0 or (r not in best and n_copies[r] < 2):
            continue
        root = uf.find(r)
        if root not in numbers:
            numbers[root] = len(numbers) + 1
        group[i] = numbers[root]
        # the best score to another text of the group; 1.0 only in a group of copies of one text (a text
        # with copies in a group of several texts is as alike the others as its one text is)
        sim[i] = round(best[r], 4) if r in best else 1.0
    out = pd.DataFrame({
        "row": rows,
        "id": ids,
        "duplicate_group": pd.array(group, dtype=object),
        "similarity": pd.array(sim, dtype=object),
        "copy_of": pd.array([int(rows[c]) if c is not None and group[i] is not None else None
                             for i, c in enumerate(copy_of)], dtype=object),
    })
    return out


# What kind of group: only copies of one text (sure), or different texts the scorer found alike —
# candidates to confirm (on whole realistic files only about one such pair in three to five is judged the
# same proposal, six in ten at least partly: docs/benchmarks.md).
KIND = {"sv": {"copies": "kopior", "similar": "liknande – granska"},
        "en": {"copies": "copies", "similar": "similar – check"}}
GROUP_SHEET_COLS = {"sv": ("Grupp", "Typ", "Gemensamt", "Antal", "Enheter", "Personer", "Bedömning", "Högsta likhet",
                           "Rader"),
                    "en": ("Group", "Type", "In common", "Count", "Units", "People", "Assessment", "Highest similarity",
                           "Rows")}
SHEET_COLS = {"sv": ("Grupp", "Typ", "Gemensamt", "Antal", "Enheter", "Personer", "Bedömning", "Rad", "Id", "Enhet",
                     "Likhet", "Kopia av rad", "Förslag"),
              "en": ("Group", "Type", "In common", "Count", "Units", "People", "Assessment", "Row", "Id", "Unit",
                     "Similarity", "Copy of row", "Suggestion")}
GROUP_KEYS = ("group", "kind", "shared", "count", "units", "people", "verdict", "best", "rows")


def typed_sheet_columns(sheet: str, lang: str) -> list[tuple[str, str]]:
    """``write_xlsx``'s ``typed`` pairs for the Dubbletter sheet named ``sheet``: its id and unit cells typed as
    the per-row sheet beside it types them (an id 101 a number on both, 0103 text on both), so a lookup of a
    duplicate's id in that sheet finds it."""
    return [(sheet, SHEET_COLS[lang][SHEET_KEYS.index(k)]) for k in ("id", "unit")]
_TEXT_KEYS = frozenset({"kind", "shared", "verdict", "id", "unit", "text"})  # the sheet's columns of text
SHEET_KEYS = ("group", "kind", "shared", "count", "units", "people", "verdict", "row", "id", "unit", "similarity",
              "copy_of", "text")


def _filled(frame, col: str) -> bool:
    """Whether any row has a non-blank value in ``col`` (None, NaN and pd.NA count as blank)."""
    if col not in frame:
        return False
    values = frame[col]
    return any(str(v).strip() for v in values[values.notna()])


def _text_or_blank(v):
    """A cell's value, or "" for None, NaN and pd.NA (whose truth value raises)."""
    import pandas as pd

    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v == "" else v


def absent_columns(frame) -> set[str]:
    """Sheet columns with nothing to say for this input, left out as the *Teman* sheet leaves them out:
    no unit column → no units, verdict or unit; no person column → no people; no id column → no id.
    (A "0 people" column would read as "nobody raised it".)"""
    out: set[str] = set()
    if not _filled(frame, GROUP):
        out |= {"units", "verdict", "unit"}
    if not _filled(frame, PERSON):
        out.add("people")
    if not _filled(frame, ID):
        out.add("id")
    return out


def sheet_headers(keys: Sequence[str], heads: Sequence[str], frame) -> tuple[list[int], list[str]]:
    """The positions and headers of ``keys`` that this input fills (see :func:`absent_columns`)."""
    drop = absent_columns(frame)
    keep = [j for j, k in enumerate(keys) if k not in drop]
    return keep, [heads[j] for j in keep]


@functools.lru_cache(maxsize=1)
def _skip_words() -> frozenset[str]:
    """Words never shown as what a group shares: vocabulary.yaml's generic words and stop words."""
    from forbattra.analysis.vocabulary import vocabulary
    from forbattra.scoring.text import stop_words

    voc = vocabulary()
    return frozenset(voc["generic"] | voc["shared_filler"] | stop_words())


TEMPLATE_SHARE, TEMPLATE_TEXTS = 0.2, 50  # a word in more than this share of a file's distinct texts (of at least
# this many) is the file's, not a group's: a form's headings ("Nuläge:", "Förväntad effekt:") or its boilerplate
TEMPLATE_SAMPLE = 5_000  # distinct texts read for it at most (every k-th of a bigger file)


def _template_words(analyses) -> frozenset[str]:
    """Lemmas in more than :data:`TEMPLATE_SHARE` of ``analyses`` (the file's distinct texts), when they are
    at least :data:`TEMPLATE_TEXTS`: never shown as what a group shares while it shares anything else."""
    from collections import Counter
    from itertools import chain

    analyses = list(analyses)
    if len(analyses) < TEMPLATE_TEXTS:
        return frozenset()
    df = Counter(chain.from_iterable(set(a.lemmas) for a in analyses))
    most = TEMPLATE_SHARE * len(analyses)
    return frozenset(w for w, n in df.items() if n > most)


@functools.lru_cache(maxsize=200_000)
def _term_keys(lem: str, atoms: tuple[str, ...], tok: str, skip: frozenset[str]) -> tuple[str, ...]:
    """The keys a word counts under in a group's shared words (its lemma, and its concept if any);
    none for a generic or stop word or a token under 3 letters. Cached: groups repeat their words."""
    if lem in skip or len(tok) < 3 or tok in skip or fold(tok) in skip:
        return ()
    c = concept(lem) or (concept(atoms[-1]) if len(atoms) > 1 else None)
    return (lem, "~" + c) if c else (lem,)


def _whole_words(a) -> tuple[str, ...]:
    """Each of ``a.tokens`` as the word it was written in: a part of a hyphenated word as the whole word
    ("e-post", "it-support", "6-timmarsdag" for "post", "support", "timmarsdag"), which the analysis splits."""
    if "-" not in a.norm:
        return a.tokens
    whole = tuple(w for tok in tokenize(a.norm) for w in ((tok,) * sum(1 for p in tok.split("-") if p)))
    return whole if len(whole) == len(a.tokens) else a.tokens  # (tokens the caller gave otherwise: as they are)


def _shared_terms(analyses, top: int = 4, template: frozenset[str] = frozenset()) -> list[str]:
    """Words (or synonym concepts) most of a group's distinct texts use, each in a form written in
    them ("taklyftar", "väktare"; a part of a hyphenated word as the whole word, "e-post" not "post"; a concept no one
    word of which most of them write as its two most used words, "procapita/lifecare"); generic and
    stop words left out, and the file's ``template`` words (:func:`_template_words`) unless the group shares
    nothing else."""
    from collections import Counter


    skip = _skip_words()
    by_key: Counter = Counter()
    surface: dict[str, dict[str, tuple[int, int]]] = {}
    first_pos: dict[str, int] = {}
    # texts with the same words in the same forms (differing by a case number, say) count alike: each
    # such set of words is read once and counted as often as texts have it (the same counts, forms
    # and first positions as text by text)
    times: dict[tuple, int] = {}
    from_template: set[str] = set()  # keys that only the file's template words gave
    lemma_of: dict[str, str] = {}  # a shown form's lemma (a concept's words told apart)
    own: set[str] = set()
    for a in analyses:
        whole = _whole_words(a)
        words = (a.lemmas, a.atoms, tuple(map(a.tokens.__getitem__, a.where)), tuple(map(whole.__getitem__, a.where)))
        times[words] = times.get(words, 0) + 1
    for m, ((lemmas, atoms_of, toks, shown), n) in enumerate(times.items()):
        seen = set()
        for pos, (lem, atoms, tok, form) in enumerate(zip(lemmas, atoms_of, toks, shown)):
            for key in _term_keys(lem, atoms, tok, skip):
                if key in seen:
                    continue
                seen.add(key)
                (from_template if lem in template else own).add(key)  # (a template word's concept too)
                by_key[key] += n
                forms = surface.setdefault(key, {})
                cnt, first = forms.get(form, (0, len(forms)))
                forms[form] = (cnt + n, first)
                lemma_of.setdefault(form, lem)
                first_pos.setdefault(key, pos if m == 0 else 10_000 + pos)
    need = max(2, math.ceil(len(analyses) / 2)) if len(analyses) > 1 else 1
    keys = [k for k, c in by_key.items() if c >= need]
    from_template -= own
    if from_template and any(k not in from_template for k in keys):
        keys = [k for k in keys if k not in from_template]
    keys.sort(key=lambda k: (-by_key[k], k.startswith("~"), first_pos[k], k))
    out: list[str] = []
    for k in keys:
        ranked = sorted(surface[k].items(), key=lambda kv: (-kv[1][0], kv[1][1]))  # most used, then first
        form = ranked[0][0]
        words = {lemma_of[f] for f, _c in ranked}
        if k.startswith("~") and len(words) > 1 and not any(by_key[w] >= need for w in words):
            # a meaning most texts share in words of their own ("Procapita", "Lifecare"), none of which most of them
            # write: the two most used words are shown, "procapita/lifecare", not one text's as if all wrote it
            other = next(f for f, _c in ranked if lemma_of[f] != lemma_of[form])
            form = f"{form}/{other}"
        if form not in out:
            out.append(form)
        if len(out) == top:
            break
    return out


def group_table(frame, dup_df, lang: str = "sv", analyzer: Analyzer | None = None, analyses: dict | None = None):
    """One row per group (by number): ``group``, ``kind`` ("kopior" when every member is a copy of one
    text, else "liknande – granska": different texts found alike, to confirm), ``best`` (its members' highest
    ``similarity``: 1.0 for copies; among groups of one ``count``, after the copies, the groups' order on the sheets), ``shared`` (words most of
    its distinct texts use),
    ``count`` (rows), ``units``, ``people``, ``verdict`` (the *Teman* sheet's assessment of its rows against the
    file's units, :func:`forbattra.analysis.summary.breadth`'s rule: "drivs av en enhet", "brett förankrat", "flera
    enheter", "en enhet" or "enhet saknas"; empty without a unit column) and ``rows``.
    ``analyses``: the dict :func:`find_duplicates` filled (texts analysed there are not analysed again)."""
    import pandas as pd

    by, record, _copies_only = _group_records(frame, dup_df, lang, analyzer, analyses)
    return pd.DataFrame([record(g) for g in sorted(by)], columns=list(GROUP_KEYS))


def _group_records(frame, dup_df, lang: str, analyzer: Analyzer | None, analyses: dict | None):
    """:func:`group_table`'s work, a group at a time: ``(by, record, copies_only)`` — each group's lines (indices
    into ``dup_df``), a function giving a group's row of the table, and one telling whether a group is copies of one
    text (its kind, without the costlier shared words)."""
    from forbattra.analysis.summary import HEADINGS, breadth, flag_key, unit_count
    from forbattra.inputs.tables import person_key
    from forbattra.outputs.redact import without_placeholders

    texts = frame[TEXT].tolist() if TEXT in frame else [""] * len(frame)
    units_col = frame[GROUP].tolist() if GROUP in frame else [None] * len(frame)
    units_total = unit_count(frame)  # a group's breadth is against every unit of the file, as a theme's
    people_col = frame[PERSON].tolist() if PERSON in frame else [None] * len(frame)
    copy_col = list(dup_df["copy_of"]) if "copy_of" in dup_df else [None] * len(frame)
    sim_col = list(dup_df["similarity"]) if "similarity" in dup_df else [None] * len(frame)
    row_col = [int(r) for r in dup_df["row"]]
    by: dict[int, list[int]] = {}
    for i, g in enumerate(dup_df["duplicate_group"]):
        if g is not None:
            by.setdefault(int(g), []).append(i)
    memo = analyses if analyses is not None else {}

    def analyse(text):
        a = memo.get(text)
        if a is None:
            nonlocal analyzer
            if analyzer is None:
                analyzer = Analyzer()
            a = memo[text] = analyzer.analyze(text)
        return a

    # the file's template words, over its distinct texts (analysed already where the caller's search did); in a
    # big file over an even sample of them (TEMPLATE_SAMPLE: a share of a fifth is plain in 5,000 texts)
    template = frozenset()
    if by:
        distinct = [t for t in dict.fromkeys(texts) if isinstance(t, str) and t.strip()]
        step = -(-len(distinct) // TEMPLATE_SAMPLE)
        template = _template_words(analyse(t) for t in distinct[::step])

    def copies_only(g: int) -> bool:  # the group's kind without its shared words
        return sum(copy_col[i] is None for i in by[g]) == 1

    def record(g: int) -> dict:
        rows = by[g]
        named = [u if isinstance(u, str) and u.strip() else None for u in (units_col[i] for i in rows)]
        units = set(named) - {None}
        people = {k for k in (person_key(people_col[i]) for i in rows) if k}  # "eva ek" is Eva Ek
        # the Teman sheet's and discover's rule, so the same rows never get opposite verdicts: nine of ten from
        # one unit is "drivs av en enhet" here too, not "flera enheter" because a second unit wrote one
        verdict = HEADINGS[lang][flag_key(breadth(named, units_total))] if units_total else ""
        firsts = [i for i in rows if copy_col[i] is None]
        distinct = [analyse(without_placeholders(texts[i])) for i in firsts[:SHARED_SAMPLE]]  # a mask is no word
        return {"group": g, "kind": KIND[lang]["copies" if len(firsts) == 1 else "similar"],
                "best": max((float(sim_col[i]) for i in rows if sim_col[i] is not None), default=0.0),
                "shared": ", ".join(_shared_terms(distinct, template=template)), "count": len(rows),
                "units": len(units), "people": len(people), "verdict": verdict,
                "rows": [row_col[i] for i in rows]}

    return by, record, copies_only


def duplicates_sheet(frame, dup_df, lang: str = "sv", analyzer: Analyzer | None = None, groups=None,
                     analyses: dict | None = None):
    """The "Dubbletter" sheet: one line per member, the groups most suggestions raise first (a committee's first
    question: what did many write?), among groups of one size the surest first (copies, then by best pair score);
    group numbers as in the row output, members in row order; each line repeats its group's
    shared words, size, units, people and breadth/volume verdict so a filter on one column works.
    Columns the input cannot fill (no unit, person or id column) are left out: :func:`absent_columns`."""
    return next(duplicates_sheet_parts(frame, dup_df, lang, analyzer, groups, analyses))


def duplicates_sheet_parts(frame, dup_df, lang: str = "sv", analyzer: Analyzer | None = None, groups=None,
                           analyses: dict | None = None, *, lines: int | None = None) -> Iterator:
    """:func:`duplicates_sheet` in parts (DataFrames with its columns, its lines in its order): whole groups, at
    least ``lines`` lines a part (the last may have fewer; ``None``: one part, the sheet). Each part's groups are
    described (their shared words found) only when it is built, so a writer can write one part while the next is
    built."""
    import pandas as pd

    h = SHEET_COLS[lang]
    copies_kind = KIND[lang]["copies"]
    if groups is not None:
        gt = {r["group"]: r for r in groups.to_dict("records")}
        record = gt.__getitem__

        def copies_only(g: int) -> bool:
            return gt[g]["kind"] == copies_kind
    else:
        _by, record, copies_only = _group_records(frame, dup_df, lang, analyzer, analyses)
    texts = frame[TEXT].tolist() if TEXT in frame else [""] * len(frame)
    units = frame[GROUP].tolist() if GROUP in frame else [None] * len(frame)
    rows, ids = list(dup_df["row"]), list(dup_df["id"])
    sims, copies = list(dup_df["similarity"]), list(dup_df["copy_of"])
    # the biggest groups first; of one size, the surest: copies, then by their best pair score; members in row order
    best: dict[int, float] = {}
    members: dict[int, list[int]] = {}  # group → its lines' rows, in row order
    for i, (g, sim) in enumerate(zip(dup_df["duplicate_group"], sims)):
        if g is not None:
            members.setdefault(int(g), []).append(i)
            if sim is not None:
                best[int(g)] = max(best.get(int(g), 0.0), float(sim))
    # (the groups sorted, then each one's members: as sorting every line by (size, kind, score, group, row) would)
    ranked = sorted(members, key=lambda g: (-len(members[g]), not copies_only(g), -best.get(g, 0.0), g))
    keep, heads = sheet_headers(SHEET_KEYS, h, frame)
    blank = _text_or_blank

    def part(gs: list[int]):
        info_of = {g: record(g) for g in gs}
        order = [(g, i) for g in gs for i in members[g]]
        infos = [info_of[g] for g, _i in order]
        at = [i for _g, i in order]
        column = {  # each kept column built in one pass over the lines
            "group": lambda: [g for g, _i in order],
            **{k: (lambda k=k: [info[k] for info in infos]) for k in ("kind", "shared", "count", "units", "people",
                                                                      "verdict")},
            # rows as the Förslag sheet of the same workbook shows them (its header on row 1), to scroll to
            "row": lambda: [int(rows[i]) + 1 for i in at],
            "id": lambda: [v if type(v) is str else blank(v) for v in map(ids.__getitem__, at)],
            "unit": lambda: [v if type(v) is str else blank(v) for v in map(units.__getitem__, at)],
            "similarity": lambda: [sims[i] for i in at],
            "copy_of": lambda: [int(copies[i]) + 1 if copies[i] else "" for i in at],
            "text": lambda: [v if type(v) is str else blank(v) for v in map(texts.__getitem__, at)],
        }
        # (column by column: no rows of tuples between; text columns kept as Python objects, not converted to
        # pandas' string arrays, which the writer converts back: the 100,000-row bench's sheet 1.33 -> 1.17 CPU-s;
        # "" stays "", as _text_or_blank leaves it)
        values = [pd.Series(column[SHEET_KEYS[j]](), dtype=object) if SHEET_KEYS[j] in _TEXT_KEYS
                  else column[SHEET_KEYS[j]]() for j in keep]
        return pd.DataFrame(dict(zip(heads, values)), columns=heads)

    if lines is None:
        yield part(ranked)
        return
    chunk: list[int] = []
    count = 0
    for g in ranked:
        chunk.append(g)
        count += len(members[g])
        if count >= lines:
            yield part(chunk)
            chunk, count = [], 0
    if chunk or not ranked:
        yield part(chunk)
