"""Which suggestions to label next: the ones whose labels would teach the model most.

Active learning by *uncertainty + diversity*: every suggestion gets an uncertainty from the model's
theme scores — the smaller of (a) the margin between its two best themes and (b) the distance of
any theme's score from that theme's decision threshold, so both "which theme?" and "this theme or
not?" count. The most uncertain ``pool × n`` suggestions are then grouped by k-means (scikit-learn,
fixed seed) over the model's tf-idf features into ``n`` clusters, and the most uncertain suggestion
of each cluster is chosen, so the list is not ``n`` variants of one borderline complaint.
Deterministic: same input and model → same list.
"""

from __future__ import annotations

from typing import Collection, Sequence


def uncertainty(P, thresholds: Sequence[float]):
    """Per row: min(margin between the two best scores, min distance of a score from its threshold).
    Small = uncertain."""
    import numpy as np

    if P.shape[1] < 2:
        return np.abs(P[:, 0] - np.asarray(thresholds)[0])
    s = np.sort(P, axis=1)
    margin = s[:, -1] - s[:, -2]
    dist = np.abs(P - np.asarray(thresholds)[None, :]).min(axis=1)
    return np.minimum(margin, dist)


def choose(P, X, thresholds: Sequence[float], n: int, *, pool: int = 5, seed: int = 0) -> list[int]:
    """Indices of ``n`` rows to label: most uncertain of each k-means cluster of the uncertain pool."""
    import numpy as np

    m = P.shape[0]
    if m == 0 or n <= 0:
        return []
    if n >= m:
        return list(range(m))
    u = uncertainty(P, thresholds)
    order = np.lexsort((np.arange(m), u))  # most uncertain first, ties by row
    cand = order[: min(m, pool * n)]
    if len(cand) <= n:
        return sorted(int(i) for i in cand)
    from sklearn.cluster import KMeans

    from forbattra.analysis.clustering import _fit_quietly  # (repeated texts: fewer distinct points than n)

    km = _fit_quietly(KMeans(n_clusters=n, n_init=1, random_state=seed), X[cand])
    chosen = []
    for c in range(n):
        members = cand[km.labels_ == c]
        if len(members):
            chosen.append(int(members[np.argmin(u[members])]))  # cand is sorted by u: first is best
    if len(chosen) < n:  # empty clusters: fill with the next most uncertain
        rest = [int(i) for i in cand if int(i) not in set(chosen)]
        chosen += rest[: n - len(chosen)]
    return sorted(chosen)


def suggestion_rows(texts: Sequence[str], clf) -> list[int]:
    """The rows of ``texts`` that are suggestions, as classify's *Teman* sheet counts them: not empty, not an
    answer that is no suggestion ("Vet inte", "-", a thanks where ``clf``'s themes are the built-in ones). Only
    they are worth labelling: classify never gives the others a theme, so a label on them teaches nothing."""
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    thanks = getattr(clf, "thanks_rule", True)
    return [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip() and not is_nonsuggestion(t, thanks)]


def select_for_review(texts: Sequence[str], clf, n: int, *, seed: int = 0, skip: Collection[int] = (),
                      candidates: Sequence[int] | None = None):
    """Rows of ``texts`` worth labelling (sorted), with the model's scores matrix and uncertainty; never a
    row of ``skip`` (one a person has corrected already). ``candidates``: :func:`suggestion_rows` of ``texts``,
    where the caller has them already."""

    from forbattra.errors import ModelError
    from forbattra.scoring.classifier import Featurizer

    # a model folder that sorts by meaning (too few labels) still holds the model its labels made: its
    # uncertainty says which labels would teach most
    model = getattr(clf, "review_model", None) or clf.model
    if model is None:
        from forbattra.scoring.zeroshot import ZeroShotClassifier

        if isinstance(clf, ZeroShotClassifier):  # an own taxonomy sorted by meaning: no model of its own yet
            raise ModelError.of("err_review_needs_trained_model", taxonomy=clf.taxonomy.name)
        raise ModelError.of("err_review_needs_model")
    # not answers that are no suggestion ("Vet inte", a thanks): classify never gives them a theme,
    # so a label on them teaches the model nothing
    skip = set(skip)
    keep = [i for i in (suggestion_rows(texts, clf) if candidates is None else candidates) if i not in skip]
    occ = []
    featurizer = Featurizer()  # per call: the features also give the diversity (k-means) space
    for i in keep:
        a = clf.analyzer.analyze(texts[i])
        occ.append(featurizer.doc_indices(a, clf.matcher.match(a), model.vocabulary_, clf.analyzer))
    if not occ:
        return [], None, None
    X = model.encode(occ)[0]
    P = model.predict_proba(X)
    own = getattr(clf, "review_model", None) is model
    th = [(model.thresholds_ if own else clf.thresholds).get(t, 0.5) for t in model.themes_]
    picked = choose(P, X, th, n, seed=seed)
    u = uncertainty(P, th)
    rows = [keep[j] for j in picked]
    return rows, {keep[j]: P[j] for j in picked}, {keep[j]: float(u[j]) for j in picked}


def review_sheet(frame, clf, n: int, *, lang: str = "sv", redact=None, row_of=None, skip: Collection[int] = (),
                 candidates: Sequence[int] | None = None):
    """The *Att granska* sheet: the suggestions to label first (not the rows of ``skip``, corrected
    already), with the model's two best guesses and an empty *Rättat tema* column. *Rad* is the row a user
    scrolls to: ``row_of(data row)`` — the input's row (:meth:`~forbattra.inputs.tables.ReadInfo.excel_row`) —
    or by default the data row + 1, the *Förslag* sheet of the same workbook (header on row 1). ``candidates``: as
    :func:`select_for_review` takes them."""
    import pandas as pd

    from forbattra.analysis.summary import percent
    from forbattra.inputs.tables import ID, ROW, TEXT
    from forbattra.outputs.writers import COLS

    texts = list(frame[TEXT])
    rows, probs, unc = select_for_review(texts, clf, n, skip=skip, candidates=candidates)
    tax = clf.taxonomy
    if getattr(clf, "review_model", None) is not None:  # the guesses of what sorts: sorting by meaning
        themes = list(tax.ids)  # (the fallback too: where sorting by meaning leaves a row, it says so)
        picked = [texts[i] for i in rows]
        got = clf.classify(picked)
        # a Result holds its chosen themes' scores only: every theme's, for the second guess
        every = clf.theme_matrix(picked) if picked else None
        col = {t: k for k, t in enumerate(clf.zs_themes)}
        probs = {i: [float(every[j, col[t]]) if t in col else r.scores.get(t, 0.0) for t in themes]
                 for j, (i, r) in enumerate(zip(rows, got))}
    else:
        themes = clf.model.themes_
    c = COLS[lang]
    sv = lang == "sv"
    recs = []
    for i in rows:
        p = probs[i]
        best = sorted(range(len(themes)), key=lambda k: (-p[k], k))[:2]
        guess = " / ".join(f"{tax.label(themes[k], lang)} ({percent(p[k], lang)})" for k in best)
        text = texts[i]
        recs.append({
            c["row"]: row_of(int(frame[ROW].iloc[i])) if row_of is not None else int(frame[ROW].iloc[i]) + 1,
            "id": frame[ID].iloc[i] if frame[ID].iloc[i] is not None else "",
            REVIEW_TEXT[lang]: redact(text) if redact else text,
            REVIEW_GUESS[lang]: guess,
            ("Osäkerhet" if sv else "Uncertainty"): round(1.0 - unc[i], 2),
            c["fix"]: "",
        })
    cols = [c["row"], "id", REVIEW_TEXT[lang], REVIEW_GUESS[lang],
            "Osäkerhet" if sv else "Uncertainty", c["fix"]]
    return pd.DataFrame(recs, columns=cols)


REVIEW_SHEET = {"sv": "Att granska", "en": "To review"}
REVIEW_TEXT = {"sv": "Förslag", "en": "Suggestion"}  # its text column (carry_corrections reads it back)
# the model's two best guesses, "Label (93 %) / Label (5 %)" (train --corrections reads the taxonomy's labels in it)
REVIEW_GUESS = {"sv": "Modellens gissning", "en": "Model's guess"}
GUESS_LABEL = r"\s*(.+?) \(\d+ ?%\)\s*(?:/|$)"  # "93 %" in Swedish (earlier sheets: "93%"), "93%" in English
