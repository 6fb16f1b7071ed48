import json

import pytest
from samples import TEXTS

from forbattra.cli import app
from forbattra.errors import ModelError
from forbattra.scoring.model import default_model_dir, load_model
from forbattra.taxonomy import load_taxonomy



@pytest.fixture
def labelled(tmp_path):
    p = tmp_path / "markt.csv"
    lines = ["text;teman"]
    for k in range(4):
        for theme, texts in TEXTS.items():
            for t in texts:
                lines.append(f"{t} {'nu' if k else ''}".strip() + f";{theme}")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_train_evaluate_and_classify_with_model(runner, labelled, tmp_path):
    model = tmp_path / "modell"
    r = runner.invoke(app, ["train", str(labelled), "--label-column", "teman", "--out", str(model)])
    assert r.exit_code == 0, r.stderr
    assert "korsvaliderad mikro-F1" in r.stderr
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    assert meta["taxonomy"] == "standard" and meta["training_size"] == 72
    assert meta["built_on"] == "standard"  # a built-in taxonomy builds on the shipped model by default
    # the user is told whether the labels changed the shipped model or it was kept as it is
    kept = meta["metrics"]["C"] == 0.0
    said = ("modellen är den medföljande, oförändrad" in r.stderr
            or ("vikter" in r.stderr and "oförändrade" in r.stderr))  # (one-theme labels: the weights kept)
    assert said is kept
    assert {"forbattra_version", "taxonomy_hash", "metrics", "trained_at"} <= set(meta)
    # weights are plain arrays: loadable without pickle
    import numpy as np

    with np.load(model / "weights.npz", allow_pickle=False) as w:
        assert w["coef"].shape[0] == 10
    r = runner.invoke(app, ["evaluate", str(labelled), "--model", str(model), "--json"])
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["micro_f1"] > 0.8 and set(rep["per_theme"]) >= {"personal", "lokaler", "it"}
    assert isinstance(rep["confusions"], list)
    # the printed table: Swedish by default, English with --lang en
    sv = runner.invoke(app, ["evaluate", str(labelled), "--model", str(model)])
    en = runner.invoke(app, ["evaluate", str(labelled), "--model", str(model), "--lang", "en"])
    assert sv.exit_code == en.exit_code == 0
    assert "mikro-F1" in sv.stdout and "Per tema" in sv.stdout and "rätt huvudtema" in sv.stdout
    assert "micro-F1" in en.stdout and "Per theme" in en.stdout and "primary theme right" in en.stdout


def test_model_for_other_taxonomy_is_refused(runner, labelled, tmp_path, data_dir):
    model = tmp_path / "modell"
    assert runner.invoke(app, ["train", str(labelled), "--no-base", "--out", str(model)]).exit_code == 0
    with pytest.raises(ModelError, match="trained for taxonomy 'standard'"):
        load_model(model, load_taxonomy(str(data_dir / "taxonomy_small.yaml")))
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model),
                            "--taxonomy", str(data_dir / "taxonomy_small.yaml")])
    assert r.exit_code == 5 and "tränades för taxonomin 'standard'" in r.stderr


def test_unknown_label_is_an_input_error(runner, tmp_path):
    p = tmp_path / "fel.csv"
    p.write_text("text;teman\nhej hej hej;lokaler|banan\n", encoding="utf-8")
    r = runner.invoke(app, ["train", str(p), "--taxonomy", "standard", "--out", str(tmp_path / "m")])
    # the row Excel shows: header on row 1, the first suggestion on row 2
    assert r.exit_code == 3 and "okända teman 'banan' (rad 2)" in r.stderr
    assert not (tmp_path / "m").exists()


def test_corrections_stick(runner, labelled, tmp_path, data_dir):
    """A user fixes a theme in the Excel output; after train --corrections the fix survives re-runs."""
    import openpyxl

    model = tmp_path / "modell"
    assert runner.invoke(app, ["train", str(labelled), "--no-base", "--out", str(model)]).exit_code == 0
    out = tmp_path / "resultat.xlsx"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    head = [c.value for c in ws[1]]
    fix_col = head.index("Rättat tema") + 1
    ws.cell(row=4, column=fix_col, value="Ledning, styrning och delaktighet|samverkan")  # label or id both work
    edited = tmp_path / "rattad.xlsx"
    wb.save(edited)
    model2 = tmp_path / "modell2"
    r = runner.invoke(app, ["train", str(labelled), "--no-base", "--corrections", str(edited), "--out", str(model2)])
    assert r.exit_code == 0, r.stderr
    assert "1 rättad rad" in r.stderr
    res = tmp_path / "igen.jsonl"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model2), "-o", str(res)])
    assert r.exit_code == 0, r.stderr
    objs = [json.loads(l) for l in res.read_text(encoding="utf-8").splitlines()]
    assert objs[2]["themes"] == ["ledning", "samverkan"]
    assert objs[2]["evidence"]["ledning"] == ["manuellt rättad"]


def test_model_from_another_version_is_refused(runner, labelled, tmp_path, data_dir):
    model = tmp_path / "modell"
    assert runner.invoke(app, ["train", str(labelled), "--no-base", "--out", str(model)]).exit_code == 0
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta["forbattra_version"] = "0.0.9"
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model)])
    assert r.exit_code == 5 and "gjordes med forbattra 0.0.9" in r.stderr


def test_damaged_model_is_one_line(runner, tmp_path, data_dir):
    model = tmp_path / "trasig"
    model.mkdir()
    (model / "model.json").write_text("{not json", encoding="utf-8")
    (model / "weights.npz").write_bytes(b"garbage")
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model)])
    assert r.exit_code == 5 and "damaged" in r.stderr and "Traceback" not in r.stderr


def test_labels_on_top_of_the_shipped_model_keep_its_decision_rule(runner, tmp_path):
    """Few multi-label rows on top of `standard`: the shipped rule (its learnt gate, or its thresholds, floor
    and secondary share: whichever its calibration chose) is kept, so the result decides as
    the shipped model does rather than by a rule tuned on a handful of rows (issue 11)."""
    shipped, _, _ = load_model(default_model_dir("standard"))
    p = tmp_path / "flera.csv"
    rows = ["text;teman"]
    for k in range(3):
        for (a, b) in [("personal", "lokaler"), ("it", "personal"), ("lokaler", "it")]:
            for t1, t2 in zip(TEXTS[a], TEXTS[b], strict=True):
                rows.append(f"{t1} och {t2.lower()}{' nu' * k};{a}|{b}")
        for theme, texts in TEXTS.items():
            rows.extend(f"{t}{' nu' * k};{theme}" for t in texts)
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "m"
    r = runner.invoke(app, ["train", str(p), "--label-column", "teman", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    model, meta, _ = load_model(out)
    assert meta["single_label"] is False
    assert model.gate_ == shipped.gate_
    assert (model.thresholds_, model.floor_, model.relative_) == (shipped.thresholds_, shipped.floor_, shipped.relative_)


def test_min_rows_drops_features_of_one_row_whatever_its_weight():
    # a realistic row weighs 3, so its one-row features pass min_df = 2; min_rows=2 asks for two rows
    from forbattra.scoring.classifier import ThemeModel

    docs = [["w:a", "w:solo", "x:it"], ["w:a"], ["w:b"], ["w:b"]]
    w = [3.0, 1.0, 1.0, 1.0]
    kept = set(ThemeModel().fit_vocabulary(docs, w).vocabulary_)
    pruned = set(ThemeModel(min_rows=2).fit_vocabulary(docs, w).vocabulary_)
    assert "w:solo" in kept and "w:solo" not in pruned
    assert {"w:a", "w:b", "x:it"} <= pruned  # lexicon features are exempt, as from min_df


def test_min_rows_kinds_prunes_only_the_named_feature_kinds():
    # the shipped recipe: a function-word bigram (s:) needs two distinct rows, other features do not
    from forbattra.scoring.classifier import ThemeModel
    from forbattra.scoring.training import SHIPPED_MIN_ROWS, SHIPPED_MIN_ROWS_KINDS

    docs = [["w:solo", "s:inte_fungerar", "s:mer_tid", "x:it"], ["s:mer_tid"], ["w:b"], ["w:b"]]
    w = [3.0, 1.0, 1.0, 1.0]
    vocab = set(ThemeModel(min_rows=SHIPPED_MIN_ROWS, min_rows_kinds=SHIPPED_MIN_ROWS_KINDS)
                .fit_vocabulary(docs, w).vocabulary_)
    assert vocab == {"w:solo", "s:mer_tid", "x:it", "w:b"}


def test_a_corrected_thanks_is_a_suggestion_and_evidence_follows_the_language(runner, labelled, tmp_path):
    """A person gave a theme to "Tack för …": the row is a suggestion now (status ok), and the
    evidence of a corrected row is in the output's language."""
    src = tmp_path / "t.csv"
    src.write_text("id;text\n1;Tack för nya arbetskläderna!\n2;Fler vikarier på helgerna\n", encoding="utf-8")
    first = tmp_path / "a.csv"
    assert runner.invoke(app, ["classify", str(src), "-o", str(first)]).exit_code == 0
    rows = first.read_text(encoding="utf-8-sig").splitlines()
    rows[1] = rows[1] + "lokaler"  # the last column is Rättat tema
    first.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    model = tmp_path / "m"
    r = runner.invoke(app, ["train", str(labelled), "--no-base", "--corrections", str(first), "--out", str(model)])
    assert r.exit_code == 0, r.stderr
    for lang, why in (("sv", "manuellt rättad"), ("en", "corrected by hand")):
        out = tmp_path / f"o_{lang}.jsonl"
        assert runner.invoke(app, ["classify", str(src), "--model", str(model), "--lang", lang, "-o", str(out)]).exit_code == 0
        obj = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert obj["themes"] == ["lokaler"] and obj["status"] == "ok" and obj["evidence"] == {"lokaler": [why]}


def test_too_few_labels_is_an_input_error(runner, tmp_path):
    p = tmp_path / "få.csv"
    p.write_text("text;teman\n" + "".join(f"Fler vikarier {i};personal\n" for i in range(10)), encoding="utf-8")
    r = runner.invoke(app, ["train", str(p), "--no-base", "--out", str(tmp_path / "m")])
    assert r.exit_code == 3 and "minst 20 märkta förslag" in r.stderr


@pytest.mark.parametrize("extra", [[], ["--no-base"], ["--lang", "en"]])
def test_too_few_labels_names_the_file_and_what_to_do(runner, tmp_path, extra):
    """'det behövs minst 20 märkta förslag för att träna, men det finns 3' named neither the file nor its column,
    nor what to do about it."""
    p = tmp_path / "få.csv"
    p.write_text("Förslag;kategori\n" + "".join(f"Fler vikarier till sommaren {i};personal\n" for i in range(3)),
                 encoding="utf-8")
    r = runner.invoke(app, ["--quiet", "train", str(p), "-l", "kategori", *extra, "--out", str(tmp_path / "m")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip() == (
        f"Error: {p} ('kategori'): need at least 20 labelled suggestions to train, got 3; label more suggestions in "
        "the column (or add corrected ones with --corrections) and run again" if extra[:1] == ["--lang"] else
        f"Fel: {p} ('kategori'): det behövs minst 20 märkta förslag för att träna, men det finns 3; märk fler förslag "
        "i kolumnen (eller lägg till rättade förslag med --corrections) och kör igen")
    assert not (tmp_path / "m").exists()


def _kultur_model(runner, tmp_path):
    """An own taxonomy file (kultur.yaml), 30 labelled rows and a model trained on them: (yaml, file, rows, model)."""
    import pandas as pd

    yaml_text = ("name: kultur\nfallback: ovrigt\nthemes:\n"
                 "  - {id: oppettider, label: Öppettider, keywords: [öppet, kväll]}\n"
                 "  - {id: bokbuss, label: Bokbussen, keywords: [bokbuss]}\n"
                 "  - {id: ovrigt, label: Övrigt}\n")
    tax = tmp_path / "kultur.yaml"
    tax.write_text(yaml_text, encoding="utf-8")
    src = tmp_path / "m.csv"
    pd.DataFrame({"text": [f"Öppet längre på kvällen {i}" for i in range(15)] + [f"Bokbussen till byn {i}" for i in range(15)],
                  "teman": ["oppettider"] * 15 + ["bokbuss"] * 15}).to_csv(src, index=False)
    model = tmp_path / "m"
    assert runner.invoke(app, ["train", str(src), "--taxonomy", str(tax), "-o", str(model)]).exit_code == 0
    return yaml_text, tax, src, model


def test_a_taxonomy_edited_since_training_is_named_as_edited(runner, tmp_path):
    """The same taxonomy file with a keyword added: not 'trained for X, not for X' but what changed and the
    two ways out."""
    yaml_text, tax, src, model = _kultur_model(runner, tmp_path)
    tax.write_text(yaml_text.replace("[bokbuss]", "[bokbuss, mediabuss]"), encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", str(model), "-o",
                            str(tmp_path / "x.jsonl")])
    assert r.exit_code == 5 and "har ändrats sedan modellen tränades" in r.stderr and str(tax) in r.stderr, r.stderr


def test_english_labels_and_descriptions_added_since_training_keep_the_model(runner, tmp_path):
    """label_en: and description_en: added to one's own taxonomy after training (for --lang en) refused the model as
    'edited since it was trained' and sent the user to train again: no classifier reads the English wording, so the
    model applies, and the English run shows the new labels. A Swedish label or a keyword changed is still refused."""
    yaml_text, tax, src, model = _kultur_model(runner, tmp_path)
    english = (yaml_text.replace("label: Öppettider,", "label: Öppettider, label_en: Opening hours,")
               .replace("label: Bokbussen,", "label: Bokbussen, label_en: Mobile library, description_en: The bus,")
               .replace("label: Övrigt}", "label: Övrigt, label_en: Other}"))
    tax.write_text(english, encoding="utf-8")
    out = tmp_path / "x.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", str(model), "--lang", "en",
                            "-o", str(tmp_path / "x.xlsx"), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "Mobile library" in r.stdout and "Bokbussen" not in r.stdout
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[20])["themes"] == ["bokbuss"]
    for edited in (english.replace("label: Bokbussen,", "label: Bokbuss,"),
                   english.replace("[bokbuss]", "[bokbuss, mediabuss]")):
        tax.write_text(edited, encoding="utf-8")
        r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", str(model), "-o", str(out)])
        assert r.exit_code == 5 and "har ändrats sedan modellen tränades" in r.stderr, r.stderr


def test_cross_validated_macro_f1_counts_a_theme_predicted_but_never_labelled():
    """The macro-F1 ``train`` stores and prints is the one ``evaluate`` reports: a theme the cross-validation gives to
    rows none is labelled with counts with F1 0 (scikit-learn's macro average), and the mean is of unrounded F1s."""
    import numpy as np
    from sklearn.metrics import f1_score

    from forbattra.scoring.model import cv_metrics

    Y = np.array([[1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]])
    pred = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 1, 0, 0]], dtype=bool)
    m = cv_metrics(pred, Y, ["ekonomi", "lokaler", "it", "arbetsmiljo"], folds=2)
    # "arbetsmiljo", neither labelled nor predicted, is left out, as evaluate leaves it out
    expected = f1_score(Y, pred.astype(int), average="macro", labels=[0, 1, 2], zero_division=0)
    assert m["cv_macro_f1"] == round(expected, 4) == 0.5556
    assert m["cv_per_theme"]["it"] == {"f1": 0.0, "support": 0}


def test_a_model_folders_own_taxonomy_edited_since_training_says_to_train_again_with_it(runner, tmp_path):
    """A label (or id) renamed in the model folder's own taxonomy.yaml after training: classify --model DIR said to
    use "the model's own taxonomy (--model DIR without --taxonomy)" — what the user had done — or, for a renamed
    id, that the model files were damaged. Now one line naming the edited file and how to train with it."""
    import pandas as pd

    src = tmp_path / "m.csv"
    pd.DataFrame({"text": [f"Öppet längre på kvällen {i}" for i in range(15)] + [f"Bokbussen till byn {i}" for i in range(15)],
                  "kategori": ["Öppettider"] * 15 + ["Bokbussen"] * 15}).to_csv(src, index=False)
    model = tmp_path / "m"
    assert runner.invoke(app, ["train", str(src), "-l", "kategori", "-o", str(model)]).exit_code == 0
    own = model / "taxonomy.yaml"
    original = own.read_text(encoding="utf-8")
    args = ["classify", str(src), "--model", str(model), "-o", str(tmp_path / "x.jsonl")]
    for edited in (original.replace("label: Bokbussen", "label: Bokbuss och mediabuss"),
                   original.replace("id: bokbussen", "id: bokbuss")):
        assert edited != original
        own.write_text(edited, encoding="utf-8")
        for extra in ([], ["--taxonomy", str(own)]):
            r = runner.invoke(app, args + extra)
            assert r.exit_code == 5 and "Traceback" not in r.stderr, r.stderr
            assert f"{own} har ändrats sedan modellen tränades" in r.stderr, r.stderr
            assert "utan --taxonomy" not in r.stderr and "skadade" not in r.stderr, r.stderr
            assert f"--taxonomy {own}" in r.stderr, r.stderr
        assert not (tmp_path / "x.jsonl").exists()
    own.write_text(original.replace("label: Bokbussen", "label: Bokbuss och mediabuss"), encoding="utf-8")
    r = runner.invoke(app, ["train", str(src), "-l", "kategori", "--taxonomy", str(own), "-o", str(model)])
    assert r.exit_code == 0, r.stderr  # the way out the message gives: the labels' "Bokbussen" is still the id
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.stderr
    assert "Bokbuss och mediabuss" in (model / "taxonomy.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("inside", ["model.json", "weights.npz", "taxonomy.yaml"])
def test_a_file_inside_a_model_folder_is_that_folder(runner, tmp_path, data_dir, inside):
    """'--model modell/model.json' (the file picked in the folder) said 'not a forbattra model directory
    (model.json and weights.npz expected); create one with forbattra train' of a folder that has both."""
    shipped = default_model_dir("standard")
    outs = []
    for name, model in (("a.jsonl", shipped / inside), ("b.jsonl", shipped)):
        r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "--model", str(model),
                                "-o", str(tmp_path / name)])
        assert r.exit_code == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    assert load_model(shipped / inside)[2].hash() == load_model(shipped)[2].hash()


def test_a_mistyped_model_folder_is_said_to_be_missing_with_the_one_meant(runner, tmp_path, data_dir):
    """'--model egen_modell' for the folder 'egen-modell' train wrote said "ingen forbattra-modell (model.json och
    weights.npz saknas); skapa en med 'forbattra train'": the user who has the model was sent to train it again.
    A folder that is not there is said to be missing, with the model folder beside it it most likely means."""
    import shutil

    shutil.copytree(default_model_dir("standard"), tmp_path / "egen-modell")
    src, out = str(data_dir / "forslag_cp1252.csv"), tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", src, "--model", str(tmp_path / "egen_modell"), "-o", str(out)])
    assert r.exit_code == 5, r.stderr
    assert r.stderr == (f"Fel: {tmp_path / 'egen_modell'}: modellmappen finns inte; menade du "
                        f"'{tmp_path / 'egen-modell'}'?\n")
    r = runner.invoke(app, ["classify", src, "--model", str(tmp_path / "annat"), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 5, r.stderr
    assert r.stderr == (f"Error: {tmp_path / 'annat'}: the model folder does not exist; check the path (a model is "
                        "made with 'forbattra train')\n")
    assert not out.exists()
