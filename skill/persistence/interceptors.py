"""Loading the user on a new session, saving once per request, and "forget me"."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)

from skill import intents
from skill.core.state import TOPIC, USER, VISIT_PENDING, session_attributes

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import Response

    from skill.persistence.record import SessionUser

from skill.persistence.guard import Unavailable, describe_failure
from skill.persistence.record import as_int, topic_of

log = logging.getLogger(__name__)


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
            if getattr(intent, "name", None) == intents.FORGET_ME:
                return  # "forget me" as the first words: don't create what's about to go
            manager = handler_input.attributes_manager
            stored = manager.persistent_attributes
            user: SessionUser
            if isinstance(stored, Unavailable):  # unknown visits: never overwrite the record
                user = {"visits": 0, "returning": False, "last_topic": None}
            else:
                visits = as_int(stored.get("visits")) + 1
                user = {
                    "visits": visits,
                    "returning": visits > 1,
                    "last_topic": topic_of(stored.get("last_topic")),
                }
                manager.request_attributes[VISIT_PENDING] = True
            session_attributes(handler_input)[USER] = user
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
            attrs = session_attributes(handler_input)
            user, topic = attrs.get(USER), topic_of(attrs.get(TOPIC))
            if not isinstance(user, dict):
                return  # no user loaded, or "forget me" dropped it: save nothing
            new_topic = topic is not None and topic != user.get("last_topic")
            if not (new_visit or new_topic):
                return  # nothing changed: no write
            visits = as_int(user.get("visits"))
            if visits < 1:  # the visit wasn't loaded (store down): don't overwrite blindly
                return
            last = topic if new_topic else topic_of(user.get("last_topic"))
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
            session_attributes(handler_input).pop(USER, None)
    except Exception as exc:
        log.warning("persistence: clearing the session user failed: %s", describe_failure(exc))
    return forgotten
