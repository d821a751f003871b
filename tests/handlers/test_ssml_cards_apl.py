"""SSML, cards and APL for every kind of response, in every locale, through the simulator.

One broad drive (every treatment and aspect, topics, situations, comparisons, navigation,
built-ins, refusals and errors) runs once per locale, voice-only and with a screen, and every
response it produces is checked against Alexa's output rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from skill.content import (
    SITUATIONS,
    TOPICS,
    TREATMENTS,
    Aspect,
    TreatmentId,
    phrases,
    regionalize,
)
from skill.core.speech import (
    ALLOWED_TAGS,
    APL_DATA,
    MAX_SSML_CHARS,
    PRONUNCIATIONS,
    apl_document,
    missing_pronunciations,
    to_ssml,
    validate_apl,
    validate_ssml,
)
from skill.lexicon import SLOT_TYPES
from skill.simulator import LOCALES, Simulator, Turn

RENDER = "Alexa.Presentation.APL.RenderDocument"
ASPECT_PHRASES = {
    Aspect.HOW_IT_WORKS: "how does it work",
    Aspect.VISIT: "what about the visit",
    Aspect.WHO_IT_SUITS: "who is it for",
    Aspect.SENSATION: "does it hurt",
    Aspect.AFTERCARE: "what about aftercare",
    Aspect.SESSIONS: "how long does it take",
}
SITUATION_UTTERANCES = (
    "what's best for milia under my eyes",
    "what about lots of milia",
    "what's best for one big milium",
    "what about deep ones",
    "what about milia that keep coming back",
    "my baby has milia",
    "what about milia during pregnancy",
    "what about darker skin",
    "i have a bump that bleeds",
)
# Handlers whose answers carry content (and so a card) unless they ask a clarifying question.
CONTENT_HANDLERS = frozenset(
    {
        "TreatmentInfoHandler",
        "AspectHandler",
        "AcrossHandler",
        "SymptomHandler",
        "UnresolvedWordsHandler",
        "WalkthroughHandler",
        "CompareHandler",
        "ListTreatmentsHandler",
        "SituationHandler",
        "TopicHandler",
        "WhatAreMiliaHandler",
        "CausesHandler",
        "QuestionHandler",
        "NextHandler",
        "PreviousHandler",
        "MoreHandler",
        "YesHandler",
        "AtHomeRefusalHandler",
        "UrgentCareHandler",
        "SafetyRouteHandler",
    }
)


def _scripts() -> Iterator[list[str]]:
    """Sessions to drive: each a list of utterances said one after another."""
    names = [TREATMENTS[t].name for t in TreatmentId]
    yield [
        "open milia guide",
        "help",
        "what are milia",
        "what causes milia",
        "why can't i pop them",
        "what treatments are there",
        "tell me more",
        "next",
        "previous",
        "repeat",
        "yes",
        "no",
        "start over",
        "go home",
        "zebra quantum spreadsheet",
        "what is the capital of peru",
        "does it hurt",
        "cryotherapy",
        "stop",
    ]
    for name in names:
        turns = [f"tell me about {name}"]
        for aspect in Aspect:
            turns += [ASPECT_PHRASES[aspect], "repeat"]
        turns += ["next", "previous", "tell me more", "yes", "no"]
        yield turns
        yield [
            f"tell me everything about {name}",
            "previous",
            "yes",
            *["next"] * 6,
            "previous",
            "start over",
            "next",
            "cancel",
        ]
    for first in names:
        for second in names:
            if first != second:
                yield [f"compare {first} and {second}", "yes", "previous", "previous", "next"]
    yield ["compare freezing versus retinoids", "tell me more", "tell me more", "repeat"]
    yield ["compare peels", "laser", "compare it with extraction", "yes"]
    for utterance in SITUATION_UTTERANCES:
        yield [utterance, "tell me more", "repeat", "yes"]
    for value in SLOT_TYPES["TopicType"]:
        yield [f"tell me about {value.value}", "yes", "tell me more"]
    yield [
        "how do i squeeze out milia at home",
        "yes",
        "can i pop my baby's milia",
        "yes",
        "the spot has pus and spreading redness",
        "exit",
    ]
    yield ["i have a question about keratin bumps", "which is least painful", "yes"]
    yield ["how much does laser cost", "i have a scab after cryotherapy", "yes"]
    yield ["can i use sunscreen at home", "tell me more"]


@cache
def drive(locale: str, screen: bool) -> tuple[Turn, ...]:
    """Every turn of every script, in one locale (run once, shared by the tests below)."""
    turns: list[Turn] = []
    sim = Simulator(locale, screen=screen)
    for script in _scripts():
        for index, utterance in enumerate(script):
            turns.append(sim.send(utterance, one_shot=index == 0))  # a new session each
    # The catch-all: a corrupted session makes a handler fail mid-conversation.
    turns.append(sim.send("open milia guide"))
    sim.attributes["topic"] = ["CRYOTHERAPY"]
    error = sim.send("what about aftercare")
    assert error.handler == "CatchAllExceptionHandler"
    turns.append(error)
    return tuple(turns)


def _ssml_of(out: dict[str, Any]) -> tuple[str | None, str | None]:
    speech = (out.get("outputSpeech") or {}).get("ssml")
    reprompt = ((out.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
    return speech, reprompt


@cache
def _content_speech(locale: str) -> tuple[str, ...]:
    """Every content answer's spoken text as the locale hears it."""
    texts = [seg.speech for t in TREATMENTS.values() for seg in t.aspects.values()]
    texts += [t.segment.speech for t in (*TOPICS.values(), *SITUATIONS.values())]
    texts += [phrases.REFUSAL, phrases.REFUSAL_CHILD]
    return tuple(" ".join(regionalize(text, locale).split()) for text in texts)


def _problems(turn: Turn, locale: str, screen: bool) -> list[str]:
    out = turn.response.get("response") or {}
    where = f"{locale} {'screen' if screen else 'voice'} {turn.utterance!r} ({turn.handler})"
    ended = turn.request.get("request", {}).get("type") == "SessionEndedRequest"
    apl = [d for d in out.get("directives") or [] if d["type"].startswith("Alexa.Presentation.APL")]
    problems = _speech_problems(out, where, ended) + _card_problems(out.get("card"), where)
    if apl and not screen:
        problems.append(f"{where}: APL sent to a device without a screen")
    spoken = turn.speech
    is_content = turn.handler in CONTENT_HANDLERS and (
        any(text in spoken for text in _content_speech(locale)) or "Who each suits" in spoken
    )
    if is_content:
        problems += _content_problems(turn, out.get("card"), apl, screen, where)
    for directive in apl:
        problems += [
            f"{where}: {p}"
            for p in validate_apl(directive.get("document"), directive.get("datasources"))
        ]
    return problems


def _speech_problems(out: dict[str, Any], where: str, ended: bool) -> list[str]:
    """SSML speech and reprompt: present, valid, short enough, hard words marked."""
    problems: list[str] = []
    speech, reprompt = _ssml_of(out)
    if not ended and (speech is None or out["outputSpeech"].get("type") != "SSML"):
        problems.append(f"{where}: no SSML outputSpeech")
    for label, ssml in (("speech", speech), ("reprompt", reprompt)):
        if ssml is None:
            continue
        problems += [f"{where} {label}: {p}" for p in validate_ssml(ssml)]
        if len(ssml) >= MAX_SSML_CHARS:
            problems.append(f"{where} {label}: {len(ssml)} characters")
        problems += [f"{where} {label}: {w!r} unmarked" for w in missing_pronunciations(ssml)]
    if out.get("shouldEndSession") is False and not reprompt:
        problems.append(f"{where}: the session stays open without a reprompt")
    return problems


def _card_problems(card: dict[str, Any] | None, where: str) -> list[str]:
    if card is None:
        return []
    problems: list[str] = []
    if card.get("type") not in ("Standard", "Simple"):
        problems.append(f"{where}: card type {card.get('type')}")
    if not card.get("title") or not (card.get("text") or card.get("content")):
        problems.append(f"{where}: card without title or text")
    return problems


def _content_problems(
    turn: Turn, card: dict[str, Any] | None, apl: list[dict[str, Any]], screen: bool, where: str
) -> list[str]:
    """A content answer has a card and, on a screen, one RenderDocument."""
    problems: list[str] = []
    if card is None:
        problems.append(f"{where}: a content answer without a card")
    if screen and [d["type"] for d in apl] != [RENDER]:
        problems.append(f"{where}: a content answer on a screen without one RenderDocument")
    if screen and not apl and turn.handler != "AtHomeRefusalHandler":
        problems.append(f"{where}: no APL")
    return problems


# --- every response, every locale ----------------------------------------------------------
@pytest.mark.parametrize("screen", [False, True], ids=["voice", "screen"])
@pytest.mark.parametrize("locale", LOCALES)
def test_every_response_follows_the_output_rules(locale: str, screen: bool) -> None:
    turns = drive(locale, screen)
    assert len(turns) > 250
    problems = [p for turn in turns for p in _problems(turn, locale, screen)]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_drive_reaches_every_kind_of_handler(locale: str) -> None:
    handlers = {turn.handler for turn in drive(locale, False)}
    expected = {
        "LaunchRequestHandler",
        "HelpHandler",
        "StopCancelHandler",
        "FallbackHandler",
        "RepeatHandler",
        "NavigateHomeHandler",
        "StartOverHandler",
        "SessionEndedRequestHandler",
        "CatchAllExceptionHandler",
        "AtHomeRefusalHandler",
        "UrgentCareHandler",
    } | (CONTENT_HANDLERS - {"SafetyRouteHandler"})
    assert expected <= handlers, expected - handlers


@pytest.mark.parametrize("locale", LOCALES)
def test_every_hard_word_is_spoken_with_its_pronunciation(locale: str) -> None:
    marked: set[str] = set()
    for turn in drive(locale, False):
        ssml = _ssml_of(turn.response.get("response") or {})[0] or ""
        marked.update(m.lower() for m in re.findall(r'ph="[^"]+">([A-Za-z]+)</phoneme>', ssml))
    assert {"milia", "milium", "tretinoin", "comedone"} <= marked


@pytest.mark.parametrize("word", sorted(PRONUNCIATIONS))
def test_pronunciations_are_phonemes(word: str) -> None:
    ssml = to_ssml(f"About {word.capitalize()} and {word}.")
    assert ssml.count(f'<phoneme alphabet="ipa" ph="{PRONUNCIATIONS[word]}">') == 2
    assert validate_ssml(ssml) == []
    assert missing_pronunciations(ssml) == []
    assert missing_pronunciations(f"<speak>{word}</speak>") == [word]


def test_ssml_validation_catches_what_alexa_rejects() -> None:
    assert validate_ssml("<speak>Hello <b>there</b></speak>")  # a tag Alexa refuses
    assert validate_ssml("<speak>Hello <s>there</speak>")  # not well-formed
    assert validate_ssml("<p>Hello</p>")  # not rooted in <speak>
    assert validate_ssml("<speak>" + "a" * MAX_SSML_CHARS + "</speak>")  # too long
    assert validate_ssml('<speak><phoneme ph="x">milia</phoneme></speak>')  # no alphabet
    assert validate_ssml("<speak>Fish &amp; chips</speak>") == []
    assert {"speak", "phoneme", "sub", "break"} <= ALLOWED_TAGS
    assert to_ssml("a < b & c") == "<speak>a   b and c</speak>"


# --- cards ---------------------------------------------------------------------------------
@pytest.mark.parametrize("tid", list(TreatmentId))
def test_treatment_answers_carry_a_standard_card_with_the_fuller_text(tid: TreatmentId) -> None:
    treatment = TREATMENTS[tid]
    sim = Simulator("en-US")
    sim.send(f"tell me about {treatment.name}")
    for aspect in Aspect:
        turn = sim.send(ASPECT_PHRASES[aspect])
        card = turn.response["response"]["card"]
        assert card["type"] == "Standard"
        assert card["title"] == f"{treatment.title}: {phrases.ASPECT_TITLES[aspect]}"
        segment = treatment.aspects[aspect]
        card_body = regionalize(segment.card, "en-US")  # per-locale facts filled in (issue 11)
        assert card_body in card["text"]
        assert phrases.DISCLAIMER_CARD in card["text"]
        assert len(card["text"]) > len(segment.speech)


@pytest.mark.parametrize("utterance", SITUATION_UTTERANCES)
def test_situation_answers_carry_a_card(utterance: str) -> None:
    turn = Simulator("en-US").send(utterance)
    entry = SITUATIONS[turn.slots["situation"]]  # type: ignore[index]
    card = turn.response["response"]["card"]
    assert card["title"] == entry.title
    assert entry.segment.card in card["text"]
    assert "dermatologist" in card["text"].split("\n\n")[0].lower()


def test_compare_list_and_topic_cards() -> None:
    sim = Simulator("en-US")
    compare = sim.send("compare freezing versus retinoids")
    card = compare.response["response"]["card"]
    assert card["title"] == "Cryotherapy (freezing) vs Topical retinoids"
    for label in ("Who each suits", "How each feels", "Downtime", "Sessions", "Timeline"):
        assert f"{label}:" in card["text"]
    listed = sim.send("what treatments are there")
    text = listed.response["response"]["card"]["text"]
    assert all(t.title in text for t in TREATMENTS.values())
    topic = sim.send("what causes milia").response["response"]["card"]
    assert topic["title"] == "What causes milia"
    assert TOPICS["CAUSES"].segment.card in topic["text"]


def test_cards_use_the_locales_words() -> None:
    turn = Simulator("en-GB").send("what's the aftercare for chemical peels")
    text = turn.response["response"]["card"]["text"]
    assert "sun cream" in text
    assert "sunscreen" not in text.lower()
    us = Simulator("en-US").send("what's the aftercare for chemical peels")
    assert "sunscreen" in us.response["response"]["card"]["text"]


# --- APL -----------------------------------------------------------------------------------
def _render(turn: Turn) -> dict[str, Any]:
    directives = turn.directives
    assert [d["type"] for d in directives] == [RENDER], directives
    return directives[0]


def test_the_apl_document_is_valid_and_kept_as_json() -> None:
    document = apl_document("answer")
    assert validate_apl(document) == []
    assert document["type"] == "APL"
    assert document["mainTemplate"]["parameters"] == [APL_DATA]
    assert validate_apl({"type": "APL"})  # no mainTemplate
    broken = apl_document("answer")
    broken["mainTemplate"]["items"][0]["items"][1]["style"] = "noSuchStyle"
    assert any("noSuchStyle" in p for p in validate_apl(broken))
    assert any("lacks" in p for p in validate_apl(document, {APL_DATA: {"title": "x"}}))


@pytest.mark.parametrize("tid", list(TreatmentId))
def test_treatment_screens_show_title_key_facts_and_aftercare(tid: TreatmentId) -> None:
    treatment = TREATMENTS[tid]
    sim = Simulator("en-US", screen=True)
    turn = sim.send(f"what about aftercare for {treatment.name}")
    directive = _render(turn)
    assert directive["token"] == "miliaGuide"
    assert directive["document"] == apl_document("answer")
    data = directive["datasources"][APL_DATA]
    assert data["title"] == treatment.title
    assert data["subtitle"] == phrases.ASPECT_TITLES[Aspect.AFTERCARE]
    assert data["facts"] == list(treatment.key_facts)
    assert data["aftercare"] == list(treatment.aftercare_points)
    assert data["disclaimer"] == phrases.DISCLAIMER_SHORT
    assert validate_apl(directive["document"], directive["datasources"]) == []


def test_screens_for_comparisons_topics_situations_and_the_list() -> None:
    sim = Simulator("en-US", screen=True)
    for utterance, title in (
        ("compare laser and peels", "Laser ablation vs Chemical peels"),
        ("what treatments are there", TOPICS["TREATMENT_OVERVIEW"].title),  # type: ignore[index]
        ("what's best for milia under my eyes", "Milia under the eyes"),
        ("what are milia", TOPICS["WHAT_ARE_MILIA"].title),  # type: ignore[index]
    ):
        data = _render(sim.send(utterance))["datasources"][APL_DATA]
        assert data["title"] == title, utterance
        assert data["facts"], utterance


def test_no_apl_without_a_screen() -> None:
    sim = Simulator("en-US", screen=False)
    for utterance in ("how does cryotherapy work", "compare laser and peels", "repeat"):
        turn = sim.send(utterance)
        assert turn.directives == []
        assert turn.card_title
        interfaces = turn.request["context"]["System"]["device"]["supportedInterfaces"]
        assert "Alexa.Presentation.APL" not in interfaces


def test_repeat_shows_the_same_card_and_screen_again() -> None:
    sim = Simulator("en-US", screen=True)
    first = sim.send("what does a chemical peel feel like")
    again = sim.send("repeat")
    assert again.handler == "RepeatHandler"
    assert again.response["response"]["card"] == first.response["response"]["card"]
    assert _render(again)["datasources"] == _render(first)["datasources"]


def test_screens_use_the_locales_words() -> None:
    sim = Simulator("en-GB", screen=True)
    data = _render(sim.send("tell me about chemical peels"))["datasources"][APL_DATA]
    assert any("sun cream" in line for line in data["aftercare"])
    assert not any("sunscreen" in line.lower() for line in data["aftercare"])
