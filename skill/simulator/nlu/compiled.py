"""An interaction model read once into the tables every resolver needs: the intents and their
slots, the samples as patterns, and the custom slot values with their synonyms.

It reads ``interaction_models/<locale>.json`` and nothing else: no skill code, no safety policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from skill.core.text import spot, words
from skill.simulator.nlu.builtins import BUILTIN_PHRASES, FUNCTION_WORDS, OUT_OF_DOMAIN
from skill.simulator.nlu.types import SlotFill

SEARCH_QUERY = "AMAZON.SearchQuery"
HEARING_CUTOFF = 0.75  # how close a typed word must be to a model word to be heard as it
MIN_HEARD_LETTERS = 4  # shorter typed words are heard as typed
MIN_CANDIDATE_LETTERS = 3  # shorter model words are never what a typed word meant
ONE_SLIP_LETTERS = 6  # a typo is one slip in a word this long or shorter, two in a longer one
_SLOT = re.compile(r"(\{[A-Za-z0-9_]+\})")


def normalise(text: str) -> str:
    """Lowercase words, apostrophes and dots dropped ("dr." -> "dr"), other punctuation as
    spaces: how speech recognition would write what was typed."""
    return " ".join(words(text, drop="'."))


@dataclass(frozen=True, slots=True)
class Sample:
    """One sample utterance, compiled: a full-match pattern with one group per slot."""

    intent: str
    text: str
    source: str  # the pattern's regular expression
    slot_names: tuple[str, ...]
    tokens: tuple[str, ...]  # literal words, with "{slot}" kept in place
    literal_len: int

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: an utterance is tried only on the samples that could match
        it, so a short-lived process (a one-shot question) compiles a few, not thousands."""
        return _pattern(self.source)


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True, slots=True)
class Entity:
    """A custom slot value's phrase found in an utterance."""

    start: int  # token index
    end: int  # token index, exclusive
    type: str
    id: str
    canonical: str
    phrase: str


class CompiledModel:
    """The parsed interaction model of one locale."""

    def __init__(self, model: dict[str, Any], locale: str) -> None:
        lm = model["interactionModel"]["languageModel"]
        self.locale = locale
        self.invocation = normalise(lm["invocationName"])
        config = lm.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {})
        self.fallback_sensitivity = str(config.get("level", "LOW")).upper()
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
        self.samples: list[Sample] = []
        for intent in lm["intents"]:
            slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self.intent_slots[intent["name"]] = slots
            said = list(intent.get("samples", []))
            said += [p for p in BUILTIN_PHRASES.get(intent["name"], ()) if p not in said]
            self.samples.extend(_compile(intent["name"], s, slots) for s in said)
        self.carriers = [s for s in self.samples if self._has_query(s)]
        self.carrier_set = frozenset(self.carriers)  # membership without comparing each
        self.by_intent: dict[str, list[Sample]] = {}
        for sample in self.samples:
            self.by_intent.setdefault(sample.intent, []).append(sample)
        # The samples a text can match, by the text's first character: a sample that starts
        # with words needs the text to start with them (its pattern is anchored); one that
        # starts with a slot can match any text. Model order is kept: it breaks ties.
        heads = [_head(sample) for sample in self.samples]
        self._open_samples = tuple(
            s for s, head in zip(self.samples, heads, strict=True) if not head
        )
        self._samples_by_first = {
            first: tuple(
                s
                for s, head in zip(self.samples, heads, strict=True)
                if not head or head[0] == first
            )
            for first in {head[0] for head in heads if head}
        }
        vocabulary = {w for s in self.samples for w in s.tokens if not w.startswith("{")}
        self._value_words = frozenset(
            w for table in self.values.values() for p in table for w in p.split()
        )
        vocabulary |= self._value_words
        domain = set(vocabulary)  # the skill's own words: samples and slot values
        vocabulary |= {w for p in OUT_OF_DOMAIN for w in normalise(p).split()}
        self.vocabulary = frozenset(vocabulary)
        self._long_words = sorted(w for w in vocabulary if len(w) >= MIN_CANDIDATE_LETTERS)
        self.domain_words = frozenset(domain - FUNCTION_WORDS)
        self._corrections: dict[str, str] = {}
        self._phrases = sorted(
            (
                (tuple(phrase.split()), type_name, value_id, canonical)
                for type_name, table in self.values.items()
                for phrase, (value_id, canonical) in table.items()
                if phrase
            ),
            key=lambda e: -len(e[0]),
        )

    def hear(self, text: str) -> str:
        """The words as speech recognition would write them. Recognition is biased towards the
        words the skill's model uses, so a typed misspelling ("hoem", "tweazers") is heard as
        the word it is closest to; words outside any model are left as typed."""
        tokens = text.split()
        return " ".join(self._heard(t) for t in tokens)

    def _heard(self, token: str) -> str:
        if token in self.vocabulary or len(token) < MIN_HEARD_LETTERS or not token.isalpha():
            return token
        return self._closest_word(token)

    def _closest_word(self, token: str) -> str:
        from difflib import get_close_matches

        found = self._corrections.get(token)
        if found is None:
            close = get_close_matches(token, self._long_words, n=5, cutoff=HEARING_CUTOFF)
            # a typo is one slip in a short word, two in a long one; "itch" is not "with"
            allowed = 1 if len(token) <= ONE_SLIP_LETTERS else 2
            # fewest edits first; on a tie, the word that sounds the same (same consonants:
            # "extracter" is "extractor", not "extracted"), then a word of a slot value
            # (recognition leans towards the model's catalogue of values)
            sound = _consonants(token)
            ranked = sorted(
                (_edits(token, w), _consonants(w) != sound, w not in self._value_words, w)
                for w in close
            )
            ranked = [r for r in ranked if r[0] <= allowed]
            found = self._corrections[token] = ranked[0][-1] if ranked else token
        return found

    def in_domain(self, text: str) -> float:
        """The share of the utterance's content words that the skill's model uses (1.0 when it
        has none): how Alexa tells a request for this skill from one for another."""
        content = [w for w in text.split() if w not in FUNCTION_WORDS]
        if not content:
            return 1.0
        return sum(w in self.domain_words for w in content) / len(content)

    def _has_query(self, sample: Sample) -> bool:
        slots = self.intent_slots.get(sample.intent, {})
        return any(slots.get(name) == SEARCH_QUERY for name in sample.slot_names)

    # -- entity resolution -----------------------------------------------------------------
    def resolve_value(self, slot: str, slot_type: str, said: str) -> SlotFill:
        """A slot filled with the spoken words; custom types resolve synonym -> id."""
        fill = SlotFill(slot, slot_type, said)
        match = self.values.get(slot_type, {}).get(normalise(said))
        if match is not None:
            fill.id, fill.canonical = match
        return fill

    def empty_slots(self, intent: str) -> dict[str, SlotFill]:
        return {n: SlotFill(n, t) for n, t in self.intent_slots.get(intent, {}).items()}

    def entities(self, tokens: list[str], types: set[str]) -> list[Entity]:
        """Known slot values of ``types`` in the tokens: longest first, never overlapping."""
        table = ((p[0], p[1:]) for p in self._phrases if p[1] in types)
        return [
            Entity(start, end, type_name, value_id, canonical, " ".join(tokens[start:end]))
            for start, end, (type_name, value_id, canonical) in spot(tokens, table)
        ]

    # -- literal samples (exact mode, and the first step of statistical mode) ---------------
    def exact(self, text: str, *, strict_values: bool) -> tuple[str, dict[str, SlotFill]] | None:
        """The literal sample that the words match, with the most literal words.

        With ``strict_values`` (virtual-alexa's rule), a custom slot must hold a listed value
        or synonym; otherwise any words fill it, and a listed value only breaks ties.
        """
        best: tuple[tuple[int, int], str, dict[str, SlotFill]] | None = None
        for sample in self._samples_by_first.get(text[:1], self._open_samples):
            match = sample.pattern.match(text)
            if match is None:
                continue
            slots = self.empty_slots(sample.intent)
            resolved = 0
            ok = True
            for name, said in match.groupdict().items():
                slot_type = self.intent_slots[sample.intent].get(name, SEARCH_QUERY)
                fill = self.resolve_value(name, slot_type, said)
                if slot_type != SEARCH_QUERY and fill.id is None and strict_values:
                    ok = False
                    break
                resolved += fill.id is not None
                slots[name] = fill
            if not ok:
                continue
            rank = (sample.literal_len, resolved)
            if best is None or rank > best[0]:
                best = (rank, sample.intent, slots)
        return (best[1], best[2]) if best else None


def _head(sample: Sample) -> str:
    """The sample's first literal word, or "" when it starts with a slot."""
    first = sample.tokens[0] if sample.tokens else "{"
    return "" if first.startswith("{") else first


def _compile(intent: str, sample: str, slots: dict[str, str]) -> Sample:
    regex, names, tokens, literal = [], [], [], 0
    for part in _SLOT.split(sample):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            names.append(name)
            regex.append(f"(?P<{name}>.+?)")
            tokens.append(part)
        elif part.strip():
            said = normalise(part)
            literal += len(said.split())
            regex.append(re.escape(said))
            tokens.extend(said.split())
    source = "^" + r"\s+".join(regex).replace(r"\ ", r"\s+") + "$"
    return Sample(intent, sample, source, tuple(names), tuple(tokens), literal)


def _consonants(word: str) -> str:
    """A rough sound key: the word's consonants, in order."""
    return "".join(ch for ch in word if ch not in "aeiouy")


def _edits(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``, a swap of two neighbouring letters counting as one (how far a
    typo is from a word; difflib's ratio can't tell "hoem" -> "home" from "hoem" -> "them")."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


@lru_cache(maxsize=8)
def compiled(model_json: str, locale: str) -> CompiledModel:
    """One compiled model per model text and locale, for the life of the process."""
    import json

    return CompiledModel(json.loads(model_json), locale)
