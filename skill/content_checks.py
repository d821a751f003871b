"""Checks over all content: completeness, voice length, SSML validity, pronunciation, safety."""

from __future__ import annotations

from importlib import resources

from skill import content
from skill.content import Aspect, TreatmentId, phrases
from skill.safety import unsafe_instructions
from skill.speech import (
    PRONUNCIATIONS,
    apl_document,
    to_ssml,
    validate_apl,
    validate_ssml,
    word_count,
)

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
MAX_WORDS = 60
FIXED_PHRASES = (
    "WELCOME",
    "WELCOME_BACK",
    "DISCLAIMER_SHORT",
    "EXAMPLE_QUESTION",
    "HELP",
    "REPROMPT_GENERIC",
    "FALLBACK",
    "GOODBYE",
    "ERROR",
    "REFUSAL",
    "REFUSAL_CHILD",
    "FORGET_DONE",
    "FORGET_NOTHING",
    "OFFER_OTHER_TREATMENT",
    "OFFER_TOPIC",
    "SEARCH_NO_MATCH",
)


def spoken_texts() -> list[tuple[str, str]]:
    """Every spoken string in the content, with a name for error messages."""
    texts: list[tuple[str, str]] = []
    for tid, treatment in content.TREATMENTS.items():
        for aspect, seg in treatment.aspects.items():
            texts.append((f"{tid.value}/{aspect.value}", seg.speech))
    for key, topic in {**content.TOPICS, **content.SITUATIONS}.items():
        texts.append((f"topic {key}", topic.segment.speech))
    texts.extend((f"phrase {name}", getattr(phrases, name)) for name in FIXED_PHRASES)
    return texts


def card_texts() -> list[tuple[str, str]]:
    """Every card text."""
    texts = [
        (f"{tid.value}/{aspect.value} card", seg.card)
        for tid, treatment in content.TREATMENTS.items()
        for aspect, seg in treatment.aspects.items()
    ]
    texts += [(f"topic {k} card", t.segment.card) for k, t in content.TOPICS.items()]
    texts += [(f"situation {k} card", t.segment.card) for k, t in content.SITUATIONS.items()]
    return texts


def validate_content() -> list[str]:
    """Every problem found in the content, as one line each."""
    problems: list[str] = []
    for tid in TreatmentId:
        treatment = content.TREATMENTS.get(tid)
        if treatment is None:
            problems.append(f"content: treatment {tid.value} is missing")
            continue
        for aspect in Aspect:
            if aspect not in treatment.aspects:
                problems.append(f"content: {tid.value} has no {aspect.value}")
    for name, text in spoken_texts():
        if word_count(text) > MAX_WORDS:
            problems.append(f"content: {name} is {word_count(text)} words (max {MAX_WORDS})")
        for phrase in unsafe_instructions(text):
            problems.append(f"content: {name} reads as home-extraction instructions: {phrase!r}")
        for locale in LOCALES:
            ssml = to_ssml(text, locale)
            problems.extend(f"content: {name} ({locale}): {p}" for p in validate_ssml(ssml))
            for word in PRONUNCIATIONS:
                if f" {word} " in f" {text.lower()} " and f">{word}<" not in ssml.lower():
                    problems.append(f"content: {name} ({locale}): {word!r} has no pronunciation")
    for name, text in card_texts():
        if not text.strip():
            problems.append(f"content: {name} is empty")
        for phrase in unsafe_instructions(text):
            problems.append(f"content: {name} reads as home-extraction instructions: {phrase!r}")
    for entry in resources.files("skill.apl").iterdir():
        if entry.name.endswith(".json"):
            name = entry.name.removesuffix(".json")
            try:
                document = apl_document(name)
            except ValueError as exc:
                problems.append(f"apl: {entry.name} is not JSON: {exc}")
                continue
            problems.extend(f"apl: {entry.name}: {p}" for p in validate_apl(document))
    return problems
