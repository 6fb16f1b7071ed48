"""Theme taxonomies: strict YAML in, frozen dataclasses out.

A taxonomy file looks like this (see ``docs/taxonomy.md``)::

    name: min-taxonomi
    fallback: ovrigt            # theme given when nothing is confident enough
    themes:
      - id: lokaler
        label: Lokaler och fysisk miljö
        label_en: Premises and physical environment
        description: Kontor, mötesrum, ventilation, parkering.
        keywords: [lokal, samtalsrum, ventilation, "för trångt"]
        exclude: ["lokala rutiner"]
        min_confidence: 0.4     # optional, overrides --min-confidence for this theme
      - id: parkerat
        label: Parkerade idéer
        manual: true            # only a person sets it (corrections column); never assigned automatically
      - id: ovrigt
        label: Övrigt

Every problem in a file is collected and reported in one :class:`~forbattra.errors.TaxonomyError`
with file and line, e.g. ``taxonomy.yaml:12: themes[2].keywords: expected a list of strings``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from forbattra.errors import TaxonomyError
from forbattra.i18n import Joined, Msg
from forbattra.yaml_slips import CONTEXT_HINTS, HINTS, OPENED, line_without_colon

BUILTIN = ("standard", "huset")
# Ids are lower-case words: letters (å, ä, ö and other Unicode letters too), digits and _, starting
# with a letter ("lön", "gata_park").
_ID_RE = re.compile(r"^[^\W\d_]\w*$")
_THEME_KEYS = {
    "id": str, "label": str, "label_en": str, "description": str, "description_en": str,
    "keywords": list, "exclude": list, "examples": list, "min_confidence": float, "manual": bool,
}
_OPTIONAL_TEXT = {"label_en", "description", "description_en"}  # (may be left blank: no text)
_TOP_KEYS = {"name": str, "description": str, "description_en": str, "language": str, "version": (int, str), "fallback": str, "themes": list}


@dataclass(frozen=True)
class Theme:
    """One theme: an id, labels, a description, keyword phrases and exclusion phrases."""

    id: str
    label: str
    label_en: str = ""
    description: str = ""
    description_en: str = ""
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_confidence: float | None = None
    examples: tuple[str, ...] = ()  # example suggestions, for classifying by meaning without labels
    manual: bool = False  # chosen by a person only (corrections column), never scored by a classifier

    def display(self, lang: str = "sv") -> str:
        """The label in ``lang`` (English falls back to the Swedish label)."""
        return (self.label_en or self.label) if lang == "en" else self.label


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of themes, one of which is the fallback (``ovrigt``)."""

    name: str
    themes: tuple[Theme, ...]
    fallback: str = "ovrigt"
    description: str = ""
    source: str = ""
    description_en: str = ""  # (no part of the hash: see hash())
    _index: dict[str, Theme] = field(default_factory=dict, compare=False, repr=False)
    # what the file says that nothing ever reads (the fallback's or a manual theme's keywords), each with its
    # file and line: ``taxonomy validate`` warns of them; the taxonomy is valid (no part of the hash)
    notes: tuple[Msg, ...] = field(default=(), compare=False, repr=False)
    # each keyword's place in the file, by (theme id, its index among the theme's keywords): ``(path, line)``, as
    # ``themes[2].keywords[1]`` and its line, for a note on one keyword (``scoring.classifier.keyword_notes``)
    keyword_places: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({t.id: t for t in self.themes})

    @property
    def ids(self) -> list[str]:
        """All theme ids, in file order."""
        return [t.id for t in self.themes]

    @property
    def content_ids(self) -> list[str]:
        """Theme ids except the fallback and ``manual`` themes: the themes a classifier scores."""
        return [t.id for t in self.themes if t.id != self.fallback and not t.manual]

    def __getitem__(self, theme_id: str) -> Theme:
        return self._index[theme_id]

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._index

    def find(self, value: str) -> str | None:
        """The theme id that ``value`` names: an id or a label (Swedish or English), any case."""
        from forbattra.record import INVISIBLE

        # (characters no one sees, which a label pasted from a web page or Word may hold, are no part of it)
        v = " ".join(INVISIBLE.sub("", str(value)).split()).casefold()
        for tid, names in self._names:
            if v in names:
                return tid
        # a label written without its punctuation ("Ledning styrning och delaktighet", "IT och digitala
        # verktyg."): the one theme it names that way
        loose = _loose(v)
        found = {t.id for t in self.themes for x in (t.label, t.label_en) if x and _loose(x) == loose}
        if len(found) == 1 and loose:
            return found.pop()
        # an id typed with å/ä/ö where it is written without them ('arbetsmiljö' for the built-in 'arbetsmiljo'),
        # or the other way round ('lon' for one's own 'lön'): the one theme spelt so
        plain = _plain(v)
        found = {t.id for t in self.themes if _plain(t.id.casefold()) == plain}
        return found.pop() if len(found) == 1 and plain else None

    @functools.cached_property
    def _names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each theme's id with the names :meth:`find` knows it by: its id and labels, in any case, without the
        characters no one sees."""
        from forbattra.record import INVISIBLE

        return tuple((t.id, (t.id.casefold(), *(" ".join(INVISIBLE.sub("", x).split()).casefold()
                                                for x in (t.label, t.label_en)))) for t in self.themes)

    def label(self, theme_id: str, lang: str = "sv") -> str:
        """Display label of a theme id (the id itself when unknown)."""
        theme = self._index.get(theme_id)
        return theme.display(lang) if theme else theme_id

    def describe(self, lang: str = "sv") -> str:
        """The taxonomy's description in ``lang`` (English falls back to the Swedish one)."""
        return (self.description_en or self.description) if lang == "en" else self.description

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as written to YAML (empty optional fields left out)."""
        themes = []
        for t in self.themes:
            d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(t).items()}
            # manual: false is the default and left out, so existing taxonomies keep their hash
            themes.append({k: v for k, v in d.items() if v not in ("", (), [], None) and not (k == "manual" and v is False)})
        out: dict[str, Any] = {"name": self.name}
        if self.description:
            out["description"] = self.description
        if self.description_en:
            out["description_en"] = self.description_en
        out["fallback"] = self.fallback
        out["themes"] = themes
        return out

    def same_but_wording(self, other: Taxonomy) -> bool:
        """Whether ``other`` is this taxonomy but for wording no classifier reads (:meth:`themes_hash`): a model
        trained for one applies to the other."""
        return self.themes_hash() == other.themes_hash()

    def themes_hash(self) -> str:
        """Stable hash of what a classifier reads: :meth:`hash` without the taxonomy's description (in either
        language) and the themes' English labels and descriptions (``label_en``, ``description_en``, added for
        ``--lang en``). The Swedish labels and descriptions (which sorting by meaning reads), the ids, keywords and
        the rest make another taxonomy. Models record it beside :meth:`hash` (``taxonomy_themes_hash``)."""
        data = self.to_dict()
        data.pop("description", None)
        data.pop("description_en", None)
        data["themes"] = [{k: v for k, v in t.items() if k not in ("label_en", "description_en")} for t in data["themes"]]
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()[:16]

    def hash(self) -> str:
        """Stable content hash (models record it; a model for another taxonomy is refused).

        The taxonomy's English description (``description_en``, shown by ``taxonomy list --lang en``) is left
        out: it came after the shipped models and the runs and models users have, which record the hash, and
        a translation of the description changes no theme."""
        data = self.to_dict()
        data.pop("description_en", None)
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def _builtin_ids(name: str) -> tuple[tuple[str, ...], str]:
    tax = load_taxonomy(name)
    return tuple(t.id for t in tax.themes), tax.fallback


def builtin_like(taxonomy: Taxonomy) -> str | None:
    """The built-in taxonomy (``standard``, ``huset``) whose themes ``taxonomy`` has — the same ids and
    fallback, in any order — whatever its name: the built-in itself, a model's stored copy, or a
    copy made by ``taxonomy init --from standard`` with labels or keywords edited. Its shipped model
    and its rules apply; None for a user's own categories."""
    ids = (frozenset(t.id for t in taxonomy.themes), taxonomy.fallback)
    for name in ([taxonomy.name] if taxonomy.name in BUILTIN else []) + [b for b in BUILTIN if b != taxonomy.name]:
        order, fallback = _builtin_ids(name)
        if ids == (frozenset(order), fallback):
            return name
    return None


def has_builtin_themes(taxonomy: Taxonomy) -> bool:
    """Whether ``taxonomy`` has the themes of a built-in one (:func:`builtin_like`): rules written for their
    themes (an answer that only thanks has no theme there) then hold. A user's own categories may have
    a theme for such answers (*Beröm*)."""
    return builtin_like(taxonomy) is not None


def labels_as_written(taxonomy: Taxonomy) -> Msg | None:
    """What ``--lang en`` says of ``taxonomy`` where its themes (some or all) have no ``label_en:``: the files show
    those labels as written, in Swedish — said once, rather than an English workbook with Swedish themes without a
    word. None where every theme has one (the built-in taxonomies)."""
    bare = [th.label for th in taxonomy.themes if not th.label_en]
    if len(bare) == len(taxonomy.themes):
        return Msg("taxonomy_no_label_en", path=taxonomy.source)
    if bare:
        return Msg("taxonomy_some_no_label_en", n=len(bare), themes=Joined(", ", bare), path=taxonomy.source)
    return None


# the headings of the tables that have a column per theme (Tema per enhet: Enhet … Totalt; the months: Månad,
# Totalt …), in both languages: a theme of that label was one column with it (its counts written over by the sums,
# or the report's workbook not written at all)
RESERVED_LABELS = frozenset({"enhet", "unit", "totalt", "total", "månad", "month"})


def _same_label(label: str) -> str:
    """A label as a sheet or a correction shows it: any case, spaces as one ('IT  stöd' is 'IT stöd')."""
    return " ".join(label.split()).casefold()


def _plain(text: str) -> str:
    """``text`` without its accents (å, ä → a; ö → o; é → e), as ids are often written."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _loose(text: str) -> str:
    """A label without case, commas and full stops (words joined by single spaces); other signs stay, as they
    may be all that tells two labels apart ("C" and "C++", "IT-stöd" and "IT stöd", "Prio 1+")."""
    return " ".join(re.sub(r"[,.;:!?]+", " ", text.casefold()).split())


def taxonomy_of_ids(ids: set[str], labels: set[str] | None = None) -> Taxonomy | None:
    """The built-in taxonomy that has every theme id of ``ids`` (a classified file's or a stored run's: what
    it was sorted with), or None: none does, there are no ids, or more than one does ("samverkan" is both
    standard's and huset's) and ``labels`` (the themes' labels the file shows, any case) do not tell which."""
    found = [tax for tax in map(load_taxonomy, BUILTIN) if ids and ids <= set(tax.ids)]
    if len(found) > 1 and labels:
        folded = {x.casefold() for x in labels}
        found = [tax for tax in found
                 if folded <= {lab.casefold() for t in tax.themes for lab in (t.label, t.label_en) if lab}]
    return found[0] if len(found) == 1 else None


def builtin_name(spec: str | Path, base: Path | None = None) -> str | None:
    """The built-in taxonomy ``spec`` names, in any case and with spaces around it (``Standard``, ``HUSET``), or
    None. A file of that name (in ``base``, else the current folder) is the file: only the exact lower-case name
    is always the built-in one."""
    name = str(spec)
    if name in BUILTIN:
        return name
    folded = name.strip().casefold()
    if folded in BUILTIN and not ((base / name) if base is not None else Path(name)).exists():
        return folded
    return None


def _near_taxonomy(path: Path) -> str | None:
    """The built-in taxonomy or the YAML file beside ``path`` whose name is closest to it (without suffixes), or
    None."""
    import difflib

    try:
        files_ = sorted(f.name for f in path.parent.iterdir() if f.suffix.lower() in (".yaml", ".yml") and f.is_file())
    except OSError:
        files_ = []
    names = {**{b: b for b in BUILTIN}, **{Path(f).stem: f for f in files_}}
    near = difflib.get_close_matches(path.stem if path.suffix.lower() in (".yaml", ".yml") else path.name,
                                     list(names), n=1, cutoff=0.8)
    if not near:
        return None
    found = names[near[0]]
    return found if found in BUILTIN or path.parent == Path(".") else str(path.parent / found)


def load_taxonomy(spec: str | Path | None = None) -> Taxonomy:
    """Load a built-in taxonomy by name (``standard``, ``huset``, in any case) or a YAML file by path."""
    if spec is None:
        spec = "standard"
    name = builtin_name(spec) or str(spec)
    if name in BUILTIN:
        res = files("forbattra") / "taxonomies" / f"{name}.yaml"
        return parse_taxonomy(res.read_text(encoding="utf-8"), source=f"{name} (built-in)")
    path = Path(name)
    if not name.strip() or not path.exists():  # ('' is no file: Path('') is the folder '.')
        near = _near_taxonomy(path) if name.strip() else None
        if near is not None:  # 'min-taxonomi' for min-taxonomi.yaml, 'standrad': the one meant, not a list to read
            raise TaxonomyError.of("err_taxonomy_not_found_near", name=name, near=near)
        raise TaxonomyError.of("err_taxonomy_not_found", name=name, builtins=", ".join(BUILTIN))
    if path.is_dir():
        if (path / "taxonomy.yaml").is_file():  # a model folder ('taxonomy show egen-modell'): name the file it holds
            raise TaxonomyError.of("err_taxonomy_dir_model", path=path, file=path / "taxonomy.yaml")
        raise TaxonomyError.of("err_taxonomy_dir", path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:  # no read permission, a file on a drive that went away
        raise TaxonomyError.of("err_cannot_read", path=path, reason=exc.strerror or exc) from None
    return parse_taxonomy(_decode(raw, path), source=str(path))


def _decode(raw: bytes, path: Path) -> str:
    """A taxonomy file's text: UTF-8 (with or without BOM), else as the suggestions' files are read — Notepad's
    'ANSI' (Windows-1252) and 'Unicode' (UTF-16) included; a workbook or other binary file is no taxonomy."""
    from forbattra.inputs import binary_kind

    if kind := binary_kind(raw):  # a workbook, a document, a PDF: named as what it is
        raise TaxonomyError.of("err_taxonomy_binary", path=path, kind=Msg(kind))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from forbattra.errors import InputFileError
    from forbattra.inputs.tables import decode_bytes

    try:
        text = decode_bytes(raw, path=str(path))[0]
    except InputFileError:  # NUL bytes that are no UTF-16, damaged UTF-16
        raise TaxonomyError.of("err_taxonomy_binary", path=path, kind=Msg("kind_binary")) from None
    if "\x00" in text:
        raise TaxonomyError.of("err_taxonomy_binary", path=path, kind=Msg("kind_binary"))
    return text


def parse_taxonomy(text: str, *, source: str = "<string>") -> Taxonomy:
    """Parse and validate taxonomy YAML; raise one TaxonomyError listing every problem. Each letter is read as one
    code point (NFC; an editor on a Mac may save "å" as "a" and a combining ring), as the suggestions are: a label
    written into the outputs is then the label read back from them."""
    import yaml

    text = _straight_quotes(_yaml_spaces(_list_dashes(text if text.isascii() else unicodedata.normalize("NFC", text))))
    try:
        # libyaml's parser when PyYAML has it (same nodes and line marks, 5-10x faster to start)
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context", None) or ""
        if mark is not None and (mark.line >= len(text.splitlines()) or context.startswith(OPENED)):
            # found at the end, or a quote or bracket never closed: the line where it opens
            mark = getattr(exc, "context_mark", None) or mark
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        hint = next((h for pattern, h in HINTS if pattern in reason), None) or \
            next((h for where_, pattern, h in CONTEXT_HINTS if context.startswith(where_) and pattern in reason), None)
        line = mark.line + 1 if mark else 0
        context_mark = getattr(exc, "context_mark", None)
        if mark is not None and context == "while scanning a simple key" and context_mark is not None:
            line = context_mark.line + 1  # 'label Lokaler': PyYAML notices the missing ':' a line later
        elif mark is not None and hint == "tx_hint_colon":
            missing = line_without_colon(text.splitlines(), mark.line, mark.column)
            if missing:  # '- id lokaler' runs on into the next line's key: that line's ':' is not the slip
                line, hint = missing, "tx_hint_colon_missing"
            else:
                key = _key_indented_further(text.splitlines(), mark.line, mark.column)
                if key:  # 'keywords:' one space further in than 'label: Lön': no colon to quote
                    raise TaxonomyError.of("err_taxonomy_yaml_hint", where=f"{source}:{line}", reason=reason,
                                           hint=Msg("tx_hint_indent_key", key=key)) from None
        glued = _glued_colon(text.splitlines(), mark.line, line) if mark is not None else None
        if glued is not None:  # 'label:A', '-id: a': the YAML slip is that line's, whatever PyYAML noticed later
            raise TaxonomyError.of("err_taxonomy_yaml", where=f"{source}:{glued[0]}",
                                   reason=Msg(glued[3], written=glued[1], fixed=glued[2])) from None
        where = f"{source}:{min(line, max(len(text.splitlines()), 1))}" if mark else source
        if hint is not None:
            raise TaxonomyError.of("err_taxonomy_yaml_hint", where=where, hint=Msg(hint), reason=reason) from None
        raise TaxonomyError.of("err_taxonomy_yaml", where=where, reason=reason) from None
    if node is None:
        raise TaxonomyError.of("err_taxonomy_empty", path=source)
    problems: list[Msg] = []
    written: dict[str, str] = {}
    data = _to_python(node, written=written)
    lines = _line_index(node)
    for line, key in _repeated_keys(node):  # YAML keeps the last of a repeated key: the first is lost
        problems.append(Msg("err_path_reason", path=f"{source}:{line}: {key}", reason=Msg("err_tx_dup_key", key=key)))
    for line, path, item, read in _run_on_items(node, text.splitlines()):
        problems.append(Msg("err_path_reason", path=f"{source}:{line}: {path}",
                            reason=Msg("err_tx_list_indent", item=item, read=read)))
    for line, key, path, read, written_ in _cut_by_comment(node, text.splitlines()):
        problems.append(Msg("err_path_reason", path=f"{source}:{line}: {path}",
                            reason=Msg("err_tx_comment_cut", key=key, read=read, written=written_)))

    def problem(path: str, key: str, **fields) -> None:
        line = lines.get(path) or lines.get(path.rsplit(".", 1)[0]) or lines.get("")
        problems.append(Msg("err_path_reason", path=f"{source}:{line}: {path}" if path else f"{source}:{line}",
                            reason=Msg(key, **fields)))
        order.append(line if isinstance(line, int) else 0)

    order: list[int] = [0] * len(problems)  # each problem's line, to list them in the file's order

    if not isinstance(data, dict):
        raise TaxonomyError.of("err_taxonomy_top", path=source)
    for key in ("name", "description", "description_en", "fallback"):
        if key in data:  # 'name: 2024'; a description left blank is none
            data[key] = "" if data[key] is None and key != "fallback" else _as_text(data[key], key, written)
    for key in data:
        if key not in _TOP_KEYS:
            _unknown_key(problem, str(key), str(key), _TOP_KEYS)
    themes_raw = data.get("themes")
    meant_themes = [k for k in data if k not in _TOP_KEYS and _meant_key(str(k), _TOP_KEYS) == "themes"]
    if "themes" not in data and meant_themes:  # ('theme:', 'Themes:', 'teman:': said above as the key meant; its
        themes_raw = data[meant_themes[0]]     # themes read as they are, so one slip is one problem)
        typed = str(meant_themes[0])
        lines.update({"themes" + p[len(typed):]: ln for p, ln in list(lines.items()) if p.startswith(typed + "[")})
    fallback = data.get("fallback", "ovrigt")
    if not isinstance(fallback, str):
        problem("fallback", "err_tx_theme_id")
        fallback = "ovrigt"
    themes: list[Theme] = []
    if not isinstance(themes_raw, list) or not themes_raw:
        problem("themes", "err_tx_themes")
        themes_raw = []
    seen: dict[str, int] = {}
    meant_ids: set[str] = set()  # the ids told to themes whose id cannot be used
    at: list[int] = []  # each valid theme's place in the file's list (themes[i] in messages)
    for i, raw in enumerate(themes_raw):
        path = f"themes[{i}]"
        if not isinstance(raw, dict):
            problem(path, "err_tx_theme_mapping")
            continue
        # text as written where text belongs ('label: 2024'); an optional text left blank ('label_en:') is none
        raw = {k: ("" if v is None and k in _OPTIONAL_TEXT else _as_text(v, f"{path}.{k}", written))
               if _THEME_KEYS.get(k) in (str, list) else v for k, v in raw.items()}
        ok = True
        for key, value in raw.items():
            kpath = f"{path}.{key}"
            if key not in _THEME_KEYS:
                _unknown_key(problem, kpath, str(key), _THEME_KEYS)
                ok = False
                continue
            expected = _THEME_KEYS[key]
            if expected is list:
                blank = [j for j, v in enumerate(value) if v is None or isinstance(v, str) and not v.strip()] \
                    if isinstance(value, list) and all(v is None or isinstance(v, str) for v in value) else []
                if blank:  # '-' with nothing after it (a keyword deleted, its dash left), or "": that item's line
                    problem(f"{kpath}[{blank[0]}]", "err_tx_list_blank_item")
                    ok = False
                elif isinstance(value, str) and value.strip():  # 'keywords: lön, övertid': the list of those words
                    problem(kpath, "err_tx_list_text", fixed=f"{key}: {_as_list(key, value)}")
                    ok = False
                elif not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    problem(kpath, "err_tx_list")
                    ok = False
                elif key in ("keywords", "exclude") and any(not any(ch.isalnum() for ch in v) for v in value):
                    # "*", "?", "[": no word of a text is one, so it would never match (no wildcards here)
                    problem(kpath, "err_tx_keyword_no_word",
                            keyword=next(v for v in value if not any(ch.isalnum() for ch in v)))
                    ok = False
            elif expected is bool:
                if not isinstance(value, bool):
                    problem(kpath, "err_tx_bool")
                    ok = False
            elif expected is float:
                if isinstance(value, str) and re.fullmatch(r"\s*\d+,\d+\s*", value):
                    # a Swedish decimal comma (0,4), as --min-confidence takes it: YAML reads it as text
                    value = raw[key] = float(value.strip().replace(",", "."))
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                    problem(kpath, "err_tx_number")
                    ok = False
            elif not isinstance(value, str) and key != "id" and not (key == "label" and value is None):
                # (an id that is no text, an empty label: their own rules below say what they must be)
                problem(kpath, "err_tx_string")
                ok = False
        tid = raw.get("id")
        if not isinstance(tid, str) or not _ID_RE.match(tid) or tid != tid.lower():
            meant = _id_to_write(tid, raw.get("label"), fallback)
            if meant is None:
                problem(f"{path}.id", "err_tx_id")
            else:  # what was written, and what to write ('Lön och arbetstid': lön_och_arbetstid)
                problem(f"{path}.id", "err_tx_id_invalid" if "id" in raw and tid is not None else "err_tx_id_missing",
                        id=str(tid), fixed=meant)
                meant_ids.add(meant)
            ok = False
        elif tid in seen:
            problem(f"{path}.id", "err_tx_dup_id", id=tid, first=seen[tid])
            ok = False
        else:
            seen[tid] = i
        label = raw.get("label")
        named = [k for k in raw if k not in _THEME_KEYS and _meant_key(str(k), _THEME_KEYS) == "label"]
        if named and label is None:  # 'namn: Lön': said as the key meant; one slip, one problem
            ok = False
        elif label is None or isinstance(label, str) and not label.strip():  # (a number or a list: said above)
            example = tid[:1].upper() + tid[1:].replace("_", " ") if isinstance(tid, str) and tid.strip() else "Lön"
            problem(f"{path}.label", "err_tx_label", example=example)
            ok = False
        if ok:
            at.append(i)
            themes.append(
                Theme(
                    id=str(tid),
                    label=raw["label"].strip(),
                    label_en=raw.get("label_en", "").strip(),
                    description=raw.get("description", "").strip(),
                    description_en=raw.get("description_en", "").strip(),
                    keywords=tuple(k.strip() for k in raw.get("keywords", [])),
                    exclude=tuple(k.strip() for k in raw.get("exclude", [])),
                    min_confidence=float(raw["min_confidence"]) if "min_confidence" in raw else None,
                    examples=tuple(k.strip() for k in raw.get("examples", [])),
                    manual=bool(raw.get("manual", False)),
                )
            )
    for i, th in enumerate(themes):  # a theme's column beside the tables' own of that name: one of them lost
        for lab in (th.label, th.label_en):
            if _same_label(lab) in RESERVED_LABELS:
                problem(f"themes[{at[i]}].label" + ("_en" if lab is th.label_en and lab != th.label else ""),
                        "err_tx_reserved_label", label=lab)
                break
    labels: dict[str, int] = {}
    for i, th in enumerate(themes):  # two themes with one label cannot be told apart in any sheet or report
        for lab in {_same_label(th.label), _same_label(th.label_en)} - {""}:  # (any case and spacing)
            if lab in labels and labels[lab] != i:
                own = _same_label(th.label) == lab  # (else the English label is the one: named on its own line)
                problem(f"themes[{at[i]}].label" + ("" if own else "_en"), "err_tx_dup_label",
                        label=th.label if own else th.label_en, first=themes[labels[lab]].id)
            labels.setdefault(lab, i)
    if fallback in seen and isinstance(themes_raw[seen[fallback]], dict) and themes_raw[seen[fallback]].get("manual") is True:
        problem(f"themes[{seen[fallback]}].manual", "err_tx_fallback_manual")
    named = [t.id for t in themes if fallback.casefold() in (t.label.casefold(), t.label_en.casefold())]
    # 'id: övrigt' without a 'fallback:' line (the default is 'ovrigt'), 'fallback: ovrigt' for it, or a theme
    # labelled 'Övrigt' under another id: that theme, spelt another way, not one to add
    spelt = [t.id for t in themes if _plain(t.id) == _plain(fallback.casefold())] or \
        [t.id for t in themes if _plain(_same_label(t.label)) == _plain(fallback.casefold())]
    if themes_raw and fallback not in seen and named:  # 'fallback: Övrigt': the theme's label, not its id
        problem("fallback", "err_tx_fallback_label", id=named[0])
    elif themes_raw and fallback not in seen and spelt:
        problem("fallback", "err_tx_fallback_spelt" if "fallback" in data else "err_tx_fallback_spelt_default",
                fallback=fallback, id=spelt[0])
    elif themes_raw and fallback not in seen and fallback not in meant_ids:  # ('id: Övrigt': told to write ovrigt)
        problem("fallback", "err_tx_fallback_missing", fallback=fallback)
    elif themes and not any(t.id != fallback and not t.manual for t in themes) and len(themes) == len(themes_raw):
        problem("themes", "err_tx_only_fallback", fallback=fallback)  # every suggestion would go there
    if problems:
        problems = [p for _line, _k, p in sorted(zip(order, range(len(problems)), problems))]
        raise TaxonomyError.of("err_taxonomy_invalid" if len(problems) > 1 else "err_taxonomy_invalid_one", n=len(problems),
                               problems=Joined("\n", problems))
    name = data.get("name") or Path(source.split(" ")[0]).stem
    places = {(th.id, j): (f"themes[{i}].keywords[{j}]", lines.get(f"themes[{i}].keywords[{j}]")
                           or lines.get(f"themes[{i}].keywords", 0))
              for i, th in zip(at, themes) for j in range(len(th.keywords))}
    return Taxonomy(name=str(name), themes=tuple(themes), fallback=fallback,
                    description=str(data.get("description", "")), source=source,
                    description_en=str(data.get("description_en", "")), notes=_unused(themes, at, fallback, lines, source),
                    keyword_places=places)


# keys people write for the taxonomy's: in Swedish, or singular
_KEYS_IN_SWEDISH = {"namn": "name", "beskrivning": "description", "teman": "themes", "tema": "themes",
                    "reserv": "fallback", "reservtema": "fallback", "etikett": "label", "rubrik": "label",
                    "nyckelord": "keywords", "sökord": "keywords", "ord": "keywords", "undantag": "exclude",
                    "uteslut": "exclude", "exkludera": "exclude", "exempel": "examples", "manuell": "manual",
                    "tröskel": "min_confidence"}
# a theme's keys for a tree of themes, which a taxonomy is not: its themes are one list
_SUBTHEME_KEYS = {"themes", "theme", "subthemes", "sub_themes", "subtheme", "children", "parent", "underteman",
                  "undertema", "huvudtema", "förälder", "overtema", "övertema"}


def _meant_key(key: str, allowed: dict) -> str | None:
    """The key of ``allowed`` that ``key`` was meant as: another case ('Keywords'), Swedish ('nyckelord'), a slip of
    spelling ('keyword', 'lable'); None where it is like none of them."""
    import difflib

    folded = key.strip().casefold()
    if folded in allowed:
        return folded
    if allowed is _THEME_KEYS and folded in ("name", "namn", "titel", "title", "rubrik", "tema"):  # (a theme's name)
        return "label"
    if _KEYS_IN_SWEDISH.get(folded) in allowed:
        return _KEYS_IN_SWEDISH[folded]
    near = difflib.get_close_matches(folded, sorted(allowed), n=1, cutoff=0.75)
    return near[0] if near else None


def _unknown_key(problem: Any, path: str, key: str, allowed: dict) -> None:
    """The problem of an unknown key: a theme's sub-themes, else with the key meant where one is."""
    if allowed is _THEME_KEYS and key.strip().casefold().replace("-", "_") in _SUBTHEME_KEYS:
        problem(path, "err_tx_no_subthemes")
        return
    meant = _meant_key(key, allowed)
    if meant is not None:
        problem(path, "err_tx_unknown_key_meant", meant=meant, allowed=", ".join(sorted(allowed)))
    else:
        problem(path, "err_tx_unknown_key", allowed=", ".join(sorted(allowed)))


def _as_list(key: str, text: str) -> str:
    """The YAML list a theme's ``key`` written as one text meant: keywords and exclusions split at commas
    ('lön, övertid' → [lön, övertid]), an example one text (its commas its own); quoted where YAML needs it."""
    import json

    items = [text.strip()] if key == "examples" else [x.strip() for x in text.split(",") if x.strip()]
    # (a word or phrase YAML reads as written inside [ ]: 'no' or '2024' too, which are read as the text written)
    plain = re.compile(r"[^\W_][\w +/&.-]*")
    return "[" + ", ".join(x if key != "examples" and plain.fullmatch(x) else json.dumps(x, ensure_ascii=False)
                           for x in items) + "]"


def _id_to_write(written: Any, label: Any, fallback: str) -> str | None:
    """The id to write for a theme whose id cannot be used: the one made from what was written ('Lön och arbetstid'
    → lön_och_arbetstid, 'IT' → it), else from its label (a number, no id at all); the fallback's own id where that
    is the one meant ('Övrigt' → ovrigt). None where neither holds a letter."""
    from forbattra.scoring.labels import make_id

    for text in (written, label):
        if isinstance(text, str) and any(ch.isalpha() for ch in text):
            meant = make_id(text)
            return fallback if _plain(meant) == _plain(fallback.casefold()) else meant
    return None


_UNUSED_KEYS = ("keywords", "exclude", "examples", "min_confidence")  # what scores a theme, and no more


def _unused(themes: list[Theme], at: list[int], fallback: str, lines: dict[str, int], source: str) -> tuple[Msg, ...]:
    """A note, with its file and line, for each key of the fallback theme or a ``manual`` theme that only scores
    a theme (keywords, exclusions, examples, a threshold): neither is ever scored, so those words never match
    ('Övrigt' with keywords: [annat, övrigt]; a 'Garage' with keywords: [parkera, senare]) and the file said
    nothing of it."""
    notes = []
    for i, th in zip(at, themes):
        if th.id != fallback and not th.manual:
            continue
        for key in _UNUSED_KEYS:
            if getattr(th, key) not in ((), None):
                path = f"themes[{i}].{key}"
                line = lines.get(path, 0)
                notes.append((line, Msg("err_path_reason", path=f"{source}:{line}: {path}",
                                        reason=Msg("tx_note_fallback_unused" if th.id == fallback
                                                   else "tx_note_manual_unused", key=key, id=th.id))))
    return tuple(note for _line, note in sorted(notes, key=lambda x: x[0]))  # in the file's order, as problems are


# a line's indentation, its list dashes and a taxonomy key's ':' with the spaces after it
_LINE_START = re.compile(r"(?m)^([ \t\u00a0]*(?:-[ \t\u00a0]+)*)(?:([A-Za-z_]+)(:[ \t\u00a0]*))?")


def _yaml_spaces(text: str) -> str:
    """``text`` with the non-breaking spaces that stand for YAML's spaces made spaces: in a line's indentation,
    after a list's '-' and after a taxonomy key's ':' (a taxonomy put together from a web page, an e-mail or a
    Word document has them where the user sees spaces, and YAML reads them as text). Inside values kept."""
    if "\u00a0" not in text:
        return text

    def spaces(m: re.Match) -> str:
        start, key, colon = m.group(1), m.group(2), m.group(3)
        if key is not None and key in _THEME_KEYS.keys() | _TOP_KEYS.keys():
            return (start + key + colon).replace("\u00a0", " ")
        # a list item's start; an indented line of some other text (a value's next line) stays as it is
        return (start.replace("\u00a0", " ") if "-" in start else start) + (key or "") + (colon or "")

    return _LINE_START.sub(spaces, text)


_WORD_DASH = re.compile(r"^([ \t\u00a0]*)[–—]([ \t\u00a0]+)")
_KEY_ALONE = re.compile(r"^([ \t]*(?:-[ \t]+)*)[A-Za-z_]+:[ \t]*(?:#.*)?\r?$")
_BLOCK_SCALAR = re.compile(r"^([ \t]*(?:-[ \t]+)*)[^#\s][^#]*:[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?\r?$")


def _list_dashes(text: str) -> str:
    """``text`` with the en and em dashes that stand where a list's '-' does made that '-': Word's AutoFormat turns a
    '- ' typed at a line's start into '– ', and YAML reads '– lön' as text ('a colon inside a value' on a theme's
    next line; keywords read as the one text '– lön – övertid'). Where a list's '-' stands: on the line after a key
    with no value ('keywords:', 'themes:'), or as far in as an item of the list above. A text's own dashes stay:
    a line of a block text (``description: |``) and a long text's next line ('… rum' / '  – och mer', as a dump
    wraps it). Each line keeps its number."""
    if "–" not in text and "—" not in text:
        return text
    out: list[str] = []
    block = opened = -1  # the column of the key whose block text the lines below are; of a key with no value above
    items: set[int] = set()  # the columns of the '-' of the lists the line may be an item of
    for line in text.split("\n"):
        rest = line.lstrip(" \t\u00a0")
        indent = len(line) - len(rest)
        if block >= 0 and (not rest.strip() or indent > block):
            out.append(line)
            continue
        block = -1
        if not rest.strip() or rest.startswith("#"):
            out.append(line)
            continue
        if _WORD_DASH.match(line) and (indent in items or 0 <= opened <= indent):
            line = _WORD_DASH.sub(r"\1-\2", line, count=1)
        item = re.match(r"-[ \t\u00a0]", line[indent:]) is not None  # (a '-' item, as written or as made above)
        items = {i for i in items if i < indent} | ({indent} if item else set())
        m = _BLOCK_SCALAR.match(line)
        block = len(m.group(1)) if m else -1
        m = _KEY_ALONE.match(line)
        opened = len(m.group(1)) if m else -1
        out.append(line)
    return "\n".join(out)


# Word's and e-mail's typographic quotes, by family: a value opened with one of them is closed by one of its family
_TYPO_QUOTES = ("“”„«»", "‘’‚")
_VALUE_START = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[A-Za-z_]+:[ \t]+)?")
_BLOCK_END = re.compile(r"[ \t\r]*(?:[ \t]#.*)?$")
_FLOW_END = re.compile(r"[ \t\r]*(?:[,\]}]|#|$)")


def _straight_quotes(text: str) -> str:
    """``text`` with the typographic quotes that open and close a value (Word's ”…” and ’…’, “…”, „…“) made YAML's
    quotes: a taxonomy written in Word or pasted from an e-mail has them where its writer typed quotes, and YAML reads
    them as text (the label '“Lön”', the keywords '”mål' and 'syfte”' of '[vision, ”mål, syfte”]', 'a colon inside a
    value' for '”Tak: Vision”'). A value that starts with one and ends with one of its family, and holds none of it
    in between: a value's start is after a key's ':', a list's '-' or, inside [ ] or { }, after '[', '{' or ','. A
    quote inside a value's text stays as written. Each line keeps its number."""
    if not any(q in text for family in _TYPO_QUOTES for q in family):
        return text
    out, depth = [], 0  # depth: how many [ { are open (a flow list may run over lines)
    for line in text.split("\n"):
        m = _VALUE_START.match(line)  # (matches every line: all of it optional)
        if depth:  # an item of a [ ] list that runs over lines
            start = len(line) - len(line.lstrip(" \t"))
        else:  # after a key or a '-': a line of nothing else before its text is a long text's next line, its own
            start = m.end() if m is not None and m.group().strip() else -1
        parts, i = [], 0
        while i < len(line):
            ch = line[i]
            if i == start:
                family = next((f for f in _TYPO_QUOTES if ch in f), None)
                if family is not None:
                    end = next((j for j in range(i + 1, len(line)) if line[j] in family), -1)
                    if end > i + 1 and (_FLOW_END if depth else _BLOCK_END).match(line, end + 1):
                        parts.append("'" + line[i + 1:end].replace("'", "''") + "'")
                        i = end + 1
                        continue
                if ch in "\"'":  # a value in YAML's own quotes: its brackets and commas are its text
                    close = line.find(ch, i + 1)
                    if close > i:
                        parts.append(line[i:close + 1])
                        i = close + 1
                        continue
            if ch == "#" and (i == 0 or line[i - 1] in " \t"):
                parts.append(line[i:])
                break
            if ch in "[{" and (i == start or depth):
                depth += 1
                start = i + 1
            elif ch in "]}" and depth:
                depth -= 1
            elif ch == "," and depth or ch == ":" and depth and line[i + 1:i + 2] in (" ", "\t"):
                start = i + 1  # (an item of [ ], or a value of { }: '{id: a, label: ”Tak: mål”}')
            elif ch in " \t" and i == start:
                start = i + 1
            parts.append(ch)
            i += 1
        out.append("".join(parts))
    return "\n".join(out)


_GLUED = re.compile(r"^\s*(?:-\s+)?(([A-Za-z_]+):(\S.*?))\s*(?:\s#.*)?$")


_GLUED_DASH = re.compile(r"^\s*(-([A-Za-z_]+):(?:\s.*?)?)\s*(?:\s#.*)?$")


def _glued_colon(lines: list[str], row: int, line: int) -> tuple[int, str, str, str] | None:
    """``(line, written, fixed, message key)`` of a taxonomy key written without a space after its ':'
    ('label:A', '- id:a') or a theme without one after its '-' ('-id: a') at or just above the line of a YAML
    error (``row`` 0-based where PyYAML stopped, ``line`` 1-based where it is reported): YAML reads 'label:A'
    as the text 'label:A' and '-id' as a key, and stops a line or two later."""
    keys = _THEME_KEYS.keys() | _TOP_KEYS.keys()
    for i in range(max(0, min(row, line - 1) - 1), min(row + 1, len(lines))):
        m = _GLUED.match(lines[i])
        if m and m.group(2) in keys:
            return i + 1, m.group(1), f"{m.group(2)}: {m.group(3)}", "tx_hint_colon_space"
        m = _GLUED_DASH.match(lines[i])
        if m and m.group(2) in _THEME_KEYS:
            return i + 1, m.group(1), "- " + m.group(1)[1:], "tx_hint_dash_space"
    return None


def _key_indented_further(lines: list[str], row: int, column: int) -> str:
    """The taxonomy key whose ':' PyYAML stopped at (``row``, ``column``, 0-based) where its line is indented
    further than the line above, a key with its value ('label: Lön' / '     keywords: [lön]'): YAML reads the
    line as the rest of that value, so the slip is the indentation, not a colon to quote. '' otherwise (a
    value that runs on to a line of other text with a colon: 'Kontor och' / '  rum: luft')."""
    if row >= len(lines):
        return ""
    m = re.match(r"([ ]*)([A-Za-z_]+)[ ]*$", lines[row][:column])
    if m is None or m.group(2) not in _THEME_KEYS.keys() | _TOP_KEYS.keys():
        return ""
    for i in range(row - 1, -1, -1):
        above = lines[i].split(" #")[0].rstrip()
        if above.strip() and not above.lstrip().startswith("#"):
            a = re.match(r"([ ]*)(?:-[ ]+)*[A-Za-z_]+:[ ]+\S", above)
            return m.group(2) if a is not None and len(m.group(1)) > len(a.group(1)) else ""
    return ""


def dump_taxonomy(taxonomy: Taxonomy) -> str:
    """YAML text of a taxonomy, in a form :func:`parse_taxonomy` accepts."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # a text that starts with a typographic quote ('”Lön”', a category so written) in YAML's quotes, which keep
        # it: plain, it would read back as a quoted 'Lön' (:func:`_straight_quotes`)
        style = "'" if value[:1] in "".join(_TYPO_QUOTES) and value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(taxonomy.to_dict(), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)


def _repeated_keys(node: Any) -> list[tuple[int, str]]:
    """(line, key) of every key repeated within one mapping, anywhere in the document."""
    import yaml

    out: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for k, v in node.value:
            key = str(k.value)
            if key in seen:
                out.append((k.start_mark.line + 1, key))
            seen.add(key)
            out += _repeated_keys(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += _repeated_keys(v)
    return out


_TEXT_KEYS = ("name", "label", "label_en", "description", "description_en")
_COMMENT_CUT = re.compile(r" #[^\s#]")  # 'Tema #1': one space, then '#' against a word, as in a value


_LIST_KEYS = ("keywords", "exclude")  # (an example is a sentence, which a dump may wrap before a dash)


def _run_on_items(node: Any, lines: list[str]) -> list[tuple[int, str, str, str]]:
    """``(line, path, item, read)`` of each '- ' line of a theme's list that YAML read as part of the item above:
    a dash one space or more further in than the one above ('- lön' / '   - övertid') continues that item's
    unquoted text, so the list silently held 'lön - övertid' instead of two keywords."""
    import yaml

    out: list[tuple[int, str, str, str]] = []
    if not isinstance(node, yaml.MappingNode):
        return out
    for k, v in node.value:
        if str(k.value) != "themes" or not isinstance(v, yaml.SequenceNode):
            continue
        for i, theme in enumerate(v.value):
            if not isinstance(theme, yaml.MappingNode):
                continue
            for tk, tv in theme.value:
                if str(tk.value) not in _LIST_KEYS or not isinstance(tv, yaml.SequenceNode):
                    continue
                for j, item in enumerate(tv.value):
                    if not isinstance(item, yaml.ScalarNode) or item.style:
                        continue
                    for row in range(item.start_mark.line + 1, min(item.end_mark.line + 1, len(lines))):
                        m = re.match(r"\s*-\s+(\S.*?)\s*$", lines[row].split(" #")[0])
                        if m:
                            out.append((row + 1, f"themes[{i}].{tk.value}[{j}]", m.group(1), str(item.value)))
                            break
    return out


def _cut_by_comment(node: Any, lines: list[str]) -> list[tuple[int, str, str, str, str]]:
    """``(line, key, path, read, written)`` of each unquoted name, label or description that YAML cut where the
    line goes on with ' #' against a word ('label: Tema #1' reads as 'Tema': ' #1' starts a comment). A comment
    written as one (after two spaces, or '# ' with a space: the starter file's) is none of them."""
    import yaml

    out = []

    def check(mapping: Any, prefix: str) -> None:
        for k, v in mapping.value:
            key = str(k.value)
            if key not in _TEXT_KEYS or not isinstance(v, yaml.ScalarNode) or v.style or not v.value:
                continue
            end = v.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            if _COMMENT_CUT.match(rest):
                written = (v.value + rest.split("  #")[0]).rstrip()
                out.append((k.start_mark.line + 1, key, f"{prefix}{key}", v.value, written))

    if isinstance(node, yaml.MappingNode):
        check(node, "")
        for k, v in node.value:
            if str(k.value) == "themes" and isinstance(v, yaml.SequenceNode):
                for i, theme in enumerate(v.value):
                    if isinstance(theme, yaml.MappingNode):
                        check(theme, f"themes[{i}].")
    return out


def _to_python(node: Any, path: str = "", written: dict[str, str] | None = None) -> Any:
    """Python data of ``node``; ``written`` gets the text as written (by path, as :func:`_line_index` names
    them) of each unquoted value YAML read as something other than text or nothing (``no``, ``2024``)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        out = {}
        for k, v in node.value:
            key = str(k.value)
            out[_to_python(k)] = _to_python(v, f"{path}.{key}" if path else key, written)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(v, f"{path}[{i}]", written) for i, v in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    value = yaml.SafeLoader("").construct_object(node)
    if written is not None and not node.style and value is not None:  # (plain: None, libyaml '')
        written[path] = node.value
    return value


def _as_text(value: Any, path: str, written: dict[str, str]) -> Any:
    """A value where text belongs, as the user wrote it: YAML 1.1 reads an unquoted ``no``, ``yes``, ``on``,
    ``off`` as true/false, ``2024`` or ``1.10`` as a number and ``2024-01-31`` as a date, none of which the
    user meant (``label: 2024``, ``keywords: [1177, vårdguiden]``). Lists item by item; others unchanged."""
    if isinstance(value, list):
        return [_as_text(v, f"{path}[{i}]", written) for i, v in enumerate(value)]
    return written.get(path, value) if not isinstance(value, str) else value


def _line_index(node: Any, path: str = "") -> dict[str, int]:
    """Map ``themes[2].keywords`` style paths to 1-based line numbers."""
    import yaml

    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = str(k.value)
            sub = f"{path}.{key}" if path else key
            lines[sub] = k.start_mark.line + 1
            for p, ln in _line_index(v, sub).items():
                lines.setdefault(p, ln)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            lines.update(_line_index(v, f"{path}[{i}]"))
    return lines


# The starter ``taxonomy init`` writes: one YAML, its comments in the user's language (Swedish unless --lang en);
# comments are no part of the taxonomy (nor of its hash).
_STARTER = """\
# {title}
#   forbattra taxonomy validate {this_file}.yaml
#   forbattra classify forslag.xlsx --taxonomy {this_file}.yaml
name: min-taxonomi
# {fallback}
fallback: ovrigt
themes:
  - id: lokaler                       # {ids}
    label: Lokaler och fysisk miljö   # {label}
    label_en: Premises                # {label_en}
    description: Kontor, mötesrum, ventilation, parkering.
    # {keywords}
    # ("rum" {matches} "samtalsrummet").
    keywords: [lokal, rum, ventilation, parkering, "för trångt"]
    # {exclude}
    exclude: ["lokala rutiner"]
    # min_confidence: 0.4             # {min_confidence}
  - id: ovrigt
    label: Övrigt
    label_en: Other
"""
_STARTER_COMMENTS = {
    "en": {"title": "forbattra taxonomy: edit the themes, then run", "this_file": "this-file",
           "fallback": "The theme a suggestion gets when no other theme is confident enough.",
           "ids": "lower-case letters (å/ä/ö too), digits and _", "label": "Swedish label shown in reports",
           "label_en": "English label (--lang en)",
           "keywords": "Words and phrases; write them in any inflection, compounds match by their parts",
           "matches": "matches", "exclude": "Phrases where a keyword means something else.",
           "min_confidence": "optional per-theme threshold"},
    "sv": {"title": "forbattra-taxonomi: redigera temana, kör sedan", "this_file": "den-här-filen",
           "fallback": "Temat ett förslag får när inget annat tema är säkert nog.",
           "ids": "små bokstäver (å/ä/ö också), siffror och _", "label": "etiketten på svenska, som rapporterna visar",
           "label_en": "etiketten på engelska (--lang en)",
           "keywords": "Ord och fraser; skriv dem i vilken böjning som helst, sammansatta ord matchar på sina delar",
           "matches": "matchar", "exclude": "Fraser där ett nyckelord betyder något annat.",
           "min_confidence": "valfri tröskel för just det här temat"},
}
STARTER = _STARTER.format(**_STARTER_COMMENTS["en"])
STARTER_SV = _STARTER.format(**_STARTER_COMMENTS["sv"])


def starter_text(builtin: str | None = None, *, name: str = "min-taxonomi", lang: str = "sv") -> str:
    """The text ``taxonomy init`` writes: the starter or a built-in's YAML, named after the new file.

    A copy keeps its comments but takes the new name, so runs with the edited file are not reported
    as the built-in. The starter's comments are in ``lang`` (Swedish unless "en"); comments are no part of
    the taxonomy (nor of its hash).
    """
    if builtin is None:
        text = STARTER if lang == "en" else STARTER_SV
    else:
        text = (files("forbattra") / "taxonomies" / f"{builtin}.yaml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^name:.*$", f"name: {taxonomy_name(name)}", text, count=1)


def taxonomy_name(path_or_name) -> str:
    """A taxonomy's name made from the file it is written to ("min taxonomi.yaml" → "min-taxonomi"), as
    ``taxonomy init`` and ``discover --taxonomy-out`` name what they write."""
    stem = Path(str(path_or_name)).stem if str(path_or_name).endswith((".yaml", ".yml")) else str(path_or_name)
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "min-taxonomi"
