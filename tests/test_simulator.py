"""The simulator resolves typed words as Alexa would, in a fixed order, into real envelopes."""

from __future__ import annotations

import re

import pytest

from skill.simulator import Simulator, SimulatorError, default_user_id


@pytest.mark.parametrize(
    ("utterance", "method", "intent"),
    [
        # 1. an exact sample, with slot filling and entity resolution (synonym to id)
        ("tell me about liquid nitrogen", "exact", "TreatmentInfoIntent"),
        # 2. the closest sample, when no sample matches word for word
        ("please tell me about liquid nitrogen", "closest", "TreatmentInfoIntent"),
        # 3. the SearchQuery catch-all, for on-topic words no sample is close to
        ("my dermatologist mentioned keratin under the skin", "search", "QuestionIntent"),
        # 4. AMAZON.FallbackIntent for everything else
        ("what's the score of the football game", "fallback", "AMAZON.FallbackIntent"),
    ],
)
def test_resolution_order(sim: Simulator, utterance: str, method: str, intent: str) -> None:
    resolution = sim.nlu.resolve(utterance)
    assert (resolution.method, resolution.intent) == (method, intent)


def test_exact_match_fills_slots_with_entity_resolution(sim: Simulator) -> None:
    resolution = sim.nlu.resolve("compare freezing and co2 laser")
    assert resolution.intent == "CompareIntent"
    a, b = resolution.slots["treatmentA"], resolution.slots["treatmentB"]
    assert (a.value, a.id, a.canonical) == ("freezing", "CRYOTHERAPY", "cryotherapy")
    assert (b.value, b.id) == ("co2 laser", "LASER_ABLATION")


def test_raw_words_pass_the_safety_gate_first(sim: Simulator) -> None:
    # Close to a treatment question, but it asks how to do it at home.
    resolution = sim.nlu.resolve("how does extraction work at home with a needle")
    assert (resolution.method, resolution.intent) == ("safety", "AtHomeExtractionIntent")


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
    assert sim.attributes == {} and not sim.in_session
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
