"""Training examples for the statistical resolver, made from the interaction model alone.

Each sample is said several times with its slots filled by the slot type's values and synonyms
(as Alexa's NLU learns from the model). ``AMAZON.SearchQuery`` samples are not used: that slot is
filled only through its carrier phrase. The built-in intents learn their usual phrases, and
``AMAZON.FallbackIntent`` learns everyday out-of-domain requests.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from skill.simulator.nlu.builtins import FALLBACK, OUT_OF_DOMAIN
from skill.simulator.nlu.compiled import SEARCH_QUERY, CompiledModel

FILLS_PER_SAMPLE = 4
SEED = 20261201


def examples(model: CompiledModel) -> Iterator[tuple[str, str]]:
    """``(text, intent)`` pairs: every sample with its slots filled, several ways."""
    rng = random.Random(SEED)
    phrases = {t: sorted(table) for t, table in model.values.items()}
    cursor = {t: 0 for t in phrases}
    for sample in model.samples:
        if sample in model.carrier_set:
            continue
        slots = model.intent_slots.get(sample.intent, {})
        if not sample.slot_names:
            yield " ".join(sample.tokens), sample.intent
            continue
        for _ in range(FILLS_PER_SAMPLE):
            out = []
            for token in sample.tokens:
                if not token.startswith("{"):
                    out.append(token)
                    continue
                slot_type = slots.get(token[1:-1], SEARCH_QUERY)
                pool = phrases.get(slot_type)
                if not pool:
                    out.append(token[1:-1])
                    continue
                # walk each value list in turn, so every synonym is learned somewhere
                i = cursor[slot_type] % len(pool)
                cursor[slot_type] += 1 + rng.randrange(3)
                out.append(pool[i])
            yield " ".join(out), sample.intent
    if FALLBACK in model.intent_slots:
        for text in OUT_OF_DOMAIN:
            yield text, FALLBACK
