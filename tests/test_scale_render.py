"""The workers' fast output rendering must give the bytes the plain JSON encoder gives (issue 14)."""

import datetime
import io
import math

import numpy as np
import pandas as pd
import pytest

from forbattra.outputs.writers import append_jsonl, dumps_line
from forbattra.record import DATE, EVIDENCE, GROUP, ID, PERSON, ROW, SCORES, STATUS, TEXT, THEMES

ROWS = [
    # ordinary rows
    ("7", "Vi behöver fler vikarier", "Enhet A", None, ["bemanning"], {"bemanning": 0.8123}, {"bemanning": ["vikarier"]},
     "ok", None),
    ("8", 'Citat "så här" och \\ bakstreck\nny rad\ttab \x01 ✓ 😀', None, "2024-01-02", ["arbetsmiljo", "ovrigt"],
     {"arbetsmiljo": 0.5, "ovrigt": 1.0}, {"arbetsmiljo": ["citat", "rad"], "ovrigt": []}, "ok", "Anna Andersson"),
    ("9", "", "Enhet \u2028B", None, ["ovrigt"], {"ovrigt": 1.0}, {"ovrigt": []}, "empty", ""),
    # unusual values: each must take the full encoder and still match it
    (12, "id som tal", None, None, ["ovrigt"], {"ovrigt": 1.0}, {"ovrigt": []}, "ok", None),
    (float("nan"), "saknat id", None, None, ["ovrigt"], {"ovrigt": 1.0}, {"ovrigt": []}, "ok", None),
    ("10", "datum som objekt", None, datetime.date(2024, 5, 6), ["ovrigt"], {"ovrigt": 1.0}, {"ovrigt": []}, "ok", None),
    ("11", "konstiga tal", None, None, ["a"], {"a": float("nan"), "b": math.inf}, {"a": ("x", "y")}, "ok", None),
    ("13", "numpy-tal", None, None, ("a",), {"a": np.float64(0.25), "b": 1}, {"a": ["z"]}, "ok", None),
    ("14", "en sträng som belägg", None, None, ["a"], {"a": 0.5}, {"a": "ord"}, "ok", None),
    ("15", "inga poäng", None, None, ["a"], None, None, "ok", None),
]


def _frame():
    cols = list(zip(*ROWS))
    return pd.DataFrame({ROW: np.arange(1, len(ROWS) + 1), ID: list(cols[0]), TEXT: list(cols[1]),
                         GROUP: list(cols[2]), DATE: list(cols[3]), THEMES: list(cols[4]), SCORES: list(cols[5]),
                         EVIDENCE: list(cols[6]), STATUS: list(cols[7]), PERSON: list(cols[8])}, dtype=object)


def _reference(frame, redact=None) -> str:
    out = []
    for i, r in enumerate(ROWS):
        id_, text, group, date, themes, scores, evidence, status, person = r
        person = person if isinstance(person, str) and person else None
        if redact:  # --redact masks every text field (ids and units too)
            id_ = redact(id_) if isinstance(id_, str) else id_
            group = redact(group) if isinstance(group, str) else group
        out.append(dumps_line({"row": i + 1, "id": id_, "text": redact(text) if redact else text, "group": group,
                               "date": date, "themes": list(themes), "scores": scores, "evidence": evidence,
                               "status": status, "person": redact(person) if redact and person else person}))
    return "".join(out)


def test_jsonl_lines_equal_the_json_encoder_byte_for_byte():
    frame = _frame()
    buf = io.StringIO()
    append_jsonl(frame, buf)
    assert buf.getvalue() == _reference(frame)
    assert buf.getvalue().count("\n") == len(ROWS)  # no row lost, the escaped newline stays escaped


def test_jsonl_lines_with_redaction_equal_the_json_encoder():
    frame = _frame()
    buf = io.StringIO()
    append_jsonl(frame, buf, redact=str.upper)
    assert buf.getvalue() == _reference(frame, redact=str.upper)
    assert "ANNA ANDERSSON" in buf.getvalue()


def test_csv_rows_written_column_by_column_equal_the_per_row_cells():
    """append_csv renders whole columns at once; every cell must be what safe_cell(_str(v)) gives per
    value, whatever the column holds (formula-like text, floats, ints, missing values, pyarrow strings)."""
    import csv

    from forbattra.outputs.writers import _str, append_csv, safe_cell

    table = pd.DataFrame({
        "text": ["=SUMMA(A1)", "+46 70", "-", "@x", "\tflik", "vanlig", "", "ny\nrad"],
        "tal": [0.5, 0.25, float("nan"), 1.0, 2.0, 0.125, 3.0, 0.999],
        "heltal": [1, 2, 3, 4, 5, 6, 7, 8],
        "blandat": ["a", None, 3, 0.5, "=b", float("nan"), "-0.25", True],
        "decimaltext": ["1234.5", "-0.25", "1.5 timmar", "2.3.1", "007", "", "x\n1.5", "3"],
    })
    table["pyarrow"] = pd.array(["=x", "y", None, "z", "-1", "w", "v", "u"], dtype="string[pyarrow]")
    for delimiter in (";", ","):
        point = "," if delimiter == ";" else "."
        got = io.StringIO(newline="")
        append_csv(table, got, delimiter=delimiter, header=True)
        want = io.StringIO(newline="")
        w = csv.writer(want, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow([safe_cell(str(h)) for h in table.columns])
        for rec in table.itertuples(index=False, name=None):
            w.writerow([safe_cell(_str(v, point)) for v in rec])
        assert got.getvalue() == want.getvalue()
        assert "'=SUMMA(A1)" in got.getvalue() and "'=x" in got.getvalue()


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|", "'", ".", "§", "€"])
@pytest.mark.parametrize("width", [1, 2, 5])
def test_csv_rows_joined_directly_equal_the_csv_writer(delimiter, width):
    """Rows are joined without csv.writer, the cells to quote, to give a decimal comma and to guard as a formula
    found by one scan of each column's characters: byte for byte what the writer gives, for cells holding every
    delimiter, quotes (inside, first, last, alone), CR, LF, spaces, decimals, characters past Latin-1 and
    nothing; also for a delimiter the scan cannot take (the guard's ``'``, past Latin-1: ``€``)."""
    import csv
    import random

    from forbattra.outputs.writers import _str, append_csv, safe_cell

    rng = random.Random(width)
    alphabet = ['a', 'ö', ' ', ';', ',', '\t', '|', '"', '\r', '\n', "'", 'x y', '""', '=', '-', '1.5', '.', '7',
                '§', '€', '–', '😀', '@']
    point = "," if delimiter == ";" else "."
    cells = [[''.join(rng.choice(alphabet) for _ in range(rng.randrange(0, 5))) for _ in range(width)]
             for _ in range(300)] + [[""] * width, ["plain"] * width]
    for rows in (cells, cells[-2:-1], []):
        table = pd.DataFrame(rows, columns=[f"c{j}" for j in range(width)], dtype=object)
        got = io.StringIO(newline="")
        append_csv(table, got, delimiter=delimiter, header=True)
        want = io.StringIO(newline="")
        w = csv.writer(want, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(list(table.columns))
        w.writerows([[safe_cell(_str(v, point)) for v in r] for r in rows])
        assert got.getvalue() == want.getvalue()


def test_ordinary_chunks_are_rendered_column_by_column_with_the_same_bytes(monkeypatch):
    """A chunk of plain values takes the column-wise rendering (no per-row line function at all) and
    gives the JSON encoder's bytes; one unusual value sends the whole chunk down the per-row path."""
    import forbattra.outputs.writers as writers

    ordinary = _frame().iloc[:3].reset_index(drop=True)
    lines = [line + "\n" for line in _reference(_frame()).split("\n")[:-1]]  # not splitlines: U+2028
    want = "".join(lines[:3])

    def boom(*a, **k):
        raise AssertionError("the per-row path was taken")

    monkeypatch.setattr(writers, "_jsonl_line", boom)
    buf = io.StringIO()
    append_jsonl(ordinary, buf)
    assert buf.getvalue() == want
    monkeypatch.undo()
    unusual = _frame().iloc[:4].reset_index(drop=True)  # row 4 has a numeric id
    assert writers._jsonl_columns(unusual) is None
    buf = io.StringIO()
    append_jsonl(unusual, buf)
    assert buf.getvalue() == "".join(lines[:4])


def test_jsonl_from_pairs_equals_the_per_row_dicts_byte_for_byte():
    # seventh round: a lone .jsonl output of a stream chunk is rendered from (row, theme) pairs, without
    # a dict per row; it must be the general path's bytes: several themes, empty rows, no-suggestion
    # answers, quotes and control characters, a person, a missing group
    from forbattra.scoring.pipeline import build_classifier, classify_frame
    from forbattra.workflow import chunk_status, chunk_themes, serialise_chunk

    clf = build_classifier("standard")
    texts = ["Vi behöver fler vikarier på helgerna. Dessutom måste vi få nya datorer, de gamla är för långsamma.",
             "", "Vet inte", 'Citat "så här" \\ \x01 ny\nrad 😀 –', "   ", "Fler vikarier!", "x\x00y"]
    n = len(texts)
    part = pd.DataFrame({ROW: list(range(2, n + 2)), ID: [f"F-{i}" for i in range(n)], TEXT: texts,
                         GROUP: ["A", None, "B", "C", "A", "\u2028", "B"], DATE: [None] * n,
                         PERSON: ["Anna", None, "", "Bo", None, None, None]}, dtype=object)
    part[ROW] = part[ROW].astype(int)
    blobs, themes, apart = serialise_chunk(part, clf, {}, ("jsonl",), "sv", ";", True)
    ref = classify_frame(part, clf, jobs=1)
    buf = io.StringIO()
    append_jsonl(ref, buf)
    assert blobs == [buf.getvalue().encode("utf-8")]
    themes = chunk_themes(themes)
    assert themes == [tuple(ts) for ts in ref[THEMES]] and apart == ([1, 4], [2])  # "", "   "; "Vet inte"
    assert chunk_status(apart, n) == list(ref[STATUS])
    assert any(len(t) > 1 for t in themes)  # a row with several themes was really rendered
    # a frame the column renderer refuses (a number as id) takes the general path, same bytes
    part[ID] = list(range(n))
    buf = io.StringIO()
    append_jsonl(classify_frame(part, clf, jobs=1), buf)
    assert serialise_chunk(part, clf, {}, ("jsonl",), "sv", ";", True)[0] == [buf.getvalue().encode("utf-8")]


def test_csv_from_pairs_equals_the_result_table_byte_for_byte():
    # the same for a .csv output: original columns (one named like an output column, a correction
    # column, a missing value, a formula-like cell), several themes, evidence for some themes only
    from forbattra.outputs.writers import append_csv, result_table
    from forbattra.scoring.pipeline import build_classifier, classify_frame
    from forbattra.workflow import serialise_chunk

    texts = ["Anställningsavtalen skickas på papper, inför digital signering och fler vikarier på helgerna",
             "", "Vet inte", "=SUMMA(A1) fler vikarier",
             # two asks (training, premises): two themes in both taxonomies
             "Vi vill ha en utbildning i lågaffektivt bemötande och dessutom bättre ventilation i personalrummet."]
    n = len(texts)
    for lang, delimiter, fix in (("sv", ";", "Rättat tema"), ("en", ",", "annat")):
        part = pd.DataFrame({"id": [str(i) for i in range(n)], "Tema": ["x", None, "+1", "y", "z"],
                             fix: ["", "it", None, "", ""], "text": texts,
                             ROW: list(range(2, n + 2)), ID: [str(i) for i in range(n)], TEXT: texts,
                             GROUP: ["A"] * n, DATE: [None] * n, PERSON: [None] * n}, dtype=object)
        part[ROW] = part[ROW].astype(int)
        for taxonomy in ("standard", "huset"):
            clf = build_classifier(taxonomy)
            ref = classify_frame(part, clf, jobs=1)
            buf = io.StringIO(newline="")
            append_csv(result_table(ref, clf.taxonomy, lang=lang), buf, delimiter=delimiter, header=True)
            blobs, _themes, _counts = serialise_chunk(part, clf, {}, ("csv", "jsonl"), lang, delimiter, True)
            assert blobs[0] == buf.getvalue().encode("utf-8")
            assert any(len(t) > 1 for t in ref[THEMES])


@pytest.mark.parametrize("per_row", [3, 14])
def test_chunk_themes_round_trip_the_pairs(per_row):
    # the worker sends each row's themes as (distinct tuples, int32 index per row); 14 themes per row
    # do not fit the 63-bit code and take the tuple path
    import random

    from forbattra.workflow import _combos_from_pairs, chunk_themes

    rnd = random.Random(per_row)
    names = [f"tema{i}" for i in range(15)] + ["övrigt", "Lön, park"]
    want, prow, ptheme = [], [], []
    for r in range(500):
        ts = rnd.sample(names, rnd.randint(1, per_row))
        want.append(tuple(ts))
        prow += [r] * len(ts)
        ptheme += ts
    got = chunk_themes(_combos_from_pairs(prow, ptheme, len(want)))
    assert got == want
    assert len(set(got)) < len(got) or per_row == 14  # rows share their tuple


@pytest.mark.parametrize("missing", [(DATE, PERSON), (GROUP, DATE, PERSON), (ID,)])
def test_jsonl_columns_that_hold_only_missing_values_render_as_null(missing):
    # plain rows, so the column-by-column rendering is used, with whole columns of None
    rows = ROWS[:2] * 3
    frame = pd.DataFrame({ROW: np.arange(1, len(rows) + 1), ID: [r[0] for r in rows], TEXT: [r[1] for r in rows],
                          GROUP: [r[2] for r in rows], DATE: [r[3] for r in rows], THEMES: [r[4] for r in rows],
                          SCORES: [r[5] for r in rows], EVIDENCE: [r[6] for r in rows], STATUS: [r[7] for r in rows],
                          PERSON: [r[8] for r in rows]}, dtype=object)
    for col in missing:
        frame[col] = [None] * len(rows)
    buf = io.StringIO()
    append_jsonl(frame, buf)
    want = "".join(dumps_line({"row": i + 1, **{k: (None if c in missing else v) for k, c, v in zip(
        ("id", "text", "group", "date"), (ID, TEXT, GROUP, DATE), r[:4])}, "themes": list(r[4]), "scores": r[5],
        "evidence": r[6], "status": r[7], "person": None if PERSON in missing else (r[8] or None)})
        for i, r in enumerate(rows))
    assert buf.getvalue() == want
