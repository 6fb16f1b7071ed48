"""Evaluation against labelled suggestions: per-theme precision/recall/F1, micro/macro F1, confusions."""

from __future__ import annotations

from typing import Sequence

from forbattra.taxonomy import Taxonomy


def evaluate(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], taxonomy: Taxonomy) -> dict:
    """Multi-label metrics over all themes of ``taxonomy`` (the fallback counts as a theme); macro-F1 averages
    the themes labelled or predicted at least once, as scikit-learn's ``f1_score(average="macro")`` does.

    ``confusions`` lists (gold primary, predicted primary, count) where they differ, most common first.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    per: dict[str, dict] = {}
    f1s: list[float] = []  # unrounded, of the themes labelled or predicted (scikit-learn's macro average)
    tp_all = fp_all = fn_all = 0
    for t in (t.id for t in taxonomy.themes if not t.manual):  # (a manual theme is never predicted)
        tp = sum(1 for g, p in zip(gold, pred) if t in g and t in p)
        fp = sum(1 for g, p in zip(gold, pred) if t not in g and t in p)
        fn = sum(1 for g, p in zip(gold, pred) if t in g and t not in p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[t] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
        if tp + fn + fp:  # a theme given to rows none is labelled with counts too (F1 0), one neither set does not
            f1s.append(f1)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    conf: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, pred):
        if g and p and g[0] != p[0]:
            conf[(g[0], p[0])] = conf.get((g[0], p[0]), 0) + 1
    confusions = [{"gold": a, "predicted": b, "count": c}
                  for (a, b), c in sorted(conf.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    primary_acc = sum(1 for g, p in zip(gold, pred) if g and p and g[0] == p[0]) / len(gold) if gold else 0.0
    return {"n": len(gold), "micro_precision": round(micro_p, 4), "micro_recall": round(micro_r, 4),
            "micro_f1": round(micro, 4), "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
            "primary_accuracy": round(primary_acc, 4), "per_theme": per, "confusions": confusions}


def format_report(report: dict, taxonomy: Taxonomy, lang: str = "sv"):
    """A Rich renderable of an evaluation report, in ``lang`` (``sv`` or ``en``)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from forbattra.i18n import decimal
    from forbattra.i18n import t as tr

    t = Table(title=tr("eval_per_theme", lang, n=report["n"]))
    cols = [tr(k, lang) for k in ("eval_theme", "eval_precision", "eval_recall")] + ["F1", tr("eval_support", lang)]
    for i, c in enumerate(cols):
        t.add_column(c, justify="left" if i == 0 else "right")
    def name(tid: str) -> str:  # a theme as each table names it: the id one types, the label one reads
        return f"{tid} ({taxonomy.label(tid, lang)})"

    for tid, m in report["per_theme"].items():
        t.add_row(name(tid), *(decimal(m[k], lang) for k in ("precision", "recall", "f1")), str(m["support"]))
    head = Text(tr("eval_head", lang, micro=report["micro_f1"], p=report["micro_precision"], r=report["micro_recall"],
                   macro=report["macro_f1"], primary=report["primary_accuracy"]))
    c = Table(title=tr("eval_confusions", lang))
    for k in ("eval_gold", "eval_predicted", "eval_count"):
        c.add_column(tr(k, lang), justify="right" if k == "eval_count" else "left")
    for row in report["confusions"]:  # (the JSON keeps the ids alone)
        c.add_row(name(row["gold"]), name(row["predicted"]), str(row["count"]))
    # (no confusion at all: said in a line, not a table's headings over no row)
    parts = [head, t, c if report["confusions"] else Text(tr("eval_no_confusions", lang))]
    if report.get("manual_only"):
        manual = ", ".join(repr(taxonomy.label(t.id, lang)) for t in taxonomy.themes if t.manual)
        parts.insert(1, Text(tr("eval_manual_only", lang, n=report["manual_only"], themes=manual)))
    if report.get("no_text"):
        rows = report.get("no_text_rows") or []
        parts.insert(1, Text(tr("eval_no_text", lang, n=report["no_text"],
                                rows=", ".join(map(str, rows[:8])) + (" …" if len(rows) > 8 else ""))))
    if report.get("unlabelled"):
        parts.insert(1, Text(tr("eval_unlabelled", lang, n=report["unlabelled"])))
    return Group(*parts)


def evaluate_labelled(sugg, label_column: str, clf, *, source: str = "input", hint="") -> dict:
    """Classify labelled suggestions with ``clf`` and measure the result against the label column.

    The labels are read as ``train`` reads them (theme ids or labels, any case, several separated by
    ``|`` or ``;``; an unknown one is an error naming the row Excel shows). Rows without a label are
    left out of every figure and counted (``unlabelled``): a partly labelled file measures its
    labelled rows, not "no theme" for the others. A labelled row without text is no decision of the
    classifier: left out too, counted (``no_text``) with its rows as Excel shows them (``no_text_rows``). A theme only a person sets (``manual``: huset's Garage) is
    never predicted, so it is not measured: rows labelled only with it are left out and counted
    (``manual_only``). ``hint`` (a message starting with '; ') ends the error
    for unknown labels."""
    from forbattra.i18n import Msg
    from forbattra.record import ROW, TEXT
    from forbattra.scoring.pipeline import classify_frame
    from forbattra.scoring.labels import resolve_rows

    frame = sugg.frame
    gold = resolve_rows(list(frame[label_column]), list(frame[ROW]), sugg.info, clf.taxonomy,
                         Msg("err_source_column", name=source, column=repr(label_column)), hint, column=label_column)
    # a theme only a person sets (huset's Garage) is never assigned: not measured, its rows said apart
    manual = {t.id for t in clf.taxonomy.themes if t.manual}
    parked = sum(bool(g) and set(g) <= manual for g in gold)
    gold = [[t for t in g if t not in manual] for g in gold] if manual else gold
    # a labelled row without text (a blank answer labelled Övrigt) is nothing the classifier decided: left
    # out and said with its row, as train leaves it out
    texts = list(frame[TEXT])
    blank = [i for i, g in enumerate(gold) if g and not (isinstance(texts[i], str) and texts[i].strip())]
    blank_set = set(blank)
    keep = [i for i, g in enumerate(gold) if g and i not in blank_set]
    unlabelled = len(gold) - len(keep) - len(blank) - parked
    if not keep:
        from forbattra.errors import InputFileError

        if blank:  # the labels stand beside another column's texts
            raise InputFileError.of("err_eval_no_text", source=source, n=len(blank))
        if parked:  # every labelled row holds only a theme the classifier never sets
            from forbattra.i18n import PerLang

            manual_themes = [t for t in clf.taxonomy.themes if t.manual]
            raise InputFileError.of("err_only_manual_labels", source=source, column=label_column, n=parked,
                                    themes=PerLang({lg: ", ".join(repr(clf.taxonomy.label(t.id, lg)) for t in manual_themes)
                                                    for lg in ("sv", "en")}))
        raise InputFileError.of("err_no_labels_column", source=source, column=label_column)
    part = frame.iloc[keep] if len(keep) < len(frame) else frame
    res = classify_frame(part, clf)
    report = evaluate([gold[i] for i in keep], list(res["themes"]), clf.taxonomy)
    report["unlabelled"] = unlabelled
    if parked:
        report["manual_only"] = parked
    if blank:
        report["no_text"] = len(blank)
        report["no_text_rows"] = [sugg.info.excel_row(int(frame[ROW].iloc[i])) for i in blank]
    return report
