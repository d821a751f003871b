"""Regression tests for the security review of the web service (issue 12).

Each finding has a test here: certificate-URL tricks, an unparseable timestamp, the order of the
skill-id check, internal error texts, the skill-event window, the total download deadline, the
failed-URL cache and download limit, response headers, /health, switching verification off,
and the warning without a skill id. Signed requests use the private CA of tests/web/signing.py;
servers run on 127.0.0.1 with ephemeral ports.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.x509.verification import Store

from skill.web import verify as v
from skill.web.app import NO_SKILL_ID_WARNING, create_app, make_web_server
from tests.support import ROOT, serving
from tests.web.signing import (
    CERT_URL,
    ChainServer,
    Pki,
    assert_rejected,
    ca_cert,
    envelope,
    http_servers,
    leaf_cert,
    new_key,
    pem,
    post,
    reply,
    sign,
)

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
OTHER_ID = "amzn1.ask.skill.99999999-8888-7777-6666-555555555555"


def _sdk_rejects(url: str) -> bool:
    """Whether the ASK SDK's own URL check rejects ``url`` (its method needs no certvalidator)."""
    from ask_sdk_webservice_support.verifier import RequestVerifier

    try:
        RequestVerifier()._validate_certificate_url(url)
    except v.VerificationException:
        return True
    return False


# ---------------------------------------------------------------------------- 1. cert URL

ENCODED_FORMS = [
    # The four forms from the review: path-style S3 reads each as a bucket other than echo.api.
    "https://s3.amazonaws.com/evil/..%2fecho.api/cert.pem",
    "https://s3.amazonaws.com/evil/%2e%2e/echo.api/x",
    "https://s3.amazonaws.com/evil%2f..%2fecho.api/x",
    "https://s3.amazonaws.com/echo.api%2fx",
    # Variants: upper-case escapes, an encoded backslash, a raw backslash, a dot inside echo.api.
    "https://s3.amazonaws.com/evil/%2E%2E/echo.api/x",
    "https://s3.amazonaws.com/evil/..%5cecho.api/x",
    "https://s3.amazonaws.com/echo.api/..\\evil/x",
    "https://s3.amazonaws.com/echo%2eapi/x",
]


@pytest.mark.parametrize("url", ENCODED_FORMS)
def test_encoded_separators_in_the_cert_url_are_rejected_before_download(
    client_for: Callable[..., Any], pki: Pki, url: str
) -> None:
    client = client_for({url: pki.chain, CERT_URL: pki.chain})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key), cert_url=url)
    assert_rejected(resp)
    assert resp.get_json()["reason"].startswith("cert URL")
    assert client.fetcher.calls == []  # nothing downloaded, nothing cached
    assert len(client.verifier.cache) == 0
    assert _sdk_rejects(url) or "\\" in url  # the SDK rejects the review's forms too


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/cert.pem?x=1",
        "https://s3.amazonaws.com/echo.api/cert.pem#frag",
        "https://s3.amazonaws.com//echo.api/cert.pem",
        "https://s3.amazonaws.com/echo.api/",
        "https://s3.amazonaws.com/echo.api/ü.pem",
        "https://s3.amazonaws.com/echo.api/a b.pem",
        "https://s3.amazonaws.com/echo.api/%zz.pem",
    ],
)
def test_other_unusual_cert_urls_are_rejected(url: str) -> None:
    with pytest.raises(v.VerificationException) as info:
        v.validate_cert_url(url)
    assert info.value.args[0] in v.PUBLIC_REASONS


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        # Amazon's own examples of valid URLs.
        ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem", None),
        ("HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem", None),
        ("https://s3.amazonaws.com/echo.api/./sub//echo-api-cert.pem", "/echo.api/sub/"),
        # Other escapes stay as they are: S3 decodes them into a key inside echo.api.
        ("https://s3.amazonaws.com/echo.api/echo%2Dapi-cert.pem", "/echo.api/echo%2Dapi-"),
    ],
)
def test_allowed_cert_urls_normalise_to_one_url(url: str, normalised: str | None) -> None:
    got = v.validate_cert_url(url)
    assert got.startswith("https://s3.amazonaws.com/echo.api/")
    if normalised is None:
        assert got == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
    else:
        assert got.startswith(f"https://s3.amazonaws.com{normalised}")
    assert not _sdk_rejects(url.replace("HTTPS://S3.AMAZONAWS.COM", "https://s3.amazonaws.com"))


def test_literal_dot_segments_are_allowed_and_the_normalised_url_is_downloaded(
    client_for: Callable[..., Any], pki: Pki
) -> None:
    client = client_for({"https://s3.amazonaws.com/echo.api/x": pki.chain})
    body = json.dumps(envelope()).encode()
    url = "https://s3.amazonaws.com/echo.api/../echo.api/x"
    resp = post(client, body, signature=sign(body, pki.leaf_key), cert_url=url)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert client.fetcher.calls == ["https://s3.amazonaws.com/echo.api/x"]
    # Same URL written differently: one cache entry, no second download.
    body2 = json.dumps(envelope()).encode()
    again = "https://S3.amazonaws.com:443/echo.api/./x"
    assert (
        post(client, body2, signature=sign(body2, pki.leaf_key), cert_url=again).status_code == 200
    )
    assert client.fetcher.calls == ["https://s3.amazonaws.com/echo.api/x"]
    assert len(client.verifier.cache) == 1


# ---------------------------------------------------------------------------- 2. no 500s


def _signed_raw(pki: Pki, raw: dict[str, Any]) -> tuple[bytes, str]:
    body = json.dumps(raw).encode()
    return body, sign(body, pki.leaf_key)


def test_timestamp_with_an_impossible_offset_is_a_400(
    client_for: Callable[..., Any], pki: Pki
) -> None:
    raw = envelope()
    raw["request"]["timestamp"] = "2025-01-01T12:00:00+99:00"
    body, signature = _signed_raw(pki, raw)
    resp = post(client_for(), body, signature=signature)
    assert_rejected(resp)
    assert resp.get_json()["reason"] == v.Reason.TIMESTAMP_INVALID


class _Broken(v.AbstractVerifier):
    def verify(self, headers: Any, serialized_request_env: str, deserialized_request_env: Any):
        raise RuntimeError("internal state: secret-token-123")


def test_any_unexpected_error_in_a_verifier_is_a_400_with_a_fixed_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = create_app(verify=True, verifiers=[_Broken()]).test_client()
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        resp = client.post("/", json=envelope())
    assert_rejected(resp)
    assert resp.get_json()["reason"] == v.Reason.UNVERIFIABLE
    assert "secret-token-123" not in resp.get_data(as_text=True)
    assert "secret-token-123" in caplog.text  # the details are in the log


# ---------------------------------------------------------------------------- 3. skill id


@pytest.fixture
def skill_id_set(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from skill import app as skill_app

    monkeypatch.setenv("ALEXA_SKILL_ID", SKILL_ID)
    skill_app.reset()
    yield
    skill_app.reset()


def _for(app_id: str) -> dict[str, Any]:
    raw = envelope()
    raw["session"]["application"]["applicationId"] = app_id
    raw["context"]["System"]["application"]["applicationId"] = app_id
    return raw


def test_skill_id_is_checked_only_after_verification(
    skill_id_set: None, client_for: Callable[..., Any], pki: Pki
) -> None:
    client = client_for()
    # Unsigned: the answer is the same whether the guessed id is right or wrong.
    answers = []
    for app_id in (SKILL_ID, OTHER_ID):
        body = json.dumps(_for(app_id)).encode()
        resp = post(client, body, signature=None)
        answers.append((resp.status_code, resp.get_data()))
    assert answers[0] == answers[1]
    assert json.loads(answers[0][1])["error"] == "verification_failed"
    # Signed by Alexa for another skill: wrong_skill. For this skill: served.
    body, signature = _signed_raw(pki, _for(OTHER_ID))
    resp = post(client, body, signature=signature)
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "wrong_skill"
    body, signature = _signed_raw(pki, _for(SKILL_ID))
    assert post(client, body, signature=signature).status_code == 200


def test_a_warning_is_logged_at_start_without_a_skill_id(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        create_app(verify=True)
    assert NO_SKILL_ID_WARNING in caplog.text
    caplog.clear()
    from skill import app as skill_app

    monkeypatch.setenv("ALEXA_SKILL_ID", SKILL_ID)
    skill_app.reset()
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        create_app(verify=True)
    assert NO_SKILL_ID_WARNING not in caplog.text


# ---------------------------------------------------------------------------- 4. reasons


def test_download_errors_reach_the_log_not_the_client(
    client_for: Callable[..., Any],
    pki: Pki,
    local_http: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    redirecting = local_http(reply(302, b"", Location="http://127.0.0.1:9/elsewhere"))
    sig = v.AlexaSignatureVerifier(
        root_store=Store([pki.root]), fetcher=lambda url: v.fetch_cert_chain(redirecting)
    )
    client = create_app(verify=True, verifiers=[sig]).test_client()
    body = json.dumps(envelope()).encode()
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert_rejected(resp)
    assert resp.get_json()["reason"] == v.Reason.DOWNLOAD_FAILED
    assert "302" not in resp.get_data(as_text=True)
    assert "HTTP Error 302" in caplog.text


def test_untrusted_chain_reason_is_fixed_and_the_cause_is_logged(
    client_for: Callable[..., Any], pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    rogue_key = new_key()
    rogue = ca_cert("Rogue Root", rogue_key, None, rogue_key)
    leaf = leaf_cert(pki.leaf_key, (rogue, rogue_key), san=["echo-api.amazon.com"])
    client = client_for({CERT_URL: pem(leaf, rogue)})
    body = json.dumps(envelope()).encode()
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert resp.get_json()["reason"] == v.Reason.CHAIN_UNTRUSTED
    assert "VerificationError" in caplog.text  # cryptography's own message, in the log only


@pytest.mark.parametrize("signature", ["é", "\udcff", "AAAA" * 1000 + "="])
def test_undecodable_signatures_get_a_fixed_reason(
    client_for: Callable[..., Any], signature: str
) -> None:
    body = json.dumps(envelope()).encode()
    try:
        resp = post(client_for(), body, signature=signature)
    except (UnicodeEncodeError, ValueError):
        pytest.skip("the test client cannot send this header")
    assert_rejected(resp)
    assert resp.get_json()["reason"] in v.PUBLIC_REASONS


def test_a_custom_verifier_message_is_not_echoed() -> None:
    class Chatty(v.AbstractVerifier):
        def verify(self, headers: Any, serialized_request_env: str, deserialized_request_env: Any):
            raise v.VerificationException("db password is hunter2")

    client = create_app(verify=True, verifiers=[Chatty()]).test_client()
    resp = client.post("/", json=envelope())
    assert_rejected(resp)
    assert resp.get_json()["reason"] == v.Reason.UNVERIFIABLE


def test_every_public_reason_is_short_and_fixed() -> None:
    for reason in v.PUBLIC_REASONS:
        assert 0 < len(reason) <= 80
        assert "{" not in reason
        assert "Error" not in reason


# ---------------------------------------------------------------------------- skill events


def test_skill_event_types_are_the_sdks() -> None:
    from ask_sdk_webservice_support.verifier_constants import ALEXA_SKILL_EVENT_LIST

    assert set(ALEXA_SKILL_EVENT_LIST) == v.SKILL_EVENT_TYPES


@pytest.mark.parametrize(
    ("request_type", "accepted"),
    [
        *[(t, True) for t in sorted(v.SKILL_EVENT_TYPES)],
        # Other AlexaSkillEvent types get the normal 150 s, as in the SDK.
        ("AlexaSkillEvent.ProactiveSubscriptionChanged", False),
        ("AlexaSkillEvent.NotificationSubscriptionChanged", False),
        ("LaunchRequest", False),
    ],
)
def test_the_hour_long_window_is_only_for_documented_skill_events(
    request_type: str, accepted: bool
) -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    raw = envelope(
        timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30), request_type=request_type
    )
    raw["request"]["body"] = {}
    env = DefaultSerializer().deserialize(json.dumps(raw), RequestEnvelope)
    assert env.request.object_type == request_type
    verifier = v.AlexaTimestampVerifier()
    if accepted:
        verifier.verify({}, "", env)
    else:
        with pytest.raises(v.VerificationException, match="too far"):
            verifier.verify({}, "", env)


# ---------------------------------------------------------------------------- deadline


def _dripping(where: str) -> Callable[[Any], None]:
    """A handler that sends one byte every 0.1 s: 10 s for 100 bytes, if nobody stops it."""

    def handle(h: Any) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nX-Pad: " + b"p" * 60 + b"\r\n\r\n"
        data = head + b"x" * 100
        if where == "body":
            h.wfile.write(head)
            h.wfile.flush()
            data = b"x" * 100
        try:
            for i in range(len(data)):
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client gave up, as it should

    return handle


@pytest.mark.parametrize("where", ["headers", "body"])
def test_the_download_has_a_total_deadline(local_http: Any, where: str) -> None:
    url = local_http(_dripping(where))
    started = time.monotonic()
    with pytest.raises(v.VerificationException) as info:
        v.fetch_cert_chain(url, timeout=0.5)
    elapsed = time.monotonic() - started
    assert info.value.args[0] == v.Reason.DOWNLOAD_SLOW
    # Each read is well within the 0.5 s per-operation timeout; only a total deadline stops
    # the download long before the 10 s the drip would take. (A behaviour bound, not a
    # performance measurement: the margin is wide.)
    assert elapsed < 5, elapsed


@pytest.fixture
def tls_files(pki: Pki, tmp_path: Path) -> tuple[Path, Path, ssl.SSLContext]:
    """A certificate for 127.0.0.1 from the test CA, its key, and a client context trusting
    the test root."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = new_key()
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(pki.inter.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(pki.inter_key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "server.pem", tmp_path / "server.key"
    cert_file.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + pki.inter.public_bytes(serialization.Encoding.PEM)
    )
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    client = ssl.create_default_context(
        cadata=pki.root.public_bytes(serialization.Encoding.PEM).decode()
    )
    return cert_file, key_file, client


@pytest.fixture
def https_server(tls_files: tuple[Path, Path, ssl.SSLContext]) -> Iterator[Any]:
    """Starts loopback HTTPS servers (the test CA's certificate for 127.0.0.1)."""
    cert_file, key_file, _client = tls_files
    with http_servers((cert_file, key_file)) as start:
        yield start


@pytest.mark.parametrize("where", ["headers", "body"])
def test_the_deadline_holds_over_https(
    https_server: Any, tls_files: tuple[Path, Path, ssl.SSLContext], pki: Pki, where: str
) -> None:
    client_ctx = tls_files[2]
    # The TLS path works at all: a quick answer is downloaded.
    quick = https_server(reply(200, pki.chain))
    assert v.fetch_cert_chain(quick, timeout=5, context=client_ctx) == pki.chain
    # A dripping answer over TLS is cut off by the total deadline.
    url = https_server(_dripping(where))
    started = time.monotonic()
    with pytest.raises(v.VerificationException) as info:
        v.fetch_cert_chain(url, timeout=0.5, context=client_ctx)
    assert info.value.args[0] == v.Reason.DOWNLOAD_SLOW
    assert time.monotonic() - started < 5


def test_a_quick_download_is_unaffected_by_the_deadline(local_http: Any, pki: Pki) -> None:
    url = local_http(reply(200, pki.chain))
    assert v.fetch_cert_chain(url, timeout=2) == pki.chain


# ---------------------------------------------------------------------------- negative cache


def test_a_failed_url_is_not_downloaded_again_for_a_while(pki: Pki) -> None:
    now = [dt.datetime.now(dt.UTC)]
    fetcher = ChainServer({})  # every download fails
    sig = v.AlexaSignatureVerifier(
        root_store=Store([pki.root]), fetcher=fetcher, clock=lambda: now[0]
    )
    for _ in range(5):
        with pytest.raises(v.VerificationException):
            sig.signing_certificate(CERT_URL)
    assert fetcher.calls == [CERT_URL]
    with pytest.raises(v.VerificationException) as info:
        sig.signing_certificate(CERT_URL)
    assert info.value.args[0] == v.Reason.RECENTLY_FAILED
    now[0] += dt.timedelta(seconds=v.FAILED_URL_TTL_S + 1)
    fetcher.chains[CERT_URL] = pki.chain
    assert sig.signing_certificate(CERT_URL) is not None
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_the_failed_url_cache_is_bounded() -> None:
    cache = v.FailedUrlCache(ttl_s=60, max_entries=3)
    now = dt.datetime.now(dt.UTC)
    for i in range(5):
        cache.add(f"u{i}", now)
    assert [cache.failed_recently(f"u{i}", now) for i in range(5)] == [False] * 2 + [True] * 3


def test_concurrent_downloads_are_limited(pki: Pki) -> None:
    release = threading.Event()
    started: list[str] = []

    def slow_fetch(url: str) -> bytes:
        started.append(url)
        release.wait(10)
        return pki.chain

    sig = v.AlexaSignatureVerifier(
        root_store=Store([pki.root]), fetcher=slow_fetch, max_downloads=2, download_wait_s=0.2
    )
    urls = [f"https://s3.amazonaws.com/echo.api/c{i}.pem" for i in range(3)]
    threads = [threading.Thread(target=sig.signing_certificate, args=(u,)) for u in urls[:2]]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 10
    while len(started) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        with pytest.raises(v.VerificationException) as info:
            sig.signing_certificate(urls[2])
        assert info.value.args[0] == v.Reason.DOWNLOAD_BUSY
        assert started == urls[:2] or sorted(started) == urls[:2]  # the third never started
    finally:
        release.set()
        for t in threads:
            t.join(10)
    assert urls[0] in sig.cache
    assert urls[1] in sig.cache
    assert sig.signing_certificate(urls[2]) is not None  # a slot is free again


# ---------------------------------------------------------------------------- HTTP surface


@pytest.fixture
def live() -> Iterator[str]:
    with serving(make_web_server(create_app(verify=True), "127.0.0.1", 0)) as url:
        yield url


def _raw_http(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_served_responses_have_no_server_header(live: str) -> None:
    for request in (
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        # Too many headers: http.server's own error page (send_error), not the app's.
        b"GET /health HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-H%d: 1\r\n" % i for i in range(120))
        + b"\r\n",
    ):
        answer = _raw_http(live, request)
        head = answer.split(b"\r\n\r\n", 1)[0].lower()
        assert head.startswith(b"http/1."), answer[:200]
        assert b"\r\nserver:" not in head, head
        assert b"werkzeug" not in head, head


def test_health_says_nothing_about_verification(live: str) -> None:
    with urllib.request.urlopen(live + "/health", timeout=10) as resp:
        assert json.loads(resp.read()) == {"status": "ok"}
    for verify in (True, False):
        data = create_app(verify=verify).test_client().get("/health").get_json()
        assert data == {"status": "ok"}


def test_verification_cannot_be_switched_off_by_an_empty_verifier_list() -> None:
    with pytest.raises(ValueError, match="verify=False"):
        create_app(verify=True, verifiers=[])


# ---------------------------------------------------------------------------- real servers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(pattern: str, log: Path, proc: subprocess.Popen[bytes]) -> re.Match[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if match := re.search(pattern, text):
            return match
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"{pattern!r} not seen:\n{log.read_text(errors='replace')[-3000:]}")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: val for k, val in os.environ.items() if k != "ALEXA_SKILL_ID"}
    env.update(HOME=str(tmp_path), MILIA_STATE_DIR=str(tmp_path / "state"))
    return env


def test_serve_warns_at_start_without_a_skill_id_and_sends_no_server_header(
    tmp_path: Path,
) -> None:
    for _attempt in range(3):  # the free port can be taken between probe and bind
        port = _free_port()
        log = tmp_path / f"serve-{port}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "skill", "serve", "--port", str(port)],
                cwd=ROOT,
                env=_env(tmp_path),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            try:
                _wait_for(r"web service on http://127\.0\.0\.1:\d+/", log, proc)
            except AssertionError:
                if "cannot listen" in log.read_text(errors="replace"):
                    continue
                raise
            assert "ALEXA_SKILL_ID is not set" in log.read_text(encoding="utf-8")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as resp:
                assert resp.headers.get("Server") is None
                assert json.loads(resp.read()) == {"status": "ok"}
            return
        finally:
            proc.terminate()
            proc.wait(10)
    pytest.fail("no free port after 3 attempts")


def test_gunicorn_app_warns_and_its_protocol_errors_are_plain_4xx(tmp_path: Path) -> None:
    """``gunicorn 'skill.web.app:create_app()'`` with the limits docs/web-service.md recommends.

    gunicorn answers an over-long request line, oversized headers and broken framing itself,
    before the app runs: with the right 4xx status, a small HTML body and no traceback.
    """
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "-b",
                "127.0.0.1:0",
                "--no-control-socket",
                "--limit-request-line",
                "2048",
                "--limit-request-fields",
                "50",
                "--limit-request-field_size",
                "8190",
                "skill.web.app:create_app()",
            ],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = (
            "http://127.0.0.1:"
            + _wait_for(r"Listening at: http://127\.0\.0\.1:(\d+)", log, proc)[1]
        )
        _wait_for(re.escape(NO_SKILL_ID_WARNING), log, proc)
        cases = [
            (b"GET /" + b"a" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b" 414 "),
            (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", b" 431 "),
            (
                b"GET /health HTTP/1.1\r\nHost: x\r\n"
                + b"".join(b"X-H%d: 1\r\n" % i for i in range(60))
                + b"\r\n",
                b" 431 ",
            ),
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", b" 400 "),
            (
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                b" 400 ",
            ),
        ]
        for request, status in cases:
            answer = _raw_http(base, request)
            status_line = answer.split(b"\r\n", 1)[0]
            assert status in status_line, answer[:300]
            assert b"Traceback" not in answer
            assert b'File "' not in answer
        # The app itself still answers with JSON.
        with urllib.request.urlopen(base + "/health", timeout=10) as resp:
            assert json.loads(resp.read()) == {"status": "ok"}
    finally:
        proc.terminate()
        proc.wait(10)
