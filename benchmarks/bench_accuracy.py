"""Accuracy benchmark (issue 3): held-out F1 of forbattra against the baselines, in one run.

    python benchmarks/bench_accuracy.py [--quick] > /tmp/acc.md

Compares, on the held-out split (corpus/heldout, never used for training or tuning):
  * keyword filter — what a user does in Excel: a theme whenever one of its obvious keywords
    occurs as a substring (case-insensitive); none → ovrigt;
  * plain scikit-learn — TfidfVectorizer + one-vs-rest LogisticRegression on the same training data;
  * forbattra lexicon only (no model) and forbattra's default model (trained on corpus/dev);
  * leave-one-sector-out: forbattra trained without a sector, tested on that sector's held-out rows,
    then with 200 labelled examples of that sector added (and with those 200 alone);
  * learning curve: micro-F1 against training size, forbattra vs plain scikit-learn;
  * the Riksdag interpellations (out of domain, user taxonomy): fixed 2,000/1,000 split, macro-F1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.evaluation import evaluate  # noqa: E402
from forbattra.scoring.model import encode_labels, train  # noqa: E402
from forbattra.scoring.pipeline import Classifier  # noqa: E402
from forbattra.taxonomy import Taxonomy, Theme, load_taxonomy  # noqa: E402
from forbattra.scoring.text import Analyzer  # noqa: E402

# The obvious keyword a person would type into Excel's filter box for each theme.
OBVIOUS = {
    "ekonomi": ["budget", "kostnad", "pengar", "ekonomi", "spara"],
    "kompetens": ["utbildning", "kurs", "kompetens", "handledning", "introduktion"],
    "personal": ["personal", "vikarie", "rekryt", "bemanning", "lön"],
    "lokaler": ["lokal", "rum", "ventilation", "kontor", "parkering"],
    "arbetsmiljo": ["arbetsmiljö", "stress", "belastning", "sjukskriv", "hot"],
    "ledning": ["chef", "ledning", "beslut", "mål", "delaktig"],
    "it": ["dator", "system", "it-", "digital", "telefon"],
    "arbetssatt": ["rutin", "dokumentation", "process", "blankett", "arbetssätt"],
    "samverkan": ["samverkan", "samarbete", "information", "kommunikation", "möte"],
    "brukare": ["brukare", "klient", "patient", "väntetid", "bemötande"],
}


def load(kind: str) -> pd.DataFrame:
    files = sorted((ROOT / "corpus" / kind).glob("*.csv"))
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def keyword_filter(texts):
    out = []
    for t in texts:
        low = t.lower()
        themes = [tid for tid, kws in OBVIOUS.items() if any(k in low for k in kws)]
        out.append(themes or ["ovrigt"])
    return out


def plain_sklearn(train_texts, train_labels, test_texts, themes):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    mlb = MultiLabelBinarizer(classes=themes)
    Y = mlb.fit_transform([[t for t in lab if t in themes] for lab in train_labels])
    vec = TfidfVectorizer()
    clf = OneVsRestClassifier(LogisticRegression(max_iter=1000)).fit(vec.fit_transform(train_texts), Y)
    P = clf.predict(vec.transform(test_texts))
    return [[themes[j] for j in np.flatnonzero(row)] or ["ovrigt"] for row in P]


def forbattra_fit(texts, labels, tax, analyzer):
    res = train(texts, labels, tax, analyzer=analyzer)
    return Classifier(tax, res.model, {"path": "bench"}, analyzer=analyzer)


def predict(clf, texts):
    return [r.themes for r in clf.classify(list(texts))]


def fmt(rep):
    return f"{rep['micro_f1']:.3f} | {rep['macro_f1']:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip learning curve and sector runs")
    args = ap.parse_args()
    t0 = time.perf_counter()
    tax = load_taxonomy("standard")
    analyzer = Analyzer()
    dev, held = load("dev"), load("heldout")
    dev_labels = encode_labels(list(dev["teman"]), tax)
    held_labels = encode_labels(list(held["teman"]), tax)
    themes = tax.content_ids
    print(f"# Accuracy benchmark\n\nTraining data: corpus/dev ({len(dev)} rows); test: corpus/heldout ({len(held)} rows, "
          "never used for training or tuning).\n")
    rows = []
    rep_kw = evaluate(held_labels, keyword_filter(held["text"]), tax)
    rows.append(("keyword filter (Excel-style substring)", rep_kw))
    rep_sk = evaluate(held_labels, plain_sklearn(list(dev["text"]), dev_labels, list(held["text"]), themes), tax)
    rows.append(("plain scikit-learn TF-IDF + LogisticRegression", rep_sk))
    rep_lex = evaluate(held_labels, predict(Classifier(tax, analyzer=analyzer), held["text"]), tax)
    rows.append(("forbattra, lexicon only (no model)", rep_lex))
    clf = forbattra_fit(list(dev["text"]), dev_labels, tax, analyzer)
    rep_fb = evaluate(held_labels, predict(clf, held["text"]), tax)
    rows.append(("**forbattra, default model**", rep_fb))
    print("## Held-out, zero-shot (no user labels)\n")
    print("| system | micro-F1 | macro-F1 | primary theme right |\n|---|---|---|---|")
    for name, rep in rows:
        print(f"| {name} | {fmt(rep)} | {rep['primary_accuracy']:.1%} |")
    print("\n### Per theme (F1)\n")
    print("| theme | keyword filter | plain scikit-learn | forbattra | support |\n|---|---|---|---|---|")
    for t in tax.ids:
        print(f"| {t} | {rep_kw['per_theme'][t]['f1']:.3f} | {rep_sk['per_theme'][t]['f1']:.3f} | "
              f"{rep_fb['per_theme'][t]['f1']:.3f} | {rep_fb['per_theme'][t]['support']} |")
    print("\nMost common confusions of forbattra (gold primary → predicted primary): "
          + ", ".join(f"{c['gold']}→{c['predicted']} ({c['count']})" for c in rep_fb["confusions"][:6]))

    if not args.quick:
        print("\n## Unseen sector: leave one sector out\n")
        print("Trained on corpus/dev without the sector; tested on the sector's held-out rows. '+200' adds 200 "
              "labelled dev examples of that sector; '200 only' trains on those 200 alone.\n")
        print("| sector | test rows | without sector | + 200 of sector | 200 only |\n|---|---|---|---|---|")
        dev_sector = dev["sektor"].replace({"halsa": "aldreomsorg", "kultur_fritid": "arbetsmarknad"})
        held_sector = held["sektor"].replace({"halsa": "aldreomsorg", "kultur_fritid": "arbetsmarknad"})
        for sector in sorted(dev_sector.unique()):
            mask = (dev_sector != sector).to_numpy()
            test_mask = (held_sector == sector).to_numpy()
            if test_mask.sum() < 30:
                continue
            test_texts = list(held["text"][test_mask])
            test_labels = [held_labels[i] for i in np.flatnonzero(test_mask)]
            tr_texts = list(dev["text"][mask])
            tr_labels = [dev_labels[i] for i in np.flatnonzero(mask)]
            own = np.flatnonzero(~mask)
            rng = np.random.default_rng(0)
            pick = rng.choice(own, size=min(200, len(own)), replace=False)
            r1 = evaluate(test_labels, predict(forbattra_fit(tr_texts, tr_labels, tax, analyzer), test_texts), tax)
            r2 = evaluate(test_labels, predict(forbattra_fit(tr_texts + [dev["text"][i] for i in pick],
                                                             tr_labels + [dev_labels[i] for i in pick], tax, analyzer),
                                               test_texts), tax)
            r3 = evaluate(test_labels, predict(forbattra_fit([dev["text"][i] for i in pick],
                                                             [dev_labels[i] for i in pick], tax, analyzer), test_texts), tax)
            print(f"| {sector} | {len(test_texts)} | {r1['micro_f1']:.3f} | {r2['micro_f1']:.3f} | {r3['micro_f1']:.3f} |")

        print("\n## Learning curve (held-out micro-F1 against training size)\n")
        print("| training rows | plain scikit-learn | forbattra |\n|---|---|---|")
        order = np.random.default_rng(1).permutation(len(dev))
        for n in (100, 300, 1000, 2000, len(dev)):
            idx = order[:n]
            tt, tl = [dev["text"][i] for i in idx], [dev_labels[i] for i in idx]
            a = evaluate(held_labels, plain_sklearn(tt, tl, list(held["text"]), themes), tax)
            b = evaluate(held_labels, predict(forbattra_fit(tt, tl, tax, analyzer), held["text"]), tax)
            print(f"| {n} | {a['micro_f1']:.3f} | {b['micro_f1']:.3f} |")

    riksdag = ROOT.parent / "shared" / "data" / "riksdag_interpellations_sv.csv"
    if riksdag.exists():
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import f1_score
        from sklearn.model_selection import train_test_split

        rd = pd.read_csv(riksdag, dtype=str, keep_default_na=False)
        tr, te = train_test_split(rd, train_size=2000, test_size=1000, random_state=0, stratify=rd["label"])
        labels = sorted(rd["label"].unique())
        user_tax = Taxonomy(name="riksdag", themes=tuple(Theme(id=l, label=l) for l in labels) + (Theme(id="ovrigt", label="Övrigt"),))
        vec = TfidfVectorizer()
        base = LogisticRegression(max_iter=2000).fit(vec.fit_transform(tr["text"]), tr["label"])
        sk_pred = base.predict(vec.transform(te["text"]))
        clf = forbattra_fit(list(tr["text"]), [[l] for l in tr["label"]], user_tax, analyzer)
        fb_pred = [r.themes[0] if r.themes[0] != "ovrigt" else max(r.scores, key=r.scores.get) for r in clf.classify(list(te["text"]))]
        # forbattra's primary theme is its single-label answer; when it says ovrigt, take the best-scoring theme
        model = clf.model
        X = model.transform([__import__("forbattra.scoring.classifier", fromlist=["features"]).features(analyzer.analyze(t), clf.matcher.match(analyzer.analyze(t))) for t in te["text"]])
        P = model.predict_proba(X)
        fb_argmax = [model.themes_[j] for j in P.argmax(axis=1)]
        print("\n## Riksdag interpellations (out of domain, user taxonomy of 13 policy areas)\n")
        print("Fixed split: 2,000 train / 1,000 test, stratified, random_state=0.\n")
        print("| system | macro-F1 | accuracy |\n|---|---|---|")
        for name, pred in (("plain scikit-learn TF-IDF + LogisticRegression", sk_pred),
                           ("forbattra train (primary theme)", fb_pred), ("forbattra train (top score)", fb_argmax)):
            print(f"| {name} | {f1_score(te['label'], pred, average='macro'):.3f} | "
                  f"{np.mean(np.array(pred) == te['label'].to_numpy()):.3f} |")
    print(f"\nTotal benchmark time {time.perf_counter() - t0:.0f} s. Command: `python benchmarks/bench_accuracy.py`")


if __name__ == "__main__":
    main()
