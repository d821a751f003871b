"""Remembering a returning user: visit count and last treatment, nothing about their health.

One record per Alexa user id: ``{"visits": int, "last_topic": TreatmentId value | None,
"updated_at": epoch seconds}`` plus an expiry (``ttl``, epoch seconds). Anything else handed to
the store is dropped, so situations (pregnancy, a baby...) or utterances can never be saved.

Stores, chosen by :func:`build_adapter`:

* ``SKILL_TABLE_NAME`` set: DynamoDB (Lambda). boto3 is imported on first use, never at import.
* otherwise: a SQLite file in the user's state directory, or memory if that can't be written.

Each is wrapped in :class:`SafeAdapter`: a failing store is logged and the conversation goes on.
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

if TYPE_CHECKING:
    from pathlib import Path

    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import RequestEnvelope, Response

log = logging.getLogger(__name__)

TTL_SECONDS = 180 * 24 * 3600  # a record unused for 180 days expires
ALLOWED_KEYS = ("visits", "last_topic", "updated_at")
USER = "user"  # session key read by the launch handler
TOPIC = "topic"  # session key set by content handlers
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

    def __init__(self, ttl_seconds: int = TTL_SECONDS, clock: Clock = time.time) -> None:
        self._rows: dict[str, tuple[Attributes, int]] = {}
        self._lock = threading.Lock()
        self._ttl = ttl_seconds
        self._clock = clock

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
            self._rows = {k: v for k, v in self._rows.items() if v[1] > now}
            self._rows[key] = (sanitize(attributes), now + self._ttl)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        with self._lock:
            self._rows.pop(_user_id(request_envelope), None)


class SqliteStore(AbstractPersistenceAdapter):
    """Embedded store: one SQLite file, shared safely by several processes.

    Rows past their ``ttl`` read as missing and are purged on the next write.
    """

    def __init__(
        self, path: Path, ttl_seconds: int = TTL_SECONDS, clock: Clock = time.time
    ) -> None:
        self.path = path
        self._ttl = ttl_seconds
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        db = self._connect()  # fails here, not mid-conversation, if the file is unwritable
        try:
            with db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS attributes"
                    " (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, ttl INTEGER NOT NULL)"
                )
        finally:
            db.close()
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)  # user ids are personal identifiers

    def _connect(self) -> Any:
        import sqlite3  # only the embedded path pays for it

        return sqlite3.connect(self.path, timeout=2.0)

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        key = _user_id(request_envelope)
        db = self._connect()
        try:
            row = db.execute(
                "SELECT attributes FROM attributes WHERE id = ? AND ttl > ?",
                (key, int(self._clock())),
            ).fetchone()
        finally:
            db.close()
        return sanitize(json.loads(row[0])) if row else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        key, now = _user_id(request_envelope), int(self._clock())
        db = self._connect()
        try:
            with db:
                db.execute("DELETE FROM attributes WHERE ttl <= ?", (now,))
                db.execute(
                    "INSERT OR REPLACE INTO attributes (id, attributes, ttl) VALUES (?, ?, ?)",
                    (key, json.dumps(sanitize(attributes)), now + self._ttl),
                )
        finally:
            db.close()

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        key = _user_id(request_envelope)
        db = self._connect()
        try:
            with db:
                db.execute("DELETE FROM attributes WHERE id = ?", (key,))
        finally:
            db.close()


class DynamoDbStore(AbstractPersistenceAdapter):
    """DynamoDB store through a boto3 *client*, created on first use.

    Why not the SDK's ``ask_sdk_dynamodb.adapter.DynamoDbAdapter``: importing it calls
    ``boto3.resource("dynamodb")`` (NoRegionError without a region, ~250 ms), it nests
    everything under ``attributes`` so DynamoDB's TTL (a top-level number) can't be set, and
    it doesn't filter items that expired but weren't swept yet (TTL deletion lags by days).
    The item layout stays the SDK's: partition key ``id`` (S), the record under
    ``attributes`` (M), plus a top-level ``ttl`` (N) for the table's TimeToLiveSpecification.
    Endpoint: boto3 honours ``AWS_ENDPOINT_URL_DYNAMODB`` itself.
    """

    def __init__(
        self,
        table_name: str,
        region: str | None = None,
        ttl_seconds: int = TTL_SECONDS,
        clock: Clock = time.time,
    ) -> None:
        self.table_name = table_name
        self.region = region or (
            os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        )
        self._ttl = ttl_seconds
        self._clock = clock
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The boto3 DynamoDB client: short timeouts, one retry (Alexa waits ~8 s)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import boto3
                    from botocore.config import Config

                    config = Config(
                        connect_timeout=1,
                        read_timeout=2,
                        retries={"max_attempts": 2, "mode": "standard"},
                    )
                    session = boto3.session.Session()
                    self._client = session.client(
                        "dynamodb", region_name=self.region, config=config
                    )
        return self._client

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


class Unavailable(dict[str, Any]):
    """The empty attributes :class:`SafeAdapter` returns when the store failed to read.

    It equals ``{}``; the interceptors check for it so a failed read never overwrites a record.
    """


class SafeAdapter(AbstractPersistenceAdapter):
    """Wrap a store so its failures are logged (type only, no personal data) and swallowed."""

    def __init__(self, store: AbstractPersistenceAdapter) -> None:
        self.store = store

    def _failed(self, operation: str, exc: Exception) -> None:
        response = getattr(exc, "response", None)
        code = response.get("Error", {}).get("Code", "") if isinstance(response, dict) else ""
        log.warning(
            "persistence %s failed in %s: %s %s",
            operation,
            type(self.store).__name__,
            type(exc).__name__,
            code,
        )

    def get_attributes(self, request_envelope: RequestEnvelope) -> Attributes:
        try:
            stored = self.store.get_attributes(request_envelope)
            return sanitize(stored) if stored else {}
        except Exception as exc:
            self._failed("get", exc)
            return Unavailable()

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: Attributes) -> None:
        try:
            self.store.save_attributes(request_envelope, sanitize(attributes))
        except Exception as exc:
            self._failed("save", exc)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        try:
            self.store.delete_attributes(request_envelope)
        except Exception as exc:
            self._failed("delete", exc)


def state_dir() -> Path:
    """Where the embedded store lives: ``$MILIA_STATE_DIR`` or the XDG state directory."""
    from pathlib import Path  # only the embedded store needs it, not the Lambda import path

    explicit = os.environ.get("MILIA_STATE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "milia-guide"


def build_adapter() -> SafeAdapter:
    """The store this environment calls for, wrapped in :class:`SafeAdapter`."""
    table = os.environ.get("SKILL_TABLE_NAME")
    if table:
        return SafeAdapter(DynamoDbStore(table))
    try:
        return SafeAdapter(SqliteStore(state_dir() / "skill.sqlite3"))
    except Exception as exc:
        log.warning(
            "state directory not writable (%s): remembering in memory only", type(exc).__name__
        )
        return SafeAdapter(MemoryStore())


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
    """On a new session: count the visit and put ``session_attributes["user"]``."""

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
                last = _topic(stored.get("last_topic"))
                manager.persistent_attributes = {
                    "visits": visits,
                    "last_topic": last,
                    "updated_at": int(time.time()),
                }
                manager.save_persistent_attributes()
                user = {"visits": visits, "returning": visits > 1, "last_topic": last}
            manager.session_attributes[USER] = user
        except Exception as exc:
            log.warning("loading the user failed: %s", type(exc).__name__)


class SaveUserInterceptor(AbstractResponseInterceptor):
    """Remember the treatment being discussed, once per change. Only ids, never health details."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        try:
            manager = handler_input.attributes_manager
            if handler_input.request_envelope.session is None:
                return
            attrs = manager.session_attributes
            user, topic = attrs.get(USER), _topic(attrs.get(TOPIC))
            if not isinstance(user, dict) or topic is None or topic == user.get("last_topic"):
                return
            visits = _as_int(user.get("visits"))
            if visits < 1:  # the visit wasn't loaded (store down): don't overwrite blindly
                return
            manager.persistent_attributes = {
                "visits": visits,
                "last_topic": topic,
                "updated_at": int(time.time()),
            }
            manager.save_persistent_attributes()
            user["last_topic"] = topic
        except Exception as exc:
            log.warning("saving the user failed: %s", type(exc).__name__)


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
        log.warning("forgetting the user failed: %s", type(exc).__name__)
    try:
        if handler_input.request_envelope.session is not None:
            manager.session_attributes.pop(USER, None)
    except Exception as exc:
        log.warning("clearing the session user failed: %s", type(exc).__name__)
    return forgotten
