"""Configuration files: ``forbattra.toml`` / ``forbattra.yaml`` → Click default maps.

One section per command, keys are the command's option names (``min_confidence`` or
``min-confidence``)::

    [classify]
    taxonomy = "standard"
    out = ["teman.xlsx", "teman.jsonl"]
    min_confidence = 0.4

Precedence (Click's own): command line > ``FORBATTRA_<COMMAND>_<OPTION>`` environment variables >
config file > built-in defaults. Unknown sections or keys are errors.
"""

from __future__ import annotations

from pathlib import Path

from forbattra.errors import ConfigError

DEFAULT_NAMES = ("forbattra.toml", "forbattra.yaml", "forbattra.yml")


def find_config(explicit: Path | None) -> Path | None:
    """The config file to use: ``--config``, else ``./forbattra.toml|yaml`` if present."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return explicit
    for name in DEFAULT_NAMES:
        p = Path.cwd() / name
        if p.is_file():
            return p
    return None


def load_config(explicit: Path | None, *, commands: dict[str, set[str]]) -> dict:
    """Read and validate the config file; return a Click ``default_map`` (empty when none)."""
    path = find_config(explicit)
    if path is None:
        return {}
    data = _parse(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected sections like [classify] at the top level")
    problems: list[str] = []
    out: dict = {}
    for section, values in data.items():
        key = str(section)
        if key not in commands or key == "taxonomy":
            problems.append(f"unknown section [{key}] (commands: {', '.join(sorted(k for k in commands if '.' not in k))})")
            continue
        if not isinstance(values, dict):
            problems.append(f"[{key}]: expected option = value pairs")
            continue
        allowed = commands[key]
        mapped = {}
        for opt, value in values.items():
            name = str(opt).replace("-", "_")
            if name not in allowed:
                problems.append(f"[{key}] {opt}: unknown option (allowed: {', '.join(sorted(allowed))})")
                continue
            mapped[name] = value
        out[key] = mapped
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return out


def _parse(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte 0x{raw[exc.start]:02x} at position {exc.start}; "
                          f"probably saved as Windows-1252/ANSI); open it in a text editor and save it as UTF-8") from None
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    import yaml

    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}:{mark.line + 1 if mark else '?'}: invalid YAML") from None

