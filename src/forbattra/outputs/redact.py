"""Masking personal data: personnummer, phone numbers, e-mail addresses, IP addresses, bank accounts, car
registration numbers, journal and employee numbers, and known names."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, Iterable, Iterator

# what people type in a name field instead of a name ("Anonym"): never a name to mask everywhere ("vill" in every
# text); the one list, beside person_key, which counts no person for them either
from forbattra.inputs.tables import NOT_A_NAME

# personnummer / samordningsnummer: [CC]YYMMDD[-+]NNNN, with or without century and separator
# (a hyphen may be any dash Word or Outlook puts in, a space a non-breaking one; with a space on either side of it:
# "850101 - 1234", which Word turns into "850101 – 1234")
_DASHES = "\u2010\u2011\u2012\u2013\u2212"
_SPACES = "\u00a0\u202f"
_PNR = re.compile(rf"(?<![\d\-{_DASHES}])(?:19|20)?\d{{2}}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])"
                  rf"(?:[ {_SPACES}]?[\-+{_DASHES}][ {_SPACES}]?|[ {_SPACES}])?\d{{4}}(?![\d\-{_DASHES}])")
# a personnummer written as a date and four digits ("1985-03-12-1234", "85-03-12-1234", "1985 03 12-1234"): masked where
# its ten digits end with a personnummer's check digit (a case number "2024-03-12-0001" passes by chance one time in
# ten and is masked too: the safe side); without the check a date and a case number's four digits would be masked
_PNR_DATED = re.compile(rf"(?<![\d\-{_DASHES}])(?:19|20)?(\d{{2}})[\-{_DASHES} ](0[1-9]|1[0-2])[\-{_DASHES} ]"
                        rf"([0-2]\d|3[01]|[6-8]\d|9[01])[ {_SPACES}]?[\-+{_DASHES}][ {_SPACES}]?(\d{{4}})(?![\d\-{_DASHES}])")
# ... and after a word that says what the number is ("pnr 1985-03-12 1234", "Personnumret 1985 03 12 1234",
# "samordningsnummer: 85-03-72 1234"): a date and four digits, with any separators, whatever the check digit — without
# such a word a date and a time are written so ("2024-03-12 1400")
_PNR_CUED = re.compile(rf"(?P<lead>\b(?i:personnummer|personnumret|personnr|pers\.?[^\S\n]?nr|pnr|samordningsnummer"
                       rf"|samordningsnumret|samordningsnr)(?:[^\S\n]*[:=][^\S\n]*|[^\S\n]+(?:är[^\S\n]+)?))"
                       rf"(?:19|20)?\d{{2}}[\-{_DASHES} ]?(?:0[1-9]|1[0-2])[\-{_DASHES} ]?(?:[0-2]\d|3[01]|[6-8]\d|9[01])"
                       rf"[ {_SPACES}]*[\-+{_DASHES}]?[ {_SPACES}]*\d{{4}}(?![\d\-{_DASHES}])")
_PNR_CUE_HINT = re.compile(r"(?i)nr|num")  # ("personnumret": no "nummer")
_DATED_HINT = re.compile(rf"\d[\-{_DASHES} ](?:0[1-9]|1[0-2])[\-{_DASHES} ]")  # a month between separators: looked for first
# an apostrophe may stand inside the local part (o'brien@…, anna.o'neil@…), not first
# (a match starts where its local part does: the look-behind spares the engine a try at every later letter of a word)
# The "@" may be a full-width or a small one ("anna＠kommun.se", as a Japanese or Chinese keyboard, or a PDF, types
# it; "anna﹫kommun.se"), a dot of the domain a full-width one: the same address to the reader (_AT_SIGNS: the
# quick check before each rule)
_AT_SIGNS = "@\uff20\ufe6b"
_AT = f"[{_AT_SIGNS}]"
_AT_SPLIT = re.compile(_AT)
_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+(?:['\u2019][\w.+-]+)*{_AT}[\w-]+(?:[.\uff0e][\w-]+)+", re.UNICODE)


def _has_at(text: str) -> bool:
    """Whether ``text`` has an "@" of any width (:data:`_AT_SIGNS`)."""
    return "@" in text or (not text.isascii() and ("\uff20" in text or "\ufe6b" in text))


# an address written so that a robot cannot read it, as people do on the intranet ("lisa.berg [at] kommun.se",
# "lisa.berg(at)kommun(dot)se", "åsa.öberg (snabel-a) kommun.se", "lisa.berg[@]kommun[.]se"): the "@" and maybe its
# dots in brackets, spelt or as they are; the domain still has a dot (not "vi tittade (at) på det")
_AT_HINT = re.compile(rf"[\[({{<][^\S\n]?(?:(?i:at|snabel-a)|{_AT})[^\S\n]?[\])}}>]")
_DOT_WORD = r"(?:\.|[^\S\n]?[\[({<][^\S\n]?(?:(?i:dot|punkt)|\.)[^\S\n]?[\])}>][^\S\n]?)"
_EMAIL_AT = re.compile(rf"(?<![\w.+-])[\w.+-]+(?:['\u2019][\w.+-]+)*[^\S\n]?{_AT_HINT.pattern}[^\S\n]?"
                       rf"[\w-]+(?:{_DOT_WORD}[\w-]+)+")
# an address typed with spaces around its "@" ("anna @ kommun.se", "anna.svensson@ kommun.se"), or with the "@" and
# its dots spelt out ("anna.svensson at kommun punkt se", "anna snabel-a kommun.se"): only where the domain ends in a
# country's or a common top-level domain, so that "möte @ 14.30", "3 st @ 50 kr" and "hej @anna.svensson" (a
# mention) are no address; a bare "at" (a slip for "att": "vi vill at kommun.se …") only after a user name with a dot
# or an underscore (name.surname) or before a domain spelt with "punkt"/"dot"; an "@" written "(a)" or "[a]"
# ("anna(a)kommun.se", _A_HINT) only here, before such a domain: "(a)" is also a list's first point
_A_HINT = r"[\[({<][^\S\n]?(?i:a)[^\S\n]?[\])}>]"
_TLD = r"(?i:se|nu|com|org|net|eu|info|io|biz|fi|no|dk|is|de|uk|fr|es|it|nl|be|ch|pl|ee|gov|edu)"
# an address in a link, its "@" percent-encoded ("…?email=anna.svensson%40kommun.se", an Outlook safe link's
# "…%7Canna.svensson%40kommun.se%7C…"): from the encoded character before it, which stays; only before a
# country's or a common top-level domain (_TLD), so that a Teams link's thread ("19%3ameeting_…%40thread.v2",
# "…%40thread.skype") stays a link
_EMAIL_ENCODED = re.compile(r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w.+%-]))[\w.+-]+%40[\w-]+(?:\.[\w-]+)*"
                            rf"\.{_TLD}(?![\w-])")
_SPELT_DOT = r"[^\S\n]+(?i:punkt|dot)[^\S\n]+"
# the dot before the top-level domain typed with a space beside it ("anna.svensson@kommun. se", "…@kommun .se", as a
# phone's keyboard or a hurried hand types it): only that last dot, so that a sentence after an address is no part
# of its domain (a tight "@": the domain then has no dot of its own, "lisa@stad.goteborg. se" is masked as an address
# before); after an "@" with a space before it only where the user name has a dot or an underscore (name.surname:
# "anna.svensson @ kommun. se"; not "vi ses @ kontoret. Se till …") — _spaced_is_address
# A line break beside the "@" or that dot reads as a space ("anna.svensson@\nkommun.se", "anna.svensson\n@kommun.se",
# "…@kommun.\nse": a cell's text wrapped by hand, a PDF's or a narrow column's line copied as it stood): one, with
# spaces around it (_GAP); not beside a spelt "at", which a line may end or start with as a word
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
_SPACED_DOT = rf"{_GAP}\.{_GAP}?|\.{_GAP}"
_EMAIL_SPACED = re.compile(
    rf"(?<![\w.+{_AT_SIGNS}-])(?P<user>[\w+-]+(?:[.'\u2019][\w+-]+)*)"
    rf"(?P<rest>(?P<at>{_GAP}{_AT}{_GAP}?|{_AT}{_GAP}|[^\S\n]+(?i:snabel-a|at)[^\S\n]+"
    rf"|[^\S\n]?(?:{_AT_HINT.pattern}|{_A_HINT})[^\S\n]?|{_AT})"  # (the two ways mixed: "anna (at) kommun punkt se")
    rf"[\w-]+(?:(?:{_DOT_WORD}|{_SPELT_DOT})[\w-]+)*(?P<dot>{_DOT_WORD}|{_SPELT_DOT}|{_SPACED_DOT}){_TLD})"
    rf"(?![\w{_AT_SIGNS}-]|\.\w)")
# an address typed with a slip in its domain ("anna.svensson@kommun,se", "…@kommunse", "…@kommun" without the rest):
# an "@" between a user name and a word without a space is no other thing a text writes (a mention has none before
# it, "3 st @ 50 kr" has spaces) — masked whole where a comma stands for its last dot, else up to the domain's word;
# after the rules above, so that an address they read is masked whole; and a user name of a name.surname with its
# "@" and no domain ("anna.svensson@" where a cell was cut short or the rest went to the next line)
_EMAIL_BARE = re.compile(rf"(?<![\w.+{_AT_SIGNS}-])(?:[\w.+-]*[^\W\d_][\w.+-]*(?:['\u2019][\w.+-]+)*{_AT}[^\W\d_][\w-]*"
                         rf"(?:,{_TLD}(?![\w-]))?|[\w+-]*[^\W\d_][\w+-]*(?:[._][\w+-]*[^\W\d_][\w+-]*)+{_AT})"
                         rf"(?![\w{_AT_SIGNS}-])")
_ENDS_IN_TLD = re.compile(rf"\.{_TLD}$")
_SPACED_HINT = re.compile(rf"\s{_AT}|{_AT}\s|[^\S\n](?i:at|snabel-a)[^\S\n]|{_AT_HINT.pattern}|{_A_HINT}"
                          rf"|{_AT}[\w-]+(?:{_SPACED_DOT})")


# a user name's dot typed with a space beside it ("anna. svensson@kommun.se", "anna .svensson@…", "anna.\nsvensson@…"
# wrapped): the address reads from its first name on, so the whole is one address and spells her name, not
# "svensson@kommun.se" after a word "anna" that stays; only where the word before the dot is a shipped first name
# (folded: "asa. berg@…"), so that a sentence ending before an address ("Skriv till oss. info@kommun.se") keeps its words
_SPLIT_USER = re.compile(rf"(?<![\w.+{_AT_SIGNS}-])(?P<first>[^\W\d_]+(?:-[^\W\d_]+)?)(?:{_SPACED_DOT})"
                         rf"(?=[\w+-]+(?:[._][\w+-]+)*{_AT}[^\W\d_])")
_SPLIT_USER_HINT = re.compile(r"\s\.|\.\s")


def _joined_users(text: str) -> str:
    """``text`` with the spaces beside a user name's dot taken out where the name before it is a first name
    (:data:`_SPLIT_USER`): "anna. svensson@kommun.se" → "anna.svensson@kommun.se"."""
    if not _has_at(text) or not _SPLIT_USER_HINT.search(text):
        return text
    from forbattra.scoring.text import fold

    def join(m: re.Match) -> str:
        first = m.group("first")
        known = all(p in _firsts_by_fold() for p in fold(first.casefold()).split("-"))
        return first + "." if known else m.group(0)

    return _SPLIT_USER.sub(join, text)


def _spaced_is_address(m: re.Match) -> bool:
    """Whether an :data:`_EMAIL_SPACED` match is an address: not a bare "at" after a plain word before a domain
    written with its dots ("vi vill at kommun.se"); a tight "@" only before a dot typed with a space (an address
    written whole is :data:`_EMAIL`'s); a last dot typed with a space after an "@" or a spelt "at" with a space
    before it only after a user name with a dot or an underscore ("vi ses @ kontoret. Se till …" is a sentence;
    "anna@ kommun. se" and "anna (at) kommun. se" are addresses)."""
    at, name_like = m.group("at"), any(c in m.group("user") for c in "._")
    spaced_dot = re.fullmatch(_SPACED_DOT, m.group("dot")) is not None
    if len(at) == 1 and at in _AT_SIGNS:
        return spaced_dot
    if spaced_dot and at[:1].isspace() and at.strip()[:1] not in "[({<" \
            and (not name_like or _ENDS_IN_TLD.search(m.group("user"))):  # ("kommun.se @ startsidan. Se …": a site)
        return False
    return not (at.strip().casefold() == "at" and not name_like and "." in m.group("rest"))


def _mask_spaced_email(m: re.Match) -> str:
    return MASKS["email"] if _spaced_is_address(m) else m.group(0)
# the user name and password of a link ("https://anna.svensson:Hemligt123@intranet.kommun.se/x"): up to the last "@"
# before the host, whatever they hold (a password may have an "@" of its own); the scheme and host stay
# A password may hold "#", "/" or "?" too (password rules ask for such characters; typed as is, not %-encoded): after
# "user:" it runs to the first "@" that a host follows ("https://anna:Hemligt#1@intranet.se"); not where the ":" is
# a port's ("https://kommun.se:8080/a?mail=anna@kommun.se" keeps its address)
_URL_LOGIN = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?:[^\s/?#\[\]]+@"
                        r"|[^\s/?#\[\]:@]+:(?!\d+(?:[/?#]|\s|$))\S*?@(?=[\w-]+(?:\.[\w-]+)*(?![\w@-])))")
# the value of a link's parameter that is a login or a secret ("…/login?user=anna.svensson&password=Hemligt123",
# "&pwd=…", "?token=…", "&apikey=…", "#access_token=…"): only these names, so an ordinary link ("?q=cykel&sida=2")
# stays readable; the value runs to the next "&", "#" or ";" or the link's end (a full stop or bracket after it
# ends the sentence, not the password)
# ("pass" is no such name: a shift in Swedish, "?pass=natt"; an e-mail address is masked as one)
_SECRET_PARAMS = (r"user(?:name|_name|id|_id)?|login|loginname|login_name|uid"
                  r"|password|passwd|passwort|pwd|pw|passcode|l(?:ö|o)senord"
                  r"|(?:access_|auth_|id_|refresh_|session_|api_|bearer_)?token|auth|authorization|authtoken"
                  r"|api_?key|api-key|apikey|key|secret|client_secret|app_secret|sig|signature"
                  r"|session|sessionid|session_id|sid|jsessionid|phpsessid")
_URL_SECRET = re.compile(rf"(?P<lead>(?<=\S)[?&;#](?:amp;)?(?i:{_SECRET_PARAMS})=)"
                         r"(?P<value>[^\s&#;\[\]]+?)(?=[&#;\s]|[.,:!?)\]'\"]*(?:\s|$))", re.UNICODE)

# Swedish phone numbers. A candidate is a prefix (+46 / 0046 with an optional "(0)", a bracketed
# area code "(08)", or a trunk 0) followed by digit groups joined by one separator each
# (space, '-', '.', '/', ' - '). It is masked when the national number (without the trunk 0) has
# 7-9 digits and does not start with 0 — the length of every Swedish fixed and mobile number — and
# it is not shaped like a date (05.03.2024) or a time range (08.00-16.30). Years, amounts and
# reference numbers either lack the prefix or fail the digit count, so they are left alone.
_PHONE = re.compile(r"""
    (?<![\w+])(?<!\d[.,/\-\u2010-\u2013\u2212])         # not inside a word, a number or a date
    (?P<prefix>(?:\+|00|(?<!\()\(\+)46\)?[ .\-\u00a0\u202f\u2010-\u2013\u2212]?(?:\(0\)[ .\-\u00a0\u202f\u2010-\u2013\u2212]?)?  # +46 70…, 0046 70…, +46 (0)70…, (+46) 70…
              |\(?46\)?[ .\-\u00a0\u202f]?(?=7\d)              # 46701234567, (46) 70-…: without the +, after a cue
              |\(0[1-9]\d{0,3}\)[ .\-\u00a0\u202f\u2010-\u2013\u2212]?  # (08) 123 45 67
              |0(?=[1-9]))                                   # 070-123 45 67
    (?P<rest>\d+(?:(?:[ \u00a0\u202f][\-\u2010-\u2013\u2212][ \u00a0\u202f]|[ .\-/\u00a0\u202f\u2010-\u2013\u2212]
                     |[\-\u2010-\u2013\u2212]?[^\S\n]*\n[^\S\n]*)\d+)*)  # (a line break: "070-123\n45 67", see _is_phone)
    (?![\w])
""", re.VERBOSE)
_GROUP = re.compile(r"\d+")
_DATE_SHAPE = re.compile(r"\d{1,2}([./\-\u2010-\u2013\u2212])\d{1,2}\1\d{2}(?:\d{2})?")
# (also a shift in four-digit times, "0700-1530": no Swedish number is 0 + three digits + four, and a mobile
# number has nine digits after its 0)
# (and two clock times with only a space or a slash between them, as a shift is copied from a schedule: "07.00 15.30",
# "08.00/16.30" — no one writes a phone number's groups so)
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}\s?[\-\u2010-\u2013\u2212]\s?\d{1,2}[.:]\d{2}"
                         r"|(?:[01]?\d|2[0-3])[.:][0-5]\d[ \u00a0\u202f/](?:[01]?\d|2[0-4])[.:][0-5]\d(?![.:]?\d)"
                         r"|(?:[01]\d|2[0-3])[0-5]\d\s?[\-\u2010-\u2013\u2212]\s?(?:[01]\d|2[0-4])[0-5]\d(?!\d)")

# A name where the text itself says a person is meant, with or without a person column (a report has
# none): after a contact label ("Kontaktperson: Anna Svensson", "Ansvarig: …") or a contact verb
# ("fråga Erik Lind", "ring Maria Nilsson", "kontakta …"; also with a role between: "fråga chefen Anna
# Svensson", "prata med kollegan Erik Lind"), and before a role ("Anna Svensson,
# sammankallande"). A name is two to four capitalised words (a hyphenated part too), none a word of a
# place, authority or unit (_NOT_A_PERSON); one capitalised word after a verb is a place or a unit as
# often as a name, so it is left.
# letters of names beyond å/ä/ö: Latin-1's and Latin Extended-A's ("Zoë", "Łukasz", "Şükrü Yılmaz", "Petrović")
_UP, _LO = "A-ZÀ-ÖØ-ÞĀ-ž", "a-zß-öø-ÿĀ-ž"
_CAP = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
# a later word of a name may be a surname with a prefix or an apostrophe ("O'Brien", "D’Souza", "McLean",
# "MacKay"): never a name's first word, which as often begins a brand or a place ("McDonalds Sverige", "O'Learys")
_CAP_LAST = rf"[{_UP}](?:['’][{_UP}]|a?c[{_UP}])?[{_LO}]+(?:[-'’][{_UP}][{_LO}]+)?"
# particles between a name's words, in lower case ("Lisa de la Cruz", "Ruud van Dijk", "Omar bin Said"; not
# "den": "Maria den Gula avdelningen")
_PARTICLE = r"(?:de|la|van|von|af|der|da|di|du|le|del|dos|das|al|el|bin|ibn)"  # (Swedish nobility's "af Klercker" too)
_PARTICLE_WORDS = frozenset(_PARTICLE[3:-1].split("|"))
# a later word of a name, after a space and any particles ("Anna Svensson", "Erik von Essen", "Lisa de la Cruz")
_LATER = rf"[^\S\n](?:{_PARTICLE}[^\S\n])*{_CAP_LAST}"
_LATER_SPACED = rf"[^\S\n]+(?:{_PARTICLE}[^\S\n]+)*"  # (before a rule's "last" group)
# a surname after an initial ("A. Lind", "E Svensson", "K.Holm"), as a person column and many signatures write a name:
# a person where a full name would be one (a sign-off, a contact), when the word is a surname (_surname_beside);
# also after the two initials of a double first name ("AK Lind", "A.K. Lind", "A. K. Lind", "A-K Lind")
_INITIALS = rf"[{_UP}](?:(?:\.-?|-|\.?[^\S\n])?[{_UP}](?![{_LO}]))?"
# (its surname may be masked already, a person column's: "Mvh A.K. [namn]" is one name as "Mvh A.K. Svensson" is)
_INITIAL_NAME = rf"{_INITIALS}(?:\.[^\S\n]?|[^\S\n])(?:(?:{_PARTICLE}[^\S\n])*{_CAP_LAST}(?![\w-])|\[namn\])"
_INITIAL_START = re.compile(rf"{_INITIALS}(?:\.|[^\S\n])")
_FULL_NAME = rf"{_CAP}(?:[^\S\n](?:{_PARTICLE}[^\S\n])*{_CAP_LAST}){{1,3}}"  # (not across a line break: "Lisa Holm\nUtbildning …")
FULL_NAME = _FULL_NAME  # a person's name as the text writes it (documents use it for signature lines)
ROLES = "sammankallande|ordförande|samordnare|kontaktperson|enhetschef|rektor|sekreterare"  # "Anna Svensson, <role>"
_LABEL = (r"\b(?i:kontaktperson|kontakt|\w*ansvarig(?:a|\s(?:person|chef|handläggare|medarbetare|tjänsteperson)"
          r"|\sför\s\w+(?:\s\w+)?|\s?/\s?handläggare)?|sammankallande"
          r"|handläggare|namn|rapportör|undertecknad|närmaste\schef|beslutad\sav"
          r"|godkänd\sav|förslagsställare|förslagslämnare|(?:inlämna|lämna|inskicka|skapa)(?:d|t|de)\sav)"
          r"[^\S\n]?:")  # "Kontaktperson:", "Kontaktperson :"
_CONTACT_NAME = re.compile(
    rf"(?P<lead>{_LABEL}\s*"
    rf"|\b(?i:kontaktperson|handläggare|sammankallande)\s+"
    rf"|\b(?i:fråga|frågade|ring|ringer|ringde|kontakta|kontaktar|kontaktade|mejla|mejlar|maila|mailar|hör med"
    rf"|prata med|pratade med|ring till)\s+(?:(?:vår|min|er|chefen|kollegan|samordnaren|handledaren|rektorn"
    rf"|enhetschefen|sjuksköterskan|skolsköterskan|vaktmästaren|ansvariga?)\s+)?)(?P<name>{_FULL_NAME}|{_INITIAL_NAME})(?:\b|(?<=\]))"
    rf"|(?P<named>{_FULL_NAME})(?=,\s(?:{ROLES})\b)")
# One capitalised word alone after a label that only ever names a person ("Kontaktperson: Lisa", to the end of
# the line or a full stop), and a first name and a surname broken over two lines there ("Kontaktperson:
# Anna\nSvensson": a wrapped cell, a form's two fields pasted together). Not after "Namn:", as often a
# proposal's title ("Förslagets namn: Cykelställ"), nor "Ansvarig:"/"Kontakt:" (a function, a channel).
_PERSON_LABEL = (r"\b(?i:kontaktperson|förslagsställare|förslagslämnare|undertecknad|rapportör"
                 r"|(?:inlämna|lämna|inskicka|skapa)(?:d|t|de)\sav)[^\S\n]?:")
_LONE_NAME = re.compile(rf"(?P<lead>{_PERSON_LABEL}\s*)(?P<first>{_CAP})(?=[^\S\n]*(?:\n|$|[.,;!?)]))"
                        rf"(?:[^\S\n]*\n[^\S\n]*(?P<last>{_CAP})(?=[^\S\n]*(?:\n|$|[.,)])))?")
# A known first name (data/first_names.txt) where the text plainly names a person, beyond the rules above:
# - after a person label, whatever follows, also after a role ("Kontaktperson: Lena (hemtjänst Norr)", "Åsa på
#   avd 4", "Sten A.", "enhetschefen Håkan"); after "Namn:", "Ansvarig:", "Kontakt:" only alone and when it is
#   no everyday word or system ("Ansvarig: Lena"; not "Ansvarig: Bo", "Kontakt: Tyra") — _LABEL_FIRST;
# - typed in capitals or lower case after a person label ("KONTAKTPERSON: ANNA SVENSSON") — _CASED_NAME;
# - in a sign-off: after a greeting on its line, the next or after a sentence ("Hälsningar Ros", "Bättre wifi.
#   Mvh Lena Karlsson", "Hälsningar,\nDag Andersen"), after a slash starting a line or following a sentence
#   ("/Hans", "//Göran"), after a label without its colon with a surname ("Undertecknad Kjell Johansson")
#   — _SIGN_OFF;
# - after a contact verb, no everyday word and no system ("ring Gunnel"; not "ring Per", "fråga Siri")
#   — _VERB_FIRST;
# - before a surname with a surname's ending anywhere ("Siv Christensen har testat", "Anna Svenssons förslag"),
#   not a place named after someone ("Selma Lagerlöfs väg") — _FIRST_LAST;
# - the next names of a list after a masked one ("Birgitta och Anna", "Tove/Ebba") — _NAME_LIST — and the
#   names before one ("Johan och [namn]") — _NAME_BEFORE;
# - a sender's name before an address ("Från: Ellen McLean <…>") or on the line under a signature's "--"
#   — _MAIL_NAME.
_CASED_NAME = re.compile(rf"(?P<lead>{_PERSON_LABEL}[^\S\n]*)(?P<first>[{_UP}]{{2,}}(?:-[{_UP}]+)?|[{_LO}]{{2,}}(?:-[{_LO}]+)?)"
                         rf"(?:[^\S\n]+(?P<last>[{_UP}]{{2,}}|[{_LO}]{{2,}}))?(?![\w-])")
_OTHER_LABEL = r"\b(?i:namn|ansvarig|kontakt)[^\S\n]?:"
_LABEL_FIRST = re.compile(rf"(?P<lead>(?:(?P<label>{_PERSON_LABEL})|\b(?i:kontaktperson)[^\S\n]+[-–])[^\S\n]*"
                          rf"(?:[{_LO}]+[^\S\n]+)?)"
                          rf"(?P<first>{_CAP})(?![\w-])(?P<initial>[^\S\n]+[{_UP}]\.?(?=[\s,;)]|$)|[^\S\n]+(?P<last>{_CAP_LAST})(?![\w-]))?"
                          rf"|(?P<lead2>(?P<label2>{_OTHER_LABEL})[^\S\n]*)(?P<first2>{_CAP})(?=[^\S\n]*(?:$|\n|[.,;!]))")
_GREETING = (r"(?i:(?:med\s)?(?:vänlig(?:a)?|bästa|varma|många)?\s?hälsning(?:ar)?|hälsn\.?|mvh|vh|vänligen|tack på förhand!?"
             r"|tack!?|/+)")
# the greetings that are nothing else (not "tack", "vänligen", a slash): a sign-off after any word, a smiley or an emoji
# too, where a text has no full stop before it ("Fler bilar behövs Mvh Karin", "Tack :) Mvh Karin")
_WORD_GREETING = r"(?i:(?:med\s)?(?:vänlig(?:a)?|bästa|varma|många)?\s?hälsning(?:ar)?|hälsn\.?|mvh|vh)(?!\w)"
# a smiley or an emoji after the name ("Mvh Karin :)", "Mvh Karin 🙂")
_SMILEY = r"[:;=][-'^]?[)(DPp3/|*\]\[](?!\w)|<3|[\u2600-\u27bf\U0001f000-\U0001faff]"
# (a greeting after a dash, "– hälsningar Karin H", "behövs - Hälsningar, Karin H.", and a slash before the name
# after one, "Mvh /Karin", "Hälsningar //Göran", close a text as the plain greeting does; so does one from a person,
# "Hälsningar från Karin", and a name before where she works on the last line, "Mvh Karin på avd 3")
_SIGN_OFF = re.compile(rf"(?P<lead>(?:(?:^|\n)[^\S\n]*|(?<=[.!?,])[^\S\n]+|(?<=\S)[^\S\n]+(?=[-–—]|{_WORD_GREETING}))"
                       rf"(?:[-–—][^\S\n]*)?"
                       rf"{_GREETING}[,!.]?(?:[^\S\n]*\n){{0,4}}[^\S\n]*(?:/{{1,2}}[^\S\n]*|(?i:från)[^\S\n]+)?"
                       rf"|(?:^|(?<=\n)|(?<=[.!?][^\S\n])|(?<=[.!?]))[^\S\n]*/{{1,2}}"
                       rf"|(?P<label>\b(?i:undertecknad|(?:inlämna|lämna|inskicka|skapa)(?:d|t|de)\sav)[^\S\n]+))"
                       rf"(?P<name>{_CAP}(?:{_LATER}){{0,2}}|{_INITIAL_NAME})(?:[^\S\n][{_UP}](?![\w-]))?"  # ("Mvh Anna L")
                       rf"(?=[^\S\n]*(?:$|\n|[,.!/&]|och\b|eller\b|{_SMILEY}|\(|[-–—][^\S\n])"  # ("Mvh Lisa (usk)", "– usk")
                       rf"|[^\S\n]*(?:på|i|från|vid)[^\S\n][^\n]{{1,40}}(?:\n|\Z))")  # ("Hälsningar Karin på avd 3")
# the name a text greets at its start or a sentence's ("Hej Göran,\nJag vill lyfta …", "Hej Kenneth (arbetsledare)",
# "Kära Karin!"): a person, as a sign-off's name is; not a role, a unit or a group ("Hej rektor!", "Hej alla,")
_SALUTATION_WORDS = ("hej", "hallå", "kära", "bästa", "god morgon", "god dag", "god eftermiddag", "god kväll")
_SALUTATION = re.compile(rf"(?P<lead>(?:^|(?<=\n)|(?<=[.!?])[^\S\n]+)[^\S\n]*"
                         rf"(?i:hej(?:san)?|hallå|kära|bästa|god[^\S\n]+(?:morgon|dag|eftermiddag|kväll))[,!]?[^\S\n]+)"
                         rf"(?P<name>{_CAP}(?:{_LATER})?)(?![\w-])"
                         rf"(?=[^\S\n]*(?:$|\n|[,!.:;(]|och\b|&))")
_VERB_FIRST = re.compile(rf"(?P<lead>\b(?i:fråga|ring|ringa|kontakta|mejla|maila|hör med|prata med)[^\S\n]+)"
                         rf"(?P<first>{_CAP})(?![\w-])(?![^\S\n]*{_CAP})")
_VERB_WORDS = ("fråga", "ring", "kontakta", "mejla", "maila", "hör med", "prata med")
# words that say the next word is a person's first name (twenty-second round): "Jag heter Anna", "mitt namn är
# Zeynep", "Enligt Kjell på IT", "Jag och Siv har pratat", "Kram Siv"; and a first name with an initial ("Anna S.")
_CUE_WORDS = ("heter", "namn är", "enligt", "jag och", "mig och", "kram")
_CUE_FIRST = re.compile(
    rf"(?P<lead>\b(?P<intro>(?i:jag[^\S\n]+heter|heter[^\S\n]+jag|mitt[^\S\n]+namn[^\S\n]+är))[^\S\n]+"
    rf"|\b(?P<cue>(?i:enligt|(?:jag|mig)[^\S\n]+och|kram(?:ar)?))[^\S\n]+)"
    rf"(?P<first>{_CAP}|[{_UP}]{{2,}}(?:-[{_UP}]+)?|[{_LO}]{{2,}}(?:-[{_LO}]+)?)(?![\w-])"
    rf"(?:[^\S\n]+(?P<last>{_CAP_LAST}|[{_UP}]{{2,}}|[{_LO}]{{2,}})(?![\w-]))?")
# a first name with an initial is a person after words that lead to one ("kommer från Anna S.", "prata med Anna B.",
# "Mvh Anna L."), not where a unit or a vehicle is named so ("Vi på Astrid A.", "Lilla Karin A.", "Kalle A. och Kalle B.")
_INITIAL_CUE = re.compile(r"(?:\b(?i:från|av|med|kontakta|ring|fråga|enligt|hälsningar|mvh|vh)|[:/])[^\S\n]*$")
_INITIAL = re.compile(rf"[^\S\n][{_UP}]\.")  # (where _WITH_INITIAL can match: few texts)
_WITH_INITIAL = re.compile(rf"(?<![\w\[])(?P<first>{_CAP})[^\S\n]+(?P<initial>[{_UP}])\.(?=[\s,;:)]|$)")
# a contact verb before a name in capitals or in lower case ("KONTAKTA ANNA SVENSSON", "fråga anna svensson om …")
_VERB_CASED = re.compile(
    rf"(?P<lead>\b(?i:fråga|ring|ringa|kontakta|mejla|maila|hör[^\S\n]+med|prata[^\S\n]+med)[^\S\n]+)"
    rf"(?P<first>[{_UP}]{{2,}}(?:-[{_UP}]+)?|[{_LO}]{{2,}}(?:-[{_LO}]+)?)(?![\w-])"
    rf"(?:[^\S\n]+(?P<last>[{_UP}]{{2,}}|[{_LO}]{{2,}})(?![\w-]))?")
_VERB_LOW = re.compile(r"(?:fråga|ringa?|kontakta|mejla|maila|hör med|prata med) ")  # (where _VERB_CASED may match)
# a shipped first name before a verb of saying or thinking ("Anna tycker att …", "… som Kjell föreslog")
_SAYS = ("tycker|tyckte|säger|sa|sade|menar|menade|föreslår|föreslog|undrar|undrade|önskar|önskade|berättar|berättade"
         "|påpekar|påpekade|skriver|skrev|tipsar|tipsade|tror|trodde|anser|ansåg")
_SAYS_WORD = re.compile(rf"[^\S\n](?:{_SAYS})\b")  # (where _FIRST_SAYS can match: a pass over the text first)
# (an initial after the first name is the name's too: "Anna S. tycker", "Kjell B. föreslog", "Erik L. på IT")
_WITH_ITS_INITIAL = rf"|[^\S\n]+[{_UP}](?:\.|(?=[^\S\n]))"
_FIRST_SAYS = re.compile(rf"(?<![\w\[])(?P<first>{_CAP})(?:{_LATER_SPACED}(?P<last>{_CAP_LAST}){_WITH_ITS_INITIAL})?(?=[^\S\n]+(?:{_SAYS})\b)")
# a shipped first name before where the person is or what they do there ("Anna på kontoret", "Karin i köket",
# "fråga Erik från it", "Zeynep jobbar natt", "som Kjell sköter"): a preposition before a word in lower case
# (not "Sofia i Stockholm"), or a verb of work
# "Stina som började", "När Gunnel går i pension", "det Sofia tog upp"; not a law ("Lex Maria som …")
_DOES = ("jobbar|jobbade|arbetar|arbetade|sköter|skötte|hjälper|hjälpte|fixar|fixade|ordnar|ordnade|slutar|slutade"
         "|började|har slutat|har börjat|gick i pension|går i pension|är ledig|var ledig|är sjuk|var sjuk|tog upp|tar upp"
         "|lyfte|lyfter")
_FIRST_AT = re.compile(rf"(?<![\w\[])(?<!Lex )(?<!lex )(?!Lex[^\S\n])(?P<first>{_CAP})(?:{_LATER_SPACED}(?P<last>{_CAP_LAST}){_WITH_ITS_INITIAL})?"
                       rf"(?=[^\S\n]+(?:(?:på|i|från|vid|hos|som)[^\S\n]+[{_LO}]|(?:{_DOES}|och[^\S\n]+(?:jag|mig))\b))")
# a shipped first name after words that thank or agree with a person, or after a colleague's role ("Tack Eva för …",
# "Håller med Jenny", "Medhåll till Lars", "vaktmästaren Bosse", "nya kollegan Amina", "det här är Kim"), and after
# "från" where the name ends the phrase ("Förslag från Ahmed:", "inlägget från Oskar om …", "Från: Ulrika, Hemtjänst");
# the name a greeting names ("Hej Annika!") is _SALUTATION's
_ROLES_DEFINITE = ("vaktmästaren|kollegan|chefen|enhetschefen|sjuksköterskan|undersköterskan|kocken|städaren"
                   "|assistenten|handledaren|samordnaren|rektorn|läraren|förskolläraren|barnskötaren|kuratorn"
                   "|sekreteraren|administratören|teknikern|vikarien|praktikanten|elevassistenten|arbetsledaren"
                   "|specialpedagogen|fysioterapeuten|arbetsterapeuten|handläggaren|socialsekreteraren")
# (the words it follows, in lower case: the rule runs only on a text that holds one, as most texts hold none)
_ADDRESS_WORDS = ("ller med", "öll med", "åll med", "lla med", "mmer med", "medhåll", "tack", "det är", "det här är",
                  "från", *_ROLES_DEFINITE.split("|"))
_ADDRESS_FIRST = re.compile(
    rf"(?P<lead>\b(?i:(?:håller|höll|hålla|håll|instämmer)[^\S\n]+med|medhåll[^\S\n]+till"
    rf"|tack[^\S\n]+till|tack|det[^\S\n]+(?:här[^\S\n]+)?är|{_ROLES_DEFINITE})[^\S\n]+)"
    rf"(?P<first>{_CAP})(?:{_LATER_SPACED}(?P<last>{_CAP_LAST}))?(?![\w-])"
    rf"|(?P<lead2>\b(?i:från):?[^\S\n]+)(?P<first2>{_CAP})(?![\w-])(?=[^\S\n]*(?:[:,(]|[^\S\n](?:om|som|ovan)\b))")
# a surname beside a name masked already ("[namn] Svensson": the person column gave "Anna" alone), and a first and
# last name after a greeting that an export flattened onto one line with the unit ("Mvh Karin Johansson Hemtjänst
# Norr")
_MASKED_THEN = re.compile(rf"\[namn\](?P<particles>(?:[^\S\n]+{_PARTICLE})*)[^\S\n]+(?P<last>{_CAP_LAST})(?![\w-])")
# ... and a shipped first name before a name masked already ("Karin [namn]": the person column gave "K. Holm", the
# surname alone), masked with it as one name
_FIRST_THEN_MASKED = re.compile(rf"(?<![\w\[-])(?P<first>{_CAP})[^\S\n]+\[namn\]")
_FLAT_SIGN_OFF = re.compile(rf"(?P<lead>(?<![\w-])(?i:mvh|vh|hälsningar|med vänlig hälsning|vänliga hälsningar)[,!.]?[^\S\n]+)"
                            rf"(?P<first>{_CAP})[^\S\n]+(?P<last>{_CAP_LAST})(?=[^\S\n]+[{_UP}])")
# a unit's word a writer signs with after the name, the unit's name after it ("mvh anna hemtjänst norr")
_SIGNED_UNITS = frozenset("""hemtjänst hemtjänsten avdelning avdelningen avd enhet enheten gruppen fritids korttids
    äldreboende äldreboendet gruppboende gruppboendet boende boendet""".split())
# a name alone on the last line after a dash ("Mer tid för dokumentation.\n- Anna"), and a greeting in lower case
# closing a text ("mvh anna", "hälsningar kjell lundqvist")
_TAIL_NAME = re.compile(
    rf"(?P<lead>(?:(?:^|\n)[^\S\n]*|(?<=[.!?])[^\S\n]+|(?<=\S)[^\S\n]+(?=[-–—]|{_WORD_GREETING}))(?:[-–—][^\S\n]*)?"  # ("– mvh anna")
    rf"(?i:mvh|vh|hälsningar|med vänlig hälsning|kram)[,!.]?(?:[^\S\n]*\n)?[^\S\n]*(?:/{{1,2}}[^\S\n]*)?"  # ("Kram/Karin")
    rf"|\n[^\S\n]*[-–—][^\S\n]*)(?P<name>{_CAP}(?:[^\S\n]{_CAP_LAST})?"
    rf"|(?:[{_LO}]{{2,}}|\[namn\])[^\S\n]och[^\S\n][{_LO}]{{2,}}"  # ("hälsningar anna och lisa": two who sign)
    rf"|[{_LO}]{{2,}}(?:-[{_LO}]{{2,}})?(?:[^\S\n][{_LO}]{{2,}})?"
    rf"|\[namn\][^\S\n](?:[{_LO}]{{2,}}|[{_UP}]{{2,}})"  # ("mvh [namn] lind": a person column's first name masked)
    rf"|[{_UP}]{{2,}}(?:-[{_UP}]+)?(?:[^\S\n][{_UP}]{{2,}})?)"  # "MVH ANNA SVENSSON" too
    rf"(?:[^\S\n][{_LO}{_UP}]\.?(?![\w-]))?"  # and an initial after the name ("mvh karin h", "MVH KARIN H.")
    # closing the text (a smiley or a line break after it), or before a comma on its last line; or, after a greeting,
    # before a role in brackets or where the writer works closing it ("mvh anna (usk)", "mvh anna på avd 3")
    rf"(?=[^\S\n]*(?:[.!]?[^\S\n]*(?:(?:{_SMILEY})[^\S\n]*)*\s*\Z|,[^\n]*\Z)"
    rf"|(?P<more>[^\S\n]*\([^\n]{{0,40}}\)[^\S\n]*[.!]?\s*\Z|[^\S\n]+(?:på|i|från|vid|hos)[^\S\n][^\n]{{1,40}}\Z"
    # or the unit the writer signs for, of more words ("mvh anna hemtjänst norr")
    rf"|[^\S\n]+(?i:{'|'.join(sorted(_SIGNED_UNITS))})[^\S\n][^\n]{{1,40}}\Z))")
_LIST_LINE = re.compile(r"(?:^|\n)[^\S\n]*[-–—•*]")  # a line of a list ("- Lön")
# "Svensson, Anna" after a label that names a person ("Ansvarig för förslaget: Svensson, Anna.")
_SURNAME_FIRST_WORDS = ("kontakt", "ansvarig", "förslagsställare", "namn", "lämnat av")
_SURNAME_FIRST = re.compile(
    rf"(?P<lead>(?i:\b(?:kontaktperson|kontakt|ansvarig|förslagsställare|namn|inlämnat av|lämnat av)\b[^:\n]{{0,30}}:)"
    rf"[^\S\n]*)(?P<last>{_CAP_LAST}),[^\S\n]*(?P<first>{_CAP})(?=[^\S\n]*(?:$|\n|[.;!)]))")
# a surname in capitals before a first name, as a roster or a payroll list writes a person ("BERG, Lena ansvarar",
# "SVENSSON Anna tycker", "SVENSSON, ANNA"): the capitals mark the surname, so it is masked with the first name
# — without this the first name alone was masked ("SVENSSON [namn]") or nothing ("BERG, Lena")
_CAPS_SURNAME_FIRST = re.compile(rf"(?<![\w\[-])(?P<last>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)(?![\w-])"
                                 rf"(?:,[^\S\n]*(?P<upper>[{_UP}]{{2,}})|,?[^\S\n]+(?P<first>{_CAP}))(?![\w-])")
# ... and after the first name, as a form or a signature may write it ("Lena BERG tycker", "Karin LINDGREN-SVENSSON")
_FIRST_CAPS_SURNAME = re.compile(rf"(?<![\w\[-])(?P<first>{_CAP})[^\S\n]+(?P<last>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)(?![\w-])")
# ... and a first name and a surname both in capitals, as a text written in capitals has them ("ANNA SVENSSON TYCKER
# ATT …", "MER PERSONAL TILL ANNA SVENSSONS GRUPP")
# (a look-ahead: each word in turn may be a first name, "TILL ANNA SVENSSON")
_CAPS_FIRST_LAST = re.compile(rf"(?<![\w\[-])(?=(?P<upper>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)[^\S\n]+"
                              rf"(?P<last>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)(?![\w-]))")
_CAPS_HINT = re.compile(rf"[{_UP}]{{2}}")  # (where _CAPS_SURNAME_FIRST can match: few texts)
_SYSTEMS = frozenset("siri tyra freja agda matilda alma stella ida otto hugo vera nova alice elsa saga".split())
_PLACES = frozenset("""stockholm göteborg malmö uppsala västerås örebro linköping helsingborg jönköping norrköping
    umeå gävle borås eskilstuna södertälje karlstad täby växjö halmstad sundsvall luleå trollhättan östersund
    borlänge falun kalmar kristianstad karlskrona skövde uddevalla lidköping motala landskrona nyköping""".split())
_NAMED_PLACES = frozenset("""väg vägen gata gatan gränd allé torg torget plats platsen park parken skola skolan
    förskola förskolan gymnasium gymnasiet hus huset hem hemmet gård gården bibliotek biblioteket museum museet
    stiftelse stiftelsen sal salen rum rummet backe backen stig stigen plan""".split())
# a first name that names a unit or a place by the word after it ("Kontaktperson: Linnea förskola", "ring
# Linnea förskola", "Lucia Karlstad")
_UNIT_AFTER = _NAMED_PLACES | frozenset("""boende boendet avdelning avdelningen hemtjänst hemtjänsten gruppboende
    gruppen enhet enheten äldreboende fritids korttids sjukhus sjukhuset vårdcentral vårdcentralen hälsocentral
    hälsocentralen mottagning mottagningen klinik kliniken""".split())
# a unit's word that no place is named with after a person ("Anna Hemtjänst Norr" signs a person and her unit)
_STAFF_UNITS = frozenset("hemtjänst hemtjänsten avdelning avdelningen enhet enheten gruppen fritids korttids".split())
_PLACE_ENDINGS = ("by", "sta", "inge", "torp", "köping", "hult", "ryd", "dala", "sunda", "åker", "vik", "stad")


def _names_a_unit(m: re.Match, end: int) -> bool:
    following = m.string[end:end + 30].split()
    return bool(following) and following[0].strip(".,;:!?").casefold() in _UNIT_AFTER


_NAME_LIST = re.compile(rf"(?P<lead>\[namn\](?:[^\S\n]*(?:,|/|&)[^\S\n]*|[^\S\n]+(?:och|eller)[^\S\n]+))"
                        rf"(?P<name>{_CAP}(?:[^\S\n]{_CAP})?)(?![\w-])")
# the first names of a list before a masked one ("Ansvariga: Johan och [namn]", "Lena, [namn]")
_NAME_BEFORE = re.compile(rf"(?<![\w\[])(?P<name>{_CAP})(?P<tail>(?:[^\S\n]*(?:,|/|&)[^\S\n]*|[^\S\n]+(?:och|eller)[^\S\n]+)\[namn\])")
# an e-mail's sender or a display name before an address ("Från: Ellen McLean <…>", "Erik Lind (…)"), and the name on the line
# under a signature's "--"
_MAIL_NAME = re.compile(rf"(?P<lead>(?:^|\n)[^\S\n]*(?i:från|from|avsändare|sender)[^\S\n]?:[^\S\n]*|(?:^|(?<=\s)))"
                        rf"(?P<name>{_CAP}(?:[^\S\n](?:{_PARTICLE}[^\S\n])*{_CAP_LAST}){{0,3}})(?P<tail>[^\S\n]*(?:<\[e-post\]>|\(\[e-post\]\)))"
                        rf"|(?P<lead2>(?:^|\n)[^\S\n]*--[^\S\n]*\n[^\S\n]*)(?P<name2>{_CAP}(?:[^\S\n]{_CAP_LAST}){{0,2}})(?=[^\S\n]*(?:\n|$))")
_FIRST_LAST = re.compile(rf"(?<![\w\[])(?P<name>{_CAP}{_LATER})(?![\w-])(?![^\S\n]+[{_UP}])")
_LABEL_WORDS = ("kontakt", "förslags", "undertecknad", "rapportör", " av", "namn", "ansvarig")
_SIGN_OFF_WORDS = ("häls", "mvh", "vh", "tack", "vänligen", "undertecknad", " av ")
# first names that are everyday words as well ("Bo", "Per", "Dag", "Liv", "Tom", "Saga", "Juni"): masked after a
# person label, a greeting or a contact verb, not where the text only writes the word
# (with the everyday words of _EVERYDAY but "siv", "karl", "frank", rarely a capitalised word)
_WORDLIKE = frozenset("""tom love sanna saga vilda juni juli lo ola mira tindra sam sol vera nova alma iris viola
    lova rut my""".split())
_NAMES_MORE_THAN_WORDS = frozenset({"siv", "karl", "frank"})


# a word alone on the line after "Kontaktperson: Lisa": her surname when it ends as Swedish surnames do (then
# masked wherever the text repeats it); else masked where it stands only (a heading such as "Tidsplan" may
# be repeated in the text), and kept when it is a known heading, role, unit or placeholder
_SURNAME_ENDINGS = ("son", "berg", "ström", "lund", "gren", "qvist", "kvist", "dahl", "dal", "strand", "sjö",
                    "stedt", "bäck", "blom", "blad", "man", "fors", "löf", "lid", "lén", "nér", "ius", "ander", "vall")
# (not -sen, -inen, -lin: "Analysen", "Terminen"; not -holm, -stad, -borg: "Stockholm", "Karlstad", "Göteborg")
# — those are masked where they stand only, on the line after a first name ("Anna\nAndersen", "Ingrid\nLindholm")
_SURNAME_ENDINGS_TOO = ("sen", "inen", "nen", "holm", "stad", "borg", "lin")
_HEADINGS = frozenset("""bakgrund beskrivning syfte mål förslag förslaget åtgärd åtgärder nuläge nulägesbeskrivning
    problem problemet lösning lösningen lösningsförslag kostnad kostnader budget ansvar tidplan tidsplan
    sammanfattning motivering konsekvens konsekvenser effekt effekter resultat övrigt kommentar kommentarer idé idéer
    vision målgrupp genomförande uppföljning risker risk behov nytta förväntat datum enhet verksamhet status beslut
    orsak önskemål titel rubrik kategori tema bilaga bilagor underlag analys analysen arbetsplats telefon
    förändring förändringar utbildning planering digitalisering bemanning""".split())
# what a person label may hold that is no person: a placeholder, a function, a channel or a unit
# ("Förslagsställare: Anonym", "Kontaktperson: Kurator")
_NO_ONE = frozenset("""anonym anonymt okänd okänt oklart ingen inget saknas vakant ej nej ja alla samtliga tack se ok
    ekonomi kundtjänst måltid kök städ administration kansli reception växel hr it löner bemanning fastighet
    vaktmästeri ledning styrgrupp skyddsombud personal telefon mejl mail e-post sms brev apt registrator kurator
    jurist ekonom konsult controller medarbetare leverantör elevhälsa upphandling teknik pågår klar avslag bifall
    utveckling kommunikation vision kommunal admin""".split())
# endings of words that name a function, a quality or a body, not a person ("Säkerhet", "Kommunikation",
# "Utbildning", "Kommunfullmäktige")
_THING_ENDINGS = ("het", "tet", "tion", "sion", "ning", "ring", "fullmäktige", "nämnd", "nämnden")
_NAMES_LIKE_THINGS = frozenset({"henning", "channing", "göring"})  # a first name with such an ending
# what a label names where no person is written ("Ansvarig: Enhetschef", "Kontakt: Rektor")
_ROLE_ENDINGS = ("chef", "ansvarig", "ansvariga", "samordnare", "ledare", "handläggare", "sköterska", "ordförande",
                 "sekreterare", "rektor", "personal", "personalen", "lärare", "pedagog", "assistent", "vaktmästare",
                 "grupp", "team", "teamet", "ledning", "ledningen", "nämnd", "styrelse", "styrelsen", "alla", "ingen",
                 "terapeut", "desk", "are", "ör", "vikarie", "vikarier", "rehab")


# words that make a capitalised pair a place, an authority or a unit, not a person ("Region Skåne",
# "Försäkringskassan Syd", "Hemtjänst Norr", "Östra Skolan", "Röda Korset", "Microsoft Teams")
_NOT_A_PERSON = frozenset("""norr syd öst väst norra södra östra västra mellersta region regionen kommun kommunen
    landsting stad staden län hemtjänst hemtjänsten skola skolan förskola förskolan enhet enheten avdelning
    avdelningen röda korset svenska kyrkan kyrka microsoft teams google office outlook support it hr""".split())
_ORG_ENDINGS = ("kassan", "gruppen", "enheten", "avdelningen", "centralen", "förvaltningen", "nämnden", "verket",
                "myndigheten", "skolan", "kyrkan", "boendet", "huset", "tjänsten", "kontoret", "förbundet",
                "bolaget", "centrum", "mottagningen", "kliniken", "sjukhuset")


_DEFINITE = ("en", "an", "et", "n", "na", "orna", "arna", "erna")


def _a_person(name: str) -> bool:
    """Whether capitalised words after a contact word are a person: none a place, authority or unit word,
    a function word ("Vård Och Omsorg") or a noun in the definite form ("Fråga Chefen", "Skolsköterskan
    Maria", "Polisen"); name parts that are also words ("Per", "Inga", "Hans") stay names."""
    from forbattra.scoring.text import fold, load_lexicon, stop_words

    words = [w.casefold() for w in name.split()]
    if any(w in _NOT_A_PERSON or w.endswith(_ORG_ENDINGS) for w in words):
        return False
    if words[0] in first_names() and words[0] not in _EVERYDAY:  # "Håkan", "Östen": names, not "haka", "ost"
        return True
    stops, lex = stop_words(), load_lexicon()
    if any(w in stops and w not in _EVERYDAY for w in words):
        return False
    # a role in the definite form comes first ("Chefen Först", "Skolsköterskan Maria", "Polisen Direkt");
    # a surname last may look like one ("Lindén", "Hagen", "Holmen") and stays a name
    first = fold(words[0])
    lemma = lex.lemma_of.get(first)
    return not (words[0] not in _EVERYDAY and lemma is not None and lemma != first and first.endswith(_DEFINITE))


def _mask_contact(m: re.Match, found: list[str] | None = None) -> str:
    name = m.group("name") or m.group("named")
    if m.group("name") and _INITIAL_START.match(name):  # "Fråga E. Svensson": a person where the word is a surname
        if not _masked_or_surname(name.split()[-1]):
            return m.group(0)
        return (m.group("lead") or "") + MASKS["name"]
    if not _a_person(name):
        return m.group(0)
    if found is not None:
        found.append(name)
    return (m.group("lead") or "") + MASKS["name"]


def _mask_lone(m: re.Match, found: list[str]) -> str:
    """A :data:`_LONE_NAME` match masked when it is a first name (:func:`_a_first_name`), not a role, unit,
    place or heading: the first name and, alone on the next line, its surname — masked wherever the text
    writes it again when it ends as Swedish surnames do, else where it stands when it is no Swedish word or
    a word surnames are made of ("Lind", "Ek"); a heading on that line ("Arbetsmiljö") is kept."""
    first, last = m.group("first"), m.group("last")
    if not _a_first_name(first):
        return m.group(0)
    found.append(first)  # (one word: masked again only by _mask_first_again, where it is no everyday word)
    rest = m.string[m.end("first"):m.end()]
    if last and not _no_one(last):
        if last.casefold().endswith(_SURNAME_ENDINGS):
            found.append(f"{first} {last}")
            return m.group("lead") + MASKS["name"]
        if _is_word(last) or _not_a_word(last) or last.casefold().endswith(_SURNAME_ENDINGS_TOO):
            rest = rest[:len(rest) - len(last)] + MASKS["name"]  # here only: it may as well be a heading
    return m.group("lead") + MASKS["name"] + rest


def _a_first_name(word: str) -> bool:
    """Whether one capitalised word after a person label is a first name: a known one (each part of "Maj-Britt";
    :func:`first_names`), or a word that is no Swedish word ("Siv", "Zeynep") and no role, unit or heading.
    A Swedish word that is no known first name is kept: "Rapportör: Samverkan", "Förslagsställare:
    Barnskötare", "Inlämnad av: Fritids", "Inlämnad av: Göteborg", "Kontaktperson: Tillsätts"."""
    return not _no_one(word) and (_known_first(word) or _not_a_word(word))


def _not_a_word(word: str) -> bool:
    """A capitalised word the lexicon does not know, as a word or as a compound of known words ("Elevhälsan",
    "Förslagslådan" are compounds; "Siv", "Kjell", "Zeynep" are none)."""
    from forbattra.scoring.text import fold, load_lexicon

    if not set(word.casefold()) <= _SWEDISH_LETTERS:  # "Müller", "Øystein": folding would make a word of them
        return True
    lex = load_lexicon()
    w = fold(word.casefold())
    if w in lex.lemmas or w in lex.lemma_of or "-" in w:
        return False
    return not _compound(w, lex)


def _not_a_lemma(word: str) -> bool:
    """A word the lexicon knows only as a compound of words it knows, not as a word of its own ("Bergsten",
    "Lönnebacke", "Falkewall": surnames made of words; the caller keeps to short ones, as a long compound
    after a first name is as often a thing in title case, "Sofia Arbetsmiljöplan")."""
    from forbattra.scoring.text import fold, load_lexicon

    lex = load_lexicon()
    w = fold(word.casefold())
    return w not in lex.lemmas and w not in lex.lemma_of


_SWEDISH_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäöé-")


def _compound(w: str, lex, depth: int = 0) -> bool:
    """``w`` written as two or more known words (with a linking -s-: "måltidsservice", "förslagslådan")."""
    if depth > 3:
        return False
    for i in range(3, len(w) - 2):
        head, tail = w[:i], w[i:]
        if head in lex.lemmas or (head.endswith("s") and head[:-1] in lex.lemmas):
            if tail in lex.lemmas or tail in lex.lemma_of or _compound(tail, lex, depth + 1):
                return True
    return False


def _known_first(word: str, wordlike: bool = True) -> bool:
    """``word`` is a shipped first name (each part of "Maj-Britt"); ``wordlike=False``: and no everyday word."""
    parts = word.casefold().split("-")
    names = first_names()
    if not all(p in names for p in parts):
        return False
    return wordlike or len(parts) > 1 \
        or not any(p in _WORDLIKE or (p in _EVERYDAY and p not in _NAMES_MORE_THAN_WORDS) for p in parts)


def _mask_label_first(m: re.Match, found: list[str]) -> str:
    """After a person label, a known first name whatever follows; after Namn:/Ansvarig:/Kontakt: (as often a
    function, a channel or a system: "Kontakt: Freja eID") only one alone that is no everyday word."""
    person_label = m.group("first") is not None
    first, lead = (m.group("first"), m.group("lead")) if person_label else (m.group("first2"), m.group("lead2"))
    if _no_one(first) or not _known_first(first, wordlike=person_label) \
            or (not person_label and first.casefold() in _SYSTEMS) \
            or _names_a_unit(m, m.end("first" if person_label else "first2")):
        return m.group(0)
    if _known_first(first, wordlike=False):
        found.append(first)
    last = m.group("last") if person_label else None
    if last and (_no_one(last) or not _a_person(f"{first} {last}")):  # "Kontaktperson: Lena Hemtjänsten"
        return lead + MASKS["name"] + m.string[m.end("first"):m.end()]
    return lead + MASKS["name"]


def _name_words(name: str) -> list[str]:
    """The words of a name without its particles ("Erik von Essen" → "Erik", "Essen")."""
    return [w for w in name.split() if w not in _PARTICLE_WORDS]


def _mask_sign_off(m: re.Match, found: list[str]) -> str:
    name = m.group("name")
    if _INITIAL_START.match(name):  # "Mvh A. Lind": a person where the word is a surname
        if not _masked_or_surname(name.split()[-1]) or m.group("label") is not None:
            return m.group(0)
        return m.group("lead") + MASKS["name"]
    words = _name_words(name)
    thanks = m.group("lead").strip().lstrip("-–—").lstrip().casefold().startswith("tack")  # ("– tack Telia" too)
    # a greeting's one word may be a name no list holds ("Hälsningar Zeynep"); after "skapad av" without its
    # colon only a known first name ("Rapporten är skapad av Procapita" names a system)
    unknown_ok = len(words) == 1 and m.group("label") is None and _not_a_word(words[0]) and not thanks \
        and not words[0].casefold().endswith(_PLACE_ENDINGS)  # "Tack Telia", "Mvh Rinkeby": a company, a place
    # ... and a first name no list holds before a surname with a prefix or an apostrophe ("Mvh Siobhan
    # O'Connor"; not "Mvh Byggfirma Johansson", "Mvh Ica Karlsson": a firm named after its owner)
    # ... or before a surname Swedish does not write, with a letter it has not or a Finnish or Slavic surname's ending
    # ("Mvh Đorđe Petrović", "Mvh Tuulikki Hämäläinen"; a firm named after its owner is Swedish: "Mvh Ica Karlsson")
    unknown_ok = unknown_ok or (len(words) == 2 and m.group("label") is None and _not_a_word(words[0])
                                and (_prefixed_surname(words[1]) or _foreign_surname(words[1])) and not thanks
                                and not words[0].casefold().endswith(_PLACE_ENDINGS))
    if _no_one(words[0]) or not (_known_first(words[0]) or unknown_ok):
        return m.group(0)
    if m.group("label") is not None and len(words) == 1:  # "skapad av Agda": as often a system; with a surname, a person
        return m.group(0)
    if len(words) > 1 and not _a_person(" ".join(words)):
        # a shipped first name before its unit ("Mvh Anna Hemtjänst Norr"): the writer, the unit kept (not a place
        # named after someone, "Mvh Maria Skolan", "Linnea förskola")
        if m.group("label") is None and not thanks and _known_first(words[0]) and words[0].casefold() not in _SYSTEMS \
                and words[1].casefold() in _STAFF_UNITS and not _no_one(words[0]):
            found.append(words[0])
            return m.group("lead") + MASKS["name"] + m.string[m.start("name") + len(words[0]):m.end()]
        return m.group(0)
    found.append(name if len(words) > 1 else words[0])
    return m.group("lead") + MASKS["name"]


def _mask_salutation(m: re.Match, found: list[str]) -> str:
    """The name a greeting at a text's or a sentence's start names (:data:`_SALUTATION`): a shipped first name, or one
    word that is no Swedish word and no place ("Hej Zeynep,"), with a surname when the two are a person; not a role,
    a unit or a system ("Hej Rektor!", "Hej Tyra,")."""
    words = _name_words(m.group("name"))
    first = words[0]
    if _no_one(first) or first.casefold() in _SYSTEMS or first.casefold().endswith(_PLACE_ENDINGS) \
            or not (_known_first(first) or (len(words) == 1 and _not_a_word(first))):
        return m.group(0)
    if len(words) > 1 and (_no_one(words[1]) or not _a_person(" ".join(words))):
        return m.group(0)
    found.append(m.group("name") if len(words) > 1 else first)
    return m.group("lead") + MASKS["name"]


_FOREIGN_SURNAME_ENDINGS = ("inen", "ainen", "äinen", "ić", "vic", "ski", "escu", "enko", "oglu", "oğlu")


def _foreign_surname(word: str) -> bool:
    """A surname Swedish does not write: no Swedish word, with a letter Swedish has not ("Petrović", "Yıldız") or a
    Finnish or Slavic surname's ending ("Hämäläinen", "Kowalski")."""
    w = word.casefold()
    return _not_a_word(word) and (not set(w) <= _SWEDISH_LETTERS or w.endswith(_FOREIGN_SURNAME_ENDINGS))


def _prefixed_surname(word: str) -> bool:
    """A surname with a prefix or an apostrophe ("O'Connor", "D’Souza", "McLean", "MacKay")."""
    return bool(re.fullmatch(rf"[{_UP}]['’][{_UP}][{_LO}]+|Ma?c[{_UP}][{_LO}]+", word))


def _mask_cased(m: re.Match) -> str:
    first, last = m.group("first"), m.group("last")
    # in lower case an everyday word is the word ("kontaktperson: per telefon")
    if not _known_first(first.capitalize(), wordlike=first.isupper()) or _no_one(first):
        return m.group(0)
    if last and (last.casefold().endswith(_SURNAME_ENDINGS + _SURNAME_ENDINGS_TOO)
                 or (last.isupper() and first.isupper() and _not_a_word(last.capitalize()))):
        return m.group("lead") + MASKS["name"]
    return m.group("lead") + MASKS["name"] + m.string[m.end("first"):m.end()]


def _mask_verb_first(m: re.Match, firsts: list[str]) -> str:
    first = m.group("first")
    if first.casefold() in _SYSTEMS or _no_one(first) or not _known_first(first, wordlike=False) \
            or _names_a_unit(m, m.end("first")):
        return m.group(0)
    firsts.append(first)
    return m.group("lead") + MASKS["name"]


def _mask_cue_first(m: re.Match, found: list[str]) -> str:
    """A :data:`_CUE_FIRST` match masked when it is a person's name: after "jag heter" any capitalised word that is no
    role or unit (a name no list holds: "Jag heter Zeynep") or a known first name in lower case or capitals; after
    "enligt", "jag och", "mig och", "kram" a known first name (capitalised; no system, no unit: "enligt Agda", "Kram Rinkeby",
    "Enligt Selma Lagerlöfs skola" stay); a surname after it, written as the first name is, when the two are a
    person ("jag heter anna svensson", "JAG HETER ANNA SVENSSON")."""
    first, last = m.group("first"), m.group("last")
    cased = first.islower() or first.isupper()  # not written as a name usually is
    cap = first.capitalize() if cased else first
    if last is not None and (last.islower() or last.isupper()) != cased or (cased and last is not None and (
            last.isupper() != first.isupper() or not _surname(last.capitalize()))):
        last = None  # no surname: another word follows
    end = m.end("last") if last else m.end("first")
    if _no_one(cap) or _names_a_unit(m, end):
        return m.group(0)
    if m.group("intro") is None:  # enligt / jag och / kram: a shipped first name, capitalised, no system
        if cased or not _known_first(first) or cap.casefold() in _SYSTEMS:
            return m.group(0)
    elif cased:
        if not (_named(cap) or _known_first(cap, wordlike=last is not None)):
            return m.group(0)
    elif not _known_first(first, wordlike=False) and _not_a_word(first):
        found.append(f"={first}")  # a name no list holds: masked again where the text repeats it as written
        # (one that is a word too — "Jag heter Sol" — only here: "Sol och värme" later is the word)
    if last and not cased and (_no_one(last) or not _a_person(f"{first} {last}")):
        last = None
    if last and not cased and m.group("intro") is None and not (_surname(last) or _not_a_word(last)):
        return m.group(0)  # "Enligt Frida Hjälpmedel": a firm or a product named with a first name
    if _known_first(cap, wordlike=False):
        found.append(cap)
    if last:
        found.append(f"{cap} {last.capitalize() if cased else last}")
        return m.group("lead") + MASKS["name"] + m.string[m.end("last"):m.end()]
    return m.group("lead") + MASKS["name"] + m.string[m.end("first"):m.end()]


def _mask_with_initial(m: re.Match, found: list[str]) -> str:
    """A known first name with an initial ("Anna S."), no everyday word or system ("Per A.", "Vera H." stay)."""
    first = m.group("first")
    if not _named(first) or _no_one(first) or first.casefold() in _SYSTEMS \
            or not _INITIAL_CUE.search(m.string[max(0, m.start() - 30):m.start()]):
        return m.group(0)
    found.append(first)
    # the initial's period may end the sentence too ("… med Anna B. Hon tyckte"): kept before a capital
    return MASKS["name"] + ("." if re.match(rf"[^\S\n]+[{_UP}]", m.string[m.end():m.end() + 3]) else "")


def _mask_verb_cased(m: re.Match, found: list[str]) -> str:
    """:data:`_VERB_CASED`: a known first name and, in the same case, a surname (its ending, or in capitals no Swedish
    word); in capitals a known first name alone too when it is no everyday word ("RING ANNA", not "RING PER")."""
    first, last = m.group("first"), m.group("last")
    upper = first.isupper()
    if last is not None and (last.casefold() in _UNIT_AFTER | _NOT_A_PERSON or _names_a_unit(m, m.end("last"))):
        return m.group(0)  # "KONTAKTA LINNEA FÖRSKOLA", "KONTAKTA ASTRID LINDGRENS SKOLA"
    surname = last is not None and last.isupper() == upper and (
        _surname(last.capitalize()) or (upper and _not_a_word(last.capitalize()) and not _no_one(last)))
    if _no_one(first) or first.casefold() in _SYSTEMS or not _known_first(first.capitalize(), wordlike=surname):
        return m.group(0)
    if surname:
        return m.group("lead") + MASKS["name"]
    if upper and _known_first(first.capitalize(), wordlike=False):
        return m.group("lead") + MASKS["name"] + m.string[m.end("first"):m.end()]
    return m.group(0)


def _mask_first_says(m: re.Match, found: list[str]) -> str:
    """:data:`_FIRST_SAYS`: a known first name that is no everyday word, system or unit, and its surname."""
    first, last = m.group("first"), m.group("last")
    if not _named(first) or _no_one(first) or first.casefold() in _SYSTEMS:
        # "Som Kjell föreslog", "Det Fatima skrev": the word before the name was read as the first name
        if last and _named(last) and not _no_one(last) and last.casefold() not in _SYSTEMS:
            found.append(last)
            return m.string[m.start():m.start("last")] + MASKS["name"]
        return m.group(0)
    found.append(first)
    if last and (_no_one(last) or not _a_person(f"{first} {last}")):
        return MASKS["name"] + m.string[m.end("first"):m.end()]
    if last:
        found.append(m.string[m.start("first"):m.end("last")])  # ("Erik von Essen": with its particles)
    return MASKS["name"]


def _mask_address_first(m: re.Match, found: list[str]) -> str:
    """:data:`_ADDRESS_FIRST`: a known first name that is no everyday word, month, system or unit, and its surname."""
    lead = m.group("lead") if m.group("lead") is not None else m.group("lead2")
    first = m.group("first") or m.group("first2")
    last = m.group("last")
    end = m.end("last") if last else m.end("first" if m.group("first") else "first2")
    if not _named(first) or _no_one(first) or first.casefold() in _SYSTEMS or _names_a_unit(m, end):
        return m.group(0)
    found.append(first)
    if last and (_no_one(last) or not _a_person(f"{first} {last}")):
        return lead + MASKS["name"] + m.string[m.end("first"):m.end()]
    if last:
        found.append(m.string[m.start("first"):m.end("last")])  # ("Johan af Ugglas": with its particles)
    return lead + MASKS["name"]


# words with a surname's ending that are words ("Anna Man kan …", "Ring Anna Blad 3", "kontakta lina man om …")
_NOT_SURNAMES = frozenset("""man person personen personal blad dal vall fors bäck gren kvist son lid sjö borg stad lin
    sen nen rummet""".split())
_FEASTS = frozenset({"lucia"})  # a feast a school or a preschool keeps ("Lucia i förskolan firas")
_MONTHS = frozenset("""januari februari mars april maj juni juli augusti september oktober november
    december""".split())


def _named(word: str) -> bool:
    """A shipped first name that words around it make a name, though it may be a word elsewhere ("Ola", "Lova",
    "Vera"); not one that is as often an everyday word there ("Per", "Inga", "Hans") or a month ("Juli")."""
    w = word.casefold()
    return _known_first(word) and w not in _EVERYDAY and w not in _MONTHS and w not in _FEASTS


def _surname(word: str) -> bool:
    """A capitalised word that is a surname beside a first name: a surname's ending (a place aside), one of the
    weaker endings when it is no Swedish word, or a prefix or an apostrophe ("O'Brien")."""
    w = word.casefold()
    if _no_one(word) or w in _NOT_A_PERSON or w in _PLACES or w.endswith(_ORG_ENDINGS) or w in _NOT_SURNAMES:
        return False
    return w.endswith(_SURNAME_ENDINGS) or (w.endswith(_SURNAME_ENDINGS_TOO) and _not_a_word(word)) \
        or _prefixed_surname(word)


def _surname_beside(last: str) -> bool:
    """Whether a capitalised word beside a name or an initial is its surname: one with a surname's ending
    (:func:`_surname`), and one without as after a first name the text marks (:func:`_weak_surname`: "Lind", "Ek",
    "Krantz") — not a unit's, a place's or a role's word ("Hemtjänst", "Ordförande", "Hemtjänsten")."""
    if _surname(last):
        return True
    w = last.casefold()
    return not (_no_one(last) or w in _NOT_A_PERSON or w in _PLACES or w in _NOT_SURNAMES or w in _UNIT_AFTER
                or w in _HEADINGS or w.endswith(_ORG_ENDINGS + _ROLE_ENDINGS)) and _weak_surname(w, last)


def _masked_or_surname(word: str) -> bool:
    """Whether the word after an initial is a surname (:func:`_surname_beside`) or one masked already."""
    return word == MASKS["name"] or _surname_beside(word)


def _mask_masked_then(m: re.Match, found: list[str]) -> str:
    """A surname beside a masked name (:data:`_MASKED_THEN`, :func:`_surname_beside`): "[namn] Svensson", also
    "[namn] Lind", "[namn] Krantz" where the person column's "Anna Berg" masked the "Anna" of another Anna; not
    "[namn] Hemtjänst Norr", "[namn] Ordförande"."""
    return MASKS["name"] if _surname_beside(m.group("last")) else m.group(0)


def _mask_first_then_masked(m: re.Match) -> str:
    """A shipped first name before a masked name (:data:`_FIRST_THEN_MASKED`), not a role, a unit or a system's name
    ("Tyra [namn]" stays)."""
    first = m.group("first")
    if not _known_first(first) or _no_one(first) or first.casefold() in _SYSTEMS:
        return m.group(0)
    return MASKS["name"]


def _mask_flat_sign_off(m: re.Match, found: list[str]) -> str:
    first, last = m.group("first"), m.group("last")
    if not _known_first(first, wordlike=False) or first.casefold() in _SYSTEMS or not _surname(last) \
            or not _a_person(f"{first} {last}"):
        return m.group(0)
    found.append(f"{first} {last}")
    return m.group("lead") + MASKS["name"]


def _mask_tail_name(m: re.Match, found: list[str]) -> str:
    """A name closing a text after a dash or a lower-case greeting (:data:`_TAIL_NAME`): a known first name that is
    no everyday word (in any case); after a dash only where no other line starts with one (a list's last item:
    "- Juli", "- Excel"); a second word when the two are a person."""
    words = m.group("name").split()
    first = words[0]
    if len(words) == 3 and words[1] == "och":  # two who sign in lower case ("hälsningar anna och lisa")
        if not m.group("lead").strip().strip("-–—"):
            return m.group(0)
        masked = [MASKS["name"] if _known_first(w.capitalize()) and not _no_one(w.capitalize()) else w
                  for w in (words[0], words[2])]
        return m.group("lead") + f"{masked[0]} och {masked[1]}" + m.string[m.end("name"):m.end()]
    if first == MASKS["name"]:  # a surname after a first name masked already ("mvh [namn] lind", "MVH [namn] LIND")
        last = words[1].capitalize()
        if m.group("lead").strip().strip("-–—") and not _no_one(last) and _a_person(last) and (
                last.casefold().endswith(_SURNAME_ENDINGS + _SURNAME_ENDINGS_TOO) or _surname_beside(last)):
            return m.group("lead") + MASKS["name"]
        return m.group(0)
    lower = first.islower() or first.isupper()  # written otherwise than a name usually is ("mvh anna", "MVH ANNA")
    cap = first.capitalize() if lower else first
    dash = not m.group("lead").strip().strip("-–—")  # a dash alone, no greeting after it
    if dash and m.group("more") is not None:  # ("- Anna (bilaga)", "- Maria i köket": a list's item)
        return m.group(0)
    if _no_one(cap) or cap.casefold().endswith(_PLACE_ENDINGS) or (dash and cap.casefold() in _SYSTEMS):
        return m.group(0)
    if dash and _LIST_LINE.search(m.string[:m.start()]):
        return m.group(0)
    above = m.string[:m.start()].rstrip().rsplit("\n", 1)[-1].strip()
    if dash and (above.endswith(":") or above.casefold() in _HEADINGS):
        return m.group(0)  # a list of one under its heading ("Åtgärder\n- Alva", "Exempel:\n- Mio")
    if not (_named(cap) if dash else _known_first(cap)):  # after a greeting any shipped first name ("MVH BO")
        return m.group(0)
    if len(words) > 1:
        last = words[1].capitalize()
        # in lower case, a surname that is a word too or no Swedish word ("mvh anna lind", "mvh erik krantz") as
        # beside a capitalised first name; a word that is none ("mvh anna hemtjänst") stays, the first name not
        if _no_one(last) or not _a_person(f"{cap} {last}") or not (
                last.casefold().endswith(_SURNAME_ENDINGS + _SURNAME_ENDINGS_TOO) or not lower
                or _surname_beside(last)):
            if not lower or dash:
                return m.group(0)
            return m.group("lead") + MASKS["name"] + m.string[m.start("name") + len(first):m.end()]
        found.append(f"{cap} {last}" if not lower else cap)
    elif _known_first(cap, wordlike=False) and not lower:
        found.append(first)
    return m.group("lead") + MASKS["name"]


def _mask_surname_first(m: re.Match, found: list[str]) -> str:
    first, last = m.group("first"), m.group("last")
    if not _known_first(first) or _no_one(last) or _no_one(first) or not _a_person(f"{first} {last}"):
        return m.group(0)
    found.append(f"{first} {last}")
    return m.group("lead") + MASKS["name"]


def _mask_caps_surname_first(m: re.Match, found: list[str]) -> str:
    """A :data:`_CAPS_SURNAME_FIRST`, :data:`_FIRST_CAPS_SURNAME` or :data:`_CAPS_FIRST_LAST` match masked whole when the word in capitals is a
    surname (a surname's ending or a shipped surname: "BERG", "SVENSSON"; not an acronym, "BUP Maria", "IT, Anna",
    "Maria BUP", nor a label, "KONTAKTPERSON Anna") and the word beside it a shipped first name that is no everyday
    word or system ("Lena", "ANNA"; not "BERG Per", "APT Tyra")."""
    last, first = m.group("last"), m.groupdict().get("first") or m.group("upper").capitalize()
    cap = "-".join(p.capitalize() for p in last.split("-"))
    if "upper" in m.groupdict() and last.endswith("S") and len(last) > 3 and not _surname(cap) \
            and (_surname(cap[:-1]) or cap[:-1].casefold() in surnames()):
        last, cap = last[:-1], cap[:-1]  # the genitive ("ANNA SVENSSONS GRUPP")
    if not (_surname(cap) or all(p.casefold() in surnames() for p in cap.split("-"))) \
            or cap.casefold().endswith(("person", "personen")) \
            or not _known_first(first, wordlike=False) or _no_one(first) or first.casefold() in _SYSTEMS \
            or not _a_person(f"{first} {cap}"):
        return m.group(0)
    found.append(f"{first} {last}")
    return MASKS["name"]


def _mask_caps_first_last(text: str, found: list[str]) -> str:
    """The names :data:`_CAPS_FIRST_LAST` finds in ``text`` masked whole (as :func:`_mask_caps_surname_first` takes
    them: a shipped first name that is no everyday word and a surname; "PER HOLM" stays)."""
    out, done = [], 0
    for m in _CAPS_FIRST_LAST.finditer(text):
        if m.start() >= done and not _names_a_unit(m, m.end("last")) \
                and _mask_caps_surname_first(m, found) == MASKS["name"]:  # (not "ASTRID LINDGRENS SKOLA")
            out += [text[done:m.start()], MASKS["name"]]
            done = m.end("last")
    return "".join(out) + text[done:] if out else text


def _mask_listed_before(m: re.Match) -> str:
    """A known first name listed before a masked name (:data:`_NAME_BEFORE`)."""
    name = m.group("name")
    if not _known_first(name, wordlike=False) or _no_one(name) or name.casefold() in _SYSTEMS:
        return m.group(0)
    return MASKS["name"] + m.group("tail")


def _mask_mail_name(m: re.Match) -> str:
    """The name of an e-mail's sender, before its address or under its signature's "--" (:data:`_MAIL_NAME`):
    a person's name, not a unit or a mailbox ("Hemtjänst Norr <…>", "IT-support <…>")."""
    name = m.group("name") or m.group("name2")
    words = name.split()
    # a known first name only: a firm, an app or a mailing list sends mail too ("Visma", "Tyra", "Byggfirma
    # Johansson", "Kommuninfo")
    if any(_no_one(w) for w in words) or not _known_first(words[0], wordlike=False) \
            or words[0].casefold() in _SYSTEMS or (len(words) > 1 and not _a_person(name)):
        return m.group(0)
    if m.group("name2") is not None:
        return m.group("lead2") + MASKS["name"]
    return m.group("lead") + MASKS["name"] + m.group("tail")


def _mask_listed(m: re.Match) -> str:
    """The next name of a list after a masked one, when it is a known first name (a surname with it)."""
    words = m.group("name").split()
    if not _known_first(words[0]) or _no_one(words[0]) or words[0].casefold() in _SYSTEMS:
        return m.group(0)
    if len(words) > 1 and not words[1].casefold().endswith(_SURNAME_ENDINGS + _SURNAME_ENDINGS_TOO):
        return m.group("lead") + MASKS["name"] + m.group("name")[len(words[0]):]
    return m.group("lead") + MASKS["name"]


def _mask_first_last(m: re.Match, found: list[str]) -> str:
    name = m.group("name")
    words = _name_words(name)
    # the second word ends as surnames do ("Siv Christensen", "Lena Karlsson"); a product, a street or a heading
    # in title case ("Mina Sidor", "Karl Johans torg", "Agda Lön") does not
    last = words[1].casefold()
    if last.endswith("s") and not last.endswith(("ss", "us")):  # "Svenssons förslag"
        following = m.string[m.end():m.end() + 30].split()
        if following and following[0].strip(".,;:!?").casefold() in _NAMED_PLACES:
            return m.group(0)  # "Selma Lagerlöfs väg", "Astrid Lindgrens skola": a place named after someone
        last = last[:-1]
    strong = last.endswith(_SURNAME_ENDINGS + ("én", "ér"))  # -son, -ström, -berg, -én ...: "Per Bäckström" too
    # after a first name that is no everyday word, also a surname without such an ending: one of the shipped
    # surnames that are words as well ("Erik Lind", "Sara Ek", "Ali Hussein"), another first name ("Maria
    # Hassan"), a word Swedish does not have ("Ture Krantz", "Mira Jovanović", "Lan Nguyen"), or a short one it
    # has only as a compound of its words ("Birgitta Bergsten", "Victoria Lönnfjord")
    weak = not strong and _weak_surname(last, words[1])
    # a first name that is an everyday word too ("Per", "Bo", "Liv") before a shipped surname ("Holm", "Ek") where
    # the two stand inside a sentence: capitalised there, neither is the word ("…, Per Holm har koll", "och Liv Ek");
    # at a sentence's start either may be ("Bo Hall."), and a word Swedish has is no surname ("Per Capita")
    listed = last in surnames() or words[1].casefold() in surnames()
    inside = listed and not strong and _inside_sentence(m.string, m.start()) and _named_inside(words[0])
    if not _known_first(words[0], wordlike=strong or inside) or not (strong or weak) \
            or _no_one(last) or not _a_person(" ".join(words)) or last in _PLACES:
        return m.group(0)
    found.append(name)
    return MASKS["name"]


def _weak_surname(last: str, word: str) -> bool:
    """Whether ``word`` (``last``: it in lower case, without a genitive's s) is a surname after a first name though
    it has no surname's ending: one of the shipped surnames that are words as well ("Lind", "Ek"), a weaker ending
    ("Holm", "Nguyen"... as :data:`_SURNAME_ENDINGS_TOO`), another first name ("Maria Hassan"), a word Swedish does
    not have ("Krantz", "Jovanović") or a short one it has only as a compound of its words ("Bergsten")."""
    return (last.endswith(_SURNAME_ENDINGS_TOO) or last in surnames() or word.casefold() in surnames()
            or (last in first_names() and _known_first(last, wordlike=False))
            or _not_a_word(last) or (len(last) <= 11 and _not_a_lemma(last)))


def _inside_sentence(text: str, start: int) -> bool:
    """Whether a word at ``start`` stands inside a sentence: after a word in lower case, a number, a comma or an
    opening parenthesis on its line; not at the start of a text, a line or a sentence, nor after a colon or a dash
    (a heading, a list's item), where any word is capitalised."""
    before = text[max(0, start - 40):start].rsplit("\n", 1)[-1].rstrip()
    return bool(before) and (before[-1] in ",(" or before[-1].isdigit() or before[-1].islower())


def _named_inside(word: str) -> bool:
    """A shipped first name that an everyday word shares, capitalised inside a sentence: a name there, unless it is a
    system, a month or a feast ("i Agda", "i Juni", "Lucia")."""
    w = word.casefold()
    return w not in _SYSTEMS and w not in _MONTHS and w not in _FEASTS


def _mask_first_again(text: str, firsts: list[str]) -> str:
    """A first name the text marked as a person, masked where the text writes it again capitalised (no
    everyday word: "Dag kan berätta mer" stays, as "Dag" may be the word)."""
    parts = {f for f in firsts if " " not in f and _known_first(f, wordlike=False)}
    if not parts:
        return text
    return re.sub(rf"(?<![\w\[])(?:{_longest_first(parts)})s?(?![\w-])", MASKS["name"], text)


@functools.cache
def surnames() -> frozenset[str]:
    """The surnames shipped in ``data/surnames.txt`` (lower case): common in Sweden, yet neither ending as
    surnames do nor unknown as words, so that only the list tells them ("Lind", "Ek", "Hussein")."""
    from importlib import resources

    text = (resources.files("forbattra") / "data" / "surnames.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


@functools.cache
def first_names() -> frozenset[str]:
    """The first names shipped in ``data/first_names.txt`` (lower case): common Swedish and Nordic ones and
    those common in Sweden from other languages; a lone word after a person label is masked when it is one."""
    from importlib import resources

    text = (resources.files("forbattra") / "data" / "first_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _no_one(word: str) -> bool:
    """A word a person label holds that is no person: a role, a placeholder, a function, a unit or a heading."""
    w = word.casefold()
    # a long word in the definite form is a unit ("Vikariepoolen", "Lönekontoret"), not "Christensen", "Heikkinen"
    return w.endswith(_ROLE_ENDINGS) or w in _NO_ONE or w in _HEADINGS \
        or (w.endswith(_THING_ENDINGS) and w not in _NAMES_LIKE_THINGS and not _not_a_word(word)) \
        or (len(w) >= 9 and w.endswith(("en", "et")) and not w.endswith(("sen", "inen")))


def _mask_named_again(text: str, names: list[str]) -> str:
    """The surname of a name the text marked as a person ("ring Gunnel Wästberg") masked where the text
    writes it again, as it is written, and in the genitive ("Wästbergs schema krockar"); not the first
    word, which may be a role ("Ring Rektor Anna Berg") or a first name that is a word ("Per vecka")."""
    # the surname of a first and last name only: in a longer one the first word may be a role ("Rektor Anna
    # Berg") and the last is as often the next sentence's first word ("Ring Anna Berg Schemaläggningen …")
    parts = {p for n in names if len(n.split()) == 2 for p in _name_parts(n.split()[-1])}
    if not parts:
        return text
    return re.sub(rf"(?<!\w)(?:{_longest_first(parts)})s?(?!\w)", MASKS["name"], text)


MASKS_EN = {"[personnummer]": "[personal id]", "[e-post]": "[e-mail]", "[telefon]": "[phone]", "[namn]": "[name]",
            "[ip-adress]": "[IP address]", "[kontonummer]": "[account number]",
            "[regnummer]": "[registration number]", "[id-nummer]": "[id number]", "[inloggning]": "[login]"}


def placeholders_in(text, lang: str):
    """A masked text with its placeholders in ``lang`` (an English report; a Swedish report of a file masked
    in English); anything else unchanged."""
    if not isinstance(text, str) or "[" not in text:
        return text
    for sv, en in MASKS_EN.items():
        text = text.replace(sv, en) if lang == "en" else text.replace(en, sv)
    return text


def in_english(text):
    """:func:`placeholders_in` English."""
    return placeholders_in(text, "en")


def in_swedish(text):
    """:func:`placeholders_in` Swedish."""
    return placeholders_in(text, "sv")


MASKS = {"pnr": "[personnummer]", "email": "[e-post]", "phone": "[telefon]", "name": "[namn]", "ip": "[ip-adress]",
         "account": "[kontonummer]", "plate": "[regnummer]",
         "id": "[id-nummer]", "login": "[inloggning]"}
PLACEHOLDERS = frozenset(MASKS.values())
ALL_PLACEHOLDERS = (*MASKS.values(), *MASKS_EN.values())  # every mask, Swedish and English


def without_placeholders(text):
    """A masked text with its placeholders ("[telefon]", "[phone]" …, either language) taken out: the words a
    duplicate group shares and a cluster is named by are the suggestion's, never a mask's ("telefon", "post")."""
    if not isinstance(text, str) or "[" not in text:
        return text
    for mask in ALL_PLACEHOLDERS:
        text = text.replace(mask, " ")
    return text


def _national_digits(prefix: str, body: str) -> str | None:
    digits = "".join(ch for ch in prefix + body if ch.isdigit())
    if prefix.startswith(("+", "00", "(+")) or _BARE_46.match(prefix):
        digits = digits[4:] if prefix.startswith("00") else digits[2:]
        if "(0)" in prefix or digits.startswith("0"):  # +46 (0)70…, +46 070…
            digits = digits[1:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        return None
    return digits


def _is_phone(prefix: str, body: str) -> bool:
    n = _national_digits(prefix, body)
    if n is None or not 7 <= len(n) <= 9 or n[0] == "0":
        return False
    whole = prefix + body
    # a number broken over a line (a wrapped cell, a signature pasted: "070-123\n45 67") is one written with spaces or
    # dashes; with a dot or a slash the lines are times or dates, one a line ("08.00\n16.30")
    if "\n" in body and ("." in whole or "/" in whole):
        return False
    return not (_DATE_SHAPE.fullmatch(whole) or _TIME_RANGE.fullmatch(whole))


_BARE_46 = re.compile(r"\(?46\)?[ .\-\u00a0\u202f]?$")  # the country code without "+" or "00"
# a word that says a phone number follows (the country code without its "+" is one only then: "Fakturanummer
# 46712345678" is no phone number)
_PHONE_CUE = re.compile(r"\b(?i:ring|ringa|tel|tfn|telefon|telefonnummer|mobil|mobilnummer|mob|sms|sms:a|nås|"
                        r"whatsapp|nummer)\b[^\n\d]{0,12}$")


def _mask_phone(m: re.Match) -> str:
    prefix, rest = m.group("prefix"), m.group("rest")
    if _BARE_46.match(prefix) and not _PHONE_CUE.search(m.string[max(0, m.start() - 40):m.start()]):
        return m.group(0)[:1] + mask_phones(m.group(0)[1:])
    whole = m.group(0)
    lead = _DATE_SHAPE.match(whole) or _TIME_RANGE.match(whole)
    if lead and not whole[lead.end():lead.end() + 1].isdigit():  # a date or time first: keep it, look after it
        return whole[:lead.end()] + mask_phones(whole[lead.end():])
    ends = [g.end() for g in _GROUP.finditer(rest)]
    for end in reversed(ends):  # the longest run of groups that is a phone number; the rest stays text
        if _is_phone(prefix, rest[:end]):
            return MASKS["phone"] + mask_phones(rest[end:])
    # not a phone number as a whole: keep the first group and look again after it, so that
    # "2024-05-09 070-123 45 67" still finds the number after the date
    first = len(prefix) + ends[0]
    return whole[:first] + mask_phones(whole[first:])


# A phone number of another country, written with its country code (+358 40 123 4567, 0047 912 34 567): "+" or "00",
# a country code (1–3 digits, not 0), digit groups; masked when it has 9–15 digits in all (E.164's longest) and no
# currency, percent or unit word follows — "+1 200 000 kr", "+12 %" are amounts, and so is a "+" before a number of
# under nine digits. (Swedish numbers are _PHONE's, masked before this looks.) Each group's digits are taken whole
# (\d++): with the separator optional, a plain \d+ could split a long run of digits in every way before giving up
# at a letter after it (2 s at 24 digits, twice that for each one more); a match can only end at a run's end anyway.
_INTL_PHONE = re.compile(r"""
    (?<![\w+])(?:\+|00)(?=[1-9])
    \d{1,3}(?:[ .\-\u00a0\u202f]?\(0\))?(?:[ .\-/\u00a0\u202f\u2010-\u2013\u2212]?\d++)+
    (?![\w])
""", re.VERBOSE)
_NOT_A_NUMBER_AFTER = re.compile(r"\s*(?i:kr\b|kronor|sek\b|tkr|mkr|msek|eur|euro|usd|dollar|%|procent|grader|st\b|"
                                 r"stycken|timmar|tim\b|min\b|minuter|dagar|år\b|kg\b|km\b|mil\b|m2|kvm|ärenden)")


def _mask_intl_phone(m: re.Match) -> str:
    whole = m.group(0)
    digits = sum(c.isdigit() for c in whole) - (2 if whole.startswith("00") else 0) - ("(0)" in whole)
    if not 9 <= digits <= 15 or _NOT_A_NUMBER_AFTER.match(m.string, m.end()):
        return whole
    return MASKS["phone"]


# An IP address (a device's: personal data where it ties a person to a computer, a printer, a phone). IPv4: four
# numbers 0-255 with dots, not inside a longer dotted number (a section 3.2.1.4.1, a version 10.0.19045.3693);
# a four-part section or version number written in small numbers ("avsnitt 3.2.1.4", "version 2.1.3.4") looks the
# same, so four numbers of 1-99 each are an address only after "IP" ("IP 10.20.30.40"); a 0 or a number of 100 or
# more is one anywhere ("10.0.0.12", "192.168.1.23"), not after "version"/"v." nor before "kr" (an amount with dots
# for thousands, "1.250.100.100 kr"). IPv6: hex groups with colons
# ("fe80::1ff:fe23:4567:890a", "2001:db8::1"), what Python's ipaddress reads as one, with a hex letter or four
# groups — never a time ("08:00:00" is no address; neither "10::30").
_IPV4 = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
                   r"(?![\w\-]|\.\d)")
_IPV4_HINT = re.compile(r"\d\.\d{1,3}\.\d")  # (where _IPV4 can match: few texts)
_IP_CUE = re.compile(r"\b(?i:ip|ipv4|ip-adress(?:en)?|ip-nummer|ip-nr|ip\s?adress(?:en)?)\b[^\n\d]{0,12}$")
_VERSION_CUE = re.compile(r"\b(?i:version|ver|v)\.?[^\S\n]*$")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%\w+)?(?![\w:])")


def _mask_ipv4(m: re.Match) -> str:
    before = m.string[max(0, m.start() - 30):m.start()]
    if _VERSION_CUE.search(before) or _NOT_A_NUMBER_AFTER.match(m.string, m.end()):
        return m.group(0)  # "version 2.0.0.1", "1.250.100.100 kr"
    if not _IP_CUE.search(before) and all(1 <= int(n) <= 99 for n in m.group(0).split(".")):
        return m.group(0)  # "avsnitt 3.2.1.4"
    return MASKS["ip"]


def _mask_ipv6(m: re.Match) -> str:
    import ipaddress

    whole = m.group(0)
    try:
        ipaddress.IPv6Address(whole.split("%", 1)[0])
    except ValueError:
        return whole
    groups = [g for g in re.split(r"[:.]", whole.split("%", 1)[0]) if g]
    return MASKS["ip"] if re.search("[A-Fa-f]", whole.split("%", 1)[0]) or len(groups) >= 4 else whole


def mask_ips(text: str) -> str:
    """Replace every IP address (IPv4, IPv6) in ``text`` with ``[ip-adress]``."""
    if text.count(":") >= 2:  # (first: "::ffff:192.168.1.1" is one address)
        text = _IPV6.sub(_mask_ipv6, text)
    return _IPV4.sub(_mask_ipv4, text) if _IPV4_HINT.search(text) else text


# A bank account: an IBAN anywhere (two letters, two check digits, up to 30 letters and digits in groups — "SE45 5000
# 0000 0583 9825 7466" —, its mod-97 check right or the word IBAN before it), and the number after a word that names
# an account or a giro ("kontonummer 8327-9, 123 456 789-0", "lönekonto: 1234 12 34567", "bankgiro 5050-1055", "PG
# 90 01 22-3"): its digit groups with their separators, seven digits or more after a word for an account (a
# bookkeeping account, "konto 4010", has four), five after a giro; not an amount ("kontot har 1 250 000 kr").
_IBAN = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,4})?(?![\w-])")
_IBAN_HINT = re.compile(r"[A-Z]{2}\d\d")
_IBAN_CUE = re.compile(r"\b(?i:iban)\b[^\S\n]*(?::|nr\.?|nummer)?[^\S\n]*$")
_ACCOUNT_WORDS = ("konto", "clearing", "giro", "bg", "pg")
_ACCOUNT = re.compile(
    r"(?P<lead>\b(?:(?P<giro>(?i:bank|plus|post)giro(?:t|nummer|numret|nr)?|BG|PG|bg|pg)"
    r"|(?i:(?:bank|löne|privat|spar|person)?konto(?:t|nummer|numret|nr)?|clearing(?:nummer|numret|nr)?))\b"
    r"(?:[^\S\n]*(?:[:#]|är|nr\.?|nummer|numret|till)(?![\w]))*[^\S\n]*)"
    r"(?P<num>\d++(?:(?:[ \u00a0.]|[^\S\n]?[\-\u2010-\u2013\u2212][^\S\n]?|,[^\S\n]?(?=\d{3}))\d++)*)(?![\w-])")


def _iban_valid(code: str) -> bool:
    s = code[4:] + code[:4]
    return 15 <= len(code) <= 34 and int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def _mask_iban(m: re.Match) -> str:
    code = re.sub(r"\s", "", m.group(0))
    if _iban_valid(code) or _IBAN_CUE.search(m.string, max(0, m.start() - 15), m.start()):
        return MASKS["account"]
    return m.group(0)


def _mask_account(m: re.Match) -> str:
    num = m.group("num").rstrip(", ")
    digits = sum(ch.isdigit() for ch in num)
    if digits < (5 if m.group("giro") else 7) or _NOT_A_NUMBER_AFTER.match(m.string, m.end()):
        return m.group(0)
    return m.group("lead") + MASKS["account"] + m.group("num")[len(num):]


def mask_accounts(text: str, low: str | None = None) -> str:
    """Replace every IBAN and every number a word names as a bank account or giro with ``[kontonummer]`` (``low``:
    the text case-folded, where the caller has it)."""
    if _IBAN_HINT.search(text):
        text = _IBAN.sub(_mask_iban, text)
    low = text.casefold() if low is None else low
    return _ACCOUNT.sub(_mask_account, text) if any(w in low for w in _ACCOUNT_WORDS) else text


# A Swedish car's registration number: three capitals (no I, Q, V, Å, Ä, Ö on a plate), two digits and a digit or a
# capital (not O) — "ABC 123", "ABC12D" —; a private car is its owner's personal data ("bilen XYZ 987 står på
# handikapplatsen"). Not an abbreviation that stands before a number ("RUM 204", "SAL 140", "AFS 201"), nor a number
# going on (": 4", "/3"), nor an amount ("SEK 500 kr"); after "regnr"/"registreringsnummer" in any case ("regnr abc123").
# (The look-behind after the first capital: a pattern that starts with a character class is searched for faster.)
_PLATE = re.compile(r"(?P<up>[A-HJ-PR-UW-Z](?<![\w\-/.][A-HJ-PR-UW-Z])[A-HJ-PR-UW-Z]{2})[ \u00a0]?\d\d[\dA-HJ-NPR-UW-Z](?![\w\-])(?![:/.,]\d|[^\S\n]?§)")
# (after such a word also with a dash, "Reg nr: ABC-123", as a plate is written abroad, and after "är": "mitt regnr är
# abc123")
_PLATE_CUE = re.compile(r"(?P<cue>\b(?i:reg\.?[^\S\n]?nr|regnummer|registreringsnumm?(?:er|ret)|regnumret)\.?:?"
                        r"(?:[^\S\n]+(?i:är)(?!\w))?[^\S\n]*)"
                        r"[A-Za-z]{3}[ \u00a0\-\u2010-\u2013]?\d\d[\dA-Za-z](?![\w\-])")
_NOT_PLATES = frozenset("""rum sal hus avd plan vån tel fax nr kap sfs afs lss sol hsl lvu lvm lou bup apt ssk usk
    sek eur usd nok dkk gbp kpi mkr tkr art iso ean mhz ghz kwh""".split())


def _mask_plate(m: re.Match) -> str:
    if m.group("up").casefold() in _NOT_PLATES or _NOT_A_NUMBER_AFTER.match(m.string, m.end()):
        return m.group(0)
    return MASKS["plate"]
# The number after a word that names a person's record: a patient's journal, a client's, a pupil's, an employee's
# ("journalnr 12345", "patient-id P-4711", "anställningsnummer: 20431", "klientnr 2023-0456"). A case or register
# number ("ärende 2024-00123", "Dnr KS 2023/0456") names a matter, not a person: it stays, for the follow-up.
_RECORD_WORDS = ("journal", "patient", "klient", "personal", "anställ", "anst", "brukar", "elev", "kund")
_RECORD_ID = re.compile(
    r"(?P<lead>\b(?i:(?:journal|patient|klient|personal|anställnings|brukar|elev|kund)[^\S\n]?(?:-?nummer|-?numret|-?nr\.?)"
    r"|(?:patient|klient|brukar|elev)-?id|anst\.?[^\S\n]?nr\.?)(?:[^\S\n]*(?:[:#]|är)(?!\w))*[^\S\n]*)"
    r"(?P<num>(?:[A-Za-z]{1,4}[\-\u2010-\u2013]?)?\d++(?:[\-\u2010-\u2013/.]\d++)*)(?![\w\-])")


def _mask_record_id(m: re.Match) -> str:
    return m.group("lead") + MASKS["id"]


_DIGIT = re.compile(r"\d")


def mask_identifiers(text: str) -> str:
    """Mask the numbers that identify a person's device, account, car or record (IP addresses, bank accounts,
    registration numbers, journal and employee numbers); only where the text has a digit (one text in nine of the
    corpus)."""
    if not _DIGIT.search(text):
        return text
    low = text.casefold()  # (the words each rule needs: masking a number changes none of them)
    text = _PLATE.sub(_mask_plate, mask_accounts(mask_ips(text), low))
    if ("nr" in low or "num" in low or "id" in low) and any(w in low for w in _RECORD_WORDS):
        text = _RECORD_ID.sub(_mask_record_id, text)
    if "reg" in low:
        text = _PLATE_CUE.sub(lambda m: m.group("cue") + MASKS["plate"], text)
    return text


def _luhn_ok(digits: str) -> bool:
    """Whether ten digits end with a personnummer's check digit (the Luhn sum of the first nine)."""
    total = sum(d // 10 + d % 10 for d in (int(c) * (2 - i % 2) for i, c in enumerate(digits[:9])))
    return (10 - total % 10) % 10 == int(digits[9])


def _mask_dated_pnr(m: re.Match) -> str:
    """A :data:`_PNR_DATED` match as ``[personnummer]`` where its digits pass the check digit, else as it is."""
    return MASKS["pnr"] if _luhn_ok("".join(m.groups())) else m.group(0)


def _mask_pnr(m: re.Match) -> str:
    """A :data:`_PNR` match as ``[personnummer]``; ten digits without a separator from a trunk 0 and a digit that are
    no personnummer by its check digit as ``[telefon]``: a Swedish phone number typed without spaces ("0701234567",
    "0811234567") has the shape of a personnummer of one born in the 2000s (a real one, "0702151234", passes the
    check). (Masked here, not left to the phone rule, which looks at no number glued to a letter.)"""
    whole = m.group(0)
    if len(whole) == 10 and whole.isdigit() and whole[0] == "0" and whole[1] != "0" and not _luhn_ok(whole):
        return MASKS["phone"]
    return MASKS["pnr"]


def mask_phones(text: str) -> str:
    """Replace every phone number in ``text`` with ``[telefon]``: Swedish ones in every form Swedes write them,
    another country's where written with its country code."""
    text = _PHONE.sub(_mask_phone, text)
    return _INTL_PHONE.sub(_mask_intl_phone, text) if "+" in text or "00" in text else text


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """Mask personnummer, e-mail addresses, IP addresses, bank accounts, car registration numbers, journal and employee
    numbers, phone numbers and the given names in ``text``."""
    return _redactor(_name_patterns(tuple(names)))(text)


# A mention of a colleague as Teams, Slack or Yammer writes it, pasted into a suggestion: "@anna.svensson", "@Anna
# Svensson" (a display name: a capitalised word after it; a third is the surname _MASKED_THEN finds), "@kalle_b" — a name, masked as one. Not an e-mail address (masked
# before), an "@" before a number ("3 st @ 50 kr") or alone, nor a mention of the unit or a team the text names
# ("@alla", "@kanal", "@here", "@everyone").
_MENTION = re.compile(rf"(?<![\w.@\]])@(?P<handle>[{_UP}{_LO}][\w.\-]*\w|[{_UP}{_LO}])"
                      rf"(?P<more>(?:[^\S\n]{_CAP_LAST})?)(?![\w-])")
_NOT_MENTIONS = frozenset("alla all here everyone channel kanal kanalen team teamet gruppen".split())


def _mask_mention(m: re.Match) -> str:
    handle = m.group("handle")
    if handle.casefold() in _NOT_MENTIONS:
        return m.group(0)
    # "@Anna Svensson" is one name; "@anna vill ha …" is a handle and the text goes on
    return MASKS["name"] if handle[0].isupper() else MASKS["name"] + m.group("more")


def _redactor(patterns: tuple[re.Pattern, ...]) -> Callable[..., str]:
    def redact(text: str, sink: list[str] | None = None) -> str:
        """``text`` masked; ``sink``: where the names its rules marked as a person go (:func:`run_names`)."""
        if not isinstance(text, str) or not text:
            return text
        if not text.isascii():  # a name typed as o + ¨ (a Mac export) is the name
            text = unicodedata.normalize("NFC", text)
        text = _joined_users(text)  # ("anna. svensson@kommun.se": one address)
        out = text
        # the names the text's own e-mail addresses spell ("Mejla erik.lind@kommun.se. Erik Lind vet hur."), read
        # before the addresses are masked (as an address of the person column's are: :func:`email_names`)
        spelt_here = _spelt_names((text,)) if _has_at(text) or _SPACED_HINT.search(text) else ()
        # ... and the first names its addresses of a first name alone or with an initial spell ("karin.h@…": "Karin")
        firsts_here = _spelt_firsts(text) if spelt_here or _has_at(text) else []
        if "@" in out and "://" in out:  # a link's user name and password, before the e-mail rule reads them as one
            out = _URL_LOGIN.sub(lambda m: m.group("scheme") + MASKS["login"] + "@", out)
        if "=" in out and ("?" in out or "&" in out or "#" in out or ";" in out):  # a link's secret parameters
            out = _URL_SECRET.sub(lambda m: m.group("lead") + MASKS["login"], out)
        out = _EMAIL.sub(MASKS["email"], out) if _has_at(out) else out
        if "%40" in out:
            out = _EMAIL_ENCODED.sub(MASKS["email"], out)
        if _AT_HINT.search(out):
            out = _EMAIL_AT.sub(MASKS["email"], out)
        if _SPACED_HINT.search(out):
            out = _EMAIL_SPACED.sub(_mask_spaced_email, out)
        if _has_at(out):
            out = _EMAIL_BARE.sub(MASKS["email"], out)
        if "@" in out:
            out = _MENTION.sub(_mask_mention, out)
        out = mask_identifiers(out)
        if _PNR_CUE_HINT.search(out):  # ("pnr 1985-03-12 1234")
            out = _PNR_CUED.sub(lambda m: m.group("lead") + MASKS["pnr"], out)
        if ("-" in out or "\u2013" in out or "\u2011" in out) and _DATED_HINT.search(out):  # (≈ 6 µs a text otherwise)
            out = _PNR_DATED.sub(_mask_dated_pnr, out)
        out = _PNR.sub(_mask_pnr, out)
        out = mask_phones(out)
        found: list[str] = []
        for p in patterns:  # the known people (a person column's), whole, before any rule takes part of a name
            # ("fråga Per Olsson": the rule would leave "Per" elsewhere; a part that is a word too where it is a name)
            out = p.sub(_mask_word_part if "word" in p.groupindex else MASKS["name"], out)
        for p in _spelt_here(spelt_here):
            out = p.sub(MASKS["name"], out)
        if ":" in out:
            out = _LONE_NAME.sub(lambda m: _mask_lone(m, found), out)
        out = _CONTACT_NAME.sub(lambda m: _mask_contact(m, found), out)
        if _CAPS_HINT.search(out):  # ("SVENSSON Anna": one name, before a rule takes its first name alone)
            out = _CAPS_SURNAME_FIRST.sub(lambda m: _mask_caps_surname_first(m, found), out)
            out = _FIRST_CAPS_SURNAME.sub(lambda m: _mask_caps_surname_first(m, found), out)
            out = _mask_caps_first_last(out, found)
        if found:
            out = _mask_named_again(out, found)
        # the shipped first names where the text plainly names a person (see _LABEL_FIRST)
        # (a first name masked again where the text repeats it: alone, or of a full name - "fråga Gunnel
        # Wästberg ... ring Gunnel" - when it is a known first name and no everyday word)
        firsts = [f.split()[0] for f in found] + firsts_here
        if sink is not None:
            sink += found
        found = []
        low = out.casefold()  # (each rule only where its words are: most texts have none of them)
        if (":" in out or "-" in out) and any(w in low for w in _LABEL_WORDS):
            out = _LABEL_FIRST.sub(lambda m: _mask_label_first(m, firsts), out)
            out = _CASED_NAME.sub(_mask_cased, out)
        if "/" in out or any(w in low for w in _SIGN_OFF_WORDS):
            out = _SIGN_OFF.sub(lambda m: _mask_sign_off(m, found), out)
        if any(w in low for w in _SALUTATION_WORDS):
            out = _SALUTATION.sub(lambda m: _mask_salutation(m, found), out)
        if any(w in low for w in _VERB_WORDS):
            out = _VERB_FIRST.sub(lambda m: _mask_verb_first(m, firsts), out)
        out = _FIRST_LAST.sub(lambda m: _mask_first_last(m, found), out)
        if _VERB_LOW.search(low):
            out = _VERB_CASED.sub(lambda m: _mask_verb_cased(m, found), out)
        if _SAYS_WORD.search(out):
            out = _FIRST_SAYS.sub(lambda m: _mask_first_says(m, found), out)
        out = _FIRST_AT.sub(lambda m: _mask_first_says(m, found), out)
        if any(w in low for w in _ADDRESS_WORDS):
            out = _ADDRESS_FIRST.sub(lambda m: _mask_address_first(m, found), out)
        if any(w in low for w in _CUE_WORDS):
            out = _CUE_FIRST.sub(lambda m: _mask_cue_first(m, found), out)
        if _INITIAL.search(out):
            out = _WITH_INITIAL.sub(lambda m: _mask_with_initial(m, found), out)
        if "\n" in out or any(w in low for w in ("mvh", "vh", "hälsning", "kram")):
            out = _TAIL_NAME.sub(lambda m: _mask_tail_name(m, found), out)
        if ":" in out and "," in out and any(w in low for w in _SURNAME_FIRST_WORDS):
            out = _SURNAME_FIRST.sub(lambda m: _mask_surname_first(m, found), out)
        if any(w in low for w in ("mvh", "vh", "hälsning")):
            out = _FLAT_SIGN_OFF.sub(lambda m: _mask_flat_sign_off(m, found), out)
        if sink is not None:
            sink += found
        exact = [f[1:] for f in found if f.startswith("=")]  # names no list holds, marked by "jag heter"
        if exact:
            found = [f for f in found if not f.startswith("=")]
            out = re.sub(rf"(?<![\w\[])(?:{_longest_first(set(exact))})s?(?![\w-])", MASKS["name"], out)
        if found:
            out = _mask_named_again(out, found)
        firsts += [f.split()[0] for f in found]
        if firsts:
            out = _mask_first_again(out, firsts)
            if sink is not None:
                sink += firsts
        if " [namn]" in out:  # ("Karin [namn]", before a list's names are read: one name, not two)
            out = _FIRST_THEN_MASKED.sub(_mask_first_then_masked, out)
        if MASKS["name"] in out:
            for _ in range(8):  # a list's names in turn ("Mia, Sara och Lena": each masked name before the next)
                before, out = out, _NAME_LIST.sub(_mask_listed, out)
                if out == before:
                    break
            for _ in range(4):  # a list of several names ends with the masked one: the names before it in turn
                before, out = out, _NAME_BEFORE.sub(_mask_listed_before, out)
                if out == before:
                    break
        if MASKS["email"] in out or "--" in out:
            out = _MAIL_NAME.sub(_mask_mail_name, out)
        if "[namn] " in out:
            out = _MASKED_THEN.sub(lambda m: _mask_masked_then(m, found), out)
        return one_mask_a_person(out)

    return redact


# masks side by side on one line, an initial between them too ("[namn] [namn]", "[namn] S. [namn]"): one person's
# words masked apart ("Anna Maria Svensson" where the person column gave "Anna Svensson"), written as one mask
_MASKS_BESIDE = re.compile(rf"\[namn\](?:(?:(?:[^\S\n]+[{_UP}]\.)?[^\S\n]+|-)\[namn\])+")


def one_mask_a_person(text: str) -> str:
    """``text`` with the name masks side by side on one line (:data:`_MASKS_BESIDE`) made one: one person, one mask
    (two people stay two: "[namn] och [namn]", "[namn], [namn]")."""
    return _MASKS_BESIDE.sub(MASKS["name"], text) if "] [" in text or ". [" in text or "]-[" in text else text


# "Anna Svensson", "Berg, Lisa"; two writers of one cell, also without spaces ("Anna Lind/Gunnel Wästberg", a joint
# suggestion's form: not the parts "Lind/Gunnel", which no text writes)
_NAME_SPLIT = re.compile(r"[\s,;/+&]+")


# the words that join or qualify the writers of one person cell ("Anna och Erik", "Anna Lind samt Erik Berg", "Anna
# Lind med flera", "Anna Lind för gruppen"): no part of a name — as parts they were masked in any case in every text
# ("Vi [namn] de behöver …"); the cell itself is still masked whole
_JOINING_WORDS = frozenset("och samt eller med flera mfl m.fl m.fl. för från hos till via alla hela utan".split())


# the unit a person cell writes after the name ("Anna Lind, Hemtjänst Norr", "Anna Lind – Hemtjänst Syd", a form's
# field of name and unit): its words are no name parts — as parts they were masked in every text and in the unit
# column itself ("[namn]", "[namn] Syd"); only after the name ("Öst, Karin" is a surname first)
# ... and so is a role written there ("Anna Lind, usk", "Anna Lind – undersköterska", "Anna Lind, enhetschef"): a
# role's abbreviation, or a word that ends as a role does (no first name ends so)
_ROLE_BESIDE = ("usk|ssk|vbt|bsk|fsk|pa|vårdbiträde|barnskötare|förskollärare|rektor|kock|kurator|boendestödjare"
                r"|\w*(?:chef|ansvarig|samordnare|ledare|handläggare|sköterska|ordförande|sekreterare|lärare|pedagog"
                r"|assistent|vaktmästare|terapeut|vikarie)")
_BESIDE_WORD = rf"(?i:{'|'.join(sorted(_NOT_A_PERSON | _STAFF_UNITS))}|{_ROLE_BESIDE})"
_UNIT_BESIDE = re.compile(rf"(?:,|[^\S\n][-–])[^\S\n]*{_BESIDE_WORD}(?:[^\S\n]+{_BESIDE_WORD})*[^\S\n]*(?=$|[,;])")
# ... and a role written before the name ("Enhetschef Anna Lind", "Usk Anna Lind"): a title, no name part (as one,
# 'enhetschef' was masked in every text of the run); a whole word, followed by the name
_ROLE_BEFORE = re.compile(rf"^[^\S\n]*(?i:{_ROLE_BESIDE})[^\S\n]+(?=[^\W\d_])")
# the words that label a contact's number or address beside the name ("Anna Lind tel 070-…", "mobil", "e-post"):
# no name parts either (the number itself is masked as a number is)
_CONTACT_WORDS = frozenset("tel tfn telefon telnr mobil mobilnr mobiltelefon nr e-post epost mejl mail".split())


_NO_LETTER = re.compile(r"[\W\d_]+")


def _name_parts(name: str, min_len: int = 3) -> list[str]:
    """The words of a name ("Anna-Karin" whole and its halves "Anna", "Karin") of ``min_len`` letters or more; not
    the words joining two names of a cell (:data:`_JOINING_WORDS`), nor the unit a cell writes after the name
    (:data:`_UNIT_BESIDE`) or the role before it (:data:`_ROLE_BEFORE`), nor its numbers and the words labelling
    them (:data:`_CONTACT_WORDS`)."""
    out = []
    name = _ROLE_BEFORE.sub("", name)
    for token in _NAME_SPLIT.split(_UNIT_BESIDE.sub("", name) if "," in name or " - " in name or " – " in name else name):
        out.append(token)
        if "-" in token:
            out += token.split("-")
    # (a number written beside the name, "Anna Lind 070-123 45 67", is masked as a number is, never as a name:
    # as parts "123", "45", "2024" were masked in every text)
    return [p for p in dict.fromkeys(out) if len(p) >= min_len and p.casefold() not in _JOINING_WORDS
            and p.casefold() not in _CONTACT_WORDS and not _NO_LETTER.fullmatch(p)]


@functools.lru_cache(maxsize=4)  # (a run's messages and its outputs mask with the same names: compiled once)
def _name_patterns(names: tuple[str, ...], whole_only: tuple[str, ...] = (),
                   spelt: tuple[str, ...] = (), spelt_whole: tuple[str, ...] = ()) -> tuple[re.Pattern, ...]:
    """A name and its parts in any case ("anna vill …" is Anna too); a part that is also an everyday
    Swedish word ("Per" / "per vecka", "Dan", "Bo") only as a name is written, capitalised; the
    genitive ("Svenssons idé", "Eriks mobil") only capitalised, so "klass" is no "Klas's".
    ``whole_only``: names masked whole as a name is written (capitalised, as given, in capitals; and
    their genitive), never word by word or in lower case. ``spelt``: names an e-mail address spells, without
    å/ä/ö (:func:`email_names`): the whole name in any case, a word of it as a name is written, each a, o, e, u
    also as the text writes it with å/ä/ö ("Goran Ohrstrom" masks "Göran Öhrström", "Göran", "ÖHRSTRÖMS").
    ``spelt_whole``: names the e-mail addresses of an "Ansvarig" column spell, masked as ``whole_only``'s are and
    with å/ä/ö as ``spelt``'s ("erik lind" masks "Erik Lind", "ERIK LINDS"; not "Erik", "lind")."""
    whole: set[str] = set()
    parts: set[str] = set()
    short: set[str] = set()  # two-letter parts ("Li", "Ng"): as a name is written, in title case only
    short_words: set[str] = set()  # two-letter parts that are words too ("Bo", "Ek"): where they stand as a name
    for n in names:
        n = unicodedata.normalize("NFC", (n or "").strip())
        if not n or _has_at(n):
            continue
        whole.add(n)
        if "," in n:  # "Ek, Bo" (surname first, as HR lists are) is written "Bo Ek" in a text
            whole.add(" ".join(reversed([p.strip() for p in n.split(",", 1)])))
        else:  # and "Anna Svensson" as a roster writes it, "SVENSSON Anna", "Svensson, Anna": one mask, not two
            whole.update(_surname_first_forms(n))
        # and its surname with the particles before it ("von Essen" of "Erik von Essen"): one mask, not "von [namn]"
        toks = n.split()
        whole.update(" ".join(toks[k:]) for k in range(1, len(toks) - 1)
                     if toks[k] in _PARTICLE_WORDS and toks[k - 1] not in _PARTICLE_WORDS)
        parts.update(_name_parts(n))
        short.update(p for p in _name_parts(n, 2) if len(p) == 2 and p.casefold() not in _TWO_LETTER_WORDS)
        short_words.update(p for p in _name_parts(n, 2) if p.casefold() in _TWO_LETTER_NAMES)
    entire = {m for m in (unicodedata.normalize("NFC", " ".join((n or "").split())) for n in whole_only)
              if len(m.split()) >= 2 and not _has_at(m)}
    # ("Lind, Erik", an "Ansvarig" cell's, is written "Erik Lind" in a text)
    entire |= {" ".join(reversed([p.strip() for p in n.split(",", 1)])) for n in entire if "," in n}
    entire |= {f for n in entire if "," not in n for f in _surname_first_forms(n)}  # ("LIND, Erik" for "Erik Lind")
    if not whole and not entire:
        return _spelt_patterns(spelt, spelt_whole)
    words = {p for p in parts if _is_word(p)}
    # a one-word name that is an everyday word ("Inga", "Per", "Bo") is matched as a name is written only
    spread = {w for w in whole if not (len(_NAME_SPLIT.split(w)) == 1 and (_is_word(w) or len(w) < 3))}
    # the name typed without å/ä/ö ("Marta Wastberg", "Goran" for "Märta Wästberg", "Göran"): a whole name of two
    # words or more in any case, as the name is; a single word only as a name is written (capitalised or in
    # capitals), since a word folded so may be an everyday one ("Öst" → "ost", "Bäck" → "back")
    from forbattra.scoring.text import fold

    def without_aao(names) -> set[str]:
        return {f for f in (fold(n.casefold()) for n in names if len(n) >= 3)} - {n.casefold() for n in names}

    spread |= {f for f in without_aao(spread) if len(_NAME_SPLIT.split(f)) > 1}
    folded = without_aao(whole | parts | entire)
    loose = sorted(spread | (parts - words), key=lambda p: (-len(p), p))

    def titled(p: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), p)

    # as a name is written: "Per Lund", "PER LUND" (a person column in capitals gives "PER" → "Per" too);
    # a whole name in capitals at any length ("BO"), but not a two-letter part ("EK", "LO" are words)
    title = {titled(p) for p in whole | parts | short | entire | folded} | entire  # ("Lisa van Berg" as written too)
    # a part that is an everyday word ("Per", "Lind", "Sten", "Rosa") capitalised is the word at a sentence's start
    # ("Per capita kostar …", "Lind växer vid skolan"): masked there only where it stands as a name (:func:`_mask_word_part`)
    as_word = {titled(p) for p in words | short_words | {w for w in whole if w in words or _is_word(w)}} \
        - {titled(p) for p in spread}
    title -= as_word
    upper = {p.upper() for p in whole | parts | entire | folded if len(p) >= 3}  # not "LO", "EK": acronyms too
    out = []
    # (with the rest of a double name the text writes: "Anna Berg-Lind" for the person "Anna Berg")
    more = rf"(?-i:(?:-[{_UP}][{_LO}]+)*)"
    # ... in a name of any case, also a first name in lower case or capitals ("gunnel-maria", "anna-karin" for
    # "Gunnel", "Anna"; not "lisa-gruppen")
    more_any = rf"(?:(?-i:-[{_UP}][{_LO}]+)|-(?:{_first_name_tail()})(?![\w-]))*"
    # ... and the first half of a double name the text writes before it: "Sven-Erik" for the person "Erik von Essen",
    # "Lind-Berg" for "Karin Berg" — masked whole, never "Sven-[namn]" (not a word in capitals before it, "IT-Erik")
    before, before_upper = rf"(?-i:(?:[{_UP}][{_LO}]+-)*)", rf"(?:[{_UP}][{_UP}]+-(?=[{_UP}]{{2}}))*"
    if spread:  # whole names first, in any case ("Lisa van Berg" one mask), then their parts
        out.append(re.compile(rf"(?<!\w){before}(?:{_any_case_first(spread)}){more_any}s?(?!\w)", re.IGNORECASE))
    if title:
        out.append(re.compile(rf"(?<!\w){before}(?:{_longest_first(title)}){more}s?(?!\w)"))
    if upper:  # (an empty alternation would match everywhere)
        out.append(re.compile(rf"(?<!\w){before_upper}(?:{_longest_first(upper)})S?(?!\w)"))
    if loose:  # any case; the genitive of a longer part too ("svenssons"), not of "Klas" ("klass")
        gen = [p for p in loose if len(p) >= 5]
        out.append(re.compile(rf"(?<!\w){before}(?:{_any_case_first(loose)}){more_any}(?!\w)", re.IGNORECASE))
        if gen:
            out.append(re.compile(rf"(?<!\w){before}(?:{_any_case_first(gen)})s(?!\w)", re.IGNORECASE))
    if as_word:  # (last: a name's other words masked first, "Per [namn]" is a name)
        out.append(re.compile(rf"(?<!\w)(?P<pre>{before})(?P<word>{_longest_first(as_word)})(?P<post>{more}s?)(?!\w)"))
    return tuple(out) + _spelt_patterns(spelt, spelt_whole)


# what follows a name at a sentence's start ("Per tycker", "Per har lovat", "Per och jag", "Per Holm", "Per!", "Lind
# [namn]", a list's next name: "Per och [namn]", "Lind och Sten"), where the same word as an everyday one goes on with
# its phrase ("Per capita", "Per vecka", "Lind växer", "Sten och grus", "Rosa färg")
_AS_A_NAME_AFTER = re.compile(
    rf"[^\S\n]*(?:$|\n|[,.!?:;)/&]|\[namn\]|(?-i:[{_UP}])|(?:och|eller|samt)[^\S\n]+(?:\[namn\]|(?-i:[{_UP}]))"
    rf"|[^\S\n](?:{_SAYS}|{_DOES}|har|hade|är|var|ska|skulle|kan|kunde|vill|ville|måste|borde|bör|får|fick|brukar"
    rf"|gör|gjorde|vet|visste|tar|tog|kommer|kom|ringer|ringde|mejlar|mejlade|skickar|skickade|går|gick|ser|såg"
    rf"|hör|hörde|pratar|pratade|frågar|frågade|svarar|svarade|ansvarar|behöver|behövde|lovar|lovade|blir|blev"
    rf"|ger|gav|fyller|fyllde|lämnar|lämnade|sitter|satt|står|stod|bor|bodde|känner|kände|verkar|gillar|gillade|kör"
    rf"|körde|bokar|bokade|köper|köpte|tänker|tänkte|försöker|försökte|planerar|planerade|leder|ledde|mailar|mailade"
    rf"|hämtar|hämtade|lagar|lagade|hittar|hittade|glömmer|glömde|missar|missade|kollar|kollade|läser|läste|skrev"
    rf"|och[^\S\n]+(?:jag|mig))\b|[^\S\n](?:på|i|från|vid|hos|som)[^\S\n]+(?-i:[{_LO}])"
    # any word of a finite verb's form, present or past ("Per tvättade bilen", "Rosa fixar det", "Lind växer in i
    # rollen"): no list of verbs is whole, so the safe side is taken; a plural noun ("Per timmar") is masked with them
    rf"|[^\S\n](?-i:[{_LO}])\w*(?:[^\W\d_]r|[dt]e)\b)", re.IGNORECASE)


def _mask_word_part(m: re.Match) -> str:
    """A person column's name part that is an everyday word, capitalised (the last of :func:`_name_patterns`): a name
    inside a sentence ("Prata med Per om det", "Hälsningar Per"), with more of a name to it ("Per-Olof", "Pers idé")
    or before what follows a name ("Per tycker", "Per Holm", "Per!"); at a sentence's or a line's start before the
    rest of its phrase it is the word ("Per capita kostar …", "Lind växer vid skolan", "Sten och grus")."""
    if m.group("pre") or m.group("post") or _inside_sentence(m.string, m.start()) \
            or _AS_A_NAME_AFTER.match(m.string, m.end()):
        return MASKS["name"]
    return m.group(0)


@functools.cache
def _first_name_tail() -> str:
    """The shipped first names that are no everyday word, as a trie (:func:`_trie`): the second half of a double first
    name in any case (:func:`_name_patterns`)."""
    return _trie(sorted(n for n in first_names() if "-" not in n and _known_first(n, wordlike=False)))


def _surname_first_forms(name: str) -> tuple[str, ...]:
    """A name of two words or more as a roster or a payroll list writes it, surname first: "Svensson Anna",
    "Svensson, Anna" and with the surname in capitals, "SVENSSON Anna", "SVENSSON, Anna" (none for one word)."""
    words = name.split()
    if len(words) < 2:
        return ()
    last, rest = words[-1], " ".join(words[:-1])
    return tuple(f"{s}{sep} {rest}" for s in dict.fromkeys((last, last.upper())) for sep in ("", ","))


# a letter of a name an e-mail address spells, as the name may be written (with å/ä/ö, é, ü, æ, ø)
_SPELT = {"a": "[aåäæ]", "o": "[oöø]", "e": "[eéè]", "u": "[uü]", "A": "[AÅÄÆ]", "O": "[OÖØ]", "E": "[EÉÈ]", "U": "[UÜ]"}
_SPELT_TABLE = str.maketrans(_SPELT)


def _spelt_patterns(names: tuple[str, ...], whole_only: tuple[str, ...] = ()) -> tuple[re.Pattern, ...]:
    """The patterns of :func:`_name_patterns`' ``spelt`` and ``spelt_whole`` (``whole_only``) names."""
    if not names and not whole_only:
        return ()

    def any_letter(names: set[str]) -> str:  # a trie (:func:`_trie`: its letters are the names' own), each a, o, e, u a class
        return _trie(sorted(names)).translate(_SPELT_TABLE)

    def titled(p: str) -> str:
        return "-".join(w[:1].upper() + w[1:] for w in p.split("-"))

    whole = {n.casefold() for n in names if " " in n}
    parts = {p for n in names for p in _name_parts(n.casefold())}
    written = {titled(p) for p in parts} | {p.upper() for p in parts}
    more = rf"(?-i:(?:-[{_UP}][{_LO}]+)*)"
    out = []
    if whole:
        out.append(re.compile(rf"(?<!\w)(?:{any_letter(whole)}){more}s?(?!\w)", re.IGNORECASE))
    # (an "Ansvarig" column's: the whole name as a name is written, capitalised or in capitals)
    written |= {" ".join(titled(w) for w in n.split()) for n in whole_only} | {n.upper() for n in whole_only}
    if written:
        out.append(re.compile(rf"(?<!\w)(?:{any_letter(written)}){more}[sS]?(?!\w)"))
    return tuple(out)


@functools.lru_cache(maxsize=256)  # (a text's own addresses' names: the same few people again and again)
def _spelt_here(names: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """The patterns that mask the names a text's own e-mail addresses spell, in that text (as :func:`_name_patterns`'
    ``spelt`` names: the whole name in any case, a word of it as a name is written, with å/ä/ö)."""
    return _spelt_patterns(names)


_EMAIL_NAME = re.compile(r"([a-z]+(?:-[a-z]+)?)[._]([a-z]+(?:-[a-z]+)?)(?:[._]([a-z]+(?:-[a-z]+)?))?\d*")


def email_names(frame) -> tuple[str, ...]:
    """The names the e-mail addresses of the frame's person column spell ("goran.ohrstrom@kommun.se" → "goran
    ohrstrom", "anna-karin.svensson-berg@…", "märta.wästberg@…" → "marta wastberg"): a first name shipped in data/first_names.txt (without its å/ä/ö) and
    a surname, maybe a middle name between; not an address of a function or a unit ("it.support@…",
    "hemtjanst.norr@…"), nor one that is an initial and a surname."""
    from forbattra.record import PERSON

    return _spelt_names(frame[PERSON]) if PERSON in frame.columns else ()


def other_email_names(frame) -> tuple[str, ...]:
    """The names the e-mail addresses of the frame's "Ansvarig"-like columns spell (as :func:`email_names` reads
    them: "erik.lind@kommun.se" → "erik lind"; not "it.support@…"), masked whole as :func:`other_people`'s are."""
    return tuple(sorted({n for c in frame.columns if other_person_column(c) for n in _spelt_names(frame[c])}))


def text_email_names(frame) -> tuple[str, ...]:
    """The names the e-mail addresses written in the frame's other cells spell (a text's "Mejla erik.lind@kommun.se"
    → "erik lind", as :func:`email_names` reads them; not "info@…", "hemtjanst.norr@…"): masked in the whole run as
    :func:`other_email_names`' are — whole, as a name is written (the text itself masks its parts too)."""
    from forbattra.record import PERSON

    cells = (v for c in frame.columns if c != PERSON and not other_person_column(c) and frame[c].dtype == object
             for v in frame[c] if isinstance(v, str) and _has_at(v))
    return _spelt_names(cells)


def _spelt_names(values) -> tuple[str, ...]:
    """The names the e-mail addresses in ``values`` spell (:func:`email_names`), sorted."""
    from forbattra.scoring.text import fold

    firsts = {fold(n) for n in first_names()}
    out = set()
    for v in values:
        for user in _address_users(v) if isinstance(v, str) else ():  # (also "Namn <adress>"; each of several)
            m = _EMAIL_NAME.fullmatch(fold(user.casefold()))  # (typed with å/ä/ö: "märta.wästberg@…" is Märta's too)
            if m and all(p in firsts for p in m.group(1).split("-")) and len((m.group(3) or m.group(2))) >= 3:
                out.add(" ".join(g for g in m.groups() if g))
    return tuple(sorted(out))


_EMAIL_FIRST = re.compile(r"([a-z]+(?:-[a-z]+)?)(?:[._][a-z])?\d*")  # "karin@", "karin.h@", "anna-karin_b@"


def _spelt_firsts(text: str) -> list[str]:
    """The shipped first names (as a name is written: "Karin", "Åsa") that the e-mail addresses in ``text`` of a first
    name alone or with an initial spell ("karin@kommun.se", "karin.h@…", "asa.b@…"), none an everyday word ("per@",
    "sol@") nor a system's name ("agda@", "tyra@"): a text that writes such an address names her. Not "info@",
    "kontakt@", "it.support@"."""
    from forbattra.scoring.text import fold

    out: list[str] = []
    for user in _address_users(text):
        m = _EMAIL_FIRST.fullmatch(fold(user.casefold()))
        if m:
            out += [n for n in _firsts_by_fold().get(m.group(1), ())
                    if _known_first(n, wordlike=False) and n.casefold() not in _SYSTEMS]  # ("agda@": the system's)
    return out


@functools.cache
def _firsts_by_fold() -> dict[str, tuple[str, ...]]:
    """The shipped first names by their form without å/ä/ö ("asa" → "Åsa", "Asa"), each as a name is written."""
    from forbattra.scoring.text import fold

    out: dict[str, set[str]] = {}
    for n in first_names():
        out.setdefault(fold(n), set()).add("-".join(p[:1].upper() + p[1:] for p in n.split("-")))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _address_users(v: str) -> list[str]:
    """The user names of the e-mail addresses in ``v`` (a cell may hold several: "anna.svensson@kommun.se;
    erik.lind@kommun.se", two writers of one suggestion), each written as the masking rules read one: plainly
    ("anna.svensson@kommun.se"), to keep robots away ("anna.svensson [at] kommun.se") or with spaces or its "@"
    spelt out ("anna.svensson @ kommun.se", "anna.svensson at kommun punkt se"), or a space beside a dot of its user
    name ("anna. svensson@kommun.se", :func:`_joined_users`)."""
    v = _joined_users(v)
    users = [_AT_SPLIT.split(m.group(0), 1)[0] for m in _EMAIL.finditer(v)] if _has_at(v) else []
    if _AT_HINT.search(v):
        users += [m.group(0)[:at.start()].strip() for m in _EMAIL_AT.finditer(v) if (at := _AT_HINT.search(m.group(0)))]
    if _SPACED_HINT.search(v):
        users += [m.group("user") for m in _EMAIL_SPACED.finditer(v) if _spaced_is_address(m)]
    if _has_at(v):
        users += [_AT_SPLIT.split(m.group(0), 1)[0] for m in _EMAIL_BARE.finditer(v)]
    return list(dict.fromkeys(users))


def _longest_first(names) -> str:
    """An alternation of ``names`` that matches the longest name first: as a trie, so that a text is
    searched in time by its length, not by the number of names (``a|b|…`` of 10,000 names tries each at
    every word). The same matches as ``"|".join(sorted(names, key=len, reverse=True))``: at each
    letter the longer names are tried before the name that ends there (greedy ``?``)."""
    return _trie([n for n in names if n])


def _any_case_first(names) -> str:
    """:func:`_longest_first` for a pattern compiled with ``re.IGNORECASE``: the trie is built on the
    names in one case (:func:`_one_case`), so two spellings of one name ("Anna", "ANNA", "Yıldız" and
    "Yildiz") share their branch and the longest match is still found first."""
    return _trie([_one_case(n) for n in names if n])


# letters that case-insensitive matching (Python's sre) treats as one beyond their lower case: each
# class written as its first letter ("ı" as "i", "ſ" as "s", Greek and Cyrillic variant forms)
_CASE_CLASSES = ("iı", "sſ", "\u00b5\u03bc", "\u03b9\u0345\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3", "\u03b2\u03d0",
                 "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0", "\u03c0\u03d6", "\u03c1\u03f1", "\u03c3\u03c2",
                 "\u03c6\u03d5", "\u0432\u1c80", "\u0434\u1c81", "\u043e\u1c82", "\u0441\u1c83",
                 "\u0442\u1c84\u1c85", "\u044a\u1c86", "\u0463\u1c87", "\ua64b\u1c88", "\u1e61\u1e9b", "\ufb06\ufb05")
_CASE_OF = {ch: cls[0] for cls in _CASE_CLASSES for ch in cls[1:]} | {"\u0130": "i"}  # "İ": lower "i" + dot


def _one_case(name: str) -> str:
    """``name`` letter by letter in the lower case that ``re.IGNORECASE`` compares (a letter whose
    lower case is two letters, as "İ", by its simple lower case), each class of equated letters as one."""
    out = []
    for ch in name:
        low = ch.lower()
        if len(low) != 1:
            low = _CASE_OF.get(ch, ch)
        out.append(_CASE_OF.get(low, low))
    return "".join(out)


def _trie(names: list[str]) -> str:
    """The regular expression of a trie of ``names`` (at least one, none empty), longer names first; a
    space between two words of a name matches any run of white space."""
    root: dict = {}
    for n in names:
        node = root
        for ch in n:
            node = node.setdefault(ch, {})
        node[""] = {}

    # each node's expression from its children's, deepest first (a loop, not recursion: a pasted
    # sentence in a name column is a name hundreds of letters deep)
    order: list[dict] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node[k] for k in node if k)
    expr: dict[int, str] = {}
    depth: dict[int, int] = {}  # groups nested below a node: the regex parser recurses once per group
    for node in reversed(order):  # children before their parent
        kids = sorted(k for k in node if k)
        if not kids:
            expr[id(node)], depth[id(node)] = "", 0
            continue
        alts = [(_SPACE if k == " " else re.escape(k)) + expr[id(node[k])] for k in kids]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # a name ends here: the longer ones first (greedy), then this one
        expr[id(node)] = ("(?:" + body + ")?" if len(alts) == 1 else body + "?") if "" in node else body
        depth[id(node)] = max(depth[id(node[k])] for k in kids) + (len(alts) > 1 or "" in node)
    if depth[id(root)] > _MAX_NESTING:  # hundreds of names each the start of the next: no real list
        return "|".join(re.escape(n).replace("\\ ", _SPACE) for n in sorted(names, key=lambda p: (-len(p), p)))
    return expr[id(root)]


_MAX_NESTING = 100
_SPACE = r"\s+"  # "Eva  Ek", "Eva\u00a0Ek" (an export's double or non-breaking space) is "Eva Ek"


# Name parts that are also everyday Swedish words: matched only capitalised, as a name is written.
# (The lexicon cannot tell: spaCy's lemma table holds "anna" and "svensson" too.)
_EVERYDAY = frozenset("""per bo dan max ros sten stig björn sol berg lund holm strand björk lind gran ström dal
    vik sjö hav lax blom vall eng ask alm ek kvist buske mark nord syd öst väst viking jan maj liv inga hans dag
    klara karl frank van von del rosa siv min sin falk vilja ville tala rita ruta rim vide lina bror urban""".split())


# two-letter words a two-letter name part must not mask on its own ("Ha fler möten", "Om det blir")
# the two-letter words that are Swedish names too ("Bo Ek"): masked where they stand as a name, capitalised inside a
# sentence or before a verb ("Prata med Bo", "Bo har lovat"), as "Per" is (not "De", "Vi": pronouns at a sentence's start)
_TWO_LETTER_NAMES = frozenset({"bo", "ek", "al"})
_TWO_LETTER_WORDS = frozenset("""ha bo du om in ok ek jo ja nu så på av är en vi de ni mo ro te tå ål is fy go la
    le ta ge be se gå må få nå dö bi ur ut ny är ok oj åt ej al""".split())


def _is_word(part: str) -> bool:
    """A name part that is also an ordinary word ("Per" / "per vecka", "Berg" / "berg")."""
    return part.casefold() in _EVERYDAY


# columns holding half a name (a survey tool's "Förnamn" and "Efternamn" beside "E-postadress"): not the
# person column, but names all the same
NAME_PART_COLUMN = re.compile(r"^(förnamn|efternamn|tilltalsnamn|first name|last name|surname|given name)\b",
                              re.IGNORECASE)


# columns naming someone other than the writer ("Ansvarig", "Handläggare", "Kontaktperson" of a follow-up
# list): not the person column (who raised a proposal), but names all the same; "Ansvarig enhet" is a unit
OTHER_PERSON_COLUMN = re.compile(
    r"^(\w*ansvarig|ansvariga|handläggare|handläggarens namn|kontaktperson|närmaste chef|tilldelad|tilldelad till"
    r"|utförare|beslutad av|godkänd av|responsible|responsible person|assigned to|case officer)"
    r"( ?\(namn\)| (person|chef|handläggare|medarbetare|tjänsteperson)| för \w+( \w+)?| ?/ ?handläggare"
    r"|s? ?\(?(e-?post(adress)?|e-?mail|mejl(adress)?|mail(adress)?)\)?)?\s*[:*]?$",  # ("Ansvarig e-post": their addresses)
    re.IGNORECASE)


def other_person_column(header: object) -> bool:
    """Whether a column's name says it holds people other than the writer (line breaks, non-breaking and
    double spaces in an Excel header read as one space)."""
    return isinstance(header, str) and bool(OTHER_PERSON_COLUMN.match(" ".join(header.split())))


# a column of phone numbers ("Telefon", "Mobilnummer", "Tfn", "Tel. arbete"): Excel drops a number's leading
# zero (0701234567 typed into a cell is 701234567), so digits alone there are a phone number without it
PHONE_COLUMN = re.compile(r"^(?:\w*telefon(?:nummer|nr)?|tel|tfn|mobil(?:nummer|nr|telefon)?|phone(?: number)?"
                          r"|mobile(?: phone| number)?|cell ?phone)(?!\w)", re.IGNORECASE)


def phone_column(header: object) -> bool:
    """Whether a column's name says it holds phone numbers."""
    return isinstance(header, str) and bool(PHONE_COLUMN.match(" ".join(header.split())))


def mask_bare_phone(v: object) -> object:
    """A cell of a :func:`phone_column` that is a Swedish phone number Excel stored as a number — without its
    leading zero (701234567, 8 123 45 67) or its "+" (46701234567) — as ``[telefon]``; anything else as it is
    (the redactor masks the numbers written in full)."""
    if not isinstance(v, str):
        return v
    digits = v.strip()
    if not digits or not digits.replace(" ", "").replace("-", "").isdigit():
        return v
    digits = digits.replace(" ", "").replace("-", "")
    if (digits.startswith("46") and _is_phone("+", digits)) or _is_phone("", "0" + digits):
        return MASKS["phone"]
    return v


# a column of personnummer ("Personnummer", "Pnr", "Personnr", "Samordningsnummer"): Excel drops a number's leading
# zeros there too, so the personnummer of one born 2000-2009 typed without a dash (0503121236) is 503121236
PNR_COLUMN = re.compile(r"^(?:\w*personnummer|personnr|pers\.? ?nr|pnr|samordningsnummer|personal identity number"
                        r"|personal id number|social security number)(?!\w)", re.IGNORECASE)


def mask_bare_pnr(v: object) -> object:
    """A cell of a personnummer column that is a personnummer Excel stored as a number, without its leading zeros
    (503121236 for 050312-1236), as ``[personnummer]``; anything else as it is (the redactor masks one written in
    full)."""
    if not isinstance(v, str):
        return v
    digits = v.strip()
    if 7 <= len(digits) <= 9 and digits.isdigit() and _PNR.fullmatch(digits.rjust(10, "0")):
        return MASKS["pnr"]
    return v


def bare_number_masker(header: object) -> Callable[[object], object] | None:
    """How a cell of the column ``header`` is masked before the redactor reads it, where the column's name says
    it holds numbers Excel stores without their leading zeros (:func:`mask_bare_phone`, :func:`mask_bare_pnr`);
    None for any other column."""
    if phone_column(header):
        return mask_bare_phone
    if isinstance(header, str) and PNR_COLUMN.match(" ".join(header.split())):
        return mask_bare_pnr
    return None


def name_columns(frame) -> list[str]:
    """The frame's columns of first or last names (masked as the writer's name is, see :func:`person_names`)."""
    return [c for c in frame.columns if isinstance(c, str) and NAME_PART_COLUMN.match(c.strip())]


def names_people(header: str) -> bool:
    """A column (or a Word table's column) that holds people: the writer's ("Namn", "Förslagsställare") or
    another's ("Ansvarig", "Handläggare")."""
    from forbattra.inputs.tables import is_person_header

    return other_person_column(header) or is_person_header(" ".join(header.split()))


# "Anna Berg / Erik Lind", "Bo Hall samt Alma Hemmet", two people on two lines of a cell (Alt+Enter in Excel)
_PEOPLE_SPLIT = re.compile(r"\s*(?:/|;|,|&|\+|\n|\boch\b|\bsamt\b|\beller\b|\band\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset("van von de der den la le af da di del du".split())  # "Lisa van Berg", "Ebba von Sydow"


def people_in_cell(v: object) -> list[str]:
    """The people a cell of an "Ansvarig" column names: each a full name of two to four capitalised words
    (particles such as "van" aside), letters only, none a unit's or an authority's word ("IT-enheten",
    "Region Skåne"); several joined by "/", "och", "," are each one; a note in brackets ("(HR)") is left
    out. Not "Ny chef", "Ej tilldelad", "Samtliga medarbetare": a name is written with capitals."""
    if not isinstance(v, str):
        return []
    out = []
    for part in _PEOPLE_SPLIT.split(re.sub(r"\([^)]*\)", " ", v)):
        part = " ".join(part.split())
        words = [w for w in part.split() if w.casefold() not in _PARTICLES]
        if 2 <= len(words) <= 4 and all(w.replace("-", "").replace("'", "").isalpha() and w[:1].isupper() for w in words) \
                and _a_name_value(part) and _a_person(part):
            out.append(part)
    return out


def other_people(frame) -> tuple[str, ...]:
    """The full names in the frame's "Ansvarig"-like columns (sorted, unique). Masked whole, as a name is
    written (capitalised or in capitals), in every text and cell — not word by word and not in lower case
    as the writer's name is: such a column also holds roles and units that look like names ("Chef Kök",
    "Teknisk Service"), whose words must stay in the texts ("teknisk service", "kök")."""
    cells = (v for c in frame.columns if other_person_column(c) for v in frame[c])
    return tuple(sorted({p for v in cells for p in _names_in_cell(v)}))


# the people of an "Ansvarig" cell apart, but not at a comma ("Lind, Erik" is one person written surname first)
_PEOPLE_APART = re.compile(r"\s*(?:/|;|&|\+|\n|\boch\b|\bsamt\b|\beller\b|\band\b)\s*", re.IGNORECASE)


def _names_in_cell(v: object) -> list[str]:
    """The full names of an "Ansvarig" cell (:func:`people_in_cell`), each person of it written surname first too
    (:func:`_surname_first`: "Lind, Erik / Anna Berg"), without the e-mail addresses written with them ("Erik Lind
    <erik.lind@…>"; their names are :func:`other_email_names`')."""
    v = _without_address(v)
    if not isinstance(v, str):
        return []
    return [p for piece in _PEOPLE_APART.split(re.sub(r"\([^)]*\)", " ", v))
            for p in people_in_cell(piece) or _surname_first(piece)]


def people_of_cell(v: object) -> list[str]:
    """What a Word or PDF table's "Ansvarig" cell gives its proposal's *ansvarig* column, as :func:`other_people`
    and :func:`other_email_names` read a CSV or Excel "Ansvarig" column: its full names (one written surname first
    as written, "Lind, Erik") and the e-mail addresses it holds ("erik.lind@kommun.se", whose name
    ``--redact`` masks)."""
    addresses = [m.group(0) for m in _EMAIL.finditer(v)] if isinstance(v, str) and _has_at(v) else []
    return _names_in_cell(v) + addresses


# a name written surname first, as an HR list or a case system writes it ("Lind, Erik", "Berg, Anna-Karin"): in an
# "Ansvarig" cell a comma also joins two people, so only a cell of one surname (no first name) and one shipped first name
_COMMA_NAME = re.compile(rf"(?P<last>{_CAP_LAST}),[^\S\n]*(?P<first>{_CAP})")


def _surname_first(v: object) -> list[str]:
    """An "Ansvarig" cell's name written surname first ("Lind, Erik"; a note in brackets left out), as the cell writes
    it (:func:`_name_patterns` masks it so and as "Erik Lind"); else none."""
    if not isinstance(v, str):
        return []
    m = _COMMA_NAME.fullmatch(" ".join(re.sub(r"\([^)]*\)", " ", v).split()))
    if m is None or not _known_first(m.group("first")) or _known_first(m.group("last")) \
            or not _a_person(f"{m.group('first')} {m.group('last')}"):  # ("Erik, Anna": two first names, a list)
        return []
    return [m.group(0)]




def _a_name_value(v: object) -> bool:
    """A cell of a name column that holds a name: at least two letters, not a placeholder ("Vill ej uppge")."""
    if not isinstance(v, str):
        return False
    v = " ".join(v.split())
    return sum(ch.isalpha() for ch in v) >= 2 and v.casefold().rstrip(".!") not in NOT_A_NAME


# an e-mail address written with a name in a person cell, as Outlook writes a sender ("Göran Öhrström
# <goran.ohrstrom@kommun.se>", "Wästberg, Märta (marta.wastberg@kommun.se)")
_ADDRESS_IN_CELL = re.compile(rf"[<(\[]?[^\S\n]*(?:mailto:)?{_EMAIL.pattern}[^\S\n]*[>)\]]?")
# one written to keep robots away, with spaces or its "@" spelt out ("anna.svensson at kommun punkt se"): its words
# ("kommun", "punkt") are no name to mask in every text
_SPELT_IN_CELL = re.compile(rf"[<(\[]?[^\S\n]*(?:{_EMAIL_AT.pattern}|{_EMAIL_SPACED.pattern})[^\S\n]*[>)\]]?")


def _without_address(v: object) -> object:
    """A person cell's name without the e-mail address written with it (an address alone: nothing; its name is
    :func:`email_names`')."""
    if not isinstance(v, str):
        return v
    if _has_at(v):
        v = _ADDRESS_IN_CELL.sub(" ", v).strip(" ,;")
    if _AT_HINT.search(v) or _SPACED_HINT.search(v):
        v = _SPELT_IN_CELL.sub(lambda m: m.group(0) if m.group("at") is not None and not _spaced_is_address(m)
                               else " ", v).strip(" ,;")
    return v


def person_names(frame) -> tuple[str, ...]:
    """The names in the frame's person column, the first and last names of name columns joined per row
    ("Anna" + "Svensson" → "Anna Svensson", masked as a person column's name is); placeholders such as "Vill
    ej uppge" and single letters are no names (sorted, unique). The people of an "Ansvarig" column:
    :func:`other_people`."""
    from forbattra.record import PERSON

    if not len(frame):
        return ()
    names = {" ".join(v.split()) for v in map(_without_address, frame[PERSON] if PERSON in frame else ())
             if _a_name_value(v)}
    parts = [c for c in frame.columns if isinstance(c, str) and NAME_PART_COLUMN.match(c.strip())]
    if parts:
        for row in zip(*(frame[c] for c in parts)):
            joined = " ".join(" ".join(v.split()) for v in row if _a_name_value(v))
            if joined:
                names.add(joined)
    return tuple(sorted(names))


def name_parts(names: Iterable[str]) -> set[str]:
    """Lower-cased names and their parts (>= 3 letters): words a report must never show as terms."""
    out: set[str] = set()
    for n in names:
        n = (n or "").strip()
        if n:
            out.add(n.casefold())
            out.update(p.casefold() for p in _name_parts(n))
    return out


# A word of a name as a text writes it: letters, maybe joined by a hyphen or an apostrophe ("Anna-Karin", "O'Brien")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


class RunNames:
    """The names a run's texts mark as a person somewhere (:func:`run_names`), masked in every text of the run —
    where another text writes them without a cue ("Ring Gunnel Wästberg …" in one row, "Gunnel tycker …",
    "Wästbergs schema" in others). Whole names as a name is written (capitalised or in capitals, and the
    genitive); a first name alone only where it is no everyday word, system or month ("Gunnel", not "Per");
    a surname alone capitalised or in capitals where it ends as surnames do or is no Swedish word
    ("Wästberg", "Krantz"), else — a word too ("Holm", "Berg", "Fall") — only capitalised inside a sentence
    ("Prata med Holm om …"; not "Fall i trappan", "BERG"). Each text is looked up word by word in sets: no
    pattern per name, so a million rows cost what their words do."""

    def __init__(self, names: Iterable[str]) -> None:
        self.strong: set[str] = set()  # forms masked wherever written so
        self.weak: set[str] = set()  # forms masked only capitalised inside a sentence
        self.whole: dict[str, list[tuple[str, ...]]] = {}  # a name's first word (case-folded) → its later words
        self.first_words: set[str] = set()  # a whole name's first word as written
        self.saying: set[str] = set()  # a first name that is a word too: masked alone before a verb of saying only
        for raw in sorted(set(names)):
            exact = raw.startswith("=")
            words = raw.lstrip("=").split()
            # (a particle between a name's words in lower case: "Erik von Essen", "Birgitta af Klercker")
            if not words or not all(_NAME_TOKEN.fullmatch(w) and (w[0].isupper() or 0 < k < len(words) - 1
                                                                  and w in _PARTICLE_WORDS)
                                    for k, w in enumerate(words)):
                continue
            first = words[0]
            if not exact and _certain_first(first) or exact and len(words) == 1 and _not_a_word(first) \
                    and not _no_one(first):
                self.strong.update(_written(first))
            elif _known_first(first) and _named_inside(first) and not _no_one(first):
                self.saying.update(_written(first) - _genitive(first))  # ("Per tycker …": not "per vecka")
            if len(words) == 1:
                continue
            self.whole.setdefault(first.casefold(), []).append(tuple(w.casefold() for w in words[1:]))
            self.first_words.update(_written(first))
            last = words[-1]
            if len(last) < 2 or _no_one(last) or last.casefold() in _NOT_A_PERSON or last.casefold() in _PLACES:
                continue
            if not _is_word(last) and last.casefold() not in surnames() and len(last) >= 3 \
                    and (_surname(last) or _not_a_word(last)):
                self.strong.update(_written(last))
            else:
                self.weak.update(f for f in _written(last) if not f.isupper())
        for tails in self.whole.values():
            tails.sort(key=lambda t: (-len(t), t))
        self.keys = self.strong | self.weak | self.first_words | self.saying

    def __bool__(self) -> bool:
        return bool(self.keys)

    def mask(self, text: str) -> str:
        """``text`` with the run's names masked (most texts: one C-level look-up of their words)."""
        if not isinstance(text, str) or not text or self.keys.isdisjoint(_NAME_TOKEN.findall(text)):
            return text
        tokens = [(m.start(), m.end(), m.group(0)) for m in _NAME_TOKEN.finditer(text)]
        out, done, i = [], 0, 0
        while i < len(tokens):
            start, end, word = tokens[i]
            n = self._whole_at(text, tokens, i) if word in self.first_words else 0
            if n:
                end = tokens[i + n - 1][1]
                if _names_a_thing(text, end):  # a place named after the person ("Astrid Lindgrens skola")
                    i += n
                    continue
            elif (word in self.strong or (word in self.weak and not word.isupper() and _inside_sentence(text, start))
                  or (word in self.saying and _SAYS_AFTER.match(text, end))) and not _names_a_thing(text, end):
                n = 1
                # a surname's particles before it with it ("Prata med von Essen": "[namn]", not "von [namn]")
                if word not in self.saying:
                    k = i
                    while k > 0 and tokens[k - 1][2].casefold() in _PARTICLE_WORDS and tokens[k - 1][0] >= done \
                            and text[tokens[k - 1][1]:tokens[k][0]] in (" ", "\u00a0"):
                        k -= 1
                    start = tokens[k][0]
            if n and text[max(0, start - 1):start] != "[":  # (never a placeholder's word)
                out += [text[done:start], MASKS["name"]]
                done = end
            i += n or 1
        return "".join(out) + text[done:] if out else text

    def _whole_at(self, text: str, tokens: list, i: int) -> int:
        """How many words from ``tokens[i]`` on are a whole name of the run (0: none), on one line, as a name is
        written (each word capitalised or in capitals; the last in the genitive too)."""
        for tail in self.whole.get(tokens[i][2].casefold(), ()):
            if i + len(tail) >= len(tokens):
                continue
            ok = True
            for k, want in enumerate(tail, 1):
                prev_end, (start, _, word) = tokens[i + k - 1][1], tokens[i + k]
                gap = text[prev_end:start]
                last = k == len(tail)
                got = word[:-1] if last and word[-1:] in "sS" and word[:-1].casefold() == want else word
                if not gap or gap.strip() or "\n" in gap or got.casefold() != want \
                        or not (word[0].isupper() or not last and want in _PARTICLE_WORDS):  # ("von", "VON")
                    ok = False
                    break
            if ok:
                return len(tail) + 1
        return 0


_NEXT_WORD = re.compile(r"[^\S\n]+([^\W\d_]+)")


def _names_a_thing(text: str, end: int) -> bool:
    """Whether a name's word ending at ``end`` names a place, a unit or a firm with the word after it ("Maria
    Ungdom", "Linnea förskola", "Karlsson Bygg"), not a person: a unit's word, or a capitalised word that is no
    surname or first name."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    nxt = m.group(1)
    if nxt.casefold() in _UNIT_AFTER or nxt.casefold() in _NOT_A_PERSON:
        return True
    return nxt[0].isupper() and not nxt.isupper() and not (
        _surname(nxt) or nxt.casefold() in surnames() or _known_first(nxt) or _not_a_word(nxt))


_SAYS_AFTER = re.compile(rf"[^\S\n]+(?:{_SAYS})\b", re.IGNORECASE)  # (after a name: "Per tycker", "PER TYCKER")


def _written(word: str) -> set[str]:
    """A name's word as a text writes it: as given, capitalised, in capitals, and their genitive."""
    forms = {word, word[:1].upper() + word[1:], word.title(), word.upper()}  # ("SVENSSON" a caps text marked: "Svensson")
    return forms | _genitive(word)


def _genitive(word: str) -> set[str]:
    return {word + "s", word[:1].upper() + word[1:] + "s", word.title() + "s", word.upper() + "S"}


def _certain_first(word: str) -> bool:
    """A first name masked alone in a run's every text once one marks it: a shipped one that is no everyday word,
    system, month or feast ("Gunnel", "Lena"; not "Per", "Bo", "Agda", "Juni")."""
    return _named(word) and _known_first(word, wordlike=False) and not _no_one(word) \
        and word.casefold() not in _SYSTEMS


def run_names(texts: Iterable, redact: Callable[..., str], memo: dict | None = None) -> RunNames:
    """The names ``redact``'s rules mark as a person in any of ``texts`` (each distinct text masked once; its masked
    form kept in ``memo``): what :class:`RunNames` masks in all of them. The set does not depend on the texts'
    order."""
    found: list[str] = []
    memo = {} if memo is None else memo
    for t in texts:
        if isinstance(t, str) and t and t not in memo:
            memo[t] = redact(t, found)
    return RunNames(found)


def make_redactor(frame, lang: str = "sv", names: Iterable[str] = ()) -> Callable[[str], str]:
    """A redact function that also masks every name found in the frame's person and name columns (also the names
    its person column's e-mail addresses spell, :func:`email_names`), the ``names`` given (a store's names of
    the same suggestions) as a person column's are, and the full names of its "Ansvarig" columns (whole; also those
    their e-mail addresses spell, :func:`other_email_names`, and those an address in any other cell spells,
    :func:`text_email_names`);
    ``lang="en"``: with the English placeholders ("[name]", "[phone]")."""
    people, spelt = person_names(frame), email_names(frame)
    names = list(names)
    if names:
        import pandas as pd

        from forbattra.record import PERSON

        given = pd.DataFrame({PERSON: pd.Series(names, dtype=object)})
        people = tuple(sorted(set(people) | set(person_names(given))))
        spelt = tuple(sorted(set(spelt) | set(email_names(given))))
    patterns = _name_patterns(people, whole_only=other_people(frame), spelt=spelt,
                              spelt_whole=tuple(sorted(set(other_email_names(frame)) | set(text_email_names(frame)))))
    base = _redactor(patterns)
    run: list[tuple[RunNames, dict[str, str]]] = []

    def red(text: str) -> str:
        # two passes: the names every text marks, collected at the first call (so that no row's masking depends on
        # the rows before it), then each text masked with them; a text of the frame masked once
        if not run:
            run.append(_run_of(patterns, base, frame))
        names, memo = run[0]
        masked = memo.get(text) if isinstance(text, str) else None
        out = names.mask(base(text) if masked is None else masked)
        return one_mask_a_person(out) if out is not masked and isinstance(out, str) else out

    if lang == "en":
        return lambda text: in_english(red(text))
    return red


_RUNS: dict = {}  # (patterns, texts) → (RunNames, memo): a run's several redactors (a report's) collect once


def _run_of(patterns: tuple, base: Callable[..., str], frame) -> tuple[RunNames, dict[str, str]]:
    """:func:`run_names` of ``frame``'s texts, with the masked texts it made; the last two runs' kept, so that the
    redactors a command makes of the same rows (a report's tables, its selection line, its key terms) mask them once."""
    texts = tuple(t for t in _free_texts(frame) if isinstance(t, str) and t)
    key = (patterns, texts)
    if key not in _RUNS:
        memo: dict[str, str] = {}
        names = run_names(texts, base, memo)
        while len(_RUNS) >= 2:
            del _RUNS[next(iter(_RUNS))]
        _RUNS[key] = (names, memo)
    return _RUNS[key]


def _free_texts(frame) -> Iterator:
    """The cells of ``frame`` in which a person may be named in passing: its text columns, not its role, result,
    person or name columns (:func:`make_redactor` masks those names whole)."""
    from forbattra.record import DATE, GROUP, ID, PERSON, RESULT_COLUMNS, ROW

    skip = {ROW, ID, GROUP, DATE, PERSON, *RESULT_COLUMNS}
    for c in frame.columns:
        if c in skip or (isinstance(c, str) and (other_person_column(c) or names_people(c)
                                                 or NAME_PART_COLUMN.match(c.strip()))):
            continue
        if _text_dtype(frame[c]):
            yield from frame[c]


def redact_frame(frame, lang: str = "sv"):
    """``frame`` with every text cell masked (:func:`make_redactor`; unit names as :func:`with_units` gives
    them, so units that mask alike stay apart): what ``duplicates``, ``discover`` and ``review`` analyse
    under ``--redact``, so that no name can become a shared word, a key term, a label or an example. The
    person role (an internal column no output shows) is kept: people are counted, never written."""
    from forbattra.record import GROUP, PERSON, ROW

    red = make_redactor(frame, lang)
    if GROUP in frame.columns:
        red = with_units(red, frame[GROUP])
    import pandas as pd

    # each column in its own dtype: a list assigned as it is becomes pandas' string dtype, its empty cells (None)
    # NaN — which extract's .jsonl wrote as "NaN", no JSON, where the run without --redact wrote null
    masked = {c: pd.Series([red(bare(v) if (bare := bare_number_masker(c)) else v) if isinstance(v, str) and v else v
                            for v in frame[c]], index=frame.index, dtype=frame[c].dtype)
              for c in frame.columns if c not in (ROW, PERSON) and _text_dtype(frame[c])}
    return frame.assign(**masked) if masked else frame


def _text_dtype(col) -> bool:
    """Whether a column can hold text: object, or pandas' string dtype (``str``/``string``), which a document's
    columns (*fil*, *rubrik*, *förslag*) and a unit column have — skipping those left a report's texts, its file
    name and heading unmasked under ``--redact``."""
    return col.dtype == object or str(col.dtype) in ("str", "string")


_WORD = re.compile(r"\w+")


def masked_words(text: str, masked: str) -> set[str]:
    """The words (case-folded) of ``text`` that its masked form ``masked`` no longer has: the parts of the
    names, e-mail addresses and numbers masking removed."""
    if not isinstance(text, str) or not isinstance(masked, str) or text == masked:
        return set()
    from collections import Counter

    return set(Counter(_WORD.findall(text.casefold())) - Counter(_WORD.findall(masked.casefold())))


def masked_name_words(texts: Iterable, redact: Callable[[str], str]) -> set[str]:
    """The words (case-folded) masking removes from ``texts`` that are names or e-mail user names — not an
    address's domain ("kommun", "se") nor a number: words a draft or a label must never show."""
    out: set[str] = set()
    for t in texts:
        if not isinstance(t, str) or not t:
            continue
        gone = masked_words(t, redact(t))
        if gone:
            domains = {w for m in _EMAIL.finditer(t) for w in _WORD.findall(_AT_SPLIT.split(m.group(0), 1)[1].casefold())}
            domains |= {w for m in _EMAIL_AT.finditer(t) if (at := _AT_HINT.search(m.group(0)))
                        for w in _WORD.findall(m.group(0)[at.end():].casefold())}
            domains |= {w for m in _EMAIL_SPACED.finditer(t) for w in _WORD.findall(m.group("rest").casefold())}
            domains |= {w for m in _EMAIL_BARE.finditer(t) for w in _WORD.findall(_AT_SPLIT.split(m.group(0), 1)[1].casefold())}
            domains |= {w for m in _EMAIL_ENCODED.finditer(t)  # (a word of the text: "40skolan" of "lisa%40skolan.se")
                        for w in set(_WORD.findall(m.group(0).casefold())) - set(_WORD.findall(m.group(0).split("%40")[0].casefold()))}
            out.update(w for w in gone - domains if not w.isdigit())
    return out


def is_masked_word(word: str, names: set[str] | frozenset[str]) -> bool:
    """Whether a word (a label's or a keyword's) is one of ``names`` (case-folded name words), written
    with or without å/ä/ö ("wastberg" of an e-mail address) or in the genitive ("wästbergs")."""
    from forbattra.scoring.text import fold

    w = word.casefold()
    folded = {fold(n) for n in names}
    return any(x in names or fold(x) in folded for x in (w, w[:-1] if w.endswith("s") and len(w) > 3 else w))


def without_masked(words: Iterable[str], gone: set[str]) -> list[str]:
    """``words`` (evidence or shared words, maybe lemmas) less any that is, or shares its stem with, a
    word masking removed ("anna", "berg" of lisa.berg@…, "svensson" of "Svenssons")."""
    words = list(words)
    if not gone:
        return words

    def hidden(w: str) -> bool:  # the word masked, or its lemma ("svensson" of "Svenssons")
        w = w.casefold()
        if w.endswith(")") and " (" in w:  # "säga upp (saga)": a lemma and the word as written — either
            lemma, surface = w[:-1].split(" (", 1)
            return hidden(lemma) or hidden(surface)
        if "-" in w.strip("-"):  # a hyphenated word (Motivering's "Anna-Karin", a group's shared word): any part
            return any(hidden(p) for p in w.split("-") if p)
        return any(g == w or (len(w) >= 3 and g.startswith(w) and len(g) - len(w) <= 3) for g in gone)

    return [w for w in words if not hidden(w)]


def mask_units(values: Iterable, redact: Callable[[str], str]) -> list:
    """Unit names masked like text (a unit named after a person, an address), two different units never
    made one: when masking makes them equal they are numbered in order of appearance ("[namn] grupp (2)")."""
    values = list(values)
    names: dict = {}
    taken: dict[str, int] = {}
    out = []
    for v in values:
        if not isinstance(v, str) or not v:
            out.append(v)
            continue
        if v not in names:
            m = redact(v)
            if m != v:
                k = taken.get(m, 0) + 1
                taken[m] = k
                m = m if k == 1 else f"{m} ({k})"
            names[v] = m
        out.append(names[v])
    return out


def with_units(redact: Callable[[str], str], units: Iterable) -> Callable[[str], str]:
    """``redact`` that gives each unit name its :func:`mask_units` form ("[namn] grupp (2)"), so that
    every sheet and table keeps units that mask alike apart, as the .jsonl does."""
    units = [u for u in units if isinstance(u, str) and u]
    distinct = list(dict.fromkeys(units))
    named = {u: m for u, m in zip(distinct, mask_units(distinct, redact)) if m != redact(u)}
    if not named:
        return redact

    def red(text: str) -> str:
        return named.get(text) or redact(text)

    return red
