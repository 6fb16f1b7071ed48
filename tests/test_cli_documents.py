import json

import docx

from forbattra.cli import app


def _report(path):
    d = docx.Document()
    d.add_heading("Arbetsgrupp bemanning", level=1)
    d.add_paragraph("Vi har träffats fyra gånger under våren.")
    d.add_heading("Förslag", level=2)
    d.add_paragraph("Anställ fler vikarier till poolen så vi slipper gå kort.", style="List Number")
    d.add_paragraph("Personalrummet behöver byggas om, det är för trångt för alla.", style="List Number")
    d.save(path)
    return path


def test_extract_and_classify_a_folder(runner, tmp_path):
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _report(folder / "grupp1.docx")
    (folder / "trasig.docx").write_bytes(b"not a zip at all")
    out = tmp_path / "forslag.jsonl"
    r = runner.invoke(app, ["extract", str(folder), "--out", str(out)])
    assert r.exit_code == 6, r.stderr  # one document skipped: partial success
    assert "hoppade över" in r.stderr and "trasig.docx" in r.stderr
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [x["förslag"] for x in rows] == [
        "Anställ fler vikarier till poolen så vi slipper gå kort.",
        "Personalrummet behöver byggas om, det är för trångt för alla.",
    ]
    assert rows[0]["rubrik"] == "Arbetsgrupp bemanning" and rows[0]["id"].startswith("grupp1.docx#")

    res = tmp_path / "teman.jsonl"
    r = runner.invoke(app, ["classify", str(folder / "grupp1.docx"), "--out", str(res)])
    assert r.exit_code == 0, r.stderr
    objs = [json.loads(l) for l in res.read_text(encoding="utf-8").splitlines()]
    assert objs[0]["themes"][0] == "personal" and objs[1]["themes"][0] == "lokaler"
    assert objs[0]["group"] == "Arbetsgrupp bemanning"


def test_corrupt_document_one_line(runner, tmp_path):
    bad = tmp_path / "rapport.docx"
    bad.write_bytes(b"\x00garbage")
    r = runner.invoke(app, ["classify", str(bad)])
    assert r.exit_code == 3 and "rapport.docx" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_extract_in_english_and_classify_the_extracted_file(runner, tmp_path):
    _report(tmp_path / "grupp1.docx")
    out = tmp_path / "proposals.csv"
    r = runner.invoke(app, ["extract", str(tmp_path / "grupp1.docx"), "--lang", "en", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    head = out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert head == ["id", "file", "page", "paragraph", "heading", "suggestion"]
    res = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(out), "--out", str(res)])
    assert r.exit_code == 0 and "text='suggestion'" in r.stderr, r.stderr
