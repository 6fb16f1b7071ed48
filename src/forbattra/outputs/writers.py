"""Writers for per-row results (.xlsx, .csv, .jsonl) — atomic, deterministic, injection-safe.

Every writer renders to a temporary file beside the target and renames it into place, so a crash
never leaves half a file where last night's good one was. Spreadsheet cells are always written as
text, never as formulas; CSV cells that Excel would evaluate (``=``, ``+``, ``-``, ``@``) get a
leading apostrophe. ``.jsonl`` keeps the text exactly.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import math
import os
import re
import socket
import tempfile
import threading
import time
import zlib
from datetime import datetime, time as daytime
from operator import itemgetter
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, NamedTuple, Sequence

from forbattra.errors import OutputError
from forbattra.record import EVIDENCE, SCORES, STATUS, THEMES
from forbattra.record import DATE, GROUP, ID, INTERNAL, PERSON, ROW, TEXT
from forbattra.taxonomy import Taxonomy

EXCEL_CELL_LIMIT = 32_767
TRUNCATION_MARKS = {"sv": " … [avkortad, se indata]", "en": " … [truncated, see input]"}  # the input holds the whole
TRUNCATION_MARK = TRUNCATION_MARKS["sv"]  # cell (.jsonl only the text column)
OUTPUT_SUFFIXES = (".xlsx", ".csv", ".jsonl")
XLSX_CONSTANT_MEMORY_ROWS = 20_000  # above this many rows .xlsx is written in xlsxwriter's constant_memory mode
XLSX_DEFLATE_LEVEL = 2  # zlib level of a big workbook's parts (over XLSX_CONSTANT_MEMORY_ROWS rows): xlsxwriter's
# (zlib's default, 6) took 1.7 of the 14 s of a 100,000-row workbook; 2 takes 0.6 s for a file 22 % bigger (1 as
# fast, 5 % bigger again; issue 14). Smaller workbooks keep level 6: there it costs milliseconds
FIXED_TIME = datetime(2000, 1, 1)  # document properties: no wall-clock time, so output is reproducible
COLUMNS_PROPERTY = "forbattra.columns."  # custom document properties: the columns classify wrote, per sheet
MODEL_PROPERTY = "forbattra.model."  # ... and the figures of the model that sorted (a report's accuracy note)
ROWS_PROPERTY = "forbattra.rows."  # ... and, per sheet with a Rad column, what its numbers add to the data row
ROLES_PROPERTY = "forbattra.roles."  # ... and the columns of its Förslag sheet read as text, id, unit, date, person
ACCURACY_KEYS = ("cv_micro_f1", "cv_macro_f1", "cv_folds", "zeroshot_micro_f1_on_these_rows",
                 "meaning_micro_f1_on_these_rows")


def accuracy_record(meta: dict) -> dict | None:
    """What a report needs of a model's ``model.json`` to state its accuracy (no paths, no vocabulary)."""
    metrics = meta.get("metrics") if isinstance(meta.get("metrics"), dict) else {}
    kept = {k: metrics[k] for k in ACCURACY_KEYS if isinstance(metrics.get(k), (int, float))}
    if not kept:
        return None
    out = {"metrics": kept, "training_size": meta.get("training_size")}
    if meta.get("sort_by_meaning"):
        out["sort_by_meaning"] = True
    if meta.get("meaning") is not None:
        out["meaning"] = True
    return out


def _custom_json(path: Path, prefix: str):
    """A JSON value written in pieces into custom document properties named ``prefix`` + number."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read("docProps/custom.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    parts = sorted((el.get("name", ""), "".join(el.itertext())) for el in root if el.get("name", "").startswith(prefix))
    if not parts:
        return None
    try:
        return json.loads("".join(text for _, text in parts))
    except ValueError:
        return None


def recorded_model(path: Path) -> dict | None:
    """The model figures a classify workbook was written with (:func:`accuracy_record`), or None."""
    record = _custom_json(path, MODEL_PROPERTY)
    return record if isinstance(record, dict) and isinstance(record.get("metrics"), dict) else None


def recorded_columns(path: Path) -> dict[str, list[str]] | None:
    """The columns per sheet a classify workbook was written with (:func:`write_xlsx`'s ``record_columns``);
    None for a workbook without them (older, or not classify's). Read from ``docProps/custom.xml``, which
    Excel and openpyxl keep when they save the workbook again."""
    import unicodedata

    record = _custom_json(path, COLUMNS_PROPERTY)
    if not (isinstance(record, dict) and all(isinstance(v, list) and all(isinstance(c, str) for c in v)
                                             for v in record.values())):
        return None
    # (NFC, as the input's columns are read: an older output of a Mac export recorded "å" as "a" + ring)
    return {unicodedata.normalize("NFC", k): [unicodedata.normalize("NFC", c) for c in v] for k, v in record.items()}


def recorded_roles(path: Path) -> dict[str, str | list[str]]:
    """The columns of a classify workbook's *Förslag* sheet that its run read as the text (a list), id, unit
    (``group``), date and person, as :func:`write_xlsx`'s ``roles`` recorded them; {} for a workbook without them
    (older, not classify's, or not an .xlsx). A report or another run of the workbook reads those columns so, not
    as the detection would guess them (a unit under *Kostnadsställe*, given with ``-g``, is no name it knows)."""
    import unicodedata

    record = _custom_json(path, ROLES_PROPERTY) if Path(path).suffix.lower() == ".xlsx" else None
    if not isinstance(record, dict):
        return {}
    out: dict[str, str | list[str]] = {}
    for role, value in record.items():
        if role == "text" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            out[role] = [unicodedata.normalize("NFC", v) for v in value]
        elif role in ("id", "group", "date", "person") and isinstance(value, str) and value:
            out[role] = unicodedata.normalize("NFC", value)
    return out


def recorded_row_offsets(path: Path) -> dict[str, int]:
    """Per sheet, what its *Rad* numbers add to the data row (1: the *Förslag* sheet's row; the input's
    header row: the input's row), as :func:`write_xlsx` recorded it; {} for a workbook written before (its
    *Rad* is the data row) or not an .xlsx."""
    record = _custom_json(path, ROWS_PROPERTY) if path.suffix.lower() == ".xlsx" else None
    return {k: v for k, v in record.items() if isinstance(v, int)} if isinstance(record, dict) else {}


def _property_chunks(text: str, size: int = 250) -> list[str]:
    """``text`` (ASCII: JSON with \\u escapes, so that Excel's count of UTF-16 units equals the length) in
    pieces a custom document property holds (at most 255); read back, they are joined before parsing."""
    return [text[k:k + size] for k in range(0, len(text), size)] or [""]


COLS = {
    "sv": {"theme": "Tema", "all": "Alla teman", "ids": "Tema-id", "conf": "Säkerhet", "why": "Motivering",
           "status": "Status", "fix": "Rättat tema", "row": "Rad", "sheet_rows": "Förslag",
           "sheet_themes": "Teman", "sheet_units": "Tema per enhet", "sheet_dups": "Dubbletter",
           "sheet_info": "Om körningen", "sheet_notes": "Förklaringar"},
    "en": {"theme": "Theme", "all": "All themes", "ids": "Theme ids", "conf": "Confidence", "why": "Evidence",
           "status": "Status", "fix": "Corrected themes", "row": "Row", "sheet_rows": "Suggestions",
           "sheet_themes": "Themes", "sheet_units": "Themes by unit", "sheet_dups": "Duplicates",
           "sheet_info": "About this run", "sheet_notes": "Explanations"},
}
CORRECTION_COLUMNS = {COLS["sv"]["fix"], COLS["en"]["fix"]}


def misnamed_correction_column(names) -> tuple[str, str] | None:
    """``(name, proper name)`` of a column in ``names`` that is the correction column written another way ('rättat
    tema', 'RÄTTAT  TEMA'), where none is named exactly so. forbattra's own headers are matched exactly (an input's
    column 'tema' is no output column), so this only names the header to rename."""
    names = [str(n) for n in names]
    if any(n.strip() in CORRECTION_COLUMNS for n in names):
        return None
    proper = {" ".join(c.split()).casefold(): c for c in CORRECTION_COLUMNS}
    return next(((n, proper[k]) for n in names if (k := " ".join(n.split()).casefold()) in proper), None)

# the Status column of the tables people read (.xlsx, .csv) in their language; .jsonl keeps the codes
STATUS_TEXT = {
    "sv": {"ok": "ok", "empty": "tom", "no_suggestion": "inget förslag"},
    "en": {"ok": "ok", "empty": "empty", "no_suggestion": "no suggestion"},
}
_STATUS_CODE = {text: code for texts in STATUS_TEXT.values() for code, text in texts.items()}


def status_code(text: object) -> str:
    """The status code (``ok``, ``empty``, ``no_suggestion``) of a Status cell in either language (or
    already a code); an empty or unknown cell reads as ``ok``."""
    if not isinstance(text, str) or not text.strip():
        return "ok"
    t = text.strip()
    return t if t in STATUS_TEXT["sv"] else _STATUS_CODE.get(t.casefold(), "ok")


STALE_AFTER_S = 3600  # a temporary output of a run on another machine (or of an old version) is stale after this
_HOST = format(zlib.crc32(socket.gethostname().encode("utf-8", "replace")) & 0xFFFF, "04x")
# .NAME.PID@HOST.XXXXXXXX.tmp (this version; .old.tmp: the previous output kept while the outputs are
# renamed into place) or .NAME.XXXXXXXX.tmp (earlier ones); NAME ends in an
# extension forbattra writes, so nobody else's hidden files match.
_TEMP_RE = re.compile(r"^\.(?P<name>.+\.(?:xlsx|csv|jsonl|html|md|yaml|yml|txt|json))"
                      r"\.(?:(?P<pid>\d+)@(?P<host>[0-9a-f]{4})\.)?[a-z0-9_]{8}(?:\.old)?\.tmp$")
_PENDING: dict[Path, Path] = {}  # temporary file of an open AtomicOutputs -> its target: written in place


_NAME_MAX = 255  # bytes in a file name (ext4, NTFS as mounted, APFS …)


def _temp_name(name: str) -> str:
    """``name`` as its temporary file's name part: shortened where the temporary name
    (``.NAME.PID@HOST.XXXXXXXX.old.tmp``) would be longer than a file name may be (an output of 230 bytes or
    more, such as the "-teman.xlsx" of an input with a long name), keeping its extension, so
    :data:`_TEMP_RE` still knows the file as ours."""
    room = _NAME_MAX - len(f"..{os.getpid()}@{_HOST}.XXXXXXXX.old.tmp")
    if len(name.encode("utf-8", "surrogateescape")) <= room:
        return name
    stem, dot, ext = name.rpartition(".")
    ext = dot + ext if stem else ""
    stem = stem or name
    short = stem.encode("utf-8", "surrogateescape")[:max(room - len(ext.encode("utf-8", "surrogateescape")), 1)]
    return short.decode("utf-8", "ignore") + ext


def _temp_for(target: Path) -> Path:
    """Create an empty temporary file beside ``target`` (named so a later run can tell it is ours)."""
    try:
        clean_stale_temps(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{_temp_name(target.name)}.{os.getpid()}@{_HOST}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise output_error(target, exc) from None
    os.close(fd)
    return Path(tmp)


def clean_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove forbattra's own temporary outputs left in ``folder`` by a killed run.

    A file is stale when the process named in it (on this machine) no longer runs, or, when its
    owner cannot be checked (another machine, an older forbattra), when it is older than an hour.
    """
    removed = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for e in entries:
        m = _TEMP_RE.match(e.name)
        if not m:
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            age = now - e.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if m["pid"] and m["host"] == _HOST:
            stale = not _alive(int(m["pid"])) or age > 24 * STALE_AFTER_S  # (a reused pid after a day)
        else:
            stale = age > STALE_AFTER_S
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(e.path)
                removed.append(Path(e.path))
    return removed


def clean_stale_folders(folder: Path, prefix: str) -> None:
    """Remove the temporary folders ``prefix`` + ``PID@HOST.`` … in ``folder`` that runs killed outright (SIGKILL,
    the out-of-memory killer) left: a copy of standard input, a workbook's row files, each as big as the data,
    one more every night a job is killed. One is left over once its process on this machine is gone (a live
    run's and another machine's are kept)."""
    import shutil

    pattern = re.compile(rf"^{re.escape(prefix)}(?P<pid>\d+)@(?P<host>[0-9a-f]{{4}})\.")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for e in entries:
        m = pattern.match(e.name)
        if m is None or m["host"] != _HOST:
            continue
        try:
            if e.is_dir(follow_symlinks=False) and not _alive(int(m["pid"])):
                shutil.rmtree(e.path, ignore_errors=True)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's) or cannot tell: keep the file
    return True


def output_error(target: Path, exc: OSError) -> OutputError:
    """One line for an OS error while writing ``target``, with what to do about it."""
    import errno

    why = exc.strerror or type(exc).__name__
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return OutputError.of("err_write_permission", path=target)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return OutputError.of("err_write_disk_full", path=target)
    if exc.errno == errno.EROFS:
        return OutputError.of("err_write_read_only", path=target)
    if exc.errno == errno.ENOENT:
        return OutputError.of("err_write_no_folder", path=target)
    return OutputError.of("err_write_other", path=target, reason=why)


_WRITE_ERRNOS = {"EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "EFBIG", "ENOENT", "EIO"}


def _write_oserror(exc: BaseException) -> OSError | None:
    """The OS error (disk full, permission, ...) behind ``exc``, also when a library wrapped it
    (xlsxwriter raises ``FileCreateError(OSError)``)."""
    import errno

    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OutputError):  # said already, in its own words
            return None
        if isinstance(exc, OSError) and errno.errorcode.get(exc.errno or -1) in _WRITE_ERRNOS:
            return exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None


def _temp_disk_full(folder: Path, path: Path, exc: OSError) -> bool:
    """Whether a full disk (``exc``) while writing a workbook at ``path`` is the temporary ``folder``'s
    (xlsxwriter's row files, as big as the sheets): on another disk than ``path``, and the fuller one."""
    import errno

    if exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return False
    try:
        if os.stat(folder).st_dev == os.stat(path.parent).st_dev:
            return False
        here, there = os.statvfs(folder), os.statvfs(path.parent)
    except (OSError, AttributeError):  # (no statvfs on Windows: the output's line, as before)
        return False
    return here.f_bavail * here.f_frsize < there.f_bavail * there.f_frsize


def _through_link(target: Path) -> Path:
    """The file an output that is a symbolic link points to, written there and the link kept (as Excel, an
    editor or the shell's ``>`` do): renamed onto the link, the new content replaced the link with a file of
    its own and the file it named kept its old content, unsaid."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success.

    Inside an :class:`AtomicOutputs` (its :meth:`~AtomicOutputs.path`), the transaction's own
    temporary file is written directly and renamed with the others at commit. Disk full, a
    read-only folder or a file held by another program become an :class:`OutputError`.
    """
    target = Path(target)
    if target in _PENDING:
        try:
            yield target
        except Exception as exc:
            os_exc = _write_oserror(exc)
            if os_exc is not None:
                raise output_error(_PENDING.get(target, target), os_exc) from None
            raise
        return
    target = _through_link(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(target, exc) from None
    tmp = _temp_for(target)
    try:
        try:
            yield tmp
            os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600
            os.replace(tmp, target)
        except Exception as exc:
            os_exc = _write_oserror(exc)
            if os_exc is not None:
                raise output_error(target, os_exc) from None
            raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class AtomicOutputs:
    """Several outputs written as one: each to a temporary file beside it, all renamed at :meth:`commit`.

    ::

        with AtomicOutputs() as tx:
            write_jsonl(frame, tx.path(a))
            write_csv(table, tx.path(b))
            tx.commit()  # a, b replaced together; on any error before, neither is touched

    Leaving the block without :meth:`commit` (an exception) removes the temporary files. If a
    rename fails halfway (a file held open by another program), the targets already replaced get
    their previous content back (kept as a hard link until the end), so the set stays consistent.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []  # (tmp, target)
        self.committed = False

    def __enter__(self) -> "AtomicOutputs":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        targets = {str(tmp): target for tmp, target in self._pending}
        self.abort()
        os_exc = _write_oserror(exc) if isinstance(exc, Exception) and not isinstance(exc, OutputError) else None
        if os_exc is not None and targets:  # e.g. disk full while appending to an open output
            target = targets.get(str(getattr(os_exc, "filename", "")), next(iter(targets.values())))
            raise output_error(target, os_exc) from None

    def path(self, target: str | Path) -> Path:
        """A temporary file to write ``target``'s content to."""
        target = _through_link(Path(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(target, exc) from None
        tmp = _temp_for(target)
        self._pending.append((tmp, target))
        _PENDING[tmp] = target
        return tmp

    def commit(self) -> None:
        """Rename every temporary file onto its target; undo the renames done so far on failure (an output that was
        not there before is removed again: a failed run leaves none of its outputs, not the first of two)."""
        done: list[tuple[Path, Path | None, bool]] = []  # (target, backup of its previous content, whether it was new)
        try:
            for tmp, target in self._pending:
                backup = None
                new = not target.exists()
                if not new:
                    backup = tmp.with_name(tmp.name[:-4] + ".old.tmp")
                    try:
                        os.link(target, backup)
                    except OSError:
                        backup = None  # no hard links here: cannot restore this one
                try:
                    os.chmod(tmp, _mode_for(target))
                    os.replace(tmp, target)
                except OSError as exc:
                    if backup is not None:
                        with contextlib.suppress(OSError):
                            os.unlink(backup)
                    raise output_error(target, exc) from None
                done.append((target, backup, new))
        except BaseException:
            for target, backup, new in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    elif new:
                        os.unlink(target)
            raise
        finally:
            for _target, backup, _new in done:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
        self.committed = True
        if done:  # (a run with no output file, a report's classification of its export, wrote nothing)
            import forbattra.outputs

            forbattra.outputs._commits += 1
        self.abort()  # forget (and remove) what is left

    def abort(self) -> None:
        """Remove the temporary files not renamed (nothing is replaced)."""
        for tmp, _target in self._pending:
            _PENDING.pop(tmp, None)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._pending = []


def _mode_for(target: Path) -> int:
    """The permissions of ``target``'s new content: a file replaced keeps its own (a report a web server reads,
    an output shared with a group, also when a scheduler runs the job with umask 077); a new one gets the
    umask's (``mkstemp`` makes every temporary file 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def out_format_error(path: Path, suffixes: Sequence[str]) -> OutputError:
    """An output named with a suffix no writer has. A name without any ('-o teman', '-o ut/' for a folder not made
    yet) says so with the name it may have meant, and '-' that no output goes to standard output — not "unknown
    format (-)"."""
    if str(path) == "-":
        return OutputError.of("err_out_stdout", path=path, suffixes=", ".join(suffixes))
    if not path.suffix:
        return OutputError.of("err_out_no_suffix", path=path, suffixes=", ".join(suffixes),
                              example=path.with_name(path.name + suffixes[0]))
    return OutputError.of("err_out_format", path=path, suffix=path.suffix, suffixes=", ".join(suffixes))


def check_outputs(outs: list[Path], inputs: list[Path], *, suffixes=OUTPUT_SUFFIXES, kind: str = "output",
                  store: str | None = None, protect_corrections: bool = False, option: str = "--out",
                  theme_labels: Collection[str] = (), example_stem: str | None = None) -> None:
    """Before any work: refuse unknown extensions, an output named twice, outputs that would overwrite an input or the history
    ``store`` (a file path; a URL is no file), and folders that cannot be written to (missing, read-only,
    full). ``protect_corrections`` (the commands that do not carry corrections over: report, discover,
    duplicates, …): also an output that is a classify workbook or .csv with corrections typed in.
    ``theme_labels``: labels of one's own taxonomy a trends .csv there may have columns of (trends: its store's).
    ``example_stem``: the name of the file suggested in an output that is a folder where no input file names it
    (classify from standard input: the file it writes without -o), or where the file named after the input would be
    the input itself ("forslag.xlsx -o ." suggested ./forslag.xlsx, which is refused as the input: classify's
    forslag-teman.xlsx, duplicates' forslag-dubbletter.xlsx; without one, forslag-2.xlsx)."""
    resolved_inputs = {p.resolve() for p in inputs}
    if store and "://" not in store:
        store_path = Path(store).resolve()
        if store_path in resolved_inputs:
            raise OutputError.of("err_store_is_input", path=store)
        for o in outs:
            if o.resolve() == store_path:
                raise OutputError.of("err_out_is_store", path=o)
    seen: set[Path] = set()
    for o in outs:
        if o.resolve() in seen:  # "-o x.xlsx -o x.xlsx": a slip, perhaps for another name
            raise OutputError.of("err_out_twice", path=o)
        seen.add(o.resolve())
        if o.is_dir():  # (before the suffix: "-o ut" is a folder, not a file of unknown format)
            # the example: a file in that folder named after the input ("-o ut.xlsx" → ut.xlsx/forslag.xlsx)
            known = o.suffix.lower() in suffixes
            stem = inputs[0].stem if inputs else example_stem or (o.stem if known else o.name)
            example = o / f"{stem}{o.suffix.lower() if known else suffixes[0]}"
            if example.resolve() in resolved_inputs:  # never the input, which the next try would refuse
                example = example.with_name(f"{example_stem or stem + '-2'}{example.suffix}")
            raise OutputError.of("err_out_is_dir", path=o, suffixes=", ".join(suffixes), example=example)
        if o.suffix.lower() not in suffixes:
            raise out_format_error(o, suffixes)
        if o.resolve() in resolved_inputs:
            raise OutputError.of("err_out_is_input", path=o, option=option)
        if o.suffix.lower() in (".xlsx", ".csv", ".jsonl") and o.is_file() and not written_by_forbattra(o, theme_labels):
            raise OutputError.of("err_out_not_ours", path=o, option=option)
        fixed = filled_corrections(o) if protect_corrections and o.is_file() else None
        if fixed:  # (named as the file has it: 'Corrected themes' in an English one)
            raise OutputError.of("err_out_has_corrections", path=o, column=fixed)
    for folder in dict.fromkeys(o.resolve().parent for o in outs):
        _check_folder(folder, next(o for o in outs if o.resolve().parent == folder), option)


def written_by_forbattra(path: Path, theme_labels: Collection[str] = ()) -> bool:
    """Whether the workbook (or .csv, :func:`_csv_written_by_forbattra`) at ``path`` is one forbattra wrote (:func:`write_xlsx` names forbattra as its author,
    which Excel, LibreOffice and openpyxl keep when they save it again) — or no workbook at all (an empty file,
    a failed copy: nothing to lose). An export or a workbook of one's own is not, whatever its sheets are called:
    no command replaces it."""
    import zipfile
    from xml.etree import ElementTree

    if path.suffix.lower() == ".csv":
        return _csv_written_by_forbattra(path, theme_labels)
    if path.suffix.lower() == ".jsonl":
        return _jsonl_written_by_forbattra(path, theme_labels)
    try:
        with zipfile.ZipFile(path) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                return True
            root = ElementTree.fromstring(zf.read("docProps/core.xml"))
    except (zipfile.BadZipFile, OSError):
        return True
    except (KeyError, ElementTree.ParseError):  # no (readable) properties: a tool that drops them re-saved it?
        return _has_classify_columns(path)
    return any(el.tag.endswith("}creator") and (el.text or "").strip() == "forbattra" for el in root) \
        or _has_classify_columns(path)


# the columns by which a .csv is known as one of forbattra's, whatever else it holds (a .csv names no author):
# classify's (and duplicates' of classify's output), duplicates' (cli/duplicates.ROW_HEADERS), discover's
# (cli/discover.ROW_HEADERS); trends' by its Period and theme columns (_is_trends_table), extract's by its file and text columns
_OWN_CSV_COLUMNS = {c["ids"] for c in COLS.values()} | CORRECTION_COLUMNS | {
    "Dubblettgrupp", "Duplicate group", "Klusteretikett", "Cluster label"}


def _csv_written_by_forbattra(path: Path, theme_labels: Collection[str] = ()) -> bool:
    """Whether the .csv at ``path`` is one forbattra wrote — or holds nothing to lose (empty, blank): a header
    row (of its first 30 rows, a title row may have been added above it) naming one of forbattra's own
    columns (:data:`_OWN_CSV_COLUMNS`, in any delimiter), trends' table (:func:`_is_trends_table`), or extract's
    *fil* and *förslag*. Also after Excel re-saved it (Windows-1252, ``,`` or tab). A .csv of one's own, or an
    export, is not (a budget with a *Period* column too): no command replaces it, as no command replaces such a
    workbook. ``theme_labels``: labels of one's own taxonomy that trends may have written columns of."""
    import csv

    from forbattra.inputs.documents import EN_COLUMNS

    try:
        with path.open("rb") as fh:
            raw = fh.read(1 << 16)
    except OSError:  # (unreadable: the folder check, or the write, says so)
        return True
    text = saved_csv_text(raw) if len(raw) < 1 << 16 else saved_csv_text(raw[:raw.rfind(b"\n") + 1] or raw)
    if text is None:
        return False
    if not text.strip():
        return True
    lines = text.splitlines()[:30]
    if any(name in line for line in lines for name in _OWN_CSV_COLUMNS):  # (any delimiter: the checks after say more)
        return True
    extract = [{"fil", "förslag"}, {EN_COLUMNS["fil"], EN_COLUMNS["förslag"]}]
    for delim in (";", ",", "\t"):
        rows = list(csv.reader(lines, delimiter=delim))
        for k, row in enumerate(rows):
            cells = [c.strip() for c in row]
            if any(names <= set(cells) for names in extract):
                return True
            if cells[:1] == ["Period"] and _is_trends_table(cells, rows[k + 1:], theme_labels):
                return True
    return False


def _is_trends_table(header: list[str], rows: list[list[str]], theme_labels: Collection[str]) -> bool:
    """Whether a .csv's ``header`` (*Period* first) and the ``rows`` under it are trends' table: one column per
    theme, each named with a label of a built-in taxonomy (in Swedish or English) or of ``theme_labels``, and
    each row a period's counts (whole numbers; the period itself is not checked: Excel re-saves "2024-01" as a
    date); the columns it counts apart after the themes (*Tomma*, *Inget förslag*) too."""
    labels = _trends_labels() | set(theme_labels)
    themes = header[1:]
    if not themes or not all(c in labels for c in themes):
        return False
    # (the partial column's cells are "ja" or empty, not counts; a theme of one's own may have its name)
    partial = [h in _partial_names() for h in header]
    return all(len(row) == len(header) and all(c.strip().isdigit() or p and c.strip() in _partial_cells()
                                               for c, p in zip(row[1:], partial[1:])) for row in rows if any(row))


@functools.lru_cache(maxsize=1)
def _builtin_theme_labels() -> frozenset[str]:
    """Every label a theme of a built-in taxonomy has, in Swedish and in English: the columns of trends' table."""
    from forbattra.taxonomy import BUILTIN, load_taxonomy

    return frozenset(tax.label(t, lang) for tax in map(load_taxonomy, BUILTIN) for t in tax.ids for lang in ("sv", "en"))


def _trends_labels() -> frozenset[str]:
    """The columns after *Period* trends' table may have whatever the store: a built-in theme's label, one of the
    columns of the rows it counts apart (``store.NOT_SUGGESTIONS``, or their longer names where a theme has theirs:
    ``summary.APART_NAMES``), or its partial and total columns (``store.TRENDS_PARTIAL``, ``store.TRENDS_TOTAL``, or
    ``store.TRENDS_LONGER``), in Swedish or English."""
    from forbattra.analysis.summary import APART_NAMES
    from forbattra.store import NOT_SUGGESTIONS, TRENDS_LONGER, TRENDS_TOTAL

    return _builtin_theme_labels() | {label for labels in NOT_SUGGESTIONS.values() for label in labels.values()} \
        | {label for names in APART_NAMES.values() for label in names.values()} | _partial_names() \
        | set(TRENDS_TOTAL.values()) | {names["total"] for names in TRENDS_LONGER.values()}


@functools.lru_cache(maxsize=1)
def _partial_names() -> frozenset[str]:
    """Trends' partial column by its names in either language (``store.TRENDS_PARTIAL``, ``TRENDS_LONGER``)."""
    from forbattra.store import TRENDS_LONGER, TRENDS_PARTIAL

    return frozenset(TRENDS_PARTIAL.values()) | {names["partial"] for names in TRENDS_LONGER.values()}


@functools.lru_cache(maxsize=1)
def _partial_cells() -> frozenset[str]:
    """What trends' partial column's cells hold: ``store.PARTIAL_MARK`` ("ja", "yes") or nothing."""
    from forbattra.store import PARTIAL_MARK

    return frozenset(PARTIAL_MARK.values()) | {""}



# the keys by which a .jsonl is known as one of forbattra's, on its first line: classify's, duplicates', discover's
# and extract's (in either language) records; trends' by its Period and theme keys (_is_trends_records)
_OWN_JSONL_KEYS = ({"row", "themes", "status"}, {"row", "duplicate_group"}, {"row", "cluster", "cluster_label"},
                   {"fil", "förslag"}, {"file", "suggestion"})


def _jsonl_written_by_forbattra(path: Path, theme_labels: Collection[str] = ()) -> bool:
    """Whether the .jsonl at ``path`` is one forbattra wrote — or holds nothing to lose (empty, blank): its first
    line is an object with the keys of one of forbattra's records (:data:`_OWN_JSONL_KEYS`), or its lines are
    trends' table (:func:`_is_trends_records`). A .jsonl of one's own (another system's records, a log, a budget
    with a *Period* key too) is not: no command replaces it. ``theme_labels``: as for a .csv."""
    records: list[object] = []
    try:
        with path.open("rb") as fh:
            while len(records) < 30:  # (as a .csv: its first 30 lines)
                line = fh.readline(1 << 24)  # (a classify line holds a whole text: read to its end)
                if not line:
                    break
                if line.strip():
                    try:
                        records.append(json.loads(line.decode("utf-8-sig")))
                    except ValueError:
                        return False
                if records and not (isinstance(records[0], dict) and next(iter(records[0]), None) == "Period"):
                    break  # (only trends' table is known by more than its first line)
    except OSError:  # (unreadable: the folder check, or the write, says so)
        return True
    if not records:
        return True
    first = records[0]
    if not isinstance(first, dict):
        return False
    return any(keys <= first.keys() for keys in _OWN_JSONL_KEYS) or _is_trends_records(records, theme_labels)


def _is_trends_records(records: list[object], theme_labels: Collection[str]) -> bool:
    """Whether the .jsonl ``records`` are trends' table, as :func:`_is_trends_table` knows its .csv: each an object
    of the same keys, *Period* first and then one per theme label (of a built-in taxonomy, in Swedish or English, or
    of ``theme_labels``), each theme's value a whole-number count."""
    first = records[0]
    if not isinstance(first, dict) or next(iter(first), None) != "Period":
        return False
    keys = list(first)
    labels = _trends_labels() | set(theme_labels)
    if len(keys) < 2 or not all(k in labels for k in keys[1:]):
        return False
    return all(isinstance(r, dict) and list(r) == keys
               and all(isinstance(r[k], int) and not isinstance(r[k], bool)
                       or k in _partial_names() and isinstance(r[k], str) and r[k] in _partial_cells() for k in keys[1:]) for r in records)


def _has_classify_columns(path: Path) -> bool:
    """A sheet whose header row (in its first 30 rows) holds classify's *Tema-id* and *Rättat tema* columns (or
    their English names): classify's workbook, also after a tool that drops the author (Google Sheets' download)
    saved it, so that its corrections are still carried over."""
    import pandas as pd

    try:
        book = pd.ExcelFile(path, engine="calamine")
        for name in book.sheet_names:
            head = pd.read_excel(book, sheet_name=name, header=None, nrows=30, dtype=str)
            for row in head.itertuples(index=False):
                cells = {str(c).strip() for c in row}
                if any({c["ids"], c["fix"]} <= cells for c in COLS.values()):
                    return True
    except Exception:  # not a workbook that can be read: nothing of classify's to keep
        return False
    return False


def filled_corrections(path: Path) -> str | None:
    """The name of the *Rättat tema* column (*Corrected themes* in English) when ``path`` is classify's
    output (.xlsx or .csv) with something typed into that column, else None. Another command's output that merely carries its input's *Rättat tema* (``duplicates`` of a
    classify workbook) is not: that command may write it again. classify's: a workbook with its column
    record (or, written before it, classify's sheets only: *Förslag*, *Teman*, …, *Förklaringar*); a .csv
    whose last column is *Rättat tema*."""
    import csv
    import io

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            import pandas as pd

            from forbattra.scoring.active import REVIEW_SHEET

            book = pd.ExcelFile(path, engine="calamine")
            names = set(book.sheet_names)
            classify_sheets = {v for c in COLS.values() for k, v in c.items() if k.startswith("sheet_")} \
                | set(REVIEW_SHEET.values()) | {t[0] for t in _DROPDOWN_TEXT.values()}
            if recorded_columns(path) is None and not (
                    names <= classify_sheets and {COLS["sv"]["sheet_notes"], COLS["en"]["sheet_notes"]} & names):
                return False
            for name in book.sheet_names:  # the header rows first; then the correction column alone
                head = pd.read_excel(book, sheet_name=name, header=None, nrows=30, dtype=str,
                                     keep_default_na=False).values.tolist()
                at = next(((r, j) for r, cells in enumerate(head) for j, c in enumerate(cells)
                           if str(c).strip() in CORRECTION_COLUMNS), None)
                if at is None:
                    continue
                col = pd.read_excel(book, sheet_name=name, header=None, usecols=[at[1]], skiprows=at[0] + 1, dtype=str,
                                    keep_default_na=False)
                if len(col.columns) and any(str(v).strip() for v in col.iloc[:, 0]):
                    return str(head[at[0]][at[1]]).strip()
            return None
        elif suffix == ".csv":
            text = saved_csv_text(path.read_bytes()) or ""
            if not any(c in text for c in CORRECTION_COLUMNS):
                return None
            grids = [g for g in (list(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in (";", ",", "\t"))
                     if g and [c.strip() for c in g[0] if c.strip()][-1:] and
                     [c.strip() for c in g[0] if c.strip()][-1] in CORRECTION_COLUMNS]
        else:
            return None
    except Exception:  # noqa: BLE001 - not a table forbattra can read: nothing of ours to protect
        return None
    for grid in grids:
        head = next((r for r, cells in enumerate(grid[:30]) if any(str(c).strip() in CORRECTION_COLUMNS for c in cells)),
                    None)
        if head is None:
            continue
        k = next(j for j, c in enumerate(grid[head]) if str(c).strip() in CORRECTION_COLUMNS)
        if any(len(r) > k and str(r[k]).strip() for r in grid[head + 1:]):
            return str(grid[head][k]).strip()
    return None


def saved_csv_text(raw: bytes) -> str | None:
    """A .csv forbattra wrote, as text: UTF-8 (with its BOM), or Windows-1252 where Excel re-saved it
    ("CSV (semikolonavgränsad)"); None when it is neither. Each letter one code point (NFC), as the input is read
    (an older output of a Mac export holds "å" as "a" and a combining ring)."""
    import unicodedata

    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    return None


def _check_folder(folder: Path, example: Path, option: str = "--out") -> None:
    """The nearest existing folder must be a folder we can create files in."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent  # missing folders are created when writing
    if not probe.is_dir():
        raise OutputError.of("err_out_not_folder", path=example, folder=probe, option=option)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".forbattra-check.", suffix=".tmp", dir=probe)
    except OSError as exc:
        raise output_error(example, exc) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


_FORMULA_START = "=+-@\t\r"
# a cell that starts with '-' and is no formula: a dash answer ("-") or a negative number ("-3,75", "-1200"),
# which Excel reads as the text or the number it is; a ' before it would show, and make the number text
_NO_FORMULA = re.compile(r"-(?:\d+(?:[.,]\d+)?(?: ?%)?)?")  # (a negative percentage as Excel shows it: "-12,50 %")


def unguard(value: str) -> str:
    """A cell as forbattra wrote it, without the ``'`` the CSV writer puts before formula-like text."""
    return value[1:] if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START else value


def safe_cell(value: str) -> str:
    """CSV-safe text: prefix ``'`` where Excel would start a formula (not before a negative number or a lone
    dash, which it reads as they are)."""
    if value and value[0] in _FORMULA_START and not _NO_FORMULA.fullmatch(value):
        return "'" + value
    return value


def _excel_start(value: str, units: int) -> str:
    """The longest start of ``value`` within ``units`` characters as Excel counts them (UTF-16 units: a character
    past U+FFFF, an emoji, is two), no character split."""
    if len(value) <= units // 2:  # (fits whatever its characters)
        return value
    n = 0
    for k, ch in enumerate(value):
        n += 2 if ch > "\uffff" else 1
        if n > units:
            return value[:k]
    return value


def fit_cell(value: str, lang: str = "sv") -> str:
    """Truncate text longer than an Excel cell holds, with a visible marker in ``lang``: the cell's limit counted
    as Excel and xlsxwriter count it (in UTF-16 units; xlsxwriter cuts a longer text without a word)."""
    if len(value) <= EXCEL_CELL_LIMIT // 2 or _excel_start(value, EXCEL_CELL_LIMIT) is value:
        return value
    mark = TRUNCATION_MARKS["en" if lang == "en" else "sv"]
    return _excel_start(value, EXCEL_CELL_LIMIT - len(mark)) + mark


def uncut_part(value: str) -> str:
    """What of ``value`` a workbook keeps whatever its language: a cell read back without the marker
    :func:`fit_cell` put on it (either language: a Swedish run reads last week's English workbook too), and a text
    longer than the shortest such cut is cut there, so a text and its cut cell compare equal."""
    for mark in TRUNCATION_MARKS.values():
        if value.endswith(mark):
            value = value[: -len(mark)]
            break
    return _excel_start(value, EXCEL_CELL_LIMIT - max(map(len, TRUNCATION_MARKS.values())))


def kept_names(orig: list, lang: str) -> dict:
    """The input's columns that share a name with an output column forbattra adds ("Status", "Tema",
    "Motivering"), renamed so they are kept beside it ("Status (indata)"), not overwritten. A forbattra
    output read back as input (it has all of them) has them replaced instead."""
    c = COLS[lang]
    own = [c[k] for k in ("theme", "all", "ids", "conf", "why", "status")]
    if all(name in orig for name in own):
        return {}
    suffix = " (indata)" if lang == "sv" else " (input)"
    return {name: name + suffix for name in orig if name in own}


def evidence_text(row_evidence: dict, themes: list[str], taxonomy: Taxonomy, lang: str) -> str:
    parts = []
    for t in themes:
        ev = row_evidence.get(t) or []
        if ev:
            parts.append(f"{taxonomy.label(t, lang)}: {', '.join(ev)}")
    return "; ".join(parts)


def result_table(frame, taxonomy: Taxonomy, *, lang: str = "sv", redact: Callable[[str], str] | None = None):
    """The per-row sheet: original columns + theme columns, as strings, input order."""
    import pandas as pd

    c = COLS[lang]
    orig = [col for col in frame.columns if col not in INTERNAL and col not in (THEMES, SCORES, EVIDENCE, STATUS)]
    out = frame[orig].copy() if orig else pd.DataFrame(index=frame.index)
    out = out.rename(columns=kept_names(orig, lang))
    evidence = frame[EVIDENCE]
    if redact is not None:
        from forbattra.outputs.redact import bare_number_masker

        for col in list(out.columns):
            bare = bare_number_masker(col)  # (701234567 in a "Telefon" column: Excel dropped the zero)
            out[col] = [redact(bare(v) if bare else v) if isinstance(v, str) else v for v in out[col]]
        evidence = redacted_evidence(frame, redact)
    # the texts made here are kept as Python strings (dtype object): pandas 3 would convert each column to its
    # string array, which the writers convert back (a 100,000-row workbook: ≈ 0.1 s of each, issue 14)
    def texts(values: list):
        return pd.Series(values, index=out.index, dtype=object)

    out[c["theme"]] = texts([taxonomy.label(ts[0], lang) for ts in frame[THEMES]])
    out[c["all"]] = texts(["; ".join(taxonomy.label(t, lang) for t in ts) for ts in frame[THEMES]])
    out[c["ids"]] = texts(["|".join(ts) for ts in frame[THEMES]])
    out[c["conf"]] = [round(sc.get(ts[0], 0.0), 2) for ts, sc in zip(frame[THEMES], frame[SCORES])]
    out[c["why"]] = texts([evidence_text(ev, ts, taxonomy, lang) for ev, ts in zip(evidence, frame[THEMES])])
    st = STATUS_TEXT[lang]
    out[c["status"]] = texts([st.get(v, v) for v in frame[STATUS]])
    if c["fix"] not in out.columns:
        out[c["fix"]] = ""
    return out


def redacted_evidence(frame, redact: Callable[[str], str], masked: list | None = None) -> list:
    """Each row's evidence (theme → words) without the words masking removes from its text: a name, a
    part of an e-mail address or a number is never shown as a reason (``--redact``). ``masked``: the texts
    already masked, when the caller has them (each text masked once)."""
    from forbattra.outputs.redact import masked_words, without_masked

    out = []
    if masked is None:
        masked = [redact(t) if isinstance(t, str) and t and ev else t for t, ev in zip(frame[TEXT], frame[EVIDENCE])]
    for text, ev, m in zip(frame[TEXT], frame[EVIDENCE], masked):
        gone = masked_words(text, m) if isinstance(text, str) and text and ev else set()
        out.append({t: without_masked(ws, gone) for t, ws in ev.items()} if gone else ev)
    return out


def dumps_line(obj) -> str:
    """One JSON Lines record: UTF-8 text kept as is, anything unusual (dates, paths) as its string."""
    return json.dumps(obj, ensure_ascii=False, default=str) + "\n"


def write_records(records: Iterable[dict], target: Path) -> None:
    """A ``.jsonl`` file of ``records``, one object per line, atomically."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(dumps_line(rec))


def write_outputs(targets: list[Path], *, table, sheets: list[tuple[str, object]], records: Iterable[dict] | None = None,
                  title: str = "forbattra", csv_delimiter: str = ";", tx: "AtomicOutputs | None" = None,
                  typed: Iterable[str | tuple[str, str]] = (), lang: str = "sv") -> None:
    """Write one result to every target by its suffix: the one dispatch for every command's outputs.

    ``.jsonl`` gets ``records`` (default: ``table``'s rows), ``.csv`` gets ``table``, ``.xlsx`` gets ``sheets``
    (in those named in ``typed``, the input's numbers and dates as numbers and dates, as classify writes them; a
    ``(sheet, column)`` pair: that column alone).
    With ``tx`` the files are written to its temporary paths and replaced only when it commits, together
    with whatever else the command writes; without, several targets are still replaced together (a failure
    on a later one — disk full, a file open in Excel, Ctrl-C — leaves every output as it was).
    """
    if tx is None and len(targets) > 1:
        with AtomicOutputs() as own:
            write_outputs(targets, table=table, sheets=sheets, records=records, title=title,
                          csv_delimiter=csv_delimiter, tx=own, typed=typed, lang=lang)
            own.commit()
        return
    for target in targets:
        suffix = target.suffix.lower()
        path = tx.path(target) if tx is not None else target
        if suffix == ".jsonl":
            write_records(table.to_dict("records") if records is None else records, path)
        elif suffix == ".csv":
            write_csv(table, path, delimiter=csv_delimiter)
        elif suffix == ".xlsx":
            write_xlsx(sheets, path, title=title, typed=typed, lang=lang)
        else:
            raise out_format_error(target, OUTPUT_SUFFIXES)


def write_jsonl(frame, target: Path, *, redact: Callable[[str], str] | None = None) -> None:
    """The scripting contract: one object per input row, in input order."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        append_jsonl(frame, fh, redact=redact)


def append_jsonl(frame, fh, *, redact: Callable[[str], str] | None = None) -> None:
    """Write the JSONL lines of ``frame`` to an open text file."""
    if redact is None and _ENCODE is not None and len(frame):
        text = _jsonl_columns(frame)
        if text is not None:
            fh.write(text)
            return
    persons = frame[PERSON] if PERSON in frame.columns else [None] * len(frame)
    evidences, groups, texts = frame[EVIDENCE], frame[GROUP], frame[TEXT]
    if redact is not None:
        from forbattra.outputs.redact import mask_units

        texts = [redact(t) for t in texts]  # once per text, for the line and for its evidence
        evidences, groups = redacted_evidence(frame, redact, texts), mask_units(groups, redact)
    for row, id_, text, group, date, themes, scores, evidence, status, person in zip(
        frame[ROW], frame[ID], texts, groups, frame[DATE], frame[THEMES], frame[SCORES],
        evidences, frame[STATUS], persons,
    ):
        # the person travels with the row so that a report made from this file can mask the name
        # wherever it appears in free text; under --redact it is masked itself, and so is every text
        # field (an e-mail address as id, a unit named after a person)
        person = person if isinstance(person, str) and person else None
        row = int(row)
        if redact is not None:
            person = redact(person) if person else person
            id_ = redact(id_) if isinstance(id_, str) else id_
        try:
            line = _jsonl_line(row, id_, text, group, date, themes, scores, evidence, status, person)
        except (TypeError, AttributeError):  # an unusual value (a date, a number as id): the full encoder
            line = dumps_line({"row": row, "id": id_, "text": text, "group": group, "date": date,
                               "themes": list(themes), "scores": scores, "evidence": evidence, "status": status,
                               "person": person})
        fh.write(line)


# The worker's hot loop (issue 14): a JSON line rendered straight from its values with the C string
# escaper that ``json.dumps(ensure_ascii=False)`` itself uses, the same separators and float repr, so
# every byte equals :func:`dumps_line` of the record (``tests/test_scale_render.py``); an id, text,
# group, date or theme that is not a plain string raises TypeError and takes the full encoder.
# 5,000 result rows: 72 → 54 ms for the encoding alone (fourth round), and no per-row dict.
_JSON_STR = json.encoder.encode_basestring  # type: ignore[attr-defined]
_JSONL = ('{"row": %d, "id": %s, "text": %s, "group": %s, "date": %s, "themes": [%s], "scores": %s, '
          '"evidence": %s, "status": %s, "person": %s}\n')
_JSONL_PIECES = tuple(_JSONL.replace("%d", "%s").split("%s"))  # the constant text before, between and after the fields
# The scores and evidence dicts through json's C encoder, built once with exactly the settings
# json.dumps(ensure_ascii=False, default=str) builds it with on every call (fifth round: one C call
# per dict instead of Python per entry; 5,000 rows ≈ -15 % for the line rendering).
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = _C_ENCODER(None, str, _JSON_STR, None, ": ", ", ", False, False, True) if _C_ENCODER else None


def _json_value(v) -> str:
    """``json.dumps(v, ensure_ascii=False, default=str)``."""
    if _ENCODE is None:
        return json.dumps(v, ensure_ascii=False, default=str)
    return "".join(_ENCODE(v, 0))


def jsonl_from_pairs(frame, prow: list, ptheme: list, pscore: list, pwords: list, status: list) -> str | None:
    """:func:`append_jsonl`'s text for ``frame`` classified as (row, theme) pairs
    (:meth:`forbattra.scoring.pipeline.Classifier.classify_pairs`, rows in order, each row's best first),
    byte for byte, without a dict per row (seventh round): each pair's JSON pieces rendered by C-level
    ``map``s, a row's pieces joined by one ``str.join`` over the chunk and cut again at NULs (JSON
    escapes every NUL of a value). ``None`` where :func:`append_jsonl` would not render column by column."""
    if _ENCODE is None or not len(frame):
        return None
    key = {t: _JSON_STR(t) for t in set(ptheme)}
    if not all(type(t) is str for t in key):
        return None
    keys = list(map(key.__getitem__, ptheme))
    first = [True] + list(map(int.__ne__, prow[1:], prow[:-1]))
    last = first[1:] + [True]
    open_, between = list(map((", ", "{").__getitem__, first)), list(map((", ", "").__getitem__, first))
    close, ends = list(map(("", "}\0").__getitem__, last)), list(map(("", "\0").__getitem__, last))
    colon = [": "] * len(prow)
    theme_s = "".join(itertools.chain.from_iterable(zip(between, keys, ends))).split("\0")
    scores = "".join(itertools.chain.from_iterable(zip(open_, keys, colon, map(float.__repr__, pscore),
                                                       close))).split("\0")
    words = map("".join, map(_ENCODE, pwords, itertools.repeat(0)))  # type: ignore[misc]
    evidence = "".join(itertools.chain.from_iterable(zip(open_, keys, colon, words, close))).split("\0")
    return _jsonl_columns(frame, (theme_s[:-1], scores[:-1], evidence[:-1], status))


def _jsonl_columns(frame, rendered: tuple | None = None) -> str | None:
    """The text of :func:`append_jsonl` rendered column by column (fifth round): each field of a whole
    column escaped by one C-level ``map``, then all of them and the constant pieces between them
    interleaved and joined once (twelfth round; was one ``%`` format per row); no Python call per value.
    ``None`` when a column holds anything but plain strings (and missing values where allowed): the
    caller then renders row by row, where such values take the full encoder. ``rendered``: the themes,
    scores and evidence already as JSON, and the status, per row (:func:`jsonl_from_pairs`)."""
    NoneType = type(None)
    rows = frame[ROW].tolist()
    if set(map(type, rows)) != {int}:
        return None
    cols = []
    for name in (ID, TEXT, GROUP, DATE):
        vals = frame[name].tolist()
        kinds = set(map(type, vals))
        if not kinds <= {str, NoneType}:
            return None
        cols.append(list(map(_JSON_STR, vals)) if NoneType not in kinds else
                    [_JSON_STR(v) if v is not None else "null" for v in vals])
    s = _JSON_STR
    if rendered is not None:
        theme_s, scores, evidence, status = rendered
    else:
        themes, status = frame[THEMES].tolist(), frame[STATUS].tolist()
        if not set(map(type, themes)) <= {list, tuple} or set(map(type, status)) != {str}:
            return None
        sep = ", ".join
        try:
            theme_s = [sep(map(s, ts)) for ts in themes]  # TypeError for a theme that is not a string
        except TypeError:
            return None
        # scores and evidence: json's C encoder renders any value exactly as dumps_line would
        scores = list(map("".join, map(_ENCODE, frame[SCORES].tolist(), itertools.repeat(0))))  # type: ignore[misc]
        evidence = list(map("".join, map(_ENCODE, frame[EVIDENCE].tolist(), itertools.repeat(0))))  # type: ignore[misc]
    if PERSON in frame.columns:
        person = [_JSON_STR(p) if isinstance(p, str) and p else "null" for p in frame[PERSON].tolist()]
    else:
        person = ["null"] * len(rows)
    fields = (map(str, rows), cols[0], cols[1], cols[2], cols[3], theme_s, scores, evidence, map(s, status), person)
    between = map(itertools.repeat, _JSONL_PIECES)
    return "".join(itertools.chain.from_iterable(zip(*itertools.chain.from_iterable(zip(between, fields)),
                                                     itertools.repeat(_JSONL_PIECES[-1]))))


def _json_opt(v) -> str:
    return "null" if v is None else _JSON_STR(v)


def _jsonl_line(row: int, id_, text, group, date, themes, scores, evidence, status, person) -> str:
    if type(row) is not int or isinstance(themes, str):
        raise TypeError(row)
    s = _JSON_STR
    return _JSONL % (row, _json_opt(id_), _json_opt(text), _json_opt(group), _json_opt(date),
                     ", ".join(map(s, themes)), _json_value(scores), _json_value(evidence), s(status),
                     _json_opt(person))


def write_csv(table, target: Path, *, delimiter: str = ";") -> None:
    """Excel-friendly CSV for Swedish users: UTF-8 with BOM, ``;`` by default, CRLF."""

    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        append_csv(table, fh, delimiter=delimiter, header=True)


def append_csv(table, fh, *, delimiter: str = ";", header: bool = False) -> None:
    """Write ``table``'s rows (and optionally its header) to an open CSV file."""
    # the values iteration gives (pyarrow strings converted in C)
    _append_csv_columns(list(table.columns), [table.iloc[:, j].tolist() for j in range(table.shape[1])], fh,
                        delimiter=delimiter, header=header)


def csv_from_pairs(frame, taxonomy: Taxonomy, prow: list, ptheme: list, pscore: list, pwords: list, status: list,
                   *, lang: str = "sv", delimiter: str = ";", header: bool = False) -> str | None:
    """:func:`append_csv` of :func:`result_table` for ``frame`` classified as (row, theme) pairs
    (:func:`jsonl_from_pairs`), byte for byte, without a dict or a pandas column per row (seventh round):
    each pair's labels and evidence rendered by C-level ``map``s and joined per row through NUL cuts.
    ``None`` for a frame with repeated column names or a label holding a NUL (the general path)."""
    import io

    import numpy as np

    c = COLS[lang]
    n = len(status)
    label = {t: taxonomy.label(t, lang) for t in set(ptheme)}
    if len(set(frame.columns)) != len(frame.columns) or any("\0" in x for x in label.values()):
        return None
    plabel = list(map(label.__getitem__, ptheme))
    pr = np.asarray(prow, dtype=np.int64)
    first = np.concatenate([[True], pr[1:] != pr[:-1]]) if len(pr) else np.zeros(0, dtype=bool)
    last = np.concatenate([first[1:], [True]]) if len(pr) else first
    fi = np.flatnonzero(first).tolist()
    ends = list(map(("", "\0").__getitem__, last.tolist()))

    def per_row(values: list, lead: list) -> list:
        """Each row's pairs' ``lead + value`` joined (one join over the chunk, cut at the row ends)."""
        return "".join(itertools.chain.from_iterable(zip(lead, values, ends))).split("\0")[:-1]

    alltext = per_row(plabel, list(map(("; ", "").__getitem__, first.tolist())))
    ids = per_row(ptheme, list(map(("|", "").__getitem__, first.tolist())))
    # evidence: "label: w1, w2" for the pairs with words, "; " between those of one row
    has = np.fromiter(map(bool, pwords), dtype=bool, count=len(pwords))
    before = np.cumsum(has) - has  # pairs with words before this one in the whole chunk
    row_start = np.repeat(before[first], np.diff(np.concatenate([np.flatnonzero(first), [len(pr)]])))
    sep = np.where(has, np.where(before > row_start, "; ", ""), "").tolist() if len(pr) else []
    frags = list(map("".join, zip(plabel, itertools.repeat(": "), map(", ".join, pwords))))
    frags = [f if h else "" for f, h in zip(frags, has.tolist())]
    why = per_row(frags, sep)
    point = "," if delimiter == ";" else "."
    rounded = list(map(round, map(pscore.__getitem__, fi), itertools.repeat(2)))
    conf = list(map({v: _str(v, point) for v in set(rounded)}.__getitem__, rounded))  # (a few hundred values)
    orig = [col for col in frame.columns if col not in INTERNAL and col not in (THEMES, SCORES, EVIDENCE, STATUS)]
    rename = kept_names(orig, lang)
    table = {rename.get(col, col): frame[col].tolist() for col in orig}
    table[c["theme"]] = list(map(plabel.__getitem__, fi))
    table[c["all"]] = alltext
    table[c["ids"]] = ids
    table[c["conf"]] = conf
    table[c["why"]] = why
    st = STATUS_TEXT[lang]
    table[c["status"]] = list(map(st.get, status, status))
    if c["fix"] not in table:
        table[c["fix"]] = [""] * n
    buf = io.StringIO(newline="")
    _append_csv_columns(list(table), list(table.values()), buf, delimiter=delimiter, header=header)
    return buf.getvalue()


def _append_csv_columns(names: list, columns: list, fh, *, delimiter: str = ";", header: bool = False) -> None:
    """:func:`append_csv` of a table given as column names and value lists."""
    import csv

    w = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    # Swedish Excel opens a ';' file with the Swedish locale, which reads 0,99 as a number and 0.99 as
    # text; a ',' file is read with the English convention, so it keeps the point.
    point = "," if delimiter == ";" else "."
    if header:
        w.writerow([safe_cell(str(h)) for h in names])
    # column by column (issue 14): the csv module's per-character work done by C-level passes over a whole
    # column, so that only the cells that need it (a decimal point, a formula start, a character that makes
    # the cell quoted) get a pass in Python; the same cells as safe_cell(_str(v)) per value, quoted as
    # csv.writer (QUOTE_MINIMAL) quotes them (twenty-first and thirty-eighth rounds)
    fast = _scannable(delimiter)
    cols, quotes = [], []
    for values in columns:
        scan = _scan_cells(values, delimiter) if fast else None
        if scan is None and not set(map(type, values)) <= {str}:
            values = [safe_cell(_str(v, point)) for v in values]
            scan = _scan_cells(values, delimiter) if fast else None
            quoted = None if scan is None else scan[0]
        elif scan is None:  # (a delimiter the scan cannot take: per cell)
            if point == ",":
                values = list(map(_comma_decimal, values))
            if not set(map(itemgetter(0), filter(None, values))).isdisjoint(_FORMULA_START):
                values = [safe_cell(v) for v in values]
            quoted = None
        else:
            quoted, dotted, formula = scan
            if (point == "," and dotted) or formula:
                values = list(values)
                for i in dotted if point == "," else ():
                    values[i] = _comma_decimal(values[i])
                for i in formula:
                    values[i] = safe_cell(values[i])
        cols.append(values)
        quotes.append(quoted)
    if len(cols) < 2 or not cols[0]:
        w.writerows(zip(*cols))  # (a row of one empty field is written '""' by the csv module's own rule)
        return
    # The rows joined directly, byte for byte what csv.writer writes: a cell holding the delimiter, a quote or
    # a line break is quoted, its quotes doubled (the writer itself spent 60 % of a .csv chunk's rendering
    # scanning every character of every cell, twenty-first round).
    special = _csv_special(delimiter)
    out = []
    for values, quoted in zip(cols, quotes):
        if quoted is None:
            if any(map(special, values)):
                values = [('"' + v.replace('"', '""') + '"') if special(v) else v for v in values]
        elif quoted:
            values = list(values)
            for i in quoted:
                values[i] = '"' + values[i].replace('"', '""') + '"'
        out.append(values)
    fh.write("\r\n".join(map(delimiter.join, zip(*out))) + "\r\n")


def _scannable(delimiter: str) -> bool:
    """Whether :func:`_scan_cells`, run before a cell's decimal comma and formula guard, finds the cells to
    quote for ``delimiter``: a Latin-1 character (one byte in its scan) other than the guard's ``'``
    (:func:`safe_cell`; a decimal comma, only in ``;`` files, brings no delimiter)."""
    return ord(delimiter) < 256 and delimiter != "'"


def _scan_cells(values: list, delimiter: str) -> tuple[list[int], list[int], list[int]] | None:
    """The positions of the cells in ``values`` that hold the delimiter, ``"``, CR or LF (those csv.writer
    quotes), of those that hold a ``.`` before a digit (where :func:`_comma_decimal` may change one), and of
    those that start with a formula character (where :func:`safe_cell` may); ``None`` where a value is no text.

    One pass over the column's characters in numpy instead of a regular-expression search per cell (≈ 6 ns per
    character): the column joined and encoded as Latin-1, one byte per character (a character past Latin-1
    becomes ``?``; all the characters looked for are ASCII), each hit mapped to its cell by the cells'
    cumulated lengths. (A ``.`` ending one cell before a digit starting the next is a harmless extra
    candidate.)"""
    import numpy as np

    if not values:
        return [], [], []
    try:
        joined = "".join(values)
    except TypeError:
        return None
    b = np.frombuffer(joined.encode("latin-1", "replace"), dtype=np.uint8)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    ends = np.cumsum(lengths)
    hit = (b == ord(delimiter)) | (b == 34) | (b == 13) | (b == 10)
    quoted = np.unique(np.searchsorted(ends, np.flatnonzero(hit), side="right")).tolist()
    dot = np.flatnonzero((b[:-1] == 46) & ((b[1:] - 48) < 10))
    dotted = np.unique(np.searchsorted(ends, dot, side="right")).tolist()
    cells = np.flatnonzero(lengths)
    formula = cells[np.isin(b[(ends - lengths)[cells]], np.frombuffer(_FORMULA_START.encode(), dtype=np.uint8))].tolist()
    return quoted, dotted, formula


def _comma_decimal(v: str) -> str:
    """A plain decimal ('1234.5', '-0.25': what the .xlsx writes as a number, :func:`excel_value`) with a
    decimal comma, as Swedish Excel reads a ';' file; any other text as it is."""
    return v.replace(".", ",") if "." in v and _DEC_TEXT.fullmatch(v) else v


@functools.lru_cache(maxsize=8)
def _csv_special(delimiter: str):
    """The search for a character that makes csv.writer quote a cell (``delimiter``, ``"``, CR, LF)."""
    return re.compile("[" + re.escape(delimiter) + '"\r\n]').search


def _str(v, point: str = ".") -> str:
    """A .csv cell's text: numbers with ``point`` as the decimal mark, as are the plain decimals among the
    texts (:func:`_comma_decimal`)."""
    if v is None:
        return ""
    if type(v) is str:
        return _comma_decimal(v) if point == "," else v
    if isinstance(v, float):
        if v != v:
            return ""
        # (up to four decimals, as the .jsonl: a similarity of 0.997 is no copy's 1; a confidence is rounded to two)
        s = f"{v:.4f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
        return s.replace(".", point)
    return str(v)


_INT_TEXT = re.compile(r"-?(?:0|[1-9]\d{0,14})")
_DEC_TEXT = re.compile(r"-?(?:0|[1-9]\d{0,14})\.\d{1,15}")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")
_TIME_TEXT = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?")  # 08:30, 13:45:10 (an Excel time cell read)
MAX_WIDTH = 60  # characters; longer text wraps
LINE_HEIGHT = 15  # points per wrapped line (Calibri 11)
MAX_ROW_HEIGHT = 409  # Excel's limit
WIDTH_SAMPLE = 2000  # rows looked at to size the columns


def excel_value(text: str):
    """The typed value of a cell read as text: numbers and ISO dates as Excel has them, else the text.

    Readers hand every cell over as text ('1', '2026-10-01'); written back as text, Excel shows them
    with a green triangle and sorts 10 before 9. Only canonical forms are converted, so '007', ids
    with 16+ digits and '1,5' stay text exactly as the user wrote them.
    """
    if not text or (text[0] != "-" and not text[0].isdecimal()):  # what every pattern below starts with
        return text
    if _INT_TEXT.fullmatch(text):
        return int(text)
    if _DEC_TEXT.fullmatch(text):
        return float(text)
    if _DATE_TEXT.fullmatch(text) or _DATETIME_TEXT.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return text
    if _TIME_TEXT.fullmatch(text):
        return daytime.fromisoformat(text)
    return text


def _lines(text: str, width: int) -> int:
    return sum(max(1, -(-len(part) // max(width, 1))) for part in text.split("\n"))


EXCEL_MAX_ROWS = 1_048_576  # rows of an Excel sheet, the header row included


def check_xlsx_rows(n_rows: int, target: Path) -> None:
    """Refuse a table of ``n_rows`` data rows that does not fit in an Excel sheet (xlsxwriter would drop
    the rows past the limit without a word): :class:`OutputError` with the way out (.csv or .jsonl)."""
    if n_rows + 1 > EXCEL_MAX_ROWS:
        raise OutputError.of("err_xlsx_too_many_rows", path=target, n=n_rows, limit=EXCEL_MAX_ROWS - 1)


# the duplicates workbook's sheet of one line per group (classify's has the Dubbletter sheet alone)
SHEET_DUP_GROUPS = {"sv": "Dubblettgrupper", "en": "Duplicate groups"}
SHEET_CLUSTERS = {"sv": "Kluster", "en": "Clusters"}  # discover's
# sheets whose first column stays in view beside the header row: Tema per enhet's unit (its theme columns run past
# the screen's edge), the duplicate sheets' group number (a member's text and its group's words do too: an
# analyst scrolling right through 300 groups still sees which group a line is), and discover's cluster number
# (its thirteen columns with a wide Exempel run past the edge as well)
_KEY_COLUMN_SHEETS = frozenset(name for lang in COLS for name in (COLS[lang]["sheet_units"], COLS[lang]["sheet_dups"],
                                                                  SHEET_DUP_GROUPS[lang], SHEET_CLUSTERS[lang]))


def write_xlsx(sheets: list[tuple[str, object]], target: Path, *, title: str = "forbattra",
               charts: Callable | None = None, redact: Callable[[str], str] | None = None,
               typed: Iterable[str | tuple[str, str]] = (), dropdowns: dict[str, tuple[str, list[str]]] | None = None,
               lang: str = "sv", record_columns: bool = False, model_record: dict | None = None,
               row_offsets: dict[str, int] | None = None, roles: dict | None = None) -> None:
    """Write DataFrames as sheets: frozen header (and first column on *Tema per enhet*), autofilter, widths; text
    never becomes a formula.

    Every sheet prints landscape on A4, one page wide, with the header row repeated; long text wraps
    in columns at most ``MAX_WIDTH`` characters wide and each row is as tall as its longest cell.
    ``redact`` masks every text cell of every sheet. In the sheets named in ``typed`` text that is a
    plain number or an ISO date is written as a number or a date (see :func:`excel_value`); a ``(sheet,
    column)`` pair in ``typed`` does so for that column alone (the input's ids and units on a sheet beside the
    per-row one, typed as that sheet has them, so a lookup between the two finds them).
    ``dropdowns``: sheet name → (column header, allowed values): that column gets a drop-down list (its
    warning, and the hidden sheet a long list goes to, in ``lang``).
    A table may be a function that returns it (e.g. a sheet another process is still computing): it is
    called when its sheet's turn comes, once the sheets before it are written; it may return the table in
    parts instead (an iterable of DataFrames with the same columns, the first at least ``WIDTH_SAMPLE`` rows
    unless it is the only one), written one after the other as they come. When the other sheets are
    too few to decide the workbook's memory mode by themselves, its rows count: ``len()`` of it if it has
    one (a line count known before the table), else it is called before anything is written.
    """
    for _name, table in sheets:  # Excel's row limit: refused before anything is written, never rows dropped
        if table is not None and not callable(table):  # (a deferred table's len() would wait for it)
            check_xlsx_rows(len(table), target)
    typed = set(typed)  # sheet names, and (sheet, column) pairs
    if redact is not None:  # unit names, labels and statuses repeat: mask each distinct text once
        redact = functools.lru_cache(maxsize=65536)(redact)
    # Big workbooks: rows go to disk as they are written (cells inline, no shared-string table), so
    # the writer's memory stays flat instead of holding every cell object until close.
    known = sum(len(t) for _, t in sheets if t is not None and not callable(t))
    if known <= XLSX_CONSTANT_MEMORY_ROWS:  # a deferred table's rows may decide the mode
        sheets = [(name, _called(t) if callable(t) and not hasattr(t, "__len__") else t) for name, t in sheets]
    big = known > XLSX_CONSTANT_MEMORY_ROWS or sum(len(t) for _, t in sheets if t is not None) > XLSX_CONSTANT_MEMORY_ROWS
    with atomic_path(target) as tmp, _workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                          "strings_to_numbers": False, "nan_inf_to_errors": True,
                                                          "constant_memory": big}) as wb:
        wb.set_properties({"title": title, "author": "forbattra", "created": FIXED_TIME, "comments": ""})
        written: dict[str, list[str]] = {}  # each sheet's columns as written (record_columns)
        head = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "valign": "top", "border": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        top = wb.add_format({"valign": "top"})
        pct = wb.add_format({"num_format": "0%", "valign": "top"})
        integer = wb.add_format({"num_format": "0", "valign": "top"})
        decimal = wb.add_format({"num_format": "0.00", "valign": "top"})
        day = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"})
        clock = wb.add_format({"num_format": "hh:mm", "valign": "top"})
        clock_s = wb.add_format({"num_format": "hh:mm:ss", "valign": "top"})
        cell_formats = _CellFormats(wrap, top, integer, decimal, day, stamp, clock, clock_s)
        bodies: list = []  # (worksheet, its rows deflated as written: _DeflatedRows)
        pending: list = []
        for name, table in sheets:
            rest: Iterator = iter(())  # a table given in parts: the parts after the first
            if callable(table):
                deferred, table = table, table()
                if table is not None and not hasattr(table, "columns"):  # DataFrames with the same columns, in turn
                    rest = iter(table)
                    table = next(rest)
                    if hasattr(deferred, "__len__"):  # all the parts' rows, counted before they are all there
                        check_xlsx_rows(len(deferred), target)
                if table is not None:
                    check_xlsx_rows(len(table), target)
            if table is None:
                continue
            ws = wb.add_worksheet(name[:31])
            cols = [str(c) for c in table.columns]
            written[name[:31]] = cols

            def prepare(v, is_typed=False):
                if v is None or (isinstance(v, (float, datetime)) and v != v) or (isinstance(v, str) and not v):  # NaN, NaT
                    return None
                if isinstance(v, str):
                    v = fit_cell(redact(v) if redact is not None else v, lang)
                    return excel_value(v) if is_typed else v
                return v

            def prepare_typed(v):
                return prepare(v, True)

            preps = [prepare_typed if name in typed or (name, col) in typed else prepare for col in cols]

            # column widths from the header and the first rows, so rows are then written in one pass
            # (bounded memory, in row order as xlsxwriter's constant_memory mode needs)
            widths = [max(min(max((len(w) for w in col.split()), default=6), MAX_WIDTH), 6) for col in cols]
            for rec in table.head(WIDTH_SAMPLE).itertuples(index=False, name=None):
                for j, v in enumerate(f(x) for f, x in zip(preps, rec)):
                    if isinstance(v, str):
                        longest = max((len(x) for x in v.split("\n")), default=0)
                        widths[j] = max(widths[j], min(longest, MAX_WIDTH))
                    elif isinstance(v, datetime):
                        widths[j] = max(widths[j], 10 if v.time() == datetime.min.time() else 16)
                    elif isinstance(v, daytime):
                        widths[j] = max(widths[j], 8)
                    elif isinstance(v, (int, float)) and not isinstance(v, bool):
                        widths[j] = max(widths[j], min(len(f"{v:g}"), 15))
            widths = [w + 2 for w in widths]
            for j in range(len(cols)):
                ws.set_column(j, j, widths[j])
            if cols:
                ws.set_row(0, LINE_HEIGHT * max(_lines(col, widths[j] - 2) for j, col in enumerate(cols)))
            header = text_writer(ws)
            for j, col in enumerate(cols):
                header(0, j, col, head)
            # forbattra's own shares (0..1) shown as percentages; never a column of the input's (typed: an "Andel"
            # column of the export holding 75 or 1 is the user's figure, shown as written, not as 7500 % or 100 %)
            shares = {j for j, col in enumerate(cols) if preps[j] is prepare
                      and (col in ("Andel", "Share") or col.startswith(("Andel ", "Share ")))}
            # Column by column: the values of a column are prepared in one pass (no per-row tuples from
            # pandas, no arrow-string iteration), each cell's format chosen by _cell_spec.
            limits = [w - 2 for w in widths]
            nums = [pct if j in shares else None for j in range(len(cols))]
            # a big sheet's rows go straight into its row file, rendered column by column (see _InlineRows);
            # else each cell through xlsxwriter's undecorated methods (the public ones first try int() on the
            # row to accept "A1" notation: a tenth of the cost), a row's height set after its cells
            inline = _InlineRows.open(ws, XLSX_DEFLATE_LEVEL) if big else None
            if inline is not None and inline.deflated is not None:
                bodies.append((ws, inline.deflated))
            put = _cell_writers(ws) if inline is None else None
            n_rows = 0
            for part in itertools.chain((table,), rest):  # (one part, unless the table came in parts)
                # (an integer column holds no missing value and no text: its values are written as they are)
                prepared = [_column_values(part[c]) if _plain_ints(part[c]) else _plain_floats(part[c])
                            if _numpy_kind(part[c], "f") else _prepared(f, _column_values(part[c]))
                            for f, c in zip(preps, part.columns)]
                if inline is not None:
                    inline.write(prepared, n_rows + 1, limits, nums, cell_formats)
                else:
                    for i, row in enumerate(zip(*prepared), start=n_rows + 1):
                        lines = 1
                        for j, v in enumerate(row):
                            if v is not None:
                                kind, value, fmt, n = _cell_spec(v, limits[j], nums[j], cell_formats)
                                put[kind](i, j, value, fmt)
                                if n > lines:
                                    lines = n
                        if lines > 1:
                            ws.set_row(i, min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT))
                n_rows += len(part)
            if inline is not None:
                inline.close()
            # the header row; on Tema per enhet and the duplicate sheets the first column too (_KEY_COLUMN_SHEETS)
            ws.freeze_panes(1, 1 if name[:31] in _KEY_COLUMN_SHEETS and len(cols) > 1 else 0)
            if len(cols):
                ws.autofilter(0, 0, max(n_rows, 1), len(cols) - 1)
            ws.set_landscape()
            ws.set_paper(9)  # A4
            ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
            ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
            ws.repeat_rows(0)
            ws.set_footer("&L&A&R&P / &N")
            if dropdowns and name in dropdowns and dropdowns[name][0] in cols:
                pending.append((ws, cols.index(dropdowns[name][0]), n_rows, dropdowns[name][1]))
        if charts is not None:
            charts(wb)
        for ws, col, n_rows, values in pending:  # after the data sheets: a list sheet, if any, comes last
            add_dropdown(wb, ws, col, n_rows, values, lang)
        # read back by _custom_json: which columns each sheet had (the next run's overwrite check, workflow.py),
        # the sorting model's figures (a report's accuracy note), how a Rad column numbers its rows (the next
        # run's typed corrections), which columns the run read as text, id, unit, date and person (:func:`recorded_roles`)
        for prefix, value in ((COLUMNS_PROPERTY, written if record_columns else None), (MODEL_PROPERTY, model_record),
                              (ROWS_PROPERTY, row_offsets), (ROLES_PROPERTY, roles)):
            if value:
                for k, part in enumerate(_property_chunks(json.dumps(value, ensure_ascii=True, sort_keys=True))):
                    wb.set_custom_property(f"{prefix}{k:04d}", part)
        _close(wb, XLSX_DEFLATE_LEVEL if big else None, bodies, target)



@contextlib.contextmanager
def _workbook(path: str, options: dict) -> Iterator:
    """An xlsxwriter ``Workbook`` whose temporary files (a big sheet's row file, as big as the sheet; each part
    as the workbook is closed) go into a folder of their own, removed with them however the writing ends: a
    failed or interrupted write left them in the system's temporary folder, one row file a sheet."""
    import xlsxwriter

    clean_stale_folders(Path(tempfile.gettempdir()), "forbattra-xlsx.")  # (a killed run's, named as below)
    with tempfile.TemporaryDirectory(prefix=f"forbattra-xlsx.{os.getpid()}@{_HOST}.", ignore_cleanup_errors=True) \
            as folder:
        wb = xlsxwriter.Workbook(path, {**options, "tmpdir": folder})
        try:
            yield wb
        except Exception as exc:
            os_exc = _write_oserror(exc)
            if os_exc is not None and _temp_disk_full(Path(folder), Path(path), os_exc):
                # the temporary folder's disk is full, not the output's: "write to another disk" would not help
                target = _PENDING.get(Path(path), Path(path))
                raise OutputError.of("err_write_temp_full", path=target, folder=Path(folder).parent) from None
            raise
        finally:  # (closed first, where a write failed: a file still open cannot be removed on Windows)
            for ws in wb.worksheets():
                for fh in (getattr(ws, "row_data_fh", None), getattr(ws, "fh", None)):
                    if isinstance(fh, _DeflatedRows):
                        fh.discard()
                    elif fh is not None and hasattr(fh, "close"):
                        with contextlib.suppress(OSError):
                            fh.close()


class _Parts:
    """A table given in parts, all received: its rows counted, and, called, the parts again (see write_xlsx)."""

    def __init__(self, parts: list) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def __call__(self) -> Iterator:
        return iter(self.parts)


def _called(table):
    """A deferred table's table, or its parts as a :class:`_Parts` (their rows then counted)."""
    got = table()
    return got if got is None or hasattr(got, "columns") else _Parts(list(got))


_ZIP_PATCH = threading.Lock()


def _close(wb, level: int | None = None, bodies: list = (), target: Path | None = None) -> None:
    """``wb.close()``, its parts deflated at zlib ``level`` (None: xlsxwriter's own, zlib's default).

    xlsxwriter has no option for the level: its ``ZipFile`` is given one for the duration of the close,
    under a lock every close takes (a workbook closed in another thread meanwhile is not deflated at this
    level, and the original is restored in order); an xlsxwriter without that module attribute closes at
    its own level. ``bodies``: ``(worksheet, _DeflatedRows)`` pairs, sheets whose rows were deflated as they
    were written; each such sheet's part is its start and end deflated here around them (see
    :func:`_splicing_zip`), or, where this xlsxwriter cannot be given that ZipFile, its rows copied into it as
    xlsxwriter does. A sheet whose rows went into neither is an error (``target`` named), never a sheet
    without rows.

    A close that fails (the disk full) leaves xlsxwriter's zip file open; it is closed here without its
    directory (the file is discarded), not when Python collects it: its ``__del__`` would try to write again
    and print "Exception ignored …" with a traceback on stderr, after the run's one error line."""
    import xlsxwriter.workbook as xw

    opened: list = []

    def kept(make):
        def zip_file(*args, **kwargs):
            zf = make(*args, **kwargs)
            opened.append(zf)
            return zf

        return zip_file

    try:
        with _ZIP_PATCH:
            zip_file = getattr(xw, "ZipFile", None)
            if level is None or zip_file is None:
                for ws, _body in bodies:  # xlsxwriter's own copy of the rows into the sheet's part
                    ws.__dict__.pop("_write_optimized_sheet_data", None)
                if zip_file is None:
                    wb.close()
                    return
                xw.ZipFile = kept(zip_file)
            else:
                xw.ZipFile = kept(functools.partial(_splicing_zip(), compresslevel=level,
                                                    bodies=[b for _ws, b in bodies]))
            try:
                wb.close()
            except BaseException:
                for zf in opened:
                    _abandon_zip(zf)
                raise
            finally:
                xw.ZipFile = zip_file
            if level is None:
                return
        if any(body.xml_file is not None and not body.spliced for _ws, body in bodies):
            raise OutputError.of("err_write_other", path=target or Path(wb.filename),
                                 reason="xlsxwriter did not zip a sheet's part as this version of forbattra expects; "
                                        "its rows would be missing (an xlsxwriter version forbattra does not support)")
    finally:
        for _ws, body in bodies:
            body.discard()


def _abandon_zip(zf) -> None:
    """Close a zip file being written whose writing failed, without writing its directory (see :func:`_close`)."""
    fp, zf.fp = zf.fp, None
    if fp is not None and not getattr(zf, "_filePassed", False):
        with contextlib.suppress(OSError):
            fp.close()  # (what it still holds buffered fails to flush again: the file is closed all the same)


class _DeflatedRows:
    """A big worksheet's row file, written through this: each write also deflated (raw zlib, one stream) into a
    temporary file, so a workbook's close neither copies the rows into the sheet's XML nor deflates them again
    after the last row (issue 14: the main process copied and deflated 140 MB of XML after everything else;
    deflated as the rows come, it overlaps the other process's work). The row file gets the bytes xlsxwriter
    writes there (UTF-8; used only where the platform translates no newlines). The sheet's XML is written with
    an empty ``<sheetData></sheetData>`` (:meth:`sheet_data`), and :meth:`splice` puts the rows there in the zip."""

    def __init__(self, ws, level: int) -> None:
        self.ws = ws
        self.raw = ws.row_data_fh.buffer
        self.z = zlib.compressobj(level, zlib.DEFLATED, -15)
        self.level = level
        self.store = tempfile.TemporaryFile(dir=getattr(ws, "tmpdir", None))
        self.crc = self.size = 0
        self.xml_file: str | None = None  # the sheet's part as xlsxwriter wrote it, its rows left out (sheet_data)
        self.spliced = False  # that part is in the zip, its rows put in (splice)

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.raw.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        out = self.z.compress(data)
        if out:
            self.store.write(out)
        return len(text)

    def sheet_data(self) -> None:
        """The worksheet's ``_write_optimized_sheet_data``: its ``<sheetData>`` element without the rows (as
        xlsxwriter's, an empty element where the sheet has no dimensions), the file it writes to kept for
        :meth:`splice`; xlsxwriter's own (the rows copied in) where that file has no name."""
        ws = self.ws
        self.xml_file = getattr(ws.fh, "name", None)
        if not isinstance(self.xml_file, str):
            self.xml_file = None
            type(ws)._write_optimized_sheet_data(ws)
            return
        if ws.dim_rowmin is None:
            ws._xml_empty_tag("sheetData")
        else:
            ws._xml_start_tag("sheetData")
            ws._xml_end_tag("sheetData")

    def splice(self, zf, filename: str, arcname: str) -> None:
        """Write part ``arcname`` (the worksheet's XML in ``filename``, its rows left out) into ``zf``: its start
        deflated, the rows as they were deflated when written, its end deflated — one valid deflate stream (each
        piece ends on a byte boundary with a sync flush; the last ends it). Where the row file does not hold exactly
        the rows deflated (their length and checksum), the whole part is deflated here instead."""
        import mmap
        import zipfile

        ws = self.ws
        xml = Path(filename).read_bytes()
        start = xml.find(b"<sheetData></sheetData>")
        zinfo = zipfile.ZipInfo.from_file(filename, arcname, strict_timestamps=zf._strict_timestamps)
        zinfo.compress_type = zipfile.ZIP_DEFLATED
        zinfo._compresslevel = self.level  # (where the rows do not match: the whole part deflated at the same level)
        head, tail = (xml[:start + 11], xml[start + 11:]) if start >= 0 else (xml, b"")
        rows = ws.row_data_fh
        rows.flush()
        try:
            with mmap.mmap(rows.fileno(), 0, access=mmap.ACCESS_READ) if start >= 0 and self.size else \
                    contextlib.nullcontext(b"") as body:
                zinfo.file_size = len(head) + len(body) + len(tail)
                with zf.open(zinfo, "w") as dest:
                    if len(body) == self.size and zlib.crc32(body) == self.crc and hasattr(dest, "_compressor"):
                        self.store.write(self.z.flush(zlib.Z_SYNC_FLUSH))
                        self.store.seek(0)
                        first = zlib.compressobj(self.level, zlib.DEFLATED, -15)
                        last = zlib.compressobj(self.level, zlib.DEFLATED, -15)
                        # the checksum and sizes from the data written, its deflated bytes these
                        dest._compressor = _Deflated(b"".join((first.compress(head), first.flush(zlib.Z_SYNC_FLUSH),
                                                               self.store.read(), last.compress(tail), last.flush())))
                    dest.write(head)
                    dest.write(body)
                    dest.write(tail)
        finally:
            rows.close()
            ws.row_data_fh_closed = True
            with contextlib.suppress(OSError):
                os.unlink(ws.row_data_filename)
        self.spliced = True

    def discard(self) -> None:
        self.store.close()


class _Deflated:
    """A zipfile compressor whose output is already known (see :meth:`_DeflatedRows.splice`)."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream

    def compress(self, data) -> bytes:
        return b""

    def flush(self) -> bytes:
        stream, self.stream = self.stream, b""
        return stream


@functools.cache
def _splicing_zip():
    """xlsxwriter's ZipFile for a big workbook (a class made once, when a workbook is first closed: zipfile is
    imported then): a part whose rows were deflated as written is spliced (:meth:`_DeflatedRows.splice`), every
    other part written as ZipFile writes it."""
    import zipfile

    class SplicingZip(zipfile.ZipFile):
        def __init__(self, *args, bodies: list | None = None, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.bodies = list(bodies or [])

        def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
            # (each sheet's part known by the file its rows were left out of: whatever xlsxwriter names it)
            body = next((b for b in self.bodies if b.xml_file is not None and b.xml_file == filename), None)
            if body is None:
                super().write(filename, arcname, compress_type, compresslevel)
            else:
                body.splice(self, filename, arcname)

    return SplicingZip


def _cell_writers(ws):
    """``(write_string, write_number, write_datetime)`` of a worksheet, row/column numbers only: the
    undecorated methods where this xlsxwriter has them (the same cells), else the public ones."""
    names = ("write_string", "write_number", "write_datetime")
    if all(callable(getattr(ws, "_" + n, None)) for n in names):
        put = tuple(getattr(ws, "_" + n) for n in names)
    else:
        put = tuple(getattr(ws, n) for n in names)
    return (text_writer(ws, put[0]), put[1], put[2])


def text_writer(ws, write_string=None):
    """``write_string(row, col, text, fmt)`` for ``ws`` that writes any text as that text.

    xlsxwriter takes a string that starts with ``<r>`` and ends with ``</r>`` for rich-text XML and
    writes it unescaped (in both of its modes): the cell loses its text, and a ``&`` or ``<`` in it
    breaks the workbook. Such a text is written as a rich string of two plain runs instead, which Excel
    and readers show as the same text.
    """
    write_string = write_string or ws.write_string
    rich = ws.write_rich_string

    def write(row: int, col: int, text: str, fmt=None):
        if text.startswith("<r>") and text.endswith("</r>"):
            runs = (text[:1], text[1:2], text[2:])  # xlsxwriter wants three runs or more
            return rich(row, col, *runs, fmt) if fmt is not None else rich(row, col, *runs)
        return write_string(row, col, text, fmt)

    return write


TAIL_CHARS, TAIL_ENTRIES = 200, 50_000  # texts up to this long are kept rendered, this many a column at most (_InlineRows)
CHUNK_ROWS = 4096  # rows of a big sheet rendered at a time (_InlineRows.write): bounded memory
_INLINE_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ROW_MARK = "\x00"  # where a rendered cell's row number goes (a written text never holds it: escaped as _x0000_)
_SLOW = "\x02"  # a cell xlsxwriter's own methods must write (a written text never is this: escaped as _x0002_)


class _CellFormats(NamedTuple):
    """The cell formats :func:`_cell_spec` chooses from (a share column's format is passed beside them)."""

    wrap: object
    top: object
    integer: object
    decimal: object
    day: object
    stamp: object
    clock: object
    clock_s: object


def _cell_spec(v, limit: int, num, F: _CellFormats) -> tuple[int, object, object, int]:
    """How :func:`write_xlsx` writes a prepared, non-empty cell: ``(kind, value, format, lines)`` — kind 0 a text,
    1 a number, 2 a date or time (the index into :func:`_cell_writers`); ``lines``: the text's wrapped lines in a
    column ``limit`` characters wide (1 unless it wraps); ``num``: the column's number format, if any (shares)."""
    kind = type(v)
    if kind is str:
        if len(v) > limit or "\n" in v:
            return 0, v, F.wrap, _lines(v, limit)
        return 0, v, F.top, 1
    if kind is int:
        return 1, v, num or F.integer, 1
    if kind is float:
        return 1, v, num or (F.integer if v.is_integer() else F.decimal), 1
    if isinstance(v, bool):
        return 0, str(v), F.top, 1
    if isinstance(v, datetime):
        return 2, v, F.day if v.time() == datetime.min.time() else F.stamp, 1
    if isinstance(v, daytime):
        return 2, v, F.clock_s if v.second else F.clock, 1
    if isinstance(v, (int, float)):
        return 1, v, num or (F.integer if isinstance(v, int) or float(v).is_integer() else F.decimal), 1
    text = str(v)
    if len(text) > limit or "\n" in text:  # (a str subclass's lines set the height; another object's do not)
        return 0, text, F.wrap, _lines(text, limit) if isinstance(v, str) else 1
    return 0, text, F.top, 1


class _InlineRows:
    """The data rows of a worksheet in xlsxwriter's ``constant_memory`` mode, written straight into its
    row file as the XML xlsxwriter's own per-cell methods write for them, byte for byte.

    Those methods cost ≈ 7 µs a cell (a cell tuple stored, then per cell a reference, two regex
    escapes, an attribute escape, a format look-up and a write), so a 100,000-row *Förslag* sheet took
    longer than classifying it (issue 14). Here the rows are rendered a chunk at a time, column by column:
    each distinct short text or integer of a column is rendered once (units, themes, statuses and group
    numbers repeat), the others in one pass with the escapes only where a quick test finds something to
    escape; a row is then its cells joined, its number put in, and a chunk is one write. Formats get their
    numbers in cell order, as xlsxwriter's methods give them (a cell of a format not numbered yet holds a
    mark until the chunk's cells are all chosen). A cell this does not render itself (NaN or ±inf, text
    xlsxwriter would truncate or write as a rich string) sends its whole row through xlsxwriter's methods,
    which flush it before the next row. Used only where the worksheet has every internal it relies on (else
    :func:`write_xlsx` calls xlsxwriter as before); ``tests/test_xlsx_inline_rows.py`` compares whole
    workbooks from both paths.
    """

    def __init__(self, ws, escape_controls, level: int | None = None) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self.deflated: _DeflatedRows | None = None
        rows = ws.row_data_fh
        if (level is not None and ws.fh is rows and os.linesep == "\n" and hasattr(rows, "buffer")
                and callable(getattr(ws, "_write_optimized_sheet_data", None)) and isinstance(ws.row_data_filename, str)):
            rows.flush()
            if rows.buffer.tell() == 0:  # (nothing written yet: the file and the stream hold the same bytes)
                ws.fh = self.deflated = _DeflatedRows(ws, level)
                ws._write_optimized_sheet_data = self.deflated.sheet_data
        self.ws, self.fh, self.escape_controls = ws, ws.fh, escape_controls
        self.names: list[str] = []
        self.name = xl_col_to_name
        self.memos: dict[int, dict] = {}  # column → {short text or integer: its cell's XML}
        self.unique: set[int] = set()  # columns of mostly distinct values (ids, texts): nothing kept for them
        self.marks: dict = {}  # a format not numbered yet → the mark its cells hold meanwhile
        self.heads: dict[int, tuple[str, int]] = {}  # wrapped lines → (the row's start tag, its height in pixels)
        self.row_max = self.col_min = self.col_max = None
        self.convert_date = ws._convert_date_time
        ws._write_single_row(1)  # the header row (row 0, still buffered) goes out first

    @classmethod
    def open(cls, ws, level: int | None = None) -> "_InlineRows | None":
        """For a constant_memory worksheet whose header row is written and no data row yet; None where
        this xlsxwriter lacks an internal the rows rely on (then the public path is used). ``level``: the
        rows are also deflated at this zlib level as they are written (:class:`_DeflatedRows`)."""
        try:
            from xlsxwriter.xmlwriter import XMLwriter

            escape = XMLwriter._escape_control_characters
            ok = (ws.constant_memory and ws.previous_row == 0 and ws.excel_version == 2007
                  and callable(ws._write_single_row) and callable(ws._convert_date_time)
                  and hasattr(ws, "fh") and isinstance(ws.dim_rowmax, int) and ws.xls_strmax == EXCEL_CELL_LIMIT
                  and ws.default_row_height == ws.original_row_height)
        except (AttributeError, ImportError):
            return None
        return cls(ws, escape, level) if ok else None

    def _ref(self, j: int) -> str:
        names = self.names
        while len(names) <= j:
            names.append(self.name(len(names)))
        return names[j]

    def write(self, columns: list[list], start: int, limits: list[int], nums: list, F: _CellFormats) -> None:
        """Rows ``start``, ``start`` + 1, … (0-based; row 0 is the header) from prepared column values (None:
        an empty cell), ``CHUNK_ROWS`` at a time."""
        import gc

        n = len(columns[0]) if columns else 0
        enabled = gc.isenabled()
        gc.disable()  # a chunk's lists and row tuples are acyclic: no collector passes over the heap meanwhile
        try:
            for a in range(0, n, CHUNK_ROWS):
                self._chunk([c[a:a + CHUNK_ROWS] for c in columns], start + a, limits, nums, F)
        finally:
            if enabled:
                gc.enable()

    def _xf(self, fmt, i: int, j: int, firsts: dict) -> str:
        """A format's number as a cell writes it; for a format not numbered yet, its mark (``firsts``: each such
        format's first cell, (row, column), numbered in that order once the chunk's cells are chosen)."""
        x = fmt.xf_index
        if x is not None:
            return str(x)
        mark = self.marks.get(fmt)
        if mark is None:
            mark = self.marks[fmt] = f"\x01{len(self.marks)}\x01"
        if (i, j) < firsts.get(fmt, (math.inf, 0)):
            firsts[fmt] = (i, j)
        return mark

    def _cell(self, v, i: int, j: int, limit: int, num, F: _CellFormats, firsts: dict, lines: dict, slow: set) -> str:
        """Cell ``(i, j)``'s XML with :data:`_ROW_MARK` for its row number (``_SLOW`` for xlsxwriter to write); a
        wrapped text's lines into ``lines``, a slow cell's row into ``slow``."""
        kind, value, fmt, n = _cell_spec(v, limit, num, F)
        if n > 1 and n > lines.get(i, 1):
            lines[i] = n
        xf = self._xf(fmt, i, j, firsts)  # (also for a slow cell: formats are numbered in cell order)
        ref = self.names[j]
        if kind == 0:
            cell = self._text_xml(value, ref, xf, i, slow)
        elif kind == 1:
            if type(value) is not int and (value != value or value in (math.inf, -math.inf)):
                slow.add(i)  # xlsxwriter writes these as error formulas
                return _SLOW
            cell = f'<c r="{ref}{_ROW_MARK}" s="{xf}"><v>{value:.16G}</v></c>'
        else:
            cell = f'<c r="{ref}{_ROW_MARK}" s="{xf}"><v>{self.convert_date(value):.16G}</v></c>'
        if n == 1 and cell is not _SLOW and type(v) in (str, int) and (type(v) is int or len(v) <= TAIL_CHARS):
            memo = self.memos[j]
            if len(memo) < TAIL_ENTRIES and j not in self.unique:
                memo[v] = cell
        return cell

    def _text(self, v: str, i: int, j: int, limit: int, F: _CellFormats, firsts: dict, lines: dict, slow: set) -> str:
        """:meth:`_cell` of a text (a column of texts: the formats :func:`_cell_spec` gives a text, chosen here)."""
        if len(v) > limit or "\n" in v:
            n = _lines(v, limit)
            if n > 1 and n > lines.get(i, 1):
                lines[i] = n
            return self._text_xml(v, self.names[j], self._xf(F.wrap, i, j, firsts), i, slow)
        cell = self._text_xml(v, self.names[j], self._xf(F.top, i, j, firsts), i, slow)
        if cell is not _SLOW and len(v) <= TAIL_CHARS:
            memo = self.memos[j]
            if len(memo) < TAIL_ENTRIES and j not in self.unique:
                memo[v] = cell
        return cell

    def _text_xml(self, value: str, ref: str, xf: str, i: int, slow: set) -> str:
        """A text cell's XML, as xlsxwriter writes it (``_SLOW``, and its row into ``slow``, where it would not)."""
        if (not value.isprintable() or "_x" in value) and _INLINE_SPECIAL.search(value) is not None:
            value = self.escape_controls(value)
        if (value.startswith("<r>") and value.endswith("</r>")) or len(value) > EXCEL_CELL_LIMIT // 2:
            slow.add(i)  # text written as rich text (see text_writer), or that xlsxwriter may truncate
            return _SLOW
        pre = ' xml:space="preserve"' if value and (value[0].isspace() or value[-1].isspace()) else ""
        if "&" in value:
            value = value.replace("&", "&amp;")
        if "<" in value:
            value = value.replace("<", "&lt;")
        if ">" in value:
            value = value.replace(">", "&gt;")
        return f'<c r="{ref}{_ROW_MARK}" s="{xf}" t="inlineStr"><is><t{pre}>{value}</t></is></c>'

    def _column(self, values: list, start: int, j: int, limit: int, num, F: _CellFormats, firsts: dict,
                lines: dict, slow: set) -> list[str]:
        """One column's cells in a chunk ("" where empty): a text or integer met before in it, one look-up."""
        self._ref(j)
        memo = self.memos.setdefault(j, {})
        get = memo.get
        cell = self._cell
        kinds = set(map(type, values))
        if kinds <= {str, type(None)}:  # (a column of one such kind: its memo's keys are that)
            text = self._text
            return ["" if v is None else c if (c := get(v)) is not None
                    else text(v, i, j, limit, F, firsts, lines, slow) for i, v in enumerate(values, start)]
        if kinds == {int}:  # counts, rows, group numbers: one format, each value rendered as it comes
            pre = f'<c r="{self.names[j]}{_ROW_MARK}" s="{self._xf(num or F.integer, start, j, firsts)}"><v>'
            return [f"{pre}{v:.16G}</v></c>" for v in values]
        if (kinds <= {float, type(None)} and math.inf not in values and -math.inf not in values
                and all(v == v for v in values if v is not None)):  # shares, similarities (no NaN, no ±inf)
            ref = self.names[j]
            # each format's first cell numbers it: its row found first (a share's one format: the first value's)
            firsts_of = {}
            for whole in (True, False):
                at = next((i for i, v in enumerate(values, start) if v is not None and v.is_integer() is whole), None)
                if at is not None:
                    fmt = num or (F.integer if whole else F.decimal)
                    firsts_of[fmt] = min(at, firsts_of.get(fmt, at))
            heads = {fmt: f'<c r="{ref}{_ROW_MARK}" s="{self._xf(fmt, at, j, firsts)}"><v>' for fmt, at in firsts_of.items()}
            pre_i, pre_d = heads.get(num or F.integer, ""), heads.get(num or F.decimal, "")
            return ["" if v is None else f"{pre_i}{v:.16G}</v></c>" if v.is_integer() else f"{pre_d}{v:.16G}</v></c>"
                    for v in values]
        return ["" if v is None else memo[v] if type(v) is str and v in memo
                else cell(v, i, j, limit, num, F, firsts, lines, slow) for i, v in enumerate(values, start)]

    def _head(self, n: int) -> tuple[str, int]:
        """The start tag of a row of ``n`` wrapped lines (its number marked), and its height in pixels."""
        got = self.heads.get(n)
        if got is None:
            pixels = int(min(LINE_HEIGHT * n, MAX_ROW_HEIGHT) * 4.0 / 3.0 + 0.5)  # as Worksheet.set_row rounds it
            if pixels == self.ws.default_row_height:
                got = (f'<row r="{_ROW_MARK}">', pixels)
            else:
                got = (f'<row r="{_ROW_MARK}" ht="{pixels * 0.75:.16g}" customHeight="1">', pixels)
            self.heads[n] = got
        return got

    def _chunk(self, columns: list[list], start: int, limits: list[int], nums: list, F: _CellFormats) -> None:
        firsts: dict = {}
        lines: dict[int, int] = {}  # row → its wrapped lines (rows of one line left out)
        slow: set[int] = set()
        kept = [len(self.memos.get(j, ())) for j in range(len(columns))]
        cols = [self._column(values, start, j, limits[j], nums[j], F, firsts, lines, slow)
                for j, values in enumerate(columns)]
        for j, values in enumerate(columns):  # a column whose cells were mostly new ones keeps none from now on
            if len(self.memos[j]) - kept[j] > len(values) // 2:
                self.unique.add(j)
                self.memos[j].clear()
        fix = []
        if firsts:  # formats first used in this chunk: numbered in cell order, their marks replaced
            for fmt in sorted(firsts, key=firsts.__getitem__):
                fix.append((self.marks[fmt], str(fmt._get_xf_index())))
            for memo in self.memos.values():
                for k, c in memo.items():
                    if "\x01" in c:
                        for mark, xf in fix:
                            c = c.replace(mark, xf)
                        memo[k] = c
        for i in slow:  # (their cells are not this chunk's to write, nor its extent's)
            for col in cols:
                col[i - start] = ""
        out: list[str] = []
        last = None
        plain = f'<row r="{_ROW_MARK}">'
        for i, cells in enumerate(zip(*cols), start):
            if slow and i in slow:
                self.fh.write("".join(out))
                out.clear()
                self._through_xlsxwriter(i, [col[i - start] for col in columns], limits, nums, F, lines.get(i, 1))
                continue
            s = "".join(cells)
            if not s:  # no cell: nothing to write (a height comes only with a wrapped text)
                continue
            row = ((self._head(lines[i])[0] if lines and i in lines else plain) + s + "</row>").replace(_ROW_MARK,
                                                                                                       str(i + 1))
            for mark, xf in fix:
                row = row.replace(mark, xf)
            out.append(row)
            last = i
        self.fh.write("".join(out))
        if last is not None:
            present = [j for j, col in enumerate(cols) if any(col)]
            self._extent(last, present[0], present[-1])

    def _through_xlsxwriter(self, i: int, values: list, limits: list[int], nums: list, F: _CellFormats,
                            n: int) -> None:
        """Row ``i`` through xlsxwriter's own methods (a cell this class does not render; see the class doc)."""
        ws = self.ws
        ws.previous_row = i
        put = _cell_writers(ws)
        for j, v in enumerate(values):
            if v is not None:
                kind, value, fmt, _n = _cell_spec(v, limits[j], nums[j], F)
                put[kind](i, j, value, fmt)
        if n > 1:
            ws.set_row_pixels(i, self._head(n)[1])
        ws._write_single_row(i + 1)

    def _extent(self, i: int, lo: int, hi: int) -> None:
        self.row_max = i if self.row_max is None else max(self.row_max, i)
        self.col_min = lo if self.col_min is None else min(self.col_min, lo)
        self.col_max = hi if self.col_max is None else max(self.col_max, hi)

    def close(self) -> None:
        """The worksheet's dimensions as its own methods would have left them; nothing left buffered."""
        ws = self.ws
        if self.row_max is not None:
            ws.dim_rowmax = self.row_max if ws.dim_rowmax is None else max(ws.dim_rowmax, self.row_max)
            ws.dim_rowmin = self.row_max if ws.dim_rowmin is None else min(ws.dim_rowmin, self.row_max)
            ws.dim_colmin = self.col_min if ws.dim_colmin is None else min(ws.dim_colmin, self.col_min)
            ws.dim_colmax = self.col_max if ws.dim_colmax is None else max(ws.dim_colmax, self.col_max)
            ws.previous_row = max(ws.previous_row, self.row_max + 1)


def _prepared(prepare: Callable, values: list) -> list:
    """``prepare`` of each value, each distinct text prepared once (themes, units, statuses repeat down a sheet);
    other values (a number equals a bool of the same value: never one for the other) each time."""
    memo: dict[str, object] = {}
    out: list = []
    append = out.append
    for v in values:
        kind = type(v)
        if kind is str:
            got = memo.get(v, memo)
            if got is memo:
                got = memo[v] = prepare(v)
            append(got)
        elif kind is int:  # (written as it is: prepare leaves an int so)
            append(v)
        else:
            append(prepare(v))
    return out


def _numpy_kind(col, kinds: str) -> bool:
    """Whether ``col`` is a numpy column of one of these dtype ``kinds`` (pandas' nullable types are not)."""
    import numpy as np

    return isinstance(col.dtype, np.dtype) and col.dtype.kind in kinds


def _plain_ints(col) -> bool:
    """Whether ``col`` is a numpy integer column (no missing value, no text; pandas' nullable Int64 is not)."""
    return _numpy_kind(col, "iu")


def _plain_floats(col) -> list:
    """A numpy float column's values as a sheet's cells take them: Python floats, NaN as None (an empty cell)."""
    return [None if v != v else v for v in col.tolist()]


def _column_values(col) -> list:
    """A column's values as ``itertuples`` gives them (text columns read as object arrays, which is fast)."""
    if col.dtype == object or str(col.dtype) in ("str", "string"):
        return col.to_numpy(dtype=object).tolist()
    return list(col)


_DROPDOWN_TEXT = {"sv": ("Listor", "Okänt tema", "Välj ett tema i listan, eller skriv flera åtskilda med |"),
                  "en": ("Lists", "Unknown theme", "Pick a theme from the list, or type several separated by |")}


def add_dropdown(wb, ws, col: int, n_rows: int, values: list[str], lang: str = "sv") -> None:
    """A drop-down list of ``values`` on rows 2..n+1 of column ``col`` (e.g. *Rättat tema*).

    Excel limits an inline list to 255 characters; longer lists go to a hidden sheet and the
    validation refers to that range. Other input is allowed after a warning, so several themes
    can still be typed (``Lön | Schema``).
    """
    if not values or n_rows < 1:
        return
    sheet, title, message = _DROPDOWN_TEXT[lang]
    opts = {"validate": "list", "error_type": "warning", "error_title": title, "error_message": message}
    if len(",".join(values)) <= 255 and not any("," in v for v in values):
        opts["source"] = list(values)
    else:
        lists = wb.get_worksheet_by_name(sheet) or wb.add_worksheet(sheet)
        lists.hide()
        put = text_writer(lists)
        for i, v in enumerate(values):
            put(i, 0, v)
        opts["source"] = f"={sheet}!$A$1:$A${len(values)}"
    ws.data_validation(1, col, n_rows, col, opts)
