"""Helpers shared by the test groups: where things are, request envelopes, serving an app on
loopback, and running ``milia-skill``.

Request envelopes have one home: the simulator's builder (``skill.simulator.envelope``, what a
device sends), through :func:`request_envelope`; fixed ones are JSON files in tests/events/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from skill.simulator.envelope import envelope, intent_request, launch_request
from skill.simulator.nlu import SlotFill

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# Request envelopes as Alexa sends them (the benchmarks replay the same files).
EVENTS = TESTS / "events"
NODE_TESTS = TESTS / "node"


def written_under(home: Path) -> list[str]:
    """Every file and folder under ``home``, relative to it."""
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


def event_files() -> list[Path]:
    """Every request envelope in tests/events/, in name order."""
    return sorted(EVENTS.glob("*.json"))


def load_event(name: str) -> dict[str, Any]:
    """The envelope ``tests/events/<name>.json``."""
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
    return event


TEST_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-0000000te571"
TEST_USER_ID = "amzn1.ask.account.TESTUSER"


# What a test device sends unless a test says otherwise (``skill.simulator.envelope.envelope``).
DEVICE: dict[str, Any] = {
    "application_id": TEST_SKILL_ID,
    "user_id": TEST_USER_ID,
    "session_id": "amzn1.echo-api.session.test",
    "new": True,
    "screen": False,
}


def request_envelope(
    request: dict[str, Any] | None = None,
    *,
    locale: str = "en-US",
    timestamp: dt.datetime | None = None,
    **device: Any,
) -> dict[str, Any]:
    """A request envelope as Alexa sends it: ``request`` (a LaunchRequest unless given; its
    ``locale`` unless it names one) in the session and ``context.System`` of a device.
    ``device`` overrides :data:`DEVICE` or gives ``attributes`` (the session's)."""
    body = {"locale": locale, **(request if request is not None else launch_request(locale))}
    sent = {**DEVICE, **device}
    sent["attributes"] = sent.get("attributes") or {}
    event = envelope(body, **sent)
    if timestamp is not None:
        event["request"]["timestamp"] = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return event


def intent_envelope(
    intent: str,
    slots: dict[str, SlotFill] | None = None,
    *,
    application_id: str = TEST_SKILL_ID,
    locale: str = "en-US",
    **kw: Any,
) -> dict[str, Any]:
    """An IntentRequest envelope; ``kw`` as for :func:`request_envelope`."""
    body = intent_request(locale, intent, slots or {}, application_id)
    return request_envelope(body, application_id=application_id, locale=locale, **kw)


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


@contextlib.contextmanager
def serving(server: Any) -> Iterator[str]:
    """Run ``server`` (werkzeug's or ``http.server``'s) in a thread; yield its base URL,
    ``http://127.0.0.1:<port>``; stop it at the end. It looks for the stop every 10 ms (the
    default is every 0.5 s, which each test would wait for)."""
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """A WSGI ``app`` on a free loopback port (werkzeug, threaded, in this process)."""
    from werkzeug.serving import make_server

    with serving(make_server("127.0.0.1", 0, app, threaded=True)) as url:
        yield url
