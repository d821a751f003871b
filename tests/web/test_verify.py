"""Request verification of the web service, with a private CA and signed requests.

No network: the trust store holds the test's own root, and the verifier's ``fetcher`` seam serves
the chain for the ``https://s3.amazonaws.com/echo.api/...`` URL the request names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.x509.verification import Store

from skill.web import verify as v
from skill.web.app import create_app
from tests.web.signing import (
    CERT_URL,
    NOW,
    ChainServer,
    Pki,
    assert_rejected,
    ca_cert,
    envelope,
    leaf_cert,
    new_key,
    pem,
    post,
    reply,
    sign,
)

# ---------------------------------------------------------------------------- through the app


def test_valid_signature_is_accepted(client_for: Callable[..., Any], pki: Pki) -> None:
    client = client_for()
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    data = resp.get_json()
    assert data["version"] == "1.0"
    assert "outputSpeech" in data["response"]
    # A second request reuses the cached chain.
    body2 = json.dumps(envelope()).encode()
    assert post(client, body2, signature=sign(body2, pki.leaf_key)).status_code == 200
    assert client.fetcher.calls == [CERT_URL]


def test_tampered_body_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    body = json.dumps(envelope()).encode()
    signature = sign(body, pki.leaf_key)
    tampered = body.replace(b'"new": true', b'"new": false')
    assert tampered != body
    resp = post(client_for(), tampered, signature=signature)
    assert_rejected(resp)
    assert "signature" in resp.get_json()["reason"]


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://s3.evil.example/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
        "https://s3.amazonaws.com:8443/echo.api/echo-api-cert-test.pem",
        "not a url at all",
    ],
)
def test_bad_cert_urls_are_rejected_before_download(
    client_for: Callable[..., Any], pki: Pki, url: str
) -> None:
    client = client_for({url: pki.chain})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key), cert_url=url)
    assert_rejected(resp)
    assert client.fetcher.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://S3.AmazonAWS.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
    ],
)
def test_equivalent_cert_urls_are_accepted(
    client_for: Callable[..., Any], pki: Pki, url: str
) -> None:
    client = client_for({CERT_URL: pki.chain})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key), cert_url=url)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    # The one normalised URL is what was downloaded (and is the cache key).
    assert client.fetcher.calls == [CERT_URL]
    assert CERT_URL in client.verifier.cache


def test_expired_certificate_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    leaf = pki.leaf(
        san=["echo-api.amazon.com"],
        not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=1),
    )
    client = client_for({CERT_URL: pki.chain_with(leaf)})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert_rejected(resp)
    assert "expired" in resp.get_json()["reason"]


def test_not_yet_valid_certificate_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    leaf = pki.leaf(san=["echo-api.amazon.com"], not_before=NOW + dt.timedelta(days=2))
    client = client_for({CERT_URL: pki.chain_with(leaf)})
    body = json.dumps(envelope()).encode()
    assert_rejected(post(client, body, signature=sign(body, pki.leaf_key)))


@pytest.mark.parametrize("san", [None, ["www.amazon.com"], ["echo-api.amazon.com.evil.example"]])
def test_certificate_without_echo_api_san_is_rejected(
    client_for: Callable[..., Any], pki: Pki, san: list[str] | None
) -> None:
    client = client_for({CERT_URL: pki.chain_with(pki.leaf(san=san))})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert_rejected(resp)
    assert "SAN" in resp.get_json()["reason"]


def test_chain_to_an_untrusted_root_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    rogue_key = new_key()
    rogue_root = ca_cert("Rogue Root", rogue_key, None, rogue_key)
    leaf = leaf_cert(pki.leaf_key, (rogue_root, rogue_key), san=["echo-api.amazon.com"])
    client = client_for({CERT_URL: pem(leaf, rogue_root)})
    body = json.dumps(envelope()).encode()
    resp = post(client, body, signature=sign(body, pki.leaf_key))
    assert_rejected(resp)
    assert "not trusted" in resp.get_json()["reason"]


def test_garbage_chain_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    client = client_for({CERT_URL: b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"})
    body = json.dumps(envelope()).encode()
    assert_rejected(post(client, body, signature=sign(body, pki.leaf_key)))


def test_signature_by_another_key_is_rejected(client_for: Callable[..., Any]) -> None:
    body = json.dumps(envelope()).encode()
    assert_rejected(post(client_for(), body, signature=sign(body, new_key())))


def test_signature_that_is_not_base64_is_rejected(client_for: Callable[..., Any]) -> None:
    body = json.dumps(envelope()).encode()
    assert_rejected(post(client_for(), body, signature="%%% not base64 %%%"))


@pytest.mark.parametrize("offset_s", [-200, 200, -3 * 3600])
def test_stale_or_future_timestamp_is_rejected(
    client_for: Callable[..., Any], pki: Pki, offset_s: int
) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset_s)
    body = json.dumps(envelope(timestamp=when)).encode()
    resp = post(client_for(), body, signature=sign(body, pki.leaf_key))
    assert_rejected(resp)
    assert "timestamp" in resp.get_json()["reason"]


def test_missing_signature_header_is_rejected(client_for: Callable[..., Any]) -> None:
    body = json.dumps(envelope()).encode()
    resp = post(client_for(), body, signature=None)
    assert_rejected(resp)
    assert "Signature-256" in resp.get_json()["reason"]


def test_missing_cert_url_header_is_rejected(client_for: Callable[..., Any], pki: Pki) -> None:
    body = json.dumps(envelope()).encode()
    resp = post(client_for(), body, signature=sign(body, pki.leaf_key), cert_url=None)
    assert_rejected(resp)
    assert "SignatureCertChainUrl" in resp.get_json()["reason"]


def test_fetch_failure_is_a_400(client_for: Callable[..., Any], pki: Pki) -> None:
    def broken(url: str) -> bytes:
        raise TimeoutError("timed out")

    sig = v.AlexaSignatureVerifier(root_store=Store([pki.root]), fetcher=broken)
    client = create_app(verify=True, verifiers=[sig]).test_client()
    body = json.dumps(envelope()).encode()
    assert_rejected(post(client, body, signature=sign(body, pki.leaf_key)))


# ---------------------------------------------------------------------------- unit level


def test_timestamp_tolerance_is_wider_for_skill_events() -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    def env(request_type: str, age_s: int) -> Any:
        raw = envelope(
            timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age_s),
            request_type=request_type,
        )
        if request_type.startswith("AlexaSkillEvent"):
            raw["request"]["body"] = {}
        return DefaultSerializer().deserialize(json.dumps(raw), RequestEnvelope)

    tv = v.AlexaTimestampVerifier()
    tv.verify({}, "", env("LaunchRequest", 100))
    tv.verify({}, "", env("AlexaSkillEvent.SkillEnabled", 1800))
    with pytest.raises(v.VerificationException):
        tv.verify({}, "", env("LaunchRequest", 1800))
    with pytest.raises(v.VerificationException):
        tv.verify({}, "", env("AlexaSkillEvent.SkillEnabled", 2 * 3600))
    with pytest.raises(ValueError, match="tolerance must be within"):
        v.AlexaTimestampVerifier(tolerance_s=600)


def test_cache_is_bounded_lru(pki: Pki) -> None:
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{i}.pem" for i in range(40)]
    fetcher = ChainServer(dict.fromkeys(urls, pki.chain))
    sig = v.AlexaSignatureVerifier(root_store=Store([pki.root]), fetcher=fetcher)
    sig.signing_certificate(urls[0])
    for url in urls[1:33]:
        sig.signing_certificate(url)
        sig.signing_certificate(urls[0])  # keep the first one recently used
    assert len(sig.cache) == v.CACHE_SIZE == 32
    assert urls[0] in sig.cache
    assert urls[1] not in sig.cache
    assert fetcher.calls.count(urls[0]) == 1


def test_expired_cache_entry_is_evicted_and_refetched(pki: Pki) -> None:
    clock_now = [NOW]
    short = pki.leaf(san=["echo-api.amazon.com"], not_after=NOW + dt.timedelta(hours=1))
    fetcher = ChainServer({CERT_URL: pki.chain_with(short)})
    sig = v.AlexaSignatureVerifier(
        root_store=Store([pki.root]), fetcher=fetcher, clock=lambda: clock_now[0]
    )
    sig.signing_certificate(CERT_URL)
    sig.signing_certificate(CERT_URL)
    assert fetcher.calls == [CERT_URL]
    clock_now[0] = NOW + dt.timedelta(hours=2)  # the cached certificate has expired
    with pytest.raises(v.VerificationException, match="expired"):
        sig.signing_certificate(CERT_URL)
    assert fetcher.calls == [CERT_URL, CERT_URL]  # evicted, refetched, rejected
    assert CERT_URL not in sig.cache
    # Amazon rotated the certificate: once the failure is forgotten, the refetch picks it up.
    fetcher.chains[CERT_URL] = pki.chain_with(
        pki.leaf(san=["echo-api.amazon.com"], not_after=NOW + dt.timedelta(days=30))
    )
    with pytest.raises(v.VerificationException, match="failed recently"):
        sig.signing_certificate(CERT_URL)
    assert len(fetcher.calls) == 2
    clock_now[0] += dt.timedelta(seconds=v.FAILED_URL_TTL_S + 1)
    assert sig.signing_certificate(CERT_URL) is not None
    assert CERT_URL in sig.cache


def test_default_root_store_loads_a_public_bundle() -> None:
    store = v.load_root_store()
    assert isinstance(store, Store)


def test_fetcher_downloads_a_chain(local_http: Any, pki: Pki) -> None:
    url = local_http(reply(200, pki.chain))
    assert v.fetch_cert_chain(url) == pki.chain


def test_fetcher_caps_the_size(local_http: Any) -> None:
    url = local_http(reply(200, b"x" * 2048))
    with pytest.raises(v.VerificationException, match="too large"):
        v.fetch_cert_chain(url, max_bytes=1024)


def test_fetcher_refuses_redirects(local_http: Any) -> None:
    url = local_http(reply(302, b"", Location="http://127.0.0.1:9/elsewhere"))
    with pytest.raises(v.VerificationException):
        v.fetch_cert_chain(url)


def test_fetcher_times_out(local_http: Any) -> None:
    def slow(h: Any) -> None:
        time.sleep(2)
        with contextlib.suppress(OSError):  # the client has gone: no traceback on stderr
            reply(200, b"late")(h)

    url = local_http(slow)
    # The download gives up instead of waiting for the slow reply.
    with pytest.raises(v.VerificationException, match="took too long"):
        v.fetch_cert_chain(url, timeout=0.3)


def test_flask_ask_sdk_imports_and_sdk_verifier_fails_closed(pki: Pki) -> None:
    """flask-ask-sdk imports on any OpenSSL; the SDK's own verifier can never pass."""
    import certvalidator
    import flask_ask_sdk.skill_adapter  # noqa: F401
    from ask_sdk_webservice_support.verifier import RequestVerifier

    if getattr(certvalidator, "__doc__", "") and "Placeholder" in certvalidator.__doc__:
        with pytest.raises(v.VerificationException):
            RequestVerifier()._validate_cert_chain(pki.chain)
