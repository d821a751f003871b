"""Words to an intent and slots, the way Alexa's NLU would, from the interaction model alone.

Two modes:

* ``statistical`` (the default): an ``AMAZON.SearchQuery`` carrier phrase, else a literal sample
  with listed slot values, else the classifier (``statistical.py``) and slot tagging
  (``slots.py``); low confidence or an out-of-domain request is ``AMAZON.FallbackIntent``.
* ``exact``: literal samples only, with listed slot values (what virtual-alexa does). Anything
  else is ``AMAZON.FallbackIntent``. The floor: a request that resolves here resolves on a
  device too.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from skill.simulator.nlu.builtins import FALLBACK
from skill.simulator.nlu.compiled import SEARCH_QUERY, CompiledModel, compiled, normalise
from skill.simulator.nlu.slots import tag
from skill.simulator.nlu.types import NLU_MODES, Resolution, SlotFill

if TYPE_CHECKING:
    from skill.simulator.nlu.statistical import IntentClassifier

MODES = NLU_MODES

# The share of an utterance's content words the model must know, by fallbackIntentSensitivity:
# below it, the request is for another skill (higher sensitivity, more Fallback).
DOMAIN_SHARE = {"LOW": 0.34, "MEDIUM": 0.5, "HIGH": 0.67}


class Nlu:
    """An interaction model compiled for understanding, in one mode."""

    def __init__(self, model: dict[str, Any], locale: str, mode: str = "statistical") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown NLU mode {mode!r}; choose one of {', '.join(MODES)}")
        self.model = compiled(json.dumps(model, sort_keys=True), locale)
        self.locale = locale
        self.mode = mode
        self.invocation = self.model.invocation

    def resolve(self, text: str) -> Resolution:
        """Understand one utterance (the invocation phrases are handled by the session)."""
        said = self.model.hear(normalise(text))
        if self.mode == "exact":
            return self._exact_only(said)
        carried = self._carrier(said)
        if carried is not None:
            return carried
        hit = self.model.exact(said, strict_values=True)
        if hit is not None:
            return Resolution(hit[0], hit[1], "exact", 1.0)
        return self._classified(said)

    def _exact_only(self, said: str) -> Resolution:
        """The exact mode: a sample matches word for word, or it is the fallback."""
        hit = self.model.exact(said, strict_values=True)
        if hit is None:
            return Resolution(FALLBACK, {}, "fallback")
        return Resolution(hit[0], hit[1], "exact")

    def _classified(self, said: str) -> Resolution:
        """The statistical classifier's intent, unless the words are not the skill's."""
        intent, confidence = classifier(self.model).predict(said)
        share = DOMAIN_SHARE.get(self.model.fallback_sensitivity, DOMAIN_SHARE["LOW"])
        if self.model.in_domain(said) < share or intent == FALLBACK:
            return Resolution(FALLBACK, {}, "fallback", confidence)
        return Resolution(intent, tag(self.model, intent, said), "statistical", confidence)

    def warm(self) -> None:
        """Train the classifier now (the chat starts this in the background, so the first
        question that needs it doesn't wait for scikit-learn to load)."""
        if self.mode == "statistical":
            classifier(self.model)

    def ranked(self, text: str, n: int = 3) -> list[tuple[str, float]]:
        """The classifier's ``n`` likeliest intents (for tools that show the alternatives)."""
        return classifier(self.model).ranked(self.model.hear(normalise(text)), n)

    def _carrier(self, said: str) -> Resolution | None:
        """A SearchQuery sample whose carrier words frame the utterance."""
        best = None
        for sample in self.model.carriers:
            match = sample.pattern.match(said)
            if match and (best is None or sample.literal_len > best[0].literal_len):
                best = (sample, match)
        if best is None:
            return None
        sample, match = best
        slots = self.model.empty_slots(sample.intent)
        for name, value in match.groupdict().items():
            slot_type = self.model.intent_slots[sample.intent].get(name, SEARCH_QUERY)
            slots[name] = self.model.resolve_value(name, slot_type, value)
        return Resolution(sample.intent, slots, "carrier", 1.0)


_TRAINING = threading.Lock()


def classifier(model: CompiledModel) -> IntentClassifier:
    """The trained classifier of a compiled model (trained on first use, once per process,
    whichever thread asks first)."""
    with _TRAINING:
        return _classifier(model)


@lru_cache(maxsize=8)
def _classifier(model: CompiledModel) -> IntentClassifier:
    from skill.simulator.nlu.statistical import IntentClassifier

    return IntentClassifier(model)


__all__ = ["MODES", "Nlu", "Resolution", "SlotFill"]
