"""A nightly job as a scheduler runs it: stopped (SIGTERM) wherever it is, and run again."""

import os
import subprocess
import sys
from pathlib import Path

# A SIGTERM whose handler runs while the garbage collector calls a finaliser (SQLAlchemy's weakref callbacks, or any
# __del__): here a finaliser in the run's first step sends it, as the scheduler's signal would land there.
_IN_A_FINALISER = """
import os, signal, sys
import forbattra.workflow as workflow
from forbattra.cli import main

classify = workflow.run_classify

def run_classify(*args, **kwargs):
    class Collected:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            total = 0
            for i in range(10_000):  # (the handler runs in here, inside the finaliser)
                total += i
    Collected()
    return classify(*args, **kwargs)

workflow.run_classify = run_classify
sys.argv = ["forbattra", *sys.argv[1:]]
main()
"""


def test_a_sigterm_that_lands_in_a_finaliser_stops_the_run_as_any_sigterm(tmp_path):
    """A SIGTERM handled while a finaliser ran raised its KeyboardInterrupt there, where Python prints it as
    "Exception ignored in …" with a traceback and goes on: the job's log got a traceback, the stop was lost and the
    run went on to write its outputs and the store, exit 0. It is sent again once the finaliser is done: one line,
    exit 130, nothing written — no output, no store file."""
    import forbattra

    src = tmp_path / "export.csv"
    src.write_text("Id;Enhet;Förslag\n1;Skola A;Bättre kaffe i personalrummet\n2;Skola B;Fler cykelställ vid entrén\n",
                   encoding="utf-8")
    out, store = tmp_path / "teman.jsonl", tmp_path / "historik.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORBATTRA_")},
           "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}
    r = subprocess.run([sys.executable, "-c", _IN_A_FINALISER, "classify", str(src), "--store", str(store),
                        "-o", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 130, r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert r.stderr.splitlines()[-1] == "Fel: avbrutet; inget skrevs"
    assert not out.exists() and not store.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
