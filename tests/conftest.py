"""Shared fixtures: a throwaway HOME and state directory for the run, and an isolated state
directory and a fresh skill for every test.

Before anything is collected, the whole run (and every process it starts) gets a throwaway
``HOME`` and state directory: code that runs at collection time, in module-scoped fixtures or
in child processes never reaches the user's home (``~/.local/state/milia-guide``, or anything
else). After the last test of each process (each xdist worker), ``_home_stays_empty`` checks
that nothing at all was written into that ``HOME``; tests/project/test_isolation.py shows the
check can fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# At import, before collection: the conftest is loaded before any test module.
_RUN = Path(tempfile.mkdtemp(prefix="milia-test-run-"))
RUN_HOME = _RUN / "home"
RUN_HOME.mkdir()
os.environ["HOME"] = str(RUN_HOME)
os.environ["MILIA_STATE_DIR"] = os.environ["XDG_STATE_HOME"] = str(_RUN / "state")

from skill import app  # noqa: E402  (after the state directory is set)
from skill.simulator import Simulator  # noqa: E402
from tests.support import written_under  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_RUN, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _home_stays_empty() -> Iterator[None]:
    """Nothing this process ran wrote into HOME (checked after its last test)."""
    yield
    written = written_under(RUN_HOME)
    assert not written, f"the tests wrote into HOME (see tests/conftest.py): {written}"


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
