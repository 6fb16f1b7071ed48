"""Regenerate sample_data/ from the development corpus (deterministic).

    python tools/make_sample.py

Writes sample_data/forslag.xlsx (a report-style export: title rows above the header, an info sheet
first, the data on the second sheet), sample_data/forslag.csv (the same rows as Swedish Excel's
"CSV (semikolonavgränsad)": Windows-1252, ';') and sample_data/markt.csv (120 labelled suggestions
for `forbattra evaluate` / `forbattra train`).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data"
FIRST = ["Anna", "Erik", "Maria", "Johan", "Sara", "Ali", "Lena", "Mohammed", "Karin", "Per", "Fatima", "Lars"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Hassan", "Larsson", "Olsson", "Persson"]


def main() -> None:
    rng = random.Random(20261122)
    files = sorted((ROOT / "corpus" / "dev").glob("*.csv"))
    df = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)
    df = df[df["text"].map(lambda t: t.encode("cp1252", "ignore").decode("cp1252") == t)]
    picked = df.sample(n=360, random_state=7).reset_index(drop=True)
    start = date(2025, 9, 1)
    rows = []
    for i, r in picked.iterrows():
        d = start + timedelta(days=rng.randrange(0, 420))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.6 else ""
        text = r["text"]
        if i in (5, 77):
            text = ""  # people do submit empty forms
        if i == 12:
            text += f" Ring mig gärna, {name or 'Anna'} 070-123 45 67."
        rows.append({"Förslags-ID": f"F-{1000 + i}", "Inskickat": d.isoformat(), "Förvaltning": _forv(r["sektor"]),
                     "Enhet": r["enhet"], "Namn": name, "Beskriv ditt förslag": text})
    with xlsxwriter.Workbook(OUT / "forslag.xlsx", {"strings_to_formulas": False}) as wb:
        wb.set_properties({"title": "Förbättringsförslag", "created": __import__("datetime").datetime(2026, 11, 1)})
        info = wb.add_worksheet("Om exporten")
        info.write_string(0, 0, "Export från e-tjänsten Förbättringsförslag, 2026-11-01. Data finns på bladet Förslag.")
        ws = wb.add_worksheet("Förslag")
        bold = wb.add_format({"bold": True})
        ws.merge_range(0, 0, 0, 5, "Förbättringsförslag – alla förvaltningar", bold)
        ws.write_string(1, 0, "Period: 2025-09-01 – 2026-10-31")
        header = list(rows[0])
        for j, h in enumerate(header):
            ws.write_string(3, j, h, bold)
        for i, row in enumerate(rows, start=4):
            for j, h in enumerate(header):
                ws.write_string(i, j, row[h])
    with open(OUT / "forslag.csv", "w", encoding="cp1252", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, delimiter=";", lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    rest = df.drop(picked.index, errors="ignore").sample(n=120, random_state=11)
    rest[["id", "enhet", "text", "teman"]].to_csv(OUT / "markt.csv", sep=";", index=False, encoding="utf-8")
    print("wrote", OUT)


def _forv(sektor: str) -> str:
    return {"ifo": "Socialförvaltningen", "aldreomsorg": "Vård- och omsorgsförvaltningen",
            "halsa": "Vård- och omsorgsförvaltningen", "funktionsstod": "Socialförvaltningen",
            "skola": "Utbildningsförvaltningen", "arbetsmarknad": "Arbetsmarknadsförvaltningen",
            "kultur_fritid": "Kultur- och fritidsförvaltningen", "central": "Kommunledningsförvaltningen"}.get(sektor, "Övrigt")


if __name__ == "__main__":
    main()
