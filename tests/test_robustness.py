"""Bad and strange input: one clear line and a documented exit code, or success with every row kept."""

import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from forbattra.cli import app
from forbattra.errors import InputFileError
from forbattra.inputs.tables import read_suggestions, read_table
from samples import cfb_bytes


def _classify(runner, path, tmp_path, *extra):
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(path), "-o", str(out), *extra])
    return r, out


def _one_error_line(r, code):
    assert r.exit_code == code, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("Fel: ") and "Traceback" not in r.stderr
    return lines[-1]


def _xlsx(path, rows, **opts):
    import xlsxwriter

    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, **opts}) as wb:
        ws = wb.add_worksheet("Blad1")
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                ws.write_string(i, j, v)
    return path


@pytest.mark.parametrize("name,content,needle", [
    ("tom.xlsx", b"", "filen är tom (0 byte)"),
    ("slump.xlsx", bytes(range(256)) * 40, "ingen giltig .xlsx-fil"),
    ("slump.csv", bytes(range(256)) * 40, "binärfil"),
    # Excel's "Kryptera med lösenord": the package in a compound file; a damaged one (no such stream) is no password
    ("krypterad.xlsx", cfb_bytes({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x17" * 600}),
     "lösenordsskyddad"),
    ("skadad.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "kan inte läsa arbetsboken"),
])
def test_bad_files_one_line_no_output(runner, tmp_path, name, content, needle):
    p = tmp_path / name
    p.write_bytes(content)
    r, out = _classify(runner, p, tmp_path)
    line = _one_error_line(r, 3)
    assert needle in line and name in line
    assert not out.exists()


def test_truncated_xlsx(runner, tmp_path):
    good = _xlsx(tmp_path / "hel.xlsx", [["Förslag"], *[[f"Förslag nummer {i} om lokaler"] for i in range(200)]])
    bad = tmp_path / "trasig.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    r, out = _classify(runner, bad, tmp_path)
    assert "skadad eller avkortad" in _one_error_line(r, 3) and not out.exists()


def test_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * 300_000_000)  # inflates 300 MB from ~300 KB
    with pytest.raises(InputFileError, match="zip bomb"):
        read_suggestions(bomb)


def test_no_text_column(runner, tmp_path):
    p = tmp_path / "siffror.csv"
    p.write_text("a;b\n1;2\n3;4\n", encoding="utf-8")
    r, _ = _classify(runner, p, tmp_path)
    assert "hittade ingen kolumn med förslagstext; kolumner i filen: 'a', 'b'" in _one_error_line(r, 3)


def test_missing_path_and_empty_folder(runner, tmp_path):
    r, _ = _classify(runner, tmp_path / "saknas.csv", tmp_path)
    assert "filen eller mappen finns inte" in _one_error_line(r, 3)
    (tmp_path / "tom").mkdir()
    r, _ = _classify(runner, tmp_path / "tom", tmp_path, "--lang", "en")
    line = r.stderr.strip().splitlines()[-1]
    assert r.exit_code == 3 and line.startswith("Error: ") and "no .docx, .odt, .pdf, .txt or .md documents" in line


def test_big_cell_emoji_formulas_duplicates(runner, tmp_path):
    big = "Lokalerna är för små. " * 50_000  # ~1.1 MB in one cell
    p = tmp_path / "konstig.csv"
    p.write_text("Förslag;Förslag;Enhet\n"
                 f'"{big}";x;A\n'
                 "Fler vikarier 😀🙏 tack!;y;B\n"
                 "=HYPERLINK(\"http://x\");z;C\n"
                 "@SUM(1);w;D\n", encoding="utf-8")
    out_x = tmp_path / "k.xlsx"
    r, out = _classify(runner, p, tmp_path, "-o", str(out_x), "-o", str(tmp_path / "k.csv"))
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4 and len(rows[0]["text"]) == len(big.strip())
    assert rows[1]["text"].startswith("Fler vikarier 😀")
    assert rows[2]["text"].startswith("=HYPERLINK")
    import openpyxl

    ws = openpyxl.load_workbook(out_x)["Förslag"]
    assert [c.value for c in ws[1]][:2] == ["Förslag", "Förslag (2)"]
    assert ws.cell(2, 1).value.endswith("[avkortad, se indata]") and len(ws.cell(2, 1).value) == 32_767
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    csv_text = (tmp_path / "k.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1)" in csv_text


def test_100k_rows_mixed_line_endings(tmp_path):
    lines = [f"{i};Förslag {i} om fler vikarier" for i in range(100_000)]
    body = "".join(l + ("\r\n" if i % 3 == 0 else "\n" if i % 3 == 1 else "\r") for i, l in enumerate(lines))
    p = tmp_path / "stor.csv"
    p.write_bytes(("id;Förslag\n" + body).encode("utf-8"))
    s = read_suggestions(p)
    assert len(s.frame) == 100_000 and s.frame["_id"].iloc[-1] == "99999"


def test_mixed_encodings_keep_every_row(tmp_path):
    p = tmp_path / "blandad.csv"
    p.write_bytes("id;Förslag\n1;Lokalerna är för små\n".encode("utf-8") + "2;Personalrummet är kallt\n".encode("cp1252"))
    s = read_suggestions(p)
    assert list(s.frame["_text"]) == ["Lokalerna är för små", "Personalrummet är kallt"]


def test_merged_cells_and_formula_cells_in_xlsx(tmp_path):
    import xlsxwriter

    p = tmp_path / "sammanfogad.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet()
        ws.merge_range(0, 0, 0, 2, "Förbättringsförslag 2026")
        for j, h in enumerate(["Enhet", "Förslag", "Summa"]):
            ws.write_string(2, j, h)
        ws.merge_range(3, 0, 5, 0, "Hemtjänst Norr")
        for i, t in enumerate(["Fler vikarier", "Större personalrum", "Snabbare datorer"], start=3):
            ws.write_string(i, 1, t)
            ws.write_formula(i, 2, "=1+1", None, 2)
    s = read_suggestions(p)
    assert s.info.header_row == 3 and len(s.frame) == 3
    assert list(s.frame["_group"]) == ["Hemtjänst Norr"] * 3
    assert list(s.frame["Summa"]) == ["2", "2", "2"]


def test_a_text_merged_down_over_two_rows_is_one_suggestion(runner, tmp_path):
    """A suggestion whose id, unit and text are merged down over two rows (two actions beside it) is
    counted once: the unit stays on both rows, the text and id only on the top one; the row under it is
    an empty row, kept and named in a note."""
    import xlsxwriter

    p = tmp_path / "sammanfogad_text.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Förslag")
        for j, h in enumerate(["Nr", "Enhet", "Förslag", "Åtgärd"]):
            ws.write_string(0, j, h)
        ws.merge_range(1, 0, 2, 0, 1)
        ws.merge_range(1, 1, 2, 1, "Hemtjänst Norr")
        ws.merge_range(1, 2, 2, 2, "Fler vikarier på helgerna, vi går kort varje helg.")
        ws.write_string(1, 3, "Rekrytera timvikarier")
        ws.write_string(2, 3, "Se över schemat")
        ws.write_row(3, 0, [2, "Skola Väst", "Bättre wifi i klassrummen.", "Beställ accesspunkter"])
    s = read_suggestions(p)
    assert list(s.frame["_text"]) == ["Fler vikarier på helgerna, vi går kort varje helg.", "",
                                      "Bättre wifi i klassrummen."]
    assert list(s.frame["_id"]) == ["1", None, "2"]
    assert list(s.frame["_group"]) == ["Hemtjänst Norr", "Hemtjänst Norr", "Skola Väst"]
    r, out = _classify(runner, p, tmp_path)
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["status"] for x in rows] == ["ok", "empty", "ok"]
    assert sum("personal" in x["themes"] for x in rows) == 1
    assert ("texten i kolumnen 'Förslag' är sammanfogad nedåt över flera rader: varje sammanfogad cell är ett "
            "förslag, läst på sin översta rad; 1 rad under den räknas som tom (rad 3)") in r.stderr
    assert "Läste 3 rader, klassificerade 2, tomma 1" in r.stderr



def test_formulas_without_a_computed_value_in_the_text_column_are_refused_naming_where(runner, tmp_path):
    """A workbook written by a program that stores formulas but not their values (openpyxl, a report generator):
    the cell reader sees the text column's formulas as empty, and every suggestion was classified as an
    empty row, exit 0. The run is refused, naming the sheet, column, how many and the first row, and saying
    to open and save the file in Excel; nothing is written. A formula whose value was saved reads as before,
    and uncomputed formulas in a column no role uses are only named."""
    import openpyxl

    def book(path, text_formula, other_formula):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Svar"
        ws.append(["Id", "Enhet", "Förslag", "Summa"])
        for i in range(1, 4):
            text = f'="Vi behöver fler vikarier på helgerna, nummer {i}"' if text_formula else \
                f"Vi behöver fler vikarier på helgerna, nummer {i}"
            ws.append([i, "Hemtjänst Norr", text, "=A2+1" if other_formula else i])
        wb.save(path)
        return path

    p = book(tmp_path / "formler.xlsx", True, False)
    r, out = _classify(runner, p, tmp_path)
    line = _one_error_line(r, 3)
    assert "formler.xlsx" in line and "'Svar'" in line and "'Förslag'" in line and "3 formler" in line
    assert "rad 2" in line and "Excel" in line
    assert not out.exists()
    r = runner.invoke(app, ["--verbose", "classify", str(p), "-o", str(out), "--lang", "en"])
    assert "3 formulas without a computed value" in r.stderr and r.exit_code == 3

    # a column no role reads: its formulas come out empty, and a note says so
    p = book(tmp_path / "summa.xlsx", False, True)
    s = read_suggestions(p)
    assert list(s.frame["_text"])[0] == "Vi behöver fler vikarier på helgerna, nummer 1"
    from forbattra.i18n import render

    assert any("'Summa'" in render(n, "sv") and "3 formler" in render(n, "sv") for n in s.info.notes)

    # a formula whose value was saved (as Excel saves it) is its value
    import xlsxwriter

    p = tmp_path / "excel.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Svar")
        ws.write_row(0, 0, ["Id", "Förslag"])
        for i in range(1, 4):
            ws.write_number(i, 0, i)
            ws.write_formula(i, 1, f'="Fler vikarier på helgerna nummer {i}"', None, f"Fler vikarier på helgerna nummer {i}")
    s = read_suggestions(p)
    assert list(s.frame["_text"]) == [f"Fler vikarier på helgerna nummer {i}" for i in range(1, 4)]
    assert not any("formler" in render(n, "sv") for n in s.info.notes)


def test_a_sheet_written_with_prefixed_tags_is_searched_for_formulas_in_pieces(tmp_path, monkeypatch):
    """.NET's Open XML SDK (case systems' exports) writes the sheet's tags with a prefix (<x:row>, <x:c>). The
    search for uncomputed formulas cut its pieces only after '</row>', which such a sheet never has: the whole
    sheet was gathered into one piece, copied again for every megabyte read (4.4 s for a 67 MB sheet of 600,000
    rows, 0.1 s cut at its rows, and all of it in memory). It is cut after each row's end, prefix or not, and the
    formulas are found as in any sheet."""
    import re
    import zipfile

    import xlsxwriter

    from forbattra.inputs import tables

    plain, p = tmp_path / "plain.xlsx", tmp_path / "sdk.xlsx"
    n = 60_000
    with xlsxwriter.Workbook(str(plain), {"constant_memory": True}) as wb:
        ws = wb.add_worksheet("Svar")
        ws.write_row(0, 0, ["Id", "Förslag", "Summa"])
        for i in range(1, n + 1):
            ws.write_number(i, 0, i)
            ws.write_string(i, 1, f"Vi behöver fler vikarier på helgerna, nummer {i}")
            if i > n - 3:
                ws.write_formula(i, 2, f"=A{i + 1}+1")
            else:
                ws.write_number(i, 2, i)
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8").replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                                                    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
                text = re.sub(r"<(/?)(?!\?)(\w+)", r"<\1x:\2", text)
                text = re.sub(r"(<x:f>[^<]*</x:f>)<x:v>[^<]*</x:v>", r"\1", text)  # saved without a value
                data = text.encode("utf-8")
                assert len(data) > 8 << 20 and b"</row>" not in data
            zout.writestr(item, data)

    pieces: list[int] = []
    whole = tables._xml_pieces

    def measured(*args, **kwargs):
        for piece in whole(*args, **kwargs):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(tables, "_xml_pieces", measured)
    rows = [["Id", "Förslag", "Summa"]] + [[str(i), "text", str(i)] for i in range(1, n - 2)] + [["", "", ""] for _ in range(3)]
    tables._mark_uncomputed(p, "Svar", rows)
    assert [k for k, r in enumerate(rows) if type(r[2]) is tables._Uncomputed] == [n - 2, n - 1, n]
    assert pieces and max(pieces) < 3 << 20  # (about 1 MB each, as for any sheet)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from([".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods"]))
def test_readers_never_crash_on_random_bytes(tmp_path, data, suffix):
    p = tmp_path / f"x{suffix}"
    p.write_bytes(data)
    try:
        read_table(p)
    except InputFileError:
        pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), max_size=8))
def test_csv_reader_never_crashes_on_random_text(tmp_path, rows):
    import csv

    p = tmp_path / "r.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    try:
        read_suggestions(p)
    except InputFileError:
        pass


def test_an_id_merged_down_over_a_respondents_several_suggestions_is_each_rows(tmp_path):
    """A survey's Svars-ID merged over one respondent's three different answers was emptied on the rows below,
    without a note: it is each answer's id, as a unit merged down is each row's unit."""
    import xlsxwriter

    p = tmp_path / "svar.xlsx"
    with xlsxwriter.Workbook(str(p)) as wb:
        ws = wb.add_worksheet("Svar")
        ws.write_row(0, 0, ["Svars-ID", "Förslag"])
        ws.merge_range(1, 0, 3, 0, "R-17")
        for k, t in enumerate(["Fler vikarier på helgerna", "Bättre wifi i personalrummet", "Nya stolar i köket"]):
            ws.write_string(1 + k, 1, t)
        ws.write_row(4, 0, ["R-18", "Mer fortbildning om demens"])
    s = read_suggestions(p)
    assert list(s.frame["_id"]) == ["R-17", "R-17", "R-17", "R-18"]
    assert not any("sammanfogad" in str(n) or "merged" in str(n) for n in s.info.notes)


def _rewrite_member(src, dst, member, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == member else data)
    return dst


def test_a_word_document_declaring_entities_is_refused_not_read_without_its_proposal(runner, tmp_path):
    """A .docx whose document.xml declares an external entity (XXE: file:///etc/passwd) and uses it in the
    first proposal: the entity was not read, but that proposal's paragraph vanished and the run said nothing
    (4 of 5 proposals, exit 0). Word never writes a DOCTYPE: the file is refused naming the part, exit 3."""
    import docx

    d = docx.Document()
    for i in range(5):
        d.add_paragraph(f"Förslag {i}: fler vikarier och bättre lokaler på förskolan.")
    d.save(tmp_path / "hel.docx")
    secret = tmp_path / "hemlig.txt"
    secret.write_text("root:x:0:0:HEMLIGT\n", encoding="utf-8")

    def with_entity(xml: bytes) -> bytes:
        decl, body = xml.split(b"?>", 1)
        doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'.encode()
        return decl + b"?>" + doctype + body.replace("Förslag 0:".encode(), b"&xxe; F0:")

    bad = _rewrite_member(tmp_path / "hel.docx", tmp_path / "xxe.docx", "word/document.xml", with_entity)
    r, out = _classify(runner, bad, tmp_path)
    line = _one_error_line(r, 3)
    assert "xxe.docx" in line and "word/document.xml" in line and "DOCTYPE" in line
    assert not out.exists() and "HEMLIGT" not in r.stderr + r.stdout
    r = runner.invoke(app, ["classify", str(bad), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1].startswith("Error: ")


@pytest.mark.parametrize("stream", [False, True])
def test_a_csv_line_without_line_breaks_past_the_limit_is_refused_with_bounded_memory(runner, tmp_path,
                                                                                      monkeypatch, stream):
    """A CSV with no line breaks (a 200 MB export cut into one line): the reader gathered the whole line —
    the streaming reader copying it again for every megabyte read — and the classifier's tokens of that one
    "suggestion" took 22 GB until the system killed the worker (exit 1 after four minutes). A line longer
    than ``MAX_LINE_BYTES`` is no suggestion: refused naming the line, exit 3, before it is gathered."""
    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    monkeypatch.setattr(tables, "MAX_LINE_BYTES", 100_000, raising=False)
    monkeypatch.setattr(tables, "STREAM_BLOCK", 16_384)
    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    p = tmp_path / "enrad.csv"
    p.write_bytes("Förslag;Enhet\r\nFler vikarier;A\r\n".encode() + "Bättre lokaler och fler vikarier ".encode() * 10_000)
    r, out = _classify(runner, p, tmp_path)
    line = _one_error_line(r, 3)
    assert "enrad.csv" in line and "rad 3" in line and "radbrytning" in line and not out.exists()
    r = runner.invoke(app, ["classify", str(p), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3 and "line 3" in r.stderr.strip().splitlines()[-1] and not out.exists()


@pytest.mark.parametrize("stream", [False, True])
def test_a_csv_bigger_than_the_line_limit_in_short_lines_is_read_whole(runner, tmp_path, monkeypatch, stream):
    """The line limit is on one line: a file many times its size, in lines of any of the three endings and a
    quoted cell over several lines, keeps every row."""
    import forbattra.inputs.tables as tables
    import forbattra.workflow as workflow

    monkeypatch.setattr(tables, "MAX_LINE_BYTES", 2_000, raising=False)
    monkeypatch.setattr(tables, "STREAM_BLOCK", 4096)
    if stream:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    ends = ["\r\n", "\n", "\r"]
    lines = ["Förslag;Enhet"] + [f"Förslag {i} om fler vikarier och bättre lokaler;E{i % 7}" for i in range(2_000)]
    lines[5] = '"Ett förslag över\nflera rader ' + "x" * 1_500 + '\n' + "y" * 1_500 + '";E5'
    p = tmp_path / "manga.csv"
    p.write_bytes("".join(l + ends[i % 3] for i, l in enumerate(lines)).encode("utf-8"))
    assert p.stat().st_size > 40 * 2_000
    r, out = _classify(runner, p, tmp_path)
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2_000 and rows[4]["text"].endswith("y" * 1_500)


def test_a_text_document_without_line_breaks_past_the_limit_is_refused(runner, tmp_path, monkeypatch):
    """`extract` on a .txt report of one endless line: the same verdict as for a CSV, exit 3, nothing written."""
    import forbattra.inputs.tables as tables

    monkeypatch.setattr(tables, "MAX_LINE_BYTES", 50_000, raising=False)
    p = tmp_path / "rapport.md"
    p.write_text("# Förslag\n\n" + "Fler vikarier och bättre lokaler. " * 3_000, encoding="utf-8")
    out = tmp_path / "ut.xlsx"
    r = runner.invoke(app, ["extract", str(p), "-o", str(out)])
    line = _one_error_line(r, 3)
    assert "rapport.md" in line and "rad 3" in line and not out.exists()


def _flate_pdf(path, pages):
    """A PDF whose pages' content streams are compressed (FlateDecode): ``pages`` of (text, padding bytes)."""
    import zlib

    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages))),
                                                         len(pages)),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, (text, padding) in enumerate(pages):
        body = zlib.compress(b"BT /F1 12 Tf 72 720 Td (%s) Tj ET\n" % text.encode("latin-1") + b" " * padding, 9)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (5 + 2 * i))
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_pdf_whose_pages_inflate_past_the_limit_is_refused(runner, tmp_path, monkeypatch):
    """A 700 KB PDF of ten pages, each a compressed stream of 70 MB: every page's inflated content was kept
    (pypdf caches it), so reading took 93 s and 900 MB — ten times that for a 7 MB file of 100 pages. The
    pages' content inflated is counted as they are read: past ``MAX_PDF_CONTENT`` the file is refused, naming
    the page, exit 3, nothing written; an ordinary compressed PDF is read as before."""
    import forbattra.inputs.documents as documents

    monkeypatch.setattr(documents, "MAX_PDF_CONTENT", 1_000_000, raising=False)
    texts = [f"Forslag {i}: vi vill ha {w} pa enhet {i}." for i, w in enumerate(["fler vikarier", "nya lokaler",
                                                                              "battre datorer", "mer fortbildning"])]
    ok = _flate_pdf(tmp_path / "vanlig.pdf", [(t, 1_000) for t in texts])
    r, out = _classify(runner, ok, tmp_path)
    assert r.exit_code == 0, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    out.unlink()
    bomb = _flate_pdf(tmp_path / "bomb.pdf", [(t, 400_000) for t in texts])
    assert bomb.stat().st_size < 20_000
    r, out = _classify(runner, bomb, tmp_path)
    line = _one_error_line(r, 3)
    assert "bomb.pdf" in line and "sida 3" in line and not out.exists()


def test_a_workbook_cell_past_the_line_limit_is_refused_naming_it(runner, tmp_path, monkeypatch):
    """An 81 KB .xlsx whose one shared string unpacks to 30 MB (within the zip-bomb limits, where Excel
    itself holds 32,767 characters a cell): read as one suggestion, its classification took 6.4 GB. A cell
    longer than a CSV line may be is refused alike, naming sheet, row and column, exit 3."""
    import forbattra.inputs.tables as tables

    monkeypatch.setattr(tables, "MAX_LINE_BYTES", 100_000, raising=False)
    src = _xlsx(tmp_path / "hel.xlsx", [["Enhet", "Förslag"], ["A", "PLATSHALLARE"], ["B", "Fler vikarier på helgerna"]])
    big = _rewrite_member(src, tmp_path / "stor.xlsx", "xl/sharedStrings.xml",
                          lambda xml: xml.replace(b"PLATSHALLARE", "Fler vikarier och lokaler ".encode() * 5_000))
    r, out = _classify(runner, big, tmp_path)
    line = _one_error_line(r, 3)
    assert "stor.xlsx" in line and "Blad1" in line and "B2" in line and not out.exists()


def test_a_word_document_named_xlsx_is_named_for_what_it_is(runner, tmp_path):
    """A Word report saved (or renamed) as .xlsx: calamine's "(styleSheet)" and advice to export it again
    said nothing of what the file is. It is named a Word document, with the fix: name it .docx."""
    import docx

    d = docx.Document()
    d.add_paragraph("Förslag 1: fler vikarier på förskolan.")
    d.save(tmp_path / "rapport.docx")
    p = tmp_path / "rapport.xlsx"
    p.write_bytes((tmp_path / "rapport.docx").read_bytes())
    r, out = _classify(runner, p, tmp_path)
    line = _one_error_line(r, 3)
    assert "rapport.xlsx" in line and "Word-dokument" in line and ".docx" in line and not out.exists()
