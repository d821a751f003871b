"""The conversation's state: every session- and request-attribute key, what "yes" accepts
(:class:`Pending`), and the repeat cache, in one place.

Session attributes travel with the conversation (Alexa returns them on the next request); the
request attributes live for one request only. Only ids and flags are kept: never what the user
said about their health. Everything here works on the plain attribute dict, so it is free of the
SDK and of I/O; handlers and answers call these functions instead of editing keys. The two
readers at the end (:func:`request_of`, :func:`session_attributes`) only hand over the SDK's
request and session attributes with the types they have on every request (the SDK is imported
for the type checker only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import Request

Attributes = dict[str, Any]

# --- session attributes -------------------------------------------------------------------------
TOPIC = "topic"  # current treatment id
ASPECT = "aspect"  # current aspect id
SUBJECT = "subject"  # current general topic or situation id
PREVIOUS_SUBJECT = "previous_subject"  # the one before it, for "previous" after a topic
WALK = "walk"  # True while walking through every aspect of a treatment
COMPARE = "compare"  # the comparison in progress: {"a": id, "b": id, "part": n}
PENDING = "pending"  # what "yes" accepts: Pending.to_attribute()
DISCLAIMED = "disclaimed"  # the short disclaimer was heard this session
USER = "user"  # the stored visit record, put there on a new session (skill.persistence)
LOCALE = "locale"  # the request's locale, for the interceptors
LAST_RESPONSE = "last"  # the last answer, for "repeat": LastResponse.to_attribute()
LAST_VIEW = "view"  # the last answer's card and screen, for "repeat"

# --- request attributes -------------------------------------------------------------------------
VERDICT = "safety"  # the safety gate's verdict for this request (skill.safety.gate)
VISIT_PENDING = "persistence.visit"  # a new visit was counted: save the record at the end

# Everything that marks a place in the conversation ("start over" and "go home" clear these).
PLACE_KEYS = (TOPIC, ASPECT, SUBJECT, PREVIOUS_SUBJECT, WALK, COMPARE, PENDING)
# What "start over" keeps: who the user is, and that the disclaimer was heard.
KEPT_ON_START_OVER = (USER, DISCLAIMED)


# --- what "yes" accepts -------------------------------------------------------------------------
@dataclass(frozen=True)
class Pending:
    """The offer the last answer made, which "yes" carries out.

    ``do`` names the offer: one aspect of a treatment (``treatment``, ``aspect``, and ``resume``
    when picking up from a past visit), the next part of a comparison (``a``, ``b``, ``part``),
    a general topic (``topic``), the list of treatments, or a question that is waiting for a
    treatment (``pick_treatment`` with an ``aspect``; ``pick_second`` with ``a``).
    """

    do: str
    treatment: str | None = None
    aspect: str | None = None
    a: str | None = None
    b: str | None = None
    part: int | None = None
    topic: str | None = None
    resume: bool = False

    ASPECT = "aspect"
    COMPARE = "compare"
    TOPIC = "topic"
    LIST = "list"
    PICK_TREATMENT = "pick_treatment"
    PICK_SECOND = "pick_second"

    @classmethod
    def of_aspect(cls, treatment: str, aspect: str, *, resume: bool = False) -> Pending:
        return cls(cls.ASPECT, treatment=treatment, aspect=aspect, resume=resume)

    @classmethod
    def of_comparison(cls, a: str, b: str, part: int) -> Pending:
        return cls(cls.COMPARE, a=a, b=b, part=part)

    @classmethod
    def of_topic(cls, topic: str) -> Pending:
        return cls(cls.TOPIC, topic=topic)

    @classmethod
    def of_list(cls) -> Pending:
        return cls(cls.LIST)

    @classmethod
    def for_treatment(cls, aspect: str) -> Pending:
        """ "Which treatment?" was asked for ``aspect``."""
        return cls(cls.PICK_TREATMENT, aspect=aspect)

    @classmethod
    def for_second(cls, a: str) -> Pending:
        """ "Compare it with which?" was asked about ``a``."""
        return cls(cls.PICK_SECOND, a=a)

    def to_attribute(self) -> Attributes:
        """The session-attribute form: ``{"do": ..., ...}`` with only the fields set."""
        out: Attributes = {"do": self.do}
        fields = {"treatment": self.treatment, "aspect": self.aspect, "a": self.a, "b": self.b}
        out.update({k: v for k, v in fields.items() if v is not None})
        if self.part is not None:
            out["part"] = self.part
        if self.topic is not None:
            out["id"] = self.topic
        if self.resume:
            out["resume"] = True
        return out

    @classmethod
    def from_attribute(cls, value: object) -> Pending | None:
        """Read back what :meth:`to_attribute` stored; ``None`` for anything malformed (the
        session attributes come back from the client, so they are not trusted)."""
        if not isinstance(value, dict) or not isinstance(value.get("do"), str):
            return None

        def text(key: str) -> str | None:
            item = value.get(key)
            return item if isinstance(item, str) else None

        try:
            part = int(value["part"]) if "part" in value else None
        except (TypeError, ValueError):
            part = None
        return cls(
            value["do"],
            treatment=text("treatment"),
            aspect=text("aspect"),
            a=text("a"),
            b=text("b"),
            part=part,
            topic=text("id"),
            resume=bool(value.get("resume")),
        )


def offer(attrs: Attributes, pending: Pending | None) -> None:
    """What "yes" will accept next (``None``: nothing)."""
    if pending is None:
        attrs.pop(PENDING, None)
    else:
        attrs[PENDING] = pending.to_attribute()


def pending(attrs: Attributes) -> Pending | None:
    """The offer on the table, left there."""
    return Pending.from_attribute(attrs.get(PENDING))


def take_pending(attrs: Attributes) -> Pending | None:
    """The offer on the table, taken off it ("yes" accepts it, once)."""
    return Pending.from_attribute(attrs.pop(PENDING, None))


# --- the conversation's place -------------------------------------------------------------------
def forget_place(attrs: Attributes) -> None:
    """Drop the conversation's place (topic, aspect, comparison, walk, offer)."""
    for key in PLACE_KEYS:
        attrs.pop(key, None)


def start_over(attrs: Attributes) -> None:
    """Forget everything but who the user is and that the disclaimer was heard."""
    kept = {key: attrs[key] for key in KEPT_ON_START_OVER if key in attrs}
    attrs.clear()
    attrs.update(kept)


def mark_disclaimed(attrs: Attributes) -> bool:
    """Note that the short disclaimer has been said; ``True`` if it had been already."""
    heard = bool(attrs.get(DISCLAIMED))
    attrs[DISCLAIMED] = True
    return heard


# --- the repeat cache ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LastResponse:
    """The last answer spoken in a session that stayed open, word for word (SSML)."""

    speech: str
    reprompt: str | None = None

    def to_attribute(self) -> Attributes:
        return {"speech": self.speech, "reprompt": self.reprompt}


def remember_response(attrs: Attributes, speech: str, reprompt: str | None) -> None:
    attrs[LAST_RESPONSE] = LastResponse(speech, reprompt).to_attribute()


def last_response(attrs: Attributes) -> LastResponse | None:
    """What "repeat" says; ``None`` when nothing was said yet (or the record is malformed)."""
    last = attrs.get(LAST_RESPONSE)
    if not isinstance(last, dict) or not isinstance(last.get("speech"), str) or not last["speech"]:
        return None
    reprompt = last.get("reprompt")
    return LastResponse(last["speech"], reprompt if isinstance(reprompt, str) else None)


def remember_view(attrs: Attributes, view: Attributes) -> None:
    """The last answer's card and screen (an empty view forgets the previous one)."""
    if view:
        attrs[LAST_VIEW] = view
    else:
        attrs.pop(LAST_VIEW, None)


def last_view(attrs: Attributes) -> Attributes | None:
    view = attrs.get(LAST_VIEW)
    return view if isinstance(view, dict) else None


# --- typed reads of the SDK's handler input -----------------------------------------------------
def request_of(handler_input: HandlerInput) -> Request:
    """The envelope's request. Every Alexa request envelope has one, but ask-sdk-model types
    every field ``Optional``; a missing one still fails where it is used (AttributeError)."""
    return handler_input.request_envelope.request  # type: ignore[return-value]  # see docstring


def session_attributes(handler_input: HandlerInput) -> Attributes:
    """The session attributes. ask-sdk-core types its getter ``Optional``, but outside a session
    it raises ``AttributesManagerException`` instead of returning ``None``."""
    return handler_input.attributes_manager.session_attributes  # type: ignore[return-value]  # see docstring
