"""classify's spreadsheets as a Swedish user opens them: typed cells, decimal commas, explained figures,
and a print setup that fits the page."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbattra.cli.app import app

openpyxl = pytest.importorskip("openpyxl")
runner = CliRunner()

LONG = "Vi behöver bättre ventilation i personalrummet och fler vikarier inför sommaren. " * 8
ROWS = [
    ("1", "007", "Hemtjänst Norr", "2026-10-01", "Vi behöver fler vikarier inför sommaren, schemat har luckor varje helg."),
    ("2", "008", "Hemtjänst Norr", "2026-10-02", "Datorerna är för långsamma och inloggningen tar tio minuter."),
    ("10", "009", "Hemtjänst Syd", "2026-10-03", LONG),
    ("11", "010", "Skolan Väst", "", "Lokalen är för trång och ventilationen fungerar inte i klassrummet."),
]


@pytest.fixture()
def raw_csv(tmp_path: Path) -> Path:
    p = tmp_path / "forslag.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Löpnr", "Kod", "Enhet", "Datum", "Förslag"])
        w.writerows(ROWS)
    return p


def _classify(raw: Path, out: Path, *extra: str) -> Path:
    res = runner.invoke(app, ["classify", str(raw), "--out", str(out), *extra])
    assert res.exit_code == 0, (res.output, res.exception)
    return out


def _column(ws, header: str) -> list:
    heads = [c.value for c in ws[1]]
    j = heads.index(header)
    return [r[j] for r in ws.iter_rows(min_row=2, values_only=True)]


def test_numbers_and_dates_keep_their_excel_types(raw_csv: Path, tmp_path: Path):
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "t.xlsx"))
    ws = wb["Förslag"]
    assert _column(ws, "Löpnr") == [1, 2, 10, 11]
    assert _column(ws, "Kod") == ["007", "008", "009", "010"]  # leading zeros are the user's text
    dates = _column(ws, "Datum")
    assert dates[:3] == [datetime(2026, 10, 1), datetime(2026, 10, 2), datetime(2026, 10, 3)] and dates[3] is None
    heads = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=heads.index("Datum") + 1).number_format == "yyyy-mm-dd"


def test_semicolon_csv_uses_decimal_comma_and_comma_csv_a_point(raw_csv: Path, tmp_path: Path):
    def confidences(path: Path, delim: str) -> list[str]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=delim))
        j = rows[0].index("Säkerhet")
        return [r[j] for r in rows[1:]]

    # whole runs: no decimal of the other kind (the model may be sure enough that every value is 1)
    sv = confidences(_classify(raw_csv, tmp_path / "sv.csv"), ";")
    assert sv and not any("." in v for v in sv)
    en = confidences(_classify(raw_csv, tmp_path / "en.csv", "--csv-delimiter", ","), ",")
    assert en and not any("," in v for v in en)
    # the writer itself, on a fractional confidence
    import pandas as pd

    from forbattra.outputs.writers import write_csv

    table = pd.DataFrame({"Säkerhet": [0.75, 1.0]})
    write_csv(table, tmp_path / "w_sv.csv", delimiter=";")
    write_csv(table, tmp_path / "w_en.csv", delimiter=",")
    assert confidences(tmp_path / "w_sv.csv", ";") == ["0,75", "1"]
    assert confidences(tmp_path / "w_en.csv", ",") == ["0.75", "1"]


@pytest.mark.parametrize("lang,sheet,notes,broad", [("sv", "Teman", "Förklaringar", "brett förankrat"),
                                                    ("en", "Themes", "Explanations", "raised broadly")])
def test_every_figure_is_explained(raw_csv: Path, tmp_path: Path, lang, sheet, notes, broad):
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "t.xlsx", "--lang", lang))
    assert notes in wb.sheetnames
    explained = {r[0] for r in wb[notes].iter_rows(min_row=2, values_only=True)}
    text = "\n".join(str(r[1]) for r in wb[notes].iter_rows(min_row=2, values_only=True))
    heads = [c.value for c in wb[sheet][1]]
    missing = [h for h in heads if h not in explained and h not in ("Tema-id", "Theme id")]
    assert not missing
    # the one figure forbattra adds to each row, Säkerhet, is explained too: what it means on the fallback theme
    rows_sheet, conf = ("Förslag", "Säkerhet") if lang == "sv" else ("Suggestions", "Confidence")
    assert conf in [c.value for c in wb[rows_sheet][1]]
    conf_note = [r[1] for r in wb[notes].iter_rows(min_row=2, values_only=True) if r[0] == f"{conf} ({rows_sheet})"]
    assert len(conf_note) == 1 and ("Övrigt" if lang == "sv" else "Other") in conf_note[0]
    assert "HHI" not in " ".join(heads)
    assert broad in text and "50 %" in text.replace("50%", "50 %")
    flags = _column(wb[sheet], "Bedömning" if lang == "sv" else "Assessment")
    assert all(flags)  # every theme gets a stated assessment, none left blank
    dups, kind = ("Dubbletter", "Typ") if lang == "sv" else ("Duplicates", "Type")
    assert dups in wb.sheetnames  # on by default; its own columns: what a "similar" group means
    # (and what Gemensamt, the words a group shares, holds: it went unexplained)
    for col in (kind, "Likhet" if lang == "sv" else "Similarity", "Gemensamt" if lang == "sv" else "In common"):
        assert f"{dups}: {col}" in explained
    assert ("granska" if lang == "sv" else "check") in text


@pytest.mark.parametrize("lang,written,not_written", [("sv", "100 %", re.compile(r"\d%")),
                                                      ("en", "100%", re.compile(r"\d %"))])
def test_the_explanations_write_a_percentage_as_their_language_does(lang, written, not_written):
    """Every Förklaringar/Explanations text writes a share as the sheets and the rule beside it do (summary.percent):
    "100 %" in Swedish, "100%" in English — the English texts said "more than 100 % because", "100 % means" and
    "at least 15 % of them" beside the rule's "50%"."""
    from forbattra.analysis.summary import _EXPLAIN_WORKBOOK, explanations, workbook_explanations

    texts = list(explanations(lang, duplicates=True, review=True, by_unit=True)["Förklaring" if lang == "sv" else "Meaning"])
    for kind in ("duplicates", "clusters"):
        columns = [c for c, _ in _EXPLAIN_WORKBOOK[kind][lang]()]
        table = workbook_explanations(kind, [("Blad", columns)], lang, weak=0.3)
        texts += list(table.iloc[:, 1])
    assert [t for t in texts if not_written.search(t)] == []
    assert sum(written in t for t in texts) == 2  # the shares' sum, and the largest unit's share


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("header,unit", [("Löpnr;Förslag", False), ("Löpnr;Enhet;Förslag", True)])
def test_explanations_describe_only_the_columns_the_workbook_has(tmp_path: Path, lang, header, unit):
    """Without a unit column (or a person column) the Teman sheet has no units, largest unit, concentration,
    assessment or people, and Dubbletter no assessment, but Förklaringar still explained them all (and the
    assessment rule): a reader looked for columns that are not there. Tema per enhet's Totalt (rows, not the sum
    of the row's themes) and Dubbletter's counts are figures too, explained where their sheet has them."""
    src = tmp_path / "forslag.csv"
    rows = ["1;Hemtjänst Norr;Vi behöver fler vikarier inför sommaren.", "2;Skolan Väst;Datorerna är för långsamma.",
            "3;Skolan Väst;Vi behöver fler vikarier inför sommaren!"]
    src.write_text("\n".join([header, *(r if unit else r.replace(r.split(";")[1] + ";", "") for r in rows)]) + "\n",
                   encoding="utf-8")
    wb = openpyxl.load_workbook(_classify(src, tmp_path / "t.xlsx", "--lang", lang))
    themes, notes, dups = ("Teman", "Förklaringar", "Dubbletter") if lang == "sv" else ("Themes", "Explanations",
                                                                                      "Duplicates")
    explained = [r[0] for r in wb[notes].iter_rows(min_row=2, values_only=True)]
    heads = [c.value for c in wb[themes][1]][1:]  # (the theme id needs no explaining)
    rows_sheet = ("Status (Förslag)", "Säkerhet (Förslag)") if lang == "sv" else ("Status (Suggestions)",
                                                                                   "Confidence (Suggestions)")
    assessment = "Bedömning" if lang == "sv" else "Assessment"
    rule = [f"{assessment} – {'regel' if lang == 'sv' else 'rule'}"] if unit else []
    dup_heads = [c.value for c in wb[dups][1]]
    assert (assessment in dup_heads) is unit
    by_unit = ["Tema per enhet: Totalt" if lang == "sv" else "Themes by unit: Total"]
    counts = ("Antal, Enheter" if lang == "sv" else "Count, Units") if unit else "Antal" if lang == "sv" else "Count"
    assert explained == [*heads, *rule, *rows_sheet, *(by_unit if unit else []),
                         f"{dups}: {'Grupp' if lang == 'sv' else 'Group'}", f"{dups}: {'Typ' if lang == 'sv' else 'Type'}",
                         f"{dups}: {'Gemensamt' if lang == 'sv' else 'In common'}", f"{dups}: {counts}",
                         f"{dups}: {'Likhet' if lang == 'sv' else 'Similarity'}",
                         *([f"{dups}: {assessment}"] if unit else []),
                         f"{dups}: {'Rad, Kopia av rad' if lang == 'sv' else 'Row, Copy of row'}"]
    assert ("Antal personer" if lang == "sv" else "People") not in explained  # no person column either


@pytest.mark.parametrize("lang,sheet,notes,uncertainty", [("sv", "Att granska", "Förklaringar", "Osäkerhet"),
                                                          ("en", "To review", "Explanations", "Uncertainty")])
def test_the_review_sheets_uncertainty_is_explained_where_the_sheet_is(raw_csv: Path, tmp_path: Path, lang, sheet,
                                                                       notes, uncertainty):
    """classify --review's Att granska sheet has a figure of its own, Osäkerhet (1 = most unsure), that
    Förklaringar did not explain."""
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "r.xlsx", "--lang", lang, "--review", "2"))
    assert uncertainty in [c.value for c in wb[sheet][1]]
    notes_of = {r[0]: r[1] for r in wb[notes].iter_rows(min_row=2, values_only=True)}
    assert "0–1" in notes_of[f"{sheet}: {uncertainty}"]
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "n.xlsx", "--lang", lang))
    assert sheet not in wb.sheetnames
    assert not [k for k, in wb[notes].iter_rows(min_row=2, max_col=1, values_only=True) if k.startswith(sheet)]


@pytest.mark.parametrize("lang,notes,fallback,other", [("sv", "Förklaringar", "Ej placerad", "Övrigt"),
                                                       ("en", "Explanations", "Not placed", "Other")])
def test_explanations_name_the_taxonomys_own_fallback_theme(raw_csv: Path, tmp_path: Path, lang, notes, fallback,
                                                            other):
    """With huset the fallback theme is *Ej placerad*: Förklaringar said empty rows and non-answers lie in
    "Övrigt" and that "Övrigt bedöms inte", a theme the workbook does not have."""
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "t.xlsx", "--taxonomy", "huset", "--lang", lang))
    text = "\n".join(str(r[1]) for r in wb[notes].iter_rows(min_row=2, values_only=True))
    assert fallback in [r[0] for r in wb["Listor" if lang == "sv" else "Lists"].iter_rows(values_only=True)]
    assert other not in text
    # the themes' order (the fallback theme after them), the share, the assessment rule, the status (where the
    # per-row sheet puts a non-answer, and that the summary sheets do not count it there), the confidence
    assert text.count(fallback) == 6


@pytest.mark.parametrize("lang,sheet,notes,quote", [("sv", "Teman", "Förklaringar", "«{}»"),
                                                    ("en", "Themes", "Explanations", "'{}'")])
def test_every_assessment_on_the_themes_sheet_is_in_the_rule(raw_csv: Path, tmp_path: Path, lang, sheet, notes, quote):
    """'inga förslag' (a theme no suggestion has) stood in the Bedömning column of most themes of a small
    file, and the rule explained every assessment but that one."""
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "t.xlsx", "--lang", lang))
    rule = [r[1] for r in wb[notes].iter_rows(min_row=2, values_only=True)
            if r[0] == ("Bedömning – regel" if lang == "sv" else "Assessment – rule")]
    flags = set(_column(wb[sheet], "Bedömning" if lang == "sv" else "Assessment"))
    fallback = "bedöms inte" if lang == "sv" else "not assessed"
    assert ("inga förslag" if lang == "sv" else "no suggestions") in flags and fallback in flags
    assert len(rule) == 1 and fallback in rule[0]
    assert [f for f in sorted(flags - {fallback}) if quote.format(f) not in rule[0]] == []


def test_print_setup_landscape_one_page_wide_header_repeated_rows_fit(raw_csv: Path, tmp_path: Path):
    wb = openpyxl.load_workbook(_classify(raw_csv, tmp_path / "t.xlsx"))
    for name in ("Förslag", "Teman", "Förklaringar"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0, name  # 1 is the XML default
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$1:$1", name
        assert all((ws.column_dimensions[c].width or 0) <= 64 for c in ws.column_dimensions), name
    ws = wb["Förslag"]
    heads = [c.value for c in ws[1]]
    long_cell = ws.cell(row=4, column=heads.index("Förslag") + 1)
    assert long_cell.alignment.wrap_text
    assert (ws.row_dimensions[4].height or 0) >= 15 * 10  # 650 characters at ~60 a line
    assert (ws.row_dimensions[2].height or 15) <= 30


@pytest.mark.parametrize("command", ["duplicates", "discover"])
def test_numbers_and_dates_keep_their_excel_types_in_every_commands_workbook(raw_csv: Path, tmp_path: Path, command):
    """The Förslag sheet of duplicates' and discover's workbooks keeps the input's numbers and dates as
    classify's does (not '1000' and '2026-10-01' as text); leading zeros stay the user's text."""
    out = tmp_path / f"{command}.xlsx"
    r = CliRunner().invoke(app, [command, str(raw_csv), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(out)["Förslag"]
    assert _column(ws, "Löpnr") == [1, 2, 10, 11]
    assert _column(ws, "Kod") == ["007", "008", "009", "010"]
    assert _column(ws, "Datum")[:3] == [datetime(2026, 10, 1), datetime(2026, 10, 2), datetime(2026, 10, 3)]


@pytest.mark.parametrize("rows", [3, 30_000])  # xlsxwriter's cells, and the big sheet's inline rows
def test_times_of_day_stay_excel_times(tmp_path, rows):
    """An export's time column (Excel times, or "08:30" as text) is written back as Excel times, not text."""
    import datetime

    import openpyxl

    from forbattra.cli import app

    src = tmp_path / "tider.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Id", "Tid", "Förslag"])
    for i in range(rows):
        ws.append([i + 1, datetime.time(8, 30) if i % 2 == 0 else "13:45:10", f"Fler vikarier på kvällen, nummer {i}"])
    wb.save(src)
    out = tmp_path / "ut.xlsx"
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    got = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    cells = [row for row in got.iter_rows(min_row=2, max_row=3, max_col=2)]
    assert cells[0][1].value == datetime.time(8, 30) and cells[0][1].number_format == "hh:mm"
    assert cells[1][1].value == datetime.time(13, 45, 10) and cells[1][1].number_format == "hh:mm:ss"


@pytest.mark.parametrize("big", [False, True])  # xlsxwriter's cells, and the big sheet's inline rows
def test_an_input_column_named_andel_keeps_the_users_figures(tmp_path: Path, monkeypatch, big):
    """An export's own "Andel" column (a post's share of full time, 1 or 75) was shown through the percent
    format of forbattra's share columns: 1 as "100%", 75 as "7500%". Only forbattra's shares are percentages."""
    from forbattra.outputs import writers

    if big:
        monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 0)
    src = tmp_path / "forslag.csv"
    src.write_text("Id;Enhet;Andel;Andel heltid;Förslag\n"
                   "1;Hemtjänst Norr;1;75;Vi behöver fler vikarier inför sommaren.\n"
                   "2;Skolan Väst;0,5;100;Datorerna är för långsamma.\n", encoding="utf-8")
    wb = openpyxl.load_workbook(_classify(src, tmp_path / "t.xlsx", "--no-duplicates"))
    ws = wb["Förslag"]
    heads = [c.value for c in ws[1]]
    for header, values in (("Andel", [1, "0,5"]), ("Andel heltid", [75, 100])):
        cells = [ws.cell(row=i, column=heads.index(header) + 1) for i in (2, 3)]
        assert [c.value for c in cells] == values
        assert [c.number_format for c in cells] == ["0" if isinstance(v, int) else "General" for v in values]
    themes = wb["Teman"]  # forbattra's own shares stay percentages
    share = themes.cell(row=2, column=[c.value for c in themes[1]].index("Andel av alla förslag") + 1)
    assert share.number_format == "0%"


@pytest.mark.parametrize("model", [[], ["--model", "none"]])  # sorted by meaning; by keywords only
def test_motivering_names_a_keyword_once_however_often_the_text_uses_it(tmp_path: Path, model):
    """With a taxonomy of one's own a keyword stood in Motivering once per word of the text it matched:
    "Digitala verktyg: dator, dator, wifi" for "Datorerna är gamla …, vi behöver nya datorer"."""
    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nfallback: annat\nthemes:\n"
                   "  - id: digitalt\n    label: Digitala verktyg\n    keywords: [dator, wifi]\n"
                   "  - id: lokaler\n    label: Lokaler\n    keywords: [personalrum, ventilation]\n"
                   "  - id: annat\n    label: Annat\n", encoding="utf-8")
    raw = tmp_path / "in.csv"
    raw.write_text("Enhet;Förslag\nSkolan;Datorerna är gamla och långsamma, vi behöver nya datorer och bättre wifi\n"
                   "Skolan;Personalrummet är för litet och ventilationen i personalrummet fungerar inte\n",
                   encoding="utf-8")
    ws = openpyxl.load_workbook(_classify(raw, tmp_path / "t.xlsx", "--taxonomy", str(tax), *model))["Förslag"]
    why = _column(ws, "Motivering")
    assert [w.split(": ")[0] for w in why] == ["Digitala verktyg", "Lokaler"]
    for cell in why:
        words = cell.split(": ", 1)[1].split(", ")
        assert len(words) == len(set(words)), cell


DUP_ROWS = [  # (id, unit code, text): two pairs of copies, ids as numbers and with leading zeros
    ("101", "4410", "Vi behöver fler datorer i personalrummet så att alla kan läsa sin mejl på rasten."),
    ("102", "4420", "Vi behöver fler datorer i personalrummet så att alla kan läsa sin mejl på rasten."),
    ("0103", "4410", "Bättre wifi i hela huset, uppkopplingen laggar hela tiden när vi dokumenterar."),
    ("0104", "4430", "Bättre wifi i hela huset, uppkopplingen laggar hela tiden när vi dokumenterar."),
    ("105", "4420", "Mer personal på helgerna, vi hinner inte med brukarna när två är sjuka."),
]


@pytest.mark.parametrize("command", ["classify", "duplicates"])
def test_the_dubbletter_sheets_ids_and_units_are_typed_as_on_the_forslag_sheet(tmp_path: Path, command):
    """The Dubbletter sheet wrote the ids and units as text ('101') where the Förslag sheet of the same
    workbook has the number 101: a lookup (XLETAUPP/LETARAD) of a duplicate's id in the Förslag sheet, or a
    filter on a unit code across the two sheets, found nothing. Each of its cells is now the Förslag sheet's."""
    src = tmp_path / "dubbletter.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([("Id", "Enhet", "Förslag"), *DUP_ROWS])
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, [command, str(src), "-o", str(out)])
    assert r.exit_code == 0, (r.output, r.exception)
    wb = openpyxl.load_workbook(out)
    rows, dups = wb["Förslag"], wb["Dubbletter"]
    heads = [c.value for c in rows[1]]
    at = {rad: i for i, rad in enumerate(_column(dups, "Rad"))}
    assert sorted(at) == [2, 3, 4, 5]  # the two pairs, by their rows on the Förslag sheet
    for col in ("Id", "Enhet"):
        got = _column(dups, col)
        for rad, i in at.items():
            want = rows.cell(row=rad, column=heads.index(col) + 1).value
            assert got[i] == want and type(got[i]) is type(want), (col, rad, got[i], want)
    assert sorted(map(str, _column(dups, "Id"))) == ["0103", "0104", "101", "102"]  # the leading zeros kept


def test_the_review_sheets_ids_are_typed_as_on_the_forslag_sheet(tmp_path: Path):
    """classify --review: the Att granska sheet's id is the Förslag sheet's (a number there, a number here)."""
    src = tmp_path / "granska.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([("Id", "Enhet", "Förslag"), *DUP_ROWS])
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out), "--review", "5", "--no-duplicates"])
    assert r.exit_code == 0, (r.output, r.exception)
    wb = openpyxl.load_workbook(out)
    rows, review = wb["Förslag"], wb["Att granska"]
    heads = [c.value for c in rows[1]]
    for rad, id_ in zip(_column(review, "Rad"), _column(review, "id")):
        want = rows.cell(row=rad, column=heads.index("Id") + 1).value
        assert id_ == want and type(id_) is type(want), (rad, id_, want)


@pytest.mark.parametrize("command", ["classify", "report"])
def test_unit_codes_on_the_summary_sheets_are_typed_as_on_the_forslag_sheet(tmp_path: Path, command):
    """Units numbered as cost centres (4410, 4420) are numbers on the Förslag sheet, but the Tema per enhet and
    Teman sheets wrote them as text ('4410', a green triangle on every cell): a lookup of a suggestion's unit in
    Tema per enhet found nothing, and the units sorted 4410, 4420, 9 as text. They are now typed as there."""
    src = tmp_path / "koder.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([("Id", "Enhet", "Förslag"), *DUP_ROWS,
                                                  ("106", "0440", "Nya stolar i personalrummet, de gamla är trasiga."),
                                                  ("107", "4410", "Mer personal på helgerna, vi är för få.")])
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, [command, str(src), "-o", str(out)])
    assert r.exit_code == 0, (r.output, r.exception)
    wb = openpyxl.load_workbook(out)
    rows = wb["Förslag"]
    typed_as = {str(v): v for v in _column(rows, "Enhet")}  # each unit as the Förslag sheet has it
    assert typed_as["4410"] == 4410 and typed_as["0440"] == "0440"  # (a leading zero stays text)
    units = _column(wb["Tema per enhet"], "Enhet")
    assert sorted(map(str, units)) == ["0440", "4410", "4420", "4430"]
    for u in units:
        assert u == typed_as[str(u)] and type(u) is type(typed_as[str(u)]), u
    largest = [v for v in _column(wb["Teman"], "Största enhet") if v is not None]
    assert largest and all(v == typed_as[str(v)] and type(v) is type(typed_as[str(v)]) for v in largest), largest


def test_csv_keeps_negative_numbers_and_a_lone_dash_as_the_user_wrote_them(tmp_path: Path):
    """The .csv's formula guard put a ' before every cell starting with '-': a negative amount (-3,75) or a
    dash answer ('-') showed as '-3,75 and '-' in Excel — text with a visible apostrophe, the number no
    number. Neither is a formula, so neither is guarded now; text that Excel would read as one still is."""
    src = tmp_path / "belopp.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([
            ("Id", "Belopp", "Förslag"),
            ("1", "-3,75", "Vi behöver fler vikarier inför sommaren, schemat har luckor varje helg."),
            ("2", "-1200", "-"),
            ("3", "-0,5", "- fler datorer\n- bättre wifi"),
            ("4", "=1+2", "=HYPERLINK(\"http://x\")"),
        ])
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, (r.output, r.exception)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["-3,75", "-1200", "-0,5", "'=1+2"]
    assert [r[2] for r in rows[1:]] == [
        "Vi behöver fler vikarier inför sommaren, schemat har luckor varje helg.", "-",
        "'- fler datorer\n- bättre wifi", "'=HYPERLINK(\"http://x\")"]
    from forbattra.outputs.writers import safe_cell

    assert [safe_cell(v) for v in ("-3.75", "-", "-2+3", "-A1", "+46 70")] == ["-3.75", "-", "'-2+3", "'-A1", "'+46 70"]


@pytest.mark.parametrize("kind", ["xlsx", "streamed csv"])  # the whole-file writer; a big input's chunked path
def test_semicolon_csv_writes_the_inputs_own_decimals_with_a_comma(tmp_path: Path, monkeypatch, kind):
    """An Excel input's decimals (a cost of 1234,5 kr, a mean rating 4,5) came out of the ';' .csv as '1234.5'
    and '4.5', which Swedish Excel reads as text (or a date), where the README promises a decimal comma; the
    .xlsx beside it has them as numbers. Now they are 1234,5 and 4,5 (a ',' file keeps the point); integers,
    ids with leading zeros, dates and other text are as before."""
    import datetime

    rows = [["Id", "Kostnad", "Betyg", "Datum", "Förslag"],
            [1, 1234.5, -0.25, datetime.datetime(2026, 3, 1), "Vi behöver fler vikarier inför sommaren."],
            [2, 300, 4.5, datetime.datetime(2026, 3, 2), "Datorerna är för långsamma och inloggningen tar tid."],
            ["007", "1.5 timmar", "2.3.1", None, "Lokalen är för trång och ventilationen fungerar inte."]]
    if kind == "xlsx":
        src = tmp_path / "kostnad.xlsx"
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(src)
    else:  # an English export (',' and a decimal point), big enough to be classified chunk by chunk
        import forbattra.workflow as workflow

        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
        src = tmp_path / "kostnad.csv"
        with src.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([[v.date().isoformat() if isinstance(v, datetime.datetime) else v for v in r]
                                      for r in rows])

    def column(path: Path, delim: str, name: str) -> list[str]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            got = list(csv.reader(fh, delimiter=delim))
        return [r[got[0].index(name)] for r in got[1:]]

    sv = tmp_path / "ut.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(sv), "--no-duplicates"])
    assert r.exit_code == 0, (r.output, r.exception)
    assert ("i delar" in r.stderr) == (kind == "streamed csv")
    assert column(sv, ";", "Kostnad") == ["1234,5", "300", "1.5 timmar"]
    assert column(sv, ";", "Betyg") == ["-0,25", "4,5", "2.3.1"]
    assert column(sv, ";", "Id") == ["1", "2", "007"]
    assert column(sv, ";", "Datum") == ["2026-03-01", "2026-03-02", ""]
    en = tmp_path / "en.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(en), "--no-duplicates", "--csv-delimiter", ","])
    assert r.exit_code == 0, (r.output, r.exception)
    assert column(en, ",", "Kostnad") == ["1234.5", "300", "1.5 timmar"]


def test_a_correction_in_the_csv_is_carried_by_an_id_the_csv_writes_with_a_decimal_comma(tmp_path: Path):
    """Ids numbered 1.1, 1.2, 2.1 in the input workbook are written 1,1 … in the ';' .csv; a correction typed
    there is still matched by id and text on the next run (not by text alone, where a repeated text could
    take another row's correction)."""
    src = tmp_path / "nr.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Nr", "Förslag"])
    for nr, text in [(1.1, "Vi behöver fler datorer"), (1.2, "Bättre wifi i huset"), (2.1, "Vi behöver fler datorer")]:
        wb.active.append([nr, text])
    wb.save(src)
    out = tmp_path / "ut.csv"
    args = ["classify", str(src), "-o", str(out), "--id-column", "Nr", "--no-duplicates"]
    assert runner.invoke(app, args).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["1,1", "1,2", "2,1"]
    rows[3][-1] = "Arbetsmiljö och hälsa"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    r = runner.invoke(app, args)
    assert r.exit_code == 0, (r.output, r.exception)
    assert "matchade på id och text" in r.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert [row[-1] for row in csv.reader(fh, delimiter=";")][1:] == ["", "", "Arbetsmiljö och hälsa"]


def test_a_computed_decimal_of_the_input_workbook_stays_the_number_excel_shows(tmp_path: Path):
    """A workbook cell computed by a formula (=0,1+0,2; =1,1*1,1) is saved by Excel with 17 digits,
    0.30000000000000004, and shown as 0,3. That came out as the text '0.30000000000000004' on the Förslag
    sheet (a green triangle, no sums) and in the .csv; now it is the number 0,3 Excel showed, to Excel's 15
    significant digits, as a number on the sheet and with a decimal comma in the .csv."""
    import zipfile

    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    for r in (["Id", "Poäng", "Förslag"], [1, 0.5, "Vi behöver fler datorer i personalrummet."],
              [2, 0.25, "Bättre wifi i hela huset, det laggar."], [3, 1234567.5, "Mer personal på helgerna."]):
        wb.active.append(r)
    wb.save(plain)
    src = tmp_path / "beraknad.xlsx"  # the values as Excel saves a formula's result
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>0.5</v>", b"<v>0.30000000000000004</v>").replace(
                    b"<v>0.25</v>", b"<v>1.2100000000000002</v>")
            zout.writestr(item, data)
    out, out_csv = tmp_path / "ut.xlsx", tmp_path / "ut.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out), "-o", str(out_csv), "--no-duplicates"])
    assert r.exit_code == 0, (r.output, r.exception)
    assert _column(openpyxl.load_workbook(out)["Förslag"], "Poäng") == [0.3, 1.21, 1234567.5]
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        assert [row[1] for row in csv.reader(fh, delimiter=";")][1:] == ["0,3", "1,21", "1234567,5"]


def test_a_percentage_cell_is_read_as_excel_shows_it(tmp_path: Path):
    """0,25 shown as 25 % is "25 %" in every output, not the 0,25 the user never saw; other numbers stay numbers."""
    src = openpyxl.Workbook()
    ws = src.active
    ws.append(["Löpnr", "Förslag", "Andel", "Kostnad"])
    texts = ["Vi behöver fler vikarier inför sommaren.", "Datorerna är för långsamma vid inloggning.",
             "Lokalen är för trång för hela arbetslaget."]
    for i, (text, share, cost) in enumerate(zip(texts, [0.25, 0.075, -0.125], [1500.5, 25000, 12]), start=1):
        ws.append([i, text, share, cost])
    for cell, fmt in (("C2", "0%"), ("C3", "0.0%"), ("C4", "0.00\\ %")):  # (built-in 0%: Swedish "25 %")
        ws[cell].number_format = fmt
    for cell in ("D2", "D3", "D4"):
        ws[cell].number_format = '#,##0.00 "kr"'
    raw = tmp_path / "andel.xlsx"
    src.save(raw)
    out = _classify(raw, tmp_path / "t.xlsx", "-o", str(tmp_path / "t.csv"))
    sheet = openpyxl.load_workbook(out)["Förslag"]
    assert _column(sheet, "Andel") == ["25 %", "7,5%", "-12,50 %"]
    assert _column(sheet, "Kostnad") == [1500.5, 25000, 12]
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["25 %", "7,5%", "-12,50 %"]


def test_a_duration_cell_is_read_as_excel_shows_it(tmp_path: Path):
    """A duration ([h]:mm: 36 hours of overtime) came out as Python's '1 day, 12:00:00', English text the user never
    saw; it is 36:00:00, as Excel shows it, and a duration under a day 1:30:00."""
    from datetime import timedelta

    src = openpyxl.Workbook()
    ws = src.active
    ws.append(["Löpnr", "Förslag", "Övertid"])
    ws.append([1, "Vi behöver fler vikarier inför sommaren.", timedelta(hours=36)])
    ws.append([2, "Datorerna är för långsamma vid inloggning.", timedelta(minutes=90, seconds=5)])
    for cell in ("C2", "C3"):
        ws[cell].number_format = "[h]:mm:ss"
    raw = tmp_path / "tid.xlsx"
    src.save(raw)
    out = _classify(raw, tmp_path / "t.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["36:00:00", "1:30:05"]


@pytest.mark.parametrize("command,lang", [("duplicates", "sv"), ("duplicates", "en"), ("discover", "sv")])
def test_duplicates_and_discover_workbooks_name_the_column_their_units_are_from(tmp_path: Path, command, lang):
    """With a unit column given by hand (-g Kostnadsställe) the groups' and clusters' *Enheter* could not be traced
    to a column: Förklaringar now names it, as classify's names it for *Antal enheter*."""
    p = tmp_path / "export.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Löpnr", "Kostnadsställe", "Förslag"])
        w.writerows([(r[0], r[2], r[4]) for r in ROWS] + [("12", "Skolan Öst", ROWS[0][4])])
    out = tmp_path / f"{command}.xlsx"
    r = CliRunner().invoke(app, [command, str(p), "-g", "Kostnadsställe", "--lang", lang, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    notes = dict(openpyxl.load_workbook(out)["Förklaringar" if lang == "sv" else "Explanations"].iter_rows(
        values_only=True))
    units = [text for col, text in notes.items() if str(col).startswith("Enheter (" if lang == "sv" else "Units (")]
    assert units and all(t.endswith(" Enheterna är värdena i kolumnen «Kostnadsställe» på bladet Förslag." if lang == "sv"
                                    else " The units are the values of the column 'Kostnadsställe' on the sheet "
                                         "Suggestions.") for t in units), notes
