"""The gate: every request passes it, once, before any content handler.

It judges what a device sends: the intent, each slot's words and resolved id, and the session's
context (:func:`assess`), and leaves the verdict for the handlers (:class:`SafetyInterceptor`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.core import state
from skill.locales import DEFAULT_LOCALE
from skill.safety.verdict import (
    ALLOW,
    EXTRACTION_CONTEXT,
    OTC_RETINOIDS,
    RETINOID_CONTEXT,
    Kind,
    Verdict,
)

if TYPE_CHECKING:
    from skill.safety.slot_policy import Slot


def assess(
    intent: str | None,
    slots: Mapping[str, Slot | str | None],
    topic: str | None = None,
    locale: str = DEFAULT_LOCALE,
) -> Verdict:
    """Judge an intent request from what a device sends: the intent, every slot (its words and
    resolved id), and the session's context. Never the user's whole sentence: a device has none.

    Order: the intents that always refuse or lean on context; then the words of every slot
    (a refusing or urgent verdict on any of them wins, and so does one on all of them read
    together, "my newborn" + "a fever"); then the rules of the removal and home-care intents,
    which read the resolved ids.
    """
    # The policies (and their vocabulary) load on the first intent: a launch never needs them.
    from skill.safety.slot_policy import Slot
    from skill.safety.text_policy import assess_text

    read = {n: s if isinstance(s, Slot) else Slot(s) for n, s in slots.items()}
    verdict = _by_intent(intent, topic)
    if verdict is not None:
        return verdict
    # Words outside the slot's listed values are judged as text; listed values by their ids.
    unresolved = [s.value for s in read.values() if s.value and s.id is None]
    verdicts = [assess_text(value, topic) for value in unresolved]
    verdict = _first_of_kind(verdicts, (Kind.REFUSE, Kind.URGENT))
    if verdict is not None:
        return verdict
    said = [s.value for s in read.values() if s.value]
    together = assess_text(" ".join(said), topic) if len(said) > 1 else ALLOW
    verdict = _by_slot_rule(intent, read, unresolved, topic, locale)
    if verdict is not None and (verdict.kind is Kind.REFUSE or together.kind is not Kind.URGENT):
        return verdict
    if together.kind is Kind.URGENT:
        return together
    return next((routed for routed in verdicts if routed.route), ALLOW)


def _by_intent(intent: str | None, topic: str | None) -> Verdict | None:
    """The intents that always refuse, or lean on the conversation's context alone."""
    if intent == intents.DO_AT_HOME:
        if topic in RETINOID_CONTEXT:
            return Verdict(route=OTC_RETINOIDS, reason="retinoid follow-up")
        return Verdict(Kind.REFUSE, reason="home follow-up")
    if intent == intents.FALLBACK and topic in EXTRACTION_CONTEXT:
        # Unclear words in a conversation about extraction: assume the worst, refuse.
        return Verdict(Kind.REFUSE, reason="unclear follow-up about extraction")
    return None


def _first_of_kind(verdicts: list[Verdict], kinds: tuple[Kind, ...]) -> Verdict | None:
    """The first verdict of the first kind any of them has."""
    for kind in kinds:
        for verdict in verdicts:
            if verdict.kind is kind:
                return verdict
    return None


def _by_slot_rule(
    intent: str | None,
    read: Mapping[str, Slot],
    unresolved: list[str],
    topic: str | None,
    locale: str,
) -> Verdict | None:
    """The intent's rule over the resolved ids (:data:`~skill.safety.slot_policy.SLOT_RULES`),
    or ``None`` for an intent without one."""
    from skill.safety.slot_policy import SLOT_RULES, UNLISTED, WORDS_DECIDE, words_decide

    rule = SLOT_RULES.get(intent or "")
    if rule is None:
        return None
    ids = {n: s.id for n, s in read.items()}
    ids.update({n: UNLISTED for n, s in read.items() if s.value and s.id is None})
    verdict = rule(ids, topic)
    if verdict is WORDS_DECIDE:
        verdict = words_decide(" ".join(unresolved), locale)
    return verdict


Ids = Mapping[str, str | None]


def assess_request(handler_input: HandlerInput) -> Verdict:
    """Judge the current request (the interceptor's entry point)."""
    request = state.request_of(handler_input)
    intent = getattr(request, "intent", None)
    if intent is None:
        return ALLOW  # a launch or an event: nothing said, and no policy loaded
    from skill.core.slots import slot_id
    from skill.safety.slot_policy import Slot

    slots = {
        name: Slot(getattr(slot, "value", None), slot_id(handler_input, name))
        for name, slot in (intent.slots or {}).items()
    }
    return assess(
        intent.name,
        slots,
        context_of(state.session_attributes(handler_input)),
        request.locale or DEFAULT_LOCALE,
    )


def context_of(attributes: Mapping[str, Any]) -> str | None:
    """The conversation's most recent subject, from session attributes: a topic answer sets
    "subject", a treatment answer clears it and sets "topic"."""
    context = attributes.get(state.SUBJECT) or attributes.get(state.TOPIC)
    return context if isinstance(context, str) else None


VERDICT_KEY = state.VERDICT


class SafetyInterceptor(AbstractRequestInterceptor):
    """Runs the gate once per request and leaves the verdict for the handlers."""

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[VERDICT_KEY] = assess_request(
            handler_input
        )


def verdict_of(handler_input: HandlerInput) -> Verdict:
    """The verdict the interceptor stored (or a fresh one, if it did not run)."""
    attrs = handler_input.attributes_manager.request_attributes  # values typed object
    verdict = cast("Verdict | None", attrs.get(VERDICT_KEY))  # only this module sets it
    if verdict is None:
        verdict = attrs[VERDICT_KEY] = assess_request(handler_input)
    return verdict
