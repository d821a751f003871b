"""Request handlers, in the order the dispatcher tries them.

Safety handlers come first: they act on the verdict the safety gate left for the request, so no
content handler runs for a request the policy refuses.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler

from skill.handlers import builtins, content, navigation, safety, session
from skill.handlers.errors import CatchAllExceptionHandler


def request_handlers() -> list[AbstractRequestHandler]:
    """Every request handler, most specific first."""
    return [
        session.LaunchRequestHandler(),
        session.SessionEndedRequestHandler(),
        safety.AtHomeRefusalHandler(),
        safety.UrgentCareHandler(),
        safety.SafetyRouteHandler(),
        content.AspectHandler(),
        content.AcrossHandler(),
        content.SymptomHandler(),
        content.TreatmentInfoHandler(),
        content.WalkthroughHandler(),
        content.CompareHandler(),
        content.ListTreatmentsHandler(),
        content.SituationHandler(),
        content.TopicHandler(),
        content.WhatAreMiliaHandler(),
        content.CausesHandler(),
        content.QuestionHandler(),
        content.UnresolvedWordsHandler(),
        navigation.NextHandler(),
        navigation.PreviousHandler(),
        navigation.MoreHandler(),
        navigation.RepeatHandler(),
        navigation.YesHandler(),
        navigation.NoHandler(),
        navigation.StartOverHandler(),
        navigation.NavigateHomeHandler(),
        builtins.HelpHandler(),
        builtins.StopCancelHandler(),
        builtins.ForgetMeHandler(),
        builtins.FallbackHandler(),
        builtins.UnhandledIntentHandler(),
        session.SilentEventHandler(),
    ]


def exception_handlers() -> list[AbstractExceptionHandler]:
    """The catch-all that keeps the conversation alive."""
    return [CatchAllExceptionHandler()]
