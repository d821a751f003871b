"""A minimal hello-world ASK SDK skill: the baseline ``benchmarks/run.py`` measures against.

Same SDK and the same style as the skill: a ``SkillBuilder`` with the skill-id check, a
LaunchRequest handler, one intent with a slot, SessionEnded, and a catch-all exception handler.
"""

import logging
import os

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_slot, is_intent_name, is_request_type

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        speech = "Hello! Tell me your name."
        return handler_input.response_builder.speak(speech).ask(speech).response


class HelloNameIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("HelloNameIntent")(handler_input)

    def handle(self, handler_input):
        slot = get_slot(handler_input, "name")
        name = (slot.value if slot is not None else None) or "world"
        speech = f"Hello, {name}!"
        return (
            handler_input.response_builder.speak(speech)
            .ask("Anything else?")
            .set_should_end_session(False)
            .response
        )


class SessionEndedRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        logger.error(exception, exc_info=True)
        speech = "Sorry, I had trouble doing what you asked. Please try again."
        return handler_input.response_builder.speak(speech).ask(speech).response


sb = SkillBuilder()
sb.skill_id = os.environ.get("ALEXA_SKILL_ID")
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelloNameIntentHandler())
sb.add_request_handler(SessionEndedRequestHandler())
sb.add_exception_handler(CatchAllExceptionHandler())

lambda_handler = sb.lambda_handler()
