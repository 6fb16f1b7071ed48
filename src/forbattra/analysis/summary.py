"""Summary tables: themes with breadth (how many units raise them) against volume (how much).

Pure functions over the classified frame (see :mod:`forbattra.scoring.pipeline`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Collection, Iterable

from forbattra.record import GROUP, NO_SUGGESTION, PERSON, STATUS, TEXT
from forbattra.taxonomy import Taxonomy

# A theme is "driven by one unit" when one unit writes most of it and few others raise it; it is
# "broad" when many units raise it and none dominates. Thresholds are deliberately simple so an
# analyst can explain them to a committee.
LOUD_SHARE = 0.5
BROAD_MIN_UNITS_SHARE = 0.5

HEADINGS = {
    "sv": {"theme": "Tema", "id": "Tema-id", "count": "Antal förslag", "share": "Andel av alla förslag",
           "units": "Antal enheter", "people": "Antal personer", "top_unit": "Största enhet",
           "top_share": "Andel från största enhet", "concentration": "Koncentration (0–1)",
           "flag": "Bedömning", "examples": "Exempel", "loud": "drivs av en enhet", "broad": "brett förankrat",
           "mixed": "flera enheter", "single": "en enhet", "none": "inga förslag", "fallback": "bedöms inte",
           "unknown": "enhet saknas", "primary": "Som huvudtema"},
    "en": {"theme": "Theme", "id": "Theme id", "count": "Suggestions", "share": "Share of all suggestions",
           "units": "Units", "people": "People", "top_unit": "Largest unit",
           "top_share": "Share from largest unit", "concentration": "Concentration (0–1)",
           "flag": "Assessment", "examples": "Examples", "loud": "driven by one unit", "broad": "raised broadly",
           "mixed": "several units", "single": "one unit", "none": "no suggestions", "fallback": "not assessed",
           "unknown": "no unit given", "primary": "As primary theme"},
}

# One line per figure of the summary sheets, and the assessment rule, for the 'Förklaringar' sheet
# and the report's "how to read" section. Numbers in the rule come from the constants above.
_RULE = {  # {it}/{its}: what is assessed (a theme, a duplicate group, a cluster); then the ending of _RULE_END
    "sv": ("«drivs av en enhet»: minst 3 förslag, minst {loud} av dem från en och samma enhet, och högst två "
           "enheter tar upp {it} eller {concentration} är minst 0,35. «brett förankrat»: minst {broad} av "
           "alla enheter (och minst två) tar upp {it} och ingen enhet står för {loud} eller mer, inte ens om "
           "förslagen utan enhet vore dess. «flera "
           "enheter»: varken det ena eller det andra. «en enhet»: en enda enhet tar upp {it}, men med för få förslag "
           "(under 3) eller med under {loud} av dem (de övriga anger ingen enhet) för att bedöma, eller bara en enhet i "
           "underlaget. «enhet saknas»: inget av {its} förslag anger enhet."),
    "en": ("'driven by one unit': at least 3 suggestions, at least {loud} of them from one unit, and at most two "
           "units raise {it} or {concentration} is at least 0.35. 'raised broadly': at least {broad} of "
           "all units (and at least two) raise {it} and no unit writes {loud} or more, not even if the "
           "suggestions without a unit were its. 'several units': "
           "neither. 'one unit': a single unit raises {it}, but with too few suggestions (under 3) or with under {loud} "
           "of them (the others name no unit) to assess, or only one unit in the data. 'no unit given': none of {its} suggestions "
           "names a unit."),
}
# (what is assessed, its possessive, the concentration as named: the Teman sheet has the column, the others not)
_RULE_SUBJECT = {
    "sv": {"theme": ("temat", "temats", "koncentrationen"),
           "group": ("gruppen", "gruppens", "koncentrationen (summan av varje enhets andel i kvadrat)"),
           "cluster": ("klustret", "klustrets", "koncentrationen (summan av varje enhets andel i kvadrat)")},
    "en": {"theme": ("the theme", "the theme's", "the concentration"),
           "group": ("the group", "the group's", "the concentration (the sum of each unit's squared share)"),
           "cluster": ("the cluster", "the cluster's", "the concentration (the sum of each unit's squared share)")},
}
_RULE_END = {  # a theme may have no suggestions, and the fallback theme is not assessed; so is discover's cluster 0
    "sv": {"theme": " «inga förslag»: inget förslag har temat. {fallback} bedöms inte.", "group": "",
           "cluster": " {fallback} (kluster 0: svar som inte är förslag) bedöms inte."},
    "en": {"theme": " 'no suggestions': no suggestion has the theme. The fallback theme ({fallback}) is not assessed.",
           "group": "", "cluster": " {fallback} (cluster 0: answers that are no suggestion) is not assessed."},
}
_EXPLAIN = {
    "sv": [
        ("theme", "Temat i taxonomin. Ett förslag kan ha flera teman, så summan av antalen kan bli större än antalet förslag. "
                  "Temana står med flest förslag först (lika många i taxonomins ordning), {fallback} efter dem."),
        ("count", "Antal förslag som har temat (som huvudtema eller som ett av flera teman). Ett tema som skrivits i kolumnen Rättat tema räknas i stället för det föreslagna."),
        ("primary", "Antal förslag där temat är det första och starkaste."),
        ("share", "Antal förslag med temat delat med alla rader (också tomma och svar som inte är förslag, som räknas för sig på egna rader efter temana, {empty} och {none}, inte i {fallback}). Andelarna kan summera till mer än 100 % eftersom ett förslag kan ha flera teman."),
        ("units", "Antal olika enheter som har skrivit minst ett förslag med temat."),
        ("top_unit", "Den enhet som har skrivit flest förslag med temat."),
        ("top_share", "Hur stor del av temats förslag som kommer från den största enheten. 100 % betyder att en enda enhet står för allt. Förslag utan enhet räknas med i temats förslag."),
        ("concentration", "Hur samlat temat är till få enheter: summan av varje enhets andel i kvadrat (Herfindahl-index). "
                          "Nära 0 = jämnt spritt över många enheter, 1 = en enda enhet."),
        ("flag", "Om temat är brett förankrat eller drivs av en enhet. Regeln står nedan."),
        ("people", "Antal olika personer som har skrivit förslag med temat."),
        ("examples", "Upp till tre olika förslag med temat, huvudtema först (aldrig ett svar som inte är ett förslag)."),
    ],
    "en": [
        ("theme", "The theme in the taxonomy. A suggestion can have several themes, so the counts can add up to more than the number of suggestions. "
                  "The themes with most suggestions come first (equal counts in the taxonomy's order), {fallback} after them."),
        ("count", "Suggestions that have the theme (as primary theme or as one of several). A theme typed into the Corrected themes column counts instead of the suggested one."),
        ("primary", "Suggestions where the theme is the first and strongest."),
        ("share", "Suggestions with the theme divided by all rows (empty ones and answers that are no suggestion too, which are counted apart on rows of their own after the themes, {empty} and {none}, not in {fallback}). Shares can add up to more than 100% because a suggestion can have several themes."),
        ("units", "Different units that wrote at least one suggestion with the theme."),
        ("top_unit", "The unit that wrote most suggestions with the theme."),
        ("top_share", "The part of the theme's suggestions that comes from the largest unit. 100% means a single unit wrote them all. Suggestions without a unit count among the theme's suggestions."),
        ("concentration", "How concentrated the theme is in few units: the sum of each unit's squared share (Herfindahl index). "
                          "Near 0 = spread evenly over many units, 1 = a single unit."),
        ("flag", "Whether the theme is raised broadly or driven by one unit. The rule is below."),
        ("people", "Different people who wrote suggestions with the theme."),
        ("examples", "Up to three different suggestions with the theme, primary theme first (never an answer that is no suggestion)."),
    ],
}


# the units' line: which column of the per-row sheet the units are (classify's workbook)
_UNITS_FROM = {"sv": " Enheterna är värdena i kolumnen «{column}» på bladet Förslag.",
               "en": " The units are the values of the column '{column}' on the sheet Suggestions."}

_UNITS_HEADER = {"sv": "Enheter", "en": "Units"}  # (the duplicates and discover workbooks' column of a group's units)

FALLBACK_LABEL = {"sv": "Övrigt", "en": "Other"}  # the standard taxonomy's fallback, where none is given


def percent(x, lang: str = "sv") -> str:
    """A share 0..1 in whole percent ("13 %", English "13%"; "" for none), rounded as the workbooks show
    it: Excel's '0%' format rounds a half up (0.125 is 13 %), where Python's formatting rounds it to even
    (12 %). The terminal, the reports and the rule's text all write shares with this one function."""
    from decimal import ROUND_HALF_UP, Decimal

    if x is None or x != x:
        return ""
    n = (Decimal(repr(float(x))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{n} %" if lang == "sv" else f"{n}%"


def assessment_rule(lang: str = "sv", *, fallback: str | None = None, subject: str = "theme") -> str:
    """The assessment rule in plain words, with the thresholds actually used; ``fallback``: the label of
    the taxonomy's fallback theme (huset's is *Ej placerad*), the standard's when not given. ``subject``: what
    the rule assesses, "theme" (the *Teman* sheet), "group" (a duplicate group) or "cluster" (``fallback``: the
    label of discover's cluster 0) — one rule, :func:`breadth`'s, worded for each."""
    it, its, concentration = _RULE_SUBJECT[lang][subject]
    return (_RULE[lang] + _RULE_END[lang][subject]).format(
        loud=percent(LOUD_SHARE, lang), broad=percent(BROAD_MIN_UNITS_SHARE, lang), it=it, its=its,
        concentration=concentration, fallback=fallback or FALLBACK_LABEL[lang])


_EXPLAIN_BY_UNIT = {
    "sv": ("Tema per enhet: Totalt", "Antal rader från enheten (också tomma och svar som inte är förslag, i sina egna "
                                     "kolumner före Totalt). Ett förslag "
                                     "kan ha flera teman, så temakolumnerna kan summera till mer än Totalt."),
    "en": ("Themes by unit: Total", "Rows from the unit (empty ones and answers that are no suggestion too, in their "
                                    "own columns before Total). A "
                                    "suggestion can have several themes, so the theme columns can add up to more "
                                    "than Total."),
}
_EXPLAIN_GROUP_COUNTS_SHEET = {"sv": "Dubbletter: ", "en": "Duplicates: "}
_EXPLAIN_GROUP_COUNTS = {  # (column, what it counts): the group's suggestions; its units; its people
    "sv": (("Antal", "Antal: förslagen i gruppen."), ("Enheter", "Enheter: olika enheter som har skrivit dem."),
           ("Personer", "Personer: olika personer som har skrivit dem.")),
    "en": (("Count", "Count: the suggestions in the group."), ("Units", "Units: different units that wrote them."),
           ("People", "People: different people who wrote them.")),
}
_EXPLAIN_REVIEW = {
    "sv": [("Att granska: Modellens gissning", "Modellens två bästa teman för förslaget, med hur säker den är på vart och ett."),
           ("Att granska: Osäkerhet", "Hur osäker modellen är, 0–1 (1 = mest osäker): de två bästa temana ligger nära "
                                      "varandra, eller ett tema nära gränsen för att ges.")],
    "en": [("To review: Model's guess", "The model's two best themes for the suggestion, with how sure it is of each."),
           ("To review: Uncertainty", "How unsure the model is, 0–1 (1 = most unsure): its two best themes are close, "
                                      "or a theme is close to the line for being given.")],
}
_DUPLICATES_ASSESSMENT = {"sv": "Dubbletter: Bedömning", "en": "Duplicates: Assessment"}  # a column only with units
_EXPLAIN_DUPLICATES = {
    "sv": [
        ("Dubbletter: Grupp", "Gruppens nummer (grupperna numreras efter sin första rad). Grupperna med flest förslag "
                              "står först; av lika stora grupper kopior först (i nummerordning), sedan övriga grupper "
                              "efter den högsta Likhet bland sina rader, den högsta först (lika höga i nummerordning); "
                              "gruppens rader i radordning."),
        ("Dubbletter: Typ", "«kopior»: samma text flera gånger – säkert samma förslag. «liknande – granska»: olika "
                            "texter som liknar varandra i ord eller innehåll. Läs dem innan du räknar dem som samma "
                            "förslag: ofta gäller de samma sak men inte samma önskemål."),
        ("Dubbletter: Gemensamt", "Ord som de flesta av gruppens olika texter använder; ord med samma innebörd som "
                                  "texterna skriver olika med snedstreck, «procapita/lifecare» (inte småord, och inte "
                                  "ord som står i mer än en femtedel av filens texter om gruppen delar något annat)."),
        ("Dubbletter: Likhet", "Poäng 0–1 för hur lik texten är den mest lika andra texten i gruppen (1: gruppen är "
                               "kopior av en text). Hög likhet betyder lika ord och innehåll, inte säkert samma förslag."),
        ("Dubbletter: Bedömning", "Gruppens förslag bedömda med samma regel som ett temas (Bedömning – regel), mot "
                                  "alla enheter i underlaget: «drivs av en enhet» när en enhet har skrivit det mesta."),
        ("Dubbletter: Rad, Kopia av rad", "Radnumret i bladet Förslag i samma arbetsbok."),
    ],
    "en": [
        ("Duplicates: Group", "The group's number (groups are numbered by their first row). The groups with the most "
                              "suggestions come first; of groups of one size copies first (by number), then the other "
                              "groups by the highest Similarity among their rows, the highest first (equal ones by "
                              "number); a group's rows in row order."),
        ("Duplicates: Type", "'copies': the same text several times – surely the same suggestion. 'similar – check': "
                             "different texts that resemble each other in words or content. Read them before counting "
                             "them as one suggestion: often they concern the same thing but not the same request."),
        ("Duplicates: In common", "Words most of the group's different texts use; words of one meaning the texts write "
                                  "differently with a slash, 'procapita/lifecare' (no small words, and no word found in "
                                  "more than a fifth of the file's texts if the group shares anything else)."),
        ("Duplicates: Similarity", "Score 0–1 for how alike the text is to the most alike other text of its group (1: "
                                   "the group is copies of one text). High similarity means alike words and content, "
                                   "not surely the same suggestion."),
        ("Duplicates: Assessment", "The group's suggestions assessed by the same rule as a theme's (Assessment – "
                                   "rule), against all units of the data: 'driven by one unit' where one unit wrote most of them."),
        ("Duplicates: Row, Copy of row", "The row number in the Suggestions sheet of the same workbook."),
    ],
}


def explanations(lang: str = "sv", *, duplicates: bool = False, fallback: str | None = None,
                 columns: Collection[str] | None = None, by_unit: bool = False, review: bool = False,
                 apart: dict[str, str] | None = None, unit_column: str | None = None):
    """A two-column table (column name, what it means) for every figure of the summary sheets (and of
    the *Dubbletter* sheet with ``duplicates``); ``fallback``: the label of the taxonomy's fallback theme,
    named where the per-row sheet puts the empty rows and non-answers (the standard's, Övrigt, when not given);
    ``apart``: the names of the rows and columns the summary sheets count those apart on (:func:`apart_labels`;
    *Tomma*, *Inget förslag* when not given).
    ``columns``: the *Teman* sheet's columns (:func:`theme_summary` leaves out the units' figures where no row
    names a unit, and the people where none names a person): only those are explained, the assessment rule and
    the *Dubbletter* sheet's assessment only where there is one; every figure when not given. ``by_unit``: the
    workbook has a *Tema per enhet* sheet (its *Totalt*); ``review``: an *Att granska* sheet (its *Osäkerhet*).
    ``unit_column``: the column of the *Förslag* sheet the units are read from, named in the units' line (a unit
    column given by hand, ``-g Kostnadsställe``, is then traced from the figures)."""
    import pandas as pd

    h = HEADINGS[lang]
    fallback = fallback or FALLBACK_LABEL[lang]
    head = ("Kolumn", "Förklaring") if lang == "sv" else ("Column", "Meaning")
    from forbattra.store import NOT_SUGGESTIONS

    apart = apart or {k: v[lang] for k, v in NOT_SUGGESTIONS.items()}
    quoted = {k: f"«{v}»" if lang == "sv" else f"'{v}'" for k, v in apart.items()}
    rows = [(h[k], text.format(fallback=fallback, empty=quoted["empty"], none=quoted["no_suggestion"])
             + (_UNITS_FROM[lang].format(column=unit_column) if k == "units" and unit_column else ""))
            for k, text in _EXPLAIN[lang] if columns is None or h[k] in columns]
    assessed = columns is None or h["flag"] in columns  # (a unit column: the themes' and the groups' assessments)
    if assessed:
        rows.append((h["flag"] + (" – regel" if lang == "sv" else " – rule"), assessment_rule(lang, fallback=fallback)))
    rows.append(("Status (Förslag)", "ok = klassificerat; inget förslag = ett svar som inte är ett förslag (\"Vet inte\", "
                 "\"Inget att tillägga\", ett svar som bara tackar), utan eget tema: här i reservtemat ({fallback}), på bladen "
                 "Teman och Tema per enhet räknat för sig ({none}), inte i {fallback}; tom = ingen text (räknad för sig "
                 "på samma sätt, {empty}).".format(fallback=fallback, **quoted, none=quoted["no_suggestion"]))
                if lang == "sv" else
                ("Status (Suggestions)", "ok = classified; no suggestion = an answer that is not a suggestion (\"Vet inte\", "
                 "\"Inget att tillägga\", an answer that only thanks), no theme of its own: here in the fallback theme "
                 "({fallback}), on the sheets Themes and Themes by unit counted apart ({none}), not in {fallback}; "
                 "empty = no text (counted apart alike, {empty}).".format(fallback=fallback, **quoted,
                                                                         none=quoted["no_suggestion"])))
    rows.append(("Säkerhet (Förslag)", "Hur säker sorteringen är på huvudtemat, 0–1 (1 = helt säker). För {fallback}: hur säkert "
                 "inget tema passar (1 minus det bästa temats säkerhet); 1 för tomma rader och svar som inte är förslag. "
                 "En låg säkerhet är ett skäl att läsa förslaget och vid behov fylla i Rättat tema.".format(fallback=fallback))
                if lang == "sv" else
                ("Confidence (Suggestions)", "How sure the sorting is of the primary theme, 0–1 (1 = certain). For "
                 "{fallback}: how sure it is that no theme fits (1 minus the best theme's confidence); 1 for empty rows and "
                 "answers that are not suggestions. A low confidence is a reason to read the suggestion and, where "
                 "needed, fill in Corrected themes.".format(fallback=fallback)))
    if by_unit:
        rows.append(_EXPLAIN_BY_UNIT[lang])
    if duplicates:
        number, kinds, shared, *rest = [(k, text) for k, text in _EXPLAIN_DUPLICATES[lang]
                                if assessed or k != _DUPLICATES_ASSESSMENT[lang]]
        # the group's counts, after its kind and shared words as on the sheet: its suggestions, and the units and
        # people only where the sheet has those columns
        parts = [part for part, shown in zip(_EXPLAIN_GROUP_COUNTS[lang], (True, assessed,
                                                                          columns is None or h["people"] in columns))
                 if shown]
        rows += [number, kinds, shared, (_EXPLAIN_GROUP_COUNTS_SHEET[lang] + ", ".join(name for name, _ in parts),
                         " ".join(text for _, text in parts)), *rest]
    if review:
        rows += _EXPLAIN_REVIEW[lang]
    return pd.DataFrame(rows, columns=list(head))


# The duplicates and discover workbooks' columns (header → what it means), for their Förklaringar sheet; the
# texts of the Dubbletter sheet that classify's workbook explains too are taken from there, so both say the same
def _dup_text(lang: str, column: str) -> str:
    return dict(_EXPLAIN_DUPLICATES[lang])[_EXPLAIN_GROUP_COUNTS_SHEET[lang] + column]


_EXPLAIN_WORKBOOK = {
    "duplicates": {
        "sv": lambda: [
            ("Grupp", "Gruppens nummer, detsamma i alla blad (grupperna numreras efter sin första rad). Grupperna "
                      "med flest förslag (Antal) står först; av lika stora grupper kopior först (i nummerordning), "
                      "sedan övriga grupper efter sin högsta likhet, den högsta först (lika höga i nummerordning)."),
            ("Typ", _dup_text("sv", "Typ")),
            ("Gemensamt", _dup_text("sv", "Gemensamt")),
            ("Antal", "Antal förslag i gruppen."),
            ("Enheter", "Antal olika enheter som har skrivit gruppens förslag."),
            ("Personer", "Antal olika personer som har skrivit gruppens förslag."),
            ("Bedömning", _dup_text("sv", "Bedömning")),
            ("Högsta likhet", "Den högsta Likhet bland gruppens rader: hur lika gruppens två mest lika texter är, 0–1 "
                              "(1: kopior av en text). Bland lika stora grupper står de efter kopiorna i den ordningen."),
            ("Rader", "Gruppens rader i bladet Förslag i samma arbetsbok."),
            ("Rad", "Radnumret i bladet Förslag i samma arbetsbok."),
            ("Id", "Förslagets id i underlaget."),
            ("Enhet", "Enheten som har skrivit förslaget."),
            ("Likhet", _dup_text("sv", "Likhet")),
            ("Kopia av rad", "Raden i bladet Förslag vars text den här raden upprepar (tom: radens text står där första gången)."),
            ("Förslag", "Förslagets text."),
            ("Dubblettgrupp", "Gruppen som raden hör till (tom: ingen dubblett hittades, eller ett svar som inte är ett "
                              "förslag, som «Vet inte», och aldrig jämförs)."),
        ],
        "en": lambda: [
            ("Group", "The group's number, the same on every sheet (groups are numbered by their first row). The "
                      "groups with the most suggestions (Count) come first; of groups of one size copies first (by "
                      "number), then the other groups by their highest similarity, the highest first (equal ones by "
                      "number)."),
            ("Type", _dup_text("en", "Type")),
            ("In common", _dup_text("en", "In common")),
            ("Count", "Suggestions in the group."),
            ("Units", "Different units that wrote the group's suggestions."),
            ("People", "Different people who wrote the group's suggestions."),
            ("Assessment", _dup_text("en", "Assessment")),
            ("Highest similarity", "The highest Similarity among the group's rows: how alike its two most alike texts "
                                   "are, 0–1 (1: copies of one text). Among groups of one size, those after the copies come in this order."),
            ("Rows", "The group's rows in the Suggestions sheet of the same workbook."),
            ("Row", "The row number in the Suggestions sheet of the same workbook."),
            ("Id", "The suggestion's id in the data."),
            ("Unit", "The unit that wrote the suggestion."),
            ("Similarity", _dup_text("en", "Similarity")),
            ("Copy of row", "The row of the Suggestions sheet whose text this row repeats (empty: the text's first "
                            "occurrence)."),
            ("Suggestion", "The suggestion's text."),
            ("Duplicate group", "The group the row belongs to (empty: no duplicate was found, or an answer that is no "
                                "suggestion, such as \"Vet inte\", never compared)."),
        ],
    },
    "clusters": {
        "sv": lambda: [
            ("Kluster", "Klustrets nummer, det största först. 0: svar som inte är förslag (tomma, «Vet inte», bara "
                        "tack), inget kluster. Tomt i bladet Förslag: ett förslag som inte klustrades (med "
                        "--only-unmatched ett som taxonomin redan sorterar)."),
            ("Etikett", "Ett förslag till namn: klustrets mest utmärkande ord (eller «kluster N» när inget ord "
                        "utmärker det). Byt gärna namn när du har läst exemplen."),
            ("Klusteretikett", "Klustrets etikett, som i bladet Kluster."),
            ("Nyckelord", "Ord som är vanliga i klustret men ovanliga i de andra klustren, det mest utmärkande först."),
            ("Fraser", "Ordpar som står i minst tre av klustrets förslag (och minst 15 % av dem) och vars ord "
                       "utmärker klustret."),
            ("Antal", "Antal förslag i klustret."),
            ("Svaga", "Antal av klustrets förslag som passar det dåligt (Passform under {weak}). Läs dem innan du "
                      "räknar dem till klustret."),
            ("Enheter", "Antal olika enheter som har skrivit förslag i klustret."),
            ("Största enhet", "Den enhet som har skrivit flest av klustrets förslag."),
            ("Andel från största enhet", "Hur stor del av klustrets förslag som kommer från den största enheten. "
                                         "Förslag utan enhet räknas med i klustrets förslag."),
            ("Bedömning", "Om klustret är brett förankrat eller drivs av en enhet, med samma regel som ett temas. "
                          "Regeln står nedan."),
            ("Personer", "Antal olika personer som har skrivit förslag i klustret."),
            ("Exempel", "Upp till tre olika förslag som passar klustret bäst, det bästa först."),
            ("Exempelrader", "Exemplens rader i bladet Förslag i samma arbetsbok, i samma ordning."),
            ("Passform", "Hur väl förslaget passar sitt kluster, 0–1 (1: mitt i klustret)."),
            ("Svag", "«ja» när passformen är under {weak}: förslaget passar dåligt i sitt kluster."),
        ],
        "en": lambda: [
            ("Cluster", "The cluster's number, the largest first. 0: answers that are no suggestion (empty, "
                        "\"Vet inte\", only thanks), no cluster. Empty on the Suggestions sheet: a suggestion not "
                        "clustered (with --only-unmatched one the taxonomy sorts already)."),
            ("Label", "A suggested name: the cluster's most distinctive words (or 'cluster N' where no word "
                      "distinguishes it). Rename it once you have read the examples."),
            ("Cluster label", "The cluster's label, as on the Clusters sheet."),
            ("Key terms", "Words common in the cluster but rare in the other clusters, the most distinctive first."),
            ("Phrases", "Word pairs found in at least three of the cluster's suggestions (and at least 15% of them) "
                        "whose words distinguish the cluster."),
            ("Size", "Suggestions in the cluster."),
            ("Weak fits", "The cluster's suggestions that fit it poorly (Fit under {weak}). Read them before "
                          "counting them to the cluster."),
            ("Units", "Different units that wrote suggestions in the cluster."),
            ("Largest unit", "The unit that wrote most of the cluster's suggestions."),
            ("Share from largest unit", "The part of the cluster's suggestions that comes from the largest unit. "
                                        "Suggestions without a unit count among the cluster's suggestions."),
            ("Assessment", "Whether the cluster is raised broadly or driven by one unit, by the same rule as a "
                           "theme's. The rule is below."),
            ("People", "Different people who wrote suggestions in the cluster."),
            ("Examples", "Up to three different suggestions that fit the cluster best, the best first."),
            ("Example rows", "The examples' rows in the Suggestions sheet of the same workbook, in the same order."),
            ("Fit", "How well the suggestion fits its cluster, 0–1 (1: at its centre)."),
            ("Weak fit", "'yes' where the fit is under {weak}: the suggestion fits its cluster poorly."),
        ],
    },
}
_WORKBOOK_SUBJECT = {"duplicates": "group", "clusters": "cluster"}


def workbook_explanations(kind: str, sheets: Iterable[tuple[str, Collection[str]]], lang: str = "sv", *,
                          fallback: str | None = None, weak: float | None = None, unit_column: str | None = None):
    """The *Förklaringar* sheet of the ``duplicates`` (``kind`` "duplicates") and ``discover`` ("clusters")
    workbooks, in the form of :func:`explanations`' (column, what it means): each of the columns ``sheets`` names
    (sheet name, the columns forbattra wrote on it: not the input's own) once, with the sheets that have it, and
    after the assessment its rule (:func:`assessment_rule`, for a group or a cluster). ``fallback``: the label of
    discover's cluster 0; ``weak``: the fit below which a clustered suggestion is weak; ``unit_column``: the column
    of the *Förslag* sheet the units are read from, named in the units' line, as classify's workbook names it."""
    import pandas as pd

    texts = dict(_EXPLAIN_WORKBOOK[kind][lang]())
    where: dict[str, list[str]] = {}
    for sheet, columns in sheets:
        for col in columns:
            if col in texts and sheet not in where.setdefault(col, []):
                where[col].append(sheet)
    flag = HEADINGS[lang]["flag"]
    rows = []
    for col in texts:  # in the catalogue's order: a group's or cluster's figures, then its rows'
        if col in where:
            rows.append((f"{col} ({', '.join(where[col])})", texts[col].format(weak=decimal_text(weak, lang))
                         + (_UNITS_FROM[lang].format(column=unit_column) if col == _UNITS_HEADER[lang] and unit_column
                            else "")))
            if col == flag:
                rows.append((col + (" – regel" if lang == "sv" else " – rule"),
                             assessment_rule(lang, fallback=fallback, subject=_WORKBOOK_SUBJECT[kind])))
    head = ("Kolumn", "Förklaring") if lang == "sv" else ("Column", "Meaning")
    return pd.DataFrame(rows, columns=list(head))


def trends_explanations(lang: str = "sv", *, period: str = "month", fallback: str | None = None,
                        apart: dict[str, str] | None = None, columns: dict[str, str] | None = None):
    """The *Förklaringar* sheet of ``trends -o``'s workbook, in the form of :func:`explanations`' (column, what it
    means): its *Period* (``period``: "month" or "quarter"), its partial and total columns (``columns``,
    :func:`forbattra.store.trends_columns`: *Ofullständig*, *Totalt* when not given), the themes' columns
    (``fallback``: the fallback theme's label) and the columns of the rows counted apart (``apart``,
    :func:`apart_labels`: *Tomma*, *Inget förslag* when not given), as :func:`forbattra.store.trends` counts them."""
    import pandas as pd

    from forbattra.store import NO_DATE, NOT_SUGGESTIONS, PARTIAL_MARK, TRENDS_PARTIAL, TRENDS_TOTAL

    fallback = fallback or FALLBACK_LABEL[lang]
    apart = apart or {k: v[lang] for k, v in NOT_SUGGESTIONS.items()}
    columns = columns or {"partial": TRENDS_PARTIAL[lang], "total": TRENDS_TOTAL[lang]}
    mark = PARTIAL_MARK[lang]
    if lang == "sv":
        unit = "Månaden (ÅÅÅÅ-MM)" if period == "month" else "Kvartalet (ÅÅÅÅ-Q1 … ÅÅÅÅ-Q4)"
        rows = [("Period", f"{unit} som förslagen räknas i: förslagets eget datum, eller – för ett förslag ur en export "
                           "utan datumkolumn – dagen (i Sverige) för körningen som först läste det. En period utan förslag står "
                           "med, med 0 (fler än 12 tomma månader eller 4 tomma kvartal i följd lämnas ute). "
                           f"«{NO_DATE['sv']}» (sist): förslag ur en export med datumkolumn men utan (läsbart) datum. "
                           + ("Den första och den sista daterade månaden kan vara täckta bara delvis" if period == "month" else
                              "Det första och det sista daterade kvartalet kan vara täckta bara delvis")
                           + ": historiken kan börja eller sluta mitt i dem, och deras lägre antal är då ingen verklig "
                             f"nedgång (kolumnen {columns['partial']})."),
                (columns["partial"], f"«{mark}» för den första eller sista perioden när underlagets första datum ligger "
                                     "mer än tre dagar efter periodens början, eller dess sista datum mer än tre dagar "
                                     "före periodens slut: perioden är bara delvis täckt, och dess lägre antal är ingen "
                                     "verklig nedgång. Tom för en hel period."),
                (columns["total"], "Antal förslag under perioden, vart och ett en gång: temakolumnerna kan tillsammans "
                                   "bli fler, eftersom ett förslag med flera teman räknas i vart och ett. Ett temas andel "
                                   "av periodens förslag är dess antal delat med detta. Tomma rader och svar som inte är "
                                   "förslag räknas inte här."),
                ("Temakolumnerna", "Antal förslag i historiken med temat under perioden. Ett förslag kan ha flera teman "
                                   "och räknas då i vart och ett. Ett tema som en person har rättat förslaget till räknas "
                                   f"i stället för det föreslagna. {fallback}: förslag som inget tema passar."),
                (apart["empty"], "Tomma rader (ingen text) under perioden, räknade för sig: i inget tema."),
                (apart["no_suggestion"], "Svar som inte är förslag (\"Vet inte\", \"Inget att tillägga\", ett svar som "
                                         f"bara tackar) under perioden, räknade för sig: inte i {fallback}.")]
        head = ("Kolumn", "Förklaring")
    else:
        unit = "The month (YYYY-MM)" if period == "month" else "The quarter (YYYY-Q1 … YYYY-Q4)"
        rows = [("Period", f"{unit} the suggestions count in: the suggestion's own date, or – for a suggestion from an "
                           "export without a date column – the day (in Sweden) of the run that first read it. A period "
                           "without suggestions is shown, with 0 (more than 12 empty months or 4 empty quarters in a row "
                           f"are left out). '{NO_DATE['en']}' (last): suggestions from an export with a date column but "
                           f"without a (readable) date. The first and the last dated {period} may be covered only in part: the "
                           "history may begin or end partway through them, and their lower counts are then no real drop "
                           f"(the column {columns['partial']})."),
                (columns["partial"], f"'{mark}' for the first or the last period when the data's first date is more than "
                                     "three days after the period's start, or its last date more than three days before "
                                     "the period's end: the period is covered only in part, and its lower count is no "
                                     "real drop. Empty for a whole period."),
                (columns["total"], "The number of suggestions in the period, each once: the theme columns may add up to "
                                   "more, as a suggestion with several themes counts in each. A theme's share of the "
                                   "period's suggestions is its count divided by this. Empty rows and answers that are "
                                   "not suggestions are not counted here."),
                ("The theme columns", "The number of suggestions in the history with the theme in the period. A "
                                      "suggestion can have several themes and then counts in each. A theme a person "
                                      "corrected the suggestion to counts instead of the suggested one. "
                                      f"{fallback}: suggestions no theme fits."),
                (apart["empty"], "Empty rows (no text) in the period, counted apart: in no theme."),
                (apart["no_suggestion"], "Answers that are not suggestions (\"Vet inte\", \"Inget att tillägga\", an "
                                         f"answer that only thanks) in the period, counted apart: not in {fallback}.")]
        head = ("Column", "Meaning")
    return pd.DataFrame(rows, columns=list(head))


def decimal_text(x: float | None, lang: str = "sv") -> str:
    """A figure 0..1 as a reader of ``lang`` writes it ("0,3"; English "0.3"); "" for none."""
    return "" if x is None else f"{x:g}".replace(".", ",") if lang == "sv" else f"{x:g}"


def breadth(groups: Iterable[str | None], n_units_total: int) -> dict:
    """Breadth/volume figures for the suggestions of one theme (their unit names)."""
    groups = list(groups)
    counts = Counter(g for g in groups if isinstance(g, str) and g)
    return _breadth_of_counts(counts, n_units_total, len(groups))


def _breadth_of_counts(counts: dict[str, int], n_units_total: int, total: int | None = None) -> dict:
    """:func:`breadth` from the suggestions per unit (units in the order they first occur). ``total``: all
    the suggestions, also those without a unit (the shares are of all of them: two rows of one unit and
    three without one are not "100 % from one unit"); the sum of ``counts`` when not given."""
    known = sum(counts.values())
    total = known if total is None else max(total, known)
    if not known:  # no suggestion here names its unit: nothing to say about breadth
        return {"units": 0, "top_unit": None, "top_share": None, "hhi": None,
                "flag": "unknown" if total else "mixed"}
    top_unit, top = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    hhi = sum((c / total) ** 2 for c in counts.values())
    top_share = top / total
    if n_units_total >= 2 and total >= 3 and top_share >= LOUD_SHARE and (len(counts) <= 2 or hhi >= 0.35):
        # (where the data has one unit, every theme is that unit's: "driven by one unit" would say nothing)
        flag = "loud"
    elif n_units_total >= 2 and len(counts) >= max(2, BROAD_MIN_UNITS_SHARE * n_units_total) \
            and (top + total - known) / total < LOUD_SHARE:
        # broad only if no unit would write half of it even were every suggestion without a unit its own
        flag = "broad"
    else:
        flag = "mixed"
    return {"units": len(counts), "top_unit": top_unit, "top_share": round(top_share, 4),
            "hhi": round(hhi, 4), "flag": flag}


class _ThemeRows:
    """The (row, theme) pairs of a classified frame and each row's unit as integer arrays, for the summary
    tables: counted with numpy, not a Python loop per row (a million-row run has a million rows).

    A unit is a non-empty string; anything else in the unit column (None, "", NaN) is "no unit".
    """

    def __init__(self, frame, taxonomy: Taxonomy) -> None:
        import itertools

        import numpy as np

        n = len(frame)
        themes = frame["themes"].tolist() if n else []
        lens = np.fromiter(map(len, themes), dtype=np.int64, count=n)
        index = {tid: k for k, tid in enumerate(taxonomy.ids)}
        flat = list(itertools.chain.from_iterable(themes))
        self.pair_row = np.repeat(np.arange(n, dtype=np.int64), lens)
        self.pair_theme = np.fromiter(map(index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
        first = self.pair_theme[(np.cumsum(lens) - lens)[lens > 0]]
        self.primary = np.bincount(first[first >= 0], minlength=len(index))
        groups = frame[GROUP].tolist() if n and GROUP in frame else [None] * n
        self.units = sorted({g for g in set(groups) if isinstance(g, str) and g}, key=sv_order)
        unit_index = {u: k for k, u in enumerate(self.units)}
        self.unit = np.fromiter(map(unit_index.get, groups, itertools.repeat(-1)), dtype=np.int64, count=n)

    def rows_of(self, k: int):
        """The rows (ascending) that have theme number ``k``."""
        return self.pair_row[self.pair_theme == k]

    def per_unit(self, rows) -> dict[str, int]:
        """Rows per unit, units in the order they first occur among ``rows`` (rows without a unit left out)."""
        import numpy as np
        import pandas as pd

        codes = self.unit[rows]
        codes = codes[codes >= 0]
        counts = np.bincount(codes, minlength=len(self.units))
        order = pd.unique(codes).tolist()
        return dict(zip([self.units[c] for c in order], counts[order].tolist()))


# Swedish alphabetical order: å, ä, ö after z, in that order (Python's code points put ä before å and every capital
# before every small letter: "Zeta" before "ekonomi", "Ängen" before "Åsen"); é as e, ü as y, æ as ä, ø as ö
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def sv_order(name: str) -> tuple[str, str]:
    """A name's place in Swedish alphabetical order, as a Swedish reader looks a unit up in a list (*Bergets skola,
    ekonomienheten, Zeta, Åsen, Ängen, Östra*); names alike but for case in a fixed order."""
    return name.casefold().translate(_SV_ORDER), name


def flag_key(b: dict) -> str:
    """The assessment of :func:`breadth`'s figures, as a key of :data:`HEADINGS` (one unit alone is
    "en enhet", not "flera enheter")."""
    return "single" if b["flag"] == "mixed" and b["units"] == 1 else b["flag"]


def unit_count(frame) -> int:
    """The units of ``frame``, as the summary counts them (a non-empty name; the reader made each one spelling)."""
    if GROUP not in frame or not len(frame):
        return 0
    return len({g for g in frame[GROUP] if isinstance(g, str) and g})


# the names of the rows counted apart where a theme has the label trends gives them ("Inget förslag" in a taxonomy
# of one's own): two columns of one name were one column to pandas, and the workbook failed to write
APART_NAMES = {"sv": {"empty": "Tomma rader", "no_suggestion": "Svar utan förslag"},
               "en": {"empty": "Empty rows", "no_suggestion": "Answers with no suggestion"}}


def apart_labels(taxonomy: Taxonomy, lang: str = "sv") -> dict[str, str]:
    """The name of each kind of row counted apart (``store.NOT_SUGGESTIONS``' keys) on the *Teman* sheet's rows and
    the month and unit tables' columns: trends' ("Tomma", "Inget förslag"), or, where a theme of ``taxonomy`` has
    that label, a longer one."""
    from forbattra.store import NOT_SUGGESTIONS

    taken = {taxonomy.label(t, lang).casefold() for t in taxonomy.ids}
    return {k: names[lang] if names[lang].casefold() not in taken else APART_NAMES[lang][k]
            for k, names in NOT_SUGGESTIONS.items()}


def summaries(frame, taxonomy: Taxonomy, *, lang: str = "sv", units_total: int | None = None,
              rows_total: int | None = None, redact: Callable[[str], str] | None = None):
    """``(theme_summary(...), theme_by_group(...))`` of one frame, its rows counted once for both (``redact``: the
    examples masked, :func:`theme_summary`).

    The empty rows and the answers that are no suggestion (status ``empty``, ``no_suggestion``) are counted apart,
    as ``report``, ``trends`` and the run's line count them: in no theme (not in the fallback theme, where the
    per-row sheet puts them), on a row of their own after the themes (*Tomma*, *Inget förslag*: :func:`apart_labels`;
    Tema-id empty, its share of every row, not assessed) and in a column of their own before each unit's *Totalt*
    — only the kinds the rows hold. Every row is still counted: the themes' and these rows' counts hold them all."""
    from forbattra.store import NOT_SUGGESTIONS

    status = list(frame[STATUS]) if len(frame) and STATUS in frame else []
    apart = {k: status.count(k) for k in NOT_SUGGESTIONS}
    counted = frame
    if any(apart.values()):
        counted = frame.assign(themes=[[] if st in apart else ts for ts, st in zip(frame["themes"], status)])
    rows = _ThemeRows(counted, taxonomy)
    summary = theme_summary(counted, taxonomy, lang=lang, theme_rows=rows, units_total=units_total,
                            rows_total=rows_total, redact=redact)
    by_group = theme_by_group(counted, taxonomy, lang=lang, theme_rows=rows)
    if not any(apart.values()):
        return summary, by_group
    import pandas as pd

    h = HEADINGS[lang]
    names = apart_labels(taxonomy, lang)
    of_rows = max(rows_total or 0, len(frame))
    extra = [{h["id"]: "", h["theme"]: names[k], h["count"]: n, h["share"]: round(n / of_rows, 4),
              **({h["flag"]: h["fallback"]} if h["flag"] in summary.columns else {})}
             for k, n in apart.items() if n]
    # (object columns: a count stays an integer beside the blank cells of the figures these rows have not)
    summary = pd.concat([summary.astype(object), pd.DataFrame(extra, dtype=object)], ignore_index=True)
    summary = summary.astype(object).where(summary.notna(), None)
    if by_group is not None:
        units = [g if isinstance(g, str) and g else NO_UNIT[lang] for g in frame[GROUP]]
        for k, n in apart.items():
            if n:
                per = Counter(u for u, st in zip(units, status) if st == k)
                by_group.insert(len(by_group.columns) - 1, names[k], [per.get(u, 0) for u in by_group.iloc[:, 0]])
    return summary, by_group


def theme_summary(frame, taxonomy: Taxonomy, *, lang: str = "sv", examples: int = 3,
                  theme_rows: _ThemeRows | None = None, units_total: int | None = None,
                  rows_total: int | None = None, redact: Callable[[str], str] | None = None):
    """One row per theme: count, share, units, largest unit, HHI, flag, examples.

    The themes with most suggestions first (equal counts in the taxonomy's order), the fallback theme after them:
    the one order of every themes' table — classify's *Teman* sheet and terminal table, the report's table, chart,
    cards and *Teman* sheet —, as a committee reads a summary, the largest first and what is not assessed last.

    ``redact`` (``classify --redact``): each example masked as its row's text is, before it is put on one line
    and cut — masking the joined cell instead left a name the line breaks or the cut had hidden from the rules
    ("Fler bilar.\n- Zeynep" shown as "Fler bilar. - Zeynep").

    ``units_total``: the units a theme's breadth is judged against ("minst 50 % av alla enheter"), where
    ``frame`` is a selection of some themes' rows (a report's ``--theme``), which lacks the units that raised
    none of them; the units of ``frame`` when not given. ``rows_total``: the rows the shares are of, where ``frame``
    is such a selection: every row before it (else the selected theme is "100 %" of its own rows); the rows of
    ``frame`` when not given."""
    import numpy as np
    import pandas as pd

    h = HEADINGS[lang]
    n = len(frame)
    tr = theme_rows if theme_rows is not None else _ThemeRows(frame, taxonomy)
    has_group = bool(tr.units)
    has_person = PERSON in frame and frame[PERSON].notna().any()
    units_total = max(units_total or 0, len(tr.units))
    of_rows = max(rows_total or 0, n)
    rows = []
    themes_col = frame["themes"].tolist() if n else []
    from forbattra.inputs.tables import person_key

    # "eva ek" is Eva Ek; only where some row names a person (a file without a person column: no key per row)
    people = list(map(person_key, frame[PERSON])) if has_person else []
    texts = frame[TEXT].tolist() if n else []
    with_text = np.fromiter(map(bool, texts), dtype=bool, count=len(texts))
    if n and STATUS in frame:  # an answer that is no suggestion ("Vet inte", a thanks) counts, but is no example
        with_text &= np.asarray(frame[STATUS].to_numpy() != NO_SUGGESTION, dtype=bool)
    for k, tid in enumerate(taxonomy.ids):
        idx = tr.rows_of(k)
        row = {h["id"]: tid, h["theme"]: taxonomy.label(tid, lang), h["count"]: len(idx),
               h["primary"]: int(tr.primary[k]), h["share"]: round(len(idx) / of_rows, 4) if n else 0.0}
        if has_group:
            b = _breadth_of_counts(tr.per_unit(idx), units_total, len(idx))
            flag = "fallback" if tid == taxonomy.fallback else "none" if not len(idx) else flag_key(b)
            row.update({h["units"]: b["units"], h["top_unit"]: b["top_unit"] or "",
                        h["top_share"]: b["top_share"], h["concentration"]: b["hhi"], h["flag"]: h[flag]})
        if has_person:
            row[h["people"]] = len(set(map(people.__getitem__, idx.tolist())) - {None})
        # top-k, not a full sort: a theme of a million-row file has hundreds of thousands of rows; distinct
        # texts (a text sent in twice, or again in other case or with a full stop, is one example): where
        # copies fill the top, they are left out of the rows and the top is taken again
        pool = idx[with_text[idx]].tolist() if len(texts) else []
        shown: list[str] = []
        keys: set[str] = set()
        met: set[str] = set()  # the texts taken or passed over, as they are written
        size = examples  # (the top three first: usually three different texts, and then no more work)
        while pool and len(shown) < examples:
            best = heapq.nsmallest(size, pool, key=lambda i: (themes_col[i][0] != tid,
                                                              -len(texts[i]) if len(texts[i]) < 300 else 0, i))
            for i in best:
                met.add(texts[i])
                short = short_text(redact(texts[i]) if redact is not None else texts[i])
                key = _example_key(short)  # (as shown: two texts that differ only after the cut show alike)
                if key not in keys and len(shown) < examples:
                    keys.add(key)
                    shown.append(short)
            if len(best) < size or len(shown) == examples:
                break
            pool = [i for i in pool if texts[i] not in met]  # (a set look-up per row, no key computed)
            size = examples * 4
        row[h["examples"]] = "\n".join(shown)
        rows.append(row)
    # (sorted is stable: equal counts keep the taxonomy's order)
    rows.sort(key=lambda r: (r[h["id"]] == taxonomy.fallback, -r[h["count"]]))
    return pd.DataFrame(rows)


def theme_by_group(frame, taxonomy: Taxonomy, *, lang: str = "sv", theme_rows: _ThemeRows | None = None):
    """Crosstab: one row per unit, one column per theme label (counts; multi-label counts each)."""
    import numpy as np
    import pandas as pd

    if GROUP not in frame:
        return None
    tr = theme_rows if theme_rows is not None else _ThemeRows(frame, taxonomy)
    if not tr.units:
        return None
    n_units, n_themes = len(tr.units), len(taxonomy.ids)
    unit = tr.unit[tr.pair_row]
    ok = (unit >= 0) & (tr.pair_theme >= 0)
    table = np.bincount(unit[ok] * n_themes + tr.pair_theme[ok], minlength=n_units * n_themes)
    table = table.reshape(n_units, n_themes).tolist()
    totals = np.bincount(tr.unit[tr.unit >= 0], minlength=n_units).tolist()
    unit_head = "Enhet" if lang == "sv" else "Unit"
    total_head = "Totalt" if lang == "sv" else "Total"
    labels = [taxonomy.label(t, lang) for t in taxonomy.ids]
    rows = [{unit_head: u, **dict(zip(labels, table[r])), total_head: totals[r]} for r, u in enumerate(tr.units)]
    missing = tr.unit[tr.pair_row] < 0
    if (tr.unit < 0).any():  # the rows without a unit, on a last row of their own: every row is in the table
        no_unit = np.bincount(tr.pair_theme[missing & (tr.pair_theme >= 0)], minlength=n_themes).tolist()
        rows.append({unit_head: NO_UNIT[lang], **dict(zip(labels, no_unit)), total_head: int((tr.unit < 0).sum())})
    return pd.DataFrame(rows)


NO_UNIT = {"sv": "(enhet saknas)", "en": "(no unit)"}  # the last row of Tema per enhet: rows without a unit


def _example_key(text: str) -> str:
    """A text as examples are told apart: spaces, case and a closing full stop or mark do not count."""
    return " ".join(text.split()).casefold().rstrip(".!?… ")


def short_text(text: str, limit: int = 200) -> str:
    """An example as a cell or line shows it: on one line, at most ``limit`` characters, a cut marked "…"
    (the Teman sheet's and reports' examples, discover's on its Kluster sheet and in its draft taxonomy)."""
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"
