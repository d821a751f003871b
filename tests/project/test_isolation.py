"""The test suite never writes into the user's home: not ~/.local/state, not anywhere.

conftest.py gives the whole run a throwaway state directory before collection. Here the suite's
entry points run again in a child pytest with a temporary, empty ``HOME`` and none of the state
settings in the environment, so only conftest.py can keep them away from ``HOME``: collection-time
simulator runs (test_serialize), module-scoped servers with fuzzed user ids (test_fuzz,
test_web_service), CLI subprocesses (test_cli) and the Node end-to-end run (test_node_e2e).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

# Modules whose code reaches the store outside a test's own fixtures, or in another process.
ENTRY_POINTS = (
    "tests/handlers/test_serialize.py",
    "tests/web/test_fuzz.py",
    "tests/web/test_service.py",
    "tests/cli/test_cli.py::test_chat_ends_cleanly_at_end_of_input_and_records",
    "tests/cli/test_cli.py::test_ask_json_prints_one_object_per_utterance",
    "tests/e2e/test_node_e2e.py",
)
STATE_SETTINGS = ("MILIA_STATE_DIR", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


def _env_with_home(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STATE_SETTINGS}
    env["HOME"] = str(home)
    return env


def _written(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


def test_the_suite_leaves_home_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ENTRY_POINTS],
        cwd=ROOT,
        env=_env_with_home(home),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert result.stdout.split("[")[0].count(".") >= 20  # the tests ran, not just collected
    assert _written(home) == []


def test_without_isolation_the_cli_would_write_there(tmp_path: Path) -> None:
    """The check above can fail: the CLI, run as a user runs it, remembers them under HOME."""
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "skill", "ask", "open milia guide"],
        cwd=ROOT,
        env=_env_with_home(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ".local/state/milia-guide/skill.sqlite3" in _written(home)
