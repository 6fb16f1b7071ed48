"""History store against both backends: a SQLite file and a real PostgreSQL server.

PostgreSQL tests need ``FORBATTRA_TEST_PG_URL`` (``source .ci/postgres.sh`` sets it). Without it they
are skipped on a developer machine, but FAIL in CI (``CI=true``): a CI run that silently skipped
them would claim PostgreSQL works without having tried.
"""

import errno
import json
import re
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from forbattra.cli import app

PG_URL = os.environ.get("FORBATTRA_TEST_PG_URL")  # read at import: the autouse fixture clears FORBATTRA_*
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "ci-secret-pw"

CSV = "id;Enhet;Datum;Förslag\n1;A;2026-01-10;Vi behöver fler vikarier\n2;B;2026-02-11;Personalrummet är för litet\n"


PREVIOUS = '{"row": 1, "id": "1", "text": "Fler vikarier", "themes": ["personal"], "status": "ok"}\n'  # last run's .jsonl


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _engine_url(location):
    """SQLAlchemy URL for a store location, independent of the code under test."""
    from sqlalchemy.engine import make_url

    if "://" not in location:
        return make_url(f"sqlite:///{Path(location).resolve()}")
    return make_url(location).set(drivername="postgresql+psycopg")


def _pg_admin():
    from sqlalchemy import create_engine

    return create_engine(_engine_url(PG_URL), isolation_level="AUTOCOMMIT")


def _require_pg():
    if PG_URL:
        return
    if IN_CI:
        pytest.fail("FORBATTRA_TEST_PG_URL is not set: CI must run the PostgreSQL store tests "
                    "(add 'source .ci/postgres.sh' before pytest)")
    pytest.skip("FORBATTRA_TEST_PG_URL not set (source .ci/postgres.sh to run the PostgreSQL tests)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store: a SQLite file path, or a brand-new PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "h.db")
        return
    _require_pg()
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"forbattra_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def q(url, sql):
    """Rows of a query against the store at ``url`` (SQLite path or database URL)."""
    from sqlalchemy import create_engine, text

    eng = create_engine(_engine_url(url))
    try:
        with eng.connect() as c:
            return [tuple(r) for r in c.execute(text(sql))]
    finally:
        eng.dispose()


def test_rerun_adds_nothing_and_changes_are_versioned(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0, r.stderr
    assert "körning 1: 2 nya, 0 ändrade, 0 oförändrade" in r.stderr
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(tmp_path / "o.jsonl")])
    assert "2 av 2 förslag oförändrade" in r.stderr and "körning 2: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr
    # reused rows give the same output as a fresh classification
    fresh = tmp_path / "f.jsonl"
    assert runner.invoke(app, ["classify", str(src), "-o", str(fresh)]).exit_code == 0
    assert (tmp_path / "o.jsonl").read_bytes() == fresh.read_bytes()
    _write(src, CSV.replace("Personalrummet är för litet", "Ventilationen i kontoret fungerar inte") +
           "3;A;2026-03-01;Datorerna är för långsamma\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert "körning 3: 1 nya, 1 ändrade, 1 oförändrade" in r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(3,)]
    assert q(store_url, "select count(*) from runs") == [(3,)]
    versions = q(store_url, "select text from versions where key='id:2' order by run_id")
    assert [v[0] for v in versions] == ["Personalrummet är för litet", "Ventilationen i kontoret fungerar inte"]
    run = q(store_url, "select forbattra_version, taxonomy, taxonomy_hash, model_hash from runs where run_id=3")[0]
    assert run[1] == "standard" and run[2] and run[3]
    # the changed row keeps the run that first saw it
    assert q(store_url, "select first_run, updated_run, last_run from suggestions where key='id:2'") == [(1, 3, 3)]


def test_a_text_exported_from_a_mac_with_decomposed_letters_is_the_same_text(runner, tmp_path):
    """The same export saved on a Mac (each "å", "ä", "ö" as a letter and a combining mark, NFD) counted every
    text with one of them as changed in the store ("0 nya, 2 ändrade"), and kept a new version of each: the
    texts are read with each letter one code point, so the night's run finds them unchanged."""
    import unicodedata

    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    _write(src, unicodedata.normalize("NFD", CSV.replace(";A;", ";Förskola Ängen;")))
    r = runner.invoke(app, ["classify", str(src), "--store", store])
    assert r.exit_code == 0 and "körning 2: 0 nya, 1 ändrade, 1 oförändrade" in r.stderr, r.stderr
    assert q(store, "select grp from suggestions where key='id:1'") == [("Förskola Ängen",)]
    assert q(store, "select count(*) from versions where key='id:2'") == [(1,)]


def test_a_new_unit_date_or_person_updates_the_history(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, CSV.replace("1;A;2026-01-10", "1;Hemtjänst Syd;2026-03-05"))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 1 ändrade, 1 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select grp, date from suggestions where key='id:1'") == [("Hemtjänst Syd", "2026-03-05")]


def test_a_unit_renamed_in_a_rolling_export_moves_the_suggestions_rolled_out_too(runner, tmp_path, store_url):
    """A rolling export (the last months) after 'Hemtjänst Norr' became 'Hemtjänsten Norr': the suggestions still
    exported moved to the new name, those rolled out stayed under the old one, and the store counted one unit as two
    (breadth, Tema per enhet in a report from the store), first without a word, then with a note that said so. The
    stored suggestions rolled out now move to the unit's new name too, the run says so, and the unit counts once."""
    head = "id;Enhet;Datum;Förslag\n"
    rows = {1: "2026-01-10;Fler vikarier till helgerna", 2: "2026-02-11;Större personalrum behövs",
            3: "2026-03-05;Bättre bilar till hemtjänsten", 4: "2026-04-02;Nya arbetskläder till alla",
            5: "2026-05-03;Kortare möten på måndagar"}
    first = _write(tmp_path / "jan_apr.csv", head + "".join(f"{i};Hemtjänst Norr;{rows[i]}\n" for i in (1, 2, 3, 4))
                   + "9;Skola Syd;2026-03-01;Fler lärare på rasterna\n")
    assert runner.invoke(app, ["classify", str(first), "--store", store_url]).exit_code == 0
    rolled = _write(tmp_path / "mar_maj.csv", head + "".join(f"{i};Hemtjänsten Norr;{rows[i]}\n" for i in (3, 4, 5))
                    + "9;Skola Syd;2026-03-01;Fler lärare på rasterna\n")
    r = runner.invoke(app, ["classify", str(rolled), "--store", store_url])
    assert r.exit_code == 0, r.stderr
    assert ("Historik " in r.stderr and "enheten 'Hemtjänst Norr' heter 'Hemtjänsten Norr' i exporten (2 förslag); 2 "
            "sparade förslag som exporten inte har kvar flyttas också till 'Hemtjänsten Norr', så att enheten räknas en "
            "gång") in " ".join(r.stderr.split()), r.stderr
    assert q(store_url, "select source_id, grp, last_run from suggestions order by source_id") == [
        ("1", "Hemtjänsten Norr", 1), ("2", "Hemtjänsten Norr", 1), ("3", "Hemtjänsten Norr", 2),
        ("4", "Hemtjänsten Norr", 2), ("5", "Hemtjänsten Norr", 2), ("9", "Skola Syd", 2)]
    md = tmp_path / "r.md"
    assert runner.invoke(app, ["report", store_url, "-o", str(md), "--date", "2026-06-01"]).exit_code == 0
    units = [line.split("|")[1].strip() for line in md.read_text(encoding="utf-8").split("## Tema per enhet")[1]
             .split("\n\n")[1].splitlines()[2:]]
    assert units == ["Hemtjänsten Norr", "Skola Syd"]
    r = runner.invoke(app, ["classify", str(rolled), "--store", store_url, "--lang", "en"])  # nothing moved tonight
    assert r.exit_code == 0 and "'Hemtjänst Norr'" not in r.stderr, r.stderr


def test_a_unit_renamed_in_a_whole_export_or_one_suggestion_moved_is_no_rename_note(runner, tmp_path, store_url):
    """The whole history re-exported under the new name leaves nothing under the old one; one suggestion moved to
    the right unit while its unit goes on is an edit, not a rename: neither is said."""
    head = "id;Enhet;Datum;Förslag\n"
    base = head + "1;Hemtjänst Norr;2026-01-10;Fler vikarier till helgerna\n2;Hemtjänst Norr;2026-02-11;Större personalrum\n"
    src = _write(tmp_path / "a.csv", base + "3;Skola Syd;2026-03-01;Fler lärare på rasterna\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, base.replace("Hemtjänst Norr", "Hemtjänsten Norr") + "3;Skola Syd;2026-03-01;Fler lärare på rasterna\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 2 ändrade" in r.stderr and "heter" not in r.stderr, r.stderr
    _write(src, base.replace("Hemtjänst Norr", "Hemtjänsten Norr") + "3;Skola Nord;2026-03-01;Fler lärare på rasterna\n"
           + "4;Skola Syd;2026-03-02;Ny lekplats\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 1 nya, 1 ändrade" in r.stderr and "heter" not in r.stderr, r.stderr


def test_another_taxonomy_into_a_store_is_refused_and_an_export_without_ids_warned(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", "huset"])
    assert r.exit_code == 4 and "--taxonomy standard" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from runs") == [(1,)]
    copy = tmp_path / "kopia.yaml"
    assert runner.invoke(app, ["taxonomy", "init", str(copy), "--from", "standard"]).exit_code == 0
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", str(copy)])
    assert r.exit_code == 0, r.stderr  # another name, the same themes
    mina = tmp_path / "mina.yaml"  # two of standard's ids under its own name: another taxonomy all the same
    mina.write_text("name: mina\nthemes:\n- id: kompetens\n  label: Lärande\n- id: personal\n  label: Schema\n"
                    "- id: ovrigt\n  label: Övrigt\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", str(mina)])
    assert r.exit_code == 4, r.stderr
    renamed = _write(tmp_path / "renamed.csv", CSV.replace("id;Enhet", "Kolumn A;Enhet").replace("Vi behöver", "Vi vill ha")
                     .replace("Personalrummet är", "Fikarummet är"))
    r = runner.invoke(app, ["classify", str(renamed), "--store", store_url])
    assert r.exit_code == 0 and "Varning:" in r.stderr and "--id-column" in r.stderr, r.stderr


def test_a_theme_added_to_ones_own_taxonomy_goes_on_in_the_same_store_and_one_removed_is_named(runner, tmp_path,
                                                                                               store_url):
    """A theme added to one's own taxonomy file stopped the nightly run for good (exit 4): "the store was sorted
    with the taxonomy 'liten', this run uses 'liten' … use --taxonomy liten", advice that changed nothing."""
    src = _write(tmp_path / "in.csv", CSV + "3;B;2026-02-12;Datorerna är för långsamma\n")
    tax = tmp_path / "liten.yaml"
    small = Path(__file__).parent / "data" / "taxonomy_small.yaml"
    tax.write_text(small.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", str(tax)]).exit_code == 0
    with tax.open("a", encoding="utf-8") as f:
        f.write("  - id: it\n    label: IT\n    keywords: [dator, datorer]\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", str(tax)])
    assert r.exit_code == 0, r.stderr
    assert "taxonomin har nya teman (IT)" in r.stderr and "3 oförändrade" not in r.stderr, r.stderr
    r = runner.invoke(app, ["trends", "--store", store_url, "--lang", "en"], terminal_width=200)
    assert r.exit_code == 0 and "IT" in r.stdout, r.stdout + r.stderr
    # a theme taken away (or its id renamed): the stored suggestions sorted into it could not be read back
    tax.write_text(tax.read_text(encoding="utf-8").replace("id: lokaler", "id: lokal"), encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "--taxonomy", str(tax)])
    assert r.exit_code == 4 and "'lokaler'" in r.stderr and "'liten', den här" not in r.stderr, r.stderr
    assert q(store_url, "select count(*) from runs") == [(2,)]


def test_content_hash_key_without_id(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", "Förslag\nFler vikarier\nFler vikarier\nBättre stolar\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    keys = [k for (k,) in q(store_url, "select key from suggestions order by key")]
    assert len(keys) == 3 and all(k.startswith("h:") for k in keys) and any(k.endswith("#2") for k in keys)


def test_a_repeated_id_and_an_id_ending_in_its_number_are_three_suggestions(runner, tmp_path, store_url):
    """An export with the id A twice and the id 'A#2' once: the second A was keyed 'id:A#2', the key of the row
    with id 'A#2' too, and one of the three suggestions overwrote the other in the store ("2 nya, 1 ändrade" on a
    new store; trends counted two). Each row keeps a key of its own, and a second run finds all three unchanged."""
    src = _write(tmp_path / "in.csv", "Id;Förslag\nA;Fler vikarier på helgerna behövs\nA;Bättre wifi i personalrummet\n"
                                      "A#2;Nya datorer till lärarna\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 1: 3 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select source_id, text from suggestions order by text") == [
        ("A", "Bättre wifi i personalrummet"), ("A", "Fler vikarier på helgerna behövs"),
        ("A#2", "Nya datorer till lärarna")]
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 0 ändrade, 3 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(3,)]


def test_the_same_id_from_another_system_is_kept_apart_not_written_over(runner, tmp_path, store_url):
    """Two systems' exports both numbered 1, 2: the second run wrote over the first's suggestions ("0 nya, 2
    ändrade"), which then were gone from trends and reports."""
    skola = _write(tmp_path / "skola.csv", "Id;Enhet;Förslag\n1;Skola A;Fler lärare i matte\n2;Skola B;Nya datorer\n")
    omsorg = _write(tmp_path / "omsorg.csv", "Id;Enhet;Förslag\n1;Hemtjänst;Fler bilar\n2;Skola B;Nya datorer\n")
    assert runner.invoke(app, ["classify", str(skola), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(omsorg), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 0 ändrade, 1 oförändrade" in r.stderr, r.stderr
    assert "1 förslag har ett id som historiken" in r.stderr
    rows = q(store_url, "select source_id, grp, text from suggestions order by key")
    assert sorted(rows) == [("1", "Hemtjänst", "Fler bilar"), ("1", "Skola A", "Fler lärare i matte"),
                            ("2", "Skola B", "Nya datorer")]
    r = runner.invoke(app, ["classify", str(omsorg), "--store", store_url])  # the next night: nothing new
    assert "körning 3: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    # an id whose text changed in the same unit is the same suggestion, changed
    _write(omsorg, "Id;Enhet;Förslag\n1;Hemtjänst;Fler elbilar\n")
    r = runner.invoke(app, ["classify", str(omsorg), "--store", store_url])
    assert "körning 4: 0 nya, 1 ändrade, 0 oförändrade" in r.stderr, r.stderr


def test_an_id_moved_to_another_unit_and_reworded_in_the_same_system_is_a_change(runner, tmp_path, store_url):
    """One of four ids edited in text and unit is an edit, not another system's suggestion."""
    first = "Id;Enhet;Förslag\n1;A;Fler bilar\n2;B;Nya datorer\n3;C;Bättre stolar\n4;D;Mer fortbildning\n"
    src = _write(tmp_path / "in.csv", first)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, first.replace("1;A;Fler bilar", "1;E;Fler elbilar till hemtjänsten"))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 1 ändrade, 3 oförändrade" in r.stderr, r.stderr
    assert "Varning" not in r.stderr


def test_a_cumulative_reexport_with_units_renamed_or_columns_added_counts_changes_not_new_rows(runner, tmp_path,
                                                                                               store_url):
    """Without ids, a renamed unit, a corrected date or a unit column the first export lacked made new rows."""
    rows = [("Hemtjänst Norr", "2026-01-10", "Mer personal på helgerna"), ("Skola A", "2026-01-11", "Nya datorer"),
            ("Skola B", "2026-02-01", "Bättre skolmat"), ("Kök", "2026-02-02", "Ny diskmaskin"),
            ("Skola C", "2026-02-03", "Fler lärare i matte"), ("IT", "2026-02-04", "Snabbare wifi"),
            ("HR", "2026-02-05", "Digital signering av avtal"), ("Städ", "2026-02-06", "Nya städvagnar")]
    bare = _write(tmp_path / "bare.csv", "Förslag\n" + "".join(f"{t}\n" for _u, _d, t in rows))
    assert runner.invoke(app, ["classify", str(bare), "--store", store_url]).exit_code == 0
    full = _write(tmp_path / "full.csv", "Enhet;Datum;Förslag\n" + "".join(f"{u};{d};{t}\n" for u, d, t in rows))
    r = runner.invoke(app, ["classify", str(full), "--store", store_url])  # the unit and date columns added
    assert r.exit_code == 0 and "körning 2: 0 nya, 8 ändrade, 0 oförändrade" in r.stderr, r.stderr
    renamed = _write(tmp_path / "renamed.csv", "Enhet;Datum;Förslag\n" + "".join(
        f"{'Hemtjänst Nord' if u == 'Hemtjänst Norr' else u};{'2026-02-05' if u == 'Kök' else d};{t}\n"
        for u, d, t in rows) + "Kök;2026-03-01;Ny diskmaskin\n")  # renamed, corrected, and one really new
    r = runner.invoke(app, ["classify", str(renamed), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 1 nya, 2 ändrade, 6 oförändrade" in r.stderr, r.stderr
    assert "2 förslag i en export med mest sparade förslag hittades på sin text" in r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(9,)]


def test_a_typo_fixed_in_a_reexport_without_ids_is_that_suggestion_changed_not_a_second_one(runner, tmp_path,
                                                                                             store_url):
    """Without an id column, a text edited in the source system (a typo fixed) was stored as a new suggestion beside
    the old one ("1 nya"): the cumulative export counted it twice in trends from then on."""
    rows = [("A", "2026-01-10", "Vi behöver fler vikarier på helgerna"), ("B", "2026-02-11", "Personalrummet är för litet"),
            ("C", "2026-02-12", "Datorerna är för långsama och startar om hela tiden"),
            ("C", "2026-02-12", "Skrivaren på plan två fungerar inte")]
    src = _write(tmp_path / "in.csv", "Enhet;Datum;Förslag\n" + "".join(f"{u};{d};{t}\n" for u, d, t in rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    fixed = [(u, d, t.replace("långsama", "långsamma")) for u, d, t in rows] + [("C", "2026-02-12", "Nya stolar")]
    _write(src, "Enhet;Datum;Förslag\n" + "".join(f"{u};{d};{t}\n" for u, d, t in fixed))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 1 ändrade, 3 oförändrade" in r.stderr, r.stderr
    assert "1 förslag hittades på sin enhet och sitt datum" in r.stderr
    assert sorted(t for (t,) in q(store_url, "select text from suggestions")) == sorted(t for _u, _d, t in fixed)
    assert len(q(store_url, "select run_id from versions")) == 6  # the first text kept as an earlier version
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert "körning 3: 0 nya, 0 ändrade, 5 oförändrade" in r.stderr, r.stderr


def test_a_near_text_of_another_person_or_only_the_same_month_is_a_suggestion_of_its_own(runner, tmp_path, store_url):
    """The typo rule took any stored row of the unit and date with almost the same text that the export no longer
    has (a suggestion withdrawn or closed in the source system): a colleague's own, near-identical ask that day
    ('Vi behöver fler vikarier på helgen' beside 'Vi behöver fler vikarier på helgerna') overwrote the other's
    suggestion ('1 ändrade'), and with a month-only date ('2026-02') any such ask of the whole month did; one
    suggestion was gone from the history. A typo fixed keeps its writer, and a month is no day."""
    rows = [("A", "2026-01-10", "Eva", "Personalrummet är för litet och för mörkt"),
            ("B", "2026-01-11", "Bo", "Datorerna är för långsamma och startar om hela tiden"),
            ("C", "2026-01-12", "Li", "Skrivaren på plan två fungerar inte alls"),
            ("A", "2026-02-11", "Eva", "Vi behöver fler vikarier på helgerna")]
    head = "Enhet;Datum;Namn;Förslag\n"
    src = _write(tmp_path / "in.csv", head + "".join(";".join(r) + "\n" for r in rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    # Eva's suggestion withdrawn; Kim asks almost the same the same day in the same unit
    _write(src, head + "".join(";".join(r) + "\n" for r in rows[:3]) + "A;2026-02-11;Kim;Vi behöver fler vikarier på helgen\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 0 ändrade, 3 oförändrade" in r.stderr, r.stderr
    assert len(q(store_url, "select key from suggestions")) == 5



def test_a_near_text_of_the_same_month_only_is_a_suggestion_of_its_own(runner, tmp_path, store_url):
    """With a month-only date ('2026-02', a Månad column) the typo rule's 'same unit and date' is the whole month:
    any near-identical ask of the unit that month took a withdrawn suggestion's place. A month is no day."""
    rows = [("A", "2026-01", "Personalrummet är för litet och för mörkt"),
            ("B", "2026-01", "Datorerna är för långsamma och startar om hela tiden"),
            ("C", "2026-01", "Skrivaren på plan två fungerar inte alls"),
            ("A", "2026-02", "Vi behöver fler vikarier på helgerna")]
    head = "Enhet;Månad;Förslag\n"
    src = _write(tmp_path / "in.csv", head + "".join(";".join(r) + "\n" for r in rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, head + "".join(";".join(r) + "\n" for r in rows[:3]) + "A;2026-02;Vi behöver fler vikarier på helgen\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 0 ändrade, 3 oförändrade" in r.stderr, r.stderr
    assert len(q(store_url, "select key from suggestions")) == 5


def test_the_typo_rule_weighs_a_day_of_new_and_withdrawn_suggestions_without_stalling(tmp_path):
    """Every row left new was weighed with difflib's full ratio against every stored row of its day and unit the
    export no longer has: 200 new suggestions on a day 200 others were withdrawn (a survey re-exported with its
    spam answers deleted) took about 15 s, twice (once more under the write lock) — a quarter of an hour for
    2,000 of each, the store locked meanwhile. The ratio's cheap bounds pass over the unlike texts first; the
    one typo fixed among them is still found."""
    import time

    import pandas as pd

    from forbattra.inputs import load
    from forbattra.record import DATE, GROUP, ID, TEXT
    from forbattra.store import Store

    root = Path(__file__).resolve().parent.parent / "sample_data"
    texts: list[str] = []
    for name in ("forslag.csv", "markt.csv"):
        texts += [t for t in load(root / name)[0].frame[TEXT] if t]
    texts = list(dict.fromkeys(texts))
    gone, new = texts[:200], texts[200:399]
    new.append(gone[7].replace("a", "e", 1))  # a typo fixed in one of them
    kept = [f"Förslag {k}: bättre rutiner för lokalvården på våning {k}" for k in range(400)]

    def frame(rows):
        n = len(rows)
        return pd.DataFrame({ID: [None] * n, TEXT: [t for t, _d in rows], GROUP: ["Hemtjänsten"] * n,
                             DATE: [d for _t, d in rows], "themes": [("ovrigt",)] * n, "scores": [{}] * n,
                             "evidence": [{}] * n, "status": ["ok"] * n})

    st = Store(str(tmp_path / "h.db"))
    st.record(frame([(t, "2026-03-05") for t in gone] + [(t, "2026-02-01") for t in kept]), source="in.csv",
              taxonomy="standard", taxonomy_hash="t", model_hash="m", ids=False)
    began = time.monotonic()
    found = st.keys_for(frame([(t, "2026-02-01") for t in kept] + [(t, "2026-03-05") for t in new]), ids=False)
    took = time.monotonic() - began
    assert found.edited == 1 and found.known[found.keys[-1]]["text"] == gone[7]
    assert took < 3, took  # (about 0.4 s; 11 s before)


def test_an_export_of_new_suggestions_never_takes_a_stored_row_by_its_text_alone(runner, tmp_path, store_url):
    """A night's two new rows, texts stored before from other units and months, overwrote those rows ("0 nya, 2
    ändrade"): only a re-export (mostly stored rows) matches by text alone."""
    first = _write(tmp_path / "n1.csv", "Enhet;Datum;Förslag\nKök;2025-02-10;Mer personal\n"
                   "Hemtjänst;2025-01-05;Ergonomiska stolar i personalrummet\nSkola;2025-01-06;Nya datorer\n")
    assert runner.invoke(app, ["classify", str(first), "--store", store_url]).exit_code == 0
    night = _write(tmp_path / "n3.csv", "Enhet;Datum;Förslag\nKök;2025-03-10;Mer personal\n"
                   "Hemtjänst norra;2025-03-11;Ergonomiska stolar i personalrummet\n")
    r = runner.invoke(app, ["classify", str(night), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 2 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(5,)]


def test_another_systems_rows_are_all_kept_apart_also_in_a_unit_both_have(runner, tmp_path, store_url):
    """Ids 3 and 7 of another system in the same unit as the stored ones replaced them, and flipped every night."""
    x = _write(tmp_path / "x.csv", "Id;Enhet;Förslag\n" + "".join(f"{i};{'AB'[i % 2]};X-förslag nummer {i} om bilar\n"
                                                                  for i in range(1, 9)))
    y = _write(tmp_path / "y.csv", "Id;Enhet;Förslag\n" + "".join(
        f"{i};{'A' if i in (3, 7) else 'C'};Y-förslag nummer {i} om datorer\n" for i in range(1, 9)))
    assert runner.invoke(app, ["classify", str(x), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(y), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 8 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    for n, src in ((3, x), (4, y)):
        r = runner.invoke(app, ["classify", str(src), "--store", store_url])
        assert f"körning {n}: 0 nya, 0 ändrade, 8 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(16,)]


def test_the_same_text_from_two_units_or_two_months_is_two_suggestions(runner, tmp_path, store_url):
    """Without ids a text's key was its text alone: "Mer personal" from another unit replaced the first one."""
    h1 = _write(tmp_path / "h1.csv", "Enhet;Datum;Förslag\nHemtjänst Norr;2026-01-10;Mer personal\nA;2026-01-11;Nya datorer\n")
    h2 = _write(tmp_path / "h2.csv", "Enhet;Datum;Förslag\nHemtjänst Norr;2026-01-10;Mer personal\n"
                "Förskolan Solen;2026-02-03;Mer personal\nhemtjänst  norr;2026-03-03;Mer personal\nA;2026-01-11;Nya datorer\n")
    assert runner.invoke(app, ["classify", str(h1), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(h2), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 2 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    # an export of new suggestions alone: the same text from another unit is another suggestion
    h3 = _write(tmp_path / "h3.csv", "Enhet;Datum;Förslag\nKöket;2026-04-01;Mer personal\nB;2026-04-02;Nya bilar\n"
                "C;2026-04-03;Bättre stolar\n")
    r = runner.invoke(app, ["classify", str(h3), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 3 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions where text = 'Mer personal'") == [(4,)]
    r = runner.invoke(app, ["trends", "--store", store_url, "--lang", "en"], terminal_width=200)
    assert r.exit_code == 0, r.stderr
    staffing = next(line for line in r.stdout.splitlines() if "Recruitment" in line)
    assert [int(x) for x in re.findall(r"\d+", staffing)] == [1, 1, 1, 1], r.stdout


def test_a_reexport_without_its_id_column_finds_the_stored_rows(runner, tmp_path, store_url):
    """The same export without its id column counted every row again (twice in trends)."""
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    noid = _write(tmp_path / "noid.csv", "Enhet;Datum;Förslag\n" + "".join(
        line.split(";", 1)[1] + "\n" for line in CSV.splitlines()[1:]) + "C;2026-03-01;Nya stolar\n")
    r = runner.invoke(app, ["classify", str(noid), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    assert "2 förslag hittades på sin text" in r.stderr and "Varning" not in r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(3,)]


def test_a_reexport_without_its_unit_date_or_name_column_keeps_what_the_store_knows(runner, tmp_path, store_url):
    """A night whose export lacked the date, unit and name columns (another export template) wrote None over what
    the store knew of every row in it: counted as changed ('0 nya, 2 ändrade' after '2 av 2 oförändrade'), its
    dated suggestions moved to 'utan datum' in trends, its units gone from a report's breadth, and its writers'
    names gone, so a report from the store (masked by default) showed a name it had masked the night before. A
    column the export does not have now says nothing: the stored values stay, the rows unchanged."""
    night1 = _write(tmp_path / "n1.csv", "Id;Datum;Enhet;Namn;Förslag\n"
                    "1;2026-01-05;Kök;Gunnel Wästberg;Fler vikarier på helgerna så att Wästbergs schema går ihop\n"
                    "2;2026-02-06;Städ;Bo Ek;Bättre ventilation i städförrådet\n")
    night2 = _write(tmp_path / "n2.csv", "Id;Förslag\n1;Fler vikarier på helgerna så att Wästbergs schema går ihop\n"
                    "2;Bättre ventilation i städförrådet\n")
    assert runner.invoke(app, ["classify", str(night1), "--store", store_url, "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    before = tmp_path / "t1.csv"
    assert runner.invoke(app, ["trends", "--store", store_url, "-o", str(before)]).exit_code == 0
    r = runner.invoke(app, ["classify", str(night2), "--store", store_url, "-o", str(tmp_path / "b.jsonl")])
    assert r.exit_code == 0 and "körning 2: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select source_id, date, grp, person from suggestions order by source_id") == [
        ("1", "2026-01-05", "Kök", "Gunnel Wästberg"), ("2", "2026-02-06", "Städ", "Bo Ek")]
    after = tmp_path / "t2.csv"
    assert runner.invoke(app, ["trends", "--store", store_url, "-o", str(after)]).exit_code == 0
    assert after.read_bytes() == before.read_bytes()
    md = tmp_path / "r.md"
    assert runner.invoke(app, ["-q", "report", store_url, "-o", str(md), "--date", "2026-12-01"]).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "så att \\[namn\\] schema går ihop" in text and "Wästberg" not in text, text
    # a cell emptied in a column the export still has is a change, as before
    night3 = _write(tmp_path / "n3.csv", "Id;Datum;Enhet;Förslag\n1;2026-01-05;;Fler vikarier på helgerna så att "
                    "Wästbergs schema går ihop\n2;2026-02-06;Städ;Bättre ventilation i städförrådet\n")
    r = runner.invoke(app, ["classify", str(night3), "--store", store_url, "-o", str(tmp_path / "c.jsonl")])
    assert r.exit_code == 0 and "körning 3: 0 nya, 1 ändrade, 1 oförändrade" in r.stderr, r.stderr


def test_a_store_of_an_earlier_version_keeps_its_keys(runner, tmp_path, store_url):
    """Rows stored under the earlier key (the text's hash alone) are found by their content: nothing twice."""
    import hashlib

    from forbattra.scoring.text import normalise

    src = _write(tmp_path / "in.csv", "Enhet;Förslag\nA;Fler vikarier\nB;Bättre stolar\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    from sqlalchemy import create_engine, text

    eng = create_engine(_engine_url(store_url))
    with eng.begin() as c:
        for key, body in list(c.execute(text("select key, text from suggestions"))):
            old = "h:" + hashlib.sha256(normalise(body).encode("utf-8")).hexdigest()[:24]
            c.execute(text("update suggestions set key = :o where key = :k"), {"o": old, "k": key})
    eng.dispose()
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    assert all(k.startswith("h:") for (k,) in q(store_url, "select key from suggestions"))


def test_another_min_confidence_classifies_stored_rows_again(runner, tmp_path):
    """Rows stored at one threshold were reused at another: --min-confidence had no effect with --store."""
    src = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--store", store, "--min-confidence", "0.95", "-o", str(a)])
    assert r.exit_code == 0 and "oförändrade sedan en tidigare körning" not in r.stderr, r.stderr
    assert runner.invoke(app, ["classify", str(src), "--min-confidence", "0.95", "-o", str(b)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    r = runner.invoke(app, ["classify", str(src), "--store", store, "--min-confidence", "0.95"])
    assert "360 av 360 förslag oförändrade" in r.stderr, r.stderr  # the same threshold again: reused


def test_trends_and_report_from_a_store_count_its_rows_as_rows_not_as_suggestions(runner, tmp_path):
    """A store of 6 rows, 1 empty and 2 answers that are no suggestion: trends said "6 förslag" new since the last
    run and listed Tomma 1 and Inget förslag 2 under it, report said "Läste … (historik, 6 förslag)" and then, on
    its card, "Förslag: 3 (+ 3 tomma eller inget förslag)". Both lines now count what they count, rows."""
    src = _write(tmp_path / "in.csv", "id;enhet;förslag\n1;Norr;Vi behöver fler parkeringsplatser vid kontoret\n"
                 "2;Norr;\n3;Syd;Vet inte\n4;Syd;Inga synpunkter\n5;Syd;Datorerna är för långsamma\n"
                 "6;Norr;Fler vikarier på helgerna\n")
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "t.jsonl")]).exit_code == 0
    for lang, rows, empty, none in (("sv", "6 rader", "  Tomma: 1", "  Inget förslag: 2"),
                                    ("en", "6 rows", "  Empty: 1", "  No suggestion: 2")):
        r = runner.invoke(app, ["trends", "--store", store, "--lang", lang])
        assert r.exit_code == 0, r.stderr
        new = [line for line in r.stderr.splitlines() if line.startswith(("Nytt eller ändrat", "New or changed"))]
        assert len(new) == 1 and new[0].endswith("): " + rows), r.stderr
        assert empty in r.stderr.splitlines() and none in r.stderr.splitlines()
        md = tmp_path / f"r-{lang}.md"
        r = runner.invoke(app, ["report", store, "-o", str(md), "--lang", lang])
        assert r.exit_code == 0, r.stderr
        assert (f"(historik, {rows})" if lang == "sv" else f"(history store, {rows})") in r.stderr
        card = "Förslag: 3 (+ 3 tomma eller inget förslag)" if lang == "sv" else "Suggestions: 3 (+ 3 empty or no suggestion)"
        assert card in md.read_text(encoding="utf-8")


def test_trends_and_report_from_store(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "2026-01" in r.stdout and "Nytt eller ändrat sedan förra körningen" in r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Period;")
    md = tmp_path / "r.md"
    r = runner.invoke(app, ["report", store_url, "-o", str(md)])
    assert r.exit_code == 0, r.stderr
    assert "historik, 2 rader" in r.stderr and md.stat().st_size > 0
    assert PASSWORD not in r.stderr + r.stdout + md.read_text(encoding="utf-8")
    assert runner.invoke(app, ["trends", "--store", str(tmp_path / "nope.db")]).exit_code == 3


def test_password_is_masked_in_log_and_errors(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    if "://" in store_url:
        r = runner.invoke(app, ["classify", str(src), "--store", store_url])
        assert r.exit_code == 0, r.stderr
        assert PASSWORD not in r.stderr and "***" in r.stderr
        r = runner.invoke(app, ["classify", str(src), "--store", store_url + "_nonexistent"])
    else:  # a server that is not there: the connection error must not show the password either
        r = runner.invoke(app, ["classify", str(src), "--store", f"postgresql://u:{PASSWORD}@127.0.0.1:9/db"])
    assert r.exit_code == 3
    assert PASSWORD not in r.stderr and "***" in r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("Fel:")]
    assert len(errors) == 1 and r.stderr.strip().splitlines()[-1] == errors[0] and "Traceback" not in r.stderr
    if "://" in store_url:  # a password the server refuses: one line naming the store, the wrong password masked
        wrong = store_url.replace(PASSWORD, "wrong-" + PASSWORD)
        r = runner.invoke(app, ["classify", str(src), "--store", wrong, "-o", str(tmp_path / "o.jsonl")])
        shown = wrong.replace("wrong-" + PASSWORD, "***")
        assert r.exit_code == 3 and PASSWORD not in r.stderr, r.stderr
        assert r.stderr.strip().splitlines()[-1].startswith(f"Fel: kan inte öppna historiken {shown}: "), r.stderr
        assert "servern godtog inte inloggningen" in r.stderr and not (tmp_path / "o.jsonl").exists()


def test_trends_never_print_a_stores_password(runner, tmp_path, store_url):
    """trends on a PostgreSQL store with no suggestions yet ("historiken har inga förslag ännu"), or counted with
    a taxonomy that lacks its themes (exit 4), printed the store's link with its password in full."""
    if "://" not in store_url:
        pytest.skip("a SQLite store has no password")
    r = runner.invoke(app, ["trends", "--store", store_url])
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr, r.stderr
    assert PASSWORD not in r.stderr + r.stdout and "***" in r.stderr
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store_url, "--taxonomy", "huset"])
    assert r.exit_code == 4 and "finns inte i taxonomin 'huset'" in r.stderr, r.stderr
    assert PASSWORD not in r.stderr + r.stdout and "***" in r.stderr


def test_report_compare_column_of_a_store_names_what_a_store_keeps(runner, tmp_path):
    """'report h.db --compare-column Förvaltning' (the export's column, as a report of the export takes it) said
    "kolumner i filen: 'Id', 'Datum', …" as if the store were a file missing a column, and nothing of why or what
    to do: a store keeps only id, date, unit, name and text. The line says so now, with the two ways to compare;
    the store's own columns are taken by their name in either language ('Enhet' with --lang en too)."""
    src = _write(tmp_path / "in.csv", "id;Förvaltning;Enhet;Datum;Förslag\n1;Social;A;2026-01-10;Vi behöver fler vikarier\n"
                                      "2;Utbildning;B;2026-02-11;Personalrummet är för litet\n")
    db = tmp_path / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    md = tmp_path / "r.md"
    assert runner.invoke(app, ["-q", "report", str(src), "--compare-column", "Förvaltning", "-o", str(md)]).exit_code == 0
    md.unlink()
    r = runner.invoke(app, ["-q", "report", str(db), "--compare-column", "Förvaltning", "-o", str(md)])
    assert r.exit_code == 3 and not md.exists(), r.stderr
    assert r.stderr == (
        f"Fel: {db}: en historik sparar bara förslagens id, datum, enhet, namn och text ('Id', 'Datum', 'Enhet', "
        "'Förslag'), inte kolumnen 'Förvaltning', så --compare-column kan inte jämföra på den; ge varje organisation "
        "en egen historik och jämför dem sida vid sida (forbattra report norr.db syd.db), eller gör rapporten från "
        "exporterna med --compare-column Förvaltning\n")
    r = runner.invoke(app, ["-q", "report", str(db), "--compare-column", "Kommun", "--lang", "en", "-o", str(md)])
    assert r.exit_code == 3 and r.stderr.startswith(
        f"Error: {db}: a store keeps only the suggestions' id, date, unit, name and text ('Id', 'Date', 'Unit', "
        "'Suggestion'), not the column 'Kommun', so --compare-column cannot compare by it;"), r.stderr
    r = runner.invoke(app, ["-q", "report", str(db), "--compare-column", "Enhet", "--lang", "en", "-o", str(md),
                            "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    assert "| Theme | A | B |" in md.read_text(encoding="utf-8")


def test_report_compare_column_of_a_postgresql_store_never_prints_its_password(runner, tmp_path, store_url):
    """'report postgresql://u:pw@… --compare-column Förvaltning' named the store as a path in its error line,
    'postgresql:/forbattra:ci-secret-pw@…', the password in full."""
    if "://" not in store_url:
        pytest.skip("a SQLite store has no password")
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["report", store_url, "--compare-column", "Förvaltning", "-o", str(tmp_path / "r.md")])
    shown = store_url.replace(PASSWORD, "***")
    assert r.exit_code == 3 and PASSWORD not in r.stderr + r.stdout, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(f"Fel: {shown}: "), r.stderr
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("case,sv,en", [
    ("password", "servern godtog inte inloggningen för användaren 'forbattra' (fel lösenord",
     "the server refused the login of user 'forbattra' (a wrong password"),
    ("no_password", "servern kräver ett lösenord och länken har inget", "the server asks for a password and the link has none"),
    ("database", "databasen 'saknas_db' finns inte på servern", "there is no database 'saknas_db' on the server"),
    ("refused", "ingen PostgreSQL-server tar emot anslutningar på 127.0.0.1 port 9 (anslutningen nekades)",
     "no PostgreSQL server takes connections at 127.0.0.1 port 9 (connection refused)"),
    ("ssl", "servern tar inte emot krypterade anslutningar (SSL), men länken kräver det",
     "the server does not accept encrypted connections (SSL), but the link requires them"),
    ("host", "servern 'saknas.invalid' hittas inte", "no server 'saknas.invalid' is found"),
    # a setting of the link mistyped (libpq's English 'invalid connection option "sslmod"', 'invalid sslmode value:
    # "requir"', psycopg's "bad value for connect_timeout: '30s'")
    ("option", "länken har en inställning som inte finns, 'sslmod' (efter ? i länken); rätta eller ta bort den",
     "the link has a setting that does not exist, 'sslmod' (after ? in the link); correct or remove it"),
    ("value", "inställningen sslmode i länken har ett ogiltigt värde, 'requir'; rätta det",
     "the setting sslmode of the link has an invalid value, 'requir'; correct it"),
    ("timeout", "inställningen connect_timeout i länken har ett ogiltigt värde, '30s'; rätta det",
     "the setting connect_timeout of the link has an invalid value, '30s'; correct it"),
])
def test_a_store_connection_failure_is_said_in_the_users_language(runner, tmp_path, case, sv, en):
    """A PostgreSQL store that could not be reached or refused the login was a Swedish line ending in the driver's
    English ('... FATAL:  password authentication failed for user ...', 'database ... does not exist', 'Connection
    refused', 'server does not support SSL, but SSL was required'): the common reasons are said in the user's
    language, with what to do, the password never shown, exit 3, nothing written (tried on a real server)."""
    from forbattra.store import display_location

    if case not in ("refused", "host", "option", "value", "timeout"):
        _require_pg()
    server = _engine_url(PG_URL) if PG_URL else None
    at = f"{server.host}:{server.port}" if server else ""
    url = {"password": f"postgresql://forbattra:wrong-{PASSWORD}@{at}/forbattra_test",
           "no_password": f"postgresql://forbattra@{at}/{server.database if server else ''}",
           "database": f"postgresql://{server.username if server else ''}:{PASSWORD}@{at}/saknas_db",
           "refused": f"postgresql://forbattra:{PASSWORD}@127.0.0.1:9/forslag",
           "ssl": f"{PG_URL}?sslmode=require",
           "host": f"postgresql://forbattra:{PASSWORD}@saknas.invalid:5432/forslag",
           "option": f"postgresql://forbattra:{PASSWORD}@127.0.0.1:9/forslag?sslmod=require",
           "value": f"postgresql://forbattra:{PASSWORD}@127.0.0.1:9/forslag?sslmode=requir",
           "timeout": f"postgresql://forbattra:{PASSWORD}@127.0.0.1:9/forslag?connect_timeout=30s"}[case]
    src = _write(tmp_path / "in.csv", CSV)
    for lang, expected in (("sv", sv), ("en", en)):
        r = runner.invoke(app, ["classify", str(src), "--store", url, "-o", str(tmp_path / "o.jsonl"), "--lang", lang])
        assert r.exit_code == 3, r.stderr
        last = r.stderr.strip().splitlines()[-1]
        start = "Fel: kan inte öppna historiken " if lang == "sv" else "Error: cannot open the store "
        assert last.startswith(start + display_location(url) + ": " + expected), last
        assert PASSWORD not in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_store_error_the_driver_says_in_another_way_keeps_its_own_words(tmp_path):
    """A server set up to answer in Swedish (lc_messages) or a failure of another kind: the driver's own first line
    stays the line's detail, the password masked."""
    from forbattra.i18n import render
    from forbattra.store import Store, display_location

    store = Store.__new__(Store)
    url = f"postgresql://forbattra:{PASSWORD}@db01:5432/forslag"
    store.location, store.display, store.dialect = url, display_location(url), "postgresql"
    said = 'connection to server at "db01", port 5432 failed: FATAL:  lösenordsautentisering misslyckades för ' \
           f'användare "forbattra" ({PASSWORD})\nmore'
    msg = store._message("err_store_open", RuntimeError(said))
    assert render(msg, "en") == ("cannot open the store postgresql://forbattra:***@db01:5432/forslag: connection to "
                                 'server at "db01", port 5432 failed: FATAL:  lösenordsautentisering misslyckades för '
                                 'användare "forbattra" (***)')


def test_a_password_with_an_unescaped_at_sign_is_masked_whole(runner, tmp_path):
    from forbattra.store import display_location

    url = "postgresql://forbattra:Sommar@2024!@127.0.0.1:9/db"
    assert display_location(url) == "postgresql://forbattra:***@127.0.0.1:9/db"
    r = runner.invoke(app, ["classify", str(_write(tmp_path / "in.csv", CSV)), "--store", url])
    assert r.exit_code == 3 and "2024!" not in r.stderr and "Sommar" not in r.stderr, r.stderr


def test_a_password_given_as_the_links_parameter_is_never_printed(runner, tmp_path):
    """libpq takes the password as a parameter of the link too (``postgresql://forbattra@db01/x?password=…``, as
    some connection strings are written): only the password between "user:" and "@" was masked, and the error line
    of a store that could not be opened — mailed by cron, kept in a JSON log — printed the other in full."""
    from forbattra.i18n import render
    from forbattra.store import Store, display_location

    url = "postgresql://forbattra@127.0.0.1:9/db?sslmode=disable&password=Sommar%262024"
    assert display_location(url) == "postgresql://forbattra@127.0.0.1:9/db?password=***&sslmode=disable"
    assert display_location("postgresql://forbattra:Vinter@2025@db01/x?sslpassword=nyckel1") == (
        "postgresql://forbattra:***@db01/x?sslpassword=***")
    assert display_location("forbattra@db01:5432/forslag?password=Sommar2024") == "forbattra@db01:5432/forslag?password=***"
    src = _write(tmp_path / "in.csv", CSV)
    for args in (["classify", str(src), "--store", url, "-o", str(tmp_path / "o.jsonl")], ["trends", "--store", url],
                 ["-v", "--log-format", "json", "trends", "--store", url]):
        r = runner.invoke(app, args)
        assert r.exit_code == 3 and "password=***" in r.stderr, r.stderr
        assert "Sommar" not in r.stderr + r.stdout, r.stderr
    store = Store.__new__(Store)  # a driver's line that quotes the link's parameter: masked as it is read, too
    store.location, store.display, store.dialect = url, display_location(url), "postgresql"
    msg = store._message("err_store_open", RuntimeError('invalid connection option "password=Sommar&2024" (…)'))
    assert render(msg, "en") == ("cannot open the store postgresql://forbattra@127.0.0.1:9/db?password=***&sslmode="
                                 'disable: invalid connection option "password=***" (…)')


@pytest.mark.parametrize("userinfo,user,password", [
    ("forbattra:Sommar@2024!", "forbattra", "Sommar@2024!"),  # an "@" in the password, not percent-encoded
    ("forbattra@kommun01:hemligt", "forbattra@kommun01", "hemligt"),  # a user name user@server (Azure's)
    ("forbattra@kommun01:Vinter@2025 #1", "forbattra@kommun01", "Vinter@2025 #1"),
])
def test_an_unescaped_at_sign_in_a_link_is_part_of_its_user_or_password(runner, tmp_path, userinfo, user, password):
    """A link whose password or user name holds an "@" not written as %40 was split at its first "@": the run
    tried to reach a host named after the rest of the password ("failed to resolve host '***@db01'"), and with a
    user name such as Azure's 'forbattra@kommun01' the error line printed the password in full. Everything up to
    the last "@" is the user and password, as the masking already read it: the link connects, and is masked."""
    from forbattra.store import display_location, engine_url

    url = f"postgresql://{userinfo}@db01.kommun.local:5432/forslag?sslmode=require"
    parsed = engine_url(url)
    assert (parsed.username, parsed.password, parsed.host, parsed.port, parsed.database) == (
        user, password, "db01.kommun.local", 5432, "forslag")
    assert dict(parsed.query) == {"sslmode": "require"}
    assert display_location(url) == f"postgresql://{user}:***@db01.kommun.local:5432/forslag?sslmode=require"
    if not PG_URL:
        return
    server = _engine_url(PG_URL)  # the test server, the password wrong: the server itself refuses the login
    wrong = f"postgresql://{userinfo}@{server.host}:{server.port}/{server.database}"
    r = runner.invoke(app, ["-v", "classify", str(_write(tmp_path / "in.csv", CSV)), "--store", wrong,
                            "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert password not in r.stderr and password.split("@")[-1] not in r.stderr, r.stderr
    assert f"servern godtog inte inloggningen för användaren {user!r}" in r.stderr and "hittas inte" not in r.stderr, r.stderr
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("command", ["classify", "trends", "report"])
def test_a_database_link_without_its_scheme_is_named_as_such_its_password_masked(runner, tmp_path, command):
    """``--store forbattra:hemligt@db01:5432/forslag`` (postgresql:// left out, as a scheduler admin may write it)
    was taken for a SQLite file in a folder 'forbattra:hemligt@db01:5432': the error line printed the password
    (into cron's mail and the job's log), and said a folder was missing. It is one line saying the link lacks
    postgresql://, the password masked, exit 3, nothing written; a real file whose name looks so is still a file."""
    link = "forbattra:Hemligt 2024!@db01.kommun.local:5432/forslag?sslmode=require"
    src = _write(tmp_path / "in.csv", CSV)
    out = tmp_path / ("o.html" if command == "report" else "o.jsonl")
    args = {"classify": ["classify", str(src), "--store", link, "-o", str(out)],
            "trends": ["trends", "--store", link, "-o", str(tmp_path / "o.jsonl")],
            "report": ["report", link, "-o", str(out)]}[command]
    for lang, start in (("sv", "Fel: "), ("en", "Error: ")):
        r = runner.invoke(app, ["-v", *args, "--lang", lang])
        assert r.exit_code == 3, r.stderr
        assert "Hemligt" not in r.stderr + r.stdout and "2024!" not in r.stderr + r.stdout, r.stderr
        last = r.stderr.strip().splitlines()[-1]
        assert last.startswith(start) and "postgresql://forbattra:***@db01.kommun.local:5432/forslag" in last, last
        assert not out.exists() and not (tmp_path / "o.jsonl").exists()
    if command == "classify":  # a folder that is there: a SQLite file in it, as before
        folder = tmp_path / "ab:cd@host"
        folder.mkdir()
        r = runner.invoke(app, ["classify", str(src), "--store", str(folder / "h.db"), "-o", str(out)])
        assert r.exit_code == 0 and (folder / "h.db").is_file(), r.stderr


@pytest.mark.parametrize("store", ["postgresql://forbattra:PASSWORD@127.0.0.1:9/forslag", "saknas/historik.db"])
def test_a_store_that_cannot_be_opened_is_said_before_the_export_is_read(runner, tmp_path, monkeypatch, store):
    """classify --store with a server that is not there (or refuses the login) or a folder that is not there read
    the whole export first and said so only after that, when it opened the store: minutes on a big export. The
    store is checked before the input is read (nothing created, nothing written), its one line, exit 3."""
    import forbattra.inputs

    def read(*a, **k):
        raise AssertionError("the input was read before the store was checked")

    monkeypatch.setattr(forbattra.inputs, "load", read)
    store = store.replace("PASSWORD", PASSWORD)
    src = _write(tmp_path / "in.csv", CSV)
    r = runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("Fel: ") and "was read" not in r.stderr and PASSWORD not in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_postgresql_server_that_never_answers_is_one_line_not_a_hung_night(runner, tmp_path, monkeypatch):
    """A server that takes the connection but never answers (a frozen server or VM behind its port, a stuck
    connection pooler) kept a run waiting for its first reply with no limit: a nightly job hung. Connecting waits
    CONNECT_WAIT seconds now, then the store's one line, exit 3, the password masked, nothing written."""
    import socket
    import threading

    import forbattra.store as store_mod

    monkeypatch.setattr(store_mod, "CONNECT_WAIT", 1)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)  # the kernel completes the handshake; nobody ever answers
    port = server.getsockname()[1]
    url = f"postgresql://forbattra:{PASSWORD}@127.0.0.1:{port}/db"
    closing = threading.Timer(20, server.close)  # the code before the fix waited for this; never hang
    closing.start()
    try:
        r = runner.invoke(app, ["classify", str(_write(tmp_path / "in.csv", CSV)), "--store", url,
                                "-o", str(tmp_path / "o.jsonl"), "--lang", "en"])
    finally:
        closing.cancel()
        server.close()
    assert r.exit_code == 3, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: cannot open the store postgresql://forbattra:***@127.0.0.1:{port}/db: "), last
    # (the code before waited until the server closed, 20 s, and then said so: no "timeout")
    assert "timeout" in last and PASSWORD not in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_store_error_leaves_no_outputs(runner, tmp_path, monkeypatch, store_url):
    """Decision: outputs are renamed into place only after the store transaction committed."""
    from forbattra.errors import StoreError
    from forbattra.store import Store

    src = _write(tmp_path / "in.csv", CSV)
    out = tmp_path / "o.jsonl"
    _write(out, PREVIOUS)

    def fail(self, *a, **k):
        raise StoreError("cannot update the store: simulated")

    monkeypatch.setattr(Store, "record", fail)
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(out), "-o", str(tmp_path / "o.csv")])
    assert r.exit_code == 3
    assert out.read_text(encoding="utf-8") == PREVIOUS and not (tmp_path / "o.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _concurrent_runs(tmp_path, store_url, n_runs=4, n_rows=120, overlap=40):
    """``n_runs`` processes classify overlapping exports into one store at once."""
    exports, expected = [], set()
    step = n_rows - overlap
    for k in range(n_runs):
        ids = range(k * step, k * step + n_rows)
        expected.update(f"id:{i}" for i in ids)
        rows = "\n".join(f"{i};Enhet {i % 7};Förslag nummer {i} om fler vikarier och lokaler" for i in ids)
        exports.append(_write(tmp_path / f"e{k}.csv", "id;Enhet;Förslag\n" + rows + "\n"))
    import forbattra

    env = {**os.environ, "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}  # the code under test
    cmd = [sys.executable, "-m", "forbattra", "--quiet", "classify"]
    procs = [subprocess.Popen(cmd + [str(p), "--store", store_url, "-o", str(tmp_path / f"o{k}.jsonl")],
                              stderr=subprocess.PIPE, env=env, cwd=tmp_path) for k, p in enumerate(exports)]
    errs = [p.communicate(timeout=600)[1].decode() for p in procs]
    return [p.returncode for p in procs], errs, expected


def test_concurrent_runs_lose_and_duplicate_nothing(tmp_path, store_url):
    codes, errs, expected = _concurrent_runs(tmp_path, store_url)
    assert codes == [0, 0, 0, 0], errs
    keys = [k for (k,) in q(store_url, "select key from suggestions")]
    assert len(keys) == len(set(keys)) and set(keys) == expected  # lost 0, duplicated 0
    assert q(store_url, "select count(*) from runs") == [(4,)]
    # every key is new in exactly one run (the runs were serialised, so the counts add up)
    assert q(store_url, "select sum(n_new), sum(n_rows) from runs") == [(len(expected), 4 * 120)]
    assert q(store_url, "select count(*) from versions") == [(len(expected),)]
    if "://" not in store_url:
        assert q(store_url, "pragma integrity_check") == [("ok",)]


def test_serialization_failure_is_retried(tmp_path, monkeypatch):
    """A serialisation failure or deadlock (SQLSTATE 40001/40P01) retries the whole transaction."""
    from sqlalchemy.exc import OperationalError

    import forbattra.store as store_mod
    from forbattra.store import Store

    class SerializationFailure(Exception):
        sqlstate = "40001"

    monkeypatch.setattr(store_mod.time, "sleep", lambda s: None)
    st = Store(str(tmp_path / "h.db"))
    calls = []

    def flaky(conn):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT ...", {}, SerializationFailure("could not serialize access"))
        return "done"

    assert st._transaction(flaky) == "done" and len(calls) == 3

    def always(conn):
        raise OperationalError("INSERT ...", {}, SerializationFailure("could not serialize access"))

    with pytest.raises(OperationalError):
        st._transaction(always)


def test_pg_tests_fail_in_ci_without_a_server(tmp_path):
    """CI=true and no FORBATTRA_TEST_PG_URL: the PostgreSQL cases fail instead of skipping."""
    env = {k: v for k, v in os.environ.items() if k != "FORBATTRA_TEST_PG_URL"}
    env["CI"] = "true"
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
                        "-k", "content_hash_key_without_id and postgresql"],
                       capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert r.returncode == 1, r.stdout[-2000:]
    assert "[postgresql] - Failed: FORBATTRA_TEST_PG_URL is not set" in r.stdout, r.stdout[-2000:]


def test_trends_counts_with_the_taxonomy_the_store_was_classified_with(runner, tmp_path, store_url):
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", "huset", "--store", store_url]).exit_code == 0
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    head, *rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert "Personal och kompetens" in head  # huset's rooms, not standard's themes
    assert sum(int(v) for row in rows for v in row.split(";")[3:]) >= 2  # both suggestions counted (the themes)
    r = runner.invoke(app, ["trends", "--store", store_url, "--taxonomy", "standard"])
    assert r.exit_code == 4 and "finns inte i taxonomin 'standard'" in r.stderr


def test_trends_and_report_read_a_store_classified_with_ones_own_model(runner, tmp_path, store_url):
    """A store written with a model of one's own categories: trends and report count with the model's
    taxonomy by default (the store records where it is), or with --model; the categories are the columns."""
    labelled = _write(tmp_path / "l.csv", "Förslag;Kategori\n" + "".join(
        f"{t} {i};{k}\n" for i in range(12) for t, k in (("Laga gungorna i parken", "Gata, park och lekplatser"),
                                                         ("Höj lönen för undersköterskor", "Lön och förmåner"))))
    model = tmp_path / "egen"
    assert runner.invoke(app, ["train", str(labelled), "--label-column", "Kategori", "--out", str(model)]).exit_code == 0
    src = _write(tmp_path / "in.csv", CSV)
    r = runner.invoke(app, ["classify", str(src), "--model", str(model), "--store", store_url, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    for extra in ([], ["--model", str(model)]):
        out = tmp_path / "t.csv"
        r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(out), *extra])
        assert r.exit_code == 0, r.stderr
        head = out.read_text(encoding="utf-8-sig").splitlines()[0]
        assert "Gata, park och lekplatser" in head and "Lön och förmåner" in head
    md = tmp_path / "r.md"
    r = runner.invoke(app, ["report", store_url, "-o", str(md)])
    assert r.exit_code == 0, r.stderr
    assert "Lön och förmåner" in md.read_text(encoding="utf-8")


def test_trends_show_every_period_between_the_first_and_the_last(runner, tmp_path):
    """A month (or quarter) without suggestions is a row of zeros, not left out."""
    assert _trend_periods(runner, tmp_path, "id;Datum;Förslag\n1;2024-11-05;Fler vikarier på helger\n"
                          "2;2025-02-10;Nya lokaler för dagverksamheten\n") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    (tmp_path / "q").mkdir()
    assert _trend_periods(runner, tmp_path / "q", "id;Datum;Förslag\n1;2024-03-05;Fler vikarier på helger\n"
                          "2;2024-12-10;Nya lokaler\n", period="quarter") == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_trends_in_a_narrow_terminal_show_whole_period_headers(runner, tmp_path, monkeypatch):
    src = _write(tmp_path / "in.csv", "id;Datum;Förslag\n" + "".join(
        f"{m};2024-{m:02d}-05;Fler vikarier på helger\n" for m in range(1, 13)))
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    r = runner.invoke(app, ["trends", "--store", store])
    assert r.exit_code == 0, r.stderr
    shown = re.findall(r"2024-\d\d", r.stdout)
    assert shown and all(f"2024-{m:02d}" in r.stdout for m in range(13 - len(set(shown)), 13))
    assert "2024-…" not in r.stdout and max(map(len, r.stdout.splitlines())) <= 80


def test_trends_on_an_empty_store_says_so_and_writes_nothing_into_it(runner, tmp_path):
    empty = tmp_path / "tom.db"
    empty.touch()
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", str(empty), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "historiken har inga förslag ännu" in r.stderr and empty.stat().st_size == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Period;Ofullständig;Totalt;Ekonomi")
    # without -o that line is the result, said under --quiet too (a cron mail of nothing read as "did nothing")
    r = runner.invoke(app, ["-q", "trends", "--store", str(empty)])
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr, r.stderr
    r = runner.invoke(app, ["-q", "trends", "--store", str(empty), "-o", str(out)])
    assert r.exit_code == 0 and r.stderr == "", r.stderr


def test_trends_and_report_leave_a_database_without_runs_as_it_is(runner, tmp_path, store_url):
    """A PostgreSQL database made for the store ahead of the first nightly run: trends and a report from it said
    "historiken har inga förslag ännu" but first created the store's tables in it, as the reader's database
    user (a read-only user got a write error instead; tables the nightly job's user may not own). They only
    read, as an empty SQLite file is only read; the first classify makes the tables."""
    from sqlalchemy import create_engine, inspect

    if "://" not in store_url:
        pytest.skip("a SQLite store made ahead of the first run: test_trends_on_an_empty_store_says_so_...")

    def tables():
        eng = create_engine(_engine_url(store_url))
        try:
            return sorted(inspect(eng).get_table_names())
        finally:
            eng.dispose()

    r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(tmp_path / "t.csv")])
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr, r.stderr
    r = runner.invoke(app, ["report", store_url, "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr, r.stderr
    r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(tmp_path / "t.csv")])  # (its table replaced)
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr, r.stderr
    assert tables() == []
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    assert tables() == ["runs", "suggestions", "versions"]
    r = runner.invoke(app, ["trends", "--store", store_url])
    assert r.exit_code == 0 and "2026-01" in r.stdout, r.stderr


def test_readers_leave_a_sqlite_file_without_the_stores_tables_as_it_is(runner, tmp_path):
    """A SQLite file made ahead of the first nightly run by a database tool (so not empty: its header, no tables):
    trends, a report from it and forget said "historiken har inga förslag ännu" (or named the id missing) but first
    wrote the store's tables into it, where an empty file or a PostgreSQL database without them is only read.
    They leave the file as it is, byte for byte; the first classify makes the tables."""
    import sqlite3

    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 1")  # (the header written: a database of no tables)
    con.close()
    before = db.read_bytes()
    assert before
    for argv in (["trends", "--store", str(db), "-o", str(tmp_path / "t.csv")],
                 ["report", str(db), "-o", str(tmp_path / "r.md")],
                 ["forget", "--store", str(db), "F-1", "--dry-run"], ["forget", "--store", str(db), "F-1"]):
        r = runner.invoke(app, argv)
        assert r.exit_code == 0, (argv, r.stderr)
        assert db.read_bytes() == before, argv
    assert f"{db}: 1 id finns inte i historiken: F-1" in r.stderr, r.stderr
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    assert q(str(db), "select count(*) from suggestions") == [(2,)]


def test_a_folder_given_as_the_store_is_one_line_naming_a_file_in_it(runner, tmp_path):
    """``--store /srv/teman`` (the folder the store is in, not its file): trends said "historiken finns inte;
    skapa den med 'forbattra classify INDATA --store /srv/teman'", and that classify stopped with SQLite's own
    "unable to open database file". Both say it is a folder and name a store file in it (exit 3, nothing written)."""
    folder = tmp_path / "teman"
    folder.mkdir()
    src = _write(tmp_path / "in.csv", CSV)
    out = tmp_path / "o.jsonl"
    for args in (["trends", "--store", str(folder)], ["classify", str(src), "--store", str(folder), "-o", str(out)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 3, r.stderr
        assert r.stderr.strip().splitlines()[-1] == (
            f"Fel: {folder}: är en mapp, ingen historik; ange historikens fil i den (t.ex. {folder / 'forbattra.db'})"
        ), r.stderr
    assert not out.exists() and list(folder.iterdir()) == []


def test_trends_new_since_lines_are_json_events_with_fields(runner, tmp_path):
    """Each theme's line of "Nytt eller ändrat sedan förra körningen" was plain text in a JSON log (no event)."""
    import json

    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["--log-format", "json", "trends", "--store", store])
    lines = [json.loads(x) for x in r.stderr.splitlines()]
    themes = [x for x in lines if x.get("event") == "new_since_theme"]
    assert themes and all(isinstance(x["n"], int) and x["theme"] and x["label"] for x in themes)
    assert sum(x["n"] for x in themes) >= 2 and all("event" in x for x in lines)


def test_quiet_trends_without_an_output_still_print_the_table(runner, tmp_path):
    """``forbattra -q trends --store …`` printed nothing at all: --quiet hid the table that is the command's only
    result, so a scheduler's mailed output was empty. --quiet silences the notes; the table stays (as it does
    under --log-format json), and with -o, where the table only summarises the file, it is left out."""
    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    loud = runner.invoke(app, ["trends", "--store", store])
    for quiet in (["-q"], ["--quiet", "--log-format", "json"]):
        r = runner.invoke(app, [*quiet, "trends", "--store", store])
        # (the line saying what the headers' "*" marks is part of the table: January from the 10th, February to
        # the 11th are partial)
        assert (r.exit_code, r.stderr.count("\n"), "ofullständig period" in r.stderr) == (0, 1, True), r.stderr
        assert r.stdout == loud.stdout and r.stdout.lstrip().startswith("Teman per månad"), r.stdout
    r = runner.invoke(app, ["-q", "trends", "--store", store, "-o", str(tmp_path / "t.csv")])
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_quiet_trends_say_the_table_shows_only_the_latest_periods(runner, tmp_path):
    """Under --quiet the table of a year's months, cut to the latest five that fit 80 columns, came without the line
    saying so (a notice --quiet hid): a nightly job's mail read as if the history began five months ago."""
    rows = "".join(f"{m};A;2026-{m:02d}-10;Vi behöver fler vikarier, förslag {m}\n" for m in range(1, 13))
    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", "id;Enhet;Datum;Förslag\n" + rows)
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["-q", "trends", "--store", store])
    assert r.exit_code == 0 and "2026-08" in r.stdout and "2026-07" not in r.stdout, r.stdout
    assert r.stderr == ("* = ofullständig period: underlaget börjar eller slutar mitt i den, så dess lägre antal är ingen verklig nedgång\n"
                        "visar de senaste 5 av 12 perioderna; alla finns i filen med -o\n"), r.stderr


def test_json_log_counts_unchanged_rows_as_a_number(runner, tmp_path):
    import json as _json

    src = _write(tmp_path / "in.csv", CSV)
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", db]).exit_code == 0
    r = runner.invoke(app, ["--log-format", "json", "classify", str(src), "--store", db])
    assert r.exit_code == 0, r.stderr
    counts = [_json.loads(line) for line in r.stderr.splitlines() if '"event": "counts"' in line]
    assert counts and counts[0]["unchanged"] == 2 and "oförändrade sedan förra körningen 2" in counts[0]["message"]


def test_trends_on_a_store_whose_runs_hold_no_suggestions(runner, tmp_path):
    src = _write(tmp_path / "tom.csv", "Id;Förslag\r\n")
    db = str(tmp_path / "e.db")
    runner.invoke(app, ["classify", str(src), "--store", db, "-o", str(tmp_path / "e.jsonl")])
    r = runner.invoke(app, ["trends", "--store", db])
    assert r.exit_code == 0 and "historiken har inga förslag ännu" in r.stderr and "Traceback" not in r.stderr


def test_an_output_at_the_store_path_is_refused_before_any_work(tmp_path):
    from typer.testing import CliRunner

    from forbattra.cli import app

    src = tmp_path / "in.csv"
    src.write_text("id;förslag\n1;Fler vikarier till sommaren behövs\n", encoding="utf-8")
    store = tmp_path / "s.jsonl"
    runner = CliRunner()
    assert runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "a.jsonl"), "--store", str(store)]).exit_code == 0
    before = store.read_bytes()
    r = runner.invoke(app, ["classify", str(src), "-o", str(store), "--store", str(store)])
    assert r.exit_code == 3 and "--store" in r.stderr
    assert store.read_bytes() == before  # the history is still a database
    r = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "b.jsonl"), "--store", str(src)])
    assert r.exit_code == 3 and src.read_text(encoding="utf-8").startswith("id;")


def _trend_periods(runner, tmp_path, *exports: str, period: str = "month") -> list[str]:
    """Classify each export (CSV text) into a fresh store, in order; the periods of `trends`' table."""
    store = str(tmp_path / "trend.db")
    for k, text in enumerate(exports):
        src = _write(tmp_path / f"export{k}.csv", text)
        assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    out = tmp_path / "t.csv"
    assert runner.invoke(app, ["trends", "--store", store, "--period", period, "-o", str(out)]).exit_code == 0
    return [ln.split(";")[0] for ln in out.read_text(encoding="utf-8-sig").splitlines()[1:]]


def test_trends_count_undated_suggestions_apart_not_in_the_run_period(runner, tmp_path):
    """Some rows dated, some not: the undated ones on a last row 'utan datum', never in the period of the run
    that read them; an export without any dates is counted by the run's date as before."""
    assert _trend_periods(runner, tmp_path, "id;Datum;Förslag\n1;2024-03-05;Fler vikarier på helger\n"
                          "2;;Bättre datorer till personalen\n3;2024-04-10;Nya lokaler för dagverksamheten\n",
                          period="quarter") == ["2024-Q1", "2024-Q2", "utan datum"]
    (tmp_path / "b").mkdir()
    (period,) = _trend_periods(runner, tmp_path / "b", "id;Förslag\n1;Fler vikarier på helger\n")
    assert re.fullmatch(r"\d{4}-\d{2}", period)


def test_trends_count_a_month_column_s_suggestions_in_their_months(runner, tmp_path):
    """An export with a "Månad" column ("mars 2024", "2024-04"): its suggestions were all under "utan datum" (or,
    the column not found, in the month of the run); each counts in its own month."""
    assert _trend_periods(runner, tmp_path, "id;Månad;Förslag\n1;mars 2024;Fler vikarier på helger\n"
                          "2;2024-05;Bättre datorer till personalen\n3;2024-05-20;Nya lokaler för dagverksamheten\n"
                          ) == ["2024-03", "2024-04", "2024-05"]
    (tmp_path / "q").mkdir()
    assert _trend_periods(runner, tmp_path / "q", "id;Månad;Förslag\n1;mars 2024;Fler vikarier på helger\n"
                          "2;april 2024;Bättre datorer\n", period="quarter") == ["2024-Q1", "2024-Q2"]


def test_an_undated_export_counts_in_the_month_of_the_runs_own_calendar_day(runner, tmp_path, monkeypatch):
    """A nightly job that runs at 00:30 on 1 February in Sweden (23:30 on 31 January in UTC): the suggestions
    its undated export brings are February's, the day the run had where it ran, not January's."""
    import time
    from datetime import datetime

    import forbattra.store as store_module

    instant = 1769902200  # 2026-01-31T23:30:00Z = 2026-02-01 00:30 in Stockholm

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(instant, tz)

    monkeypatch.setattr(store_module, "datetime", Clock)
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        assert _trend_periods(runner, tmp_path, "id;Förslag\n1;Fler bilar till kvällspassen\n") == ["2026-02"]
        r = runner.invoke(app, ["trends", "--store", str(tmp_path / "trend.db")])
        assert r.exit_code == 0 and "2026-02-01 00:30 CET" in r.stderr, r.stderr  # the run's time, in Swedish time
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_undated_export_run_on_a_server_in_utc_counts_in_the_month_of_the_day_in_sweden(runner, tmp_path,
                                                                                            monkeypatch):
    """The same nightly job at 00:30 on 1 February in Sweden, on a server in UTC: the run was stored as
    2026-01-31T23:30:00+00:00 and its undated suggestions counted in January, while trends showed the run in Swedish
    time, 1 February. They count on the run's day in Sweden, February, whatever zone the server runs in."""
    import time
    from datetime import datetime

    import forbattra.store as store_module

    instant = 1769902200  # 2026-01-31T23:30:00Z = 2026-02-01 00:30 in Stockholm

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(instant, tz)

    monkeypatch.setattr(store_module, "datetime", Clock)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert _trend_periods(runner, tmp_path, "id;Förslag\n1;Fler bilar till kvällspassen\n") == ["2026-02"]
        r = runner.invoke(app, ["trends", "--store", str(tmp_path / "trend.db")])
        assert r.exit_code == 0 and "2026-02-01 00:30 CET" in r.stderr, r.stderr
    finally:
        monkeypatch.undo()
        time.tzset()
    assert store_module.run_day("2026-01-31T23:30:00+00:00") == "2026-02-01"
    assert store_module.run_day("2026-01-31T23:30:00") == "2026-01-31"  # no offset: its day as written


def test_a_unit_spelt_differently_in_two_runs_is_one_unit_in_the_store(runner, tmp_path):
    store = str(tmp_path / "h.db")
    jan = _write(tmp_path / "jan.csv", "id;Enhet;Förslag\n1;Hemtjänst Norr;Fler bilar till kvällspassen\n")
    feb = _write(tmp_path / "feb.csv", "id;Enhet;Förslag\n2;HEMTJÄNST NORR;Nya datorer till personalen\n")
    for src in (jan, feb):
        assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    md = tmp_path / "r.md"
    assert runner.invoke(app, ["report", store, "-o", str(md)]).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "Enheter: 1" in text and "HEMTJÄNST NORR" not in text


def test_trends_keep_a_run_without_dates_in_its_own_period_after_exports_gain_dates(runner, tmp_path):
    periods = _trend_periods(runner, tmp_path, "id;Förslag\n1;Fler bilar till kvällspassen\n",
                             "id;Datum;Förslag\n2;2024-02-05;Nya datorer till personalen\n3;;Bättre lokaler\n")
    # the first run (no date column) by its run's month (today's: more than a year after 2024-02, a jump,
    # not filled); the second's undated row apart
    assert periods[0] == "2024-02" and periods[-1] == "utan datum" and len(periods) == 3
    assert re.fullmatch(r"\d{4}-\d{2}", periods[1])


def test_trends_a_cumulative_export_does_not_undo_an_undated_runs_month(runner, tmp_path):
    periods = _trend_periods(runner, tmp_path, "id;Förslag\n1;Fler bilar\n2;Nya datorer\n3;Bättre lokaler\n4;Mer personal\n",
                             "id;Datum;Förslag\n1;2024-01-20;Fler bilar\n5;2024-03-02;Mer utbildning\n"
                             "6;2024-03-09;Kortare möten\n")
    assert "utan datum" not in periods and periods[:3] == ["2024-01", "2024-02", "2024-03"] and periods[-1] > "2024-03"


def test_trends_a_partly_dated_backlog_counts_its_undated_rows_apart(runner, tmp_path):
    """An export with a date column, most of it undated (a backlog): the undated rows are 'utan datum', not
    this quarter's — whether a run is dated follows its export's date column, not a majority."""
    assert _trend_periods(runner, tmp_path, "id;Datum;Förslag\n1;2025-02-03;Fler bilar\n2;;Nya datorer\n"
                          "3;;Bättre lokaler\n4;vecka 12;Mer personal\n") == ["2025-02", "utan datum"]


def test_a_rerun_from_the_store_writes_the_same_bytes(runner, tmp_path):
    """Rows reused from the store (unchanged since the last run) are written exactly as a fresh run writes
    them: a nightly job's checksum of its .jsonl does not change when nothing changed."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    store = tmp_path / "h.db"
    outs = [tmp_path / f"run{k}.jsonl" for k in (1, 2)]
    for o in outs:
        r = runner.invoke(app, ["classify", str(sample), "--store", str(store), "-o", str(o)])
        assert r.exit_code == 0, r.stderr
    assert "oförändrade" in r.stderr or "unchanged" in r.stderr  # the second run did reuse the store's rows
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_a_store_of_an_older_version_is_read_where_it_cannot_be_written(runner, tmp_path):
    """A store without the columns this version adds, opened read-only (a copy on a read-only share): trends
    and report read it as it is — the columns count as empty — and it is left unchanged."""
    import sqlite3

    db = tmp_path / "old.db"
    src = _write(tmp_path / "in.csv", "id;Datum;Förslag\n1;2024-01-05;Fler vikarier på helger\n2;2024-03-05;Nya datorer\n")
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    con = sqlite3.connect(db)  # as forbattra 0.2 left it: no taxonomy_source
    con.execute("ALTER TABLE runs DROP COLUMN taxonomy_source")
    con.commit()
    con.close()
    before = db.read_bytes()
    ro = f"sqlite:///file:{db}?mode=ro&uri=true"
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", ro, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert [ln.split(";")[0] for ln in out.read_text(encoding="utf-8-sig").splitlines()[1:]] == ["2024-01", "2024-02", "2024-03"]
    r = runner.invoke(app, ["report", ro, "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr
    assert db.read_bytes() == before
    # written to again where it can be: the column is added, the run recorded
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    assert "taxonomy_source" in {row[1] for row in sqlite3.connect(db).execute("PRAGMA table_info(runs)")}


def _columns(url):
    """Each store table's columns, as the database has them."""
    from sqlalchemy import create_engine, inspect

    eng = create_engine(_engine_url(url))
    try:
        insp = inspect(eng)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in ("runs", "suggestions", "versions")}
    finally:
        eng.dispose()


def test_reading_a_store_of_an_older_version_leaves_it_as_it_was(runner, tmp_path, store_url):
    """trends, a report from the store and forget --dry-run gave a store of an older version (no person,
    taxonomy_source) the columns this version adds, where it could be written: a command that only reads changed
    the store's file (its bytes and time), and a database's tables. They read it as it is (the columns as empty);
    forget erases from it without changing its tables; the next classify adds them."""
    import os

    src = _write(tmp_path / "in.csv", FORGET_CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    from sqlalchemy import create_engine, text

    eng = create_engine(_engine_url(store_url))  # as forbattra 0.1 left it
    with eng.begin() as c:
        c.execute(text("ALTER TABLE runs DROP COLUMN taxonomy_source"))
        c.execute(text("ALTER TABLE suggestions DROP COLUMN person"))
    eng.dispose()
    old = _columns(store_url)
    assert "person" not in old["suggestions"] and "taxonomy_source" not in old["runs"]
    db = None if "://" in store_url else Path(store_url)
    if db is not None:
        os.utime(db, (1_700_000_000, 1_700_000_000))
        before = db.read_bytes()
    for argv in (["trends", "--store", store_url, "-o", str(tmp_path / "t.csv")],
                 ["report", store_url, "-o", str(tmp_path / "r.md")],
                 ["forget", "--store", store_url, "F-2", "--dry-run"]):
        r = runner.invoke(app, argv)
        assert r.exit_code == 0, (argv, r.stderr)
        assert _columns(store_url) == old, argv
        if db is not None:
            assert db.read_bytes() == before and db.stat().st_mtime == 1_700_000_000, argv
    assert "1 förslag, 2 rader med deras tidigare versioner, skulle raderas" in r.stderr, r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "F-2"])
    assert r.exit_code == 0 and "raderade 1 förslag, 2 rader" in r.stderr, r.stderr
    assert _columns(store_url) == old
    assert q(store_url, "select key from suggestions order by key") == [("id:F-1",), ("id:F-3",)]
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    now = _columns(store_url)
    assert "person" in now["suggestions"] and "taxonomy_source" in now["runs"]


def test_a_mistyped_year_is_no_date_and_does_not_stretch_the_tables(runner, tmp_path):
    """'2205-05-14' is a slip: read as no date (noted), counted under 'utan datum'; dates far apart but
    possible (1975 and 2090) are shown as they are, without two centuries of empty months, and the
    report is written."""
    src = _write(tmp_path / "in.csv", "id;Datum;Förslag\n1;2025-05-02;Fler vikarier\n2;2205-05-14;Nya datorer\n"
                                      "3;2025-06-01;Bättre lokaler\n")
    store = str(tmp_path / "h.db")
    r = runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "2205-05-14" in r.stderr, r.stderr
    out = tmp_path / "t.csv"
    assert runner.invoke(app, ["trends", "--store", store, "-o", str(out)]).exit_code == 0
    assert [ln.split(";")[0] for ln in out.read_text(encoding="utf-8-sig").splitlines()[1:]] == \
        ["2025-05", "2025-06", "utan datum"]
    far = _write(tmp_path / "far.csv", "id;Datum;Förslag\n1;1975-05-02;Fler vikarier\n2;2090-05-14;Nya datorer\n")
    r = runner.invoke(app, ["report", str(far), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


def test_trends_with_a_missing_model_folder_is_an_error(runner, tmp_path):
    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store, "--model", str(tmp_path / "nomodel")])
    assert r.exit_code == 5, r.stderr


def test_trends_refuses_a_model_made_for_another_taxonomy_than_its_taxonomy(runner, tmp_path):
    """trends --taxonomy standard --model DIR counted with --taxonomy and quietly ignored --model, also when the
    model was made for another taxonomy (the night's job then counted with themes the user did not mean). The two
    are checked as classify checks them: a model of that taxonomy is fine, another one is its line, exit 5, nothing
    written."""
    models = Path(__file__).resolve().parents[1] / "models"
    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store, "--taxonomy", "standard", "--model", str(models / "huset"),
                            "-o", str(out), "--lang", "en"])
    assert r.exit_code == 5, r.stderr
    assert r.stderr.startswith("Error: ") and "trained for taxonomy 'huset'" in r.stderr and "drop --model" in r.stderr
    assert not out.exists()
    r = runner.invoke(app, ["trends", "--store", store, "--taxonomy", "standard", "--model", str(models / "standard"),
                            "-o", str(out)])
    assert r.exit_code == 0 and out.is_file(), r.stderr


def test_trends_read_ones_own_taxonomy_named_like_a_builtin(runner, tmp_path):
    tax = _write(tmp_path / "standard.yaml", "name: standard\nfallback: annat\nthemes:\n"
                 "  - {id: e_personal, label: Egen personal, keywords: [vikarier]}\n"
                 "  - {id: e_it, label: Eget IT, keywords: [datorer]}\n  - {id: annat, label: Annat}\n")
    src = _write(tmp_path / "in.csv", "id;Förslag\n1;Fler vikarier\n2;Nya datorer\n")
    store = str(tmp_path / "h.db")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert "Egen personal" in out.read_text(encoding="utf-8-sig").splitlines()[0]


def test_trends_and_report_refuse_a_store_whose_own_taxonomy_file_is_gone(runner, tmp_path):
    """One's own taxonomy with ids a built-in one has too (personal, lokaler, ovrigt are standard's): its file
    moved since the run, trends and report do not count under standard's labels but name the file (exit 4)."""
    tax = _write(tmp_path / "egen.yaml", "name: egen\nfallback: ovrigt\nthemes:\n"
                 "  - {id: personal, label: Vår personal, keywords: [vikarier]}\n"
                 "  - {id: lokaler, label: Våra hus, keywords: [ventilation]}\n  - {id: ovrigt, label: Övrigt}\n")
    src = _write(tmp_path / "in.csv", "id;Förslag\n1;Fler vikarier\n2;Bättre ventilation\n")
    store = str(tmp_path / "h.db")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    moved = tax.rename(tmp_path / "flyttad.yaml")
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)])
    assert r.exit_code == 4
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: {store}: historikens senaste körning sorterade med taxonomin 'egen' i {tax.resolve()}, som inte finns "
        "längre; ange den filen med --taxonomy, eller modellmappen med --model")
    assert not out.exists()
    r = runner.invoke(app, ["report", store, "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 4 and "taxonomin 'egen'" in r.stderr and not (tmp_path / "r.md").exists()
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out), "--taxonomy", str(moved)])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == \
        "Period;Ofullständig;Totalt;Vår personal;Våra hus;Övrigt;Tomma;Inget förslag"


def test_trends_refuse_a_theme_labelled_as_the_period_column(runner, tmp_path):
    """A theme of one's own labelled 'Period' was the table's period column: its counts were written over the
    months (a .csv of 'Period;Lön;Övrigt' rows '1;0;0', '0;1;0'), the theme itself left out. One line, exit 4,
    nothing written; in English, where its label_en differs, the table is whole."""
    tax = _write(tmp_path / "egen.yaml", "name: egen\nfallback: ovrigt\nthemes:\n"
                 "  - {id: period, label: Period, label_en: Menstruation, keywords: [mensskydd]}\n"
                 "  - {id: lon, label: Lön, label_en: Pay, keywords: [lön]}\n  - {id: ovrigt, label: Övrigt}\n")
    src = _write(tmp_path / "in.csv", "id;datum;Förslag\n1;2024-01-10;Gratis mensskydd på toaletterna\n"
                                      "2;2024-02-01;Högre lön för nattpersonalen\n")
    store = str(tmp_path / "h.db")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--store", store,
                            "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)])
    assert r.exit_code == 4 and not out.exists()
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: {store}: temat 'period' i taxonomin 'egen' heter 'Period', som trendtabellens periodkolumn; ge temat "
        "en annan etikett (label: eller label_en:) i taxonomin")
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out), "--lang", "en"])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "Period;Partial;Total;Menstruation;Pay;Övrigt;Empty;No suggestion", "2024-01;yes;1;1;0;0;0;0",
        "2024-02;yes;1;0;1;0;0;0"]


def test_trends_count_empty_rows_and_non_suggestions_apart_not_under_ovrigt(runner, tmp_path, store_url):
    """trends counted an empty row, "Vet inte" and a bare thanks as suggestions of Övrigt (2026-02: Övrigt 3),
    without a word, where classify's workbook tells them apart (Status *tom*, *inget förslag*). They are counted
    in their own columns after the themes now, in the table, its files and the run's new rows alike; a theme of
    one's own labelled as one of those columns ('Tomma') keeps its label and the column is named longer
    ('Tomma rader'), as classify's and report's tables name it — trends refused that taxonomy (exit 4), which
    classify had sorted the store with and report read."""
    src = _write(tmp_path / "in.csv", "Id;Datum;Enhet;Förslag\n1;2026-01-12;Hemtjänst;Fler vikarier på helgerna\n"
                                      "2;2026-02-03;Förskola;\n3;2026-02-05;Förskola;Vet inte\n"
                                      "4;2026-02-11;Eken;Tack!\n5;2026-02-20;Eken;Bättre ventilation i matsalen\n")
    store = store_url
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    out = tmp_path / "t.csv"
    for _ in range(2):  # (the second: its own table of these columns, replaced)
        r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)], terminal_width=200)
        assert r.exit_code == 0, r.stderr
    rows = [line.split(";") for line in out.read_text(encoding="utf-8-sig").splitlines()]
    table = {row[0]: dict(zip(rows[0][2:], map(int, row[2:]))) for row in rows[1:]}
    assert rows[0][-3:] == ["Övrigt", "Tomma", "Inget förslag"] and list(table) == ["2026-01", "2026-02"]
    # (Totalt: the month's one suggestion, not its four rows)
    assert {k: v for k, v in table["2026-02"].items() if v} == {"Totalt": 1, "Lokaler och fysisk miljö": 1, "Tomma": 1,
                                                                "Inget förslag": 2}, table
    assert re.search(r"│ Övrigt +│ +0 │ +0 │", r.stdout) and re.search(r"│ Inget förslag +│ +0 │ +2 │", r.stdout), r.stdout
    assert "  Tomma: 1\n  Inget förslag: 2\n" in r.stderr and "Övrigt:" not in r.stderr, r.stderr
    r = runner.invoke(app, ["trends", "--store", store, "--lang", "en", "-o", str(tmp_path / "t.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert '"Other": 0, "Empty": 1, "No suggestion": 2}' in (tmp_path / "t.jsonl").read_text(encoding="utf-8")
    tax = _write(tmp_path / "egen.yaml", "name: egen\nfallback: ovrigt\nthemes:\n"
                 "  - {id: tomt, label: Tomma, label_en: Vacant, keywords: [ventilation]}\n  - {id: ovrigt, label: Övrigt}\n")
    own = str(tmp_path / "egen.db")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--store", own,
                            "-o", str(tmp_path / "egen.jsonl")])
    assert r.exit_code == 0, r.stderr
    for lang, head in (("sv", ["Period", "Ofullständig", "Totalt", "Tomma", "Övrigt", "Tomma rader", "Inget förslag"]),
                       ("en", ["Period", "Partial", "Total", "Vacant", "Övrigt", "Empty", "No suggestion"])):
        e = tmp_path / f"e-{lang}.csv"
        for _ in range(2):  # (the second: its own table, 'Tomma rader' and all, replaced)
            r = runner.invoke(app, ["trends", "--store", own, "--lang", lang, "-o", str(e)], terminal_width=200)
            assert r.exit_code == 0, r.stderr
        rows = [line.split(";") for line in e.read_text(encoding="utf-8-sig").splitlines()]
        assert rows[0] == head and rows[2] == ["2026-02", head[1] == "Ofullständig" and "ja" or "yes", "1", "1", "0", "1", "2"], rows
    r = runner.invoke(app, ["trends", "--store", own], terminal_width=200)
    assert r.exit_code == 0 and "  Tomma: 1\n  Övrigt: 1\n  Tomma rader: 1\n  Inget förslag: 2\n" in r.stderr, r.stderr
    assert re.search(r"│ Tomma rader +│ +0 │ +1 │", r.stdout), r.stdout
    wb = tmp_path / "e.xlsx"
    assert runner.invoke(app, ["trends", "--store", own, "-o", str(wb)]).exit_code == 0
    import openpyxl

    notes = [row[0] for row in openpyxl.load_workbook(wb)["Förklaringar"].iter_rows(values_only=True)]
    assert "Tomma rader" in notes and "Tomma" not in notes, notes


def test_trends_in_a_very_narrow_terminal_still_show_the_latest_dated_period(runner, tmp_path, monkeypatch):
    src = _write(tmp_path / "in.csv", "id;Datum;Förslag\n1;2024-02-05;Fler vikarier\n2;;Nya datorer\n3;2024-05-01;Mer tid\n")
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    monkeypatch.setenv("COLUMNS", "40")
    r = runner.invoke(app, ["trends", "--store", store, "--period", "quarter"])
    assert r.exit_code == 0 and "2024-Q2" in r.stdout and "utan datum" in r.stdout, r.stdout


def test_periods_between_fills_short_gaps_and_leaves_a_jump():
    from forbattra.store import periods_between

    got = periods_between(["2003-04", "2024-01", "2024-06", "2024-08", "2024-12"])
    assert got == ["2003-04"] + [f"2024-{m:02d}" for m in range(1, 13)]  # (2024-07 a zero; no 2004-2023)
    assert periods_between(["2024-Q1", "2024-Q4"], "quarter") == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_another_programs_sqlite_file_is_refused_not_given_our_tables(runner, tmp_path):
    import sqlite3

    other = tmp_path / "kunder.db"
    with sqlite3.connect(other) as c:
        c.execute("create table kunder(id int, namn text)")
    src = _write(tmp_path / "in.csv", CSV)
    r = runner.invoke(app, ["classify", str(src), "--store", str(other), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3 and "databas för något annat (tabeller: kunder)" in r.stderr, r.stderr
    assert not (tmp_path / "o.jsonl").exists()
    with sqlite3.connect(other) as c:
        assert [n for (n,) in c.execute("select name from sqlite_master where type = 'table'")] == ["kunder"]


def test_a_report_from_a_store_has_the_columns_of_a_report_from_a_file(runner, tmp_path, data_dir):
    """The *Förslag* sheet of 'report STORE -o x.xlsx' showed the store's bookkeeping (key, first_run,
    first_seen, first_run_dated as 'True', updated_run) and no text, id, unit or date. It now has those,
    as a report from the file has, and another night's run that changes nothing leaves it byte-identical."""
    import openpyxl

    src, db = data_dir / "forslag_cp1252.csv", tmp_path / "s.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    first, again, from_file = tmp_path / "r1.xlsx", tmp_path / "r2.xlsx", tmp_path / "rf.xlsx"
    r = runner.invoke(app, ["report", str(db), "-o", str(first), "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    assert runner.invoke(app, ["report", str(src), "-o", str(from_file), "--date", "2026-12-01"]).exit_code == 0

    def sheet(path):
        return [[c.value for c in row] for row in openpyxl.load_workbook(path)["Förslag"].iter_rows()]

    store_rows, file_rows = sheet(first), sheet(from_file)
    assert store_rows[0] == ["Id", "Datum", "Enhet", "Förslag", "Tema", "Alla teman", "Tema-id", "Säkerhet",
                             "Motivering", "Status", "Rättat tema"]
    assert file_rows[0] == ["Löpnummer", "Enhet", "Datum", "Beskriv ditt förslag", *store_rows[0][4:]]
    by_id = {row[0]: row for row in file_rows[1:]}
    for row in store_rows[1:]:  # the same suggestion, date, unit and themes as from the file
        f = by_id[row[0]]
        assert (row[1], row[2], row[3] or None) == (f[2], f[1], f[3] or None) and row[4:] == f[4:]
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "b.jsonl")]).exit_code == 0
    assert runner.invoke(app, ["report", str(db), "-o", str(again), "--date", "2026-12-01"]).exit_code == 0
    assert again.read_bytes() == first.read_bytes()


def test_a_growing_cumulative_export_counts_its_renamed_units_as_changes(runner, tmp_path):
    """The first night's 10 rows, then a cumulative export of 30 where 2 of the 10 have their unit renamed: measured
    against the export (8 of 30 found) it was no re-export, and the 2 were doubled."""
    rows = [(f"Enhet {i % 4}", f"2026-01-{i + 1:02d}", f"Förslag nummer {i} om fler datorer") for i in range(30)]
    first = _write(tmp_path / "e0.csv", "Enhet;Datum;Förslag\n" + "".join(f"{u};{d};{t}\n" for u, d, t in rows[:10]))
    more = _write(tmp_path / "e2.csv", "Enhet;Datum;Förslag\n" + "".join(
        f"{'Enhet ny' if i in (1, 2) else u};{d};{t}\n" for i, (u, d, t) in enumerate(rows)))
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(first), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["classify", str(more), "--store", store])
    assert r.exit_code == 0 and "körning 2: 20 nya, 2 ändrade, 8 oförändrade" in r.stderr, r.stderr


def test_a_store_of_two_systems_keeps_the_second_systems_new_ids_apart_and_warns_once(runner, tmp_path):
    """After two systems' ids were kept apart once, a system's new ids that clash with the other's stored rows were
    taken as edits and written over them ("0 nya, 10 ändrade"); the warning also came again every night."""
    def export(name, who, ids, unit):
        return _write(tmp_path / name, "Id;Enhet;Förslag\n" + "".join(
            f"{i};{unit} {i % 3};{who}: förslag {i} om {'datorer' if who == 'X' else 'scheman'}\n" for i in ids))

    store = str(tmp_path / "h.db")
    for src in (export("x1.csv", "X", range(1, 11), "Kök"), export("y1.csv", "Y", range(1, 21), "Skola")):
        assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["classify", str(export("y1.csv", "Y", range(1, 21), "Skola")), "--store", store])
    assert "körning 3: 0 nya, 0 ändrade, 20 oförändrade" in r.stderr and "Varning" not in r.stderr, r.stderr
    r = runner.invoke(app, ["classify", str(export("x2.csv", "X", range(1, 31), "Kök")), "--store", store])
    assert "körning 4: 20 nya, 0 ändrade, 10 oförändrade" in r.stderr, r.stderr
    assert "10 förslag har ett id som historiken" in r.stderr
    assert q(store, "select count(*) from suggestions") == [(50,)]


def test_a_system_migration_that_renumbers_the_suggestions_stores_each_once_under_its_new_id(runner, tmp_path,
                                                                                              store_url):
    """After a migration the new system numbered the same suggestions 1, 2, 3 … in another order: each id held
    another text and unit, so every row was taken for another system's and stored again ("4 nya"), every
    month of trends counted twice."""
    before = [("1", "Hemtjänst Norr", "2026-01-10", "Vi behöver fler vikarier på helgerna"),
              ("2", "Skola B", "2026-02-11", "Personalrummet är för litet"),
              ("3", "Kök", "2026-02-12", "Datorerna är för långsamma"),
              ("4", "HR", "2026-03-01", "Digital signering av anställningsavtal")]
    after = {"1": "3", "2": "6", "3": "1", "4": "2"}  # the new system's numbers (6: one the old system never had)

    def export(rows):
        return _write(tmp_path / "export.csv", "Id;Enhet;Datum;Förslag\n" + "".join(";".join(r) + "\n" for r in rows))

    assert runner.invoke(app, ["classify", str(export(before)), "--store", store_url]).exit_code == 0
    migrated = [(after[i], u, d, t) for i, u, d, t in before] + [("5", "Kök", "2026-03-05", "Ny diskmaskin")]
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 4 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert "Varning" not in r.stderr
    assert sorted(q(store_url, "select source_id, text from suggestions")) == sorted(
        (i, t) for i, _u, _d, t in migrated)
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])  # the next night
    assert "körning 3: 0 nya, 0 ändrade, 5 oförändrade" in r.stderr, r.stderr
    out = tmp_path / "t.csv"
    assert runner.invoke(app, ["trends", "--store", store_url, "-o", str(out)]).exit_code == 0
    assert q(store_url, "select count(*) from suggestions") == [(5,)]


def test_a_migration_to_ids_of_another_shape_stores_each_suggestion_once(runner, tmp_path, store_url):
    """A new system that numbered the same suggestions anew in another shape (F-1 … became 2026-0001 …), none of its
    ids one the store knew: every row was stored again as a new suggestion ("5 nya"), without a word, and trends
    counted each month twice. Most of the export's rows having the text, unit and date of a suggestion stored under
    an id it no longer holds, each is that suggestion under its new id; later nights find it by that id, also once a
    rolling export holds mostly the new system's own suggestions."""
    before = [("F-1", "Hemtjänst Norr", "2026-01-10", "Vi behöver fler vikarier på helgerna"),
              ("F-2", "Skola B", "2026-02-11", "Personalrummet är för litet"),
              ("F-3", "Kök", "2026-02-12", "Datorerna är för långsamma"),
              ("F-4", "HR", "2026-03-01", "Digital signering av anställningsavtal")]

    def export(rows):
        return _write(tmp_path / "export.csv", "Id;Enhet;Datum;Förslag\n" + "".join(";".join(r) + "\n" for r in rows))

    assert runner.invoke(app, ["classify", str(export(before)), "--store", store_url]).exit_code == 0
    migrated = [(f"2026-000{4 - k}", u, d, t) for k, (_i, u, d, t) in enumerate(before)] \
        + [("2026-0005", "Kök", "2026-03-05", "Ny diskmaskin")]
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 4 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert sorted(q(store_url, "select source_id, text from suggestions")) == sorted(
        (i, t) for i, _u, _d, t in migrated)
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])  # the next night
    assert r.exit_code == 0 and "körning 3: 0 nya, 0 ändrade, 5 oförändrade" in r.stderr, r.stderr
    # a rolling export a month on: two of the renumbered suggestions left beside the new system's new ones
    later = migrated[:2] + [(f"2026-00{k}", "Kök", f"2026-04-0{k - 10}", f"Nytt förslag {k} om fler bilar")
                            for k in range(11, 17)]
    r = runner.invoke(app, ["classify", str(export(later)), "--store", store_url])
    assert r.exit_code == 0 and "körning 4: 6 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(11,)]
    # erased by its new id, as the export has it
    r = runner.invoke(app, ["forget", "--store", store_url, "2026-0004", "--dry-run"])
    assert r.exit_code == 0 and "1 förslag, 3 rader med deras tidigare versioner, skulle raderas" in r.stderr, r.stderr


def test_a_text_edited_across_a_system_migration_is_that_suggestion_not_a_second_one(runner, tmp_path, store_url):
    """A migration that numbered the suggestions 1, 2, 3 … again, with a typo fixed in one of them before the first
    export from the new system: the renumbered rows were found by their exact text, unit and date, but the edited
    one was stored as a new suggestion ("2 nya") beside its old version, which no export would hold again — one
    suggestion counted twice in every trends and report from then on. The typo rule (the one stored suggestion of
    its unit and day with almost the same text) now finds it as it does in an export without a migration."""
    before = [("1", "Hemtjänst Norr", "2026-01-10", "Vi behöver fler vikarier på helgerna"),
              ("2", "Skola B", "2026-02-11", "Personalrumet är för litet för alla som jobbar här"),
              ("3", "Kök", "2026-02-12", "Datorerna är för långsamma"),
              ("4", "HR", "2026-03-01", "Digital signering av anställningsavtal")]
    after = {"1": "3", "2": "6", "3": "1", "4": "2"}

    def export(rows):
        return _write(tmp_path / "export.csv", "Id;Enhet;Datum;Förslag\n" + "".join(";".join(r) + "\n" for r in rows))

    assert runner.invoke(app, ["classify", str(export(before)), "--store", store_url]).exit_code == 0
    migrated = [(after[i], u, d, t.replace("Personalrumet", "Personalrummet")) for i, u, d, t in before] \
        + [("5", "Kök", "2026-03-05", "Ny diskmaskin")]
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 1 nya, 4 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert sorted(q(store_url, "select source_id, text from suggestions")) == sorted(
        (i, t) for i, _u, _d, t in migrated)
    r = runner.invoke(app, ["classify", str(export(migrated)), "--store", store_url])  # the next night
    assert "körning 3: 0 nya, 0 ändrade, 5 oförändrade" in r.stderr, r.stderr
    # a colleague's near-identical ask of that unit and day in the new system is still a suggestion of its own
    colleague = migrated + [("7", "Kök", "2026-02-12", "Datorerna är för långsamma!!")]
    r = runner.invoke(app, ["classify", str(export(colleague)), "--store", store_url])
    assert "körning 4: 1 nya, 0 ändrade, 5 oförändrade" in r.stderr, r.stderr


def test_report_on_an_empty_store_says_so_and_writes_nothing_into_it(runner, tmp_path):
    """A store file made ahead of the first nightly run: 'report' wrote forbattra's tables into it (a report
    only reads its inputs; trends leaves it as it is) and warned that the store holds no names."""
    empty = tmp_path / "tom.db"
    empty.touch()
    md = tmp_path / "r.md"
    r = runner.invoke(app, ["report", str(empty), "-o", str(md), "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    assert empty.stat().st_size == 0
    assert "historiken har inga förslag ännu" in r.stderr and "inga namn" not in r.stderr
    assert "Inga förslag." in md.read_text(encoding="utf-8")
    # a store whose runs held no suggestions: the same line, no warning about names
    src = _write(tmp_path / "tom.csv", "Id;Förslag\r\n")
    db = tmp_path / "e.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "e.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["report", str(db), "--lang", "en", "-o", str(tmp_path / "r2.md")])
    assert r.exit_code == 0, r.stderr
    assert "the history holds no suggestions yet" in r.stderr and "no names" not in r.stderr


def test_a_store_without_names_is_a_notice_quiet_hides_as_a_files_is(runner, tmp_path):
    """'report h.db' of anonymous exports printed "historiken har inga namn …" as a warning, also under --quiet,
    where a report of the export itself says the same as a notice --quiet hides: a nightly quiet report mailed it
    every night. It is a notice now (level info in the JSON log); a warning — an option the store cannot honour —
    still shows under --quiet."""
    import json

    db = tmp_path / "h.db"
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    md = str(tmp_path / "r.md")
    for quiet in (["--quiet"], ["--quiet", "--log-format", "json"]):
        r = runner.invoke(app, [*quiet, "report", str(db), "-o", md, "--date", "2026-12-01"])
        assert (r.exit_code, r.stderr) == (0, ""), r.stderr
        r = runner.invoke(app, [*quiet, "report", str(src), "-o", md, "--date", "2026-12-01"])  # (as a file's)
        assert (r.exit_code, r.stderr) == (0, ""), r.stderr
    r = runner.invoke(app, ["report", str(db), "-o", md, "--date", "2026-12-01"])
    line = next(x for x in r.stderr.splitlines() if "inga namn" in x)
    assert line.startswith(f"{db}: historiken har inga namn på förslagsställarna"), r.stderr
    r = runner.invoke(app, ["--log-format", "json", "report", str(db), "-o", md, "--date", "2026-12-01"])
    events = {e["event"]: e["level"] for e in map(json.loads, r.stderr.splitlines())}
    assert events["store_no_names"] == "info", r.stderr
    r = runner.invoke(app, ["--quiet", "report", str(db), "-o", md, "--date", "2026-12-01", "--min-confidence", "0.5"])
    assert r.exit_code == 0 and r.stderr.startswith(f"Varning: {db}: --min-confidence gäller bara"), r.stderr


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_store_option_is_refused_not_a_run_without_history(runner, tmp_path, monkeypatch, value):
    """``--store "$STORE"`` in a nightly script whose variable is unset: a usage error (exit 2) before any work —
    not a run of exit 0 that records nothing (an empty value meant no store at all), nor a store file named
    ' ' in the working folder. In the config file it is a configuration error naming the key (exit 4)."""
    monkeypatch.chdir(tmp_path)
    src = _write(tmp_path / "in.csv", CSV)
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--store", value, "-o", str(out)])
    assert r.exit_code == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(  # (the prefix is Click's, translated by main())
        "'--store': tomt; ange en SQLite-fil (t.ex. historik.db) eller en postgresql://-URL"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    cfg = _write(tmp_path / "forbattra.toml", f'[classify]\nstore = "{value}"\n')
    r = runner.invoke(app, ["--config", str(cfg), "classify", str(src), "-o", str(out)])
    assert r.exit_code == 4, r.stderr
    assert "[classify] store" in r.stderr and not out.exists()


@pytest.mark.parametrize("value", ["", "  "])
def test_trends_refuse_an_empty_store_option_as_a_usage_error(runner, tmp_path, monkeypatch, value):
    """``trends --store "$STORE"`` with the variable unset said "historiken finns inte; skapa den med 'forbattra
    classify INDATA --store '" (exit 3): a store to make with no name. It is the usage error classify gives
    (exit 2), and in the config file a configuration error naming the key (exit 4); nothing is written."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", value, "-o", str(out)])
    assert r.exit_code == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        "'--store': tomt; ange en SQLite-fil (t.ex. historik.db) eller en postgresql://-URL"), r.stderr
    assert list(tmp_path.iterdir()) == []
    cfg = _write(tmp_path / "forbattra.toml", f'[trends]\nstore = "{value}"\n')
    r = runner.invoke(app, ["--config", str(cfg), "trends", "-o", str(out)])
    assert r.exit_code == 4, r.stderr
    assert "[trends] store" in r.stderr and not out.exists()


def test_a_proposal_added_to_a_document_is_new_and_the_others_unchanged(runner, tmp_path, store_url):
    """A folder of reports run every night into one store: the reader numbers a document's proposals (a.md#1,
    a.md#2 …), so one added at the top renumbers the rest. They are keyed by their text and unit, as rows
    without an id are: 1 new and 2 unchanged, the two keep their first run — not '1 new, 2 changed' with the
    new text recorded as an edit of the first suggestion (first seen a night too early) and the last one new."""
    folder = tmp_path / "rapporter"
    folder.mkdir()
    doc = folder / "a.md"
    first = ["Vi behöver fler bilar till hemtjänsten så att vi hinner i tid",
             "Inför digital signering av avtal med brukarna"]
    added = "Nya arbetskläder till all personal i hemtjänsten behövs"
    for texts in (first, [added, *first]):
        _write(doc, "# Förslag från Hemtjänst Norr\n\n" + "".join(f"- {t}\n" for t in texts))
        r = runner.invoke(app, ["classify", str(folder), "--store", store_url, "-o", str(tmp_path / "o.jsonl")])
        assert r.exit_code == 0, r.stderr
    assert q(store_url, "select n_new, n_changed, n_unchanged from runs order by run_id") == [(2, 0, 0), (1, 0, 2)]
    assert sorted(q(store_url, "select text, first_run, updated_run from suggestions")) == sorted(
        [(first[0], 1, 1), (first[1], 1, 1), (added, 2, 2)])
    assert q(store_url, "select count(*) from versions") == [(3,)]


@pytest.mark.parametrize("lang,line", [
    ("sv", "Fel: {store}: mappen {folder} finns inte; skapa den eller ange en annan sökväg"),
    ("en", "Error: {store}: the folder {folder} does not exist; create it or give another path"),
])
def test_a_store_in_a_missing_folder_says_how_to_fix_it_in_both_languages(runner, tmp_path, lang, line):
    """A mistyped store folder is not created (a new, empty history would go unnoticed): exit 3, one line that
    says what to do — in English too (the English text stopped at 'does not exist')."""
    src = _write(tmp_path / "in.csv", CSV)
    store = tmp_path / "saknas" / "h.db"
    r = runner.invoke(app, ["--quiet", "classify", str(src), "--store", str(store), "-o", str(tmp_path / "o.jsonl"),
                            "--lang", lang])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines() == [line.format(store=store, folder=tmp_path / "saknas")]
    assert not (tmp_path / "saknas").exists() and not (tmp_path / "o.jsonl").exists()


def test_a_report_from_a_store_of_undated_exports_has_the_months_trends_shows(runner, tmp_path):
    """Nightly exports without a date column: trends counts each suggestion in the month of the run that first read
    it, but 'report STORE' said 'Inga datum i underlaget' — no month table, no trend chart. The report now has the
    months trends has (a dated export's undated rows stay out of them, as in trends), and shows no 'Datum' column of
    run dates as if the suggestions had them."""
    import openpyxl

    store = str(tmp_path / "h.db")
    nodates = _write(tmp_path / "a.csv", "id;Enhet;Förslag\n1;A;Fler vikarier på helger\n2;B;Bättre datorer till personalen\n")
    dated = _write(tmp_path / "b.csv", "id;Enhet;Datum;Förslag\n3;A;2024-02-05;Nya lokaler\n4;B;;Mer utbildning\n")
    for src in (nodates, dated):
        assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    out = tmp_path / "t.csv"
    assert runner.invoke(app, ["trends", "--store", store, "-o", str(out)]).exit_code == 0
    trend = {ln.split(";")[0]: ln for ln in out.read_text(encoding="utf-8-sig").splitlines()[1:]}
    (run_month,) = [p for p in trend if p not in ("2024-02", "utan datum")]
    md, xlsx = tmp_path / "r.md", tmp_path / "r.xlsx"
    r = runner.invoke(app, ["report", store, "-o", str(md), "-o", str(xlsx), "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    months = md.read_text(encoding="utf-8").split("## Utveckling per månad\n", 1)[1].split("\n## ", 1)[0]
    assert "Inga datum" not in months
    totals = {m[2:9]: int(m.split(" | ")[1]) for m in months.splitlines() if m.startswith("| 20")}  # "| 2024-02 \\* | 1"
    assert totals["2024-02"] == 1 and totals[run_month] == 2 and sum(totals.values()) == 3
    assert "1 förslag utan datum ingår inte i månaderna." in months
    rows = list(openpyxl.load_workbook(xlsx)["Förslag"].iter_rows(values_only=True))
    dates = {str(row[0]): row[1] for row in rows[1:]}
    assert rows[0][1] == "Datum" and dates["1"] is None and dates["2"] is None and dates["4"] is None
    assert dates["3"].date().isoformat() == "2024-02-05"


def test_two_runs_with_different_taxonomies_at_once_cannot_both_write_the_store(runner, tmp_path, monkeypatch,
                                                                                store_url):
    """The check that a store holds one taxonomy ran before the write lock: a run with another taxonomy that
    wrote between that check and this run's write left the themes of two taxonomies in one history (which
    trends and report cannot read back). It is made again under the lock: the later run is refused, exit 4."""
    from forbattra.store import Store
    from forbattra.taxonomy import load_taxonomy

    src = _write(tmp_path / "in.csv", CSV)
    huset = load_taxonomy("huset")
    original = Store.keys_for

    def other_run_first(self, frame, **kw):  # another run, with another taxonomy, writes while this one classifies
        other = frame.assign(themes=[[huset.ids[0]]] * len(frame), scores=[{}] * len(frame),
                             evidence=[{}] * len(frame), status=["ok"] * len(frame))
        Store(self.location).record(other, source="other.csv", taxonomy="huset", taxonomy_hash=huset.hash(),
                                    model_hash="m", taxonomy_ids=huset.ids)
        return original(self, frame, **kw)

    monkeypatch.setattr(Store, "keys_for", other_run_first)
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(out)])
    assert r.exit_code == 4 and "'huset'" in r.stderr and "--taxonomy huset" in r.stderr, r.stderr
    assert q(store_url, "select taxonomy from runs") == [("huset",)]
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]



def _hold_write_lock(db):
    """Another run's write transaction on the SQLite store ``db``, held until the connection is closed."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_trends_report_and_a_runs_lookups_read_a_store_another_run_is_writing(runner, tmp_path):
    """Every read of a SQLite store began with BEGIN IMMEDIATE, the write lock: trends and report (and a run's
    look-ups) queued behind each other and behind any connection holding the write lock reserved, up to 60 s, and
    then failed with "database is locked". A read takes no write lock now: it reads the store as last committed,
    at once. (A forbattra write holds the store exclusively while it runs — seconds — and a read waits for it in
    short, interruptible waits: test_sigterm_stops_a_run_waiting_for_a_long_read_of_the_store_at_once.)"""
    import time

    src = _write(tmp_path / "in.csv", CSV)
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", db]).exit_code == 0
    holder = _hold_write_lock(db)
    try:
        began = time.monotonic()
        r = runner.invoke(app, ["trends", "--store", db, "-o", str(tmp_path / "t.csv")])
        assert r.exit_code == 0, r.stderr
        r = runner.invoke(app, ["report", db, "-o", str(tmp_path / "r.md")])
        assert r.exit_code == 0, r.stderr
        took = time.monotonic() - began
    finally:
        holder.close()
    assert took < 30, took
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[1:] != []


def _sigterm_while_waiting(runner, tmp_path, hold):
    """A classify --store run stopped with SIGTERM while it waits for the store (held by ``hold(db)``, a
    connection closed afterwards): its exit code, its standard error, the seconds it took to stop, the output
    folder and the store."""
    import signal
    import time

    import forbattra

    src = _write(tmp_path / "in.csv", CSV)
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", db]).exit_code == 0
    out = tmp_path / "ut"
    out.mkdir()
    holder = hold(db)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORBATTRA_")},
           "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-m", "forbattra", "classify", str(src), "--store", db,
                             "-o", str(out / "t.jsonl")], stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.endswith(".tmp") for p in out.iterdir()):  # outputs written: the store is next
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()
            time.sleep(0.05)
        time.sleep(1.5)  # waiting for the store now
        assert proc.poll() is None
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("SIGTERM did not stop a run waiting for the store within 20 s")
        waited = time.monotonic() - stopped
    finally:
        holder.close()
        proc.wait(timeout=60)
    return rc, proc.stderr.read().decode(), waited, out, db


def test_sigterm_stops_a_run_waiting_for_another_runs_store_lock_at_once(runner, tmp_path):
    """A nightly job stopped (SIGTERM) while another run wrote the store went on waiting inside SQLite's
    60-second busy wait, which no signal interrupts, and only then stopped. It stops within a second or so now:
    exit 130, nothing written, the store as it was."""
    rc, err, waited, out, db = _sigterm_while_waiting(runner, tmp_path, _hold_write_lock)
    assert rc == 130 and "Fel: avbrutet; inget skrevs" in err and "Traceback" not in err, err
    assert waited < 5, waited
    assert list(out.iterdir()) == [] and q(db, "select count(*) from runs") == [(1,)]


def _hold_read_lock(db):
    """A long read of the SQLite store ``db`` (a report reading it), its shared lock held until closed."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM runs").fetchall()
    return conn


def test_sigterm_stops_a_run_waiting_for_a_long_read_of_the_store_at_once(runner, tmp_path):
    """A write waited for the store's readers only at its COMMIT, after all its work, with Ctrl-C and SIGTERM held
    there (the commit and the outputs' renames are not parted): a nightly job stopped while a long report read the
    store went on for up to a minute. A write now waits for the readers before it begins — interruptibly — so it
    stops at once: exit 130, nothing written, the store as it was."""
    rc, err, waited, out, db = _sigterm_while_waiting(runner, tmp_path, _hold_read_lock)
    assert rc == 130 and "Fel: avbrutet; inget skrevs" in err and "Traceback" not in err, err
    assert waited < 5, waited
    assert list(out.iterdir()) == [] and q(db, "select count(*) from runs") == [(1,)]


def test_a_store_locked_past_the_wait_is_one_line_that_says_so(runner, tmp_path, monkeypatch):
    """Another run holding the store's write lock longer than a run waits: one line naming the lock, exit 3."""
    import forbattra.store as store_mod

    monkeypatch.setattr(store_mod, "LOCK_WAIT", 1.0)
    src = _write(tmp_path / "in.csv", CSV)
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", db]).exit_code == 0
    holder = _hold_write_lock(db)
    try:
        r = runner.invoke(app, ["classify", str(src), "--store", db, "-o", str(tmp_path / "o.jsonl"), "--lang", "en"])
    finally:
        holder.close()
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Error: the store {db} is locked by another run (waited 1 s); run again when it has finished"), r.stderr
    assert not (tmp_path / "o.jsonl").exists() and q(db, "select count(*) from runs") == [(1,)]


def test_a_postgresql_store_locked_past_the_wait_is_one_line_not_a_hung_night(runner, tmp_path, monkeypatch):
    """A run into a PostgreSQL store that another run (or a hung process) held locked waited for the advisory lock
    with no limit: a nightly job hung until the holder let go, however long. It waits as long as a run waits for a
    SQLite store (LOCK_WAIT) now, then says so in one line, exit 3, no output written, the store as it was."""
    import threading

    from sqlalchemy import create_engine, text

    import forbattra.store as store_mod

    _require_pg()
    name = f"forbattra_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = _engine_url(PG_URL).set(database=name).render_as_string(hide_password=False).replace("+psycopg", "")
    src = _write(tmp_path / "in.csv", CSV)
    holder_engine = create_engine(_engine_url(url))
    try:
        assert runner.invoke(app, ["classify", str(src), "--store", url]).exit_code == 0
        monkeypatch.setattr(store_mod, "LOCK_WAIT", 1.0)
        holder = holder_engine.connect()
        holder.begin()
        holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": store_mod.LOCK_KEY})
        release = threading.Timer(20, holder.invalidate)  # the code before the fix waited for this; never hang
        release.start()
        try:
            r = runner.invoke(app, ["classify", str(src), "--store", url, "-o", str(tmp_path / "o.jsonl"),
                                    "--lang", "en"])
        finally:
            release.cancel()
            holder.close()
        assert r.exit_code == 3, r.stderr  # (the code before waited for the holder: exit 0 after 20 s)
        shown = url.replace(PASSWORD, "***")
        assert r.stderr.strip().splitlines()[-1] == (
            f"Error: the store {shown} is locked by another run (waited 1 s); run again when it has finished"), r.stderr
        assert "Traceback" not in r.stderr and PASSWORD not in r.stderr
        assert not (tmp_path / "o.jsonl").exists() and q(url, "select count(*) from runs") == [(1,)]
    finally:
        holder_engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_an_interrupt_just_after_the_store_commit_still_puts_the_outputs_in_place(runner, tmp_path, monkeypatch,
                                                                                  store_url):
    """Ctrl-C (or SIGTERM) between the store's commit and the outputs' renames left the run in the store but no
    outputs, and the line said "avbrutet; inget skrevs". The interrupt now waits the few milliseconds of the
    renames: the store and the outputs are both updated, and the line says so."""
    import signal

    from forbattra.outputs.writers import AtomicOutputs

    src = _write(tmp_path / "in.csv", CSV)
    out = tmp_path / "o.jsonl"
    original = AtomicOutputs.commit

    def ctrl_c_first(self):
        os.kill(os.getpid(), signal.SIGINT)  # the store has committed; the renames are next
        return original(self)

    monkeypatch.setattr(AtomicOutputs, "commit", ctrl_c_first)
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(out)])
    assert r.exit_code == 130, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        "Fel: avbrutet efter att utfilerna skrivits och historiken uppdaterats; båda är hela, men kör igen om "
        "körningen skulle göra mer"), r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert q(store_url, "select count(*) from runs") == [(1,)]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_interrupt_when_the_outputs_cannot_follow_the_store_says_the_store_was_updated(runner, tmp_path,
                                                                                         monkeypatch):
    """Interrupted while the renames after the store's commit failed (a file open in Excel): the store holds the
    run, the outputs are as they were, and the line says exactly that, not "nothing was written"."""
    import signal

    from forbattra.errors import OutputError
    from forbattra.outputs.writers import AtomicOutputs

    src = _write(tmp_path / "in.csv", CSV)
    out = _write(tmp_path / "o.jsonl", PREVIOUS)
    db = str(tmp_path / "h.db")

    def held_open(self):
        os.kill(os.getpid(), signal.SIGINT)
        raise OutputError.of("err_no_path", path=out)

    monkeypatch.setattr(AtomicOutputs, "commit", held_open)
    r = runner.invoke(app, ["classify", str(src), "--store", db, "-o", str(out), "--lang", "en"])
    assert r.exit_code == 130, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        "Error: interrupted after the store was updated; the output files were not written: run again to write them"), \
        r.stderr
    assert out.read_text(encoding="utf-8") == PREVIOUS and q(db, "select count(*) from runs") == [(1,)]


@pytest.fixture
def full_sqlite_disk():
    """A call that makes every SQLite connection opened after it unable to grow its file: SQLite's own
    SQLITE_FULL, as on a full disk."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def cap(dbapi_conn, _rec):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    yield lambda: event.listen(Engine, "connect", cap)
    if event.contains(Engine, "connect", cap):
        event.remove(Engine, "connect", cap)


def test_a_store_on_a_full_disk_says_so_and_how_to_fix_it(runner, tmp_path, full_sqlite_disk):
    """The store's disk full: the driver's English 'database or disk is full' in a Swedish line, and no word of
    what to do. One line in the user's language now, as for a full disk under an output file; nothing written."""
    src = _write(tmp_path / "in.csv", CSV)
    db, made_ahead = tmp_path / "h.db", _write(tmp_path / "tom.db", "")  # (a store made ahead of the first run)
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    full_sqlite_disk()
    more = "".join(f"{i};C;2026-03-01;Bättre stolar i matsalen och fler vikarier på helgerna, förslag {i}\n"
                   for i in range(3, 300))  # more than the file's free pages hold
    changed = _write(tmp_path / "nytt.csv", CSV + more)
    for store in (db, made_ahead):  # a run to record; tables to create
        r = runner.invoke(app, ["classify", str(changed), "--store", str(store), "-o", str(out)])
        assert r.exit_code == 3, r.stderr
        assert r.stderr.strip().splitlines()[-1] == (
            f"Fel: historiken {store} kan inte skrivas: disken är full (eller kvoten slut); frigör utrymme och kör "
            "igen; historiken och utfilerna är som förut"), r.stderr
        assert not out.exists()
    assert q(str(db), "select count(*) from runs") == [(1,)]


@pytest.fixture
def full_sqlite_file():
    """A call after which every SQLite file opened cannot grow beyond its first page (SQLite's own SQLITE_FULL, as
    on a full disk); an in-memory database, as a new store is read before its first run, still can."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def cap(dbapi_conn, _rec):
        if dbapi_conn.execute("PRAGMA database_list").fetchone()[2]:  # (a file's name; "" in memory)
            dbapi_conn.execute("PRAGMA max_page_count = 1")

    yield lambda: event.listen(Engine, "connect", cap)
    if event.contains(Engine, "connect", cap):
        event.remove(Engine, "connect", cap)


@pytest.mark.parametrize("failure", ["full", "interrupt"])
def test_a_first_record_that_fails_leaves_no_empty_store_file(runner, tmp_path, monkeypatch, full_sqlite_file,
                                                              failure):
    """The disk full during the very first record (or SIGTERM while it wrote): SQLite had made the store's file as
    the run opened it, and the failed transaction left it there, 0 bytes — under an error line saying the store was
    as before, and read by ``trends`` as a history of nothing. The run removes the file it made."""
    from forbattra.store import Store

    src = _write(tmp_path / "in.csv", CSV)
    db, out = tmp_path / "h.db", tmp_path / "o.jsonl"
    if failure == "full":
        full_sqlite_file()
    else:
        def stopped(self, conn):
            assert db.exists()  # (the file is open, as SQLite made it)
            raise KeyboardInterrupt

        monkeypatch.setattr(Store, "_lock", stopped)
    r = runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(out)])
    assert r.exit_code == (3 if failure == "full" else 130), r.stderr
    if failure == "full":
        assert r.stderr.strip().splitlines()[-1] == (
            f"Fel: historiken {db} kan inte skrivas: disken är full (eller kvoten slut); frigör utrymme och kör "
            "igen; historiken och utfilerna är som förut"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    r = runner.invoke(app, ["trends", "--store", str(db)])
    assert r.exit_code == 3 and "historiken finns inte" in r.stderr, r.stderr


# A disk on which no byte more can be written from the moment the run records (RLIMIT_FSIZE 0: each write that
# would grow a file fails, as on a disk filled to its last block by another program).
_DISK_FILLS_AS_IT_RECORDS = """
import resource, signal, sys
import forbattra.store as store
from forbattra.cli import main

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (the write fails, EFBIG, instead of the process being killed)
record = store.Store.record

def full(self, *args, **kwargs):
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return record(self, *args, **kwargs)

store.Store.record = full
sys.argv = ["forbattra", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX's")
def test_a_first_record_on_a_disk_full_to_the_last_byte_leaves_no_empty_store_file(tmp_path):
    """A disk with no byte left when the first run recorded: the run took away the 0-byte file SQLite had made only
    after an exclusive lock on it, which SQLite takes on an empty file by writing its journal — on that disk a
    failure, so the file stayed, under an error line saying the store was as before, and ``trends`` read it as a
    history of nothing. The lock is taken without writing to the disk now, and the file goes."""
    import forbattra

    src = _write(tmp_path / "in.csv", CSV)
    db, out = tmp_path / "h.db", tmp_path / "o.jsonl"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORBATTRA_")},
           "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}
    r = subprocess.run([sys.executable, "-c", _DISK_FILLS_AS_IT_RECORDS, "classify", str(src), "--store", str(db),
                        "-o", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 3, r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("Fel: ") and f"historiken {db}" in line, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX's")
def test_a_store_that_sqlite_cannot_write_for_a_disk_error_says_so_in_the_users_language(runner, tmp_path):
    """A write SQLite's disk refused for another reason than a full disk (SQLite says SQLITE_FULL only for ENOSPC:
    a quota used up, a file-size limit, a failing disk or a share gone are all SQLITE_IOERR) ended the run with
    'kan inte uppdatera historiken h.db: disk I/O error' — SQLite's English, no word of what to do. It says what it
    is and what to check, in the user's language; the store and the outputs as they were."""
    import forbattra

    src = _write(tmp_path / "in.csv", CSV)
    db, out = tmp_path / "h.db", tmp_path / "o.jsonl"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    before = db.read_bytes()
    changed = _write(tmp_path / "nytt.csv", CSV + "3;C;2026-03-01;Bättre stolar i matsalen\n")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORBATTRA_")},
           "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}
    for lang, said in (("sv", f"Fel: kan inte uppdatera historiken {db}: SQLite fick ett läs- eller skrivfel från "
                              "disken (disk I/O error): kvoten kan vara slut, disken felaktig eller en nätverksmapp "
                              "borta; rätta det och kör igen; historiken och utfilerna är som förut"),
                       ("en", f"Error: cannot update the store {db}: SQLite got a read or write error from the disk "
                              "(disk I/O error): the quota may be used up, the disk failing or a network folder "
                              "gone; fix that and run again; the store and the output files are as they were")):
        r = subprocess.run([sys.executable, "-c", _DISK_FILLS_AS_IT_RECORDS, "classify", str(changed), "--store",
                            str(db), "-o", str(out), "--lang", lang], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=300)
        assert r.returncode == 3, r.stderr
        assert r.stderr.strip().splitlines()[-1] == said, r.stderr
        assert db.read_bytes() == before and not out.exists()


def test_a_store_that_may_not_be_written_says_so_in_the_users_language(runner, tmp_path, store_url):
    """A store opened read-only (a read-only SQLite file, a PostgreSQL replica or read-only user): the driver's
    'attempt to write a readonly database' / 'cannot execute INSERT in a read-only transaction' before."""
    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    if "://" in store_url:
        read_only = store_url + "?options=-c%20default_transaction_read_only%3Don"
    else:
        read_only = f"sqlite:///file:{store_url}?mode=ro&uri=true"
    changed = _write(tmp_path / "nytt.csv", CSV + "3;C;2026-03-01;Bättre stolar i matsalen\n")
    r = runner.invoke(app, ["classify", str(changed), "--store", read_only, "-o", str(tmp_path / "o.jsonl"),
                            "--lang", "en"])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        " may not be written (a read-only file or folder, or a database user without the right to write); give "
        "write access or another --store"), r.stderr
    assert q(store_url, "select count(*) from runs") == [(1,)] and not (tmp_path / "o.jsonl").exists()


def test_a_store_in_a_folder_that_takes_no_new_file_says_it_may_not_be_written(runner, tmp_path, monkeypatch):
    """A store whose file may be written but whose folder may not (a folder made read-only, a share's folder
    without the right to create files): SQLite cannot make its journal beside the file, and the line was
    'kan inte uppdatera historiken h.db: unable to open database file' — SQLite's English, no word of the folder or
    what to do. It says the store may not be written and how to fix it, before classifying, as for a read-only
    file. (SQLite's refusal to make the journal is had here by a link in its place into no folder; the folder's refusal of new
    files, as in the tests of a read-only output folder, by the probe's.)"""
    import tempfile

    src = _write(tmp_path / "in.csv", CSV)
    folder = tmp_path / "historik"
    folder.mkdir()
    db = folder / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    (folder / "h.db-journal").symlink_to(tmp_path / "ingen" / "mapp")  # (no journal can be made there)
    real = tempfile.mkstemp

    def denied(*a, dir=None, **k):
        if dir is not None and Path(dir).resolve() == folder.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*a, dir=dir, **k)

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    changed = _write(tmp_path / "nytt.csv", CSV + "3;C;2026-03-01;Bättre stolar i matsalen\n")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(changed), "--store", str(db), "-o", str(out)])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: historiken {db} får inte skrivas (skrivskyddad fil eller mapp, eller en databasanvändare utan rätt att "
        "skriva); ge skrivrätt eller ange en annan --store"), r.stderr
    assert "klassificerade" not in r.stderr and not out.exists()  # (refused before classifying)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_store_in_a_read_only_folder_real(runner, tmp_path):
    src = _write(tmp_path / "in.csv", CSV)
    folder = tmp_path / "historik"
    folder.mkdir()
    db = folder / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db)]).exit_code == 0
    changed = _write(tmp_path / "nytt.csv", CSV + "3;C;2026-03-01;Bättre stolar i matsalen\n")
    folder.chmod(0o555)
    try:
        r = runner.invoke(app, ["classify", str(changed), "--store", str(db), "-o", str(tmp_path / "o.jsonl")])
    finally:
        folder.chmod(0o755)
    assert r.exit_code == 3 and "får inte skrivas" in r.stderr.strip().splitlines()[-1], r.stderr


def test_a_store_that_may_not_be_written_is_refused_before_classifying(runner, tmp_path, store_url, monkeypatch):
    """A read-only store (a file or folder without write access, a replica, a read-only database user) was found out
    only when the run recorded its rows: after classifying the whole export — minutes on a big one — to write
    nothing. Now the same one line comes before any row is classified, and the store and outputs are as they were."""
    import forbattra.scoring.pipeline as pipeline

    src = _write(tmp_path / "in.csv", CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    if "://" in store_url:
        read_only = store_url + "?options=-c%20default_transaction_read_only%3Don"
    else:
        read_only = f"sqlite:///file:{store_url}?mode=ro&uri=true"
    classified: list[int] = []
    real = pipeline.classify_frame
    monkeypatch.setattr(pipeline, "classify_frame", lambda df, *a, **k: classified.append(len(df)) or real(df, *a, **k))
    changed = _write(tmp_path / "nytt.csv", CSV + "3;C;2026-03-01;Bättre stolar i matsalen\n")
    r = runner.invoke(app, ["classify", str(changed), "--store", read_only, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        " får inte skrivas (skrivskyddad fil eller mapp, eller en databasanvändare utan rätt att skriva); ge skrivrätt "
        "eller ange en annan --store"), r.stderr
    assert classified == [] and not (tmp_path / "o.jsonl").exists()
    assert q(store_url, "select count(*) from runs") == [(1,)] and q(store_url, "select count(*) from versions") == [(2,)]
    r = runner.invoke(app, ["classify", str(changed), "--store", store_url, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0 and "körning 2: 1 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr
    assert classified == [1]  # (the store as it was: only the new row is classified)
    assert q(store_url, "select run_id from runs order by run_id") == [(1,), (2,)]  # no run number used up


@pytest.mark.parametrize("cmd", [["trends"], ["classify", "{src}", "-o", "{out}"]])
def test_a_file_that_is_no_store_is_named_as_such_with_the_fix(runner, tmp_path, cmd):
    """'trends --store forslag.xlsx' (the workbook for the store) said 'kan inte öppna historiken …: file is not a
    database', SQLite's English with no way forward; the file is left as it was, and classify writes nothing."""
    src = _write(tmp_path / "a.csv", "id;Förslag\n1;Fler vikarier på helger\n")
    book = tmp_path / "forslag.xlsx"
    book.write_bytes(b"PK\x03\x04 not a database at all" * 40)
    before = book.read_bytes()
    args = [a.format(src=src, out=tmp_path / "o.jsonl") for a in cmd] + ["--store", str(book)]
    r = runner.invoke(app, args)
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (f"Fel: {book} är ingen historik (en SQLite-databas som 'classify --store' skriver) utan "
                                "en annan sorts fil; ange historikens fil (t.ex. forbattra.db), eller ett nytt filnamn "
                                "för att börja en")
    assert book.read_bytes() == before and not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("cmd", [["trends", "--store", "{db}"], ["report", "{db}", "-o", "{rep}"],
                                 ["forget", "--store", "{db}", "1"],
                                 ["classify", "{src}", "-o", "{out}", "--store", "{db}"]])
@pytest.mark.parametrize("damage", ["cut", "pages"])
def test_a_damaged_store_file_is_said_so_in_swedish_with_the_fix(runner, tmp_path, cmd, damage):
    """A store file cut short (a copy or backup that stopped half-way) or with damaged pages (a disk fault) stopped
    every command with SQLite's English 'database disk image is malformed' and no way forward. It is said in the
    user's language, with what to do, exit 3; classify writes nothing, and the file is left as it was."""
    src = _write(tmp_path / "a.csv", "id;Enhet;Förslag\n" + "".join(
        f"{i};Enhet {i % 3};Förslag nummer {i} om fler vikarier på helgerna och bättre scheman\n" for i in range(1, 200)))
    db = tmp_path / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "first.jsonl")]).exit_code == 0
    data = bytearray(db.read_bytes())
    if damage == "cut":
        data = data[:len(data) // 2]
    else:  # every page but the first two (the header and the schema) overwritten at its start
        for page in range(2, len(data) // 4096):
            data[page * 4096:page * 4096 + 8] = b"\x99" * 8
    db.write_bytes(bytes(data))
    args = [a.format(db=db, src=src, out=tmp_path / "o.jsonl", rep=tmp_path / "r.html") for a in cmd]
    r = runner.invoke(app, args)
    assert r.exit_code == 3, r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("Fel: kan inte ") and line.endswith(
        f"historiken {db}: filen är skadad, så att SQLite inte kan läsa den (en kopiering som avbröts, ett diskfel); "
        "lägg tillbaka historiken från en säkerhetskopia (en ny fil börjar en ny, tom historik)"), r.stderr
    assert "malformed" not in r.stderr
    assert db.read_bytes() == bytes(data) and not (tmp_path / "o.jsonl").exists() and not (tmp_path / "r.html").exists()
    r = runner.invoke(app, [*args, "--lang", "en"])
    assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1].endswith(
        "the file is damaged, so that SQLite cannot read it (a copy cut short, a disk fault); restore the store from "
        "a backup (a new file starts a new, empty history)"), r.stderr


def test_trends_say_when_stored_suggestions_were_sorted_by_an_earlier_model(runner, tmp_path, store_url):
    """A rolling export (the last 30 days) after the model was retrained: only the suggestions still exported are
    sorted again, the older months keep the earlier model's themes, and trends mixed the two without a word."""
    first = _write(tmp_path / "a.csv", CSV + "3;A;2026-02-20;Nya datorer till skolan\n")
    later = _write(tmp_path / "b.csv", "id;Enhet;Datum;Förslag\n3;A;2026-02-20;Nya datorer till skolan\n"
                                       "4;B;2026-03-02;Fler bilar till hemtjänsten\n")
    assert runner.invoke(app, ["classify", str(first), "--store", store_url, "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store_url])
    assert r.exit_code == 0 and "annan modell" not in r.stderr, r.stderr
    r = runner.invoke(app, ["classify", str(later), "--model", "none", "--store", store_url, "-o", str(tmp_path / "b.jsonl")])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["trends", "--store", store_url])
    assert r.exit_code == 0, r.stderr
    assert ("2 av 4 förslag i historiken sorterades med en annan modell än den senaste körningens" in
            " ".join(r.stderr.split())), r.stderr


def test_trends_say_nothing_of_an_earlier_model_for_empty_rows_and_non_suggestions(runner, tmp_path, store_url):
    """An empty row and a 'Vet inte' the latest export no longer holds (cleared out by whoever runs the export)
    were counted as suggestions sorted by an earlier model: trends warned — also under --quiet — to run the whole
    history again, though every model sorts them alike. Only suggestions count, of the suggestions stored."""
    first = _write(tmp_path / "a.csv", CSV + "3;A;2026-02-20;\n4;B;2026-02-21;Vet inte\n")
    assert runner.invoke(app, ["classify", str(first), "--store", store_url, "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["classify", str(_write(tmp_path / "b.csv", CSV)), "--model", "none", "--store", store_url,
                            "-o", str(tmp_path / "b.jsonl")])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["--quiet", "trends", "--store", store_url])
    assert (r.exit_code, r.stderr) == (0, "* = ofullständig period: underlaget börjar eller slutar mitt i den, så dess lägre antal är ingen verklig nedgång\n"), r.stderr  # (the table's own line)
    later = _write(tmp_path / "c.csv", "id;Enhet;Datum;Förslag\n2;B;2026-02-11;Personalrummet är för litet\n")
    assert runner.invoke(app, ["classify", str(later), "--store", store_url, "-o", str(tmp_path / "c.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["--quiet", "trends", "--store", store_url])
    assert r.exit_code == 0 and " ".join(r.stderr.split()).split("nedgång ", 1)[-1].startswith(  # (after the table's "*" line)
        "Varning: 1 av 2 förslag i historiken sorterades med en annan modell än den senaste körningens"), r.stderr


def test_trends_new_since_lines_name_the_themes_in_the_language_of_the_messages(runner, tmp_path):
    """LANG=en (messages in English, files Swedish unless --lang): "New or changed since the last run" listed
    the themes by their Swedish labels ('Lokaler och fysisk miljö: 1') among English lines."""
    from forbattra.taxonomy import load_taxonomy

    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store], env={"LANG": "en_US.UTF-8", "FORBATTRA_LANG": "en"})
    assert r.exit_code == 0, r.stderr
    tax = load_taxonomy("standard")
    lines = [line.strip().rsplit(":", 1)[0] for line in r.stderr.splitlines() if line.startswith("  ")]
    assert lines and all(lab in {tax.label(t, "en") for t in tax.ids} for lab in lines), r.stderr


def test_themes_added_to_the_taxonomy_are_named_in_the_language_of_the_messages(runner, tmp_path):
    """Messages in English (LANG=en, files Swedish) on a store whose taxonomy got a new theme: the note named
    it by its Swedish label among English words."""
    src = _write(tmp_path / "in.csv", CSV)
    store = str(tmp_path / "h.db")
    tax = tmp_path / "mina.yaml"
    base = "name: mina\nthemes:\n  - id: lokaler\n    label: Lokaler\n    label_en: Premises\n    keywords: [rum]\n"
    _write(tax, base + "  - id: ovrigt\n    label: Övrigt\n    label_en: Other\n")
    assert runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--store", store]).exit_code == 0
    _write(tax, base + "  - id: personal\n    label: Bemanning\n    label_en: Staffing\n    keywords: [vikarie]\n"
                       "  - id: ovrigt\n    label: Övrigt\n    label_en: Other\n")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--store", store, "-o", str(tmp_path / "ut.jsonl")],
                      env={"LANG": "en_US.UTF-8", "FORBATTRA_LANG": "en"})
    assert r.exit_code == 0, r.stderr
    assert "the taxonomy has new themes (Staffing)" in r.stderr, r.stderr


def test_trends_terminal_table_follows_the_messages_language(runner, tmp_path):
    """FORBATTRA_LANG=en without --lang: 'Teman per månad', 'Tema', the Swedish theme labels and 'utan datum' on the
    terminal among English messages; the table now follows the messages, as classify's does (the file stays Swedish)."""
    src = _write(tmp_path / "in.csv", CSV + "3;A;;Bättre datorer till personalen\n")
    store, out = str(tmp_path / "h.db"), tmp_path / "t.csv"
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)], env={"FORBATTRA_LANG": "en", "COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    assert "Themes per month" in r.stdout and "Theme " in r.stdout and "no date" in r.stdout
    assert "Staff" in r.stdout or "Recruitment" in r.stdout
    assert not any(w in r.stdout for w in ("Teman", "Tema ", "utan datum", "Rekrytering", "Totalt"))
    assert "│ Total " in r.stdout and "partial period" in r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Period;Ofullständig;Totalt;Ekonomi")


def test_a_store_held_by_a_long_read_past_the_wait_says_it_is_being_read(runner, tmp_path, monkeypatch):
    """A nightly run into a SQLite store that a program kept reading (a database tool or an ODBC query left open)
    said 'locked by another run': the admin looked for a run there was none of. Readers only: the line says the
    store is being read and to close what reads it; exit 3, nothing written, as for a run's lock."""
    import forbattra.store as store_mod

    monkeypatch.setattr(store_mod, "LOCK_WAIT", 1.0)
    src = _write(tmp_path / "in.csv", CSV)
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", db]).exit_code == 0
    for lang, line in (("en", f"Error: the store {db} is being read by another program (such as a database tool or an "
                               "Excel query) and could not be written (waited 1 s); close it, or run again when it has "
                               "finished"),
                       ("sv", f"Fel: historiken {db} läses av ett annat program (till exempel ett databasverktyg eller "
                               "en Excel-fråga) och kunde inte skrivas (väntade 1 s); stäng det, eller kör igen när "
                               "det är klart")):
        reader = _hold_read_lock(db)
        try:
            r = runner.invoke(app, ["classify", str(src), "--store", db, "-o", str(tmp_path / "o.jsonl"), "--lang", lang])
        finally:
            reader.close()
        assert r.exit_code == 3, r.stderr
        assert r.stderr.strip().splitlines()[-1] == line, r.stderr
        assert not (tmp_path / "o.jsonl").exists() and q(db, "select count(*) from runs") == [(1,)]


def test_the_write_resolves_the_same_keys_without_reading_the_stored_texts(tmp_path, store_url):
    """Under the write lock ``record`` resolves the rows' keys again reading only the columns that decide a key
    (a nightly run of an unchanged export read every stored text, score and evidence a second time there): the
    keys are the ones ``keys_for`` finds with the whole rows — a re-export without ids matched by text, unit and
    date, a unit renamed, a typo fixed by the same writer, a new row — and the history records them so."""
    import pandas as pd

    from forbattra.record import DATE, GROUP, ID, PERSON, TEXT
    from forbattra.store import Store

    def frame(rows, ids=True):
        n = len(rows)
        return pd.DataFrame({ID: [str(k + 1) if ids else None for k in range(n)], TEXT: [r[0] for r in rows],
                             GROUP: [r[1] for r in rows], DATE: [r[2] for r in rows], PERSON: [r[3] for r in rows],
                             "themes": [("ovrigt",)] * n, "scores": [{"ovrigt": 0.5}] * n,
                             "evidence": [{"ovrigt": ["ord"]}] * n, "status": ["ok"] * n})

    first = [("Fler vikarier till sommaren", "Kök", "2026-01-10", "Anna Berg"),
             ("Personalrummet är för litet för oss", "Skola", "2026-01-11", "Per Ek"),
             ("Bättre rutiner för lokalvården på våning två", "Hemtjänst", "2026-01-12", "Eva Lund"),
             ("Nya datorer till expeditionen", "Skola", "2026-01-13", None)]
    st = Store(store_url)
    st.record(frame(first), source="a.csv", taxonomy="standard", taxonomy_hash="t", model_hash="m")
    again = [first[0], ("Personalrummet är för litet för oss", "Skolan", "2026-01-11", "Per Ek"),
             ("Bättre rutiner för lokalvården på vånimg två", "Hemtjänst", "2026-01-12", "Eva Lund"),
             first[3], ("Mer personal på helgerna", "Kök", "2026-01-14", None)]
    export = frame(again, ids=False)
    found = st.keys_for(export)
    lean = st._read(lambda conn: st._resolve(conn, export, full=False))
    assert lean.keys == found.keys and found.edited == 1
    assert all("scores" in found.known[k] for k in found.keys[:4])  # (whole rows for reuse in keys_for)
    assert not any("text" in lean.known[k] or "scores" in lean.known[k] for k in found.keys[:2])
    stats = st.record(export, source="b.csv", taxonomy="standard", taxonomy_hash="t", model_hash="m")
    assert (stats.new, stats.changed, stats.unchanged) == (1, 2, 2)


def test_trends_say_an_empty_model_is_none_and_suggest_a_table_file_in_a_folder(runner, tmp_path, monkeypatch):
    """``trends --model "$MODELL"`` with the variable unset counted silently with the store's taxonomy (exit 0), where
    classify says "." is no model (exit 5); ``trends -o ut/`` suggested "ut/ut.xlsx", named after the folder: it
    suggests trends' own table, ut/trender.xlsx (trends.xlsx in English)."""
    monkeypatch.chdir(tmp_path)
    src = _write(tmp_path / "in.csv", CSV)
    db = tmp_path / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(tmp_path / "x.jsonl")]).exit_code == 0
    for extra in ([], ["--taxonomy", "standard"]):
        r = runner.invoke(app, ["trends", "--store", str(db), "--model", "", *extra])
        assert r.exit_code == 5, (extra, r.stderr)
        assert "ingen forbattra-modell" in r.stderr
    (tmp_path / "ut").mkdir()
    for lang, name in (("sv", "trender.xlsx"), ("en", "trends.xlsx")):
        r = runner.invoke(app, ["trends", "--store", str(db), "-o", "ut", "--lang", lang])
        assert r.exit_code == 3 and str(Path("ut") / name) in r.stderr, r.stderr
    assert list((tmp_path / "ut").iterdir()) == []


def test_a_report_from_a_store_lists_the_suggestions_in_the_order_they_were_read(runner, tmp_path, store_url):
    """'report STORE' listed the suggestions by the store's key as text: ids 1, 10, 11, 12, 2, 3 …, and an export
    without ids in the order of its texts' hashes. It lists them as the exports had them, run after run; a store
    of an earlier version (no place recorded) lists them by their ids as numbers."""
    import openpyxl

    def ids(path):
        return [row[0] for row in openpyxl.load_workbook(path)["Förslag"].iter_rows(min_row=2, values_only=True)]

    texts = ["Fler vikarier", "Bättre wifi", "Nya datorer", "Schemat tidigare", "Mer personal", "Servade bilar",
             "Högre friskvårdsbidrag", "Fler utbildningar", "Fler undersköterskor", "Snabbare datorer",
             "Bättre ventilation", "Mer tid för journalen"]
    order = [3, 1, 12, 10, 2, 11, 4, 9, 5, 8, 6, 7]  # as the export has them
    src = _write(tmp_path / "in.csv", "Id;Enhet;Förslag\n" + "".join(f"{i};A;{texts[i - 1]}\n" for i in order))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    more = _write(tmp_path / "in2.csv", "Id;Enhet;Förslag\n14;A;Nya stolar\n13;A;Fler möten\n2;A;Bättre wifi\n")
    assert runner.invoke(app, ["classify", str(more), "--store", store_url, "-o", str(tmp_path / "b.jsonl")]).exit_code == 0
    out = tmp_path / "r.xlsx"
    r = runner.invoke(app, ["report", store_url, "-o", str(out), "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    assert ids(out) == [3, 1, 12, 10, 2, 11, 4, 9, 5, 8, 6, 7, 14, 13]

    no_ids = _write(tmp_path / "noid.csv", "Enhet;Förslag\n" + "".join(f"A;{texts[i - 1]}\n" for i in order))
    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["classify", str(no_ids), "--store", db, "-o", str(tmp_path / "c.jsonl")]).exit_code == 0
    assert runner.invoke(app, ["report", db, "-o", str(out), "--date", "2026-12-01"]).exit_code == 0
    assert [row[1] for row in openpyxl.load_workbook(out)["Förslag"].iter_rows(min_row=2, values_only=True)] == \
        [texts[i - 1] for i in order]

    from sqlalchemy import create_engine, text

    eng = create_engine(_engine_url(store_url))  # as an earlier version left it: no place recorded
    with eng.begin() as c:
        c.execute(text("ALTER TABLE suggestions DROP COLUMN export_row"))
    eng.dispose()
    r = runner.invoke(app, ["report", store_url, "-o", str(out), "--date", "2026-12-01"])
    assert r.exit_code == 0, r.stderr
    assert ids(out) == [*range(1, 13), 13, 14]


def _type_correction(book, row, value):
    """``value`` typed into the Rättat tema cell of the Förslag sheet's ``row`` (1: the header), as an officer does."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["Förslag"]
    col = [c.value for c in ws[1]].index("Rättat tema") + 1
    ws.cell(row=row, column=col).value = value
    wb.save(book)


def _trends_cells(runner, store_url, tmp_path):
    import csv

    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    return r, {row["Period"]: row for row in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(),
                                                            delimiter=";")}


def test_a_theme_corrected_in_last_runs_workbook_counts_in_trends_and_reports_from_the_store(runner, tmp_path,
                                                                                             store_url):
    """An officer corrected a theme in Rättat tema and the nightly run carried it over onto the same workbook, but the
    store kept the model's theme: trends and a committee report from the store counted the suggestion where the
    workbook (and a report of it) no longer did. The store now records the correction beside the sorting, counts it,
    and says so; the sorting itself stays (the workbook's Tema column is still the model's), and a correction taken
    away counts the model's theme again."""
    src = _write(tmp_path / "in.csv", CSV)
    book = tmp_path / "teman.xlsx"
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(book)]).exit_code == 0
    _type_correction(book, 3, "IT och digitala verktyg")  # id 2, "Personalrummet är för litet": Lokaler by the model
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(book)])
    assert r.exit_code == 0, r.stderr
    assert "körning 2: 0 nya, 0 ändrade, 2 oförändrade" in r.stderr, r.stderr  # a correction changes no suggestion
    r, cells = _trends_cells(runner, store_url, tmp_path)
    assert (cells["2026-02"]["Lokaler och fysisk miljö"], cells["2026-02"]["IT och digitala verktyg"]) == ("0", "1")
    said = "1 förslag räknas med det tema en person rättade det till i kolumnen 'Rättat tema'"
    assert said in " ".join(r.stderr.split()), r.stderr
    md = tmp_path / "r.md"
    r = runner.invoke(app, ["report", store_url, "-o", str(md), "--date", "2026-03-01"])
    assert r.exit_code == 0 and said in " ".join(r.stderr.split()), r.stderr
    table = md.read_text(encoding="utf-8")
    assert "| IT och digitala verktyg | 1 | 50 % |" in table and "| Lokaler och fysisk miljö | 0 | 0 % |" in table
    assert ("- 1 av förslagen i historiken räknas med det tema en person rättade det till (kolumnen Rättat tema i "
            "klassificeringens arbetsbok), inte med den automatiska sorteringen.\n") in table  # the report says it too
    # the next night reuses the stored sorting, not the correction: the workbook's Tema column is the model's
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(book)]).exit_code == 0
    import openpyxl

    ws = openpyxl.load_workbook(book)["Förslag"]
    head = [c.value for c in ws[1]]
    assert (ws.cell(3, head.index("Tema") + 1).value, ws.cell(3, head.index("Rättat tema") + 1).value) == \
        ("Lokaler och fysisk miljö", "IT och digitala verktyg")
    _type_correction(book, 3, None)  # the correction taken away: the model's theme counts again
    assert runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(book)]).exit_code == 0
    r, cells = _trends_cells(runner, store_url, tmp_path)
    assert (cells["2026-02"]["Lokaler och fysisk miljö"], cells["2026-02"]["IT och digitala verktyg"]) == ("1", "0")
    assert "rättade" not in r.stderr


def test_a_suggestion_removed_from_the_export_is_said_by_trends_and_report_not_rewritten(runner, tmp_path, store_url):
    """A suggestion deleted in the source system stayed in the store and went on counting in trends and in reports
    from the store without a word. Whether it was deleted or the export filtered cannot be told from the data (and
    a night's export of one unit must not empty the history), so its period keeps counting it, and trends and report
    say how many stored suggestions the latest export lacked within the time it covers; a rolling export's older
    months and an export of new suggestions are no such note."""
    head = "id;Enhet;Datum;Förslag\n"
    rows = ["1;Hemtjänst Norr;2026-01-10;Fler vikarier till helgerna\n", "2;Skola Syd;2026-02-11;Större personalrum behövs\n",
            "3;Hemtjänst Norr;2026-03-05;Bättre bilar till hemtjänsten\n", "4;Skola Syd;2026-04-02;Nya arbetskläder till alla\n"]
    src = tmp_path / "export.csv"
    _write(src, head + "".join(rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, head + rows[0] + rows[2] + rows[3])  # id 2 deleted in the source system
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    said = (f"{store_url if '://' not in store_url else ''}: 1 sparat förslag från 2026-01-10 – 2026-04-02, den tid som "
            f"den senaste exporten ({src}) täcker, fanns inte med i den (borttaget i källsystemet eller bortfiltrerat ur "
            "exporten?); det räknas ändå här, för sin period")
    r, cells = _trends_cells(runner, store_url, tmp_path)
    assert said in " ".join(r.stderr.split()), r.stderr
    assert cells["2026-02"]["Lokaler och fysisk miljö"] == "1"  # its period as it was
    md = tmp_path / "r.md"
    r = runner.invoke(app, ["report", store_url, "-o", str(md), "--date", "2026-05-01"])
    assert r.exit_code == 0 and said in " ".join(r.stderr.split()), r.stderr
    assert ("- 1 av förslagen i historiken fanns inte med när exporten senast lästes in (borttaget i källsystemet eller "
            "bortfiltrerat ur exporten?); det räknas ändå.\n") in md.read_text(encoding="utf-8")  # the report says it too
    # a rolling export: the oldest month rolled out (and id 2 still missing within the months it covers)
    _write(src, head + rows[2] + rows[3] + "5;Skola Syd;2026-05-03;Kortare möten på måndagar\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r, _cells = _trends_cells(runner, store_url, tmp_path)
    assert "sparat förslag" not in r.stderr and "sparade förslag" not in r.stderr, r.stderr
    # an export of new suggestions only: the earlier ones are not in it, as such an export never holds them
    _write(src, head + "6;Skola Syd;2026-05-20;Fler laddstolpar vid skolan\n7;Hemtjänst Norr;2026-05-21;Ny kaffemaskin\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r, _cells = _trends_cells(runner, store_url, tmp_path)
    assert "sparat förslag" not in r.stderr and "sparade förslag" not in r.stderr, r.stderr


def test_a_suggestion_removed_from_a_nightly_dated_export_is_said_too(runner, tmp_path, store_url):
    """A nightly job whose export file carries the day in its name (export-2026-03-01.csv, export-2026-03-02.csv) was
    never told of a suggestion the latest export lacked: the runs were compared by the file's name as written, so
    each night was another export. Names that differ by their digits alone are one export now; an export of another
    name is still another export, whose suggestions no night of this one is expected to hold."""
    head = "id;Enhet;Datum;Förslag\n"
    rows = ["1;Hemtjänst Norr;2026-01-10;Fler vikarier till helgerna\n", "2;Skola Syd;2026-02-11;Större personalrum behövs\n",
            "3;Hemtjänst Norr;2026-03-05;Bättre bilar till hemtjänsten\n", "4;Skola Syd;2026-04-02;Nya arbetskläder till alla\n"]
    other = _write(tmp_path / "enkat.csv", head + "9;Kök;2026-02-01;Ny diskmaskin i köket\n")
    assert runner.invoke(app, ["classify", str(other), "--store", store_url]).exit_code == 0
    first = _write(tmp_path / "export-2026-04-05.csv", head + "".join(rows))
    assert runner.invoke(app, ["classify", str(first), "--store", store_url]).exit_code == 0
    latest = _write(tmp_path / "export-2026-04-06.csv", head + rows[0] + rows[2] + rows[3])  # id 2 deleted
    assert runner.invoke(app, ["classify", str(latest), "--store", store_url]).exit_code == 0
    r, _cells = _trends_cells(runner, store_url, tmp_path)
    said = (f"1 sparat förslag från 2026-01-10 – 2026-04-02, den tid som den senaste exporten ({latest}) täcker, "
            "fanns inte med i den")
    assert said in " ".join(r.stderr.split()), r.stderr  # (and not 2: the other export's suggestion is no such one)


def test_a_unit_renamed_in_an_export_without_ids_is_those_suggestions_not_new_ones(runner, tmp_path, store_url):
    """Without an id column, a night whose export renamed a unit holding most of its rows ('Hemtjänst Norr' became
    'Hemtjänsten Norr') stored every one of them again as a new suggestion — too few rows were found for the
    re-export rule, and the same text and date in another unit is kept apart as another unit's ask — so trends and
    reports from the store counted them twice, though the note said to run the whole export, which was run. The old
    unit gone from the export, its suggestions (two or more) all under one new name with their texts and dates, are
    those suggestions renamed; a rolling export's rolled-out ones move with them, and a lone match stays new."""
    head = "Enhet;Datum;Förslag\n"
    norr = [("2026-01-10", "Fler vikarier till helgerna"), ("2026-02-11", "Större personalrum behövs"),
            ("2026-03-05", "Bättre bilar till hemtjänsten")]
    src = tmp_path / "export.csv"
    _write(src, head + "".join(f"Hemtjänst Norr;{d};{t}\n" for d, t in norr) + "Skola Syd;2026-03-01;Fler lärare\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    # a rolling export: January rolled out, the unit renamed
    _write(src, head + "".join(f"Hemtjänsten Norr;{d};{t}\n" for d, t in norr[1:]) + "Skola Syd;2026-03-01;Fler lärare\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 2: 0 nya, 2 ändrade, 1 oförändrade" in r.stderr, r.stderr
    assert "enheten 'Hemtjänst Norr' heter 'Hemtjänsten Norr' i exporten (2 förslag)" in r.stderr, r.stderr
    assert q(store_url, "select grp, count(*) from suggestions group by grp order by grp") == [
        ("Hemtjänsten Norr", 3), ("Skola Syd", 1)]
    # one suggestion moved to a unit that is new, its old unit gone: an edit or another unit's ask, new as before
    _write(src, head + "Hemtjänsten Norr;2026-02-11;Större personalrum behövs\n"
           "Skola Nord;2026-03-01;Fler lärare\nSkola Nord;2026-04-01;Nya bänkar i matsalen\n")
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 2 nya, 0 ändrade, 1 oförändrade" in r.stderr, r.stderr


@pytest.mark.parametrize("dated", [True, False])
def test_an_export_without_ids_whose_unit_column_is_switched_counts_no_suggestion_twice(runner, tmp_path, store_url,
                                                                                        dated):
    """Without an id column, a night that read another column as the unit (-g Förvaltning; the unit column's header
    renamed) found the suggestions of a unit of two or more under their förvaltning, but stored the one suggestion of
    each other unit again as a new one: the same texts run again counted those twice in trends and reports. Most of
    the export's rows standing so under units it no longer names, each is its stored suggestion, moved; switching
    back moves them back, and nothing is new either night."""
    rows = [("Hemtjänst Norr", "Vård", "2026-05-01", "Vi behöver fler elcyklar till distrikten"),
            ("Hemtjänst Norr", "Vård", "2026-05-02", "Nytt personalrum med plats för alla"),
            ("Hemtjänst Syd", "Vård", "2026-05-02", "Kortare möten på måndagar"),
            ("Skolan Väst", "Utbildning", "2026-05-03", "Bättre wifi i klassrummen"),
            ("Biblioteket", "Kultur", "2026-05-04", "Längre öppettider på lördagar")]
    src = _write(tmp_path / "export.csv", ("Enhet;Förvaltning;Datum;Förslag\n" if dated else "Enhet;Förvaltning;Förslag\n")
                 + "".join(f"{u};{f};{d};{t}\n" if dated else f"{u};{f};{t}\n" for u, f, d, t in rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-g", "Förvaltning"])
    assert r.exit_code == 0 and "körning 2: 0 nya, 5 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select grp, count(*) from suggestions group by grp order by grp") == [
        ("Kultur", 1), ("Utbildning", 1), ("Vård", 3)]
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 0 nya, 5 ändrade, 0 oförändrade" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(5,)]


def test_a_suggestion_removed_from_an_export_without_dates_is_said_too(runner, tmp_path, store_url):
    """An export without a date column cannot tell a rolled-out suggestion by its date: one the latest re-export of
    the same export lacks is said (in English too), and still counted; another export into the store is no note."""
    src = tmp_path / "export.csv"
    rows = ["1;A;Fler vikarier till helgerna\n", "2;B;Större personalrum behövs\n", "3;A;Bättre bilar till hemtjänsten\n"]
    _write(src, "id;Enhet;Förslag\n" + "".join(rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, "id;Enhet;Förslag\n" + rows[0] + rows[2])
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store_url, "--lang", "en"], env={"FORBATTRA_LANG": "en"})
    assert r.exit_code == 0, r.stderr
    assert (f"1 stored suggestion from earlier runs of the latest export ({src}) was not in it (removed in the source "
            "system, or filtered out of the export?); it still counts here") in " ".join(r.stderr.split()), r.stderr
    _r, cells = _trends_cells(runner, store_url, tmp_path)  # (counted on the day of the run that first read it)
    assert sum(int(v) for row in cells.values() for k, v in row.items() if k not in ("Period", "Ofullständig", "Totalt")) == 3
    other = _write(tmp_path / "annan.csv", "id;Enhet;Förslag\n" + rows[0] + rows[2])  # another file, the same rows
    assert runner.invoke(app, ["classify", str(other), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store_url])
    assert r.exit_code == 0 and "sparat förslag" not in r.stderr, r.stderr


# -- forget: erasing suggestions from the store ------------------------------------------------------------------

FORGET_CSV = ("Id;Enhet;Datum;Namn;Förslag\n"
              "F-1;Hemtjänst Norr;2026-03-02;Anna Svensson;Vi behöver fler bilar till hemtjänsten på morgonen\n"
              "F-2;Hemtjänst Norr;2026-03-05;Karl Berg;Patienten Olle Jansson på rum 4 föll igen, vi behöver larmmattor\n"
              "F-3;Skola Väst;2026-04-11;Lena Ek;Mer tid för planering mellan lektionerna\n")


def _two_runs(runner, tmp_path, store_url):
    """A store of two runs, F-2's text edited in the second (two versions of it stored)."""
    src = _write(tmp_path / "in.csv", FORGET_CSV)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, FORGET_CSV.replace("föll igen", "föll igen i natt"))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "0 nya, 1 ändrade, 2 oförändrade" in r.stderr, r.stderr
    return src


def test_forget_erases_a_suggestion_in_every_run_and_trends_no_longer_count_it(runner, tmp_path, store_url):
    from forbattra.store import display_location

    _two_runs(runner, tmp_path, store_url)
    r = runner.invoke(app, ["forget", "--store", store_url, "F-2", "--dry-run"])
    assert r.exit_code == 0, r.stderr
    assert "1 förslag, 3 rader med deras tidigare versioner, skulle raderas (--dry-run: inget raderat)" in r.stderr
    assert q(store_url, "select count(*) from versions where key = 'id:F-2'") == [(2,)]
    # the count is the dry run's result: said under --quiet too (FORBATTRA_QUIET=1 of a nightly job's account),
    # where it printed nothing at all; the erasure's own line stays a notice --quiet hides
    r = runner.invoke(app, ["-q", "forget", "--store", store_url, "F-2", "--dry-run"])
    assert (r.exit_code, r.stdout) == (0, "") and r.stderr == (
        f"Historik {display_location(store_url)}: 1 förslag, 3 rader med deras tidigare versioner, skulle raderas (--dry-run: inget "
        "raderat)\n"), r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "F-2"])
    assert r.exit_code == 0, r.stderr
    assert "raderade 1 förslag, 3 rader med deras tidigare versioner" in r.stderr, r.stderr
    assert "Varning" not in r.stderr
    assert q(store_url, "select key, person from suggestions order by key") == [("id:F-1", "Anna Svensson"),
                                                                                 ("id:F-3", "Lena Ek")]
    assert q(store_url, "select count(*) from versions where key = 'id:F-2'") == [(0,)]
    assert q(store_url, "select count(*) from versions") == [(2,)]
    assert q(store_url, "select count(*) from runs") == [(2,)]  # (the runs' own records stay)
    # trends count as though F-2 had never been stored: the table of a store that only ever read F-1 and F-3
    out, fresh = tmp_path / "t.csv", tmp_path / "fresh.csv"
    assert runner.invoke(app, ["trends", "--store", store_url, "-o", str(out)]).exit_code == 0
    src = _write(tmp_path / "utan.csv", "".join(x for x in FORGET_CSV.splitlines(keepends=True) if "F-2" not in x))
    assert runner.invoke(app, ["classify", str(src), "--store", str(tmp_path / "ny.db")]).exit_code == 0
    assert runner.invoke(app, ["trends", "--store", str(tmp_path / "ny.db"), "-o", str(fresh)]).exit_code == 0
    assert out.read_bytes() == fresh.read_bytes()
    # again, with an id the store never had: said, nothing else changed, not an error (the ids are gone either way)
    r = runner.invoke(app, ["forget", "--store", store_url, "F-2", "F-9", "--lang", "en"])
    assert r.exit_code == 0, r.stderr
    assert "2 ids are not in the history store: F-2, F-9 (erased already, or a wrong id?)" in r.stderr
    assert "erased 0 suggestions, 0 rows" in r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(2,)]


def test_trends_and_report_of_a_store_whose_every_suggestion_was_erased_say_so(runner, tmp_path, store_url):
    """After 'forget' erased every suggestion, trends and a report from the store said "historiken har inga förslag
    ännu" and to run classify: as though no export had ever been read. They now say the runs read suggestions and
    that all of them were erased with forget (the report under Så läser du rapporten too); a store of no run yet
    still says "ännu"."""
    from forbattra.store import display_location

    _two_runs(runner, tmp_path, store_url)
    assert runner.invoke(app, ["forget", "--store", store_url, "F-1", "F-2", "F-3"]).exit_code == 0
    shown = display_location(store_url)
    r = runner.invoke(app, ["-q", "trends", "--store", store_url])
    assert (r.exit_code, r.stdout) == (0, ""), r.stderr
    assert r.stderr == (f"{shown}: historiken har inga förslag kvar: 2 körningar läste förslag, men alla har raderats "
                        "med 'forbattra forget' (körningarnas uppgifter finns kvar)\n"), r.stderr
    r = runner.invoke(app, ["--log-format", "json", "trends", "--store", store_url, "--lang", "en"])
    line = json.loads(r.stderr.strip().splitlines()[-1])
    assert (r.exit_code, line["event"], line["runs"]) == (0, "store_forgotten", 2), r.stderr
    assert "1 run" not in line["message"] and "2 runs read suggestions" in line["message"], line
    out = tmp_path / "rapport.md"
    r = runner.invoke(app, ["report", store_url, "-o", str(out), "--date", "2026-12-07"])
    assert r.exit_code == 0, r.stderr
    assert "historiken har inga förslag kvar: 2 körningar läste förslag" in r.stderr, r.stderr
    assert "inga förslag ännu" not in r.stderr, r.stderr
    assert "Historiken har 2 körningar som läste förslag, men alla förslag har raderats ur den med forbattra forget" \
        in out.read_text(encoding="utf-8")


def test_a_report_of_two_stores_names_the_one_whose_every_suggestion_was_erased(runner, tmp_path):
    """A report of two stores, every suggestion of one erased: under Så läser du rapporten it said "Historiken har
    2 körningar som läste förslag, men alla förslag har raderats ur den" — naming no store, in a report that counts
    the other store's suggestions, as though they were all gone. It names the store the line is of."""
    erased = str(tmp_path / "erased.db")
    _two_runs(runner, tmp_path, erased)
    assert runner.invoke(app, ["forget", "--store", erased, "F-1", "F-2", "F-3"]).exit_code == 0
    kept = tmp_path / "kept.db"
    other = _write(tmp_path / "annan.csv", "Id;Enhet;Förslag\n7;Skola Öst;Bättre kaffe i personalrummet\n")
    assert runner.invoke(app, ["classify", str(other), "--store", str(kept)]).exit_code == 0
    for lang, line in (("sv", f"Historiken {erased} har 2 körningar som läste förslag, men alla dess förslag har "
                              "raderats med forbattra forget; körningarnas egna uppgifter finns kvar."),
                       ("en", f"The store {erased} records 2 runs that read suggestions, but every one of its "
                              "suggestions was erased with forbattra forget; the runs' own records stay.")):
        out = tmp_path / f"rapport-{lang}.md"
        r = runner.invoke(app, ["report", str(kept), erased, "-o", str(out), "--date", "2026-12-07", "--lang", lang])
        assert r.exit_code == 0, r.stderr
        text = out.read_text(encoding="utf-8").replace("\\_", "_")  # (Markdown's escaped '_' of the path)
        assert line in text and "raderats ur den" not in text and "erased from it" not in text, text


def test_forget_reads_the_ids_from_a_file(runner, tmp_path, store_url):
    _two_runs(runner, tmp_path, store_url)
    ids = _write(tmp_path / "radera.csv", "Förslags-ID;Orsak\nF-1;Begäran om radering\nF-3;Namn på patient\n")
    r = runner.invoke(app, ["forget", "--store", store_url, "--ids", str(ids)])
    assert r.exit_code == 0, r.stderr
    assert f"Läste 2 id ur kolumnen 'Förslags-ID' i {ids}" in r.stderr and "raderade 2 förslag, 4 rader" in r.stderr
    assert q(store_url, "select key from suggestions") == [("id:F-2",)]
    # a bare list of ids, no header: its first line is an id too, not a column name
    _write(ids, "F-2\n")
    r = runner.invoke(app, ["forget", "--store", store_url, "--ids", str(ids)])
    assert r.exit_code == 0 and "raderade 1 förslag, 3 rader" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(0,)]


def test_forget_erases_exactly_the_id_given_not_ids_that_begin_with_it(runner, tmp_path, store_url):
    """'forget A' also erased the suggestions whose own ids were 'A#7' and 'A@b': the store keys a second row of an id
    in one export 'id:A#2' and another system's 'id:A@…', and forget took every key beginning 'id:A#' or 'id:A@' for
    A's. It erases A's suggestions — the one stored under A, and a second row of A in the same export — and no other."""
    src = _write(tmp_path / "in.csv", "Id;Enhet;Datum;Förslag\n"
                 "A;Hemtjänst Norr;2026-03-02;Fler vikarier på helgerna behövs\n"
                 "A#7;Hemtjänst Syd;2026-03-03;Bättre wifi i personalrummet\n"
                 "A@b;Skola Väst;2026-03-04;Mer tid för planering mellan lektionerna\n"
                 "A;Skola Öst;2026-03-05;Cykelställ vid entrén\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["forget", "--store", store_url, "A"])
    assert r.exit_code == 0, r.stderr
    assert "raderade 2 förslag, 4 rader med deras tidigare versioner" in r.stderr, r.stderr
    assert q(store_url, "select source_id, text from suggestions order by source_id") == [
        ("A#7", "Bättre wifi i personalrummet"), ("A@b", "Mer tid för planering mellan lektionerna")]
    r = runner.invoke(app, ["forget", "--store", store_url, "A@b"])
    assert r.exit_code == 0 and "raderade 1 förslag, 2 rader" in r.stderr, r.stderr
    assert q(store_url, "select source_id from suggestions") == [("A#7",)]
    # the second A changed by an export without its id column (a typo fixed): no id of its own left, still A's
    again = _write(tmp_path / "utan-id.csv", "Enhet;Datum;Förslag\nHemtjänst Norr;2026-03-02;Fler vikarier på helgerna "
                   "behövs\nSkola Öst;2026-03-05;Cykelställ vid entrén tack\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["classify", str(again), "--store", store_url])
    assert r.exit_code == 0 and "1 ändrade" in r.stderr, r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "A"])
    assert r.exit_code == 0 and "raderade 2 förslag" in r.stderr, r.stderr
    assert q(store_url, "select source_id from suggestions order by source_id") == [("A#7",), ("A@b",)]


@pytest.mark.parametrize("listing", ["Id;Enhet\nF-1;Skola\nF-2;Hemtjänst\nSumma;2\n", "F-1\nF-2\nTotalt: 2\n"])
def test_forget_ids_reads_no_id_from_the_lists_total_row(runner, tmp_path, listing):
    """A list of ids to erase exported with its count under it ("Summa;2") gave "Summa" as a third id: "Läste 3 id"
    and a warning that the store lacks the id Summa (erased already, or a typo?). The total row is no id, as the
    suggestion readers read none there: two ids, and a note naming the row."""
    store = str(tmp_path / "h.db")
    _two_runs(runner, tmp_path, store)
    ids = _write(tmp_path / "radera.csv", listing)
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(ids), "--dry-run"])
    assert r.exit_code == 0, r.stderr
    row, value = (4, "Summa") if listing.startswith("Id") else (3, "Totalt: 2")
    lines = r.stderr.splitlines()
    assert lines[0].startswith("Läste 2 id ur kolumnen ") and "Varning" not in r.stderr, r.stderr
    assert lines[1] == f"  1 rad är tabellens summarad, inget id (rad {row}, {value!r}); den läses inte som id"
    assert lines[2].endswith("2 förslag, 5 rader med deras tidigare versioner, skulle raderas (--dry-run: inget raderat)")


def test_forget_refuses_what_names_no_id(runner, tmp_path):
    store = str(tmp_path / "h.db")
    _two_runs(runner, tmp_path, store)
    ids = _write(tmp_path / "radera.csv", "Enhet;Orsak\nSkola Väst;Namn på patient\n")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(ids)])
    assert r.exit_code == 3
    assert r.stderr.strip().splitlines()[-1] == (f"Fel: {ids}: hittade ingen kolumn med id; kolumner i filen: "
                                                 "'Enhet', 'Orsak'; ange den med --id-column")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(ids), "--id-column", "Orsak", "--dry-run"])
    assert r.exit_code == 0 and "1 id finns inte i historiken: Namn på patient" in r.stderr, r.stderr
    r = runner.invoke(app, ["forget", "--store", store])
    assert r.exit_code == 2 and "ange id:n att radera" in r.stderr
    r = runner.invoke(app, ["forget", "--store", store, ""])
    assert r.exit_code == 2 and "ett tomt id" in r.stderr
    r = runner.invoke(app, ["forget", "--store", store, "--store", str(tmp_path / "b.db"), "F-1"])
    assert r.exit_code == 2 and "angavs 2 gånger, men forget använder bara en historik" in r.stderr
    r = runner.invoke(app, ["forget", "--store", store, "F-1", "--id-column", "Id"])
    assert r.exit_code == 2 and "--id-column och --sheet gäller filen i --ids" in r.stderr
    r = runner.invoke(app, ["forget", "--store", str(tmp_path / "ingen.db"), "F-1"])
    assert r.exit_code == 3 and r.stderr.strip() == f"Fel: {tmp_path / 'ingen.db'}: historiken finns inte; kontrollera sökvägen"
    assert not (tmp_path / "ingen.db").exists()
    r = runner.invoke(app, ["forget", "--store", str(tmp_path / "ingen.db"), "F-1", "--lang", "en"])
    assert r.exit_code == 3 and r.stderr.strip() == f"Error: {tmp_path / 'ingen.db'}: no such store; check the path"
    link = f"sqlite:///{tmp_path / 'ingen.db'}"  # (a link to a file not there: not made, as an empty store)
    r = runner.invoke(app, ["forget", "--store", link, "F-1"])
    assert r.exit_code == 3 and r.stderr.strip() == f"Fel: {link}: historiken finns inte; kontrollera sökvägen"
    assert not (tmp_path / "ingen.db").exists()
    empty = _write(tmp_path / "tom.db", "")  # (made ahead of the first run: holds no id, and no word of missing ids)
    r = runner.invoke(app, ["forget", "--store", str(empty), "F-1"])
    assert r.exit_code == 0 and f"{empty}: 1 id finns inte i historiken: F-1" in r.stderr, r.stderr
    assert q(store, "select count(*) from suggestions") == [(3,)]


def test_forget_leaves_no_trace_of_the_text_in_the_sqlite_file(runner, tmp_path):
    """SQLite keeps a deleted row's bytes in the file's free space (and earlier runs, rewriting rows, left copies of
    them there too): the erased text and name are not in the file afterwards, the others are."""
    import sqlite3

    store = tmp_path / "h.db"
    _two_runs(runner, tmp_path, str(store))
    # as a SQLite built without secure delete (python.org's, macOS's) leaves a row a later run rewrote: its old
    # bytes in the page's free space
    con = sqlite3.connect(store)
    con.execute("PRAGMA secure_delete = OFF")
    con.execute("UPDATE suggestions SET evidence = evidence || ' ' WHERE key = 'id:F-2'")
    con.commit()
    con.close()
    before = store.read_bytes()
    assert "Olle Jansson".encode() in before and "Karl Berg".encode() in before
    r = runner.invoke(app, ["forget", "--store", str(store), "F-2"])
    assert r.exit_code == 0, r.stderr
    after = store.read_bytes()
    for gone in ("Olle Jansson", "larmmattor", "Karl Berg"):
        assert gone.encode() not in after, gone
    assert "Anna Svensson".encode() in after and "planering mellan lektionerna".encode() in after
    assert not Path(f"{store}-journal").exists() and not Path(f"{store}-wal").exists()


def test_forget_of_a_store_without_ids_says_so(runner, tmp_path):
    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", "Enhet;Förslag\nSkola Väst;Mer tid för planering\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["forget", "--store", store, "1"])
    assert r.exit_code == 0
    assert "historiken har inga förslag sparade under id (exporterna saknade id-kolumn)" in r.stderr, r.stderr


def test_forget_whose_file_rewrite_fails_says_the_suggestions_are_erased(runner, tmp_path, monkeypatch):
    """The rewrite (VACUUM) comes after the erasure's commit: when it fails (no room for its copy, a program holding
    the store), the line says the suggestions are erased but may leave remnants, and to run again (exit 3)."""
    import sqlite3

    from sqlalchemy.engine import Connection

    store = str(tmp_path / "h.db")
    _two_runs(runner, tmp_path, store)
    plain = Connection.exec_driver_sql

    def full(self, statement, *args, **kwargs):
        if statement == "VACUUM":
            raise sqlite3.OperationalError("database or disk is full")
        return plain(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "exec_driver_sql", full)
    r = runner.invoke(app, ["forget", "--store", store, "F-2"])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: historiken {store}: 1 förslag raderades, men filen kunde inte skrivas om, så rester av deras text kan "
        "finnas kvar i den: disken är full (eller kvoten slut); kör samma kommando igen (när inget annat program läser "
        "historiken och disken har plats för en kopia av den)")  # (not SQLite's English "database or disk is full")
    assert q(store, "select count(*) from suggestions where key = 'id:F-2'") == [(0,)]
    monkeypatch.setattr(Connection, "exec_driver_sql", plain)
    r = runner.invoke(app, ["forget", "--store", store, "F-2"])  # again: nothing left to erase, the file rewritten
    assert r.exit_code == 0 and "raderade 0 förslag" in r.stderr, r.stderr
    assert b"Olle Jansson" not in Path(store).read_bytes()


def test_forget_on_a_full_disk_says_nothing_was_erased_not_that_output_files_are_as_before(runner, tmp_path,
                                                                                         monkeypatch):
    """forget on a store whose disk is full said 'historiken och utfilerna är som förut': forget writes no output
    file, and the line did not say whether anything was erased. It says nothing was, in the user's language."""
    import sqlite3

    from forbattra.store import Store

    store = str(tmp_path / "h.db")
    _two_runs(runner, tmp_path, store)

    def full(self, work):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_transaction", full)
    for lang, line in (("sv", f"Fel: historiken {store} kan inte skrivas: disken är full (eller kvoten slut); frigör "
                              "utrymme och kör samma kommando igen; inget raderades"),
                       ("en", f"Error: the store {store} cannot be written: the disk is full (or the quota used up); "
                              "free some space and run the same command again; nothing was erased")):
        r = runner.invoke(app, ["forget", "--store", store, "F-2", "--lang", lang])
        assert r.exit_code == 3 and r.stderr.strip().splitlines()[-1] == line, r.stderr
    assert q(store, "select count(*) from suggestions where key = 'id:F-2'") == [(1,)]


def test_forget_by_text_erases_a_suggestion_of_a_store_without_ids(runner, tmp_path, store_url):
    """Exports without an id column store their suggestions by text, unit and date: --text finds one by its text, now
    or as an earlier run read it (a typo fixed since), in any case and spacing; a text not found is named by its
    number, not echoed into the log."""
    plain = "".join(line.split(";", 1)[1] + "\n" for line in FORGET_CSV.splitlines())  # (no Id column)
    src = _write(tmp_path / "in.csv", plain)
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, plain.replace("föll igen", "föll igen i natt"))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "1 ändrade" in r.stderr, r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "F-2"])
    assert r.exit_code == 0 and "historiken har inga förslag sparade under id" in r.stderr, r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "--text", "Ingen sådan text",
                            "--text", "patienten olle jansson  på rum 4 föll igen, vi behöver larmmattor"])
    assert r.exit_code == 0, r.stderr
    assert "texten nr 1 i --text finns inte i historiken" in r.stderr and "Ingen sådan" not in r.stderr
    assert "raderade 1 förslag, 3 rader med deras tidigare versioner" in r.stderr, r.stderr
    assert q(store_url, "select count(*) from suggestions") == [(2,)]
    assert q(store_url, "select count(*) from versions") == [(2,)]
    assert all("Olle" not in t for (t,) in q(store_url, "select text from versions"))
    r = runner.invoke(app, ["forget", "--store", store_url, "--text", " "])
    assert r.exit_code == 2 and "en tom text" in r.stderr


def test_forget_reads_ids_typed_as_numbers_from_a_sheet_of_a_workbook(runner, tmp_path):
    """An id column Excel holds as numbers (101, 103.0) names the ids as the export wrote them, on the sheet named."""
    import openpyxl

    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", FORGET_CSV.replace("F-", "10"))
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active["A1"] = "Förslag att radera, se flik 2"
    ws = wb.create_sheet("Radera")
    for row in (["Id", "Orsak"], [101, "Begäran"], [None, None], [103.0, "Patient"]):
        ws.append(row)
    wb.save(tmp_path / "radera.xlsx")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(tmp_path / "radera.xlsx"), "--sheet", "radera"])
    assert r.exit_code == 0, r.stderr
    assert "Läste 2 id ur kolumnen 'Id'" in r.stderr and "raderade 2 förslag" in r.stderr, r.stderr
    assert q(store, "select key from suggestions") == [("id:102",)]


def test_forget_reads_a_bare_list_whose_first_id_reads_like_a_column_name(runner, tmp_path):
    """A list of ids without a header whose first id reads like an id column's name ("REF-1001": ``^ref``) erases that
    id too: it was taken for the column's name and left in the store, said only as the column read."""
    import openpyxl

    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", FORGET_CSV.replace("F-", "REF-100"))
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    ids = _write(tmp_path / "radera.csv", "REF-1001\nREF-1003\n")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(ids)])
    assert r.exit_code == 0, r.stderr
    assert "Läste 2 id ur kolumnen 'kolumn_1'" in r.stderr and "raderade 2 förslag" in r.stderr, r.stderr
    assert q(store, "select key from suggestions") == [("id:REF-1002",)]
    wb = openpyxl.Workbook()  # (one id alone, beside a reason, in a workbook)
    wb.active.append(["REF-1002", "Begäran om radering"])
    wb.save(tmp_path / "radera.xlsx")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(tmp_path / "radera.xlsx")])
    assert r.exit_code == 0 and "raderade 1 förslag" in r.stderr, r.stderr
    assert q(store, "select count(*) from suggestions") == [(0,)]
    # a header naming the id column stays a header
    _write(ids, "Ref\nREF-1001\n")
    r = runner.invoke(app, ["forget", "--store", store, "--ids", str(ids), "--dry-run"])
    assert r.exit_code == 0 and "Läste 1 id ur kolumnen 'Ref'" in r.stderr, r.stderr


def test_forget_interrupted_while_the_file_is_rewritten_says_what_was_erased(runner, tmp_path, monkeypatch):
    """Ctrl-C (or SIGTERM) during the rewrite, after the erasure's commit: exit 130 with what was kept, not
    "nothing was written"."""
    from sqlalchemy.engine import Connection

    store = str(tmp_path / "h.db")
    _two_runs(runner, tmp_path, store)
    plain = Connection.exec_driver_sql

    def stopped(self, statement, *args, **kwargs):
        if statement == "VACUUM":
            raise KeyboardInterrupt
        return plain(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "exec_driver_sql", stopped)
    r = runner.invoke(app, ["forget", "--store", store, "F-2", "F-3"])
    assert r.exit_code == 130, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: avbrutet efter att 2 förslag raderats ur historiken {store}; filen hann inte skrivas om, så rester av "
        "deras text kan finnas kvar i den: kör samma kommando igen")
    assert q(store, "select key from suggestions") == [("id:F-1",)]


@pytest.mark.parametrize("command", ["trends", "report"])
def test_a_sqlite_link_to_no_file_is_no_such_store_for_the_readers_and_makes_none(runner, tmp_path: Path, command: str):
    """'trends --store sqlite:///missing.db' made an empty store file there and printed an empty table (exit 0), and
    'report sqlite:///missing.db' did the same, where the plain path 'missing.db' is "historiken finns inte" (exit 3):
    a reader opened the link as a writer would, and a typo in a nightly job's link went unnoticed."""
    link = f"sqlite:///{tmp_path / 'saknas.db'}"
    argv = ["trends", "--store", link] if command == "trends" else ["report", link, "-o", str(tmp_path / "r.html")]
    r = runner.invoke(app, argv)
    assert r.exit_code == 3
    assert r.stderr.strip() == (f"Fel: {link}: historiken finns inte; skapa den med 'forbattra classify INDATA "
                                f"--store {link}'")
    assert list(tmp_path.iterdir()) == []


def test_forget_names_the_other_suggestions_that_mention_the_erased_writer(runner, tmp_path, store_url):
    """After 'forget F-2' its writer's surname, which another suggestion's text mentions, appeared unmasked in a report
    from the store (it had shown as [namn]): the store masks a name only while it knows it. forget now says which
    other suggestions name an erased writer (by id, never the name), so they can be corrected and erased too."""
    src = _write(tmp_path / "in.csv", "id;enhet;datum;namn;förslag\n"
                 "F-1;Hemtjänst Norr;2026-03-02;Anna Qvarnström;Fler vikarier på helgerna behövs\n"
                 "F-2;Hemtjänst Syd;2026-03-04;Lena Ek;Som Qvarnström sa på APT: bättre wifi i personalrummet\n"
                 "F-3;Skola Väst;2026-04-11;Per Lind;Mer tid för planering mellan lektionerna\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    r = runner.invoke(app, ["forget", "--store", store_url, "F-1", "--dry-run"])
    said = ("1 annat förslag i historiken nämner en raderad skribents namn (id: F-2); rapporter och --redact maskerar "
            "det bara så länge historiken känner namnet: rätta det i källan och radera det här med forget")
    assert r.exit_code == 0 and said in r.stderr, r.stderr
    assert "Qvarnström" not in r.stderr
    r = runner.invoke(app, ["forget", "--store", store_url, "F-1", "--lang", "en"])
    assert r.exit_code == 0 and "1 other suggestion in the history store names an erased writer (ids: F-2)" \
        in r.stderr, r.stderr
    # a writer no other text names: no such line
    r = runner.invoke(app, ["forget", "--store", store_url, "F-3"])
    assert r.exit_code == 0 and "nämner" not in r.stderr, r.stderr


@pytest.mark.parametrize("failure", ["interrupt", "disk_full"])
def test_a_first_run_that_fails_before_recording_leaves_no_store(runner, tmp_path, monkeypatch, failure):
    """A nightly job's first run, stopped while it classified (SIGTERM) or failing to write its output (a full
    disk), said "avbrutet; inget skrevs" yet left an empty store file behind, which ``trends`` and ``report`` then
    read as a history of nothing (exit 0). A new SQLite store is made by the run's record now: no file is left."""
    import errno

    from forbattra.outputs import writers
    from forbattra.scoring.scorer import ThemeScorer

    src = _write(tmp_path / "in.csv", CSV)
    db = tmp_path / "h.db"
    out = tmp_path / "o.jsonl"
    if failure == "interrupt":
        def stopped(self, texts):
            raise KeyboardInterrupt

        monkeypatch.setattr(ThemeScorer, "score", stopped)
    else:
        def full(self, target):
            raise writers.output_error(Path(target), OSError(errno.ENOSPC, "No space left on device"))

        monkeypatch.setattr(writers.AtomicOutputs, "path", full)
    r = runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(out)])
    assert r.exit_code == (130 if failure == "interrupt" else 3), r.stderr
    assert not db.exists() and not out.exists()
    r = runner.invoke(app, ["trends", "--store", str(db)])
    assert r.exit_code == 3 and "historiken finns inte" in r.stderr, r.stderr
    monkeypatch.undo()
    r = runner.invoke(app, ["classify", str(src), "--store", str(db), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert q(str(db), "select count(*) from runs") == [(1,)] and q(str(db), "select count(*) from suggestions") == [(2,)]


def test_an_output_that_cannot_follow_the_store_says_the_store_was_updated(runner, tmp_path, monkeypatch):
    """The outputs' renames after the store's commit failed (a file open in Excel): exit 3 with the write error
    alone, as if nothing had happened, while the store held the run. The line now says the store was updated and
    to run again, and its JSON line carries ``store_updated``."""
    import json

    from forbattra.errors import OutputError
    from forbattra.outputs.writers import AtomicOutputs

    src = _write(tmp_path / "in.csv", CSV)
    out = _write(tmp_path / "o.jsonl", PREVIOUS)
    db = str(tmp_path / "h.db")

    def held_open(self):
        raise OutputError.of("err_no_path", path=out)

    monkeypatch.setattr(AtomicOutputs, "commit", held_open)
    r = runner.invoke(app, ["classify", str(src), "--store", db, "-o", str(out)])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith(
        "; historiken har ändå uppdaterats med körningen, men inga utfiler skrevs: kör igen när felet är rättat för "
        "att skriva dem"), r.stderr
    assert out.read_text(encoding="utf-8") == PREVIOUS and q(db, "select count(*) from runs") == [(1,)]
    r = runner.invoke(app, ["--log-format", "json", "classify", str(src), "--store", db, "-o", str(out), "--lang", "en"])
    line = json.loads(r.stderr.strip().splitlines()[-1])
    assert r.exit_code == 3 and line["event"] == "err_no_path" and line["store_updated"] is True, r.stderr
    assert line["message"].endswith("; the store was updated with the run all the same, but no output file was "
                                    "written: run again once this is fixed to write them")
    monkeypatch.undo()  # a store error before its commit: no such words
    r = runner.invoke(app, ["classify", str(src), "--store", str(src), "-o", str(out)])
    assert r.exit_code == 3 and "historiken har ändå" not in r.stderr, r.stderr


def test_a_new_store_link_into_a_folder_not_there_names_the_folder(runner, tmp_path):
    """A ``sqlite:///`` link to a new store in a folder not there: the folder named, exit 3, nothing made."""
    link = f"sqlite:///{tmp_path / 'saknas' / 'h.db'}"
    r = runner.invoke(app, ["classify", str(_write(tmp_path / "in.csv", CSV)), "--store", link, "-o",
                            str(tmp_path / "o.jsonl")])
    assert r.exit_code == 3, r.stderr
    assert r.stderr.strip().splitlines()[-1] == (
        f"Fel: {link}: mappen {tmp_path / 'saknas'} finns inte; skapa den eller ange en annan sökväg"), r.stderr
    assert not (tmp_path / "saknas").exists() and not (tmp_path / "o.jsonl").exists()


def test_empty_rows_of_another_export_are_its_own_not_the_stored_ones(runner, tmp_path, store_url):
    """Two exports of new suggestions into one store, each with empty rows (no id, unit or date): the second's
    empty rows were taken for the first's (keyed by their place among the empty rows alone), so the run said
    "2 oförändrade" of rows it had never seen and trends counted 3 empty rows of the 5 read. An export of new
    suggestions keeps its empty rows; a re-export of either finds its own, adds nothing and warns of nothing."""
    one = _write(tmp_path / "ett.csv", "Förslag;Kommentar\nBättre kaffe i personalrummet;x\n;x\n;y\n")
    two = _write(tmp_path / "tva.csv", "Förslag;Kommentar\nFler cykelställ vid entrén;z\n;z\n;z\n;z\n")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(one), "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0 and "körning 1: 3 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    r = runner.invoke(app, ["classify", str(two), "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0 and "körning 2: 4 nya, 0 ändrade, 0 oförändrade" in r.stderr, r.stderr
    for src, run, n in ((two, 3, 4), (one, 4, 3)):
        r = runner.invoke(app, ["classify", str(src), "--store", store_url, "-o", str(out)])
        assert r.exit_code == 0 and f"körning {run}: 0 nya, 0 ändrade, {n} oförändrade" in r.stderr, r.stderr
        assert q(store_url, "select status, count(*) from suggestions group by status order by status") == [
            ("empty", 5), ("ok", 2)]
        table = tmp_path / "t.csv"
        r = runner.invoke(app, ["trends", "--store", store_url, "-o", str(table)])
        assert r.exit_code == 0 and "Varning" not in r.stderr, r.stderr
        rows = [line.split(";") for line in table.read_text(encoding="utf-8-sig").splitlines()]
        assert dict(zip(rows[0], rows[1]))["Tomma"] == "5", rows


def test_a_total_row_an_earlier_version_stored_as_a_suggestion_is_named_with_the_way_out(runner, tmp_path):
    """A store written before the readers knew total rows holds "Summa;3" as the suggestion of id Summa (text "3",
    sorted into Övrigt). trends and report counted it as a suggestion without a word, and warned every night that
    the latest export lacked it; now both say what it is and how to erase it, and say nothing once it is erased."""
    import sqlite3

    from forbattra.store import text_hash

    src = _write(tmp_path / "in.csv", "Id;Förslag;Enhet\n1;Bättre kaffe i personalrummet;Skola A\n"
                                      "2;Fler cykelställ vid entrén;Skola B\nSumma;2;\n")
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    with sqlite3.connect(store) as c:  # (as an earlier version stored it)
        c.execute("update suggestions set key='id:Summa', source_id='Summa', text='2', text_hash=?, status='ok', "
                  "themes='ovrigt' where export_row=3", (text_hash("2"),))
    c.close()
    line = (f"Varning: {store}: 1 sparad rad med id Summa är en exports summarad, som en tidigare version av forbattra "
            "sparade som förslag (nu läses en summarad som en tom rad); den räknas här som det förslaget — radera den "
            f"med 'forbattra forget --store {store} Summa'")
    r = runner.invoke(app, ["trends", "--store", store])
    assert r.exit_code == 0 and line in r.stderr.splitlines(), r.stderr
    r = runner.invoke(app, ["report", store, "-o", str(tmp_path / "r.md"), "--date", "2026-12-01"])
    assert r.exit_code == 0 and line in r.stderr.splitlines(), r.stderr
    assert runner.invoke(app, ["forget", "--store", store, "Summa"]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store])
    assert r.exit_code == 0 and "Varning" not in r.stderr, r.stderr


def _store_with_an_old_total_row(runner, tmp_path) -> str:
    """A store as an earlier version wrote it: the export's "Summa;2" stored as the suggestion of id Summa."""
    import sqlite3

    from forbattra.store import text_hash

    src = _write(tmp_path / "in.csv", "Id;Förslag;Enhet\n1;Bättre kaffe i personalrummet;Skola A\n"
                                      "2;Fler cykelställ vid entrén;Skola B\nSumma;2;\n")
    store = str(tmp_path / "h.db")
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    with sqlite3.connect(store) as c:
        c.execute("update suggestions set key='id:Summa', source_id='Summa', text='2', text_hash=?, status='ok', "
                  "themes='ovrigt' where export_row=3", (text_hash("2"),))
    c.close()
    return store


@pytest.mark.parametrize("ids", [["Summa"], ["Summa", "1"], ["1"]])
def test_forget_says_what_becomes_of_each_kind_of_row_it_erased(runner, tmp_path, ids):
    """forget said of every erasure that a suggestion still in the export "sparas igen" at the next run — untrue of
    an earlier version's total row (the way out trends names), which the readers now read as an empty row: it is not
    stored again as that suggestion. Each kind erased gets its own true line."""
    store = _store_with_an_old_total_row(runner, tmp_path)
    r = runner.invoke(app, ["forget", "--store", store, *ids])
    assert r.exit_code == 0, r.stderr
    again = ("Ett förslag som finns kvar i exporten sparas igen vid nästa 'classify --store'; ta bort det ur "
             "källsystemet eller exporten först")
    total = ("En exports summarad sparas inte igen som förslag: nästa 'classify --store' läser den som en tom rad, "
             "inget förslag")
    lines = r.stderr.splitlines()
    assert lines[1:] == [line for line, said in ((again, "1" in ids), (total, "Summa" in ids)) if said], r.stderr
    r = runner.invoke(app, ["classify", str(tmp_path / "in.csv"), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr  # (what it said: the total row comes back as an empty row, not as id Summa)
    rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(x["id"], x["status"]) for x in rows] == [("1", "ok"), ("2", "ok"), (None, "empty")]
    import sqlite3

    with sqlite3.connect(store) as c:
        assert c.execute("select count(*) from suggestions where source_id='Summa'").fetchone() == (int("Summa" not in ids),)
    c.close()


def test_an_old_total_row_is_no_suggestion_the_latest_export_lacked(runner, tmp_path):
    """After a night of this version on a store an earlier version wrote, the export's "Summa" row is read as an
    empty row, so the old suggestion of id Summa was 'lacked' by the latest export: trends and report said that one
    suggestion had been removed in the source system or filtered out of the export — beside the warning that names
    it as a total row. The export still holds it (as its total row): only that warning is said."""
    store = _store_with_an_old_total_row(runner, tmp_path)
    r = runner.invoke(app, ["classify", str(tmp_path / "in.csv"), "--store", store, "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    total = (f"Varning: {store}: 1 sparad rad med id Summa är en exports summarad, som en tidigare version av "
             "forbattra sparade som förslag (nu läses en summarad som en tom rad); den räknas här som det förslaget — "
             f"radera den med 'forbattra forget --store {store} Summa'")
    for args in (["trends", "--store", store], ["report", store, "-o", str(tmp_path / "r.md"), "--date", "2026-12-01"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0, r.stderr
        assert [line for line in r.stderr.splitlines() if line.startswith("Varning")] == [total], r.stderr
    assert "fanns inte med" not in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_report_from_a_store_with_an_old_total_row_says_so_in_the_report(runner, tmp_path):
    """The warning that an earlier version's total row (id Summa) counts as a suggestion went to the terminal only:
    the report file, which its readers see without the terminal, counted it among the suggestions without a word.
    It is said under *Så läser du rapporten* too, until the row is erased."""
    store = _store_with_an_old_total_row(runner, tmp_path)
    report = tmp_path / "r.md"
    line = ("1 av förslagen i historiken är en exports summarad (Summa, Totalt), som en tidigare version av forbattra "
            "sparade som förslag; den räknas här som ett förslag tills den raderas ur historiken med forbattra forget.")
    assert runner.invoke(app, ["report", store, "-o", str(report), "--date", "2026-12-01"]).exit_code == 0
    assert f"- {line}" in report.read_text(encoding="utf-8").splitlines()
    assert runner.invoke(app, ["forget", "--store", store, "Summa"]).exit_code == 0
    assert runner.invoke(app, ["report", store, "-o", str(report), "--date", "2026-12-01"]).exit_code == 0
    assert "summarad" not in report.read_text(encoding="utf-8")


def test_trends_shows_the_last_runs_time_in_swedish_time_with_its_zone_named(runner, tmp_path, monkeypatch):
    """trends printed the run's start as stored, an ISO stamp in the zone of the machine that ran it
    (*2026-07-01T10:00:00+00:00* from a server in UTC), which a Swedish reader takes for local time. It is shown
    in Swedish time, to the minute, the zone named — whatever zone the machine showing it runs in."""
    import sqlite3
    import time

    src = _write(tmp_path / "in.csv", CSV)
    store = tmp_path / "h.db"
    assert runner.invoke(app, ["classify", str(src), "--store", str(store)]).exit_code == 0
    with sqlite3.connect(store) as con:
        con.execute("UPDATE runs SET started_at = '2026-07-01T10:00:00+00:00'")
    for tz in ("UTC", "America/New_York"):
        monkeypatch.setenv("TZ", tz)
        time.tzset()
        for lang, line in (("sv", "Nytt eller ändrat sedan förra körningen (körning 1, 2026-07-01 12:00 CEST): "),
                           ("en", "New or changed in the last run (run 1, 2026-07-01 12:00 CEST): ")):
            r = runner.invoke(app, ["trends", "--store", str(store), "--lang", lang])
            assert r.exit_code == 0, r.stderr
            assert any(ln.startswith(line) for ln in r.stderr.splitlines()), r.stderr
    monkeypatch.undo()
    time.tzset()
    from forbattra.analysis.trends import run_time

    # winter time; a run past midnight in Sweden is the next day; a stamp without an offset stays as stored
    assert run_time("2026-12-07T23:30:00+00:00") == "2026-12-08 00:30 CET"
    assert run_time("2026-12-07T14:30:00+01:00") == "2026-12-07 14:30 CET"
    assert run_time("2026-01-02T09:00:00") == "2026-01-02 09:00"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_trends_workbook_explains_its_columns(runner, tmp_path, lang):
    """Every workbook forbattra writes explains its figures on a *Förklaringar* sheet (classify's, duplicates',
    discover's, the report's) — but trends -o x.xlsx wrote its table alone: what a period counts a suggestion on
    (an export without dates: the run's day), *utan datum*, a suggestion of several themes counted in each, and the
    rows counted apart were nowhere said. It has the sheet, in its language."""
    openpyxl = pytest.importorskip("openpyxl")
    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", CSV + "3;A;2026-02-12;Vet inte\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    out = tmp_path / "trender.xlsx"
    r = runner.invoke(app, ["trends", "--store", store, "--period", "quarter", "--lang", lang, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    sheet, apart = ("Förklaringar", ("Tomma", "Inget förslag")) if lang == "sv" else ("Explanations",
                                                                                    ("Empty", "No suggestion"))
    assert wb.sheetnames == ["Trender" if lang == "sv" else "Trends", sheet]
    notes = dict(wb[sheet].iter_rows(min_row=2, values_only=True))
    assert list(notes) == ["Period", *(("Ofullständig", "Totalt") if lang == "sv" else ("Partial", "Total")),
                           "Temakolumnerna" if lang == "sv" else "The theme columns", *apart]
    assert notes["Period"].startswith("Kvartalet (ÅÅÅÅ-Q1 … ÅÅÅÅ-Q4)" if lang == "sv"
                                      else "The quarter (YYYY-Q1 … YYYY-Q4)")
    assert ("«utan datum»" if lang == "sv" else "'no date'") in notes["Period"]
    # every column of the table is one the sheet explains
    head = [c.value for c in wb.worksheets[0][1]]
    assert set(head) - {"Period"} - set(apart) and set(apart) <= set(head)


def test_a_night_whose_unit_column_is_another_warns_that_the_units_moved(runner, tmp_path, store_url):
    """The export's unit column renamed to one the reader does not know as a unit's ('Kostnadsställe'): the next
    column that looked like one, 'Förvaltning', was read as the unit and every stored suggestion moved to its
    förvaltning without a word, under --quiet nothing at all (breadth and Tema per enhet of the store counted
    förvaltningar from then on). Most stored suggestions under another unit, not one unit renamed, is now a warning
    naming the column read and the option that names the right one; one unit renamed is none."""
    units = [("Hemtjänst Norr", "Vård och omsorg"), ("Hemtjänst Syd", "Vård och omsorg"),
             ("Skola Öst", "Utbildning"), ("Skola Väst", "Utbildning")]
    texts = ["Fler vikarier till helgerna", "Större personalrum behövs", "Bättre bilar till hemtjänsten",
             "Nya arbetskläder till alla", "Kortare möten på måndagar", "Fler lärare på rasterna",
             "Nya datorer i klassrummen", "Bättre luft i matsalen"]

    def export(unit_header, rename=None):
        rows = "".join(f"{i};{(rename or {}).get(u, u)};{f};2026-0{1 + i % 5}-1{i};{t}\n"
                       for i, (t, (u, f)) in enumerate(zip(texts, units * 2), 1))
        return f"Id;{unit_header};Förvaltning;Datum;Förslag\n" + rows

    # the first night's export also holds a suggestion later ones no longer do (a rolling export's older month)
    src = _write(tmp_path / "export.csv", export("Enhet") + "99;Hemtjänst Syd;Vård och omsorg;2025-12-01;Nya bilar\n")
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    _write(src, export("Enhet"))
    assert runner.invoke(app, ["classify", str(src), "--store", store_url]).exit_code == 0
    # one unit renamed, the export still of units: no warning (the run's line says the change)
    _write(src, export("Enhet", {"Hemtjänst Norr": "Hemtjänsten Norr"}))
    r = runner.invoke(app, ["classify", str(src), "--store", store_url])
    assert r.exit_code == 0 and "körning 3: 0 nya, 2 ändrade, 6 oförändrade" in r.stderr and "Varning" not in r.stderr
    _write(src, export("Kostnadsställe", {"Hemtjänst Norr": "Hemtjänsten Norr"}))
    r = runner.invoke(app, ["--quiet", "--log-format", "json", "classify", str(src), "--store", store_url])
    assert r.exit_code == 0, r.stderr
    lines = [json.loads(line) for line in r.stderr.splitlines()]
    assert [(x["level"], x["event"], x["n"], x["of"], x["column"]) for x in lines] == [
        ("warning", "store_units_changed", 8, 8, "Förvaltning")], r.stderr
    assert (": 8 av 8 förslag som historiken redan har står under en annan enhet i den här exporten (enhetskolumnen "
            "'Förvaltning') och har flyttats dit; har exporten fått en annan enhetskolumn, ange den rätta med "
            "--group-column (nästa körning flyttar dem tillbaka)") in lines[0]["message"]
    assert PASSWORD not in r.stderr
    # nor were the stored suggestions the export no longer holds moved, as a unit's renamed are: they keep their unit
    assert q(store_url, "select grp from suggestions where source_id = '99'") == [("Hemtjänst Syd",)]
    # the right column given: the units back, and no warning (the column was named by hand)
    r = runner.invoke(app, ["--quiet", "classify", str(src), "--store", store_url, "--group-column", "Kostnadsställe"])
    assert r.exit_code == 0 and r.stderr == "", r.stderr
    assert q(store_url, "select grp from suggestions where source_id = '1'") == [("Hemtjänsten Norr",)]


def test_an_export_id_with_a_superscript_digit_is_ordered_not_a_crash(runner, tmp_path):
    """Ids are ordered as a person reads them (F-2 before F-10); a part of one that Python calls a digit but
    int() does not read ('²', pasted from Word: 'Lokal 12²') stopped trends and report with a traceback."""
    from forbattra.store import stored_order

    rows = [{"first_run": 1, "export_row": None, "source_id": i, "key": f"id:{i}"} for i in ("F-10", "m²", "F-2", "12²")]
    assert [r["source_id"] for r in stored_order(rows)] == ["12²", "F-2", "F-10", "m²"]
    p = tmp_path / "ex.csv"
    p.write_text("Id;Förslag\nF-10;Fler vikarier i sommar\n12²;Större personalrum behövs\n", encoding="utf-8")
    db = tmp_path / "h.db"
    assert runner.invoke(app, ["classify", str(p), "--store", str(db), "-o", str(tmp_path / "a.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["report", str(db), "-o", str(tmp_path / "r.md")])
    assert r.exit_code == 0, r.stderr


def test_trends_mark_the_periods_the_data_covers_only_in_part_and_total_each_period(runner, tmp_path):
    """The trends table showed its first and last periods as any other: a history from 20 January to 5 March read
    as a drop in January and March that is not real, with no word of it (the report marks such months; trends did
    not), and no period's number of suggestions to read a theme's share by (a suggestion of two themes counts in
    both). Each -o file now has an 'Ofullständig' column ('ja' on a period the data begins or ends partway
    through) and a 'Totalt' column (the period's suggestions, each once, the empty rows and non-answers apart); the
    terminal marks those periods' headers '*' and says what it means, the total a row of its own."""
    rows = ("1;A;2026-01-20;Vi behöver fler vikarier på helgerna\n2;A;2026-02-01;Nya datorer till personalen\n"
            "3;B;2026-02-14;Personalrummet är för litet\n4;B;2026-02-28;Vet inte\n5;B;2026-03-05;Fler vikarier\n")
    store = str(tmp_path / "h.db")
    src = _write(tmp_path / "in.csv", "id;Enhet;Datum;Förslag\n" + rows)
    assert runner.invoke(app, ["classify", str(src), "--store", store, "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    out, js = tmp_path / "t.csv", tmp_path / "t.jsonl"
    for _ in range(2):  # (the second: its own table, 'ja' cells and all, replaced)
        r = runner.invoke(app, ["trends", "--store", store, "-o", str(out), "-o", str(js)], terminal_width=200)
        assert r.exit_code == 0, r.stderr
    table = [line.split(";") for line in out.read_text(encoding="utf-8-sig").splitlines()]
    assert table[0][:3] == ["Period", "Ofullständig", "Totalt"]
    assert [row[:3] for row in table[1:]] == [["2026-01", "ja", "1"], ["2026-02", "", "2"], ["2026-03", "ja", "1"]]
    assert [row[-1] for row in table[1:]] == ["0", "1", "0"]  # ('Vet inte': apart, not in February's Totalt)
    records = [json.loads(line) for line in js.read_text(encoding="utf-8").splitlines()]
    assert [(x["Period"], x["Ofullständig"], x["Totalt"]) for x in records] == [
        ("2026-01", "ja", 1), ("2026-02", "", 2), ("2026-03", "ja", 1)]
    r = runner.invoke(app, ["trends", "--store", store], terminal_width=200)
    assert r.exit_code == 0, r.stderr
    assert re.search(r"┃ 2026-01 \* ┃ 2026-02 ┃ 2026-03 \* ┃", r.stdout), r.stdout
    assert re.search(r"│ Totalt +│ +1 │ +2 │ +1 │", r.stdout), r.stdout
    assert "* = ofullständig period: underlaget börjar eller slutar mitt i den" in r.stderr
    # by quarter: Q1 from 20 January to 5 March is partial; a quarter's every month given whole is not
    r = runner.invoke(app, ["trends", "--store", store, "--period", "quarter", "--lang", "en", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    head, q1 = out.read_text(encoding="utf-8-sig").splitlines()
    assert head.startswith("Period;Partial;Total;") and q1.startswith("2026-Q1;yes;4;")
    whole = str(tmp_path / "hel.db")
    src = _write(tmp_path / "hel.csv", "id;Enhet;Månad;Förslag\n1;A;2026-04;Fler vikarier\n2;A;2026-06-29;Nya datorer\n")
    assert runner.invoke(app, ["classify", str(src), "--store", whole, "-o", str(tmp_path / "h.jsonl")]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", whole, "--period", "quarter", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2026-Q2;;2;")


def test_trends_name_the_partial_column_longer_beside_a_theme_of_its_name(runner, tmp_path):
    """A theme of one's own labelled 'Ofullständig' keeps its label; the partial column is 'Ofullständig period',
    not a second column of that name (the one written over the other). ('Totalt' is no theme's label: refused.)"""
    tax = _write(tmp_path / "egen.yaml", "name: egen\nfallback: ovrigt\nthemes:\n"
                 "  - {id: tot, label: Ofullständig, label_en: Unfinished, keywords: [vikarier]}\n"
                 "  - {id: ovrigt, label: Övrigt}\n")
    src = _write(tmp_path / "in.csv", "id;datum;Förslag\n1;2024-01-10;Fler vikarier\n2;2024-01-11;Nya datorer\n")
    store = str(tmp_path / "h.db")
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tax), "--model", "none", "--store", store,
                            "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "t.csv"
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    head, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert head == "Period;Ofullständig period;Totalt;Ofullständig;Övrigt;Tomma;Inget förslag"
    assert row.split(";")[:3] == ["2024-01", "ja", "2"]
    r = runner.invoke(app, ["trends", "--store", store, "-o", str(out)])  # (its own table, replaced)
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_trends_workbook_holds_the_warnings_the_terminal_gives(runner, tmp_path, lang):
    """trends warned on the terminal that a stored suggestion the latest export lacked still counts, but trends -o
    x.xlsx — the file handed to a committee — held the table alone: its readers never saw the caveat. The workbook
    now has an 'Att tänka på' sheet with each of the run's notes, in its language; a run without any has none."""
    openpyxl = pytest.importorskip("openpyxl")
    head = "id;Enhet;Datum;Förslag\n"
    rows = ["1;Hemtjänst Norr;2026-01-10;Fler vikarier till helgerna\n", "2;Skola Syd;2026-02-11;Större personalrum behövs\n",
            "3;Hemtjänst Norr;2026-03-05;Bättre bilar till hemtjänsten\n", "4;Skola Syd;2026-04-02;Nya arbetskläder till alla\n"]
    src, store = tmp_path / "export.csv", str(tmp_path / "h.db")
    _write(src, head + "".join(rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    out = tmp_path / "trender.xlsx"
    r = runner.invoke(app, ["trends", "--store", store, "--lang", lang, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert len(openpyxl.load_workbook(out).sheetnames) == 2  # (nothing to say: no such sheet)
    _write(src, head + rows[0] + rows[2] + rows[3])  # id 2 deleted in the source system
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store, "--lang", lang, "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    sheet = "Att tänka på" if lang == "sv" else "Bear in mind"
    assert wb.sheetnames[-1] == sheet
    lines = [row[0] for row in wb[sheet].iter_rows(values_only=True)]
    said = (f"Varning: {store}: 1 sparat förslag från 2026-01-10 – 2026-04-02, den tid som den senaste exporten "
            f"({src}) täcker, fanns inte med i den" if lang == "sv" else
            f"Warning: {store}: 1 stored suggestion from 2026-01-10 – 2026-04-02, the time the latest export ({src}) "
            "covers, was not in it")
    assert lines[0] == sheet and len(lines) == 2 and lines[1].startswith(said), lines
    assert said[len("Varning: " if lang == "sv" else "Warning: "):] in " ".join(r.stderr.split())  # (as the terminal says it)


def test_a_suggestion_missing_from_an_export_of_one_day_names_that_day_once(runner, tmp_path):
    """An export whose suggestions are all of one day (a workshop's): the warning that a stored suggestion was not
    in it read "från 2026-03-04 – 2026-03-04", a span from a date to itself. It names the day once."""
    head = "id;Enhet;Datum;Förslag\n"
    rows = ["1;A;2026-03-04;Fler vikarier till helgerna\n", "2;B;2026-03-04;Större personalrum behövs\n",
            "3;A;2026-03-04;Bättre bilar till hemtjänsten\n"]
    src, store = tmp_path / "export.csv", str(tmp_path / "h.db")
    _write(src, head + "".join(rows))
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    _write(src, head + rows[0] + rows[2])
    assert runner.invoke(app, ["classify", str(src), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["trends", "--store", store])
    said = " ".join(r.stderr.split())
    assert r.exit_code == 0 and f"{store}: 1 sparat förslag från 2026-03-04, den tid som den senaste exporten" in said, said
    assert "2026-03-04 – 2026-03-04" not in said
