"""Handlers that carry out the safety gate's verdict. They never judge text themselves."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.core import answers
from skill.safety import Kind, verdict_of


class AtHomeRefusalHandler(AbstractRequestHandler):
    """Any request the policy refuses: no at-home extraction guidance, ever."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return verdict_of(handler_input).kind is Kind.REFUSE

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.refusal(handler_input, verdict_of(handler_input))


class UrgentCareHandler(AbstractRequestHandler):
    """Red-flag symptoms: prompt medical care comes before anything else."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return verdict_of(handler_input).kind is Kind.URGENT

    def handle(self, handler_input: HandlerInput) -> Response:
        # The gate names the urgent answer that fits (a baby, the eyes, or infection signs).
        return answers.topic_answer(handler_input, verdict_of(handler_input).route or "RED_FLAGS")


class SafetyRouteHandler(AbstractRequestHandler):
    """Text that only safety context makes sense of, e.g. "can I do that at home?" about
    retinoids, or caring for a spot someone already picked."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return verdict_of(handler_input).route is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        route = verdict_of(handler_input).route
        assert route is not None
        return answers.topic_answer(handler_input, route)
