"""A big worksheet's data rows written straight into xlsxwriter's row file (writers._InlineRows): the
same workbook, part for part and byte for byte, as xlsxwriter's own per-cell methods write, for every kind of
cell; its rows deflated as they are written (writers._DeflatedRows), spliced into the same parts."""

import math
import re
import zipfile
from datetime import datetime, time

import pandas as pd
import pytest

from forbattra.outputs import writers


def _parts(path):
    """A workbook's parts in order: name, date, checksum, size, attributes and content (not how each is deflated)."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return [(i.filename, i.date_time, i.CRC, i.file_size, i.external_attr, z.read(i)) for i in z.infolist()]


def _both(tmp_path, monkeypatch, sheets, **kw):
    """(inline path parts, xlsxwriter path parts) of the same big workbook (see _parts)."""
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    used: list = []
    real_open = writers._InlineRows.open.__func__

    def spy(cls, ws, level=None):
        got = real_open(cls, ws, level)
        used.append(got is not None)
        return got

    monkeypatch.setattr(writers._InlineRows, "open", classmethod(spy))
    writers.write_xlsx(sheets, tmp_path / "fast.xlsx", **kw)
    assert used and all(used)  # the inline path really wrote every sheet
    monkeypatch.setattr(writers._InlineRows, "open", classmethod(lambda cls, ws, level=None: None))
    writers.write_xlsx(sheets, tmp_path / "slow.xlsx", **kw)
    return _parts(tmp_path / "fast.xlsx"), _parts(tmp_path / "slow.xlsx")


HARD_TEXTS = [
    "kort", "x" * 70, "rad ett\nrad två", " inledande mellanslag", "avslutande mellanslag ", "\ttabb",
    "a & b < c > d \"citat\" 'apostrof'", "=1+1", "+46 70", "@chef", "-", "_x0041_ ser ut som en escape",
    "styrtecken \x01\x07\x1f mitt i", "\x0b vertikal tab", "slut med ny rad\n", "icke-tecken \ufffe\uffff",
    "emoji 👍🏽 och å ä ö", "<r>ser ut som rik text</r>", "<b>html</b>", "1", "007", "-12", "3.25", "1,5",
    "2026-10-01", "2026-10-01 08:30", "2026-13-45", "٢٠٢٦-١٠-٠١", "12345678901234567", "ö" * 20_000,
]


def test_inline_rows_write_the_bytes_xlsxwriter_writes(tmp_path, monkeypatch):
    n = len(HARD_TEXTS)
    rows = pd.DataFrame({
        "Förslag": HARD_TEXTS,
        "Andel": [0.5, 0.25, 1.0, math.nan, math.inf, -math.inf, 1e-20, 12.0] + [0.1] * (n - 8),
        "Antal": list(range(n - 1)) + [None],
        "Datum": [datetime(2026, 1, 2), datetime(2026, 1, 2, 13, 45)] + [None] * (n - 2),
        "Flagga": [True, False] + [None] * (n - 2),
        "Tom": [""] * n,
        "Blandat": [1, "två", 3.5, None] * (n // 4) + ["x"] * (n % 4),
    })
    themes = pd.DataFrame({"Tema": ["Lön", "Schema"], "Antal": [3, 4]})
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows), ("Teman", themes)], typed=["Förslag"],
                       dropdowns={"Förslag": ("Förslag", ["Lön", "Schema"])})
    assert fast == slow


@pytest.mark.parametrize(("seed", "chunk"), [(0, 4096), (1, 4096), (2, 4096), (3, 7), (4, 1)])
def test_inline_rows_on_random_tables(tmp_path, monkeypatch, seed, chunk):
    """Random cells, rendered a chunk of rows at a time (a chunk of 7 rows, of 1: a format first used in a later
    chunk, texts rendered in one chunk and written from the column's memo in the next)."""
    import random

    monkeypatch.setattr(writers, "CHUNK_ROWS", chunk)
    rnd = random.Random(seed)
    pieces = ["ord", "å", "&", "<", ">", " ", "\n", "\x02", "_x00", "1", "A", "_x004A_", "-", ":", "👍", "\ufffe", "\xa0"]
    n = 300

    def text():
        return "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))

    rows = pd.DataFrame({
        "Text": [text() for _ in range(n)],
        "Lång": [text() * rnd.randint(1, 5) for _ in range(n)],
        "Tal": [rnd.choice([None, 0, -3, 2.5, 1e15, 0.125] + [math.inf] * (chunk < 10)) for _ in range(n)],
        "När": [rnd.choice([None] * 20 + [datetime(2026, 1, 2), datetime(2026, 1, 2, 8, 30), time(8, 30), 7])
                for _ in range(n)],
        # float columns (numpy): whole and fractional values in two formats, a share's one format, missing values
        "Likhet": [rnd.choice([math.nan, 1.0, 0.8125, -0.0, 3.0, 1e16]) for _ in range(n)],
        "Andel": [rnd.choice([math.nan, 0.0, 0.25, 1.0]) for _ in range(n)],
        "Rad": [rnd.randint(-5, 10**6) for _ in range(n)],
    })
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows)], typed=["Förslag"], redact=lambda s: s.upper())
    assert fast == slow


def test_repeated_integers_in_several_formats(tmp_path, monkeypatch):
    """Integer cells are rendered once per (value, format): a group number repeated down a Dubbletter sheet, the
    same integer as a share (a percentage format) and as a count, numpy and nullable integer columns."""
    n = 40
    rows = pd.DataFrame({
        "Grupp": [i // 4 for i in range(n)],
        "Andel": [i % 2 for i in range(n)],  # 0 and 1 as 0 % and 100 %
        "Antal": [i % 2 for i in range(n)],  # the same numbers in the integer format
        "Stor": pd.array([2**40 + (i % 3) for i in range(n)], dtype="uint64"),
        "Kanske": pd.array([None if i % 5 == 0 else i % 3 for i in range(n)], dtype="Int64"),
        "Likhet": [0.5 if i % 3 else 1 for i in range(n)],
    })
    fast, slow = _both(tmp_path, monkeypatch, [("Dubbletter", rows), ("Teman", rows.head(3))], typed=["Teman"])
    assert fast == slow
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert re.search(r'<c r="A40" s="\d+"><v>9</v></c>', xml) and f"<v>{2**40 + 1}</v>" in xml


def test_a_text_that_looks_like_rich_text_still_reads_back(tmp_path, monkeypatch):
    """The inline path leaves such a text to xlsxwriter's rich strings (same bytes; see the next test)."""
    rows = pd.DataFrame({"Förslag": ["<r>bara text</r>", "vanlig"]})
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows)])
    assert fast == slow
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as z:
        assert "vanlig" in z.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_formats_numbered_in_cell_order_when_a_cell_goes_through_xlsxwriter(tmp_path, monkeypatch):
    """A row's slow cell (±inf) comes first: the formats still get their numbers in cell order."""
    rows = pd.DataFrame({"a": [math.inf, 1.5, 2.0], "b": [5, 6, 7], "c": ["x", "y", "z"]})
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows)])
    assert fast == slow


def test_an_empty_text_after_masking_is_written_as_before(tmp_path, monkeypatch):
    rows = pd.DataFrame({"Förslag": ["Anna Svensson", "text"], "n": [1, 2]})
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows)], redact=lambda s: "" if "Anna" in s else s)
    assert fast == slow


def test_a_table_over_excels_row_limit_is_refused_not_cut(tmp_path, monkeypatch):
    """xlsxwriter drops rows past the limit without a word; forbattra refuses, and writes nothing."""
    from forbattra.errors import OutputError

    monkeypatch.setattr(writers, "EXCEL_MAX_ROWS", 4)
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    ok = pd.DataFrame({"x": ["a", "b", "c"]})
    writers.write_xlsx([("S", ok)], tmp_path / "ok.xlsx")  # 3 rows + the header fit
    with pytest.raises(OutputError) as e:
        writers.write_xlsx([("S", pd.DataFrame({"x": list("abcd")}))], tmp_path / "big.xlsx")
    assert e.value.key == "err_xlsx_too_many_rows" and not (tmp_path / "big.xlsx").exists()


def test_classify_refuses_an_xlsx_that_cannot_hold_every_row(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from forbattra.cli import app

    monkeypatch.setattr(writers, "EXCEL_MAX_ROWS", 4)
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n" + "".join(f"{i};Fler vikarier till sommaren behövs nummer {i}\n" for i in range(5)),
                   encoding="utf-8")
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(tmp_path / "ut.xlsx")])
    assert r.exit_code == 3 and "får inte plats i ett Excel-blad" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "ut.xlsx").exists()
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(tmp_path / "ut.jsonl")])
    assert r.exit_code == 0 and len((tmp_path / "ut.jsonl").read_text(encoding="utf-8").splitlines()) == 5


@pytest.mark.parametrize("big", [False, True])
def test_text_that_looks_like_rich_text_xml_stays_that_text(tmp_path, monkeypatch, big):
    """xlsxwriter writes a string "<r>…</r>" unescaped as rich-text XML (a lost cell, and with & or < a
    workbook Excel cannot open); forbattra writes it as the text it is, in both memory modes."""
    import xml.dom.minidom

    import openpyxl

    if big:
        monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    texts = ["<r>a & b < c</r>", "<r></r>", "<r>vanlig</r>", "före <r>x</r>", "<r>\nrad två</r>"]
    frame = pd.DataFrame({"<r>Förslag & id</r>": texts, "Antal": list(range(len(texts)))})
    target = tmp_path / "rik.xlsx"
    writers.write_xlsx([("Förslag", frame)], target, dropdowns={"Förslag": ("Antal", ["<r>x & y</r>", "z"])})
    with zipfile.ZipFile(target) as z:  # every part is well-formed XML
        for name in z.namelist():
            if name.endswith(".xml"):
                xml.dom.minidom.parseString(z.read(name))
    ws = openpyxl.load_workbook(target)["Förslag"]
    assert [c.value for c in ws[1]] == ["<r>Förslag & id</r>", "Antal"]
    assert [ws.cell(i + 2, 1).value for i in range(len(texts))] == texts


def test_repeated_texts_are_written_as_the_first_time(tmp_path, monkeypatch):
    """A text met before in the same format is written from its kept XML: the same bytes as xlsxwriter's,
    for repeated hard texts in columns of different widths (so one text is a wrapped cell in one column and
    a plain one in another), in the sheets of one workbook, and in rows that go through xlsxwriter."""
    monkeypatch.setattr(writers, "WIDTH_SAMPLE", 3)  # columns sized on their first rows: "Smal" on short ones
    texts = [t for t in HARD_TEXTS if len(t) < 1000]
    n = 3 * len(texts)
    rows = pd.DataFrame({
        "Smal": ["kort", "kort", "kort"] + [texts[i % len(texts)] for i in range(n)],
        "Bred": ["x" * 60] + [texts[(i * 7) % len(texts)] for i in range(n + 2)],
        "Tal": [math.inf if i == 5 else 1.5 for i in range(n + 3)],  # row 6 goes through xlsxwriter's methods
    })
    fast, slow = _both(tmp_path, monkeypatch, [("Förslag", rows), ("Dubbletter", rows.iloc[::-1])])
    assert fast == slow


def test_a_big_workbook_is_deflated_fast_a_small_one_as_xlsxwriter_does(tmp_path, monkeypatch):
    """Above XLSX_CONSTANT_MEMORY_ROWS the parts are deflated at XLSX_DEFLATE_LEVEL (zlib's default level
    took an eighth of a 100,000-row run); a smaller workbook at zlib's default, as before."""
    import zlib

    table = pd.DataFrame({"Id": list(range(3000)), "Förslag": [f"Förslag nummer {i} om {i % 7} saker" for i in range(3000)]})

    def sheet_sizes(path):
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
            return info.compress_size, z.read(info)

    def deflated(data, level):
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(c.compress(data) + c.flush())

    writers.write_xlsx([("Förslag", table)], tmp_path / "small.xlsx")
    size, data = sheet_sizes(tmp_path / "small.xlsx")
    assert size == deflated(data, zlib.Z_DEFAULT_COMPRESSION) != deflated(data, writers.XLSX_DEFLATE_LEVEL)
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 100)
    writers.write_xlsx([("Förslag", table)], tmp_path / "big.xlsx")
    size, data = sheet_sizes(tmp_path / "big.xlsx")
    # (its rows deflated as written, its start and end around them: within 2 % of one stream at that level, and
    # clearly bigger than at zlib's default)
    one = deflated(data, writers.XLSX_DEFLATE_LEVEL)
    assert abs(size - one) <= 0.02 * one and size > 1.05 * deflated(data, zlib.Z_DEFAULT_COMPRESSION)
    import xlsxwriter.workbook

    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # the level was the close's alone


def test_rows_deflated_as_written_are_spliced_into_the_sheets_part(tmp_path, monkeypatch):
    """Each big sheet's rows are deflated as they are written and spliced between its start and end: the same
    parts as when the whole part is deflated at the close; a sheet whose row file does not hold exactly the rows
    deflated (their length and checksum) is deflated whole instead, not spliced wrong, and no row is lost."""
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 10)
    rows = pd.DataFrame({"Id": list(range(50)), "Förslag": [f"Förslag {i} & <mer> \n rad två" for i in range(50)]})
    sheets = [("Förslag", rows), ("Dubbletter", rows.iloc[::-1])]
    spliced: list = []
    real = writers._Deflated.__init__

    def spy(self, stream):
        spliced.append(len(stream))
        real(self, stream)

    monkeypatch.setattr(writers._Deflated, "__init__", spy)
    writers.write_xlsx(sheets, tmp_path / "spliced.xlsx")
    assert len(spliced) == 2  # both sheets' parts from their rows deflated as written
    spliced.clear()
    real_write = writers._DeflatedRows.write

    def one_byte_short(self, text):  # the stream misses a byte of what the row file holds
        n = real_write(self, text)
        self.size -= 1 if self.size == len(text.encode("utf-8")) else 0
        return n

    monkeypatch.setattr(writers._DeflatedRows, "write", one_byte_short)
    writers.write_xlsx(sheets, tmp_path / "whole.xlsx")
    assert spliced == []
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as z:  # deflated whole, at the big workbook's level
        info = z.getinfo("xl/worksheets/sheet1.xml")
        c = zipfile.zlib.compressobj(writers.XLSX_DEFLATE_LEVEL, zipfile.zlib.DEFLATED, -15)
        assert info.compress_size == len(c.compress(z.read(info)) + c.flush())
    monkeypatch.setattr(writers._InlineRows, "open", classmethod(lambda cls, ws, level=None: None))
    writers.write_xlsx(sheets, tmp_path / "xlsxwriter.xlsx")
    assert _parts(tmp_path / "spliced.xlsx") == _parts(tmp_path / "whole.xlsx") == _parts(tmp_path / "xlsxwriter.xlsx")
    assert not list(tmp_path.glob("*.tmp*")) and [p.name for p in sorted(tmp_path.iterdir())] == [
        "spliced.xlsx", "whole.xlsx", "xlsxwriter.xlsx"]


@pytest.mark.parametrize("when", ["rows", "close"])
def test_a_failed_write_leaves_no_temporary_file_behind(tmp_path, monkeypatch, when):
    """A big workbook whose writing fails (a sheet's later part raising — the Dubbletter process gone —, the
    disk filling up as the parts are zipped, Ctrl-C): neither the workbook nor xlsxwriter's row files and parts
    (as big as the sheets) are left behind in the temporary folder, and the next write works."""
    import errno
    import tempfile

    from forbattra.errors import OutputError

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 10)
    rows = pd.DataFrame({"Id": list(range(50)), "Förslag": [f"Förslag {i}" for i in range(50)]})

    def parts():
        yield rows
        if when == "rows":
            raise RuntimeError("the Dubbletter process died")
        yield rows

    if when == "close":
        def full(self, zf, filename, arcname):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(writers._DeflatedRows, "splice", full)
    with pytest.raises(RuntimeError if when == "rows" else OutputError):
        writers.write_xlsx([("Förslag", rows), ("Dubbletter", parts)], tmp_path / "ut.xlsx")
    assert list(scratch.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]
    monkeypatch.undo()
    writers.write_xlsx([("Förslag", rows)], tmp_path / "ut.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp", "ut.xlsx"]


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_cell_over_excels_limit_in_utf16_units_is_cut_with_its_mark(tmp_path, monkeypatch, big, lang):
    """Excel's 32,767 characters a cell are UTF-16 units (an emoji is two): a text of 20,000 emoji (fewer than
    32,767 Python characters) was cut by xlsxwriter without the mark, and one over the limit lost the mark; now
    each is cut at a whole character with the mark in ``lang``, and a text that fits is left whole."""
    from python_calamine import CalamineWorkbook

    if big:
        monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    mark = writers.TRUNCATION_MARKS[lang]
    texts = ["a" + "👍" * 20_000, "👍" * 16_383, "å" * 40_000 + "👍", "👍" * 16_000 + "b" * 767]
    writers.write_xlsx([("S", pd.DataFrame({"a": texts}))], tmp_path / "ut.xlsx", lang=lang)
    got = [r[0] for r in CalamineWorkbook.from_path(str(tmp_path / "ut.xlsx")).get_sheet_by_index(0).to_python()[1:]]

    def units(s):
        return len(s.encode("utf-16-le")) // 2

    assert got[1] == texts[1] and got[3] == texts[3]  # 32,766 and 32,767 units: whole
    for cut, text in ((got[0], texts[0]), (got[2], texts[2])):
        assert cut.endswith(mark) and text.startswith(cut[:-len(mark)])
        assert 32_767 - 1 <= units(cut) <= 32_767


def test_rows_deflated_as_written_are_never_left_out_of_a_sheet(tmp_path, monkeypatch):
    """Where the close cannot splice (an xlsxwriter whose ZipFile cannot be replaced: the close given no level),
    xlsxwriter copies each sheet's rows into its part as it always did; where a sheet's part was zipped without
    its rows (an xlsxwriter that zips parts some other way), the write fails with one line and leaves no file,
    never a workbook whose sheet has no rows."""
    from forbattra.errors import OutputError

    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 10)
    rows = pd.DataFrame({"Id": list(range(40)), "Förslag": [f"Förslag {i}" for i in range(40)]})
    sheets = [("Förslag", rows), ("Dubbletter", rows.iloc[::-1])]
    real_close = writers._close
    monkeypatch.setattr(writers, "_close", lambda wb, level=None, bodies=(), target=None: real_close(wb, None, bodies,
                                                                                                     target))
    writers.write_xlsx(sheets, tmp_path / "copied.xlsx")
    monkeypatch.setattr(writers, "_close", real_close)
    monkeypatch.setattr(writers, "XLSX_DEFLATE_LEVEL", zipfile.zlib.Z_DEFAULT_COMPRESSION)  # (xlsxwriter's level)
    monkeypatch.setattr(writers._InlineRows, "open", classmethod(lambda cls, ws, level=None: None))
    writers.write_xlsx(sheets, tmp_path / "xlsxwriter.xlsx")
    assert _parts(tmp_path / "copied.xlsx") == _parts(tmp_path / "xlsxwriter.xlsx")
    monkeypatch.undo()
    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 10)
    real_sheet_data = writers._DeflatedRows.sheet_data

    def elsewhere(self):  # the part is zipped from a file other than the one its rows were left out of
        real_sheet_data(self)
        self.xml_file = self.xml_file + ".elsewhere"

    monkeypatch.setattr(writers._DeflatedRows, "sheet_data", elsewhere)
    with pytest.raises(OutputError) as e:
        writers.write_xlsx(sheets, tmp_path / "lost.xlsx")
    assert e.value.key == "err_write_other" and "lost.xlsx" in str(e.value)
    assert not (tmp_path / "lost.xlsx").exists() and not list(tmp_path.glob("*.tmp*"))
