"""Shared fixtures: a throwaway HOME and state directory for the run, and an isolated state
directory and a fresh skill for every test.

Before anything is collected, the whole run (and every process it starts) gets a throwaway
``HOME`` and state directory: code that runs at collection time, in module-scoped fixtures or
in child processes never reaches the user's home (``~/.local/state/milia-guide``, or anything
else). After the last test of each process (each xdist worker), ``_home_stays_empty`` checks
that nothing at all was written into that ``HOME``; tests/project/test_isolation.py shows the
check can fail.

In parallel (pytest-xdist), tests that share something costly to make run on one worker:
``SHARED`` below.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _in_memory() -> str | None:
    """``/dev/shm`` (a tmpfs) if it is writable, has room and ``TMPDIR`` names no other
    place; else ``None``: the system's temporary folder."""
    if "TMPDIR" in os.environ:
        return None
    try:
        stat = os.statvfs("/dev/shm")
    except OSError:
        return None
    room = stat.f_bavail * stat.f_frsize >= 512 * 2**20
    return "/dev/shm" if room and os.access("/dev/shm", os.W_OK) else None


# At import, before collection: the conftest is loaded before any test module. The run's folder
# is in memory where it can be: most tests open a new SQLite store in it, and on a disk creating
# one costs ~3 ms, most of a short test.
_RUN = Path(tempfile.mkdtemp(prefix="milia-test-run-", dir=_in_memory()))
RUN_HOME = _RUN / "home"
RUN_HOME.mkdir()
os.environ["HOME"] = str(RUN_HOME)
os.environ["MILIA_STATE_DIR"] = os.environ["XDG_STATE_HOME"] = str(_RUN / "state")

from skill import app  # noqa: E402  (after the state directory is set)
from skill.simulator import Simulator  # noqa: E402
from tests.support import written_under  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_RUN, ignore_errors=True)


# --- in parallel (pytest-xdist: pyproject.toml's addopts) ---------------------------------------
# Tests that share something costly to make, held once per process, run on one worker, each
# group as one unit and the largest first; every other test goes to whichever worker is free.
# (xdist_group marks would say this, but pytest 9.2 stopped them grouping anything:
# pytest-dev/pytest-xdist#1386.) A key is a folder (ending in "/"), a test file, or one test.
SHARED = {
    # the interaction models' build (build_model: seconds, the first time in a process)
    "tests/tools/test_models.py": "models",
    "tests/cli/test_cli.py::test_validate_passes_on_the_committed_models": "models",
    # each locale's statistical NLU (trained on first use, once per process)
    "tests/conversation/test_locales.py": "locales",
    "tests/handlers/test_ssml_cards_apl.py": "locales",
    # the safety suites' conversations (held by tests.safety.cases.converse)
    "tests/safety/test_safety.py": "safety-suites",
    "tests/simulator/test_nlu.py": "safety-suites",
    # module-scoped: one chromium, one moto server, one osls cache
    "tests/e2e/test_browser_simulator.py": "browser",
    "tests/persistence/test_persistence.py": "persistence",
    "tests/deploy/test_deploy_config.py": "osls",
    # one test CA (the session-scoped pki); and as one large unit the folder goes early, so its
    # tests that wait out deadlines overlap the other worker's work instead of ending the run
    "tests/web/": "web",
}


def work_unit(nodeid: str) -> str:
    """The group a test runs in (a ``SHARED`` name), or the test alone."""
    for key, group in SHARED.items():
        if nodeid == key or nodeid.startswith(key if key.endswith("/") else f"{key}::"):
            return group
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class SharedGroups(LoadScopeScheduling):
        """xdist's loadscope, with ``work_unit`` as the scope (its ordering: most tests first)."""

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return SharedGroups(config, log)


@pytest.fixture(scope="session", autouse=True)
def _home_stays_empty() -> Iterator[None]:
    """Nothing this process ran wrote into HOME (checked after its last test)."""
    yield
    written = written_under(RUN_HOME)
    assert not written, f"the tests wrote into HOME (see tests/conftest.py): {written}"


_TESTS_RUN = itertools.count()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own embedded store and no deployment settings from the shell.

    The store's directory is a fresh name in the run's temporary folder, made only if the test
    opens the store (``tmp_path`` for every test cost more than most tests: pytest numbers its
    folders by listing the ones made before), and removed after it."""
    store = _RUN / "stores" / str(next(_TESTS_RUN))
    monkeypatch.setenv("MILIA_STATE_DIR", str(store))
    for name in ("ALEXA_SKILL_ID", "SKILL_TABLE_NAME", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)
    app.reset()
    yield
    app.reset()
    shutil.rmtree(store, ignore_errors=True)  # the run's folder may be in memory


@pytest.fixture
def sim() -> Simulator:
    """A voice-only device (no screen), en-US."""
    return Simulator("en-US")


@pytest.fixture
def screen_sim() -> Simulator:
    """A device with a screen (APL)."""
    return Simulator("en-US", screen=True)
