"""Alexa request verification for the web-service endpoint, built on ``cryptography``.

Why this module exists (the OpenSSL decision)
=============================================

flask-ask-sdk 1.0.0 imports ``ask_sdk_webservice_support.verifier`` (1.3.3), which imports
``certvalidator`` 0.11.1, which imports ``oscrypto`` 1.3.0 at module level. oscrypto 1.3.0 finds
libcrypto's version with the regex ``\\d\\.\\d\\.\\d`` and raises ``LibraryNotFoundError`` on any
OpenSSL whose patch number has two digits (3.0.10 and later: this machine has 3.0.19, AWS
Lambda's Python runtimes ship OpenSSL 3 too). Upstream fixed it on master (wbond/oscrypto
issues 75 and 78) but never released it, and certvalidator itself is unmaintained since 2016.
So ``import flask_ask_sdk.skill_adapter`` fails on a fresh machine.

Options considered:

1. PyPI forks. ``elements-oscrypto`` 1.4.0b1 (a beta) and ``oscrypto-snowflake-patch`` 1.0.3 both
   install the *same import name* ``oscrypto/`` as a different distribution. certvalidator still
   requires the distribution ``oscrypto``, so ``pip install .`` installs both into one folder
   and whichever is unpacked last wins; uninstalling either breaks the other. Worse, the
   snowflake wheel ships no ``_openssl`` backend at all (it only overlays files on top of
   oscrypto 1.3.0), so it does not contain the fix. Rejected: order-dependent, not robust.
2. A git pin of oscrypto master: direct URLs cannot be published on PyPI, need network access
   outside the registries, and still leave certvalidator unmaintained. Rejected.
3. ``oscrypto.use_openssl(...)`` or an environment variable: they only choose *which* libcrypto
   to load; the version regex still runs on its version string. No help.
4. Patching site-packages or monkeypatching oscrypto's internals: fragile, explicitly ruled out.
5. Chosen: verify requests ourselves with ``cryptography`` (already a dependency; X.509 path
   building via ``cryptography.x509.verification`` since 42) and pass our verifiers to the SDK
   (``SkillAdapter`` with ``ASK_SDK_VERIFY_SIGNATURE``/``ASK_SDK_VERIFY_TIMESTAMP`` False and
   ``verifiers=[AlexaSignatureVerifier(), AlexaTimestampVerifier()]``). The SDK's
   certvalidator-based ``RequestVerifier`` is then dead code for us, but its module is still
   imported by flask-ask-sdk. :func:`import_sdk_verifier_module` therefore imports it normally
   and, only if that import fails inside certvalidator/oscrypto, registers a placeholder
   ``certvalidator`` module whose ``CertificateValidator`` always raises ``ValidationError``
   (fail closed: if anything ever called the SDK's own verifier, the SDK would turn that into
   a ``VerificationException`` and an HTTP 400). Nothing in site-packages is touched, it works
   on every OpenSSL version, and when oscrypto is ever fixed the real module is used unchanged.
   This also fixes the SDK verifier's other faults: deprecated ``not_valid_before/after`` and
   ``datetime.utcnow()``, cert-chain downloads with no timeout, and an unbounded cache that
   never expires.

The checks follow Amazon's rules for skills hosted as a web service: ``SignatureCertChainUrl``
must be https, host ``s3.amazonaws.com`` (any case), a normalised path under ``/echo.api/``, port
absent or 443; the signing certificate must be within its validity dates, carry
``echo-api.amazon.com`` in its SAN and chain to a trusted root; ``Signature-256`` is RSA
PKCS#1 v1.5 with SHA-256 over the raw body; the request timestamp must be within 150 s of now
(``AlexaSkillEvent.*`` requests: one hour).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import importlib
import logging
import posixpath
import ssl
import sys
import threading
import types
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

log = logging.getLogger(__name__)

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
CERT_URL_SCHEME = "https"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
CERT_URL_PORT = 443
CERT_SAN_DOMAIN = "echo-api.amazon.com"
TIMESTAMP_TOLERANCE_S = 150
SKILL_EVENT_TOLERANCE_S = 3600
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
FETCH_TIMEOUT_S = 3.0
MAX_CHAIN_BYTES = 256 * 1024
CACHE_SIZE = 32

Clock = Callable[[], dt.datetime]
Fetcher = Callable[[str], bytes]


# --------------------------------------------------------------------------------------------
# Importing the SDK's verifier module on any OpenSSL version
# --------------------------------------------------------------------------------------------


class _PlaceholderValidationError(Exception):
    """Stands in for ``certvalidator.errors.ValidationError`` when certvalidator cannot load."""


class _PlaceholderPathError(_PlaceholderValidationError):
    """Stands in for ``certvalidator.errors.PathError``."""


class _UnavailableCertificateValidator:
    """Stands in for ``certvalidator.CertificateValidator``: every validation fails (closed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def validate_usage(self, *args: Any, **kwargs: Any) -> None:
        raise _PlaceholderValidationError(
            "certvalidator is unavailable on this OpenSSL; use skill.verify.AlexaSignatureVerifier"
        )

    validate_tls = validate_usage


def _install_certvalidator_placeholder(reason: BaseException) -> None:
    """Register a fail-closed ``certvalidator`` placeholder in ``sys.modules``."""
    errors_mod = types.ModuleType("certvalidator.errors")
    errors_mod.ValidationError = _PlaceholderValidationError  # type: ignore[attr-defined]
    errors_mod.PathError = _PlaceholderPathError  # type: ignore[attr-defined]
    errors_mod.PathBuildingError = _PlaceholderPathError  # type: ignore[attr-defined]
    pkg = types.ModuleType("certvalidator")
    pkg.__doc__ = f"Placeholder installed by skill.verify: the real import failed ({reason!r})."
    pkg.CertificateValidator = _UnavailableCertificateValidator  # type: ignore[attr-defined]
    pkg.errors = errors_mod  # type: ignore[attr-defined]
    pkg.__path__ = []  # a package, so "certvalidator.errors" resolves to the module above
    sys.modules["certvalidator"] = pkg
    sys.modules["certvalidator.errors"] = errors_mod


def _is_certvalidator_chain_failure(exc: BaseException) -> bool:
    """True when ``exc`` was raised while importing certvalidator or oscrypto."""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name.split(".")[0] in {"certvalidator", "oscrypto"}:
            return True
        tb = tb.tb_next
    return type(exc).__module__.startswith("oscrypto")


def import_sdk_verifier_module() -> types.ModuleType:
    """Import ``ask_sdk_webservice_support.verifier``, working around the oscrypto bug.

    Call this (importing :mod:`skill.verify` does) before importing ``flask_ask_sdk``.
    """
    name = "ask_sdk_webservice_support.verifier"
    try:
        return importlib.import_module(name)
    except Exception as exc:
        if not _is_certvalidator_chain_failure(exc):
            raise
        log.info("certvalidator/oscrypto unusable here (%s); using the placeholder", exc)
        _install_certvalidator_placeholder(exc)
        return importlib.import_module(name)


_sdk_verifier = import_sdk_verifier_module()
AbstractVerifier = _sdk_verifier.AbstractVerifier
VerificationException = _sdk_verifier.VerificationException


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive header lookup that works for dicts and werkzeug ``Headers``."""
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted:
            return value if isinstance(value, str) else None
    return None


def validate_cert_url(url: str) -> None:
    """Raise ``VerificationException`` unless ``url`` is an allowed Alexa cert-chain URL."""
    try:
        parsed = urllib.parse.urlsplit(url.strip())
        port = parsed.port
    except ValueError as exc:
        raise VerificationException("cert URL is not a valid URL") from exc
    if parsed.scheme.lower() != CERT_URL_SCHEME:
        raise VerificationException("cert URL must use https")
    if (parsed.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationException("cert URL host must be s3.amazonaws.com")
    if parsed.username is not None or parsed.password is not None:
        raise VerificationException("cert URL must not carry credentials")
    if port is not None and port != CERT_URL_PORT:
        raise VerificationException("cert URL port must be 443")
    # Decode %-escapes first so that "%2e%2e" cannot hide a "..": the check is then stricter.
    path = urllib.parse.unquote(parsed.path)
    normalised = posixpath.normpath(path) if path else ""
    if not normalised.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException("cert URL path must be under /echo.api/")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the chain must come from the URL that was validated."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch_cert_chain(
    url: str, timeout: float = FETCH_TIMEOUT_S, max_bytes: int = MAX_CHAIN_BYTES
) -> bytes:
    """Download a PEM chain with a timeout and a size cap; raise ``VerificationException``."""
    try:
        with _OPENER.open(url, timeout=timeout) as resp:
            data = resp.read(max_bytes + 1)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise VerificationException(f"cannot download the certificate chain: {exc}") from exc
    if len(data) > max_bytes:
        raise VerificationException("certificate chain is too large")
    return data


def load_root_store(pem_bundle: bytes | None = None) -> Store:
    """A trust store from ``pem_bundle``, else certifi's bundle, else the system bundle."""
    if pem_bundle is None:
        path: str | None
        try:
            import certifi

            path = certifi.where()
        except ImportError:  # pragma: no cover - certifi is a declared dependency
            paths = ssl.get_default_verify_paths()
            path = paths.cafile or paths.openssl_cafile
        if not path:  # pragma: no cover
            raise RuntimeError("no CA bundle found: install certifi")
        with open(path, "rb") as fh:
            pem_bundle = fh.read()
    with warnings.catch_warnings():
        # Public bundles contain a few legacy roots that cryptography warns about.
        warnings.simplefilter("ignore")
        certs = x509.load_pem_x509_certificates(pem_bundle)
    return Store(certs)


@dataclass(frozen=True)
class _CachedChain:
    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]
    expires: dt.datetime


class CertChainCache:
    """Thread-safe LRU cache of parsed chains keyed by URL; entries expire with their certs."""

    def __init__(self, max_entries: int = CACHE_SIZE) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[str, _CachedChain] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str, now: dt.datetime) -> _CachedChain | None:
        """The entry for ``url`` if present and unexpired; an expired entry is evicted."""
        with self._lock:
            entry = self._data.get(url)
            if entry is None:
                return None
            if now >= entry.expires:
                del self._data[url]
                return None
            self._data.move_to_end(url)
            return entry

    def put(self, url: str, entry: _CachedChain) -> None:
        """Store ``entry``, evicting the least recently used entries beyond the bound."""
        with self._lock:
            self._data[url] = entry
            self._data.move_to_end(url)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __contains__(self, url: object) -> bool:
        with self._lock:
            return url in self._data


def _parse_chain(pem: bytes) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise VerificationException("certificate chain is not valid PEM") from exc
    return certs[0], tuple(certs[1:])


# --------------------------------------------------------------------------------------------
# The verifiers passed to the SDK
# --------------------------------------------------------------------------------------------


class AlexaSignatureVerifier(AbstractVerifier):
    """Checks ``SignatureCertChainUrl`` + ``Signature-256`` of a request (see module doc).

    ``root_store`` (a ``Store`` or PEM bytes) and ``fetcher`` are seams for tests; by default
    roots come from certifi and chains are downloaded with a 3 s timeout.
    """

    def __init__(
        self,
        root_store: Store | bytes | None = None,
        fetcher: Fetcher | None = None,
        clock: Clock = _utcnow,
        cache: CertChainCache | None = None,
    ) -> None:
        self._root_source = root_store
        self._store: Store | None = root_store if isinstance(root_store, Store) else None
        self._store_lock = threading.Lock()
        self._fetch: Fetcher = fetcher or fetch_cert_chain
        self._clock = clock
        self.cache = cache if cache is not None else CertChainCache()

    def _roots(self) -> Store:
        if self._store is None:
            with self._store_lock:
                if self._store is None:
                    src = self._root_source if isinstance(self._root_source, bytes) else None
                    self._store = load_root_store(src)
        return self._store

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str,
        deserialized_request_env: Any,
    ) -> None:
        """Raise ``VerificationException`` unless the request is signed by Alexa."""
        cert_url = _header(headers, CERT_URL_HEADER)
        signature = _header(headers, SIGNATURE_HEADER)
        if not cert_url:
            raise VerificationException(f"missing {CERT_URL_HEADER} header")
        if not signature:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        try:
            leaf = self.signing_certificate(cert_url)
            self.check_signature(leaf, signature, serialized_request_env.encode("utf-8"))
        except VerificationException:
            raise
        except Exception as exc:  # fail closed: any surprise is a rejected request
            log.warning("signature verification error", exc_info=True)
            raise VerificationException("request signature could not be verified") from exc

    def signing_certificate(self, cert_url: str) -> x509.Certificate:
        """The validated signing certificate for ``cert_url`` (cached while unexpired)."""
        validate_cert_url(cert_url)
        now = self._clock()
        entry = self.cache.get(cert_url, now)
        if entry is None:
            leaf, intermediates = _parse_chain(self._fetch(cert_url))
            expires = min(c.not_valid_after_utc for c in (leaf, *intermediates))
            entry = _CachedChain(leaf, intermediates, expires)
            self._validate_chain(entry, now)
            self.cache.put(cert_url, entry)
        else:
            self._validate_chain(entry, now)
        return entry.leaf

    def _validate_chain(self, entry: _CachedChain, now: dt.datetime) -> None:
        leaf = entry.leaf
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise VerificationException("signing certificate is expired or not yet valid")
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names = san.get_values_for_type(x509.DNSName)
        except (x509.ExtensionNotFound, ValueError):
            names = []
        if CERT_SAN_DOMAIN not in names:
            raise VerificationException(f"signing certificate SAN lacks {CERT_SAN_DOMAIN}")
        try:
            ku = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            ku = None
        if ku is not None and not ku.digital_signature:
            raise VerificationException("signing certificate may not sign")
        verifier = (
            PolicyBuilder()
            .store(self._roots())
            .time(now)
            .max_chain_depth(8)
            .build_server_verifier(x509.DNSName(CERT_SAN_DOMAIN))
        )
        try:
            verifier.verify(leaf, list(entry.intermediates))
        except VerificationError as exc:
            raise VerificationException(f"certificate chain is not trusted: {exc}") from exc

    @staticmethod
    def check_signature(leaf: x509.Certificate, signature_b64: str, body: bytes) -> None:
        """RSA PKCS#1 v1.5 / SHA-256 signature check of ``body``."""
        try:
            signature = base64.b64decode(signature_b64.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationException("signature is not valid base64") from exc
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationException("signing certificate key is not RSA")
        try:
            key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationException("signature does not match the request body") from exc


class AlexaTimestampVerifier(AbstractVerifier):
    """Rejects requests whose timestamp is more than 150 s (skill events: 1 h) from now."""

    def __init__(
        self,
        tolerance_s: float = TIMESTAMP_TOLERANCE_S,
        skill_event_tolerance_s: float = SKILL_EVENT_TOLERANCE_S,
        clock: Clock = _utcnow,
    ) -> None:
        if not 0 <= tolerance_s <= TIMESTAMP_TOLERANCE_S:
            raise ValueError(f"tolerance must be within 0..{TIMESTAMP_TOLERANCE_S} s")
        self._tolerance = tolerance_s
        self._event_tolerance = skill_event_tolerance_s
        self._clock = clock

    def verify(
        self,
        headers: Mapping[str, Any],
        serialized_request_env: str,
        deserialized_request_env: Any,
    ) -> None:
        """Raise ``VerificationException`` for a missing, stale or future timestamp."""
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, dt.datetime):
            raise VerificationException("request timestamp is missing")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        skew = abs((self._clock() - stamp).total_seconds())
        request_type = str(getattr(request, "object_type", "") or "")
        limit = (
            self._event_tolerance
            if request_type.startswith(SKILL_EVENT_PREFIX)
            else self._tolerance
        )
        if skew > limit:
            raise VerificationException("request timestamp is too far from now")


def default_verifiers() -> Sequence[AbstractVerifier]:
    """The verifiers used in production: signature/certificate, then timestamp."""
    return [AlexaSignatureVerifier(), AlexaTimestampVerifier()]


__all__ = [
    "CERT_URL_HEADER",
    "SIGNATURE_HEADER",
    "AbstractVerifier",
    "AlexaSignatureVerifier",
    "AlexaTimestampVerifier",
    "CertChainCache",
    "VerificationException",
    "default_verifiers",
    "fetch_cert_chain",
    "import_sdk_verifier_module",
    "load_root_store",
    "validate_cert_url",
]
