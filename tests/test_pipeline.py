import pytest
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


def test_a_keyword_does_not_hit_a_piece_of_a_word_that_is_no_compound(tmp_path):
    # "skola" hit every undersköterska (under + sköter + ska, read "skola"), "ensam" every "gemensam", "ring"
    # every "planering"; the same keywords still hit real compounds
    _tax, _m, themes = _keyword_taxonomy(tmp_path, "  - {id: skola, label: Skola, keywords: [skola]}\n"
                                                   "  - {id: ensam, label: Ensamhet, keywords: [ensam]}\n"
                                                   "  - {id: telefon, label: Telefon, keywords: [ring]}\n")
    assert themes("Fler undersköterskor behövs") == []
    assert themes("Vi behöver en gemensam planering") == []
    assert themes("Grundskolan behöver fler lärare") == ["skola"]
    assert themes("Många äldre är ensamma") == ["ensam"]


def test_a_keyword_hits_a_compound_through_its_first_part_and_past_the_linking_s(tmp_path):
    # "förskola" missed "förskolepersonalen" (fors + kol + personal), "parkering" missed "parkeringsplatser"
    # (park + ring + plats), "enhet" missed "bemanningsenheten" (bemanning + senhet), "skola" missed
    # "skolgården" (skol + gård), "gata" missed "gatubelysningen"
    _tax, _m, themes = _keyword_taxonomy(tmp_path, "  - {id: forskola, label: Förskola, keywords: [förskola]}\n"
                                                   "  - {id: parkering, label: Parkering, keywords: [parkering]}\n"
                                                   "  - {id: enhet, label: Enheter, keywords: [enhet]}\n"
                                                   "  - {id: skola, label: Skola, keywords: [skola]}\n"
                                                   "  - {id: gata, label: Gator, keywords: [gata]}\n"
                                                   "  - {id: ring, label: Ringar, keywords: [ring]}\n")
    assert themes("Förskolepersonalen behöver mer planeringstid") == ["forskola"]
    assert themes("Fler parkeringsplatser vid entrén") == ["parkering"]
    assert themes("Bemanningsenheten svarar aldrig") == ["enhet"]
    assert themes("Skolgården är trasig") == ["skola"]
    assert themes("Gatubelysningen är trasig") == ["gata"]


def _keyword_taxonomy(tmp_path, themes_yaml: str):
    """A taxonomy file of ``themes_yaml`` (+ Övrigt), its matcher and a text's matched theme ids, sorted."""
    tax = tmp_path / "t.yaml"
    tax.write_text("name: t\nthemes:\n" + themes_yaml + "  - {id: ovrigt, label: Övrigt}\n", encoding="utf-8")
    a = Analyzer()
    m = LexiconMatcher(load_taxonomy(tax), a)
    return tax, m, lambda text: sorted(m.match(a.analyze(text)))


def test_keywords_with_small_words_hyphens_or_numbers_match_word_for_word(tmp_path):
    # twenty-ninth round: a keyword holding a word the analyser drops (a stop word, a single letter, a
    # number) lost that word ("IT-stöd" hit every "stöd", "e-post" every "post", "säga upp" every
    # "säga") or never matched at all ("it", "1177")
    tax, m, themes = _keyword_taxonomy(tmp_path, "  - {id: it, label: IT, keywords: [IT-stöd, e-post, '1177', it]}\n"
                                       "  - {id: personal, label: Personal, keywords: [säga upp], exclude: [inte säga upp]}\n")
    a = m.analyzer

    assert themes("Vi behöver bättre IT-stöd") == ["it"]
    assert themes("it-stödet är för dåligt") == ["it"]  # the content word inflected, case and hyphen as typed
    assert themes("Mer stöd från chefen") == []
    assert themes("Skicka e-post i tid") == ["it"] and themes("Posa inte") == []
    assert themes("Läs e-posten") == ["it"]  # "post" and "posten" are one word (it read as "pösa")
    assert themes("Ring 1177 oftare") == ["it"] and themes("Ring 1178 oftare") == []
    assert themes("IT fungerar dåligt") == ["it"]
    assert themes("Chefen kan säga upp folk") == ["personal"] and themes("Svårt att säga nej") == []
    assert themes("Vi ska inte säga upp folk") == []  # the exclusion, small words included
    hit = m.match(a.analyze("Skicka e-post"))["it"][0]
    assert hit.show() == "e-post" and hit.at == 2  # credited to its content word
    # the same hits through the vectorised scorer, numbers kept apart only where a keyword holds them
    clf = build_classifier(tax)
    res = clf.classify(["Ring 1177 oftare", "Ring 1178 oftare", "Vi behöver bättre IT-stöd", "Mer stöd från chefen",
                        "IT fungerar dåligt, ring 1177"])
    assert ["it" in r.themes for r in res] == [True, False, True, False, True]
    assert res[0].evidence["it"][0] == "1177" and "IT-stöd" in res[2].evidence["it"]


def test_a_keyword_written_with_punctuation_or_quotes_is_shown_as_its_word(tmp_path):
    """A keyword typed with a full stop, a comma or quotes (keywords: ["lön.", "'schema,'", '"övertid"']) matched
    as its word but Motivering showed it as typed: "lön. (lon)", "'schema,' (schema)". It is shown as the same
    keyword without them; punctuation that is part of a keyword (C++, t.ex., e-post) stays."""
    texts = ["Höj lönen.", "Schemat är dåligt, fixa det", "För mycket övertid", "Ring 1177!", "Skicka e-post",
             "Lokalen är kall", "Kod i C++", "Vi kan t.ex. ses", "Chefen kan säga upp folk"]
    typed = ("[\"lön.\", \"'schema,'\", '\"övertid\"', \"'1177.'\", \"«e-post»\", \"(lokal)\", \"C++\", "
             "\"t.ex.\", \"“säga upp”!\"]")
    plain = "[lön, schema, övertid, '1177', e-post, lokal, C++, t.ex., säga upp]"
    results = []
    for name, keywords in (("typed", typed), ("plain", plain)):
        folder = tmp_path / name
        folder.mkdir()
        tax, _m, _themes = _keyword_taxonomy(folder, f"  - {{id: a, label: A, keywords: {keywords}}}\n")
        results.append([(r.themes, r.scores, r.evidence) for r in build_classifier(tax, "none").classify(texts)])
    assert results[0] == results[1]
    assert [ev["a"] for _t, _s, ev in results[0]] == [
        ["lön"], ["schema"], ["övertid"], ["1177"], ["e-post"], ["lokal"], ["C++"], ["t.ex."], ["säga upp"]]


def test_motivering_shows_a_keyword_as_written_and_a_compound_as_the_text_wrote_it(tmp_path):
    """Motivering showed a keyword hit with the word's folded lemma: "lön (lon)", "övertid (overtid)",
    "arbetsmiljö (arbetsmiljo)" — text a Swedish reader sees as misspelt. A keyword that matched its own
    word (in any form, typed with or without å/ä/ö) is shown alone; one that matched a part of a longer
    word shows that word as the text wrote it."""
    tax, _m, _themes = _keyword_taxonomy(tmp_path, "  - {id: a, label: A, keywords: [lön, arbetsmiljö, övertid]}\n")
    texts = ["Lönen är för låg", "Lonen ar for lag", "Bättre arbetsmiljö", "Fler lönesamtal och mindre övertidsarbete",
             "Sommarlönen är för låg"]
    for model in ("none", None):  # the per-text matcher and the scorer's token tables
        res = build_classifier(tax, model).classify(texts)
        assert [r.evidence["a"] for r in res] == [
            ["lön"], ["lön"], ["arbetsmiljö"], ["lön (lönesamtal)", "övertid (övertidsarbete)"],
            ["lön (sommarlönen)"]], model


def test_motivering_shows_a_keyword_once_per_compound_however_the_text_inflects_it(tmp_path):
    """Since Motivering shows the compound as written, each inflection of one compound was a hit of its own:
    "rum (samtalsrum), rum (samtalsrummen), rum (samtalsrummet)" for one word. Now once per word, as first
    written; two compounds stay two ("rum (samtalsrummet), rum (personalrummet)"), and the keyword's own word
    beside a compound of it stays ("övertid (övertidsarbetet), övertid")."""
    tax, _m, _themes = _keyword_taxonomy(tmp_path, "  - {id: a, label: A, keywords: [rum, övertid]}\n")
    texts = ["Fler samtalsrum, samtalsrummen räcker inte och samtalsrummet är kallt",
             "Samtalsrummet och personalrummet är små, personalrummen likaså",
             "Övertidsarbetet måste minska, för mycket övertid och övertidsarbete"]
    for model in ("none", None):  # the scorer's evidence and the zero-shot Motivering
        res = build_classifier(tax, model).classify(texts)
        assert [[w for w in r.evidence["a"] if w.split(" ")[0] in ("rum", "övertid")] for r in res] == [
            ["rum (samtalsrum)"], ["rum (samtalsrummet)", "rum (personalrummet)"],
            ["övertid (övertidsarbetet)", "övertid"]], model


def test_an_exclusion_blocks_keywords_of_small_words_and_numbers_where_it_occurs(tmp_path):
    # an exclusion blocked only the content words inside it: a keyword made of small words or numbers
    # alone ("it", "1177") has none, so "it-avdelningen" or "inte 1177" never blocked it, and an
    # exclusion of small words alone ("inte för") blocked nothing
    tax, m, themes = _keyword_taxonomy(tmp_path, "  - {id: it, label: IT, keywords: [it, '1177'], exclude: [it-avdelningen, inte 1177]}\n"
                                       "  - {id: lokaler, label: Lokaler, keywords: [för trångt], exclude: [inte för]}\n")

    assert themes("Prata med IT-avdelningen om schemat") == []
    assert themes("Ring inte 1177 för allt") == []
    assert themes("Det är inte för trångt här") == []
    # elsewhere in the same text the keywords still count
    assert themes("IT-avdelningen svarar aldrig när it krånglar") == ["it"]
    assert themes("Ring 1177, inte 1177 för allt") == ["it"]
    assert themes("Det är för trångt") == ["lokaler"]
    # the vectorised scorer (keyword-only classification) gives the same
    texts = ["Prata med IT-avdelningen om schemat", "Ring inte 1177 för allt", "Det är inte för trångt här",
             "IT-avdelningen svarar aldrig när it krånglar", "Det är för trångt"]
    res = build_classifier(tax, "none").classify(texts)
    assert [r.themes for r in res] == [["ovrigt"], ["ovrigt"], ["ovrigt"], ["it"], ["lokaler"]]
    assert res[3].evidence["it"] == ["it"]


def test_a_keyword_of_small_words_inside_a_longer_keyword_of_its_theme_counts_once(tmp_path):
    # as "möte" does not count again inside "APT-möte", "it" did inside "IT-stöd": Motivering
    # "it, IT-stöd" and a higher keyword score than the one keyword the text holds
    tax = tmp_path / "t.yaml"
    tax.write_text("name: t\nthemes:\n"
                   "  - {id: it, label: IT, keywords: [it, IT-stöd, '1177', ring 1177]}\n"
                   "  - {id: lokaler, label: Lokaler, keywords: [möte, APT-möte, it]}\n"
                   "  - {id: ovrigt, label: Övrigt}\n", encoding="utf-8")
    a = Analyzer()
    m = LexiconMatcher(load_taxonomy(tax), a)

    def shown(text):
        return {t: [h.show() for h in hs] for t, hs in m.match(a.analyze(text)).items()}

    assert shown("APT-mötet") == {"lokaler": ["APT-möte"]}
    assert shown("Vi behöver bättre IT-stöd") == {"it": ["IT-stöd"], "lokaler": ["it"]}  # its theme only
    assert shown("Ring 1177") == {"it": ["ring 1177"]}
    assert shown("IT krånglar, bättre IT-stöd") == {"it": ["it", "IT-stöd"], "lokaler": ["it", "it"]}
    texts = ["Vi behöver bättre IT-stöd", "Ring 1177", "IT krånglar, bättre IT-stöd", "IT krånglar"]
    res = build_classifier(tax, "none").classify(texts)
    assert [r.evidence["it"] for r in res] == [["IT-stöd"], ["ring 1177"], ["it", "IT-stöd"], ["it"]]
    assert res[0].scores["it"] == res[1].scores["it"] > res[3].scores["it"]


def test_builtin_keywords_with_small_words_no_longer_hit_their_content_word_alone():
    m = LexiconMatcher(load_taxonomy("standard"), Analyzer())
    a = Analyzer()
    assert "it" not in m.match(a.analyze("Fler tjänster inom hemtjänsten"))  # "e-tjänst" is not "tjänst"
    assert "it" in m.match(a.analyze("Fler e-tjänster för invånarna"))
    assert "it" in m.match(a.analyze("IT krånglar varje morgon"))  # "it" is a stop word, still a keyword
    assert "personal" not in m.match(a.analyze("Svårt att säga ifrån"))
    assert "samverkan" not in m.match(a.analyze("Enheten behöver fler datorer"))  # "mellan enheter"


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


def test_motivering_shows_a_hyphenated_word_whole_and_a_verbatim_keyword_word():
    # the analyser reads "IT-stödet" as "it" + "stödet" and "e-postlistan" as "e" + "postlistan": Motivering
    # showed "postlistan", "e" and "stödet" (or nothing: "Bättre IT-stöd behövs" had an empty Motivering, its
    # keyword's credit on "it", a word the analyser drops)
    texts = ["IT-stödet fungerar dåligt och e-postlistan är inaktuell", "Bättre IT-stöd behövs",
             "Vi behöver bättre wifi-täckning i personalrummet"]
    res = build_classifier("standard").classify(texts)
    assert [r.themes[0] for r in res] == ["it", "it", "it"]
    ev = [r.evidence["it"] for r in res]
    assert "IT-stödet" in ev[0] and "e-postlistan" in ev[0]
    assert not {"e", "postlistan", "stödet", "it"} & set(ev[0])
    assert ev[1] == ["IT-stöd"]
    assert ev[2][0] == "wifi-täckning" and "täckning" not in ev[2]
    assert all(w in text for words, text in zip(ev, texts) for w in words if "-" in w)


def test_as_written_keeps_other_words_and_order():
    from forbattra.scoring.evidence import as_written

    assert as_written("Bra - men IT-stödet och it", ["it", "men", "stödet"]) == ["IT-stödet", "men"]
    assert as_written("inget bindestreck", ["ord"]) == ["ord"]
    assert as_written("IT krånglar, HR svarar inte om GDPR och Schemat", ["it", "hr", "gdpr", "schemat"]) == \
        ["IT", "HR", "GDPR", "schemat"]  # an abbreviation with its capitals, a capital first letter not
    assert as_written("Bra kvalitet men IT strular", ["it"]) == ["IT"]  # (not "it" of "kvalitet")
    assert as_written("SANDLÅDAN BEHÖVER NY SAND", ["ny", "sand"]) == ["ny", "sand"]
    assert as_written("SCHEMAT MÅSTE UT I TID, IT-STÖDET", ["schemat", "stödet"]) == ["schemat", "it-stödet"]
    assert as_written("naïve ßæø façade", ["façade"]) == ["façade"]
    assert as_written("a" * 20000 + "B " + "ord " * 5000, ["ord"]) == ["ord"]  # (linear: a 20,000-letter word)
    assert as_written(None, ["ord"]) == ["ord"]
    assert as_written("förskole- och skolverksamhet", ["förskole", "skolverksamhet"]) == \
        ["förskole", "skolverksamhet"]  # a hyphen before a space joins nothing


def test_fast_and_name_based_features_agree():
    clf = build_classifier("standard")
    texts = ["Fler vikarier!!", "lokalerna ar for sma", "Datorerna i Treserva-systemet är långsamma, 2026", ""]
    A = [clf.analyzer.analyze(t) for t in texts]
    H = [clf.matcher.match(a) for a in A]
    X1 = clf.model.transform([features(a, h) for a, h in zip(A, H)])
    fz = Featurizer()
    X2, _ = clf.model.encode([fz.doc_indices(a, h, clf.model.vocabulary_) for a, h in zip(A, H)])
    assert (X1 != X2).nnz == 0  # one tf-idf implementation: exactly equal


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


# -- the vectorised scorer against a per-row reference ------------------------------------------

VARIED = [
    "Det är alltid fullbokat när man ska boka samtalsrummet, samtalsrummet!",
    "Vi behöver lokala rutiner för överlämning mellan passen",
    "Fler vikarier!! 2026 Treserva-systemet och e-posten krånglar, 12345",
    "lokalerna ar for sma och ventilationen ar dalig",
    "Mer budget- och skuldrådgivning till invånarna",
    "Vikariebudgeten räcker inte och kompetensutvecklingsplanen saknas",
    "!!!", "", "   ", None, "och det är", "2026 2027",
    "Handledningen har försvunnit; ledningen lyssnar inte på medarbetarna i arbetsmiljöarbetet",
    "Nya kollegor får klara sig själva första veckorna utan introduktion",
]


def _reference(clf, texts):
    """The former per-row implementation: analyse, match, featurize, encode, decide, credit words."""
    import numpy as np

    import math

    from forbattra.scoring.classifier import Featurizer
    from forbattra.scoring.evidence import is_filler, is_filler_lemma

    fb = clf.taxonomy.fallback
    fz = Featurizer()
    out = []

    def old_decide(scores, floor=None, relative=0.0, gate=None):
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        top = ranked[0][1] if ranked else 0.0
        if gate is not None:  # the model's learnt gate, rank by rank (issue 11)
            def lg(p):
                p = min(max(p, 1e-6), 1 - 1e-6)
                return math.log(p / (1 - p))
            kept = []
            for (t, s), (a_, b_, c_, d_) in zip(ranked, gate):
                if a_ * lg(s) + b_ * (lg(s) - lg(top)) + c_ * lg(top) + d_ < 0 or s < clf.gate_minimum[t]:
                    break
                kept.append(t)
            return kept or [fb]
        chosen = [t for t, s in ranked if s >= clf.thresholds.get(t, 0.5) and s >= relative * top][:3]
        if not chosen and ranked and floor is not None and ranked[0][1] >= floor:
            chosen = [ranked[0][0]]
        return chosen or [fb]

    from forbattra.scoring.classifier import token_keys
    from forbattra.scoring.evidence import as_written

    # a dropped word that starts a keyword matched as written ("IT" of "IT-stöd") may be shown too
    verbatim = {seq[0] for seq, _t, _k in clf.matcher._surface if seq[0].startswith("=")}

    def top_words(credit, a, k=5):
        best = {}
        lemma_at = dict(zip(a.where, a.lemmas))  # a word is filler when its base form is ("veckorna": "vecka")
        keys = token_keys(a)
        for p in sorted({*a.where, *(i for i, key in enumerate(keys) if key in verbatim)}):
            if p < len(credit) and credit[p] > 0 and not is_filler(a.tokens[p]) \
                    and (p not in lemma_at or not is_filler_lemma(lemma_at[p], a.tokens[p])):
                best[a.tokens[p]] = best.get(a.tokens[p], 0.0) + float(credit[p])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return [w for w, v in ranked if v >= 0.2 * ranked[0][1]][:k] if ranked else []

    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    for t in texts:
        if not isinstance(t, str) or not t.strip():
            out.append(([fb], {fb: 1.0}, {fb: []}, "empty"))
            continue
        if is_nonsuggestion(t):  # a rule on the text, applied after scoring
            out.append(([fb], {fb: 1.0}, {fb: []}, "no_suggestion"))
            continue
        a = clf.analyzer.analyze(t)
        h = clf.matcher.match(a)
        if clf.model is None:
            scores = clf.matcher.scores(h)
            chosen = old_decide(scores)
            ev = {tid: list(dict.fromkeys(x.show() for x in hs)) for tid, hs in h.items()}  # each keyword once
        else:
            X, parts = clf.model.encode([fz.doc_indices(a, h, clf.model.vocabulary_, clf.analyzer)])
            P = clf.model.predict_proba(X)
            col = {tid: k for k, tid in enumerate(clf.model.themes_)}
            scores = {tid: float(P[0, col[tid]]) for tid in clf.themes}
            chosen = old_decide(scores, clf.floor, clf.model.relative_, clf.gate)
            ev = {tid: as_written(t, top_words(clf.model.word_credit(parts[0], col[tid]), a)) for tid in chosen
                  if tid != fb}
        if chosen == [fb]:
            out.append(([fb], {fb: round(1.0 - max(scores.values(), default=0.0), 4)}, {fb: []}, "ok"))
        else:
            out.append((chosen, {tid: round(scores[tid], 4) for tid in chosen}, {tid: ev.get(tid, []) for tid in chosen}, "ok"))
    assert np is not None
    return out


def test_vectorised_scorer_equals_the_per_row_reference():
    clf = build_classifier("standard")
    assert clf.scorer._phrases  # the texts above exercise the exact phrase path too
    got = [(r.themes, r.scores, r.evidence, r.status) for r in clf.classify(VARIED)]
    assert got == _reference(clf, VARIED)
    # and again, now that every token is in the scorer's tables
    assert [(r.themes, r.scores, r.evidence, r.status) for r in clf.classify(VARIED[::-1])] == _reference(clf, VARIED[::-1])


def test_function_word_bigrams_are_features_scored_like_the_reference():
    from forbattra.scoring.classifier import ThemeModel
    from forbattra.scoring.pipeline import Classifier

    tax = load_taxonomy("standard")
    an = Analyzer()
    a = an.analyze("Det fungerar inte, för lite tid i 2026 och 3 nya datorer")
    names = [n for n, _p in Featurizer.function_bigrams(a)]
    # a negation and a quantity kept with their word; two content words (lemma bigrams) and numbers never
    assert "s:fungerar_inte" in names and "s:för_lite" in names and "s:lite_tid" in names
    assert not any("2026" in n or "3" in n.split("_") for n in names) and "s:nya_datorer" not in names
    at = dict(Featurizer.function_bigrams(a))
    assert a.tokens[at["s:lite_tid"]] == "tid" and a.tokens[at["s:för_lite"]] == "lite"  # the content word, else the second
    assert set(names) <= set(features(a, {}))
    # a model that has such features scores (and credits evidence) exactly as the per-row reference
    texts = VARIED[:6] * 2 + ["Det fungerar inte med för lite tid", "för lite tid och inte fler vikarier",
                              "Datorn fungerar inte alls", "Vi har för lite tid för lokalerna"] * 3
    labels = [["it"] if "dator" in str(t).lower() or "system" in str(t).lower() else ["personal"]
              for t in texts]
    docs = [features(an.analyze(t or ""), {}) for t in texts]
    model = ThemeModel(C=4.0).fit(docs, labels, tax.content_ids)
    model.floor_, model.relative_ = 0.3, 0.5  # as training sets them
    assert any(f.startswith("s:") for f in model.vocabulary_)
    clf = Classifier(tax, model, analyzer=an)
    probe = VARIED + ["Det fungerar inte, för lite tid", "för lite tid för lite tid"]
    assert [(r.themes, r.scores, r.evidence, r.status) for r in clf.classify(probe)] == _reference(clf, probe)
    # the occurrences the scorer found (document, feature, credited position) are the reference's
    d, f, p = clf.scorer.score(probe)._batch["extra"][1]
    want = [(i, model.vocabulary_[n], pos) for i, t in enumerate(probe) if isinstance(t, str)
            for n, pos in Featurizer.function_bigrams(an.analyze(t)) if n in model.vocabulary_]
    assert list(zip(d.tolist(), f.tolist(), p.tolist())) == want and want


def test_lexicon_only_scorer_equals_the_per_row_reference():
    clf = build_classifier("standard", "none")
    got = [(r.themes, r.scores, r.evidence, r.status) for r in clf.classify(VARIED)]
    assert got == _reference(clf, VARIED)


def test_theme_scores_match_classification_scores():
    from forbattra.scoring.pipeline import theme_scores

    clf = build_classifier("standard")
    S = theme_scores(VARIED[:6], clf)
    assert S.shape == (6, len(clf.model.themes_))
    for row, r in zip(S, clf.classify(VARIED[:6])):
        for t, v in r.scores.items():
            if t in clf.model.themes_:
                assert round(float(row[clf.model.themes_.index(t)]), 4) == v


def test_one_decision_rule_for_training_and_classification():
    import numpy as np

    from forbattra.scoring.classifier import decide, decide_matrix
    from forbattra.scoring.model import _decide_matrix

    themes = ["b", "a", "d", "c", "e"]
    th = {"a": 0.5, "b": 0.4, "c": 0.6, "d": 0.3, "e": 0.5}
    rng = np.random.default_rng(3)
    P = np.round(rng.random((300, 5)), 1)  # coarse values: many ties
    for floor, rel in [(0.35, 0.0), (1.0, 0.6), (0.2, 0.8)]:
        pred = _decide_matrix(P, themes, th, floor, rel)
        for i in range(len(P)):
            row = decide(dict(zip(themes, P[i])), th, "ovrigt", floor=floor, relative=rel)
            assert {themes[j] for j in np.flatnonzero(pred[i])} == (set(row) - {"ovrigt"})
    # ties go to the theme id, at most three themes, best first
    assert decide({"b": 0.9, "a": 0.9, "c": 0.8, "d": 0.95}, {}, "ovrigt") == ["d", "a", "b"]
    assert decide({"a": 0.4}, {}, "ovrigt") == ["ovrigt"]
    assert decide({"a": 0.4}, {}, "ovrigt", floor=0.3) == ["a"]
    chosen, order = decide_matrix(np.array([[0.9, 0.5]]), [0.5, 0.5], relative=0.6)
    assert chosen.tolist() == [[True, False]] and order.tolist() == [[0, 1]]


def test_big_workbooks_are_written_in_constant_memory_with_the_same_cells(tmp_path, monkeypatch):
    import openpyxl

    import forbattra.outputs.writers as writers

    df = pd.DataFrame({"Förslag": ["x" * 70, "=1+1", "kort"], "Andel": [0.5, 0.25, 1.0], "n": [1, 2, 3]})
    writers.write_xlsx([("S", df)], tmp_path / "a.xlsx")
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 2)
    writers.write_xlsx([("S", df)], tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() != (tmp_path / "b.xlsx").read_bytes()  # inline strings
    a, b = (openpyxl.load_workbook(tmp_path / f)["S"] for f in ("a.xlsx", "b.xlsx"))
    assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
    assert b["A3"].value == "=1+1" and b["A3"].data_type == "s"
    assert a.column_dimensions["A"].width == b.column_dimensions["A"].width and b.freeze_panes == "A2"


@pytest.mark.parametrize("text", ["Mer svar", "Svar, tack!", "Svar nu", "Mer respondenter", "Fler personer"])
def test_count_words_without_a_number_are_suggestions(text):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert not is_nonsuggestion(text)


@pytest.mark.parametrize("text", ["Vet inte", "inget att tillägga", "Det är bra som det är", "test", "-", "Inga synpunkter.",
                                  "Inget förslag, allt bra", "Nä, inga förslag", "Vet inte. Bra som det är",
                                  "Inga förslag från mig", "Nope", "Ingenting", "Vet inte vad jag ska skriva här",
                                  # an export's total row
                                  "5", "Summa: 12 st", "Totalt 5 förslag", "2 svar", "Antal svarande: 14",
                                  "Medelvärde", "Genomsnitt 3,2", "Svarsfrekvens 45 %", "n=20"])
def test_non_suggestions_get_their_own_status_and_are_counted(text, tmp_path):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion
    from forbattra.cli import app
    from typer.testing import CliRunner
    import json

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Fler vikarier till sommaren behövs\n2;" + text + "\n3;\n", encoding="utf-8")
    assert is_nonsuggestion(text) and not is_nonsuggestion("Vi behöver 5 nya datorer")
    out = tmp_path / "o.jsonl"
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["status"] for x in rows] == ["ok", "no_suggestion", "empty"]  # counted, never dropped
    assert rows[1]["themes"] == ["ovrigt"]
    assert "klassificerade 1, tomma 1, inga förslag 1" in r.stderr


@pytest.mark.parametrize("text,expected", [
    ("Tack för en bra termin!", True),
    ("Tusen tack för nya headseten!", True),
    ("Bra att vi fick nya stolar i fikarummet. Tack!", True),
    ("Kul att vi fick nya arbetskläder", True),
    ("Tack för en bra upphandlingsdag i förra veckan. Inget förslag just nu.", True),
    ("Tack för utbildningsdagen i september, mycket bra", True),
    ("Tack för sommarfesten, det var väldigt uppskattat!", True),
    ("Allt funkar", True),
    ("funkar bra som det är", True),
    ("Fungerar bra som det är idag", True),
    ("Kan inte komma på något", True),
    ("Har inga förbättringsförslag i år", True),
    ("Se förra årets svar", True),
    ("Inget förslag, men vi behöver fler vikarier i sommar", False),
    # a review's cases: "X att" + infinitive, a request or complaint after a comma, dash, semicolon or line
    # break, "vore", "tack vare"
    ("Bra att införa flextid för alla", False),
    ("Kul att ha en personalfest i vår", False),
    ("Skönt att kunna parkera närmare entrén", False),
    ("Tack för enkäten, höj lönerna", False),
    ("Tack för enkäten höj lönerna", False),
    ("Bra att vi har friskvårdsbidrag, det är för lågt", False),
    ("Tack för nya schemat, helgerna är fortfarande för tunga", False),
    ("Toppen att vi fick ny kaffemaskin, dags att byta kylskåpet också", False),
    ("Tack för frågan, det vore bra med en extra parkering", False),
    ("Tack för bra samarbete\nKöp nya datorer", False),
    ("Tack för bra samarbete - byt ut de trasiga stolarna", False),
    ("Tack för nya datorerna; wifi på plan 3 är fortfarande dåligt", False),
    ("Tack vare underbemanning blir vi utbrända", False),
    ("Inget förslag på lösning, personalrummet är för trångt", False),
    ("Tack för nya datorn, den funkar dåligt", False),
    ("Tack för mötet, men nästa gång vill vi ha det på förmiddagen.", False),  # a request after the thanks
    ("Tack Sara för att du tog upp ensamarbetet. Vi som undervisar sent är ensamma.", False),  # a problem
    ("Fint att kommunen satsar på unga. Låt ungdomarna själva vara med och bestämma.", False),
    ("Tack för att ni tog in förslaget om digitala handlingar.", False),
    ("Bra om vi kunde få fler datorer", False),
    ("Tack för " + "en mycket bra och trevlig dag " * 8, False),  # over 40 words: read as a suggestion
    ("Arbetskläder borde ingå även för oss assistenter", False),
])
def test_thanks_only_answers_are_not_suggestions(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


def test_thanks_are_not_grouped_as_duplicates_or_given_a_theme(tmp_path):
    """The issue's own example: "Tack för nya arbetskläderna!" grouped with a request for work clothes."""
    from forbattra.analysis.duplicates import find_duplicates

    texts = ["Tack för nya arbetskläderna!", "Tack för nya arbetskläderna!", "Arbetskläder borde ingå även för oss assistenter",
             "Vi assistenter borde också få arbetskläder", "Fler vikarier till sommaren behövs"]
    frame = pd.DataFrame({"_row": range(1, 6), "_text": texts})
    d = find_duplicates(frame)
    assert d["duplicate_group"][0] is None and d["duplicate_group"][1] is None  # thanks twice is not a need
    clf = build_classifier("standard")
    themes, _scores, _ev, status = clf.classify_columns(texts)
    assert status[:2] == ["no_suggestion", "no_suggestion"] and themes[0] == ["ovrigt"]
    assert status[2] == "ok"


def test_thanks_rule_only_where_the_themes_are_the_built_in_ones(tmp_path):
    """With a user's own categories a thanks is classified like any answer: a category such as Beröm
    (common in Swedish feedback schemes) keeps it. A copy of a built-in taxonomy (as a model stores
    it) keeps the rule."""
    from importlib.resources import files as _files

    from forbattra.taxonomy import has_builtin_themes, load_taxonomy, parse_taxonomy

    own = tmp_path / "egna.yaml"
    own.write_text("name: egna\nfallback: annat\nthemes:\n"
                   "  - {id: berom, label: Beröm, keywords: [tack, beröm, bra att]}\n"
                   "  - {id: lokaler, label: Lokaler, keywords: [lokal, stolar, rum]}\n"
                   "  - {id: annat, label: Annat}\n", encoding="utf-8")
    texts = ["Tack för nya stolarna!", "Vet inte"]
    _t, _s, _e, status = build_classifier(str(own)).classify_columns(texts)
    assert status == ["ok", "no_suggestion"]  # "Vet inte" is never a category
    _t, _s, _e, status = build_classifier("standard").classify_columns(texts)
    assert status == ["no_suggestion", "no_suggestion"]
    from forbattra.analysis.duplicates import find_duplicates

    f = pd.DataFrame({"_row": [1, 2, 3], "_text": ["Tack för nya stolarna!"] * 3})
    assert list(find_duplicates(f)["duplicate_group"]) == [None, None, None]  # no proposal, no group
    assert list(find_duplicates(f, thanks=False)["duplicate_group"]) == [1, 1, 1]  # as any text, for Beröm
    copy = parse_taxonomy((_files("forbattra") / "taxonomies" / "huset.yaml").read_text(encoding="utf-8"),
                          source=str(tmp_path / "modell" / "taxonomy.yaml"))
    assert has_builtin_themes(copy) and has_builtin_themes(load_taxonomy("standard"))
    assert not has_builtin_themes(load_taxonomy(str(own)))


def test_thanks_rule_never_takes_a_suggestion_in_the_held_out_thanks_file():
    """corpus/thanks: 240 answers opening with a thanks, by a writer who never saw the rule; none that also
    asks for something (only_thanks = 0) may be taken for a thanks, and some pure thanks are found."""
    import csv
    from pathlib import Path

    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    path = Path(__file__).resolve().parents[1] / "corpus" / "thanks" / "answers.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    taken = [r for r in rows if is_nonsuggestion(r["text"])]
    assert len(rows) == 240 and [r["text"] for r in taken if r["only_thanks"] != "1"] == []
    assert len(taken) >= 20


@pytest.mark.parametrize("lang,texts", [("sv", ["ok", "inget förslag", "tom"]), ("en", ["ok", "no suggestion", "empty"])])
def test_status_column_is_in_the_users_language_and_reads_back(tmp_path, lang, texts):
    """The Status column of the .xlsx/.csv people read says "inget förslag" / "tom", not the codes; .jsonl
    keeps the codes; a report from the workbook reads them back as codes."""
    import csv
    import json

    import openpyxl
    from typer.testing import CliRunner

    from forbattra.cli import app
    from forbattra.outputs.report.data import load_classified
    from forbattra.outputs.writers import status_code

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Fler vikarier till sommaren behövs\n2;Tack för julbordet!\n3;\n", encoding="utf-8")
    outs = [tmp_path / "o.xlsx", tmp_path / "o.csv", tmp_path / "o.jsonl"]
    r = CliRunner().invoke(app, ["classify", str(src), "--lang", lang] + [a for o in outs for a in ("-o", str(o))])
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(outs[0], read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert [row[rows[0].index("Status")] for row in rows[1:]] == texts
    with open(outs[1], encoding="utf-8-sig", newline="") as fh:
        assert [row["Status"] for row in csv.DictReader(fh, delimiter=";")] == texts
    assert [json.loads(x)["status"] for x in outs[2].read_text(encoding="utf-8").splitlines()] == \
        ["ok", "no_suggestion", "empty"]
    assert [status_code(t) for t in texts + ["", None, "no_suggestion"]] == \
        ["ok", "no_suggestion", "empty", "ok", "ok", "no_suggestion"]
    for out in outs:  # a report reads any of them back as codes
        assert list(load_classified(out)["status"]) == ["ok", "no_suggestion", "empty"]


@pytest.mark.parametrize("text", ["Inga. Fler datorer i personalrummet", "Inget förslag just nu, men fler vikarier",
                                  "Bra, men fler datorer behövs"])
def test_a_request_after_a_no_suggestion_phrase_stays_a_suggestion(text):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert not is_nonsuggestion(text)


@pytest.mark.parametrize("text,expected", [
    # who answers and when say nothing: the answer is still "no proposal"
    ("Inga förslag från mig", True), ("inga förslag från mig denna gång", True), ("inget från mig", True),
    ("inget att tillagga fran mig", True), ("Nej, inget från min sida", True), ("Ingen kommentar från mig.", True),
    ("Har inget förslag denna gång", True), ("Har inga förslag den här gången", True),
    ("Inga synpunkter denna gång", True),
    # the same words around a need are a suggestion
    ("Inget stöd från min chef", False), ("Ingen hjälp från IT den här gången heller", False),
    ("Inga vikarier denna gång", False), ("Inget svar från mig på mejlen, de kommer inte fram", False),
])
def test_no_proposal_from_me_this_time_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    # "no question" and a one-word praise are no proposal (discover showed them as a cluster's examples)
    ("Ingen fråga, allt bra", True), ("Inga frågor", True), ("Jättebra!", True), ("Toppen, tack", True),
    ("Kanon!", True),
    # the same words about something are a suggestion
    ("Ingen fråga besvaras av HR", False), ("Inga frågor tas upp på APT", False), ("Jättebra om vi fick fler vikarier", False),
    ("Toppen om schemat kom i tid", False),
])
def test_no_question_and_a_one_word_praise_are_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("Tack för inget", False), ("Tack för inget!", False), ("tack för inga", False), ("Tack för ingenting.", False),
    ("Nej tack, inget", True), ("Tack, inget mer", True), ("Inget förslag, tack", True), ("Tack! Inget", True),
])
def test_thanks_for_nothing_is_a_complaint_not_a_no_suggestion(text, expected):
    """ "Tack för inget" is irony: with "tack" and "för" as filler it read as "inget" ("nothing to add")."""
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    # a colloquial "no", "nothing" or "I pass" is no proposal
    ("Nope", True), ("Nix", True), ("nada", True), ("Nä inget", True), ("Näe, inga förslag", True), ("Avstår", True),
    ("Vet inte, avstår", True), ("Ingenting", True), ("ingenting just nu", True), ("Ingenting att tillägga", True),
    ("Har ingenting att säga", True), ("inget speciellt", True), ("Inga särskilda synpunkter.", True),
    ("inget att lägga till", True), ("Inget att anmärka", True), ("Inget att klaga på", True), ("Ingen åsikt", True),
    ("Har ingen idé just nu", True), ("Ej relevant", True), ("Ej tillämpligt", True), ("Inte aktuellt", True),
    ("N.A.", True),
    # the same words with a need are a suggestion
    ("Ingenting fungerar på morgonen", False), ("Ingenting händer med våra förslag", False),
    ("Nix till fler möten", False), ("Nej till nedskärningar i hemtjänsten", False),
    ("Inget att klaga på utom lönen", False), ("Inte relevant med fler utbildningsdagar", False),
    ("Avstår från rasten för att hinna", False), ("Ingen idé att dokumentera två gånger", False),
])
def test_a_colloquial_no_or_nothing_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    # not knowing what to write is no proposal
    ("Vet inte vad jag ska skriva här.", True), ("vet inte va jag ska skriva", True), ("Vet ej vad jag ska skriva", True),
    ("vet inte vad jag ska svara", True), ("Vet inte riktigt", True), ("Vet inte riktigt vad jag ska skriva här", True),
    ("Vad ska jag skriva här?", True), ("Svårt att säga.", True),
    # not knowing what to do, whom to ask or how is a need
    ("Vet inte vem man ska fråga om IT-problem – gör en lista", False), ("Vet inte vart jag ska vända mig", False),
    ("Vet inte vad jag ska göra när larmet går", False), ("Vet inte riktigt hur man loggar in i Treserva", False),
    ("Svårt att säga nej till extrapass", False), ("Vad ska jag skriva i journalen när brukaren vägrar?", False),
])
def test_not_knowing_what_to_write_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    # finding it hard to say no (to extra shifts, to everyone's requests) is a need, whole or in a sentence
    ("Svårt att säga nej", False), ("Det är svårt att säga nej.", False), ("Jag tycker det är svårt att säga nej", False),
    ("svårt att säga ja eller nej till extrapass", False),
    # "svårt att säga" (hard to tell) beside a plain "no" is still no proposal
    ("Svårt att säga, nej.", True), ("Nej. Svårt att säga", True), ("Svårt att säga.", True),
])
def test_hard_to_say_no_is_a_need_not_hard_to_tell(text, expected):
    """ "Svårt att säga" (hard to tell) is no proposal, and "nej" is filler beside a phrase, so "Det är svårt att
    säga nej" (staff who cannot refuse extra shifts: a workload need) read as "svårt att säga" and was dropped."""
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


@pytest.mark.parametrize("text,expected", [
    # a pointer to another answer holds no proposal of its own
    ("se ovanstående", True), ("Samma som ovan", True), ("Se svar ovan", True), ("se föregående svar", True),
    ("se förra enkäten", True), ("samma som ifjol", True), ("Se mitt svar från förra året", True),
    ("Samma som förra gången.", True), ("samma svar som förra gången", True), ("Hänvisar till förra årets svar.", True),
    # a pointer beside a need, or "samma" and "se" in a request, is a suggestion
    ("nycklarna, samma som förra gången", False), ("Se över schemat", False), ("Samma lön för samma jobb", False),
    ("Samma problem med vikarier som förra året", False), ("Se ovan: fler vikarier i sommar", False),
])
def test_a_pointer_to_another_answer_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


def test_inflected_and_colloquial_filler_is_never_evidence():
    from forbattra.scoring.evidence import is_filler_lemma

    clf = build_classifier("standard")
    texts = ["Vi hinner int med introduktionen de första veckorna, nån måste ta hand om nya kollegor",
             "Det enda som behövdes var fler vikarier via bemanningspoolen per dag"]
    shown = {w for r in clf.classify(texts) for ws in r.evidence.values() for w in ws}
    assert shown and not shown & {"hinner", "int", "veckorna", "nån", "enda", "behövdes", "via", "per"}, shown
    assert is_filler_lemma("hinna") and is_filler_lemma("behova") and not is_filler_lemma("vikarie")


def test_words_that_fold_into_filler_stay_evidence():
    """'stöd' folds to 'stod' (a form of 'stå'), 'säker' is read as a form of 'sak', 'kall' of 'kalla',
    'ändra' folds to 'andra': content words, shown as evidence as before."""
    from forbattra.scoring.evidence import is_filler_lemma

    clf = build_classifier("standard")
    texts = ["Mer stöd till nyanställda undersköterskor under introduktionen",
             "Säker hantering av lösenord och säker e-post till vårdnadshavare",
             "Maten är kall när den kommer fram till avdelningen"]
    shown = {w for r in clf.classify(texts) for ws in r.evidence.values() for w in ws}
    assert {"stöd", "säker", "kall"} <= shown, shown
    assert not is_filler_lemma("stod", "stöd") and not is_filler_lemma("sak", "säker") and is_filler_lemma("hinna", "hinner")


@pytest.mark.parametrize("text,expected", [
    # staff who answer in English: "nothing" is no proposal in either language
    ("None", True), ("Nothing", True), ("No comments", True), ("No comment.", True), ("Nothing to add", True),
    ("Nothing more to add", True), ("No suggestions", True), ("No suggestions at the moment", True),
    ("Nothing at the moment", True), ("None at this time", True), ("I don't know", True), ("Dont know", True),
    ("Not sure", True), ("No idea", True), ("No", True), ("Nothing, thanks", True), ("Thank you", True),
    # the same words with a need are a suggestion
    ("None of the computers work", False), ("Nothing works in the kitchen", False), ("More staff please", False),
    ("No parking for staff at all", False), ("Not sure who to ask about IT problems", False),
])
def test_an_english_no_or_nothing_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected


def test_every_vocabulary_word_is_read_as_written():
    """YAML reads an unquoted no, yes, on or off as a boolean: the English answer 'No' became the phrase
    'false'. Every entry of data/vocabulary.yaml must reach the rules as the text written there."""
    from importlib import resources

    import yaml

    raw = yaml.safe_load((resources.files("forbattra") / "data" / "vocabulary.yaml").read_text(encoding="utf-8"))

    def entries(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from entries(v)
        elif isinstance(x, list):
            yield from x

    assert [e for e in entries(raw) if not isinstance(e, str)] == []


@pytest.mark.parametrize("text,expected", [
    # "not now" is no proposal
    ("Inte just nu", True), ("Nej inte i nuläget", True), ("Nej, inte för tillfället.", True), ("Inte alls", True),
    ("Nä, inte just nu", True),
    # "inte" inside a statement, or beside a need, is a suggestion
    ("Det är inte ok", False), ("Inte fler möten", False), ("Inte just nu, men fler vikarier i sommar", False),
    ("Vi har inte det", False), ("Nej till fler möten", False),
])
def test_not_now_is_no_suggestion(text, expected):
    from forbattra.analysis.nonsuggestion import is_nonsuggestion

    assert is_nonsuggestion(text) is expected
