"""The stores: process memory, a SQLite file (local), DynamoDB (Lambda).

``sqlite3`` and boto3 are imported on first use, never at import.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope
    from mypy_boto3_dynamodb import DynamoDBClient

from skill.persistence.record import TTL_SECONDS, Attributes, Clock, as_int, sanitize, user_id

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600  # expired rows are deleted at most this often (they read as missing)
SQLITE_BUSY_SECONDS = 0.4  # the longest SQLite waits for another process's write lock
DYNAMODB_CONNECT_SECONDS = 0.25  # botocore: TCP connect
DYNAMODB_READ_SECONDS = 0.45  # botocore: each socket read; one attempt, no retry


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
        key = user_id(request_envelope)
        with self._lock:
            row = self._rows.get(key)
        if row is None or row[1] <= self._clock():
            return {}
        return dict(row[0])

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        key, now = user_id(request_envelope), int(self._clock())
        with self._lock:
            if now >= self._next_purge:
                self._rows = {k: v for k, v in self._rows.items() if v[1] > now}
                self._next_purge = now + PURGE_EVERY_SECONDS
            self._rows[key] = (sanitize(attributes), now + self._ttl)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._lock:
            self._rows.pop(user_id(request_envelope), None)


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
            if sys.version_info >= (3, 12) and no_checkpoint is not None:  # as on Lambda
                # Without it, the last connection to close (a short-lived process: a CLI
                # one-shot) checkpoints with two fsyncs and deletes the WAL, and the next
                # process creates it again. The WAL stays instead, and is checkpointed every
                # 1000 pages (SQLite's wal_autocheckpoint); journal_size_limit caps the file.
                db.setconfig(no_checkpoint, True)
            _use_wal(db)
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

    def cannot_open(self, exc: BaseException) -> bool:
        """``exc``, raised by this store's first call, says the file can't be used at all
        (unreadable, not a database): not a lock another process held too long."""
        return not self.opened and not _busy(exc)

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
        key, now = user_id(request_envelope), int(self._clock())
        row = self._run(
            lambda db: db.execute(
                "SELECT attributes FROM attributes WHERE id = ? AND ttl > ?", (key, now)
            ).fetchone()
        )
        return sanitize(json.loads(row[0])) if row else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        key, now = user_id(request_envelope), int(self._clock())
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
        last = as_int(row[0]) if row else 0
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
        key = user_id(request_envelope)
        self._run(lambda db: db.execute("DELETE FROM attributes WHERE id = ?", (key,)))


def _use_wal(db: Any) -> None:
    """Put the file in WAL mode (kept in the file: in effect once per file).

    Switching answers "database is locked" at once, without waiting, while another process
    has the file open, as when several processes open a new file together (gunicorn's
    workers). So the mode is read first, and a refused switch is tried again, for up to
    :data:`SQLITE_BUSY_SECONDS`, until it succeeds or another process has made it.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            db.execute("PRAGMA journal_mode=WAL")
        except Exception as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _busy(exc: BaseException) -> bool:
    """``exc`` is SQLite's "database is locked" (another connection holds the lock)."""
    import sqlite3

    return isinstance(exc, sqlite3.OperationalError) and (
        getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
        or "database is locked" in str(exc)
    )


_CLIENTS: dict[tuple[int, str, str | None], DynamoDBClient] = {}  # (pid, region, endpoint)
_CLIENTS_LOCK = threading.Lock()


def dynamodb_client(region: str) -> DynamoDBClient:
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
    def client(self) -> DynamoDBClient:
        return dynamodb_client(self.region)

    def prepare(self) -> None:
        """Create the client (import boto3) before the budget's clock starts: a cold start's
        import time is not the store being slow."""
        dynamodb_client(self.region)

    def _key(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        return {"id": {"S": user_id(request_envelope)}}

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        item = self.client.get_item(
            TableName=self.table_name, Key=self._key(request_envelope), ConsistentRead=True
        ).get("Item")
        if not item:
            return {}
        if "ttl" in item and as_int(item["ttl"].get("N")) <= self._clock():
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
