"""The catch-all exception handler: apologise and keep the session open."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.content import phrases
from skill.core import trace
from skill.core.speech import Reply, render

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Any exception in a handler or interceptor: a spoken apology, never a stack trace."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("request failed: %s", type(exception).__name__, exc_info=exception)
        trace.record(type(self).__name__)
        # Drop whatever the failed handler had built (speech, card, APL directives): only the
        # apology goes out.
        handler_input.response_builder.response = Response()
        return render(handler_input, Reply(phrases.ERROR, reprompt=phrases.REPROMPT_GENERIC))
