"""The fifth round's scorer (issue 14): feature counts from one sparse product, keyword-hit features and
evidence from flat tables. Its scores must equal the per-row reference bit for bit, on real texts."""

from pathlib import Path

import numpy as np
import pytest

from forbattra.scoring.classifier import Featurizer, token_keys
from forbattra.scoring.pipeline import build_classifier

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list:
    from forbattra.inputs import load

    texts = [t for f in ("forslag.csv", "markt.csv") for t in load(ROOT / "sample_data" / f)[0].frame["_text"]]
    # repeated words and hits (counts above one), numbers, empty rows, a phrase keyword
    return texts + ["Rutiner rutiner RUTINER för rutiner, lokala rutiner", "2024 12 12", "", None,
                    "Vikarier vikarier och fler vikarier på helgerna; bemanning bemanning",
                    # two-word keywords (the exact matcher) whole, split over the text, and one word alone
                    "Tunga lyft ska göras med lift", "Lyft in fler tunga frågor", "Tunga väskor i hallen",
                    "Mer kollegialt lärande på APT", "Extern placering kostar", "placering av möbler",
                    # keywords matched word for word, small words and numbers included (twenty-ninth round)
                    "Vi behöver bättre IT-stöd och it-support, IT", "Skicka e-post och använd e-tjänster",
                    "Chefen ska säga upp sig, säga nej och följa upp", "Samverkan mellan enheter och andra enheter",
                    "Budget- och skuldrådgivning behövs", "Utbildningsplan för eleverna", "Logga in i 1177 varje dag"]


def _reference_scores(clf, texts):
    fz = Featurizer()
    occ = []
    for t in texts:
        if not isinstance(t, str) or not t.strip():
            occ.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
            continue
        a = clf.analyzer.analyze(t)
        occ.append(fz.doc_indices(a, clf.matcher.match(a), clf.model.vocabulary_, clf.analyzer))
    X, _parts = clf.model.encode(occ)
    return clf.model.predict_proba(X)


@pytest.mark.parametrize("hashed", [False, True])
@pytest.mark.parametrize("taxonomy", ["standard", "huset"])
def test_sparse_product_scores_equal_the_per_row_reference_bit_for_bit(taxonomy, hashed, monkeypatch):
    import forbattra.scoring.scorer as scorer

    monkeypatch.setattr(scorer, "SMALL_BATCH", 0)  # the sparse-product path, however few texts
    if hashed:  # bigram features found by the hash table, as in a big chunk
        monkeypatch.setattr(scorer._PairTable, "HASH_FROM", 0)
    clf = build_classifier(taxonomy)
    texts = _texts()
    got = clf.scorer.score(texts).scores
    assert got.shape == (len(texts), len(clf.model.themes_))
    assert np.array_equal(got, _reference_scores(clf, texts))
    # again with every token already in the tables (the cached token x feature matrix reused)
    assert np.array_equal(clf.scorer.score(texts[::-1]).scores, _reference_scores(clf, texts[::-1]))


def test_both_paths_give_the_same_results_and_evidence(monkeypatch):
    import forbattra.scoring.scorer as scorer

    clf = build_classifier("standard")
    texts = _texts()[:150]
    small = clf.classify_columns(texts)
    monkeypatch.setattr(scorer, "SMALL_BATCH", 0)
    assert clf.classify_columns(texts) == small
    assert any(len(ws) >= 2 for ev in small[2] for ws in ev.values())  # evidence was really compared


ODD = ["", "  ", None, float("nan"), "Hej_då–världen §3 ”citat” … x\u00a0y", "ǅemal Straße ΣΑΣ İstanbul",
       "a\u0301b e\u0301", "QQ q Q", "\ud800trasig", "tab\tny\nrad\x1c\x1dx", "٣٤ ²³ ½", "emoji😀ok",
       "under_streck__x", "-", "1234 56", "ﬁne ﬂöde", "\u2028sep\u2029", "3×4÷2 ªbc µm º", "❤️👍🏽 tack",
       "Ærø Øst þorn ðe ÿ"]


def test_whole_chunk_tokenizer_equals_text_by_text():
    # seventh round: one pass over the joined chunk gives exactly each text's [^\W_]+ pieces
    sc = build_classifier("standard").scorer
    texts = _texts() + ODD
    latin = [t for t in texts if isinstance(t, str) and all(c.isascii() or "\u00c0" <= c <= "\u00ff" for c in t)]
    assert len(latin) > 20  # a chunk with no character to replace (the common case) is compared too
    for batch in (texts, ODD, ODD[::-1], latin, ["x"], []):
        got, want = sc._tokenize(batch), sc._tokenize_each(batch)
        assert all(np.array_equal(g, w) for g, w in zip(got, want))
    assert sc._tokenize(["hej då", "då"])[1].tolist() == [0, 2, 3]
    # a text holding a NUL of its own (the joint) still gets its own pieces
    got = sc._tokenize(["a\x00b", "c"])
    assert [sc._strs[i] for i in got[0]] == ["a", "b", "c"] and got[1].tolist() == [0, 2, 3]


def test_pair_hash_table_finds_exactly_what_the_binary_search_finds(monkeypatch):
    from forbattra.scoring.scorer import _pair_table, _PairTable

    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(300)]
    names = {f"b:{words[a]}_{words[b]}" for a, b in rng.integers(0, 300, size=(5000, 2))}
    vocab = {name: i for i, name in enumerate(sorted(names))}
    table = _pair_table(vocab, "b:")
    a = rng.integers(-1, 300, size=20000)
    b = rng.integers(-1, 300, size=20000)
    ok = rng.random(20000) < 0.9
    monkeypatch.setattr(_PairTable, "HASH_FROM", 10**9)
    want = table.lookup(a, b, ok)
    monkeypatch.setattr(_PairTable, "HASH_FROM", 0)
    got = table.lookup(a, b, ok)
    assert 500 < len(want[0]) < ok.sum() / 2  # hits and misses both
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    # the probing was exercised: some features sit after their home slot
    home = table._slots(table._keys[table._keys >= 0])
    assert (home != np.flatnonzero(table._keys >= 0)).any()
    # every feature is found by its own pair
    idx = {w: i for w, i in table.index.items()}
    pa = np.array([idx[n[2:].split("_")[0]] for n in vocab])
    pb = np.array([idx[n[2:].split("_")[1]] for n in vocab])
    ids, at = table.lookup(pa, pb, np.ones(len(pa), dtype=bool))
    assert np.array_equal(at, np.arange(len(pa))) and np.array_equal(ids, np.array(list(vocab.values())))


def test_non_suggestion_status_only_where_the_plain_check_says_so():
    import re

    from forbattra.analysis.nonsuggestion import PRAISE_MAX_CHARS, is_nonsuggestion, praise_first_words
    from forbattra.scoring.pipeline import NONSUGGESTION_MAX_CHARS
    from forbattra.scoring.text import fold

    clf = build_classifier("standard")
    texts = ["Vet inte", "Inget att tillägga!", "INGET ATT TILLAGGA", "Tack, inga synpunkter just nu.", "-",
             "n/a", "N/A", "x", "123", "Bra som det är", "bra", "Bra men fler datorer behövs", "Inget",
             "Vet inte vad jag ska skriva men lokalerna är för små", "…", "tack för nu ✓",
             "inga förslag 2024", "inga förslag", "", None, "Inga synpunkter " * 6,
             # thanks only (longer than a phrase may be), and thanks that ask for something
             "TUSEN TACK för nya headseten!", "Bra att vi fick nya stolar i fikarummet. Tack!",
             "Tack för sommarfesten i juni på gården vid älven, det var väldigt uppskattat och riktigt roligt!",
             "Tack för sommarfesten i juni, det var väldigt uppskattat av både barn, föräldrar och personal!",
             "”Tack för en bra termin”", "Tack för mötet, men nästa gång vill vi ha det på förmiddagen.",
             "Tack Sara för att du tog upp ensamarbetet. Vi som undervisar sent är ensamma i huset.",
             "Allt funkar", "funkar bra som det är", "1. Tack för en bra termin", "Jätte-tack för hjälpen",
             "Tack för " + "en mycket bra och trevlig dag " * 20] + _texts()[:40]
    status = clf.classify_pairs(texts)[4]

    def limit(t):  # a text that starts as thanks do may be a longer non-suggestion
        first = re.findall(r"[^\W_]+", fold(t.casefold()))[:1]
        return PRAISE_MAX_CHARS if first and first[0] in praise_first_words() else NONSUGGESTION_MAX_CHARS

    want = ["empty" if not isinstance(t, str) or not t.strip() else
            "no_suggestion" if len(t) <= limit(t) and is_nonsuggestion(t) else None
            for t in texts]
    assert [s if s in ("empty", "no_suggestion") else None for s in status] == want
    assert want.count("no_suggestion") >= 16 and want.count(None) >= 45
    assert want[21:24] == ["no_suggestion"] * 3 and want[24] is None and want[26:28] == [None, None]


def test_a_prepared_scorer_scores_exactly_as_a_fresh_one(monkeypatch):
    # twelfth round: a streamed run analyses its first chunk's words before forking the workers, which
    # inherit the filled tables; what the tables already hold must never change a score or evidence
    import forbattra.scoring.scorer as scorer

    monkeypatch.setattr(scorer, "SMALL_BATCH", 0)
    monkeypatch.setattr(scorer._PairTable, "HASH_FROM", 0)
    texts = [t for t in _texts() if isinstance(t, str)]
    fresh = build_classifier("standard")
    prepared = build_classifier("standard")
    prepared.scorer.prepare(texts[::3] + ["ord som bara finns här", "Helt nya ordet"])
    assert prepared.scorer._bpairs._keys is not None and len(prepared.scorer._strs) > 100
    assert prepared.classify_columns(texts) == fresh.classify_columns(texts)


@pytest.mark.parametrize("taxonomy", ["standard", "huset"])
def test_phrase_texts_get_exactly_the_matchers_hits_in_its_order(taxonomy):
    # fourteenth round: a text holding a multi-word keyword or an exclusion phrase takes each word's
    # hits from the token table unless the word lies in such a span; hits, their order and the order
    # of the themes must be LexiconMatcher.match's (keyword-only scoring uses them as they are)
    clf = build_classifier(taxonomy, "none")
    texts = _texts() + [
        "Budget för skuldrådgivning och en budget till", "Skuldrådgivning, budget och ekonomiskt bistånd",
        "Handledning för handledare men ingen lokal handledning", "Lokala rutiner och lokaler, lokala rutiner",
        "Personligt ombud och personlig assistent och personlig hygien", "Lex Sarah, lex Maria och ny metod",
        "Tunga lyft tunga lyft och lyft tunga", "Ny metod för delat beslutsfattande med ny metod"]
    scored = clf.scorer.score(texts)
    slow = 0
    for t, got in zip(texts, scored._batch["hits"]):
        if not isinstance(t, str) or not t.strip():
            continue
        a = clf.analyzer.analyze(t)
        want = clf.matcher.match(a)
        assert [(k, v) for k, v in (got or {}).items()] == list(want.items()), t
        hits, blocked, covered = clf.matcher.phrase_hits(a.lemmas, token_keys(a), a.where)
        slow += bool(hits or blocked or covered)
    assert slow >= (10 if taxonomy == "standard" else 3)  # texts with a phrase or an exclusion really were compared


def test_evidence_for_many_pairs_equals_evidence_pair_by_pair():
    # every (row, theme) pair at once — many with no word to show — against one call per pair; each pair
    # without words gets its own empty list
    clf = build_classifier("standard")
    texts = _texts()[:40]
    scored = clf.scorer.score(texts)
    n, k = scored.scores.shape
    rows = np.repeat(np.arange(n), k)
    cols = np.tile(np.arange(k), n)
    together = clf.scorer.evidence(scored, rows, cols)
    one_by_one = [clf.scorer.evidence(scored, [r], [c])[0] for r, c in zip(rows.tolist(), cols.tolist())]
    assert together == one_by_one
    empty = [ws for ws in together if not ws]
    assert empty and any(together) and len({id(ws) for ws in empty}) == len(empty)


def test_unique_inverse_is_numpys_unique():
    from forbattra.scoring.scorer import _unique_inverse

    rng = np.random.default_rng(0)
    for n in (0, 1, 2, 7, 1_000, 50_000):
        a = rng.integers(0, max(n // 3, 1), n)
        u, inv = np.unique(a, return_inverse=True)
        u2, inv2 = _unique_inverse(a)
        assert np.array_equal(u, u2) and np.array_equal(inv.ravel(), inv2)


def test_a_keyword_holding_the_number_0_matches_only_0(tmp_path):
    # every number no keyword holds shares the table's id 0, which was read as the number "0": a
    # keyword "0-tolerans" then hit "5-tolerans" and "7 tolerans" in keyword-only classification,
    # though LexiconMatcher.match (and the docs: numbers match the word itself) gave no such hit
    tax = tmp_path / "t.yaml"
    tax.write_text("name: t\nthemes:\n"
                   "  - {id: hot, label: Hot, keywords: [0-tolerans, 24/7]}\n"
                   "  - {id: ovrigt, label: Övrigt}\n", encoding="utf-8")
    clf = build_classifier(tax, "none")
    texts = ["Vi har 5-tolerans mot hot", "0 tolerans och 7 tolerans", "Vi har 0-tolerans", "Öppet 24/7",
             "Öppet 24/0", "Öppet 0/7 och 24 7"]
    scored = clf.scorer.score(texts)
    for t, got in zip(texts, scored._batch["hits"]):
        want = clf.matcher.match(clf.analyzer.analyze(t))
        assert list((got or {}).items()) == list(want.items()), t
    assert [r.themes for r in clf.classify(texts)] == [["ovrigt"], ["hot"], ["hot"], ["hot"], ["ovrigt"], ["hot"]]
