import pytest

from forbattra.errors import TaxonomyError
from forbattra.taxonomy import BUILTIN, dump_taxonomy, load_taxonomy, parse_taxonomy

STANDARD = {
    "ekonomi": "Ekonomi och resurser", "kompetens": "Utbildning och kompetensutveckling",
    "personal": "Rekrytering och bemanning", "lokaler": "Lokaler och fysisk miljö",
    "arbetsmiljo": "Arbetsmiljö och hälsa", "ledning": "Ledning, styrning och delaktighet",
    "it": "IT och digitala verktyg", "arbetssatt": "Arbetssätt, rutiner och dokumentation",
    "samverkan": "Samverkan och kommunikation", "brukare": "Brukarfokus och tillgänglighet", "ovrigt": "Övrigt",
}


def test_standard_ids_and_labels():
    t = load_taxonomy("standard")
    assert {th.id: th.label for th in t.themes} == STANDARD
    assert t.fallback == "ovrigt"


def test_huset_has_rooms_and_garage():
    t = load_taxonomy("huset")
    assert t.fallback == "ej_placerad" and "bottenplatta" in t and "omvarld" in t and "garage" in t


def test_every_problem_reported_with_lines(data_dir):
    with pytest.raises(TaxonomyError) as e:
        load_taxonomy(str(data_dir / "taxonomy_bad.yaml"))
    msg = str(e.value)
    assert "taxonomy_bad.yaml:5: themes[0].keywords: a text where a list belongs; write keywords: [lokal]" in msg
    assert "taxonomy_bad.yaml:6: themes[0].colour: unknown key" in msg
    assert "taxonomy_bad.yaml:7: themes[1].id: duplicate id 'lokaler'" in msg
    assert "taxonomy_bad.yaml:9: themes[2].id: missing id; add a line id: utan_id" in msg
    assert "fallback theme 'ovrigt' is not among the themes" in msg


def test_invalid_yaml_has_line():
    # found at the end of the file: named by the line where the bracket opens (the file has two lines)
    with pytest.raises(TaxonomyError, match=r"x.yaml:2: invalid YAML"):
        parse_taxonomy("themes:\n  - id: [unclosed\n", source="x.yaml")


def test_round_trip_and_hash():
    t = load_taxonomy("standard")
    t2 = parse_taxonomy(dump_taxonomy(t), source="copy.yaml")
    assert t2.hash() == t.hash() and t2.ids == t.ids


def test_repeated_keys_and_labels_are_problems_with_their_lines(tmp_path):
    import pytest as _pytest

    from forbattra.errors import TaxonomyError
    from forbattra.taxonomy import parse_taxonomy

    text = ("name: t\nthemes:\n  - id: lon\n    label: Personal\n    keywords: [lön]\n    keywords: [löner]\n"
            "  - id: bemanning\n    label: personal\n  - id: ovrigt\n    label: Övrigt\n")
    with _pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    msg = exc.value.render("sv")
    assert "t.yaml:6: keywords: nyckeln 'keywords' står två gånger" in msg
    assert "t.yaml:8: themes[1].label: etiketten 'personal' har redan temat 'lon'" in msg


def test_a_repeated_label_after_an_invalid_theme_names_its_own_place_and_line():
    text = ("name: t\nthemes:\n  - id: lon\n    label: Lön\n    keywords: lön\n  - id: Fel Id\n    label: X\n"
            "  - id: it\n    label: IT\n  - id: it2\n    label: it\n  - id: ovrigt\n    label: Övrigt\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    lines = exc.value.render("sv").splitlines()[1:]
    # the file's own numbering (an invalid theme before it counts), in the file's order
    assert lines == ["t.yaml:5: themes[0].keywords: en text där en lista ska stå; skriv keywords: [lön]",
                     "t.yaml:6: themes[1].id: id 'Fel Id' går inte att använda (små bokstäver, siffror och _, med "
                     "en bokstav först); skriv id: fel_id",
                     "t.yaml:11: themes[3].label: etiketten 'it' har redan temat 'it'; ge temana olika etiketter"], lines


@pytest.mark.parametrize("text, hint, line", [
    ("name: t\nthemes:\n\t- id: it\n    label: IT\n", "tabbtecken", 3),
    ("name: t\nthemes:\n  - id: tak\n    label: Tak: Vision och mål\n", "citattecken (label: \"Tak: Vision och mål\")", 4),
    # a tab inside a theme's keys; a theme indented one space too far; a quote never closed (named where it opens)
    ("name: x\nthemes:\n  - id: a\n    label: A\n  - id: b\n\tlabel: B\n", "tabbtecken", 6),
    ("name: x\nthemes:\n  - id: a\n    label: A\n   - id: b\n    label: B\n", "indraget stämmer inte", 5),
    ("name: x\nthemes:\n  - id: a\n    label: \"A\n  - id: b\n    label: B\n", "citattecken öppnas men stängs inte", 4),
    # text after a closing quote; a list opened with [ and not closed, further up than the end
    ("name: x\nthemes:\n  - id: a\n    label: \"IT\" och digitalt\n  - id: b\n    label: B\n", "efter sitt avslutande citattecken", 4),
    ("name: x\nthemes:\n  - id: a\n    label: A\n    keywords: [dator, skrivare\n  - id: b\n    label: B\n",
     "en lista med [ stängs inte", 5),
    # a key written without its ':' is named on its own line, not the line after it (where YAML notices)
    ("name: x\nthemes:\n  - id: a\n    label A\n  - id: b\n    label: B\n", "saknar ':' efter nyckeln", 4),
    ("name: x\nthemes:\n  - id: a\n    label A\n    keywords: [rum]\n  - id: b\n    label: B\n",
     "saknar ':' efter nyckeln", 4),
    ("name: x\nthemes:\n  - id a\n    label: A\n  - id: b\n    label: B\n", "saknar ':' efter nyckeln", 3),
    ("name x\nthemes:\n  - id: a\n    label: A\n  - id: b\n    label: B\n", "saknar ':' efter nyckeln", 1),
    # PyYAML's English words alone before: two commas in a row, a keyword starting with '*' (a wildcard, read as
    # a YAML reference), a list's dashes on the key's own line
    ("name: x\nthemes:\n  - id: a\n    label: A\n    keywords: [lön, , lönesamtal]\n", "två kommatecken i rad", 5),
    ("name: x\nthemes:\n  - id: a\n    label: A\n    keywords: [*lön]\n", "sätt värdet inom citattecken (\"*viktigt*\")", 5),
    ("name: x\nthemes:\n  - id: a\n    label: A\n    keywords: [lön, *lön*]\n", "läses i YAML som en hänvisning", 5),
    ("name: x\nthemes:\n  - id: a\n    label: A\n    keywords: - lön\n", "en lista med '-' på samma rad som nyckeln", 5),
    # a key one space or more further in than the key above: the indentation is the slip, not a colon to quote
    ("name: x\nthemes:\n  - id: a\n    label: A\n     keywords: [rum]\n  - id: b\n    label: B\n",
     "'keywords:' står längre in än raden ovanför", 5),
    ("name: x\nthemes:\n  - id: a\n      label: A\n  - id: b\n    label: B\n", "'label:' står längre in", 4),
    # a value that runs on to a line with a colon: that line's colon is the one to quote
    ("name: x\nthemes:\n  - id: a\n    label: A\n    description: Kontor och\n      rum: luft\n  - id: b\n"
     "    label: B\n", "citattecken (label: \"Tak: Vision och mål\")", 6),
])
def test_yaml_slips_get_a_swedish_hint(text, hint, line):
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert hint in exc.value.render("sv") and exc.value.render("sv").startswith(f"t.yaml:{line}:"), exc.value.render("sv")


def test_a_draft_from_clusters_with_the_same_label_is_a_valid_taxonomy():
    import pandas as pd

    from forbattra.analysis.clustering import draft_taxonomy
    from forbattra.taxonomy import dump_taxonomy, parse_taxonomy

    cl = pd.DataFrame([{"cluster": k, "label": "schema", "phrases": [], "key_terms": [f"ord{k}"], "size": 3,
                        "examples": ["a", "b"]} for k in (1, 2)] +
                      [{"cluster": 3, "label": "övrigt", "phrases": [], "key_terms": ["x"], "size": 2, "examples": ["c"]}])
    tax = parse_taxonomy(dump_taxonomy(draft_taxonomy(cl)))
    assert [tax.label(t) for t in tax.ids] == ["Schema", "Schema (kluster_02)", "Övrigt (kluster_03)", "Övrigt"]


def test_a_copy_of_a_builtin_sorts_with_its_shipped_model(runner, tmp_path):
    """`taxonomy init --from standard` is 'a copy to edit': unedited it classifies exactly as standard (the
    shipped model and the thanks rule apply), and an edited label shows while the themes stay the model's."""
    import json

    from forbattra.cli import app
    from forbattra.taxonomy import builtin_like, has_builtin_themes

    sample = __import__("pathlib").Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    copy = tmp_path / "mina-teman.yaml"
    assert runner.invoke(app, ["taxonomy", "init", str(copy), "--from", "standard"]).exit_code == 0
    assert builtin_like(load_taxonomy(copy)) == "standard" and has_builtin_themes(load_taxonomy(copy))
    outs = []
    for name, extra in (("a.jsonl", ["--taxonomy", str(copy)]), ("b.jsonl", [])):
        r = runner.invoke(app, ["classify", str(sample), "-o", str(tmp_path / name), *extra])
        assert r.exit_code == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    copy.write_text(copy.read_text(encoding="utf-8").replace("label: Ekonomi och resurser", "label: Pengar"),
                    encoding="utf-8")
    out = tmp_path / "c.xlsx"
    r = runner.invoke(app, ["classify", str(sample), "-o", str(out), "-o", str(tmp_path / "c.jsonl"),
                            "--taxonomy", str(copy)])
    assert r.exit_code == 0 and "models/standard" in r.stderr.replace("\\", "/"), r.stderr
    assert [json.loads(x)["themes"] for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()] == \
        [json.loads(x)["themes"] for x in outs[1].decode("utf-8").splitlines()]
    import openpyxl

    assert "Pengar" in [c.value for c in next(openpyxl.load_workbook(out)["Teman"].iter_cols(min_col=2, max_col=2))]
    # the same themes in another order are still the built-in's
    import yaml

    data = yaml.safe_load((tmp_path / "mina-teman.yaml").read_text(encoding="utf-8"))
    data["themes"] = data["themes"][::-1]
    moved = tmp_path / "omkastad.yaml"
    moved.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert builtin_like(load_taxonomy(moved)) == "standard"
    # a user's own categories are not built-in-like
    own = parse_taxonomy("name: egen\nthemes:\n- id: a\n  label: A\n- id: ovrigt\n  label: Övrigt\n")
    assert builtin_like(own) is None


@pytest.mark.parametrize("text, problem", [
    ("name: t\nfallback: ovrigt\nthemes:\n  - id: ovrigt\n    label: Övrigt\n", "inga teman att sortera in i"),
    ("name: t\nfallback: ovrigt\nthemes:\n  - {id: a, label: A, manual: true}\n  - {id: ovrigt, label: Övrigt}\n",
     "inga teman att sortera in i"),
    ("name: t\nthemes:\n  - {id: it, label: IT, keywords: [dator, '*']}\n  - {id: ovrigt, label: Övrigt}\n",
     "nyckelordet '*' har inga bokstäver"),
])
def test_a_taxonomy_that_could_never_sort_anything_is_refused(text, problem):
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert problem in exc.value.render("sv")


def test_a_fallback_written_as_its_label_is_told_to_use_the_id():
    """'fallback: Övrigt' names the theme by its label: the fix is its id, not a new theme 'id: Övrigt'
    (an id the file could not have)."""
    text = "name: t\nfallback: Övrigt\nthemes:\n  - {id: lokaler, label: Lokaler}\n  - {id: ovrigt, label: Övrigt}\n"
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("sv").splitlines()[1] == ("t.yaml:2: fallback: reservtemat (fallback) anges med temats id, "
                                                     "inte dess etikett: skriv fallback: ovrigt")
    assert exc.value.render("en").splitlines()[1] == ("t.yaml:2: fallback: the fallback theme is given by its id, "
                                                     "not its label: write fallback: ovrigt")


def test_an_id_or_label_that_is_not_text_is_one_problem():
    """'id: 1' and 'label: [2025]' are one slip each: one line, not 'expected a string' and 'missing' both."""
    text = "name: t\nthemes:\n  - id: 1\n    label: Ett\n  - id: ar\n    label: [2025]\n  - {id: ovrigt, label: Övrigt}\n"
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en").splitlines() == [
        "invalid taxonomy (2 problems):",
        "t.yaml:3: themes[0].id: the id '1' cannot be used (lower-case letters, digits and _, starting with a "
        "letter); write id: ett",
        "t.yaml:6: themes[1].label: expected a string"]


def test_a_label_written_without_its_commas_names_its_theme():
    tax = load_taxonomy("standard")
    assert tax.find("Ledning styrning och delaktighet") == "ledning"
    assert tax.find("arbetssätt rutiner och dokumentation") == "arbetssatt"
    assert tax.find("IT och digitala verktyg.") == "it" and tax.find("Ledning & styrning") is None


def test_signs_that_tell_labels_apart_are_kept_when_matching_loosely():
    tax = parse_taxonomy("name: t\nfallback: annat\nthemes:\n  - {id: cpp, label: C++}\n  - {id: c, label: C}\n"
                         "  - {id: a, label: IT-stöd}\n  - {id: b, label: IT stöd}\n  - {id: annat, label: Annat}\n")
    assert (tax.find("C++"), tax.find("c"), tax.find("C#"), tax.find("it-stöd"), tax.find("IT stöd.")) == \
        ("cpp", "c", None, "a", "b")


def test_taxonomy_list_in_english_describes_the_builtins_in_english(runner):
    """`taxonomy list --lang en` printed each built-in's Swedish description ("Förbättringsförslag i kommunal
    välfärd …") beside its English counts. The English text is the file's `description_en:`; it is no part of
    the hash, so the shipped models (which record it) and every model or run trained before still match."""
    import json
    from pathlib import Path

    from forbattra.cli import app

    r = runner.invoke(app, ["taxonomy", "list", "--lang", "en"])
    assert r.exit_code == 0
    lines = dict(line.split("\t", 1) for line in r.stdout.splitlines())
    assert lines["standard"] == "10 themes + Other\tImprovement suggestions in municipal welfare services " \
                                "(social services, schools, care and support functions)"
    assert lines["huset"] == "9 themes + Not placed, and Garage (parked ideas), set by a person only\tNordmaling's house model for " \
                             "quality work in the social services"
    r = runner.invoke(app, ["taxonomy", "list"])  # Swedish unchanged
    assert r.exit_code == 0 and "\tFörbättringsförslag i kommunal välfärd (" in r.stdout
    models = Path(__file__).resolve().parents[1] / "models"
    for name in ("standard", "huset"):
        recorded = json.loads((models / name / "model.json").read_text(encoding="utf-8"))["taxonomy_hash"]
        # the shipped model was trained for the built-in: the same taxonomy, but for English wording added since
        # (huset's description_en), which no classifier reads
        trained = load_taxonomy(models / name / "taxonomy.yaml")
        assert trained.hash() == recorded and load_taxonomy(name).same_but_wording(trained)


def test_a_taxonomy_of_ones_own_may_describe_itself_in_english():
    text = "name: egen\ndescription: Förslag 2026\ndescription_en: Suggestions 2026\nthemes:\n" \
           "  - id: lokaler\n    label: Lokaler\n  - id: ovrigt\n    label: Övrigt\n"
    t = parse_taxonomy(text, source="egen.yaml")
    assert (t.describe("sv"), t.describe("en")) == ("Förslag 2026", "Suggestions 2026")
    t2 = parse_taxonomy(dump_taxonomy(t), source="copy.yaml")  # written back with it
    assert t2.describe("en") == "Suggestions 2026" and t2.hash() == t.hash()
    without = parse_taxonomy(text.replace("description_en: Suggestions 2026\n", ""), source="x.yaml")
    assert without.hash() == t.hash() and without.describe("en") == "Förslag 2026"  # (the Swedish when none)


def test_words_yaml_reads_as_booleans_numbers_or_dates_are_the_text_as_written():
    """YAML 1.1 reads an unquoted `no`, `yes`, `on`, `off` as true/false, `2024` and `1.10` as numbers, a date as a
    date: `label: 2024` and `keywords: [1177, vårdguiden]` were refused as "expected a string", a message that
    does not say why (the user did write text) nor how to fix it. They are the text as written; a value left
    blank (`label_en:`) is no English label, as if the line were not there."""
    text = ("name: no\nthemes:\n  - id: no\n    label: Nej\n    label_en: No\n    keywords: [1177, vårdguiden, on]\n"
            "  - id: ar\n    label: 2024\n    label_en: 1.10\n    description:\n    description_en: off\n"
            "  - id: datum\n    label: 2024-01-31\n    label_en:\n    keywords: [yes, 0x1F, 1e3]\n"
            "  - {id: ovrigt, label: Övrigt, min_confidence: 0.5, manual: false}\n")
    t = parse_taxonomy(text, source="t.yaml")
    assert t.name == "no" and t.ids == ["no", "ar", "datum", "ovrigt"]
    assert [(th.label, th.label_en, th.description, th.description_en, th.keywords) for th in t.themes[:3]] == [
        ("Nej", "No", "", "", ("1177", "vårdguiden", "on")),
        ("2024", "1.10", "", "off", ()),
        ("2024-01-31", "", "", "", ("yes", "0x1F", "1e3"))]
    assert t["ovrigt"].min_confidence == 0.5 and t["ovrigt"].manual is False  # (numbers and true/false stay so)
    assert t.find("2024") == "ar" and parse_taxonomy(dump_taxonomy(t)).hash() == t.hash()


def test_labels_that_differ_only_in_spaces_are_one_label():
    """'IT stöd' and 'IT  stöd ' (a double space, typed or pasted) look the same in every sheet and report, and
    a correction 'IT stöd' names both (the first won): the docs promise no two themes share a label."""
    text = ("name: t\nthemes:\n  - {id: a, label: IT stöd, label_en: IT support}\n"
            "  - id: b\n    label: \"IT  stöd \"\n  - {id: c, label: C, label_en: \"IT \\tsupport\"}\n  - {id: ovrigt, label: Övrigt}\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en").splitlines()[1:] == [
        "t.yaml:5: themes[1].label: theme 'a' already has the label 'IT  stöd'; give the themes different labels",
        "t.yaml:6: themes[2].label_en: theme 'a' already has the label 'IT \\tsupport'; give the themes different labels"]


def test_an_english_label_another_theme_has_is_named_on_its_own_line():
    """A label_en: that is another theme's label was reported as the theme's label:, on that line ('t.yaml:7:
    themes[1].label: the label 'IT' …' where line 7 says 'label: Data'): the line and key that hold it now."""
    text = ("name: t\nthemes:\n  - id: it\n    label: IT\n    keywords: [dator]\n  - id: data\n    label: Data\n"
            "    label_en: it\n  - id: ovrigt\n    label: Övrigt\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("sv").splitlines()[1:] == [
        "t.yaml:8: themes[1].label_en: etiketten 'it' har redan temat 'it'; ge temana olika etiketter"]


def test_a_taxonomy_saved_in_notepads_other_encodings_reads_as_written(tmp_path):
    """Notepad saves 'ANSI' (Windows-1252 on a Swedish Windows) or 'Unicode' (UTF-16): a taxonomy with
    å/ä/ö saved so was refused ('not UTF-8 text; save the taxonomy as UTF-8', no line), though forbattra reads
    the suggestions themselves in those encodings. It reads as written, the same taxonomy as in UTF-8."""
    text = ("name: egen\nthemes:\n  - id: lokaler\n    label: Lokaler och fysisk miljö\n"
            "    keywords: [för trångt, rum]\n  - id: ovrigt\n    label: Övrigt\n")
    (tmp_path / "utf8.yaml").write_text(text, encoding="utf-8")
    want = load_taxonomy(str(tmp_path / "utf8.yaml"))
    for name, data in (("ansi.yaml", text.replace("\n", "\r\n").encode("cp1252")),
                       ("unicode.yaml", text.replace("\n", "\r\n").encode("utf-16")),  # (with its BOM)
                       ("bom.yaml", b"\xef\xbb\xbf" + text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        got = load_taxonomy(str(tmp_path / name))
        assert (got.hash(), got.label("lokaler"), got["lokaler"].keywords) == \
            (want.hash(), "Lokaler och fysisk miljö", ("för trångt", "rum")), name


def test_a_workbook_given_as_the_taxonomy_is_named_as_no_taxonomy_file(tmp_path, runner):
    """'--taxonomy forslag.xlsx' (the arguments swapped) said 'not UTF-8 text; save the taxonomy as UTF-8',
    sending the user to save the workbook as UTF-8 text."""
    from forbattra.cli import app

    path = tmp_path / "forslag.xlsx"
    pd = pytest.importorskip("pandas")
    pd.DataFrame({"text": ["Fler vikarier"]}).to_excel(path, index=False)
    r = runner.invoke(app, ["taxonomy", "validate", str(path), "--lang", "en"])
    assert r.exit_code == 4
    assert r.output.strip() == (f"Error: {path}: is an Excel workbook, not a text file; give the taxonomy's YAML file "
                                "(forbattra taxonomy init writes one)"), r.output


@pytest.mark.parametrize("text, line, written, fixed", [
    ("name:t\nthemes:\n  - id: a\n    label: A\n  - {id: ovrigt, label: Övrigt}\n", 1, "name:t", "name: t"),
    ("name: t\nthemes:\n  - id:a\n    label: A\n  - {id: ovrigt, label: Övrigt}\n", 3, "id:a", "id: a"),
    ("name: t\nthemes:\n  - id: a\n    label:A\n  - {id: ovrigt, label: Övrigt}\n", 4, "label:A", "label: A"),
    ("name: t\nthemes:\n  - id: a\n    label: A\n    keywords:[rum, lokal]\n  - {id: ovrigt, label: Övrigt}\n", 5,
     "keywords:[rum, lokal]", "keywords: [rum, lokal]"),
    ("name: t\nfallback:ovrigt\nthemes:\n  - id: a\n    label: A\n  - {id: ovrigt, label: Övrigt}\n", 2,
     "fallback:ovrigt", "fallback: ovrigt"),
])
def test_a_key_written_without_a_space_after_its_colon_is_named_so(text, line, written, fixed):
    """'label:A' (no space after the colon, the commonest slip in hand-written YAML) was told 'a line lacks ':'
    after its key' — it has one — or 'a colon inside a value; put the value in quotes', on the line after it
    ('- id:a', 'name:t'). The line is its own, and the fix is the space."""
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en") == (f"t.yaml:{line}: invalid YAML: a space is missing after the ':' in "
                                      f"{written!r}; write {fixed!r}"), exc.value.render("en")
    assert exc.value.render("sv").startswith(f"t.yaml:{line}: ogiltig YAML: mellanslag saknas efter ':' i {written!r}")
    # a colon inside a value is no slip ('kl:15'), and an unknown word before a colon no key
    assert parse_taxonomy(text.replace(written, fixed) + "  - {id: b, label: B, description: kl:15 möte}\n").ids[-1] == "b"


def test_non_breaking_spaces_copied_into_the_indentation_are_spaces():
    """A taxonomy put together from a web page, an e-mail or a Word document has non-breaking spaces where the
    user sees spaces: before a key ('\\xa0   label: A'), after a list's '-' or after a key's ':'. YAML reads them
    as text, and the user got 'a colon inside a value; put the value in quotes' on a line with no colon in any
    value. Where they stand for YAML's spaces, they are spaces; inside a value they are kept."""
    n = "\u00a0"
    clean = ("name: t\nthemes:\n  - id: a\n    label: Lokaler och miljö\n    keywords:\n      - rum\n"
             "  - id: ovrigt\n    label: Övrigt\n")
    want = parse_taxonomy(clean, source="t.yaml").hash()
    for text in (clean.replace("    label: Lokaler", n + "   label: Lokaler"), clean.replace("  ", n + n),
                 clean.replace("  - id: a", "  -" + n + "id: a"), clean.replace("label: L", "label:" + n + "L"),
                 clean.replace("      - rum", "   " + n + n + " -" + n + "rum")):
        assert parse_taxonomy(text, source="t.yaml").hash() == want, repr(text)
    kept = parse_taxonomy(clean.replace("Lokaler och", "Lokaler" + n + "och"), source="t.yaml")
    assert kept.label("a") == "Lokaler" + n + "och miljö"  # (a value's own, as before: its hash unchanged)


def test_a_theme_written_without_a_space_after_its_dash_is_named_so():
    """'-id: a' (no space after the list's '-') was told 'a colon inside a value; put the value in quotes', on
    the line after it: YAML reads '-id' as a key of its own."""
    text = "name: t\nthemes:\n  -id: a\n    label: A\n  - {id: ovrigt, label: Övrigt}\n"
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en") == "t.yaml:3: invalid YAML: a space is missing after the '-' in '-id: a'; write '- id: a'"
    assert exc.value.render("sv") == "t.yaml:3: ogiltig YAML: mellanslag saknas efter '-' i '-id: a'; skriv '- id: a'"


def test_a_label_cut_by_a_comment_is_a_problem_with_its_line():
    """'label: Tema #1' read as 'Tema' without a word (YAML takes ' #1' as a comment): a name, label or
    description that the line goes on after with ' #' against a word is a problem naming its line, what was
    read and how to write it (exit 4); comments written as comments (the starter's, '# ' with a space) are not."""
    from forbattra.taxonomy import STARTER

    text = ("fallback: ovrigt\nthemes:\n  - id: t1\n    label: Tema #1\n    keywords: [lön]\n"
            "  - id: t2\n    label: Schema   # the staff's own word\n    description_en: Rota #2b  # ours\n"
            "  - id: ovrigt\n    label: Övrigt # the rest\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.exit_code == 4
    assert exc.value.render("en").splitlines()[1:] == [
        "t.yaml:4: themes[0].label: reads as 'Tema', not 'Tema #1': ' #' starts a comment in YAML; put the value in "
        "quotes: label: \"Tema #1\"",
        "t.yaml:8: themes[1].description_en: reads as 'Rota', not 'Rota #2b': ' #' starts a comment in YAML; put the "
        "value in quotes: description_en: \"Rota #2b\""]
    quoted = parse_taxonomy(text.replace("Tema #1", '"Tema #1"').replace("Rota #2b", "'Rota #2b'"), source="t.yaml")
    assert [t.label for t in quoted.themes] == ["Tema #1", "Schema", "Övrigt"]
    assert quoted.themes[1].description_en == "Rota #2b"
    assert parse_taxonomy(STARTER).themes[0].label == "Lokaler och fysisk miljö"


def test_taxonomy_init_writes_only_a_yaml_file_never_over_an_export_or_a_folder(runner, tmp_path):
    """'taxonomy init forslag.xlsx --force' (the arguments of classify typed by habit) replaced the export with YAML
    text, exit 0, and 'taxonomy init ut --force' on a folder was an internal error (exit 1): the file to write is
    a .yaml or .yml file, checked as discover --taxonomy-out's is, before anything is written."""
    from forbattra.cli import app

    pd = pytest.importorskip("pandas")
    export = tmp_path / "forslag.xlsx"
    pd.DataFrame({"text": ["Fler vikarier"]}).to_excel(export, index=False)
    before = export.read_bytes()
    r = runner.invoke(app, ["taxonomy", "init", str(export), "--force", "--lang", "en"])
    assert r.exit_code == 3 and export.read_bytes() == before, r.output
    assert r.output.strip() == f"Error: {export}: unknown format .xlsx; use one of .yaml, .yml", r.output
    folder = tmp_path / "ut"
    folder.mkdir()
    r = runner.invoke(app, ["taxonomy", "init", str(folder), "--force"])
    assert r.exit_code == 3 and "Traceback" not in r.output and list(folder.iterdir()) == [], r.output
    assert r.output.strip() == (f"Fel: {folder}: är en mapp, ingen fil; ange ett filnamn som slutar på .yaml, .yml "
                                f"(t.ex. {folder / 'ut.yaml'})"), r.output
    labelled = tmp_path / "egna.csv"
    labelled.write_text("text;kategori\nFler vikarier;Bemanning\n", encoding="utf-8")
    r = runner.invoke(app, ["taxonomy", "init", str(labelled), "--from-labels", str(labelled), "--force"])
    assert r.exit_code == 3 and labelled.read_text(encoding="utf-8").startswith("text;kategori"), r.output
    assert runner.invoke(app, ["taxonomy", "init", str(tmp_path / "egen.yml")]).exit_code == 0
    assert load_taxonomy(str(tmp_path / "egen.yml")).name == "egen"


@pytest.mark.parametrize("command", [["classify", "in.csv", "-o", "o.jsonl"], ["report", "in.csv", "-o", "r.md"],
                                     ["trends", "--store", "h.db"], ["train", "in.csv", "-l", "tema", "--out", "m"],
                                     ["evaluate", "in.csv", "-l", "tema"], ["review", "in.csv", "-o", "g.xlsx"],
                                     ["discover", "in.csv", "-o", "k.xlsx"]])
def test_an_empty_taxonomy_is_refused_naming_the_option_not_a_folder(runner, tmp_path, command):
    """'--taxonomy "$TAXONOMI"' in a nightly script whose variable is unset: classify and report said
    'Error: .: is a directory, expected a taxonomy YAML file' (a folder the user never named), as did train,
    evaluate, review and discover; trends went on with the store's taxonomy as if none was given. Now a usage error naming --taxonomy
    (exit 2), and from the config file a configuration error naming the key (exit 4); nothing written."""
    from forbattra.cli import app

    (tmp_path / "in.csv").write_text("id;text;tema\n1;Fler vikarier behövs;personal\n", encoding="utf-8")
    r = runner.invoke(app, [*command, "--taxonomy", "", "--lang", "en"])
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines()[-1] == ("Error: Invalid value for '--taxonomy': empty; give a built-in "
                                                 "taxonomy (standard, huset) or a YAML file"), r.output
    (tmp_path / "forbattra.toml").write_text(f'[{command[0]}]\ntaxonomy = " "\n', encoding="utf-8")
    r = runner.invoke(app, command)
    assert r.exit_code == 4, r.output
    last = r.output.strip().splitlines()[-1]
    assert last.startswith(f"Fel: {tmp_path / 'forbattra.toml'}: [{command[0]}] taxonomy = ' ' duger inte: "), r.output
    assert last.endswith("tomt; ange en inbyggd taxonomi (standard, huset) eller en YAML-fil"), r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forbattra.toml", "in.csv"]


def test_an_empty_taxonomy_name_to_show_or_validate_is_no_folder(runner):
    from forbattra.cli import app

    for command in ("show", "validate"):
        r = runner.invoke(app, ["taxonomy", command, "", "--lang", "en"])
        assert r.exit_code == 4, r.output
        assert r.output.strip() == "Error: taxonomy '' not found: give a YAML file or one of the built-ins (standard, huset)"


@pytest.mark.parametrize("typed, name", [("Standard", "standard"), ("HUSET", "huset"), (" standard ", "standard")])
def test_a_builtin_taxonomy_is_named_in_any_case(runner, tmp_path, typed, name):
    """'--taxonomy Standard' (as the help's list is capitalised in a sentence) was refused as 'no such taxonomy';
    a built-in name is one name in any case, on the command line, in 'taxonomy init --from' and in the config."""
    from forbattra.cli import app

    assert load_taxonomy(typed).hash() == load_taxonomy(name).hash()
    sample = __import__("pathlib").Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    r = runner.invoke(app, ["classify", str(sample), "-o", str(tmp_path / "a.jsonl"), "--taxonomy", typed])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["classify", str(sample), "-o", str(tmp_path / "b.jsonl"), "--taxonomy", name])
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    r = runner.invoke(app, ["taxonomy", "init", str(tmp_path / "kopia.yaml"), "--from", typed])
    assert r.exit_code == 0, r.output
    assert load_taxonomy(tmp_path / "kopia.yaml").ids == load_taxonomy(name).ids
    conf = tmp_path / "conf" / "forbattra.toml"
    conf.parent.mkdir()
    conf.write_text(f'[classify]\ntaxonomy = "{typed}"\n', encoding="utf-8")
    r = runner.invoke(app, ["--config", str(conf), "classify", str(sample), "-o", str(tmp_path / "c.jsonl")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_file_named_like_a_builtin_in_another_case_is_still_that_file(tmp_path):
    """Only a name that is no file is a built-in one: a taxonomy file 'Huset' (no suffix) is read as the file."""
    own = tmp_path / "Huset"
    own.write_text("name: egen\nthemes:\n  - id: a\n    label: A\n    keywords: [rum]\n"
                   "  - {id: ovrigt, label: Övrigt}\n", encoding="utf-8")
    assert load_taxonomy("Huset").name == "egen"


def test_an_id_typed_with_or_without_swedish_letters_names_its_theme():
    """The built-in ids are written without å/ä/ö ('arbetsmiljo'); a user's own may have them ('lön'): either
    typed the other way is that theme, where only one theme is spelt so."""
    std = load_taxonomy("standard")
    assert [std.find(x) for x in ("arbetsmiljö", "Arbetssätt", "övrigt", "arbetsmiljo")] == [
        "arbetsmiljo", "arbetssatt", "ovrigt", "arbetsmiljo"]
    own = parse_taxonomy("name: t\nthemes:\n  - {id: lön, label: Lönen}\n  - {id: löne_vaxling, label: Växling}\n"
                         "  - {id: ovrigt, label: Övrigt}\n")
    assert [own.find(x) for x in ("lon", "LON", "lone_växling", "loen")] == ["lön", "lön", "löne_vaxling", None]
    two = parse_taxonomy("name: t\nthemes:\n  - {id: lon, label: A}\n  - {id: lön, label: B}\n"
                         "  - {id: ovrigt, label: Övrigt}\n")
    assert [two.find(x) for x in ("lon", "lön", "lõn")] == ["lon", "lön", None]


def test_a_dash_further_in_than_the_one_above_is_reported_not_read_into_the_keyword_above():
    """'- lön' / '   - övertid': YAML reads the second line as the rest of the first keyword ('lön - övertid',
    a phrase no text holds), so both keywords were silently lost; now one line each, with the line of the dash."""
    text = ("name: t\nthemes:\n  - id: lon\n    label: Lön\n    keywords:\n      - lön\n       - övertid\n"
            "       - ob\n    examples:\n      - Vi vill ha\n        högre lön\n  - id: ovrigt\n    label: Övrigt\n"
            "    exclude:\n    - a\n     - b\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("sv").splitlines()[1:] == [
        "t.yaml:7: themes[0].keywords[0]: '- övertid' står längre in än strecket ovanför och läses som en del av "
        "'lön - övertid - ob'; ställ strecken lika långt in",
        "t.yaml:16: themes[1].exclude[0]: '- b' står längre in än strecket ovanför och läses som en del av 'a - b'; "
        "ställ strecken lika långt in"]
    # the dashes lined up: three keywords; an example over two lines (as a dump wraps it) is one example
    fixed = parse_taxonomy(text.replace("       - ", "      - ").replace("     - b", "    - b"), source="t.yaml")
    assert fixed.themes[0].keywords == ("lön", "övertid", "ob") and fixed.themes[0].examples == ("Vi vill ha högre lön",)


def test_an_empty_list_item_is_named_on_its_own_line():
    """A '-' left when a keyword was deleted (or a quoted "") was 'expected a list of strings, such as [lön,
    lönesamtal]' on the key's line, which the user's list already is; now the item and its line."""
    text = ("name: t\nthemes:\n  - id: lon\n    label: Lön\n    keywords:\n      - lön\n      -\n      - övertid\n"
            "    exclude: [\"lönn\", \" \"]\n  - id: ovrigt\n    label: Övrigt\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en").splitlines()[1:] == [
        "t.yaml:7: themes[0].keywords[1]: an empty item in the list (a '-' with no text after it, or \"\"); write the "
        "text after the '-' or remove the line",
        "t.yaml:9: themes[0].exclude[1]: an empty item in the list (a '-' with no text after it, or \"\"); write the "
        "text after the '-' or remove the line"]


def test_taxonomy_init_writes_the_starters_comments_in_the_users_language(runner, tmp_path):
    """'taxonomy init' wrote the starter a Swedish user edits with English comments ('edit the themes, then run',
    'Words and phrases; write them in any inflection'), whatever the language of its messages. They follow --lang
    now (Swedish by default); the YAML itself, and so the taxonomy and its hash, is the same in both."""
    from forbattra.cli import app

    sv, en = tmp_path / "min.yaml", tmp_path / "en" / "min.yaml"
    en.parent.mkdir()
    assert runner.invoke(app, ["taxonomy", "init", str(sv)]).exit_code == 0
    assert runner.invoke(app, ["taxonomy", "init", str(en), "--lang", "en"]).exit_code == 0
    text = sv.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# forbattra-taxonomi: redigera temana, kör sedan"
    assert "# Fraser där ett nyckelord betyder något annat." in text and "edit the themes" not in text
    assert en.read_text(encoding="utf-8").splitlines()[0] == "# forbattra taxonomy: edit the themes, then run"
    assert load_taxonomy(sv).hash() == load_taxonomy(en).hash()
    assert load_taxonomy(sv).to_dict() == load_taxonomy(en).to_dict()


@pytest.mark.parametrize("given, meant", [
    ("min-taxonomi", "min-taxonomi.yaml"),  # the file's name without its .yaml
    ("min_taxonomi.yaml", "min-taxonomi.yaml"),
    ("standrad", "standard"),
])
def test_a_mistyped_taxonomy_names_the_one_meant(runner, tmp_path, monkeypatch, given, meant):
    """--taxonomy min-taxonomi, for the min-taxonomi.yaml taxonomy init wrote, said only "taxonomin finns inte: ange
    en YAML-fil eller en av de inbyggda (standard, huset)". The taxonomy meant is named (exit 4 as before)."""
    from forbattra.cli import app

    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["taxonomy", "init", "min-taxonomi.yaml"]).exit_code == 0
    r = runner.invoke(app, ["taxonomy", "validate", given])
    assert r.exit_code == 4, r.stderr
    assert r.stderr == f"Fel: taxonomin '{given}' finns inte; menade du '{meant}'?\n"
    with pytest.raises(TaxonomyError, match=f"^taxonomy '{given}' not found; did you mean '{meant}'\\?$"):
        load_taxonomy(given)


def test_a_theme_labelled_as_a_column_of_the_unit_and_month_tables_is_refused():
    """A theme labelled 'Totalt' was the same column as Tema per enhet's 'Totalt': classify's sheet and the report's
    Markdown showed each unit's row count under it, the theme's own counts gone, and the report's workbook failed
    ('internt fel: AttributeError'), nothing written. Such a label ('Enhet', 'Totalt', 'Månad', in English too, in
    any case) is now a taxonomy problem with its line, as a label two themes share is."""
    text = ("name: t\nfallback: ovrigt\nthemes:\n  - {id: a, label: Totalt, keywords: [x]}\n"
            "  - id: b\n    label: Summor\n    label_en: \" month \"\n    keywords: [y]\n"
            "  - {id: c, label: Enheten, label_en: Units, keywords: [z]}\n  - {id: ovrigt, label: Övrigt}\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("en").splitlines()[1:] == [
        "t.yaml:4: themes[0].label: the label 'Totalt' is the heading of a column of the tables by unit and month; "
        "give the theme another label",
        "t.yaml:7: themes[1].label_en: the label 'month' is the heading of a column of the tables by unit and month; "
        "give the theme another label"]
    assert exc.value.exit_code == 4


def test_a_taxonomy_saved_with_decomposed_letters_reads_its_own_outputs_back(runner, tmp_path):
    """A taxonomy saved on a Mac with "å" as "a" and a combining ring (NFD) wrote its labels so into the outputs;
    read back NFC, as every input is, they were no label of the taxonomy: ``report`` refused its own output
    ("filen klassificerades med en annan taxonomi"). The taxonomy is read NFC too."""
    import unicodedata

    from forbattra.cli import app

    yaml_text = ("name: liten\nfallback: ovrigt\nthemes:\n  - id: mat\n    label: Måltider\n"
                 "    keywords: [måltid, kök]\n  - id: ovrigt\n    label: Övrigt\n")
    tax = tmp_path / "tax.yaml"
    tax.write_text(unicodedata.normalize("NFD", yaml_text), encoding="utf-8")
    assert load_taxonomy(str(tax)).label("mat", "sv") == "Måltider"
    src = tmp_path / "in.csv"
    src.write_text("Förslag\nBättre måltider i köket för barnen på förskolan\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert ";Måltider;" in out.read_text(encoding="utf-8-sig")
    r = runner.invoke(app, ["report", str(out), "--taxonomy", str(tax), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


def test_validate_warns_of_keywords_on_the_fallback_or_a_manual_theme(tmp_path):
    """Keywords of the fallback theme ('Övrigt': [annat, övrigt]) or of a manual 'Garage' are never scored, so
    they never match anything: 'taxonomy validate' said OK without a word. Now a warning per line (exit 0: the
    taxonomy is valid), in Swedish by default; a taxonomy without such lines gets none."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    path = tmp_path / "egen.yaml"
    path.write_text("name: egen\nthemes:\n  - id: lön\n    label: Lön\n    keywords: [lön]\n"
                    "  - id: garage\n    label: Garage\n    manual: true\n    keywords: [parkera, senare]\n"
                    "  - id: övrigt\n    label: Övrigt\n    examples: [Annat]\n    keywords: [annat]\n"
                    "fallback: övrigt\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["taxonomy", "validate", str(path)])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"Varning: {path}:9: themes[1].keywords: 'keywords' på temat 'garage' används aldrig: temat är manuellt "
        "(manual: true) och sätts bara av en person, i kolumnen 'Rättat tema'; ta bort raden, eller ta bort "
        "manual: true om klassificeraren ska sätta temat",
        f"Varning: {path}:12: themes[2].examples: 'examples' på reservtemat 'övrigt' används aldrig: ett förslag får "
        "reservtemat när inget annat tema passar, vad det än skriver; flytta raden till ett eget tema, eller ta bort den",
        f"Varning: {path}:13: themes[2].keywords: 'keywords' på reservtemat 'övrigt' används aldrig: ett förslag får "
        "reservtemat när inget annat tema passar, vad det än skriver; flytta raden till ett eget tema, eller ta bort den"]
    assert r.stdout.startswith("OK: egen: 1 tema + Övrigt")
    r = CliRunner().invoke(app, ["taxonomy", "validate", str(path), "--lang", "en"])
    assert r.stderr.splitlines()[0] == (
        f"Warning: {path}:9: themes[1].keywords: 'keywords' of the theme 'garage' is never used: the theme is manual "
        "(manual: true), set only by a person, in the column 'Corrected themes'; remove the line, or remove manual: "
        "true for the classifier to assign the theme")
    for name in ("standard", "huset"):  # (huset's Garage has a description, which is no keyword)
        r = CliRunner().invoke(app, ["taxonomy", "validate", name])
        assert r.exit_code == 0 and r.stderr == "", r.stderr


def test_a_fallback_theme_spelt_with_o_umlaut_is_named_not_to_be_added():
    """A taxonomy of Swedish ids ends with 'id: övrigt' and no 'fallback:' line (the default is 'ovrigt'): the error
    said to add a theme 'id: ovrigt, label: Övrigt' — a second Övrigt beside the one there, then refused for its
    label. It now names the theme and the line to write; so for 'fallback: ovrigt' and for a theme labelled
    Övrigt under another id. A fallback theme nowhere to be seen is still to be added."""
    def problem(text: str) -> str:
        with pytest.raises(TaxonomyError) as exc:
            parse_taxonomy(text, source="egen.yaml")
        return exc.value.render("sv").splitlines()[1]

    themes = "themes:\n  - id: lön\n    label: Lön\n  - id: övrigt\n    label: Övrigt\n"
    assert problem("name: egen\n" + themes) == (
        "egen.yaml:1: fallback: reservtemat är 'ovrigt' när filen inte har någon rad fallback:, och det finns inte "
        "bland temana, men temat 'övrigt' ser ut att vara det; lägg till raden fallback: övrigt före themes:")
    assert problem("name: egen\nfallback: ovrigt\n" + themes) == (
        "egen.yaml:2: fallback: reservtemat (fallback) 'ovrigt' finns inte bland temana, men temat 'övrigt' ser ut "
        "att vara det; skriv fallback: övrigt")
    assert problem("name: egen\nthemes:\n  - id: lön\n    label: Lön\n  - id: annat\n    label: Övrigt\n") == (
        "egen.yaml:1: fallback: reservtemat är 'ovrigt' när filen inte har någon rad fallback:, och det finns inte "
        "bland temana, men temat 'annat' ser ut att vara det; lägg till raden fallback: annat före themes:")
    assert problem("name: egen\nthemes:\n  - id: lön\n    label: Lön\n  - id: schema\n    label: Schema\n") == (
        "egen.yaml:1: fallback: reservtemat (fallback) 'ovrigt' finns inte bland temana; lägg till det "
        "(t.ex. id: ovrigt, label: Övrigt)")
    assert parse_taxonomy("name: egen\nfallback: övrigt\n" + themes).fallback == "övrigt"


def test_classify_by_keywords_names_the_themes_without_keywords(tmp_path):
    """With --model none a theme with no keywords: line gets no suggestion, whatever the text says; the run said
    nothing of it, and the table showed the theme with 0 as if no one had raised it. One line names them now
    (in the messages' language), and a taxonomy whose every theme has keywords gets no such line."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nfallback: övrigt\nthemes:\n  - id: lön\n    label: Lön\n    keywords: [lön]\n"
                   "  - id: ledarskap\n    label: Ledarskap\n    label_en: Leadership\n"
                   "  - id: måltider\n    label: Måltider\n  - id: övrigt\n    label: Övrigt\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Lönen är för låg\n2;Chefen borde lyssna mer\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "-o", str(tmp_path / "t.csv")])
    assert r.exit_code == 0, r.stderr
    assert ("Ledarskap, Måltider: inga nyckelord (keywords:), så temana får inga förslag när forbattra sorterar på "
            "nyckelord (--model none); ge dem nyckelord, eller sortera på betydelse utan --model none") in r.stderr.splitlines()
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--lang", "en",
                                 "-o", str(tmp_path / "e.csv")])
    assert ("Leadership, Måltider: no keywords (keywords:), so the themes get no suggestions when forbattra sorts by "
            "keywords (--model none); give them keywords, or sort by meaning without --model none") in r.stderr.splitlines()
    r = CliRunner().invoke(app, ["classify", str(src), "--model", "none", "-o", str(tmp_path / "s.csv")])
    assert r.exit_code == 0 and "inga nyckelord" not in r.stderr


def test_validate_warns_of_a_keyword_its_own_exclusion_blocks(tmp_path):
    """A keyword that its theme's own exclusion stands inside ('lön' beside exclude: [lön], 'IT-stöd' beside
    exclude: [stöd], 'lokala rutiner' excluded and listed as a keyword) never counts where it is written, and
    'taxonomy validate' said OK without a word. Now one warning per such keyword, with its line, the theme, the
    exclusion that blocks it and the fix (exit 0: the taxonomy is valid). An exclusion longer than the keyword
    ('lokala rutiner' beside 'lokal', as the starter has it) blocks only where it stands: no warning, and neither
    does another theme's exclusion (an exclusion blocks its own theme's keywords only)."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    path = tmp_path / "egen.yaml"
    path.write_text("name: egen\nthemes:\n"
                    "  - id: lokaler\n    label: Lokaler\n    keywords: [lokal, lokala rutiner, ventilation]\n"
                    "    exclude: [lokala rutiner]\n"
                    "  - id: lön\n    label: Lön\n    keywords:\n      - lönesamtal\n      - lön\n    exclude: [lön]\n"
                    "  - id: it\n    label: IT-stöd\n    keywords: [IT-stöd, dator, stöd]\n    exclude: [stöd, ventilation]\n"
                    "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["taxonomy", "validate", str(path)])
    assert r.exit_code == 0, r.stderr
    fix = ("; ta bort nyckelordet eller uteslutningen, eller gör uteslutningen längre så att den bara täcker den "
           "andra betydelsen (som 'lokala rutiner' för 'lokal')")
    assert r.stderr.splitlines() == [
        f"Varning: {path}:5: themes[0].keywords[1]: nyckelordet 'lokala rutiner' räknas aldrig där det står: temat "
        "'lokaler' utesluter 'lokala rutiner' (exclude), som står i nyckelordet självt" + fix,
        f"Varning: {path}:11: themes[1].keywords[1]: nyckelordet 'lön' räknas aldrig där det står: temat 'lön' "
        "utesluter 'lön' (exclude), som står i nyckelordet självt" + fix,
        f"Varning: {path}:15: themes[2].keywords[0]: nyckelordet 'IT-stöd' räknas aldrig där det står: temat 'it' "
        "utesluter 'stöd' (exclude), som står i nyckelordet självt" + fix,
        f"Varning: {path}:15: themes[2].keywords[2]: nyckelordet 'stöd' räknas aldrig där det står: temat 'it' "
        "utesluter 'stöd' (exclude), som står i nyckelordet självt" + fix]
    r = CliRunner().invoke(app, ["taxonomy", "validate", str(path), "--lang", "en"])
    assert r.stderr.splitlines()[2] == (
        f"Warning: {path}:15: themes[2].keywords[0]: the keyword 'IT-stöd' never counts where it is written: theme "
        "'it' excludes 'stöd' (exclude), which the keyword itself holds; remove the keyword or the exclusion, or make "
        "the exclusion longer so that it covers only the other sense (as 'lokala rutiner' does for 'lokal')")
    starter = tmp_path / "start.yaml"  # keyword 'lokal', exclude 'lokala rutiner': no warning
    assert CliRunner().invoke(app, ["taxonomy", "init", str(starter)]).exit_code == 0
    r = CliRunner().invoke(app, ["taxonomy", "validate", str(starter)])
    assert r.exit_code == 0 and r.stderr == "", r.stderr


def test_classify_names_the_count_of_validate_warnings_once(tmp_path):
    """'taxonomy validate' warns of what a file says in vain (here a keyword its own exclusion blocks and the
    fallback's keywords), but classify --taxonomy said nothing of it: a user who never ran validate never learnt.
    Now one status line, beside the taxonomy's own, names the count and the command that lists them; under
    --quiet (a nightly job) it is not repeated every night, and a taxonomy without warnings gets no such line."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nthemes:\n  - id: it\n    label: IT-stöd\n    keywords: [IT-stöd, dator]\n"
                   "    exclude: [stöd]\n  - id: ovrigt\n    label: Övrigt\n    keywords: [annat]\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Bättre IT-stöd behövs\n2;Datorn är långsam\n", encoding="utf-8")
    args = ["classify", str(src), "--taxonomy", str(tax), "--model", "none"]
    r = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "a.csv")])
    assert r.exit_code == 0, r.stderr
    hint = [line for line in r.stderr.splitlines() if "varning" in line]
    assert hint == [f"Taxonomin {tax} har 2 varningar om ord eller rader som aldrig används; se dem med: "
                    f"forbattra taxonomy validate {tax}"]
    r = CliRunner().invoke(app, [*args, "--lang", "en", "-o", str(tmp_path / "b.csv")])
    assert f"The taxonomy {tax} has 2 warnings of words or lines that are never used; see them with: " \
           f"forbattra taxonomy validate {tax} --lang en" in r.stderr.splitlines()
    r = CliRunner().invoke(app, ["--quiet", *args, "-o", str(tmp_path / "c.csv")])
    assert r.exit_code == 0 and r.stderr == "", r.stderr
    tax.write_text("name: egen\nthemes:\n  - id: it\n    label: IT-stöd\n    keywords: [IT-stöd, dator]\n"
                   "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    r = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "d.csv")])
    assert r.exit_code == 0 and "varning" not in r.stderr.casefold(), r.stderr


def test_built_in_themes_are_described_in_english_with_lang_en(tmp_path):
    """huset's themes had no description_en, so the --lang en report described each of them in Swedish under its
    English label ('Staff and competence' / 'Rekrytering, bemanning, …'). Every theme of both built-ins has one now,
    and the shipped model still applies to huset: English wording is no part of what it was trained for."""
    from typer.testing import CliRunner

    from forbattra.cli import app
    from forbattra.scoring.model import check_model, default_model_dir

    for name in BUILTIN:
        t = load_taxonomy(name)
        assert all(th.description_en for th in t.themes), name
        check_model(default_model_dir(name), t)
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Vi behöver fler vikarier till sommaren\n2;Vi vill göra studiebesök i andra kommuner\n",
                   encoding="utf-8")
    r = CliRunner().invoke(app, ["report", str(src), "--taxonomy", "huset", "--lang", "en", "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Recruitment, staffing, professional development, supervision and onboarding." in md
    assert "Rekrytering, bemanning" not in md and "Idéer som inte passar" not in md


def test_lang_en_with_a_model_alone_says_its_taxonomy_has_no_english_labels_and_adding_them_keeps_it(tmp_path):
    """classify --model DIR --lang en (the taxonomy the model folder's own) showed the Swedish labels without the
    line a --taxonomy gets, and adding label_en: to that taxonomy.yaml, as the line says, refused the model as
    edited since it was trained. Now the line names the folder's taxonomy.yaml, and the English labels added there
    are shown, the model kept; a Swedish label renamed there is still refused."""
    import pandas as pd
    from typer.testing import CliRunner

    from forbattra.cli import app

    src = tmp_path / "m.csv"
    pd.DataFrame({"text": [f"Öppet längre på kvällen {i}" for i in range(15)] + [f"Bokbussen till byn {i}" for i in range(15)],
                  "kategori": ["Öppettider"] * 15 + ["Bokbussen"] * 15}).to_csv(src, index=False)
    model = tmp_path / "m"
    assert CliRunner().invoke(app, ["train", str(src), "-l", "kategori", "-o", str(model)]).exit_code == 0
    own = model / "taxonomy.yaml"
    # the file the line sends the user to edit describes itself in Swedish, as taxonomy init --from-labels' does
    # (it said 'Derived from the labels of a labelled file …' in English alone), with its English description beside
    assert (load_taxonomy(own).describe("sv"), load_taxonomy(own).describe("en")) == (
        "Kategorierna i en märkt fil ('forbattra train' eller 'forbattra taxonomy init --from-labels').",
        "The categories in a labelled file ('forbattra train' or 'forbattra taxonomy init --from-labels').")
    args = ["classify", str(src), "--model", str(model), "--lang", "en", "-o", str(tmp_path / "x.csv")]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.stderr
    assert f"Bokbussen, Öppettider: no English label (label_en:) in {own}, so the files show the labels as written; " \
           "add label_en: to each theme for English labels (a model trained for the file still applies: " \
           "no theme changes)" in r.stderr.splitlines(), r.stderr
    text = own.read_text(encoding="utf-8")
    english = text.replace("label: Bokbussen\n", "label: Bokbussen\n  label_en: Mobile library\n") \
        .replace("label: Öppettider\n", "label: Öppettider\n  label_en: Opening hours\n")
    assert english.count("label_en") == 3, text
    own.write_text(english, encoding="utf-8")
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0 and "label_en" not in r.stderr, r.stderr
    rows = (tmp_path / "x.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[-1].split(";")[2:4] == ["Mobile library", "Mobile library"], rows[-1]  # (Theme, All themes)
    # trained again onto the folder from the labels (the weekly retrain): the English labels given stay
    r = CliRunner().invoke(app, ["train", str(src), "-l", "kategori", "-o", str(model)])
    assert r.exit_code == 0, r.stderr
    assert load_taxonomy(own)["bokbussen"].label_en == "Mobile library"
    assert load_taxonomy(own)["öppettider"].label_en == "Opening hours"
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0 and "label_en" not in r.stderr, r.stderr
    english = own.read_text(encoding="utf-8")
    own.write_text(english.replace("label: Bokbussen\n", "label: Bokbuss\n"), encoding="utf-8")
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 5 and f"{own} has changed since the model was trained" in r.stderr, r.stderr


def test_lang_en_from_a_store_says_its_taxonomy_has_no_english_labels(tmp_path):
    """trends --lang en and report STORE --lang en count with the taxonomy the store's latest run recorded (one's
    own YAML): its Swedish labels filled the English table and report without the line classify --lang en says of
    them. Now each says it once; a Swedish run does not."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nthemes:\n  - id: lokaler\n    label: Lokaler\n    label_en: Premises\n"
                   "    keywords: [lokal]\n  - id: lön\n    label: Lön\n    keywords: [lön]\n"
                   "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag;datum\n1;Lönen är för låg;2026-03-02\n2;Lokalen är trång;2026-03-05\n", encoding="utf-8")
    store = f"sqlite:///{tmp_path / 'h.db'}"
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--store", store,
                                 "-o", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 0, r.stderr
    line = (f"Lön, Övrigt: no English label (label_en:) in {tax.resolve()}, so the files show the labels as written; "
            "add label_en: to each theme for English labels (a model trained for the file still applies: no theme changes)")
    for args in (["trends", "--store", store, "-o", str(tmp_path / "t.csv")], ["report", store, "-o", str(tmp_path / "r.md")]):
        r = CliRunner().invoke(app, [*args, "--lang", "en"])
        assert r.exit_code == 0, r.stderr
        assert r.stderr.splitlines().count(line) == 1, r.stderr
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 0 and "label_en" not in r.stderr, r.stderr


def test_lang_en_says_once_which_own_labels_stay_as_written(tmp_path):
    """With --lang en the sheets and reports use a theme's label_en, else its Swedish label as written, and said
    nothing of it: an English workbook with 'Lön' and 'Övrigt' beside 'Premises', unexplained. Now one line before
    reading names the themes without label_en (or says that none has one); the built-in taxonomies have an English
    label for every theme, so they get no such line, nor does a Swedish run."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nthemes:\n  - id: lokaler\n    label: Lokaler\n    label_en: Premises\n"
                   "    keywords: [lokal]\n  - id: lön\n    label: Lön\n    keywords: [lön]\n"
                   "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Lönen är för låg\n2;Lokalen är trång\n", encoding="utf-8")
    line = (f"Lön, Övrigt: no English label (label_en:) in {tax}, so the files show the labels as written; "
            "add label_en: to each theme for English labels (a model trained for the file still applies: no theme changes)")
    out = tmp_path / "en.csv"
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--lang", "en",
                                 "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines().count(line) == 1
    assert [row.split(";")[2] for row in out.read_text(encoding="utf-8-sig").splitlines()] == ["Theme", "Lön", "Premises"]
    r = CliRunner().invoke(app, ["report", str(out), "--taxonomy", str(tax), "--lang", "en", "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines().count(line) == 1
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "-o", str(tmp_path / "sv.csv")])
    assert r.exit_code == 0 and "label_en" not in r.stderr, r.stderr
    tax.write_text("name: egen\nthemes:\n  - id: lön\n    label: Lön\n    keywords: [lön]\n"
                   "  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--lang", "en",
                                 "-o", str(tmp_path / "en2.csv")])
    assert f"{tax}: no theme has an English label (label_en:), so the files show the themes' labels as written; " \
           "add label_en: to each theme for English labels (a model trained for the file still applies: " \
           "no theme changes)" in r.stderr.splitlines()
    for name in ("standard", "huset"):
        t = load_taxonomy(name)
        assert all(th.label_en for th in t.themes), name
        r = CliRunner().invoke(app, ["classify", str(src), "--taxonomy", name, "--model", "none", "--lang", "en",
                                     "-o", str(tmp_path / f"{name}.csv")])
        assert r.exit_code == 0 and "label_en" not in r.stderr, r.stderr


def test_min_confidence_takes_a_swedish_decimal_comma():
    """'min_confidence: 0,4' — a Swedish decimal comma, which --min-confidence takes (0,6) — was refused as
    'expected a number between 0 and 1', which 0,4 is to its writer. It is read as 0.4 now (the same taxonomy, the
    same hash, as with 0.4); a value out of range still is a problem with its line, now naming both ways to write one."""
    themes = "name: x\nthemes:\n  - id: lon\n    label: Lön\n    keywords: [lön]\n    min_confidence: {}\n" \
             "  - id: ovrigt\n    label: Övrigt\n"
    comma = parse_taxonomy(themes.format("0,4"), source="x.yaml")
    assert comma["lon"].min_confidence == 0.4
    assert comma.hash() == parse_taxonomy(themes.format("0.4"), source="x.yaml").hash()
    for bad in ("4,5", "40%"):
        with pytest.raises(TaxonomyError) as exc:
            parse_taxonomy(themes.format(bad), source="x.yaml")
        assert exc.value.render("sv").splitlines()[1] == \
            "x.yaml:6: themes[0].min_confidence: förväntade ett tal mellan 0 och 1, som 0.4 eller 0,4"


def test_values_in_words_typographic_quotes_read_as_quoted():
    """A taxonomy written in Word (or pasted from an e-mail) has Word's typographic quotes where its writer typed
    quotes: 'label: ”Tak: Vision och mål”' was refused as 'a colon inside a value; put the value in quotes' — it is
    in quotes —, 'label: “Lön”' put the quotes into every report's label, and 'keywords: [vision, ”mål, syfte”]' read
    the keywords '”mål' and 'syfte”'. Quotes that open and close a value are quotes now, as straight ones are; a
    quote inside a value's text stays as written."""
    plain = ("name: t\nthemes:\n  - id: tak\n    label: 'Tak: Vision och mål'\n    keywords: [vision, 'mål, syfte', \"it's\"]\n"
             "    examples:\n      - \"Vi behöver en vision\"\n  - id: ovrigt\n    label: Övrigt\n")
    want = parse_taxonomy(plain, source="t.yaml")
    assert want["tak"].keywords == ("vision", "mål, syfte", "it's")
    for o, c in (("”", "”"), ("“", "”"), ("„", "“"), ("’", "’"), ("‘", "’")):
        word = plain.replace("'Tak: Vision och mål'", f"{o}Tak: Vision och mål{c}").replace(
            "'mål, syfte'", f"{o}mål, syfte{c}").replace('"it\'s"', "“it's”").replace(
            '"Vi behöver en vision"', f"{o}Vi behöver en vision{c}")
        got = parse_taxonomy(word, source="t.yaml")
        assert got.hash() == want.hash(), word
        assert got["tak"].label == "Tak: Vision och mål"
    flow = parse_taxonomy("name: t\nthemes:\n  - {id: tak, label: ”Tak: Vision och mål”, keywords: [”mål, syfte”]}\n"
                          "  - {id: ovrigt, label: Övrigt}\n", source="t.yaml")
    assert (flow["tak"].label, flow["tak"].keywords) == ("Tak: Vision och mål", ("mål, syfte",))
    # a quote inside a value, or one that does not close it, is the value's own text
    kept = parse_taxonomy(plain.replace("label: 'Tak: Vision och mål'", "label: Tak ”Vision” och mål").replace(
        "[vision,", "[”vision” mål, ’sju’ på,"), source="t.yaml")
    assert kept["tak"].label == "Tak ”Vision” och mål"
    assert kept["tak"].keywords[:2] == ("”vision” mål", "’sju’ på")
    # the model folder's copy of a label that began with a typographic quote reads back as it was written
    odd = parse_taxonomy(plain.replace("label: 'Tak: Vision och mål'", "label: '”Tak”'"), source="t.yaml")
    assert parse_taxonomy(dump_taxonomy(odd), source="t.yaml").hash() == odd.hash()
    # a long text's next line that is a quote of its own is that text's, as a model folder's copy wraps it
    import dataclasses

    for n in range(40):
        long = "lön " * n + "”" + "ett långt citat " * 6 + "slut” " + "och mer om ersättningen " * 5
        theme = dataclasses.replace(want["tak"], description=long.strip(), examples=(long.strip(),))
        text = dump_taxonomy(dataclasses.replace(want, themes=(theme, want["ovrigt"])))
        assert parse_taxonomy(text, source="t.yaml")["tak"] == theme, text


def test_an_id_that_cannot_be_used_is_named_with_the_id_to_write():
    """'id: Lön och arbetstid', 'id: IT', a theme without an id: each was 'missing or invalid id', which names
    neither what was written nor what to write. The id written is named, and the id to write (made from it, or from
    the label where it has no letter); a theme written 'id: Övrigt' is told the fallback's id, and not told besides
    that the fallback theme is missing."""
    text = ("name: t\nthemes:\n  - id: Lön och arbetstid\n    label: Lön\n  - id: IT\n    label: IT-stöd\n"
            "  - label: Lokaler och miljö\n  - id: 12\n    label: Tolv\n  - id: Övrigt\n    label: Övrigt\n")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy(text, source="t.yaml")
    assert exc.value.render("sv").splitlines() == [
        "ogiltig taxonomi (5 problem):",
        "t.yaml:3: themes[0].id: id 'Lön och arbetstid' går inte att använda (små bokstäver, siffror och _, med "
        "en bokstav först); skriv id: lön_och_arbetstid",
        "t.yaml:5: themes[1].id: id 'IT' går inte att använda (små bokstäver, siffror och _, med en bokstav först); "
        "skriv id: it",
        "t.yaml:7: themes[2].id: id saknas; lägg till en rad id: lokaler_och_miljö (små bokstäver, siffror och _, "
        "med en bokstav först)",
        "t.yaml:8: themes[3].id: id '12' går inte att använda (små bokstäver, siffror och _, med en bokstav först); "
        "skriv id: tolv",
        "t.yaml:10: themes[4].id: id 'Övrigt' går inte att använda (små bokstäver, siffror och _, med en bokstav "
        "först); skriv id: ovrigt"]
    assert exc.value.render("en").splitlines()[1] == (
        "t.yaml:3: themes[0].id: the id 'Lön och arbetstid' cannot be used (lower-case letters, digits and _, "
        "starting with a letter); write id: lön_och_arbetstid")
    assert exc.value.render("en").splitlines()[3] == (
        "t.yaml:7: themes[2].id: missing id; add a line id: lokaler_och_miljö (lower-case letters, digits and _, "
        "starting with a letter)")
    fixed = (text.replace("Lön och arbetstid", "lön_och_arbetstid").replace("id: IT", "id: it")
             .replace("  - label: Lokaler", "  - id: lokaler_och_miljö\n    label: Lokaler").replace("id: 12", "id: tolv")
             .replace("id: Övrigt", "id: ovrigt"))
    assert parse_taxonomy(fixed, source="t.yaml").fallback == "ovrigt"


def test_a_key_misspelt_or_written_in_swedish_is_named_with_the_key_meant():
    """'Keywords:', 'keyword:', 'nyckelord:' and a top 'theme:' were each only 'unknown key (allowed: …)' — and
    'theme:' was a second problem besides, 'themes: expected a list with at least one theme', for one slip. The key
    meant is named now, and one slip is one problem; a theme's 'parent:' or 'themes:' (sub-themes) is told that
    themes have no sub-themes and what to write instead."""
    theme = "  - id: lon\n    label: Lön\n{extra}  - id: ovrigt\n    label: Övrigt\n"
    for written, meant in (("Keywords", "keywords"), ("keyword", "keywords"), ("nyckelord", "keywords"),
                           ("exempel", "examples"), ("lable", "label")):
        with pytest.raises(TaxonomyError) as exc:
            parse_taxonomy("name: t\nthemes:\n" + theme.format(extra=f"    {written}: [lön]\n"), source="t.yaml")
        assert exc.value.render("sv").splitlines()[1].startswith(
            f"t.yaml:5: themes[0].{written}: okänd nyckel; menade du '{meant}'? (tillåtna: "), exc.value.render("sv")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy("name: t\ntheme:\n" + theme.format(extra=""), source="t.yaml")
    assert exc.value.render("en").splitlines() == [
        "invalid taxonomy (1 problem):",
        "t.yaml:2: theme: unknown key; did you mean 'themes'? (allowed: description, description_en, fallback, "
        "language, name, themes, version)"]
    with pytest.raises(TaxonomyError) as exc:  # (its themes' own problems with their lines)
        parse_taxonomy("name: t\nteman:\n" + theme.format(extra="    keywords: lön\n"), source="t.yaml")
    assert exc.value.render("sv").splitlines()[1:] == [
        "t.yaml:2: teman: okänd nyckel; menade du 'themes'? (tillåtna: description, description_en, fallback, "
        "language, name, themes, version)",
        "t.yaml:5: themes[0].keywords: en text där en lista ska stå; skriv keywords: [lön]"]
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy("name: t\nthemes:\n" + theme.format(extra="    themes:\n      - id: övertid\n        label: Övertid\n"),
                       source="t.yaml")
    assert exc.value.render("sv").splitlines()[1] == (
        "t.yaml:5: themes[0].themes: ett tema har inga underteman; skriv varje undertema som ett eget tema i listan "
        "themes: (huvudtemat kan stå i dess label, som 'Lön – övertid')")
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy("name: t\nthemes:\n" + theme.format(extra="    parent: personal\n"), source="t.yaml")
    assert exc.value.render("en").splitlines()[1] == (
        "t.yaml:5: themes[0].parent: a theme has no sub-themes; write each sub-theme as a theme of its own in the "
        "list themes: (the main theme may stand in its label, as 'Pay – overtime')")
    # a key like none of them is unknown, as before
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy("name: t\nthemes:\n" + theme.format(extra="    colour: red\n"), source="t.yaml")
    assert exc.value.render("sv").splitlines()[1].startswith("t.yaml:5: themes[0].colour: okänd nyckel (tillåtna: ")


def test_a_text_where_a_list_belongs_is_told_the_list_to_write():
    """'keywords: lön, övertid, ersättning' and 'examples: Jag vill ha mer lön' were 'expected a list of strings,
    such as [lön, lönesamtal]': the writer wrote the words, and is left to guess how they become a list. The line
    now says the list to write, with her own words: the keywords one by one, an example as one text."""
    theme = "name: t\nthemes:\n  - id: lon\n    label: Lön\n{extra}  - id: ovrigt\n    label: Övrigt\n"
    for extra, fixed in (("    keywords: lön, övertid, ersättning\n", "keywords: [lön, övertid, ersättning]"),
                         ("    exclude: lön i december\n", "exclude: [lön i december]"),
                         ("    keywords: lön, *viktigt*,\n", 'keywords: [lön, "*viktigt*"]'),
                         ("    examples: Jag vill ha mer lön, nu\n", 'examples: ["Jag vill ha mer lön, nu"]')):
        with pytest.raises(TaxonomyError) as exc:
            parse_taxonomy(theme.format(extra=extra), source="t.yaml")
        key = fixed.split(":")[0]
        assert exc.value.render("sv").splitlines()[1] == \
            f"t.yaml:5: themes[0].{key}: en text där en lista ska stå; skriv {fixed}", exc.value.render("sv")
        assert exc.value.render("en").splitlines()[1] == f"t.yaml:5: themes[0].{key}: a text where a list belongs; write {fixed}"
        parse_taxonomy(theme.format(extra="    " + fixed + "\n"), source="t.yaml")  # (what it says to write is valid)


def test_a_theme_without_a_label_is_told_the_line_to_add():
    """A theme without 'label:' was 'missing label': neither what a label is nor what to write. It now says the
    line to add, with the theme's id as a start; a theme given 'namn:' or 'name:' (a Swedish writer's word for it)
    is told that 'label' is the key meant, once, not also that the label is missing."""
    with pytest.raises(TaxonomyError) as exc:
        parse_taxonomy("name: t\nthemes:\n  - id: lön\n    keywords: [lön]\n  - id: ovrigt\n    label: Övrigt\n",
                       source="t.yaml")
    assert exc.value.render("sv").splitlines()[1] == \
        "t.yaml:3: themes[0].label: label saknas; lägg till en rad label: med temats namn som rapporterna visar det (som label: Lön)"
    assert exc.value.render("en").splitlines()[1] == \
        "t.yaml:3: themes[0].label: missing label; add a line label: with the theme's name as the reports show it (as label: Lön)"
    for key in ("namn", "name"):
        with pytest.raises(TaxonomyError) as exc:
            parse_taxonomy(f"name: t\nthemes:\n  - id: lön\n    {key}: Lön\n  - id: ovrigt\n    label: Övrigt\n",
                           source="t.yaml")
        assert exc.value.render("sv").splitlines() == [
            "ogiltig taxonomi (1 problem):",
            f"t.yaml:4: themes[0].{key}: okänd nyckel; menade du 'label'? (tillåtna: description, description_en, "
            "examples, exclude, id, keywords, label, label_en, manual, min_confidence)"]


def test_list_dashes_word_made_into_en_or_em_dashes_are_list_dashes():
    """Word's AutoFormat turns a '- ' typed at a line's start into an en dash ('– lön'). A theme so written was
    'a colon inside a value; put the value in quotes' on its label's line, and keywords so written were read as one
    text ('– lön – övertid'), for which the list to write was given with the dashes inside it. A '–' or '—' where a
    list's '-' stands (at a line's start, then a space) is that '-'; in a description written as a block (|) it
    is the text's own."""
    hyphen = ("name: t\nthemes:\n  - id: lon\n    label: Lön\n    description: |\n      Punkter:\n      – lön\n"
              "    keywords:\n      - lön\n      - övertid\n  - id: ovrigt\n    label: Övrigt\n")
    want = parse_taxonomy(hyphen, source="t.yaml")
    assert want["lon"].description == "Punkter:\n– lön"
    lines = hyphen.splitlines(keepends=True)
    for dash in ("–", "—"):
        for rows in ((2,), (8, 9), (2, 8, 9)):
            word = "".join(line.replace("-", dash, 1) if i in rows else line for i, line in enumerate(lines))
            assert parse_taxonomy(word, source="t.yaml").hash() == want.hash(), word
            # (saved by Notepad: each line ends in \r\n)
            assert parse_taxonomy(word.replace("\n", "\r\n"), source="t.yaml").hash() == want.hash(), word
    # a list's items written as far in as their key, as Word's lists stand
    flat = hyphen.replace("      - lön\n      - övertid", "    – lön\n    – övertid")
    assert parse_taxonomy(flat, source="t.yaml")["lon"].keywords == ("lön", "övertid")
    # a long text's next line that starts with a dash is that text's, as a model folder's copy wraps it
    import dataclasses

    starts = 0
    for n in range(30):  # (each wrapped at another word: a dash at some lines' start)
        long = ("lön " * n + "– och mer om ersättningen " * 6).strip()
        theme = dataclasses.replace(want["lon"], description=long, examples=(long,))
        text = dump_taxonomy(dataclasses.replace(want, themes=(theme, want["ovrigt"])))
        assert parse_taxonomy(text, source="t.yaml")["lon"] == theme
        starts += sum(line.lstrip().startswith("– ") for line in text.splitlines())
    assert starts > 10


def test_validate_counts_the_themes_only_a_person_sets(runner, tmp_path):
    """'taxonomy validate' of a file of four themes, one of them 'manual: true', said 'OK: 2 themes + Övrigt': the
    theme only a person sets was in no count, as if it had not been read ('taxonomy list' said so of huset's
    Garage). It is named after the fallback, as one only a person sets."""
    from forbattra.cli import app

    tax = tmp_path / "egen.yaml"
    tax.write_text("name: egen\nthemes:\n  - id: lon\n    label: Lön\n    keywords: [lön]\n  - id: rum\n    label: Rum\n"
                   "    keywords: [rum]\n  - id: parkerat\n    label: Parkerade idéer\n    label_en: Parked ideas\n"
                   "    manual: true\n  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    hash_ = load_taxonomy(str(tax)).hash()
    r = runner.invoke(app, ["taxonomy", "validate", str(tax)])
    assert r.exit_code == 0 and r.stdout == f"OK: egen: 2 teman + Övrigt, och Parkerade idéer som bara en människa väljer, hash {hash_}\n"
    r = runner.invoke(app, ["taxonomy", "validate", str(tax), "--lang", "en"])
    assert r.exit_code == 0 and r.stdout == f"OK: egen: 2 themes + Övrigt, and Parked ideas, set by a person only, hash {hash_}\n"
    r = runner.invoke(app, ["taxonomy", "list"])
    assert "huset\t9 teman + Ej placerad, och Garage (parkerade idéer) som bara en människa väljer\t" in r.stdout


def test_init_with_both_from_and_from_labels_says_so_before_the_file_exists(runner, tmp_path):
    """'taxonomy init t.yaml --from standard --from-labels m.csv' over an existing t.yaml said only 't.yaml exists;
    use --force' (exit 3); with --force it then said the options exclude each other (exit 2): two runs for one
    slip, the first about a file it would never have written. The options are checked first."""
    from forbattra.cli import app

    out = tmp_path / "t.yaml"
    out.write_text("name: t\n", encoding="utf-8")
    labelled = tmp_path / "m.csv"
    labelled.write_text("text;teman\nFler vikarier behövs på helgerna;personal\n", encoding="utf-8")
    r = runner.invoke(app, ["taxonomy", "init", str(out), "--from", "standard", "--from-labels", str(labelled)])
    assert r.exit_code == 2 and "använd antingen --from eller --from-labels" in r.stderr, r.stderr
    assert out.read_text(encoding="utf-8") == "name: t\n"


def test_a_label_copied_with_an_invisible_character_names_its_theme():
    """A label pasted from a web page or Word ('Lönefrågor' with a zero-width space or a soft hyphen at its end) was
    another label than the one typed in a label cell or the correction column: "unknown themes 'Lönefrågor' (row 2;
    did you mean 'Lönefrågor'?)", the same word twice. Characters no one sees are no part of a label when a theme
    is looked up by it (the taxonomy, and its hash, as written)."""
    text = ("name: t\nthemes:\n  - id: lonefragor\n    label: \"L\\u00f6nefr\\u00e5gor\\u200b\"\n"
            "    label_en: \"Pay\\u00ad\"\n  - id: ovrigt\n    label: Övrigt\n")
    tax = parse_taxonomy(text, source="t.yaml")
    assert tax["lonefragor"].label == "Lönefrågor\u200b"
    for typed in ("Lönefrågor", "lönefrågor", "Pay", "Lönefrågor\u200b"):
        assert tax.find(typed) == "lonefragor", typed
