"""Sorting by meaning on a user's own taxonomy that has no labels and no trained model (issue 11).

Keywords alone only find the words a user thought of. Here the shipped ``standard`` model — trained
on thousands of labelled suggestions — lends its knowledge to any taxonomy:

1. each user theme is represented by its own texts (label + description, every keyword, every
   ``examples:`` text); the standard model scores them, and their mean score per standard theme is
   the theme's *affinity* (``miljo_utrustning`` → lokaler; ``info_ledning`` → samverkan, ledning), relative
   to its best one — or to :data:`AFFINITY_FLOOR` when even that is weak (a theme the model does not know);
2. a suggestion's standard-theme probabilities are carried over through the affinities (the best
   standard theme for each user theme counts), so a suggestion about broken printers reaches
   "Digitala verktyg" without the word "dator";
3. user themes that share a standard theme (``schema_bemanning`` and ``lon_villkor`` both lean on
   ``personal``) split that theme's score by their keyword evidence and by the similarity of the
   suggestion to each theme's texts (cosine in the standard model's tf-idf space), so keywords and
   examples still decide between close themes;
4. a keyword hit of the user's own taxonomy adds to the score (noisy-or), so nothing a keyword
   found before is lost without a reason; so does closeness to one of the theme's ``examples:``
   (cosine in the standard model's tf-idf space; a text sharing half its weight with an example
   counts fully).

All of it is arithmetic on the shipped model: deterministic, offline, no training at run time.

*With a few labels* (``train`` on a user's own categories, issue 12), the labels correct these scores
instead of replacing them: :class:`MeaningCorrection` is a logistic regression per theme over the logits
of every theme's meaning score and the standard model's tf-idf features of the text,
``p_k = sigmoid(logit(s) · A_k + x · D_k + b_k)``, fitted on the labelled rows
(:func:`forbattra.scoring.stacking.fit_meaning`) and stored in the model folder. Few labels move it little
from sorting by meaning; more labels teach it the user's own boundaries between themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from forbattra.scoring.classifier import MAX_THEMES, Featurizer, decide, shown_hits
from forbattra.scoring.evidence import as_written, is_filler, is_filler_lemma
from forbattra.scoring.pipeline import Classifier, Result
from forbattra.taxonomy import Taxonomy

KEYWORD_WEIGHT = 0.6  # how much a keyword hit alone counts (noisy-or with the transferred score)
SHARPEN = 2.0  # affinity ** SHARPEN: a theme's weak links to standard themes fade
# a theme's own texts below this in every standard theme are something the standard model does not know
# ("Beröm": 0.06 at best): their affinities are scaled by it rather than by their own maximum, which made
# the best of a few weak links a full one and sent every text of that standard theme to the theme
AFFINITY_FLOOR = 0.3
RELATIVE = 0.6  # a secondary theme needs at least this share of the primary theme's score
FLOOR = 0.3  # below this nothing is confident enough: the fallback
EXAMPLE_WEIGHT = 0.8  # how much being close to one of a theme's examples counts (noisy-or)
EXAMPLE_FULL = 0.5  # cosine similarity to an example at which that closeness counts fully
FLOOR_SHARE = 0.5  # ... and below this share of the standard model's best score
LOGIT_CLIP = 1e-4  # meaning scores are clipped to [LOGIT_CLIP, 1 - LOGIT_CLIP] before their logit


def logits(S):
    """The logits of meaning scores (clipped: a score of exactly 0 or 1 is not infinitely sure)."""
    import numpy as np

    S = np.clip(S, LOGIT_CLIP, 1.0 - LOGIT_CLIP)
    return np.log(S / (1.0 - S))


@dataclass
class MeaningCorrection:
    """What a user's labels add to sorting by meaning: per theme ``k`` (the taxonomy's content themes in
    order) ``p_k = sigmoid(logit(s) · A[k] + x[features] · D[k] + b[k])``, where ``s`` are the meaning
    scores of every theme and ``x`` the standard model's tf-idf row, and the rule that decides from ``p``
    (thresholds, floor, share of the best, one theme per row or several), tuned on the labels."""

    features: list[str]  # the standard model's feature names that D weighs
    A: Any  # themes × themes
    D: Any  # themes × features
    b: Any  # themes
    thresholds: dict[str, float]
    floor: float
    relative: float
    single: bool
    _cols: Any = field(default=None, repr=False)

    def columns(self, vocabulary: dict[str, int]):
        """D's columns in the standard model's feature space (features it no longer has weigh nothing)."""
        import numpy as np

        if self._cols is None:
            cols = np.array([vocabulary.get(f, -1) for f in self.features], dtype=np.int64)
            keep = cols >= 0
            self._cols = (cols[keep], np.ascontiguousarray(self.D[:, keep]))
        return self._cols

    def probabilities(self, S, X, vocabulary: dict[str, int]):
        """Corrected scores (rows × themes) from meaning scores ``S`` and tf-idf rows ``X``."""
        import numpy as np

        cols, D = self.columns(vocabulary)
        z = logits(S) @ self.A.T + self.b
        if len(cols):
            z = z + np.asarray(X[:, cols] @ D.T)
        return 1.0 / (1.0 + np.exp(-z))

    def coef_row(self, k: int, n_features: int):
        """Theme ``k``'s weights over the whole standard feature space (for evidence)."""
        import numpy as np

        cols, D = self._cols
        row = np.zeros(n_features)
        row[cols] = D[k]
        return row


def theme_texts(taxonomy: Taxonomy, tid: str) -> list[str]:
    """The texts that describe a theme: label + description, each keyword, each example."""
    t = taxonomy[tid]
    head = ". ".join(x for x in (t.label, t.description) if x)
    return [head, *t.keywords, *t.examples]


_FEATURIZER = Featurizer()  # the per-text featurizer: zero-shot runs are small (a user's own taxonomy)


def _top_words(credit, a, k: int = 5) -> list[str]:
    """The content words whose features raised a score most (at least 20 % of the top), no filler."""
    best: dict[str, float] = {}
    lemma_at = dict(zip(a.where, a.lemmas))  # "hinner" is filler as "hinna" is
    for p in a.where:
        if p < len(credit) and credit[p] > 0:
            w = a.tokens[p]
            if not is_filler(w) and not is_filler_lemma(lemma_at.get(p, ""), w):
                best[w] = best.get(w, 0.0) + float(credit[p])
    if not best:
        return []
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return [w for w, v in ranked if v >= 0.2 * ranked[0][1]][:k]


def _with_words(hits, more: list[str], a, text: str) -> list[str]:
    """A theme's Motivering: its keyword hits (each once), then the words of ``more`` that no keyword hit
    of it already shows (by lemma: not "hot" after "hot (hota)", nor "trångt" after "för trångt"); a part of
    a hyphenated word of ``text`` shown as that word (:func:`~forbattra.scoring.evidence.as_written`)."""
    words = shown_hits(hits)
    shown = {w for h in hits for w in h.word.split(" ")}
    lemma_of = dict(zip((a.tokens[p] for p in a.where), a.lemmas))
    for w in as_written(text, [w for w in more if lemma_of.get(w) not in shown]):
        if w not in words:
            words.append(w)
    return words


@dataclass
class ZeroShotClassifier(Classifier):
    """A :class:`Classifier` for a user taxonomy that scores through the standard model (and, when a
    trained model folder says so, corrects the scores by what its labels taught: ``correction``)."""

    correction: MeaningCorrection | None = None

    def attach(self, base: Classifier) -> "ZeroShotClassifier":
        import numpy as np

        self.base = base
        model = base.model
        self.zs_themes = list(self.themes)
        rows, texts_of = [], []
        for tid in self.zs_themes:
            texts = theme_texts(self.taxonomy, tid)
            texts_of.append(len(texts))
            rows.extend(texts)
        P, X = self._std(rows)
        aff, centroids = [], []
        start = 0
        for n in texts_of:
            p = P[start:start + n].mean(axis=0)
            aff.append((p / max(p.max(), AFFINITY_FLOOR)) ** SHARPEN)
            c = np.asarray(X[start:start + n].sum(axis=0)).ravel()
            centroids.append(c / max(np.linalg.norm(c), 1e-9))
            start += n
        self.affinity = np.array(aff)  # user themes × standard themes
        self.centroids = np.array(centroids)  # user themes × features
        self.std_col = {t: k for k, t in enumerate(model.themes_)}
        ex_rows, self.ex_theme = [], []
        for u, tid in enumerate(self.zs_themes):
            ex_rows.extend(self.taxonomy[tid].examples)
            self.ex_theme.extend([u] * len(self.taxonomy[tid].examples))
        self.ex_X = self._std(ex_rows)[1] if ex_rows else None
        self.model_meta = {"kind": "zeroshot", "base_model": base.model_hash,
                           "model_hash": f"zeroshot-{base.model_hash}"}
        return self

    @property
    def model_hash(self) -> str:
        return str(self.model_meta.get("model_hash", "zeroshot"))

    def _std(self, texts: Sequence[str], analyses=None):
        """Standard-model probabilities and tf-idf rows for texts (and the encoding parts)."""
        base = self.base
        if analyses is None:
            analyses = [base.analyzer.analyze(t) for t in texts]
        occ = [_FEATURIZER.doc_indices(a, base.matcher.match(a), base.model.vocabulary_, base.analyzer)
               for a in analyses]
        X, self._parts = base.model.encode(occ)
        return base.model.predict_proba(X), X

    def classify_columns(self, texts: Sequence[str]) -> tuple[list, list, list, list]:
        """The column form every caller uses (classify_frame, workers, classify_chunk)."""
        from forbattra.analysis.nonsuggestion import PRAISE_MAX_CHARS, is_nonsuggestion
        from forbattra.record import NO_SUGGESTION

        res = self.classify(texts)
        fb = self.taxonomy.fallback
        for r, t in enumerate(texts):
            if res[r].status == "ok" and isinstance(t, str) and len(t) <= PRAISE_MAX_CHARS \
                    and is_nonsuggestion(t, self.thanks_rule):
                res[r] = Result([fb], {fb: 1.0}, {fb: []}, NO_SUGGESTION)
        return ([r.themes for r in res], [r.scores for r in res], [r.evidence for r in res],
                [r.status for r in res])

    def _finish(self, chosen: list[str], scores: dict[str, float], evidence: dict[str, list[str]]) -> Result:
        fb = self.taxonomy.fallback
        if chosen == [fb]:
            return Result([fb], {fb: round(1.0 - max(scores.values(), default=0.0), 4)}, {fb: []})
        return Result(chosen, {t: round(scores[t], 4) for t in chosen}, {t: evidence.get(t, []) for t in chosen})

    def score_matrix(self, analyses):
        """Scores of analysed texts for every user theme (rows × themes), their standard-model tf-idf rows,
        and per row what the decision and the evidence need: ``(hits, standard probabilities, the standard
        theme each user theme leans on, encoding part)``."""
        import numpy as np

        P, X = self._std([], analyses)
        parts = self._parts
        # transferred score and the standard theme it comes from, per user theme
        contrib = P[:, None, :] * self.affinity[None, :, :]  # docs × user × standard
        best_std = contrib.argmax(axis=2)
        # similarity to each user theme's texts decides between themes that share a standard theme
        sim = np.asarray(X @ self.centroids.T)  # docs × user
        near = np.zeros((len(analyses), len(self.zs_themes)))  # closeness to the nearest example
        if self.ex_X is not None:
            S = (X @ self.ex_X.T).toarray()
            for j, u in enumerate(self.ex_theme):
                near[:, u] = np.maximum(near[:, u], np.minimum(1.0, S[:, j] / EXAMPLE_FULL))
        out = np.zeros((len(analyses), len(self.zs_themes)))
        aux = []
        for r, a in enumerate(analyses):
            hits = self.matcher.match(a)
            kw = self.matcher.scores(hits)
            share_w = np.array([kw.get(t, 0.0) + sim[r, u] + 0.05 for u, t in enumerate(self.zs_themes)])
            # each standard theme's score goes to the user themes that lean on it, split by evidence
            c = contrib[r] * share_w[:, None]
            c = c / np.maximum(c.max(axis=0, keepdims=True), 1e-9) * contrib[r]
            transfer = c.max(axis=1)
            for u, t in enumerate(self.zs_themes):
                out[r, u] = float(1.0 - (1.0 - transfer[u]) * (1.0 - KEYWORD_WEIGHT * kw.get(t, 0.0))
                                  * (1.0 - EXAMPLE_WEIGHT * near[r, u]))
            aux.append((hits, P[r], best_std[r], parts[r]))
        return out, X, aux

    def theme_matrix(self, texts: Sequence[str]):
        """Every theme's score for each of ``texts`` (texts × :attr:`zs_themes`) as the decision sees them: the
        meaning scores, corrected by the labels where the model folder keeps a correction. A :class:`Result`
        holds the chosen themes' scores only; *Att granska* shows the two best of all."""
        analyses = [self.base.analyzer.analyze(t if isinstance(t, str) else "") for t in texts]
        S, X, _ = self.score_matrix(analyses)
        if self.correction is not None:
            return self.correction.probabilities(S, X, self.base.model.vocabulary_)
        return S

    def classify(self, texts: Sequence[str]) -> list[Result]:
        fb = self.taxonomy.fallback
        results: list[Result | None] = [None] * len(texts)
        analyses, idx = [], []
        for i, t in enumerate(texts):
            if not isinstance(t, str) or not t.strip():
                results[i] = Result([fb], {fb: 1.0}, {fb: []}, "empty")
                continue
            analyses.append(self.base.analyzer.analyze(t))
            idx.append(i)
        if not analyses:
            return results  # type: ignore[return-value]
        S, X, aux = self.score_matrix(analyses)
        if self.correction is not None:
            self._classify_corrected(S, X, aux, analyses, idx, results, texts)
            return results  # type: ignore[return-value]
        for r, (a, i) in enumerate(zip(analyses, idx)):
            hits, P_r, best_std_r, part = aux[r]
            scores = {t: float(S[r, u]) for u, t in enumerate(self.zs_themes)}
            # The floor keeps a weak best theme only when the suggestion is not clearly about
            # something none of the user's themes covers (standard model sure of an unmapped theme).
            floor = max(FLOOR, FLOOR_SHARE * float(P_r.max()))
            chosen = decide(scores, self.thresholds, fb, max_themes=MAX_THEMES, floor=floor, relative=RELATIVE)
            evidence = {}
            for t in chosen:
                if t == fb:
                    continue
                u = self.zs_themes.index(t)
                credit = self.base.model.word_credit(part, int(best_std_r[u]))
                evidence[t] = _with_words(hits.get(t, []), _top_words(credit, a), a, texts[i])[:5]
            results[i] = self._finish(chosen, scores, evidence)
        return results  # type: ignore[return-value]


    def _corrected_rule(self):
        """The correction's thresholds and floor, with a user's minimum confidence on top (as for a model)."""
        c = self.correction
        th = []
        for t in self.zs_themes:
            m = self.taxonomy[t].min_confidence
            th.append(m if m is not None else max(c.thresholds.get(t, 0.5), self.min_confidence or 0.0))
        floor = c.floor
        if self.min_confidence is not None:
            floor = max(floor, self.min_confidence)
        return th, floor

    def _classify_corrected(self, S, X, aux, analyses, idx, results, texts) -> None:
        """Decide from the corrected scores; evidence: keyword hits, then the words that raised the
        theme's score most, by the labels' weights and by the meaning the standard model gives them."""

        from forbattra.scoring.classifier import decide_matrix

        c = self.correction
        model = self.base.model
        P = c.probabilities(S, X, model.vocabulary_)
        th, floor = self._corrected_rule()
        chosen, order = decide_matrix(P, th, names=self.zs_themes, max_themes=MAX_THEMES, floor=floor,
                                      relative=c.relative, single=c.single)
        fb = self.taxonomy.fallback
        n_feat = model.coef_.shape[1]
        rows: dict[int, Any] = {}
        for r, (a, i) in enumerate(zip(analyses, idx)):
            hits, _, best_std_r, part = aux[r]
            picked = [self.zs_themes[j] for j in order[r] if chosen[r, j]]
            if not picked:
                results[i] = Result([fb], {fb: round(1.0 - float(P[r].max()), 4)}, {fb: []})
                continue
            evidence = {}
            for t in picked:
                u = self.zs_themes.index(t)
                if u not in rows:
                    rows[u] = c.coef_row(u, n_feat)
                learnt = model.word_credit(part, 0, coef=rows[u])
                meaning = model.word_credit(part, int(best_std_r[u]))
                credit = _unit(learnt) + max(float(c.A[u, u]), 0.0) * _unit(meaning)
                # the words that raised the score most; if the labels' weights outweigh every word, the words
                # the meaning rests on (never an empty Motivering for a theme chosen on them)
                evidence[t] = _with_words(hits.get(t, []), _top_words(credit, a) or _top_words(meaning, a), a,
                                          texts[i])[:5]
            results[i] = Result(picked, {t: round(float(P[r, self.zs_themes.index(t)]), 4) for t in picked},
                                evidence)


def _unit(v):
    """A credit vector scaled so that its largest entry by size is 1 (zeros stay zeros): the labels' part and
    the meaning's part then weigh alike, and a tiny largest positive weight does not blow up the negative ones."""
    import numpy as np

    top = float(np.abs(v).max()) if len(v) else 0.0
    return v / top if top > 0 else np.zeros_like(v)


def zeroshot_classifier(taxonomy: Taxonomy, *, min_confidence: float | None = None) -> Classifier | None:
    """A zero-shot classifier for ``taxonomy`` (``None`` for a taxonomy without content themes).
    A missing or damaged shipped model is a ``ModelError``, not a quiet fall-back to keywords."""
    from forbattra.scoring.pipeline import build_classifier

    base = build_classifier("standard")
    if base.model is None or not taxonomy.content_ids:
        return None
    clf = ZeroShotClassifier(taxonomy, min_confidence=min_confidence, analyzer=base.analyzer)
    return clf.attach(base)
