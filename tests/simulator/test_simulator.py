"""The simulator resolves typed words as Alexa would, in a fixed order, into real envelopes."""

from __future__ import annotations

import json
import re

import pytest

from skill.simulator import Simulator, SimulatorError, default_user_id


@pytest.mark.parametrize(
    ("utterance", "method", "intents"),
    [
        # 1. a SearchQuery sample's carrier phrase: the words after it are the slot value
        ("i have a question about keratin under the skin", "carrier", ("QuestionIntent",)),
        # 2. a literal sample, with slot filling and entity resolution (synonym to id)
        ("tell me about liquid nitrogen", "exact", ("TreatmentInfoIntent",)),
        # 3. the classifier trained on the model's samples, for words no sample has
        (
            "please tell me all about liquid nitrogen",
            "statistical",
            ("TreatmentInfoIntent", "WalkthroughIntent"),
        ),
        # 4. AMAZON.FallbackIntent for everyday requests for other skills
        ("what's the score of the football game", "fallback", ("AMAZON.FallbackIntent",)),
    ],
)
def test_resolution_order(
    sim: Simulator, utterance: str, method: str, intents: tuple[str, ...]
) -> None:
    resolution = sim.nlu.resolve(utterance)
    assert resolution.method == method, resolution
    assert resolution.intent in intents, resolution


def test_no_carrier_phrase_no_search_query(sim: Simulator) -> None:
    # On a device, a question with no carrier phrase never fills AMAZON.SearchQuery.
    resolution = sim.nlu.resolve("my dermatologist mentioned keratin under the skin")
    assert resolution.intent != "QuestionIntent"


def test_exact_match_fills_slots_with_entity_resolution(sim: Simulator) -> None:
    resolution = sim.nlu.resolve("compare freezing and co2 laser")
    assert resolution.intent == "CompareIntent"
    a, b = resolution.slots["treatmentA"], resolution.slots["treatmentB"]
    assert (a.value, a.id, a.canonical) == ("freezing", "CRYOTHERAPY", "cryotherapy")
    assert (b.value, b.id) == ("co2 laser", "LASER_ABLATION")


def test_the_request_carries_only_what_a_device_sends(sim: Simulator) -> None:
    # The words reach the skill only as slot values: the removal question's slots say what
    # is done, with what and where, and the skill's gate refuses from them.
    turn = sim.send("how do i pop milia at home with a needle")
    intent = turn.request["request"]["intent"]
    assert intent["name"] == "ExtractionQuestionIntent"
    said = {name: slot.get("value") for name, slot in intent["slots"].items()}
    assert said["action"] == "pop"
    assert said["tool"] == "a needle"
    assert said["place"] == "at home"
    assert "how do i pop milia at home with a needle" not in json.dumps(turn.request)
    assert turn.refused


def test_envelope_has_session_context_device_locale_and_timestamp() -> None:
    sim = Simulator("en-GB", screen=True)
    turn = sim.send("open milia guide")
    event = turn.request
    assert event["version"] == "1.0"
    assert event["session"]["new"] is True
    assert event["session"]["user"]["userId"] == event["context"]["System"]["user"]["userId"]
    device = event["context"]["System"]["device"]
    assert "Alexa.Presentation.APL" in device["supportedInterfaces"]
    assert event["request"]["locale"] == "en-GB"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["request"]["timestamp"])
    assert event["request"]["requestId"].startswith("amzn1.echo-api.request.")


def test_session_attributes_carry_and_reset_after_the_session_ends(sim: Simulator) -> None:
    sim.send("open milia guide")
    sim.send("how do peels work")
    assert sim.attributes["topic"] == "CHEMICAL_PEEL"
    sim.send("stop")
    assert sim.attributes == {}
    assert not sim.in_session
    turn = sim.send("what about aftercare")
    assert turn.request["session"]["new"] is True
    assert turn.request["session"]["attributes"] == {}


def test_the_default_user_id_is_stable() -> None:
    assert default_user_id() == default_user_id() == Simulator("en-US").user_id
    assert default_user_id().startswith("amzn1.ask.account.")


def test_an_empty_utterance_is_a_clear_error(sim: Simulator) -> None:
    with pytest.raises(SimulatorError, match="empty"):
        sim.send("   ")


def test_an_unknown_locale_is_a_clear_error() -> None:
    with pytest.raises(SimulatorError, match="unknown locale"):
        Simulator("de-DE")
