"""Tests for ``forbattra report``: HTML/Markdown/Excel reports from raw exports and classify output."""

from __future__ import annotations

import csv
import html as html_module
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbattra.cli import app

from forbattra.outputs.writers import TRUNCATION_MARK  # noqa: E402

runner = CliRunner()

SECRETS = ["19850101-1234", "850101-1234", "8501011234", "070-123 45 67", "a.b@kommun.se", "Svensson"]
LONG = "Vi behöver bättre ventilation i personalrummet. " * 840  # > 40,000 characters

ROWS = [
    # id, enhet, förvaltning, datum, namn, förslag
    ("1", "Hemtjänst Norr", "Vård", "2024-01-15", "Anna Svensson",
     "Vi behöver fler vikarier inför sommaren, schemat har luckor varje helg. Ring mig på 070-123 45 67."),
    ("2", "Hemtjänst Norr", "Vård", "2024-02-03", "Bo Ek",
     "Datorerna är för långsamma och inloggningen i systemet tar tio minuter varje morgon."),
    ("3", "Hemtjänst Syd", "Vård", "2024-02-20", "Cia Lund",
     "Brukaren 19850101-1234 fick fel insats; rutinen för dokumentation måste bli tydligare."),
    ("4", "Hemtjänst Syd", "Vård", "2024-03-05", "Dan Berg",
     "Skicka frågor till a.b@kommun.se om budgeten för inköp av nya hjälpmedel, kostnaden är för hög."),
    ("5", "Skolan Väst", "Skola", "2024-03-18", "Eva Holm",
     "<script>alert('x')</script> Lokalen är för trång och ventilationen fungerar inte i klassrummet."),
    ("6", "Skolan Väst", "Skola", "2024-04-02", "Fia Ström",
     "Prata med Anna Svensson om utbildning: vi vill gå en kurs i kompetensutveckling för lärare, pnr 850101-1234."),
    ("7", "Skolan Öst", "Skola", "2024-04-22", "Gun Ros",
     "=SUM(1,2) Chefen borde återkoppla på våra förslag och vara mer närvarande i verksamheten, 8501011234."),
    ("8", "Skolan Öst", "Skola", "2024-05-09", "Hans Ek", LONG),
]


@pytest.fixture()
def raw_csv(tmp_path: Path) -> Path:
    p = tmp_path / "forslag.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "enhet", "förvaltning", "datum", "namn", "förslag"])
        w.writerows(ROWS)
    return p


def _ok(args: list[str]):
    res = runner.invoke(app, args)
    assert res.exit_code == 0, (res.output, getattr(res, "stderr", ""), res.exception)
    return res


def _report(inp, tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    args = ["report", *(str(i) for i in (inp if isinstance(inp, list) else [inp])), "--out", str(out), *extra]
    _ok(args)
    assert out.exists()
    return out


# ------------------------------------------------------------------------------------------------ HTML


def test_html_is_self_contained_escaped_and_redacted(raw_csv: Path, tmp_path: Path):
    html = _report(raw_csv, tmp_path, "rapport.html", "--person-column", "namn").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?!#)[a-z]+:""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    for s in SECRETS:
        assert s not in html, s
    assert "[personnummer]" in html and "[telefon]" in html and "[e-post]" in html and "[namn]" in html
    for heading in ("Teman: antal och andel", "Tema per enhet", "Utveckling per månad", "Bredd mot volym",
                    "Teman i detalj", "@media print"):
        assert heading in html
    assert html.count("<svg") >= 3


def test_html_no_redact_keeps_personal_data_and_english(raw_csv: Path, tmp_path: Path):
    html = _report(raw_csv, tmp_path, "r.html", "--person-column", "namn", "--no-redact", "--lang", "en",
                   "--title", "Q1 <report>").read_text(encoding="utf-8")
    for s in ("070-123 45 67", "a.b@kommun.se", "19850101-1234"):
        assert s in html
    assert "Anna Svensson" in html or "Svensson" in html
    assert "Themes: count and share" in html and "Q1 &lt;report&gt;" in html and "<script>" not in html


def test_report_from_classify_outputs(raw_csv: Path, tmp_path: Path):
    jsonl, xlsx, csv_out = tmp_path / "teman.jsonl", tmp_path / "teman.xlsx", tmp_path / "teman.csv"
    _ok(["classify", str(raw_csv), "--out", str(jsonl), "--out", str(xlsx), "--out", str(csv_out),
         "--person-column", "namn"])
    direct = _report(raw_csv, tmp_path, "direct.md", "--person-column", "namn").read_text(encoding="utf-8")
    for src in (jsonl, xlsx, csv_out):
        md = _report(src, tmp_path, f"from_{src.suffix[1:]}.md").read_text(encoding="utf-8")
        assert _theme_rows(md) == _theme_rows(direct), src
    html = _report(xlsx, tmp_path, "from_xlsx.html").read_text(encoding="utf-8")
    for s in SECRETS:
        assert s not in html, s  # the 'namn' column of classify's sheet is found again


def _theme_rows(md: str) -> list[tuple[str, str]]:
    block = md.split("## Teman", 1)[1].split("\n## ", 1)[0]
    return [tuple(c.strip() for c in line.strip("|").split("|")[:2]) for line in block.splitlines()
            if line.startswith("| ") and "Tema" not in line]


def test_duplicate_groups_section(tmp_path: Path):
    rows = [{"row": i + 1, "id": str(i), "text": t, "group": g, "date": None, "themes": ["lokaler"],
             "scores": {"lokaler": 0.9}, "evidence": {"lokaler": ["lokal"]}, "status": "ok", "duplicate_group": d}
            for i, (t, g, d) in enumerate([("Lokalen är för liten", "A", "d1"), ("Lokalen är för liten!", "B", "d1"),
                                           ("Trångt i lokalen", "C", None)])]
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    html = _report(p, tmp_path, "d.html").read_text(encoding="utf-8")
    assert "Dubbletter" in html and "Lokalen är för liten!" in html


# ------------------------------------------------------------------------------------------------ Markdown


def test_markdown_tables_and_filters(raw_csv: Path, tmp_path: Path):
    md = _report(raw_csv, tmp_path, "r.md").read_text(encoding="utf-8")
    assert ("| Tema | Antal förslag | Andel av alla förslag | Antal enheter | Största enhet | "
            "Andel från största enhet | Bedömning |") in md
    assert "|---|---:|---:|---:|---|---:|---|" in md
    assert "## Tema per enhet" in md and "| Hemtjänst Norr |" in md
    assert "Förslag: 8 ·" in md and "2024-01-15 – 2024-05-09" in md
    sel = _report(raw_csv, tmp_path, "s.md", "--since", "2024-02-01", "--until", "2024-03-31").read_text(encoding="utf-8")
    assert "Förslag: 4 ·" in sel
    grp = _report(raw_csv, tmp_path, "g.md", "--group", "Skolan Väst", "--group", "skolan öst").read_text(encoding="utf-8")
    assert "Förslag: 4 ·" in grp and "Hemtjänst" not in grp
    th = _report(raw_csv, tmp_path, "t.md", "--theme", "lokaler").read_text(encoding="utf-8")
    n = int(re.search(r"Förslag: (\d+)", th)[1])
    assert 1 <= n < 8
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "x.md"), "--theme", "nope"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "x.md"), "--since", "15/1/2024"])
    assert res.exit_code == 2


def test_comparison_by_column_and_by_files(raw_csv: Path, tmp_path: Path):
    md = _report(raw_csv, tmp_path, "c.md", "--compare-column", "förvaltning").read_text(encoding="utf-8")
    assert "## Jämförelse" in md and "| Tema | Skola | Vård |" in md
    a, b = tmp_path / "kommun_a.csv", tmp_path / "kommun_b.csv"
    lines = raw_csv.read_text(encoding="utf-8").splitlines()
    a.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    b.write_text("\n".join([lines[0], *lines[5:]]) + "\n", encoding="utf-8")
    html = _report([a, b], tmp_path, "c.html").read_text(encoding="utf-8")
    assert "Jämförelse" in html and "kommun_a" in html and "kommun_b" in html
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "y.md"), "--compare-column", "saknas"])
    assert res.exit_code == 3


def test_compare_column_is_one_organisation_however_spelt_and_a_dash_is_none(tmp_path: Path):
    """An export types its administration in capitals on some rows, with a double space or a full stop on
    others, and '-' where none was given: one organisation each, as a unit is one unit, and '-' none."""
    p = tmp_path / "orgs.csv"
    p.write_text("Id;Förvaltning;Enhet;Förslag\n1;Socialförvaltningen;A;Vi behöver fler vikarier på helgerna.\n"
                 "2;SOCIALFÖRVALTNINGEN;B;Ventilationen i personalrummet är dålig.\n"
                 "3;Socialförvaltningen.;C;Fler datorer till personalen.\n"
                 "4;Skolförvaltningen;D;Rekrytera fler lärare till mellanstadiet.\n"
                 "5;-;E;Nya datorer till skolan.\n", encoding="utf-8")
    md = _report(p, tmp_path, "o.md", "--compare-column", "Förvaltning").read_text(encoding="utf-8")
    assert "| Tema | Skolförvaltningen | Socialförvaltningen |" in md
    assert "| Rader (n) | 1 | 3 |" in md
    wb = __import__("openpyxl").load_workbook(_report(p, tmp_path, "o.xlsx", "--compare-column", "Förvaltning"))
    heads = [c.value for c in next(wb["Jämförelse"].iter_rows(max_row=1))]
    assert heads == ["Tema", "Andel Skolförvaltningen (n=1)", "Andel Socialförvaltningen (n=3)"]


def test_files_of_the_same_name_stay_apart_and_a_file_given_twice_counts_once(raw_csv: Path, tmp_path: Path):
    """Exports of two organisations often share a file name: they are told apart by their folder."""
    lines = raw_csv.read_text(encoding="utf-8").splitlines()
    for folder, part in (("nord", lines[1:5]), ("syd", lines[5:])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "export.csv").write_text("\n".join([lines[0], *part]) + "\n", encoding="utf-8")
    md = _report([tmp_path / "nord" / "export.csv", tmp_path / "syd" / "export.csv"], tmp_path, "ns.md").read_text(encoding="utf-8")
    assert "## Jämförelse" in md and "| Tema | nord/export | syd/export |" in md
    once = _report([raw_csv], tmp_path, "once.md").read_text(encoding="utf-8")
    res = runner.invoke(app, ["report", str(raw_csv), str(raw_csv), "--out", str(tmp_path / "twice.md")])
    assert res.exit_code == 0 and "anges två gånger" in res.stderr
    twice = (tmp_path / "twice.md").read_text(encoding="utf-8")
    count = re.compile(r"Förslag: (\d+)")
    assert count.search(twice).group(1) == count.search(once).group(1)


def test_two_exports_of_one_name_in_one_folder_are_compared_by_their_suffix(raw_csv: Path, tmp_path: Path):
    """nord.csv and nord.tsv beside each other (the same name, another format): no folder tells them apart, and
    both got the organisation name '//…/nord', one organisation: the comparison was left out without a word and
    the rows of both counted as one organisation's. Named by their file names, they are compared."""
    lines = raw_csv.read_text(encoding="utf-8").splitlines()
    (tmp_path / "nord.csv").write_text("\n".join([lines[0], *lines[1:5]]) + "\n", encoding="utf-8")
    (tmp_path / "nord.tsv").write_text("\n".join(line.replace(";", "\t") for line in [lines[0], *lines[5:]]) + "\n",
                                       encoding="utf-8")
    md = _report([tmp_path / "nord.csv", tmp_path / "nord.tsv"], tmp_path, "n.md").read_text(encoding="utf-8")
    assert "## Jämförelse" in md and "| Tema | nord.csv | nord.tsv |" in md


@pytest.mark.parametrize("missing, line", [("syd.csv", "syd.csv: filen eller mappen finns inte"),
                                           ("syd.db", "syd.db: historiken finns inte")])
def test_a_missing_later_input_is_said_before_the_first_is_read(raw_csv: Path, tmp_path: Path, missing, line):
    """'report nord.xlsx syd.xlsx' with a typo in the second name read and classified the first (minutes for a big
    export) before saying the second was not there: now said first, nothing read, nothing written."""
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(raw_csv), str(tmp_path / missing), "--out", str(out)])
    assert res.exit_code == 3
    assert res.stderr.strip() == f"Fel: {tmp_path / line}; kontrollera sökvägen", res.stderr  # its one line
    assert not out.exists()


def test_units_of_the_same_name_in_two_organisations_are_two_units(tmp_path: Path):
    nord, syd = tmp_path / "nord.csv", tmp_path / "syd.csv"
    nord.write_text("Id;Enhet;Förslag\nN1;Hemtjänst;Vi behöver fler vikarier på helgerna.\n"
                    "N2;Hemtjänst;Rekrytera fler undersköterskor till natten.\nN3;Skola;Ventilationen i klassrummen är dålig.\n",
                    encoding="utf-8")
    syd.write_text("Id;Enhet;Förslag\nS1;Hemtjänst;Fler vikarier behövs på sommaren.\n"
                   "S2;Hemtjänst;Anställ fler sjuksköterskor.\nS3;Kök;Köket behöver ny ventilation.\n", encoding="utf-8")
    md = _report([nord, syd], tmp_path, "ns.md").read_text(encoding="utf-8")
    assert "| Hemtjänst (nord) |" in md and "| Hemtjänst (syd) |" in md and "| Hemtjänst |" not in md
    rekrytering = next(line for line in md.splitlines() if line.startswith("| Rekrytering och bemanning |"))
    assert rekrytering.split(" | ")[3] == "2"  # two units raised it, one in each organisation
    assert "| Skola |" in md and "| Kök |" in md  # names found in one organisation only stay as they are
    one = _report([nord, syd], tmp_path, "n.md", "--group", "Hemtjänst (nord)").read_text(encoding="utf-8")
    both = _report([nord, syd], tmp_path, "b.md", "--group", "Hemtjänst").read_text(encoding="utf-8")
    assert "Förslag: 2 " in one and "Förslag: 4 " in both
    # rows without an organisation (--compare-column left blank) do not make a second organisation
    mixed = tmp_path / "blank.csv"
    mixed.write_text("Id;Förvaltning;Enhet;Förslag\n1;;HR;Fler vikarier på helgerna.\n2;KLF;HR;Anställ fler sjuksköterskor.\n"
                     "3;KLF;HR;Rekrytera fler undersköterskor.\n", encoding="utf-8")
    md = _report(mixed, tmp_path, "m.md", "--compare-column", "Förvaltning").read_text(encoding="utf-8")
    assert "| HR |" in md and "HR (KLF)" not in md


def test_rows_without_a_unit_leave_cells_empty_not_nan_or_a_backslash(tmp_path: Path):
    src = tmp_path / "r.csv"
    src.write_text("Id;Enhet;Förslag\nA1;Hemtjänst Norr;Vi behöver fler vikarier på helgerna.\n"
                   "A2;;Rekrytera fler undersköterskor till natten, vi är för få.\nA3;;Ventilationen i matsalen är dålig.\n",
                   encoding="utf-8")
    html = _report(src, tmp_path, "r.html").read_text(encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "— nan" not in html and "nan</span>" not in html
    assert "| \\ |" not in md and "*\\*" not in md
    assert "Ventilationen i matsalen är dålig." in md


def test_an_english_report_masks_with_english_placeholders(tmp_path: Path):
    src = tmp_path / "r.csv"
    src.write_text("Id;Enhet;Namn;Förslag\n"
                   "1;Skolan;Karin Öberg;Bättre datorer i skolan, ring Karin Öberg på 070-123 45 67.\n"
                   "2;Skolan;Per Lund;Nya datorer till lärarna, mejla per.lund@kommun.se.\n", encoding="utf-8")
    en = _report(src, tmp_path, "en.md", "--lang", "en").read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    sv = _report(src, tmp_path, "sv.md").read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    assert "[phone]" in en and "[name]" in en and "[telefon]" not in en and "[namn]" not in en
    assert "[telefon]" in sv and "[namn]" in sv and "070-123" not in en + sv and "Öberg" not in en + sv


def test_english_report_workbook_has_english_sheet_names(raw_csv: Path, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(_report(raw_csv, tmp_path, "en.xlsx", "--lang", "en"))
    assert "Chart data" in wb.sheetnames and "Charts" in wb.sheetnames
    assert not {"Diagramdata", "Diagram", "Rapport"} & set(wb.sheetnames)
    assert len(wb["Charts"]._charts) >= 3


def test_bad_output_is_refused(raw_csv: Path, tmp_path: Path):
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "r.pdf")])
    assert res.exit_code == 3 and not (tmp_path / "r.pdf").exists()


# ------------------------------------------------------------------------------------------------ Excel


def test_xlsx_sheets_charts_no_formulas_truncation(raw_csv: Path, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    out = _report(raw_csv, tmp_path, "r.xlsx", "--person-column", "namn")
    wb = openpyxl.load_workbook(out)
    for name in ("Förslag", "Teman", "Tema per enhet", "Utveckling per månad", "Diagram"):
        assert name in wb.sheetnames, wb.sheetnames
    assert len(wb["Diagram"]._charts) >= 3
    assert wb["Diagram"].page_setup.orientation == "landscape"
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(t.startswith("=SUM(1,2)") for t in texts)
    long_cells = [t for t in texts if len(t) > 30_000]
    assert long_cells and all(len(t) <= 32_767 and t.endswith(TRUNCATION_MARK) for t in long_cells)
    joined = "\n".join(texts)
    for s in SECRETS:
        assert s not in joined, s


def test_xlsx_teman_sheet_has_the_key_terms_the_html_cards_show(tmp_path: Path):
    """The HTML and Markdown show each theme's key terms on its card; the workbook an analyst hands on had no
    trace of them. Its Teman sheet has them as a column (the same words, same order), explained in Förklaringar."""
    openpyxl = pytest.importorskip("openpyxl")
    sample = Path(__file__).parents[1] / "sample_data" / "forslag.csv"
    md, xlsx = tmp_path / "r.md", tmp_path / "r.xlsx"
    r = runner.invoke(app, ["report", str(sample), "-o", str(md), "-o", str(xlsx), "--date", "2026-01-01"])
    assert r.exit_code == 0, r.stderr
    cards = {}
    for block in md.read_text(encoding="utf-8").split("\n### ")[1:]:
        title = block.splitlines()[0].split(" · ")[0].strip()
        terms = [ln for ln in block.splitlines() if ln.startswith("**Nyckelord:**")]
        if terms:
            cards[title] = terms[0].removeprefix("**Nyckelord:**").strip()
    rows = list(openpyxl.load_workbook(xlsx)["Teman"].iter_rows(values_only=True))
    head = list(rows[0])
    sheet = {r[head.index("Tema")]: r[head.index("Nyckelord")] for r in rows[1:]}
    assert cards and all(sheet[t] == words for t, words in cards.items()), (cards, sheet)
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(xlsx)["Förklaringar"].iter_rows(values_only=True)}
    assert notes["Nyckelord"].startswith("Ord som är mycket vanligare i temats förslag")


@pytest.mark.parametrize("lang,sheet,notes,total", [("sv", "Tema per enhet", "Förklaringar", "Totalt"),
                                                    ("en", "Themes by unit", "Explanations", "Total")])
def test_xlsx_explains_the_units_sheets_total_where_it_has_one(tmp_path: Path, lang, sheet, notes, total):
    """The report workbook's Tema per enhet sheet ends in Totalt, the unit's rows, which is less than the sum of
    its theme columns (a suggestion can have several themes); Förklaringar did not say so. Without a unit column
    there is no such sheet, and no such line."""
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\nHemtjänst Norr;Fler vikarier och bättre datorer behövs\n"
                   "Skolan Väst;Lokalen är för trång\n", encoding="utf-8")
    bare = tmp_path / "bare.csv"
    bare.write_text("Förslag\nFler vikarier och bättre datorer behövs\nLokalen är för trång\n", encoding="utf-8")
    for path, has_units in ((src, True), (bare, False)):
        out = tmp_path / f"{path.stem}.xlsx"
        r = runner.invoke(app, ["report", str(path), "-o", str(out), "--lang", lang, "--date", "2026-01-01"])
        assert r.exit_code == 0, r.stderr
        wb = openpyxl.load_workbook(out)
        explained = [r[0] for r in wb[notes].iter_rows(min_row=2, values_only=True)]
        assert (sheet in wb.sheetnames) is has_units
        assert (f"{sheet}: {total}" in explained) is has_units
        if has_units:
            assert [c.value for c in wb[sheet][1]][-1] == total


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_xlsx_charts_have_alternative_text(tmp_path: Path, lang: str):
    """WCAG 1.1.1 / Excel's accessibility check: the workbook report's charts had no alternative text, so Excel's
    'Check Accessibility' listed each as 'Missing alternative text' and a screen reader announced 'Chart 1'. Each
    chart now says what it shows and where its figures are."""
    import zipfile

    out = _report(_many_units_jsonl(tmp_path), tmp_path, f"alt_{lang}.xlsx", "--lang", lang)
    with zipfile.ZipFile(out) as z:
        drawings = [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.startswith("xl/drawings/drawing")]
    descr = [html_module.unescape(d) for x in drawings for d in re.findall(r'<xdr:cNvPr [^>]*descr="([^"]*)"', x)]
    frames = sum(x.count("<xdr:graphicFrame") for x in drawings)
    expected = {"sv": ["Teman: antal och andel", "Utveckling per månad", "Bredd mot volym"],
                "en": ["Themes: count and share", "Trend per month", "Breadth vs volume"]}[lang]
    sheet = {"sv": "bladet Diagramdata", "en": "the sheet Chart data"}[lang]
    assert frames == len(expected) and len(descr) == frames, drawings
    assert all(d.startswith(title) and sheet in d for d, title in zip(descr, expected)), descr


def test_the_top_units_are_those_with_most_suggestions_not_most_blank_rows(tmp_path: Path):
    """'De 15 enheter med flest förslag av 16' ranked the units by Totalt, every row of the unit: a unit of 2
    suggestions and 18 empty rows (a form sent back blank) took the place of one of 3 suggestions. They are ranked
    by their suggestions, as the note says; the appendix still lists every unit."""
    lines = ["Enhet;Förslag"]
    for u in range(15):
        lines += [f"Enhet {u:02d};Vi behöver fler vikarier på helgerna {k}" for k in range(3)]
    lines += ["Tomma enheten;Bättre wifi i personalrummet", "Tomma enheten;Nya datorer till alla"]
    lines += ["Tomma enheten;"] * 18
    src = tmp_path / "in.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    body = md.split("## Tema per enhet", 1)[1].split("\n## ", 1)[0]
    assert "De 15 enheter med flest förslag av 16" in body
    assert [ln.split(" | ")[0].strip("| ") for ln in body.splitlines() if re.match(r"\| Enhet \d", ln)] == [
        f"Enhet {u:02d}" for u in range(15)]
    assert "| Tomma enheten |" not in body and "| Tomma enheten |" in md  # (in the appendix)


def test_xlsx_chart_axes_count_in_whole_numbers(tmp_path: Path):
    """The workbook's charts left their count axes to Excel, whose scale steps by 0,5 through a few counts: the
    month chart's "0" format wrote its axis 0, 1, 1, 2, 2, 3, and the bar chart's counts read "0,5", "1,5"; the
    scatter's units were stepped by 1, a label for each of 40 units of the sample export. Each count axis now runs
    from 0 in the whole-number steps the HTML's axes take."""
    import zipfile

    src = tmp_path / "in.csv"
    src.write_text("Datum;Enhet;Förslag\n2026-01-12;A;Vi behöver fler bilar till hemtjänsten\n"
                   "2026-01-20;A;Fler bilar behövs på morgonen\n2026-02-14;A;Vi vill ha fler bilar\n"
                   "2026-02-20;B;Bilarna räcker inte, vi behöver fler\n2026-03-05;B;Bättre wifi överallt\n"
                   "2026-03-09;C;Bättre wifi i personalrummet\n", encoding="utf-8")

    def axes(path: Path) -> dict[str, list[tuple[str, str, str]]]:
        with zipfile.ZipFile(path) as z:
            charts = [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]
        kind = {"<c:lineChart>": "trend", "<c:scatterChart>": "scatter", "<c:barChart>": "bars"}  # (trend: bars, lines)
        return {next(v for k, v in kind.items() if k in c): [
            (re.search(r'<c:min val="([^"]*)"', a)[1], re.search(r'<c:max val="([^"]*)"', a)[1],
             re.search(r'<c:majorUnit val="([^"]*)"', a)[1]) for a in c.split("<c:valAx>")[1:]] for c in charts}

    got = axes(_report(src, tmp_path, "r.xlsx", "--date", "2026-12-01"))
    # bars: 4 suggestions of the largest theme; the month with most suggestions has 2; the scatter: 4 and 2 units
    assert got == {"bars": [("0", "6", "2")], "trend": [("0", "2", "1")], "scatter": [("0", "6", "2"), ("0", "3", "1")]}
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.xlsx"
    assert axes(_report([sample], tmp_path, "s.xlsx"))["scatter"] == [("0", "80", "20"), ("0", "60", "20")]


def test_xlsx_trend_chart_draws_every_theme_line(tmp_path: Path):
    """The monthly trend: Totalt as columns and one line per theme, as the HTML draws it (xlsxwriter's
    combine() keeps one chart, so all lines must be in it)."""
    import zipfile

    out = _report([Path(__file__).resolve().parents[1] / "sample_data" / "forslag.xlsx"], tmp_path, "t.xlsx")
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    trend = [c for c in charts if "<c:lineChart>" in c]
    assert len(trend) == 1
    lines = trend[0].split("<c:lineChart>")[1].split("</c:lineChart>")[0]
    assert lines.count("<c:ser>") == 5



def test_a_big_report_workbook_keeps_every_chart_figure(tmp_path: Path, monkeypatch):
    """A report of more than 20,000 suggestions is written in xlsxwriter's constant-memory mode, where a cell
    written above the row last written is dropped: the chart data sheet, written a column at a time, kept only
    its first column, so every chart of the Diagram sheet was empty. The chart data is the same in both modes."""
    import openpyxl

    from forbattra.outputs import writers

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.xlsx"
    small = _report([sample], tmp_path, "small.xlsx")
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    big = _report([sample], tmp_path, "big.xlsx")

    def chart_data(path):
        ws = openpyxl.load_workbook(path)["Diagramdata"]
        return [list(r) for r in ws.iter_rows(values_only=True)]

    got, want = chart_data(big), chart_data(small)
    assert sum(isinstance(v, (int, float)) for r in want for v in r) > 20 and got == want


# ------------------------------------------------------------------------------------------------ Chromium

CHROMIUM = "/usr/bin/chromium"


def _png_not_blank(path: Path, *, use_pillow: bool = True) -> bool:
    """True when the PNG has more than one colour (Pillow if installed, else a tiny decoder)."""
    try:
        from PIL import Image
    except ImportError:
        Image = None
    if Image is not None and use_pillow:
        with Image.open(path) as im:
            extrema = im.convert("RGB").getextrema()
        return any(lo != hi for lo, hi in extrema)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    first = None
    for y in range(height):  # undo the per-row filters, stop at the first pixel that differs
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        px = {bytes(line[i:i + bpp]) for i in range(0, stride, bpp)}
        first = first or next(iter(px))
        if len(px) > 1 or first not in px:
            return True
        prev = line
    return False


def _page_requests(netlog: Path) -> list[str]:
    """http(s) URLs the page asked for (Chromium's own background requests have initiator 'not an origin')."""
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip()
    try:
        d = json.loads(text)
    except json.JSONDecodeError:  # Chromium was stopped before it closed the log
        d = json.loads(text.rstrip(",") + "]}")
    types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
    urls = []
    for e in d.get("events", []):
        p = e.get("params") or {}
        url = p.get("url")
        if types.get(e["type"]) == "URL_REQUEST_START_JOB" and isinstance(url, str) and url.startswith(("http://", "https://")):
            if p.get("initiator") != "not an origin":
                urls.append(url)
    return urls


def _chromium(page: Path, tmp: Path, tag: str) -> tuple[Path, Path]:
    shot, netlog = tmp / f"{tag}.png", tmp / f"{tag}-net.json"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp / (tag + '-profile')}",
           f"--screenshot={shot}", "--window-size=1280,2000", f"--log-net-log={netlog}", page.resolve().as_uri()]
    subprocess.run(cmd, timeout=60, capture_output=True, check=False, env={**os.environ, "HOME": str(tmp)})
    return shot, netlog


# measured in the browser: each chart's texts against the chart's box, written into the page for --dump-dom to read
_MEASURE = """<script>window.addEventListener('load', function () {
 var out = {outside: []};
 document.querySelectorAll('svg').forEach(function (s) {
  var b = s.getBoundingClientRect();
  s.querySelectorAll('text').forEach(function (t) {
   var r = t.getBoundingClientRect();
   if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
    out.outside.push(s.getAttribute('aria-label') + ': ' + t.textContent);
  });
 });
 // what sticks out of the page's width, not counting what scrolls inside a box of its own
 var W = document.documentElement.getBoundingClientRect().width; out.width = W; out.sticking_out = [];
 document.querySelectorAll('main *').forEach(function (el) {
  if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') return;
  for (var p = el.parentElement; p; p = p.parentElement)
   if (['auto', 'scroll'].indexOf(getComputedStyle(p).overflowX) >= 0) return;
  if (el.getBoundingClientRect().right > W + 0.5) out.sticking_out.push(el.tagName + ': ' + el.textContent.slice(0, 40));
 });
 // a box whose text runs out of it (a card's figure under the next card): its content wider than the box
 out.spilling = [];
 document.querySelectorAll('main *').forEach(function (el) {
  if (el.closest('svg') || getComputedStyle(el).overflowX !== 'visible') return;
  if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.spilling.push(el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40));
 });
 // a narrow header's word (or the part of it up to a soft hyphen) wider than its cell: broken mid-word
 out.broken_headers = [];
 var ctx = document.createElement('canvas').getContext('2d');
 document.querySelectorAll('table.heat thead th, .figures thead th').forEach(function (th) {
  var cs = getComputedStyle(th);
  ctx.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
  var room = th.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  th.textContent.split(/\\s+/).forEach(function (word) {
   var parts = word.split('\u00ad');
   parts.forEach(function (p, i) {  // (a hyphen written in the word, 'decision-making', is a place to break too)
    p.split(/(?<=-)/).forEach(function (q, k, qs) {
     var tail = k === qs.length - 1 && i < parts.length - 1 ? '-' : '';
     if (ctx.measureText(q + tail).width > room + 0.5) out.broken_headers.push(q);
    });
   });
  });
 });
 out.smallest_chart_text = Math.min.apply(null, [].map.call(document.querySelectorAll('svg text'), function (t) {
  return parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getBoundingClientRect().width
         / t.closest('svg').viewBox.baseVal.width; }));
 var pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
 document.body.appendChild(pre);
});</script>"""


def _measure(page: Path, tmp: Path, width: int | None = None, printed: bool = False) -> dict:
    """The page laid out by headless Chromium (1280 px wide), measured by :data:`_MEASURE`.

    ``width``: the page laid out that wide, as on a phone (headless Chromium opens no window narrower than 500 px,
    so the page itself is made that wide). ``printed``: laid out with its print stylesheet (at ``width`` 1016, the
    width of A4 landscape less the page's margins)."""
    probe = tmp / f"{page.stem}-measured.html"
    narrow = f"<style>html{{width:{width}px}}</style></head>" if width else "</head>"
    text = page.read_text(encoding="utf-8")
    if printed:
        assert "@media print{" in text
        text = text.replace("@media print{", "@media all{", 1)
    probe.write_text(text.replace("</head>", narrow, 1).replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--no-first-run", f"--user-data-dir={tmp / (page.stem + '-profile')}", "--window-size=1280,900",
                          "--virtual-time-budget=5000", "--dump-dom", probe.resolve().as_uri()],
                         timeout=60, capture_output=True, text=True, check=False, env={**os.environ, "HOME": str(tmp)})
    found = re.search(r'<pre id="measured">(.*?)</pre>', res.stdout, re.S)
    assert found, res.stderr[-2000:]
    return json.loads(html_module.unescape(found.group(1)))


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_headless_chromium_renders_without_network(raw_csv: Path, tmp_path: Path):
    page = _report(raw_csv, tmp_path, "rapport.html", "--person-column", "namn")
    shot, netlog = _chromium(page, tmp_path, "report")
    assert shot.exists() and shot.stat().st_size > 1000
    assert _png_not_blank(shot) and _png_not_blank(shot, use_pillow=False)
    assert netlog.exists()
    assert _page_requests(netlog) == []
    # the detector itself works: a page with an external image is caught
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="https://example.invalid/x.png">x</body></html>', encoding="utf-8")
    _, ctl_log = _chromium(control, tmp_path, "control")
    assert any("example.invalid" in u for u in _page_requests(ctl_log))


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_printed_unit_tables_keep_rows_whole_and_stay_with_their_heading(tmp_path: Path):
    """Printed (A4): the unit tables are longer than a page. Kept whole (break-inside: avoid) they were pushed off
    their heading's page, leaving a page with only the heading, and broke anyway, cutting a tall row in two."""
    pypdf = pytest.importorskip("pypdf")
    rows, n = [], 0
    for u in range(60):  # unit names of one to four lines, each with a start and an end mark
        name = f"Start{u:02d} " + "Äldreomsorgens särskilda boende avdelning " * (u % 4) + f"Slut{u:02d}"
        for j in range(u % 3 + 1):
            n += 1
            rows.append({"row": n, "id": str(n), "text": f"Lokalen är för liten och trång {n}", "group": name,
                         "date": f"2024-0{1 + j}-{10 + j:02d}", "themes": ["lokaler"], "scores": {"lokaler": 0.9},
                         "evidence": {}, "status": "ok"})
    src = tmp_path / "long.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, "long.html", "--date", "2026-01-01")
    pdf = tmp_path / "long.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'pdf-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                   timeout=60, capture_output=True, check=False, env={**os.environ, "HOME": str(tmp_path)})
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    assert len(pages) > 3
    for i, text in enumerate(pages, start=1):
        starts, ends = set(re.findall(r"Start(\d\d)", text)), set(re.findall(r"Slut(\d\d)", text))
        assert starts == ends, f"page {i}: rows cut in two {sorted(starts ^ ends)}"
        if "Tema per enhet" in text or "Bilaga: tema per enhet" in text:
            assert starts, f"page {i}: a heading without its table"



@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_chart_labels_are_not_cut_off_at_the_charts_left_edge(tmp_path: Path):
    """The bar charts gave every label 260 px, right-aligned: the English report of the sample data showed
    'orking methods, routines and documentation', and an own taxonomy's long labels lost their first words."""
    taxonomy = tmp_path / "egen.yaml"
    taxonomy.write_text("name: egen\nfallback: ovrigt\nthemes:\n"
                        "  - id: lang\n    label: Arbetsmiljö, hälsa och trygghet för alla medarbetare i den dagliga "
                        "verksamheten inom vård och omsorg\n    keywords: [lokal]\n"
                        "  - id: kort\n    label: Kort\n    keywords: [dator]\n"
                        "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    rows = [("E1", "Arbetssättet med dokumentationen behöver ses över", ["arbetssatt"], 0.9, "ok"),
            ("E2", "Rutinerna för dokumentation är oklara", ["arbetssatt"], 0.9, "ok"),
            ("E3", "Wifi fungerar dåligt i huset", ["it"], 0.9, "ok")]
    nord, syd = _jsonl(tmp_path / "nord.jsonl", rows), _jsonl(tmp_path / "syd.jsonl", rows[1:])
    english = _report([nord, syd], tmp_path, "en.html", "--lang", "en")
    assert "Working methods, routines and documentation" in english.read_text(encoding="utf-8")
    raw = tmp_path / "egen.csv"
    raw.write_text("enhet;förslag\nA;Lokalen är för trång\nB;Lokalen är kall\nA;Datorn är långsam\n", encoding="utf-8")
    own = _report(raw, tmp_path, "egen.html", "--taxonomy", str(taxonomy))
    for page in (english, own):
        assert _measure(page, tmp_path)["outside"] == [], page.name




@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_on_a_phone_nothing_sticks_out_and_chart_text_stays_readable(tmp_path: Path):
    """At 360 px the four headline cards stayed four columns and, with the themes' table, ran about 600 px past the
    screen's edge, and each chart shrank to a third of its size, its labels 3 px high. The cards now stack, a wide
    table or chart scrolls sideways in its own box, and a chart keeps at least 9 px text."""
    page = _report(_many_units_jsonl(tmp_path), tmp_path, "telefon.html", "--date", "2026-01-01")
    phone = _measure(page, tmp_path, width=360)
    assert phone["width"] == 360
    assert phone["sticking_out"] == []
    assert phone["smallest_chart_text"] >= 9
    assert _measure(page, tmp_path)["sticking_out"] == []


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_a_headline_card_keeps_its_figure_inside_the_card(tmp_path: Path):
    """The first thing a committee sees: '348 (+ 12 tomma eller inget förslag)' would not wrap, and ran under the
    next card, cut at 'inget försl'; at 1016 px (a laptop, or the width A4 landscape prints) the period did too.
    A long figure now wraps at its spaces, never inside a date (2025-09-02 – 2026- / 10-25)."""
    src = tmp_path / "forslag.csv"
    lines = ["id;enhet;datum;förslag"]
    lines += [f"{i};Enhet {i % 7};2025-{9 + i % 4:02d}-0{1 + i % 9};Lokalen är för liten och kall nummer {i}"
              for i in range(40)]
    lines += ["40;Enhet 1;2026-10-25;Vet inte", "41;Enhet 2;2026-10-24;", "42;Enhet 3;2026-10-23;-"]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, "kort.html", "--date", "2026-12-01")
    html = page.read_text(encoding="utf-8")
    assert '<div class="v small">40 (+ 3 tomma eller inget förslag)</div>' in html
    assert '<div class="v small"><span class="nw">2025-09-01</span> – <span class="nw">2026-10-25</span></div>' in html
    for width in (None, 1016):
        assert _measure(page, tmp_path, width=width)["spilling"] == [], width


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_a_long_unbreakable_unit_name_stays_inside_its_cell(tmp_path: Path):
    """A unit named as a system exports it, 'Hemtjänstgruppen_Nordöstra_Stadsdelsområdet_2', has no space to wrap
    at: in *Tema per enhet* it ran out of its row header over the theme columns' first cells, on the screen and,
    narrower still, printed (the unit column is 150 px on A4 landscape). A word too long for the cell now breaks."""
    long_unit = "Hemtjänstgruppen_Nordöstra_Stadsdelsområdet_2"
    rows = [(["it" if i % 2 else "lokaler"], long_unit if i % 3 == 0 else f"Enhet {i % 4}", f"Förslag nummer {i}")
            for i in range(24)]
    page = _report(_classified_jsonl(tmp_path / "t.jsonl", rows), tmp_path, "lang-enhet.html", "--date", "2026-12-01")
    assert f'<th scope="row">{long_unit}</th>' in page.read_text(encoding="utf-8")
    for width, printed in ((None, False), (1016, True)):
        measured = _measure(page, tmp_path, width=width, printed=printed)
        assert measured["spilling"] == [] and measured["sticking_out"] == [], (width, measured)


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_a_printed_comparison_of_six_organisations_splits_no_chart_over_two_pages(tmp_path: Path):
    """Six organisations and the eleven themes made one chart 950 px high: printed on A4 landscape it went to the
    page after its heading and ran on to the next, the last themes' bars on one page and the legend that names the
    colours on the other. It is now drawn as charts that each fit a page with its legend ('Jämförelse, del 1 av 2')."""
    pypdf = pytest.importorskip("pypdf")
    orgs = ["Vård- och omsorgsförvaltningen", "Barn- och utbildningsförvaltningen", "Kultur- och fritidsförvaltningen",
            "Kommunledningsförvaltningen", "Samhällsbyggnadsförvaltningen", "Miljöförvaltningen"]
    texts = ["Vi behöver fler vikarier under sommaren", "Bättre wifi i personalrummet", "Fikarummet är för litet",
             "Mer tid för kompetensutveckling och kurser", "Budgeten för hjälpmedel är för liten"]
    src = tmp_path / "alla.csv"
    src.write_text("id;förvaltning;enhet;förslag\n" + "".join(
        f"{i};{orgs[i % 6]};Enhet {i % 4};{texts[i % 5]}\n" for i in range(60)), encoding="utf-8")
    page = _report(src, tmp_path, "jmf.html", "--compare-column", "förvaltning", "--date", "2026-12-01")
    html = page.read_text(encoding="utf-8")
    assert re.findall(r'aria-label="(Jämförelse[^"]*)"', html) == ["Jämförelse, del 1 av 2", "Jämförelse, del 2 av 2"]
    pdf = tmp_path / "jmf.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'pdf-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                   timeout=60, capture_output=True, check=False, env={**os.environ, "HOME": str(tmp_path)})
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages]
    first = next(i for i, text in enumerate(pages) if text.startswith("Jämförelse"))
    # the heading's page holds the first chart, each chart's page its legend (the names written whole, as the
    # table's headers below are not: they hyphenate)
    for text in pages[first:first + 2]:
        assert all(o in text for o in orgs), text
    from forbattra.taxonomy import load_taxonomy

    labels = [load_taxonomy("standard").label(t, "sv") for t in load_taxonomy("standard").ids]
    charts = " ".join(pages[first:first + 2])
    assert all(re.search(re.escape(lab) + r"(?: \d+ %){6}", charts) for lab in labels), charts


def _contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def lum(c: str) -> float:
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_heat_map_number_is_readable_on_its_colour(tmp_path: Path):
    """The heat map's counts switched to white text halfway up its blue scale, where white on the light blue reads
    at 2.5:1 (WCAG asks 4.5:1 for text this size), and its zeros were grey on white at 2.5:1."""
    rows, n = [], 0
    for u in range(25):  # units of 1..25 suggestions: every shade of the scale
        for _ in range(u + 1):
            n += 1
            rows.append({"row": n, "id": str(n), "text": f"Lokalen är för liten {n}", "group": f"Enhet {u:02d}",
                         "date": "2024-01-10", "themes": ["lokaler"] if u % 2 else ["it"], "scores": {}, "evidence": {},
                         "status": "ok"})
    src = tmp_path / "heat.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, "heat.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="n" style="background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})">', page)
    assert len({bg for bg, _ in cells}) > 20  # the scale is covered, zeros included
    low = sorted({(round(_contrast(fg, bg), 2), bg, fg) for bg, fg in cells})[:3]
    assert low[0][0] >= 4.5, low


def test_every_text_colour_reads_at_4_5_to_1_on_every_background_of_the_page(tmp_path: Path):
    """docs/accessibility.md promises WCAG AA contrast for the report's text: every text colour of its CSS against
    every background colour of its CSS (and white), and every chart text's colour against the chart's white."""
    from forbattra.outputs.report.html import _CSS, svg_scatter

    page = _report(_many_units_jsonl(tmp_path), tmp_path, "k.html", "--compare-column", "kommun").read_text(encoding="utf-8")
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert css == _CSS
    texts = set(re.findall(r"(?<![-\w])color:(#[0-9a-f]{6})", css))
    grounds = set(re.findall(r"background:(#[0-9a-f]{6})", css)) | {"#ffffff"}
    assert len(texts) >= 5 and len(grounds) >= 3
    scatter = svg_scatter([("Lokaler", 12, 2, True), ("IT", 5, 4, False)], x_label="x", y_label="y")
    for svg in re.findall(r"<svg .*?</svg>", page, re.S) + [scatter]:
        texts |= {c if len(c) == 7 else "#" + "".join(2 * x for x in c[1:])
                  for c in re.findall(r'<t(?:ext|span)\b[^>]*fill="(#[0-9a-f]{3}(?:[0-9a-f]{3})?)"', svg)}
    assert "#c0392b" in texts  # the loud themes' labels
    low = sorted((round(_contrast(fg, bg), 2), fg, bg) for fg in texts for bg in grounds)[:3]
    assert low[0][0] >= 4.5, low


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_headings_run_in_order_without_a_skipped_level(raw_csv: Path, tmp_path: Path, lang: str):
    """docs/accessibility.md promises one h1 and no skipped heading level (WCAG 1.3.1 / 2.4.6)."""
    page = _report(raw_csv, tmp_path, f"h_{lang}.html", "--lang", lang, "--compare-column", "förvaltning").read_text(
        encoding="utf-8")
    levels = [int(x) for x in re.findall(r"<h([1-6])\b", page)]
    assert levels[0] == 1 and levels.count(1) == 1 and 3 in levels, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def test_printed_heat_map_keeps_its_colours(tmp_path: Path):
    """A browser prints without background colours unless told (print-color-adjust: exact). The heat cells' colours
    were dropped and their white text lightened to grey, so the largest counts printed faintest of all."""
    html = _report(_many_units_jsonl(tmp_path), tmp_path, "h.html").read_text(encoding="utf-8")
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    printed = css.split("@media print{", 1)[1]
    exact = [rule.split("{")[0].split(",") for rule in printed.split("}") if "print-color-adjust:exact" in rule]
    assert exact and ".heat td" in exact[0], exact
    assert 'class="heat"' in html and "color:#ffffff" in html  # the dark cells' text is white on the colour


# ------------------------------------------------------------------------------------------------ committee report


def test_how_to_read_section_dated_by_caller_and_reproducible(raw_csv: Path, tmp_path: Path):
    a = _report(raw_csv, tmp_path, "a.html", "--date", "2026-10-01").read_bytes()
    b = _report(raw_csv, tmp_path, "b.html", "--date", "2026-10-01").read_bytes()
    assert a == b
    html = a.decode("utf-8")
    assert "Så läser du rapporten" in html and "2026-10-01" in html
    assert "brett förankrat" in html and "Andel från största enhet" in html and "100\u00a0%" in html
    assert re.search(r"når den F1 = \d+\u00a0%", html)  # the shipped model's measured F1, from its model.json
    md = _report(raw_csv, tmp_path, "a.md", "--date", "2026-10-01", "--model", "none").read_text(encoding="utf-8")
    assert "## Så läser du rapporten" in md and "nyckelord utan modell, --model none, mäts inte" in md
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "x.md"), "--date", "1 okt"])
    assert res.exit_code == 2


def test_default_date_is_source_date_epoch_where_set(raw_csv: Path, tmp_path: Path, monkeypatch):
    # the reproducible-builds convention, as a model's training date follows it: without --date the report
    # is stamped with SOURCE_DATE_EPOCH's day (UTC), so two runs on different days give the same file
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # (UTC+14: already 2023-11-15 there)
    md = _report(raw_csv, tmp_path, "a.md", "--model", "none").read_text(encoding="utf-8")
    assert "Rapporten är skapad 2023-11-14." in md
    assert _report(raw_csv, tmp_path, "b.md", "--model", "none", "--date", "2026-10-01").read_text(
        encoding="utf-8").count("2026-10-01") >= 1  # --date still wins


def test_default_date_is_the_day_in_sweden_whatever_the_machines_zone(raw_csv: Path, tmp_path: Path, monkeypatch):
    """Without --date (and SOURCE_DATE_EPOCH) a report was stamped with the day of the machine's zone: a server in
    UTC that reports at 00:30 Swedish time dated it the day before. It is today in Sweden, as trends shows a run's
    time. (At any moment one of these two zones, UTC+14 and UTC-12, is on another day than Sweden.)"""
    import time
    from datetime import datetime
    from zoneinfo import ZoneInfo

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for tz in ("Pacific/Kiritimati", "Etc/GMT+12"):
        monkeypatch.setenv("TZ", tz)
        time.tzset()
        before = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()
        md = _report(raw_csv, tmp_path, "a.md", "--model", "none").read_text(encoding="utf-8")
        after = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()
        assert f"Rapporten är skapad {before}." in md or f"Rapporten är skapad {after}." in md, (tz, md[-200:])
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("value", ["2025-12-01", "-1", "1700000000.5", "١٧٠٠٠٠٠٠٠٠", "9" * 30])
def test_a_malformed_source_date_epoch_is_a_config_error_not_today(raw_csv: Path, tmp_path: Path, monkeypatch,
                                                                    value):
    # a nightly job that sets SOURCE_DATE_EPOCH for a reproducible report, with a day instead of seconds: it
    # used to be ignored without a word, and today's date made the report another file every night
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "a.md"), "--model", "none"])
    assert res.exit_code == 4
    assert res.stderr.splitlines() == [
        f"Fel: SOURCE_DATE_EPOCH={value!r} duger inte: ange sekunder sedan 1970-01-01 UTC (t.ex. 1764547200 för "
        "2025-12-01; date -d 2025-12-01 +%s skriver talet), eller ta bort variabeln"]
    assert not (tmp_path / "a.md").exists()
    res = runner.invoke(app, ["report", str(raw_csv), "--out", str(tmp_path / "a.md"), "--model", "none", "--date",
                              "2026-10-01"])
    # --date given: refused all the same, as by every command — numpy's f2py, which scipy imports, int()s the
    # variable at import, so a value left in the environment would otherwise crash the run (exit 1) wherever it
    # reaches scipy
    assert res.exit_code == 4 and not (tmp_path / "a.md").exists()


def test_key_terms_are_distinctive_never_placeholders_or_names(tmp_path: Path):
    # evidence as classify writes it can hold filler and names; key terms must not come from there
    texts = {"lokaler": ["Anna Svensson tycker att ventilationen i matsalen borde lagas, hela dagen är det varmt.",
                         "Ventilationen i matsalen är trasig och borde fixas, säger Anna.",
                         "Toaletterna och ventilationen borde renoveras, ring Anna på 070-123 45 67."],
             "personal": ["Vi borde få fler vikarier, Anna Svensson har sagt att vikarierna inte räcker hela dagen.",
                          "Vikarier saknas på helgen, borde lösas, skriver Anna.",
                          "Rekrytera vikarier till helgen, det borde gå."]}
    rows, n = [], 0
    for theme, items in texts.items():
        for t in items:
            n += 1
            rows.append({"row": n, "id": str(n), "text": t, "group": "Enhet A", "date": None, "themes": [theme],
                         "scores": {theme: 0.9}, "evidence": {theme: ["borde", "Anna", "hela", "dagen"]},
                         "status": "ok", "person": "Anna Svensson"})
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    for extra in ((), ("--no-redact",)):
        html = _report(p, tmp_path, "k.html", *extra).read_text(encoding="utf-8")
        chips = re.findall(r'<div class="terms">(.*?)</div>', html)
        terms = [t for c in chips for t in re.findall(r"<span>(.*?)</span>", c)]
        assert terms
        for bad in ("[namn]", "namn", "[telefon]", "telefon", "anna", "svensson", "borde", "hela", "dagen"):
            assert bad not in {t.casefold() for t in terms}, (bad, terms)
        assert all(len(t) >= 4 for t in terms), terms
        assert "ventilationen" in terms and "vikarier" in terms, terms


def test_a_key_term_some_write_without_a_ring_or_dots_is_shown_with_them(tmp_path: Path):
    """"Invånarna" in one suggestion and "invanarna" (typed without å/ä/ö) in another made the theme's key term
    "invanarna": the tie went by the alphabet, where a comes before å. A reader gets the Swedish spelling."""
    src = tmp_path / "in.csv"
    src.write_text("Enhet;Förslag\nMedborgarkontoret;Invånarna får vänta för länge i telefonkön\n"
                   "Biblioteket;invanarna borde kunna boka tid via webben\nHemtjänst Norr;Fler bilar till hemtjänsten\n"
                   "Hemtjänst Syd;Vi behöver fler bilar\nSkolan;Bättre wifi i klassrummen\n"
                   "Förskolan;Bättre wifi för personalen\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    terms = {w for line in re.findall(r"\*\*Nyckelord:\*\* (.*)", md) for w in line.split(", ")}
    assert "invånarna" in terms and "invanarna" not in terms, terms


def _many_units_jsonl(tmp_path: Path, units: int = 20) -> Path:
    rows, n = [], 0
    for u in range(units):
        for j in range(u % 3 + 1):
            n += 1
            rows.append({"row": n, "id": str(n), "text": f"Lokalen är för liten och trång {n}", "group": f"Enhet {u:02d}",
                         "date": f"2024-0{1 + j}-{10 + j:02d}", "themes": ["lokaler"], "scores": {"lokaler": 0.9},
                         "evidence": {}, "status": "ok", "kommun": "A" if u % 2 else "B"})
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return p


def test_comparison_first_top_units_then_appendix(tmp_path: Path):
    p = _many_units_jsonl(tmp_path)
    html = _report(p, tmp_path, "u.html", "--compare-column", "kommun").read_text(encoding="utf-8")
    assert html.index("<h2>Jämförelse") < html.index("<h2>Tema per enhet")
    body = html.split("<h2>Tema per enhet", 1)[1].split("<h2>", 1)[0]
    assert body.count("<tr>") == 1 + 15  # header + the 15 largest units
    appendix = html.split("<h2>Bilaga: tema per enhet", 1)[1].split("<h2>", 1)[0]
    assert appendix.count("<tr>") == 1 + 20
    assert "\u00ad" in html  # long theme labels in headers can break
    md = _report(p, tmp_path, "u.md").read_text(encoding="utf-8")
    assert "## Bilaga: tema per enhet, alla enheter" in md and "\u00ad" not in md


def test_trend_has_whole_number_ticks_and_marks_partial_months(tmp_path: Path):
    p = _many_units_jsonl(tmp_path)  # 2024-01-10 .. 2024-03-12: both end months are partial
    html = _report(p, tmp_path, "t.html").read_text(encoding="utf-8")
    svg = html.split("<h2>Utveckling per månad</h2>", 1)[1].split("</svg>", 1)[0]
    ticks = re.findall(r'text-anchor="end" font-size="11" fill="#566473">([^<]+)<', svg)
    assert ticks and all(t.isdigit() for t in ticks), ticks
    assert svg.count('class="partial"') == 2 and "ofullständig månad" in svg
    assert "inte verkliga nedgångar" in html
    scatter = html.split("<h2>Bredd mot volym</h2>", 1)[1].split("</svg>", 1)[0]
    ticks = re.findall(r'font-size="11" fill="#566473">([^<]+)<', scatter)
    assert ticks and all(t.isdigit() for t in ticks), ticks


def _rows(table_html: str) -> list[list[str]]:
    """A rendered table's cells as text, row by row (header row first)."""
    return [[html_module.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_trend_charts_figures_are_on_the_page_as_text_not_only_on_hover(tmp_path: Path, lang: str):
    """WCAG 1.1.1: the month chart's counts were on the page only as hover tooltips (each bar's <title>, which a
    keyboard or touch user never sees and a screen reader skips inside role="img"), its theme lines' counts nowhere
    at all. The chart's figures now follow it as a table (folded, so the page reads as before)."""
    head, month, total, theme, summary, mark = {
        "sv": ("Utveckling per månad", "Månad", "Totalt", "Lokaler och fysisk miljö", "Diagrammets siffror som tabell",
               "* = månad som underlaget bara täcker delvis"),
        "en": ("Trend per month", "Month", "Total", "Premises and physical environment", "The chart's figures as a table",
               "* = a month the data covers only in part")}[lang]
    page = _report(_many_units_jsonl(tmp_path), tmp_path, f"t_{lang}.html", "--lang", lang).read_text(encoding="utf-8")
    trend = page.split(f"<h2>{head}</h2>", 1)[1].split("<h2", 1)[0]
    after = trend.split("</svg>", 1)[1]
    assert f"<summary>{html_module.escape(summary)}</summary>" in after
    rows = _rows(after)
    header = [x.replace("\u00ad", "") for x in rows[0]]  # (its headers hyphenate, as the heat map's do)
    assert header[:2] == [month, total] and theme in header, rows[0]
    col = header.index(theme)
    assert [(r[0], r[1], r[col]) for r in rows[1:]] == [("2024-01 *", "20", "20"), ("2024-02", "13", "13"),
                                                        ("2024-03 *", "6", "6")]
    assert html_module.escape(mark) in after


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_table_has_a_caption_and_header_cells_with_their_scope(tmp_path: Path, lang: str):
    """WCAG 1.3.1: the report's tables had <th> without scope in the header row only, no caption, and each row's
    theme, unit or month in a plain <td>, so a screen reader read a heat-map cell as a bare number, not 'Enhet 03,
    Lokaler och fysisk miljö: 2', and a user jumping from table to table heard no name for any of them."""
    captions = {"sv": ["Teman: antal och andel", "Jämförelse", "Tema per enhet", "Utveckling per månad",
                       "Bilaga: tema per enhet, alla enheter"],
                "en": ["Themes: count and share", "Comparison", "Themes by unit", "Trend per month",
                       "Appendix: themes by unit, all units"]}[lang]
    page = _report(_many_units_jsonl(tmp_path), tmp_path, f"c_{lang}.html", "--lang", lang,
                   "--compare-column", "kommun").read_text(encoding="utf-8")
    tables = re.findall(r"<table[^>]*>(.*?)</table>", page, re.S)
    assert [html_module.unescape(re.search(r"<caption[^>]*>(.*?)</caption>", t).group(1)) for t in tables] == captions
    for t in tables:
        head, body = t.split("</thead>", 1)
        cells = re.findall(r"<t[hd](?: [^>]*)?>", head)
        assert cells and all(c.startswith('<th scope="col"') for c in cells), cells
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        assert rows and all(r.startswith('<th scope="row"') for r in rows), rows[:2]
        assert all(c.startswith("<td") for r in rows for c in re.findall(r"<t[hd](?: [^>]*)?>", r)[1:])  # data cells


def test_an_english_report_marks_the_swedish_suggestions_and_key_terms_as_swedish(raw_csv: Path, tmp_path: Path):
    """WCAG 3.1.2 (language of parts): an English report quotes the suggestions, and shows key terms drawn from them,
    in Swedish, but the page said lang="en" throughout, so a screen reader read 'Vi behöver fler vikarier' with an
    English voice. The examples and key terms are now marked lang="sv"; a Swedish report needs no such mark."""
    en = _report(raw_csv, tmp_path, "en.html", "--lang", "en").read_text(encoding="utf-8")
    cards = re.findall(r'<section class="theme">(.*?)</section>', en, re.S)
    examples = [c for c in cards if "<ol" in c]
    terms = [c for c in cards if 'class="terms"' in c]
    assert examples and terms
    assert all(re.search(r'<ol lang="sv">', c) for c in examples), examples[0]
    assert all(re.search(r'<span lang="sv">', c.split('class="terms"', 1)[1].split("</div>", 1)[0]) for c in terms)
    assert all(" lang=" not in c.split("</h3>", 1)[0] for c in cards)  # the headings are English
    sv = _report(raw_csv, tmp_path, "sv.html").read_text(encoding="utf-8")
    assert sv.count(" lang=") == 1  # <html lang="sv">


def test_every_chart_has_a_text_name_for_screen_readers(tmp_path: Path):
    """An <svg role="img"> without a name is announced as a bare 'image': each chart is named by its heading (the
    comparison, which has no heading of its own, by the section's), the breadth chart's name saying more (below)."""
    p = _many_units_jsonl(tmp_path)
    for lang, names in (("sv", ["Teman: antal och andel", "Jämförelse", "Utveckling per månad", "Bredd mot volym"]),
                        ("en", ["Themes: count and share", "Comparison", "Trend per month", "Breadth vs volume"])):
        html = _report(p, tmp_path, f"a_{lang}.html", "--lang", lang, "--compare-column", "kommun").read_text(encoding="utf-8")
        svgs = re.findall(r"<svg [^>]*>", html)
        labels = [html_module.unescape(re.search(r'aria-label="([^"]*)"', x).group(1)) for x in svgs]
        assert [lab[:len(name)] for lab, name in zip(labels, names)] == names and len(labels) == len(names), svgs


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_breadth_chart_says_what_it_shows_and_where_its_figures_are(tmp_path: Path, lang: str):
    """The other charts are followed by their figures as a table; the breadth-versus-volume chart is not (its
    figures are in the themes' table further up), yet its text alternative was only its title, 'Bredd mot volym',
    which says nothing of its axes, of what a red ringed point means, or where the numbers are (WCAG 1.1.1)."""
    expected = {"sv": "Bredd mot volym: antal enheter som tar upp temat mot antal förslag, en punkt per tema. Röda "
                      "punkter med en ring: drivs av en enhet. Siffrorna står i tabellen under «Teman: antal och andel».",
                "en": "Breadth vs volume: number of units raising the theme against number of suggestions, one point "
                      "per theme. Red points with a ring: driven by one unit. The figures are in the table under "
                      "'Themes: count and share'."}[lang]
    page = _report(_many_units_jsonl(tmp_path), tmp_path, f"s_{lang}.html", "--lang", lang).read_text(encoding="utf-8")
    labels = [html_module.unescape(x) for x in re.findall(r'<svg [^>]*aria-label="([^"]*)"', page)]
    assert labels[-1] == expected, labels


def test_theme_count_is_content_themes_plus_fallback(raw_csv: Path, tmp_path: Path):
    html = _report(raw_csv, tmp_path, "n.html").read_text(encoding="utf-8")
    assert "10 teman + Övrigt" in html
    res = runner.invoke(app, ["taxonomy", "list"])
    assert res.exit_code == 0 and "standard\t10 teman + Övrigt" in res.output


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_theme_card_of_a_report_of_chosen_themes_says_how_many_it_shows(raw_csv: Path, tmp_path: Path, lang: str):
    """``--theme it --theme lokaler``: the card still said 'Teman: 10 teman + Övrigt' above a report that shows two
    themes; it says how many are shown, of how many, now."""
    md = _report(raw_csv, tmp_path, "t.md", "--theme", "it", "--theme", "lokaler", "--lang", lang).read_text(encoding="utf-8")
    assert ("Teman: 2 valda (av 10 teman + Övrigt)" if lang == "sv" else "Themes: 2 chosen (of 10 themes + Other)") in md
    md = _report(raw_csv, tmp_path, "t1.md", "--theme", "it", "--lang", lang).read_text(encoding="utf-8")
    assert ("Teman: 1 valt (av 10 teman + Övrigt)" if lang == "sv" else "Themes: 1 chosen (of 10 themes + Other)") in md


def test_xlsx_comparison_sheet_holds_shares_only(raw_csv: Path, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(_report(raw_csv, tmp_path, "c.xlsx", "--compare-column", "förvaltning"))
    ws = wb["Jämförelse"]
    assert [c.value for c in ws[1]] == ["Tema", "Andel Skola (n=4)", "Andel Vård (n=4)"]
    values = [v for r in ws.iter_rows(min_row=2, min_col=2, values_only=True) for v in r]
    assert values and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in values)
    assert ws.cell(row=2, column=2).number_format == "0%"
    assert "Förklaringar" in wb.sheetnames and "Rapport" in wb.sheetnames
    # the Rapport sheet's note on the comparison describes this sheet (n in the headings), not the HTML's last row
    notes = [b for a, b in wb["Rapport"].iter_rows(min_row=2, values_only=True) if a == "Jämförelse"]
    assert notes == ["Temats andel av organisationens alla rader (också tomma och svar som inte är förslag, som räknas på "
                     "egna rader); antalet rader (n) står i kolumnens rubrik."]
    assert ws.cell(row=ws.max_row, column=1).value == "Övrigt"


def test_the_report_says_how_many_rows_are_no_suggestion_and_that_shares_include_them(tmp_path: Path):
    src = tmp_path / "halvtom.csv"
    rows = ["Vi behöver nya datorer och bättre wifi", "Mer personal på helgerna", "", "Vet inte", "Tack!", ""]
    src.write_text("Enhet;Förslag\n" + "".join(f"E{i % 3};{t}\n" for i, t in enumerate(rows)), encoding="utf-8")
    md = _report(src, tmp_path, "r.md")
    text = md.read_text(encoding="utf-8")
    assert "Förslag: 2 (+ 4 tomma eller inget förslag)" in text
    assert "Andelarna räknas på alla 6 rader; av dem är 2 tomma och 2 inget förslag" in text
    full = tmp_path / "full.csv"
    full.write_text("Enhet;Förslag\nE1;Mer personal på helgerna\nE2;Nya datorer\n", encoding="utf-8")
    text = _report(full, tmp_path, "f.md").read_text(encoding="utf-8")
    assert "Förslag: 2 ·" in text and "Andelarna räknas på alla" not in text


def test_rows_without_a_unit_or_date_are_accounted_for_in_the_tables(tmp_path: Path):
    src = tmp_path / "delvis.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2025-01-10;Nya datorer till personalen\n;2025-02-03;Mer personal på helgerna\n"
                   "E2;;Bättre lokaler för dagverksamheten\nE1;2025-02-11;Snabbare wifi i huset\n", encoding="utf-8")
    assert "| (enhet saknas) |" in _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    html = _report(src, tmp_path, "r.html").read_text(encoding="utf-8")
    assert "(enhet saknas)" in html and "1 förslag utan datum ingår inte i månaderna." in html


def test_markdown_has_the_trend_as_a_table_with_its_notes(tmp_path: Path):
    """The HTML and the workbook show the months; the Markdown had no trend section at all when the data has dates
    (only 'Inga datum' when it has none), so minutes pasted from it lacked the trend and the undated rows."""
    src = tmp_path / "delvis.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2025-01-10;Nya datorer till personalen\nE2;2025-02-03;Mer personal på helgerna\n"
                   "E2;;Bättre lokaler för dagverksamheten\nE1;2025-02-11;Snabbare wifi i huset\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    trend = md.split("## Utveckling per månad\n", 1)[1].split("\n## ", 1)[0]
    assert "| Månad | Totalt | Ekonomi och resurser |" in trend
    assert "| 2025-01 \\* | 1 |" in trend and "| 2025-02 \\* | 2 |" in trend
    assert "1 förslag utan datum ingår inte i månaderna." in trend
    assert "\\* = månad som underlaget bara täcker delvis" in trend and "randiga" not in trend
    en = _report(src, tmp_path, "r_en.md", "--lang", "en").read_text(encoding="utf-8")
    trend = en.split("## Trend per month\n", 1)[1].split("\n## ", 1)[0]
    assert "| Month | Total | Finance and resources |" in trend and "| 2025-02 \\* | 2 |" in trend
    assert "1 suggestion without a date is not in the months." in trend
    assert "\\* = a month the data covers only in part" in trend


def test_markdown_shows_a_text_that_starts_with_a_number_as_written(tmp_path: Path):
    """A suggestion pasted from a numbered list ('1. Fler datorer …') or a unit numbered in the export ('2) Hemtjänst')
    showed in the Markdown report with a stray backslash ('\\1. Fler datorer'): the escape went before the digit,
    where Markdown keeps it, not before the '.' or ')' that would start a list."""
    markdown_it = pytest.importorskip("markdown_it")
    src = tmp_path / "nummer.csv"
    src.write_text("Enhet;Förslag\n2) Hemtjänst;1. Fler datorer till personalen\n3. Skola;12) Nya datorer till skolan\n"
                   "4.;1.\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    shown = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert "\\" not in shown
    # each example is its item's text, not a list nested in it; the units in the tables as written
    assert "<li>1. Fler datorer till personalen — <em>2) Hemtjänst</em></li>" in shown
    assert "<li>12) Nya datorer till skolan — <em>3. Skola</em></li>" in shown
    assert "<td>2) Hemtjänst</td>" in shown and "<td>3. Skola</td>" in shown


def test_a_selection_of_no_suggestions_does_not_say_the_data_lacks_units_and_dates(tmp_path: Path):
    """A monthly report run (--since the 1st) before anything came in, or an export of only its header row, said
    'Ingen enhetskolumn i underlaget' and 'Inga datum i underlaget' in every format: false for an export with both
    columns, and what a committee reads as a broken export. With no suggestions the report says only that."""
    src = tmp_path / "e.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2025-01-10;Nya datorer till personalen\n"
                   "E2;2025-02-03;Mer personal på helgerna\n", encoding="utf-8")
    header = tmp_path / "h.csv"
    header.write_text("Enhet;Datum;Förslag\n", encoding="utf-8")
    for inp, extra in ((src, ("--since", "2025-06-01")), (header, ())):
        for lang, wrong in (("sv", ("Ingen enhetskolumn", "Inga datum")), ("en", ("No unit column", "No dates"))):
            for name in ("r.md", "r.html", "r.xlsx"):
                out = _report(inp, tmp_path, name, "--lang", lang, *extra)
                if name.endswith(".xlsx"):
                    wb = __import__("openpyxl").load_workbook(out)
                    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
                else:
                    text = out.read_text(encoding="utf-8")
                assert not any(w in text for w in wrong), (inp.name, lang, name)
                assert ("Inga förslag." if lang == "sv" else "No suggestions.") in text, (inp.name, lang, name)


def test_the_period_card_of_suggestions_all_of_one_date_names_that_date_once(tmp_path: Path):
    """Every suggestion of one day (an export of a single workshop): the Period card read
    '2026-03-01 – 2026-03-01', a span of one date. It names the date once, in every format."""
    src = tmp_path / "dag.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2026-03-01;Nya datorer till personalen\n"
                   "E2;2026-03-01;Mer personal på helgerna\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "Period: 2026-03-01 ·" in md and "2026-03-01 – 2026-03-01" not in md
    html = _report(src, tmp_path, "r.html").read_text(encoding="utf-8")
    assert "2026-03-01 – 2026-03-01" not in html and "2026-03-01" in html
    import openpyxl

    ws = openpyxl.load_workbook(_report(src, tmp_path, "r.xlsx")).worksheets[0]
    cards = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2) if r[0].value == "Period"}
    assert cards == {"Period": "2026-03-01"}
    # (a span of two dates is still a span)
    src.write_text(src.read_text(encoding="utf-8") + "E1;2026-03-02;Fler bilar\n", encoding="utf-8")
    assert "Period: 2026-03-01 – 2026-03-02 ·" in _report(src, tmp_path, "r.md").read_text(encoding="utf-8")


def test_month_only_dates_count_in_their_month_whole_and_in_a_period_that_reaches_it(tmp_path: Path):
    """A "Månad" column: its suggestions are in their month (not "utan datum"), a month given whole is no partial
    month, and --since/--until keep a month-only suggestion when the period reaches its month."""
    src = tmp_path / "manad.csv"
    src.write_text("Enhet;Månad;Förslag\nE1;2025-01-10;Nya datorer till personalen\nE2;februari 2025;Mer personal på helgerna\n"
                   "E1;2025-02;Snabbare wifi i huset\nE2;;Bättre lokaler för dagverksamheten\nE1;2025-02-03;Fler bilar\n",
                   encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "Period: 2025-01-10 – 2025-02 ·" in md  # (February's month-only suggestions: no made-up day)
    trend = md.split("## Utveckling per månad\n", 1)[1].split("\n## ", 1)[0]
    assert "| 2025-01 \\* | 1 |" in trend and "| 2025-02 | 3 |" in trend, trend
    assert "1 förslag utan datum ingår inte i månaderna." in trend
    for since, until, n in (("2025-02-15", None, 2), ("2025-03-01", None, 0), (None, "2025-01-31", 1),
                            ("2025-01-05", "2025-02-01", 3)):
        args = ["report", str(src), "-o", str(tmp_path / "s.md"), *(["--since", since] if since else []),
                *(["--until", until] if until else [])]
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and f"Valde {n} av 5 rader" in r.stderr, (since, until, r.stderr)


def test_a_date_selection_says_how_many_undated_suggestions_it_leaves_out(tmp_path: Path):
    """--since/--until leave out the suggestions without a date (they are in no period): the terminal said only
    "Valde 2 av 4", and the report's selection line only the dates, as if the other two were outside them."""
    src = tmp_path / "delvis.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2025-01-10;Nya datorer till personalen\nE2;2025-02-03;Mer personal på helgerna\n"
                   "E2;;Bättre lokaler för dagverksamheten\nE1;Vet ej;Snabbare wifi i huset\n", encoding="utf-8")
    out = tmp_path / "s.md"
    r = runner.invoke(app, ["report", str(src), "-o", str(out), "--since", "2025-01-01"])
    assert r.exit_code == 0 and "Valde 2 av 4 rader (2025-01-01 – …; 2 förslag utan datum ingår inte)" in r.stderr, r.stderr
    assert "urval: 2025-01-01 – …; 2 förslag utan datum ingår inte" in out.read_text(encoding="utf-8")
    # only the undated ones of the units chosen; none: nothing said
    r = runner.invoke(app, ["report", str(src), "-o", str(out), "--until", "2025-12-31", "--group", "E1", "--lang", "en"])
    assert r.exit_code == 0 and "Selected 1 of 4 rows (… – 2025-12-31; E1; not included, without a date: 1)" \
        in r.stderr, r.stderr
    r = runner.invoke(app, ["report", str(src), "-o", str(out), "--group", "E1"])
    assert r.exit_code == 0 and "Valde 2 av 4 rader (E1)\n" in r.stderr, r.stderr


def test_a_date_selection_counts_rows_as_rows_and_no_blank_row_as_an_undated_suggestion(tmp_path: Path):
    """An export with a 'Vet inte', an empty row, a blank line and a total row: --since said "Valde 3 av 7 förslag
    (…; 3 förslag utan datum ingår inte)" while the report's card read "Förslag: 1 (+ 2 tomma eller inget förslag)"
    — the blank line and the total row were called undated suggestions, and every row a suggestion, so the figures
    an analyst compares did not add up. The line counts rows as rows (as "Läste … (7 rader)" does), and the
    undated it names are suggestions, as the month chart's note counts them."""
    src = tmp_path / "sel.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2026-01-10;Nya datorer till personalen\nE2;2026-02-11;Mer personal på helgerna\n"
                   "E1;2026-02-12;Vet inte\nE2;2026-02-13;\n;;\nSumma;;3\nE1;;Bättre lokaler för dagverksamheten\n",
                   encoding="utf-8")
    out = tmp_path / "s.md"
    r = runner.invoke(app, ["report", str(src), "-o", str(out), "--since", "2026-02"])
    assert r.exit_code == 0, r.stderr
    assert "Valde 3 av 7 rader (2026-02-01 – …; 1 förslag utan datum ingår inte)\n" in r.stderr, r.stderr
    md = out.read_text(encoding="utf-8")
    assert "Förslag: 1 (+ 2 tomma eller inget förslag)" in md and "urval: 2026-02-01 – …; 1 förslag utan datum ingår inte" in md
    r = runner.invoke(app, ["report", str(src), "-o", str(out), "--since", "2026-02", "--lang", "en"])
    assert r.exit_code == 0 and "Selected 3 of 7 rows (2026-02-01 – …; not included, without a date: 1)\n" in r.stderr, r.stderr


def test_a_unit_chosen_whose_last_suggestion_falls_early_in_a_month_has_no_partial_month(tmp_path: Path):
    """An export covering January to March 30 whole: unit A wrote on the 5th of March, so 'report --group A' marked
    March "* = månad som underlaget bara täcker delvis. Den är inte en verklig nedgång" — A's one March suggestion is
    all there is, the data covers the month. A month is partial where the data read stops inside it (within
    --since/--until), not where a chosen unit's or theme's last suggestion falls."""
    src = tmp_path / "in.csv"
    src.write_text("Datum;Enhet;Förslag\n2026-01-02;A;Fler vikarier till helgerna behövs\n"
                   "2026-01-15;B;Bättre wifi i personalrummet\n2026-02-03;A;Vi behöver fler vikarier vid sjukdom\n"
                   "2026-02-20;B;Datorerna är för långsamma\n2026-03-05;A;Rekrytera fler undersköterskor\n"
                   "2026-03-30;B;Nya headset till alla\n", encoding="utf-8")

    def months(*extra: str) -> list[str]:
        md = _report(src, tmp_path, "r.md", "--date", "2026-12-01", *extra).read_text(encoding="utf-8")
        part = md.split("## Utveckling per månad", 1)[1].split("\n## ", 1)[0]
        return [line.split(" | ")[0].strip("| ") for line in part.splitlines() if line.startswith("| 2026")]

    assert months("--group", "A") == ["2026-01", "2026-02", "2026-03"]
    assert months("--theme", "personal") == ["2026-01", "2026-02", "2026-03"]
    # a selection that stops inside a month does make it partial: the data read ends there
    assert months("--group", "A", "--until", "2026-03-10") == ["2026-01", "2026-02", "2026-03 \\*"]


def test_a_unit_chosen_that_fell_silent_shows_its_months_without_suggestions_as_0(tmp_path: Path):
    """An export covering January to March: unit C wrote in January only, and 'report --group C' showed one month,
    2026-01, as if the data ended there — nothing said C wrote nothing in February and March. The months of a
    selection run over the months the data read covers, a month without a suggestion of it a 0."""
    src = tmp_path / "in.csv"
    src.write_text("Datum;Enhet;Förslag\n2026-01-02;A;Fler vikarier till helgerna behövs\n"
                   "2026-01-20;C;Fler parkeringsplatser vid kontoret\n2026-02-03;A;Vi behöver fler vikarier vid sjukdom\n"
                   "2026-03-30;A;Rekrytera fler undersköterskor\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md", "--date", "2026-12-01", "--group", "C").read_text(encoding="utf-8")
    part = md.split("## Utveckling per månad", 1)[1].split("\n## ", 1)[0]
    assert [line.split(" | ")[:2] for line in part.splitlines() if line.startswith("| 2026")] == [
        ["| 2026-01", "1"], ["| 2026-02", "0"], ["| 2026-03", "0"]]
    book = _report(src, tmp_path, "r.xlsx", "--date", "2026-12-01", "--group", "C")
    rows = list(__import__("openpyxl").load_workbook(book)["Utveckling per månad"].iter_rows(values_only=True))
    assert [r[:2] for r in rows[1:]] == [("2026-01", 1), ("2026-02", 0), ("2026-03", 0)]


def test_the_workbook_report_explains_the_star_of_its_partial_months(tmp_path: Path):
    """The month sheet marks partial months '2025-01 *', but the Rapport sheet explained only the chart's striped
    bars: the '*' went unexplained."""
    import openpyxl

    src = tmp_path / "delvis.csv"
    src.write_text("Enhet;Datum;Förslag\nE1;2025-01-10;Nya datorer till personalen\nE2;2025-02-03;Mer personal på helgerna\n"
                   "E1;2025-02-11;Snabbare wifi i huset\n", encoding="utf-8")
    wb = openpyxl.load_workbook(_report(src, tmp_path, "r.xlsx"), read_only=True)
    months = [r[0] for r in wb["Utveckling per månad"].iter_rows(min_row=2, values_only=True)]
    assert months == ["2025-01 *", "2025-02 *"]
    texts = [r[1] for r in wb["Rapport"].iter_rows(min_row=2, values_only=True)]
    assert "* = månad som underlaget bara täcker delvis. Den är inte en verklig nedgång." in texts


def test_the_rows_sentence_names_only_what_there_is(tmp_path: Path):
    src = tmp_path / "en_tom.csv"
    src.write_text("Enhet;Förslag\nE1;Nya datorer till personalen\nE2;\nE1;Mer personal på helgerna\n", encoding="utf-8")
    text = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "Andelarna räknas på alla 3 rader; av dem är 1 tom. De räknas för sig i tabellerna («Tomma»), inte i Övrigt." in text


def test_a_report_from_classifys_workbook_states_the_models_accuracy(raw_csv: Path, tmp_path: Path):
    """The workbook records the figures of the model that sorted it; a .jsonl does not, and says so — not that the
    accuracy "har inte mätts för den här modellen": the shipped model that sorted it is measured (F1 = 79 %), the
    report just cannot tell which model it was."""
    xlsx, jsonl = tmp_path / "teman.xlsx", tmp_path / "teman.jsonl"
    _ok(["classify", str(raw_csv), "-o", str(xlsx), "-o", str(jsonl)])

    def accuracy(md: Path) -> str:
        return next(ln for ln in md.read_text(encoding="utf-8").splitlines() if "Sorteringen görs automatiskt" in ln)

    raw = accuracy(_report(raw_csv, tmp_path, "raw.md"))
    assert "F1 = " in raw and accuracy(_report(xlsx, tmp_path, "x.md")) == raw
    assert accuracy(_report(jsonl, tmp_path, "j.md")) == (
        "- Sorteringen görs automatiskt. Hur träffsäker den är kan rapporten inte ange: underlaget säger inte vilken "
        "modell som sorterade det med vilket uppmätt resultat (en .csv- eller .jsonl-fil från classify och historiken "
        "sparar det inte, och nyckelord utan modell, --model none, mäts inte). Ange --model för att visa en tränad "
        "modells uppmätta träffsäkerhet.")
    english = _report(jsonl, tmp_path, "j_en.md", "--lang", "en").read_text(encoding="utf-8")
    assert "The report cannot say how accurate it is" in english and "has not been measured" not in english


def test_inputs_sorted_by_different_models_get_no_single_accuracy(raw_csv: Path, tmp_path: Path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _ok(["classify", str(raw_csv), "--model", "none", "-o", str(a)])
    _ok(["classify", str(raw_csv), "-o", str(b)])
    text = _report([a, b], tmp_path, "mix.md").read_text(encoding="utf-8")
    assert "F1 = " not in text and "Hur träffsäker den är kan rapporten inte ange" in text
    b2 = tmp_path / "b2.xlsx"
    _ok(["classify", str(raw_csv), "-o", str(b2)])
    assert "F1 = " in _report([b, b2], tmp_path, "same.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("given", ["Hemtjänst Norr", "Hemtjänst Norr.", "hemtjänst  norr"])
def test_a_unit_is_found_however_it_is_spelt_in_the_file_or_the_option(tmp_path: Path, given: str):
    """The file spells the unit "Hemtjänst Norr." first and "Hemtjänst Norr" later (one unit, shown as first
    written); --group finds it with or without the full stop, in any case or spacing."""
    src = tmp_path / "units.csv"
    src.write_text("Enhet;Förslag\nHemtjänst Norr.;Fler bilar i hemtjänsten behövs\n"
                   "Hemtjänst Norr;Nya stolar i fikarummet behövs\nSkolan;Fler datorer till eleverna\n", encoding="utf-8")
    md = _report(src, tmp_path, "u.md", "--group", given).read_text(encoding="utf-8")
    assert "Fikarum" in md or "fikarummet" in md
    assert "Fler datorer" not in md


def test_a_slip_in_a_typed_correction_names_its_row_not_the_taxonomy(tmp_path: Path):
    """A report of classify's workbook where 'Rättat tema' holds a typo on Excel row 4: one line naming the
    column, the row and the value (exit 3) — not "pass --taxonomy or --model"; a correct one is used."""
    import openpyxl

    wb_path = tmp_path / "mina.xlsx"
    _ok(["classify", str(Path(__file__).resolve().parents[1] / "sample_data" / "forslag.xlsx"), "-o", str(wb_path)])
    wb = openpyxl.load_workbook(wb_path)
    ws = wb["Förslag"]
    col = [c.value for c in ws[1]].index("Rättat tema") + 1
    ws.cell(5, col).value = "it och digitala verktyg "
    wb.save(wb_path)
    _report(wb_path, tmp_path, "ok.md")
    ws.cell(4, col).value = "Arbetsmilö och hälsa"
    wb.save(wb_path)
    r = CliRunner().invoke(app, ["report", str(wb_path), "-o", str(tmp_path / "t.md")])
    assert r.exit_code == 3, r.stderr
    assert "'Rättat tema'" in r.stderr and "'Arbetsmilö och hälsa' (rad 4; menade du 'Arbetsmiljö och hälsa'?)" in r.stderr and "--model" not in r.stderr
    ws.insert_rows(1, 2)  # a title above the header: the row is still the one Excel shows
    ws.cell(1, 1).value = "Våra förslag 2026"
    wb.save(wb_path)
    r = CliRunner().invoke(app, ["report", str(wb_path), "-o", str(tmp_path / "t.md")])
    assert r.exit_code == 3 and "'Arbetsmilö och hälsa' (rad 6; menade du 'Arbetsmiljö och hälsa'?)" in r.stderr, r.stderr


def test_a_report_refuses_a_file_sorted_with_another_taxonomy_of_the_same_ids(runner, tmp_path):
    """Own themes with built-in ids ('it', 'lokaler'): without --taxonomy the report used the standard labels."""
    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nfallback: ovrigt\nthemes:\n"
                   "  - {id: it, label: Digitala verktyg, keywords: [dator, datorer, wifi]}\n"
                   "  - {id: lokaler, label: Våra lokaler, keywords: [lokal, lokaler, ventilation]}\n"
                   "  - {id: ovrigt, label: Annat}\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Nya datorer behövs till alla\n2;Ventilationen i lokalerna är dålig\n", encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)]).exit_code == 0
    r = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 4 and "--taxonomy" in r.stderr and "'Digitala verktyg'" in r.stderr, r.stderr
    assert not (tmp_path / "r.md").exists()
    r = runner.invoke(app, ["report", str(out), "--taxonomy", str(tax), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0 and "Digitala verktyg" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_tema_cell_edited_by_hand_is_no_other_taxonomy(runner, tmp_path):
    """Someone typed a theme into *Tema* instead of *Rättat tema*: report and train go on (by majority)."""
    import openpyxl

    from forbattra.cli import app

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"{i};Nya datorer behövs till alla, nummer {i}\n" for i in range(6))
                   + "7;Ventilationen i lokalerna är dålig\n", encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert runner.invoke(app, ["classify", str(src), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = [c.value for c in ws[1]].index("Tema") + 1
    ws.cell(2, col, "Arbetsmiljö och hälsa")  # by hand, on an 'it' row
    ws.cell(8, col, "Ventilation")  # and a word typed over the one row of its theme
    wb.save(out)
    r = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


def test_a_csv_label_that_starts_like_a_formula_is_its_taxonomy_s_label(runner, tmp_path):
    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nfallback: ovrigt\nthemes:\n"
                   "  - {id: it, label: '+ Digitalt', keywords: [dator, datorer]}\n"
                   "  - {id: ovrigt, label: Annat}\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Nya datorer behövs till alla\n2;Fler bänkar i parken\n", encoding="utf-8")
    out = tmp_path / "ut.csv"
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)]).exit_code == 0
    assert "'+ Digitalt" in out.read_text(encoding="utf-8")  # the CSV writer's guard
    r = runner.invoke(app, ["report", str(out), "--taxonomy", str(tax), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


def test_a_copy_of_standard_with_one_theme_relabelled_is_another_taxonomy(runner, tmp_path):
    from forbattra.cli import app
    from forbattra.taxonomy import dump_taxonomy, load_taxonomy

    text = dump_taxonomy(load_taxonomy("standard")).replace("IT och digitala verktyg", "Digitalisering")
    tax = tmp_path / "egen.yaml"
    tax.write_text(text.replace("name: standard", "name: egen"), encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"{i};Nya datorer och bättre wifi behövs, nummer {i}\n" for i in range(4))
                   + "9;Ventilationen i lokalerna är dålig\n", encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)]).exit_code == 0
    r = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 4 and "'Digitalisering'" in r.stderr, r.stderr


def test_tema_cells_retyped_with_the_taxonomy_s_labels_are_no_other_taxonomy(runner, tmp_path):
    import openpyxl

    from forbattra.cli import app

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"{i};Nya datorer och bättre wifi behövs, nummer {i}\n" for i in range(3))
                   + "9;Ventilationen i lokalerna är dålig\n", encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    assert runner.invoke(app, ["classify", str(src), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = [c.value for c in ws[1]].index("Tema") + 1
    for row in (2, 3, 4):  # every row of the 'it' theme retyped, with another theme's label
        ws.cell(row, col, "Ledning, styrning och delaktighet")
    wb.save(out)
    r = runner.invoke(app, ["report", str(out), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".jsonl"])
def test_report_reads_a_file_sorted_with_huset_without_being_told(tmp_path: Path, suffix: str):
    """A file classify sorted with `huset` is reported with huset's rooms (the taxonomy its theme ids name);
    a correction typed as a room's label counts, a slip is one line naming its row and how to fix it."""
    sample = Path(__file__).parents[1] / "sample_data" / "forslag.csv"
    out = tmp_path / f"h{suffix}"
    assert runner.invoke(app, ["classify", str(sample), "--taxonomy", "huset", "-o", str(out), "--no-duplicates"]).exit_code == 0
    md = tmp_path / "r.md"
    res = runner.invoke(app, ["report", str(out), "-o", str(md)])
    assert res.exit_code == 0, res.stderr
    assert "Personal och kompetens" in md.read_text(encoding="utf-8")
    if suffix != ".csv":
        return
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1] + "Ej placerad"  # Rättat tema is the last column
    out.write_text("\n".join(lines[:3] + [lines[3] + "Garaget"] + lines[4:]) + "\n", encoding="utf-8-sig")
    res = runner.invoke(app, ["report", str(out), "-o", str(md)])
    assert res.exit_code == 3 and "'Garaget' (rad 4; menade du 'Garage (parkerade idéer)'?)" in res.stderr and "skriv temats id eller etikett" in res.stderr


@pytest.mark.parametrize("huset_first", [True, False])
def test_a_raw_export_beside_a_huset_file_is_sorted_with_huset_whatever_the_order(tmp_path: Path, huset_first: bool):
    sample = Path(__file__).parents[1] / "sample_data" / "forslag.csv"
    h = tmp_path / "h.jsonl"
    assert runner.invoke(app, ["classify", str(sample), "--taxonomy", "huset", "-o", str(h)]).exit_code == 0
    md = tmp_path / "r.md"
    inputs = [str(h), str(sample)] if huset_first else [str(sample), str(h)]
    res = runner.invoke(app, ["report", *inputs, "-o", str(md)])
    assert res.exit_code == 0, res.stderr
    text = md.read_text(encoding="utf-8")
    assert "Personal och kompetens" in text and "Rekrytering och bemanning" not in text


def test_a_report_of_a_classified_csv_shows_cells_without_the_formula_guard(tmp_path: Path):
    src = tmp_path / "g.csv"
    src.write_text("Enhet;Förslag\n=Enhet;Nya datorer behövs\n+Hemtjänst;Fler vikarier\n", encoding="utf-8")
    out = tmp_path / "g_cl.csv"
    assert runner.invoke(app, ["classify", str(src), "-o", str(out)]).exit_code == 0
    assert "'=Enhet" in out.read_text(encoding="utf-8-sig")  # guarded in the .csv, as Excel needs
    md = tmp_path / "g.md"
    assert runner.invoke(app, ["report", str(out), "-o", str(md)]).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "=Enhet" in text and "'=Enhet" not in text and "'\\+Hemtjänst" not in text


def _jsonl(path: Path, rows: list[tuple]) -> Path:
    """A classify .jsonl: (unit, text, themes, score of the first theme, status)."""
    with path.open("w", encoding="utf-8") as fh:
        for i, (unit, text, themes, score, status) in enumerate(rows, start=1):
            fh.write(json.dumps({"row": i, "id": str(i), "text": text, "group": unit, "date": "2025-03-01",
                                 "themes": themes, "scores": {themes[0]: score}, "evidence": {}, "status": status},
                                ensure_ascii=False) + "\n")
    return path


def _examples(md: str, theme: str) -> list[str]:
    """The numbered examples of one theme's card in a Markdown report."""
    card = md.split(f"### {theme} ·", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    return [line.split(". ", 1)[1] for line in card.splitlines() if re.match(r"\d+\. ", line)]


def test_a_theme_cards_examples_are_distinct_texts(tmp_path: Path):
    """One unit sending the same text in six times filled five of the card's five examples with it (the
    Teman sheet's Exempel has shown distinct texts since 1d38f05); a copy in other case or with a full stop
    is the same text."""
    rows = [("E1", "Wifi fungerar dåligt i huset", ["it"], 0.9, "ok")] * 6 + [
        ("E2", "wifi fungerar dåligt i huset.", ["it"], 0.9, "ok"),
        ("E3", "Nya datorer behövs till personalen", ["it"], 0.8, "ok")]
    md = _report(_jsonl(tmp_path / "teman.jsonl", rows), tmp_path, "r.md").read_text(encoding="utf-8")
    assert _examples(md, "IT och digitala verktyg") == ["Wifi fungerar dåligt i huset — *E1*",
                                                        "Nya datorer behövs till personalen — *E3*"]
    assert "### IT och digitala verktyg · 8 (100 %)" in md  # every copy still counted


def test_an_english_reports_charts_write_shares_as_its_tables_do(tmp_path: Path):
    """The bar charts of an English HTML report wrote shares the Swedish way ('50 %') beside tables that
    write '50%'."""
    rows = [("E1", "Wifi fungerar dåligt i huset", ["it"], 0.9, "ok"),
            ("E2", "Större personalrum behövs", ["lokaler"], 0.9, "ok")]
    nord = _jsonl(tmp_path / "nord.jsonl", rows)
    syd = _jsonl(tmp_path / "syd.jsonl", rows[:1])
    html = _report([nord, syd], tmp_path, "r.html", "--lang", "en").read_text(encoding="utf-8")
    assert ">2 (67%)</text>" in html and ">1 (33%)</text>" in html  # the themes' bars
    assert ">50%</text>" in html and ">100%</text>" in html  # the organisations' bars
    assert not re.search(r"\d %", html)


def test_a_row_sorted_into_a_theme_by_hand_is_a_suggestion_in_the_headline(tmp_path: Path):
    """'Vet inte hur man bokar tolk' marked *inget förslag* and corrected to a theme in *Rättat tema*: the
    theme table counted it under that theme, but the headline still said it was no suggestion and lay in
    Övrigt. Any theme typed by hand makes it a suggestion, as classify counts it when it carries the correction
    over (Övrigt too); an empty row stays empty."""
    src = tmp_path / "teman.csv"
    src.write_text(
        "Enhet;Förslag;Tema;Tema-id;Status;Rättat tema\n"
        "E1;Nya datorer behövs;IT och digitala verktyg;it;ok;\n"
        "E2;Vet inte hur man bokar tolk;Övrigt;ovrigt;inget förslag;Brukarfokus och tillgänglighet\n"
        "E1;Vet inte;Övrigt;ovrigt;inget förslag;ovrigt\n"
        "E2;Tack!;Övrigt;ovrigt;inget förslag;\n"
        "E1;;Övrigt;ovrigt;tom;\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "Förslag: 3 (+ 2 tomma eller inget förslag)" in md
    assert "Andelarna räknas på alla 5 rader; av dem är 1 tom och 1 inget förslag" in md
    assert "| Brukarfokus och tillgänglighet | 1 | 20 % |" in md and "| Övrigt | 1 | 20 % |" in md
    assert "| Tomma | 1 | 20 % |" in md and "| Inget förslag | 1 | 20 % |" in md  # (counted apart, as the months)


def test_answers_that_are_no_suggestion_are_not_shown_as_representative_suggestions(tmp_path: Path):
    """The report says 'Vet inte' and a thanks are no suggestion, then listed them under Övrigt as its
    'Representativa förslag' (the sample data's Övrigt card showed five of them and none of its two
    suggestions). They are counted apart (not in Övrigt), never shown as its examples."""
    rows = [("E1", "Inget att tillägga", ["ovrigt"], 1.0, "no_suggestion"),
            ("E2", "Tack för julbordet", ["ovrigt"], 1.0, "no_suggestion"),
            ("E3", "Bra kollegor som hjälper varandra", ["ovrigt"], 0.9, "ok"),
            ("E1", "Nya datorer behövs till personalen", ["it"], 0.9, "ok")]
    md = _report(_jsonl(tmp_path / "teman.jsonl", rows), tmp_path, "r.md").read_text(encoding="utf-8")
    assert _examples(md, "Övrigt") == ["Bra kollegor som hjälper varandra — *E3*"]
    assert "### Övrigt · 1 (25 %)" in md and "| Inget förslag | 2 | 50 % |" in md


def test_the_workbook_report_says_why_it_has_no_month_or_unit_sheet(tmp_path: Path):
    """Without dates (or a unit column) the HTML and Markdown say 'Inga datum i underlaget' ('Ingen enhetskolumn');
    the workbook simply lacked the sheet, without a word."""
    import openpyxl

    src = tmp_path / "utan.csv"
    src.write_text("Förslag\nNya datorer till personalen\nMer personal på helgerna\n", encoding="utf-8")
    wb = openpyxl.load_workbook(_report(src, tmp_path, "r.xlsx"), read_only=True)
    texts = [r[1] for r in wb["Rapport"].iter_rows(min_row=2, values_only=True)]
    assert "Inga datum i underlaget." in texts and "Ingen enhetskolumn i underlaget." in texts
    assert "Utveckling per månad" not in wb.sheetnames


def _classified_jsonl(path: Path, rows) -> Path:
    """A classify .jsonl of ``rows`` (themes, unit, text): a report reads it without classifying."""
    with path.open("w", encoding="utf-8") as fh:
        for i, (themes, unit, text) in enumerate(rows, start=1):
            fh.write(json.dumps({"row": i, "id": str(i), "text": text, "group": unit, "date": None, "themes": themes,
                                 "scores": {t: 0.9 for t in themes}, "evidence": {}, "status": "ok", "person": None},
                                ensure_ascii=False) + "\n")
    return path


def _theme_line(md: str, label: str) -> list[str]:
    return next(line for line in md.splitlines() if line.startswith(f"| {label} |")).strip("| ").split(" | ")


def test_a_report_of_one_theme_judges_its_breadth_against_every_unit(tmp_path: Path):
    """Three of eight units raise IT: 'flera enheter' in the full report. With --theme it the selection held only
    those three units, and the same figures read 'brett förankrat' (every unit of the selection raises it)."""
    rows = [(["it"], u, f"Nya datorer till {u}") for u in ("A", "B", "C")]
    rows += [(["lokaler"], u, f"Större personalrum på {u}") for u in ("D", "E", "F", "G", "H")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    full = _report(src, tmp_path, "alla.md").read_text(encoding="utf-8")
    one = _report(src, tmp_path, "it.md", "--theme", "it").read_text(encoding="utf-8")
    label = "IT och digitala verktyg"
    assert _theme_line(full, label)[3:] == ["3", "A", "33 %", "flera enheter"]
    assert _theme_line(one, label)[3:] == ["3", "A", "33 %", "flera enheter"]
    # --group selects the units the figures are of: A, B and C, and all three raise it
    units = _report(src, tmp_path, "abc.md", "--group", "A", "--group", "B", "--group", "C",
                    "--theme", "it").read_text(encoding="utf-8")
    assert _theme_line(units, label)[6] == "brett förankrat"



def test_report_of_an_export_stopped_before_writing_says_nothing_was_written(raw_csv, tmp_path, monkeypatch):
    """A scheduler's stop while a report of an export is being rendered: "interrupted; nothing was written"
    (exit 130), not "interrupted after the output files were written; they are complete" — the export's
    classification, which writes no file, counted as outputs written."""
    from forbattra.outputs.report import html as html_mod

    def stopped(report):
        raise KeyboardInterrupt

    monkeypatch.setattr(html_mod, "render_html", stopped)
    res = runner.invoke(app, ["report", str(raw_csv), "-o", str(tmp_path / "rapport.html")])
    assert res.exit_code == 130, res.output
    assert res.output.splitlines()[-1] == "Fel: avbrutet; inget skrevs"
    assert not (tmp_path / "rapport.html").exists()


@pytest.mark.parametrize("failure", ["disk_full", "interrupt"])
def test_report_outputs_are_replaced_together(raw_csv, tmp_path, monkeypatch, failure):
    """A nightly report to .html and .xlsx that fails on its second file (the disk full, or the scheduler's
    stop) leaves both of last night's files as they were, as classify's outputs are (the .html was replaced
    before, beside the old .xlsx, under "disk full" or "nothing was written")."""
    import errno

    from forbattra.outputs.report import excel
    from forbattra.outputs.writers import atomic_path

    html, xlsx = tmp_path / "rapport.html", tmp_path / "rapport.xlsx"
    html.write_text("gårdagens\n", encoding="utf-8")
    xlsx.write_bytes(b"gardagens")

    def broken(report, target):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"halv")
            if failure == "interrupt":
                raise KeyboardInterrupt
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    monkeypatch.setattr(excel, "write_report_xlsx", broken)
    res = runner.invoke(app, ["report", str(raw_csv), "-o", str(html), "-o", str(xlsx)])
    assert res.exit_code == (130 if failure == "interrupt" else 3), res.output
    assert res.output.splitlines()[-1] == ("Fel: avbrutet; inget skrevs" if failure == "interrupt" else
                                           f"Fel: {xlsx}: kan inte skriva: disken är full (eller din kvot är slut); "
                                           "frigör utrymme eller skriv till en annan disk")
    assert html.read_text(encoding="utf-8") == "gårdagens\n" and xlsx.read_bytes() == b"gardagens"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forslag.csv", "rapport.html", "rapport.xlsx"]


def test_scatter_labels_never_overlap_and_every_theme_is_named():
    """An own taxonomy with 25 long theme labels at similar counts: labels that found no free place were put
    beside their point anyway, on top of each other, so the breadth-versus-volume chart of a committee's report
    could not be read. Now such a point gets a number, and a key under the chart names it."""
    from forbattra.outputs.report.html import svg_scatter

    points = [(f"Tema {k}: {'arbetsmiljö och trygghet' if k % 2 else 'lokaler och fysisk miljö'} för alla",
               40 + k % 5, 10 + k % 4, k % 7 == 0) for k in range(25)]
    svg = svg_scatter(points, x_label="Förslag", y_label="Enheter", loud_label="högljudd", other_label="bred")
    labels = [(float(x), float(y), html_module.unescape(t)) for x, y, t in
              re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="12" fill="#[0-9a-f]{6}">([^<]+)</text>', svg)]
    boxes = [(x - 1.5, y - 10.5, x - 2.5 + 6.6 * len(t) + 4, y + 2.5) for x, y, t in labels]  # (less 0.5 px: rounding)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", svg))
    for lab, *_ in points:  # in full in the key, or (maybe shortened) beside its point
        shown = [t for _x, _y, t in labels if t.rstrip("…") and lab.startswith(t.rstrip("…"))]
        assert lab in text or shown, lab
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    assert all(float(y) <= height for y in re.findall(r' y="([\d.]+)"', svg))


def test_scatter_key_names_never_run_into_the_next_column():
    """The key under the breadth-versus-volume chart names each numbered point in columns 360 px apart, but cut a
    name only at what half the chart's width holds (70 letters): an own taxonomy's long labels ('Kompetensutveckling,
    fortbildning och introduktion för nyanställda') ran on over the name in the next column, both unreadable."""
    from forbattra.outputs.report.html import svg_scatter

    long = ["Kompetensutveckling, fortbildning och introduktion för nyanställda",
            "Arbetsmiljö, trygghet och säkerhet för personal i hemtjänsten",
            "Digitala verktyg, e-tjänster och IT-stöd i den dagliga verksamheten"]
    points = [(f"{long[k % 3]} {k}", 40 + k % 5, 10 + k % 4, k % 7 == 0) for k in range(25)]
    for width in (1100, 900, 1500):
        svg = svg_scatter(points, width=width, x_label="Förslag", y_label="Enheter", loud_label="högljudd",
                          other_label="bred")
        key = [(float(x), float(y), number + " " + html_module.unescape(name)) for x, y, number, name in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" font-size="12"><tspan[^>]*>(\d+)</tspan> ([^<]*)</text>', svg)]
        assert len(key) >= 4, svg
        rows: dict[float, list[tuple[float, str]]] = {}
        for x, y, text in key:
            rows.setdefault(y, []).append((x, text))
        for row in rows.values():
            row.sort()
            for (x, text), (next_x, _) in zip(row, row[1:]):
                assert x + 6.6 * len(text) <= next_x, (width, text, x, next_x)
            x, text = row[-1]
            assert x + 6.6 * len(text) <= width, (width, text)


def test_a_share_of_exactly_half_a_percent_reads_as_the_workbook_shows_it(tmp_path: Path):
    """One suggestion of eight is 12.5 %: classify's *Teman* sheet holds 0.125 in Excel's '0%' format, which
    Excel shows as 13 %, but the report rounded half to even and printed '12 %' (and 5 of 8, 62.5 %, as
    '62 %' beside the workbook's 63 %). A committee comparing the two saw two figures for one share."""
    rows = [(["lokaler"], "A", "Större personalrum")]
    rows += [(["it"], u, f"Nya datorer till {u}") for u in ("A", "B", "C", "D", "E", "F", "G")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert _theme_line(md, "Lokaler och fysisk miljö")[1:3] == ["1", "13 %"]
    assert "### Lokaler och fysisk miljö · 1 (13 %)" in md
    html = _report(src, tmp_path, "r.html", "--lang", "en").read_text(encoding="utf-8")
    assert ">1 (13%)</text>" in html and ">7 (88%)</text>" in html
    five = [(["lokaler"], u, f"Större personalrum på {u}") for u in "ABCDE"]
    five += [(["it"], u, f"Nya datorer till {u}") for u in "FGH"]
    md = _report(_classified_jsonl(tmp_path / "fem.jsonl", five), tmp_path, "f.md").read_text(encoding="utf-8")
    assert _theme_line(md, "Lokaler och fysisk miljö")[1:3] == ["5", "63 %"]


EXPORT_ROWS = [  # id, datum, enhet, förslag: a unit missing, an empty row, answers that are no suggestion
    ("1", "2026-01-03", "Hemtjänst Norr", "Vi behöver fler tillfällen till kompetensutveckling och utbildning i dokumentation"),
    ("2", "2026-01-05", "Hemtjänst Norr", "Bättre scheman och mindre delade turer, vi blir utbrända"),
    ("3", "2026-01-09", "Hemtjänst Norr", "Mer utbildning i nya journalsystemet"),
    ("4", "2026-01-12", "Hemtjänst Norr", "Kurser i dokumentation för alla nyanställda"),
    ("5", "2026-01-15", "Hemtjänst Syd", "Vet inte"),
    ("6", "2026-01-16", "", "Fler utbildningsdagar och kurser"),
    ("7", "2026-01-18", "", ""),
    ("8", "2026-01-19", "Skola Öst", "Wifi fungerar inte i klassrummen, datorerna är gamla"),
    ("9", "2026-01-20", "Skola Öst", "Lärarna behöver mer tid för planering och kompetensutveckling"),
    ("10", "2026-01-21", "Skola Väst", "Datorerna är för långsamma och wifi är dåligt"),
    ("11", "2026-01-22", "Skola Väst", "Inför digital signering av avtal"),
    ("12", "2026-01-24", "", "Bättre wifi överallt"),
    ("13", "2026-01-25", "Hemtjänst Syd", "Tack för nya datorerna!"),
    ("14", "2026-02-01", "Hemtjänst Syd", "Fler utbildningar i lyft och förflyttning"),
    ("15", "2026-02-03", "Skola Öst", "Mer tid för kollegialt lärande och fortbildning"),
    ("16", "2026-02-05", "Hemtjänst Norr", "Utbildning i dokumentation behövs"),
]


def test_the_report_of_classifys_workbook_is_the_report_of_the_export(tmp_path: Path):
    """The report of classify's workbook listed other representative suggestions than the report of the export
    it came from: the export's ranked them by the full confidence (0.9983 before 0.998), the workbook holds it
    rounded to two decimals (1 and 1, then ties broken otherwise) and no confidence for a second theme. Both now
    rank by the confidence as the files write it, so the two reports are the same."""
    src = tmp_path / "forslag.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Id", "Datum", "Enhet", "Förslag"])
        w.writerows(EXPORT_ROWS)
    xlsx, csv_out = tmp_path / "teman.xlsx", tmp_path / "teman.csv"
    _ok(["classify", str(src), "--out", str(xlsx), "--out", str(csv_out)])
    direct = _report(src, tmp_path, "direct.md", "--date", "2026-03-01").read_text(encoding="utf-8")
    assert _theme_line(direct, "Utbildning och kompetensutveckling")[1] == "8"
    assert _report(xlsx, tmp_path, "x.md", "--date", "2026-03-01").read_text(encoding="utf-8") == direct
    from_csv = _report(csv_out, tmp_path, "c.md", "--date", "2026-03-01").read_text(encoding="utf-8")
    for theme in ("Utbildning och kompetensutveckling", "IT och digitala verktyg"):  # (a .csv records no accuracy)
        assert _examples(from_csv, theme) == _examples(direct, theme)


def test_an_answer_that_is_no_suggestion_gives_its_theme_no_key_term(tmp_path: Path):
    """The report of sample_data/forslag.csv gave Övrigt the key term 'tillagga', from the answers 'Inget att
    tillagga' that the run marks as no suggestion: presented as what Övrigt's suggestions are about (its card's
    examples, rightly, never show such answers). They are counted (apart, not in the theme) but say nothing of it."""
    rows = [("A", "Inget att tillagga", ["ovrigt"], 1.0, "no_suggestion"),
            ("B", "Inget att tillagga", ["ovrigt"], 1.0, "no_suggestion"),
            ("C", "Tack för nya arbetskläderna!", ["ovrigt"], 1.0, "no_suggestion"),
            ("A", "Flaggan på taket är trasig", ["ovrigt"], 0.4, "ok"),
            ("B", "Wifi fungerar dåligt i huset", ["it"], 0.9, "ok")]
    md = _report(_jsonl(tmp_path / "t.jsonl", rows), tmp_path, "r.md").read_text(encoding="utf-8")
    card = md.split("### Övrigt ·", 1)[1].split("\n### ", 1)[0]
    terms = next(line for line in card.splitlines() if line.startswith("**Nyckelord:**"))
    words = terms.removeprefix("**Nyckelord:**").strip().split(", ")
    assert "tillagga" not in words and "arbetskläderna" not in words, words
    assert "flaggan" in words, words
    assert "### Övrigt · 1 (20 %)" in md and "| Inget förslag | 3 | 60 % |" in md  # still counted, apart


def test_a_duplicate_without_a_unit_is_listed_without_one_not_as_nan(tmp_path: Path):
    """The report of `forbattra duplicates`' workbook listed a member without a unit as 'Fler utbildningsdagar och
    kurser — nan': masking the units turned the missing ones into NaN, which the duplicates section printed. Without
    masking it read right; the unit tables and the theme cards never showed it."""
    rows = [{"row": i + 1, "id": str(i), "text": t, "group": g, "date": None, "themes": ["kompetens"],
             "scores": {"kompetens": 0.9}, "evidence": {}, "status": "ok", "duplicate_group": d}
            for i, (t, g, d) in enumerate([("Fler utbildningsdagar och kurser", None, "1"),
                                           ("Utbildning i dokumentation behövs", "Hemtjänst Norr", "1"),
                                           ("Kurser i dokumentation för alla nyanställda", "Hemtjänst Norr", "1")])]
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    for extra in ((), ("--no-redact",)):
        md = _report(p, tmp_path, "d.md", *extra).read_text(encoding="utf-8")
        line = next(x for x in md.splitlines() if x.startswith("- Grupp 1 (3): "))
        assert line.split(": ", 1)[1].split(" \\| ") == [
            "Fler utbildningsdagar och kurser", "Utbildning i dokumentation behövs — Hemtjänst Norr",
            "Kurser i dokumentation för alla nyanställda — Hemtjänst Norr"], extra
        assert "— nan" not in md


def test_a_report_of_one_theme_says_how_many_units_its_breadth_is_judged_against(tmp_path: Path):
    """--theme it of data where 3 of 8 units raise IT: the cards said 'Enheter: 3', the theme table '3' units and
    'flera enheter', under a rule of 'minst 50 % av alla enheter': on the page every unit raised it and the verdict
    seemed wrong. The card now says of how many: '3 av 8'; the full report, where they are the same, says '8'."""
    rows = [(["it"], u, f"Nya datorer till {u}") for u in ("A", "B", "C")]
    rows += [(["lokaler"], u, f"Större personalrum på {u}") for u in ("D", "E", "F", "G", "H")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    one = _report(src, tmp_path, "it.md", "--theme", "it").read_text(encoding="utf-8")
    assert "Förslag: 3 av 8 · Enheter: 3 av 8 · " in one
    assert _theme_line(one, "IT och digitala verktyg")[3:] == ["3", "A", "33 %", "flera enheter"]
    assert "Förslag: 8 · Enheter: 8 · " in _report(src, tmp_path, "alla.md").read_text(encoding="utf-8")
    en = _report(src, tmp_path, "it_en.md", "--theme", "it", "--lang", "en").read_text(encoding="utf-8")
    assert "Suggestions: 3 of 8 · Units: 3 of 8 · " in en


def test_a_report_of_one_theme_gives_its_share_of_all_the_periods_suggestions(tmp_path: Path):
    """--theme it of 8 suggestions, 3 of them about IT: the theme table, the theme's card and the workbook said
    '100 %' (3 of the 3 selected), which a committee reads as "every suggestion was about IT". The share is of all
    8 suggestions of the selection before --theme (38 %), the card says '3 av 8' and the reading guide says so;
    a comparison of organisations gives each one's share of its own suggestions too."""
    import openpyxl

    rows = [(["it", "kompetens"], "A", "Kurser i nya datorsystemet"), (["it"], "B", "Nya datorer till B"),
            (["it"], "C", "Snabbare wifi")]
    rows += [(["lokaler"], u, f"Större personalrum på {u}") for u in ("D", "E", "F", "G", "H")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    one = _report(src, tmp_path, "it.md", "--theme", "it", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert _theme_line(one, "IT och digitala verktyg")[1:3] == ["3", "38 %"]
    assert "### IT och digitala verktyg · 3 (38 %)" in one and "Förslag: 3 av 8 · " in one
    assert ("- Rapporten visar bara de valda temana och förslagen med dem: 3 av 8; övriga teman ingår inte. "
            "Andelarna är av alla 8 (perioden och enheterna som valts), inte bara av de 3 som visas.") in one
    book = openpyxl.load_workbook(_report(src, tmp_path, "it.xlsx", "--theme", "it", "--date", "2026-12-01"))
    shares = {r[1]: r[4] for r in book["Teman"].iter_rows(min_row=2, values_only=True)}
    assert shares == {"IT och digitala verktyg": 0.375}
    # without --theme: the shares as before, of the report's own rows
    assert _theme_line(_report(src, tmp_path, "alla.md").read_text(encoding="utf-8"),
                       "IT och digitala verktyg")[1:3] == ["3", "38 %"]
    nord, syd = _classified_jsonl(tmp_path / "nord.jsonl", rows[:4]), _classified_jsonl(tmp_path / "syd.jsonl", rows[4:] + rows[1:2])
    vast = _classified_jsonl(tmp_path / "vast.jsonl", rows[5:])  # no suggestion about IT: 0 %, not left out
    both = _report([nord, syd, vast], tmp_path, "cmp.md", "--theme", "it").read_text(encoding="utf-8")
    compared = both.split("## Jämförelse", 1)[1]
    assert "| Tema | nord | syd | vast |" in compared
    assert _theme_line(compared, "IT och digitala verktyg")[1:] == ["75 %", "20 %", "0 %"]  # 3 of 4, 1 of 5, 0 of 3


def test_the_trend_charts_theme_lines_differ_in_more_than_colour():
    """WCAG 1.4.1: the month chart's theme lines, and their legend, differed only in colour (five lines of small
    round dots, the legend five coloured squares), so a reader who tells orange from green or red from brown poorly
    could not tell which line was which theme. Each line now has its own marker shape, drawn in its legend too."""
    from forbattra.outputs.report.data import PALETTE
    from forbattra.outputs.report.html import svg_trend

    months = ["2025-01", "2025-02", "2025-03"]
    series = [(f"Tema {j}", [j, j + 1, j + 2]) for j in range(5)]
    svg = svg_trend(months, series, [20, 25, 30], total_label="Totalt")
    legend = svg.split('<g class="legend">', 1)[1].split("</g>", 1)[0]
    plot = svg.split('<g class="legend">', 1)[0]

    def shapes(part: str, colour: str) -> set[str]:
        """The marker shapes of one colour, positions and sizes left out."""
        marks = re.findall(rf'<(circle|rect|path)\b([^>]*fill="{colour}"[^>]*)/?>', part)
        return {tag + re.sub(r"[-\d.]+", "N", re.search(r' d="([^"]*)"', attrs).group(1) if tag == "path" else "")
                for tag, attrs in marks}

    seen = []
    for j, (name, _values) in enumerate(series):
        on_line, in_legend = shapes(plot, PALETTE[j]), shapes(legend, PALETTE[j])
        assert len(on_line) == 1 and on_line == in_legend, (name, on_line, in_legend)
        seen.append(on_line.pop())
    assert len(set(seen)) == len(series), seen


def test_the_report_names_its_taxonomy_as_the_taxonomy_not_as_a_theme(raw_csv: Path, tmp_path: Path):
    """The line under the title said 'Skapad med forbattra 2026-01-01 · tema: standard' ('theme: huset' in
    English): the taxonomy's name shown as if it were a theme — with huset, whose rooms are the themes, or a
    taxonomy named after one of its themes, a reader took it for the one theme the report is about."""
    md = _report(raw_csv, tmp_path, "r.md", "--taxonomy", "huset", "--date", "2026-01-01").read_text(encoding="utf-8")
    assert "Skapad med forbattra 2026-01-01 · taxonomi: huset" in md and "tema: huset" not in md
    md = _report(raw_csv, tmp_path, "en.md", "--date", "2026-01-01", "--lang", "en").read_text(encoding="utf-8")
    assert "Made with forbattra 2026-01-01 · taxonomy: standard" in md and "theme: standard" not in md


@pytest.mark.parametrize("selection", [["--theme", "lokaler"], ["--since", "2026-01-10"], ["--group", "Skolan"]])
def test_a_selection_masks_the_names_of_writers_it_leaves_out(tmp_path: Path, selection: list[str]):
    """A name is masked because it stands in the person column. The masking knew only the selected rows' names, so
    a selected text naming a colleague whose own suggestions were left out (another theme, date or unit) showed
    that name in every format, where the report of every row masks it."""
    rows = [("2026-01-05", "Hemtjänst Norr", "Jaroslava Quistdotter", ["personal"], "Fler vikarier på helgerna."),
            ("2026-01-12", "Skolan", "Bo Ek", ["lokaler"],
             "Ventilationen i personalrummet är dålig, Quistdotter har klagat till Jaroslava.")]
    src = tmp_path / "teman.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i, (day, unit, person, themes, text) in enumerate(rows, start=1):
            fh.write(json.dumps({"row": i, "id": str(i), "text": text, "group": unit, "date": day, "themes": themes,
                                 "scores": {t: 0.9 for t in themes}, "evidence": {}, "status": "ok", "person": person},
                                ensure_ascii=False) + "\n")
    for name in ("r.md", "r.html", "r.xlsx"):
        _report(src, tmp_path, name, *selection)
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "1. Ventilationen i personalrummet är dålig, \\[namn\\] har klagat till \\[namn\\]. — *Skolan*" in md, md
    import openpyxl

    cells = [c for ws in openpyxl.load_workbook(tmp_path / "r.xlsx") for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    for text in (md, (tmp_path / "r.html").read_text(encoding="utf-8"), *cells):
        assert "Quistdotter" not in text and "Jaroslava" not in text, text


def test_a_report_of_one_theme_shows_the_key_terms_it_has_in_the_report_of_every_theme(tmp_path: Path):
    """Key terms are the words a theme's suggestions use much more than the other themes'. --theme left only the
    chosen theme's suggestions, so there was nothing to tell it apart from: words every theme uses ("personalen",
    "behöver") came before its own, and the card read otherwise than the same theme's card without --theme."""
    rows = [(["lokaler"], "A", "Ventilationen i personalrummet är dålig, personalen behöver luft."),
            (["lokaler"], "B", "Ventilationen på kontoret fungerar dåligt och personalen behöver svalka."),
            (["lokaler"], "C", "Personalrummet är för litet för personalen."),
            (["it"], "A", "Datorerna är långsamma och personalen behöver nya datorer."),
            (["it"], "B", "Personalen behöver bättre datorer och snabbare inloggning."),
            (["personal"], "C", "Personalen behöver fler vikarier på helgerna."),
            (["personal"], "A", "Personalen behöver vikarier när någon är sjuk.")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    full = _report(src, tmp_path, "alla.md").read_text(encoding="utf-8")
    one = _report(src, tmp_path, "lokaler.md", "--theme", "lokaler").read_text(encoding="utf-8")
    expected = "**Nyckelord:** personalrummet, ventilationen, kontoret, litet, luft, svalka"

    def card_terms(md: str) -> str:
        card = md.split("### Lokaler och fysisk miljö", 1)[1]
        return next(line for line in card.splitlines() if line.startswith("**Nyckelord:**"))

    assert card_terms(full) == expected
    assert card_terms(one) == expected
    import openpyxl

    _report(src, tmp_path, "lokaler.xlsx", "--theme", "lokaler")
    ws = openpyxl.load_workbook(tmp_path / "lokaler.xlsx")["Teman"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "lokaler")
    assert row[head.index("Nyckelord")] == expected.split("** ", 1)[1]


def test_the_selection_line_masks_a_unit_named_after_a_person_as_the_tables_do(tmp_path: Path):
    """A unit named after its leader is masked in every table ("[namn] grupp"), but the line saying what --group
    selected wrote the unit as the data spells it, the leader's name on a report that says names are masked."""
    src = tmp_path / "teman.jsonl"
    rows = [("Kalle Karlssons grupp", "Kalle Karlsson", ["personal"], "Fler vikarier på helgerna."),
            ("Kalle Karlssons grupp", "Bo Ek", ["lokaler"], "Ventilationen i personalrummet är dålig."),
            ("Skolan", "Per Holm", ["lokaler"], "Ventilationen i klassrummen är dålig.")]
    with src.open("w", encoding="utf-8") as fh:
        for i, (unit, person, themes, text) in enumerate(rows, start=1):
            fh.write(json.dumps({"row": i, "id": str(i), "text": text, "group": unit, "date": "2026-01-05",
                                 "themes": themes, "scores": {t: 0.9 for t in themes}, "evidence": {}, "status": "ok",
                                 "person": person}, ensure_ascii=False) + "\n")
    for name in ("r.md", "r.html", "r.xlsx"):
        _report(src, tmp_path, name, "--group", "Kalle Karlssons grupp", "--since", "2026-01-01")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Skapad med forbattra" in md and " · urval: 2026-01-01 – …; \\[namn\\] grupp\n" in md, md
    assert "| \\[namn\\] grupp | 0 | 0 | 1 | 1 |" in md
    import openpyxl

    cells = [c for ws in openpyxl.load_workbook(tmp_path / "r.xlsx") for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    for text in (md, (tmp_path / "r.html").read_text(encoding="utf-8"), *cells):
        assert "Karlsson" not in text, text
    # unmasked (--no-redact): as the data spells it
    _report(src, tmp_path, "r.md", "--group", "Kalle Karlssons grupp", "--no-redact")
    assert " · urval: Kalle Karlssons grupp\n" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_long_header_words_break_only_where_they_hyphenate(tmp_path: Path):
    """The heat table's narrow headers got a soft hyphen every eight letters: "kompeten-sutveckl-ing",
    "kommunik-ation", "Recruitm-ent". Now only where the parts of a compound meet and before an ending."""
    from forbattra.outputs.report.sections import soft_hyphenate

    cases = {"Utbildning och kompetensutveckling": "Utbild|ning och kompetens|utveck|ling",
             "Samverkan och kommunikation": "Samverkan och kommunika|tion",
             "Arbetsmiljö och hälsa": "Arbets|miljö och hälsa",
             "Brukarfokus och tillgänglighet": "Brukar|fokus och tillgänglig|het",
             "Mottagningsenheten": "Mottag|nings|enheten", "Förskoleverksamheten": "Förskole|verksamheten",
             "Planeringen": "Plane|ringen", "Solgårdens": "Solgårdens",
             "Training and professional development": "Training and professional develop|ment",
             "Leadership, governance and participation": "Leader|ship, govern|ance and participa|tion"}
    assert {k: soft_hyphenate(k).replace("\u00ad", "|") for k in cases} == cases
    src = _classified_jsonl(tmp_path / "teman.jsonl", [(["kompetens"], "A", "En kurs i bemötande för oss"),
                                                       (["samverkan"], "B", "Bättre samarbete med skolan")])
    html = _report(src, tmp_path, "r.html").read_text(encoding="utf-8")
    heat = html.split("<h2>Tema per enhet", 1)[1].split("</thead>", 1)[0]
    assert "Utbild\u00adning och kompetens\u00adutveck\u00adling" in heat and "kommunika\u00adtion" in heat


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_workbook_explains_that_a_small_themes_key_terms_may_come_from_one_suggestion(tmp_path: Path, lang: str):
    """A theme of fewer than five suggestions shows key terms found in one of them (key_terms' rule), but the
    Förklaringar sheet said every key term stands in at least two of the theme's suggestions."""
    import openpyxl

    src = _classified_jsonl(tmp_path / "teman.jsonl", [(["it"], "A", "Datorerna startar om hela tiden"),
                                                       (["lokaler"], "B", "Ventilationen i personalrummet är dålig")])
    _report(src, tmp_path, "r.xlsx", "--lang", lang)
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    sheets = {"sv": ("Teman", "Förklaringar", "Nyckelord"), "en": ("Themes", "Explanations", "Key terms")}[lang]
    themes = wb[sheets[0]]
    head = [c.value for c in themes[1]]
    row = next(r for r in themes.iter_rows(min_row=2, values_only=True) if r[0] == "it")
    assert row[head.index(sheets[2])] == "datorerna, startar"  # each in the one suggestion IT has
    said = dict(r[:2] for r in wb[sheets[1]].iter_rows(min_row=2, values_only=True))[sheets[2]]
    assert {"sv": "(i minst två av temats förslag, i ett tema med färre än fem förslag i minst ett;",
            "en": "(in at least two of its suggestions, in a theme of fewer than five suggestions in at least one;"
            }[lang] in said, said


def test_since_and_until_take_a_month_from_its_first_to_its_last_day(raw_csv: Path, tmp_path: Path):
    """'--since 2024-02' was refused ("ange ett datum som ÅÅÅÅ-MM-DD") although the reports read month-only dates in
    the data. A month is read now: --since from its first day, --until to its last (29 February in a leap year), the
    same report as the days written out; the selection line shows the days. A month that is none is one line, exit 2."""
    classified = tmp_path / "teman.jsonl"
    _ok(["classify", str(raw_csv), "-o", str(classified)])
    months = _report(classified, tmp_path, "m.md", "--since", "2024-02", "--until", "2024-03", "--date", "2026-12-01")
    days = _report(classified, tmp_path, "d.md", "--since", "2024-02-01", "--until", "2024-03-31", "--date", "2026-12-01")
    text = months.read_text(encoding="utf-8")
    assert months.read_bytes() == days.read_bytes()
    assert "Förslag: 4 ·" in text and "urval: 2024-02-01 – 2024-03-31" in text
    feb = _report(classified, tmp_path, "f.md", "--until", "2024-02").read_text(encoding="utf-8")
    assert "Förslag: 3 ·" in feb and "urval: … – 2024-02-29" in feb  # 15 Jan, 3 and 20 Feb
    r = runner.invoke(app, ["report", str(classified), "-o", str(tmp_path / "x.md"), "--since", "2024-13"])
    assert r.exit_code == 2 and r.stderr.splitlines()[-1].endswith(  # (Click's own words: Swedish from the entry point)
        "'--since': ange ett datum som ÅÅÅÅ-MM-DD eller en månad som ÅÅÅÅ-MM, t.ex. 2024-01-31 eller 2024-01"), r.stderr
    assert not (tmp_path / "x.md").exists()


def test_the_report_sheets_counts_are_numbers_not_text(raw_csv: Path, tmp_path: Path):
    """The *Rapport* sheet's Förslag and Enheter were written as text ('8', '4'): Excel marked them with green
    triangles and a SUM over them gave 0. A figure that is one count is a number cell; one with words ('3 av 8',
    '8 (+ 1 tomma …)') stays text, and the HTML and Markdown cards read as before."""
    import openpyxl

    classified = tmp_path / "teman.jsonl"
    _ok(["classify", str(raw_csv), "-o", str(classified)])
    ws = openpyxl.load_workbook(_report(classified, tmp_path, "r.xlsx", "--date", "2026-12-01"))["Rapport"]
    cards = {r[0].value: r[1] for r in ws.iter_rows(min_row=2) if r[0].value in ("Förslag", "Enheter", "Period")}
    assert (cards["Förslag"].value, cards["Förslag"].data_type) == (8, "n")
    assert (cards["Enheter"].value, cards["Enheter"].data_type) == (4, "n")
    assert (cards["Period"].value, cards["Period"].data_type) == ("2024-01-15 – 2024-05-09", "s")
    assert "Förslag: 8 · Enheter: 4 · " in _report(classified, tmp_path, "r.md").read_text(encoding="utf-8")
    assert '<div class="k">Förslag</div><div class="v">8</div>' in \
        _report(classified, tmp_path, "r.html").read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(_report(classified, tmp_path, "s.xlsx", "--theme", "lokaler"))["Rapport"]
    selected = next(r[1] for r in ws.iter_rows(min_row=2) if r[0].value == "Förslag")
    assert selected.data_type == "s" and selected.value.endswith(" av 8")


def test_min_confidence_on_a_sorted_input_is_said_to_have_no_effect(raw_csv: Path, tmp_path: Path):
    """'report teman.jsonl --min-confidence 0.9' (or a store) wrote the same report as without it, silently: the
    option only sorts a raw export the report classifies itself. The user who asked for stricter themes is told,
    once per such input, and the report is the one of its stored themes; a raw export is sorted with it, as before."""
    classified, store = tmp_path / "teman.jsonl", tmp_path / "h.db"
    _ok(["classify", str(raw_csv), "-o", str(classified), "--store", str(store)])
    for source, shown in ((classified, str(classified)), (store, str(store))):
        plain = _report(source, tmp_path, "plain.md", "--date", "2026-12-01").read_bytes()
        res = _ok(["report", str(source), "-o", str(tmp_path / "strict.md"), "--date", "2026-12-01",
                   "--min-confidence", "0.9"])
        assert (f"Varning: {shown}: --min-confidence gäller bara en export som rapporten sorterar själv; den här är "
                "redan sorterad och visas med sina teman (sortera om den med forbattra classify --min-confidence)") \
            in res.stderr.splitlines()
        assert (tmp_path / "strict.md").read_bytes() == plain
    res = _ok(["report", str(raw_csv), "-o", str(tmp_path / "raw.md"), "--min-confidence", "0.9"])
    assert "--min-confidence" not in res.stderr


def test_report_store_option_says_the_store_is_the_input(tmp_path: Path):
    """'report --store k.db' (as classify and trends take a store) said "Flaggan --store finns inte (möjliga flaggor:
    --date)": report reads a store as its input. It now says so with the command to type (exit 2, nothing written)."""
    r = runner.invoke(app, ["report", "--store", "min historik.db", "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines()[-1] == ("Error: Invalid value for '--store': report läser en historik som "
                                                 "indata, utan --store: forbattra report 'min historik.db'")
    assert list(tmp_path.iterdir()) == []


def test_counts_from_a_thousand_up_are_grouped_as_swedish_writes_them(tmp_path: Path):
    """An export of 1 500 suggestions: the reading guide said 'sorterade 21 050 förslag' but 'alla 1502 rader', the
    card '1500 (+ 2 …)', the themes' table and chart '1500'; and the HTML and Markdown turned the one grouped number's
    no-break space into a plain one, where a line could break it in two. Every count is now grouped by three with a
    thin space that does not break (English: a comma); a number cell of the workbook stays a number."""
    import openpyxl

    src = tmp_path / "forslag.csv"
    lines = ["id;enhet;förslag"] + [f"{i};Enhet {i % 3};Wifi och datorerna fungerar dåligt, nr {i}" for i in range(1500)]
    src.write_text("\n".join(lines + ["1500;Enhet 1;", "1501;Enhet 2;"]) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, "stor.html", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert '<div class="v small">1\u202f500 (+ 2 tomma eller inget förslag)</div>' in page
    assert "Andelarna räknas på alla 1\u202f502 rader; av dem är 2 tomma" in page
    # (the shipped model's training size, ≥ 1 000: grouped; read from the model, which a retraining changes)
    from forbattra.scoring.model import default_model_dir

    trained = json.loads((default_model_dir("standard") / "model.json").read_text(encoding="utf-8"))["training_size"]
    assert trained >= 1000
    trained_sv = f"{trained:,}".replace(",", "\u202f")
    assert f"Jämförd med hur personer sorterade {trained_sv} förslag" in page
    assert '<th scope="row">IT och digitala verktyg</th><td class="n">1\u202f500</td>' in page
    assert ">1\u202f500 (100\u00a0%)</text>" in page  # the bar's label
    md = _report(src, tmp_path, "stor.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert "Förslag: 1\u202f500 (+ 2 tomma eller inget förslag) · Enheter: 3 ·" in md
    assert f"sorterade {trained_sv} förslag" in md and "alla 1\u202f502 rader" in md
    assert _theme_line(md, "IT och digitala verktyg")[1:3] == ["1\u202f500", "100 %"]
    en = _report(src, tmp_path, "en.md", "--lang", "en", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert "Suggestions: 1,500 (+ 2 empty or no suggestion)" in en and f"sorted {trained:,} suggestions" in en
    book = openpyxl.load_workbook(_report(src, tmp_path, "stor.xlsx", "--date", "2026-12-01"))
    counts = {r[1]: r[2] for r in book["Teman"].iter_rows(min_row=2, values_only=True)}
    assert counts["IT och digitala verktyg"] == 1500


def test_a_share_keeps_its_percent_sign_on_its_line(raw_csv: Path, tmp_path: Path):
    """Laid out 1100 px wide, the reading guide of the sample data ended a line at '(i snitt per tema: 80' and began
    the next with '%)': Swedish writes '80 %' with a space, and a plain one lets the line break there. Every '%' of
    the page (tables, cards, the guide, the theme cards, the examples' text too) is now bound to its number."""
    page = _report(raw_csv, tmp_path, "r.html", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert re.search(r"\(i snitt per tema: \d+\u00a0%\)", page)
    assert re.search(r'<td class="n">\d+\u00a0%</td>', page) and re.search(r"\(\d+\u00a0%\)</text>", page)
    assert not re.search(r"\d[ \t\n]%", page)


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_a_printed_report_has_the_month_charts_figures(raw_csv: Path, tmp_path: Path):
    """The month chart's bars carry no numbers; its figures are a table folded under 'Diagrammets siffror som tabell'.
    Printed (or saved as PDF for the committee), the fold stayed shut: the page showed the words and no table, so the
    paper report had no monthly counts at all. A printed report now unfolds it."""
    pypdf = pytest.importorskip("pypdf")
    page = _report(raw_csv, tmp_path, "r.html", "--date", "2026-12-01")
    assert '<details class="figures"><summary>Diagrammets siffror som tabell</summary>' in page.read_text(encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'pdf-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                   timeout=60, capture_output=True, check=False, env={**os.environ, "HOME": str(tmp_path)})
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Diagrammets siffror som tabell" in text
    assert re.search(r"Månad\s+Totalt", text), text  # the table's header row, printed
    # ... and within the page: its thirteen columns (month, total, a theme each) were 1114 px wide, on a page of
    # 1016, and printed cut at the right edge; the printed table now fits, each header word whole
    printed = _measure(page, tmp_path, width=1016, printed=True)
    assert printed["sticking_out"] == [] and printed["broken_headers"] == []


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
def test_printed_heat_map_headers_break_no_word_in_the_middle(raw_csv: Path, tmp_path: Path):
    """Printed on A4 landscape, the twelve theme columns of 'Tema per enhet' were too narrow for 'kompetens',
    'Samverkan', 'dokumenta-', 'kommunika-' (English 'professional', 'accessibility'): the PDF read 'kompeten /
    sutveck-ling', 'Samverka / n och'. The printed heat map gives the unit column less room and its headers a
    slightly smaller type, so each word breaks only where it hyphenates."""
    for lang in ("sv", "en"):
        page = _report(raw_csv, tmp_path, f"tryck-{lang}.html", "--lang", lang, "--date", "2026-12-01")
        assert _measure(page, tmp_path, width=1016, printed=True)["broken_headers"] == [], lang
        assert _measure(page, tmp_path)["broken_headers"] == [], lang  # on a 1280 px screen, as before


def test_the_suggestions_card_writes_one_empty_row_in_the_singular(tmp_path: Path):
    """Of 4 rows one empty: the card read 'Förslag: 3 (+ 1 tomma eller inget förslag)', the plural after one, where
    the reading guide beside it writes '1 tom'."""
    src = tmp_path / "forslag.csv"
    src.write_text("id;enhet;förslag\n1;A;Wifi fungerar dåligt\n2;B;Fler vikarier behövs\n3;A;\n"
                   "4;B;Personalrummet är för litet\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert "Förslag: 3 (+ 1 tom eller inget förslag) · " in md and "av dem är 1 tom. " in md
    en = _report(src, tmp_path, "en.md", "--lang", "en", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert "Suggestions: 3 (+ 1 empty or no suggestion) · " in en


def test_the_month_charts_vertical_axis_says_what_it_counts(tmp_path: Path):
    """The month chart's vertical axis had numbers and no name, in the HTML and in the workbook's chart: a
    committee could not tell suggestions from units or per cent. It is named as the scatter's count axis is."""
    import zipfile

    page = _report(_many_units_jsonl(tmp_path), tmp_path, "t.html", "--date", "2026-12-01").read_text(encoding="utf-8")
    svg = page.split("<h2>Utveckling per månad</h2>", 1)[1].split("</svg>", 1)[0]
    assert re.search(r'<text transform="translate\(16 [\d.]+\) rotate\(-90\)" text-anchor="middle" '
                     r'font-size="12.5">Antal förslag</text>', svg)
    en = _report(_many_units_jsonl(tmp_path), tmp_path, "t_en.html", "--lang", "en").read_text(encoding="utf-8")
    assert "rotate(-90)\" text-anchor=\"middle\" font-size=\"12.5\">Number of suggestions</text>" in \
        en.split("<h2>Trend per month</h2>", 1)[1].split("</svg>", 1)[0]
    book = _report(_many_units_jsonl(tmp_path), tmp_path, "t.xlsx", "--date", "2026-12-01")
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    trend = next(c for c in charts if "Utveckling per månad" in c)
    assert "<a:t>Antal förslag</a:t>" in trend
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is not None:  # (laid out where the browser is, as the others)
        assert _measure(tmp_path / "t.html", tmp_path)["outside"] == []


def test_the_month_trend_counts_empty_rows_and_non_suggestions_apart_as_trends_does(tmp_path: Path):
    """The report's months counted a blank row and an answer that is no suggestion ("Vet inte", "Inget att
    tillägga") under Övrigt and in the month's Totalt, while trends (and classify's run line) count them apart:
    the same export read as 5 Övrigt in January by one and 2 by the other. Now both count alike."""
    src = tmp_path / "forslag.csv"
    src.write_text("id;enhet;datum;förslag\n"
                   "1;Hemtjänst Norr;2026-01-03;Datorerna är för långsamma och inloggningen tar tio minuter\n"
                   "2;Hemtjänst Syd;2026-01-09;Vet inte\n"
                   "3;Hemtjänst Syd;2026-01-12;\n"
                   "4;Skolan Väst;2026-01-20;Inget att tillägga\n"
                   "5;Skolan Väst;2026-01-28;Flytta sommarfesten till juni.\n"
                   "6;Hemtjänst Norr;2026-02-02;Lokalen är för trång och ventilationen fungerar inte\n"
                   "7;Hemtjänst Norr;2026-02-27;-\n", encoding="utf-8")
    store, trend = tmp_path / "k.db", tmp_path / "trend.csv"
    _ok(["classify", str(src), "--store", str(store), "-o", str(tmp_path / "teman.xlsx")])
    _ok(["trends", "--store", str(store), "-o", str(trend)])
    with trend.open(encoding="utf-8-sig") as fh:
        trends_rows = list(csv.reader(fh, delimiter=";"))
    page = _report(tmp_path / "teman.xlsx", tmp_path, "r.xlsx", "--date", "2026-03-01")
    import openpyxl

    sheet = [list(r) for r in openpyxl.load_workbook(page)["Utveckling per månad"].iter_rows(values_only=True)]
    head = sheet[0]
    assert head[:2] == ["Månad", "Totalt"] and head[-3:] == ["Övrigt", "Tomma", "Inget förslag"]
    # the month's total, the theme columns and the columns apart, month by month, as trends has them (after its
    # Ofullständig column: a partial month the report marks "*")
    assert [[str(r[0]).rstrip(" *"), *map(str, r[1:])] for r in sheet[1:]] == [[t[0], *t[2:]] for t in trends_rows[1:]]
    assert [str(r[0]).endswith(" *") for r in sheet[1:]] == [t[1] == "ja" for t in trends_rows[1:]]
    assert trends_rows[0][:3] == ["Period", "Ofullständig", "Totalt"] and trends_rows[0][3:] == head[2:]
    # Totalt: the month's suggestions (2 in January: IT, and the summer party in Övrigt — outside every theme at
    # ≈ 0.85 with either model so far, not a borderline case), not its 5 rows
    assert [r[1] for r in sheet[1:]] == [2, 1]
    assert [(r[head.index("Övrigt")], r[head.index("Tomma")], r[head.index("Inget förslag")]) for r in sheet[1:]] \
        == [(1, 1, 2), (0, 0, 1)]  # ("-" is an export's placeholder: no suggestion)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_themes_and_units_tables_count_empty_rows_and_non_suggestions_apart_as_the_months_do(tmp_path: Path,
                                                                                                  lang: str):
    """The month table counts a blank row and an answer that is no suggestion ('Vet inte', '-') apart, in columns
    of their own; beside it the themes' table, the Övrigt card and Tema per enhet still put them in Övrigt: 'Övrigt
    4 (57 %)' over a month table whose Övrigt held 1. A committee reading them side by side now reads one count:
    Övrigt's own suggestion, and the rows apart on rows (and columns) of their own, their shares of every row."""
    import openpyxl

    rows = [("it", "ok", "Hemtjänst Norr", "2026-01-03", "Datorerna är för långsamma"),
            ("ovrigt", "ok", "Skolan Väst", "2026-01-28", "Nya lyftar behövs"),
            ("ovrigt", "no_suggestion", "Hemtjänst Syd", "2026-01-09", "Vet inte"),
            ("ovrigt", "empty", "Hemtjänst Syd", "2026-01-12", ""),
            ("ovrigt", "no_suggestion", "Skolan Väst", "2026-01-20", "Inget att tillägga"),
            ("lokaler", "ok", "Hemtjänst Norr", "2026-02-02", "Lokalen är för trång"),
            ("ovrigt", "no_suggestion", "Hemtjänst Norr", "2026-02-27", "-")]
    src = tmp_path / "teman.jsonl"
    src.write_text("".join(json.dumps({"row": i, "id": str(i), "text": text, "group": unit, "date": date,
                                       "themes": [theme], "scores": {theme: 0.9}, "evidence": {}, "status": status},
                                      ensure_ascii=False) + "\n"
                           for i, (theme, status, unit, date, text) in enumerate(rows, start=1)), encoding="utf-8")
    md = _report(src, tmp_path, f"r-{lang}.md", "--lang", lang, "--date", "2026-03-01").read_text(encoding="utf-8")
    sv = lang == "sv"
    other, empty, none = ("Övrigt", "Tomma", "Inget förslag") if sv else ("Other", "Empty", "No suggestion")
    themes = md.split("## " + ("Teman: antal och andel" if sv else "Themes: count and share"), 1)[1].split("\n## ", 1)[0]
    table = [line.strip("| ").split(" | ") for line in themes.splitlines() if line.startswith("| ")][1:]
    p14, p43 = ("14 %", "43 %") if sv else ("14%", "43%")
    assert next(r[:3] for r in table if r[0] == other) == [other, "1", p14]
    assert [r[:3] for r in table][-2:] == [[empty, "1", p14], [none, "3", p43]]  # (after the themes, as in the months)
    assert f"\n### {other} · 1 ({p14})\n" in md  # the theme card
    months = md.split("## " + ("Utveckling per månad" if sv else "Trend per month"), 1)[1].split("\n## ", 1)[0]
    month_rows = [line.strip("| ").split(" | ") for line in months.splitlines() if line.startswith("| ")]
    col = month_rows[0].index(other)
    assert sum(int(r[col]) for r in month_rows[1:]) == 1  # the same Övrigt as the themes' table
    units = md.split("## " + ("Tema per enhet" if sv else "Themes by unit"), 1)[1].split("\n## ", 1)[0]
    unit_rows = [line.strip("| ").split(" | ") for line in units.splitlines() if line.startswith("| ")]
    head = unit_rows[0]
    assert head[-4:] == [other, empty, none, "Totalt" if sv else "Total"]
    syd = next(r for r in unit_rows if r[0] == "Hemtjänst Syd")
    assert syd[-4:] == ["0", "1", "1", "2"]
    guide = "De räknas för sig i tabellerna («Tomma» och «Inget förslag»), inte i Övrigt." if sv else \
        "They are counted apart in the tables ('Empty' and 'No suggestion'), not in Other."
    assert guide in md
    # the workbook's Teman and Tema per enhet sheets (classify's) count them apart too, and its guide says so
    book = openpyxl.load_workbook(_report(src, tmp_path, f"r-{lang}.xlsx", "--lang", lang, "--date", "2026-03-01"))
    teman = [r for r in book["Teman" if sv else "Themes"].iter_rows(min_row=2, values_only=True)]
    assert next(r[2] for r in teman if r[0] == "ovrigt") == 1
    assert [r[:3] for r in teman][-2:] == [(None, empty, 1), (None, none, 3)]
    sheet = list(book["Tema per enhet" if sv else "Themes by unit"].iter_rows(values_only=True))
    assert list(sheet[0][-4:]) == [other, empty, none, "Totalt" if sv else "Total"]
    assert list(next(r for r in sheet if r[0] == "Hemtjänst Syd")[-4:]) == [0, 1, 1, 2]
    said = [str(r[1]) for r in book["Rapport" if sv else "Report"].iter_rows(values_only=True) if r[1]]
    assert any(guide in x for x in said), said


def test_a_report_of_the_fallback_theme_says_its_shares_are_of_every_row_once(tmp_path: Path):
    """--theme ovrigt of 9 rows (5 suggestions, 1 empty, 3 no suggestion): the reading guide said 'Andelarna är av alla
    9' and, the next line, 'Andelarna räknas på alla 4 rader' — the selection's rows, not the 9 its shares (1 of 9:
    11 %) are of. Both lines now say 9."""
    rows = [("it", "ok", "Datorerna är för långsamma"), ("lokaler", "ok", "Lokalen är för trång"),
            ("it", "ok", "Wifi fungerar dåligt"), ("personal", "ok", "Fler vikarier på helgerna"),
            ("ekonomi", "ok", "Budgeten räcker inte"), ("ovrigt", "empty", ""), ("ovrigt", "no_suggestion", "Vet ej"),
            ("ovrigt", "no_suggestion", "-"), ("ovrigt", "no_suggestion", "Tack!")]
    src = tmp_path / "teman.jsonl"
    src.write_text("".join(json.dumps({"row": i, "id": str(i), "text": text, "group": "Enhet A", "date": None,
                                       "themes": [theme], "scores": {theme: 0.9}, "evidence": {}, "status": status},
                                      ensure_ascii=False) + "\n"
                           for i, (theme, status, text) in enumerate(rows, start=1)), encoding="utf-8")
    md = _report(src, tmp_path, "o.md", "--theme", "ovrigt", "--date", "2026-03-01").read_text(encoding="utf-8")
    assert "Andelarna är av alla 9 " in md
    assert "Andelarna räknas på alla 9 rader; av dem är 1 tom och 3 inget förslag" in md
    assert "| Tomma | 1 | 11 % |" in md and "| Inget förslag | 3 | 33 % |" in md


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_report_of_one_theme_shows_that_theme_not_the_others_at_zero(tmp_path: Path, lang: str):
    """--theme it listed every other theme too: 'Ekonomi och resurser 0 0 % inga förslag', 'Lokaler … 0 %', and
    'Utbildning … 1 (13 %)' for the one IT suggestion that was also about training, in the themes' table, the unit
    and month tables, the theme cards and the workbook. A committee reads 0 % as "nobody raised it"; they were only
    left out. The report of a selection now shows the chosen themes alone, and its reading guide says so."""
    import openpyxl

    rows = [(["it", "kompetens"], "A", "Kurser i nya datorsystemet"), (["it"], "B", "Nya datorer till B"),
            (["lokaler"], "C", "Större personalrum på C"), (["lokaler"], "D", "Större personalrum på D")]
    src = _classified_jsonl(tmp_path / "teman.jsonl", rows)
    md = _report(src, tmp_path, "it.md", "--theme", "it", "--lang", lang, "--date", "2026-12-01").read_text(encoding="utf-8")
    it, other = ("IT och digitala verktyg", "Utbildning och kompetensutveckling") if lang == "sv" else \
        ("IT and digital tools", "Training and professional development")
    themes = "Teman: antal och andel" if lang == "sv" else "Themes: count and share"
    table = md.split(f"## {themes}", 1)[1].split("\n## ", 1)[0]
    assert [line.split(" | ")[0] for line in table.splitlines() if line.startswith("| ")][1:] == [f"| {it}"]
    units = md.split("## " + ("Tema per enhet" if lang == "sv" else "Themes by unit"), 1)[1].split("\n## ", 1)[0]
    assert f"| {it} | " in units and other not in units and "Lokaler" not in units and "Premises" not in units
    assert other not in md and not re.search(r"(?<![\d,.])0\s?%", md)
    assert md.count("\n### ") == 1 and f"\n### {it} · 2 (50" in md
    guide = ("övriga teman ingår inte" if lang == "sv" else "the other themes are not included")
    assert guide in md
    book = openpyxl.load_workbook(_report(src, tmp_path, "it.xlsx", "--theme", "it", "--lang", lang))
    sheet = "Teman" if lang == "sv" else "Themes"
    assert [r[0] for r in book[sheet].iter_rows(min_row=2, values_only=True)] == ["it"]
    by_unit = book["Tema per enhet" if lang == "sv" else "Themes by unit"]
    assert [c.value for c in by_unit[1]] == ["Enhet" if lang == "sv" else "Unit", it, "Totalt" if lang == "sv" else "Total"]


def test_a_total_row_under_the_export_is_no_unit_of_tema_per_enhet(tmp_path: Path):
    """An Excel export with a footer under its rows — 'Totalt' and 'Summa enheter: 3' in the unit column, the text
    empty — had both as units: rows of *Tema per enhet* beside the real units, the largest unit of Övrigt named
    'Summa enheter: 3', and the units counted for breadth. A total row's label is no unit now; its row is still
    read (an empty row, counted), and a blank unit stays under '(enhet saknas)'."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Datum", "Enhet", "Förslag", "Antal"])
    for day, unit, text in [(2, "Hemtjänst Norr", "Vi behöver fler vikarier på helgerna"),
                            (5, "Hemtjänst Syd", "Datorerna är för långsamma"),
                            (9, None, "Personalrummet är för trångt"),
                            (12, "Totalförsvarssamordningen", "Bättre wifi i huset"),
                            (20, "Skolan Väst", "Ventilationen fungerar inte i klassrummet")]:
        ws.append([datetime.date(2026, 3, day), unit, text, 1])
    ws.append([None, None, None, None])
    ws.append([None, "Totalt", None, 5])
    ws.append([None, "Summa enheter: 4", None, None])
    src = tmp_path / "export.xlsx"
    wb.save(src)
    md = _report(src, tmp_path, "r.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    units = md.split("## Tema per enhet\n", 1)[1].split("\n## ", 1)[0]
    names = [line.split(" | ")[0][2:] for line in units.splitlines() if line.startswith("| ")][1:]
    assert names == ["Hemtjänst Norr", "Hemtjänst Syd", "Skolan Väst", "Totalförsvarssamordningen", "(enhet saknas)"]
    assert units.splitlines()[-1].endswith(" | 4 |")  # the blank unit's row, the blank line and the two total rows
    assert "Förslag: 5 (+ 3 tomma eller inget förslag) · Enheter: 4 · " in md  # every row read, four units
    assert "Summa" not in md and "| Totalt |" not in md.split("## Teman: antal och andel", 1)[1].split("## Tema per", 1)[0]


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_printed_reports_first_page_has_the_themes_by_volume_and_breadth(tmp_path: Path, lang: str):
    """Printed (or saved as PDF), page 1 held the title, the headline cards and the reading guide; the themes began
    on page 2 with their bar chart, and their table of units and assessments on page 3. A committee member who
    prints the report and reads page 1 saw no theme. Page 1 now has the themes' table (count, share, units,
    assessment), every theme of it, also with huset's long labels."""
    pypdf = pytest.importorskip("pypdf")
    ids = ["bjalklag", "processer", "personal_kompetens", "samverkan", "trygghet", "forhallningssatt", "tak",
           "bottenplatta", "omvarld", "garage", "ej_placerad"]
    units = ["Hemtjänst Norr", "Äldreboendet Tallgården", "Förskolan Solrosen", "IT-avdelningen Servicedesk"]
    rows = [([ids[i % len(ids)]], units[i % len(units)], f"Förslag nummer {i} om arbetet") for i in range(60)]
    src = _classified_jsonl(tmp_path / "huset.jsonl", rows)
    page = _report(src, tmp_path, f"huset_{lang}.html", "--lang", lang, "--date", "2026-12-01")
    pdf = tmp_path / f"huset_{lang}.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'pdf-profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                   timeout=60, capture_output=True, check=False, env={**os.environ, "HOME": str(tmp_path)})
    first = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    from forbattra.taxonomy import load_taxonomy

    huset = load_taxonomy("huset")
    heading, broad = ("Teman: antal och andel", "Antal enheter") if lang == "sv" else ("Themes: count and share", "Units")
    assert heading in first and broad in first, first
    missing = [huset.label(t, lang) for t in ids if " ".join(huset.label(t, lang).split()) not in first]
    assert missing == [], first


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_huset_labels_break_only_where_they_hyphenate_in_print(tmp_path: Path, lang: str):
    """huset's long labels in the narrow printed headers of *Tema per enhet* and the month figures: 'Förhållningssätt
    och delat beslutsfattande' printed 'Förhållnings / sätt och delat / beslutsfatta / nde', 'Omvärldsbevakning'
    'Omvärldsbe / vakning' — cut where the letters ran out, with no hyphen. A compound joined by a linking -s- whose
    first part is a dictionary word ('förhållnings|sätt', 'omvärlds|bevakning'), and one ending in a present
    participle ('besluts|fattande'), now get their soft hyphen, so the browser breaks them there."""
    from forbattra.outputs.report.sections import soft_hyphenate

    assert soft_hyphenate("Förhållningssätt och delat beslutsfattande").replace("\u00ad", "|") == \
        "Förhåll|nings|sätt och delat besluts|fattande"
    assert soft_hyphenate("Omvärldsbevakning").replace("\u00ad", "|") == "Omvärlds|bevak|ning"
    ids = ["bottenplatta", "tak", "bjalklag", "processer", "trygghet", "personal_kompetens", "samverkan",
           "forhallningssatt", "omvarld", "garage", "ej_placerad"]
    rows = [{"row": i + 1, "id": str(i + 1), "text": f"Förslag {i} om arbetet", "group": f"Enhet {i % 5}",
             "date": f"2026-0{1 + i % 4}-1{i % 9}", "themes": [ids[i % len(ids)]], "scores": {}, "evidence": {},
             "status": "ok"} for i in range(44)]
    src = tmp_path / "huset.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, f"huset-{lang}.html", "--lang", lang, "--date", "2026-12-01")
    printed = _measure(page, tmp_path, width=1016, printed=True)
    assert printed["broken_headers"] == [] and printed["sticking_out"] == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_months_note_does_not_call_blank_and_total_rows_suggestions_without_a_date(tmp_path: Path, lang: str):
    """An export's blank rows and total row under its data have no date. The month chart's note counted them as
    suggestions: '3 förslag utan datum ingår inte i månaderna', of an export whose every suggestion was dated. The
    note now counts the undated suggestions, and names the undated empty rows and non-answers for what they are."""
    src = tmp_path / "forslag.csv"
    src.write_text("id;enhet;datum;förslag\n"
                   "1;Hemtjänst Norr;2026-01-03;Datorerna är för långsamma och inloggningen tar tio minuter\n"
                   "2;Hemtjänst Syd;2026-01-09;Lokalen är för trång och ventilationen fungerar inte\n"
                   "3;Skolan Väst;;Fler vikarier på helgerna behövs\n"
                   "4;Skolan Väst;;\n"
                   ";Totalt;;\n", encoding="utf-8")
    md = _report(src, tmp_path, f"r_{lang}.md", "--lang", lang, "--date", "2026-03-01").read_text(encoding="utf-8")
    trend = md.split("## Utveckling per månad\n" if lang == "sv" else "## Trend per month\n", 1)[1].split("\n## ", 1)[0]
    expected = {"sv": "1 förslag utan datum ingår inte i månaderna. 2 tomma rader eller svar utan förslag saknar datum "
                      "och ingår inte i månaderna.",
                "en": "1 suggestion without a date is not in the months. 2 empty rows or answers with no suggestion "
                      "have no date and are not in the months."}[lang]
    assert expected in trend, trend
    assert ("3 förslag utan datum" if lang == "sv" else "3 suggestions without a date") not in trend


@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_printed_month_figures_with_the_rows_counted_apart_break_no_word_in_the_middle(tmp_path: Path, lang: str):
    """The month figures have two more columns where rows are counted apart (Tomma, Inget förslag): fifteen columns
    on the printed page, and 'kommunika-tion' no longer fitted its header, printed 'kommunik / a-tion'."""
    from forbattra.taxonomy import load_taxonomy

    ids = load_taxonomy("standard").ids
    rows = [{"row": i + 1, "id": str(i + 1), "text": "" if i % 13 == 5 else f"Förslag {i}", "group": f"Enhet {i % 7}",
             "date": f"2026-0{1 + i % 6}-1{i % 9}", "themes": [ids[i % len(ids)]], "scores": {}, "evidence": {},
             "status": "empty" if i % 13 == 5 else "no_suggestion" if i % 13 == 7 else "ok"} for i in range(90)]
    src = tmp_path / "teman.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    page = _report(src, tmp_path, f"m-{lang}.html", "--lang", lang, "--date", "2026-12-01")
    figures = page.read_text(encoding="utf-8").split('<details class="figures">', 1)[1].split("</thead>", 1)[0]
    assert figures.count('<th scope="col"') == 15  # month, total, eleven themes, the two counted apart
    printed = _measure(page, tmp_path, width=1016, printed=True)
    assert printed["broken_headers"] == [] and printed["sticking_out"] == []
    # Tema per enhet has them in columns of their own too (unit, eleven themes, the two apart, Totalt): on the
    # screen as printed, each header word whole
    assert page.read_text(encoding="utf-8").count('<table class="heat many">') == 1
    assert _measure(page, tmp_path)["broken_headers"] == []


def test_a_theme_labelled_as_a_column_counted_apart_keeps_both_columns_of_the_months(tmp_path: Path):
    """A taxonomy of one's own with a theme 'Inget förslag': the months' column of the answers counted apart had the
    same name, and the workbook failed to write ("internt fel: AttributeError"), nothing written. That column is now
    named 'Svar utan förslag' there, beside the theme's own."""
    import openpyxl

    taxonomy = tmp_path / "egen.yaml"
    taxonomy.write_text("name: egen\nfallback: ovrigt\nthemes:\n"
                        "  - id: it\n    label: IT\n    keywords: [datorerna, wifi]\n"
                        "  - id: inget\n    label: Inget förslag\n    keywords: [idé]\n"
                        "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    src = tmp_path / "forslag.csv"
    src.write_text("id;enhet;datum;förslag\n1;A;2026-01-03;Datorerna är för långsamma\n2;B;2026-01-09;Vet inte\n"
                   "3;B;2026-01-10;\n4;A;2026-02-02;Bättre wifi i huset\n", encoding="utf-8")
    book = _report(src, tmp_path, "r.xlsx", "--taxonomy", str(taxonomy), "--date", "2026-03-01")
    rows = [list(r) for r in openpyxl.load_workbook(book)["Utveckling per månad"].iter_rows(values_only=True)]
    assert rows[0] == ["Månad", "Totalt", "IT", "Inget förslag", "Övrigt", "Tomma", "Svar utan förslag"]
    assert rows[1] == ["2026-01", 1, 1, 0, 0, 1, 1]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_comparison_counts_empty_rows_and_non_answers_apart_as_the_themes_table_does(tmp_path: Path, lang):
    """Two organisations: the comparison put an empty row and the non-answers in Övrigt (orgA 50 %: 4 of 8 rows),
    while the same report's themes table gave Övrigt 1 of 8 (13 %) and counted them apart. The comparison now
    counts them apart too, on rows of their own after the themes, each share of the organisation's rows."""
    a, b = tmp_path / "orgA.json", tmp_path / "orgB.json"
    rows_a = [("lokaler", "ok", "Fler parkeringsplatser"), ("it", "ok", "Datorerna är för långsamma"),
              ("ovrigt", "ok", "asdf"), ("ovrigt", "empty", ""), ("ovrigt", "no_suggestion", "Vet inte"),
              ("ovrigt", "no_suggestion", "Inga synpunkter"), ("personal", "ok", "Fler vikarier"),
              ("brukare", "ok", "Godare skolmat")]
    rows_b = [("personal", "ok", "Fler vikarier behövs"), ("ovrigt", "no_suggestion", "Vet inte"),
              ("it", "ok", "Nya datorer")]
    for path, rows in ((a, rows_a), (b, rows_b)):
        path = path.with_suffix(".jsonl")
        path.write_text("".join(json.dumps({"row": i, "id": str(i), "text": text, "group": "E", "date": None,
                                            "themes": [theme], "scores": {theme: 0.9}, "evidence": {}, "status": st},
                                           ensure_ascii=False) + "\n"
                                for i, (theme, st, text) in enumerate(rows, start=1)), encoding="utf-8")
    md = _report([a.with_suffix(".jsonl"), b.with_suffix(".jsonl")], tmp_path, "r.md", "--lang", lang).read_text(
        encoding="utf-8")
    sv = lang == "sv"
    part = md.split("## " + ("Jämförelse" if sv else "Comparison"), 1)[1].split("\n## ", 1)[0]
    table = {r[0]: r[1:] for r in (line.strip("| ").split(" | ") for line in part.splitlines() if line.startswith("| "))}
    pct = (lambda n: f"{n} %") if sv else (lambda n: f"{n}%")
    other, empty, none = ("Övrigt", "Tomma", "Inget förslag") if sv else ("Other", "Empty", "No suggestion")
    assert table[other] == [pct(13), pct(0)]
    assert table[empty] == [pct(13), pct(0)] and table[none] == [pct(25), pct(33)]
    # the last row counts every row the shares are of (8 and 3), and says so: "Förslag (n)" gave 8 where the
    # headline card counts the suggestions, "Förslag: 7 (+ 4 tomma eller inget förslag)" of the two files' 11 rows
    assert list(table)[-3:] == [empty, none, "Rader (n)" if sv else "Rows (n)"]
    assert table["Rader (n)" if sv else "Rows (n)"] == ["8", "3"]
    assert ("Förslag: 7 (+ 4 tomma eller inget förslag)" if sv else "Suggestions: 7 (+ 4 empty or no suggestion)") in md
    assert ("sista raden är antalet rader." if sv else "the last row is the number of rows.") in part


def test_classify_and_report_list_the_themes_in_one_order(tmp_path: Path):
    """The report's themes' table was in count order, classify's Teman sheet and terminal table in the taxonomy's,
    and none said so: all three now have the most suggestions first and the fallback theme last (here it has the
    most rows), and the report's reading guide says so."""
    openpyxl = pytest.importorskip("openpyxl")
    p = tmp_path / "forslag.csv"
    texts = ["Blåbär och lingon", "Hej hej", "Qwerty asdf", "Zzz zzz",
             "Datorerna är för långsamma och wifi fungerar inte", "Skrivaren på plan två fungerar inte",
             "Personalrummet är för trångt och ventilationen är dålig"]
    p.write_text("förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    xlsx, md = tmp_path / "teman.xlsx", tmp_path / "rapport.md"
    res = runner.invoke(app, ["classify", str(p), "-o", str(xlsx)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    rows = list(openpyxl.load_workbook(xlsx)["Teman"].iter_rows(values_only=True))[1:]
    sheet = [r[1] for r in rows]
    assert sheet[:2] == ["IT och digitala verktyg", "Lokaler och fysisk miljö"] and sheet[-1] == "Övrigt"
    assert [r[2] for r in rows[:2]] == [2, 1] and rows[-1][2] == 4
    terminal = [ln.split("│")[1].strip() for ln in res.stdout.splitlines() if ln.startswith("│")]
    assert terminal == sheet
    _report(xlsx, tmp_path, "rapport.md", "--date", "2026-12-01")
    text = md.read_text(encoding="utf-8")
    table = text.split("## Teman: antal och andel")[1].split("## ")[0]
    assert [ln.split(" | ")[0].removeprefix("| ") for ln in table.splitlines() if ln.startswith("| ")][1:] == sheet
    assert "- Temana står med flest förslag först (lika många i taxonomins ordning) och Övrigt sist.\n" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_report_of_a_workbook_classified_with_a_unit_column_given_counts_its_units(tmp_path: Path, lang: str):
    """classify -g Kostnadsställe counted the units of that column on its Teman sheet, but the workbook did not record
    which column that was: a report of it found no unit column (*Enheter: –*, no table by unit) and the breadth on
    the Teman sheet could not be traced. The workbook records the columns its run read (text, id, unit, date,
    person); a report of it reads them, and Förklaringar names the unit column."""
    openpyxl = pytest.importorskip("openpyxl")
    p = tmp_path / "export.csv"
    units = ["4410 Hemtjänst Norr", "4420 Hemtjänst Syd", "5110 Västerskolan"]
    texts = ["Datorerna är för långsamma och inloggningen tar lång tid", "Vi behöver fler vikarier till sommaren",
             "Personalrummet är för trångt och ventilationen är dålig"]
    p.write_text("id;Kostnadsställe;Förslag\n" + "".join(f"{i};{units[i % 3]};{texts[i % 3]} {i}\n" for i in range(9)),
                 encoding="utf-8")
    xlsx, md = tmp_path / "teman.xlsx", tmp_path / "rapport.md"
    _ok(["classify", str(p), "-g", "Kostnadsställe", "-o", str(xlsx), "--lang", lang])
    _report(xlsx, tmp_path, "rapport.md", "--date", "2026-12-01", "--lang", lang)
    text = md.read_text(encoding="utf-8")
    assert ("Enheter: 3 ·" if lang == "sv" else "Units: 3 ·") in text
    assert "| 4410 Hemtjänst Norr |" in text
    notes = dict(openpyxl.load_workbook(xlsx)["Förklaringar" if lang == "sv" else "Explanations"].iter_rows(
        values_only=True))
    assert notes["Antal enheter" if lang == "sv" else "Units"].endswith(
        " Enheterna är värdena i kolumnen «Kostnadsställe» på bladet Förslag." if lang == "sv"
        else " The units are the values of the column 'Kostnadsställe' on the sheet Suggestions.")


def test_a_themes_key_terms_leave_out_the_filler_evidence_and_discover_leave_out():
    """A theme's key terms showed filler its suggestions happen to repeat ("ändå", "vissa", "fungerar", "tillbaka",
    on the sample's cards) beside its real words: they are left out by the project's list of words never shown to
    a reader (scoring.evidence, which discover's labels use), as written and as an inflected form."""
    import pandas as pd

    from forbattra.outputs.report.data import key_terms
    from forbattra.record import TEXT
    from forbattra.taxonomy import load_taxonomy

    it = ["Skrivaren fungerar ändå inte, vissa dagar kommer utskriften tillbaka",
          "Vissa datorer fungerar inte och skrivaren skickar tillbaka jobben ändå",
          "Skrivaren på plan två fungerar ändå sämre, vissa utskrifter kommer tillbaka"]
    lok = ["Ventilationen i matsalen är dålig", "Matsalen behöver bättre ventilation", "Stolarna i matsalen är trasiga"]
    frame = pd.DataFrame({TEXT: it + lok, "themes": [["it"]] * 3 + [["lokaler"]] * 3, "status": ["ok"] * 6},
                         dtype=object)
    terms = key_terms(frame, load_taxonomy("standard"))
    assert "skrivaren" in terms["it"] and "matsalen" in terms["lokaler"], terms
    shown = {w for words in terms.values() for w in words}
    assert not shown & {"ändå", "vissa", "fungerar", "tillbaka"}, terms


def test_a_report_of_a_workbook_classified_with_a_person_column_given_masks_its_names(tmp_path: Path):
    """classify --person-column "Registrerad av" read the names from that column, but the workbook did not record it:
    a report of the workbook — which masks names by default — found no person column and showed the surnames its
    suggestions write (*Holmgren tycker …*). It reads the person column the workbook records."""
    p = tmp_path / "reg.csv"
    p.write_text("id;Registrerad av;Förslag\n1;Kerstin Blomqvist;Jag och Blomqvist vill ha snabbare datorer i "
                 "personalrummet\n2;Per Holmgren;Holmgren tycker att ventilationen i matsalen är dålig\n3;Kerstin "
                 "Blomqvist;Fler vikarier på helgerna behövs\n", encoding="utf-8")
    xlsx = tmp_path / "reg.xlsx"
    _ok(["classify", str(p), "--person-column", "Registrerad av", "-o", str(xlsx)])
    text = _report(xlsx, tmp_path, "reg.md", "--date", "2026-12-01").read_text(encoding="utf-8")
    assert "Blomqvist" not in text and "Holmgren" not in text
    assert "1. \\[namn\\] tycker att ventilationen i matsalen är dålig" in text


def test_a_themes_key_terms_leave_out_verbs_and_time_words_every_theme_uses():
    """The key terms of the sample and of a 20,000-row export showed words every theme's suggestions use alike —
    *lagt*, *tappar*, *vända*, *hitta*, *dåligt*, *i höstas* — beside a theme's real words (*sjuksköterska*,
    *vikarier*): no taxonomy has them as a keyword and in the labelled corpus none is over twice as common in one
    theme as in all. They are in the list of words never shown to a reader (scoring.evidence), any form of them."""
    import pandas as pd

    from forbattra.outputs.report.data import key_terms
    from forbattra.record import TEXT
    from forbattra.taxonomy import load_taxonomy

    personal = ["Vi har lagt ut vikarier i höstas men tappar dem, det fungerar dåligt, svårt att hitta sjuksköterska",
                "Sjuksköterska saknas, vi tappar vikarier och hittar ingen, dålig bemanning sedan i höstas",
                "Vikarier är svåra att hitta, vi lägger mycket tid på det och måste vända på schemat i höstas",
                "Vi tappar vikarier hela tiden och lägger ut passen, ingen sjuksköterska vänder sig hit i höstas"]
    lok = ["Ventilationen i matsalen är dålig", "Matsalen behöver bättre ventilation", "Stolarna i matsalen är trasiga",
           "Matsalen har dålig ventilation", "Ventilationen i matsalen fungerar dåligt"]
    frame = pd.DataFrame({TEXT: personal + lok, "themes": [["personal"]] * 4 + [["lokaler"]] * 5,
                          "status": ["ok"] * 9}, dtype=object)
    terms = key_terms(frame, load_taxonomy("standard"))
    assert {"vikarier", "sjuksköterska"} <= set(terms["personal"]) and "matsalen" in terms["lokaler"], terms
    shown = {w for words in terms.values() for w in words}
    assert not shown & {"lagt", "lägger", "tappar", "vända", "vänder", "hitta", "hittar", "dålig", "dåligt",
                        "höstas"}, terms


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_xlsx_report_of_a_jsonl_shows_each_suggestions_text_unit_and_id(tmp_path: Path, lang: str):
    """The .xlsx report of classify's .jsonl had a *Förslag* sheet of only the theme columns (*Tema* … *Rättat
    tema*): the .jsonl's id, date, unit, person and text are no export's columns, so no row said which suggestion
    it was. They are columns there as a history store's are (*Id*, *Datum*, *Enhet*, *Namn*, *Förslag*), the
    name masked as the report masks it."""
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "teman.jsonl"
    src.write_text(json.dumps({"row": 1, "id": "F-7", "text": "Fler vikarier på helgerna", "group": "Hemtjänst Norr",
                               "date": "2026-03-05", "themes": ["personal"], "scores": {"personal": 0.9},
                               "evidence": {}, "status": "ok", "person": "Kerstin Blomqvist"}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    ws = openpyxl.load_workbook(_report(src, tmp_path, "r.xlsx", "--lang", lang))["Förslag" if lang == "sv"
                                                                                 else "Suggestions"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == (("Id", "Datum", "Enhet", "Namn", "Förslag", "Tema") if lang == "sv"
                           else ("Id", "Date", "Unit", "Name", "Suggestion", "Theme"))
    assert rows[1][0] == "F-7" and rows[1][2:5] == ("Hemtjänst Norr", "[namn]" if lang == "sv" else "[name]",
                                                    "Fler vikarier på helgerna")
    assert str(rows[1][1])[:10] == "2026-03-05"


def _cost_centre_export(tmp_path: Path) -> Path:
    """Nine rows whose units are in *Kostnadsställe* (given with -g), beside a *Förvaltning* column."""
    p = tmp_path / "export.csv"
    units = ["4410 Hemtjänst Norr", "4420 Hemtjänst Syd", "5110 Västerskolan"]
    texts = ["Datorerna är för långsamma och inloggningen tar lång tid", "Vi behöver fler vikarier till sommaren",
             "Personalrummet är för trångt och ventilationen är dålig"]
    p.write_text("id;Förvaltning;Kostnadsställe;Förslag\n" + "".join(
        f"{i};Förvaltning {i % 2};{units[i % 3]};{texts[i % 3]} {i}\n" for i in range(9)), encoding="utf-8")
    return p


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_xlsx_reports_explanations_name_the_unit_column_as_classifys_workbook_does(tmp_path: Path, lang: str):
    """Classify's *Förklaringar* names the column its units are from (*Antal enheter*: … «Kostnadsställe» …), so a unit
    column given by hand is traced from the figures; the report's own .xlsx, with the same *Förslag* and *Teman*
    sheets, said nothing of it — of classify's workbook, of a raw export with -g, of a .jsonl (*Enhet*). It names
    it alike."""
    openpyxl = pytest.importorskip("openpyxl")
    p = _cost_centre_export(tmp_path)
    xlsx, jsonl = tmp_path / "teman.xlsx", tmp_path / "teman.jsonl"
    _ok(["classify", str(p), "-g", "Kostnadsställe", "-o", str(xlsx), "-o", str(jsonl), "--lang", lang])
    sheet, key = ("Förklaringar", "Antal enheter") if lang == "sv" else ("Explanations", "Units")

    def units_line(path: Path) -> str:
        return dict(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))[key]

    line = (" Enheterna är värdena i kolumnen «{}» på bladet Förslag." if lang == "sv"
            else " The units are the values of the column '{}' on the sheet Suggestions.")
    assert units_line(xlsx).endswith(line.format("Kostnadsställe"))
    for inp, extra, column in ((xlsx, [], "Kostnadsställe"), (p, ["-g", "Kostnadsställe"], "Kostnadsställe"),
                               (jsonl, [], "Enhet" if lang == "sv" else "Unit")):
        out = _report(inp, tmp_path, "rapport.xlsx", "--lang", lang, *extra)
        assert units_line(out).endswith(line.format(column)), inp


@pytest.mark.parametrize("stream", [False, True])
def test_classify_to_csv_names_the_columns_given_by_hand_that_a_report_of_it_must_be_given_again(
        tmp_path: Path, monkeypatch, stream: bool):
    """A .csv output records no columns (a workbook does): classify -g Kostnadsställe --person-column "Registrerad
    av" -o teman.csv, then report teman.csv, counted the units of *Förvaltning* (detected) and masked no names of the
    person column, without a word — figures other than classify's own. Classify now says, for a .csv, which of the
    columns given by hand a reader would not find again, as the options to give (a column it finds anyway, as -g
    Förvaltning, is not named); given them, the report counts what classify counted. The streamed path too."""
    if stream:
        import forbattra.workflow as wf

        monkeypatch.setattr(wf, "STREAM_ABOVE_BYTES", 1)
    p = tmp_path / "export.csv"
    units = ["4410 Hemtjänst Norr", "4420 Hemtjänst Syd", "5110 Västerskolan"]
    texts = ["Datorerna är för långsamma och inloggningen tar lång tid", "Vi behöver fler vikarier till sommaren",
             "Personalrummet är för trångt och ventilationen är dålig"]
    p.write_text("id;Förvaltning;Kostnadsställe;Registrerad av;Förslag\n" + "".join(
        f"{i};Förvaltning {i % 2};{units[i % 3]};Kerstin Blomqvist;{texts[i % 3]} {i}\n" for i in range(9)),
        encoding="utf-8")
    csv_out = tmp_path / "teman.csv"
    r = _ok(["classify", str(p), "-g", "Kostnadsställe", "--person-column", "Registrerad av", "-o", str(csv_out)])
    assert (f'{csv_out}: en .csv sparar inte vilka kolumner som lästes; ange -g Kostnadsställe --person-column '
            f'"Registrerad av" igen när report, review eller train --corrections läser den (en .xlsx sparar dem)'
            ) in r.stderr.splitlines()
    assert ("i delar" in r.stderr) is stream, r.stderr
    r = _ok(["classify", str(p), "-g", "Förvaltning", "-o", str(csv_out), "--lang", "en"])
    assert "does not record which columns" not in r.stderr
    _ok(["classify", str(p), "-g", "Kostnadsställe", "--person-column", "Registrerad av", "-o", str(csv_out)])
    md = _report(csv_out, tmp_path, "r.md", "-g", "Kostnadsställe", "--person-column", "Registrerad av")
    text = md.read_text(encoding="utf-8")
    assert "Enheter: 3 ·" in text and "| 4410 Hemtjänst Norr |" in text and "Blomqvist" not in text


def test_a_key_term_typed_without_a_letter_another_form_of_it_has_is_shown_with_it():
    """The sample's *Brukarfokus* card showed the key term *boendestod*: one suggestion typed it so (*boendestod pa
    helger?*), another wrote *Boendestödet*; the same lemma, one of each, and the alphabet put the form without ö
    first — only an exact twin (*invanarna*/*invånarna*) was told apart. A form typed without a letter another form
    of the word has, up to that letter, is never the one shown."""
    import pandas as pd

    from forbattra.outputs.report.data import key_terms
    from forbattra.record import TEXT
    from forbattra.taxonomy import load_taxonomy

    brukare = ["boendestod pa helger?", "Boendestödet borde samarbeta mer med brukarna",
               "Brukarna vill ha boendestöd på kvällen"]
    lok = ["Ventilationen i matsalen", "Matsalen behöver ventilation", "Stolarna i matsalen"]
    frame = pd.DataFrame({TEXT: brukare + lok, "themes": [["brukare"]] * 3 + [["lokaler"]] * 3, "status": ["ok"] * 6},
                         dtype=object)
    terms = key_terms(frame, load_taxonomy("standard"))
    assert "boendestöd" in terms["brukare"] and "boendestod" not in terms["brukare"], terms
    frame.loc[2, TEXT] = "Brukarna vill ha mer stöd på kvällen"  # one form each: the one with ö
    terms = key_terms(frame, load_taxonomy("standard"))
    assert "boendestödet" in terms["brukare"] and "boendestod" not in terms["brukare"], terms


def test_a_report_of_classifys_csv_says_which_columns_it_found_there(tmp_path: Path):
    """A .csv output records no columns: report teman.csv found the text, unit and person columns again from the
    header, and said only "Läste teman.csv (klassificerad fil, 9 rader)" — a report counting the units of
    *Förvaltning* where classify counted *Kostnadsställe* (-g) said nothing of it, as review of the same .csv does
    ("Kolumner: …"). The report now names the columns it read the .csv with, and that a .csv records none, so that
    the options classify named can be given; a workbook, which records them, gets no such note."""
    p = _cost_centre_export(tmp_path)
    csv_out, xlsx_out = tmp_path / "teman.csv", tmp_path / "teman.xlsx"
    _ok(["classify", str(p), "-g", "Kostnadsställe", "-o", str(csv_out), "-o", str(xlsx_out)])
    r = _ok(["report", str(csv_out), "-o", str(tmp_path / "r.md")])
    lines = r.stderr.splitlines()
    assert "Kolumner: text='Förslag', id='id', enhet='Förvaltning'" in lines, r.stderr
    assert (f"{csv_out}: en .csv sparar inte vilka kolumner classify läste; de kolumner ovan som inte angavs hittades "
            "från rubrikerna (läste classify andra, ange dem: -t, -g, --date-column, --person-column)") in lines, r.stderr
    r = _ok(["report", str(csv_out), "-o", str(tmp_path / "r.md"), "-g", "Kostnadsställe", "--lang", "en"])
    lines = r.stderr.splitlines()
    assert "Columns: text='Förslag', id='id', group='Kostnadsställe'" in lines, r.stderr
    assert (f"{csv_out}: a .csv does not record which columns classify read; the columns above not given were found "
            "from its header (if classify read others, give them: -t, --date-column, --person-column)") in lines, r.stderr
    r = _ok(["report", str(csv_out), "-o", str(tmp_path / "r.md"), "-g", "Kostnadsställe", "-t", "Förslag",
             "--date-column", "Förvaltning", "--person-column", "id"])
    assert "Kolumner: text='Förslag'" in r.stderr and "en .csv sparar inte" not in r.stderr, r.stderr
    r = _ok(["report", str(xlsx_out), "-o", str(tmp_path / "r.md")])
    assert "en .csv sparar inte" not in r.stderr and "Kolumner:" not in r.stderr, r.stderr


def test_markdown_marks_an_example_it_cuts_short_as_the_html_does(tmp_path: Path):
    """A suggestion longer than an example shows was cut at 600 characters in the Markdown report without a mark,
    mid-word ('… lång lån — *Skola*'): minutes pasted from it showed a writer's text ending where they never ended
    it, where the HTML report ends the same example with '…'. The Markdown now cuts it as the HTML does."""
    src = tmp_path / "lang.csv"
    long = "Mer utbildning i dokumentation för nyanställda" + " och rutiner" * 200
    src.write_text(f"Enhet;Förslag\nSkola;{long}\nHemtjänst;Fler datorer till personalen\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    html = _report(src, tmp_path, "r.html").read_text(encoding="utf-8")
    item = next(line for line in md.splitlines() if line.startswith("1. Mer utbildning"))
    shown = item.rsplit(" — ", 1)[0][len("1. "):]
    assert shown.endswith("…") and len(shown) <= 600, item
    assert f"<li>{shown}" in html  # (the same words, cut at the same place)


def test_the_reading_guide_says_the_counts_add_up_to_more_only_where_they_do(tmp_path: Path):
    """'Därför är summan av antalen större än antalet förslag, och andelarna summerar till mer än 100 %' stood in every
    report: false under a table of three suggestions with one theme each (1 + 1 + 1 = 3, 33 + 33 + 33 = 100 %), and
    under a --theme selection, whose one theme's count is at most the suggestions and whose share is of every row
    selected (*1 av 17*, *6 %*). The guide now says so only where a suggestion has several of the themes shown, the
    shares only where every theme is shown, and otherwise that none has more than one."""
    src = tmp_path / "e.csv"
    src.write_text("Enhet;Förslag\nSkola;Fler datorer till personalen i skolan\n"
                   "Hemtjänst;Bättre ventilation i personalrummet\n", encoding="utf-8")
    multi, single, counts = ("Därför är summan av antalen större än antalet förslag, och andelarna summerar till mer än "
                             "100 %"), "inget av förslagen här har mer än ett tema, så antalen summerar till antalet förslag", \
        "Därför är summan av antalen större än antalet förslag. "
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert single in md and multi not in md, md
    en = _report(src, tmp_path, "r_en.md", "--lang", "en").read_text(encoding="utf-8")
    assert "none of the suggestions here has more than one theme, so the counts add up to the number of suggestions" in en
    assert "add up to more" not in en
    both = tmp_path / "b.csv"
    both.write_text("Enhet;Förslag\nSkola;Vi behöver fler vikarier och nya datorer till personalen\n"
                    "Hemtjänst;Bättre ventilation i personalrummet\n", encoding="utf-8")
    md = _report(both, tmp_path, "b.md").read_text(encoding="utf-8")
    assert multi in md and single not in md, md
    for themes, shown in ((("it",), single), (("it", "personal"), counts)):
        md = _report(both, tmp_path, "t.md", *(x for t in themes for x in ("--theme", t))).read_text(encoding="utf-8")
        assert shown in md and multi not in md, (themes, md)


def test_the_reading_guide_of_a_single_row_that_is_no_suggestion_is_swedish(tmp_path: Path):
    """A report of one row, a 'Vet inte' or an empty one, said 'Andelarna räknas på alla 1 rader; av dem är 1 inget
    förslag' ('The shares are of all 1 rows'): the row is named in the singular now, in both languages; two rows keep
    the plural."""
    for body, sv, en in (("A;Vet inte\n", "Andelarna räknas på 1 rad, och den är inget förslag (t.ex. «Vet inte» eller "
                          "bara ett tack). Den räknas för sig i tabellerna («Inget förslag»), inte i Övrigt.",
                          "The shares are of 1 row, and it is no suggestion (e.g. 'Don't know' or only thanks). It is "
                          "counted apart in the tables ('No suggestion'), not in Other."),
                         ("A;\n", "Andelarna räknas på 1 rad, och den är tom. Den räknas för sig i tabellerna («Tomma»), "
                          "inte i Övrigt.", "The shares are of 1 row, and it is empty. It is counted apart in the tables "
                          "('Empty'), not in Other.")):
        src = tmp_path / "en.csv"
        src.write_text("Enhet;Förslag\n" + body, encoding="utf-8")
        md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
        assert f"- {sv}" in md and "alla 1 rader" not in md, md
        md = _report(src, tmp_path, "r_en.md", "--lang", "en").read_text(encoding="utf-8")
        assert f"- {en}" in md and "all 1 rows" not in md, md
    src.write_text("Enhet;Förslag\nA;Vet inte\nB;\n", encoding="utf-8")
    md = _report(src, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "Andelarna räknas på alla 2 rader; av dem är 1 tom och 1 inget förslag" in md, md


def test_the_xlsx_reports_explanations_say_what_the_months_total_counts(tmp_path: Path):
    """The .xlsx report has two *Totalt* columns that count different things: *Tema per enhet*'s counts every row of
    the unit, empty ones and answers that are no suggestion too (explained on Förklaringar), *Utveckling per
    månad*'s only the suggestions (the sample: 360 rows against 347) — and Förklaringar, which explains every figure,
    said nothing of the second. It now explains it, where the workbook has the month sheet."""
    import openpyxl

    src = tmp_path / "d.csv"
    src.write_text("Enhet;Datum;Förslag\nA;2026-01-10;Fler datorer till personalen\nB;2026-02-03;Vet inte\n"
                   "B;2026-02-04;Mer personal på helgerna\n", encoding="utf-8")
    for lang, row, part in (("sv", "Utveckling per månad: Totalt", "Antal förslag under månaden; tomma rader och svar "
                             "som inte är förslag räknas inte här utan i sina egna kolumner efter temana."),
                            ("en", "Trend per month: Total", "Suggestions in the month; empty rows and answers that "
                             "are no suggestion are not counted here but in their own columns after the themes.")):
        book = openpyxl.load_workbook(_report(src, tmp_path, f"r_{lang}.xlsx", "--lang", lang))
        notes = dict(r for r in book["Förklaringar" if lang == "sv" else "Explanations"].iter_rows(values_only=True))
        assert notes[row].startswith(part), notes
    undated = tmp_path / "u.csv"
    undated.write_text("Enhet;Förslag\nA;Fler datorer till personalen\n", encoding="utf-8")
    notes = dict(r for r in openpyxl.load_workbook(_report(undated, tmp_path, "u.xlsx"))["Förklaringar"].iter_rows(
        values_only=True))
    assert "Utveckling per månad: Totalt" not in notes


def test_an_english_report_marks_the_swedish_it_shows_as_written_as_swedish(raw_csv: Path, tmp_path: Path):
    """WCAG 3.1.2: an English report of a taxonomy whose theme has no label_en (nor description_en) shows that label
    and description as written, in Swedish, and the units' names are the export's own Swedish words; the page said
    lang="en" over all of them, so a screen reader read 'Bemanning' and 'Hemtjänst Norr' with an English voice. Each
    table cell, theme heading and description that shows them is marked lang="sv"; the English ones are not."""
    taxonomy = tmp_path / "egen.yaml"
    taxonomy.write_text(
        "name: egen\nfallback: ovrigt\nthemes:\n"
        "  - id: personal\n    label: Bemanning\n    description: Vikarier och scheman\n"
        "    keywords: [vikarie, schema]\n"
        "  - id: it\n    label: IT-stöd\n    label_en: IT support\n    description: Datorer\n"
        "    description_en: Computers\n    keywords: [dator, inloggning]\n"
        "  - id: ovrigt\n    label: Övrigt\n    label_en: Other\n    keywords: []\n", encoding="utf-8")
    en = _report(raw_csv, tmp_path, "en.html", "--lang", "en", "--taxonomy", str(taxonomy)).read_text(encoding="utf-8")
    tables = re.findall(r"<table[^>]*>(.*?)</table>", en, re.S)
    cells = [(m.group(1), html_module.unescape(m.group(2).replace("\u00ad", "")))
             for t in tables for m in re.finditer(r"<t[hd]([^>]*)>(.*?)</t[hd]>", t, re.S)]
    marked = {text for attrs, text in cells if ' lang="sv"' in attrs}
    assert {"Bemanning", "Hemtjänst Norr", "Skolan Väst"} <= marked, marked
    assert not marked & {"IT support", "Other", "Theme", "Unit", "Total", "Empty"}, marked
    cards = dict(re.findall(r'<section class="theme"><h3>(.*?)<span class="unit">.*?</h3>\n(.*?)\n', en, re.S))
    assert '<span lang="sv">Bemanning</span> ' in cards, cards
    assert cards['<span lang="sv">Bemanning</span> '] == '<p class="desc" lang="sv">Vikarier och scheman</p>'
    assert cards["IT support "] == '<p class="desc">Computers</p>'
    sv = _report(raw_csv, tmp_path, "sv.html", "--taxonomy", str(taxonomy)).read_text(encoding="utf-8")
    assert sv.count(" lang=") == 1  # <html lang="sv">: a Swedish page needs no mark


def test_an_english_report_marks_a_fallback_label_without_label_en_in_its_sentences_as_swedish(raw_csv: Path,
                                                                                               tmp_path: Path):
    """The fallback theme's label, where it has no label_en ('Övrigt'), is named in English sentences and in the
    headline card ('2 themes + Övrigt', '… and Övrigt last'): it is marked lang="sv" there too; the words around
    it are not."""
    taxonomy = tmp_path / "egen.yaml"
    taxonomy.write_text(
        "name: egen\nfallback: ovrigt\nthemes:\n"
        "  - id: personal\n    label: Bemanning\n    label_en: Staffing\n    keywords: [vikarie, schema]\n"
        "  - id: it\n    label: IT-stöd\n    label_en: IT support\n    keywords: [dator, inloggning]\n"
        "  - id: ovrigt\n    label: Övrigt\n    keywords: []\n", encoding="utf-8")
    en = _report(raw_csv, tmp_path, "en.html", "--lang", "en", "--taxonomy", str(taxonomy)).read_text(encoding="utf-8")
    assert '2 themes + <span lang="sv">Övrigt</span></div>' in en
    assert re.search(r'<li>[^<]*<span lang="sv">Övrigt</span> last', en), en
    assert "Övrigt" not in re.sub(r'<span lang="sv">Övrigt</span>|<(?:th|td)[^>]* lang="sv"[^>]*>Övrigt<|'
                                  r"<svg.*?</svg>", "", en, flags=re.S)
