"""Messages in Swedish and English: the table itself, and error lines rendered in the user's language."""

import json
import pickle
import string
import sys

import pytest

from forbattra.cli import app
from forbattra.errors import ForbattraError, InputFileError, TaxonomyError
from forbattra.i18n import MESSAGES, Msg, t
from forbattra.taxonomy import load_taxonomy, parse_taxonomy


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == {"sv", "en"}, key
    assert entry["sv"].strip() and entry["en"].strip(), key
    assert _fields(entry["sv"]) == _fields(entry["en"]), key


def test_error_keys_are_many_and_sound_swedish():
    errors = {k: v for k, v in MESSAGES.items() if k.startswith("err_")}
    assert len(errors) > 100
    # Swedish text, not English copied over (a few are pure punctuation or option names)
    same = [k for k, v in errors.items() if v["sv"] == v["en"]]
    assert set(same) <= {"err_path_reason", "err_usage"}, same  # (err_usage: Click's message, translated before)


def _error_line(r, code):
    assert r.exit_code == code, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr
    return r.stderr.strip().splitlines()[-1]


def _classify(runner, args, env=None):
    return runner.invoke(app, ["classify", *args], env=env)


def test_missing_file_in_both_languages(runner):
    line = _error_line(_classify(runner, ["saknas.csv"]), 3)
    assert line == "Fel: saknas.csv: filen eller mappen finns inte; kontrollera sökvägen"
    line = _error_line(_classify(runner, ["saknas.csv", "--lang", "en"]), 3)
    assert line == "Error: saknas.csv: no such file or folder; check the path"
    line = _error_line(_classify(runner, ["saknas.csv"], env={"LANG": "en_GB.UTF-8"}), 3)
    assert line.startswith("Error: saknas.csv: no such file")


def test_unknown_column_in_both_languages(runner, data_dir):
    args = ["evaluate", str(data_dir / "forslag_cp1252.csv"), "--label-column", "Nej"]
    line = _error_line(runner.invoke(app, args), 3)
    assert line.startswith(f"Fel: {args[1]}: kolumnen 'Nej' finns inte; kolumner i filen: 'Löpnummer'")
    assert line.endswith("ange rätt namn med --label-column")
    line = _error_line(runner.invoke(app, args, env={"FORBATTRA_LANG": "en"}), 3)
    assert line.startswith(f"Error: {args[1]}: no column 'Nej'; columns found: 'Löpnummer'")
    assert line.endswith("name it with --label-column")


@pytest.mark.parametrize("args, option", [
    (["report", "FIRST", "SECOND", "-t", "Förslag", "-o", "OUT/r.html"], "--text-column"),
    (["report", "FIRST", "SECOND", "--id-column", "Id", "-o", "OUT/r.html"], "--id-column"),
    (["evaluate", "SECOND", "--label-column", "teman"], "--label-column"),
    (["forget", "--store", "OUT/h.db", "--ids", "SECOND", "--id-column", "Id"], "--id-column"),
])
def test_an_unknown_column_names_the_file_that_lacks_it(runner, tmp_path, args, option):
    """A column given that a file lacks was named without the file ("kolumnen 'Förslag' finns inte; kolumner i
    filen: …"): with two inputs, or under --quiet where no "Läste …" line says which file was being read, the
    user could not tell which one to open. The line names the file, as every other input error does."""
    first, second = tmp_path / "nord.csv", tmp_path / "syd.csv"
    first.write_text("Id;Förslag;Enhet;teman\n1;Fler vikarier till sommaren;Hemtjänst Norr;personal\n"
                     "2;Större personalrum behövs;Skola Öst;lokaler\n", encoding="utf-8")
    second.write_text("Nr;Beskrivning;Avdelning\n1;Fler vikarier till sommaren;Hemtjänst Syd\n", encoding="utf-8")
    argv = [a.replace("FIRST", str(first)).replace("SECOND", str(second)).replace("OUT", str(tmp_path)) for a in args]
    column = argv[argv.index("-t" if "-t" in argv else option) + 1]
    line = _error_line(runner.invoke(app, ["--quiet", *argv]), 3)
    assert line == (f"Fel: {second}: kolumnen '{column}' finns inte; kolumner i filen: 'Nr', 'Beskrivning', "
                    f"'Avdelning'; ange rätt namn med {option}")


def test_bad_taxonomy_heading_and_each_problem_translated(runner, data_dir):
    args = ["taxonomy", "validate", str(data_dir / "taxonomy_bad.yaml")]
    r = runner.invoke(app, args)
    assert r.exit_code == 4 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("Fel: ogiltig taxonomi (") and len(lines) > 2
    assert any(ln.endswith("themes[0].colour: okänd nyckel (tillåtna: description, description_en, "
                           "examples, exclude, id, keywords, label, label_en, manual, min_confidence)") for ln in lines)
    assert any("id 'lokaler' finns redan (först i themes[0])" in ln for ln in lines)
    r = runner.invoke(app, args, env={"LANG": "en_US.UTF-8"})
    en = r.stderr.strip().splitlines()
    assert r.exit_code == 4 and en[0].startswith("Error: invalid taxonomy (") and len(en) == len(lines)
    assert any("duplicate id 'lokaler' (first used in themes[0])" in ln for ln in en)
    assert not any("finns" in ln or "okänd" in ln for ln in en)


def test_corrupt_model_in_both_languages(runner, data_dir, tmp_path):
    model = tmp_path / "trasig-modell"
    model.mkdir()
    (model / "model.json").write_text("{inte json", encoding="utf-8")
    (model / "weights.npz").write_bytes(b"x")
    args = [str(data_dir / "forslag_cp1252.csv"), "--model", str(model), "-o", str(tmp_path / "ut.jsonl")]
    line = _error_line(_classify(runner, args), 5)
    assert line.startswith(f"Fel: {model}: modellfilerna är skadade (")
    assert line.endswith("träna om med 'forbattra train'")
    line = _error_line(_classify(runner, [*args, "--lang", "en"]), 5)
    assert line.startswith(f"Error: {model}: the model files are damaged (") and line.endswith("retrain with 'forbattra train'")
    assert not (tmp_path / "ut.jsonl").exists()


def test_internal_error_and_interrupt_lines_are_swedish(runner, data_dir, monkeypatch):
    import forbattra.inputs

    def boom(*a, **k):
        raise RuntimeError("trasig")

    monkeypatch.setattr(forbattra.inputs, "load", boom)
    line = _error_line(_classify(runner, [str(data_dir / "forslag_cp1252.csv")]), 1)
    assert line.startswith("Fel: internt fel: RuntimeError: trasig (kör med --verbose")
    line = _error_line(_classify(runner, [str(data_dir / "forslag_cp1252.csv"), "--lang", "en"]), 1)
    assert line.startswith("Error: internal error: RuntimeError: trasig (run with --verbose")

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(forbattra.inputs, "load", stop)
    assert _error_line(_classify(runner, [str(data_dir / "forslag_cp1252.csv")]), 130) == "Fel: avbrutet; inget skrevs"


def test_an_interrupt_after_the_outputs_were_written_says_so(runner, data_dir, monkeypatch, tmp_path):
    """SIGTERM just after the renames said "avbrutet; inget skrevs" beside complete outputs."""
    import forbattra.cli.classify

    def late(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(forbattra.cli.classify, "_print_summary", late)  # after the outputs are committed
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out)])
    assert r.exit_code == 130 and out.exists()
    assert "Fel: avbrutet efter att utfilerna skrivits; de är hela" in r.stderr, r.stderr


@pytest.mark.parametrize("where", ["arguments", "config", "environment"])
def test_an_interrupt_while_the_options_are_read_is_one_line(runner, data_dir, monkeypatch, tmp_path, where):
    """A scheduler's SIGTERM (or Ctrl-C) in the first moments of a run, while the global options, the config file
    or the command's options were read - before the command's own handling - ended the job with exit 130 and
    not a word: an empty JSON log for a failed night. Now the same one line as later: nothing written."""
    import importlib

    import forbattra.config

    cli_app = importlib.import_module("forbattra.cli.app")  # (forbattra.cli.app is the Typer app)

    def stop(*a, **k):
        raise KeyboardInterrupt

    if where == "arguments":
        monkeypatch.setattr(cli_app, "_check_global_environment", stop)
    elif where == "config":
        monkeypatch.setattr(forbattra.config, "load_config", stop)
    else:
        monkeypatch.setattr(cli_app, "_check_environment", stop)
    out = tmp_path / "o.jsonl"
    args = ["classify", str(data_dir / "forslag_cp1252.csv"), "-o", str(out)]
    r = runner.invoke(app, ["--log-format", "json", *args])
    assert r.exit_code == 130 and not out.exists()
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    obj = json.loads(lines[0])
    assert obj["event"] == "err_interrupted" and obj["level"] == "error" and obj["message"] == "avbrutet; inget skrevs"
    r = runner.invoke(app, [*args, "--lang", "en"])
    assert r.exit_code == 130 and r.stderr.strip() == "Error: interrupted; nothing was written", r.stderr


def test_an_interrupt_before_the_command_line_is_read_is_one_line(data_dir, monkeypatch, tmp_path, capsys):
    """... and one while the entry point set up the Swedish help (a Python traceback, in a JSON log too)."""
    import forbattra.cli

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(forbattra.cli, "translate_help", stop)
    monkeypatch.setattr(sys, "argv", ["forbattra", "--log-format", "json", "classify",
                                      str(data_dir / "forslag_cp1252.csv"), "-o", str(tmp_path / "o.jsonl")])
    with pytest.raises(SystemExit) as exc:
        forbattra.cli.main()
    assert exc.value.code == 130 and not (tmp_path / "o.jsonl").exists()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["event"] == "err_interrupted", lines


def test_json_log_line_carries_the_error_key_and_fields(runner):
    r = runner.invoke(app, ["--log-format", "json", "classify", "saknas.csv"])
    assert r.exit_code == 3
    obj = json.loads(r.stderr.strip().splitlines()[-1])
    assert obj["level"] == "error" and obj["event"] == "err_no_path" and obj["path"] == "saknas.csv"
    assert obj["message"] == "saknas.csv: filen eller mappen finns inte; kontrollera sökvägen"
    r = runner.invoke(app, ["--log-format", "json", "classify", "saknas.csv", "--lang", "en"])
    obj = json.loads(r.stderr.strip().splitlines()[-1])
    assert obj["event"] == "err_no_path" and obj["message"].endswith("no such file or folder; check the path")


def test_library_errors_read_in_english():
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy("finns-inte.yaml")
    exc = info.value
    assert str(exc) == "taxonomy 'finns-inte.yaml' not found: give a YAML file or one of the built-ins (standard, huset)"
    assert exc.key == "err_taxonomy_not_found" and exc.fields["name"] == "finns-inte.yaml"
    assert exc.render("sv").startswith("taxonomin 'finns-inte.yaml' finns inte")
    with pytest.raises(TaxonomyError, match=r"^invalid taxonomy \(1 problem\):\n<string>:1: fallback: fallback theme"):
        parse_taxonomy("themes:\n  - id: a\n    label: A\n")
    # the key survives pickling (errors raised in worker processes)
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is TaxonomyError and again.key == exc.key and again.render("sv") == exc.render("sv")


def test_plain_text_errors_still_work_and_nested_messages_follow_the_language():
    plain = InputFileError("x.csv: something odd")
    assert str(plain) == plain.render("sv") == "x.csv: something odd" and plain.key is None
    reason = Msg("err_pdf_no_pages", path="a.pdf")
    assert reason == "a.pdf: PDF has no pages"  # a Msg is its English text as a str
    assert t("skipped_file", "sv", path="a.pdf", reason=reason) == "hoppade över a.pdf: a.pdf: PDF-filen har inga sidor"
    assert ForbattraError.of("err_path_reason", path="mapp", reason=reason).render("sv") == "mapp: a.pdf: PDF-filen har inga sidor"


def test_a_huge_echoed_value_is_elided_in_every_language():
    exc = InputFileError.of("err_no_path", path="x" * 5000)
    for lang in ("sv", "en"):
        text = exc.render(lang)
        assert len(text) < 1100 and " … " in text


@pytest.mark.parametrize("key, fields, sv, en", [
    ("counts", dict(read=1, classified=1, empty=0, no_suggestion=0, unchanged_text="", seconds=0.5),
     "Läste 1 rad, klassificerade 1", "Read 1 row, classified 1"),
    ("counts", dict(read=2, classified=2, empty=0, no_suggestion=0, unchanged_text="", seconds=0.5),
     "Läste 2 rader,", "Read 2 rows,"),
    ("taxonomy_keywords", dict(taxonomy="en", n=1, fallback="Övrigt"), "Taxonomi 'en' (1 tema + Övrigt)",
     "Taxonomy 'en' (1 theme + Övrigt)"),
    ("taxonomy_ok", dict(name="x", n=2, fallback="Övrigt", hash="h"), "OK: x: 2 teman + Övrigt", "OK: x: 2 themes + Övrigt"),
    ("read_classified", dict(path="o.xlsx", n=1), "Läste o.xlsx (klassificerad fil, 1 rad)",
     "Read o.xlsx (classified output, 1 row)"),
    ("read_store", dict(path="h.db", n=1), "Läste h.db (historik, 1 rad)", "Read h.db (history store, 1 row)"),
    ("duplicates_done", dict(groups=1, rows=2, n=5), "1 dubblettgrupp med 2 av 5 rader.",
     "1 duplicate group with 2 of 5 rows."),
    ("clusters_done", dict(n=1, k=1, weak=1), "1 rad, 1 kluster, 1 svag.", "1 row, 1 cluster, 1 weak fit."),
    ("skipped_files", dict(n=1), "1 fil hoppades över", "1 file skipped"),
])
def test_a_count_of_one_takes_the_singular(key, fields, sv, en):
    """'Läste 1 rader', 'Taxonomi … (1 teman + Övrigt)', 'Read 1 rows': a count of one took the plural noun."""
    assert t(key, "sv", **fields).startswith(sv) and t(key, "en", **fields).startswith(en)


@pytest.mark.parametrize("key, fields, sv, en", [
    ("store_matched", dict(store="h.db", n=1), "Historik h.db: 1 förslag hittades på sin text",
     "Store h.db: 1 suggestion was found by its text"),
    ("store_matched", dict(store="h.db", n=2), "Historik h.db: 2 förslag hittades", "Store h.db: 2 suggestions were found by their"),
    ("store_other_unit", dict(store="h.db", n=1),
     "Historik h.db: 1 nytt förslag har samma text och datum som ett sparat förslag från en annan enhet och sparas som ett eget förslag;",
     "Store h.db: 1 new suggestion has the text and date of a stored suggestion from another unit and is stored as a suggestion of its own;"),
    ("store_ids_apart", dict(store="h.db", n=1), "1 förslag har ett id", "1 suggestion has an id"),
    ("store_matched_edited", dict(store="h.db", n=1), "Historik h.db: 1 förslag hittades", "Store h.db: 1 suggestion was found by its unit"),
    ("store_unit_renamed", dict(store="h.db", old="A", new="B", n=1, left=1),
     "Historik h.db: enheten 'A' heter 'B' i exporten (1 förslag); 1 sparat förslag som",
     "Store h.db: the unit 'A' is called 'B' in the export (1 suggestion); 1 stored suggestion the export no longer holds moves"),
    ("note_hidden_rows", dict(sheet="Blad1", n=1, first=4), "bladet 'Blad1' har 1 rad som är dold i Excel",
     "sheet 'Blad1' has 1 row hidden in Excel"),
    ("note_hidden_rows", dict(sheet="Blad1", n=3, first=4), "bladet 'Blad1' har 3 rader som är dolda i Excel",
     "sheet 'Blad1' has 3 rows hidden in Excel"),
    ("note_error_cells", dict(sheet="S", column="C", n=1, error="#REF!", row=3), "bladet 'S', kolumnen 'C', har 1 cell med",
     "sheet 'S', column 'C', has 1 cell holding"),
    ("note_uncomputed_formulas", dict(sheet="S", column="Kostnad", n=1, row=8),
     "bladet 'S', kolumnen 'Kostnad', har 1 formel utan beräknat värde (första: rad 8); den blir tom",
     "sheet 'S', column 'Kostnad', has 1 formula without a computed value (first: row 8); it is read as empty"),
    ("err_uncomputed_formulas", dict(path="f.xlsx", sheet="S", column="Förslag", n=1, row=5),
     "f.xlsx: bladet 'S', kolumnen 'Förslag', har 1 formel utan beräknat värde (första: rad 5)",
     "f.xlsx: sheet 'S', column 'Förslag', has 1 formula without a computed value (first: row 5)"),
    ("err_corrections_lost", dict(path="t.xlsx", n=1, column="Rättat tema", rows="2", name="t.xlsx",
                                  arg="--corrections t.xlsx"),
     "t.xlsx: har 1 rättelse i kolumnen 'Rättat tema' (rad 2)", "t.xlsx: holds 1 correction in column 'Rättat tema' (row 2) that does"),
    ("corrected_rows", dict(source="a.xlsx", n=1), "a.xlsx: 1 rättad rad", "a.xlsx: 1 corrected row"),
])
def test_a_count_of_one_takes_the_singular_verb_and_pronoun_too(key, fields, sv, en):
    """'Store h.db: 1 suggestions were found by their text', 'har 1 rad(er) som är dolda', 'holds 1 correction(s)': the
    noun, its verb and what refers back to it follow the count."""
    assert t(key, "sv", **fields).startswith(sv) and t(key, "en", **fields).startswith(en)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_no_message_hedges_its_number_and_every_count_renders_either_way(key):
    """No "rad(er)", "row(s)", "märkt(a)" after a count: a count picks the word ({n:rad|rader}), rendered for 1 and 2."""
    import re

    for lang, text in MESSAGES[key].items():
        assert not re.search(r"\w\((?:er|s|a|e|n)\)", text), (key, lang)
        counts = {name for _, name, spec, _ in string.Formatter().parse(text) if name and spec and "|" in spec}
        for n in (1, 2):
            fields = {name: n if name in counts else 1 for name in _fields(text)}
            for name in counts:  # the count's word, not the spec, in the line
                spec = next(sp for _, nm, sp, _ in string.Formatter().parse(text) if nm == name and sp and "|" in sp)
                assert spec not in t(key, lang, **fields), (key, lang)


def test_a_count_keeps_its_own_format_and_numpy_counts_take_the_word_too():
    import numpy as np

    from forbattra.i18n import MESSAGES
    MESSAGES["_test_count"] = {"sv": "{n:>3} {n:rad|rader} {m!r}", "en": "{n:>3} {n:row|rows} {m!r}"}
    try:
        assert t("_test_count", "sv", n=np.int64(1), m=2) == "  1 rad 2"
        assert t("_test_count", "en", n=12, m=True) == " 12 rows True"
    finally:
        del MESSAGES["_test_count"]


def test_one_theme_taxonomy_and_one_row_read_in_the_singular(runner, tmp_path):
    tax = tmp_path / "en.yaml"
    tax.write_text("name: en\nfallback: ovrigt\nthemes:\n  - id: lokaler\n    label: Lokaler\n    label_en: Premises\n"
                   "    keywords: [lokal, rum]\n  - id: ovrigt\n    label: Övrigt\n    label_en: Other\n", encoding="utf-8")
    src = tmp_path / "ett.csv"
    src.write_text("Id;Förslag\n1;Vi behöver större lokaler och fler rum\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "-o", str(tmp_path / "o.csv")])
    assert r.exit_code == 0, r.stderr
    assert "(1 tema + Övrigt)" in r.stderr and "Läste 1 rad," in r.stderr
    r = runner.invoke(app, ["taxonomy", "validate", str(tax), "--lang", "en"])
    assert r.exit_code == 0 and "1 theme + Other" in r.stdout
