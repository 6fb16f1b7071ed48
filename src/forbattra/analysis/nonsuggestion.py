"""Answers that are not suggestions: empty cells, "Vet inte", "Inget att tillägga", "Bra som det är", "-".

Shared by ``discover`` (such rows form their own group "Inget förslag" instead of sitting in a
cluster) and ``duplicates`` (they are never grouped: ten "Vet inte" are not a need). The phrases
live in ``forbattra/data/vocabulary.yaml`` (``nonsuggestion`` and ``nonsuggestion_filler``).
"""

from __future__ import annotations

import functools
import re

from forbattra.scoring.text import fold, normalise

MAX_WORDS = 8  # longer answers are always treated as suggestions
_WORD_RE = re.compile(r"[^\W_]+(?:/[^\W_]+)?", re.UNICODE)


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


@functools.lru_cache(maxsize=100_000)
def _check(norm: str) -> bool:
    words = _WORD_RE.findall(fold(norm))
    if len(words) > MAX_WORDS:
        return False
    core, filler = _phrases()
    rest = " ".join(w for w in words if w not in filler)
    return rest in core or not rest


@functools.lru_cache(maxsize=1)
def possible_pieces() -> frozenset[str]:
    """Every word piece (``[^\\W_]+``, folded) a non-suggestion can hold: a text with a piece outside
    this set is a suggestion (a cheap test before :func:`is_nonsuggestion`; pieces as
    :class:`~forbattra.scoring.scorer.ThemeScorer` cuts them)."""
    core, filler = _phrases()
    return frozenset(p for phrase in (*core, *filler) for p in re.findall(r"[^\W_]+", phrase))


def is_nonsuggestion(text: object) -> bool:
    """True for an empty or non-text cell and for answers such as "Vet inte", "Inga synpunkter",
    "Har inga förslag just nu.", "Tycker vi har det bra, tack.", "-" or "test"."""
    norm = normalise(text)
    if not norm:
        return True
    return _check(norm)


def nonsuggestion_mask(texts) -> list[bool]:
    """:func:`is_nonsuggestion` for every text."""
    return [is_nonsuggestion(t) for t in texts]
