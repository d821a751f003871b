"""The skill as an HTTPS web service: a Flask app around flask-ask-sdk's ``SkillAdapter``.

``POST /`` is the Alexa endpoint, ``GET /health`` a liveness probe. Every request is verified
(signature, certificate chain, timestamp: :mod:`skill.web.verify`) unless ``verify=False``; then,
when ``ALEXA_SKILL_ID`` is set, its skill id is checked (after verification, so an unsigned
caller learns nothing about the configured id). Bad input never causes a 500: oversize bodies
get 413, anything that is not a JSON Alexa envelope gets 400, failed verification gets 400 with
a fixed short reason (details go to the log), a request for another skill gets 400, and an
error inside the skill is answered by the skill's catch-all exception handler.

Flask is imported only here; ``skill.app`` and the Lambda path never load it. Production:
``gunicorn -w 2 -b 127.0.0.1:5000 'skill.web.app:create_app()'`` behind an HTTPS proxy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import flask
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope
from werkzeug.exceptions import BadRequest, HTTPException

from skill.core import trace
from skill.web.serving import check_free, make_web_server, serve_until_interrupted
from skill.web.verify import (
    AbstractVerifier,
    Reason,
    VerificationException,
    default_verifiers,
    public_reason,
    rejection_details,
)

if TYPE_CHECKING:
    from flask_ask_sdk.skill_adapter import SkillAdapter

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
SKILL_ROUTE = "/"
NO_VERIFY_WARNING = (
    "Alexa request verification is DISABLED (--no-verify): anyone who can reach this "
    "server can call the skill. Use this only for local testing."
)
NO_SKILL_ID_WARNING = (
    "ALEXA_SKILL_ID is not set: requests for ANY skill are served, as long as Alexa signed "
    "them. Set ALEXA_SKILL_ID to your skill's id (amzn1.ask.skill....) before going public."
)
WRONG_SKILL_REASON = "request is for another skill id"


class WrongSkillException(VerificationException):
    """A verified request that names another skill id."""


class _SkillIdCheck(AbstractVerifier):
    """The skill-id check, run as the last verifier: only after the signature and timestamp
    passed, so an unsigned caller can't probe which skill id is configured. (The skill checks
    the id too, as on Lambda, but would answer with a 500.)"""

    def __init__(self, skill_id: str) -> None:
        self.skill_id = skill_id

    def verify(
        self, headers: Any, serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        requested = _application_id(deserialized_request_env)
        if requested != self.skill_id:
            raise WrongSkillException(WRONG_SKILL_REASON, requested)


class _FailClosed(AbstractVerifier):
    """Wraps a verifier so that any unexpected error in it is a rejection (400), not a 500."""

    def __init__(self, inner: AbstractVerifier) -> None:
        self.inner = inner

    def verify(
        self, headers: Any, serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        try:
            self.inner.verify(headers, serialized_request_env, deserialized_request_env)
        except VerificationException:
            raise
        except Exception as exc:
            raise VerificationException(Reason.UNVERIFIABLE, type(self.inner).__name__) from exc


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
    root store and a cert fetcher this way). An empty ``verifiers`` with ``verify=True`` is a
    ``ValueError``: verification is turned off with ``verify=False`` only, which logs a warning.
    Without a skill id (``ALEXA_SKILL_ID``) a warning is logged too.
    """
    if verify and verifiers is not None and len(verifiers) == 0:
        raise ValueError(
            "create_app(verify=True, verifiers=[]) would verify nothing; pass verifiers, "
            "or verify=False to turn verification off (it logs a warning)"
        )
    # flask_ask_sdk must be imported after skill.web.verify has made the SDK's verifier module
    # importable on OpenSSL >= 3.0.10 (why: docs/web-service.md, "Request verification").
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
    # Flask types app.json as the JSONProvider base; the default provider has sort_keys.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The SDK's own verifiers need certvalidator/oscrypto; ours replace them.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    active = _active_verifiers(verify, verifiers, skill.skill_id)
    app.config["MILIA_VERIFY"] = verify

    agent_before = skill.custom_user_agent
    adapter = SkillAdapter(
        skill=skill, skill_id=skill.skill_id or "milia-guide", verifiers=active, app=app
    )
    if agent_before and "flask-ask-sdk" in agent_before:
        skill.custom_user_agent = agent_before  # several apps on one cached skill: no growth

    _routes(app, skill, adapter)
    _error_handlers(app)
    return app


def _active_verifiers(
    verify: bool, verifiers: Sequence[AbstractVerifier] | None, skill_id: str | None
) -> list[AbstractVerifier]:
    """The verifiers to run, each failing closed, then the skill-id check; a warning for
    each one that is off."""
    if verify:
        chosen = list(verifiers) if verifiers is not None else list(default_verifiers())
        active: list[AbstractVerifier] = [_FailClosed(v) for v in chosen]
    else:
        log.warning(NO_VERIFY_WARNING)
        active = []
    if skill_id:
        active.append(_SkillIdCheck(skill_id))
    else:
        log.warning(NO_SKILL_ID_WARNING)
    return active


def _routes(app: flask.Flask, skill: CustomSkill, adapter: SkillAdapter) -> None:
    @app.get("/health")
    def health() -> flask.Response:
        # Nothing about the configuration (such as whether verification is on) on purpose.
        return flask.jsonify({"status": "ok"})

    @app.post(SKILL_ROUTE)
    def alexa_endpoint() -> Any:
        problem = _body_problem(flask.request, skill)
        if problem is not None:
            return problem
        trace.begin()
        try:
            return adapter.dispatch_request()
        except RecursionError:
            # Session attributes nested hundreds deep: the SDK's deepcopy gives up. Alexa never
            # sends this; whoever did gets a 400, not a 500.
            return _error(400, "bad_request", "body nests too deeply")
        except BadRequest as exc:
            rejected = _rejection(exc)
            if rejected is None:
                raise
            return rejected


def _body_problem(req: flask.Request, skill: CustomSkill) -> flask.Response | None:
    """The error response for a body that is no Alexa request envelope, or ``None``."""
    if req.content_length is not None and req.content_length > MAX_BODY_BYTES:
        return _error(413, "payload_too_large", f"body over {MAX_BODY_BYTES} bytes")
    if not req.is_json:
        return _error(400, "bad_request", "content type must be application/json")
    raw = req.get_data(cache=True)
    if len(raw) > MAX_BODY_BYTES:  # a chunked body (no Content-Length) that is too large
        return _error(413, "payload_too_large", f"body over {MAX_BODY_BYTES} bytes")
    return _envelope_problem(raw, skill)


def _envelope_problem(raw: bytes, skill: CustomSkill) -> flask.Response | None:
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
    return None


def _rejection(exc: BadRequest) -> flask.Response | None:
    """The response for a request the verifiers rejected (``None``: not a rejection)."""
    cause = exc.__context__
    if isinstance(cause, WrongSkillException):
        log.warning("request rejected: %s (%s)", WRONG_SKILL_REASON, rejection_details(cause))
        return _error(400, "wrong_skill", WRONG_SKILL_REASON)
    if isinstance(cause, VerificationException):
        # Only fixed reasons reach the client; exception texts go to the log.
        reason = public_reason(cause)
        log.warning("request rejected: %s (%s)", reason, rejection_details(cause))
        return _error(400, "verification_failed", reason)
    return None


def _error_handlers(app: flask.Flask) -> None:
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


def serve(host: str = "127.0.0.1", port: int = 5000, verify: bool = True) -> None:
    """Run the app on werkzeug's threaded server until interrupted (development use)."""

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    check_free(host, port)
    app = create_app(verify=verify)
    server = make_web_server(app, host, port)
    log.info(
        "Milia Guide web service on http://%s:%d/ (verify=%s)", host, server.server_port, verify
    )
    serve_until_interrupted(server)


__all__ = [
    "MAX_BODY_BYTES",
    "NO_SKILL_ID_WARNING",
    "NO_VERIFY_WARNING",
    "WrongSkillException",
    "create_app",
    "make_web_server",
    "serve",
]
