"""The README, .ci/run and --help stay in sync; the package layout stays free of import cycles."""

import ast
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from forbattra.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "forbattra"


def _commands() -> dict[str, object]:
    """'classify' → click command, 'taxonomy list' → click command, ... for every command."""
    group = typer.main.get_command(app)
    out = {}
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        if subs:
            for sub_name, sub in subs.items():
                out[f"{name} {sub_name}"] = sub
        else:
            out[name] = cmd
    return out


def _global_opts() -> set[str]:
    group = typer.main.get_command(app)
    return {o for p in group.params for o in (*p.opts, *p.secondary_opts)}


def _readme_invocations() -> list[list[str]]:
    """Every ``forbattra ...`` line of the README's bash blocks, split like a shell would."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            for part in re.split(r"&&|\|", line):
                part = part.strip()
                if part.startswith("forbattra "):
                    lines.append(shlex.split(part)[1:])
    return lines


def test_readme_test_command_is_what_ci_runs():
    cmds = re.findall(r"^(python3 -m venv .*pytest)$", README, flags=re.M)
    assert len(cmds) == 1, "the README shows exactly one test set-up command"
    assert cmds[0] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_main_job_runs_on_sample_data():
    assert re.search(r"^python3 -m venv .*pip install .*&& forbattra classify sample_data/\S+", README, flags=re.M)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_documented_and_has_help(name):
    cmd = _commands()[name]
    assert f"forbattra {name}" in README, f"'forbattra {name}' is not shown in README.md"
    assert (cmd.help or "").strip(), f"{name} has no help text"
    assert "Example: forbattra" in cmd.help, f"{name}'s help has no example line"


def test_every_documented_option_exists():
    commands, glob = _commands(), _global_opts()
    seen = 0
    for argv in _readme_invocations():
        rest = list(argv)
        while rest and rest[0].startswith("-"):  # global options (and their values) before the command
            rest = rest[2:] if rest[0] in ("--log-format", "--config") else rest[1:]
        name = " ".join(rest[:2]) if " ".join(rest[:2]) in commands else (rest[0] if rest else "")
        assert name in commands, f"README uses an unknown command: forbattra {' '.join(argv)}"
        known = {o for p in commands[name].params for o in (*p.opts, *p.secondary_opts)} | glob
        for a in argv:
            if a.startswith("-") and a != "-" and not re.fullmatch(r"-\d.*", a):
                assert a.split("=")[0] in known, f"README: 'forbattra {name}' has no option {a}"
        seen += 1
    assert seen >= 20


def test_help_lists_every_command(runner):
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    for name in {n.split()[0] for n in _commands()}:
        assert re.search(rf"^\s+{name}\b", r.stdout, flags=re.M), f"{name} missing from --help"


def _module_imports(path: Path) -> set[str]:
    """forbattra modules imported at module level (imports inside functions do not make cycles)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("forbattra"):
            base = node.module
            for alias in node.names:
                cand = f"{base}.{alias.name}"
                out.add(cand if _module_path(cand) else base)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("forbattra")}
    return out


def _module_path(name: str) -> Path | None:
    rel = Path(*name.split(".")[1:])
    for cand in (SRC / rel.with_suffix(".py"), SRC / rel / "__init__.py"):
        if cand.exists():
            return cand
    return None


def test_no_import_cycles():
    modules = {}
    for p in SRC.rglob("*.py"):
        rel = p.relative_to(SRC).with_suffix("")
        parts = [x for x in rel.parts if x != "__init__"]
        modules[".".join(["forbattra", *parts])] = p
    graph = {m: {d for d in _module_imports(p) if d in modules and d != m} for m, p in modules.items()}
    state: dict[str, int] = {}

    def visit(m, stack):
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack, m, d]))
            if d not in state:
                visit(d, [*stack, m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_broken_command_module_is_an_error_not_a_missing_command():
    code = (
        "import importlib.abc, sys\n"
        "class Broken(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'forbattra.cli.trends':\n"
        "            raise ImportError('broken on purpose')\n"
        "sys.meta_path.insert(0, Broken())\n"
        "import forbattra.cli\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode != 0 and "broken on purpose" in r.stderr


def test_every_field_of_evaluate_json_is_documented_and_every_documented_one_is_printed(tmp_path):
    """`evaluate --json` is meant for scripts (README: `--json > metrics.json`): its paragraph in the README
    names every field it prints, at each level, and prints nothing it does not name."""
    import json

    from typer.testing import CliRunner

    para = re.search(r"^\*\*`evaluate --json`\*\*.*?(?=\n\n)", README, flags=re.M | re.S)
    assert para, "the README has a paragraph starting **`evaluate --json`**"
    documented = set(re.findall(r"`([a-z_][a-z0-9_]*)`", para.group(0)))
    src = tmp_path / "h.csv"  # huset's rooms, an unlabelled row, one labelled only Garage, one without text
    src.write_text("text;rum\nMer utbildning i lågaffektivt bemötande;Personal och kompetens\n;tak\n"
                   "Fler vikarier på helgerna behövs;personal_kompetens\nVi borde ha en egen bastu;Garage\n"
                   "Bättre ventilation på avdelningen;bjalklag\nTa fram rutin för överlämning;tak\nInget;\n",
                   encoding="utf-8")
    r = CliRunner().invoke(app, ["evaluate", str(src), "--label-column", "rum", "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    printed = set(report) | {k for m in report["per_theme"].values() for k in m} | {k for c in report["confusions"] for k in c}
    assert report["confusions"] and report["manual_only"] and report["unlabelled"] and report["no_text"]
    assert printed <= documented, f"undocumented: {sorted(printed - documented)}"
    assert documented <= printed, f"documented, never printed: {sorted(documented - printed)}"


def _docs_text() -> str:
    """The README and the pages under docs/ a user reads (the benchmark log is no manual)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p.name != "benchmarks.md")


def test_every_option_in_help_is_documented():
    """Every flag `--help` lists (long and short, both halves of an on/off pair, the options before the command
    and their environment variables) is named somewhere in the README or docs/, so a user who meets it in `--help`
    can read what it does, and one who reads the docs finds every flag there is."""
    docs = _docs_text()
    group = typer.main.get_command(app)

    def named(word: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", docs) is not None

    missing = [f"forbattra {o}" for p in group.params for o in (*p.opts, *p.secondary_opts) if not named(o)]
    shown_vars = [p.envvar or f"FORBATTRA_{p.name.upper()}" for p in group.params if getattr(p, "show_envvar", False)]
    missing += [var for var in shown_vars if not named(var)]
    for name, cmd in _commands().items():
        for p in cmd.params:
            if p.param_type_name == "option" and not getattr(p, "hidden", False):
                missing += [f"forbattra {name} {o}" for o in (*p.opts, *p.secondary_opts) if not named(o)]
    assert not missing, f"in --help but nowhere in README.md or docs/: {missing}"


def test_the_validation_example_in_docs_taxonomy_is_what_validate_prints(tmp_path, monkeypatch):
    """docs/taxonomy.md quotes `taxonomy validate`'s output for a file with two problems: a taxonomy with exactly
    those problems, on the lines it names, prints exactly those lines (exit 4)."""
    from typer.testing import CliRunner

    page = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Validation\.\*\*.*?```\n(.*?)```", page, flags=re.S)
    assert block, "docs/taxonomy.md quotes validate's output under **Validation.**"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "min-taxonomi.yaml").write_text(
        "name: min-taxonomi\nfallback: ovrigt\nthemes:\n  - id: lokaler\n    keywords: lokal\n    label: Lokaler\n"
        "  - id: lokaler\n    label: Lokaler igen\n  - id: ovrigt\n    label: Övrigt\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["taxonomy", "validate", "min-taxonomi.yaml", "--lang", "en"])
    assert r.exit_code == 4
    assert r.stderr.strip().splitlines() == block.group(1).strip().splitlines()


def test_the_nightly_job_as_the_readme_schedules_it_runs(tmp_path, monkeypatch):
    """The README's nightly job: its config file in a folder of its own, and the crontab's lines — the variables
    it sets and the commands it runs, from another folder (cron starts in the home folder) — classify the export
    into the store and report from it, every file where the config file says; the Windows script runs the same
    commands with --config."""
    from typer.testing import CliRunner

    section = README.split("### Running it every night", 1)[1].split("\n### ", 1)[0]
    config = re.search(r"```toml\n# (\S+)\n(.*?)```", section, flags=re.S)
    cron = re.search(r"```cron\n(.*?)```", section, flags=re.S)
    script = re.search(r"```bat\nrem \S+\n(.*?)```", section, flags=re.S)
    assert config and cron and script
    folder = tmp_path / "teman"
    folder.mkdir()
    (folder / "forbattra.toml").write_text(config.group(2), encoding="utf-8")
    (folder / "export.xlsx").write_bytes((ROOT / "sample_data" / "forslag.xlsx").read_bytes())
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    env, line = {}, ""
    for ln in cron.group(1).splitlines():
        if re.match(r"^[A-Z_]+=", ln):
            name, value = ln.split("=", 1)
            env[name] = str(folder / "forbattra.toml") if value == config.group(1) else value
        elif ln.strip():
            line = ln
    assert env.get("FORBATTRA_CONFIG") == str(folder / "forbattra.toml"), "the crontab names the config file shown"
    runs = [shlex.split(part)[1:] for part in line.split(" * * * ", 1)[1].split("&&")]
    assert [r[0] for r in runs] == ["classify", "report"]
    for argv in runs:
        r = CliRunner().invoke(app, argv, env=env)
        assert r.exit_code == 0, (argv, r.output)
        assert r.stderr == "", "FORBATTRA_QUIET=1: nothing on a night without warnings"
    assert {p.name for p in folder.iterdir()} >= {"teman.xlsx", "teman.jsonl", "forbattra.db", "rapport.html"}
    assert list(home.iterdir()) == []
    commands = [shlex.split(part.replace("\\", "/"))[1:] for part in script.group(1).strip().split("&&")]
    assert commands == [["--quiet", "--config", "C:/teman/forbattra.toml", name] for name in ("classify", "report")]


def test_the_nightly_line_that_reports_after_skipped_files_runs_report_on_exit_0_and_6_only():
    """The README's second crontab line (a folder input: exit 6 when files were skipped, outputs written) runs the
    report after classify's exit 0 or 6 and not after an error: its shell test, run by sh with classify standing
    in as a command exiting with each code."""
    import subprocess

    section = README.split("### Running it every night", 1)[1].split("\n### ", 1)[0]
    crons = re.findall(r"```cron\n(.*?)```", section, flags=re.S)
    assert len(crons) == 2
    line = crons[1].strip().split(" * * * ", 1)[1]
    classify, report = "/opt/forbattra/.venv/bin/forbattra classify", "/opt/forbattra/.venv/bin/forbattra report"
    assert line.startswith(classify) and line.endswith(report)
    for rc, reported in ((0, True), (6, True), (3, False), (1, False)):
        script = line.replace(classify, f"(exit {rc})").replace(report, "echo REPORT")
        out = subprocess.run(["sh", "-c", script], capture_output=True, text=True)
        assert ("REPORT" in out.stdout) is reported, (rc, out.stdout)


def _outs_and_inputs() -> tuple[set[str], set[str]]:
    """The files the README's command lines write (-o/--out/--taxonomy-out) and those they read (a command's
    first argument that is a file, --corrections, --model's folder not included)."""
    outs, ins = set(), set()
    commands = _commands()
    for argv in _readme_invocations():
        rest = list(argv)
        while rest and rest[0].startswith("-"):
            rest = rest[2:] if rest[0] in ("--log-format", "--config") else rest[1:]
        name = " ".join(rest[:2]) if " ".join(rest[:2]) in commands else rest[0]
        args = rest[len(name.split()):]
        for i, a in enumerate(args):
            if a in ("-o", "--out", "--taxonomy-out") and i + 1 < len(args):
                outs.add(args[i + 1])
            elif a == "--corrections" and i + 1 < len(args):
                ins.add(args[i + 1])
        first = args[0] if args else ""
        if first and not first.startswith("-") and "." in first and not name.startswith("taxonomy"):
            ins.add(first)
    return outs, ins


def test_no_readme_example_writes_onto_a_file_another_one_reads():
    """A user tries the README's examples in one folder: none writes to the export the others read (forslag.xlsx,
    export.csv …) — forbattra refuses to replace a workbook it did not write, so such a line would fail there."""
    outs, ins = _outs_and_inputs()
    readers = {"forslag.xlsx", "export.csv", "export.xlsx", "enkät.xlsx", "egna.xlsx"}  # the user's own exports
    assert readers <= ins, "the README's examples read these exports"
    clash = outs & readers
    assert not clash, f"README examples write onto an export other examples read: {sorted(clash)}"
    for name, cmd in _commands().items():  # and the example line of each command's --help
        example = shlex.split(cmd.help.split("Example: ", 1)[1].splitlines()[0])
        written = {example[i + 1] for i, a in enumerate(example[:-1]) if a in ("-o", "--out", "--taxonomy-out")}
        assert not written & readers, f"'{name} --help' writes its example onto an export: {sorted(written & readers)}"


def test_readme_examples_with_other_themes_write_an_output_of_their_own():
    """classify refuses to replace an output sorted with other themes (exit 3): a README line that sorts
    forslag.xlsx with another taxonomy or model names its own -o, so it runs after the plain
    `forbattra classify forslag.xlsx`, which wrote forslag-teman.xlsx with the standard themes."""
    lines = []
    for argv in _readme_invocations():
        if argv[:1] != ["classify"]:
            continue
        opts = dict(zip(argv, argv[1:]))
        other = opts.get("--taxonomy", "standard") != "standard" or opts.get("--model", "none") != "none"
        if other and not {"-o", "--out"} & set(argv):
            lines.append(" ".join(argv))
    assert not lines, f"these write the standard run's default output with other themes: {lines}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_default_output_names_are_the_ones_help_and_readme_give(tmp_path, lang):
    """Without -o, classify, review and report write a file of a default name that follows --lang: the file each
    writes is the one its -o help names (in English and in Swedish), and the README names it too."""
    from typer.testing import CliRunner

    from forbattra.cli.help_sv import HELP_SV

    (tmp_path / "forslag.csv").write_text(
        "id;enhet;text\n" + "".join(f"{i};Enhet {i % 3};{t}\n" for i, t in enumerate(
            ["Mer personal i hemtjänsten på helgerna", "Bättre wifi i hela huset", "Fler samtalsrum på plan två",
             "Inför en rutin för överlämning mellan passen", "Kurs i lågaffektivt bemötande för alla"] * 3)),
        encoding="utf-8")
    commands = _commands()
    for name in ("classify", "review", "report"):
        before = {p.name for p in tmp_path.iterdir()}
        r = CliRunner().invoke(app, [name, "forslag.csv", "--lang", lang])
        assert r.exit_code == 0, (name, r.output)
        (written,) = {p.name for p in tmp_path.iterdir()} - before
        shown = written.replace("forslag", "INPUT", 1) if name == "classify" else written
        out_help = next(p.help for p in commands[name].params if "--out" in getattr(p, "opts", ()))
        assert shown in out_help, f"{name} --lang {lang} wrote {written}; its -o help says: {out_help}"
        assert shown in HELP_SV[out_help], f"{name} --lang {lang} wrote {written}; the Swedish -o help lacks it"
        assert written in README, f"{name} --lang {lang} writes {written}: the README does not name it"
        (tmp_path / written).unlink()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_cluster_without_a_shared_word_is_named_as_the_readme_says(tmp_path, lang):
    """The README said cluster labels are words of the suggestions; a cluster of a few unrelated answers has no word
    used twice and is named by its number. The README names that label, in both languages, as discover writes it."""
    from typer.testing import CliRunner

    named = re.search(r"is named by its number, \*(\w+) (\d+)\* \(\*(\w+) (\d+)\* with `--lang en`\)", README)
    assert named, "the README says how discover names a cluster without a shared word"
    word = named.group(1) if lang == "sv" else named.group(3)
    src = tmp_path / "u.csv"
    src.write_text("id;text\n1;Bra kollegor!\n2;Tre elever kom från Ukraina i höstas och sitter mest och ritar\n"
                   "3;Arbetskläder borde ingå även för assistenter\n4;Jag tycker det är svårt att svara på enkäten\n"
                   "5;Mer personal i hemtjänsten på helgerna\n6;Bättre wifi i hela huset\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["discover", str(src), "--clusters", "3", "--unguided", "--lang", lang,
                                 "-o", str(tmp_path / "k.jsonl")])
    assert r.exit_code == 0, r.output
    import json

    labels = {json.loads(ln)["cluster_label"] for ln in (tmp_path / "k.jsonl").read_text(encoding="utf-8").splitlines()}
    assert labels == {f"{word} {n}" for n in (1, 2, 3)}


def test_the_exit_code_table_has_every_code_forbattra_exits_with():
    """The README's exit-code table lists each code errors.py defines (and 130, 141 for an interrupt or a closed
    pipe), and no other, so a nightly job's wrapper can switch on every code it may get."""
    from forbattra import errors

    table = {int(c) for c in re.findall(r"^\| (\d+) \|", README, flags=re.M)}
    defined = {v for k, v in vars(errors).items() if k.startswith("EXIT_") and isinstance(v, int)}
    assert table == defined | {130, 141}


@pytest.mark.parametrize("name", ["standard", "huset"])
def test_the_readme_names_the_built_in_themes_as_the_taxonomies_have_them(name):
    """The README lists the built-in taxonomies' themes: standard's labels in order, huset's rooms as each label begins
    (*Bottenplatta* for *Bottenplatta: Uppdrag och mål*), its fallback and its manual room named beside them."""
    from forbattra.taxonomy import load_taxonomy

    tax = load_taxonomy(name)
    if name == "standard":
        para = re.search(r"The built-in `standard` taxonomy: (.*?) \(a label", README, flags=re.S)
        assert para, "the README lists the standard taxonomy's themes"
        assert para.group(1).replace("\n", " ") == ", ".join(tax.label(t.id, "sv") for t in tax.themes)  # (labels hold commas)
    else:
        para = re.search(r"`huset` sorts into the rooms of the house \((.*?)\)", README, flags=re.S)
        assert para, "the README lists huset's rooms"
        rooms = [x.strip() for x in para.group(1).replace("\n", " ").split(", ")]
        assignable = [t for t in tax.themes if t.id != tax.fallback and not t.manual]
        assert len(rooms) == len(assignable)
        assert all(tax.label(t.id, "sv").startswith(room) for room, t in zip(rooms, assignable))
        for t in tax.themes:
            if t.id == tax.fallback or t.manual:
                assert f"*{tax.label(t.id, 'sv').split(' (')[0]}*" in README


def test_no_readme_train_example_forgets_the_corrections_an_earlier_one_taught_its_model():
    """A user tries the README's `train` examples in order in one folder: training onto a model folder that learnt
    corrections without giving them again is refused (exit 3, the model would forget them), so no example writes
    to an `--out` an earlier example taught corrections without passing those same `--corrections` files."""
    taught: dict[str, set[str]] = {}
    clashes = []
    for argv in _readme_invocations():
        if argv[:1] != ["train"]:
            continue
        out = next(argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("-o", "--out"))
        given = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--corrections"}
        if not taught.get(out, set()) <= given:
            clashes.append(" ".join(argv))
        taught[out] = taught.get(out, set()) | given
    assert not clashes, f"these README lines train onto a model folder whose corrections they leave out: {clashes}"


def test_the_architecture_page_names_every_module_and_only_modules_that_exist():
    """docs/architecture.md is the one-page module map: every module of the package is named there (by its path, its
    file name, or as ``module.name``; a command's module by ``cli/<command>.py``), and every ``….py`` it names
    exists (in the package, or from the repository's root: ``tools/…``, ``tests/…``)."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    commands = {n.split()[0] for n in _commands()}
    unnamed = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        stem = rel.stem
        if stem in ("__init__", "__main__"):
            continue
        if rel.parent.name == "cli" and stem in commands and "cli/<command>.py" in page:
            continue
        if not re.search(rf"(?<![\w/]){re.escape(stem)}\.(py\b|[A-Za-z_])|{re.escape(rel.as_posix())}", page):
            unnamed.append(rel.as_posix())
    assert not unnamed, f"modules docs/architecture.md does not name: {unnamed}"
    missing = [name for name in set(re.findall(r"[\w/]+\.py\b", page)) if "<" not in name
               and not (ROOT / name).exists() and not any(p.as_posix().endswith(name) for p in SRC.rglob(name.split("/")[-1]))]
    assert not missing, f"docs/architecture.md names modules that do not exist: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(_commands()))
def test_help_names_arguments_without_python_types(runner, name):
    """An argument is named in --help as an option's value is, by its metavar alone: 'INPUT', 'ID...' — never
    with the parameter's Python type after it ('INPUT <Path>', 'ID... <list[str]>', 'NAME|FILE <str>')."""
    r = runner.invoke(app, [*name.split(), "--help"])
    assert r.exit_code == 0, r.output
    section = r.stdout.split("Arguments:", 1)[1].split("Options:", 1)[0] if "Arguments:" in r.stdout else ""
    assert not re.search(r"<[^>\n]*>", section), section
    args = [p for p in _commands()[name].params if getattr(p, "param_type_name", "") == "argument"]
    for p in args:
        assert re.search(rf"^  {re.escape(p.metavar)}  ", section, flags=re.M), section


def test_swedish_help_names_arguments_without_python_types():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES") and not k.startswith("FORBATTRA_")}
    r = subprocess.run([sys.executable, "-m", "forbattra", "forget", "--help"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "Argument:\n  ID...  Id för de förslag" in r.stdout, r.stdout
