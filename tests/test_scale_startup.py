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


def test_startup_settings_leave_the_users_choice_alone(monkeypatch):
    import gc

    from forbattra.cli import _GC_GEN0, tune_startup

    before = gc.get_threshold()
    try:
        monkeypatch.delenv("OPENBLAS_THREAD_TIMEOUT", raising=False)
        gc.set_threshold(700, 10, 10)
        tune_startup()
        assert os.environ["OPENBLAS_THREAD_TIMEOUT"] == "4"
        assert gc.get_threshold() == (_GC_GEN0, 10, 10)
        monkeypatch.setenv("OPENBLAS_THREAD_TIMEOUT", "20")
        gc.set_threshold(_GC_GEN0 * 2, 10, 10)  # a user's (or embedding program's) higher threshold is kept
        tune_startup()
        assert os.environ["OPENBLAS_THREAD_TIMEOUT"] == "20"
        assert gc.get_threshold() == (_GC_GEN0 * 2, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_entry_point_runs_a_small_classify_with_the_startup_settings(tmp_path):
    """The console script's own process: the settings are in force and the output is complete."""
    src = tmp_path / "in.csv"
    src.write_text("id;text\n1;Vi behöver fler vikarier på helgerna\n2;Bättre rutiner för inköp\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = ("import gc, os, sys; sys.argv = ['forbattra', 'classify', sys.argv[1], '-o', sys.argv[2], '-q']\n"
            "from forbattra.cli import main\n"
            "try:\n    main()\n"
            "except SystemExit as e:\n"
            "    print(e.code, gc.get_threshold()[0], os.environ['OPENBLAS_THREAD_TIMEOUT'], gc.get_freeze_count() > 0)")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_THREAD_TIMEOUT"}
    env["PYTHONPATH"] = str(Path(forbattra.__file__).parents[1])
    res = subprocess.run([sys.executable, "-c", code, str(src), str(out)], capture_output=True, text=True, env=env)
    assert res.stdout.split() == ["0", "50000", "4", "True"], res.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_a_vocabulary_entry_that_is_not_a_string_is_a_model_error(tmp_path):
    import json
    import shutil

    import pytest

    from forbattra.errors import ModelError
    from forbattra.scoring.model import default_model_dir, load_model

    d = tmp_path / "m"
    shutil.copytree(default_model_dir("standard"), d)
    meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
    ok, _meta, _tax = load_model(d)
    assert ok.vocabulary_ == {f: i for i, f in enumerate(meta["vocabulary"])}
    meta["vocabulary"][5] = 5
    (d / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        load_model(d)
    assert exc.value.exit_code == 5 and "vocabulary" in str(exc.value)
