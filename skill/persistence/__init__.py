"""Remembering a returning user: visit count and last treatment, nothing about their health.

One record per Alexa user id: ``{"visits": int, "last_topic": TreatmentId value | None,
"updated_at": epoch seconds}`` plus an expiry (``ttl``, epoch seconds). Anything else handed to
the store is dropped, so situations (pregnancy, a baby...) or utterances can never be saved.

Stores, chosen by :func:`build_adapter`:

* ``SKILL_TABLE_NAME`` set: DynamoDB (Lambda). boto3 is imported on first use, never at import.
* otherwise: a SQLite file in the user's state directory (``sqlite3`` is imported on first use),
  or memory if that can't be written or ``MILIA_STATE_DIR`` is ``:memory:``.

Modules: ``record`` (what is kept), ``stores``, ``guard`` (:class:`SafeAdapter`: failures and
the time budget), ``interceptors`` (load, save, forget). Each store is wrapped in
:class:`SafeAdapter`: a failing store is logged in one line and the
conversation goes on. Load and save together get :data:`BUDGET_SECONDS` per request; past it the
skill answers without the store (Alexa waits about 8 s, the Lambda timeout is 7 s).

What a request costs: only a new session reads (a launch or a one-shot), and the record is written
at most once per request, at the end, and only when it changed (a new visit, or a new treatment).
"""

from __future__ import annotations

import logging
import os

from skill.persistence.guard import BUDGET_SECONDS, SafeAdapter, Unavailable, describe_failure
from skill.persistence.interceptors import LoadUserInterceptor, SaveUserInterceptor, forget_user
from skill.persistence.record import ALLOWED_KEYS, TTL_SECONDS, sanitize
from skill.persistence.stores import (
    DYNAMODB_CONNECT_SECONDS,
    DYNAMODB_READ_SECONDS,
    PURGE_EVERY_SECONDS,
    SQLITE_BUSY_SECONDS,
    DynamoDbStore,
    MemoryStore,
    SqliteStore,
    dynamodb_client,
)

log = logging.getLogger(__name__)

MEMORY = ":memory:"  # MILIA_STATE_DIR value: keep the records in this process only

__all__ = [
    "ALLOWED_KEYS",
    "BUDGET_SECONDS",
    "DYNAMODB_CONNECT_SECONDS",
    "DYNAMODB_READ_SECONDS",
    "MEMORY",
    "PURGE_EVERY_SECONDS",
    "SQLITE_BUSY_SECONDS",
    "TTL_SECONDS",
    "DynamoDbStore",
    "LoadUserInterceptor",
    "MemoryStore",
    "SafeAdapter",
    "SaveUserInterceptor",
    "SqliteStore",
    "Unavailable",
    "build_adapter",
    "describe_failure",
    "dynamodb_client",
    "forget_user",
    "sanitize",
    "state_dir",
]


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
