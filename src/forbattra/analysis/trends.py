"""Themes over time from the history store: the ``trends`` job."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class TrendsReport:
    """Theme counts per period, and what the last run added or changed."""

    table: Any  # DataFrame: "Period" + one column per theme label
    last_run: dict | None = None
    new_total: int = 0
    new_counts: dict[str, int] = field(default_factory=dict)  # theme id → suggestions new or changed in the last run
    new_apart: dict[str, int] = field(default_factory=dict)  # of those, the rows counted apart (store.NOT_SUGGESTIONS)
    taxonomy: Any = None  # the taxonomy counted with
    empty: bool = False  # the store holds no run yet
    forgotten_runs: int = 0  # empty: the runs recorded whose suggestions 'forget' erased, every one of them
    older_model: int = 0  # stored suggestions sorted by another model than the latest run's (not in an export since)
    total: int = 0  # stored suggestions (not counting empty rows and non-suggestions: older_model's whole)
    corrected: int = 0  # stored suggestions counted with the themes a person corrected them to (Rättat tema)
    not_in_export: tuple | None = None  # Store.not_in_latest_export: stored suggestions the latest export lacked
    display: str = ""  # the store as it may be printed: a link's password masked
    total_rows: list[str] = field(default_factory=list)  # ids of an earlier version's stored total rows ("Summa")



def trends_notes(report: TrendsReport) -> list[tuple[str, str, dict]]:
    """What the terminal says of ``report``'s figures beside its table, as ``(level, key, fields)`` ("warning" or
    "info", a message key and its fields): stored suggestions the latest export lacked, an earlier version's total
    rows, suggestions counted with a corrected theme, periods that mix two models' sorting. ``trends`` prints them,
    and its workbook holds them (*Att tänka på*): a committee reading the file alone reads the same caveats."""
    import shlex

    notes: list[tuple[str, str, dict]] = []
    if report.not_in_export is not None:
        notes.append(("warning", report.not_in_export[0], {"path": report.display, **report.not_in_export[1]}))
    if report.total_rows:
        notes.append(("warning", "store_total_rows", {"path": report.display, "n": len(report.total_rows),
                                                      "ids": shlex.join(report.total_rows)}))
    if report.corrected:
        notes.append(("info", "store_corrected", {"path": report.display, "n": report.corrected}))
    if report.older_model:
        notes.append(("warning", "trends_older_model", {"n": report.older_model, "total": report.total}))
    return notes


def notes_sheet(notes: list[tuple[str, str, dict]], lang: str = "sv"):
    """The workbook's *Att tänka på* sheet (``lang``) of :func:`trends_notes`: one line each, as the terminal says
    it (a warning named so); None where there are none."""
    import pandas as pd

    from forbattra.i18n import t

    if not notes:
        return None
    warning = t("prefix_warning", lang)
    return pd.DataFrame([((warning if level == "warning" else "") + t(key, lang, **fields),)
                         for level, key, fields in notes], columns=[NOTES_SHEET[lang]])


NOTES_SHEET = {"sv": "Att tänka på", "en": "Bear in mind"}  # (the sheet's name and its column's)


# the zone a run's time is shown in: the municipalities' own, whatever zone the machine that shows it runs in (a
# server in UTC), so the same store prints the same line everywhere; named beside the time (CET, CEST)
SHOWN_ZONE = "Europe/Stockholm"


def run_time(stamp: str | None) -> str:
    """A run's start as the store holds it (ISO 8601 with the offset where it ran: ``2026-12-07T13:42:31+00:00``)
    as a Swedish reader reads it: in Swedish time, to the minute, the zone named (``2026-12-07 14:42 CET``; in
    summer ``CEST``). A time without an offset (written so by hand, or by another tool) is shown as it is stored,
    to the minute, naming no zone; one that is no time at all, as it is."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    if when.tzinfo is None:
        return f"{when:%Y-%m-%d %H:%M}"
    try:
        when = when.astimezone(ZoneInfo(SHOWN_ZONE))
    except ZoneInfoNotFoundError:  # (no time zone data: neither the system's nor the tzdata package's)
        return f"{when:%Y-%m-%d %H:%M} UTC{when:%z}"
    return f"{when:%Y-%m-%d %H:%M} {when.tzname()}"


def stored_taxonomy(run: dict | None, *, source: str = ""):
    """The taxonomy a store's run (a row of ``runs``) classified with: the YAML file it recorded (one's own,
    or a model folder's) while it is still there, a built-in one by name, a built-in one that has every
    theme id the run had (runs of versions that recorded no file); else ``standard``. A recorded file that is
    gone is a :class:`~forbattra.errors.ConfigError` naming it (``source``: the store as it may be printed):
    a built-in taxonomy that happens to have its ids would count one's own themes under other labels."""
    from forbattra.taxonomy import BUILTIN, load_taxonomy, taxonomy_of_ids

    run = run or {}
    name, src = run.get("taxonomy"), run.get("taxonomy_source")
    if src and Path(src).is_file():  # (first: one's own taxonomy may be named "standard")
        return load_taxonomy(src)
    if src:  # one's own taxonomy (or a model folder's), moved or deleted since: not guessed
        from forbattra.errors import ConfigError

        raise ConfigError.of("err_store_taxonomy_gone", source=source, name=name or "?", path=src)
    if name in BUILTIN:
        return load_taxonomy(name)
    if name and Path(name).is_file():
        return load_taxonomy(name)
    return taxonomy_of_ids(set(filter(None, (run.get("taxonomy_ids") or "").split("|")))) or load_taxonomy("standard")


def trends_labels(store: str, taxonomy=None) -> set[str]:
    """The theme labels (Swedish and English) trends' table at ``store`` has columns of: ``taxonomy``'s, and those
    of the taxonomies its latest runs classified with — what an earlier ``trends -o x.csv`` is known by before it
    is replaced (``writers.check_outputs``). Nothing from a store not there or not readable (the report says so)."""
    from forbattra.errors import ForbattraError
    from forbattra.store import open_to_read

    taxonomies = [taxonomy] if taxonomy is not None else []
    if "://" in store or Path(store).is_file():
        try:
            st = open_to_read(store)  # (None: no run yet; nothing written into it)
            taxonomies += [stored_taxonomy(run) for run in st.last_runs(2)] if st is not None else []
        except ForbattraError:
            pass
    return {tax.label(t, lang) for tax in taxonomies for t in tax.ids for lang in ("sv", "en")}


def trends_report(store: str, taxonomy=None, *, period: str = "month", lang: str = "sv") -> TrendsReport:
    """Read the store at ``store`` (SQLite path or database URL) and count themes per ``period``.

    ``taxonomy`` None: the one the store's latest run classified with (:func:`stored_taxonomy`). Themes in the store that the taxonomy lacks are refused
    (:class:`~forbattra.errors.ConfigError`): counted under another taxonomy they would read as zeros.
    An empty store (no run yet, or a file created ahead of the first nightly run) gives an empty table."""
    import pandas as pd

    from forbattra.errors import StoreError
    from forbattra.store import (CORRECTED, NOT_SUGGESTIONS, check_location, display_location, open_to_read,
                                 stored_total_rows, trends)
    check_location(store)  # (a link without postgresql://: not "no such store" naming its password)
    display = display_location(store)  # (every line that names the store: never its password)
    if "://" not in store and not Path(store).exists():
        raise StoreError.of("err_no_store_create", path=store)
    st = open_to_read(store)  # (None: no run yet, left as it is: reading writes no schema; a folder: err_store_is_dir)
    runs = st.last_runs(2) if st is not None else []
    if taxonomy is None:
        taxonomy = stored_taxonomy(runs[0] if runs else None, source=display)
    # a theme labelled as the period column would be that column: its counts written over the months
    clash = [t for t in taxonomy.ids if taxonomy.label(t, lang) == "Period"]
    if clash:
        from forbattra.errors import ConfigError

        raise ConfigError.of("err_trends_period_label", source=display, id=clash[0], label="Period",
                             taxonomy=taxonomy.name)
    # (one labelled as a column of the rows counted apart, 'Tomma': that column is named longer, 'Tomma rader', as
    # classify's and report's tables name it)
    frame = st.frame() if st is not None and runs else None
    if frame is None or not len(frame):  # no run yet, or runs of empty exports
        from forbattra.analysis.summary import apart_labels
        from forbattra.store import trends_columns

        head = ["Period", *trends_columns(taxonomy, lang).values()] + [taxonomy.label(t, lang) for t in taxonomy.ids] \
            + list(apart_labels(taxonomy, lang).values())
        # (runs that read rows, their suggestions all erased since: said so, not "no suggestions yet")
        forgotten = st.runs_read() if st is not None and runs else (0, 0)
        return TrendsReport(table=pd.DataFrame(columns=head), taxonomy=taxonomy, empty=True, display=display,
                            forgotten_runs=forgotten[0] if forgotten[1] else 0)
    from forbattra.outputs.report.data import check_themes

    check_themes(frame, taxonomy, source=display)
    report = TrendsReport(table=trends(frame, taxonomy, period=period, lang=lang), taxonomy=taxonomy, display=display)
    last = runs[0]
    new = frame[frame["updated_run"] == last["run_id"]]
    counts: dict[str, int] = {}
    apart_counts: dict[str, int] = {}
    for ts, status in zip(new["themes"], new["status"]):
        if status in NOT_SUGGESTIONS:  # (as the table counts them: apart, not in the fallback theme)
            apart_counts[status] = apart_counts.get(status, 0) + 1
            continue
        for th in ts:
            counts[th] = counts.get(th, 0) + 1
    report.last_run, report.new_total, report.new_counts = last, len(new), counts
    report.new_apart = apart_counts
    # of the suggestions: an empty row or an answer that is no suggestion is sorted alike by every model (the
    # fallback), so one the latest export no longer holds mixes nothing
    suggestion = [st not in NOT_SUGGESTIONS for st in frame["status"]]
    if last.get("model_hash") and "model_hash" in frame:  # a model retrained between runs of a rolling export
        report.older_model = int(sum(ok and h is not None and h != last["model_hash"]
                                     for h, ok in zip(frame["model_hash"], suggestion)))
    report.total = sum(suggestion)
    report.corrected = int(frame[CORRECTED].sum()) if CORRECTED in frame else 0
    report.not_in_export = st.not_in_latest_export(frame) if st is not None else None
    report.total_rows = stored_total_rows(frame)
    return report
