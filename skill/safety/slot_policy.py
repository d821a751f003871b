"""The rules for the removal and home-care intents, read from their slots' resolved ids.

On a device the skill hears an intent and slot values only. ``ExtractionQuestionIntent`` carries
what is done, with what, to whom, where, the kind of question and any symptom; professional
methods, home use of a treatment, picked spots, symptoms, cost and risks have their own intents.
Each rule below is one intent's policy, in the order its checks apply. Words outside a slot's
list are judged as text first, by :mod:`skill.safety.gate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from skill import intents
from skill.safety.verdict import (
    ALLOW,
    BABY_UNWELL_ID,
    COMEDONE_EXTRACTOR_ID,
    DIY_RISKS,
    EXTRACTION_CONTEXT,
    EYE_RED_FLAGS_ID,
    OTC_RETINOIDS,
    PICKED_SPOT_CARE,
    PRO_EXTRACTION,
    RED_FLAGS_ID,
    RETINOID_CONTEXT,
    RETINOID_ID,
    Kind,
    Verdict,
)

Ids = Mapping[str, str | None]


class Slot(NamedTuple):
    """What the device sent for one slot: the spoken words and, when entity resolution
    matched, the value's id."""

    value: str | None
    id: str | None = None


# Removal-question slot ids (``skill.lexicon``) the rules below read.
REMOVE_ONLY = frozenset({"REMOVE"})  # "get rid of", "treat": removal, not an extraction act
OVERVIEW = "TREATMENT_OVERVIEW"
COST = "COST"
BABY = "BABY"


def _red_flag(symptom: str | None) -> bool:
    """A symptom slot id that needs a doctor (the lexicon, loaded on the first symptom: a
    launch never needs it)."""
    from skill.lexicon import RED_FLAG_SYMPTOMS

    return symptom in RED_FLAG_SYMPTOMS


def _child(ids: Ids) -> bool:
    return ids.get("person") == "CHILD" or ids.get("situation") == BABY


# Removal asks that are a request for method or technique, whoever is named.
HOW_TO_ASKS = frozenset({"INSTRUCTIONS", "TECHNIQUE", "STERILISE", "BUY", "PRETEND"})


class _Removal(NamedTuple):
    """A removal question's listed slot ids (``None``: empty, or words outside the list)."""

    ask: str | None
    action: str | None
    tool: str | None
    person: str | None
    place: str | None


def _extraction_question(ids: Ids, topic: str | None) -> Verdict:
    """What is done, with what, to whom, where, and what kind of question.

    Named rules, in order: a child; a request for steps, technique, tools to buy or role-play;
    a professional doing it; what a professional's tool is; home tools; a risk question; removal
    with nobody and nowhere named (the treatment overview); any extraction act or removal at
    home (refused). With nothing resolved, the skill's understanding reads the words.
    """
    asked = _Removal(*(_listed(ids, name) for name in _Removal._fields))
    urgent = _red_flag(ids.get("symptom"))
    if _child(ids):
        return Verdict(Kind.REFUSE, child=True, urgent=urgent, reason="extraction on a child")
    if urgent:
        # "there's pus, how do I squeeze the rest out": the red flags first, and no help
        return Verdict(Kind.REFUSE, urgent=True, reason="finishing a home extraction")
    if asked.ask in HOW_TO_ASKS:
        return Verdict(Kind.REFUSE, reason="steps, technique, tools or role-play")
    verdict = _who_or_what_tool(asked)
    return verdict if verdict is not None else _removal(asked)


def _who_or_what_tool(asked: _Removal) -> Verdict | None:
    """A professional doing it, what a professional's tool is, or home tools."""
    ask, tool, person, place = asked.ask, asked.tool, asked.person, asked.place
    if person == "PROFESSIONAL" and place != "HOME":
        return Verdict(route=PRO_EXTRACTION, reason="a professional does it")
    if ask == "INFO" and tool is not None and place != "HOME" and person is None:
        if tool == "EXTRACTOR":
            return Verdict(route=COMEDONE_EXTRACTOR_ID, reason="what a comedone extractor is")
        return Verdict(route=PRO_EXTRACTION, reason="what a professional's tool is")
    if tool is not None:
        return Verdict(Kind.REFUSE, reason="home tools")
    return None


def _removal(asked: _Removal) -> Verdict:
    """No tool named: a risk question, removal with nobody and nowhere named, or removal at
    home; with nothing resolved, the words decide."""
    action, person, place = asked.action, asked.person, asked.place
    if asked.ask == "RISK" and person is None:
        return Verdict(route=DIY_RISKS, reason="risks of home extraction")
    if action in REMOVE_ONLY and place is None and person is None:
        return Verdict(route=OVERVIEW, reason="removal, with no one at home named")
    if action is not None or place == "HOME" or person is not None:
        return Verdict(Kind.REFUSE, reason="home extraction")
    return WORDS_DECIDE


# The id the rules see for a slot filled with words outside its list (ER_SUCCESS_NO_MATCH).
UNLISTED = "?"

# A removal question with nothing resolved: see :func:`words_decide`.
WORDS_DECIDE = Verdict(reason="nothing resolved: the words decide")


def words_decide(words: str, locale: str) -> Verdict:
    """A removal question whose slots hold no listed value. If the words Alexa heard name
    something else the skill explains ("something else", "a good dermatologist"), answer that;
    otherwise it was a removal request, and it is refused."""
    from skill.core.understanding import understand

    route = understand(words, locale) if words.strip() else None
    if route is not None and route.intent != intents.LIST_TREATMENTS:
        return Verdict(reason="the words name another topic")
    return Verdict(Kind.REFUSE, reason="removal request")


def _listed(ids: Ids, name: str) -> str | None:
    """The slot's listed id, or ``None`` (empty, or words outside the list)."""
    found = ids.get(name)
    return None if found == UNLISTED else found


def _pro_extraction(ids: Ids, topic: str | None) -> Verdict:
    """A professional's method, in general terms; unless it is to be done at home, or the
    question is for steps, technique or where to buy."""
    if ids.get("place") == "HOME":
        return Verdict(Kind.REFUSE, reason="a professional's method, at home")
    if ids.get("ask") in HOW_TO_ASKS - {"STERILISE"}:
        # how a professional sterilises their own tools is fine to explain in general terms
        return Verdict(Kind.REFUSE, reason="steps, technique, tools or role-play")
    if (
        ids.get("tool") == "EXTRACTOR"
        and ids.get("action") is None
        and ids.get("ask")
        in (
            None,
            "INFO",
        )
    ):
        return Verdict(route=COMEDONE_EXTRACTOR_ID, reason="what a comedone extractor is")
    return Verdict(route=PRO_EXTRACTION, reason="professional extraction")


def _home_use(ids: Ids, topic: str | None) -> Verdict:
    """Using a treatment at home: a retinoid as directed yes, any procedure no."""
    treatment, situation = ids.get("treatment"), _listed(ids, "situation")
    if situation is not None:
        return Verdict(
            route=situation, child=situation == BABY, reason="a treatment in a situation"
        )
    if treatment in (None, UNLISTED) and topic in EXTRACTION_CONTEXT:
        return Verdict(Kind.REFUSE, reason="getting tools (follow-up)")
    if treatment == UNLISTED and topic in RETINOID_CONTEXT:
        return Verdict(route=OTC_RETINOIDS, reason="retinoid follow-up")
    if treatment == UNLISTED:
        return Verdict(reason="something else at home: the words decide")
    if treatment not in (None, RETINOID_ID):
        return Verdict(Kind.REFUSE, reason="a professional procedure at home")
    return Verdict(route=OTC_RETINOIDS, reason="home retinoid use")


def _cost(ids: Ids, topic: str | None) -> Verdict:
    """What a treatment costs, yes; what a tool for doing it at home costs, no."""
    if ids.get("tool") is not None:
        return Verdict(Kind.REFUSE, reason="buying tools")
    return Verdict(route=COST, reason="cost")


def _diy_risks(ids: Ids, topic: str | None) -> Verdict:
    if _child(ids):
        return Verdict(Kind.REFUSE, child=True, reason="extraction on a child")
    return Verdict(route=DIY_RISKS, reason="risks of home extraction")


def _urgent_route(ids: Ids) -> str:
    """The urgent answer that fits: a baby's, the eyes' (urgent care now), or infection signs."""
    if _child(ids) or ids.get("symptom") == "UNWELL_BABY_SIGNS":
        return BABY_UNWELL_ID
    return EYE_RED_FLAGS_ID if ids.get("symptom") == "EYE_PROBLEM" else RED_FLAGS_ID


def _picked_spot(ids: Ids, topic: str | None) -> Verdict:
    """A spot already picked: care for it, or urgent care for red flags."""
    if _red_flag(ids.get("symptom")):
        return Verdict(
            Kind.URGENT, urgent=True, route=_urgent_route(ids), reason="red flags after picking"
        )
    return Verdict(route=PICKED_SPOT_CARE, reason="caring for a picked spot")


def _symptom(ids: Ids, topic: str | None) -> Verdict:
    """A symptom after a treatment: a red flag (or a question about the warning signs) goes to
    the urgent answer that fits; ordinary healing to that treatment's aftercare."""
    symptom = ids.get("symptom")
    if _red_flag(symptom) or symptom is None or ids.get("treatment") is None:
        return Verdict(Kind.URGENT, urgent=True, route=_urgent_route(ids), reason="red flags")
    return Verdict(reason="ordinary healing after a treatment")


def _situation(ids: Ids, topic: str | None) -> Verdict:
    if _red_flag(ids.get("symptom")):
        child = _child(ids)
        return Verdict(Kind.URGENT, child, True, _urgent_route(ids), "red flags with a situation")
    return ALLOW


SLOT_RULES: dict[str, Callable[[Ids, str | None], Verdict]] = {
    intents.EXTRACTION_QUESTION: _extraction_question,
    intents.PRO_EXTRACTION: _pro_extraction,
    intents.HOME_USE: _home_use,
    intents.DIY_RISKS: _diy_risks,
    intents.COST: _cost,
    intents.PICKED_SPOT: _picked_spot,
    intents.SYMPTOM: _symptom,
    intents.SITUATION: _situation,
}
