"""Typed or transcribed words, cleaned the one way every matcher in the skill expects."""

from __future__ import annotations


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
