"""``forbattra discover``: themes the taxonomy misses, as clusters with key terms and examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from forbattra.cli.app import app, console, exit_if_skipped, info, keep_words, result, run_command, say, table_shown, ui
from forbattra.cli.options import (InputArg, Lang, ModelOpt, Outputs, Redact, TaxoOfModel, check_lang, read_input,
                                   reader_options, redacted, row_table, output_path)


CLUSTER_HEADERS = {
    "sv": {"cluster": "Kluster", "label": "Etikett", "key_terms": "Nyckelord", "phrases": "Fraser", "size": "Antal",
           "weak": "Svaga", "units": "Enheter", "top_unit": "Största enhet", "top_share": "Andel från största enhet",
           "flag": "Bedömning", "people": "Personer", "examples": "Exempel", "example_rows": "Exempelrader"},
    "en": {"cluster": "Cluster", "label": "Label", "key_terms": "Key terms", "phrases": "Phrases", "size": "Size",
           "weak": "Weak fits", "units": "Units", "top_unit": "Largest unit", "top_share": "Share from largest unit",
           "flag": "Assessment", "people": "People", "examples": "Examples", "example_rows": "Example rows"},
}
ROW_HEADERS = {"sv": {"cluster": "Kluster", "cluster_label": "Klusteretikett", "fit": "Passform", "weak": "Svag"},
               "en": {"cluster": "Cluster", "cluster_label": "Cluster label", "fit": "Fit", "weak": "Weak fit"}}


@app.command()
@run_command
@reader_options()
def discover(
    input: InputArg,
    out: Outputs = None,
    clusters: Annotated[Optional[int], typer.Option("--clusters", metavar="N", min=1, max=200, help="Number of clusters (default: chosen by silhouette, 4-20).")] = None,
    only_unmatched: Annotated[bool, typer.Option("--only-unmatched", help="Cluster only suggestions the taxonomy leaves in its fallback theme ('Övrigt'), as classify sorts them.")] = False,
    taxonomy: TaxoOfModel = None,
    model: ModelOpt = None,
    taxonomy_out: Annotated[Optional[Path], typer.Option("--taxonomy-out", metavar="FILE", parser=output_path, help="Write a draft taxonomy (YAML) with one theme per cluster.")] = None,
    guided: Annotated[bool, typer.Option("--guided/--unguided", help="Blend the model's theme scores into the text embedding (default when a model exists; off with --only-unmatched).")] = True,
    redact: Redact = False,
    lang: Lang = None,
    *,
    read,
) -> None:
    """Find themes in the suggestions without a taxonomy (clusters with key terms and examples).

    Example: forbattra discover forslag.xlsx --out kluster.xlsx --taxonomy-out utkast.yaml
    """
    from forbattra.analysis.clustering import discover_suggestions, draft_taxonomy, draft_text, draft_unedited
    from forbattra.errors import InputFileError, OutputError
    from forbattra.outputs.writers import AtomicOutputs, check_outputs, write_outputs
    from forbattra.taxonomy import dump_taxonomy, taxonomy_name

    lang = check_lang(lang)
    ui.mask = redact  # the messages quote no personal data where the outputs mask it
    outs = list(out or [])
    check_outputs(outs, [input], protect_corrections=True,
                  example_stem=f"{input.stem or 'forslag'}-{'kluster' if lang == 'sv' else 'clusters'}")
    if taxonomy_out is not None:  # checked with the outputs, before any work: nothing written on a refusal
        if taxonomy_out.resolve() == input.resolve():
            raise OutputError.of("err_overwrite_input", path=taxonomy_out)
        check_outputs([taxonomy_out], [input], suffixes=(".yaml", ".yml"), option="--taxonomy-out")
        if taxonomy_out.resolve() in {o.resolve() for o in outs}:
            raise OutputError.of("err_out_twice", path=taxonomy_out)
        if taxonomy_out.is_file() and not draft_unedited(taxonomy_out):  # a draft someone edited, or their own file
            raise OutputError.of("err_draft_edited", path=taxonomy_out)
    sugg, skipped = read_input(input, read)
    if redact:
        sugg = redacted(sugg, input, read, lang)
    frame = sugg.frame.reset_index(drop=True)
    assign, cl = discover_suggestions(frame, taxonomy=taxonomy, model=model, n_clusters=clusters,
                                      only_unmatched=only_unmatched, guided=guided, log=info, lang=lang)
    left_out = sum(c is None for c in assign["cluster"])  # --only-unmatched: what the taxonomy sorted
    if taxonomy_out is not None and not (cl["cluster"] != 0).any():
        # no cluster, no theme: a draft of Övrigt alone is a taxonomy classify refuses (nothing written)
        if left_out:
            raise InputFileError.of("err_draft_all_matched", path=taxonomy_out, n=left_out)
        raise InputFileError.of("err_draft_no_suggestions", path=taxonomy_out, n=len(frame))
    if left_out:  # in no cluster, not even group 0: said, not only left blank in the outputs
        info("unmatched_not_clustered", n=left_out)
    made = int((cl["cluster"] != 0).sum())
    if clusters and 0 < made < clusters:  # fewer than asked (no more clusters than different texts): said, not silent
        info("clusters_fewer", asked=clusters, k=made)
    sv = lang == "sv"
    from forbattra.record import GROUP, PERSON

    # no unit column (or none filled): no units, largest unit or assessment, left out as on the Teman and Dubbletter
    # sheets — a column of "0" units reads as "no unit raised it"; no person column: no people, likewise
    by_unit = () if GROUP in frame and any(isinstance(g, str) and g for g in frame[GROUP]) else (
        "units", "top_unit", "top_share", "flag")
    by_person = () if PERSON in frame and any(isinstance(p, str) and p for p in frame[PERSON]) else ("people",)
    from forbattra.analysis.summary import HEADINGS, short_text

    flags = {k: HEADINGS[lang][k] for k in ("loud", "broad", "mixed", "single", "unknown", "fallback")}
    sheet_tab = cl.assign(key_terms=cl["key_terms"].map(", ".join), phrases=cl["phrases"].map(", ".join),
                          flag=cl["flag"].map(lambda f: flags.get(f, "")),
                          # (each on one line, a cut marked "…", as the Teman sheet's examples)
                          examples=cl["examples"].map(lambda xs: "\n".join(short_text(x, 300) for x in xs)),
                          # rows of the Förslag sheet beside it (header on row 1), where the examples are
                          example_rows=cl["example_rows"].map(lambda xs: ", ".join(str(int(x) + 1) for x in xs)))
    sheet_tab = sheet_tab.drop(columns=[*by_unit, *by_person]).rename(columns=CLUSTER_HEADERS[lang])
    table, records = row_table(frame, assign, ["row", "id", "cluster", "cluster_label", "fit"], ROW_HEADERS[lang], lang)
    weak = ROW_HEADERS[lang]["weak"]
    if "weak" in assign.columns:  # a yes/no column people read, not Python's True/False
        table[weak] = [("ja" if sv else "yes") if w else "" for w in table[weak]]
    from forbattra.analysis.clustering import NO_SUGGESTION, WEAK_FIT
    from forbattra.analysis.summary import workbook_explanations
    from forbattra.outputs.writers import COLS, SHEET_CLUSTERS

    # what each column forbattra wrote means (the Förslag sheet's own: not the input's columns), as classify's has it
    notes = workbook_explanations("clusters", [(SHEET_CLUSTERS[lang], list(sheet_tab.columns)),
                                               ("Förslag" if sv else "Suggestions",
                                                [c for c in table.columns if c in ROW_HEADERS[lang].values()])],
                                  lang, fallback=NO_SUGGESTION[lang], weak=WEAK_FIT,
                                  unit_column=sugg.columns.group if sugg.columns.group in table.columns else None)
    with AtomicOutputs() as tx:  # the tables and the draft replaced together, or none of them
        write_outputs(outs, table=table, records=records, tx=tx, lang=lang,
                      sheets=[(SHEET_CLUSTERS[lang], sheet_tab), ("Förslag" if sv else "Suggestions", table),
                              (COLS[lang]["sheet_notes"], notes)],
                      # the input's numbers and dates stay numbers and dates; the largest unit as the Förslag sheet
                      # has it (a unit code 4410 a number on both, as on classify's Teman sheet)
                      typed=["Förslag" if sv else "Suggestions",
                             (SHEET_CLUSTERS[lang], CLUSTER_HEADERS[lang]["top_unit"])])
        if taxonomy_out is not None:
            from forbattra.outputs.redact import make_redactor, masked_name_words, name_parts, person_names
            from forbattra.record import TEXT

            red = make_redactor(frame, lang)
            names = name_parts(person_names(frame)) | masked_name_words(frame[TEXT], red)
            draft = draft_taxonomy(cl, name=taxonomy_name(taxonomy_out), lang=lang, redact=red, names=frozenset(names))
            tx.path(taxonomy_out).write_text(draft_text(dump_taxonomy(draft)), encoding="utf-8")
        tx.commit()
    # the table after the files: a run that cannot write them (exit 3) has printed no clusters a script would
    # take for its result; nothing to show (an empty export, or --only-unmatched on one the taxonomy sorts entirely):
    # no empty table, as duplicates prints none without groups — the lines below say why
    if table_shown(wrote=bool(outs) or taxonomy_out is not None) and len(cl):
        from rich.table import Table

        from forbattra.analysis.clustering import UNNAMED

        # the table on the terminal: the messages' language (FORBATTRA_LANG=en, files in Swedish), as classify's
        h = CLUSTER_HEADERS[ui.lang]
        terminal = Table(title=say("clusters_title"))
        # the verdict as on the Kluster sheet (its words in the terminal's language), where there is a unit column
        columns = [k for k in ("cluster", "label", "size", "units", "flag", "weak") if k not in by_unit]
        for k in columns:
            terminal.add_column(h[k], justify="left" if k in ("label", "flag") else "right")
        flag_shown = {k: HEADINGS[ui.lang][k] for k in flags}

        unnamed = re.compile(re.escape(UNNAMED[lang]).replace(r"\{n\}", r"(\d+)"))

        def shown(label: str) -> str:  # a label forbattra wrote (not the suggestions' words) in the terminal's language
            if label == NO_SUGGESTION[lang]:
                return NO_SUGGESTION[ui.lang]
            m = unnamed.fullmatch(label)
            return UNNAMED[ui.lang].format(n=m.group(1)) if m else label

        for r in cl.to_dict("records"):
            cells = {k: shown(r[k]) if k == "label" else flag_shown.get(r[k], "") if k == "flag" else str(r[k])
                     for k in columns}
            terminal.add_row(*cells.values())
        con = console()
        if "flag" in columns:  # (on 80 columns the verdict wraps at its spaces; the label gives way)
            keep_words(con, terminal, columns.index("flag"))
        con.print(terminal)
    for o in outs:
        info("wrote", path=o)
    if taxonomy_out is not None:
        # the classify line to run next writes beside, not onto, the workbook a classify of this input with the
        # standard themes wrote (INPUT-teman.xlsx), which it would refuse to overwrite with the draft's themes
        from forbattra.workflow import is_stdin

        stem = "stdin" if is_stdin(input) else input.stem or "forslag"
        # a draft none of whose clusters has a keyword (each named by its number: no word used twice in it) is one
        # --model none refuses (exit 4, it sorts by keywords alone): the line sorts by the themes' meaning instead
        by_words = any(draft[t].keywords for t in draft.content_ids)
        if not by_words:
            info("draft_no_keywords", path=taxonomy_out)
        info("draft_written", path=taxonomy_out, input=input, out=Path(f"{stem}-{taxonomy_out.stem}.xlsx"),
             model_opt=" --model none" if by_words else "", lang_opt=" --lang en" if lang == "en" else "")
    # group 0 (Inget förslag) is no cluster; n: the rows read, as classify's line counts them ("12 rader"), since
    # they hold the empty rows and non-answers too ("12 förslag" of which 3 are none)
    n_clusters = int((cl["cluster"] != 0).sum())
    # with no cluster and no file, this line is all the run shows: said under --quiet too
    (result if not n_clusters and not outs and taxonomy_out is None else info)(
        "clusters_done", n=len(frame), k=n_clusters, weak=int(cl["weak"].sum()) if len(cl) else 0)
    exit_if_skipped(skipped)
