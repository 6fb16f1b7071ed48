"""Markdown renderer: headline figures and tables to paste into minutes.

Markdown passes raw HTML through, so every piece of user text (title, unit and organisation names,
theme labels, examples) is HTML-escaped, Markdown's own syntax characters are backslash-escaped, and
table cells lose their newlines and escape ``|``. Charts are not drawn; their headings and notes are kept.
"""

from __future__ import annotations

import html
import re

from forbattra.outputs.report.data import TEXTS, clip_text
from forbattra.outputs.report.sections import Cards, Chart, Report, Table, Text, ThemeCard, count, pct

# characters that start Markdown syntax inside inline text (CommonMark's ASCII punctuation that matters)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # runs of white space, but not the spaces that must not break ("21 050")
_NUMBERED = re.compile(r"(\d{1,9})[.)](?:\s|$)")  # an ordered list's marker, at the start of a text


def md_text(value) -> str:
    """Inline Markdown text: HTML-escaped, syntax characters escaped, whitespace collapsed."""
    s = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    s = _SPACES.sub(" ", s.replace(_SOFT_HYPHEN, "")).strip()
    s = html.escape(s, quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    if s and s[0] in "+-":  # would start a list item
        s = "\\" + s
    elif m := _NUMBERED.match(s):  # "1. Fler datorer": the '.' escaped, as Markdown keeps a backslash before a digit
        s = s[:m.end(1)] + "\\" + s[m.end(1):]
    return s


def _cell(v, j: int, table: Table, lang: str) -> str:
    if j in table.percent and isinstance(v, float):
        return pct(v, lang)
    if j in table.numeric and isinstance(v, int) and not isinstance(v, bool):
        return count(v, lang)
    return md_text(v)


def _table(table: Table, lang: str) -> str:
    headers = table.headers or [""] * max((len(r) for r in table.rows), default=1)
    lines = ["| " + " | ".join(md_text(x) for x in headers) + " |",
             "|" + "|".join("---:" if j in table.numeric else "---" for j in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(_cell(x, j, table, lang) for j, x in enumerate(r)) + " |" for r in table.rows]
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    lang = report.lang
    t = TEXTS[lang]
    out = [f"# {md_text(report.title)}", ""]
    for s in report.for_format("md"):
        if isinstance(s, Cards):
            out.append(" · ".join(f"{md_text(k)}: {md_text(count(v, lang) if isinstance(v, int) else v)}"
                                  for k, v in s.items))
            out.append("")
            out.append(md_text(" · ".join(report.meta)))
            out.append("")
            out.append(f"*{md_text(report.privacy)}*")
            out.append("")
        elif isinstance(s, Text):
            if s.title:
                out += [f"{'#' * s.level} {md_text(s.title)}", ""]
            for p in s.paragraphs:
                out += [md_text(p), ""]
            if s.bullets:
                out += [f"- {md_text(b)}" for b in s.bullets] + [""]
        elif isinstance(s, Table):
            if s.title:
                out += [f"{'#' * s.level} {md_text(s.title)}", ""]
            if s.note:
                out += [f"*{md_text(s.note)}*", ""]
            out += [_table(s, lang), ""]
        elif isinstance(s, Chart):
            if s.title:
                out += [f"## {md_text(s.title)}", ""]
            if s.note:
                out += [f"*{md_text(s.note)}*", ""]
        elif isinstance(s, ThemeCard):
            out += [f"### {md_text(s.title)} · {md_text(s.meta)}", ""]
            if s.description:
                out += [md_text(s.description), ""]
            if s.terms:
                out += [f"**{md_text(t['terms'])}:** " + ", ".join(md_text(x) for x in s.terms), ""]
            if s.examples:
                out += [f"{i}. " + md_text(clip_text(tx)) + (f" — *{md_text(g)}*" if g else "")
                        for i, (tx, g) in enumerate(s.examples, start=1)] + [""]
            elif s.empty_note:
                out += [f"*{md_text(s.empty_note)}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"
