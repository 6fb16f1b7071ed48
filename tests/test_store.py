import sqlite3
import subprocess
import sys

from forbattra.cli import app

CSV = "id;Enhet;Datum;Förslag\n1;A;2026-01-10;Vi behöver fler vikarier\n2;B;2026-02-11;Personalrummet är för litet\n"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_rerun_adds_nothing_and_changes_are_versioned(runner, tmp_path):
    db = tmp_path / "h.db"
    src = _write(tmp_path / "in.csv", CSV)
    r = runner.invoke(app, ["classify", str(src), "--store", str(db)])
    assert r.exit_code == 0, r.stderr
    assert "körning 1: 2 nya, 0 ändrade, 0 oförändrade" in r.stderr
    r = runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")])
    assert "2 av 2 förslag oförändrade" in r.stderr and "körning 2: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr
    # reused rows give the same output as a fresh classification
    fresh = tmp_path / "f.jsonl"
    assert runner.invoke(app, ["classify", str(src), "-o", str(fresh)]).exit_code == 0
    assert (tmp_path / "o.jsonl").read_bytes() == fresh.read_bytes()
    _write(src, CSV.replace("Personalrummet är för litet", "Ventilationen i kontoret fungerar inte") +
           "3;A;2026-03-01;Datorerna är för långsamma\n")
    r = runner.invoke(app, ["classify", str(src), "--store", str(db)])
    assert "körning 3: 1 nya, 1 ändrade, 1 oförändrade" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from suggestions").fetchone()[0] == 3
    assert con.execute("select count(*) from runs").fetchone()[0] == 3
    versions = con.execute("select text from versions where key='id:2' order by run_id").fetchall()
    assert [v[0] for v in versions] == ["Personalrummet är för litet", "Ventilationen i kontoret fungerar inte"]
    run = con.execute("select forbattra_version, taxonomy, taxonomy_hash, model_hash from runs where run_id=3").fetchone()
    assert run[1] == "standard" and run[2] and run[3]


def test_content_hash_key_without_id(runner, tmp_path):
    db = tmp_path / "h.db"
    src = _write(tmp_path / "in.csv", "Förslag\nFler vikarier\nFler vikarier\nBättre stolar\n")
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    keys = [k for (k,) in sqlite3.connect(db).execute("select key from suggestions order by key")]
    assert len(keys) == 3 and all(k.startswith("h:") for k in keys) and any(k.endswith("#2") for k in keys)


def test_trends_and_report_from_store(runner, tmp_path):
    db = tmp_path / "h.db"
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", str(db), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "2026-01" in r.stdout and "Nytt eller ändrat sedan förra körningen" in r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Period;")
    r = runner.invoke(app, ["report", str(db), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert runner.invoke(app, ["trends", "--store", str(tmp_path / "nope.db")]).exit_code == 3


def test_two_runs_at_once_do_not_corrupt(tmp_path):
    db = tmp_path / "h.db"
    rows = "\n".join(f"{i};Enhet {i % 7};Förslag nummer {i} om fler vikarier och lokaler" for i in range(400))
    a = _write(tmp_path / "a.csv", "id;Enhet;Förslag\n" + rows + "\n")
    b = _write(tmp_path / "b.csv", "id;Enhet;Förslag\n" + rows.replace("lokaler", "datorer") + "\n")
    cmd = [sys.executable, "-m", "forbattra", "--quiet", "classify"]
    procs = [subprocess.Popen(cmd + [str(p), "--store", str(db)], stderr=subprocess.PIPE) for p in (a, b)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0], [p.stderr.read() for p in procs]
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from runs").fetchone()[0] == 2
    assert con.execute("select count(*) from suggestions").fetchone()[0] == 400
    assert con.execute("select count(*) from versions").fetchone()[0] == 800
