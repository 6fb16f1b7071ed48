"""Labels as users have them: parsing label cells and deriving a taxonomy from them.

A development officer's label column holds theme ids (``lokaler``) or labels (``Gata, park och
lekplatser``), in any case, with å/ä/ö, spaces and commas. Several labels in one cell are separated
by ``|`` or ``;`` — never by ``,``, because labels themselves contain commas.

* :func:`split_cell` — one cell → the label strings it holds;
* :func:`resolve` — label strings → theme ids of a taxonomy, with the Excel row of each unknown label;
* :func:`derive_taxonomy` — a taxonomy made from the labels themselves (ids from the labels, labels
  kept for display, a fallback ``ovrigt``), for categories forbattra does not know;
* :func:`choose_taxonomy` — the taxonomy a ``train`` run uses: the one asked for, else a built-in
  one whose themes the labels name, else one derived from the labels;
* :func:`other_labels` — whether a classified file was sorted with another taxonomy of the same theme ids
  (``report`` and ``train --corrections`` then ask for it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable, Sequence

from forbattra.errors import InputFileError
from forbattra.i18n import Joined, Msg, PerLang, Worded
from forbattra.record import INVISIBLE
from forbattra.taxonomy import BUILTIN, Taxonomy, Theme, load_taxonomy
from forbattra.taxonomy import _loose as loose_label

SEPARATORS = re.compile(r"[|;]")
# Labels that mean "none of the categories": such a label becomes the derived taxonomy's fallback (the
# theme non-suggestions and rows the model is unsure of go to), not a category the model learns.
# "Ej placerad" (not placed) is the fallback of the built-in ``huset`` taxonomy and a common one in
# Swedish category schemes.
FALLBACK_NAMES = {"ovrigt", "övrigt", "other", "annat", "övriga", "ovriga",
                  "ej placerad", "ej_placerad", "inte placerad", "oplacerad", "okategoriserad", "ingen kategori"}


# What people type in a label cell when they have no label for the row: the row is unlabelled, not a category
PLACEHOLDERS = {"vet ej", "vet inte", "osäker", "oklart", "okänd", "okänt", "n/a", "ej klar", "ingen aning"}


def is_placeholder(label: str) -> bool:
    """A label cell's part that says "no label" ("-", "?", "vet ej", "osäker")."""
    return not any(ch.isalnum() for ch in label) or label.casefold().rstrip(".!?") in PLACEHOLDERS


def split_cell(value: object) -> list[str]:
    """The labels in one cell: split on ``|`` or ``;`` (not ``,``), whitespace collapsed, characters no one
    sees dropped (:data:`INVISIBLE`); placeholders ("-", "?", "vet ej") are no label."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    out = []
    for part in SEPARATORS.split(str(value)):
        p = unicodedata.normalize("NFC", " ".join(INVISIBLE.sub("", part).split()))  # "ö" typed as o + ¨ is "ö"
        if p and p not in out and not is_placeholder(p):
            out.append(p)
    return out


def suspicious_labels(taxonomy: Taxonomy, support: dict[str, int]) -> list[tuple[str, str, str]]:
    """Categories of a derived taxonomy that look like slips: a rare label (at most two rows) one typing
    slip (a letter added, missing, changed or two swapped) from a label used at least three times as often
    ("Öppetider" beside "Öppettider"; not "Fysisk" beside "Psykisk arbetsmiljö"), a label that is another
    one typed without (or with other) å/ä/ö, however often ("Vard och omsorg" beside "Vård och omsorg": the
    less used of the two, else the one with fewer such letters), or a label that is two labels joined by a
    comma or a slash instead of ``|`` ("Skola/Gata" beside "Skola" and "Gata"; not "IT/digitalt" beside
    "IT" alone), or by nothing but a space — two labels on two lines of one cell (Alt+Enter in Excel) read as
    one ("Vård och omsorg IT" beside "Vård och omsorg" and "IT"). Returns ``(kind, suspect label, what it
    resembles)`` with kind ``slip``, ``comma``, ``slash`` or ``space``."""
    labels = {t: taxonomy.label(t) for t in support}
    out = []
    for t, n in sorted(support.items(), key=lambda kv: labels[kv[0]]):
        others = {labels[u].casefold(): labels[u] for u in support if u != t}
        joined = [(kind, parts) for kind, sep in (("comma", ","), ("slash", "/"))
                  if len(parts := [p.strip() for p in labels[t].split(sep)]) > 1
                  and all(p.casefold() in others for p in parts)]
        words = labels[t].split()
        joined += [("space", [" ".join(words[:k]), " ".join(words[k:])]) for k in range(1, len(words))
                   if " ".join(words[:k]).casefold() in others and " ".join(words[k:]).casefold() in others]
        if joined:
            kind, parts = joined[0]
            out.append((kind, labels[t], " | ".join(others[p.casefold()] for p in parts)))
            continue
        accented = [labels[u] for u, m in support.items()
                    if u != t and _unaccented(labels[u]) == _unaccented(labels[t])
                    and (m, _accents(labels[u])) > (n, _accents(labels[t]))]
        if accented:
            out.append(("slip", labels[t], accented[0]))
            continue
        if not 0 < n <= 2 or len(labels[t]) < 6:  # short words differ by a letter on purpose (Lön, Lån)
            continue
        near = [labels[u] for u, m in support.items()
                if u != t and m >= 3 * n and _one_slip(labels[t].casefold(), labels[u].casefold())]
        if near:
            out.append(("slip", labels[t], near[0]))
    return out


def label_warnings(taxonomy: Taxonomy, support: dict[str, int]) -> list[tuple[str, dict]]:
    """What ``train`` and ``taxonomy init --from-labels`` say about a taxonomy derived from labels, as
    ``(message key, fields)``: a second "none" label ("Annat" beside "Övrigt") made a category, and each
    :func:`suspicious_labels` (a slip, two labels joined by a comma, a slash or a line break); ``support`` counts each theme's rows.
    The caller adds the field ``again``: how to make the categories anew."""
    out: list[tuple[str, dict]] = []
    for th in taxonomy.themes:
        if th.id != taxonomy.fallback and th.label.casefold() in FALLBACK_NAMES:
            out.append(("label_second_none", dict(label=th.label, n=support.get(th.id, 0),
                                                  fallback=taxonomy.label(taxonomy.fallback))))
    found = suspicious_labels(taxonomy, support)
    # many joined alike (another system's export writing every cell's categories with ', '): one line naming
    # them, not one each, which buried the rest of the run's output
    many = {kind for kind in ("comma", "slash", "space") if sum(k == kind for k, _, _ in found) >= JOINED_MANY}
    for kind in sorted(many):
        odd = [label for k, label, _ in found if k == kind]
        out.append(("label_joined_many", dict(n=len(odd), how=Msg(f"label_joined_how_{kind}"),
                                              labels=Joined("", [", ".join(repr(x) for x in odd[:5]),
                                                                 Msg("err_more", n=len(odd) - 5) if len(odd) > 5 else ""]))))
    for kind, odd, like_label in found:
        if kind in many:
            continue
        out.append(({"slip": "label_looks_like", "comma": "label_joined_by_comma",
                     "space": "label_joined_by_space"}.get(kind, "label_joined_by_slash"),
                    dict(label=odd, n=support[taxonomy.find(odd)], other=like_label)))
    return out


# this many categories that look like labels joined the same way (a comma, a slash, a space) are said in one line
JOINED_MANY = 4


def _unaccented(label: str) -> str:
    """A label without case and diacritics ("Vård" and "VARD" → "vard"), to find one typed without å/ä/ö."""
    return "".join(ch for ch in unicodedata.normalize("NFD", label.casefold()) if not unicodedata.combining(ch))


def _accents(label: str) -> int:
    """How many letters of ``label`` carry a diacritic (å, ä, ö, é …)."""
    return sum(1 for ch in unicodedata.normalize("NFD", label) if unicodedata.combining(ch))


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one typing slip: a character added, dropped or changed, or two
    neighbours swapped (Damerau distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long_[i + 1:]


def excel_row(i: int, header_row: int = 1) -> int:
    """The row number Excel shows for the ``i``-th data row (0-based) under a header on ``header_row``."""
    return header_row + 1 + i


def whole_theme(value: object, taxonomy: Taxonomy | None) -> str | None:
    """The theme a cell names whole where its label holds a separator ('IT | system', 'Lön; övertid'): read part by
    part (:func:`split_cell`) it would be two unknown labels. None for any other cell (split it)."""
    if taxonomy is None or not isinstance(value, str) or not SEPARATORS.search(value):
        return None
    return taxonomy.find(unicodedata.normalize("NFC", INVISIBLE.sub("", value)))


def resolve(cells: Sequence[object], taxonomy: Taxonomy, *, source: str = "labels", header_row: int = 1,
            hint: str = "", row_of: Callable[[int], int] | None = None) -> list[list[str]]:
    """Label cells → lists of theme ids of ``taxonomy``; unknown labels are one clear error.

    The error names each unknown label with the row Excel shows (``row_of(i)`` for the ``i``-th cell,
    0-based, where given; else :func:`excel_row` under ``header_row``), and the themes that are valid.
    """
    out: list[list[str]] = []
    bad: dict[str, int] = {}
    said: set[str] = set()  # the unknown labels named, in any case and spacing: one label, named once
    by_label_id = {make_id(t.label): t.id for t in taxonomy.themes}  # "ej_placerad" for the label "Ej placerad"
    for i, v in enumerate(cells):
        ids: list[str] = []
        whole = whole_theme(v, taxonomy)
        if whole is not None:  # a theme's own label holding a '|' or ';' ('IT | system'), written whole: that theme
            out.append([whole])
            continue
        for lab in split_cell(v):
            tid = taxonomy.find(lab)
            if tid is None and lab.casefold() == make_id(lab):
                tid = by_label_id.get(make_id(lab))
            if tid is None:
                if " ".join(lab.split()).casefold() not in said:  # (as first written, with its first row)
                    said.add(" ".join(lab.split()).casefold())
                    bad.setdefault(lab, row_of(i) if row_of is not None else excel_row(i, header_row))
            elif tid not in ids:
                ids.append(tid)
        out.append(ids)
    if bad:
        raise unknown_themes(source, bad, taxonomy, hint)
    return out


def resolve_rows(cells, rows, read, tax, source, hint, column: str | None = None):
    """:func:`resolve` naming the rows Excel shows: data row ``rows[i]`` of the input read as ``read``
    (:meth:`~forbattra.inputs.tables.ReadInfo.excel_row`). A cell holding the ``column``'s own name is the
    header repeated further down (an export of several pasted together): no label."""
    if column is not None:
        cells = [None if isinstance(c, str) and c.strip().casefold() == column.strip().casefold() else c for c in cells]
    return resolve(cells, tax, source=source, hint=hint, row_of=lambda i: read.excel_row(int(rows[i])))


def unknown_themes(source: str, bad: dict[str, int], taxonomy: Taxonomy, hint: str = "") -> InputFileError:
    """The error for labels that are not themes of ``taxonomy``: each with its Excel row (``bad``), and the
    valid themes; ``hint`` (a message starting with '; ') says how to fix it."""
    def item(label: str, row: int) -> Msg:  # with the theme it most likely means, where one stands out
        several = several_themes(label, taxonomy)  # ('it, personal', two lines of a cell: both, with '|')
        if several is not None:
            return Msg("err_theme_row_near", id=label, row=row, near=several)
        near = near_theme(label, taxonomy)
        if near is None:
            return Msg("err_theme_row", id=label, row=row)
        return Msg("err_theme_row_near", id=label, row=row, near=Worded(taxonomy.label(near), taxonomy.label(near, "en")))

    return InputFileError.of(
        "err_unknown_themes", source=source, items=Joined(", ", [item(t, r) for t, r in list(bad.items())[:8]]),
        more=Msg("err_more", n=len(bad) - 8) if len(bad) > 8 else "",
        taxonomy=taxonomy.name, valid=PerLang({lg: ", ".join(f"{t.id} ({taxonomy.label(t.id, lg)})"
                                                          if taxonomy.label(t.id, lg) != t.id else t.id
                                                          for t in taxonomy.themes) for lg in ("sv", "en")}),
        hint=hint)


def _folded(text: str) -> str:
    """``text`` without case, diacritics, punctuation or underscores, words joined by single spaces ("Arbetsmiljö
    och hälsa" and "arbetsmiljo_och_halsa" → "arbetsmiljo och halsa"): how a mistyped theme is compared."""
    return " ".join(re.sub(r"[\W_]+", " ", _unaccented(text)).split())


# how alike (difflib's ratio, 0–1) a mistyped theme must be to an id or label to be suggested: a letter or two
# wrong in a word ("arbetsmilö" for "arbetsmiljö", 0.95), not another word ("skola" for "schema", 0.36)
NEAR_RATIO = 0.75


def near_theme(label: str, taxonomy: Taxonomy) -> str | None:
    """The theme a label that names none of ``taxonomy``'s most likely means, for a "did you mean": the id or
    label (Swedish or English) closest to it by :func:`difflib.get_close_matches` (at least :data:`NEAR_RATIO`),
    compared without case, å/ä/ö, punctuation or underscores ("arbetsmilö", "Arbetsmiljo och halsa"); else the
    one theme whose id or label holds its words as whole words ("lokaler" for "Lokaler och utrustning"). None
    where nothing is that close, or the words are in several themes."""
    import difflib

    names: dict[str, str] = {}
    for th in taxonomy.themes:
        for name in (th.id, th.label, th.label_en):
            if name and _folded(name):
                names.setdefault(_folded(name), th.id)
    typed = _folded(label)
    if not typed:
        return None
    close = difflib.get_close_matches(typed, sorted(names), n=1, cutoff=NEAR_RATIO)
    if close:
        return names[close[0]]
    if len(typed) < 4:  # "it", "och": too short to stand for a theme
        return None
    holding = {tid for name, tid in names.items() if f" {typed} " in f" {name} "}
    return holding.pop() if len(holding) == 1 else None


# what people put between two themes typed in one cell instead of '|' or ';': a comma, a slash, a plus, an
# ampersand, a line break (Alt+Enter in Excel; read as a space)
_WORD = re.compile(r"[^\s,/+&]+")


def several_themes(label: str, taxonomy: Taxonomy) -> str | None:
    """A label naming no theme that is two or more themes typed with a comma, slash or line break between them
    ("it, personal", "IT och digitala verktyg" over "Arbetsmiljö och hälsa"): those parts as typed, joined by
    " | " ("it | personal"), for a "did you mean"; the fewest parts that each name a theme
    (:meth:`Taxonomy.find`: a label keeps its own commas, "Ledning, styrning och delaktighet, it"). None where
    the words are no such parts, or name one theme only."""
    words = list(_WORD.finditer(label))
    if len(words) < 2 or len(words) > 40:
        return None
    n = len(words)
    # best[j]: the fewest parts covering the first j words (each part's end), None where none does
    best: list[list[int] | None] = [[]] + [None] * n
    for j in range(1, n + 1):
        for i in range(j):
            before = best[i]
            if before is None or taxonomy.find(label[words[i].start():words[j - 1].end()]) is None:
                continue
            if best[j] is None or len(before) + 1 < len(best[j] or []):
                best[j] = [*before, j]
    ends = best[n]
    if ends is None or len(ends) < 2:
        return None
    parts = [label[words[i].start():words[j - 1].end()] for i, j in zip([0, *ends[:-1]], ends)]
    if len({taxonomy.find(p) for p in parts}) < len(parts):  # ("it, it": one theme)
        return None
    return " | ".join(parts)


def make_id(label: str) -> str:
    """A theme id from a label: lower case, words joined by ``_`` ("Gata, park och lekplatser" →
    ``gata_park_och_lekplatser``); å/ä/ö kept; a leading digit gets a ``t_`` prefix."""
    s = unicodedata.normalize("NFC", label).casefold()
    s = re.sub(r"[^\w]+", "_", s).strip("_")
    s = re.sub(r"_+", "_", s)
    if not s:
        s = "tema"
    if not s[0].isalpha():
        s = "t_" + s
    return s


def _in_capitals(label: str) -> bool:
    """"LOKALER", "LÖN", not "IT" or "HR": a label in capitals that is more than a two-letter abbreviation."""
    return label.isupper() and sum(ch.isalpha() for ch in label) > 2


# What a file with one column per category marks a row of that category with, and one without it with (another
# system's export, a hand-kept sheet): a column of nothing else holds no category names
MARKS = frozenset({"x", "1", "0", "ja", "nej", "j", "n", "yes", "no", "y", "sant", "falskt", "true", "false",
                   "✓", "✔", "✗"})


def _marks_only(values) -> bool:
    """Whether a column holds marks (:data:`MARKS`) and nothing else, at least one of them."""
    seen = False
    for v in values:
        s = "" if v is None or (isinstance(v, float) and v != v) else " ".join(INVISIBLE.sub("", str(v)).split())
        if s.casefold() in MARKS:
            seen = True
        elif s and not is_placeholder(s):  # ('-', '?': no mark, as in a label column)
            return False
    return seen


def find_label_column(sugg, name: str) -> str:
    """The labelled file's label column (``--label-column`` ``name``: its name, or its letter or number as the
    reader resolved it, ``Columns.label``), as :func:`~forbattra.inputs.find_column` finds it. A file with one column per category, each row marked in its categories' columns (*X*, *1*,
    *ja*), has no column of category names: the column given being one of two or more such columns — or the
    one asked for missing where they are — is refused (:class:`InputFileError`, exit 3), naming them and
    how to write the categories in one column; read as labels, its marks made categories '1' and '0'."""
    from forbattra.errors import ColumnError
    from forbattra.inputs import find_column

    texts = set(sugg.columns.text)
    marked = [c for c in sugg.original_columns if c not in texts and _marks_only(sugg.frame[c])]
    try:
        col = find_column(sugg, sugg.columns.label or name, option="--label-column")
    except ColumnError:
        if len(marked) < 2:
            raise
        col = None
    if len(marked) < 2 or col is not None and col not in marked:
        return col  # type: ignore[return-value]  # (None only where it raised above)
    raise InputFileError.of("err_label_marks_column" if col else "err_label_marks_missing", path=sugg.info.path,
                            name=col or name, columns=", ".join(repr(c) for c in marked), example="|".join(marked[:2]))


def derive_taxonomy(cells: Sequence[object], *, name: str = "egna-teman", fallback: str = "ovrigt",
                    source: object = "") -> Taxonomy:
    """A taxonomy whose themes are the distinct labels in ``cells`` (plus a fallback ``ovrigt``).

    Labels are matched without case, spaces, commas and full stops ("Gata park och lekplatser" and "Lön." are
    "Gata, park och lekplatser" and "Lön", as :meth:`Taxonomy.find` matches a label), and a label written as another label's id
    ("brukare_fokus", as the outputs show it, for "Brukare fokus") is that label; the spelling used
    most often is kept for display, a label over an id-like form, and of spellings used as often an ordinary one
    over one in capitals ("Lokaler", not "LOKALER"). Themes are in alphabetical order of
    their label, so the result does not depend on the order of the rows.

    A column whose labels differ on nearly every row (:data:`DISTINCT_LABELS`: an id or text column given as
    the label column) is refused, naming ``source`` (the file and column), before any category is made.
    """
    spellings: dict[str, Counter] = {}
    for v in cells:
        for lab in split_cell(v):  # (without case, commas and full stops, as a built-in theme's label matches)
            spellings.setdefault(loose_label(lab), Counter())[lab] += 1
    ids = {}
    for key in sorted(spellings):
        ids.setdefault(make_id(key), key)
    for key in sorted(spellings):  # "brukare_fokus" joins "brukare fokus" (only an exact id, nothing looser)
        home = ids.get(key)
        if home is not None and home != key and key == make_id(key):
            spellings[home].update(spellings.pop(key))
    if not spellings:  # naming the file and column where the caller says them (taxonomy init --from-labels)
        raise InputFileError.of("err_no_labels_in", sources=source) if source else InputFileError.of("err_no_labels")
    labelled = sum(1 for v in cells if split_cell(v))
    if len(spellings) >= DISTINCT_LABELS[0] and len(spellings) >= DISTINCT_LABELS[1] * labelled:
        raise InputFileError.of("err_labels_all_distinct", source=source or Msg("err_label_column"),
                                n=len(spellings), rows=labelled)
    themes: list[Theme] = []
    used: set[str] = set()
    # one fallback: of several "none" labels ("Övrigt" and "Ej placerad") the most used one, the others
    # stay categories
    nones = [k for k in spellings if k in FALLBACK_NAMES or any(lab.casefold() in FALLBACK_NAMES for lab in spellings[k])
             or k == fallback]
    none_key = min(nones, key=lambda k: (-sum(spellings[k].values()), k)) if nones else None
    def shown(key: str) -> str:  # the label people wrote, not an id form of it ("brukare_fokus"); of spellings
        # used as often, an ordinary one over one in capitals ("Lokaler", not "LOKALER"; an abbreviation such as
        # "IT" keeps its capitals)
        return sorted(spellings[key].items(),
                      key=lambda kv: ("_" in kv[0] and kv[0].casefold() == make_id(kv[0]), -kv[1],
                                      _in_capitals(kv[0]), kv[0]))[0][0]

    for key in sorted(spellings, key=lambda k: (shown(k).casefold(), k)):
        label = shown(key)
        if key == none_key:
            themes.append(Theme(id=fallback, label=label))
            used.add(fallback)
            continue
        tid = base = make_id(label)
        k = 2
        while tid in used or tid == fallback:
            tid = f"{base}_{k}"
            k += 1
        used.add(tid)
        themes.append(Theme(id=tid, label=label))
    from forbattra.i18n import t as in_lang

    content = [t for t in themes if t.id != fallback]
    fb = [t for t in themes if t.id == fallback] or [Theme(id=fallback, label="Övrigt", label_en="Other")]
    if not content:
        raise InputFileError.of("err_only_fallback_label")
    return Taxonomy(name=name, themes=tuple(content) + tuple(fb), fallback=fallback,
                    # (in Swedish, as the file's other text is, with its English one beside: no part of what a model
                    # is trained for)
                    description=in_lang("taxonomy_derived_description", "sv"),
                    description_en=in_lang("taxonomy_derived_description", "en"), source="(derived from labels)")


# a label column with at least this many distinct labels, one for at least this share of its labelled rows,
# holds ids or texts, not categories (a category of one row teaches nothing): '-l id' or '-l text' by mistake.
# From 5 on, not 20: a free-text column of a small file (15 comments, each its own "category") made a taxonomy
# of 15 one-row themes; two to four labels on as many rows can still be a first try of a few categories
DISTINCT_LABELS = (5, 0.8)


def known_share(cells: Sequence[object], taxonomy: Taxonomy) -> float:
    """Share of the distinct labels in ``cells`` that name a theme of ``taxonomy``."""
    labels = {lab for v in cells for lab in split_cell(v)}
    if not labels:
        return 0.0
    return sum(taxonomy.find(lab) is not None for lab in labels) / len(labels)


def choose_taxonomy(cells: Sequence[object], spec: str | None, *, name: str = "egna-teman",
                    source: object = "") -> tuple[Taxonomy, str]:
    """The taxonomy for training on ``cells`` and how it was chosen (``given``, ``builtin``, ``derived``).

    ``spec`` given: that taxonomy (unknown labels are then an error). Otherwise a built-in taxonomy
    when every label names one of its themes (``near``, unknown labels an error, when nearly every one
    does: :data:`NEAR_BUILTIN`), else a taxonomy derived from the labels.
    """
    if spec is not None:
        return load_taxonomy(spec), "given"
    near = None
    for b in BUILTIN:
        tax = load_taxonomy(b)
        share = known_share(cells, tax)
        if share == 1.0:
            return tax, "builtin"
        labels = {lab for v in cells for lab in split_cell(v)}
        cells_known = [all(tax.find(lab) is not None for lab in split_cell(v)) for v in cells if split_cell(v)]
        odd = len(cells_known) - sum(cells_known)  # labelled rows with a label the taxonomy lacks
        if (share >= NEAR_BUILTIN and sum(tax.find(lab) is not None for lab in labels) >= 3 and near is None
                and odd <= max(1, NEAR_ODD_ROWS * len(cells_known)) and len(labels) - round(share * len(labels)) <= 2):
            near = tax
    if near is not None:  # a classify output corrected with a typo: the taxonomy it came from, the typo an error
        return near, "near"
    return derive_taxonomy(cells, name=name, source=source), "derived"


# labels of which at least this share (distinct labels, at least three of them) name themes of a built-in
# taxonomy are that taxonomy's, the others mistakes ("Arbetsmiljo och halsa"), not categories of their own:
# a taxonomy derived from them would hold "ekonomi" and "Ekonomi och resurser" as two categories
NEAR_BUILTIN = 0.75
# ... and only when the other labels are rare slips: at most this share of the labelled rows (one row at
# least) and two distinct labels; own categories that merely share names with built-in themes (IT,
# Lokaler, Ekonomi, Personal and Lön, each used often) make a taxonomy of their own
NEAR_ODD_ROWS = 0.05


def other_labels(ids_cells, label_cells, taxonomies, lang: str) -> tuple[int, str, str] | None:
    """Whether a classified file was sorted with another taxonomy of the same theme ids (one's own "it",
    "lokaler"): for some id, the label most of its rows show under *Tema* is not its label in any of
    ``taxonomies`` and is no label of theirs at all — then ``(row index, id, label)`` of its first such row, else
    None. *Tema* cells someone retyped by hand (instead of *Rättat tema*) hold the taxonomy's own labels: no
    other taxonomy."""
    from forbattra.outputs.writers import unguard

    seen: dict[str, Counter] = {}
    first_row: dict[tuple[str, str], int] = {}
    for n, (ids, label) in enumerate(zip(ids_cells, label_cells)):
        tid = next((p.strip() for p in re.split(r"[|;,]", str(ids or "")) if p.strip()), None)
        label = unguard(str(label or "").strip()).strip()
        if tid is None or not label:
            continue
        seen.setdefault(tid, Counter())[label.casefold()] += 1
        first_row.setdefault((tid, label.casefold()), n)
    found = []
    for tax in taxonomies:
        own = {t.label.casefold() for t in tax.themes} | {t.label_en.casefold() for t in tax.themes if t.label_en}
        # another taxonomy's label is none of this one's ("Digitalisering"); a Tema cell someone retyped holds
        # one of them ("Ledning, styrning och delaktighet"), however many of a theme's rows they retyped
        wrong = [(tid, lab) for tid, lab in ((tid, labels.most_common(1)[0][0]) for tid, labels in seen.items())
                 if tid not in tax or (lab != tax.label(tid, lang).casefold() and lab not in own)]
        # ... and a theme of one or two rows may hold a word someone typed over it ("Ventilation")
        if not wrong or (2 * len(wrong) <= len(seen)
                         and all(tid in tax and sum(seen[tid].values()) < 3 for tid, _lab in wrong)):
            return None
        found.append(wrong[0])
    tid, folded = found[0]  # as the first taxonomy names it
    n = first_row[(tid, folded)]
    return n, tid, unguard(str(label_cells[n]).strip()).strip()
