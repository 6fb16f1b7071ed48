"""Theme discovery: cluster suggestions without a taxonomy, label clusters with readable key terms.

``discover(frame)`` turns the ``_text`` column into TF-IDF features over folded lemmas and compound
atoms (``personalrummet`` → ``personalrum``, ``personal``, ``rum``), reduces them with truncated SVD
(LSA) and clusters with k-means (mini-batch for large inputs). Everything is seeded, so the same
input gives the same clusters. Every row gets a cluster; rows far from their centroid are flagged
``weak`` (never dropped).

Clusters are labelled by class-based TF-IDF (c-TF-IDF): terms frequent in one cluster and rare in
the others. Terms are shown in a surface form seen in the input (``hälsa``, not folded ``halsa``), a label's
phrase as the suggestions most often write it (``bilar i hemtjänsten``, not ``bila hemtjänst``).
``draft_taxonomy(clusters)`` turns the clusters into a :class:`~forbattra.taxonomy.Taxonomy` to edit
and use with ``classify --taxonomy``.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

from forbattra.memory import give_back_memory
from forbattra.record import GROUP, ID, PERSON, ROW, TEXT
from forbattra.scoring.text import Analyzer, fold, folded_twins, normalise, stop_words, tokenize

WEAK_FIT = 0.3  # cosine to the centroid below which a row is flagged weak
K_MIN, K_MAX = 4, 20
SAMPLE_FOR_K = 1000  # rows used to choose k by silhouette
MINIBATCH_ABOVE = 5000
N_TERMS = 6
LIFT = 1.5  # a label term's share of its cluster's words against its share of the other clusters' words
NO_SUGGESTION = {"sv": "Inget förslag", "en": "No suggestion"}
UNNAMED = {"sv": "kluster {n}", "en": "cluster {n}"}  # a cluster with no word used twice to name it


def generic_words() -> frozenset[str]:
    """Frequent, content-poor folded lemmas left out of features and labels ("vi vet aldrig", "varje
    dag", "borde", "gemensam", "jobba"): ``generic`` in ``data/vocabulary.yaml``, read once."""
    from forbattra.analysis.vocabulary import vocabulary

    return vocabulary()["generic"]


def doc_tokens(a) -> list[str]:
    """Features of one analysed text: lemmas plus compound atoms (modifiers and heads)."""
    GENERIC = generic_words()
    out = [lem for lem in a.lemmas if lem not in GENERIC]
    for atoms in a.atoms:
        if len(atoms) > 1:
            out.extend(p for p in atoms if p not in GENERIC)
    return out


def label_tokens(a, known: frozenset | set = frozenset()) -> list[str]:
    """Label candidates: whole-word lemmas plus compound heads of 4+ letters (``personalrum`` → ``rum``
    is too short, ``vikariebudget`` → ``budget``); modifiers are left out (``för|älder``). Nothing of a word that is
    filler as written (``tillsammans``, whose lemma the dictionary gives as *tillsamma*, split *tillse|amma*: its
    head would label a cluster *ämma*, a word no suggestion has)."""
    from forbattra.scoring.evidence import is_filler, is_filler_lemma

    GENERIC = generic_words()
    written = [a.tokens[w] if w < len(a.tokens) else "" for w in a.where] if len(a.where) == len(a.lemmas) \
        else [""] * len(a.lemmas)
    shown = [not (tok and is_filler(tok)) for tok in written]
    # not a word never shown as evidence either ("int", "enda", "hinner"): a label says what a cluster is about
    out = [lem for lem, ok in zip(a.lemmas, shown) if ok and lem not in GENERIC and len(lem) > 2
           and not is_filler_lemma(lem)]
    for lem, atoms, ok in zip(a.lemmas, a.atoms, shown):
        if (ok and len(atoms) > 1 and len(atoms[-1]) >= 4 and atoms[-1] not in GENERIC and atoms[-1] != lem
                and lem not in known):
            out.append(atoms[-1])
    return out


def _identity(x):
    return x


def lsa_features(token_docs: Sequence[list[str]], *, seed: int = 0, n_components: int = 100,
                 char_texts: Sequence[str] | None = None):
    """TF-IDF (sublinear) over token lists (+ optional char n-grams) → LSA, rows L2-normalised."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(token_docs)
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2 if n >= 50 else 1, dtype=np.float64)
    try:
        X = vec.fit_transform(token_docs)
    except ValueError:  # empty vocabulary
        return np.zeros((n, 1))
    if char_texts is not None:
        cv = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2 if n >= 50 else 1)
        X = hstack([X, 0.5 * cv.fit_transform([fold(t) for t in char_texts])]).tocsr()
    dims = min(n_components, X.shape[1] - 1, n - 1)
    if dims < 2:
        return normalize(X.toarray())
    # (texts without any variance — one text sent again and again — leave scikit-learn's explained-variance ratio a
    # 0/0, which numpy warns of in English on stderr: the reduction itself is sound, the ratio is never read)
    with np.errstate(divide="ignore", invalid="ignore"):
        Z = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized", n_iter=7).fit_transform(X)
    return normalize(Z)


def _kmeans(k: int, n: int, seed: int, n_init: int = 3):
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if n > MINIBATCH_ABOVE:
        return MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048, max_iter=200)
    return KMeans(n_clusters=k, random_state=seed, n_init=n_init)


def _fit_quietly(model, Z):
    """``model.fit(Z)`` without scikit-learn's ConvergenceWarning on stderr (fewer distinct points than
    clusters in a sample): nothing a user could act on, and English in a Swedish run."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(Z)


def choose_k(Z, *, seed: int = 0) -> int:
    """k in K_MIN..min(K_MAX, n/10) with the best silhouette (cosine) on a seeded sample."""
    import numpy as np
    from sklearn.metrics import silhouette_score

    n = Z.shape[0]
    hi = min(K_MAX, n // 10)
    if hi < K_MIN:
        return max(1, min(n, max(2, n // 5))) if n >= 2 else 1
    rng = np.random.RandomState(seed)
    S = Z[np.sort(rng.choice(n, SAMPLE_FOR_K, replace=False))] if n > SAMPLE_FOR_K else Z
    best_k, best = K_MIN, -2.0
    for k in range(K_MIN, hi + 1):
        labels = _fit_quietly(_kmeans(k, S.shape[0], seed, n_init=1), S).labels_
        if len(set(labels)) < 2:
            continue
        s = silhouette_score(S, labels, metric="cosine")
        if s > best + 1e-9:
            best_k, best = k, s
    return best_k


class SurfaceForms:
    """Maps folded lemmas and compound atoms back to a readable form seen in the input."""

    def __init__(self, texts: Sequence[str], analyzer: Analyzer) -> None:
        self.tokens = Counter(t for text in texts for t in tokenize(normalise(text)))
        self.by_lemma: dict[str, Counter] = {}
        for tok, c in self.tokens.items():
            w = analyzer.word(tok)
            if w is not None:
                self.by_lemma.setdefault(w[0], Counter())[tok] += c
        self._folded = sorted(((fold(t), t, c) for t, c in self.tokens.items()), key=lambda x: (-x[2], x[1]))
        self._cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        if " " in term:
            return " ".join(self(p) for p in term.split(" "))
        if term not in self._cache:
            self._cache[term] = self._form(term)
        return self._cache[term]

    def _form(self, term: str) -> str:
        words = self.by_lemma.get(term)
        if words:  # tokens whose lemma is the term: the base form if seen, else its stem with å/ä/ö
            # (a word also written with å/ä/ö is shown so: "invånare", not "invanare" of a tie with "invanarna")
            twins = folded_twins(words)
            ranked = sorted(words.items(), key=lambda kv: (kv[0] in twins, -kv[1], kv[0]))
            for tok, _c in ranked:
                if fold(tok) == term and tok not in twins:  # ("boendestod" beside "boendestödet": its stem below)
                    return tok
            ranked = [kv for kv in ranked if kv[0] not in twins] or ranked  # (a form typed without: never below)
            for tok, _c in ranked:
                if fold(tok).startswith(term):
                    return tok[: len(term)]
            # an inflection that drops a letter of the base form ("bullret" of "buller", "fönstret",
            # "föräldrar"): the word as written up to where they part, then the base form's ending — where
            # that ending holds no letter that folding made of å/ä/ö (an a or o), so it is spelt as it is; not a
            # word the base form only lengthens ("jobbar" read as "jobbare": the lexicon's other word)
            for tok, _c in ranked:
                f = fold(tok)
                p = next((k for k, (x, y) in enumerate(zip(f, term)) if x != y), min(len(f), len(term)))
                if 3 <= p < len(f) == len(tok) and not {"a", "o"} & set(term[p:]):
                    return tok[:p] + term[p:]
            return ranked[0][0]
        # A compound atom: a seen word that is the atom, else the same letters at the start or end of
        # a seen word (its modifier or head, with å/ä/ö as written); never a fragment from inside a word.
        exact: Counter = Counter()
        whole: Counter = Counter()  # the last part of a hyphenated word: the word whole ("e-post", not "post")
        start: Counter = Counter()
        end: Counter = Counter()
        for f, t, c in self._folded:
            if f == term:
                exact[t] += c
            elif "-" in f and f.rsplit("-", 1)[1].startswith(term) and (len(term) >= 4 or f.endswith("-" + term)):
                whole[t] += c
            elif len(term) >= 4 and f.startswith(term):
                start[t[:len(term)]] += c
            elif len(term) >= 4 and f.endswith(term):
                end[t[-len(term):]] += c
        for cands in (exact, whole, start, end):
            if cands:
                twins = folded_twins(cands)
                return min(cands.items(), key=lambda kv: (kv[0] in twins, -kv[1], kv[0]))[0]
        return ""  # no readable form: not shown


def _counts(docs_terms: Sequence[list[str]], labels: Sequence[int], k: int) -> tuple[list[Counter], Counter]:
    """Each cluster's term counts, and the file's."""
    per: list[Counter] = [Counter() for _ in range(k)]
    for terms, lab in zip(docs_terms, labels):
        if lab >= 0:
            per[lab].update(terms)
    total: Counter = Counter()
    for c in per:
        total.update(c)
    return per, total


def distinct_in(per: list[Counter], total: Counter, c: int):
    """Whether a term is at least ``LIFT`` times as common among cluster ``c``'s words as among the other
    clusters' (always, with no other cluster): a form's headings ("Nuläge:", "Förväntad effekt:"), as common in
    every cluster, say nothing of any one."""
    size = sum(per[c].values())
    rest = sum(total.values()) - size

    def distinct(t: str) -> bool:  # v/size >= LIFT * (total - v)/rest, without dividing
        v = per[c][t]
        return rest <= 0 or (v > 0 and v * rest >= LIFT * (total[t] - v) * size)
    return distinct


def ctfidf_terms(docs_terms: Sequence[list[str]], labels: Sequence[int], k: int, top: int = N_TERMS):
    """Top terms per cluster by class-based TF-IDF: tf(t, c)/|c| * log(1 + A / f(t)), of the terms
    :func:`distinct_in` the cluster."""
    per, total = _counts(docs_terms, labels, k)
    avg = sum(total.values()) / max(1, k)
    out = []
    for ci, c in enumerate(per):
        size = sum(c.values()) or 1
        distinct = distinct_in(per, total, ci)
        scored = sorted(((v / size * math.log(1 + avg / total[t]), t) for t, v in c.items() if v >= 2 and distinct(t)),
                        key=lambda x: (-x[0], x[1]))
        out.append([(t, s, c[t]) for s, t in scored[:top * 3]])
    return out


def _written_words(a) -> tuple[list[str], list[int]]:
    """The words of an analysed text as written, a hyphenated word whole ("e-post", which the analysis splits into
    "e" and "post"), and for each of ``a.tokens`` the number of the word it is part of; none where they disagree."""
    words = tokenize(a.norm)
    word_of = [k for k, w in enumerate(words) for _part in range(sum(1 for p in w.split("-") if p))]
    return (words, word_of) if len(word_of) == len(a.tokens) else ([], [])


PHRASE_WORDS = 4  # a phrase as written, its words between included, at most this long in a label


def _phrase_pairs(a, generic) -> tuple[list[str], list[int]]:
    """An analysed text's phrases of two adjacent base forms ("bil hemtjänst"), none generic or twice the same word,
    and the position of each phrase's first word among the base forms."""
    lem = a.lemmas
    at = [p for p, (x, y) in enumerate(zip(lem, lem[1:])) if x != y and x not in generic and y not in generic]
    return [f"{lem[p]} {lem[p + 1]}" for p in at], at


def _written_forms(texts: Sequence[str], bigrams: Sequence[list[str]], wanted: set[str], analyzer,
                   generic) -> dict[str, Counter]:
    """For each phrase of ``wanted`` (base forms, as ``bigrams`` holds each text's), how often each way of writing it is
    written in ``texts``, the words between included ("bilar i hemtjänsten"): only the texts holding one are analysed
    again (a text's analysis is not kept: its phrases as written, for every phrase, cost more than the labels need)."""
    from forbattra.outputs.redact import without_placeholders

    written: dict[str, Counter] = {}
    if not wanted:
        return written
    times = Counter(texts)
    done: set[str] = set()
    for t, pairs in zip(texts, bigrams):
        if t in done or wanted.isdisjoint(pairs):
            continue
        done.add(t)
        a = analyzer.analyze(without_placeholders(t))
        names, at = _phrase_pairs(a, generic)
        words, word_of = _written_words(a)
        if not words or len(a.where) != len(a.lemmas):
            continue
        where = [word_of[w] for w in a.where]
        for pair, p in zip(names, at):
            if pair in wanted:
                written.setdefault(pair, Counter())[" ".join(words[where[p]:where[p + 1] + 1])] += times[t]
    return written


def _as_written(forms: Counter | None, phrase: str) -> str:
    """A label's phrase as its suggestions write it most often (equally often: the first in alphabetical order), of
    at most :data:`PHRASE_WORDS` words; else ``phrase``, its base forms."""
    if not forms:
        return phrase
    form, _n = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))
    return form if len(form.split(" ")) <= PHRASE_WORDS else phrase


GUIDE_CHUNK = 5_000  # texts scored by the model at a time (bounded memory)
GUIDE_WEIGHT = 0.6  # share of the embedding given to the model's theme scores (when a model guides)


def guided(Z, guide, weight: float = GUIDE_WEIGHT):
    """Concatenate text LSA with a model's per-theme scores, each L2-normalised and weighted.

    The scores place suggestions that say the same kind of thing in different words near each
    other (what the model learnt from labelled suggestions); the LSA part keeps room for topics the
    taxonomy does not know, which then form clusters of their own.
    """
    import numpy as np
    from sklearn.preprocessing import normalize

    G = normalize(np.asarray(guide, dtype=float))
    return normalize(np.hstack([Z * math.sqrt(1.0 - weight), G * math.sqrt(weight)]))


def discover(frame, *, n_clusters: int | None = None, only_unmatched: bool = False, seed: int = 0,
             analyzer: Analyzer | None = None, char_ngrams: bool = False, guide=None, fallback: str = "ovrigt",
             lang: str = "sv", thanks: bool = True):
    """Cluster the suggestions of ``frame``; return ``(assign_df, clusters_df)``.

    ``assign_df``: one row per input row (input order) with ``row``, ``id``, ``cluster`` (1..k, or
    None for rows left out by ``only_unmatched``), ``cluster_label``, ``fit`` (0..1 cosine to the
    centroid) and ``weak``. ``clusters_df``: one row per cluster (largest first) with ``cluster``,
    ``label``, ``key_terms``, ``phrases``, ``size``, ``weak``, ``units``, ``top_unit``,
    ``top_share``, ``flag``, ``people`` (different writers, counted as the *Teman* sheet's *Antal personer*:
    "Anonym" is nobody), ``examples`` and ``example_rows``.

    ``only_unmatched`` needs ``themes``/``scores`` columns (from ``classify_frame``) and clusters
    only rows the classifier left in ``fallback`` (the taxonomy's), as ``classify`` sorts them: a theme's own
    ``min_confidence`` (or the model's threshold for it) decides, as there. (Before the thirty-eighth round a
    row sorted into a theme below 0.5 confidence was clustered too: a theme's ``min_confidence: 0.3`` was
    overridden, the terminal's count of what the taxonomy sorts was not classify's, and the draft repeated a
    theme the taxonomy has.)

    Empty rows and non-suggestions ("Vet inte", "Inget att tillägga", see :mod:`.nonsuggestion`) are
    not clustered: they get cluster 0, labelled "Inget förslag" (``lang="en"``: "No suggestion"),
    with no fit, and are never shown as examples; that group is the last row of ``clusters_df``.

    ``guide``: optional array (one row per input row) of a model's theme scores, blended into the
    embedding (see :func:`guided`); the CLI passes the default model's scores unless
    ``--only-unmatched`` or ``--unguided`` is given.
    """
    import numpy as np
    import pandas as pd

    from forbattra.analysis.summary import _example_key, breadth, flag_key

    analyzer = analyzer or Analyzer()
    n_all = len(frame)
    texts_all = [t if isinstance(t, str) else "" for t in frame[TEXT]] if n_all else []
    selected = list(range(n_all))
    if only_unmatched:
        if "themes" not in frame:
            raise ValueError("only_unmatched needs a classified frame (themes/scores columns)")
        fb = fallback
        selected = [i for i, ts in enumerate(frame["themes"]) if not ts or ts[0] == fb]
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    no_sugg = [i for i in selected if is_nonsuggestion(texts_all[i], thanks)]
    if no_sugg:
        skip = set(no_sugg)
        selected = [i for i in selected if i not in skip]
    texts = [texts_all[i] for i in selected]
    n = len(texts)
    # Repeated texts (a third of a big export) are analysed once and share their token lists; only
    # the lists are kept, not the analyses (≈ 180 MB for 60,000 distinct texts).
    GENERIC = generic_words()
    known = analyzer.lexicon.lemmas
    seen_text: dict[str, tuple] = {}
    from forbattra.outputs.redact import without_placeholders

    for t in texts:
        if t not in seen_text:
            a = analyzer.analyze(without_placeholders(t))  # a mask ("[telefon]") is no word to cluster or name by
            seen_text[t] = (doc_tokens(a), label_tokens(a, known), _phrase_pairs(a, GENERIC)[0])
    tokens = [seen_text[t][0] for t in texts]
    label_terms = [seen_text[t][1] for t in texts]
    bigrams = [seen_text[t][2] for t in texts]
    del seen_text

    cluster = np.full(n, -1)
    fit = np.zeros(n)
    k = 0
    if n:
        Z = lsa_features(tokens, seed=seed, char_texts=texts if char_ngrams else None)
        give_back_memory()  # the SVD's temporaries (≈ 300 MB at 100,000 rows)
        if guide is not None:
            Z = guided(Z, np.asarray(guide)[selected])
            give_back_memory()
        k = int(n_clusters) if n_clusters else choose_k(Z, seed=seed)
        k = max(1, min(k, n, len(np.unique(Z, axis=0))))  # no more clusters than distinct texts
        if k == 1:
            labels = np.zeros(n, dtype=int)
        else:
            labels = _fit_quietly(_kmeans(k, n, seed), Z).labels_
        cent = np.vstack([Z[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(Z.shape[1])
                          for c in range(k)])
        norms = np.linalg.norm(cent, axis=1, keepdims=True)
        cent = cent / np.where(norms == 0, 1, norms)
        fit = np.clip(np.einsum("ij,ij->i", Z, cent[labels]), 0.0, 1.0)
        # Renumber: largest cluster first, ties by first row.
        sizes = Counter(labels.tolist())
        first = {}
        for i, lab in enumerate(labels.tolist()):
            first.setdefault(lab, i)
        order = sorted(sizes, key=lambda c: (-sizes[c], first[c]))
        remap = {old: new for new, old in enumerate(order)}
        cluster = np.array([remap[lab] for lab in labels.tolist()])
        k = len(order)

    # Labels by c-TF-IDF over lemmas, compound atoms and adjacent-lemma phrases.
    surface = SurfaceForms(texts, analyzer)
    stops = stop_words()

    from forbattra.scoring.evidence import is_filler

    def readable(form: str) -> bool:  # a label word: 3+ letters, not filler as written ("tack", "behövas")
        key = fold(form.casefold())
        # nor a word never shown as evidence, as the label shows it ("nåt" folds to "nat", as "nät" does)
        return len(form) >= 3 and key not in GENERIC and form.casefold() not in stops and key not in stops \
            and analyzer.lemma(form.casefold()) not in GENERIC and not is_filler(form)
    uni = ctfidf_terms(label_terms, cluster.tolist(), k)
    bi = ctfidf_terms(bigrams, cluster.tolist(), k)
    uni_per, uni_total = _counts(label_terms, cluster.tolist(), k)  # a phrase's words each distinct, as a term
    groups_sel = [frame[GROUP].iloc[i] if GROUP in frame else None for i in selected]
    # breadth is against every unit of the file, also where only unmatched suggestions are clustered (as the
    # Teman sheet's assessment counts them)
    units_total = len({g for g in frame[GROUP] if isinstance(g, str) and g}) if GROUP in frame else 0
    rows_col = list(frame[ROW]) if ROW in frame else list(range(1, n_all + 1))
    from forbattra.inputs.tables import person_key

    person_of = [person_key(p) for p in frame[PERSON]] if PERSON in frame else [None] * n_all

    def people(rows) -> int:  # the different writers of these rows of the frame ("eva ek" is Eva Ek)
        return len({person_of[i] for i in rows} - {None})

    def best_pairs(c: int, size: int) -> list[tuple[str, str]]:
        """Cluster ``c``'s two phrases (base forms, and their surface): frequent in it, each word distinct to it."""
        min_count = max(3, math.ceil(0.15 * size))
        word_distinct = distinct_in(uni_per, uni_total, c)
        return [(t, p) for t, p in ((t, surface(t)) for t, _s, cnt in bi[c] if cnt >= min_count
                                    and all(map(word_distinct, t.split(" "))))
                if all(readable(w) for w in p.split(" "))][:2]

    sizes_c = np.bincount(cluster[cluster >= 0], minlength=k) if k else np.zeros(0, dtype=int)
    top_pairs = [best_pairs(c, int(sizes_c[c])) for c in range(k)]
    # how the suggestions write each label's phrase, counted for those phrases only (every phrase of every text, kept
    # to the end, cost discover 15–20 % more CPU on 100,000 rows for the one phrase a label shows)
    written = _written_forms(texts, bigrams, {pairs[0][0] for pairs in top_pairs if pairs}, analyzer, GENERIC)
    recs = []
    labels_txt = []
    for c in range(k):
        members = np.flatnonzero(cluster == c)
        size = len(members)
        terms, seen = [], set()
        for t, _s, _cnt in uni[c]:
            form = surface(t)
            if not readable(form):
                continue
            if form not in seen:
                seen.add(form)
                terms.append(form)
            if len(terms) == N_TERMS:
                break
        pairs = top_pairs[c]
        phrases = [p for _t, p in pairs]
        # the label's phrase as the suggestions write it most often ("bilar i hemtjänsten", "personalrummet är för
        # litet"), not two base forms side by side ("bila hemtjänst", "personalrum liten"): no Swedish anyone writes
        said = [_as_written(written.get(t), p) for t, p in pairs[:1]]
        shown = said + [t for t in terms if not any(t in p.split(" ") for p in phrases[:1])]
        label = ", ".join(shown[:3]) or UNNAMED[lang].format(n=c + 1)
        labels_txt.append(label)
        best = []  # the three best-fitting members of different texts (a copy says nothing new)
        shown_texts: set[str] = set()
        for i in sorted(members.tolist(), key=lambda i: (-fit[i], i)):
            key = _example_key(texts[i])  # (told apart as the Teman sheet's: "köp en ny." is "Köp en ny!")
            if key not in shown_texts:
                shown_texts.add(key)
                best.append(i)
                if len(best) == 3:
                    break
        b = breadth([groups_sel[i] for i in members], units_total)
        recs.append({"cluster": c + 1, "label": label, "key_terms": terms, "phrases": phrases, "size": size,
                     "weak": int(sum(fit[i] < WEAK_FIT for i in members)), "units": b["units"],
                     "top_unit": b["top_unit"], "top_share": b["top_share"],
                     "flag": flag_key(b) if units_total else "", "people": people(selected[i] for i in members),
                     "examples": [texts[i] for i in best], "example_rows": [int(rows_col[selected[i]]) for i in best]})
    if no_sugg:
        b = breadth([frame[GROUP].iloc[i] if GROUP in frame else None for i in no_sugg], units_total)
        recs.append({"cluster": 0, "label": NO_SUGGESTION[lang], "key_terms": [], "phrases": [], "size": len(no_sugg),
                     "weak": 0, "units": b["units"], "top_unit": b["top_unit"], "top_share": b["top_share"],
                     # answers that are no suggestion are not a need to assess, broad or loud (as Övrigt)
                     "flag": "fallback" if units_total else "", "people": people(no_sugg), "examples": [],
                     "example_rows": []})
    clusters_df = pd.DataFrame(recs, columns=["cluster", "label", "key_terms", "phrases", "size", "weak", "units",
                                              "top_unit", "top_share", "flag", "people", "examples", "example_rows"])

    a_cluster: list = [None] * n_all
    a_label: list = [None] * n_all
    a_fit: list = [None] * n_all
    a_weak: list = [None] * n_all
    for j, i in enumerate(selected):
        c = int(cluster[j])
        a_cluster[i] = c + 1
        a_label[i] = labels_txt[c]
        a_fit[i] = round(float(fit[j]), 4)
        a_weak[i] = bool(fit[j] < WEAK_FIT)
    for i in no_sugg:
        a_cluster[i] = 0
        a_label[i] = NO_SUGGESTION[lang]
        a_weak[i] = False  # no fit at all, rather than a weak one
    assign_df = pd.DataFrame({
        "row": [int(r) for r in rows_col],
        "id": list(frame[ID]) if ID in frame else [None] * n_all,
        "cluster": pd.array(a_cluster, dtype=object),
        "cluster_label": a_label,
        "fit": a_fit,
        "weak": a_weak,
    })
    return assign_df, clusters_df


_DRAFT = {"sv": ("Upptäckt kluster med {n} förslag. Exempel: ", "Utkast från 'forbattra discover'; granska etiketter och nyckelord."),
          "en": ("Discovered cluster of {n} suggestions. Examples: ",
                 "Draft from 'forbattra discover'; review the labels and keywords.")}


DRAFT_MARK = "# forbattra discover: draft "  # + a checksum of the text below it: an edit since is seen


def draft_text(body: str) -> str:
    """The draft taxonomy's YAML as ``discover --taxonomy-out`` writes it: a first comment line with a checksum of the
    rest, by which the next run knows a draft no one has edited (:func:`draft_unedited`) from one a person has."""
    import hashlib

    return f"{DRAFT_MARK}{hashlib.sha256(body.encode('utf-8')).hexdigest()[:16]}\n{body}"


def draft_unedited(path) -> bool:
    """Whether the file at ``path`` holds nothing a person would lose: empty, or a draft of :func:`draft_text` whose
    text is still the one its checksum was made of. A draft edited since (labels, keywords — what the README's next
    step asks for), an older draft without the checksum, or a taxonomy of one's own is not."""
    try:
        raw = path.read_bytes()
    except OSError:  # (unreadable: the write says so)
        return True
    if not raw.strip():
        return True
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    first, _, body = text.partition("\n")
    return first.startswith(DRAFT_MARK) and draft_text(body) == text


def draft_taxonomy(clusters_df, *, name: str = "utkast", fallback: str = "ovrigt", lang: str = "sv",
                   redact=None, names: frozenset[str] = frozenset()):
    """A taxonomy with one theme per cluster (``kluster_01`` …) plus the fallback ``ovrigt``.

    Keywords are the clusters' key terms and phrases; a term used by several clusters is kept
    only in the first (largest) so the lexicon does not score it for every theme. The descriptions
    (example suggestions) are in Swedish (``description``), with ``lang="en"`` in English too (``description_en``,
    as the taxonomy's fields are named), and masked by ``redact`` (e-mail, phone, personnummer, names):
    a draft is edited, shared and shown in reports. ``names``: lower-cased name words (the person
    column's, and those masking removes from the texts) never used as a keyword or in a label, in any
    spelling (:func:`~forbattra.outputs.redact.is_masked_word`).
    """
    from forbattra.analysis.summary import short_text
    from forbattra.outputs.redact import is_masked_word
    from forbattra.taxonomy import Taxonomy, Theme

    themes = []
    used: set[str] = set()
    labels = {"övrigt", "other"}  # the fallback's
    width = max(2, len(str(len(clusters_df))))
    for rec in clusters_df.to_dict("records"):
        if int(rec["cluster"]) == 0:  # "Inget förslag": not a theme
            continue
        kws = []
        for kw in list(rec["phrases"]) + list(rec["key_terms"]):
            key = fold(kw.casefold())
            if any(is_masked_word(w, names) for w in kw.split()):
                continue
            if kw.strip() and key not in used:
                used.add(key)
                kws.append(kw)
        tid = f"kluster_{int(rec['cluster']):0{width}d}"
        if tid == fallback:
            continue
        mask = redact or (lambda x: x)
        shown_examples = " | ".join(  # a cut marked "…", as on the Kluster sheet
            short_text(mask(" ".join(e.split())), 120) for e in rec["examples"][:2])
        desc = {k: (_DRAFT[k][0].format(n=rec["size"]) + shown_examples).strip() for k in _DRAFT}
        shown = [p for p in (rec["label"] or "").split(", ") if p and not any(is_masked_word(w, names) for w in p.split())]
        label = (", ".join(shown) or tid).capitalize()
        if label.casefold() in labels:  # two clusters named alike: a taxonomy needs distinct labels
            label = f"{label} ({tid})"
        labels.add(label.casefold())
        # the taxonomy's fields by language: description Swedish, description_en English (a draft of --lang en has
        # both, so it reads in English where asked, and in Swedish, by default, too)
        themes.append(Theme(id=tid, label=label, description=desc["sv"], description_en=desc["en"] if lang == "en" else "",
                            keywords=tuple(kws)))
    themes.append(Theme(id=fallback, label="Övrigt", label_en="Other"))
    return Taxonomy(name=name, themes=tuple(themes), fallback=fallback, description=_DRAFT["sv"][1],
                    description_en=_DRAFT["en"][1] if lang == "en" else "")


def discover_suggestions(frame, *, taxonomy="standard", model=None, n_clusters: int | None = None,
                         only_unmatched: bool = False, guided: bool = True, log=lambda key, **fields: None,
                         lang: str = "sv"):
    """The ``discover`` job: cluster a read frame, guided by (or filtered with) a taxonomy's model.

    ``only_unmatched`` classifies first and clusters what the taxonomy leaves in its fallback theme
    (as ``classify`` sorts: each theme's threshold); otherwise, when ``guided`` and a model exists, the model's theme scores
    are blended into the text embedding so known themes separate and new topics keep room.
    Returns ``(assign_df, clusters_df)`` as :func:`discover`.
    """
    from forbattra.record import TEXT

    frame = frame.reset_index(drop=True)
    guide = None
    fallback = "ovrigt"
    thanks = True  # answers that only thank go to group 0, unless a user's own categories may hold them
    if only_unmatched or guided:
        from forbattra.scoring.pipeline import build_classifier, classify_frame, theme_scores

        clf = build_classifier(taxonomy, model, keywords_needed=only_unmatched)
        fallback, thanks = clf.taxonomy.fallback, clf.thanks_rule
        if only_unmatched:
            frame = classify_frame(frame, clf)
        elif clf.model is not None:
            import numpy as np

            texts = list(frame[TEXT])
            # Scored in slices: the model's per-text features for 100,000 rows at once took ~1.7 GB.
            guide = np.vstack([theme_scores(texts[i:i + GUIDE_CHUNK], clf) for i in range(0, len(texts), GUIDE_CHUNK)]
                              or [np.zeros((0, len(clf.themes)))])
            log("guided")
    return discover(frame, n_clusters=n_clusters, only_unmatched=only_unmatched, guide=guide, fallback=fallback,
                    lang=lang, thanks=thanks)
