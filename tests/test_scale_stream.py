"""The streamed classify (big delimited files in chunks) against the whole-file path."""

import forbattra.workflow as workflow
from forbattra.cli import app


def test_streamed_summary_with_rows_that_have_no_unit(runner, tmp_path, monkeypatch):
    lines = ["id;Enhet;Förslag"]
    for i in range(1200):
        unit = "" if i % 7 == 0 else f"Enhet {i % 13}"
        lines.append(f"{i};{unit};Personalrummet är för litet och vi behöver fler vikarier {i}")
    src = tmp_path / "enheter.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "w.jsonl")])
    assert whole.exit_code == 0, whole.stderr
    monkeypatch.setattr(workflow, "STREAM_ABOVE_BYTES", 0)
    streamed = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "s.jsonl")])
    assert streamed.exit_code == 0, streamed.stderr  # was 1: a missing unit became NaN in the summary
    assert "i delar" in streamed.stderr
    assert streamed.stdout == whole.stdout  # the same summary table
    assert (tmp_path / "w.jsonl").read_bytes() == (tmp_path / "s.jsonl").read_bytes()
