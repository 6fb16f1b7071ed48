"""Masking personal data: personnummer, phone numbers, e-mail addresses and known names."""

from __future__ import annotations

import re
from typing import Callable, Iterable

# personnummer / samordningsnummer: [CC]YYMMDD[-+]NNNN, with or without century and separator
_PNR = re.compile(r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+ ]?\d{4}(?![\d-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Swedish phone numbers: 070-123 45 67, 08-123 456 78, +46 70 123 45 67, 0701234567, 090-12 34 56
_PHONE = re.compile(r"(?<![\w+])(?:\+46[ -]?\(?0?\)?|0)\d{1,3}(?:[ -]?\d){5,9}(?![\w])")

MASKS = {"pnr": "[personnummer]", "email": "[e-post]", "phone": "[telefon]", "name": "[namn]"}


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """Mask personnummer, e-mail addresses, phone numbers and the given names in ``text``."""
    if not text:
        return text
    out = _EMAIL.sub(MASKS["email"], text)
    out = _PNR.sub(MASKS["pnr"], out)
    out = _PHONE.sub(MASKS["phone"], out)
    for pattern in _name_patterns(tuple(names)):
        out = pattern.sub(MASKS["name"], out)
    return out


def _name_patterns(names: tuple[str, ...]) -> list[re.Pattern]:
    parts: set[str] = set()
    for n in names:
        n = (n or "").strip()
        if not n or "@" in n:
            continue
        parts.add(n)
        parts.update(p for p in n.split() if len(p) >= 3)
    if not parts:
        return []
    alts = "|".join(re.escape(p) for p in sorted(parts, key=lambda p: (-len(p), p)))
    return [re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)]


def make_redactor(frame) -> Callable[[str], str]:
    """A redact function that also masks every name found in the frame's person column."""
    from forbattra.inputs.tables import PERSON

    names = tuple(sorted({v for v in frame[PERSON] if v})) if PERSON in frame and len(frame) else ()
    patterns = _name_patterns(names)

    def redact(text: str) -> str:
        if not isinstance(text, str) or not text:
            return text
        out = _EMAIL.sub(MASKS["email"], text)
        out = _PNR.sub(MASKS["pnr"], out)
        out = _PHONE.sub(MASKS["phone"], out)
        for p in patterns:
            out = p.sub(MASKS["name"], out)
        return out

    return redact
