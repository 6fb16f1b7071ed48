"""Swedish text pipeline: normalisation, tokens, lemmas, compounds, diacritic folding.

The default pipeline needs nothing but installed packages:

* lemmas come from spaCy's Swedish lookup table (shipped by ``spacy-lookups-data``, ~660k word
  forms → ~93k lemmas), loaded through spaCy's own ``load_lookups``;
* stop words start from spaCy's Swedish list, minus words that carry meaning in improvement
  suggestions (*bättre*, *beslut*, *behöva*, *inga*, ...);
* compounds (*vikariebudgeten*, *kompetensutvecklingsplan*) are split into known lemmas, with the
  linking *-s-* / *-e-* / *-a-* Swedish uses, by dynamic programming over the lemma lexicon;
* every form is also *folded* (å→a, ä→a, ö→o, é→e) so text typed without Swedish letters matches.

Tokenisation is a single regular expression rather than spaCy's tokenizer: building spaCy ``Doc``
objects dominated run time, and for this kind of text the word tokens are the same. A trained
``sv_core_news_*`` pipeline is not used (see ``docs/architecture.md``).

All functions are pure and cached; :class:`Analyzer` bundles them with one set of caches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# Words in spaCy's Swedish stop list that matter for improvement suggestions: keep them.
_KEEP_FROM_SPACY_STOPS = {
    "beslut", "beslutat", "beslutit", "behöva", "behövas", "behövde", "behövt", "bättre", "sämre",
    "bra", "inga", "ingen", "inget", "ingenting", "aldrig", "tidig", "tidigare", "tidigt", "länge", "långsam",
    "långsammare", "långsamt", "säga", "sade", "sagt", "tack", "dag", "dagar", "dagen", "dagarna",
    "nödvändig", "nödvändigt", "nödvändiga", "enkel", "enkelt", "enkla", "lätt", "lättare", "rätt",
    "kvar", "stor", "stora", "stort", "större", "små", "liten", "litet", "lilla", "mindre", "hög",
    "högre", "ute", "utanför", "tillsammans", "kr", "möjlig", "möjligt", "möte", "fler", "flera",
}

# Domain stop words spaCy lacks: filler that every suggestion contains.
_EXTRA_STOPS = {
    "förslag", "föreslå", "tycka", "tycker", "tror", "kanske", "typ", "liksom", "osv", "etc", "mm",
    "bl", "ex", "tex", "t", "o", "s", "hej", "mvh", "vänliga", "hälsningar", "också", "väldigt",
    "jätte", "lite", "vara", "ha", "bli", "få", "göra", "kunna", "ju", "nog", "sen",
    "då", "här", "där", "just", "ni", "vi", "jag", "man", "dom", "the", "and", "ok", "okej",
}

# Lookup-table lemmas that are wrong for this domain (the table maps some forms to a rarer lemma).
_LEMMA_OVERRIDES = {
    "för": "för", "lön": "lön", "löner": "lön", "lönen": "lön", "lönerna": "lön", "dator": "dator",
    "datorer": "dator", "datorn": "dator", "datorerna": "dator", "data": "data", "vård": "vård",
    "rum": "rum", "mål": "mål", "målen": "mål", "chef": "chef", "chefer": "chef", "personal": "personal",
    "personalen": "personal", "lokal": "lokal", "lokalen": "lokal", "lokaler": "lokal",
    "lokalerna": "lokal", "barn": "barn", "barnen": "barn", "möten": "möte", "mötet": "möte",
    "mötena": "möte", "stöd": "stöd", "stödet": "stöd", "arbete": "arbete", "arbetet": "arbete",
    "tid": "tid", "tiden": "tid", "tider": "tid", "system": "system", "systemet": "system",
    "systemen": "system", "schema": "schema", "schemat": "schema", "scheman": "schema",
    "vikarie": "vikarie", "vikarier": "vikarie", "vikarierna": "vikarie", "samverkan": "samverkan",
    "bättre": "bra", "bäst": "bra", "sämre": "dålig", "sämst": "dålig",
    # spaCy's table reads these common words as forms of a rarer one ("fall" as falla, "mars" as mara)
    "fall": "fall", "sparar": "spara", "lappar": "lapp", "mars": "mars",
}

_FOLD = (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("è", "e"), ("ü", "u"), ("æ", "a"), ("ø", "o"))
_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_LINKERS = ("s", "e", "a", "u", "o")
_MIN_PART = 3
_MIN_COMPOUND = 6
_MIN_KNOWN_COMPOUND = 8
# A word the lexicon knows is split only into common words (wordfreq's Zipf frequency: a head of at least
# _HEAD_ZIPF, a modifier of at least _MODIFIER_ZIPF): its pieces are otherwise often no compound's ("gemensam":
# gem + ensam, "kompetens": komp + eten, "nyanställa": nyans + tälla)
_HEAD_ZIPF = 3.0
_MODIFIER_ZIPF = 3.5
# nouns in spaCy's Swedish stop list, which may be a compound's head ("telefonnummer", "stadsdel", "mjukvara")
_NOUN_STOPS = frozenset({"del", "nummer", "man", "vara", "forslag"})
# endings after which a compound's modifier always takes the linking -s- ("bemanningsenhet", "verksamhetsplan")
_S_LINKED = ("ing", "het", "tion", "sion", "dom", "skap", "else", "itet", "nad")
# endings that make a word look like a compound whose head is a word ("planering": plan + ring, "fungerande":
# fungera + ande, "möjlighet": möjlig + het, "besökare": besök + are → area): no head of a known word
_SUFFIX_HEADS = frozenset({"ande", "ende", "het", "ring", "ling", "ning", "else", "era", "ism", "ist", "skap", "are",
                           "ska", "tor", "ion", "sion", "ans", "ens", "ell", "enda"})


def fold(text: str) -> str:
    """Fold Swedish diacritics: ``"lokalerna är för små"`` → ``"lokalerna ar for sma"``.

    One ``str.replace`` per letter present: ``str.translate`` with a table takes its slow per-character
    path on any non-ASCII text (≈ 24 µs for a 150-character suggestion against ≈ 2 µs)."""
    if text.isascii():
        return text
    for accented, plain in _FOLD:
        if accented in text:
            text = text.replace(accented, plain)
    return text


def folded_twins(forms: Iterable[str]) -> frozenset[str]:
    """The forms among ``forms`` that another of them writes with å/ä/ö: ``{"invånarna", "invanarna"}`` →
    ``{"invanarna"}``; also one that agrees with another form, written with å/ä/ö, up to that form's first å/ä/ö
    — another form of the word typed without it, ``{"boendestödet", "boendestod"}`` → ``{"boendestod"}`` (not *gick*
    beside *gå*). A word shown to a reader (a cluster's label, a theme's key terms) is spelt as Swedish
    spells it where the suggestions write it so at all, however many typed it without (on a keyboard or in a
    system without the letters), not picked by the alphabet, where *a* comes before *å*."""
    forms = set(forms)
    marked = []  # each form written with å/ä/ö, folded up to and including its first such letter ("boendesto")
    for g in forms:
        i = next((k for k, ch in enumerate(g) if not ch.isascii()), None)
        if i is not None:
            marked.append(fold(g[:i + 1]))
    return frozenset(f for f in forms if f.isascii() and any(f.startswith(m) for m in marked))


def normalise(text: object) -> str:
    """NFC-normalise, case-fold and collapse whitespace; non-strings become ``""``."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.casefold().split())


def tokenize(text: str) -> list[str]:
    """Word tokens of already-normalised text (letters/digits; inner hyphens kept)."""
    return _TOKEN_RE.findall(text)


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Swedish stop words curated for improvement suggestions (folded forms included).

    spaCy's Swedish list is copied into the shipped lexicon at build time, so running forbattra
    never has to import spaCy (about half a second of start-up).
    """
    spacy_words = (_lexicon_dir() / "spacy_stop_words.txt").read_text(encoding="utf-8").split("\n")
    words = (set(spacy_words) - _KEEP_FROM_SPACY_STOPS) | _EXTRA_STOPS
    return frozenset(words | {fold(w) for w in words})


class _TrieMap:
    """Read-only ``str -> str`` mapping over a memory-mapped ``marisa_trie.BytesTrie``."""

    __slots__ = ("_t",)

    def __init__(self, trie) -> None:
        self._t = trie

    def get(self, key: str, default=None):
        v = self._t.get(key)
        return v[0].decode("utf-8") if v else default

    def __contains__(self, key: str) -> bool:
        return key in self._t

    def __len__(self) -> int:
        return len(self._t)


@dataclass(frozen=True)
class Lexicon:
    """Folded word form → folded lemma, plus the lemma set used for compound splitting.

    Each field supports ``in`` (and ``get`` for the mappings); the shipped lexicon keeps them in
    memory-mapped tries (:func:`load_lexicon`), a hand-made one may use dicts and sets.
    """

    lemma_of: object  # folded form -> folded lemma (only where they differ)
    lemmas: object  # folded lemmas (forms that are their own lemma)
    parts: object  # strings usable as a non-final compound part
    stem_of: object  # truncated modifier -> its lemma ("arbet" -> "arbete")
    # a form written with å/ä/ö (lower case, not folded) -> its folded lemma, where that differs from what the
    # same word typed without them means ("trångt" -> "trang", though "trangt" is read as "trängt")
    lemma_exact: object = field(default_factory=dict)
    # folded lemma -> its Zipf frequency (wordfreq) × 10, as one character, for the lemmas of at least _HEAD_ZIPF:
    # the pieces a known word may be split into (None: any piece, as for a hand-made lexicon)
    common: object = None


# The shipped lexicon: a folder of marisa-trie files in forbattra/data/, built from spaCy's Swedish
# lemma table by ``python -m forbattra.scoring.text`` (a test checks it equals a fresh build).
# Memory-mapping the tries takes milliseconds; building a 640k-entry dict took 1.3-1.5 s per start.
_LEXICON_DIR = "lexicon_sv"
_LEXICON_FILES = ("lemma_of.marisa", "lemma_exact.marisa", "lemmas.marisa", "parts.marisa", "stem_of.marisa",
                  "common.marisa", "spacy_stop_words.txt")


def build_lexicon_data() -> dict:
    """Derive forbattra's lexicon from spaCy's Swedish lemma table (``spacy-lookups-data``), with word
    frequencies from ``wordfreq`` deciding what a word typed without å/ä/ö means."""
    import gzip
    import json
    from importlib.resources import files

    from wordfreq import zipf_frequency

    with (files("spacy_lookups_data") / "data" / "sv_lemma_lookup.json.gz").open("rb") as fh:
        table: dict[str, str] = json.loads(gzip.decompress(fh.read()))
    table = {f.lower(): l.lower() for f, l in table.items() if f.isalpha() and isinstance(l, str) and l.isalpha()}
    table.update(_LEMMA_OVERRIDES)
    raw_lemmas = set(table.values())
    # A word that is itself a lemma keeps itself (the table maps "dator" to "data").
    resolved = {f: (f if f in raw_lemmas else l) for f, l in table.items()}
    resolved.update(_LEMMA_OVERRIDES)
    for lem in raw_lemmas:  # a headword is a form of itself ("trång", "post": in the table only as lemmas)
        resolved.setdefault(lem, lem)
    # Folding merges words ("trång"/"träng", "post"/"pöst", "möten"/"moten"). A word written with å/ä/ö is
    # read as itself (``lemma_exact``, where its lemma differs from the folded form's); the folded form —
    # what a text typed without å/ä/ö holds — is read as the most frequent Swedish word of those it may be
    # (wordfreq's frequencies; the form as typed on a tie): "moten" as "möten", "saker" as "saker", not
    # "säker". (Before, a form with diacritics always won, so "post" read as "pöst" and "varje" as "värja".)
    groups: dict[str, list[str]] = {}
    for form in sorted(resolved):
        groups.setdefault(fold(form), []).append(form)
    lemma_of: dict[str, str] = {}
    lemma_exact: dict[str, str] = {}
    for key, forms in groups.items():
        best = forms[0] if len(forms) == 1 else \
            min(forms, key=lambda f: (-zipf_frequency(f, "sv"), f != key, f))
        won = lemma_of[key] = fold(resolved[best])
        for f in forms:
            if f != key and fold(resolved[f]) != won:
                lemma_exact[f] = fold(resolved[f])
    lemmas = {fold(l) for l in raw_lemmas}
    common: dict[str, str] = {}
    for lem in sorted(raw_lemmas):  # (a folded lemma of several spellings: the most frequent's)
        z = round(zipf_frequency(lem, "sv") * 10)
        if z >= _HEAD_ZIPF * 10 and chr(z) > common.get(fold(lem), ""):
            common[fold(lem)] = chr(z)
    lemma_of = {f: l for f, l in sorted(lemma_of.items()) if f != l}
    parts = {w for w in lemmas if len(w) >= _MIN_PART}
    # Swedish drops a final -a/-e of the first part: skola -> skolgård, arbete -> arbetsmiljö.
    # A truncation that is itself a rare lemma is read as the common word it cuts short when that word is common
    # ("skol" -> "skola" in "skolgården", "gat" -> "gata" in "gatubelysning"; "skol" is also a rare lemma).
    stem_of: dict[str, str] = {}
    for w in sorted(lemmas, key=lambda w: (w[-1] != "e", w)):  # arbet -> arbete, not arbeta
        if w[-1] not in "ae" or len(w) < 4:
            continue
        if (len(w) >= 5 and w[:-1] not in lemmas) or (
                w[:-1] in lemmas and w[:-1] not in common and ord(common.get(w, "\0")) >= _MODIFIER_ZIPF * 10):
            stem_of.setdefault(w[:-1], w)
    parts.update(stem_of)
    from spacy.lang.sv.stop_words import STOP_WORDS

    return {"lemma_of": lemma_of, "lemma_exact": dict(sorted(lemma_exact.items())), "lemmas": sorted(lemmas),
            "parts": sorted(parts), "common": dict(sorted(common.items())),
            "stem_of": dict(sorted(stem_of.items())), "spacy_stop_words": sorted(STOP_WORDS)}


def write_lexicon(data: dict, folder) -> None:
    """Write :func:`build_lexicon_data`'s lexicon as marisa-trie files (byte-reproducible)."""
    from pathlib import Path

    import marisa_trie

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    marisa_trie.BytesTrie([(k, v.encode("utf-8")) for k, v in data["lemma_of"].items()]).save(str(folder / "lemma_of.marisa"))
    marisa_trie.BytesTrie([(k, v.encode("utf-8")) for k, v in data["lemma_exact"].items()]).save(
        str(folder / "lemma_exact.marisa"))
    marisa_trie.Trie(data["lemmas"]).save(str(folder / "lemmas.marisa"))
    marisa_trie.BytesTrie([(k, v.encode("utf-8")) for k, v in data["common"].items()]).save(str(folder / "common.marisa"))
    marisa_trie.Trie(data["parts"]).save(str(folder / "parts.marisa"))
    marisa_trie.BytesTrie([(k, v.encode("utf-8")) for k, v in data["stem_of"].items()]).save(str(folder / "stem_of.marisa"))
    (folder / "spacy_stop_words.txt").write_text("\n".join(data["spacy_stop_words"]), encoding="utf-8")
    (folder / "SOURCE").write_text(
        "Built by 'python -m forbattra.scoring.text' from spacy-lookups-data (sv_lemma_lookup), "
        "wordfreq's Swedish word frequencies and spacy.lang.sv.stop_words; do not edit by hand.\n", encoding="utf-8")


def _lexicon_dir():
    from importlib.resources import files
    from pathlib import Path

    return Path(str(files("forbattra") / "data" / _LEXICON_DIR))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the shipped lexicon (memory-mapped tries; built from ``spacy-lookups-data``)."""
    import marisa_trie

    d = _lexicon_dir()

    def trie(cls, name):
        t = cls()
        t.mmap(str(d / name))
        return t

    return Lexicon(lemma_of=_TrieMap(trie(marisa_trie.BytesTrie, "lemma_of.marisa")),
                   lemmas=trie(marisa_trie.Trie, "lemmas.marisa"), parts=trie(marisa_trie.Trie, "parts.marisa"),
                   stem_of=_TrieMap(trie(marisa_trie.BytesTrie, "stem_of.marisa")),
                   lemma_exact=_TrieMap(trie(marisa_trie.BytesTrie, "lemma_exact.marisa")),
                   common=_TrieMap(trie(marisa_trie.BytesTrie, "common.marisa")))


class Analyzer:
    """Turns text into folded lemma tokens and compound parts, with per-word caches.

    ``analyze(text)`` returns :class:`Analysis`: the folded lemma of every content word (stop words
    removed) and its compound atoms (``vikariebudgeten`` → ``vikariebudget``, ``(vikarie, budget)``).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.stops = stop_words()
        self._word_cache: dict[str, tuple[str, tuple[str, ...]] | None] = {}

    def lemma(self, token: str) -> str:
        """Folded lemma of one lower-case token."""
        f = fold(token)
        lex = self.lexicon
        if f != token:  # written with å/ä/ö: the word as written, where folding would make it another
            lem = lex.lemma_exact.get(token)
            if lem is not None:
                return lem
        lem = lex.lemma_of.get(f)
        if lem is not None:
            return lem
        if f in lex.lemmas:
            return f
        return self._guess_lemma(f)

    def _guess_lemma(self, f: str) -> str:
        """Lemma of an unknown word: a compound whose head is known, or a known stem + ending."""
        lex = self.lexicon
        parts = _split(f, lex.parts, lex) if len(f) >= _MIN_COMPOUND else (f,)
        if len(parts) > 1:
            # the head is the longest known word the compound ends in ("kulturskolans": "skolans", a form of
            # "skola"), not the last atom of the split, which may cut the head itself ("skol" + "ans")
            for j in range(len(f) - len(parts[-1]) + 1):
                head = f[j:]
                lem = lex.lemma_of.get(head)
                if lem is None and head in lex.lemmas:
                    lem = head
                if lem is not None and len(head) >= _MIN_PART:
                    return f[:j] + lem
        for suffix in ("erna", "arna", "orna", "en", "et", "er", "ar", "or", "na", "n", "t", "s"):
            if f.endswith(suffix) and len(f) - len(suffix) >= _MIN_PART:
                stem = f[: -len(suffix)]
                if stem in lex.lemmas:
                    return stem
        return f

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Split a (folded) lemma into known lemma parts, or return ``(word,)``.

        ``kompetensutvecklingsplan`` → ``("kompetens", "utveckling", "plan")``. The split with the
        fewest parts wins; ties go to the longest head. Linking letters (-s-, -e-, -a-, -u-, -o-)
        between parts are dropped.
        """
        return _split(word, self.lexicon.parts, self.lexicon)

    def _sound(self, pieces: tuple[str, ...], atoms: tuple[str, ...]) -> bool:
        """Whether a known word's split (``pieces`` as written in it, ``atoms`` their lemmas) is a compound's: every
        atom a common word (a modifier may drop its final -a or -e: "skol" in "skolgård"), no atom a stop word
        ("för|skola", "under|visning", "var|andra", "program|mera"; a head may be one of the few nouns the stop list
        holds: "telefon|nummer", "stads|del") and no head that is a derivational ending ("skoter|ska",
        "plan|ring", "besök|are")."""
        common = self.lexicon.common
        if common is None:
            return True
        if pieces[-1] in _SUFFIX_HEADS or any(a in self.stops for a in atoms[:-1]) or \
                (atoms[-1] in self.stops and atoms[-1] not in _NOUN_STOPS):
            return False
        head = common.get(atoms[-1])

        def frequent(a: str) -> bool:
            z = max((common.get(w) or "\0" for w in (a, a + "a", a + "e")))
            return ord(z) >= _MODIFIER_ZIPF * 10

        return head is not None and all(map(frequent, atoms[:-1]))

    def word(self, token: str) -> tuple[str, tuple[str, ...]] | None:
        """``(lemma, compound_parts)`` for one token, or ``None`` for stop words/noise."""
        cached = self._word_cache.get(token, 0)
        if cached != 0:
            return cached  # type: ignore[return-value]
        result: tuple[str, tuple[str, ...]] | None
        if token in self.stops or len(token) < 2 or token.isdigit():
            result = None
        else:
            lem = self.lemma(token)
            if lem in self.stops:
                result = None
            else:
                # A known lemma is split only when long: short known words are rarely compounds
                # (vikarie, kollega) but a split would find pieces (vik|arie, kol|lega).
                known = lem in self.lexicon.lemmas
                parts = self.split_compound(lem) if len(lem) >= (_MIN_KNOWN_COMPOUND if known else _MIN_COMPOUND) \
                    else (lem,)
                if len(parts) > 1:
                    # The head carries the inflection: lemmatise it ("budgeten" -> "budget").
                    lex = self.lexicon
                    head = lex.lemma_of.get(parts[-1], parts[-1])
                    split = tuple(lex.stem_of.get(p, p) for p in parts[:-1]) + (head,)
                    parts = split if not known or self._sound(parts, split) else (lem,)
                result = (lem, parts)
        if len(self._word_cache) < 500_000:
            self._word_cache[token] = result
        return result

    def analyze(self, text: object, norm: str | None = None, tokens: list[str] | None = None) -> "Analysis":
        """Analyse one raw text (``norm``: ``normalise(text)``, and ``tokens``: ``tokenize(norm)``, when
        the caller has them)."""
        if norm is None:
            norm = normalise(text)
        if tokens is None:
            tokens = tokenize(norm)
        if "-" in norm:  # hyphenated words count as their parts
            tokens = [p for tok in tokens for p in (tok.split("-") if "-" in tok else (tok,)) if p]
        lemmas: list[str] = []
        atoms: list[tuple[str, ...]] = []
        where: list[int] = []
        cache, word = self._word_cache, self.word
        for k, piece in enumerate(tokens):
            w = cache.get(piece, 0)  # the cache look-up of word(), inlined: a text repeats known words
            if w == 0:
                w = word(piece)
            if w is not None:
                lemmas.append(w[0])
                atoms.append(w[1])
                where.append(k)
        return Analysis(norm, tuple(lemmas), tuple(atoms), tuple(tokens), tuple(where))


@dataclass(frozen=True)
class Analysis:
    """The analysed form of one text."""

    norm: str
    lemmas: tuple[str, ...]  # folded lemma per content word
    atoms: tuple[tuple[str, ...], ...]  # compound atoms per word, head last (``(lemma,)`` if simple)
    tokens: tuple[str, ...] = ()  # every word token (hyphenated words split), stop words included
    where: tuple[int, ...] = ()  # index into ``tokens`` of each lemma

    @property
    def heads(self) -> tuple[str, ...]:
        """Compound head per word (the lemma itself for simple words)."""
        return tuple(a[-1] for a in self.atoms)

    @property
    def parts(self) -> tuple[str, ...]:
        """All compound modifiers, in order."""
        return tuple(p for a in self.atoms for p in a[:-1])


_SPLIT_CACHE: dict[str, tuple[str, ...]] = {}


def _split(word: str, parts: frozenset[str], lex: Lexicon) -> tuple[str, ...]:
    """Split ``word`` into atoms: non-final parts from ``parts``, a final part that is a known form.

    The split into the fewest pieces wins (ties: longest final piece, then lexical order), and each
    non-final piece is split again, so ``kompetensutvecklingsplan`` gives three atoms.
    """
    hit = _SPLIT_CACHE.get(word)
    if hit is not None:
        return hit
    result = _split_impl(word, parts, lex)
    if len(_SPLIT_CACHE) < 300_000:
        _SPLIT_CACHE[word] = result
    return result


def _is_final(piece: str, lex: Lexicon) -> bool:
    return len(piece) >= _MIN_PART and (piece in lex.lemmas or piece in lex.lemma_of)


def _split_impl(word: str, parts: frozenset[str], lex: Lexicon) -> tuple[str, ...]:
    n = len(word)
    if n < _MIN_COMPOUND:
        return (word,)
    best: tuple[int, bool, int, bool, tuple[str, ...]] | None = None
    known = word in lex.lemmas or word in lex.lemma_of
    # Two-piece splits first: modifier (+ linker) + head; the modifier may itself be a compound.
    for j in range(_MIN_PART, n - _MIN_PART + 1):
        head = word[j:]
        if not _is_final(head, lex):
            continue
        for mod, linked in ((word[:j], False), (word[: j - 1] if word[j - 1] in _LINKERS else None, True)):
            if mod is None or len(mod) < _MIN_PART:
                continue
            if mod in parts:
                mod_parts: tuple[str, ...] = (mod,)
            else:
                sub = _split_impl_modifier(mod, parts)
                if sub is None:
                    continue
                mod_parts = sub
            if not _plausible(mod, head):
                continue
            # (fewest pieces; no linker read as the head's first letter; the longest head; a modifier that is a word
            # as written rather than one with a linker: "dans|lärare", not "dan|s|lärare")
            cand = (len(mod_parts) + 1, not linked and _linker_in_head(mod, head, lex, known), -len(head), linked,
                    mod_parts + (head,))
            if best is None or cand < best:
                best = cand
    if best is None:
        return (word,)
    atoms = best[-1]
    # Split the head further when it is itself a compound (kompetens|utvecklingsplan -> ...|plan).
    head_atoms = _split(atoms[-1], parts, lex) if len(atoms[-1]) >= _MIN_COMPOUND else (atoms[-1],)
    mods = tuple(a for m in atoms[:-1] for a in _resplit(m, parts, lex))
    return mods + head_atoms


def _linker_in_head(mod: str, head: str, lex: Lexicon, known: bool) -> bool:
    """Whether ``head``'s first letter is the linker between ``mod`` and a word of its own: "bemanning|senhet" is
    "bemanning|s|enhet" (after -ning, -het, -tion … Swedish always links with -s-), "förskol|egård" is
    "förskol|e|gård" (in a word the dictionary lacks: a common word behind the letter, none with it — a known
    word such as *granskare* is no "gran|s|kare"). Never where the letter makes a derivational ending
    ("ledar|skap" is no "ledar|s|kap")."""
    if head[0] not in _LINKERS or head in _SUFFIX_HEADS or not _is_final(head[1:], lex):
        return False
    if head[0] == "s" and mod.endswith(_S_LINKED):
        return True
    common = lex.common
    if common is None or known:
        return False

    def zipf10(h: str) -> int:
        return ord(common.get(lex.lemma_of.get(h) or h) or "\0")

    return zipf10(head) < _HEAD_ZIPF * 10 and zipf10(head[1:]) >= _MODIFIER_ZIPF * 10


def _resplit(mod: str, parts: frozenset[str], lex: Lexicon) -> tuple[str, ...]:
    """A modifier's own atoms (``kompetensutveckling`` → kompetens, utveckling), split only into common words and
    never at a derivational ending, as a known word is (:meth:`Analyzer._sound`): *parkering* is no park + ring,
    *förskol(e)* no fors + kol, *kontakt* no kont + akt."""
    sub = _split_impl_modifier(mod, parts)
    if sub is None:
        return (mod,)
    common = lex.common
    if common is None:  # (a hand-made lexicon: any piece)
        return sub
    left, right = sub
    if right in _SUFFIX_HEADS:
        return (mod,)

    def zipf10(a: str) -> int:  # (a piece cut short is the word it stands for: "skol" is "skola")
        return ord(common.get(lex.stem_of.get(a) or a) or "\0")

    return sub if zipf10(right) >= _HEAD_ZIPF * 10 and zipf10(left) >= _MODIFIER_ZIPF * 10 else (mod,)


def _plausible(mod: str, head: str) -> bool:
    """Reject splits of two short pieces (bud|get, kol|lega): real compounds have one long piece."""
    return (len(mod) >= 4 and len(head) >= 3 and len(mod) + len(head) >= 7) or len(head) >= 5


def _split_impl_modifier(mod: str, parts: frozenset[str]) -> tuple[str, ...] | None:
    """Split a modifier into parts (each in ``parts``, linkers allowed); ``None`` when impossible."""
    if len(mod) < 2 * _MIN_PART:
        return None
    best: tuple[str, ...] | None = None
    for j in range(_MIN_PART, len(mod) - _MIN_PART + 1):
        left, right = mod[:j], mod[j:]
        for left_ in (left, left[:-1] if left[-1] in _LINKERS else None):
            if left_ is None or left_ not in parts or right not in parts or not _plausible(left_, right):
                continue
            cand = (left_, right)
            if best is None or (len(cand[1]), cand) > (len(best[1]), best):
                best = cand
    return best


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    from pathlib import Path

    out = Path(__file__).parents[1] / "data" / _LEXICON_DIR
    write_lexicon(build_lexicon_data(), out)
    print(f"wrote {out} ({sum(p.stat().st_size for p in out.iterdir()):,} bytes)")
