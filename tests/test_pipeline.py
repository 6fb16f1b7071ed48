import json
from importlib.resources import files

import pandas as pd

from forbattra.scoring.classifier import Featurizer, LexiconMatcher, features
from forbattra.scoring.pipeline import build_classifier, classify_chunk, classify_frame, classify_texts
from forbattra.inputs.tables import read_suggestions
from forbattra.taxonomy import load_taxonomy
from forbattra.scoring.text import Analyzer, build_lexicon_data, write_lexicon


def test_shipped_lexicon_equals_a_fresh_build(tmp_path):
    write_lexicon(build_lexicon_data(), tmp_path)
    shipped = files("forbattra") / "data" / "lexicon_sv"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in shipped.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_lexicon_matches_compounds_folding_and_exclusions():
    m = LexiconMatcher(load_taxonomy("standard"), Analyzer())
    a = Analyzer()
    assert "lokaler" in m.match(a.analyze("Det är alltid fullbokat när man ska boka samtalsrummet"))
    assert "lokaler" in m.match(a.analyze("lokalerna ar for sma"))
    hits = m.match(a.analyze("Vi behöver lokala rutiner för överlämning"))
    assert "lokaler" not in hits and "arbetssatt" in hits
    hits = m.match(a.analyze("Mer budget- och skuldrådgivning till invånarna"))
    assert "ekonomi" not in hits and "brukare" in hits
    assert set(m.match(a.analyze("Vikariebudgeten räcker inte"))) >= {"ekonomi", "personal"}
    assert "ledning" not in m.match(a.analyze("Handledningen har försvunnit"))


def test_default_model_handles_indirect_phrasing():
    clf = build_classifier("standard")
    assert clf.model is not None
    res = clf.classify(["Det är alltid fullbokat när man ska boka samtalsrum",
                        "Nya kollegor får klara sig själva första veckorna"])
    assert res[0].themes[0] == "lokaler"
    assert res[1].themes[0] == "kompetens"
    for r in res:
        assert all(0 <= v <= 1 for v in r.scores.values())
        assert all(r.evidence[t] for t in r.themes)  # words that drove the score


def test_evidence_words_come_from_the_text():
    clf = build_classifier("standard")
    text = "Ventilationen i personalrummet fungerar inte och det är kallt på kontoret"
    (r,) = clf.classify([text])
    low = text.lower()
    for words in r.evidence.values():
        assert words and all(w in low for w in words)


def test_fast_and_name_based_features_agree():
    clf = build_classifier("standard")
    texts = ["Fler vikarier!!", "lokalerna ar for sma", "Datorerna i Treserva-systemet är långsamma, 2026", ""]
    A = [clf.analyzer.analyze(t) for t in texts]
    H = [clf.matcher.match(a) for a in A]
    X1 = clf.model.transform([features(a, h) for a, h in zip(A, H)])
    fz = Featurizer()
    X2, _ = clf.model.encode([fz.doc_indices(a, h, clf.model.vocabulary_) for a, h in zip(A, H)])
    assert abs(X1 - X2).max() < 1e-12


def test_parallel_gives_the_same_results():
    clf = build_classifier("standard")
    texts = [f"Förslag {i}: fler vikarier och större lokaler" if i % 2 else "Datorerna är för långsamma"
             for i in range(12_000)]
    one = classify_texts(texts, clf, jobs=1)
    two = classify_texts(texts, clf, jobs=2)
    assert [(r.themes, r.scores, r.evidence) for r in one] == [(r.themes, r.scores, r.evidence) for r in two]


def test_classify_chunk_is_a_pure_dataframe_function():
    df = pd.DataFrame({"id": [10, 11, 12], "text": ["Fler vikarier", None, "Personalrummet är för litet"]},
                      index=[5, 6, 7])
    out = classify_chunk(df, "text")
    assert list(out.index) == [5, 6, 7] and list(out["id"]) == [10, 11, 12]
    assert list(out["primary_theme"]) == ["personal", "ovrigt", "lokaler"]
    assert list(out["status"]) == ["ok", "empty", "ok"]
    assert json.loads(out["scores"].iloc[0])["personal"] > 0.5
    # map_partitions-style: chunk by chunk equals all at once
    big = pd.DataFrame({"text": ["Fler vikarier", "Datorerna är långsamma", "Bättre ventilation"] * 4})
    parts = pd.concat([classify_chunk(big.iloc[i:i + 5], "text") for i in range(0, len(big), 5)])
    assert parts.equals(classify_chunk(big, "text"))
    assert df.columns.tolist() == ["id", "text"]  # input untouched


def test_every_row_kept_in_order(data_dir):
    s = read_suggestions(data_dir / "forslag_cp1252.csv")
    out = classify_frame(s.frame, build_classifier("standard"))
    assert list(out["_row"]) == list(range(1, 9))
    assert out["themes"].map(len).min() >= 1 and out["themes"].map(len).max() <= 3
