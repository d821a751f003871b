"""Checks over all content: completeness, voice length, SSML validity, pronunciation, safety,
and no absolute claims.

Length is checked on what a listener hears: every spoken answer, in every locale (after
regional words and per-locale facts are filled in), as the skill composes it (a situation with
its closing line, each part of every comparison, each answer across all five treatments, and a
refusal joined to urgent advice), must be 60 words or fewer before the offer.
"""

from __future__ import annotations

import itertools
import re
from importlib import resources

from skill import content
from skill.content import Aspect, TreatmentId, phrases, regionalize
from skill.core.speech import (
    PRONUNCIATIONS,
    apl_document,
    to_ssml,
    validate_apl,
    validate_ssml,
    word_count,
)
from skill.locales import LOCALES
from skill.safety import Kind, Verdict, unsafe_instructions

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
    "PICK_UP",
    "DISCLAIMER_URGENT",
    "REFUSAL_URGENT",
    "REFUSAL_URGENT_CHILD",
)

# Absolute claims a health answer must not make (matched as whole words, case-insensitively).
ABSOLUTE_CLAIMS = (
    "always",
    "guarantee",
    "guaranteed",
    "guarantees",
    "completely safe",
    "totally safe",
    "perfectly safe",
    "100% safe",
    "risk-free",
    "risk free",
    "no risk",
    "never fails",
    "cures milia",
    "cure milia",
)


def absolute_claims(text: str) -> list[str]:
    """The absolute claims in ``text`` ("always", "guaranteed", "completely safe"...)."""
    padded = " " + " ".join(re.sub(r"[^a-z0-9%'-]+", " ", text.lower()).split()) + " "
    return [claim for claim in ABSOLUTE_CLAIMS if f" {claim} " in padded]


def composed_answers() -> list[tuple[str, str]]:
    """Spoken answers as the skill puts them together, before the offer (plain text)."""
    from skill.core import answers

    texts: list[tuple[str, str]] = []
    for key, situation in content.SITUATIONS.items():
        if key not in content.URGENT_IDS:
            texts.append(
                (f"situation {key} as spoken", answers.situation_text(situation.segment.speech))
            )
    for first, second in itertools.permutations(TreatmentId, 2):
        for part in range(len(answers.COMPARE_PARTS)):
            texts.append(
                (
                    f"comparison {first.value}/{second.value} part {part + 1}",
                    answers.compare_text(first.value, second.value, part),
                )
            )
    for aspect in answers.ACROSS_FIELDS:
        texts.append((f"across {aspect}", answers.across_text(aspect)[0]))
    for child, route in itertools.product((False, True), phrases.URGENT_SHORT):
        verdict = Verdict(Kind.REFUSE, child=child, urgent=True, route=route)
        texts.append(
            (f"refusal with urgent {route} (child={child})", answers.urgent_refusal_text(verdict))
        )
    return texts


def spoken_answer_problems() -> list[str]:
    """Spoken answers longer than 60 words in any locale (or, for a refusal joined to urgent
    advice, 60 words or more: the whole answer must stay under 60)."""
    problems: list[str] = []
    for name, text in spoken_texts() + composed_answers():
        limit = MAX_WORDS - 1 if name.startswith("refusal with urgent") else MAX_WORDS
        for locale in LOCALES:
            count = word_count(regionalize(text, locale))
            if count > limit:
                problems.append(f"content: {name} ({locale}) is {count} words spoken (max {limit})")
    return problems


def spoken_texts() -> list[tuple[str, str]]:
    """Every spoken string in the content, with a name for error messages."""
    texts: list[tuple[str, str]] = []
    for tid, treatment in content.TREATMENTS.items():
        for aspect, seg in treatment.aspects.items():
            texts.append((f"{tid.value}/{aspect.value}", seg.speech))
    for key, topic in {**content.TOPICS, **content.SITUATIONS}.items():
        texts.append((f"topic {key}", topic.segment.speech))
    texts.extend((f"phrase {name}", getattr(phrases, name)) for name in FIXED_PHRASES)
    texts.extend((f"urgent short {key}", text) for key, text in phrases.URGENT_SHORT.items())
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
    return [
        *_missing_content(),
        *spoken_answer_problems(),
        *_spoken_problems(),
        *_claim_problems(),
        *_card_problems(),
        *_apl_problems(),
    ]


def _missing_content() -> list[str]:
    """Every treatment, with every aspect."""
    problems: list[str] = []
    for tid in TreatmentId:
        treatment = content.TREATMENTS.get(tid)
        if treatment is None:
            problems.append(f"content: treatment {tid.value} is missing")
            continue
        problems.extend(
            f"content: {tid.value} has no {aspect.value}"
            for aspect in Aspect
            if aspect not in treatment.aspects
        )
    return problems


def _spoken_problems() -> list[str]:
    """Spoken strings: no instructions, and in every locale valid SSML, every placeholder
    filled and every hard word pronounced."""
    problems: list[str] = []
    for name, text in spoken_texts():
        problems.extend(
            f"content: {name} reads as home-extraction instructions: {phrase!r}"
            for phrase in unsafe_instructions(text)
        )
        for locale in LOCALES:
            problems.extend(f"content: {name} ({locale}): {p}" for p in _spoken_in(text, locale))
    return problems


def _spoken_in(text: str, locale: str) -> list[str]:
    """What is wrong with one spoken string in one locale."""
    ssml = to_ssml(text, locale)
    problems = list(validate_ssml(ssml))
    spoken = f" {regionalize(text, locale).lower()} "
    if "{" in spoken:
        problems.append("a {fact} placeholder is unfilled")
    problems.extend(
        f"{word!r} has no pronunciation"
        for word in PRONUNCIATIONS
        if f" {word} " in spoken and f">{word}<" not in ssml.lower()
    )
    return problems


def _claim_problems() -> list[str]:
    return [
        f"content: {name} makes an absolute claim: {claim!r}"
        for name, text in spoken_texts() + card_texts()
        for claim in absolute_claims(text)
    ]


def _card_problems() -> list[str]:
    problems: list[str] = []
    for name, text in card_texts():
        if not text.strip():
            problems.append(f"content: {name} is empty")
        problems.extend(
            f"content: {name} reads as home-extraction instructions: {phrase!r}"
            for phrase in unsafe_instructions(text)
        )
    return problems


def _apl_problems() -> list[str]:
    """Every APL document in ``skill/apl``: JSON, and valid."""
    problems: list[str] = []
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
