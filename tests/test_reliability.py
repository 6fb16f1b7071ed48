"""Reliability outside the readers: outputs, config encoding, damaged models, stale temporary
files, standard input, huge echoed values (probe of issue 15). Exit codes are the documented ones."""

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from forbattra.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
CSV = "id;Enhet;Förslag\n1;A;Vi behöver fler vikarier på helgerna\n2;B;Personalrummet är för litet och trångt\n"


def _src(tmp_path, text=CSV, name="in.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error_lines(result):
    return [ln for ln in result.stderr.splitlines() if ln.startswith("Fel:")]


def _one_error(result, code):
    assert result.exit_code == code, result.stderr
    errs = _error_lines(result)
    assert len(errs) == 1 and "Traceback" not in result.stderr, result.stderr
    return errs[0]


def _temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _env():
    import forbattra

    return {**os.environ, "PYTHONPATH": str(Path(forbattra.__file__).resolve().parents[1])}


# -- 5. several outputs are replaced together or not at all ------------------------------------


def test_disk_full_on_second_output_keeps_every_output_as_it_was(runner, tmp_path, monkeypatch):
    import forbattra.outputs.writers as writers

    src = _src(tmp_path)
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.csv", tmp_path / "c.xlsx"
    good = "id;Förslag;Tema-id\n1;last night's good file;personal\n".encode()  # (a .csv of forbattra's: its Tema-id)
    good_jsonl = '{"row": 1, "id": "1", "text": "last night\'s good file", "themes": ["personal"], "status": "ok"}\n'.encode()
    for p, content in ((a, good_jsonl), (b, good), (c, good)):
        p.write_bytes(content)

    def full_disk(table, target, **kw):
        Path(target).write_text("half a fi", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(writers, "write_csv", full_disk)
    r = runner.invoke(app, ["classify", str(src), "-o", str(a), "-o", str(b), "-o", str(c)])
    line = _one_error(r, 3)
    assert "b.csv" in line and "disken är full" in line
    assert [p.read_bytes() for p in (a, b, c)] == [good_jsonl, good, good]
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("big", [False, True])
def test_a_workbook_the_disk_could_not_hold_leaves_no_traceback_behind(runner, tmp_path, monkeypatch, big):
    """A disk that filled up while a workbook was zipped gave the one error line, exit 3, and then, when Python
    collected xlsxwriter's half-written zip file, "Exception ignored in: <function ZipFile.__del__>" and a traceback
    on stderr (a second ENOSPC as it tried to write the zip's directory): lines no JSON log may have. The zip file
    a failed close leaves is now closed without its directory (the file is discarded anyway)."""
    import gc
    import zipfile

    import xlsxwriter.workbook as xw

    import forbattra.outputs.writers as writers

    class FullDisk:  # the disk fills up after the first 2,000 bytes of the workbook; what is buffered then
        def __init__(self, fp) -> None:  # fails again as the file is closed, as a buffered file's flush does
            self._fp, self._left = fp, 2000

        def write(self, data) -> int:
            if len(data) > self._left:
                self._left = -1
                raise OSError(errno.ENOSPC, "No space left on device")
            self._left -= len(data)
            return self._fp.write(data)

        def close(self) -> None:
            self._fp.close()
            if self._left < 0:
                raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self._fp, name)

    zips = [xw.ZipFile, writers._splicing_zip()]

    def on_full_disk(base):
        class OnFullDisk(base):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.fp = FullDisk(self.fp)

        return OnFullDisk

    monkeypatch.setattr(xw, "ZipFile", on_full_disk(zips[0]))
    splicing = on_full_disk(zips[1])
    monkeypatch.setattr(writers, "_splicing_zip", lambda: splicing)
    if big:
        monkeypatch.setattr(writers, "XLSX_CONSTANT_MEMORY_ROWS", 1)
    unraisable: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    out = tmp_path / "teman.xlsx"
    r = runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(out)])
    line = _one_error(r, 3)
    del r  # (its exception's frames hold the zip file)
    gc.collect()
    assert "teman.xlsx" in line and "disken är full" in line
    assert [u.exc_value for u in unraisable] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    assert zipfile.ZipFile  # (the real class is left as it was)


@pytest.mark.parametrize("command", ["discover", "trends"])
def test_a_run_that_cannot_write_its_file_prints_no_table(runner, data_dir, tmp_path, monkeypatch, command):
    """discover and trends printed their table on standard output and then failed to write -o (the file open in
    Excel, disk full): exit 3 with a result on stdout that `> kluster.txt` or a pipe took for the run's. As
    classify does, the files are written first; a failed run prints nothing on stdout."""
    import forbattra.outputs.writers as writers

    src = data_dir / "forslag_cp1252.csv"
    store = tmp_path / "h.db"
    assert runner.invoke(app, ["-q", "classify", str(src), "--store", str(store), "-o", str(tmp_path / "t.jsonl")]
                         ).exit_code == 0
    out = tmp_path / "ut.csv"
    args = ["discover", str(src), "-o", str(out)] if command == "discover" else ["trends", "--store", str(store),
                                                                                  "-o", str(out)]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0 and ok.stdout.strip(), ok.stderr  # (a table, when the run succeeds)
    out.unlink()

    def held_open(src, dst):  # the file open in Excel: it cannot be replaced
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(writers.os, "replace", held_open)
    r = runner.invoke(app, args)
    assert "om filen är öppen i Excel" in _one_error(r, 3)
    assert r.stdout == "" and not out.exists()


def test_atomic_outputs_rename_all_or_restore(tmp_path, monkeypatch):
    from forbattra.errors import OutputError
    from forbattra.outputs.writers import AtomicOutputs

    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("old a")
    b.write_text("old b")
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == b:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="open in Excel"):
        with AtomicOutputs() as tx:
            tx.path(a).write_text("new a")
            tx.path(b).write_text("new b")
            tx.commit()
    assert (a.read_text(), b.read_text()) == ("old a", "old b")  # a was renamed, then put back
    assert _temps(tmp_path) == []


# -- 6. read-only folder / file held open / full disk: exit 3, checked before the work ----------


def test_unwritable_output_folder_is_an_input_error_before_classifying(runner, tmp_path, monkeypatch):
    import tempfile

    src = _src(tmp_path)
    real = tempfile.mkstemp

    def denied(*a, dir=None, **k):
        if dir is not None and Path(dir) == tmp_path / "ut":
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*a, dir=dir, **k)

    (tmp_path / "ut").mkdir()
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    r = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "ut" / "o.xlsx")])
    line = _one_error(r, 3)
    assert "o.xlsx" in line and "åtkomst nekad" in line and "Excel" in line
    assert "internal error" not in r.stderr and "Taxonomi" not in r.stderr  # refused before any work


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders")
def test_read_only_folder_real(runner, tmp_path):
    src = _src(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = runner.invoke(app, ["classify", str(src), "-o", str(ro / "o.csv")])
    finally:
        ro.chmod(0o755)
    assert "åtkomst nekad" in _one_error(r, 3)


def test_output_under_a_file_is_refused(runner, tmp_path):
    src = _src(tmp_path)
    r = runner.invoke(app, ["classify", str(src), "-o", str(src / "o.csv")])
    assert "är ingen mapp" in _one_error(r, 3)


# -- 7. config saved as Windows-1252 -----------------------------------------------------------


def test_config_in_windows_1252_is_a_config_error(runner, tmp_path):
    (tmp_path / "forbattra.toml").write_bytes('[classify]\n# Förslag från Västerås\nlang = "sv"\n'.encode("cp1252"))
    r = runner.invoke(app, ["taxonomy", "list"])
    line = _one_error(r, 4)
    assert "forbattra.toml" in line and "spara den som UTF-8" in line and "Windows-1252" in line


@pytest.mark.parametrize("name", ["forbattra.toml", "forbattra.yaml"])
def test_a_config_saved_as_utf16_is_read(runner, tmp_path, monkeypatch, name):
    """A config written by Windows PowerShell's `>` (or `Out-File`), or saved as Notepad's *Unicode*, is UTF-16
    with a byte-order mark: it was refused as "probably saved as Windows-1252/ANSI", which it is not. It says
    what it means without doubt, as a taxonomy file in UTF-16 does, and is read."""
    src = _src(tmp_path)
    text = ('[classify]\r\n# Förslag från Västerås\r\nout = "teman.jsonl"\r\n' if name.endswith(".toml") else
            "classify:\r\n  # Förslag från Västerås\r\n  out: teman.jsonl\r\n")
    (tmp_path / name).write_bytes(text.encode("utf-16"))  # (with its byte-order mark, little-endian here)
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["classify", str(src)])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["text"] for line in (tmp_path / "teman.jsonl").read_text("utf-8").splitlines()] == [
        "Vi behöver fler vikarier på helgerna", "Personalrummet är för litet och trångt"]
    (tmp_path / name).write_bytes(text.encode("utf-16")[:-1])  # cut inside its last character: not read
    line = _one_error(runner.invoke(app, ["classify", str(src)]), 4)
    assert name in line and "spara den som UTF-8" in line and "Windows-1252" not in line


def test_lang_en_in_the_config_or_its_variable_sets_the_language_of_errors_before_the_command_runs(tmp_path):
    """`lang = "en"` in a nightly job's config (or FORBATTRA_CLASSIFY_LANG=en) is `--lang en` (README: every option
    can be set there), and errors are in English with `--lang en`; but errors that come before the command reads
    its options — a usage error (exit 2), another key of the config or a variable refused (exit 4) — were in
    Swedish. The language is now taken, as `--lang` is, from the command line, else the command's variable, else
    its config section, before anything is parsed."""
    src = _src(tmp_path)
    cfg = tmp_path / "forbattra.toml"
    env = {k: v for k, v in _env().items() if k not in ("FORBATTRA_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}

    def run(*args, **extra):
        return subprocess.run([sys.executable, "-m", "forbattra", *args], capture_output=True, text=True,
                              cwd=tmp_path, env={**env, **extra})

    cfg.write_text('[classify]\nlang = "en"\n', encoding="utf-8")
    r = run("classify", "--min-confidence", "x", str(src))
    assert r.returncode == 2 and r.stderr.splitlines()[0] == "Usage: forbattra classify [OPTIONS] {INPUT}", r.stderr
    assert r.stderr.splitlines()[-1] == "Error: Invalid value for '--min-confidence': 'x' is not a number; write e.g. 0.6 or 0,6"
    (tmp_path / "jobb").mkdir()
    job = cfg.rename(tmp_path / "jobb" / "natt.toml")  # a job's own config, named by --config
    r = run("--config", str(job), "--log-format", "json", "classify", "--min-confidence", "x", str(src))
    assert r.returncode == 2 and json.loads(r.stderr)["message"].startswith("Invalid value for '--min-confidence'")
    r = run("--log-format", "json", "classify", "--min-confidence", "x", str(src), FORBATTRA_CONFIG=str(job))
    assert r.returncode == 2 and json.loads(r.stderr)["message"].startswith("Invalid value for '--min-confidence'")
    job.rename(cfg)
    r = run("classify", str(src), "-o", "ut.jsonl", FORBATTRA_CLASSIFY_REVIEW="many")
    assert r.returncode == 4 and r.stderr.startswith("Error: environment variables: FORBATTRA_CLASSIFY_REVIEW='many'"), \
        r.stderr
    cfg.write_text('[classify]\nlang = "en"\nstor = "historik.db"\n', encoding="utf-8")
    r = run("classify", str(src))
    assert r.returncode == 4 and r.stderr.startswith(f"Error: {cfg}: [classify] stor: unknown option"), r.stderr
    cfg.write_text('[classify]\nlang = "en"\n', encoding="utf-8")
    r = run("classify", "--lang", "sv", "--min-confidence", "x", str(src))  # the command line first
    assert r.returncode == 2 and r.stderr.splitlines()[-1].startswith("Fel: Ogiltigt värde"), r.stderr
    cfg.unlink()
    r = run("classify", "--min-confidence", "x", str(src), FORBATTRA_CLASSIFY_LANG="en")
    assert r.returncode == 2 and r.stderr.splitlines()[-1].startswith("Error: Invalid value"), r.stderr
    r = run("classify", "--min-confidence", "x", str(src))  # nothing says English: Swedish
    assert r.returncode == 2 and r.stderr.splitlines()[-1].startswith("Fel: Ogiltigt värde"), r.stderr


# -- 8. damaged models: exit 5, one line; NaN weights refused ----------------------------------


def _model(tmp_path):
    d = tmp_path / "modell"
    shutil.copytree(ROOT / "models" / "standard", d)
    return d


def _edit_meta(d, fn):
    p = d / "model.json"
    meta = json.loads(p.read_text(encoding="utf-8"))
    p.write_text(json.dumps(fn(meta)), encoding="utf-8")


def _edit_weights(d, **arrays):
    with np.load(d / "weights.npz") as w:
        data = {k: w[k] for k in w.files}
    data.update(arrays)
    np.savez(d / "weights.npz", **data)


def _without(meta, key):
    meta.pop(key)
    return meta


DAMAGE = {
    "list": lambda d: (d / "model.json").write_text("[1, 2]", encoding="utf-8"),
    "missing_vocabulary": lambda d: _edit_meta(d, lambda m: _without(m, "vocabulary")),
    "missing_thresholds": lambda d: _edit_meta(d, lambda m: _without(m, "thresholds")),
    "threshold_text": lambda d: _edit_meta(d, lambda m: {**m, "thresholds": {t: "hög" for t in m["thresholds"]}}),
    "themes_number": lambda d: _edit_meta(d, lambda m: {**m, "themes": 7}),
    "params_unknown": lambda d: _edit_meta(d, lambda m: {**m, "params": {"C": 1, "penalty": "l1"}}),
    "corrections_list": lambda d: _edit_meta(d, lambda m: {**m, "corrections_map": [1, 2]}),
    "nested": lambda d: (d / "model.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8"),
    "shape": lambda d: _edit_weights(d, coef=np.zeros((3, 3), dtype=np.float32)),
    "nan": lambda d: _edit_weights(d, coef=np.full(np.load(d / "weights.npz")["coef"].shape, np.nan, dtype=np.float32)),
    "inf": lambda d: _edit_weights(d, intercept=np.full(np.load(d / "weights.npz")["intercept"].shape, np.inf,
                                                        dtype=np.float32)),
    "truncated_npz": lambda d: (d / "weights.npz").write_bytes((d / "weights.npz").read_bytes()[:200]),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_model_is_a_model_error(runner, tmp_path, damage):
    src = _src(tmp_path)
    d = _model(tmp_path)
    DAMAGE[damage](d)
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["classify", str(src), "--model", str(d), "-o", str(out)])
    line = _one_error(r, 5)
    assert str(d) in line and len(line) < 400
    assert not out.exists()


def test_intact_model_copy_still_loads(runner, tmp_path):
    r = runner.invoke(app, ["classify", str(_src(tmp_path)), "--model", str(_model(tmp_path)), "-o", "o.jsonl"])
    assert r.exit_code == 0, r.stderr


# -- 9. stale temporary files of a killed run are removed by the next run ----------------------


def test_stale_temp_of_a_killed_run_is_cleaned(runner, tmp_path):
    from forbattra.outputs.writers import clean_stale_temps

    out = tmp_path / "ut"
    out.mkdir()
    code = ("import sys, time; from pathlib import Path; from forbattra.outputs.writers import AtomicOutputs; "
            "tx = AtomicOutputs(); print(tx.path(Path(sys.argv[1])), flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out / "o.xlsx")], stdout=subprocess.PIPE, env=_env())
    leftover = Path(proc.stdout.readline().decode().strip())
    # the copy of the previous output a commit keeps while it renames (a kill then leaves it too)
    backup = leftover.with_name(leftover.name[:-4] + ".old.tmp")
    backup.write_text("x")
    # while its run is alive the files are not stale
    assert leftover.exists() and clean_stale_temps(out) == []
    proc.kill()  # kill -9: no cleanup runs
    proc.wait()
    assert leftover.exists() and backup.exists()
    old_legacy = out / ".o.csv.abcd1234.tmp"  # an earlier forbattra's name, no pid: stale after an hour
    new_legacy = out / ".o.jsonl.efgh5678.tmp"
    foreign = out / ".notes.abcd1234.tmp"  # not one of ours
    for p in (old_legacy, new_legacy, foreign):
        p.write_text("x")
    two_hours_ago = time.time() - 7200
    os.utime(old_legacy, (two_hours_ago, two_hours_ago))
    os.utime(foreign, (two_hours_ago, two_hours_ago))
    r = runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(out / "o.xlsx")])
    assert r.exit_code == 0, r.stderr
    assert not leftover.exists() and not backup.exists() and not old_legacy.exists()
    assert new_legacy.exists() and foreign.exists()



def test_an_output_name_near_the_file_system_s_limit_is_written(runner, tmp_path):
    """An input named with 118 ö (236 bytes) gets the output name classify makes, "…-teman.xlsx" (251 bytes,
    a name the file system holds), but its temporary file beside it (the name plus ".PID@HOST.XXXXXXXX.tmp")
    was over 255 bytes: "kan inte skriva: File name too long; välj en annan --out", exit 3. The temporary
    file's name is shortened to fit (keeping its extension, so a later run still cleans it up), and the outputs
    are written under the names asked for."""
    from forbattra.outputs.writers import _TEMP_RE, AtomicOutputs

    stem = "ö" * 118
    src = _src(tmp_path, name=stem + ".csv")
    r = runner.invoke(app, ["classify", str(src)])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / (stem + "-teman.xlsx")).is_file()
    out = tmp_path / ("ä" * 124 + ".jsonl")  # 254 bytes
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with AtomicOutputs() as tx:
        tmp = tx.path(out)
        assert len(tmp.name.encode()) <= 255 - len(".old") and _TEMP_RE.match(tmp.name)


# -- 10. standard input --------------------------------------------------------------------------


def test_classify_from_standard_input(runner, tmp_path):
    ref = tmp_path / "ref.jsonl"
    assert runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(ref)]).exit_code == 0
    r = runner.invoke(app, ["classify", "-", "-o", "s.jsonl"], input=CSV.encode("utf-8"))
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "s.jsonl").read_bytes() == ref.read_bytes()
    assert "Läste standard in (stdin) (text" in r.stderr and "forbattra-stdin" not in r.stderr  # not the spool file
    r = runner.invoke(app, ["classify", "-", "-o", "t.jsonl"], input=b"a;b\n1;2\n")
    assert "standard in (stdin): hittade ingen kolumn" in _one_error(r, 3)
    r = subprocess.run([sys.executable, "-m", "forbattra", "-q", "classify", "/dev/stdin", "-o", "p.jsonl"],
                       input=CSV.encode("utf-8"), capture_output=True, env=_env(), cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "p.jsonl").read_bytes() == ref.read_bytes()


@pytest.mark.parametrize("err,line", [
    (errno.ENOSPC, "Fel: standard in (stdin) kan inte sparas i den temporära mappen {tmp}: disken är full (eller din kvot "
                   "är slut); frigör utrymme där eller välj en mapp på en annan disk med TMPDIR=MAPP"),
    (errno.EIO, "Fel: standard in (stdin) kan inte sparas i den temporära mappen {tmp}: Input/output error; välj en "
                "annan mapp med TMPDIR=MAPP"),
])
def test_standard_input_on_a_full_temporary_disk_is_one_line_and_leaves_no_copy(runner, tmp_path, monkeypatch, err,
                                                                                 line):
    """classify - copies the pipe into the temporary folder first. With that disk full it said "Fel: internt fel:
    OSError: [Errno 28] No space left on device" (exit 1, a bug to report) and left the half-written copy in
    TMPDIR, filling it for every later run: one line naming the folder and TMPDIR, exit 3, no copy left."""
    import tempfile

    import forbattra.workflow

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))

    def full(path, first, source):
        path.write_bytes(first[: len(first) // 2])  # as much as fitted
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(forbattra.workflow, "_spool_copy", full)
    r = runner.invoke(app, ["classify", "-", "-o", str(tmp_path / "s.jsonl")], input=CSV.encode("utf-8"))
    assert _one_error(r, 3) == line.format(tmp=tmp)
    assert list(tmp.iterdir()) == [] and not (tmp_path / "s.jsonl").exists()


def test_standard_input_is_copied_with_bounded_memory(tmp_path, monkeypatch):
    """classify - read the whole pipe into memory before writing it to the temporary file: a pipe of a few
    gigabytes (zcat export.csv.gz | forbattra classify -) held them all in memory, beside the streamed run
    that keeps a big file's memory bounded. The copy holds a block at a time: 64 MB through it allocate a
    small part of that, and the copy is the pipe, byte for byte."""
    import hashlib
    import io
    import tempfile
    import tracemalloc

    from forbattra.workflow import spool_stdin

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    line = "1;Hemtjänst Norr;Vi behöver fler vikarier på helgerna och ett schema som håller\n".encode("utf-8")
    n = 64_000_000 // len(line)

    class Pipe(io.RawIOBase):  # 64 MB made as it is read, as a pipe delivers them
        def __init__(self):
            self.left = n
            self.digest = hashlib.sha256()
            self.head = b"id;Enhet;F\xc3\xb6rslag\n"

        def readable(self):
            return True

        def readinto(self, buf):
            data, self.head = self.head, b""
            k = min(self.left, max(1, (len(buf) - len(data)) // len(line)))
            data += line * k
            self.left -= k
            self.digest.update(data)
            buf[:len(data)] = data
            return len(data)

    pipe = Pipe()
    tracemalloc.start()
    try:
        path, cleanup = spool_stdin(io.BufferedReader(pipe, buffer_size=1 << 16))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    try:
        assert path.stat().st_size == len(b"id;Enhet;F\xc3\xb6rslag\n") + n * len(line)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == pipe.digest.hexdigest()
        assert peak < 8_000_000, peak
    finally:
        cleanup()
    assert not path.parent.exists()


@pytest.mark.parametrize("temp_disk", ["other", "same"])
def test_a_full_temporary_disk_under_a_workbook_names_the_temporary_folder(runner, tmp_path, monkeypatch, temp_disk):
    """A workbook's rows go through xlsxwriter's files in the temporary folder (TMPDIR). With that disk full (a small
    /tmp) and the output's disk empty, classify said "Fel: t.xlsx: … disken är full …; frigör utrymme eller skriv
    till en annan disk": writing elsewhere changes nothing. The line names the temporary folder and TMPDIR when it is
    on another disk, the fuller one; on the output's disk, the output's line as before. Exit 3, nothing written."""
    import collections
    import tempfile

    import forbattra.outputs.writers as writers

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    real_stat = os.stat
    Vfs = collections.namedtuple("Vfs", "f_bavail f_frsize")

    def in_tmp(p):
        return isinstance(p, (str, Path)) and Path(p).parent == tmp

    def stat(p, *a, **k):
        r = real_stat(p, *a, **k)
        if in_tmp(p) and temp_disk == "other":
            return os.stat_result((*tuple(r)[:2], r.st_dev + 1, *tuple(r)[3:10]))
        return r

    def statvfs(p):
        return Vfs(0, 4096) if in_tmp(p) else Vfs(10**9, 4096)

    def close(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writers.os, "stat", stat)
    monkeypatch.setattr(writers.os, "statvfs", statvfs)
    monkeypatch.setattr(writers, "_close", close)
    out = tmp_path / "t.xlsx"
    r = runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(out), "-o", str(tmp_path / "t.jsonl")])
    monkeypatch.undo()
    line = _one_error(r, 3)
    assert line == (f"Fel: {out}: kan inte skriva: disken med den temporära mappen {tmp} är full (eller din kvot är "
                    "slut); frigör utrymme där eller välj en mapp på en annan disk med TMPDIR=MAPP" if temp_disk == "other"
                    else f"Fel: {out}: kan inte skriva: disken är full (eller din kvot är slut); frigör utrymme eller "
                    "skriv till en annan disk")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "tmp"] and list(tmp.iterdir()) == []


def test_a_copy_of_standard_input_left_by_a_killed_run_is_removed_by_the_next(tmp_path, monkeypatch):
    """classify - copies the pipe into the temporary folder and removes the copy however the run ends, but not when
    it is killed outright (the out-of-memory killer, kill -9): a nightly zcat … | forbattra classify - left a copy
    as big as the export in /tmp each time, and no run removed it. A copy is named with its process and machine; the
    next run removes those of processes gone on this machine, and keeps a live run's and another machine's."""
    import io
    import tempfile

    from forbattra.outputs.writers import _HOST
    from forbattra.workflow import spool_stdin

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    names = {"dead": f"forbattra-stdin-{gone.pid}@{_HOST}.k1ll3d00", "live": f"forbattra-stdin-{os.getpid()}@{_HOST}.4l1v3000",
             "other": f"forbattra-stdin-{gone.pid}@{'0000' if _HOST != '0000' else '0001'}.0th3rm4c",
             "unrelated": "forbattra-stdin-notours"}
    for name in names.values():
        (tmp_path / name).mkdir()
        (tmp_path / name / "stdin.csv").write_bytes(b"x" * 1000)
    path, cleanup = spool_stdin(io.BytesIO(CSV.encode("utf-8")))
    try:
        assert path.read_bytes() == CSV.encode("utf-8")
        left = sorted(p.name for p in tmp_path.iterdir() if p != path.parent)
        assert left == sorted(names[k] for k in ("live", "other", "unrelated"))
        assert path.parent.name.startswith(f"forbattra-stdin-{os.getpid()}@{_HOST}.")
    finally:
        cleanup()


def test_a_workbooks_temporary_folder_left_by_a_killed_run_is_removed_by_the_next(runner, tmp_path, monkeypatch):
    """A workbook's rows go through xlsxwriter's row files in a folder of the temporary folder, removed however the
    write ends, but not when the run is killed outright (the out-of-memory killer, kill -9): 81 MB for a 200,000-row
    run, left in /tmp, one more each time. The folder is named with its process and machine; the next workbook
    written removes those of processes gone on this machine, and keeps a live run's and another machine's."""
    import tempfile

    from forbattra.outputs.writers import _HOST

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    other = "0000" if _HOST != "0000" else "0001"
    names = {"dead": f"forbattra-xlsx.{gone.pid}@{_HOST}.k1ll3d00", "live": f"forbattra-xlsx.{os.getpid()}@{_HOST}.4l1v3000",
             "other": f"forbattra-xlsx.{gone.pid}@{other}.0th3rm4c", "unrelated": "forbattra-xlsx.notours"}
    for name in names.values():
        (tmp / name).mkdir()
        (tmp / name / "tmp_rows").write_bytes(b"x" * 1000)
    r = runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in tmp.iterdir()) == sorted(names[k] for k in ("live", "other", "unrelated"))


@pytest.mark.parametrize("args", [["duplicates", "-"], ["discover", "-"], ["review", "-"], ["report", "-"],
                                  ["evaluate", "-"], ["train", "-", "--out", "m"], ["extract", "-", "-o", "e.xlsx"],
                                  ["duplicates", "/dev/stdin"]])
def test_standard_input_given_to_a_command_that_reads_none_says_so(tmp_path, args):
    """Only classify reads standard input. Piped into another command, '-' was "-: filen eller mappen finns inte"
    and /dev/stdin "filen är tom (0 byte); exportera uppgifterna igen" (a pipe has no size): one line saying
    classify reads it, to save the export to a file, exit 3, nothing written."""
    r = subprocess.run([sys.executable, "-m", "forbattra", *args], input=CSV.encode("utf-8"), capture_output=True,
                       text=False, env=_env(), cwd=tmp_path, timeout=120)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 3, err
    assert err.strip().splitlines() == [
        f"Fel: {args[1]}: standard in (stdin) eller en pipe läses bara av classify (forbattra classify - < forslag.csv); "
        "spara exporten i en fil och ange filen"], err
    assert r.stdout == b"" and list(tmp_path.iterdir()) == []


def test_a_pipe_named_as_a_file_is_read_as_standard_input(runner, tmp_path):
    """bash's <(iconv … export.csv) names a pipe, /dev/fd/63: it has no size, so classify said "filen är tom (0
    byte); exportera uppgifterna igen" with the export in it. classify reads it as it reads standard input (the
    same output); another command says only classify reads a pipe, as for '-', exit 3 — a named FIFO too."""
    import os

    ref = tmp_path / "ref.jsonl"
    assert runner.invoke(app, ["classify", str(_src(tmp_path)), "-o", str(ref)]).exit_code == 0

    def run_on_pipe(*args):
        r_fd, w_fd = os.pipe()
        os.write(w_fd, CSV.encode("utf-8"))  # (a few bytes: the pipe holds them)
        os.close(w_fd)
        try:
            return subprocess.run([sys.executable, "-m", "forbattra", *args, f"/dev/fd/{r_fd}"], pass_fds=(r_fd,),
                                  capture_output=True, env=_env(), cwd=tmp_path, timeout=120)
        finally:
            os.close(r_fd)

    r = run_on_pipe("-q", "classify", "-o", "p.jsonl")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "p.jsonl").read_bytes() == ref.read_bytes()
    r = run_on_pipe("duplicates")
    assert r.returncode == 3 and b"en pipe l\xc3\xa4ses bara av classify" in r.stderr, r.stderr
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "forbattra", "discover", str(fifo)], capture_output=True, env=_env(),
                       cwd=tmp_path, timeout=120)  # (refused before it is opened: no writer needed)
    assert r.returncode == 3 and b"en pipe l\xc3\xa4ses bara av classify" in r.stderr, r.stderr


def test_dev_stdin_redirected_from_a_file_is_that_file(tmp_path):
    src = _src(tmp_path)
    with src.open("rb") as f:
        r = subprocess.run([sys.executable, "-m", "forbattra", "-q", "duplicates", "/dev/stdin", "-o", "d.jsonl"],
                           stdin=f, capture_output=True, env=_env(), cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "d.jsonl").is_file()


def test_empty_standard_input(runner):
    r = runner.invoke(app, ["classify", "-"], input=b"")
    assert "standard in (stdin) är tom" in _one_error(r, 3)


def test_closed_standard_input_is_no_terminal(tmp_path):
    """A job started with standard input closed ('<&-'), as some schedulers and daemons start them: Python has no
    sys.stdin, and 'classify -' said stdin was a terminal — there was none. It is said to be empty now: nothing
    was sent in."""
    r = subprocess.run([sys.executable, "-m", "forbattra", "classify", "-", "-o", "s.jsonl"], capture_output=True,
                       text=True, env=_env(), cwd=tmp_path, timeout=120, preexec_fn=lambda: os.close(0))
    assert (r.returncode, r.stderr) == (3, "Fel: standard in (stdin) är tom; skicka in en export, t.ex. forbattra "
                                           "classify - < forslag.csv\n"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- 11. huge values echoed into an error are capped ---------------------------------------------


def test_huge_header_is_not_echoed_whole(runner, tmp_path):
    src = tmp_path / "one.csv"
    src.write_text("x" * 2_000_000 + "\n", encoding="utf-8")
    r = runner.invoke(app, ["classify", str(src), "-o", "o.jsonl"])
    line = _one_error(r, 3)
    assert len(line) <= 1100 and line.startswith(f"Fel: {src}")


def test_shorten():
    from forbattra.errors import ForbattraError, shorten

    assert shorten("kort") == "kort"
    s = shorten("a" * 50 + "b" * 50, 20)
    assert len(s) == 20 and s.startswith("a") and s.endswith("b") and "…" in s
    msg = str(ForbattraError("where: " + "v" * 10_000 + " how to fix"))
    assert len(msg) <= 1000 and msg.startswith("where: ") and msg.endswith(" how to fix")


# -- a broken installation: shipped resources missing are an error, never a quiet downgrade ----------

def test_missing_shipped_model_is_exit_5_not_keywords_only(runner, tmp_path, monkeypatch):
    import importlib.resources

    from forbattra.scoring import model as model_mod

    empty = tmp_path / "installed"
    (empty / "pkg" / "scoring").mkdir(parents=True)
    monkeypatch.setattr(importlib.resources, "files", lambda pkg: empty / "pkg")
    monkeypatch.setattr(model_mod, "__file__", str(empty / "pkg" / "scoring" / "model.py"))
    src = _src(tmp_path)
    out = tmp_path / "o.csv"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    line = _one_error(r, 5)
    assert "medföljande modellen för taxonomin 'standard' saknas" in line and "--model none" in line
    assert not out.exists()
    own = tmp_path / "egen.yaml"  # a user taxonomy sorts through the standard model: the same error
    assert runner.invoke(app, ["taxonomy", "init", str(own)]).exit_code == 0
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(own), "-o", str(out)])
    assert "medföljande modellen för taxonomin 'standard' saknas" in _one_error(r, 5)


def test_missing_word_vectors_are_a_model_error(tmp_path, monkeypatch):
    import importlib.resources

    from forbattra.analysis import duplicates
    from forbattra.errors import ModelError

    (tmp_path / "data").mkdir()
    monkeypatch.setattr(importlib.resources, "files", lambda pkg: tmp_path)
    duplicates.word_table.cache_clear()
    try:
        with pytest.raises(ModelError, match="word_vectors"):
            duplicates.word_table()
    finally:
        duplicates.word_table.cache_clear()


def test_a_replaced_output_keeps_its_permissions(tmp_path):
    """A nightly job's output shared with a group (664) stays shared after the next run."""
    import os

    from forbattra.outputs.writers import AtomicOutputs

    target = tmp_path / "teman.csv"
    target.write_text("gammal\n", encoding="utf-8")
    os.chmod(target, 0o664)
    with AtomicOutputs() as tx:
        tx.path(target).write_text("ny\n", encoding="utf-8")
        tx.commit()
    assert target.read_text(encoding="utf-8") == "ny\n" and (os.stat(target).st_mode & 0o777) == 0o664


def test_a_replaced_report_or_trends_file_keeps_its_permissions(tmp_path):
    """A report a web server serves (644) stays readable after a nightly run under a scheduler's umask 077:
    a single output (report, trends -o, taxonomy files) keeps a replaced file's permissions as classify's do
    (they became 600 before); a new one still follows the umask."""
    import os

    from forbattra.outputs.writers import atomic_path

    target = tmp_path / "rapport.html"
    target.write_text("gammal\n", encoding="utf-8")
    os.chmod(target, 0o644)
    old = os.umask(0o077)
    try:
        with atomic_path(target) as tmp:
            tmp.write_text("ny\n", encoding="utf-8")
        with atomic_path(tmp_path / "ny.md") as tmp:
            tmp.write_text("ny\n", encoding="utf-8")
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "ny\n" and (os.stat(target).st_mode & 0o777) == 0o644
    assert os.stat(tmp_path / "ny.md").st_mode & 0o777 == 0o600


@pytest.mark.parametrize("how", ["term", "int-group"])
def test_a_stopped_run_ends_with_one_line_and_no_worker_tracebacks(tmp_path, how):
    """A scheduler's SIGTERM to the main process, or Ctrl-C to the whole process group, while two worker
    processes classify a big file: exit 130, one line, no traceback from a worker, no temporary file, the
    earlier output untouched (a hang or a worker's KeyboardInterrupt/BrokenPipe traceback before)."""
    import signal

    rows = ["Vi behöver fler vikarier på helgerna", "Personalrummet är för litet och trångt",
            "Datorerna är långsamma och startar inte", "Schemat kommer ut för sent varje månad"]
    src = _src(tmp_path, "id;Enhet;Förslag\n" + "".join(f"{i};E{i % 40};{rows[i % 4]} nr {i}\n" for i in range(150_000)))
    out = tmp_path / "ut"
    out.mkdir()
    earlier = "id;Förslag;Tema;Tema-id\n1;Fler vikarier;Rekrytering och bemanning;personal\n"  # last run's output
    (out / "t.csv").write_text(earlier, encoding="utf-8")
    env = {k: v for k, v in _env().items() if not k.startswith("FORBATTRA_")}
    proc = subprocess.Popen([sys.executable, "-m", "forbattra", "classify", str(src), "--jobs", "2",
                             "-o", str(out / "t.jsonl"), "-o", str(out / "t.csv")],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, start_new_session=True)
    proc.stderr.readline()  # "Läste …": reading has begun
    time.sleep(1.5)
    if how == "term":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    time.sleep(1)  # a worker left running would write now
    err = proc.stderr.read().decode("utf-8")
    assert rc == 130, err
    assert "Traceback" not in err and "avbrutet" in err, err
    assert sorted(p.name for p in out.iterdir()) == ["t.csv"] and (out / "t.csv").read_text(encoding="utf-8") == earlier


@pytest.mark.parametrize("command", ["extract", "trends"])
def test_every_command_replaces_its_outputs_together(runner, tmp_path, monkeypatch, command):
    """extract and trends wrote their outputs one after the other: a failure on the second (disk full, a file
    open in Excel) left the first replaced, a .jsonl of this run beside an .xlsx of the last. write_outputs now
    replaces several targets together for every command, as classify, duplicates and discover do."""
    import errno

    from forbattra.outputs import writers

    if command == "extract":
        doc = tmp_path / "rapport.md"
        doc.write_text("# Förslag\n\n- Fler vikarier på helgerna i hemtjänsten\n- Nya datorer till personalrummet\n",
                       encoding="utf-8")
        args = ["extract", str(doc)]
    else:
        export = tmp_path / "forslag.csv"
        export.write_text("Enhet;Förslag;Datum\nA;Fler vikarier på helgerna;2025-01-10\n"
                          "B;Nya datorer till personalen;2025-02-11\n", encoding="utf-8")
        store = tmp_path / "historik.db"
        r = runner.invoke(app, ["classify", str(export), "-o", str(tmp_path / "x.jsonl"), "--store", str(store)])
        assert r.exit_code == 0, r.stderr
        args = ["trends", "--store", str(store)]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.xlsx"
    good = '{"row": 1, "id": "1", "text": "last night\'s good file", "themes": [], "status": "empty"}\n'  # (one of forbattra's)
    a.write_text(good, encoding="utf-8")

    def full_disk(sheets, target, **kw):
        Path(target).write_text("half a fi", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(writers, "write_xlsx", full_disk)
    r = runner.invoke(app, args + ["-o", str(a), "-o", str(b)])
    line = _one_error(r, 3)
    assert "b.xlsx" in line and "disken är full" in line
    assert a.read_text(encoding="utf-8") == good and not b.exists()
    assert _temps(tmp_path) == []


def test_a_subfolder_that_cannot_be_read_is_named_and_the_run_is_partial(runner, tmp_path, monkeypatch):
    """A folder of reports where one unit's subfolder may not be listed (its permissions): the documents in it
    are skipped, so the run is partial (exit 6) and the subfolder is named — not a run of exit 0 that silently
    lacks that unit's suggestions (os.walk passed over the folder without a word)."""
    folder = tmp_path / "rapporter"
    (folder / "öppen").mkdir(parents=True)
    (folder / "låst").mkdir()
    (folder / "öppen" / "a.md").write_text("# Förslag\n\n- Vi behöver fler vikarier på helgerna i hemtjänsten\n",
                                            encoding="utf-8")
    (folder / "låst" / "b.md").write_text("# Förslag\n\n- Personalrummet är för litet och trångt för alla\n",
                                           encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == folder / "låst":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "t.jsonl"
    r = runner.invoke(app, ["classify", str(folder), "-o", str(out)])
    assert r.exit_code == 6, r.stderr
    skipped = [ln for ln in r.stderr.splitlines() if ln.startswith("Varning: hoppade över")]
    assert skipped == ["Varning: hoppade över låst: mappen kan inte läsas (Permission denied); dokumenten i den "
                       "kom inte med: ge kontot läsrätt till mappen"], r.stderr
    assert [json.loads(ln)["text"] for ln in out.read_text(encoding="utf-8").splitlines()] == [
        "Vi behöver fler vikarier på helgerna i hemtjänsten"]


_KILL_A_WORKER = """
import os, signal, sys
import forbattra.workflow as wf
from forbattra.scoring import pipeline
from forbattra.cli import main

if sys.argv.pop(1) == "stream":
    wf.STREAM_ABOVE_BYTES = 0
serialise, classify = wf._serialise_in_worker, pipeline._classify_chunk_worker

def die(now):  # what the kernel's out-of-memory killer does to a worker: SIGKILL, no goodbye
    if now:
        os.kill(os.getpid(), signal.SIGKILL)

def serialise_or_die(part, task):
    die(int(part.index[0]) == 5000)
    return serialise(part, task)

def classify_or_die(texts):
    die(texts[0].endswith(" nr 5000"))
    return classify(texts)

wf._serialise_in_worker, pipeline._classify_chunk_worker = serialise_or_die, classify_or_die
sys.argv[0] = "forbattra"
main()
"""


@pytest.mark.parametrize("path", ["stream", "whole"])
def test_a_worker_killed_for_memory_ends_the_run_with_one_line_not_a_hang(tmp_path, path):
    """The out-of-memory killer takes one of the worker processes of a nightly run (SIGKILL): the run ends
    at once with one line naming what happened and what to do, no traceback, no temporary file, the earlier
    output untouched. Before, the main process waited forever for the lost chunk (the job hung until
    someone killed it)."""
    rows = ["Vi behöver fler vikarier på helgerna", "Personalrummet är för litet och trångt"]
    src = _src(tmp_path, "id;Enhet;Förslag\n" + "".join(f"{i};E{i % 40};{rows[i % 2]} nr {i}\n" for i in range(15_000)))
    out = tmp_path / "ut"
    out.mkdir()
    earlier = '{"row": 1, "id": "1", "text": "Fler vikarier", "themes": ["personal"], "status": "ok"}\n'  # last run's output
    (out / "t.jsonl").write_text(earlier, encoding="utf-8")
    env = {k: v for k, v in _env().items() if not k.startswith("FORBATTRA_")}
    proc = subprocess.Popen([sys.executable, "-c", _KILL_A_WORKER, path, "classify", str(src), "--jobs", "2",
                             "-o", str(out / "t.jsonl")],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        _, err_bytes = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        pytest.fail("the run hung after a worker was killed")
    err = err_bytes.decode("utf-8")
    errors = [ln for ln in err.splitlines() if ln.startswith("Fel:")]
    assert proc.returncode == 1 and len(errors) == 1 and "Traceback" not in err, err
    assert "arbetsprocess" in errors[0] and "SIGKILL" in errors[0] and "--jobs 1" in errors[0], errors
    assert sorted(p.name for p in out.iterdir()) == ["t.jsonl"]
    assert (out / "t.jsonl").read_text(encoding="utf-8") == earlier


def test_an_output_that_is_a_symbolic_link_writes_the_file_it_points_to(runner, tmp_path):
    """A nightly job writes `-o senaste.jsonl`, a link to the file a dashboard reads: the new outputs were
    renamed onto the link itself, so the link became a file of its own and the file it named kept last
    night's rows, unsaid. The output is written where the link points (as Excel, an editor or the shell's
    `>` would), the link kept."""
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "forslag.csv"
    real = tmp_path / "arkiv" / "tema.jsonl"
    real.parent.mkdir()
    real.write_text('{"row": 1, "id": null, "text": "gammalt", "themes": [], "status": "empty"}\n', encoding="utf-8")
    link = tmp_path / "senaste.jsonl"
    link.symlink_to(Path("arkiv") / "tema.jsonl")
    r = runner.invoke(app, ["classify", str(sample), "-o", str(link)])
    assert r.exit_code == 0, r.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "gammalt" not in real.read_text(encoding="utf-8") and real.read_text(encoding="utf-8").count("\n") > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arkiv", "senaste.jsonl"]


def test_an_outputs_missing_folders_are_made_and_the_path_written_is_named(runner, tmp_path):
    """As the README says: `-o ut/2026/teman.jsonl` into folders that do not exist makes them (exit 0), and the
    run's last line names the path written, so a nightly job's typo in the folder can be seen there."""
    src = tmp_path / "in.csv"
    src.write_text("Förslag\nMer personal på helgerna\nBättre wifi i skolan\n", encoding="utf-8")
    out = tmp_path / "ut" / "2026" / "teman.jsonl"
    r = runner.invoke(app, ["classify", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 2
    assert f"Skrev {out}" in r.stderr, r.stderr


def test_atomic_outputs_remove_a_new_output_when_the_next_rename_fails(runner, tmp_path, monkeypatch):
    """A first night's run of two outputs whose second could not be renamed into place (held open, no right to
    write) failed, exit 3, yet left its first output there as if that part had worked: the rollback restored
    earlier outputs only. An output that was not there before is removed again."""
    src = _src(tmp_path)
    xlsx, jsonl = tmp_path / "teman.xlsx", tmp_path / "teman.jsonl"
    real_replace = os.replace

    def held_open(src_, dst):
        if Path(dst) == jsonl:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src_, dst)

    monkeypatch.setattr(os, "replace", held_open)
    r = runner.invoke(app, ["classify", str(src), "-o", str(xlsx), "-o", str(jsonl)])
    assert "teman.jsonl" in _one_error(r, 3)
    assert not xlsx.exists() and not jsonl.exists() and _temps(tmp_path) == []
