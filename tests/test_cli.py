import json
import subprocess
import sys
from pathlib import Path

import pytest

from forbattra.cli import app
from forbattra.cli.app import hoist_global_options


def run(runner, args):
    return runner.invoke(app, args)


def test_classify_end_to_end_all_formats(runner, data_dir, tmp_path):
    outs = [tmp_path / "t.xlsx", tmp_path / "t.csv", tmp_path / "t.jsonl"]
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), *sum((["--out", str(o)] for o in outs), [])])
    assert r.exit_code == 0, r.stderr
    assert "Kolumner: text='Beskriv ditt förslag', id='Löpnummer', enhet='Enhet', datum='Datum'" in r.stderr
    assert "Läste 8 rader, klassificerade 7, tomma 1" in r.stderr
    assert "Teman" in r.stdout
    lines = outs[2].read_text(encoding="utf-8").splitlines()
    objs = [json.loads(l) for l in lines]
    assert [o["row"] for o in objs] == list(range(1, 9))
    assert [o["id"] for o in objs] == [str(i) for i in range(1, 9)]
    for o in objs:
        assert set(o) == {"row", "id", "text", "group", "date", "themes", "scores", "evidence", "status", "person"}
        assert o["themes"] and set(o["scores"]) == set(o["themes"])
        assert all(0.0 <= v <= 1.0 for v in o["scores"].values())
    assert objs[4]["status"] == "empty" and objs[4]["themes"] == ["ovrigt"]
    assert objs[0]["themes"][0] == "personal"
    assert "lokaler" in objs[1]["themes"] and "lokaler" in objs[2]["themes"]
    assert objs[3]["themes"][0] == "it"
    assert "lokaler" in objs[7]["themes"]  # typed without å/ä/ö
    # the formula-looking text is kept verbatim in JSONL, neutralised in CSV
    assert objs[6]["text"].startswith("=SUMMA")
    csv_text = outs[1].read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and b"'=SUMMA" in csv_text
    import openpyxl

    wb = openpyxl.load_workbook(outs[0])
    # "Listor" (hidden) holds the labels of the Rättat tema drop-down
    assert wb.sheetnames == ["Förslag", "Teman", "Tema per enhet", "Dubbletter", "Förklaringar", "Listor"]
    ws = wb["Förslag"]
    head = [c.value for c in ws[1]]
    assert head == ["Löpnummer", "Enhet", "Datum", "Beskriv ditt förslag", "Tema", "Alla teman", "Tema-id",
                    "Säkerhet", "Motivering", "Status", "Rättat tema"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.max_row == 9
    # Tema per enhet: the units stay in view beside the theme columns (only the header row was frozen)
    assert wb["Tema per enhet"].freeze_panes == "B2" and wb["Teman"].freeze_panes == "A2"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_outputs_are_deterministic(runner, data_dir, tmp_path):
    for k in (1, 2):
        r = run(runner, ["classify", str(data_dir / "forslag_titlerows.xlsx"), "-o", str(tmp_path / f"a{k}.xlsx"),
                         "-o", str(tmp_path / f"a{k}.jsonl"), "-o", str(tmp_path / f"a{k}.csv")])
        assert r.exit_code == 0, r.stderr
    for ext in ("xlsx", "jsonl", "csv"):
        assert (tmp_path / f"a1.{ext}").read_bytes() == (tmp_path / f"a2.{ext}").read_bytes()


def test_english_headings(runner, data_dir, tmp_path):
    out = tmp_path / "e.xlsx"
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 0
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames == ["Suggestions", "Themes", "Themes by unit", "Duplicates", "Explanations", "Lists"]


def test_custom_taxonomy_lexicon_only(runner, data_dir, tmp_path):
    out = tmp_path / "c.jsonl"
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "--taxonomy", str(data_dir / "taxonomy_small.yaml"),
                     "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    objs = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert objs[0]["themes"] == ["personal"]
    assert objs[0]["evidence"]["personal"]
    assert objs[6]["themes"] == ["ovrigt"]  # "lokala rutiner" is excluded from lokaler


@pytest.mark.parametrize("args,code,message", [
    (["classify", "finns-inte.xlsx"], 3, "Fel: finns-inte.xlsx: filen eller mappen finns inte; kontrollera sökvägen\n"),
    (["classify", "finns-inte.xlsx", "--lang", "en"], 3, "Error: finns-inte.xlsx: no such file or folder; check the path\n"),
    (["classify", "DATA/forslag_cp1252.csv", "--text-column", "Nej"], 3,
     "Fel: DATA/forslag_cp1252.csv: kolumnen 'Nej' finns inte; kolumner i filen: 'Löpnummer', 'Enhet', 'Datum', 'Beskriv ditt förslag'; ange rätt namn med --text-column\n"),
    (["classify", "DATA/forslag_cp1252.csv", "--taxonomy", "DATA/taxonomy_bad.yaml"], 4, None),
    (["classify", "DATA/forslag_cp1252.csv", "--out", "x.pdf"], 3,
     "Fel: x.pdf: okänt filformat .pdf; använd något av .xlsx, .csv, .jsonl\n"),
    # a name without an extension ("-o teman", "-o ut/" for a folder not made yet) and "-o -" were "okänt filformat (-)"
    (["classify", "DATA/forslag_cp1252.csv", "--out", "teman"], 3,
     "Fel: teman: namnet har ingen filändelse som säger formatet; ange ett filnamn som slutar på .xlsx, .csv, .jsonl "
     "(t.ex. teman.xlsx)\n"),
    (["report", "DATA/forslag_cp1252.csv", "--out", "ut/", "--lang", "en"], 3,
     "Error: ut: the name has no extension to say the format; give a file name ending in .html, .htm, .xlsx, .md "
     "(e.g. ut.html)\n"),
    (["classify", "DATA/forslag_cp1252.csv", "--out", "-"], 3,
     "Fel: -: utdata skrivs till filer, inte till standard ut (stdout); ange ett filnamn som slutar på .xlsx, .csv, "
     ".jsonl\n"),
    (["classify", "DATA/forslag_cp1252.csv", "--lang", "fi"], 2, None),
    (["classify", "DATA/forslag_cp1252.csv", "--model", "DATA"], 5, None),
    (["nosuchcommand"], 2, None),
])
def test_exit_codes(runner, data_dir, args, code, message):
    args = [a.replace("DATA", str(data_dir)) for a in args]
    r = run(runner, args)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    if message:
        assert r.stderr.endswith(message.replace("DATA", str(data_dir)))


@pytest.mark.parametrize("command", ["classify", "report", "discover", "evaluate", "train", "review"])
@pytest.mark.parametrize("option,code", [("--taxonomy", 4), ("--model", 5)])
def test_taxonomy_and_model_are_checked_before_the_input_is_read(runner, data_dir, tmp_path, monkeypatch, command,
                                                                 option, code):
    """A typo in --taxonomy (a YAML with errors) or --model (a folder that is no model) was only reported after
    the whole export had been read — minutes on a big one: it is refused first, one line, its exit code, in the
    language asked for, and nothing is read or written."""
    if command == "train" and option == "--model":
        pytest.skip("train has no --model")
    import forbattra.inputs

    def read(*a, **k):
        raise AssertionError("the input was read before the options were checked")

    monkeypatch.setattr(forbattra.inputs, "load", read)
    value = str(data_dir / "taxonomy_bad.yaml") if option == "--taxonomy" else str(tmp_path / "modell")
    args = [command, str(data_dir / "forslag_cp1252.csv"), option, value]
    if command not in ("evaluate", "train"):
        args += ["-o", str(tmp_path / ("o.html" if command == "report" else "o.xlsx"))]
    r = run(runner, [*args, "--lang", "en"])
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "was read" not in r.stderr
    assert r.stderr.startswith("Error: ")  # (a taxonomy's problems each on a line of their own below it)
    assert [p.name for p in tmp_path.iterdir()] == []


def test_directory_and_empty_file(runner, tmp_path):
    (tmp_path / "tom.csv").write_bytes(b"")
    r = run(runner, ["classify", str(tmp_path / "tom.csv"), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and "tom (0 byte)" in r.stderr
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("command", [["classify"], ["duplicates"], ["report"]])
def test_a_name_too_long_for_the_file_system_is_an_input_error(runner, tmp_path, command):
    """A path with a name of more than 255 bytes (130 å: 260 bytes, a name a Windows share allows) was an
    internal error, exit 1, asking for a bug report: it is one line naming the path and saying the name is too
    long, exit 3, and nothing is written."""
    long = tmp_path / ("å" * 130 + ".xlsx")
    out = tmp_path / "o.xlsx"
    r = run(runner, [*command, str(long), "-o", str(out)])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("Fel: ") and "för långt" in line and "255 byte" in line and "internt fel" not in line
    assert not out.exists()
    r = run(runner, [*command, str(long), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3 and "too long" in r.stderr.strip().splitlines()[-1]


def test_failure_writes_nothing_and_keeps_old_output(runner, data_dir, tmp_path):
    out = tmp_path / "natt.jsonl"
    out.write_text("last night's good output\n")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-t", "Saknas", "-o", str(out)])
    assert r.exit_code == 3
    assert out.read_text() == "last night's good output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["natt.jsonl"]


def test_refuses_to_overwrite_input(runner, tmp_path, data_dir):
    src = tmp_path / "in.csv"
    src.write_bytes((data_dir / "forslag_cp1252.csv").read_bytes())
    r = run(runner, ["classify", str(src), "-o", str(src)])
    assert r.exit_code == 3 and "skulle skriva över indatafilen" in r.stderr


def test_a_workbook_forbattra_did_not_write_is_never_replaced(runner, tmp_path, data_dir):
    """The README's examples read the export forslag.xlsx and once wrote `extract rapporter/ --out forslag.xlsx`:
    no command replaces a workbook that forbattra did not write (an export, a sheet of one's own), whatever its
    sheets are called — refused before any work (exit 3, the file as it was, naming it and --out); forbattra's own
    workbook, also re-saved by Excel or openpyxl, is replaced as before."""
    import openpyxl
    import pandas as pd

    src, commands = _output_commands(runner, tmp_path, data_dir)
    docs = tmp_path / "rapporter"
    export = tmp_path / "forslag.xlsx"
    pd.DataFrame({"Förslag": ["Mer personal på helger", "Nya datorer"], "Enhet": ["A", "B"]}).to_excel(
        export, sheet_name="Förslag", index=False)  # one sheet, named as classify names its own
    before = export.read_bytes()
    for argv in (*commands, ["report", str(src)], ["review", str(src)]):  # (and the two that write only workbooks)
        r = run(runner, [*argv, "-o", str(export)])
        assert r.exit_code == 3 and "forslag.xlsx" in r.stderr and "--out" in r.stderr, (argv, r.stderr)
        assert "Traceback" not in r.stderr
        assert export.read_bytes() == before, argv
    r = run(runner, ["extract", str(docs), "-o", str(export), "--lang", "en"])
    assert r.exit_code == 3 and "not written by forbattra" in r.stderr, r.stderr
    ours = tmp_path / "teman.xlsx"
    assert run(runner, ["extract", str(docs), "-o", str(ours)]).exit_code == 0
    wb = openpyxl.load_workbook(ours)
    wb.save(ours)  # as Excel keeps it: the workbook's author stays forbattra
    assert run(runner, ["extract", str(docs), "-o", str(ours)]).exit_code == 0
    # classify's workbook saved by a tool that drops the author (Google Sheets' download), a correction typed in:
    # still classify's (its Tema-id and Rättat tema columns), replaced with the correction carried over
    mine = tmp_path / "t.xlsx"
    assert run(runner, ["classify", str(src), "-o", str(mine)]).exit_code == 0
    wb = openpyxl.load_workbook(mine)
    wb.properties.creator = None
    ws = wb["Förslag"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Rättat tema") + 1, value="lokaler")
    wb.save(mine)
    r = run(runner, ["classify", str(src), "-o", str(mine)])
    assert r.exit_code == 0 and "behöll 1 rättelse" in r.stderr, r.stderr


def _output_commands(runner, tmp_path, data_dir):
    """(an export, the argument lists of every command that writes -o files: classify, duplicates, discover, extract
    of a Markdown document, trends of a store with one run)."""
    src = data_dir / "forslag_cp1252.csv"
    docs = tmp_path / "rapporter"
    docs.mkdir()
    (docs / "grupp.md").write_text("# Förslag\n\n- Fler vikarier på helgerna behövs\n- Bättre ventilation i personalrummet\n",
                                   encoding="utf-8")
    store = tmp_path / "h.db"
    assert run(runner, ["classify", str(src), "--store", str(store), "-o", str(tmp_path / "x.jsonl")]).exit_code == 0
    return src, (["classify", str(src)], ["duplicates", str(src)], ["discover", str(src)], ["extract", str(docs)],
                 ["trends", "--store", str(store)])


def test_a_csv_forbattra_did_not_write_is_never_replaced(runner, tmp_path, data_dir):
    """`classify -o budget.csv` onto someone's own .csv replaced it without a word, while an .xlsx of their own
    was refused: a .csv that forbattra did not write is refused the same way (exit 3, naming it and --out, the
    file as it was); every command's own .csv — also re-saved by Excel as Windows-1252 with a title row — and an
    empty file are replaced as before."""
    import csv
    import io

    src, commands = _output_commands(runner, tmp_path, data_dir)
    mine = tmp_path / "budget.csv"
    mine.write_bytes("Post;Belopp;Status\r\nLokaler;120000;klar\r\n".encode("utf-8-sig"))
    before = mine.read_bytes()
    for argv in commands:
        r = run(runner, [*argv, "-o", str(mine)])
        assert r.exit_code == 3 and "budget.csv" in r.stderr and "--out" in r.stderr, (argv, r.stderr)
        assert "inte skriven av forbattra" in r.stderr and "Traceback" not in r.stderr
        assert mine.read_bytes() == before, argv
    r = run(runner, ["classify", str(src), "-o", str(mine), "--lang", "en"])
    assert r.exit_code == 3 and "not written by forbattra" in r.stderr, r.stderr
    for k, argv in enumerate(commands):
        ours = tmp_path / f"ours{k}.csv"
        ours.write_bytes(b"")  # nothing to lose
        assert run(runner, [*argv, "-o", str(ours)]).exit_code == 0, argv
        rows = list(csv.reader(io.StringIO(ours.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
        resaved = io.StringIO(newline="")
        csv.writer(resaved, delimiter=",").writerows([["Resultat"], *rows])
        ours.write_bytes(resaved.getvalue().encode("cp1252", "replace"))  # Excel's "CSV (kommaavgränsad)", a title row
        r = run(runner, [*argv, "-o", str(ours)])
        assert r.exit_code == 0, (argv, r.stderr)


def test_a_jsonl_forbattra_did_not_write_is_never_replaced(runner, tmp_path, data_dir):
    """`classify -o logg.jsonl` onto someone's own .jsonl replaced it without a word, while their own .xlsx and .csv
    were refused: a .jsonl whose first line is none of forbattra's records is refused the same way (exit 3, naming it
    and --out, the file as it was); every command's own .jsonl, in either language, and an empty one are replaced."""
    src, commands = _output_commands(runner, tmp_path, data_dir)
    for k, content in enumerate(['{"ärende": 17, "text": "Nya lås", "row": 3}\n{"ärende": 18, "text": "Mer ljus"}\n',
                                 "2026-01-02 12:00 start\n", '["row", "themes"]\n']):
        mine = tmp_path / f"egen{k}.jsonl"
        mine.write_text(content, encoding="utf-8")
        for argv in commands:
            r = run(runner, [*argv, "-o", str(mine)])
            assert r.exit_code == 3 and f"egen{k}.jsonl" in r.stderr and "--out" in r.stderr, (argv, r.stderr)
            assert "inte skriven av forbattra" in r.stderr and "Traceback" not in r.stderr
            assert mine.read_text(encoding="utf-8") == content, argv
    r = run(runner, ["duplicates", str(src), "-o", str(tmp_path / "egen0.jsonl"), "--lang", "en"])
    assert r.exit_code == 3 and "not written by forbattra" in r.stderr, r.stderr
    for k, argv in enumerate(commands):
        for lang in ("sv", "en"):
            ours = tmp_path / f"ours{k}{lang}.jsonl"
            ours.write_bytes(b"")  # nothing to lose
            assert run(runner, [*argv, "-o", str(ours), "--lang", lang]).exit_code == 0, argv
            assert ours.stat().st_size
            r = run(runner, [*argv, "-o", str(ours), "--lang", "sv" if lang == "en" else "en"])
            assert r.exit_code == 0, (argv, r.stderr)


def test_header_only_export(runner, tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("id;Förslag\n", encoding="utf-8")
    r = run(runner, ["classify", str(p), "-o", str(tmp_path / "h.jsonl"), "-o", str(tmp_path / "h.xlsx")])
    assert r.exit_code == 0, r.stderr
    assert "Läste 0 rader, klassificerade 0, tomma 0" in r.stderr
    assert (tmp_path / "h.jsonl").read_text() == ""


def test_quiet_prints_nothing(runner, data_dir, tmp_path):
    r = run(runner, ["--quiet", "classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "q.jsonl")])
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""


def test_json_log_format(runner, data_dir):
    r = run(runner, ["--log-format", "json", "classify", str(data_dir / "forslag_cp1252.csv"), "-t", "Nej"])
    assert r.exit_code == 3
    last = json.loads(r.stderr.strip().splitlines()[-1])
    assert last["level"] == "error" and "kolumnen 'Nej' finns inte" in last["message"] and last["event"] == "err_no_column"


def test_global_options_after_command():
    assert hoist_global_options(["classify", "x.csv", "--quiet", "--log-format", "json"]) == [
        "--quiet", "--log-format", "json", "classify", "x.csv"]


@pytest.mark.parametrize("typed, parsed", [
    (["--lang", "en", "classify", "x.csv"], ["classify", "--lang", "en", "x.csv"]),
    (["-q", "--lang=en", "report", "a.db"], ["-q", "report", "--lang=en", "a.db"]),
    (["--lang", "en", "taxonomy", "init", "t.yaml"], ["taxonomy", "init", "--lang", "en", "t.yaml"]),
    (["taxonomy", "--lang", "en", "show", "huset"], ["taxonomy", "show", "--lang", "en", "huset"]),
    (["--help", "--lang", "en"], ["--help"]),
    (["--lang", "en", "taxonomy", "--help"], ["taxonomy", "--help"]),
    (["classify", "x.csv", "--lang", "en"], ["classify", "x.csv", "--lang", "en"]),
])
def test_lang_before_the_command_is_the_commands(typed, parsed):
    assert hoist_global_options(typed) == parsed


@pytest.mark.parametrize("args, code, stream, first", [
    (["--help", "--lang", "en"], 0, "stdout", "Usage: forbattra [OPTIONS] COMMAND [ARGS]..."),
    (["--lang", "en", "--help"], 0, "stdout", "Usage: forbattra [OPTIONS] COMMAND [ARGS]..."),
    (["taxonomy", "--help", "--lang", "en"], 0, "stdout", "Usage: forbattra taxonomy [OPTIONS] COMMAND [ARGS]..."),
    (["--lang", "en", "classify", "--help"], 0, "stdout", "Usage: forbattra classify [OPTIONS] {INPUT}"),
    (["--lang", "en", "classify", "saknas.xlsx"], 3, "stderr", "Error: saknas.xlsx: no such file or folder; check the path"),
])
def test_lang_typed_before_the_command_is_honoured(tmp_path, args, code, stream, first):
    """The README says English with --lang en; typed before the command, or after the group's --help, it was
    refused as an option that does not exist (exit 2, "No such option: --lang"), though every command has it."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == code, r.stderr
    assert getattr(r, stream).splitlines()[0] == first, (r.stdout, r.stderr)


def test_config_file_and_env_precedence(runner, data_dir, tmp_path, monkeypatch):
    (tmp_path / "forbattra.toml").write_text('[classify]\nlang = "en"\nout = ["cfg.jsonl"]\n', encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "cfg.jsonl").exists() and "Themes" in r.stdout
    monkeypatch.setenv("FORBATTRA_CLASSIFY_LANG", "sv")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert "Teman" in r.stdout
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "--lang", "en"])
    assert "Themes" in r.stdout


def test_config_unknown_key_is_an_error(runner, data_dir, tmp_path):
    (tmp_path / "forbattra.toml").write_text('[classify]\ncolour = "red"\n', encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 4 and "Fel: " in r.stderr and "[classify] colour: okänt alternativ" in r.stderr
    # the command's --lang is not parsed yet when the config is read; the error still follows it
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "--lang", "en"])
    assert r.exit_code == 4 and "Error: " in r.stderr and "[classify] colour: unknown option" in r.stderr


@pytest.mark.parametrize("name, text, said", [
    ("forbattra.toml", "[classify]\nmin-confidence = 0.6\nmin_confidence = 0.5\n",
     "[classify] min-confidence och min_confidence är samma alternativ; skriv det en gång"),
    ("forbattra.yaml", "classify:\n  text_column: Problem\n  text-column: Förslag\n",
     "[classify] text_column och text-column är samma alternativ; skriv det en gång"),
])
def test_one_option_written_under_two_spellings_is_a_config_error(runner, data_dir, tmp_path, name, text, said):
    """A key is an option's name or its long flag's (min_confidence or min-confidence): both in one section set
    one option, and the last silently replaced the first (0.5 used, the 0.6 the file also shows never), as a key
    written twice would. Refused as that is, naming both (exit 4), nothing written."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [f"Fel: {tmp_path / name}: {said}"]
    assert not (tmp_path / "t.jsonl").exists()


@pytest.mark.parametrize("text, line, key", [
    # two outputs written as two lines: PyYAML kept the last one alone, so teman.xlsx was silently never written
    ("classify:\n  out: teman.xlsx\n  out: teman.jsonl\n", 3, "out"),
    ("classify:\n  out: teman.jsonl\nreport:\n  date: 2026-12-01\nclassify:\n  review: 10\n", 5, "classify"),
])
def test_a_key_given_twice_in_a_yaml_config_is_a_config_error(runner, data_dir, tmp_path, text, line, key):
    (tmp_path / "forbattra.yaml").write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"Fel: {tmp_path / 'forbattra.yaml'}:{line}: {key} står två gånger; skriv den en gång (flera värden som en lista, "
        "t.ex. out: [teman.xlsx, teman.jsonl])"]
    assert not list(tmp_path.glob("teman*"))


@pytest.mark.parametrize("text, line, said", [
    # it said only "ogiltig YAML" and a line: not what is wrong there, nor how to write it
    ("classify:\n\tout: teman.jsonl\n", 2, "ett tabbtecken eller tecken som inte får inleda ett värde; dra in med "
     "mellanslag och sätt värden med @ eller ` inom citattecken (found character '\\t' that cannot start any token)"),
    ("classify:\n  input e.csv\n  out: teman.jsonl\n", 2, "en rad saknar ':' efter nyckeln, eller ett värde är "
     "uppdelat på flera rader; skriv nyckel: värde (mapping values are not allowed here)"),
    ('classify:\n  out: "teman.jsonl\n  review: 5\n', 2,
     "ett citattecken öppnas men stängs inte; stäng det eller ta bort det (found unexpected end of stream)"),
    ("classify:\n  out: teman.jsonl\n review: 5\n", 3, "expected <block end>, but found '<block mapping start>'; "
     "skriv avsnitt: och under det alternativ: värde, indraget med mellanslag"),
    # a colon in a value was told with a taxonomy's example, 'label: "Tak: Vision och mål"', no key of this file,
    # and so was a key indented too deep, which has no colon in its value
    ("report:\n  title: Förbättringsförslag: hösten 2026\n", 2, "ett kolon i värdet; sätt värdet inom citattecken: "
     "skriv title: \"Förbättringsförslag: hösten 2026\" (mapping values are not allowed here)"),
    ("classify:\n  taxonomy: huset\n   model: x\n", 3, "mapping values are not allowed here; skriv avsnitt: och under "
     "det alternativ: värde, indraget med mellanslag"),
])
def test_invalid_yaml_in_a_config_file_says_what_and_how(runner, data_dir, tmp_path, text, line, said):
    (tmp_path / "forbattra.yaml").write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [f"Fel: {tmp_path / 'forbattra.yaml'}:{line}: ogiltig YAML: {said}"]


@pytest.mark.parametrize("text, line, said", [
    # it said tomllib's English alone, "ogiltig TOML: Invalid value (at line 2, column 12)": not what to write
    ('[classify]\ntaxonomy = huset\n', 2, 'ogiltig TOML: text står inom citattecken i TOML: skriv taxonomy = "huset" '
     "(inte taxonomy = huset) (Invalid value)"),
    ("[duplicates]\nthreshold = 0,7  # färre grupper\n", 2, "ogiltig TOML: ett decimaltal skrivs med punkt och en siffra "
     "före den i TOML: skriv threshold = 0.7 (inte threshold = 0,7) (Expected newline or end of document after a "
     "statement)"),
    ('[classify]\ntaxonomy: "huset"\n', 2, "ogiltig TOML: TOML skriver alternativ = värde (':' är YAML): skriv "
     'taxonomy = "huset" (inte taxonomy: "huset") (Expected \'=\' after a key in a key/value pair)'),
    ("[classify]\nredact = True\n", 2, "ogiltig TOML: på eller av skrivs true eller false, med små bokstäver: "
     "redact = true (Invalid value)"),
    ('[classify]\nout = ["teman.xlsx",\n  "teman.jsonl"\nreview = 5\n', 2,
     "ogiltig TOML: en lista med [ stängs inte med ]; stäng den (Unclosed array)"),
    ('[classify]\nout = "teman.xlsx"\nout = "teman.jsonl"\n', 3, 'out står två gånger; skriv den en gång (flera '
     'värden som en lista, t.ex. out = ["teman.xlsx", "teman.jsonl"])'),
])
def test_invalid_toml_in_a_config_file_says_where_and_how_in_swedish(runner, data_dir, tmp_path, text, line, said):
    (tmp_path / "forbattra.toml").write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [f"Fel: {tmp_path / 'forbattra.toml'}:{line}: {said}"]
    assert not (tmp_path / "t.jsonl").exists()


def test_a_missing_config_file_names_where_it_was_given(runner, data_dir, tmp_path):
    """A nightly job sets FORBATTRA_CONFIG (README, cron): a wrong path there is named as that variable's, not as
    a --config the user never typed; --config's is named as --config's; both languages say how to fix it."""
    src = str(data_dir / "forslag_cp1252.csv")
    missing = str(tmp_path / "saknas.toml")
    r = runner.invoke(app, ["classify", src], env={"FORBATTRA_CONFIG": missing})
    assert r.exit_code == 4 and "FORBATTRA_CONFIG" in r.stderr and "--config" not in r.stderr, r.stderr
    r = runner.invoke(app, ["classify", src, "--lang", "en"], env={"FORBATTRA_CONFIG": missing})
    assert r.exit_code == 4 and "check the path" in r.stderr and "FORBATTRA_CONFIG" in r.stderr, r.stderr
    r = runner.invoke(app, ["--config", missing, "classify", src, "--lang", "en"])
    assert r.exit_code == 4 and "check the path" in r.stderr and "--config" in r.stderr, r.stderr


def test_a_config_given_as_its_folder_is_said_to_be_a_folder(runner, data_dir, tmp_path):
    """--config /srv/teman (the job's folder, where forbattra.toml lies) said "konfigurationsfilen finns inte;
    kontrollera sökvägen": the folder is there. Said to be a folder, with the file to give, exit 4."""
    src = str(data_dir / "forslag_cp1252.csv")
    job = tmp_path / "teman"
    job.mkdir()
    r = runner.invoke(app, ["--config", str(job), "classify", src, "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 4 and r.stderr.strip() == (
        f"Fel: {job}: är en mapp, ingen konfigurationsfil; ange filen i --config (t.ex. {job / 'forbattra.toml'})")
    r = runner.invoke(app, ["classify", src, "--lang", "en"], env={"FORBATTRA_CONFIG": str(job)})
    assert r.exit_code == 4 and r.stderr.strip() == (
        f"Error: {job}: is a folder, not a config file; give the file in FORBATTRA_CONFIG (e.g. {job / 'forbattra.toml'})")
    assert not (tmp_path / "t.jsonl").exists()


def test_two_config_files_in_the_folder_are_said_with_the_one_used(runner, data_dir, tmp_path, monkeypatch):
    """forbattra.toml and forbattra.yaml both in the job's folder: the .toml was used and the .yaml's settings were
    lost without a word. A warning names both (shown under --quiet); --config decides without one."""
    src = str(data_dir / "forslag_cp1252.csv")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forbattra.toml").write_text("[classify]\nlang = \"sv\"\n", encoding="utf-8")
    (tmp_path / "forbattra.yaml").write_text("classify:\n  min_confidence: 0.5\n", encoding="utf-8")
    r = runner.invoke(app, ["--quiet", "classify", src, "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0 and r.stderr.splitlines() == [
        "Varning: mappen har både forbattra.toml och forbattra.yaml; forbattra.toml används och forbattra.yaml läses "
        "inte – ta bort den som inte ska gälla eller ange filen med --config"], r.stderr
    r = runner.invoke(app, ["--quiet", "--config", "forbattra.yaml", "classify", src, "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0 and r.stderr == ""
    (tmp_path / "forbattra.yaml").unlink()
    r = runner.invoke(app, ["--quiet", "classify", src, "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0 and r.stderr == ""


def test_environment_variables_are_checked_like_config_values(runner, data_dir, tmp_path):
    src = str(data_dir / "forslag_cp1252.csv")
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "a.jsonl")],
                      env={"FORBATTRA_CLASSIFY_MIN_CONFIDENCE": "abc"})
    assert r.exit_code == 4 and "FORBATTRA_CLASSIFY_MIN_CONFIDENCE='abc'" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Usage" not in r.stderr
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "b.jsonl")], env={"FORBATTRA_CLASSIFY_BOGUS": "1"})
    assert r.exit_code == 4 and "FORBATTRA_CLASSIFY_BOGUS" in r.stderr and "FORBATTRA_CLASSIFY_MIN_CONFIDENCE" in r.stderr
    assert not (tmp_path / "b.jsonl").exists()
    # good values (decimal comma, a subcommand's flag, the documented date alias) and variables of no command pass
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "c.jsonl")],
                      env={"FORBATTRA_CLASSIFY_MIN_CONFIDENCE": "0,4", "FORBATTRA_TAXONOMY_INIT_FORCE": "1",
                           "FORBATTRA_REPORT_DATE": "2026-01-01", "FORBATTRA_SOMETHING_ELSE": "x"})
    assert r.exit_code == 0, r.stderr
    # only the command being run is checked: another command's bad variable, or --help, is not stopped
    bad = {"FORBATTRA_CLASSIFY_MIN_CONFIDENCE": "abc"}
    assert runner.invoke(app, ["taxonomy", "list"], env=bad).exit_code == 0
    assert runner.invoke(app, ["classify", "--help"], env=bad).exit_code == 0
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "d.jsonl")], env={"FORBATTRA_CLASSIFY_LANG": "de"})
    assert r.exit_code == 4 and "FORBATTRA_CLASSIFY_LANG" in r.stderr, r.stderr
    r = runner.invoke(app, ["taxonomy", "init", str(tmp_path / "t.yaml")], env={"FORBATTRA_TAXONOMY_INIT_FORM": "1"})
    assert r.exit_code == 4 and "FORBATTRA_TAXONOMY_INIT_FORCE" in r.stderr, r.stderr
    # a sibling subcommand's variable is not this one's business
    assert runner.invoke(app, ["taxonomy", "list"], env={"FORBATTRA_TAXONOMY_SHOW_LANG": "de"}).exit_code == 0


@pytest.mark.parametrize("var, value", [("FORBATTRA_QUIET", "ja"), ("FORBATTRA_VERBOSE", "kanske"),
                                        ("FORBATTRA_LOG_FORMAT", "xml")])
def test_a_bad_global_variable_is_a_config_error_naming_it(runner, data_dir, tmp_path, var, value):
    """FORBATTRA_QUIET=ja in a cron job's environment was a usage error about '--quiet' (exit 2, a usage line, and
    pydantic's English 'Input should be a valid boolean'): the README makes a variable's bad value exit 4, naming it."""
    out = tmp_path / "x.jsonl"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out)], env={var: value})
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [r.stderr.strip()] and r.stderr.startswith(f"Fel: miljövariabler: {var}=")
    assert "Input should" not in r.stderr and not out.exists()
    if var != "FORBATTRA_LOG_FORMAT":
        assert "1 eller 0" in r.stderr  # what it takes
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out), "--lang", "en"],
                      env={var: value})
    assert r.exit_code == 4 and r.stderr.startswith(f"Error: environment variables: {var}="), r.stderr
    # good values pass, --help is never stopped
    assert runner.invoke(app, ["taxonomy", "list"], env={var: {"FORBATTRA_LOG_FORMAT": "json"}.get(var, "1")}).exit_code == 0
    assert runner.invoke(app, ["--help"], env={var: value}).exit_code == 0
    assert runner.invoke(app, ["--version"], env={var: value}).exit_code == 0


@pytest.mark.parametrize("args", [["--log-format=json"], ["--log-format", "json"]])
def test_a_bad_global_variable_is_a_json_line_under_either_spelling_of_log_format(runner, args):
    """'forbattra --log-format=json …' (Click's other spelling, as a scheduler's command line often has it) with
    FORBATTRA_QUIET=ja printed the refusal as a Swedish text line into a log read as JSON lines."""
    import json

    r = runner.invoke(app, [*args, "taxonomy", "list"], env={"FORBATTRA_QUIET": "ja"})
    assert r.exit_code == 4, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["event"] == "err_env", r.stderr


def test_a_yes_no_value_s_problem_is_said_in_swedish_with_what_it_takes(runner, data_dir, tmp_path):
    (tmp_path / "forbattra.toml").write_text('[classify]\nredact = "ja"\n', encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 4 and "[classify] redact = 'ja' duger inte" in r.stderr, r.stderr
    assert "Input should" not in r.stderr and "1 eller 0" in r.stderr


@pytest.mark.parametrize("where", ["file", "variable", "global"])
def test_a_yes_no_value_s_problem_is_said_in_english_with_what_it_takes(runner, data_dir, tmp_path, where):
    """In English the refusal of 'redact = "maybe"' (or FORBATTRA_CLASSIFY_REDACT=maybe, FORBATTRA_QUIET=maybe)
    ended in pydantic's 'Input should be a valid boolean, unable to interpret input': what was wrong but not
    what to write, which the Swedish message says (1 or 0, true/false, yes/no, on/off)."""
    env = {"FORBATTRA_CLASSIFY_REDACT": "maybe"} if where == "variable" else {
        "FORBATTRA_QUIET": "maybe"} if where == "global" else {}
    if where == "file":
        (tmp_path / "forbattra.toml").write_text('[classify]\nredact = "maybe"\n', encoding="utf-8")
    out = tmp_path / "x.jsonl"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out), "--lang", "en"], env=env)
    assert r.exit_code == 4 and not out.exists(), r.stderr
    assert "Input should" not in r.stderr, r.stderr
    assert r.stderr.strip().endswith("'maybe' is not valid: Invalid value for " + (
        "'--quiet' / '-q'" if where == "global" else "'--redact'") + ": give 1 or 0 (true/false, yes/no, on/off)"), r.stderr


def test_a_repeatable_option_s_variable_keeps_its_spaces(runner, data_dir, tmp_path):
    """FORBATTRA_CLASSIFY_TEXT_COLUMN="Beskriv ditt förslag" is that one column, not 'Beskriv', 'ditt' and
    'förslag' (a column or unit name with spaces is the rule in exports); several are separated by ';'."""
    src = str(data_dir / "forslag_cp1252.csv")
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "a.jsonl")],
                      env={"FORBATTRA_CLASSIFY_TEXT_COLUMN": "Beskriv ditt förslag"})
    assert r.exit_code == 0, r.stderr
    assert "text='Beskriv ditt förslag'" in r.stderr
    r = runner.invoke(app, ["classify", src, "-o", str(tmp_path / "b.jsonl")],
                      env={"FORBATTRA_CLASSIFY_TEXT_COLUMN": "Enhet; Beskriv ditt förslag"})
    assert r.exit_code == 0, r.stderr
    assert "text='Enhet' + 'Beskriv ditt förslag'" in r.stderr
    r = runner.invoke(app, ["report", src, "-o", str(tmp_path / "r.md")], env={"FORBATTRA_REPORT_GROUP": "Barn och familj"})
    assert r.exit_code == 0, r.stderr
    assert "Valde 2 av 8 rader (Barn och familj)" in r.stderr


@pytest.mark.parametrize("args", [["--help"], ["classify", "--help"], ["--version"]])
def test_help_or_version_into_a_closed_pipe_is_141_as_a_command(args):
    """'forbattra classify --help | head -1': Click ends a write to a closed standard output outside a command with
    exit 1 — an internal error by the README's table, failing a 'set -o pipefail' script —; a command's is 141."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("FORBATTRA_")}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        r = subprocess.run([sys.executable, "-m", "forbattra", *args], stdout=write, stderr=subprocess.PIPE,
                           env=env, timeout=120)
    finally:
        os.close(write)
    assert r.returncode == 141 and r.stderr == b"", r.stderr


def test_a_closed_pipe_ends_the_run_quietly(capsys):
    """'forbattra taxonomy list | head -1': no 'internal error' when the reader goes away, exit 141 as Unix tools."""
    import typer

    from forbattra.cli.app import run_command

    @run_command
    def writes_to_a_closed_pipe():
        raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(typer.Exit) as stop:
        writes_to_a_closed_pipe()
    assert stop.value.exit_code == 141 and capsys.readouterr().err == ""
    # tables go through Rich, whose own answer to a closed pipe is exit 1: ours hands it to run_command
    from forbattra.cli.app import console

    with pytest.raises(BrokenPipeError):
        console().on_broken_pipe()


@pytest.mark.parametrize("line, key", [("store = 5", "store"), ('store = ["a.db", "b.db"]', "store"),
                                       ('taxonomy = ["standard"]', "taxonomy"), ('lang = "de"', "lang"),
                                       ('csv_delimiter = "ab"', "csv_delimiter")])
def test_config_values_of_the_wrong_kind_are_config_errors(runner, data_dir, tmp_path, line, key):
    (tmp_path / "forbattra.toml").write_text(f"[classify]\n{line}\n", encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 4 and f"[classify] {key} =" in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forbattra.toml"]  # no store named "5", no output


@pytest.mark.parametrize("name, text, key, value", [
    # Click read true as the number 1: review = true gave a review sheet of one suggestion, jobs = true one process
    ("forbattra.toml", "[classify]\nreview = true\n", "review", "true"),
    ("forbattra.toml", "[classify]\njobs = false\n", "jobs", "false"),
    ("forbattra.yaml", "classify:\n  min_length: yes\n", "min_length", "true"),
])
def test_true_or_false_for_a_number_in_the_config_is_a_config_error(runner, data_dir, tmp_path, name, text, key,
                                                                     value):
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 4, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"Fel: {tmp_path / name}: [classify] {key} = {value!r} duger inte: skriv ett tal (true och false gäller bara "
        "alternativ som slås på eller av)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    (tmp_path / name).write_text(text.replace(value if name.endswith("toml") else "yes", "2"), encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 0, r.stderr  # a number is taken
    # the on/off options still take true and false
    (tmp_path / name).unlink()
    (tmp_path / "forbattra.toml").write_text("[classify]\nredact = true\nduplicates = false\n", encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("section, line, key", [
    ("classify", 'encoding = "latin-9x"', "encoding"), ("classify", 'delimiter = ";;"', "delimiter"),
    ("classify", 'split = "pages"', "split"), ("taxonomy.init", 'from = "stadnard"', "from")])
def test_reader_and_init_values_from_the_config_or_a_variable_are_config_errors(runner, data_dir, tmp_path, section,
                                                                                 line, key):
    """encoding/delimiter/split, and taxonomy init's --from, were checked only once the command ran: a bad value in
    forbattra.toml or FORBATTRA_<COMMAND>_<OPTION> was a usage error about an option nobody typed (exit 2, with
    a usage line), not the configuration error naming the file and key, or the variable (exit 4)."""
    src = str(data_dir / "forslag_cp1252.csv")
    argv = (["taxonomy", "init", str(tmp_path / "t.yaml")] if section == "taxonomy.init"
            else [section, src, "-o", str(tmp_path / "x.jsonl")])
    (tmp_path / "forbattra.toml").write_text(f"[{section}]\n{line}\n", encoding="utf-8")
    r = run(runner, argv)
    assert r.exit_code == 4 and f"[{section}] {key} =" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Usage" not in r.stderr and "Användning" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forbattra.toml"]
    (tmp_path / "forbattra.toml").unlink()
    var = "FORBATTRA_" + section.upper().replace(".", "_") + "_" + key.upper()
    r = runner.invoke(app, argv, env={var: line.split(" = ")[1].strip('"')})
    assert r.exit_code == 4 and var in r.stderr, r.stderr
    assert not list(tmp_path.iterdir())


def test_config_one_value_for_a_repeatable_option_and_a_bad_period(runner, data_dir, tmp_path):
    (tmp_path / "forbattra.toml").write_text('[classify]\nout = "ett.jsonl"\n[trends]\nperiod = "year"\n',
                                             encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 4 and "[trends] period" in r.stderr, r.stderr
    (tmp_path / "forbattra.toml").write_text('[classify]\nout = "ett.jsonl"\n', encoding="utf-8")
    assert run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")]).exit_code == 0
    assert (tmp_path / "ett.jsonl").exists()


@pytest.mark.parametrize("args,written,comment", [([], "taxonomi.yaml", "# forbattra-taxonomi:"),
                                                   (["--lang", "en"], "taxonomy.yaml", "# forbattra taxonomy:")])
def test_taxonomy_init_without_a_file_writes_the_default_name_of_its_language(runner, tmp_path, monkeypatch, args,
                                                                              written, comment):
    """Without FILE, taxonomy init writes a file whose name follows --lang, as every command's default output does
    (README): --lang en wrote an English starter to the Swedish 'taxonomi.yaml'."""
    monkeypatch.chdir(tmp_path)
    r = run(runner, ["taxonomy", "init", *args])
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [written]
    text = (tmp_path / written).read_text(encoding="utf-8")
    assert text.startswith(comment) and f"name: {written[:-5]}" in text


def test_config_sections_of_a_subcommand(runner, tmp_path):
    """[taxonomy.init] in TOML is the init subcommand's section (Click nests its defaults under the group)."""
    target = tmp_path / "ny.yaml"
    assert run(runner, ["taxonomy", "init", str(target)]).exit_code == 0
    (tmp_path / "forbattra.toml").write_text("[taxonomy.init]\nforce = true\n", encoding="utf-8")
    assert run(runner, ["taxonomy", "init", str(target)]).exit_code == 0  # force from the file
    (tmp_path / "forbattra.toml").write_text('["taxonomy.show"]\nlang = "en"\n', encoding="utf-8")
    r = run(runner, ["taxonomy", "show", "standard"])
    assert r.exit_code == 0 and "Finance and resources" in r.stdout
    (tmp_path / "forbattra.toml").write_text("[taxonomy]\nforce = true\n", encoding="utf-8")
    r = run(runner, ["taxonomy", "show", "standard"])
    assert r.exit_code == 4 and "okänt avsnitt [taxonomy]" in r.stderr and "taxonomy.init" in r.stderr


def test_a_taxonomy_file_that_cannot_be_read_is_one_line_exit_4(runner, data_dir, monkeypatch):
    """No read permission (or a drive gone): the file named and what to check, exit 4, no traceback."""
    from pathlib import Path

    def denied(real):
        def read(self, *a, **k):
            if self.name == "taxonomy_small.yaml":
                raise PermissionError(13, "Permission denied")
            return real(self, *a, **k)
        return read

    for method in ("read_text", "read_bytes"):  # (the taxonomy is read as bytes and decoded as inputs are)
        monkeypatch.setattr(Path, method, denied(getattr(Path, method)))
    r = run(runner, ["taxonomy", "validate", str(data_dir / "taxonomy_small.yaml")])
    assert r.exit_code == 4 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"Fel: {data_dir / 'taxonomy_small.yaml'}: kan inte läsa filen (Permission "
                                             "denied); kontrollera att du har läsbehörighet till den (eller kopiera den "
                                             "till en mapp du kan läsa)"]


def test_taxonomy_commands(runner, data_dir, tmp_path):
    r = run(runner, ["taxonomy", "list"])
    assert r.exit_code == 0 and r.stdout.startswith("standard\t10 teman + Övrigt")
    assert run(runner, ["taxonomy", "validate", str(data_dir / "taxonomy_small.yaml")]).exit_code == 0
    bad = run(runner, ["taxonomy", "validate", str(data_dir / "taxonomy_bad.yaml")])
    assert bad.exit_code == 4 and "id 'lokaler' finns redan" in bad.stderr
    target = tmp_path / "ny.yaml"
    assert run(runner, ["taxonomy", "init", str(target)]).exit_code == 0
    assert run(runner, ["taxonomy", "validate", str(target)]).exit_code == 0
    assert run(runner, ["taxonomy", "init", str(target)]).exit_code == 3
    assert run(runner, ["taxonomy", "show", "huset"]).exit_code == 0
    # every taxonomy command speaks English on request, and the table's headings follow the language
    r = run(runner, ["taxonomy", "list", "--lang", "en"])
    assert r.exit_code == 0 and r.stdout.startswith("standard\t10 themes + Other")
    r = run(runner, ["taxonomy", "validate", str(data_dir / "taxonomy_small.yaml"), "--lang", "en"])
    assert r.exit_code == 0 and r.stdout.startswith("OK: ") and " themes + " in r.stdout
    bad = run(runner, ["taxonomy", "validate", str(data_dir / "taxonomy_bad.yaml"), "--lang", "en"])
    assert bad.exit_code == 4 and bad.stderr.startswith("Error: invalid taxonomy"), bad.stderr
    r = run(runner, ["taxonomy", "init", str(tmp_path / "en.yaml"), "--lang", "en"])
    assert r.exit_code == 0 and "Wrote " in r.stderr + r.stdout
    head = next(l for l in run(runner, ["taxonomy", "show", "standard"]).stdout.splitlines() if "id" in l)
    assert "etikett" in head and "nyckelord" in head and "label" not in head
    head = next(l for l in run(runner, ["taxonomy", "show", "standard", "--lang", "en"]).stdout.splitlines()
                if " id " in l)
    assert "label" in head and "keywords" in head


def test_taxonomy_init_from_has_a_plain_environment_variable(runner, tmp_path):
    # --from is the Python keyword "from": its variable is FORBATTRA_TAXONOMY_INIT_FROM, not ..._FROM_
    target = tmp_path / "kopia.yaml"
    r = runner.invoke(app, ["taxonomy", "init", str(target)], env={"FORBATTRA_TAXONOMY_INIT_FROM": "huset"})
    assert r.exit_code == 0, r.stderr
    (tmp_path / "b").mkdir()
    flag = tmp_path / "b" / "kopia.yaml"  # the same file name: the taxonomy's name is taken from it
    assert run(runner, ["taxonomy", "init", str(flag), "--from", "huset"]).exit_code == 0
    assert target.read_bytes() == flag.read_bytes()  # the copy of huset, not the small starter
    assert "INIT_FROM_]" not in run(runner, ["taxonomy", "init", "--help"]).stdout


@pytest.mark.parametrize("cmd", [[], ["classify"], ["train"], ["evaluate"], ["taxonomy"], ["taxonomy", "init"]])
def test_help_everywhere(runner, cmd):
    r = run(runner, [*cmd, "--help"])
    assert r.exit_code == 0 and "Usage:" in r.stdout


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from forbattra.cli import app; "
            "heavy = [m for m in ('pandas', 'sklearn', 'spacy', 'numpy', 'scipy', 'rich') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m(data_dir, tmp_path):
    r = subprocess.run([sys.executable, "-m", "forbattra", "classify", str(data_dir / "forslag_cp1252.csv"),
                        "-o", str(tmp_path / "m.jsonl"), "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len((tmp_path / "m.jsonl").read_text().splitlines()) == 8


def test_default_output_is_a_workbook_in_the_current_folder(runner, data_dir, tmp_path):
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "forslag_cp1252-teman.xlsx").exists()  # conftest: cwd is tmp_path
    assert "Skrev forslag_cp1252-teman.xlsx" in r.stderr


def test_version(runner):
    from forbattra import __version__

    r = run(runner, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"forbattra {__version__}"


def test_messages_swedish_by_default_english_with_lang_or_LANG(runner, data_dir, tmp_path, monkeypatch):
    src = str(data_dir / "forslag_cp1252.csv")
    r = run(runner, ["classify", src, "-o", str(tmp_path / "a.jsonl")])
    assert r.exit_code == 0 and "Läste 8 rader" in r.stderr and "Skrev " in r.stderr
    r = run(runner, ["classify", src, "-o", str(tmp_path / "b.jsonl"), "--lang", "en"])
    assert r.exit_code == 0 and "Read 8 rows" in r.stderr and "Wrote " in r.stderr
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    r = run(runner, ["classify", src, "-o", str(tmp_path / "c.jsonl")])
    assert r.exit_code == 0 and "Read 8 rows" in r.stderr
    # the files follow --lang alone: LANG does not change what is written
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "c.jsonl").read_bytes()


def test_json_log_lines_have_timestamp_and_fields(runner, data_dir, tmp_path):
    r = run(runner, ["--log-format", "json", "classify", str(data_dir / "forslag_cp1252.csv"), "-o",
                     str(tmp_path / "a.jsonl")])
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stderr.splitlines()]
    counts = [x for x in lines if x.get("event") == "counts"]
    assert len(counts) == 1 and counts[0]["read"] == 8 and counts[0]["classified"] == 7
    assert all(x["level"] == "info" and "T" in x["timestamp"] for x in lines)


def test_json_log_gets_no_drawn_table_of_what_the_run_wrote_on_stdout(runner, data_dir, tmp_path):
    """A nightly job run with --log-format json and without --quiet got classify's drawn Teman table on standard
    output beside its JSON lines on stderr: a scheduler reading the job's output (cron mails both) parsed a mix.
    With --log-format json a table that only summarises the files written is not printed; the figures are in the
    files and the 'counts' line. A table that is the run's only result (duplicates without -o) still is."""
    src = str(data_dir / "forslag_cp1252.csv")
    r = run(runner, ["--log-format", "json", "classify", src, "-o", str(tmp_path / "a.jsonl")])
    assert r.exit_code == 0 and r.stdout == ""
    assert [json.loads(x)["event"] for x in r.stderr.splitlines()][-2:] == ["counts", "wrote"]
    r = run(runner, ["classify", src, "-o", str(tmp_path / "b.jsonl")])
    assert r.exit_code == 0 and "Teman" in r.stdout  # (a person at a terminal: the table, as before)
    dups = tmp_path / "d.csv"
    dups.write_text("Enhet;Förslag\nA;Bättre wifi i personalrummet\nB;Bättre wifi i personalrummet\n"
                    "C;Fler vikarier under sommaren\n", encoding="utf-8")
    r = run(runner, ["--log-format", "json", "duplicates", str(dups), "-o", str(tmp_path / "d.xlsx")])
    assert r.exit_code == 0 and r.stdout == ""
    r = run(runner, ["--log-format", "json", "duplicates", str(dups)])
    assert r.exit_code == 0 and "Bättre wifi" in r.stdout


def test_json_log_gets_no_drawn_trends_table_where_trends_wrote_its_files(runner, data_dir, tmp_path):
    """trends -o under --log-format json still drew its table on standard output, as classify's did: the periods
    are in the file written. Without -o the table is the run's result, and it is printed."""
    store = str(tmp_path / "h.db")
    assert run(runner, ["-q", "classify", str(data_dir / "forslag_cp1252.csv"), "--store", store,
                        "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    r = run(runner, ["--log-format", "json", "trends", "--store", store, "-o", str(tmp_path / "t.csv")])
    assert r.exit_code == 0 and r.stdout == "" and (tmp_path / "t.csv").exists()
    assert all(json.loads(x)["level"] in ("info", "warning") for x in r.stderr.splitlines())
    r = run(runner, ["--log-format", "json", "trends", "--store", store])
    assert r.exit_code == 0 and "Tema" in r.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("log_format, bar", [("json", False), ("text", True)])
def test_json_log_on_a_terminal_has_no_progress_bar(tmp_path, log_format, bar):
    # a nightly job in a container started with -t (or a scheduler's pseudo-terminal): stderr is a terminal,
    # and a log of one JSON object per line must not get a redrawn progress bar between its objects
    import os
    import pty

    src = tmp_path / "forslag.csv"
    src.write_text("Förslag\n" + "".join(f"Inför digital signering av avtal nummer {i}\n" for i in range(2_500)),
                   encoding="utf-8")
    main, sub = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "forbattra", "--log-format", log_format, "classify",
                                 str(src), "-o", str(tmp_path / "a.jsonl")], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=sub, cwd=tmp_path)
        os.close(sub)  # read while it runs (a full terminal would block it), until its end closes
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal's other end is closed and everything read
                break
            if not chunk:
                break
            chunks.append(chunk)
        returncode = proc.wait(timeout=300)
    finally:
        os.close(main)
    assert returncode == 0
    err = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert ("Klassificerar" in err) is bar
    if log_format == "json":
        lines = [json.loads(line) for line in err.splitlines() if line]  # every line one JSON object
        assert [x["read"] for x in lines if x["event"] == "counts"] == [2_500]


@pytest.mark.parametrize("value, code", [("0,6", 0), ("0.6", 0), ("1,5", 2), ("sex", 2)])
def test_min_confidence_accepts_a_decimal_comma(runner, data_dir, tmp_path, value, code):
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "a.jsonl"),
                     "--min-confidence", value])
    assert r.exit_code == code, r.stderr


@pytest.mark.parametrize("env, args, expect", [
    ({}, [], "Klassificera varje förslag"),
    ({"LANG": "en_GB.UTF-8"}, [], "Classify every suggestion"),
    ({}, ["--lang", "en"], "Classify every suggestion"),
    # the language as the option takes it ("EN", "--lang=En"), and as its variable gives it
    ({}, ["--lang", "EN"], "Classify every suggestion"),
    ({}, ["--lang=En"], "Classify every suggestion"),
    ({"FORBATTRA_CLASSIFY_LANG": "EN"}, [], "Classify every suggestion"),
])
def test_help_is_swedish_by_default(env, args, expect):
    import os

    e = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", "classify", "--help", *args], capture_output=True, text=True,
                       env={**e, **env})
    assert r.returncode == 0 and expect in r.stdout, r.stdout[:400]


@pytest.mark.parametrize("args,lines", [
    (["duplicates", "x.csv", "--threshold", "2"],
     ["Användning: forbattra duplicates", "Skriv 'forbattra duplicates -h' för hjälp.",
      "Fel: Ogiltigt värde för '--threshold': 2 ligger inte mellan 0 och 1"]),
    (["classify"], ["Fel: Argument saknas: 'INPUT'."]),
    (["classify", "x.csv", "--bogus"], ["Fel: Flaggan --bogus finns inte"]),
    (["klassify"], ["Fel: Kommandot 'klassify' finns inte. Menade du 'classify'?"]),
    (["classify", "x.csv", "--min-confidence", "2", "--lang", "en"],
     ["Usage: forbattra classify", "Error: Invalid value for '--min-confidence': 2 is not between 0 and 1"]),
    (["classify", "x.csv", "--min-confidence", "2", "--lang", "EN"],  # ("EN": English, as --lang reads it)
     ["Usage: forbattra classify", "Error: Invalid value for '--min-confidence': 2 is not between 0 and 1"]),
    # the range and type checks Typer leaves to pydantic, and an option's environment variable
    (["classify", "x.csv", "--jobs", "0"], ["Fel: Ogiltigt värde för '--jobs' / '-j': värdet ska vara minst 1"]),
    (["discover", "x.csv", "--clusters", "x"], ["Fel: Ogiltigt värde för '--clusters': ange ett heltal"]),
    (["report", "x.csv", "--date", "igår"], ["Fel: Ogiltigt värde för '--date': ange ett datum som ÅÅÅÅ-MM-DD"]),
])
def test_usage_errors_in_the_users_language(args, lines):
    # the real entry point (CliRunner skips it): Click's own usage errors are Swedish too, exit 2
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, text=True, env=env)
    assert r.returncode == 2
    for line in lines:
        assert line in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert "miljövariabel" not in r.stderr  # typed on the command line: no variable to blame


@pytest.mark.parametrize("delim", ['"', "\n", "\r"])
def test_a_csv_delimiter_no_reader_can_split_is_a_usage_error(runner, data_dir, tmp_path, delim):
    """The quote that encloses a cell, or a line break, as --csv-delimiter wrote a .csv nothing reads back
    (forbattra's next run included): refused as --delimiter refuses it on reading, exit 2, nothing written."""
    out = tmp_path / "t.csv"
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out), "--csv-delimiter", delim])
    assert r.exit_code == 2, r.stderr
    assert "'--csv-delimiter': ett tecken (inte \" eller en radbrytning) eller 'tab'" in r.stderr
    assert not out.exists()


def test_review_without_a_workbook_output_is_warned_about(runner, data_dir, tmp_path):
    """'classify … --review 30 -o teman.csv' asked for 30 suggestions to label and got none, unsaid: the sheet is
    one of the .xlsx's. A warning says so and how to get it (exit 0, the outputs as asked); with an .xlsx, none."""
    src = str(data_dir / "forslag_cp1252.csv")
    r = run(runner, ["classify", src, "--review", "3", "-o", str(tmp_path / "t.csv"), "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert ("Varning: inget blad Att granska: --review 3 lägger bladet i en .xlsx, och ingen --out är en .xlsx; "
            "lägg till t.ex. -o teman.xlsx, eller kör 'forbattra review'") in r.stderr.splitlines()
    r = run(runner, ["classify", src, "--review", "3", "-o", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "u.csv")])
    assert r.exit_code == 0 and "Att granska" not in r.stderr, r.stderr


def test_precise_without_a_dubbletter_sheet_is_warned_about(runner, data_dir, tmp_path):
    """'classify … --precise -o teman.jsonl' (or with --no-duplicates) asked for meaning to be compared and got
    nothing, unsaid: --precise works on the Dubbletter sheet of an .xlsx alone. A warning says so and how to get
    it (exit 0, the outputs as asked), as --review without a workbook is warned about."""
    src = str(data_dir / "forslag_cp1252.csv")
    r = run(runner, ["classify", src, "--precise", "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert ("Varning: --precise gjorde ingenting: det jämför innebörden i bladet Dubbletter i en .xlsx, och ingen "
            "--out är en .xlsx; lägg till t.ex. -o teman.xlsx, eller kör 'forbattra duplicates --precise'"
            ) in r.stderr.splitlines()
    r = run(runner, ["classify", src, "--precise", "--no-duplicates", "-o", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.stderr
    assert ("Varning: --precise gjorde ingenting: det jämför innebörden i bladet Dubbletter, som --no-duplicates "
            "lämnar bort; ta bort --no-duplicates, eller kör 'forbattra duplicates --precise'") in r.stderr.splitlines()
    r = run(runner, ["classify", src, "-o", str(tmp_path / "u.jsonl")])
    assert r.exit_code == 0 and "--precise" not in r.stderr, r.stderr


def test_a_run_with_most_suggestions_in_one_theme_is_warned_about(runner, data_dir, tmp_path):
    """More than 60 % of at least 30 suggestions with one theme (not the fallback): a warning, exit 0."""
    texts = ["Höj lönerna för undersköterskorna", "Vi behöver högre lön", "Lönen är för låg för nattpersonalen",
             "Bättre löneutveckling för erfarna", "Löneökning till alla vårdbiträden"]
    rows = "\n".join(f"{i};Enhet {i % 4};{texts[i % 5]} ({i})" for i in range(40))
    (tmp_path / "lon.csv").write_text("id;enhet;förslag\n" + rows + "\n", encoding="utf-8")
    r = run(runner, ["classify", str(tmp_path / "lon.csv"), "-o", str(tmp_path / "lon.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert "av förslagen fick temat 'Rekrytering och bemanning'" in r.stderr
    r = run(runner, ["classify", str(tmp_path / "lon.csv"), "--lang", "en", "-o", str(tmp_path / "lon2.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert "of the suggestions got the theme 'Recruitment and staffing'" in r.stderr, r.stderr  # (not its Swedish label)
    sample = Path(__file__).parents[1] / "sample_data" / "forslag.csv"  # varied suggestions: no warning
    r = run(runner, ["classify", str(sample), "-o", str(tmp_path / "f.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert "fick temat" not in r.stderr


def test_one_theme_counts_as_a_second_theme_too(monkeypatch):
    """A theme on 80 % of the suggestions, the main theme of only half of them, is one theme everywhere."""
    import types

    import pandas as pd

    import forbattra.cli.classify as cmd
    from forbattra.analysis.summary import theme_summary
    from forbattra.record import TEXT
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy("standard")
    themes = [["arbetssatt"]] * 20 + [["ekonomi", "arbetssatt"]] * 12 + [["it"]] * 8
    frame = pd.DataFrame({"themes": themes, TEXT: ["text"] * len(themes)}, dtype=object)
    said = []
    monkeypatch.setattr(cmd, "warn", lambda key, **fields: said.append((key, fields)))
    result = types.SimpleNamespace(summary=theme_summary(frame, tax), classifier=types.SimpleNamespace(taxonomy=tax))
    cmd._warn_one_theme(result, "sv")
    assert said and said[0][1]["share"] == 0.8
    assert [said[0][1]["theme"].render(lg) for lg in ("sv", "en")] == [tax.label("arbetssatt"), tax.label("arbetssatt", "en")]


def test_evaluate_leaves_out_unlabelled_rows_and_reads_labels_as_train_does(runner, tmp_path):
    import csv as csvmod

    sample = Path(__file__).parents[1] / "sample_data" / "markt.csv"
    rows = list(csvmod.reader(sample.open(encoding="utf-8"), delimiter=";"))
    k = rows[0].index("teman")
    half = [rows[0]] + [r[:k] + [""] + r[k + 1:] for r in rows[1:41]] + rows[41:]
    only = [rows[0]] + rows[41:]
    for name, table in (("half.csv", half), ("only.csv", only)):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as fh:
            csvmod.writer(fh, delimiter=";").writerows(table)
    a = run(runner, ["evaluate", str(tmp_path / "half.csv"), "--json"])
    b = run(runner, ["evaluate", str(tmp_path / "only.csv"), "--json"])
    assert a.exit_code == 0 and b.exit_code == 0, a.stderr
    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    assert ja["unlabelled"] == 40 and jb["unlabelled"] == 0
    assert ja["micro_f1"] == jb["micro_f1"] and ja["n"] == jb["n"] == len(rows) - 41
    # labels written out, upper case, ';' between them; a bad one named by the row Excel shows
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy("standard")
    spelled = [rows[0]] + [r[:k] + [";".join(tax.label(t).upper() for t in r[k].split("|"))] + r[k + 1:]
                           for r in rows[1:]]
    spelled[3][k] = "lokalerX"
    with (tmp_path / "spelled.csv").open("w", encoding="utf-8", newline="") as fh:
        csvmod.writer(fh, delimiter=";").writerows(spelled)
    c = run(runner, ["evaluate", str(tmp_path / "spelled.csv")])
    assert c.exit_code == 3 and "'lokalerX' (rad 4; menade du 'Lokaler och fysisk miljö'?)" in c.stderr
    spelled[3][k] = rows[3][k]
    with (tmp_path / "spelled.csv").open("w", encoding="utf-8", newline="") as fh:
        csvmod.writer(fh, delimiter=";").writerows(spelled)
    d = run(runner, ["evaluate", str(tmp_path / "spelled.csv"), "--json"])
    assert d.exit_code == 0, d.stderr
    assert json.loads(d.stdout)["micro_f1"] == json.loads(run(runner, ["evaluate", str(sample), "--json"]).stdout)["micro_f1"]


def test_macro_f1_counts_a_theme_that_is_predicted_but_never_labelled():
    """Macro-F1 averages over the themes labelled or predicted (scikit-learn's default): a theme the classifier
    gives rows that no row is labelled with has F1 0 and counts; only themes neither labelled nor predicted are
    left out."""
    from forbattra.scoring.evaluation import evaluate
    from forbattra.taxonomy import load_taxonomy

    gold = [["ekonomi"], ["ekonomi"], ["lokaler"], ["lokaler"]]
    pred = [["ekonomi"], ["it"], ["lokaler"], ["lokaler"]]
    report = evaluate(gold, pred, load_taxonomy("standard"))
    assert report["per_theme"]["it"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert report["micro_f1"] == 0.75
    assert report["macro_f1"] == 0.5556  # (2/3 + 1 + 0) / 3, as f1_score(average="macro") gives


def test_forbattra_version_in_the_environment_does_not_stop_a_job(runner, data_dir, tmp_path):
    """Every option has its FORBATTRA_<OPTION> variable; --version's must not make each command a no-op."""
    out = tmp_path / "v.jsonl"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out)], env={"FORBATTRA_VERSION": "1"})
    assert r.exit_code == 0, r.stderr
    assert out.exists() and "forbattra 0." not in r.stdout
    assert run(runner, ["--version"]).stdout.startswith("forbattra ")
    assert "FORBATTRA_VERSION" not in run(runner, ["--help"]).stdout  # not offered where it is not read


def test_usage_errors_are_json_with_log_format_json(tmp_path):
    """README: with --log-format json every message is one JSON object, a usage error (exit 2) too."""
    src = tmp_path / "f.csv"
    src.write_text("Förslag\nFler vikarier\n", encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", "--log-format", "json", "duplicates", str(src),
                        "--threshold", "hög"], capture_output=True, text=True, env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["event"] == "err_usage" and "hög" in json.loads(lines[0])["message"]


def test_a_verbose_traceback_is_one_json_line_with_log_format_json(tmp_path):
    """-v --log-format json printed the traceback as ~30 raw lines among the JSON objects."""
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", "-v", "--log-format", "json", "classify",
                        str(tmp_path / "finns-inte.csv"), "-o", str(tmp_path / "x.jsonl")], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 3
    lines = [json.loads(line) for line in r.stderr.strip().splitlines()]
    assert [x["event"] for x in lines] == ["traceback", "err_no_path"]
    assert lines[0]["traceback"].startswith("Traceback (most recent call last):")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_json_log_lines_stay_json_in_a_log_that_is_not_utf8(tmp_path, encoding):
    """A scheduled job's log in the system's encoding (Windows Task Scheduler: cp1252; an old Latin-1 locale): a
    character the log cannot hold (a Forms question's emoji) was written as Python's '\\U0001f4a1', which is no
    JSON escape, so the line did not parse. Now it is JSON's own escape; what the encoding holds (å/ä/ö) stays
    as it is."""
    import os

    src = tmp_path / "forms.csv"
    src.write_text("Enhet;Ditt förslag \U0001f4a1\nHemtjänst Norr;Vi behöver fler vikarier på helgerna\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORBATTRA_", "LC_", "LANG"))}
    env["PYTHONIOENCODING"] = encoding
    r = subprocess.run([sys.executable, "-m", "forbattra", "--log-format", "json", "classify", str(src),
                        "-o", str(tmp_path / "ut.jsonl")], capture_output=True, env=env)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stderr.decode(encoding).splitlines()]
    columns = next(x for x in lines if x["event"] == "columns")
    assert columns["roles"] == "text='Ditt förslag \U0001f4a1', enhet='Enhet'"
    assert "Ditt förslag \\ud83d\\udca1" in r.stderr.decode(encoding)  # (å/ä/ö as they are)


def test_a_terminal_table_in_a_log_that_cannot_hold_a_character_is_no_internal_error(tmp_path, data_dir):
    """Windows' Task Scheduler writes standard output in cp1252: a theme label with a character outside it
    ("≥") ended classify and taxonomy show with "internt fel: UnicodeEncodeError" (exit 1). The character is
    written as standard error writes one it cannot hold (\\u2265); the run succeeds."""
    import os

    tax = tmp_path / "tax.yaml"
    tax.write_text((data_dir / "taxonomy_small.yaml").read_text(encoding="utf-8").replace(
        "label: Lokaler\n", 'label: "Lokaler ≥ 20 °C"\n'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORBATTRA_", "LC_", "LANG"))}
    env["PYTHONIOENCODING"] = "cp1252"
    for args in (["classify", str(data_dir / "forslag_cp1252.csv"), "--taxonomy", str(tax), "-o", str(tmp_path / "u.jsonl")],
                 ["taxonomy", "show", str(tax)]):
        r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, env=env)
        assert r.returncode == 0, r.stderr.decode("cp1252")
        assert "Lokaler \\u2265 20 °C" in r.stdout.decode("cp1252")


def test_a_bad_config_value_is_a_config_error_naming_the_file_and_key(runner, data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forbattra.toml").write_text('[duplicates]\nthreshold = "hög"\n', encoding="utf-8")
    r = run(runner, ["duplicates", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "d.jsonl")])
    assert r.exit_code == 4 and "forbattra.toml: [duplicates] threshold = 'hög' duger inte" in r.stderr


def test_options_whose_flag_differs_from_their_name_follow_the_documented_names(runner, data_dir, tmp_path, monkeypatch):
    """Config keys and FORBATTRA_<COMMAND>_<OPTION> use the flag: [report] date, FORBATTRA_EVALUATE_JSON."""
    monkeypatch.chdir(tmp_path)
    sample = Path(__file__).parents[1] / "sample_data"
    (tmp_path / "forbattra.toml").write_text('[report]\ndate = "2026-02-02"\n', encoding="utf-8")
    r = run(runner, ["report", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert "2026-02-02" in (tmp_path / "r.md").read_text(encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(sample / "markt.csv")], env={"FORBATTRA_EVALUATE_JSON": "1"})
    assert r.exit_code == 0 and json.loads(r.stdout)["n"] > 0


def test_every_option_and_command_help_has_a_swedish_text():
    """--help is Swedish by default: a help text missing from the table shows English in a Swedish run."""
    import typer

    from forbattra.cli.help_sv import HELP_SV

    missing = []

    def walk(cmd, prefix=""):
        for name, sub in getattr(cmd, "commands", {}).items():
            for p in sub.params:
                if getattr(p, "help", None) and p.help not in HELP_SV:
                    missing.append(f"{prefix}{name} {p.name}")
            walk(sub, f"{prefix}{name} ")

    walk(typer.main.get_command(app))
    assert not missing, missing


def test_a_bad_date_in_the_config_file_is_a_config_error(runner, data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forbattra.toml").write_text('[report]\nsince = "jan"\n', encoding="utf-8")
    r = run(runner, ["report", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 4 and "[report] since = 'jan' duger inte" in r.stderr and "ÅÅÅÅ-MM-DD" in r.stderr


@pytest.mark.parametrize("name, text", [
    ("forbattra.toml", "[report]\ndate = 2026-12-01\nsince = 2020-01-01\nuntil = 2030-12-31\n"),
    ("forbattra.yaml", "report:\n  date: 2026-12-01\n  since: 2020-01-01\n  until: 2030-12-31\n")])
def test_a_date_written_as_a_date_in_the_config_file_is_taken(runner, data_dir, tmp_path, name, text):
    """TOML and YAML read 2026-12-01 unquoted as a date: `[report] date = 2026-12-01` (README: every option in the
    file, `[report] date`) was refused with "write it in quotes", exit 4, for the one kind of value the option
    takes. A date and time is still no day."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run(runner, ["report", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert "2026-12-01" in (tmp_path / "r.md").read_text(encoding="utf-8")
    (tmp_path / name).write_text(text.replace("2026-12-01", "2026-12-01T02:30:00"), encoding="utf-8")
    r = run(runner, ["report", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "r2.md")])
    assert r.exit_code == 4 and "[report] date =" in r.stderr and not (tmp_path / "r2.md").exists(), r.stderr


@pytest.mark.parametrize("name, text", [("forbattra.toml", "[classify]\nsheet = 2\n"),
                                        ("forbattra.yaml", "classify:\n  sheet: 2\n")])
def test_a_sheet_number_in_the_config_file_is_taken(runner, data_dir, tmp_path, name, text):
    """`--sheet NAME|NUMBER`: `sheet = 2` in the config file was refused ("write it in quotes", exit 4) where
    `--sheet 2` and FORBATTRA_CLASSIFY_SHEET=2 read the second sheet. (A number for a file, `store = 5`, is
    still refused.)"""
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_titlerows.xlsx"), "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 0, r.stderr
    (tmp_path / name).write_text(text.replace("2", "1"), encoding="utf-8")  # the first sheet: the title sheet
    r = run(runner, ["classify", str(data_dir / "forslag_titlerows.xlsx"), "-o", str(tmp_path / "y.jsonl")])
    assert r.exit_code == 3 and "bladet 'Info'" in r.stderr, r.stderr
    (tmp_path / name).write_text(text.replace("2", "true"), encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_titlerows.xlsx"), "-o", str(tmp_path / "y.jsonl")])
    assert r.exit_code == 4 and "[classify] sheet =" in r.stderr and not (tmp_path / "y.jsonl").exists(), r.stderr


def test_a_yaml_section_with_every_key_commented_out_is_an_empty_section(runner, data_dir, tmp_path):
    """In YAML a section whose keys are all commented out (an option switched off for a night) reads as no value:
    the job stopped with exit 4, "[classify]: expected lines of the form option = value", where TOML's empty
    [classify] is taken. A section that is a list or a text is still refused."""
    (tmp_path / "forbattra.yaml").write_text("classify:\n  # out: teman.xlsx\n  # min_confidence: 0.5\n"
                                             "report:\n  lang: en\n", encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "x.jsonl").is_file()
    (tmp_path / "forbattra.yaml").write_text("classify: teman.xlsx\n", encoding="utf-8")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "y.jsonl")])
    assert r.exit_code == 4 and "[classify]" in r.stderr and not (tmp_path / "y.jsonl").exists(), r.stderr


def test_relative_paths_in_a_config_file_are_beside_it(runner, data_dir, tmp_path, monkeypatch):
    """A nightly job started in another folder: model, out and store named relative to the config file
    are found beside it; built-in names, 'none' and URLs are left alone."""
    job = tmp_path / "jobb"
    job.mkdir()
    elsewhere = tmp_path / "annan"
    elsewhere.mkdir()
    (job / "forbattra.toml").write_text('[classify]\ntaxonomy = "huset"\nmodel = "none"\nout = ["ut.jsonl"]\n'
                                        'store = "historik.db"\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 0, r.stderr
    assert (job / "ut.jsonl").is_file() and (job / "historik.db").is_file() and not list(elsewhere.iterdir())
    assert "Taxonomi 'huset'" in r.stderr


def test_the_taxonomy_file_of_taxonomy_show_and_validate_in_a_config_file_is_beside_it(runner, data_dir, tmp_path,
                                                                                       monkeypatch):
    """[taxonomy.validate] path = "teman.yaml" (a nightly job that checks the taxonomy before classify) and
    [taxonomy.show] name = "teman.yaml" were looked for in the folder the job started in — 'taxonomy
    'teman.yaml' not found', exit 4 — while [classify] taxonomy = "teman.yaml" in the same file is found beside
    it, as the README says of every file in a config file. A built-in name stays a name."""
    import shutil

    job, elsewhere = tmp_path / "jobb", tmp_path / "annan"
    job.mkdir()
    elsewhere.mkdir()
    shutil.copy(data_dir / "taxonomy_small.yaml", job / "teman.yaml")
    (job / "forbattra.toml").write_text('[taxonomy.validate]\npath = "teman.yaml"\n\n[taxonomy.show]\nname = "teman.yaml"\n',
                                        encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "taxonomy", "validate"])
    assert r.exit_code == 0 and r.stdout.startswith("OK: "), r.output
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "taxonomy", "show"])
    assert r.exit_code == 0 and "lokaler" in r.stdout, r.output
    (job / "forbattra.toml").write_text('[taxonomy.show]\nname = "huset"\n', encoding="utf-8")
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "taxonomy", "show"])
    assert r.exit_code == 0 and "bottenplatta" in r.stdout, r.output


def test_a_home_path_in_a_config_file_is_the_home_folder(runner, data_dir, tmp_path, monkeypatch):
    """out = "~/teman/ut.jsonl", store = "~/teman/historik.db": the user's home folder, as the same words on the
    command line mean; they became a folder literally named "~" beside the config file (one that
    'rm -r ~' on the way to clean up deletes the home folder instead)."""
    job, home = tmp_path / "jobb", tmp_path / "hem"
    job.mkdir()
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    (job / "forbattra.toml").write_text('[classify]\nout = ["~/teman/ut.jsonl"]\nstore = "~/teman/historik.db"\n',
                                        encoding="utf-8")
    (home / "teman").mkdir()
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "classify", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in (home / "teman").iterdir()) == ["historik.db", "ut.jsonl"]
    assert sorted(p.name for p in job.iterdir()) == ["forbattra.toml"]


@pytest.mark.parametrize("line", ['inputs = ["forslag.csv"]', 'inputs = "forslag.csv"'])
def test_report_s_inputs_in_a_config_file_are_taken_and_found_beside_it(runner, data_dir, tmp_path, monkeypatch, line):
    """[report] inputs is among the keys a config error lists, but no value was taken: a list was 'not a text',
    a text 'Value must be an iterable'. Now one file or a list, relative to the config file, as [classify]
    input and store are (a nightly job's store: inputs = ["historik.db"])."""
    import shutil

    job = tmp_path / "jobb"
    job.mkdir()
    shutil.copy(data_dir / "forslag_cp1252.csv", job / "forslag.csv")
    elsewhere = tmp_path / "annan"
    elsewhere.mkdir()
    (job / "forbattra.toml").write_text(f'[report]\n{line}\nout = ["rapport.md"]\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "report"])
    assert r.exit_code == 0, r.stderr
    assert (job / "rapport.md").is_file() and not list(elsewhere.iterdir())
    # the command line's inputs win over the file's
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "report", str(data_dir / "forslag_cp1252.csv")])
    assert r.exit_code == 0 and str(data_dir / "forslag_cp1252.csv") in r.stderr, r.stderr


def test_extract_s_documents_in_a_config_file_are_taken(runner, tmp_path, monkeypatch):
    job = tmp_path / "jobb"
    (job / "rapporter").mkdir(parents=True)
    (job / "rapporter" / "grupp.md").write_text("# Förslag\n\n- Inför digital signering av avtal\n"
                                                "- Fler vikarier till sommaren i hemtjänsten\n", encoding="utf-8")
    (job / "forbattra.toml").write_text('[extract]\ndocs = "rapporter"\nout = "forslag.jsonl"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["--config", str(job / "forbattra.toml"), "extract"])
    assert r.exit_code == 0, r.stderr
    assert len((job / "forslag.jsonl").read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("command", ["classify", "duplicates", "discover", "report"])
def test_an_output_named_twice_is_refused_before_any_work(runner, data_dir, tmp_path, command):
    """'-o x.xlsx -o x.xlsx' (a slip, perhaps for another name): one line, exit 3, nothing written."""
    out = tmp_path / "x.xlsx"
    r = run(runner, [command, str(data_dir / "forslag_cp1252.csv"), "-o", str(out), "-o", str(tmp_path / "." / "x.xlsx")])
    assert r.exit_code == 3, r.stderr
    assert "två gånger" in r.stderr and not out.exists()


def test_the_terminal_table_follows_the_message_language(tmp_path):
    """FORBATTRA_LANG=en (messages in English, files in Swedish): the themes table on the terminal is English
    throughout — headings, theme labels and assessments — not English title over Swedish rows."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    r = subprocess.run([sys.executable, "-m", "forbattra", "classify", str(sample), "-o", str(tmp_path / "x.csv")],
                       capture_output=True, text=True, env={**env, "FORBATTRA_LANG": "en", "COLUMNS": "200"})
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert "Assessment" in out and "Finance and resources" in out and "several units" in out, out
    assert "Bedömning" not in out and "Ekonomi och resurser" not in out
    assert "Tema-id" in (tmp_path / "x.csv").read_text(encoding="utf-8")  # the file stays Swedish


def test_theme_labels_in_english_messages_are_english(runner, tmp_path):
    """--lang en: evaluate's table and train's list of valid themes name the themes in English."""
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "markt.csv"
    r = run(runner, ["evaluate", str(sample), "--label-column", "teman", "--lang", "en"])
    assert r.exit_code == 0, r.stderr
    assert "ekonomi (Finance and resources)" in r.stdout + r.stderr and "Ekonomi och resurser" not in r.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("text;teman\nFler datorer till eleverna;itt\nBättre wifi i hela huset;it\n", encoding="utf-8")
    r = run(runner, ["train", str(bad), "--label-column", "teman", "--taxonomy", "standard", "--out",
                     str(tmp_path / "m"), "--lang", "en"])
    assert r.exit_code == 3 and "ekonomi (Finance and resources)" in r.stderr, r.stderr


def test_default_output_names_and_a_draft_s_name_follow_the_run(runner, tmp_path, monkeypatch):
    # with --lang en and no -o: English file names, as classify's INPUT-themes.xlsx; a draft taxonomy is named
    # after its file, as taxonomy init names one
    import shutil

    src = tmp_path / "forslag.csv"
    shutil.copy(Path(__file__).parents[1] / "sample_data" / "forslag.csv", src)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["review", str(src), "--lang", "en", "--n", "5"]).exit_code == 0
    assert runner.invoke(app, ["report", str(src), "--lang", "en"]).exit_code == 0
    assert (tmp_path / "to_review.xlsx").exists() and (tmp_path / "report.html").exists()
    assert not (tmp_path / "att_granska.xlsx").exists() and not (tmp_path / "rapport.html").exists()
    r = runner.invoke(app, ["discover", str(src), "--lang", "en", "-o", str(tmp_path / "k.jsonl"),
                            "--taxonomy-out", str(tmp_path / "new themes.yaml")])
    assert r.exit_code == 0, r.stderr
    assert "name: new-themes\n" in (tmp_path / "new themes.yaml").read_text(encoding="utf-8")


def test_evaluate_help_says_the_labels_choose_the_taxonomy(runner):
    """evaluate without --taxonomy takes the built-in taxonomy the labels name (huset's rooms: huset), not
    'standard' as the --taxonomy help of classify says."""
    import typer

    from forbattra.cli.help_sv import HELP_SV

    r = runner.invoke(app, ["evaluate", "--help"])
    assert "else the built-in one whose themes the labels are" in " ".join(r.stdout.split()), r.stdout
    taxonomy = next(p for p in typer.main.get_command(app).commands["evaluate"].params if p.name == "taxonomy")
    assert HELP_SV[taxonomy.help].endswith("annars den inbyggda vars teman etiketterna är.")


def test_report_help_says_a_classified_file_keeps_its_taxonomy_and_themes(runner):
    """report of a workbook classify sorted with huset reports huset's rooms, and its --min-confidence sorts only a
    raw export (README, Reports), but its --help, classify's, said "Default: … else standard" and "default: tuned per
    theme by the model", true of a raw export alone."""
    import typer

    from forbattra.cli.help_sv import HELP_SV

    r = runner.invoke(app, ["report", "--help"])
    said = " ".join(r.stdout.split())
    assert "Default: the one a classified file or the store was sorted with; for a raw export, the one stored with " \
           "--model, else standard." in said, r.stdout
    assert "when the report classifies a raw export" in said and "A classified file or store keeps its themes." in said
    params = {p.name: p for p in typer.main.get_command(app).commands["report"].params}
    assert HELP_SV[params["taxonomy"].help].startswith(
        "Inbyggd taxonomi (standard, huset) eller en YAML-fil. Om inget anges: den som en klassificerad fil eller "
        "historiken sorterades med;")
    assert HELP_SV[params["min_confidence"].help].endswith("En klassificerad fil eller historik behåller sina teman.")


def test_evaluate_finds_the_taxonomy_its_labels_name_and_leaves_out_what_only_a_person_sets(runner, tmp_path):
    """Labels that are huset's rooms are evaluated with huset without --taxonomy; rows labelled only Garage
    (a theme a person sets, never the classifier) are said and left out, and Garage has no row of figures."""
    import json

    src = tmp_path / "h.csv"
    src.write_text("text;rum\nMer utbildning i lågaffektivt bemötande;Personal och kompetens\n"
                   "Fler vikarier på helgerna behövs;personal_kompetens\nVi borde ha en egen bastu;Garage\n"
                   "Bättre ventilation på avdelningen;bjalklag\nTa fram rutin för överlämning;processer\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(src), "--label-column", "rum", "--json"])
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["n"] == 4 and report["manual_only"] == 1 and "garage" not in report["per_theme"]
    assert report["per_theme"]["personal_kompetens"]["support"] == 2
    r = runner.invoke(app, ["evaluate", str(src), "--label-column", "rum"])
    assert r.exit_code == 0 and "1 rad märkt bara med 'Garage (parkerade idéer)' är inte med" in r.stdout


def test_evaluate_errors_say_how_to_fix_them(runner, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text("text;kat\nLaga gungorna;Gata och park\nHöj lönen;Lön\nBättre mat;Mat\n", encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(own), "--label-column", "kat"])
    assert r.exit_code == 3 and "ange modellen du tränade på dem (--model MAPP)" in r.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("text;kat\nLaga gungorna;\nHöj lönen;\n", encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(empty), "--label-column", "kat"])
    assert r.exit_code == 3 and f"{empty}: kolumnen 'kat' har inga etiketter; ange kolumnen" in r.stderr
    # a label that is no theme of the taxonomy (or model) given: named with its row, and how to fix it
    typo = tmp_path / "typo.csv"
    typo.write_text("text;teman\nFler vikarier;personal\nVentilationen är dålig;lokalr\n", encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(typo), "--taxonomy", "standard"])
    assert r.exit_code == 3 and "'lokalr' (rad 3; menade du 'Lokaler och fysisk miljö'?)" in r.stderr, r.stderr
    assert "skriv temats id eller etikett i de cellerna (flera åtskilda med |), eller töm dem" in r.stderr, r.stderr
    r = runner.invoke(app, ["evaluate", str(typo), "--model", "none", "--lang", "en"])
    assert r.exit_code == 3 and "'lokalr' (row 3; did you mean 'Premises and physical environment'?)" in r.stderr, r.stderr
    assert "write the theme's id or label in those cells (several separated by |), or clear them" in r.stderr


def test_an_unknown_label_written_in_other_case_or_spacing_is_named_once(runner, tmp_path):
    """'Fikarummet', 'fikarummet' and 'FIKARUMMET ' were named as three unknown themes, each with its row, taking
    three of the eight the error names while others went unnamed ('och 2 till'). One label in any case and spacing
    is one unknown theme, named as first written with its first row, as a theme is found in any case."""
    own = tmp_path / "egen.yaml"
    own.write_text("name: egen\nthemes:\n  - id: lon\n    label: Lön\n    keywords: [lön]\n  - id: ovrigt\n    label: Övrigt\n",
                   encoding="utf-8")
    src = tmp_path / "m.csv"
    src.write_text("text;kat\nMer fika på fredagar;Fikarummet\nBättre kaffe i automaten;fikarummet\n"
                   "Kakor till personalmötet;FIKARUMMET \nBullar på onsdagarna också;Fika  rummet\n"
                   "Höj lönen för nattarbete;Lön\nFler parkeringsplatser vid huset;Parkering\n", encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(src), "-l", "kat", "--taxonomy", str(own), "--model", "none"])
    assert r.exit_code == 3, r.stderr
    assert f"Fel: {src}: kolumnen 'kat': okända teman 'Fikarummet' (rad 2), 'Fika rummet' (rad 5), 'Parkering' (rad 7) " \
           "för taxonomin 'egen'" in r.stderr, r.stderr


# a taxonomy of two themes whose labels hold a separator ('Lön; övertid', 'IT | system')
SEPARATOR_LABELS = ("name: egen\nthemes:\n  - id: lon\n    label: Lön; övertid\n    keywords: [lön]\n"
                    "  - id: it\n    label: IT | system\n    keywords: [dator]\n  - id: ovrigt\n    label: Övrigt\n")


def test_a_label_holding_a_separator_names_its_theme_written_whole(runner, tmp_path):
    """A theme labelled 'IT | system' (or 'Lön; övertid'), written whole in a label cell, was split at its '|' into
    'IT' and 'system' and refused: "unknown themes 'system' (row 3; did you mean 'IT | system'?)" — the label the
    cell holds. A cell that is one theme's label, whole, names that theme; cells of several themes split as before."""
    tax = tmp_path / "egen.yaml"
    tax.write_text(SEPARATOR_LABELS, encoding="utf-8")
    src = tmp_path / "m.csv"
    src.write_text("text,teman\nHögre lön för helgarbete behövs,Lön; övertid\nDatorerna är för långsamma,IT | system\n"
                   "Datorn och lönen krånglar,it|lon\nMer fika på fredagarna,Övrigt\n", encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(src), "--taxonomy", str(tax), "--model", "none", "--json"])
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["n"] == 4 and report["unlabelled"] == 0
    assert {t: m["support"] for t, m in report["per_theme"].items()} == {"lon": 2, "it": 2, "ovrigt": 1}


def test_a_correction_holding_a_label_with_a_separator_trains_that_theme(runner, tmp_path):
    """The same for 'Rättat tema': a correction 'IT | system' typed into classify's workbook was split into 'IT' and
    'system' and refused by train --corrections (exit 3), though it is the label of one theme the workbook offers."""
    openpyxl = pytest.importorskip("openpyxl")
    tax = tmp_path / "egen.yaml"
    tax.write_text(SEPARATOR_LABELS, encoding="utf-8")
    src, out = tmp_path / "f.csv", tmp_path / "t.xlsx"
    src.write_text("text\n" + "".join(f"Datorerna är för långsamma på avdelning {i}\nHögre lön för helg {i}\n"
                                       for i in range(12)), encoding="utf-8")
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out),
                               "--no-duplicates"]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Förslag"]
    k = [c.value for c in ws[1]].index("Rättat tema") + 1
    for row in range(2, 26):
        ws.cell(row, k, "IT | system" if row % 2 == 0 else "Lön; övertid")
    wb.save(out)
    r = runner.invoke(app, ["train", "--corrections", str(out), "--taxonomy", str(tax), "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.stderr
    assert "Tränade på 24 förslag" in r.stderr, r.stderr


def test_evaluate_leaves_out_labelled_rows_without_text_as_train_does(runner, tmp_path):
    """A labelled row whose suggestion is empty (a blank answer labelled Övrigt, a text lost in the export) is
    nothing the classifier decided: evaluate counted it — right for 'ovrigt', wrong for 'it' — while train says
    it cannot be used. It is left out of every figure and said with its row."""
    src = tmp_path / "e.csv"
    src.write_text("text;teman\nVi behöver fler vikarier;personal\n;ovrigt\nVentilationen är dålig;lokaler\n;it\n"
                   "Datorerna är för gamla;it\n", encoding="utf-8")
    full = tmp_path / "f.csv"
    full.write_text("text;teman\nVi behöver fler vikarier;personal\nVentilationen är dålig;lokaler\n"
                    "Datorerna är för gamla;it\n", encoding="utf-8")
    r = run(runner, ["evaluate", str(src), "--json"])
    assert r.exit_code == 0, r.stderr
    report, same = json.loads(r.stdout), json.loads(run(runner, ["evaluate", str(full), "--json"]).stdout)
    assert report["n"] == 3 and report["no_text"] == 2 and report["no_text_rows"] == [3, 5] and report["unlabelled"] == 0
    assert {k: v for k, v in report.items() if not k.startswith("no_text")} == same and "no_text" not in same
    assert report["per_theme"]["ovrigt"]["support"] == 0 and report["per_theme"]["it"]["support"] == 1
    r = run(runner, ["evaluate", str(src)])
    assert "2 märkta rader utan förslagstext är inte med i måtten (rader 3, 5)" in r.stdout, r.stdout
    r = run(runner, ["evaluate", str(src), "--lang", "en"])
    assert "2 labelled rows without suggestion text are left out of the figures (rows 3, 5)" in r.stdout, r.stdout
    # only rows without text labelled: the text column is the wrong one
    empty = tmp_path / "x.csv"
    empty.write_text("text;teman\n;personal\n;it\nFler parkeringsplatser;\n", encoding="utf-8")
    r = run(runner, ["evaluate", str(empty)])
    assert r.exit_code == 3 and "Traceback" not in r.stderr, r.stderr
    assert f"{empty}: de 2 märkta raderna har ingen förslagstext; ange kolumnen med förslagen med --text-column" \
        in r.stderr, r.stderr


def test_evaluate_of_labels_that_are_all_garage_says_so(runner, tmp_path):
    src = tmp_path / "g.csv"
    src.write_text("text;rum\nVi borde ha en egen bastu;Garage\nEn båt till personalen;Garage (parkerade idéer)\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(src), "--label-column", "rum", "--taxonomy", "huset"])
    assert r.exit_code == 3 and "alla 2 märkta rader i kolumnen 'rum' har bara 'Garage (parkerade idéer)'" in r.stderr


def test_a_date_in_a_year_no_suggestion_has_is_noted_as_a_slip_of_the_year(runner, tmp_path):
    src = tmp_path / "d.csv"
    src.write_text("id;Datum;Förslag\n1;2025-05-02;Fler vikarier\n2;2205-05-14;Nya datorer\n3;2025/13/45;Mer tid\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "2 datum i kolumnen 'Datum'" in r.stderr and "rätta året" in r.stderr, r.stderr
    dates = [json.loads(ln)["date"] for ln in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert dates == ["2025-05-02", None, None]


def test_the_date_note_says_which_fix_each_unread_date_needs(runner, tmp_path):
    src = tmp_path / "d.csv"
    src.write_text("id;Datum;Förslag\n1;1899-12-31;Fler vikarier\n2;2024-02-30;Nya datorer\n3;2024-03-01;Mer tid\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "rätta året där det är före 1970 eller efter 2099, och skriv de andra" in r.stderr, r.stderr


def _locked(monkeypatch, locked: Path) -> None:
    """As for a user without read permission on ``locked`` (a file chmod 000; the tests may run as root,
    who reads everything): opening it fails and ``os.access`` says no."""
    import os

    real_open, real_access = Path.open, os.access

    def open_(self, *args, **kwargs):
        if Path(os.path.abspath(self)) == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: Path(os.path.abspath(p)) != locked
                        and real_access(p, mode, *a, **k))


@pytest.mark.parametrize("args", [
    ["classify", "LOCKED", "-o", "x.jsonl"],
    ["discover", "LOCKED", "-o", "k.xlsx"],
    ["duplicates", "LOCKED", "-o", "d.xlsx"],
    ["review", "LOCKED", "-o", "g.xlsx"],
    ["report", "LOCKED", "-o", "r.html"],
    ["evaluate", "LOCKED", "--label-column", "teman"],
    ["train", "LOCKED", "--label-column", "teman", "--out", "m"],
    ["train", "--corrections", "LOCKED", "--out", "m"],
    ["taxonomy", "init", "t.yaml", "--from-labels", "LOCKED", "--label-column", "teman"],
])
def test_an_unreadable_input_is_an_input_error_not_a_usage_error(runner, tmp_path, monkeypatch, args):
    """A file the user may not read: one line naming it and what to do, exit 3 as the README's table says
    (the option parser's own check made it a usage error, exit 2)."""
    locked = tmp_path / "låst.csv"
    locked.write_text("id;Förslag\n1;Fler vikarier på helgerna\n", encoding="utf-8")
    _locked(monkeypatch, locked)
    r = run(runner, [str(locked) if a == "LOCKED" else a for a in args])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert r.stderr == (f"Fel: {locked}: kan inte läsa filen (Permission denied); kontrollera att du har "
                        "läsbehörighet till den (eller kopiera den till en mapp du kan läsa)\n")


def test_an_unreadable_document_and_folder_are_input_errors(runner, tmp_path, monkeypatch):
    doc = tmp_path / "rapport.md"
    doc.write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n", encoding="utf-8")
    _locked(monkeypatch, doc)
    r = run(runner, ["extract", str(doc), "-o", "p.jsonl"])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert r.stderr.startswith(f"Fel: {doc}: kan inte läsa filen (Permission denied); kontrollera")
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _locked(monkeypatch, folder)
    for cmd in (["classify", str(folder), "-o", "p.jsonl"], ["extract", str(folder), "-o", "p.jsonl"]):
        r = run(runner, cmd)
        assert r.exit_code == 3, (r.stdout, r.stderr)
        assert r.stderr == (f"Fel: {folder}: kan inte läsa mappen (åtkomst nekad); kontrollera att du har läsbehörighet "
                            "till den\n")


@pytest.mark.parametrize("command,suffixes", [
    ("classify", ".xlsx, .csv, .jsonl"), ("report", ".html, .htm, .xlsx, .md"), ("duplicates", ".xlsx, .csv, .jsonl"),
])
def test_an_output_that_is_a_folder_is_named_as_a_folder(runner, data_dir, tmp_path, command, suffixes):
    """'-o ut' where ut is a folder said 'unknown file format (-)'; it is a folder, and a file name is wanted:
    the example is a file in it named after the input."""
    folder = tmp_path / "ut"
    folder.mkdir()
    r = run(runner, [command, str(data_dir / "forslag_cp1252.csv"), "-o", str(folder)])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    first = suffixes.split(", ")[0]
    assert r.stderr.splitlines()[-1] == (f"Fel: {folder}: är en mapp, ingen fil; ange ett filnamn som slutar på "
                                         f"{suffixes} (t.ex. {folder / ('forslag_cp1252' + first)})")


@pytest.mark.parametrize("command,lang,name", [
    ("classify", "sv", "forslag-teman.xlsx"), ("duplicates", "sv", "forslag-dubbletter.xlsx"),
    ("duplicates", "en", "forslag-duplicates.xlsx"), ("discover", "sv", "forslag-kluster.xlsx"),
])
def test_a_folder_output_beside_a_workbook_suggests_no_overwrite_of_it(runner, data_dir, tmp_path, monkeypatch,
                                                                     command, lang, name):
    """'duplicates forslag.xlsx -o .' suggested 't.ex. forslag.xlsx': the input itself, which the next try refused
    ('skulle skriva över indatafilen'). The example is the command's own file beside it."""
    import shutil

    shutil.copy(data_dir / "forslag_titlerows.xlsx", tmp_path / "forslag.xlsx")
    monkeypatch.chdir(tmp_path)
    r = run(runner, [command, "forslag.xlsx", "-o", ".", "--lang", lang])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert r.stderr.splitlines()[-1].endswith(f".xlsx, .csv, .jsonl ({'t.ex.' if lang == 'sv' else 'e.g.'} {name})")


def test_a_folder_named_like_a_workbook_gets_an_example_with_one_suffix(runner, data_dir, tmp_path):
    """'-o ut.xlsx' where ut.xlsx is a folder suggested 'ut.xlsx/ut.xlsx.xlsx'."""
    folder = tmp_path / "ut.xlsx"
    folder.mkdir()
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(folder), "--lang", "en"])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert r.stderr.splitlines()[-1] == (f"Error: {folder}: is a folder, not a file; give a file name ending in "
                                         f".xlsx, .csv, .jsonl (e.g. {folder / 'forslag_cp1252.xlsx'})")


@pytest.mark.parametrize("lang,name", [("sv", "stdin-teman.xlsx"), ("en", "stdin-themes.xlsx")])
@pytest.mark.parametrize("given", ["ut", "ut.xlsx"])
def test_a_folder_output_for_standard_input_gets_the_pipes_own_file_name(runner, data_dir, tmp_path, lang, name,
                                                                        given):
    """'cat forslag.csv | forbattra classify - -o ut/' suggested 'ut/ut.xlsx': with no input file to name the
    example after, it was named after the folder. The example is now the file a run from standard input writes
    without -o (stdin-teman.xlsx), in that folder; nothing is read from the pipe and nothing written."""
    folder = tmp_path / given
    folder.mkdir()
    r = runner.invoke(app, ["classify", "-", "-o", f"{folder}/", "--lang", lang],
                      input=(data_dir / "forslag_cp1252.csv").read_bytes())
    assert r.exit_code == 3, (r.stdout, r.stderr)
    start = "Fel" if lang == "sv" else "Error"
    assert r.stderr.splitlines()[-1].startswith(f"{start}: {folder}: ")
    assert r.stderr.splitlines()[-1].endswith(f" {folder / name})")
    assert list(folder.iterdir()) == []


def test_an_ods_workbook_on_standard_input_is_not_said_to_be_named_xlsx(runner, tmp_path):
    """'forbattra classify - < enkat.ods' read the workbook with a note that it was 'en .ods-arbetsbok trots
    filändelsen .xlsx': standard input has no name, the copy of the pipe was named .xlsx for any zip, and the
    user went looking for an .xlsx they never gave. The copy is named for what the pipe holds."""
    import pandas as pd

    p = tmp_path / "enkat.ods"
    pd.DataFrame({"Id": ["1", "2"], "Förslag": ["Fler vikarier till sommaren", "Personalrummet är för litet"]}) \
        .to_excel(p, index=False, engine="odf")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", "-", "-o", str(out), "--no-duplicates"], input=p.read_bytes())
    assert r.exit_code == 0, r.stderr
    assert "(ods, blad 'Sheet1')" in r.stderr and ".xlsx" not in r.stderr
    assert [json.loads(x)["text"] for x in out.read_text(encoding="utf-8").splitlines()] == \
        ["Fler vikarier till sommaren", "Personalrummet är för litet"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_classify_summary_in_80_columns_keeps_every_theme_word_whole(runner, data_dir, tmp_path, monkeypatch, lang):
    """At 80 columns Rich shrank every column alike, the theme names to 10 characters ("Rekryteri…",
    "Arbetsmil…", "profession…") while the number columns kept room to spare; the numbers' columns now take
    what their longest word needs and the theme column the rest."""
    from forbattra.taxonomy import load_taxonomy

    monkeypatch.setenv("COLUMNS", "80")
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "t.jsonl"), "--lang", lang])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(map(len, lines)) <= 80 and "…" not in r.stdout
    cells = " ".join(line.split("│")[1] for line in lines if line.count("│") > 2)  # the theme column
    tax = load_taxonomy("standard")
    for tid in tax.ids:
        assert all(w in cells.split() for w in tax.label(tid, lang).split()), tax.label(tid, lang)


def test_json_on_standard_output_stays_json_where_the_output_is_not_utf8(tmp_path):
    """train --json and evaluate --json in a scheduled job whose standard output is cp1252 (Windows' Task
    Scheduler): a file name with an emoji, or a category with a letter cp1252 lacks (Sámi 'Č'), came out as
    Python's '\\U0001f4a1' / '\\u010d' fallback — '\\U…' is no JSON escape, so the metrics did not parse.
    Now a character the output cannot hold is JSON's own escape and the JSON reads back as written."""
    import os

    src = tmp_path / "förslag \U0001f4a1.csv"
    rows = [("Vi behöver fler vikarier till sommaren", "Personal"), ("Svårt att rekrytera sjuksköterskor", "Personal"),
            ("Bemanningen är för låg på helgerna", "Personal"), ("Ventilationen fungerar inte i lokalen", "Lokaler"),
            ("Personalrummet är för litet", "Lokaler"), ("Vi behöver fler samtalsrum", "Lokaler"),
            ("Samiska språket behöver synas mer i informationen", "Čoahkkin"),
            ("Information på samiska på hemsidan", "Čoahkkin"), ("Tolk till samiska vid möten", "Čoahkkin")]
    src.write_text("text;kategori\n" + "".join(f"{t} {i};{c}\n" for i in range(4) for t, c in rows), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORBATTRA_", "LC_", "LANG"))}
    env["PYTHONIOENCODING"] = "cp1252"
    model = tmp_path / "modell"
    for args in (["train", str(src), "-l", "kategori", "-o", str(model), "--folds", "3", "--json"],
                 ["evaluate", str(src), "-l", "kategori", "--model", str(model), "--json"]):
        r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, env=env)
        assert r.returncode == 0, r.stderr.decode("cp1252")
        out = json.loads(r.stdout.decode("cp1252"))
        if args[0] == "train":
            assert out["sources"] == {"../förslag \U0001f4a1.csv": 36}  # (relative to the model folder)
            assert "čoahkkin" in out["themes"]
            assert "förslag \\ud83d\\udca1.csv" in r.stdout.decode("cp1252")  # (ö as it is)
        else:
            assert out["per_theme"]["čoahkkin"]["support"] == 12


def test_square_brackets_and_colons_in_a_label_are_shown_as_written_in_the_terminal_tables(runner, data_dir, tmp_path):
    """A theme label is the user's text, not Rich markup: 'Lokaler [hus B]' showed as 'Lokaler' in the
    terminal's table, ':house:' as an emoji, '[b]…' turned bold, and a label with '[/]' ended classify (its
    files written), taxonomy show and evaluate with "internt fel: MarkupError" (exit 1)."""
    tax = tmp_path / "tax.yaml"
    tax.write_text((data_dir / "taxonomy_small.yaml").read_text(encoding="utf-8")
                   .replace("label: Lokaler\n", 'label: "Lokaler [hus B] :house:"\n')
                   .replace("label: Personal\n", 'label: "Personal [/] [b]nu[/b]"\n'), encoding="utf-8")
    labelled = tmp_path / "märkt.csv"
    labelled.write_text("text;teman\nVentilationen i lokalen fungerar inte;lokaler\nVi behöver fler vikarier;personal\n",
                        encoding="utf-8")
    for args in (["taxonomy", "show", str(tax)],
                 ["classify", str(data_dir / "forslag_cp1252.csv"), "--taxonomy", str(tax), "-o", str(tmp_path / "u.jsonl")],
                 ["evaluate", str(labelled), "--taxonomy", str(tax)]):
        r = run(runner, args)
        assert r.exit_code == 0, (args[0], r.stderr)
        assert "Lokaler [hus B] :house:" in r.stdout and "Personal [/] [b]nu[/b]" in r.stdout, r.stdout


def test_a_terminal_table_stays_aligned_where_the_output_cannot_hold_a_label(tmp_path, data_dir):
    """Standard output in cp1252 (Windows' Task Scheduler log): a label with an emoji was measured as the
    emoji (2 columns) and written as '\\U0001f3e0' (10), so its row stuck out past the table's border. The
    table is now laid out with the text as it is written: every line of it as wide as its border."""
    import os

    tax = tmp_path / "tax.yaml"
    tax.write_text((data_dir / "taxonomy_small.yaml").read_text(encoding="utf-8")
                   .replace("label: Lokaler\n", 'label: "Lokaler \U0001f3e0"\n')
                   .replace("label: Personal\n", 'label: "Personal ≥ 5"\n'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORBATTRA_", "LC_", "LANG"))}
    env.update(PYTHONIOENCODING="cp1252", COLUMNS="100")
    for args in (["taxonomy", "show", str(tax)],
                 ["classify", str(data_dir / "forslag_cp1252.csv"), "--taxonomy", str(tax), "-o", str(tmp_path / "u.jsonl")]):
        r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, env=env)
        assert r.returncode == 0, r.stderr.decode("cp1252")
        out = r.stdout.decode("cp1252")
        assert "Lokaler \\U0001f3e0" in out and "Personal \\u2265 5" in out
        table = [line for line in out.splitlines() if line[:1] in "+|"]
        assert len(table) > 4 and len({len(line) for line in table}) == 1, out


def test_taxonomy_show_and_evaluate_speak_the_language_of_the_messages(runner):
    """With the messages in English from LANG (no --lang) taxonomy show's table had English headings over the
    Swedish labels ('label' over 'Ekonomi och resurser'), and evaluate printed its Swedish table ('Per tema',
    'täckning') under English lines. Neither writes a file: their tables follow the messages, as classify's does."""
    sample = Path(__file__).parents[1] / "sample_data" / "markt.csv"
    env = {"LANG": "en_US.UTF-8", "FORBATTRA_LANG": "en"}
    r = runner.invoke(app, ["taxonomy", "show", "standard"], env=env)
    assert r.exit_code == 0 and "keywords" in r.stdout and "Finance and resources" in r.stdout, r.stdout
    assert "Ekonomi och resurser" not in r.stdout
    r = runner.invoke(app, ["evaluate", str(sample)], env=env)
    assert r.exit_code == 0 and "Per theme (n=" in r.stdout and "ekonomi (Finance and resources)" in r.stdout, r.stdout
    assert "Per tema" not in r.stdout and r.stderr.startswith("Read ")
    r = runner.invoke(app, ["evaluate", str(sample)])  # Swedish unchanged
    assert r.exit_code == 0 and "Per tema (n=" in r.stdout and "ekonomi (Ekonomi och resurser)" in r.stdout


def test_the_terminal_table_shows_each_share_as_the_workbook_does(runner, data_dir, tmp_path):
    """forslag_cp1252.csv has eight rows, so one suggestion of a theme is 12.5 %: the *Teman* sheet shows
    0.125 in Excel's '0%' format as 13 %, the terminal printed '12%' (Python rounds half to even)."""
    import openpyxl

    out = tmp_path / "t.xlsx"
    r = run(runner, ["classify", str(data_dir / "forslag_cp1252.csv"), "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    ws = openpyxl.load_workbook(out)["Teman"]
    head = [c.value for c in ws[1]]
    shares = [row[head.index("Andel av alla förslag")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert 0.125 in shares  # a share Excel rounds up and half-to-even rounds down
    table = [line for line in r.stdout.splitlines() if line.startswith("│")]
    shown = [cells[3].strip() for cells in (line.split("│") for line in table) if cells[2].strip()]
    assert shown == [f"{int(s * 100 + 0.5)} %" for s in shares]


def test_a_csv_of_ones_own_with_a_period_column_is_never_replaced_but_trends_table_is(runner, tmp_path, data_dir):
    """`trends -o budget.csv` (or any command's) onto someone's own budget.csv whose first column is "Period"
    replaced it without a word: a .csv was known as trends' table by its first header cell alone. Trends' table
    is "Period" and one column per theme label with whole-number counts: a .csv with other columns, or other
    values, is refused (exit 3, the file as it was); trends' own — in Swedish or English, re-saved by Excel, of a
    store sorted with one's own taxonomy — is still replaced."""
    import csv
    import io

    src, commands = _output_commands(runner, tmp_path, data_dir)
    for k, content in enumerate(["Period;Budget;Utfall\r\n2024-01;120000;118000\r\n2024-02;120000;121500\r\n",
                                 "Period;Konto;Belopp\r\n2024-01;Lokaler;12000\r\n",
                                 "Period,Personal och bemanning,Anteckning\r\n2024-01,3,ring Eva\r\n"]):
        mine = tmp_path / f"budget{k}.csv"
        mine.write_bytes(content.encode("utf-8-sig"))
        for argv in commands:
            r = run(runner, [*argv, "-o", str(mine)])
            assert r.exit_code == 3 and f"budget{k}.csv" in r.stderr and "inte skriven av forbattra" in r.stderr, \
                (argv, r.stderr)
            assert mine.read_bytes() == content.encode("utf-8-sig"), argv
    store, trends_csv = tmp_path / "h.db", tmp_path / "trender.csv"
    for lang, other in (("sv", "en"), ("en", "sv")):
        trends_csv.unlink(missing_ok=True)
        assert run(runner, ["trends", "--store", str(store), "-o", str(trends_csv), "--lang", lang]).exit_code == 0
        rows = list(csv.reader(io.StringIO(trends_csv.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
        assert rows[0][0] == "Period" and len(rows) > 1
        resaved = io.StringIO(newline="")
        csv.writer(resaved, delimiter=",").writerows(rows)
        trends_csv.write_bytes(resaved.getvalue().encode("cp1252", "replace"))  # Excel's "CSV (kommaavgränsad)"
        for argv in (["trends", "--store", str(store), "--lang", other], ["classify", str(src)]):
            r = run(runner, [*argv, "-o", str(trends_csv)])
            assert r.exit_code == 0, (argv, r.stderr)
            trends_csv.write_bytes(resaved.getvalue().encode("cp1252", "replace"))
    _trends_of_own_taxonomy_twice(runner, tmp_path, data_dir, src, trends_csv)  # (its labels are trends' columns)


def _trends_of_own_taxonomy_twice(runner, tmp_path, data_dir, src, out):
    """trends of a store sorted with one's own taxonomy written to ``out``, then again over it: both exit 0."""
    own = tmp_path / "egen.db"
    taxonomy = data_dir / "taxonomy_small.yaml"
    assert run(runner, ["classify", str(src), "--taxonomy", str(taxonomy), "--model", "none", "--store", str(own),
                        "-o", str(tmp_path / "egen.jsonl")]).exit_code == 0
    assert run(runner, ["trends", "--store", str(own), "-o", str(out)]).exit_code == 0
    r = run(runner, ["trends", "--store", str(own), "-o", str(out)])
    assert r.exit_code == 0, r.stderr


def test_a_jsonl_of_ones_own_with_a_period_key_is_never_replaced_but_trends_own_is(runner, tmp_path, data_dir):
    """`trends -o budget.jsonl` (or any command's) onto someone's own .jsonl whose first record starts with
    "Period" replaced it without a word: a .jsonl was known as trends' by its first key alone, where a .csv must
    be trends' whole table. The .jsonl check is now as strict: each record "Period" and one key per theme label
    with a whole-number count; other keys or values are refused (exit 3, the file as it was); trends' own — in
    Swedish or English, of a store sorted with one's own taxonomy — is still replaced."""
    src, commands = _output_commands(runner, tmp_path, data_dir)
    for k, content in enumerate(['{"Period": "2024-01", "Budget": 120000, "Utfall": 118000}\n',
                                 '{"Period": "2024-01", "Lokaler och fysisk miljö": 3}\n'
                                 '{"Period": "2024-02", "Lokaler och fysisk miljö": "ring Eva"}\n',
                                 '{"Period": "2024-01", "Övrigt": 2, "anteckning": "klar"}\n',
                                 '{"Period": "2024-01", "Övrigt": 2}\n{"datum": "2024-02-03", "text": "loggrad"}\n']):
        mine = tmp_path / f"budget{k}.jsonl"
        mine.write_text(content, encoding="utf-8")
        for argv in commands:
            r = run(runner, [*argv, "-o", str(mine)])
            assert r.exit_code == 3 and f"budget{k}.jsonl" in r.stderr and "inte skriven av forbattra" in r.stderr, \
                (argv, r.stderr)
            assert mine.read_text(encoding="utf-8") == content, argv
    store, trends_jsonl = tmp_path / "h.db", tmp_path / "trender.jsonl"
    for lang, other in (("sv", "en"), ("en", "sv")):
        trends_jsonl.unlink(missing_ok=True)
        assert run(runner, ["trends", "--store", str(store), "-o", str(trends_jsonl), "--lang", lang]).exit_code == 0
        before = trends_jsonl.read_bytes()
        assert json.loads(before.splitlines()[0])["Period"]
        for argv in (["trends", "--store", str(store), "--lang", other], ["classify", str(src)]):
            r = run(runner, [*argv, "-o", str(trends_jsonl)])
            assert r.exit_code == 0, (argv, r.stderr)
            trends_jsonl.write_bytes(before)
    _trends_of_own_taxonomy_twice(runner, tmp_path, data_dir, src, trends_jsonl)  # (its labels are trends' keys)


@pytest.mark.parametrize("source", ["forslag_titlerows.xlsx", "forslag_cp1252.csv", "-"])
@pytest.mark.parametrize("case,message", [
    ("format", "unknown format .txt; use one of .xlsx, .csv, .jsonl"),
    ("folder", "is a folder, not a file; give a file name ending in .xlsx, .csv, .jsonl"),
    ("not_folder", "is not a folder; choose another --out"),
    ("input", "refusing to overwrite the input file; choose another --out"),
])
def test_classify_checks_its_outputs_before_the_input_is_read(runner, data_dir, tmp_path, monkeypatch, source, case,
                                                              message):
    """classify -o with an unknown extension, a folder, a place under a file, or the input itself read the whole
    export (or the whole pipe) first and only then refused: minutes on a big one, and a nightly job learns of a typo
    in its -o after the night's reading. The outputs are checked first, the same line and exit code (3), nothing
    written."""
    import forbattra.inputs
    import forbattra.workflow

    def read(*a, **k):
        raise AssertionError("the input was read before the outputs were checked")

    monkeypatch.setattr(forbattra.inputs, "load", read)
    monkeypatch.setattr(forbattra.workflow, "spool_stdin", read)
    monkeypatch.setattr(forbattra.workflow, "run_classify_stream", read)
    if case == "input" and source == "-":
        pytest.skip("a pipe is no file to overwrite")
    src = source if source == "-" else str(data_dir / source)
    out = {"format": tmp_path / "o.txt", "folder": tmp_path, "not_folder": data_dir / "forslag_cp1252.csv" / "o.xlsx",
           "input": Path(src)}[case]
    r = run(runner, ["classify", src, "-o", str(out), "--lang", "en"])
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert r.stderr.startswith(f"Error: {out}: ") and message in r.stderr and "was read" not in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.parametrize("argv", [["classify", ""], ["duplicates", ""], ["discover", ""], ["review", ""],
                                  ["evaluate", ""], ["train", ""], ["extract", ""], ["report", ""],
                                  ["report", "a.csv", " "]])
def test_an_empty_input_argument_is_a_usage_error_not_the_current_folder(runner, tmp_path, monkeypatch, argv):
    """``forbattra report "$FIL"`` in a nightly script whose variable is unset: the empty argument was read as the
    current folder, its documents as the input (exit 0 or 6 with someone's notes classified). A usage error
    (exit 2) before any work, nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anteckningar.md").write_text("# Förslag\n\n- Fler samtalsrum\n- Ny kaffemaskin\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("Förslag\nFler samtalsrum\n", encoding="utf-8")
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        "tomt; ange en fil eller en mapp (tomt läses annars som den aktuella mappen)"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "anteckningar.md"]


@pytest.mark.parametrize("argv, option", [
    (["classify", "a.csv", "-o", ""], "'--out' / '-o'"), (["duplicates", "a.csv", "-o", "a.jsonl", "-o", " "], "'--out' / '-o'"),
    (["review", "a.csv", "-o", ""], "'--out' / '-o'"), (["train", "m.csv", "--out", ""], "'--out' / '-o'"),
    (["discover", "a.csv", "--taxonomy-out", ""], "'--taxonomy-out'"), (["report", "a.csv", "--out="], "'--out' / '-o'"),
    (["extract", "anteckningar.md", "-o", ""], "'--out' / '-o'"), (["taxonomy", "init", ""], "'FILE'"),
])
def test_an_empty_output_is_a_usage_error_not_the_current_folder(runner, tmp_path, monkeypatch, argv, option):
    """``-o "$UT"`` in a nightly script whose variable is unset: the empty output was the current folder, "'.': är
    en mapp, ingen fil" (exit 3, a '.' never typed; taxonomy init suggested a file named '.yaml'), and train
    wrote its model files into the current folder. A usage error (exit 2) before any work, as an empty input
    is, nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anteckningar.md").write_text("# Förslag\n\n- Fler samtalsrum\n- Ny kaffemaskin\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("Förslag\nFler samtalsrum\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("Förslag;teman\n" + "Fler samtalsrum på kontoret;lokaler\n" * 25, encoding="utf-8")
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(  # (the usage error's words are Swedish from the entry point)
        f"{option}: tomt; ange filen eller mappen att skriva (tomt läses annars som den aktuella mappen)"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "anteckningar.md", "m.csv"]


def test_lang_is_read_whatever_its_case(runner, tmp_path):
    """'--lang EN' (or FORBATTRA_LANG=EN, 'Sv ') was refused, 'use sv or en' (exit 2): the language meant is plain."""
    src = tmp_path / "in.csv"
    src.write_text("Förslag\nFler datorer till skolan\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    r = runner.invoke(app, ["classify", str(src), "--lang", "EN", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")[1] == "Theme"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)], env={"FORBATTRA_CLASSIFY_LANG": "Sv "})
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")[1] == "Tema"
    r = runner.invoke(app, ["classify", str(src), "--lang", "DE", "-o", str(out)])
    assert r.exit_code == 2 and "'sv' eller 'en'" in r.stderr, r.stderr


def test_evaluate_names_the_confused_themes_as_the_per_theme_table_does(runner):
    """The confusions table showed bare theme ids ('kompetens', 'personal') under the per-theme table's
    'kompetens (Utbildning och kompetensutveckling)': a reader had to look the ids up. Each confusion row now names
    both themes as that table does, in the table's language, the count right-aligned; --json keeps the ids."""
    import re

    sample = Path(__file__).parents[1] / "sample_data" / "markt.csv"
    confusions = json.loads(run(runner, ["evaluate", str(sample), "--json"]).stdout)["confusions"]
    assert confusions and {"gold", "predicted", "count"} == set(confusions[0])
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy("standard")
    for env, lang in (({"COLUMNS": "200"}, "sv"), ({"COLUMNS": "200", "FORBATTRA_LANG": "en"}, "en")):
        r = runner.invoke(app, ["evaluate", str(sample)], env=env)
        assert r.exit_code == 0, r.stderr
        table = r.stdout.split("(huvudtema)" if lang == "sv" else "(primary theme)", 1)[1]
        rows = [[cell.strip() for cell in line.strip("│ ").split("│")] for line in table.splitlines()
                if line.startswith("│")]
        assert rows == [[f"{c['gold']} ({tax.label(c['gold'], lang)})", f"{c['predicted']} ({tax.label(c['predicted'], lang)})",
                         str(c["count"])] for c in confusions]
        assert re.search(r"│\s+\d+ │$", table.splitlines()[-2])  # the count right-aligned


def test_evaluate_without_confusions_says_so_instead_of_an_empty_table(runner, tmp_path):
    """Where every labelled row's first theme was the one given first, evaluate printed the confusions table's
    title and headings over no row at all, which reads as a table that failed to fill. It says in one line that no
    row's first theme was confused; --json keeps its empty list."""
    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nthemes:\n  - id: lon\n    label: Lön\n    keywords: [lön]\n"
                   "  - id: rum\n    label: Lokaler\n    keywords: [ventilation]\n  - id: ovrigt\n    label: Övrigt\n",
                   encoding="utf-8")
    src = tmp_path / "m.csv"
    src.write_text("text;kategori\nHögre lön för helgarbete;lön\nVentilationen i rummet är dålig;Lokaler\n"
                   "Mer lön till alla;Lön\n", encoding="utf-8")
    args = ["evaluate", str(src), "-l", "kategori", "--taxonomy", str(tax), "--model", "none"]
    assert json.loads(run(runner, [*args, "--json"]).stdout)["confusions"] == []
    for lang, line, heading in (("sv", "Inga förväxlingar av huvudtema", "Vanligaste förväxlingarna"),
                                ("en", "No confusions of the primary theme", "Most common confusions")):
        r = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "200"})
        assert r.exit_code == 0, r.stderr
        assert line in r.stdout.splitlines() and heading not in r.stdout, r.stdout


@pytest.mark.parametrize("command, flag, outs, what", [
    ("review", "-o", ["a.xlsx", "b.xlsx"], "review skriver bara en fil"),
    ("train", "--out", ["m1", "m2"], "train skriver bara en mapp"),
    ("discover", "--taxonomy-out", ["a.yaml", "b.yaml"], "discover skriver bara en fil"),
    ("classify", "--store", ["a.db", "b.db"], "classify använder bara en historik"),  # recorded in b.db alone
])
def test_a_command_writing_one_output_refuses_it_given_twice(runner, data_dir, tmp_path, command, flag, outs, what):
    """'review -o a.xlsx -o b.xlsx' wrote b.xlsx alone, exit 0: Click kept the last value of an option that takes
    one, and the first file named was never written, unsaid. The commands that write every -o (classify,
    duplicates, report …) take several; one that writes one file or folder refuses a second (exit 2)."""
    src = str(data_dir / "forslag_cp1252.csv")
    args = [command, src, *sum(([flag, str(tmp_path / o)] for o in outs), [])]
    r = run(runner, args)
    assert r.exit_code == 2, r.stderr
    hint = "'--out' / '-o'" if flag in ("-o", "--out") else f"'{flag}'"  # (Click's prefix: Swedish at the entry point)
    assert r.stderr.strip().splitlines()[-1] == f"Error: Invalid value for {hint}: angavs 2 gånger, men {what}; ange den en gång"
    assert not any((tmp_path / o).exists() for o in outs)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_classify_counts_empty_rows_and_non_answers_apart_from_the_fallback_theme(runner, tmp_path, monkeypatch, lang):
    """classify's terminal table and the workbook's Teman and Tema per enhet sheets counted an empty answer and
    the non-answers ("Vet inte", "Inga synpunkter") as suggestions of Övrigt (4 of 8), where report, the months and
    trends count them apart. They are now rows (Tema-id empty, not assessed) and columns of their own after the
    themes, Övrigt holding its one suggestion; every row is still counted, the Förklaringar say where they are."""
    import openpyxl

    monkeypatch.setenv("COLUMNS", "200")
    src = tmp_path / "in.csv"
    src.write_text("id;enhet;förslag\n1;Norr;Vi behöver fler parkeringsplatser vid kontoret\n2;Norr;\n3;Syd;Vet inte\n"
                   "4;Syd;Inga synpunkter\n5;Syd;Datorerna är för långsamma, vi behöver nya\n6;Norr;asdf\n",
                   encoding="utf-8")
    out = tmp_path / "t.xlsx"
    r = run(runner, ["classify", str(src), "-o", str(out), "--lang", lang])
    assert r.exit_code == 0, r.stderr
    sv = lang == "sv"
    other, empty, none = ("Övrigt", "Tomma", "Inget förslag") if sv else ("Other", "Empty", "No suggestion")
    p17, p33, na = ("17 %", "33 %", "bedöms inte") if sv else ("17%", "33%", "not assessed")
    table = {cells[0]: cells[1:] for cells in ([c.strip() for c in line.split("│")[1:-1]]
                                                for line in r.stdout.splitlines() if line.count("│") > 2)}
    assert table[other] == ["1", p17, "1", "100 %" if sv else "100%", na]
    assert table[empty] == ["1", p17, "", "", na] and table[none] == ["2", p33, "", "", na]
    book = openpyxl.load_workbook(out)
    teman = list(book["Teman" if sv else "Themes"].iter_rows(min_row=2, values_only=True))
    assert next(row[1:4] for row in teman if row[0] == "ovrigt") == (other, 1, 1)
    assert [row[:5] for row in teman[-2:]] == [(None, empty, 1, None, 0.1667), (None, none, 2, None, 0.3333)]
    # every row counted once on the sheet: the primary themes and the rows counted apart make the 6 rows
    assert sum(row[3] or 0 for row in teman) + sum(row[2] for row in teman if row[0] is None) == 6
    units = list(book["Tema per enhet" if sv else "Themes by unit"].iter_rows(values_only=True))
    assert list(units[0][-4:]) == [other, empty, none, "Totalt" if sv else "Total"]
    assert [list(row[-4:]) for row in units[1:]] == [[1, 1, 0, 3], [0, 0, 2, 3]]
    notes = {row[0]: row[1] for row in book["Förklaringar" if sv else "Explanations"].iter_rows(values_only=True)}
    status = notes["Status (Förslag)" if sv else "Status (Suggestions)"]
    assert (f"räknat för sig («{none}»), inte i {other}" if sv else f"counted apart ('{none}'), not in {other}") in status


@pytest.mark.parametrize("args", [["classify", "f.csv", "-o", "t.xlsx"], ["duplicates", "f.csv"], ["taxonomy", "list"]])
def test_a_malformed_source_date_epoch_is_exit_4_for_every_command_not_a_crash(tmp_path, args):
    # README: SOURCE_DATE_EPOCH is seconds since 1970, "anything else is refused, exit 4". numpy's f2py (imported by
    # scipy) int()s the variable when it is imported, so classify and duplicates crashed on a day written for the
    # seconds (exit 1, "internt fel"); now every command refuses it first, one line, nothing written
    import os

    (tmp_path / "f.csv").write_text("Förslag;Enhet\nFler vikarier på helgerna;Hemtjänst Norr\n"
                                     "Bättre wifi i personalrummet;Skola\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    env["SOURCE_DATE_EPOCH"] = "2026-12-01"
    r = subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 4, r.stderr
    assert r.stderr.splitlines()[-1].startswith("Fel: SOURCE_DATE_EPOCH='2026-12-01' duger inte: ange sekunder sedan 1970")
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert not (tmp_path / "t.xlsx").exists()


def test_min_confidence_is_a_minimum_on_top_of_the_models_thresholds_never_a_lower_bar(runner, tmp_path):
    # README: "--min-confidence 0,6 # stricter themes", "an extra minimum on top" of the model's tuned thresholds.
    # It replaced them instead: the shipped model wants 0.725 for arbetssatt and 0.75 for ledning, so 0.6 gave
    # these suggestions a second theme the default run does not give them
    from forbattra.scoring.pipeline import build_classifier

    src = tmp_path / "f.csv"
    src.write_text("Förslag\nTydligare ansvarsfördelning i teamet\nJag vet aldrig om det är jag eller polisen som ska "
                   "köra barnet till jourhemmet. Det borde stå någonstans.\n", encoding="utf-8")
    themes = {}
    for name, extra in (("default", []), ("strict", ["--min-confidence", "0,6"])):
        r = run(runner, ["classify", str(src), "-o", str(tmp_path / f"{name}.jsonl"), *extra])
        assert r.exit_code == 0, r.stderr
        themes[name] = [json.loads(line)["themes"] for line in (tmp_path / f"{name}.jsonl").read_text("utf-8").splitlines()]
    assert themes["strict"] == themes["default"] == [["arbetssatt"], ["samverkan"]]
    shipped, strict = build_classifier("standard"), build_classifier("standard", min_confidence=0.6)
    assert strict.thresholds == {t: max(th, 0.6) for t, th in shipped.thresholds.items()}
    assert build_classifier("standard", use_default_model=False, min_confidence=0.3).thresholds == dict.fromkeys(shipped.themes, 0.3)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_header_only_export_is_a_warning_not_a_silent_empty_result(runner, tmp_path, suffix):
    """A nightly export that stopped after its header row (0 rows) gave exit 0 without a word, replaced yesterday's
    workbook with an empty one and recorded a run of 0 rows: a warning now says the result is empty and to check
    the export (shown with -q, an event of its own in JSON logs); the exit code stays 0, as 0 rows may be a quiet week."""
    src = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        src.write_text("id;enhet;text\n", encoding="utf-8")
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["id", "enhet", "text"])
        wb.save(src)
    r = run(runner, ["-q", "classify", str(src), "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == (f"Varning: {src} har inga rader under rubrikraden, så resultatet är tomt; kontrollera "
                                "att exporten är komplett (en nattlig körning: att exportjobbet gick klart) och kör igen")
    assert (tmp_path / "t.jsonl").read_text(encoding="utf-8") == ""
    r = run(runner, ["-q", "--log-format", "json", "classify", str(src), "-o", str(tmp_path / "t.jsonl")])
    assert [json.loads(line)["event"] for line in r.stderr.splitlines()] == ["no_rows_read"]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_log_format_is_taken_in_any_case_as_lang_is(tmp_path, how):
    """`FORBATTRA_LOG_FORMAT=JSON` (or `--log-format JSON`) was refused as a bad value (exit 4 / exit 2), while
    `--lang EN` is taken in any case: a scheduler's setting written in capitals now gives JSON lines, usage errors
    (read before the options are parsed) and a run's messages alike."""
    src = tmp_path / "f.csv"
    src.write_text("Förslag\nFler vikarier till helgerna\n", encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FORBATTRA_")}
    front = ["--log-format", "JSON"] if how == "option" else []
    if how == "environment":
        env["FORBATTRA_LOG_FORMAT"] = "JSON"
    r = subprocess.run([sys.executable, "-m", "forbattra", *front, "duplicates", str(src), "--threshold", "hög"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert [json.loads(line)["event"] for line in r.stderr.strip().splitlines()] == ["err_usage"]
    r = subprocess.run([sys.executable, "-m", "forbattra", *front, "classify", str(src), "-o", str(tmp_path / "t.jsonl")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert {json.loads(line)["level"] for line in r.stderr.strip().splitlines()} == {"info"}


def test_taxonomy_show_of_a_model_folder_names_the_taxonomy_file_it_holds(runner, tmp_path):
    """`taxonomy show egen-modell` (the folder `train` wrote) said only "är en mapp; ange en taxonomifil": the file is
    in it, so the line now names it (exit 4, as any taxonomy error); a folder without one keeps the old line."""
    import shutil

    model = tmp_path / "egen-modell"
    model.mkdir()
    shutil.copy(Path(__file__).parents[1] / "src" / "forbattra" / "taxonomies" / "standard.yaml", model / "taxonomy.yaml")
    r = run(runner, ["taxonomy", "show", str(model)])
    assert r.exit_code == 4
    assert r.stderr.strip() == f"Fel: {model}: är en mapp (en modells); dess taxonomi är {model / 'taxonomy.yaml'}: ange den filen"
    assert run(runner, ["taxonomy", "show", str(model / "taxonomy.yaml")]).exit_code == 0
    (tmp_path / "tom").mkdir()
    r = run(runner, ["taxonomy", "show", str(tmp_path / "tom")])
    assert r.exit_code == 4 and r.stderr.strip() == f"Fel: {tmp_path / 'tom'}: är en mapp; ange en taxonomifil (YAML)"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_train_corrections_given_a_folder_says_it_takes_a_file(runner, data_dir, tmp_path, lang):
    """'train … --corrections resultat/' (the folder the classify workbook lies in) was read as a folder of reports:
    'inget läsbart dokument i mappen (… är en tabell, inget dokument; klassificera den direkt: forbattra classify …)',
    which sent the user to classify the workbook they had corrected. It now says --corrections takes the file,
    naming the workbook in the folder; nothing is trained."""
    folder = tmp_path / "resultat"
    folder.mkdir()
    (folder / "anteckningar.txt").write_text("Att göra: rätta teman", encoding="utf-8")
    (folder / "forslag-teman.xlsx").write_bytes(b"")
    out = tmp_path / "modell"
    r = runner.invoke(app, ["train", str(Path(__file__).resolve().parents[1] / "sample_data" / "markt.csv"), "-l", "teman", "--corrections",
                            str(folder), "-o", str(out), "--lang", lang])
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    start, said = ("Fel", "är en mapp, ingen fil; --corrections tar") if lang == "sv" else \
        ("Error", "is a folder, not a file; --corrections takes")
    assert lines[-1].startswith(f"{start}: {folder}: {said}") and "Traceback" not in r.output
    assert lines[-1].endswith(f"--corrections {folder / 'forslag-teman.xlsx'})")
    assert "classify" in lines[-1] and "dokument" not in lines[-1] and not out.exists()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("number", ["9", "0"])
def test_a_column_number_the_file_lacks_is_named_as_a_number(runner, tmp_path, lang, number):
    """'-t 9' on an export of three columns said 'kolumnen '9' finns inte … ange rätt namn med --text-column', as if
    9 were a name misspelt, though a column is given by its number too ('-t 3'). It now says there is no column of
    that number, how many the file has and that a number from 1 up to that or the name is taken; exit 3."""
    p = tmp_path / "export.csv"
    p.write_text("Id;Förslag;Enhet\n1;Fler vikarier till sommaren;A\n2;Tyst rum behövs för samtal;B\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(p), "-t", number, "-o", str(tmp_path / "ut.jsonl"), "--lang", lang])
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    said = (f"Fel: {p}: det finns ingen kolumn nummer {number}; filen har 3 kolumner: 'Id', 'Förslag', 'Enhet'; "
            "ange kolumnens nummer (1–3) eller namn med --text-column") if lang == "sv" else \
        (f"Error: {p}: there is no column number {number}; the file has 3 columns: 'Id', 'Förslag', 'Enhet'; "
         "give the column's number (1–3) or its name with --text-column")
    assert lines[-1] == said and "Traceback" not in r.output
    assert not (tmp_path / "ut.jsonl").exists()


@pytest.mark.parametrize("option", ["-t", "--sheet"])
def test_a_superscript_digit_for_a_column_or_sheet_is_no_internal_error(runner, tmp_path, option):
    """'-t ²' or '--sheet ²' (a 2 typed with AltGr) stopped with 'internt fel: ValueError', exit 1: the digit passed
    as a number, which int() does not read. It is a name the file lacks, one line, exit 3."""
    import openpyxl

    p = tmp_path / "export.xlsx"
    wb = openpyxl.Workbook()
    for row in (["Id", "Förslag", "Enhet"], [1, "Fler vikarier till sommaren", "A"], [2, "Tyst rum behövs", "B"]):
        wb.active.append(row)
    wb.save(p)
    r = runner.invoke(app, ["classify", str(p), option, "²", "-o", str(tmp_path / "ut.jsonl")])
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    assert "'²'" in r.stderr.splitlines()[-1] and "internt fel" not in r.stderr


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_report_on_standard_input_says_to_give_it_as_a_file(runner, tmp_path, lang, kind):
    """A Word report piped to 'classify -' was told 'byt filens ändelse till .docx' — standard input has no name to
    change —, and a PDF read as a text of one column ('%PDF-1.4'). Reports are read from a file or a folder: it
    says so, naming the suffix to save it under; exit 3, nothing written."""
    import zipfile

    p = tmp_path / f"rapport.{kind}"
    if kind == "docx":
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<w:document/>")
    else:
        p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    out = tmp_path / "ut.jsonl"
    r = runner.invoke(app, ["classify", "-", "-o", str(out), "--lang", lang], input=p.read_bytes())
    assert r.exit_code == 3, (r.exit_code, r.stderr)
    said = (f"Fel: standard in (stdin) är en rapport (.{kind}), ingen export; classify läser rapporter ur en fil "
            f"eller en mapp: spara den som fil och ange filen, t.ex. forbattra classify rapport.{kind}") if lang == "sv" \
        else (f"Error: standard input is a report (.{kind}), not an export; classify reads reports from a file or a "
              f"folder: save it as a file and give the file, e.g. forbattra classify rapport.{kind}")
    assert r.stderr.splitlines()[-1] == said and not out.exists()


@pytest.mark.parametrize("argv, option", [
    (["classify", "a.csv", "-t", ""], "'--text-column' / '-t'"), (["classify", "a.csv", "-g", "  "], "'--group-column' / '-g'"),
    (["duplicates", "a.csv", "--person-column", ""], "'--person-column'"), (["review", "a.csv", "--date-column", ""], "'--date-column'"),
    (["forget", "--store", "h.db", "--ids", "a.csv", "--id-column", ""], "'--id-column'"),
])
def test_an_empty_column_option_is_a_usage_error(runner, tmp_path, monkeypatch, argv, option):
    """``-g "$ENHET"`` in a nightly script whose variable is unset: "kolumnen '' finns inte; … ange rätt namn med
    --group-column" (exit 3), a column the user never named. A usage error (exit 2) before any work, as an empty
    input or output is, saying what to give; in the config file a configuration error naming the key (exit 4)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.csv").write_text("Förslag;Enhet\nFler samtalsrum;Skola\n", encoding="utf-8")
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        f"{option}: tomt; ange kolumnens namn, bokstav eller nummer (t.ex. Förslag, D eller 4)"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
    cfg = tmp_path / "forbattra.toml"
    cfg.write_text('[classify]\ngroup_column = ""\n', encoding="utf-8")
    r = runner.invoke(app, ["--config", str(cfg), "classify", "a.csv", "-o", "ut.jsonl"])
    assert r.exit_code == 4 and "[classify] group_column" in r.stderr, r.stderr
    assert not (tmp_path / "ut.jsonl").exists()
