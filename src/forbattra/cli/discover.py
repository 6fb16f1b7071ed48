"""CLI commands ``discover`` (find themes without a taxonomy) and ``duplicates`` (near-duplicates).

``register(app)`` adds both to the Typer app; typer and the standard library only at import time.
"""


import json
from pathlib import Path
from typing import Annotated, Optional

import typer


def _write_rows(outs, frame, rows_df, jsonl_keys, sheets, *, lang: str) -> None:
    """Write per-row results: .jsonl (jsonl_keys), .csv (original columns + result), .xlsx (sheets)."""
    from forbattra.outputs.writers import atomic_path, safe_cell, write_xlsx
    from forbattra.inputs.tables import INTERNAL

    orig = [c for c in frame.columns if c not in INTERNAL and not c.startswith("_")
            and c not in ("themes", "scores", "evidence", "status")]
    table = frame[orig].reset_index(drop=True).copy()
    for k in rows_df.columns:
        if k not in ("row", "id"):
            table[k] = list(rows_df[k])
    for o in outs:
        suf = o.suffix.lower()
        if suf == ".jsonl":
            with atomic_path(o) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for rec in rows_df[jsonl_keys].to_dict("records"):
                    obj = {k: _plain(v) for k, v in rec.items()}
                    fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif suf == ".csv":
            import csv

            with atomic_path(o) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
                w.writerow([safe_cell(str(c)) for c in table.columns])
                for rec in table.itertuples(index=False, name=None):
                    w.writerow([safe_cell("" if _plain(v) is None else str(_plain(v))) for v in rec])
        else:
            write_xlsx([(name, t) for name, t in sheets] + [("Förslag" if lang == "sv" else "Suggestions", table)], o)


def _plain(v):
    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    return v


def register(app: typer.Typer) -> None:
    """Add the ``discover`` and ``duplicates`` commands to ``app``."""
    from forbattra.cli.app import (DateCol, Delimiter, Encoding, GroupCol, IdCol, InputArg, Lang, MinLen, ModelOpt,
                      PersonCol, Sheet, Split, Taxo, TextCol, _console, _read, _run, _STATE, _validate_lang,
                      _validate_split, info)

    Out = Annotated[Optional[list[Path]], typer.Option("--out", "-o", help="Output file: .xlsx, .csv or .jsonl (repeat for several).")]

    @app.command()
    @_run
    def discover(
        input: InputArg,
        out: Out = None,
        clusters: Annotated[Optional[int], typer.Option("--clusters", min=1, max=200, help="Number of clusters (default: chosen by silhouette, 4-20).")] = None,
        only_unmatched: Annotated[bool, typer.Option("--only-unmatched", help="Cluster only suggestions the taxonomy leaves in 'Övrigt' or with confidence < 0.5.")] = False,
        taxonomy: Taxo = "standard",
        model: ModelOpt = None,
        taxonomy_out: Annotated[Optional[Path], typer.Option("--taxonomy-out", help="Write a draft taxonomy (YAML) with one theme per cluster.")] = None,
        guided: Annotated[bool, typer.Option("--guided/--unguided", help="Blend the model's theme scores into the text embedding (default when a model exists; off with --only-unmatched).")] = True,
        lang: Lang = "sv",
        text_column: TextCol = None,
        id_column: IdCol = None,
        group_column: GroupCol = None,
        date_column: DateCol = None,
        person_column: PersonCol = None,
        sheet: Sheet = None,
        encoding: Encoding = None,
        delimiter: Delimiter = None,
        split: Split = "auto",
        min_length: MinLen = 15,
    ) -> None:
        """Find themes in the suggestions without a taxonomy (clusters with key terms and examples).

        Example: forbattra discover forslag.xlsx --out kluster.xlsx --taxonomy-out utkast.yaml
        """
        from forbattra.analysis.clustering import discover as run_discover, draft_taxonomy
        from forbattra.outputs.writers import atomic_path, check_outputs
        from forbattra.taxonomy import dump_taxonomy

        _validate_lang(_validate_split(split) and lang)
        outs = list(out or [])
        check_outputs(outs, [input])
        if taxonomy_out is not None and taxonomy_out.resolve() == input.resolve():
            from forbattra.errors import OutputError

            raise OutputError(f"{taxonomy_out}: refusing to overwrite the input file")
        sugg, _ = _read(input, text_column=text_column, id_column=id_column, group_column=group_column,
                        date_column=date_column, person_column=person_column, sheet=sheet, encoding=encoding,
                        delimiter=delimiter, split=split, min_length=min_length)
        frame = sugg.frame.reset_index(drop=True)
        guide = None
        if only_unmatched or guided:
            from forbattra.scoring.pipeline import build_classifier, classify_frame, theme_scores

            clf = build_classifier(taxonomy, model)
            if only_unmatched:
                frame = classify_frame(frame, clf)
                frame.attrs["fallback"] = clf.taxonomy.fallback
            elif clf.model is not None:
                # Known themes guide the embedding; text features keep room for new topics.
                from forbattra.inputs.tables import TEXT

                guide = theme_scores(list(frame[TEXT]), clf)
                info("Clustering guided by the model's theme scores (--unguided for text only)")
        assign, cl = run_discover(frame, n_clusters=clusters, only_unmatched=only_unmatched, guide=guide)
        if not _STATE["quiet"]:
            from rich.table import Table

            sv = lang == "sv"
            table = Table(title="Kluster" if sv else "Clusters")
            for c in (("Kluster", "Cluster"), ("Etikett", "Label"), ("Antal", "Size"), ("Enheter", "Units"),
                      ("Svaga", "Weak")):
                table.add_column(c[0] if sv else c[1], justify="left" if c[0] == "Etikett" else "right")
            for r in cl.to_dict("records"):
                table.add_row(str(r["cluster"]), r["label"], str(r["size"]), str(r["units"]), str(r["weak"]))
            _console().print(table)
        sheet_tab = cl.assign(key_terms=cl["key_terms"].map(", ".join), phrases=cl["phrases"].map(", ".join),
                              examples=cl["examples"].map(lambda xs: "\n".join(" ".join(x.split())[:300] for x in xs)),
                              example_rows=cl["example_rows"].map(lambda xs: ", ".join(map(str, xs))))
        _write_rows(outs, frame, assign, ["row", "id", "cluster", "cluster_label", "fit"],
                    [("Kluster" if lang == "sv" else "Clusters", sheet_tab)], lang=lang)
        for o in outs:
            info(f"Wrote {o}")
        if taxonomy_out is not None:
            with atomic_path(taxonomy_out) as tmp:
                tmp.write_text(dump_taxonomy(draft_taxonomy(cl)), encoding="utf-8")
            info(f"Wrote {taxonomy_out}; review it, then: forbattra classify {input} --taxonomy {taxonomy_out} --model none")
        info(f"{len(frame)} suggestions, {len(cl)} clusters, {int(cl['weak'].sum()) if len(cl) else 0} weak fits.")

    @app.command()
    @_run
    def duplicates(
        input: InputArg,
        out: Out = None,
        threshold: Annotated[Optional[float], typer.Option("--threshold", min=0.0, max=1.0, help="Similarity (0-1) at which two suggestions count as duplicates (default 0.65).")] = None,
        lang: Lang = "sv",
        text_column: TextCol = None,
        id_column: IdCol = None,
        group_column: GroupCol = None,
        date_column: DateCol = None,
        person_column: PersonCol = None,
        sheet: Sheet = None,
        encoding: Encoding = None,
        delimiter: Delimiter = None,
        split: Split = "auto",
        min_length: MinLen = 15,
    ) -> None:
        """Find suggestions that say the same thing, also in other words (near-duplicate groups).

        Example: forbattra duplicates forslag.xlsx --out dubbletter.xlsx
        """
        from forbattra.analysis.duplicates import DEFAULT_THRESHOLD, duplicates_sheet, find_duplicates
        from forbattra.outputs.writers import check_outputs

        _validate_lang(_validate_split(split) and lang)
        outs = list(out or [])
        check_outputs(outs, [input])
        sugg, _ = _read(input, text_column=text_column, id_column=id_column, group_column=group_column,
                        date_column=date_column, person_column=person_column, sheet=sheet, encoding=encoding,
                        delimiter=delimiter, split=split, min_length=min_length)
        frame = sugg.frame.reset_index(drop=True)
        dup = find_duplicates(frame, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
        sheet_df = duplicates_sheet(frame, dup, lang=lang)
        _write_rows(outs, frame, dup, ["row", "id", "duplicate_group", "similarity"],
                    [("Dubbletter" if lang == "sv" else "Duplicates", sheet_df)], lang=lang)
        n_groups = len({g for g in dup["duplicate_group"] if g is not None})
        n_rows = sum(g is not None for g in dup["duplicate_group"])
        if not _STATE["quiet"]:
            typer.echo(f"{n_groups} duplicate groups with {n_rows} of {len(frame)} suggestions.")
        for o in outs:
            info(f"Wrote {o}")
