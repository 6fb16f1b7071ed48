"""The workers' fast output rendering must give the bytes the plain JSON encoder gives (issue 14)."""

import datetime
import io
import math

import numpy as np
import pandas as pd

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
        "blandat": ["a", None, 3, 0.5, "=b", float("nan"), "c", True],
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
