"""``milia-skill chat`` as a terminal program, and the CLI's first-hour edges.

Line editing and history run the chat on a real pseudo-terminal (stdlib ``pty``), the way a
person types into it: arrow keys recall earlier lines, and the history survives a restart in
the state directory. Piped input is echoed, an ended session says how to go on, ``--screen``
shows the card text and the APL screen, ``serve`` without Flask is one line, ``--version``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from skill.cli import apl_text
from skill.simulator import Simulator
from tests.support import run_cli

UP = "\x1b[A"


class Terminal:
    """``python -m skill chat`` on a pseudo-terminal: type keys, read the screen."""

    def __init__(self, state: Path, *args: str) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the chat
            os.environ.update({"MILIA_STATE_DIR": str(state), "TERM": "xterm", "COLUMNS": "200"})
            os.execv(sys.executable, [sys.executable, "-m", "skill", "chat", *args])
        self.screen = ""
        self.lines = 0  # lines entered so far: the chat prompts once more than that

    def read_until(self, text: str, count: int = 1, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while self.screen.count(text) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {text!r} x{count}; screen so far:\n{self.screen}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    assert self.screen.count(text) >= count, self.screen
                    break
                self.screen += chunk.decode(errors="replace")
        return self.screen

    def type(self, keys: str) -> None:
        """Keys for one line (ending in Enter), once the prompt shows: as a person types."""
        self.read_until("You: ", count=self.lines + 1)
        os.write(self.fd, keys.encode())
        self.lines += keys.count("\r")

    def _drain(self) -> None:
        if select.select([self.fd], [], [], 0.05)[0]:
            with contextlib.suppress(OSError):  # the child closed the terminal
                self.screen += os.read(self.fd, 4096).decode(errors="replace")

    def close(self) -> int:
        self.read_until("You: ", count=self.lines + 1)
        deadline = time.monotonic() + 30
        next_key = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() >= next_key:
                os.write(self.fd, b"\x04")  # Ctrl-D at an empty prompt
                next_key = time.monotonic() + 5
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self._drain()
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError("the chat did not leave on Ctrl-D")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_arrow_keys_recall_history_and_it_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state"
    chat = Terminal(state)
    chat.type(
        "what are mila\x1b[Di\x1b[C\r"
    )  # left arrow, insert "i", right arrow: "what are milia"
    chat.read_until("[card: What are milia?]")
    chat.type(UP + "\r")  # the line just said, recalled with the up arrow
    screen = chat.read_until("[card: What are milia?]", count=2)
    assert "^[[A" not in screen
    assert "^[[D" not in screen
    assert chat.close() == 0
    assert "what are milia" in (state / "chat_history").read_text()

    again = Terminal(state)  # a new chat remembers what was typed before
    again.type(UP + "\r")
    assert "[card: What are milia?]" in again.read_until("[card: What are milia?]")
    assert again.close() == 0


def test_piped_input_is_echoed_and_an_ended_session_says_how_to_go_on() -> None:
    result = run_cli("chat", stdin="open milia guide\n\nstop\nexit\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "You: open milia guide" in lines
    assert "You: stop" in lines
    assert "You: exit" in lines
    assert "You: " not in lines  # the empty line is skipped, not shown as an empty turn
    assert lines[lines.index("You: open milia guide") + 1].startswith("Alexa: Welcome")
    after_stop = lines[lines.index("You: stop") + 1 :]
    assert after_stop[0] == "Alexa: Thanks for using Milia Guide. Goodbye."
    hint = "(session ended. Say 'open milia guide' to start again, or press Ctrl-D to leave.)"
    assert after_stop[1].strip() == hint
    assert lines[lines.index("You: exit") + 1].strip() == hint  # not a bare "(session ended)"
    assert "(session ended)" not in result.stdout


def test_chat_help_lists_the_locales() -> None:
    result = run_cli("chat", "--help")
    assert result.returncode == 0
    for locale in ("en-US", "en-GB", "en-CA", "en-AU", "en-IN"):
        assert locale in result.stdout
    assert "history" in result.stdout


def test_screen_shows_the_card_text_and_the_apl_screen() -> None:
    screen = run_cli("ask", "--screen", "how does laser work").stdout
    voice = run_cli("ask", "how does laser work").stdout
    assert "[screen]" in screen
    assert "[screen]" not in voice
    assert "usually a CO2 laser, to make a microscopic opening" in screen  # the card's text
    assert "usually a CO2 laser, to make a microscopic opening" not in voice
    shown = [line.strip() for line in screen.splitlines() if line.strip().startswith("| ")]
    assert shown[:3] == ["| Laser ablation", "| How it works", "| • Usually a CO2 laser"]
    assert "| Aftercare" in shown
    assert "| • Don't pick the crusts" in shown
    assert "| I share general information, not medical advice." in shown


def test_the_apl_rendering_follows_the_document() -> None:
    turn = Simulator("en-US", screen=True).send("what are milia")
    (directive,) = turn.directives
    data = directive["datasources"]["miliaData"]
    lines = apl_text(directive)
    assert lines[0] == data["title"]
    assert [f"• {fact}" for fact in data["facts"]] == [line for line in lines if line[0] == "•"][
        : len(data["facts"])
    ]
    assert ("Aftercare" in lines) == bool(data["aftercare"])  # the document's `when`
    assert lines[-1] == data["disclaimer"]
    assert not any("${" in line for line in lines)


def test_serve_without_the_web_extra_is_one_line() -> None:
    # Python's own way to make `import flask` fail as if it were not installed.
    code = (
        "import sys; sys.modules['flask'] = None; "
        "from skill.cli import main; sys.exit(main(['serve', '--port', '5099']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "web extra" in result.stderr
    assert "make serve" in result.stderr


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"milia-skill {version('milia-guide')}"


def test_ask_json_is_unchanged_by_screen_text() -> None:
    turn = json.loads(run_cli("ask", "--json", "--screen", "what are milia").stdout)
    assert "[screen]" not in json.dumps(turn)
