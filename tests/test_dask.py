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
