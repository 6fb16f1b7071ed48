"""Configuration files: ``forbattra.toml`` / ``forbattra.yaml`` → Click default maps.

One section per command, keys are the command's option names (``min_confidence`` or
``min-confidence``)::

    [classify]
    taxonomy = "standard"
    out = ["teman.xlsx", "teman.jsonl"]
    min_confidence = 0.4

Precedence (Click's own): command line > ``FORBATTRA_<COMMAND>_<OPTION>`` environment variables >
config file > built-in defaults. Unknown sections or keys are errors. A relative file or folder in a
config file is relative to the config file's folder (:func:`_beside`).
"""

from __future__ import annotations

import os
from pathlib import Path

from forbattra.errors import ConfigError
from forbattra.i18n import Joined, Msg, lang_code

DEFAULT_NAMES = ("forbattra.toml", "forbattra.yaml", "forbattra.yml")


def source_date_epoch():
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, ``None`` where it is unset or empty. A value that is not a whole
    number of seconds (a day written ``2025-12-01``, a negative number) is a configuration error, as the
    reproducible-builds convention asks, rather than today's date in a file meant to be the same every night."""
    import os
    from datetime import datetime, timezone

    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    epoch = raw.strip()
    if not epoch:
        return None
    try:
        if not epoch.isascii() or not epoch.isdigit():
            raise ValueError(epoch)
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ConfigError.of("err_source_date_epoch", value=raw) from None


def find_config(explicit: Path | None, given_by: str = "--config") -> Path | None:
    """The config file to use: ``--config`` (or ``FORBATTRA_CONFIG``: ``given_by`` names which, for the message
    when it is missing), else ``./forbattra.toml|yaml`` if present."""
    if explicit is not None:
        if explicit.is_dir():  # the job's folder given for its file: "is a folder", not "not found"
            raise ConfigError.of("err_config_folder", path=explicit, option=given_by, example=explicit / DEFAULT_NAMES[0])
        if not explicit.is_file():
            raise ConfigError.of("err_config_missing", path=explicit, option=given_by)
        return explicit
    for name in DEFAULT_NAMES:
        p = Path.cwd() / name
        if p.is_file():
            return p
    return None


def default_configs() -> list[Path]:
    """The config files of the working folder forbattra would look for (``forbattra.toml``, ``.yaml``, ``.yml``,
    in that order): the first is used; more than one is said (:func:`find_config` reads only the first)."""
    return [p for p in (Path.cwd() / name for name in DEFAULT_NAMES) if p.is_file()]


def command_lang(command: str, explicit: str | None = None) -> str | None:
    """``lang`` in ``command``'s section (``classify``, ``taxonomy.init``) of the config file ``explicit`` names
    (else ``FORBATTRA_CONFIG``, else the working folder's), for the messages before the command reads its options;
    None where there is none, or the file cannot be read (:func:`load_config` then says why)."""
    try:
        given = explicit or os.environ.get("FORBATTRA_CONFIG") or None
        path = find_config(Path(given).expanduser() if given else None)
        section = _parse(path) if path is not None else None
        for part in command.split("."):
            section = section.get(part) if isinstance(section, dict) else None
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, its own error says so later
        return None
    return lang_code(section.get("lang")) if isinstance(section, dict) else None  # ("EN" as the option reads it)


def load_config(explicit: Path | None, *, commands: dict, check=None, given_by: str = "--config") -> dict:
    """Read and validate the config file; return a Click ``default_map`` (empty when none).

    ``commands``: per command, its option names (a set) or name → Click parameter (a dict): then a
    key may also be the long flag's name, and each value is checked with the option's own type, so a
    bad value is a configuration error naming the file and key (exit 4), not an error about an option
    the user never typed. ``check(command, parameter, value)`` gives the reason a value is bad, or None."""
    path = find_config(explicit, given_by)
    if path is None:
        return {}
    data = _parse(path)
    if not isinstance(data, dict):
        raise ConfigError.of("err_config_top", path=path)
    problems: list[Msg] = []
    out: dict = {}
    sections: list[tuple[str, object]] = []
    for section, values in data.items():
        key = str(section)
        groups = {k.split(".")[0] for k in commands if "." in k}
        if key in groups and isinstance(values, dict) and all(isinstance(v, dict) or v is None
                                                              for v in values.values()):
            # [taxonomy.init] in TOML: {"taxonomy": {"init": {...}}}
            for sub, sub_values in values.items():
                sections.append((f"{key}.{sub}", sub_values))
        else:
            sections.append((key, values))
    for key, values in sections:
        if values is None:  # YAML's "classify:" with every key under it commented out: an empty section
            values = {}
        if key not in commands or "." not in key and any(k.startswith(key + ".") for k in commands):
            problems.append(Msg("err_config_section", section=key,
                                commands=", ".join(sorted(k for k in commands
                                                          if not any(c.startswith(k + ".") for c in commands)))))
            continue
        if not isinstance(values, dict):
            problems.append(Msg("err_config_pairs", section=key))
            continue
        allowed = commands[key]
        mapped = {}
        written_as: dict[str, str] = {}  # option → the key that set it
        for opt, value in values.items():
            name = str(opt).replace("-", "_")
            if name not in allowed:
                problems.append(Msg("err_config_option", section=key, option=opt, allowed=", ".join(sorted(allowed))))
                continue
            param = allowed[name] if isinstance(allowed, dict) else None
            if param is not None:
                name = param.name
            if name in written_as:  # min-confidence and min_confidence (or report's date and report_date): the
                # last one silently replaced the first, as a key written twice would
                problems.append(Msg("err_config_same_option", section=key, first=written_as[name], option=opt))
                continue
            written_as[name] = str(opt)
            if param is not None:
                textual = _wants_text(param)
                several = _several(param)
                if several and isinstance(value, str):
                    value = [value]  # out = "x.jsonl": one value of a repeatable option
                if textual and not several:
                    value = _as_written(param, value)
                if textual and not (isinstance(value, str) or (several and isinstance(
                        value, list) and all(isinstance(v, str) for v in value))):
                    # store = 5 or store = ["a.db", "b.db"] would become a file named "5" or "['a.db', 'b.db']"
                    problems.append(Msg("err_config_value", section=key, option=opt, value=str(value)[:60],
                                        reason=Msg("err_config_text")))
                    continue
                if isinstance(value, bool) and not textual and not getattr(param, "is_flag", False):
                    # review = true, jobs = true: Click reads True as the number 1 (one suggestion to review, one
                    # process) where the file meant "on"; true/false are for the on/off options alone
                    problems.append(Msg("err_config_value", section=key, option=opt, value=str(value).lower(),
                                        reason=Msg("err_config_bool")))
                    continue
                reason = check(key, param, value) if check is not None else None
                if reason is not None:
                    problems.append(Msg("err_config_value", section=key, option=opt, value=str(value)[:60], reason=reason))
                    continue
                if textual:
                    value = _beside(param, value, path.parent)
            mapped[name] = value
        if "." in key:  # Click looks a subcommand's defaults up under its group: {"taxonomy": {"init": ...}}
            group, sub = key.split(".", 1)
            out.setdefault(group, {})[sub] = mapped
        else:
            out[key] = mapped
    if problems:
        raise ConfigError.of("err_path_reason", path=path, reason=Joined("; ", problems))
    return out


def _as_written(param, value):
    """A value TOML or YAML read as another kind than text, as its option takes it written: a date written
    unquoted (``date = 2026-12-01``, read as a date) for an option of a day (``YYYY-MM-DD``; ``YYYY-MM[-DD]``: a day
    or a month), and a whole number (``sheet = 2``) for one that takes a name or a number (``NAME|NUMBER``). Anything
    else is left for the text check (``store = 5`` is no file named "5"; a date and time is no day)."""
    from datetime import date, datetime

    metavar = getattr(param, "metavar", None) or ""
    if isinstance(value, date) and not isinstance(value, datetime) and metavar in ("YYYY-MM-DD", "YYYY-MM[-DD]"):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and "NUMBER" in metavar.split("|"):
        return str(value)
    return value


def _several(param) -> bool:
    """Whether a key takes several values: a repeatable option (``out``) or an argument of several (report's
    ``inputs``, extract's ``docs``)."""
    return bool(getattr(param, "multiple", False)) or getattr(param, "nargs", 1) == -1


# options whose text is a file or folder (besides those typed as paths); a built-in name, 'none' or a URL is not
# (report's inputs: exports, classified files and stores; taxonomy show's name and validate's path: a taxonomy)
_PATH_TEXT = {"model", "taxonomy", "store", "inputs", "name", "path"}


def _beside(param, value, base: Path):
    """A relative path in a config file means a path beside the config file, not in whatever folder the
    (nightly) job starts in: ``model = "modell"`` in ``/srv/forbattra/forbattra.toml`` is
    ``/srv/forbattra/modell``. Options typed as paths (``out``, ``corrections``) always; ``model``,
    ``taxonomy`` and ``store`` unless the value is a built-in taxonomy, ``none``/``lexicon`` or a URL. A path
    that starts with ``~`` is in the home folder, as the shell reads it on the command line (no shell reads
    the file's): not a folder named "~" beside the config file."""
    import os

    from forbattra.taxonomy import builtin_name

    def one(v):
        if not isinstance(v, str) or not v or v == "-" or Path(v).is_absolute():
            return v  # ("-": standard input)
        if param.name in _PATH_TEXT:
            if "://" in v or builtin_name(v, base) or v.lower() in ("none", "lexicon"):
                return v
        elif not _is_path_type(param):
            return v
        if v.startswith("~"):
            home = os.path.expanduser(v)  # (HOME, else the account's own folder: a scheduler's bare environment)
            if home != v:
                return home
        return str(base / v)

    return [one(v) for v in value] if isinstance(value, list) else one(value)


def _is_path_type(param) -> bool:
    bare = getattr(param, "bare_type", None)
    t = bare() if callable(bare) else None
    if t is None:
        return getattr(getattr(param, "type", None), "name", "") == "path"
    return "Path" in (t if isinstance(t, str) else repr(t))


def _wants_text(param) -> bool:
    """Whether an option takes text (a name, a path), by its declared type (Typer's ``bare_type``, else
    Click's type name)."""
    import typing

    bare = getattr(param, "bare_type", None)
    if callable(bare):
        t = bare()
        if isinstance(t, str):  # a postponed annotation: "str", "list[Path]"
            return t.replace("list[", "").rstrip("]") in ("str", "Path")
        args = typing.get_args(t)
        t = args[0] if args and typing.get_origin(t) in (list, tuple) else t
        return t in (str, Path)
    return getattr(getattr(param, "type", None), "name", "") in ("text", "path")


def _parse(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError.of("err_config_read", path=path, reason=exc.strerror or exc) from None
    from forbattra.inputs import binary_kind

    if kind := binary_kind(raw):  # a workbook given as --config: named as what it is, not as an encoding
        raise ConfigError.of("err_config_binary", path=path, kind=Msg(kind))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 by its byte-order mark: PowerShell's `>`, Notepad's Unicode
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ConfigError.of("err_config_utf16_damaged", path=path) from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError.of("err_config_utf8", path=path, byte=raw[exc.start], position=exc.start) from None
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _toml_error(path, text, str(exc)) from None
    import yaml

    class _Twice(Exception):
        pass

    class _Loader(yaml.SafeLoader):
        # a key given twice in one mapping (``out:`` on two lines) is refused, as TOML refuses it, rather than
        # PyYAML's silent keeping of the last one, which would drop a setting the file visibly makes
        def construct_mapping(self, node, deep=False):
            seen: set = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    key = self.construct_object(key_node)
                    if key in seen:
                        raise _Twice(key, key_node.start_mark.line + 1)
                    seen.add(key)
            return super().construct_mapping(node, deep)

    try:
        return yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader
    except _Twice as twice:
        key, line = twice.args
        raise ConfigError.of("err_config_yaml_twice", path=path, line=line, key=key) from None
    except yaml.YAMLError as exc:
        # what PyYAML found, with the taxonomy loader's hint for the slips that are not a taxonomy's own (a tab, an
        # unclosed quote or bracket, a colon inside a value …), at the line where an unclosed quote opens
        from forbattra.yaml_slips import HINTS, OPENED, line_without_colon

        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context", None) or ""
        if context.startswith(OPENED):
            mark = getattr(exc, "context_mark", None) or mark
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = min(mark.line + 1, max(len(text.splitlines()), 1)) if mark else "?"
        hint = next((h for pattern, h in HINTS if pattern in reason and h in _YAML_CONFIG_HINTS), None)
        if hint == "tx_hint_colon" and mark is not None:
            missing = line_without_colon(text.splitlines(), mark.line, mark.column)
            if missing:  # 'input e.csv' runs on into the next line's key: that line's ':' is not the slip
                line, hint = missing, "tx_hint_colon_missing"
        said = Msg(hint) if hint is not None else None
        if hint == "tx_hint_colon":  # (the taxonomy's example, label: "Tak: …", is no key of a config file)
            said = _colon_in_value(text.splitlines(), line)
        if said is not None:
            raise ConfigError.of("err_config_yaml_hint", path=path, line=line, hint=said, reason=reason) from None
        raise ConfigError.of("err_config_yaml", path=path, line=line, reason=reason) from None


def _colon_in_value(lines: list[str], line) -> Msg | None:
    """The hint for a value with a colon in it (``title: Förslag: hösten 2026``): the line written with the value in
    quotes, as the TOML hints write theirs. None where the line holds no such value (a key indented deeper than the
    one above it: the general rule of sections and indentation is the hint then)."""
    import re

    m = re.fullmatch(r"\s*([\w.-]+):\s+(.*?:.*?)\s*", lines[line - 1]) if isinstance(line, int) and 0 < line <= len(lines) else None
    if m is None or m[2][:1] in "\"'[{":
        return None
    return Msg("cfg_hint_colon", key=m[1], value=m[2].replace('"', '\\"'))


def _toml_error(path: Path, text: str, message: str) -> ConfigError:
    """What tomllib could not read, at its line, with how to write it for the slips a Swedish user makes in
    ``forbattra.toml`` (it said only tomllib's English "Invalid value (at line 2, column 12)"): text not in quotes
    (``taxonomy = huset``), a decimal comma (``min_confidence = 0,6``), YAML's ``:`` for ``=``, a quote or list
    left open, a key or section written twice."""
    import re

    at = re.search(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$", message)
    reason = message[:at.start()] if at else message
    lines = text.splitlines()
    line = int(at[1]) if at and at[1] else max(len(lines), 1)
    if not (at and at[1]) or reason.startswith("Unclosed array"):
        # an open list or quote is noticed on a later line, or at the end: the statement that opened it
        def opens(ln: str) -> bool:
            code = ln.split("#")[0]
            return code.count("[") > code.count("]") or code.count('"') % 2 == 1 or code.count("'") % 2 == 1

        statements = [i + 1 for i, ln in enumerate(lines[:line]) if re.match(r"\s*[\w\"'.-]+\s*=", ln)]
        line = next((n for n in reversed(statements) if opens(lines[n - 1])), statements[-1] if statements else line)
    written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    stmt = re.match(r"([\w\"'.-]+)\s*([=:])?\s*(.*?)\s*(?:#.*)?$", written)
    key, sign, value = (stmt[1], stmt[2], stmt[3]) if stmt else ("", None, "")
    written = written[:stmt.end(3)] if stmt else written  # (a comment after it is no part of the slip)
    hint: Msg | None = None
    if reason.startswith("Cannot overwrite a value"):
        return ConfigError.of("err_config_toml_twice", path=path, line=line, key=written.split("=")[0].strip())
    if reason.startswith("Cannot declare"):
        return ConfigError.of("err_config_toml_section_twice", path=path, line=line, section=written.split("#")[0].strip())
    decimal = re.fullmatch(r"(-?)(\d*)[.,](\d+)", value) if sign == "=" else None
    if decimal:  # a decimal comma (0,6), or a point without the 0 before it (.6)
        hint = Msg("cfg_toml_hint_decimal", written=written, fixed=f"{key} = {decimal[1]}{decimal[2] or 0}.{decimal[3]}")
    elif sign == "=" and value.lower() in ("true", "false", "ja", "nej", "yes", "no", "on", "off") \
            and reason.startswith("Invalid value"):
        hint = Msg("cfg_toml_hint_bool", written=written, key=key)
    elif sign == "=" and value and value[0] not in "\"'[{" and reason.startswith("Invalid value"):
        hint = Msg("cfg_toml_hint_text", written=written, fixed=f'{key} = "{value}"')
    elif reason.startswith("Expected '=' after a key"):
        fixed = f"{key} = {value}" if sign == ":" and value else None
        hint = Msg("cfg_toml_hint_colon", written=written, fixed=fixed) if fixed else Msg("cfg_toml_hint_equals")
    elif reason.startswith(("Illegal character '\\n'", "Unterminated string", 'Expected "\'"', "Expected '\"'")):
        hint = Msg("tx_hint_quote")
    elif reason.startswith("Unclosed array"):
        hint = Msg("cfg_toml_hint_bracket")
    if hint is not None:
        return ConfigError.of("err_config_toml_hint", path=path, line=line, hint=hint, reason=reason)
    return ConfigError.of("err_config_toml", path=path, line=line, reason=reason)


# the taxonomy loader's YAML hints that say nothing of themes, so hold for a config file too
_YAML_CONFIG_HINTS = {"tx_hint_tab", "tx_hint_colon", "tx_hint_colon_missing", "tx_hint_bracket", "tx_hint_quote",
                      "tx_hint_dash_inline"}

