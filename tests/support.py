"""Helpers shared by the test groups: where things are, and running ``milia-skill``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# Request envelopes as Alexa sends them (the benchmarks replay the same files).
EVENTS = TESTS / "events"
NODE_TESTS = TESTS / "node"


def event_files() -> list[Path]:
    """Every request envelope in tests/events/, in name order."""
    return sorted(EVENTS.glob("*.json"))


def load_event(name: str) -> dict[str, Any]:
    """The envelope ``tests/events/<name>.json``."""
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
    return event


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m skill ARGS`` as a real process in the checkout (what ``milia-skill`` runs)."""
    return subprocess.run(
        [sys.executable, "-m", "skill", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
