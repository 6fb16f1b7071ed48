"""The report's data: classify's output read back, selection, masking, and the figures sections show.

Pure functions over the classified frame (the frame of :func:`forbattra.workflow.run_classify`, or
classify's own output read back with :func:`load_classified`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from forbattra.errors import ColumnError, ConfigError, InputFileError
from forbattra.outputs.writers import COLS, status_code
from forbattra.i18n import Msg
from forbattra.record import EVIDENCE, NO_SUGGESTION, OK, SCORES, STATUS, THEMES
from forbattra.record import DATE, GROUP, ID, INTERNAL, PERSON, ROW, TEXT
from forbattra.inputs.tables import attach_roles, detect_columns, read_table
from forbattra.analysis.summary import HEADINGS, apart_labels
from forbattra.taxonomy import Taxonomy

ORG = "_org"  # organisation (kommun/förvaltning or input file) for side-by-side comparison
REPORT_SUFFIXES = (".html", ".htm", ".xlsx", ".md")
DUPLICATE_COLUMNS = ("duplicate_group", "Dubblettgrupp", "Duplicate group", "dubblettgrupp")
RESULT_HEADERS = {v for lang in COLS for k, v in COLS[lang].items() if k in ("theme", "all", "ids", "conf", "why", "status")}
EXAMPLES = 5
EXAMPLE_CHARS = 600
PALETTE = ["#1f5f99", "#d9822b", "#3a9a5b", "#b8405e", "#7a5aa6", "#2a9d8f", "#c9a227", "#8c564b",
           "#e377c2", "#5d6d7e", "#17becf", "#9c6644"]

TEXTS = {
    "sv": {"title": "Förbättringsförslag – teman", "suggestions": "Förslag", "units": "Enheter", "units_of": "{n} av {total}", "period": "Period",
           "themes_chosen": "{n} valda (av {all})", "themes_chosen_1": "1 valt (av {all})",
           "themes": "Teman", "themes_chart": "Teman: antal och andel", "heatmap": "Tema per enhet",
           "trend": "Utveckling per månad", "scatter": "Bredd mot volym", "per_theme": "Teman i detalj",
           "terms": "Nyckelord", "examples": "Representativa förslag", "duplicates": "Dubbletter",
           "dup_group": "Grupp", "compare": "Jämförelse", "chart_part": "{title}, del {k} av {n}", "unit": "Enhet", "total": "Totalt", "month": "Månad",
           "no_dates": "Inga datum i underlaget.", "no_units": "Ingen enhetskolumn i underlaget.",
           "x_axis": "Antal förslag", "y_axis": "Antal enheter som tar upp temat",
           "loud_legend": "drivs av en enhet", "other_legend": "övriga teman", "none": "Inga förslag.",
           "masked": "Personuppgifter (personnummer, telefon, e-post, IP-adresser, kontonummer, registreringsnummer, "
                     "journal- och anställningsnummer, namn) är maskerade.",
           "masked_marked": "Personnummer, telefonnummer, e-post- och IP-adresser, konto-, registrerings-, journal- och "
                            "anställningsnummer är maskerade; namn bara om någon text visar att "
                            "det är ett namn ('Kontaktperson: …', 'ring …'), eftersom underlaget saknar en kolumn med "
                            "namn. Läs exemplen innan rapporten delas.",
           "unmasked": "Obs: personuppgifter är INTE maskerade i denna rapport.",
           "no_examples": "Inga förslag med detta tema.", "org": "Organisation", "filters": "Urval",
           "generated": "Skapad med forbattra", "taxonomy": "taxonomi", "count_share": "antal (andel)", "all": "alla",
           "how_to_read": "Så läser du rapporten",
           "read_multi": "Ett förslag kan handla om flera saker och får då flera teman. Därför är summan av antalen "
                         "större än antalet förslag, och andelarna summerar till mer än 100 %.",
           "read_multi_counts": "Ett förslag kan handla om flera saker och får då flera teman. Därför är summan av "
                                "antalen större än antalet förslag.",
           "read_single": "Ett förslag kan handla om flera saker och få flera teman, men inget av förslagen här har mer "
                          "än ett tema, så antalen summerar till antalet förslag.",
           "read_share": "Andel = hur stor del av alla förslag som tar upp temat.",
           "read_order": "Temana står med flest förslag först (lika många i taxonomins ordning) och {fallback} sist.",
           "read_share_selected": "Rapporten visar bara de valda temana och förslagen med dem: {n} av {total}; övriga "
                                  "teman ingår inte. Andelarna är av "
                                  "alla {total} (perioden och enheterna som valts), inte bara av de {n} som visas.",
           "undated_note": "{n} förslag utan datum ingår inte i månaderna.",
           "undated_apart_note": "{n} tomma rader eller svar utan förslag saknar datum och ingår inte i månaderna.",
           "undated_apart_note_1": "1 tom rad eller svar utan förslag saknar datum och ingår inte i månaderna.",
           "read_rows": "Andelarna räknas på alla {rows} rader; av dem är {parts}. De räknas för sig i tabellerna ({names}), inte i {fallback}.",
           "trend_total_explained": "Antal förslag under månaden; tomma rader och svar som inte är förslag räknas inte "
                                    "här utan i sina egna kolumner efter temana. Ett förslag kan ha flera teman, så "
                                    "temakolumnerna kan summera till mer än Totalt. En månad märkt * täcks bara delvis "
                                    "av underlaget.",
           "read_rows_1": "Andelarna räknas på 1 rad, och den är {part}. Den räknas för sig i tabellerna ({names}), inte "
                          "i {fallback}.",
           "row_empty": "tom", "row_none": "inget förslag (t.ex. «Vet inte» eller bara ett tack)",
           "rows_empty": "{n} tomma", "rows_empty_1": "1 tom",
           "rows_none": "{n} inget förslag (t.ex. «Vet inte» eller bara ett tack)",
           "rows_and": " och ",
           "not_suggestions": "tomma eller inget förslag", "not_suggestions_1": "tom eller inget förslag",
           "read_top_share": "«Andel från största enhet» = hur stor del av temats förslag som kommer från den enhet "
                             "som skrivit flest av dem. Nära 100 % betyder att temat i stort sett kommer från en enda enhet.",
           "read_accuracy": "Sorteringen görs automatiskt. Jämförd med hur personer sorterade {size} förslag "
                            "({cv}) når den F1 = {micro}, ett mått som väger ihop hur många "
                            "tilldelade teman som är rätt och hur många rätta teman som hittas (i snitt per tema: "
                            "{macro}). Enstaka förslag kan alltså ha fel tema; se exemplen under varje tema.",
           "read_accuracy_meaning": "Sorteringen görs automatiskt, efter temanas betydelse. Jämförd med hur personer "
                                    "sorterade {size} förslag når den F1 = {micro}. Enstaka förslag kan alltså ha fel "
                                    "tema; se exemplen under varje tema.",
           "read_accuracy_meaning_labels": "Sorteringen görs automatiskt, efter temanas betydelse rättad efter {size} "
                                           "förslag som personer sorterat. Jämförd med deras sortering (korsvaliderat) "
                                           "når den F1 = {micro}. Enstaka förslag kan alltså ha fel tema; se exemplen "
                                           "under varje tema.",
           "read_accuracy_unknown": "Sorteringen görs automatiskt. Hur träffsäker den är har inte mätts för den här "
                                    "modellen (ange --model för att visa en tränad modells uppmätta träffsäkerhet).",
           "read_accuracy_not_recorded": "Sorteringen görs automatiskt. Hur träffsäker den är kan rapporten inte ange: "
                                         "underlaget säger inte vilken modell som sorterade det med vilket uppmätt "
                                         "resultat (en .csv- eller .jsonl-fil från classify och historiken sparar det "
                                         "inte, och nyckelord utan modell, --model none, mäts inte). Ange --model för att "
                                         "visa en tränad modells uppmätta träffsäkerhet.",
           "read_date": "Rapporten är skapad {date}.",
           "read_store_corrected": "{n} av förslagen i historiken räknas med det tema en person rättade dem till "
                                   "(kolumnen Rättat tema i klassificeringens arbetsbok), inte med den automatiska "
                                   "sorteringen.",
           "read_store_corrected_1": "{n} av förslagen i historiken räknas med det tema en person rättade det till "
                                     "(kolumnen Rättat tema i klassificeringens arbetsbok), inte med den automatiska "
                                     "sorteringen.",
           "read_store_not_in_export": "{n} av förslagen i historiken fanns inte med när exporten senast lästes in "
                                       "(borttagna i källsystemet eller bortfiltrerade ur exporten?); de räknas ändå.",
           "read_store_not_in_export_1": "{n} av förslagen i historiken fanns inte med när exporten senast lästes in "
                                         "(borttaget i källsystemet eller bortfiltrerat ur exporten?); det räknas ändå.",
           "read_store_forgotten": "Historiken har {n} körningar som läste förslag, men alla förslag har raderats ur "
                                   "den med forbattra forget; körningarnas egna uppgifter finns kvar.",
           "read_store_forgotten_1": "Historiken har {n} körning som läste förslag, men alla förslag har raderats ur "
                                     "den med forbattra forget; körningens egna uppgifter finns kvar.",
           "read_store_forgotten_in": "Historiken {store} har {n} körningar som läste förslag, men alla dess förslag "
                                      "har raderats med forbattra forget; körningarnas egna uppgifter finns kvar.",
           "read_store_forgotten_in_1": "Historiken {store} har {n} körning som läste förslag, men alla dess förslag "
                                        "har raderats med forbattra forget; körningens egna uppgifter finns kvar.",
           "read_store_total_rows": "{n} av förslagen i historiken är exporters summarader (Summa, Totalt), som en "
                                    "tidigare version av forbattra sparade som förslag; de räknas här som förslag tills "
                                    "de raderas ur historiken med forbattra forget.",
           "read_store_total_rows_1": "{n} av förslagen i historiken är en exports summarad (Summa, Totalt), som en "
                                      "tidigare version av forbattra sparade som förslag; den räknas här som ett förslag "
                                      "tills den raderas ur historiken med forbattra forget.",
           "compare_note": "Temats andel av organisationens alla rader (också tomma och svar som inte är förslag, som räknas på egna rader); sista raden är antalet rader.",
           "compare_note_sheet": "Temats andel av organisationens alla rader (också tomma och svar som inte är förslag, som räknas på egna rader); antalet rader (n) står i kolumnens rubrik.",
           "compare_rows": "Rader (n)",
           "units_top": "De {n} enheter med flest förslag av {total}; hela tabellen finns i bilagan sist.",
           "heatmap_sheet": "Tema per enhet", "partial": "ofullständig månad",
           "partial_note": "Ljusare, randiga staplar: månader som underlaget bara täcker delvis. De är inte verkliga nedgångar.",
           "partial_mark": "* = månad som underlaget bara täcker delvis. Den är inte en verklig nedgång.",
           "chart_figures": "Diagrammets siffror som tabell",
           "chart_alt": "Diagrammets siffror finns på bladet {sheet}.",
           "chart_axes": "{title}: {y} mot {x}, en punkt per tema.",
           "chart_ringed": "Röda punkter med en ring: {loud}.",
           "chart_in_table": "Siffrorna står i tabellen under «{table}».",
           "appendix_units": "Bilaga: tema per enhet, alla enheter"},
    "en": {"title": "Improvement suggestions – themes", "suggestions": "Suggestions", "units": "Units", "units_of": "{n} of {total}",
           "themes_chosen": "{n} chosen (of {all})", "themes_chosen_1": "1 chosen (of {all})",
           "period": "Period", "themes": "Themes", "themes_chart": "Themes: count and share",
           "heatmap": "Themes by unit", "trend": "Trend per month", "scatter": "Breadth vs volume",
           "per_theme": "Themes in detail", "terms": "Key terms", "examples": "Representative suggestions",
           "duplicates": "Duplicates", "dup_group": "Group", "compare": "Comparison", "chart_part": "{title}, part {k} of {n}", "unit": "Unit",
           "total": "Total", "month": "Month", "no_dates": "No dates in the data.",
           "no_units": "No unit column in the data.", "x_axis": "Number of suggestions",
           "y_axis": "Number of units raising the theme", "loud_legend": "driven by one unit",
           "other_legend": "other themes", "none": "No suggestions.",
           "masked": "Personal data (personal identity numbers, phone, e-mail, IP addresses, bank accounts, car "
                     "registrations, journal and employee numbers, names) is masked.",
           "masked_marked": "Personal identity numbers, phone numbers, e-mail and IP addresses, account, car registration, "
                            "journal and employee numbers are masked; names only if "
                            "some text marks them as names ('Kontaktperson: …', 'ring …'), since the data has no column "
                            "of names. Read the examples before sharing the report.",
           "unmasked": "Note: personal data is NOT masked in this report.",
           "no_examples": "No suggestions with this theme.", "org": "Organisation", "filters": "Selection",
           "generated": "Made with forbattra", "taxonomy": "taxonomy", "count_share": "count (share)", "all": "all",
           "how_to_read": "How to read this report",
           "read_multi": "A suggestion can be about several things and then gets several themes. So the counts add up "
                         "to more than the number of suggestions, and the shares to more than 100%.",
           "read_multi_counts": "A suggestion can be about several things and then gets several themes. So the counts "
                                "add up to more than the number of suggestions.",
           "read_single": "A suggestion can be about several things and get several themes, but none of the suggestions "
                          "here has more than one theme, so the counts add up to the number of suggestions.",
           "read_share": "Share = the part of all suggestions that raise the theme.",
           "read_order": "The themes with most suggestions come first (equal counts in the taxonomy's order) and "
                         "{fallback} last.",
           "read_share_selected": "The report shows only the chosen themes and the suggestions with them: {n} of "
                                  "{total}; the other themes are not included. The "
                                  "shares are of all {total} (the period and units chosen), not only of the {n} shown.",
           "undated_note": "{n} suggestions without a date are not in the months.",
           "undated_note_1": "1 suggestion without a date is not in the months.",
           "undated_apart_note": "{n} empty rows or answers with no suggestion have no date and are not in the months.",
           "undated_apart_note_1": "1 empty row or answer with no suggestion has no date and is not in the months.",
           "read_rows": "The shares are of all {rows} rows; of them {parts}. They are counted apart in the tables ({names}), not in {fallback}.",
           "trend_total_explained": "Suggestions in the month; empty rows and answers that are no suggestion are not "
                                    "counted here but in their own columns after the themes. A suggestion can have "
                                    "several themes, so the theme columns can add up to more than Total. A month marked "
                                    "* is covered only in part by the data.",
           "read_rows_1": "The shares are of 1 row, and it is {part}. It is counted apart in the tables ({names}), not in "
                          "{fallback}.",
           "row_empty": "empty", "row_none": "no suggestion (e.g. 'Don't know' or only thanks)",
           "rows_empty": "{n} empty", "rows_empty_1": "1 empty",
           "rows_none": "{n} no suggestion (e.g. 'Don't know' or only thanks)",
           "rows_and": " and ",
           "not_suggestions": "empty or no suggestion", "not_suggestions_1": "empty or no suggestion",
           "read_top_share": "'Share from largest unit' = the part of the theme's suggestions written by the unit that "
                             "wrote most of them. Close to 100% means the theme comes from practically one unit.",
           "read_accuracy": "The sorting is automatic. Compared with how people sorted {size} suggestions "
                            "({cv}) it reaches F1 = {micro}, a measure combining how many "
                            "assigned themes are right and how many right themes are found (averaged per theme: "
                            "{macro}). A few suggestions may therefore have a wrong theme; see the examples under each theme.",
           "read_accuracy_meaning": "The sorting is automatic, by the themes' meaning. Compared with how people sorted "
                                    "{size} suggestions it reaches F1 = {micro}. A few suggestions may therefore have a "
                                    "wrong theme; see the examples under each theme.",
           "read_accuracy_meaning_labels": "The sorting is automatic, by the themes' meaning corrected by {size} "
                                           "suggestions people sorted. Compared with their sorting (cross-validated) it "
                                           "reaches F1 = {micro}. A few suggestions may therefore have a wrong theme; "
                                           "see the examples under each theme.",
           "read_accuracy_unknown": "The sorting is automatic. Its accuracy has not been measured for this model "
                                    "(pass --model to show a trained model's measured accuracy).",
           "read_accuracy_not_recorded": "The sorting is automatic. The report cannot say how accurate it is: the data "
                                         "does not record a model with measured figures (classify's .csv and .jsonl "
                                         "files and the history store do not keep them, and keywords without a model, "
                                         "--model none, are not measured). Pass --model to show a trained model's "
                                         "measured accuracy.",
           "read_date": "Report made on {date}.",
           "read_store_corrected": "{n} of the suggestions in the store count with the theme a person corrected them "
                                   "to (the Corrected themes column of classify's workbook), not with the automatic "
                                   "sorting.",
           "read_store_corrected_1": "{n} of the suggestions in the store counts with the theme a person corrected it "
                                     "to (the Corrected themes column of classify's workbook), not with the automatic "
                                     "sorting.",
           "read_store_not_in_export": "{n} of the suggestions in the store were not in the export when it was last "
                                       "read (removed in the source system, or filtered out of the export?); they "
                                       "still count.",
           "read_store_not_in_export_1": "{n} of the suggestions in the store was not in the export when it was last "
                                         "read (removed in the source system, or filtered out of the export?); it "
                                         "still counts.",
           "read_store_forgotten": "The store records {n} runs that read suggestions, but every suggestion was "
                                   "erased from it with forbattra forget; the runs' own records stay.",
           "read_store_forgotten_1": "The store records {n} run that read suggestions, but every suggestion was "
                                     "erased from it with forbattra forget; the run's own record stays.",
           "read_store_forgotten_in": "The store {store} records {n} runs that read suggestions, but every one of "
                                      "its suggestions was erased with forbattra forget; the runs' own records stay.",
           "read_store_forgotten_in_1": "The store {store} records {n} run that read suggestions, but every one of "
                                        "its suggestions was erased with forbattra forget; the run's own record stays.",
           "read_store_total_rows": "{n} of the suggestions in the store are exports' total rows (Summa, Totalt), "
                                    "which an earlier version of forbattra stored as suggestions; they count here as "
                                    "suggestions until erased from the store with forbattra forget.",
           "read_store_total_rows_1": "{n} of the suggestions in the store is an export's total row (Summa, Totalt), "
                                      "which an earlier version of forbattra stored as a suggestion; it counts here as "
                                      "a suggestion until erased from the store with forbattra forget.",
           "compare_note": "The theme's share of all the organisation's rows (empty ones and answers that are no suggestion too, counted on rows of their own); the last row is the number of rows.",
           "compare_note_sheet": "The theme's share of all the organisation's rows (empty ones and answers that are no suggestion too, counted on rows of their own); the number of rows (n) is in the column's heading.",
           "compare_rows": "Rows (n)",
           "units_top": "The {n} units with most suggestions of {total}; the full table is in the appendix.",
           "heatmap_sheet": "Themes by unit", "partial": "partial month",
           "partial_note": "Lighter, striped bars: months the data covers only in part. They are not real drops.",
           "partial_mark": "* = a month the data covers only in part. It is not a real drop.",
           "chart_figures": "The chart's figures as a table",
           "chart_alt": "The chart's figures are on the sheet {sheet}.",
           "chart_axes": "{title}: {y} against {x}, one point per theme.",
           "chart_ringed": "Red points with a ring: {loud}.",
           "chart_in_table": "The figures are in the table under '{table}'.",
           "appendix_units": "Appendix: themes by unit, all units"},
}


# ------------------------------------------------------------------------------------------------
# reading classify's own output back


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # runs of white space, but not the spaces that must not break


def clip_text(text: object, n: int = EXAMPLE_CHARS) -> str:
    """``text`` as a report shows it in a line: its white space collapsed, and cut to ``n`` characters with a '…'
    where it is longer (an example: the HTML and the Markdown cut it alike, never mid-word without a mark)."""
    t = _SPACES.sub(" ", str(text)).strip()
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def is_classified_output(path: Path) -> bool:
    """True for a .jsonl, or an .xlsx/.csv with a 'Tema-id'/'Theme ids' column (classify's output)."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return True
    if suffix not in (".xlsx", ".csv") or not path.is_file():
        return False
    try:
        header, _, _ = _read_result_table(path)
    except InputFileError:
        return False
    return any(h in header for h in (COLS["sv"]["ids"], COLS["en"]["ids"]))


def _read_result_table(path: Path):
    if path.suffix.lower() == ".xlsx":
        for sheet in (COLS["sv"]["sheet_rows"], COLS["en"]["sheet_rows"]):
            try:
                return read_table(path, sheet=sheet)
            except InputFileError:
                continue
    return read_table(path)


def sorted_with(path: str | Path) -> Taxonomy | None:
    """The built-in taxonomy a classified file was sorted with, by the theme ids it holds (its *Tema-id*
    column; corrections typed in are not looked at), or None."""
    from forbattra.taxonomy import taxonomy_of_ids

    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return taxonomy_of_ids({t for ts in _load_jsonl(path)[THEMES] for t in ts})
    header, rows, _ = _read_result_table(path)
    lang = next((lg for lg in ("sv", "en") if COLS[lg]["ids"] in header), None)
    if lang is None:
        return None
    col = header.index(COLS[lang]["ids"])
    lab = header.index(COLS[lang]["theme"]) if COLS[lang]["theme"] in header else None
    rows = [r for r in rows if not (col < len(r) and r[col].strip() == COLS[lang]["ids"])]  # (the header again)
    labels = {r[lab].strip() for r in rows if lab < len(r) and r[lab].strip()} if lab is not None else None
    return taxonomy_of_ids({p.strip() for r in rows if col < len(r) for p in re.split(r"[|;,]", r[col]) if p.strip()},
                           labels)


def load_classified(path: str | Path, taxonomy: Taxonomy | None = None, *, text_column: Sequence[str] | None = None,
                    id_column: str | None = None, group_column: str | None = None, date_column: str | None = None,
                    person_column: str | None = None, lang: str = "sv"):
    """Read classify's .jsonl/.xlsx/.csv output into the frame shape of ``run_classify(...).frame``; a .jsonl's
    id, date, unit, person and text also as columns named in ``lang`` (:func:`role_columns`), as a store's are."""
    return read_classified(path, taxonomy, text_column=text_column, id_column=id_column, group_column=group_column,
                           date_column=date_column, person_column=person_column, lang=lang)[0]


def read_classified(path: str | Path, taxonomy: Taxonomy | None = None, *, text_column: Sequence[str] | None = None,
                    id_column: str | None = None, group_column: str | None = None, date_column: str | None = None,
                    person_column: str | None = None, lang: str = "sv") -> tuple:
    """:func:`load_classified`'s frame, the column of it its units were read from (None: no unit column), which
    the report's *Förklaringar* names, as classify's workbook does, and the columns read as the text, id, unit, date
    and person (``inputs.tables.Columns``; None for a .jsonl, whose records name them)."""
    import pandas as pd

    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        frame = role_columns(_load_jsonl(path), lang)
        return frame, unit_column_shown(frame, lang), None
    header, rows, info = _read_result_table(path)
    ids_col = next((h for h in (COLS["sv"]["ids"], COLS["en"]["ids"]) if h in header), None)
    if ids_col is None:
        raise InputFileError.of("err_not_classified", path=path)
    lang = "sv" if ids_col == COLS["sv"]["ids"] else "en"
    c = COLS[lang]
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]
    pos = {h: i for i, h in enumerate(header)}
    # the header repeated further down (files pasted together) is an empty row, as the reader counts it
    from forbattra.outputs.writers import STATUS_TEXT, unguard

    if path.suffix.lower() != ".xlsx":  # a .csv output's cells without the ' its writer put before "=", "+" …
        rows = [list(map(unguard, r)) for r in rows]

    blank = [""] * width
    if c["status"] in pos:
        blank[pos[c["status"]]] = STATUS_TEXT[lang]["empty"]
    rows = [list(blank) if r[pos[ids_col]].strip() == ids_col else r for r in rows]
    keep = [h for h in header if h not in RESULT_HEADERS and h != c["fix"]]
    from forbattra.inputs.tables import recorded_roles_of

    # (a role not given: the column classify read it from, as the workbook records it)
    text_column, id_column, group_column, date_column, person_column = recorded_roles_of(
        path, c["sheet_rows"] if path.suffix.lower() == ".xlsx" else None, keep, text_column, id_column, group_column,
        date_column, person_column)
    cols = detect_columns(keep, [[r[pos[h]] for h in keep] for r in rows], text_columns=text_column,
                          id_column=id_column, group_column=group_column, date_column=date_column,
                          person_column=person_column, path=str(path))
    frame = pd.DataFrame([[r[pos[h]] for h in keep] for r in rows], columns=keep, dtype=object)
    frame = attach_roles(frame, cols)
    label_to_id = {}
    if taxonomy is not None:
        label_to_id = {taxonomy.label(t, lg).casefold(): t for t in taxonomy.ids for lg in ("sv", "en")}
    themes, scores, evidence = [], [], []
    fb = taxonomy.fallback if taxonomy is not None else "ovrigt"
    fixed: list = [None] * len(rows)
    known = taxonomy is not None and all(p.strip() in taxonomy for r in rows for p in re.split(r"[|;,]", r[pos[ids_col]])
                                         if p.strip())
    if known and c["theme"] in pos:
        from forbattra.scoring.labels import other_labels

        other = other_labels([r[pos[ids_col]] for r in rows], [r[pos[c["theme"]]] for r in rows], [taxonomy], lang)
        if other is not None:
            n, first, label = other
            raise ConfigError.of("err_report_labels", source=path, label=label, id=first,
                                 expected=taxonomy.label(first, lang), taxonomy=taxonomy.name,
                                 row=info.excel_row(n + 1))
    if known and c["fix"] in pos:  # (a file sorted with other themes: check_themes names --taxonomy/--model)
        from forbattra.scoring.labels import resolve

        # a correction typed in is read as train reads it: a label or id; a slip is one line naming its row
        fixed = resolve([r[pos[c["fix"]]] for r in rows], taxonomy, source=f"{path}: {c['fix']!r}",
                        row_of=lambda i: info.excel_row(i + 1),  # rows as Excel shows them, a title row above or not
                        hint=Msg("err_hint_fix_cell"))
    typed: list[bool] = []  # a theme typed in by hand
    for r, fix_ids in zip(rows, fixed):
        fix = r[pos[c["fix"]]].strip() if c["fix"] in pos else ""
        typed.append(bool(fix))
        # (a correction's labels are separated by | or ; only, as train reads them: a label holds commas, 'Gata,
        # park och lekplatser'; the ids of Tema-id hold none)
        parts = re.split(r"[|;]", fix) if fix else re.split(r"[|;,]", r[pos[ids_col]])
        ts = (fix_ids if fix_ids else
              [label_to_id.get(p.strip().casefold(), p.strip()) for p in parts if p.strip()] or [fb])
        themes.append(ts)
        try:
            conf = float((r[pos[c["conf"]]] if c["conf"] in pos else "").replace(",", ".") or "nan")
        except ValueError:
            conf = float("nan")
        scores.append({ts[0]: conf} if conf == conf else {})
        ev: dict[str, list[str]] = {}
        for part in (r[pos[c["why"]]] if c["why"] in pos else "").split("; "):
            label, sep, terms = part.partition(": ")
            if sep:
                tid = label_to_id.get(label.strip().casefold(), label.strip())
                ev[tid] = [t.strip() for t in terms.split(", ") if t.strip()]
        evidence.append(ev)
    status = [status_code(r[pos[c["status"]]]) if c["status"] in pos else "ok" for r in rows]
    # an answer taken for no suggestion that someone sorted by hand is a suggestion, as classify counts it when it
    # carries the correction over (workflow.apply_corrections): not said to lie in the fallback theme
    status = ["ok" if st == "no_suggestion" and by_hand else st for st, by_hand in zip(status, typed)]
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence, STATUS: status}), cols.group, cols


def _load_jsonl(path: Path):
    import pandas as pd

    recs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFileError.of("err_jsonl_line", path=path, n=n, reason=exc.msg) from None
            if not isinstance(obj, dict) or "themes" not in obj:
                raise InputFileError.of("err_jsonl_result", path=path, n=n)
            recs.append(obj)
    known = ("row", "id", "text", "group", "date", "themes", "scores", "evidence", "status", "person")
    extra = sorted({k for o in recs for k in o if k not in known})
    data = {
        ROW: [int(o.get("row") or i + 1) for i, o in enumerate(recs)],
        ID: [_none(o.get("id")) for o in recs],
        TEXT: [str(o.get("text") or "") for o in recs],
        GROUP: [_none(o.get("group")) for o in recs],
        DATE: [_none(o.get("date")) for o in recs],
        PERSON: [_none(o.get("person")) for o in recs],
        THEMES: [list(o.get("themes") or ["ovrigt"]) for o in recs],
        SCORES: [dict(o.get("scores") or {}) for o in recs],
        EVIDENCE: [dict(o.get("evidence") or {}) for o in recs],
        STATUS: [str(o.get("status") or "ok") for o in recs],
    }
    for k in extra:
        data[k] = [None if o.get(k) is None else str(o.get(k)) for o in recs]
    cols = [*extra, *INTERNAL, *(THEMES, SCORES, EVIDENCE, STATUS)]
    return pd.DataFrame(data, columns=cols) if recs else pd.DataFrame(columns=cols)


# a history store keeps no export's column names: its roles get these on the report's per-row sheet
STORE_COLUMNS = {"sv": {ID: "Id", DATE: "Datum", GROUP: "Enhet", PERSON: "Namn", TEXT: "Förslag"},
                 "en": {ID: "Id", DATE: "Date", GROUP: "Unit", PERSON: "Name", TEXT: "Suggestion"}}


def role_columns(frame, lang: str = "sv", keep: Sequence[str] | None = None):
    """``frame`` with the id, date, unit, person and text of its rows (the role columns, which no per-row sheet
    shows) first as columns of their own, named as :data:`STORE_COLUMNS` names them in ``lang`` — for a source that
    keeps no export's column names, a history store or a .jsonl (a role no row has is left out, as a file without
    that column; a column of that name the source has itself is kept, not doubled). ``keep``: the columns of
    ``frame`` kept after them (default: all)."""
    import pandas as pd

    names = STORE_COLUMNS[lang]
    kept = list(frame.columns) if keep is None else list(keep)
    shown = {names[c]: frame[c] for c in (ID, DATE, GROUP, PERSON, TEXT)
             if c in frame.columns and (c == TEXT or frame[c].notna().any()) and names[c] not in kept}
    return pd.concat([pd.DataFrame(shown, index=frame.index), frame[kept]], axis=1)


def unit_column_shown(frame, lang: str = "sv") -> str | None:
    """The column :func:`role_columns` shows a store's or a .jsonl's units in, where ``frame`` has it."""
    name = STORE_COLUMNS[lang][GROUP]
    return name if name in frame.columns else None


def store_rows(frame, lang: str = "sv"):
    """A history store's suggestions (:meth:`forbattra.store.Store.frame`) as a report reads a file's: the
    store's bookkeeping (key, runs, when first seen) left out — it is no column of the suggestions, and it
    changes between runs that change nothing — and id, date, unit, person and text shown as columns, as
    an export's own are (a role no suggestion has is left out, as a file without that column)."""
    import pandas as pd

    from forbattra.store import period_dates

    keep = [c for c in frame.columns if c in INTERNAL or c in (THEMES, SCORES, EVIDENCE, STATUS)]
    shown = role_columns(frame, lang, keep)
    # the months (and --since/--until) count each suggestion on the date trends counts it on: of an export without
    # a date column, the day of the run that first read it; the Datum column shows the suggestions' own dates
    return shown.assign(**{DATE: pd.Series(period_dates(frame), index=frame.index, dtype=object)}) \
        if DATE in keep and len(frame) else shown


def _none(v):
    return None if v is None or str(v).strip() == "" else str(v)


def check_themes(frame, taxonomy: Taxonomy, source: str) -> None:
    """Refuse a classified file whose theme ids are not in the taxonomy."""
    unknown = sorted({t for ts in frame[THEMES] for t in ts if t not in taxonomy})
    if unknown:
        raise ConfigError.of("err_report_themes", source=source, ids=", ".join(map(repr, unknown[:5])), taxonomy=taxonomy.name)


# ------------------------------------------------------------------------------------------------
# selection


def normalise_frame(frame):
    """Role columns as plain objects with ``None`` for missing (pandas may infer a string dtype with NaN)."""
    import pandas as pd

    def clean(v, empty=None):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return empty
        return str(v)

    out = {}
    for col in (ID, GROUP, DATE, PERSON, ORG):
        if col in frame.columns:
            out[col] = pd.Series([clean(v) for v in frame[col]], index=frame.index, dtype=object)
    if TEXT in frame.columns:
        out[TEXT] = pd.Series([clean(v, "") for v in frame[TEXT]], index=frame.index, dtype=object)
    return frame.assign(**out) if out else frame


def filter_frame(frame, *, since: str | None = None, until: str | None = None, groups: Sequence[str] | None = None,
                 themes: Sequence[str] | None = None):
    """Rows dated since..until (inclusive, ISO dates; undated rows dropped when a bound is given; a row dated
    only by its month, ``YYYY-MM``, kept when since..until reaches into that month: it counts in its month),
    in one of ``groups`` (unit names, case-insensitive), having one of ``themes`` (ids)."""
    frame = normalise_frame(frame)
    mask = [True] * len(frame)
    dates = list(frame[DATE]) if len(frame) else []
    for i, d in enumerate(dates):
        if since and (not d or d < since[:len(d)]):
            mask[i] = False
        if until and (not d or d > until[:len(d)]):
            mask[i] = False
    if groups:
        wanted = {g.strip().casefold() for g in groups}
        for i, g in enumerate(frame[GROUP]):
            # "Hemtjänst" also selects "Hemtjänst (nord)" and "Hemtjänst (syd)" (units_apart)
            if not g or not (g.strip().casefold() in wanted or g.split(" (", 1)[0].strip().casefold() in wanted):
                mask[i] = False
    if themes:
        wanted_t = set(themes)
        for i, ts in enumerate(frame[THEMES]):
            if not wanted_t.intersection(ts):
                mask[i] = False
    return frame[mask].reset_index(drop=True) if len(frame) else frame


def redact_frame(frame, lang: str = "sv", *, names_from=None):
    """A copy with the text and every original text column masked (the person column itself too); the
    placeholders in ``lang`` ("[namn]", or "[name]" in an English report). ``names_from``: the rows whose person
    and name columns give the names masked (default ``frame``) — every row read, where ``frame`` is a selection,
    so a name is masked in a selected text also when its writer's own suggestions were not selected."""
    import pandas as pd

    from forbattra.outputs.redact import (
        bare_number_masker, in_english, in_swedish, make_redactor, mask_units, masked_words, without_masked,
    )

    sv_red = make_redactor(frame if names_from is None else names_from)
    # one language of placeholders, also for a file masked earlier in the other one
    red = (lambda x: in_english(sv_red(x))) if lang == "en" else (lambda x: in_swedish(sv_red(x)))
    out = frame.copy()
    skip = {ROW, ID, GROUP, DATE, PERSON, ORG, THEMES, SCORES, EVIDENCE, STATUS}
    for col in out.columns:
        if col in skip:
            continue
        bare = bare_number_masker(col)  # (701234567 in a "Telefon" column: Excel dropped the zero)
        out[col] = [red(bare(v) if bare else v) if isinstance(v, str) else v for v in out[col]]
    if GROUP in out.columns:  # a unit named after a person ("Kalle Karlssons enhet"); units kept apart
        # (objects, as normalise_frame left them: a list assigned would infer a string dtype, no unit then NaN,
        # which the duplicates section printed as "— nan")
        out[GROUP] = pd.Series(mask_units(out[GROUP], red), index=out.index, dtype=object)
    if ORG in out.columns:  # the organisations compared, a --compare-column's values (a unit column too), kept apart
        out[ORG] = pd.Series(mask_units(out[ORG], red), index=out.index, dtype=object)
    gone = [masked_words(t, m) for t, m in zip(frame[TEXT], out[TEXT])] if TEXT in out.columns else [set()] * len(out)
    out[EVIDENCE] = [{t: [red(x) for x in without_masked(xs, g)] for t, xs in ev.items()}
                     for ev, g in zip(out[EVIDENCE], gone)]
    return out


# ------------------------------------------------------------------------------------------------
# pure figures


def headline(frame) -> dict:
    """The report's key figures; ``suggestions`` counts rows with a suggestion, ``empty`` and ``none`` the
    empty rows and the answers that are no suggestion ("Vet inte", a thanks), which the shares include."""
    dates = [d for d in frame[DATE] if d] if len(frame) else []
    units = frame[GROUP].dropna().nunique() if len(frame) else 0
    themes_used = len({ts[0] for ts in frame[THEMES]}) if len(frame) else 0
    status = list(frame[STATUS]) if STATUS in frame and len(frame) else []
    empty, none = status.count("empty"), status.count("no_suggestion")
    return {"suggestions": len(frame) - empty - none, "rows": len(frame), "empty": empty, "none": none,
            "units": int(units), "period": period_span(dates) if dates else None, "themes": themes_used}


def period_span(dates: Sequence[str]) -> tuple[str, str]:
    """The first and the last of ``dates`` (ISO): a date that gives only the month (``YYYY-MM``) is the whole
    month, before its first day and after its last."""
    return min(dates), max(dates, key=lambda d: d if len(d) > 7 else d + "-99")


def monthly(frame, taxonomy: Taxonomy, *, span: tuple[str, str] | None = None
            ) -> tuple[list[str], dict[str, list[int]], list[int], dict[str, list[int]]]:
    """Months (YYYY-MM, gaps filled: :func:`~forbattra.store.periods_between`), theme id → count per month,
    suggestions per month, and the rows counted apart per month (``store.NOT_SUGGESTIONS``' keys: an empty row,
    an answer that is no suggestion), as ``trends`` counts a month: those are in no theme and not in the total,
    not suggestions of the fallback theme. ``span``: the first and last date the data read covers, where ``frame``
    is a selection of it (``--group``, ``--theme``): its months run over all of them, a month the selection has no
    suggestion in a 0, not left out."""
    from forbattra.store import NOT_SUGGESTIONS

    ms = [d[:7] for d in frame[DATE] if d] if len(frame) else []
    if not ms:
        return [], {}, [], {}
    from forbattra.store import periods_between

    months = periods_between(ms + ([span[0][:7], span[1][:7]] if span else []))  # (gaps filled, as trends fills them)
    idx = {mo: i for i, mo in enumerate(months)}
    per = {t: [0] * len(months) for t in taxonomy.ids}
    total = [0] * len(months)
    apart = {k: [0] * len(months) for k in NOT_SUGGESTIONS}
    status = frame[STATUS] if STATUS in frame else [OK] * len(frame)
    for d, ts, st in zip(frame[DATE], frame[THEMES], status):
        if not d:
            continue
        i = idx[d[:7]]
        if st in apart:
            apart[st][i] += 1
            continue
        total[i] += 1
        for t in ts:
            if t in per:
                per[t][i] += 1
    return months, per, total, apart


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_TERM_CHARS = 4


# Words every kind of suggestion uses ("we should", "nobody knows", "more people"): never a theme's key term.
FILLER = frozenset("""
borde bord ingen inget inga varje fler flera mera veta vet folk behöva behöver finnas finns göra gör kunna kan
skulle många mycket alltid aldrig också bara hela dagen idag kommer komma få ge tycka tycker känna känns
något någon några sådan sådana annan andra bättre sämre gärna tack hej väldigt verkligen ofta själv själva
""".split())


def key_terms(frame, taxonomy: Taxonomy, k: int = 8, *, analyzer=None, background=None) -> dict[str, list[str]]:
    """Distinctive words per theme: words much more frequent in the theme than in the other themes.

    Each theme's suggestions form one document (class-based, as in c-TF-IDF); a lemma scores
    ``p(w|theme) * log(p(w|theme) / p(w|other themes))`` (add-one smoothing), so a word every theme
    uses ("borde", "tid") scores near zero. Swedish stop words are dropped by the analyzer, plus a
    short list of suggestion filler and the words never shown as evidence, which discover's labels leave out too
    (``scoring.evidence``: "ändå", "vissa", "fungerar", "tillbaka"); lemmas shorter than four letters, masking placeholders and every
    name in the person column are never shown, nor words of the answers that are no suggestion. Each lemma is shown in its commonest written form. A
    term must occur in two suggestions of the theme (one when it has fewer than five), so one
    writer's pet word is not presented as the theme's.

    ``background``: the rows the other themes are counted in (default ``frame``) — the report's rows before
    ``--theme``, which leaves only the chosen themes' suggestions and so nothing to tell them apart from: a
    theme's key terms are then the ones it has in the report without ``--theme``.
    """
    import math

    from forbattra.outputs.redact import name_parts, person_names, without_placeholders
    from forbattra.scoring.evidence import is_filler, is_filler_lemma
    from forbattra.scoring.text import Analyzer, fold

    if not len(frame):
        return {}
    analyzer = analyzer or Analyzer()
    banned = name_parts(person_names(frame)) | FILLER
    if background is not None:
        banned |= name_parts(person_names(background))
    banned |= {fold(b) for b in banned}

    def count(rows):
        tf: dict[str, Counter] = {t: Counter() for t in taxonomy.ids}
        docs: dict[str, Counter] = {t: Counter() for t in taxonomy.ids}
        n_docs: Counter = Counter()
        surface: dict[str, Counter] = {}
        status = rows[STATUS] if STATUS in rows else [OK] * len(rows)
        for text, ts, st in zip(rows[TEXT], rows[THEMES], status):
            if not text or st == NO_SUGGESTION:  # ("Inget att tillägga", a thanks: counted in the theme, not about it)
                continue
            lemmas = []
            for m in _WORD.finditer(without_placeholders(str(text)).lower()):
                tok = m.group(0)
                if tok in banned or fold(tok) in banned:
                    continue
                for piece in tok.split("-"):
                    w = analyzer.word(piece)
                    if w is None or len(w[0]) < MIN_TERM_CHARS or len(piece) < MIN_TERM_CHARS or w[0] in banned \
                            or is_filler(piece) or is_filler_lemma(w[0], piece):
                        continue
                    lemmas.append(w[0])
                    surface.setdefault(w[0], Counter())[piece] += 1
            distinct = set(lemmas)
            for t in set(ts):
                if t in tf:
                    tf[t].update(lemmas)
                    docs[t].update(distinct)
                    n_docs[t] += 1
        return tf, docs, n_docs, surface

    tf, docs, n_docs, surface = count(frame)
    # the counts a theme is told apart by: the background's (its own counts there too, so that its other rows
    # are not counted as other themes'); its written forms too, so a theme's terms read as they do without --theme
    tf_all, _, _, surface_all = count(background) if background is not None and len(background) else \
        (tf, None, None, surface)
    total: Counter = Counter()
    for c in tf_all.values():
        total.update(c)
    n_all, vocab = sum(total.values()), max(len(total), 1)
    out = {}
    for t in taxonomy.ids:
        size = sum(tf[t].values())
        if not size:
            out[t] = []
            continue
        need = 2 if n_docs[t] >= 5 else 1
        rest = n_all - sum(tf_all[t].values())
        scored = []
        for w, c in tf[t].items():
            if docs[t][w] < need:
                continue
            p_t = (c + 1) / (size + vocab)
            p_rest = (total[w] - tf_all[t][w] + 1) / (rest + vocab)
            score = p_t * math.log(p_t / p_rest)
            if score > 0:
                scored.append((-score, w))
        scored.sort()
        out[t] = [_shown_form(surface_all.get(w) or surface[w]) for _, w in scored[:k]]
    return out


def _shown_form(forms: Counter) -> str:
    """A key term as the theme's suggestions write it most often; where some write it with å/ä/ö and some
    without ("Invånarna", "invanarna"), with them — also where those write another form of it ("boendestod" beside
    "Boendestödet": a form typed without the letter another form has, up to that letter, is never shown)."""
    from forbattra.scoring.text import folded_twins

    twins = folded_twins(forms)
    return min(forms.items(), key=lambda kv: (kv[0] in twins, -kv[1], kv[0]))[0]


def partial_months(months: list[str], first: str | None, last: str | None, *, tolerance: int = 3) -> list[bool]:
    """Which months the data covers only in part: the first month when it starts after the
    ``tolerance``-th day, the last when it ends more than ``tolerance`` days before the month's end (a date
    that gives only the month, ``YYYY-MM``, is the whole month) — trends' rule (:func:`~forbattra.store.partial_periods`)."""
    from forbattra.store import partial_periods

    return partial_periods(months, first, last, "month", tolerance=tolerance)


def representative(frame, theme: str, k: int = EXAMPLES) -> list[tuple[str, str | None]]:
    """Up to ``k`` (text, unit) of distinct texts: primary-theme rows first, most confident first (the main
    theme's confidence to two decimals, as classify's files record it), one per unit first. A text sent in many times (or again in other case or with a full stop) is one example, as in
    the *Teman* sheet's *Exempel*: its copies are counted in the figures, not shown five times over. An answer
    that is no suggestion ("Vet inte", a thanks) is counted in its theme, never shown as a suggestion of it."""
    from forbattra.analysis.summary import _example_key

    cand = []
    status = frame[STATUS] if STATUS in frame else ["ok"] * len(frame)
    for i, (ts, sc, tx, g, st) in enumerate(zip(frame[THEMES], frame[SCORES], frame[TEXT], frame[GROUP], status)):
        if theme in ts and tx and tx.strip() and st != "no_suggestion":
            # the confidence as classify's files write it (Säkerhet: the main theme's, two decimals), so a report
            # of its workbook or .csv picks the same examples as a report of the export it came from
            s = round(float((sc or {}).get(theme, 0.0)), 2) if ts[0] == theme else 0.0
            cand.append((ts[0] != theme, -(s if s == s else 0.0), abs(len(tx) - 220) // 80, i, tx, g))
    cand.sort(key=lambda c: c[:4])
    distinct, keys = [], set()
    for c in cand:  # each text's best-placed copy
        key = _example_key(c[4])
        if key not in keys:
            keys.add(key)
            distinct.append(c)
    cand = distinct
    out, seen_units, rest = [], set(), []
    for c in cand:
        if c[5] not in seen_units:
            seen_units.add(c[5])
            out.append(c)
        else:
            rest.append(c)
        if len(out) >= k:
            break
    out = (out + rest)[:k]
    out.sort(key=lambda c: c[:4])
    return [(c[4], c[5] if isinstance(c[5], str) and c[5].strip() else None) for c in out]  # no "— nan"


def duplicate_groups(frame) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Groups of two or more rows sharing a non-empty duplicate-group value."""
    col = next((c for c in DUPLICATE_COLUMNS if c in frame.columns), None)
    if col is None:
        return []
    groups: dict[str, list] = {}
    for v, tx, g in zip(frame[col], frame[TEXT], frame[GROUP]):
        if v is None or (isinstance(v, float) and v != v) or not str(v).strip():
            continue
        groups.setdefault(str(v).strip(), []).append((tx, g))
    return [(k, v) for k, v in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(v) >= 2]


def compare_table(frame, taxonomy: Taxonomy, *, lang: str = "sv", sizes_from=None):
    """Theme share per organisation (rows: themes; columns: organisations), or None with < 2 orgs.
    ``sizes_from``: the rows each organisation's shares are of, where ``frame`` holds only some themes' rows
    (``--theme``: every row before it, so an organisation none of whose suggestions has them shows 0 %, not
    nothing); ``frame``'s own when not given. The empty rows and the answers that are no suggestion are in no
    theme, on rows of their own after the themes (as the themes' table counts them), their share of the rows too."""
    import pandas as pd

    from forbattra.store import NOT_SUGGESTIONS

    base = sizes_from if sizes_from is not None and ORG in sizes_from.columns else frame
    if ORG not in base.columns:
        return None
    from forbattra.analysis.summary import sv_order

    orgs = sorted({o for o in base[ORG] if o}, key=sv_order)  # (in Swedish alphabetical order: Åre before Älvdalen)
    if len(orgs) < 2:
        return None
    h = HEADINGS[lang]
    size = Counter(o for o in base[ORG] if o)
    counts: dict[str, Counter] = {o: Counter() for o in orgs}
    apart: dict[str, Counter] = {k: Counter() for k in NOT_SUGGESTIONS}
    status = frame[STATUS] if STATUS in frame.columns else [OK] * len(frame)
    for o, ts, st in zip(frame[ORG] if ORG in frame.columns else [], frame[THEMES], status):
        if o in counts:
            if st in apart:  # (in no theme, not in the fallback theme's share)
                apart[st][o] += 1
            else:
                counts[o].update(set(ts))
    rows = []
    for t in taxonomy.ids:
        row = {h["theme"]: taxonomy.label(t, lang)}
        for o in orgs:
            row[o] = round(counts[o][t] / size[o], 4) if size[o] else 0.0
        rows.append(row)
    names = apart_labels(taxonomy, lang)
    for k, per in apart.items():
        if sum(per.values()):
            rows.append({h["theme"]: names[k], **{o: round(per[o] / size[o], 4) if size[o] else 0.0 for o in orgs}})
    # (every row of the organisation, as its shares are of: the card's "Förslag" are its suggestions alone)
    rows.append({h["theme"]: TEXTS[lang]["compare_rows"], **{o: size[o] for o in orgs}})
    return pd.DataFrame(rows)


def monthly_table(frame, taxonomy: Taxonomy, *, lang: str = "sv"):
    import pandas as pd

    months, per, total, apart = monthly(frame, taxonomy)
    if not months:
        return None
    t = TEXTS[lang]
    data = {t["month"]: months, t["total"]: total}
    for tid in taxonomy.ids:
        data[taxonomy.label(tid, lang)] = per[tid]
    names = apart_labels(taxonomy, lang)
    for k, counts in apart.items():  # (after the themes, as trends has them)
        if any(counts):
            data[names[k]] = counts
    return pd.DataFrame(data)


def check_report_outputs(outs: list[Path], inputs: list[Path]) -> None:
    """Refuse unknown report extensions and outputs that would overwrite an input, before any work."""
    from forbattra.outputs.writers import check_outputs

    check_outputs(outs, inputs, suffixes=REPORT_SUFFIXES, kind="report", protect_corrections=True)


def units_apart(frame):
    """Units of the same name in different organisations kept apart: "Hemtjänst (nord)" and "Hemtjänst (syd)"
    are two units, not one that raised a theme twice as often (breadth would be wrong otherwise). Names
    found in one organisation only are left as they are."""
    if ORG not in frame.columns or GROUP not in frame.columns or not len(frame):
        return frame
    orgs_of: dict[str, set] = {}
    for g, o in zip(frame[GROUP], frame[ORG]):
        if isinstance(g, str) and g and isinstance(o, str) and o:  # a row without an organisation says nothing here
            orgs_of.setdefault(g, set()).add(o)
    shared = {g for g, os in orgs_of.items() if len(os) > 1}
    if not shared:
        return frame
    return frame.assign(**{GROUP: [f"{g} ({o})" if g in shared and isinstance(o, str) and o else g
                                   for g, o in zip(frame[GROUP], frame[ORG])]})


def set_org_from_column(frame, column: str, source: str, seen: dict[str, str] | None = None, *,
                        store_lang: str | None = None):
    """Use an original column (kommun/förvaltning) as the organisation for comparisons (a blank cell, or an
    export's placeholder "-", "?": none). An organisation is one however it is spelt, as a unit is
    ("SOCIALFÖRVALTNINGEN", "Socialförvaltningen." are Socialförvaltningen: :func:`same_units`); ``seen`` carries
    the first spellings from one input to the next. ``store_lang``: ``frame`` is a store's (:func:`store_rows` in
    that language), whose columns are named in either language ("Enhet" with --lang en too); a column a store does
    not keep (an export's "Förvaltning") is refused saying so, not as a column missing from a file."""
    import pandas as pd

    from forbattra.inputs.tables import column_key, same_units

    if store_lang is not None:  # the store's column of that role, by its name in either language
        role = next((r for names in STORE_COLUMNS.values() for r, name in names.items()
                     if column_key(name) == column_key(column)), None)
        column = STORE_COLUMNS[store_lang][role] if role is not None else column
    match = next((c for c in frame.columns if c not in INTERNAL and (c == column or column_key(str(c)) == column_key(column))),
                 None)
    if match is None and store_lang is not None:
        cols = [c for c in STORE_COLUMNS[store_lang].values() if c in frame.columns]
        raise ColumnError.of("err_compare_column_store", source=source, column=column,
                             columns=", ".join(repr(x) for x in cols))
    if match is None:
        cols = [c for c in frame.columns if c not in INTERNAL and c not in (THEMES, SCORES, EVIDENCE, STATUS, ORG)]
        raise ColumnError.of("err_compare_column", source=source, column=column, columns=", ".join(repr(x) for x in cols))
    return frame.assign(**{ORG: same_units([(str(v).strip() or None) if isinstance(v, str) or (
        v is not None and v == v and v is not pd.NA) else None for v in frame[match]], seen)})


