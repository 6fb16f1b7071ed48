"""Command workflows: read → classify → summarise → write, shared by the CLI and scripts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from forbattra.inputs.tables import Suggestions



@dataclass
class ClassifyOptions:
    """Everything ``forbattra classify`` can be told, with the CLI's defaults."""

    outs: list[Path] = field(default_factory=list)
    taxonomy: str = "standard"
    model: str | None = None
    min_confidence: float | None = None
    lang: str = "sv"
    redact: bool = False
    csv_delimiter: str = ";"
    jobs: int | None = None  # processes; None = both cores for big inputs
    store: str | None = None  # history store (SQLite path or database URL)
    duplicates: bool = True  # add a "Dubbletter" sheet to .xlsx outputs


@dataclass
class ClassifyResult:
    frame: object  # the classified DataFrame
    summary: object
    by_group: object | None
    counts: dict
    classifier: object


def text_key(text: str) -> str:
    """Content hash used to remember corrections for a suggestion text."""
    from forbattra.scoring.text import normalise

    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:20]


def apply_corrections(frame, clf, corrections: dict[str, list[str]]):
    """Rows whose text was corrected by a user keep the corrected themes (status stays ``ok``)."""
    from forbattra.scoring.pipeline import EVIDENCE, SCORES, THEMES
    from forbattra.inputs.tables import TEXT

    if not corrections or not len(frame):
        return frame
    themes, scores, evidence = list(frame[THEMES]), list(frame[SCORES]), list(frame[EVIDENCE])
    for i, text in enumerate(frame[TEXT]):
        fix = corrections.get(text_key(text)) if text else None
        if fix:
            themes[i] = list(fix)
            scores[i] = {t: 1.0 for t in fix}
            evidence[i] = {t: ["manuellt rättad" if clf.taxonomy else "corrected"] for t in fix}
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence})


def inline_corrections(sugg: Suggestions, clf) -> dict[str, list[str]]:
    """Corrections typed into a 'Rättat tema' column of the input itself."""
    from forbattra.scoring.model import encode_labels
    from forbattra.outputs.writers import CORRECTION_COLUMNS
    from forbattra.inputs.tables import TEXT

    cols = [c for c in sugg.original_columns if c in CORRECTION_COLUMNS]
    if not cols:
        return {}
    values = list(sugg.frame[cols[0]])
    labels = encode_labels([_label_cell(v, clf.taxonomy) for v in values], clf.taxonomy,
                           source=f"{sugg.info.path}: column {cols[0]!r}")
    return {text_key(t): lab for t, lab in zip(sugg.frame[TEXT], labels) if lab and t}


def _label_cell(value, taxonomy) -> str:
    """Accept theme ids or labels ('Lokaler och fysisk miljö') separated by | ; or ,."""
    by_label = {taxonomy.label(t, lang).casefold(): t for t in taxonomy.ids for lang in ("sv", "en")}
    out: list[str] = []
    for part in str(value or "").replace(";", "|").split("|"):
        part = part.strip()
        if not part:
            continue
        if part.casefold() in by_label or part in taxonomy:
            out.append(by_label.get(part.casefold(), part))
        else:  # "personal, ekonomi": commas separate ids, but labels may contain commas
            out.extend(by_label.get(p.strip().casefold(), p.strip()) for p in part.split(",") if p.strip())
    return "|".join(out)


def run_classify(sugg: Suggestions, opts: ClassifyOptions, *, inputs: list[Path], progress=None,
                 log: Callable[[str], None] = lambda m: None) -> ClassifyResult:
    """Classify, apply corrections, summarise and write every output (nothing written on error)."""
    from forbattra.outputs.writers import COLS, check_outputs, result_table, write_csv, write_jsonl, write_xlsx
    from forbattra.scoring.pipeline import STATUS, build_classifier, classify_frame
    from forbattra.inputs.tables import TEXT
    from forbattra.outputs.redact import make_redactor
    from forbattra.analysis.summary import theme_by_group, theme_summary

    check_outputs(opts.outs, inputs)
    clf = build_classifier(opts.taxonomy, opts.model, min_confidence=opts.min_confidence)
    log(f"Taxonomy {clf.taxonomy.name!r} ({len(clf.themes)} themes), "
        + (f"model {clf.model_meta.get('path')}" if clf.model is not None else "keywords only (no model)"))
    frame = sugg.frame
    n = len(frame)
    store = keys = None
    reuse: dict[int, dict] = {}
    if opts.store:
        from forbattra.store import Store, row_keys, text_hash

        store = Store(opts.store)
        keys = row_keys(frame)
        known = store.lookup(keys)
        tax_hash, model_hash = clf.taxonomy.hash(), clf.model_hash
        for i, (k, text) in enumerate(zip(keys, frame[TEXT])):
            old = known.get(k)
            if old and old["text_hash"] == text_hash(text) and old["taxonomy_hash"] == tax_hash \
                    and old["model_hash"] == model_hash:
                reuse[i] = old
        if reuse:
            log(f"Store {opts.store}: {len(reuse)} of {n} suggestions unchanged since an earlier run; "
                "classifying the other " + str(n - len(reuse)))
    todo = frame if not reuse else frame.iloc[[i for i in range(n) if i not in reuse]]
    if progress is not None and len(todo):
        with progress:
            task = progress.add_task("classify", total=len(todo))
            part = classify_frame(todo, clf, jobs=opts.jobs, progress=lambda k: progress.advance(task, k))
    else:
        part = classify_frame(todo, clf, jobs=opts.jobs)
    out = _merge_reused(frame, part, reuse) if reuse else part
    corrections = dict(clf.model_meta.get("corrections_map", {})) if clf.model is not None else {}
    corrections.update(inline_corrections(sugg, clf))
    out = apply_corrections(out, clf, corrections)
    summary = theme_summary(out, clf.taxonomy, lang=opts.lang)
    by_group = theme_by_group(out, clf.taxonomy, lang=opts.lang)
    empty = int((out[STATUS] == "empty").sum()) if n else 0
    counts = {"read": n, "classified": n - empty, "empty": empty, "unchanged": len(reuse)}
    redactor = make_redactor(out) if opts.redact else None
    c = COLS[opts.lang]
    for target in opts.outs:
        suffix = target.suffix.lower()
        if suffix == ".jsonl":
            write_jsonl(out, target, redact=redactor)
        elif suffix == ".csv":
            write_csv(result_table(out, clf.taxonomy, lang=opts.lang, redact=redactor), target, delimiter=opts.csv_delimiter)
        elif suffix == ".xlsx":
            sheets = [(c["sheet_rows"], result_table(out, clf.taxonomy, lang=opts.lang, redact=redactor)),
                      (c["sheet_themes"], summary), (c["sheet_units"], by_group)]
            if opts.duplicates:
                sheets.append((c["sheet_dups"], _duplicates_sheet(out, clf, opts.lang, redactor)))
            write_xlsx(sheets, target, title="forbattra – " + ("teman" if opts.lang == "sv" else "themes"))
    if store is not None:
        stats = store.record(out, keys, source=str(sugg.info.path), taxonomy=clf.taxonomy.name,
                             taxonomy_hash=clf.taxonomy.hash(), model_hash=clf.model_hash)
        counts.update(new=stats.new, changed=stats.changed, run_id=stats.run_id)
        log(f"Store {opts.store}: run {stats.run_id}: {stats.new} new, {stats.changed} changed, "
            f"{stats.unchanged} unchanged")
    return ClassifyResult(out, summary, by_group, counts, clf)


def _duplicates_sheet(frame, clf, lang: str, redactor):
    """Near-duplicate groups for the workbook (computed once per run, even with several .xlsx)."""
    cached = frame.attrs.get("_dups")
    if cached is None:
        from forbattra.analysis.duplicates import duplicates_sheet, find_duplicates

        # The classification's primary themes (the frame's ``themes`` column) are reused: nothing is scored twice.
        dups = find_duplicates(frame, analyzer=clf.analyzer, fallback=clf.taxonomy.fallback)
        cached = duplicates_sheet(frame, dups, lang=lang, analyzer=clf.analyzer)
        frame.attrs["_dups"] = cached
    if redactor is not None and len(cached):
        text_col = cached.columns[-1]
        cached = cached.assign(**{text_col: [redactor(t) if isinstance(t, str) else t for t in cached[text_col]]})
    return cached


def _merge_reused(frame, part, reuse: dict[int, dict]):
    """Classified rows plus rows reused from the store, back in input order."""
    import json

    from forbattra.scoring.pipeline import EVIDENCE, SCORES, STATUS, THEMES

    n = len(frame)
    themes, scores, evidence, status = [None] * n, [None] * n, [None] * n, [None] * n
    it = iter(zip(part[THEMES], part[SCORES], part[EVIDENCE], part[STATUS]))
    for i in range(n):
        old = reuse.get(i)
        if old is not None:
            themes[i] = old["themes"].split("|")
            scores[i] = json.loads(old["scores"])
            evidence[i] = json.loads(old["evidence"])
            status[i] = old["status"]
        else:
            themes[i], scores[i], evidence[i], status[i] = next(it)
    return frame.assign(**{THEMES: themes, SCORES: scores, EVIDENCE: evidence, STATUS: status})


STREAM_ABOVE_BYTES = 20_000_000  # inputs bigger than this are classified chunk by chunk


def can_stream(path: Path, opts: ClassifyOptions, *, min_bytes: int | None = None) -> bool:
    """Stream a big delimited file when every output can be appended to (.jsonl/.csv)."""
    from forbattra.inputs.tables import streamable

    min_bytes = STREAM_ABOVE_BYTES if min_bytes is None else min_bytes
    return (bool(opts.outs) and all(o.suffix.lower() in (".jsonl", ".csv") for o in opts.outs)
            and not opts.store and not opts.redact and path.is_file() and path.stat().st_size >= min_bytes
            and streamable(path))


def run_classify_stream(path: Path, opts: ClassifyOptions, read_opts: dict, *, progress=None,
                        log: Callable[[str], None] = lambda m: None, chunk_rows: int = 20_000) -> ClassifyResult:
    """``classify`` for big delimited files with bounded memory: read, classify and append chunk by chunk.

    The workers are forked before any data is read, so they hold the model only. Outputs are written
    to temporary files and renamed at the end, byte-identical to :func:`run_classify`'s.
    """
    import contextlib

    import pandas as pd

    from forbattra.outputs.writers import append_csv, append_jsonl, atomic_path, check_outputs, result_table
    from forbattra.scoring.pipeline import STATUS, THEMES, build_classifier, classify_frame, default_jobs, open_pool
    from forbattra.inputs.tables import GROUP, PERSON, TEXT, iter_suggestions
    from forbattra.analysis.summary import theme_by_group, theme_summary

    check_outputs(opts.outs, [path])
    clf = build_classifier(opts.taxonomy, opts.model, min_confidence=opts.min_confidence)
    log(f"Taxonomy {clf.taxonomy.name!r} ({len(clf.themes)} themes), "
        + (f"model {clf.model_meta.get('path')}" if clf.model is not None else "keywords only (no model)"))
    jobs = opts.jobs if opts.jobs is not None else default_jobs(None)
    pool = open_pool(clf, jobs)
    compact = []
    n = empty = 0
    corrections = dict(clf.model_meta.get("corrections_map", {})) if clf.model is not None else {}
    try:
        cols, info, chunks = iter_suggestions(path, chunk_rows=chunk_rows, **read_opts)
        with contextlib.ExitStack() as stack:
            handles = []
            for target in opts.outs:
                tmp = stack.enter_context(atomic_path(target))
                if target.suffix.lower() == ".jsonl":
                    handles.append(("jsonl", stack.enter_context(open(tmp, "w", encoding="utf-8", newline="\n"))))
                else:
                    handles.append(("csv", stack.enter_context(open(tmp, "w", encoding="utf-8-sig", newline=""))))
            first = True
            for chunk in chunks:
                from forbattra.inputs.tables import Suggestions

                out = classify_frame(chunk, clf, jobs=1 if pool is None else None, pool=pool)
                fixes = dict(corrections)
                fixes.update(inline_corrections(Suggestions(chunk, cols, info), clf))
                out = apply_corrections(out, clf, fixes)
                for kind, fh in handles:
                    if kind == "jsonl":
                        append_jsonl(out, fh)
                    else:
                        append_csv(result_table(out, clf.taxonomy, lang=opts.lang), fh,
                                   delimiter=opts.csv_delimiter, header=first)
                first = False
                n += len(out)
                empty += int((out[STATUS] == "empty").sum())
                keep_text = n <= 50_000  # examples for the summary come from the first rows
                compact.append(pd.DataFrame({
                    THEMES: out[THEMES], GROUP: out[GROUP], PERSON: out[PERSON],
                    TEXT: out[TEXT] if keep_text else pd.Series([""] * len(out), index=out.index, dtype=object)}))
                if progress is not None:
                    progress(len(out))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    frame = pd.concat(compact) if compact else pd.DataFrame(columns=[THEMES, GROUP, PERSON, TEXT])
    summary = theme_summary(frame, clf.taxonomy, lang=opts.lang)
    by_group = theme_by_group(frame, clf.taxonomy, lang=opts.lang)
    counts = {"read": n, "classified": n - empty, "empty": empty, "unchanged": 0}
    return ClassifyResult(frame, summary, by_group, counts, clf)
