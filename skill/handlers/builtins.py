"""Built-in intents: help, stop and cancel, fallback, forget me, and anything unhandled."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import intents, persistence
from skill.content import phrases
from skill.core import answers, state
from skill.core.speech import Reply


class HelpHandler(AbstractRequestHandler):
    """What the skill can do, with the disclaimer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.HELP)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        state.mark_disclaimed(answers.session(handler_input))
        speech = f"{phrases.DISCLAIMER_SHORT} {phrases.HELP}"
        return answers.respond(
            handler_input,
            Reply(
                speech,
                reprompt=phrases.REPROMPT_GENERIC,
                card_title="Milia Guide help",
                card_text=f"{phrases.HELP}\n\n{phrases.DISCLAIMER_CARD}",
            ),
        )


class StopCancelHandler(AbstractRequestHandler):
    """Stop or cancel: say goodbye and end the session."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.STOP)(handler_input) or is_intent_name(intents.CANCEL)(
            handler_input
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.respond(handler_input, Reply(phrases.GOODBYE, end_session=True))


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me": delete the saved visit record."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.FORGET_ME)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        existed = persistence.forget_user(handler_input)
        done = phrases.FORGET_DONE if existed else phrases.FORGET_NOTHING
        speech = f"{done} {phrases.OFFER_TOPIC}"
        return answers.respond(handler_input, Reply(speech, reprompt=phrases.REPROMPT_GENERIC))


class FallbackHandler(AbstractRequestHandler):
    """Words that matched nothing in the model."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(intents.FALLBACK)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.respond(
            handler_input, Reply(phrases.FALLBACK, reprompt=phrases.REPROMPT_GENERIC)
        )


class UnhandledIntentHandler(AbstractRequestHandler):
    """Any other intent or request type (e.g. a model newer than the code): stay helpful."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answers.respond(
            handler_input, Reply(phrases.FALLBACK, reprompt=phrases.REPROMPT_GENERIC)
        )
