"""Slotted samples as matchers of plain text, and an index that finds the ones a text fits.

The model build (a plain sample that another intent's slotted sample accepts gives way) and the
validator (the same check on any model) both ask: which slotted samples accept this plain
text? Trying every slotted sample on every plain one was most of their time, so
:class:`Acceptors` files the samples by their first literal part (their last, when they begin
with a slot) and tries a text only on those whose first part begins it (or last part ends it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class SlottedPattern:
    """A slotted sample as a matcher of plain text: its literal parts, and between them each
    slot's phrases (``None``: a built-in type, which takes any words).

    A text matches when some split of it puts the literal parts in place and, between them,
    one of each slot's phrases (or, for a built-in type, one or more characters on one line).
    One slot (most samples) is a set lookup; with several, each place where the next literal
    part occurs is tried. (Compiling a long alternation of phrases into a regular expression
    for each of thousands of samples was most of the model build's time.)
    """

    literals: tuple[str, ...]
    slots: tuple[frozenset[str] | None, ...]

    def fullmatch(self, text: str) -> bool:
        head, tail = self.literals[0], self.literals[-1]
        if len(text) <= len(head) + len(tail):
            return False
        if not (text.startswith(head) and text.endswith(tail)):
            return False
        return self._fits(text[len(head) : len(text) - len(tail)], 0)

    def _fits(self, text: str, slot: int) -> bool:
        """``text`` is slot ``slot``'s words, then the literal parts and slots after it."""
        phrases = self.slots[slot]
        if slot == len(self.slots) - 1:
            return _fills(phrases, text)
        literal = self.literals[slot + 1]
        end = text.find(literal, 0 if phrases is not None else 1)
        while end != -1:
            if _fills(phrases, text[:end]) and self._fits(text[end + len(literal) :], slot + 1):
                return True
            end = text.find(literal, end + 1)
        return False


def _fills(phrases: frozenset[str] | None, words: str) -> bool:
    """``words`` can fill a slot with these phrases (``None``: any words, on one line)."""
    if phrases is None:
        return bool(words) and "\n" not in words
    return words in phrases


class Acceptors(Generic[K]):
    """Slotted patterns, each with a key (its intent, its place in a list), found by the texts
    they accept: a pattern is filed by its first literal part, or by its last when it begins
    with a slot, so a text is tried only on the patterns whose ends it has."""

    def __init__(self, entries: Iterable[tuple[K, SlottedPattern]]) -> None:
        self._by_head: dict[str, list[tuple[K, SlottedPattern]]] = {}
        self._by_tail: dict[str, list[tuple[K, SlottedPattern]]] = {}
        self._anything: list[tuple[K, SlottedPattern]] = []  # a slot and nothing else
        for key, pattern in entries:
            head, tail = pattern.literals[0], pattern.literals[-1]
            if head:
                self._by_head.setdefault(head, []).append((key, pattern))
            elif tail:
                self._by_tail.setdefault(tail, []).append((key, pattern))
            else:
                self._anything.append((key, pattern))
        self._head_lengths = sorted({len(head) for head in self._by_head})
        self._tail_lengths = sorted({len(tail) for tail in self._by_tail})

    def accepting(self, text: str) -> Iterator[K]:
        """The keys of the patterns that accept ``text``, in no set order."""
        candidates = [
            *(self._by_head.get(text[:n], ()) for n in self._head_lengths if n < len(text)),
            *(self._by_tail.get(text[-n:], ()) for n in self._tail_lengths if n < len(text)),
            self._anything,
        ]
        for bucket in candidates:
            for key, pattern in bucket:
                if pattern.fullmatch(text):
                    yield key
