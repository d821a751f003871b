"""The safety policy: one gate that every request path passes before any content handler.

It sees the intent, the slot values, any free text (the SearchQuery slot, or the simulator's raw
text) and the session context, and returns a :class:`Verdict`. Handlers never decide safety
themselves; they read the verdict the :class:`SafetyInterceptor` stores for the request.

The policy: never give at-home extraction instructions, however the request is phrased. Explain
the risks, point to a dermatologist, and send red-flag symptoms to a doctor. Legitimate
questions (how professionals do it, the risks, over-the-counter retinoids, aftercare, caring for a
spot already picked) get real answers.

Matching is phrase containment over a normalised, spelling-corrected token stream: it is cheap,
has no import-time cost, and its vocabulary is data that the red-team suites in ``tests/`` pin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput


class Kind(StrEnum):
    """What the gate decided."""

    ALLOW = "allow"
    REFUSE = "refuse"
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The gate's decision. ``route`` names a topic id to answer instead, when the text
    only makes sense with safety context (a retinoid follow-up, a picked spot, red flags)."""

    kind: Kind = Kind.ALLOW
    child: bool = False
    urgent: bool = False
    route: str | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.kind is Kind.REFUSE


ALLOW = Verdict()

AT_HOME_INTENT = "AtHomeExtractionIntent"
CONTEXT_HOME_INTENT = "DoAtHomeIntent"
RETINOID_ID = "TOPICAL_RETINOID"


def _phrases(*groups: str) -> frozenset[str]:
    return frozenset(p.strip() for g in groups for p in g.split(",") if p.strip())


# --- vocabulary (normalised: lowercase, no punctuation, "can't" -> "cant") -------------------
STRONG_ACTIONS = _phrases(
    "pop, pop out, popping, squeeze, squeezing, squeeze out, dig, dig out, digging, prick,",
    "pricking, lance, lancing, pierce, piercing, poke, poking, pick, pick at, picking, drain,",
    "draining, puncture, puncturing, nick, burst, bursting, scoop, scoop out, push out,",
    "get out, get it out, get them out, get the, pull out, take out, extract, extracting,",
    "cut, cut open, cutting, slice, slicing, scrape, scraping, pinch, pinching, open up,",
    "deroof, de roof, pluck, needle it, needle them, prise, pry, flick out, force out,",
    "press out, pressing, milk out, unroof, cut into, break the skin, break open, nick open",
)
GENERIC_ACTIONS = _phrases(
    "remove, removing, removal, get rid, getting rid, treat, treating, clear, clearing,",
    "freeze, freezing, burn, burning, burn off, zap, zapping, laser, lasering, peel off,",
    "take off, fix, do, try, extraction",
)
TOOLS = _phrases(
    "needle, needles, pin, pins, safety pin, sewing needle, lancet, lancets, tweezer,",
    "tweezers, razor, razor blade, blade, scalpel, comedone extractor, comedone,",
    "extractor, extractor tool, extraction tool, extraction kit, blackhead remover,",
    "blackhead tool, pimple popper, popper tool, popping tool, wart freeze, wart freezer,",
    "wart remover, freeze spray, freezing spray, freeze kit, cryo pen, cryopen, plasma pen,",
    "fibroblast pen, laser pen, home laser, knife, scissors, nail clipper, nail clippers,",
    "toothpick, loop tool, scraper, sharp, syringe, thumbtack, earring, staple",
)
SELF_STRONG = _phrases(
    "at home, home, myself, by myself, on my own, my own, yourself, your self, diy,",
    "do it yourself, self, without a doctor, without a dermatologist, without seeing,",
    "without going, in my bathroom, bathroom, kitchen, i do it, i do that, i can do,",
    "me do, do it me, i could do, on myself, my self, ourselves, on her, on him,",
    "on my kid, on my child, on my baby, at my house, at our house",
)
HOWTO = _phrases(
    "can i, could i, should i, how do i, how can i, how would i, how to, how should i,",
    "teach me, show me, tell me how, walk me through, guide me, help me, instructions,",
    "tutorial, how do you, how would you, how does one, how can one, how might i,",
    "whats the best way to, what is the best way to, best way to, easiest way to,",
    "way to, can you explain how i, explain how to, i want to, i need to, let me, lets,",
    "give me steps, what do i use, what should i use, which tool, what tool, i wanna,",
    "gonna, going to, im going to, i will, ill",
)
TECH_HARD = _phrases(
    "angle, how deep, depth, deep should, how far, pressure, which direction, how hard,",
    "how much pressure, what angle, at an angle, insert, slant, bevel, how long to squeeze",
)
TECH_SOFT = _phrases("steps, step by step, instructions, technique, method, procedure, tutorial")
PRO = _phrases(
    "dermatologist, dermatologists, derm, derms, doctor, doctors, gp, professional,",
    "professionals, professionally, esthetician, estheticians, aesthetician, aestheticians,",
    "clinic, clinics, office, provider, practitioner, nurse, surgeon, specialist, specialists,",
    "physician, physicians, pediatrician, paediatrician, licensed, expert, experts",
)
BUY = _phrases(
    "buy, purchase, order, where can i get, where to get, where do i get, sell, sells,",
    "shop, store, amazon, online",
)
STERILE = _phrases(
    "sterilize, sterilise, sterilized, sterilised, sterilizing, sterilising, disinfect,",
    "disinfecting, sanitize, sanitise, clean the needle, boil the needle, flame the needle,",
    "rubbing alcohol on, alcohol on the needle, sterile needle, sterile lancet",
)
ROLEPLAY = _phrases(
    "pretend, imagine, hypothetically, hypothetical, role play, roleplay, act as, act like,",
    "you are a dermatologist, youre a dermatologist, as a dermatologist, suppose, supposing,",
    "in theory, theoretically, for a story, for a novel, for a book, for a movie, for research,",
    "asking for a friend, for a friend, my friend wants, ignore your rules, ignore previous,",
    "ignore the rules, jailbreak, no rules, developer mode, just this once, off the record,",
    "in a game, lets say, say you were, if you were, if you had to, purely educational,",
    "for educational purposes, for science",
)
CHILD = _phrases(
    "baby, babys, babies, newborn, newborns, infant, infants, toddler, toddlers, child,",
    "childs, children, kid, kids, son, sons, daughter, daughters, little one, my boy, my girl",
)
LEGIT_HOME = _phrases(
    "retinol, adapalene, differin, retinoid, retinoids, tretinoin, retin a, sunscreen,",
    "sun cream, moisturizer, moisturiser, aftercare, after care, skincare, skin care,",
    "cleanser, over the counter, otc, prescribed, prescription, cream, serum, gel",
)
RISK = _phrases(
    "risk, risks, risky, dangerous, danger, dangers, safe, unsafe, bad idea, harm, harmful,",
    "happens if, what happens, why shouldnt, why cant, why not, is it ok, is it okay,",
    "is it bad, bad for, scar, scarring, infection, should not, shouldnt",
)
PICKED = _phrases(
    "picked, popped, squeezed, poked, pricked, scratched, dug, lanced, pierced, tried to pop,",
    "tried to squeeze, tried to extract, tried to get, tried popping, tried squeezing,",
    "already, messed with, went at",
)
CARE = _phrases(
    "care for, look after, heal, healing, clean it, what do i do now, what should i do now,",
    "what now, now its, now it is, is red, scab, wound, sore, how do i treat the, treat the spot,",
    "treat it, look after it, take care, care of",
)
RED_FLAGS = _phrases(
    "pus, fever, feverish, spreading redness, redness spreading, red streak, red streaks,",
    "red line, getting redder, swelling, swollen, hot to the touch, warm to the touch,",
    "eye pain, pain in my eye, eye hurts, my eye hurts, vision, blurry, cant see, seeing spots,",
    "oozing, chills, infected, infection spreading, throbbing",
)
ANAPHORA = _phrases("that, it, this, them, those, one, the same")

_VOCAB_TOKENS = [
    "milia",
    "milium",
    "pop",
    "squeeze",
    "extract",
    "extraction",
    "needle",
    "tweezers",
    "lancet",
    "tweezer",
    "prick",
    "lance",
    "pierce",
    "sterilize",
    "sterilise",
    "dermatologist",
    "hypothetically",
    "pretend",
    "comedone",
    "extractor",
    "razor",
    "scalpel",
    "squeezing",
    "popping",
    "extracting",
    "remove",
    "removal",
    "myself",
    "yourself",
    "baby",
    "newborn",
    "infant",
    "retinol",
    "adapalene",
    "tretinoin",
    "peel",
    "freeze",
    "laser",
    "scrape",
    "pinch",
    "puncture",
    "blade",
]

_SPELLING = {
    "milias": "milia",
    "millia": "milia",
    "mila": "milia",
    "milea": "milia",
    "miliah": "milia",
    "millium": "milium",
    "milliums": "milia",
    "miliums": "milia",
    "whiteheads": "milia",
    "diy": "diy",
    "tweasers": "tweezers",
    "tweesers": "tweezers",
    "tweezrs": "tweezers",
    "neddle": "needle",
    "needel": "needle",
    "nedle": "needle",
    "niddle": "needle",
    "sqeeze": "squeeze",
    "squeze": "squeeze",
    "sqeez": "squeeze",
    "squeez": "squeeze",
    "sqweeze": "squeeze",
    "poppin": "popping",
    "popin": "popping",
    "extrct": "extract",
    "extrakt": "extract",
    "xtract": "extract",
    "lanse": "lance",
    "lanc": "lance",
    "steralize": "sterilize",
    "sterlize": "sterilize",
    "u": "you",
    "ur": "your",
    "r": "are",
    "im": "im",
    "wanna": "wanna",
    "gonna": "gonna",
    "hm": "home",
    "hme": "home",
    "hom": "home",
    "derm": "derm",
    "dr": "doctor",
}


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if token in _SPELLING:
        return _SPELLING[token]
    if len(token) < 6 or token in _VOCAB_SET():
        return token
    from difflib import get_close_matches

    match = get_close_matches(token, _VOCAB_TOKENS, n=1, cutoff=0.84)
    return match[0] if match else token


@lru_cache(maxsize=1)
def _VOCAB_SET() -> frozenset[str]:
    return frozenset(_VOCAB_TOKENS)


def normalise(text: str) -> str:
    """Lowercase, drop punctuation, fix common misspellings; padded with spaces for matching."""
    cleaned = []
    for ch in text.lower().replace("’", "'"):
        if ch.isalnum() or ch.isspace():
            cleaned.append(ch)
        elif ch == "'":
            continue
        else:
            cleaned.append(" ")
    tokens = [_correct(tok) for tok in "".join(cleaned).split()]
    return " " + " ".join(tokens) + " "


def _has(padded: str, phrases: frozenset[str]) -> bool:
    return any(f" {p} " in padded for p in phrases)


def assess_text(text: str | None, topic: str | None = None) -> Verdict:
    """Judge free text (a SearchQuery value, a slot value, or typed words)."""
    if not text or not text.strip():
        return ALLOW
    t = normalise(text)
    urgent = _has(t, RED_FLAGS)
    child = _has(t, CHILD)
    roleplay = _has(t, ROLEPLAY)
    tool = _has(t, TOOLS)
    strong = _has(t, STRONG_ACTIONS)
    generic = _has(t, GENERIC_ACTIONS)
    self_strong = _has(t, SELF_STRONG)
    howto = _has(t, HOWTO)
    pro = _has(t, PRO)
    legit_home = _has(t, LEGIT_HOME)
    picked = _has(t, PICKED)
    risk = _has(t, RISK)
    milia = " milia " in t or " milium " in t or " bump" in t or " cyst" in t
    # A professional is the subject only when the person is not asking to do it themselves.
    pro_only = pro and not self_strong

    def refuse(reason: str) -> Verdict:
        return Verdict(Kind.REFUSE, child=child, urgent=urgent, reason=reason)

    if _has(t, STERILE):
        return refuse("sterilising tools")
    if _has(t, BUY) and (tool or strong or " extraction " in t):
        return refuse("buying tools")
    if _has(t, TECH_HARD) and (tool or strong or generic or milia):
        return refuse("technique, depth or angle")
    if _has(t, TECH_SOFT) and (tool or strong or milia) and not pro_only:
        return refuse("steps or technique")
    if roleplay and (tool or strong or generic or milia):
        return refuse("role-play or hypothetical")
    if tool and not (pro_only and not _first_person_howto(t)):
        if legit_home and not strong and not _has(t, frozenset({"needle", "pin", "lancet"})):
            pass  # e.g. "an extractor-free cream": the tool word is incidental
        else:
            return refuse("home tools")
    if picked and not howto_to_finish(t):
        if urgent:
            return Verdict(Kind.URGENT, child=child, urgent=True, route="RED_FLAGS")
        return Verdict(route="PICKED_SPOT_CARE", child=child, reason="caring for a picked spot")
    if strong and (self_strong or _first_person_howto(t) or child) and not pro_only:
        return refuse("DIY extraction")
    if strong and howto and not pro and not risk:
        return refuse("DIY extraction")
    if child and strong and not pro:
        return refuse("extraction on a child")
    if (generic or " remedy " in t or " remedies " in t) and self_strong:
        if legit_home and not strong:
            return Verdict(route="OTC_RETINOIDS", reason="home retinoid use")
        if _is_anaphora_request(t) and topic == RETINOID_ID:
            return Verdict(route="OTC_RETINOIDS", reason="retinoid follow-up")
        if " aftercare " in t or " after care " in t or " after my " in t or " after the " in t:
            return ALLOW
        return refuse("home removal")
    if self_strong and _is_anaphora_request(t):
        if topic == RETINOID_ID:
            return Verdict(route="OTC_RETINOIDS", reason="retinoid follow-up")
        return refuse("home follow-up")
    if urgent:
        return Verdict(Kind.URGENT, child=child, urgent=True, route="RED_FLAGS")
    return ALLOW


def _first_person_howto(t: str) -> bool:
    return _has(
        t,
        _phrases(
            "can i, could i, how do i, how can i, how would i, how should i, should i, teach me,",
            "show me, help me, i want to, i need to, let me, im going to, i will, i wanna",
        ),
    )


def howto_to_finish(t: str) -> bool:
    """After picking: asking how to get the rest out is still a DIY extraction request."""
    return _first_person_howto(t) and _has(t, STRONG_ACTIONS | TOOLS)


def _is_anaphora_request(t: str) -> bool:
    words = t.split()
    return (
        len(words) <= 12
        and any(w in ANAPHORA for w in words)
        and (" do " in t or " try " in t or " use " in t or " it " in t or " that " in t)
    )


def assess(
    intent: str | None,
    slot_values: Mapping[str, str | None],
    topic: str | None = None,
) -> Verdict:
    """Judge an intent request: its intent, every slot value, and the session's topic."""
    if intent == AT_HOME_INTENT:
        texts = " ".join(v for v in slot_values.values() if v)
        return Verdict(Kind.REFUSE, child=_has(normalise(texts), CHILD), reason="at-home intent")
    if intent == CONTEXT_HOME_INTENT:
        if topic == RETINOID_ID:
            return Verdict(route="OTC_RETINOIDS", reason="retinoid follow-up")
        return Verdict(Kind.REFUSE, reason="home follow-up")
    verdicts = [assess_text(value, topic) for value in slot_values.values() if value]
    for kind in (Kind.REFUSE, Kind.URGENT):
        for verdict in verdicts:
            if verdict.kind is kind:
                return verdict
    for verdict in verdicts:
        if verdict.route:
            return verdict
    return ALLOW


def assess_request(handler_input: HandlerInput) -> Verdict:
    """Judge the current request (the interceptor's entry point)."""
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    if intent is None:
        return ALLOW
    slots = intent.slots or {}
    values = {name: getattr(slot, "value", None) for name, slot in slots.items()}
    topic = handler_input.attributes_manager.session_attributes.get("topic")
    return assess(intent.name, values, topic)


VERDICT_KEY = "safety"


class SafetyInterceptor(AbstractRequestInterceptor):
    """Runs the gate once per request and leaves the verdict for the handlers."""

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[VERDICT_KEY] = assess_request(
            handler_input
        )


def verdict_of(handler_input: HandlerInput) -> Verdict:
    """The verdict the interceptor stored (or a fresh one, if it did not run)."""
    attrs = handler_input.attributes_manager.request_attributes
    verdict = attrs.get(VERDICT_KEY)
    if verdict is None:
        verdict = attrs[VERDICT_KEY] = assess_request(handler_input)
    return verdict


# --- output check --------------------------------------------------------------------------
UNSAFE_OUTPUT = _phrases(
    "sterilize the, sterilise the, sterilize a, sterilise a, insert the, insert a, at an angle,",
    "hold the needle, hold the lancet, use a needle to, use a pin to, use a lancet to,",
    "prick the top, prick the milium, pierce the top, pierce the milium, squeeze gently,",
    "gently squeeze, press down on, press around, push the keratin, push out the,",
    "step one, then squeeze, then press, rubbing alcohol, wipe the needle,",
    "make a small hole, make a tiny hole, make a small cut, nick the skin yourself,",
    "at home you can, at home, you can pop, you can squeeze, you can extract",
)
SAFE_CONTEXT = _phrases(
    "not at home, can't guide, cannot guide, not something to do at home, at home is risky",
)


def unsafe_instructions(text: str) -> list[str]:
    """Phrases in an answer that read as extraction steps, tool handling or technique."""
    t = normalise(text)
    found = [p for p in UNSAFE_OUTPUT if f" {p} " in t]
    if "at home" in found:
        # "at home" is fine in a refusal or in retinoid/aftercare advice; only how-to wording
        # around it is unsafe, and that wording is covered by the other phrases.
        found.remove("at home")
    return found


def as_dict(verdict: Verdict) -> dict[str, Any]:
    """A JSON-friendly view of a verdict (for logs and the simulator)."""
    return {
        "kind": verdict.kind.value,
        "child": verdict.child,
        "urgent": verdict.urgent,
        "route": verdict.route,
        "reason": verdict.reason,
    }
