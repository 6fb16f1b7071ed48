"""Domain vocabulary (synonym concepts, generic words, non-suggestion phrases) read once from
``forbattra/data/vocabulary.yaml``, so it can be reviewed and extended without touching code."""

from __future__ import annotations

import functools
from importlib import resources

from forbattra.scoring.text import fold


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The parsed vocabulary file: ``synonyms`` (concept → folded stems), ``generic`` (frozenset of
    folded lemmas), ``shared_filler`` (folded words never shown as a duplicate group's shared words),
    ``nonsuggestion``, ``nonsuggestion_filler`` and ``nonsuggestion_count`` (folded phrases / words),
    ``nonsuggestion_irony`` (folded word tuples), ``praise_openers``,
    ``praise_subjects``, ``praise_tail`` and ``praise_stoppers`` (folded phrases / words: an answer that
    only thanks)."""
    import yaml

    raw = yaml.load((resources.files("forbattra") / "data" / "vocabulary.yaml").read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: the same data, faster

    def f(w) -> str:
        return fold(str(w).casefold()).strip()

    return {
        "synonyms": {str(c): tuple(f(w) for w in ws) for c, ws in raw["synonyms"].items()},
        "generic": frozenset(f(w) for w in raw["generic"]),
        "shared_filler": frozenset(f(w) for w in raw.get("shared_filler", ())),
        "nonsuggestion": tuple(f(w) for w in raw["nonsuggestion"]),
        "nonsuggestion_filler": frozenset(f(w) for w in raw["nonsuggestion_filler"]),
        "nonsuggestion_count": frozenset(f(w) for w in raw.get("nonsuggestion_count", ())),
        "nonsuggestion_irony": tuple(tuple(f(w).split()) for w in raw.get("nonsuggestion_irony", ())),
        "praise_openers": tuple(f(w) for w in raw.get("praise_openers", ())),
        "praise_stoppers": frozenset(f(w) for w in raw.get("praise_stoppers", ())),
        "praise_subjects": frozenset(f(w) for w in raw.get("praise_subjects", ())),
        "praise_tail": frozenset(f(w) for w in raw.get("praise_tail", ())),
        # asks by token as written (lower case) and folded, so lookups need no folding
        "asks": {k: str(a) for a, ws in raw.get("asks", {}).items() for w in ws
                 for k in (f(w), str(w).casefold())},
    }
