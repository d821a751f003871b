"""Interaction models: generated from skill.lexicon and skill.tools.modelgen, then validated."""

from __future__ import annotations

import copy
import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from skill import lexicon
from skill.content.model import Aspect, SituationId, TopicId, TreatmentId
from skill.tools import modelgen, validate
from skill.tools.modelgen import (
    LOCALES,
    MODELS_DIR,
    build_model,
    render,
    stale_models,
    write_models,
)
from skill.tools.validate import validate_lexicon, validate_model, validate_models_dir

CUSTOM_INTENTS = {
    "TreatmentInfoIntent": {"treatment": "TreatmentType", "aspect": "AspectType"},
    "WalkthroughIntent": {"treatment": "TreatmentType"},
    "ListTreatmentsIntent": {},
    "CompareIntent": {"treatmentA": "TreatmentType", "treatmentB": "TreatmentType"},
    "SituationIntent": {"situation": "SituationType", "symptom": "SymptomType"},
    "TopicIntent": {"topic": "TopicType"},
    "WhatAreMiliaIntent": {},
    "CausesIntent": {},
    "DiyRisksIntent": {"person": "ActorType"},
    "DoAtHomeIntent": {},
    # one intent per thing the user wants to know about a treatment
    "HowItWorksIntent": {"treatment": "TreatmentType"},
    "VisitIntent": {"treatment": "TreatmentType"},
    "PainIntent": {"treatment": "TreatmentType"},
    "AftercareIntent": {"treatment": "TreatmentType"},
    "SessionsIntent": {"treatment": "TreatmentType"},
    "SuitabilityIntent": {"treatment": "TreatmentType"},
    "CostIntent": {"treatment": "TreatmentType", "tool": "ToolType"},
    "AcrossTreatmentsIntent": {"aspect": "AspectType"},
    # removal and home-care questions: the gate judges their slot values
    "ExtractionQuestionIntent": {
        "ask": "AskType",
        "action": "ActionType",
        "tool": "ToolType",
        "person": "ActorType",
        "place": "PlaceType",
        "symptom": "SymptomType",
    },
    "ProExtractionIntent": {
        "action": "ActionType",
        "tool": "ToolType",
        "place": "PlaceType",
        "ask": "AskType",
    },
    "HomeUseIntent": {"treatment": "TreatmentType", "situation": "SituationType"},
    "PickedSpotIntent": {"symptom": "SymptomType"},
    "SymptomIntent": {"symptom": "SymptomType", "treatment": "TreatmentType"},
    "QuestionIntent": {"query": "AMAZON.SearchQuery"},
    "ForgetMeIntent": {},
}
BUILTINS = {
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.RepeatIntent",
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
    "AMAZON.StartOverIntent",
    "AMAZON.NextIntent",
    "AMAZON.PreviousIntent",
    "AMAZON.MoreIntent",
}


def built_model(locale: str) -> dict:
    """``build_model(locale)``, a copy of its own for the caller: a build takes a while (seconds,
    the first time in a process), so each locale is built once here."""
    return copy.deepcopy(_built(locale))


@cache
def _built(locale: str) -> dict:
    return build_model(locale)


def _lm(model: dict) -> dict:
    return model["interactionModel"]["languageModel"]


def _intent(model: dict, name: str) -> dict:
    return next(i for i in _lm(model)["intents"] if i["name"] == name)


def _phrases(model: dict, type_name: str) -> dict[str, str]:
    slot_type = next(t for t in _lm(model)["types"] if t["name"] == type_name)
    return {
        phrase: value["id"]
        for value in slot_type["values"]
        for phrase in (value["name"]["value"], *value["name"]["synonyms"])
    }


@pytest.fixture
def model() -> dict:
    return built_model("en-US")


# --- the committed models ---------------------------------------------------------------


# That the committed models validate clean is `milia-skill validate`'s check: cli/test_cli.py.


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_file_is_generated_text(locale: str) -> None:
    text = (MODELS_DIR / f"{locale}.json").read_text(encoding="utf-8")
    assert text == render(built_model(locale))
    assert text.endswith("}\n")


def test_lexicon_is_consistent() -> None:
    assert validate_lexicon() == []


def test_intents_and_slots(model: dict) -> None:
    intents = {i["name"]: i for i in _lm(model)["intents"]}
    assert set(intents) == set(CUSTOM_INTENTS) | BUILTINS
    for name, slots in CUSTOM_INTENTS.items():
        declared = {s["name"]: s["type"] for s in intents[name].get("slots", [])}
        assert declared == slots, name
    assert _lm(model)["invocationName"] == lexicon.INVOCATION_NAME == "milia guide"


@pytest.mark.parametrize(
    ("intent", "minimum"),
    [
        ("TreatmentInfoIntent", 40),
        ("HowItWorksIntent", 25),
        ("VisitIntent", 20),
        ("PainIntent", 25),
        ("AftercareIntent", 40),
        ("SessionsIntent", 20),
        ("SuitabilityIntent", 20),
        ("ExtractionQuestionIntent", 200),
        ("ProExtractionIntent", 100),
        ("WalkthroughIntent", 15),
        ("ListTreatmentsIntent", 25),
        ("CompareIntent", 20),
        ("SituationIntent", 30),
        ("TopicIntent", 25),
        ("WhatAreMiliaIntent", 30),
        ("CausesIntent", 25),
        ("DiyRisksIntent", 25),
        ("ForgetMeIntent", 10),
    ],
)
def test_sample_counts(model: dict, intent: str, minimum: int) -> None:
    assert len(_intent(model, intent)["samples"]) >= minimum


def test_treatment_info_covers_a_treatment_with_or_without_an_aspect(model: dict) -> None:
    samples = set(_intent(model, "TreatmentInfoIntent")["samples"])
    both = [s for s in samples if "{treatment}" in s and "{aspect}" in s]
    assert len(both) >= 30
    assert {"tell me about {treatment}", "what is {treatment}"} <= samples
    # follow-ups about one aspect have their own intents now, with or without a treatment
    pain = set(_intent(model, "PainIntent")["samples"])
    assert {"does it hurt", "does {treatment} hurt"} <= pain


def test_brief_phrases_are_samples(model: dict) -> None:
    expected = {
        "ListTreatmentsIntent": ["how are milia removed", "what treatments are there"],
        "CompareIntent": ["{treatmentA} vs {treatmentB}", "{treatmentA} or {treatmentB}"],
        "SituationIntent": ["what's best for milia {situation}", "{situation} has milia"],
        "DiyRisksIntent": ["why won't milia pop", "what happens if i pick milia"],
        "ExtractionQuestionIntent": ["{ask} do i {action} milia", "can i use {tool} on milia"],
        "DoAtHomeIntent": ["can i do it myself", "can i do that at home"],
        "ForgetMeIntent": ["forget me", "delete my data", "erase my history"],
    }
    for intent, samples in expected.items():
        assert set(samples) <= set(_intent(model, intent)["samples"]), intent


def test_slot_ids_equal_content_enums(model: dict) -> None:
    ids = {t["name"]: {v["id"] for v in t["values"]} for t in _lm(model)["types"]}
    assert ids["TreatmentType"] == set(TreatmentId)
    assert ids["AspectType"] == set(Aspect)
    assert ids["SituationType"] == set(SituationId)
    own_intent = {"WHAT_ARE_MILIA", "CAUSES", "DIY_RISKS", "TREATMENT_OVERVIEW"}
    assert ids["TopicType"] == set(TopicId) - own_intent


@pytest.mark.parametrize(
    ("phrase", "value_id"),
    [
        ("liquid nitrogen", "CRYOTHERAPY"),
        ("freezing", "CRYOTHERAPY"),
        ("co2 laser", "LASER_ABLATION"),
        ("c o two laser", "LASER_ABLATION"),
        ("tretinoin", "TOPICAL_RETINOID"),
        ("retin a", "TOPICAL_RETINOID"),
        ("adapalene", "TOPICAL_RETINOID"),
        ("glycolic peel", "CHEMICAL_PEEL"),
        ("salicylic acid peel", "CHEMICAL_PEEL"),
        ("lancing by a dermatologist", "MECHANICAL_EXTRACTION"),
        ("de-roofing", "MECHANICAL_EXTRACTION"),
    ],
)
def test_treatment_synonyms(model: dict, phrase: str, value_id: str) -> None:
    assert _phrases(model, "TreatmentType")[phrase] == value_id


@pytest.mark.parametrize(
    ("type_name", "phrase", "value_id"),
    [
        ("AspectType", "does it hurt", "SENSATION"),
        ("AspectType", "aftercare", "AFTERCARE"),
        ("AspectType", "how many sessions", "SESSIONS"),
        ("SituationType", "under my eyes", "UNDER_EYES"),
        ("SituationType", "lots of milia", "MANY"),
        ("SituationType", "my baby", "BABY"),
        ("SituationType", "pregnancy", "PREGNANCY"),
        ("SituationType", "darker skin", "DARKER_SKIN"),
        ("SituationType", "a bump that bleeds", "CHANGING_BUMP"),
        ("TopicType", "how much does it cost", "COST"),
        ("TopicType", "warning signs", "RED_FLAGS"),
    ],
)
def test_other_synonyms(model: dict, type_name: str, phrase: str, value_id: str) -> None:
    assert _phrases(model, type_name)[phrase] == value_id


def test_regional_synonyms_only_in_their_locales() -> None:
    gb = _phrases(built_model("en-GB"), "TopicType")
    us = _phrases(built_model("en-US"), "TopicType")
    assert gb["sun cream"] == "PREVENTION"
    assert gb["see my gp"] == "WHEN_TO_SEE_DOCTOR"
    assert gb["aesthetician"] == "PRO_EXTRACTION"
    assert "sun cream" not in us
    assert "see my gp" not in us
    assert lexicon.phrase_map("TopicType", "en-GB")["sun cream"] == "PREVENTION"
    assert "sun cream" not in lexicon.phrase_map("TopicType")


def test_locales_share_intents() -> None:
    names = {loc: [i["name"] for i in _lm(built_model(loc))["intents"]] for loc in LOCALES}
    assert all(n == names["en-US"] for n in names.values())
    assert {_lm(built_model(loc))["invocationName"] for loc in LOCALES} == {"milia guide"}


def test_build_model_rejects_unknown_locale() -> None:
    with pytest.raises(ValueError, match="unknown locale 'fr-FR'"):
        build_model("fr-FR")


# --- the validator catches injected faults ----------------------------------------------


def _problems(model: dict) -> str:
    return "\n".join(validate_model(model, "en-US"))


def test_validator_clean_on_generated(model: dict) -> None:
    assert validate_model(model, "en-US") == []


def test_catches_undeclared_slot(model: dict) -> None:
    _intent(model, "CausesIntent")["samples"].append("what causes {thing}")
    assert "undeclared slot {thing}" in _problems(model)


def test_catches_undefined_slot_type(model: dict) -> None:
    _intent(model, "TopicIntent")["slots"][0]["type"] = "NoSuchType"
    assert "NoSuchType, which is not defined" in _problems(model)


def test_catches_duplicate_sample_across_intents(model: dict) -> None:
    _intent(model, "CausesIntent")["samples"].append("What are  MILIA")
    assert "appears in both WhatAreMiliaIntent and CausesIntent" in _problems(model)


def test_catches_duplicate_sample_within_intent(model: dict) -> None:
    _intent(model, "CausesIntent")["samples"].append("what causes milia")
    assert "duplicate sample 'what causes milia'" in _problems(model)


def test_catches_plain_sample_another_intent_accepts(model: dict) -> None:
    _intent(model, "CausesIntent")["samples"].append("tell me about liquid nitrogen")
    assert "also accepted by 'tell me about {treatment}'" in _problems(model)


def test_catches_same_shape_in_two_intents(model: dict) -> None:
    _intent(model, "WalkthroughIntent")["samples"].append("describe the {treatment}")
    _intent(model, "CompareIntent")["samples"].append("describe the {treatmentA}")
    assert "cannot tell them apart" in _problems(model)


def test_catches_search_query_sample_without_carrier(model: dict) -> None:
    _intent(model, "QuestionIntent")["samples"].append("{query}")
    assert "no carrier words" in _problems(model)


def test_catches_search_query_intent_with_second_slot(model: dict) -> None:
    _intent(model, "QuestionIntent")["slots"].append({"name": "topic", "type": "TopicType"})
    assert "a SearchQuery intent can have only that slot" in _problems(model)


@pytest.mark.parametrize("name", ["milia", "Milia Guide", "milia guide skill", "milia 2 guide"])
def test_catches_bad_invocation_name(model: dict, name: str) -> None:
    _lm(model)["invocationName"] = name
    assert "invocation name" in _problems(model)


def test_catches_missing_builtin(model: dict) -> None:
    lm = _lm(model)
    lm["intents"] = [i for i in lm["intents"] if i["name"] != "AMAZON.NavigateHomeIntent"]
    assert "AMAZON.NavigateHomeIntent is missing" in _problems(model)


def test_catches_shared_synonym_and_duplicate_id(model: dict) -> None:
    values = next(t for t in _lm(model)["types"] if t["name"] == "TreatmentType")["values"]
    values[0]["name"]["synonyms"].append("liquid nitrogen")
    values[1]["id"] = values[2]["id"]
    text = _problems(model)
    assert "synonym 'liquid nitrogen' is shared" in text
    assert "is used by two values" in text
    assert "ids differ from skill.content.model" in text


def test_catches_phrase_in_two_types(model: dict) -> None:
    aspects = next(t for t in _lm(model)["types"] if t["name"] == "AspectType")["values"]
    aspects[0]["name"]["synonyms"].append("laser")
    assert "phrase 'laser' is in both" in _problems(model)


def test_catches_sample_format_problems(model: dict) -> None:
    samples = _intent(model, "CausesIntent")["samples"]
    samples += ["What causes milia?", "why 2 milia", "x" * 201, "tell {topic} {topic}"]
    _intent(model, "CausesIntent").setdefault("slots", []).append(
        {"name": "topic", "type": "TopicType"}
    )
    text = _problems(model)
    assert "'What' is not a lowercase word" in text
    assert "'2' is not a lowercase word" in text
    assert "longer than 200 characters" in text
    assert "two slots with no words between them" in text


def test_catches_too_few_samples_and_bad_shape(model: dict) -> None:
    _intent(model, "ForgetMeIntent")["samples"] = ["forget me"]
    _lm(model)["intents"].append({"name": "BrokenIntent"})
    text = _problems(model)
    assert "ForgetMeIntent has 1 samples" in text
    assert "BrokenIntent: samples must be a list" in text
    assert validate_model({"interactionModel": {}}, "en-US") == [
        "en-US: missing interactionModel.languageModel object"
    ]


def test_catches_samples_on_fallback(model: dict) -> None:
    _intent(model, "AMAZON.FallbackIntent")["samples"].append("blah blah blah")
    assert "AMAZON.FallbackIntent cannot take sample utterances" in _problems(model)


# --- files kept in step -----------------------------------------------------------------


@pytest.fixture
def built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """write_models, stale_models and validate_models_dir compare with ``build_model``: here
    each locale's build is made once (a build is deterministic: test_write_models_is_stable)."""
    monkeypatch.setattr(modelgen, "build_model", built_model)
    monkeypatch.setattr(validate, "build_model", built_model)


@pytest.mark.usefixtures("built_once")
def test_out_of_step_locale_file(tmp_path: Path) -> None:
    written = write_models(tmp_path)
    # what was written is what is committed (which validates clean: cli/test_cli.py)
    assert [p.read_bytes() for p in written] == [
        (MODELS_DIR / p.name).read_bytes() for p in written
    ]
    stale = built_model("en-GB")
    _intent(stale, "ForgetMeIntent")["samples"].remove("forget me")
    (tmp_path / "en-GB.json").write_text(json.dumps(stale), encoding="utf-8")
    assert validate_models_dir(tmp_path) == [
        "en-GB.json is out of date; run python -m skill.tools.modelgen"
    ]
    assert stale_models(tmp_path) == [tmp_path / "en-GB.json"]


@pytest.mark.usefixtures("built_once")
def test_missing_and_broken_locale_files(tmp_path: Path) -> None:
    shutil.copytree(MODELS_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "en-IN.json").unlink()
    (tmp_path / "en-AU.json").write_text("{not json", encoding="utf-8")
    problems = validate_models_dir(tmp_path)
    assert "en-IN.json is missing; run python -m skill.tools.modelgen" in problems
    assert any(p.startswith("en-AU.json is not valid JSON") for p in problems)


def test_write_models_is_stable(tmp_path: Path) -> None:
    first = {p.name: p.read_text(encoding="utf-8") for p in write_models(tmp_path)}
    second = {p.name: p.read_text(encoding="utf-8") for p in write_models(tmp_path)}
    assert first == second
    assert sorted(first) == sorted(f"{loc}.json" for loc in LOCALES)
