"""Words never shown as evidence (*Motivering*): filler that carries no theme.

A model may lean a little on "borde" or "tid" because they are common in suggestions of some
theme, but showing them to a reader as the reason for a theme is not honest: they say nothing about
the theme. Redaction placeholders ("[namn]") are not evidence either. The words still count in the
score; they are only left out of the explanation.
"""

from __future__ import annotations

import functools
import re

EVIDENCE_STOP = frozenset("""
    alltid aldrig annan andra behov behöva behöver bra bättre borde bör dag dagar egen egna eget enkel
    enklare fast faktiskt finnas finns flera fler fortfarande fungera fungerar funkar få får fått ge ger
    gick gjort gå går göra gör hela helst hinna idag ibland ingen inget istället jobb jobba jobbar kanske
    kunde kunna kan lite läge mer mindre mycket många nog nu ny nya nytt också ofta redan rätt saker sak
    samma samtidigt sedan själv själva skulle ta tar tid tiden tillbaka tillsammans typ varandra varför
    varje vet veta vill vore väldigt önskar önskan
    namn telefonnummer personnummer mejladress adress
    dagen dagens natten nätter kväll kvällen kvällar morgon morgonen förmiddagen eftermiddagen vecka veckan
    veckor veckors månad månaden månader året år åren timme timmen timmar minuter gång gången gånger
    direkt riktigt verkligen helt ganska extra bara även just alls precis
    står stå stod sitter sitta satt kallar kalla kallas heter blir bli blev blivit kommer komma kom verkar
    känns tycker tror måste behövs folk grej grejer något några
    int inte nåt nån nånting enda via dags per osv iaf
    kvällarna behövt behövde behövdes gått görs göras gjorts bäst färre
""".split())


# a word written with hyphens ("IT-stödet", "e-postlistan", "wifi-täckning"): the analyser reads its parts
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


# a word with two letters or more that are no a-z/å/ä/ö/é/ü: mostly an abbreviation ("IT", "HR", "APT", "SoL"),
# kept when two are capitals (anchored at a word's start and lazy, so linear in the text however long its words)
_CAPITALS = re.compile(r"\b(?=\w*?[^\W\d_a-zåäöéü]\w*?[^\W\d_a-zåäöéü])\w+")


def as_written(text: object, words: list[str]) -> list[str]:
    """Evidence words as the reader wrote them: a word that is a part of a hyphenated word of ``text`` is
    shown as that word, once ("it" and "stödet" of *IT-stödet* → "IT-stödet"; "e" and "postlistan" →
    "e-postlistan"), where its first part stood; an abbreviation with its capitals ("it" of *IT krånglar* →
    "IT", "hr" → "HR"; not in a text written in capitals); other words unchanged (the analyser's lower case). A part alone says little ("e") or
    something else ("stödet" of *IT-stödet* is the IT support)."""
    if not words or not isinstance(text, str):
        return words
    whole: dict[str, str] = {}
    caps = [w for w in _CAPITALS.findall(text) if sum(map(str.isupper, w)) >= 2]
    shouted = sum(map(len, caps)) * 2 >= len(text)  # a text written in capitals ("SCHEMAT MÅSTE …"): lower case
    if "-" in text:
        for m in _HYPHENATED.finditer(text):
            for part in m.group().lower().split("-"):
                whole.setdefault(part, m.group().lower() if shouted else m.group())
    if not shouted:
        for w in caps:
            whole.setdefault(w.lower(), w)
    if not whole:
        return words
    return list(dict.fromkeys(whole.get(w, w) for w in words))


def is_filler(word: str) -> bool:
    """True for a word that must not be shown as evidence (case-insensitive; ``[namn]`` too)."""
    w = word.strip().strip("[]<>{}()").casefold()
    return not w or w in EVIDENCE_STOP


def is_filler_lemma(lemma: str, token: str | None = None) -> bool:
    """True for a lemma (folded, as the analyser gives it: "hinna" of "hinner") of a word :func:`is_filler`
    leaves out: an inflected form is filler when its base form is. With the ``token`` it was read from: only
    a token without å/ä/ö/é/ü, whose folding changed nothing ("stöd" folds to "stod", a form of "stå")."""
    if token is not None and not token.isascii():
        return False
    return lemma in _folded_stop()


@functools.lru_cache(maxsize=1)
def _folded_stop() -> frozenset[str]:
    """The base forms among the filler words, folded. Not an inflected form ("saker", "satt"): folded, it is
    also another word's base form ("säker", "sätt"), which is no filler."""
    from forbattra.scoring.text import fold, load_lexicon

    lemma_of = load_lexicon().lemma_of
    return frozenset(f for f in map(fold, EVIDENCE_STOP) if lemma_of.get(f) in (None, f)) - _FOLDED_TWICE


# folded, also the base form of a word that is no filler: "sätt", "får" (sheep), "nät", "stöd", "säker" (the
# lemma table reads it as "saker", of "sak"), "kall" ("kalla"), "ändra" ("andra")
_FOLDED_TWICE = frozenset({"satt", "far", "nat", "stod", "sak", "kalla", "andra"})
