"""Offline checks for the Alexa interaction models.

``validate_model(model, locale)`` checks one model dict; ``validate_models_dir(path)`` checks
every locale file in a directory, the lexicon, and that each file is in step with
``skill.tools.modelgen.build_model``. Both return human-readable problems (empty list = clean).
``python -m skill.tools.validate [DIR]`` prints them and exits 1 if there are any.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeGuard

from skill import intents, lexicon
from skill.content.model import Aspect, SituationId, TopicId, TreatmentId
from skill.locales import LOCALES
from skill.tools.modelgen import MODELS_DIR, build_model
from skill.tools.slotted import Acceptors, SlottedPattern

REQUIRED_BUILTINS = (
    intents.HELP,
    intents.STOP,
    intents.CANCEL,
    intents.FALLBACK,
    intents.NAVIGATE_HOME,
)
# Built-ins that must not carry sample extensions.
NO_SAMPLE_BUILTINS = frozenset({intents.FALLBACK})
MIN_CUSTOM_SAMPLES = 10
MAX_SAMPLE_CHARS = 200

FORBIDDEN_INVOCATION_WORDS = frozenset(
    {"alexa", "amazon", "echo", "computer", "skill", "app", "launch", "ask", "tell", "open"}
)

# Topics with their own intents are not TopicType values.
TOPICS_WITH_OWN_INTENT = frozenset(
    {TopicId.WHAT_ARE_MILIA, TopicId.CAUSES, TopicId.DIY_RISKS, TopicId.TREATMENT_OVERVIEW}
)
EXPECTED_IDS: dict[str, frozenset[str]] = {
    "TreatmentType": frozenset(TreatmentId),
    "AspectType": frozenset(Aspect),
    "SituationType": frozenset(SituationId),
    "TopicType": frozenset(TopicId) - TOPICS_WITH_OWN_INTENT,
}

# Types whose phrases the skill's free-text understanding spots in one pass: a phrase may belong
# to only one of them. Other types (the removal-question slots) only ever fill their own slots.
SPOTTED_TOGETHER = frozenset({"TreatmentType", "AspectType", "SituationType", "TopicType"})

_SLOT_RE = re.compile(r"\{([^{}]*)\}")
_ADJACENT_SLOTS_RE = re.compile(r"\}\s*\{")
# Lowercase words; apostrophes inside words; periods only after single letters ("a. b.").
_SAMPLE_WORD_RE = re.compile(r"^(?:[a-z]+(?:'[a-z]+)*|[a-z]\.|\{[A-Za-z_]+\})$")
_INVOCATION_RE = re.compile(r"^[a-z]+(?: [a-z]+)+$")
_PHRASE_RE = re.compile(r"^[a-z0-9]+(?:['.-]?[a-z0-9]+)*\.?(?: [a-z0-9]+(?:['.-]?[a-z0-9]+)*\.?)*$")
_NAME_RE = re.compile(r"^[A-Za-z_]+$")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _is_str_list(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def validate_model(model: dict[str, Any], locale: str) -> list[str]:
    """Problems with one interaction model, each prefixed with ``locale``."""
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{locale}: {msg}")

    if locale not in LOCALES:
        bad(f"unknown locale (expected one of {', '.join(LOCALES)})")

    lm = model.get("interactionModel", {}) if isinstance(model, dict) else None
    lm = lm.get("languageModel") if isinstance(lm, dict) else None
    if not isinstance(lm, dict):
        bad("missing interactionModel.languageModel object")
        return problems

    _check_invocation(lm.get("invocationName"), bad)

    # --- types -----------------------------------------------------------------------
    types = lm.get("types", [])
    type_names: set[str] = set()
    if not isinstance(types, list):
        bad("languageModel.types must be a list")
        types = []
    phrase_owner: dict[str, tuple[str, str]] = {}  # phrase -> (type, id), across types
    for t_index, slot_type in enumerate(types):
        problems.extend(_check_type(slot_type, t_index, type_names, phrase_owner, locale))

    # --- intents ---------------------------------------------------------------------
    intents = lm.get("intents")
    if not isinstance(intents, list):
        bad("languageModel.intents must be a list")
        return problems
    intent_names, used_types = _check_intents(intents, type_names, bad)

    phrases_by_type = {
        t: sorted(p for p, (tt, _) in phrase_owner.items() if tt == t) for t in type_names
    }
    problems.extend(f"{locale}: {msg}" for msg in _check_ambiguity(intents, phrases_by_type))

    for required in REQUIRED_BUILTINS:
        if required not in intent_names:
            bad(f"required built-in intent {required} is missing")
    for unused in sorted(type_names - used_types):
        bad(f"slot type {unused} is not used by any intent")
    _check_content_ids(types, bad)
    return problems


Bad = Callable[[str], None]


def _check_invocation(inv: object, bad: Bad) -> None:
    if not isinstance(inv, str):
        bad("languageModel.invocationName must be a string")
        return
    if not _INVOCATION_RE.match(inv):
        bad(
            f"invocation name {inv!r} must be two or more lowercase words "
            "(letters and single spaces only)"
        )
    banned = sorted(set(inv.split()) & FORBIDDEN_INVOCATION_WORDS)
    if banned:
        bad(f"invocation name {inv!r} contains forbidden word(s): {', '.join(banned)}")


def _check_intents(intents: list[Any], type_names: set[str], bad: Bad) -> tuple[set[str], set[str]]:
    """Check every intent; the intent names declared and the custom slot types used."""
    intent_names: set[str] = set()
    sample_owner: dict[str, str] = {}
    used_types: set[str] = set()
    for i_index, intent in enumerate(intents):
        if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
            bad(f"intents[{i_index}] must be an object with a string name")
            continue
        name = intent["name"]
        if name in intent_names:
            bad(f"intent {name} is declared twice")
        intent_names.add(name)
        samples = intent.get("samples")
        if not _is_str_list(samples):
            bad(f"intent {name}: samples must be a list of strings")
            samples = []
        slots = _check_slots(intent, name, type_names, used_types, bad)
        _check_intent_shape(name, samples, slots, bad)
        _check_samples(name, samples, slots, sample_owner, bad)
    return intent_names, used_types


def _search_slots(slots: dict[str, str]) -> set[str]:
    return {s for s, t in slots.items() if t == "AMAZON.SearchQuery"}


def _check_intent_shape(name: str, samples: list[str], slots: dict[str, str], bad: Bad) -> None:
    """The intent's name, how many samples it has, and a SearchQuery slot alone."""
    builtin = name.startswith("AMAZON.")
    if not builtin and not _NAME_RE.match(name):
        bad(f"intent name {name!r} may only contain letters and underscores")
    if builtin and name in NO_SAMPLE_BUILTINS and samples:
        bad(f"intent {name} cannot take sample utterances")
    if not builtin and len(samples) < MIN_CUSTOM_SAMPLES:
        bad(
            f"intent {name} has {len(samples)} samples; custom intents need at least "
            f"{MIN_CUSTOM_SAMPLES}"
        )
    search_slots = _search_slots(slots)
    if search_slots and len(slots) > 1:
        bad(
            f"intent {name} has an AMAZON.SearchQuery slot and other slots "
            f"({', '.join(sorted(set(slots) - search_slots))}); a SearchQuery intent "
            "can have only that slot"
        )


def _check_samples(
    name: str, samples: list[str], slots: dict[str, str], sample_owner: dict[str, str], bad: Bad
) -> None:
    """Each sample once in the whole model, and well formed."""
    search_slots = _search_slots(slots)
    seen_here: set[str] = set()
    for sample in samples:
        key = _norm(sample)
        if key in seen_here:
            bad(f"intent {name}: duplicate sample {sample!r}")
            continue
        seen_here.add(key)
        other = sample_owner.get(key)
        if other is not None:
            bad(f"sample {sample!r} appears in both {other} and {name}")
        else:
            sample_owner[key] = name
        for msg in _check_sample(sample, slots, search_slots):
            bad(f"intent {name}: {msg}")


def _check_content_ids(types: list[Any], bad: Bad) -> None:
    """The content types' ids are exactly the content's (``skill.content.model``)."""
    for slot_type in types:
        if not isinstance(slot_type, dict) or slot_type.get("name") not in EXPECTED_IDS:
            continue
        t_name = slot_type["name"]
        ids = {
            vid
            for v in slot_type.get("values", [])
            if isinstance(v, dict) and isinstance(vid := v.get("id"), str)
        }
        expected = EXPECTED_IDS[t_name]
        if ids != expected:
            missing = ", ".join(sorted(expected - ids)) or "none"
            extra = ", ".join(sorted(ids - expected)) or "none"
            bad(
                f"type {t_name} ids differ from skill.content.model (missing: {missing}; "
                f"unknown: {extra})"
            )


def _check_type(
    slot_type: object,
    t_index: int,
    type_names: set[str],
    phrase_owner: dict[str, tuple[str, str]],
    locale: str,
) -> list[str]:
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{locale}: {msg}")

    if not isinstance(slot_type, dict) or not isinstance(slot_type.get("name"), str):
        bad(f"types[{t_index}] must be an object with a string name")
        return problems
    t_name = slot_type["name"]
    if t_name in type_names:
        bad(f"slot type {t_name} is declared twice")
    type_names.add(t_name)
    values = slot_type.get("values")
    if not isinstance(values, list) or not values:
        bad(f"slot type {t_name} needs a non-empty values list")
        return problems
    ids: set[str] = set()
    for v_index, value in enumerate(values):
        checked = _check_value(t_name, v_index, value, ids, bad)
        if checked is not None:
            _check_phrases(t_name, *checked, phrase_owner, bad)
    return problems


def _check_value(
    t_name: str, v_index: int, value: Any, ids: set[str], bad: Bad
) -> tuple[str, list[str]] | None:
    """A value's name, id and synonyms: its id and its phrases, or ``None`` without a name."""
    name = value.get("name") if isinstance(value, dict) else None
    if not isinstance(name, dict) or not isinstance(name.get("value"), str):
        bad(f"slot type {t_name} values[{v_index}] needs name.value")
        return None
    vid = value.get("id")
    if not isinstance(vid, str) or not vid:
        bad(f"slot type {t_name} value {name['value']!r} needs an id")
        vid = f"#{v_index}"
    elif vid in ids:
        bad(f"slot type {t_name} id {vid} is used by two values")
    ids.add(vid)
    synonyms = name.get("synonyms", [])
    if not _is_str_list(synonyms):
        bad(f"slot type {t_name} value {vid}: synonyms must be a list of strings")
        synonyms = []
    return vid, [name["value"], *synonyms]


def _check_phrases(
    t_name: str,
    vid: str,
    phrases: list[str],
    phrase_owner: dict[str, tuple[str, str]],
    bad: Bad,
) -> None:
    """A value's phrases: words Alexa hears, each once, and one value's only."""
    seen_in_value: set[str] = set()
    for phrase in phrases:
        key = _norm(phrase)
        if not _PHRASE_RE.match(key):
            bad(
                f"slot type {t_name} value {vid}: phrase {phrase!r} has characters Alexa "
                "will not hear (use lowercase words)"
            )
        if key in seen_in_value:
            bad(f"slot type {t_name} value {vid}: phrase {phrase!r} is repeated")
            continue
        seen_in_value.add(key)
        owner = phrase_owner.get(key)
        if owner is None:
            phrase_owner[key] = (t_name, vid)
        elif owner[0] == t_name:
            bad(f"slot type {t_name}: synonym {phrase!r} is shared by {owner[1]} and {vid}")
        elif {owner[0], t_name} <= SPOTTED_TOGETHER:
            bad(
                f"phrase {phrase!r} is in both {owner[0]}.{owner[1]} and {t_name}.{vid}; "
                "a phrase must resolve to one value"
            )


def _check_slots(
    intent: dict[str, Any],
    name: str,
    type_names: set[str],
    used_types: set[str],
    bad: Bad,
) -> dict[str, str]:
    slots: dict[str, str] = {}
    raw = intent.get("slots", [])
    if not isinstance(raw, list):
        bad(f"intent {name}: slots must be a list")
        return slots
    for s_index, slot in enumerate(raw):
        if not (
            isinstance(slot, dict)
            and isinstance(slot.get("name"), str)
            and isinstance(slot.get("type"), str)
        ):
            bad(f"intent {name}: slots[{s_index}] needs a string name and type")
            continue
        s_name, s_type = slot["name"], slot["type"]
        if s_name in slots:
            bad(f"intent {name}: slot {s_name} is declared twice")
        if not _NAME_RE.match(s_name):
            bad(f"intent {name}: slot name {s_name!r} may only contain letters and underscores")
        slots[s_name] = s_type
        if s_type.startswith("AMAZON."):
            continue
        used_types.add(s_type)
        if s_type not in type_names:
            bad(f"intent {name}: slot {s_name} has type {s_type}, which is not defined in types")
    return slots


def _check_sample(sample: str, slots: dict[str, str], search_slots: set[str]) -> Iterable[str]:
    if not sample.strip():
        yield "empty sample"
        return
    yield from _sample_word_problems(sample)
    yield from _sample_slot_problems(sample, slots, search_slots)


def _sample_word_problems(sample: str) -> Iterable[str]:
    """Length, whitespace, the words themselves and the wake word."""
    if len(sample) > MAX_SAMPLE_CHARS:
        yield f"sample {sample[:40]!r}... is longer than {MAX_SAMPLE_CHARS} characters"
    if sample != " ".join(sample.split()):
        yield f"sample {sample!r} has stray whitespace"
    for word in sample.split():
        if not _SAMPLE_WORD_RE.match(word):
            yield (
                f"sample {sample!r}: {word!r} is not a lowercase word or {{slot}} "
                "(no digits or punctuation except apostrophes and abbreviation periods)"
            )
            break
    if "alexa" in sample.lower().split():
        yield f"sample {sample!r} contains the wake word"


def _sample_slot_problems(
    sample: str, slots: dict[str, str], search_slots: set[str]
) -> Iterable[str]:
    """Braces, declared slots, each once, words between them and around a SearchQuery."""
    used = _SLOT_RE.findall(sample)
    if sample.count("{") != len(used) or sample.count("}") != len(used):
        yield f"sample {sample!r} has unbalanced braces"
    for slot in used:
        if slot not in slots:
            yield f"sample {sample!r} uses undeclared slot {{{slot}}}"
    if len(used) != len(set(used)):
        yield f"sample {sample!r} uses a slot twice"
    if _ADJACENT_SLOTS_RE.search(sample):
        yield f"sample {sample!r} has two slots with no words between them"
    if search_slots and not _SLOT_RE.sub(" ", sample).split():
        yield f"sample {sample!r} has no carrier words around its AMAZON.SearchQuery slot"


def _check_ambiguity(intents: list[Any], phrases_by_type: dict[str, list[str]]) -> Iterable[str]:
    """Samples of two intents that accept the same utterance: two slotted samples with the
    same shape (same words, same slot types), or a plain sample that another intent's
    slotted sample produces with one of its slot phrases."""
    plain, slotted = _plain_and_slotted(intents)
    yield from _same_shapes(slotted)
    yield from _produced_by_slot_values(plain, slotted, phrases_by_type)


# Intent names as the model has them: None where one has no name (reported elsewhere).
_Plain = list[tuple[str | None, str]]
_Slotted = list[tuple[str | None, str, dict[str, str]]]


def _plain_and_slotted(intents: list[Any]) -> tuple[_Plain, _Slotted]:
    """Every intent's samples: (intent, normalised sample) without slots, (intent, sample,
    slot types) with declared slots only (an undeclared one is reported elsewhere)."""
    plain: _Plain = []
    slotted: _Slotted = []
    for intent in intents:
        if not isinstance(intent, dict) or not _is_str_list(intent.get("samples")):
            continue
        name = intent.get("name")
        slots = {
            s["name"]: s["type"]
            for s in intent.get("slots", []) or []
            if isinstance(s, dict) and isinstance(s.get("name"), str)
        }
        for sample in intent["samples"]:
            used = _SLOT_RE.findall(sample)
            if not used:
                plain.append((name, _norm(sample)))
            elif all(u in slots for u in used):
                slotted.append((name, sample, slots))
    return plain, slotted


def _same_shapes(slotted: _Slotted) -> Iterable[str]:
    """Slotted samples of two intents with the same words and slot types."""
    shapes: dict[str, tuple[str | None, str]] = {}
    for name, sample, slots in slotted:
        shape = _norm(_slot_types_in(sample, slots))
        earlier = shapes.setdefault(shape, (name, sample))
        if earlier[0] != name:
            yield (
                f"samples {earlier[1]!r} ({earlier[0]}) and {sample!r} ({name}) have the same "
                "words and slot types; Alexa cannot tell them apart"
            )


def _produced_by_slot_values(
    plain: _Plain,
    slotted: _Slotted,
    phrases_by_type: dict[str, list[str]],
) -> Iterable[str]:
    """A plain sample that another intent's slotted sample produces with a slot phrase (in
    the order of the slotted samples, then of the plain ones)."""
    # a built-in type (no phrases listed) takes any words: None
    sets = {t: frozenset(phrases) for t, phrases in phrases_by_type.items() if phrases}
    patterns = []
    for i, (_, sample, slots) in enumerate(slotted):
        # _SLOT_RE.split alternates literal text and slot names.
        parts = _SLOT_RE.split(" ".join(sample.split()))
        literals = tuple(part.lower() for part in parts[0::2])
        patterns.append(
            (i, SlottedPattern(literals, tuple(sets.get(slots[s]) for s in parts[1::2])))
        )
    acceptors = Acceptors(patterns)
    found = sorted((i, j) for j, (_, text) in enumerate(plain) for i in acceptors.accepting(text))
    for i, j in found:
        (name, sample, _), (other, text) = slotted[i], plain[j]
        if other != name:
            yield (
                f"sample {text!r} ({other}) is also accepted by {sample!r} ({name}) "
                "with one of its slot values"
            )


def _slot_types_in(sample: str, slots: dict[str, str]) -> str:
    """``sample`` with each ``{slot}`` replaced by ``{its type}``."""
    return _SLOT_RE.sub(lambda m: "{" + slots[m.group(1)] + "}", sample)


def validate_lexicon() -> list[str]:
    """Consistency of ``skill.lexicon`` itself (ids unique, regional ids and locales known)."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    for t_name, values in lexicon.SLOT_TYPES.items():
        for v in values:
            if v.id in owner:
                problems.append(f"lexicon: id {v.id} is in both {owner[v.id]} and {t_name}")
            owner[v.id] = t_name
    for locale, extra in lexicon.REGIONAL_SYNONYMS.items():
        if locale not in LOCALES:
            problems.append(f"lexicon: REGIONAL_SYNONYMS has unknown locale {locale}")
        for vid in extra:
            if vid not in owner:
                problems.append(f"lexicon: REGIONAL_SYNONYMS[{locale!r}] has unknown id {vid}")
    return problems


def validate_models_dir(path: Path = MODELS_DIR) -> list[str]:
    """Validate every locale file in ``path`` and check it equals ``build_model(locale)``."""
    problems = validate_lexicon()
    for locale in LOCALES:
        file = path / f"{locale}.json"
        if not file.is_file():
            problems.append(f"{file.name} is missing; run python -m skill.tools.modelgen")
            continue
        try:
            model = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{file.name} is not valid JSON: {exc}")
            continue
        problems.extend(validate_model(model, locale))
        if model != build_model(locale):
            problems.append(f"{file.name} is out of date; run python -m skill.tools.modelgen")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = validate_models_dir(Path(args[0]) if args else MODELS_DIR)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{len(LOCALES)} interaction models OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
