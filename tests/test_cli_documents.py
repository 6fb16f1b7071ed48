import json
import re

import docx
import pytest

from forbattra.cli import app


def _report(path):
    d = docx.Document()
    d.add_heading("Arbetsgrupp bemanning", level=1)
    d.add_paragraph("Vi har träffats fyra gånger under våren.")
    d.add_heading("Förslag", level=2)
    d.add_paragraph("Anställ fler vikarier till poolen så vi slipper gå kort.", style="List Number")
    d.add_paragraph("Personalrummet behöver byggas om, det är för trångt för alla.", style="List Number")
    d.save(path)
    return path


def test_review_of_a_folder_with_a_skipped_document_is_partial_success(runner, tmp_path):
    """review of a folder of reports with one broken document: its sheet written, the file named, and exit 6 as
    every other command of a folder gives (it ended 0, so a scheduled job saw nothing wrong)."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _report(folder / "grupp1.docx")
    (folder / "trasig.docx").write_bytes(b"not a zip at all")
    out = tmp_path / "att_granska.xlsx"
    r = runner.invoke(app, ["review", str(folder), "-o", str(out), "--n", "2"])
    assert r.exit_code == 6, r.stderr
    assert "trasig.docx" in r.stderr and r.stderr.splitlines()[-1] == "Varning: 1 fil hoppades över; se raderna ovan"
    assert out.is_file()


@pytest.mark.parametrize("lang, line", [
    ("sv", "Fel: {folder}: inget läsbart dokument i mappen (1 hoppades över: trasig.docx: ingen läsbar Word-fil "
           "(skadad, eller inte en .docx-fil))"),
    ("en", "Error: {folder}: no readable document in the folder (1 skipped: trasig.docx: not a readable Word "
           "document (corrupt, or not a .docx file))")])
def test_a_folder_of_only_unreadable_documents_names_the_file_once(runner, tmp_path, lang, line):
    """The night's folder held one damaged report: the error line said its name twice ("1 hoppades över:
    trasig.docx: trasig.docx: ingen läsbar Word-fil"), the reason naming the file already."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "trasig.docx").write_bytes(b"not a zip at all")
    r = runner.invoke(app, ["classify", str(folder), "-o", str(tmp_path / "t.jsonl"), "--lang", lang])
    assert r.exit_code == 3 and not (tmp_path / "t.jsonl").exists()
    assert r.stderr.strip() == line.format(folder=folder), r.stderr
    r = runner.invoke(app, ["--log-format", "json", "classify", str(folder), "-o", str(tmp_path / "t.jsonl")])
    obj = json.loads(r.stderr.strip().splitlines()[-1])
    assert obj["event"] == "err_folder_unreadable" and obj["first"] == "trasig.docx" and obj["n"] == 1


def test_extract_and_classify_a_folder(runner, tmp_path):
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _report(folder / "grupp1.docx")
    (folder / "trasig.docx").write_bytes(b"not a zip at all")
    out = tmp_path / "forslag.jsonl"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 6, r.stderr  # one document skipped: partial success
    assert "hoppade över" in r.stderr and "trasig.docx" in r.stderr
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [x["förslag"] for x in rows] == [
        "Anställ fler vikarier till poolen så vi slipper gå kort.",
        "Personalrummet behöver byggas om, det är för trångt för alla.",
    ]
    assert rows[0]["rubrik"] == "Arbetsgrupp bemanning" and rows[0]["id"].startswith("grupp1.docx#")

    res = tmp_path / "teman.jsonl"
    r = runner.invoke(app, ["classify", str(folder / "grupp1.docx"), "--out", str(res)])
    assert r.exit_code == 0, r.stderr
    objs = [json.loads(l) for l in res.read_text(encoding="utf-8").splitlines()]
    assert objs[0]["themes"][0] == "personal" and objs[1]["themes"][0] == "lokaler"
    assert objs[0]["group"] == "Arbetsgrupp bemanning"


def test_corrupt_document_one_line(runner, tmp_path):
    bad = tmp_path / "rapport.docx"
    bad.write_bytes(b"\x00garbage")
    r = runner.invoke(app, ["classify", str(bad)])
    assert r.exit_code == 3 and "rapport.docx" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("lang, fix", [("sv", "kör textigenkänning (OCR) på den först"), ("en", "run OCR on it first")])
def test_a_scanned_pdf_is_one_line_saying_to_ocr_it_first(runner, tmp_path, lang, fix):
    from test_documents import _new_pdf  # (the PDF builder of tests/test_documents.py)

    pdf = _new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a "scan": graphics, no text
    path = tmp_path / "skannad.pdf"
    pdf.output(str(path))
    r = runner.invoke(app, ["classify", str(path), "--lang", lang, "-o", str(tmp_path / "ut.xlsx")])
    assert r.exit_code == 3 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "skannad.pdf" in r.stderr and fix in r.stderr
    assert not (tmp_path / "ut.xlsx").exists()


def test_extract_in_english_and_classify_the_extracted_file(runner, tmp_path):
    _report(tmp_path / "grupp1.docx")
    out = tmp_path / "proposals.csv"
    r = runner.invoke(app, ["extract", str(tmp_path / "grupp1.docx"), "--lang", "en", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    head = out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert head == ["id", "file", "page", "paragraph", "heading", "suggestion"]
    res = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(out), "--out", str(res)])
    assert r.exit_code == 0 and "text='suggestion'" in r.stderr, r.stderr


def test_classify_in_english_names_a_document_s_columns_in_english(runner, tmp_path):
    # the columns a document run makes are the file's language, as extract's; a unit column may be named in
    # either language
    _report(tmp_path / "grupp1.docx")
    for lang, group, head in (("sv", None, ["id", "fil", "sida", "stycke", "rubrik", "förslag"]),
                              ("en", None, ["id", "file", "page", "paragraph", "heading", "suggestion"]),
                              ("en", "rubrik", ["id", "file", "page", "paragraph", "heading", "suggestion"])):
        out = tmp_path / f"t-{lang}-{group}.csv"
        r = runner.invoke(app, ["classify", str(tmp_path / "grupp1.docx"), "--lang", lang, "-o", str(out),
                                *(["-g", group] if group else [])])
        assert r.exit_code == 0, r.stderr
        rows = out.read_text(encoding="utf-8-sig").splitlines()
        assert rows[0].split(";")[:6] == head
        assert rows[1].split(";")[4] == "Arbetsgrupp bemanning"


def test_a_spreadsheet_option_on_documents_names_the_columns_of_this_run(runner, tmp_path):
    # with --lang en the columns are file, page, …: the refusal lists those, not the Swedish ones
    _report(tmp_path / "grupp1.docx")
    for lang, named, other in (("en", "file, page, paragraph, heading, suggestion", "fil, sida"),
                               ("sv", "fil, sida, stycke, rubrik, förslag", "file, page")):
        r = runner.invoke(app, ["classify", str(tmp_path / "grupp1.docx"), "--lang", lang, "--id-column", "nr",
                                "-o", str(tmp_path / "t.csv")])
        assert r.exit_code == 3 and named in r.stderr and other not in r.stderr, r.stderr


def test_old_word_and_libreoffice_files_are_named_not_passed_over(runner, tmp_path):
    """A folder of reports with a .doc and a Word template (.dotx): each is named with how to convert it
    (exit 6), and the file alone is one line, exit 3 — never a silent skip or a 'workbook' error."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _report(folder / "grupp1.docx")
    (folder / "grupp2.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "grupp3.dotx").write_bytes(b"PK\x03\x04 not really")
    (folder / "bild.png").write_bytes(b"\x89PNG")  # not a report: ignored in a folder
    out = tmp_path / "forslag.csv"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 6, r.stderr
    warnings = [line for line in r.stderr.splitlines() if "hoppade över" in line and ".docx (eller .pdf)" in line]
    assert len(warnings) == 2 and "grupp2.doc" in warnings[0] and "grupp3.dotx" in warnings[1]
    assert all(line.count("grupp") == 1 for line in warnings)  # the file named once per line
    assert "bild.png" not in r.stderr
    r = runner.invoke(app, ["classify", str(folder), "--out", str(tmp_path / "t.csv")])
    assert r.exit_code == 6 and "grupp2.doc" in r.stderr and "grupp3.dotx" in r.stderr, r.stderr
    for command in (["extract", str(folder / "grupp2.doc"), "--out", str(tmp_path / "x.csv")],
                    ["classify", str(folder / "grupp2.doc"), "--out", str(tmp_path / "y.csv")]):
        r = runner.invoke(app, command)
        assert r.exit_code == 3, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "spara den som .docx" in r.stderr
        assert "arbetsbok" not in r.stderr


def test_reports_with_only_a_forslag_heading_are_one_unit_each(runner, tmp_path):
    """Breadth by working group in a folder run: a bare 'Förslag' heading names no group, the file does."""
    folder = tmp_path / "grupper"
    folder.mkdir()
    for name in ("grupp_a", "grupp_b", "grupp_c"):
        d = docx.Document()
        d.add_heading("Förslag", level=1)
        d.add_paragraph("Inför gemensam schemaläggning för alla enheter.", style="List Number")
        d.save(folder / f"{name}.docx")
    out = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["group"] for x in rows] == ["grupp_a", "grupp_b", "grupp_c"]


@pytest.mark.parametrize("command, out", [("duplicates", "d.xlsx"), ("discover", "k.xlsx"), ("report", "r.md")])
def test_every_command_on_a_folder_says_a_skipped_document_in_its_exit_code(runner, tmp_path, command, out):
    """A folder with a document that cannot be read: the others are used and the file is named, and the exit
    code is 6 (partial success) for discover, duplicates and report as for classify and extract."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "a.md").write_text("# Förslag\n\n- Fler bilar i hemtjänsten\n- Nya stolar i fikarummet\n",
                                 encoding="utf-8")
    (folder / "b.odt").write_bytes(b"x")
    r = runner.invoke(app, [command, str(folder), "-o", str(tmp_path / out)])
    assert r.exit_code == 6, r.stderr
    assert "b.odt" in r.stderr and (tmp_path / out).is_file()


def test_exports_in_a_folder_of_reports_are_named_never_passed_over(runner, tmp_path):
    """A .csv or .xlsx export beside the reports was ignored without a word (exit 0, its rows not read):
    it is skipped as an old .doc is, named with the command that classifies it, exit 6."""
    import openpyxl

    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "anteckningar.md").write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n",
                                            encoding="utf-8")
    (folder / "export.csv").write_text("id;Förslag\n1;Nya stolar i fikarummet\n2;Bättre wifi\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["Förslag"])
    wb.active.append(["Fler datorer i skolan"])
    wb.save(folder / "export2.xlsx")
    (folder / "~$export2.xlsx").write_bytes(b"lock")  # Excel's lock file: no export
    out = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(folder), "-o", str(out)])
    assert r.exit_code == 6, r.stderr
    assert (f"Varning: hoppade över export.csv: är en tabell ('.csv'), inget dokument; klassificera den direkt: "
            f"forbattra classify {folder / 'export.csv'}\n") in r.stderr
    assert (f"Varning: hoppade över export2.xlsx: är en tabell ('.xlsx'), inget dokument; klassificera den direkt: "
            f"forbattra classify {folder / 'export2.xlsx'}\n") in r.stderr
    assert "~$" not in r.stderr and len(out.read_text(encoding="utf-8").splitlines()) == 1
    (folder / "anteckningar.md").unlink()
    r = runner.invoke(app, ["classify", str(folder), "-o", str(out)])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Fel: {folder}: mappen har inga dokument men 2 tabeller (export.csv, export2.xlsx); en tabell "
                        f"läses för sig, en fil per körning: forbattra classify {folder / 'export.csv'} -o {out}\n")


def test_a_numbers_document_in_a_folder_of_reports_is_named_never_passed_over(runner, tmp_path):
    """An Apple Numbers table beside the reports, as a file or in its older form as a folder (a Mac package), was
    passed over without a word (exit 0): it is skipped as an export is, named with how to export it, exit 6."""
    import zipfile

    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "anteckningar.md").write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n",
                                            encoding="utf-8")
    with zipfile.ZipFile(folder / "enkät.numbers", "w") as zf:
        zf.writestr("Index/Document.iwa", b"\x00")
    (folder / "gamla.numbers" / "Index").mkdir(parents=True)
    (folder / "gamla.numbers" / "Index" / "Tables.xml").write_text("<x/>", encoding="utf-8")
    out = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(folder), "-o", str(out)])
    assert r.exit_code == 6, r.stderr
    fix = "öppna det i Numbers, välj Arkiv > Exportera till > Excel och ge forbattra .xlsx-filen"
    for name in ("enkät.numbers", "gamla.numbers"):
        assert f"Varning: hoppade över {name}: är ett Numbers-dokument, som inte kan läsas; {fix}\n" in r.stderr, r.stderr
    assert "Tables.xml" not in r.stderr and len(out.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize("args, again", [
    (["train", "{f}", "--label-column", "kategori", "--out", "min modell"],
     'train {f}/export.csv --label-column kategori --out "min modell"'),
    (["evaluate", "{f}/", "-l", "kategori"], "evaluate {f}/export.csv -l kategori"),
    (["report", "{f}", "-o", "rapport.html"], "report {f}/export.csv -o rapport.html"),
    (["taxonomy", "init", "egna.yaml", "--from-labels={f}", "-l", "kategori"],
     "taxonomy init egna.yaml --from-labels={f}/export.csv -l kategori"),
])
def test_a_folder_of_exports_offers_the_command_that_was_typed(runner, tmp_path, args, again):
    """A folder of exports given to train (or evaluate, report …) said "en tabell klassificeras för sig …:
    forbattra classify sample_data/forslag.csv": copied, that line classified instead of training, and without the
    options typed. It offers the command typed, the folder replaced by its first export."""
    folder = tmp_path / "märkt"
    folder.mkdir()
    (folder / "export.csv").write_text("id;Förslag;kategori\n1;Nya stolar i fikarummet;Lokaler\n", encoding="utf-8")
    r = runner.invoke(app, [a.format(f=folder) for a in args])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Fel: {folder}: mappen har inga dokument men 1 tabell (export.csv); en tabell läses för sig, "
                        f"en fil per körning: forbattra {again.format(f=folder)}\n")


def test_masking_a_document_says_how_names_are_found(runner, tmp_path):
    """A Word report has no column of names: classify --redact says that names are masked only where the
    text marks them (a warning, as for a spreadsheet without a person column), without a --person-column hint."""
    path = _report(tmp_path / "rapport.docx")
    r = runner.invoke(app, ["classify", str(path), "--redact", "-o", str(tmp_path / "ut.csv")])
    assert r.exit_code == 0, r.stderr
    assert "dokument har ingen kolumn med namn" in r.stderr and "--person-column" not in r.stderr
    r = runner.invoke(app, ["classify", str(path), "-o", str(tmp_path / "ut2.csv")])
    assert "dokument har ingen kolumn med namn" not in r.stderr


def test_a_report_of_a_document_says_how_names_are_found_as_classify_does(runner, tmp_path):
    """A report masks by default: of a spreadsheet without a person column it says on the terminal that names
    are masked only where the text marks them, but of a Word report or a folder of them (which has no such
    column either) it said nothing, while classify --redact of the same document warns."""
    (tmp_path / "rapporter").mkdir()
    path = _report(tmp_path / "rapporter" / "rapport.docx")
    r = runner.invoke(app, ["report", str(path), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert (f"{path}: dokument har ingen kolumn med namn, så namn i texten maskeras bara om någon text visar att det är "
            "ett namn ('Kontaktperson: …', 'ring …', en tabells 'Ansvarig'); läs texterna innan de delas") in r.stderr
    r = runner.invoke(app, ["report", str(path.parent), "-o", str(tmp_path / "r2.md")])  # a folder of them
    assert r.exit_code == 0 and f"{path.parent}: dokument har ingen kolumn med namn" in r.stderr, r.stderr
    r = runner.invoke(app, ["report", str(path), "--no-redact", "-o", str(tmp_path / "r3.md")])
    assert r.exit_code == 0 and "ingen kolumn med namn" not in r.stderr


@pytest.mark.parametrize("name, command", [("forslag.xlsx", "forbattra classify forslag.xlsx"),
                                           ("Förslag 2024.csv", 'forbattra classify "Förslag 2024.csv"')])
def test_extract_of_a_table_says_to_classify_it(runner, tmp_path, monkeypatch, name, command):
    import shutil
    from pathlib import Path

    src = tmp_path / name
    shutil.copy(Path(__file__).parent.parent / "sample_data" / ("forslag" + src.suffix), src)
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["extract", name, "-o", "ut.xlsx"])
    assert r.exit_code == 3 and command in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (tmp_path / "ut.xlsx").exists()


def test_corrections_in_a_document_workbook_survive_a_run_in_the_other_language(runner, tmp_path):
    import openpyxl

    _report(tmp_path / "grupp1.docx")
    out = tmp_path / "teman.xlsx"
    assert runner.invoke(app, ["classify", str(tmp_path / "grupp1.docx"), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    assert "förslag" in head
    ws.cell(row=2, column=head.index("Rättat tema") + 1).value = "Lokaler och fysisk miljö"
    wb.save(out)
    # the same report, now with --lang en: its columns are named in English, the correction is carried
    r = runner.invoke(app, ["classify", str(tmp_path / "grupp1.docx"), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in ws[1]]
    assert "suggestion" in head and ws.cell(row=2, column=head.index("Corrected themes") + 1).value


def test_extract_of_a_document_without_proposals_names_it(runner, tmp_path):
    """As classify does: the one document given is named, with how to go on; given several, each that gave
    none is named before the error. Nothing is written."""
    headings = tmp_path / "rubriker.docx"
    d = docx.Document()
    d.add_heading("Förslag", 1)
    d.add_paragraph("Inget nytt.")  # (shorter than --min-length; a document of headings only says so instead)
    d.save(headings)
    d.save(headings.with_name("rubriker2.docx"))
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(headings), "-o", str(out)])
    assert r.exit_code == 3 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (f"Fel: {headings}: hittade inga förslag i dokumentet (ingen text på minst 15 tecken); "
                                "kontrollera filen eller sänk --min-length")
    r = runner.invoke(app, ["extract", str(headings), "--split", "list", "--lang", "en", "-o", str(out)])
    assert r.exit_code == 3
    assert r.stderr.strip() == (f"Error: {headings}: no proposals found in the document (no list items or table rows); "
                                "try --split auto or --split paragraph")
    r = runner.invoke(app, ["extract", str(headings), str(headings.with_name("rubriker2.docx")), "-o", str(out)])
    assert r.exit_code == 3
    assert "rubriker.docx: inga förslag hittades" in r.stderr and "rubriker2.docx: inga förslag hittades" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["extract", "classify"])
def test_a_document_of_headings_only_says_so_not_to_lower_min_length(runner, tmp_path, command):
    """A report of headings and nothing under them (an outline not filled in, or proposals typed in a Heading
    style) was told 'hittade inga förslag … (ingen text på minst 15 tecken); … sänk --min-length', which cannot
    help: headings are never proposals, whatever their length. One line says what the document holds and what to
    do, exit 3; in a folder it is skipped and named (exit 6)."""
    path = tmp_path / "rubriker.docx"
    d = docx.Document()
    d.add_heading("Förbättringsförslag 2026", 0)
    d.add_heading("Fler elcyklar till hemtjänsten i Lyckeby", 1)
    d.add_heading("Nyckelskåp med digitala lås hos alla brukare", 1)
    d.save(path)
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, [command, str(path), "--min-length", "5", "-o", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, "Fel: rubriker.docx: dokumentet har bara rubriker (3 st), ingen text "
                                                  "under dem; forbattra läser förslagen ur stycken, listor och tabeller, "
                                                  "inte ur rubriker: är förslagen skrivna som rubriker, ge dem formatet "
                                                  "Normal (i Markdown: utan #) och kör igen"), r.stderr
    assert not out.exists()
    md = tmp_path / "rubriker.md"
    md.write_text("# Förbättringsförslag\n\n## Hemtjänsten\n\n## Skolan\n", encoding="utf-8")
    r = runner.invoke(app, [command, str(md), "--lang", "en", "-o", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, "Error: rubriker.md: the document has only headings (3), no text "
                                                  "under them; forbattra reads proposals from paragraphs, lists and "
                                                  "tables, not from headings: if the proposals are typed as headings, "
                                                  "give them the Normal style (in Markdown: no #) and run again")
    md.unlink()
    _report(tmp_path / "grupp1.docx")
    r = runner.invoke(app, [command, str(tmp_path), "-o", str(out)])
    assert r.exit_code == 6 and "hoppade över rubriker.docx: dokumentet har bara rubriker (3 st)" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["extract", "classify"])
def test_a_document_without_any_text_says_so_not_to_lower_min_length(runner, tmp_path, command):
    """A blank report (a template saved before anything was typed in it, a .txt of empty lines) was told 'hittade
    inga förslag i dokumentet (ingen text på minst 15 tecken); … sänk --min-length', which cannot help: there is
    no text at all. One line says so, exit 3; in a folder it is skipped and named (exit 6)."""
    empty = tmp_path / "tom.docx"
    docx.Document().save(empty)
    blank = tmp_path / "tom.txt"
    blank.write_text("\n\n   \n", encoding="utf-8")
    out = tmp_path / "ut.csv"
    for path in (empty, blank):
        r = runner.invoke(app, [command, str(path), "-o", str(out)])
        assert (r.exit_code, r.stderr.strip()) == (3, f"Fel: {path.name}: dokumentet har ingen text (tomt, eller bara "
                                                      "tomma rader); kontrollera att det är rätt fil och att rapporten "
                                                      "sparades innan den kopierades"), r.stderr
        assert not out.exists()
    r = runner.invoke(app, [command, str(empty), "--lang", "en", "-o", str(out)])
    assert r.stderr.strip() == ("Error: tom.docx: the document has no text (empty, or only blank lines); check that it "
                                "is the right file and that the report was saved before it was copied")
    _report(tmp_path / "grupp1.docx")
    r = runner.invoke(app, [command, str(tmp_path), "-o", str(out)])
    assert r.exit_code == 6 and "hoppade över tom.docx: dokumentet har ingen text" in r.stderr, r.stderr


def test_extract_of_a_folder_with_no_documents_names_the_folder(runner, tmp_path):
    """An empty folder, or one of pictures (the wrong folder), was "hittade inga förslag i dokumenten; … prova en
    annan --split eller en lägre --min-length": no folder named and advice for documents it does not hold. Named
    as classify names it, exit 3, nothing written."""
    empty, pictures = tmp_path / "tom", tmp_path / "bilder"
    empty.mkdir()
    pictures.mkdir()
    (pictures / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    (pictures / "~$pport.docx").write_bytes(_LOCK)  # Word's lock file is no document
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, ["extract", str(empty), "-o", str(out)])
    assert r.exit_code == 3 and r.stderr.strip() == (
        f"Fel: {empty}: mappen har inga dokument (.docx, .odt, .pdf, .txt eller .md); "
        "ange en mapp med rapporterna eller rapportfilerna själva"), r.stderr
    r = runner.invoke(app, ["extract", str(pictures), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 3 and r.stderr.strip() == (
        f"Error: {pictures}: is a folder with no .docx, .odt, .pdf, .txt or .md documents; "
        "give the folder of the reports or the report files themselves"), r.stderr
    assert not out.exists()


# Excel's and Word's lock files as they lie beside an open file: the user's name in a few bytes
_LOCK = b"\x0bAnna Svensson" + b" " * 40 + b"\x00" * 111


def test_an_office_lock_file_given_as_input_is_named_as_one(runner, tmp_path):
    """"~$forslag.xlsx" (Excel's lock file while forslag.xlsx is open, picked up by a nightly job's *.xlsx) was
    "ingen giltig .xlsx-fil …; exportera den igen från Excel", and Word's "~$pport.docx" "ingen läsbar Word-fil
    (skadad …)": both are one line saying it is the lock file of the open file, naming that file, exit 3."""
    (tmp_path / "forslag.xlsx").write_bytes(b"PK")  # (the open workbook; never read here)
    (tmp_path / "~$forslag.xlsx").write_bytes(_LOCK)
    _report(tmp_path / "rapport.docx")
    (tmp_path / "~$pport.docx").write_bytes(_LOCK[:162])  # Word drops the name's first two letters
    out = tmp_path / "o.jsonl"
    for lock, original in (("~$forslag.xlsx", "forslag.xlsx"), ("~$pport.docx", "rapport.docx")):
        r = runner.invoke(app, ["classify", str(tmp_path / lock), "-o", str(out)])
        assert r.exit_code == 3, r.stderr
        line = r.stderr.strip().splitlines()[-1]
        assert line.startswith("Fel: ") and "låsfil" in line and original in line and "skadad" not in line, line
        assert not out.exists()
    r = runner.invoke(app, ["classify", str(tmp_path / "~$forslag.xlsx"), "--lang", "en"])
    assert r.exit_code == 3 and "lock file" in r.stderr and "forslag.xlsx is open" in r.stderr
    # a lock file whose workbook is gone (Excel closed unexpectedly) is still named as a lock file
    (tmp_path / "~$borta.xlsx").write_bytes(_LOCK)
    r = runner.invoke(app, ["classify", str(tmp_path / "~$borta.xlsx")])
    assert r.exit_code == 3 and "låsfil" in r.stderr
    # extract with a glob that matched Word's lock file: skipped with that reason, the report read
    r = runner.invoke(app, ["extract", str(tmp_path / "rapport.docx"), str(tmp_path / "~$pport.docx"), "-o", str(out)])
    assert r.exit_code == 6 and "låsfil" in r.stderr and "skadad" not in r.stderr, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_a_docx_that_is_really_an_odt_rtf_or_workbook_is_named_for_what_it_is(runner, tmp_path):
    """A report saved from LibreOffice or WordPad, or a workbook, renamed to .docx to fit the folder's pattern:
    one line saying what the file is and how to fix it, exit 3. It said 'not a readable Word document (corrupt
    or not a .docx file: "There is no item named '[Content_Types].xml' in the archive")', python-docx's English
    inside the Swedish line, with no fix; a workbook was told nothing about classify."""
    import zipfile

    import openpyxl

    odt = tmp_path / "grupp3.docx"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    rtf = tmp_path / "grupp4.docx"
    rtf.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} Inf\\'f6r nyckelfria l\\'e5s.\\par}")
    book = tmp_path / "enkat.docx"
    openpyxl.Workbook().save(book)
    cases = [(odt, ".odt-fil", "byt namn på den till grupp3.odt"), (rtf, "'.rtf'", "spara den som .docx"),
             (book, "arbetsbok", "forbattra classify")]
    for path, what, fix in cases:
        for command in ("extract", "classify"):
            r = runner.invoke(app, [command, str(path), "--out", str(tmp_path / "ut.csv")])
            assert r.exit_code == 3, r.stderr
            assert len(r.stderr.strip().splitlines()) == 1 and path.name in r.stderr, r.stderr
            assert what in r.stderr and fix in r.stderr and "Content_Types" not in r.stderr, r.stderr
    r = runner.invoke(app, ["extract", str(rtf), "--lang", "en", "--out", str(tmp_path / "ut.csv")])
    assert r.exit_code == 3 and "save it as .docx" in r.stderr, r.stderr


def test_a_pdf_named_docx_and_a_docx_named_pdf_are_named_for_what_they_are(runner, tmp_path):
    """A PDF renamed to .docx (or a Word report saved as .pdf by name only) got 'not a readable Word document
    (corrupt, or not a .docx file)' or pypdf's 'Stream has ended unexpectedly': one line now says what the file
    is and the name to give it, exit 3, nothing written; in a folder it is skipped, exit 6."""
    import fpdf

    real_docx = _report(tmp_path / "rapport.docx")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Inför fasta scheman för nattpersonalen.")
    as_docx = tmp_path / "grupp 2.docx"
    pdf.output(str(as_docx))
    as_pdf = tmp_path / "grupp3.pdf"
    as_pdf.write_bytes(real_docx.read_bytes())
    out = tmp_path / "ut.csv"
    for path, line in [(as_docx, f'Fel: {as_docx.name}: är en .pdf-fil med ändelsen .docx; byt namn på den till "grupp 2.pdf" och kör igen'),
                       (as_pdf, f"Fel: {as_pdf.name}: är en .docx-fil med ändelsen .pdf; byt namn på den till grupp3.docx och kör igen")]:
        r = runner.invoke(app, ["extract", str(path), "--out", str(out)])
        assert (r.exit_code, r.stderr.strip()) == (3, line)
        assert not out.exists()
    r = runner.invoke(app, ["classify", str(as_pdf), "--lang", "en", "--out", str(out)])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip() == "Error: grupp3.pdf: is a .docx file named .pdf; rename it to grupp3.docx and run again"
    r = runner.invoke(app, ["extract", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 6 and "grupp3.pdf: är en .docx-fil" in r.stderr, r.stderr


def test_a_word_report_or_pdf_named_txt_or_md_is_named_for_what_it_is(runner, tmp_path):
    """A .docx or a PDF saved as 'rapport.txt' was 'kan inte läsa texten (ser ut som en binärfil)': it is named
    for what it is, with the name to give it, exit 3."""
    import fpdf

    as_txt = tmp_path / "grupp1.txt"
    as_txt.write_bytes(_report(tmp_path / "rapport.docx").read_bytes())
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Inför fasta scheman för nattpersonalen.")
    as_md = tmp_path / "grupp2.md"
    pdf.output(str(as_md))
    out = tmp_path / "ut.csv"
    for path, line in [(as_txt, "Fel: grupp1.txt: är en .docx-fil med ändelsen .txt; byt namn på den till grupp1.docx och kör igen"),
                       (as_md, "Fel: grupp2.md: är en .pdf-fil med ändelsen .md; byt namn på den till grupp2.pdf och kör igen")]:
        r = runner.invoke(app, ["extract", str(path), "--out", str(out)])
        assert (r.exit_code, r.stderr.strip()) == (3, line)
        assert not out.exists()


def test_a_workbook_old_word_odt_or_rtf_file_named_pdf_txt_or_md_is_named_for_what_it_is(runner, tmp_path):
    """An .xlsx, an old .xls or .doc, an .odt or an .rtf saved or renamed as .pdf got pypdf's 'ingen läsbar PDF
    (skadad eller inte en PDF: Stream has ended unexpectedly)', and as .txt or .md 'ser ut som en binärfil': the
    user was sent to look for damage. One line says what the file is and what to do, exit 3, nothing written; in a
    folder it is skipped, exit 6. An old .xls named .docx was 'password-protected or the old .doc format'."""
    import zipfile

    import openpyxl
    from samples import cfb_bytes, xls_bytes

    book = tmp_path / "enkat.pdf"
    openpyxl.Workbook().save(book)
    doc = tmp_path / "grupp 2.pdf"
    doc.write_bytes(cfb_bytes({"WordDocument": b"\xec\xa5" + b"\0" * 600, "1Table": b"\0" * 600}))
    xls = tmp_path / "export.txt"
    xls.write_bytes(xls_bytes([["Förslag"], ["Fler vikarier på helgerna"]]))
    odt = tmp_path / "grupp3.md"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    rtf = tmp_path / "grupp4.pdf"
    rtf.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} Inf\\'f6r nyckelfria l\\'e5s.\\par}")
    convert = "öppna den i Word eller LibreOffice och spara den som .docx (eller .pdf)"
    out = tmp_path / "ut.csv"
    for path, line in [
        (book, "Fel: enkat.pdf: är en arbetsbok (.xlsx) med ändelsen .pdf, ingen rapport; byt filens ändelse till "
               ".xlsx och klassificera den direkt: forbattra classify enkat.xlsx"),
        (xls, "Fel: export.txt: är en arbetsbok (.xls) med ändelsen .txt, ingen rapport; byt filens ändelse till "
              ".xls och klassificera den direkt: forbattra classify export.xls"),
        (doc, f"Fel: grupp 2.pdf: är en .doc-fil med ändelsen .pdf, och .doc-filer kan inte läsas; {convert}"),
        (odt, "Fel: grupp3.md: är en .odt-fil med ändelsen .md; byt namn på den till grupp3.odt och kör igen"),
        (rtf, f"Fel: grupp4.pdf: är en .rtf-fil med ändelsen .pdf, och .rtf-filer kan inte läsas; {convert}"),
    ]:
        for command in ("extract", "classify"):
            r = runner.invoke(app, [command, str(path), "--out", str(out)])
            assert (r.exit_code, r.stderr.strip()) == (3, line), (command, r.stderr)
            assert not out.exists()
    r = runner.invoke(app, ["extract", str(doc), "--lang", "en", "--out", str(out)])
    assert r.stderr.strip() == ("Error: grupp 2.pdf: is a .doc file named .pdf, and .doc files cannot be read; open "
                                "it in Word or LibreOffice and save it as .docx (or .pdf)")
    as_docx = tmp_path / "gammal.docx"
    as_docx.write_bytes(xls.read_bytes())
    r = runner.invoke(app, ["extract", str(as_docx), "--out", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, "Fel: gammal.docx: är en arbetsbok, inget Word-dokument; byt filens "
                                                  "ändelse till .xls och klassificera den direkt: forbattra classify "
                                                  f"{tmp_path / 'gammal.xls'}")
    _report(tmp_path / "rapport.docx")
    r = runner.invoke(app, ["extract", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 6 and "grupp 2.pdf: är en .doc-fil" in r.stderr and "enkat.pdf: är en arbetsbok" in r.stderr, r.stderr


def test_a_word_document_saved_as_strict_open_xml_says_to_save_it_as_a_word_document(runner, tmp_path):
    """Word's "Spara som" > "Strict Open XML-dokument" writes a whole .docx in the Strict namespaces, in which
    python-docx finds no document: it was 'ingen läsbar Word-fil (skadad eller inte en .docx-fil: "no relationship
    of type … in collection")', damage that is not there, in English. One line says what it is and how to save
    it, exit 3; skipped in a folder, exit 6."""
    import zipfile

    plain = _report(tmp_path / "plain.docx")
    strict = tmp_path / "strikt.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith((".xml", ".rels")):
                data = (data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                     b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                        .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                 b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
            dst.writestr(name, data)
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(strict), "--out", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, "Fel: strikt.docx: Word-filen är sparad som Strict Open XML-dokument, "
                                                  "som inte kan läsas; öppna den i Word och spara den som Word-dokument "
                                                  "(.docx) under Spara som")
    assert not out.exists()
    r = runner.invoke(app, ["extract", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 6 and "strikt.docx: Word-filen är sparad som Strict" in r.stderr, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1  # plain.docx read


def test_a_word_document_of_scanned_pictures_says_to_run_ocr(runner, tmp_path):
    """Scanned pages pasted into Word as pictures, no text: it said 'ingen text på minst 15 tecken; ... sänk
    --min-length', which cannot help. One line says it holds only pictures and to run OCR, exit 3; skipped in a
    folder, exit 6."""
    from docx.shared import Inches
    from PIL import Image

    Image.new("RGB", (200, 100), "white").save(tmp_path / "sida.png")
    document = docx.Document()
    document.add_picture(str(tmp_path / "sida.png"), width=Inches(6))
    document.add_picture(str(tmp_path / "sida.png"), width=Inches(6))
    scan = tmp_path / "skannad.docx"
    document.save(str(scan))
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(scan), "--out", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, (
        "Fel: skannad.docx: Word-filen har ingen text, bara bilder (inskannade sidor?), och forbattra läser inte text "
        "ur bilder: kör textigenkänning (OCR) på dem först (t.ex. Adobe Acrobats Skanna och OCR eller ocrmypdf) eller "
        "ange originalet med text"))
    assert not out.exists()
    r = runner.invoke(app, ["classify", str(scan), "--lang", "en", "--out", str(out)])
    assert r.exit_code == 3 and "only pictures" in r.stderr and "min-length" not in r.stderr, r.stderr
    _report(tmp_path / "rapport.docx")
    r = runner.invoke(app, ["extract", str(tmp_path), "--out", str(out)])
    assert r.exit_code == 6 and "skannad.docx: Word-filen har ingen text" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["duplicates", "discover"])
def test_redact_masks_a_word_reports_columns_in_the_analysis_outputs(runner, tmp_path, command):
    """duplicates/discover --redact of a Word report wrote its proposals, heading and file name unmasked: the
    document's columns have pandas' string dtype, and the masking took only object columns (classify masked)."""
    path = tmp_path / "Anna Svensson rapport.docx"
    d = docx.Document()
    d.add_heading("Arbetsgrupp Hemtjänst – Anna Svensson", level=1)
    d.add_heading("Förslag", level=2)
    d.add_paragraph("Bättre wifi i personalrummet, kontakta Anna Svensson 070-123 45 67", style="List Number")
    d.add_paragraph("Digital signering av avtal. Kontaktperson: Siv Christensen", style="List Number")
    d.save(path)
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, [command, str(path), "--redact", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    cells = [dict(zip(rows[0].split(";"), row.split(";"))) for row in rows[1:]]
    assert [(c["id"], c["fil"], c["rubrik"], c["förslag"]) for c in cells] == [
        ("[namn] rapport.docx#1", "[namn] rapport.docx", "Arbetsgrupp Hemtjänst – [namn]",
         "Bättre wifi i personalrummet, kontakta [namn] [telefon]"),
        ("[namn] rapport.docx#2", "[namn] rapport.docx", "Arbetsgrupp Hemtjänst – [namn]",
         "Digital signering av avtal. Kontaktperson: [namn]")]


@pytest.mark.parametrize("name", ["grupp3.docx", "grupp3.pdf", "grupp3.md"])
def test_extract_of_an_empty_document_says_it_is_empty(runner, tmp_path, name):
    """A report of 0 bytes (a copy or a sync from the shared drive that failed) was "ingen läsbar PDF (skadad eller
    inte en PDF: Cannot read an empty file)", "ingen läsbar Word-fil (skadad …)" or, for a .md, "sänk --min-length",
    which cannot help. It says the file is empty; in a folder it is skipped with that reason (exit 6)."""
    empty = tmp_path / name
    empty.write_bytes(b"")
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(empty), "-o", str(out)])
    assert r.exit_code == 3 and not out.exists()
    assert r.stderr.strip() == f"Fel: {name}: filen är tom (0 byte); spara eller kopiera rapporten igen och ange den sparade filen"
    folder = tmp_path / "rapporter"
    folder.mkdir()
    empty.rename(folder / name)
    _report(folder / "grupp1.docx")
    r = runner.invoke(app, ["extract", str(folder), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 6
    assert (f"Warning: skipped {name}: the file is empty (0 bytes); save or copy the report again and give the saved file"
            in r.stderr.splitlines())


@pytest.mark.parametrize("name, line", [
    ("grupp3", "Fel: grupp3: filnamnet saknar filändelse, så dokumenttypen är okänd; byt namn på filen så att det "
               "slutar på .docx, .odt, .pdf, .txt eller .md efter vad den är"),
    ("grupp3.html", "Fel: grupp3.html: dokumenttypen '.html' stöds inte (använd .docx, .fodt, .md, .odt, .ott, .pdf, .txt)")])
def test_extract_of_a_file_of_no_known_type_says_what_to_do(runner, tmp_path, name, line):
    """A report given by name without its extension (saved as 'grupp3'), or as .html, was "grupp3: dokumenttypen ''
    stöds inte": no word of what to give instead. It says which types are read, and to rename a file without one."""
    path = _report(tmp_path / name)
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(path), "-o", str(out)])
    assert r.exit_code == 3 and not out.exists()
    assert r.stderr.strip() == line


def test_an_old_or_password_protected_word_file_named_docx_is_told_apart_by_its_streams(runner, tmp_path):
    """A compound file named .docx was 'password-protected or in the old .doc format': the user had to guess which,
    and the fix differs. Its streams tell: Word's "Kryptera med lösenord" wraps the .docx in an EncryptedPackage, a
    Word 97–2003 file has a WordDocument stream. One exact line each, exit 3, nothing written; skipped in a folder."""
    from samples import cfb_bytes

    folder = tmp_path / "rapporter"
    folder.mkdir()
    old = folder / "grupp1.docx"
    old.write_bytes(cfb_bytes({"WordDocument": b"\xec\xa5" + b"\0" * 600, "1Table": b"\0" * 600}))
    locked = folder / "grupp2.docx"
    locked.write_bytes(cfb_bytes({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x17" * 600}))
    out = tmp_path / "ut.csv"
    for path, lang, line in [
        (old, "sv", "Fel: grupp1.docx: är en Word 97–2003-fil (det gamla .doc-formatet) med ändelsen .docx; öppna "
                    "den i Word och spara den som Word-dokument (.docx) under Spara som"),
        (old, "en", "Error: grupp1.docx: is a Word 97–2003 file (the old .doc format) named .docx; open it in Word and "
                    "save it as Word Document (.docx) under Save As"),
        (locked, "sv", "Fel: grupp2.docx: Word-filen är lösenordsskyddad (krypterad); öppna den i Word, ta bort "
                       "lösenordet (Arkiv > Info > Skydda dokument > Kryptera med lösenord) och spara den som .docx"),
        (locked, "en", "Error: grupp2.docx: the Word document is password-protected (encrypted); open it in Word, "
                       "remove the password (File > Info > Protect Document > Encrypt with Password) and save it as "
                       ".docx"),
    ]:
        for command in ("extract", "classify"):
            r = runner.invoke(app, [command, str(path), "--out", str(out), "--lang", lang])
            assert (r.exit_code, r.stderr.strip()) == (3, line), (command, r.stderr)
            assert not out.exists()
    _report(folder / "grupp3.docx")
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 6, r.stderr
    assert "grupp1.docx: är en Word 97–2003-fil" in r.stderr and "grupp2.docx: Word-filen är lösenordsskyddad" in r.stderr


def test_extract_of_a_broken_report_and_one_without_proposals_names_both(runner, tmp_path):
    """`extract trasig.docx rubriker.docx`: the broken one was named as skipped, then 'inga förslag togs ut: det 1
    dokumentet hoppades över' — the second report given by name was never mentioned, as if it had not been read.
    Its line (it was read and gave no proposal) comes before the error, as it does where none was skipped."""
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"not a zip at all")
    headings = tmp_path / "rubriker.docx"
    d = docx.Document()
    d.add_heading("Förslag", 1)
    d.add_paragraph("Inget nytt.")  # (shorter than --min-length; a document of headings only says so instead)
    d.save(headings)
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(broken), str(headings), "-o", str(out)])
    assert r.exit_code == 3 and not out.exists()
    assert r.stderr.splitlines() == [
        "Varning: hoppade över trasig.docx: ingen läsbar Word-fil (skadad, eller inte en .docx-fil)",
        "  rubriker.docx: inga förslag hittades (ingen text med minsta längden)",
        "  rubriker.docx: 1 stycke kortare än --min-length 15 tecken hoppades över",
        "Fel: inga förslag togs ut: det 1 dokumentet hoppades över"], r.stderr


@pytest.mark.parametrize("command", ["classify", "extract", "discover"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_help_lists_every_document_format_read(runner, command, lang):
    """`classify --help` and `extract --help` listed .docx/.odt/.pdf/.md/.txt, so a LibreOffice user with a flat
    .fodt or a template .ott took it that it was not read and converted it by hand. Every format read is listed."""
    r = runner.invoke(app, [command, "--help", "--lang", lang])
    assert r.exit_code == 0, r.stderr
    assert all(re.search(re.escape(suffix) + r"(?![a-z])", r.stdout)
               for suffix in (".docx", ".odt", ".ott", ".fodt", ".pdf", ".md", ".txt")), r.stdout
