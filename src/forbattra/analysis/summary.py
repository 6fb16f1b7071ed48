"""Summary tables: themes with breadth (how many units raise them) against volume (how much).

Pure functions over the classified frame (see :mod:`forbattra.scoring.pipeline`).
"""

from __future__ import annotations

import heapq

from forbattra.inputs.tables import GROUP, PERSON, TEXT
from forbattra.taxonomy import Taxonomy

# A theme is "driven by one unit" when one unit writes most of it and few others raise it; it is
# "broad" when many units raise it and none dominates. Thresholds are deliberately simple so an
# analyst can explain them to a committee.
LOUD_SHARE = 0.5
BROAD_MIN_UNITS_SHARE = 0.5

HEADINGS = {
    "sv": {"theme": "Tema", "id": "Tema-id", "count": "Antal", "share": "Andel", "units": "Enheter",
           "people": "Personer", "top_unit": "Största enhet", "top_share": "Andel från största enhet",
           "concentration": "Koncentration (HHI)", "flag": "Bedömning", "examples": "Exempel",
           "loud": "drivs av en enhet", "broad": "brett förankrat", "mixed": "", "primary": "Som huvudtema"},
    "en": {"theme": "Theme", "id": "Theme id", "count": "Count", "share": "Share", "units": "Units",
           "people": "People", "top_unit": "Largest unit", "top_share": "Share from largest unit",
           "concentration": "Concentration (HHI)", "flag": "Assessment", "examples": "Examples",
           "loud": "driven by one unit", "broad": "raised broadly", "mixed": "", "primary": "As primary theme"},
}


def breadth(groups: list[str | None], n_units_total: int) -> dict:
    """Breadth/volume figures for the suggestions of one theme (their unit names)."""
    named = [g for g in groups if g]
    counts: dict[str, int] = {}
    for g in named:
        counts[g] = counts.get(g, 0) + 1
    total = len(named)
    if not total:
        return {"units": 0, "top_unit": None, "top_share": None, "hhi": None, "flag": "mixed"}
    top_unit, top = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    hhi = sum((c / total) ** 2 for c in counts.values())
    top_share = top / total
    if total >= 3 and top_share >= LOUD_SHARE and (len(counts) <= 2 or hhi >= 0.35):
        flag = "loud"
    elif n_units_total >= 2 and len(counts) >= max(2, BROAD_MIN_UNITS_SHARE * n_units_total) and top_share < LOUD_SHARE:
        flag = "broad"
    else:
        flag = "mixed"
    return {"units": len(counts), "top_unit": top_unit, "top_share": round(top_share, 4),
            "hhi": round(hhi, 4), "flag": flag}


def theme_summary(frame, taxonomy: Taxonomy, *, lang: str = "sv", examples: int = 3):
    """One row per theme (taxonomy order): count, share, units, largest unit, HHI, flag, examples."""
    import pandas as pd

    h = HEADINGS[lang]
    n = len(frame)
    has_group = GROUP in frame and frame[GROUP].notna().any()
    has_person = PERSON in frame and frame[PERSON].notna().any()
    units_total = frame[GROUP].dropna().nunique() if has_group else 0
    rows = []
    themes_col = list(frame["themes"]) if n else []
    groups = list(frame[GROUP]) if n and GROUP in frame else [None] * n
    people = list(frame[PERSON]) if n and PERSON in frame else [None] * n
    texts = list(frame[TEXT]) if n else []
    for tid in taxonomy.ids:
        idx = [i for i, ts in enumerate(themes_col) if tid in ts]
        primary = sum(1 for i in idx if themes_col[i][0] == tid)
        row = {h["id"]: tid, h["theme"]: taxonomy.label(tid, lang), h["count"]: len(idx),
               h["primary"]: primary, h["share"]: round(len(idx) / n, 4) if n else 0.0}
        if has_group:
            b = breadth([groups[i] for i in idx], units_total)
            flag = "mixed" if tid == taxonomy.fallback else b["flag"]  # "Övrigt" is no need to assess
            row.update({h["units"]: b["units"], h["top_unit"]: b["top_unit"] or "",
                        h["top_share"]: b["top_share"], h["concentration"]: b["hhi"], h["flag"]: h[flag]})
        if has_person:
            row[h["people"]] = len({people[i] for i in idx if people[i]})
        # top-k, not a full sort: a theme of a million-row file has hundreds of thousands of rows
        ex = heapq.nsmallest(examples, (i for i in idx if texts[i]),
                             key=lambda i: (themes_col[i][0] != tid, -len(texts[i]) if len(texts[i]) < 300 else 0, i))
        row[h["examples"]] = "\n".join(_short(texts[i]) for i in ex)
        rows.append(row)
    return pd.DataFrame(rows)


def theme_by_group(frame, taxonomy: Taxonomy, *, lang: str = "sv"):
    """Crosstab: one row per unit, one column per theme label (counts; multi-label counts each)."""
    import pandas as pd

    if GROUP not in frame or not frame[GROUP].notna().any():
        return None
    units = sorted(frame[GROUP].dropna().unique())
    table = {u: {t: 0 for t in taxonomy.ids} for u in units}
    for g, ts in zip(frame[GROUP], frame["themes"]):
        if g is None:
            continue
        for t in ts:
            table[g][t] += 1
    unit_head = "Enhet" if lang == "sv" else "Unit"
    out = pd.DataFrame([{unit_head: u, **{taxonomy.label(t, lang): table[u][t] for t in taxonomy.ids}} for u in units])
    total_head = "Totalt" if lang == "sv" else "Total"
    out[total_head] = frame.groupby(GROUP).size().reindex(units).to_numpy()
    return out


def _short(text: str, limit: int = 200) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"
