"""The per-row record every module shares: the input roles and the result fields.

A read frame carries the input's own columns plus the role columns below (they start with ``_`` so
they never clash with a user's column); scoring adds the result fields. Readers, scoring, analysis,
outputs and the store all name columns through this module, so none of them imports another just
for a column name. Only constants live here.
"""

from __future__ import annotations

import re

# Input roles (internal column names).
ROW, ID, TEXT, GROUP, DATE, PERSON = "_row", "_id", "_text", "_group", "_date", "_person"
INTERNAL = (ROW, ID, TEXT, GROUP, DATE, PERSON)

# Result fields added by scoring.
THEMES, SCORES, EVIDENCE, STATUS = "themes", "scores", "evidence", "status"
RESULT_COLUMNS = (THEMES, SCORES, EVIDENCE, STATUS)

# Values of STATUS.
OK, EMPTY, NO_SUGGESTION = "ok", "empty", "no_suggestion"

# Characters no one sees (zero-width space, soft hyphen, byte order mark, word joiner, direction marks: Unicode's
# format characters), pasted from a web page, Teams or Word: a label with one is the same label, a cell of only
# such characters is empty
INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
