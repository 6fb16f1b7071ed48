"""Inter-annotator agreement: the second labeller's labels (corpus/crosscheck/) against the first.

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
    print("\nCommand: `python benchmarks/bench_agreement.py`")


if __name__ == "__main__":
    main()
