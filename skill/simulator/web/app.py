"""The browser simulator: the developer console's Test tab, offline, on 127.0.0.1.

A Flask app over :class:`skill.simulator.Simulator`. It is a separate edge from the signed skill
endpoint (:mod:`skill.web.app`); ``milia-skill serve`` never exposes it.

Each browser gets its own simulator, keyed by an HttpOnly session cookie. The skill keeps its
usual per-user record (visit count, last treatment id: never health details) in the same store as
the terminal simulator, under a user id derived from that cookie; the conversation itself (what
was said, the request and response envelopes for Skill I/O and replay files) lives only in this
process's memory. "Forget me" deletes the record, drops that memory and issues a new cookie.

Bad input (an empty utterance, invalid JSON, an unknown locale, an envelope the skill rejects) is
a 4xx with ``{"error": ..., "message": ...}``, never a 500.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from skill.locales import DEFAULT_LOCALE
from skill.simulator import LOCALES, Simulator, SimulatorError, Turn
from skill.simulator.nlu.types import NLU_MODES
from skill.simulator.web import view

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "milia_sim"
MAX_BROWSERS = 64  # least recently used browser sessions beyond this are dropped
MAX_UTTERANCE = 500
MAX_BODY_BYTES = 256 * 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class BadInput(Exception):
    """Input the page should explain: becomes a 4xx with a one-line message."""

    def __init__(self, message: str, status: int = 400, error: str = "bad_request") -> None:
        super().__init__(message)
        self.status = status
        self.error = error


@dataclass
class Browser:
    """One browser's simulator and what it said since the last new session."""

    sid: str
    locale: str
    screen: bool
    nlu: str
    sim: Simulator
    said: list[str] = field(default_factory=list)
    invocations: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def user_id_for(sid: str) -> str:
    """A stable Alexa-style user id for one browser (the cookie itself never leaves memory)."""
    digest = hashlib.sha256(f"milia-guide-browser:{sid}".encode()).hexdigest()[:40].upper()
    return f"amzn1.ask.account.WEB{digest}"


class Browsers:
    """Per-browser simulators, least recently used dropped first."""

    def __init__(self, locale: str, *, screen: bool = False, nlu: str = "statistical") -> None:
        self.defaults = (locale, screen, nlu)
        self._items: OrderedDict[str, Browser] = OrderedDict()
        self._lock = threading.Lock()

    def new(
        self, locale: str | None = None, screen: bool | None = None, nlu: str | None = None
    ) -> Browser:
        d_locale, d_screen, d_nlu = self.defaults
        sid = secrets.token_urlsafe(24)
        browser = self._build(
            sid, locale or d_locale, d_screen if screen is None else screen, nlu or d_nlu
        )
        self._put(browser)
        return browser

    def get(self, sid: str | None) -> Browser | None:
        if not sid:
            return None
        with self._lock:
            browser = self._items.get(sid)
            if browser is not None:
                self._items.move_to_end(sid)
            return browser

    def reconfigure(self, browser: Browser, locale: str, screen: bool, nlu: str) -> Browser:
        """A new session and a new recording for the same browser (same user). The compiled
        NLU is kept when the locale and mode stay (building it takes tens of milliseconds)."""
        if (locale, nlu) == (browser.locale, browser.nlu):
            sim = browser.sim
            sim.session_id = None  # the next utterance opens a new session
            sim.attributes = {}
            sim.screen = screen
            fresh = Browser(browser.sid, locale, screen, nlu, sim)
        else:
            fresh = self._build(browser.sid, locale, screen, nlu)
        self._put(fresh)
        return fresh

    def drop(self, sid: str) -> None:
        with self._lock:
            self._items.pop(sid, None)

    def _put(self, browser: Browser) -> None:
        with self._lock:
            self._items[browser.sid] = browser
            self._items.move_to_end(browser.sid)
            while len(self._items) > MAX_BROWSERS:
                self._items.popitem(last=False)

    @staticmethod
    def _build(sid: str, locale: str, screen: bool, nlu: str) -> Browser:
        sim = Simulator(locale, screen=screen, user_id=user_id_for(sid), nlu=nlu)
        return Browser(sid, locale, screen, nlu, sim)


# --- validation -------------------------------------------------------------------------------


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        raise BadInput("the body is empty: send JSON")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput("the body is not UTF-8 text") from None
    except RecursionError:
        raise BadInput("the JSON nests too deeply") from None
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            error="invalid_json",
        ) from None


def _object_body() -> dict[str, Any]:
    data = _json_body(flask.request.get_data(cache=True))
    if not isinstance(data, dict):
        raise BadInput("send a JSON object")
    return data


def check_locale(value: object) -> str:
    if not isinstance(value, str) or value not in LOCALES:
        raise BadInput(
            f"unknown locale {value!r}; choose one of {', '.join(LOCALES)}", error="unknown_locale"
        )
    return value


def check_nlu(value: object) -> str:
    if not isinstance(value, str) or value not in NLU_MODES:
        raise BadInput(f"unknown NLU mode {value!r}; choose one of {', '.join(NLU_MODES)}")
    return value


def check_utterance(value: object) -> str:
    if not isinstance(value, str):
        raise BadInput('send {"utterance": "some words"}')
    text = value.strip()
    if not text:
        raise BadInput("say something: the utterance is empty", error="empty_utterance")
    if len(text) > MAX_UTTERANCE:
        raise BadInput(f"the utterance is too long: keep it under {MAX_UTTERANCE} characters")
    return text


def check_replay(data: object) -> dict[str, Any]:
    """An ``ask dialog`` replay file: ``{"skillId", "locale", "type": "text", "userInput"}``."""
    if not isinstance(data, dict):
        raise BadInput("a replay file is a JSON object with a userInput list")
    inputs = data.get("userInput")
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise BadInput('a replay file needs a "userInput" list of strings')
    inputs = [i.strip() for i in inputs if i.strip()]
    if not inputs:
        raise BadInput('the replay file\'s "userInput" has nothing to say')
    if data.get("type", "text") != "text":
        raise BadInput('only text replay files ("type": "text") can be played')
    return {"locale": check_locale(data.get("locale", DEFAULT_LOCALE)), "userInput": inputs}


# --- turns as JSON ----------------------------------------------------------------------------


def _trace_verdict() -> dict[str, Any] | None:
    from skill.core import trace

    done = trace.current()
    return view.verdict_of(getattr(done, "verdict", None)) if done else None


def turn_json(turn: Turn, elapsed_ms: float, index: int, mode: str) -> dict[str, Any]:
    out = view.exchange(turn.request, turn.response)
    safety = _trace_verdict()
    out.update(
        {
            "index": index,
            "utterance": turn.utterance,
            "intent": turn.intent or out["intent"],
            "nlu": {
                "mode": mode,
                "method": turn.method,
                "confidence": getattr(turn, "confidence", None),
            },
            "handler": turn.handler,
            "refused": turn.refused,
            "safety": safety,
            "sent_elsewhere": (safety or {}).get("route"),
            "elapsed_ms": round(elapsed_ms, 2),
        }
    )
    return out


def _state(browser: Browser) -> dict[str, Any]:
    return {
        "locale": browser.locale,
        "screen": browser.screen,
        "nlu": browser.nlu,
        "locales": list(LOCALES),
        "nlu_modes": list(NLU_MODES),
        "in_session": browser.sim.in_session,
        "attributes": browser.sim.attributes,
        "turns": len(browser.invocations),
        "skill_id": browser.sim.application_id,
    }


def _host_name(host: str) -> str:
    """The name part of a ``Host`` header: ``[::1]:5055`` -> ``::1``, ``a:80`` -> ``a``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# --- the app ----------------------------------------------------------------------------------


def create_app(
    locale: str = DEFAULT_LOCALE,
    *,
    screen: bool = False,
    nlu: str = "statistical",
    host: str = "127.0.0.1",
) -> flask.Flask:
    """The simulator page and its JSON API. ``host`` is the address served, accepted in the
    ``Host`` header besides the loopback names (a guard against DNS rebinding)."""
    check_locale(locale)
    app = flask.Flask("milia_guide_simulator", static_folder=str(STATIC), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Flask types app.json as the JSONProvider base; the default provider has sort_keys.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    browsers = Browsers(locale, screen=screen, nlu=nlu)
    app.extensions["milia_browsers"] = browsers
    _guard_requests(app, LOOPBACK_HOSTS | {host.strip("[]")})
    _conversation_routes(app, browsers)
    _recording_routes(app, browsers)
    _envelope_routes(app, browsers)
    _error_handlers(app)
    return app


def _current(browsers: Browsers) -> Browser:
    """This browser's simulator, by its cookie; a new one (and cookie) for a new browser."""
    browser = browsers.get(flask.request.cookies.get(COOKIE))
    if browser is None:
        browser = browsers.new()
        flask.g.new_sid = browser.sid
    return browser


def _guard_requests(app: flask.Flask, allowed_hosts: frozenset[str]) -> None:
    """Only the served and loopback host names, JSON for the API; the cookie and the security
    headers on every response."""

    @app.before_request
    def guard() -> Any:
        if _host_name(flask.request.host or "") not in allowed_hosts:
            raise BadInput(
                f"this simulator only answers on {', '.join(sorted(allowed_hosts))}",
                403,
                "forbidden_host",
            )
        req = flask.request
        if req.method == "POST" and req.path.startswith("/api/") and not req.is_json:
            raise BadInput(
                "send JSON with Content-Type: application/json", 415, "unsupported_media_type"
            )
        return None

    @app.after_request
    def cookie(resp: flask.Response) -> flask.Response:
        sid = flask.g.get("new_sid")
        if sid:
            resp.set_cookie(COOKIE, sid, max_age=180 * 24 * 3600, httponly=True, samesite="Strict")
        resp.headers.setdefault("Cache-Control", "no-store")
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
        )
        return resp


def _conversation_routes(app: flask.Flask, browsers: Browsers) -> None:
    """The page, and talking to the skill through the simulator: say, a new session, the
    settings."""

    @app.get("/")
    def index() -> Any:
        _current(browsers)
        return flask.send_from_directory(STATIC, "index.html")

    @app.get("/health")
    def health() -> Any:
        return {"status": "ok"}

    @app.get("/api/state")
    def state() -> Any:
        return _state(_current(browsers))

    @app.post("/api/say")
    def say() -> Any:
        data = _object_body()
        utterance = check_utterance(data.get("utterance"))
        browser = _current(browsers)
        with browser.lock:
            started = time.perf_counter()
            turn = browser.sim.send(utterance)
            elapsed = (time.perf_counter() - started) * 1000
            out = turn_json(turn, elapsed, len(browser.invocations), browser.nlu)
            browser.said.append(utterance)
            browser.invocations.append({"request": turn.request, "response": turn.response})
            out["state"] = _state(browser)
        return out

    @app.post("/api/new")
    def new_session() -> Any:
        browser = _current(browsers)
        with browser.lock:
            fresh = browsers.reconfigure(browser, browser.locale, browser.screen, browser.nlu)
        return _state(fresh)

    @app.post("/api/config")
    def config() -> Any:
        data = _object_body()
        browser = _current(browsers)
        locale = check_locale(data.get("locale", browser.locale))
        screen = data.get("screen", browser.screen)
        if not isinstance(screen, bool):
            raise BadInput('"screen" must be true or false')
        mode = check_nlu(data.get("nlu", browser.nlu))
        with browser.lock:
            fresh = browsers.reconfigure(browser, locale, screen, mode)
        return _state(fresh)


def _recording_routes(app: flask.Flask, browsers: Browsers) -> None:
    """What this browser said: its replay file, playing one back, and "forget me"."""

    @app.get("/api/replay-file")
    def replay_file() -> Any:
        browser = _current(browsers)
        with browser.lock:
            return {
                "skillId": browser.sim.application_id,
                "locale": browser.locale,
                "type": "text",
                "userInput": list(browser.said),
            }

    @app.post("/api/replay")
    def load_replay() -> Any:
        """Check a replay file and start a new session in its locale; the page steps through it."""
        replay = check_replay(_object_body())
        browser = _current(browsers)
        with browser.lock:
            fresh = browsers.reconfigure(browser, replay["locale"], browser.screen, browser.nlu)
        return {**replay, "state": _state(fresh)}

    @app.post("/api/forget")
    def forget() -> Any:
        """Say "forget me" (the skill deletes the stored record), then drop this browser's
        conversation from memory and give it a new cookie."""
        browser = _current(browsers)
        with browser.lock:
            turn = browser.sim.send("forget me")
            out = turn_json(turn, 0.0, 0, browser.nlu)
            browsers.drop(browser.sid)
        fresh = browsers.new(browser.locale, browser.screen, browser.nlu)
        flask.g.new_sid = fresh.sid
        out["state"] = _state(fresh)
        return out


def _envelope_routes(app: flask.Flask, browsers: Browsers) -> None:
    """Skill I/O: hand-written request envelopes, a template for one, and every envelope
    sent and received so far."""

    @app.post("/api/invoke")
    def invoke() -> Any:
        """A hand-written request envelope, straight through ``lambda_handler``."""
        event = _envelope_body()
        return _invoke(_current(browsers), event)

    @app.get("/api/template")
    def template() -> Any:
        """A LaunchRequest envelope for this browser's device and locale, to edit by hand."""
        from skill.simulator.envelope import envelope, launch_request

        browser = _current(browsers)
        sim = browser.sim
        return envelope(
            launch_request(sim.locale),
            application_id=sim.application_id,
            user_id=sim.user_id,
            session_id="amzn1.echo-api.session.manual",
            new=True,
            attributes={},
            screen=sim.screen,
        )

    @app.get("/api/skill-io")
    def skill_io() -> Any:
        browser = _current(browsers)
        with browser.lock:
            return {"invocations": list(browser.invocations)}


def _envelope_body() -> dict[str, Any]:
    """The request's body, checked to be a request envelope (a ``request`` with a ``type``)."""
    event = _json_body(flask.request.get_data(cache=True))
    if not isinstance(event, dict):
        raise BadInput("a request envelope is a JSON object")
    if not isinstance(event.get("request"), dict):
        raise BadInput('not a request envelope: it needs a "request" object')
    if not isinstance(event["request"].get("type"), str):
        raise BadInput('not a request envelope: "request" needs a "type"')
    return event


def _invoke(browser: Browser, event: dict[str, Any]) -> dict[str, Any]:
    """Send a hand-written envelope through ``lambda_handler``: the exchange as a turn."""
    from ask_sdk_core.exceptions import AskSdkException

    from skill.app import lambda_handler

    started = time.perf_counter()
    try:
        response = lambda_handler(event, None)
    except RecursionError:
        raise BadInput("the envelope nests too deeply") from None
    except AskSdkException as exc:
        raise BadInput(f"the skill rejected the envelope: {exc}", 422, "rejected") from None
    except Exception as exc:  # the SDK's deserializer raises plain errors on odd shapes
        log.info("manual envelope failed: %s", type(exc).__name__)
        raise BadInput(
            f"the skill could not read the envelope ({type(exc).__name__}: {exc})"[:300],
            422,
            "rejected",
        ) from None
    elapsed = (time.perf_counter() - started) * 1000
    out = view.exchange(event, response)
    safety = _trace_verdict()
    from skill.core import trace

    done = trace.current()
    handler = done.handler if done else None
    with browser.lock:
        out.update(
            {
                "index": len(browser.invocations),
                "utterance": None,
                "manual": True,
                "nlu": None,
                "handler": handler,
                "refused": handler == "AtHomeRefusalHandler",
                "safety": safety,
                "sent_elsewhere": (safety or {}).get("route"),
                "elapsed_ms": round(elapsed, 2),
            }
        )
        browser.invocations.append({"request": event, "response": response})
        out["state"] = _state(browser)
    return out


def _error_handlers(app: flask.Flask) -> None:
    """Every error as ``{"error", "message"}`` JSON with its status; never a 500 for bad input."""

    @app.errorhandler(BadInput)
    def bad_input(exc: BadInput) -> Any:
        return {"error": exc.error, "message": str(exc)}, exc.status

    @app.errorhandler(SimulatorError)
    def simulator_error(exc: SimulatorError) -> Any:
        return {"error": "bad_request", "message": str(exc)}, 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        name = (exc.name or "error").lower().replace(" ", "_")
        resp = flask.jsonify({"error": name, "message": exc.description or name})
        resp.status_code = code
        for header, value in exc.get_headers():
            if header.lower() != "content-type":
                resp.headers[header] = value
        return resp

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("unexpected error in the browser simulator")
        return {"error": "internal_error", "message": "unexpected error: see the server log"}, 500


def warm_up(locale: str) -> None:
    """Build the skill and compile the NLU before the first visitor, so the first answer is as
    fast as the rest. Nothing is sent through the skill (no visit is counted)."""
    from skill.app import get_skill

    get_skill()
    Simulator(locale).nlu.resolve("how does cryotherapy work")
    view.speech_segments("<speak>ready <break time='1ms'/></speak>")


def serve(
    host: str = "127.0.0.1",
    port: int = 5055,
    locale: str = DEFAULT_LOCALE,
    *,
    ready: Any = None,
) -> None:
    """Run the page on werkzeug's threaded server until interrupted. ``ready(url)`` is called
    once it listens (the CLI prints the address)."""
    from skill.web.serving import check_free, make_web_server, serve_until_interrupted

    if host not in LOOPBACK_HOSTS:
        log.warning("the simulator is meant for this machine only; serving on %s", host)
    if port:
        check_free(host, port)
    app = create_app(locale, host=host)
    warm_up(locale)
    server = make_web_server(app, host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/"
    if ready is not None:
        ready(url)
    serve_until_interrupted(server)
