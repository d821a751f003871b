"""Alexa request verification for the web-service endpoint, built on ``cryptography``.

Why the project verifies requests itself instead of using the ASK SDK's ``RequestVerifier``
(oscrypto 1.3.0 cannot load on OpenSSL >= 3.0.10), which options were rejected, and how
:func:`import_sdk_verifier_module` keeps ``flask_ask_sdk`` importable: see "Request verification
and the OpenSSL decision" in docs/web-service.md. That section also lists every rule below and
compares it with the SDK's, point by point.

The rules, in short: ``SignatureCertChainUrl`` must be ``https://s3.amazonaws.com/echo.api/…``
(host in any case, port absent or 443, no credentials, query or fragment, no percent-encoded
``/``, ``.`` or ``\\``); the dot segments are removed and that one normalised URL is both the
cache key and what is downloaded (3 s total deadline, 256 KiB, no redirects, at most
:data:`MAX_CONCURRENT_DOWNLOADS` at once, a failed URL is not retried for
:data:`FAILED_URL_TTL_S`). The signing certificate must be within its validity dates, carry
``echo-api.amazon.com`` in its SAN and chain to a trusted root; ``Signature-256`` is RSA PKCS#1
v1.5 with SHA-256 over the raw body; the request timestamp must be within 150 s of now (one hour
for the skill events in :data:`SKILL_EVENT_TYPES`). Every rejection carries one of the fixed
short reasons in :data:`PUBLIC_REASONS`; details go to the log, never to the client.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import http.client
import importlib
import logging
import os
import posixpath
import re
import socket
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
from typing import TYPE_CHECKING, Any

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
# The request types Amazon documents as possibly up to an hour old: the same set as the SDK's
# ask_sdk_webservice_support.verifier_constants.ALEXA_SKILL_EVENT_LIST (a test compares them).
SKILL_EVENT_TYPES = frozenset(
    {
        "AlexaSkillEvent.SkillEnabled",
        "AlexaSkillEvent.SkillDisabled",
        "AlexaSkillEvent.SkillPermissionChanged",
        "AlexaSkillEvent.SkillPermissionAccepted",
        "AlexaSkillEvent.SkillAccountLinked",
    }
)
FETCH_TIMEOUT_S = 3.0  # total, for connect + TLS + headers + body
MAX_CHAIN_BYTES = 256 * 1024
CACHE_SIZE = 32
FAILED_URL_TTL_S = 10.0
FAILED_URL_CACHE_SIZE = 256
MAX_CONCURRENT_DOWNLOADS = 4
LOGGED_CAUSES = 3  # how far down a rejection's chain of causes the log goes
LOGGED_DETAILS_CHARS = 500

Clock = Callable[[], dt.datetime]
Fetcher = Callable[[str], bytes]


class Reason:
    """The fixed, short reasons a client may see. Details are logged, never sent."""

    MISSING_CERT_URL = f"missing {CERT_URL_HEADER} header"
    MISSING_SIGNATURE = f"missing {SIGNATURE_HEADER} header"
    BAD_URL = "cert URL is not a valid URL"
    URL_SCHEME = "cert URL must use https"
    URL_HOST = "cert URL host must be s3.amazonaws.com"
    URL_CREDENTIALS = "cert URL must not carry credentials"
    URL_PORT = "cert URL port must be 443"
    URL_QUERY = "cert URL must not have a query or fragment"
    URL_CHARACTERS = "cert URL path has characters that are not allowed"
    URL_ENCODED_SEPARATOR = "cert URL path must not percent-encode '/', '.' or '\\'"
    URL_PATH = "cert URL path must be under /echo.api/"
    DOWNLOAD_FAILED = "certificate chain could not be downloaded"
    DOWNLOAD_SLOW = "certificate chain download took too long"
    DOWNLOAD_BUSY = "too many certificate chain downloads at once"
    CHAIN_TOO_LARGE = "certificate chain is too large"
    RECENTLY_FAILED = "certificate chain failed recently; not retried yet"
    CHAIN_NOT_PEM = "certificate chain is not valid PEM"
    CERT_DATES = "signing certificate is expired or not yet valid"
    CERT_SAN = f"signing certificate SAN lacks {CERT_SAN_DOMAIN}"
    CERT_USAGE = "signing certificate may not sign"
    CHAIN_UNTRUSTED = "certificate chain is not trusted"
    SIGNATURE_BASE64 = "signature is not valid base64"
    KEY_NOT_RSA = "signing certificate key is not RSA"
    SIGNATURE_MISMATCH = "signature does not match the request body"
    SIGNATURE_ERROR = "request signature could not be verified"
    TIMESTAMP_MISSING = "request timestamp is missing"
    TIMESTAMP_INVALID = "request timestamp is not valid"
    TIMESTAMP_SKEW = "request timestamp is too far from now"
    UNVERIFIABLE = "request could not be verified"


PUBLIC_REASONS = frozenset(
    value for name, value in vars(Reason).items() if name.isupper() and isinstance(value, str)
)


def public_reason(exc: BaseException) -> str:
    """The reason to show a client for ``exc``: its message if it is one of
    :data:`PUBLIC_REASONS`, else the generic :attr:`Reason.UNVERIFIABLE`."""
    message = exc.args[0] if exc.args else None
    return (
        message if isinstance(message, str) and message in PUBLIC_REASONS else Reason.UNVERIFIABLE
    )


def rejection_details(exc: BaseException) -> str:
    """The log-only details of a rejection: extra arguments and the chain of causes."""
    parts = [repr(arg) for arg in exc.args[1:]]
    cause = exc.__cause__
    depth = 0
    while cause is not None and depth < LOGGED_CAUSES:
        parts.append(f"{type(cause).__name__}: {cause}")
        cause, depth = cause.__cause__, depth + 1
    return "; ".join(parts)[:LOGGED_DETAILS_CHARS]


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
            "certvalidator is unavailable on this OpenSSL; "
            "use skill.web.verify.AlexaSignatureVerifier"
        )

    validate_tls = validate_usage


def _install_certvalidator_placeholder(reason: BaseException) -> None:
    """Register a fail-closed ``certvalidator`` placeholder in ``sys.modules``."""
    # Modules made at run time: their attributes go into their namespaces (vars()).
    errors_mod = types.ModuleType("certvalidator.errors")
    vars(errors_mod).update(
        ValidationError=_PlaceholderValidationError,
        PathError=_PlaceholderPathError,
        PathBuildingError=_PlaceholderPathError,
    )
    pkg = types.ModuleType("certvalidator")
    pkg.__doc__ = f"Placeholder installed by skill.web.verify: the real import failed ({reason!r})."
    vars(pkg).update(CertificateValidator=_UnavailableCertificateValidator, errors=errors_mod)
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

    Call this (importing :mod:`skill.web.verify` does) before importing ``flask_ask_sdk``.
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
if TYPE_CHECKING:  # the same classes, as the type checker can see them
    from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException
else:
    AbstractVerifier = _sdk_verifier.AbstractVerifier
    VerificationException = _sdk_verifier.VerificationException


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reject(reason: str, *details: Any) -> Exception:
    """A ``VerificationException`` whose first argument is a fixed public reason."""
    assert reason in PUBLIC_REASONS, reason
    return VerificationException(reason, *details)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Case-insensitive header lookup that works for dicts and werkzeug ``Headers``."""
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted:
            return value if isinstance(value, str) else None
    return None


# RFC 3986 path characters (pchar and "/"), with "%" only as the start of a valid escape. No
# backslash, space or non-ASCII: some clients read "\" as "/", and Amazon's URLs use none.
_PATH_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")
# "%2e" is ".", "%2f" is "/", "%5c" is "\": S3 decodes them after we normalise, so a path such
# as "/evil/%2e%2e/echo.api/x" would name the bucket "evil". Amazon's URLs never encode them.
_ENCODED_SEPARATOR = re.compile(r"%(?:2[eEfF]|5[cC])")


def validate_cert_url(url: str) -> str:
    """The normalised form of an allowed Alexa cert-chain URL; ``VerificationException`` else.

    The returned URL (``https://s3.amazonaws.com`` + the path with dot segments removed) is the
    one to download and to cache by: what is fetched is exactly what was checked.
    """
    if not isinstance(url, str):
        raise _reject(Reason.BAD_URL)
    parsed = _split_cert_url(url)
    return f"{CERT_URL_SCHEME}://{CERT_URL_HOST}{_cert_url_path(parsed.path, url)}"


def _split_cert_url(url: str) -> urllib.parse.SplitResult:
    """The URL's parts, if its scheme, host and port are Amazon's and it has no credentials,
    query or fragment; ``VerificationException`` else."""
    try:
        parsed = urllib.parse.urlsplit(url.strip())
        port = parsed.port
    except ValueError as exc:
        raise _reject(Reason.BAD_URL, url) from exc
    if parsed.scheme.lower() != CERT_URL_SCHEME:
        raise _reject(Reason.URL_SCHEME, url)
    if (parsed.hostname or "").lower() != CERT_URL_HOST:
        raise _reject(Reason.URL_HOST, url)
    if parsed.username is not None or parsed.password is not None:
        raise _reject(Reason.URL_CREDENTIALS, url)
    if port is not None and port != CERT_URL_PORT:
        raise _reject(Reason.URL_PORT, url)
    if parsed.query or parsed.fragment or "?" in url or "#" in url:
        raise _reject(Reason.URL_QUERY, url)
    return parsed


def _cert_url_path(path: str, url: str) -> str:
    """The path with dot segments removed, if its characters are plain and it is under
    :data:`CERT_URL_PATH_PREFIX`; ``VerificationException`` else."""
    if not _PATH_CHARS.fullmatch(path):
        raise _reject(Reason.URL_CHARACTERS, url)
    if _ENCODED_SEPARATOR.search(path):
        raise _reject(Reason.URL_ENCODED_SEPARATOR, url)
    normalised = posixpath.normpath(path) if path else ""
    # normpath keeps a leading "//" (POSIX allows it to mean something else); it then fails here.
    if not normalised.startswith(CERT_URL_PATH_PREFIX):
        raise _reject(Reason.URL_PATH, url)
    return normalised


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the chain must come from the URL that was validated."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Deadline:
    """A total time limit for one download.

    urllib's (and urllib3's, and httpx's) timeout bounds each socket operation, not the whole
    exchange: a server that sends one byte every 2 s never trips a 3 s timeout. So each
    connection registers its TCP socket here as soon as it exists, and a timer shuts the socket
    down when the time is up; every blocked read (TLS handshake, headers, body) then returns at
    once. The timer works on a duplicate of the file descriptor, so it can never touch a socket
    that urllib closed and the process reused in the meantime.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._fds: list[int] = []
        self._closed = False
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        with self._lock:
            fds, self._fds, self._closed = self._fds, [], True
        for fd in fds:
            os.close(fd)

    @staticmethod
    def _shutdown(fd: int) -> None:
        sock = socket.socket(fileno=fd)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.detach()  # the descriptor stays ours; __exit__ closes it

    def watch(self, sock: socket.socket) -> None:
        fd = os.dup(sock.fileno())
        with self._lock:
            if self._closed:
                os.close(fd)
                return
            self._fds.append(fd)
            if self.expired:
                self._shutdown(fd)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for fd in self._fds:
                self._shutdown(fd)


def _deadline_opener(
    deadline: _Deadline, context: ssl.SSLContext | None = None
) -> urllib.request.OpenerDirector:
    """A urllib opener (no redirects) whose connections are registered with ``deadline``."""

    class TCPWatch(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()  # the TCP connection (and a proxy tunnel, if any)
            deadline.watch(self.sock)

    # MRO: HTTPSConnection.connect -> TCPWatch.connect -> HTTPConnection.connect, so the TCP
    # socket is watched before the TLS handshake starts.
    class HTTPSWatch(http.client.HTTPSConnection, TCPWatch):
        pass

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(TCPWatch, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(HTTPSWatch, req, context=context or _tls_context())

    return urllib.request.build_opener(_NoRedirect, HTTPHandler, HTTPSHandler)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's default TLS context, made on the first download (not at import)."""
    return ssl.create_default_context()


def fetch_cert_chain(
    url: str,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_CHAIN_BYTES,
    context: ssl.SSLContext | None = None,
) -> bytes:
    """Download a PEM chain within ``timeout`` seconds in total and ``max_bytes``.

    ``context`` is the TLS context (default: the system's; tests pass one trusting their CA).
    Raises ``VerificationException`` with a fixed reason; the cause (HTTP status, socket or
    TLS error) is chained for the log.
    """
    deadline = _Deadline(timeout)
    try:
        with deadline:
            with _deadline_opener(deadline, context).open(url, timeout=timeout) as resp:
                data: bytes = resp.read(max_bytes + 1)
            if deadline.expired:
                raise TimeoutError(f"no complete answer within {timeout} s")
    except (OSError, ValueError, urllib.error.URLError, http.client.HTTPException) as exc:
        timed_out = isinstance(exc, TimeoutError) or isinstance(
            getattr(exc, "reason", None), TimeoutError
        )
        reason = Reason.DOWNLOAD_SLOW if deadline.expired or timed_out else Reason.DOWNLOAD_FAILED
        raise _reject(reason, url) from exc
    if len(data) > max_bytes:
        raise _reject(Reason.CHAIN_TOO_LARGE, url)
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


class FailedUrlCache:
    """URLs whose chain failed (download, parse or validation), not retried for ``ttl_s``.

    Bounded (LRU); without it every unsigned request naming an allowed URL would download it.
    """

    def __init__(
        self, ttl_s: float = FAILED_URL_TTL_S, max_entries: int = FAILED_URL_CACHE_SIZE
    ) -> None:
        self.ttl = dt.timedelta(seconds=ttl_s)
        self.max_entries = max_entries
        self._data: OrderedDict[str, dt.datetime] = OrderedDict()
        self._lock = threading.Lock()

    def failed_recently(self, url: str, now: dt.datetime) -> bool:
        with self._lock:
            until = self._data.get(url)
            if until is None:
                return False
            if now >= until:
                del self._data[url]
                return False
            return True

    def add(self, url: str, now: dt.datetime) -> None:
        with self._lock:
            self._data[url] = now + self.ttl
            self._data.move_to_end(url)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __contains__(self, url: object) -> bool:
        with self._lock:
            return url in self._data


def _parse_chain(pem: bytes) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise _reject(Reason.CHAIN_NOT_PEM) from exc
    return certs[0], tuple(certs[1:])


# --------------------------------------------------------------------------------------------
# The verifiers passed to the SDK
# --------------------------------------------------------------------------------------------


class AlexaSignatureVerifier(AbstractVerifier):
    """Checks ``SignatureCertChainUrl`` + ``Signature-256`` of a request (see module doc).

    ``root_store`` (a ``Store`` or PEM bytes) and ``fetcher`` are seams for tests; by default
    roots come from certifi and chains are downloaded by :func:`fetch_cert_chain`. The fetcher
    is called with the normalised URL (see :func:`validate_cert_url`).
    """

    def __init__(
        self,
        *,
        root_store: Store | bytes | None = None,
        fetcher: Fetcher | None = None,
        clock: Clock = _utcnow,
        cache: CertChainCache | None = None,
        failed: FailedUrlCache | None = None,
        max_downloads: int = MAX_CONCURRENT_DOWNLOADS,
        download_wait_s: float = FETCH_TIMEOUT_S,
    ) -> None:
        self._root_source = root_store
        self._store: Store | None = root_store if isinstance(root_store, Store) else None
        self._store_lock = threading.Lock()
        self._fetch: Fetcher = fetcher or fetch_cert_chain
        self._clock = clock
        self.cache = cache if cache is not None else CertChainCache()
        self.failed = failed if failed is not None else FailedUrlCache()
        self._downloads = threading.BoundedSemaphore(max_downloads)
        self._download_wait = download_wait_s

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
            raise _reject(Reason.MISSING_CERT_URL)
        if not signature:
            raise _reject(Reason.MISSING_SIGNATURE)
        try:
            leaf = self.signing_certificate(cert_url)
            self.check_signature(leaf, signature, serialized_request_env.encode("utf-8"))
        except VerificationException:
            raise
        except Exception as exc:  # fail closed: any surprise is a rejected request
            raise _reject(Reason.SIGNATURE_ERROR) from exc

    def _known(self, url: str, now: Any) -> x509.Certificate | None:
        """The cached, still valid signing certificate for ``url``; a rejection when the URL
        failed recently; else ``None`` (download it)."""
        entry = self.cache.get(url, now)
        if entry is not None:
            self._validate_chain(entry, now)
            return entry.leaf
        if self.failed.failed_recently(url, now):
            raise _reject(Reason.RECENTLY_FAILED, url)
        return None

    def signing_certificate(self, cert_url: str) -> x509.Certificate:
        """The validated signing certificate for ``cert_url`` (cached while unexpired)."""
        url = validate_cert_url(cert_url)
        now = self._clock()
        known = self._known(url, now)
        if known is not None:
            return known
        if not self._downloads.acquire(timeout=self._download_wait):
            raise _reject(Reason.DOWNLOAD_BUSY, url)
        try:
            # Another request may have fetched (or failed) the same URL while this one waited.
            known = self._known(url, now)
            if known is not None:
                return known
            try:
                leaf, intermediates = _parse_chain(self._fetch(url))
                expires = min(c.not_valid_after_utc for c in (leaf, *intermediates))
                entry = _CachedChain(leaf, intermediates, expires)
                self._validate_chain(entry, now)
            except Exception:
                self.failed.add(url, now)
                raise
            self.cache.put(url, entry)
            return entry.leaf
        finally:
            self._downloads.release()

    def _validate_chain(self, entry: _CachedChain, now: dt.datetime) -> None:
        leaf = entry.leaf
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise _reject(Reason.CERT_DATES)
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names = san.get_values_for_type(x509.DNSName)
        except (x509.ExtensionNotFound, ValueError):
            names = []
        if CERT_SAN_DOMAIN not in names:
            raise _reject(Reason.CERT_SAN)
        try:
            ku = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            ku = None
        if ku is not None and not ku.digital_signature:
            raise _reject(Reason.CERT_USAGE)
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
            raise _reject(Reason.CHAIN_UNTRUSTED) from exc

    @staticmethod
    def check_signature(leaf: x509.Certificate, signature_b64: str, body: bytes) -> None:
        """RSA PKCS#1 v1.5 / SHA-256 signature check of ``body``."""
        try:
            signature = base64.b64decode(signature_b64.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _reject(Reason.SIGNATURE_BASE64) from exc
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise _reject(Reason.KEY_NOT_RSA)
        try:
            key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise _reject(Reason.SIGNATURE_MISMATCH) from exc


class AlexaTimestampVerifier(AbstractVerifier):
    """Rejects requests whose timestamp is more than 150 s from now (one hour for the skill
    events in :data:`SKILL_EVENT_TYPES`), or that cannot be compared with now at all."""

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
        """Raise ``VerificationException`` for a missing, invalid, stale or future timestamp."""
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, dt.datetime):
            raise _reject(Reason.TIMESTAMP_MISSING)
        try:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=dt.UTC)
            # dateutil accepts offsets such as +99:00 that datetime can't use: ValueError here.
            skew = abs((self._clock() - stamp).total_seconds())
        except (ValueError, OverflowError, TypeError) as exc:
            raise _reject(Reason.TIMESTAMP_INVALID, str(stamp.tzinfo)) from exc
        request_type = getattr(request, "object_type", None)
        limit = self._event_tolerance if request_type in SKILL_EVENT_TYPES else self._tolerance
        if skew > limit:
            raise _reject(Reason.TIMESTAMP_SKEW, f"{skew:.0f} s, {request_type}")


def default_verifiers() -> Sequence[AbstractVerifier]:
    """The verifiers used in production: signature/certificate, then timestamp."""
    return [AlexaSignatureVerifier(), AlexaTimestampVerifier()]


__all__ = [
    "CERT_URL_HEADER",
    "PUBLIC_REASONS",
    "SIGNATURE_HEADER",
    "SKILL_EVENT_TYPES",
    "AbstractVerifier",
    "AlexaSignatureVerifier",
    "AlexaTimestampVerifier",
    "CertChainCache",
    "FailedUrlCache",
    "Reason",
    "VerificationException",
    "default_verifiers",
    "fetch_cert_chain",
    "import_sdk_verifier_module",
    "load_root_store",
    "public_reason",
    "rejection_details",
    "validate_cert_url",
]
