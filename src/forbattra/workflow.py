"""Command workflows: read → classify → summarise → write, shared by the CLI and scripts."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from forbattra.inputs.tables import Suggestions
from forbattra.record import NO_SUGGESTION



@dataclass
class ClassifyOptions:
    """Everything ``forbattra classify`` can be told, with the CLI's defaults."""

    outs: list[Path] = field(default_factory=list)
    taxonomy: str | None = None  # None: the model's own taxonomy, else "standard"
    model: str | None = None
    min_confidence: float | None = None
    lang: str = "sv"
    redact: bool = False
    csv_delimiter: str = ";"
    jobs: int | None = None  # processes; None = both cores for big inputs
    store: str | None = None  # history store (SQLite path or database URL)
    duplicates: bool = True  # add a "Dubbletter" sheet to .xlsx outputs
    precise: bool = False  # the Dubbletter sheet also compares meaning (sentence embeddings, 'precise' extra)
    review: int = 0  # add an "Att granska" sheet of this many suggestions to label first

    @property
    def embeds_duplicates(self) -> bool:
        """True when the Dubbletter sheet will embed texts (--precise with a .xlsx output)."""
        return self.precise and self.duplicates and any(o.suffix.lower() == ".xlsx" for o in self.outs)


@dataclass
class ClassifyResult:
    frame: Any  # the classified DataFrame
    summary: Any
    by_group: Any | None
    counts: dict
    classifier: Any


Log = Callable[..., None]  # log(message_key, **fields): events for the CLI to render (forbattra.i18n)


def _quiet(key: str, **fields) -> None:
    """The default log: say nothing."""


def _log_classifier(clf, log: Log) -> None:
    tax = clf.taxonomy
    from forbattra.i18n import Worded

    fields = dict(taxonomy=tax.name, n=len(clf.themes),
                  fallback=Worded(tax.label(tax.fallback), tax.label(tax.fallback, "en")))
    if clf.model_meta.get("kind") == "zeroshot" and clf.model_meta.get("path"):
        corrected = getattr(clf, "correction", None) is not None  # the labels correct the meaning (train kept it)
        log("taxonomy_meaning_labels_model" if corrected else "taxonomy_zeroshot_model", model=clf.model_meta["path"],
            **fields)
    elif clf.model_meta.get("kind") == "zeroshot":
        log("taxonomy_zeroshot", **fields)
    elif clf.model is not None:
        log("taxonomy_model", model=clf.model_meta.get("path"), **fields)
    else:
        log("taxonomy_keywords", **fields)
        # sorting by keywords alone, a theme without any gets no suggestion: said, rather than a 0 in the table only
        from forbattra.i18n import Joined

        bare = [t for t in clf.themes if not tax[t].keywords]
        if bare:
            log("taxonomy_themes_no_keywords", n=len(bare),
                themes=Joined(", ", [Worded(tax.label(t), tax.label(t, "en")) for t in bare]))
    if tax.source and not tax.source.endswith("(built-in)"):
        # what 'taxonomy validate' warns of (keywords its exclusion blocks, the fallback's keywords): one line
        # naming the count and the command that lists them, beside the taxonomy's own (a status line, so a
        # nightly job run with --quiet is not told it every night; the file is the same each night)
        from forbattra.i18n import shell_arg
        from forbattra.scoring.classifier import keyword_notes

        notes = keyword_notes(tax, getattr(clf, "analyzer", None))
        if notes:
            log("taxonomy_notes_hint", n=len(notes), path=tax.source, arg=shell_arg(tax.source))


def text_key(text: str) -> str:
    """Content hash used to remember corrections for a suggestion text."""
    from forbattra.scoring.text import normalise

    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:20]


def apply_corrections(frame, clf, corrections: dict[str, list[str]], lang: str = "sv"):
    """Rows whose text was corrected by a user keep the corrected themes, with status ``ok``: a row the
    rules took for a non-suggestion ("Tack för …") that a person gave a theme is a suggestion."""
    from forbattra.record import TEXT

    if not corrections or not len(frame):
        return frame
    return apply_row_corrections(frame, [corrections.get(text_key(text)) if text else None for text in frame[TEXT]],
                                 lang)


def masked_corrections(frame, clf, known: dict[str, list[str]], masking: Callable[[], Callable[[str], str]]
                       ) -> dict[str, list[str]]:
    """The corrections ``clf``'s model learnt from masked texts (a ``classify --redact`` workbook's, its
    ``masked_corrections``), keyed by this run's texts as written: a row whose text is no key of ``known``
    (the model's corrections) but whose text masked (``masking()``, made only where one such correction is not
    found as written) is. Without it a suggestion whose text masking changed — one naming a person — lost its
    correction in every later run of the export itself."""
    from forbattra.outputs.redact import in_english, in_swedish
    from forbattra.record import TEXT

    keys = (getattr(clf, "model_meta", None) or {}).get("masked_corrections")
    if not isinstance(keys, list) or not len(frame):
        return {}
    raw = [text_key(t) if isinstance(t, str) and t else "" for t in frame[TEXT]]
    wanted = {k for k in keys if k in known} - set(raw)
    if not wanted:
        return {}
    mask = masking()
    found: dict[str, list[str]] = {}
    for text, key in zip(frame[TEXT], raw):
        if not key or key in known:
            continue
        masked = mask(text)
        for k in (text_key(in_swedish(masked)), text_key(in_english(masked))):  # (masked in either language)
            if k in wanted:
                found[key] = known[k]
                break
    return found


def apply_row_corrections(frame, fixes: list, lang: str = "sv"):
    """:func:`apply_corrections` by position: ``fixes[i]``, a list of theme ids (or empty/None: none), for row i."""
    from forbattra.record import EVIDENCE, SCORES, STATUS, THEMES

    themes, scores, evidence = list(frame[THEMES]), list(frame[SCORES]), list(frame[EVIDENCE])
    status = list(frame[STATUS])
    why = "manuellt rättad" if lang == "sv" else "corrected by hand"
    for i, fix in enumerate(fixes):
        if fix:
            themes[i] = list(fix)
            scores[i] = {t: 1.0 for t in fix}
            evidence[i] = {t: [why] for t in fix}
            status[i] = "ok"
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence, STATUS: status})


def run_redactor(frame, lang: str = "sv", names=()) -> Callable[[str], str]:
    """The masking of a run of ``frame`` (``--redact``'s): its names (and ``names``, a store's) and, where it has a
    unit column, its units kept (:func:`~forbattra.outputs.redact.with_units`)."""
    from forbattra.outputs.redact import make_redactor, with_units
    from forbattra.record import GROUP

    masking = make_redactor(frame, lang, names)
    return with_units(masking, frame[GROUP]) if GROUP in frame.columns else masking


def known_corrections(frame, sugg: Suggestions, clf, lang: str = "sv", names=()) -> dict[str, list[str]]:
    """The corrections a run of ``frame`` (``sugg``'s rows) knows, by :func:`text_key`: those ``clf``'s model
    learnt (its ``corrections_map``; those it learnt from a masked workbook matched through this run's masking,
    :func:`masked_corrections`, with ``names`` as a store's) and those typed into the input itself. ``classify``
    applies them; ``review`` does not pick their rows again (they are labelled)."""
    corrections = dict((getattr(clf, "model_meta", None) or {}).get("corrections_map", {}))
    # (this run's texts masked as --redact masks them: a masked workbook's were so)
    corrections.update(masked_corrections(frame, clf, corrections, lambda: run_redactor(frame, lang, names)))
    corrections.update(inline_corrections(sugg, clf))
    return corrections


def inline_corrections(sugg: Suggestions, clf) -> dict[str, list[str]]:
    """Corrections typed into a 'Rättat tema' column of the input itself."""
    from forbattra.outputs.writers import CORRECTION_COLUMNS
    from forbattra.record import TEXT

    cols = [c for c in sugg.original_columns if c in CORRECTION_COLUMNS]
    if not cols:
        return {}
    from forbattra.inputs.tables import ROW

    from forbattra.i18n import Msg
    from forbattra.scoring.labels import resolve_rows

    # (the rows named as Excel shows them: a chunk's rows go on from the chunk before; the column's own name
    # further down is the header repeated, no correction)
    labels = resolve_rows(list(sugg.frame[cols[0]]), list(sugg.frame[ROW]), sugg.info, clf.taxonomy,
                           Msg("err_source_column", name=sugg.info.path, column=repr(cols[0])), "", column=cols[0])
    return {text_key(t): lab for t, lab in zip(sugg.frame[TEXT], labels) if lab and t}


def carry_corrections(table, target: Path, *, fix_col: str, id_col: str | None, text_cols: list[str],
                      csv_delimiter: str = ";", log: Callable[..., None] = lambda *a, **k: None,
                      rows: list | None = None, redact: Callable[[str], str] | None = None,
                      lost_key: str = "err_corrections_lost", read_sheets: Callable | None = None,
                      mask: Callable[[], Callable[[str], str]] | None = None, taxonomy=None,
                      known: Callable[[str, str], bool] | None = None, known_key: str = "", train_arg=None):
    """Keep the corrections a user typed into an earlier output before it is overwritten.

    ``target`` is the file about to be written. When it exists and a *Rättat tema* column of it holds
    corrections (in any sheet: *Förslag*, *Att granska*), each is carried into ``table`` (the new sheet
    with such a column): matched by row number and text where the old sheet has a *Rad* column and
    ``rows`` gives the new rows' numbers, else by id **and** text, else by text alone — the k-th row with
    a key to the k-th row with that key, so repeated ids or texts keep their order. Texts are compared as
    the workbook holds them (cut at Excel's cell limit) and, with ``redact``, masked again with this run's
    names; a very long one on its beginning (:func:`_text_key`). A correction that matches no row, or only ambiguously (a key that occurs a different number of
    times now), cannot be carried: then nothing is written (:class:`~forbattra.errors.OutputError`, exit
    3). So is a file whose correction column cannot be read back (re-saved in another encoding, delimiter
    or layout is read as the input reader would; beyond that it is refused, never overwritten). Two sheets
    correcting one row differently: the first sheet's (*Förslag*) holds, and the run says so.
    ``read_sheets``: what reads the old file's sheets (:func:`_raw_sheets`, or a run's cached copy of it, so a
    100,000-row workbook is read once for this and :func:`check_nothing_else_lost`).
    ``mask``: for a run without ``redact``, what makes the masking ``--redact`` would have done on this run's
    rows: a correction beside a masked old text that matches no row as it is goes to the row whose text, masked
    so, is exactly that text — where only one row (or rows of the same text) masks to it; two different texts
    that mask alike cannot be told apart and stay refused.
    ``taxonomy``: the run's, so that two sheets naming the same themes differently (*it* and *IT och digitala
    verktyg*) agree; without it the cells are compared as written.
    ``known(text, cell)``: whether this run's model remembers a correction (review with the model trained on
    the sheet, which picks those suggestions no more): when it remembers every one that cannot be carried, the
    refusal is ``known_key``'s (teaching them first, ``lost_key``'s advice, is done already).
    ``train_arg``: the arguments of the ``forbattra train`` that teaches them, as ``lost_key``'s advice names it
    (review's, with its model folder); by default ``--corrections`` ``target``.
    """
    from collections import Counter

    from forbattra.errors import OutputError
    from forbattra.i18n import Joined, Msg

    if not target.exists() or target.suffix.lower() not in (".xlsx", ".csv"):
        return table
    found = _old_corrections(target, csv_delimiter, id_col, text_cols, redact, read_sheets)
    if found is None:
        raise OutputError.of("err_corrections_unreadable", path=target, name=target.name)
    if found == _OTHER_COLUMNS:
        raise OutputError.of("err_corrections_other_columns", path=target, name=target.name,
                             columns=", ".join(repr(c) for c in [*text_cols, *([id_col] if id_col else [])]))
    if not found:
        return table
    fixes = list(table[fix_col]) if fix_col in table.columns else [""] * len(table)
    new_text = [_text_key(table[c].iloc[i] if c in table.columns else "" for c in text_cols) for i in range(len(table))]
    use_id = bool(id_col) and id_col in table.columns
    new_id = [_id_key(v) for v in table[id_col]] if use_id else [""] * len(table)

    def index(keys):
        pos: dict = {}
        for i, k in enumerate(keys):
            pos.setdefault(k, []).append(i)
        return pos

    by_both, by_text, by_id = index(zip(new_id, new_text)), index(new_text), index(new_id)
    by_row = index(zip([int(r) for r in rows], new_id, new_text)) if rows is not None else {}

    @functools.cache
    def by_masked() -> dict:  # this run's texts masked as last run's --redact masked them (made once, if needed)
        masker = mask() if mask is not None else None
        return index(_text_key((table[c].iloc[i] if c in table.columns else "" for c in text_cols), masker)
                     for i in range(len(table)))
    lost: list = []
    lost_cells: list[tuple[str, str]] = []  # (text, correction) of each of ``lost``
    applied: dict[int, str] = {}
    conflicts: list = []
    by = set()
    old_col = found[0][0]  # the correction column as the old file names it (written in either language)
    for _, sheet in found:
        both_n, text_n = Counter((r[1], r[2]) for r in sheet), Counter(r[2] for r in sheet)
        both_k: Counter = Counter()
        text_k: Counter = Counter()
        for where, old_id, text, value, row in sheet:
            k_both, k_text = both_k[(old_id, text)], text_k[text]
            both_k[(old_id, text)] += 1
            text_k[text] += 1
            if value is None:
                continue
            i = None
            # the Att granska sheet names each row: repeated texts need no order (with the id, where there
            # is one, so that rows swapped in the next export keep their corrections)
            cands = by_row.get((row, old_id if use_id else "", text), []) if row is not None else []
            if len(cands) == 1:
                i, how = cands[0], "text"
            if i is None and use_id and old_id:
                cands = by_both.get((old_id, text), [])
                if cands and len(cands) == both_n[(old_id, text)]:
                    i, how = cands[k_both], "id"
            if i is None:
                cands = by_text.get(text, [])
                if text and cands and len(cands) == text_n[text]:
                    i, how = cands[k_text], "text"
            if i is None and redact is None and mask is not None and "[" in text:
                # last run masked and this one does not: the row whose text, masked as then, is the old text
                cands = by_masked().get(text, [])
                named = [j for j in cands if int(rows[j]) == row] if rows is not None and row is not None else []
                if len(named) == 1:  # (a sheet naming its rows, Att granska: the row of that number)
                    i, how = named[0], "text"
                elif cands and len(cands) == text_n[text] and len({new_text[j] for j in cands}) == 1:
                    i, how = cands[k_text], "text"
            if i is None and use_id and old_id and (redact is not None or "[" in text):
                # masked with names no longer in the input, or last run masked and this one does not: "[namn]"
                # in the old text may stand for any word now shown; the same id and otherwise the same text is
                # the same suggestion
                same = [j for j in by_id.get(old_id, []) if _masked_equal(text, new_text[j])]
                if len(same) == 1:
                    i, how = same[0], "id"
            if i is None:
                lost.append(where)
                lost_cells.append((text, value))
                continue
            if i in applied:
                if _themes_of(applied[i], taxonomy) != _themes_of(value, taxonomy):
                    conflicts.append(where)
                continue
            applied[i] = value
            if not str(fixes[i] or "").strip():
                fixes[i] = value
            by.add(how)
    # (a cell of '-', '?' or 'Vet ej' is no correction, none a model learns: counted and named as train counts)
    from forbattra.scoring.labels import split_cell

    if lost:
        real = [(t, v) for t, v in lost_cells if split_cell(v)]
        if known is not None and known_key and real and all(known(t, v) for t, v in real):
            lost_key = known_key  # the corrections the model learnt, counted and named as train counts them
            lost = [w for w, (_t, v) in zip(lost, lost_cells) if split_cell(v)]
        rows_txt = Joined("", [", ".join(str(r) for r in lost[:8]), Msg("err_more", n=len(lost) - 8) if len(lost) > 8 else ""])
        from forbattra.i18n import shell_arg

        raise OutputError.of(lost_key, path=target, n=len(lost), column=old_col, rows=rows_txt, name=target.name,
                             arg=train_arg if train_arg is not None else "--corrections " + shell_arg(target.name))
    # (such a cell is carried over all the same, but corrects nothing)
    if n_kept := sum(1 for v in applied.values() if split_cell(v)):
        log("corrections_kept", path=target, n=n_kept, column=old_col,
            by=Msg("matched_by_id" if "id" in by else "matched_by_text"))
    if conflicts:
        log("corrections_conflict", path=target, rows=", ".join(map(str, conflicts[:8])))
    out = table.copy()
    out[fix_col] = fixes
    return out


# A text longer than this is compared on its first so many characters (masked, normalised). A workbook cuts a
# text at Excel's cell limit: a run without --redact cuts it and a next run masks the cut cell, a run with it
# masks and then cuts; masking changes the length, so the two cut texts differ at their ends (and where a phone
# number or name was cut in two). Their beginnings agree, as long as masking did not shrink the text to less
# than half (an address of 25 characters is "[e-post]", a phone number of 13 "[telefon]").
_COMPARED_PREFIX = 16_000


def _text_key(values, redact: Callable[[str], str] | None = None) -> str:
    """A row's text as the comparison sees it: as a workbook holds it (cut at Excel's cell limit, the
    mark taken off), masked with this run's names when ``redact`` is given, normalised; a very long text
    only its first :data:`_COMPARED_PREFIX` characters, which both a masked and an unmasked run produce alike."""
    from forbattra.outputs.redact import in_swedish
    from forbattra.outputs.writers import uncut_part, unguard
    from forbattra.scoring.text import normalise

    parts = []
    for v in values:
        if v is None or str(v) == "nan":
            continue
        v = uncut_part(unguard(str(v)))
        parts.append(redact(v) if redact is not None else v)
    # masked in either language, the old file or this run's table: "[name]" is "[namn]"
    return in_swedish(normalise(" ".join(parts)))[:_COMPARED_PREFIX]



@functools.lru_cache(maxsize=1)
def _masked_equal(old: str, new: str) -> bool:
    """``old`` (a normalised text masked earlier) equals ``new`` where every placeholder of ``old`` may
    stand for any words now shown (at least one character, no line break).

    A scan, not a regular expression of ``.+?`` per placeholder: on a long text with many placeholders that
    did not match, the expression's backtracking ran for more than ten minutes (a nightly run hung). Each text
    between placeholders is found at its first place after the last one (the leftmost place leaves the most
    room for the rest, so no other place can match where it does not)."""
    if "[" not in old:
        return old == new
    from forbattra.outputs.redact import ALL_PLACEHOLDERS

    parts = re.split("|".join(re.escape(m) for m in sorted(ALL_PLACEHOLDERS, key=len, reverse=True)), old)
    if len(parts) == 1:
        return old == new
    first, *middle, last = parts
    end = len(new) - len(last)
    if not new.startswith(first) or not new.endswith(last) or end - len(first) < len(parts) - 1:
        return False
    pos = len(first)
    for part in middle:
        at = new.find(part, pos + 1, end - 1)  # (a placeholder before it and one after it stand for a character at least)
        if at < 0 or "\n" in new[pos:at]:
            return False
        pos = at + len(part)
    return end > pos and "\n" not in new[pos:end]


def _id_key(value) -> str:
    from forbattra.outputs.writers import unguard

    if value is None or (isinstance(value, float) and value != value):
        return ""
    v = unguard(str(value)).strip()
    if _COMMA_DECIMAL.fullmatch(v):  # an id 1.5 as the ';' .csv writes it (1,5) is the id 1.5
        v = v.replace(",", ".")
    return v[:-2] if v.endswith(".0") and v[:-2].lstrip("-").isdigit() else v


_COMMA_DECIMAL = re.compile(r"-?\d+,\d+")




_OTHER_COLUMNS = "other columns"  # _old_corrections: corrections beside none of this input's text or id columns


def _old_corrections(target: Path, delimiter: str, id_col: str | None, text_cols: list[str], redact=None,
                     read_sheets: Callable | None = None):
    """The corrections of an earlier output: ``(column name, rows)`` per sheet with a filled correction column,
    ``rows`` = ``(where, id key, text key, value or None, row number or None)`` for every row of that
    sheet (``where`` = the row Excel shows, with the sheet's name when it is not the first; the row
    number from its *Rad* column, as the data row: less what the workbook recorded it adds); ``None`` when a
    correction column is there but the file cannot be
    read back; :data:`_OTHER_COLUMNS` when corrections stand beside none of this input's text or id columns."""
    from forbattra.outputs.writers import COLS, CORRECTION_COLUMNS
    from forbattra.scoring.active import REVIEW_TEXT

    from forbattra.outputs.writers import recorded_row_offsets

    sheets = (read_sheets or _raw_sheets)(target, delimiter)
    if sheets is None:
        return None
    offsets = recorded_row_offsets(target)  # Rad → data row (an older workbook's Rad is the data row)
    out = []
    for k, (name, grid) in enumerate(sheets):
        offset = offsets.get(name, 0)
        head = next((r for r, cells in enumerate(grid[:30]) if any(str(c).strip() in CORRECTION_COLUMNS for c in cells)), None)
        if head is None:
            continue
        header = [str(c).strip() for c in grid[head]]
        fix = next(j for j, c in enumerate(header) if c in CORRECTION_COLUMNS)

        named = [_kept_column(c, header) for c in text_cols]
        tcols = [header.index(c) for c in named] if text_cols and all(named) \
            else [header.index(c) for c in REVIEW_TEXT.values() if c in header][:1]
        id_name = _kept_column(id_col, header) if id_col else None
        icol = header.index(id_name) if id_name else header.index("id") if "id" in header else None
        rcol = next((header.index(c["row"]) for c in COLS.values() if c["row"] in header), None)
        if target.suffix.lower() == ".xlsx":
            _refuse_uncomputed_corrections(target, name, grid, head, fix)
        if not any(str(_cell(grid[r], fix)).strip() for r in range(head + 1, len(grid))):
            continue  # no correction in this sheet: its rows' keys are not needed (last night's untouched output)
        rows = []
        for r in range(head + 1, len(grid)):
            cells = grid[r]
            value = str(_cell(cells, fix)).strip()
            if value and not tcols and icol is None:
                return _OTHER_COLUMNS  # a correction with nothing to match it by: another export's workbook
            where = r + 1 if k == 0 else f"{name}!{r + 1}"
            row_no = _id_key(_cell(cells, rcol)) if rcol is not None else ""
            rows.append((where, _id_key(_cell(cells, icol)) if icol is not None else "",
                         _text_key((_cell(cells, j) for j in tcols), redact), value or None,
                         int(row_no) - offset if row_no.isdecimal() else None))
        out.append((header[fix], rows))
    return out


def _refuse_uncomputed_corrections(target: Path, sheet: str, grid: list, head: int, fix: int) -> None:
    """Refuse (exit 3) an earlier workbook whose correction column (index ``fix``, header on row ``head`` of
    ``grid``) holds formulas without a saved value: a program that writes formulas without calculating them
    (openpyxl) saves none, the cell reader sees an empty cell, and the correction would be lost with the file."""
    from forbattra.errors import OutputError
    from forbattra.inputs.tables import column_letters, uncomputed_rows

    blank = uncomputed_rows(target, sheet, [fix], start=head + 1)
    if blank:
        raise OutputError.of("err_corrections_uncomputed", path=target, sheet=sheet, column=str(grid[head][fix]).strip(),
                             n=len(blank), cell=f"{column_letters(fix)}{blank[0] + 1}")


def _kept_column(name: str, header: list[str]) -> str | None:
    """``name`` in an old output's header, where the run that wrote it may have kept it beside its own
    column of that name ("Motivering (indata)", "(input)" in English), whatever this run's language; a
    document run's column also under its name in the other language ("förslag" / "suggestion": the last
    run had the other --lang)."""
    from forbattra.inputs.documents import EN_COLUMNS

    base = name.removesuffix(" (indata)").removesuffix(" (input)")
    other = EN_COLUMNS.get(base) or next((sv for sv, en in EN_COLUMNS.items() if en == base), None)
    names = (base + " (indata)", base + " (input)", name, base) + ((other,) if other else ())
    return next((c for c in names if c in header), None)


def _cell(cells: list, j: int | None):
    return cells[j] if j is not None and j < len(cells) else ""


def written_roles(columns, names: dict, written: list[str]) -> dict:
    """The columns the *Förslag* sheet holds the text, id, unit (``group``), date and person in, as the run read
    them (``columns``, an input's :class:`~forbattra.inputs.tables.Columns`; a column kept under another name beside
    forbattra's own, *Status (indata)*, by that name: ``names``, ``writers.kept_names``), where the sheet has it
    (``written``): recorded in the workbook (``writers.recorded_roles``), so a report of it reads the same columns,
    and the *Förklaringar* sheet names the unit column its units are from."""
    shown = set(written)
    roles: dict = {}
    text = [names.get(t, t) for t in columns.text]
    if text and shown.issuperset(text):
        roles["text"] = text
    for role in ("id", "group", "date", "person"):
        col = getattr(columns, role)
        if col and names.get(col, col) in shown:
            roles[role] = names.get(col, col)
    return roles


def roles_to_give_again(path: Path, columns, given: dict, delimiter: str = ";", sample: int = 2000) -> list[str]:
    """The options a command reading classify's .csv output at ``path`` must be given again to read the columns this
    run read (``columns``): a .csv records no roles (a workbook does, ``writers.recorded_roles``), so ``report``,
    ``review`` and ``train --corrections`` detect them anew from its header, and a column given by hand (``given``:
    role → what the option named; ``-g Kostnadsställe`` beside a *Förvaltning*) is found otherwise — the report would
    count other units and mask no names of the person column — or not at all. Only the roles given whose column
    that detection, on the file's first ``sample`` rows, does not find; each as its option and column
    (``["-g", "Kostnadsställe"]``). Nothing for a file that cannot be read back."""
    import csv

    from forbattra.errors import ColumnError
    from forbattra.inputs.tables import detect_columns
    from forbattra.outputs.writers import COLS, unguard

    if not any(given.values()):
        return []
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            header = next(reader, [])
            rows = [list(map(unguard, r)) for _, r in zip(range(sample), reader)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    own = {v for lang in COLS for k, v in COLS[lang].items() if k in ("theme", "all", "ids", "conf", "why", "status",
                                                                         "fix")}
    keep = [h for h in header if h not in own]
    data = [[r[header.index(h)] if header.index(h) < len(r) else "" for h in keep] for r in rows]

    def named(col: str) -> str:  # (an input's "Status" is "Status (indata)" in the file)
        return col if col in keep else next((k for k in keep if k.startswith(col + " (")), col)

    text = [named(t) for t in columns.text]
    try:
        found = detect_columns(keep, data, path=str(path))
        lost_text = list(found.text) != text
    except ColumnError:  # (no text column it would find: given again, the other roles are detected beside it)
        lost_text = True
        try:
            found = detect_columns(keep, data, text_columns=text, path=str(path))
        except ColumnError:
            return []
    options = []
    if given.get("text") and lost_text:
        for t in text:
            options += ["-t", t]
    for role, option in (("id", "--id-column"), ("group", "-g"), ("date", "--date-column"),
                         ("person", "--person-column")):
        col = getattr(columns, role)
        if given.get(role) and col and getattr(found, role) != named(col):
            options += [option, named(col)]
    return options


def check_nothing_else_lost(target: Path, table, sheets: list[str], delimiter: str = ";",
                            theme_ids: set[str] | None = None, lang: str = "sv",
                            read_sheets: Callable | None = None) -> None:
    """Refuse to overwrite an earlier output to which someone added what forbattra did not write — a sheet of
    their own, or a column of their own with something in it (*Min kommentar*): it would be lost with the
    file (:class:`~forbattra.errors.OutputError`, exit 3, nothing written). ``table``: the rows sheet this run
    writes; ``sheets``: the sheets it writes. Corrections are carried over instead (:func:`carry_corrections`).

    A workbook records the columns each sheet was written with (``writers.recorded_columns``), so a column
    of last run's input that this week's export no longer has is told apart from one someone added, wherever
    it stands, and a second column of an input column's name is someone's. Without that record (a .csv, an
    older workbook) a column counts as someone's when it stands after forbattra's first own column.
    ``theme_ids``: this run's theme ids; an output whose *Tema-id* column is mostly of other themes was made
    with another model or taxonomy (``--model`` forgotten): its themes and corrections would be mixed with
    these, so that is refused too."""
    import csv
    import io
    from collections import Counter

    from forbattra.errors import OutputError
    from forbattra.outputs.writers import _DROPDOWN_TEXT, COLS, misnamed_correction_column, recorded_columns, saved_csv_text
    from forbattra.scoring.active import REVIEW_SHEET, REVIEW_TEXT

    if not target.is_file() or target.suffix.lower() not in (".xlsx", ".csv"):
        return
    ours = {v for c in COLS.values() for k, v in c.items() if k.startswith("sheet_")} | set(REVIEW_SHEET.values()) \
        | {t[0] for t in _DROPDOWN_TEXT.values()} | set(sheets)
    columns = {str(c) for c in table.columns} | {v for c in COLS.values() for k, v in c.items()
                                                 if not k.startswith("sheet_")} | set(REVIEW_TEXT.values())
    record = None
    if target.suffix.lower() == ".xlsx":
        grids = (read_sheets or _raw_sheets)(target, delimiter)
        if not grids:  # not a workbook that can be read: the corrections check decides
            return
        other = [name for name, _ in grids if name not in ours]
        if other:
            raise OutputError.of("err_own_sheets", path=target, items=", ".join(repr(n) for n in other))
        record = recorded_columns(target)
        rows_names = {c["sheet_rows"] for c in COLS.values()}
        checked = [(name, grid) for name, grid in grids if name in rows_names or (record and name in record)]
    else:
        text = saved_csv_text(target.read_bytes())
        if text is None:  # not a .csv of ours: the corrections check decides
            return
        # the delimiter whose header row names the most known columns (Excel re-saves with the locale's), decided on
        # that row alone: the file is then parsed once (the four whole parses it replaced cost a nightly run onto
        # last night's 100,000-row .csv two seconds and two of its grids at once)
        best = max((delimiter, ";", ",", "\t"), key=lambda d: len(set(map(str.strip, next(
            csv.reader(io.StringIO(text, newline=""), delimiter=d), []))) & columns))
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=best))
        checked = [(target.name, grid)] if grid else []
    for name, rows in checked:
        if not rows:
            continue
        known = set(record[name]) if record and name in record else columns
        # the header: the first row (of 30: a title row may have been added above it) naming two known columns
        head = next((i for i, r in enumerate(rows[:30]) if len({str(c).strip() for c in r} & known) >= 2), None)
        if head is None:
            continue
        header = [str(c).strip() for c in rows[head]]
        # whether column j holds something below the header: asked only of the columns that could be someone's (a
        # scan of every column of a 100,000-row sheet, the empty Rättat tema to its end, was most of this check)
        filled = functools.cache(lambda j, rows=rows, head=head: any(
            j < len(r) and str(r[j]).strip() for r in itertools.islice(rows, head + 1, None)))
        if record and name in record:
            # written last time, or a column of this run's input (the advice: put it in the input)
            allowed, seen = Counter(record[name]) | Counter(str(c) for c in table.columns), Counter()
            mine = []
            for j, h in enumerate(header):
                seen[h] += 1
                if seen[h] > allowed.get(h, 0) and filled(j):
                    mine.append(h or f"({j + 1})")
        else:
            mine = _added_after_ours(header, filled, table, columns, lang)
        if mine:
            if near := misnamed_correction_column(mine):  # 'rättat tema' typed over the header: say what to rename
                raise OutputError.of("err_corrections_column_named", path=target, found=near[0], column=near[1])
            raise OutputError.of("err_own_columns", path=target, items=", ".join(repr(h) for h in mine))
        if name not in {c["sheet_rows"] for c in COLS.values()} and target.suffix.lower() == ".xlsx":
            continue
        idcol = next((header.index(c["ids"]) for c in COLS.values() if c["ids"] in header), None)
        if theme_ids and idcol is not None:
            old = [t.strip() for r in rows[head + 1:] if idcol < len(r) for t in str(r[idcol]).split("|") if t.strip()]
            alien = sorted({t for t in old if t not in theme_ids})
            if old and sum(t not in theme_ids for t in old) > 0.5 * len(old):
                raise OutputError.of("err_other_themes", path=target, items=", ".join(repr(t) for t in alien[:3]))


def _added_after_ours(header: list[str], filled: Callable[[int], bool], table, columns: set[str],
                      lang: str) -> list[str]:
    """Without a record of the columns written: the columns after forbattra's first own column that it does
    not write and that hold something (before it stand last run's input columns, which an export may lose).
    forbattra's first own column is one of its columns in either language that is not an input column of this
    run (an input column 'Tema' in an English run is the input's)."""
    from forbattra.outputs.writers import COLS

    kinds = ("theme", "all", "ids", "conf", "why", "status")
    own = {v for c in COLS.values() for k, v in c.items() if k in kinds}
    inputs = {str(c) for c in table.columns} - {COLS[lang][k] for k in kinds}  # this run's input columns
    first = next((j for j, h in enumerate(header) if h in own and h not in inputs), len(header))

    def ours_too(h: str) -> bool:  # an input column kept beside ours in either language ("Status (indata)")
        return h in columns or any(h.endswith(sfx) and h[:-len(sfx)] in columns for sfx in (" (indata)", " (input)"))

    return [h or f"({j + 1})" for j, h in enumerate(header) if j > first and not ours_too(h) and filled(j)]


def _read_back_text(v) -> str:
    """A cell of an earlier output as text, as pandas 3's ``read_excel(..., dtype=str, keep_default_na=False)``
    gives it (what this check compared before, at half the cost for a 100,000-row workbook): a whole number
    without ".0", other numbers as Python writes them, dates as ``YYYY-MM-DD HH:MM:SS``, durations as Python
    writes them ("1 day, 6:00:00"); a NaN (only in a hand-made file) as an empty cell. Text with each letter one
    code point (NFC), as this run's input is read: an output written from a Mac export before forbattra read
    exports so still holds its "å" as "a" and a combining ring."""
    kind = type(v)
    if kind is str:
        return v if v.isascii() else unicodedata.normalize("NFC", v)
    if kind is float:
        return str(int(v)) if v.is_integer() else "" if v != v else str(v)
    from datetime import date, datetime

    if isinstance(v, date) and not isinstance(v, datetime):
        v = datetime(v.year, v.month, v.day)
    return str(v)


def _raw_sheets(target: Path, delimiter: str):
    """Every sheet of an earlier output as rows of cells (strings), no header assumed: ``[(name, rows)]``;
    ``None`` when the file holds a correction column but cannot be parsed, ``[]`` when it is not a table."""
    import csv
    import io

    from forbattra.outputs.writers import CORRECTION_COLUMNS

    if target.suffix.lower() == ".xlsx":
        try:
            from python_calamine import CalamineWorkbook, SheetTypeEnum

            book = CalamineWorkbook.from_path(str(target))
            # each name once (a hand-edited workbook may name two sheets alike; the first is the one read)
            names = list(dict.fromkeys(m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet))
            return [(name, [list(map(_read_back_text, row)) for row in book.get_sheet_by_name(name).to_python(
                skip_empty_area=False)]) for name in names]
        except Exception:  # noqa: BLE001 - not a workbook we can read
            return None if _mentions_corrections(target) else []
    from forbattra.outputs.writers import saved_csv_text

    text = saved_csv_text(target.read_bytes())
    if text is None:
        return None if _mentions_corrections(target) else []
    if not any(c in text for c in CORRECTION_COLUMNS):
        return []
    for d in dict.fromkeys((delimiter, ";", ",", "\t")):  # Excel re-saves with the locale's delimiter
        try:
            grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=d))
        except csv.Error:
            continue
        if any(any(c.strip() in CORRECTION_COLUMNS for c in row) for row in grid[:30]):
            return [(target.name, grid)]
    return None


def _mentions_corrections(target: Path) -> bool:
    from forbattra.outputs.writers import CORRECTION_COLUMNS

    raw = target.read_bytes()
    return any(c.encode(e) in raw for c in CORRECTION_COLUMNS for e in ("utf-8", "cp1252", "utf-16-le"))


def _themes_of(value: str, taxonomy) -> list[str]:
    """A correction cell as the themes it names, to compare two cells: ids or labels, in any case and order,
    as train reads them (:meth:`~forbattra.taxonomy.Taxonomy.find`); a part naming no theme as it is written."""
    from forbattra.scoring.labels import split_cell, whole_theme

    if (whole := whole_theme(value, taxonomy)) is not None:  # a label holding '|' ('IT | system'), written whole
        return [whole]
    found = (taxonomy.find(p) if taxonomy is not None else None for p in split_cell(value))
    return sorted({f or p.casefold() for f, p in zip(found, split_cell(value))})


def remembered_by(clf) -> Callable[[str, str], bool] | None:
    """Whether ``clf``'s model remembers a correction (its text as an old sheet holds it, normalised; its cell)
    with the same themes (``carry_corrections``' ``known``): taught by ``train --corrections``, a correction
    whose suggestion is gone needs no teaching again, only its file kept. None for a model that remembers none."""
    remembered = (getattr(clf, "model_meta", None) or {}).get("corrections_map") or {}
    if not remembered:
        return None

    def known(text: str, cell: str) -> bool:
        themes = remembered.get(text_key(text))
        return themes is not None and sorted(set(themes)) == _themes_of(cell, clf.taxonomy)

    return known


def _label_cell(value, taxonomy) -> str:
    """Accept theme ids or labels ('Lokaler och fysisk miljö') separated by | ; or ,; or one label holding | or ;
    ('IT | system'), written whole."""
    from forbattra.scoring.labels import whole_theme

    if (whole := whole_theme(value, taxonomy)) is not None:
        return whole
    by_label = {taxonomy.label(t, lang).casefold(): t for t in taxonomy.ids for lang in ("sv", "en")}
    out: list[str] = []
    for part in str(value or "").replace(";", "|").split("|"):
        part = part.strip()
        if not part:
            continue
        if part.casefold() in by_label or part in taxonomy:
            out.append(by_label.get(part.casefold(), part))
        else:  # "personal, ekonomi": commas separate ids, but labels may contain commas
            out.extend(by_label.get(p.strip().casefold(), p.strip()) for p in part.split(",") if p.strip())
    return "|".join(out)


def run_classify(sugg: Suggestions, opts: ClassifyOptions, *, inputs: list[Path], progress=None,
                 log: Log = _quiet, embedder=None) -> ClassifyResult:
    """Classify, apply corrections, summarise and write every output (nothing written on error).

    ``embedder``: the Dubbletter sheet's sentence embedder when ``opts.embeds_duplicates`` (e.g. one
    with a progress bar); a fresh ``Embedder(prefix="query")`` when None."""
    from forbattra.outputs.writers import check_outputs
    from forbattra.scoring.pipeline import build_classifier

    check_outputs(opts.outs, inputs, store=opts.store)
    if opts.embeds_duplicates and embedder is None:
        from forbattra.scoring.embed import Embedder

        embedder = Embedder(prefix="query")  # without the extra: ModelError (exit 5) now, not after classifying
    clf = build_classifier(opts.taxonomy, opts.model, min_confidence=opts.min_confidence)
    _log_classifier(clf, log)
    frame = sugg.frame
    n = len(frame)
    from forbattra.outputs.writers import check_xlsx_rows

    for o in opts.outs:  # before minutes of classifying, not after
        if o.suffix.lower() == ".xlsx":
            check_xlsx_rows(n, o)
    sheet_job = None
    if opts.duplicates and any(o.suffix.lower() == ".xlsx" for o in opts.outs):
        # the Dubbletter sheet's work that needs no themes starts now, on the core classification leaves idle
        sheet_job = DuplicateSheetJob(frame, clf, opts.lang, precise=opts.precise, embedder=embedder,
                                      fork=opts.jobs != 1 and n >= FORK_SHEET_ROWS)
    try:
        return _classify_and_write(sugg, opts, clf, sheet_job, progress=progress, log=log)
    finally:
        if sheet_job is not None:
            sheet_job.close()


def _classify_and_write(sugg: Suggestions, opts: ClassifyOptions, clf, sheet_job: "DuplicateSheetJob | None", *,
                        progress=None, log: Log = _quiet) -> ClassifyResult:
    """:func:`run_classify` once the classifier is built (and the Dubbletter sheet's job started)."""
    from forbattra.outputs.writers import (
        COLS, AtomicOutputs, accuracy_record, result_table, write_csv, write_jsonl, write_xlsx,
    )
    from forbattra.record import STATUS, THEMES
    from forbattra.scoring.pipeline import classify_frame
    from forbattra.record import GROUP, ROW, TEXT
    from forbattra.analysis.summary import HEADINGS, apart_labels, explanations, summaries

    frame = sugg.frame
    n = len(frame)
    store = keys = None
    stored_names: tuple[str, ...] = ()
    no_ids = False  # the store keys its rows by id, this export has none: every row will count as new
    store_notes: dict[str, int] = {}
    reuse: dict[int, dict] = {}
    if opts.store:
        from forbattra.i18n import PerLang
        from forbattra.store import Store, taxonomy_refused, text_hash

        store = Store(opts.store)
        store.check_writable()  # a read-only store: said now, not after classifying the whole export
        last = store.last_runs(1)
        if last and not _same_taxonomy(last[0], clf.taxonomy):
            # themes of two taxonomies in one history: no taxonomy could read it back (trends, report);
            # another name with the same themes (a copy of standard, a renamed file) is the same taxonomy
            raise taxonomy_refused(last[0], store.display, clf.taxonomy.name, clf.taxonomy.ids)
        added = [t for t in clf.taxonomy.ids if last and last[0].get("taxonomy_ids")
                 and t not in last[0]["taxonomy_ids"].split("|")]
        if added:  # (a theme added to the taxonomy: the store's earlier suggestions were not sorted into it)
            log("store_themes_added", store=store.display,  # (in the message's language, as its other words)
                themes=PerLang({lg: ", ".join(clf.taxonomy.label(t, lg) for t in added) for lg in ("sv", "en")}))
        # a document's ids number its proposals (a.md#2): one added above renumbers the rest, so they are no key
        own_ids = not sugg.info.format.startswith("document")
        found = store.keys_for(frame, ids=own_ids)
        keys, known = found.keys, found.known
        # the names the store has for this export's suggestions (an earlier export had a name column): masked in this
        # run's texts too, so a re-export without its name column does not unmask what --redact masked before
        stored_names = tuple(sorted({known[k]["person"] for k in keys if k in known and known[k].get("person")}))
        no_ids = own_ids and bool(last and not any(k in known for k in keys) and keys
                      and not any(k.startswith("id:") for k in keys) and store.has_id_keys())
        if found.apart:
            store_notes["store_ids_apart"] = found.apart
        if found.matched:
            log("store_matched", store=store.display, n=found.matched)
        if found.changed:
            log("store_matched_text", store=store.display, n=found.changed)
        if found.edited:
            log("store_matched_edited", store=store.display, n=found.edited)
        if found.other_unit:
            log("store_other_unit", store=store.display, n=found.other_unit)
        if (units_moved := store.units_moved(frame, found)) is not None:  # (another unit column, most likely: warned)
            store_notes["store_units_changed"], store_notes["store_units_of"] = units_moved
        # (not on such a night: the suggestions the export no longer holds keep their units, for the next run that reads
        # the right column to find them so)
        renames = store.renamed_units(frame, found) if units_moved is None else []
        for old_unit, new_unit, moved, left in renames:
            log("store_unit_renamed", store=store.display, old=old_unit, new=new_unit, n=moved, left=left)
        tax_hash, model_hash = clf.taxonomy.hash(), decision_hash(clf)
        for i, (k, text) in enumerate(zip(keys, frame[TEXT])):
            old = known.get(k)
            if old and old["text_hash"] == text_hash(text) and old["taxonomy_hash"] == tax_hash \
                    and old["model_hash"] == model_hash:
                reuse[i] = old
        if reuse:
            log("store_unchanged", store=store.display, reused=len(reuse), n=n, todo=n - len(reuse))
    todo = frame if not reuse else frame.iloc[[i for i in range(n) if i not in reuse]]
    jobs = opts.jobs
    if sheet_job is not None and sheet_job.forked:
        from forbattra.scoring.pipeline import default_jobs

        # the Dubbletter sheet's process is one of the run's processes: on two cores it gets one and the texts are
        # classified here on the other (2 workers beside it shared 2 cores three ways and delayed the sheet, the
        # workbook's last step, by ≈ 1 s on 100,000 rows; issue 14)
        jobs = max(1, (jobs if jobs is not None else default_jobs(len(todo))) - 1)
    if progress is not None and len(todo):
        with progress:
            task = progress.add_task("classify", total=len(todo))
            part = classify_frame(todo, clf, jobs=jobs, progress=lambda k: progress.advance(task, k))
    else:
        part = classify_frame(todo, clf, jobs=jobs)
    out = _merge_reused(frame, part, reuse) if reuse else part
    corrections = known_corrections(out, sugg, clf, opts.lang, stored_names)
    out = apply_corrections(out, clf, corrections, opts.lang)
    if sheet_job is not None:
        sheet_job.themes(out)  # the themes' penalty and the grouping go on beside the summaries and tables
    redactor = run_redactor(out, opts.lang, stored_names) if opts.redact else None
    summary, by_group = summaries(out, clf.taxonomy, lang=opts.lang, redact=redactor)
    empty = int((out[STATUS] == "empty").sum()) if n else 0
    none = int((out[STATUS] == NO_SUGGESTION).sum()) if n else 0
    counts = {"read": n, "classified": n - empty - none, "empty": empty, "no_suggestion": none,
              "unchanged": len(reuse), **({"store_no_ids": True} if no_ids else {}), **store_notes}
    if opts.redact and stored_names:
        counts["store_names"] = len(stored_names)
    c = COLS[opts.lang]

    # last run's workbook, read once for both checks below (check_nothing_else_lost parses a .csv itself: a .csv's
    # grid kept from the carrying would only have stood beside the workbook's and its own parse)
    read_book = functools.cache(_raw_sheets)

    def read_sheets(target: Path, delimiter: str):
        return read_book(target, delimiter) if target.suffix.lower() == ".xlsx" else _raw_sheets(target, delimiter)

    def keep(table, target):  # corrections typed into last run's output survive this run
        from forbattra.scoring.stacking import retrain_arguments
        from forbattra.outputs.writers import kept_names

        names = kept_names([col for col in sugg.frame.columns], opts.lang)  # a text column named "Motivering"
        return carry_corrections(table, target, fix_col=c["fix"], id_col=names.get(sugg.columns.id, sugg.columns.id),
                                 text_cols=[names.get(t, t) for t in sugg.columns.text], csv_delimiter=opts.csv_delimiter,
                                 log=log, rows=list(out[ROW]), redact=redactor, read_sheets=read_sheets,
                                 mask=masker, taxonomy=clf.taxonomy,
                                 # a correction the model learnt already, whose suggestion is gone: not to teach
                                 # again, but to keep in the file the next train reads
                                 known=remembered_by(clf), known_key="err_corrections_known",
                                 # a model folder of the user's: the advice to teach corrections the run would
                                 # lose trains that folder again, with what it learnt from
                                 train_arg=retrain_arguments(getattr(clf, "model_meta", None), Path(opts.model),
                                                             target) if opts.model is not None else None)

    def masker():  # the masking --redact would have done (last run's, if it masked), for a run without it
        return run_redactor(out, opts.lang, stored_names)

    # every target checked before any is written: a refusal leaves all files as they were
    tables = [t for t in opts.outs if t.suffix.lower() in (".csv", ".xlsx")]
    rows_table = result_table(out, clf.taxonomy, lang=opts.lang, redact=redactor) if tables else None
    kept = {t: keep(rows_table, t) for t in tables}
    # corrections carried over count in that file's summary sheets, as a report of it counts them (and as those typed
    # into the input count everywhere); one that is no theme now (an edited taxonomy) is said, train would refuse it
    corrected: dict = {}  # table target → its (summary, by_group) where its carried corrections change a theme
    # the themes a person corrected each row to, for the store (whose reports and trends count them, as a report of
    # the workbook does): carried over from last run's output (the first output's where several hold one, as the
    # terminal's table), else typed into the export or remembered by the model (applied to ``out`` above)
    carried: list = [None] * n
    for t in tables:
        fix = list(kept[t][c["fix"]]) if c["fix"] in kept[t].columns else []
        if any(isinstance(v, str) and v.strip() for v in fix):
            from forbattra.errors import InputFileError
            from forbattra.scoring.labels import resolve

            try:
                fixed = resolve(fix, clf.taxonomy, source=f"{t.name}: {c['fix']!r}")
            except InputFileError as exc:
                counts.setdefault("corrections_unknown", exc.message)
                fixed = [_resolved_or_none(v, clf.taxonomy) for v in fix]
            carried = [had or (list(f) if f else None) for had, f in zip(carried, fixed)]
            if any(f and list(f) != list(m) for f, m in zip(fixed, out[THEMES])):
                corrected[t] = summaries(apply_row_corrections(out, fixed, opts.lang), clf.taxonomy, lang=opts.lang,
                                         redact=redactor)
    if tables and tables[0] in corrected:  # the terminal's table: the first file's, as a report of it shows
        summary_shown, by_group_shown = corrected[tables[0]]
    else:
        summary_shown, by_group_shown = summary, by_group
    written = [c["sheet_rows"], c["sheet_themes"], c["sheet_units"], c["sheet_dups"], c["sheet_notes"]]
    for t in tables:
        check_nothing_else_lost(t, kept[t], written, opts.csv_delimiter, set(clf.taxonomy.ids), opts.lang,
                                read_sheets=read_sheets)
        read_book.cache_clear()  # its last use (each file is checked once): its memory is the next check's, the writers'
    # All outputs go to temporary files first; the store is written next; only then are the
    # outputs renamed into place together. A failure anywhere (disk full on the 2nd output, a store
    # error) leaves every earlier output as it was and nothing half-written.
    with AtomicOutputs() as tx:
        for target in opts.outs:
            suffix = target.suffix.lower()
            tmp = tx.path(target)
            if suffix == ".jsonl":
                write_jsonl(out, tmp, redact=redactor)
            elif suffix == ".csv":
                write_csv(kept[target], tmp, delimiter=opts.csv_delimiter)
            elif suffix == ".xlsx":
                summary_t, by_group_t = corrected.get(target, (summary, by_group))
                sheets = [(c["sheet_rows"], kept[target]), (c["sheet_themes"], summary_t), (c["sheet_units"], by_group_t)]
                typed: list = [c["sheet_rows"]]
                # the units on the summary sheets as the per-row sheet has them (a unit code 4410 a number on all)
                typed.append((c["sheet_themes"], HEADINGS[opts.lang]["top_unit"]))
                if by_group_t is not None:
                    typed.append((c["sheet_units"], str(by_group_t.columns[0])))
                if sheet_job is not None:
                    from forbattra.analysis.duplicates import typed_sheet_columns

                    typed += typed_sheet_columns(c["sheet_dups"], opts.lang)
                    # computed once per run, even with several .xlsx outputs; handed over as a function
                    # so a big workbook's first sheets are written while the forked process finishes it
                    sheets.append((c["sheet_dups"], _DeferredSheet(sheet_job, redactor)))
                dropdowns = {c["sheet_rows"]: (c["fix"], [clf.taxonomy.label(t, opts.lang) for t in clf.taxonomy.ids])}
                row_offsets = None
                review = False
                if opts.review and (clf.model is not None or getattr(clf, "review_model", None) is not None):
                    from forbattra.scoring.active import REVIEW_SHEET, review_sheet

                    # not the suggestions corrected already (in this workbook, last run's Att granska included,
                    # or remembered by the model): the next ones to label
                    fixed = list(kept[target][c["fix"]]) if c["fix"] in kept[target].columns else []
                    done = {i for i, v in enumerate(fixed) if isinstance(v, str) and v.strip()} | {
                        i for i, text in enumerate(out[TEXT]) if text and text_key(text) in corrections}
                    sheets.append((REVIEW_SHEET[opts.lang],
                                   review_sheet(out, clf, opts.review, lang=opts.lang, redact=redactor, skip=done)))
                    dropdowns[REVIEW_SHEET[opts.lang]] = dropdowns[c["sheet_rows"]]
                    typed.append((REVIEW_SHEET[opts.lang], "id"))  # the Förslag sheet's ids, typed as there
                    row_offsets = {REVIEW_SHEET[opts.lang]: 1}  # Att granska's Rad: the Förslag sheet's row
                    review = True
                from forbattra.outputs.writers import kept_names

                roles = written_roles(sugg.columns, kept_names(list(sugg.frame.columns), opts.lang),
                                      [str(x) for x in kept[target].columns])
                sheets.append((c["sheet_notes"], explanations(
                    opts.lang, duplicates=opts.duplicates,
                    fallback=clf.taxonomy.label(clf.taxonomy.fallback, opts.lang), columns=list(summary_t.columns),
                    by_unit=by_group_t is not None, review=review, apart=apart_labels(clf.taxonomy, opts.lang),
                    unit_column=roles.get("group"))))
                write_xlsx(sheets, tmp, title="forbattra – " + ("teman" if opts.lang == "sv" else "themes"),
                           redact=redactor, typed=typed, dropdowns=dropdowns, lang=opts.lang,
                           record_columns=True, model_record=accuracy_record(clf.model_meta)
                           if clf.model is not None or clf.model_meta.get("path") else None,
                           row_offsets=row_offsets, roles=roles)
        if store is not None:
            from forbattra.record import DATE, GROUP, PERSON

            # the roles this export has no column for (nor values of: a document's units are its headings): what
            # the store knows of them is kept, not erased (a lost name column would unmask names in reports)
            absent = [role for role, column, field in (("grp", sugg.columns.group, GROUP), ("date", sugg.columns.date, DATE),
                                                       ("person", sugg.columns.person, PERSON))
                      if column is None and not (field in out.columns and out[field].notna().any())]
            from forbattra.store import CORRECTED

            store_fixes = [fix or (corrections.get(text_key(text)) if text and corrections else None)
                           for fix, text in zip(carried, out[TEXT])]
            stats = store.record(out.assign(**{CORRECTED: store_fixes}), source=str(sugg.info.path), taxonomy=clf.taxonomy.name,
                                 taxonomy_hash=clf.taxonomy.hash(), model_hash=decision_hash(clf),
                                 taxonomy_ids=clf.taxonomy.ids, date_column=sugg.columns.date,
                                 taxonomy_source=_taxonomy_file(clf.taxonomy), ids=own_ids, absent=absent,
                                 renames=[(old_unit, new_unit) for old_unit, new_unit, _moved, _left in renames],
                                 same_taxonomy=lambda run: _same_taxonomy(run, clf.taxonomy),
                                 then=tx.commit)  # the renames follow the store's commit, uninterrupted
            counts.update(new=stats.new, changed=stats.changed, run_id=stats.run_id)
            log("store_run", store=store.display, run=stats.run_id, new=stats.new, changed=stats.changed,
                unchanged=stats.unchanged)
        else:
            tx.commit()
    return ClassifyResult(out, summary_shown, by_group_shown, counts, clf)


def _resolved_or_none(cell, taxonomy):
    """A correction cell's theme ids, or None where it names no theme of ``taxonomy``."""
    from forbattra.errors import InputFileError
    from forbattra.scoring.labels import resolve

    try:
        return resolve([cell], taxonomy)[0]
    except InputFileError:
        return None


def _taxonomy_file(taxonomy) -> str | None:
    """The absolute path of ``taxonomy``'s YAML file (one's own, or a model folder's), None for a built-in."""
    from pathlib import Path

    src = Path(taxonomy.source) if taxonomy.source and not taxonomy.source.endswith("(built-in)") else None
    return str(src.resolve()) if src is not None and src.is_file() else None


FORK_SHEET_ROWS = 5_000  # rows from which the Dubbletter sheet is computed in a forked process (3,000: no gain)
SHEET_PART_LINES = 5_000  # the Dubbletter sheet goes to the writer in parts of whole groups of at least this many
# lines (≥ writers.WIDTH_SAMPLE: the first part sizes the columns as the whole sheet would)


def _duplicates_sheet_parts(frame, clf, lang: str, precise: bool = False, embedder=None) -> list:
    """Near-duplicate groups for the workbook, in this process (``frame``: classified), in the parts of
    :data:`SHEET_PART_LINES` lines the forked process sends (see :class:`DuplicateSheetJob`).

    Reuses the classification: its analyzer (and word caches), and its primary themes (the frame's
    ``themes`` column), so nothing is scored twice; the texts are analysed once for both the groups
    and their shared words."""
    from forbattra.analysis.duplicates import duplicates_sheet_parts, find_duplicates

    analyses: dict = {}
    dups = find_duplicates(frame, analyzer=clf.analyzer, fallback=clf.taxonomy.fallback, analyses=analyses,
                           precise=precise, embedder=embedder, thanks=clf.thanks_rule)
    return list(duplicates_sheet_parts(frame, dups, lang=lang, analyzer=clf.analyzer, analyses=analyses,
                                       lines=SHEET_PART_LINES))


def _redact_sheet(sheet, redactor):
    """The Dubbletter sheet with its text column masked and, from each group's shared words, every word
    masking removes from a member's text (``redactor`` None: as it is). The writer masks the other cells."""
    from forbattra.analysis.duplicates import SHEET_COLS
    from forbattra.outputs.redact import masked_words, without_masked

    if redactor is None or not len(sheet):
        return sheet
    text_col, group_col = sheet.columns[-1], sheet.columns[0]
    texts = sheet[text_col].tolist()
    masked = [redactor(t) if isinstance(t, str) else t for t in texts]
    gone: dict = {}
    for g, t, m in zip(sheet[group_col], texts, masked):
        gone.setdefault(g, set()).update(masked_words(t, m))
    out = {text_col: masked}
    shared_col = next((h[2] for h in SHEET_COLS.values() if h[2] in sheet.columns), None)  # "Gemensamt"
    if shared_col is not None:
        out[shared_col] = [", ".join(without_masked(w.split(", "), gone[g])) if isinstance(w, str) and w and gone[g] else w
                           for g, w in zip(sheet[group_col], sheet[shared_col])]
    return sheet.assign(**out)


class DuplicateSheetJob:
    """The Dubbletter sheet of one ``classify`` run, started as soon as the texts are read.

    With ``fork`` (and the fork start method) a child process, forked before classification, does what
    needs no themes — copies, text units, TF-IDF, the candidate search and the candidates' scores
    (:class:`~forbattra.analysis.duplicates.Prepared`) — on a core of its own (the run classifies with one
    process fewer: see ``_classify_and_write``); :meth:`themes` then sends it the rows' primary themes, it
    groups and builds the sheet in parts of whole groups, and :meth:`parts` hands each to the writer as it
    comes (the writer writes one while the child builds the next). The child shares the parent's pages
    (fork: no copy of the frame is made or pickled) and freezes them from its collector; only the primary
    themes go in and the sheet's parts come back. An error in the child is raised again here (a
    :class:`~forbattra.errors.ForbattraError` keeps its message and exit code); a child that died without
    an answer is replaced by the same computation in this process (the parts not received yet). The sheet is
    the same, value for value, whichever process computed it. Without ``fork`` (small inputs, ``--jobs 1``,
    ``--precise``, a precise classification model, no fork on the platform) :meth:`parts` computes it here.
    """

    def __init__(self, frame, clf, lang: str, *, precise: bool = False, embedder=None, fork: bool = True) -> None:
        import multiprocessing as mp

        self.frame, self.clf, self.lang, self.precise, self.embedder = frame, clf, lang, precise, embedder
        self.out = None  # the classified frame, once themes() is called
        self.conn = self.proc = None
        self.got: list = []  # the sheet's parts received (or computed here), in order
        self.done = False  # every part is in got
        self.redacted: list = []  # the same parts masked (one redactor a run)
        self.n_rows: int | None = None
        # not beside a precise model's embedder (its runtime's threads and ≈ 15 texts per second leave
        # nothing to overlap), nor where the platform cannot fork
        if fork and not precise and getattr(clf.model, "emb_coef_", None) is None \
                and "fork" in mp.get_all_start_methods():
            import os

            ctx = mp.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(target=_sheet_child,
                                    args=(child, self.conn, frame, clf.analyzer, lang, os.getpid(), clf.thanks_rule),
                                    daemon=True, name="forbattra-dubbletter")
            self.proc.start()
            child.close()

    @property
    def forked(self) -> bool:
        """Whether a child process computes the sheet."""
        return self.proc is not None

    def themes(self, out) -> None:
        """The classified frame (after corrections): its primary themes go to the child."""
        from forbattra.analysis.duplicates import primary_themes

        self.out = out
        if self.conn is not None:
            try:
                self.conn.send(primary_themes(out, self.clf.taxonomy.fallback))
            except OSError:  # the child is gone: parts() computes the sheet here
                self._stop()

    def rows(self) -> int:
        """The sheet's number of lines, known once the child has grouped (before it builds the sheet)."""
        if self.n_rows is None:
            got = self._receive()
            if got is not None and got[0] == "rows":
                self.n_rows = got[1]
            else:
                self._local()
                self.n_rows = sum(len(part) for part in self.got)
        return self.n_rows

    def parts(self, redactor=None) -> Iterator:
        """The sheet in parts (whole groups; its text masked by ``redactor`` if given), each as soon as the child
        has built it, so the writer writes one while the child builds the next; again from the start on another
        call (a second workbook). A child that dies midway: the rest is computed here (the same parts)."""
        k = 0
        while True:
            if k == len(self.got) and not self.done:
                got = self._receive()
                if got is not None and got[0] == "rows":
                    self.n_rows = got[1]
                    got = self._receive()
                if got is None:
                    self._local()  # no child, or it died without an answer
                elif got[0] == "part":
                    self.got.append(got[1])
                else:  # "end"
                    self._stop()
                    self.done = True
            if k == len(self.got):
                return
            if redactor is None:
                yield self.got[k]
            else:
                while len(self.redacted) <= k:
                    self.redacted.append(_redact_sheet(self.got[len(self.redacted)], redactor))
                yield self.redacted[k]
            k += 1

    def _local(self) -> None:
        """Every part not received from a child, computed in this process."""
        self._stop()
        if not self.done:
            self.got.extend(_duplicates_sheet_parts(self.out, self.clf, self.lang, self.precise,
                                                    self.embedder)[len(self.got):])
            self.done = True

    def _receive(self):
        """The child's next message, ("rows", n), ("part", lines) or ("end", None); None without a child, or when
        it died without an answer (killed, out of memory); its error raised here."""
        if self.conn is None:
            return None
        try:
            got = self.conn.recv()
        except (EOFError, OSError):
            self._stop()
            return None
        if got[0] == "error":
            self._stop()
            raise got[1]
        return got

    def _stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.proc is not None:
            self.proc.join(timeout=5)
            if self.proc.is_alive():
                self.proc.terminate()
                self.proc.join()
            self.proc = None

    def close(self) -> None:
        """End the child, if any (an error elsewhere: its work is not needed)."""
        if self.proc is not None and self.proc.is_alive():
            self.proc.terminate()
        self._stop()


class _DeferredSheet:
    """The Dubbletter sheet as ``write_xlsx`` takes a table still being computed: its length (the
    child's line count, known before the sheet) and, called, the sheet's parts as they come."""

    def __init__(self, job: DuplicateSheetJob, redactor) -> None:
        self.job, self.redactor = job, redactor

    def __len__(self) -> int:
        return self.job.rows()

    def __call__(self):
        return self.job.parts(self.redactor)


def _sheet_child(conn, parent_end, frame, analyzer, lang: str, parent: int, thanks: bool = True) -> None:
    """A :class:`DuplicateSheetJob`'s forked process: prepare, wait for the themes, group, send the sheet."""
    import contextlib
    import gc
    import os

    gc.freeze()  # the inherited frame, model and tables are shared pages: the collector never walks them
    # and no collection at all: the sheet's work allocates a bounded heap of acyclic analyses, tuples, lists and
    # arrays, over which the cyclic collector's passes took ≈ a third of its time (issue 14); the process ends
    # once the sheet is sent
    gc.disable()
    from forbattra.scoring.pipeline import worker_signals

    worker_signals()
    parent_end.close()
    try:
        from forbattra.analysis.duplicates import Prepared, duplicates_sheet_parts

        analyses: dict = {}
        prep = Prepared(frame, analyzer=analyzer, analyses=analyses, thanks=thanks)
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the parent is gone (killed): nobody will read the sheet
                return
        primary = conn.recv()
        dups = prep.finish(primary)
        conn.send(("rows", sum(g is not None for g in dups["duplicate_group"])))  # the sheet's lines: one per member
        # part by part: the parent writes one while the next is built (its groups' shared words found)
        for part in duplicates_sheet_parts(frame, dups, lang=lang, analyzer=analyzer, analyses=analyses,
                                           lines=SHEET_PART_LINES):
            conn.send(("part", part))
        conn.send(("end", None))
    except EOFError:  # the parent ended the run (an error there)
        return
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        try:
            conn.send(("error", exc))
        except (BrokenPipeError, EOFError, ConnectionError):
            return  # the parent is gone: nobody to tell
        except Exception:  # not picklable: its type and text still reach the user
            with contextlib.suppress(OSError):
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def decision_hash(clf) -> str:
    """What a stored row's themes depend on besides its text and taxonomy: the model, and a ``--min-confidence``
    given for the run (a row stored at another threshold is classified again, not reused)."""
    minimum = getattr(clf, "min_confidence", None)
    return clf.model_hash if minimum is None else f"{clf.model_hash}@{minimum:g}"


def _same_taxonomy(run: dict, taxonomy) -> bool:
    """Whether a store's last run sorted with themes ``taxonomy`` has: the same theme ids or more (recorded since
    this version; a theme added to one's taxonomy leaves every stored theme readable), else — a store of an
    earlier version — the same name, or a built-in and a copy of it."""
    from forbattra.taxonomy import builtin_like

    if run.get("taxonomy_ids"):
        return set(run["taxonomy_ids"].split("|")) <= set(taxonomy.ids)
    old = run.get("taxonomy")
    return not old or old == taxonomy.name or old == builtin_like(taxonomy)


def _merge_reused(frame, part, reuse: dict[int, dict]):
    """Classified rows plus rows reused from the store, back in input order."""
    import json

    from forbattra.record import EVIDENCE, SCORES, STATUS, THEMES

    n = len(frame)
    themes, scores, evidence, status = [None] * n, [None] * n, [None] * n, [None] * n
    it = iter(zip(part[THEMES], part[SCORES], part[EVIDENCE], part[STATUS]))
    for i in range(n):
        old = reuse.get(i)
        if old is not None:
            themes[i] = old["themes"].split("|")
            # the store keeps its JSON with sorted keys; a row's dicts follow its themes, as a fresh row's do
            scores[i] = _by_themes(json.loads(old["scores"]), themes[i])
            evidence[i] = _by_themes(json.loads(old["evidence"]), themes[i])
            status[i] = old["status"]
        else:
            themes[i], scores[i], evidence[i], status[i] = next(it)
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence, STATUS: status})


def _by_themes(d: dict, themes: list[str]) -> dict:
    """``d`` with its keys in the order of ``themes`` (any other key after them, as it was)."""
    out = {t: d[t] for t in themes if t in d}
    out.update((k, v) for k, v in d.items() if k not in out)
    return out


STDIN_NAMES = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")


def is_stdin(path: Path) -> bool:
    """``-`` or ``/dev/stdin``: read the export from standard input; so is a pipe named as a file (bash's
    ``<(iconv … export.csv)``, ``/dev/fd/63``; a named FIFO), which has no size and can be read once."""
    if str(path) in STDIN_NAMES:
        return True
    import os
    import stat

    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def spool_stdin(stream=None) -> tuple[Path, Callable[[], None]]:
    """Copy standard input to a private temporary file that the normal readers can open.

    A pipe can be read once and has no size or name; the readers sniff, detect the encoding and may
    read twice, so all bytes are copied first, a block at a time (a pipe of several gigabytes costs disk
    in the temporary folder, not memory). The copy is named for what it holds (:func:`_spooled_suffix`),
    anything but a workbook as delimited text. Returns the file and a function removing it.
    """
    import shutil
    import sys
    import tempfile

    from forbattra.errors import InputFileError

    stream = stream if stream is not None else sys.stdin
    if stream is None:  # (no standard input at all: a job started with it closed, '<&-'; no terminal either)
        raise InputFileError.of("err_stdin_empty")
    if hasattr(stream, "isatty") and stream.isatty():
        raise InputFileError.of("err_stdin_terminal")
    source = getattr(stream, "buffer", stream)
    first = _spool_block(source)
    if not first:
        raise InputFileError.of("err_stdin_empty")
    if report := _piped_report(first):  # read from a file or a folder, where it has a name and a suffix
        raise InputFileError.of("err_stdin_report", suffix=report)
    import os

    from forbattra.outputs.writers import _HOST, clean_stale_folders

    clean_stale_folders(Path(tempfile.gettempdir()), "forbattra-stdin-")
    try:  # named with this process and machine, so a later run can tell when the copy is left over
        folder = Path(tempfile.mkdtemp(prefix=f"forbattra-stdin-{os.getpid()}@{_HOST}."))
    except OSError as exc:  # (no temporary folder at all)
        raise _spool_error(Path(tempfile.gettempdir()), exc) from exc
    path = folder / f"stdin{_spooled_suffix(first)}"
    try:
        _spool_copy(path, first, source)
    except BaseException as exc:
        # a full temporary disk (or an interrupt) leaves no half-written copy of the pipe behind: the caller
        # registers the cleanup only once the copy is made
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _spool_error(folder.parent, exc) from exc
        raise
    return path, lambda: shutil.rmtree(folder, ignore_errors=True)


SPOOL_BLOCK = 1 << 20  # bytes of standard input held at a time while it is copied


def _piped_report(first: bytes) -> str | None:
    """The suffix of a report on standard input by its first bytes (a PDF; a Word document, a zip of ``word/``
    parts; a Writer document, whose first entry names its type), None for an export."""
    if first.startswith(b"%PDF-"):
        return ".pdf"
    if first[:4] != b"PK\x03\x04":
        return None
    if first[30:38] == b"mimetype" and b"opendocument.text" in first[38:120]:
        return ".odt"
    return ".docx" if b"word/document.xml" in first[:1 << 16] and b"xl/workbook" not in first[:1 << 16] else None


def _spooled_suffix(first: bytes) -> str:
    """The suffix of standard input's copy by its first bytes: a Calc workbook (a zip whose first entry, stored as
    ODF requires, names its type) ``.ods``, another zip ``.xlsx``, anything else ``.csv``; the readers then say
    nothing of a suffix the user never gave (*en .ods-arbetsbok trots filändelsen .xlsx*)."""
    if first[:4] != b"PK\x03\x04":
        return ".csv"
    return ".ods" if first[30:38] == b"mimetype" and b"opendocument.spreadsheet" in first[38:120] else ".xlsx"


def _spool_block(source) -> bytes:
    """The next block of ``source`` (a binary stream, or a text one: its text as UTF-8), ``b""`` at the end."""
    block = source.read(SPOOL_BLOCK)
    return block.encode("utf-8") if isinstance(block, str) else block or b""


def _spool_copy(path: Path, first: bytes, source) -> None:
    """Write ``first`` and the rest of ``source`` to ``path``, a block at a time."""
    with open(path, "wb") as fh:
        block = first
        while block:
            fh.write(block)
            block = _spool_block(source)


def _spool_error(folder: Path, exc: OSError):
    """One line for an OS error while copying standard input into ``folder`` (the temporary folder, which
    ``TMPDIR`` chooses): a full disk says so; the user's ``-o`` is not where the fix lies."""
    import errno

    from forbattra.errors import InputFileError

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return InputFileError.of("err_stdin_disk_full", folder=folder)
    return InputFileError.of("err_stdin_spool", folder=folder, reason=exc.strerror or type(exc).__name__)


STREAM_ABOVE_BYTES = 20_000_000  # inputs bigger than this are classified chunk by chunk
STREAM_TASK_ROWS = 5_000  # rows per worker task when streaming


def serialise_chunk(part, clf, fixes: dict, kinds: tuple, lang: str, delimiter: str, header: bool):
    """Classify one chunk and render its output lines: ``(blobs, themes, (empty, no_suggestion))``,
    ``themes`` in the compact form :func:`chunk_themes` expands, ``empty``/``no_suggestion`` the positions in the chunk
    of the rows with that status (few: the summary counts them apart, :func:`chunk_status` expands them).

    ``blobs`` holds the UTF-8 bytes to append to each output (``kinds``: "jsonl"/"csv"), exactly what
    :func:`forbattra.outputs.writers.append_jsonl`/``append_csv`` write. Run in the worker processes,
    so the main process only reads input and writes bytes.
    """
    import io

    from forbattra.outputs.writers import append_csv, append_jsonl, result_table
    from forbattra.record import STATUS, THEMES
    from forbattra.scoring.pipeline import classify_frame

    if not fixes and len(part):
        done = _chunk_from_pairs(part, clf, kinds, lang, delimiter, header)
        if done is not None:
            return done
    out = apply_corrections(classify_frame(part, clf, jobs=1), clf, fixes, lang)
    blobs = []
    table = None
    for kind in kinds:
        buf = io.StringIO(newline="")
        if kind == "jsonl":
            append_jsonl(out, buf)
        else:
            if table is None:
                table = result_table(out, clf.taxonomy, lang=lang)
            append_csv(table, buf, delimiter=delimiter, header=header)
        blobs.append(buf.getvalue().encode("utf-8"))
    return blobs, _combos(out[THEMES].tolist()), _apart_rows(out[STATUS].tolist())


def _apart_rows(status: list) -> tuple[list[int], list[int]]:
    """The positions of the empty rows and of the answers that are no suggestion among a chunk's ``status``."""
    return ([i for i, st in enumerate(status) if st == "empty"],
            [i for i, st in enumerate(status) if st == NO_SUGGESTION])


def chunk_status(apart: tuple[list[int], list[int]], n: int) -> list[str]:
    """Each of a chunk's ``n`` rows' status from :func:`serialise_chunk`'s positions of the rows counted apart."""
    status = ["ok"] * n
    for code, rows in zip(("empty", NO_SUGGESTION), apart):
        for i in rows:
            status[i] = code
    return status


def _combos(per_row) -> tuple[list[tuple], object]:
    """Each row's themes (a sequence per row) as :func:`chunk_themes`'s ``(distinct theme tuples, int32
    index per row)``."""
    import numpy as np

    seen: dict[tuple, int] = {}
    codes = [seen.setdefault(tuple(ts), len(seen)) for ts in per_row]
    return list(seen), np.asarray(codes, dtype=np.int32)


def chunk_themes(themes) -> list[tuple]:
    """The themes of each row of a :func:`serialise_chunk` result, as tuples (rows with the same themes
    share one)."""
    combos, codes = themes
    return list(map(combos.__getitem__, codes.tolist()))


def _chunk_from_pairs(part, clf, kinds: tuple, lang: str, delimiter: str, header: bool):
    """:func:`serialise_chunk` without corrections, rendered from the (row, theme) pairs of
    :meth:`~forbattra.scoring.pipeline.Classifier.classify_pairs` without a dict per row (seventh round);
    ``None`` where the frame needs the general path."""
    import gc

    from forbattra.outputs.writers import csv_from_pairs, jsonl_from_pairs
    from forbattra.record import TEXT

    enabled = gc.isenabled()
    gc.disable()  # only acyclic lists and strings are made here
    try:
        pairs = clf.classify_pairs(part[TEXT].tolist())
        blobs = []
        for kind in kinds:
            text = (jsonl_from_pairs(part, *pairs) if kind == "jsonl" else
                    csv_from_pairs(part, clf.taxonomy, *pairs, lang=lang, delimiter=delimiter, header=header))
            if text is None:
                return None
            blobs.append(text.encode("utf-8"))
        prow, ptheme, status = pairs[0], pairs[1], pairs[4]
        themes = _combos_from_pairs(prow, ptheme, len(status))
    finally:
        if enabled:
            gc.enable()
    return blobs, themes, _apart_rows(status)


def _combos_from_pairs(prow: list, ptheme: list, n: int) -> tuple[list[tuple], object]:
    """Each row's themes (pairs in row order, each row at least once) as :func:`chunk_themes`'s
    ``(distinct theme tuples, index per row)``: a few hundred tuples and an int32 array cross to the
    main process instead of a list per row (twelfth round: ≈ 1 µs per row less to unpickle there).
    A row's themes are coded as digits base (number of distinct themes + 1), its best theme lowest."""
    import numpy as np

    names = sorted(set(ptheme))
    base = len(names) + 1
    k = np.fromiter(map({t: i + 1 for i, t in enumerate(names)}.__getitem__, ptheme), dtype=np.int64,
                    count=len(ptheme))
    rows = np.asarray(prow, dtype=np.int64)
    starts = np.searchsorted(rows, np.arange(n, dtype=np.int64))
    pos = np.arange(len(rows), dtype=np.int64) - starts[rows]
    if len(pos) and (int(pos.max()) + 1) * base.bit_length() > 62:  # no room in 63 bits: by tuples
        per_row: list[list] = [[] for _ in range(n)]
        for r, t in zip(prow, ptheme):
            per_row[r].append(t)
        return _combos(per_row)
    code = np.zeros(n, dtype=np.int64)
    np.add.at(code, rows, k * base ** pos)
    uniq, inv = np.unique(code, return_inverse=True)
    combos = []
    for c in uniq.tolist():
        ts = []
        while c:
            c, d = divmod(c, base)
            ts.append(names[d - 1])
        combos.append(tuple(ts))
    return combos, inv.ravel().astype(np.int32)


def _serialise_in_worker(part, task):
    from forbattra.scoring import pipeline

    return serialise_chunk(part, pipeline.worker_classifier(), *task)


def can_stream(path: Path, opts: ClassifyOptions, *, min_bytes: int | None = None) -> bool:
    """Stream a big delimited file when every output can be appended to (.jsonl/.csv)."""
    from forbattra.inputs.tables import streamable

    from forbattra.scoring.model import has_masked_corrections

    min_bytes = STREAM_ABOVE_BYTES if min_bytes is None else min_bytes
    return (bool(opts.outs) and all(o.suffix.lower() in (".jsonl", ".csv") for o in opts.outs)
            and not opts.store and not opts.redact and path.is_file() and path.stat().st_size >= min_bytes
            # corrections typed into an existing .csv output are carried over by the whole-file path
            and not any(o.suffix.lower() == ".csv" and has_corrections(o, opts.csv_delimiter) for o in opts.outs)
            # so are those a model learnt from a masked workbook: found by masking each text with the names of the
            # whole file (masked_corrections), which a chunk does not know; streamed, they were lost
            and not (opts.model is not None and has_masked_corrections(opts.model))
            and streamable(path))


def has_corrections(target: Path, delimiter: str = ";") -> bool:
    """Whether ``target``, an earlier .csv output, has a filled *Rättat tema* column (what
    :func:`carry_corrections` would carry over). Read row by row with the csv module, nothing kept: a
    nightly run onto last night's million-row output streams unless someone typed a correction in it."""
    import csv

    from forbattra.outputs.writers import CORRECTION_COLUMNS

    if not target.is_file():
        return False
    try:
        with open(target, encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter=delimiter)
            header = next(rows, [])
            k = next((i for i, c in enumerate(header) if c in CORRECTION_COLUMNS), None)
            if k is None:  # a title row above the header, or another delimiter: the whole-file path decides
                fh.seek(0)
                head = fh.read(1 << 16)
                return any(c in head for c in CORRECTION_COLUMNS)
            return any(len(r) > k and r[k].strip() for r in rows)
    except (OSError, UnicodeDecodeError, csv.Error):
        return True  # not readable here: let the whole-file path decide, as before


def run_classify_stream(path: Path, opts: ClassifyOptions, read_opts: dict, *, progress=None,
                        log: Log = _quiet, chunk_rows: int = 20_000, on_read=None) -> ClassifyResult:
    """``classify`` for big delimited files with bounded memory: read, classify and append chunk by chunk.

    The workers are forked once the first chunk is read and its words analysed (they inherit the model
    and those word tables, and are sent each chunk's rows). Outputs are written to temporary files and
    renamed at the end, byte-identical to :func:`run_classify`'s. ``on_read(columns, info)``: called once
    the file's columns are known (to say which column is the text, as the whole-file path does).
    """
    import codecs
    import collections
    import contextlib
    import sys

    import pandas as pd

    from forbattra.outputs.writers import AtomicOutputs, check_outputs
    from forbattra.record import STATUS, THEMES
    from forbattra.scoring.pipeline import build_classifier, default_jobs, open_pool, pool_get, stop_pool, usable_jobs
    from forbattra.i18n import Msg
    from forbattra.record import DATE, GROUP, PERSON, ROW, TEXT
    from forbattra.inputs.tables import UNREAD_DATE_ROWS, ReadAgain, iter_suggestions, month_dates, row_list, unread_dates
    from forbattra.analysis.summary import summaries

    check_outputs(opts.outs, [path], store=opts.store)
    clf = build_classifier(opts.taxonomy, opts.model, min_confidence=opts.min_confidence)
    _log_classifier(clf, log)
    jobs = usable_jobs(opts.jobs if opts.jobs is not None else default_jobs(None))  # (1 where no fork: Windows)
    pools: list = []  # the worker pool, forked once the first chunk is read (see tasks)
    corrections = dict(clf.model_meta.get("corrections_map", {}))
    kinds = tuple("jsonl" if t.suffix.lower() == ".jsonl" else "csv" for t in opts.outs)
    logged: set = set()
    # what the summary needs of every row, gathered as lists (one frame at the end)
    kept: dict[str, list] = {THEMES: [], GROUP: [], PERSON: [], TEXT: [], STATUS: [], "index": []}
    tally = [0, 0, 0]  # rows, empty, no suggestion

    def log_notes(info) -> None:
        for note in info.notes:  # what the reader detected or recovered, as the whole-file path prints it
            if note not in logged:
                logged.add(note)
                log("reader_note", note=note)

    def one_pass(single_pass: bool) -> None:
        """Read, classify and write the whole file once (see :func:`iter_suggestions` on ``single_pass``)."""
        cols, info, chunks = iter_suggestions(path, chunk_rows=chunk_rows, single_pass=single_pass, **read_opts)
        if on_read is not None and single_pass:  # (once: a second pass reads the same columns)
            on_read(cols, info)
        undated: list = [0, None, []]  # date cells that could not be read: count, the first, the first rows
        monthly: list = [0, None, None]  # date cells that give only a month: count, the first, its row
        log_notes(info)
        with AtomicOutputs() as tx, contextlib.ExitStack() as stack:
            handles = []
            for target, kind in zip(opts.outs, kinds):
                fh = stack.enter_context(open(tx.path(target), "wb"))
                if kind == "csv":
                    fh.write(codecs.BOM_UTF8)  # what the "utf-8-sig" text writer puts first
                handles.append(fh)

            def tasks():
                """(chunk, sub-chunk task) pairs: the reading happens here, while workers classify."""
                first = True
                for chunk in chunks:
                    if not pools:
                        # the first chunk's words are analysed here, once, and the workers forked after
                        # inherit those tables (twelfth round: each worker analysed them itself, ≈ 100 µs
                        # per distinct word); they share no other data with this process
                        if jobs > 1:
                            clf.scorer.prepare(chunk[TEXT].tolist())
                            if clf.model is not None:
                                # imported once here, not by every worker on its first chunk (≈ 0.15 CPU-s each)
                                import scipy.sparse  # noqa: F401
                        pools.append(open_pool(clf, jobs))
                    if cols.date is not None:  # unreadable dates, noted at the end as the whole-file reader does
                        n_bad, value, bad_rows = unread_dates(chunk[cols.date].tolist(), chunk[DATE].tolist(),
                                                              cols.date)
                        if n_bad:
                            if not undated[0]:
                                undated[1] = value
                            undated[2] += [info.excel_row(int(chunk[ROW].iloc[r - 1]))
                                           for r in bad_rows[:UNREAD_DATE_ROWS - len(undated[2])]]
                            undated[0] += n_bad
                        n_month, value, row = month_dates(chunk[cols.date].tolist(), chunk[DATE].tolist())
                        if n_month:
                            if not monthly[0]:
                                monthly[1:] = [value, info.excel_row(int(chunk[ROW].iloc[row - 1]))]
                            monthly[0] += n_month
                    fixes = dict(corrections)
                    fixes.update(inline_corrections(Suggestions(chunk, cols, info), clf))
                    for lo in range(0, len(chunk), STREAM_TASK_ROWS):
                        yield (chunk.iloc[lo:lo + STREAM_TASK_ROWS],
                               (fixes, kinds, opts.lang, opts.csv_delimiter, first and lo == 0))
                    first = False

            def handle(part, result) -> None:
                blobs, themes, apart = result
                for fh, blob in zip(handles, blobs):
                    fh.write(blob)
                tally[0] += len(part)
                tally[1] += len(apart[0])
                tally[2] += len(apart[1])
                kept[THEMES].extend(chunk_themes(themes))
                # (each row's status: the summary counts the empty rows and non-answers apart, as the whole file's)
                kept[STATUS].extend(chunk_status(apart, len(part)))
                kept[GROUP].extend(part[GROUP].tolist())
                kept[PERSON].extend(part[PERSON].tolist())
                # examples for the summary come from the first rows
                kept[TEXT].extend(part[TEXT].tolist() if tally[0] <= 50_000 else [""] * len(part))
                kept["index"].extend(part.index.tolist())
                if progress is not None:
                    progress(len(part))

            if jobs <= 1:
                for part, task in tasks():
                    handle(part, serialise_chunk(part, clf, *task))
            else:
                # a bounded window of chunks in flight: workers stay busy, memory stays bounded
                window: collections.deque = collections.deque()
                for part, task in tasks():
                    window.append((part, pools[0].apply_async(_serialise_in_worker, (part, task))))
                    if len(window) > 2 * jobs:
                        p, r = window.popleft()
                        handle(p, pool_get(pools[0], r))  # (a worker killed for memory: an error, not a hang)
                while window:
                    p, r = window.popleft()
                    handle(p, pool_get(pools[0], r))
            if undated[0]:
                from forbattra.inputs.tables import date_fix

                info.notes.append(Msg("note_unread_dates", n=undated[0], column=cols.date, value=undated[1][:40],
                                      rows=row_list(undated[2], undated[0]), fix=date_fix([undated[1]])))
            if monthly[0]:
                info.notes.append(Msg("note_month_dates", n=monthly[0], column=cols.date, value=monthly[1][:40],
                                      row=monthly[2]))
            log_notes(info)  # a single pass finds the notes of later rows as it reads them
            stack.close()  # flush and close every output, then rename them all together
            tx.commit()

    try:
        try:
            one_pass(True)  # the file read once; the columns of its first rows, checked as it is read
        except ReadAgain:
            # a later row filled a column the first rows left empty: the outputs lack it; start again
            # (the temporary outputs are gone), reading the file first for its columns
            if progress is not None:
                progress(-tally[0])
            for values in kept.values():
                values.clear()
            tally[:] = [0, 0, 0]
            one_pass(False)
    finally:
        pool = pools[0] if pools else None
        if pool is not None:
            if sys.exc_info()[0] is not None:
                stop_pool(pool)  # (an interrupt: workers may have died holding a queue's lock; no join)
            else:
                pool.close()
                pool.join()
    n, empty, none = tally
    # object columns, as the whole-file path has them: pandas 3 would infer a string dtype that turns a
    # missing unit into NaN (a crash in the summary) and iterates slowly
    index = kept.pop("index")
    frame = pd.DataFrame(kept, index=index, dtype=object)
    summary, by_group = summaries(frame, clf.taxonomy, lang=opts.lang)
    counts = {"read": n, "classified": n - empty - none, "empty": empty, "no_suggestion": none, "unchanged": 0}
    return ClassifyResult(frame, summary, by_group, counts, clf)
