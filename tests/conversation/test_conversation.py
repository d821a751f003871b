"""Conversations through the simulator: follow-ups with context, navigation, walk-throughs,
comparisons and situation guidance."""

from __future__ import annotations

import itertools
import re

import pytest

from skill.content import SITUATIONS, TREATMENTS, Aspect, SituationId, TreatmentId, phrases
from skill.simulator import Simulator, Turn

NAMES = {tid: TREATMENTS[tid].name for tid in TreatmentId}
ORDER = list(Aspect)


def card_title(tid: TreatmentId, aspect: Aspect) -> str:
    return f"{TREATMENTS[tid].title}: {phrases.ASPECT_TITLES[aspect]}"


def ssml(turn: Turn, part: str = "outputSpeech") -> str:
    out = turn.response["response"]
    node = out[part] if part == "outputSpeech" else out["reprompt"]["outputSpeech"]
    return str(node["ssml"])


def questions(speech: str) -> list[str]:
    """The questions in a spoken answer."""
    return [q.strip() for q in re.findall(r"[^.?!]*\?", speech)]


# --- follow-ups with context ---------------------------------------------------------------
@pytest.mark.parametrize("tid", list(TreatmentId))
def test_follow_ups_keep_the_current_treatment(tid: TreatmentId) -> None:
    sim = Simulator("en-US")
    first = sim.send(f"how does {NAMES[tid]} work")
    assert first.card_title == card_title(tid, Aspect.HOW_IT_WORKS)
    for utterance, aspect in (
        ("does it hurt?", Aspect.SENSATION),
        ("what about aftercare?", Aspect.AFTERCARE),
        ("how long does it take?", Aspect.SESSIONS),
        ("who is it for", Aspect.WHO_IT_SUITS),
    ):
        turn = sim.send(utterance)
        assert turn.handler == "AspectHandler", utterance
        assert turn.slots == {"treatment": None}, utterance  # the intent names the aspect
        assert turn.card_title == card_title(tid, aspect), utterance
        assert TREATMENTS[tid].aspects[aspect].speech in turn.speech
        assert turn.response["sessionAttributes"]["topic"] == tid.value


def test_a_follow_up_without_context_asks_which_treatment_then_answers_it() -> None:
    sim = Simulator("en-US")
    ask = sim.send("how long does it take?")
    assert ask.card_title is None
    assert not ask.end_session
    assert ask.speech.endswith("?")
    assert "Which treatment" in ask.speech
    assert all(name in ask.speech for name in NAMES.values())
    answer = sim.send("cryotherapy")
    assert answer.card_title == card_title(TreatmentId.CRYOTHERAPY, Aspect.SESSIONS)


def test_tell_me_more_next_and_previous_move_through_the_aspects() -> None:
    sim = Simulator("en-US")
    sim.send("how does laser ablation work")
    tid = TreatmentId.LASER_ABLATION
    assert sim.send("tell me more").card_title == card_title(tid, Aspect.VISIT)
    assert sim.send("next").card_title == card_title(tid, Aspect.WHO_IT_SUITS)
    assert sim.send("previous").card_title == card_title(tid, Aspect.VISIT)
    assert sim.send("yes").card_title == card_title(tid, Aspect.WHO_IT_SUITS)
    assert sim.send("what about aftercare").card_title == card_title(tid, Aspect.AFTERCARE)
    assert sim.send("next").card_title == card_title(tid, Aspect.SESSIONS)
    end = sim.send("next")
    assert end.handler == "NextHandler"
    assert "last part about laser ablation" in end.speech
    assert end.reprompt
    assert not end.end_session
    assert sim.send("yes").handler == "YesHandler"  # "another treatment?": the list


def test_repeat_says_the_exact_last_answer_again() -> None:
    sim = Simulator("en-US")
    assert "nothing to repeat" in sim.send("repeat").speech
    first = sim.send("what does a chemical peel feel like")
    again = sim.send("repeat")
    assert again.handler == "RepeatHandler"
    assert ssml(again) == ssml(first)
    assert ssml(again, "reprompt") == ssml(first, "reprompt")
    assert again.card_title == first.card_title
    third = sim.send("say that again")
    assert ssml(third) == ssml(first)
    # Repeat does not move the conversation: next still follows the repeated aspect.
    assert sim.send("next").card_title == card_title(TreatmentId.CHEMICAL_PEEL, Aspect.AFTERCARE)


def test_start_over_forgets_the_place_outside_a_walkthrough() -> None:
    sim = Simulator("en-US")
    sim.send("how does cryotherapy work")
    over = sim.send("start over")
    assert over.handler == "StartOverHandler"
    assert "start over" in over.speech.lower()
    attrs = over.response["sessionAttributes"]
    assert "topic" not in attrs
    assert "pending" not in attrs
    assert "Which treatment" in sim.send("does it hurt").speech


# --- overview and walk-through -------------------------------------------------------------
def test_what_treatments_are_there_lists_the_five() -> None:
    turn = Simulator("en-US").send("What treatments are there?")
    assert turn.handler == "ListTreatmentsHandler"
    spoken = turn.speech.lower()
    for word in ("extraction", "peels", "retinoid", "cryotherapy", "laser"):
        assert word in spoken
    card = turn.response["response"]["card"]["text"]
    assert all(t.title in card for t in TREATMENTS.values())
    assert turn.speech.endswith("?")
    assert all(n in turn.reprompt for n in NAMES.values())


def test_tell_me_everything_walks_through_every_aspect_with_next_and_previous() -> None:
    sim = Simulator("en-US")
    peel = TreatmentId.CHEMICAL_PEEL
    turn = sim.send("Tell me everything about peels")
    assert turn.handler == "WalkthroughHandler"
    assert turn.card_title == card_title(peel, Aspect.HOW_IT_WORKS)
    assert "Say next" in turn.speech
    assert "previous to go back" in turn.speech
    for aspect in ORDER[1:]:
        turn = sim.send("next")
        assert turn.card_title == card_title(peel, aspect)
        assert TREATMENTS[peel].aspects[aspect].speech in turn.speech
    assert "another treatment" in turn.speech  # the last aspect ends the walk
    back = sim.send("previous")
    assert back.card_title == card_title(peel, ORDER[-2])
    last = sim.send("next")
    assert last.card_title == card_title(peel, ORDER[-1])
    end = sim.send("next")
    assert "last part about chemical peels" in end.speech


def test_previous_at_the_first_aspect_offers_it_again() -> None:
    sim = Simulator("en-US")
    sim.send("tell me everything about peels")
    edge = sim.send("previous")
    assert edge.handler == "PreviousHandler"
    assert "first part about chemical peels" in edge.speech
    assert edge.speech.endswith("?")
    assert edge.reprompt
    assert not edge.end_session
    again = sim.send("yes")
    assert again.card_title == card_title(TreatmentId.CHEMICAL_PEEL, Aspect.HOW_IT_WORKS)
    assert "Say next" in again.speech  # still walking through
    assert sim.send("next").card_title.endswith(phrases.ASPECT_TITLES[Aspect.VISIT])


def test_start_over_during_a_walkthrough_goes_back_to_the_first_aspect() -> None:
    sim = Simulator("en-US")
    sim.send("walk me through cryotherapy")
    sim.send("next")
    sim.send("next")
    over = sim.send("start over")
    assert over.handler == "StartOverHandler"
    assert over.card_title == card_title(TreatmentId.CRYOTHERAPY, Aspect.HOW_IT_WORKS)
    assert "Say next" in over.speech
    assert sim.send("next").card_title == card_title(TreatmentId.CRYOTHERAPY, Aspect.VISIT)


# --- comparisons ---------------------------------------------------------------------------
def _compared(turn: Turn, first: TreatmentId, second: TreatmentId) -> None:
    a, b = TREATMENTS[first], TREATMENTS[second]
    assert turn.handler in ("CompareHandler", "QuestionHandler", "TreatmentInfoHandler")
    assert turn.card_title == f"{a.title} vs {b.title}"
    for label, field in (("Who each suits", "suits"), ("How each feels", "sensation")):
        part = turn.speech.split(f"{label}.", 1)[1]
        said_a = part.index(f"{a.name.capitalize()}: {getattr(a.compare, field)}")
        said_b = part.index(f"{b.name.capitalize()}: {getattr(b.compare, field)}")
        assert said_a < said_b


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(TreatmentId, 2)))
def test_compare_any_two_in_either_order(first: TreatmentId, second: TreatmentId) -> None:
    sim = Simulator("en-US")
    turn = sim.send(f"compare {NAMES[first]} and {NAMES[second]}")
    assert turn.slots == {"treatmentA": first.value, "treatmentB": second.value}
    _compared(turn, first, second)
    rest = sim.send("yes")
    a, b = TREATMENTS[first], TREATMENTS[second]
    for label, field in (
        ("Downtime", "downtime"),
        ("Sessions", "sessions"),
        ("Timeline", "timeline"),
    ):
        assert f"{label}." in rest.speech
        assert getattr(a.compare, field) in rest.speech
        assert getattr(b.compare, field) in rest.speech
    assert "dermatologist" in rest.speech


@pytest.mark.parametrize(
    ("utterance", "first", "second"),
    [
        ("compare freezing versus retinoids", "CRYOTHERAPY", "TOPICAL_RETINOID"),
        ("freezing versus retinoids", "CRYOTHERAPY", "TOPICAL_RETINOID"),
        ("retinoids vs freezing", "TOPICAL_RETINOID", "CRYOTHERAPY"),
        ("what's the difference between peels and laser", "CHEMICAL_PEEL", "LASER_ABLATION"),
        ("is extraction better than cryotherapy", "MECHANICAL_EXTRACTION", "CRYOTHERAPY"),
        ("which hurts more liquid nitrogen or a co2 laser", "CRYOTHERAPY", "LASER_ABLATION"),
        ("compare tretinoin with a glycolic peel", "TOPICAL_RETINOID", "CHEMICAL_PEEL"),
    ],
)
def test_compare_with_synonyms(utterance: str, first: str, second: str) -> None:
    turn = Simulator("en-US").send(utterance)
    assert turn.intent == "CompareIntent", (turn.intent, turn.slots)
    _compared(turn, TreatmentId(first), TreatmentId(second))


def test_compare_parts_follow_next_previous_and_more() -> None:
    sim = Simulator("en-US")
    sim.send("compare laser and peels")
    second = sim.send("next")
    assert "Downtime." in second.speech
    first = sim.send("previous")
    assert "Who each suits." in first.speech
    edge = sim.send("previous")
    assert "start of the comparison" in edge.speech
    assert edge.reprompt
    assert "Downtime." in sim.send("tell me more").speech
    assert "whole comparison" in sim.send("next").speech


def test_compare_it_with_uses_the_treatment_in_focus() -> None:
    sim = Simulator("en-US")
    sim.send("how does cryotherapy work")
    turn = sim.send("compare it with laser")
    _compared(turn, TreatmentId.CRYOTHERAPY, TreatmentId.LASER_ABLATION)
    # ... and "does it hurt" afterwards is about the first of the two.
    hurt = sim.send("does it hurt")
    assert hurt.card_title == card_title(TreatmentId.CRYOTHERAPY, Aspect.SENSATION)


def test_compare_with_one_treatment_asks_for_the_other() -> None:
    sim = Simulator("en-US")
    ask = sim.send("compare peels")
    assert "compare chemical peels with" in ask.speech
    assert ask.speech.endswith("?")
    assert "chemical peels," not in ask.speech.split("with", 1)[1]
    _compared(sim.send("laser"), TreatmentId.CHEMICAL_PEEL, TreatmentId.LASER_ABLATION)
    same = Simulator("en-US").send("compare peels and chemical peels")
    assert same.card_title is None
    assert same.speech.endswith("?")


# --- situations ----------------------------------------------------------------------------
SITUATION_UTTERANCES = [
    ("what's best for milia under my eyes", SituationId.UNDER_EYES),
    ("what about lots of milia", SituationId.MANY),
    ("what's best for one big milium", SituationId.SINGLE_STUBBORN),
    ("i have a stubborn one", SituationId.SINGLE_STUBBORN),
    ("what about deep ones", SituationId.DEEP),
    ("milia that keep coming back", SituationId.RECURRING),
    ("my baby has milia", SituationId.BABY),
    ("what about milia during pregnancy", SituationId.PREGNANCY),
    ("what about darker skin", SituationId.DARKER_SKIN),
    ("i have a bump that bleeds", SituationId.CHANGING_BUMP),
]
DIAGNOSIS_WORDS = ("diagnos", "confirm", "examine", "check", "look at")
INTERVIEW = re.compile(
    r"\b(do you have|have you|are you|how many do|how long have|where are your|your (skin|milia|"
    r"bumps?|baby|face))\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("utterance", "sid"), SITUATION_UTTERANCES)
def test_situations_end_with_a_dermatologists_diagnosis_then_one_offer(
    utterance: str, sid: SituationId
) -> None:
    turn = Simulator("en-US").send(utterance)
    assert turn.handler == "SituationHandler"
    assert turn.slots["situation"] == sid.value
    entry = SITUATIONS[sid]
    assert entry.segment.speech in turn.speech
    asked = questions(turn.speech)
    assert len(asked) == 1, "one offer, at the end"
    assert turn.speech.endswith(asked[0]), "one offer, at the end"
    assert asked[0].startswith("Would you like to hear about")
    before = turn.speech[: -len(asked[0])].strip()
    last_statement = re.split(r"(?<=[.!])\s+", before)[-1].lower()
    assert "dermatologist" in last_statement, last_statement
    assert any(w in last_statement for w in DIAGNOSIS_WORDS), last_statement
    assert not INTERVIEW.search(asked[0]), "never interview the user about their condition"
    assert turn.reprompt == asked[0]
    assert turn.card_title == entry.title


def test_situation_answers_never_interview_the_user() -> None:
    for utterance, _ in SITUATION_UTTERANCES:
        sim = Simulator("en-US")
        for said in (utterance, "tell me more", "yes", "no"):
            turn = sim.send(said)
            for question in questions(turn.speech) + questions(turn.reprompt or ""):
                assert not INTERVIEW.search(question), (said, question)


def test_tell_me_more_after_a_situation_follows_its_offer() -> None:
    sim = Simulator("en-US")
    sim.send("what's best for milia under my eyes")
    more = sim.send("tell me more")
    assert more.card_title == card_title(TreatmentId.MECHANICAL_EXTRACTION, Aspect.HOW_IT_WORKS)
    sim = Simulator("en-US")
    sim.send("my baby has milia")
    # issue 11: the offer after the baby answer fits a parent (not "types of milia")
    assert sim.send("yes").card_title == "Is this bump milia?"


def test_an_unresolved_situation_offers_the_situations_the_guide_covers() -> None:
    turn = Simulator("en-US").send("what if my milia itch")
    slot = turn.request["request"]["intent"]["slots"]["situation"]
    assert turn.handler == "SituationHandler"
    # Alexa fills the slot with words outside its list: no match, so the skill offers its list
    status = slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"]
    assert status == "ER_SUCCESS_NO_MATCH"
    for entry in SITUATIONS.values():
        assert entry.title.lower() in turn.speech.lower()
    assert questions(turn.speech) == ["Which would you like to hear about?"]
    assert not turn.end_session
    assert turn.reprompt


@pytest.mark.parametrize(
    ("utterance", "title", "needle"),
    [
        ("which is least painful", "How each one feels", "pinprick"),
        ("which heals fastest", "Downtime for each", "crusts"),
        ("which one needs the fewest sessions", "How many sessions each takes", "four to six"),
    ],
)
def test_one_aspect_across_every_treatment(utterance: str, title: str, needle: str) -> None:
    turn = Simulator("en-US").send(utterance)
    assert turn.card_title == title
    assert needle in turn.speech
    for treatment in TREATMENTS.values():
        assert treatment.name.capitalize() in turn.speech
    before_offer = turn.speech.split("Which one would you like")[0]
    assert "dermatologist" in before_offer
    assert len(before_offer.split()) <= 62
    assert not turn.end_session
    assert turn.reprompt


def test_previous_after_topics_goes_back_one_topic() -> None:
    sim = Simulator("en-US")
    titles = [
        sim.send(u).card_title
        for u in ("what are milia", "tell me more", "tell me more", "previous", "next")
    ]
    assert titles == [
        "What are milia?",
        "What causes milia",
        "Types of milia",
        "What causes milia",
        "Types of milia",
    ]
