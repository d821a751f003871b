"""Every handler, reached the way a user reaches it: typed words through the simulator."""

from __future__ import annotations

import importlib.util
import json

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import Response
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective
from ask_sdk_model.ui import SimpleCard

from skill import app
from skill.content import TREATMENTS, Aspect, TreatmentId, regionalize
from skill.core import trace
from skill.handlers.errors import CatchAllExceptionHandler
from skill.simulator import Simulator
from tests.support import ROOT, load_event


def test_launch_welcomes_with_disclaimer_and_example(sim: Simulator) -> None:
    turn = sim.send("open milia guide")
    assert turn.handler == "LaunchRequestHandler"
    assert turn.request["request"]["type"] == "LaunchRequest"
    assert "welcome" in turn.speech.lower()
    assert "not medical advice" in turn.speech.lower()
    assert "you can ask" in turn.speech.lower()
    assert not turn.end_session
    assert turn.response["response"]["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>")


@pytest.mark.parametrize(
    "phrase", ["launch milia guide", "start milia guide", "Alexa, open Milia Guide"]
)
def test_launch_phrases_send_a_launch_request(sim: Simulator, phrase: str) -> None:
    assert sim.send(phrase).request["request"]["type"] == "LaunchRequest"


@pytest.mark.parametrize(
    ("utterance", "handler", "needle"),
    [
        ("what are milia", "WhatAreMiliaHandler", "keratin"),
        ("what causes milia", "CausesHandler", "milia"),
        ("is it safe to pop milia", "SafetyRouteHandler", "scar"),
        ("what treatments are there", "ListTreatmentsHandler", "cryotherapy"),
        ("compare cryotherapy and laser", "CompareHandler", "laser"),
        ("tell me everything about peels", "WalkthroughHandler", "acid"),
        ("what's best for milia under my eyes", "SituationHandler", "eye"),
        ("tell me about the cost", "TopicHandler", "insurance"),
        ("how does cryotherapy work", "AspectHandler", "liquid nitrogen"),
        ("tell me about cryotherapy", "TreatmentInfoHandler", "liquid nitrogen"),
        ("which is least painful", "AcrossHandler", "pinprick"),
        ("how much does laser cost", "SafetyRouteHandler", "insurance"),
        ("i have a question about keratin bumps on my face", "QuestionHandler", ""),
        ("how do i remove milia at home", "AtHomeRefusalHandler", "can't guide"),
        ("help", "HelpHandler", "not medical advice"),
        ("what's the weather in paris", "FallbackHandler", "didn't catch"),
        ("forget me", "ForgetMeHandler", "history"),
    ],
)
def test_intents_reach_their_handler(
    sim: Simulator, utterance: str, handler: str, needle: str
) -> None:
    sim.send("open milia guide")
    turn = sim.send(utterance)
    assert turn.handler == handler, turn.intent
    assert needle.lower() in turn.speech.lower()
    assert not turn.end_session
    assert turn.response["response"]["reprompt"]


def test_stop_and_cancel_end_the_session(sim: Simulator) -> None:
    sim.send("open milia guide")
    turn = sim.send("stop")
    assert (turn.intent, turn.handler) == ("AMAZON.StopIntent", "StopCancelHandler")
    assert turn.end_session
    assert "goodbye" in turn.speech.lower()
    assert not sim.in_session
    sim.send("open milia guide")
    assert sim.send("cancel").end_session


def test_exit_sends_session_ended(sim: Simulator) -> None:
    sim.send("open milia guide")
    turn = sim.send("exit")
    assert turn.request["request"]["type"] == "SessionEndedRequest"
    assert turn.handler == "SessionEndedRequestHandler"
    assert turn.end_session
    assert not sim.in_session


def test_navigation_built_ins(sim: Simulator) -> None:
    sim.send("open milia guide")
    first = sim.send("how does laser ablation work")
    assert sim.send("repeat").speech == first.speech
    nxt = sim.send("next")
    assert nxt.handler == "NextHandler"
    assert nxt.card_title.endswith("What a visit is like")
    prev = sim.send("previous")
    assert prev.handler == "PreviousHandler"
    assert prev.card_title.endswith("How it works")
    more = sim.send("tell me more")
    assert more.handler == "MoreHandler"
    assert more.card_title.endswith("What a visit is like")
    yes = sim.send("yes")
    assert yes.handler == "YesHandler"
    assert yes.card_title.endswith("Who it suits")
    no = sim.send("no")
    assert no.handler == "NoHandler"
    assert "what else" in no.speech.lower()
    over = sim.send("start over")
    assert over.handler == "StartOverHandler"
    assert "start over" in over.speech.lower()
    home = sim.send("go home")
    assert home.handler == "NavigateHomeHandler"
    assert not home.end_session


def test_catch_all_apologises_and_keeps_the_session_open(sim: Simulator) -> None:
    sim.send("open milia guide")
    # A corrupted session (a list where a treatment id belongs) makes the handler fail.
    sim.attributes["topic"] = ["CRYOTHERAPY"]
    turn = sim.send("what about aftercare")
    assert turn.handler == "CatchAllExceptionHandler"
    assert "sorry" in turn.speech.lower()
    assert not turn.end_session
    assert turn.response["response"]["reprompt"]


class _FailsAfterBuilding(AbstractRequestHandler):
    """A handler that builds a card and a screen, then fails."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        builder = handler_input.response_builder
        builder.speak("Half an answer").set_card(SimpleCard("Half", "built"))
        builder.add_directive(RenderDocumentDirective(token="half", document={}))
        raise RuntimeError("the handler failed mid-answer")


def test_after_a_failure_only_the_apology_goes_out() -> None:
    """Nothing a failed handler had built (speech, card, APL) reaches the device."""
    builder = SkillBuilder()
    builder.add_request_handler(_FailsAfterBuilding())
    builder.add_exception_handler(CatchAllExceptionHandler())
    out = builder.lambda_handler()(load_event("launch"), None)["response"]
    assert "sorry" in out["outputSpeech"]["ssml"].lower()
    assert "Half an answer" not in out["outputSpeech"]["ssml"]
    assert "card" not in out
    assert "directives" not in out
    assert out["reprompt"]


def test_skill_id_check_rejects_other_skills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALEXA_SKILL_ID", "amzn1.ask.skill.ours")
    app.reset()
    ours = Simulator("en-US")
    assert ours.application_id == "amzn1.ask.skill.ours"
    assert ours.send("open milia guide").handler == "LaunchRequestHandler"
    theirs = Simulator("en-US", application_id="amzn1.ask.skill.someone-else")
    with pytest.raises(AskSdkException):
        theirs.send("open milia guide")


def test_lambda_entry_is_the_same_request_path(sim: Simulator) -> None:
    spec = importlib.util.spec_from_file_location(
        "lambda_function", ROOT / "lambda" / "lambda_function.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    handler = module.lambda_handler
    event = sim.send("open milia guide").request
    out = handler(json.loads(json.dumps(event)), None)
    assert out["version"] == "1.0"
    assert "Welcome" in out["response"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize("tid", list(TreatmentId))
@pytest.mark.parametrize("aspect", list(Aspect))
def test_every_treatment_and_aspect_through_the_simulator(tid: TreatmentId, aspect: Aspect) -> None:
    treatment = TREATMENTS[tid]
    sim = Simulator("en-US")
    sim.send("open milia guide")
    sim.send(f"tell me about {treatment.name}")
    phrase = {
        Aspect.HOW_IT_WORKS: "how it works",
        Aspect.VISIT: "what about the visit",
        Aspect.WHO_IT_SUITS: "who it suits",
        Aspect.SENSATION: "does it hurt",
        Aspect.AFTERCARE: "what about aftercare",
        Aspect.SESSIONS: "how many sessions",
    }[aspect]
    turn = sim.send(phrase)
    # one intent per thing the user wants to know, each answered by the aspect handler
    assert turn.handler == "AspectHandler", (turn.intent, turn.slots)
    assert turn.response["sessionAttributes"]["aspect"] == aspect.value
    segment = treatment.aspects[aspect]
    # per-locale facts (issue 11: where adapalene needs a prescription) are filled in
    assert regionalize(segment.speech, "en-US") in turn.speech
    assert turn.speech.rstrip().endswith("?"), "every answer ends by offering a next step"
    card = turn.response["response"]["card"]
    assert card["type"] == "Standard"
    assert regionalize(segment.card, "en-US") in card["text"]
    assert turn.response["sessionAttributes"]["topic"] == tid.value


@pytest.mark.parametrize(
    ("synonym", "tid"),
    [
        ("freezing", "CRYOTHERAPY"),
        ("liquid nitrogen", "CRYOTHERAPY"),
        ("co2 laser", "LASER_ABLATION"),
        ("tretinoin", "TOPICAL_RETINOID"),
        ("retin a", "TOPICAL_RETINOID"),
        ("adapalene", "TOPICAL_RETINOID"),
        ("glycolic peel", "CHEMICAL_PEEL"),
        ("lancing by a dermatologist", "MECHANICAL_EXTRACTION"),
    ],
)
def test_slot_synonyms_resolve_to_one_entry(sim: Simulator, synonym: str, tid: str) -> None:
    turn = sim.send(f"tell me about {synonym}")
    assert turn.slots["treatment"] == tid
    slot = turn.request["request"]["intent"]["slots"]["treatment"]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"]["id"] == tid
    assert turn.response["sessionAttributes"]["topic"] == tid


def test_multi_turn_session_carries_attributes(sim: Simulator) -> None:
    launch = sim.send("open milia guide")
    session_id = launch.request["session"]["sessionId"]
    assert launch.request["session"]["new"] is True
    sim.send("how does cryotherapy work")
    turn = sim.send("what about aftercare")
    assert turn.request["session"]["new"] is False
    assert turn.request["session"]["sessionId"] == session_id
    assert turn.request["session"]["attributes"]["topic"] == "CRYOTHERAPY"
    assert turn.card_title == "Cryotherapy (freezing): Aftercare and recovery"
    assert sim.send("yes").card_title.endswith("Sessions and timeline")


def test_one_shot_opens_a_session_with_the_answer(sim: Simulator) -> None:
    turn = sim.send("ask milia guide how does cryotherapy work")
    assert turn.request["session"]["new"] is True
    assert turn.request["request"]["type"] == "IntentRequest"
    assert turn.handler == "AspectHandler"
    assert "not medical advice" in turn.speech.lower(), "one-shots still hear the disclaimer"


@pytest.mark.parametrize(
    "utterance", ["how do i squeeze my baby's milia", "can i pop milia on a newborn"]
)
def test_the_removal_question_carries_who_it_is_for(sim: Simulator, utterance: str) -> None:
    turn = sim.send(utterance)
    assert turn.intent == "ExtractionQuestionIntent"
    assert turn.slots["person"] == "CHILD"
    assert turn.refused
    assert "pediatrician" in turn.speech


@pytest.mark.parametrize(
    "request_body",
    [
        {
            "type": "System.ExceptionEncountered",
            "error": {"type": "INVALID_RESPONSE", "message": "bad"},
            "cause": {"requestId": "amzn1.echo-api.request.earlier"},
        },
        {"type": "Alexa.Presentation.APL.UserEvent", "token": "miliaGuide", "arguments": []},
    ],
)
def test_events_that_allow_no_speech_get_none(sim: Simulator, request_body: dict) -> None:
    event = sim.send("open milia guide").request
    event["request"] = {**event["request"], **request_body, "requestId": "amzn1.r.event"}
    event["request"].pop("shouldLinkResultBeReturned", None)
    out = app.lambda_handler(event, None)
    assert trace.current().handler == "SilentEventHandler"
    assert "outputSpeech" not in out["response"]
    assert "reprompt" not in out["response"]
