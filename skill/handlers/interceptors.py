"""Cross-cutting work around every request: locale, logging without personal data, repeat."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.core import state
from skill.core.state import LOCALE as LOCALE_KEY
from skill.locales import DEFAULT_LOCALE
from skill.locales import LOCALES as SUPPORTED_LOCALES

log = logging.getLogger("skill")


class LocaleInterceptor(AbstractRequestInterceptor):
    """Pin the request's locale to one the content supports (en-US for any other English)."""

    def process(self, handler_input: HandlerInput) -> None:
        request = state.request_of(handler_input)
        locale = getattr(request, "locale", None) or DEFAULT_LOCALE
        if locale not in SUPPORTED_LOCALES:
            locale = DEFAULT_LOCALE
        request.locale = locale
        handler_input.attributes_manager.request_attributes[LOCALE_KEY] = locale


class RequestLogInterceptor(AbstractRequestInterceptor):
    """Log what kind of request came in: type, intent and locale. Never slot values or ids."""

    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        log.info(
            "request type=%s intent=%s locale=%s",
            getattr(request, "object_type", None),
            intent,
            getattr(request, "locale", None),
        )


class ResponseLogInterceptor(AbstractResponseInterceptor):
    """Log whether the session stays open. Never the speech itself."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if response is not None:
            log.info("response end_session=%s", response.should_end_session)


class RepeatCacheInterceptor(AbstractResponseInterceptor):
    """Keep the last spoken answer in the session so "repeat" can say it again."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if response is None or response.output_speech is None or response.should_end_session:
            return
        speech = getattr(response.output_speech, "ssml", None)
        reprompt = getattr(getattr(response.reprompt, "output_speech", None), "ssml", None)
        if speech:
            state.remember_response(state.session_attributes(handler_input), speech, reprompt)
