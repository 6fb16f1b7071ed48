"""Reader defects found by probes (issues 15 and 16): nothing lost, and honest about what was read."""

from pathlib import Path

import pandas as pd
import pytest

from forbattra.cli.app import app
from forbattra.errors import InputFileError
from forbattra.inputs.tables import TEXT, iter_suggestions, read_suggestions

ROWS = ["Fler vikarier till sommaren", "Personalrummet är för litet", "Tyst rum behövs för samtal",
        "Datorerna är långsamma", "Bättre introduktion för nya", "Mer fortbildning i IT",
        "Fler parkeringsplatser", "Skåp till alla i personalen"]


def _one_error_line(r, code):
    assert r.exit_code == code, (r.exit_code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fel:") and "Traceback" not in r.stderr
    return lines[0]


# 1. An unbalanced opening quote must not swallow the rows below it.

def _quoted(tmp_path, bad_line):
    lines = ["id;Förslag;Enhet"] + [f"{i};{t};{'ABC'[i % 3]}" for i, t in enumerate(ROWS, start=1)]
    lines[bad_line - 1] = bad_line_text = lines[bad_line - 1].replace(";", ';"', 1)
    p = tmp_path / "citat.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p, bad_line_text


@pytest.mark.parametrize("bad_line", [4, 8])
def test_unbalanced_quote_is_read_as_plain_text(tmp_path, bad_line):
    p, _ = _quoted(tmp_path, bad_line)
    s = read_suggestions(p)
    assert len(s.frame) == 8
    assert list(s.frame["_id"]) == [str(i) for i in range(1, 9)]
    assert s.frame[TEXT].iloc[bad_line - 2] == '"' + ROWS[bad_line - 2]
    assert f"row {bad_line}: unbalanced quote; read as plain text" in s.info.notes


def test_quote_closed_lines_later_is_recovered_and_real_multiline_cells_stay(tmp_path):
    p = tmp_path / "citat2.csv"
    p.write_text('id;Förslag;Enhet\n1;Fler vikarier;A\n2;"Tyst rum behövs;B\n3;Datorerna är långsamma;C\n'
                 '4;"Mer fortbildning; i IT";A\n5;"Skåp till\nalla i personalen";B\n', encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame["_id"]) == ["1", "2", "3", "4", "5"]
    assert list(s.frame[TEXT])[3:] == ["Mer fortbildning; i IT", "Skåp till\nalla i personalen"]
    assert s.info.notes[0] == "row 3: unbalanced quote; read as plain text"


def test_unrecoverable_quote_stops_naming_the_line(runner, tmp_path):
    p = tmp_path / "trasig.csv"
    p.write_text('id;Förslag;Enhet\n1;Fler vikarier;A\n2;"Tyst rum; behövs;B\n3;Datorerna;C\n4;Skåp;A\n'
                 '5;Mer IT;B\n', encoding="utf-8")
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "ut.xlsx")])
    line = _one_error_line(r, 3)
    assert "rad 3" in line and "citattecken" in line
    assert not (tmp_path / "ut.xlsx").exists()


# 2. Header detection: a long question header stays the header; a file without one loses no row.

def test_long_question_header_in_a_narrow_table_is_the_header(tmp_path):
    question = "Beskriv ditt förslag så utförligt som möjligt, gärna med exempel från din vardag …"
    texts = [f"Vi behöver {w} eftersom det påverkar arbetsmiljön och brukarna varje vecka på enheten"
             for w in ("fler vikarier", "större lokaler", "nya datorer", "bättre scheman", "mer tid")]
    texts += ["Fler vikarier", "Större rum", "Nya skor", "Mer tid", "Bättre mat"]
    p = tmp_path / "smal.csv"
    p.write_text(f"{question};Enhet\n" + "".join(f"{t};Enhet {i % 3}\n" for i, t in enumerate(texts)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 10 and s.info.header_row == 1
    assert s.columns.text == (question,) and list(s.frame[TEXT]) == texts


def test_csv_without_header_keeps_every_row(tmp_path):
    p = tmp_path / "utan.csv"
    p.write_text("".join(f"{t} när vi har möten;Hemtjänst {'NS'[i % 2]}\n" for i, t in enumerate(ROWS + ROWS[:2])),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 10 and s.info.header_row == 0
    assert s.original_columns == ["kolumn_1", "kolumn_2"] and s.columns.text == ("kolumn_1",)
    assert s.frame[TEXT].iloc[0] == ROWS[0] + " när vi har möten"
    assert any("no header row" in n for n in s.info.notes)


@pytest.mark.parametrize("units", [["Enhet A", "Enhet B", "Enhet A", "Enhet C", "Enhet B"],
                                   ["HR-avdelningen", "IT-avdelningen", "HR-avdelningen", "Ekonomiavdelningen",
                                    "IT-avdelningen"]])
def test_csv_without_header_whose_units_look_like_column_names_keeps_every_row(tmp_path, units):
    """A unit's value ("Enhet A", "HR-avdelningen") reads like a column name; over a column of such values it is
    the first data row, not a header that swallows the first suggestion."""
    texts = ["Bättre wifi i hela huset tack", "Fler vikarier på helgerna behövs verkligen", "Nya stolar i personalrummet",
             "Inför en mentor för nyanställda", "Gemensamt intranät för alla enheter vore bra"]
    p = tmp_path / "utan.csv"
    p.write_text("".join(f"{t};{u}\n" for t, u in zip(texts, units)), encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == texts and s.info.header_row == 0
    # a real header over the same values stays the header
    p.write_text("Förslag;Enhet\n" + "".join(f"{t};{u}\n" for t, u in zip(texts, units)), encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == texts and s.columns.group == "Enhet"


def test_header_cells_with_an_instruction_after_a_dash_stay_the_header(tmp_path):
    p = tmp_path / "med.csv"
    rows = ["Hemtjänst Norr;Fler vikarier på helgerna, bemanningen räcker inte;Vi går kort varje helg",
            "Skolan;Bättre wifi i hela huset, så att alla kan jobba;Nätet faller ofta",
            "Hemtjänst Syd;Nya stolar i personalrummet, de gamla är trasiga;Ryggont",
            "Köket;Fler kylskåp, vi har för lite plats;Maten blir varm"]
    p.write_text("Enhet;Förslag – beskriv kort, gärna med ett exempel;Motivering – varför behövs det, vad vinner vi\n"
                 + "\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 4 and s.columns.group == "Enhet"
    # a headerless file whose one-word units share an ending: the first row is data
    units = ["HR-avdelningen", "IT-avdelningen", "Ekonomiavdelningen", "Löneavdelningen"]
    q = tmp_path / "utan.csv"
    q.write_text("".join(f"{r.split(';')[1]};{u}\n" for r, u in zip(rows, units)), encoding="utf-8")
    assert len(read_suggestions(q).frame) == 4


def test_no_header_option_forces_generated_names(runner, tmp_path):
    p = tmp_path / "forslag.csv"
    p.write_text("Förslag;Enhet\nFler vikarier på helgerna;A\nStörre personalrum behövs;B\n", encoding="utf-8")
    assert len(read_suggestions(p).frame) == 2
    s = read_suggestions(p, header=False)
    assert len(s.frame) == 3 and s.original_columns == ["kolumn_1", "kolumn_2"]
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "--no-header", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_header_with_names_is_still_found_below_a_title(tmp_path):
    p = tmp_path / "titel.csv"
    p.write_text("Förbättringsförslag 2026\n\nid;Förslag;Enhet\n1;Fler vikarier på helgerna;A\n"
                 "2;Större personalrum;B\n3;Snabbare datorer;C\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 3 and len(s.frame) == 3 and s.columns.text == ("Förslag",)


# 3 and 7. The streaming reader reads exactly what the whole-file reader reads.

def _streamed(path, **kw):
    cols, info, chunks = iter_suggestions(path, chunk_rows=500, **kw)
    return cols, info, pd.concat(list(chunks))


def test_streaming_and_whole_file_agree_on_late_columns_and_quotes(tmp_path):
    lines = ["id;Förslag;Enhet"]
    for i in range(1, 2601):
        extra = f";;Extra {i}" if i > 2300 else ""  # a column that first has values after row 2,000
        text = f'"Tyst rum {i}' if i == 2450 else f"Förslag nummer {i} om arbetsmiljön"
        lines.append(f"{i};{text};Enhet {i % 7}{extra}")
    p = tmp_path / "stor.csv"
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    whole = read_suggestions(p)
    cols, info, frame = _streamed(p)
    assert len(whole.frame) == 2600 and whole.frame[whole.original_columns[-1]].iloc[-1] == "Extra 2600"
    assert cols == whole.columns and info.header_row == whole.info.header_row == 1
    assert frame.reset_index(drop=True).equals(whole.frame.reset_index(drop=True))
    assert "row 2451: unbalanced quote; read as plain text" in info.notes


def test_streaming_and_whole_file_agree_without_header(tmp_path):
    p = tmp_path / "utan.csv"
    p.write_text("".join(f"{i};{t} vid möte {i};2026-01-{i % 28 + 1:02d}\n" for i, t in enumerate(ROWS * 3)),
                 encoding="utf-8")
    whole = read_suggestions(p)
    _, info, frame = _streamed(p)
    assert len(whole.frame) == 24 and whole.info.header_row == info.header_row == 0
    assert frame.reset_index(drop=True).equals(whole.frame.reset_index(drop=True))


def test_nul_bytes_get_the_same_verdict_from_both_readers(tmp_path):
    body = "".join(f"{i};Förslag {i} om fler vikarier på helgerna\n" for i in range(500))
    p = tmp_path / "nul.csv"
    p.write_bytes(("id;Förslag\n" + body).encode("utf-8") + b"500;tr\x00asig\n")
    with pytest.raises(InputFileError) as whole:
        read_suggestions(p)
    with pytest.raises(InputFileError) as streamed:
        _streamed(p)
    assert str(whole.value) == str(streamed.value)
    assert "line 502" in str(whole.value) and "NUL" in str(whole.value)


@pytest.mark.parametrize("cut", ["after a line", "inside a line"])
def test_an_export_whose_end_is_still_zeros_is_said_to_be_not_yet_copied(tmp_path, cut):
    """A copy onto a network share that sets the file's size first (Windows Explorer's, a download manager's) or a
    write cut short by a crash leaves the end of an export as NUL bytes until the data arrives. The nightly job
    that read it then said "row 502 holds NUL bytes: looks like a binary file, not text or CSV; check the file or
    give --encoding" — no encoding helps. A file whose bytes from its first NUL to the end are all NUL is said to be
    not yet wholly copied or written (exit 3 as before), by both readers; a NUL amid text keeps its verdict."""

    body = "".join(f"{i};Förslag {i} om fler vikarier på helgerna\n" for i in range(500))
    p = tmp_path / "halv.csv"
    end = b"500;Sista f\xc3\xb6rslaget\n" if cut == "after a line" else b"500;Sista f"
    p.write_bytes(("id;Förslag\n" + body).encode("utf-8") + end + b"\x00" * 70_000)
    with pytest.raises(InputFileError) as whole:
        read_suggestions(p)
    with pytest.raises(InputFileError) as streamed:
        _streamed(p)
    row = 503 if cut == "after a line" else 502
    assert str(whole.value) == str(streamed.value) == (
        f"{p}: from line {row} to its end the file holds only NUL bytes (zeros), as a file does while it is still "
        "being copied or written; run again once it is whole, or export it again")
    assert whole.value.render("sv") == (
        f"{p}: från rad {row} till slutet har filen bara NUL-byte (nollor), som en fil har medan den fortfarande "
        "kopieras eller skrivs; kör igen när den är hel, eller exportera den igen")
    p.write_bytes(("id;Förslag\n" + body).encode("utf-8") + b"500;tr\x00asig\n" + b"\x00" * 10)  # NUL amid text
    with pytest.raises(InputFileError) as e:
        read_suggestions(p)
    assert "line 502 holds NUL bytes" in str(e.value)


# 8. The column that names the suggestion beats a longer comment column.

def test_suggestion_column_beats_longer_comment_column(tmp_path):
    p = tmp_path / "export.csv"
    p.write_text(
        "Nr;Vad vill du förbättra?;Handläggarens kommentar\n"
        "1;Fler vikarier på helgerna;Vi har tagit upp detta med enhetschefen och återkommer efter budgeten\n"
        "2;Större personalrum;Lokalfrågan utreds av fastighetsavdelningen under våren och vi hör av oss\n"
        "3;Snabbare datorer;IT har beställt nya datorer som levereras i april till alla enheterna\n",
        encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Vad vill du förbättra?",)
    note = next(n for n in s.info.notes if "text column" in n)
    assert "'Handläggarens kommentar'" in note and "--text-column" in note
    assert read_suggestions(p, text_columns=["Handläggarens kommentar"]).frame[TEXT].iloc[0].startswith("Vi har")


# 4, 5, 6, 9. Documents: no text dropped silently, no zip bombs, honest notes.

def _docx(path, parts):
    import docx

    d = docx.Document()
    for kind, text in parts:
        if kind == "h":
            d.add_heading(text, level=1)
        elif kind == "b":
            d.add_paragraph(text, style="List Bullet")
        else:
            d.add_paragraph(text)
    d.save(str(path))
    return path


@pytest.mark.parametrize("heading", ["Förslag", "Vi har också pratat om"])
def test_auto_split_falls_back_to_paragraphs_when_lists_keep_little(tmp_path, heading):
    """Twelve pages of text and a list of two: without a "Förslag" heading over the list, every paragraph is read
    (the list is no sign of where the proposals are); under one, the text above it is the report's background,
    no proposal."""
    import fpdf

    from forbattra.inputs.documents import extract_proposals

    pdf = fpdf.FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("Helvetica", "", 11)
    words = ["dokumentation", "handledning", "arbetsbelastningen", "kollegor", "brukarna", "schemat",
             "introduktion", "vikarier", "lokalerna", "datorerna", "rutinerna", "mötena"]
    for page in range(12):
        pdf.add_page()
        pdf.set_y(40)
        for k in range(3):
            w = [words[(page * 3 + k + j) % len(words)] for j in range(6)]
            pdf.multi_cell(170, 6, f"Under året har vi sett att {w[0]} och {w[1]} tar mer tid än förut, "
                                   f"och att {w[2]} påverkar {w[3]} varje vecka; vi har pratat om {w[4]} "
                                   f"och {w[5]} på flera möten ({page + 1}.{k + 1}).")
            pdf.ln(6)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(170, 10, heading)
    pdf.ln(14)
    pdf.set_font("Helvetica", "", 11)
    for k in range(1, 3):
        pdf.cell(170, 6, f"{k}. Inför fasta tider för handledning varje vecka")
        pdf.ln(8)
    path = tmp_path / "arbetsgrupp3.pdf"
    pdf.output(str(path))
    if heading == "Förslag":
        notes = []
        assert len(extract_proposals(path, notes=notes)) == 2
        assert notes == ["arbetsgrupp3.pdf: 2 proposals (2 list items under 'Förslag'-like headings)"]
        return
    assert len(extract_proposals(path)) == 12 * 3 + 2
    notes = []
    extract_proposals(path, notes=notes)
    assert notes == [("arbetsgrupp3.pdf: few list items/sections found; split into paragraphs "
                      "(38 proposals; --split list keeps list items only)")]
    assert len(extract_proposals(path, split="list")) == 2


def test_paragraph_under_atgarder_is_kept_next_to_bullet_lists(tmp_path):
    from forbattra.inputs.documents import extract_proposals

    path = _docx(tmp_path / "grupp.docx", [
        ("h", "Arbetsgrupp Hemtjänst"), ("p", "Vi har träffats tre gånger."),
        ("h", "Förslag"), ("b", "Fler vikarier på helgerna"), ("b", "Större personalrum på Solgården"),
        ("h", "Åtgärder"), ("p", "Schemat läggs om så att alla får två lediga helger i månaden."),
    ])
    assert list(extract_proposals(path)["förslag"]) == [
        "Fler vikarier på helgerna", "Större personalrum på Solgården",
        "Schemat läggs om så att alla får två lediga helger i månaden."]
    notes = []
    extract_proposals(path, notes=notes)
    assert notes == ["grupp.docx: 3 proposals (2 list items, 1 paragraph under 'Förslag'-like headings)"]


def test_docx_zip_bomb_is_refused_before_it_is_opened(runner, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for k in range(5):  # 60 MB from ~60 KB, no single member over 50 MB
            zf.writestr(f"word/media/part{k}.xml", b" " * 12_000_000)
    r = runner.invoke(app, ["classify", str(bomb), "-o", str(tmp_path / "ut.xlsx")])
    assert "zip-bomb" in _one_error_line(r, 3)
    assert not (tmp_path / "ut.xlsx").exists()


def test_minutes_without_proposal_structure_get_a_note(runner, tmp_path):
    path = _docx(tmp_path / "protokoll.docx", [
        ("p", "Närvarande: Anna, Bertil, Cecilia."), ("p", "Mötet öppnades och dagordningen godkändes."),
        ("p", "Nästa möte hålls den 4 mars i stora konferensrummet.")])
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "protokoll.docx: ingen förslagsstruktur" in r.stderr and "(3 förslag)" in r.stderr


def test_each_document_says_how_many_proposals_it_gave(tmp_path):
    from forbattra.inputs.loading import load_input

    folder = tmp_path / "grupper"
    folder.mkdir()
    _docx(folder / "a.docx", [("h", "Förslag"), ("b", "Fler vikarier på helgerna"), ("b", "Nya datorer till alla")])
    (folder / "b.txt").write_text("Vi vill ha större personalrum.\n\nVi vill ha bättre introduktion.\n",
                                  encoding="utf-8")
    sugg, skipped = load_input(folder)
    assert not skipped and len(sugg.frame) == 4
    assert sugg.info.notes[0] == "a.docx: 2 proposals (2 list items under 'Förslag'-like headings)"
    assert sugg.info.notes[1].startswith("b.txt: no proposal structure")


def test_document_without_proposals_is_an_input_error(runner, tmp_path):
    import docx

    empty = tmp_path / "tom.docx"
    docx.Document().save(str(empty))
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, ["classify", str(empty), "-o", str(out)])
    assert "dokumentet har ingen text" in _one_error_line(r, 3) and "tom.docx" in r.stderr
    assert not out.exists()


def test_well_formed_multiline_cell_whose_lines_look_like_rows_is_kept_with_a_note(tmp_path):
    p = tmp_path / "lista.csv"
    p.write_text('id;Enhet;Förslag\n1;A;Fler vikarier\n2;B;"Vi vill ha:\nmer tid; fler vikarier; lokaler\n'
                 'bättre mat; lön; scheman"\n3;C;Nya datorer\n', encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame["_id"]) == ["1", "2", "3"]
    assert s.frame[TEXT].iloc[1] == "Vi vill ha:\nmer tid; fler vikarier; lokaler\nbättre mat; lön; scheman"
    assert s.info.notes[0].startswith("row 3: a quoted cell runs over 3 lines that look like rows")


def test_responder_name_column_is_not_taken_for_the_text(tmp_path):
    p = tmp_path / "export.csv"
    p.write_text("Ansvarig;Fritt formulerat\nAnna Andersson;Vi behöver fler vikarier på helgerna i hemtjänsten\n"
                 "Bertil Berg;Personalrummet är för litet för alla som äter lunch samtidigt\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Fritt formulerat",)


def test_xlsx_without_header_keeps_every_row(tmp_path):
    import xlsxwriter

    p = tmp_path / "utan.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet()
        for i, t in enumerate(ROWS):
            ws.write_number(i, 0, i + 1)
            ws.write_string(i, 1, t + " på vår enhet")
    s = read_suggestions(p)
    assert len(s.frame) == 8 and s.info.header_row == 0
    assert list(s.frame["_id"]) == [None] * 8 and s.frame[TEXT].iloc[0] == ROWS[0] + " på vår enhet"


def test_list_split_without_list_items_says_what_to_try(runner, tmp_path):
    path = _docx(tmp_path / "prosa.docx", [("p", "Vi vill ha fler vikarier på helgerna i hemtjänsten.")])
    r = runner.invoke(app, ["classify", str(path), "--split", "list", "-o", str(tmp_path / "ut.xlsx")])
    line = _one_error_line(r, 3)
    assert "inga punktlistor" in line and "--split auto" in line


def test_extract_of_an_empty_document_is_an_input_error(runner, tmp_path):
    import docx

    empty = tmp_path / "tom.docx"
    docx.Document().save(str(empty))
    out = tmp_path / "forslag.xlsx"
    r = runner.invoke(app, ["extract", str(empty), "-o", str(out)])
    assert "dokumentet har ingen text" in _one_error_line(r, 3) and not out.exists()


def test_every_line_with_an_unbalanced_quote_keeps_every_row(tmp_path):
    p = tmp_path / "alla.csv"
    p.write_text("id;Förslag;Enhet\n" + "".join(f'{i};"{t};{"ABC"[i % 3]}\n' for i, t in enumerate(ROWS, start=1)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame["_id"]) == [str(i) for i in range(1, 9)]
    assert list(s.frame["Enhet"]) == ["ABC"[i % 3] for i in range(1, 9)]
    assert sum("unbalanced quote" in n for n in s.info.notes) == 8


def test_header_with_unnamed_columns_is_not_passed_over(tmp_path):
    p = tmp_path / "namnlos.csv"
    rows = [f"{t} på enheten;Hemtjänst {'NS'[i % 2]};{i};x;y" for i, t in enumerate(ROWS)]
    p.write_text("Förslag;Enhet;;;\n" + "\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 8 and s.info.header_row == 1
    assert s.columns.text == ("Förslag",) and s.frame[TEXT].iloc[0] == ROWS[0] + " på enheten"


def test_the_users_columns_named_like_forbattras_are_kept_beside_them(tmp_path):
    """A case export's own Status, Tema or Motivering column, or one named like an internal column
    (status, _text), is kept under another name, never overwritten by or dropped for forbattra's."""
    import csv as csvmod

    from typer.testing import CliRunner

    from forbattra.cli import app

    src = tmp_path / "s.csv"
    src.write_text("Ärende;status;Status;Tema;Motivering;_text;Förslag\n"
                   "1;open;Öppen;Lön;Beslut fattat av nämnd;x;Mer personal på helger behövs\n"
                   "2;closed;Avslutad;IT;Avslag pga budget;y;Bättre wifi på kontoret tack\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = list(csvmod.DictReader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert [(r["status (2)"], r["Status (indata)"], r["Tema (indata)"], r["Motivering (indata)"], r["_text (2)"])
            for r in rows] == [("open", "Öppen", "Lön", "Beslut fattat av nämnd", "x"),
                               ("closed", "Avslutad", "IT", "Avslag pga budget", "y")]
    assert [r["Status"] for r in rows] == ["ok", "ok"] and [r["Tema-id"] for r in rows] == ["personal", "it"]


def test_a_file_without_header_keeps_its_first_suggestion(tmp_path):
    """A first row holding a sentence with a comma is data, not column names: every row is read."""
    p = tmp_path / "nh.csv"
    p.write_text("Anna Svensson;Hemtjänst Norr;Vi behöver fler händer på helgerna, det är för tungt\n"
                 "Per Olsson;Skolan;Wifi\nLisa Berg;Biblioteket;Längre öppettider på lördagar vore bra för alla\n"
                 "Kalle Ek;IT-avdelningen;Nya datorer\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 4 and s.frame[TEXT].iloc[0].startswith("Vi behöver fler händer")


def test_a_header_with_a_sentence_is_kept_but_never_silently(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("Id;Enhet;Förslag till förbättring, max 500 tecken och gärna konkret.\n"
                 "1;Skolan;Bättre wifi i klassrummen\n2;Skolan;Fler lärare\n3;Vården;Nya sängar\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 3 and s.frame[TEXT].iloc[0] == "Bättre wifi i klassrummen"
    assert any(getattr(n, "key", "") == "note_header_looks_like_data" for n in s.info.notes)


def test_a_column_named_forslag_with_short_answers_is_the_text(tmp_path):
    """'Mer lön', 'Wifi': short, but the column's name asks for the suggestion (README: it wins over
    longer comment columns)."""
    p = tmp_path / "short.csv"
    p.write_text("ID;Förslag;Kommentar\n1;Mer lön;Detta har diskuterats länge i arbetsgruppen och alla håller med\n"
                 "2;Wifi;Nätet går ner flera gånger om dagen när många är inloggade samtidigt\n"
                 "3;Fika;Vi har inte haft gemensam fika sedan pandemin och det märks\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Förslag",) and list(s.frame[TEXT]) == ["Mer lön", "Wifi", "Fika"]
    q = tmp_path / "nr.csv"  # a number column named for the suggestion is not the text
    q.write_text("Förslag nr;Beskrivning\n1;Vi behöver fler vikarier på helgerna\n2;Bättre wifi i klassrummen\n"
                 "3;Nya sängar till boendet\n", encoding="utf-8")
    assert read_suggestions(q).columns.text == ("Beskrivning",)


def test_a_metadata_row_as_wide_as_the_table_is_not_the_header(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Rapport: Förbättringsförslag;Period: 2026;Utskriven av: Admin\nID;Enhet;Förslag\n"
                 "1;Hemtjänst Norr;Mer personal på helgerna behövs\n2;Skolan;Bättre wifi i klassrummen tack\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 2 and s.columns.text == ("Förslag",) and s.columns.id == "ID"
    assert list(s.frame[TEXT]) == ["Mer personal på helgerna behövs", "Bättre wifi i klassrummen tack"]


def test_empty_lines_between_rows_are_counted_in_a_note(tmp_path):
    p = tmp_path / "b.csv"
    p.write_text("Rapport 2026\n\nID;Enhet;Förslag\n1;A;Mer personal på helger\n\n2;B;Bättre wifi på kontoret\n"
                 "   \n3;C;Mer utbildning i dokumentation\n\n\n", encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == ["Mer personal på helger", "Bättre wifi på kontoret", "",
                                   "Mer utbildning i dokumentation"]  # the line of spaces is a row
    notes = [n for n in s.info.notes if getattr(n, "key", "") == "note_empty_lines"]
    assert len(notes) == 1 and notes[0].fields["n"] == 1  # not the one under the title, not the trailing ones


@pytest.mark.parametrize("how", ["whole", "stream", "single_pass"])
def test_rows_are_named_as_excel_shows_them_past_empty_lines(tmp_path, how):
    """Entirely empty lines are no rows, but Excel shows each as one: the rows named in sheets and messages
    count them (a title and an empty line above the header, a quoted cell over two lines, empty lines
    between and under the rows)."""
    p = tmp_path / "b.csv"
    p.write_text('Rapport 2026\n\nID;Enhet;Förslag\n1;A;Mer personal på helger\n\n2;B;"Bättre wifi\npå kontoret"\n'
                 "\n\n3;C;Mer utbildning\n4;D;Nya stolar\n\n", encoding="utf-8")
    if how == "whole":
        s = read_suggestions(p)
        frames, info = [s.frame], s.info
    else:
        _, info, chunks = iter_suggestions(p, single_pass=how == "single_pass", chunk_rows=2)
        frames = list(chunks)
    rows = [info.excel_row(int(r)) for f in frames for r in f["_row"]]
    assert info.header_row == 3 and rows == [4, 6, 9, 10]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("text, header, first_row", [
    (";;\n;;\n1;A;Mer personal på helgerna behövs verkligen\n2;B;Nya datorer till alla i arbetslaget\n", False, 3),  # no header, lines of only delimiters on top
    ('"Rapport\nexport 2026";;\n\nID;Enhet;Förslag\n1;A;Mer personal\n2;B;Nya datorer\n', None, 4),  # a title over two lines
])
def test_rows_excel_shows_under_padding_and_a_title_over_two_lines(tmp_path, stream, text, header, first_row):
    p = tmp_path / "b.csv"
    p.write_text(text, encoding="utf-8")
    if stream:
        _, info, chunks = iter_suggestions(p, header=header)
        frame = next(iter(chunks))
    else:
        s = read_suggestions(p, header=header)
        frame, info = s.frame, s.info
    assert [info.excel_row(int(r)) for r in frame["_row"]] == [first_row, first_row + 1]
    assert info.header_row == (0 if header is False else first_row - 1)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("option, value, line", [
    ("--delimiter", ";;", "Fel: --delimiter ska vara ett tecken (eller 'tab'), fick ';;'"),
    ("--encoding", "latin-9x", "Fel: --encoding: okänd teckenkodning 'latin-9x'; prova utf-8, cp1252 eller utf-16 "
                               "(eller utelämna flaggan: teckenkodningen känns igen)")])
def test_a_bad_delimiter_or_unknown_encoding_is_a_usage_error_in_both_readers(tmp_path, monkeypatch, stream, option,
                                                                              value, line):
    from typer.testing import CliRunner

    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    p = tmp_path / "f.csv"
    p.write_text("id;Förslag\n1;Fler vikarier\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["classify", str(p), option, value, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[-1] == line  # (what, and how to fix it)


@pytest.mark.parametrize("kind", ["xlsx", "documents"])
@pytest.mark.parametrize("option, value, line", [
    ("--delimiter", ";;", "Fel: --delimiter ska vara ett tecken (eller 'tab'), fick ';;'"),
    ("--encoding", "latin-9x", "Fel: --encoding: okänd teckenkodning 'latin-9x'; prova utf-8, cp1252 eller utf-16 "
                               "(eller utelämna flaggan: teckenkodningen känns igen)")])
def test_a_bad_delimiter_or_unknown_encoding_is_a_usage_error_for_a_workbook_or_reports_too(tmp_path, kind, option,
                                                                                           value, line):
    """The README: an unknown --encoding is a usage error (exit 2), as a bad --delimiter is. Only the CSV reader
    checked them, so with a workbook or a folder of reports a typo ran on to exit 0 (the same value in forbattra.toml
    is exit 4 whatever the input): now it is the same one line, before anything is read, and nothing is written."""
    import openpyxl
    from typer.testing import CliRunner

    if kind == "xlsx":
        src = tmp_path / "f.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["id", "Förslag"])
        wb.active.append([1, "Fler vikarier på helgerna"])
        wb.save(src)
    else:
        src = tmp_path / "rapporter"
        src.mkdir()
        (src / "a.md").write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["classify", str(src), option, value, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [line]
    assert not (tmp_path / "o.jsonl").exists()


def test_a_file_read_in_the_wrong_encoding_is_echoed_short_with_a_hint(tmp_path):
    """--encoding utf-16 on a UTF-8 export: the whole file decodes as one garbled header cell. The error
    quotes it shortened (not thousands of characters) and says the file is not in that encoding."""
    from typer.testing import CliRunner

    p = tmp_path / "google.csv"
    body = "".join(f"2025-03-{d:02d} 08:00:00,Hemtjanst Norr,Vi behover fler vikarier i hemtjansten under sommaren {d:02d}\n"
                   for d in range(1, 29))
    p.write_text("Tidstampel,Vilken enhet arbetar du pa?,Vad vill du forbattra?\n" + body, encoding="utf-8")
    assert p.stat().st_size % 2 == 0  # (ASCII in pairs: valid UTF-16, one garbled line)
    r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "utf-16", "-o", str(tmp_path / "o.jsonl")])
    line = _one_error_line(r, 3)
    assert len(line) - len(str(p)) < 400, len(line)
    assert line.startswith(f"Fel: {p}: hittade ingen kolumn med förslagstext när filen lästes som utf-16 (kolumner: '")
    assert "…" in line
    assert line.endswith("'); filen verkar inte vara i utf-16 utan i utf-8: utelämna --encoding (teckenkodningen "
                         "känns igen) eller ange rätt")


@pytest.mark.parametrize("stream", [False, True])
def test_a_file_that_cannot_be_decoded_in_the_encoding_given_is_named_with_the_one_it_looks_like(
        tmp_path, monkeypatch, stream):
    """--encoding utf-8 on Swedish Excel's Windows-1252 CSV: the README promises the encoding it looks like,
    not a hint to try utf-8, the encoding that just failed."""
    from typer.testing import CliRunner

    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    p = tmp_path / "export.csv"
    p.write_bytes("Förslags-ID;Enhet;Beskriv ditt förslag\n1;Hemtjänst Norr;Fler vikarier på helgerna\n"
                  .encode("cp1252"))
    r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "utf-8", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and "Traceback" not in r.stderr  # (the streaming reader says first that it streams)
    assert r.stderr.splitlines()[-1] == (f"Fel: {p}: kan inte läsa filen som utf-8 (byte 1); filen verkar inte vara "
                                         "i utf-8 utan i cp1252: utelämna --encoding (teckenkodningen känns igen) "
                                         "eller ange rätt")
    r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "utf-8", "--lang", "en",
                                 "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and r.stderr.splitlines()[-1] == (
        f"Error: {p}: cannot decode as utf-8 (byte 1); the file does not look like utf-8 but cp1252: leave out "
        "--encoding (the encoding is detected) or give the right one")


def test_a_header_of_long_questions_stays_the_header(tmp_path):
    """Values like 'Socialförvaltningen' look like column names; a header of survey questions still wins."""
    p = tmp_path / "survey.csv"
    p.write_text("Vilken förvaltning arbetar du inom?;På vilken avdelning arbetar du?;Beskriv ditt förslag så utförligt du kan\n"
                 "Socialförvaltningen;Avdelningen för stöd;Fler vikarier på helgerna så att vi hinner med\n"
                 "Utbildningsförvaltningen;Grundskoleavdelningen;Bättre ventilation i klassrummen\n"
                 "Socialförvaltningen;Avdelningen för stöd;Mer utbildning för nyanställda\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 1 and len(s.frame) == 3
    assert s.columns.text == ("Beskriv ditt förslag så utförligt du kan",)


def test_an_id_column_named_for_the_suggestion_is_not_the_text(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("Förslags-ID;Enhet;Beskrivning\n" + "".join(
        f"F-100{i};Skolan;Vi behöver fler vikarier på helgerna {i}\n" for i in range(6)), encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Beskrivning",) and s.columns.id == "Förslags-ID"


@pytest.mark.parametrize("first,second,header_row,text", [
    ("Enkät: Vad kan vi förbättra?;Period: 2026-01;Utskriven av: Admin", "Id;Enhet;Förslag", 2, "Förslag"),
    ("Fråga 1: Ditt förslag;Fråga 2: Din enhet;Fråga 3: Förvaltning",
     "Mer personal på helgerna;Avdelningen för stöd;Socialförvaltningen", 1, "Fråga 1: Ditt förslag"),
])
def test_key_value_rows_above_data(tmp_path, first, second, header_row, text):
    """A metadata row (even one holding a question) gives way to a row of column names below it; a
    header of 'Fråga 1: …' questions stays the header above a data row with unit names in it."""
    p = tmp_path / "kv.csv"
    rows = "Nya datorer till eleverna;Enheten för skola;Utbildningsförvaltningen\n" if header_row == 1 else \
        "1;Hemtjänst Norr;Mer personal på helgerna\n2;Skola Syd;Nya datorer till eleverna\n"
    p.write_text(f"{first}\n{second}\n{rows}", encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == header_row and s.columns.text == (text,)
    assert len(s.frame) == (2 if header_row == 2 else 2)


def test_short_answers_with_digits_are_still_the_text(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("Id;Förslag;Enhet\n1;Wifi 5G;Norr\n2;2 skärmar;Syd\n3;Mer lön;Norr\n4;Gym;Syd\n5;Rast 15 m;Väst\n"
                 "6;Fika;Syd\n", encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Förslag",)


@pytest.mark.parametrize("text,expect_header,expect_rows,expect_text", [
    ("Enkät: Personalenkät;Period: 2026;Utskriven av: Admin;Sida: 1;Version: 2\nLöpnummer;Enhet;Yrkesroll;Kön;Förslag\n"
     "1;Hemtjänst Norr;Undersköterska;K;Vi behöver fler bilar på morgonen\n2;Hemtjänst Syd;Sjuksköterska;M;Bättre scheman\n",
     2, 2, "Förslag"),
    ("Fråga 1: Ditt förslag;Fråga 2: Din förvaltning\nFörbättra schemat;Socialförvaltningen\n"
     "Fler datorer i personalrummet behövs verkligen;Barn- och utbildningsförvaltningen\n", 1, 2, "Fråga 1: Ditt förslag"),
])
def test_metadata_lines_and_question_headers(tmp_path, text, expect_header, expect_rows, expect_text):
    """A metadata line gives way to the header below even when that holds columns forbattra does not know
    (Yrkesroll, Kön); a header of 'Fråga 1: Ditt förslag' questions is a header, never its first data row."""
    p = tmp_path / "m.csv"
    p.write_text(text, encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == expect_header and len(s.frame) == expect_rows and s.columns.text == (expect_text,)


@pytest.mark.parametrize("first,second,text", [
    ("Rapport: Förbättringsförslag;Period: 2026", "Id;Enhet;Förslag", "Förslag"),
    ("Fråga: Vad vill du förbättra?;Period: 2026", "Id;Enhet;Svar", "Svar"),
    ("Enkät: Medarbetarenkät;Period: 2026", "Respondent;Fråga 1: Vilken enhet?;Fråga 2: Vad vill du förbättra?",
     "Fråga 2: Vad vill du förbättra?"),
])
def test_short_metadata_lines_give_way_to_the_header(tmp_path, first, second, text):
    p = tmp_path / "m.csv"
    p.write_text(f"{first}\n{second}\n1;Kök;Mer personal i köket på helger\n2;Städ;Bättre städmaterial behövs\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 2 and s.columns.text == (text,) and len(s.frame) == 2


@pytest.mark.parametrize("text", [
    "Q1: Avdelning;Q2: Förvaltning;Q3: Förslag\nAvdelning 4;Socialförvaltningen;Mer personal på helger\n"
    "Avdelning 5;Kulturförvaltningen;Bättre kaffe\n",
    "Fråga 1: Enhet;Fråga 2: Förslag\nEnhet Norr;Finns det möjlighet till fler möten\nEnhet Syd;Bättre kaffe\n",
    "Del 1: Avdelning;Del 2: Förvaltning;Del 3: Förslag\nAvdelning 4;Socialförvaltningen;Mer personal på helger\n"
    "Avdelning 5;Kulturförvaltningen;Bättre kaffe\n",
    "Punkt 1: Enhet;Punkt 2: Förslag\nEnhet Norr;Finns det möjlighet till fler möten\nEnhet Syd;Bättre kaffe\n",
])
def test_a_numbered_questionnaire_header_is_never_passed_over(tmp_path, text):
    p = tmp_path / "q.csv"
    p.write_text(text, encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 1 and len(s.frame) == 2 and "förslag" in s.columns.text[0].casefold()


def test_a_metadata_line_above_a_header_with_a_long_prompt(tmp_path):
    p = tmp_path / "l.csv"
    p.write_text("Rapport: Förslagslåda;Period: 2026;Utskriven av: Admin\nId;Enhet;Beskriv ditt förslag så utförligt som möjligt\n"
                 "1;Norr;Mer personal på helger\n2;Syd;Bättre kaffe i fikarummet\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.info.header_row == 2 and s.columns.text == ("Beskriv ditt förslag så utförligt som möjligt",) and len(s.frame) == 2


def test_a_file_of_names_alone_has_no_suggestion_column(tmp_path):
    """Only a "Namn" column of people: no text column (one line, exit 3), not the names classified and shown
    unmasked in a report that says it masks."""
    from forbattra.errors import ColumnError

    p = tmp_path / "namn.csv"
    p.write_text("Namn\nAnna Svensson\nBo Karlsson\n", encoding="utf-8")
    with pytest.raises(ColumnError, match="--text-column"):
        read_suggestions(p)


@pytest.mark.parametrize("header", ["Mejl", "Mail från medarbetare", "Namn", "Inlämnat av"])
def test_long_texts_under_a_people_header_are_still_the_suggestions(tmp_path, header):
    """A column named like a person column that holds long texts (pasted e-mails) is the text."""
    p = tmp_path / "m.csv"
    p.write_text(f"Datum,{header}\n2024-01-02,Vi behöver fler vikarier på helgerna eftersom det är svårt att hinna\n"
                 "2024-01-03,Bättre wifi i hela huset skulle göra dokumentationen mycket enklare\n", encoding="utf-8")
    assert read_suggestions(p).columns.text == (header,)


def test_short_suggestions_under_a_people_header_are_still_the_suggestions(tmp_path):
    """Short answers ("Fler datorer till eleverna") under "Mail från medarbetare" are texts, not names."""
    p = tmp_path / "k.csv"
    p.write_text("Enhet;Mail från medarbetare\nA;Fler datorer till eleverna\nB;Bättre wifi i hela huset\n"
                 "C;Nya stolar i fikarummet\nD;Mer personal på helgerna\nE;Bättre Wifi Nu Tack\n", encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Mail från medarbetare",)
    names = tmp_path / "n.csv"  # names as HR lists write them are names: no suggestions
    names.write_text("Namn\nSvensson, Anna\nLisa van Berg\nanna.berg@kommun.se\nBo Karlsson\n", encoding="utf-8")
    with pytest.raises(Exception, match="--text-column"):
        read_suggestions(names)
    roles = tmp_path / "r.csv"  # names with a role after a comma, a note in brackets, an Arabic particle
    roles.write_text("Enhet;Inlämnat av\nA;Anna-Karin Lindqvist, enhetschef\nB;Eva Lindström (HR)\n"
                     "C;Mohammed al-Hassan Karimi\nD;Bo-Göran Wästberg, sjuksköterska\n", encoding="utf-8")
    with pytest.raises(Exception, match="--text-column"):
        read_suggestions(roles)


@pytest.mark.parametrize("stream", [False, True])
def test_a_line_not_in_the_encoding_given_far_down_is_refused_by_both_readers(tmp_path, monkeypatch, stream):
    """--encoding utf-8 on a file whose later lines are Windows-1252 (two exports pasted together): the whole-file
    reader refused it (exit 3) but the streaming reader read those lines as Windows-1252 without a word — the same
    file and option gave a result or an error by its size. Both refuse now; without --encoding both read it."""
    import json

    from typer.testing import CliRunner

    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
        monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)  # the cp1252 lines in a later block than the sample
    p = tmp_path / "ihop.csv"
    head = "".join(f"{i};Hemtjänst Norr;Förslag nummer {i} om fler vikarier på helgerna\n" for i in range(1, 200))
    tail = "".join(f"{i};Hemtjänst Syd;Förslag nummer {i} om bättre wifi i personalrummet\n" for i in range(200, 260))
    p.write_bytes(("id;Enhet;Förslag\n" + head).encode("utf-8") + tail.encode("cp1252"))
    out = tmp_path / "o.jsonl"
    r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "utf-8", "-o", str(out)])
    assert r.exit_code == 3 and "Traceback" not in r.stderr and not out.exists()
    assert r.stderr.splitlines()[-1] == (f"Fel: {p}: rad 201 är inte i utf-8, som --encoding anger; "
                                         "utelämna --encoding (en fil med rader i olika teckenkodningar känns igen) "
                                         "eller ange rätt")
    r = CliRunner().invoke(app, ["classify", str(p), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 259 and rows[-1]["text"] == "Förslag nummer 259 om bättre wifi i personalrummet"


@pytest.mark.parametrize("order", ["utf-8 first", "cp1252 first", "bom"])
@pytest.mark.parametrize("stream", [False, True])
def test_a_file_of_two_encodings_names_the_line_the_second_begins_on_in_both_readers(tmp_path, monkeypatch, stream,
                                                                                      order):
    """A big export whose first megabyte was UTF-8 and whose later lines were Windows-1252 (two exports pasted
    together) was read in chunks: the reading line said "teckenkodning utf-8", those lines were read as
    Windows-1252 without a word, and nothing named where they begin. Both readers now name that line in a note
    (the line as an editor counts it), and the whole-file reader's reading line names both encodings."""
    import json

    from typer.testing import CliRunner

    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
        monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)  # the second encoding's lines after the first block
    head = "id;Enhet;Förslag\r\n" + "".join(f"{i};Hemtjänst Norr;Fler vikarier på helgerna, förslag {i}\r\n"
                                            for i in range(1, 200))
    tail = "".join(f"{i};Skolan;Bättre wifi i klassrummen, förslag {i}\r\n" for i in range(200, 260))
    first, second = ("cp1252", "utf-8") if order == "cp1252 first" else ("utf-8", "cp1252")
    data = head.encode(first) + tail.encode(second)
    p = tmp_path / "ihop.csv"
    p.write_bytes(b"\xef\xbb\xbf" + data if order == "bom" else data)
    out = tmp_path / "o.jsonl"
    r = CliRunner().invoke(app, ["classify", str(p), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    said = "utf-8-sig" if order == "bom" else first
    note = (f"  rad 201 är i {second}, inte i {said} som filens början: filen har rader i två teckenkodningar "
            "(två exporter i en fil?); varje rad lästes i sin egen")
    assert r.stderr.splitlines().count(note) == 1, r.stderr
    if not stream:  # (streamed, the reading line comes before those lines are read: the note, at the end, names them)
        both = "utf-8-sig+cp1252" if order == "bom" else "utf-8+cp1252"
        assert f"Läste {p} (text, teckenkodning {both}, avgränsare ';')" in r.stderr.splitlines()
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 259 and rows[0]["group"] == "Hemtjänst Norr" and rows[-1]["text"] == \
        "Bättre wifi i klassrummen, förslag 259"
    plain = tmp_path / "en.csv"  # a file in one encoding gets no such note
    plain.write_bytes((head + tail).encode(first))
    r = CliRunner().invoke(app, ["classify", str(plain), "-o", str(out)])
    assert r.exit_code == 0 and "teckenkodningar" not in r.stderr, r.stderr


@pytest.mark.parametrize("stream", [False, True])
def test_a_utf8_file_read_with_a_code_page_given_gets_a_note_and_a_real_code_page_file_none(tmp_path, monkeypatch,
                                                                                            stream):
    """--encoding cp1252 on a UTF-8 export: every å/ä/ö came out as 'Ã¥'/'Ã¤'/'Ã¶' without a word (a code page
    decodes any bytes). Both readers note it; a file that really is in cp1252 gets no note."""
    from typer.testing import CliRunner

    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    text = "id;Enhet;Förslag\n1;Hemtjänst Norr;Fler vikarier på helgerna\n2;Skolan;Bättre wifi i klassrummen\n"
    note = ("  obs: filen är giltig utf-8 men läses som cp1252, som --encoding anger, så å, ä och ö blir t.ex. 'Ã¥', "
            "'Ã¤', 'Ã¶'; utelämna --encoding om det är fel (teckenkodningen känns igen)")
    for data, said in ((text.encode("utf-8"), True), (text.encode("cp1252"), False)):
        p = tmp_path / "export.csv"
        p.write_bytes(data)
        r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "cp1252", "-o", str(tmp_path / "o.jsonl")])
        assert r.exit_code == 0, r.stderr
        assert (note in r.stderr.splitlines()) == said, r.stderr


def test_a_utf16_file_read_with_a_code_page_given_is_named_as_utf16(tmp_path):
    """--encoding cp1252 on Excel's "Unicode text" (UTF-16) said 'row 1 holds a NUL byte: looks like a binary
    file' — a code page decodes the NUL bytes without an error; it is named as the UTF-16 it is."""
    from typer.testing import CliRunner

    p = tmp_path / "unicode.csv"
    p.write_bytes("id\tFörslag\n1\tFler vikarier på helgerna\n".encode("utf-16"))
    r = CliRunner().invoke(app, ["classify", str(p), "--encoding", "cp1252", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[-1] == (f"Fel: {p}: kan inte läsa filen som cp1252 (byte 0); filen verkar inte vara i "
                                         "cp1252 utan i utf-16: utelämna --encoding (teckenkodningen känns igen) eller "
                                         "ange rätt")


@pytest.mark.parametrize("command", ["classify", "duplicates", "discover"])
@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".ndjson"])
def test_json_lines_are_no_table_to_read(tmp_path, command, suffix):
    """classify's own .jsonl given back as input was read as a comma-separated table: 'duplicates teman.jsonl'
    reported 38 groups made of JSON fragments ('"scores": {"it": 0.99}'), exit 0. A JSON file is now refused
    with one line that says what to give instead (the export itself; report reads classify's .jsonl)."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    runner = CliRunner()
    src = tmp_path / f"teman{suffix}"
    src.write_text('{"row": 1, "text": "Fler datorer i personalrummet, tack", "themes": ["it"], "scores": {"it": 0.99}}\n'
                   '{"row": 2, "text": "Bättre ventilation i matsalen", "themes": ["lokaler"], "scores": {"lokaler": 0.9}}\n',
                   encoding="utf-8")
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, [command, str(src), "-o", str(out)])
    assert r.exit_code == 3, (r.stderr, r.exception)
    assert r.stderr.strip().splitlines()[-1].startswith(f"Fel: {src}: en JSON-fil"), r.stderr
    assert "forbattra report" in r.stderr and "Traceback" not in r.stderr and not out.exists()


def test_bare_forslag_at_the_level_of_its_groups_heading_keeps_the_group(tmp_path):
    """Each group's "Förslag" styled Heading 1 like the group's own name above it (and any two headings of a
    plain-text report, which have no levels) gave every proposal the rubrik "Förslag": all the groups of the
    report became one unit, the file. The group is the heading of that level before it ("Bakgrund", which
    comes back in every chapter, names no group); one report's "Bakgrund" / "Förslag" / "Åtgärder" stays the file's."""
    from forbattra.inputs.documents import extract_proposals

    path = _docx(tmp_path / "rapport.docx", [
        ("h", "Arbetsgrupp 1 – Äldreomsorg"), ("h", "Bakgrund"), ("p", "Vi har träffats tre gånger under våren."),
        ("h", "Förslag"), ("b", "Inför digitala signeringslistor i hemtjänsten."), ("b", "Mer personal"),
        ("h", "Arbetsgrupp 2 – Skola"), ("h", "Bakgrund"), ("p", "Vi har träffats fyra gånger under hösten."),
        ("h", "Förslag"), ("b", "Fler läsplattor till mellanstadiet i Lyckeby.")])
    assert list(extract_proposals(path)["rubrik"]) == ["Arbetsgrupp 1 – Äldreomsorg"] * 2 + ["Arbetsgrupp 2 – Skola"]
    text = tmp_path / "rapport.txt"
    text.write_text("Arbetsgrupp 1 – Äldreomsorg\n\nFörslag\n\n1. Inför digitala signeringslistor i hemtjänsten.\n"
                    "2. Schemat läggs fyra veckor i förväg.\n\nArbetsgrupp 2 – Skola\n\nFörslag\n\n"
                    "1. Fler läsplattor till mellanstadiet i Lyckeby.\n", encoding="utf-8")
    assert list(extract_proposals(text)["rubrik"]) == ["Arbetsgrupp 1 – Äldreomsorg"] * 2 + ["Arbetsgrupp 2 – Skola"]
    one = _docx(tmp_path / "en.docx", [
        ("h", "Bakgrund"), ("p", "Vi har träffats tre gånger under våren."),
        ("h", "Förslag"), ("b", "Inför digitala signeringslistor i hemtjänsten."),
        ("h", "Åtgärder"), ("b", "Fler läsplattor till mellanstadiet i Lyckeby.")])
    assert list(extract_proposals(one)["rubrik"]) == ["Förslag", "Åtgärder"]


# A header row naming the same column twice: which one is read is said, and a name given for it is refused.

def _twice_xlsx(tmp_path, header, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    p = tmp_path / "tva.xlsx"
    wb.save(p)
    return p


def test_text_heading_twice_says_which_column_was_read(tmp_path):
    p = _twice_xlsx(tmp_path, ["Id", "Förslag", "Enhet", "Förslag"],
                    [[1, "Parkering", "Skola", "Vi behöver fler parkeringsplatser vid skolan för personalen"],
                     [2, "Kaffe", "Förskola", "Kaffemaskinen är trasig och behöver bytas ut snarast"]])
    s = read_suggestions(p)
    assert s.columns.text == ("Förslag (2)",)
    assert ("the heading 'Förslag' is on 2 columns (nos. 2, 4); column 4 was read as the text, the others are kept "
            "as 'Förslag': choose another with --text-column and the column's number") in s.info.notes
    assert list(s.frame[TEXT]) == ["Vi behöver fler parkeringsplatser vid skolan för personalen",
                                   "Kaffemaskinen är trasig och behöver bytas ut snarast"]
    assert read_suggestions(p, text_columns=["2"]).frame[TEXT].tolist() == ["Parkering", "Kaffe"]


def test_unit_heading_twice_says_which_column_was_read(tmp_path):
    p = _twice_xlsx(tmp_path, ["Id", "Enhet", "Förslag", "Enhet"],
                    [[1, "Skola", "Vi behöver fler parkeringsplatser vid skolan", "Område Norr"],
                     [2, "Förskola", "Kaffemaskinen är trasig och behöver bytas", "Område Syd"]])
    s = read_suggestions(p)
    assert s.columns.group == "Enhet"
    assert any(n.startswith("the heading 'Enhet' is on 2 columns (nos. 2, 4); column 2 was read as the group")
               for n in s.info.notes)
    assert read_suggestions(p, group_column="4").frame["_group"].tolist() == ["Område Norr", "Område Syd"]


def test_a_name_given_for_a_heading_written_twice_is_refused(runner, tmp_path):
    p = tmp_path / "tva.csv"
    p.write_text("Id;Förslag;Enhet;Förslag\n1;Fler parkeringsplatser vid skolan;Skola;Bättre belysning\n"
                 "2;Kaffemaskinen är trasig;Förskola;Nya stolar i personalrummet\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(p), "-t", "förslag", "-o", str(tmp_path / "ut.xlsx")])
    line = _one_error_line(r, 3)
    assert line == ("Fel: --text-column 'förslag': rubriken står på 2 kolumner (nr 2, 4); välj en med dess nummer, "
                    "till exempel --text-column 2")
    assert not (tmp_path / "ut.xlsx").exists()
    r = runner.invoke(app, ["classify", str(p), "-t", "4", "-o", str(tmp_path / "ut.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert '"text": "Bättre belysning"' in (tmp_path / "ut.jsonl").read_text(encoding="utf-8")


def test_a_heading_numbered_by_the_user_names_no_column_twice(runner, tmp_path):
    """classify's own output holds the second "Förslag" as "Förslag (2)", a heading of its own: read again (a
    re-run, a report), -t Förslag is that file's one column so named, not a heading written twice."""
    p = tmp_path / "egen.csv"
    p.write_text("Id;Förslag;Förslag (2)\n1;Fler parkeringsplatser vid skolan;Bättre belysning\n"
                 "2;Kaffemaskinen är trasig;Nya stolar i personalrummet\n", encoding="utf-8")
    s = read_suggestions(p, text_columns=["Förslag"])
    assert list(s.frame[TEXT]) == ["Fler parkeringsplatser vid skolan", "Kaffemaskinen är trasig"]
    assert not any("is on 2 columns" in n for n in read_suggestions(p).info.notes)


def test_a_heading_written_twice_is_said_by_the_streamed_reader_too(runner, tmp_path, monkeypatch):
    import forbattra.workflow as workflow

    p = tmp_path / "tva.csv"
    p.write_text("Id;Förslag;Enhet;Förslag\n" + "".join(
        f"{i};Fler parkeringsplatser vid skola {i};Skola;Bättre belysning i korridor {i}\n" for i in range(1, 30)),
        encoding="utf-8")
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    r = runner.invoke(app, ["classify", str(p), "--jobs", "1", "-o", str(tmp_path / "ut.jsonl")])
    assert r.exit_code == 0 and "i delar" in r.stderr, r.stderr
    assert "rubriken 'Förslag' står på 2 kolumner (nr 2, 4); som text lästes kolumn 2" in r.stderr
    r = runner.invoke(app, ["classify", str(p), "--jobs", "1", "-t", "Förslag", "-o", str(tmp_path / "ut2.jsonl")])
    assert r.exit_code == 3 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[-1].startswith("Fel: --text-column 'Förslag': rubriken står på 2 kolumner (nr 2, 4)")
    assert not (tmp_path / "ut2.jsonl").exists()


# An Apple Numbers document (a zip of Index/*.iwa parts; an older one a folder, a Mac "package"): one line naming
# it and how to export it, not a workbook reader's English error in parentheses or a folder of no reports.

def _numbers_zip(p):
    import zipfile

    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("Index/Document.iwa", b"\x00\x01\x02iwa")
        zf.writestr("Index/Tables/DataList.iwa", b"\x00\x01")
        zf.writestr("Metadata/Properties.plist", b"bplist00")
    return p


@pytest.mark.parametrize("name", ["forslag.numbers", "forslag.xlsx", "paket.numbers"])
def test_a_numbers_document_is_refused_saying_how_to_export_it(runner, tmp_path, name):
    p = tmp_path / name
    if name == "paket.numbers":
        (p / "Index").mkdir(parents=True)
        (p / "Index" / "Document.iwa").write_bytes(b"\x00\x01")
    else:
        _numbers_zip(p)
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "ut.xlsx")])
    line = _one_error_line(r, 3)
    assert line == (f"Fel: {p}: är ett Numbers-dokument, som inte kan läsas; öppna det i Numbers, välj Arkiv > "
                    "Exportera till > Excel och ge forbattra .xlsx-filen")
    assert not (tmp_path / "ut.xlsx").exists()
    r = runner.invoke(app, ["classify", str(p), "--lang", "en", "-o", str(tmp_path / "ut.xlsx")])
    assert r.exit_code == 3 and r.stderr.strip() == (
        f"Error: {p}: is an Apple Numbers document, which cannot be read; open it in Numbers, choose File > Export "
        "To > Excel and give forbattra the .xlsx file")


# Review 37-B. A table's total row ("Summa;3" under the rows) is no suggestion, and its label no id.

_TOTAL_TABLE = ("Id;Förslag;Enhet\n1;Bättre belysning i korridoren vid entrén;Skola A\n"
                "2;Fler cykelställ vid huvudentrén;Skola B\n3;Digitalt schema för personalen;Skola A\n")


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_a_total_row_is_read_as_an_empty_row_with_no_id_and_a_note(tmp_path, how):
    """"Summa;3;" under an export's rows was read as a suggestion with the id "Summa" (its count, "3", the text):
    `classify --store` kept it in the history as that id. It is read as the repeated header is: the row kept, every
    role empty, a note naming it. A short answer with an id of its own ("4;Totalt") is still that answer."""
    from forbattra.i18n import render
    from forbattra.inputs.tables import GROUP, ID

    p = tmp_path / "summa.csv"
    p.write_text(_TOTAL_TABLE + "4;Totalt;Skola B\nSumma;3;\n", encoding="utf-8")
    if how == "whole":
        s = read_suggestions(p)
        info, frame = s.info, s.frame
    else:
        _, info, frame = _streamed(p)
    assert list(frame["Id"]) == ["1", "2", "3", "4", "Summa"] and list(frame["Förslag"])[3:] == ["Totalt", "3"]
    assert list(frame[ID]) == ["1", "2", "3", "4", None]
    assert list(frame[TEXT])[3:] == ["Totalt", ""] and list(frame[GROUP])[3:] == ["Skola B", None]
    notes = [render(n, "sv") for n in info.notes if getattr(n, "key", "") == "note_total_rows"]
    assert notes == ["1 rad är tabellens summarad, inget förslag (rad 6, 'Summa'); den raden räknas som tom, "
                     "utan id, enhet och datum"]


@pytest.mark.parametrize("total", ["Totalt;12", "Summa enheter: 2;", ";Grand total", "Summa;2 st", "Totalt;2 förslag"])
def test_a_total_row_s_label_in_any_column_is_no_suggestion(tmp_path, total):
    p = tmp_path / "enheter.csv"
    p.write_text("Enhet;Förslag\nSkola A;Bättre belysning i korridoren\nSkola B;Fler cykelställ vid entrén\n"
                 + total + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 3 and list(s.frame[TEXT]) == ["Bättre belysning i korridoren", "Fler cykelställ vid entrén",
                                                         ""]
    assert [n.key for n in s.info.notes if getattr(n, "key", "") == "note_total_rows"] == ["note_total_rows"]


def test_classify_store_keeps_no_total_row_as_a_suggestion(runner, tmp_path):
    import json
    import sqlite3

    p = tmp_path / "summa.csv"
    p.write_text(_TOTAL_TABLE + "Summa;3;\n", encoding="utf-8")
    out, store = tmp_path / "ut.jsonl", tmp_path / "historik.db"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--store", str(store), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert "Läste 4 rader, klassificerade 3, tomma 1, inga förslag 0" in r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["row"], x["id"], x["status"]) for x in rows][-1] == (4, None, "empty")
    with sqlite3.connect(store) as db:
        ids = [i for (i,) in db.execute("SELECT source_id FROM suggestions ORDER BY export_row")]
    db.close()
    assert ids == ["1", "2", "3", None]


# Review 37-B. A one-column list whose texts hold a ';' ("Bättre belysning; fler lampor") is one column.

_SEMI_TEXTS = ["Bättre belysning; fler lampor i korridoren", "Nya stolar i personalrummet; de gamla är trasiga",
               "Mer fika på fredagar", "Fler cykelställ vid entrén", "Tyst rum för samtal"]


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_a_list_without_header_whose_first_text_holds_a_semicolon_is_one_column(tmp_path, how):
    """The sniffer kept ';' where the first line held one (for a header naming columns most rows leave empty): a
    list of texts without a header, its first text "Bättre belysning; fler lampor", was split in two columns,
    kolumn_2 chosen as the text, each text cut and the texts without a ';' read as empty rows (3 of 5 lost)."""
    from forbattra.inputs.tables import sniff_delimiter

    p = tmp_path / "lista.csv"
    p.write_text("\n".join(_SEMI_TEXTS) + "\n", encoding="utf-8")
    if how == "whole":
        s = read_suggestions(p)
        info, frame = s.info, s.frame
    else:
        _, info, frame = _streamed(p)
    assert list(frame[TEXT]) == _SEMI_TEXTS and info.one_column
    assert sniff_delimiter("Förslag; Kommentar\nEtt\nTvå\n") == ";"  # a header's names, a space after the ';'


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_delimiter_given_for_a_one_column_list_reads_its_texts_whole(runner, tmp_path, monkeypatch, how):
    """--delimiter ';' on a list of one column ("Förslag" over texts, a ';' in some): the header was taken for
    data, the texts cut at their ';' and those without one read as empty rows ("tomma 3"). The character splits
    no column there: the file is read as its one column, with a note that says so."""
    import json

    import forbattra.workflow as workflow

    if how == "streamed":
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(_SEMI_TEXTS) + "\n", encoding="utf-8")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "--delimiter", ";", "--jobs", "1", "-o", str(out)])
    assert r.exit_code == 0 and ("i delar" in r.stderr) == (how == "streamed"), r.stderr
    assert [json.loads(x)["text"] for x in out.read_text(encoding="utf-8").splitlines()] == _SEMI_TEXTS
    assert ("  --delimiter ';' delar inga kolumner i filen, bara texter (första gången på rad 2): filen har en kolumn "
            "och läses så, varje rad en hel text; utelämna --delimiter") in r.stderr.splitlines()
    assert "Läste 5 rader, klassificerade 5, tomma 0" in r.stderr and "(text, teckenkodning utf-8, en kolumn)" in r.stderr
    p.write_text("Förslag;Enhet\n" + "".join(f"{t};Skola\n" for t in _SEMI_TEXTS[2:]), encoding="utf-8")
    s = read_suggestions(p, delimiter=";")  # a table it splits: read as given
    assert s.columns.group == "Enhet" and list(s.frame[TEXT]) == _SEMI_TEXTS[2:]


@pytest.mark.parametrize("stream", [False, True])
def test_a_line_not_in_the_encoding_given_is_named_by_its_line(runner, tmp_path, monkeypatch, stream):
    """The refusal said "en rad längre ned i filen" of a file of a million lines: no line to look at. Both readers
    name the file's line as an editor shows it, Excel's "sep=;" line and \\r\\n line ends counted."""
    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
        monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)  # the line in a later block than the sample
    p = tmp_path / "ihop.csv"
    rows = "".join(f"{i};Förslag nummer {i} om fler vikarier på helgerna\r\n" for i in range(1, 300))
    p.write_bytes(("sep=;\r\nid;Förslag\r\n" + rows).encode("utf-8") + "300;Bättre wifi i fikarummet\r\n"
                  .encode("cp1252") + b"301;Mer fika\r\n")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "--encoding", "utf-8", "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3 and not out.exists()
    assert r.stderr.splitlines()[-1] == (f"Error: {p}: line 302 is not in utf-8, which --encoding gives; leave out "
                                         "--encoding (a file with lines in different encodings is recognised) or "
                                         "give the right one")


@pytest.mark.parametrize("stream", [False, True])
def test_a_row_written_with_another_delimiter_is_named(runner, tmp_path, monkeypatch, stream):
    """A line pasted from a comma export into a ';' file far down ("99999,Bättre kaffe,Skola 1") was one cell, the
    id column's: the suggestion an empty row, counted among "tomma" without a word. A note names the row and the
    delimiter it has; a text with a comma and a space ("Mer fika, gärna på fredagar") is no such row."""
    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
        monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)  # the line after the sample delimiter detection reads
    p = tmp_path / "export.csv"
    rows = "".join(f"{i};Förslag nummer {i} om fler vikarier på helgerna;Skola {i % 3}\n" for i in range(1, 200))
    p.write_text("Id;Förslag;Enhet\n" + rows + "200,Bättre kaffe i fikarummet,Skola 1\n201;Mer fika, gärna;Skola 2\n"
                 "Mer fika, gärna på fredagar\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "--jobs", "1", "-o", str(out)])
    assert r.exit_code == 0 and ("i delar" in r.stderr) == stream, r.stderr
    notes = [ln.strip() for ln in r.stderr.splitlines() if "mellan fälten" in ln]
    assert notes == ["1 rad har ',' mellan fälten där filen har ';' (rad 201; inklistrad från en annan export?): hela "
                     "raden lästes som en enda cell i första kolumnen, inte som sina fält — rätta den raden i filen "
                     "med ';'"]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 202


def _binary(tmp_path, kind):
    """A file of ``kind`` as the programs that make them write it."""
    import openpyxl

    if kind == "xlsx":
        wb = openpyxl.Workbook()
        wb.active.append(["Förslag", "Enhet"])
        wb.save(path := tmp_path / "forslag.xlsx")
    elif kind == "docx":
        docx = pytest.importorskip("docx")
        doc = docx.Document()
        doc.add_paragraph("Fler vikarier på helgerna")
        doc.save(path := tmp_path / "rapport.docx")
    else:
        (path := tmp_path / "rapport.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return path


@pytest.mark.parametrize("kind, named", [("xlsx", "en Excel-arbetsbok"), ("docx", "ett Word-dokument"),
                                         ("pdf", "en PDF")])
def test_a_workbook_given_as_config_or_taxonomy_is_named_as_what_it_is(runner, tmp_path, monkeypatch, kind, named):
    """'--config forslag.xlsx' said "inte UTF-8 (byte 0x.. på position 12; troligen sparad som Windows-1252/ANSI)":
    the user was sent to save a workbook as UTF-8. --taxonomy said "a workbook, a document or another binary file".
    Both name what the file is and what the option expects, exit 4, nothing written."""
    monkeypatch.chdir(tmp_path)
    path = _binary(tmp_path, kind)
    src = tmp_path / "in.csv"
    src.write_text("Förslag\nFler vikarier på helgerna\n", encoding="utf-8")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["--config", str(path), "classify", str(src), "-o", str(out)])
    assert _one_error_line(r, 4) == (f"Fel: {path}: är {named}, ingen textfil; en konfigurationsfil är text, TOML eller "
                                     'YAML (t.ex. forbattra.toml med [classify] och under det taxonomy = "huset")')
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(path), "-o", str(out)])
    assert _one_error_line(r, 4) == (f"Fel: {path}: är {named}, ingen textfil; ange taxonomins YAML-fil "
                                     "(forbattra taxonomy init skriver en)")
    assert not out.exists()


def test_a_total_row_s_uncomputed_count_does_not_refuse_the_workbook(runner, tmp_path):
    """A workbook a script wrote (openpyxl, a report generator: formulas without their values) with a total row
    under its rows, "Summa" and =ANTAL(B2:B3) in the text column, was refused whole (exit 3, "1 formel utan beräknat
    värde ... rad 4"): the only formula nobody computed is the total row's count, no suggestion. It is read as the
    total row it is; an uncomputed formula in a suggestion's row is still refused."""
    import json

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Id", "Förslag", "Enhet"])
    ws.append([1, "Bättre belysning i korridoren", "Skola A"])
    ws.append([2, "Fler cykelställ vid entrén", "Skola B"])
    ws.append(["Summa", "=COUNTA(B2:B3)", None])
    p = tmp_path / "skript.xlsx"
    wb.save(p)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert "1 rad är tabellens summarad, inget förslag (rad 4, 'Summa')" in r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["id"], x["status"]) for x in rows] == [("1", "ok"), ("2", "ok"), (None, "empty")]
    ws["B3"] = '=CONCATENATE("Fler cykelställ ", "vid entrén")'
    wb.save(p)
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 3 and "1 formel utan beräknat värde (första: rad 3)" in r.stderr


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_a_total_row_whose_count_says_what_it_counts_is_a_total_row(tmp_path, how):
    """"Summa;2 st;" (the count with its word, as Swedish exports write it) was not taken for a total row: only a
    bare number beside the label was. The row had the id "Summa" again, its "2 st" a non-suggestion."""
    from forbattra.i18n import render
    from forbattra.inputs.tables import ID

    p = tmp_path / "summa.csv"
    p.write_text(_TOTAL_TABLE + "Summa;3 st;\nTotalt antal förslag: 3;;\n4;2 st;Skola A\n", encoding="utf-8")
    if how == "whole":
        s = read_suggestions(p)
        info, frame = s.info, s.frame
    else:
        _, info, frame = _streamed(p)
    assert list(frame[ID]) == ["1", "2", "3", None, None, "4"] and list(frame[TEXT])[3:] == ["", "", "2 st"]
    assert [render(n, "sv") for n in info.notes if getattr(n, "key", "") == "note_total_rows"] == [
        "2 rader är tabellens summarader, inga förslag (första: rad 5, 'Summa'); de raderna räknas som tomma, utan id, "
        "enhet och datum"]


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_excel_s_subtotal_rows_are_no_units(tmp_path, how):
    """Excel's Data > Subtotal (Delsummor) puts "Skola A Antal" and its count under each unit's rows, "Totalt antal"
    under all: each subtotal row was a unit of its own ("Skola A Antal" in Tema per enhet beside Skola A), its count a
    non-suggestion. They are total rows now. A text that ends in such a word ("Minska det totala antal", a count
    beside it) is still a text."""
    from forbattra.inputs.tables import GROUP

    p = tmp_path / "delsummor.csv"
    p.write_text("Id;Förslag;Enhet\n1;Bättre belysning i korridoren;Skola A\n2;Nya stolar i personalrummet;Skola A\n"
                 ";2;Skola A Antal\n3;Fler cykelställ vid entrén;Skola B\n;1;Skola B Antal\n;3;Totalt antal\n",
                 encoding="utf-8")
    s = read_suggestions(p) if how == "whole" else None
    frame = s.frame if s else _streamed(p)[2]
    assert list(frame[GROUP]) == ["Skola A", "Skola A", None, "Skola B", None, None]
    assert list(frame[TEXT]) == ["Bättre belysning i korridoren", "Nya stolar i personalrummet", "",
                                 "Fler cykelställ vid entrén", "", ""]
    p.write_text("Förslag;Röster\nFler vikarier på helgerna;4\nMinska det totala antal;3\n", encoding="utf-8")
    s = read_suggestions(p) if how == "whole" else None
    frame = s.frame if s else _streamed(p)[2]
    assert list(frame[TEXT]) == ["Fler vikarier på helgerna", "Minska det totala antal"]


def test_a_semicolon_far_down_a_big_one_column_list_is_the_text_s_when_streamed(runner, tmp_path, monkeypatch):
    """A list of one column bigger than the first megabyte the streaming reader detects on, a "; " in a text below
    it ("Mer fika; gärna på fredagar"): the streaming reader took ';' (found in none of the sampled lines) to read
    the list with, and cut that text at it, " gärna på fredagar" moved to a column of its own without a word; the
    whole-file reader, which picks the delimiter found least in all of the file, kept it whole. Both do so now."""
    import json

    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)
    texts = [f"Bättre belysning i korridoren nummer {i}" for i in range(1, 300)] + ["Mer fika; gärna på fredagar",
                                                                                    "Fler raster"]
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    _, info, frame = _streamed(p)
    assert list(frame[TEXT]) == texts == list(read_suggestions(p).frame[TEXT]) and info.one_column
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    out = tmp_path / "ut.jsonl"
    for given in ([], ["--delimiter", ";"]):
        r = runner.invoke(app, ["classify", str(p), "--jobs", "1", "-o", str(out), *given])
        assert r.exit_code == 0 and "i delar" in r.stderr, r.stderr
        assert [json.loads(x)["text"] for x in out.read_text(encoding="utf-8").splitlines()] == texts
        assert ("bara texter (första gången på rad 301)" in r.stderr) == bool(given)


@pytest.mark.parametrize("bom", [False, True])
def test_dos_lines_after_the_first_megabyte_of_utf8_are_read_as_dos_by_both_readers(tmp_path, bom):
    """An export of UTF-8 lines with a DOS (cp850) export pasted below: in a small file those lines were read as
    cp850, but where they began after the first megabyte both readers read them as Windows-1252 ('™nskar fler
    m”ten'), and after a byte-order mark always so: the code page is now chosen on the lines that are not UTF-8,
    wherever in the file they begin, and the streaming reader chooses it as the whole-file reader does."""
    head = "Id;Enhet;Förslag\r\n" + "".join(f"{i};Hemtjänst;Förslag nummer {i} om schemaläggning och personalrum\r\n"
                                           for i in range(1, 16001))
    tail = "".join(f"{i};Förskolan;Önskar fler möten för ökad trivsel på förskolan, förslag {i}\r\n"
                   for i in range(16001, 16031))
    data = head.encode("utf-8") + tail.encode("cp850")
    p = tmp_path / "ihop.csv"
    p.write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    assert p.stat().st_size > 1_048_576  # (the DOS lines after the streaming reader's first block)
    whole = read_suggestions(p)
    cols, info, frame = _streamed(p)
    both = "utf-8-sig+cp850" if bom else "utf-8+cp850"
    assert whole.info.encoding == info.encoding == both
    assert whole.frame[TEXT].iloc[-1] == "Önskar fler möten för ökad trivsel på förskolan, förslag 16030"
    assert frame.reset_index(drop=True).equals(whole.frame.reset_index(drop=True))
    note = [str(n) for n in info.notes if "two encodings" in str(n)]
    assert note == [str(n) for n in whole.info.notes if "two encodings" in str(n)] and "line 16002 is in cp850" in note[0]


@pytest.mark.parametrize("how", ["whole", "streamed"])
def test_a_cell_of_only_invisible_characters_is_empty(runner, tmp_path, how):
    """A cell that looks empty in Excel but holds a character no one sees — a zero-width space, a byte-order
    mark, a word joiner or a soft hyphen pasted from a web form or Teams — was read as a text: its row counted as
    an answer that is no suggestion ('inga förslag'), not as the empty row the user sees, and `train` trained on
    it. It is empty now, as a cell of spaces is; a text with such a character among its words keeps it."""
    import json

    lines = ["Id;Förslag;Enhet", "1;Fler vikarier till sommaren;\u200b", "2;\u200b;A", "3;\ufeff\u00a0;A",
             "4;\u2060\u00ad;A", "5;Tyst\u200brum behövs för samtal;A"]
    p = tmp_path / "osynligt.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_suggestions(p).frame if how == "whole" else _streamed(p)[2]
    assert list(frame[TEXT]) == ["Fler vikarier till sommaren", "", "", "", "Tyst\u200brum behövs för samtal"]
    assert frame["_group"].iloc[0] is None
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["status"] for x in out.read_text(encoding="utf-8").splitlines()] == \
        ["ok", "empty", "empty", "empty", "ok"]
    assert "tomma 3, inga förslag 0" in r.stderr


def _export_file(tmp_path, kind: str, rows: list, monkeypatch=None) -> Path:
    """``rows`` (None an empty cell) as an .xlsx, a .csv, or a .csv read by the streamed reader (``monkeypatch``)."""
    import openpyxl

    import forbattra.workflow as workflow

    if kind == "xlsx":
        p = tmp_path / "export.xlsx"
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(p)
        return p
    p = tmp_path / "export.csv"
    p.write_text("".join(";".join("" if v is None else str(v) for v in row) + "\n" for row in rows), encoding="utf-8")
    if kind == "streamed":
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    return p


@pytest.mark.parametrize("kind", ["xlsx", "csv", "streamed"])
def test_a_column_number_counts_the_columns_as_excel_shows_them(runner, tmp_path, monkeypatch, kind):
    """An export with an empty spacer column (A Id, B empty, C Förslag, D Enhet, E Kommentar): '-g 4', column D
    as Excel shows it, read E ('Kommentar') as the unit, the number counted without the empty column, and a
    column without a name in D was called 'Kolumn 3'. A column's number is its place in the file now, in the
    names and the notes too; the empty column's number is refused, one line, exit 3."""
    import json



    rows = [["Id", None, "Förslag", "Enhet", "Kommentar", None],
            [1, None, "Fler vikarier till sommaren", "Skola A", "ok", "x"],
            [2, None, "Tyst rum behövs för samtal", "Skola B", "bra", "y"]]
    p = _export_file(tmp_path, kind, rows, monkeypatch)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-g", "4", "--person-column", "6", "-o", str(out), "--jobs", "1"])
    assert r.exit_code == 0, r.stderr
    assert "enhet='Enhet'" in r.stderr and "person='Kolumn 6'" in r.stderr
    assert [json.loads(x)["group"] for x in out.read_text(encoding="utf-8").splitlines()] == ["Skola A", "Skola B"]
    r = runner.invoke(app, ["classify", str(p), "-g", "2", "-o", str(tmp_path / "ut2.jsonl")])
    assert r.exit_code == 3 and "Traceback" not in r.output, r.stderr
    line = r.stderr.splitlines()[-1]
    assert line.startswith("Fel:") and "kolumn nummer 2 är tom" in line and "--group-column" in line
    assert not (tmp_path / "ut2.jsonl").exists()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_column_name_given_matches_a_header_cell_holding_a_character_no_one_sees(runner, tmp_path, lang):
    """A header exported from a web form with a zero-width space or word joiner in its cells ('Förslag\\u200b'):
    the columns were found by their names, but '-t Förslag -g Enhet' was refused, 'kolumnen 'Förslag' finns
    inte; kolumner i filen: … 'Förslag\\u200b' …' — a name no one can type. A name given matches the header as
    Excel shows it, without such characters."""
    import json

    import openpyxl

    p = tmp_path / "webbformular.xlsx"
    wb = openpyxl.Workbook()
    for row in (["Id\u200b", "Förslag\u200b", "Enhet\u2060", "Kommentar"],
                [1, "Fler vikarier till sommaren", "Skola A", "Längre text här som inte är förslaget alls"],
                [2, "Tyst rum behövs för samtal", "Skola B", "Ännu en kommentar som är lång och inte förslag"]):
        wb.active.append(row)
    wb.save(p)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-t", "förslag", "-g", "ENHET", "--id-column", "Id", "-o", str(out),
                            "--no-duplicates", "--lang", lang])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(o["id"], o["text"], o["group"]) for o in rows] == \
        [("1", "Fler vikarier till sommaren", "Skola A"), ("2", "Tyst rum behövs för samtal", "Skola B")]


def test_a_second_header_row_of_answer_labels_beside_a_column_s_name_is_no_suggestion(runner, tmp_path):
    """A survey export's two header rows, the questions above and below them the answers' labels ('Öppet svar',
    'Svar') beside the respondent column's own name ('ID' under 'Respondent', over its numbers): the second row
    was read as the first suggestion, 'Öppet svar' sorted into a theme and 'Svar' counted as a unit. It is the
    header's second row now, as where the respondent's cell below is left empty."""
    import json

    p = tmp_path / "enkat.csv"
    p.write_text("Respondent;Vad vill du förbättra?;Var arbetar du?\nID;Öppet svar;Svar\n"
                 "101;Fler vikarier till sommaren;Hemtjänst\n102;Tyst rum behövs för samtal;Skola\n", encoding="utf-8")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(o["id"], o["text"], o["group"]) for o in rows] == \
        [("101", "Fler vikarier till sommaren", "Hemtjänst"), ("102", "Tyst rum behövs för samtal", "Skola")]
    assert "Läste 2 rader" in r.stderr


def test_a_text_column_empty_but_for_a_zero_width_space_is_still_found(runner, tmp_path):
    """An export whose 'Förslag' column is empty in every row (the export job left the texts out), one cell holding
    a zero-width space: refused, 'hittade ingen kolumn med förslagstext … ange den med --text-column', while the same
    file with that cell empty is read, every row counted as empty. Column detection sees such a cell as empty too."""
    p = tmp_path / "tom.csv"
    p.write_text("Id;Förslag;Enhet\n1;;A\n2;\u200b;B\n3;;C\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "ut.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert "text='Förslag'" in r.stderr and "tomma 3" in r.stderr


def test_a_date_cell_with_a_superscript_digit_is_no_date_not_a_crash():
    """'2026010²' (eight characters Python calls digits, one int() cannot read) stopped the run with a traceback."""
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["2026010²", "20260105"]) == [None, "2026-01-05"]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "streamed"])
def test_a_column_letter_names_the_column_excel_shows_under_it(runner, tmp_path, monkeypatch, kind):
    """'-t D', the column's letter as Excel shows it over the column, was refused, 'kolumnen 'D' finns inte',
    while '-t 4' counted the same columns. A letter (any case) names the column Excel shows under it (an empty
    column between counted, and refused as empty); a column really named 'D' is still taken by its name."""
    import json



    rows = [["Id", None, "Kommentar", "Förslag", "Enhet"],
            [1, None, "ok", "Fler vikarier till sommaren", "Skola A"],
            [2, None, "bra", "Tyst rum behövs för samtal", "Skola B"]]
    p = _export_file(tmp_path, kind, rows, monkeypatch)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-t", "D", "-g", "e", "--id-column", "A", "-o", str(out),
                            "--jobs", "1", "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert "text='Förslag'" in r.stderr and "enhet='Enhet'" in r.stderr
    assert [(o["id"], o["text"], o["group"]) for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())] \
        == [("1", "Fler vikarier till sommaren", "Skola A"), ("2", "Tyst rum behövs för samtal", "Skola B")]
    r = runner.invoke(app, ["classify", str(p), "-g", "B", "-o", str(tmp_path / "ut2.jsonl")])
    assert r.exit_code == 3 and "Traceback" not in r.output, r.stderr
    line = r.stderr.splitlines()[-1]
    assert line.startswith("Fel:") and "kolumn B är tom" in line and "--group-column" in line
    assert not (tmp_path / "ut2.jsonl").exists()
    r = runner.invoke(app, ["classify", str(p), "-g", "b", "-o", str(tmp_path / "ut2.jsonl"), "--lang", "en"])
    assert r.exit_code == 3 and "column B is empty" in r.stderr, r.stderr
    r = runner.invoke(app, ["classify", str(p), "-g", "H", "-o", str(tmp_path / "ut3.jsonl"), "--lang", "en"])
    assert r.exit_code == 3 and "there is no column H" in r.stderr and "A–E" in r.stderr, r.stderr


def test_a_column_named_like_a_letter_is_taken_by_its_name(runner, tmp_path):
    """A column really headed 'B' is the one '-g B' names, not Excel's column B."""
    import json

    p = tmp_path / "export.csv"
    p.write_text("Förslag;A;B\nFler vikarier till sommaren;Skola A;x\nTyst rum behövs för samtal;Skola B;y\n",
                 encoding="utf-8")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-t", "a", "-g", "B", "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert [(o["text"], o["group"]) for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())] \
        == [("Skola A", "x"), ("Skola B", "y")]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "streamed"])
def test_a_header_cell_of_only_a_character_no_one_sees_is_a_column_without_a_name(runner, tmp_path, monkeypatch,
                                                                                  kind):
    """A header cell holding only a zero-width space (a web form's export) was the column's name: the run said
    "text='\\u200b'" and "kolumner i filen: 'Id', 'Enhet', '\\u200b' …", a name no one can see or type. Such a cell is
    an empty heading, as Excel shows it: the column is *Kolumn 3*, as one without a name is, and one with nothing
    under it either is padding, left out."""
    import json



    head = ["Id", "Enhet", "\u200b", "Kommentar", "\u200b\ufeff"]
    rows = [head, [1, "Skola A", "Fler vikarier till sommaren behövs verkligen", "ok", None], head,
            [2, "Skola B", "Tyst rum behövs för samtal med föräldrar", "bra", None]]
    p = _export_file(tmp_path, kind, rows, monkeypatch)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--jobs", "1", "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    assert "text='Kolumn 3'" in r.stderr and "\\u200b" not in r.stderr, r.stderr
    assert "rubrikraden står igen på 1 rad längre ner (rad 3" in r.stderr  # (the export pasted twice: still known)
    assert [(o["id"], o["text"]) for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())] == \
        [("1", "Fler vikarier till sommaren behövs verkligen"), (None, ""), ("2", "Tyst rum behövs för samtal med föräldrar")]
    r = runner.invoke(app, ["classify", str(p), "-t", "Förslag", "-o", str(tmp_path / "ut2.jsonl")])
    assert r.exit_code == 3, r.stderr
    line = r.stderr.splitlines()[-1]
    assert "kolumner i filen: 'Id', 'Enhet', 'Kolumn 3', 'Kommentar';" in line, line


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_second_header_row_of_questions_under_short_names_is_no_suggestion(runner, tmp_path, kind):
    """A survey export with the columns' short names on its first row and the questions asked on its second ('Beskriv
    ditt förslag' under 'Förslag', 'Vilken enhet arbetar du på?' under 'Enhet'), the respondent's id left empty
    there: the question row was read as the first suggestion, sorted into a theme, 'Vilken enhet arbetar du på?'
    counted as a unit. It is the header's second row now, said in a note; the short names stay the columns' names
    (-t Förslag still finds its column), and a real row without its id, 'Enhet Norr' beside its proposal, is kept."""
    import json

    rows = [["Id", "Förslag", "Enhet"], ["", "Beskriv ditt förslag", "Vilken enhet arbetar du på?"],
            ["1", "Fler vikarier till sommaren", "Skola A"], ["2", "Tyst rum behövs för samtal", "Skola B"],
            ["3", "Bättre introduktion för nya", "Skola A"]]
    p = _export_file(tmp_path, kind, rows)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-t", "Förslag", "-g", "enhet", "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    got = [(o["id"], o["text"], o["group"]) for o in map(json.loads, out.read_text(encoding="utf-8").splitlines())]
    assert got == [("1", "Fler vikarier till sommaren", "Skola A"), ("2", "Tyst rum behövs för samtal", "Skola B"),
                   ("3", "Bättre introduktion för nya", "Skola A")]
    assert "Läste 3 rader" in r.stderr and "raden med frågorna är inget förslag" in r.stderr, r.stderr


def test_a_first_row_without_its_id_naming_its_columns_words_is_still_a_suggestion(tmp_path):
    """('Enhet Norr' under 'Enhet', 'Förslag om fler vikarier' under 'Förslag', the id left empty: a suggestion,
    no question.)"""
    p = tmp_path / "export.csv"
    p.write_text("Id;Förslag;Enhet\n;Förslag om fler vikarier till sommaren;Enhet Norr\n"
                 "1;Tyst rum behövs för samtal;Skola B\n2;Bättre introduktion för nya;Skola A\n", encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == ["Förslag om fler vikarier till sommaren", "Tyst rum behövs för samtal",
                                   "Bättre introduktion för nya"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("given", ["D", "d", "4"])
def test_the_label_column_is_taken_by_its_letter_or_number_as_the_other_columns_are(runner, tmp_path, kind, given):
    """'-l D' (or '-l 4') on an export with an empty spacer column (A Id, B empty, C Förslag, D Kategori): the
    other column options take a column's letter or number as Excel heads it, but --label-column was refused,
    'kolumnen 'D' finns inte', exit 3. It is the column D now, for taxonomy init --from-labels, train and
    evaluate alike; a letter past the last column is refused as the other options refuse it."""
    rows = [["Id", None, "Förslag", "Kategori"]] + [
        [i, None, text, ["Lokaler", "Bemanning"][i % 2]] for i, text in enumerate(ROWS, start=1)]
    p = _export_file(tmp_path, kind, rows)
    out = tmp_path / "egna.yaml"
    r = runner.invoke(app, ["taxonomy", "init", str(out), "--from-labels", str(p), "-l", given])
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "Lokaler" in text and "Bemanning" in text
    r = runner.invoke(app, ["evaluate", str(p), "-l", given, "--taxonomy", str(out)])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["taxonomy", "init", str(tmp_path / "z.yaml"), "--from-labels", str(p), "-l", "G"])
    line = _one_error_line(r, 3)
    assert "--label-column" in line and "'G'" not in line and "D" in line
    assert not (tmp_path / "z.yaml").exists()


@pytest.mark.parametrize("name", ["forslag.csv", "forslag.tsv", "forslag.xlsm"])
def test_an_export_other_than_xlsx_open_in_excel_is_named_before_it_is_read(runner, tmp_path, name):
    """A .csv (or .tsv, .xlsm) export open in Excel with rows typed in and not saved: Excel keeps its lock file
    '~$forslag.csv' beside it as beside a workbook, but only an .xlsx was named, so the rows typed were left out
    without a word. Named once, as for an .xlsx; nothing without a lock file."""
    import openpyxl

    src, out = tmp_path / name, tmp_path / "teman.jsonl"
    if name.endswith(".xlsm"):
        wb = openpyxl.Workbook()
        for i, t in enumerate(ROWS, start=1):
            wb.active.append(["id", "Förslag"] if i == 1 else [i, t])
        wb.save(src)
    else:
        sep = ";" if name.endswith(".csv") else "\t"
        src.write_text(f"id{sep}Förslag\n" + "".join(f"{i}{sep}{t}\n" for i, t in enumerate(ROWS, start=1)),
                       encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0 and "öppen i Excel" not in r.stderr, r.stderr
    (tmp_path / f"~${name}").write_bytes(b"\x05Anna" + b" " * 50)
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    warning = f"{src} verkar vara öppen i Excel (~${name} finns bredvid): det som skrivits in sedan filen sparades"
    assert r.exit_code == 0 and r.stderr.count(warning) == 1, r.stderr


@pytest.mark.parametrize("given", ["TAB", "Tab", "tabb", "semikolon", "Semicolon", "komma", "COMMA"])
def test_a_delimiter_named_in_capitals_or_in_swedish_is_that_delimiter(runner, tmp_path, given):
    """'--delimiter TAB' (or 'semikolon', 'komma', as a Swedish user names them) was refused, exit 2, 'ska vara ett
    tecken (eller 'tab')', although 'tab' and 'semicolon' are names the reader takes: a name in any case, and in
    Swedish, is its character, in both readers."""
    sep = {"t": "\t", "s": ";", "c": ",", "k": ","}[given[0].lower()]
    p = tmp_path / "export.txt"
    p.write_text(f"Id{sep}Enhet{sep}Förslag\n" + "".join(f"{i}{sep}Enhet {i}{sep}{t}\n" for i, t in enumerate(ROWS, 1)),
                 encoding="utf-8")
    for stream in (False, True):
        if stream:
            _cols, _info, chunks = iter_suggestions(p, delimiter=given)
            frame = pd.concat(list(chunks))
        else:
            frame = read_suggestions(p, delimiter=given).frame
        assert list(frame[TEXT]) == ROWS and len(frame) == 8
    r = runner.invoke(app, ["classify", str(p), "--delimiter", given, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
