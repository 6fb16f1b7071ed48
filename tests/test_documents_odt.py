"""Reading LibreOffice Writer reports (.odt) as Word reports are read: the same proposals, units and people."""

from __future__ import annotations

import zipfile

import docx
import pandas as pd
import pytest

from forbattra.cli import app
from forbattra.inputs.documents import extract_many, extract_proposals

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
       'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"')
# the common styles LibreOffice writes (their names as styles.xml spells them), one bold by its style
_STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NS}><office:styles>'
           '<style:style style:name="Standard" style:family="paragraph"/>'
           '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"/>'
           '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>'
           '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" '
           'style:parent-style-name="Heading" style:default-outline-level="1"/>'
           '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" '
           'style:parent-style-name="Heading" style:default-outline-level="2"/>'
           '<style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph"/>'
           '<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text">'
           '<style:text-properties fo:font-weight="bold"/></style:style>'
           '</office:styles></office:document-styles>')
# direct formatting, as LibreOffice writes it: automatic styles in content.xml
_AUTOMATIC = ('<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
              '<style:text-properties fo:font-weight="bold"/></style:style>'
              '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
              '<style:style style:name="T2" style:family="text"><style:text-properties text:display="none"/></style:style>'
              '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Title">'
              '<style:paragraph-properties fo:text-align="center"/></style:style>')


def _odt(path, body: str, manifest_extra: str = "", automatic: str = _AUTOMATIC,
         mimetype: str = "application/vnd.oasis.opendocument.text"):
    """An .odt as LibreOffice Writer saves it: ``body`` the XML inside ``office:text`` (an .ott, a template, with
    its ``mimetype``)."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}>'
               f'<office:automatic-styles>{automatic}</office:automatic-styles>'
               f'<office:body><office:text>{body}</office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # (stored, first)
        zf.writestr("META-INF/manifest.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                    '<manifest:file-entry manifest:full-path="/" '
                    f'manifest:media-type="{mimetype}"/>'
                    f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
                    '</manifest:file-entry></manifest:manifest>', zipfile.ZIP_DEFLATED)
        zf.writestr("styles.xml", _STYLES, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def _h(text: str, level: int) -> str:
    return f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{text}</text:h>'


def _list(*items) -> str:
    """A list; an item is a text, or a tuple of its paragraphs and a nested list."""
    out = '<text:list text:style-name="L1">'
    for item in items:
        parts = [item] if isinstance(item, str) else item
        out += "<text:list-item>" + "".join(p if p.startswith("<text:list") else _p(p) for p in parts) + "</text:list-item>"
    return out + "</text:list>"


def _table(rows, header_rows: int = 0, columns: int = 2) -> str:
    def row(cells):
        out = "<table:table-row>"
        for c in cells:
            if c is None:
                out += "<table:covered-table-cell/>"
            elif isinstance(c, tuple):  # (text, columns spanned)
                out += (f'<table:table-cell table:number-columns-spanned="{c[1]}" office:value-type="string">'
                        f'{_p(c[0])}</table:table-cell>')
            else:
                out += f'<table:table-cell office:value-type="string">{_p(c)}</table:table-cell>'
        return out + "</table:table-row>"

    head = "".join(row(r) for r in rows[:header_rows])
    return (f'<table:table table:name="Tabell1"><table:table-column table:number-columns-repeated="{columns}"/>'
            + (f"<table:table-header-rows>{head}</table:table-header-rows>" if head else "")
            + "".join(row(r) for r in rows[header_rows:]) + "</table:table>")


PROPOSALS = ["Anställ fler vikarier till poolen så vi slipper gå kort.",
             "Personalrummet behöver byggas om, det är för trångt för alla."]
TABLE = [("Förslag", "Ansvarig"), ("Skaffa nya skrivare till kontoret", "Anna Berg"),
         ("Bättre wifi i matsalen", "Erik Lind")]


def _twins(tmp_path):
    """One report, saved from Word (.docx) and from LibreOffice Writer (.odt): a title, a group's heading, a
    paragraph of background, a "Förslag" heading over a bulleted list (its second item with sub-points and a
    paragraph of motivation under the first), a bold group line, a table with a header row and its people."""
    d = docx.Document()
    d.add_heading("Förbättringsförslag 2026", level=0)
    d.add_heading("Arbetsgrupp bemanning", level=1)
    d.add_paragraph("Vi har träffats fyra gånger under våren.")
    d.add_heading("Förslag", level=2)
    d.add_paragraph(PROPOSALS[0], style="List Bullet")
    d.add_paragraph("Det skulle minska övertiden för alla i gruppen.", style="List Continue")
    d.add_paragraph("Förbättra introduktionen av nyanställda:", style="List Bullet")
    d.add_paragraph("en fadder för varje nyanställd under första månaden", style="List Bullet 2")
    d.add_paragraph("en checklista för första veckan på enheten", style="List Bullet 2")
    d.add_paragraph(PROPOSALS[1], style="List Bullet")
    d.add_paragraph().add_run("Arbetsgrupp IT").bold = True
    table = d.add_table(rows=3, cols=2)
    for i, r in enumerate(TABLE):
        for j, c in enumerate(r):
            table.cell(i, j).paragraphs[0].add_run(c).bold = i == 0
    d.save(tmp_path / "rapport.docx")
    body = (_p("Förbättringsförslag 2026", "P2") + _h("Arbetsgrupp bemanning", 1)  # (the title centred by hand)
            + _p("Vi har träffats fyra gånger under våren.") + _h("Förslag", 2)
            + _list((PROPOSALS[0], "Det skulle minska övertiden för alla i gruppen."),
                    ("Förbättra introduktionen av nyanställda:",
                     _list("en fadder för varje nyanställd under första månaden",
                           "en checklista för första veckan på enheten")),
                    PROPOSALS[1])
            + _p("Arbetsgrupp IT", "P1")
            + _table([(f'<text:span text:style-name="T1">{a}</text:span>',
                       f'<text:span text:style-name="T1">{b}</text:span>') if i == 0 else (a, b)
                      for i, (a, b) in enumerate(TABLE)]))
    return tmp_path / "rapport.docx", _odt(tmp_path / "rapport.odt", body)


def test_an_odt_report_gives_the_rows_its_docx_twin_gives(tmp_path):
    """LibreOffice Writer's reports were refused ("öppna den i Word eller LibreOffice och spara den som .docx"):
    a municipality that writes in LibreOffice had to convert each one. An .odt is read as the .docx is, headings,
    lists (sub-points and a paragraph under an item), a bold group line and a table with its people: the same rows."""
    word, writer = _twins(tmp_path)
    odt = extract_proposals(writer)
    assert odt.drop(columns=["id", "fil"]).equals(extract_proposals(word).drop(columns=["id", "fil"]))
    assert list(odt["id"]) == [f"rapport.odt#{n}" for n in range(1, 6)] and list(odt["stycke"]) == [5, 6, 9, 11, 12]
    assert odt[["rubrik", "förslag", "ansvarig"]].values.tolist() == [
        ["Arbetsgrupp bemanning", PROPOSALS[0] + " Det skulle minska övertiden för alla i gruppen.", None],
        ["Arbetsgrupp bemanning", "Förbättra introduktionen av nyanställda: en fadder för varje nyanställd under "
                                  "första månaden; en checklista för första veckan på enheten", None],
        ["Arbetsgrupp bemanning", PROPOSALS[1], None],
        ["Arbetsgrupp IT", "Skaffa nya skrivare till kontoret – Anna Berg", "Anna Berg"],
        ["Arbetsgrupp IT", "Bättre wifi i matsalen – Erik Lind", "Erik Lind"]]


def test_an_odt_is_read_as_libreoffice_shows_it(tmp_path):
    """What Writer neither shows in the text nor prints is no part of a proposal, as in a .docx: a footnote, a
    comment, deleted text of tracked changes, hidden text, a placeholder's prompt, the table of contents; a text box
    is read where it is anchored, a picture's description is not, and spaces, tabs and line breaks are as typed."""
    body = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
        "<dc:creator>Per</dc:creator></office:change-info>" + _p("Borttagen text om parkering") +
        "</text:deletion></text:changed-region></text:tracked-changes>"
        '<text:table-of-content text:name="Innehåll"><text:table-of-content-source><text:index-title-template>'
        "Innehåll</text:index-title-template></text:table-of-content-source><text:index-body>"
        + _p("Förslag\t2", "Contents_20_1") + _p("Bilaga\t3", "Contents_20_1") + "</text:index-body></text:table-of-content>"
        + _h("Förslag", 1)
        + _list('Fler vikarier på helgerna<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                "<text:note-body>" + _p("Enligt schemat för 2025.") + "</text:note-body></text:note> så att ingen går ensam.",
                'Nya <text:change-start text:change-id="ct1"/><text:change-end text:change-id="ct1"/>stolar i '
                "<office:annotation><dc:creator>Per</dc:creator>" + _p("Kolla priset") + "</office:annotation>fikarummet"
                '<text:span text:style-name="T2"> (fråga Per Holm om budgeten)</text:span> på Solgården.',
                'Inför<text:s text:c="2"/>en<text:tab/>gemensam kalender<text:line-break/>för hela enheten.',
                'Beskriv förslaget: <text:placeholder text:placeholder-type="text">&lt;Skriv här&gt;</text:placeholder>'
                "bättre skyltning i entrén.",
                'Ett rum för vila<draw:frame draw:name="Bild1"><draw:image><svg:title>Foto av soffa</svg:title>'
                "</draw:image></draw:frame> för nattpersonalen.")
        + '<text:p text:style-name="Standard"><draw:frame draw:name="Ram1"><draw:text-box>'
        + _list("Cykelställ med tak vid personalingången.") + "</draw:text-box></draw:frame></text:p>")
    frame = extract_proposals(_odt(tmp_path / "rapport.odt", body))
    assert list(frame["förslag"]) == [
        "Fler vikarier på helgerna så att ingen går ensam.",
        "Nya stolar i fikarummet på Solgården.",
        "Inför en gemensam kalender för hela enheten.",
        "Beskriv förslaget: bättre skyltning i entrén.",
        "Ett rum för vila för nattpersonalen.",
        "Cykelställ med tak vid personalingången."]
    assert set(frame["rubrik"]) == {"Förslag"}


def test_an_odt_table_with_merged_cells_is_read_as_a_word_table_is(tmp_path):
    """A table's header row marked to repeat (Writer's *Upprepa rubrik*), a row of one cell merged across the table
    naming the group of the rows below it, a cell merged down over two rows (two people responsible) and a column
    that only numbers the rows: read as in a .docx, one proposal a row."""
    rows = [("Nr", "Förslag", "Ansvarig"),
            (("Arbetsgrupp 5 – Kultur", 3), None, None),
            ("1", "Längre öppettider på biblioteket under sommaren", "Anna Berg"),
            ("2", "Fler evenemang för unga på fredagskvällar", "Erik Lind")]
    body = _h("Förslag", 1) + _table(rows, header_rows=1, columns=3)
    merged = ('<table:table table:name="T2"><table:table-column table:number-columns-repeated="2"/>'
              '<table:table-header-rows><table:table-row>'
              + "".join(f'<table:table-cell office:value-type="string">{_p(t)}</table:table-cell>' for t in ("Förslag", "Ansvarig"))
              + "</table:table-row></table:table-header-rows><table:table-row>"
              '<table:table-cell table:number-rows-spanned="2" office:value-type="string">'
              + _p("Bättre introduktion för sommarvikarier i hemtjänsten") + "</table:table-cell>"
              '<table:table-cell office:value-type="string">' + _p("Karin Ek") + "</table:table-cell></table:table-row>"
              "<table:table-row><table:covered-table-cell/>"
              '<table:table-cell office:value-type="string">' + _p("Olle Sund") + "</table:table-cell></table:table-row>"
              "</table:table>")
    frame = extract_proposals(_odt(tmp_path / "tabell.odt", body + merged))
    assert frame[["rubrik", "förslag", "ansvarig"]].values.tolist() == [
        ["Arbetsgrupp 5 – Kultur", "Längre öppettider på biblioteket under sommaren – Anna Berg", "Anna Berg"],
        ["Arbetsgrupp 5 – Kultur", "Fler evenemang för unga på fredagskvällar – Erik Lind", "Erik Lind"],
        ["Förslag", "Bättre introduktion för sommarvikarier i hemtjänsten – Karin Ek – Olle Sund", "Karin Ek / Olle Sund"]]


def test_extract_and_classify_read_an_odt_and_a_folder_with_one(runner, tmp_path):
    """`extract` and `classify` take an .odt by name or in a folder of reports (it was skipped with exit 6, 'spara
    den som .docx'), and name the proposals it gave as they name a .docx's."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    word, writer = _twins(folder)
    out = tmp_path / "forslag.csv"
    r = runner.invoke(app, ["extract", str(writer), "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    assert len(pd.read_csv(out, sep=";", encoding="utf-8-sig")) == 5
    r = runner.invoke(app, ["classify", str(folder), "--out", str(tmp_path / "teman.csv")])
    assert r.exit_code == 0, r.stderr
    frame = pd.read_csv(tmp_path / "teman.csv", sep=";", encoding="utf-8-sig")
    assert frame["fil"].value_counts().to_dict() == {"rapport.docx": 5, "rapport.odt": 5}
    r = runner.invoke(app, ["extract", "--help"])
    assert ".docx/.odt/.ott/.fodt/.pdf/.txt/.md" in r.stdout


def test_a_bad_odt_is_one_line_and_skipped_in_a_folder(runner, tmp_path):
    """A damaged .odt, one saved with a password, one whose XML declares a DOCTYPE (entities: LibreOffice never
    writes one), a Word document named .odt and an .odt named .docx: one exact line each, exit 3, nothing written;
    in a folder each is skipped (exit 6) and the others read."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _twins(folder)
    (folder / "trasig.odt").write_bytes(b"PK\x03\x04 not really")
    _odt(folder / "lösen.odt", _p("x"), manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>')
    evil = _odt(folder / "ond.odt", _p("Fler vikarier &xxe;"))
    with zipfile.ZipFile(evil) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"?>", b'?><!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)
    with zipfile.ZipFile(evil, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    (folder / "word.odt").write_bytes((folder / "rapport.docx").read_bytes())
    (tmp_path / "grupp 3.docx").write_bytes((folder / "rapport.odt").read_bytes())
    out = tmp_path / "ut.csv"
    for path, line in [
        (folder / "trasig.odt", "Fel: trasig.odt: ingen läsbar OpenDocument-text (skadad, eller inte en .odt-fil)"),
        (folder / "lösen.odt", "Fel: lösen.odt: .odt-filen är lösenordsskyddad; öppna den i LibreOffice och spara den "
                               "utan lösenord (Arkiv > Spara som, utan Spara med lösenord)"),
        (evil, "Fel: ond.odt: .odt-filens del content.xml har en DOCTYPE med egna entiteter, vilket LibreOffice aldrig "
               "skriver (filen kan vara gjord för att läsa andra filer); inget lästes; öppna den i LibreOffice och spara "
               "den igen"),
        (folder / "word.odt", "Fel: word.odt: är en .docx-fil med ändelsen .odt; byt namn på den till word.docx och "
                              "kör igen"),
        (tmp_path / "grupp 3.docx", 'Fel: grupp 3.docx: är en .odt-fil med ändelsen .docx; byt namn på den till '
                                    '"grupp 3.odt" och kör igen'),
    ]:
        for command in ("extract", "classify"):
            r = runner.invoke(app, [command, str(path), "--out", str(out)])
            assert (r.exit_code, r.stderr.strip().replace(str(path.parent) + "/", "")) == (3, line), (command, r.stderr)
            assert not out.exists()
    r = runner.invoke(app, ["extract", str(folder / "trasig.odt"), "--lang", "en", "--out", str(out)])
    assert r.stderr.strip() == "Error: trasig.odt: not a readable OpenDocument text (corrupt, or not an .odt file)"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 6, r.stderr
    assert len(pd.read_csv(out, sep=";", encoding="utf-8-sig")) == 10
    for name in ("trasig.odt", "lösen.odt", "ond.odt", "word.odt"):
        assert f"{name}: " in r.stderr, name


def test_extract_many_scans_a_folder_for_odt_files(tmp_path):
    """A folder scan finds .odt reports beside .docx ones, in the order of their names."""
    _twins(tmp_path)
    frame, skipped = extract_many([tmp_path])
    assert skipped == [] and list(frame["fil"].drop_duplicates()) == ["rapport.docx", "rapport.odt"]



def _flat(odt, path, doctype: str = ""):
    """The .odt ``odt`` as LibreOffice saves it as "Flat XML ODF Text Document" (.fodt): its common styles, its
    automatic styles and its body in one XML file under ``office:document``."""
    with zipfile.ZipFile(odt) as zf:
        styles, content = zf.read("styles.xml").decode(), zf.read("content.xml").decode()
    common = styles[styles.index("<office:styles>"):styles.index("</office:document-styles>")]
    inner = content[content.index("<office:automatic-styles>"):content.index("</office:document-content>")]
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document {_NS} '
                    f'office:mimetype="application/vnd.oasis.opendocument.text">{common}{inner}</office:document>',
                    encoding="utf-8")
    return path


def test_a_flat_odt_is_read_as_its_odt_is(runner, tmp_path):
    """LibreOffice's flat XML text (.fodt, "Flat XML ODF Text Document", the .odt's parts in one XML file) was
    refused ("dokumenttypen '.fodt' stöds inte") and, in a folder, passed over without a word: its proposals were
    lost. It is read as its .odt is, the same rows; one that declares a DOCTYPE is refused as an .odt's part is."""
    _, writer = _twins(tmp_path)
    flat = _flat(writer, tmp_path / "rapport.fodt")
    rows = extract_proposals(flat)
    assert list(rows["id"]) == [f"rapport.fodt#{n}" for n in range(1, 6)]
    assert rows.drop(columns=["id", "fil"]).equals(extract_proposals(writer).drop(columns=["id", "fil"]))
    folder = tmp_path / "rapporter"
    folder.mkdir()
    flat.rename(folder / "rapport.fodt")
    out = tmp_path / "ut.csv"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    assert len(pd.read_csv(out, sep=";", encoding="utf-8-sig")) == 5
    evil = _flat(writer, tmp_path / "ond.fodt", '<!DOCTYPE office:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    for command in ("extract", "classify"):
        r = runner.invoke(app, [command, str(evil), "--out", str(out)])
        assert (r.exit_code, r.stderr.strip()) == (3, "Fel: ond.fodt: .fodt-filen har en DOCTYPE med egna entiteter, "
                                                       "vilket LibreOffice aldrig skriver (filen kan vara gjord för att läsa "
                                                       "andra filer); inget lästes; öppna den i LibreOffice och spara den igen")
    (tmp_path / "kalkyl.fodt").write_text('<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:'
                                          'opendocument:xmlns:office:1.0"><office:body><office:spreadsheet/>'
                                          '</office:body></office:document>', encoding="utf-8")
    r = runner.invoke(app, ["extract", str(tmp_path / "kalkyl.fodt"), "--lang", "en", "--out", str(out)])
    assert (r.exit_code, r.stderr.strip()) == (3, "Error: kalkyl.fodt: not a readable flat OpenDocument text (corrupt or "
                                                  "not a .fodt file: no office:document with an office:text)")


@pytest.mark.parametrize("names", [("Hemtjänsten", "Skolan", "Kulturen"), ("Hemtjänst", "Förskola", "Kultur")])
def test_units_of_one_word_under_forslag_are_units_not_titles(tmp_path, names):
    """A report's "Förslag" heading over its groups, each named by one word in bold ("Hemtjänsten", "Skolan",
    "Kulturen") over its one proposal: the names were read as the proposals' titles ("Hemtjänsten. Personalen i
    …"), every row's unit "Förslag". A unit of the municipality by its one word is a group by its name, as
    "Arbetsgrupp 3 – Kultur" is: each is the unit of its proposal, in a .docx and an .odt alike."""
    groups = list(zip(names, ["Personalen i hemtjänsten behöver fler elcyklar för att hinna mellan besöken.",
                              "Eleverna behöver fler lärarassistenter i de yngre klasserna under hösten.",
                              "Biblioteket borde ha öppet längre på kvällarna under vintern."]))
    d = docx.Document()
    d.add_heading("Förbättringsförslag Karlskrona 2026", level=0)
    d.add_heading("Förslag", level=1)
    for name, text in groups:
        d.add_paragraph().add_run(name).bold = True
        d.add_paragraph(text)
    d.save(tmp_path / "grupper.docx")
    _odt(tmp_path / "grupper.odt", _p("Förbättringsförslag Karlskrona 2026", "P2") + _h("Förslag", 1)
         + "".join(_p(name, "P1") + _p(text) for name, text in groups))
    for name in ("grupper.docx", "grupper.odt"):
        frame = extract_proposals(tmp_path / name)
        assert frame[["stycke", "rubrik", "förslag"]].values.tolist() == [
            [4, names[0], groups[0][1]], [6, names[1], groups[1][1]], [8, names[2], groups[2][1]]], name


_TEMPLATE = "application/vnd.oasis.opendocument.text-template"


def test_a_libreoffice_template_ott_is_read_as_an_odt(runner, tmp_path):
    """A working group's report saved by LibreOffice as a template (.ott: "Spara som > Mall", or the form the
    municipality sent round, filled in and saved again) holds the same parts as an .odt, but was refused ("save it
    as .docx"), alone (exit 3) and in a folder (exit 6). It is read as an .odt is, also under the other's name."""
    body = _h("Arbetsgrupp 2 – Skola", 1) + _h("Förslag", 2) + _list(*PROPOSALS)
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _odt(folder / "grupp2.ott", body, mimetype=_TEMPLATE)
    frame = extract_proposals(folder / "grupp2.ott")
    assert frame[["fil", "rubrik", "förslag"]].values.tolist() == [["grupp2.ott", "Arbetsgrupp 2 – Skola", t]
                                                                    for t in PROPOSALS]
    _odt(tmp_path / "mall.odt", body, mimetype=_TEMPLATE)  # a template renamed .odt, and an .odt named .ott
    _odt(tmp_path / "text.ott", body)
    for name in ("mall.odt", "text.ott"):
        assert extract_proposals(tmp_path / name)["förslag"].tolist() == PROPOSALS, name
    out = tmp_path / "forslag.csv"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "grupp2.ott" in out.read_text(encoding="utf-8-sig")
    r = runner.invoke(app, ["classify", str(folder / "grupp2.ott"), "--out", str(tmp_path / "t.csv")])
    assert r.exit_code == 0, r.stderr
