import csv

from typer.testing import CliRunner

from forbattra.cli import app


THEMES = {
    "vikarie": ["Det finns inga vikarier att ringa in på helgerna", "Vi behöver fler timvikarier till sommaren",
                "Vikariepoolen är tom och ingen ersätter sjuka kollegor", "Svårt att få tag på vikarier vid sjukdom",
                "Vikarierna får ingen introduktion innan de börjar", "Bemanningen med vikarier fungerar dåligt"],
    "lokal": ["Personalrummet är för litet för alla", "Lokalerna är trånga och ventilationen dålig",
              "Vi saknar ett samtalsrum för enskilda samtal", "Omklädningsrummet är för litet och kallt",
              "Lokalen behöver renoveras, det läcker från taket", "Fler rum behövs, lokalerna räcker inte"],
    "dator": ["Datorerna är gamla och startar långsamt", "Vi behöver fler datorer på avdelningen",
              "Inloggningen i datorn tar evigheter varje morgon", "Datorn kraschar när journalsystemet öppnas",
              "Byt ut de gamla datorerna mot nya laptops", "Det saknas datorer till personalen på natten"],
}


def _write(tmp_path):
    p = tmp_path / "in.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "enhet", "förslag"])
        i = 0
        for k in range(2):
            for texts in THEMES.values():
                for t in texts:
                    i += 1
                    w.writerow([f"f{i:03d}", f"Enhet {i % 4}", t + ("." if k else "")])
    return p


def test_discover_library_every_row_assigned(tmp_path):
    import pandas as pd

    from forbattra.analysis.clustering import discover, draft_taxonomy
    from forbattra.taxonomy import dump_taxonomy, parse_taxonomy

    texts = [t for ts in THEMES.values() for t in ts] * 2
    frame = pd.DataFrame({"_row": range(1, len(texts) + 1), "_id": [str(i) for i in range(len(texts))],
                          "_text": texts, "_group": ["A", "B", "C"] * (len(texts) // 3)})
    a, c = discover(frame, n_clusters=3)
    assert len(a) == len(texts)
    assert a["cluster"].notna().all()
    assert all(0.0 <= f <= 1.0 for f in a["fit"])
    assert c["size"].sum() == len(texts)
    assert all(len(ex) == 3 for ex in c["examples"])
    tax = draft_taxonomy(c)
    again = parse_taxonomy(dump_taxonomy(tax))
    assert again.ids == tax.ids and again.ids[-1] == "ovrigt" and again.ids[0] == "kluster_01"
    assert [t.keywords for t in again.themes] == [t.keywords for t in tax.themes]
    # Clusters must separate clearly different groups; which words become labels is not asserted
    # (an unstable detail of k-means and tie-breaking across library versions).
    from collections import Counter

    truth = [name for name, ts in THEMES.items() for _ in ts] * 2
    pairs = Counter(zip(a["cluster"], truth))
    purity = sum(max(n for (cl, _), n in pairs.items() if cl == k) for k in set(a["cluster"])) / len(truth)
    assert purity >= 0.8
    majority = {name: Counter(cl for cl, t in zip(a["cluster"], truth) if t == name).most_common(1)[0][0]
                for name in THEMES}
    assert len(set(majority.values())) == len(THEMES)


def test_discover_cli_deterministic_and_draft_taxonomy(tmp_path):
    src = _write(tmp_path)
    runner = CliRunner()
    outs = []
    for n in (1, 2):
        o = tmp_path / f"k{n}.jsonl"
        r = runner.invoke(app, ["discover", str(src), "--out", str(o), "--taxonomy-out", str(tmp_path / "draft.yaml")])
        assert r.exit_code == 0, r.stderr
        outs.append(o.read_bytes())
    assert outs[0] == outs[1]
    lines = outs[0].decode("utf-8").splitlines()
    assert len(lines) == 36
    import json

    objs = [json.loads(x) for x in lines]
    assert set(objs[0]) == {"row", "id", "cluster", "cluster_label", "fit"}
    assert all(isinstance(o["cluster"], int) for o in objs)
    r = runner.invoke(app, ["taxonomy", "validate", str(tmp_path / "draft.yaml")])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["classify", str(src), "--taxonomy", str(tmp_path / "draft.yaml"), "--model", "none",
                            "--out", str(tmp_path / "c.jsonl")])
    assert r.exit_code == 0, r.stderr
    assert len((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()) == 36


def test_discover_xlsx_and_only_unmatched(tmp_path):
    src = _write(tmp_path)
    r = CliRunner().invoke(app, ["discover", str(src), "--only-unmatched", "--clusters", "2", "--model", "none",
                                 "--out", str(tmp_path / "k.xlsx"), "--out", str(tmp_path / "k.csv")])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "k.xlsx").stat().st_size > 0
    assert (tmp_path / "k.csv").read_text(encoding="utf-8-sig").count("\n") == 37


def test_discover_bad_output_suffix(tmp_path):
    src = _write(tmp_path)
    r = CliRunner().invoke(app, ["discover", str(src), "--out", str(tmp_path / "k.txt")])
    assert r.exit_code != 0
    assert "unknown output format" in r.stderr
