"""The skill's own understanding of free text: words to a topic and its slot ids.

It reads only words a device delivers: the ``AMAZON.SearchQuery`` value, and slot values
outside their lists (``ER_SUCCESS_NO_MATCH``). The simulator never imports it. Slot vocabulary
comes from :mod:`skill.lexicon`, the one source that the interaction models are generated from.
The phrase index is built on first use, not at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from skill import intents
from skill.core.text import spot as text_spot
from skill.core.text import words
from skill.lexicon import REGIONAL_SYNONYMS, SLOT_TYPES
from skill.locales import DEFAULT_LOCALE

# Slot types whose values identify something to talk about, in match priority.
_TYPES = ("TreatmentType", "SituationType", "TopicType", "AspectType")

_WHAT_ARE = (
    "what are milia",
    "what is milia",
    "what is a milium",
    "what are they",
    "what is this bump",
    "define milia",
    "milia mean",
    "what are these white bumps",
    "tell me about milia",
    "explain milia",
    "milia are",
)
# The phrase lists below grow over two or three lines: tuples of any length.
_CAUSES: tuple[str, ...]
_RISK_WORDS: tuple[str, ...]
_DIY_WORDS: tuple[str, ...]
_LIST_WORDS: tuple[str, ...]
_ACROSS_WORDS: tuple[str, ...]
_WALK_WORDS: tuple[str, ...]
_CAUSES = ("cause", "causes", "caused", "why do i get", "why do people get", "where do they come")
_CAUSES += ("what makes", "why do they form", "how do they form", "reason for")
_RISK_WORDS = ("risk", "risks", "dangerous", "safe", "harm", "bad idea", "why shouldn", "why can")
_RISK_WORDS += ("what happens if", "why not")
_DIY_WORDS = ("pop", "popping", "squeeze", "squeezing", "pick", "picking", "diy", "at home")
_DIY_WORDS += ("myself", "extract them myself", "home extraction")
_LIST_WORDS = ("treatments", "treatment options", "options", "get rid", "remove", "removal")
_LIST_WORDS += ("how are milia treated", "how do i treat", "what works", "cure", "fix")
_LIST_WORDS += ("best treatment", "which treatment", "best option", "treatment", "best way")
# General questions that name no slot value, by a telling phrase.
_TOPIC_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GO_AWAY", ("go away", "on their own", "clear up", "permanent")),
    ("TYPES", ("types", "kinds")),
    ("DIY_RISKS", ("home remedy", "home remedies", "natural remedy", "natural remedies", "diy")),
    ("WHAT_ARE_MILIA", ("contagious", "catching", "spread to", "harmful")),
    ("COST", ("price", "expensive", "insurance", "afford")),
)
# Comparing every treatment at once: "which is least painful", "which heals fastest".
_ACROSS_WORDS = ("least", "most", "fastest", "quickest", "shortest", "which is", "which one")
_ACROSS_WORDS += ("which treatment", "which has", "which hurts", "which heals", "which needs")
_REMOVAL_WORDS = ("remove", "removed", "removes", "extract", "extracted", "take out", "get rid")
_WALK_WORDS = ("everything", "walk me through", "all about", "full rundown", "the whole")
_WALK_WORDS += ("step through", "in detail", "all the details")
_ON_TOPIC = (
    "milia",
    "milium",
    "skin",
    "bump",
    "bumps",
    "cyst",
    "cysts",
    "spot",
    "spots",
    "derm",
    "dermatologist",
    "face",
    "eye",
    "eyes",
    "keratin",
    "pimple",
    "whitehead",
    "whiteheads",
    "peel",
    "laser",
    "retinoid",
    "scar",
    "treatment",
    "treatments",
    "painful",
    "hurts",
    "heal",
    "heals",
    "healing",
    "go away",
    "come back",
    "contagious",
    "removal",
    "remove",
)


# Single words that point at an aspect when no aspect phrase matched ("how do peels feel").
_ASPECT_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SENSATION", ("feel", "feels", "hurt", "hurts", "painful", "pain", "sting", "sore")),
    (
        "AFTERCARE",
        ("recovery", "recover", "heal", "heals", "healing", "downtime", "aftercare", "after"),
    ),
    ("SESSIONS", ("sessions", "session", "long", "results", "treatments", "timeline", "often")),
    ("VISIT", ("visit", "appointment", "consultation", "clinic", "expect")),
    ("WHO_IT_SUITS", ("suit", "suits", "suitable", "candidate", "right", "best", "who")),
    ("HOW_IT_WORKS", ("work", "works", "working", "done", "does")),
)


def aspect_cue(padded: str) -> str | None:
    """An aspect id from a single telling word, or ``None``."""
    for aspect_id, cues in _ASPECT_CUES:
        if any(f" {w} " in padded for w in cues):
            return aspect_id
    return None


@dataclass(frozen=True, slots=True)
class Route:
    """An intent name and its slot ids, as the interaction model would have resolved them."""

    intent: str
    slots: dict[str, str] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Lowercase words without punctuation, padded with spaces for phrase containment."""
    return " " + " ".join(words(text)) + " "


# A phrase of a slot value, as words, with its (slot type, value id).
Phrase = tuple[tuple[str, ...], tuple[str, str]]


@lru_cache(maxsize=8)
def phrase_index(
    locale: str = DEFAULT_LOCALE,
) -> tuple[tuple[tuple[str, ...], tuple[str, str]], ...]:
    """(phrase words, (slot type, value id)), longest phrase first, for every value and synonym."""
    regional = REGIONAL_SYNONYMS.get(locale, {})
    entries: dict[tuple[str, str], str] = {}
    for type_name in _TYPES:
        for value in SLOT_TYPES[type_name]:
            said = (value.value, *value.synonyms, *regional.get(value.id, ()))
            for phrase in said:
                key = normalise(phrase).strip()
                if key:
                    entries.setdefault((key, type_name), value.id)
    ordered = sorted(entries.items(), key=lambda item: (-len(item[0][0]), _TYPES.index(item[0][1])))
    return tuple(
        (tuple(phrase.split()), (type_name, value_id)) for (phrase, type_name), value_id in ordered
    )


def spot(text: str, locale: str = DEFAULT_LOCALE) -> list[tuple[int, str, str]]:
    """Entities in ``text``: (position, slot type, id), longest match wins, no overlaps."""
    found = text_spot(words(text), phrase_index(locale))
    return [(start, type_name, value_id) for start, _, (type_name, value_id) in found]


def _any(padded: str, words: tuple[str, ...]) -> bool:
    return any(f" {w}" in padded for w in words)


def _ids(found: list[tuple[int, str, str]], type_name: str) -> list[str]:
    seen: list[str] = []
    for _, t, value_id in found:
        if t == type_name and value_id not in seen:
            seen.append(value_id)
    return seen


class _Named(NamedTuple):
    """What the words name: the padded words, and the ids of each slot type, in the order said."""

    padded: str
    treatments: list[str]
    aspects: list[str]
    situations: list[str]
    topics: list[str]


# Aspects that can be asked across every treatment at once ("which is least painful?").
_ACROSS_ASPECTS = ("SENSATION", "AFTERCARE", "SESSIONS")
# Questions that name no slot value: the intent, and the word groups it needs (every one).
_QUESTION_CUES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (intents.DIY_RISKS, (_RISK_WORDS, _DIY_WORDS)),
    (intents.CAUSES, (_CAUSES,)),
    (intents.WHAT_ARE_MILIA, (_WHAT_ARE,)),
    (intents.LIST_TREATMENTS, (_LIST_WORDS,)),
)


# --- the routes, in order: the first that fits wins ---------------------------------------------
def _comparison(n: _Named) -> Route | None:
    """Two or more treatments named: the first two, side by side."""
    if len(n.treatments) > 1:
        return Route(
            intents.COMPARE, {"treatmentA": n.treatments[0], "treatmentB": n.treatments[1]}
        )
    return None


def _walkthrough(n: _Named) -> Route | None:
    """ "Tell me everything about peels": a treatment, every aspect, none named."""
    if n.treatments and _any(n.padded, _WALK_WORDS) and not n.aspects:
        return Route(intents.WALKTHROUGH, {"treatment": n.treatments[0]})
    return None


def _situation(n: _Named) -> Route | None:
    if n.situations:
        return Route(intents.SITUATION, {"situation": n.situations[0]})
    return None


def _topic(n: _Named) -> Route | None:
    if n.topics == ["SEE_DERMATOLOGIST"] and _any(n.padded, _REMOVAL_WORDS):
        # "how is a milium removed by a dermatologist": the removal, not the visit advice.
        return Route(intents.TOPIC, {"topic": "PRO_EXTRACTION"})
    if n.treatments and n.topics in (["PICKED_SPOT_CARE"], ["PREVENTION"]):
        # "a scab after extraction" or "sun protection after laser" is that treatment's
        # aftercare, not a picked spot or prevention in general.
        return Route(intents.TREATMENT_INFO, {"treatment": n.treatments[0], "aspect": "AFTERCARE"})
    if n.topics:
        return Route(intents.TOPIC, {"topic": n.topics[0]})
    return None


def _across(n: _Named) -> Route | None:
    """ "Which is least painful?": one aspect across every treatment."""
    if n.treatments or not _any(n.padded, _ACROSS_WORDS):
        return None
    aspect = n.aspects[0] if n.aspects else aspect_cue(n.padded)
    return Route(intents.ACROSS, {"aspect": aspect}) if aspect in _ACROSS_ASPECTS else None


def _treatment_info(n: _Named) -> Route | None:
    if not (n.treatments or n.aspects):
        return None
    slots = {}
    if n.treatments:
        slots["treatment"] = n.treatments[0]
    # "what happens at a cryo appointment": a specific aspect beats the generic one.
    specific = [a for a in n.aspects if a != "HOW_IT_WORKS"]
    aspect = specific[0] if specific else n.aspects[0] if n.aspects else aspect_cue(n.padded)
    if aspect:
        slots["aspect"] = aspect
    return Route(intents.TREATMENT_INFO, slots)


def _topic_cue(n: _Named) -> Route | None:
    """A general question that names no slot value, by a telling phrase."""
    for topic_id, cues in _TOPIC_CUES:
        if _any(n.padded, cues):
            if topic_id == "WHAT_ARE_MILIA":
                return Route(intents.WHAT_ARE_MILIA)
            return Route(intents.TOPIC, {"topic": topic_id})
    return None


def _question_cue(n: _Named) -> Route | None:
    for intent, groups in _QUESTION_CUES:
        if all(_any(n.padded, cue_words) for cue_words in groups):
            return Route(intent)
    return None


_ROUTES = (
    _comparison,
    _walkthrough,
    _situation,
    _topic,
    _across,
    _treatment_info,
    _topic_cue,
    _question_cue,
)


def understand(text: str, locale: str = DEFAULT_LOCALE) -> Route | None:
    """Route free text to an intent with slot ids, or ``None`` when it names no topic."""
    found = spot(text, locale)
    named = _Named(
        padded=normalise(text),
        treatments=_ids(found, "TreatmentType"),
        aspects=_ids(found, "AspectType"),
        situations=_ids(found, "SituationType"),
        topics=_ids(found, "TopicType"),
    )
    for route_of in _ROUTES:
        route = route_of(named)
        if route is not None:
            return route
    return None


def is_on_topic(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """True when the words are about milia or skin, so a free-form question is worth routing."""
    return bool(spot(text, locale)) or _any(normalise(text), _ON_TOPIC)


_POINTERS = ("they", "them", "it", "those", "these", "that", "this")
_FOLLOW_UP_MAX_WORDS = 8  # a longer question says what it is about


def points_back(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """A short question about "they" or "it" that names nothing itself: a follow-up on the
    subject just answered ("when do they go away?")."""
    tokens = words(text)
    return (
        0 < len(tokens) <= _FOLLOW_UP_MAX_WORDS
        and any(w in _POINTERS for w in tokens)
        and not spot(text, locale)
    )
