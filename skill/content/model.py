"""Typed records for the skill's content. Content is data: handlers only look things up.

The records are ``NamedTuple`` rather than dataclasses: they are immutable all the same, and they
cost a tenth as much to define, which the Lambda cold start pays on every import.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class TreatmentId(StrEnum):
    """Entity-resolution ids of the ``TreatmentType`` slot values."""

    MECHANICAL_EXTRACTION = "MECHANICAL_EXTRACTION"
    CHEMICAL_PEEL = "CHEMICAL_PEEL"
    TOPICAL_RETINOID = "TOPICAL_RETINOID"
    CRYOTHERAPY = "CRYOTHERAPY"
    LASER_ABLATION = "LASER_ABLATION"


class Aspect(StrEnum):
    """Entity-resolution ids of the ``AspectType`` slot values, in walk-through order."""

    HOW_IT_WORKS = "HOW_IT_WORKS"
    VISIT = "VISIT"
    WHO_IT_SUITS = "WHO_IT_SUITS"
    SENSATION = "SENSATION"
    AFTERCARE = "AFTERCARE"
    SESSIONS = "SESSIONS"


class TopicId(StrEnum):
    """Ids of general topics (``TopicType`` slot values where a slot exists)."""

    WHAT_ARE_MILIA = "WHAT_ARE_MILIA"
    CAUSES = "CAUSES"
    TYPES = "TYPES"
    DIY_RISKS = "DIY_RISKS"
    LOOK_ALIKES = "LOOK_ALIKES"
    WHEN_TO_SEE_DOCTOR = "WHEN_TO_SEE_DOCTOR"
    SEE_DERMATOLOGIST = "SEE_DERMATOLOGIST"
    PREVENTION = "PREVENTION"
    COST = "COST"
    OTC_RETINOIDS = "OTC_RETINOIDS"
    PRO_EXTRACTION = "PRO_EXTRACTION"
    PICKED_SPOT_CARE = "PICKED_SPOT_CARE"
    RED_FLAGS = "RED_FLAGS"
    TREATMENT_OVERVIEW = "TREATMENT_OVERVIEW"
    # Urgent: eye pain or a change in vision after a procedure or picking.
    EYE_RED_FLAGS = "EYE_RED_FLAGS"
    # The questions people ask next (issue 11).
    DANGER = "DANGER"
    GO_AWAY = "GO_AWAY"
    SCARRING = "SCARRING"
    SKINCARE_AFTER = "SKINCARE_AFTER"
    HEAVY_CREAMS = "HEAVY_CREAMS"
    HOME_EXFOLIANTS = "HOME_EXFOLIANTS"
    IS_IT_MILIA = "IS_IT_MILIA"
    GETTING_SEEN = "GETTING_SEEN"
    OTHER_NAMES = "OTHER_NAMES"
    COMEDONE_EXTRACTOR = "COMEDONE_EXTRACTOR"


class SituationId(StrEnum):
    """Ids of the ``SituationType`` slot values: situations a user names."""

    UNDER_EYES = "UNDER_EYES"
    MANY = "MANY"
    SINGLE_STUBBORN = "SINGLE_STUBBORN"
    DEEP = "DEEP"
    RECURRING = "RECURRING"
    BABY = "BABY"
    PREGNANCY = "PREGNANCY"
    DARKER_SKIN = "DARKER_SKIN"
    CHANGING_BUMP = "CHANGING_BUMP"
    # Urgent: a baby with a fever, blisters, pus spots, poor feeding or floppiness.
    BABY_UNWELL = "BABY_UNWELL"


class Segment(NamedTuple):
    """One answer: ``speech`` is plain text for the ear (no SSML, at most 60 words);
    ``card`` is the fuller text shown in the Alexa app."""

    speech: str
    card: str


class CompareFacts(NamedTuple):
    """Short spoken phrases used to compare two treatments side by side. ``speed`` ranks how
    soon a treatment usually shows results (lower is sooner), for a comparison's bottom line."""

    suits: str
    sensation: str
    downtime: str
    sessions: str
    timeline: str
    speed: int = 0


class Treatment(NamedTuple):
    """A professional treatment and its six aspects."""

    id: TreatmentId
    name: str
    title: str
    summary: str
    aspects: dict[Aspect, Segment]
    compare: CompareFacts
    key_facts: tuple[str, ...]
    aftercare_points: tuple[str, ...]


class Topic(NamedTuple):
    """A general topic or a named situation."""

    id: str
    title: str
    segment: Segment
    related: tuple[str, ...] = ()


def entry(entry_id: str, title: str, speech: str, card: str, *related: str) -> Topic:
    """One general topic or situation: its spoken text, its card, and the ids it can offer
    next (the content tables in ``topics`` and ``situations`` are lists of these)."""
    return Topic(
        id=entry_id, title=title, segment=Segment(speech=speech, card=card), related=related
    )


def table(*entries: Topic) -> dict[str, Topic]:
    """Entries keyed by their id (a StrEnum: looked up with the plain strings a session keeps)."""
    return {item.id: item for item in entries}
