"""History store: every classified suggestion and every run, in SQLite (default) or PostgreSQL.

``forbattra classify export.xlsx --store forbattra.db`` records each suggestion keyed by its id
(``id:<value>``) or, without an id column, by a content hash (``h:<sha256 prefix>``), with its
themes, and the run (time, forbattra version, taxonomy and model hash). Re-running the same export
adds nothing twice; a changed text is updated and its earlier version kept in ``versions``.

Concurrency: every write is one transaction. On SQLite it starts with ``BEGIN IMMEDIATE`` (the
recipe from SQLAlchemy's SQLite documentation) and waits up to 60 s for another writer, so two
nightly jobs on the same file queue up instead of corrupting it. A ``postgresql://`` URL uses the
same code through SQLAlchemy (needs a driver such as ``psycopg``; not exercised by the test suite).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from forbattra.errors import StoreError

SCHEMA_VERSION = 1


def key_for(id_value: str | None, text: str) -> str:
    """Store key of one suggestion: its id when there is one, else a hash of its normalised text."""
    from forbattra.scoring.text import normalise

    if id_value:
        return f"id:{id_value}"
    return "h:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:24]


def text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:24]


@dataclass
class RunStats:
    run_id: int
    new: int
    changed: int
    unchanged: int


class Store:
    """A history store at a path (SQLite file) or a database URL."""

    def __init__(self, location: str) -> None:
        from sqlalchemy import create_engine, event

        self.location = location
        is_url = "://" in location
        url = location if is_url else f"sqlite:///{Path(location).resolve()}"
        if not is_url:
            parent = Path(location).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{location}: the folder {parent} does not exist")
        try:
            if url.startswith("sqlite"):
                self.engine = create_engine(url, connect_args={"timeout": 60})

                @event.listens_for(self.engine, "connect")
                def _connect(dbapi_conn, _rec):  # let SQLAlchemy, not pysqlite, manage transactions
                    dbapi_conn.isolation_level = None

                @event.listens_for(self.engine, "begin")
                def _begin(conn):
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                self.engine = create_engine(url)
            self._create()
        except StoreError:
            raise
        except Exception as exc:  # driver/connection errors come in many types
            raise StoreError(f"cannot open the store {location}: {str(exc).splitlines()[0]}") from None

    def _create(self) -> None:
        from sqlalchemy import Column, Integer, MetaData, String, Table, Text

        md = MetaData()
        self.runs = Table("runs", md,
                          Column("run_id", Integer, primary_key=True, autoincrement=True),
                          Column("started_at", String(32)), Column("source", Text),
                          Column("forbattra_version", String(32)), Column("taxonomy", String(200)),
                          Column("taxonomy_hash", String(32)), Column("model_hash", String(32)),
                          Column("n_rows", Integer), Column("n_new", Integer), Column("n_changed", Integer),
                          Column("n_unchanged", Integer))
        self.suggestions = Table("suggestions", md,
                                 Column("key", String(300), primary_key=True), Column("source_id", Text),
                                 Column("text", Text), Column("text_hash", String(32)), Column("grp", Text),
                                 Column("date", String(10)), Column("themes", Text), Column("scores", Text),
                                 Column("evidence", Text), Column("status", String(16)),
                                 Column("taxonomy_hash", String(32)), Column("model_hash", String(32)),
                                 Column("first_run", Integer), Column("last_run", Integer),
                                 Column("updated_run", Integer))
        self.versions = Table("versions", md,
                              Column("key", String(300), primary_key=True), Column("run_id", Integer, primary_key=True),
                              Column("text_hash", String(32)), Column("text", Text), Column("themes", Text),
                              Column("scores", Text))
        md.create_all(self.engine)

    # -- reading -------------------------------------------------------------------------------
    def lookup(self, keys: list[str]) -> dict[str, dict]:
        """Stored rows for the given keys."""
        from sqlalchemy import select

        out: dict[str, dict] = {}
        s = self.suggestions
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                batch = keys[i:i + 500]
                for row in conn.execute(select(s).where(s.c.key.in_(batch))).mappings():
                    out[row["key"]] = dict(row)
        return out

    def last_runs(self, n: int = 2) -> list[dict]:
        from sqlalchemy import select

        with self.engine.connect() as conn:
            rows = conn.execute(select(self.runs).order_by(self.runs.c.run_id.desc()).limit(n)).mappings()
            return [dict(r) for r in rows]

    def frame(self):
        """All stored suggestions in the shape of ``run_classify(...).frame`` (key order)."""
        import pandas as pd
        from sqlalchemy import select

        from forbattra.inputs.tables import DATE, GROUP, ID, PERSON, ROW, TEXT

        s = self.suggestions
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(s).order_by(s.c.first_run, s.c.key)).mappings()]
            run_dates = {r.run_id: (r.started_at or "")[:10] for r in conn.execute(select(self.runs))}
        data = {
            "key": [r["key"] for r in rows], ROW: list(range(1, len(rows) + 1)),
            ID: pd.Series([r["source_id"] for r in rows], dtype=object),
            TEXT: pd.Series([r["text"] or "" for r in rows], dtype=object),
            GROUP: pd.Series([r["grp"] for r in rows], dtype=object),
            DATE: pd.Series([r["date"] for r in rows], dtype=object),
            PERSON: pd.Series([None] * len(rows), dtype=object),
            "themes": [r["themes"].split("|") for r in rows],
            "scores": [json.loads(r["scores"] or "{}") for r in rows],
            "evidence": [json.loads(r["evidence"] or "{}") for r in rows],
            "status": [r["status"] for r in rows],
            "first_run": [r["first_run"] for r in rows],
            "first_seen": [run_dates.get(r["first_run"]) for r in rows],
            "updated_run": [r["updated_run"] for r in rows],
        }
        return pd.DataFrame(data)

    # -- writing -------------------------------------------------------------------------------
    def record(self, frame, keys: list[str], *, source: str, taxonomy: str, taxonomy_hash: str,
               model_hash: str) -> RunStats:
        """Record one run and its suggestions in a single transaction."""
        from sqlalchemy import select, update

        from forbattra import __version__
        from forbattra.inputs.tables import DATE, GROUP, ID, TEXT

        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        s = self.suggestions
        try:
            with self.engine.begin() as conn:
                run_id = conn.execute(self.runs.insert().values(
                    started_at=now, source=source, forbattra_version=__version__, taxonomy=taxonomy,
                    taxonomy_hash=taxonomy_hash, model_hash=model_hash, n_rows=len(frame))).inserted_primary_key[0]
                existing: dict[str, dict] = {}
                for i in range(0, len(keys), 500):
                    batch = keys[i:i + 500]
                    for row in conn.execute(select(s.c.key, s.c.text_hash, s.c.themes).where(s.c.key.in_(batch))).mappings():
                        existing[row["key"]] = dict(row)
                new_rows, changed_rows, touched, versions = [], [], [], []
                for key, id_, text, grp, date, themes, scores, evidence, status in zip(
                        keys, frame[ID], frame[TEXT], frame[GROUP], frame[DATE], frame["themes"], frame["scores"],
                        frame["evidence"], frame["status"]):
                    th = text_hash(text)
                    rec = {"key": key, "source_id": id_, "text": text, "text_hash": th, "grp": grp, "date": date,
                           "themes": "|".join(themes), "scores": json.dumps(scores, ensure_ascii=False, sort_keys=True),
                           "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True), "status": status,
                           "taxonomy_hash": taxonomy_hash, "model_hash": model_hash}
                    old = existing.get(key)
                    if old is None:
                        new_rows.append({**rec, "first_run": run_id, "last_run": run_id, "updated_run": run_id})
                        versions.append({"key": key, "run_id": run_id, "text_hash": th, "text": text,
                                         "themes": rec["themes"], "scores": rec["scores"]})
                        existing[key] = {"key": key, "text_hash": th, "themes": rec["themes"]}
                    elif old["text_hash"] != th or old["themes"] != rec["themes"]:
                        changed_rows.append({**rec, "b_key": key, "last_run": run_id, "updated_run": run_id})
                        versions.append({"key": key, "run_id": run_id, "text_hash": th, "text": text,
                                         "themes": rec["themes"], "scores": rec["scores"]})
                        existing[key] = {"key": key, "text_hash": th, "themes": rec["themes"]}
                    else:
                        touched.append({"b_key": key})
                if new_rows:
                    conn.execute(s.insert(), new_rows)
                if changed_rows:
                    from sqlalchemy import bindparam

                    cols = {c: bindparam(c) for c in ("source_id", "text", "text_hash", "grp", "date", "themes", "scores",
                                                      "evidence", "status", "taxonomy_hash", "model_hash", "last_run",
                                                      "updated_run")}
                    conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(**cols), changed_rows)
                if touched:
                    from sqlalchemy import bindparam

                    conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(last_run=run_id), touched)
                if versions:
                    conn.execute(self.versions.insert(), versions)
                conn.execute(update(self.runs).where(self.runs.c.run_id == run_id).values(
                    n_new=len(new_rows), n_changed=len(changed_rows), n_unchanged=len(touched)))
        except Exception as exc:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot update the store {self.location}: {str(exc).splitlines()[0]}") from None
        return RunStats(run_id, len(new_rows), len(changed_rows), len(touched))


def row_keys(frame) -> list[str]:
    """Keys for every row; a key seen twice in one export gets ``#2``, ``#3`` ... appended."""
    from forbattra.inputs.tables import ID, TEXT

    seen: dict[str, int] = {}
    out = []
    for id_, text in zip(frame[ID], frame[TEXT]):
        k = key_for(id_, text or "")
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return out


def trends(frame, taxonomy, *, period: str = "month", lang: str = "sv"):
    """Theme counts per period (suggestion date, else the date of the run that first saw it)."""
    import pandas as pd

    periods = []
    for d, fr in zip(frame["_date"], frame.get("first_seen", frame["_date"])):
        d = d or fr
        if not d:
            periods.append("?")
        elif period == "quarter":
            periods.append(f"{d[:4]}-Q{(int(d[5:7]) - 1) // 3 + 1}")
        else:
            periods.append(d[:7])
    rows = {}
    for p, ts in zip(periods, frame["themes"]):
        rows.setdefault(p, {t: 0 for t in taxonomy.ids})
        for t in ts:
            if t in rows[p]:
                rows[p][t] += 1
    head = "Period"
    table = pd.DataFrame([{head: p, **{taxonomy.label(t, lang): c for t, c in rows[p].items()}} for p in sorted(rows)])
    return table
