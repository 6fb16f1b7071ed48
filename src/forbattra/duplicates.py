"""Near-duplicate suggestions: the same idea in other words, not only copy-paste.

Each text becomes a TF-IDF vector over folded lemmas, compound atoms and *concepts* from a small
curated Swedish synonym map (``vikarie`` ~ ``ersättare`` ~ ``timvikarie``), plus character n-grams
for spelling and inflection the lemmatiser misses. Pairs with cosine ≥ ``threshold`` are linked and
linked rows form a group (union-find). Up to ``BRUTE_MAX`` rows every row's nearest neighbours are
searched exactly; above that, rows are compared only inside blocks that share a rare term, so
100 000 rows never compare all pairs. When the frame has a ``themes`` column (from
``classify_frame``) pairs whose primary themes differ are penalised.
"""

from __future__ import annotations

from typing import Sequence

from .reading import GROUP, ID, ROW, TEXT
from .text import Analyzer, fold

DEFAULT_THRESHOLD = 0.35
NEIGHBOURS = 10
BRUTE_MAX = 20_000
BLOCK_MAX = 3_000  # terms in more rows than this are too common to block on
BLOCK_KEYS = 3  # rarest terms per row used as blocking keys
THEME_PENALTY = 0.85
CONCEPT_WEIGHT, WORD_WEIGHT, CHAR_WEIGHT = 1.0, 0.7, 0.4  # blocks of the feature vector

# Concept → folded stems. A lemma belongs to a concept when it equals a stem, starts with a stem
# of 5+ letters, or ends with a stem of 4+ letters (compound head: "enhetschef" → chef).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "vikarie": ("vikarie", "vikarier", "timvikari", "ersattare", "inhoppare", "poolpersonal", "bemanningspool",
                "timanstalld", "extrapersonal", "inhopp"),
    "chef": ("chef", "ledare", "ledning", "enhetschef", "arbetsledare", "narmaste", "ledningsgrupp"),
    "lokal": ("lokal", "rum", "utrymme", "lokaler", "kontor", "trangt", "trang", "yta"),
    "dator": ("dator", "laptop", "surfplatta", "ipad", "skarm", "datorer"),
    "stress": ("stress", "belastning", "arbetsbelastning", "hinner", "hinna", "overbelastad", "tidspress",
               "stressig", "pressad"),
    "utbildning": ("utbildning", "kurs", "fortbildning", "kompetensutveckling", "vidareutbildning", "utbilda",
                   "workshop", "forelasning"),
    "sjuk": ("sjuk", "sjukfranvaro", "sjukskriven", "sjukskrivning", "franvaro", "vab"),
    "schema": ("schema", "bemanning", "pass", "arbetstid", "turlista", "schemalaggning", "helg"),
    "mote": ("mote", "moten", "apt", "arbetsplatstraff", "avstamning", "traff"),
    "information": ("information", "informera", "kommunikation", "besked", "intranat", "nyhetsbrev"),
    "lon": ("lon", "loner", "lonesattning", "ersattning", "lonelyft", "tillagg"),
    "system": ("system", "program", "app", "verksamhetssystem", "journalsystem", "inloggning", "logga"),
    "telefon": ("telefon", "mobil", "mobiltelefon", "samtal", "tjanstetelefon"),
    "rutin": ("rutin", "checklista", "instruktion", "riktlinje", "lathund", "manual"),
    "introduktion": ("introduktion", "inskolning", "introducera", "nyanstalld", "mentor", "inskolningsplan"),
    "bil": ("bil", "tjanstebil", "fordon", "parkering", "cykel", "elbil"),
    "ventilation": ("ventilation", "luft", "temperatur", "varme", "kyla", "kallt", "varmt"),
    "mat": ("mat", "maltid", "lunch", "kok", "matsal", "kost"),
    "dokumentation": ("dokumentation", "dokumentera", "journal", "anteckning", "genomforandeplan"),
    "pengar": ("pengar", "budget", "kostnad", "ekonomi", "resurs", "resurser"),
}


def _concept_index() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    prefix: list[tuple[str, str]] = []
    suffix: list[tuple[str, str]] = []
    for concept, stems in SYNONYMS.items():
        for s in stems:
            s = fold(s)
            exact.setdefault(s, concept)
            if len(s) >= 5:
                prefix.append((s, concept))
            if len(s) >= 4:
                suffix.append((s, concept))
    return exact, prefix, suffix


_EXACT, _PREFIX, _SUFFIX = _concept_index()
_CONCEPT_CACHE: dict[str, str | None] = {}


def concept(lemma: str) -> str | None:
    """The synonym-map concept of a folded lemma (or compound part), if any."""
    if lemma in _CONCEPT_CACHE:
        return _CONCEPT_CACHE[lemma]
    c = _EXACT.get(lemma)
    if c is None:
        for s, cc in _PREFIX:
            if lemma.startswith(s):
                c = cc
                break
    if c is None:
        for s, cc in _SUFFIX:
            if lemma.endswith(s) and len(lemma) > len(s):
                c = cc
                break
    if len(_CONCEPT_CACHE) < 200_000:
        _CONCEPT_CACHE[lemma] = c
    return c


def dup_tokens(a) -> list[str]:
    """Lemmas, compound atoms and concept tokens (``~vikarie``) of one analysed text."""
    out: list[str] = []
    for lem, atoms in zip(a.lemmas, a.atoms):
        out.append(lem)
        if len(atoms) > 1:
            out.extend(atoms)
        cs = {concept(lem)} | {concept(p) for p in atoms}
        out.extend("~" + c for c in sorted(x for x in cs if x))
    return out


def _identity(x):
    return x


def features(texts: Sequence[str], analyzer: Analyzer | None = None):
    """L2-normalised sparse features: concept TF-IDF ⊕ lemma/atom TF-IDF ⊕ char n-gram TF-IDF, weighted."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    analyzer = analyzer or Analyzer()
    analyses = [analyzer.analyze(t) for t in texts]
    toks = [dup_tokens(a) for a in analyses]
    n = len(texts)
    if not n:
        return csr_matrix((0, 1)), toks
    mats = []
    words = [[t for t in tk if not t.startswith("~")] for tk in toks]
    concepts = [[t for t in tk if t.startswith("~")] for tk in toks]
    for docs, weight in ((concepts, CONCEPT_WEIGHT), (words, WORD_WEIGHT)):
        try:
            vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float64)
            mats.append(weight * normalize(vec.fit_transform(docs)))
        except ValueError:
            pass
    try:
        cv = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float64,
                             min_df=2 if n > 1000 else 1)
        mats.append(CHAR_WEIGHT * cv.fit_transform([" ".join(a.lemmas) for a in analyses]))
    except ValueError:
        pass
    if not mats:
        return csr_matrix((n, 1)), toks
    return normalize(hstack(mats).tocsr()), toks


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


def _centroid_cos(X, a: list[int], b: list[int]) -> float:
    import numpy as np

    ca = np.asarray(X[a].mean(axis=0)).ravel()
    cb = np.asarray(X[b].mean(axis=0)).ravel()
    d = float(np.linalg.norm(ca) * np.linalg.norm(cb))
    return float(ca @ cb) / d if d else 0.0


def _candidate_pairs(X, toks, threshold: float):
    """(i, j, cosine) for i < j with cosine ≥ threshold: exact kNN, or rare-term blocks when large."""
    import numpy as np

    n = X.shape[0]
    if n < 2:
        return []
    pairs = []
    if n <= BRUTE_MAX:
        from sklearn.neighbors import NearestNeighbors

        k = min(NEIGHBOURS + 1, n)
        nn = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(X)
        dist, idx = nn.kneighbors(X)
        for i in range(n):
            for d, j in zip(dist[i], idx[i]):
                if j != i and 1.0 - d >= threshold - 1e-12:
                    pairs.append((min(i, int(j)), max(i, int(j)), float(1.0 - d)))
    else:
        df: dict[str, int] = {}
        for t in toks:
            for w in set(t):
                df[w] = df.get(w, 0) + 1
        blocks: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            cand = {w for w in t if 2 <= df[w] <= BLOCK_MAX}
            keys = sorted((w for w in cand if not w.startswith("~")), key=lambda w: (df[w], w))[:BLOCK_KEYS]
            keys += sorted(w for w in cand if w.startswith("~"))  # concepts: paraphrases share few words
            for w in keys:
                blocks.setdefault(w, []).append(i)
        for w in sorted(blocks):
            members = np.array(blocks[w])
            if len(members) < 2:
                continue
            S = (X[members] @ X[members].T).tocoo()
            for a, b, v in zip(S.row, S.col, S.data):
                if a < b and v >= threshold - 1e-12:
                    pairs.append((int(members[a]), int(members[b]), float(v)))
    return pairs


def find_duplicates(frame, *, threshold: float = DEFAULT_THRESHOLD, analyzer: Analyzer | None = None):
    """One row per input row (input order): ``row``, ``id``, ``duplicate_group`` (1.. or None) and
    ``similarity`` (highest similarity to another member of its group, or None).

    Groups are numbered by their first row. With a ``themes`` column, a pair whose primary themes
    differ (neither being the fallback ``ovrigt``) has its similarity multiplied by 0.85.
    """
    import pandas as pd

    n = len(frame)
    texts = [t if isinstance(t, str) else "" for t in frame[TEXT]] if n else []
    X, toks = features(texts, analyzer)
    primary = None
    if "themes" in frame and n:
        fb = frame.attrs.get("fallback", "ovrigt")
        primary = [ts[0] if ts and ts[0] != fb else None for ts in frame["themes"]]
    search = threshold * THEME_PENALTY if primary is not None else threshold
    empty = [not t.strip() or not tk for t, tk in zip(texts, toks)]
    # Link pairs best first; two groups merge only if their centroids are still similar enough,
    # so A~B and B~C do not chain unrelated A and C into one big group.
    links = []
    seen = set()
    for i, j, sim in _candidate_pairs(X, toks, search):
        if (i, j) in seen or empty[i] or empty[j]:
            continue
        seen.add((i, j))
        if primary is not None and primary[i] and primary[j] and primary[i] != primary[j]:
            sim *= THEME_PENALTY
        if sim >= threshold - 1e-12:
            links.append((min(1.0, sim), i, j))
    links.sort(key=lambda x: (-x[0], x[1], x[2]))
    uf = _UnionFind(n)
    members: dict[int, list[int]] = {}
    best: dict[int, float] = {}
    for sim, i, j in links:
        ri, rj = uf.find(i), uf.find(j)
        if ri != rj:
            mi, mj = members.get(ri, [ri]), members.get(rj, [rj])
            if len(mi) + len(mj) > 2 and _centroid_cos(X, mi, mj) < threshold:
                continue
            uf.union(ri, rj)
            members[uf.find(ri)] = mi + mj
        best[i] = max(best.get(i, 0.0), sim)
        best[j] = max(best.get(j, 0.0), sim)
    roots: dict[int, int] = {}
    group: list = [None] * n
    for i in range(n):
        if i in best:
            r = uf.find(i)
            if r not in roots:
                roots[r] = len(roots) + 1
            group[i] = roots[r]
    rows = list(frame[ROW]) if ROW in frame else list(range(1, n + 1))
    return pd.DataFrame({
        "row": [int(r) for r in rows],
        "id": list(frame[ID]) if ID in frame else [None] * n,
        "duplicate_group": pd.array(group, dtype=object),
        "similarity": pd.array([round(best[i], 4) if i in best else None for i in range(n)], dtype=object),
    })


def duplicates_sheet(frame, dup_df, lang: str = "sv"):
    """The "Dubbletter" sheet: one line per member of each group, groups in order."""
    import pandas as pd

    h = {"sv": ("Grupp", "Rad", "Id", "Enhet", "Likhet", "Förslag"),
         "en": ("Group", "Row", "Id", "Unit", "Similarity", "Suggestion")}[lang]
    recs = []
    texts = list(frame[TEXT]) if TEXT in frame else [""] * len(frame)
    units = list(frame[GROUP]) if GROUP in frame else [None] * len(frame)
    order = sorted((g, i) for i, g in enumerate(dup_df["duplicate_group"]) if g is not None)
    for g, i in order:
        recs.append({h[0]: int(g), h[1]: int(dup_df["row"].iloc[i]), h[2]: dup_df["id"].iloc[i] or "",
                     h[3]: units[i] or "", h[4]: dup_df["similarity"].iloc[i], h[5]: texts[i] or ""})
    return pd.DataFrame(recs, columns=list(h))
