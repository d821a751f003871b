"""Typed or transcribed words, cleaned the one way every matcher in the skill expects, and the
one way of spotting known phrases in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def words(text: str, drop: str = "'") -> list[str]:
    """Lowercase words. Characters in ``drop`` vanish ("don't" -> "dont"); any other
    punctuation separates words. Curly apostrophes count as straight ones."""
    out = []
    for ch in text.lower().replace("’", "'"):
        if ch.isalnum() or ch.isspace():
            out.append(ch)
        elif ch not in drop:
            out.append(" ")
    return "".join(out).split()


def spot(
    tokens: Sequence[str], phrases: Iterable[tuple[tuple[str, ...], T]]
) -> list[tuple[int, int, T]]:
    """Phrases found in ``tokens``: ``(start, end, payload)`` in the order they are said.

    ``phrases`` are token tuples with a payload (a slot type and id, say), longest first: a
    phrase claims its tokens, so "chemical peel" wins over "peel" and no two matches overlap.
    The one entity spotter, for the skill's understanding of free text and for the
    simulator's slot tagging (each passes its own phrase table).
    """
    at: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        at.setdefault(token, []).append(i)
    taken = [False] * len(tokens)
    found: list[tuple[int, int, T]] = []
    for phrase, payload in phrases:
        n = len(phrase)
        for i in at.get(phrase[0], ()) if n else ():
            if tuple(tokens[i : i + n]) == phrase and not any(taken[i : i + n]):
                taken[i : i + n] = [True] * n
                found.append((i, i + n, payload))
    found.sort(key=lambda match: match[0])
    return found
