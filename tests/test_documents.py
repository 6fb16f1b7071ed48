"""Tests for forbattra.inputs.documents: reading long documents and splitting them into proposals."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import docx  # python-docx (runtime dependency)
import fpdf  # fpdf2 (test extra): builds the PDF fixtures
import pandas as pd
import pypdf
import pytest

from forbattra.inputs.documents import (
    COLUMNS,
    DOCUMENT_SUFFIXES,
    extract_many,
    extract_proposals,
    is_generic_heading,
    looks_like_table,
)
from forbattra.errors import InputFileError

# --------------------------------------------------------------------------------------------------------
# Fixture builders
# --------------------------------------------------------------------------------------------------------

PDF_HEADER = "Socialförvaltningen – Förbättringsarbete 2024"
PDF_FOOTER = "Individ- och familjeomsorgen, rapport 2024"


def _new_pdf():
    pdf = fpdf.FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"  # å, ä, ö and – with the built-in Helvetica
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    return pdf

def _proposal_page(body: int = 11):
    """A PDF with a page begun: the heading "Förslag" (bold, 16 pt, at the top), then the body font (``body`` pt)
    set for the lines a test writes below it."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 25)
    pdf.cell(170, 8, "Förslag")
    pdf.set_font("Helvetica", "", body)
    return pdf



def make_pdf(path: Path) -> Path:
    """A 3-page report: running header and footer, page numbers, a table of contents page, a heading
    "Förslag" with a numbered list (an item wrapped over two lines, a hyphenated word, an item crossing
    the page break) and a two-column part where an item continues from the left into the right column."""
    pdf = _new_pdf()
    total = 3

    def new_page(n: int) -> None:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, PDF_HEADER)
        pdf.set_xy(20, 280)
        pdf.cell(170, 5, PDF_FOOTER)
        pdf.set_xy(20, 286)
        pdf.cell(170, 5, f"Sida {n} av {total}", align="C")

    def heading(text: str, size: int, y: float) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.set_xy(20, y)
        pdf.cell(170, 10, text)

    def para(text: str, x: float, y: float, w: float = 170) -> float:
        pdf.set_font("Helvetica", "", 11)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, 6, text)
        return pdf.get_y()

    def lines(x: float, y: float, texts: list[str]) -> None:
        pdf.set_font("Helvetica", "", 11)
        for k, text in enumerate(texts):
            pdf.set_xy(x, y + 6 * k)
            pdf.cell(80, 6, text)

    # Page 1: title and table of contents.
    new_page(1)
    heading("Förbättringsförslag – IFO", 20, 30)
    heading("Innehållsförteckning", 14, 50)
    pdf.set_font("Helvetica", "", 11)
    for k, (title, page) in enumerate([("Bakgrund", 2), ("Förslag", 2), ("Övriga synpunkter", 3)]):
        pdf.set_xy(20, 64 + 7 * k)
        pdf.cell(170, 6, title + " " + "." * (70 - len(title)) + f" {page}")

    # Page 2: background prose, then "Förslag" with a numbered list.
    new_page(2)
    heading("Bakgrund", 14, 25)
    y = para(
        "Under hösten samlades medarbetare från alla enheter i arbetsgrupper för att diskutera hur "
        "vardagen kan bli bättre för både brukare och personal. Här är resultatet.",
        20,
        37,
    )
    heading("Förslag", 14, y + 6)
    y = para(
        "1. Inför en gemensam introduktion för alla nyanställda på enheten, med en fadder under de "
        "första veckorna och en tydlig checklista.",
        20,
        y + 18,
    )
    lines(20, y + 3, ["2. Ge oss mer tid för kompetens-", "utveckling inom motiverande samtal."])
    lines(20, 262, ["3. Skapa ett gemensamt forum där vi kan dela erfarenheter mellan"])

    # Page 3: the end of item 3, then two columns; item 4 runs from the left into the right column.
    new_page(3)
    lines(20, 25, ["enheterna varje månad."])
    lines(
        20,
        40,
        [
            "4. Ta fram en gemensam mall för",
            "genomförandeplaner så att alla",
            "enheter arbetar på samma sätt och",
            "brukarna känner igen sig när de",
        ],
    )
    lines(
        110,
        40,
        [
            "byter handläggare under",
            "utredningen.",
            "5. Inför digital signering av",
            "beslut i verksamhetssystemet.",
        ],
    )
    heading("Övriga synpunkter", 14, 75)
    para("Tack för att vi fick vara med och tycka till om verksamheten.", 20, 87)
    pdf.output(str(path))
    return path


PDF_PROPOSALS = [
    "Inför en gemensam introduktion för alla nyanställda på enheten, med en fadder under de första "
    "veckorna och en tydlig checklista.",
    "Ge oss mer tid för kompetensutveckling inom motiverande samtal.",
    "Skapa ett gemensamt forum där vi kan dela erfarenheter mellan enheterna varje månad.",
    "Ta fram en gemensam mall för genomförandeplaner så att alla enheter arbetar på samma sätt och "
    "brukarna känner igen sig när de byter handläggare under utredningen.",
    "Inför digital signering av beslut i verksamhetssystemet.",
]


def make_docx(path: Path) -> Path:
    """Title, headings, a numbered and a bulleted list, a bold-only group heading, a table, header/footer."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Socialförvaltningen – internt arbetsmaterial i header"
    section.footer.paragraphs[0].text = "Sidfot: Förslagen gäller verksamhetsåret 2024"
    document.add_heading("Förbättringsförslag 2024", level=0)
    document.add_heading("Bakgrund", level=1)
    document.add_paragraph("Arbetsgrupperna har träffats fyra gånger under våren och diskuterat vardagen.")
    document.add_heading("Förslag", level=1)
    document.add_heading("Arbetsgrupp Hemtjänst", level=2)
    document.add_paragraph(
        "Inför fasta scheman för helgpersonal så att brukarna möter färre personer.", style="List Number"
    )
    document.add_paragraph(
        "Ge alla medarbetare en surfplatta för dokumentation ute hos brukaren.", style="List Number"
    )
    document.add_paragraph("Mer tid för överlämning mellan passen.", style="List Bullet")
    document.add_paragraph("Fika", style="List Bullet")
    document.add_paragraph().add_run("Arbetsgrupp IT").bold = True
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in zip(
        table.rows,
        [
            ("Förslag", "Ansvarig"),
            ("Byt ut de gamla skrivarna på kontoret", "IT-enheten"),
            ("Inför tvåfaktorsinloggning via mobilen", "IT-enheten"),
        ],
    ):
        row.cells[0].text, row.cells[1].text = a, b
    document.add_heading("Övrigt", level=1)
    document.add_paragraph("Tack för ett bra samarbete under året, vi ser fram emot nästa år!")
    document.save(str(path))
    return path


MARKDOWN = """\
---
title: Förslag från APT
---

# Förbättringsförslag från APT

## Innehåll

- [Barn och unga](#barn-och-unga)
- [Vuxen](#vuxen)

## Barn och unga

Vi har diskuterat förslagen på tre arbetsplatsträffar under våren.

1. Inför gemensamma rutiner för orosanmälningar så att alla
   handläggare gör likadant.
2) Fler familjebehandlare behövs för att korta väntetiderna.

## Vuxen

- Bättre IT-stöd:
  - nya datorer till alla handläggare
  - snabbare wifi i mötesrummen
* **Mer handledning** för nya medarbetare, gärna varannan vecka.
- OK

| Förslag | Ansvar |
|---|---|
| Ses oftare över enhetsgränserna | Chefsgruppen |
"""

PROSE = """\
Förslag från personalgruppen på Solgården

Vi vill ha fler vikarier på helgerna; i dag går vi ofta kort och det
påverkar både brukarna och oss.

Personalrummet behöver nya möbler och bättre ventilation.

- 2 -
"""


def _texts(frame: pd.DataFrame) -> list[str]:
    return frame["förslag"].tolist()


@pytest.fixture()
def pdf_file(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "plan.pdf")


@pytest.fixture()
def docx_file(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "grupper.docx")


@pytest.fixture()
def md_file(tmp_path: Path) -> Path:
    path = tmp_path / "apt.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------------


def test_pdf_auto_extracts_the_numbered_list_under_forslag(pdf_file: Path) -> None:
    frame = extract_proposals(pdf_file)
    assert list(frame.columns) == list(COLUMNS)
    assert _texts(frame) == PDF_PROPOSALS
    assert frame["id"].tolist() == [
        "plan.pdf#p2-1",
        "plan.pdf#p2-2",
        "plan.pdf#p2-3",
        "plan.pdf#p3-4",
        "plan.pdf#p3-5",
    ]
    assert frame["fil"].tolist() == ["plan.pdf"] * 5
    assert frame["sida"].tolist() == [2, 2, 2, 3, 3]  # item 3 starts on page 2 and ends on page 3
    assert frame["rubrik"].tolist() == ["Förslag"] * 5
    # Paragraphs: title, TOC title + 3 entries, Bakgrund, its paragraph, Förslag, then the items.
    assert frame["stycke"].tolist() == [9, 10, 11, 12, 13]
    assert str(frame["sida"].dtype) == "Int64"


def test_pdf_drops_headers_footers_page_numbers_and_toc(pdf_file: Path) -> None:
    frame = extract_proposals(pdf_file, split="paragraph", min_length=0)
    joined = "\n".join(_texts(frame))
    for furniture in (PDF_HEADER, PDF_FOOTER, "Sida 2 av 3", "Innehållsförteckning", "....."):
        assert furniture not in joined
    assert _texts(frame) == [
        "Under hösten samlades medarbetare från alla enheter i arbetsgrupper för att diskutera hur "
        "vardagen kan bli bättre för både brukare och personal. Här är resultatet.",
        *PDF_PROPOSALS,
        "Tack för att vi fick vara med och tycka till om verksamheten.",
    ]
    assert frame["rubrik"].tolist() == ["Bakgrund"] + ["Förslag"] * 5 + ["Övriga synpunkter"]


@pytest.mark.parametrize("style", ["B", "larger"])
def test_pdf_headings_at_the_same_place_on_every_page_are_no_running_header(tmp_path: Path, style: str) -> None:
    """A page per working group, each laid out alike: the group's name, "Förslag" and its proposals (paragraphs),
    "Övrigt" and a word of thanks. "Förslag" and "Övrigt" stand at the same height on every page, as a running
    header does, but in the page's body and as headings: only what stands under "Förslag" is read."""
    groups = ["Hemtjänst", "Skola", "Kultur", "Fritid"]
    pdf = _new_pdf()
    for n, group in enumerate(groups, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(20, 25)
        pdf.cell(170, 8, f"Arbetsgrupp {n} – {group}")
        for y, kind, text in [(38, "h", "Förslag"),
                              (48, "p", f"Vi föreslår fler vikarier på helgerna inom {group.lower()} så att ingen går ensam."),
                              (60, "p", f"Vi föreslår mer tid för reflektion efter svåra ärenden inom {group.lower()}."),
                              (74, "h", "Övrigt"), (84, "p", f"Tack till alla i {group.lower()} som deltog.")]:
            pdf.set_font("Helvetica", *(("B", 11) if style == "B" else ("B", 13)) if kind == "h" else ("", 11))
            pdf.set_xy(20, y)
            pdf.cell(170, 6, text)
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 286)
        pdf.cell(170, 5, f"Sida {n} av 4", align="C")
    path = tmp_path / f"grupper_{style}.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [text for group in groups for text in
                             [f"Vi föreslår fler vikarier på helgerna inom {group.lower()} så att ingen går ensam.",
                              f"Vi föreslår mer tid för reflektion efter svåra ärenden inom {group.lower()}."]]
    assert frame["rubrik"].tolist()[::2] == [f"Arbetsgrupp {n} – {group}" for n, group in enumerate(groups, start=1)]


def test_pdf_list_mode_equals_auto_here(pdf_file: Path) -> None:
    assert _texts(extract_proposals(pdf_file, split="list")) == PDF_PROPOSALS


def test_pdf_interleaved_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    left = ["1. Ordna en gemensam", "kalender för alla", "aktiviteter på boendet.", "2. Köp in fler"]
    right = ["hjälpmedel till", "badrummen på avdelning", "B och C.", "3. Fler vikarier i juli."]
    for k, (a, b) in enumerate(zip(left, right)):  # written line by line across the columns
        pdf.set_xy(20, 40 + 6 * k)
        pdf.cell(80, 6, a)
        pdf.set_xy(110, 40 + 6 * k)
        pdf.cell(80, 6, b)
    path = tmp_path / "kolumner.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "Ordna en gemensam kalender för alla aktiviteter på boendet.",
        "Köp in fler hjälpmedel till badrummen på avdelning B och C.",
        "Fler vikarier i juli.",
    ]


def test_pdf_interleaved_two_columns_then_a_full_width_part_keep_their_groups(tmp_path: Path) -> None:
    """Two columns written line by line across the page, then a full-width heading and proposals below them: the
    right column is read before the part below, so its proposals stay with the group above them."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 20)
    pdf.cell(170, 8, "Arbetsgrupp 1 – Hemtjänst")
    pdf.set_font("Helvetica", "", 11)
    left = ["1. Inför fler vikarier i", "hemtjänsten på helgerna.", "2. Bättre introduktion för", "nyanställda på enheten."]
    right = ["3. Nya telefoner till alla", "i nattpatrullen.", "4. Mer tid för reflektion", "efter svåra ärenden."]
    for k, (a, b) in enumerate(zip(left, right)):
        pdf.set_xy(20, 35 + 7 * k)
        pdf.cell(80, 6, a)
        pdf.set_xy(110, 35 + 7 * k)
        pdf.cell(80, 6, b)
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 80)
    pdf.cell(170, 8, "Arbetsgrupp 2 – Skola")
    pdf.set_font("Helvetica", "", 11)
    for k, text in enumerate(["1. Bättre ventilation i klassrummen på Lyckebyskolan och Rödebyskolan.",
                              "2. Fler lärarassistenter i de yngre årskurserna under hela läsåret."]):
        pdf.set_xy(20, 95 + 7 * k)
        pdf.cell(170, 6, text)
    path = tmp_path / "kolumner_och_helbredd.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert list(zip(frame["rubrik"], frame["förslag"])) == [
        ("Arbetsgrupp 1 – Hemtjänst", "Inför fler vikarier i hemtjänsten på helgerna."),
        ("Arbetsgrupp 1 – Hemtjänst", "Bättre introduktion för nyanställda på enheten."),
        ("Arbetsgrupp 1 – Hemtjänst", "Nya telefoner till alla i nattpatrullen."),
        ("Arbetsgrupp 1 – Hemtjänst", "Mer tid för reflektion efter svåra ärenden."),
        ("Arbetsgrupp 2 – Skola", "Bättre ventilation i klassrummen på Lyckebyskolan och Rödebyskolan."),
        ("Arbetsgrupp 2 – Skola", "Fler lärarassistenter i de yngre årskurserna under hela läsåret."),
    ]


def test_pdf_hyphen_at_a_line_end_is_undone_but_a_one_letter_word_keeps_its_own(tmp_path: Path) -> None:
    """"kompetens-" + "utveckling" is one word broken by the line; "a-" + "kassan", "e-" + "tjänster" are words
    spelt with a hyphen (a-kassa, e-tjänst, p-plats) that the line happened to break there."""
    pdf = _proposal_page()
    lines = ["1. Mer tid för kompetens-", "utveckling och handledning i arbetsgruppen.",
             "2. Samarbeta med a-", "kassan och Arbetsförmedlingen kring praktikplatser.",
             "3. Fler e-", "tjänster och p-", "platser vid stadshuset för besökare."]
    for k, text in enumerate(lines):
        pdf.set_xy(20, 40 + 6 * k)
        pdf.cell(170, 6, text)
    path = tmp_path / "bindestreck.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "Mer tid för kompetensutveckling och handledning i arbetsgruppen.",
        "Samarbeta med a-kassan och Arbetsförmedlingen kring praktikplatser.",
        "Fler e-tjänster och p-platser vid stadshuset för besökare.",
    ]


def test_pdf_att_satser_are_one_proposal_each(tmp_path: Path) -> None:
    pdf = _proposal_page()
    for y, text in [(40, "Arbetsgruppen föreslår"),
                    (49, "att kommunen inför en gemensam introduktion för alla vikarier i äldreomsorgen så"),
                    (55, "att de känner till rutinerna från första dagen, samt"),  # (a wrapped line: the same clause)
                    (64, "att schemat läggs så att brukarna möter färre personal.")]:
        pdf.set_xy(20, y)
        pdf.cell(170, 6, text)
    path = tmp_path / "attsatser.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "att kommunen inför en gemensam introduktion för alla vikarier i äldreomsorgen så att de känner till "
        "rutinerna från första dagen, samt",
        "att schemat läggs så att brukarna möter färre personal.",
    ]


def test_pdf_one_page_one_line_paragraphs_and_a_footer(tmp_path: Path) -> None:
    """Three one-line proposals with a blank line between (every line gap measured is a paragraph break)
    and a one-page report's address footer in a small font: three proposals, no footer."""
    pdf = _proposal_page()
    texts = ["Vi föreslår att fakturor attesteras digitalt i hela förvaltningen.",
             "Vi föreslår att budgetuppföljningen görs månadsvis på varje enhet.",
             "Vi föreslår att inköp samordnas centralt för att få bättre priser."]
    for k, text in enumerate(texts):
        pdf.set_xy(20, 40 + 12 * k)
        pdf.cell(170, 6, text)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(20, 280)
    pdf.cell(170, 5, "Karlskrona kommun, 371 83 Karlskrona, www.karlskrona.se")
    path = tmp_path / "en_sida.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == texts


def test_pdf_item_over_a_page_break_past_a_footnote_stays_whole(tmp_path: Path) -> None:
    pdf = _proposal_page()
    for k, text in enumerate(["1. Inför nyckelfria lås i hela hemtjänsten så att personalen slipper",
                              "hämta nycklar på kontoret varje morgon.¹"]):
        pdf.set_xy(20 + 5 * k, 40 + 6 * k)
        pdf.cell(170, 6, text)
    pdf.set_xy(20, 240)
    pdf.cell(170, 6, "2. Köp in fler arbetstelefoner till nattpatrullen och ge dem en gemensam")
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(20, 252)
    pdf.cell(170, 5, "¹ Enligt beslut i socialnämnden 2023-05-12, § 45.")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(25, 25)
    pdf.cell(170, 6, "larmcentral som kan ta emot samtal från brukarna.")
    pdf.set_xy(20, 31)
    pdf.cell(170, 6, "3. Förbättra introduktionen för nya medarbetare.")
    path = tmp_path / "fotnot.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "Inför nyckelfria lås i hela hemtjänsten så att personalen slipper hämta nycklar på kontoret varje morgon.",
        "Köp in fler arbetstelefoner till nattpatrullen och ge dem en gemensam larmcentral som kan ta emot samtal "
        "från brukarna.",
        "Förbättra introduktionen för nya medarbetare.",
    ]


def test_pdf_superscript_footnote_marks_are_not_glued_to_the_words(tmp_path: Path) -> None:
    """Word's footnote marks are digits in a smaller, raised font right after a word: "helgerna³" must not read
    "helgerna3" (no word the classifier knows) nor "nycklar.2"; a raised 2 after a unit is square metres."""
    pdf = _proposal_page()
    lines = [["1. Inför nyckelfria lås så att personalen slipper hämta nycklar.", "2"],
             ["2. Fler vikarier på helgerna", "3", " i hemtjänsten och på boendet."],
             ["3. Bygg om personalrummet på 40 m", "2", " så att alla får plats vid lunch."]]
    for k, parts in enumerate(lines):
        pdf.set_xy(20, 40 + 6 * k)
        for j, part in enumerate(parts):
            pdf.char_vpos = "SUP" if j % 2 else "LINE"
            pdf.write(6, part)
    pdf.char_vpos = "LINE"
    pdf.set_font("Helvetica", "", 8)
    for k, note in enumerate(["2 Enligt beslut i socialnämnden 2023-05-12, § 45.", "3 Se bilaga 2."]):
        pdf.set_xy(20, 270 + 4 * k)
        pdf.cell(170, 4, note)
    path = tmp_path / "fotnotsmarkering.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "Inför nyckelfria lås så att personalen slipper hämta nycklar.",
        "Fler vikarier på helgerna i hemtjänsten och på boendet.",
        "Bygg om personalrummet på 40 m² så att alla får plats vid lunch.",
    ]


def test_pdf_one_page_last_proposal_in_a_slightly_smaller_font_near_the_foot_is_kept(tmp_path: Path) -> None:
    pdf = _proposal_page()
    pdf.set_xy(20, 40)
    pdf.cell(170, 6, "Gruppen har träffats fyra gånger under våren och föreslår detta.")
    pdf.set_font("Helvetica", "", 10)
    for k, text in enumerate(["1. Fler vikarier på helgerna i hemtjänsten.", "2. Mer tid för reflektion efter svåra ärenden."]):
        pdf.set_xy(20, 260 + 7 * k)
        pdf.cell(170, 6, text)
    path = tmp_path / "fot.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path))[-1] == "Mer tid för reflektion efter svåra ärenden."


def test_pdf_bold_numbered_lines_are_chapter_headings_and_a_bold_proposal_stays_one(tmp_path: Path) -> None:
    """A chapter's heading typed in bold ("1. Hemtjänsten", body size) names the unit of the paragraphs or list
    below it and is no proposal, as in the .docx it was printed from; a bold numbered proposal over two lines stays
    a proposal."""
    pdf = _new_pdf()
    pdf.add_page()
    y = 25.0

    def line(text: str, style: str = "", gap: float = 6.0) -> None:
        nonlocal y
        pdf.set_font("Helvetica", style, 11)
        pdf.set_xy(20, y)
        pdf.cell(170, 5, text)
        y += gap

    line("Rapport från arbetsgrupperna i hemtjänsten", "B", 12)
    for number, chapter, proposals in [(1, "Hemtjänsten", ["Inför fasta scheman för nattpersonalen.",
                                                            "Köp in fler elcyklar till grupperna."]),
                                       (2, "Bemanning", ["Anställ fler undersköterskor med fast tjänst."])]:
        line(f"{number}. {chapter}", "B", 8)
        for text in proposals:
            line(text, gap=11)
    line("3. Lokaler", "B", 8)
    line("- Renovera personalrummet på Solgården.", gap=8)
    line("1. Bygg fler förråd för hjälpmedel på alla", "B", 5)
    line("boenden i kommunen", "B", 8)
    pdf.output(str(tmp_path / "kapitel.pdf"))
    frame = extract_proposals(tmp_path / "kapitel.pdf")
    assert _texts(frame) == ["Inför fasta scheman för nattpersonalen.", "Köp in fler elcyklar till grupperna.",
                             "Anställ fler undersköterskor med fast tjänst.", "Renovera personalrummet på Solgården.",
                             "Bygg fler förråd för hjälpmedel på alla boenden i kommunen"]
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Hemtjänsten", "Bemanning", "Lokaler", "Lokaler"]


def test_pdf_pages_that_are_scanned_images_are_named_not_passed_over(tmp_path: Path) -> None:
    """Reports gathered into one PDF where some groups scanned their pages: the pages that are an image
    without a text layer are named (run OCR first), never lost without a word; a page with a figure and text
    is no such page."""
    import PIL.Image

    scan = tmp_path / "skanning.png"
    PIL.Image.new("L", (120, 170), 230).save(scan)
    pdf = _proposal_page()
    pdf.set_xy(20, 40)
    pdf.cell(170, 6, "1. Fler vikarier på helgerna i hemtjänsten och på boendet.")
    pdf.image(str(scan), x=20, y=60, w=120)  # a figure beside text: read as usual, no note
    for _ in range(2):  # two scanned pages, each with its page number stamped in the footer
        pdf.add_page()
        pdf.image(str(scan), x=10, y=10, w=190)
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 286)
        pdf.cell(170, 5, str(pdf.page_no()), align="C")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 40)
    pdf.cell(170, 6, "3. Bättre introduktion för alla nyanställda på enheterna.")
    pdf.add_page()  # an empty page (left blank on purpose): nothing to read, no note
    path = tmp_path / "samlad.pdf"
    pdf.output(str(path))
    notes: list[str] = []
    assert _texts(extract_proposals(path, notes=notes)) == [
        "Fler vikarier på helgerna i hemtjänsten och på boendet.",
        "Bättre introduktion för alla nyanställda på enheterna.",
    ]
    unread = [n for n in notes if "OCR" in n]
    assert unread == ["samlad.pdf: pages 2–3 are images without a text layer (scanned?) and were not read; "
                      "if they hold proposals, run OCR on the file first"], notes
    assert "sidorna 2–3 är bilder utan textlager" in unread[0].render("sv")


def test_pdf_with_owner_password_only_is_read(pdf_file: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=str(pdf_file))
    writer.encrypt(user_password="", owner_password="ägare", algorithm="AES-128")
    path = tmp_path / "skyddad.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert _texts(extract_proposals(path)) == PDF_PROPOSALS


# A Word table exported to PDF: "Förslag | Motivering | Ansvarig | Tidsplan", cells wrapping over two or three
# lines, the names under Ansvarig a person's or a unit's.
PDF_TABLE = [
    ("Förslag", "Motivering", "Ansvarig", "Tidsplan"),
    ("Inför en gemensam introduktion för alla nyanställda med en fadder under de första veckorna",
     "Nya medarbetare känner sig osäkra och slutar ofta inom ett år", "Anna Svensson", "Hösten 2024"),
    ("Fler vikarier i juli", "Semesterperioden är svår att bemanna", "Enhetschef", "2025"),
    ("Digital signering av beslut i verksamhetssystemet så att handläggningen går snabbare",
     "Papper försvinner mellan enheterna", "Lars Nilsson", "Kvartal 3"),
    ("Gemensam kalender för alla aktiviteter på boendet", "Anhöriga vet inte vad som händer",
     "Enhetschef", "Våren 2025"),
]


def _pdf_table(pdf, rows, widths, borders: str = "NONE", **kw) -> None:
    with pdf.table(col_widths=widths, borders_layout=borders, v_align="TOP", text_align="LEFT", line_height=5,
                   **kw) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)


def _table_report(path: Path, borders: str) -> Path:
    pdf = _proposal_page(body=10)
    pdf.set_xy(20, 40)
    _pdf_table(pdf, PDF_TABLE, (60, 55, 30, 25), borders)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("borders", ["NONE", "ALL", "HORIZONTAL_LINES"])
def test_pdf_table_one_proposal_per_row_cells_wrapped_header_dropped_people_kept(tmp_path: Path, borders: str) -> None:
    """Each row one proposal (its cells' lines joined, cells with " – "), with ruling lines or none; the header
    row is no proposal and no heading; the full names under Ansvarig become the proposal's ansvarig."""
    frame = extract_proposals(_table_report(tmp_path / f"tabell_{borders}.pdf", borders))
    assert _texts(frame) == [" – ".join(row) for row in PDF_TABLE[1:]]
    assert frame["rubrik"].tolist() == ["Förslag"] * 4
    assert frame["sida"].tolist() == [1] * 4
    assert list(frame["ansvarig"]) == ["Anna Svensson", None, "Lars Nilsson", None]


def test_pdf_one_column_table_of_fifty_short_proposals(tmp_path: Path) -> None:
    """A one-column table, a row per line, drawn with lines between the rows: no line runs into the next."""
    texts = [f"Förslag nummer {n} om {word} på enheten" for n, word in
             zip(range(1, 51), ["schemat", "lokalerna", "introduktionen", "rutinerna", "datorerna"] * 10)]
    texts[7] = "Bättre kaffe i personalrummet"
    texts[8] = "Fler vikarier under sommaren och julen så att den ordinarie personalen kan ta ut sin semester"
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 15)
    pdf.cell(170, 8, "Arbetsgrupp Städ")
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(20, 26)
    _pdf_table(pdf, [("Förslag",), *[(t,) for t in texts]], (170,), "ALL")
    path = tmp_path / "en_kolumn.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == texts
    assert set(frame["rubrik"]) == {"Arbetsgrupp Städ"}


def test_pdf_table_over_a_page_break_with_its_header_repeated(tmp_path: Path) -> None:
    """A table of 50 rows over two pages, the header row repeated on the second, a running footer on both."""
    rows = [(f"Förslag {n}: se över rutinen för {w} så att alla arbetar på samma sätt", "Enhetschef")
            for n, w in zip(range(1, 51), ["nycklar", "larm", "inköp", "schema"] * 13)]
    pdf = _new_pdf()
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_font("Helvetica", "", 10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 25)
    pdf.cell(170, 8, "Arbetsgrupp Hemtjänst")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(20, 40)
    _pdf_table(pdf, [("Förslag", "Ansvarig"), *rows], (130, 40))
    assert pdf.page_no() == 2  # the table does cross the page break
    pdf.set_auto_page_break(False)
    for page in (1, 2):
        pdf.page = page
        pdf.set_font("Helvetica", "", 8)
        pdf.set_xy(20, 285)
        pdf.cell(170, 5, f"Hemtjänsten – förslag 2024, sida {page}")
    path = tmp_path / "lang.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [" – ".join(r) for r in rows]
    assert set(frame["rubrik"]) == {"Arbetsgrupp Hemtjänst"}
    assert frame["sida"].tolist()[-1] == 2 and frame["sida"].tolist()[0] == 1


def test_pdf_table_between_paragraphs_leaves_the_paragraphs_as_they_were(tmp_path: Path) -> None:
    before = ("Gruppen har träffats fyra gånger under våren och samlat förslag från alla enheter inom "
              "förvaltningen. Förslagen står i tabellen nedan.")
    after = ("Gruppen vill gärna följa upp förslagen under hösten tillsammans med ledningen och återkomma "
             "med en rapport om vad som har genomförts.")
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 25)
    pdf.cell(170, 8, "Arbetsgrupp IT")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(20, 40)
    pdf.multi_cell(170, 5, before)
    pdf.set_xy(20, pdf.get_y() + 6)
    _pdf_table(pdf, PDF_TABLE, (60, 55, 30, 25))
    pdf.set_xy(20, pdf.get_y() + 6)
    pdf.multi_cell(170, 5, after)
    path = tmp_path / "mellan.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path, split="paragraph")
    assert _texts(frame) == [before, *[" – ".join(row) for row in PDF_TABLE[1:]], after]
    assert _texts(extract_proposals(path)) == [" – ".join(row) for row in PDF_TABLE[1:]]


def test_pdf_table_row_across_the_table_names_the_group_of_the_rows_below(tmp_path: Path) -> None:
    """As in a Word table: a row of one cell merged across a ruled table names the group of the rows below."""
    rows = [("Förslag", "Ansvarig", "Klart"), ("Arbetsgrupp 1 – Hemtjänst",),
            ("Inför nyckelfria lås i hemtjänsten", "Enhetschef", "Q3"),
            ("Ge alla en egen surfplatta för dokumentation", "IT-enheten", "Q4"), ("Arbetsgrupp 2 – Kultur",),
            ("Förläng öppettiderna på biblioteket", "Kulturchef", "Q1")]
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 25)
    pdf.cell(170, 8, "Sammanställning")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(20, 40)
    with pdf.table(col_widths=(90, 50, 30), v_align="TOP", text_align="LEFT", line_height=5) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text, colspan=3 if len(cells) == 1 else 1)
    path = tmp_path / "grupper.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hemtjänsten – Enhetschef – Q3",
                             "Ge alla en egen surfplatta för dokumentation – IT-enheten – Q4",
                             "Förläng öppettiderna på biblioteket – Kulturchef – Q1"]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1 – Hemtjänst"] * 2 + ["Arbetsgrupp 2 – Kultur"]

def test_pdf_two_columns_under_a_line_across_the_page_keep_a_line_wrapped_before_att(tmp_path: Path) -> None:
    """A page in two columns under a header line across the page ("Kommunstyrelsen – …"): the header was counted
    as the left column's longest line, so every line of the column looked short, and a proposal's line wrapped
    before "att" ("… så" / "att brukarna möter …") was split off as an att-sats of its own — under "Förslag",
    where the list items are read, the rest of the proposal was lost."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 20)
    pdf.cell(170, 6, "Kommunstyrelsen – sammanställning av förbättringsförslag från arbetsgrupperna 2026")
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 30)
    pdf.cell(170, 8, "Förslag")
    pdf.set_font("Helvetica", "", 11)
    left = ["1. Inför fasta scheman för natten så", "att brukarna möter samma personal.",
            "2. Köp in fler elcyklar till grupperna", "i norr och söder inför sommaren."]
    right = ["3. Ordna en introduktion för vikarier", "med en fadder under fyra veckor.",
             "4. Byt ut de gamla nyckelskåpen mot", "digitala lås i alla grupper."]
    for x, texts in ((20, left), (110, right)):
        for k, text in enumerate(texts):
            pdf.set_xy(x, 45 + 6 * k)
            pdf.cell(85, 6, text)
    path = tmp_path / "spalter.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [
        "Inför fasta scheman för natten så att brukarna möter samma personal.",
        "Köp in fler elcyklar till grupperna i norr och söder inför sommaren.",
        "Ordna en introduktion för vikarier med en fadder under fyra veckor.",
        "Byt ut de gamla nyckelskåpen mot digitala lås i alla grupper."]


def test_pdf_running_header_naming_the_chapter_is_no_proposal(tmp_path: Path) -> None:
    """A running header that names the chapter it stands in ("Förbättringsförslag 2026 – Hemtjänst" on the
    chapter's pages, as Word's StyleRef field writes it): each text comes back on fewer than half of the pages, so
    it was no header: it became a proposal of its own on every page, and a proposal that ran on over the page
    break was cut in two around it."""
    pdf = _new_pdf()
    pages = [("Hemtjänst", [(270, "Inför fasta scheman för nattpersonalen så att brukarna möter samma personal varje")]),
             ("Hemtjänst", [(30, "vecka och slipper oro inför helgerna.")]),
             ("Skola", [(54, "Bättre ventilation i alla klassrum på Lyckebyskolan och Rödebyskolan.")]),
             ("Skola", [(30, "Fler vikarier i skolan.")]),
             ("Kultur", [(54, "Längre öppettider på biblioteket under lördagar för barnfamiljerna.")]),
             ("Kultur", [(30, "Fler vikarier i kulturskolan.")])]
    for k, (chapter, lines) in enumerate(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, f"Förbättringsförslag 2026 – {chapter}")
        if k % 2 == 0:  # the chapter's first page: its heading, then "Förslag"
            pdf.set_font("Helvetica", "B", 14)
            pdf.set_xy(20, 30)
            pdf.cell(170, 8, chapter)
            pdf.set_font("Helvetica", "B", 12)
            pdf.set_xy(20, 42)
            pdf.cell(170, 7, "Förslag")
        pdf.set_font("Helvetica", "", 11)
        for y, text in lines:
            pdf.set_xy(20, y)
            pdf.cell(170, 6, text)
    path = tmp_path / "kapitelhuvud.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert list(zip(frame["rubrik"], frame["förslag"])) == [
        ("Hemtjänst", "Inför fasta scheman för nattpersonalen så att brukarna möter samma personal varje vecka och "
                      "slipper oro inför helgerna."),
        ("Skola", "Bättre ventilation i alla klassrum på Lyckebyskolan och Rödebyskolan."),
        ("Skola", "Fler vikarier i skolan."),
        ("Kultur", "Längre öppettider på biblioteket under lördagar för barnfamiljerna."),
        ("Kultur", "Fler vikarier i kulturskolan.")]


def test_word_bullets_o_and_section_sign_in_a_text_or_pdf_export_are_sub_points(tmp_path: Path) -> None:
    """Word's "Spara som > Oformaterad text" writes a bulleted list's three levels as "•", "o" and "§", each with a
    tab and no indent, and a PDF printed from Word draws the "o" apart from its text. The "o" and "§" lines were
    read as the text of the item above: "… nattpersonalen: o samma personal varje vecka o färre …", the letters
    in the proposal. They are its sub-points, as a Word list's are."""
    path = tmp_path / "export.txt"
    path.write_bytes("Förslag\r\n\r\n"
                     "•\tInför fasta scheman för nattpersonalen:\r\n"
                     "o\tsamma personal varje vecka\r\n"
                     "§\tockså på helgerna\r\n"
                     "o\tfärre vikarier\r\n"
                     "•\tKöp in fler elcyklar till grupperna.\r\n"
                     "•\tOrdna en introduktion för vikarier.\r\n".encode("cp1252"))
    assert _texts(extract_proposals(path)) == [
        "Inför fasta scheman för nattpersonalen: samma personal varje vecka; också på helgerna; färre vikarier",
        "Köp in fler elcyklar till grupperna.",
        "Ordna en introduktion för vikarier."]
    # a PDF printed from Word: the "o" drawn apart from its text, at the tab stop of its level
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 20)
    pdf.cell(100, 8, "Förslag")
    y = 35
    for level, bullet, text in [(0, "•", "Inför fasta scheman för nattpersonalen:"), (1, "o", "samma personal varje vecka"),
                                (1, "o", "färre vikarier"), (0, "•", "Köp in fler elcyklar till grupperna.")]:
        pdf.set_font("Courier" if bullet == "o" else "Helvetica", "", 11)
        pdf.set_xy(25 + 12 * level, y)
        pdf.cell(5, 6, bullet)
        pdf.set_font("Helvetica", "", 11)
        pdf.set_xy(31 + 12 * level, y)
        pdf.cell(120, 6, text)
        y += 7
    pdf.output(str(tmp_path / "utskrift.pdf"))
    assert _texts(extract_proposals(tmp_path / "utskrift.pdf")) == [
        "Inför fasta scheman för nattpersonalen: samma personal varje vecka; färre vikarier",
        "Köp in fler elcyklar till grupperna."]


def test_markdown_task_boxes_and_quote_marks_are_no_part_of_the_proposal(tmp_path: Path) -> None:
    """Notes from Teams, Loop, Obsidian or GitHub keep their actions as a task list ("- [ ] …", "1. [x] …") and
    quotes behind "> ": the boxes and marks were read into the proposals ("[ ] Inför fasta scheman …",
    "> Köp in …")."""
    path = tmp_path / "anteckningar.md"
    path.write_text("# Arbetsgrupp Hemtjänst\n\n## Förslag\n\n"
                    "- [ ] Inför fasta scheman för **nattpersonalen**\n"
                    "- [x] Köp in fler elcyklar till grupperna\n"
                    "1. [X] Byt ut nyckelskåpen mot digitala lås\n\n"
                    "# Arbetsgrupp Skola\n\n"
                    "> Bättre ventilation i alla klassrum på Lyckebyskolan,\n> där det blir för varmt.\n\n"
                    "> > Fler lärarassistenter i lågstadiet.\n", encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför fasta scheman för nattpersonalen", "Köp in fler elcyklar till grupperna",
                             "Byt ut nyckelskåpen mot digitala lås",
                             "Bättre ventilation i alla klassrum på Lyckebyskolan, där det blir för varmt.",
                             "Fler lärarassistenter i lågstadiet."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Hemtjänst"] * 3 + ["Arbetsgrupp Skola"] * 2


def test_a_table_pasted_into_a_text_as_tab_separated_lines_gives_one_proposal_a_row(tmp_path: Path) -> None:
    """A table pasted from Word or Excel into a text file (or saved with the report as "Oformaterad text") is a
    line a row, its cells parted by tabs. The rows ran together into one proposal ("Köp in fler elcyklar … Anna
    Svensson Inför fasta scheman … Erik Lind …") under the header row taken for a heading ("Förslag<tab>Ansvarig").
    Each row is a proposal, as a Word or Markdown table's is, the header row none, its people the *ansvarig*;
    a numbered list typed with a tab after its numbers stays a list."""
    path = tmp_path / "rapport.txt"
    path.write_bytes("Arbetsgrupp Hemtjänst\r\n\r\n"
                     "Vi har träffats fyra gånger under våren och pratat om arbetsmiljön i gruppen.\r\n\r\n"
                     "Förslag\r\n\r\n"
                     "Nr\tFörslag\tAnsvarig\r\n"
                     "1\tKöp in fler elcyklar till grupperna\tAnna Svensson\r\n"
                     "2\tInför fasta scheman för nattpersonalen\tErik Lind\r\n\r\n"
                     "Åtgärder\r\n\r\n"
                     "1.\tOrdna en introduktion för vikarier.\r\n"
                     "2.\tByt ut nyckelskåpen mot digitala lås.\r\n".encode("cp1252"))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Köp in fler elcyklar till grupperna – Anna Svensson",
                             "Inför fasta scheman för nattpersonalen – Erik Lind",
                             "Ordna en introduktion för vikarier.", "Byt ut nyckelskåpen mot digitala lås."]
    assert frame["ansvarig"].tolist()[:2] == ["Anna Svensson", "Erik Lind"]
    assert "\t" not in "".join(frame["rubrik"])
    # a form's labels and values ("Förslag:<tab>…") are no table whose first row is a header and is dropped: they
    # are read as text, as before, and "Mer personal" is not lost
    form = tmp_path / "blankett.txt"
    form.write_text("Förslag\n\nFörslag:\tMer personal\nAnsvarig:\tAnna Svensson\n", encoding="utf-8")
    read = extract_proposals(form)
    assert "Mer personal" in " ".join([*read["rubrik"], *read["förslag"]])


def test_pdf_two_column_page_with_bold_column_headings_is_no_table(tmp_path: Path) -> None:
    """A page in two columns, each under a bold heading, written column by column: read column by column."""
    pdf = _new_pdf()
    pdf.add_page()
    left = ["Bakgrund", "Vi har träffats fyra gånger", "under våren och pratat om hur", "arbetet kan bli bättre för",
            "alla som arbetar här."]
    right = ["Förslag", "1. Ordna en gemensam kalender", "för alla aktiviteter på boendet.",
             "2. Köp in fler hjälpmedel till", "badrummen på avdelning B."]
    for x, texts in ((20, left), (110, right)):
        for k, text in enumerate(texts):
            pdf.set_font("Helvetica", "B" if k == 0 else "", 11)
            pdf.set_xy(x, 40 + 6 * k)
            pdf.cell(80, 6, text)
    path = tmp_path / "tva.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == ["Ordna en gemensam kalender för alla aktiviteter på boendet.",
                                               "Köp in fler hjälpmedel till badrummen på avdelning B."]
    assert _texts(extract_proposals(path, split="paragraph")) == [
        "Vi har träffats fyra gånger under våren och pratat om hur arbetet kan bli bättre för alla som arbetar här.",
        "Ordna en gemensam kalender för alla aktiviteter på boendet.",
        "Köp in fler hjälpmedel till badrummen på avdelning B."]


def test_pdf_list_with_hanging_indents_is_no_table(tmp_path: Path) -> None:
    """Numbers in one column and the items' text, wrapped, in another (the number and the text written apart,
    as Word writes a list): a list, not a table of two columns."""
    items = [["Inför nyckelfria lås i hela hemtjänsten så att personalen", "slipper hämta nycklar varje morgon."],
             ["Köp in fler arbetstelefoner till nattpatrullen."],
             ["Ge alla medarbetare en egen surfplatta för dokumentationen", "ute hos brukarna, så att de slipper",
              "åka tillbaka till kontoret."],
             ["Förbättra introduktionen för nya medarbetare."]]
    pdf = _proposal_page()
    y = 40
    for n, lines in enumerate(items, start=1):
        pdf.set_xy(20, y)
        pdf.cell(8, 6, f"{n}.")
        for k, text in enumerate(lines):
            pdf.set_xy(28, y + 6 * k)
            pdf.cell(150, 6, text)
        y += 6 * len(lines) + 2
    path = tmp_path / "hangande.pdf"
    pdf.output(str(path))
    assert _texts(extract_proposals(path)) == [" ".join(lines) for lines in items]


# --------------------------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------------------------

DOCX_PROPOSALS = [
    "Inför fasta scheman för helgpersonal så att brukarna möter färre personer.",
    "Ge alla medarbetare en surfplatta för dokumentation ute hos brukaren.",
    "Mer tid för överlämning mellan passen.",
    "Byt ut de gamla skrivarna på kontoret – IT-enheten",
    "Inför tvåfaktorsinloggning via mobilen – IT-enheten",
]


def test_docx_auto(docx_file: Path) -> None:
    frame = extract_proposals(docx_file)
    assert _texts(frame) == DOCX_PROPOSALS
    # "Fika" (item 4) is too short: it is dropped but keeps its number, so ids do not depend on min_length.
    assert frame["id"].tolist() == [f"grupper.docx#{n}" for n in (1, 2, 3, 5, 6)]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Hemtjänst"] * 3 + ["Arbetsgrupp IT"] * 2
    assert frame["stycke"].tolist() == [6, 7, 8, 11, 12]
    assert frame["sida"].isna().all()
    assert frame["fil"].tolist() == ["grupper.docx"] * 5


def test_docx_min_length_zero_keeps_short_items_with_the_same_ids(docx_file: Path) -> None:
    frame = extract_proposals(docx_file, min_length=0)
    assert _texts(frame) == DOCX_PROPOSALS[:3] + ["Fika"] + DOCX_PROPOSALS[3:]
    assert frame["id"].tolist() == [f"grupper.docx#{n}" for n in range(1, 7)]


def test_docx_paragraph_and_list_modes(docx_file: Path) -> None:
    paragraphs = _texts(extract_proposals(docx_file, split="paragraph"))
    assert paragraphs == [
        "Arbetsgrupperna har träffats fyra gånger under våren och diskuterat vardagen.",
        *DOCX_PROPOSALS,
        "Tack för ett bra samarbete under året, vi ser fram emot nästa år!",
    ]
    assert _texts(extract_proposals(docx_file, split="list")) == DOCX_PROPOSALS


def test_docx_header_and_footer_are_not_read(docx_file: Path) -> None:
    joined = " ".join(_texts(extract_proposals(docx_file, split="paragraph", min_length=0)))
    assert "header" not in joined and "Sidfot" not in joined
    # Headings are never proposals.
    assert "Förslag" not in _texts(extract_proposals(docx_file, split="paragraph", min_length=0))


def test_docx_without_lists_uses_paragraphs_and_typed_markers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Vi behöver fler vikarier under sommaren, särskilt i juli.")
    document.add_paragraph("Ventilationen i samtalsrummen måste ses över snarast.")
    path = tmp_path / "prosa.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == [
        "Vi behöver fler vikarier under sommaren, särskilt i juli.",
        "Ventilationen i samtalsrummen måste ses över snarast.",
    ]
    document = docx.Document()
    document.add_paragraph("Gruppen har diskuterat under flera möten och kommit fram till detta.")
    document.add_paragraph("1. Bättre introduktion för nyanställda.\n2. Fler gemensamma utbildningsdagar.")
    path = tmp_path / "inskrivna.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == [
        "Bättre introduktion för nyanställda.",
        "Fler gemensamma utbildningsdagar.",
    ]


def test_docx_nested_items_after_a_colon_and_continued_items(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Åtgärder", 1)
    document.add_paragraph("Bättre IT-stöd:", style="List Bullet")
    document.add_paragraph("nya datorer till alla", style="List Bullet 2")
    document.add_paragraph("snabbare wifi i huset", style="List Bullet 2")
    document.add_paragraph("Fler vikarier under sommaren", style="List Number")
    document.add_paragraph("särskilt i juli när många har semester.", style="List Continue")
    item = document.add_paragraph("Inför en gemensam rutin för", style="List Number")
    item.add_run().add_break()  # a manual line break inside the item
    item.add_run("avvikelser och uppföljning.")
    path = tmp_path / "kapslad.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Bättre IT-stöd: nya datorer till alla; snabbare wifi i huset",
        "Fler vikarier under sommaren särskilt i juli när många har semester.",
        "Inför en gemensam rutin för avvikelser och uppföljning.",
    ]
    assert frame["rubrik"].tolist() == ["Åtgärder"] * 3


def test_docx_sub_points_belong_to_their_proposal(tmp_path: Path) -> None:
    """Numbered sub-points under a proposal (a., b. or 1.1, 1.2 in Word's multi-level list) say how it is to be
    done: they are part of that proposal, not proposals of their own; under a label such as "Lokaler" or a
    group's name in an outline list the sub-points are the proposals."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 1 – Äldreomsorg", 1)
    document.add_heading("Förslag", 2)
    document.add_paragraph("Förbättra introduktionen för nyanställda", style="List Number")
    document.add_paragraph("en fadder under de första fyra veckorna", style="List Number 2")
    document.add_paragraph("en checklista som chefen går igenom", style="List Number 2")
    document.add_paragraph("Inför fasta scheman för helgpersonal.", style="List Number")
    document.add_paragraph("Det ger brukarna färre personer att möta.", style="List Number 2")
    document.add_paragraph("Ge alla undersköterskor en egen surfplatta.", style="List Number")
    document.add_paragraph("Lokaler", style="List Number")
    document.add_paragraph("Bygg om personalrummet så att alla får plats.", style="List Number 2")
    document.add_paragraph("Se över ventilationen i samtalsrummen.", style="List Number 2")
    document.add_paragraph("Arbetsgrupp 2 – Skola och fritid", style="List Number")  # an outline list's group
    document.add_paragraph("Bygg om skolgårdarna med mer grönska", style="List Number 2")
    document.add_paragraph("Anställ fler elevassistenter i lågstadiet", style="List Number 2")
    path = tmp_path / "underpunkter.docx"
    document.save(str(path))
    texts = _texts(extract_proposals(path))
    assert texts[:5] == [
        "Förbättra introduktionen för nyanställda; en fadder under de första fyra veckorna; "
        "en checklista som chefen går igenom",
        "Inför fasta scheman för helgpersonal. Det ger brukarna färre personer att möta.",
        "Ge alla undersköterskor en egen surfplatta.",
        "Bygg om personalrummet så att alla får plats.",
        "Se över ventilationen i samtalsrummen.",
    ]
    assert texts[-2:] == ["Bygg om skolgårdarna med mer grönska", "Anställ fler elevassistenter i lågstadiet"]


def test_docx_lower_case_proposals_under_a_label_stay_apart(tmp_path: Path) -> None:
    """An outline list whose proposals are typed in lower case, as many write list items: under a topic
    ('Lokaler') or a group's name ('Arbetsgrupp 3 – Kultur') each sub-point is a proposal of its own, not a
    sub-point of the label (they ran together into one proposal per label: four proposals counted as two)."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    for label, items in [("Lokaler", ["fler grupprum för eleverna i högstadiet",
                                      "bättre ventilation i matsalen och idrottshallen"]),
                         ("Arbetsgrupp 3 – Kultur", ["längre öppettider på biblioteket",
                                                     "gratis entré till konsthallen för pensionärer"])]:
        document.add_paragraph(label, style="List Number")
        for text in items:
            document.add_paragraph(text, style="List Number 2")
    path = tmp_path / "rubriker.docx"
    document.save(str(path))
    texts = _texts(extract_proposals(path))
    for text in ["fler grupprum för eleverna i högstadiet", "bättre ventilation i matsalen och idrottshallen",
                 "längre öppettider på biblioteket", "gratis entré till konsthallen för pensionärer"]:
        assert text in texts
    assert texts[:2] == ["fler grupprum för eleverna i högstadiet", "bättre ventilation i matsalen och idrottshallen"]
    assert "Arbetsgrupp 3 – Kultur" not in texts  # (the group's name is their heading, no proposal)


_OUTLINE = [("Arbetsgrupp 3 – Kultur", ["Längre öppettider på biblioteket", "Gratis entré till konsthallen för pensionärer"]),
            ("Arbetsgrupp 4 – Skola", ["Bygg om skolgårdarna med mer grönska", "anställ fler elevassistenter i lågstadiet"])]


def _outline_document(path: Path, outline=_OUTLINE) -> Path:
    """A committee's proposals as a numbered outline list under "Förslag": each working group's name a top-level
    item, its proposals sub-items (Word's multi-level list; indented a) b) in a text; indented lines in a PDF)."""
    if path.suffix == ".docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        for group, items in outline:
            document.add_paragraph(group, style="List Number")
            for text in items:
                document.add_paragraph(text, style="List Number 2")
        document.save(str(path))
    elif path.suffix == ".pdf":
        pdf = _new_pdf()
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(20, 20)
        pdf.cell(170, 10, "Förslag")
        pdf.set_font("Helvetica", "", 11)
        y = 40
        for k, (group, items) in enumerate(outline, start=1):
            pdf.set_xy(20, y)
            pdf.cell(170, 6, f"{k}. {group}")
            for j, text in enumerate(items):
                pdf.set_xy(28, y + 7 * (j + 1))
                pdf.cell(160, 6, f"{'ab'[j]}) {text}")
            y += 7 * (len(items) + 1)
        pdf.output(str(path))
    else:
        lines = ["# Förslag" if path.suffix == ".md" else "Förslag:", ""]
        for k, (group, items) in enumerate(outline, start=1):
            lines.append(f"{k}. {group}")
            lines += [f"   {'ab'[j]}) {text}" for j, text in enumerate(items)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt", ".md"])
def test_outline_list_group_name_is_the_heading_of_its_proposals(tmp_path: Path, suffix: str) -> None:
    """A group's name at the top level of an outline list heads its sub-items as a real heading does: its text is
    their *rubrik* (so their unit), and it is no proposal of its own, however long (it was read as a proposal
    beside them, all under "Förslag"). The proposals keep the numbers they had, so their ids do not move."""
    frame = extract_proposals(_outline_document(tmp_path / f"grupper{suffix}"))
    assert _texts(frame) == [text for _group, items in _OUTLINE for text in items]
    assert frame["rubrik"].tolist() == [group for group, items in _OUTLINE for _text in items]
    numbers = [pid.rsplit("-" if suffix == ".pdf" else "#", 1)[1] for pid in frame["id"]]
    assert numbers == ["2", "3", "5", "6"]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_outline_label_with_a_colon_heads_its_proposals(tmp_path: Path, suffix: str) -> None:
    """A group's name or a topic typed with a colon over its proposals ('Arbetsgrupp 3 – Kultur:', 'Lokaler:') is
    their heading as without one: the colon that joins a proposal's sub-points to it ('Bättre IT-stöd:' / 'nya
    datorer …') does not run a group's proposals together into one."""
    outline = [("Arbetsgrupp 3 – Kultur:", ["Längre öppettider på biblioteket", "Gratis entré till konsthallen"]),
               ("Lokaler:", ["Fler grupprum för eleverna", "bättre ventilation i matsalen"])]
    path = tmp_path / f"kolon{suffix}"
    if suffix == ".docx":
        _outline_document(path, outline)
    else:
        path.write_text("Förslag:\n\n" + "".join(f"{k}. {label}\n" + "".join(f"   - {t}\n" for t in items)
                                                 for k, (label, items) in enumerate(outline, start=1)), encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == [text for _label, items in outline for text in items]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 3 – Kultur"] * 2 + ["Lokaler"] * 2


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt"])
def test_typed_outline_letters_under_numbers_are_sub_items(tmp_path: Path, suffix: str) -> None:
    """An outline list typed by hand, without Word's list numbering or an indent: '1.', '2.' for the groups and
    'a)', 'b.' below each. The letters are sub-items of the number above them, as in Word's multi-level list
    (w:numPr, ilvl 1): the group's name is their heading and no proposal, and a proposal's sub-points are part of
    it. They were read as items of one level, the group's name a proposal beside its own proposals."""
    lines = ["1. Arbetsgrupp 3 – Kultur", "a) Längre öppettider på biblioteket", "b) Gratis entré till konsthallen",
             "2. Inför fasta scheman för helgpersonal.", "a. Det ger brukarna färre personer att möta.",
             "3. Arbetsgrupp 4 – Skola", "a) Bygg om skolgårdarna med mer grönska"]
    path = tmp_path / f"skrivna{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    elif suffix == ".pdf":
        pdf = _new_pdf()
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(20, 20)
        pdf.cell(170, 10, "Förslag")
        pdf.set_font("Helvetica", "", 11)
        for k, line in enumerate(lines):
            pdf.set_xy(20, 40 + 7 * k)
            pdf.cell(170, 6, line)
        pdf.output(str(path))
    else:
        path.write_text("Förslag:\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == ["Längre öppettider på biblioteket", "Gratis entré till konsthallen",
                             "Inför fasta scheman för helgpersonal. Det ger brukarna färre personer att möta.",
                             "Bygg om skolgårdarna med mer grönska"]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 3 – Kultur"] * 2 + ["Förslag", "Arbetsgrupp 4 – Skola"]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_bullets_under_a_typed_number_are_its_sub_points(tmp_path: Path, suffix: str) -> None:
    """Proposals numbered by hand ('1. Förbättra introduktionen …'), each with bulleted sub-points under it: Word's
    own bullets (List Bullet, indented by the list) in a .docx, '-' lines in a text. The bullets are sub-points of
    the number above them, as letters are: joined to a proposal that ends a sentence or a colon, the proposals
    under a topic ('Lokaler'). They were read as items of the numbers' level, each bullet a proposal of its own
    ('en fadder under de första veckorna') and the topic a proposal beside them."""
    outline = [("1. Förbättra introduktionen för nyanställda:", ["en fadder under de första veckorna",
                                                                "en checklista som chefen går igenom"]),
               ("2. Inför fasta scheman för helgpersonal.", ["Det ger brukarna färre personer att möta."]),
               ("3. Lokaler", ["Bygg om personalrummet så att alla får plats.", "Se över ventilationen i samtalsrummen."])]
    path = tmp_path / f"punkter{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        for number, bullets in outline:
            document.add_paragraph(number)
            for text in bullets:
                document.add_paragraph(text, style="List Bullet")
        document.save(str(path))
    else:
        path.write_text("Förslag:\n\n" + "".join(f"{number}\n" + "".join(f"- {t}\n" for t in bullets)
                                                 for number, bullets in outline), encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == ["Förbättra introduktionen för nyanställda: en fadder under de första veckorna; "
                             "en checklista som chefen går igenom",
                             "Inför fasta scheman för helgpersonal. Det ger brukarna färre personer att möta.",
                             "Bygg om personalrummet så att alla får plats.", "Se över ventilationen i samtalsrummen."]
    assert frame["rubrik"].tolist() == ["Förslag", "Förslag", "Lokaler", "Lokaler"]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_bullet_list_after_a_blank_line_below_typed_numbers_is_a_list_of_its_own(tmp_path: Path, suffix: str) -> None:
    """A numbered list typed by hand, a blank line, then a bulleted list: two lists, each line a proposal. Since
    bullets under a typed number became its sub-points, the bullets were joined to the last number ('Bättre
    schemaläggning … Nya datorer … Fika …'): two proposals lost as rows of their own. Right under the number, or
    after a blank line under one that ends in a colon, they are still its sub-points."""
    path = tmp_path / f"listor{suffix}"
    path.write_text("Förslag från gruppen\n\n1. Fler vikarier i sommar.\n2. Bättre schemaläggning med framförhållning."
                    "\n\n- Nya datorer till personalrummet.\n- Fika varje fredag för alla.\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == [
        "Fler vikarier i sommar.", "Bättre schemaläggning med framförhållning.", "Nya datorer till personalrummet.",
        "Fika varje fredag för alla."]
    path.write_text("Förslag från gruppen\n\n1. Fler vikarier i sommar.\n2. Förbättra introduktionen för nyanställda:"
                    "\n\n- en fadder under de första veckorna\n- en checklista som chefen går igenom\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == [
        "Fler vikarier i sommar.", "Förbättra introduktionen för nyanställda: en fadder under de första veckorna; "
        "en checklista som chefen går igenom"]


def test_docx_motivation_under_a_list_item_in_list_paragraph_style_or_indented_belongs_to_it(tmp_path: Path) -> None:
    """Word takes the number away from a new item when Backspace is pressed and leaves the paragraph in the
    List Paragraph style (Liststycke), indented: a motivation typed so under an item is part of that proposal,
    neither a proposal of its own nor (the items being most of the text) dropped unseen."""
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading("Arbetsgrupp Hemtjänst", 1)
    document.add_heading("Förslag", 2)
    document.add_paragraph("Inför nyckelfria lås i hela hemtjänsten.", style="List Number")
    document.add_paragraph("Det sparar tid varje morgon.", style="List Paragraph")
    document.add_paragraph("Ge alla medarbetare en egen surfplatta.", style="List Number")
    document.add_paragraph("Då kan vi dokumentera direkt.").paragraph_format.left_indent = Pt(36)
    document.add_paragraph("Planera turerna så att samma personal kommer till samma brukare.", style="List Number")
    document.add_heading("Bakgrund", 2)
    document.add_paragraph("Gruppen har träffats fyra gånger under våren.")
    path = tmp_path / "motivering.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hela hemtjänsten. Det sparar tid varje morgon.",
                             "Ge alla medarbetare en egen surfplatta. Då kan vi dokumentera direkt.",
                             "Planera turerna så att samma personal kommer till samma brukare."]
    assert frame["stycke"].tolist() == [3, 4, 5]


def _w_run(text: str):
    from docx.oxml import OxmlElement

    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def test_docx_reads_the_text_word_shows(tmp_path: Path) -> None:
    """Tracked insertions, content controls and fields are text Word shows; deleted text is not."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def wrap(tag: str, *children):
        el = OxmlElement(tag)
        if tag in ("w:ins", "w:del"):
            el.set(qn("w:id"), "1")
            el.set(qn("w:author"), "Anna")
        for c in children:
            el.append(c)
        return el

    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph("Inför sortering av matavfall på alla arbetsplatser.", style="List Number")
    document.add_paragraph(style="List Number")._p.append(
        wrap("w:ins", _w_run("Byt ut kommunens tjänstebilar mot elbilar senast 2027.")))
    document.add_paragraph(style="List Number")._p.append(
        wrap("w:sdt", wrap("w:sdtContent", _w_run("Sätt upp laddstolpar vid alla kommunala förskolor."))))
    item = document.add_paragraph(style="List Number")
    item.add_run("Förläng öppettiderna i simhallen enligt ")
    field = wrap("w:fldSimple", _w_run("bilaga 1"))
    field.set(qn("w:instr"), "REF bilaga1")
    item._p.append(field)
    item.add_run(" till klockan 21")
    deleted = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = " och på helger"
    deleted.append(gone)
    item._p.append(wrap("w:del", deleted))
    item._p.append(wrap("w:ins", _w_run(" på vardagar.")))
    path = tmp_path / "spara.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == [
        "Inför sortering av matavfall på alla arbetsplatser.",
        "Byt ut kommunens tjänstebilar mot elbilar senast 2027.",
        "Sätt upp laddstolpar vid alla kommunala förskolor.",
        "Förläng öppettiderna i simhallen enligt bilaga 1 till klockan 21 på vardagar.",
    ]


_WORD_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')


def _list_paragraphs(texts: list[str]) -> str:
    return "".join(f'<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>' for t in texts)


def _text_box(paragraphs: str, modern: bool = True):
    """A run holding a text box (Infoga > Textruta) of the given ``w:p`` XML: as Word writes it, the drawing
    (mc:Choice) and its VML copy for older versions (mc:Fallback); with ``modern=False`` the VML alone."""
    from docx.oxml import parse_xml

    vml = f"<w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict>"
    if not modern:
        return parse_xml(f"<w:r {_WORD_NS}>{vml}</w:r>")
    shape = ('<w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
             f'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>'
             "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>")
    return parse_xml(f'<w:r {_WORD_NS}><mc:AlternateContent><mc:Choice Requires="wps">{shape}</mc:Choice>'
                     f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>")


def test_docx_text_boxes_are_read_once_where_they_stand(tmp_path: Path) -> None:
    """A committee pastes its proposals into a text box (Infoga > Textruta): Word shows them, so they are read, at
    the place of the paragraph the box is anchored in, each of the box's paragraphs as the body's are. Word keeps
    the box twice (mc:Choice and the VML mc:Fallback for older versions): its text is read once. A box of an old
    document (VML alone, w:pict) is read too. They were not read at all: the proposals in the box were lost."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph("Inför sortering av matavfall på alla arbetsplatser.", style="List Number")
    document.add_paragraph()._p.append(_text_box(_list_paragraphs(["Byt ut tjänstebilarna mot elbilar senast 2027.",
                                                                   "Sätt upp laddstolpar vid alla förskolor."])))
    document.add_paragraph("Förläng öppettiderna i simhallen till klockan 21.", style="List Number")
    document.add_paragraph()._p.append(_text_box(_list_paragraphs(["Ge fritidsgårdarna längre öppettider på fredagar."]),
                                                 modern=False))
    path = tmp_path / "textruta.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför sortering av matavfall på alla arbetsplatser.",
                             "Byt ut tjänstebilarna mot elbilar senast 2027.", "Sätt upp laddstolpar vid alla förskolor.",
                             "Förläng öppettiderna i simhallen till klockan 21.",
                             "Ge fritidsgårdarna längre öppettider på fredagar."]
    assert frame["rubrik"].tolist() == ["Förslag"] * 5


def test_docx_cover_page_is_no_proposal(tmp_path: Path) -> None:
    """A cover page inserted from Word's gallery (Infoga > Försättsblad) holds the report's title, subtitle, author
    and date, in text boxes or plain paragraphs, in content controls: none is a proposal. In a report of plain
    paragraphs they were read as its first proposals ('Anna Andersson, utvecklingsledare' among them)."""
    from docx.oxml import parse_xml

    def control(alias: str, text: str, ns: str = "") -> str:
        return (f'<w:sdt {ns}><w:sdtPr><w:alias w:val="{alias}"/></w:sdtPr><w:sdtContent><w:p><w:r><w:rPr>'
                f'<w:sz w:val="72"/></w:rPr><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>')

    def cover(*content):
        page = parse_xml(f'<w:sdt {_WORD_NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Cover Pages"/>'
                         "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>")
        for element in [*content, parse_xml(f'<w:p {_WORD_NS}><w:r><w:br w:type="page"/></w:r></w:p>')]:
            page[-1].append(element)
        return page

    fields = [("Rubrik", "Förbättringsarbetet inom socialförvaltningen 2024"),
              ("Underrubrik", "Rapport från verksamhetens arbetsgrupper"), ("Författare", "Anna Andersson, utvecklingsledare")]
    anchor = parse_xml(f"<w:p {_WORD_NS}/>")
    anchor.append(_text_box("".join(control(alias, text) for alias, text in fields)))
    plain = cover(*(parse_xml(control(alias, text, _WORD_NS)) for alias, text in fields))
    for name, page in [("plain", plain), ("textruta", cover(anchor))]:
        document = docx.Document()
        document.element.body.insert(0, page)
        document.add_paragraph("Vi behöver fler vikarier under sommaren, särskilt i juli.")
        document.add_paragraph("Ventilationen i samtalsrummen måste ses över snarast.")
        path = tmp_path / f"{name}.docx"
        document.save(str(path))
        assert _texts(extract_proposals(path)) == ["Vi behöver fler vikarier under sommaren, särskilt i juli.",
                                                   "Ventilationen i samtalsrummen måste ses över snarast."], name


def test_docx_table_of_contents_field_is_no_proposal(tmp_path: Path) -> None:
    """A table of contents is a field (TOC) Word fills with an entry per heading, a link and a page number each. Its
    entries are no proposals whatever their style: a document exported by another program, or a template without
    Word's TOC styles, has them in the body text style and without an 'Innehåll' title above them, and they were read
    as the report's first proposals ('Arbetsgruppernas förslag till nämnden 3')."""
    from docx.oxml import parse_xml

    def field(instruction: str) -> tuple[str, str]:
        return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instruction}'
                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    headings = ["Inledning och bakgrund till arbetet", "Arbetsgruppernas förslag till nämnden",
                "Sammanfattning av arbetet under året"]
    toc_start, toc_end = field(' TOC \\o "1-3" \\h \\z \\u ')
    document = docx.Document()
    body = document.element.body
    for k, heading in enumerate(headings):
        page_start, page_end = field(f" PAGEREF _Toc{k} \\h ")
        body.insert(len(body) - 1, parse_xml(
            f"<w:p {_WORD_NS}>{toc_start if k == 0 else ''}<w:hyperlink w:anchor=\"_Toc{k}\"><w:r><w:t>{heading}</w:t>"
            f"</w:r><w:r><w:tab/></w:r>{page_start}<w:r><w:t>{k + 2}</w:t></w:r>{page_end}</w:hyperlink>"
            f"{toc_end if k == len(headings) - 1 else ''}</w:p>"))
    document.add_heading(headings[0], 1)
    document.add_paragraph("Vi behöver fler vikarier under sommaren, särskilt i juli.")
    document.add_paragraph("Ventilationen i samtalsrummen måste ses över snarast.")
    path = tmp_path / "innehall.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == ["Vi behöver fler vikarier under sommaren, särskilt i juli.",
                                               "Ventilationen i samtalsrummen måste ses över snarast."]


def test_docx_hidden_text_is_not_read(tmp_path: Path) -> None:
    """Text formatted as hidden (Dold, Ctrl+Shift+H: an internal note) is neither shown nor printed by Word: it is
    no part of the proposal, nor a proposal of its own."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    item = document.add_paragraph("Inför gratis entré till konsthallen för barn", style="List Number")
    item.add_run(" (kolla budgeten med Per Holm först)").font.hidden = True
    item.add_run(".")
    document.add_paragraph(style="List Number").add_run("Intern anteckning: stryk punkt 3 före tryck.").font.hidden = True
    shown = document.add_paragraph("Förläng bibliotekets öppettider på lördagar.", style="List Number")
    shown.add_run(" och söndagar").font.hidden = False  # (hidden turned off again: shown)
    path = tmp_path / "dold.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == ["Inför gratis entré till konsthallen för barn.",
                                               "Förläng bibliotekets öppettider på lördagar. och söndagar"]

def test_docx_text_hidden_by_its_style_is_not_read(tmp_path: Path) -> None:
    """Hidden text is as often hidden by a style as by hand: a template's paragraph style for internal notes, or a
    character style for a remark, formatted as hidden (Dold). Word shows and prints none of it, so it is neither a
    proposal nor part of one (it was read, only text hidden run by run was not); a run that turns hidden off
    again in such a paragraph is shown, and read."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    note = document.styles.add_style("Intern anteckning", WD_STYLE_TYPE.PARAGRAPH)
    note.font.hidden = True
    document.styles.add_style("Intern anteckning 2", WD_STYLE_TYPE.PARAGRAPH).base_style = note
    document.styles.add_style("Dold kommentar", WD_STYLE_TYPE.CHARACTER).font.hidden = True
    document.add_heading("Förslag", 1)
    document.add_paragraph("Inför sortering av matavfall på alla arbetsplatser.")
    document.add_paragraph("Stryk punkt tre innan rapporten går till nämnden, enligt Per Holm.", style="Intern anteckning")
    document.add_paragraph("Kolla kostnaden för laddstolparna med ekonomienheten först.", style="Intern anteckning 2")
    item = document.add_paragraph("Byt ut tjänstebilarna mot elbilar")
    item.add_run(" (fråga Per Holm om budgeten)", style="Dold kommentar")
    item.add_run(" senast 2027.")
    shown = document.add_paragraph("Dold text här ", style="Intern anteckning")
    shown.add_run("Förläng öppettiderna i simhallen till klockan 21.").font.hidden = False
    path = tmp_path / "dold_stil.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == ["Inför sortering av matavfall på alla arbetsplatser.",
                                               "Byt ut tjänstebilarna mot elbilar senast 2027.",
                                               "Förläng öppettiderna i simhallen till klockan 21."]


def test_docx_placeholder_text_of_empty_content_controls_is_no_proposal(tmp_path: Path) -> None:
    """A committee template's content controls left empty show their placeholder ("Klicka eller tryck här för
    att ange text."): that is Word's prompt, not a proposal; a control the group filled in is read."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def control(text: str, placeholder: bool, content: str = "") -> str:
        flag = "<w:showingPlcHdr/>" if placeholder else ""
        inner = content or f"<w:r><w:t>{text}</w:t></w:r>"
        return f"<w:sdt {w}><w:sdtPr><w:alias w:val=\"Förslag\"/>{flag}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"

    document = docx.Document()
    document.add_heading("Arbetsgrupp 3 – Kultur", 1)
    document.add_heading("Förslag", 2)
    for text, placeholder in [("Förläng bibliotekets öppettider på lördagar.", False),
                              ("Klicka eller tryck här för att ange text.", True), ("Click or tap here to enter text.", True)]:
        document.add_paragraph(style="List Number")._p.append(parse_xml(control(text, placeholder)))
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(control("", True, '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>'
                                                      "<w:r><w:t>Skriv gruppens förslag här.</w:t></w:r></w:p>")))
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Förslag", "Ansvarig"
    table.cell(1, 0).text, table.cell(1, 1).text = "Öppna kulturskolan för vuxna", "Kulturchef"
    for k, text in enumerate(["Beskriv förslaget här.", "Ange ansvarig."]):
        table.cell(2, k)._tc.remove(table.cell(2, k).paragraphs[0]._p)
        table.cell(2, k)._tc.append(parse_xml(control("", True, f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")))
    path = tmp_path / "mall.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path, min_length=0)) == ["Förläng bibliotekets öppettider på lördagar.",
                                                           "Öppna kulturskolan för vuxna – Kulturchef"]

def test_docx_table_caption_row_and_two_proposals_in_one_cell(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Förslag", 1)
    table = document.add_table(rows=4, cols=2)
    caption = table.cell(0, 0).merge(table.cell(0, 1))
    caption.text = "Tabell 1. Gruppens förslag"
    for r, (a, b) in enumerate([("Förslag", "Ansvarig"), ("Inför gemensam mottagning för försörjningsstöd",
                                                           "Enhetschef")], start=1):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    cell = table.cell(3, 0)
    cell.text = "Minska antalet blanketter för ansökan"
    cell.add_paragraph("Digitalisera ansökan om försörjningsstöd")
    table.cell(3, 1).text = "IT-enheten"
    path = tmp_path / "tabell.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == [
        "Inför gemensam mottagning för försörjningsstöd – Enhetschef",
        "Minska antalet blanketter för ansökan. Digitalisera ansökan om försörjningsstöd – IT-enheten",
    ]


def test_docx_table_without_a_header_row_loses_no_proposal(tmp_path: Path) -> None:
    """A table that opens with a proposal has no header row to drop: its first row is a proposal; a first row
    of labels ("Förslag"), bold, or marked as Word's repeating header row is the header."""
    def table_doc(name: str, rows: list[tuple[str, ...]], *, bold_first: bool = False, mark_first: bool = False) -> Path:
        document = docx.Document()
        document.add_heading("Arbetsgrupp Hemtjänst", 1)
        table = document.add_table(rows=0, cols=len(rows[0]))
        for r, cells in enumerate(rows):
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].add_run(text).bold = bold_first and r == 0
            if mark_first and r == 0:
                flag = docx.oxml.OxmlElement("w:tblHeader")
                row._tr.get_or_add_trPr().append(flag)
        path = tmp_path / name
        document.save(str(path))
        return path

    proposals = [("Inför nyckelfria lås i hela hemtjänsten.", "Sparar tid varje dag."),
                 ("Ge alla medarbetare en egen surfplatta för dokumentationen", "Enhetschef")]
    assert _texts(extract_proposals(table_doc("utan.docx", proposals))) == [
        "Inför nyckelfria lås i hela hemtjänsten. – Sparar tid varje dag.",
        "Ge alla medarbetare en egen surfplatta för dokumentationen – Enhetschef"]
    assert _texts(extract_proposals(table_doc("en.docx", [("Mer personal på helgerna",), ("Bättre lön för nattpersonal",)]))) == [
        "Mer personal på helgerna", "Bättre lön för nattpersonal"]
    assert _texts(extract_proposals(table_doc("rubrik.docx", [("Förslag",), ("Mer personal på helgerna",), ("Bättre lön för nattpersonal",)]))) == [
        "Mer personal på helgerna", "Bättre lön för nattpersonal"]
    labels = [("Beskriv förslaget så att alla förstår det.", "Vem ansvarar?"), *proposals]  # (a sentence: bold or marked)
    assert len(extract_proposals(table_doc("mening.docx", labels))) == 3
    assert len(extract_proposals(table_doc("fet.docx", labels, bold_first=True))) == 2
    assert len(extract_proposals(table_doc("markerad.docx", labels, mark_first=True))) == 2


def test_docx_table_rows_and_cells_in_content_controls_are_read(tmp_path: Path) -> None:
    """A form's table of proposals: rows added with a repeating-section content control, and a cell whose text
    is a content control of its own, are rows and text Word shows; none of them is lost."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells) + "</w:tr>"

    document = docx.Document()
    document.add_heading("Arbetsgrupp 4 – Miljö", 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Förslag", "Ansvarig"
    table.cell(1, 0).text, table.cell(1, 1).text = "Inför en cykelpool för personalen", "Miljöenheten"
    table._tbl.append(parse_xml(  # a cell whose paragraph sits in a content control
        f'<w:tr {w}><w:tc><w:sdt><w:sdtPr><w:alias w:val="Förslag"/></w:sdtPr><w:sdtContent><w:p><w:r>'
        f'<w:t>Byt till LED-belysning i alla lokaler</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc>'
        f'<w:tc><w:p><w:r><w:t>Fastighet</w:t></w:r></w:p></w:tc></w:tr>'))
    table._tbl.append(parse_xml(  # rows in a repeating section
        f'<w:sdt {w}><w:sdtPr><w:alias w:val="Förslagsrader"/></w:sdtPr><w:sdtContent>'
        + row("Minska matsvinnet i skolköken", "Kostenheten") + row("Sätt solceller på stadshusets tak", "Fastighet")
        + "</w:sdtContent></w:sdt>"))
    path = tmp_path / "formular.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför en cykelpool för personalen – Miljöenheten",
                             "Byt till LED-belysning i alla lokaler – Fastighet",
                             "Minska matsvinnet i skolköken – Kostenheten",
                             "Sätt solceller på stadshusets tak – Fastighet"]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 4 – Miljö"] * 4

def test_docx_table_cell_holding_a_table_or_a_text_box_loses_no_text(tmp_path: Path) -> None:
    """What Word shows in a cell is the row's text: a table inside the cell (a template's form pasted into the
    Förslag column) and a text box anchored in it. Only the cell's own paragraphs were read, so the proposals in
    the inner table or the box were lost without a word (a row left as "Chef" alone, counted as too short)."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 3 – Mottagning", 1)
    table = document.add_table(rows=4, cols=2)
    for r, cells in enumerate([("Förslag", "Ansvarig"), ("Inför digitala signaturer i hela förvaltningen.", "IT-enheten"),
                               ("", "Enhetschef"), ("", "Socialchef")]):
        table.cell(r, 0).text, table.cell(r, 1).text = cells
    inner = table.cell(2, 0).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Ordna gemensam introduktion för nyanställda", "vår 2025"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "Skapa en mötesplats för alla enheter", "höst 2025"
    table.cell(3, 0).paragraphs[0]._p.append(_text_box(
        '<w:p><w:r><w:t>Samla alla rutiner i en digital handbok.</w:t></w:r></w:p>'))
    path = tmp_path / "inre.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digitala signaturer i hela förvaltningen. – IT-enheten",
        "Ordna gemensam introduktion för nyanställda – vår 2025. Skapa en mötesplats för alla enheter – höst 2025"
        " – Enhetschef",
        "Samla alla rutiner i en digital handbok. – Socialchef"]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 3 – Mottagning"] * 3


def test_docx_table_cells_merged_down_are_read_once(tmp_path: Path) -> None:
    """Cells merged down over rows (Word's vertical merge): a header of two rows ("Förslag" merged down beside
    "Ansvar" over "Vem | När") is all header; a proposal whose cell spans two rows (two people responsible) is
    one proposal, with both; a group's label merged down beside its proposals stays with each of them. Word
    shows the merged cell once, but its text was read in every row it spans: the second header row came out as
    the proposal "Förslag – Vem – När", and the spanning proposal twice, counted twice in every theme."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 7 – Lokaler och IT", 1)
    rows = [("Förslag", "Ansvar", ""), ("", "Vem", "När"),
            ("Bygg om personalrummet i Rödeby.", "Anna Svensson", "2025"), ("", "Bo Ek", "2026"),
            ("Ge alla medarbetare en surfplatta.", "IT-enheten", "2026")]
    table = document.add_table(rows=len(rows), cols=3)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Ansvar"
    table.cell(2, 0).merge(table.cell(3, 0))
    grouped = document.add_table(rows=4, cols=2)
    for r, cells in enumerate([("Område", "Förslag"), ("Lokaler", "Inför bokningssystem för samtalsrum."),
                               ("", "Sätt upp ljudabsorbenter i matsalen."), ("Digitalt", "Byt till trådlösa headset.")]):
        grouped.cell(r, 0).text, grouped.cell(r, 1).text = cells
    grouped.cell(1, 0).merge(grouped.cell(2, 0))
    path = tmp_path / "sammanslagna.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Bygg om personalrummet i Rödeby. – Anna Svensson – 2025 – Bo Ek – 2026",
                             "Ge alla medarbetare en surfplatta. – IT-enheten – 2026",
                             "Lokaler – Inför bokningssystem för samtalsrum.", "Lokaler – Sätt upp ljudabsorbenter i matsalen.",
                             "Digitalt – Byt till trådlösa headset."]


NUMBERED_TABLE = [("Nr", "Förslag", "Ansvarig"), ("1", "Inför fasta scheman för nattpersonalen", "Anna Svensson"),
                  ("2", "Köp in fler elcyklar till hemtjänstgrupperna", "Bo Ek"),
                  ("3.", "Bättre introduktion för nyanställda sommarvikarier", "Cia Berg")]
NUMBERED_TEXTS = ["Inför fasta scheman för nattpersonalen – Anna Svensson",
                  "Köp in fler elcyklar till hemtjänstgrupperna – Bo Ek",
                  "Bättre introduktion för nyanställda sommarvikarier – Cia Berg"]


def test_docx_table_number_column_is_no_part_of_the_proposal(tmp_path: Path) -> None:
    """A first column *Nr* (1, 2, 3 …) numbers the rows, as a list's numbers do: it is left out of the text.
    A column of figures under another label (*Kostnad*) stays."""
    def table_doc(name: str, rows) -> Path:
        document = docx.Document()
        document.add_heading("Förslag", 1)
        table = document.add_table(rows=0, cols=len(rows[0]))
        for r, cells in enumerate(rows):
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].add_run(text).bold = r == 0
        path = tmp_path / name
        document.save(str(path))
        return path

    assert _texts(extract_proposals(table_doc("nr.docx", NUMBERED_TABLE))) == NUMBERED_TEXTS
    cost = [("Kostnad", "Förslag"), ("50", "Köp in fler elcyklar"), ("120", "Nya datorer till gruppen")]
    assert _texts(extract_proposals(table_doc("kostnad.docx", cost))) == [
        "50 – Köp in fler elcyklar", "120 – Nya datorer till gruppen"]


def test_docx_numbered_table_without_a_header_loses_no_row(tmp_path: Path) -> None:
    """A table without a header whose rows are numbered by hand: its first row ("1 | Fler elcyklar", short words)
    is the first proposal, no header row; the numbers are no part of the text."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    table = document.add_table(rows=0, cols=2)
    for cells in [("1", "Fler elcyklar"), ("2", "Bättre introduktion för vikarier"), ("3", "Nya scheman för natten")]:
        row = table.add_row()
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(str(tmp_path / "numrerad.docx"))
    assert _texts(extract_proposals(tmp_path / "numrerad.docx")) == [
        "Fler elcyklar", "Bättre introduktion för vikarier", "Nya scheman för natten"]


@pytest.mark.parametrize("borders", ["NONE", "ALL"])
def test_pdf_table_number_column_is_no_part_of_the_proposal(tmp_path: Path, borders: str) -> None:
    pdf = _proposal_page(body=10)
    pdf.set_xy(20, 40)
    _pdf_table(pdf, NUMBERED_TABLE, (15, 100, 40), borders)
    pdf.output(str(tmp_path / "nr.pdf"))
    frame = extract_proposals(tmp_path / "nr.pdf")
    assert _texts(frame) == NUMBERED_TEXTS
    assert list(frame["ansvarig"]) == ["Anna Svensson", "Bo Ek", "Cia Berg"]


def test_markdown_table_number_column_is_no_part_of_the_proposal(tmp_path: Path) -> None:
    path = tmp_path / "nr.md"
    path.write_text("# Förslag\n\n" + "\n".join("| " + " | ".join(r) + " |" for r in NUMBERED_TABLE[:1])
                    + "\n|---|---|---|\n" + "\n".join("| " + " | ".join(r) + " |" for r in NUMBERED_TABLE[1:]) + "\n",
                    encoding="utf-8")
    assert _texts(extract_proposals(path)) == NUMBERED_TEXTS


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_chapter_number_of_a_heading_is_no_part_of_the_unit(tmp_path: Path, suffix: str) -> None:
    """"1 Hemtjänsten", "2. Äldreboendet", "3.1 Nattpatrullen": the unit is the group's name, without the number
    typed before it; a count in a heading stays ("3 förslag om schemat")."""
    chapters = [("1 Hemtjänsten", 1), ("2. Äldreboendet", 1), ("3.1 Nattpatrullen", 2), ("3 förslag om schemat", 1)]
    path = tmp_path / f"rapport{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        for heading, level in chapters:
            document.add_heading(heading, level)
            document.add_paragraph(f"Ett förslag från kapitlet {heading}.", style="List Bullet")
        document.save(str(path))
    else:
        path.write_text("".join(f"{'#' * level} {heading}\n\n- Ett förslag från kapitlet {heading}.\n\n"
                                for heading, level in chapters), encoding="utf-8")
    frame = extract_proposals(path)
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Äldreboendet", "Nattpatrullen", "3 förslag om schemat"]
    assert _texts(frame)[1] == "Ett förslag från kapitlet 2. Äldreboendet."


def test_docx_bold_numbered_lines_in_normal_style_are_headings_not_proposals(tmp_path: Path) -> None:
    """"**3. Bemanning**" typed in bold in Normal style heads its chapter as a Heading style would: it names the
    unit of the proposals under it (also over a bold "Förslag") and is no proposal itself. Bold numbered lines
    that follow each other are a list of short proposals; one over a single paragraph under "Förslag" is that
    proposal's title."""
    def report(name: str, body) -> Path:
        document = docx.Document()
        document.add_paragraph("Rapport från arbetsgrupperna i hemtjänsten")
        for number, chapter, proposals in [(1, "Hemtjänsten", ["Inför fasta scheman för nattpersonalen.",
                                                                "Köp in fler elcyklar till grupperna."]),
                                           (2, "Bemanning", ["Anställ fler undersköterskor med fast tjänst."])]:
            document.add_paragraph().add_run(f"{number}. {chapter}").bold = True
            body(document, proposals)
        path = tmp_path / name
        document.save(str(path))
        return path

    def bold_forslag(document, proposals) -> None:
        document.add_paragraph().add_run("Förslag").bold = True
        for text in proposals:
            document.add_paragraph(text, style="List Bullet")

    expected = ["Inför fasta scheman för nattpersonalen.", "Köp in fler elcyklar till grupperna.",
                "Anställ fler undersköterskor med fast tjänst."]
    for name, body in [("typade.docx", lambda d, ps: [d.add_paragraph(f"{i}. {t}") for i, t in enumerate(ps, 1)]),
                       ("stycken.docx", lambda d, ps: [d.add_paragraph(t) for t in ps]),
                       ("forslag.docx", bold_forslag)]:
        frame = extract_proposals(report(name, body))
        assert _texts(frame)[-3:] == expected, name
        assert frame["rubrik"].tolist()[-3:] == ["Hemtjänsten", "Hemtjänsten", "Bemanning"], name

    document = docx.Document()
    document.add_heading("Förslag", 1)
    for number, text in enumerate(["Fler elcyklar", "Nya scheman för natten", "Bättre lön för nattpersonal"], 1):
        document.add_paragraph().add_run(f"{number}. {text}").bold = True
    document.save(str(tmp_path / "lista.docx"))
    frame = extract_proposals(tmp_path / "lista.docx")
    assert _texts(frame) == ["Fler elcyklar", "Nya scheman för natten", "Bättre lön för nattpersonal"]
    assert set(frame["rubrik"]) == {"Förslag"}

    document = docx.Document()
    document.add_heading("Förslag", 1)
    for number, text in enumerate(["Fler elcyklar", "Bättre introduktion"], 1):
        document.add_paragraph().add_run(f"{number}. {text}").bold = True
        document.add_paragraph("Det sparar tid för personalen varje dag och minskar stressen.")
    document.save(str(tmp_path / "titlar.docx"))
    assert _texts(extract_proposals(tmp_path / "titlar.docx")) == [
        "Fler elcyklar. Det sparar tid för personalen varje dag och minskar stressen.",
        "Bättre introduktion. Det sparar tid för personalen varje dag och minskar stressen."]


def test_numbered_sections_that_come_back_in_every_chapter_name_no_group(tmp_path: Path) -> None:
    """"1.1 Bakgrund", "1.2 Förslag" under "1 Hemtjänsten", and "2.1 Bakgrund", "2.2 Förslag" under "2 Skolan": the
    proposals are each chapter's, not one unit "Bakgrund" for both (the numbers made the section's heading look
    like a group's name that comes once)."""
    document = docx.Document()
    for number, chapter, proposals in [
            (1, "Hemtjänsten", ["Inför fasta scheman för all nattpersonal i hemtjänsten.",
                                "Köp in fler elcyklar till hemtjänstgrupperna i norr och söder."]),
            (2, "Skolan", ["Bättre ventilation i alla klassrum på Lyckebyskolan och Rödebyskolan.",
                           "Fler lärarassistenter i lågstadiet, minst en per årskurs."])]:
        document.add_heading(f"{number} {chapter}", 1)
        document.add_heading(f"{number}.1 Bakgrund", 2)
        document.add_paragraph("Gruppen har träffats fyra gånger.")
        document.add_heading(f"{number}.2 Förslag", 2)
        for text in proposals:
            document.add_paragraph(text, style="List Bullet")
    document.save(str(tmp_path / "kapitel.docx"))
    frame = extract_proposals(tmp_path / "kapitel.docx")
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Hemtjänsten", "Skolan", "Skolan"]
    assert _texts(frame)[2] == "Bättre ventilation i alla klassrum på Lyckebyskolan och Rödebyskolan."


def test_docx_bold_numbered_proposal_titles_each_over_its_motivation_are_no_units(tmp_path: Path) -> None:
    """Outside "Förslag" too, bold numbered lines that each head one paragraph ("1. Fler elcyklar" over its
    motivation) are the proposals' titles, joined to them; the group's heading above stays their unit (each
    proposal was a unit of its own, named by its title)."""
    document = docx.Document()
    document.add_paragraph().add_run("Arbetsgrupp Hemtjänst Norr").bold = True
    document.add_paragraph("Vi har träffats fyra gånger under våren och tagit fram följande.")
    for number, (text, why) in enumerate([("Fler elcyklar", "Det sparar tid mellan besöken."),
                                          ("Nya scheman för natten", "Nattpersonalen vill ha fasta pass.")], 1):
        document.add_paragraph().add_run(f"{number}. {text}").bold = True
        document.add_paragraph(why)
    document.save(str(tmp_path / "titlar.docx"))
    frame = extract_proposals(tmp_path / "titlar.docx")
    assert _texts(frame)[-2:] == ["Fler elcyklar. Det sparar tid mellan besöken.",
                                  "Nya scheman för natten. Nattpersonalen vill ha fasta pass."]
    assert set(frame["rubrik"]) == {"Arbetsgrupp Hemtjänst Norr"}


def test_docx_bold_chapter_titles_numbered_by_word_head_the_paragraphs_below(tmp_path: Path) -> None:
    """Chapter titles in bold in Word's numbered list ("1. Hemtjänsten", the number Word's), Normal paragraphs
    under each: the titles name the units and are no proposals (they were skipped as too short, and the
    proposals had no unit). Bold items over sub-points, or one after the other, stay list items."""
    document = docx.Document()
    document.add_paragraph("Rapport från arbetsgrupperna i hemtjänsten")
    for chapter, proposals in [("Hemtjänsten", ["Inför fasta scheman för nattpersonalen.",
                                                "Köp in fler elcyklar till grupperna."]),
                               ("Bemanning", ["Anställ fler undersköterskor med fast tjänst."])]:
        document.add_paragraph(style="List Number").add_run(chapter).bold = True
        for text in proposals:
            document.add_paragraph(text)
    document.save(str(tmp_path / "kapitel.docx"))
    frame = extract_proposals(tmp_path / "kapitel.docx")
    assert _texts(frame)[-3:] == ["Inför fasta scheman för nattpersonalen.", "Köp in fler elcyklar till grupperna.",
                                  "Anställ fler undersköterskor med fast tjänst."]
    assert frame["rubrik"].tolist()[-3:] == ["Hemtjänsten", "Hemtjänsten", "Bemanning"]

    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph(style="List Number").add_run("Förbättra introduktionen").bold = True
    document.add_paragraph("En fadder för varje nyanställd.", style="List Number 2")
    for text in ["Fler elcyklar", "Nya scheman för natten"]:
        document.add_paragraph(style="List Number").add_run(text).bold = True
    document.save(str(tmp_path / "lista.docx"))
    assert _texts(extract_proposals(tmp_path / "lista.docx")) == [
        "Förbättra introduktionen", "En fadder för varje nyanställd.", "Fler elcyklar", "Nya scheman för natten"]


@pytest.mark.parametrize("chapter", ["2 Hemtjänsten", "2. Hemtjänsten"])
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_bold_chapter_with_a_bold_forslag_under_it_is_the_unit(tmp_path: Path, suffix: str, chapter: str) -> None:
    """A bold chapter title with its number ("2 Hemtjänsten", with or without the full stop) over a bold "Förslag":
    the chapter is the unit, as a heading one level up is. Without the full stop the title stood at the level of
    the bold "Förslag" and gave way to it, so the unit was the file."""
    lines = [(chapter, True), ("Gruppen har träffats fyra gånger under våren.", False), ("Förslag", True),
             ("- Inför fasta scheman för nattpersonalen.", False), ("- Köp in fler elcyklar till grupperna.", False)]
    path = tmp_path / f"rapport{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        for text, bold in lines:
            if text.startswith("- "):
                document.add_paragraph(text[2:], style="List Bullet")
            else:
                document.add_paragraph().add_run(text).bold = bold
        document.save(str(path))
    else:
        pdf = _new_pdf()
        pdf.add_page()
        for k, (text, bold) in enumerate(lines):
            pdf.set_font("Helvetica", "B" if bold else "", 11)
            pdf.set_xy(20, 25 + 10 * k)
            pdf.cell(170, 5, text)
        pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför fasta scheman för nattpersonalen.", "Köp in fler elcyklar till grupperna."]
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Hemtjänsten"]


def test_docx_table_header_repeated_inside_the_table_is_no_proposal(tmp_path: Path) -> None:
    """A table pasted from a PDF whose pages each repeated the header row: the header is no proposal."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp Hemtjänst", 1)
    rows = [("Förslag", "Ansvarig"), ("Inför nyckelfria lås i hela hemtjänsten", "Enhetschef"),
            ("FÖRSLAG", " Ansvarig "), ("Ge alla medarbetare en egen surfplatta", "IT-enheten")]
    table = document.add_table(rows=len(rows), cols=2)
    for r, cells in enumerate(rows):
        table.cell(r, 0).text, table.cell(r, 1).text = cells
    path = tmp_path / "klistrad.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hela hemtjänsten – Enhetschef",
                             "Ge alla medarbetare en egen surfplatta – IT-enheten"]
    assert frame["stycke"].tolist() == [2, 3]  # (a header row is no paragraph, here as at the top)


def test_docx_table_row_across_the_table_names_the_group_of_the_rows_below(tmp_path: Path) -> None:
    """One table for all groups, each group's name in a row of one cell merged across the table: the name is
    no proposal but the rows' rubrik; a merged row that is a sentence, or ends the table, stays a proposal."""
    document = docx.Document()
    document.add_heading("Sammanställning", 1)
    rows = [("Förslag", "Ansvarig"), ("Arbetsgrupp 1 – Hemtjänst",), ("Inför nyckelfria lås i hemtjänsten", "Enhetschef"),
            ("Ge alla en egen surfplatta för dokumentation", "IT-enheten"), ("Arbetsgrupp 2 – Kultur",),
            ("Förläng öppettiderna på biblioteket", "Kulturchef"), ("Vi vill också ha fri entré på museet.",),
            ("Samordna evenemangskalendern bättre", "Kulturchef"), ("Övrigt: bättre kaffe i personalrummet",)]
    table = document.add_table(rows=len(rows), cols=2)
    for r, cells in enumerate(rows):
        if len(cells) == 1:
            table.cell(r, 0).merge(table.cell(r, 1)).text = cells[0]
        else:
            table.cell(r, 0).text, table.cell(r, 1).text = cells
    path = tmp_path / "alla.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hemtjänsten – Enhetschef",
                             "Ge alla en egen surfplatta för dokumentation – IT-enheten",
                             "Förläng öppettiderna på biblioteket – Kulturchef", "Vi vill också ha fri entré på museet.",
                             "Samordna evenemangskalendern bättre – Kulturchef", "Övrigt: bättre kaffe i personalrummet"]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1 – Hemtjänst"] * 2 + ["Arbetsgrupp 2 – Kultur"] * 4


@pytest.mark.parametrize("styled", [True, False])
def test_docx_appendix_after_the_proposals_is_no_proposal(tmp_path: Path, styled: bool) -> None:
    """A report's 'Bilaga 1 – Deltagare' (a heading, or a bold line) with its table of participants comes after
    the proposals: its rows are no proposals (nor the participants' names proposals' text)."""
    document = docx.Document()
    document.add_heading("Förbättringsförslag 2024", 0)
    for group, items in [("Arbetsgrupp 1 – Äldreomsorg", ["Inför nyckelfria lås i hela hemtjänsten.",
                                                         "Ge alla undersköterskor en egen surfplatta."]),
                         ("Arbetsgrupp 2 – Skola", ["Bygg om skolgårdarna med mer grönska.",
                                                   "Anställ fler elevassistenter i lågstadiet."])]:
        document.add_heading(group, 1)
        document.add_paragraph("Gruppen har träffats fyra gånger under våren.")
        for text in items:
            document.add_paragraph(text, style="List Number")
    if styled:
        document.add_heading("Bilaga 1 – Deltagare", 1)
    else:
        document.add_paragraph().add_run("Bilaga 1 – Deltagare").bold = True
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("Namn", "Enhet", "Roll"), ("Anna Svensson", "Hemtjänst Norr", "Sammankallande"),
                                       ("Bo Ek", "Rödebyskolan", "Lärare"), ("Siv Lund", "Fritid", "Fritidsledare")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    path = tmp_path / "rapport.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hela hemtjänsten.", "Ge alla undersköterskor en egen surfplatta.",
                             "Bygg om skolgårdarna med mer grönska.", "Anställ fler elevassistenter i lågstadiet."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1 – Äldreomsorg"] * 2 + ["Arbetsgrupp 2 – Skola"] * 2
    assert "ansvarig" not in frame.columns
    assert len(extract_proposals(path, split="list")) == 7  # --split list reads every list item and table row
    # a report that is an appendix itself, or an appendix of proposals, is read
    document = docx.Document()
    document.add_heading("Bilaga 3", 0)
    document.add_paragraph("Förläng bibliotekets öppettider på lördagar.", style="List Number")
    document.add_heading("Bilagor", 1)
    document.add_heading("Bilaga 4 – Förslag från enkäten", 2)
    document.add_paragraph("Öppna kulturskolan för vuxna på kvällstid.", style="List Number")
    document.add_heading("Bilaga 5 – Mötesdatum", 2)
    document.add_paragraph("Gruppen träffades den 4, 11 och 18 mars.", style="List Number")
    document.save(str(path))
    assert _texts(extract_proposals(path)) == ["Förläng bibliotekets öppettider på lördagar.",
                                               "Öppna kulturskolan för vuxna på kvällstid."]


def test_docx_english_appendix_of_suggestions_is_read(tmp_path: Path) -> None:
    """The appendix rule knows the English 'Appendix', so it knows the English for an appendix of proposals too:
    'Appendix 1 – Suggestions from the staff survey' is read, as 'Bilaga 1 – Förslag från enkäten' is (its
    suggestions were dropped and the report's introduction came out as the only proposal)."""
    document = docx.Document()
    document.add_heading("Improvement work 2024", 0)
    document.add_paragraph("The working groups met four times during the spring and discussed the results.")
    document.add_heading("Appendix 1 – Suggestions from the staff survey", 1)
    suggestions = ["Extend the library's opening hours on Saturdays.", "Open the culture school to adults in the evenings.",
                   "Buy more laptops for the home care staff."]
    for text in suggestions:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Appendix 2 – Participants", 1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Name", "Unit"), ("Anna Svensson", "Home care North"), ("Bo Ek", "Rödeby school")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == suggestions


@pytest.mark.parametrize("heading", ["Suggestions", "Our proposals", "Recommendations", "Proposed actions", "We propose:"])
def test_docx_english_proposal_headings_are_read_as_forslag_is(tmp_path: Path, heading: str) -> None:
    """An English report's 'Suggestions' (Proposals, Recommendations, Proposed actions, We propose) is its
    'Förslag': only what stands under it is read, and the group's heading above it names the proposals. It was
    read as any heading: the bullets under 'Background' came out as proposals and 'Suggestions' as their unit."""
    document = docx.Document()
    document.add_heading("Working group 4 – Housing support", 1)
    document.add_heading("Background", 2)
    document.add_paragraph("The group met six times during the spring of 2024.", style="List Bullet")
    document.add_paragraph("All staff in the unit took part in at least one meeting.", style="List Bullet")
    document.add_heading(heading, 2)
    suggestions = ["Introduce a shared calendar for all home visits.",
                   "Give every employee a tablet for documentation on site.",
                   "Let the night staff plan their own schedules together with the unit manager."]
    for text in suggestions:
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "report.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == suggestions
    assert frame["rubrik"].tolist() == ["Working group 4 – Housing support"] * 3


def test_docx_report_that_is_an_appendix_under_a_registration_line_is_read(tmp_path: Path) -> None:
    """A committee's proposals sent as an appendix to the minutes: a registration number or date line above the
    heading 'Bilaga 3 till protokoll', which holds the whole document. It is the document's title, not an
    appendix after the proposals: every proposal is read (the registration line was the only 'proposal')."""
    document = docx.Document()
    document.add_paragraph("Dnr KS 2024/123")
    document.add_heading("Bilaga 3 till protokoll", 1)
    document.add_heading("Arbetsgrupp 1 – Äldreomsorg", 2)
    for text in ["Inför nyckelfria lås i hela hemtjänsten.", "Ge alla undersköterskor en egen surfplatta."]:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Arbetsgrupp 2 – Skola", 2)
    for text in ["Bygg om skolgårdarna med mer grönska.", "Anställ fler elevassistenter i lågstadiet."]:
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "bilaga3.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför nyckelfria lås i hela hemtjänsten.", "Ge alla undersköterskor en egen surfplatta.",
                             "Bygg om skolgårdarna med mer grönska.", "Anställ fler elevassistenter i lågstadiet."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1 – Äldreomsorg"] * 2 + ["Arbetsgrupp 2 – Skola"] * 2

def test_short_items_under_a_proposal_heading_are_kept_and_other_short_passages_counted(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Arbetsgrupp 17: Städ", 0)
    document.add_heading("Förslag", 1)
    for text in ["Mer personal", "Bättre lön", "Ny städmaskin till sporthallen", "Ja"]:
        document.add_paragraph(text, style="List Bullet")
    path = tmp_path / "kort.docx"
    document.save(str(path))
    notes: list[str] = []
    assert _texts(extract_proposals(path, notes=notes)) == ["Mer personal", "Bättre lön", "Ny städmaskin till sporthallen"]
    assert any("1 passage shorter than --min-length 15" in n for n in notes), notes  # "Ja": one word


@pytest.mark.parametrize("form", ["titel", "numrerad", "txt"])
def test_chapters_of_one_paragraph_each_are_units_not_proposal_titles(tmp_path: Path, form: str) -> None:
    """A report whose chapters are one paragraph each ("Hemtjänsten" in bold, then its proposal) under a title that
    says "förslag", or numbered by hand ("1. Hemtjänsten"), or in a plain text: each chapter was read as its
    proposal's title — "Hemtjänsten. Vi föreslår …" with the report's title, or nothing, for unit. A chapter that
    names a group or a topic of one word is the unit of its paragraph, as an outline list's label is."""
    chapters = [("Hemtjänsten", "Inför fasta scheman för nattpersonalen så att brukarna möter samma personal."),
                ("Skolan", "Eleverna behöver bättre trådlöst nätverk i klassrummen under proven."),
                ("Arbetsgrupp 3 – Kultur", "Biblioteket bör ha längre öppettider på lördagar.")]
    if form == "txt":
        path = tmp_path / "rapport.txt"
        path.write_text("Förbättringsförslag 2026\n\n" + "".join(f"{h}\n\n{p}\n\n" for h, p in chapters),
                        encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Förbättringsförslag 2026", 0)
        for number, (heading, text) in enumerate(chapters, 1):
            document.add_paragraph().add_run(f"{number}. {heading}" if form == "numrerad" else heading).bold = True
            document.add_paragraph(text)
        path = tmp_path / "rapport.docx"
        document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [text for _, text in chapters]
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Skolan", "Arbetsgrupp 3 – Kultur"]


def test_a_bold_title_and_its_motivation_under_forslag_are_one_proposal_of_the_group(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Arbetsgrupp 20: Hemtjänst", 0)
    document.add_heading("Förslag", 1)
    for title, why in [("Nyckelfria lås i hela hemtjänsten", "Idag hämtar personalen nycklar varje morgon."),
                       ("Fler arbetstelefoner till nattpatrullen", "Nattpatrullen delar i dag på två telefoner.")]:
        document.add_paragraph().add_run(title).bold = True
        document.add_paragraph(why)
    path = tmp_path / "titlar.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Nyckelfria lås i hela hemtjänsten. Idag hämtar personalen nycklar varje morgon.",
                             "Fler arbetstelefoner till nattpatrullen. Nattpatrullen delar i dag på två telefoner."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 20: Hemtjänst"] * 2


@pytest.mark.parametrize("group", ["Arbetsgrupp Hemtjänst Norr", None])
def test_one_word_titles_under_forslag_are_titles_not_units(tmp_path: Path, group: str | None) -> None:
    """Proposals each with a bold title of one word under a "Förslag" heading ("Elcyklar" over its motivation) were
    read as chapters of one paragraph each: every proposal became a unit of its own ("Elcyklar", "Nyckelskåp") and
    the group's heading above was lost, while the same list with one title of two words kept it. Under a bare
    "Förslag" such lines are the proposals' titles; where they name groups, one at least by its name
    ("Arbetsgrupp 3 – Kultur"), they are still chapters, the unit of their paragraph."""
    proposals = [("Elcyklar", "Vi vill ha fler elcyklar så att personalen tar sig mellan brukarna utan bil."),
                 ("Nyckelskåp", "Ett digitalt nyckelskåp skulle spara tid varje morgon vid utlämningen."),
                 ("Friskvård", "Friskvårdsbidraget bör höjas så att fler har råd att träna på fritiden.")]
    chapters = [("Hemtjänsten", "Inför fasta scheman för nattpersonalen så att brukarna möter samma personal."),
                ("Skolan", "Eleverna behöver bättre trådlöst nätverk i klassrummen under proven."),
                ("Arbetsgrupp 3 – Kultur", "Biblioteket bör ha längre öppettider på lördagar.")]
    for lines, name in [(proposals, "titlar.docx"), (chapters, "kapitel.docx")]:
        document = docx.Document()
        if group:
            document.add_heading(group, 1)
        document.add_paragraph("Gruppen har träffats fyra gånger under våren och gått igenom verksamheten.")
        document.add_heading("Förslag", 2)
        for heading, text in lines:
            document.add_paragraph().add_run(heading).bold = True
            document.add_paragraph(text)
        document.save(str(tmp_path / name))
    frame = extract_proposals(tmp_path / "titlar.docx")
    assert _texts(frame) == [f"{title}. {text}" for title, text in proposals]
    assert frame["rubrik"].tolist() == [group or "Förslag"] * 3
    frame = extract_proposals(tmp_path / "kapitel.docx")
    assert _texts(frame) == [text for _, text in chapters]
    assert frame["rubrik"].tolist() == ["Hemtjänsten", "Skolan", "Arbetsgrupp 3 – Kultur"]


def test_a_bold_forslag_line_over_titled_proposals_leaves_the_background_out(tmp_path: Path) -> None:
    """"Förslag" typed in bold (no Heading style) over proposals each with a bold title of its own: the titles, in
    the same bold, ended the "Förslag" section at once, so it held nothing and every paragraph of the report was
    read — the group's background ("Vi har träffats …") became a proposal. The titles are the section's, as
    they are under a "Förslag" in a Heading style; a bold group line over several paragraphs still ends it."""
    document = docx.Document()
    for group, proposals in [("Arbetsgrupp Hemtjänst Norr", [
            ("Fler elcyklar till hemtjänsten", "Vi vill ha fler elcyklar så att personalen tar sig mellan brukarna."),
            ("Digitalt nyckelskåp", "Ett digitalt nyckelskåp skulle spara tid varje morgon.")]),
            ("Arbetsgrupp Skola", [("Bättre wifi", "Eleverna behöver bättre trådlöst nätverk under proven.")])]:
        document.add_heading(group, 1)
        document.add_paragraph("Vi har träffats fyra gånger i vår.")
        document.add_paragraph().add_run("Förslag").bold = True
        for title, text in proposals:
            document.add_paragraph().add_run(title).bold = True
            document.add_paragraph(text)
    document.add_paragraph().add_run("Övrigt").bold = True
    document.add_paragraph("Nästa möte är i augusti.")
    document.add_paragraph("Protokollet skickas ut.")
    path = tmp_path / "fet.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Fler elcyklar till hemtjänsten. Vi vill ha fler elcyklar så att personalen tar sig mellan brukarna.",
        "Digitalt nyckelskåp. Ett digitalt nyckelskåp skulle spara tid varje morgon.",
        "Bättre wifi. Eleverna behöver bättre trådlöst nätverk under proven."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Hemtjänst Norr"] * 2 + ["Arbetsgrupp Skola"]


def test_the_line_that_announces_att_satser_or_a_list_is_no_proposal(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Arbetsgrupp Äldreomsorg", 1)
    document.add_heading("Förslag", 2)
    document.add_paragraph("Arbetsgruppen föreslår att")
    for text in ["kommunen inför en gemensam introduktion för alla vikarier,",
                 "varje nyanställd får en fadder under de första fyra veckorna."]:
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("Arbetsgrupp Skola", 1)
    document.add_heading("Förslag", 2)
    document.add_paragraph("Arbetsgruppen föreslår")
    document.add_paragraph("att skolan inför ett mentorsprogram för nyexaminerade lärare,")
    document.add_paragraph("att rekryteringen av speciallärare prioriteras inför hösten.")
    document.add_paragraph("Vi föreslår följande:")
    path = tmp_path / "attsatser.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["kommunen inför en gemensam introduktion för alla vikarier,",
                             "varje nyanställd får en fadder under de första fyra veckorna.",
                             "att skolan inför ett mentorsprogram för nyexaminerade lärare,",
                             "att rekryteringen av speciallärare prioriteras inför hösten."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Äldreomsorg"] * 2 + ["Arbetsgrupp Skola"] * 2
    # a proposal that says what it proposes in the same sentence is kept whole
    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph("Arbetsgruppen föreslår att personalrummet byggs om.")
    path = tmp_path / "enmening.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == ["Arbetsgruppen föreslår att personalrummet byggs om."]


def test_proposals_that_look_like_closing_lines_captions_or_titles_are_kept(tmp_path: Path) -> None:
    """Regressions of the signature, caption and title rules: real proposals are never dropped or glued."""
    d = docx.Document()
    d.add_heading("Förslag", 1)
    kept = ["Ordförande: se över mötesformerna så att alla kommer till tals på APT.",
            "Ny rutin för överlämning gäller från den 1 januari 2025",
            "Kontakt: bättre kontakt med anhöriga via en gemensam app för besked."]
    for text in kept + ["Anna Svensson, sammankallande", "Hemtjänsten Norr den 15 mars 2024"]:
        d.add_paragraph(text)
    path = tmp_path / "slut.docx"
    d.save(str(path))
    assert _texts(extract_proposals(path)) == kept
    d = docx.Document()
    d.add_heading("Förslag", 1)
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Våra förslag"
    table.cell(1, 0).text, table.cell(1, 1).text = "Fler datorer i personalrummet för dokumentation", "Hemtjänst Norr"
    table.cell(2, 0).text, table.cell(2, 1).text = "Schemat ut sex veckor i förväg", "Hemtjänst Norr"
    path = tmp_path / "rubrikrad.docx"
    d.save(str(path))
    assert len(extract_proposals(path)) == 2  # a caption over proposals, no header row to drop
    d = docx.Document()
    d.add_heading("Förslag", 1)
    for group, texts in (("Arbetsgrupp Norr", ["Vi vill ha fler datorer i personalrummet.", "Schemat tidigare, tack."]),
                         ("Arbetsgrupp Syd", ["Bättre introduktion för nyanställda.", "Gemensamma APT varannan vecka."])):
        d.add_paragraph().add_run(group).bold = True
        for text in texts:
            d.add_paragraph(text)
    path = tmp_path / "grupper.docx"
    d.save(str(path))
    frame = extract_proposals(path)
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Norr"] * 2 + ["Arbetsgrupp Syd"] * 2
    assert not any(t.startswith("Arbetsgrupp") for t in _texts(frame))


# --------------------------------------------------------------------------------------------------------
# Markdown and plain text
# --------------------------------------------------------------------------------------------------------


def test_markdown(md_file: Path) -> None:
    frame = extract_proposals(md_file)
    assert _texts(frame) == [
        "Inför gemensamma rutiner för orosanmälningar så att alla handläggare gör likadant.",
        "Fler familjebehandlare behövs för att korta väntetiderna.",
        "Bättre IT-stöd: nya datorer till alla handläggare; snabbare wifi i mötesrummen",
        "Mer handledning för nya medarbetare, gärna varannan vecka.",
        "Ses oftare över enhetsgränserna – Chefsgruppen",
    ]
    assert frame["id"].tolist() == [f"apt.md#{n}" for n in (1, 2, 3, 4, 6)]
    assert frame["rubrik"].tolist() == ["Barn och unga"] * 2 + ["Vuxen"] * 3


def test_auto_prefers_content_under_proposal_headings_and_names_the_group(tmp_path: Path) -> None:
    path = tmp_path / "hemtjanst.md"
    path.write_text(
        "# Hemtjänst Norr\n\n## Bakgrund\n\n- Vi har haft många vikarier under året.\n\n"
        "## Våra förslag\n\n1. Fler fasta vikarier som känner brukarna.\n"
        "2. Bättre nyckelhantering med digitala lås.\n\n"
        "# Hemtjänst Söder\n\n**Förslag:**\n\n- Gemensam planering varje måndag morgon.\n",
        encoding="utf-8",
    )
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Fler fasta vikarier som känner brukarna.",
        "Bättre nyckelhantering med digitala lås.",
        "Gemensam planering varje måndag morgon.",
    ]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Hemtjänst Norr", "Hemtjänst Söder"]
    assert _texts(extract_proposals(path, split="list"))[0] == "Vi har haft många vikarier under året."


def test_markdown_paragraph_mode_includes_prose_but_not_toc(md_file: Path) -> None:
    texts = _texts(extract_proposals(md_file, split="paragraph"))
    assert texts[0] == "Vi har diskuterat förslagen på tre arbetsplatsträffar under våren."
    assert not any("Barn och unga" == t or "#" in t for t in texts)


def test_plain_text_cp1252_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "solgarden.txt"
    path.write_bytes(PROSE.replace("\n", "\r\n").encode("cp1252"))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Vi vill ha fler vikarier på helgerna; i dag går vi ofta kort och det påverkar både brukarna och oss.",
        "Personalrummet behöver nya möbler och bättre ventilation.",
    ]
    assert frame["rubrik"].tolist() == ["Förslag från personalgruppen på Solgården"] * 2
    assert frame["id"].tolist() == ["solgarden.txt#1", "solgarden.txt#2"]
    assert frame["stycke"].tolist() == [2, 3]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_plain_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes("Åtgärder\n\n- Ändra öppettiderna för växeln.\n- Köp in fler rollatorer.\n".encode(encoding))
    assert _texts(extract_proposals(path)) == ["Ändra öppettiderna för växeln.", "Köp in fler rollatorer."]


def test_plain_text_lists_with_continuation_lines_and_letters(tmp_path: Path) -> None:
    path = tmp_path / "lista.txt"
    path.write_text(
        "Vi föreslår följande:\n1. Fler vikarier\n   under sommaren och jul.\n2) Bättre\n"
        "kommunikation mellan enheterna.\n   a) veckobrev\n   b) gemensamma möten varje månad\n",
        encoding="utf-8",
    )
    frame = extract_proposals(path)
    assert _texts(frame) == [  # the sub-points a) b) say how: part of their proposal
        "Fler vikarier under sommaren och jul.",
        "Bättre kommunikation mellan enheterna. veckobrev; gemensamma möten varje månad",
    ]
    assert frame["id"].tolist() == ["lista.txt#1", "lista.txt#2"]
    assert frame["rubrik"].tolist() == ["Vi föreslår följande"] * 2


def test_plain_text_letter_and_full_stop_sub_points(tmp_path: Path) -> None:
    """Sub-points numbered "a.", "b." (Word's letter numbering, as a report copied into a text file has it) are
    list items as "a)" is: under a group's name each is a proposal, under a proposal they are its sub-points.
    They were read as lines of the item above, so a group's proposals ran together with its name into one. An
    abbreviation opening a wrapped line ("t. ex.", "s. 12") still continues it."""
    path = tmp_path / "utskott.txt"
    path.write_text(
        "Förslag:\n\n"
        "1. Arbetsgrupp 3 – Kultur\n"
        "   a. Längre öppettider på biblioteket under helgerna\n"
        "   b. Gratis entré till konsthallen för pensionärer\n"
        "2. Förbättra introduktionen för nyanställda\n"
        "   a. en fadder under de första fyra veckorna, som\n"
        "   t. ex. kan vara en erfaren kollega\n"
        "   b. en checklista som chefen går igenom, se\n"
        "   s. 12 i personalhandboken\n",
        encoding="utf-8",
    )
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Längre öppettider på biblioteket under helgerna",
        "Gratis entré till konsthallen för pensionärer",
        "Förbättra introduktionen för nyanställda; en fadder under de första fyra veckorna, som t. ex. kan vara en "
        "erfaren kollega; en checklista som chefen går igenom, se s. 12 i personalhandboken",
    ]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 3 – Kultur"] * 2 + ["Förslag"]


def test_plain_text_keeps_numbered_headings_at_page_tops(tmp_path: Path) -> None:
    pages = [
        f"Arbetsgrupp {n}\n1. Förslag nummer {n} om bättre planering.\nSocialtjänsten, sida {n} av 3"
        for n in (1, 2, 3)
    ]
    path = tmp_path / "grupper.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == [f"Förslag nummer {n} om bättre planering." for n in (1, 2, 3)]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1", "Arbetsgrupp 2", "Arbetsgrupp 3"]


def test_plain_text_pages_toc_and_short_lines(tmp_path: Path) -> None:
    header = "Kommunen – Äldreomsorgen"
    text = (
        f"{header}\nInnehållsförteckning\nFörslag ........ 2\n\f"
        f"{header}\nFörslag\n\nFler vikarier på helgerna\nBättre wifi i personalrummet\n"
        "Längre raster för nattpersonalen och\nmöjlighet att vila\n\nSida 2 av 2\n"
    )
    path = tmp_path / "rapport.txt"
    path.write_text(text, encoding="utf-8")
    assert _texts(extract_proposals(path)) == [
        "Fler vikarier på helgerna",
        "Bättre wifi i personalrummet",
        "Längre raster för nattpersonalen och möjlighet att vila",
    ]


def test_plain_text_att_satser_under_arbetsgruppen_foreslar_keep_their_groups(tmp_path: Path) -> None:
    path = tmp_path / "grupper.txt"
    path.write_text("Arbetsgrupp Norr\n\nArbetsgruppen föreslår\n\natt nyckelfria lås införs i hela hemtjänsten,\n\n"
                    "att personalen får egna telefoner med larmfunktion.\n\nArbetsgrupp Syd\n\nArbetsgruppen föreslår\n\n"
                    "att planeringen görs av en samordnare per område.\n", encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == ["att nyckelfria lås införs i hela hemtjänsten,",
                             "att personalen får egna telefoner med larmfunktion.",
                             "att planeringen görs av en samordnare per område."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Norr"] * 2 + ["Arbetsgrupp Syd"]


def test_looks_like_table(tmp_path: Path) -> None:
    excel = tmp_path / "export.txt"
    excel.write_bytes(
        "Id\tFörslag\tEnhet\r\n1\tFler vikarier\tHemtjänst\r\n2\t\"Bättre wifi,\r\ngärna snart\"\tIT\r\n"
        "3\tNya möbler\tBoende\r\n".encode("utf-16")
    )
    two_columns = tmp_path / "tva.txt"
    two_columns.write_bytes("Id\tFörslag\r\n1\tFler vikarier\r\n2\tBättre wifi\r\n".encode("utf-16"))
    semicolons = tmp_path / "semikolon.txt"
    semicolons.write_text("id;förslag;enhet\n1;Fler vikarier;Hemtjänst\n2;Bättre wifi;IT\n", encoding="cp1252")
    prose = tmp_path / "prosa.txt"
    prose.write_text(PROSE, encoding="utf-8")
    assert looks_like_table(excel) is True
    assert looks_like_table(two_columns) is True
    assert looks_like_table(semicolons) is True
    assert looks_like_table(prose) is False
    csv_file = tmp_path / "data.csv"
    csv_file.write_text("Vi vill ha fler vikarier.\n", encoding="utf-8")
    assert looks_like_table(csv_file) is True  # the suffix decides
    md = tmp_path / "a.md"
    md.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    assert looks_like_table(md) is False
    with pytest.raises(InputFileError, match="saknas.txt"):
        looks_like_table(tmp_path / "saknas.txt")


# --------------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------------


def test_encrypted_pdf(pdf_file: Path, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=str(pdf_file))
    writer.encrypt("hemligt", algorithm="AES-128")
    path = tmp_path / "låst.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputFileError, match="låst.pdf") as info:
        extract_proposals(path)
    assert "encrypted" in str(info.value) and "\n" not in str(info.value)


def test_image_only_pdf(tmp_path: Path) -> None:
    pdf = _new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a "scan": graphics, no text
    path = tmp_path / "skannad.pdf"
    pdf.output(str(path))
    with pytest.raises(InputFileError, match=r"skannad\.pdf: no text layer \(scanned\?\).*run OCR on it first"):
        extract_proposals(path)


@pytest.mark.parametrize("name", ["trasig.docx", "trasig.pdf"])
def test_corrupt_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(InputFileError, match=name.replace(".", r"\.")) as info:
        extract_proposals(path)
    assert "\n" not in str(info.value)


def test_undecodable_text_missing_and_unsupported_files(tmp_path: Path) -> None:
    binary = tmp_path / "binar.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputFileError, match=r"binar\.txt.*decode"):
        extract_proposals(binary)
    with pytest.raises(InputFileError, match="saknas.docx"):
        extract_proposals(tmp_path / "saknas.docx")
    sheet = tmp_path / "tabell.xlsx"
    sheet.write_bytes(b"PK")
    with pytest.raises(InputFileError, match="tabell.xlsx"):
        extract_proposals(sheet)
    with pytest.raises(ValueError):
        extract_proposals(binary, split="sentences")


# --------------------------------------------------------------------------------------------------------
# Folders, determinism
# --------------------------------------------------------------------------------------------------------


def test_extract_many_folder_with_one_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "inkommet"
    (folder / "vuxen").mkdir(parents=True)
    make_pdf(folder / "plan.pdf")
    make_docx(folder / "vuxen" / "grupper.docx")
    (folder / "vuxen" / "apt.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "trasig.docx").write_bytes(random.Random(1).randbytes(500))
    (folder / "~$grupper.docx").write_bytes(b"lock file")  # Word lock file: ignored
    (folder / "anteckningar.xlsx").write_bytes(b"not a document")  # a table: skipped and named, not ignored

    frame, skipped = extract_many([folder])
    assert [fil for fil, _ in skipped] == ["anteckningar.xlsx", "trasig.docx"]
    assert "trasig.docx" in skipped[1][1]
    assert list(frame.columns) == list(COLUMNS)
    assert frame["fil"].unique().tolist() == ["plan.pdf", "vuxen/apt.md", "vuxen/grupper.docx"]
    assert len(frame) == 5 + 5 + 5
    assert frame["id"].is_unique
    assert frame.loc[frame["fil"] == "vuxen/grupper.docx", "id"].iloc[0] == "vuxen/grupper.docx#1"
    assert _texts(frame[frame["fil"] == "plan.pdf"]) == PDF_PROPOSALS
    assert str(frame["sida"].dtype) == "Int64"
    assert frame.loc[frame["fil"] != "plan.pdf", "sida"].isna().all()


def test_a_document_without_proposals_in_a_folder_counts_as_skipped(tmp_path: Path) -> None:
    """README: a document without proposals is an input error; in a folder it is skipped (exit 6), not
    only noted."""
    folder = tmp_path / "inkommet"
    folder.mkdir()
    make_docx(folder / "grupper.docx")
    (folder / "tom.md").write_text("# Rubrik\n\n## Underrubrik\n\nInget nytt.\n", encoding="utf-8")
    frame, skipped = extract_many([folder])
    assert [fil for fil, _ in skipped] == ["tom.md"] and "inga förslag" in skipped[0][1].render("sv")
    assert frame["fil"].unique().tolist() == ["grupper.docx"]


def test_extract_many_skips_table_like_text_in_folders_and_rejects_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_bytes("Id\tFörslag\tEnhet\r\n1\tFler vikarier\tHemtjänst\r\n".encode("utf-16"))
    (tmp_path / "prosa.txt").write_text(PROSE, encoding="utf-8")
    frame, skipped = extract_many(tmp_path)
    assert [fil for fil, _ in skipped] == ["export.txt"]
    assert frame["fil"].unique().tolist() == ["prosa.txt"]
    with pytest.raises(InputFileError, match="finns-inte"):
        extract_many([tmp_path / "finns-inte"])
    empty, none_skipped = extract_many([])
    assert list(empty.columns) == list(COLUMNS) and empty.empty and none_skipped == []


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    folder = tmp_path / "mapp"
    folder.mkdir()
    make_pdf(folder / "plan.pdf")
    make_docx(folder / "grupper.docx")
    first, _ = extract_many([folder])
    second, _ = extract_many([folder])
    pd.testing.assert_frame_equal(first, second)
    # A new file in the folder does not change the ids of the others.
    (folder / "a_ny.md").write_text("- Ett nytt förslag om bättre kaffe i fikarummet.\n", encoding="utf-8")
    third, _ = extract_many([folder])
    assert third["id"].tolist() == ["a_ny.md#1"] + first["id"].tolist()
    assert extract_proposals(folder / "plan.pdf")["id"].tolist() == extract_proposals(folder / "plan.pdf")[
        "id"
    ].tolist()


def test_document_suffixes() -> None:
    assert DOCUMENT_SUFFIXES == {".docx", ".odt", ".ott", ".fodt", ".pdf", ".txt", ".md"}


def test_docx_table_people_are_a_column_of_their_own_and_masked(tmp_path: Path) -> None:
    """A follow-up table "Förslag | Ansvarig | Klart": the row's text is as before; the full names under
    Ansvarig also become the proposal's *ansvarig*, whose people --redact masks in every text; a unit or a
    first name alone there is no person."""
    from typer.testing import CliRunner

    from forbattra.cli.app import app

    document = docx.Document()
    document.add_heading("Förslag från arbetsgruppen", 1)
    table = document.add_table(rows=4, cols=3)
    for r, cells in enumerate([("Förslag", "Ansvarig", "Klart"),
                               ("Inför digital signering av anställningsavtalen", "Anna Svensson", "Q3"),
                               ("Byt ut de gamla skrivarna på kontoret", "IT-enheten", "Q4"),
                               ("Bättre introduktion för nyanställda", "Lena", "Q1")]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / "uppfoljning.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digital signering av anställningsavtalen – Anna Svensson – Q3",
        "Byt ut de gamla skrivarna på kontoret – IT-enheten – Q4",
        "Bättre introduktion för nyanställda – Lena – Q1",
    ]
    assert list(frame["ansvarig"]) == ["Anna Svensson", None, None]
    out = tmp_path / "ut.csv"
    r = CliRunner().invoke(app, ["classify", str(path), "--redact", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "Svensson" not in text and "anställningsavtalen – [namn] – Q3" in text and "IT-enheten – Q4" in text


def test_a_paragraph_of_many_thousand_lines_is_joined_in_linear_time(monkeypatch):
    """A PDF of thousands of pages whose lines run on without a full stop (a hostile or a badly exported
    file): each line joined looked for a hyphen at the end of the whole paragraph so far, so reading took
    quadratic time — 4,000 pages 37 s, 20,000 pages over ten minutes. Now only the paragraph's end is looked
    at: the same text, hyphenation undone as before, in well under a second."""
    import re

    from forbattra.inputs import documents
    from forbattra.inputs.documents import _join_lines

    parts = [f"förslag nr {i} om fler vikarier och lokaler" for i in range(20_000)]
    parts[10] = "kompetens-"
    parts[11] = "utveckling för alla"
    parts[20] = "IT-"
    parts[21] = "stöd på helgerna"
    parts[30] = "samarbeta med a-"
    parts[31] = "kassan"
    searched: list[int] = []  # the length of every text the hyphen search looks at (not a timing)

    def search(pattern, string, flags=0):
        searched.append(len(string))
        return re.search(pattern, string, flags)

    monkeypatch.setattr(documents, "re", type("re", (), {"search": staticmethod(search), "sub": staticmethod(re.sub),
                                                          "compile": staticmethod(re.compile)}))
    joined = _join_lines(parts)
    assert searched and max(searched) <= 3, max(searched)  # the paragraph's end, however long the paragraph
    assert "samarbeta med a-kassan" in joined
    assert joined.startswith("förslag nr 0 ") and "kompetensutveckling för alla" in joined
    assert "IT-stöd på helgerna" in joined and joined.endswith("nr 19999 om fler vikarier och lokaler")


@pytest.mark.parametrize("split", ["auto", "list", "paragraph"])
def test_a_short_list_item_under_a_forslag_heading_is_kept_with_split_list_too(tmp_path, split):
    """The README: list items under a *Förslag* heading count however short ("Mer personal"), and `--split list` reads
    every list item. With --split list (or paragraph) the short ones under Förslag were dropped as shorter than
    --min-length, so the option meant to read more read fewer proposals; a short item under another heading is still
    left to --min-length."""
    from forbattra.inputs.documents import extract_proposals

    p = tmp_path / "arbetsgrupp3.md"
    p.write_text("# Arbetsgrupp 3\n\n## Lokaler\n\n- Ny soffa\n- Större personalrum med plats för alla på APT\n\n"
                 "## Förslag\n\n- Inför fasta tider för överlämning mellan kvälls- och nattpersonal\n- Fler bilar\n",
                 encoding="utf-8")
    texts = list(extract_proposals(p, split=split, min_length=20)["förslag"])
    assert "Fler bilar" in texts
    assert "Ny soffa" not in texts


def test_pdf_forslag_right_under_the_groups_name_in_the_same_font_is_its_own_heading(tmp_path):
    """A group's name and its "Förslag" under it, both in the same bold font (two Heading 1 in Word, saved as PDF),
    were joined as one wrapped heading, "Arbetsgrupp 2 – Skola Förslag": that became the proposals' rubrik, so
    the unit was a name no one wrote. "Förslag" is a heading of its own, and the group's name the rubrik."""
    pdf = fpdf.FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    for group, items in [("Arbetsgrupp 1 – Äldreomsorg", ["Inför digitala signeringslistor i hemtjänsten.",
                                                         "Schemat läggs fyra veckor i förväg."]),
                         ("Arbetsgrupp 2 – Skola", ["Köp in fler läsplattor till mellanstadiet i Lyckeby."])]:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        for heading in (group, "Förslag"):
            pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.set_font("Helvetica", "", 11)
        for item in items:
            pdf.set_x(20)
            pdf.cell(8, 6, "•")
            pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "grupper.pdf"
    pdf.output(str(path))
    got = extract_proposals(path)
    assert list(got["rubrik"]) == ["Arbetsgrupp 1 – Äldreomsorg"] * 2 + ["Arbetsgrupp 2 – Skola"]
    assert list(got["förslag"]) == ["Inför digitala signeringslistor i hemtjänsten.", "Schemat läggs fyra veckor i förväg.",
                                    "Köp in fler läsplattor till mellanstadiet i Lyckeby."]


def test_a_forslag_heading_keeps_its_own_list_beside_a_sub_heading_of_proposals(tmp_path: Path) -> None:
    """"Förslag" with a numbered list, then "Förslag som kräver budget" under it with another: only the sub-heading's
    list counted, which kept less than half the text, so every paragraph was read — "Bakgrund" too."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 3: Äldreomsorg", 0)
    document.add_paragraph("Rapporten sammanfattar gruppens arbete under hösten.")
    document.add_heading("Bakgrund", 1)
    document.add_paragraph("Gruppen har träffats fyra gånger under hösten och diskuterat arbetsmiljön på boendet.")
    document.add_heading("Förslag", 1)
    own = ["Inför ett gemensamt schema för helger.", "Köp in fler lyftar till boendet på Vämö."]
    for text in own:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Förslag som kräver budget", 2)
    budget = ["Bygg om personalrummet så att alla får plats.", "Byt ut de gamla sängarna på avdelning 2."]
    for text in budget:
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "grupp3.docx"
    document.save(str(path))
    notes: list[str] = []
    frame = extract_proposals(path, notes=notes)
    assert _texts(frame) == own + budget
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 3: Äldreomsorg"] * 2 + ["Förslag som kräver budget"] * 2
    assert notes == ["grupp3.docx: 4 proposals (4 list items under 'Förslag'-like headings)"]


def test_list_items_of_a_chapter_without_a_forslag_heading_are_named_in_the_notes(tmp_path: Path) -> None:
    """Once one group's chapter has a *Förslag* heading, the list items of a chapter without one are not read (the
    README's rule). They were left out without a word: the notes now say how many, under which heading, and how to
    read them (--split list)."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp A – Hemtjänsten", 1)
    document.add_paragraph("Gruppen har träffats fyra gånger.")
    document.add_heading("Förslag", 2)
    own = ["Inför nyckelfria lås i hela hemtjänsten så att vi slipper hämta nycklar på kontoret varje morgon",
           "Ge varje team en fast planerare som känner brukarna och kan lägga realistiska tider",
           "Köp in fler elcyklar till distrikten, i dag får de som kommer sist ta bilen eller gå",
           "Gör introduktionen längre för nyanställda, minst tre dagar med handledare innan man går ensam"]
    for text in own:
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("2. Arbetsgrupp B – Skolan", 1)
    document.add_paragraph("Gruppen har diskuterat arbetsmiljön.")
    other = ["Fler rastvakter på skolgården", "Bättre ventilation i klassrummen"]
    for text in other:
        document.add_paragraph(text, style="List Bullet")
    path = tmp_path / "grupper.docx"
    document.save(str(path))
    notes: list[str] = []
    assert _texts(extract_proposals(path, notes=notes)) == own
    assert notes == ["grupper.docx: 4 proposals (4 list items under 'Förslag'-like headings)",
                     "grupper.docx: 2 list items or table rows outside 'Förslag'-like headings were not read (under "
                     "'Arbetsgrupp B – Skolan'); --split list reads every list item and table row"]
    assert _texts(extract_proposals(path, split="list")) == own + other


def _surname_first_table(doc_type: str, path: Path) -> Path:
    rows = [("Förslag", "Ansvarig", "Klart"),
            ("Inför digital signering av avtalen, Erik Lind vet hur", "Lind, Erik", "Q3"),
            ("Byt ut de gamla skrivarna, GÖRAN ÖHRSTRÖMS idé", "goran.ohrstrom@kommun.se", "Q4"),
            ("Bättre introduktion för nyanställda", "Anna Berg / Wästberg, Märta", "Q1")]
    if doc_type == "md":
        path.write_text("# Förslag\n\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows[:1]) + "\n|---|---|---|\n"
                        + "\n".join("| " + " | ".join(r) + " |" for r in rows[1:]) + "\n", encoding="utf-8")
    elif doc_type == "docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        table = document.add_table(rows=len(rows), cols=3)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
        document.save(str(path))
    else:
        pdf = _proposal_page(body=10)
        pdf.set_xy(20, 40)
        _pdf_table(pdf, rows, (90, 60, 20), "ALL")
        pdf.output(str(path))
    return path


@pytest.mark.parametrize("doc_type", ["docx", "pdf"])
def test_a_table_ansvarig_cell_written_surname_first_or_as_an_address_gives_its_person(tmp_path: Path,
                                                                                       doc_type: str) -> None:
    """A Word or PDF table's *Ansvarig* cell written surname first ("Lind, Erik") or holding an e-mail address gave
    the proposal no *ansvarig*, so --redact left "Lind, Erik", "Erik Lind" and "GÖRAN ÖHRSTRÖMS" in the texts,
    where a CSV or Excel *Ansvarig* column with the same cells masked them. Such a cell now gives its person as the
    tables' reader reads one (the name as written, the address), and --redact masks them."""
    from typer.testing import CliRunner

    from forbattra.cli.app import app

    path = _surname_first_table(doc_type, tmp_path / f"uppfoljning.{doc_type}")
    assert list(extract_proposals(path)["ansvarig"]) == ["Lind, Erik", "goran.ohrstrom@kommun.se",
                                                         "Anna Berg / Wästberg, Märta"]
    out = tmp_path / "ut.csv"
    r = CliRunner().invoke(app, ["classify", str(path), "--redact", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [(row["förslag"], row["ansvarig"]) for row in rows] == [
        ("Inför digital signering av avtalen, [namn] vet hur – [namn] – Q3", "[namn]"),
        ("Byt ut de gamla skrivarna, [namn] idé – [e-post] – Q4", "[e-post]"),
        ("Bättre introduktion för nyanställda – [namn] / [namn] – Q1", "[namn] / [namn]")]


def test_a_markdown_tables_people_become_its_proposals_ansvarig(tmp_path: Path) -> None:
    """A Markdown table "| Förslag | Ansvarig | Klart |" gave its proposals no *ansvarig*, where the same table in a
    Word file or a PDF did: --redact left "Lind, Erik" and "Erik Lind" in the texts. Its column of people now gives
    each row's people as a Word table's does (also one written surname first or as an address), masked in the texts."""
    from typer.testing import CliRunner

    from forbattra.cli.app import app

    path = _surname_first_table("md", tmp_path / "uppfoljning.md")
    assert list(extract_proposals(path)["ansvarig"]) == ["Lind, Erik", "goran.ohrstrom@kommun.se",
                                                         "Anna Berg / Wästberg, Märta"]
    out = tmp_path / "ut.csv"
    r = CliRunner().invoke(app, ["classify", str(path), "--redact", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [row["förslag"] for row in rows] == [
        "Inför digital signering av avtalen, [namn] vet hur – [namn] – Q3",
        "Byt ut de gamla skrivarna, [namn] idé – [e-post] – Q4",
        "Bättre introduktion för nyanställda – [namn] / [namn] – Q1"]


def test_a_group_typed_at_the_level_of_the_forslag_above_is_the_unit_of_its_proposals(tmp_path: Path) -> None:
    """Groups' chapters gathered into one report, each typed its own way: "Arbetsgrupp 5 – Äldreomsorg" (Heading 1)
    over "Förslag" (Heading 2), then "Arbetsgrupp 6 – Skola" and its "Förslag" both Heading 2 (in a PDF: the same
    size and bold). The second group's proposals were counted to the first group ("Arbetsgrupp 5 – Äldreomsorg"):
    a heading at the level of its "Förslag" was taken as its group only where two or more such pairs were found.
    One is enough where that heading names a group by its name."""
    first = "Vi vill att arbetsmiljön på avdelningen ses över av skyddsombudet."
    second = "Eleverna behöver ett lugnare rum för läxhjälp efter skoltid."
    d = docx.Document()
    d.add_heading("Förbättringsförslag 2026", 0)
    d.add_heading("Arbetsgrupp 5 – Äldreomsorg", 1)
    d.add_heading("Förslag", 2)
    d.add_paragraph(first, style="List Number")
    d.add_heading("Arbetsgrupp 6 – Skola", 2)
    d.add_heading("Förslag", 2)
    d.add_paragraph(second, style="List Number")
    d.save(tmp_path / "grupper.docx")
    pdf = _new_pdf()
    pdf.add_page()
    y = 25.0
    for text, style, size in [("Arbetsgrupp 5 – Äldreomsorg", "B", 14), ("Förslag", "B", 12), ("1. " + first, "", 11),
                              ("Arbetsgrupp 6 – Skola", "B", 12), ("Förslag", "B", 12), ("1. " + second, "", 11)]:
        pdf.set_font("Helvetica", style, size)
        pdf.set_xy(20, y)
        pdf.cell(170, 7, text)
        y += 10
    pdf.output(str(tmp_path / "grupper.pdf"))
    for name in ("grupper.docx", "grupper.pdf"):
        frame = extract_proposals(tmp_path / name)
        assert frame[["rubrik", "förslag"]].values.tolist() == [["Arbetsgrupp 5 – Äldreomsorg", first],
                                                                 ["Arbetsgrupp 6 – Skola", second]], name


def test_a_mirrored_running_header_is_no_proposal(tmp_path: Path) -> None:
    """A report printed with Word's "Olika udda och jämna sidor": the municipality's name at the top of the odd pages,
    the report's title on the even ones, and no header on the title page. Each comes back on half the pages or
    fewer, so neither was known as a running header, and where proposals ran over the page break under "Förslag"
    one became a proposal of its own ("Förbättringsförslag från arbetsgrupperna 2026"). A line that comes back on
    most pages of one side, and on no page of the other, is a running header too."""

    class Book(fpdf.FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Helvetica", "", 9)
                self.set_xy(20, 10)
                odd = self.page_no() % 2
                self.cell(170, 5, "Karlskrona kommun" if odd else "Förbättringsförslag från arbetsgrupperna 2026",
                          align="R" if odd else "L")
            self.set_xy(20, 22)

    pdf = Book(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(20, 22, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(170, 12, "Förbättringsförslag 2026", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(170, 10, "Förslag", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    texts = [f"Förslag {k} från arbetsgruppen: vi vill att rutinen för {topic} ses över under hösten så att "
             "alla medarbetare vet vad som gäller och kan ge brukarna ett likvärdigt bemötande varje dag."
             for k, topic in enumerate(["nycklar", "scheman", "bilar", "telefoner", "larm", "mat", "tvätt",
                                        "dokumentation", "introduktion", "rapportering"] * 10, start=1)]
    for text in texts:
        pdf.multi_cell(170, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(tmp_path / "bok.pdf"))
    frame = extract_proposals(tmp_path / "bok.pdf")
    assert frame["sida"].max() == 6  # (the title on pages 2, 4 and 6, the municipality on 3 and 5)
    assert frame["förslag"].tolist() == texts


def test_a_hyphen_at_a_pdf_lines_end_before_a_capital_or_a_digit_is_kept_without_a_space(tmp_path: Path) -> None:
    """A line of a PDF that ends in a hyphen of the text's own before a capital or a digit ("Karlskrona-" over
    "Nättraby skolområde", "covid-" over "19") was joined with a space: "Karlskrona- Nättraby", "covid- 19", as a
    suspended compound is ("Barn- och ungdomsnämnden"). A word is never hyphenated before a capital or a digit:
    the hyphen stays, the space goes. A word hyphenated at the line's end is joined as before."""
    pdf = _proposal_page()
    y = 40.0
    for number, first, rest in [
            ("1.", "Samverkan med Karlskrona-", "Nättraby skolområde bör utvecklas under året."),
            ("2.", "Rutinerna efter covid-", "19 bör ses över av enhetschefen och skyddsombudet."),
            ("3.", "Bemanningen för perioden 2025-", "2026 bör planeras tillsammans med facket."),
            ("4.", "Barn-", "och ungdomsnämnden borde besöka verksamheten oftare."),
            ("5.", "Vi vill att arbets-", "miljön ses över och att bullret i matsalen minskas."),
            ("6.", "Vi behöver bättre stöd från IT-", "avdelningen när datorerna krånglar.")]:
        pdf.set_xy(20, y)
        pdf.cell(8, 6, number)
        for line in (first, rest):
            pdf.set_xy(28, y)
            pdf.cell(162, 6, line)
            y += 6
    pdf.output(str(tmp_path / "bindestreck.pdf"))
    assert extract_proposals(tmp_path / "bindestreck.pdf")["förslag"].tolist() == [
        "Samverkan med Karlskrona-Nättraby skolområde bör utvecklas under året.",
        "Rutinerna efter covid-19 bör ses över av enhetschefen och skyddsombudet.",
        "Bemanningen för perioden 2025-2026 bör planeras tillsammans med facket.",
        "Barn- och ungdomsnämnden borde besöka verksamheten oftare.",
        "Vi vill att arbetsmiljön ses över och att bullret i matsalen minskas.",
        "Vi behöver bättre stöd från IT-avdelningen när datorerna krånglar."]


@pytest.mark.parametrize("continued", ["Förslag (forts.)", "Förslag, forts.", "Förslag – fortsättning"])
def test_a_continued_forslag_heading_keeps_the_groups_unit(tmp_path: Path, continued: str) -> None:
    """A group's "Förslag" that goes on over a page under "Förslag (forts.)" (typed again at the top of the next
    page): that heading was taken as a unit of its own, "Förslag (forts.)", and the proposals under it lost their
    group. It is a bare "Förslag" as the first one is: the group's heading above stays their unit."""
    first = ["Fler elcyklar till hemtjänstgrupperna i Lyckeby.", "Digitala nyckelskåp hos alla brukare."]
    more = ["Schemat ska läggas fyra veckor i förväg.", "Nya arbetskläder till alla i gruppen."]
    school = "Eleverna behöver ett tystare rum för läxläsning."
    d = docx.Document()
    d.add_heading("Arbetsgrupp 9 – Hemtjänst", 1)
    d.add_heading("Förslag", 2)
    for text in first:
        d.add_paragraph(text, style="List Number")
    d.add_heading(continued, 2)
    for text in more:
        d.add_paragraph(text, style="List Number")
    d.add_heading("Arbetsgrupp 10 – Skola", 1)
    d.add_heading("Förslag", 2)
    d.add_paragraph(school, style="List Number")
    d.save(tmp_path / "forts.docx")
    pdf = _new_pdf()
    for group, heading, items in [("Arbetsgrupp 9 – Hemtjänst", "Förslag", first), (None, continued, more),
                                  ("Arbetsgrupp 10 – Skola", "Förslag", [school])]:
        pdf.add_page()
        y = 25.0
        if group:
            pdf.set_font("Helvetica", "B", 16)
            pdf.set_xy(20, y)
            pdf.cell(170, 8, group)
            y += 12
        pdf.set_font("Helvetica", "B", 13)
        pdf.set_xy(20, y)
        pdf.cell(170, 8, heading)
        y += 10
        pdf.set_font("Helvetica", "", 11)
        for n, text in enumerate(items, start=1 if group else 3):
            pdf.set_xy(20, y)
            pdf.cell(8, 6, f"{n}.")
            pdf.set_xy(28, y)
            pdf.cell(160, 6, text)
            y += 7
    pdf.output(str(tmp_path / "forts.pdf"))
    for name in ("forts.docx", "forts.pdf"):
        frame = extract_proposals(tmp_path / name)
        assert frame[["rubrik", "förslag"]].values.tolist() == (
            [["Arbetsgrupp 9 – Hemtjänst", t] for t in first + more] + [["Arbetsgrupp 10 – Skola", school]]), name


def test_a_report_saved_as_plain_text_by_word_keeps_its_groups_and_forslag(tmp_path: Path) -> None:
    """Word's "Spara som > Oformaterad text" writes a paragraph a line, with no blank line between: the group's
    heading, its background and its "Förslag" heading were read as one block under the report's title, so the
    group's name and its background became proposals and every proposal's unit was the title. A line of its own
    that is a bare "Förslag" or a group's name by its label heads what follows it, as it does after a blank line."""
    path = tmp_path / "rapport.txt"
    path.write_bytes("Förbättringsförslag Karlskrona 2026\r\n"
                     "Arbetsgrupp 1 – Hemtjänst\r\n"
                     "Gruppen har träffats fyra gånger under våren.\r\n"
                     "Förslag\r\n"
                     "Personalen i hemtjänsten behöver fler elcyklar för att hinna mellan besöken.\r\n"
                     "Inför nyckelskåp med digitala lås hos brukarna så att vi slipper hämta nycklar.\r\n"
                     "Arbetsgrupp 2 – Skola\r\n"
                     "Gruppen har träffats tre gånger.\r\n"
                     "Förslag:\r\n"
                     "Eleverna behöver fler lärarassistenter i de yngre klasserna under hösten.\r\n".encode("cp1252"))
    frame = extract_proposals(path)
    assert frame[["stycke", "rubrik", "förslag"]].values.tolist() == [
        [5, "Arbetsgrupp 1 – Hemtjänst", "Personalen i hemtjänsten behöver fler elcyklar för att hinna mellan besöken."],
        [6, "Arbetsgrupp 1 – Hemtjänst", "Inför nyckelskåp med digitala lås hos brukarna så att vi slipper hämta nycklar."],
        [10, "Arbetsgrupp 2 – Skola", "Eleverna behöver fler lärarassistenter i de yngre klasserna under hösten."]]


@pytest.mark.parametrize("units", [("IT", "HR", "Ekonomi"), ("Kost", "Lokalvård", "Kansliet")])
def test_short_unit_names_over_one_paragraph_each_are_units_not_titles(tmp_path: Path, units: tuple) -> None:
    """A report of the municipality's support units under a bare "Förslag" ("IT", "HR", "Ekonomi" in bold, each over
    its proposal) read them as the proposals' titles: "IT. Inför en gemensam …" with "Förslag" for unit, where
    "Hemtjänsten", "Skolan" over the same paragraphs were each its paragraph's unit. A unit's short name is a unit."""
    texts = ["Inför en gemensam support med telefontid varje vardag så att ingen behöver vänta.",
             "Introduktionen för nyanställda behöver en tydlig checklista och en fadder.",
             "Fakturahanteringen bör digitaliseras helt så att inga pappersfakturor skannas."]
    document = docx.Document()
    document.add_heading("Stödenheternas förbättringsarbete", 1)
    document.add_paragraph("Här samlas förslagen från förvaltningens stödenheter under våren.")
    document.add_heading("Förslag", 2)
    for unit, text in zip(units, texts):
        document.add_paragraph().add_run(unit).bold = True
        document.add_paragraph(text)
    path = tmp_path / "stod.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [[u, t] for u, t in zip(units, texts)]


@pytest.mark.parametrize("unit", ["Hemtjänsten", "IT", "HR", "Ekonomi", "Kost"])
def test_a_txt_units_name_on_the_line_above_its_paragraph_heads_it(tmp_path: Path, unit: str) -> None:
    """A plain-text report (Word's "Oformaterad text", or typed in Notepad) with each unit's name on the line above
    its paragraph, no blank line between: the name was read as a paragraph of its own, skipped as shorter than
    --min-length, and the proposal got the report's title for unit. The unit's name heads its paragraph, as
    "Arbetsgrupp 2 – Skola" on such a line does."""
    path = tmp_path / "rapport.txt"
    path.write_text("Förbättringsförslag 2026\n\n"
                    f"{unit}\nVi föreslår att alla får en egen inloggning till verksamhetssystemet i stället för delade konton.\n\n"
                    "Skolan\nEleverna behöver bättre trådlöst nätverk i klassrummen under proven.\n", encoding="utf-8")
    notes: list[str] = []
    frame = extract_proposals(path, notes=notes)
    assert frame["rubrik"].tolist() == [unit, "Skolan"]
    assert frame["förslag"].str.startswith(("Vi föreslår", "Eleverna")).all()
    assert not any("--min-length" in str(n) for n in notes), notes


@pytest.mark.parametrize("background", ["Bakgrund\n", ""])
def test_a_txt_reports_title_that_says_forslag_makes_no_proposal_of_the_background(tmp_path: Path,
                                                                                   background: str) -> None:
    """A plain-text report titled "Förbättringsförslag 2026 – Arbetsgrupp 3 Kost" on its first line, then the group's
    background, then "Förslag" over its list: the title, a heading of the same guessed rank as "Förslag", was read as
    a proposals' heading of its own, so the background under it ("Gruppen har träffats …") became a proposal. The
    first line is the text's title, above the headings below it as Word's Title style is."""
    path = tmp_path / "kost.txt"
    path.write_text("Förbättringsförslag 2026 – Arbetsgrupp 3 Kost\n\n" + background +
                    "Gruppen har träffats tre gånger under våren och gått igenom köket.\n\n"
                    "Förslag\n\n"
                    "1. Inför en gemensam matsedel för alla förskolor i kommunen.\n"
                    "2. Köp in nya vagnar till diskrummet så att personalen slipper lyfta.\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == ["Inför en gemensam matsedel för alla förskolor i kommunen.",
                                               "Köp in nya vagnar till diskrummet så att personalen slipper lyfta."]


def test_docx_table_opening_with_a_short_proposal_loses_no_row(tmp_path: Path) -> None:
    """A table of proposals typed without a header row, each a short line without a full stop beside the role
    responsible ("Nattpersonalen behöver fler larmtelefoner | Enhetschef"): its first row, short cells, was taken
    for the header and dropped without a word. A first row is a header where a cell names its column ("Förslag",
    "Ansvarig", "Problem | Lösning"); one that names nothing is the table's first proposal."""
    rows = [("Nattpersonalen behöver fler larmtelefoner", "Enhetschef"),
            ("Schemat bör läggas sex veckor i förväg", "Schemaläggare"),
            ("Mer tid för dokumentation varje pass", "Samordnare")]
    for header in [None, ("Problem", "Lösning"), ("Förslag på åtgärd", "Vem")]:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 6 – Äldreomsorg", 1)
        document.add_heading("Förslag", 2)
        table = document.add_table(rows=0, cols=2)
        for cells in ([header] if header else []) + rows:
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.text = text
        path = tmp_path / "tabell.docx"
        document.save(str(path))
        assert _texts(extract_proposals(path)) == [f"{a} – {b}" for a, b in rows], header


def test_a_paragraph_beside_the_list_of_a_forslag_section_is_counted_in_the_notes(tmp_path: Path) -> None:
    """Under "Förslag", a proposal typed as a paragraph above the group's bullets ("Fakturahanteringen bör
    digitaliseras helt …" over "• Attestflödet …") is not read where the section has a list (the README's rule),
    but it was left out without a word. The notes now say how many such paragraphs were not read, and how to read
    them; a line that only introduces the list ("Gruppen föreslår följande åtgärder:") is not counted."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 3 – Ekonomi", 1)
    document.add_paragraph("Gruppen har träffats fyra gånger.")
    document.add_heading("Förslag", 2)
    document.add_paragraph("Fakturahanteringen bör digitaliseras helt så att inga pappersfakturor skannas in för hand.")
    document.add_paragraph("Gruppen föreslår också följande åtgärder:")
    items = ["Attestflödet ska gå i ekonomisystemet, så att ingen faktura behöver skrivas ut för att attesteras.",
             "Budgetuppföljning varje månad för alla enheter, med en enkel rapport som cheferna kan läsa på telefonen.",
             "Ekonomerna bör besöka varje enhet en gång per termin för att gå igenom utfallet tillsammans med chefen."]
    for text in items:
        document.add_paragraph(text, style="List Bullet")
    path = tmp_path / "ekonomi.docx"
    document.save(str(path))
    notes: list = []
    assert _texts(extract_proposals(path, notes=notes)) == items
    assert [str(n) for n in notes] == [
        "ekonomi.docx: 3 proposals (3 list items under 'Förslag'-like headings)",
        "ekonomi.docx: 1 paragraph under 'Förslag'-like headings was not read, only the list items and table rows "
        "there; --split paragraph reads every paragraph"]
    assert "Fakturahanteringen" in " ".join(_texts(extract_proposals(path, split="paragraph")))


def test_markdown_footnotes_are_no_part_of_the_proposals(tmp_path: Path) -> None:
    """A Markdown report (Obsidian, Typora, pandoc, GitHub) with a footnote: its mark stayed in the proposal's text
    ("… varje vecka[^1].") and its text at the foot ("[^1]: Enligt beslut …") was read as a paragraph, a proposal
    with --split paragraph. Neither is part of a proposal, as a PDF's footnotes are not."""
    path = tmp_path / "vaxeln.md"
    path.write_text("# Arbetsgrupp 9 – Växeln\n\n## Förslag\n\n"
                    "1. Inför ett gemensamt telefonnummer för hela förvaltningen.[^nr]\n"
                    "2. Svarstiden i växeln ska mätas varje vecka[^1].\n\n"
                    "[^nr]: Som Karlskrona redan har för\n  kommunens växel.\n"
                    "[^1]: Enligt beslut i ledningsgruppen 2025.\n\n"
                    "    Med en andra paragraf i fotnoten.\n", encoding="utf-8")
    expected = ["Inför ett gemensamt telefonnummer för hela förvaltningen.",
                "Svarstiden i växeln ska mätas varje vecka."]
    notes: list = []
    assert _texts(extract_proposals(path, notes=notes)) == expected
    assert [str(n) for n in notes] == ["vaxeln.md: 2 proposals (2 list items under 'Förslag'-like headings)"]
    assert _texts(extract_proposals(path, split="paragraph")) == expected
    path.write_text("## Förslag\n\n- Fler elcyklar till hemtjänsten i norra distriktet.[^1]\n\n[^1]: Se budgeten.\n"
                    "## Förslag från enkäten\n\n- Nya vagnar till diskrummet på Trossöskolan.\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == ["Fler elcyklar till hemtjänsten i norra distriktet.",
                                               "Nya vagnar till diskrummet på Trossöskolan."]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_section_beside_the_proposals_is_no_proposal_nor_a_groups_name(tmp_path: Path, suffix: str) -> None:
    """A report Word saved as "Oformaterad text" (a paragraph a line): "Övrigt" on its own line over the group's
    thanks was a short paragraph, so the thanks stood under "Förslag" and became a proposal; and "Bakgrund", in one
    group's chapter only, beside its "Förslag" heading was taken for that group's name, the unit of its proposals.
    A report's own sections (Bakgrund, Syfte, Övrigt …) head what follows them and name no group."""
    lines = [("Förbättringsförslag Karlskrona 2026", 0), ("Arbetsgrupp 1 – Hemtjänst", 1), ("Bakgrund", 2),
             ("Gruppen har träffats fyra gånger under våren och pratat om arbetsmiljön.", None), ("Förslag", 2),
             ("Personalen i hemtjänsten behöver fler elcyklar för att hinna mellan besöken.", None),
             ("Inför nyckelskåp med digitala lås hos brukarna så att vi slipper hämta nycklar.", None), ("Övrigt", 2),
             ("Gruppen vill tacka alla medarbetare som svarat på enkäten under hösten.", None),
             ("Arbetsgrupp 2 – Skola", 1), ("Förslag", 2),
             ("Eleverna behöver fler lärarassistenter i de yngre klasserna under hösten.", None)]
    path = tmp_path / f"rapport{suffix}"
    if suffix == ".txt":
        path.write_bytes("".join(f"{text}\r\n" for text, _ in lines).encode("cp1252"))
    else:
        document = docx.Document()
        for text, level in lines:
            document.add_heading(text, level) if level is not None else document.add_paragraph(text)
        document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [
        ["Arbetsgrupp 1 – Hemtjänst", lines[5][0]], ["Arbetsgrupp 1 – Hemtjänst", lines[6][0]],
        ["Arbetsgrupp 2 – Skola", lines[11][0]]]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_a_reports_closing_lines_are_no_proposals(tmp_path: Path, suffix: str) -> None:
    """A group's report that closes, under its "Förslag", with a greeting, the group's signature, the place and date
    and the people who checked it: "Med vänliga hälsningar", "Arbetsgruppen genom Lisa Berg", "Lisa Berg,
    bibliotekarie", "Justeras: Anna Holm och Per Ek", "Ort och datum: …" were each written as a proposal (only
    "Anna Svensson, sammankallande" and "Karlskrona den 3 april 2026" were known). None is a proposal."""
    proposals = ["Biblioteket borde ha öppet längre på lördagar så att barnfamiljer hinner låna böcker.",
                 "Vi vill ha fler sittplatser vid tidningshyllan och bättre belysning i läshörnan."]
    closing = ["Med vänliga hälsningar", "Arbetsgruppen genom Lisa Berg", "Lisa Berg, bibliotekarie",
               "Erik Lind, undersköterska på Vämö", "Justeras: Anna Holm och Per Ek",
               "Ort och datum: Karlskrona den 3 april 2026", "Vänlig hälsning, Arbetsgrupp 11"]
    path = tmp_path / f"bibliotek{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 11 – Bibliotek\n\nFörslag\n\n" + "\n\n".join(proposals + closing) + "\n",
                        encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 11 – Bibliotek", 1)
        document.add_heading("Förslag", 2)
        for text in proposals + closing:
            document.add_paragraph(text)
        document.save(str(path))
    assert _texts(extract_proposals(path)) == proposals


def test_docx_table_a_topic_merged_down_over_two_proposals_keeps_both(tmp_path: Path) -> None:
    """A table of proposals by topic, the topic's cell merged down over its proposals ("Arbetsmiljö och hälsa för
    personalen" over "Fler elcyklar" and "Nytt personalrum"): where the topic was longer than the proposal beside it,
    the second row was read as the first proposal's continuation, "… – Fler elcyklar – Anna Berg – Nytt personalrum –
    Erik Lind", one proposal of two. A cell merged down joins the rows only where it is the proposals' own column
    (a proposal spanning two rows for its two people responsible)."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 12 – Hemtjänst Söder", 1)
    document.add_heading("Förslag", 2)
    data = [("Område", "Förslag", "Ansvarig"),
            ("Arbetsmiljö och hälsa för personalen", "Fler elcyklar", "Anna Berg"),
            (None, "Nytt personalrum", "Erik Lind"),
            ("Planering", "Fasta scheman för nattpersonalen så att brukarna möter samma personal", "Karin Holm"),
            (None, "Digitala nyckelskåp hos alla brukare", "Per Ek"),
            ("Kompetens", "Introduktion i tre dagar för alla nyanställda", "Lisa Ek"),
            ("", None, "Omar Said")]
    table = document.add_table(rows=len(data), cols=3)
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    table.cell(5, 1).merge(table.cell(6, 1))  # one proposal, two people responsible: still one
    path = tmp_path / "omraden.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["förslag", "ansvarig"]].values.tolist() == [
        ["Arbetsmiljö och hälsa för personalen – Fler elcyklar – Anna Berg", "Anna Berg"],
        ["Arbetsmiljö och hälsa för personalen – Nytt personalrum – Erik Lind", "Erik Lind"],
        ["Planering – Fasta scheman för nattpersonalen så att brukarna möter samma personal – Karin Holm", "Karin Holm"],
        ["Planering – Digitala nyckelskåp hos alla brukare – Per Ek", "Per Ek"],
        ["Kompetens – Introduktion i tre dagar för alla nyanställda – Lisa Ek – Omar Said", "Lisa Ek / Omar Said"]]


def test_the_lists_of_an_appendix_are_named_in_the_notes(tmp_path: Path) -> None:
    """An appendix after the proposals is not read (the README's rule), but its list was left out without a word,
    also where it holds what a reader would call proposals ("Bilaga 1 – Enkätsvar": the survey's ideas). The
    notes now say how many list items or table rows the appendices hold, under which heading, and how to read
    them (--split list)."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 5 – Ekonomiskt bistånd", 1)
    document.add_heading("Förslag", 2)
    own = ["Digital ansökan om ekonomiskt bistånd för alla sökande.",
           "Kortare handläggningstider genom att fler beslut fattas av handläggaren direkt."]
    for text in own:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Bilaga 1 – Enkätsvar", 1)
    survey = ["Fler datorer i receptionen.", "Mer tid för varje besök."]
    for text in survey:
        document.add_paragraph(text, style="List Bullet")
    path = tmp_path / "bistand.docx"
    document.save(str(path))
    notes: list = []
    assert _texts(extract_proposals(path, notes=notes)) == own
    assert [str(n) for n in notes] == [
        "bistand.docx: 2 proposals (2 list items under 'Förslag'-like headings)",
        "bistand.docx: 2 list items or table rows in appendices were not read (under 'Bilaga 1 – Enkätsvar'); "
        "--split list reads every list item and table row"]
    assert _texts(extract_proposals(path, split="list")) == own + survey


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_a_proposals_motivation_and_cost_typed_below_it_are_part_of_it(tmp_path: Path, suffix: str) -> None:
    """Proposals typed as a form under "Förslag" (in a .txt as Word saves it, a paragraph a line) — "Förslag 1: Fler
    elcyklar" and below it "Motivering: …", "Kostnad: …" — were each a proposal of their own: the motivation and the cost were classified and counted
    beside the proposal they explain. A paragraph that opens with such a field's label is part of the proposal
    above it."""
    lines = ["Förslag 1: Fler elcyklar till distrikten",
             "Motivering: I dag får de som kommer sist ta bilen eller gå mellan brukarna.",
             "Förslag 2: Digitala nyckelskåp",
             "Motivering: Personalen hämtar nycklar på kontoret varje morgon, vilket tar tid.",
             "Kostnad: cirka 50 000 kr"]
    path = tmp_path / f"norr{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 14 – Hemtjänst Norr\nFörslag\n" + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 14 – Hemtjänst Norr", 1)
        document.add_heading("Förslag", 2)
        for text in lines:
            document.add_paragraph(text)
        document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [
        ["Arbetsgrupp 14 – Hemtjänst Norr", f"Fler elcyklar till distrikten. {lines[1]}"],  # (its title's, no number)
        ["Arbetsgrupp 14 – Hemtjänst Norr", f"Digitala nyckelskåp. {lines[3]} {lines[4]}"]]
    # (with --split paragraph every paragraph is its own, a title still joined to the one below it)
    assert _texts(extract_proposals(path, split="paragraph")) == [f"Fler elcyklar till distrikten. {lines[1]}",
                                                                  f"Digitala nyckelskåp. {lines[3]}", lines[4]]


def test_a_tables_header_with_no_rows_under_it_is_no_proposal(tmp_path: Path) -> None:
    """The municipality's template has a table for the proposals ("Förslag | Ansvarig | Klart"); a group that typed
    its proposals as a list above it left the table empty, its header alone, and the header was read as a
    proposal ("Förslag – Ansvarig – Klart"), classified and counted with the rest. A table of only its header row
    holds no proposal; a table of one row that names nothing is still one."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 15 – Kultur", 1)
    document.add_heading("Förslag", 2)
    own = ["Biblioteket bör ha längre öppettider på lördagar.", "Fler konserter för barn i kulturhuset."]
    for text in own:
        document.add_paragraph(text, style="List Bullet")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Förslag", "Ansvarig", "Klart")):
        cell.text = text
    single = document.add_table(rows=1, cols=2)
    for cell, text in zip(single.rows[0].cells, ("Gratis entré till museet på söndagar", "Kulturchefen")):
        cell.text = text
    path = tmp_path / "mall.docx"
    document.save(str(path))
    assert _texts(extract_proposals(path)) == own + ["Gratis entré till museet på söndagar – Kulturchefen"]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_a_long_background_over_a_short_list_of_proposals_is_no_proposal(tmp_path: Path, suffix: str) -> None:
    """A group's report with a long "Bakgrund" over a short "Förslag" list: the list held less than half of the text,
    so every paragraph was read instead ("få listpunkter/avsnitt hittades"), and the background's paragraphs were
    written as proposals whose unit was "Bakgrund". The text under the report's own sections (Bakgrund, Syfte …)
    is no proposal, and does not count against the list."""
    background = ("Mottagningen har under året haft en hög arbetsbelastning med många nya ärenden och en "
                  "personalomsättning som gjort det svårt att hålla kvaliteten i bedömningarna.")
    own = ["Inför gemensam ärendedragning varje morgon.", "Anställ en administratör till mottagningen.",
           "Fasta telefontider för allmänheten."]
    path = tmp_path / f"mottagning{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 16 – Mottagningen\n\nBakgrund\n\n" + "\n\n".join([background] * 4)
                        + "\n\nFörslag\n\n" + "".join(f"- {t}\n" for t in own), encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 16 – Mottagningen", 1)
        document.add_heading("Bakgrund", 2)
        for _ in range(4):
            document.add_paragraph(background)
        document.add_heading("Förslag", 2)
        for text in own:
            document.add_paragraph(text, style="List Bullet")
        document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [["Arbetsgrupp 16 – Mottagningen", t] for t in own]


@pytest.mark.parametrize("form", ["bold", "plain", "txt", "txt-blank"])
def test_numbered_proposal_titles_head_their_motivation_not_a_unit(tmp_path: Path, form: str) -> None:
    """Proposals typed as "Förslag 1: Fler elcyklar till distrikten" over their motivation (in bold, in the Normal
    style, in a text): each title became a unit of its own, its text lost from the proposal; or the title and its
    motivation were two proposals, the group's background a third. The title is the proposal's, joined to the
    paragraph below it, and the group's heading stays the unit."""
    group = "Arbetsgrupp 14 – Hemtjänst Norr"
    pairs = [("Förslag 1: Fler elcyklar till distrikten",
              "I dag får de som kommer sist ta bilen eller gå mellan brukarna."),
             ("Förslag 2: Digitala nyckelskåp", "Personalen hämtar nycklar på kontoret varje morgon, vilket tar tid.")]
    if form.startswith("txt"):
        path = tmp_path / "norr.txt"
        gap = "\n\n" if form == "txt-blank" else "\n"
        path.write_text(f"{group}\n\nGruppen har träffats tre gånger.\n\n"
                        + "\n\n".join(f"{title}{gap}{text}" for title, text in pairs) + "\n", encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading(group, 1)
        document.add_paragraph("Gruppen har träffats tre gånger.")
        for title, text in pairs:
            document.add_paragraph().add_run(title).bold = form == "bold"
            document.add_paragraph(text)
        path = tmp_path / "norr.docx"
        document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [
        [group, "Fler elcyklar till distrikten. I dag får de som kommer sist ta bilen eller gå mellan brukarna."],
        [group, "Digitala nyckelskåp. Personalen hämtar nycklar på kontoret varje morgon, vilket tar tid."]]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_numbered_proposals_of_one_line_each_stay_proposals(tmp_path: Path, suffix: str) -> None:
    """Numbered proposals of one line each ("Åtgärd 1: Mer personal i köket" / "Åtgärd 2: …") are no titles over a
    motivation: each stays a proposal, and the group's heading their unit."""
    lines = ["Åtgärd 1: Mer personal i köket", "Åtgärd 2: Nya datorer till kostenheten",
             "Åtgärd 3: Fler möten med skolorna"]
    path = tmp_path / f"kost{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 18 – Kost\nFörslag\n" + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 18 – Kost", 1)
        document.add_heading("Förslag", 2)
        for text in lines:
            document.add_paragraph(text)
        document.save(str(path))
    frame = extract_proposals(path)
    assert frame[["rubrik", "förslag"]].values.tolist() == [["Arbetsgrupp 18 – Kost", t] for t in lines]


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".pdf"])
def test_a_long_untitled_background_over_a_short_forslag_section_is_no_proposal(tmp_path: Path, suffix: str) -> None:
    """A group's report that opens with its background, under no heading of its own, then a short "Förslag" section:
    the section held less than half of the text, so every paragraph was read instead ("få listpunkter/avsnitt
    hittades"), the background's paragraphs written as proposals beside the real ones. A document with a "Förslag"
    section gives what stands under it, however long the text above it."""
    background = ["Gruppen har under hösten träffats vid sex tillfällen och gått igenom de synpunkter som kommit in "
                  "från medarbetarna på biblioteken, fritidsgårdarna och kulturskolan i kommunen.",
                  "Det framgick tydligt att många upplever att lokalerna är slitna och att det saknas tid för "
                  "planering. Flera beskrev också att informationen mellan enheterna ofta kommer för sent."]
    own = ["Biblioteket i Nättraby bör ha öppet till klockan 20 på torsdagar.",
           "Kulturskolan bör få ett eget schemaläggningssystem."]
    path = tmp_path / f"kultur{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 4 – Kultur\n\n" + "\n\n".join(background) + "\n\nFörslag\n\n"
                        + "\n\n".join(own) + "\n", encoding="utf-8")
    elif suffix == ".docx":
        document = docx.Document()
        document.add_heading("Arbetsgrupp 4 – Kultur", 1)
        for text in background:
            document.add_paragraph(text)
        document.add_heading("Förslag", 2)
        for text in own:
            document.add_paragraph(text)
        document.save(str(path))
    else:
        pdf = _new_pdf()
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(170, 10, "Arbetsgrupp 4 – Kultur")
        pdf.ln(14)
        pdf.set_font("Helvetica", "", 11)
        for text in background:
            pdf.multi_cell(170, 6, text)
            pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(170, 8, "Förslag")
        pdf.ln(12)
        pdf.set_font("Helvetica", "", 11)
        for text in own:
            pdf.multi_cell(170, 6, text)
            pdf.ln(4)
        pdf.output(str(path))
    notes: list = []
    frame = extract_proposals(path, notes=notes)
    assert _texts(frame) == own
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 4 – Kultur"] * 2
    assert "split into paragraphs" not in str(notes[0])


@pytest.mark.parametrize("line", ["Vi föreslår:", "Vi föreslår att:", "Förslag:", "Våra förslag", "Åtgärder"])
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_plain_line_vi_foreslar_opens_the_proposals_as_a_heading_does(tmp_path: Path, suffix: str, line: str) -> None:
    """A report whose proposals follow a line of its own in the body's plain style, "Vi föreslår:" or "Förslag:"
    (neither a Heading style nor bold): the line was read as one more paragraph, so the group's background above it
    was written as proposals beside the real ones, and "Vi föreslår:" itself as one. Such a line opens the
    proposals as a "Förslag" heading does, in a Word document and a PDF as in a text."""
    background = ("Gruppen har under hösten träffats vid sex tillfällen och gått igenom de synpunkter som kommit in "
                  "från medarbetarna på biblioteken och kulturskolan.")
    own = ["Biblioteket i Nättraby bör ha öppet till klockan 20 på torsdagar.",
           "Kulturskolan bör få ett eget schemaläggningssystem."]
    path = tmp_path / f"kultur{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_heading("Arbetsgrupp 4 – Kultur", 1)
        for text in [background, line, *own, "Karlskrona den 3 april 2026"]:
            document.add_paragraph(text)
        document.save(str(path))
    else:
        pdf = _new_pdf()
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.cell(170, 10, "Arbetsgrupp 4 – Kultur")
        pdf.ln(14)
        pdf.set_font("Helvetica", "", 11)
        for text in [background, line, *own, "Karlskrona den 3 april 2026"]:
            pdf.multi_cell(170, 6, text)
            pdf.ln(4)
        pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == own
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 4 – Kultur"] * 2


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_bullets_typed_after_the_last_of_a_numbered_list_are_proposals_of_their_own(tmp_path: Path, suffix: str) -> None:
    """A group typed its proposals as "1) … 2) … 3) …" and went on with "- …" and "• …" lines at the same indent:
    the bullets were joined to proposal 3 as its sub-points, three proposals written as one. Bullets under the last
    number of a list whose numbers have no sub-points, that number a whole sentence and the bullets sentences of
    their own, are the list going on; under "3) Vi vill:" (announcing them), or starting in lower case, they are
    still its sub-points — and after a blank line below such sub-points, a list of their own again."""
    own = ["Inför nyckelfria lås hos alla brukare i hemtjänsten.", "Köp in fler elcyklar till distrikten i centrum.",
           "Ordna ett större personalrum i Nättraby."]
    more = ["Se över schemat så att delade turer försvinner.", "Inför en fast introduktionsvecka för nyanställda."]
    lines = [f"{n}) {t}" for n, t in enumerate(own, start=1)] + [f"- {more[0]}", f"• {more[1]}"]
    announced = ["1) Inför nyckelfria lås hos alla brukare i hemtjänsten.", "2) Vi vill:",
                 "- ha fler gemensamma utbildningsdagar", "- få tid för kollegial handledning varje månad", "",
                 f"- {more[0]}", f"- {more[1]}"]
    for body, expected in [
        (lines, own + more),
        (announced, [own[0], "Vi vill: ha fler gemensamma utbildningsdagar; få tid för kollegial handledning varje "
                             "månad", *more]),
        (lines[:3] + ["- med ett eget kylskåp", "- och plats för tjugo"],
         own[:2] + ["Ordna ett större personalrum i Nättraby. med ett eget kylskåp; och plats för tjugo"]),
    ]:
        path = tmp_path / f"hemtjanst{suffix}"
        if suffix == ".txt":
            path.write_text("Arbetsgrupp 3 – Hemtjänsten\n\nFörslag\n" + "\n".join(body) + "\n", encoding="utf-8")
        else:
            if "" in body:  # (a blank line is no paragraph of a Word document)
                continue
            document = docx.Document()
            document.add_heading("Arbetsgrupp 3 – Hemtjänsten", 1)
            document.add_heading("Förslag", 2)
            for text in body:
                document.add_paragraph(text)
            document.save(str(path))
        frame = extract_proposals(path)
        assert _texts(frame) == expected
        assert set(frame["rubrik"]) == {"Arbetsgrupp 3 – Hemtjänsten"}


UNIT_TABLE = [("Nr", "Förslag", "Enhet", "Ansvarig"),
              ("1", "Inför nyckelfria lås hos alla brukare.", "Hemtjänst Norr", "Lisa Berg"),
              ("2", "Köp in fler elcyklar till distrikten.", "Hemtjänst Syd", "Erik Lind"),
              ("3", "Längre öppettider på biblioteket i Nättraby.", "Biblioteket", "Anna Holm")]


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".md", ".txt"])
def test_a_table_column_of_units_is_each_proposals_unit_not_its_text(tmp_path: Path, suffix: str) -> None:
    """A compilation's table, a proposal a row beside the unit it came from ("Enhet": Hemtjänst Norr, Biblioteket):
    the unit was joined into the proposal's text ("Inför nyckelfria lås … – Hemtjänst Norr – Lisa Berg") and every
    row's unit was the report's title, so the units were lost to every count by unit. The column's cell is the
    row's unit (its *rubrik*), as a row across the table naming a group is, and no part of its text."""
    path = tmp_path / f"sammanstallning{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_heading("Sammanställning av förbättringsförslag 2026", 0)
        table = document.add_table(rows=len(UNIT_TABLE), cols=4)
        for row, cells in zip(table.rows, UNIT_TABLE):
            for cell, text in zip(row.cells, cells):
                cell.text = text
        document.save(str(path))
    elif suffix == ".pdf":
        pdf = _proposal_page(body=10)
        pdf.set_xy(20, 40)
        _pdf_table(pdf, UNIT_TABLE, (12, 80, 40, 38), "ALL")
        pdf.output(str(path))
    elif suffix == ".txt":  # (a table pasted from Word or Excel: its cells parted by tabs)
        path.write_text("Sammanställning av förbättringsförslag 2026\n\n"
                        + "".join("\t".join(r) + "\n" for r in UNIT_TABLE), encoding="utf-8")
    else:
        path.write_text("# Sammanställning av förbättringsförslag 2026\n\n"
                        + "| " + " | ".join(UNIT_TABLE[0]) + " |\n|---|---|---|---|\n"
                        + "".join("| " + " | ".join(r) + " |\n" for r in UNIT_TABLE[1:]), encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == [f"{r[1]} – {r[3]}" for r in UNIT_TABLE[1:]]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Hemtjänst Syd", "Biblioteket"]
    assert list(frame["ansvarig"]) == ["Lisa Berg", "Erik Lind", "Anna Holm"]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_minutes_paragraph_of_proposals_gives_them_the_other_paragraphs_none(tmp_path: Path, suffix: str) -> None:
    """A workplace meeting's minutes ("Protokoll", its items "§ 1 Mötets öppnande" … "§ 3 Förbättringsförslag"):
    the § lines were no headings, so every line of the minutes was read as a proposal ("§ 1 Mötets öppnande",
    "Inga övriga frågor."), or, typed in bold, "§ 3 Förbättringsförslag" was the proposals' unit. A § line is a
    heading as a numbered chapter's is: the proposals are what stands under the § that names them, the other
    items of the meeting none, however long, and the unit the file's, as under a bare "Förslag"."""
    items = [("§ 1 Mötets öppnande", ["Enhetschefen öppnade mötet och hälsade alla välkomna, särskilt de två nya "
                                       "medarbetarna som börjat i gruppen under februari månad."]),
             ("§ 2 Föregående protokoll", ["Protokollet från mötet i februari gicks igenom och lades till handlingarna "
                                            "efter att två stavfel rättats av sekreteraren."]),
             ("§ 3 Förbättringsförslag", ["Åtgärd: Köpa in två elcyklar till Norr-gruppen.", "Ansvarig: Lisa Berg",
                                          "Åtgärd: Införa digitala nyckelskåp på kontoret.", "Ansvarig: Erik Lind"]),
             ("§ 4 Ekonomi", ["Enhetschefen redovisade budgetläget efter februari. Personalkostnaderna ligger något "
                              "över budget på grund av sjukfrånvaron, men vikariekostnaderna har minskat jämfört med "
                              "samma period förra året. Prognosen för helåret är ett litet överskott."]),
             ("§ 5 Övriga frågor", ["Inga övriga frågor anmäldes till mötet."]),
             ("§ 6 Mötets avslutande", ["Enhetschefen tackade alla för ett bra möte och avslutade mötet."])]
    path = tmp_path / f"protokoll{suffix}"
    if suffix == ".txt":
        path.write_text("PROTOKOLL\nArbetsplatsträff Hemtjänst Norr\n\n"
                        + "".join(f"{head}\n" + "\n".join(body) + "\n\n" for head, body in items), encoding="utf-8")
    else:
        document = docx.Document()
        document.add_paragraph().add_run("PROTOKOLL").bold = True
        document.add_paragraph("Arbetsplatsträff Hemtjänst Norr")
        for head, body in items:
            document.add_paragraph().add_run(head).bold = True
            for text in body:
                document.add_paragraph(text)
        document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == ["Åtgärd: Köpa in två elcyklar till Norr-gruppen. Ansvarig: Lisa Berg",
                             "Åtgärd: Införa digitala nyckelskåp på kontoret. Ansvarig: Erik Lind"]
    assert is_generic_heading(frame["rubrik"][0]) and is_generic_heading(frame["rubrik"][1])


def test_a_proposal_form_as_a_table_of_labels_and_answers_is_one_proposal(tmp_path: Path) -> None:
    """The municipality's proposal form typed as a Word table, a label and its answer a row ("Förslag | Fler
    elcyklar …", "Motivering | …", "Förslagsställare | Lisa Berg", "Enhet | Hemtjänst Norr"), one table per proposal:
    each row was read as a proposal of its own ("Förslagsställare – Lisa Berg", "Enhet – Hemtjänst Norr"), four from
    one form. A form is one proposal: its answer, with the motivation as a form's field is joined, the unit its
    rubrik and the proposer its person (masked by --redact as a table's "Ansvarig" is); a table of proposals whose
    first column holds no such labels is read row by row as before."""
    document = docx.Document()
    document.add_heading("Förbättringsförslag – blankett", 1)
    forms = [("Fler elcyklar till hemtjänsten i centrum.", "Bilarna räcker inte och parkeringen tar tid.",
              "Lisa Berg", "Hemtjänst Norr"),
             ("Digitala nyckelskåp på kontoret.", "Nycklarna tar lång tid att kvittera ut varje morgon.",
              "Erik Lind", "Hemtjänst Syd")]
    for title, why, who, unit in forms:
        table = document.add_table(rows=5, cols=2)
        for row, cells in zip(table.rows, [("Förslag:", title), ("Motivering:", why), ("Förslagsställare:", who),
                                           ("Enhet:", unit), ("Datum:", "2026-03-01")]):
            for cell, text in zip(row.cells, cells):
                cell.text = text
        document.add_paragraph("")
    table = document.add_table(rows=3, cols=2)  # a table of short proposals, its header "Förslag | Ansvarig"
    for row, cells in zip(table.rows, [("Förslag", "Ansvarig"), ("Fler larmtelefoner", "Anna Holm"),
                                       ("Nytt personalrum", "Bo Ek")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    path = tmp_path / "blanketter.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [f"{title} Motivering: {why}" for title, why, _who, _unit in forms] + [
        "Fler larmtelefoner – Anna Holm", "Nytt personalrum – Bo Ek"]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Hemtjänst Syd"] + ["Förbättringsförslag – blankett"] * 2
    assert list(frame["ansvarig"]) == ["Lisa Berg", "Erik Lind", "Anna Holm", "Bo Ek"]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_an_action_plans_klart_prioritet_and_status_lines_are_part_of_the_proposal(tmp_path: Path, suffix: str) -> None:
    """An action plan's proposals typed with their fields below them ("Ansvarig: …", "Klart: juni 2026",
    "Prioritet: Hög", "Status: Pågår", "Vem: …", "När: …"): "Ansvarig:" was joined to the proposal, but "Klart: juni
    2026" became a proposal of its own, and "Prioritet: Hög" and "Status: Pågår" were counted as passages too short
    to read. Each is a field of the proposal above it, as "Motivering:" and "Kostnad:" are."""
    lines = ["Fler vikarier som känner barngrupperna.", "Ansvarig: Lisa Berg", "Klart: juni 2026", "Prioritet: Hög", "",
             "Ny rutin för hämtning och lämning.", "Vem: Erik Lind", "När: hösten 2026", "Status: Pågår"]
    path = tmp_path / f"handlingsplan{suffix}"
    if suffix == ".txt":
        path.write_text("Arbetsgrupp 5 – Förskolan\n\nFörslag\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        document = docx.Document()
        document.add_heading("Arbetsgrupp 5 – Förskolan", 1)
        document.add_heading("Förslag", 2)
        for text in lines:
            if text:
                document.add_paragraph(text)
        document.save(str(path))
    notes: list = []
    frame = extract_proposals(path, notes=notes)
    assert _texts(frame) == [
        "Fler vikarier som känner barngrupperna. Ansvarig: Lisa Berg. Klart: juni 2026. Prioritet: Hög",
        "Ny rutin för hämtning och lämning. Vem: Erik Lind. När: hösten 2026. Status: Pågår"]
    assert not any("shorter" in str(n) for n in notes)


@pytest.mark.parametrize("style", ["heading", "bold"])
def test_a_numbered_proposal_title_in_a_heading_style_heads_its_motivation(tmp_path: Path, style: str) -> None:
    """Proposals typed as "Förslag 1: Fler elcyklar till distrikten" in Word's Rubrik 2 over their motivation: the
    title was the unit of its motivation, each proposal a unit of its own and the group's name lost, the proposal's
    text without what it proposes ("I dag räcker bilarna inte …"), and a motivation of two paragraphs two proposals.
    The title is the proposal's, in a Heading style as in bold, joined to the paragraphs below it up to the next
    heading (the report's closing line no part of it), and the group's heading their unit."""
    document = docx.Document()
    document.add_heading("Arbetsgrupp 1 – Hemtjänsten", 1)
    document.add_paragraph("Gruppen har träffats fyra gånger under våren och diskuterat arbetsmiljön.")
    for title, body in [("Förslag 1: Fler elcyklar till distrikten",
                         ["I dag räcker bilarna inte till alla som behöver dem på morgonen.",
                          "Med elcyklar kan fler ta sig till brukarna i centrum utan bil."]),
                        ("Förslag 2: Digitala nyckelskåp",
                         ["Personalen hämtar nycklar på kontoret varje morgon, vilket tar tid.",
                          "Karlskrona den 3 april 2026"])]:
        if style == "heading":
            document.add_heading(title, 2)
        else:
            document.add_paragraph().add_run(title).bold = True
        for text in body:
            document.add_paragraph(text)
    path = tmp_path / f"rubriker_{style}.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Fler elcyklar till distrikten. I dag räcker bilarna inte till alla som behöver dem på morgonen. "
        "Med elcyklar kan fler ta sig till brukarna i centrum utan bil.",
        "Digitala nyckelskåp. Personalen hämtar nycklar på kontoret varje morgon, vilket tar tid."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp 1 – Hemtjänsten"] * 2
    assert len(extract_proposals(path, split="paragraph")) >= 3  # (every paragraph its own, as for 'Motivering:')


def _report_lines(doc_type: str, path: Path, lines: list[tuple[str, str]]) -> Path:
    """A report of ``lines`` ("h": Word's Rubrik 1 / a bold 16 pt line / a line of its own; "h2": Rubrik 2 / bold
    13 pt; "b": a bold line;
    "p": a paragraph in the body's plain style) as a .docx, a PDF or a .txt (a blank line between paragraphs)."""
    if doc_type == "docx":
        document = docx.Document()
        for kind, text in lines:
            if kind in ("h", "h2"):
                document.add_heading(text, 1 if kind == "h" else 2)
            elif kind == "b":
                document.add_paragraph().add_run(text).bold = True
            else:
                document.add_paragraph(text)
        document.save(str(path))
    elif doc_type == "pdf":
        pdf = _new_pdf()
        pdf.add_page()
        pdf.set_xy(20, 25)
        for kind, text in lines:
            pdf.set_font("Helvetica", "B" if kind in ("h", "h2", "b") else "", {"h": 16, "h2": 13}.get(kind, 11))
            pdf.multi_cell(170, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.output(str(path))
    else:
        path.write_text("\n\n".join(text for _kind, text in lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("doc_type", ["docx", "pdf", "txt"])
def test_a_report_s_own_lines_among_its_proposals_are_none(tmp_path: Path, doc_type: str) -> None:
    """Karlskrona's working groups write a line on their meetings and one announcing the proposals under their
    "Förslag" heading, and a closing wish under the last one: each was read as a proposal of its own ("Gruppen har
    träffats fyra gånger.", "Nedan följer våra förslag.", "Vi ser fram emot att …"). They are the report's own
    text; the proposals between them are all read."""
    path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
        ("h", "Arbetsgrupp Hemtjänst Norr"),
        ("p", "Personalen har länge sagt att bilarna inte räcker till och att morgnarna blir stressiga. Många "
              "hämtar nycklar på kontoret innan de kan åka ut, och de som kommer sist får vänta på en ledig bil. "
              "Gruppen har därför samlat personalens synpunkter under våren."),
        ("h", "Förslag"),
        ("p", "Gruppen har träffats fyra gånger."),
        ("p", "Nedan följer våra förslag."),
        ("p", "Inför digitala nyckelskåp i alla distrikt så att personalen slipper hämta nycklar på kontoret innan "
              "de åker ut till brukarna på morgonen."),
        ("p", "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till under morgonpasset, då de "
              "flesta besöken görs."),
        ("p", "Vi ser fram emot att diskutera förslagen med ledningen."),
    ])
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digitala nyckelskåp i alla distrikt så att personalen slipper hämta nycklar på kontoret innan de "
        "åker ut till brukarna på morgonen.",
        "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till under morgonpasset, då de flesta "
        "besöken görs."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Hemtjänst Norr"] * 2


@pytest.mark.parametrize("doc_type", ["docx", "pdf"])
def test_a_plain_bakgrund_line_below_a_titled_proposal_ends_it(tmp_path: Path, doc_type: str) -> None:
    """A "Bakgrund" typed as a plain line (no Heading style, not bold) below the last of the proposals with a bold
    title ("Förslag 2: Nytt schema för helger"): the background under it, and the report's closing line, were joined
    to that proposal's text ("… bättre. Bakgrund. Personalen har länge klagat …"). It heads the report's own text,
    as "Bakgrund" on a line of its own does in a .txt."""
    path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
        ("h", "Förslag"),
        ("b", "Förslag 1: Fler elcyklar till distrikten"),
        ("p", "Bilarna räcker inte till under morgonpasset och många vill cykla."),
        ("b", "Förslag 2: Nytt schema för helger"),
        ("p", "Fler ska få vara lediga varannan helg så att arbetsmiljön blir bättre."),
        ("p", "Bakgrund"),
        ("p", "Personalen har länge klagat på att bilarna inte räcker till och att helgerna är tunga för alla."),
        ("p", "Vi ser fram emot att diskutera förslagen med ledningen."),
    ])
    assert _texts(extract_proposals(path)) == [
        "Fler elcyklar till distrikten. Bilarna räcker inte till under morgonpasset och många vill cykla.",
        "Nytt schema för helger. Fler ska få vara lediga varannan helg så att arbetsmiljön blir bättre."]


_FORM_LINES = ["Förslag: Fler elcyklar till distrikten så att färre behöver ta bilen.",
               "Motivering: Bilarna räcker inte till på morgonen.",
               "Förslagsställare: Lisa Berg",
               "Enhet: Hemtjänst Norr",
               "Datum: 2026-03-04",
               "Förslag: Digitala nyckelskåp på alla kontor.",
               "Förslagsställare: Erik Lind",
               "Enhet: Hemtjänst Syd"]


@pytest.mark.parametrize("doc_type", ["docx", "pdf", "txt", "txt-lines"])
def test_a_proposal_form_typed_as_lines_is_one_proposal_as_its_table_is(tmp_path: Path, doc_type: str) -> None:
    """The proposal form typed as lines of a label and its answer ("Förslag: …" / "Förslagsställare: Lisa Berg" /
    "Enhet: Hemtjänst Norr"), in a PDF, a .txt or a Word document without its table: the person's line was read as a
    proposal ("Förslagsställare: Lisa Berg"), the unit's too or lost, and the form's own label stayed in its text.
    Each form is one proposal, as the same form typed as a Word table is: the unit its rubrik, the person its
    ansvarig (masked by --redact), the date no part of it."""
    if doc_type == "txt-lines":  # Word's "Oformaterad text": a line a paragraph, no blank line between
        path = tmp_path / "blankett.txt"
        path.write_text("\n".join(_FORM_LINES) + "\n", encoding="utf-8")
    else:
        path = _report_lines(doc_type, tmp_path / f"blankett.{doc_type}", [("p", line) for line in _FORM_LINES])
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Fler elcyklar till distrikten så att färre behöver ta bilen. Motivering: Bilarna räcker inte till på morgonen.",
        "Digitala nyckelskåp på alla kontor."]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Hemtjänst Syd"]
    assert frame["ansvarig"].tolist() == ["Lisa Berg", "Erik Lind"]


def test_lines_of_labels_that_are_no_form_stay_paragraphs(tmp_path: Path) -> None:
    """Lines that open with a label but make no proposal form (no "Förslag:" among them) are read as before."""
    path = tmp_path / "rader.txt"
    path.write_text("Förslag\n\nSchema: Inför ett nytt schema för helgerna så att fler kan vara lediga.\n\n"
                    "Lokaler: Bygg ett större personalrum med plats för alla som äter samtidigt.\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == [
        "Schema: Inför ett nytt schema för helgerna så att fler kan vara lediga.",
        "Lokaler: Bygg ett större personalrum med plats för alla som äter samtidigt."]


@pytest.mark.parametrize("doc_type", ["docx", "pdf", "txt"])
def test_a_proposal_s_ansvarig_enhet_line_is_its_unit(tmp_path: Path, doc_type: str) -> None:
    """A line "Ansvarig enhet: Hemtjänst Norr" under a proposal stayed at the end of its text ("… cykla. Ansvarig
    enhet: Hemtjänst Norr"), sorted as part of what it proposes, and its unit was the report's heading. It is the
    proposal's unit, as a form's "Enhet:" is; a proposal without one keeps its heading."""
    if doc_type == "txt":
        path = tmp_path / "grupp.txt"
        path.write_text("Förslag\n\n1. Fler elcyklar till distrikten så att färre behöver ta bilen.\n"
                        "Ansvarig enhet: Hemtjänst Norr\n\n2. Nytt schema för helger så att fler kan vara lediga.\n",
                        encoding="utf-8")
        first = "Fler elcyklar till distrikten så att färre behöver ta bilen."
        second = "Nytt schema för helger så att fler kan vara lediga."
    else:
        path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
            ("h", "Förslag"),
            ("b", "Förslag 1: Fler elcyklar till distrikten"),
            ("p", "Bilarna räcker inte till under morgonpasset och många vill cykla."),
            ("p", "Ansvarig enhet: Hemtjänst Norr"),
            ("b", "Förslag 2: Nytt schema för helger"),
            ("p", "Fler ska få vara lediga varannan helg så att arbetsmiljön blir bättre."),
        ])
        first = "Fler elcyklar till distrikten. Bilarna räcker inte till under morgonpasset och många vill cykla."
        second = "Nytt schema för helger. Fler ska få vara lediga varannan helg så att arbetsmiljön blir bättre."
    frame = extract_proposals(path)
    assert _texts(frame) == [first, second]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Förslag"]
    if doc_type == "docx":  # with --split paragraph every paragraph stays its own, the unit's line too
        assert "Ansvarig enhet: Hemtjänst Norr" in _texts(extract_proposals(path, split="paragraph"))


@pytest.mark.parametrize("layout", ["docx", "txt", "txt-indented"])
def test_the_closing_line_under_the_last_numbered_proposal_is_no_part_of_it(tmp_path: Path, layout: str) -> None:
    """The report's closing wish right under its last numbered proposal ("Vi ser fram emot att diskutera förslagen
    med ledningen.": in Word's Liststycke, as the paragraph after a list gets; in a text, on the next line, indented or
    not) was joined to that proposal, and its date line too. They close the report: the proposal ends above them."""
    closing = ["Vi ser fram emot att diskutera förslagen med ledningen.", "Karlskrona den 3 april 2026"]
    if layout == "docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        document.add_paragraph("Inför digitala nyckelskåp i alla distrikt.", style="List Number")
        document.add_paragraph("Köp in fler elcyklar till distrikten.", style="List Number")
        for line in closing:
            document.add_paragraph(line, style="List Paragraph")
        path = tmp_path / "grupp.docx"
        document.save(str(path))
    else:
        pad = "   " if layout == "txt-indented" else ""
        path = tmp_path / "grupp.txt"
        path.write_text("Förslag\n\n1. Inför digitala nyckelskåp i alla distrikt.\n2. Köp in fler elcyklar till "
                        "distrikten.\n" + "".join(f"{pad}{line}\n" for line in closing), encoding="utf-8")
    assert _texts(extract_proposals(path)) == ["Inför digitala nyckelskåp i alla distrikt.",
                                               "Köp in fler elcyklar till distrikten."]


@pytest.mark.parametrize("doc_type", ["docx", "pdf"])
def test_fields_typed_under_each_numbered_proposal_are_part_of_it(tmp_path: Path, doc_type: str) -> None:
    """Each numbered proposal with its "Motivering:" and "Ansvarig enhet:" typed below it in the body's style: every
    line was read as a proposal of its own (five where the group made two, 'Ansvarig enhet: Hemtjänst Norr' one of
    them). The fields are the item's, as under a paragraph: its motivation joined to it, the unit its rubrik."""
    path = tmp_path / f"grupp.{doc_type}"
    items = [("Inför digitala nyckelskåp i alla distrikt.",
              ["Motivering: Personalen slipper åka till kontoret varje morgon.", "Ansvarig enhet: Hemtjänst Norr"]),
             ("Köp in fler elcyklar till distrikten.", ["Motivering: Bilarna räcker inte till."])]
    if doc_type == "docx":
        document = docx.Document()
        document.add_heading("Arbetsgrupp Hemtjänst", 1)
        document.add_heading("Förslag", 2)
        for item, fields in items:
            document.add_paragraph(item, style="List Number")
            for field in fields:
                document.add_paragraph(field)
        document.save(str(path))
    else:
        pdf = _proposal_page()
        y = 40
        for k, (item, fields) in enumerate(items, start=1):
            for text in [f"{k}. {item}", *fields]:
                pdf.set_xy(20, y)
                pdf.cell(170, 6, text)
                y += 9
        pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digitala nyckelskåp i alla distrikt. Motivering: Personalen slipper åka till kontoret varje morgon.",
        "Köp in fler elcyklar till distrikten. Motivering: Bilarna räcker inte till."]
    assert frame["rubrik"].tolist()[0] == "Hemtjänst Norr"


@pytest.mark.parametrize("doc_type", ["docx", "md"])
def test_a_table_s_ansvarig_enhet_column_gives_each_row_its_unit(tmp_path: Path, doc_type: str) -> None:
    """A table of proposals with a column "Ansvarig enhet" (the unit to carry each out): its units were read as part of
    each proposal's text ("Fler elcyklar – Bilarna räcker inte – Kultur och fritid"), the unit the heading above. The
    column gives each row its unit, as an "Enhet" column does."""
    rows = [("Förslag", "Motivering", "Ansvarig enhet"),
            ("Digitala nyckelskåp i alla distrikt", "Sparar tid varje morgon", "Hemtjänst Norr"),
            ("Fler elcyklar till distrikten", "Bilarna räcker inte", "Kultur och fritid")]
    path = tmp_path / f"tabell.{doc_type}"
    if doc_type == "docx":
        document = docx.Document()
        document.add_heading("Förslag", 1)
        table = document.add_table(rows=0, cols=3)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
        document.save(str(path))
    else:
        lines = ["# Förslag", "", "| " + " | ".join(rows[0]) + " |", "|---|---|---|",
                 *("| " + " | ".join(row) + " |" for row in rows[1:])]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == ["Digitala nyckelskåp i alla distrikt – Sparar tid varje morgon",
                             "Fler elcyklar till distrikten – Bilarna räcker inte"]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Kultur och fritid"]


@pytest.mark.parametrize("line", ["Arbetsgruppen har bestått av Lisa Berg, Erik Lind och Anna Holm.",
                                  "I gruppen har ingått Lisa Berg, Erik Lind och Anna Holm.",
                                  "Deltagare: Lisa Berg, Erik Lind, Anna Holm"])
@pytest.mark.parametrize("doc_type", ["docx", "txt"])
def test_the_line_naming_the_group_s_members_is_no_proposal(tmp_path: Path, doc_type: str, line: str) -> None:
    """The line naming who the working group were, typed under its "Förslag" heading, was read as a proposal: the
    members' names sorted into a theme as a suggestion (under --redact, "[namn], [namn] och [namn]"). It is the
    report's own text."""
    path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
        ("h", "Arbetsgrupp Förskolan"),
        ("h", "Förslag"),
        ("p", line),
        ("p", "Fler vikarier som känner barngrupperna sedan tidigare, så att barnen möter färre nya vuxna."),
        ("p", "Ny rutin för hämtning och lämning vid grinden, så att hallen inte blir full på morgonen."),
    ])
    assert _texts(extract_proposals(path)) == [
        "Fler vikarier som känner barngrupperna sedan tidigare, så att barnen möter färre nya vuxna.",
        "Ny rutin för hämtning och lämning vid grinden, så att hallen inte blir full på morgonen."]


def test_a_proposal_form_table_printed_to_pdf_is_one_proposal(tmp_path: Path) -> None:
    """The proposal form typed as a Word table, printed to PDF with its lines (Förslag: | … / Förslagsställare: |
    Lisa Berg / Enhet: | Hemtjänst Norr / Datum: | …): each row was read as a proposal, "Förslagsställare: – Lisa
    Berg" and "Datum: – 2026-03-04" among them. It is one proposal, as the Word table is: the unit its rubrik, the
    person its ansvarig, the date no part of it."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 30)
    _pdf_table(pdf, [(label, value) for label, value in (line.split(": ", 1) for line in _FORM_LINES[:5])],
               (45, 125), "ALL")
    path = tmp_path / "blankett.pdf"
    pdf.output(str(path))
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Fler elcyklar till distrikten så att färre behöver ta bilen. Motivering: Bilarna räcker inte till på morgonen."]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr"]
    assert frame["ansvarig"].tolist() == ["Lisa Berg"]


def test_a_unit_s_line_over_several_forslag_lines_stays_their_heading(tmp_path: Path) -> None:
    """"Enhet: Hemtjänst Norr" over two "Förslag: …" lines, then "Enhet: Hemtjänst Syd" over one: no proposal form
    each (the first form's unit would have been Norr, the second's Syd, the third's none), but a unit's heading over
    its proposals, each read as typed."""
    path = tmp_path / "enheter.txt"
    path.write_text("Enhet: Hemtjänst Norr\nFörslag: Fler elcyklar till distrikten så att färre tar bilen.\n"
                    "Förslag: Digitala nyckelskåp på alla kontor i distriktet.\n\nEnhet: Hemtjänst Syd\n"
                    "Förslag: Nytt schema för helgerna så att fler blir lediga.\n", encoding="utf-8")
    frame = extract_proposals(path)
    # each proposal without its 'Förslag:' label, and its unit by name, as a form's are: "Enhet: Hemtjänst Norr" and a
    # form's unit Hemtjänst Norr were two units, and every proposal began 'Förslag: '
    assert _texts(frame) == ["Fler elcyklar till distrikten så att färre tar bilen.",
                             "Digitala nyckelskåp på alla kontor i distriktet.",
                             "Nytt schema för helgerna så att fler blir lediga."]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Hemtjänst Norr", "Hemtjänst Syd"]


@pytest.mark.parametrize("doc_type", ["docx", "pdf"])
def test_a_plain_bakgrund_line_under_paragraph_proposals_ends_them(tmp_path: Path, doc_type: str) -> None:
    """Proposals typed as paragraphs under a "Förslag" heading, then "Bakgrund" as a plain line over the group's
    background: the background was read as one more proposal (its unit "Bakgrund"). The plain line ends the
    proposals' section, as a "Bakgrund" heading does; the group's name above stays their unit."""
    path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
        ("h", "Arbetsgrupp Hemtjänst Norr"),
        ("h2", "Förslag"),
        ("p", "Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret varje morgon för "
              "att hämta nycklar."),
        ("p", "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till under morgonpasset, då de "
              "flesta besöken görs."),
        ("p", "Bakgrund"),
        ("p", "Personalen har länge klagat på att bilarna inte räcker till och att morgnarna blir stressiga för alla "
              "som ska hinna till brukarna i tid."),
    ])
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret varje morgon för att "
        "hämta nycklar.",
        "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till under morgonpasset, då de flesta "
        "besöken görs."]
    assert frame["rubrik"].tolist() == ["Arbetsgrupp Hemtjänst Norr"] * 2


@pytest.mark.parametrize("doc_type", ["docx", "txt"])
def test_an_ansvarig_enhet_line_under_a_paragraph_proposal_is_its_unit(tmp_path: Path, doc_type: str) -> None:
    """"Ansvarig enhet: Hemtjänst Norr" typed under a proposal that is a paragraph of its own (no title, no list) was
    read as one more proposal. It is that proposal's unit, as under a titled one."""
    path = _report_lines(doc_type, tmp_path / f"grupp.{doc_type}", [
        ("h", "Förslag"),
        ("p", "Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret."),
        ("p", "Ansvarig enhet: Hemtjänst Norr"),
        ("p", "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till på morgonen."),
    ])
    frame = extract_proposals(path)
    assert _texts(frame) == ["Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret.",
                             "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till på morgonen."]
    assert frame["rubrik"].tolist() == ["Hemtjänst Norr", "Förslag"]


def test_a_field_line_between_proposals_in_a_text_loses_none(tmp_path: Path) -> None:
    """A text of proposals under "Förslag", a short field line between them ("Kostnad: 50 000 kr", after a blank
    line): it was guessed to be a heading, so the proposal below it was the text beside the proposals' section and
    dropped without a word. The field is the proposal's above it; the one below is read."""
    path = tmp_path / "grupp.txt"
    path.write_text("Förslag\n\nInför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret.\n\n"
                    "Kostnad: 50 000 kr\n\nKöp in fler elcyklar till distrikten eftersom bilarna inte räcker till.\n",
                    encoding="utf-8")
    frame = extract_proposals(path)
    assert _texts(frame) == [
        "Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret. Kostnad: 50 000 kr",
        "Köp in fler elcyklar till distrikten eftersom bilarna inte räcker till."]
    assert frame["rubrik"].tolist() == ["Förslag"] * 2


def test_a_short_title_further_down_a_text_s_proposals_loses_none(tmp_path: Path) -> None:
    """Proposals typed as paragraphs under "Förslag" in a text, one further down with a short title of its own on
    the line above it ("Mer personal på helgerna"): the title was taken for a heading that ended the proposals'
    section, so it and its paragraph were dropped without a word. It is that proposal's title, as right under
    "Förslag"; the proposals above it stay."""
    path = tmp_path / "grupp.txt"
    path.write_text("Förslag\n\nInför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret.\n\n"
                    "Mer personal på helgerna\n\nTa in fler timvikarier på lördagar och söndagar när sjukfrånvaron är "
                    "hög.\n", encoding="utf-8")
    assert _texts(extract_proposals(path)) == [
        "Inför digitala nyckelskåp i alla distrikt så att personalen slipper åka till kontoret.",
        "Mer personal på helgerna. Ta in fler timvikarier på lördagar och söndagar när sjukfrånvaron är hög."]


def test_a_plain_bakgrund_line_right_under_forslag_heads_no_proposals_away(tmp_path: Path) -> None:
    """"Bakgrund" as a plain line right under the "Förslag" heading, over the group's background and then its
    numbered proposals: read as a heading at the level of "Förslag" it would end the proposals' section and name
    their unit "Bakgrund". Right under "Förslag", before any proposal, it heads nothing: the proposals are read,
    their unit "Förslag"."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph("Bakgrund")
    document.add_paragraph("Personalen har länge klagat på att bilarna inte räcker till och att helgerna är tunga.")
    document.add_paragraph("Inför digitala nyckelskåp i alla distrikt.", style="List Number")
    document.add_paragraph("Köp in fler elcyklar till distrikten.", style="List Number")
    path = tmp_path / "grupp.docx"
    document.save(str(path))
    frame = extract_proposals(path)
    listed = frame[frame["förslag"].isin(["Inför digitala nyckelskåp i alla distrikt.",
                                          "Köp in fler elcyklar till distrikten."])]
    assert listed["rubrik"].tolist() == ["Förslag"] * 2


def test_a_short_list_over_the_report_s_closing_lines_is_read_as_the_proposals(tmp_path: Path) -> None:
    """Two short numbered proposals under "Förslag", then the group's line on its meetings and its closing wish: those
    lines, never read as proposals, counted as text the list missed, so the report was said to have "few list items"
    and split into paragraphs instead. The list is the proposals, and the note says so."""
    document = docx.Document()
    document.add_heading("Förslag", 1)
    document.add_paragraph("Inför digitala nyckelskåp i alla distrikt.", style="List Number")
    document.add_paragraph("Köp in fler elcyklar till distrikten.", style="List Number")
    document.add_paragraph("Gruppen har träffats fyra gånger.")
    document.add_paragraph("Vi ser fram emot att diskutera förslagen med ledningen.")
    path = tmp_path / "grupp.docx"
    document.save(str(path))
    notes: list = []
    frame = extract_proposals(path, notes=notes)
    assert _texts(frame) == ["Inför digitala nyckelskåp i alla distrikt.", "Köp in fler elcyklar till distrikten."]
    assert [str(n) for n in notes] == ["grupp.docx: 2 proposals (2 list items under 'Förslag'-like headings)"]
