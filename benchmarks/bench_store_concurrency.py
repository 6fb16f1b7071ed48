"""Several `forbattra classify --store` runs into ONE store at the same time: is anything lost or
duplicated, and what does running them at once cost?

Scenario (the probe of issue 15): RUNS processes, each classifying an export of ROWS suggestions
with ids; consecutive exports share OVERLAP ids (same text), so the store must end with
RUNS*ROWS - (RUNS-1)*OVERLAP distinct suggestions (4 x 120, overlap 40 -> 360).

For each backend (a SQLite file; PostgreSQL when a URL is given) on a fresh, empty store:

* concurrent: all runs started at once (the case that lost 90 of 360 rows before the fix);
* baseline:   the same runs one after another into another fresh store (nothing can race).

Reported: runs that failed, suggestions stored, lost (expected keys missing), duplicated (rows
minus distinct keys), sum of the runs' "new" counts (= suggestions when writes were serialised),
wall seconds and CPU seconds of the child processes, and concurrent/baseline wall ratio.

Run:   source .ci/postgres.sh   # optional, for the PostgreSQL rows
       PYTHONPATH=src python benchmarks/bench_store_concurrency.py [--runs 4 --rows 120 --overlap 40]
       ... --src /path/to/older/checkout/src   # the same scenario with another version (before/after)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def exports(folder: Path, runs: int, rows: int, overlap: int) -> tuple[list[Path], set[str]]:
    out, expected = [], set()
    step = rows - overlap
    for k in range(runs):
        ids = range(k * step, k * step + rows)
        expected.update(f"id:{i}" for i in ids)
        lines = "\n".join(f"{i};Enhet {i % 7};Förslag nummer {i} om fler vikarier och bättre lokaler" for i in ids)
        p = folder / f"export{k}.csv"
        p.write_text("id;Enhet;Förslag\n" + lines + "\n", encoding="utf-8")
        out.append(p)
    return out, expected


SRC = ROOT / "src"  # the forbattra the runs use (--src: compare with another checkout)


def run_all(files: list[Path], store: str, folder: Path, concurrent: bool) -> tuple[list[int], float, float]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "forbattra", "--quiet", "classify"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    codes = []
    if concurrent:
        procs = [subprocess.Popen(cmd + [str(f), "--store", store, "-o", str(folder / f"o{k}.jsonl")], env=env,
                                  stderr=subprocess.PIPE) for k, f in enumerate(files)]
        for p in procs:
            err = p.communicate()[1].decode()
            codes.append(p.returncode)
            if p.returncode:
                print("  run failed:", err.strip().splitlines()[-1] if err.strip() else p.returncode)
    else:
        for k, f in enumerate(files):
            codes.append(subprocess.run(cmd + [str(f), "--store", store, "-o", str(folder / f"o{k}.jsonl")],
                                        env=env, capture_output=True).returncode)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return codes, wall, cpu


def count(store_url: str, expected: set[str]) -> dict:
    from sqlalchemy import create_engine, text

    from forbattra.store import engine_url

    eng = create_engine(engine_url(store_url))
    with eng.connect() as c:
        keys = [k for (k,) in c.execute(text("select key from suggestions"))]
        new_sum = c.execute(text("select coalesce(sum(n_new), 0) from runs")).scalar()
    eng.dispose()
    return {"stored": len(set(keys)), "lost": len(expected - set(keys)), "duplicated": len(keys) - len(set(keys)),
            "sum_new": int(new_sum)}


class FreshPg:
    """A new, empty PostgreSQL database for one scenario (dropped afterwards)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from forbattra.store import engine_url

        self.admin = create_engine(engine_url(url), isolation_level="AUTOCOMMIT")
        self.name = f"forbattra_bench_{uuid.uuid4().hex[:10]}"
        self.url = make_url(url).set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        from sqlalchemy import text

        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.url

    def __exit__(self, *exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def main() -> None:
    global SRC
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--rows", type=int, default=120)
    ap.add_argument("--overlap", type=int, default=40)
    ap.add_argument("--pg-url", default=os.environ.get("FORBATTRA_TEST_PG_URL"),
                    help="postgresql:// URL of a server where databases may be created (default: $FORBATTRA_TEST_PG_URL)")
    ap.add_argument("--src", type=Path, default=SRC, help="src/ folder of the forbattra to run (default: this checkout)")
    args = ap.parse_args()
    SRC = args.src.resolve()
    print(f"{args.runs} runs x {args.rows} rows, overlap {args.overlap}; cores: {os.cpu_count()}, "
          f"load average at start: {os.getloadavg()[0]:.1f}")
    header = (f"{'backend':<11} {'mode':<11} {'failed':>6} {'stored':>6} {'lost':>5} {'dup':>4} {'sum_new':>7} "
              f"{'wall_s':>7} {'cpu_s':>6}")
    print(header)
    backends = ["sqlite"] + (["postgresql"] if args.pg_url else [])
    for backend in backends:
        walls = {}
        for mode in ("baseline", "concurrent"):
            with tempfile.TemporaryDirectory() as d:
                folder = Path(d)
                files, expected = exports(folder, args.runs, args.rows, args.overlap)
                if backend == "sqlite":
                    store = str(folder / "h.db")
                    codes, wall, cpu = run_all(files, store, folder, mode == "concurrent")
                    res = count(store, expected)
                else:
                    with FreshPg(args.pg_url) as store:
                        codes, wall, cpu = run_all(files, store, folder, mode == "concurrent")
                        res = count(store, expected)
            walls[mode] = wall
            print(f"{backend:<11} {mode:<11} {sum(c != 0 for c in codes):>6} {res['stored']:>6} {res['lost']:>5} "
                  f"{res['duplicated']:>4} {res['sum_new']:>7} {wall:>7.1f} {cpu:>6.1f}")
        print(f"{backend:<11} concurrent/baseline wall: {walls['concurrent'] / walls['baseline']:.2f}")
    if not args.pg_url:
        print("(no PostgreSQL URL: source .ci/postgres.sh or pass --pg-url for the PostgreSQL rows)")


if __name__ == "__main__":
    main()
