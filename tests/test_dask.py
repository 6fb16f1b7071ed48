"""``classify_chunk`` under real Dask: a 2-process LocalCluster runs it with ``map_partitions`` on a
partitioned input and gets exactly what one machine gets for the same rows."""

import json
from pathlib import Path

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="dask[dataframe] is in the test extra")
distributed = pytest.importorskip("distributed", reason="distributed is in the test extra")

from forbattra.inputs.tables import TEXT  # noqa: E402
from forbattra.scoring.pipeline import build_classifier, classify_chunk, classify_frame  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _rows() -> pd.DataFrame:
    df = pd.read_csv(ROOT / "sample_data" / "markt.csv", sep=";", dtype=str)
    df = df[["id", "enhet", "text"]]
    # an empty and a missing text travel through the cluster too
    extra = pd.DataFrame({"id": ["x-1", "x-2"], "enhet": ["A", "B"], "text": ["", None]})
    return pd.concat([df, extra], ignore_index=True)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def test_map_partitions_on_a_cluster_equals_one_machine(client):
    df = _rows()
    ddf = dd.from_pandas(df, npartitions=5)
    # the meta a user writes (README): the output columns are text; scores/evidence are JSON
    meta = ddf._meta.assign(**{c: pd.Series(dtype="string")
                               for c in ("themes", "primary_theme", "scores", "evidence", "status")})
    got = ddf.map_partitions(classify_chunk, "text", meta=meta).compute().sort_index()
    # the work really ran in more than one worker process
    assert len({pid for pid in client.run(lambda: __import__("os").getpid()).values()}) == 2

    # single machine, same rows: the chunk function on the whole frame ...
    whole = classify_chunk(df, "text")
    assert len(got) == len(df) and list(got.index) == list(df.index)
    for col in ("themes", "primary_theme", "scores", "evidence", "status"):
        assert list(got[col]) == list(whole[col]), col
    # ... and the library's classify_frame (the CLI's path)
    ref = classify_frame(pd.DataFrame({TEXT: df["text"].fillna("")}), build_classifier("standard"))
    assert list(got["themes"]) == ["|".join(t) for t in ref["themes"]]
    assert [json.loads(s) for s in got["scores"]] == list(ref["scores"])
    assert list(got["status"]) == list(ref["status"]) and list(got["status"])[-2:] == ["empty", "empty"]


def _readme_recipe() -> str:
    """The Dask code block of the README, as a user copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("**Beyond one machine: Dask.**")
    block = readme[readme.index("```python\n", start) + len("```python\n"):]
    return block[:block.index("```")]


def test_the_readme_recipe_reads_every_row_of_exports_with_line_breaks_in_their_texts(client, tmp_path, monkeypatch):
    """Free-text exports often hold line breaks inside quoted cells. The README's recipe read them in byte
    blocks (blocksize="64MB"), which Dask cuts at any line break: an export bigger than a block failed
    ('EOF inside string') or had its rows cut apart; and pandas' default missing-value words made the answer
    "NA" (no suggestion, on one machine) an empty row. Here each export is bigger than a block (the block
    made 2 KB, as a 64 MB block is to a bigger export): every row comes back once, classified as one
    machine classifies it."""
    texts = ["Fler vikarier i sommar.\nOch bättre introduktion för nya kollegor; gärna i år",
             "Datorerna är för långsamma\noch nätet krånglar varje morgon",
             "Personalrummet är för litet,\n\nvi behöver ett större med fler fönster", "NA", ""]
    frames = []
    for f in range(2):
        df = pd.DataFrame({"id": [f"{f}-{i}" for i in range(300)], "enhet": [f"E{i % 5}" for i in range(300)],
                           "text": [f"{texts[i % 5]} {i}" if texts[i % 5] not in ("NA", "") else texts[i % 5]
                                    for i in range(300)]})
        df.to_csv(tmp_path / f"forslag-{f + 1}.csv", sep=";", index=False, encoding="utf-8-sig")
        frames.append(df)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("dask.distributed.Client", lambda *a, **k: client)
    read_csv = dd.read_csv

    def small_blocks(*args, **kwargs):
        if kwargs.get("blocksize") is not None:
            kwargs["blocksize"] = 2_000
        return read_csv(*args, **kwargs)

    monkeypatch.setattr(dd, "read_csv", small_blocks)
    exec(compile(_readme_recipe(), "README.md", "exec"), {})
    got = pd.read_parquet(tmp_path / "teman")
    got = got.iloc[sorted(range(len(got)), key=lambda k: tuple(map(int, got["id"].iloc[k].split("-"))))]
    df = pd.concat(frames, ignore_index=True)
    assert list(got["id"]) == list(df["id"]) and list(got["text"]) == list(df["text"])
    ref = classify_frame(pd.DataFrame({TEXT: df["text"]}), build_classifier("standard"))
    assert list(got["themes"]) == ["|".join(t) for t in ref["themes"]]
    assert list(got["status"]) == list(ref["status"])
