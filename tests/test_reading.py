import csv
import json

import pytest

from forbattra.errors import ColumnError, InputFileError
from forbattra.inputs.tables import (GROUP, ID, ROW, TEXT, DATE, decode_bytes, iter_suggestions, read_suggestions,
                                     sniff_delimiter)
from forbattra.cli import app


def test_cp1252_semicolon_csv(data_dir):
    s = read_suggestions(data_dir / "forslag_cp1252.csv")
    assert s.info.encoding == "cp1252" and s.info.delimiter == ";"
    assert s.columns.text == ("Beskriv ditt förslag",)
    assert (s.columns.id, s.columns.group, s.columns.date) == ("Löpnummer", "Enhet", "Datum")
    assert len(s.frame) == 8
    assert list(s.frame[ROW]) == list(range(1, 9))
    assert s.frame[GROUP].iloc[4] == "Äldreboendet Solgården"
    assert s.frame[TEXT].iloc[4] == ""
    assert s.frame[DATE].iloc[0] == "2026-01-12"


def test_utf16_tab_text(data_dir):
    s = read_suggestions(data_dir / "forslag_utf16.txt")
    assert s.info.encoding == "utf-16" and s.info.delimiter == "\t"
    assert s.columns.text == ("Synpunkt",) and s.columns.group == "Avdelning" and s.columns.id == "ID"
    assert s.frame[TEXT].iloc[1].startswith("Personalrummet")


def test_xlsx_title_rows_second_sheet_and_joined_columns(data_dir):
    s = read_suggestions(data_dir / "forslag_titlerows.xlsx", text_columns=["Problem", "Förslag på lösning"])
    assert s.info.sheet == "Data" and s.info.header_row == 4
    assert s.original_columns == ["Förslagsnummer", "Enhet", "Problem", "Förslag på lösning"]
    assert s.frame[TEXT].iloc[0].startswith("Problem: Vi behöver fler vika\nVi behöver fler vikarier")
    assert s.frame[ID].iloc[0] == "1"


def test_header_only_is_zero_rows(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("id;Förslag;Enhet\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 0 and s.columns.text == ("Förslag",)


@pytest.mark.parametrize("lines, texts", [
    # no header: both suggestions (the first was taken for the header, read as 1 row, unsaid)
    (["Anna tycker att vi behöver fler vikarier på helgerna", "Mer utbildning i dokumentation för nyanställda"],
     ["Anna tycker att vi behöver fler vikarier på helgerna", "Mer utbildning i dokumentation för nyanställda"]),
    (["1;Hemtjänst Norr;Vi behöver fler vikarier på helgerna", "2;Hemtjänst Syd;Mer utbildning i dokumentation"],
     ["Vi behöver fler vikarier på helgerna", "Mer utbildning i dokumentation"]),
    # one line: the suggestion (was: "no text column", exit 3)
    (["Vi behöver fler vikarier på helgerna i hemtjänsten"], ["Vi behöver fler vikarier på helgerna i hemtjänsten"]),
    # a header stays one, short or long, over a single suggestion
    (["Förslag", "Mer utbildning i dokumentation för nyanställda"], ["Mer utbildning i dokumentation för nyanställda"]),
    (["Synpunkter och förslag från personalen på enheten", "Mer utbildning för nyanställda"],
     ["Mer utbildning för nyanställda"]),
    (["Beskriv ditt förslag så utförligt du kan", "Mer utbildning för nyanställda"], ["Mer utbildning för nyanställda"]),
])
def test_a_file_of_one_or_two_lines_keeps_every_suggestion(tmp_path, lines, texts):
    p = tmp_path / "f.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert list(read_suggestions(p).frame[TEXT]) == texts


def test_longest_text_fallback_and_duplicate_columns(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,a,b\n1,kort,Det här är en lång fritext om att lokalerna är för små\n"
                 "2,kort,Vi behöver fler vikarier på helgerna när folk är sjuka\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.original_columns == ["a", "a (2)", "b"]
    assert s.columns.text == ("b",) and s.columns.text_reason == "longest text"


def test_missing_column_lists_found(data_dir):
    with pytest.raises(ColumnError) as e:
        read_suggestions(data_dir / "forslag_cp1252.csv", text_columns=["Finns inte"])
    assert "columns found: 'Löpnummer', 'Enhet', 'Datum', 'Beskriv ditt förslag'" in str(e.value)


@pytest.mark.parametrize("content,name,needle", [
    (b"", "tom.csv", "empty (0 bytes)"),
    (bytes(range(256)) * 4, "slump.xlsx", "not a valid .xlsx"),
    (b"\x00\x01\x02binary\x00" * 50, "slump.csv", "binary file"),
])
def test_bad_files(tmp_path, content, name, needle):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputFileError) as e:
        read_suggestions(p)
    assert needle in str(e.value) and name in str(e.value)



def test_a_text_export_named_as_a_workbook_is_read_as_text(tmp_path, runner):
    """Web systems' "Exportera till Excel" often writes tab-separated text (or a web page) under .xls, and a
    .csv renamed to .xlsx is the same: Excel opens the text, forbattra said "ingen giltig .xls-fil; exportera
    den igen från Excel". The text is read as text, with a note saying so; a web page (HTML) under a workbook's
    name is one line saying what it is and how to save it as a workbook (exit 3)."""
    from forbattra.i18n import render

    rows = "Id\tEnhet\tFörslag\n1\tHemtjänst Norr\tFler vikarier på helgerna\n2\tSkola\tBättre wifi i klassrummen\n"
    for name, raw in (("export.xls", rows.encode("cp1252")), ("export.xlsx", rows.replace("\t", ";").encode("utf-8-sig")),
                      ("export16.xls", rows.encode("utf-16"))):
        p = tmp_path / name
        p.write_bytes(raw)
        s = read_suggestions(p)
        assert list(s.frame[TEXT]) == ["Fler vikarier på helgerna", "Bättre wifi i klassrummen"], name
        assert list(s.frame[GROUP]) == ["Hemtjänst Norr", "Skola"] and s.info.format == "text"
        assert any("är text" in render(n, "sv") and p.suffix in render(n, "sv") for n in s.info.notes), s.info.notes
    with pytest.raises(InputFileError, match="--sheet applies to spreadsheets"):
        read_suggestions(tmp_path / "export.xls", sheet="Blad1")
    page = tmp_path / "rapport.xls"
    page.write_text("<html><body><table><tr><td>Id</td><td>Förslag</td></tr></table></body></html>", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(page), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and "webbsida" in r.stderr and ".xlsx" in r.stderr, r.stderr
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("name", ["export.html", "export.csv", "export.txt", "export"])
def test_a_web_page_under_a_text_name_is_refused_not_classified_tag_by_tag(tmp_path, runner, name):
    """A page saved as .html or .txt (README: refused naming what is read), or a download that gave a login or
    error page saved as export.csv, was read as a table (the .txt as a report) of one column of tags: '<!DOCTYPE html>' the text column, every
    line of markup a suggestion, exit 0. One line saying what it is and what to do instead, exit 3, nothing
    written."""
    page = tmp_path / name
    page.write_text("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><table>\n"
                    "<tr><th>Id</th><th>Förslag</th></tr>\n<tr><td>1</td><td>Fler vikarier på helgerna</td></tr>\n"
                    "</table></body></html>\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(page), "-o", str(out)])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Fel: {page}: en webbsida (HTML eller XML), ingen export med rader och kolumner; öppna den "
                        "i Excel och spara den som .xlsx (Arkiv > Spara som), eller exportera som .csv (var det en "
                        "nedladdning: en inloggnings- eller felsida kom i stället för exporten, ladda ned den igen)\n")
    assert not out.exists()
    with pytest.raises(InputFileError, match="a web page"):
        read_suggestions(page)


def test_a_web_page_saved_as_txt_in_a_folder_of_reports_is_skipped_and_named(tmp_path, runner):
    """In a folder of reports a .txt is a report: a page saved as .txt had each line of markup read as a proposal.
    It is skipped with the reason (exit 6), the reports beside it read."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    (folder / "grupp1.md").write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n", encoding="utf-8")
    (folder / "sida.txt").write_text("<html><body><p>Logga in för att fortsätta</p></body></html>\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(folder), "-o", str(out)])
    assert r.exit_code == 6, r.stderr
    assert "Varning: hoppade över sida.txt: en webbsida (HTML eller XML), ingen export med rader och kolumner;" in r.stderr
    assert [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "Fler vikarier på helgerna i hemtjänsten"]


def test_a_delimiter_given_that_the_export_does_not_use_is_noted(tmp_path, runner):
    """--delimiter tab for a ';' export read every row as one column, the whole header its text column, and the
    lines of a quoted text with a line break as rows of their own (4 rows of 3), without a word. A note names the
    delimiter the first line holds, in both readers (whole file and chunks); the rows are read as asked."""
    from forbattra.i18n import render

    p = tmp_path / "export.csv"
    p.write_text('id;Enhet;Förslag\n1;Hemtjänst;"Fler vikarier\npå helgerna"\n2;Skola;Bättre wifi\n3;IT;Nya datorer\n',
                 encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "--delimiter", "tab", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert ("  --delimiter tab: första raden har inget sådant tecken men 2 ';', så varje rad läses som en enda kolumn; "
            "utelämna --delimiter (den känns igen) eller ange --delimiter ';'") in r.stderr.splitlines(), r.stderr
    _, info, _ = iter_suggestions(p, delimiter="tab")
    assert [render(n, "en") for n in info.notes if "--delimiter" in render(n, "en")] == [
        "--delimiter tab: the first line holds no such character but 2 ';', so each row is read as one column; "
        "leave out --delimiter (it is detected) or give --delimiter ';'"]
    r = runner.invoke(app, ["classify", str(p), "--delimiter", ";", "-o", str(out)])
    assert r.exit_code == 0 and "--delimiter" not in r.stderr, r.stderr


def test_encoding_detection():
    assert decode_bytes("åäö".encode("utf-8"))[1] == "utf-8"
    assert decode_bytes(b"\xef\xbb\xbf\xc3\xa5")[1] == "utf-8-sig"
    assert decode_bytes("lokalerna är för små".encode("cp1252"))[1] == "cp1252"
    assert decode_bytes("hej".encode("utf-16"))[0] == "hej"


def test_mixed_line_endings_and_quoted_newlines(tmp_path):
    p = tmp_path / "m.csv"
    p.write_bytes(b'id;text\r\n1;"rad ett\nmed radbrytning"\n2;rad tv\xc3\xa5\r3;rad tre\r\n')
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == ["rad ett\nmed radbrytning", "rad två", "rad tre"]


def test_sniff_delimiter():
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a;b\n1,5;2\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"


def test_ods_spreadsheet(tmp_path):
    import pandas as pd

    p = tmp_path / "forslag.ods"
    pd.DataFrame({"Enhet": ["A", "B"], "Förslag": ["Fler vikarier behövs", "Större personalrum"]}).to_excel(
        p, engine="odf", index=False)
    s = read_suggestions(p)
    assert s.info.format == "ods" and list(s.frame[TEXT]) == ["Fler vikarier behövs", "Större personalrum"]
    assert s.columns.group == "Enhet"


def test_xlsm_is_read_like_xlsx(data_dir, tmp_path):
    p = tmp_path / "makro.xlsm"
    p.write_bytes((data_dir / "forslag_titlerows.xlsx").read_bytes())
    assert len(read_suggestions(p).frame) == 8


def test_forms_style_export_with_question_headers(tmp_path):
    """Microsoft/Google Forms exports name columns after the questions."""
    import xlsxwriter

    p = tmp_path / "forms.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Form1")
        head = ["ID", "Start time", "Completion time", "Email", "Name", "Vilken enhet arbetar du på?",
                "Beskriv ditt förslag"]
        for j, h in enumerate(head):
            ws.write_string(0, j, h)
        for i in range(1, 4):
            for j, v in enumerate([str(i), "2026-03-0%d 08:00:00" % i, "2026-03-0%d 08:05:00" % i,
                                   f"p{i}@kommun.se", f"Person {i}", "Hemtjänst Norr",
                                   "Vi behöver fler vikarier på helgerna, det går inte att täcka upp"]):
                ws.write_string(i, j, v)
    s = read_suggestions(p)
    c = s.columns
    assert (c.text, c.id, c.group) == (("Beskriv ditt förslag",), "ID", "Vilken enhet arbetar du på?")
    assert c.date in ("Completion time", "Start time") and c.person in ("Name", "Email")
    assert s.frame["_date"].iloc[0].startswith("2026-03-01")


# The streaming reader: every line through the C csv reader once, block by block; the line-by-line
# checks only where a row spans lines or its quoting is broken. Small blocks put every case in a later one.

def _stream(path, monkeypatch, block=4096, **kw):
    import pandas as pd

    import forbattra.inputs.tables as reading

    monkeypatch.setattr(reading, "STREAM_BLOCK", block)
    cols, info, chunks = reading.iter_suggestions(path, chunk_rows=700, **kw)
    return cols, info, pd.concat(list(chunks))


def _same(whole, frame):
    return frame.reset_index(drop=True).equals(whole.frame.reset_index(drop=True))


def test_stream_recovers_a_broken_quote_in_a_later_block(tmp_path, monkeypatch):
    lines = ["id;Förslag;Enhet"] + [f"{i};Förslag nummer {i} om arbetsmiljön;Enhet {i % 7}" for i in range(1, 3001)]
    lines[2600] = '2600;"Tyst rum behövs;Enhet 3'  # a quote never closed, far beyond the first block
    p = tmp_path / "trasig.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = read_suggestions(p)
    cols, info, frame = _stream(p, monkeypatch)
    assert len(frame) == 3000 and list(frame[ROW]) == list(range(1, 3001))
    assert frame[TEXT].iloc[2599] == '"Tyst rum behövs' and frame[TEXT].iloc[2600] == "Förslag nummer 2601 om arbetsmiljön"
    assert "row 2601: unbalanced quote; read as plain text" in info.notes
    assert _same(whole, frame) and cols == whole.columns


def test_stream_keeps_quoted_line_breaks_across_blocks_and_loses_no_row(tmp_path, monkeypatch):
    rows = []
    for i in range(1, 2001):
        text = f'"Rad ett {i}\r\nrad två; med semikolon\nrad tre ""citat"""' if i % 9 == 0 else f"Förslag {i}"
        rows.append(f"{i};{text};Enhet {i % 5}")
    ends = ["\r\n", "\n", "\r"]
    p = tmp_path / "radbryt.csv"
    p.write_bytes(("id;Förslag;Enhet\n" + "".join(r + ends[i % 3] for i, r in enumerate(rows))).encode("utf-8"))
    whole = read_suggestions(p)
    _, info, frame = _stream(p, monkeypatch, block=1000)  # quoted cells and \r\n split across blocks
    assert len(frame) == 2000 and frame[ID].iloc[-1] == "2000"
    assert frame[TEXT].iloc[8] == 'Rad ett 9\nrad två; med semikolon\nrad tre "citat"'
    assert _same(whole, frame) and "unbalanced" not in " ".join(info.notes)


def test_stream_switches_to_cp1252_for_a_later_line_as_the_whole_file_reader(tmp_path, monkeypatch):
    head = "".join(f"{i};Förslag {i} om lönen;Enhet\n" for i in range(1, 400)).encode("utf-8")
    tail = "".join(f"{i};Fler vikarier på helgerna {i};Enhet\n" for i in range(400, 420)).encode("cp1252")
    p = tmp_path / "blandad.csv"
    p.write_bytes("id;Förslag;Enhet\n".encode("utf-8") + head + tail)
    whole = read_suggestions(p)
    _, info, frame = _stream(p, monkeypatch, block=2048)
    # (both name the two encodings, the streaming reader once it has read the later line, and the line it is on)
    assert info.encoding == whole.info.encoding == "utf-8+cp1252" and len(frame) == 419
    note = "line 401 is in cp1252, not in utf-8 as the start of the file"
    assert [n for n in info.notes if note in n] == [n for n in whole.info.notes if note in n] != []
    assert frame[TEXT].iloc[-1] == "Fler vikarier på helgerna 419" and frame[TEXT].iloc[0] == "Förslag 1 om lönen"
    assert _same(whole, frame)


def test_stream_refuses_a_nul_byte_in_a_later_block_naming_its_line(tmp_path, monkeypatch):
    body = "".join(f"{i};Förslag {i} om fler vikarier på helgerna\n" for i in range(2000))
    p = tmp_path / "nul.csv"
    p.write_bytes(("id;Förslag\n" + body).encode("utf-8") + b"2000;tr\x00asig\n2001;sista\n")
    with pytest.raises(InputFileError) as e:
        _stream(p, monkeypatch)
    assert "line 2002 holds NUL bytes" in str(e.value)


def test_single_pass_stream_reads_the_same_rows_and_notes_or_asks_to_read_again(tmp_path, monkeypatch):
    import pandas as pd

    import forbattra.inputs.tables as reading

    lines = ["id;Förslag;Enhet;"] + [f"{i};Förslag nummer {i};Enhet {i % 7};" for i in range(1, 6001)]
    lines[4500] = '4500;"Tyst rum behövs;Enhet 3;'  # a broken quote far below the first rows
    p = tmp_path / "en.csv"
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    monkeypatch.setattr(reading, "STREAM_BLOCK", 4096)
    two = reading.iter_suggestions(p, chunk_rows=700)
    one = reading.iter_suggestions(p, chunk_rows=700, single_pass=True)
    frames_two, frames_one = list(two[2]), list(one[2])
    assert [len(f) for f in frames_one] == [len(f) for f in frames_two]
    assert all(a.equals(b) for a, b in zip(frames_one, frames_two)) and one[0] == two[0]
    assert sorted(map(str, one[1].notes)) == sorted(map(str, two[1].notes))
    assert "row 4501: unbalanced quote; read as plain text" in one[1].notes
    lines[5000] = "5000;Förslag nummer 5000;Enhet 2;sent värde"  # the unnamed column has a value late
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(reading.ReadAgain):
        list(reading.iter_suggestions(p, chunk_rows=700, single_pass=True)[2])
    assert "sent värde" in set(pd.concat(list(reading.iter_suggestions(p, chunk_rows=700)[2])).iloc[:, 3])


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", b"\n\n\n", b"   \n"])
def test_a_csv_of_only_a_byte_order_mark_or_blank_lines_is_an_empty_file(tmp_path, raw):
    p = tmp_path / "tom.csv"
    p.write_bytes(raw)
    with pytest.raises(InputFileError, match="tom"):
        read_suggestions(p)


def test_a_unit_spelt_in_several_ways_is_one_unit(tmp_path):
    p = tmp_path / "u.csv"
    p.write_text("Enhet;Förslag\nHemtjänst Norr;Fler bilar\nhemtjänst norr;Fler bilar till kvällen\n"
                 "HEMTJÄNST  NORR;Bilar!\nHemtjänst Norr.;Bilar igen\nHR;Friskvård\n.;Okänd enhet\n", encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[GROUP]) == ["Hemtjänst Norr"] * 4 + ["HR", None]  # ".": no unit (a placeholder)


def test_a_streamed_file_keeps_a_units_first_spelling_across_chunks(tmp_path):
    from forbattra.inputs.tables import iter_suggestions

    p = tmp_path / "u.csv"
    rows = [("Hemtjänst Norr" if i % 2 else "HEMTJÄNST NORR") if i else "hemtjänst  norr" for i in range(50)]
    p.write_text("Enhet;Förslag\n" + "".join(f"{u};Förslag nummer {i}\n" for i, u in enumerate(rows)),
                 encoding="utf-8")
    _, _, chunks = iter_suggestions(p, chunk_rows=7)
    units = [u for chunk in chunks for u in chunk[GROUP]]
    assert units == ["hemtjänst norr"] * 50


def test_two_digit_years_are_read_as_excel_reads_them():
    """00-29 in this century, 30-99 in the last: 1/1/70 was 2070 (a date in the future of every
    suggestion); a year before 1970 is then outside the years a suggestion has, and unread."""
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["1/1/70", "31.12.99", "5/3/24", "5/3/29", "5/3/30", "3/4/69"]) == [
        "1970-01-01", "1999-12-31", "2024-03-05", "2029-03-05", None, None]
    assert parse_dates(["98-03-05", "24-03-05"], order="ymd") == ["1998-03-05", "2024-03-05"]


def test_dates_in_other_formats_are_read_and_unreadable_ones_are_named(tmp_path):
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["1 mars 2024", "10 mar. 2024", "20240315", "45360", "2024-02-30", "2024-13-01", "2024-03",
                        "45360,5"]) == ["2024-03-01", "2024-03-10", "2024-03-15", "2024-03-09", None, None, "2024-03",
                                        "2024-03-09"]
    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n2024-03-05;Fler bilar\n2024-02-30;Bättre lokaler\nvecka 12;Mer personal\n"
                 "5 mars 2024;Nya datorer\n", encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[DATE]) == ["2024-03-05", None, None, "2024-03-05"]
    from forbattra.i18n import render

    notes = [render(n, "sv") for n in s.info.notes]
    assert any("2 datum" in n and "'2024-02-30'" in n and "rader 3, 4)" in n for n in notes), notes


def test_a_date_column_of_other_formats_is_found_without_an_option(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n1 mars 2024;Fler bilar\n20240315;Nya datorer\n45366.4375;Mer personal\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.date == "Datum" and list(s.frame[DATE]) == ["2024-03-01", "2024-03-15", "2024-03-15"]


@pytest.mark.parametrize("values, fix", [
    # a week, quarter, tertial or year alone: no month to count it in, and no day to write
    (["vecka 12", "v. 12 2024", "Q1 2024", "kv1 2024", "2024 Q2", "2024-Q3", "T1 2024", "tertial 2 2024", "2024",
      "2024-W12"], "en vecka, ett kvartal, en tertial eller ett år räcker inte"),
    (["5 mars", "Vet ej"], "skriv dem som ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM där bara månaden är känd"),
    (["Q1 2024", "Vet ej"], "skriv dem som ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM där bara månaden är känd"),
    (["1924-03-05"], "rätta året"),
])
def test_the_fix_for_unread_dates_fits_a_week_quarter_or_year(tmp_path, values, fix):
    """'Q1 2024' or 'vecka 12' was told "skriv dem som ÅÅÅÅ-MM-DD": a day the user does not have. A period
    coarser than a month is said to be one, with the month (ÅÅÅÅ-MM) as the least a table can count."""
    from forbattra.i18n import render

    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n2024-03-05;Förslag med datum\n" + "".join(f"{v};Förslag nummer {i}\n"
                                                                           for i, v in enumerate(values)), encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[DATE]) == ["2024-03-05"] + [None] * len(values)
    notes = [render(n, "sv") for n in s.info.notes if "gick inte att läsa" in render(n, "sv")]
    assert len(notes) == 1 and fix in notes[0], notes


def test_a_date_written_out_with_its_weekday_or_as_excel_s_day_month_year_is_read():
    """Outlook, Forms and Excel's long date formats write the weekday first ("måndag 5 mars 2024", "tisdag den
    5 mars 2024 14:22") or the month as a word between dashes (dd-mmm-åååå: "05-mar-2024"): all were unread,
    counted as undated with the advice to write them as ÅÅÅÅ-MM-DD."""
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["mån 5 mars 2024", "måndag 5 mars 2024", "Tisdag den 5 mars 2024 14:22", "ons. 2024-03-06",
                        "05-mar-2024", "5-Mars-2024", "Tuesday, 5 March 2024", "Tue 05-Mar-2024", "March 5, 2024",
                        "Tuesday, March 5, 2024 2:22 PM"]) == ["2024-03-05"] * 3 + ["2024-03-06"] + ["2024-03-05"] * 6
    # a day and month without a year, a weekday alone, a word that only starts like a weekday: no date
    assert parse_dates(["mån 5 mars", "måndag", "fredagsmys 5 mars 2024", "Mars 32, 2024"]) == [None] * 4


def test_a_date_written_with_den_or_an_ordinal_day_is_read(tmp_path):
    """A letter's or a form's long date, "den 3 december 2026", "3:e december 2026", "1:a mars", "December 3rd,
    2026", was unread: counted as undated in every period table, only the first named in a note."""
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["den 3 december 2026", "Den 3 dec 2026", "3:e december 2026", "3e dec. 2026",
                        "December 3rd, 2026", "3rd December 2026"]) == ["2026-12-03"] * 6
    assert parse_dates(["1:a mars 2026", "2:a maj 2026", "tisdag den 1:a december 2026"]) == \
        ["2026-03-01", "2026-05-02", "2026-12-01"]
    # no year, no calendar day, or a text that starts with "den": no date
    assert parse_dates(["den 3 december", "den 31:a februari 2026", "Den gamla datorn", "3:x mars 2026"]) == [None] * 4
    p = tmp_path / "den.csv"
    p.write_text("Datum;Förslag\nden 3 december 2026;Vi behöver fler parkeringsplatser vid skolan\n"
                 "3:e december 2026;Kaffemaskinen är trasig och behöver bytas\n", encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[DATE]) == ["2026-12-03", "2026-12-03"]
    assert not any("could not be read as dates" in n for n in s.info.notes)


def test_the_note_on_unread_dates_names_their_rows(tmp_path):
    """The note named one unread date and its row: a user with 40 of them had no way to find the others (the
    Förslag sheet shows the dates as written). It names the first five rows, as Excel shows them, then "…"."""
    from forbattra.i18n import render

    values = ["2026-03-05", "v. 12", "2026-03-06", "Q1 2026", "", "vecka 13", "3 mars", "senast i mars", "mars",
              "2026-03-09", "v. 14"]
    p = tmp_path / "datum.csv"
    p.write_text("Datum;Förslag\n" + "".join(f"{v};Fler vikarier på helgerna nummer {i}\n"
                                              for i, v in enumerate(values, start=1)), encoding="utf-8")
    notes = [render(n, "sv") for n in read_suggestions(p).info.notes]
    assert any(n.startswith("7 datum i kolumnen 'Datum' gick inte att läsa som datum (t.ex. 'v. 12'; "
                            "rader 3, 5, 7, 8, 9 …) och räknas som utan datum") for n in notes), notes
    p.write_text("Datum;Förslag\n2026-03-05;Fler vikarier\n\nvecka 13;Nya stolar\n", encoding="utf-8")
    notes = [render(n, "en") for n in read_suggestions(p).info.notes]
    assert any("(e.g. 'vecka 13'; row 4) and count as undated" in n for n in notes), notes


def test_a_long_date_is_read_on_every_day_of_the_week():
    """The weekday pattern knew 'Wednesday' and 'Saturday' only as 'Wed' and 'Sat': an English export's long
    dates of those two days were unread, so two days in seven counted as undated in trends and the report."""
    from forbattra.inputs.tables import parse_dates

    days = {"sv": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}
    want = [f"2024-03-{d:02d}" for d in range(4, 11)]
    assert parse_dates([f"{w} {d} mars 2024" for w, d in zip(days["sv"], range(4, 11))]) == want
    assert parse_dates([f"{w}, {d} March 2024" for w, d in zip(days["en"], range(4, 11))]) == want
    assert parse_dates([f"{w}, March {d}, 2024" for w, d in zip(days["en"], range(4, 11))]) == want
    assert parse_dates([f"{w[:3]}. {d} Mar 2024" for w, d in zip(days["en"], range(4, 11))]) == want
    assert parse_dates(["Wednesdays 6 March 2024", "Saturn 9 March 2024"]) == [None, None]


def test_a_month_only_date_is_read_as_its_month_not_as_a_day():
    """A "Månad" column ("mars 2024", "2024-03") was read as undated: every period table put those suggestions
    under "utan datum". A month is kept as the month (YYYY-MM), never as a made-up first day."""
    from forbattra.inputs.tables import parse_dates

    assert parse_dates(["2024-03", "mars 2024", "Mars 2024", "03/2024", "3.2024", "mar. 2024", "2024/3", "okt-2024",
                        "March 2024"]) == ["2024-03"] * 7 + ["2024-10", "2024-03"]
    # not a month: a month 13, a year no suggestion has (a slip, noted), an unknown word, a bare number
    assert parse_dates(["2024-13", "mars 1924", "vecka 2024", "202403", "12 2024"]) == [None] * 5


def test_a_month_column_is_found_as_the_date_and_its_months_are_noted(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "m.csv"
    p.write_text("Månad;Enhet;Förslag\nmars 2024;A;Fler bilar\n2024-04;B;Bättre lokaler\n;A;Nya datorer\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.date == "Månad" and list(s.frame[DATE]) == ["2024-03", "2024-04", None]
    notes = [render(n, "sv") for n in s.info.notes]
    assert any("2 datum i kolumnen 'Månad' anger bara månaden" in n and "'mars 2024' på rad 2" in n for n in notes), notes
    assert not any("gick inte att läsa" in n for n in notes), notes
    en = [render(n, "en") for n in s.info.notes]
    assert any("2 dates in the column 'Månad' give only the month" in n for n in en), en
    # a "Datum" column beside it is the date
    p.write_text("Månad;Datum;Förslag\nmars 2024;2024-03-05;Fler bilar\n", encoding="utf-8")
    assert read_suggestions(p).columns.date == "Datum"


def test_an_excel_month_column_is_read_as_its_months(tmp_path):
    """Excel stores a month typed into a cell ("mars 2024", "2024-03") as the 1st of that month shown in a format
    without a day ("mmm yyyy", the built-in "mmm-yy"): read as 2024-03-01, the report's period ended on the 1st
    of its last month and striped that month as partial. A date shown without its day on the 1st is the month;
    a day that format hides (the 15th) and a date shown with its day stay days."""
    import datetime

    import xlsxwriter

    from forbattra.i18n import render

    p = tmp_path / "m.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet()
        month, builtin = wb.add_format({"num_format": "mmm yyyy"}), wb.add_format({"num_format": 17})
        day, iso = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "[$-41D]mmmm\\ yyyy;@"})
        ws.write_row(0, 0, ["Enhet", "Månad", "Förslag"])
        for r, (d, f) in enumerate([((2024, 3, 1), month), ((2024, 4, 1), builtin), ((2024, 5, 1), iso),
                                    ((2024, 6, 15), month), ((2024, 7, 1), day)], start=1):
            ws.write_row(r, 0, ["A", None, f"Förslag nummer {r} om lokalerna"])
            ws.write_datetime(r, 1, datetime.datetime(*d), f)
    s = read_suggestions(p)
    assert s.columns.date == "Månad"
    assert list(s.frame[DATE]) == ["2024-03", "2024-04", "2024-05", "2024-06-15", "2024-07-01"]
    assert any("3 datum i kolumnen 'Månad' anger bara månaden" in render(n, "sv") for n in s.info.notes)


@pytest.mark.parametrize("head, rows, person", [
    ("Förslagsställare;Registrerad av", ["Anna Svensson;Olle Berg", "Erik Lind;Olle Berg"], "Förslagsställare"),
    ("Beskriv avvikelsen;Inlämnat av", ["läkemedel;Anna Svensson", "larm;Erik Lind"], "Inlämnat av"),
    ("Inskickat av;Förnamn", ["Förskolan Solgläntan;Anna", "Hemtjänst Norr;Erik"], None),
    # a Forms export: the full name, not the staff category beside it
    ("För- och efternamn;Personalkategori", ["Anna Lindqvist;Undersköterska", "Erik Lind;Sjuksköterska"],
     "För- och efternamn"),
    ("Antal medarbetare;E-postlista;Namn (valfritt)", ["12;lista-a;Anna Lind", "4;lista-b;"], "Namn (valfritt)"),
    ("Namn på förslaget;Personalgrupp", ["Fler bilar;Vård", "Nya datorer;Admin"], None),
    ("Name of unit;Ange ditt namn (frivilligt)", ["Vård;Anna Lind", "Admin;Erik Berg"], "Ange ditt namn (frivilligt)"),
    ("Namn *;Personalgrupp", ["Anna Lind;Vård", "Erik Berg;Admin"], "Namn *"),
])
def test_the_person_column_is_the_submitter_not_a_clerk_a_description_or_the_units(tmp_path, head, rows, person):
    p = tmp_path / "p.csv"
    units = ["Förskolan Solgläntan", "Hemtjänst Norr"]
    p.write_text(f"Enhet;{head};Förslag\n" + "".join(f"{u};{r};Ett förslag om nummer {i}\n"
                                                      for i, (u, r) in enumerate(zip(units, rows))), encoding="utf-8")
    assert read_suggestions(p).columns.person == person


def test_the_streamed_reader_says_a_blank_file_is_empty(tmp_path):
    from forbattra.inputs.tables import iter_suggestions

    p = tmp_path / "tom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + b"\r\n" * 1000)
    with pytest.raises(InputFileError, match="tom"):
        iter_suggestions(p)


def test_a_us_export_s_dates_are_read_month_first_and_said_so(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "us.csv"
    p.write_text("Date;Suggestion\n03/05/2024;More cars\n12/31/2024;Better rooms\n1/13/24;New computers\n"
                 "5.3.2024;Fewer meetings\n", encoding="utf-8")
    s = read_suggestions(p)
    # one date (12/31/2024) reads only month first: the whole column is; a dotted date stays day first
    assert list(s.frame[DATE]) == ["2024-03-05", "2024-12-31", "2024-01-13", "2024-03-05"]
    assert any("månaden först" in render(n, "sv") and "'12/31/2024'" in render(n, "sv") for n in s.info.notes)


@pytest.mark.parametrize("dates, expected", [
    (["03/05/2024", "31/12/2024"], ["2024-05-03", "2024-12-31"]),  # day first: as Swedish exports write them
    (["03/05/2024", "04/06/2024"], ["2024-05-03", "2024-06-04"]),  # both ways possible: day first
    (["31/12/2024", "12/31/2024"], ["2024-12-31", None]),  # both orders in one column: day first, the other unread
])
def test_dates_stay_day_first_unless_only_month_first_reads_them(tmp_path, dates, expected):
    p = tmp_path / "eu.csv"
    p.write_text("Datum;Förslag\n" + "".join(f"{d};Förslag nummer {i}\n" for i, d in enumerate(dates)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert list(s.frame[DATE]) == expected
    assert s.columns.date_order == "dmy"


def test_a_column_of_month_first_dates_only_is_found_as_the_date_column(tmp_path):
    p = tmp_path / "us.csv"
    p.write_text("Submitted;Suggestion\n12/31/2024;More cars\n1/13/2024;Better rooms\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.date == "Submitted" and list(s.frame[DATE]) == ["2024-12-31", "2024-01-13"]


@pytest.mark.parametrize("head, row, expected", [
    # a column about the suggestion — its id, who made it, when, which unit, its title — is not its text
    ("Förslags-ID;Förslagsställare;Enhet;Beskrivning", "F-2024-0001;Anna Svensson;Hemtjänst Norr;{t}",
     dict(text=("Beskrivning",), id="Förslags-ID", person="Förslagsställare", group="Enhet")),
    ("Datum för förslaget;Enhet;Beskrivning", "2024-03-01;Hemtjänst Norr;{t}",
     dict(text=("Beskrivning",), date="Datum för förslaget")),
    ("Förslagets rubrik;Enhet;Beskrivning", "Fler vikarier;Hemtjänst Norr;{t}", dict(text=("Beskrivning",))),
    ("Tidstämpel;Vilken verksamhet gäller förslaget?;Beskriv kort vad du vill ändra",
     "2024-03-01;Hemtjänst Norr;{t}", dict(text=("Beskriv kort vad du vill ändra",),
                                           group="Vilken verksamhet gäller förslaget?")),
    # a manager's name is not the unit; a decision's date is not the day the suggestion came in
    ("Id;Arbetsplats;Enhetschef;Förslag", "1;Hemtjänst Norr;Lena Ek;{t}", dict(group="Arbetsplats")),
    ("Id;Enhet;Förslag;Beslutsdatum;Inlämningsdatum", "1;Hemtjänst Norr;{t};2025-01-10;2024-03-01",
     dict(date="Inlämningsdatum")),
    # ... which it is where the export has no other
    ("Id;Enhet;Förslag;Beslutsdatum", "1;Hemtjänst Norr;{t};2025-01-10", dict(date="Beslutsdatum")),
])
def test_columns_about_the_suggestion_are_not_taken_for_its_text(tmp_path, head, row, expected):
    texts = ["Vi behöver fler vikarier under sommaren så att ingen går ensam",
             "Personalrummet är för litet för alla som äter lunch samtidigt"]
    p = tmp_path / "export.csv"
    p.write_text(head + "\n" + "".join(row.format(t=t) + "\n" for t in texts), encoding="utf-8")
    cols = read_suggestions(p).columns
    for role, column in expected.items():
        assert getattr(cols, role) == column, (role, cols)


def test_the_sheet_of_suggestions_is_read_not_a_hidden_or_an_information_sheet(tmp_path):
    import openpyxl

    texts = ["Vi behöver fler vikarier under sommaren", "Personalrummet är för litet för alla oss"]
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Information"
    info.append(["Om enkäten"])
    for _ in range(4):  # much more text than the answers: the most text alone chose this sheet
        info.append(["Den här enkäten skickades ut till all personal inom vård och omsorg under våren 2024 "
                     "för att samla in förbättringsförslag inför verksamhetsplaneringen."])
    answers = wb.create_sheet("Svar")
    answers.append(["Enhet", "Förslag"])
    for t in texts:
        answers.append(["Hemtjänst Norr", t])
    hidden = wb.create_sheet("Instruktioner")
    hidden.sheet_state = "hidden"
    hidden.append(["Text"])
    for i in range(20):
        hidden.append([f"Instruktion nummer {i}: skriv förslaget i kolumnen bredvid och spara filen som vanligt."])
    p = tmp_path / "enkat.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.info.sheet == "Svar" and list(s.frame[TEXT]) == texts
    # named, a hidden sheet is read
    assert read_suggestions(p, sheet="Instruktioner").info.sheet == "Instruktioner"


def test_a_header_repeated_further_down_keeps_the_columns_and_is_no_suggestion(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "two_exports.csv"
    head = "Id;Datum;Enhet;Förslag\n"
    p.write_bytes((head + "1;2024-03-01;Hemtjänst Norr;Vi behöver fler vikarier under sommaren.\n"
                   "2;2024-03-02;Hemtjänst Syd;Bättre ventilation i personalrummet.\n").encode("utf-8-sig")
                  # the second export pasted after the first: its header starts with a byte-order mark too
                  + (head + "3;2024-03-03;Skolan Ängen;Fler datorer till eleverna i årskurs nio.\n").encode("utf-8-sig"))
    s = read_suggestions(p)
    assert (s.columns.text, s.columns.id, s.columns.date) == (("Förslag",), "Id", "Datum")
    # every row kept, the repeated header as an empty row: no suggestion, unit, id or date
    assert list(s.frame[TEXT]) == ["Vi behöver fler vikarier under sommaren.", "Bättre ventilation i personalrummet.",
                                   "", "Fler datorer till eleverna i årskurs nio."]
    assert s.frame[GROUP].iloc[2] is None and s.frame[ID].iloc[2] is None and s.frame[DATE].iloc[2] is None
    assert list(s.frame["Förslag"])[2] == "Förslag"  # the row as the file has it
    notes = [render(n, "sv") for n in s.info.notes]
    assert any("rubrikraden står igen" in n and "rad 4" in n for n in notes), notes
    assert not any("gick inte att läsa som datum" in n for n in notes), notes


@pytest.mark.parametrize("dates, expected, order", [
    (["24-03-05", "24-11-30"], ["2024-03-05", "2024-11-30"], "ymd"),  # ÅÅ-MM-DD, a Swedish system's short date
    (["32-03-05", "24-03-06"], [None, "2024-03-06"], "ymd"),  # no day first: 32 (1932, as Excel reads it: unread)
    # the years of today's exports: 05-03-24 is 2024, not 2005
    (["05-03-24", "15-03-24", "28-04-24"], ["2024-03-05", "2024-03-15", "2024-04-28"], "dmy"),
    (["05-03-24"] * 2, ["2024-03-05"] * 2, "dmy"),
    (["24-03-05"] * 3, ["2024-03-05"] * 3, "ymd"),
    (["01-01-22", "02-04-22", "03-07-23", "01-10-24"], ["2022-01-01", "2022-04-02", "2023-07-03", "2024-10-01"], "dmy"),
    # a date no day of the calendar does not turn the column: 31-04-24, 24-02-30
    (["05-03-24", "31-04-24", "28-04-24"], ["2024-03-05", None, "2024-04-28"], "dmy"),
    (["24-01-15", "24-02-30", "24-03-05"], ["2024-01-15", None, "2024-03-05"], "ymd"),
    # the years nearer the reference year (2026), a future one counting double; then the tighter span
    (["15-01-24", "15-02-24", "15-06-24"], ["2024-01-15", "2024-02-15", "2024-06-15"], "dmy"),
    (["28-01-24", "28-02-24"], ["2024-01-28", "2024-02-28"], "dmy"),
    (["24-03-15"] * 2, ["2024-03-15"] * 2, "ymd"),
    (["24-12-19", "25-01-19"], ["2024-12-19", "2025-01-19"], "ymd"),
    (["05-03-32", "24-03-05"], [None, "2005-03-24"], "dmy"),  # a last part over 31: day first (1932: unread)
    (["03-15-24", "04-02-24", "05-20-24"], ["2024-03-15", "2024-04-02", "2024-05-20"], "mdy"),  # US, with dashes
])
def test_swedish_short_dates_are_read_year_first(tmp_path, dates, expected, order):
    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n" + "".join(f"{d};Förslag nummer {i}\n" for i, d in enumerate(dates)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert (list(s.frame[DATE]), s.columns.date_order) == (expected, order)


def test_a_row_cut_by_an_unquoted_delimiter_is_named(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "export.csv"
    p.write_text("Id;Datum;Enhet;Förslag\n1;2024-03-01;Hemtjänst Norr;Fler vikarier under sommaren.\n"
                 "2;2024-03-02;Solgläntan;Bättre ventilation; helst före sommaren; annars blir det varmt\n"
                 "3;2024-03-03;Hemtjänst Syd;Digitala signeringslistor.\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 3 and s.frame[TEXT].iloc[1] == "Bättre ventilation"  # read as the file has it ...
    notes = [render(n, "sv") for n in s.info.notes]
    # ... and said so, with the line to look at
    assert any("fler fält än rubrikraden" in n and "rad 3" in n and "6 fält mot 4" in n for n in notes), notes
    ok = tmp_path / "ok.csv"
    ok.write_text("Id;Förslag;\n1;Fler vikarier under sommaren;\n", encoding="utf-8")  # an empty field at the end
    assert not any("fler fält" in render(n, "sv") for n in read_suggestions(ok).info.notes)
    ok.write_text("Id;Förslag;\n1;Fler vikarier under sommaren;x\n", encoding="utf-8")  # a column left unnamed
    assert not any("fler fält" in render(n, "sv") for n in read_suggestions(ok).info.notes)


def test_a_survey_export_s_two_header_rows_name_the_columns(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Vilken enhet arbetar du på?", None, "Har du ett förbättringsförslag?"])
    ws.merge_cells("B1:C1")
    ws.append([None, "Förvaltning", "Enhet", "Fritext"])
    texts = ["Vi behöver fler vikarier under sommaren.", "Bättre ventilation i personalrummet.",
             "Digitala signeringslistor i hemtjänsten."]
    for i, (unit, t) in enumerate(zip(["Hemtjänst Norr", "Solgläntan", "Hemtjänst Syd"], texts)):
        ws.append([1000 + i, "Vård och omsorg", unit, t])
    p = tmp_path / "netigate.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    # the second row names the columns; it is no suggestion, and the unit is the "Enhet" column
    assert s.original_columns == ["Respondent", "Förvaltning", "Enhet", "Fritext"]
    assert list(s.frame[TEXT]) == texts and list(s.frame[GROUP]) == ["Hemtjänst Norr", "Solgläntan", "Hemtjänst Syd"]
    assert s.info.header_row == 2 and list(s.frame[ROW]) == [1, 2, 3]



def test_a_header_merged_down_over_two_header_rows_names_its_column(tmp_path):
    """A register's two header rows: "Inlämnat" merged across Id and Enhet, "Förslag" merged down over both
    rows. The copy of "Förslag" in the second row is the header cell's own merge, not a value recurring in its
    column: both rows are the header (no row taken for a suggestion, the id and unit found)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Inlämnat", None, "Förslag"])
    ws.append(["Id", "Enhet", None])
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:C2")
    texts = ["Vi behöver fler vikarier under sommaren.", "Bättre ventilation i personalrummet.",
             "Digitala signeringslistor i hemtjänsten.", "Fler laddstolpar vid stadshuset."]
    for i, t in enumerate(texts, start=1):
        ws.append([i, "Hemtjänst Norr" if i % 2 else "Solgläntan", t])
    p = tmp_path / "register.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.original_columns == ["Id", "Enhet", "Förslag"]
    assert list(s.frame[TEXT]) == texts and list(s.frame[ID]) == ["1", "2", "3", "4"]
    assert list(s.frame[GROUP]) == ["Hemtjänst Norr", "Solgläntan", "Hemtjänst Norr", "Solgläntan"]
    assert s.info.header_row == 2 and list(s.frame[ROW]) == [1, 2, 3, 4]


@pytest.mark.parametrize("down", [True, False])
@pytest.mark.parametrize("over", ["Förslag", "Förslaget"])
def test_a_heading_merged_across_its_columns_names_a_header_of_two_rows(tmp_path, down, over):
    """A hand-kept sheet's two header rows: "Förslag" merged across C1:D1 with "Problem" and "Lösning" under it,
    "Id" and "Enhet" beside it (merged down over both rows, or left empty on the second). The second row was
    read as a suggestion ("Problem", classified), and with the cells merged down both rows were: no header found,
    the columns called kolumn_1 …, 10 rows for 8. Both rows are the header now, named by the second."""
    import openpyxl

    from forbattra.i18n import render

    units = ["Hemtjänst Norr", "Solgläntan"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Id", "Enhet", over, None])
    ws.append([None, None, "Problem", "Lösning"])
    ws.merge_cells("C1:D1")
    if down:
        ws.merge_cells("A1:A2")
        ws.merge_cells("B1:B2")
    texts = ["Vi behöver fler vikarier under sommaren.", "Bättre ventilation i personalrummet.",
             "Digitala signeringslistor i hemtjänsten.", "Fler laddstolpar vid stadshuset."]
    for i, t in enumerate(texts, start=1):
        ws.append([i, units[i % 2], f"Problem: {t}", f"Lösning: {t}"])
    p = tmp_path / "register.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.original_columns == ["Id", "Enhet", "Problem", "Lösning"]
    assert list(s.frame[ID]) == ["1", "2", "3", "4"] and list(s.frame[GROUP]) == [units[i % 2] for i in range(1, 5)]
    assert s.info.header_row == 2 and list(s.frame[ROW]) == [1, 2, 3, 4]
    assert all(t.startswith(("Problem: ", "Lösning: ")) for t in s.frame[TEXT])
    assert any(f"'{over}' merged across" in render(n, "en") for n in s.info.notes), s.info.notes


def test_a_first_row_of_short_answers_is_not_taken_for_a_second_header(tmp_path):
    p = tmp_path / "short.csv"
    p.write_text("Id;Enhet;;Förslag\n1;Hemtjänst;Norr;Fler bilar\n2;Hemtjänst;Syd;Nya datorer\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 2 and list(s.frame[TEXT]) == ["Fler bilar", "Nya datorer"]


def test_a_first_data_row_of_short_cells_stays_data(tmp_path):
    # an unnamed column and a short first row with a unit word: data, not a second header row
    p = tmp_path / "sub.csv"
    p.write_text("Förslag;Förvaltning;\nFler laddstolpar vid stadshuset;Miljöförvaltningen;Ring mig\n"
                 "Bättre cykelställ;Tekniska förvaltningen;\nNya datorer i receptionen;Kommunledningsförvaltningen;\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.frame[TEXT].iloc[0] == "Fler laddstolpar vid stadshuset" and len(s.frame) == 3


def test_a_file_without_a_header_whose_first_row_recurs_keeps_both(tmp_path):
    p = tmp_path / "nohead.csv"
    rows = ["Socialförvaltningen;Fler vikarier under sommaren", "Tekniska förvaltningen;Bättre cykelställ vid entrén",
            "Kultur och fritid;Längre öppettider i simhallen", "Socialförvaltningen;Fler vikarier under sommaren"]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 4 and s.frame[TEXT].iloc[0] == s.frame[TEXT].iloc[3] == "Fler vikarier under sommaren"


@pytest.mark.parametrize("head, text", [
    ("Id;Reflektioner och förslag;Chefens kommentar", "Reflektioner och förslag"),
    ("Id;Förslag (ange gärna datum);Chefens kommentar", "Förslag (ange gärna datum)"),
    ("Förslag nr;Förslag;Chefens kommentar", "Förslag"),
])
def test_a_text_name_that_mentions_a_date_or_starts_like_an_id_is_still_the_text(tmp_path, head, text):
    p = tmp_path / "t.csv"
    p.write_text(head + "\n1;Vi behöver fler vikarier under sommaren;Bra idé, vi tar upp det på nästa möte med alla\n"
                 "2;Personalrummet är för litet för oss;Vi ser över lokalerna i vår och återkommer till er\n",
                 encoding="utf-8")
    assert read_suggestions(p).columns.text == (text,)


def test_a_survey_s_summary_sheet_is_not_taken_for_the_answers(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    answers = wb.active
    answers.title = "Svar"
    answers.append(["Vad kan vi göra bättre på din arbetsplats?"])
    for i in range(6):
        answers.append([f"Förslag nummer {i}: fler vikarier under sommaren och bättre scheman"])
    summary = wb.create_sheet("Sammanställning")
    summary.append(["Enhet", "Antal förslag"])
    for unit in ["Hemtjänst Norr", "Hemtjänst Syd", "Solgläntan"]:
        summary.append([unit, 2])
    p = tmp_path / "enkat.xlsx"
    wb.save(p)
    assert read_suggestions(p).info.sheet == "Svar"


def test_no_text_column_on_the_sheet_chosen_names_the_sheet_and_the_option(tmp_path):
    import openpyxl

    from forbattra.i18n import render

    wb = openpyxl.Workbook()
    wb.active.title = "Enheter"
    wb.active.append(["Enhet", "Antal"])
    wb.active.append(["Hemtjänst Norr", 4])
    other = wb.create_sheet("Koder")
    other.append(["Kod"])
    other.append([12])
    p = tmp_path / "stat.xlsx"
    wb.save(p)
    with pytest.raises(ColumnError) as err:
        read_suggestions(p)
    text = render(err.value.message, "sv")
    assert "'Enheter'" in text and "--sheet" in text and "2 blad" in text


@pytest.mark.parametrize("head", ["Förslagsnummer;Inlämningsdatum;Arbetsplats;Mitt förbättringsförslag",
                                  "Ref;Submitted;Department;Idea"])
def test_a_repeated_header_of_longer_column_names_is_the_header_too(tmp_path, head):
    rows = [f"{i};2024-03-{i % 28 + 1:02d};Enhet {i % 5};Förslag nummer {i} om fler vikarier på helgerna"
            for i in range(40)]
    rows.insert(21, head)
    p = tmp_path / "two.csv"
    p.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == (head.split(";")[-1],) and len(s.frame) == 41 and s.frame[TEXT].iloc[21] == ""


def test_a_headerless_file_whose_first_row_names_units_twice_and_recurs_keeps_it(tmp_path):
    p = tmp_path / "nohead.csv"
    rows = ["Socialförvaltningen;Avdelning Norr;Fler vikarier under sommaren",
            "Tekniska förvaltningen;Avdelning Syd;Bättre cykelställ vid entrén",
            "Kultur och fritid;Avdelning Väst;Längre öppettider i simhallen",
            "Socialförvaltningen;Avdelning Norr;Fler vikarier under sommaren",
            "Barn och utbildning;Avdelning Öst;Nya datorer till eleverna"]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 5 and s.frame[TEXT].iloc[0] == s.frame[TEXT].iloc[3] == "Fler vikarier under sommaren"


def test_a_headerless_file_whose_first_row_is_a_unit_and_a_short_text_and_recurs_keeps_it(tmp_path):
    p = tmp_path / "nohead.csv"
    rows = ["Socialförvaltningen;Förbättra kommunikationen", "Tekniska förvaltningen;Bättre cykelställ vid entrén",
            "Kultur och fritid;Längre öppettider i simhallen", "Barn och utbildning;Nya datorer till eleverna",
            "Socialförvaltningen;Förbättra kommunikationen", "Miljöförvaltningen;Fler laddstolpar"]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 6 and list(s.frame[TEXT]).count("Förbättra kommunikationen") == 2


@pytest.mark.parametrize("dates, order", [
    # one typo does not turn the column: 32-03-24 or 05/13/2024 is unread, the rest day first
    (["05-02-24", "14-03-24", "21-04-24", "02-05-24", "19-06-24", "08-09-24", "32-03-24"], "dmy"),
    (["15-03-24", "18-03-24", "20-03-24", "32-03-24"], "dmy"),
    (["03/04/2024", "05/04/2024", "09/05/2024", "05/13/2024"], "dmy"),
    # a year's history written day first spans months that way and decades the other
    ([f"{d:02d}-{m:02d}-12" for d, m in zip(range(1, 29, 3), range(1, 13))], "dmy"),
    ([f"12-{m:02d}-{d:02d}" for d, m in zip(range(1, 29, 3), range(1, 13))], "ymd"),
])
def test_a_date_column_s_order_survives_a_typo_and_reads_old_histories(tmp_path, dates, order):
    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n" + "".join(f"{d};Förslag nummer {i}\n" for i, d in enumerate(dates)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.date_order == order
    assert all(d is None or d.startswith(("2024", "2012")) for d in s.frame[DATE])
    assert sum(d is None for d in s.frame[DATE]) <= 1


def test_a_repeated_header_of_definite_and_compound_names_is_the_header(tmp_path):
    head = "Förvaltningen;Arbetsplatsen;Förslagstext"
    rows = [f"Förvaltning {i % 4};Arbetsplats {i % 7};Förslag nummer {i} om fler vikarier" for i in range(30)]
    p = tmp_path / "two.csv"
    p.write_text("\n".join([head] + rows + [head] + rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Förslagstext",) and len(s.frame) == 61 and s.frame[TEXT].iloc[30] == ""


def test_a_headerless_first_row_ending_in_a_column_word_stays_data(tmp_path):
    p = tmp_path / "nohead.csv"
    rows = ["Socialförvaltningen;Hemtjänst Norr;Vi har inget mer att säga om detta förslag",
            "Tekniska förvaltningen;Gata;Bättre cykelställ vid entrén",
            "Kultur och fritid;Bibliotek;Längre öppettider i simhallen",
            "Socialförvaltningen;Hemtjänst Norr;Vi har inget mer att säga om detta förslag"]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert len(read_suggestions(p).frame) == 4


def test_the_answers_under_kommentar_beat_a_few_lines_of_instructions(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    answers = wb.active
    answers.title = "Svar"
    answers.append(["Id", "Enhet", "Kommentar"])
    for i in range(30):
        answers.append([i + 1, "Hemtjänst Norr", f"Vi behöver fler vikarier under sommaren, förslag nummer {i}"])
    info = wb.create_sheet("Instruktioner")
    info.append(["Kolumn", "Beskrivning"])
    for line in ["Medarbetarens förslag i fritext, så utförligt som möjligt", "Enheten där medarbetaren arbetar",
                 "Ett löpnummer som systemet sätter på varje förslag"]:
        info.append(["x", line])
    p = tmp_path / "svar.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.info.sheet == "Svar" and s.columns.text == ("Kommentar",) and len(s.frame) == 30


@pytest.mark.parametrize("name", ["Vilket område vill du förbättra?", "Förslagsställarens förslag"])
def test_a_text_name_that_also_names_a_role_holds_the_text_when_its_values_are_free_text(tmp_path, name):
    p = tmp_path / "t.csv"
    p.write_text(f"Id;Enhet;{name};Kommentar\n"
                 "1;Hemtjänst Norr;Bättre ventilation i personalrummet, det är för varmt på sommaren.;Bra, ta upp på APT.\n"
                 "2;Förskola Solen;Vi behöver fler vikarier under helgerna, schemat går inte ihop.;Ok\n", encoding="utf-8")
    assert read_suggestions(p).columns.text == (name,)


def test_rows_and_columns_hidden_in_excel_are_read_and_named(tmp_path):
    # A list filtered to one unit and saved: the rows out of sight are read all the same (no row is left
    # out), and a note says so, naming the first hidden row as Excel numbers it.
    import openpyxl

    from forbattra.i18n import render

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    ws.append(["Enhet", "Förslag", "Intern kommentar"])
    for i in range(10):
        ws.append([f"Enhet {i % 3}", f"Förslag nummer {i} om bättre rutiner", "ok"])
    for row in (4, 7, 9):
        ws.row_dimensions[row].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws.auto_filter.ref = "A1:C11"
    p = tmp_path / "filtrerad.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert len(s.frame) == 10
    notes = [render(n, "sv") for n in s.info.notes]
    assert any("3 rader som är dolda i Excel" in n and "första: rad 4" in n for n in notes), notes
    assert any("1 kolumn som är dold i Excel" in n for n in notes), notes
    ws.row_dimensions[4].hidden = ws.row_dimensions[7].hidden = ws.row_dimensions[9].hidden = False
    ws.column_dimensions["C"].hidden = False
    wb.save(p)
    assert not any("dolda" in render(n, "sv") for n in read_suggestions(p).info.notes)


def _book(path, sheets, hidden=()):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


_ANSWERS = [["Datum", "Enhet", "Kommentar"]] + [
    ["2024-03-0%d" % i, "IT-avdelningen", t] for i, t in enumerate([
        "Vi borde införa digital signering av anställningsavtal så att nyanställda slipper papper.",
        "Personalrummet behöver en ny diskmaskin, den gamla har gått sönder tre gånger i år.",
        "Inför en gemensam kalender för alla enheter så att vi ser varandras möten.",
        "Fler laddstolpar vid stadshuset, det står alltid bilar och väntar."], start=1)]
_INFO = [["Information om förslagslådan"],
         ["Instruktion: Skriv ett förslag per rad och fyll i enhet och datum så att vi kan återkoppla."],
         ["Förslagen behandlas av ledningsgruppen en gång per månad och du får svar inom fyra veckor."]]


@pytest.mark.parametrize("sheets, hidden, chosen", [
    # an information or instruction sheet, before or after the answers, is not the data
    ([("Info", _INFO), ("Svar", _ANSWERS)], (), "Svar"),
    ([("Förslag", _ANSWERS), ("Instruktioner", _INFO[1:] * 2)], (), "Förslag"),
    # a cover or a pivot over a hidden data sheet: the data sheet
    ([("Rapport", [["Förbättringsförslag 2024"], ["Uttag från idélådan 2024-12-01"]]),
      ("Data", [["Datum", "Enhet", "Förslag"]] + _ANSWERS[1:])], ("Data",), "Data"),
    ([("Pivot", [["Radetiketter", "Antal av Förslag"], ["IT-avdelningen", 4], ["Totalsumma", 4]]),
      ("Rådata", [["Datum", "Enhet", "Förslag"]] + _ANSWERS[1:])], ("Rådata",), "Rådata"),
])
def test_information_cover_and_summary_sheets_are_not_read_as_the_answers(tmp_path, sheets, hidden, chosen):
    s = read_suggestions(_book(tmp_path / "b.xlsx", sheets, hidden))
    assert s.info.sheet == chosen and len(s.frame) == 4
    assert s.frame[TEXT].iloc[0].startswith("Vi borde införa digital signering")


@pytest.mark.parametrize("content, text, group, n", [
    # a question about the area that also asks what to change is the suggestion's column, short answers and all
    ("Enhet;Vilket område gäller ditt förslag och vad vill du ändra?\nBygglov;Fler parkeringsplatser\n"
     "Bygglov;Bättre wifi\nIT;Ny kaffemaskin\nIT;Mer personal\nHR;Tystare lokaler\n",
     "Vilket område gäller ditt förslag och vad vill du ändra?", "Enhet", 5),
    # a first data row under an unnamed column is data, not a second header row
    ("Arbetsplats;;Idé\nBygglov;Team;Fler laddstolpar\nIT;Team Syd;Personalrummet behöver en ny diskmaskin.\n"
     "HR;Team Väst;Inför en gemensam kalender för alla enheter.\n", "Idé", "Arbetsplats", 3),
    # the proposer's "name, title, unit" is no suggestion beside a column named for it
    ("Förslagsställare;Förslag;Datum\nAnna Svensson, undersköterska Hemtjänst Norr;Bättre wifi överallt;2024-03-01\n"
     "Erik Johansson, undersköterska Hemtjänst Norr;Fler parkeringsplatser;2024-03-02\n", "Förslag", None, 2),
    # a unit's manager is no unit
    ("Avdelningschef;Avdelning;Förslag\nBirgitta Holm;Hemtjänst Norr;Vi borde införa digital signering.\n"
     "Karl Berg;Bygglov;Personalrummet behöver en ny diskmaskin.\n", "Förslag", "Avdelning", 2),

    # a survey's second header row with a label of its own under the question ("Öppet svar")
    ("Vilken enhet arbetar du på?;;Vad vill du förbättra?\nFörvaltning;Enhet;Öppet svar\n"
     "Socialförvaltningen;Hemtjänst Norr;Vi borde införa digital signering av avtalen.\n"
     "Socialförvaltningen;Hemtjänst Syd;Personalrummet behöver en ny diskmaskin.\n", "Vad vill du förbättra?", "Enhet", 2),
    # which department, answered by its name, beside the comments: the comments are the suggestions
    ("Vilken avdelning vill du förbättra?;Kommentar\nHemtjänst Norr;Vi borde införa digital signering av avtalen.\n"
     "Bygglov;Personalrummet behöver en ny diskmaskin, den gamla är trasig.\n",
     "Kommentar", "Vilken avdelning vill du förbättra?", 2),
    # a unit column whose name also names its manager is still the unit
    ("Enhet/chef;Förslag\nHemtjänst Norr;Vi borde införa digital signering av avtalen.\n"
     "Bygglov;Personalrummet behöver en ny diskmaskin.\n", "Förslag", "Enhet/chef", 2),
    # a suggestion column nobody filled in beside a unit column: the units are not the suggestions
    ("Datum;Enhet;Förslag\n2024-03-01;Hemtjänst Norra området;\n2024-03-02;Hemtjänst Södra området;\n",
     "Förslag", "Enhet", 2),

    # a second header row whose unit label starts the units' names ("Enhet" over "Enhet Nord")
    ("Respondent;Vilken enhet arbetar du på?;;Förslag\n;Förvaltning;Enhet;\n"
     "1000;Socialförvaltningen;Enhet Nord;Vi borde införa digital signering av avtalen.\n"
     "1001;Socialförvaltningen;Enhet Syd;Personalrummet behöver en ny diskmaskin.\n", "Förslag", "Enhet", 2),
    # a role question answered in free text beside a case officer's comment: the question's column
    ("Vilket område vill du förbättra?;Kommentar\n"
     "Parkeringen vid stadshuset är alltid full, vi behöver fler platser för personalen;Vi tar upp det i nämnden "
     "i höst och återkommer med ett besked till alla som lämnat förslag om parkeringen\n"
     "Personalrummet är för litet för oss som jobbar här, vi får äta i omgångar;Förslaget skickas vidare till "
     "lokalförsörjningen som ser över ytorna under nästa år tillsammans med skyddsombuden\n",
     "Vilket område vill du förbättra?", None, 2),
])
def test_columns_chosen_as_a_development_officer_would(tmp_path, content, text, group, n):
    p = tmp_path / "e.csv"
    p.write_text(content, encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == (text,) and s.columns.group == group and len(s.frame) == n


def test_a_header_repeated_in_the_definite_form_is_a_repeated_header(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "twice.csv"
    p.write_text("Datum;Enhet;Förslag\n2024-03-01;Bygglov;Vi borde införa digital signering av avtal.\n"
                 "Datum;Enheten;Förslaget\n2024-04-01;IT;Personalrummet behöver en ny diskmaskin.\n", encoding="utf-8")
    s = read_suggestions(p)
    assert len(s.frame) == 3 and s.frame[TEXT].iloc[1] in ("", None) and s.frame[GROUP].iloc[1] in ("", None)
    assert any("rubrikraden står igen" in render(n, "sv") for n in s.info.notes)


@pytest.mark.parametrize("names, found, missing, message", [
    (("Svar", "Info"), ("1", "Svar"), "5", "inget blad nummer 5; filen har 2 blad: Svar, Info"),
    (("2023", "2024"), ("2024", "2024"), "2025", "inget blad som heter '2025'"),  # a year is a sheet's name
])
def test_a_sheet_past_the_last_is_named_as_a_number_or_a_name(tmp_path, names, found, missing, message):
    from forbattra.errors import InputFileError
    from forbattra.i18n import render

    p = _book(tmp_path / "b.xlsx", [(names[0], _ANSWERS), (names[1], _INFO)])
    assert read_suggestions(p, sheet=found[0]).info.sheet == found[1]
    with pytest.raises(InputFileError) as err:
        read_suggestions(p, sheet=missing)
    assert message in render(err.value.message, "sv")


def test_a_sheet_name_in_other_case_is_that_sheet(runner, tmp_path):
    """Excel's sheet names ignore case (a workbook cannot hold both 'svar' and 'Svar'): --sheet blad2 reads
    'Blad2'."""
    p = _book(tmp_path / "b.xlsx", [("Blad1", _INFO), ("Blad2", _ANSWERS)])
    assert read_suggestions(p, sheet="blad2").info.sheet == "Blad2"
    assert read_suggestions(p, sheet="BLAD2").info.sheet == "Blad2"
    r = runner.invoke(app, ["classify", str(p), "--sheet", "blad2", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert f"Läste {p} (xlsx, blad 'Blad2')" in r.stderr


def test_an_empty_sheet_chosen_by_number_names_the_sheets_with_data(runner, tmp_path):
    p = _book(tmp_path / "b.xlsx", [("Blad1", []), ("Blad2", _ANSWERS), ("Blad3", [])])
    r = runner.invoke(app, ["classify", str(p), "--sheet", "1", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Fel: {p}: bladet 'Blad1' är tomt; blad med data: 'Blad2'; välj ett av dem med --sheet "
                        "(t.ex. --sheet 'Blad2') eller utelämna --sheet\n")
    r = runner.invoke(app, ["classify", str(p), "--sheet", "Blad3", "--lang", "en", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Error: {p}: sheet 'Blad3' is empty; sheets with data: 'Blad2'; choose one with --sheet "
                        "(e.g. --sheet 'Blad2') or leave --sheet out\n")


def test_a_workbook_holding_only_a_note_or_nothing_is_one_line_not_zero_rows(runner, tmp_path):
    """A workbook whose only sheet held a title line and no table ("Förslag från medarbetarenkäten 2025": the
    answers not pasted in yet) was read as a header of no rows: 0 rows, exit 0, empty outputs written. It is one
    line naming the file, the sheet and what was expected (exit 3, nothing written); an empty sheet names its
    sheet too. A header of no rows (an export with no answers yet) is still 0 rows, as a .csv's is."""
    out = tmp_path / "o.jsonl"
    note = _book(tmp_path / "note.xlsx", [("Info", [["Förslag från medarbetarenkäten 2025"]])])
    r = runner.invoke(app, ["classify", str(note), "-o", str(out)])
    assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr == (f"Fel: {note}: bladet 'Info' har bara en rad text ('Förslag från medarbetarenkäten 2025') och "
                        "ingen tabell med förslag; förväntade en rubrikrad (t.ex. Enhet, Förslag) med ett förslag per "
                        "rad under — lägg in svaren på bladet, eller välj bladet med svaren med --sheet\n")
    r = runner.invoke(app, ["classify", str(note), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 3 and "sheet 'Info' holds just one line of text" in r.stderr, r.stderr
    empty = _book(tmp_path / "tom.xlsx", [("Förslag", [])])
    r = runner.invoke(app, ["classify", str(empty), "-o", str(out)])
    assert r.exit_code == 3 and r.stderr == (f"Fel: {empty}: bladet 'Förslag' är tomt; inget blad i filen har data; "
                                             "exportera uppgifterna igen\n"), r.stderr
    assert not out.exists()
    for header in (["Förslag"], ["Enhet", "Förslag"]):
        p = _book(tmp_path / f"h{len(header)}.xlsx", [("Svar", [header])])
        assert len(read_suggestions(p).frame) == 0


def test_two_tables_side_by_side_are_said_to_be_read_as_one(runner, tmp_path):
    """Two lists side by side on one sheet (A–C and E–G, column D empty) were read as one table without a word:
    each row took columns of both, and the right list's suggestions were no rows of their own. A note says so
    and how to fix it (.xlsx and .csv alike); one table with an empty column in it gets none."""
    from forbattra.i18n import render

    rows = [["Enhet", "Förslag", "Datum", None, "Enhet", "Förslag", "Datum"],
            ["Hemtjänst", "Fler vikarier på helgerna behövs", "2025-01-02", None, "Skola", "Bättre wifi i klassrummen", "2025-02-03"],
            ["Kök", "Ny diskmaskin i köket behövs", "2025-01-05", None, "Skola", "Fler datorer till eleverna", "2025-02-04"]]
    book = _book(tmp_path / "sida.xlsx", [("Förslag", rows)])
    text = tmp_path / "sida.csv"
    text.write_text("".join(";".join(v or "" for v in r) + "\n" for r in rows), encoding="utf-8")
    for p in (book, text):
        notes = [render(n, "en") for n in read_suggestions(p).info.notes]
        assert ("two tables seem to stand side by side (columns A–C and E–G, the empty column D between them)"
                in notes[0]), (p, notes)
    r = runner.invoke(app, ["classify", str(book), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "två tabeller verkar stå bredvid varandra (kolumnerna A–C och E–G" in r.stderr
    one = tmp_path / "en.csv"
    one.write_text("Id;Enhet;;Förslag;Datum\n1;Skola;;Bättre wifi i klassrummen;2025-02-03\n", encoding="utf-8")
    assert not any("side by side" in render(n, "en") for n in read_suggestions(one).info.notes)


def test_two_tables_side_by_side_in_a_big_csv_get_the_note_too(runner, tmp_path, monkeypatch):
    """A .csv big enough to be classified in chunks (the streaming reader) read the two tables as one without the
    note the whole-file reader gives: the same note, in the same place among the others."""
    from forbattra import workflow

    text = tmp_path / "sida.csv"
    text.write_text("Enhet;Förslag;Datum;;Enhet;Förslag;Datum\n"
                    "Hemtjänst;Fler vikarier på helgerna behövs;2025-01-02;;Skola;Bättre wifi i klassrummen;2025-02-03\n"
                    "Kök;Ny diskmaskin i köket behövs;2025-01-05;;Skola;Fler datorer till eleverna;2025-02-04\n",
                    encoding="utf-8")
    whole = runner.invoke(app, ["classify", str(text), "-o", str(tmp_path / "w.jsonl")])
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    streamed = runner.invoke(app, ["classify", str(text), "-o", str(tmp_path / "s.jsonl")])
    assert whole.exit_code == 0 and streamed.exit_code == 0, (whole.stderr, streamed.stderr)
    note = "två tabeller verkar stå bredvid varandra (kolumnerna A–C och E–G, med den tomma kolumnen D emellan)"
    assert note in whole.stderr
    assert note in streamed.stderr, streamed.stderr
    notes = [[ln for ln in r.stderr.splitlines() if ln.startswith("  ") and "i delar" not in ln] for r in (whole, streamed)]
    assert notes[0] == notes[1] and len(notes[0]) >= 2


def test_a_suggestion_column_nobody_filled_in_is_the_text_column_and_every_row_is_empty(tmp_path):
    p = tmp_path / "tom.csv"
    p.write_text("Enhet;Förslag\nHemtjänst;\nSkola;\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Förslag",) and len(s.frame) == 2 and not any(s.frame[TEXT])


def test_an_answers_table_on_a_sheet_named_like_a_report_is_read(tmp_path):
    # an about-name demotes a sheet of a few lines or one column, not a table of answers called "Rapport"
    answers = [["Datum", "Enhet", "Förslag"]] + _ANSWERS[1:] + _ANSWERS[1:]
    notes = [["Att göra"], ["Ringa leverantören om avtalet"], ["Boka möte med HR om introduktionen"]]
    s = read_suggestions(_book(tmp_path / "r.xlsx", [("Rapport", answers), ("Blad2", notes)]))
    assert s.info.sheet == "Rapport" and len(s.frame) == 8
    s = read_suggestions(_book(tmp_path / "h.xlsx", [("Rapport", answers), ("2023", answers[:4])], hidden=("2023",)))
    assert s.info.sheet == "Rapport"


def test_hidden_empty_rows_after_the_data_are_not_named(tmp_path):
    import openpyxl

    from forbattra.i18n import render

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Enhet", "Förslag"])
    ws.append(["IT", "Bättre wifi i hela huset"])
    for row in range(10, 60):
        ws.row_dimensions[row].hidden = True
    p = tmp_path / "f.xlsx"
    wb.save(p)
    assert not any("dolda" in render(n, "sv") for n in read_suggestions(p).info.notes)


def test_a_short_answers_table_named_like_a_report_beats_instructions(tmp_path):
    answers = [["Datum", "Enhet", "Förslag"]] + _ANSWERS[1:]
    instructions = [["Om förslagslådan"]] + [[_INFO[1][0]], [_INFO[2][0]], [_INFO[1][0]], [_INFO[2][0]]]
    s = read_suggestions(_book(tmp_path / "r.xlsx", [("Rapport", answers), ("Blad1", instructions)]))
    assert s.info.sheet == "Rapport" and len(s.frame) == 4


@pytest.mark.parametrize("repeat", ["DATUM;ENHET;FÖRSLAG", "datum;enhet;förslag", "Datum ; Enheten ; Förslaget "])
def test_a_header_repeated_in_capitals_lower_case_or_with_spaces_is_a_repeated_header(tmp_path, repeat):
    p = tmp_path / "twice.csv"
    p.write_text("Datum;Enhet;Förslag\n2024-03-01;Bygglov;Vi borde införa digital signering av avtal.\n"
                 f"{repeat}\n2024-04-01;IT;Personalrummet behöver en ny diskmaskin.\n", encoding="utf-8")
    whole = read_suggestions(p)
    assert len(whole.frame) == 3 and not whole.frame[TEXT].iloc[1]
    import pandas as pd

    from forbattra.inputs.tables import iter_suggestions

    _, _, chunks = iter_suggestions(p)
    streamed = pd.concat(list(chunks))
    assert list(streamed[TEXT]) == list(whole.frame[TEXT])


@pytest.mark.parametrize("header,wide", [
    ("id;Enhet;Förslag", "3;B;Mer tid för dokumentation;och utbildning i journalsystemet"),  # a row wider than it
    ("id;Förslag;Förslag", None),  # a name written twice: the columns are Förslag and Förslag (2)
])
def test_a_header_repeated_beside_a_wider_row_or_a_name_written_twice_is_a_repeated_header(tmp_path, header, wide):
    """A row with one field more than the header (an unquoted ';' in a text) gives its column the name "Kolumn 4";
    the header repeated further down has no cell there, so it was not known as the header and became a
    suggestion of its own: the text "Förslag", the id "id", the unit "Enhet", with a theme (0.53 'brukare'). So
    for a header with a name written twice ("Förslag (2)"). Read whole or streamed, the repeat is an empty row."""
    import pandas as pd

    from forbattra.inputs.tables import iter_suggestions

    p = tmp_path / "twice.csv"
    rows = [header, "1;A;Vi borde införa digital signering av avtal.", header,
            "2;IT;Personalrummet behöver en ny diskmaskin."] + ([wide] if wide else [])
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    whole = read_suggestions(p)
    assert len(whole.frame) == len(rows) - 1
    assert whole.frame[TEXT].iloc[1] == "" and whole.frame[ID].iloc[1] is None
    assert any(getattr(n, "key", None) == "note_header_again" for n in whole.info.notes)
    _, _, chunks = iter_suggestions(p)
    streamed = pd.concat(list(chunks))
    assert list(streamed[TEXT]) == list(whole.frame[TEXT]) and streamed[ID].iloc[1] is None


@pytest.mark.parametrize("sheets, chosen", [
    # the answers table itself called "Information", beside notes
    ([("Information", [["Datum", "Enhet", "Förslag"]] + _ANSWERS[1:]),
      ("Blad2", [["Att göra"], ["Kom ihåg att skicka sammanställningen till nämnden"], ["Fråga HR om förslagen"]])],
     "Information"),
    # a table describing the export's fields (its first column the column names) is no answers table
    ([("Instruktion", [["Fält", "Beskrivning"],
                       ["Förslag", "Skriv ett förslag per rad och fyll i enhet och datum så att vi kan återkoppla."],
                       ["Enhet", "Den enhet du arbetar på, som den heter i organisationsschemat i dag."],
                       ["Datum", "Dagen du skickar in förslaget, skrivet som år, månad och dag."]]),
      ("Förslag", [["Datum", "Enhet", "Förslag"], ["2024-03-01", "IT", "Fler parkeringsplatser"],
                   ["2024-03-02", "IT", "Bättre wifi"], ["2024-03-03", "HR", "Ny kaffemaskin"]])], "Förslag"),
])
def test_sheets_about_the_file_and_answers_sheets_named_like_them(tmp_path, sheets, chosen):
    assert read_suggestions(_book(tmp_path / "b.xlsx", sheets)).info.sheet == chosen


def test_an_esmaker_export_with_numbered_questions_pasted_twice_keeps_its_header(tmp_path):
    rows = ["Respondent-ID;Datum;Fråga 1: Enhet;Fråga 2: Roll;Fråga 3: Ditt förslag"]
    for i in range(5):
        rows.append(f"{1000 + i};2024-03-0{i + 1} 00:00;Enhet {i};Chef;Förslag nummer {i} om bättre rutiner på enheten.")
    rows.append(rows[0])
    rows += [f"{1005 + i};2024-03-1{i} 00:00;Enhet {i};Lärare;Ett annat förslag {i} om schemat och helgerna." for i in range(3)]
    p = tmp_path / "esmaker.csv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Fråga 3: Ditt förslag",) and s.columns.group == "Fråga 1: Enhet"
    assert len(s.frame) == 9 and not s.frame[TEXT].iloc[5]


def test_a_survey_s_other_option_names_its_column_in_the_second_header_row(tmp_path):
    p = _book(tmp_path / "s.xlsx", [("Svar", [
        ["Starttid", "Vilken enhet arbetar du på?", None, "Har du förslag på förbättringar?"],
        [None, "Enhet", "Annan, ange", "Öppet svar"],
        ["2024-03-01", "Hemtjänst Söder", None, "Översätt informationsbladen till fler språk, många förstår inte."],
        ["2024-03-02", "IFO", None, "Kopiatorn på plan 2 står ofta still i flera dagar, vi behöver ett serviceavtal."]])])
    s = read_suggestions(p)
    assert s.columns.text == ("Har du förslag på förbättringar?",) and s.columns.group == "Enhet" and len(s.frame) == 2


def test_a_named_column_of_mostly_no_suggestions_gives_way_to_the_free_text(tmp_path):
    """A survey's "Övriga synpunkter" ("Nej", "Bra enkät") was chosen by its name over "Fråga 3", where the
    suggestions were: 7 of 20 classified."""
    from forbattra.i18n import render

    texts = ["Vi behöver fler vikarier i hemtjänsten under sommaren", "Inför digital signering av anställningsavtal",
             "Bättre wifi i personalrummet på förskolan", "Ventilationen i klassrum 12 fungerar inte alls",
             "Mer tid för kompetensutveckling om demens", "Fler parkeringsplatser vid stadshuset behövs"]
    other = ["Bra enkät", "Nej", "", "Nej", "Bra enkät", "Inga synpunkter"]
    p = tmp_path / "enkat.csv"
    p.write_text("Respondent;Enhet;Fråga 3;Övriga synpunkter\n" + "".join(
        f"{i};Enhet {i % 2};{t};{o}\n" for i, (t, o) in enumerate(zip(texts, other))), encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Fråga 3",) and list(s.frame[TEXT]) == texts
    assert any("'Övriga synpunkter' har mest svar som inte är förslag" in render(n, "sv") for n in s.info.notes)
    # a suggestion column where most answered "Nej" stays chosen beside free text under a telling name
    some = ["Nej", "Inga förslag", texts[0], "Vet inte", "Nej", texts[1]]
    p.write_text("Enhet;Vad fungerar bra på din arbetsplats?;Har du förslag på förbättringar?\n" + "".join(
        f"A;{t} fungerar bra hos oss;{o}\n" for t, o in zip(texts, some)), encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Har du förslag på förbättringar?",)
    p.write_text("Id;Förslag;Handläggarens kommentar\n" + "".join(
        f"{i};{o};Handläggaren svarar: {t}\n" for i, (t, o) in enumerate(zip(texts, ["Nej"] * 6))), encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Förslag",)
    # a named column of suggestions stays chosen beside a longer comment column
    p.write_text("Enhet;Förslag;Kommentar\n" + "".join(
        f"A;{t[:20]};Handläggarens kommentar: {t} och mer text här\n" for t in texts), encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Förslag",)


# CSV files made by hand or cut short: every row kept, and the row Excel shows named (round 22).

def _both(path, **kw):
    """The whole-file reader's and the streaming reader's (small chunks) frames and notes."""
    import pandas as pd

    whole = read_suggestions(path)
    cols, info, chunks = iter_suggestions(path, chunk_rows=3, **kw)
    frame = pd.concat(list(chunks)).reset_index(drop=True)
    assert frame.equals(whole.frame.reset_index(drop=True)) and cols == whole.columns
    return whole, [n for n in info.notes if n.key != "note_streaming"]


@pytest.mark.parametrize("block", [None, 64])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_utf8_export_cut_inside_a_character_keeps_its_encoding(tmp_path, monkeypatch, bom, block):
    """A UTF-8 export copied in while the nightly job read it, cut between the two bytes of an "ä": the
    whole file was read as two exports pasted together (that line as Windows-1252), and the last row came
    out as mojibake — its unit "Skolan VÃ¤stra" stored as a unit of its own, "sÃ¥" in its text —, with no
    note. The half character is left out (the row read as far as it came, as a cut file's last row is) and
    the row named; both readers alike (the streaming one also where the file is bigger than the block it
    detects the encoding on, ``block``). A Windows-1252 export that ends in "Ä" is no such file."""
    import forbattra.inputs.tables as tables
    from forbattra.i18n import render

    if block:
        monkeypatch.setattr(tables, "STREAM_BLOCK", block)

    rows = "".join(f"{i},2026-03-{i:02d},Skolan Västra,Förslag nummer {i} om lärarnas planeringstid\r\n"
                   for i in range(1, 8))
    whole = ("id,datum,enhet,förslag\r\n" + rows + "8,2026-03-08,Skolan Västra,Fler vikarier så vi slipper stä"
             ).encode("utf-8")
    p = tmp_path / "halv.csv"
    p.write_bytes(bom + whole[:-1])  # (the ä's second byte not yet there)
    for single_pass in (False, True):
        s, notes = _both(p, single_pass=single_pass)
        assert s.info.encoding == ("utf-8-sig" if bom else "utf-8")
        assert list(s.frame.iloc[-1][["id", "enhet", TEXT]]) == ["8", "Skolan Västra", "Fler vikarier så vi slipper st"]
        assert set(s.frame["enhet"]) == {"Skolan Västra"}
        assert [render(n, "sv") for n in notes] == [render(n, "sv") for n in s.info.notes] == [
            "rad 9, den sista, ser avbruten ut: filen slutar mitt i ett tecken (UTF-8), som lästes bort; är filen "
            "komplett? Spara eller exportera den igen om inte"]
        assert render(notes[0], "en") == (
            "row 9, the last, looks cut off: the file ends in the middle of a (UTF-8) character, which was left out; "
            "is the file complete? Save or export it again if not")
    p.write_bytes(whole)  # the whole file: no note
    assert _both(p)[1] == [] and read_suggestions(p).frame[TEXT].iloc[-1] == "Fler vikarier så vi slipper stä"
    p.write_bytes("id;enhet;förslag\r\n1;Förskolan Solen;Bättre ventilation i lekhallen\r\n2;Kök;Ny diskmaskin ÅÄ"
                  .encode("cp1252"))  # Windows-1252 ending in "Ä" (0xC4, a UTF-8 lead byte): read whole
    s, notes = _both(p)
    assert s.info.encoding == "cp1252" and s.frame[TEXT].iloc[-1] == "Ny diskmaskin ÅÄ" and notes == []


@pytest.mark.parametrize("name", ["export.txt", "export.csv"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_unicode_text_export_cut_inside_a_character_is_read_as_far_as_it_came(tmp_path, name, codec):
    """Excel's "Unicode text" (UTF-16 with its byte-order mark, tabs) copied in while the job read it, cut after
    an odd number of bytes: refused — a .txt as "not UTF-8, UTF-16 or Windows-1252; save it as UTF-8", a .csv as
    damaged UTF-16 —, where a UTF-8 export cut so is read as far as it came. Now the half character is left out
    and the last row named, as for UTF-8; a cut between the two halves of an emoji too."""
    from forbattra.i18n import render
    from forbattra.inputs import load

    bom = "\ufeff".encode(codec)
    text = "id\tenhet\tförslag\r\n1\tSkolan Västra\tFler vikarier\r\n2\tKöket\tNy diskmaskin behövs"
    p = tmp_path / name
    for cut, tail, read in ((1, "behövs", "behöv"), (3, "behövs", "behö"), (1, "behövs 👍", "behövs"),
                            (3, "behövs 👍", "behövs")):
        whole = bom + text.replace("behövs", tail).encode(codec)
        p.write_bytes(whole[:-cut])
        s, _skipped = load(p)
        assert s.info.encoding == "utf-16"
        assert list(s.frame[TEXT]) == ["Fler vikarier", "Ny diskmaskin " + read]
        assert list(s.frame["enhet"]) == ["Skolan Västra", "Köket"]
        assert [render(n, "en") for n in s.info.notes] == [
            "row 3, the last, looks cut off: the file ends in the middle of a (UTF-16) character, which was left "
            "out; is the file complete? Save or export it again if not"]
    p.write_bytes(bom + text.encode(codec))  # the whole file: no note
    s, _skipped = load(p)
    assert s.frame[TEXT].iloc[-1] == "Ny diskmaskin behövs" and s.info.notes == []


def test_an_unclosed_quote_in_a_file_whose_rows_leave_off_empty_fields_keeps_every_row(tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text('Id;Enhet;Förslag;Kommentar\n1;A;Fler vikarier på helgerna;Bra\n2;B;"Nya datorer\n'
                 "3;C;Bättre wifi\n4;D;Ergonomiska stolar;Behövs\n5;E;Mer lön\n6;F;Nya bilar\n"
                 "7;G;Fler parkeringar;Ok\n", encoding="utf-8")
    for single_pass in (False, True):
        s, notes = _both(p, single_pass=single_pass)
        assert list(s.frame[ID]) == [str(i) for i in range(1, 8)]
        assert list(s.frame[TEXT]) == ["Fler vikarier på helgerna", '"Nya datorer', "Bättre wifi", "Ergonomiska stolar",
                                       "Mer lön", "Nya bilar", "Fler parkeringar"]
        assert list(s.frame["Kommentar"]) == ["Bra", "", "", "Behövs", "", "", "Ok"]
        assert notes == s.info.notes == ["row 3: unbalanced quote; read as plain text"]
    # below a row wider than the header (a ';' in a text), the same
    p.write_text('Id;Förslag;Enhet\r\n2;Fler vikarier;B\r\n3;Bättre wifi; snabbare datorer;C\r\n'
                 '4;"Inget slut på citat;D\r\n5;Ergonomiska stolar;E\r\n6;Mer lön;F\r\n7;Nya skor;G\r\n', encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[ID]) == ["2", "3", "4", "5", "6", "7"] and s.frame[TEXT].iloc[2] == '"Inget slut på citat'
    assert list(s.frame[GROUP]) == ["B", "snabbare datorer", "D", "E", "F", "G"]
    assert notes[0] == "row 4: unbalanced quote; read as plain text" and notes[1].key == "note_extra_fields"


def test_an_unclosed_quote_that_cannot_be_undone_stops_or_is_named_never_silent(tmp_path):
    p = tmp_path / "trasig.csv"
    # the lines it swallows are rows and text mixed: refused, naming the row (both readers alike)
    p.write_text('id;Enhet;Förslag\n1;A;Fler vikarier\n2;B;"Vi vill ha\nmer tid\n3;C;Bättre wifi\n4;D;Nya datorer\n'
                 "bättre mat\nfler bilar\n", encoding="utf-8")
    with pytest.raises(InputFileError) as whole:
        read_suggestions(p)
    with pytest.raises(InputFileError) as streamed:
        _both(p)
    assert str(whole.value) == str(streamed.value)
    assert "row 3: a quote opens a cell that runs over the next 5 lines" in str(whole.value)
    # the lines it swallows are only text (a file cut inside a cell of several lines): kept, and said so
    p.write_text('id;Enhet;Förslag\n1;A;Fler vikarier\n2;B;"Vi vill ha\nmer tid\noch fler', encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == ["Fler vikarier", "Vi vill ha\nmer tid\noch fler"]
    assert notes == s.info.notes == ["row 3: a quote is never closed before the end of the file, so the rest of the "
                                     "file is read as one cell of that row; close the quote if that is wrong, and "
                                     "check that the file is complete"]


def test_a_one_column_list_with_a_delimiter_in_one_suggestion_is_one_column(tmp_path):
    texts = ["Fler vikarier på helgerna", "Bättre wifi i klassrummen", "Mer utbildning för alla", "Ergonomiska stolar",
             "Nya bilar till hemtjänsten", "Fler parkeringsplatser; gärna med laddstolpar",
             "Digital signering av avtal", "Bättre ventilation"]
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    s, notes = _both(p)
    assert s.info.header_row == 1 and s.columns.text == ("Förslag",) and list(s.frame[TEXT]) == texts and not notes
    # the ';' on the third line: no title rows above a header further down
    texts = ["Fler vikarier, bättre schema, mer lön, nya bilar", "Bättre wifi, nya datorer, fler skrivare",
             "Mer utbildning; fler kurser", "Ergonomiska stolar"]
    p.write_text("Förslag\r\n" + "\r\n".join(texts) + "\r\n", encoding="utf-8")
    s, notes = _both(p)
    assert s.info.header_row == 1 and list(s.frame[TEXT]) == texts and not notes
    assert sniff_delimiter("Förslag\nEtt\nTvå; tre\n") != ";"
    assert sniff_delimiter("Förslag\nEtt\nTvå\n") == ";"  # no delimiter anywhere: as before
    assert sniff_delimiter("Förslag;Kommentar\nEtt\nTvå\nTre;ok\n") == ";"  # a header naming two columns


def test_a_one_column_list_whose_texts_have_commas_keeps_each_line_whole(tmp_path):
    """A header of one name ("Förslag") over texts that mostly have a comma: the file was read as comma-separated,
    the header taken for data, each text cut at its commas into kolumn_1…kolumn_4, and only the longest part
    classified ("fler raster och nya stolar" without "Bättre kaffe"; "Mer ljus i korridoren" an empty row)."""
    texts = ["Bättre kaffe, fler raster och nya stolar", "Mer ljus i korridoren", "Fler laddstolpar, tack",
             "Vi behöver, helt enkelt, mer personal på kvällarna, helgerna", "Nya datorer, gärna bärbara"]
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    s, notes = _both(p)
    assert s.info.header_row == 1 and s.columns.text == ("Förslag",) and list(s.frame[TEXT]) == texts and not notes
    # every text with one comma: as consistent as a two-column table, still one column
    p.write_text("Förslag\nBättre kaffe, tack\nMer ljus, tack\nFler raster, gärna\n", encoding="utf-8")
    s, _ = _both(p)
    assert list(s.frame[TEXT]) == ["Bättre kaffe, tack", "Mer ljus, tack", "Fler raster, gärna"]
    texts = [f"Förslag nummer {i}, om lokalerna, och stolarna" for i in range(1, 41)]  # each with two commas
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    s, _ = _both(p)
    assert list(s.frame[TEXT]) == texts
    # a title line above a comma-separated table stays a title: the table is read
    assert sniff_delimiter("Förslagsexport 2025\nID,Förslag,Enhet\n1,Bättre kaffe,A\n2,Mer ljus,B\n") == ","
    assert sniff_delimiter("Export\nfoo,bar,baz\n1,Bättre kaffe,A\n2,Mer ljus,B\n3,Fler raster,C\n") == ","
    assert sniff_delimiter("ID,Förslag\n1,Bättre kaffe, tack\n2,Mer ljus\n") == ","
    # a header naming only the first of two columns, their cells not begun with a space: read as before
    assert sniff_delimiter("Förslag\nBättre kaffe i fikarummet,A\nMer ljus,B\nFler raster,C\n") == ","


def test_csv_notes_name_the_rows_excel_shows(tmp_path):
    from forbattra.i18n import render

    p = tmp_path / "rader.csv"
    p.write_text('Datum;Förslag;Enhet\n2025-03-01;"Rad ett\nrad två\nrad tre";A\n\n2025-03-02;Bättre wifi; nya datorer;B\n'
                 'vecka 12;Nya datorer;C\n2025-03-04;"Ergonomiska stolar;D\n2025-03-05;Fler vikarier;E\n'
                 "2025-03-06;Mer lön;F\n2025-03-07;Nya bilar;G\n", encoding="utf-8")
    # Excel: the header row 1, the cell of three lines row 2, the empty line row 3, then rows 4, 5, 6 …
    s, notes = _both(p)
    assert len(s.frame) == 7 and s.frame[TEXT].iloc[3] == '"Ergonomiska stolar'
    sv = [render(n, "sv") for n in s.info.notes]
    assert sv[0] == "rad 6: citattecken som inte stängs; läst som vanlig text"
    assert "1 rad har fler fält än rubrikraden (rad 4, 4 fält mot 3)" in sv[1]
    assert "'vecka 12'; rad 5)" in sv[-1]
    assert [render(n, "sv") for n in notes] == sv[:2]
    p.write_text('id;Förslag;Enhet\n1;"Två\nrader";A\n2;"Tyst rum; behövs;B\n3;Datorerna;C\n4;Skåp;A\n',
                 encoding="utf-8")
    with pytest.raises(InputFileError) as e:  # the error names the row so too
        read_suggestions(p)
    assert "row 3: a quote opens a cell that runs over the next 2 lines" in str(e.value)


def test_a_csv_cut_off_in_its_last_row_is_named(tmp_path):
    from forbattra.i18n import render

    rows = "".join(f"F-{i};2026-01-{i:02d};Enhet {i % 3};Förslag nummer {i} om arbetsmiljön\r\n" for i in range(1, 30))
    p = tmp_path / "halv.csv"
    p.write_text("Id;Datum;Enhet;Förslag\r\n" + rows + '"F-30";2026-01-30;Enh', encoding="utf-8")
    for single_pass in (False, True):
        s, notes = _both(p, single_pass=single_pass)
        assert len(s.frame) == 30 and list(s.frame.iloc[-1][["Id", "Enhet", TEXT]]) == ["F-30", "Enh", ""]
        assert [render(n, "sv") for n in notes] == [render(n, "sv") for n in s.info.notes] == [
            "rad 31, den sista, ser avbruten ut: filen slutar mitt i den, utan radbrytning, med 3 fält av "
            "rubrikradens 4; är filen komplett? Spara eller exportera den igen om inte"]
    p.write_text("Id;Datum;Enhet;Förslag\r\n" + rows + "F-30;2026-01-30;Enhet 0;Sista", encoding="utf-8")
    assert not _both(p)[1]  # a whole last row without a line break after it is no cut
    p.write_text("Id;Datum;Enhet;Förslag\r\n" + rows + "  ", encoding="utf-8")
    assert not _both(p)[1]  # nor is a last line of spaces
    # cut inside a quote that is never closed: read as plain text, and the row named
    p.write_text('id;Enhet;Förslag\n1;X;"Vi behöver fler', encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == ['"Vi behöver fler'] and notes == s.info.notes == [
        "row 2: unbalanced quote; read as plain text"]



def test_a_note_that_rows_may_be_cut_is_a_warning_a_quiet_nightly_job_still_sees(tmp_path):
    """A file still being copied when the job read it: the note on its cut last row was status (hidden by --quiet,
    level "info" in a JSON log), so a nightly job lost the row's text without a word. It is a warning now (event
    reader_warning); a note that rows were found as they should be (a sheet chosen) stays status."""
    from typer.testing import CliRunner

    p = tmp_path / "natt.csv"
    p.write_text("id;Enhet;Förslag\n1;Hemtjänst Norr;Schemat borde läggas ut tidigare\n2;Hemtjänst Sö", encoding="utf-8")
    r = CliRunner().invoke(app, ["--quiet", "classify", str(p), "-o", str(tmp_path / "ut.csv")])
    assert r.exit_code == 0 and r.stderr.splitlines() == [
        "Varning: rad 3, den sista, ser avbruten ut: filen slutar mitt i den, utan radbrytning, med 2 fält av "
        "rubrikradens 3; är filen komplett? Spara eller exportera den igen om inte"]
    r = CliRunner().invoke(app, ["--quiet", "--log-format", "json", "classify", str(p), "-o", str(tmp_path / "ut.csv"),
                                     "--lang", "en"])
    lines = [json.loads(line) for line in r.stderr.splitlines()]
    assert r.exit_code == 0 and [(d["level"], d["event"]) for d in lines] == [("warning", "reader_warning")]
    assert lines[0]["message"].startswith("row 3, the last, looks cut off")
    # status notes stay quiet: one sheet of two chosen
    import xlsxwriter

    x = tmp_path / "två.xlsx"
    with xlsxwriter.Workbook(str(x)) as wb:
        for name, rows in (("Förslag", [["Enhet", "Förslag"], ["IT", "Nya datorer behövs"]]), ("Info", [["Exporterad"]])):
            ws = wb.add_worksheet(name)
            for i, row in enumerate(rows):
                ws.write_row(i, 0, row)
    r = CliRunner().invoke(app, ["--quiet", "classify", str(x), "-o", str(tmp_path / "ut2.csv")])
    assert r.exit_code == 0 and r.stderr == ""


def test_other_sheets_with_the_same_columns_are_named_with_the_rows_not_read(tmp_path):
    """One sheet per unit: the largest was read and the others' rows left out with only 'valdes bland 3 blad'."""
    import xlsxwriter

    from forbattra.i18n import render

    p = tmp_path / "per_enhet.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        for name, n in (("Hemtjänst", 3), ("Skola", 2), ("IT", 5)):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, ["Datum", "Förslag"])
            for i in range(n):
                ws.write_row(i + 1, 0, ["2026-01-0%d" % (i + 1), f"Förslag nummer {i} från {name} om fler datorer"])
    s = read_suggestions(p)
    notes = [render(n, "sv") for n in s.info.notes]
    assert s.info.sheet == "IT" and len(s.frame) == 5
    assert any("bladen 'Hemtjänst', 'Skola' har samma kolumner och 5 rader till som inte lästes" in n for n in notes), notes


def test_one_other_sheet_with_the_same_columns_is_named_in_the_singular(tmp_path):
    import xlsxwriter

    from forbattra.i18n import render

    p = tmp_path / "tva.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        for name, n in (("Skola", 1), ("Omsorg", 4)):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, ["Id", "Förslag"])
            for i in range(n):
                ws.write_row(i + 1, 0, [i + 1, f"Förslag nummer {i} från {name} om fler datorer"])
    s = read_suggestions(p)
    assert s.info.sheet == "Omsorg"
    assert ("bladet 'Skola' har samma kolumner och 1 rad till som inte lästes; läs det med --sheet (t.ex. --sheet "
            "'Skola') eller lägg dem på ett blad") in [render(n, "sv") for n in s.info.notes]
    assert ("the sheet 'Skola' has the same columns and 1 more row that was not read; read it with --sheet (e.g. "
            "--sheet 'Skola') or put them on one sheet") in [render(n, "en") for n in s.info.notes]


@pytest.mark.parametrize("text, columns", [
    ("Bakgrund;;;Vad vill du förbättra?\nKön;Ålder;Enhet;Öppet svar\nKvinna;30-39;Hemtjänst;Fler vikarier på helgerna\n"
     "Man;40-49;Hemtjänst;Bättre wifi i personalrummet\nKvinna;50-59;Skola Väst;Nya datorer till eleverna\n",
     ("Vad vill du förbättra?", None, "Enhet")),
    ("Respondent;;Vilken enhet arbetar du på?;;Vad vill du förbättra?;Hur nöjd är du?\n"
     "Svars-ID;Datum;Förvaltning;Enhet;Svar;Betyg\n1;2025-03-01;Soc;Hemtjänst;Fler vikarier på helgerna;4\n"
     "2;2025-03-02;Soc;Hemtjänst;Bättre wifi i personalrummet;3\n3;2025-03-02;Utb;Skola;Nya datorer till eleverna;5\n",
     ("Vad vill du förbättra?", "Svars-ID", "Enhet")),
    # a numbered question (no "?") over its own prompt, and a group's name over a column of numbers
    ("Respondent;;Bakgrund;;Fråga 3: Ditt förslag;Fråga 4: Övrigt\n"
     "RespondentID;Svarsdatum;Förvaltning;Enhet;Beskriv ditt förslag;Övriga kommentarer\n"
     "1000;2024-04-01;Soc;Hemtjänst Norr;Fler vikarier på helgerna;Nej\n"
     "1001;2024-04-02;Soc;Hemtjänst Syd;Bättre wifi i personalrummet;\n"
     "1002;2024-04-03;Utb;Skola Väst;Nya datorer till eleverna;Nej\n",
     ("Beskriv ditt förslag", "RespondentID", "Enhet")),
])
def test_a_survey_tools_second_header_row_of_its_own_labels_is_the_header(tmp_path, text, columns):
    """Netigate-like exports: "Kön/Ålder" under "Bakgrund", "Svars-ID" under "Respondent" were read as a first data
    row ("Öppet svar" classified as a suggestion), with no unit or id column."""
    p = tmp_path / "enkat.csv"
    p.write_text(text, encoding="utf-8")
    s = read_suggestions(p)
    assert (s.columns.text[0], s.columns.id, s.columns.group) == columns and len(s.frame) == 3


@pytest.mark.parametrize("text, rows, note", [
    # a cell over two lines closed by its quote, an unescaped quote inside it: one row (a re-review: two rows)
    ('Id;Förslag;Enhet\n1;"Rad ett om schemat\nrad två med "citat" i texten";A\n2;Nya datorer;B\n3;Fler bilar;C\n',
     [("1", "A"), ("2", "B"), ("3", "C")], None),
    # the last row's quote never closed over a list's lines, one holding a ';': its text (it was refused)
    ('Id;Förslag;Enhet\n1;Nya datorer;A\n2;"Vi behöver:\n- fler bilar; gärna el\n- nya datorer\n',
     [("1", "A"), ("2", None)], "ett citattecken stängs aldrig före filens slut"),
    # every row leaves off its last field and the file ends without a line break: not cut off
    ("Förslag,Enhet,Kommentar\nFler vikarier på helgerna,A\nNya datorer till alla,B\nBättre wifi i huset,C",
     [(None, "A"), (None, "B"), (None, "C")], None),
])
def test_quoted_cells_over_lines_and_ragged_last_rows_read_as_before(tmp_path, text, rows, note):
    from forbattra.i18n import render

    p = tmp_path / "f.csv"
    p.write_text(text, encoding="utf-8")
    s = read_suggestions(p)
    got = [(i, g) for i, g in zip(s.frame[ID], s.frame[GROUP])]
    assert got == rows
    notes = [render(n, "sv") for n in s.info.notes]
    assert (note is None and not notes) or any(note in n for n in notes), notes
    _c, _i, chunks = iter_suggestions(p, chunk_rows=2)
    assert [(i, g) for ch in chunks for i, g in zip(ch[ID], ch[GROUP])] == rows


@pytest.mark.parametrize("text, rows, texts, notes", [
    # the last cell: its inner quote not doubled, so the csv module ended the row at its first line and made
    # "andra raden …" a row of its own, its text in the id column
    ('id;enhet;text\n1;A;"Första raden "citat" mitt i\nandra raden av samma cell"\n2;B;Nya datorer\n',
     [("1", "A"), ("2", "B")], ['Första raden "citat" mitt i\nandra raden av samma cell', "Nya datorer"], [(2, 2)]),
    # a cell in the middle, closed before the row's last field; a doubled quote inside is one quote
    ('Id;Förslag;Enhet\n1;"Rad ett om "schemat"\nrad ""två"" med text";A\n2;Nya datorer;B\n',
     [("1", "A"), ("2", "B")], ['Rad ett om "schemat"\nrad "två" med text', "Nya datorer"], [(2, 2)]),
    # over three lines, a delimiter in the middle one
    ('id;enhet;text\n1;A;"Vi vill "byta"\nschema; gärna\nredan i vår"\n2;B;Nya datorer\n',
     [("1", "A"), ("2", "B")], ['Vi vill "byta"\nschema; gärna\nredan i vår', "Nya datorer"], [(2, 3)]),
    # the next line is a row of the table: nothing is merged (each line read as written)
    ('id;enhet;text\n1;A;"Första "citat" mitt i\n2;B;Nya datorer"\n3;C;Fler bilar\n',
     [("1", "A"), ("2", "B"), ("3", "C")], ['"Första "citat" mitt i', 'Nya datorer"', "Fler bilar"], []),
    # quotes doubled as they should be: nothing to recover
    ('id;enhet;text\n1;A;"Vi behöver ""fler"" datorer\nsnart"\n2;B;Nya datorer\n',
     [("1", "A"), ("2", "B")], ['Vi behöver "fler" datorer\nsnart', "Nya datorer"], []),
])
def test_a_quoted_cell_over_lines_with_an_undoubled_quote_stays_one_cell(tmp_path, monkeypatch, text, rows, texts,
                                                                         notes):
    """The second line of such a cell became a row of its own (text empty, its words in the id column), with no
    note; now the cell's lines are one cell, with a note naming the row Excel shows — read alike whole or
    streamed."""
    from forbattra.i18n import render

    p = tmp_path / "f.csv"
    p.write_text(text, encoding="utf-8")
    s = read_suggestions(p)
    assert list(zip(s.frame[ID], s.frame[GROUP])) == rows
    assert list(s.frame[TEXT]) == texts
    said = [render(n, "sv") for n in s.info.notes if "inte är dubblerat" in render(n, "sv")]
    assert said == [f"rad {r}: en cell inom citattecken har ett citattecken inuti som inte är dubblerat; cellens "
                    f"{n} rader är lästa som en cell" for r, n in notes]
    cols, info, frame = _stream(p, monkeypatch, block=16)  # the cell's lines in blocks of their own
    assert _same(s, frame) and cols == s.columns


def test_an_undoubled_quote_far_down_a_streamed_file_loses_no_row(tmp_path, monkeypatch):
    lines = ["id;Enhet;Förslag"] + [f"{i};Enhet {i % 7};Förslag nummer {i} om arbetsmiljön" for i in range(1, 3001)]
    lines[2600] = '2600;Enhet 3;"Tyst rum "nu"\nbehövs verkligen"'
    p = tmp_path / "citat.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = read_suggestions(p)
    cols, info, frame = _stream(p, monkeypatch)
    assert len(frame) == 3000 and list(frame[ID].iloc[2599:2601]) == ["2600", "2601"]
    assert frame[TEXT].iloc[2599] == 'Tyst rum "nu"\nbehövs verkligen'
    assert _same(whole, frame) and cols == whole.columns


def test_a_placeholder_unit_or_person_is_none_whole_or_streamed(tmp_path, monkeypatch):
    """A unit cell of "-" counted as one real unit in every breadth figure (ten units' rows with "-" were one
    unit); so did a person "-" among the people of a group. Now such cells are no unit and no person."""
    from forbattra.analysis.summary import theme_summary
    from forbattra.inputs.tables import PERSON, person_key
    from forbattra.taxonomy import load_taxonomy

    lines = ["id;Enhet;Namn;Förslag", "1;-;-;Fler vikarier på helgerna", "2;–;?;Nya datorer till personalen",
             "3;Hemtjänst Norr;Eva Ek;Bättre wifi i personalrummet", "4; - ;;Fler bilar till hemtjänsten"]
    p = tmp_path / "enheter.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = read_suggestions(p, person_column="Namn")
    assert list(s.frame[GROUP]) == [None, None, "Hemtjänst Norr", None]
    assert [person_key(v) for v in s.frame[PERSON]] == [None, None, "eva ek", None]
    _c, _i, frame = _stream(p, monkeypatch, person_column="Namn")
    assert list(frame[GROUP]) == [None, None, "Hemtjänst Norr", None]
    tax = load_taxonomy("standard")
    classified = s.frame.assign(themes=[["personal"], ["it"], ["it"], ["ekonomi"]])
    table = theme_summary(classified, tax)
    assert table.loc[table["Tema-id"] == "it", "Antal enheter"].item() == 1


def test_numbers_formatted_with_leading_zeros_read_as_excel_shows_them(tmp_path):
    """A hand-kept list's ids typed as 00123 are the numbers 123 shown through the format "00000" (a postal
    code through "000 00"): they were read as 123, so the id in every output was not the one the user sees."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nr", "Postnummer", "Antal", "Förslag"])
    for nr, zip_code, n, text in [(123, 12345, 7, "Fler vikarier på helgerna"), ("00124", 1234, 12, "Bättre wifi"),
                                  (1234567, None, 3, "Nya datorer")]:
        ws.append([nr, zip_code, n, text])
    for r in (2, 4):
        ws.cell(r, 1).number_format = "00000"
    for r in (2, 3):
        ws.cell(r, 2).number_format = "000 00"
    p = tmp_path / "lista.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert list(s.frame[ID]) == ["00123", "00124", "1234567"]  # (a longer number keeps all its digits)
    assert list(s.frame["Postnummer"]) == ["123 45", "012 34", ""] and list(s.frame["Antal"]) == ["7", "12", "3"]


def test_an_empty_sheets_hint_gives_the_sheet_with_the_most_rows_as_the_example(runner, tmp_path):
    """The example was the first sheet with anything in it: a cover sheet of one cell ('Om exporten'), which
    --sheet then read as 0 rows with exit 0. It is now the sheet with the most rows; every sheet is still listed."""
    p = _book(tmp_path / "b.xlsx", [("Om exporten", [["Exporterad 2025-03-01"]]), ("Svar", _ANSWERS), ("Tom", [])])
    r = runner.invoke(app, ["classify", str(p), "--sheet", "Tom", "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr == (f"Fel: {p}: bladet 'Tom' är tomt; blad med data: 'Om exporten', 'Svar'; välj ett av dem med "
                        "--sheet (t.ex. --sheet 'Svar') eller utelämna --sheet\n")


def test_a_choice_question_about_the_suggestion_gives_way_to_the_free_text(tmp_path):
    """Microsoft Forms' "Inom vilket område är ditt förslag?" ("Lokaler;IT och digitalisering;") and Google
    Forms' "Vad gäller ditt förslag?" ("Lokaler, Bemanning") were chosen by their names over the free-text
    question beside them: every row classified from the options ticked."""
    from forbattra.i18n import render

    options = ["Arbetsmiljö", "Lokaler", "IT och digitalisering", "Bemanning", "Kompetensutveckling", "Ledarskap"]
    texts = [f"Vi behöver {w} på enheten, det har saknats länge och alla märker det (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning",
                                    "tydligare rutiner", "bättre ventilation", "en närvarande chef"] * 3)]
    ticks = [[options[(3 * i + k) % 6] for k in range(1 + i % 3)] for i in range(len(texts))]
    p = tmp_path / "forms.csv"
    for question, sep, end in [("Inom vilket område är ditt förslag?", ";", ";"), ("Vad gäller ditt förslag?", ", ", ""),
                               ("Vilket område gäller ditt förslag?", ";", ";")]:
        for single in (False, True):
            cells = [t[0] if single else sep.join(t) + end for t in ticks]
            p.write_text(f'ID\t{question}\tBerätta mer – hur kan vi bli bättre?\n' + "".join(
                f"{i}\t{c}\t{t}\n" for i, (c, t) in enumerate(zip(cells, texts), 1)), encoding="utf-8")
            s = read_suggestions(p)
            assert s.columns.text == ("Berätta mer – hur kan vi bli bättre?",), (question, single)
            assert list(s.frame[TEXT]) == texts
            notes = [render(n, "sv") for n in s.info.notes]
            # (a question naming an area, "Vilket område …", is never taken for the suggestion's own words)
            assert any(f"{question!r} har svarsalternativ" in n for n in notes) or question.startswith("Vilket"), notes
            assert not any("innehåller också fritext" in n for n in notes), notes
    # a column of suggestions under a telling name stays chosen: short answers, each its own
    p.write_text("Enhet\tFörslag\tBakgrund\n" + "".join(
        f"A\t{w}\t{t}\n" for w, t in zip(["Wifi", "Mer lön", "Nya stolar", "Fler vikarier", "Bättre kaffe", "Parkering",
                                          "Färre möten", "Ny skrivare", "Städning", "Cykelställ", "Friskvård", "Lunch"],
                                         texts)), encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Förslag",)


def test_the_options_of_a_choice_question_below_its_header_are_no_respondent(tmp_path):
    """A SurveyMonkey- or Netigate-like export names a multiple-choice question's options on a second header row
    ("Lokaler", "IT", "Bemanning" under "Vilka områden gäller ditt förslag?"): that row was read as a respondent,
    its "Öppet svar" classified as a suggestion and "Svar" counted as a unit."""
    texts = [f"Vi behöver {w} på enheten, det har saknats länge (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning"] * 2)]
    rows = [["Respondent-ID", "Startdatum", "E-postadress", "Vilken enhet arbetar du på?",
             "Vilka områden gäller ditt förslag?", None, None, "Beskriv ditt förslag"],
            [None, None, None, "Svar", "Lokaler", "IT", "Bemanning", "Öppet svar"]]
    rows += [[114000 + i, f"2024-04-{i + 1:02d}", None, f"Enhet {i % 3}", "Lokaler" if i % 2 else None,
              "IT" if i % 3 == 0 else None, 1 if i % 2 else None, t] for i, t in enumerate(texts)]
    c = tmp_path / "s.csv"
    c.write_text("".join(";".join("" if v is None else str(v) for v in r) + "\n" for r in rows), encoding="utf-8")
    for s in (read_suggestions(_book(tmp_path / "s.xlsx", [("Sheet", rows)])), read_suggestions(c), _both(c)[0]):
        assert len(s.frame) == len(texts) and list(s.frame[TEXT]) == texts
        assert list(s.frame[ID]) == [str(114000 + i) for i in range(len(texts))]
        assert set(s.frame[GROUP]) == {"Enhet 0", "Enhet 1", "Enhet 2"}
        assert {"Lokaler", "IT", "Bemanning"} <= set(s.frame.columns)
        assert s.info.excel_row(1) == 3
    # a first data row that only lacks its id is a respondent still: its answer is under a named column
    rows[1] = [None, "2024-03-31", None, "Enhet 1", None, None, None, "Bättre kaffe i personalrummet"]
    p = _book(tmp_path / "t.xlsx", [("Sheet", rows)])
    assert read_suggestions(p).frame[TEXT].iloc[0] == "Bättre kaffe i personalrummet"


def test_a_column_name_with_a_line_break_is_found_as_excel_shows_it(tmp_path):
    """A header typed with Alt+Enter ("Förslag" / "(beskriv kort)") or two spaces shows in Excel as one line: given
    as it shows ("Förslag (beskriv kort)"), the column was not found, the error listing 'Förslag\\n(beskriv kort)'."""
    from forbattra.inputs import find_column

    p = _book(tmp_path / "lista.xlsx", [("Blad1", [
        ["Datum", "Förslag\n(beskriv kort)", "Vad behövs för att\r\ngenomföra det?", "Enhet  /  arbetslag", "Kategori\n"],
        *[[f"2024-03-0{i + 1}", f"Fler vikarier på helgerna, nummer {i}", f"Pengar i budgeten nummer {i} och ett beslut",
           "Hemtjänst Norr", "Bemanning"] for i in range(4)]])])
    s = read_suggestions(p, text_columns=["Förslag (beskriv kort)", "vad behövs för att genomföra det?"],
                         group_column="Enhet / arbetslag")
    assert s.columns.text == ("Förslag\n(beskriv kort)", "Vad behövs för att\r\ngenomföra det?")
    assert s.columns.group == "Enhet  /  arbetslag" and s.frame[GROUP].iloc[0] == "Hemtjänst Norr"
    assert find_column(s, "kategori", option="--label-column") == "Kategori"
    assert find_column(s, "Enhet / Arbetslag", option="--label-column") == "Enhet  /  arbetslag"
    from forbattra.outputs.report.data import ORG, set_org_from_column

    assert set(set_org_from_column(s.frame, "enhet / arbetslag", str(p))[ORG]) == {"Hemtjänst Norr"}  # --compare-column
    with pytest.raises(ColumnError):
        read_suggestions(p, text_columns=["Förslag beskriv kort"])


def test_a_multiple_choice_column_is_no_unit(tmp_path):
    """Microsoft Forms writes the options ticked as "Lokaler;IT och digitalisering;": under "Vilket område gäller ditt
    förslag?" that column was taken for the unit, so Tema per enhet and every breadth assessment counted option
    combinations as units."""
    texts = [f"Vi behöver {w} på enheten, det har saknats länge (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning"] * 3)]
    options = ["Arbetsmiljö", "Lokaler", "IT och digitalisering", "Bemanning"]
    ticks = [";".join(options[(i + k) % 4] for k in range(1 + i % 3)) + ";" for i in range(len(texts))]
    p = tmp_path / "forms.csv"
    p.write_text("ID\tVilket område gäller ditt förslag?\tBeskriv ditt förslag\tVilken enhet tillhör du?\n" + "".join(
        f"{i}\t{c}\t{t}\tEnhet {i % 2}\n" for i, (c, t) in enumerate(zip(ticks, texts), 1)), encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.group == "Vilken enhet tillhör du?" and set(s.frame[GROUP]) == {"Enhet 0", "Enhet 1"}
    # the text column is chosen by its name: no note that a choice column was passed over for it
    assert s.columns.text == ("Beskriv ditt förslag",) and not any(n.key == "note_text_column_over_named"
                                                                     for n in s.info.notes), s.info.notes
    p.write_text("ID\tVilket område gäller ditt förslag?\tBeskriv ditt förslag\n" + "".join(
        f"{i}\t{c}\t{t}\n" for i, (c, t) in enumerate(zip(ticks, texts), 1)), encoding="utf-8")
    assert read_suggestions(p).columns.group is None
    # one unit a cell, also where some units' names hold a ";" is the unit still
    p.write_text("ID\tEnhet\tBeskriv ditt förslag\n" + "".join(
        f"{i}\t{'Hemtjänst; Norr' if i == 1 else f'Enhet {i % 3}'}\t{t}\n" for i, t in enumerate(texts, 1)),
        encoding="utf-8")
    assert read_suggestions(p).columns.group == "Enhet"


@pytest.mark.parametrize("values, fix", [
    (["Q1 2024", "Q2 2024", "kv3 2024"], "en vecka, ett kvartal, en tertial eller ett år räcker inte"),
    (["1924-03-05", "1924-04-01"], "rätta året"),
    (["i våras", "förra veckan"], "skriv dem som ÅÅÅÅ-MM-DD"),
])
def test_a_date_column_none_of_whose_values_is_a_date_is_named_not_passed_over_in_silence(tmp_path, values, fix):
    """A 'Datum' column holding only 'Q1 2024' (or every year mistyped 1924) was not taken as the date column,
    without a word: every suggestion counted as undated, and a store put them all in the month of the run. The
    reader says so, with the fix, and which column it means."""
    from forbattra.i18n import render

    p = tmp_path / "d.csv"
    p.write_text("Datum;Förslag\n" + "".join(f"{v};Förslag nummer {i}\n" for i, v in enumerate(values)),
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.date is None and s.frame[DATE].isna().all()
    notes = [render(n, "sv") for n in s.info.notes if "'Datum'" in render(n, "sv")]
    assert len(notes) == 1 and fix in notes[0] and repr(values[0]) in notes[0] and "--date-column" in notes[0], notes


def test_a_column_named_for_when_but_holding_no_dates_says_nothing(tmp_path):
    """'Inkom via' holds the channel ('e-post'), not a date: no note that its dates could not be read."""
    p = tmp_path / "d.csv"
    p.write_text("Inkom via;Förslag\ne-post;Fler bilar till hemtjänsten\ntelefon;Nya datorer till skolan\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    from forbattra.i18n import render

    assert s.columns.date is None and not [n for n in s.info.notes if "datum" in render(n, "sv")]


@pytest.mark.parametrize("name, tool", [("RespondentID", "Esmaker/Netigate"), ("Respondent ID", "SurveyMonkey"),
                                        ("ResponseId", "Qualtrics"), ("Response ID", "Qualtrics"),
                                        ("respondent_id", "an API export"), ("Svars-ID", "Netigate")])
def test_a_survey_tools_respondent_id_is_the_id_column(tmp_path, name, tool):
    """Survey tools name each answer's id 'RespondentID' (Esmaker, Netigate), 'Respondent ID' (SurveyMonkey) or
    'ResponseId' (Qualtrics): run together, it was not taken as the id, so the outputs had no id to find an
    answer again by, and a history store matched the next export's rows by text alone."""
    p = tmp_path / "enkat.csv"
    texts = ["Fler vikarier på helgerna", "Bättre wifi i personalrummet", "Nya stolar i matsalen"]
    p.write_text(f"{name};Datum;Enhet;Förslag\n" + "".join(
        f"R_{1000 + i};2024-03-0{i + 1};Enhet {i};{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.id == name, tool
    assert list(s.frame[ID]) == ["R_1000", "R_1001", "R_1002"]
    assert s.columns.text == ("Förslag",) and s.columns.group == "Enhet" and s.columns.date == "Datum"


@pytest.mark.parametrize("answer, open_answer", [("Response", "Open-Ended Response"), ("Svar", "Öppet svar")])
def test_a_surveymonkey_row_of_answer_labels_alone_is_no_respondent(tmp_path, answer, open_answer):
    """SurveyMonkey writes a second header row that only labels each question's answer ("Response", "Open-Ended
    Response"; "Svar", "Öppet svar" in Swedish) and leaves the respondent's columns empty. Without a choice question's
    options on it, that row was read as a respondent: "Open-Ended Response" classified as a suggestion, "Response"
    counted as a unit, every figure one too many."""
    texts = [f"Vi behöver {w} på enheten, det har saknats länge (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning"])]
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Vilken enhet arbetar du på?",
             "Beskriv ditt förslag"],
            [None, None, None, None, None, answer, open_answer]]
    rows += [[114020001 + i, 4302211, f"03/0{i + 1}/2024 09:12:01 AM", f"03/0{i + 1}/2024 09:15:44 AM", None,
              f"Enhet {i % 2}", t] for i, t in enumerate(texts)]
    c = tmp_path / "surveymonkey.csv"
    with c.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    for s in (read_suggestions(_book(tmp_path / "surveymonkey.xlsx", [("Sheet", rows)])), read_suggestions(c),
              _both(c)[0]):
        assert list(s.frame[TEXT]) == texts
        assert set(s.frame[GROUP]) == {"Enhet 0", "Enhet 1"}
        assert s.columns.text == ("Beskriv ditt förslag",) and s.columns.group == "Vilken enhet arbetar du på?"
        assert s.info.excel_row(1) == 3  # the first respondent, on the row Excel shows it
    # a first respondent who only answered the open question is a respondent still: the id is filled
    rows[1] = [114020000, 4302211, "03/01/2024 08:00:00 AM", "03/01/2024 08:05:00 AM", None, None, "Svar"]
    s = read_suggestions(_book(tmp_path / "first.xlsx", [("Sheet", rows)]))
    assert len(s.frame) == len(texts) + 1 and s.frame[TEXT].iloc[0] == "Svar"


@pytest.mark.parametrize("names, date", [
    (["Respondent ID", "Collector ID", "Start Date", "End Date"], "Start Date"),  # SurveyMonkey
    (["ResponseId", "StartDate", "EndDate", "RecordedDate"], "StartDate"),  # Qualtrics
    (["ResponseId", "Status", "EndDate", "RecordedDate"], "RecordedDate"),  # the day it was sent in before its end
    (["Id", "Beslut", "End Date", "Ändrad"], "End Date"),  # the only date there is
])
def test_a_survey_tools_start_or_recorded_date_is_the_date_column(tmp_path, names, date):
    """SurveyMonkey's 'Start Date'/'End Date' and Qualtrics' 'StartDate'/'RecordedDate' were no date column: every
    answer counted undated (no month or quarter table, --since/--until matched none), and the two columns of date
    and time ('03/15/2024 09:12:01 AM') were named in a note as free text the user might want classified."""
    from forbattra.i18n import render

    texts = [f"Vi behöver {w} på enheten (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning"])]
    p = tmp_path / "export.csv"
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names + ["Beskriv ditt förslag"])
        for i, t in enumerate(texts):
            cells = {"Status": "IP Address", "Beslut": "Ja", "Collector ID": "4302211"}
            w.writerow([cells.get(n, f"R_{i}" if "ID" in n or "Id" in n else f"03/{11 + i}/2024 09:{10 + i}:01 AM")
                        for n in names] + [t])
    for s, notes in (_both(p),):
        assert s.columns.date == date
        assert list(s.frame[DATE]) == [f"2024-03-{11 + i}" for i in range(len(texts))]
        said = [render(n, "sv") for n in notes]
        assert not any("fritext" in n for n in said), said
    # a comment that opens with its date is free text still, and named beside the suggestion
    p.write_text("Förslag;Kommentar\n" + "".join(f"{t};2024-03-0{i + 1} Skickat till chefen för beslut nr {i}\n"
                                                 for i, t in enumerate(texts)), encoding="utf-8")
    assert any("'Kommentar' innehåller också fritext" in render(n, "sv") for n in read_suggestions(p).info.notes)


@pytest.mark.parametrize("question", ["Vilket område gäller ditt förslag?", "Inom vilket område är ditt förslag?",
                                      "Område för förslaget", "Förslagets område"])
def test_a_single_choice_question_on_the_suggestions_area_is_no_unit(tmp_path, question):
    """Google Forms' single-choice "Vilket område gäller ditt förslag?" (one option a cell: "Lokaler", "Bemanning")
    was taken for the unit where the form asked for none: Tema per enhet and every breadth assessment ("flera
    enheter") counted the topics the respondents ticked as units. The area of the suggestion is its topic; the
    respondent's unit is asked for as such ("Vilken enhet arbetar du på?", "Vilket område arbetar du inom?")."""
    options = ["Lokaler", "IT och digitalisering", "Arbetsmiljö", "Bemanning", "Kompetensutveckling"]
    texts = [f"Vi behöver {w} på enheten ({i})" for i, w in enumerate(
        ["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning", "tydligare rutiner"] * 4)]
    p = tmp_path / "google.csv"
    with p.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["Tidstämpel", question, "Beskriv ditt förslag"]] + [
            [f"2024/03/{i + 1:02d} 10:15:00 em CET", options[i % 5], t] for i, t in enumerate(texts)])
    s = read_suggestions(p)
    assert s.columns.group is None and s.columns.text == ("Beskriv ditt förslag",) and s.columns.date == "Tidstämpel"
    assert list(s.frame[question]) == [options[i % 5] for i in range(len(texts))]  # kept, as every column is
    # beside a question for the unit, that one is the unit; the area named for the respondent's work is a unit too
    for unit in ("Vilken enhet arbetar du på?", "Vilket område arbetar du inom?"):
        with p.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["Tidstämpel", question, unit, "Beskriv ditt förslag"]] + [
                [f"2024/03/{i + 1:02d} 10:15:00 em CET", options[i % 5], f"Enhet {i % 3}", t]
                for i, t in enumerate(texts)])
        assert read_suggestions(p).columns.group == unit


def test_a_qualtrics_export_with_three_header_rows_keeps_its_columns(tmp_path):
    """Qualtrics writes three header rows: the columns' short names ('StartDate', 'Q1'), the questions ('Beskriv ditt
    förslag') and a row of import ids ('{"ImportId":"QID2_TEXT"}'). The reader found no header at all: every column
    was 'kolumn_1' …, the longest text chosen, and the question row and the import-id row classified as two
    suggestions. The columns are named by their questions, as the user reads them in Qualtrics."""
    from forbattra.i18n import render

    texts = [f"Vi behöver {w} på enheten (svar {i})"
             for i, w in enumerate(["fler vikarier", "bättre wifi", "nya stolar", "en planeringsdag", "mer utbildning"])]
    short = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId", "Q1", "Q2"]
    asked = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID",
             "Vilken enhet arbetar du på?", "Beskriv ditt förslag"]
    ids = [json.dumps({"ImportId": k}) for k in ("startDate", "endDate", "status", "progress", "finished",
                                                 "recordedDate", "_recordId", "QID1", "QID2_TEXT")]
    rows = [short, asked, ids] + [[f"2024-03-{11 + i} 09:12:01", f"2024-03-{11 + i} 09:15:44", "IP Address", "100",
                                   "True", f"2024-03-{11 + i} 09:15:45", f"R_{i}abc", f"Enhet {i % 2}", t]
                                  for i, t in enumerate(texts)]
    p = tmp_path / "qualtrics.csv"
    with p.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)
    whole, notes = _both(p)
    for s in (whole, read_suggestions(_book(tmp_path / "q.xlsx", [("Sheet0", rows)]))):
        assert s.original_columns == asked
        assert list(s.frame[TEXT]) == texts and list(s.frame[ID]) == [f"R_{i}abc" for i in range(5)]
        assert s.columns.group == "Vilken enhet arbetar du på?" and s.frame[DATE].iloc[0] == "2024-03-11"
        assert s.info.excel_row(1) == 4  # the first answer, on the row Excel shows it
    assert any("Qualtrics" in render(n, "sv") for n in notes), [render(n, "sv") for n in notes]


def test_a_workbook_under_another_workbook_s_name_is_read_as_what_it_is(tmp_path, runner):
    """An old .xls renamed to .xlsx (or saved so by a system) was refused as password-protected — the user went
    looking for a password there is none of —, and an .xlsx under .xls or an .ods under .xlsx as unreadable
    ("Cfb error", "File not found '_rels/.rels'"), while Excel opens each. A workbook is read as what its bytes
    are, with a note (under a text's name, .csv, too); an encrypted workbook, whatever its name, is still one line saying to remove the password."""
    import pandas as pd
    from forbattra.i18n import render
    from samples import cfb_bytes, xls_bytes

    rows = [["Enhet", "Förslag"], ["Hemtjänst Norr", "Fler vikarier på helgerna behövs"],
            ["Skola", "Bättre wifi i klassrummen vore bra"]]
    xls = tmp_path / "gammal.xls"
    xls.write_bytes(xls_bytes(rows))
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(tmp_path / "ny.xlsx", index=False)
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(tmp_path / "calc.ods", engine="odf", index=False)
    for source, name, kind in ((xls, "export.xlsx", "xls"), (xls, "export.xlsm", "xls"),
                               (tmp_path / "ny.xlsx", "export.xls", "xlsx"), (tmp_path / "ny.xlsx", "export.xlsb", "xlsx"),
                               (tmp_path / "calc.ods", "calc.xlsx", "ods"),
                               # a workbook saved under a text's name ("export.csv"): read, but without a word
                               (tmp_path / "ny.xlsx", "export.csv", "xlsx"), (xls, "export.tsv", "xls")):
        p = tmp_path / name
        p.write_bytes(source.read_bytes())
        s = read_suggestions(p)
        assert list(s.frame[TEXT]) == [r[1] for r in rows[1:]] and list(s.frame[GROUP]) == ["Hemtjänst Norr", "Skola"]
        assert s.info.format == kind, name
        shown = [render(n, "en") for n in s.info.notes]
        assert any(p.suffix in n and f".{kind}" in n for n in shown), (name, shown)
    assert not any("suffix" in render(n, "en") for n in read_suggestions(xls).info.notes)  # its own name: no note
    # an encrypted workbook (Excel's "Kryptera med lösenord": the package inside a compound file) stays refused
    for name in ("hemlig.xlsx", "hemlig.xls"):
        p = tmp_path / name
        p.write_bytes(cfb_bytes({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x17" * 600}))
        r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "o.jsonl")])
        assert r.exit_code == 3 and "lösenord" in r.stderr and "Traceback" not in r.output, (name, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.jsonl").exists()


def test_a_unit_merged_over_several_rows_and_columns_is_each_row_s_unit(tmp_path):
    """A unit merged as a block — down over its suggestions and across two columns (a wide *Enhet* column made
    of two, its heading merged across them) — was the unit of its top row only: the rows under it had no unit,
    without a note, and every count of units was off. A block is each row's value in its first column, as a
    unit merged down one column is; a text merged as a block is one suggestion, as one merged down is."""
    import xlsxwriter

    p = tmp_path / "block.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Förslag")
        ws.merge_range(0, 0, 0, 1, "Enhet")
        ws.write_string(0, 2, "Förslag")
        ws.merge_range(1, 0, 3, 1, "Hemtjänst Norr")
        ws.merge_range(4, 0, 5, 1, "Skola Väst")
        texts = ["Fler vikarier på helgerna behövs", "Bättre wifi i personalrummet", "Nya stolar i köket",
                 "Mer fortbildning om läsinlärning", "Större klassrum till hösten"]
        for k, t in enumerate(texts):
            ws.write_string(1 + k, 2, t)
    s = read_suggestions(p)
    assert s.original_columns == ["Enhet", "Förslag"] and list(s.frame[TEXT]) == texts
    assert list(s.frame[GROUP]) == ["Hemtjänst Norr"] * 3 + ["Skola Väst"] * 2

    q = tmp_path / "text_block.xlsx"
    with xlsxwriter.Workbook(str(q)) as wb:
        ws = wb.add_worksheet("Förslag")
        ws.write_row(0, 0, ["Enhet", "Förslag", "", "Åtgärd"])
        ws.write_string(1, 0, "Hemtjänst Norr")
        ws.write_string(2, 0, "Hemtjänst Norr")
        ws.merge_range(1, 1, 2, 2, "Fler vikarier på helgerna, vi går kort varje helg.")
        ws.write_string(1, 3, "Rekrytera timvikarier")
        ws.write_string(2, 3, "Se över schemat")
    s = read_suggestions(q)
    assert list(s.frame[TEXT]) == ["Fler vikarier på helgerna, vi går kort varje helg.", ""]
    assert [n.fields["rows"] for n in s.info.notes if getattr(n, "key", "") == "note_merged_text"] == ["3"]


def test_excel_error_cells_are_read_as_empty_and_named(tmp_path, runner):
    """A unit looked up with LETARAD/XLETAUPP shows #SAKNAS! (#N/A) where the look-up failed, and a text built
    by a formula can show #DIVISION/0!: the cell reader gave an empty cell, so those rows lost their unit (or
    text) without a word. They are still read as empty (no unit called "#N/A"), and a note names the sheet,
    the column, how many, the error and the first row, in both languages."""
    import xlsxwriter
    from forbattra.i18n import render

    p = tmp_path / "uppslag.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Svar")
        ws.write_row(0, 0, ["Id", "Enhet", "Förslag"])
        texts = ["Fler vikarier på helgerna behövs", "Bättre wifi i personalrummet", "Nya stolar i köket",
                 "Mer fortbildning om läsinlärning"]
        for k, t in enumerate(texts):
            ws.write_number(1 + k, 0, k + 1)
            ws.write_string(1 + k, 2, t)
        ws.write_string(1, 1, "Hemtjänst Norr")
        ws.write_formula(2, 1, "=VLOOKUP(A3,Enheter!A:B,2,FALSE)", None, "#N/A")
        ws.write_formula(3, 1, "=VLOOKUP(A4,Enheter!A:B,2,FALSE)", None, "#N/A")
        ws.write_string(4, 1, "Skola Väst")
        ws.write_formula(4, 2, "=1/0", None, "#DIV/0!")
    s = read_suggestions(p)
    assert list(s.frame[GROUP]) == ["Hemtjänst Norr", None, None, "Skola Väst"]
    assert list(s.frame[TEXT]) == texts[:3] + [""] and len(s.frame) == 4
    notes = [n for n in s.info.notes if getattr(n, "key", "") == "note_error_cells"]
    assert [(n.fields["column"], n.fields["n"], n.fields["error"], n.fields["row"]) for n in notes] == \
        [("Enhet", 2, "#N/A", 3), ("Förslag", 1, "#DIV/0!", 5)]
    assert "#N/A" in render(notes[0], "sv") and "rad 3" in render(notes[0], "sv") and "row 3" in render(notes[0], "en")
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "'Enhet'" in r.stderr and "#N/A" in r.stderr, r.stderr
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 4


def test_a_unit_merged_down_and_rows_hidden_in_an_ods_are_read_as_in_an_xlsx(tmp_path):
    """LibreOffice Calc's *Sammanfoga celler* over a unit's suggestions gave the unit to the top row only in an
    .ods (the cell reader gives no merged ranges for it), and rows hidden there (by hand or a filter) were read
    without the note an .xlsx gets. The README promises both for every workbook it reads."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableColumn, TableRow, TableCell
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Förslag")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    table.addElement(TableColumn(visibility="collapsed"))

    def row(cells, **kw):
        tr = TableRow(**kw)
        for c in cells:
            if c is None:
                tr.addElement(CoveredTableCell())
                continue
            text, span = c if isinstance(c, tuple) else (c, 1)
            cell = TableCell(valuetype="string", **({"numberrowsspanned": span} if span > 1 else {}))
            cell.addElement(P(text=text))
            tr.addElement(cell)
        table.addElement(tr)

    row([], numberrowsrepeated=2)  # two empty rows above the table: the rows count from the sheet's first
    row(["Enhet", "Förslag", "Kommentar"])
    row([("Hemtjänst Norr", 3), "Fler vikarier på helgerna behövs", "a"])
    row([None, "Bättre wifi i personalrummet", "b"], visibility="filter")
    row([None, "Nya stolar i köket", "c"], visibility="collapsed")
    row(["Skola Väst", "Mer fortbildning om läsinlärning", "d"])
    row([], numberrowsrepeated=1000, visibility="collapsed")  # hidden padding below the table: no rows of it
    doc.spreadsheet.addElement(table)
    p = tmp_path / "calc.ods"
    doc.save(str(p))
    s = read_suggestions(p)
    assert s.info.format == "ods" and s.info.header_row == 3 and len(s.frame) == 4
    assert list(s.frame[GROUP]) == ["Hemtjänst Norr"] * 3 + ["Skola Väst"]
    notes = {n.key: n.fields for n in s.info.notes if hasattr(n, "key")}
    assert notes["note_hidden_rows"] == {"sheet": "Förslag", "n": 2, "first": 5}
    assert notes["note_hidden_columns"] == {"sheet": "Förslag", "n": 1}


def test_a_percentage_in_an_ods_is_read_as_calc_shows_it(tmp_path):
    """A Calc cell showing "25 %" was read as 0.25, the fraction it holds, and written back as 0,25: a figure the
    user never saw. Calc saves the text it shows beside the value; that text is read, as an .xlsx's is."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Svar")

    def row(cells, **kw):
        tr = TableRow(**kw)
        for value in cells:
            if isinstance(value, tuple):  # (fraction, as Calc shows it, repeated across)
                cell = TableCell(valuetype="percentage", value=value[0], numbercolumnsrepeated=value[2])
                cell.addElement(P(text=value[1]))
            elif isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)

    row(["Förslag", "Andel", "Mål", "Kostnad"])
    row(["Fler vikarier på helgerna behövs", (0.25, "25 %", 1), (0.3, "30 %", 1), 1500.5])
    row(["Bättre wifi i personalrummet", (0.075, "7,5 %", 2), 12.0], numberrowsrepeated=2)
    doc.spreadsheet.addElement(table)
    p = tmp_path / "andel.ods"
    doc.save(str(p))
    frame = read_suggestions(p).frame
    assert list(frame["Andel"]) == ["25 %", "7,5 %", "7,5 %"]
    assert list(frame["Mål"]) == ["30 %", "7,5 %", "7,5 %"]
    assert list(frame["Kostnad"]) == ["1500.5", "12", "12"]  # other numbers stay the numbers they are


def _ods_sheet(path, kind: str, rows) -> object:
    """An .ods of one sheet ("Svar") of ``rows``: a string is a text cell, a tuple ``(value, shown)`` a cell of
    ``kind`` ("float" or "date") holding the value with the text Calc shows for it saved beside."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Svar")
    for cells in rows:
        tr = TableRow()
        for value in cells:
            if isinstance(value, tuple):
                cell = TableCell(valuetype=kind, **{"datevalue" if kind == "date" else "value": value[0]})
                cell.addElement(P(text=value[1]))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_an_id_and_a_postal_code_with_leading_zeros_in_an_ods_keep_them(tmp_path):
    """A Calc cell showing 00123 (the number 123 in a format with leading zeros) was read as 123, and a postal code
    shown as 123 45 as 12345, where an .xlsx's keep what Excel shows: Calc saves the text it shows beside the value,
    and that text is read for an integer shown with zeros before it or grouped otherwise than in thousands."""
    p = _ods_sheet(tmp_path / "calc.ods", "float", [
        ["Id", "Förslag", "Postnr", "Kostnad"],
        [(123, "00123"), "Fler vikarier på helgerna behövs", (12345, "123 45"), (12345, "12 345")],
        [(45, "00045"), "Bättre wifi i personalrummet", (11122, "111 22"), (1500, "1500")]])
    frame = read_suggestions(p).frame
    assert list(frame["Id"]) == list(frame[ID]) == ["00123", "00045"]
    assert list(frame["Postnr"]) == ["123 45", "111 22"]
    assert list(frame["Kostnad"]) == ["12345", "1500"]  # (thousands with a space: the number it is)


def test_a_month_in_an_ods_is_read_as_the_month_as_in_an_xlsx(tmp_path):
    """A month typed into a Calc cell ("mars 2026", which Calc stores as the 1st with a format without the day) was
    read as 2026-03-01, a made-up first day — a report's period read "2026-03-01 – 2026-08-01" — where an .xlsx's
    and an .xls's is the month 2026-03. Calc saves the text it shows beside the date; a 1st shown without its day
    is the month; a day that format hides (the 15th) and a 1st shown with its day stay days."""
    from forbattra.i18n import render

    dates = [("2026-03-01", "mars 2026"), ("2026-04-01", "2026-04"), ("2026-05-01", "2026-05-01"),
             ("2026-06-15", "juni 2026"), ("2026-07-01", "1 juli 2026"), ("2026-08-01T00:00:00", "aug-26"),
             ("2026-09-01", "09/2026")]
    p = _ods_sheet(tmp_path / "calc.ods", "date", [["Enhet", "Månad", "Förslag"]] + [
        ["A", d, f"Förslag nummer {i} om lokalerna"] for i, d in enumerate(dates)])
    s = read_suggestions(p)
    assert s.columns.date == "Månad"
    assert list(s.frame["Månad"]) == list(s.frame[DATE]) == ["2026-03", "2026-04", "2026-05-01", "2026-06-15",
                                                             "2026-07-01", "2026-08", "2026-09"]
    assert any("4 datum i kolumnen 'Månad' anger bara månaden" in render(n, "sv") for n in s.info.notes)


def test_a_percentage_in_an_old_xls_is_read_as_excel_shows_it(tmp_path):
    """An old .xls cell showing 25 % was read as 0.25, as the .xlsx and .ods ones were: its XF record names the
    percentage format, built in ("0%", a Swedish Excel's "25 %") or of its own ("0.0%": "7,5%")."""
    from samples import xls_bytes

    rows = [["Förslag", "Andel", "Kostnad"], ["Fler vikarier på helgerna behövs", 0.25, 1500.5],
            ["Bättre wifi i personalrummet", 0.075, 12]]
    p = tmp_path / "gammal.xls"
    p.write_bytes(xls_bytes(rows, formats={(1, 1): 9, (2, 1): "0.0%", (1, 2): 4}))
    frame = read_suggestions(p).frame
    assert list(frame["Andel"]) == ["25 %", "7,5%"]
    assert list(frame["Kostnad"]) == ["1500.5", "12"]  # ("#,##0.00": a number stays the number it is)


def test_letters_a_mac_wrote_decomposed_are_read_as_one_code_point(tmp_path):
    """A workbook or CSV saved on a Mac may write "ö" as "o" and a combining diaeresis (NFD): such a unit was
    another unit than the same name typed elsewhere (two units in every breadth count) and such a text another
    text. Every cell is read with each letter one code point (NFC), as it shows."""
    import unicodedata

    import openpyxl

    nfd = unicodedata.normalize("NFD", "Förskola Ängen")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Enhet", "Förslag"])
    ws.append(["Förskola Ängen", "Fler vikarier på helgerna behövs"])
    ws.append([nfd, unicodedata.normalize("NFD", "Bättre wifi i personalrummet, tack")])
    wb.save(tmp_path / "mac.xlsx")
    (tmp_path / "mac.csv").write_text(unicodedata.normalize("NFD", "Enhet;Förslag\nFörskola Ängen;Bättre wifi i "
                                                                   "personalrummet, tack\n"), encoding="utf-8")
    frame = read_suggestions(tmp_path / "mac.xlsx").frame
    assert list(frame[GROUP]) == ["Förskola Ängen", "Förskola Ängen"]
    assert list(frame[TEXT])[1] == "Bättre wifi i personalrummet, tack"
    csv_frame = read_suggestions(tmp_path / "mac.csv").frame
    assert list(csv_frame.columns[:2]) == ["Enhet", "Förslag"]
    assert list(csv_frame[GROUP]) == ["Förskola Ängen"]
    assert list(csv_frame[TEXT]) == ["Bättre wifi i personalrummet, tack"]
    streamed = next(iter(iter_suggestions(tmp_path / "mac.csv")[2]))
    assert list(streamed[TEXT]) == ["Bättre wifi i personalrummet, tack"]


def test_a_true_or_false_cell_is_written_as_excel_shows_it_in_the_outputs_language(runner, tmp_path):
    """A checkbox column of TRUE/FALSE cells (*Åtgärdad*) came out of a Swedish run as "TRUE"/"FALSE", words a
    Swedish Excel never showed the user (it shows SANT/FALSKT): such a cell is read in the outputs' language."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Id", "Förslag", "Åtgärdad"])
    ws.append([1, "Fler vikarier på helgerna behövs", True])
    ws.append([2, "Bättre wifi i personalrummet, tack", False])
    wb.save(tmp_path / "in.xlsx")
    assert list(read_suggestions(tmp_path / "in.xlsx").frame["Åtgärdad"]) == ["SANT", "FALSKT"]
    for lang, words in (("sv", ["SANT", "FALSKT"]), ("en", ["TRUE", "FALSE"])):
        out = tmp_path / f"out_{lang}.csv"
        r = runner.invoke(app, ["classify", str(tmp_path / "in.xlsx"), "--lang", lang, "-o", str(out)])
        assert r.exit_code == 0, r.stderr
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
        assert [row["Åtgärdad"] for row in rows] == words


def test_a_column_named_with_decomposed_letters_is_found(runner, tmp_path):
    """A column named in a config file or script a Mac editor saved ("Förslag", "Enhet för ärendet" with "ö" as "o"
    and a combining diaeresis) was no column of the export (exit 3, "ingen kolumn 'Förslag'"), whose names are
    read composed: a name given is compared as one code point a letter too."""
    import unicodedata

    src = tmp_path / "in.csv"
    src.write_text("Nr;Förslag;Kommentar;Enhet för ärendet\n1;Fler vikarier på helgerna behövs;Bra idé;Skolan\n",
                   encoding="utf-8")
    nfd = unicodedata.normalize("NFD", "Förslag")
    s = read_suggestions(src, text_columns=[nfd], group_column=unicodedata.normalize("NFD", "Enhet för ärendet"))
    assert s.columns.text == ("Förslag",) and s.columns.group == "Enhet för ärendet"
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--text-column", nfd, "-o", str(out)])
    assert r.exit_code == 0, r.stderr


def test_an_id_and_a_postal_code_with_leading_zeros_in_an_old_xls_keep_them(tmp_path):
    """An old .xls id shown as 00123 (the number 123 in the format "00000") was read as 123, and a postal code
    shown as 123 45 ("000 00") as 12345, where the same cells of an .xlsx keep what Excel shows: the id the user
    looks for in the output, and the store's key, is the one Excel shows."""
    from samples import xls_bytes

    rows = [["Id", "Förslag", "Postnr", "Antal"], [123, "Fler vikarier på helgerna behövs", 12345, 7],
            [45, "Bättre wifi i personalrummet", 11122, 12]]
    p = tmp_path / "gammal.xls"
    p.write_bytes(xls_bytes(rows, formats={(1, 0): "00000", (2, 0): "00000", (1, 2): "000 00", (2, 2): "000 00",
                                           (1, 3): 1}))
    s = read_suggestions(p)
    assert list(s.frame["Id"]) == list(s.frame[ID]) == ["00123", "00045"]
    assert list(s.frame["Postnr"]) == ["123 45", "111 22"]
    assert list(s.frame["Antal"]) == ["7", "12"]  # (built-in "0": a number stays the number it is)


def test_a_month_in_an_old_xls_is_read_as_the_month(tmp_path):
    """A month typed into an old .xls cell ("mar 2024", which Excel stores as the 1st in a format without a day)
    was read as 2024-03-01, a made-up first day, where an .xlsx's is the month 2024-03: the XF record names the
    format, of its own ("mmm yyyy") or built in ("mmm-yy"); a date shown with its day stays that date."""
    from samples import xls_bytes

    rows = [["Månad", "Förslag"], [45352, "Fler vikarier på helgerna behövs"],
            [45366, "Bättre wifi i personalrummet"], [45383, "Nya stolar i köket behövs snart"]]
    p = tmp_path / "gammal.xls"
    p.write_bytes(xls_bytes(rows, formats={(1, 0): "mmm yyyy", (2, 0): "yyyy-mm-dd", (3, 0): 17}))
    frame = read_suggestions(p).frame
    assert list(frame["Månad"]) == list(frame[DATE]) == ["2024-03", "2024-03-15", "2024-04"]


def test_rows_and_columns_hidden_in_an_old_xls_are_noted_as_in_an_xlsx(runner, tmp_path):
    """Rows hidden in an old .xls (a filter, or by hand) were read without the note an .xlsx and an .ods get —
    a user who filtered the list to one unit saw more rows read than the filter showed, with no word why. The
    sheet's ROW and COLINFO records say what is hidden; the same note, also for the columns; the rows are read
    as every other row; hidden empty rows below the table are none of its rows."""
    from samples import xls_bytes

    rows = [["Enhet", "Förslag", "Kommentar"], ["Hemtjänst Norr", "Fler vikarier på helgerna behövs", "a"],
            ["Skola", "Bättre wifi i klassrummen vore bra", "b"], ["Kök", "Nya stolar i köket behövs snart", "c"],
            ["Park", "Fler bänkar i parken till sommaren", "d"], [None, None, None]]
    p = tmp_path / "gammal.xls"
    p.write_bytes(xls_bytes(rows, hidden_rows=(2, 3, 5), hidden_columns=(2,)))
    s = read_suggestions(p)
    assert s.info.format == "xls" and len(s.frame) == 4
    notes = {n.key: n.fields for n in s.info.notes if hasattr(n, "key")}
    assert notes["note_hidden_rows"] == {"sheet": "Blad1", "n": 2, "first": 3}
    assert notes["note_hidden_columns"] == {"sheet": "Blad1", "n": 1}
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "bladet 'Blad1' har 2 rader som är dolda i Excel" in r.stderr, r.stderr
    p.write_bytes(xls_bytes(rows))
    assert not any(getattr(n, "key", "").startswith("note_hidden") for n in read_suggestions(p).info.notes)


# Exports as the survey and case systems Swedish municipalities use write them (Microsoft Forms, Google Forms,
# Netigate/Esmaker, Synergi/Stratsys, a sheet typed by hand): plausible suggestions, units and dates.
_EXPORT_PROBLEMS = ["Vi behöver fler vikarier på helgerna", "Ventilationen i personalrummet fungerar inte",
                    "Datorerna är för långsamma på morgonen", "Schemat kommer ut för sent varje period",
                    "Inför digital signering av anställningsavtal", "Mer tid för kompetensutveckling om demens",
                    "Fler parkeringsplatser vid stadshuset behövs", "Bättre wifi i klassrummen på övervåningen",
                    "Chefen borde synas mer ute i verksamheten", "Nya arbetsstolar till receptionen"]
_EXPORT_UNITS = ["Hemtjänst Norr", "Förskolan Solgläntan", "Vallaskolan", "IT-avdelningen", "Socialtjänsten"]


def _export_texts(n):
    """``n`` distinct suggestions of a sentence or two, as staff write them."""
    tails = ["så som det är nu fungerar det inte", "det har varit så länge", "alla på enheten märker det",
             "det skulle spara mycket tid", "flera har tagit upp det på APT"]
    return [f"{_EXPORT_PROBLEMS[i % 10]}, {tails[(i // 10) % 5]} (förslag {i + 1})." for i in range(n)]


def test_a_case_system_s_case_number_is_the_id(tmp_path):
    """A Synergi or Stratsys export names its id "Ärendenr" (and a registry "Diarienr", "Dnr"): no id column was
    found, so the outputs had no id and a nightly store keyed the cases by text, unit and date — a case whose
    description was edited the next night came back as a new suggestion."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime, timedelta

    texts = _export_texts(60)
    for id_name in ("Ärendenr", "Ärende-nr", "Diarienr", "Dnr"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Ärenden"
        ws.append([id_name, "Rubrik", "Beskrivning", "Enhet", "Förvaltning", "Registrerad", "Status"])
        for i, t in enumerate(texts):
            ws.append([f"SYN-2024-{i + 1:04d}", " ".join(t.split()[:3]), t, _EXPORT_UNITS[i % 5],
                       "Socialförvaltningen", datetime(2024, 3, 1, 8) + timedelta(hours=7 * i),
                       ["Registrerad", "Under utredning", "Avslutad"][i % 3]])
        p = tmp_path / "synergi.xlsx"
        wb.save(p)
        s = read_suggestions(p)
        assert s.columns.id == id_name, (id_name, s.columns)
        assert list(s.frame[ID]) == [f"SYN-2024-{i + 1:04d}" for i in range(60)]
        assert s.columns.text == ("Beskrivning",) and list(s.frame[TEXT]) == texts
        assert s.columns.group == "Enhet" and s.frame[DATE].iloc[-1] == "2024-03-18"


@pytest.mark.parametrize("question", ["Inom vilken verksamhet arbetar du?", "Var arbetar du?", "Vilken skola arbetar du på?",
                                      "Vilket boende jobbar du på?", "På vilken förskola arbetar du?",
                                      "Jag arbetar inom"])
def test_a_form_s_question_where_the_respondent_works_is_the_unit(tmp_path, question):
    """Microsoft Forms and Google Forms ask for the unit in the words the form's author chose: "Inom vilken
    verksamhet arbetar du?" or "Var arbetar du?" gave no unit column — no *Tema per enhet* sheet, every theme
    "enhet saknas" — though "Vilken enhet arbetar du på?" did. A question about the respondent's job or hours
    ("Vad arbetar du med?", "Vilken tid arbetar du?", "Arbetar du som chef?") is no unit."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime, timedelta

    texts = _export_texts(45)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Vad arbetar du med?", "Vilken tid arbetar du?",
               "Arbetar du som chef?", question, "Vad skulle du vilja förbättra?"])
    for i, t in enumerate(texts):
        start = datetime(2024, 3, 5, 14, 32, 10) + timedelta(minutes=97 * i)
        ws.append([i + 1, start, start + timedelta(minutes=4), "anonymous", None,
                   ["Undersköterska", "Lärare", "Handläggare"][i % 3], ["Dag", "Kväll", "Natt"][i % 3],
                   "Nej" if i % 4 else "Ja", _EXPORT_UNITS[i % 5], t])
    p = tmp_path / "forms.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.columns.group == question, s.columns
    assert list(s.frame[GROUP]) == [_EXPORT_UNITS[i % 5] for i in range(45)]
    assert s.columns.text == ("Vad skulle du vilja förbättra?",) and s.frame[DATE].iloc[0] == "2024-03-05"
    ws.cell(row=1, column=9, value="Fråga 5")  # the unit question asked in words of no unit: none of the others
    wb.save(p)
    assert read_suggestions(p).columns.group is None


def test_a_named_column_empty_in_most_rows_gives_way_to_the_text_filled_in(runner, tmp_path):
    """A Synergi export's "Förslag till åtgärd" (filled in for half the cases) was chosen by its name over
    "Beskrivning" (every case): half the rows came out *tom*. A form's follow-up "Har du fler förslag?" (a third
    answered) likewise over its main question "Vad vill du förbättra?". A column named for the text and filled in
    takes its place, with a note and the flag; a column of comments never does, nor a column under no such
    name (a form's "Vad fungerar bra?" beside its suggestions)."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime, timedelta
    from forbattra.i18n import render

    texts, more = _export_texts(80), _export_texts(160)[80:]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ärenden"
    ws.append(["Ärendenr", "Rubrik", "Beskrivning", "Förslag till åtgärd", "Enhet", "Registrerad", "Status"])
    for i, t in enumerate(texts):
        ws.append([f"SYN-{i + 1}", " ".join(t.split()[:3]), t, more[i // 2] if i % 2 == 0 else None,
                   _EXPORT_UNITS[i % 5], datetime(2024, 3, 1) + timedelta(days=i), "Avslutad"])
    p = tmp_path / "synergi.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.columns.text == ("Beskrivning",) and list(s.frame[TEXT]) == texts
    notes = [render(n, "sv") for n in s.info.notes]
    assert any("textkolumnen 'Beskrivning' valdes: kolumnen 'Förslag till åtgärd' är tom på de flesta rader" in n
               and "--text-column" in n for n in notes), notes
    r = runner.invoke(app, ["classify", str(p), "-o", str(tmp_path / "o.jsonl"), "--no-duplicates"])
    assert r.exit_code == 0 and "tomma 0" in r.stderr, r.stderr
    # the choice can be undone with the one flag
    assert read_suggestions(p, text_columns=["Förslag till åtgärd"]).columns.text == ("Förslag till åtgärd",)

    # Microsoft Forms: the main question answered by all, the follow-up by a third
    forms = tmp_path / "forms.csv"
    forms.write_text("ID;Starttid;E-post;Vilken enhet arbetar du på?;Vad vill du förbättra?;Har du fler förslag?\n" + "".join(
        f"{i + 1};2024-03-05 14:{i % 60:02d}:10;anonymous;{_EXPORT_UNITS[i % 5]};{t};{more[i] if i % 3 == 0 else ''}\n"
        for i, t in enumerate(texts)), encoding="utf-8")
    assert read_suggestions(forms).columns.text == ("Vad vill du förbättra?",)

    # filled in more than half the rows, the named column stays; so it does beside comments or unnamed free text
    for sparse, other in [(3, "Vad vill du förbättra?"), (2, "Handläggarens kommentar"), (2, "Vad fungerar bra?")]:
        forms.write_text(f"ID;Enhet;{other};Förslag\n" + "".join(
            f"{i + 1};{_EXPORT_UNITS[i % 5]};{t};{more[i] if i % sparse else ''}\n" for i, t in enumerate(texts)),
            encoding="utf-8")
        assert read_suggestions(forms).columns.text == ("Förslag",), (sparse, other)


def test_a_hand_typed_sheet_with_its_suggestion_merged_across_two_columns_is_one_table(runner, tmp_path):
    """A list typed by hand — a title, an empty row, "Förslag" merged across C:D for a wider column (each row's
    suggestion merged the same way), "Kommentar" and "Ansvarig" beside it, a total row — was said to be two
    tables side by side ("the empty column D between them") and told to be rearranged: D is part of the merged
    cells, not a gap. The rows are read, the total row is no suggestion, none is lost."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import date, timedelta
    from forbattra.i18n import render

    texts = _export_texts(36)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws["A1"] = "Förbättringsförslag APT våren 2024 – Hemtjänsten"
    ws.append([])
    ws.append(["Datum", "Enhet", "Förslag", None, "Kommentar", "Ansvarig"])
    ws.merge_cells("C3:D3")
    for i, t in enumerate(texts):
        ws.append([date(2024, 2, 1) + timedelta(days=3 * i), _EXPORT_UNITS[i % 3], t, None,
                   "Tas upp på nästa APT" if i % 3 else "Klart", ["Eva Lind", "Omar Said"][i % 2]])
        ws.merge_cells(f"C{4 + i}:D{4 + i}")
    ws.append(["Totalt", None, f"{len(texts)} förslag"])
    for row in ws.iter_rows(min_row=4, max_row=3 + len(texts), max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    p = tmp_path / "apt.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    notes = [render(n, "en") for n in s.info.notes]
    assert not any("side by side" in n for n in notes), notes
    assert s.info.header_row == 3 and s.columns.text == ("Förslag",) and s.columns.group == "Enhet"
    # the total row ("Totalt", its count "36 förslag"): kept, counted as empty, with a note naming it
    assert list(s.frame[TEXT]) == texts + [""] and s.frame[DATE].iloc[1] == "2024-02-04"
    assert any(n.startswith("1 row is the table's total row") for n in notes), notes
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates"])
    assert r.exit_code == 0 and "bredvid varandra" not in r.stderr, r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 37 and rows[-1]["status"] == "empty"


@pytest.mark.parametrize("main", ["Vad skulle göra din arbetsplats bättre?", "Vad kan vi göra bättre?",
                                  "Hur kan din arbetsplats bli bättre?"])
def test_a_form_s_main_question_wins_over_its_follow_up(runner, tmp_path, main):
    """A Google Forms export asking "Vad skulle göra din arbetsplats bättre?" and, after it, "Övriga synpunkter"
    had the follow-up read as the suggestions (its name says *synpunkt*, the main question's named nothing):
    the answers to the question the form was about went unclassified. The same with Microsoft Forms' "Har du fler
    förslag?". A question asking what would make things better names the suggestion, and a follow-up asking for
    more ("Övriga synpunkter", "Har du fler förslag?") ranks below every question naming the suggestion itself."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime, timedelta

    texts, more = _export_texts(60), _export_texts(120)[60:]
    mails = [f"{n}@kommun.se" for n in ("anna.svensson", "erik.lind", "fatima.larsson")]
    p = tmp_path / "google.csv"
    p.write_text(f'Tidstämpel,E-postadress,Vilken enhet arbetar du på?,"{main}",Övriga synpunkter\n' + "".join(
        f'{3 + i // 24}.3.2024 {i % 24}:32,{mails[i % 3]},{_EXPORT_UNITS[i % 5]},"{t}","{more[i] if i % 4 else ""}"\n'
        for i, t in enumerate(texts)), encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == (main,) and list(s.frame[TEXT]) == texts
    assert (s.columns.group, s.columns.date, s.columns.person) == ("Vilken enhet arbetar du på?", "Tidstämpel",
                                                                  "E-postadress")
    assert s.frame[DATE].iloc[0] == "2024-03-03" and s.frame[DATE].iloc[-1] == "2024-03-05"
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--no-duplicates", "--redact"])
    assert r.exit_code == 0 and "tomma 0" in r.stderr, r.stderr
    assert "@kommun.se" not in out.read_text(encoding="utf-8")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Senaste ändringstid",
               "Vilken enhet arbetar du på?", main, "Har du fler förslag?"])
    for i, t in enumerate(texts):
        start = datetime(2024, 3, 5, 14, 32, 10) + timedelta(hours=5 * i)
        ws.append([i + 1, start, start + timedelta(minutes=3), "anonymous", None, None, _EXPORT_UNITS[i % 5], t,
                   more[i] if i % 3 else None])
    p = tmp_path / "forms.xlsx"
    wb.save(p)
    s = read_suggestions(p)
    assert s.columns.text == (main,) and s.columns.id == "ID" and s.frame[DATE].iloc[-1] == "2024-03-17"
    # the follow-up alone is still the text column, by its name
    assert read_suggestions(p, text_columns=["Har du fler förslag?"]).columns.text == ("Har du fler förslag?",)
    ws.delete_cols(8)
    wb.save(p)
    assert read_suggestions(p).columns.text == ("Har du fler förslag?",)


def test_a_one_column_list_with_a_delimiter_only_after_the_lines_sniffed_keeps_that_line_whole(tmp_path):
    """A one-column list ("Förslag", one text a line) whose first ";" and "," come after the ~60 lines the
    delimiter is sniffed on: the file was read with ";" (in none of the lines sniffed), so the line with a ";"
    further down was cut there, its end moved to a column of its own, with a warning. The delimiter of a file read
    as one column is the one least found in the whole file: every line stays one text."""
    texts = [f"Förslag nummer {i} om lokalerna" for i in range(1, 81)]
    texts[69] = "Bättre kaffe, fler raster och en ny skrivare"
    texts[74] = "Mer personal; helst före sommaren"
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    s, notes = _both(p)
    assert s.columns.text == ("Förslag",) and list(s.frame[TEXT]) == texts and not notes
    assert list(s.frame.columns[:1]) == ["Förslag"] and "Kolumn 2" not in s.frame.columns
    # a table of two columns is read as before
    p.write_text("Id;Förslag\n" + "\n".join(f'{i};"{t}"' for i, t in enumerate(texts, 1)) + "\n", encoding="utf-8")
    s, _ = _both(p)
    assert s.info.delimiter == ";" and list(s.frame[TEXT]) == texts


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_excels_sep_line_is_the_delimiter_hint_and_no_row(tmp_path, bom):
    """Excel's first line "sep=;" (or "sep=,"), which it writes and reads as the delimiter's hint and shows as no
    row: it was read as a title row above the header ("rubriker på rad 2", every row named one below the row Excel
    shows), as the header of a one-column list ("sep=" and "" — no text column found, exit 3) and, under
    --no-header, as a data row. Both readers take the delimiter from it and leave the line out."""
    from forbattra.inputs.tables import excel_sep_line

    p = tmp_path / "export.csv"
    p.write_bytes(bom + "sep=;\r\nId;Enhet;Förslag\r\n1;Skola;Bättre kaffe, tack\r\n2;Vård;Fler raster, gärna\r\n"
                  "3;Skola;Ny skrivare; helst i färg\r\n".encode())
    s, notes = _both(p)
    assert s.info.delimiter == ";" and s.info.header_row == 1 and s.columns.text == ("Förslag",)
    assert list(s.frame[TEXT]) == ["Bättre kaffe, tack", "Fler raster, gärna", "Ny skrivare"]
    assert [(n.key, n.fields["line"]) for n in notes] == [("note_extra_fields", 4)]  # the row Excel shows
    # the hint wins over what sniffing would say: a comma-separated export whose texts have a ";"
    p.write_bytes(bom + "sep=,\nId,Förslag\n1,Mer ljus; gärna LED\n2,Fler raster; gärna ute\n".encode())
    s, notes = _both(p)
    assert s.info.delimiter == "," and list(s.frame[TEXT]) == ["Mer ljus; gärna LED", "Fler raster; gärna ute"]
    assert not notes
    # a one-column list under the hint
    p.write_bytes(bom + "sep=;\nFörslag\nBättre kaffe, tack\nMer ljus, tack\n".encode())
    s, _ = _both(p)
    assert s.columns.text == ("Förslag",) and list(s.frame[TEXT]) == ["Bättre kaffe, tack", "Mer ljus, tack"]
    # without a header row: the line is no data row
    p.write_bytes(bom + "sep=,\n1,Skola,Bättre kaffe i fikarummet\n2,Vård,Fler raster under dagen\n".encode())
    s = read_suggestions(p, header=False)
    _, _, chunks = iter_suggestions(p, header=False)
    assert list(s.frame[TEXT]) == ["Bättre kaffe i fikarummet", "Fler raster under dagen"]
    assert [t for c in chunks for t in c[TEXT]] == list(s.frame[TEXT])
    assert excel_sep_line("sep=\t\nA\tB\n") == ("\t", 6) and excel_sep_line("Förslag\nsep=;\n") == (None, 0)


def test_a_sheet_without_cell_references_is_read_with_its_formats_formulas_and_hidden_rows(tmp_path):
    """The standard lets a writer leave out each row's and cell's reference (``<row>``, ``<c t="s">``: a report
    generator's sheet; the cell reader places them in order). What forbattra reads from the sheet's XML itself
    looked only at the references, so there: an id shown as 00002 was read as "2", a suggestion written as a formula
    nobody computed was read as an empty row without a word, and rows hidden by a filter got no note. Now read as
    in the same sheet with its references."""
    import re
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Svar"
    for row in (("Id", "Enhet", "Förslag"), (1, "Skola", "Bättre kaffe i fikarummet"), (2, "Vård", "Fler raster"),
                (3, "Skola", "Ny skrivare i lärarrummet")):
        ws.append(row)
    for r in (2, 3, 4):
        ws.cell(row=r, column=1).number_format = "00000"
    ws.row_dimensions[3].hidden = True
    with_refs, p = tmp_path / "refs.xlsx", tmp_path / "utan.xlsx"
    wb.save(with_refs)

    def without_refs(src, dst):
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb' r="[A-Z]*\d+"', b"", data)
                zout.writestr(item, data)

    without_refs(with_refs, p)
    assert b' r="' not in zipfile.ZipFile(p).read("xl/worksheets/sheet1.xml").split(b"<sheetData>")[1]
    for path in (with_refs, p):
        s = read_suggestions(path)
        assert list(s.frame[ID]) == ["00001", "00002", "00003"], path
        assert [(n.key, n.fields.get("first")) for n in s.info.notes] == [("note_hidden_rows", 3)], path
    ws["C3"] = "=A1"  # a formula nobody computed (openpyxl saves no value)
    wb.save(with_refs)
    without_refs(with_refs, p)
    for path in (with_refs, p):
        with pytest.raises(InputFileError, match=r"sheet 'Svar', column 'Förslag', has 1 formula without a computed "
                                                 r"value \(first: row 3\)"):
            read_suggestions(path)


@pytest.mark.parametrize("meta", [[], [("Kommun: Nordmaling", "", "Antal: 3")]])
def test_a_report_title_over_two_cells_above_the_table_is_no_header(tmp_path, meta):
    """A case system's report: a title in A1 and the date it was printed in C1 ("Förbättringsförslag 2026" …
    "Utskriven 2026-03-01") over a blank row and the table (Id, Enhet, Förslag). The title line filled two of the
    three columns, so it was taken for the header: the text column was "Utskriven 2026-03-01", the header row
    "Id;Enhet;Förslag" a suggestion "Förslag", every id and unit lost. The row of column names below is the
    header; the rows are named as Excel shows them; a CSV alike."""
    import openpyxl

    rows = [("Förbättringsförslag 2026", "", "Utskriven 2026-03-01"), *meta, ("", "", ""), ("Id", "Enhet", "Förslag"),
            (1, "Skola", "Bättre kaffe i fikarummet"), (2, "Vård", "Fler raster under dagen")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rapport"
    for r in rows:
        ws.append([v if v != "" else None for v in r])
    p = tmp_path / "rapport.xlsx"
    wb.save(p)
    c = tmp_path / "rapport.csv"
    c.write_text("".join(";".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    for path in (p, c):
        s = read_suggestions(path)
        assert s.info.header_row == len(rows) - 2, path
        assert (s.columns.text, s.columns.id, s.columns.group) == (("Förslag",), "Id", "Enhet")
        assert list(s.frame[TEXT]) == ["Bättre kaffe i fikarummet", "Fler raster under dagen"]
        assert list(s.frame[ID]) == ["1", "2"] and [s.info.excel_row(r) for r in s.frame[ROW]] == [len(rows) - 1,
                                                                                                    len(rows)]


def test_a_one_column_list_of_short_texts_without_a_header_says_no_header(tmp_path, runner):
    """A list of short texts in one column with no header ("Mer fika", "Fler bilar"): exit 3 saying "name it with
    --text-column", and the column's name was the first suggestion — given so, that row was read as the header and
    lost; and --no-header was refused the same way. The message offers --no-header (reading every row) or the
    column's name, in both languages; --no-header reads every row, in both readers."""
    import pandas as pd

    texts = ["Mer fika", "Fler bilar", "Bättre stolar", "Nya datorer", "Längre lunch"]
    p = tmp_path / "lista.csv"
    p.write_text("\n".join(texts) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(p), "-o", str(out)])
    assert r.exit_code == 3 and not out.exists()
    assert r.stderr == (f"Fel: {p}: den enda kolumnen, 'Mer fika', har korta texter under ett namn som inte säger "
                        "förslag; är 'Mer fika' det första förslaget, ange --no-header (då läses varje rad som ett "
                        "förslag); är det kolumnens namn, ange --text-column 'Mer fika'\n")
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3 and r.stderr == (
        f"Error: {p}: the only column, 'Mer fika', holds short texts under a name that does not say suggestion; if "
        "'Mer fika' is the first suggestion, give --no-header (every row is then read as a suggestion); if it is the "
        "column's name, give --text-column 'Mer fika'\n")
    s = read_suggestions(p, header=False)
    _, _, chunks = iter_suggestions(p, header=False, chunk_rows=2)
    assert s.columns.text == ("kolumn_1",) and list(s.frame[TEXT]) == texts
    assert list(pd.concat(list(chunks))[TEXT]) == texts
    r = runner.invoke(app, ["classify", str(p), "--no-header", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()] == texts
    # the line quoted is data: masked where the run masks
    p.write_text("Ring Anna 070-1234567\n" + "\n".join(texts[1:]) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["duplicates", str(p), "--redact", "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 3 and "070" not in r.stderr and "Anna" not in r.stderr and "--no-header" in r.stderr
    # a column of short codes or numbers is no list of suggestions, with or without a header
    p.write_text("12\n15\n7\n22\n", encoding="utf-8")
    with pytest.raises(ColumnError, match="found no column with suggestion text"):
        read_suggestions(p, header=False)


@pytest.mark.parametrize("delim", [";", ",", "\t"])
def test_excels_sep_line_of_a_second_export_pasted_below_is_an_empty_row(tmp_path, delim):
    """Two exports pasted together, each starting with Excel's "sep=;" line: the second one's line was read as a
    row, its id "sep=" (stored in the history as a suggestion's id) and its text empty, with no word. It is a row
    Excel shows, so it stays one, counted as empty with every role empty and a note naming it, as the header
    repeated below it is; both readers alike."""
    from forbattra.i18n import render

    def export(rows):
        return f"sep={delim}\r\n" + "".join(delim.join(r) + "\r\n" for r in [("Id", "Enhet", "Förslag"), *rows])

    p = tmp_path / "ihop.csv"
    p.write_bytes((export([("1", "Skola", "Bättre kaffe i fikarummet"), ("2", "Vård", "Fler raster under dagen")])
                   + export([("3", "Skola", "Ny skrivare i lärarrummet")])).encode())
    s, notes = _both(p)
    assert list(s.frame[ID]) == ["1", "2", None, None, "3"]
    assert list(s.frame[TEXT]) == ["Bättre kaffe i fikarummet", "Fler raster under dagen", "", "",
                                   "Ny skrivare i lärarrummet"]
    assert [render(n, "sv") for n in notes] == [
        "Excels avgränsarrad (sep=) står igen på 1 rad längre ner (rad 4; två exporter i en fil?); den raden räknas "
        "som tom",
        "rubrikraden står igen på 1 rad längre ner (rad 5; två exporter i en fil?); den raden räknas som tom"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_txt_export_with_excels_sep_line_is_read_as_the_table_it_is(tmp_path, encoding):
    """A small ``.txt`` export (Excel's "Unicode text", or a CSV saved under .txt) with the "sep=;" line over its
    rows: that line, one of four, made the file too irregular for a table, so it was read as a document, each line
    a suggestion ("Id;Enhet;Förslag" classified, its ids and units lost). The line says it is a table."""
    from forbattra.inputs.documents import looks_like_table

    p = tmp_path / "export.txt"
    p.write_bytes("sep=;\r\nId;Enhet;Förslag\r\n1;Skola;Bättre kaffe\r\n2;Vård;Fler raster\r\n".encode(encoding))
    assert looks_like_table(p)
    s = read_suggestions(p)
    assert list(s.frame[TEXT]) == ["Bättre kaffe", "Fler raster"] and list(s.frame[GROUP]) == ["Skola", "Vård"]
    p.write_text("sep=;\n", encoding="utf-8")  # the line alone: no rows under it
    assert not looks_like_table(p)


def test_a_cell_that_starts_with_a_quoted_phrase_keeps_its_quotes(tmp_path):
    """A text that opens with a quoted phrase and goes on after it ('"Fika" på fredagar vore trevligt') is no CSV
    quoting (that closes a cell at a delimiter or the line's end): the csv module dropped the quotes, so the
    suggestion read 'Fika på fredagar vore trevligt'. It is read as written, in a one-column list and in a table,
    by both readers; a quoted cell (with a doubled quote, or a delimiter inside) is read as before."""
    texts = ['Bättre kaffe i personalrummet', '"Fika" på fredagar vore trevligt', 'Fler raster under dagen',
             '"Öppet hus" för föräldrar en gång per termin']
    p = tmp_path / "lista.csv"
    p.write_text("Förslag\n" + "\n".join(texts) + "\n", encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == texts and not notes
    p.write_text('Id;Enhet;Förslag\n1;"Skola";"Fika" på fredagar vore trevligt\n2;Vård;"Mer ljus; gärna LED"\n'
                 '3;Vård;"Ett ""riktigt"" fikarum"\n4;"Kultur";"Fika; fredag" varje vecka\n', encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == ['"Fika" på fredagar vore trevligt', "Mer ljus; gärna LED",
                                   'Ett "riktigt" fikarum', '"Fika; fredag" varje vecka']
    assert list(s.frame[GROUP]) == ["Skola", "Vård", "Vård", "Kultur"] and not notes
    # in a row over several lines (another of its cells quoted over them)
    p.write_text('Id;Förslag;Kommentar\n1;"Fika" på fredagar;"Rad ett\nrad två"\n2;Fler raster;Ok\n3;Mer ljus;Bra\n',
                 encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == ['"Fika" på fredagar', "Fler raster", "Mer ljus"]
    assert list(s.frame["Kommentar"]) == ["Rad ett\nrad två", "Ok", "Bra"] and not notes
    # a quoted cell with spaces after its closing quote is quoting still, read as the csv module reads it
    p.write_text('Id;Enhet;Förslag\n1;"Skola" ;"Mer ljus" \n2;Vård;Fler raster\n', encoding="utf-8")
    s, _ = _both(p)
    assert list(s.frame[GROUP]) == ["Skola", "Vård"] and list(s.frame[TEXT]) == ["Mer ljus", "Fler raster"]


@pytest.mark.parametrize("total", ["Totalt;4", ";Summa: 4", "Antal förslag;", ";4"])
def test_a_total_row_under_short_answers_leaves_the_text_column_found(tmp_path, total):
    """A total or count row under the table ("Totalt;4", a count Excel summed) lowered the answers' average length
    below what a comment column of short answers needs ("Mer fika", "Ny skrivare"): "hittade ingen kolumn med
    förslagstext", exit 3. Column detection leaves such rows out of what it measures; every row is still read, the
    id column stays the id."""
    p = tmp_path / "export.csv"
    p.write_text("Nr;Kommentar\n1;Mer fika\n2;Ny skrivare\n3;Mer raster\n4;Bra wifi\n" + total + "\n",
                 encoding="utf-8")
    s = read_suggestions(p)
    assert s.columns.text == ("Kommentar",) and s.columns.id == "Nr"
    assert list(s.frame[TEXT])[:4] == ["Mer fika", "Ny skrivare", "Mer raster", "Bra wifi"] and len(s.frame) == 5
    p.write_text("Nr;Kommentar\n1;Mer fika\n2;Ny skrivare\n3;Mer raster\n4;Bra wifi\n", encoding="utf-8")
    assert read_suggestions(p).columns.text == ("Kommentar",)  # as without the total row


@pytest.mark.parametrize("head, sub, names", [
    # the questions' numbers under them, the respondent's columns left empty on that row
    ("Respondent;Enhet;Vad vill du förbättra?;Övrigt", ";;Fråga 1;Fråga 2",
     ["Respondent", "Enhet", "Vad vill du förbättra?", "Övrigt"]),
    # the questions under their numbers
    ("Respondent;Enhet;Fråga 1;Fråga 2", ";;Vad vill du förbättra?;Övrigt",
     ["Respondent", "Enhet", "Vad vill du förbättra?", "Övrigt"]),
    ("Q1;Q2;Q3", "Id;Enhet;Förslag", ["Id", "Enhet", "Förslag"]),
])
def test_a_second_header_row_of_question_numbers_is_no_suggestion(tmp_path, head, sub, names):
    """A survey export with its questions on one header row and their numbers on the next ("Fråga 1" under "Vad
    vill du förbättra?"), or the other way round: the second row was read as the first suggestion ("Fråga 1", or
    the question itself, classified), and under "Q1;Q2;Q3" the column names too. Both rows are the header; the
    columns are named by the questions (or names), with the note on two header rows."""
    p = tmp_path / "enkät.csv"
    data = ["1;Skola;Bättre kaffe i personalrummet;Inget", "2;Vård;Fler raster under dagen;Bra enkät",
            "3;Skola;Ny skrivare behövs på plan 2;"]
    data = [";".join(r.split(";")[:len(names)]) for r in data]
    p.write_bytes(("\r\n".join([head, sub, *data]) + "\r\n").encode("cp1252"))
    s, notes = _both(p)
    assert s.original_columns == names
    assert list(s.frame[TEXT]) == ["Bättre kaffe i personalrummet", "Fler raster under dagen",
                                   "Ny skrivare behövs på plan 2"]
    assert [n.key for n in notes] == ["note_two_header_rows"] and s.info.header_row == 2


def test_answers_under_numbered_questions_are_rows(tmp_path):
    """Short answers under "Fråga 1;Fråga 2", the first of them as short as a name: every row is read."""
    p = tmp_path / "enkät.csv"
    texts = ["Vad sägs om fika?", "Fler raster under dagen, tack", "Ny skrivare behövs på plan 2"]
    p.write_text("Fråga 1;Fråga 2\n" + "\n".join(f"{t};{a}" for t, a in zip(texts, ["Bra", "Inget", "Okej"]))
                 + "\n", encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == texts and not notes


def test_a_two_line_export_without_a_header_keeps_its_first_row(tmp_path):
    """Two rows and no header, "1;Skola;Bättre kaffe i fikarummet" over "2;Vård;…": the first was taken for the
    header (a column named "Bättre kaffe i fikarummet"), one row read, no note — a suggestion lost. A number or
    date over one in its column names no column: both rows are read, with the note that no header was found; a
    two-line export with a header is read as before."""
    p = tmp_path / "export.csv"
    p.write_text("1;Skola;Bättre kaffe i fikarummet\n2;Vård;Fler raster under dagen\n", encoding="utf-8")
    s, notes = _both(p)
    assert list(s.frame[TEXT]) == ["Bättre kaffe i fikarummet", "Fler raster under dagen"]
    assert [n.key for n in notes] == ["note_no_header_found"]
    p.write_text("2024-03-05;Skola;Bättre kaffe i fikarummet\n2024-03-06;Vård;Fler raster under dagen\n",
                 encoding="utf-8")
    assert len(read_suggestions(p).frame) == 2
    p.write_text("Id;Enhet;Förslag\n1;Skola;Bättre kaffe i fikarummet\n", encoding="utf-8")
    s, notes = _both(p)
    assert s.original_columns == ["Id", "Enhet", "Förslag"] and list(s.frame[TEXT]) == ["Bättre kaffe i fikarummet"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_is_read(tmp_path, codec):
    """UTF-16 saved without a byte-order mark (a script's or a Java tool's export): little-endian was read, the
    big-endian order refused as "a binary file, not text or CSV" (exit 3). Both are read as the text they are."""
    p = tmp_path / "export.csv"
    p.write_bytes("Id;Förslag;Enhet\r\n1;Fler vikarier till sommaren;Skola A\r\n2;Tyst rum behövs;Skola B\r\n"
                  .encode(codec))
    s = read_suggestions(p)
    assert s.info.encoding == codec and s.info.delimiter == ";"
    assert list(s.frame[TEXT]) == ["Fler vikarier till sommaren", "Tyst rum behövs"]
    assert list(s.frame[GROUP]) == ["Skola A", "Skola B"]
