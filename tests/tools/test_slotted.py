"""Slotted samples matched against plain text (the model build and the validator's ambiguity
check): a text fits when some split of it puts the literal parts in place and a phrase of each
slot between them; the index finds exactly the samples that trying every one would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.tools.slotted import Acceptors, SlottedPattern

TREATMENTS = frozenset({"a peel", "peels", "laser", "a laser"})
ASPECTS = frozenset({"aftercare", "the aftercare", "cost"})


def test_one_slot_takes_its_listed_phrases_only() -> None:
    pattern = SlottedPattern(("tell me about ", ""), (TREATMENTS,))
    assert pattern.fullmatch("tell me about a peel")
    assert not pattern.fullmatch("tell me about a peeling")
    assert not pattern.fullmatch("tell me about ")


def test_two_slots_try_every_split() -> None:
    # The slots are split at a space: not the first one ("a" is no treatment), the second.
    pattern = SlottedPattern(("", " ", ""), (TREATMENTS, ASPECTS))
    assert pattern.fullmatch("a laser the aftercare")
    assert pattern.fullmatch("peels cost")
    assert not pattern.fullmatch("a laser the price")
    assert not pattern.fullmatch("a laser")


def test_a_built_in_slot_takes_any_words_on_one_line() -> None:
    pattern = SlottedPattern(("search for ", " please"), (None,))
    assert pattern.fullmatch("search for anything at all please")
    assert not pattern.fullmatch("search for please")  # nothing in the slot
    assert not pattern.fullmatch("search for two\nlines please")


WORDS = st.sampled_from(["a", "b", "a b", " ", "ab", ""])
TEXT = st.lists(WORDS, max_size=6).map("".join)
PATTERN = st.integers(1, 3).flatmap(
    lambda n: st.builds(
        SlottedPattern,
        st.tuples(*[TEXT] * (n + 1)),
        st.tuples(*[st.none() | st.frozensets(TEXT, min_size=1, max_size=3)] * n),
    )
)


@settings(max_examples=100, deadline=None)
@given(st.lists(PATTERN, max_size=8), st.lists(TEXT, max_size=8))
def test_the_index_finds_what_trying_every_pattern_finds(
    patterns: list[SlottedPattern], texts: list[str]
) -> None:
    acceptors = Acceptors(enumerate(patterns))
    for text in texts:
        tried = sorted(i for i, pattern in enumerate(patterns) if pattern.fullmatch(text))
        assert sorted(acceptors.accepting(text)) == tried
