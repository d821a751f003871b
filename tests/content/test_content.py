"""Checks on the skill's spoken content: completeness, ear-friendliness, safety, locales."""

from __future__ import annotations

import re

import pytest

from skill import content
from skill.content import (
    ASPECT_LABELS,
    ASPECT_ORDER,
    ASPECT_TITLES,
    SITUATIONS,
    TOPICS,
    TREATMENTS,
    Aspect,
    SituationId,
    TopicId,
    TreatmentId,
    next_aspect,
    phrases,
    previous_aspect,
    regionalize,
    segment,
    treatment,
)

MAX_WORDS = 60
TREATMENT_WORDS = (25, 55)
TOPIC_WORDS = (25, 60)


def words(text: str) -> int:
    return len(text.split())


def last_sentence(text: str) -> str:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p]
    return parts[-1]


def all_segments():
    for t in TREATMENTS.values():
        for aspect, seg in t.aspects.items():
            yield f"{t.id}/{aspect}", seg
    for tid, topic in TOPICS.items():
        yield f"topic/{tid}", topic.segment
    for sid, topic in SITUATIONS.items():
        yield f"situation/{sid}", topic.segment


def all_phrases() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(phrases).items()
        if name.isupper() and isinstance(value, str)
    }


def all_speech() -> list[tuple[str, str]]:
    out = [(label, seg.speech) for label, seg in all_segments()]
    out += [(f"treatment/{t.id}/summary", t.summary) for t in TREATMENTS.values()]
    for t in TREATMENTS.values():
        for field in ("suits", "sensation", "downtime", "sessions", "timeline"):
            out.append((f"{t.id}/compare/{field}", getattr(t.compare, field)))
    out += [(f"phrase/{name}", value) for name, value in all_phrases().items()]
    out += [(f"label/{a}", label) for a, label in ASPECT_LABELS.items()]
    return out


def all_text() -> list[tuple[str, str]]:
    out = list(all_speech())
    out += [(f"{label}/card", seg.card) for label, seg in all_segments()]
    for t in TREATMENTS.values():
        out += [(f"{t.id}/key_fact", s) for s in t.key_facts]
        out += [(f"{t.id}/aftercare_point", s) for s in t.aftercare_points]
    return out


# --- completeness -------------------------------------------------------------------


def test_every_treatment_present():
    assert set(TREATMENTS) == set(TreatmentId)
    for tid, t in TREATMENTS.items():
        assert t.id == tid
        assert t.name
        assert t.title
        assert t.summary


@pytest.mark.parametrize("tid", list(TreatmentId))
@pytest.mark.parametrize("aspect", list(Aspect))
def test_every_treatment_has_every_aspect(tid, aspect):
    seg = TREATMENTS[tid].aspects[aspect]
    assert seg.speech.strip()
    assert seg.card.strip()
    lo, hi = TREATMENT_WORDS
    assert lo <= words(seg.speech) <= hi, (tid, aspect, words(seg.speech))
    assert not seg.speech.rstrip().endswith("?")


def test_every_topic_and_situation_present():
    assert set(TOPICS) == set(TopicId)
    assert set(SITUATIONS) == set(SituationId)
    for key, topic in (*TOPICS.items(), *SITUATIONS.items()):
        assert topic.id == key
        assert topic.title
        lo, hi = TOPIC_WORDS
        assert lo <= words(topic.segment.speech) <= hi, (key, words(topic.segment.speech))
        assert topic.segment.card.strip()
        assert not topic.segment.speech.rstrip().endswith("?")


def test_related_ids_resolve():
    known = set(TopicId) | set(TreatmentId) | set(SituationId)
    for topic in (*TOPICS.values(), *SITUATIONS.values()):
        for rel in topic.related:
            assert rel in known, (topic.id, rel)


def test_screen_fields():
    for t in TREATMENTS.values():
        assert 3 <= len(t.key_facts) <= 4
        assert 2 <= len(t.aftercare_points) <= 4
        for field in ("suits", "sensation", "downtime", "sessions", "timeline"):
            assert 3 <= words(getattr(t.compare, field)) <= 12, (t.id, field)


# --- written for the ear --------------------------------------------------------------


@pytest.mark.parametrize(("label", "text"), all_speech())
def test_speech_is_plain(label, text):
    assert words(text) <= MAX_WORDS, label
    assert not re.search(r"[<>&]", text), label
    assert "speak" not in text.lower(), label
    assert not re.search(r"\d", text), label
    assert not re.search(r"[()\[\]%/;:*#]", text), label
    assert text == text.strip(), label
    assert "  " not in text, label


def test_situations_end_with_professional_diagnosis():
    for sid, topic in SITUATIONS.items():
        last = last_sentence(topic.segment.speech).lower()
        assert re.search(r"dermatologist|doctor|pediatrician", last), (sid, last)
    assert "pediatrician" in last_sentence(SITUATIONS[SituationId.BABY].segment.speech)
    assert "doctor" in last_sentence(SITUATIONS[SituationId.PREGNANCY].segment.speech)


def test_refusals():
    assert words(phrases.REFUSAL) <= MAX_WORDS
    assert phrases.REFUSAL.endswith("Want me to explain one of those?")
    assert "at home" in phrases.REFUSAL
    assert "dermatologist" in phrases.REFUSAL
    assert words(phrases.REFUSAL_CHILD) <= MAX_WORDS
    assert phrases.REFUSAL_CHILD.endswith("?")
    assert "pediatrician" in phrases.REFUSAL_CHILD


def test_offer_templates_format():
    for label in ASPECT_LABELS.values():
        assert "{" not in phrases.OFFER_ASPECT.format(label=label)
    assert set(ASPECT_LABELS) == set(Aspect)
    assert set(ASPECT_TITLES) == set(Aspect)


# --- safety and facts -------------------------------------------------------------------

FORBIDDEN_DIY = (
    "at home, use a needle",
    "use a needle",
    "use a pin",
    "with a pin",
    "sterilize",
    "sterilise",
    "squeeze it out",
    "pop it",
    "prick it",
    "yourself with",
    "at an angle",
    "angle the",
    "insert the",
)


@pytest.mark.parametrize(("label", "text"), all_text())
def test_no_diy_instructions(label, text):
    lower = text.lower()
    for bad in FORBIDDEN_DIY:
        assert bad not in lower, (label, bad)


def test_checked_facts_followed():
    everything = " ".join(text for _, text in all_text()).lower()
    assert "deeper into" not in everything
    assert "pushed deeper" not in everything
    assert "never near the eye" not in everything
    assert "licensed professional where allowed" in everything
    cryo = " ".join(s.speech for s in TREATMENTS[TreatmentId.CRYOTHERAPY].aspects.values())
    assert "usually avoided right around the eye" in cryo.lower()
    assert "one to two weeks" in cryo


# --- regional words -----------------------------------------------------------------


def test_content_uses_us_words_that_get_overridden():
    everything = " ".join(text for _, text in all_text()).lower()
    for us in ("sunscreen", "esthetician", "primary care doctor", "pediatrician"):
        assert re.search(rf"\b{us}\b", everything), us


def test_regionalize_en_gb():
    text = "Your primary care doctor, an esthetician, or a pediatrician. Sunscreen daily."
    out = regionalize(text, "en-GB")
    assert "GP" in out
    assert "aesthetician" in out
    # issue 11: UK babies are seen by the GP or health visitor, not a paediatrician
    assert "or a GP or health visitor." in out
    assert "paediatrician" in regionalize(text, "en-AU")
    assert out.endswith("Sun cream daily.")
    assert "sun cream" in regionalize("wear a broad-spectrum sunscreen", "en-GB")


def test_regionalize_other_locales():
    text = "Ask your primary care doctor about sunscreen."
    assert regionalize(text, "en-US") == text
    assert regionalize(text, "fr-FR") == text
    assert "family doctor" in regionalize(text, "en-CA")
    assert "sunscreen" in regionalize(text, "en-AU")
    assert "GP" in regionalize(text, "en-AU")
    assert "GP" in regionalize(text, "en-IN")
    assert regionalize("Sunscreens", "en-GB") == "Sun creams"
    assert regionalize("", "en-GB") == ""


def test_regionalize_keeps_word_boundaries():
    assert regionalize("sunscreenish", "en-GB") == "sunscreenish"


def test_regional_keys_are_lowercase():
    for locale, mapping in content.REGIONAL_WORDS.items():
        for key in mapping:
            assert key == key.lower(), (locale, key)


# --- helpers ------------------------------------------------------------------------


def test_helpers():
    assert tuple(Aspect) == ASPECT_ORDER
    assert next_aspect(Aspect.HOW_IT_WORKS) == Aspect.VISIT
    assert next_aspect(Aspect.SESSIONS) is None
    assert previous_aspect(Aspect.VISIT) == Aspect.HOW_IT_WORKS
    assert previous_aspect(Aspect.HOW_IT_WORKS) is None
    assert treatment("CRYOTHERAPY").id == TreatmentId.CRYOTHERAPY
    assert (
        segment(TreatmentId.CHEMICAL_PEEL, "AFTERCARE")
        is (TREATMENTS[TreatmentId.CHEMICAL_PEEL].aspects[Aspect.AFTERCARE])
    )
