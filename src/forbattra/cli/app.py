"""The Typer app, its global options, and the one place where errors become messages.

Only typer and the standard library are imported here, so ``forbattra --help`` stays instant; each
command module imports the library inside its body. Command modules import from this module and
from :mod:`forbattra.cli.options`, never the other way round; :mod:`forbattra.cli` imports every
command module so that each registers itself (a broken module is an import error, not a missing
command).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, NoReturn, Optional

import typer
from typer.core import TyperGroup

from forbattra.errors import EXIT_INTERNAL, ForbattraError
from forbattra.i18n import shell_arg as shell_arg  # (re-exported: a path as a command line types it; library messages use it too)


class _Group(TyperGroup):
    """Keeps the command line in ``ctx.meta`` so that an error before the command runs (a bad config
    file) can follow the command's ``--lang``."""

    def parse_args(self, ctx, args):
        ctx.meta["forbattra_args"] = list(args)
        if args and not {"-h", "--help", "--version"} & set(args):  # (help and the version are never stopped)
            _check_global_environment(self, ctx, args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx, cmd_name):
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None and not hasattr(cmd, "commands"):  # (a command, not the taxonomy group)
            _refuse_a_second_output(cmd)
        if cmd is not None:
            _arguments_without_type(cmd)
        return cmd

    # A SIGTERM or Ctrl-C while the options, the config file and the variables are read comes before the command's
    # own handling (run_command), and Typer ends such a run with exit 130 and no word: the same one line instead.
    def make_context(self, info_name, args, parent=None, **extra):
        given = list(args)  # (Click takes the arguments off the list as it parses them)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except KeyboardInterrupt:
            interrupted_before_command(given)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted_before_command(ctx.meta.get("forbattra_args", []))


def _arguments_without_type(cmd) -> None:
    """``--help`` names an argument by its name alone (``INPUT``, ``ID...``), as it names an option by its
    metavar (``--out FILE``): Typer added the parameter's Python type after it, ``INPUT <Path>``, ``ID...
    <list[str]>``, ``NAME|FILE <str>``, words of the code that mean nothing to a user (the taxonomy group's
    commands too)."""
    for p in cmd.params:
        if getattr(p, "param_type_name", None) == "argument" and p.metavar:
            p.display_type_rich = _no_type
    for sub in getattr(cmd, "commands", {}).values():
        _arguments_without_type(sub)


def _no_type(ctx) -> None:
    return None


# the options naming the one file or folder a command writes (review's workbook, train's model folder, discover's
# draft taxonomy) or the one history store it uses; classify, duplicates, discover, report, trends and extract write
# every -o given
_ONE_OUTPUT = frozenset({"out", "taxonomy_out", "store"})


def _refuse_a_second_output(cmd) -> None:
    """A command that writes one file refuses its output option given twice (``review -o a.xlsx -o b.xlsx``), a
    usage error (exit 2), where Click kept the last one and the first file named was silently never written; so
    does a command given two history stores (``classify --store a.db --store b.db`` recorded the run in b.db alone).
    Seen in the parser's order of the options as typed (a config file's or variable's value is no repetition)."""
    if getattr(cmd, "_one_output_checked", False):
        return
    make_parser = cmd.make_parser

    def checked_parser(ctx):
        parser = make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args):
            opts, largs, order = parse(args=args)
            for p in dict.fromkeys(order):
                if p.name in _ONE_OUTPUT and not getattr(p, "multiple", False) and order.count(p) > 1 \
                        and not ctx.resilient_parsing:
                    key = ("bad_store_twice" if p.name == "store" else
                           "bad_output_twice_dir" if getattr(p, "metavar", None) == "DIR" else "bad_output_twice")
                    raise typer.BadParameter(say(key, n=order.count(p), command=ctx.info_name), ctx=ctx, param=p)
            return opts, largs, order

        parser.parse_args = parse_args
        return parser

    cmd.make_parser = checked_parser
    cmd._one_output_checked = True


def interrupted_before_command(args: list[str]) -> NoReturn:
    """Say that a run stopped before its command began (nothing written), in the log format the command line or
    ``FORBATTRA_LOG_FORMAT`` asks for, and end it with exit 130, as an interrupt later does."""

    fmt = log_format_of_args(args) or env_log_format()
    ui.log_format = "json" if fmt == "json" else "text"
    ui.lang = early_lang(args)
    _setup_logging(ui.log_format)
    error("err_interrupted")
    raise typer.Exit(130)


def _check_global_environment(group, ctx, args: list[str]) -> None:
    """``FORBATTRA_QUIET``, ``FORBATTRA_VERBOSE`` and ``FORBATTRA_LOG_FORMAT`` checked before Click reads them, as
    a command's variables are (:func:`_check_environment`): a bad value is a configuration error naming the
    variable (exit 4), not a usage error about an option nobody typed. (``--config``'s file is checked when it
    is read; ``FORBATTRA_VERSION`` is not read.)"""
    import os

    from forbattra.errors import ConfigError
    from forbattra.i18n import Joined, Msg

    ui.lang = early_lang(args)  # (the command's --lang, not parsed yet)
    problems: list = []
    for p in group.params:
        if getattr(p, "param_type_name", "") != "option" or p.name in ("config", "version"):
            continue
        var = p.envvar if isinstance(p.envvar, str) else f"FORBATTRA_{p.name.upper()}"
        value = os.environ.get(var)
        if not value:
            continue
        try:
            p.process_value(ctx, value)
        except Exception as exc:  # noqa: BLE001 - Click's BadParameter and its kin
            problems.append(Msg("err_env_value", var=var, value=value[:60], reason=_reason(exc)))
    if problems:
        fmt = log_format_of_args(args)
        ui.log_format = "json" if fmt == "json" or fmt is None and env_log_format() == "json" else "text"
        _setup_logging(ui.log_format)
        fail(ConfigError.of("err_env", reason=Joined("; ", problems)))
        raise typer.Exit(ConfigError.exit_code)


# pydantic's English for a yes/no value (Typer leaves the check to it) says what is wrong, not what to write: the
# values it takes, as the Swedish message (help_sv.USAGE_SV) says them. (Only the config file and the variables
# give such an option a value: on the command line it is a flag.)
_BOOL_EN = (r"Input should be a valid boolean\b.*$", "give 1 or 0 (true/false, yes/no, on/off)")


def _reason(exc: Exception) -> str:
    """Why Click refused a value, in the user's language."""
    import re

    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if ui.lang == "sv":
        from forbattra.cli.help_sv import usage_message_sv

        text = usage_message_sv(text)
    return re.sub(*_BOOL_EN, text)


app = typer.Typer(
    cls=_Group,
    name="forbattra",
    help="Sort Swedish staff improvement suggestions (förbättringsförslag) into themes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "FORBATTRA"},
)
taxonomy_app = typer.Typer(help="List, show, validate and create taxonomies.", no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")


class UI:
    """How messages are shown in this invocation (set by the global options and ``--lang``)."""

    verbose = False
    quiet = False
    log_format = "text"
    lang = "sv"  # language of messages; files follow --lang alone
    aliases: dict[str, str] = {}  # a path shown to the user by another name (stdin's spool file)
    mask = False  # personal data masked in the messages' quoted values (the command masks its outputs)
    maskers: list[Callable[[str], str]] = []  # under ``mask``: redactors with the names of the data read (mask_names_of)
    args: list[str] = []  # the command line after 'forbattra', as typed (a line to type again repeats it)


def _shown(text: str) -> str:
    for path, name in ui.aliases.items():
        text = text.replace(path, name)
    return text


ui = UI()
_log = logging.getLogger("forbattra")


def _version(ctx: typer.Context, value: bool) -> None:
    # only when typed: FORBATTRA_VERSION in a job's environment (the automatic variable of every
    # option) must not turn each command into "print the version, exit 0"
    source = ctx.get_parameter_source("version")  # (Typer's own Click: compare the enum by name)
    if value and getattr(source, "name", None) == "COMMANDLINE":
        from forbattra import __version__

        typer.echo(f"forbattra {__version__}")
        raise typer.Exit(0)


def _log_format_value(value: str) -> str:
    value = value.lower()  # (JSON, Json: as --lang EN is taken, in any case)
    if value not in ("text", "json"):
        raise typer.BadParameter(say("bad_log_format"))
    return value


@app.callback()
def _main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks and details.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notes: only warnings, errors and a command's result (its table, where no -o is given).")] = False,
    log_format: Annotated[str, typer.Option("--log-format", metavar="text|json", callback=_log_format_value, help="Messages on stderr as 'text' or 'json' (one object per line).")] = "text",
    config: Annotated[Optional[Path], typer.Option("--config", metavar="FILE", readable=False, help="Config file (.toml or .yaml); default: ./forbattra.toml or ./forbattra.yaml if present.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, show_envvar=False, help="Show the version and exit.")] = False,
) -> None:
    """Sort Swedish staff improvement suggestions (förbättringsförslag) into themes."""
    ui.verbose, ui.quiet, ui.log_format = verbose, quiet, log_format
    ui.aliases = {}  # nothing carried over from an earlier invocation in the same process
    ui.mask, ui.maskers = False, []
    ui.args = list(ctx.meta.get("forbattra_args", []))
    ui.lang = early_lang(ui.args)
    _setup_logging(log_format)
    from forbattra.config import load_config

    _text_lists_from_env(ctx.command)
    try:
        commands, check = _command_options(ctx), _value_checker(ctx)
        source = ctx.get_parameter_source("config")
        given_by = "FORBATTRA_CONFIG" if source is not None and source.name == "ENVIRONMENT" else "--config"
        defaults = load_config(config, commands=commands, check=check, given_by=given_by)
        args = ctx.meta.get("forbattra_args", [])
        if not {"-h", "--help"} & set(args) and ctx.invoked_subcommand:
            _check_environment(commands, check, _invoked(ctx.invoked_subcommand, args, commands))
    except ForbattraError as exc:
        fail(exc)
        raise typer.Exit(exc.exit_code) from None
    if config is None and ctx.invoked_subcommand and not {"-h", "--help"} & set(ui.args):
        from forbattra.config import default_configs

        found = default_configs()
        if len(found) > 1:  # (a job's settings in the file not read would be lost without a word)
            warn("config_two_files", used=found[0].name, ignored=", ".join(p.name for p in found[1:]))
    if defaults:
        ctx.default_map = {**(ctx.default_map or {}), **defaults}


def log_format_of_args(args: list[str]) -> str | None:
    """``--log-format`` of the command line not parsed yet, in either of Click's spellings (``--log-format json``,
    ``--log-format=json``; the last one given, as Click takes it), for messages before it is parsed."""
    fmt = None
    for i, a in enumerate(args):
        if a == "--log-format" and i + 1 < len(args):
            fmt = args[i + 1]
        elif a.startswith("--log-format="):
            fmt = a.split("=", 1)[1]
    return fmt.lower() if fmt else fmt


def env_log_format() -> str | None:
    """``FORBATTRA_LOG_FORMAT`` as the option takes it (any case), for messages before the options are parsed."""
    import os

    return os.environ.get("FORBATTRA_LOG_FORMAT", "").lower() or None


def _lang_of_args(args: list[str]) -> str | None:
    """``--lang`` of the command line not parsed yet (for errors before the command runs)."""
    from forbattra.i18n import lang_code

    for i, a in enumerate(args):
        value = args[i + 1] if a == "--lang" and i + 1 < len(args) else a[7:] if a.startswith("--lang=") else None
        if (lang := lang_code(value)) is not None:  # ("EN" as the option reads it)
            return lang
    return None


def early_lang(args: list[str]) -> str:
    """The messages' language before the command reads its options (usage errors, the config file's and the
    variables' errors): its ``--lang`` as an option is set — the command line, else ``FORBATTRA_<COMMAND>_LANG``,
    else ``lang`` in its section of the config file (as ``--config``, ``FORBATTRA_CONFIG`` or the working folder
    names it; a file that cannot be read gives none: its own error says why) —, else :func:`default_lang`."""
    import os

    from forbattra.i18n import default_lang, lang_code

    if (lang := _lang_of_args(args)) is not None:
        return lang
    command, explicit = _command_of_args(args)
    if command is None:
        return default_lang()
    if (lang := lang_code(os.environ.get(f"FORBATTRA_{command.replace('.', '_').upper()}_LANG"))) is not None:
        return lang
    from forbattra.config import command_lang

    if (lang := command_lang(command, explicit)) is not None:
        return lang
    return default_lang()


def _command_of_args(args: list[str]) -> tuple[str | None, str | None]:
    """The command of a command line not parsed yet, as a config section names it (``classify``,
    ``taxonomy.init``), and its ``--config`` value (each None where it has none)."""
    words: list[str] = []
    explicit = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in _GLOBAL_VALUED and i + 1 < len(args):
            explicit = args[i + 1] if a == "--config" else explicit
            i += 2
            continue
        if a.startswith("--config="):
            explicit = a.split("=", 1)[1]
        elif a == "--":
            break
        elif not a.startswith("-") and len(words) < 2:
            words.append(a)
        i += 1
    if not words:
        return None, explicit
    return (f"{words[0]}.{words[1]}" if words[0] == "taxonomy" and len(words) > 1 else words[0]), explicit


def _value_checker(ctx: typer.Context):
    """``check(command, parameter, value)`` for the config file: the option's own conversion, in a
    context of that command; the reason in the user's language, or None for a good value."""
    contexts: dict = {}

    def check(command: str, param, value):
        sub = contexts.get(command)
        if sub is None:
            cmd = ctx.command
            for part in command.split("."):
                cmd = cmd.commands[part]  # type: ignore[attr-defined]  # a group at each step but the last
            sub = contexts[command] = cmd.make_context(command, [], parent=ctx, resilient_parsing=True)
        try:
            param.process_value(sub, value)
        except Exception as exc:  # noqa: BLE001 - Click's BadParameter and its kin
            return _reason(exc)
        return None

    return check


def _invoked(name: str, args: list[str], commands: dict) -> str:
    """The command being run as a ``commands`` key: ``taxonomy.list`` for ``forbattra taxonomy list``."""
    if not any(k.startswith(name + ".") for k in commands) or name not in args:
        return name
    rest = [a for a in args[args.index(name) + 1:] if not a.startswith("-")]
    return f"{name}.{rest[0]}" if rest and f"{name}.{rest[0]}" in commands else name


def _check_environment(commands: dict[str, dict], check, invoked: str) -> None:
    """``FORBATTRA_<COMMAND>_<OPTION>`` variables checked like the config file's values: a bad value or an
    option the command does not have is a configuration error naming the variable (exit 4), not a usage
    error about an option the user never typed, nor silently ignored. Only the variables of the command
    being run (``invoked``, and its subcommands) are checked: a bad one of another command does not stop
    this one."""
    import os

    from forbattra.errors import ConfigError
    from forbattra.i18n import Joined, Msg

    known: dict[str, tuple[str, Any]] = {}
    prefixes: dict[str, str] = {}
    commands = {k: v for k, v in commands.items() if k == invoked or k.startswith(invoked + ".")}
    for key, params in commands.items():
        prefix = "FORBATTRA_" + key.upper().replace(".", "_").replace("-", "_")
        prefixes[prefix + "_"] = key
        for p in {id(p): p for p in params.values()}.values():
            if getattr(p, "param_type_name", "") != "option":
                continue
            names = p.envvar or f"{prefix}_{p.name.upper()}"
            for name in [names] if isinstance(names, str) else names:
                known[name] = (key, p)
    problems: list = []
    for var in sorted(v for v in os.environ if v.startswith("FORBATTRA_")):
        value = os.environ[var]
        if var in known:
            key, p = known[var]
            if p.multiple or p.nargs != 1:  # lists are split by Click itself
                continue
            reason = check(key, p, value)
            if reason is not None:
                problems.append(Msg("err_env_value", var=var, value=value[:60], reason=reason))
            continue
        owner = max((pre for pre in prefixes if var.startswith(pre)), key=len, default=None)
        if owner is not None:  # (a group's: no such subcommand either)
            key = prefixes[owner]
            allowed = sorted(n for n, (k, _) in known.items() if k == key or k.startswith(key + "."))
            problems.append(Msg("err_env_option", var=var, command=key.replace(".", " "), allowed=", ".join(allowed)))
    if problems:
        raise ConfigError.of("err_env", reason=Joined("; ", problems))


ENV_LIST_SEPARATOR = ";"


def _text_list_value(self, ctx):
    """A repeatable text option's ``FORBATTRA_<COMMAND>_<OPTION>``: its values separated by ``;``, each kept
    whole ("Beskriv ditt förslag", "Hemtjänst Norr"); Click would split it at every space."""
    value = self.resolve_envvar_value(ctx)
    if value is None:
        return None
    return [v.strip() for v in value.split(ENV_LIST_SEPARATOR) if v.strip()]


def _text_list_value_of(param) -> bool:
    from forbattra.config import _is_path_type, _wants_text

    return (getattr(param, "param_type_name", "") == "option" and getattr(param, "multiple", False)
            and _wants_text(param) and not _is_path_type(param))


def _text_lists_from_env(group) -> None:
    """Every repeatable text option (``--text-column``, ``report --group``/``--theme``) reads its variable with
    :func:`_text_list_value`; files and folders (``--out``) keep Click's ``:``, as in ``PATH``."""
    import types

    def walk(cmd) -> None:
        for sub in getattr(cmd, "commands", {}).values():
            for p in sub.params:
                if _text_list_value_of(p):
                    p.value_from_envvar = types.MethodType(_text_list_value, p)
            walk(sub)

    walk(group)


def _command_options(ctx: typer.Context) -> dict[str, dict]:
    """Options per (sub)command for validating config keys: name → Click parameter, by the parameter's
    name and by its long flag (``date`` for ``--date``, whose parameter is ``report_date``)."""
    out: dict[str, dict] = {}

    def walk(cmd, prefix: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            key = f"{prefix}{name}"
            params: dict = {}
            for p in sub.params:
                if p.name:
                    params[p.name] = p
                    for flag in getattr(p, "opts", []):
                        if flag.startswith("--"):
                            params.setdefault(flag[2:].replace("-", "_"), p)
            out[key] = params
            walk(sub, key + ".")

    walk(ctx.command, "")
    return out


# ------------------------------------------------------------------------------------------------
# messages: one writer for stderr, text or JSON lines


class _Level(logging.Filter):
    """Lower-case level names (``info``, ``warning``, ``error``) for both formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.level = record.levelname.lower()
        return True


class _TextFormatter(logging.Formatter):
    """``Fel: …``/``Varning: …`` (``Error:``/``Warning:`` in English) before errors and warnings."""

    PREFIX = {"warning": "prefix_warning", "error": "prefix_error"}

    def format(self, record: logging.LogRecord) -> str:
        key = self.PREFIX.get(getattr(record, "level", ""))
        return (say(key) if key else "") + record.getMessage()


def _json_escaped(line: str, encoding: str | None) -> str:
    """A JSON log line as the log's encoding can hold it: each character it cannot (an emoji in a
    cp1252 log of Windows' Task Scheduler, å/ä/ö in an ASCII one) as JSON's ``\\uXXXX`` escape — the stream's
    own fallback writes Python's ``\\U0001f4a1``/``\\xf6``, which no JSON reader takes. Outside strings a
    JSON line is ASCII, so only characters inside strings are escaped."""
    import codecs

    try:
        name = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return line
    if name.startswith("utf"):
        return line
    try:
        line.encode(name)
        return line
    except UnicodeEncodeError:
        pass

    def escaped(ch: str) -> str:
        try:
            ch.encode(name)
            return ch
        except UnicodeEncodeError:
            code = ord(ch)
            if code < 0x10000:
                return f"\\u{code:04x}"
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return "".join(escaped(ch) for ch in line)


def echo_json(value) -> None:
    """``value`` as indented JSON on standard output (``train --json``, ``evaluate --json``), valid JSON in the
    output's encoding: a character it cannot hold (an emoji in a file name, a Sámi 'č' in a category, in
    Windows' cp1252) as JSON's ``\\uXXXX`` escape, not the stream's fallback ``\\U0001f4a1``, which no JSON
    reader takes."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    typer.echo(_json_escaped(text, getattr(sys.stdout, "encoding", None)))


def _setup_logging(log_format: str) -> None:
    """Messages go to stderr through the standard logging module: plain lines, or JSON objects with
    a UTC timestamp and the event's fields (python-json-logger), each line valid JSON in the log's encoding."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        class _JsonLines(JsonFormatter):
            def format(self, record: logging.LogRecord) -> str:
                return _json_escaped(super().format(record), getattr(handler.stream, "encoding", None))

        handler.setFormatter(_JsonLines("{level}{message}", style="{", timestamp=True, json_ensure_ascii=False))
    else:
        handler.setFormatter(_TextFormatter())
    handler.addFilter(_Level())
    _log.handlers[:] = [handler]
    _log.propagate = False
    _log.setLevel(logging.INFO)


def say(key: str, **fields) -> str:
    """A message from the table in :mod:`forbattra.i18n`, in the user's language (plain text passes)."""
    from forbattra.i18n import t

    return _shown(t(key, ui.lang, **(masked_fields(fields, key) if ui.mask else fields)))


# fields that name a file, a store, an option or a column: shown as given, never masked
_AS_GIVEN = frozenset("path store file folder input output target model taxonomy config source url option flag "
                      "column arg".split())
# ... and the values the user typed, in the messages that quote them ("--group 'Avdelning Linnea B.'": the user's
# own words; the units listed beside them come from the data and are masked)
_GIVEN_IN = {"err_no_column": {"name"}, "err_no_column_number": {"name"}, "err_column_number_empty": {"name"}, "err_no_sheet": {"sheet"}, "err_no_unit": {"value"}, "err_no_theme": {"value"},
             "selected": {"what"}, "bad_since_after_until": {"since", "until"}}


def masked_fields(fields: dict, key: str = "") -> dict:
    """A message's fields with personal data masked in the values it quotes from the data (a cell, a unit, a
    date column's text: "ring Åsa Öberg 070-123 45 67" in a note or a JSON log line of a run that masks its
    outputs); the files and options the user named are kept as given, and so are numbers."""
    from forbattra.i18n import Found, Joined, Msg, Sheet

    def mask(v):
        if v is None or isinstance(v, (int, float, bool)):
            return v
        if isinstance(v, Sheet):  # a sheet masking would make untypeable: by its number, as --sheet takes it
            return v if _mask_text(v) == v else _SheetNumber(v.number)
        if isinstance(v, Joined):
            return Joined(v.sep, [mask(i) for i in v.items])
        if isinstance(v, Msg):
            return Msg(v.key, **masked_fields(v.fields, v.key)) if type(v) is Msg and v.key else v
        if isinstance(v, str):
            return _mask_text(v)
        if isinstance(v, (list, tuple)):
            return type(v)(mask(i) for i in v)
        return v

    given = _GIVEN_IN.get(key, ())
    # (a file found in a folder the user named is no path the user typed: its name can hold a person's)
    return {k: (v if (k in _AS_GIVEN or k in given) and not isinstance(v, Found) else mask(v))
            for k, v in fields.items()}


class _SheetNumber(str):
    """A sheet's number shown for its masked name: as typed after ``--sheet``, also where a message quotes a
    name (``bladet {sheet!r}``: "bladet 2")."""

    def __new__(cls, number: int) -> "_SheetNumber":
        return super().__new__(cls, str(number))

    def __repr__(self) -> str:
        return str(self)


def mask_names_of(frame) -> None:
    """Under masking, the messages from now on also mask the names of ``frame``'s person, name and "Ansvarig"
    columns, as the outputs do (a name without a cue in the text, quoted from a cell, is masked too)."""
    if ui.mask:
        from forbattra.outputs.redact import make_redactor

        ui.maskers.append(make_redactor(frame))


def _mask_text(text: str) -> str:
    """Personal data masked in a text a message quotes from the data: as the outputs mask it, with the names of
    the data read so far."""
    from forbattra.outputs.redact import in_english, redact_text

    if not ui.maskers:
        text = redact_text(text)
    for red in ui.maskers:  # (each input's names: a report of several)
        text = red(text)
    return in_english(text) if ui.lang == "en" else text  # ("[name]" in an English line, as the outputs have it)


def error(key: str, **fields) -> None:
    """The one ``Fel: ...`` (``Error: ...``) line of a failed run; ``key`` is a message key or plain text."""
    if not _log.handlers:
        _setup_logging(ui.log_format)
    _log.error(say(key, **fields), extra=_extra(key, fields))


def fail(exc: ForbattraError, *, store_updated: bool = False) -> None:
    """The error line of a named error, in the user's language (its key is the JSON ``event``). ``store_updated``:
    the run was recorded in its store before this error kept its outputs from being put in place (a file open in
    Excel): the line says so, and its JSON line has ``store_updated``."""
    if not _log.handlers:
        _setup_logging(ui.log_format)
    if ui.mask and exc.key:
        from forbattra.i18n import Msg

        exc = ForbattraError(Msg(exc.key, **masked_fields(exc.fields, exc.key)))  # (clipped as the error itself is)
    text, fields = _shown(exc.render(ui.lang)), dict(exc.fields)
    if store_updated:
        text, fields["store_updated"] = text + "; " + say("note_store_updated_outputs_not"), True
    _log.error(text, extra=_extra(exc.key or "", fields))


# a reader's notes that say rows may be missing, cut or run together (a file still being copied, a quote that swallowed
# rows, sheets or pages not read): warnings, shown under --quiet and at level "warning" in a JSON log, so a nightly
# job's monitor sees them; the other notes (a header found, a sheet chosen) are status
WARNING_NOTES = frozenset({"note_last_row_cut", "note_last_row_cut_character", "note_quote_open_at_end",
                           "note_quoted_cell_lines", "note_undoubled_quote", "note_sheets_same_columns",
                           "note_extra_fields", "note_pdf_unread_page", "note_pdf_unread_pages"})


def info(key: str, **fields) -> None:
    """A status message on stderr (suppressed by --quiet); ``key`` is a message key or plain text,
    ``fields`` fill it in and travel as fields of a JSON log line. A reader's note that rows may be missing or
    cut (:data:`WARNING_NOTES`) is a warning instead."""
    if key == "reader_note" and getattr(fields.get("note"), "key", None) in WARNING_NOTES:
        warn("reader_warning", **fields)  # (JSON event "reader_warning": a monitor can alert on it by name)
    elif not ui.quiet:
        _log.info(say(key, **fields), extra=_extra(key, fields))


def result(key: str, **fields) -> None:
    """A line on stderr that is the command's result (``forget --dry-run``'s count, which the run is made to say), or
    part of it (a shown table's word that it holds only the latest periods or the largest groups): a notice (JSON
    level ``info``), shown under --quiet too, as a table that is a command's result is (:func:`table_shown`);
    --quiet silences progress and notes, not what the command was run to show."""
    _log.info(say(key, **fields), extra=_extra(key, fields))


def warn(key: str, **fields) -> None:
    """A warning on stderr (shown even with --quiet)."""
    _log.warning(say(key, **fields), extra=_extra(key, fields))


def exit_if_skipped(skipped) -> None:
    """After the outputs are written: documents of a folder that could not be read (named as they were
    read) end the run with exit 6, partial success, so a batch job sees them."""
    if skipped:
        from forbattra.errors import EXIT_PARTIAL

        warn("skipped_files", n=len(skipped))
        raise typer.Exit(EXIT_PARTIAL)


def warn_skipped(skipped) -> None:
    """One warning per document a folder run skipped (``(file, reason)`` pairs), naming the file once."""
    for f, reason in skipped:
        if str(reason).startswith(f"{f}:"):  # the reason names the file already
            warn("skipped_named", path=f, reason=reason)
        else:
            warn("skipped_file", path=f, reason=reason)


_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _extra(key: str, fields: dict) -> dict:
    """The event's fields for a JSON log line (names the log record itself uses get a trailing _)."""
    from forbattra.i18n import MESSAGES, render

    if ui.mask:
        fields = masked_fields(fields, key)
    out = {("{}_".format(k) if k in _RESERVED else k): (v if isinstance(v, (int, float, bool)) or v is None
                                                      else str(render(v, ui.lang)))
           for k, v in fields.items()}
    if key in MESSAGES:
        out["event"] = key
    return out


def _as_written(text: str, encoding: str) -> str:
    """``text`` as a stream in ``encoding`` that writes what it cannot hold as an escape (``_lenient_stdout``)
    writes it: unchanged in UTF-8."""
    if encoding.lower().replace("_", "-").startswith("utf"):
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text


def console():
    """The terminal's tables on standard output. What they show is the user's text (theme labels, units,
    cluster words), never Rich markup or emoji codes: 'Lokaler [hus B]' stays whole, and a label with '[/]'
    is no MarkupError. A character the output's encoding cannot hold (an emoji in Windows' cp1252) is laid
    out as it will be written, ``\\U0001f3e0`` as the stream writes it, so its row keeps to the table's border."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # Rich's own ends with exit 1: a failed job, outputs written
            raise BrokenPipeError(32, "Broken pipe")  # run_command: quietly, exit 141

        def render_str(self, text: str, **kwargs):  # every str a table shows (cells, headers, titles)
            return super().render_str(_as_written(text, self.encoding), **kwargs)

    return _Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


NARROW = 6  # keep_words: the other columns' least common width beside the kept column, else Rich's way


def keep_words(out, table, column: int) -> None:
    """A ``table`` too wide for the terminal ``out`` prints it on (80 columns: long labels, examples, shared words)
    gives way: Rich narrows the widest columns to one common width until the table fits, and a short column goes
    too, its words folded ("Assessmen|t", "förankr|at"). The ``column`` (a verdict such as "drivs av en enhet") is
    made as wide as it can be, from its longest text down to its longest word (it wraps at its spaces), without
    that common width falling below another column's longest word; the other columns wrap at their spaces."""
    from rich.measure import Measurement

    if len(table.columns) < 2 or Measurement.get(out, out.options.update_width(10_000), table).maximum <= out.width:
        return

    def texts(col) -> list[str]:
        return [str(col.header), *map(str, col.cells)]

    def longest_word(col) -> int:
        return max(len(w) for text in texts(col) for w in text.split() or [""])

    others = [(max(map(len, texts(c))), longest_word(c)) for j, c in enumerate(table.columns) if j != column]
    room = out.width - 3 * len(table.columns) - 1  # (each column's border and padding, and the last border)

    def cap(width: int) -> int:  # the common width Rich narrows the others to beside the verdict at width
        return max((c for c in range(1, max(n for n, _w in others) + 1)
                    if sum(min(n, c) for n, _w in others) <= room - width), default=0)

    def folds(width: int) -> bool:  # another column narrowed below its longest word
        return any(n > cap(width) and w > cap(width) for n, w in others)

    col = table.columns[column]
    least = longest_word(col)
    if cap(least) < NARROW:  # a terminal too narrow for that (40 columns): Rich's way, every column alike
        return
    col.width = next((w for w in range(max(map(len, texts(col))), least - 1, -1) if not folds(w)), least)


def table_shown(wrote: bool) -> bool:
    """Whether a command prints its table on standard output. Where the run ``wrote`` files the table only
    summarises them (their figures are in the files and the run's JSON lines): not under ``--quiet``, and not with
    ``--log-format json``, where a scheduler that parses the run's output would get a drawn table among its JSON
    objects. A table that is the run's only result (``duplicates``, ``discover`` or ``trends`` without ``-o``) is
    printed always: ``--quiet`` silences progress and notes, not what the command was run to show."""
    return not wrote or (not ui.quiet and ui.log_format != "json")


def live_on_stderr() -> bool:
    """Whether a progress bar or spinner may be drawn on stderr: a terminal, not ``--quiet``, and not
    ``--log-format json`` (a log of one JSON object per line — a container run with ``-t`` or a scheduler's
    pseudo-terminal is a terminal too — gets no redrawn bar between its objects)."""
    return not ui.quiet and ui.log_format != "json" and sys.stderr.isatty()


def progress_bar(n: int | None, label: str = "progress_classify", *, min_rows: int = 2_000):
    """A Rich progress bar on stderr for runs that take more than a couple of seconds on a terminal
    (rows done, time left); otherwise ``None``. ``min_rows``: fewer rows than this get no bar."""
    if (n is not None and n < min_rows) or not live_on_stderr():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(say(label)), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeRemainingColumn(), console=Console(stderr=True), transient=True)


class ProgressEmbedder:
    """An :class:`~forbattra.scoring.embed.Embedder` that shows a progress bar while it embeds (e5 reads
    ≈ 20 texts per CPU-second, so a few hundred new texts are minutes of silence without one)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.prefix = inner.prefix

    def pending(self, texts) -> int:
        return self.inner.pending(texts)

    def encode(self, texts, progress=None):
        total = self.inner.pending(texts)
        bar = progress_bar(total, "progress_embed", min_rows=50)
        if bar is None:
            return self.inner.encode(texts, progress=progress)
        with bar:
            task = bar.add_task("embed", total=total)

            def step(k: int) -> None:
                bar.advance(task, k)
                if progress is not None:
                    progress(k)

            return self.inner.encode(texts, progress=step)


def progress_embedder(prefix: str = "query") -> ProgressEmbedder:
    """A fresh e5 embedder with a progress bar; raises ``ModelError`` (exit 5) when the extra is missing."""
    from forbattra.scoring.embed import Embedder

    return ProgressEmbedder(Embedder(prefix=prefix))


# ------------------------------------------------------------------------------------------------
# errors → messages and exit codes, in one place


def run_command(fn: Callable) -> Callable:
    """Turn named errors into one line and an exit code; hide tracebacks unless --verbose."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from forbattra.outputs import commits
        from forbattra.store import recorded

        committed, stored = commits(), recorded()
        try:
            from forbattra.config import source_date_epoch

            # a malformed SOURCE_DATE_EPOCH is a configuration error for every command (exit 4), checked before any
            # work: numpy's f2py, which scipy imports, int()s the variable at import and would crash on it (exit 1)
            source_date_epoch()
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ForbattraError as exc:
            _traceback()
            # (the store updated, no output put in place: a rename after its commit failed, not "as before")
            fail(exc, store_updated=recorded() > stored and commits() == committed)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # interrupted after the outputs were renamed into place, or the store updated: say what was kept, not
            # "nothing"
            wrote, updated = commits() > committed, recorded() > stored
            error("err_interrupted_after_write_store" if wrote and updated else "err_interrupted_after_write" if wrote
                  else "err_interrupted_after_store" if updated else "err_interrupted")
            raise typer.Exit(130) from None
        except MemoryError:
            error("err_out_of_memory")
            raise typer.Exit(EXIT_INTERNAL) from None
        except BrokenPipeError:
            # the reader of standard output went away ('forbattra taxonomy list | head -1'): stop quietly,
            # as Unix tools do (141 = killed by SIGPIPE); stdout is pointed at /dev/null so that the
            # interpreter's final flush does not raise again
            import os

            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None
        except Exception as exc:  # noqa: BLE001 - the one place internal errors are reported
            if any(c.__name__ == "ClickException" for c in type(exc).__mro__):
                raise  # usage errors (typer.BadParameter): Click prints them and exits with 2
            _traceback()
            import errno

            if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
                # a path the user gave (an input, --out, --store, --taxonomy …) that the file system cannot
                # hold: wherever it was first looked at, an input/output error naming it, not a bug
                from forbattra.errors import InputFileError

                named = InputFileError.of("err_name_too_long", path=exc.filename or "")
                fail(named)
                raise typer.Exit(named.exit_code) from None
            from forbattra.errors import shorten

            error("err_internal", error=type(exc).__name__, detail=shorten(exc, 300))
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def _traceback() -> None:
    """With --verbose, the traceback of the error being handled: as printed, or with --log-format json one log
    line whose ``traceback`` field holds it (a log of one JSON object per line stays one)."""
    if ui.verbose:
        import traceback

        if ui.mask:  # the error's text as the "Fel:" line shows it: the values it quotes from the data masked
            text = _masked_traceback(sys.exc_info()[1])
        else:
            text = traceback.format_exc()
        if ui.log_format == "json":
            _log.error("traceback", extra={"event": "traceback", "traceback": text})
        else:
            sys.stderr.write(text)


def _masked_traceback(exc: BaseException | None) -> str:
    """The traceback of ``exc`` with its message, and those of the exceptions it was raised from, masked as
    :func:`masked_fields` masks a message (a named error's fields: the values the user gave kept); the frames
    (files, lines of code) as they are."""
    import traceback

    if exc is None:
        return ""
    lines = traceback.format_exception(exc)
    tail = traceback.format_exception_only(exc)
    head = lines[:len(lines) - len(tail)]
    # a frame's lines are indented; an exception's own message, and a chained one's, start the line
    out = [s if s.startswith(" ") else _mask_text(s) for s in head]
    if isinstance(exc, ForbattraError) and exc.key:
        from forbattra.i18n import Msg

        kind = type(exc).__qualname__
        if type(exc).__module__ not in ("__main__", "builtins"):
            kind = f"{type(exc).__module__}.{kind}"
        shown = ForbattraError(Msg(exc.key, **masked_fields(exc.fields, exc.key)))  # (clipped as the error is)
        out.append(f"{kind}: {shown.render('en')}\n")
    else:
        out.extend(_mask_text(s) for s in tail)
    return "".join(out)


# ------------------------------------------------------------------------------------------------
# entry point

_GLOBAL_FLAGS = {"-q", "--quiet", "-v", "--verbose"}
_GLOBAL_VALUED = {"--log-format", "--config"}


def hoist_global_options(argv: list[str]) -> list[str]:
    """Let global options also follow the command (``forbattra classify x.xlsx --quiet``)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            rest.extend(argv[i:])
            break
        if a in _GLOBAL_FLAGS:
            front.append(a)
        elif a in _GLOBAL_VALUED and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 1
        elif any(a.startswith(v + "=") for v in _GLOBAL_VALUED):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + _lang_after_command(rest)


_GROUPS = {"taxonomy"}  # the commands that hold commands (taxonomy list, show, validate, init)


def _lang_after_command(args: list[str]) -> list[str]:
    """``--lang`` is an option of each command, which the README tells to add for English: typed before the command
    (``forbattra --lang en classify x.xlsx``, ``forbattra --lang en --help``, ``forbattra --help --lang en``,
    ``forbattra taxonomy --help --lang en``) Click refused it as an option that does not exist. It is moved to just
    after the command's name; where no command is named (the group's help, or the version), it is left out: the
    help's language follows it already (:func:`forbattra.cli.help_language`)."""
    lang: list[str] = []
    kept: list[str] = []
    names: list[str] = []  # the command's path as typed: "classify"; "taxonomy", "init"
    i = 0
    while i < len(args) and args[i] != "--" and not (names and names[-1] not in _GROUPS):
        a = args[i]
        if a == "--lang" and i + 1 < len(args):
            lang += args[i:i + 2]
            i += 2
            continue
        if a.startswith("--lang="):
            lang.append(a)
        else:
            kept.append(a)
            if not a.startswith("-"):
                names.append(a)
        i += 1
    if not lang:
        return args
    if names and names[-1] not in _GROUPS:  # after the command's name, before its own arguments
        return kept + lang + args[i:]
    return kept  # no command named: the group's help (asked for, or shown for no command) or the version
