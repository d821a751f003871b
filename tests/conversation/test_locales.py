"""The five English locales: the same understanding, regional wording, and the simulator and
CLI working for each (their interaction models, in step with one source: tools/test_models.py)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from skill import cli
from skill.core.speech import validate_ssml
from skill.simulator import LOCALES, Simulator, SimulatorError
from skill.tools.modelgen import LOCALES as MODEL_LOCALES

CORE_UTTERANCES = (
    "how does cryotherapy work",
    "what does a chemical peel feel like",
    "what's the aftercare for laser ablation",
    "how many sessions of retinoids",
    "who is mechanical extraction for",
    "tell me about freezing",
    "what treatments are there",
    "tell me everything about peels",
    "walk me through laser",
    "compare freezing versus retinoids",
    "compare laser and extraction",
    "what's the difference between peels and laser",
    "what's best for milia under my eyes",
    "what about lots of milia",
    "what's best for one big milium",
    "what about deep ones",
    "milia that keep coming back",
    "my baby has milia",
    "what about milia during pregnancy",
    "what about darker skin",
    "what are milia",
    "what causes milia",
    "why can't i pop them",
    "tell me about prevention",
    "when should i see a doctor",
    "how do i squeeze out milia at home",
    "help",
    "next",
    "previous",
    "repeat",
    "start over",
    "tell me more",
    "yes",
    "no",
)
FOLLOW_UPS = ("does it hurt?", "what about aftercare?", "how long does it take?")


@cache
def understood(locale: str) -> tuple[tuple[str | None, str | None, bool], ...]:
    """(intent, card title, refused) for each core utterance, each said at the start of a
    session. Each locale's model is its own, so the statistical NLU may pick another intent
    whose slots lead to the same answer; what must match is the answer."""
    sim = Simulator(locale)
    out = []
    for utterance in CORE_UTTERANCES:
        turn = sim.send(utterance, one_shot=True)
        out.append((turn.intent, turn.card_title, turn.refused))
    return tuple(out)


def test_the_five_locales() -> None:
    assert set(LOCALES) == set(MODEL_LOCALES) == set(cli.LOCALES)
    assert set(LOCALES) == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en-US"])
def test_each_locale_understands_the_core_utterances_like_en_us(locale: str) -> None:
    answers = [(title, refused) for _, title, refused in understood(locale)]
    assert answers == [(title, refused) for _, title, refused in understood("en-US")]


@pytest.mark.parametrize("locale", LOCALES)
def test_core_utterances_reach_a_real_handler(locale: str) -> None:
    for utterance, (intent, _, _) in zip(CORE_UTTERANCES, understood(locale), strict=True):
        assert intent not in (None, "AMAZON.FallbackIntent"), utterance


@pytest.mark.parametrize("locale", LOCALES)
def test_follow_ups_with_context_in_every_locale(locale: str) -> None:
    sim = Simulator(locale)
    sim.send("how does cryotherapy work")
    titles = [sim.send(said).card_title for said in FOLLOW_UPS]
    assert titles == [
        "Cryotherapy (freezing): What it feels like",
        "Cryotherapy (freezing): Aftercare and recovery",
        "Cryotherapy (freezing): Sessions and timeline",
    ]


# --- regional wording ----------------------------------------------------------------------
PEEL_AFTERCARE = "what's the aftercare for chemical peels"
PEEL_VISIT = "what is the visit like for chemical peels"
DOCTOR = "when should i see a doctor"
BABY = "my baby has milia"
RECURRING = "milia that keep coming back"

REGIONAL = [
    # (locale, utterance, said, not said)
    ("en-GB", PEEL_AFTERCARE, "sun cream", "sunscreen"),
    ("en-GB", RECURRING, "sun cream", "sunscreen"),
    ("en-GB", PEEL_VISIT, "aesthetician", " esthetician"),
    ("en-GB", DOCTOR, "Your GP", "primary care"),
    ("en-GB", BABY, "GP or health visitor", "paediatrician"),
    ("en-US", PEEL_AFTERCARE, "sunscreen", "sun cream"),
    ("en-US", RECURRING, "sunscreen", "sun cream"),
    ("en-US", PEEL_VISIT, " esthetician", "aesthetician"),
    ("en-US", DOCTOR, "primary care doctor", "GP"),
    ("en-US", BABY, "pediatrician", "paediatrician"),
    ("en-AU", PEEL_AFTERCARE, "sunscreen", "sun cream"),
    ("en-AU", PEEL_VISIT, "aesthetician", " esthetician"),
    ("en-AU", DOCTOR, "Your GP", "primary care"),
    ("en-IN", PEEL_AFTERCARE, "sunscreen", "sun cream"),
    ("en-IN", PEEL_VISIT, "aesthetician", " esthetician"),
    ("en-IN", DOCTOR, "Your GP", "primary care"),
    ("en-CA", PEEL_AFTERCARE, "sunscreen", "sun cream"),
    ("en-CA", PEEL_VISIT, " esthetician", "aesthetician"),
    ("en-CA", DOCTOR, "family doctor", "primary care"),
]


@pytest.mark.parametrize(("locale", "utterance", "said", "not_said"), REGIONAL)
def test_regional_wording_is_spoken(locale: str, utterance: str, said: str, not_said: str) -> None:
    turn = Simulator(locale).send(utterance)
    assert said in turn.speech, turn.speech
    assert not_said not in turn.speech, turn.speech
    ssml = turn.response["response"]["outputSpeech"]["ssml"]
    assert said.strip() in ssml
    assert validate_ssml(ssml) == []


def test_regional_sample_phrases() -> None:
    # issue 11: "milk spots" is its own topic (another name for milia)
    milk = Simulator("en-GB").send("what are milk spots")
    assert (milk.intent, milk.slots) == ("TopicIntent", {"topic": "OTHER_NAMES"})
    assert Simulator("en-AU").send("how do i get shot of milia").intent == "ListTreatmentsIntent"
    assert Simulator("en-IN").send("how to cure milia").intent == "ListTreatmentsIntent"
    refused = Simulator("en-GB").send("can i pop milk spots")
    assert refused.refused


# --- the simulator and the CLI, per locale -------------------------------------------------
@pytest.mark.parametrize("locale", LOCALES)
def test_cli_ask_with_each_locale(locale: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        ["ask", "--locale", locale, "--json", "how does cryotherapy work", "what about aftercare?"]
    )
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    for line in lines:
        assert line["request"]["request"]["locale"] == locale
        assert line["end_session"] is False
    assert lines[1]["handler"] == "AspectHandler"
    assert lines[1]["response"]["response"]["card"]["title"].endswith("Aftercare and recovery")


def test_cli_rejects_an_unknown_locale(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["ask", "--locale", "en-NZ", "hello"])
    assert exited.value.code == cli.USAGE_ERROR
    assert "unknown locale" in capsys.readouterr().err
    with pytest.raises(SimulatorError):
        Simulator("fr-FR")


@pytest.mark.parametrize("locale", LOCALES)
def test_launch_in_each_locale(locale: str) -> None:
    turn = Simulator(locale).send("open milia guide")
    assert turn.handler == "LaunchRequestHandler"
    assert turn.request["request"]["locale"] == locale
    assert "not medical advice" in turn.speech
    assert turn.reprompt
