"""Slot tagging for the statistical resolver: which words of the utterance fill which slot of
the chosen intent.

In order: a literal sample of the intent (its slot positions give the spans); the slot type's
listed values and synonyms wherever they are said (a close misspelling of a one-word value
counts, as speech recognition would hear it); then, for a custom slot still empty, the words
that stand where a sample of the intent has the slot, between the same carrier words. Those
words fill the slot even when they are not a listed value (``ER_SUCCESS_NO_MATCH``), as Alexa
does. ``AMAZON.SearchQuery`` is never tagged: it is filled only through its carrier phrase.
"""

from __future__ import annotations

from difflib import SequenceMatcher, get_close_matches

from skill.simulator.nlu.compiled import SEARCH_QUERY, CompiledModel, Entity
from skill.simulator.nlu.types import SlotFill

MAX_SPAN = 6  # words in an unlisted slot value
MIN_ALIGNMENT = 0.5  # how closely the utterance must follow the sample around the slot
FUZZY_CUTOFF = 0.86
FUZZY_MIN_LETTERS = 5  # shorter values and words are never matched through a misspelling


def tag(model: CompiledModel, intent: str, text: str) -> dict[str, SlotFill]:
    """The chosen intent's slots, filled from the words."""
    declared = model.intent_slots.get(intent, {})
    if not declared:
        return {}
    literal = _literal(model, intent, text)
    if literal is not None:
        return literal
    tokens = text.split()
    slots = model.empty_slots(intent)
    custom = {t for t in declared.values() if t != SEARCH_QUERY}
    entities = model.entities(tokens, custom) or _fuzzy_entities(model, tokens, custom)
    taken = [False] * len(tokens)
    for entity in _one_per_slot(entities, declared):
        name = next(
            (n for n, t in declared.items() if t == entity.type and slots[n].value is None), None
        )
        if name is None:
            continue
        slots[name] = SlotFill(name, entity.type, entity.phrase, entity.id, entity.canonical)
        taken[entity.start : entity.end] = [True] * (entity.end - entity.start)
    for name, slot_type in declared.items():
        if slot_type == SEARCH_QUERY or slots[name].value is not None:
            continue
        span = _aligned_span(model, intent, name, tokens, taken)
        if span is not None:
            start, end = span
            taken[start:end] = [True] * (end - start)
            slots[name] = model.resolve_value(name, slot_type, " ".join(tokens[start:end]))
    return slots


def _one_per_slot(entities: list[Entity], declared: dict[str, str]) -> list[Entity]:
    """Where a type fills one slot and several of its values were said, the longest phrase
    (the most specific words) fills it; types with several slots keep the order said."""
    kept: list[Entity] = []
    for type_name in {e.type for e in entities}:
        of_type = [e for e in entities if e.type == type_name]
        if sum(t == type_name for t in declared.values()) == 1:
            of_type = [max(of_type, key=lambda e: e.end - e.start)]
        kept.extend(of_type)
    return sorted(kept, key=lambda e: e.start)


def _literal(model: CompiledModel, intent: str, text: str) -> dict[str, SlotFill] | None:
    """The slots of the intent's literal sample that the words match, if any does."""
    best: tuple[tuple[int, int], dict[str, SlotFill]] | None = None
    for sample in model.by_intent.get(intent, ()):
        if not sample.slot_names or sample in model.carrier_set:
            continue
        match = sample.pattern.match(text)
        if match is None:
            continue
        slots = model.empty_slots(intent)
        for name, said in match.groupdict().items():
            slots[name] = model.resolve_value(name, slots[name].type, said)
        if any(f.id is None for f in slots.values() if f.value is not None):
            continue  # unlisted words in a literal sample's slot: let tagging find the span
        rank = (sample.literal_len, sum(f.id is not None for f in slots.values()))
        if best is None or rank > best[0]:
            best = (rank, slots)
    return best[1] if best else None


def _fuzzy_entities(model: CompiledModel, tokens: list[str], types: set[str]) -> list[Entity]:
    """One-word values heard through a small misspelling ("cryotheraphy")."""
    singles = {
        phrase: (type_name, value_id, canonical)
        for type_name in types
        for phrase, (value_id, canonical) in model.values.get(type_name, {}).items()
        if " " not in phrase and len(phrase) >= FUZZY_MIN_LETTERS
    }
    found = []
    for i, token in enumerate(tokens):
        if len(token) < FUZZY_MIN_LETTERS or token in singles:
            continue
        close = get_close_matches(token, singles, n=1, cutoff=FUZZY_CUTOFF)
        if close:
            type_name, value_id, canonical = singles[close[0]]
            found.append(Entity(i, i + 1, type_name, value_id, canonical, token))
    return found


def _aligned_span(
    model: CompiledModel, intent: str, slot: str, tokens: list[str], taken: list[bool]
) -> tuple[int, int] | None:
    """The span of words where a sample of the intent has ``slot``, between its carriers."""
    placeholder = "{" + slot + "}"
    best: tuple[tuple[bool, float], tuple[int, int]] | None = None
    for sample in model.by_intent.get(intent, ()):
        if placeholder not in sample.tokens:
            continue
        at = sample.tokens.index(placeholder)
        before = [t for t in sample.tokens[max(0, at - 2) : at] if not t.startswith("{")]
        after = next((t for t in sample.tokens[at + 1 :] if not t.startswith("{")), None)
        for start in _starts(tokens, before):
            if after is None:
                end = len(tokens)
            elif after in tokens[start + 1 :]:
                end = tokens.index(after, start + 1)
            else:
                continue
            if not 0 < end - start <= MAX_SPAN or any(taken[start:end]):
                continue
            shaped = [*tokens[:start], placeholder, *tokens[end:]]
            ratio = SequenceMatcher(None, sample.tokens, shaped, autojunk=False).ratio()
            # a sample with carrier words around the slot beats a bare "{slot}" sample
            score = (len(sample.tokens) > 1, ratio)
            if ratio >= MIN_ALIGNMENT and (best is None or score > best[0]):
                best = (score, (start, end))
    return best[1] if best else None


def _starts(tokens: list[str], before: list[str]) -> list[int]:
    """Where a span may start: just after each occurrence of the carrier words before it."""
    if not before:
        return [0]
    n = len(before)
    return [i + n for i in range(len(tokens) - n + 1) if tokens[i : i + n] == before]
