"""Corrections typed into last run's output are never lost or moved to another suggestion: matched by
id and text (repeated ids and texts in order), by text when the export was renumbered, read back after
Excel re-saved the file, from every sheet with a correction column; otherwise the run is refused (exit 3)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from forbattra.cli import app

openpyxl = pytest.importorskip("openpyxl")
SAMPLE = Path(__file__).parents[1] / "sample_data" / "forslag.xlsx"


def run(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def fill(path: Path, values: dict[int, str], sheet: str | None = None, header_row: int = 1) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    k = [c.value for c in ws[header_row]].index("Rättat tema") + 1
    for row, v in values.items():
        ws.cell(row, k, v)
    wb.save(path)


def column(path: Path, text: str = "Förslag", sheet: str | None = None) -> list[tuple]:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    head = [c.value for c in ws[1]]
    return [(r[head.index(text)], r[head.index("Rättat tema")]) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_repeated_ids_keep_each_correction_on_its_own_suggestion(runner, tmp_path):
    src, out = tmp_path / "d.csv", tmp_path / "d.xlsx"
    src.write_text("id;Enhet;Förslag\nA1;Skolan;Bättre wifi i skolan\nA1;Förskolan;Fler vikarier på helger\n"
                   "A2;Skolan;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    fill(out, {2: "it", 3: "personal"})
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "behöll 2 rättelser" in r.stderr and "matchade på id och text" in r.stderr
    assert column(out) == [("Bättre wifi i skolan", "it"), ("Fler vikarier på helger", "personal"),
                           ("Större personalrum", None)]


def test_a_renumbered_export_keeps_the_correction_on_the_same_text(runner, tmp_path):
    first, second, out = tmp_path / "n1.csv", tmp_path / "n2.csv", tmp_path / "n.xlsx"
    first.write_text("Nr;Förslag\n1;Bättre wifi i skolan\n2;Större personalrum\n", encoding="utf-8")
    second.write_text("Nr;Förslag\n1;Nya stolar i matsalen\n2;Bättre wifi i skolan\n3;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", first, "-o", out).exit_code == 0
    fill(out, {3: "arbetsmiljo"})
    r = run(runner, "classify", second, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert column(out) == [("Nya stolar i matsalen", None), ("Bättre wifi i skolan", None),
                           ("Större personalrum", "arbetsmiljo")]


def test_a_correction_whose_suggestion_is_gone_is_refused_even_if_its_id_lives_on(runner, tmp_path):
    first, second, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "x.xlsx"
    first.write_text("id;Förslag\n1;Bättre wifi\n2;Större personalrum\n", encoding="utf-8")
    second.write_text("id;Förslag\n1;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", first, "-o", out).exit_code == 0
    fill(out, {2: "it"})
    before = out.read_bytes()
    r = run(runner, "classify", second, "-o", out)
    assert r.exit_code == 3 and "har 1 rättelse i kolumnen" in r.stderr and "(rad 2)" in r.stderr and "töm sedan kolumnen" in r.stderr
    assert out.read_bytes() == before


def test_identical_texts_without_ids_keep_their_order(runner, tmp_path):
    src, out = tmp_path / "e.csv", tmp_path / "e.xlsx"
    src.write_text("Enhet;Förslag\nA;Fler vikarier\nB;Fler vikarier\nC;Nya datorer\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    fill(out, {3: "arbetsmiljo"})
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    assert [fix for _, fix in column(out)] == [None, "arbetsmiljo", None]


@pytest.mark.parametrize("encoding,delimiter", [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", "\t")])
def test_a_csv_resaved_by_excel_keeps_its_corrections(runner, tmp_path, encoding, delimiter):
    src, out = tmp_path / "n.csv", tmp_path / "ut.csv"
    src.write_text("Nr;Förslag\n1;Bättre wifi i skolan\n2;Större personalrum för vården\n3;Mer handledning\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    k = rows[0].index("Rättat tema")
    rows[1][k], rows[2][k] = "it", "Lokaler och fysisk miljö"
    with out.open("w", encoding=encoding, newline="") as fh:  # "CSV (semikolonavgränsad)", "CSV UTF-8", ...
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    again = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert [row[k] for row in again[1:]] == ["it", "Lokaler och fysisk miljö", ""]


def test_formula_guarded_texts_in_a_csv_are_matched(runner, tmp_path):
    """The CSV writer puts ' before a text that starts with - + = @; matching reads it back without."""
    src, out = tmp_path / "noid.csv", tmp_path / "ut.csv"
    src.write_text("Enhet;Förslag\nA;-mer personal på helger\nB;+fler datorer till oss\nC;Vanlig text om lokaler\n",
                   encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    k = rows[0].index("Rättat tema")
    for row in rows[1:]:
        row[k] = "lokaler"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "behöll 3 rättelser" in r.stderr


def test_a_title_row_added_above_the_header_keeps_the_corrections(runner, tmp_path):
    src, out = tmp_path / "n.csv", tmp_path / "T.xlsx"
    src.write_text("Nr;Förslag\n1;Bättre wifi i skolan\n2;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    ws.insert_rows(1)
    ws.cell(1, 1, "Förbättringsförslag 2026 – granskade")
    ws.cell(3, [c.value for c in ws[2]].index("Rättat tema") + 1, "it")
    wb.save(out)
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    assert column(out) == [("Bättre wifi i skolan", "it"), ("Större personalrum", None)]


def test_an_unreadable_file_with_a_correction_column_is_refused_not_overwritten(runner, tmp_path):
    src, out = tmp_path / "n.csv", tmp_path / "ut.csv"
    src.write_text("Nr;Förslag\n1;Bättre wifi i skolan\n", encoding="utf-8")
    out.write_bytes("Nr|Förslag|Rättat tema\n1|Bättre wifi i skolan|it\n".encode("utf-8"))  # a delimiter Excel never uses
    before = out.read_bytes()
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 3 and "går inte att läsa tillbaka" in r.stderr
    assert out.read_bytes() == before


def test_another_export_onto_a_workbook_with_corrections_says_why_they_would_be_lost(runner, tmp_path):
    """The workbook is readable; its corrections stand beside none of the new input's columns."""
    out = tmp_path / "t.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0
    fill(out, {2: "Lokaler och fysisk miljö"})
    before = out.read_bytes()
    enk = tmp_path / "enk.csv"
    enk.write_text("Vad vill du förbättra?\nFler vikarier på helgerna behövs\nBättre wifi i hela huset\n", encoding="utf-8")
    r = run(runner, "classify", enk, "-o", out)
    assert r.exit_code == 3 and "inte den här indatans kolumner" in r.stderr and "läsa tillbaka" not in r.stderr
    assert out.read_bytes() == before


def test_review_rerun_keeps_the_corrections_of_its_sheet(runner, tmp_path):
    out = tmp_path / "att.xlsx"
    assert run(runner, "review", SAMPLE, "-o", out, "--n", "5").exit_code == 0
    fill(out, {2: "it", 3: "lokaler"}, sheet="Att granska")
    r = run(runner, "review", SAMPLE, "-o", out, "--n", "5")
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out, sheet="Att granska")] == ["it", "lokaler", None, None, None]
    # the same five suggestions: two corrected already, three to label (not "5 … att märka först")
    last = r.stderr.splitlines()[-1]
    assert last.startswith(f"Skrev {out}: 5 av ") and (
        " förslag att märka först (2 av dem rättade redan: 3 kvar att märka); fyll i 'Rättat tema'" in last), r.stderr
    r = run(runner, "review", SAMPLE, "-o", out, "--n", "5", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "5 of" in r.stderr and " suggestions to label first (2 of them corrected already: 3 left to label); " in r.stderr


def test_the_review_sheets_guesses_write_shares_as_every_other_swedish_sheet_does(runner, tmp_path):
    """'Modellens gissning' wrote "Lokaler och fysisk miljö (79%)" where the reports and sheets write "79 %";
    in English "79%". An older sheet's "79%" is still read back (its labels name the taxonomy it was made with)."""
    import re

    from forbattra.scoring.active import GUESS_LABEL

    openpyxl = pytest.importorskip("openpyxl")
    for lang, pattern in (("sv", r"^.+ \(\d+ %\) / .+ \(\d+ %\)$"), ("en", r"^.+ \(\d+%\) / .+ \(\d+%\)$")):
        out = tmp_path / f"att_{lang}.xlsx"
        assert run(runner, "review", SAMPLE, "-o", out, "--n", "5", "--lang", lang).exit_code == 0
        ws = openpyxl.load_workbook(out).worksheets[0]
        head = [c.value for c in ws[1]]
        guesses = [row[head.index("Modellens gissning" if lang == "sv" else "Model's guess")]
                   for row in ws.iter_rows(min_row=2, values_only=True)]
        assert len(guesses) == 5 and all(re.match(pattern, g) for g in guesses), guesses
    assert re.findall(GUESS_LABEL, "Lokaler och fysisk miljö (79%) / Övrigt (5%)") == ["Lokaler och fysisk miljö", "Övrigt"]
    assert re.findall(GUESS_LABEL, "Lokaler och fysisk miljö (79 %) / Övrigt (5 %)") == ["Lokaler och fysisk miljö", "Övrigt"]


def test_corrections_typed_into_the_review_sheet_are_carried_and_trained_on(runner, tmp_path):
    out = tmp_path / "cr.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--review", "25", "--no-duplicates").exit_code == 0
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens"]
    fill(out, {r: ids[r % 5] for r in range(2, 27)}, sheet="Att granska")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "Tränade på 25 förslag" in r.stderr
    review = column(out, sheet="Att granska")
    r = run(runner, "classify", SAMPLE, "-o", out, "--review", "25", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    kept = sorted(fix for _, fix in column(out, text="Beskriv ditt förslag") if fix)  # now on the Förslag sheet
    assert kept == sorted(fix for _, fix in review if fix) and len(kept) == 25


def test_a_rerun_asks_to_review_the_next_suggestions_not_those_corrected_already(runner, tmp_path):
    """The rows corrected in last run's Att granska (now on the Förslag sheet) or on the Förslag sheet are
    not offered again with an empty Rättat tema: the sheet holds the next ones to label."""
    out = tmp_path / "cr.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--review", "5", "--no-duplicates").exit_code == 0
    first = [t for t, _ in column(out, sheet="Att granska")]
    fill(out, {r: "it" for r in range(2, 7)}, sheet="Att granska")
    r = run(runner, "classify", SAMPLE, "-o", out, "--review", "5", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert "behöll 5 rättelser" in r.stderr
    again = column(out, sheet="Att granska")
    assert len(again) == 5 and not {t for t, _ in again} & set(first), (first, again)
    corrected = {" ".join(t.split()) for t, fix in column(out, text="Beskriv ditt förslag") if fix}
    assert corrected == {" ".join(t.split()) for t in first}


def test_corrections_in_a_review_sheet_moved_to_the_front_are_trained_on(runner, tmp_path):
    """The Att granska tab dragged before Förslag in Excel: train still reads its corrections."""
    out = tmp_path / "cr.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--review", "25", "--no-duplicates").exit_code == 0
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens"]
    fill(out, {r: ids[r % 5] for r in range(2, 27)}, sheet="Att granska")
    wb = openpyxl.load_workbook(out)
    wb.move_sheet("Att granska", offset=-wb.sheetnames.index("Att granska"))
    wb.save(out)
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert f"{out} (Att granska): 25 rättade rader" in r.stderr and "Tränade på 25 förslag" in r.stderr


def test_the_review_sheets_guesses_are_no_rival_text_column(runner, tmp_path):
    """Reading a review sheet back, 'Modellens gissning' is forbattra's own column: no note that it holds
    free text too, with advice to choose it with --text-column."""
    out = tmp_path / "att.xlsx"
    assert run(runner, "review", SAMPLE, "-o", out, "--n", "20").exit_code == 0
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens"]
    fill(out, {r: ids[r % 5] for r in range(2, 22)}, sheet="Att granska")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "Kolumner: text='Förslag', id='id'" in r.stderr and "också fritext" not in r.stderr, r.stderr


def test_labels_of_a_builtin_taxonomy_with_one_typo_are_an_error_not_a_new_taxonomy(runner, tmp_path):
    out = tmp_path / "t.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--no-duplicates").exit_code == 0
    vals = ["ekonomi", "Ekonomi och resurser", "it", "IT och digitala verktyg", "lokaler", "personal", "kompetens",
            "arbetsmiljo", "ledning", "samverkan"]
    fill(out, {r: vals[r % 10] for r in range(2, 32)} | {40: "Arbetsmiljo och halsa"})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3
    assert "'Arbetsmiljo och halsa'" in r.stderr and "rätta stavningen" in r.stderr
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("taxonomy", ["standard", "huset"])
def test_corrections_of_a_builtin_workbook_with_several_slips_are_refused_not_a_new_taxonomy(runner, tmp_path,
                                                                                              taxonomy):
    """A workbook classify sorted with a built-in taxonomy trains on that taxonomy's themes: three different
    slips among 30 corrections (ids and labels mixed) are refused naming their rows, not made categories."""
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    out = tmp_path / "t.xlsx"
    assert run(runner, "classify", SAMPLE, "--taxonomy", taxonomy, "-o", out, "--no-duplicates").exit_code == 0
    good = [v for t in tax.content_ids for v in (t, tax.label(t, "sv"))]
    fill(out, {r: good[r % len(good)] for r in range(2, 32)} | {33: "Utbildnig", 35: "parkera", 36: "Annat tema"})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3, r.stderr
    assert all(f"'{v}' (rad {n})" in r.stderr for v, n in (("Utbildnig", 33), ("parkera", 35), ("Annat tema", 36)))
    assert "rätta stavningen" in r.stderr and not (tmp_path / "m").exists()


def test_a_review_correction_on_a_repeated_text_is_carried_by_its_row(runner, tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "r.xlsx"
    texts = ["Vi behöver fler datorer i personalrummet", "Vi behöver fler datorer i personalrummet",
             "Bättre ventilation", "Fler vikarier på helgerna", "Nya stolar i matsalen", "Mer utbildning"]
    src.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--review", "6", "--no-duplicates").exit_code == 0
    review = column(out, sheet="Att granska")
    k = next(i for i, (t, _) in enumerate(review) if t == texts[0]) + 2
    fill(out, {k: "it"}, sheet="Att granska")
    r = run(runner, "classify", src, "-o", out, "--review", "6", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert sum(fix == "it" for _, fix in column(out)) == 1


def test_a_text_longer_than_an_excel_cell_keeps_its_correction(runner, tmp_path):
    src, out = tmp_path / "l.csv", tmp_path / "l.xlsx"
    long = "Vi behöver fler vikarier. " * 1700  # > 32,767 characters: cut in the workbook
    src.write_text(f"id;Förslag\n1;{long}\n2;Bättre ventilation\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "personal"})
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out)] == ["personal", None]


def test_with_redact_a_new_name_in_the_next_export_does_not_block_the_corrections(runner, tmp_path):
    first, second, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "m.xlsx"
    first.write_text("id;Namn;Förslag\n1;Anna Svensson;Fler vikarier\n2;Cia Ek;Möte med Olsson två gånger i veckan\n",
                     encoding="utf-8")
    second.write_text(first.read_text(encoding="utf-8") + "3;Per Olsson;Bättre stolar\n", encoding="utf-8")
    assert run(runner, "classify", first, "--redact", "--person-column", "Namn", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {3: "samverkan"})
    r = run(runner, "classify", second, "--redact", "--person-column", "Namn", "-o", out, "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out)] == [None, "samverkan", None]


def test_a_text_column_named_like_an_output_column_is_matched_under_its_kept_name(runner, tmp_path):
    src, out = tmp_path / "m.csv", tmp_path / "m.xlsx"
    src.write_text("id;Förslag;Motivering\n1;Fler vikarier;Det är tungt på helgerna\n2;Nya stolar;Ont i ryggen\n",
                   encoding="utf-8")
    args = ("classify", src, "-t", "Förslag", "-t", "Motivering", "-o", out, "--no-duplicates")
    assert run(runner, *args).exit_code == 0
    fill(out, {2: "personal"})
    r = run(runner, *args, "--model", "none")  # other evidence, same suggestions
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out)] == ["personal", None]


def _first_review_row(runner, tmp_path):
    """A workbook with an Att granska sheet, and the Förslag sheet's row (as Excel numbers it) of its first suggestion."""
    out = tmp_path / "c.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--review", "3", "--no-duplicates").exit_code == 0
    review_text = column(out, sheet="Att granska")[0][0]
    forslag = column(out, text="Beskriv ditt förslag")
    return out, next(i for i, (t, _) in enumerate(forslag)
                     if t and " ".join(t.split()) == " ".join(review_text.split())) + 2


def test_a_row_corrected_differently_in_two_sheets_keeps_the_forslag_one_and_says_so(runner, tmp_path):
    out, k = _first_review_row(runner, tmp_path)
    fill(out, {k: "it"})
    fill(out, {2: "lokaler"}, sheet="Att granska")
    r = run(runner, "classify", SAMPLE, "-o", out, "--review", "3", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr and "rättades också i ett annat blad" in r.stderr
    assert [fix for _, fix in column(out, text="Beskriv ditt förslag") if fix] == ["it"]


def test_a_row_corrected_alike_in_two_sheets_by_id_and_by_label_is_no_conflict(runner, tmp_path):
    """'kompetens|it' in the Förslag sheet and 'IT och digitala verktyg; Utbildning och kompetensutveckling' in
    Att granska name the same themes: no warning of another theme."""
    out, k = _first_review_row(runner, tmp_path)
    fill(out, {k: "kompetens|it"})
    fill(out, {2: "IT och digitala verktyg; utbildning  och kompetensutveckling."}, sheet="Att granska")
    r = run(runner, "classify", SAMPLE, "-o", out, "--review", "3", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr and "rättades också i ett annat blad" not in r.stderr, r.stderr
    assert [fix for _, fix in column(out, text="Beskriv ditt förslag") if fix] == ["kompetens|it"]


def test_rows_swapped_in_the_next_export_keep_their_review_corrections(runner, tmp_path):
    """Att granska names rows; with ids, a row and an id must both agree (A1 and C3 share a text)."""
    import pandas as pd

    texts = ["Mer personal behövs på helgerna", "Bättre ventilation", "Mer personal behövs på helgerna",
             "Nya stolar", "Fler datorer", "Mer utbildning"]
    ids = ["A1", "B2", "C3", "D4", "E5", "F6"]
    first, second, out = tmp_path / "in1.xlsx", tmp_path / "in2.xlsx", tmp_path / "t.xlsx"
    pd.DataFrame({"id": ids, "Förslag": texts}).to_excel(first, index=False)
    order = [2, 1, 0, 3, 4, 5]
    pd.DataFrame({"id": [ids[i] for i in order], "Förslag": [texts[i] for i in order]}).to_excel(second, index=False)
    assert run(runner, "classify", first, "-o", out, "--review", "6", "--no-duplicates").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Att granska"]
    head = [c.value for c in ws[1]]
    k = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, head.index("id") + 1).value == "A1")
    ws.cell(k, head.index("Rättat tema") + 1, "it")
    wb.save(out)
    r = run(runner, "classify", second, "-o", out, "--review", "6", "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    head = [c.value for c in ws[1]]
    fixed = {ws.cell(r, 1).value: ws.cell(r, head.index("Rättat tema") + 1).value for r in range(2, ws.max_row + 1)}
    assert fixed["A1"] == "it" and fixed["C3"] is None


def test_with_redact_a_name_gone_from_the_next_export_does_not_block_the_corrections(runner, tmp_path):
    first, second, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "m.xlsx"
    first.write_text("id;Namn;Förslag\n1;Anna Svensson;Fler vikarier\n2;Kalle Ek;Prata med Anna om schemat\n"
                     "3;Lisa Berg;Nya stolar\n", encoding="utf-8")
    second.write_text("id;Namn;Förslag\n2;Kalle Ek;Prata med Anna om schemat\n3;Lisa Berg;Nya stolar\n", encoding="utf-8")
    assert run(runner, "classify", first, "--redact", "--person-column", "Namn", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {3: "samverkan"})
    r = run(runner, "classify", second, "--redact", "--person-column", "Namn", "-o", out, "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out)] == ["samverkan", None]


def test_a_run_without_redact_keeps_the_corrections_of_a_masked_workbook(runner, tmp_path):
    """Last run masked (--redact), a correction was typed beside a row whose text held a phone number; this run
    does not mask: the row's id and its text, the phone number where "[telefon]" stood, are the same suggestion
    (it was refused, exit 3, as if the text had changed)."""
    src, out = tmp_path / "in.csv", tmp_path / "m.xlsx"
    src.write_text("id;enhet;förslag\n1;Hemtjänst Öster;Ring 070-123 45 67 om vikarier behövs till helgen\n"
                   "2;Hemtjänst Väster;Fler vikarier på helgerna behövs\n", encoding="utf-8")
    assert run(runner, "classify", src, "--redact", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "ekonomi"})
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    (first, fix), (_, other) = column(out, text="förslag")
    assert (fix, other) == ("ekonomi", None)
    assert "070-123 45 67" in first  # (written as this run has it: not masked)


def test_a_run_without_redact_keeps_the_corrections_of_a_masked_workbook_without_ids(runner, tmp_path):
    """The same as above in an export without an id column: the correction was refused (exit 3, "would be lost")
    though masking this run's text gives exactly the old masked text. It is carried over where that masked text
    is one suggestion now (or several with the same text); where two different texts now mask to it, which one
    was corrected cannot be told, and the run is still refused, the workbook as it was."""
    src, out = tmp_path / "in.csv", tmp_path / "m.xlsx"
    src.write_text("enhet;förslag\nHemtjänst Öster;Ring 070-123 45 67 om vikarier behövs till helgen\n"
                   "Skola;Mejla anna.svensson@kommun.se om lönen\n"
                   "Hemtjänst Väster;Fler vikarier på helgerna behövs\n", encoding="utf-8")
    assert run(runner, "classify", src, "--redact", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "ekonomi", 3: "personal"})
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out, text="förslag")] == ["ekonomi", "personal", None]
    assert "070-123 45 67" in column(out, text="förslag")[0][0]  # (written as this run has it: not masked)

    twice = tmp_path / "twice.csv"  # two different numbers, one masked text: which row was corrected is unknown
    twice.write_text("enhet;förslag\nHemtjänst;Ring 070-123 45 67 om vikarier\nSkola;Ring 070-765 43 21 om vikarier\n",
                     encoding="utf-8")
    again = tmp_path / "again.xlsx"
    assert run(runner, "classify", twice, "--redact", "-o", again, "--no-duplicates").exit_code == 0
    fill(again, {2: "personal"})
    before = again.read_bytes()
    r = run(runner, "classify", twice, "-o", again, "--no-duplicates")
    assert r.exit_code == 3 and "Rättat tema" in r.stderr, r.stderr
    assert again.read_bytes() == before
    # one of the two gone from the next export: the one left may or may not be the corrected one
    twice.write_text("enhet;förslag\nSkola;Ring 070-765 43 21 om vikarier\n", encoding="utf-8")
    r = run(runner, "classify", twice, "-o", again, "--no-duplicates")
    assert r.exit_code == 3 and "Rättat tema" in r.stderr, r.stderr
    assert again.read_bytes() == before


def test_a_renamed_text_column_is_found_after_a_language_switch(runner, tmp_path):
    src, out = tmp_path / "m.csv", tmp_path / "m.xlsx"
    src.write_text("id;Motivering\n1;Fler vikarier behövs på helgerna\n2;Nya stolar i matsalen\n", encoding="utf-8")
    assert run(runner, "classify", src, "-t", "Motivering", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "personal"})
    r = run(runner, "classify", src, "-t", "Motivering", "-o", out, "--no-duplicates", "--lang", "en")
    assert r.exit_code == 0, r.stderr


def test_review_with_another_selection_says_why_the_corrections_would_be_lost(runner, tmp_path):
    out = tmp_path / "att.xlsx"
    assert run(runner, "review", SAMPLE, "-o", out, "--n", "5").exit_code == 0
    fill(out, {r: "it" for r in range(2, 7)}, sheet="Att granska")
    before = out.read_bytes()
    r = run(runner, "review", SAMPLE, "-o", out, "--n", "3")
    assert r.exit_code == 3 and "inte är med i det nya urvalet" in r.stderr
    assert out.read_bytes() == before


def test_a_sheet_or_column_someone_added_is_never_overwritten(runner, tmp_path):
    """The user's own column (with something in it) or sheet in last run's workbook or .csv would be lost with
    the file: refused (exit 3), the file untouched; an English run onto a Swedish output, or a column added
    but left empty, is no loss."""
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    col = ws.max_column + 1
    ws.cell(row=1, column=col, value="Min kommentar")
    wb.save(out)
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0  # an empty column of one's own: nothing lost
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    ws.cell(row=1, column=ws.max_column + 1, value="Min kommentar")
    ws.cell(row=3, column=ws.max_column, value="Ta upp på ledningsgruppen")
    wb.save(out)
    before = out.read_bytes()
    r = run(runner, "classify", SAMPLE, "-o", out)
    assert r.exit_code == 3 and "'Min kommentar'" in r.stderr and "--out" in r.stderr, r.stderr
    assert out.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    ws.cell(row=3, column=ws.max_column, value=None)
    wb.create_sheet("Mina anteckningar")["A1"] = "Viktigt"
    wb.save(out)
    r = run(runner, "classify", SAMPLE, "-o", out)
    assert r.exit_code == 3 and "'Mina anteckningar'" in r.stderr, r.stderr
    assert run(runner, "classify", SAMPLE, "-o", tmp_path / "annan.xlsx").exit_code == 0
    # .csv: a column of one's own with values
    csv_out = tmp_path / "teman.csv"
    assert run(runner, "classify", SAMPLE, "-o", csv_out).exit_code == 0
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    lines = [lines[0] + ";Min kommentar"] + [ln + (";viktig" if i == 0 else ";") for i, ln in enumerate(lines[1:])]
    csv_out.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    r = run(runner, "classify", SAMPLE, "-o", csv_out)
    assert r.exit_code == 3 and "'Min kommentar'" in r.stderr, r.stderr
    # the other language's columns and sheets are forbattra's own
    en = tmp_path / "en.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", en, "--lang", "en").exit_code == 0
    assert run(runner, "classify", SAMPLE, "-o", en).exit_code == 0


def test_forgetting_the_model_does_not_rewrite_a_workbook_of_other_themes(runner, tmp_path):
    """A workbook classified with a model of one's own categories, re-run without --model: its themes and
    corrections belong to another taxonomy; refused (exit 3), the workbook untouched; with the model it works."""
    import pandas as pd

    cats = {"Öppettider": "Biblioteket borde ha öppet längre på kvällar och helger",
            "Bokbussen": "Bokbussen borde stanna i fler byar varannan vecka",
            "Marknadsföring": "Vi måste synas mer i sociala medier och på affischer i stan"}
    rows = [{"id": f"r{i}", "text": f"{t} (förslag {i})", "kategori": c}
            for i, (c, t) in enumerate(list(cats.items()) * 20)]
    src = tmp_path / "egna.csv"
    pd.DataFrame(rows).to_csv(src, index=False)
    model = tmp_path / "m"
    assert run(runner, "train", src, "-l", "kategori", "-o", model).exit_code == 0
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", src, "--model", model, "-o", out).exit_code == 0
    before = out.read_bytes()
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 3 and "--model" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert out.read_bytes() == before
    assert run(runner, "classify", src, "--model", model, "-o", out).exit_code == 0


def test_an_export_that_gained_or_lost_a_column_is_no_loss(runner, tmp_path):
    """Last week's output holds last week's input columns before forbattra's own: an export with a column
    more or less this week is the weekly routine, not someone's work lost."""
    week1 = tmp_path / "v1.csv"
    week1.write_text("id;Enhet;Förslag\n1;A;Fler vikarier på helger\n2;B;Nya datorer\n", encoding="utf-8")
    week2 = tmp_path / "v2.csv"
    week2.write_text("id;Enhet;Prioritet;Förslag\n1;A;hög;Fler vikarier på helger\n2;B;låg;Nya datorer\n",
                     encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert run(runner, "classify", week2, "-o", out).exit_code == 0
    r = run(runner, "classify", week1, "-o", out)
    assert r.exit_code == 0, r.stderr
    # another command's workbook: refused, and said so
    d = tmp_path / "d.xlsx"
    assert run(runner, "duplicates", week1, "--out", d).exit_code == 0
    r = run(runner, "classify", week1, "-o", d)
    assert r.exit_code == 3 and "ett annat kommandos utdata" in r.stderr, r.stderr


def test_the_workbook_records_its_columns_so_a_users_column_anywhere_is_seen(runner, tmp_path):
    """A note column inserted left of Tema, or a second 'Kommentar' beside the input's own, or a column added
    to the Teman sheet: someone's work, refused; an input column the export dropped: not."""
    src = tmp_path / "in.csv"
    src.write_text("id;Kommentar;Prioritet;Förslag\n1;x;hög;Fler vikarier på helger\n2;y;låg;Nya datorer\n",
                   encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    clean = out.read_bytes()

    def edit(fn):
        out.write_bytes(clean)
        wb = openpyxl.load_workbook(out)
        fn(wb)
        wb.save(out)
        return run(runner, "classify", src, "-o", out)

    def insert_left(wb):
        ws = wb["Förslag"]
        ws.insert_cols(2)
        ws.cell(row=1, column=2, value="Min kommentar")
        ws.cell(row=2, column=2, value="ta upp i ledningsgruppen")

    def second_kommentar(wb):
        ws = wb["Förslag"]
        ws.cell(row=1, column=ws.max_column + 1, value="Kommentar")
        ws.cell(row=2, column=ws.max_column, value="Lena ansvarar")

    def teman_column(wb):
        ws = wb["Teman"]
        ws.cell(row=1, column=ws.max_column + 1, value="Åtgärd / ansvarig")
        ws.cell(row=2, column=ws.max_column, value="Lena")

    for fn, name in ((insert_left, "Min kommentar"), (second_kommentar, "Kommentar"), (teman_column, "Åtgärd / ansvarig")):
        r = edit(fn)
        assert r.exit_code == 3 and repr(name) in r.stderr, (name, r.stderr)
    out.write_bytes(clean)
    fewer = tmp_path / "in2.csv"
    fewer.write_text("id;Kommentar;Förslag\n1;x;Fler vikarier på helger\n2;y;Nya datorer\n", encoding="utf-8")
    assert run(runner, "classify", fewer, "-o", out).exit_code == 0


def test_an_input_column_named_like_the_other_languages_column_is_an_input_column(runner, tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("id;Tema;Förvaltning;Förslag\n1;Bemanning;Vård;Fler vikarier\n2;IT;Skola;Nya datorer\n",
                 encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("id;Tema;Förslag\n1;Bemanning;Fler vikarier\n2;IT;Nya datorer\n", encoding="utf-8")
    out = tmp_path / "ut.csv"
    assert run(runner, "classify", a, "--lang", "en", "-o", out).exit_code == 0
    r = run(runner, "classify", b, "--lang", "en", "-o", out)
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("cmd", [["report"], ["discover"], ["duplicates"]])
def test_other_commands_never_overwrite_a_workbook_with_corrections(runner, tmp_path, cmd):
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0
    fill(out, {2: "Ekonomi och resurser"})
    before = out.read_bytes()
    r = run(runner, *cmd, SAMPLE, "-o", out)
    assert r.exit_code == 3 and "Rättat tema" in r.stderr and "--out" in r.stderr, r.stderr
    assert out.read_bytes() == before


def test_the_refusal_names_the_correction_column_the_workbook_has(runner, tmp_path):
    """An English workbook's column is 'Corrected themes': the refusal names that column, in either language,
    not the Swedish one the user cannot find in it; a file with no such column names both."""
    out = tmp_path / "themes.xlsx"
    assert run(runner, "classify", SAMPLE, "--lang", "en", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    k = [c.value for c in ws[1]].index("Corrected themes") + 1
    ws.cell(2, k, "Finance and resources")
    wb.save(out)
    for lang in ("en", "sv"):
        r = run(runner, "duplicates", SAMPLE, "--lang", lang, "-o", out)
        assert r.exit_code == 3 and "'Corrected themes'" in r.stderr and "Rättat tema" not in r.stderr, r.stderr
    bare = tmp_path / "bare.csv"
    bare.write_text("id;Förslag\n1;Fler vikarier\n", encoding="utf-8")
    r = run(runner, "train", "--lang", "en", "--corrections", bare, "-o", tmp_path / "m")
    assert r.exit_code == 3 and "'Corrected themes'" in r.stderr and "'Rättat tema'" in r.stderr, r.stderr


def test_duplicates_may_write_its_own_output_of_a_corrected_workbook_again(runner, tmp_path):
    """duplicates of a classify workbook with corrections carries its input's Rättat tema: that is not a
    classify output to protect, so the weekly re-run onto it works."""
    cw = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", cw).exit_code == 0
    fill(cw, {2: "Ekonomi och resurser"})
    for out in (tmp_path / "d.xlsx", tmp_path / "d.csv"):
        assert run(runner, "duplicates", cw, "-o", out).exit_code == 0
        r = run(runner, "duplicates", cw, "-o", out)
        assert r.exit_code == 0, r.stderr


def test_the_advice_works_and_the_dubbletter_sheet_is_guarded_too(runner, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id;Förslag\n1;Fler vikarier på helger\n2;Nya datorer\n3;Fler vikarier på helgerna\n",
                   encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    ws.cell(row=1, column=ws.max_column + 1, value="Min kommentar")
    ws.cell(row=2, column=ws.max_column, value="viktig")
    wb.save(out)
    assert run(runner, "classify", src, "-o", out).exit_code == 3
    # the advice: put the column in the input, and it is carried along
    with_note = tmp_path / "in2.csv"
    with_note.write_text("id;Min kommentar;Förslag\n1;viktig;Fler vikarier på helger\n2;;Nya datorer\n"
                         "3;;Fler vikarier på helgerna\n", encoding="utf-8")
    r = run(runner, "classify", with_note, "-o", out)
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["Dubbletter"]
    ws.cell(row=1, column=ws.max_column + 1, value="Beslut")
    ws.cell(row=2, column=ws.max_column, value="slå ihop")
    wb.save(out)
    r = run(runner, "classify", with_note, "-o", out)
    assert r.exit_code == 3 and "'Beslut'" in r.stderr, r.stderr


def test_the_column_record_holds_any_header_within_excels_property_limit(runner, tmp_path):
    import zipfile

    from forbattra.outputs.writers import recorded_columns

    heads = [f"Fråga {i} 😀 \"citat\" & <tag>" for i in range(60)]
    src = tmp_path / "bred.csv"
    src.write_text(";".join(heads + ["Förslag"]) + "\n" + ";".join(["x"] * 60 + ["Fler vikarier"]) + "\n",
                   encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0 and "Warning" not in r.stderr, r.stderr
    from xml.etree import ElementTree

    values = ["".join(el.itertext()) for el in ElementTree.fromstring(zipfile.ZipFile(out).read("docProps/custom.xml"))]
    assert values and all(len(v.encode("utf-16-le")) // 2 <= 255 for v in values)  # Excel counts UTF-16 units
    assert recorded_columns(out)["Förslag"][:60] == heads
    assert run(runner, "classify", src, "-o", out).exit_code == 0


def test_review_onto_classifys_workbook_with_corrections_says_what_it_is(runner, tmp_path):
    """review -o onto classify's workbook where corrections were typed: refused (exit 3) as classify's output
    that would be lost — not "the workbook lacks this input's columns" — and the workbook is unchanged."""
    import openpyxl

    from forbattra.cli import app

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.xlsx"
    wb_path = tmp_path / "mina.xlsx"
    assert runner.invoke(app, ["classify", str(sample), "-o", str(wb_path)]).exit_code == 0
    wb = openpyxl.load_workbook(wb_path)
    ws = wb["Förslag"]
    ws.cell(2, [c.value for c in ws[1]].index("Rättat tema") + 1).value = "IT och digitala verktyg"
    wb.save(wb_path)
    before = wb_path.read_bytes()
    r = runner.invoke(app, ["review", str(sample), "-o", str(wb_path)])
    assert r.exit_code == 3 and "utdata från classify" in r.stderr, r.stderr
    assert wb_path.read_bytes() == before


def _adjacent_repeats(tmp_path: Path) -> Path:
    """40 suggestions, no id column, data rows 6 and 7 the same text (a review's corrections then need Rad)."""
    texts = ["Fler datorer till eleverna", "Bättre wifi i hela huset", "Fler vikarier på helger", "Nya stolar i fikarummet",
             "Mer tid för dokumentation", "Tydligare information från ledningen", "Högre lön för undersköterskor",
             "Bättre introduktion för nyanställda"]
    rows = [f"Enhet {i % 4};{texts[i % 8] if i % 5 else texts[(i // 5) % 8]}" for i in range(40)]
    rows[5] = rows[6] = "Enhet 1;Samma text om schemat som krockar"
    p = tmp_path / "adj.csv"
    p.write_text("Enhet;Förslag\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("older", [False, True])
def test_review_sheet_corrections_land_on_their_rows_from_this_and_older_workbooks(runner, tmp_path, older):
    """Corrections typed on Att granska for two rows of the same text land on those rows of Förslag when
    classify runs again — from this version's workbook (Rad = the Förslag sheet's row, recorded) and from an
    older one (Rad = the data row, nothing recorded)."""
    import openpyxl

    from forbattra.cli import app
    from forbattra.outputs.writers import ROWS_PROPERTY

    src, wb_path = _adjacent_repeats(tmp_path), tmp_path / "mina.xlsx"
    assert runner.invoke(app, ["classify", str(src), "--review", "40", "-o", str(wb_path)]).exit_code == 0
    wb = openpyxl.load_workbook(wb_path)
    ws = wb["Att granska"]
    fix = [c.value for c in ws[1]].index("Rättat tema") + 1
    same = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == "Samma text om schemat som krockar"]
    assert sorted(ws.cell(r, 1).value for r in same) == [7, 8]  # the rows of the Förslag sheet
    if older:  # as the version before wrote it: the data row, and no record of what Rad means
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 1).value -= 1
        props = wb.custom_doc_props
        for name in [p.name for p in props if p.name.startswith(ROWS_PROPERTY)]:
            del props[name]
    by_rad = {ws.cell(r, 1).value: r for r in same}
    ws.cell(by_rad[min(by_rad)], fix).value = "Ekonomi och resurser"
    ws.cell(by_rad[max(by_rad)], fix).value = "Övrigt"
    wb.save(wb_path)
    r = runner.invoke(app, ["classify", str(src), "--review", "40", "-o", str(wb_path)])
    assert r.exit_code == 0, r.stderr
    rows_ws = openpyxl.load_workbook(wb_path)["Förslag"]
    col = [c.value for c in rows_ws[1]].index("Rättat tema") + 1
    assert {r: rows_ws.cell(r, col).value for r in range(2, rows_ws.max_row + 1) if rows_ws.cell(r, col).value} == \
        {7: "Ekonomi och resurser", 8: "Övrigt"}


def test_a_carried_correction_that_is_no_theme_any_more_is_warned_of(runner, tmp_path):
    import openpyxl

    tax = tmp_path / "egen.yaml"
    themes = ("  - {id: it, label: Digitala verktyg, keywords: [dator, datorer]}\n"
              "  - {id: berom, label: Beröm, keywords: [beröm]}\n  - {id: ovrigt, label: Annat}\n")
    tax.write_text("name: egen\nfallback: ovrigt\nthemes:\n" + themes, encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Nya datorer behövs till alla\n2;Fler bänkar i parken\n", encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    ws.cell(3, [c.value for c in ws[1]].index("Rättat tema") + 1, "Beröm")
    wb.save(out)
    tax.write_text("name: egen\nfallback: ovrigt\nthemes:\n" + themes.replace("  - {id: berom, label: Beröm, keywords: [beröm]}\n", ""),
                   encoding="utf-8")  # the theme is gone
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)])
    assert r.exit_code == 0 and "Varning" in r.stderr and "'Beröm'" in r.stderr and "train" in r.stderr, r.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.cell(3, [c.value for c in ws[1]].index("Rättat tema") + 1).value == "Beröm"  # kept, not lost


def test_keeping_the_shipped_weights_with_one_theme_per_correction_says_what_changes(runner, tmp_path):
    # 20 corrections of one theme each that agree with the shipped model: its weights are kept, but the model
    # now gives one theme per suggestion; the message says so instead of "unchanged"
    import json

    import openpyxl

    sheet = tmp_path / "granska.xlsx"
    r = run(runner, "review", Path(__file__).parents[1] / "sample_data" / "forslag.csv", "-o", sheet, "--n", "20")
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    head = [c.value for c in ws[1]]
    guess, fix = head.index("Modellens gissning"), head.index("Rättat tema")
    for row in ws.iter_rows(min_row=2):
        row[fix].value = row[guess].value.split(" (")[0]  # the model's own best theme
    wb.save(sheet)
    r = run(runner, "train", "--corrections", sheet, "--out", tmp_path / "modell")
    assert r.exit_code == 0, r.stderr
    meta = json.loads((tmp_path / "modell" / "model.json").read_text(encoding="utf-8"))
    assert meta["single_label"] is True and meta["metrics"]["C"] == 0.0  # the shipped weights, kept
    assert "vikter" in r.stderr and "bara sitt bästa tema" in r.stderr and "oförändrad;" not in r.stderr


def test_review_names_the_rows_of_a_csv_with_empty_lines_as_excel_shows_them(runner, tmp_path):
    """`review`'s *Rad* is the input's row as Excel shows it, empty lines counted; a correction typed on one
    of two same texts stays on its row when review runs again, and a wrong label names its row in train."""
    src, out = tmp_path / "r.csv", tmp_path / "att.xlsx"
    same = "Vi behöver fler datorer i personalrummet"
    src.write_text(f"id;Förslag\n;{same}\n\n;Bättre ventilation i matsalen\n\n\n;{same}\n;Fler vikarier på helgerna\n",
                   encoding="utf-8")
    assert run(runner, "review", src, "-o", out, "--n", "4").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Att granska"]
    rad = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert sorted(rad) == [2, 4, 7, 8]
    assert ws.cell(rad[7], 3).value == same
    fill(out, {rad[7]: "it"}, sheet="Att granska")
    r = run(runner, "review", src, "-o", out, "--n", "4")
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(out)["Att granska"]
    fix = [c.value for c in ws[1]].index("Rättat tema") + 1
    assert {ws.cell(r, 1).value: ws.cell(r, fix).value for r in range(2, ws.max_row + 1)} == \
        {2: None, 4: None, 7: "it", 8: None}
    labelled = tmp_path / "l.csv"
    labelled.write_text(src.read_text(encoding="utf-8").replace("id;Förslag", "id;Förslag;tema")
                        .replace("matsalen\n", "matsalen;lokaler\n").replace("helgerna\n", "helgerna;persnal\n"),
                        encoding="utf-8")
    for cmd in (["train", labelled, "--label-column", "tema", "--taxonomy", "standard", "--out", tmp_path / "m"],
                ["evaluate", labelled, "--label-column", "tema"]):
        r = run(runner, *cmd)
        assert r.exit_code == 3 and "'persnal' (rad 8; menade du 'Rekrytering och bemanning'?)" in r.stderr, r.stderr


def test_one_text_corrected_two_ways_keeps_the_first_and_says_which_rows(runner, tmp_path):
    """Two rows of the same text corrected to different themes: a warning names them (the later row, the
    row that holds in brackets), and the model remembers the first row's themes; a labelled file's row of
    a text the corrections give other themes is replaced by the correction."""
    import json

    import pandas as pd

    src, out = tmp_path / "in.csv", tmp_path / "ut.xlsx"
    same = "Schemat för helgerna läggs ut för sent"
    texts = [f"Förslag nummer {i}: fler datorer och bättre wifi i huset {i}" for i in range(24)]
    texts[0] = texts[12] = same
    src.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "it" for r in range(2, 26)} | {2: "Arbetsmiljö och hälsa", 14: "personal"})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "1 rad rättar en text som en rad ovanför rättade till andra teman (rad 14 (2)" in r.stderr
    model = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    from forbattra.workflow import text_key

    assert model["corrections_map"][text_key(same)] == ["arbetsmiljo"]
    labelled = tmp_path / "l.csv"
    pd.DataFrame({"Förslag": [same, "Bättre ventilation i matsalen"] * 15,
                  "tema": ["ledning", "lokaler"] * 15}).to_csv(labelled, sep=";", index=False)
    r = run(runner, "train", labelled, "--label-column", "tema", "--corrections", out, "--out", tmp_path / "m2")
    assert r.exit_code == 0, r.stderr
    assert "15 märkta rader har samma text som en rättelse med andra teman; rättelsen gäller" in r.stderr


def test_a_text_corrected_otherwise_in_a_later_source_is_named_not_silently_passed_over(runner, tmp_path):
    """Last week's workbook and this week's both passed to train, a suggestion corrected to other themes in
    the second (or in the Att granska sheet after the Förslag sheet): the first holds, and a warning names
    the row that is not used and the row that holds."""
    import json
    import shutil

    from forbattra.workflow import text_key

    src, week1, week2 = tmp_path / "in.csv", tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    texts = [f"Förslag nummer {i}: fler datorer och bättre wifi i huset {i}" for i in range(24)]
    src.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    assert run(runner, "classify", src, "-o", week1, "--no-duplicates").exit_code == 0
    fill(week1, {r: "it" for r in range(2, 26)})
    shutil.copy(week1, week2)
    fill(week2, {5: "Lokaler och fysisk miljö"})
    r = run(runner, "train", "--corrections", week1, "--corrections", week2, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert (f"{week2}: 1 rad rättar en text som {week1} redan rättade till andra teman (rad 5 (5); raden inom "
            f"parentes, i {week1}, gäller") in r.stderr
    model = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert model["corrections_map"][text_key(texts[3])] == ["it"]
    r = run(runner, "train", "--corrections", week1, "--corrections", week1, "--out", tmp_path / "m2")
    assert r.exit_code == 0 and "redan rättade" not in r.stderr, r.stderr  # the same themes: nothing to say


def test_a_review_sheet_correction_the_forslag_sheet_overrules_is_named_by_train(runner, tmp_path):
    out, k = _first_review_row(runner, tmp_path)
    fill(out, {r: "it" for r in range(2, 30)} | {k: "it"})
    fill(out, {2: "lokaler"}, sheet="Att granska")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert f"{out} (Att granska): 1 rad rättar en text som {out} redan rättade till andra teman (rad 2 ({k})" in r.stderr


def test_a_workbook_open_in_excel_is_named_before_its_saved_corrections_are_read(runner, tmp_path):
    """Excel's lock file beside the workbook: what was typed since the last save is not in the file, so
    classify (carrying corrections over) and train --corrections say so; without a lock file, nothing."""
    src, out = tmp_path / "in.csv", tmp_path / "ut.xlsx"
    src.write_text("id;Förslag\n" + "".join(f"{i};Förslag nummer {i}: fler datorer och bättre wifi i huset {i}\n"
                                            for i in range(24)), encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "it" for r in range(2, 26)})
    warning = f"{out} verkar vara öppen i Excel (~$ut.xlsx finns bredvid): det som skrivits in sedan filen sparades"
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0 and "öppen i Excel" not in r.stderr, r.stderr
    (tmp_path / "~$ut.xlsx").write_bytes(b"\x05Anna" + b" " * 50)
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m2")
    assert r.exit_code == 0 and warning in r.stderr, r.stderr
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 0 and warning in r.stderr and "behöll 24 rättelser" in r.stderr, r.stderr


def test_an_export_open_in_excel_is_named_before_it_is_read(runner, tmp_path):
    """classify forslag.xlsx while the export is open in Excel with rows typed in and not saved: those rows are not
    in the file, so they were left out without a word (the output's lock file was named, the input's not). Named
    once; not without a lock file."""
    import openpyxl

    src, out = tmp_path / "forslag.xlsx", tmp_path / "teman.jsonl"
    wb = openpyxl.Workbook()
    wb.active.append(["id", "Förslag"])
    for i in range(5):
        wb.active.append([i, f"Fler datorer och bättre wifi i huset {i}"])
    wb.save(src)
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0 and "öppen i Excel" not in r.stderr, r.stderr
    (tmp_path / "~$forslag.xlsx").write_bytes(b"\x05Anna" + b" " * 50)
    r = run(runner, "classify", src, "-o", out)
    warning = f"{src} verkar vara öppen i Excel (~$forslag.xlsx finns bredvid): det som skrivits in sedan filen sparades"
    assert r.exit_code == 0 and r.stderr.count(warning) == 1, r.stderr


def test_a_refusal_in_english_names_the_column_as_the_file_has_it(runner, tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "ut.xlsx"
    src.write_text("id;Förslag\n1;Nya datorer behövs\n2;Fler bänkar i parken\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "it"})
    src.write_text("id;Förslag\n2;Fler bänkar i parken\n", encoding="utf-8")
    r = run(runner, "classify", src, "-o", out, "--no-duplicates", "--lang", "en")
    assert r.exit_code == 3 and "in column 'Rättat tema' (row 2)" in r.stderr, r.stderr


def test_a_huset_workbook_whose_themes_are_all_samverkan_trains_on_huset(runner, tmp_path):
    """'samverkan' is a theme id of both standard and huset: the labels the workbook shows tell which."""
    src, out = tmp_path / "in.csv", tmp_path / "h.xlsx"
    src.write_text("id;Förslag\n" + "".join(f"{i};Bättre samverkan med skolan och socialtjänsten om barnen {i}\n"
                                            for i in range(24)), encoding="utf-8")
    assert run(runner, "classify", src, "--taxonomy", "huset", "-o", out, "--no-duplicates").exit_code == 0
    assert {v for _, v in column(out, text="Tema-id")} <= {"samverkan", None}
    fill(out, {r: ("Processer och rutiner" if r % 2 else "Helhetssyn och samverkan") for r in range(2, 26)})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0 and "Taxonomi 'huset'" in r.stderr, r.stderr


def test_a_repeated_header_in_an_input_with_a_correction_column_is_no_correction(runner, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id;Förslag;Rättat tema\n1;Nya datorer behövs;it\n2;Fler vikarier på helger;\n"
                   "id;Förslag;Rättat tema\n3;Bättre ventilation;\n", encoding="utf-8")
    r = run(runner, "classify", src, "-o", tmp_path / "o.jsonl")
    assert r.exit_code == 0, r.stderr


def test_a_classify_workbook_with_its_header_repeated_trains_and_reports(runner, tmp_path):
    """Two classify workbooks pasted together repeat the header: that row is no theme, no correction."""
    out = tmp_path / "t.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--no-duplicates").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    ws.insert_rows(20)
    for j, cell in enumerate(ws[1], start=1):
        ws.cell(20, j, cell.value)
    wb.save(out)
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens"]
    fill(out, {r: ids[r % 5] for r in range(2, 40) if r != 20})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0 and "Taxonomi 'standard'" in r.stderr, r.stderr
    r = run(runner, "report", out, "-o", tmp_path / "r.md")
    assert r.exit_code == 0, r.stderr


def test_a_workbook_is_read_back_as_pandas_reads_it_as_text(tmp_path):
    """Last run's workbook is read back cell by cell as ``pandas.read_excel(dtype=str)`` gave it (ids, row
    numbers and texts are compared as that text): whole numbers without ".0", dates, times, durations,
    booleans, formulas' values, empty rows and chart sheets (left out) alike."""
    import datetime

    import pandas as pd
    import xlsxwriter

    from forbattra.workflow import _raw_sheets

    path = tmp_path / "old.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Förslag")
    ws.write_row(0, 0, ["id", "text", "Rättat tema"])
    ws.write_row(1, 0, [1, "hej", "lokaler"])
    ws.write_row(3, 0, [2.5, "hopp", ""])  # an empty row above
    ws.write_datetime(4, 0, datetime.datetime(2024, 1, 2), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_datetime(4, 1, datetime.datetime(2024, 1, 2, 13, 45, 10), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    ws.write_boolean(4, 2, True)
    ws.write_number(4, 3, 1e20)
    ws.write_datetime(5, 0, datetime.time(12, 30), wb.add_format({"num_format": "hh:mm"}))
    ws.write_number(5, 1, 1.25, wb.add_format({"num_format": "[h]:mm:ss"}))
    ws.write_number(5, 2, -0.0)
    ws.write_number(5, 3, 1 / 3)
    ws.write_formula(6, 0, "=1+1", None, 2)
    ws.write_number(6, 4, 123456789012.5)
    wb.add_worksheet("Tom")
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"values": "=Förslag!$A$2:$A$4"})
    wb.add_chartsheet("Diagram").set_chart(chart)
    wb.close()
    got = _raw_sheets(path, ";")
    assert got == [("Förslag", [["id", "text", "Rättat tema", "", ""],
                                ["1", "hej", "lokaler", "", ""],
                                ["", "", "", "", ""],
                                ["2.5", "hopp", "", "", ""],
                                ["2024-01-02 00:00:00", "2024-01-02 13:45:10", "True", "100000000000000000000", ""],
                                ["12:30:00", "1 day, 6:00:00", "0", "0.3333333333333333", ""],
                                ["2", "", "", "", "123456789012.5"]]),
                   ("Tom", [])]
    if int(pd.__version__.split(".")[0]) >= 3:  # what this check read before (pandas 2 wrote durations otherwise)
        book = pd.read_excel(path, sheet_name=None, header=None, dtype=str, keep_default_na=False, engine="calamine")
        assert got == [(name, df.values.tolist()) for name, df in book.items()]


def test_last_runs_workbook_is_read_once_for_both_checks(runner, tmp_path, monkeypatch):
    """The corrections carried over and the check that nothing else typed into the old workbook is lost read
    the workbook once (a 100,000-row workbook took ≈ 2 s to read)."""
    import forbattra.workflow as wf

    src, out = tmp_path / "d.csv", tmp_path / "d.xlsx"
    src.write_text("id;Enhet;Förslag\nA1;Skolan;Bättre wifi i skolan\nA2;Skolan;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    fill(out, {2: "it"})
    reads = []
    real = wf._raw_sheets
    monkeypatch.setattr(wf, "_raw_sheets", lambda *a: reads.append(a) or real(*a))
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert len(reads) == 1 and column(out)[0] == ("Bättre wifi i skolan", "it")
    # with a .csv beside it, each is read once by the carrying (the .csv's own check parses it itself)
    both = tmp_path / "d2.csv"
    assert run(runner, "classify", src, "-o", out, "-o", both).exit_code == 0
    reads.clear()
    r = run(runner, "classify", src, "-o", out, "-o", both)
    assert r.exit_code == 0, r.stderr
    assert sorted(Path(a[0]).name for a in reads) == ["d.xlsx", "d2.csv"]
    assert column(out)[0] == ("Bättre wifi i skolan", "it")


def test_a_workbook_naming_two_sheets_alike_is_read_back_once_per_name(tmp_path):
    """A hand-edited workbook whose two sheets carry one name reads back as one sheet of that name (the first),
    as pandas read it, not as the same sheet twice."""
    import zipfile

    import xlsxwriter

    from forbattra.workflow import _raw_sheets

    made = tmp_path / "made.xlsx"
    wb = xlsxwriter.Workbook(str(made))
    wb.add_worksheet("Förslag").write_row(0, 0, ["id", "Rättat tema"])
    wb.add_worksheet("Kopia").write_row(0, 0, ["annat"])
    wb.close()
    path = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace('name="Kopia"'.encode(), 'name="Förslag"'.encode())
            dst.writestr(item, data)
    assert _raw_sheets(path, ";") == [("Förslag", [["id", "Rättat tema"]])]


def test_carried_corrections_count_in_the_workbook_s_summary_sheets_as_a_report_of_it_counts_them(runner, tmp_path):
    """A theme typed into *Rättat tema* counts in the *Teman* and *Tema per enhet* sheets the next run writes, and
    in its terminal table, as ``report`` of the same workbook counts it (and as a correction typed into the input
    counts): the committee's figures are the same whichever of the two the analyst hands over."""
    import pandas as pd

    src, out = tmp_path / "d.csv", tmp_path / "d.xlsx"
    src.write_text("id;Enhet;Förslag\n1;Skolan;Bättre wifi i skolan\n2;Förskolan;Nya datorer till personalen\n"
                   "3;Skolan;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    before = pd.read_excel(out, sheet_name="Teman").set_index("Tema")["Antal förslag"]
    assert before.get("IT och digitala verktyg", 0) == 2
    fill(out, {2: "Lokaler och fysisk miljö", 3: "Lokaler och fysisk miljö"})  # both IT suggestions are about premises, says the user
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "behöll 2 rättelser" in r.stderr
    themes = pd.read_excel(out, sheet_name="Teman").set_index("Tema")["Antal förslag"]
    units = pd.read_excel(out, sheet_name="Tema per enhet")
    assert themes.get("IT och digitala verktyg", 0) == 0 and themes["Lokaler och fysisk miljö"] == 3
    assert "Lokaler och fysisk miljö" in units.columns and units["Lokaler och fysisk miljö"].sum() == 3
    rep = tmp_path / "rapport.xlsx"
    assert run(runner, "report", out, "-o", rep, "--date", "2026-01-01").exit_code == 0
    reported = pd.read_excel(rep, sheet_name="Teman").set_index("Tema")["Antal förslag"]
    assert reported["Lokaler och fysisk miljö"] == 3 and reported.get("IT och digitala verktyg", 0) == 0
    # the Förslag sheet still shows what the machine said beside what the user typed
    rows = pd.read_excel(out, sheet_name="Förslag")
    assert list(rows["Rättat tema"].fillna("")) == ["Lokaler och fysisk miljö", "Lokaler och fysisk miljö", ""]


def test_an_english_workbook_marks_a_cut_cell_in_english_and_a_next_run_still_carries_its_correction(runner, tmp_path):
    """'classify --lang en' cut a cell at Excel's limit with ' … [avkortad, se indata]'; a next run must still know
    the cut text as the suggestion's, in English and in Swedish, or the correction typed beside it is refused."""
    big = "The rooms are too small for the group. " * 1_000  # 39,000 characters: over a cell's 32,767
    src, out = tmp_path / "en.csv", tmp_path / "en.xlsx"
    src.write_text(f"id;Förslag\n1;{big}\n2;Bättre wifi i skolan\n", encoding="utf-8")
    assert run(runner, "classify", src, "--lang", "en", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    cell = ws.cell(2, head.index("Suggestion" if "Suggestion" in head else "Förslag") + 1).value
    assert len(cell) == 32_767 and cell.endswith(" … [truncated, see input]") and "avkortad" not in cell
    ws.cell(2, head.index("Corrected themes") + 1, "lokaler")
    wb.save(out)
    r = run(runner, "classify", src, "--lang", "en", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "kept 1 correction" in r.stderr
    r = run(runner, "classify", src, "-o", out)  # a Swedish run reads the English workbook back
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr
    assert column(out)[0][1] == "lokaler" and column(out)[0][0].endswith(" … [avkortad, se indata]")


def test_a_masked_text_is_compared_by_a_scan_that_cannot_hang():
    """workflow._masked_equal: the same answers as the regular expression it replaced (each placeholder one or
    more characters, no line break) on random texts, and a prompt False for a long text with hundreds of
    placeholders that does not match (the expression's backtracking hung a run for more than ten minutes)."""
    import random
    import re

    from forbattra.outputs.redact import ALL_PLACEHOLDERS
    from forbattra.workflow import _masked_equal

    masks = sorted(ALL_PLACEHOLDERS, key=len, reverse=True)

    def by_regex(old, new):
        if "[" not in old:
            return old == new
        pattern = re.sub("|".join(re.escape(re.escape(m)) for m in masks), ".+?", re.escape(old))
        return re.fullmatch(pattern, new) is not None

    rnd = random.Random(7)
    pieces = ["a", "b", " ", "ab", "\n", "[", "]", "[namn]", "[telefon]", "[e-post]", "[name]"]
    checked = 0
    for _ in range(4000):
        old = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 7)))
        new = "".join(rnd.choice(pieces[:7]) for _ in range(rnd.randint(0, 9)))
        if rnd.random() < 0.5:  # a filled-in copy of old: more of the cases that match
            new = re.sub(r"\[(namn|telefon|e-post|name)\]", lambda m: rnd.choice(["a", "ab b", "b\n", "[x]"]), old)
        assert _masked_equal(old, new) == by_regex(old, new), (old, new)
        checked += by_regex(old, new)
    assert checked > 500  # (both answers were tried)
    # every placeholder could stand for many stretches of the new text: the expression tried them all (12 of them
    # took more than 20 s, 30 would take years); the scan answers at once
    assert _masked_equal("[namn] a " * 30 + "[namn] z", "b a " * 90 + "b y") is False
    assert _masked_equal("[namn] a " * 30 + "[namn] z", "b a " * 90 + "b z") is True
    old = " ".join(f"ring [telefon] om {i}" for i in range(1100)) + " slut"
    new = " ".join(f"ring 070-123 45 {i % 10} om {i}" for i in range(1100)) + " slutet"
    assert _masked_equal(old, new) is False
    assert _masked_equal(old, new[: -len("slutet")] + "slut") is True


@pytest.mark.parametrize("first_redact, next_redact", [(False, True), (True, True), (False, False)])
def test_a_text_longer_than_a_cell_with_masked_parts_keeps_its_correction_whatever_each_run_masked(
        runner, tmp_path, first_redact, next_redact):
    """A suggestion over Excel's cell limit holding phone numbers, e-mail addresses and a name: last run's workbook
    was written without --redact, a correction typed beside it, and the next run masks. The old cell was cut at
    the limit and then masked, this run's text masked and then cut, so the two never compared equal and the
    correction was refused (exit 3); such texts are compared on a prefix both runs produce the same way."""
    src, out = tmp_path / "l.csv", tmp_path / "l.xlsx"
    part = "Ring Anna på 070-123 45 67 eller skriv till anna.svensson@kommunen.se om vikarier. "
    long = part * 420  # about 35,000 characters: over a cell's 32,767, a phone number or address where it is cut
    src.write_text(f"id;Namn;Förslag\n1;Anna Svensson;{long}\n2;Bo Ek;Bättre ventilation\n", encoding="utf-8")
    opts = ("--person-column", "Namn", "-o", out, "--no-duplicates")
    assert run(runner, "classify", src, *opts, *(["--redact"] if first_redact else [])).exit_code == 0
    fill(out, {2: "personal"})
    r = run(runner, "classify", src, *opts, *(["--redact"] if next_redact else []))
    assert r.exit_code == 0, r.stderr
    assert [fix for _, fix in column(out)] == ["personal", None]
    assert ("070-123" in column(out)[0][0]) != next_redact


def test_a_cut_cell_of_emoji_keeps_its_mark_and_a_next_run_still_carries_its_correction(runner, tmp_path):
    """Excel (and xlsxwriter) count a cell's 32,767 characters in UTF-16 units, an emoji two: a text of emoji
    cut at 32,767 Python characters was cut again by xlsxwriter, without a word and without the mark saying so;
    the cell read back is the text's as a next run compares them, and the correction typed beside it is kept."""
    from forbattra.outputs.writers import uncut_part

    big = "Lokalerna är för små 😀🙏. " * 1_400  # 37,800 characters, 40,600 UTF-16 units
    src, out = tmp_path / "emoji.csv", tmp_path / "emoji.xlsx"
    src.write_text(f"id;Förslag\n1;{big}\n2;Bättre wifi i skolan\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    cell = column(out)[0][0]
    assert cell.endswith(" … [avkortad, se indata]") and len(cell.encode("utf-16-le")) // 2 <= 32_767
    assert big.startswith(cell[:-len(" … [avkortad, se indata]")]) and len(cell.encode("utf-16-le")) // 2 > 32_700
    assert uncut_part(cell) == uncut_part(big)  # the cell and the text compare equal
    fill(out, {2: "lokaler"})
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr
    assert column(out)[0][1] == "lokaler"


def test_a_theme_id_typed_with_swedish_letters_is_the_theme(runner, tmp_path):
    """'arbetsmiljö' or 'arbetssätt' typed in 'Rättat tema' (the ids are written 'arbetsmiljo', 'arbetssatt')
    stopped the run with 'unknown theme'; a Swedish officer types the word with its letters."""
    src, out = tmp_path / "d.csv", tmp_path / "d.xlsx"
    src.write_text("id;Förslag\nA1;Bättre wifi i skolan\nA2;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    fill(out, {2: "Arbetssätt", 3: "arbetsmiljö"})
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "okända teman" not in r.stderr
    counted = {row[0]: row[2] for row in openpyxl.load_workbook(out)["Teman"].iter_rows(min_row=2, values_only=True)}
    assert {k: n for k, n in counted.items() if n} == {"arbetssatt": 1, "arbetsmiljo": 1}


def test_a_note_in_the_last_row_of_ones_own_column_is_found_in_a_workbook_and_a_resaved_csv(runner, tmp_path):
    """Last run's output is read back only as far as the checks need (only the columns that could be someone's
    are looked through; a .csv parsed once, with the delimiter its header names): a note typed only in the last
    row of one's own column is still found, in a workbook and in a .csv Excel re-saved with commas, and the
    run refused (exit 3) with the file untouched; the same files without the note are written again."""
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    col, last = ws.max_column + 1, ws.max_row
    ws.cell(row=1, column=col, value="Min kommentar")
    ws.cell(row=last, column=col, value="Ta upp på ledningsgruppen")
    wb.save(out)
    before = out.read_bytes()
    r = run(runner, "classify", SAMPLE, "-o", out)
    assert r.exit_code == 3 and "'Min kommentar'" in r.stderr, r.stderr
    assert out.read_bytes() == before

    csv_out = tmp_path / "teman.csv"
    assert run(runner, "classify", SAMPLE, "-o", csv_out).exit_code == 0
    with open(csv_out, encoding="utf-8-sig", newline="") as fh:
        grid = list(csv.reader(fh, delimiter=";"))
    grid = [grid[0] + ["Min kommentar"]] + [r + [""] for r in grid[1:-1]] + [grid[-1] + ["viktig"]]
    with open(csv_out, "w", encoding="cp1252", newline="") as fh:  # Excel's "CSV (kommaavgränsad)"
        csv.writer(fh, delimiter=",").writerows(grid)
    before = csv_out.read_bytes()
    r = run(runner, "classify", SAMPLE, "-o", csv_out)
    assert r.exit_code == 3 and "'Min kommentar'" in r.stderr, r.stderr
    assert csv_out.read_bytes() == before
    grid[-1][-1] = ""
    with open(csv_out, "w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, delimiter=",").writerows(grid)
    assert run(runner, "classify", SAMPLE, "-o", csv_out).exit_code == 0


def test_a_correction_typed_as_a_formula_without_a_saved_value_is_named_never_dropped(runner, tmp_path):
    """A *Rättat tema* cell holding a formula that was never calculated (openpyxl saves formulas without values)
    reads as empty: classify onto the workbook kept the typed corrections, dropped the formula ones and
    overwrote them, and train --corrections left them out, both without a word. classify now refuses (exit 3,
    the workbook untouched), naming the cell; train warns, naming the sheet, column and rows."""
    src, out = tmp_path / "in.csv", tmp_path / "teman.xlsx"
    texts = [f"Förslag nummer {i}: fler datorer och bättre wifi i huset {i}" for i in range(24)]
    src.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "it" for r in range(2, 26)} | {3: '="Lokaler och fysisk miljö"', 7: '=IF(1=1,"personal","")'})
    before = out.read_bytes()
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 3 and out.read_bytes() == before and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: {out}: bladet 'Förslag', kolumnen 'Rättat tema', har 2 rättelser som är formler utan sparat värde "
        "(första: cell I3); de går inte att läsa och skulle försvinna när filen skrivs över – öppna filen i Excel "
        "eller LibreOffice, spara den och kör igen, eller skriv till en annan fil")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert (f"Varning: {out}: bladet 'Förslag', kolumnen 'Rättat tema', har 2 formler utan sparat värde (rad 3, 7); "
            "de läses som tomma, så de rättelserna räknas inte – öppna filen i Excel eller LibreOffice, spara den och "
            "träna igen") in r.stderr, r.stderr
    assert "Tränade på 22 förslag" in r.stderr


def test_a_lower_cased_correction_header_is_named_with_the_name_to_give_it(runner, tmp_path):
    """'rättat tema' typed over classify's header: train said the column 'Rättat tema' was missing (it is right
    there), and classify onto the workbook called it a column of the user's own to put in the input. forbattra's
    own headers are matched exactly, so both now say which column to rename to what; nothing is written."""
    src, out = tmp_path / "in.csv", tmp_path / "teman.xlsx"
    texts = [f"Förslag nummer {i}: fler datorer och bättre wifi i huset {i}" for i in range(24)]
    src.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "it"})
    wb = openpyxl.load_workbook(out)
    wb.worksheets[0].cell(1, [c.value for c in wb.worksheets[0][1]].index("Rättat tema") + 1, "rättat tema")
    wb.save(out)
    before = out.read_bytes()
    line = (f"Fel: {out}: kolumnen 'rättat tema' ser ut att vara rättelsekolumnen men heter inte exakt som classify "
            "skriver den; döp om den till 'Rättat tema' och kör igen")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1] == line, r.stderr
    r = run(runner, "classify", src, "-o", out, "--no-duplicates")
    assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1] == line and out.read_bytes() == before, r.stderr
    r = run(runner, "classify", src, "-o", out, "--no-duplicates", "--lang", "en")
    assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1] == (
        f"Error: {out}: the column 'rättat tema' looks like the corrections column but is not named exactly as "
        "classify writes it; rename it to 'Rättat tema' and run again"), r.stderr


def test_corrections_in_a_workbook_of_a_few_rows_are_read_from_its_forslag_sheet(runner, tmp_path):
    """A classify workbook of two suggestions: its Teman sheet's examples are more text than the Förslag sheet,
    so train --corrections read the Teman sheet and said the column 'Rättat tema' was missing. Of forbattra's
    own sheets the one with the correction column is read."""
    src, out = tmp_path / "in.csv", tmp_path / "liten.xlsx"
    src.write_text("id;Förslag\n1;Bättre wifi i skolan\n2;Större personalrum\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {2: "it", 3: "Lokaler och fysisk miljö"})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3, r.stderr
    assert f"Läste {out} (xlsx, blad 'Förslag')" in r.stderr and f"{out}: 2 rättade rader" in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(
        "Fel: det behövs minst 20 märkta förslag för att träna, men rättelserna ger 2"), r.stderr


def test_an_att_granska_sheet_of_formula_corrections_only_is_read_and_named(runner, tmp_path):
    """classify --review's Att granska filled in by a script with formulas (no saved values): train --corrections
    passed the sheet over as holding no corrections and said the workbook had no labels. It reads the sheet now
    and warns, naming its rows, before that error."""
    out = tmp_path / "cr.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--review", "5", "--no-duplicates").exit_code == 0
    fill(out, {2: '="it"', 4: '="personal"'}, sheet="Att granska")
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3 and not (tmp_path / "m").exists(), r.stderr
    assert (f"Varning: {out} (Att granska): bladet 'Att granska', kolumnen 'Rättat tema', har 2 formler utan sparat "
            "värde (rad 2, 4); de läses som tomma, så de rättelserna räknas inte") in r.stderr, r.stderr


def test_corrections_alone_with_none_typed_say_to_type_them_not_to_name_a_label_column(runner, tmp_path):
    """train --corrections on classify's workbook before anything was typed in 'Rättat tema' said "… eller ange
    rätt kolumn med --label-column": there is no label column to name (the corrections' column is classify's
    own), and the option, given, changed nothing. It says to type the corrections and save; exit 3, no model."""
    src = tmp_path / "export.csv"
    src.write_text("id;Förslag\n1;Nya stolar i fikarummet\n2;Fler vikarier på helgerna\n", encoding="utf-8")
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "modell")
    assert r.exit_code == 3, r.stderr
    assert r.stderr.splitlines()[-1] == (
        f"Fel: {out} ('Rättat tema'): inga rättelser (kolumnen är tom, eller har bara '-', '?' eller 'vet ej'); "
        "skriv rätt tema i kolumnen för de förslag som fått fel, spara filen och kör igen")
    assert not (tmp_path / "modell").exists()


def test_review_of_fewer_than_train_takes_alone_offers_the_line_with_the_labelled_file(runner, tmp_path):
    """'review … -n 10' ended "fyll i 'Rättat tema', sedan: forbattra train --corrections att_granska.xlsx": that line,
    copied, is refused (corrections alone train from 20). Under 20 it names the labelled file beside them; from
    20 the line is as it was."""
    src = tmp_path / "export.csv"
    texts = ["Fler vikarier på helgerna", "Nya stolar i fikarummet", "Bättre wifi i huset", "Kortare möten",
             "Mer utbildning i dokumentation", "Ett eget rum för samtal"]
    src.write_text("id;Förslag\n" + "".join(f"{i};{texts[i % 6]} ({i})\n" for i in range(30)), encoding="utf-8")
    few, enough = tmp_path / "granska.xlsx", tmp_path / "granska20.xlsx"
    r = run(runner, "review", src, "-n", "10", "-o", few)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[-1] == (
        f"Skrev {few}: 10 av 30 förslag att märka först; fyll i 'Rättat tema', sedan: forbattra train MÄRKT_FIL "
        f"--label-column KOLUMN --corrections {few} (rättelser ensamma tränar från 20)")
    r = run(runner, "review", src, "-n", "20", "-o", enough)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[-1] == (f"Skrev {enough}: 20 av 30 förslag att märka först; fyll i 'Rättat tema', "
                                         f"sedan: forbattra train --corrections {enough}")


def test_review_s_last_line_counts_the_suggestions_not_the_empty_rows_non_answers_or_placeholders(runner, tmp_path):
    """review's last line said "20 av 26 förslag": the 26 counted the empty rows and the non-answers ('Vet ej', '-'),
    which classify's Teman sheet counts apart and review never picks; and a re-run counted a cell of '-' or 'Vet ej'
    in 'Rättat tema' as corrected, though train reads no theme there. Both count as classify and train do."""
    src, out = tmp_path / "export.csv", tmp_path / "granska.xlsx"
    texts = ["Fler vikarier på helgerna", "Nya stolar i fikarummet", "Bättre wifi i huset", "Kortare möten",
             "Mer utbildning i dokumentation", "Ett eget rum för samtal"]
    rows = [f"{i};{texts[i % 6]} ({i})" for i in range(20)] + ["20;", "21;Vet ej", "22;-", "23;   ", "24;vet inte",
                                                                 "25;Inga synpunkter"]
    src.write_text("id;Förslag\n" + "\n".join(rows) + "\n", encoding="utf-8")
    r = run(runner, "review", src, "-n", "20", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[-2:] == [
        "6 rader utan förslag (tomma, eller svar som 'Vet inte' och '-') väljs aldrig att märka och räknas inte bland "
        "förslagen",
        f"Skrev {out}: 20 av 20 förslag att märka först; fyll i 'Rättat tema', sedan: forbattra train --corrections {out}"]
    fill(out, {2: "-", 3: "Vet ej", 4: "?", 5: "it"}, sheet="Att granska")
    r = run(runner, "review", src, "-n", "20", "-o", out, "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[-1] == (
        f"Wrote {out}: 20 of 20 suggestions to label first (1 of them corrected already: 19 left to label); fill in "
        f"'Corrected themes', then: forbattra train --corrections {out}")
    assert "6 rows with no suggestion (empty, or answers such as 'Vet inte' and '-') are never picked" in r.stderr


def test_review_of_an_input_without_a_suggestion_writes_no_empty_sheet_to_fill_in(runner, tmp_path):
    """An export whose text column holds only empty cells and non-answers (most likely the wrong column) gave an
    empty *Att granska* sheet and "0 av 0 förslag att märka först; fyll i 'Rättat tema'": one error line, exit 3,
    nothing written."""
    src, out = tmp_path / "export.csv", tmp_path / "granska.xlsx"
    src.write_text("id;Förslag\n1;Vet ej\n2;-\n3;\n4;Inga synpunkter\n", encoding="utf-8")
    for lang, line in (("sv", f"Fel: {src}: inget att märka: ingen av 4 rader är ett förslag (tomma eller inga förslag, "
                              "som 'Vet inte' och '-'); kontrollera att textkolumnen är rätt (--text-column)"),
                       ("en", f"Error: {src}: nothing to label: none of the 4 rows is a suggestion (empty, or no "
                              "suggestion such as 'Vet inte' and '-'); check that the text column is the right one "
                              "(--text-column)")):
        r = run(runner, "review", src, "-o", out, "--lang", lang)
        assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
        assert r.stderr.splitlines()[-1] == line
        assert not out.exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_output_of_a_mac_export_written_decomposed_keeps_its_corrections(runner, tmp_path, suffix):
    """An output written before forbattra read a Mac export's "ö" (an "o" and a combining diaeresis, NFD) as one
    letter holds its header and texts so; the next run, which reads the export composed (NFC), refused to
    overwrite it ("har rättelser … men inte den här indatans kolumner ('Förslag')", exit 3) or could not place
    its corrections. The earlier output is read back composed too."""
    import unicodedata

    src, out = tmp_path / "d.csv", tmp_path / f"ut{suffix}"
    text = "Enhet;Förslag\nSkolan;Bättre wifi i skolan\nFörskolan;Större personalrum för alla\n"
    src.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    if suffix == ".xlsx":
        fill(out, {3: "arbetsmiljo"})
        wb = openpyxl.load_workbook(out)
        for row in wb.worksheets[0].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = unicodedata.normalize("NFD", cell.value)
        wb.save(out)
    else:
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        lines[2] += "arbetsmiljo"
        out.write_text(unicodedata.normalize("NFD", "\n".join(lines) + "\n"), encoding="utf-8-sig")
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr, r.stderr
    if suffix == ".xlsx":
        assert column(out) == [("Bättre wifi i skolan", None), ("Större personalrum för alla", "arbetsmiljo")]
    else:
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
        assert [(r["Förslag"], r["Rättat tema"]) for r in rows] == [("Bättre wifi i skolan", ""),
                                                                    ("Större personalrum för alla", "arbetsmiljo")]


def test_a_dash_or_vet_ej_is_carried_but_not_counted_as_a_correction(runner, tmp_path):
    """A *Rättat tema* cell of '-', '–', '?' or 'Vet ej' is no correction (the README: train reads no theme in it,
    review counts the row as still to label), yet classify said it 'kept' it as one: 'behöll 4 rättelser' for one
    theme typed. Now the line counts as train does; the cells themselves are still carried, as typed."""
    src, out = tmp_path / "d.csv", tmp_path / "d.xlsx"
    src.write_text("id;Enhet;Förslag\nA1;Skolan;Bättre wifi i skolan\nA2;Förskolan;Fler vikarier på helger\n"
                   "A3;Skolan;Större personalrum\nA4;Skolan;Kaffe\nA5;Skolan;Nya stolar\n", encoding="utf-8")
    assert run(runner, "classify", src, "-o", out).exit_code == 0
    fill(out, {2: "it", 3: "-", 4: "–", 5: "Vet ej", 6: "?"})
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0 and "d.xlsx: behöll 1 rättelse från kolumnen 'Rättat tema'" in r.stderr, r.stderr
    assert [fix for _, fix in column(out)] == ["it", "-", "–", "Vet ej", "?"]
    wb = openpyxl.load_workbook(out)  # placeholders alone: nothing kept, nothing said to be
    wb.worksheets[0].cell(2, 10).value = None  # (the it correction cleared: fill(None) would leave it)
    wb.save(out)
    r = run(runner, "classify", src, "-o", out)
    assert r.exit_code == 0 and "behöll" not in r.stderr, r.stderr
    assert [fix for _, fix in column(out)] == [None, "-", "–", "Vet ej", "?"]


def test_corrections_in_a_csv_output_of_a_text_column_given_by_hand_are_read_with_text_column(runner, tmp_path):
    """classify -t "Kolumn A" -o teman.csv: a .csv records no columns, so train --corrections teman.csv found no text
    column and said to give it with --text-column — which train applied to a labelled file alone, never to the
    corrections: the same error again, nothing to do. Without a labelled file, --text-column is the corrections'
    (and classify's note names it); an Att granska sheet keeps its own *Förslag*."""
    src = tmp_path / "kort.csv"
    texts = ["Mer personal", "Bättre wifi", "Fler bilar", "Nya datorer", "Tystare matsal", "Kortare möten"]
    src.write_text("Nr;Arbetsplats;Kolumn A\n" + "".join(f"{i};Skola {i % 3};{texts[i % 6]}\n" for i in range(24)),
                   encoding="utf-8")
    out = tmp_path / "teman.csv"
    r = run(runner, "classify", src, "-t", "Kolumn A", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert '; ange -t "Kolumn A" igen när report, review eller train --corrections' in r.stderr
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens", "arbetssatt"]
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    fix = rows[0].index("Rättat tema")
    for k, row in enumerate(rows[1:]):
        row[fix] = ids[k % 6]
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3 and "hittade ingen kolumn med förslagstext" in r.stderr, r.stderr
    r = run(runner, "train", "--corrections", out, "-t", "Kolumn A", "--out", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "Tränade på 24 förslag" in r.stderr


def test_a_gone_suggestion_whose_correction_the_model_learnt_says_to_keep_the_file_not_to_train_again(runner,
                                                                                                      tmp_path):
    """Next month's export lacks a suggestion corrected last month, whose correction 'train --corrections' taught
    the model: classify --model onto last month's workbook said to teach it first with 'train … --out m' and clear
    the column — done already, the same refusal came back, and a cleared column is refused by the next train.
    It now says the model has learnt it and to keep the file (the next train needs it) and write to another file;
    that advice works."""
    texts = ["Bättre wifi i hela huset", "Fler vikarier på helger", "Större personalrum", "Nya stolar i matsalen",
             "Digital signering av avtal", "Mer utbildning i journalsystemet", "Tydligare mål från ledningen",
             "Bättre ventilation i lokalerna", "Fler händer i hemtjänsten", "Längre öppettider i receptionen",
             "Träffa de andra enheterna oftare", "Lönen måste höjas", "Friskvårdstimme varje vecka",
             "Gemensam kalender för alla", "Nya datorer till personalen", "Färre möten på eftermiddagen",
             "Bättre introduktion för nyanställda", "Tystare arbetsplatser", "Skrivare som fungerar",
             "Mer budget till material", "Samordna schemat med skolan", "Hörselslingor i mötesrummen"]
    first, second = tmp_path / "okt.csv", tmp_path / "nov.csv"
    first.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    second.write_text("id;Förslag\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts) if i), encoding="utf-8")
    out, model = tmp_path / "teman.xlsx", tmp_path / "m"
    assert run(runner, "classify", first, "-o", out).exit_code == 0
    fill(out, {r: "it" if r % 2 else "arbetsmiljo" for r in range(2, 2 + len(texts))})
    assert run(runner, "train", "--corrections", out, "--out", model).exit_code == 0
    before = out.read_bytes()
    r = run(runner, "classify", second, "--model", model, "-o", out)
    assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "har 1 rättelse i kolumnen 'Rättat tema' (rad 2)" in last and "--model har redan lärt sig den" in last, last
    assert "lär först modellen" not in last and "töm" not in last and "en annan fil med --out" in last, last
    assert out.read_bytes() == before
    # the advice: last month's file kept, this month's written beside it, both trained on
    r = run(runner, "classify", second, "--model", model, "-o", tmp_path / "teman-nov.xlsx")
    assert r.exit_code == 0, r.stderr
    r = run(runner, "train", "--corrections", out, "--corrections", tmp_path / "teman-nov.xlsx", "--out", model)
    assert r.exit_code == 0, r.stderr
    r = run(runner, "classify", first, "--model", model, "-o", tmp_path / "x.xlsx", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    r = run(runner, "classify", second, "--model", model, "-o", out, "--lang", "en")
    assert r.exit_code == 3 and "--model has learnt it already" in r.stderr, r.stderr


def test_a_correction_naming_no_theme_of_the_workbook_s_taxonomy_says_to_pick_one_of_its_themes(runner, tmp_path):
    """'Garage' (huset's theme) typed into a standard workbook's Rättat tema: train --corrections named the row but
    advised 'taxonomy init --from-labels FIL' and --taxonomy, as for a label column of one's own categories — on
    classify's workbook that finds no 'teman' column, and with -l 'Rättat tema' writes a copy of standard, without
    Garage. The corrections pick among the themes the workbook was sorted with: the hint says so."""
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    head = [c.value for c in ws[1]]
    for r in range(2, 30):
        ws.cell(r, head.index("Rättat tema") + 1, ws.cell(r, head.index("Tema") + 1).value)
    ws.cell(2, head.index("Rättat tema") + 1, "Garage")
    wb.save(out)
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "'Garage' (rad 2)" in last and "taxonomy init" not in last, last
    assert last.endswith("filen sorterades med den inbyggda taxonomin 'standard', och rättelserna väljer bland dess "
                         "teman: rätta stavningen, eller skriv ett av dem (id eller etikett; flera åtskilda med |) i de "
                         "cellerna, eller töm dem")
    assert not (tmp_path / "m").exists()


def test_two_themes_typed_with_a_comma_or_on_two_lines_are_named_as_the_two_themes_to_separate_with_a_bar(
        runner, tmp_path):
    """'it, personal' in Rättat tema was named with 'menade du Rekrytering och bemanning?' — following it drops
    'it' —, and two themes on two lines of a cell (Alt+Enter) with no guess at all. Each now suggests the two
    themes as they were typed, separated by '|'."""
    out = tmp_path / "teman.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "samverkan" for r in range(5, 30)} | {2: "IT och digitala verktyg\nArbetsmiljö och hälsa",
                                                         3: "it, personal", 4: "Ledning, styrning och delaktighet, it"})
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m")
    assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert ("'IT och digitala verktyg Arbetsmiljö och hälsa' (rad 2; menade du 'IT och digitala verktyg | "
            "Arbetsmiljö och hälsa'?), 'it, personal' (rad 3; menade du 'it | personal'?), 'Ledning, styrning och "
            "delaktighet, it' (rad 4; menade du 'Ledning, styrning och delaktighet | it'?)") in last, last
    r = run(runner, "train", "--corrections", out, "--out", tmp_path / "m", "--lang", "en")
    assert "'it, personal' (row 3; did you mean 'it | personal'?)" in r.stderr, r.stderr


def test_a_mistyped_theme_of_one_word_is_not_taken_for_several():
    from forbattra.scoring.labels import several_themes
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy("standard")
    assert several_themes("it, personal", tax) == "it | personal"
    assert several_themes("Lokaler och IT", tax) is None  # (no theme is 'Lokaler')
    assert several_themes("personalen", tax) is None and several_themes("it", tax) is None
    assert several_themes("it, it", tax) is None  # one theme twice is no two themes


def test_a_corrections_file_given_twice_is_remembered_by_the_model_as_its_source(runner, tmp_path):
    """'--corrections teman.xlsx --corrections teman.xlsx' (a line pasted onto one naming it already): the second
    reading found every correction learnt already and recorded the file with 0 rows, replacing its count, so
    model.json's corrected_in was empty — review's retrain line left the file out, and a train without it was
    refused naming the file '?'. The file is read once; the model remembers it."""
    import json

    out, model = tmp_path / "teman.xlsx", tmp_path / "m"
    assert run(runner, "classify", SAMPLE, "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "samverkan" if r % 2 else "it" for r in range(2, 30)})
    (tmp_path / "x").mkdir()
    r = run(runner, "train", "--corrections", out, "--corrections", tmp_path / "x" / ".." / "teman.xlsx", "--out", model)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("27 rättade rader") == 1 and "0 rättade rader" not in r.stderr, r.stderr
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    assert (meta["sources"], meta["corrected_in"]) == ({"../teman.xlsx": 27}, ["../teman.xlsx"])
    r = run(runner, "train", SAMPLE.parent / "markt.csv", "--out", model)
    assert r.exit_code == 3 and f"--corrections {out}" in r.stderr and "'?'" not in r.stderr, r.stderr


def test_a_correction_typed_into_a_masked_workbook_holds_when_the_export_is_classified_with_the_model(runner,
                                                                                                      tmp_path):
    """classify --redact, corrections typed into that workbook, train --corrections: the model remembers each
    correction by its text as the workbook holds it, masked ('Ring mig gärna, [namn] [telefon]'), so classify
    --model of the export itself, whose text names Anna and her number, did not find it: that suggestion — the
    one with personal data — lost its correction without a word. It now holds, masked as then."""
    out, model = tmp_path / "maskad.xlsx", tmp_path / "m"
    assert run(runner, "classify", SAMPLE, "--redact", "-o", out, "--no-duplicates").exit_code == 0
    fill(out, {r: "ekonomi" for r in range(2, 30)})
    assert "[namn] [telefon]" in column(out, "Beskriv ditt förslag")[12][0]
    assert run(runner, "train", "--corrections", out, "--out", model).exit_code == 0
    for args in ([], ["--redact"]):
        again = tmp_path / f"teman{len(args)}.xlsx"
        r = run(runner, "classify", SAMPLE, "--model", model, "-o", again, "--no-duplicates", *args)
        assert r.exit_code == 0, r.stderr
        wb = openpyxl.load_workbook(again)
        ws = wb["Förslag"]
        head = [c.value for c in ws[1]]
        rows = list(ws.iter_rows(min_row=2, max_row=29, values_only=True))
        why = [r[head.index("Motivering")] or "" for r in rows]
        assert rows[12][0] == "F-1012" and why[12] == "Ekonomi och resurser: manuellt rättad", (args, why[12])
        assert sum("manuellt rättad" in w for w in why) == 27, args  # (F-1005, an empty row, has no text to learn)


def test_review_after_train_does_not_pick_the_corrected_suggestions_again(runner, tmp_path):
    """The loop review → fill in → train → review: the second sheet holds none of the suggestions the model
    learnt from the first, and says how many it left apart (before, 26 of 40 came back to be labelled again)."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run(runner, "review", SAMPLE, "-o", first, "--n", "30").exit_code == 0
    ids = ["it", "lokaler", "personal", "ekonomi", "kompetens"]
    fill(first, {r: ids[r % 5] for r in range(2, 32)}, sheet="Att granska")
    assert run(runner, "train", "--corrections", first, "--out", tmp_path / "m").exit_code == 0
    r = run(runner, "review", SAMPLE, "-o", second, "--n", "30", "--model", tmp_path / "m")
    assert r.exit_code == 0, r.stderr
    assert "30 förslag som redan är rättade" in r.stderr and "väljs inte igen" in r.stderr
    labelled = {text for text, _ in column(first, sheet="Att granska")}
    picked = [text for text, _ in column(second, sheet="Att granska")]
    assert len(picked) == 30 and not labelled & set(picked)


def test_review_does_not_pick_rows_the_input_itself_has_corrected(runner, tmp_path):
    """A classify workbook whose 'Rättat tema' is partly filled in, given to review: those rows are labelled."""
    wb, out = tmp_path / "t.xlsx", tmp_path / "att.xlsx"
    assert run(runner, "classify", SAMPLE, "-o", wb, "--no-duplicates").exit_code == 0
    fill(wb, {r: "it" for r in range(2, 302)})
    r = run(runner, "review", wb, "-o", out, "--n", "50", "--sheet", "Förslag")
    assert r.exit_code == 0, r.stderr
    corrected = {text for text, fix in column(wb, "Beskriv ditt förslag") if fix}
    picked = {text for text, _ in column(out, sheet="Att granska")}
    assert picked and not corrected & picked
