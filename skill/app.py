"""The one request path: a SkillBuilder, built once, behind ``lambda_handler``.

Lambda, the web service and the simulator all call :func:`lambda_handler` (or the skill it
wraps). Imports here are the SDK and the content only; Flask, boto3 and the simulator load on
the paths that use them.
"""

from __future__ import annotations

import json
import logging
import os
from functools import cache
from typing import Any, cast

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from skill import persistence
from skill.core import trace
from skill.core.serialize import Serializer
from skill.handlers import exception_handlers, interceptors, request_handlers
from skill.safety import SafetyInterceptor

logging.getLogger("skill").setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def build_skill(persistence_adapter: Any | None = None) -> CustomSkill:
    """Assemble the skill: handlers, interceptors, persistence and the skill-id check."""
    adapter = (
        persistence_adapter if persistence_adapter is not None else persistence.build_adapter()
    )
    sb = CustomSkillBuilder(persistence_adapter=adapter)
    skill_id = os.environ.get("ALEXA_SKILL_ID")
    if skill_id:
        sb.skill_id = skill_id  # type: ignore[assignment]  # the SDK leaves it unannotated: None
    for handler in request_handlers():
        sb.add_request_handler(handler)
    for exception_handler in exception_handlers():
        sb.add_exception_handler(exception_handler)
    sb.add_global_request_interceptor(interceptors.LocaleInterceptor())
    sb.add_global_request_interceptor(interceptors.RequestLogInterceptor())
    sb.add_global_request_interceptor(persistence.LoadUserInterceptor())
    sb.add_global_request_interceptor(SafetyInterceptor())
    sb.add_global_response_interceptor(interceptors.RepeatCacheInterceptor())
    sb.add_global_response_interceptor(persistence.SaveUserInterceptor())
    sb.add_global_response_interceptor(interceptors.ResponseLogInterceptor())
    config = sb.skill_configuration
    config.handler_adapters = [trace.TracingHandlerAdapter()]
    skill = CustomSkill(skill_configuration=config)
    skill.serializer = Serializer()
    return skill


@cache
def get_skill() -> CustomSkill:
    """The process-wide skill, built on first use and reused by every request."""
    return build_skill()


def reset() -> None:
    """Forget the cached skill (after the environment changes, e.g. in tests)."""
    get_skill.cache_clear()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """AWS Lambda entry: a request envelope in, a response envelope out.

    A request for another skill raises the SDK's ``AskSdkException`` (its skill-id check), and so
    does an event that is not a request envelope at all (``SerializationException``).
    """
    if not (isinstance(event, dict) and isinstance(event.get("request"), dict)):
        raise SerializationException("not an Alexa request envelope: no request")
    skill = get_skill()
    if skill.skill_id and not isinstance(event.get("context"), dict):
        raise SerializationException("not an Alexa request envelope: no context for the skill id")
    trace.begin()
    envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response = skill.invoke(request_envelope=envelope, context=context)
    # The serializer's return type covers every kind of value; a ResponseEnvelope is a dict.
    return cast("dict[str, Any]", skill.serializer.serialize(response))
