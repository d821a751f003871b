"""Resolving typed words against an interaction model, the way Alexa would.

Order: an exact sample match (with slot filling and entity resolution, synonym to id), then the
closest sample, then the ``AMAZON.SearchQuery`` catch-all, then ``AMAZON.FallbackIntent``.
The raw text also passes the safety gate, which sends at-home requests to the refusal intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from skill import safety
from skill.text import words
from skill.understanding import is_on_topic

# Phrases Alexa's built-in intents understand without samples in the model.
BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.StopIntent": ("stop", "stop it", "shut up", "be quiet", "quiet", "off"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it"),
    "AMAZON.HelpIntent": ("help", "help me", "what can i say", "what can you do", "help please"),
    "AMAZON.RepeatIntent": ("repeat", "repeat that", "say that again", "come again", "pardon"),
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "yes please",
        "please do",
        "go ahead",
        "of course",
        "absolutely",
        "sounds good",
        "why not",
    ),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "not now", "nah"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again"),
    "AMAZON.NextIntent": ("next", "next one", "skip", "continue", "keep going", "carry on"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back", "previous one", "last one"),
    "AMAZON.MoreIntent": ("more", "tell me more", "more please", "more info"),
    "AMAZON.NavigateHomeIntent": ("home", "go home", "main menu", "go to the start"),
}
END_PHRASES = ("exit", "quit", "goodbye", "bye", "good bye", "exit skill")
CLOSEST_THRESHOLD = 0.72
# A named thing the intent has no slot for makes a sample a worse fit ("what types of milia are
# there" is not "what treatments are there").
UNFILLABLE_PENALTY = 0.15
AT_HOME = "AtHomeExtractionIntent"
QUESTION_TYPE = "AMAZON.SearchQuery"
# Intents whose answer already accounts for safety context; raw-text routes keep them.
_TOPIC_INTENTS = ("SituationIntent", "TopicIntent", "DoAtHomeIntent")


def normalise(text: str) -> str:
    """Lowercase words, apostrophes and dots dropped ("dr." -> "dr"), other punctuation as
    spaces."""
    return " ".join(words(text, drop="'."))


@dataclass(slots=True)
class SlotFill:
    """A filled slot: what was said and, for custom types, the resolved value."""

    name: str
    type: str
    value: str | None = None
    id: str | None = None
    canonical: str | None = None

    @property
    def resolved(self) -> str | None:
        return self.id or self.value


@dataclass(slots=True)
class Resolution:
    """The outcome of understanding one utterance."""

    intent: str
    slots: dict[str, SlotFill] = field(default_factory=dict)
    method: str = "exact"


@dataclass(slots=True)
class _Sample:
    intent: str
    text: str
    pattern: re.Pattern[str]
    slot_names: tuple[str, ...]
    template: tuple[str, ...]
    literal_len: int


class Nlu:
    """An interaction model compiled for matching."""

    def __init__(self, model: dict[str, Any], locale: str) -> None:
        lm = model["interactionModel"]["languageModel"]
        self.locale = locale
        self.invocation = normalise(lm["invocationName"])
        self.intent_slots: dict[str, dict[str, str]] = {}
        self.values: dict[str, dict[str, tuple[str, str]]] = {}
        for slot_type in lm.get("types", []):
            table: dict[str, tuple[str, str]] = {}
            for entry in slot_type.get("values", []):
                name = entry["name"]["value"]
                value_id = entry.get("id") or name
                for phrase in (name, *entry["name"].get("synonyms", [])):
                    table.setdefault(normalise(phrase), (value_id, name))
            self.values[slot_type["name"]] = table
        self.samples: list[_Sample] = []
        for intent in lm["intents"]:
            slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.intent_slots[intent["name"]] = slots
            samples = list(intent.get("samples", []))
            samples += [p for p in BUILTIN_PHRASES.get(intent["name"], ()) if p not in samples]
            for sample in samples:
                self.samples.append(self._compile(intent["name"], sample, slots))
        self._slot_types = {i: set(slots.values()) for i, slots in self.intent_slots.items()}
        self._entities = sorted(
            (
                (phrase, type_name, value_id, canonical)
                for type_name, table in self.values.items()
                for phrase, (value_id, canonical) in table.items()
            ),
            key=lambda e: -len(e[0]),
        )

    @staticmethod
    def _compile(intent: str, sample: str, slots: dict[str, str]) -> _Sample:
        parts = re.split(r"(\{[A-Za-z0-9_]+\})", sample)
        regex, names, template, literal = [], [], [], 0
        for part in parts:
            if part.startswith("{") and part.endswith("}"):
                name = part[1:-1]
                names.append(name)
                regex.append(f"(?P<{name}>.+?)")
                template.append(f"<{slots.get(name, 'ANY')}>")
            elif part.strip():
                words = normalise(part)
                literal += len(words)
                regex.append(re.escape(words))
                template.extend(words.split())
        pattern = re.compile("^" + r"\s*".join(regex).replace(r"\ ", r"\s+") + "$")
        return _Sample(intent, sample, pattern, tuple(names), tuple(template), literal)

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, text: str, topic: str | None = None) -> Resolution:
        """Understand one utterance (the invocation phrases are handled by the session)."""
        words = normalise(text)
        resolution = self._exact(words) or self._closest(words)
        verdict = safety.assess_text(text, topic)
        if verdict.refused:
            names_who = (
                resolution is not None
                and resolution.intent == AT_HOME
                and any(fill.id for fill in resolution.slots.values())
            )
            if (verdict.child or verdict.urgent) and self._question_intent() and not names_who:
                # Unless the refusal intent's slot says who it is for ("my baby's milia"), the
                # words go as the question, so the gate sees the child or the red flags.
                return self._search(text)
            if resolution is None or resolution.intent not in (AT_HOME, safety.CONTEXT_HOME_INTENT):
                return Resolution(AT_HOME, self._empty_slots(AT_HOME), "safety")
            return resolution
        answered_by_topic = resolution is not None and (
            resolution.intent in _TOPIC_INTENTS
            # the gate's risks route is what DiyRisksIntent answers anyway
            or (resolution.intent == "DiyRisksIntent" and verdict.route == safety.DIY_RISKS)
        )
        if (verdict.urgent or verdict.route) and self._question_intent() and not answered_by_topic:
            return self._search(text)
        if resolution is not None:
            return resolution
        if self._question_intent() and is_on_topic(text, self.locale):
            return self._search(text)
        return Resolution("AMAZON.FallbackIntent", {}, "fallback")

    def _empty_slots(self, intent: str) -> dict[str, SlotFill]:
        return {n: SlotFill(n, t) for n, t in self.intent_slots.get(intent, {}).items()}

    def _fill(self, intent: str, raw: dict[str, str]) -> dict[str, SlotFill] | None:
        slots = self._empty_slots(intent)
        for name, said in raw.items():
            slot_type = self.intent_slots[intent].get(name, QUESTION_TYPE)
            fill = slots.setdefault(name, SlotFill(name, slot_type))
            fill.value = said
            if slot_type in self.values:
                match = self.values[slot_type].get(normalise(said))
                if match is None:
                    return None  # a custom slot must hold a known value or synonym
                fill.id, fill.canonical = match
        return slots

    def _exact(self, words: str) -> Resolution | None:
        best: tuple[int, Resolution] | None = None
        for sample in self.samples:
            match = sample.pattern.match(words)
            if match is None:
                continue
            slots = self._fill(sample.intent, match.groupdict())
            if slots is None:
                continue
            if best is None or sample.literal_len > best[0]:
                best = (sample.literal_len, Resolution(sample.intent, slots, "exact"))
        return best[1] if best else None

    def _spot(self, words: str) -> tuple[list[str], list[tuple[str, str, str, str]]]:
        padded = f" {words} "
        found: list[tuple[int, str, str, str, str]] = []
        taken: list[tuple[int, int]] = []
        for phrase, type_name, value_id, canonical in self._entities:
            start = padded.find(f" {phrase} ")
            while start != -1:
                end = start + len(phrase) + 1
                if all(end <= a or start >= b for a, b in taken):
                    taken.append((start, end))
                    found.append((start, phrase, type_name, value_id, canonical))
                start = padded.find(f" {phrase} ", start + 1)
        found.sort()
        tokens, cursor = [], 0
        for start, phrase, type_name, _, _ in found:
            tokens.extend(padded[cursor:start].split())
            tokens.append(f"<{type_name}>")
            cursor = start + len(phrase) + 1
        tokens.extend(padded[cursor:].split())
        return tokens, [(p, t, i, c) for _, p, t, i, c in found]

    def _closest(self, words: str) -> Resolution | None:
        tokens, entities = self._spot(words)
        best: tuple[float, _Sample] | None = None
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(tokens)
        for sample in self.samples:
            if any(t == f"<{QUESTION_TYPE}>" for t in sample.template):
                continue
            matcher.set_seq1(sample.template)
            if matcher.real_quick_ratio() < CLOSEST_THRESHOLD:
                continue
            score = matcher.ratio() - UNFILLABLE_PENALTY * sum(
                1 for e in entities if e[1] not in self._slot_types[sample.intent]
            )
            if score >= CLOSEST_THRESHOLD and (best is None or score > best[0]):
                best = (score, sample)
        if best is None:
            return None
        sample = best[1]
        declared = self.intent_slots[sample.intent]
        slots = self._empty_slots(sample.intent)
        pool = list(entities)
        # The sample's own slots first, in order; then words the sample had no slot for still
        # count when the intent has a free slot of their type ("tell me about laser recovery").
        for name in (*sample.slot_names, *declared):
            if name in declared and slots[name].value is None:
                entity = next((e for e in pool if e[1] == declared[name]), None)
                if entity is not None:
                    pool.remove(entity)
                    phrase, type_name, value_id, canonical = entity
                    slots[name] = SlotFill(name, type_name, phrase, value_id, canonical)
        return Resolution(sample.intent, slots, "closest")

    def _question_intent(self) -> str | None:
        for intent, slots in self.intent_slots.items():
            if QUESTION_TYPE in slots.values():
                return intent
        return None

    def _search(self, text: str) -> Resolution:
        intent = self._question_intent()
        assert intent is not None
        name = next(n for n, t in self.intent_slots[intent].items() if t == QUESTION_TYPE)
        return Resolution(intent, {name: SlotFill(name, QUESTION_TYPE, text.strip())}, "search")
