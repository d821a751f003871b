"""Request verification of the web service, with a private CA and signed requests.

No network: the trust store holds the test's own root, and the verifier's ``fetcher`` seam serves
the chain for the ``https://s3.amazonaws.com/echo.api/...`` URL the request names.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import http.server
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import Store

from skill.web import verify as v
from skill.web.app import create_app

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
NOW = dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------------------- a private PKI


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _ku(*, sign: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=sign,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _ca_cert(
    subject: str, key: rsa.RSAPrivateKey, issuer: x509.Certificate | None, issuer_key: Any
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=30))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ku(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _leaf_cert(
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    *,
    san: list[str] | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name("echo-api.amazon.com"))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=1))
        .not_valid_after(not_after or NOW + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_ku(sign=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if san is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in san]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


@dataclass
class Pki:
    root: x509.Certificate
    inter: x509.Certificate
    inter_key: rsa.RSAPrivateKey
    leaf_key: rsa.RSAPrivateKey
    chain: bytes  # leaf + intermediate, as Amazon serves it

    def leaf(self, **kwargs: Any) -> x509.Certificate:
        return _leaf_cert(self.leaf_key, self.inter, self.inter_key, **kwargs)

    def chain_with(self, leaf: x509.Certificate) -> bytes:
        return _pem(leaf, self.inter)


def make_pki() -> Pki:
    """A root, an intermediate and an ``echo-api.amazon.com`` leaf (shared with
    test_web_security.py)."""
    root_key, inter_key, leaf_key = _key(), _key(), _key()
    root = _ca_cert("Milia Test Root CA", root_key, None, root_key)
    inter = _ca_cert("Milia Test Intermediate CA", inter_key, root, root_key)
    leaf = _leaf_cert(leaf_key, inter, inter_key, san=["echo-api.amazon.com"])
    return Pki(root, inter, inter_key, leaf_key, _pem(leaf, inter))


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


class ChainServer:
    """The fetcher seam: serves one PEM chain for one URL and counts the downloads."""

    def __init__(self, chains: dict[str, bytes]) -> None:
        self.chains = chains
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.chains:
            raise v.VerificationException("no such chain")
        return self.chains[url]


# ---------------------------------------------------------------------------- requests


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    *, timestamp: dt.datetime | None = None, request_type: str = "LaunchRequest"
) -> dict[str, Any]:
    from skill.app import get_skill

    app_id = get_skill().skill_id or "amzn1.ask.skill.00000000-test"
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.verify-test",
            "application": {"applicationId": app_id},
            "attributes": {},
            "user": {"userId": "amzn1.ask.account.verify-test"},
        },
        "context": {
            "System": {
                "application": {"applicationId": app_id},
                "user": {"userId": "amzn1.ask.account.verify-test"},
                "device": {"deviceId": "amzn1.ask.device.verify-test", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.verify-test",
            "timestamp": _stamp(timestamp or dt.datetime.now(dt.UTC)),
            "locale": "en-US",
        },
    }


def sign(body: bytes, key: rsa.RSAPrivateKey) -> str:
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def client_factory(pki: Pki) -> Callable[..., Any]:
    """Makes Flask test clients whose verifier trusts only the test root and fetches from
    memory (``client.fetcher`` records the URLs, ``client.verifier`` is the signature one)."""

    def make(chains: dict[str, bytes] | None = None, **verifier_kwargs: Any) -> Any:
        fetcher = ChainServer(chains if chains is not None else {CERT_URL: pki.chain})
        sig = v.AlexaSignatureVerifier(
            root_store=Store([pki.root]), fetcher=fetcher, **verifier_kwargs
        )
        app = create_app(verify=True, verifiers=[sig, v.AlexaTimestampVerifier()])
        client = app.test_client()
        client.fetcher = fetcher
        client.verifier = sig
        return client

    return make


@pytest.fixture
def client_for(pki: Pki) -> Callable[..., Any]:
    return client_factory(pki)


def post(
    client: Any,
    body: bytes,
    *,
    signature: str | None,
    cert_url: str | None = CERT_URL,
) -> Any:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if signature is not None:
        headers["Signature-256"] = signature
    if cert_url is not None:
        headers["SignatureCertChainUrl"] = cert_url
    return client.post("/", data=body, headers=headers)


def assert_rejected(resp: Any) -> None:
    assert resp.status_code == 400, resp.get_data(as_text=True)
    data = resp.get_json()
    assert data["error"] == "verification_failed"
    assert isinstance(data["reason"], str) and 0 < len(data["reason"]) <= 200


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
    rogue_key = _key()
    rogue_root = _ca_cert("Rogue Root", rogue_key, None, rogue_key)
    leaf = _leaf_cert(pki.leaf_key, rogue_root, rogue_key, san=["echo-api.amazon.com"])
    client = client_for({CERT_URL: _pem(leaf, rogue_root)})
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
    assert_rejected(post(client_for(), body, signature=sign(body, _key())))


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
    with pytest.raises(ValueError):
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
    assert urls[0] in sig.cache and urls[1] not in sig.cache
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


@contextlib.contextmanager
def http_servers(
    tls: tuple[Path, Path] | None = None,
) -> Iterator[Callable[[Callable[[Any], None]], str]]:
    """Starts loopback HTTP servers whose GET runs ``handle(request_handler)``; yields the
    starter, which returns a URL; stops them all at the end. With ``tls`` (a certificate and
    key file), they speak HTTPS."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handle: Callable[[Any], None]) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        srv.daemon_threads = True
        if tls is not None:
            server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            server_ctx.load_cert_chain(*tls)
            srv.socket = server_ctx.wrap_socket(srv.socket, server_side=True)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        scheme = "http" if tls is None else "https"
        return f"{scheme}://127.0.0.1:{srv.server_port}/echo.api/chain.pem"

    try:
        yield start
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()


@pytest.fixture
def local_http() -> Iterator[Callable[[Callable[[Any], None]], str]]:
    with http_servers() as start:
        yield start


def _reply(status: int, body: bytes, **headers: str) -> Callable[[Any], None]:
    def handle(h: Any) -> None:
        h.send_response(status)
        for k, val in headers.items():
            h.send_header(k, val)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handle


def test_fetcher_downloads_a_chain(local_http: Any, pki: Pki) -> None:
    url = local_http(_reply(200, pki.chain))
    assert v.fetch_cert_chain(url) == pki.chain


def test_fetcher_caps_the_size(local_http: Any) -> None:
    url = local_http(_reply(200, b"x" * 2048))
    with pytest.raises(v.VerificationException, match="too large"):
        v.fetch_cert_chain(url, max_bytes=1024)


def test_fetcher_refuses_redirects(local_http: Any) -> None:
    url = local_http(_reply(302, b"", Location="http://127.0.0.1:9/elsewhere"))
    with pytest.raises(v.VerificationException):
        v.fetch_cert_chain(url)


def test_fetcher_times_out(local_http: Any) -> None:
    def slow(h: Any) -> None:
        time.sleep(2)
        with contextlib.suppress(OSError):  # the client has gone: no traceback on stderr
            _reply(200, b"late")(h)

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
