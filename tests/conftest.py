"""Shared fixtures: an isolated state directory and a fresh skill for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skill import app
from skill.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]


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
