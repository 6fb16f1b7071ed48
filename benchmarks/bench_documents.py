"""Benchmark forbattra.inputs.documents.extract_proposals on a generated 300-page PDF.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_documents.py [--pages 300] [--repeat 3]

The PDF (made with fpdf2, a test extra) has a running header and footer, page numbers, a heading per
working group, a "Förslag" sub-heading and numbered proposals, some wrapped over two lines. The script
prints the best of ``--repeat`` timings (time.perf_counter) as pages per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from forbattra.inputs.documents import extract_proposals

WORDS = (
    "personal brukare rutiner schema vikarier introduktion handledning dokumentation verksamhetssystem "
    "lokaler ventilation samverkan uppföljning kompetensutveckling arbetsmiljö planering checklista "
    "kommunikation ledning beslut digitala verktyg telefoner möten information ansvar tid stöd"
).split()


def make_pdf(path: Path, pages: int, seed: int = 20240) -> int:
    """Write a ``pages``-page report to ``path``; return the number of proposals in it."""
    rng = random.Random(seed)
    pdf = FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    count = 0
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, "Socialförvaltningen – Förbättringsförslag 2024")
        pdf.set_xy(20, 286)
        pdf.cell(170, 5, f"Sida {page} av {pages}", align="C")
        pdf.set_font("Helvetica", "B", 14)
        pdf.set_xy(20, 22)
        pdf.cell(170, 8, f"Arbetsgrupp {page}")
        pdf.set_font("Helvetica", "B", 12)
        pdf.set_xy(20, 32)
        pdf.cell(170, 8, "Förslag")
        pdf.set_font("Helvetica", "", 11)
        y = 44.0
        for number in range(1, 9):
            n_words = rng.randint(8, 30)
            text = " ".join(rng.choice(WORDS) for _ in range(n_words)).capitalize() + "."
            pdf.set_xy(20, y)
            pdf.multi_cell(170, 6, f"{number}. {text}")
            y = pdf.get_y() + 3
            count += 1
            if y > 260:
                break
    pdf.output(str(path))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.pdf"
        expected = make_pdf(path, args.pages)
        timings = []
        rows = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            frame = extract_proposals(path)
            timings.append(time.perf_counter() - start)
            rows = len(frame)
    best = min(timings)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"extract_proposals: {args.pages} pages, {rows} proposals ({expected} written), "
        f"best of {args.repeat}: {best:.2f} s = {args.pages / best:.0f} pages/s"
    )
    return 0 if rows == expected else 1


if __name__ == "__main__":
    sys.exit(main())
