"""Start-up of a small run (issue 14, fourth round): no scipy for a few texts, numpy's huge-page hint off."""

import os
import subprocess
import sys
from pathlib import Path

from samples import TEXTS

import forbattra
import forbattra.scoring.scorer as scorer
from forbattra.cli import tune_allocator
from forbattra.scoring.pipeline import build_classifier


def test_small_batch_does_not_import_scipy():
    code = ("import sys; from forbattra.scoring.pipeline import build_classifier; "
            "r = build_classifier('standard').classify(['Vi behöver fler vikarier på helgerna']); "
            "print(r[0].themes[0], 'scipy' in sys.modules)")
    # the forbattra under test, wherever the working directory is (a relative PYTHONPATH would not follow)
    env = {**os.environ, "PYTHONPATH": str(Path(forbattra.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split()
    assert out == ["personal", "False"]


def test_small_batch_scores_equal_the_sparse_path_bit_for_bit(monkeypatch):
    import numpy as np

    clf = build_classifier("standard")
    texts = list(TEXTS) + ["", "Bra som det är", "Vi behöver fler vikarier på helgerna och bättre schema"]
    assert len(texts) <= scorer.SMALL_BATCH
    small = clf.scorer.score(texts).scores
    small_results = clf.classify_columns(texts)
    monkeypatch.setattr(scorer, "SMALL_BATCH", 0)  # the scipy path
    assert np.array_equal(clf.scorer.score(texts).scores, small)
    assert clf.classify_columns(texts) == small_results


def test_numpy_huge_page_hint_off_unless_the_user_chose(monkeypatch):
    for k in ("NUMPY_MADVISE_HUGEPAGE", "FORBATTRA_MALLOC"):
        monkeypatch.delenv(k, raising=False)
    tune_allocator()
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "0"
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    tune_allocator()
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "1"
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE")
    monkeypatch.setenv("FORBATTRA_MALLOC", "default")
    tune_allocator()
    assert "NUMPY_MADVISE_HUGEPAGE" not in os.environ
