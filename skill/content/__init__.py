"""The skill's spoken content, as typed data, plus small lookup helpers.

Imports are stdlib only and nothing is compiled at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import phrases
from .model import (
    Aspect,
    CompareFacts,
    Segment,
    SituationId,
    Topic,
    TopicId,
    Treatment,
    TreatmentId,
)
from .phrases import (
    ASPECT_LABELS,
    ASPECT_TITLES,
    DISCLAIMER_CARD,
    DISCLAIMER_SHORT,
    DISCLAIMER_URGENT,
    ERROR,
    EXAMPLE_QUESTION,
    FALLBACK,
    FORGET_DONE,
    FORGET_NOTHING,
    GOODBYE,
    HELP,
    LIST_INTRO,
    OFFER_ASPECT,
    OFFER_OTHER_TREATMENT,
    OFFER_TOPIC,
    PICK_UP,
    REFUSAL,
    REFUSAL_CHILD,
    REFUSAL_URGENT,
    REFUSAL_URGENT_CHILD,
    REPROMPT_GENERIC,
    SEARCH_NO_MATCH,
    URGENT_SHORT,
    WELCOME,
    WELCOME_BACK,
)
from .regional import LOCAL_FACTS, REGIONAL_WORDS, local_fact, regionalize

if TYPE_CHECKING:
    from .situations import SITUATIONS
    from .topics import TOPICS
    from .treatments import TREATMENTS

ASPECT_ORDER: tuple[Aspect, ...] = tuple(Aspect)

# Answers that send someone to care now: the advice leads, the disclaimer follows, and nothing
# more is offered (the session ends).
URGENT_IDS: frozenset[str] = frozenset(
    {TopicId.RED_FLAGS, TopicId.EYE_RED_FLAGS, SituationId.BABY_UNWELL}
)

# The answers themselves load on first use: a launch (the welcome) never needs them, and the
# Lambda cold start is mostly a launch. ``content.TREATMENTS`` etc. work as before.
_LAZY = {"TREATMENTS": ".treatments", "TOPICS": ".topics", "SITUATIONS": ".situations"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def treatment(tid: TreatmentId | str) -> Treatment:
    """The treatment with id ``tid``. Raises ``KeyError`` for an unknown id."""
    table: dict[TreatmentId, Treatment] = globals().get("TREATMENTS") or __getattr__("TREATMENTS")
    return table[TreatmentId(tid)]


def segment(tid: TreatmentId | str, aspect: Aspect | str) -> Segment:
    """One aspect of one treatment. Raises ``KeyError`` for an unknown id."""
    return treatment(tid).aspects[Aspect(aspect)]


def next_aspect(aspect: Aspect | str) -> Aspect | None:
    """The aspect after ``aspect`` in walk-through order, or ``None`` after the last."""
    i = ASPECT_ORDER.index(Aspect(aspect))
    return ASPECT_ORDER[i + 1] if i + 1 < len(ASPECT_ORDER) else None


def previous_aspect(aspect: Aspect | str) -> Aspect | None:
    """The aspect before ``aspect`` in walk-through order, or ``None`` before the first."""
    i = ASPECT_ORDER.index(Aspect(aspect))
    return ASPECT_ORDER[i - 1] if i > 0 else None


__all__ = [
    "ASPECT_LABELS",
    "ASPECT_ORDER",
    "ASPECT_TITLES",
    "DISCLAIMER_CARD",
    "DISCLAIMER_SHORT",
    "DISCLAIMER_URGENT",
    "ERROR",
    "EXAMPLE_QUESTION",
    "FALLBACK",
    "FORGET_DONE",
    "FORGET_NOTHING",
    "GOODBYE",
    "HELP",
    "LIST_INTRO",
    "LOCAL_FACTS",
    "OFFER_ASPECT",
    "OFFER_OTHER_TREATMENT",
    "OFFER_TOPIC",
    "PICK_UP",
    "REFUSAL",
    "REFUSAL_CHILD",
    "REFUSAL_URGENT",
    "REFUSAL_URGENT_CHILD",
    "REGIONAL_WORDS",
    "REPROMPT_GENERIC",
    "SEARCH_NO_MATCH",
    "SITUATIONS",
    "TOPICS",
    "TREATMENTS",
    "URGENT_IDS",
    "URGENT_SHORT",
    "WELCOME",
    "WELCOME_BACK",
    "Aspect",
    "CompareFacts",
    "Segment",
    "SituationId",
    "Topic",
    "TopicId",
    "Treatment",
    "TreatmentId",
    "local_fact",
    "next_aspect",
    "phrases",
    "previous_aspect",
    "regionalize",
    "segment",
    "treatment",
]
