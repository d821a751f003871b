"""The test suite never writes into the user's home: not ~/.local/state, not anywhere.

tests/conftest.py gives the whole run, and every process it starts, a throwaway ``HOME`` and
state directory before anything is collected, and after the last test of each process checks
that nothing was written into that ``HOME``: not by collection-time simulator runs
(handlers/test_serialize.py), module-scoped servers with fuzzed user ids (web/), CLI
subprocesses (cli/), the Node end-to-end run or the browser (e2e/). Here: the run is set up
that way, and the check can fail.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support import ROOT, written_under

STATE_SETTINGS = ("MILIA_STATE_DIR", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


def test_the_run_and_its_processes_have_a_throwaway_home() -> None:
    home = Path(os.environ["HOME"])
    # a run's folder: in the system's temporary folder, or in memory (tests/conftest.py)
    assert home.parent.name.startswith("milia-test-run-")
    assert str(home.parent.parent) in (tempfile.gettempdir(), "/dev/shm")
    assert home != Path(pwd.getpwuid(os.getuid()).pw_dir)  # the user's own home
    assert home.name == "home"
    state = Path(os.environ["XDG_STATE_HOME"])
    assert state.parent == home.parent  # the run's state lives next to HOME, not in it
    code = "import os; print(os.path.expanduser('~')); print(os.environ['XDG_STATE_HOME'])"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert child.stdout.split() == [str(home), str(state)]


def test_without_isolation_the_cli_would_write_there(tmp_path: Path) -> None:
    """The check can fail: the CLI, run as a user runs it, remembers them under HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in STATE_SETTINGS}
    env["HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "skill", "ask", "open milia guide"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert ".local/state/milia-guide/skill.sqlite3" in written_under(home)
