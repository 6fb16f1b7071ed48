"""The summary tables (theme summary and theme × unit), counted with arrays: figures checked by hand."""

import math

import pandas as pd

from forbattra.analysis.summary import breadth, explanations, summaries, theme_by_group, theme_summary
from forbattra.record import GROUP, PERSON, TEXT
from forbattra.taxonomy import load_taxonomy


def _frame():
    rows = [  # themes, unit, person, text
        (["it", "lokaler"], "Skolan", "anna", "Datorerna är för långsamma i lärarrummet"),
        (["it"], "Skolan", "anna", "Nya datorer"),
        (["it"], "Skolan", None, "Wifi i matsalen"),
        (["lokaler"], "Förskolan", "bo", "Större personalrum"),
        (["lokaler", "it"], None, "", "Projektor i samlingsrummet"),
        (["it"], "", "cia", ""),  # no unit, no text
        (["it"], float("nan"), "cia", "Skrivaren"),  # a missing value read as NaN: no unit either
        (["ovrigt"], "Hemtjänsten", "dan", "Vet inte"),
        (["okänt_tema", "ledning"], "Hemtjänsten", "dan", "Chefen borde synas mer"),  # an unknown id is skipped
    ]
    return pd.DataFrame({"themes": [r[0] for r in rows], GROUP: [r[1] for r in rows],
                         PERSON: [r[2] for r in rows], TEXT: [r[3] for r in rows]}, dtype=object)


def test_summary_counts_units_people_and_examples():
    tax = load_taxonomy("standard")
    s = theme_summary(_frame(), tax).set_index("Tema-id")
    it = s.loc["it"]
    assert (it["Antal förslag"], it["Som huvudtema"], it["Andel av alla förslag"]) == (6, 5, round(6 / 9, 4))
    # units of the it rows: Skolan ×3; the rows with None, "" and NaN have no unit, but they are the theme's
    # suggestions all the same: Skolan wrote half of them, not 100 %
    assert (it["Antal enheter"], it["Största enhet"], it["Andel från största enhet"]) == (1, "Skolan", 0.5)
    assert it["Bedömning"] == "drivs av en enhet" and it["Antal personer"] == 2  # anna, cia
    # examples: primary-theme rows first, longer texts first; rows without text never
    assert it["Exempel"].split("\n") == ["Datorerna är för långsamma i lärarrummet", "Wifi i matsalen", "Nya datorer"]
    lok = s.loc["lokaler"]
    assert (lok["Antal förslag"], lok["Som huvudtema"], lok["Antal enheter"]) == (3, 2, 2)
    # a tie (one row each from Skolan and Förskolan): the first name in sort order is the largest unit
    # of three lokaler rows (one without a unit)
    assert lok["Största enhet"] == "Förskolan" and lok["Andel från största enhet"] == round(1 / 3, 4)
    assert math.isclose(lok["Koncentration (0–1)"], round(2 / 9, 4))
    assert s.loc["ledning"]["Antal förslag"] == 1 and s.loc["ledning"]["Som huvudtema"] == 0
    assert s.loc["ekonomi"]["Antal förslag"] == 0 and s.loc["ekonomi"]["Bedömning"] == "inga förslag"
    assert s.loc["ovrigt"]["Bedömning"] == "bedöms inte"
    # most suggestions first, equal counts in the taxonomy's order, the fallback theme last
    zero = [t for t in tax.ids if t not in ("it", "lokaler", "ledning", "ovrigt")]
    assert list(s.index) == ["it", "lokaler", "ledning", *zero, "ovrigt"]


def test_the_themes_come_most_suggestions_first_and_the_fallback_theme_last():
    """The report's table had the themes by count, classify's Teman sheet and terminal table in the taxonomy's
    order, and none said so: one order now, from the one summary, with the fallback theme after the themes however
    many rows it has (it is not assessed), then the rows counted apart; Förklaringar says the order."""
    tax = load_taxonomy("standard")
    frame = pd.DataFrame({"themes": [["ovrigt"]] * 4 + [["it"], ["ekonomi"], ["lokaler"], ["lokaler"], []],
                          TEXT: ["Blå", "Grön", "Gul", "Röd", "Nya datorer", "Budget", "Lokal", "Rum", ""],
                          "status": ["ok"] * 8 + ["empty"]}, dtype=object)
    summary, _ = summaries(frame, tax)
    zero = [t for t in tax.ids if t not in ("lokaler", "ekonomi", "it", "ovrigt")]
    assert summary["Tema-id"].tolist() == ["lokaler", "ekonomi", "it", *zero, "ovrigt", ""]
    assert summary["Tema"].tolist()[-1] == "Tomma"
    notes = dict(explanations("sv").values.tolist())
    assert notes["Tema"].endswith("Temana står med flest förslag först (lika många i taxonomins ordning), Övrigt efter dem.")
    notes_en = dict(explanations("en", fallback="Other").values.tolist())
    assert notes_en["Theme"].endswith("(equal counts in the taxonomy's order), Other after them.")


def test_a_theme_whose_suggestions_name_no_unit_is_not_called_broad():
    frame = pd.DataFrame({"themes": [["it"], ["it"], ["lokaler"], ["lokaler"]], GROUP: ["Skolan", "Skolan", None, ""],
                          TEXT: ["Nya datorer", "Snabbare wifi", "Större personalrum", "Ny ventilation"]}, dtype=object)
    s = theme_summary(frame, load_taxonomy("standard")).set_index("Tema-id")
    assert (s.loc["lokaler"]["Antal enheter"], s.loc["lokaler"]["Bedömning"]) == (0, "enhet saknas")
    assert s.loc["it"]["Bedömning"] == "en enhet"
    assert breadth([None, "", "Skolan"], 1)["top_share"] == round(1 / 3, 4)


def test_theme_by_unit_crosstab_and_totals():
    tax = load_taxonomy("standard")
    g = theme_by_group(_frame(), tax, lang="en").set_index("Unit")
    # sorted; the rows without a unit on a last row of their own, so that every row is in the table
    assert list(g.index) == ["Förskolan", "Hemtjänsten", "Skolan", "(no unit)"]
    assert g.loc["Skolan", tax.label("it", "en")] == 3 and g.loc["Skolan", tax.label("lokaler", "en")] == 1
    assert g.loc["Hemtjänsten", tax.label("ledning", "en")] == 1 and g.loc["Hemtjänsten", "Total"] == 2
    assert g["Total"].tolist() == [1, 2, 3, 3] and sum(g["Total"]) == len(_frame())
    assert g.loc["(no unit)", tax.label("it", "en")] == 3 and g.loc["(no unit)", tax.label("lokaler", "en")] == 1
    summary, by_group = summaries(_frame(), tax, lang="en")
    assert by_group.equals(theme_by_group(_frame(), tax, lang="en"))
    assert summary.equals(theme_summary(_frame(), tax, lang="en"))


def test_no_units_and_no_rows():
    tax = load_taxonomy("standard")
    frame = _frame().assign(**{GROUP: None})
    assert theme_by_group(frame, tax) is None and "Antal enheter" not in theme_summary(frame, tax)
    empty = pd.DataFrame({"themes": [], GROUP: [], PERSON: [], TEXT: []}, dtype=object)
    s = theme_summary(empty, tax)
    assert s["Antal förslag"].tolist() == [0] * len(tax.ids) and theme_by_group(empty, tax) is None


def test_breadth_verdicts():
    assert breadth(["A"] * 4 + ["B"], 5)["flag"] == "loud"
    assert breadth(["A", "B", "C", "D", None], 4)["flag"] == "broad"
    # rows without a unit could all be the largest unit's: not "broad" unless it stays broad even then
    assert breadth(["A", "B", "C", None, ""], 4)["flag"] == "mixed"
    assert breadth(["A"] * 6 + ["B"] + [None] * 7, 15)["flag"] == "mixed"  # 6 of the 7 known rows from A
    assert breadth([None, ""], 3) == {"units": 0, "top_unit": None, "top_share": None, "hhi": None, "flag": "unknown"}


def test_one_person_however_the_name_is_spelt_counts_once(tmp_path):
    """"Eva Ek", "eva ek" and "Eva  Ek" are one person in *Antal personer* and in a duplicate group's people,
    as differently spelt units are one unit."""
    from typer.testing import CliRunner

    from forbattra.cli.app import app

    src = tmp_path / "persons.csv"
    src.write_text("Id;Enhet;Namn;Förslag\n"
                   "1;Kultur;Eva Ek;Bättre belysning i personalrummet, det är mörkt på vintern.\n"
                   "2;Kultur;eva ek;Bättre belysning i personalrummet, det är för mörkt på vintern.\n"
                   "3;Kultur;Eva  Ek;Bättre belysning i personalrummet, det är mycket mörkt på vintern.\n"
                   "4;Skolan;Bo Lind;Fler datorer till eleverna i årskurs fyra\n", encoding="utf-8")
    out = tmp_path / "p.xlsx"
    r = CliRunner().invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    themes = pd.read_excel(out, sheet_name="Teman", engine="openpyxl")
    lokaler = themes[themes["Tema-id"] == "lokaler"].iloc[0]
    assert lokaler["Antal förslag"] == 3 and lokaler["Antal personer"] == 1
    dups = pd.read_excel(out, sheet_name="Dubbletter", engine="openpyxl")
    assert set(dups["Personer"]) == {1}


def test_examples_are_distinct_texts_even_when_one_is_sent_in_many_times():
    tax = load_taxonomy("standard")
    long = "Anställ fler vikarier till sommaren så att ingen behöver jobba dubbelt"
    texts = [long] * 20 + [long + "  ", long + ".", long.upper()] + ["Fler vikarier på helgerna", "Mer personal"]
    frame = pd.DataFrame({"themes": [["personal"]] * len(texts), GROUP: ["A"] * len(texts),
                          PERSON: [None] * len(texts), TEXT: texts}, dtype=object)
    ex = theme_summary(frame, tax).set_index("Tema-id").loc["personal", "Exempel"].split("\n")
    assert ex == [long, "Fler vikarier på helgerna", "Mer personal"]


def test_examples_that_differ_only_after_the_cut_are_one_example():
    tax = load_taxonomy("standard")
    head = "Vi behöver fler datorer i personalrummet och " + "på avdelningarna " * 12
    texts = [head + "och skärmar", head + "och möss", head + "och tangentbord", "Bättre datorer", "Snabbare wifi"]
    frame = pd.DataFrame({"themes": [["it"]] * 5, GROUP: ["A"] * 5, PERSON: [None] * 5, TEXT: texts}, dtype=object)
    ex = theme_summary(frame, tax).set_index("Tema-id").loc["it", "Exempel"].split("\n")
    assert len(ex) == 3 and ex[1:] == ["Bättre datorer", "Snabbare wifi"]


def test_in_data_of_one_unit_no_theme_is_driven_by_one_unit():
    """A workplace's own survey, or a report of one unit (--group): every theme comes from that unit, so 'drivs av en
    enhet' said nothing but stood, in red, on every theme of three suggestions or more."""
    tax = load_taxonomy("standard")
    frame = pd.DataFrame({"themes": [["it"]] * 4 + [["lokaler"]] * 3 + [["ledning"]],
                          GROUP: ["Skolan"] * 7 + [None], TEXT: [f"Förslag {i}" for i in range(8)]}, dtype=object)
    s = theme_summary(frame, tax).set_index("Tema-id")
    assert s.loc["it", "Bedömning"] == s.loc["lokaler", "Bedömning"] == "en enhet"
    assert (s.loc["it", "Antal enheter"], s.loc["it", "Andel från största enhet"]) == (1, 1.0)
    assert s.loc["ledning", "Bedömning"] == "enhet saknas"
    # two units: one of them writing all of a theme is what the assessment is for
    two = frame.assign(**{GROUP: ["Skolan"] * 7 + ["Förskolan"]})
    assert theme_summary(two, tax).set_index("Tema-id").loc["it", "Bedömning"] == "drivs av en enhet"
    assert breadth(["A"] * 4, 1)["flag"] == "mixed" and breadth(["A"] * 4, 2)["flag"] == "loud"


def test_an_answer_that_is_no_suggestion_is_no_example_of_its_theme():
    """The *Teman* sheet gave Övrigt's *Exempel* as "Vet inte vad jag ska skriva här", "Tack för nya
    arbetskläderna!", "Bra jobbat i år allihop" (sample_data/forslag.xlsx), the answers that are no suggestion,
    while the report of the same run quotes the one real suggestion in Övrigt and never shows such answers.
    They still count in the theme, as before."""
    from forbattra.record import STATUS

    tax = load_taxonomy("standard")
    rows = [("Vet inte vad jag ska skriva här", "no_suggestion"), ("Tack för nya arbetskläderna!", "no_suggestion"),
            ("Bra jobbat i år allihop", "no_suggestion"), ("", "empty"), ("Flaggan på taket är trasig", "ok")]
    frame = pd.DataFrame({"themes": [["ovrigt"]] * len(rows), GROUP: ["A"] * len(rows), TEXT: [r[0] for r in rows],
                          STATUS: [r[1] for r in rows]}, dtype=object)
    s = theme_summary(frame, tax).set_index("Tema-id")
    assert s.loc["ovrigt", "Exempel"] == "Flaggan på taket är trasig"
    assert s.loc["ovrigt", "Antal förslag"] == 5


def test_units_are_listed_in_swedish_alphabetical_order(tmp_path):
    """Tema per enhet listed its units by Python's code points: "Zeta hemtjänst" before "ekonomienheten" (every
    capital before every small letter) and "Ängens förskola" before "Åsens förskola" (ä before å). A Swedish reader
    looks a unit up in Swedish order: case aside, å, ä, ö after z, in that order — on classify's sheet and the
    report's, and the organisations of a report's comparison likewise."""
    from typer.testing import CliRunner

    from forbattra.cli import app

    units = ["Östra skolan", "Ängens förskola", "Åsens förskola", "Zeta hemtjänst", "Bergets skola", "ekonomienheten"]
    frame = pd.DataFrame({"themes": [["it"]] * 6, GROUP: units, TEXT: ["Nya datorer"] * 6}, dtype=object)
    table = theme_by_group(frame, load_taxonomy("standard"))
    assert list(table["Enhet"]) == ["Bergets skola", "ekonomienheten", "Zeta hemtjänst", "Åsens förskola",
                                    "Ängens förskola", "Östra skolan"]
    src = tmp_path / "in.csv"
    src.write_text("Kommun;Enhet;Förslag\n" + "".join(f"{k};{u};Nya datorer till personalen\n" for k, u in zip(
        ["Älvdalen", "Åre", "Östra Göinge", "Åre", "Älvdalen", "Östra Göinge"], units)), encoding="utf-8")
    md = tmp_path / "r.md"
    r = CliRunner().invoke(app, ["report", str(src), "--compare-column", "Kommun", "-o", str(md)])
    assert r.exit_code == 0, r.stderr
    assert "| Tema | Åre | Älvdalen | Östra Göinge |" in md.read_text(encoding="utf-8")


def test_the_rule_says_why_a_theme_of_one_unit_and_many_rows_without_one_is_en_enhet():
    """A theme of 7 suggestions, 3 from unit A and 4 naming no unit, in data of 4 units, is «en enhet» (A writes
    under half of it: not «drivs av en enhet»), but the rule the Förklaringar sheet and the report print said «en
    enhet» is "för få förslag (under 3) från en enda enhet … eller bara en enhet i underlaget" — neither holds. The
    rule now names that case too."""
    from forbattra.analysis.summary import assessment_rule, flag_key

    b = breadth(["A", "A", "A", None, None, None, None], n_units_total=4)
    assert flag_key(b) == "single" and (b["units"], b["top_share"]) == (1, 0.4286)
    assert ("«en enhet»: en enda enhet tar upp temat, men med för få förslag (under 3) eller med under 50 % av dem "
            "(de övriga anger ingen enhet) för att bedöma, eller bara en enhet i underlaget.") in assessment_rule("sv")
    assert ("'one unit': a single unit raises the cluster, but with too few suggestions (under 3) or with under 50% "
            "of them (the others name no unit) to assess, or only one unit in the data.") in assessment_rule(
        "en", subject="cluster")


def test_the_explanations_say_the_counts_can_add_up_to_more_not_that_they_do():
    """Every workbook's Förklaringar said 'summan av antalen är större än antalet förslag' and 'Andelarna summerar till
    mer än 100 %': false in a file whose suggestions have one theme each, and beside a report's own guide, which now
    says there that none has more than one theme (the .xlsx report holds both). A suggestion *can* have several themes:
    the sums *can* be larger."""
    notes = dict(explanations("sv").values.tolist())
    assert "Ett förslag kan ha flera teman, så summan av antalen kan bli större än antalet förslag." in notes["Tema"]
    assert notes["Andel av alla förslag"].endswith(
        "Andelarna kan summera till mer än 100 % eftersom ett förslag kan ha flera teman.")
    assert "är större" not in notes["Tema"]
    notes_en = dict(explanations("en", fallback="Other").values.tolist())
    assert "so the counts can add up to more than the number of suggestions." in notes_en["Theme"]
    assert notes_en["Share of all suggestions"].endswith(
        "Shares can add up to more than 100% because a suggestion can have several themes.")


def test_the_trends_workbook_says_its_first_and_last_period_may_be_partial():
    """A report marks a month the data covers only in part ('2026-10 *': the export stops on the 25th), as no real
    drop; trends -o's table of the same store showed that month's low counts bare, and its Förklaringar said nothing
    of it — a committee reading the workbook saw a fall. The Period row now says so, per month or quarter."""
    from forbattra.analysis.summary import trends_explanations

    for lang, period, part in (
            ("sv", "month", "Den första och den sista daterade månaden kan vara täckta bara delvis: historiken kan börja eller "
                            "sluta mitt i dem, och deras lägre antal är då ingen verklig nedgång (kolumnen Ofullständig)."),
            ("sv", "quarter", "Det första och det sista daterade kvartalet kan vara täckta bara delvis"),
            ("en", "month", "The first and the last dated month may be covered only in part: the history may begin or end "
                            "partway through them, and their lower counts are then no real drop (the column Partial)."),
            ("en", "quarter", "The first and the last dated quarter may be covered only in part")):
        notes = dict(trends_explanations(lang, period=period).values.tolist())
        assert part in notes["Period"], (lang, period, notes["Period"])
