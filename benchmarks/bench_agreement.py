"""Inter-annotator agreement: the second labeller's labels (corpus/crosscheck/) against the first, and
two independent labellings of the realistic held-out set corpus/heldout2/w3 (w3_labels.csv and
w3_labels_b.csv, both from the guide alone) with the shipped models scored against each.

    python benchmarks/bench_agreement.py
"""

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.evaluation import evaluate  # noqa: E402
from forbattra.scoring.model import encode_labels  # noqa: E402
from forbattra.taxonomy import load_taxonomy  # noqa: E402


def main() -> None:
    tax = load_taxonomy("standard")
    first = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False)
                       for k in ("dev", "heldout") for f in sorted((ROOT / "corpus" / k).glob("*.csv"))]).set_index("id")
    second = pd.read_csv(ROOT / "corpus/crosscheck/second_labeller.csv", dtype=str, keep_default_na=False)
    print("| rows | n | micro-F1 | macro-F1 | same primary theme |\n|---|---|---|---|---|")
    for name, mask in (("all", second["id"].notna()), ("dev", ~second["id"].str.startswith("heldout")),
                       ("held-out", second["id"].str.startswith("heldout"))):
        s = second[mask]
        rep = evaluate(encode_labels(list(first.loc[s["id"], "teman"]), tax), encode_labels(list(s["teman"]), tax), tax)
        print(f"| {name} | {len(s)} | {rep['micro_f1']:.3f} | {rep['macro_f1']:.3f} | {rep['primary_accuracy']:.1%} |")
    w3()
    print("\nCommand: `python benchmarks/bench_agreement.py`")


def w3() -> None:
    """Two labellers of corpus/heldout2/w3 against each other, and the shipped model against each: is
    the model's gap to 0.85 in the labels or in the model?"""
    from forbattra.scoring.pipeline import build_classifier

    d = ROOT / "corpus" / "heldout2"
    text = pd.read_csv(d / "w3.csv", dtype=str, keep_default_na=False)
    a = pd.read_csv(d / "w3_labels.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(d / "w3_labels_b.csv", dtype=str, keep_default_na=False)
    if not (list(a["id"]) == list(b["id"]) == list(text["id"])):
        raise SystemExit("w3 labels and texts are not in the same order")
    print("\n### corpus/heldout2/w3 (500 realistic suggestions), two independent labellers\n")
    print("Micro/macro-F1 over the content themes (the fallback left out, as in `bench_accuracy.py`).\n")
    print("| taxonomy | A vs B micro-F1 | macro-F1 | same primary | content themes/row A / B | model vs A | "
          "model vs B | model on the rows A and B label identically (n) |\n|---|---|---|---|---|---|---|---|")
    for name in ("standard", "huset"):
        tax = load_taxonomy(name)
        la, lb = encode_labels(list(a[name]), tax), encode_labels(list(b[name]), tax)
        pred = [r.themes for r in build_classifier(name).classify(list(text["text"]))]
        ab, ma, mb = scores(lb, la, tax), scores(pred, la, tax), scores(pred, lb, tax)
        same = [i for i in range(len(la)) if set(la[i]) == set(lb[i])]
        ms = scores([pred[i] for i in same], [la[i] for i in same], tax)
        prim = sum(x[:1] == y[:1] for x, y in zip(la, lb)) / len(la)
        print(f"| {name} | {ab['micro']:.3f} | {ab['macro']:.3f} | {prim:.1%} | "
              f"{scores(la, la, tax)['per_row']:.2f} / {ab['per_row']:.2f} | {ma['micro']:.3f} | "
              f"{mb['micro']:.3f} | {ms['micro']:.3f} ({len(same)}) |")


def scores(pred, gold, tax) -> dict:
    """Content-theme scores exactly as ``bench_accuracy.py`` computes them (one definition)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_accuracy import scores as content_scores

    return content_scores(pred, gold, tax)


if __name__ == "__main__":
    main()
