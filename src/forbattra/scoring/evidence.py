"""Words never shown as evidence (*Motivering*): filler that carries no theme.

A model may lean a little on "borde" or "tid" because they are common in suggestions of some
theme, but showing them to a reader as the reason for a theme is not honest: they say nothing about
the theme. Redaction placeholders ("[namn]") are not evidence either. The words still count in the
score; they are only left out of the explanation.
"""

from __future__ import annotations

import functools

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
    ändå viss vissa visst
    lagt lägga lägger tappa tappar vända vänder hitta hittar dålig dåligt höstas våras
""".split())


def as_written(text: object, words: list[str]) -> list[str]:
    """Evidence words as the reader wrote them: a word that is a part of a hyphenated word of ``text`` is
    shown as that word, once ("it" and "stödet" of *IT-stödet* → "IT-stödet"; "e" and "postlistan" →
    "e-postlistan"), where its first part stood; an abbreviation of four letters at most written in capitals as
    written ("it" of *IT krånglar* → "IT", "hr" → "HR", "gdpr" → "GDPR"; not in a text all in capitals);
    other words unchanged (the analyser's lower case). A part alone says little ("e") or something else
    ("stödet" of *IT-stödet* is the IT support). Called once per (row, theme) on the big-file path: most texts
    are passed by two substring tests (≈ 0.1 µs; nine in ten rows of the corpus)."""
    if not words or not isinstance(text, str):
        return words
    hyphens = "-" in text
    if not hyphens:
        for w in words:
            if len(w) <= 4 and w.upper() in text:
                break
        else:
            return words
    low = text.lower()
    if len(low) != len(text):  # (a letter whose lower case is longer: positions would not match)
        return words
    shouted: bool | None = None  # a text all in capitals ("SCHEMAT MÅSTE …"): its words in lower case
    out: list[str] = []
    for w in words:
        shown = w
        short = len(w) <= 4 and w.upper() in text
        if w and (short or hyphens and (f"-{w}" in low or f"{w}-" in low)):
            i = low.find(w)
            while i >= 0:  # the word itself, not a part of a longer one ("it" of "kvalitet")
                j = i + len(w)
                if (i == 0 or not low[i - 1].isalnum()) and (j == len(low) or not low[j].isalnum()):
                    break
                i = low.find(w, i + 1)
            if i >= 0:
                a, z = i, i + len(w)
                while a > 1 and low[a - 1] == "-" and low[a - 2].isalnum():  # a hyphenated word: to its ends
                    a -= 2
                    while a > 0 and low[a - 1].isalnum():
                        a -= 1
                while z + 1 < len(low) and low[z] == "-" and low[z + 1].isalnum():
                    z += 2
                    while z < len(low) and low[z].isalnum():
                        z += 1
                written = text[a:z]
                if (a, z) != (i, i + len(w)) or (short and written == w.upper()):
                    if shouted is None:  # (one C-level comparison: counting capitals char by char cost ≈ 10 µs)
                        shouted = text.upper() == text
                    shown = written.lower() if shouted else written
        if shown not in out:
            out.append(shown)
    return out


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
# lemma table reads it as "saker", of "sak"), "kall" ("kalla"), "ändra" ("andra"), "anda" (of "ändå")
_FOLDED_TWICE = frozenset({"satt", "far", "nat", "stod", "sak", "kalla", "andra", "anda"})
