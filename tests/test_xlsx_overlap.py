"""The Dubbletter sheet computed in a forked process beside classification (workflow.DuplicateSheetJob):
the same sheet as in one process, errors as the usual one line, nothing left behind."""

import multiprocessing as mp
import os
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from forbattra import workflow
from forbattra.cli import app
from forbattra.errors import InputFileError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs the fork start method")


def _cells(path: Path) -> dict[str, list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _spy_forks(monkeypatch) -> list:
    """Record whether each DuplicateSheetJob forked a child."""
    seen: list = []
    init = workflow.DuplicateSheetJob.__init__

    def spy(self, *a, **kw):
        init(self, *a, **kw)
        seen.append(self.proc is not None)

    monkeypatch.setattr(workflow.DuplicateSheetJob, "__init__", spy)
    return seen


def _forked_run_gives(ref: Path, tmp_path: Path, monkeypatch) -> None:
    """A run whose sheet comes from a forked child ends well, with every cell of ``ref`` (a one-process run's
    workbook), and leaves no process behind."""
    seen = _spy_forks(monkeypatch)
    r, out = _classify(tmp_path, "x.xlsx")
    assert r.exit_code == 0, r.output
    assert seen == [True]
    assert _cells(out) == _cells(ref)
    assert mp.active_children() == []


def _classify(tmp_path: Path, name: str, *extra: str):
    out = tmp_path / name
    r = CliRunner().invoke(app, ["classify", str(SAMPLE), "-o", str(out), *extra])
    return r, out


def test_forked_sheet_is_the_in_process_sheet(tmp_path, monkeypatch):
    seen = _spy_forks(monkeypatch)
    r, one = _classify(tmp_path, "one.xlsx", "--jobs", "1")  # one process: computed in place
    assert r.exit_code == 0, r.output
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    r, forked = _classify(tmp_path, "forked.xlsx", "--redact")
    assert r.exit_code == 0, r.output
    r, plain = _classify(tmp_path, "plain.xlsx")
    assert r.exit_code == 0, r.output
    assert seen == [False, True, True]
    a, b, c = _cells(one), _cells(plain), _cells(forked)
    assert a == b  # every sheet, every value
    assert len(a["Dubbletter"]) > 10
    # --redact masks the sheet's text in the parent, as before
    assert c["Dubbletter"][0] == a["Dubbletter"][0] and len(c["Dubbletter"]) == len(a["Dubbletter"])
    assert mp.active_children() == []


def _members(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("redact", [False, True])
def test_the_sheet_in_parts_is_the_sheet_in_one(tmp_path, monkeypatch, redact):
    """The child sends the sheet in parts of whole groups, written as they come: every part of the workbook is
    the same, byte for byte, as the sheet built and written in one piece in this process."""
    from forbattra.outputs import writers

    extra = ("--redact",) if redact else ()
    monkeypatch.setattr(writers, "WIDTH_SAMPLE", 3)  # (the first part sizes the columns: at least this many lines)
    r, one = _classify(tmp_path, "one.xlsx", "--jobs", "1", *extra)  # in this process, one part (< SHEET_PART_LINES)
    assert r.exit_code == 0, r.output
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    monkeypatch.setattr(workflow, "SHEET_PART_LINES", 3)
    got: list = []  # the parts' lengths, as the writer received them
    real = workflow.DuplicateSheetJob.parts

    def counted(self, redactor=None):
        for part in real(self, redactor):
            got.append(len(part))
            yield part

    monkeypatch.setattr(workflow.DuplicateSheetJob, "parts", counted)
    seen = _spy_forks(monkeypatch)
    r, forked = _classify(tmp_path, "forked.xlsx", *extra)
    assert r.exit_code == 0, r.output
    assert seen == [True] and len(got) > 3 and min(got[:-1]) >= 3
    r, again = _classify(tmp_path, "again.xlsx", "--jobs", "1", *extra)  # in this process, in parts of 3
    assert r.exit_code == 0, r.output
    assert _members(forked) == _members(one) == _members(again)
    assert mp.active_children() == []


def test_a_child_that_dies_midway_leaves_the_rest_to_this_process(tmp_path, monkeypatch):
    import forbattra.analysis.duplicates as D

    r, ref = _classify(tmp_path, "ref.xlsx", "--jobs", "1")
    assert r.exit_code == 0
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    monkeypatch.setattr(workflow, "SHEET_PART_LINES", 3)
    here = os.getpid()
    real = D.duplicates_sheet_parts

    def dies_after_two(*a, **kw):
        for k, part in enumerate(real(*a, **kw)):
            if k == 2 and os.getpid() != here:
                os._exit(9)  # the child, killed after sending two parts
            yield part

    monkeypatch.setattr(D, "duplicates_sheet_parts", dies_after_two)
    _forked_run_gives(ref, tmp_path, monkeypatch)


def test_an_error_in_the_child_is_one_line_with_its_exit_code(tmp_path, monkeypatch):
    import forbattra.analysis.duplicates as D

    def broken(*a, **kw):
        raise InputFileError.of("err_no_path", path="dubbletter.csv")

    monkeypatch.setattr(D, "duplicates_sheet_parts", broken)  # inherited by the forked child
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    seen = _spy_forks(monkeypatch)
    r, out = _classify(tmp_path, "x.xlsx")
    assert seen == [True]
    assert r.exit_code == 3
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("Fel:")]
    assert errors == [r.stderr.strip().splitlines()[-1]] and "dubbletter.csv" in errors[0]
    assert "Traceback" not in r.stderr
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == []  # nothing half-written
    assert mp.active_children() == []


def test_a_child_that_dies_is_replaced_by_the_same_work_here(tmp_path, monkeypatch):
    r, ref = _classify(tmp_path, "ref.xlsx", "--jobs", "1")
    assert r.exit_code == 0
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    monkeypatch.setattr(workflow, "_sheet_child", lambda *a: os._exit(9))  # killed before answering
    _forked_run_gives(ref, tmp_path, monkeypatch)


def test_a_failed_classification_ends_the_child(tmp_path, monkeypatch):
    import forbattra.scoring.pipeline as P

    def fail(*a, **kw):
        raise InputFileError.of("err_no_path", path="klassning")

    monkeypatch.setattr(P, "classify_frame", fail)
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    seen = _spy_forks(monkeypatch)
    r, out = _classify(tmp_path, "x.xlsx")
    assert seen == [True] and r.exit_code == 3 and not out.exists()
    assert mp.active_children() == []


def test_no_fork_without_a_workbook_or_the_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    seen = _spy_forks(monkeypatch)
    assert _classify(tmp_path, "x.jsonl")[0].exit_code == 0
    assert _classify(tmp_path, "x.xlsx", "--no-duplicates")[0].exit_code == 0
    assert seen == []


@pytest.mark.parametrize("extra,expected", [(("--jobs", "3"), 2), (("--jobs", "2"), 1), ((), 1)])
def test_the_sheets_process_counts_among_the_jobs(tmp_path, monkeypatch, extra, expected):
    """With the Dubbletter sheet in a forked process, classification gets one process fewer (two cores:
    the sheet on one, the texts classified in this process on the other); the same workbook either way."""
    import forbattra.scoring.pipeline as P

    got: list = []
    real = P.classify_frame

    def spy(frame, clf, *, jobs=1, **kw):
        got.append(jobs)
        return real(frame, clf, jobs=jobs, **kw)

    monkeypatch.setattr(P, "classify_frame", spy)
    monkeypatch.setattr(P, "default_jobs", lambda n: 2)  # what a two-core machine gives a big input
    r, ref = _classify(tmp_path, "ref.xlsx", *extra)  # 360 rows: under FORK_SHEET_ROWS, no fork
    assert r.exit_code == 0, r.output
    monkeypatch.setattr(workflow, "FORK_SHEET_ROWS", 0)
    seen = _spy_forks(monkeypatch)
    r, out = _classify(tmp_path, "x.xlsx", *extra)
    assert r.exit_code == 0, r.output
    assert seen == [True]
    assert got == [int(extra[1]) if extra else None, expected]
    assert _classify(tmp_path, "x.jsonl", *extra)[0].exit_code == 0  # no sheet, no process for it: all the jobs
    assert got[-1] == (int(extra[1]) if extra else None)
    assert _cells(out) == _cells(ref)
    assert mp.active_children() == []


class _Later:
    """A deferred table that knows its length before it is computed."""

    def __init__(self, table, log):
        self.table, self.log = table, log

    def __len__(self):
        self.log.append("len")
        return len(self.table)

    def __call__(self):
        self.log.append("called")
        return self.table


@pytest.mark.parametrize("limit,with_len", [(10_000, False), (3, False), (10_000, True), (3, True), (5, True)])
def test_a_deferred_table_is_written_as_the_table_when_its_turn_comes(tmp_path, monkeypatch, limit, with_len):
    """write_xlsx takes a function for a table: the same workbook, byte for byte; it is called only when
    its sheet is reached if the other sheets already decide the memory mode (big) or its len() says how
    many rows it has, else first."""
    import pandas as pd
    import xlsxwriter

    from forbattra.outputs import writers

    monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", limit)
    rows = pd.DataFrame({"Id": ["1", "2", "3", "4"], "Förslag": ["a", "b\nc", "=1+1", "d"]})
    dups = pd.DataFrame({"Grupp": [1, 1], "Förslag": ["a", "a"]})
    log: list = []
    add = xlsxwriter.Workbook.add_worksheet

    def spy(self, name=None):
        log.append(name)
        return add(self, name)

    monkeypatch.setattr(xlsxwriter.Workbook, "add_worksheet", spy)

    def later():
        log.append("called")
        return dups

    if limit == 5:  # the same table in two parts (the first at least WIDTH_SAMPLE rows or the only one): the same bytes
        monkeypatch.setattr(writers, "WIDTH_SAMPLE", 1)
        writers.write_xlsx([("Förslag", rows), ("Dubbletter", dups)], tmp_path / "w.xlsx")
        writers.write_xlsx([("Förslag", rows), ("Dubbletter", lambda: iter([dups.iloc[:1], dups.iloc[1:]]))],
                           tmp_path / "p.xlsx")
        assert (tmp_path / "w.xlsx").read_bytes() == (tmp_path / "p.xlsx").read_bytes()
        monkeypatch.setattr(writers, "WIDTH_SAMPLE", 2000)

    writers.write_xlsx([("Förslag", rows), ("Dubbletter", dups)], tmp_path / "a.xlsx")
    log.clear()
    writers.write_xlsx([("Förslag", rows), ("Dubbletter", _Later(dups, log) if with_len else later)], tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()  # limit 5: 4 + 2 rows, big
    if limit == 3:
        assert log == ["Förslag", "called", "Dubbletter"]
    else:
        assert log == (["len", "Förslag", "called", "Dubbletter"] if with_len else ["called", "Förslag", "Dubbletter"])


def test_the_first_part_sizes_the_columns_as_the_whole_sheet():
    from forbattra.outputs import writers

    assert workflow.SHEET_PART_LINES >= writers.WIDTH_SAMPLE
