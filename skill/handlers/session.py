"""Launch and session-end handlers."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from skill.content import Aspect, phrases
from skill.core import answers, state
from skill.core.speech import Reply
from skill.core.state import Pending

log = logging.getLogger(__name__)


class LaunchRequestHandler(AbstractRequestHandler):
    """Welcome, a one-line disclaimer and an example; returning users can pick up again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        attrs = answers.session(handler_input)
        state.mark_disclaimed(attrs)
        user = attrs.get(state.USER) or {}
        last = user.get("last_topic")
        if user.get("returning") and last in answers.TREATMENT_IDS:
            # Never name the last topic at launch: on a shared speaker anyone in the room would
            # hear it. "Yes" names it, by answering it.
            question = phrases.PICK_UP
            state.offer(attrs, Pending.of_aspect(last, Aspect.HOW_IT_WORKS.value, resume=True))
            speech = f"{phrases.WELCOME_BACK} {phrases.DISCLAIMER_SHORT} {question}"
            reprompt = f"{question} Or ask me something new."
        elif user.get("returning"):
            speech = f"{phrases.WELCOME_BACK} {phrases.DISCLAIMER_SHORT} {phrases.EXAMPLE_QUESTION}"
            reprompt = phrases.REPROMPT_GENERIC
        else:
            speech = f"{phrases.WELCOME} {phrases.DISCLAIMER_SHORT} {phrases.EXAMPLE_QUESTION}"
            reprompt = f"{phrases.EXAMPLE_QUESTION} Or say help."
        return answers.respond(
            handler_input,
            Reply(
                speech,
                reprompt=reprompt,
                card_title="Welcome to Milia Guide",
                card_text=f"{phrases.WELCOME}\n\n{phrases.DISCLAIMER_CARD}",
            ),
        )


class SessionEndedRequestHandler(AbstractRequestHandler):
    """Alexa closed the session: log the reason, say nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return handler_input.response_builder.response


class SilentEventHandler(AbstractRequestHandler):
    """Requests that allow no speech in reply: ``System.ExceptionEncountered`` (Alexa reports
    an error in our last response), screen touch events, and any other non-voice request."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return getattr(request, "object_type", None) not in (
            "LaunchRequest",
            "IntentRequest",
            "SessionEndedRequest",
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        error = getattr(request, "error", None)
        log.warning(
            "%s received%s",
            getattr(request, "object_type", "request"),
            f": {getattr(error, 'object_type', None) or getattr(error, 'type', '')}"
            if error
            else "",
        )
        return handler_input.response_builder.response
