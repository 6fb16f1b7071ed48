"""PyYAML's words for the slips people make writing YAML by hand, and what to do about them.

Shared by the two loaders of hand-written YAML: a taxonomy (:mod:`forbattra.taxonomy`) and a config file
(:mod:`forbattra.config`). Each hint is an i18n message key (``tx_hint_*``); the loader decides which apply.
"""

from __future__ import annotations

OPENED = ("while scanning a quoted scalar", "while parsing a flow")  # PyYAML's context of an unclosed quote/bracket
HINTS = (("cannot start any token", "tx_hint_tab"),  # a tab for indentation (or a stray @, `)
         ("found a tab character", "tx_hint_tab"),
         ("did not find expected '-' indicator", "tx_hint_indent"),
         ("did not find expected ',' or ']'", "tx_hint_bracket"),
         ("did not find expected key", "tx_hint_key"),
         ("mapping values are not allowed", "tx_hint_colon"),  # label: Tak: Vision och mål
         ("could not find expected ':'", "tx_hint_colon_missing"),
         ("expected <block end>", "tx_hint_indent"),
         ("while scanning a quoted scalar", "tx_hint_quote"),
         ("found unexpected end of stream", "tx_hint_quote"),
         ("found undefined alias", "tx_hint_star"),  # keywords: [*viktigt]
         ("sequence entries are not allowed", "tx_hint_dash_inline"))  # keywords: - lön
# the slips PyYAML names by what it was reading: a value that starts with '*' or '&' ('*viktigt*'), an empty item
# between two commas of a [ ] list ('[lön, , rum]')
CONTEXT_HINTS = (("while scanning an alias", "", "tx_hint_star"), ("while scanning an anchor", "", "tx_hint_star"),
                 ("while parsing a flow node", "node content", "tx_hint_empty_item"))


def line_without_colon(lines: list[str], row: int, column: int) -> int:
    """The 1-based line above ``row`` whose key lacks its ':', when the ':' PyYAML stopped at (``row``,
    ``column``, 0-based) ends a plain text that began there: 'name t' / 'themes:' reads as one text 'name t
    themes' followed by ':'. 0 when the text before that ':' is a value of its own line (label: Tak: Vision)."""
    if row >= len(lines) or ":" in lines[row][:column]:
        return 0
    for i in range(row - 1, -1, -1):
        above = lines[i].split(" #")[0].strip()
        if above and not above.startswith("#"):
            return 0 if ":" in above else i + 1
    return 0
