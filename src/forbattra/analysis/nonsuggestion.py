"""Answers that are not suggestions: empty cells, "Vet inte", "Inget att tillägga", "Bra som det är", "-",
and answers that only thank or praise ("Tack för nya datorerna!", "Bra att vi fick nya stolar. Tack!").

Shared by ``discover`` (such rows form their own group "Inget förslag" instead of sitting in a
cluster) and ``duplicates`` (they are never grouped: ten "Vet inte" are not a need). The phrases
live in ``forbattra/data/vocabulary.yaml`` (``nonsuggestion`` and ``nonsuggestion_filler``; for thanks
``praise_openers``, ``praise_subjects``, ``praise_tail`` and ``praise_stoppers``, with the rule spelled out
there). The thanks rule applies with the built-in taxonomies only (callers pass ``thanks``).
"""

from __future__ import annotations

import functools
import re

from forbattra.scoring.text import fold, normalise

MAX_WORDS = 8  # longer answers are suggestions, unless they only thank (PRAISE_MAX_WORDS)
PRAISE_MAX_WORDS = 40  # longer thanks are read as suggestions
PRAISE_MAX_CHARS = 400  # a cheap bound before any work (40 words)
_WORD_RE = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)
_CLAUSE_END = re.compile(r"[.!?;:,\n\u2013\u2014]+|\s-+\s")  # clause breaks: punctuation, line breaks, dashes


@functools.lru_cache(maxsize=1)
def _phrases() -> tuple[frozenset[str], frozenset[str]]:
    from forbattra.analysis.vocabulary import vocabulary

    v = vocabulary()
    filler = v["nonsuggestion_filler"]
    core = set()
    for p in v["nonsuggestion"]:
        words = [w for w in _WORD_RE.findall(p) if w not in filler]
        core.add(" ".join(words))
    return frozenset(core), filler


@functools.lru_cache(maxsize=1)
def _count_words() -> frozenset[str]:
    from forbattra.analysis.vocabulary import vocabulary

    return frozenset(vocabulary()["nonsuggestion_count"])


@functools.lru_cache(maxsize=1)
def _praise() -> tuple:
    """(opening phrases as word tuples, stop words, subjects after an "… att" opener, tail words, the
    openers' first words)."""
    from forbattra.analysis.vocabulary import vocabulary

    v = vocabulary()
    openers = tuple(tuple(_WORD_RE.findall(p)) for p in v["praise_openers"])
    return (openers, v["praise_stoppers"], v["praise_subjects"], v["praise_tail"],
            frozenset(o[0] for o in openers if o))


def praise_first_words() -> frozenset[str]:
    """The (folded) words a thanks-only answer can start with: a text starting otherwise is not one."""
    return _praise()[4]


@functools.lru_cache(maxsize=1)
def _irony() -> tuple[tuple[str, ...], ...]:
    from forbattra.analysis.vocabulary import vocabulary

    return vocabulary()["nonsuggestion_irony"]


_NOT_NOW = frozenset({"nej", "inte", "na", "nae", "naa"})  # (folded) how an answer of "not (now)" opens


def _phrase(words: list[str]) -> bool:
    """A non-suggestion phrase ("vet inte", "inget att tillägga"), filler words aside; never an ironic one
    ("Tack för inget": a complaint)."""
    if len(words) > MAX_WORDS:
        return False
    if any(tuple(words[i:i + len(s)]) == s for s in _irony() for i in range(len(words) - len(s) + 1)):
        return False
    core, filler = _phrases()
    rest = [w for w in words if w not in filler and not w.isdigit()]  # "5", "Summa: 12" say nothing
    if len(rest) < len(words) and any(w.isdigit() for w in words) and set(rest) <= _count_words():
        return True  # a count row: "2 svar", "14 svarande"
    if rest == ["inte"] and words[0] in _NOT_NOW:  # "Inte just nu", "Nej, inte för tillfället": not now
        return True
    return " ".join(rest) in core or not rest


def _opener(ws: list[str]) -> int:
    """The number of opening words of a thanks/praise clause (0: it does not open as one). An opener
    ending in "att" needs a subject after it: "Bra att vi fick …", not "Bra att införa …"."""
    openers, _stoppers, subjects, _tail, _first = _praise()
    for o in openers:
        if tuple(ws[:len(o)]) == o and (o[-1] != "att" or (len(ws) > len(o) and ws[len(o)] in subjects)):
            return len(o)
    return 0


def _only_praise(folded: str, words: list[str]) -> bool:
    """Every clause thanks or praises (or is a non-suggestion phrase or a praise tail), and none asks
    for anything after its opening words."""
    _openers, stoppers, _subjects, tail, first = _praise()
    if not words or words[0] not in first or len(words) > PRAISE_MAX_WORDS:
        return False
    opened = False
    for clause in _CLAUSE_END.split(folded):
        ws = _WORD_RE.findall(clause)
        if not ws:
            continue
        n = _opener(ws)
        if n:
            if any(w in stoppers for w in ws[n:]):
                return False
        elif not opened or not (_phrase(ws) or all(w in tail for w in ws)):
            return False
        opened = True
    return opened


def _only_phrases(folded: str) -> bool:
    """Two or more clauses, each a non-suggestion phrase: "Inget förslag, allt bra", "Vet inte. Bra som det är"."""
    clauses = [ws for ws in (_WORD_RE.findall(c) for c in _CLAUSE_END.split(folded)) if ws]
    return len(clauses) >= 2 and all(_phrase(ws) for ws in clauses)


@functools.lru_cache(maxsize=100_000)
def _check(norm: str, thanks: bool = True) -> bool:
    folded = fold(norm)
    words = _WORD_RE.findall(folded)
    return _phrase(words) or _only_phrases(folded) or (thanks and _only_praise(folded, words))


@functools.lru_cache(maxsize=1)
def possible_pieces() -> frozenset[str]:
    """Every word piece (``[^\\W_]+``, folded) a non-suggestion can hold: a text with a piece outside
    this set is a suggestion (a cheap test before :func:`is_nonsuggestion`; pieces as
    :class:`~forbattra.scoring.scorer.ThemeScorer` cuts them)."""
    core, filler = _phrases()
    return frozenset(p for phrase in (*core, *filler, *_count_words(), "0")
                     for p in re.findall(r"[^\W_]+", phrase))  # "0": numbers


def is_nonsuggestion(text: object, thanks: bool = True) -> bool:
    """True for an empty or non-text cell, for answers such as "Vet inte", "Inga synpunkter",
    "Har inga förslag just nu.", "Tycker vi har det bra, tack.", "-" or "test", and for answers that
    only thank or praise ("Tack för en bra termin!", "Bra att vi fick nya stolar. Tack!"; not "Tack för
    mötet, men nästa gång vill vi ha det på förmiddagen"). ``thanks=False``: thanks count as
    suggestions (a user's own categories may have one for them)."""
    if isinstance(text, str) and "\n" in text:  # a line break ends a clause ("Tack!\nKöp nya datorer")
        text = text.replace("\n", " ; ")
    norm = normalise(text)
    if not norm:
        return True
    if len(norm) > PRAISE_MAX_CHARS:
        return False
    return _check(norm, thanks)


def nonsuggestion_mask(texts) -> list[bool]:
    """:func:`is_nonsuggestion` for every text."""
    return [is_nonsuggestion(t) for t in texts]
