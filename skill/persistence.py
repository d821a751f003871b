"""Remembering a returning user: visit count and last treatment, nothing about their health.

One record per Alexa user id: ``{"visits": int, "last_topic": TreatmentId value | None,
"updated_at": epoch seconds}`` plus an expiry (``ttl``, epoch seconds). Anything else handed to
the store is dropped, so situations (pregnancy, a baby...) or utterances can never be saved.

Stores, chosen by :func:`build_adapter`:

* ``SKILL_TABLE_NAME`` set: DynamoDB (Lambda). boto3 is imported on first use, never at import.
* otherwise: a SQLite file in the user's state directory (``sqlite3`` is imported on first use),
  or memory if that can't be written or ``MILIA_STATE_DIR`` is ``:memory:``.

Each is wrapped in :class:`SafeAdapter`: a failing store is logged in one line and the
conversation goes on. Load and save together get :data:`BUDGET_SECONDS` per request; past it the
skill answers without the store (Alexa waits about 8 s, the Lambda timeout is 7 s).

What a request costs: only a new session reads (a launch or a one-shot), and the record is written
at most once per request, at the end, and only when it changed (a new visit, or a new treatment).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)

from skill.content.model import TreatmentId
from skill.state import TOPIC, USER

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import RequestEnvelope, Response

log = logging.getLogger(__name__)

TTL_SECONDS = 180 * 24 * 3600  # a record unused for 180 days expires
PURGE_EVERY_SECONDS = 3600  # expired rows are deleted at most this often (they read as missing)
BUDGET_SECONDS = 1.0  # load + save of one request, together; then carry on without the store
SQLITE_BUSY_SECONDS = 0.4  # the longest SQLite waits for another process's write lock
DYNAMODB_CONNECT_SECONDS = 0.25  # botocore: TCP connect
DYNAMODB_READ_SECONDS = 0.45  # botocore: each socket read; one attempt, no retry
MEMORY = ":memory:"  # MILIA_STATE_DIR value: keep the records in this process only
ALLOWED_KEYS = ("visits", "last_topic", "updated_at")

VISIT_PENDING = "persistence.visit"  # request key: a new visit is counted, save it at the end
FORGET_INTENT = "ForgetMeIntent"
_TOPICS = frozenset(t.value for t in TreatmentId)

Clock = Callable[[], float]
Attributes = dict[str, Any]


# --- the record -------------------------------------------------------------------------------


def _as_int(value: object) -> int:
    """An int from a stored number (DynamoDB gives ``Decimal``); 0 for anything else."""
    try:
        return max(int(value), 0)  # type: ignore[call-overload]
    except (TypeError, ValueError, ArithmeticError):
        return 0


def _topic(value: object) -> str | None:
    """``value`` if it is a treatment id, else ``None``."""
    return value if isinstance(value, str) and value in _TOPICS else None


def sanitize(attributes: Attributes) -> Attributes:
    """Only the allowed keys, with the allowed types: the whole privacy contract in one place."""
    return {
        "visits": _as_int(attributes.get("visits")),
        "last_topic": _topic(attributes.get("last_topic")),
        "updated_at": _as_int(attributes.get("updated_at")),
    }


def _user_id(request_envelope: RequestEnvelope) -> str:
    """The partition key: the Alexa user id (as the SDK's ``user_id_partition_keygen``)."""
    user_id = request_envelope.context.system.user.user_id
    if not user_id:
        raise ValueError("request has no user id")
    return str(user_id)


# --- stores -----------------------------------------------------------------------------------


class MemoryStore(AbstractPersistenceAdapter):
    """Process-local store: the fallback when no file can be written (lost on exit)."""

    description = "memory store"
    worst_case_seconds = 0.0

    def __init__(self, ttl_seconds: int = TTL_SECONDS, clock: Clock = time.time) -> None:
        self._rows: dict[str, tuple[Attributes, int]] = {}
        self._lock = threading.Lock()
        self._ttl = ttl_seconds
        self._clock = clock
        self._next_purge = 0.0

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        key = _user_id(request_envelope)
        with self._lock:
            row = self._rows.get(key)
        if row is None or row[1] <= self._clock():
            return {}
        return dict(row[0])

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        key, now = _user_id(request_envelope), int(self._clock())
        with self._lock:
            if now >= self._next_purge:
                self._rows = {k: v for k, v in self._rows.items() if v[1] > now}
                self._next_purge = now + PURGE_EVERY_SECONDS
            self._rows[key] = (sanitize(attributes), now + self._ttl)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._lock:
            self._rows.pop(_user_id(request_envelope), None)


_FORKED_AWAY: list[Any] = []  # connections a fork copied: never used or closed in the child


class SqliteStore(AbstractPersistenceAdapter):
    """Embedded store: one SQLite file, shared safely by several processes.

    Each process, and each thread in it (gunicorn threads, the Flask dev server), keeps one
    connection open and reuses it; a forked child opens its own. The file is in WAL mode with
    ``synchronous=NORMAL``: readers never wait for the writer, and a commit needs no fsync. That
    is durable against a crash of the process (the commit is in the WAL file); on a power loss
    or an OS crash the last commits can be lost, and the database stays consistent. A visit
    counter can accept that. Several processes share the file through SQLite's own locks; a lock
    wait is bounded by :data:`SQLITE_BUSY_SECONDS`.

    Rows past their ``ttl`` read as missing; they are deleted at most once an hour (the last
    purge time is kept in the file, so short-lived processes don't each purge).
    """

    worst_case_seconds = SQLITE_BUSY_SECONDS  # a call waits at most this long for a lock

    def __init__(
        self, path: str | os.PathLike[str], ttl_seconds: int = TTL_SECONDS, clock: Clock = time.time
    ) -> None:
        self.path = os.fspath(path)
        self.description = f"SQLite store {self.path}"
        self._ttl = ttl_seconds
        self._clock = clock
        self._local = threading.local()
        self._next_purge = 0.0
        self.opened = False  # a connection was opened once in this process

    def _db(self) -> Any:
        """This thread's connection, opened (and the table created) on first use."""
        local = self._local
        pid = os.getpid()
        db = getattr(local, "db", None)
        if db is not None:
            if local.pid == pid:
                return db
            _FORKED_AWAY.append(db)  # the parent's: closing it here could disturb the parent
            local.db = None
        import sqlite3  # only the embedded store pays for it, on its first use

        directory = os.path.dirname(self.path)
        if directory:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        # Created 0600 before SQLite opens it: user ids are personal identifiers, and the WAL
        # and shared-memory files SQLite creates next to it copy its permissions.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        db = sqlite3.connect(
            self.path, timeout=SQLITE_BUSY_SECONDS, isolation_level=None, check_same_thread=True
        )
        try:
            no_checkpoint = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
            if no_checkpoint is not None:  # Python 3.12+ (as on Lambda)
                # Without it, the last connection to close (a short-lived process: a CLI
                # one-shot) checkpoints with two fsyncs and deletes the WAL, and the next
                # process creates it again. The WAL stays instead, and is checkpointed every
                # 1000 pages (SQLite's wal_autocheckpoint); journal_size_limit caps the file.
                db.setconfig(no_checkpoint, True)
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file: once per file, in effect
            db.execute("PRAGMA synchronous=NORMAL")  # per connection: see the class docstring
            db.execute("PRAGMA journal_size_limit=4194304")
            db.execute(
                "CREATE TABLE IF NOT EXISTS attributes"
                " (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, ttl INTEGER NOT NULL)"
            )
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER)")
        except Exception:
            db.close()
            raise
        local.db, local.pid = db, pid
        self.opened = True
        return db

    def _run(self, work: Callable[[Any], Any]) -> Any:
        """``work(connection)``; after an error the connection is dropped and reopened next time."""
        db = self._db()
        try:
            return work(db)
        except Exception:
            self._local.db = None
            db.close()
            raise

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        key, now = _user_id(request_envelope), int(self._clock())
        row = self._run(
            lambda db: db.execute(
                "SELECT attributes FROM attributes WHERE id = ? AND ttl > ?", (key, now)
            ).fetchone()
        )
        return sanitize(json.loads(row[0])) if row else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        key, now = _user_id(request_envelope), int(self._clock())
        record = json.dumps(sanitize(attributes), separators=(",", ":"))

        def save(db: Any) -> None:
            db.execute(
                "INSERT OR REPLACE INTO attributes (id, attributes, ttl) VALUES (?, ?, ?)",
                (key, record, now + self._ttl),
            )
            if now >= self._next_purge:
                self._purge(db, now)

        self._run(save)

    def _purge(self, db: Any, now: int) -> None:
        """Delete expired rows if no process did in the last hour."""
        row = db.execute("SELECT value FROM meta WHERE key = 'purged_at'").fetchone()
        last = _as_int(row[0]) if row else 0
        if now - last >= PURGE_EVERY_SECONDS or last > now:
            with db:  # one transaction: the purge and its time
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM attributes WHERE ttl <= ?", (now,))
                db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('purged_at', ?)", (now,)
                )
            last = now
        self._next_purge = last + PURGE_EVERY_SECONDS

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = _user_id(request_envelope)
        self._run(lambda db: db.execute("DELETE FROM attributes WHERE id = ?", (key,)))


_CLIENTS: dict[tuple[Any, ...], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def dynamodb_client(region: str) -> Any:
    """The process's one boto3 DynamoDB client for ``region`` (and the configured endpoint).

    A client is thread-safe and keeps a pool of HTTP connections, so reusing it across requests
    keeps the TLS connection to DynamoDB open (keep-alive) instead of a new handshake per
    request. ``tcp_keepalive`` also keeps an idle connection from being dropped silently while
    Lambda freezes the process. Short timeouts and one attempt: a call that gets no answer
    fails within :attr:`DynamoDbStore.worst_case_seconds`, so the load and the save fit the
    request's budget (:class:`SafeAdapter`). DynamoDB answers in a few ms from Lambda.
    """
    key = (os.getpid(), region, os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))
    client = _CLIENTS.get(key)
    if client is None:
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                import boto3
                from botocore.config import Config

                config = Config(
                    connect_timeout=DYNAMODB_CONNECT_SECONDS,
                    read_timeout=DYNAMODB_READ_SECONDS,
                    retries={"total_max_attempts": 1, "mode": "standard"},
                    tcp_keepalive=True,
                )
                client = boto3.session.Session().client(
                    "dynamodb", region_name=region, config=config
                )
                _CLIENTS[key] = client
    return client


class DynamoDbStore(AbstractPersistenceAdapter):
    """DynamoDB store through the process's boto3 *client* (:func:`dynamodb_client`).

    Why not the SDK's ``ask_sdk_dynamodb.adapter.DynamoDbAdapter``: importing it calls
    ``boto3.resource("dynamodb")`` (NoRegionError without a region, ~250 ms), it nests
    everything under ``attributes`` so DynamoDB's TTL (a top-level number) can't be set, and
    it doesn't filter items that expired but weren't swept yet (TTL deletion lags by days).
    The item layout stays the SDK's: partition key ``id`` (S), the record under
    ``attributes`` (M), plus a top-level ``ttl`` (N) for the table's TimeToLiveSpecification.
    Endpoint: boto3 honours ``AWS_ENDPOINT_URL_DYNAMODB`` itself.
    """

    # A call that gets no answer fails after the connect and the read timeouts (one attempt).
    worst_case_seconds = DYNAMODB_CONNECT_SECONDS + DYNAMODB_READ_SECONDS

    def __init__(
        self,
        table_name: str,
        region: str | None = None,
        ttl_seconds: int = TTL_SECONDS,
        clock: Clock = time.time,
    ) -> None:
        self.table_name = table_name
        self.description = f"DynamoDB table {table_name}"
        self.region = region or (
            os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        )
        self._ttl = ttl_seconds
        self._clock = clock

    @property
    def client(self) -> Any:
        return dynamodb_client(self.region)

    def prepare(self) -> None:
        """Create the client (import boto3) before the budget's clock starts: a cold start's
        import time is not the store being slow."""
        dynamodb_client(self.region)

    def _key(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        return {"id": {"S": _user_id(request_envelope)}}

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        item = self.client.get_item(
            TableName=self.table_name, Key=self._key(request_envelope), ConsistentRead=True
        ).get("Item")
        if not item:
            return {}
        if "ttl" in item and _as_int(item["ttl"].get("N")) <= self._clock():
            return {}  # expired, not yet swept by DynamoDB's TTL (that can take days)
        fields = item.get("attributes", {}).get("M", {})
        return sanitize(
            {
                "visits": fields.get("visits", {}).get("N"),
                "last_topic": fields.get("last_topic", {}).get("S"),
                "updated_at": fields.get("updated_at", {}).get("N"),
            }
        )

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        record = sanitize(attributes)
        topic = record["last_topic"]
        fields: dict[str, Any] = {
            "visits": {"N": str(record["visits"])},
            "last_topic": {"S": topic} if topic else {"NULL": True},
            "updated_at": {"N": str(record["updated_at"])},
        }
        # Numbers go over the wire as strings: no float ever reaches DynamoDB.
        self.client.put_item(
            TableName=self.table_name,
            Item={
                **self._key(request_envelope),
                "attributes": {"M": fields},
                "ttl": {"N": str(int(self._clock()) + self._ttl)},
            },
        )

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.client.delete_item(TableName=self.table_name, Key=self._key(request_envelope))


# --- failures and the budget ------------------------------------------------------------------


class Unavailable(dict[str, Any]):
    """The empty attributes :class:`SafeAdapter` returns when the store failed to read.

    It equals ``{}``; the interceptors check for it so a failed read never overwrites a record.
    """


def describe_failure(exc: BaseException) -> str:
    """Why a store call failed, in a few words: no doubled class name, no stack."""
    if isinstance(exc, ModuleNotFoundError):
        return f"{exc.name or 'a module'} is not installed"
    response = getattr(exc, "response", None)  # botocore ClientError
    if isinstance(response, dict):
        error = response.get("Error") or {}
        code = error.get("Code") or type(exc).__name__
        message = error.get("Message") or ""
        return f"{code}: {message}" if message else str(code)
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text and not text.startswith(name) else (text or name)


class _Skipped(Exception):
    """A call not made: what is left of the request's budget could not cover it (logged)."""


class SafeAdapter(AbstractPersistenceAdapter):
    """Wrap a store so its failures are logged (one line, no personal data) and swallowed, and
    so that one request never spends more than ``budget`` seconds in it.

    The budget belongs to a request: the calls made with the same request envelope (the load
    on a new session, the save at the end, "forget me") share it. Each store says how long one
    call can take at worst (``worst_case_seconds``: DynamoDB's connect and read timeouts with
    one attempt, SQLite's lock wait), and a call starts only if that still fits in what is left.
    So the calls of a request never add up to more than the budget, and nothing runs on after
    the answer: no worker thread, no call abandoned mid-flight. (A thread with a deadline would
    also bound a store that sends a byte at a time, but it costs two thread switches per call,
    and on Lambda a thread still blocked when the process is frozen holds a connection.)

    If the SQLite file can't be opened at all on first use, the records stay in memory instead.
    """

    def __init__(self, store: AbstractPersistenceAdapter, budget: float = BUDGET_SECONDS) -> None:
        self.store = store
        self.budget = budget
        self._local = threading.local()

    @property
    def description(self) -> str:
        return str(getattr(self.store, "description", type(self.store).__name__))

    def _left(self, request_envelope: RequestEnvelope) -> float:
        """Seconds left of this request's budget (another envelope starts a new budget)."""
        local = self._local
        if getattr(local, "envelope", None) is not request_envelope:
            local.envelope, local.spent = request_envelope, 0.0
        return self.budget - float(local.spent)

    def _call(
        self, operation: str, request_envelope: RequestEnvelope, work: Callable[[], Any]
    ) -> Any:
        left = self._left(request_envelope)
        need = float(getattr(self.store, "worst_case_seconds", 0.0))
        if left <= 0 or left < need:
            log.warning(
                "persistence: %s %s skipped: %.2f s left of this request's %g s budget, "
                "and a call can take %g s",
                self.description,
                operation,
                max(left, 0.0),
                self.budget,
                need,
            )
            raise _Skipped
        prepare = getattr(self.store, "prepare", None)
        if prepare is not None:
            prepare()  # imports and client set-up: not the store being slow
        start = time.monotonic()
        try:
            try:
                return work()
            except Exception as exc:
                if not isinstance(self.store, SqliteStore) or self.store.opened:
                    raise
                log.warning(
                    "persistence: %s can't be opened (%s): remembering in memory only",
                    self.description,
                    describe_failure(exc),
                )
                self.store = MemoryStore()
                return work()
        finally:
            self._local.spent += time.monotonic() - start

    def _failed(
        self, operation: str, exc: BaseException, request_envelope: RequestEnvelope
    ) -> None:
        if isinstance(exc, _Skipped):
            return
        why = describe_failure(exc)
        with contextlib.suppress(Exception):  # never the user id, whatever a message quotes
            why = why.replace(_user_id(request_envelope), "<user id>")
        log.warning(
            "persistence: %s %s failed, carrying on without it: %s",
            self.description,
            operation,
            why[:300],
        )

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        try:
            stored = self._call(
                "load", request_envelope, lambda: self.store.get_attributes(request_envelope)
            )
            return sanitize(stored) if stored else {}
        except Exception as exc:
            self._failed("load", exc, request_envelope)
            return Unavailable()

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        record = sanitize(attributes)
        try:
            self._call(
                "save",
                request_envelope,
                lambda: self.store.save_attributes(request_envelope, record),
            )
        except Exception as exc:
            self._failed("save", exc, request_envelope)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        try:
            self._call(
                "delete", request_envelope, lambda: self.store.delete_attributes(request_envelope)
            )
        except Exception as exc:
            self._failed("delete", exc, request_envelope)


def state_dir() -> str:
    """Where the embedded store lives: ``$MILIA_STATE_DIR`` or the XDG state directory.

    (``os.path``, not ``pathlib``: this runs on the first request, and the Lambda import path
    never needs pathlib otherwise.)
    """
    explicit = os.environ.get("MILIA_STATE_DIR")
    if explicit:
        return explicit if explicit == MEMORY else os.path.expanduser(explicit)
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return os.path.join(base, "milia-guide")


def build_adapter() -> SafeAdapter:
    """The store this environment calls for, wrapped in :class:`SafeAdapter`.

    Nothing is opened here: the store connects on first use (a launch or a one-shot).
    """
    table = os.environ.get("SKILL_TABLE_NAME")
    if table:
        return SafeAdapter(DynamoDbStore(table))
    directory = state_dir()
    if directory == MEMORY:
        return SafeAdapter(MemoryStore())
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not os.access(directory, os.W_OK | os.X_OK):
            raise PermissionError(f"{directory} is not writable")
    except OSError as exc:
        log.warning(
            "persistence: state directory %s not usable (%s): remembering in memory only",
            directory,
            describe_failure(exc),
        )
        return SafeAdapter(MemoryStore())
    return SafeAdapter(SqliteStore(os.path.join(directory, "skill.sqlite3")))


# --- interceptors and "forget me" -------------------------------------------------------------


def _is_new_session(handler_input: HandlerInput) -> bool:
    """A LaunchRequest, or a one-shot intent opening a session. Out-of-session requests: no."""
    envelope = handler_input.request_envelope
    if envelope.session is None:
        return False
    request_type = getattr(envelope.request, "object_type", None)
    return request_type == "LaunchRequest" or bool(
        envelope.session.new and request_type == "IntentRequest"
    )


class LoadUserInterceptor(AbstractRequestInterceptor):
    """On a new session: read the record, count the visit, put ``session_attributes["user"]``.

    Nothing is written here: :class:`SaveUserInterceptor` writes once, when the response is
    ready, with the visit and the treatment the request was about.
    """

    def process(self, handler_input: HandlerInput) -> None:
        try:
            if not _is_new_session(handler_input):
                return
            intent = getattr(handler_input.request_envelope.request, "intent", None)
            if getattr(intent, "name", None) == FORGET_INTENT:
                return  # "forget me" as the first words: don't create what's about to go
            manager = handler_input.attributes_manager
            stored = manager.persistent_attributes
            if isinstance(stored, Unavailable):  # unknown visits: never overwrite the record
                user = {"visits": 0, "returning": False, "last_topic": None}
            else:
                visits = _as_int(stored.get("visits")) + 1
                user = {
                    "visits": visits,
                    "returning": visits > 1,
                    "last_topic": _topic(stored.get("last_topic")),
                }
                manager.request_attributes[VISIT_PENDING] = True
            manager.session_attributes[USER] = user
        except Exception as exc:
            log.warning("persistence: loading the user failed: %s", describe_failure(exc))


class SaveUserInterceptor(AbstractResponseInterceptor):
    """Write the record once per request, only if it changed: a new visit was counted, or the
    conversation moved to another treatment. Only ids and counts, never health details."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        try:
            if handler_input.request_envelope.session is None:
                return
            manager = handler_input.attributes_manager
            new_visit = bool(manager.request_attributes.pop(VISIT_PENDING, False))
            attrs = manager.session_attributes
            user, topic = attrs.get(USER), _topic(attrs.get(TOPIC))
            if not isinstance(user, dict):
                return  # no user loaded, or "forget me" dropped it: save nothing
            new_topic = topic is not None and topic != user.get("last_topic")
            if not (new_visit or new_topic):
                return  # nothing changed: no write
            visits = _as_int(user.get("visits"))
            if visits < 1:  # the visit wasn't loaded (store down): don't overwrite blindly
                return
            last = topic if new_topic else _topic(user.get("last_topic"))
            manager.persistent_attributes = {
                "visits": visits,
                "last_topic": last,
                "updated_at": int(time.time()),
            }
            manager.save_persistent_attributes()
            user["last_topic"] = last
        except Exception as exc:
            log.warning("persistence: saving the user failed: %s", describe_failure(exc))


def forget_user(handler_input: HandlerInput) -> bool:
    """Delete the user's record; ``True`` if one existed and is now gone.

    Nothing more is saved this session (the session loses ``"user"``, which saving needs).
    """
    forgotten = False
    manager = handler_input.attributes_manager
    try:
        existed = bool(manager.persistent_attributes)
        manager.delete_persistent_attributes()  # also drops the manager's cached copy
        if existed:  # read back: SafeAdapter swallows a failed delete, so confirm it
            after = manager.persistent_attributes
            forgotten = not after and not isinstance(after, Unavailable)
    except Exception as exc:
        log.warning("persistence: forgetting the user failed: %s", describe_failure(exc))
    try:
        if handler_input.request_envelope.session is not None:
            manager.session_attributes.pop(USER, None)
    except Exception as exc:
        log.warning("persistence: clearing the session user failed: %s", describe_failure(exc))
    return forgotten
