import pytest

import forbattra.inputs.tables as reading
import forbattra.workflow as workflow
from forbattra.cli import app


def _big_csv(path, n=2_500):
    lines = ["id;Enhet;Förslag;Rättat tema"]
    texts = ["Fler vikarier till sommaren", "Personalrummet är för litet", "", "Datorerna är långsamma",
             "=SUMMA(A1) lokala rutiner saknas", "lokalerna ar for sma", "Nya kollegor får klara sig själva"]
    for i in range(n):
        text = f"{texts[i % len(texts)]} {i}" if texts[i % len(texts)] else ""
        lines.append(f"{i};Enhet {i % 13};{text};{'ledning' if i == 7 else ''}")
    ends = ["\r\n", "\n", "\r"]
    path.write_bytes("".join(l + ends[i % 3] for i, l in enumerate(lines)).encode("cp1252") + b"\r\n\r\n")
    return path


def test_streamed_output_is_identical_to_the_whole_file_path(runner, tmp_path, monkeypatch):
    src = _big_csv(tmp_path / "stor.csv")
    whole = [tmp_path / "w.jsonl", tmp_path / "w.csv"]
    r = runner.invoke(app, ["classify", str(src), *sum((["-o", str(o)] for o in whole), [])])
    assert r.exit_code == 0, r.stderr and "i delar" not in r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 4096)  # many block boundaries, \r\n split across them
    streamed = [tmp_path / "s.jsonl", tmp_path / "s.csv"]
    r2 = runner.invoke(app, ["classify", str(src), "--jobs", "2", *sum((["-o", str(o)] for o in streamed), [])])
    assert r2.exit_code == 0, r2.stderr
    assert "i delar" in r2.stderr
    counts = [l.split(" (")[0] for l in r.stderr.splitlines() if l.startswith("Läste 2500 rader")]
    assert counts and counts == [l.split(" (")[0] for l in r2.stderr.splitlines() if l.startswith("Läste 2500 rader")]
    assert r.stdout == r2.stdout  # the same summary table
    for a, b in zip(whole, streamed):
        assert a.read_bytes() == b.read_bytes()


def test_stream_failure_leaves_no_output(runner, tmp_path, monkeypatch):
    src = _big_csv(tmp_path / "stor.csv", n=50)
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-t", "Saknas", "-o", str(out)])
    assert r.exit_code == 3 and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stor.csv"]


def test_streamed_output_matches_for_late_columns_quotes_and_no_header(runner, tmp_path, monkeypatch):
    lines = []
    for i in range(2_300):
        extra = f";Extra {i}" if i > 2_100 else ""  # a column that first has values after row 2,000
        text = f'"Tyst rum behövs {i}' if i == 2_200 else f"Personalrummet är för litet {i}"
        lines.append(f"{i};Enhet {i % 13};{text}{extra}")
    src = tmp_path / "utan.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole, streamed = tmp_path / "w.csv", tmp_path / "s.csv"
    r = runner.invoke(app, ["classify", str(src), "--no-header", "-o", str(whole)])
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    r2 = runner.invoke(app, ["classify", str(src), "--no-header", "-o", str(streamed)])
    assert r2.exit_code == 0, r2.stderr
    assert "i delar" in r2.stderr and "rad 2201: citattecken som inte stängs" in r2.stderr
    assert whole.read_bytes() == streamed.read_bytes()
    assert "Extra 2299" in streamed.read_text(encoding="utf-8-sig")


def test_a_column_filled_only_after_the_first_rows_restarts_the_single_pass(runner, tmp_path, monkeypatch):
    # The streamed classify reads the file once, with the columns of its first 2,300 rows; a value in a
    # column without a name that was empty until row 2,900 makes it start again, reading the columns
    # first: the same output as the whole-file path.
    lines = ["id;Enhet;Förslag;"]
    for i in range(3_000):
        note = "Ring mig" if i == 2_900 else ""
        lines.append(f"{i};Enhet {i % 13};Personalrummet är för litet {i};{note}")
    src = tmp_path / "sen.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole, streamed = tmp_path / "w.csv", tmp_path / "s.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(whole)])
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 4096)
    passes = []
    real = reading.iter_suggestions

    def counted(*a, **kw):
        passes.append(kw.get("single_pass"))
        return real(*a, **kw)

    monkeypatch.setattr(reading, "iter_suggestions", counted)
    r2 = runner.invoke(app, ["classify", str(src), "--jobs", "2", "-o", str(streamed)])
    assert r2.exit_code == 0, r2.stderr
    assert passes == [True, False]
    assert r.stdout == r2.stdout and whole.read_bytes() == streamed.read_bytes()
    assert "Ring mig" in streamed.read_text(encoding="utf-8-sig")


def test_a_rerun_onto_last_runs_csv_streams_unless_it_holds_corrections(runner, tmp_path, monkeypatch):
    # A nightly job writes the same .csv every night: it stays on the bounded-memory path; only a
    # correction typed into it sends the run to the whole-file path, which carries it over.
    import csv

    src = tmp_path / "stor.csv"
    src.write_text("id;Enhet;Förslag\n" + "".join(f"{i};Enhet {i % 5};Fler vikarier till sommaren {i}\n"
                                                   for i in range(300)), encoding="utf-8")
    out = tmp_path / "natt.csv"
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0 and "i delar" in r.stderr, r.stderr
    first = out.read_bytes()
    r2 = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r2.exit_code == 0 and "i delar" in r2.stderr, r2.stderr
    assert out.read_bytes() == first
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    k = rows[0].index("Rättat tema")
    rows[5][k] = "it"  # the user's correction
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    assert workflow.has_corrections(out) and not workflow.has_corrections(tmp_path / "saknas.csv")
    r3 = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r3.exit_code == 0 and "i delar" not in r3.stderr, r3.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        again = list(csv.reader(fh, delimiter=";"))
    assert again[5][k] == "it" and len(again) == len(rows)


def test_text_blocks_end_lines_only_at_line_breaks_of_the_file(tmp_path, monkeypatch):
    # str.splitlines (the fast cut) also breaks at U+2028, U+0085, form feed, ...: a block holding any of
    # them is cut at "\n" only; \r\n and a lone \r end a line
    monkeypatch.setattr(reading, "STREAM_BLOCK", 64)  # some blocks with such a character, some without
    odd = ["a\u2028b", "c\x85d", "e\x0cf", "g\x1ch", "i\x0bj", "k\u2029l"]
    lines = [f"{i};text {i} {odd[i % 6] if i % 4 == 0 else 'vanlig'}" for i in range(80)]
    ends = ["\r\n", "\n", "\r"]
    p = tmp_path / "udda.csv"
    p.write_bytes("".join(l + ends[i % 3] for i, l in enumerate(lines)).encode("utf-8"))
    decode = reading._line_decoder("utf-8", False, str(p))
    got = [line for block in reading._text_blocks(p, 0, decode, str(p)) for line in block]
    assert got == [line + "\n" for line in lines]


@pytest.mark.parametrize("where", [None, 3, 7])
def test_has_corrections_finds_a_correction_after_short_rows(tmp_path, where):
    # blank lines and a row cut short (a hand-edited file) before, after or around the one correction
    lines = ["id;Text;Rättat tema", "1;a;", "", "2;b;", "3", "4;c;", "", "5;d;", "6;e;"]
    if where is not None:
        lines[where] += "lokaler"
    p = tmp_path / "ut.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert workflow.has_corrections(p) == (where is not None)


def test_utf8_lines_after_the_first_block_decode_as_in_the_whole_file(runner, tmp_path, monkeypatch):
    """Two exports pasted together, Windows-1252 first and UTF-8 from the middle on: both readers read
    every line in its own encoding, wherever the UTF-8 lines start (no "Ã¥" anywhere)."""
    src = tmp_path / "blandad.csv"
    head = "id;Enhet;Förslag\r\n" + "".join(f"{i};Hemtjänst;Vi behöver fler händer på äldreboendet {i}\r\n"
                                            for i in range(400))
    tail = "".join(f"{i};Skolan;Större klassrum och fler lärare på förskolan {i}\n" for i in range(400, 800))
    src.write_bytes(head.encode("cp1252") + tail.encode("utf-8"))
    whole = tmp_path / "w.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-o", str(whole), "--no-duplicates"])
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 4096)  # the first block holds no UTF-8 line
    streamed = tmp_path / "s.jsonl"
    r2 = runner.invoke(app, ["classify", str(src), "-o", str(streamed)])
    assert r2.exit_code == 0 and "i delar" in r2.stderr, r2.stderr
    assert whole.read_bytes() == streamed.read_bytes()
    text = whole.read_text(encoding="utf-8")
    assert "Ã" not in text and "äldreboendet 3" in text and "förskolan 799" in text


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "mac_roman"])
def test_8bit_exports_are_read_in_their_code_page(encoding):
    rows = ["ID;Enhet;Förslag", "1;Hemtjänst Norr;Vi behöver fler händer på äldreboendet",
            "2;Skolan;Bättre wifi på kontoret", "3;Skolan;Skolan behöver fler lärare"]
    text, enc = reading.decode_bytes("\r\n".join(rows).encode(encoding))
    assert text.splitlines() == rows and enc == encoding


@pytest.mark.parametrize("sentence", ["Få går på mötet", "Öppna köket", "Ät mer frukt", "Vi vill ha större rum",
                                      "Café på fredag", "Mer lön åt alla", "Äldreomsorgen"])
def test_a_short_windows_1252_line_is_read_as_windows_1252(sentence):
    """A general detector took half of such one-liners for mac_roman or cp850 (every å/ä/ö garbled)."""
    text, enc = reading.decode_bytes(f"1;A;{sentence}\r\n".encode("cp1252"))
    assert enc == "cp1252" and text == f"1;A;{sentence}\r\n"


def test_code_page_choice_is_not_fooled_by_utf8_lines_quotes_or_one_frequent_letter():
    # UTF-8 lines in a mixed file do not vote: their Ä (C3 84) is no cp850 "ä"
    raw = "".join(f"{i};Äldreomsorgen Ängen;Fler vikarier {i}\n" for i in range(20)).encode("utf-8") + \
        "99;Kontor;Bättre stolar på kontoret och nya skåp\n".encode("cp1252")
    text, enc = reading.decode_bytes(raw)
    assert enc == "utf-8+cp1252" and text.splitlines()[-1] == "99;Kontor;Bättre stolar på kontoret och nya skåp"
    # Windows-1252's ” (0x94) is cp850's ö: the ÷ and Õ that cp850 makes of ö and å weigh against it
    quotes = "".join(f"{i};Inför ”Teams” och ”Outlook” på alla datorer\n" for i in range(5))
    assert reading.decode_bytes(quotes.encode("cp1252")) == (quotes, "cp1252")
    mac = "".join(f"{i};Större förråd för möbler\n" for i in range(5))
    assert reading.decode_bytes(mac.encode("mac_roman")) == (mac, "mac_roman")


def test_a_rerun_onto_a_csv_with_a_title_row_and_corrections_carries_them(runner, tmp_path, monkeypatch):
    """The streaming decision looked at the first line only: a title row above the header hid the
    corrections, the file streamed and they were overwritten."""
    src = tmp_path / "stor.csv"
    src.write_text("id;Enhet;Förslag\n" + "".join(f"{i};Enhet {i % 7};Fler vikarier till sommaren {i}\n"
                                                  for i in range(300)), encoding="utf-8")
    out = tmp_path / "ut.csv"
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    assert runner.invoke(app, ["classify", str(src), "-o", str(out)]).exit_code == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3] + "ekonomi"  # the last column is Rättat tema
    out.write_text("Förslag – export vecka 12\n" + "\n".join(lines) + "\n", encoding="utf-8-sig")
    assert workflow.has_corrections(out)
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "behöll 1 rättelse" in r.stderr
    assert sum(line.endswith(";ekonomi") for line in out.read_text(encoding="utf-8-sig").splitlines()) == 1


def test_word_punctuation_in_mostly_ascii_windows_1252_is_not_read_as_letters():
    """” and … are cp850's ö and mac_roman's Ö: with few å/ä/ö to outvote them they decided the page."""
    assert reading.decode_bytes(b"Id;Text\n1;Mer \x94planeringstid\x94\n2;Fler vikarier, \x94som vanligt\x94\n")[1] == "cp1252"
    text, enc = reading.decode_bytes(b"Id;Text\n1;Mer tid\x85\n2;Fler vikarier\x85\n3;Nytt kaffe \x80 20\x85\n")
    assert enc == "cp1252" and text.splitlines()[3] == "3;Nytt kaffe € 20…"


def test_a_dos_file_without_a_is_still_read_as_cp850():
    """cp850's ö is Windows-1252's ”: between two letters ("m”ten") it is a letter read in the wrong page."""
    rows = ["Id;Enhet;Förslag", "1;Hemtjänst;Fler möten för personalen", "2;Kök;Större kylar behövs i köket",
            "3;Skola;Bättre datorer till eleverna"]
    text, enc = reading.decode_bytes(("\r\n".join(rows) + "\r\n").encode("cp850"))
    assert enc == "cp850" and text.splitlines() == rows


def test_dashes_between_words_and_m2_are_windows_1252():
    for t in ["Id;Text\r\n1;Pendeln Kista–Solna\r\n2;Buss Nacka–Slussen\r\n", "1;Gym mon–fri\r\n2;Lunch tue–thu\r\n",
              "Rum 12 m² och 14 m²\r\n2;Kök ½ m²\r\n"]:
        assert reading.decode_bytes(t.encode("cp1252")) == (t, "cp1252")


def test_the_streamed_path_notes_unreadable_dates_like_the_whole_file_reader(tmp_path):
    """Big files are read in chunks; the dates that could not be read are counted over all of them and
    noted once, with the first one and their rows (of every chunk: the note named only the first)."""
    from forbattra.workflow import ClassifyOptions, run_classify_stream

    src = tmp_path / "big.csv"
    rows = [f"{i};{'vecka 12' if i in (7, 30) else '2024-03-05'};Fler vikarier på helger nummer {i}" for i in range(1, 41)]
    src.write_text("id;Datum;Förslag\n" + "\n".join(rows) + "\n", encoding="utf-8")
    notes = []
    run_classify_stream(src, ClassifyOptions(outs=[tmp_path / "o.jsonl"]), {}, chunk_rows=10,
                        log=lambda key, **f: notes.append((key, f)))
    from forbattra.i18n import render

    texts = [render(f["note"], "sv") for key, f in notes if key == "reader_note"]
    assert any("2 datum i kolumnen 'Datum'" in t and "'vecka 12'; rader 8, 31)" in t for t in texts), texts


def test_the_streamed_path_notes_month_only_dates_like_the_whole_file_reader(tmp_path):
    """A "Månad" column's months are counted over every chunk and noted once, as the whole-file reader does."""
    import json

    from forbattra.i18n import render
    from forbattra.workflow import ClassifyOptions, run_classify_stream

    src = tmp_path / "big.csv"
    rows = [f"{i};{'mars 2024' if i % 4 else '2024-03-05'};Fler vikarier på helger nummer {i}" for i in range(1, 41)]
    src.write_text("id;Månad;Förslag\n" + "\n".join(rows) + "\n", encoding="utf-8")
    notes = []
    run_classify_stream(src, ClassifyOptions(outs=[tmp_path / "o.jsonl"]), {}, chunk_rows=10,
                        log=lambda key, **f: notes.append((key, f)))
    texts = [render(f["note"], "sv") for key, f in notes if key == "reader_note"]
    assert any("30 datum i kolumnen 'Månad' anger bara månaden" in t and "'mars 2024' på rad 2" in t
               for t in texts), texts
    dates = [json.loads(ln)["date"] for ln in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert dates[:4] == ["2024-03", "2024-03", "2024-03", "2024-03-05"]


def test_a_streamed_us_export_reads_its_dates_month_first_like_the_whole_file(runner, tmp_path, monkeypatch):
    import json

    src = tmp_path / "us.csv"
    src.write_text("Date;Suggestion\n" + "".join(f"{d};Suggestion number {i} about more staff\n"
                                                 for i, d in enumerate(["03/05/2024", "12/31/2024"] * 50)),
                   encoding="utf-8")
    whole, streamed = tmp_path / "w.jsonl", tmp_path / "s.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-o", str(whole)])
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 512)
    r2 = runner.invoke(app, ["classify", str(src), "--jobs", "1", "-o", str(streamed)])
    assert r2.exit_code == 0, r2.stderr
    assert "i delar" in r2.stderr and "månaden först" in r2.stderr and "månaden först" in r.stderr
    dates = [json.loads(l)["date"] for l in streamed.read_text(encoding="utf-8").splitlines()]
    assert dates[:2] == ["2024-03-05", "2024-12-31"]
    assert whole.read_bytes() == streamed.read_bytes()


def test_a_header_repeated_in_a_streamed_file_is_read_as_in_the_whole_file(runner, tmp_path, monkeypatch):
    head = "Id;Datum;Enhet;Förslag\n"
    rows = "".join(f"{i};2024-03-0{i % 9 + 1};Enhet {i % 3};Förslag nummer {i} om fler vikarier i sommar\n"
                   for i in range(60))
    src = tmp_path / "two.csv"
    src.write_text(head + rows + head + rows, encoding="utf-8")
    whole, streamed = tmp_path / "w.csv", tmp_path / "s.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(whole)])
    assert r.exit_code == 0, r.stderr
    assert "rubrikraden står igen" in r.stderr and "Läste 121 rader, klassificerade 120, tomma 1" in r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 512)
    r2 = runner.invoke(app, ["classify", str(src), "--jobs", "1", "-o", str(streamed)])
    assert r2.exit_code == 0, r2.stderr
    assert "i delar" in r2.stderr and "gick inte att läsa som datum" not in r2.stderr
    assert "rubrikraden står igen på 1 rad längre ner (rad 62" in r2.stderr
    assert "rubrikraden står igen på 1 rad längre ner (rad 62" in r.stderr
    assert whole.read_bytes() == streamed.read_bytes()


@pytest.mark.parametrize("late", [False, True])
def test_rows_wider_than_the_header_are_named_by_the_streamed_reader_too(runner, tmp_path, monkeypatch, late):
    # An unquoted ";" in a text splits it: the whole-file reader says so, and so must the streamed one,
    # whether the first such row is among the rows detection looks at or thousands of rows further down.
    first = 3_000 if late else 10
    lines = ["Id;Datum;Enhet;Förslag"]
    for i in range(4_000):
        text = "Bättre ventilation; helst före sommaren; annars varmt" if i in (first, 3_500) \
            else f"Förslag {i} om bättre rutiner"
        lines.append(f"{i};2024-03-01;Enhet {i % 7};{text}")
    src = tmp_path / "export.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = f"2 rader har fler fält än rubrikraden (första: rad {first + 2}, 6 fält mot 4)"
    whole = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "w.jsonl")])
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    streamed = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "s.jsonl")])
    assert whole.exit_code == streamed.exit_code == 0, streamed.stderr
    assert "i delar" in streamed.stderr and "i delar" not in whole.stderr
    assert expected in whole.stderr and expected in streamed.stderr
    assert (tmp_path / "w.jsonl").read_bytes() == (tmp_path / "s.jsonl").read_bytes()


def test_a_header_repeated_in_the_definite_form_is_read_alike_whole_and_streamed(runner, tmp_path, monkeypatch):
    src = tmp_path / "twice.csv"
    src.write_text("Datum;Enhet;Förslag\n2024-03-01;Bygglov;Vi borde införa digital signering av avtal.\n"
                   "Datum;Enheten;Förslaget\n2024-04-01;IT;Personalrummet behöver en ny diskmaskin.\n", encoding="utf-8")
    assert runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "w.jsonl")]).exit_code == 0
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    r = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "s.jsonl")])
    assert r.exit_code == 0 and "i delar" in r.stderr, r.stderr
    assert (tmp_path / "w.jsonl").read_bytes() == (tmp_path / "s.jsonl").read_bytes()
    assert '"status": "empty"' in (tmp_path / "s.jsonl").read_text(encoding="utf-8")


def test_a_streamed_run_logs_what_it_read_and_its_columns_as_the_whole_file_path(runner, tmp_path, monkeypatch):
    """A nightly job's log says which column was read as the text, the id, the unit …, and the encoding and
    delimiter found — for a big (streamed) file as for a small one. The streamed path said only 'reading in
    chunks': a log of a million rows classified from the wrong column looked like any other."""
    import json

    src = _big_csv(tmp_path / "stor.csv")

    def events(result):
        lines = [json.loads(ln) for ln in result.stderr.splitlines() if ln.startswith("{")]
        return {e["event"]: e for e in lines if e.get("event") in ("read_file", "columns")}

    r = runner.invoke(app, ["--log-format", "json", "classify", str(src), "-o", str(tmp_path / "w.jsonl")])
    assert r.exit_code == 0, r.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    r2 = runner.invoke(app, ["--log-format", "json", "classify", str(src), "-o", str(tmp_path / "s.jsonl")])
    assert r2.exit_code == 0 and '"read_chunks"' in r2.stderr, r2.stderr
    whole, streamed = events(r), events(r2)
    assert streamed["columns"]["roles"] == whole["columns"]["roles"] == "text='Förslag', id='id', enhet='Enhet'"
    assert streamed["read_file"]["how"] == whole["read_file"]["how"] == \
        "text, teckenkodning cp1252, avgränsare ';'"


@pytest.mark.parametrize("lang,how", [("sv", "text, teckenkodning utf-8, en kolumn"),
                                      ("en", "text, encoding utf-8, one column")])
def test_a_one_column_list_is_said_to_be_one_column_not_read_with_a_delimiter(runner, tmp_path, monkeypatch, lang,
                                                                              how):
    """A list of one column, one of its texts with a ';': the delimiter chosen is one found in none of its lines, so
    the run said "avgränsare tab" of a file with no tab in it. It says the file is one column, whole or streamed,
    in either language; a delimiter given is still named."""
    import json

    src = tmp_path / "lista.csv"
    src.write_text("Förslag\nMer fika; gärna på fredagar\nFler bilar till hemtjänsten, tack\nBättre stolar\n",
                   encoding="utf-8")

    def how_read(*args):
        r = runner.invoke(app, ["--log-format", "json", "classify", str(src), "--lang", lang,
                                "-o", str(tmp_path / "o.jsonl"), *args])
        assert r.exit_code == 0, r.stderr
        return next(e["how"] for e in map(json.loads, filter(lambda ln: ln.startswith("{"), r.stderr.splitlines()))
                    if e.get("event") == "read_file")

    assert how_read() == how
    assert how_read("--delimiter", "tab") == how.replace("en kolumn", "avgränsare tab").replace("one column",
                                                                                              "delimiter tab")
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    assert how_read() == how


def test_exports_pasted_together_read_the_byte_order_mark_of_the_second_as_nothing(runner, tmp_path, monkeypatch):
    """Two 'CSV UTF-8' exports appended (`copy /b jan.csv+feb.csv`, `cat`): the second's byte-order mark now
    stands at the start of a line. Its first cell read '\\ufeff2024-02-01', an invisible character in
    front: that date was counted as unreadable (the suggestion left out of its month), an id kept the
    character (a store key the next export's same suggestion does not match, so it was counted twice).
    Both readers now read it as the first export's rows, byte for byte alike."""
    import json

    def export(month: int, first: int) -> bytes:
        return ("\ufeff" + "".join(f"2024-0{month}-0{i % 9 + 1};{first + i};Enhet {i % 3};Fler vikarier i sommar {i}\n"
                                   for i in range(40))).encode("utf-8")

    src = tmp_path / "jan_feb.csv"
    src.write_bytes("\ufeffDatum;Id;Enhet;Förslag\n".encode("utf-8") + export(1, 100)[3:] + export(2, 200))
    whole, streamed = tmp_path / "w.jsonl", tmp_path / "s.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-o", str(whole)])
    assert r.exit_code == 0, r.stderr
    assert "gick inte att läsa som datum" not in r.stderr and "Läste 80 rader, klassificerade 80" in r.stderr
    rows = [json.loads(l) for l in whole.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 80
    assert (rows[40]["id"], rows[40]["date"], rows[40]["group"]) == ("200", "2024-02-01", "Enhet 0")
    assert not any("\ufeff" in json.dumps(r, ensure_ascii=False) for r in rows)
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    monkeypatch.setattr(reading, "STREAM_BLOCK", 512)  # many blocks, as a big file is read
    r2 = runner.invoke(app, ["classify", str(src), "--jobs", "1", "-o", str(streamed)])
    assert r2.exit_code == 0 and "i delar" in r2.stderr, r2.stderr
    assert "gick inte att läsa som datum" not in r2.stderr
    assert whole.read_bytes() == streamed.read_bytes()


@pytest.mark.parametrize("streamed", [False, True])
def test_where_processes_cannot_be_forked_a_big_file_is_classified_in_one_process(runner, tmp_path, monkeypatch,
                                                                                   streamed):
    """Windows has no fork: from 20,000 rows (or with --jobs) classify asked for forked workers and ended
    with 'internt fel: ValueError: cannot find context for 'fork''. There it now classifies in this process,
    the same bytes."""
    import multiprocessing

    src = _big_csv(tmp_path / "stor.csv", n=11_000)
    ref = tmp_path / "ref.jsonl"
    assert runner.invoke(app, ["classify", str(src), "--jobs", "1", "-o", str(ref)]).exit_code == 0
    real = multiprocessing.get_context

    def no_fork(method=None):
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    if streamed:
        monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--jobs", "2", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert ("i delar" in r.stderr) == streamed
    assert out.read_bytes() == ref.read_bytes()


def test_a_big_file_keeps_the_corrections_a_model_learnt_from_a_masked_workbook(runner, tmp_path, monkeypatch):
    """classify --redact, corrections typed into that workbook, train --corrections: a suggestion naming a person
    keeps its correction in a later run by being masked as then, with the names of the whole file. A file big
    enough to be read in chunks lost that one correction (26 of 27 held, and the .csv differed from the whole-file
    path's); it is now read whole, so the two paths give the same bytes."""
    import openpyxl

    from pathlib import Path

    sample = Path(__file__).parents[1] / "sample_data"
    masked, model = tmp_path / "maskad.xlsx", tmp_path / "m"
    assert runner.invoke(app, ["classify", str(sample / "forslag.xlsx"), "--redact", "-o", str(masked),
                               "--no-duplicates"]).exit_code == 0
    wb = openpyxl.load_workbook(masked)
    ws = wb["Förslag"]
    k = [c.value for c in ws[1]].index("Rättat tema") + 1
    for row in range(2, 30):
        ws.cell(row, k, "ekonomi")
    wb.save(masked)
    assert runner.invoke(app, ["train", "--corrections", str(masked), "--out", str(model)]).exit_code == 0
    outs = []
    for name, above in (("whole.csv", None), ("big.csv", 0)):
        if above is not None:
            monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", above)
        r = runner.invoke(app, ["classify", str(sample / "forslag.csv"), "--model", str(model),
                                "-o", str(tmp_path / name)])
        assert r.exit_code == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[1] == outs[0] and outs[0].decode("utf-8-sig").count("manuellt rättad") == 27
