"""The report as data: a list of sections built once from the classified frame.

Each renderer (:mod:`.html`, :mod:`.markdown`, :mod:`.excel`) turns the same :class:`Report` into its
format, so a figure is computed in one place and every format shows the same numbers. Adding a
section is one builder function appended to :data:`BUILDERS`.

Section kinds:

* :class:`Text` — a heading with paragraphs and bullet points;
* :class:`Cards` — the headline figures;
* :class:`Table` — headers and rows (numbers stay numbers; shares are 0..1);
* :class:`Chart` — categories and series; HTML draws SVG, Excel a native chart, Markdown skips it;
* :class:`ThemeCard` — one theme in detail (description, key terms, examples).

``only`` on a section limits it to some formats (the per-row sheet is Excel only).
"""

from __future__ import annotations

import functools
import math
import re

from dataclasses import dataclass, field
from typing import Callable

from forbattra.analysis.summary import HEADINGS, assessment_rule, percent, summaries
from forbattra.outputs.report.data import (
    DATE, ORG, TEXTS, apart_labels, compare_table, duplicate_groups, headline, key_terms, monthly,
    normalise_frame, partial_months, period_span, redact_frame, representative,
)
from forbattra.outputs.redact import in_english, make_redactor, name_columns
from forbattra.record import OK, PERSON, STATUS, THEMES
from forbattra.taxonomy import Taxonomy

TOP_UNITS = 15  # rows of "Tema per enhet" in the body; the full table goes to the appendix
TREND_SERIES = 5

FORMATS = frozenset({"html", "md", "xlsx"})


@dataclass
class Text:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    level: int = 2
    note: bool = False
    only: frozenset[str] = FORMATS
    run_on: bool = False  # HTML printed: the heading goes on under what stands above it, not on a new page


@dataclass
class Cards:
    items: list[tuple[str, str | int]]  # a figure that is one count stays a number (the workbook's cell is one)
    only: frozenset[str] = FORMATS


@dataclass
class Table:
    title: str | None
    headers: list[str]
    rows: list[list]
    percent: frozenset[int] = frozenset()  # columns of shares 0..1
    numeric: frozenset[int] = frozenset()  # right-aligned columns (percent ones included)
    heat: bool = False  # colour cells by value (theme × unit)
    note: str | None = None
    sheet: str | None = None  # Excel sheet name; None: not in the workbook
    typed: bool = False  # Excel: the user's numbers/dates as Excel types
    typed_columns: tuple[str, ...] = ()  # Excel: these columns' cells so too (units, typed as the per-row sheet has them)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> css class
    level: int = 2
    only: frozenset[str] = FORMATS
    fold: str | None = None  # HTML: the table folded (<details>) under this summary, e.g. a chart's figures
    caption: str | None = None  # HTML: the table's <caption> where it has no title (e.g. the chart's it follows)
    lead: bool = False  # HTML printed: the first page's table (the themes), compact, breaking between rows if need be


@dataclass
class Chart:
    title: str
    kind: str  # "bars" | "trend" | "scatter" | "grouped"
    categories: list[str]
    series: list[tuple[str, list[float]]]
    extra: dict = field(default_factory=dict)
    note: str | None = None
    only: frozenset[str] = frozenset({"html", "xlsx"})
    heading: bool = True  # HTML/Markdown: the title as the section's heading (False: a table above has it)


@dataclass
class ThemeCard:
    title: str
    meta: str
    description: str
    terms: list[str]
    examples: list[tuple[str, str | None]]
    empty_note: str | None = None
    only: frozenset[str] = frozenset({"html", "md"})


@dataclass
class Report:
    title: str
    lang: str
    meta: list[str]
    privacy: str
    masked: bool
    sections: list = field(default_factory=list)
    # on a page in another language than the data's: the texts it shows as written, in Swedish — the labels and
    # descriptions of themes without an English one (label_en, description_en) and the units' names —, which the
    # HTML marks lang="sv" where one of them is a whole cell, heading or description (WCAG 3.1.2)
    as_written: frozenset[str] = frozenset()
    # of those, the themes' labels, which its sentences name too ("2 themes + Övrigt"): marked there where they stand
    labels_as_written: frozenset[str] = frozenset()

    def for_format(self, fmt: str) -> list:
        return [s for s in self.sections if fmt in s.only]


TERMS_EXPLAINED = {
    "sv": "Ord som är mycket vanligare i temats förslag än i de andra temanas (i minst två av temats förslag, i ett "
          "tema med färre än fem förslag i minst ett; namn och maskerade uppgifter visas aldrig): vad temats förslag "
          "handlar om, inte varför de sorterades dit.",
    "en": "Words much more frequent in the theme's suggestions than in the other themes' (in at least two of its "
          "suggestions, in a theme of fewer than five suggestions in at least one; names and masked data are never "
          "shown): what the theme's suggestions are about, not why they were sorted there.",
}


@dataclass
class Context:
    """What every builder may use: the prepared frame and the figures computed once."""

    frame: object
    taxonomy: Taxonomy
    lang: str
    summary: object
    by_group: object | None
    date: str | None
    model_meta: dict | None
    redact: bool
    discovered: object = None
    rows_table: object = None  # classify's per-row table (Excel only)
    units_total: int | None = None  # the units breadth is judged against (build_report's ``units_total``)
    rows_total: int | None = None  # the rows the shares are of (build_report's ``rows_total``)
    terms_from: object = None  # the rows key terms tell the themes apart in (build_report's ``terms_from``)
    themes: tuple[str, ...] = ()  # the themes the report is of (``--theme``; build_report's ``themes``): none, every one
    store_notes: tuple = ()  # (TEXTS key, count[, fields]) of a history store read: build_report's ``store_notes``
    themes_summary: object = None  # the themes' table and cards: ``summary`` with the rows counted apart in no theme
    apart: dict = field(default_factory=dict)  # the rows counted apart (store.NOT_SUGGESTIONS' keys) → how many
    covered: tuple[str, str] | None = None  # the dates the data read covers (build_report's ``covered``)
    unit_column: str | None = None  # the input column the units are from (build_report's ``unit_column``)

    @property
    def ids(self) -> list[str]:
        """The themes the report shows, in the taxonomy's order: the chosen ones (``--theme``), else every one."""
        return [t for t in self.taxonomy.ids if not self.themes or t in self.themes]

    @property
    def t(self) -> dict:
        return TEXTS[self.lang]

    @property
    def h(self) -> dict:
        return HEADINGS[self.lang]

    @functools.cached_property
    def terms(self) -> dict[str, list[str]]:
        """Each theme's key terms (:func:`key_terms`), computed once for the theme cards and the Teman sheet."""
        return key_terms(self.frame, self.taxonomy, background=self.terms_from) if len(self.frame) else {}

    @property
    def records(self) -> list[dict]:
        """The themes' rows in the summary's order (:func:`~forbattra.analysis.summary.theme_summary`: most
        suggestions first, the fallback theme last, as classify's sheet and table have them): ``themes_summary``'s,
        where the empty rows and the answers that are no suggestion are in no theme (as the months count them), else
        ``summary``'s."""
        return (self.summary if self.themes_summary is None else self.themes_summary).to_dict("records")


def pct(x, lang: str = "sv") -> str:
    """A share as the report writes it: :func:`~forbattra.analysis.summary.percent`, as everywhere."""
    return percent(x, lang)


GROUP = {"sv": "\u202f", "en": ","}  # Swedish: a thin space that does not break (Svenska skrivregler), English: a comma


def count(n, lang: str = "sv") -> str:
    """A count as the report writes it: its digits grouped by three from 1 000 up ("12\u202f180", "12,180"), as
    every count of the report's text, tables and charts is, so "sorterade 21 050 förslag" and "12180 rader" are not
    written side by side; a number cell of the workbook stays a number."""
    return f"{int(n):,}".replace(",", GROUP.get(lang, ","))


def int_ticks(vmax: int, n: int = 4) -> tuple[int, list[int]]:
    """Whole-number ticks 0..top with a nice step (counts of suggestions have no halves): the HTML's axes, and the
    workbook's charts' (Excel's own scale steps 0,5 through a few counts)."""
    if vmax <= 0:
        return 1, [0, 1]
    raw = max(1, math.ceil(vmax / n))
    exp = 10 ** int(math.floor(math.log10(raw)))
    step = next(m * exp for m in (1, 2, 5, 10) if m * exp >= raw)
    top = step * math.ceil(vmax / step)
    return top, list(range(0, top + 1, step))


def chart_name(ch: Chart, lang: str) -> str:
    """What a chart shows, in words (its text alternative's start): its title, a scatter's axes too."""
    t = TEXTS[lang]
    title = ch.title or t["compare"]
    if ch.kind != "scatter":
        return title + "."
    return t["chart_axes"].format(title=title, x=str(ch.series[0][0]).lower(), y=str(ch.series[1][0]).lower())


_LONG_WORD = re.compile(r"[^\W\d_]{9,}")  # a run of letters too long for a narrow header
# endings a word is hyphenated before, in Swedish and English alike ("rekryte-ring", "avdel-ningen",
# "tillgänglig-het", "dokumenta-tion", "develop-ment", "leader-ship"): the consonant before -ing goes with it
_ENDING = re.compile(r"(?:(?=[^\W\daeiouyåäöé]ing(?:en|ar|arna|s)?$)|(?<=ig)(?=het(?:en|er)?$)"
                     r"|(?=(?:tion|sion)(?:en|er|s)?$)|(?=(?:ment|ship|skap|ance)s?$))", re.IGNORECASE)


def soft_hyphenate(label: str) -> str:
    """Insert soft hyphens (U+00AD) into long words so narrow table headers break inside them, only where the
    word hyphenates: where the parts of a compound meet ("kompetens|utveckling", "arbets|miljö") and before an
    ending ("utveck|ling", "dokumenta|tion", "develop|ment"); no piece shorter than three letters. (A break every
    eight letters made "kompeten-sutveckling" and "kommunik-ation"; a word with no such place is left whole.)"""
    def hyphenate(m: re.Match) -> str:
        word = m.group(0)
        compound = _compound_cuts(word)
        bounds = [0, *compound, len(word)]
        endings = {a + e.start() for a, b in zip(bounds, bounds[1:]) for e in _ENDING.finditer(word[a:b])}
        keep = sorted({*compound, *(c for c in endings if all(abs(c - k) >= 3 for k in compound))})
        keep = [c for c in keep if 3 <= c <= len(word) - 3]
        return "\u00ad".join(word[a:b] for a, b in zip([0, *keep], [*keep, len(word)]))

    return _LONG_WORD.sub(hyphenate, label)


@functools.lru_cache(maxsize=4096)
def _compound_cuts(word: str) -> tuple[int, ...]:
    """Where the parts of a compound meet in ``word``: a part of at least four letters that is a common word
    (or a compound's first part: "arbets|miljö", "förskole|verksamheten", a linking -s- kept with it) before a
    common word, as written or inflected ("kompetens|utveckling", "mottagnings|enheten"; not "mottagning|senheten").
    The head is split again ("hemtjänst|grupp"); none for a word that is no such compound."""
    from forbattra.scoring.text import _SUFFIX_HEADS, Analyzer, fold

    low = fold(word.lower())
    if len(low) != len(word):
        return ()
    analyzer = Analyzer()
    lex, stops = analyzer.lexicon, analyzer.stops
    common = lex.common

    def frequent(w: str) -> bool:
        z = common.get(w) if common is not None else None
        return z is not None and ord(z) >= 35  # (a Zipf frequency of 3.5: the analyzer's common modifier)

    def first_part(w: str) -> bool:
        forms = [w, w + "a", w + "e", *([w[:-1] + "a"] if w.endswith("e") else [])]
        return len(w) >= 4 and any(frequent(f) for f in forms)

    def head_word(head: str) -> bool:
        lemma = head if head in lex.lemmas else lex.lemma_of.get(head)
        if lemma is None or lemma in stops or head in _SUFFIX_HEADS or head.startswith("ing"):
            return False  # (an ending, not a word: "planer|ingen")
        # a present participle is its verb's: "fattande" is "fatta"'s ("besluts|fattande")
        return frequent(lemma) or (head.endswith("nde") and len(head) >= 6 and frequent(head[:-3]))

    def linked(left: str) -> bool:
        """A first part joined by a linking -s-: a common word, or any word of the dictionary of six letters or
        more before the -s- ("förhållnings|sätt", "omvärlds|bevakning"): the -s- marks the compound."""
        return left.endswith("s") and (first_part(left[:-1]) or (len(left) > 6 and left[:-1] in lex.lemmas))

    def cuts(at: int, end: int) -> list[int]:
        for j in range(at + 4, end - 3):  # the longest head first
            left, head = low[at:j], low[j:end]
            if not head_word(head):
                continue
            if first_part(left) or linked(left):
                return [*cuts(at, j), j, *cuts(j, end)]
        return []

    return tuple(cuts(0, len(low)))


def theme_count_text(taxonomy: Taxonomy, lang: str) -> str:
    """'10 teman + Övrigt': content themes counted, the fallback named (same count as classify)."""
    n = len(taxonomy.content_ids)
    word = ("tema" if n == 1 else "teman") if lang == "sv" else ("theme" if n == 1 else "themes")
    return f"{n} {word} + {taxonomy.label(taxonomy.fallback, lang)}"


# ------------------------------------------------------------------------------------------------
# builders: each returns the sections it adds (possibly none)


def build_cards(c: Context) -> list:
    t = c.t
    hl = headline(c.frame)
    # (suggestions all of one date: that date, not a span from it to itself)
    period = "–" if not hl["period"] else hl["period"][0] if hl["period"][0] == hl["period"][1] else \
        f"{hl['period'][0]} – {hl['period'][1]}"
    others = hl["rows"] - hl["suggestions"]  # empty rows and answers that are no suggestion: "1 tom", "12 tomma"
    word = t["not_suggestions_1" if others == 1 and "not_suggestions_1" in t else "not_suggestions"]
    n: str | int = hl["suggestions"] if not others else f"{count(hl['suggestions'], c.lang)} (+ {count(others, c.lang)} {word})"
    # a selection of some themes (--theme) lacks the units that raised none of them; the themes' breadth is judged
    # against every unit ("minst 50 % av alla enheter"): the card says how many, or 3 of 3 would read as all
    total = max(c.units_total or 0, hl["units"])
    units: str | int = hl["units"] if total == hl["units"] else \
        t["units_of"].format(n=count(hl["units"], c.lang), total=count(total, c.lang))
    if c.rows_total is not None and c.rows_total > hl["rows"]:  # (so the shares' whole is on the card: 4 av 12)
        n = t["units_of"].format(n=n if isinstance(n, str) else count(n, c.lang), total=count(c.rows_total, c.lang))
    # the themes the report shows: every one ("10 teman + Övrigt"), or the ones --theme chose, of how many
    themes = theme_count_text(c.taxonomy, c.lang)
    if c.themes:
        themes = t["themes_chosen" + ("_1" if len(c.themes) == 1 else "")].format(n=count(len(c.themes), c.lang), all=themes)
    return [Cards([(t["suggestions"], n),
                   (t["units"], units if c.by_group is not None else "–"),
                   (t["period"], period), (t["themes"], themes)])]


def build_how_to_read(c: Context) -> list:
    t = c.t
    # the counts add up to more than the suggestions only where one of them has several of the themes shown, and the
    # shares to more than 100 % only where every theme is shown (--theme: they are of every row selected); a table of
    # suggestions with one theme each (3 suggestions: 1 + 1 + 1) is told that, not that its sums are larger
    shown = set(c.themes) if c.themes else None
    multi = any(len(set(ts) & shown if shown is not None else set(ts)) > 1
                for ts, st in zip(c.frame[THEMES], c.frame[STATUS] if STATUS in c.frame else [OK] * len(c.frame))
                if st == OK) if THEMES in c.frame else False
    first = t["read_multi"] if multi and not c.themes else t["read_multi_counts"] if multi else t["read_single"]
    paras: list[str | tuple[str, str]] = [first + " " + t["read_share"]]  # (a pair: HTML/Markdown, workbook)
    # the themes' order in the themes' table, chart and cards (and in classify's Teman sheet and terminal table)
    paras.append(t["read_order"].format(fallback=c.taxonomy.label(c.taxonomy.fallback, c.lang)))
    hl = headline(c.frame)
    if c.rows_total is not None:  # --theme: the shares are of every suggestion of the selection before it
        paras.append(t["read_share_selected"].format(n=count(hl["rows"], c.lang), total=count(c.rows_total, c.lang)))
    if hl["rows"] > hl["suggestions"]:
        parts = [t[key + ("_1" if hl[k] == 1 and key + "_1" in t else "")].format(n=count(hl[k], c.lang))
                 for key, k in (("rows_empty", "empty"), ("rows_none", "none")) if hl[k]]
        names = apart_labels(c.taxonomy, c.lang)
        # (of every row the shares are of: with --theme, every row of the selection before it, as the line above says;
        # the rows counted apart are all the fallback theme's, so all of them are here where it is chosen)
        fields = dict(rows=count(max(c.rows_total or 0, hl["rows"]), c.lang), parts=t["rows_and"].join(parts),
                      fallback=c.taxonomy.label(c.taxonomy.fallback, c.lang),
                      names=t["rows_and"].join(f"«{names[k]}»" if c.lang == "sv" else f"'{names[k]}'"
                                               for k, n in c.apart.items() if n))
        # counted apart in every table and sheet (the workbook's Teman and Tema per enhet, as classify's, too); a
        # report of one such row names it in the singular ("alla 1 rader; av dem är 1 inget förslag" was no Swedish)
        if max(c.rows_total or 0, hl["rows"]) == 1:
            part = t["row_empty" if hl["empty"] else "row_none"]
            paras.append(t["read_rows_1"].format(part=part, names=fields["names"], fallback=fields["fallback"]))
        else:
            paras.append(t["read_rows"].format(**fields))
    if c.by_group is not None:
        paras.append(assessment_rule(c.lang, fallback=c.taxonomy.label(c.taxonomy.fallback, c.lang)))
        paras.append(t["read_top_share"])
    paras.append(accuracy_text(c.model_meta, c.lang))
    for key, n, *of in c.store_notes:  # (what the store's stored suggestions count with, said as the terminal says it)
        paras.append(t[key + ("_1" if n == 1 else "")].format(n=count(n, c.lang), **(of[0] if of else {})))
    if c.date:
        paras.append(t["read_date"].format(date=c.date))
    # (printed: under the themes' chart, on page 2)
    return [Text(t["how_to_read"], bullets=[p if isinstance(p, str) else p[0] for p in paras], run_on=True,
                 only=frozenset({"html", "md"})),
            Text(t["how_to_read"], bullets=[p if isinstance(p, str) else p[1] for p in paras], only=frozenset({"xlsx"}))]


def accuracy_text(meta: dict | None, lang: str) -> str:
    """How accurate the sorting is, from the model's own cross-validated figures."""
    t = TEXTS[lang]
    if meta is None:  # no figures known (a .csv/.jsonl output, a store, inputs of several models, keywords alone):
        # not "never measured for this model", which the shipped model's is
        return t["read_accuracy_not_recorded"]
    metrics = (meta or {}).get("metrics") or {}
    micro, macro = metrics.get("cv_micro_f1"), metrics.get("cv_macro_f1")
    size = (meta or {}).get("training_size", "?")
    if isinstance(size, int):
        size = count(size, lang)
    if (meta or {}).get("sort_by_meaning"):
        # the model folder sorts by meaning (its labels were too few for a better model): that path's
        # figure on the labelled rows, not the discarded model's
        if (meta or {}).get("meaning") and metrics.get("meaning_micro_f1_on_these_rows") is not None:
            # ... corrected by the labels (train kept the correction): its cross-validated figure
            return t["read_accuracy_meaning_labels"].format(micro=pct(metrics["meaning_micro_f1_on_these_rows"], lang),
                                                            size=size)
        zs = metrics.get("zeroshot_micro_f1_on_these_rows")
        if zs is None:
            return t["read_accuracy_unknown"]
        return t["read_accuracy_meaning"].format(micro=pct(zs, lang), size=size)
    if micro is None:
        return t["read_accuracy_unknown"]
    folds = metrics.get("cv_folds")
    if lang == "sv":
        cv = f"korsvalidering i {folds} delar" if folds else "korsvaliderat, tränat och prövat på olika skribenter"
    else:
        cv = f"cross-validation in {folds} folds" if folds else "cross-validated, trained and tested on different writers"
    return t["read_accuracy"].format(micro=pct(micro, lang), macro=pct(macro, lang) if macro is not None else "–",
                                     cv=cv, size=size)


def build_themes(c: Context) -> list:
    t, h = c.t, c.h
    if not len(c.frame):
        return [Text(None, [t["none"]])]
    recs = c.records
    # the table first, under the section's heading, the chart below it: printed, the first page has the themes by
    # volume and breadth (count, share, units, assessment), not only a chart of their counts
    chart = Chart(t["themes_chart"], "bars", [r[h["theme"]] for r in recs],
                  [(h["count"], [r[h["count"]] for r in recs])], extra={"shares": [r[h["share"]] for r in recs]},
                  only=frozenset({"html", "xlsx"}), heading=False)
    has_units = c.by_group is not None
    headers = [h["theme"], h["count"], h["share"]] + ([h["units"], h["top_unit"], h["top_share"], h["flag"]] if has_units else [])
    rows, styles = [], {}
    for i, r in enumerate(recs):
        row = [r[h["theme"]], r[h["count"]], r[h["share"]]]
        if has_units:
            row += [r[h["units"]], r[h["top_unit"]], r[h["top_share"]], r[h["flag"]]]
            if r[h["flag"]] in (h["loud"], h["broad"]):
                styles[(i, 6)] = "flag-loud" if r[h["flag"]] == h["loud"] else "flag-broad"
        rows.append(row)
    # the empty rows and the answers that are no suggestion on rows of their own after the themes, as the months'
    # table has them in columns of their own: in no theme, not in the fallback theme's count (its share of the rows
    # said beside it, as each theme's is); not assessed
    of_rows = max(c.rows_total or 0, len(c.frame))
    names = apart_labels(c.taxonomy, c.lang)
    for k, n in c.apart.items():
        if n:
            rows.append([names[k], n, round(n / of_rows, 4)] + (["", "", None, h["fallback"]] if has_units else []))
    percent = frozenset({2, 5}) if has_units else frozenset({2})
    table = Table(t["themes_chart"], headers, rows, percent=percent, numeric=percent | {1, 3}, styles=styles,
                  lead=True, only=frozenset({"html", "md"}))
    return [table, chart]


def build_comparison(c: Context) -> list:
    t, h = c.t, c.h
    cmp = compare_table(c.frame, c.taxonomy, lang=c.lang, sizes_from=c.terms_from if c.rows_total is not None else None)
    if cmp is None:
        return []
    orgs = list(cmp.columns[1:])
    # the themes shown, and the rows counted apart after them (an empty row, an answer that is no suggestion)
    shown = {c.taxonomy.label(x, c.lang) for x in c.ids} | set(apart_labels(c.taxonomy, c.lang).values())
    body = cmp.iloc[:-1]
    body = body[[lab in shown for lab in body[h["theme"]]]]
    sizes = cmp.iloc[-1]
    labels = list(body[h["theme"]])
    chart = Chart("", "grouped", labels, [(o, list(body[o])) for o in orgs], only=frozenset({"html"}))
    rows = [[r[h["theme"]], *(r[o] for o in orgs)] for r in body.to_dict("records")]
    rows.append([sizes[h["theme"]], *(int(sizes[o]) for o in orgs)])
    n = len(orgs)
    cols = frozenset(range(1, n + 1))
    table = Table(None, [h["theme"], *(soft_hyphenate(o) for o in orgs)], rows, percent=cols, numeric=cols,
                  caption=t["compare"], only=frozenset({"html", "md"}))
    # the workbook gets the shares only, each column named with its organisation's size
    share = "Andel" if c.lang == "sv" else "Share"
    sheet = Table(None, [h["theme"], *(f"{share} {o} (n={int(sizes[o])})" for o in orgs)], rows[:-1], percent=cols,
                  numeric=cols, sheet=t["compare"], only=frozenset({"xlsx"}))
    # the workbook's sheet has no row of sizes: its note says where n is
    return [Text(t["compare"], [t["compare_note"]], only=frozenset({"html", "md"})),
            Text(t["compare"], [t["compare_note_sheet"]], only=frozenset({"xlsx"})), chart, table, sheet]


def build_units(c: Context) -> list:
    t = c.t
    if not len(c.frame):  # no suggestions (selected): the report says that, not that the data has no unit column
        return []
    if c.by_group is None:
        return [Text(t["heatmap"], [t["no_units"]], note=True, only=frozenset({"html", "md", "xlsx"}))]
    from forbattra.analysis.summary import NO_UNIT, sv_order

    bg = c.by_group
    cols = list(bg.columns)
    records = bg.values.tolist()
    units = [r for r in records if r[0] not in NO_UNIT.values()]
    # the units with most suggestions, as the note says: Totalt counts every row, also the empty ones and the answers
    # that are no suggestion, in their columns before it (a unit of 20 blank rows is not one of most suggestions)
    apart = [cols.index(name) for name in apart_labels(c.taxonomy, c.lang).values() if name in cols[1:-1]]
    top = sorted(units, key=lambda r: (-(int(r[-1]) - sum(int(r[j]) for j in apart)), -int(r[-1]),
                                       sv_order(str(r[0]))))[:TOP_UNITS]
    headers = [soft_hyphenate(x) for x in cols]
    numeric = frozenset(range(1, len(cols)))
    out = []
    note = t["units_top"].format(n=count(len(top), c.lang), total=count(len(units), c.lang)) if len(units) > len(top) else None
    top += [r for r in records if r[0] in NO_UNIT.values()]  # the rows without a unit: last, always shown
    out.append(Table(t["heatmap"], headers, top, numeric=numeric, heat=True, note=note, only=frozenset({"html", "md"})))
    cols = list(c.by_group.columns)
    out.append(Table(None, cols, c.by_group.values.tolist(), numeric=frozenset(range(1, len(cols))),
                     sheet=TEXTS[c.lang]["heatmap_sheet"], typed_columns=(str(cols[0]),), only=frozenset({"xlsx"})))
    return out


def build_trend(c: Context) -> list:
    t = c.t
    if not len(c.frame):  # (nor that it has no dates)
        return []
    from forbattra.store import NOT_SUGGESTIONS

    # (a unit or theme chosen: the months the data covers, its months without a suggestion 0s, not left out)
    months, per, total, apart = monthly(c.frame, c.taxonomy, span=c.covered)
    if not months:
        return [Text(t["trend"], [t["no_dates"]], note=True, only=frozenset({"html", "md", "xlsx"}))]
    # (a month is partial where the data read stops inside it, not where the last suggestion of a unit or theme
    # chosen happens to fall: its few suggestions of that month are all there are)
    partial = partial_months(months, *(c.covered or period_span([d for d in c.frame[DATE] if d])))
    top = [x for x in sorted(c.ids, key=lambda x: -sum(per[x]))[:TREND_SERIES] if sum(per[x])]
    series = [(c.taxonomy.label(x, c.lang), per[x]) for x in top]
    # undated rows are in no month: said, the suggestions apart from the empty rows and answers that are no
    # suggestion (an export's blank rows and total row under its data have no date: no "3 förslag utan datum")
    status = list(c.frame[STATUS]) if STATUS in c.frame else [None] * len(c.frame)
    n = sum(not d and st not in NOT_SUGGESTIONS for d, st in zip(c.frame[DATE], status))
    m = sum(not d and st in NOT_SUGGESTIONS for d, st in zip(c.frame[DATE], status))
    undated = " ".join(
        t[key + ("_1" if k == 1 and key + "_1" in t else "")].format(n=count(k, c.lang))
        for key, k in (("undated_note", n), ("undated_apart_note", m)) if k) or None
    # undated rows are in no month: say so, or the months seem to hold every suggestion
    note = " ".join(x for x in (t["partial_note"] if any(partial) else None, undated) if x) or None
    chart = Chart(t["trend"], "trend", months, series, extra={"total": total, "total_label": t["total"],
                                                             "partial": partial, "partial_label": t["partial"],
                                                             "y_label": t["x_axis"]},  # "Antal förslag"
                  note=note)
    # the empty rows and the answers that are no suggestion in columns of their own after the themes, as trends
    # counts them: not in the fallback theme's line nor in the month's total of suggestions
    counted_apart = [k for k in NOT_SUGGESTIONS if any(apart[k])]
    apart_names = apart_labels(c.taxonomy, c.lang)  # (not a theme's label: "Inget förslag" of one's own themes)
    headers = [t["month"], t["total"], *(c.taxonomy.label(x, c.lang) for x in c.ids),
               *(apart_names[k] for k in counted_apart)]
    rows = [[m + (" *" if p else ""), total[i], *(per[x][i] for x in c.ids), *(apart[k][i] for k in counted_apart)]
            for i, (m, p) in enumerate(zip(months, partial))]
    numeric = frozenset(range(1, len(headers)))
    table = Table(None, headers, rows, numeric=numeric, sheet=t["trend"][:31], only=frozenset({"xlsx"}))
    # Markdown draws no chart: the months as a table, "*" (not stripes) marking the partial ones
    md_note = " ".join(x for x in (t["partial_mark"] if any(partial) else None, undated) if x) or None
    md = Table(t["trend"], headers, rows, numeric=numeric, note=md_note, only=frozenset({"md"}))
    # the HTML chart's figures as text (its bars' counts were only in hover tooltips, its lines' nowhere): the same
    # table under the chart, folded, its note saying what "*" marks
    # (its theme headers hyphenate as the heat map's do: printed, the table has to fit the page's width)
    page = Table(None, [soft_hyphenate(x) for x in headers], rows, numeric=numeric,
                 note=t["partial_mark"] if any(partial) else None,
                 fold=t["chart_figures"], caption=t["trend"], only=frozenset({"html"}))
    # the workbook's month sheet marks the partial months "*" as the Markdown does: its Rapport sheet says so
    mark = [Text(t["trend"], [t["partial_mark"]], only=frozenset({"xlsx"}))] if any(partial) else []
    return [chart, page, table, md, *mark]


def build_scatter(c: Context) -> list:
    t, h = c.t, c.h
    if c.by_group is None or not len(c.frame):
        return []
    recs = [r for r in c.records if r[h["count"]]]
    return [Chart(t["scatter"], "scatter", [r[h["theme"]] for r in recs],
                  [(t["x_axis"], [r[h["count"]] for r in recs]), (t["y_axis"], [r[h["units"]] for r in recs])],
                  extra={"loud": [r[h["flag"]] == h["loud"] for r in recs], "loud_label": t["loud_legend"],
                         "other_label": t["other_legend"]})]


def build_theme_cards(c: Context) -> list:
    t, h = c.t, c.h
    if not len(c.frame):
        return []
    terms = c.terms
    out: list = [Text(t["per_theme"], [], only=frozenset({"html", "md"}))]
    for r in c.records:
        tid = r[h["id"]]
        th = c.taxonomy[tid]
        desc = (th.description_en or th.description) if c.lang == "en" else th.description
        meta = f"{count(r[h['count']], c.lang)} ({pct(r[h['share']], c.lang)})"
        if c.by_group is not None and r[h["flag"]] in (h["loud"], h["broad"]):
            meta += f" · {r[h['flag']]}"
        out.append(ThemeCard(r[h["theme"]], meta, desc or "", terms.get(tid, []), representative(c.frame, tid),
                             empty_note=t["no_examples"] if not r[h["count"]] else None))
    return out


def build_summary_sheets(c: Context) -> list:
    """Excel: classify's per-row sheet, the theme summary and the explanations."""
    from forbattra.analysis.summary import explanations
    from forbattra.outputs.writers import COLS, kept_names

    cols = COLS[c.lang]
    out = []
    if c.rows_table is not None:
        out.append(Table(None, [str(x) for x in c.rows_table.columns], c.rows_table.values.tolist(),
                         sheet=cols["sheet_rows"], typed=True, only=frozenset({"xlsx"})))
    s = c.summary
    # the key terms the HTML and Markdown show on each theme's card, as a column of the Teman sheet
    ids = list(s[c.h["id"]]) if c.h["id"] in s.columns else []
    head, rows = [str(x) for x in s.columns], s.values.tolist()
    if ids and len(c.frame):
        head.append(c.t["terms"])
        rows = [r + [", ".join(c.terms.get(tid, []))] for r, tid in zip(rows, ids)]
    out.append(Table(None, head, rows, sheet=cols["sheet_themes"], typed_columns=(c.h["top_unit"],),
                     only=frozenset({"xlsx"})))
    # (its Tema per enhet sheet, build_units', is there where a unit column is and a suggestion is selected)
    # the unit column named as the Förslag sheet heads it (an input's "Status" is "Status (indata)" there)
    unit_column = kept_names([str(x) for x in c.frame.columns], c.lang).get(c.unit_column, c.unit_column) \
        if c.unit_column else None
    shown = c.rows_table is not None and unit_column in c.rows_table.columns
    e = explanations(c.lang, fallback=c.taxonomy.label(c.taxonomy.fallback, c.lang), columns=head,
                     by_unit=c.by_group is not None and bool(len(c.frame)), apart=apart_labels(c.taxonomy, c.lang),
                     unit_column=unit_column if shown else None)
    if ids and len(c.frame):
        e.loc[len(e)] = [c.t["terms"], TERMS_EXPLAINED[c.lang]]
    if len(c.frame) and DATE in c.frame and any(c.frame[DATE]):  # (the month sheet, build_trend's: its Totalt counts
        # the suggestions alone, where Tema per enhet's counts every row)
        e.loc[len(e)] = [f"{c.t['trend']}: {c.t['total']}", c.t["trend_total_explained"]]
    out.append(Table(None, list(e.columns), e.values.tolist(), sheet=cols["sheet_notes"], only=frozenset({"xlsx"})))
    return out


def build_duplicates(c: Context) -> list:
    t = c.t
    dups = duplicate_groups(c.frame)
    if not dups:
        return []
    items = [f"{t['dup_group']} {key} ({count(len(members), c.lang)}): " + " | ".join(
        tx + (f" — {g}" if g else "") for tx, g in members[:10]) for key, members in dups]
    return [Text(t["duplicates"], [], bullets=items, only=frozenset({"html", "md"}))]


def build_appendix(c: Context) -> list:
    t = c.t
    if c.by_group is None or len(c.by_group) <= TOP_UNITS:
        return []
    bg = c.by_group
    cols = list(bg.columns)
    return [Table(t["appendix_units"], [soft_hyphenate(x) for x in cols], bg.values.tolist(),
                  numeric=frozenset(range(1, len(cols))), heat=True, only=frozenset({"html", "md"}))]


def build_discovered(c: Context) -> list:
    d = c.discovered
    if d is None:
        return []
    head = "Möjliga nya teman" if c.lang == "sv" else "Possible new themes"
    rows = d.to_dict("records") if hasattr(d, "to_dict") else list(d)
    if not rows:
        return []
    if isinstance(rows[0], dict):
        headers = list(rows[0].keys())
        return [Table(head, headers, [[r.get(k) for k in headers] for r in rows], only=frozenset({"html", "md"}))]
    return [Table(head, [], [list(r) if isinstance(r, (list, tuple)) else [r] for r in rows], only=frozenset({"html", "md"}))]


# Order of the report. Comparison comes before the long unit table (issue 16).
# The themes come right after the headline figures, before the reading guide: printed, page 1 shows them.
BUILDERS: list[Callable[[Context], list]] = [
    build_cards, build_themes, build_how_to_read, build_comparison, build_units, build_trend, build_scatter,
    build_theme_cards, build_duplicates, build_summary_sheets, build_appendix, build_discovered,
]


def _masked_taxonomy(taxonomy: Taxonomy, red) -> Taxonomy:
    """The taxonomy with its shown texts masked: a draft from ``discover`` describes its themes with example
    suggestions, which may hold a phone number or a name the report promises to mask."""
    import dataclasses

    themes = tuple(dataclasses.replace(th, label=red(th.label), label_en=red(th.label_en),
                                       description=red(th.description), description_en=red(th.description_en))
                   for th in taxonomy.themes)
    if themes == taxonomy.themes:
        return taxonomy
    return dataclasses.replace(taxonomy, themes=themes, description=red(taxonomy.description),
                               description_en=red(taxonomy.description_en), _index={})


def _as_written(frame, taxonomy: Taxonomy) -> frozenset[str]:
    """What an English report shows in Swedish, as written (:attr:`Report.as_written`): the themes' labels and
    descriptions without an English one, the units' and the compared organisations' names."""
    from forbattra.record import GROUP as UNIT

    texts = {th.label for th in taxonomy.themes if not th.label_en}
    texts |= {th.description for th in taxonomy.themes if th.description and not th.description_en}
    for column in (UNIT, ORG):
        if column in frame.columns:
            texts |= {str(v) for v in frame[column].dropna().unique()}
    return frozenset(x for x in texts if x)


def build_report(frame, taxonomy: Taxonomy, *, lang: str = "sv", title: str | None = None, redact: bool = True,
                 discovered=None, filters: str | None = None, date: str | None = None,
                 model_meta: dict | None = None, units_total: int | None = None, names_from=None,
                 terms_from=None, rows_total: int | None = None, themes=None,
                 store_notes: tuple = (), covered: tuple[str, str] | None = None,
                 unit_column: str | None = None) -> Report:
    """The report for ``frame``: masked (unless ``redact`` is false) and built once for every format.

    ``date`` is the day the report is dated (the caller's choice, so the same input, options and
    date give the same bytes); ``model_meta`` is the model's ``model.json`` for the accuracy note;
    ``units_total`` the units a theme's breadth is judged against where ``frame`` holds only some themes'
    rows (:func:`~forbattra.analysis.summary.theme_summary`); ``names_from`` the rows read before a selection
    (``--since``, ``--group``, ``--theme``): the names masking knows are theirs, as in the report of every row;
    ``terms_from`` the rows before ``--theme`` (which leaves only its themes' suggestions): the themes' key terms
    are told apart in them (:func:`key_terms`' ``background``), so a theme's are those it has without ``--theme``;
    ``rows_total`` the rows before ``--theme``: the shares are of them (a theme's part of the period's suggestions,
    not 100 % of its own), as each organisation's are of its rows before ``--theme`` (``terms_from``);
    ``themes`` the theme ids ``--theme`` chose: the report shows those alone — the other themes' figures in its
    rows are only those of suggestions that also have a chosen theme, so a committee would read 0 % or a part as
    the theme's whole —, in its tables, charts, cards and sheets.
    ``store_notes`` ``(key, n)`` pairs said under *Så läser du rapporten* of a history store read: how many stored
    suggestions count with a person's correction (``read_store_corrected``), how many the latest export lacked
    (``read_store_not_in_export``); ``(key, n, fields)`` where the line names more (``read_store_forgotten_in``: the
    store of several inputs whose every suggestion was erased).
    ``covered`` the first and last date of the rows read within ``--since``/``--until``, before ``--group`` and
    ``--theme``: the months the data covers only in part are judged by it (a unit's last suggestion on the 7th does
    not make its month one the data covers in part); ``frame``'s own dates when not given.
    ``unit_column`` the column of ``frame`` the units (its role column) are the values of: the *Förklaringar*
    sheet names it, as classify's workbook does (a unit column given by hand, ``-g Kostnadsställe``, traced).
    """
    from forbattra.outputs.writers import result_table

    t = TEXTS[lang]
    frame = normalise_frame(frame)
    known = frame if names_from is None else normalise_frame(names_from)
    # the names masking knows: a person column's or first/last-name columns' (else only names the text marks)
    names_known = (PERSON in known.columns and bool(known[PERSON].notna().any())) or bool(name_columns(known))
    if redact and (len(frame) or filters):
        red = make_redactor(known)
        masker = (lambda x: in_english(red(x))) if lang == "en" else red
        # the selection line names the units chosen with --group: as the tables show them ("[namn] grupp")
        filters = masker(filters) if filters else filters
    if redact and len(frame):
        taxonomy = _masked_taxonomy(taxonomy, masker)
        frame = redact_frame(frame, lang=lang, names_from=known)
        if terms_from is not None:
            terms_from = redact_frame(normalise_frame(terms_from), lang=lang, names_from=known)
    elif terms_from is not None:
        terms_from = normalise_frame(terms_from)
    # the empty rows and the answers that are no suggestion counted apart, as classify's sheets, the months (and
    # trends, and classify's run line) count them: in no theme, not as suggestions of the fallback theme, on rows
    # (Teman) and in columns (Tema per enhet) of their own; the shares stay of every row
    summary, by_group = summaries(frame, taxonomy, lang=lang, units_total=units_total, rows_total=rows_total)
    from forbattra.store import NOT_SUGGESTIONS

    status = list(frame[STATUS]) if STATUS in frame else [OK] * len(frame)
    apart = {k: status.count(k) for k in NOT_SUGGESTIONS}
    h = HEADINGS[lang]
    # the themes' table and cards: the themes alone (build_themes adds the rows counted apart after them)
    themes_summary = summary[summary[h["id"]] != ""].reset_index(drop=True)
    chosen = tuple(x for x in taxonomy.ids if x in set(themes or ()))
    if chosen:  # only the chosen themes: the others' rows and columns are not theirs (see ``themes``)
        summary = summary[summary[h["id"]].isin(chosen + ("",))].reset_index(drop=True)
        themes_summary = themes_summary[themes_summary[h["id"]].isin(chosen)].reset_index(drop=True)
        if by_group is not None:
            by_group = by_group.drop(columns=[taxonomy.label(x, lang) for x in taxonomy.ids if x not in chosen])
    ctx = Context(frame=frame, taxonomy=taxonomy, lang=lang, summary=summary, by_group=by_group, date=date,
                  model_meta=model_meta, redact=redact, discovered=discovered, units_total=units_total,
                  rows_total=rows_total,
                  terms_from=terms_from, themes=chosen, store_notes=tuple(store_notes),
                  themes_summary=themes_summary, apart=apart, covered=covered, unit_column=unit_column,
                  rows_table=result_table(frame.drop(columns=[ORG], errors="ignore"), taxonomy, lang=lang))
    meta = [t["generated"] + (f" {date}" if date else ""), f"{t['taxonomy']}: {taxonomy.name}"]
    if filters:
        meta.append(f"{t['filters'].lower()}: {filters}")
    report = Report(title=title or t["title"], lang=lang, meta=meta, masked=redact,
                    privacy=t["unmasked"] if not redact else t["masked"] if names_known else t["masked_marked"],
                    as_written=_as_written(frame, taxonomy) if lang == "en" else frozenset(),
                    labels_as_written=frozenset(th.label for th in taxonomy.themes if not th.label_en)
                    if lang == "en" else frozenset())
    for builder in BUILDERS:
        report.sections.extend(builder(ctx))
    return report


__all__ = ["Report", "Text", "Cards", "Table", "Chart", "ThemeCard", "Context", "BUILDERS", "build_report", "chart_name",
           "int_ticks",
           "soft_hyphenate", "theme_count_text", "accuracy_text", "pct"]
