"""History store: every classified suggestion and every run, in SQLite (default) or PostgreSQL.

``forbattra classify export.xlsx --store forbattra.db`` records each suggestion keyed by its id
(``id:<value>``) or, without an id column, by a content hash (``h:<sha256 prefix>``), with its
themes, and the run (time, forbattra version, taxonomy and model hash). Re-running the same export
adds nothing twice; a changed text is updated and its earlier version kept in ``versions``.

Concurrency (several runs into one store at once), with the database's own guarantees:

* every write of a run is one transaction, serialised per store: SQLite starts it with
  ``BEGIN EXCLUSIVE`` and waits up to 60 s for another writer or the readers, in waits of 0.2 s so
  that Ctrl-C or SIGTERM stops it at once (a read begins without the write lock, so readers do not wait
  on each other; one waits, as interruptibly, only while a write runs — seconds); PostgreSQL takes a
  transaction-level advisory lock (``pg_advisory_xact_lock``), each lock wait of a session bounded by the same
  60 s (``lock_timeout``: a run held up by another run, or by a hung process's transaction, is not a night-long
  wait), so the new/changed/unchanged counts of each run are exact;
* rows are written with ``INSERT ... ON CONFLICT`` upserts (never a duplicate-key error);
* a serialisation failure, deadlock or "database is locked" is retried (the whole transaction);
* tables are created under the same lock, and a lost creation race is re-checked, not fatal.

Order in ``classify --store``: every output is written to a temporary file, then the store
transaction commits, then the outputs are renamed into place together. A store failure therefore
leaves no new outputs (the previous ones stay); history never misses a run whose outputs exist.
Ctrl-C or SIGTERM from the store's COMMIT until the renames are done takes effect after them
(:func:`interrupts_held`): an interrupted run leaves both updated or neither.

``postgresql://user:password@host/db`` URLs use the ``psycopg`` driver (``pip install
'forbattra[postgres]'``); the password is never shown (:func:`display_location`). A server that does not answer
a new connection within :data:`CONNECT_WAIT` seconds is an ``err_store_open`` line, not a wait without end.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
from typing import Callable, Collection, Sequence
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path

from forbattra.errors import ConfigError, ForbattraError, Interrupted, StoreError, shorten
from forbattra.i18n import Msg

SCHEMA_VERSION = 1
LOCK_KEY = 0x666F7262  # "forb": PostgreSQL advisory lock that serialises writes to one store
ATTEMPTS = 8  # a transaction that hits a serialisation failure or deadlock is tried this often
RETRY_SQLSTATES = {"40001", "40P01", "23505"}  # serialization, deadlock, unique (lost race)
LOCK_TIMEOUT_SQLSTATE = "55P03"  # PostgreSQL's lock_timeout ran out: the store is locked (not tried again)
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
LOCK_WAIT = 60.0  # seconds a run waits for another run's lock on the store (SQLite; PostgreSQL's lock_timeout)
CONNECT_WAIT = 30  # seconds a PostgreSQL server has to answer a new connection (libpq's connect_timeout), unless the URL says
BUSY_WAIT = 0.2  # seconds of one wait inside SQLite, which no signal interrupts: Ctrl-C or SIGTERM is seen between them
PROBE_KEY = "forbattra:write-check"  # the row check_writable writes and rolls back (no suggestion's key: "id:…", "t:…", "h:…")
CORRECTED = "corrected"  # a frame's column of the themes a person corrected each row to (None: none), and the store's
WRITE = "forbattra_write"  # execution option of a write transaction's connection: SQLite begins it with the write lock
OUTSIDE = "forbattra_outside"  # execution option of a connection whose statements run outside a transaction (VACUUM)


_recorded = 0  # runs recorded in this process (Store.record): an interrupt after one says the store was updated


def recorded() -> int:
    """How many runs :meth:`Store.record` committed in this process so far."""
    return _recorded


@contextlib.contextmanager
def interrupts_held():
    """Ctrl-C (SIGINT) and SIGTERM received inside the block take effect as it ends, with the handlers they
    would have had (a KeyboardInterrupt, in the command line): for steps that must not be parted, such as a
    store's commit and the renames of the outputs it records. Outside the main thread (where Python runs no
    signal handler) the block runs as it is."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if handler is not None and handler != signal.SIG_IGN:  # (None: a handler not set from Python)
            held[sig] = handler
            signal.signal(sig, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(caught):
            handler = held[sig]
            if callable(handler):
                handler(sig, None)
            else:  # SIG_DFL: what the signal would have done
                signal.raise_signal(sig)


# SQLSTATEs of PostgreSQL: disk full; a read-only transaction (a replica, default_transaction_read_only), no privilege
_FULL_SQLSTATES = {"53100"}
_READ_ONLY_SQLSTATES = {"25006", "42501"}


def _write_cause(err: BaseException) -> str | None:
    """``err_store_full`` or ``err_store_read_only`` for a driver's error that means so, else None."""
    state = getattr(err, "sqlstate", None)
    name = getattr(err, "sqlite_errorname", None) or ""  # (Python 3.11+: SQLITE_FULL, SQLITE_READONLY_…)
    text = str(err).lower()
    if state in _FULL_SQLSTATES or name == "SQLITE_FULL" or "database or disk is full" in text:
        return "err_store_full"
    if state in _READ_ONLY_SQLSTATES or name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "err_store_read_only"
    return None


def _folder_refuses(folder: Path) -> str | None:
    """Why ``folder`` takes no new file — ``err_store_folder`` (not there), ``err_store_full``,
    ``err_store_read_only`` — or None where it takes one: a new SQLite store's file, or the journal SQLite makes
    beside a store's file as it writes it, is made there."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".forbattra-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "err_store_folder"
        return {errno.ENOSPC: "err_store_full", errno.EDQUOT: "err_store_full"}.get(exc.errno, "err_store_read_only")
    return None


def is_url(location: str | Path) -> bool:
    """A database URL (``postgresql://...``, ``sqlite:///...``) rather than a file path."""
    return "://" in str(location)


# a database link written without its scheme: user[:password]@host[:port][/database][?options]
_BARE_LINK = re.compile(r"(?P<user>[^\s/\\:@]{2,})(?::(?P<password>.*))?@(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
                        r"(?::\d+)?(?:/[^/\\?]*)?(?:\?.*)?", re.S)


def _bare_link(location: str) -> re.Match | None:
    """``location`` as a database link whose ``postgresql://`` was left out (``forbattra:pw@db01:5432/forslag``), not a
    file: it has a link's shape and no folder of that name is there (a store file could not be made in it anyway)."""
    if is_url(location) or Path(location).parent.exists():
        return None
    return _BARE_LINK.fullmatch(location)


def check_location(location: str | Path) -> None:
    """Refuse a database link written without its scheme, its password masked (taken for a SQLite file in a folder
    named after the link, the error lines printed the password)."""
    if _bare_link(str(location)):
        raise StoreError.of("err_store_no_scheme", store=display_location(location))


# a password given as a parameter of the link, as libpq takes it (postgresql://forbattra@db01/x?password=…): the
# parameter's name, and its value up to the next parameter
_QUERY_SECRET = re.compile(r"([?&](?:ssl)?password=)[^&#]*", re.IGNORECASE)


def display_location(location: str | Path) -> str:
    """The location as it may be printed: a URL's password replaced by ``***`` (a link without its scheme's too),
    also one given as the link's ``password=`` parameter."""
    location = str(location)
    if not is_url(location):
        bare = _bare_link(location)
        if bare and bare["password"] is not None:
            location = location[:bare.start("password")] + "***" + location[bare.end("password"):]
        return _QUERY_SECRET.sub(r"\1***", location) if bare else location
    split = _userinfo(location)
    if split is not None:  # an unescaped "@" in the user name or password: masked as engine_url reads it
        scheme, user, password, rest = split
        shown = f"{scheme}://{user}:***@{rest}" if password is not None else location
    else:
        try:
            from sqlalchemy.engine import make_url

            shown = make_url(location).render_as_string(hide_password=True)
        except Exception:  # not even a URL: mask whatever sits between "user:" and "@"
            shown = re.sub(r"(://[^/:@]*:)[^/]*@", r"\1***@", location)
    return _QUERY_SECRET.sub(r"\1***", shown)


def _query_secrets(location: str) -> list[str]:
    """The values of a link's ``password=`` parameters, as written and as read (``%26`` is ``&``)."""
    from urllib.parse import unquote_plus

    found = [m.group(0).split("=", 1)[1] for m in _QUERY_SECRET.finditer(location)]
    return [v for raw in found for v in {raw, unquote_plus(raw)} if v]


def _netloc(location: str) -> str:
    """The part of a URL between ``://`` and the next ``/`` (user, password, host, port)."""
    rest = location.split("://", 1)[1] if "://" in location else location
    return rest.split("/", 1)[0]


def _userinfo(location: str) -> tuple[str, str, str | None, str] | None:
    """A URL whose user name or password holds an "@" not written as ``%40`` (``forbattra:Sommar@2024!@db01/x``,
    Azure's user names ``forbattra@kommun01``): its scheme, user, password (None: none) and what follows the last
    "@" — everything up to the last "@" before the host is the user and password, the first ":" parting them.
    None for a URL with one "@" or none (SQLAlchemy reads those)."""
    netloc = _netloc(location)
    if not is_url(location) or netloc.count("@") < 2:
        return None
    scheme, rest = location.split("://", 1)
    userinfo = netloc.rsplit("@", 1)[0]
    user, colon, password = userinfo.partition(":")
    return scheme, user, password if colon else None, rest[len(userinfo) + 1:]


def _password(location: str) -> str | None:
    if not is_url(location):
        return None
    split = _userinfo(location)
    if split is not None:
        return split[2] or None  # the whole password, "@" included
    try:
        from sqlalchemy.engine import make_url

        return make_url(location).password or None
    except Exception:
        return None


def engine_url(location: str):
    """The SQLAlchemy URL of a store: a path is a SQLite file; ``postgresql://`` uses psycopg (v3)."""
    from sqlalchemy.engine import make_url

    if not is_url(location):
        return make_url(f"sqlite:///{Path(location).resolve()}")
    split = _userinfo(location)
    if split is not None:  # its "@"s percent-encoded: the user and password as a whole, the host after the last "@"
        from urllib.parse import quote

        scheme, user, password, rest = split
        secret = "" if password is None else ":" + quote(password, safe="")
        location = f"{scheme}://{quote(user, safe='')}{secret}@{rest}"
    url = make_url(location)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # the driver of forbattra[postgres]
    return url


def key_for(id_value: str | None, text: str, group: str | None = None, date: str | None = None) -> str:
    """Store key of one suggestion: its id when there is one, else a hash of its normalised text with its unit
    and date ("Mer personal" from two units, or from one unit in two months, is two suggestions: one key made
    them one, and the later run replaced the earlier). A row without unit and date keeps the key of earlier
    versions (``h:``)."""
    from forbattra.scoring.text import normalise

    if id_value:
        return f"id:{id_value}"
    unit = unit_key(group)
    if not unit and not date:
        return "h:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:24]
    basis = "\0".join((normalise(text), unit, date or ""))
    return "t:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def unit_key(group: object) -> str:
    """A unit as the store compares it: case and spacing aside ("Hemtjänst  norr" is "Hemtjänst Norr")."""
    return " ".join(group.split()).casefold() if isinstance(group, str) else ""


def text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:24]


@dataclass
class RunStats:
    run_id: int
    new: int
    changed: int
    unchanged: int


def check_store(location: str) -> None:
    """A run's store checked before its input is read: a link without its scheme, a store folder not there, a
    PostgreSQL server not reached or refusing the login is its one line now, not after minutes of reading an
    export. Nothing is created or written (the run makes a new store; a SQLite store's lock it waits for then)."""
    Store(location, create=False)


def sqlite_file(url) -> Path | None:
    """The file a SQLite engine URL opens (``sqlite:///k.db``, or SQLite's own URI form ``sqlite:///file:k.db?mode=ro
    &uri=true``), or None for another database or one in memory."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    db = str(url.database)
    if db.startswith("file:"):  # (the URI form: its own query after '?', a path after 'file:')
        if str(url.query.get("mode", "")) == "memory" or "mode=memory" in db:
            return None
        db = db[len("file:"):].split("?", 1)[0]
        if db.startswith("//"):  # file://host/path or file:///path
            db = "/" + db[2:].split("/", 1)[1] if "/" in db[2:] else ""
        if not db:
            return None
    return Path(db)


def open_to_read(location: str) -> Store | None:
    """The store at ``location`` opened to be read (``trends``, a report from the store), or None where no run has
    written it yet — an empty file made ahead of the first run, a SQLite file or a database without the store's
    tables — which is left as it is: reading makes no tables (as the reader's database user, perhaps one that may
    only read), and gives a store of an older version none of the columns it lacks (:meth:`Store._migrate`)."""
    if not is_url(location):
        if not Path(location).is_file():
            return Store(location, read_only=True)  # (a folder: its one line)
        if Path(location).stat().st_size == 0:
            return None
    else:
        try:
            url = engine_url(location)
        except Exception:
            url = None  # (Store's own check says what is wrong with the link)
        if url is not None and (file := sqlite_file(url)) is not None and not file.exists():
            # a sqlite:/// link to no file: opening it would make an empty one
            raise StoreError.of("err_no_store_create", path=display_location(location))
    probe = Store(location, create=False)  # (reached, the login taken: or its one line)
    from sqlalchemy import inspect

    try:  # (a SQLite file a run is writing: waited for, as a read waits)
        present = set(probe._patiently(lambda: inspect(probe.engine).get_table_names()))
    except StoreError:
        raise
    except Exception as exc:  # driver/connection errors come in many types
        raise StoreError(probe._message("err_store_open", exc)) from None
    finally:
        probe.engine.dispose()
    # (another program's SQLite file, its own tables in it: Store says so)
    if not present & set(probe.metadata.tables) and (probe.dialect == "postgresql" or not present):
        return None
    return Store(location, read_only=True)



_DIGITS = re.compile(r"\d+")


def export_family(source: object) -> object:
    """The export a run's ``source`` (its file's path) is one night of: the path with its digits aside, so that a
    nightly job's dated files, ``export-2026-12-07.csv`` and ``export-2026-12-08.csv`` (or a dated folder), are one
    export, as the same name written again is."""
    return _DIGITS.sub("#", source) if isinstance(source, str) else source

class Store:
    """A history store at a path (SQLite file) or a database URL (SQLite or PostgreSQL)."""

    def __init__(self, location: str, *, create: bool = True, read_only: bool = False) -> None:
        """``create=False``: only checked (see :func:`check_store`), its tables neither made nor read. ``read_only``:
        opened by a command that reads it, or only erases rows from it (:func:`open_to_read`: ``trends``, ``report``,
        ``forget``): a store of an older version is read as it is, the columns it lacks as empty, not given them
        (:meth:`_migrate`; a run's ``record`` adds them)."""
        from sqlalchemy import create_engine, event

        self.location = str(location)
        self.read_only = read_only
        check_location(self.location)
        self.display = display_location(self.location)
        if not is_url(self.location):
            if Path(self.location).is_dir():  # (the folder the store is in: SQLite's "unable to open database file")
                raise StoreError.of("err_store_is_dir", store=self.display, example=Path(self.location) / "forbattra.db")
            parent = Path(self.location).resolve().parent
            if not parent.is_dir():
                raise StoreError.of("err_store_folder", store=self.display, folder=parent)
        try:
            url = engine_url(self.location)
        except Exception:
            raise StoreError.of("err_store_location", store=shorten(self.display)) from None
        self.dialect = url.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError.of("err_store_dialect", store=self.display, dialect=self.dialect)
        try:
            if self.dialect == "sqlite":
                self.engine = create_engine(url, connect_args={"timeout": BUSY_WAIT})

                @event.listens_for(self.engine, "connect")
                def _connect(dbapi_conn, _rec):  # let SQLAlchemy, not pysqlite, manage transactions
                    dbapi_conn.isolation_level = None

                @event.listens_for(self.engine, "begin")
                def _begin(conn):
                    # a write (_transaction) takes the store whole as it begins: it waits for the readers there, in
                    # _patiently's interruptible waits, not at its COMMIT after all its work (where Ctrl-C and SIGTERM
                    # are held, and where a cache spill half-way would make it start over); a read takes no write
                    # lock, so readers never wait on each other, and wait only while a write runs
                    options = conn.get_execution_options()
                    if not options.get(OUTSIDE):  # (VACUUM runs in no transaction)
                        conn.exec_driver_sql("BEGIN EXCLUSIVE" if options.get(WRITE) else "BEGIN")

                @event.listens_for(self.engine, "commit")
                def _commit(conn):  # (a write holds the store exclusively: its COMMIT waits for nobody; should
                    self._patiently(lambda: conn.exec_driver_sql("COMMIT"))  # it, it keeps the transaction, and
                    # pysqlite's own commit then has nothing to do)
            else:
                # a server that takes the connection and never answers (frozen, or a stuck pooler) waited for ever:
                # CONNECT_WAIT, then err_store_open (a URL's own ?connect_timeout= is kept)
                timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_WAIT}
                self.engine = create_engine(url, connect_args=timeout)

                @event.listens_for(self.engine, "connect")
                def _pg_connect(dbapi_conn, _rec):
                    # every lock wait of the store's sessions (the advisory write lock; a table or row another
                    # session's open transaction holds) ends after LOCK_WAIT, not never: _patiently makes it
                    # err_store_locked. Set outside a transaction, so no rollback undoes it.
                    autocommit = dbapi_conn.autocommit
                    dbapi_conn.autocommit = True
                    try:
                        dbapi_conn.execute(f"SET lock_timeout = {max(1, round(LOCK_WAIT * 1000))}")
                    finally:
                        dbapi_conn.autocommit = autocommit
        except ModuleNotFoundError as exc:
            raise StoreError.of("err_store_driver", store=self.display, driver=exc.name) from None
        except Exception as exc:
            raise StoreError(self._message("err_store_open", exc)) from None
        self._tables()
        if not create:
            if self.dialect == "postgresql":  # reached, and the login taken (a SQLite file: made or waited for by the run)
                try:
                    self.engine.connect().close()
                except Exception as exc:  # driver/connection errors come in many types
                    raise StoreError(self._message("err_store_open", exc)) from None
                finally:
                    self.engine.dispose()
            return
        file = sqlite_file(url) if self.dialect == "sqlite" else None
        if file is not None and not read_only and not file.exists():
            # a new SQLite store is made by the run's record, in its transaction, not now: a run that fails or is
            # interrupted before it (a bad output, a full disk, SIGTERM while classifying) leaves no store, not an
            # empty one that trends and report would read as a history of nothing; until then it reads as empty
            self._new = file
            self._blank = create_engine("sqlite://")
            self.metadata.create_all(self._blank)
            return
        try:
            self._patiently(self._create)
        except StoreError:
            raise
        except Exception as exc:  # driver/connection errors come in many types
            raise StoreError(self._message("err_store_open", exc)) from None

    def _message(self, key: str, exc: BaseException) -> Msg:
        """One line for a database error: first line of the driver's message, password masked; a store that cannot
        be written for a full disk or for want of the right to write (opened to create its tables, or updated): that,
        and what to do about it, in the user's language."""
        orig = getattr(exc, "orig", None) or exc
        if key in ("err_store_open", "err_store_update"):
            cause = _write_cause(orig)
            if cause:
                return Msg(cause, store=self.display)
            file = sqlite_file(self.engine.url) if self.dialect == "sqlite" and hasattr(self, "engine") else None
            if file is not None and (getattr(orig, "sqlite_errorname", "") == "SQLITE_CANTOPEN"
                                     or "unable to open database file" in str(orig)):
                # (the file may be written, its folder takes no new file: SQLite cannot make its journal there)
                cause = _folder_refuses(file.resolve().parent)
                if cause in ("err_store_full", "err_store_read_only"):
                    return Msg(cause, store=self.display)
            if self.dialect == "sqlite" and (getattr(orig, "sqlite_errorname", "").startswith("SQLITE_IOERR")
                                             or "disk I/O error" in str(orig)):
                # (SQLite says SQLITE_FULL only for ENOSPC: a quota used up, a failing disk, a share gone are this)
                return Msg(key, store=self.display, detail=Msg("err_store_cause_io"))
        if self.dialect == "sqlite" and (getattr(orig, "sqlite_errorname", "") == "SQLITE_NOTADB"
                                         or "file is not a database" in str(orig)):
            return Msg("err_store_not_db", store=self.display)  # (a workbook or export given as --store)
        if self.dialect == "sqlite" and (getattr(orig, "sqlite_errorname", "") == "SQLITE_CORRUPT"
                                         or "database disk image is malformed" in str(orig)):
            # (a file cut short or damaged: said in the user's language, with what to do, not SQLite's English)
            return Msg(key, store=self.display, detail=Msg("err_store_cause_damaged"))
        password = _password(self.location)
        secrets = _query_secrets(self.location)  # (a password given as the link's parameter)

        def masked(text: str) -> str:
            text = text.replace(self.location, self.display)
            if password:
                # with an unescaped "@" the driver splits the password and may name a part as the host
                for part in sorted({password, *(p for p in password.split("@") if len(p) >= 2)}, key=len,
                                   reverse=True):
                    text = text.replace(part, "***")
            for secret in sorted(secrets, key=len, reverse=True):
                text = text.replace(secret, "***")
            return text

        if self.dialect == "postgresql":
            cause = self._connect_cause(str(orig))
            if cause is not None:  # (its fields masked too: a name the driver quotes is never the password)
                return Msg(key, store=self.display,
                           detail=Msg(cause.key, **{k: masked(str(v)) for k, v in cause.fields.items()}))
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        detail = detail[0] if detail else type(exc).__name__
        return Msg(key, store=self.display, detail=shorten(masked(detail), 300))

    def _connect_cause(self, text: str) -> Msg | None:
        """The common reasons a PostgreSQL connection fails, read from libpq's and the server's English text, in
        the user's language (the login refused, no password, no such database or user, nobody at the host and
        port, SSL required but not offered, a host name that does not resolve, no answer in time, a setting of the link
        or its value mistyped); None for
        anything else (the driver's own line is shown then: a server set up in Swedish answers in Swedish)."""
        url = engine_url(self.location)
        host, port = url.host or "localhost", url.port or 5432
        if m := re.search(r'authentication failed for user "([^"]*)"', text):
            return Msg("err_store_cause_login", user=m.group(1))
        if "no password supplied" in text:
            return Msg("err_store_cause_no_password")
        if m := re.search(r'database "([^"]*)" does not exist', text):
            return Msg("err_store_cause_no_database", database=m.group(1))
        if m := re.search(r'role "([^"]*)" does not exist', text):
            return Msg("err_store_cause_no_role", user=m.group(1))
        if "Connection refused" in text:
            return Msg("err_store_cause_refused", host=host, port=port)
        if "does not support SSL, but SSL was required" in text:
            return Msg("err_store_cause_no_ssl")
        if m := re.search(r"failed to resolve host '([^']*)'|could not translate host name \"([^\"]*)\"", text):
            return Msg("err_store_cause_host", host=m.group(1) or m.group(2))
        if "timeout expired" in text:
            seconds = url.query.get("connect_timeout", CONNECT_WAIT)
            return Msg("err_store_cause_timeout", host=host, port=port, seconds=seconds)
        # a setting after the link's "?" mistyped: its name (libpq's words as SQLAlchemy passes it on, or as the link),
        # or its value (libpq's, or psycopg's for connect_timeout)
        if m := re.search(r'invalid connection option "(\w+)"|invalid URI query parameter: "(\w+)"', text):
            return Msg("err_store_cause_option", option=m.group(1) or m.group(2))
        if m := re.search(r'invalid (\w+) value: "([^"]*)"|bad value for (\w+): \'([^\']*)\'', text):
            return Msg("err_store_cause_value", option=m.group(1) or m.group(3), value=m.group(2) or m.group(4) or "")
        return None

    def _tables(self) -> None:
        from sqlalchemy import Column, Integer, MetaData, String, Table, Text

        self.metadata = md = MetaData()
        self.runs = Table("runs", md,
                          Column("run_id", Integer, primary_key=True, autoincrement=True),
                          Column("started_at", String(32)), Column("source", Text),
                          Column("forbattra_version", String(32)), Column("taxonomy", String(200)),
                          Column("taxonomy_hash", String(32)), Column("model_hash", String(32)),
                          Column("n_rows", Integer), Column("n_new", Integer), Column("n_changed", Integer),
                          Column("n_unchanged", Integer),
                          Column("taxonomy_ids", Text),  # "id|id|…": the run's themes, for the next run's check
                          Column("date_column", Text),  # the export's date column; "" for none (trends)
                          Column("taxonomy_source", Text))  # the taxonomy's file (a YAML or a model's), for trends
        self.suggestions = Table("suggestions", md,
                                 Column("key", String(300), primary_key=True), Column("source_id", Text),
                                 Column("text", Text), Column("text_hash", String(32)), Column("grp", Text),
                                 Column("date", String(10)), Column("themes", Text), Column("scores", Text),
                                 Column("evidence", Text), Column("status", String(16)),
                                 Column("person", Text),  # masking names in reports made from the store
                                 Column("export_row", Integer),  # its place in the export of its first run (order)
                                 # "id|id": the themes a person corrected it to (Rättat tema of last run's output or
                                 # of the export, or the corrections a model remembers), NULL for none; ``themes``
                                 # stays the sorting, reused by later runs; reports and trends count this one
                                 Column("corrected", Text),
                                 Column("taxonomy_hash", String(32)), Column("model_hash", String(32)),
                                 Column("first_run", Integer), Column("last_run", Integer),
                                 Column("updated_run", Integer))
        self.versions = Table("versions", md,
                              Column("key", String(300), primary_key=True), Column("run_id", Integer, primary_key=True),
                              Column("text_hash", String(32)), Column("text", Text), Column("themes", Text),
                              Column("scores", Text))

    def _create(self) -> None:
        """Create missing tables under the write lock; a creation race lost to another run is fine."""
        from sqlalchemy import inspect

        names = set(self.metadata.tables)
        present = set(inspect(self.engine).get_table_names())
        if names <= present:
            self._migrate()
            return
        if self.dialect == "sqlite" and present and not present & names:
            # another program's database file (a mistyped --store): not given forbattra's tables beside its own
            # (a PostgreSQL database holds other tables as a matter of course)
            raise StoreError.of("err_store_foreign", store=self.display, tables=", ".join(sorted(present)[:5]))

        def create(conn):
            self._lock(conn)
            self.metadata.create_all(conn, checkfirst=True)

        try:
            self._transaction(create)
        except Exception:
            if names <= set(inspect(self.engine).get_table_names()):
                return  # another run created them at the same moment
            raise

    # columns later versions added (TEXT unless named in _ADDED_TYPES)
    _ADDED = (("suggestions", "person"), ("runs", "taxonomy_ids"), ("runs", "date_column"), ("runs", "taxonomy_source"),
              ("suggestions", "export_row"), ("suggestions", "corrected"))
    _ADDED_TYPES = {"export_row": "INTEGER"}

    def _migrate(self, strict: bool = False) -> None:
        """Stores of earlier versions lack columns added since (``person``: forbattra 0.1; ``taxonomy_ids``,
        ``date_column``: 0.2; ``taxonomy_source``: 0.3; ``export_row``, the order of the rows; ``corrected``, a person's corrections, since): add them, NULL for earlier
        rows."""
        from sqlalchemy import inspect, text

        def missing(insp):
            return [(t, c) for t, c in self._ADDED if c not in {x["name"] for x in insp.get_columns(t)}]

        if not missing(inspect(self.engine)):
            return
        if self.read_only and not strict:  # (trends, a report, forget: a command that reads leaves the file as it
            # was; the next run that writes adds them)
            self._absent = frozenset(missing(inspect(self.engine)))
            return

        def add(conn):
            self._lock(conn)
            for table, column in missing(inspect(conn)):
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {self._ADDED_TYPES.get(column, 'TEXT')}"))

        try:
            self._transaction(add)
        except Exception:  # noqa: BLE001 - a store this run may only read (a read-only file or database user)
            if strict:
                raise
            self._absent = frozenset(missing(inspect(self.engine)))  # read as NULL; a write tries again

    _absent: frozenset = frozenset()  # (table, column) of _ADDED the store lacks and could not be given
    _new: Path | None = None  # a SQLite store's file not there yet: made by :meth:`record` (see __init__)
    _blank = None  # while _new: an empty store in memory, read in its place

    def _columns(self, table) -> list:
        """``table``'s columns to select, NULL for those the store lacks (:meth:`_migrate`)."""
        from sqlalchemy import literal

        return [literal(None).label(c.name) if (table.name, c.name) in self._absent else c for c in table.c]

    # -- transactions --------------------------------------------------------------------------
    def _lock(self, conn) -> None:
        """Serialise writers on PostgreSQL (SQLite's BEGIN EXCLUSIVE already does)."""
        if self.dialect == "postgresql":
            from sqlalchemy import text

            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})

    def _transaction(self, fn, then: Callable[[], None] | None = None):
        """Run ``fn(conn)`` in one transaction; retry it on serialisation failure, deadlock or lock. ``then``: called
        right after the commit, interrupts held from the commit until it returns (:func:`interrupts_held`)."""
        from sqlalchemy.exc import DBAPIError

        def attempts():
            delay = 0.05
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    with self.engine.connect() as conn:
                        transaction = conn.execution_options(**{WRITE: True}).begin()
                        result = fn(conn)  # (an error: the connection is closed, the transaction rolled back)
                        with interrupts_held():
                            transaction.commit()
                            if then is not None:
                                then()
                        return result
                except DBAPIError as exc:
                    if attempt == ATTEMPTS or not self._retryable(exc):
                        raise
                    time.sleep(delay * (1 + random.random()))
                    delay = min(delay * 2, 2.0)

        return self._patiently(attempts)

    def _lock_timed_out(self, exc) -> bool:
        """A PostgreSQL lock wait that ran past the session's ``lock_timeout``."""
        return self.dialect == "postgresql" and \
            getattr(getattr(exc, "orig", None), "sqlstate", None) == LOCK_TIMEOUT_SQLSTATE

    def _retryable(self, exc) -> bool:
        return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRY_SQLSTATES

    def _patiently(self, fn):
        """``fn()``, again while another run holds a SQLite store's lock ("database is locked" after a short wait
        inside SQLite), up to :data:`LOCK_WAIT` seconds in all; then ``err_store_locked``. The sleeps between the
        tries are Python's, so a Ctrl-C or SIGTERM (KeyboardInterrupt) ends the wait at once. On PostgreSQL the
        server waits, up to the session's ``lock_timeout`` (:data:`LOCK_WAIT`), and its lock timeout is
        ``err_store_locked`` too."""
        from sqlalchemy.exc import DBAPIError

        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return fn()
            except DBAPIError as exc:
                if self._lock_timed_out(exc):
                    raise StoreError.of("err_store_locked", store=self.display, seconds=round(LOCK_WAIT)) from None
                if self.dialect != "sqlite" or "locked" not in str(getattr(exc, "orig", None) or exc):
                    raise
                if time.monotonic() >= deadline:
                    key = "err_store_read_locked" if self._only_read() else "err_store_locked"
                    raise StoreError.of(key, store=self.display, seconds=round(LOCK_WAIT)) from None
            time.sleep(0.05 * (1 + random.random()))

    def _only_read(self) -> bool:
        """Whether only readers hold a SQLite store that a write could not take (a program that keeps reading it: a
        database tool, an ODBC query left open), not another run: the write lock a run holds, RESERVED, can still be
        taken beside readers alone. Taken and let go at once."""
        try:
            raw = self.engine.raw_connection()
        except Exception:
            return False
        try:
            cur = raw.cursor()
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("ROLLBACK")
            return True
        except Exception:
            return False
        finally:
            raw.close()

    def _insert(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    # -- reading -------------------------------------------------------------------------------
    def _read(self, fn):
        def read():
            with (self._blank or self.engine).connect() as conn:
                return fn(conn)

        try:
            return self._patiently(read)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(self._message("err_store_read", exc)) from None

    def keys_for(self, frame, *, ids: bool = True) -> Keys:
        """Each row's key in this store and the stored rows of those keys (:meth:`_resolve`), as the store is now;
        :meth:`record` resolves them again under the write lock (another run may have written since).

        ``ids=False``: the frame's ids are the reader's numbering, not the suggestions' own (a document's
        ``a.md#2``, which a proposal added above it changes): its rows are keyed as rows without an id are."""
        return self._read(lambda conn: self._resolve(conn, frame, ids=ids))

    def _resolve(self, conn, frame, *, ids: bool = True, full: bool = True) -> Keys:
        """A row's own key (:func:`row_keys`), except where that would merge two suggestions or count one twice:

        * ids the store holds for suggestions with another text *and* another unit, for at least half of the ids it
          knows of this export, come from another system (two exports both numbered 1, 2, 3 …): those rows are
          kept apart under their id and unit (``id:7@…``), not written over the stored ones; fewer are edits of the
          same suggestions (moved to the right unit and reworded) and stay under their ids;
        * a row whose key the store lacks is looked for by its content among the stored rows no other row of the
          export has: the same text, unit and date (a unit or date missing on either side matches any) — a
          re-export without its id column finds the rows stored under their ids, a store of an earlier version
          the rows under its keys (a text's hash alone), an export that gained or lost its unit or date column its
          rows; and where at least half of the export's texts are in the store already (a cumulative re-export),
          the same text alone, the same unit or date first: a unit renamed or a date corrected is a change, not a
          new suggestion. A row with an id finds only rows stored without one (ids decide where both have them).

        ``full=False``: for the keys alone (:meth:`record`, under the write lock), the stored rows read with only
        the columns that decide a key (:data:`_KEY_COLUMNS`), not their texts, scores and evidence.
        """
        from sqlalchemy import literal, select

        from forbattra.record import DATE, GROUP, ID, PERSON, TEXT

        s = self.suggestions
        # (a nightly run of an unchanged 100,000-row export read every stored text, score and evidence twice, the
        # second time under the write lock only for the keys: 100 MB more and seconds longer holding the lock)
        cols = self._columns(s) if full else [c for c in self._columns(s) if c.name in _KEY_COLUMNS]

        def lookup(keys: list[str]) -> dict[str, dict]:
            out: dict[str, dict] = {}
            for i in range(0, len(keys), 500):
                for row in conn.execute(select(*cols).where(s.c.key.in_(keys[i:i + 500]))).mappings():
                    out[row["key"]] = dict(row)
            return out

        keys = row_keys(frame, ids=ids)
        known = lookup(keys)
        n = len(frame)
        texts = list(frame[TEXT])
        hashes = [text_hash(t or "") for t in texts]
        units = [unit_key(g) for g in (frame[GROUP] if GROUP in frame.columns else [None] * n)]
        dates = [d if isinstance(d, str) and d else None for d in (frame[DATE] if DATE in frame.columns else [None] * n)]
        ids = list(frame[ID]) if ids else [None] * n
        # a suggestion a migration renumbered (renumbered(), below) keeps its first id's key, its new id stored as its
        # source_id: found by that id on later nights too, as by its own key (not again by the export as a whole, which
        # a rolling export's new suggestions outgrow, each old one then stored a second time)
        unknown = {str(ids[i]): i for i, k in enumerate(keys) if ids[i] and k == f"id:{ids[i]}" and k not in known}
        via_source: set[int] = set()
        if unknown:
            own = set(keys)
            by_source: dict[str, list[dict]] = {}
            extra = [] if any(c.name == "source_id" for c in cols) else [s.c.source_id]
            # (one pass over the rows stored under another id's key than their own, few: no look-up per new id, which
            # an export of 100,000 new suggestions would make 200 passes over the whole store)
            for row in conn.execute(select(*cols, *extra).where(
                    s.c.key.like("id:%") & (s.c.key != literal("id:") + s.c.source_id))).mappings():
                if row["source_id"] in unknown and row["key"] not in own:  # (a key of this export's own: that row's)
                    by_source.setdefault(row["source_id"], []).append(dict(row))
            for sid, rows in sorted(by_source.items()):
                if len(rows) == 1:
                    i = unknown[sid]
                    keys[i] = rows[0]["key"]
                    known[keys[i]] = rows[0]
                    own.add(keys[i])
                    via_source.add(i)
        # ids of another system: the stored row has neither this text nor this unit, for half the ids known or more
        found_ids = [i for i, k in enumerate(keys) if k.startswith("id:") and k in known and i not in via_source]
        other = [i for i in found_ids if known[keys[i]]["text_hash"] != hashes[i]
                 and unit_key(known[keys[i]]["grp"]) != units[i]]
        # a store that holds two systems' ids already (keys "id:7@…"): every id whose stored row has another text
        # and another unit is the other system's, however few (its new ids beyond the other's range)
        differ = [i for i in found_ids if known[keys[i]]["text_hash"] != hashes[i]
                  or unit_key(known[keys[i]]["grp"]) != units[i]]
        shared = bool(differ) and conn.execute(
            select(s.c.key).where(s.c.key.like("id:%@%")).limit(1)).first() is not None
        foreign = bool(other) and 2 * len(other) >= len(found_ids)  # this export as a whole: another system's ids
        if foreign or shared:
            alt = {i: f"{keys[i]}@{hashlib.sha256(units[i].encode('utf-8')).hexdigest()[:12]}" for i in differ}
            had = lookup(sorted(set(alt.values())))
            if not foreign:
                # not this export as a whole: a row kept apart before stays so, a new clash of text and unit is
                # kept apart, and the rest are edits of the stored rows
                both = set(other)
                alt = {i: k for i, k in alt.items() if k in had or i in both}
            # (another system's export: each of its rows that differs from the stored one at all is its own; the
            # same id in the same unit with another text is that system's too)
            known.update(had)
            for i, k in alt.items():
                keys[i] = k
        else:
            alt, had = {}, {}
        # an empty row without an id (a blank line, a total row) is keyed by its unit, date and place among the
        # export's empty rows alone: the same row again in a re-export, but no evidence that the export is one, and
        # in an export of new suggestions another export's empty rows are not its own (they were counted once)
        blank = {i for i in range(n) if not (isinstance(texts[i], str) and texts[i].strip())
                 and not keys[i].startswith("id:")}
        reexport = True
        claimed = {k for k in keys if k in known}
        missing = [i for i, k in enumerate(keys) if k not in known]
        matched = strict = renamed = edited = moved = 0
        if missing:
            wanted = sorted({hashes[i] for i in missing})
            by_hash: dict[str, list[dict]] = {}
            for j in range(0, len(wanted), 500):
                for row in conn.execute(select(*cols).where(s.c.text_hash.in_(wanted[j:j + 500]))).mappings():
                    by_hash.setdefault(row["text_hash"], []).append(dict(row))
            for rows in by_hash.values():
                rows.sort(key=lambda r: r["key"])

            def free(i: int, row: dict) -> bool:
                return row["key"] not in claimed and not (ids[i] and row["key"].startswith("id:"))

            def same_place(i: int, row: dict) -> bool:
                return row["key"] not in claimed and row["key"].startswith("id:") \
                    and unit_key(row["grp"]) == units[i] and row["date"] == dates[i]

            # an export none of whose ids the store knows, most of its rows (two or more) the text, unit and date of a
            # suggestion stored under an id no row of it has: the same suggestions under the ids of a new system
            # (a migration that numbers them anew, 2026-0001 for F-1000), not as many new ones beside them
            hits = 0 if found_ids or alt else sum(1 for i in missing if ids[i] and i not in blank and any(
                same_place(i, r) for r in by_hash.get(hashes[i], ())))
            migrated = hits >= 2 and 2 * hits >= n - len(blank)

            def renumbered(i: int, row: dict) -> bool:
                # a row of another system's ids (its id held for another suggestion, or, in such an export or one
                # migrated, an id the store lacks) stored under another id with the same text, unit and date: the same
                # suggestion renumbered (a system migration numbering 1, 2, 3 … again, or anew)
                return (i in alt or (foreign or migrated) and bool(ids[i])) and same_place(i, row)

            def take(i: int, row: dict) -> None:
                nonlocal matched
                keys[i] = row["key"]
                known[row["key"]] = row
                claimed.add(row["key"])
                matched += 1

            left = []

            def same_row(rows: list[int]) -> None:
                for i in rows:  # the same text, unit and date (either side may lack a unit or a date)
                    for row in by_hash.get(hashes[i], ()):
                        ru = unit_key(row["grp"])
                        if renumbered(i, row) or free(i, row) and (ru == units[i] or not ru or not units[i]) \
                                and (not row["date"] or not dates[i] or row["date"] == dates[i]):
                            take(i, row)
                            break
                    else:
                        left.append(i)

            same_row([i for i in missing if i not in blank])
            # a re-export holds mostly rows the store has (by key, or by text, unit and date): there the same text
            # alone is that suggestion with its date or unit changed; in an export of new suggestions it is another
            # suggestion ("Mer personal" from another unit, or again in another month)
            # ... measured against the export's rows with a text (its empty rows tell nothing), or against the last
            # run's rows (a growing cumulative export)
            last_n = conn.execute(select(self.runs.c.n_rows).order_by(self.runs.c.run_id.desc()).limit(1)).scalar()
            found_n = sum(1 for i in range(n) if i not in blank and keys[i] in known)
            reexport = 2 * found_n >= n - len(blank) or bool(last_n and 2 * found_n >= last_n)
            if reexport:  # its empty rows are found as its other rows are
                same_row([i for i in missing if i in blank])
            strict = matched
            if reexport:  # the same text, its date, then unit changed
                for fits in (lambda i, r: unit_key(r["grp"]) == units[i], lambda i, r: r["date"] == dates[i],
                             lambda i, r: True):
                    rest = []
                    for i in left:
                        row = next((r for r in by_hash.get(hashes[i], ()) if free(i, r) and fits(i, r)), None)
                        if row is None:
                            rest.append(i)
                        else:
                            take(i, row)
                    left = rest
                # a text edited in the source system (a typo fixed) in an export without ids: the one stored row of
                # its unit and date that no row of the export has, with almost the same text, is that suggestion;
                # only on a day (a month-only date, 2024-03, is a month of asks) and by the same writer where both
                # name one (a colleague's near-identical ask that day is a suggestion of its own); in an export
                # renumbered by a migration, a stored row of the old ids too, as renumbered() takes an exact text
                persons = [_person_key(p) for p in (frame[PERSON] if PERSON in frame.columns else [None] * n)]

                def same_writer(i: int, row: dict) -> bool:
                    stored = _person_key(row.get("person"))
                    return not persons[i] or not stored or persons[i] == stored

                dated = sorted({dates[i] for i in left if dates[i] and len(dates[i]) == 10})
                near: dict[tuple[str, str], list[dict]] = {}  # (day, unit) → its stored rows, in key order
                for j in range(0, len(dated), 500):
                    for row in conn.execute(select(*self._columns(s)).where(s.c.date.in_(dated[j:j + 500]))).mappings():
                        near.setdefault((row["date"], unit_key(row["grp"])), []).append(dict(row))
                for rows in near.values():
                    rows.sort(key=lambda r: r["key"])
                alike = _Edited()
                rest = []
                for i in left:
                    like = [r for r in near.get((dates[i] or "", units[i]), ())
                            if (free(i, r) or renumbered(i, r)) and same_writer(i, r) and alike(texts[i] or "", r)]
                    if len(like) == 1:
                        take(i, like[0])
                        edited += 1
                    else:
                        rest.append(i)
                left = rest
            # a unit renamed in an export without ids whose rows are mostly that unit's (too few found for the
            # re-export rule above): the rows left whose text and date one stored suggestion of a unit the export no
            # longer names has — two or more, all of that unit under one new name, as renamed_units tells a rename —
            # are those suggestions under the unit's new name, not new ones (each counted twice); renamed_units says it
            named = set(units) - {""}
            moving: dict[str, dict[str, list[tuple[int, dict]]]] = {}
            for i in left:
                gone = [r for r in by_hash.get(hashes[i], ()) if dates[i] and units[i] and free(i, r)
                        and r["date"] == dates[i] and unit_key(r["grp"]) and unit_key(r["grp"]) not in named]
                if len(gone) == 1:
                    moving.setdefault(unit_key(gone[0]["grp"]), {}).setdefault(units[i], []).append((i, gone[0]))
            for to in moving.values():
                pairs = next(iter(to.values()))
                if len(to) == 1 and len(pairs) >= 2 and len({r["key"] for _i, r in pairs}) == len(pairs):
                    for i, row in pairs:
                        take(i, row)
                        moved += 1
            left = [i for i in left if keys[i] not in known]
            # the unit column switched as a whole (another column read as the unit, -g Förvaltning; its units spelt
            # anew): where most of the export's rows, two or more, have the text and date (or, in an export without a
            # date column, the text) of one stored suggestion each of a unit the export no longer names, those rows
            # are those suggestions, also the one suggestion of its unit, which the rule above leaves new: a re-run
            # of the same texts counted each such unit's suggestion twice (one such row amid rows found under their
            # own units stays new: an edit, or another unit's ask)
            single: dict[int, dict] = {}
            for i in left:
                gone = [r for r in by_hash.get(hashes[i], ()) if units[i] and free(i, r) and r["date"] == dates[i]
                        and unit_key(r["grp"]) and unit_key(r["grp"]) not in named]
                if len(gone) == 1:
                    single[i] = gone[0]
            if single and moved + len(single) >= 2 and 2 * (moved + len(single)) >= n - len(blank):
                for i, row in single.items():
                    if row["key"] not in claimed:
                        take(i, row)
                        moved += 1
                left = [i for i in left if keys[i] not in known]
            # rows left new that have a stored row's text and date in another unit: said (a renamed unit in an
            # export of new suggestions, or the same ask from another unit the same day; they are counted as new)
            renamed = sum(1 for i in left if dates[i] and any(
                free(i, r) and r["date"] == dates[i] and unit_key(r["grp"]) != units[i] for r in by_hash.get(hashes[i], ())))
        if not reexport:  # an export of new suggestions: its empty rows are new ones, under keys the store lacks
            taken = set(keys)
            stored: dict[str, set] = {}  # the store's keys of each base, read once per base
            next_m: dict[str, int] = {}  # the next number to try for each base (one pass, however many empty rows)
            for i in sorted(i for i in blank if keys[i] in known):
                base = keys[i].split("#")[0]
                if base not in stored:
                    stored[base] = {row.key for row in conn.execute(
                        select(s.c.key).where((s.c.key == base) | s.c.key.like(base + "#%")))}
                m = next_m.get(base, 2)
                while f"{base}#{m}" in taken or f"{base}#{m}" in stored[base]:
                    m += 1
                keys[i] = f"{base}#{m}"
                taken.add(keys[i])
                next_m[base] = m + 1
        # kept apart: another system's rows the store lacks (one kept apart in an earlier run was said then)
        apart = sum(keys[i] == k and k not in had for i, k in alt.items())
        return Keys(keys, known, apart, strict, matched - strict - edited - moved, renamed, edited)

    def renamed_units(self, frame, found: Keys) -> list[tuple[str, str, int, int]]:
        """Units this export seems to name anew, with stored suggestions left under the old name: ``(old, new,
        moved, left)`` for each unit the export no longer names whose stored suggestions in the export (at least
        two) all stand under one other unit now — 'Hemtjänst Norr' become 'Hemtjänsten Norr' — while ``left``
        stored suggestions the export does not hold (a rolling export's older months) are under the old name (which
        :meth:`record` given these ``renames`` moves to the new one). One suggestion moved, or moved while its unit
        goes on, is an edit, not a rename."""
        from sqlalchemy import func, select

        from forbattra.record import GROUP

        if GROUP not in frame.columns:
            return []
        named = {unit_key(g) for g in frame[GROUP]} - {""}
        moved: dict[str, dict[str, int]] = {}
        spelt: dict[str, str] = {}
        for key, grp in zip(found.keys, frame[GROUP]):
            row = found.known.get(key)
            if row is None:  # a new suggestion
                continue
            old, new = unit_key(row["grp"]), unit_key(grp)
            if old and new and old != new and old not in named:
                moved.setdefault(old, {})
                moved[old][new] = moved[old].get(new, 0) + 1
                spelt.setdefault(old, " ".join(row["grp"].split()))
                spelt.setdefault(new, " ".join(grp.split()))
        renames = {old: next(iter(to.items())) for old, to in moved.items() if len(to) == 1 and sum(to.values()) >= 2}
        if not renames:
            return []
        s = self.suggestions
        stored = self._read(lambda conn: list(conn.execute(select(s.c.grp, func.count()).group_by(s.c.grp))))
        out = []
        for old, (new, n) in sorted(renames.items()):
            left = sum(count for grp, count in stored if unit_key(grp) == old) - n
            if left > 0:
                out.append((spelt[old], spelt[new], n, left))
        return out

    @staticmethod
    def units_moved(frame, found: Keys) -> tuple[int, int] | None:
        """``(moved, of)`` where most of the stored suggestions in this export (``of``: those under a unit in the store
        and in the export) stand under another unit now, and not as a unit renamed — 'Hemtjänst Norr', no longer named,
        whose suggestions all stand under one new name that no other unit's do —: several units under one name, one
        unit under several; what another column read as the unit makes of them (an export's 'Enhet' renamed,
        'Förvaltning' read instead). None where fewer than two, or not most, moved so."""
        from forbattra.record import GROUP

        if GROUP not in frame.columns:
            return None
        named = {unit_key(g) for g in frame[GROUP]} - {""}
        pairs: list[tuple[str, str]] = []  # (stored unit, unit now) of each stored suggestion under a unit in both
        for key, grp in zip(found.keys, frame[GROUP]):
            row = found.known.get(key)
            old, new = unit_key(row["grp"]) if row is not None else "", unit_key(grp)
            if old and new:
                pairs.append((old, new))
        to: dict[str, set[str]] = {}
        came: dict[str, set[str]] = {}
        for old, new in pairs:
            to.setdefault(old, set()).add(new)
            came.setdefault(new, set()).add(old)
        moved = sum(old != new and not (old not in named and len(to[old]) == 1 and came[new] == {old})
                    for old, new in pairs)
        return (moved, len(pairs)) if moved >= 2 and 2 * moved > len(pairs) else None

    def not_in_latest_export(self, frame) -> tuple[str, dict] | None:
        """Stored suggestions (:meth:`frame`'s rows) the latest run's export did not hold though it would have: the
        message key and fields that say how many (``store_not_in_export``, ``store_not_in_undated_export``), or None
        where there are none or it cannot be told. Removed in the source system or filtered out of the export, they
        still count (their periods' history is not rewritten, and an export filtered for one night must not empty the
        store's reports); this says so. Told only of a re-export (most of its rows stored already: a rolling or
        cumulative one, not an export of new suggestions, which holds none of the earlier ones), of suggestions last
        read from the same export (another export into one store holds other suggestions), and, where it has a date
        column, of those dated within its first and last date (those before rolled out of a rolling export)."""
        from sqlalchemy import select

        from forbattra.record import DATE, ID, TEXT

        last = next(iter(self.last_runs(1)), None)
        if last is None or not len(frame) or "last_run" not in frame:
            return None
        found = (last.get("n_changed") or 0) + (last.get("n_unchanged") or 0)
        if 2 * found < (last.get("n_rows") or 0):  # new suggestions mostly: an export of new suggestions
            return None
        runs = self.runs
        sources = dict(self._read(lambda conn: [tuple(r) for r in conn.execute(select(runs.c.run_id, runs.c.source))]))
        run = last["run_id"]
        # (an empty row is no suggestion lacked: keyed by its place among the empty rows alone, a re-export's empty
        # rows may be found under another export's keys; nor is an earlier version's total row, stored as the
        # suggestion of id Summa, which the export still holds as its total row, now read as an empty row: the
        # warning of stored_total_rows names it, counted, with the way out)
        family = export_family(last["source"])
        earlier = [(d, r) for d, r, st, i, t in zip(frame[DATE], frame["last_run"], frame["status"], frame[ID],
                                                    frame[TEXT])
                   if r != run and export_family(sources.get(r)) == family and st != "empty"
                   and not is_stored_total(i, t)]
        fields = {"source": last["source"]}
        if not last.get("date_column"):  # (a run of a version that did not record it: None, not told)
            if last.get("date_column") is None:
                return None
            return ("store_not_in_undated_export", {"n": len(earlier), **fields}) if earlier else None
        held = sorted(d for d, r in zip(frame[DATE], frame["last_run"]) if r == run and d)
        if not held:
            return None
        first, end = held[0], held[-1]
        n = sum(1 for d, _r in earlier if d and first <= d <= end)
        # (an export of one day's suggestions: that day, not a span from it to itself)
        span = first if first == end else f"{first} – {end}"
        return ("store_not_in_export", {"n": n, "first": first, "last": end, "span": span, **fields}) if n else None

    def has_id_keys(self) -> bool:
        """Whether suggestions are stored under an id (``id:…``), not only under a content hash."""
        from sqlalchemy import select

        s = self.suggestions
        return self._read(lambda conn: conn.execute(
            select(s.c.key).where(s.c.key.like("id:%")).limit(1)).first() is not None)

    def last_runs(self, n: int = 2) -> list[dict]:
        from sqlalchemy import select

        return self._read(lambda conn: [dict(r) for r in conn.execute(
            select(*self._columns(self.runs)).order_by(self.runs.c.run_id.desc()).limit(n)).mappings()])

    def runs_read(self) -> tuple[int, int]:
        """The runs recorded and the rows they read, together: where they read rows and the store holds none now,
        ``forget`` erased every suggestion (every row a run reads is stored, an empty one too)."""
        from sqlalchemy import func, select

        r = self.runs
        runs, rows = self._read(lambda conn: conn.execute(
            select(func.count(), func.coalesce(func.sum(r.c.n_rows), 0))).one())
        return int(runs), int(rows)

    def frame(self):
        """All stored suggestions in the shape of ``run_classify(...).frame``, in the order they were read: run by
        run, each run's new suggestions in its export's order (:func:`stored_order`)."""
        from sqlalchemy import select

        s = self.suggestions

        def read(conn):
            rows = stored_order([dict(r) for r in conn.execute(select(*self._columns(s)).order_by(s.c.first_run, s.c.key)).mappings()])
            runs = list(conn.execute(select(*self._columns(self.runs))))
            run_dates = {r.run_id: run_day(r.started_at) for r in runs}
            # whether the run's export had a date column (None: a run of a version that did not record it)
            run_dated = {r.run_id: (None if r.date_column is None else bool(r.date_column)) for r in runs}
            return rows, run_dates, run_dated

        return stored_frame(*self._read(read))

    # -- writing -------------------------------------------------------------------------------
    def check_writable(self) -> None:
        """Fail now, with :meth:`record`'s one line, where this store cannot be written (a read-only file or folder, a
        replica, a database user without the right to write, a full disk) — ``classify --store`` asks before it
        classifies, not after minutes of classifying for nothing. A row is written into ``versions`` and rolled
        back (no sequence is drawn: no run number is used up), without the write lock: a store another run is
        writing now is being written, and :meth:`record` waits for that run as before."""
        from sqlalchemy.exc import DBAPIError

        if self._new is not None:  # (no file yet: its folder must take one, which record makes there)
            folder = self._new.resolve().parent
            cause = _folder_refuses(folder)
            if cause == "err_store_folder":  # (a sqlite:/// link into a folder not there)
                raise StoreError.of(cause, store=self.display, folder=folder)
            if cause:
                raise StoreError.of(cause, store=self.display)
            return
        try:
            with self.engine.connect() as conn:
                transaction = conn.begin()
                try:
                    conn.execute(self.versions.insert().values(key=PROBE_KEY, run_id=0))
                finally:
                    transaction.rollback()
        except DBAPIError as exc:
            if self._lock_timed_out(exc) or self.dialect == "sqlite" and "locked" in str(getattr(exc, "orig", None) or exc):
                return  # (locked by another session: being written; record waits for it, and says so)
            raise StoreError(self._message("err_store_update", exc)) from None
        except Exception as exc:
            raise StoreError(self._message("err_store_update", exc)) from None

    def record(self, frame, *, source: str, taxonomy: str, taxonomy_hash: str,
               model_hash: str, taxonomy_ids: Sequence[str] = (), date_column: str | None = None,
               taxonomy_source: str | None = None, ids: bool = True, absent: Collection[str] = (),
               renames: Sequence[tuple[str, str]] = (),
               same_taxonomy: Callable[[dict], bool] | None = None, then: Callable[[], None] | None = None) -> RunStats:
        """Record one run and its suggestions in a single (retried) transaction (``taxonomy_source``: the
        taxonomy's YAML file, absolute, when it is not a built-in one, so that ``trends`` and ``report``
        read the store with it; ``ids``: as for :meth:`keys_for`, the ids still stored as the rows' ids).

        ``absent``: the roles (``grp``, ``date``, ``person``) the export has no column for. A stored suggestion keeps
        what the store knows of them — an export without its name column does not erase the names a report from
        the store masks, nor one without its date column move dated suggestions to *utan datum* — and is not
        changed by that alone; a cell emptied in a column the export has is a change, as before.

        A ``corrected`` column of ``frame`` (theme ids, or None) holds the themes a person corrected a row to (*Rättat
        tema*): stored beside the sorting, which later runs reuse, and counted by reports and ``trends`` instead of it
        (:func:`stored_frame`); a correction typed or taken away alone changes no suggestion (not counted as changed).

        ``renames``: ``(old, new)`` units this export names anew (:meth:`renamed_units`): the stored suggestions
        it does not hold (a rolling export's older months) move from the old name to the new one too, so that one
        unit counts once in breadth, under the name its latest suggestions have.

        ``same_taxonomy``: whether the store's latest run sorted with themes this run has, asked under the write
        lock (a run with another taxonomy may have written since the caller looked): if not, the
        :func:`taxonomy_refused` error and nothing is written.

        ``then``: called as soon as the transaction has committed, with Ctrl-C and SIGTERM held until it returns
        (``classify --store`` renames its outputs into place there, so that an interrupt parts neither)."""
        from sqlalchemy import bindparam, select, update

        from forbattra import __version__
        from forbattra.record import DATE, GROUP, ID, PERSON, TEXT

        if self._absent:  # opened for reading only: a write needs the columns, or fails with the reason
            try:
                self._migrate(strict=True)
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(self._message("err_store_update", exc)) from None
            self._absent = frozenset()
        # the run's time where it runs, with its offset: the instant, whose day in Sweden (run_day) is the period an
        # undated export's suggestions are counted in (a nightly job at 00:30 on the 1st in Sweden is 23:30 the
        # day before in UTC: its suggestions would land in the month before)
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        s = self.suggestions
        base = []
        persons = frame[PERSON] if PERSON in frame.columns else [None] * len(frame)
        fixes = frame[CORRECTED] if CORRECTED in frame.columns else [None] * len(frame)
        for n, (id_, text, grp, date, themes, scores, evidence, status, person, fix) in enumerate(zip(
                frame[ID], frame[TEXT], frame[GROUP], frame[DATE], frame["themes"], frame["scores"],
                frame["evidence"], frame["status"], persons, fixes), start=1):
            base.append({"source_id": id_, "text": text, "text_hash": text_hash(text), "grp": grp, "export_row": n,
                         "person": person if isinstance(person, str) and person else None,
                         "corrected": "|".join(fix) if isinstance(fix, (list, tuple)) and fix else None,
                         "date": date, "themes": "|".join(themes),
                         "scores": json.dumps(scores, ensure_ascii=False, sort_keys=True),
                         "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True), "status": status,
                         "taxonomy_hash": taxonomy_hash, "model_hash": model_hash})

        def write(conn) -> RunStats:
            self._lock(conn)  # one writer at a time: the counts below see every earlier run
            if self._new is not None:  # a new store's tables, in this transaction (another run may have made them)
                self.metadata.create_all(conn, checkfirst=True)
            if same_taxonomy is not None:
                last = conn.execute(select(*self._columns(self.runs)).order_by(self.runs.c.run_id.desc())
                                    .limit(1)).mappings().first()
                if last is not None and not same_taxonomy(dict(last)):
                    raise taxonomy_refused(dict(last), self.display, taxonomy, taxonomy_ids)
            # the rows' keys as the store is now, under the lock: a run beside this one may have stored them since
            keys = self._resolve(conn, frame, ids=ids, full=False).keys
            recs = [{"key": k, **b} for k, b in zip(keys, base)]
            run_id = conn.execute(self.runs.insert().values(
                started_at=now, source=source, forbattra_version=__version__, taxonomy=taxonomy,
                taxonomy_hash=taxonomy_hash, model_hash=model_hash, n_rows=len(frame),
                taxonomy_ids="|".join(taxonomy_ids) or None, date_column=date_column or "",
                taxonomy_source=taxonomy_source)).inserted_primary_key[0]
            existing: dict[str, tuple] = {}
            decided: dict[str, tuple] = {}  # the taxonomy and model (decision) hashes each stored row was sorted with
            numbered: dict[str, str | None] = {}  # the id each stored row had in its export
            fixed: dict[str, str | None] = {}  # the themes each stored row was corrected to
            for i in range(0, len(keys), 500):
                batch = keys[i:i + 500]
                for row in conn.execute(select(s.c.key, s.c.text_hash, s.c.themes, s.c.grp, s.c.date, s.c.person,
                                               s.c.taxonomy_hash, s.c.model_hash, s.c.source_id, s.c.corrected)
                                        .where(s.c.key.in_(batch))):
                    existing[row.key] = (row.text_hash, row.themes, row.grp, row.date, row.person)
                    decided[row.key] = (row.taxonomy_hash, row.model_hash)
                    numbered[row.key] = row.source_id
                    fixed[row.key] = row.corrected
            upserts, touched, versions, rehashed, refixed = [], [], [], [], []
            n_new = n_changed = 0
            kept = [(role, i) for role, i in (("grp", 2), ("date", 3), ("person", 4)) if role in absent]
            for rec in recs:
                key = rec["key"]
                old = existing.get(key)
                if old is not None and kept:  # (what this export cannot say, as the store has it)
                    rec.update({role: old[i] for role, i in kept})
                now_is = (rec["text_hash"], rec["themes"], rec["grp"], rec["date"], rec["person"])
                # a new id is a change too where both exports had the suggestions' own ids (a system that numbered
                # them anew), not an export without its id column, nor a document's places (a.docx#2)
                renumbered = ids and bool(rec["source_id"]) and bool(numbered.get(key)) \
                    and rec["source_id"] != numbered[key]
                if old is not None and old == now_is and not renumbered:  # a new unit, date or person is a change too
                    touched.append({"b_key": key})
                    if decided.get(key) != (taxonomy_hash, model_hash):
                        # the same themes from another model or threshold: recorded, so the next run reuses it
                        rehashed.append({"b_key": key, "b_th": taxonomy_hash, "b_mh": model_hash})
                    if fixed.get(key) != rec["corrected"]:  # a correction typed, changed or taken away: the
                        # suggestion is as it was (not counted as changed), the themes it counts with are not
                        refixed.append({"b_key": key, "b_fix": rec["corrected"]})
                        fixed[key] = rec["corrected"]
                    continue
                if old is None:
                    n_new += 1
                else:
                    n_changed += 1
                upserts.append({**rec, "first_run": run_id, "last_run": run_id, "updated_run": run_id})
                versions.append({"key": key, "run_id": run_id, "text_hash": rec["text_hash"], "text": rec["text"],
                                 "themes": rec["themes"], "scores": rec["scores"]})
                existing[key], numbered[key] = now_is, rec["source_id"]
            if upserts:
                ins = self._insert(s)
                # a row inserted by an earlier run keeps its first run and its place in that run's export
                keep = {"key", "first_run", "export_row"}
                conn.execute(ins.on_conflict_do_update(
                    index_elements=[s.c.key], set_={c.name: ins.excluded[c.name] for c in s.columns if c.name not in keep}),
                    upserts)
            if touched:
                conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(last_run=run_id), touched)
            if rehashed:
                conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(
                    taxonomy_hash=bindparam("b_th"), model_hash=bindparam("b_mh")), rehashed)
            if renames:  # the suggestions this export does not hold, under a unit it names anew: the new name
                to = {unit_key(old): new for old, new in renames}
                moves = [{"b_key": row.key, "b_grp": to[unit_key(row.grp)]} for row in conn.execute(
                    select(s.c.key, s.c.grp).where(s.c.last_run != run_id, s.c.grp.is_not(None)))
                    if unit_key(row.grp) in to]
                if moves:
                    conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(grp=bindparam("b_grp")), moves)
            if refixed:
                conn.execute(update(s).where(s.c.key == bindparam("b_key")).values(corrected=bindparam("b_fix")),
                             refixed)
            if versions:
                conn.execute(self._insert(self.versions).on_conflict_do_nothing(
                    index_elements=[self.versions.c.key, self.versions.c.run_id]), versions)
            conn.execute(update(self.runs).where(self.runs.c.run_id == run_id).values(
                n_new=n_new, n_changed=n_changed, n_unchanged=len(touched)))
            return RunStats(run_id, n_new, n_changed, len(touched))

        def committed() -> None:
            global _recorded
            _recorded += 1
            self._new = self._blank = None  # (the store is there now: read as it is)
            if then is not None:
                then()

        try:
            try:
                return self._transaction(write, then=committed)
            except ForbattraError:
                raise
            except Exception as exc:
                raise StoreError(self._message("err_store_update", exc)) from None
        except BaseException:  # (a full disk, a store error, Ctrl-C or SIGTERM while waiting or writing)
            self._unmake_new()
            raise

    def _unmake_new(self) -> None:
        """After a first record that did not commit: the new SQLite store's file removed again. SQLite makes the
        file as the run's connection opens it, empty, and fills it only at the commit, so a first run stopped by a
        full disk (or an interrupt) left a 0-byte store behind — which the error line said was as before, and which
        ``trends`` and ``report`` read as a history of nothing. Removed only while it is still empty and no other run
        holds it (an exclusive lock taken without waiting: a first run beside this one that is writing it keeps it;
        one that opened it and writes after it is gone gets an error from SQLite, not a store nobody sees). The lock is
        taken with the journal in memory: on an empty file SQLite writes a journal to take it, which a disk full to its
        last byte refuses — the lock not had, the file stayed."""
        import sqlite3

        if self._new is None:
            return
        self.engine.dispose()  # (this run's own connections closed, the file's locks let go)
        file = self._new.resolve()  # (a link to a store not made yet: the file made there, the link kept)
        try:
            if file.stat().st_size:
                return
            con = sqlite3.connect(f"{file.as_uri()}?mode=rw", uri=True, timeout=0, isolation_level=None)
        except (OSError, sqlite3.Error):
            return
        try:
            con.execute("PRAGMA journal_mode = MEMORY")  # (this connection's only: nothing of it is written)
            con.execute("BEGIN EXCLUSIVE")
            if file.stat().st_size == 0:
                Path(f"{file}-journal").unlink(missing_ok=True)
                file.unlink()
            con.execute("ROLLBACK")
        except (OSError, sqlite3.Error):
            pass
        finally:
            con.close()


    # -- erasing -------------------------------------------------------------------------------
    def forget(self, ids: Sequence[str], *, texts: Sequence[str] = (), dry_run: bool = False) -> Forgotten:
        """Erase every stored suggestion of the given ids, across all runs: its row (text, unit, date, name, themes,
        correction) and every earlier version of its text, in one transaction (``forbattra forget``). A suggestion
        is its id's where the store holds it under that id (``id:7``) or last read it with that id: one found by its
        text, one kept apart as another system's (``id:7@…``), a second row of the id in one export (``id:7#2``) —
        never one whose own id merely begins so (``7#2``, ``7@b``), unless a later export without ids left such a
        row without the id it was read with.
        ``texts``: the suggestions whose text, now or in an earlier version, is one of these (case and spacing
        aside, as the store keys a text) are erased too — those of a store whose exports had no id column.

        On SQLite the deleted content is overwritten as it is deleted (``PRAGMA secure_delete``) and the file is
        rebuilt afterwards (``VACUUM``), so that no copy of an erased text stays in its free space (earlier runs
        rewrote rows and left their old bytes there); should that rebuild fail, the suggestions are erased all the
        same and the error says so (running the command again rebuilds it). ``dry_run``: only counted, under no
        write lock. The runs' own records (when, which export, how many rows) are kept."""
        from sqlalchemy import and_, delete, func, or_, select

        from forbattra.scoring.text import normalise

        wanted = list(dict.fromkeys(i.strip() for i in ids if isinstance(i, str) and i.strip()))
        folded: dict[str, list[int]] = {}  # a text as the store keys it → the numbers (1, 2 …) of the texts given
        for n, given in enumerate(texts, start=1):
            if normalise(given):
                folded.setdefault(normalise(given), []).append(n)
        s, v = self.suggestions, self.versions

        def by_text(conn) -> tuple[list[str], list[int]]:
            """The keys of the stored suggestions with one of ``texts``, now or in a version; the texts none has."""
            keys: set[str] = set()
            seen: set[str] = set()
            if folded:
                for table in (s, v):  # (every stored text read once: a rare command, not a nightly one)
                    for row in conn.execute(select(table.c.key, table.c.text)):
                        if (k := normalise(row.text)) in folded:
                            keys.add(row.key)
                            seen.add(k)
            return sorted(keys), sorted(n for k, ns in folded.items() if k not in seen for n in ns)

        def matching(conn) -> tuple[list[str], list[str]]:
            keys: dict[str, None] = {}
            seen: set[str] = set()
            for i in range(0, len(wanted), 200):
                batch = wanted[i:i + 200]
                # exactly the id given: a row of another system's ids ("id:7@…") or read twice in one export
                # ("id:7#2") has that id as its source_id; a key that merely begins so is another id's ("7#2", "7@b")
                # — unless a later export without its id column changed the row, leaving it no source_id to tell by
                # (then it is taken as 7's: an erasure that leaves a person's text behind is the worse mistake)
                prefixes = [f"id:{x}{mark}" for x in batch for mark in "@#"]
                cond = or_(s.c.source_id.in_(batch), s.c.key.in_([f"id:{x}" for x in batch]),
                           and_(s.c.source_id.is_(None), or_(*[s.c.key.startswith(p, autoescape=True) for p in prefixes])))
                for row in conn.execute(select(s.c.key, s.c.source_id).where(cond).order_by(s.c.key)):
                    # (SQLite's LIKE ignores the case of ASCII letters: each row checked again, exactly)
                    hit = {x for x in batch if row.source_id == x or row.key == f"id:{x}"
                           or row.source_id is None and row.key.startswith((f"id:{x}@", f"id:{x}#"))}
                    if hit:
                        keys[row.key] = None
                        seen |= hit
            return list(keys), [x for x in wanted if x not in seen]

        def mentioning(conn, persons: list[str], erased: set[str]) -> list[str]:
            """The ids (keys where a suggestion has none) of the other stored suggestions whose text names one of
            ``persons`` — masked in reports from the store only while the store knew the name."""
            if not persons:
                return []
            import pandas as pd

            from forbattra.outputs.redact import make_redactor, name_parts, person_names, redact_text
            from forbattra.record import PERSON

            names = person_names(pd.DataFrame({PERSON: pd.Series(persons, dtype=object)}))
            parts = {p for p in name_parts(names) if len(p) >= 3}
            if not parts:
                return []
            red = make_redactor(pd.DataFrame({PERSON: pd.Series(list(names), dtype=object)}))
            found = []
            for row in conn.execute(select(s.c.key, s.c.source_id, s.c.text).order_by(s.c.key)):
                if row.key in erased or not row.text:
                    continue
                low = row.text.casefold()
                if any(p in low for p in parts) and red(row.text) != redact_text(row.text):
                    found.append(row.source_id or row.key)
            return found

        def erase(conn, write: bool) -> Forgotten:
            if write:
                self._lock(conn)
                if self.dialect == "sqlite":  # (the pages the rows leave are zeroed as they are freed)
                    conn.exec_driver_sql("PRAGMA secure_delete = ON")
            keys, missing = matching(conn)
            text_keys, missing_texts = by_text(conn)
            known = set(keys)
            keys += [k for k in text_keys if k not in known]
            n_versions = n_totals = 0
            persons: list[str] = []  # the erased suggestions' writers (in memory only: for mentions, never shown)
            for i in range(0, len(keys), 500):
                batch = keys[i:i + 500]
                n_versions += conn.execute(select(func.count()).select_from(v).where(v.c.key.in_(batch))).scalar_one()
                # (a total row is not stored again by the next run, as a suggestion still in the export is: said apart)
                n_totals += sum(is_stored_total(i, t) for i, t in
                                conn.execute(select(s.c.source_id, s.c.text).where(s.c.key.in_(batch))))
                if ("suggestions", "person") not in self._absent:  # (a store of forbattra 0.1 keeps no names)
                    persons += [p for (p,) in conn.execute(select(s.c.person).where(s.c.key.in_(batch))) if p]
                if write:
                    conn.execute(delete(v).where(v.c.key.in_(batch)))
                    conn.execute(delete(s).where(s.c.key.in_(batch)))
            mentions = mentioning(conn, persons, set(keys))
            # (ids not found in a store that holds suggestions, none under an id: its exports had no id column — said,
            # not a typo's warning)
            any_ids = not missing or conn.execute(select(s.c.key).where(s.c.key.like("id:%")).limit(1)).first() \
                is not None or conn.execute(select(s.c.key).limit(1)).first() is None
            return Forgotten(len(keys), n_versions, missing, any_ids, missing_texts, mentions, n_totals)

        if dry_run:
            return self._read(lambda conn: erase(conn, False))
        try:
            done = self._transaction(lambda conn: erase(conn, True))
        except ForbattraError:
            raise
        except Exception as exc:
            if _write_cause(getattr(exc, "orig", None) or exc) == "err_store_full":  # (no output files: none erased)
                raise StoreError.of("err_forget_full", store=self.display) from None
            raise StoreError(self._message("err_store_update", exc)) from None
        if self.dialect == "sqlite":
            self._rebuild(done)
        return done

    def _rebuild(self, done: Forgotten) -> None:
        """A SQLite store's file written anew (``VACUUM``), its write-ahead log emptied where it keeps one: no
        deleted row's bytes stay in its free pages. Waits for readers as a write does (:meth:`_patiently`)."""

        def vacuum():
            with self.engine.connect().execution_options(**{OUTSIDE: True}) as conn:
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

        try:
            self._patiently(vacuum)
        except KeyboardInterrupt:  # (the erasure is kept: "nothing was written" would be untrue)
            raise Interrupted.of("err_forget_interrupted", store=self.display, n=done.suggestions) from None
        except ForbattraError as exc:
            raise StoreError.of("err_forget_rebuild", store=self.display, n=done.suggestions,
                                detail=exc.message) from None
        except Exception as exc:  # (a SQLite file: no password to mask in the driver's line)
            lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            full = _write_cause(getattr(exc, "orig", None) or exc) == "err_store_full"  # (said in the user's language)
            raise StoreError.of("err_forget_rebuild", store=self.display, n=done.suggestions,
                                detail=Msg("detail_disk_full") if full else
                                shorten(lines[0] if lines else type(exc).__name__, 300)) from None


@dataclass
class Forgotten:
    """What :meth:`Store.forget` erased (or, as a dry run, would erase)."""

    suggestions: int  # stored suggestions
    versions: int  # their stored versions (each text as a run read it)
    missing: list[str]  # the ids given that no stored suggestion has
    ids_stored: bool = True  # whether the store holds any suggestion under an id (False: its exports had no id column)
    missing_texts: list[int] = field(default_factory=list)  # the texts given (numbered from 1) no stored suggestion has
    mentions: list[str] = field(default_factory=list)  # ids of the other stored suggestions whose text names an erased writer
    total_rows: int = 0  # of ``suggestions``: an export's total rows an earlier version stored (:func:`stored_total_rows`)

    @property
    def rows(self) -> int:
        """Rows of the store erased: the suggestions' and their versions'."""
        return self.suggestions + self.versions


def forget(location: str, ids: Sequence[str], *, texts: Sequence[str] = (), dry_run: bool = False) -> Forgotten:
    """Erase the stored suggestions of ``ids`` from the store at ``location`` (:meth:`Store.forget`). A store file that
    is not there is ``err_no_store`` (nothing is created); a store no run has written yet holds none of them."""
    check_location(location)
    try:
        url = engine_url(location)
    except Exception:
        raise StoreError.of("err_store_location", store=shorten(display_location(location))) from None
    if (file := sqlite_file(url)) is not None and not file.exists():  # (a sqlite:/// link too: not made, empty,
        # to erase nothing from)
        raise StoreError.of("err_no_store", path=display_location(location))
    st = open_to_read(location)
    if st is None:
        return Forgotten(0, 0, list(dict.fromkeys(i.strip() for i in ids if i.strip())), True,
                         [n for n, t in enumerate(texts, start=1) if t.strip()])
    try:
        return st.forget(ids, texts=texts, dry_run=dry_run)
    finally:
        st.engine.dispose()


def taxonomy_refused(run: dict, store: str, name: str, ids: Sequence[str]) -> ConfigError:
    """The error of a run into ``store`` whose taxonomy (``name``, theme ``ids``) lacks themes the store's latest run
    (a row of ``runs``) sorted with: one's own taxonomy edited (the same name) names the themes it lost, since its
    name alone would read as no difference; another taxonomy names the one to use."""
    have = set(ids)
    lost = [t for t in (run.get("taxonomy_ids") or "").split("|") if t and t not in have]
    if lost and run.get("taxonomy") == name:
        return ConfigError.of("err_store_taxonomy_themes", store=store, name=name, themes=", ".join(map(repr, lost)))
    return ConfigError.of("err_store_taxonomy", store=store, old=run.get("taxonomy"), new=name)


def stored_order(rows: list[dict]) -> list[dict]:
    """Stored suggestions in the order they were read: by the run that first read them, then by their row in
    that run's export. A row stored before the store kept that place (``export_row`` NULL) comes after its run's
    placed ones, by its id as a person reads it (2 before 10, F-9 before F-10), then by its key — never in the
    key's text order, which lists id 10 before id 2 and rows without ids by a hash."""
    def natural(value) -> tuple:
        parts = re.split(r"(\d+)", str(value or ""))
        return tuple((0, int(p), p) if p.isdecimal() else (1, 0, p.casefold()) for p in parts if p)

    def order(r: dict) -> tuple:  # (the id read as a person reads it only where no place was recorded)
        place = r.get("export_row")
        if place is not None:
            return (r.get("first_run") or 0, 0, place, r["key"])
        return (r.get("first_run") or 0, 1, natural(r.get("source_id")), r["key"])

    return sorted(rows, key=order)


def run_day(stamp: str | None) -> str:
    """The day a run counts an undated export's suggestions on: its start (``runs.started_at``, with the offset
    where it ran) as a day in Sweden (``analysis.trends.SHOWN_ZONE``, the zone trends shows the run's time in), so
    a nightly job at 00:30 on 1 February in Sweden brings February's suggestions also on a server in UTC, where it
    is 23:30 on 31 January; a stamp without an offset (or without zone data), its own first 10 characters."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from forbattra.analysis.trends import SHOWN_ZONE

    text = stamp or ""
    try:
        when = datetime.fromisoformat(text)
        if when.tzinfo is not None:
            return when.astimezone(ZoneInfo(SHOWN_ZONE)).date().isoformat()
    except (ValueError, ZoneInfoNotFoundError):
        pass
    return text[:10]


def stored_frame(rows: Sequence[dict] = (), run_dates: dict | None = None, run_dated: dict | None = None):
    """Stored suggestions (rows of the ``suggestions`` table) in the shape of ``run_classify(...).frame``, each with
    the themes a person corrected it to where there is a correction (:data:`CORRECTED`: True there); no rows: the
    empty frame of a store without suggestions (:meth:`Store.frame`)."""
    import pandas as pd

    from forbattra.inputs.tables import same_units
    from forbattra.record import DATE, GROUP, ID, PERSON, ROW, TEXT

    run_dates, run_dated = run_dates or {}, run_dated or {}
    data = {
        "key": [r["key"] for r in rows], ROW: list(range(1, len(rows) + 1)),
        ID: pd.Series([r["source_id"] for r in rows], dtype=object),
        TEXT: pd.Series([r["text"] or "" for r in rows], dtype=object),
        # one unit however its runs spelt it (the first spelling of the store), as within one file
        GROUP: pd.Series(same_units([r["grp"] for r in rows]), dtype=object),
        DATE: pd.Series([r["date"] for r in rows], dtype=object),
        PERSON: pd.Series([r.get("person") for r in rows], dtype=object),
        # a person's correction where there is one, as a report of classify's workbook counts its Rättat tema: the
        # theme a person gave it (a confidence of 1, and a suggestion, as classify's corrected rows are)
        "themes": [(r.get("corrected") or r["themes"]).split("|") for r in rows],
        "scores": [{t: 1.0 for t in r["corrected"].split("|")} if r.get("corrected") else json.loads(r["scores"] or "{}")
                   for r in rows],
        "evidence": [{} if r.get("corrected") else json.loads(r["evidence"] or "{}") for r in rows],
        "status": ["ok" if r.get("corrected") else r["status"] for r in rows],
        CORRECTED: [bool(r.get("corrected")) for r in rows],
        "first_run": [r["first_run"] for r in rows],
        "first_seen": [run_dates.get(r["first_run"]) for r in rows],
        "first_run_dated": [run_dated.get(r["first_run"]) for r in rows],
        "updated_run": [r["updated_run"] for r in rows],
        "last_run": [r.get("last_run") for r in rows],  # the latest run whose export held it
        "model_hash": [r.get("model_hash") for r in rows],  # the decision that sorted the stored version
    }
    return pd.DataFrame(data)


def stored_total_rows(frame) -> list[str]:
    """The ids of stored rows that are an export's total row ("Summa;3", "Totalt;;12"): a total's label as the id, a
    count or nothing as the text. The readers read such a row as an empty row without an id now, but a store written
    by an earlier version holds it as a suggestion of that id, counted as one; ``trends`` and ``report`` say so,
    with the way out (``forbattra forget`` of those ids)."""
    from forbattra.record import ID, TEXT

    return sorted({i for i, t in zip(frame[ID], frame[TEXT]) if is_stored_total(i, t)})


def is_stored_total(source_id, text) -> bool:
    """Whether a stored suggestion of id ``source_id`` and text ``text`` is an export's total row an earlier version
    stored (:func:`stored_total_rows`)."""
    from forbattra.inputs.tables import _a_count, total_label

    return isinstance(source_id, str) and total_label(source_id) and (not (text or "").strip()
                                                                      or _a_count((text or "").strip()))


def row_keys(frame, *, ids: bool = True) -> list[str]:
    """Keys for every row; a key seen twice in one export gets ``#2``, ``#3`` ... appended, passing over a number
    that is another row's own key (ids 7, 7 and "7#2": ``id:7``, ``id:7#3``, ``id:7#2``; ``ids=False``: keyed
    without the frame's ids, see :meth:`Store.keys_for`)."""
    from forbattra.record import DATE, GROUP, ID, TEXT

    n = len(frame)
    groups = frame[GROUP] if GROUP in frame.columns else [None] * n
    dates = frame[DATE] if DATE in frame.columns else [None] * n
    own = [key_for(id_ if ids else None, text or "", group, date if isinstance(date, str) else None)
           for id_, text, group, date in zip(frame[ID], frame[TEXT], groups, dates)]
    taken = set(own)  # (two rows under one key: the later one overwrote the earlier in the store, a row lost)
    seen: dict[str, int] = {}
    out = []
    for k in own:
        seen[k] = seen.get(k, 0) + 1
        if seen[k] == 1:
            out.append(k)
            continue
        while f"{k}#{seen[k]}" in taken:
            seen[k] += 1
        taken.add(f"{k}#{seen[k]}")
        out.append(f"{k}#{seen[k]}")
    return out


# what :meth:`Store._resolve` reads of a stored row to decide a key (the typo rule reads its day's rows whole)
_KEY_COLUMNS = frozenset({"key", "text_hash", "grp", "date", "person"})


@dataclass
class Keys:
    """The store keys of an export's rows (:meth:`Store.keys_for`), the stored rows they name, and how many
    rows took another key than their own: ``apart`` (an id the store holds for another suggestion),
    ``matched`` (found by their text, unit and date under the key of an earlier run) and ``changed`` (found by
    their text in a re-export)."""
    keys: list[str]
    known: dict[str, dict]
    apart: int = 0
    matched: int = 0
    changed: int = 0  # of a re-export: found by their text alone, their unit or date changed
    other_unit: int = 0  # new rows with a stored row's text and date in another unit
    edited: int = 0  # of a re-export: found by their unit and date, their text edited a little (a typo fixed)


def _person_key(person) -> str:
    """A writer's name as the typo rule compares it: any case, its spaces as one."""
    return " ".join(person.split()).casefold() if isinstance(person, str) else ""


EDITED = 0.85  # how alike (difflib's ratio of the normalised texts) an edited text is to the stored one


class _Edited:
    """Whether a text is a stored row's text edited a little (a typo fixed, a word changed), not another
    suggestion: difflib's ratio of the normalised texts at least :data:`EDITED`. Every new row of a day is
    weighed against every stored row of that day the export no longer has, so each stored text is normalised
    and indexed once, and the ratio's cheap upper bounds (the lengths, then the letters in common: difflib's
    ``real_quick_ratio`` and ``quick_ratio``) pass over an unlike text before the costly ratio itself."""

    def __init__(self) -> None:
        self._text = ""
        self._norm = ""
        self._stored: dict[str, SequenceMatcher] = {}

    def __call__(self, text: str, row: dict) -> bool:
        from forbattra.scoring.text import normalise

        if text != self._text:
            self._text, self._norm = text, normalise(text)
        a = self._norm
        m = self._stored.get(row["key"])
        if m is None:
            m = self._stored[row["key"]] = SequenceMatcher(None, "", normalise(row["text"] or ""), autojunk=False)
        if not a or not m.b:
            return False
        m.set_seq1(a)
        return m.real_quick_ratio() >= EDITED and m.quick_ratio() >= EDITED and m.ratio() >= EDITED


NO_DATE = {"sv": "utan datum", "en": "no date"}

# the rows trends counts apart, after the themes, as classify's Status column tells them (*tom*, *inget förslag*):
# sorted into the fallback theme, they would count as suggestions of Övrigt
NOT_SUGGESTIONS = {"empty": {"sv": "Tomma", "en": "Empty"},
                   "no_suggestion": {"sv": "Inget förslag", "en": "No suggestion"}}


# trends' columns beside the themes: whether the data covers the period only in part (its first or last: a
# lower count there is no real drop), and the period's suggestions, each once (a suggestion of two themes counts
# in both: the themes' counts add up to more), so a theme's share of a period can be read
TRENDS_PARTIAL = {"sv": "Ofullständig", "en": "Partial"}
TRENDS_TOTAL = {"sv": "Totalt", "en": "Total"}
# named longer where a theme of one's own has that label, as the columns of the rows counted apart are
TRENDS_LONGER = {"sv": {"partial": "Ofullständig period", "total": "Förslag totalt"},
                 "en": {"partial": "Partial period", "total": "Suggestions in total"}}
PARTIAL_MARK = {"sv": "ja", "en": "yes"}  # (the partial column's cell: empty for a whole period)

MAX_GAP = {"month": 12, "quarter": 4}  # the longest run of empty periods filled with zeros


def periods_between(periods: list[str], period: str = "month") -> list[str]:
    """Every month ("2024-02") or quarter ("2024-Q1") from the first of ``periods`` to the last, in order:
    a run of up to :data:`MAX_GAP` periods without suggestions is filled with zeros; a longer one is a jump,
    left out (one suggestion dated twenty years back adds no twenty years of empty months)."""
    if not periods:
        return []
    per_year = 4 if period == "quarter" else 12

    def index(p: str) -> int:
        return int(p[:4]) * per_year + (int(p[6:]) if period == "quarter" else int(p[5:7])) - 1

    def name(k: int) -> str:
        y, i = divmod(k, per_year)
        return f"{y:04d}-Q{i + 1}" if period == "quarter" else f"{y:04d}-{i + 1:02d}"

    ks = sorted({index(p) for p in periods})
    out = [ks[0]]
    for k in ks[1:]:
        if k - out[-1] - 1 <= MAX_GAP.get(period, 12):
            out.extend(range(out[-1] + 1, k))
        out.append(k)
    return [name(k) for k in out]


def trends_columns(taxonomy, lang: str = "sv") -> dict[str, str]:
    """The names of trends' partial and total columns (:data:`TRENDS_PARTIAL`, :data:`TRENDS_TOTAL`) in ``lang``;
    where a theme of ``taxonomy`` has one as its label, the longer one (:data:`TRENDS_LONGER`): not two columns
    of one name."""
    lang = lang if lang in TRENDS_TOTAL else "sv"
    taken = {taxonomy.label(t, lang).casefold() for t in taxonomy.ids}
    return {k: names[lang] if names[lang].casefold() not in taken else TRENDS_LONGER[lang][k]
            for k, names in (("partial", TRENDS_PARTIAL), ("total", TRENDS_TOTAL))}


def partial_periods(periods: list[str], first: str | None, last: str | None, period: str = "month", *,
                    tolerance: int = 3) -> list[bool]:
    """Which of ``periods`` (in order, as :func:`periods_between` gives them) the data covers only in part: the
    first when the earliest date (``first``) is more than ``tolerance`` days after its first day, the last when the
    latest (``last``) is more than ``tolerance`` days before its last day. A date that gives only the month
    (``YYYY-MM``) is that whole month; a quarter begins with its first month's first day."""
    import calendar
    from datetime import date

    flags = [False] * len(periods)

    def bounds(p: str) -> tuple[date, date]:
        y = int(p[:4])
        m0, m1 = ((int(p[6:]) - 1) * 3 + 1, (int(p[6:]) - 1) * 3 + 3) if period == "quarter" else (int(p[5:7]),) * 2
        return date(y, m0, 1), date(y, m1, calendar.monthrange(y, m1)[1])

    def day(d: str, end: bool) -> date | None:
        try:
            y, m = int(d[:4]), int(d[5:7])
            return date(y, m, int(d[8:10])) if d[8:10] else date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        except ValueError:
            return None

    if not periods:
        return flags
    start, _ = bounds(periods[0])
    begun = day(first, False) if first else None
    if begun is not None and (begun - start).days > tolerance and begun <= bounds(periods[0])[1]:
        flags[0] = True
    _, end = bounds(periods[-1])
    ended = day(last, True) if last else None
    if ended is not None and (end - ended).days > tolerance and ended >= bounds(periods[-1])[0]:
        flags[-1] = True
    return flags


def period_dates(frame) -> list:
    """The date each stored suggestion is counted on over time (:meth:`Store.frame`'s rows): its own date; where
    the run that first saw it read an export without a date column, that run's date. Where its export had one, a
    suggestion without a date (or with one that could not be read) has none (None) — the run's date would put old
    suggestions in the current quarter. (Runs of versions that did not record the date column: dated when most
    of their suggestions have a date.) ``trends`` and a report from the store count with these."""
    from collections import Counter

    from forbattra.record import DATE

    # dated or not per run: a run whose export had no date column counts by its date, also after later
    # (cumulative) exports gave some of its suggestions a date; a run most of whose suggestions have dates counts
    # its undated ones apart
    runs = list(frame["first_run"]) if "first_run" in frame else [0] * len(frame)
    have, of = Counter(r for r, d in zip(runs, frame[DATE]) if d), Counter(runs)
    recorded = dict(zip(runs, frame["first_run_dated"])) if "first_run_dated" in frame else {}
    # the run's export had a date column (recorded since 0.2); for runs of earlier versions: most of its
    # suggestions have a date
    dated_runs = {r for r in of if (recorded.get(r) if recorded.get(r) is not None else have[r] >= 0.5 * of[r])}
    return [d or (None if run in dated_runs else fr) or None
            for d, fr, run in zip(frame[DATE], frame.get("first_seen", frame[DATE]), runs)]


def trends(frame, taxonomy, *, period: str = "month", lang: str = "sv"):
    """Theme counts per period, each suggestion on its :func:`period_dates` date; those without one under
    "utan datum" (last). An empty row and an answer that is no suggestion ("Vet inte", only thanks) count in
    their own columns after the themes (:data:`NOT_SUGGESTIONS`; named longer where a theme has their name,
    :func:`~forbattra.analysis.summary.apart_labels`), not as suggestions of the fallback theme."""
    import pandas as pd

    from forbattra.analysis.summary import apart_labels

    periods = []
    dates = period_dates(frame)
    for d in dates:
        if not d:
            periods.append(NO_DATE.get(lang, NO_DATE["sv"]))
        elif period == "quarter":
            periods.append(f"{d[:4]}-Q{(int(d[5:7]) - 1) // 3 + 1}")
        else:
            periods.append(d[:7])

    def zeros() -> tuple[dict[str, int], dict[str, int]]:  # (a theme's id may be "empty": apart, not one key)
        return dict.fromkeys(taxonomy.ids, 0), dict.fromkeys(NOT_SUGGESTIONS, 0)

    rows: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    totals: dict[str, int] = {}  # the period's suggestions, each once
    for p, ts, status in zip(periods, frame["themes"], frame["status"] if "status" in frame else [None] * len(frame)):
        themes, apart = rows.setdefault(p, zeros())
        totals.setdefault(p, 0)
        if status in apart:
            apart[status] += 1
            continue
        totals[p] += 1
        for t in ts:
            if t in themes:
                themes[t] += 1
    dated = periods_between([p for p in rows if p not in NO_DATE.values()], period)
    for p in dated:  # a period without any: 0
        rows.setdefault(p, zeros())
    # the first and the last dated period, where the data begins or ends partway through it (a month-only date is
    # its whole month)
    days = [d for d in dates if d]
    partial = dict(zip(dated, partial_periods(dated, min(days) if days else None,
                                              max(days, key=lambda d: d if len(d) > 7 else d + "-99") if days else None,
                                              period)))
    head = "Period"
    order = sorted(rows, key=lambda p: (p in NO_DATE.values(), p))  # dated periods in order, then "utan datum"
    apart = apart_labels(taxonomy, lang)
    extra = trends_columns(taxonomy, lang)
    mark = PARTIAL_MARK.get(lang, PARTIAL_MARK["sv"])
    table = pd.DataFrame([{head: p, extra["partial"]: mark if partial.get(p) else "", extra["total"]: totals.get(p, 0),
                           **{taxonomy.label(t, lang): n for t, n in rows[p][0].items()},
                           **{apart[k]: n for k, n in rows[p][1].items()}} for p in order])
    return table
