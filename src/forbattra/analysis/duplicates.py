"""Near-duplicate suggestions: the same idea in other words, not only copy-paste.

Each text becomes a TF-IDF vector in one space of folded lemmas, compound atoms (down-weighted) and
*concepts* from a curated Swedish synonym map (``vikarie`` ~ ``ersättare`` ~ ``timvikarie``,
``personalrum`` ~ ``fikarum``; up-weighted, since paraphrases share concepts more than words). When
a theme model is available (the shipped ``standard`` model by default) its theme-probability
vector is appended, so the similarity is ``(1 - THEME_WEIGHT)·cos(lexical) + THEME_WEIGHT·cos(themes)``.

Two rows are linked when their similarity is ≥ ``threshold`` *and* they are (near-)mutual nearest
neighbours: each is among the other's ``MUTUAL_K`` nearest rows and the pair's similarity is within
``RELATIVE`` of each row's best match to a non-copy. That keeps same-topic, different-ask pairs apart
("Parkeringen är för liten" vs "Parkeringen borde vara gratis") when a closer paraphrase exists.
Linked rows form a group (union-find, best links first, merges checked by centroid similarity).
Up to ``BRUTE_MAX`` rows every row's nearest neighbours are searched exactly; above that, rows are
compared only inside blocks that share a rare term, so 100 000 rows never compare all pairs. When the
frame has a ``themes`` column (from ``classify_frame``) pairs whose primary themes differ are penalised.
"""

from __future__ import annotations

import functools

from typing import Sequence

from forbattra.inputs.tables import GROUP, ID, ROW, TEXT
from forbattra.scoring.text import Analyzer, fold

DEFAULT_THRESHOLD = 0.65
NEIGHBOURS = 10
BRUTE_MAX = 20_000
BLOCK_MAX = 3_000  # terms in more rows than this are too common to block on
BLOCK_KEYS = 3  # rarest terms per row used as blocking keys
THEME_PENALTY = 0.85
CONCEPT_WEIGHT, WORD_WEIGHT, ATOM_WEIGHT = 2.0, 1.0, 0.3  # column weights in the lexical TF-IDF space
THEME_WEIGHT = 0.5  # share of the theme-vector cosine in the similarity (when a model exists)
MUTUAL_K = 3  # a pair must be in each other's MUTUAL_K nearest rows
RELATIVE = 0.85  # ... and within this factor of each row's best non-copy match
COPY_SIM = 0.98  # at or above this, a neighbour counts as a copy (ignored for "best match")

# Concept → folded stems. A lemma belongs to a concept when it equals a stem, starts with a stem
# of 5+ letters, or ends with a stem of 4+ letters (compound head: "enhetschef" → chef).
SYNONYMS: dict[str, tuple[str, ...]] = {
    # staffing
    "vikarie": ("vikarie", "vikarier", "timvikari", "ersattare", "inhoppare", "inhopp", "hoppa", "vikariepool",
                "bemanningspool", "poolpersonal", "timanstalld", "extrapersonal", "bemanningsforetag"),
    "bemanning": ("bemanning", "underbemann", "personaltathet", "personalbrist", "grundbemanning", "bemanna",
                  "personalstyrka", "ohallbar"),
    "sjuk": ("sjuk", "sjukfranvaro", "sjukskriven", "sjukskrivning", "sjukskriv", "rehab", "rehabilitering",
             "rehabsamtal", "franvaro", "sjukanmalan"),
    "kvall": ("kvall", "kvallspass", "kvallar", "kvallstid", "kvallsskift"),
    "natt": ("natt", "nattpass", "nattpersonal", "nattjour"),
    "helg": ("helg", "helger", "helgpass", "lordag", "sondag"),
    "schema": ("schema", "arbetstid", "turlista", "schemalaggning", "schemalagg", "arbetspass", "tjanstgoring"),
    "byte": ("byta", "byte", "passbyte", "byter"),
    "lon": ("lon", "loner", "lonesattning", "lonelyft", "loneokning", "lonelage", "loneniva", "betalar", "betala",
            "lonetillagg", "ob-tillagg"),
    "rekrytera": ("rekrytera", "rekrytering", "sluta", "slutar", "tappa", "personalomsattning", "behalla",
                  "kompetensforsorjning", "grannkommun"),
    # leadership, meetings, information
    "chef": ("chef", "ledare", "enhetschef", "arbetsledare", "narmaste", "rektor", "forestandare", "ledarskap"),
    "narvaro": ("narvarande", "franvarande", "tillganglig", "natbar", "oatkomlig", "synlig"),
    "mote": ("mote", "moten", "apt", "arbetsplatstraff", "avstamning", "motestid", "motesfri"),
    "information": ("information", "informera", "kommunikation", "kommunicera", "besked", "nyhetsbrev",
                    "envagsinformation", "informationsflode", "beslutas", "forankra"),
    "intranat": ("intranat", "intranatet", "sharepoint", "gemensam mapp", "plattform"),
    "mal": ("mal", "malen", "malbild", "uppna", "malsattning", "vision", "styrning"),
    # premises
    "personalrum": ("personalrum", "fikarum", "personalutrymme", "lunchrum", "personalmatsal", "pausrum",
                    "vilrum", "fika"),
    "rast": ("rast", "raster", "paus", "pauser", "lunchrast", "rasttid", "vila"),
    "trangt": ("trangt", "trang", "trangta", "liten", "litet", "sma", "storre", "utrymme", "plats", "rymma", "full",
               "omgang", "omgangar", "tranga"),
    "klassrum": ("klassrum", "lektionssal", "klassrumm", "salar", "undervisningslokal"),
    "motesrum": ("motesrum", "konferensrum", "samtalsrum", "grupprum", "bokningssystem", "rumsbokning"),
    "ventilation": ("ventilation", "luft", "kvav", "kvavt", "instangd", "luftkvalitet", "syre", "huvudvark",
                    "fonsterluft"),
    "temperatur": ("temperatur", "kallt", "kall", "frysa", "fryser", "element", "varme", "varmt", "kyla",
                   "dragig", "vinter", "inomhustemperatur", "ljum", "ljumma", "ljummen"),
    "belysning": ("belysning", "lampa", "lampor", "lysror", "armatur", "morker", "mork", "morkt", "ljussattning"),
    "ljud": ("ljud", "ljudniva", "buller", "hogljudd", "hogljutt", "oljud", "ljuddampning", "akustik", "stoj",
             "hora"),
    "stadning": ("stadning", "stada", "stad", "lokalvard", "lokalvardare", "smutsig", "smutsigt", "rengoring",
                 "dammig", "stadschema"),
    "skap": ("skap", "lasbar", "forvaring", "omkladningsrum", "omkladning", "klader", "personlig"),
    "nyckel": ("nyckel", "nycklar", "nyckelknippa", "nyckelhantering", "nyckelfri", "las", "passersystem",
               "passerkort", "digitala las", "tagg"),
    "parkering": ("parkering", "parkeringsplats", "parkera", "p-plats", "parkeringsplatser"),
    "avgift": ("avgift", "gratis", "kostnadsfri", "dyr", "dyrt", "taxa", "pris", "kosta"),
    "gard": ("gard", "skolgard", "forskolegard", "utemiljo", "lekplats", "utegard"),
    "skugga": ("skugga", "solskydd", "markis", "parasoll", "solbrand", "skuggig", "sol"),
    # equipment and IT
    "dator": ("dator", "laptop", "barbar", "datorer", "pc", "arbetsdator"),
    "surfplatta": ("surfplatta", "lasplatta", "ipad", "platta", "plattor", "lasplattor"),
    "langsam": ("langsam", "seg", "segt", "starta", "uppstart", "hanga", "hanger", "trog"),
    "skrivare": ("skrivare", "printer", "utskrift", "kopiator", "skriva ut", "kopieringsmaskin"),
    "system": ("system", "program", "app", "verksamhetssystem", "journalsystem", "applikation", "programvara"),
    "inloggning": ("inloggning", "logga", "loggar", "losenord", "utloggad", "inlogg", "bankid", "sso"),
    "dubbel": ("dubbelregistrering", "dubbelarbete", "dubbeldokumentation", "mata", "registrera"),
    "support": ("support", "it-support", "helpdesk", "servicedesk", "it", "it-avdelning", "it-stod"),
    "telefon": ("telefon", "mobil", "mobiltelefon", "tjanstetelefon", "jobbtelefon", "tjanstemobil",
                "smartphone", "privat telefon", "mobiler"),
    "telefontid": ("telefontid", "telefontider", "telefonkö", "telefonko", "tillganglighet"),
    "larm": ("larm", "trygghetslarm", "larmtelefon", "larmsamtal", "larma"),
    "signering": ("signering", "signera", "underskrift", "skriva under", "e-signering", "elektronisk",
                  "elektroniskt", "digital", "digitalt", "digitala", "digitalisera"),
    "papper": ("papper", "pappersblankett", "blankett", "pappersformular", "utskrifter", "post"),
    "hemsida": ("hemsida", "webbplats", "webb", "sajt", "e-tjanst", "webbsida", "hemsidan"),
    "invanare": ("invanare", "medborgare", "kommuninvanare", "allmanhet", "medborgarna"),
    "bil": ("bil", "tjanstebil", "fordon", "leasingbil", "bilpool", "bilar"),
    "elbil": ("elbil", "laddplats", "laddstolpe", "laddstation", "ladda", "laddbox", "laddning", "oladdad"),
    "cykel": ("cykel", "elcykel", "lanecykel", "cykla"),
    # work content
    "stress": ("stress", "arbetsbelastning", "belastning", "hinner", "hinna", "overbelastad", "tidspress",
               "stressig", "stressad", "pressad", "arbetsmangd", "utbrand"),
    "utbildning": ("utbildning", "kurs", "fortbildning", "kompetensutveckling", "vidareutbildning", "utbilda",
                   "workshop", "forelasning", "kompetenshojning", "kurser"),
    "handledning": ("handledning", "handledare", "reflektion", "reflektionstid", "arendedragning", "stottning"),
    "introduktion": ("introduktion", "inskolning", "introducera", "nyanstalld", "mentor", "inskolningsplan",
                     "introduktionsplan", "fadder", "nya"),
    "rutin": ("rutin", "checklista", "instruktion", "riktlinje", "lathund", "manual", "mall", "arbetsbeskrivning",
              "styrdokument"),
    "overlamning": ("overrapportering", "overlamning", "rapport", "rapportering", "skiftbyte", "passbyte",
                    "overlamna", "rapportera"),
    "dokumentation": ("dokumentation", "dokumentera", "journal", "anteckning", "genomforandeplan", "journalfora",
                      "journalforing", "social dokumentation"),
    "samarbete": ("samarbete", "samverkan", "samarbeta", "samverka", "varandra", "samordning"),
    "planering": ("planering", "planeringstid", "planera", "kollegialt", "arbetslag"),
    "friskvard": ("friskvard", "trana", "traning", "motion", "friskvardsbidrag", "friskvardstimme", "gym",
                  "motionera"),
    "inkop": ("inkop", "bestalla", "bestallning", "kopa", "upphandling", "material", "bestallningsprocess",
              "attest", "inkopsprocess"),
    "krangel": ("kranglig", "krangligt", "byrakrati", "byrakratisk", "omstandlig", "onodig", "smidig", "enklare"),
    "reparation": ("laga", "lagad", "reparera", "reparation", "trasig", "trasiga", "sonder", "felanmalan",
                   "felanmala", "underhall"),
    "vantetid": ("vantetid", "vanta", "dröja", "droja", "ko", "koer", "handlaggningstid", "snabbare"),
    # clients and pupils
    "mat": ("mat", "maltid", "lunch", "kost", "skolmat", "middag", "frukost", "matlada", "portioner"),
    "kok": ("kok", "centralkok", "tillagningskok", "mottagningskok", "matsal", "kokspersonal"),
    "elevhalsa": ("elevhalsa", "kurator", "skolskoterska", "skolpsykolog", "elevhalsoteam", "psykisk halsa"),
    "elev": ("elev", "elever", "klass", "klasser", "skolbarn"),
    "pedagog": ("pedagog", "forskollarare", "barnskotare", "personaltathet"),
    "larare": ("larare", "lararna", "undervisning", "lektion"),
    "barngrupp": ("barngrupp", "gruppstorlek", "barnantal"),
    "hjalpmedel": ("hjalpmedel", "rullstol", "rullator", "lyft", "taklyft", "forflyttning", "lyfthjalpmedel",
                   "personlyft", "lyfta", "lyfter", "lyftar", "forflyttningshjalpmedel"),
    "rygg": ("rygg", "ryggont", "belastningsskada", "arbetsskada", "ergonomi", "ont"),
    "anhorig": ("anhorig", "narstaende", "familj", "familjer", "foralder", "vardnadshavare", "anhoriga"),
    "aktivitet": ("aktivitet", "sysselsattning", "sysslolos", "meningsfull", "aktiviteter", "underhallning",
                  "utflykt"),
    "fall": ("fall", "ramla", "snubbla", "fallrisk", "halka", "fallolycka"),
    "bistand": ("bistand", "bistandsbeslut", "bistandshandlaggning", "beslut"),
    "handlaggare": ("handlaggare", "socialsekreterare", "bistandshandlaggare", "socialtjanst"),
    "tolk": ("tolk", "tolkar", "tolkning", "tolkformedling", "tolkbokning"),
    "ekonomi": ("budget", "ekonomi", "ekonomisk", "budgetuppfoljning", "kostnad", "resurs", "resurser",
                "ekonomirapport", "prognos", "pengar"),
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


@functools.lru_cache(maxsize=200_000)
def _word_tokens(lem: str, atoms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(blocking tokens, weighted feature names) of one word, cached: a file repeats its words."""
    cs = {concept(lem)} | {concept(p) for p in atoms}
    concepts = tuple("~" + c for c in sorted(x for x in cs if x))
    compound = atoms if len(atoms) > 1 else ()
    return ((lem,) + compound + concepts, ("w:" + lem,) + tuple("a:" + p for p in compound) + concepts)


def dup_tokens(a) -> list[str]:
    """Lemmas, compound atoms and concept tokens (``~vikarie``) of one analysed text."""
    return [t for lem, atoms in zip(a.lemmas, a.atoms) for t in _word_tokens(lem, atoms)[0]]


def features(texts: Sequence[str], analyzer: Analyzer | None = None):
    """L2-normalised sparse TF-IDF over lemmas, compound atoms and concepts (column-weighted)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    analyzer = analyzer or Analyzer()
    analyses = [analyzer.analyze(t) for t in texts]
    toks = [dup_tokens(a) for a in analyses]
    n = len(texts)
    if not n:
        return csr_matrix((0, 1)), toks
    docs = [[t for lem, atoms in zip(a.lemmas, a.atoms) for t in _word_tokens(lem, atoms)[1]] for a in analyses]
    # Sublinear tf-idf with smooth idf (as scikit-learn's TfidfVectorizer), column-weighted by kind,
    # rows L2-normalised. Written with scipy alone so classify's workbook does not pay for importing
    # scikit-learn (over a second of start-up).
    vocab: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, d in enumerate(docs):
        c: dict[int, int] = {}
        for t in d:
            j = vocab.setdefault(t, len(vocab))
            c[j] = c.get(j, 0) + 1
        for j, k in c.items():
            rows.append(i)
            cols.append(j)
            counts.append(k)
    if not vocab:
        return csr_matrix((n, 1)), toks
    names = sorted(vocab)
    order = np.empty(len(vocab), dtype=np.int64)
    for new, name in enumerate(names):
        order[vocab[name]] = new  # columns in sorted order: deterministic whatever the input order
    cols_a = order[np.array(cols, dtype=np.int64)]
    df = np.bincount(cols_a, minlength=len(names))
    idf = np.log((1 + n) / (1 + df)) + 1.0
    w = np.array([CONCEPT_WEIGHT if t.startswith("~") else ATOM_WEIGHT if t.startswith("a:") else WORD_WEIGHT
                  for t in names])
    vals = (1.0 + np.log(np.array(counts, dtype=np.float64))) * idf[cols_a] * w[cols_a]
    X = csr_matrix((vals, (np.array(rows), cols_a)), shape=(n, len(names)))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    from scipy.sparse import diags

    return (diags(1.0 / norms) @ X).tocsr(), toks


_DEFAULT_CLF: list = []


def _default_classifier():
    """The shipped ``standard`` classifier, built once; ``None`` when no model is available."""
    if not _DEFAULT_CLF:
        try:
            from forbattra.scoring.pipeline import build_classifier

            clf = build_classifier("standard")
            _DEFAULT_CLF.append(clf if clf.model is not None else None)
        except Exception:  # no model shipped / unreadable: lexical similarity only
            _DEFAULT_CLF.append(None)
    return _DEFAULT_CLF[0]


def theme_vectors(texts: Sequence[str], clf=None):
    """L2-normalised (n × themes) model probabilities, or ``None`` without a model."""
    import numpy as np

    if clf is False:
        return None
    clf = clf if clf is not None else _default_classifier()
    if clf is None or getattr(clf, "model", None) is None:
        return None
    from forbattra.scoring.pipeline import theme_scores

    T = theme_scores(list(texts), clf)
    if T is None or not len(T):
        return None
    T = np.asarray(T, dtype=np.float64)
    norm = np.linalg.norm(T, axis=1, keepdims=True)
    return np.divide(T, norm, out=np.zeros_like(T), where=norm > 0)


def combined(X, T, theme_weight: float = THEME_WEIGHT):
    """Rows whose dot products are ``(1-w)·cos(X) + w·cos(T)`` (both blocks unit length)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack

    if T is None or theme_weight <= 0:
        return X
    return hstack([np.sqrt(1.0 - theme_weight) * X, csr_matrix(np.sqrt(theme_weight) * T)]).tocsr()


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
        # exact k nearest neighbours by cosine (rows are unit length), in blocks of rows
        k = min(NEIGHBOURS + 1, n)
        Xt = X.T.tocsc()
        for start in range(0, n, 2000):
            S = (X[start:start + 2000] @ Xt).toarray()
            top = np.argsort(-S, axis=1, kind="stable")[:, :k]
            for r in range(S.shape[0]):
                i = start + r
                for j in top[r]:
                    sim = float(S[r, j])
                    if j != i and sim >= threshold - 1e-12:
                        pairs.append((min(i, int(j)), max(i, int(j)), sim))
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


def _mutual_links(pairs, n: int, threshold: float):
    """Keep pairs with sim ≥ threshold that are near-mutual nearest neighbours (see module doc)."""
    nbrs: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for i, j, sim in pairs:
        nbrs[i].append((sim, j))
        nbrs[j].append((sim, i))
    best = [0.0] * n
    top: list[set[int]] = []
    for i in range(n):
        ranked = sorted(nbrs[i], key=lambda x: (-x[0], x[1]))
        non_copy = [v for v, _ in ranked if v < COPY_SIM]
        best[i] = non_copy[0] if non_copy else 0.0
        # copies never push a real paraphrase out of the top list
        top.append({j for v, j in ranked if v >= COPY_SIM} | set([j for v, j in ranked if v < COPY_SIM][:MUTUAL_K]))
    out = []
    for i, j, sim in pairs:
        if sim < threshold - 1e-12:
            continue
        if sim >= COPY_SIM or (j in top[i] and i in top[j]
                               and sim >= RELATIVE * best[i] - 1e-12 and sim >= RELATIVE * best[j] - 1e-12):
            out.append((i, j, sim))
    return out


def find_duplicates(frame, *, threshold: float = DEFAULT_THRESHOLD, analyzer: Analyzer | None = None,
                    clf=None, theme_weight: float = THEME_WEIGHT, fallback: str | None = None):
    """One row per input row (input order): ``row``, ``id``, ``duplicate_group`` (1.. or None) and
    ``similarity`` (highest similarity to another member of its group, or None).

    ``clf`` supplies the theme vectors (a :class:`~forbattra.scoring.pipeline.Classifier` with a model); when
    ``None`` the shipped ``standard`` model is used if present, ``False`` (or ``theme_weight=0``)
    means lexical similarity only. Groups are numbered by their first row. With a ``themes`` column,
    a pair whose primary themes differ (neither being the fallback ``ovrigt``) has its similarity
    multiplied by 0.85.
    """
    import pandas as pd

    n = len(frame)
    texts = [t if isinstance(t, str) else "" for t in frame[TEXT]] if n else []
    X, toks = features(texts, analyzer)
    if n and theme_weight > 0:
        X = combined(X, theme_vectors(texts, clf), theme_weight)
    primary = None
    if "themes" in frame and n:
        fb = fallback if fallback is not None else (clf.taxonomy.fallback if clf else "ovrigt")
        primary = [ts[0] if isinstance(ts, (list, tuple)) and ts and ts[0] != fb else None
                   for ts in frame["themes"]]
    search = threshold * THEME_PENALTY if primary is not None else threshold
    search = min(search, RELATIVE * threshold)
    empty = [not t.strip() or not tk for t, tk in zip(texts, toks)]
    cands = []
    seen = set()
    for i, j, sim in _candidate_pairs(X, toks, search):
        if (i, j) in seen or empty[i] or empty[j]:
            continue
        seen.add((i, j))
        if primary is not None and primary[i] and primary[j] and primary[i] != primary[j]:
            sim *= THEME_PENALTY
        cands.append((i, j, min(1.0, sim)))
    # Link pairs best first; two groups merge only if their centroids are still similar enough,
    # so A~B and B~C do not chain unrelated A and C into one big group.
    links = [(sim, i, j) for i, j, sim in _mutual_links(cands, n, threshold)]
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
