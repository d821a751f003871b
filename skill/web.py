"""The skill as an HTTPS web service: a Flask app around flask-ask-sdk's ``SkillAdapter``.

``POST /`` is the Alexa endpoint, ``GET /health`` a liveness probe. Every request is verified
(signature, certificate chain, timestamp: :mod:`skill.verify`) unless ``verify=False``. Bad input
never causes a 500: oversize bodies get 413, anything that is not a JSON Alexa envelope gets 400,
failed verification gets 400 with a short reason, a request for another skill gets 400, and an
error inside the skill is answered by the skill's catch-all exception handler.

Flask is imported only here; ``skill.app`` and the Lambda path never load it. Production:
``gunicorn -w 2 -b 127.0.0.1:5000 'skill.web:create_app()'`` behind an HTTPS proxy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import flask
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from werkzeug.exceptions import BadRequest, HTTPException

from skill import trace
from skill.verify import (
    AbstractVerifier,
    VerificationException,
    default_verifiers,
)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
SKILL_ROUTE = "/"
NO_VERIFY_WARNING = (
    "Alexa request verification is DISABLED (--no-verify): anyone who can reach this "
    "server can call the skill. Use this only for local testing."
)


class _QuietSdkVerificationLog(logging.Filter):
    """Drop flask-ask-sdk's traceback for a failed verification; the view logs one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "Request verification failed"


def _error(status: int, error: str, reason: str) -> flask.Response:
    """A small JSON error body: ``{"error": ..., "reason": ...}``."""
    resp = flask.jsonify({"error": error, "reason": reason})
    resp.status_code = status
    return resp


def _application_id(envelope: RequestEnvelope) -> str | None:
    """``context.System.application.applicationId`` of an envelope, if present."""
    system = getattr(getattr(envelope, "context", None), "system", None)
    app = getattr(system, "application", None)
    value = getattr(app, "application_id", None)
    return value if isinstance(value, str) else None


def create_app(
    verify: bool = True,
    *,
    skill: CustomSkill | None = None,
    verifiers: Sequence[AbstractVerifier] | None = None,
) -> flask.Flask:
    """Build the Flask app.

    ``verify`` turns request verification on (default) or off. ``skill`` defaults to
    ``skill.app.get_skill()``; ``verifiers`` replaces the default verifiers (tests inject a
    root store and a cert fetcher this way).
    """
    # flask_ask_sdk must be imported after skill.verify has made the SDK's verifier module
    # importable on OpenSSL >= 3.0.10 (see the comment block at the top of skill/verify.py).
    from flask_ask_sdk.skill_adapter import (
        VERIFY_SIGNATURE_APP_CONFIG,
        VERIFY_TIMESTAMP_APP_CONFIG,
        SkillAdapter,
    )

    if skill is None:
        from skill.app import get_skill

        skill = get_skill()

    app = flask.Flask("milia_guide_web")
    app.logger.addFilter(_QuietSdkVerificationLog())
    # One byte of headroom: werkzeug truncates a chunked body at the limit without an error,
    # so a body that reads as MAX_BODY_BYTES + 1 bytes is known to be too large (below).
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The SDK's own verifiers need certvalidator/oscrypto; ours replace them.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    if verify:
        active = list(verifiers) if verifiers is not None else list(default_verifiers())
    else:
        log.warning(NO_VERIFY_WARNING)
        active = []
    app.config["MILIA_VERIFY"] = verify

    agent_before = skill.custom_user_agent
    adapter = SkillAdapter(
        skill=skill, skill_id=skill.skill_id or "milia-guide", verifiers=active, app=app
    )
    if agent_before and "flask-ask-sdk" in agent_before:
        skill.custom_user_agent = agent_before  # several apps on one cached skill: no growth

    @app.get("/health")
    def health() -> flask.Response:
        return flask.jsonify({"status": "ok", "verify": verify})

    @app.post(SKILL_ROUTE)
    def alexa_endpoint() -> Any:
        req = flask.request
        if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
            return _error(413, "payload_too_large", f"body over {MAX_BODY_BYTES} bytes")
        if not req.is_json:
            return _error(400, "bad_request", "content type must be application/json")
        raw = req.get_data(cache=True)
        if len(raw) > MAX_BODY_BYTES:  # a chunked body (no Content-Length) that is too large
            return _error(413, "payload_too_large", f"body over {MAX_BODY_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
            payload = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _error(400, "bad_request", "body is not valid UTF-8 JSON")
        if not isinstance(payload, dict):
            return _error(400, "bad_request", "body must be a JSON object")
        try:
            envelope = skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
        except Exception:
            return _error(400, "bad_request", "body is not an Alexa request envelope")
        if getattr(envelope, "request", None) is None:
            return _error(400, "bad_request", "envelope has no request")
        if skill.skill_id and _application_id(envelope) != skill.skill_id:
            # The skill checks this too (as on Lambda) but would answer with a 500.
            return _error(400, "wrong_skill", "request is for another skill id")
        trace.begin()
        try:
            return adapter.dispatch_request()
        except RecursionError:
            # Session attributes nested hundreds deep: the SDK's deepcopy gives up. Alexa never
            # sends this; whoever did gets a 400, not a 500.
            return _error(400, "bad_request", "body nests too deeply")
        except BadRequest as exc:
            cause = exc.__context__
            if isinstance(cause, VerificationException):
                reason = str(cause.args[0]) if cause.args else "verification failed"
                log.warning("request rejected: %s", reason)
                return _error(400, "verification_failed", reason[:200])
            raise

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> flask.Response:
        code = exc.code or 500
        name = (exc.name or "error").lower().replace(" ", "_")
        resp = _error(code, name, exc.description or name)
        for header, value in exc.get_headers():
            if header.lower() != "content-type":
                resp.headers[header] = value  # e.g. Allow on a 405
        return resp

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception) -> flask.Response:
        log.exception("unexpected error in the web layer")
        return _error(500, "internal_error", "unexpected server error")

    return app


def _check_free(host: str, port: int) -> None:
    """Raise one clear ``OSError`` when the address can't be listened on (werkzeug would print
    two lines and exit the process)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(host: str = "127.0.0.1", port: int = 5000, verify: bool = True) -> None:
    """Run the app on werkzeug's threaded server until interrupted (development use)."""
    from werkzeug.serving import make_server

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    _check_free(host, port)
    app = create_app(verify=verify)
    server = make_server(host, port, app, threaded=True)
    log.info(
        "Milia Guide web service on http://%s:%d/ (verify=%s)", host, server.server_port, verify
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


__all__ = ["MAX_BODY_BYTES", "create_app", "serve"]
