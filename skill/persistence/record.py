"""The stored record: only a visit count, the last treatment id and a timestamp.

Anything else handed to a store is dropped here (:func:`sanitize`), so situations or utterances
can never be saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypedDict

from skill.content.model import TreatmentId

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

    class SessionUser(TypedDict):
        """``session_attributes["user"]``: the record as this session uses it (for typing only:
        no class is built at import)."""

        visits: int
        returning: bool
        last_topic: str | None


log = logging.getLogger(__name__)


TTL_SECONDS = 180 * 24 * 3600  # a record unused for 180 days expires
ALLOWED_KEYS = ("visits", "last_topic", "updated_at")
_TOPICS = frozenset(t.value for t in TreatmentId)

Clock = Callable[[], float]
Attributes = dict[str, Any]


def as_int(value: Any) -> int:
    """An int from a stored number (DynamoDB gives ``Decimal``); 0 for anything else."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError, ArithmeticError):
        return 0


def topic_of(value: object) -> str | None:
    """``value`` if it is a treatment id, else ``None``."""
    return value if isinstance(value, str) and value in _TOPICS else None


def sanitize(attributes: Attributes) -> Attributes:
    """Only the allowed keys, with the allowed types: the whole privacy contract in one place."""
    return {
        "visits": as_int(attributes.get("visits")),
        "last_topic": topic_of(attributes.get("last_topic")),
        "updated_at": as_int(attributes.get("updated_at")),
    }


def user_id(request_envelope: RequestEnvelope) -> str:
    """The partition key: the Alexa user id (as the SDK's ``user_id_partition_keygen``)."""
    # ask-sdk-model types every envelope field Optional; Alexa always sends context.System.user.
    user_id = request_envelope.context.system.user.user_id  # type: ignore[union-attr]
    if not user_id:
        raise ValueError("request has no user id")
    return str(user_id)
