"""Start-up and speed plumbing (issue 14): the allocator tuning, what a small run imports, threaded training."""

import subprocess
import sys

import pytest
from samples import TEXTS

from forbattra.cli import tune_allocator



@pytest.mark.parametrize("var", ["FORBATTRA_MALLOC", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES"])
def test_allocator_left_alone_when_the_user_sets_it(monkeypatch, var):
    monkeypatch.setenv(var, "default" if var == "FORBATTRA_MALLOC" else "2")
    assert tune_allocator() is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_allocator_tuned_on_linux(monkeypatch):
    import ctypes
    import os

    for k in [k for k in os.environ if k.startswith("MALLOC_") or k in ("GLIBC_TUNABLES", "FORBATTRA_MALLOC")]:
        monkeypatch.delenv(k)

    if not hasattr(ctypes.CDLL(None), "mallopt"):
        pytest.skip("not glibc")
    assert tune_allocator() is True


def test_small_classification_does_not_import_scikit_learn():
    """Classifying with the shipped model is a sparse product and a sigmoid: scikit-learn (≈ 1-4 s to
    import) is for training only."""
    code = ("import sys; from forbattra.scoring.pipeline import build_classifier; "
            "r = build_classifier('standard').classify(['Vi behöver fler vikarier på helgerna']); "
            "print(r[0].themes[0], 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["personal", "False"]


def test_threaded_training_is_reproducible():
    """The fold fits run in threads: the model and its thresholds must not depend on their order."""
    from forbattra.scoring.classifier import LexiconMatcher, ThemeModel
    from forbattra.scoring.model import featurize, train
    from forbattra.scoring.text import Analyzer
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy("standard")
    texts = [f"{t} {w}" for w in ("", "nu", "igen", "alltid") for theme, ts in TEXTS.items() for t in ts]
    labels = [[theme] for _w in range(4) for theme, ts in TEXTS.items() for _t in ts]
    a, b = train(texts, labels, tax), train(texts, labels, tax)
    assert (a.model.coef_ == b.model.coef_).all() and a.model.thresholds_ == b.model.thresholds_
    assert a.metrics == b.metrics
    analyzer = Analyzer()
    docs = featurize(texts, (analyzer, LexiconMatcher(tax, analyzer)))
    serial = ThemeModel().fit(docs, labels, tax.content_ids)  # the final model, fitted outside the pool
    assert (serial.coef_ == a.model.coef_).all()
