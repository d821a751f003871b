"""Issue 11: medical content corrections, urgent answers first, and the questions people ask
next. Each test pins one point of the issue, as a listener would notice it."""

from __future__ import annotations

import re

import pytest

from skill import app, cli, lexicon
from skill.app import lambda_handler
from skill.content import (
    SITUATIONS,
    TOPICS,
    TREATMENTS,
    URGENT_IDS,
    Aspect,
    Segment,
    SituationId,
    Topic,
    TopicId,
    TreatmentId,
    local_fact,
    phrases,
    regionalize,
)
from skill.core.speech import strip_ssml, to_ssml, word_count
from skill.safety import Kind, assess, assess_text
from skill.simulator import Simulator, SlotFill, Turn, load_model
from skill.tools import content_checks, validate
from skill.tools.content_checks import LOCALES, absolute_claims, validate_content
from tests.support import intent_envelope

BABY_FEVER = "my newborn has white bumps and a fever"


def card_text(turn: Turn) -> str:
    card = (turn.response.get("response") or {}).get("card") or {}
    return str(card.get("text") or "")


def after_disclaimer(speech: str) -> str:
    """The answer itself: the speech without the once-per-session disclaimer in front."""
    return speech.removeprefix(phrases.DISCLAIMER_SHORT).strip()


def all_speech_and_cards() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for t in TREATMENTS.values():
        for aspect, seg in t.aspects.items():
            texts += [(f"{t.id}/{aspect}", seg.speech), (f"{t.id}/{aspect} card", seg.card)]
        texts += [(f"{t.id} fact", f) for f in (*t.key_facts, *t.aftercare_points, t.summary)]
    for key, entry in (*TOPICS.items(), *SITUATIONS.items()):
        texts += [(str(key), entry.segment.speech), (f"{key} card", entry.segment.card)]
    texts += [(name, text) for name, text in content_checks.spoken_texts()]
    return texts


def everything() -> str:
    return " ".join(text for _, text in all_speech_and_cards())


# --- the baby red flag ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "threshold"),
    [
        ("en-US", "one hundred point four degrees Fahrenheit"),
        ("en-GB", "thirty-eight degrees Celsius"),
        ("en-AU", "thirty-eight degrees Celsius"),
        ("en-IN", "thirty-eight degrees Celsius"),
        ("en-CA", "thirty-eight degrees Celsius"),
    ],
)
def test_a_baby_with_a_fever_is_sent_to_the_doctor_now(locale: str, threshold: str) -> None:
    turn = Simulator(locale).send(BABY_FEVER)
    assert turn.handler == "UrgentCareHandler"
    assert turn.card_title == SITUATIONS[SituationId.BABY_UNWELL].title
    assert turn.speech.startswith("Call your doctor now, or get urgent care.")
    assert f"three months with a temperature of {threshold} or more" in turn.speech
    for sign in ("blisters", "pus spots", "poor feeding", "floppiness"):
        assert sign in turn.speech
    # Not the generic "after picking" warning signs, and no offer about picked spots or types.
    assert "picking" not in turn.speech
    assert "picked" not in turn.speech
    assert "?" not in turn.speech
    assert "types of milia" not in turn.speech.lower()
    assert turn.speech.endswith(phrases.DISCLAIMER_URGENT)
    assert turn.end_session
    assert not turn.reprompt
    assert "38 °C (100.4 °F)" in card_text(turn)


@pytest.mark.parametrize(
    "said",
    [
        "my baby has a fever",
        "my newborn is floppy",
        "my baby won't feed and has milia",
        "my baby has blisters and white bumps",
        "there are pus spots on my baby's face",
        "my infant has a high temperature and milia",
    ],
)
def test_every_baby_red_flag_routes_to_the_baby_answer(said: str) -> None:
    verdict = assess_text(said)
    assert (verdict.kind, verdict.route, verdict.child) == (Kind.URGENT, "BABY_UNWELL", True)


def test_blisters_alone_are_not_a_baby_red_flag() -> None:
    # Adults get milia after blisters (secondary milia): that is a cause, not an emergency.
    assert assess_text("i get milia after blisters").kind is Kind.ALLOW
    assert assess_text("my baby has milia").kind is Kind.ALLOW


def test_the_baby_red_flag_is_heard_through_the_interaction_model() -> None:
    ids = lexicon.phrase_map("SituationType", "en-US")
    assert ids["my baby has a fever"] == ids["my newborn has white bumps and a fever"]
    assert ids["my baby has a fever"] == SituationId.BABY_UNWELL.value
    situation = next(
        t
        for t in load_model("en-US")["interactionModel"]["languageModel"]["types"]
        if t["name"] == "SituationType"
    )
    assert SituationId.BABY_UNWELL.value in {v["id"] for v in situation["values"]}
    # The gate judges the slot value Alexa heard, as on the real request path.
    verdict = assess("SituationIntent", {"situation": "my baby has a fever"})
    assert (verdict.kind, verdict.route) == (Kind.URGENT, "BABY_UNWELL")
    heard = SlotFill("situation", "SituationType", "my baby has a fever", "BABY_UNWELL")
    event = intent_envelope("SituationIntent", {"situation": heard})
    out = lambda_handler(event, None)["response"]
    speech = strip_ssml(out["outputSpeech"]["ssml"])
    assert speech.startswith("Call your doctor now")
    assert out["shouldEndSession"] is True


# --- urgent answers come first and end cleanly -----------------------------------------------
@pytest.mark.parametrize(
    ("said", "ending"),
    [
        ("there's pus after i squeezed it", "Please contact a doctor today."),
        ("the redness is spreading after my laser treatment", "Please contact a doctor today."),
        ("my eye hurts after milia removal", "Get urgent care now."),
        ("my vision is blurry after cryotherapy near my eye", "Get urgent care now."),
    ],
)
def test_urgent_answers_lead_with_the_advice_and_end_cleanly(said: str, ending: str) -> None:
    turn = Simulator("en-US").send(said)
    assert turn.handler == "UrgentCareHandler"
    # The urgent advice leads; the disclaimer follows it and nothing is offered after.
    assert not turn.speech.startswith(phrases.DISCLAIMER_SHORT)
    assert turn.speech == f"{turn.speech.split(ending)[0]}{ending} {phrases.DISCLAIMER_URGENT}"
    assert "?" not in turn.speech
    assert turn.end_session
    assert not turn.reprompt
    # Someone who says they have pus is not told to watch for it.
    assert "watch for" not in turn.speech.lower()


def test_urgent_answers_come_first_even_mid_session() -> None:
    sim = Simulator("en-US")
    sim.send("how does cryotherapy work")
    turn = sim.send("there's pus after i squeezed it")
    assert turn.speech.startswith("Spreading redness")
    assert turn.end_session


@pytest.mark.parametrize(
    ("said", "first"),
    [
        ("there's pus and it's spreading, how do i squeeze the rest out", "Spreading redness"),
        ("how do i pop the pus out of my baby's milia", "A child with a fever"),
        ("how do i squeeze this infected milium", "Spreading redness"),
    ],
)
def test_a_refusal_with_urgent_signs_is_short_and_urgent_first(said: str, first: str) -> None:
    turn = Simulator("en-US").send(said)
    assert turn.refused
    assert turn.speech.startswith(first)
    speech = turn.speech.lower()
    assert speech.index("doctor") < speech.index("can't guide") < speech.index("medical advice")
    assert word_count(turn.speech) < 60
    assert "?" not in turn.speech
    assert turn.end_session


def test_every_urgent_refusal_stays_under_sixty_words() -> None:
    for name, text in content_checks.composed_answers():
        if name.startswith("refusal with urgent"):
            for locale in LOCALES:
                assert word_count(regionalize(text, locale)) < 60, (name, locale)


# --- drug availability per locale -------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "said", "not_said"),
    [
        (
            "en-US",
            "In the US, adapalene is sold over the counter, for ages twelve and up.",
            "adapalene needs",
        ),
        ("en-GB", "In the UK, adapalene needs a prescription.", "over the counter"),
        ("en-AU", "In Australia, adapalene needs a prescription.", "over the counter"),
        ("en-CA", "check with a pharmacist", "over the counter"),
        ("en-IN", "check with a pharmacist", "over the counter"),
    ],
)
def test_adapalene_availability_is_said_per_locale(locale: str, said: str, not_said: str) -> None:
    for utterance in ("tell me about over the counter retinoids", "how does adapalene work"):
        turn = Simulator(locale).send(utterance)
        assert said in turn.speech, (utterance, turn.speech)
        assert not_said not in turn.speech, (utterance, turn.speech)
        assert said in card_text(turn)
        assert "{" not in turn.speech + card_text(turn)


def test_unknown_locales_get_the_cautious_wording() -> None:
    assert "pharmacist" in local_fact("adapalene_access", "fr-FR")
    assert "pharmacist" in local_fact("adapalene_access", None)
    assert "pharmacist" in regionalize("{adapalene_access}", "")


def test_no_placeholder_is_left_unfilled_in_any_locale() -> None:
    for name, text in all_speech_and_cards():
        for locale in LOCALES:
            assert "{" not in regionalize(text, locale), (name, locale)


# --- the shared speaker at launch -----------------------------------------------------------
def test_launch_does_not_name_the_last_topic() -> None:
    sim = Simulator("en-US")
    sim.send("open milia guide")
    sim.send("how do topical retinoids work")
    sim.send("stop")
    app.reset()
    sim = Simulator("en-US")
    launch = sim.send("open milia guide")
    spoken = f"{launch.speech} {launch.reprompt} {card_text(launch)}".lower()
    for treatment in TREATMENTS.values():
        assert treatment.name not in spoken
        assert treatment.title.lower() not in spoken
    assert "retinoid" not in spoken
    assert phrases.PICK_UP in launch.speech
    # Named only after the user says yes.
    yes = sim.send("yes")
    assert yes.speech.startswith("Picking up with topical retinoids.")
    assert yes.card_title == "Topical retinoids: How it works"


# --- the questions people ask next ------------------------------------------------------------
NEW_TOPICS = [
    ("can milia turn into cancer", TopicId.DANGER, "No. Milia are harmless"),
    ("are milia dangerous", TopicId.DANGER, "grows, bleeds, or changes"),
    ("will milia go away on their own", TopicId.GO_AWAY, "in adults, they often last longer"),
    ("will treatment leave scars", TopicId.SCARRING, "higher risk of dark marks"),
    ("when can i wear makeup", TopicId.SKINCARE_AFTER, "restart exfoliants or a retinoid"),
    ("does eye cream cause milia", TopicId.HEAVY_CREAMS, "lighter, non-greasy product"),
    ("do aha or bha exfoliants help milia", TopicId.HOME_EXFOLIANTS, "won't remove milia"),
    ("is this bump milia", TopicId.IS_IT_MILIA, "I can't tell you what a bump is"),
    ("how do i get seen", TopicId.GETTING_SEEN, "refer you to a dermatologist"),
    ("what are milk spots", TopicId.OTHER_NAMES, "other names for milia"),
    ("what are oil seeds", TopicId.OTHER_NAMES, "other names for milia"),
    ("what is a comedone extractor", TopicId.COMEDONE_EXTRACTOR, "small metal tool"),
]


@pytest.mark.parametrize(("said", "topic", "needle"), NEW_TOPICS)
def test_new_topics_are_answered(said: str, topic: TopicId, needle: str) -> None:
    turn = Simulator("en-US").send(said)
    assert turn.card_title == TOPICS[topic].title, (turn.intent, turn.slots, turn.card_title)
    assert needle.lower() in turn.speech.lower()
    assert not turn.refused
    assert not turn.end_session
    assert turn.reprompt
    assert turn.speech.rstrip().endswith("?")


def test_new_topics_are_topic_type_values_with_samples() -> None:
    model = load_model("en-US")["interactionModel"]["languageModel"]
    topic_type = next(t for t in model["types"] if t["name"] == "TopicType")
    ids = {v["id"] for v in topic_type["values"]}
    for _, topic, _ in NEW_TOPICS:
        assert topic.value in ids
    samples = next(i for i in model["intents"] if i["name"] == "TopicIntent")["samples"]
    assert "can milia {topic}" in samples
    assert "what are {topic}" in samples


def test_how_to_use_a_comedone_extractor_is_still_refused() -> None:
    turn = Simulator("en-US").send("how do i use a comedone extractor")
    assert turn.refused
    assert "can't guide" in turn.speech


def test_uk_getting_seen_and_cost_talk_about_the_nhs_not_insurance() -> None:
    for said in ("how do i get seen", "how much does it cost"):
        turn = Simulator("en-GB").send(said)
        assert "NHS" in turn.speech, turn.speech
        assert "insurance" not in turn.speech.lower(), turn.speech
    assert "insurance" in Simulator("en-US").send("how much does it cost").speech.lower()


# --- corrections ------------------------------------------------------------------------------
def test_overstatements_are_gone() -> None:
    text = everything().lower()
    for claim in (
        "acne products don't help",
        "the bumps are gone when you leave",
        "helps stop keratin",
        "made from vitamin a",
        "vitamin a creams",
        "retinol is milder.",
        "remove them safely",
        "safe way to clearer skin",
        "partnership",
        "peels or retinoids for prevention",
        "as the label directs",
    ):
        assert claim not in text, claim
    assert "benzoyl peroxide" in TOPICS[TopicId.WHAT_ARE_MILIA].segment.speech
    assert (
        "Most of the treated bumps"
        in TREATMENTS[TreatmentId.MECHANICAL_EXTRACTION].aspects[Aspect.SESSIONS].speech
    )


def test_retinoid_caveats() -> None:
    retinoid = TREATMENTS[TreatmentId.TOPICAL_RETINOID]
    suits = retinoid.aspects[Aspect.WHO_IT_SUITS].speech
    for caveat in ("breastfeeding", "child or teen", "broken, sunburned, or eczema skin"):
        assert caveat in suits
    assert "confirmed as milia first" in suits
    how = retinoid.aspects[Aspect.HOW_IT_WORKS].speech
    assert "related to vitamin A" in how
    assert "may help" in how
    assert "Retinol is a milder retinoid" in how
    otc = TOPICS[TopicId.OTC_RETINOIDS].segment.speech
    assert "Retinol is a milder retinoid, so the same cautions apply." in otc
    # The schedule is the dermatologists', not the label's.
    assert "Follow the label. Many dermatologists start with two or three nights" in otc
    assert "ages 12 and up" in retinoid.aspects[Aspect.WHO_IT_SUITS].card


@pytest.mark.parametrize("tid", [TreatmentId.CHEMICAL_PEEL, TreatmentId.LASER_ABLATION])
def test_peel_and_laser_aftercare_name_the_signs_that_need_care(tid: TreatmentId) -> None:
    aftercare = TREATMENTS[tid].aspects[Aspect.AFTERCARE]
    assert "spreading redness, pus, or fever" in aftercare.speech
    assert "spreading redness, pus or fever" in aftercare.card


def test_laser_recovery_mentions_weeks_of_pinkness_and_no_bare_resurfacing_claim() -> None:
    laser = TREATMENTS[TreatmentId.LASER_ABLATION]
    assert "pink for a few weeks" in laser.aspects[Aspect.SESSIONS].speech
    assert "resurfacing" not in laser.aspects[Aspect.SESSIONS].speech
    assert "if used" in laser.aspects[Aspect.SESSIONS].card


def test_many_milia_appearing_suddenly_need_a_doctor_in_speech() -> None:
    speech = SITUATIONS[SituationId.MANY].segment.speech
    assert "If many milia appear suddenly, see a doctor soon" in speech


def test_primary_milia_in_adults_often_last_longer() -> None:
    assert "in adults they often last longer" in TOPICS[TopicId.TYPES].segment.speech
    assert "en plaque" not in " ".join(s for _, s in content_checks.spoken_texts())


def test_other_professional_options_are_mentioned() -> None:
    overview = TOPICS[TopicId.TREATMENT_OVERVIEW].segment.speech
    assert "electrocautery or curettage" in overview


def test_epstein_pearls_are_only_the_newborn_gum_bumps() -> None:
    baby = SITUATIONS[SituationId.BABY].segment.speech
    assert "newborn's gums, called Epstein pearls" in baby
    assert "roof of the mouth are also harmless" not in baby


def test_a_toddlers_parent_is_not_given_newborn_timelines() -> None:
    turn = Simulator("en-US").send("can i squeeze my toddler's milia")
    assert turn.refused
    assert "For an older child" in turn.speech
    assert "Newborn milia clear" not in turn.speech
    assert "types of milia" not in turn.speech.lower()


def test_uk_babies_go_to_the_gp_or_health_visitor() -> None:
    turn = Simulator("en-GB").send("my baby has milia")
    assert "GP or health visitor" in turn.speech
    assert "paediatrician" not in turn.speech


def test_cancer_question_reassures_first() -> None:
    speech = TOPICS[TopicId.DANGER].segment.speech
    assert speech.startswith("No. Milia are harmless, and milia themselves don't turn into cancer.")
    assert speech.rstrip().endswith(
        "a doctor should check any bump that grows, bleeds, or changes."
    )


# --- answer first ------------------------------------------------------------------------------
def test_eyelid_retinoid_question_puts_keep_it_off_first() -> None:
    turn = Simulator("en-US").send("can i use adapalene on my eyelids")
    assert after_disclaimer(turn.speech).startswith("Keep retinoid creams off your eyelids")


@pytest.mark.parametrize(
    ("said", "conclusion"),
    [
        ("compare freezing and laser", "In short, laser ablation usually shows results sooner"),
        ("compare peels and retinoids", "In short, chemical peels and topical retinoids both"),
        ("which is least painful", "Retinoids are painless."),
        ("which heals fastest", "Extraction usually has the least downtime"),
    ],
)
def test_comparisons_start_with_the_conclusion(said: str, conclusion: str) -> None:
    turn = Simulator("en-US").send(said)
    assert after_disclaimer(turn.speech).startswith(conclusion), turn.speech


def test_the_offer_after_the_baby_answer_fits() -> None:
    turn = Simulator("en-US").send("my baby has milia")
    assert "types of milia" not in turn.speech.lower()
    assert turn.speech.endswith(
        "Would you like to hear about how to find out whether a bump is milia?"
    )


@pytest.mark.parametrize(
    ("word", "ipa"),
    [
        ("xanthelasma", "ˌzænθəˈlæzmə"),
        ("syringoma", "ˌsɪrɪŋˈɡoʊmə"),
        ("adapalene", "əˈdæpəliːn"),
        ("tretinoin", "ˈtrɛtɪnɔɪn"),  # TRET-i-noyn
    ],
)
def test_pronunciations(word: str, ipa: str) -> None:
    ssml = to_ssml(f"Ask about {word}.", "en-US")
    assert f'<phoneme alphabet="ipa" ph="{ipa}">{word}</phoneme>' in ssml


def test_look_alikes_are_pronounced_when_spoken() -> None:
    turn = Simulator("en-US").send("what else could it be")
    ssml = turn.response["response"]["outputSpeech"]["ssml"]
    assert re.search(r"<phoneme[^>]*>Xanthelasma</phoneme>", ssml)
    assert re.search(r"<phoneme[^>]*>Syringomas</phoneme>", ssml)


# --- the validator ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("This always works.", ["always"]),
        ("Results are guaranteed.", ["guaranteed"]),
        ("Freezing is completely safe.", ["completely safe"]),
        ("It is usually safe, and often works.", []),
    ],
)
def test_absolute_claims_are_found(text: str, claims: list[str]) -> None:
    assert absolute_claims(text) == claims


def test_the_shipped_content_passes_every_check() -> None:
    # `milia-skill validate` passing (content and models): cli/test_cli.py.
    assert validate_content() == []


def _with_topic(monkeypatch: pytest.MonkeyPatch, speech: str) -> None:
    topic = Topic(id=TopicId.COST, title="Cost", segment=Segment(speech=speech, card="A card."))
    monkeypatch.setitem(TOPICS, TopicId.COST, topic)


def test_validate_fails_on_an_absolute_claim(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_topic(monkeypatch, "Removal is always covered, and it is completely safe.")
    problems = validate_content()
    assert any("absolute claim: 'always'" in p for p in problems)
    assert any("absolute claim: 'completely safe'" in p for p in problems)
    # The command fails on the content alone: the models it also checks are taken as clean.
    monkeypatch.setattr(validate, "validate_models_dir", lambda path=None: [])
    assert cli.main(["validate"]) != 0
    assert "absolute claim" in capsys.readouterr().out


def test_validate_fails_on_a_spoken_answer_over_sixty_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with_topic(monkeypatch, " ".join(["word"] * 61) + ".")
    assert any("topic COST (en-US) is 61 words spoken" in p for p in validate_content())


def test_validate_counts_the_words_each_locale_hears(monkeypatch: pytest.MonkeyPatch) -> None:
    # 47 words plus the US sentence (14 words) is over 60 in en-US only (the cautious
    # sentence elsewhere is 11 words).
    _with_topic(monkeypatch, " ".join(["word"] * 47) + ". {adapalene_access}")
    problems = [p for p in validate_content() if "topic COST" in p and "words spoken" in p]
    assert problems
    assert all("(en-US)" in p for p in problems)


def test_composed_answers_are_checked_too() -> None:
    names = [name for name, _ in content_checks.composed_answers()]
    assert any(n.startswith("comparison ") for n in names)
    assert any(n.startswith("across ") for n in names)
    assert any(n.startswith("situation ") for n in names)
    assert any(n.startswith("refusal with urgent") for n in names)
    for name, text in content_checks.composed_answers():
        for locale in LOCALES:
            assert word_count(regionalize(text, locale)) <= 60, (name, locale)


def test_every_urgent_answer_has_a_short_form_for_refusals() -> None:
    assert set(phrases.URGENT_SHORT) == set(URGENT_IDS)
