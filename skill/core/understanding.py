"""The skill's own understanding of free text: words to a topic and its slot ids.

It reads only words a device delivers: the ``AMAZON.SearchQuery`` value, and slot values
outside their lists (``ER_SUCCESS_NO_MATCH``). The simulator never imports it. Slot vocabulary
comes from :mod:`skill.lexicon`, the one source that the interaction models are generated from.
The phrase index is built on first use, not at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

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


def understand(text: str, locale: str = DEFAULT_LOCALE) -> Route | None:
    """Route free text to an intent with slot ids, or ``None`` when it names no topic."""
    padded = normalise(text)
    found = spot(text, locale)
    treatments = _ids(found, "TreatmentType")
    aspects = _ids(found, "AspectType")
    situations = _ids(found, "SituationType")
    topics = _ids(found, "TopicType")

    if len(treatments) >= 2:
        return Route(intents.COMPARE, {"treatmentA": treatments[0], "treatmentB": treatments[1]})
    if treatments and _any(padded, _WALK_WORDS) and not aspects:
        return Route(intents.WALKTHROUGH, {"treatment": treatments[0]})
    if situations:
        return Route(intents.SITUATION, {"situation": situations[0]})
    if topics == ["SEE_DERMATOLOGIST"] and _any(padded, _REMOVAL_WORDS):
        # "how is a milium removed by a dermatologist": the removal, not the visit advice.
        return Route(intents.TOPIC, {"topic": "PRO_EXTRACTION"})
    if treatments and topics in (["PICKED_SPOT_CARE"], ["PREVENTION"]):
        # "a scab after extraction" or "sun protection after laser" is that treatment's
        # aftercare, not a picked spot or prevention in general.
        return Route(intents.TREATMENT_INFO, {"treatment": treatments[0], "aspect": "AFTERCARE"})
    if topics:
        return Route(intents.TOPIC, {"topic": topics[0]})
    if not treatments and _any(padded, _ACROSS_WORDS):
        aspect = aspects[0] if aspects else aspect_cue(padded)
        if aspect in ("SENSATION", "AFTERCARE", "SESSIONS"):
            # "which is least painful?": one aspect across every treatment.
            return Route(intents.ACROSS, {"aspect": aspect})
    if treatments or aspects:
        slots = {}
        if treatments:
            slots["treatment"] = treatments[0]
        # "what happens at a cryo appointment": a specific aspect beats the generic one.
        specific = [a for a in aspects if a != "HOW_IT_WORKS"]
        aspect = specific[0] if specific else aspects[0] if aspects else aspect_cue(padded)
        if aspect:
            slots["aspect"] = aspect
        return Route(intents.TREATMENT_INFO, slots)
    for topic_id, cues in _TOPIC_CUES:
        if _any(padded, cues):
            if topic_id == "WHAT_ARE_MILIA":
                return Route(intents.WHAT_ARE_MILIA)
            return Route(intents.TOPIC, {"topic": topic_id})
    if _any(padded, _RISK_WORDS) and _any(padded, _DIY_WORDS):
        return Route(intents.DIY_RISKS)
    if _any(padded, _CAUSES):
        return Route(intents.CAUSES)
    if _any(padded, _WHAT_ARE):
        return Route(intents.WHAT_ARE_MILIA)
    if _any(padded, _LIST_WORDS):
        return Route(intents.LIST_TREATMENTS)
    return None


def is_on_topic(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """True when the words are about milia or skin, so a free-form question is worth routing."""
    return bool(spot(text, locale)) or _any(normalise(text), _ON_TOPIC)


_POINTERS = ("they", "them", "it", "those", "these", "that", "this")


def points_back(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """A short question about "they" or "it" that names nothing itself: a follow-up on the
    subject just answered ("when do they go away?")."""
    tokens = words(text)
    return 0 < len(tokens) <= 8 and any(w in _POINTERS for w in tokens) and not spot(text, locale)
