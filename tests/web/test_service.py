"""The web service over real HTTP: a werkzeug server on 127.0.0.1 in a thread, urllib as client."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from skill.web.app import MAX_BODY_BYTES, NO_VERIFY_WARNING, create_app
from tests.support import request_envelope, serve_app

TEST_APP_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
OTHER_APP_ID = "amzn1.ask.skill.99999999-8888-7777-6666-555555555555"


class LiveServer:
    """A client for a served app (``tests.support.serve_app``) at ``url``."""

    def __init__(self, url: str) -> None:
        self.url = url

    def request(
        self,
        method: str,
        path: str = "/",
        body: bytes | None = None,
        content_type: str | None = "application/json",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url + path, data=body, method=method)
        if content_type:
            req.add_header("Content-Type", content_type)
        for k, val in (headers or {}).items():
            req.add_header(k, val)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()


def launch_envelope(app_id: str | None = None) -> dict[str, Any]:
    from skill.app import get_skill

    return request_envelope(
        application_id=app_id or get_skill().skill_id or TEST_APP_ID,
        user_id="amzn1.ask.account.web-test",
        session_id="amzn1.echo-api.session.web-test",
    )


def assert_alexa_response(data: Any) -> None:
    assert isinstance(data, dict)
    assert data["version"] == "1.0"
    assert isinstance(data["response"], dict)
    speech = data["response"].get("outputSpeech")
    if speech is not None:
        assert speech["type"] in {"SSML", "PlainText"}
        text = speech.get("ssml") or speech.get("text")
        assert isinstance(text, str)
        assert text.strip()


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with serve_app(create_app(verify=False)) as url:
        yield LiveServer(url)


@pytest.fixture(scope="module")
def verifying_server() -> Iterator[LiveServer]:
    with serve_app(create_app(verify=True)) as url:
        yield LiveServer(url)


def test_health(server: LiveServer) -> None:
    status, headers, body = server.request("GET", "/health", content_type=None)
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"status": "ok"}  # nothing about verification or config


def test_get_on_skill_endpoint_is_405(server: LiveServer) -> None:
    status, headers, body = server.request("GET", "/", content_type=None)
    assert status == 405
    assert "POST" in headers["Allow"]
    assert json.loads(body)["error"] == "method_not_allowed"


def test_malformed_json_is_400(server: LiveServer) -> None:
    status, headers, body = server.request("POST", body=b'{"version": "1.0", "request": ')
    assert status == 400
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"] == "bad_request"


@pytest.mark.parametrize("payload", [b"[]", b"42", b'"text"', b"null", b"\xff\xfe{}"])
def test_non_object_or_non_utf8_json_is_400(server: LiveServer, payload: bytes) -> None:
    assert server.request("POST", body=payload)[0] == 400


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"version": "1.0"},
        {"request": 5},
        {"request": {"type": "NoSuchRequest"}},
        {"request": {"type": "LaunchRequest", "timestamp": "yesterday"}},
    ],
)
def test_json_that_is_not_an_alexa_envelope_is_400(server: LiveServer, payload: Any) -> None:
    assert server.request("POST", body=json.dumps(payload).encode())[0] == 400


def test_text_plain_is_400(server: LiveServer) -> None:
    body = json.dumps(launch_envelope()).encode()
    status, _, data = server.request("POST", body=body, content_type="text/plain")
    assert status == 400
    assert "application/json" in json.loads(data)["reason"]


def test_missing_content_type_is_400(server: LiveServer) -> None:
    body = json.dumps(launch_envelope()).encode()
    assert server.request("POST", body=body, content_type=None)[0] == 400


def test_oversize_body_is_413(server: LiveServer) -> None:
    env = launch_envelope()
    env["session"]["attributes"] = {"pad": "x" * (70 * 1024)}
    body = json.dumps(env).encode()
    assert len(body) > MAX_BODY_BYTES
    status, _, data = server.request("POST", body=body)
    assert status == 413
    assert json.loads(data)["error"] == "payload_too_large"
    # The server is still healthy afterwards.
    assert server.request("GET", "/health", content_type=None)[0] == 200


def test_body_of_exactly_64_kib_is_accepted(server: LiveServer) -> None:
    env = launch_envelope()
    env["session"]["attributes"] = {"pad": ""}
    size = len(json.dumps(env).encode())
    env["session"]["attributes"]["pad"] = "x" * (MAX_BODY_BYTES - size)
    body = json.dumps(env).encode()
    assert len(body) == MAX_BODY_BYTES
    status, _, data = server.request("POST", body=body)
    assert status == 200, data


def test_oversize_chunked_body_is_413(server: LiveServer) -> None:
    chunks = [b'{"pad": "'] + [b"x" * 1024] * 70 + [b'"}']
    req = urllib.request.Request(
        server.url + "/",
        data=iter(chunks),  # an iterable body: urllib sends it chunked, with no Content-Length
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status = resp.status
    except urllib.error.HTTPError as err:
        status = err.code
    assert status == 413
    assert server.request("GET", "/health", content_type=None)[0] == 200


def test_launch_request_without_verification(server: LiveServer) -> None:
    status, headers, body = server.request("POST", body=json.dumps(launch_envelope()).encode())
    assert status == 200, body
    assert headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert_alexa_response(data)
    assert data["response"].get("shouldEndSession") is not True


def test_deeply_nested_session_attributes_are_400_not_500(server: LiveServer) -> None:
    envelope = launch_envelope()
    nested: list = []
    for _ in range(500):
        nested = [nested]
    envelope["session"]["attributes"] = {"x": nested}
    body = json.dumps(envelope).encode()
    assert len(body) < 64 * 1024
    status, _, answer = server.request("POST", body=body)
    assert status == 400, answer
    assert json.loads(answer)["error"] == "bad_request"


def test_unsigned_request_is_400_when_verifying(verifying_server: LiveServer) -> None:
    body = json.dumps(launch_envelope()).encode()
    status, _, data = verifying_server.request("POST", body=body)
    assert status == 400
    assert json.loads(data)["error"] == "verification_failed"


def test_request_for_another_skill_is_4xx(monkeypatch: pytest.MonkeyPatch) -> None:
    from skill import app as skill_app

    monkeypatch.setenv("ALEXA_SKILL_ID", TEST_APP_ID)
    skill_app.reset()
    try:
        with serve_app(create_app(verify=False)) as url:
            live = LiveServer(url)
            ours = json.dumps(launch_envelope(TEST_APP_ID)).encode()
            status, _, body = live.request("POST", body=ours)
            assert status == 200, body
            assert_alexa_response(json.loads(body))

            other = json.dumps(launch_envelope(OTHER_APP_ID)).encode()
            status, _, body = live.request("POST", body=other)
            assert 400 <= status < 500, body
            assert json.loads(body)["error"] == "wrong_skill"

            no_context = launch_envelope(TEST_APP_ID)
            del no_context["context"]
            status, _, _ = live.request("POST", body=json.dumps(no_context).encode())
            assert 400 <= status < 500
    finally:
        monkeypatch.delenv("ALEXA_SKILL_ID")
        skill_app.reset()


def test_no_verify_logs_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        create_app(verify=False)
    assert NO_VERIFY_WARNING in caplog.text


def test_repeated_apps_do_not_grow_the_user_agent() -> None:
    from skill.app import get_skill

    create_app(verify=False)
    before = get_skill().custom_user_agent
    create_app(verify=False)
    create_app(verify=False)
    assert get_skill().custom_user_agent == before


def test_skill_app_does_not_import_flask() -> None:
    code = "import sys, skill.app; sys.exit(1 if 'flask' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
