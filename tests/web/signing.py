"""Signed Alexa requests for the web tests: a private CA (root, intermediate, an
``echo-api.amazon.com`` leaf), the verifier's fetcher seam, signing and posting, and loopback
HTTP(S) servers for the certificate download. No network: the trust store holds the test's own
root.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import http.server
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import Store

from skill.web import verify as v
from skill.web.app import create_app
from tests.support import request_envelope, serving

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
NOW = dt.datetime.now(dt.UTC)

# ---------------------------------------------------------------------------- a private PKI


def new_key() -> rsa.RSAPrivateKey:
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


def ca_cert(
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


def leaf_cert(
    key: rsa.RSAPrivateKey,
    signer: tuple[x509.Certificate, rsa.RSAPrivateKey],
    *,
    san: list[str] | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> x509.Certificate:
    """An ``echo-api.amazon.com`` certificate for ``key``, issued by ``signer`` (a CA's
    certificate and key)."""
    issuer, issuer_key = signer
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


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


@dataclass
class Pki:
    root: x509.Certificate
    inter: x509.Certificate
    inter_key: rsa.RSAPrivateKey
    leaf_key: rsa.RSAPrivateKey
    chain: bytes  # leaf + intermediate, as Amazon serves it

    def leaf(self, **kwargs: Any) -> x509.Certificate:
        return leaf_cert(self.leaf_key, (self.inter, self.inter_key), **kwargs)

    def chain_with(self, leaf: x509.Certificate) -> bytes:
        return pem(leaf, self.inter)


def make_pki() -> Pki:
    """A root, an intermediate and an ``echo-api.amazon.com`` leaf (the ``pki`` fixture of
    tests/web/conftest.py: one for the run)."""
    root_key, inter_key, leaf_key = new_key(), new_key(), new_key()
    root = ca_cert("Milia Test Root CA", root_key, None, root_key)
    inter = ca_cert("Milia Test Intermediate CA", inter_key, root, root_key)
    leaf = leaf_cert(leaf_key, (inter, inter_key), san=["echo-api.amazon.com"])
    return Pki(root, inter, inter_key, leaf_key, pem(leaf, inter))


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


def envelope(
    *, timestamp: dt.datetime | None = None, request_type: str = "LaunchRequest"
) -> dict[str, Any]:
    from skill.app import get_skill

    return request_envelope(
        {"type": request_type},
        application_id=get_skill().skill_id or "amzn1.ask.skill.00000000-test",
        user_id="amzn1.ask.account.verify-test",
        session_id="amzn1.echo-api.session.verify-test",
        timestamp=timestamp,
    )


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
    assert isinstance(data["reason"], str)
    assert 0 < len(data["reason"]) <= 200


# ---------------------------------------------------------------------------- servers


@contextlib.contextmanager
def http_servers(
    tls: tuple[Path, Path] | None = None,
) -> Iterator[Callable[[Callable[[Any], None]], str]]:
    """Starts loopback HTTP servers whose GET runs ``handle(request_handler)``; yields the
    starter, which returns a URL; stops them all at the end. With ``tls`` (a certificate and
    key file), they speak HTTPS."""
    with contextlib.ExitStack() as servers:

        def start(handle: Callable[[Any], None]) -> str:
            return _start(servers, handle, tls)

        yield start


def _start(
    servers: contextlib.ExitStack, handle: Callable[[Any], None], tls: tuple[Path, Path] | None
) -> str:
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
    url = servers.enter_context(serving(srv))
    scheme = "http" if tls is None else "https"
    return f"{url.replace('http', scheme, 1)}/echo.api/chain.pem"


def reply(status: int, body: bytes, **headers: str) -> Callable[[Any], None]:
    def handle(h: Any) -> None:
        h.send_response(status)
        for k, val in headers.items():
            h.send_header(k, val)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handle
