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


def trends_report(store: str, taxonomy, *, period: str = "month", lang: str = "sv") -> TrendsReport:
    """Read the store at ``store`` (SQLite path or database URL) and count themes per ``period``."""
    from forbattra.errors import StoreError
    from forbattra.store import Store, trends

    if "://" not in store and not Path(store).is_file():
        raise StoreError.of("err_no_store_create", path=store)
    st = Store(store)
    frame = st.frame()
    report = TrendsReport(table=trends(frame, taxonomy, period=period, lang=lang))
    runs = st.last_runs(2)
    if runs:
        last = runs[0]
        new = frame[frame["updated_run"] == last["run_id"]]
        counts: dict[str, int] = {}
        for ts in new["themes"]:
            for th in ts:
                counts[th] = counts.get(th, 0) + 1
        report.last_run, report.new_total, report.new_counts = last, len(new), counts
    return report
