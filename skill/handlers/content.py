"""Handlers for content intents: each reads its slots and calls one answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill import intents as I
from skill.content import TopicId
from skill.core import answers, state
from skill.core.slots import slot_id, slot_text
from skill.locales import DEFAULT_LOCALE

if TYPE_CHECKING:
    from ask_sdk_model import IntentRequest

    from skill.core.understanding import Route

# Words that make a question about one treatment a request to compare it with another.
_COMPARE_WORDS = (" compare ", " compared ", " comparison ", " versus ", " vs ", " difference ")


def _asks_to_compare(text: str) -> bool:
    from skill.core.understanding import normalise  # free-text paths only: keeps cold start lean

    padded = normalise(text)
    return any(word in padded for word in _COMPARE_WORDS)


class TreatmentInfoHandler(AbstractRequestHandler):
    """ "How does cryotherapy work?", "does it hurt?", "what about aftercare?" """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.TREATMENT_INFO)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.treatment_answer(
            handler_input, slot_id(handler_input, "treatment"), slot_id(handler_input, "aspect")
        )


class AspectHandler(AbstractRequestHandler):
    """One thing about a treatment, each its own intent: "does freezing hurt?" (PainIntent),
    "who is laser good for?" (SuitabilityIntent), "what's the aftercare?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent_name(handler_input) in I.ASPECT_OF

    def handle(self, handler_input: HandlerInput) -> Response:
        aspect = I.ASPECT_OF[cast(str, _intent_name(handler_input))]  # can_handle: a known one
        return answers.treatment_answer(handler_input, _treatment(handler_input), aspect)


class AcrossHandler(AbstractRequestHandler):
    """ "Which is least painful?": one aspect, every treatment, the conclusion first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.ACROSS)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.across(handler_input, slot_id(handler_input, "aspect"))


class SymptomHandler(AbstractRequestHandler):
    """Ordinary healing after a treatment (a scab, some redness): that treatment's aftercare.
    Red flags never reach here: the gate sends them to urgent care first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.SYMPTOM)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.treatment_answer(handler_input, _treatment(handler_input), "AFTERCARE")


def _intent_name(handler_input: HandlerInput) -> str | None:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    return getattr(intent, "name", None)


def _treatment(handler_input: HandlerInput) -> str | None:
    """The treatment slot's id; unresolved words go through the skill's own understanding."""
    found = slot_id(handler_input, "treatment")
    said = slot_text(handler_input, "treatment")
    if found is None and said:
        from skill.core.understanding import understand

        locale = state.request_of(handler_input).locale or DEFAULT_LOCALE
        route = understand(said, locale)
        if route is not None:
            found = route.slots.get("treatment")
    return found


class WalkthroughHandler(AbstractRequestHandler):
    """ "Tell me everything about peels": every aspect, one at a time."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.WALKTHROUGH)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.walkthrough(handler_input, slot_id(handler_input, "treatment"))


class CompareHandler(AbstractRequestHandler):
    """ "Compare peels and laser." """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.COMPARE)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.compare(
            handler_input,
            slot_id(handler_input, "treatmentA"),
            slot_id(handler_input, "treatmentB"),
        )


class ListTreatmentsHandler(AbstractRequestHandler):
    """ "What treatments are there?" """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.LIST_TREATMENTS)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.list_treatments(handler_input)


class SituationHandler(AbstractRequestHandler):
    """A situation the user names, such as milia under the eyes or a baby's milia."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.SITUATION)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        situation = slot_id(handler_input, "situation")
        said = slot_text(handler_input, "situation")
        if situation is None:
            # Words Alexa heard but could not resolve: the skill's own understanding reads
            # them; if they name nothing it knows, the situations it covers.
            return answer_text(handler_input, said or "", answers.situation_menu)
        return answers.topic_answer(handler_input, situation)


class TopicHandler(AbstractRequestHandler):
    """General topics: types, look-alikes, when to see a doctor, prevention, cost..."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.TOPIC)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        topic = slot_id(handler_input, "topic")
        if topic is None:
            # words outside the list ("when do they go away"): the skill's understanding
            return answer_text(handler_input, slot_text(handler_input, "topic") or "")
        return answers.topic_answer(handler_input, topic)


class _FixedTopicHandler(AbstractRequestHandler):
    """A slot-less intent that always answers one topic."""

    intent_name: str = ""
    topic: str = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(self.intent_name)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.topic_answer(handler_input, self.topic)


class WhatAreMiliaHandler(_FixedTopicHandler):
    """ "What are milia?" """

    intent_name = I.WHAT_ARE_MILIA
    topic = TopicId.WHAT_ARE_MILIA.value


class CausesHandler(_FixedTopicHandler):
    """ "What causes milia?" """

    intent_name = I.CAUSES
    topic = TopicId.CAUSES.value


class QuestionHandler(AbstractRequestHandler):
    """Free-form questions (AMAZON.SearchQuery): the skill's own understanding picks a topic.

    The safety gate has already judged the text; this handler only routes what it allowed.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(I.QUESTION)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answer_text(handler_input, slot_text(handler_input, "query") or "")


class UnresolvedWordsHandler(AbstractRequestHandler):
    """A removal or home-use question whose slots Alexa filled with words outside their lists,
    and that the gate let through: the skill's understanding reads those words."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _intent_name(handler_input) in (I.EXTRACTION_QUESTION, I.HOME_USE)

    def handle(self, handler_input: HandlerInput) -> Response:
        # can_handle: an IntentRequest; ask-sdk-model types its intent (always sent) Optional.
        intent = cast("IntentRequest", state.request_of(handler_input)).intent
        said = [
            value
            for slot in (intent.slots or {}).values()  # type: ignore[union-attr]
            if isinstance(value := getattr(slot, "value", None), str)
        ]
        return answer_text(handler_input, " ".join(said))


def answer_text(
    handler_input: HandlerInput,
    text: str,
    otherwise: Callable[[HandlerInput], Response] = answers.no_match,
) -> Response:
    """Free text to a topic: the one routing for words (SearchQuery, unresolved slots).
    ``otherwise`` answers words that name nothing the skill knows."""
    from skill.core.understanding import points_back, understand  # lexicon on first use only

    locale = state.request_of(handler_input).locale or DEFAULT_LOCALE
    subject = answers.session(handler_input).get(state.SUBJECT)
    if isinstance(subject, str) and points_back(text, locale):
        # "when do they go away?" right after milia in babies: that subject again.
        return answers.topic_answer(handler_input, subject)
    route = understand(text, locale)
    if route is None:
        return otherwise(handler_input)
    return _ROUTE_ANSWERS.get(route.intent, _fixed_topic)(handler_input, route, text)


def _treatment_info(handler_input: HandlerInput, route: Route, text: str) -> Response:
    slots = route.slots
    if slots.get("treatment") and not slots.get("aspect") and _asks_to_compare(text):
        return answers.compare(handler_input, slots["treatment"], None)
    return answers.treatment_answer(handler_input, slots.get("treatment"), slots.get("aspect"))


def _walkthrough(handler_input: HandlerInput, route: Route, text: str) -> Response:
    return answers.walkthrough(handler_input, route.slots.get("treatment"))


def _compare(handler_input: HandlerInput, route: Route, text: str) -> Response:
    slots = route.slots
    return answers.compare(handler_input, slots.get("treatmentA"), slots.get("treatmentB"))


def _across(handler_input: HandlerInput, route: Route, text: str) -> Response:
    return answers.across(handler_input, route.slots.get("aspect"))


def _list_treatments(handler_input: HandlerInput, route: Route, text: str) -> Response:
    return answers.list_treatments(handler_input)


def _topic(handler_input: HandlerInput, route: Route, text: str) -> Response:
    slots = route.slots
    return answers.topic_answer(handler_input, slots.get("situation") or slots.get("topic") or "")


# Routes without slots: the one topic each answers.
_FIXED_TOPICS = {
    I.WHAT_ARE_MILIA: TopicId.WHAT_ARE_MILIA,
    I.CAUSES: TopicId.CAUSES,
    I.DIY_RISKS: TopicId.DIY_RISKS,
}


def _fixed_topic(handler_input: HandlerInput, route: Route, text: str) -> Response:
    return answers.topic_answer(handler_input, _FIXED_TOPICS[route.intent].value)


# What each route of the skill's understanding answers, given the words it was read from.
_ROUTE_ANSWERS: dict[str, Callable[[HandlerInput, Route, str], Response]] = {
    I.TREATMENT_INFO: _treatment_info,
    I.WALKTHROUGH: _walkthrough,
    I.COMPARE: _compare,
    I.ACROSS: _across,
    I.LIST_TREATMENTS: _list_treatments,
    I.SITUATION: _topic,
    I.TOPIC: _topic,
}
