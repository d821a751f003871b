"""A store's failures logged and swallowed, and each request's time budget."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

from skill.persistence.record import Attributes, sanitize, user_id
from skill.persistence.stores import MemoryStore, SqliteStore

log = logging.getLogger(__name__)

BUDGET_SECONDS = 1.0  # load + save of one request, together; then carry on without the store


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
    (A lock another process held too long is not that: the call fails, and the next one uses
    the file.)
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
                if not (isinstance(self.store, SqliteStore) and self.store.cannot_open(exc)):
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
            why = why.replace(user_id(request_envelope), "<user id>")
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
