"""Shared fixtures: an isolated state directory and a fresh skill for every test.

Before anything is collected, the whole run (and every process it starts) gets a throwaway
state directory: code that runs at collection time or in module-scoped fixtures never reaches
the user's own ``~/.local/state/milia-guide``. tests/project/test_isolation.py checks it with a
temporary ``HOME``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# At import, before collection: the conftest is loaded before any test module.
_RUN_STATE = tempfile.mkdtemp(prefix="milia-test-state-")
os.environ["MILIA_STATE_DIR"] = _RUN_STATE
os.environ["XDG_STATE_HOME"] = _RUN_STATE

from skill import app  # noqa: E402  (after the state directory is set)
from skill.simulator import Simulator  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_RUN_STATE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own embedded store and no deployment settings from the shell."""
    monkeypatch.setenv("MILIA_STATE_DIR", str(tmp_path / "state"))
    for name in ("ALEXA_SKILL_ID", "SKILL_TABLE_NAME", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    app.reset()
    yield
    app.reset()


@pytest.fixture
def sim() -> Simulator:
    """A voice-only device (no screen), en-US."""
    return Simulator("en-US")


@pytest.fixture
def screen_sim() -> Simulator:
    """A device with a screen (APL)."""
    return Simulator("en-US", screen=True)
