"""Regional word overrides. Content is written in US English; :func:`regionalize` swaps
US words and spellings for the listener's locale at response time.

Keys are lowercase and matched case-insensitively at word boundaries; plurals and other
inflections are listed explicitly. Patterns are compiled lazily, once per locale.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Spelling changes shared by British-style locales (they mostly matter on cards, since
# the spoken forms sound the same).
_COMMONWEALTH_SPELLING: dict[str, str] = {
    "afterward": "afterwards",
    "anesthesia": "anaesthesia",
    "anesthetic": "anaesthetic",
    "anesthetics": "anaesthetics",
    "color": "colour",
    "colors": "colours",
    "colored": "coloured",
    "discoloration": "discolouration",
    "esthetician": "aesthetician",
    "estheticians": "aestheticians",
    "moisturize": "moisturise",
    "moisturized": "moisturised",
    "moisturizer": "moisturiser",
    "moisturizers": "moisturisers",
    "moisturizing": "moisturising",
    "neutralize": "neutralise",
    "neutralized": "neutralised",
    "pediatric": "paediatric",
    "pediatrician": "paediatrician",
    "pediatricians": "paediatricians",
    "retinization": "retinisation",
    "vaporize": "vaporise",
    "vaporized": "vaporised",
}

_GP: dict[str, str] = {
    "primary care doctor": "GP",
    "primary care doctors": "GPs",
}

REGIONAL_WORDS: dict[str, dict[str, str]] = {
    "en-US": {},
    "en-GB": {
        **_COMMONWEALTH_SPELLING,
        **_GP,
        "sunscreen": "sun cream",
        "sunscreens": "sun creams",
    },
    # Australians say "sunscreen", so it stays.
    "en-AU": {**_COMMONWEALTH_SPELLING, **_GP},
    # "Sunscreen" is also the usual word in India, so it stays.
    "en-IN": {**_COMMONWEALTH_SPELLING, **_GP},
    # Canada keeps US vocabulary, with Canadian spelling and "family doctor".
    "en-CA": {
        "primary care doctor": "family doctor",
        "primary care doctors": "family doctors",
        "color": "colour",
        "colors": "colours",
        "colored": "coloured",
        "discoloration": "discolouration",
    },
}


@lru_cache(maxsize=16)
def _compiled(locale: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    words = REGIONAL_WORDS.get(locale)
    if not words:
        return None
    # Longest first, so multi-word phrases win over any shorter key they contain.
    keys = sorted(words, key=len, reverse=True)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b",
        re.IGNORECASE,
    )
    return pattern, words


def regionalize(text: str, locale: str) -> str:
    """Return ``text`` with US words replaced by the locale's words.

    Unknown locales and en-US return the text unchanged. A capital first letter in the
    matched word is kept (``"Sunscreen"`` becomes ``"Sun cream"`` for en-GB).
    """
    if not text or not locale:
        return text
    compiled = _compiled(locale.replace("_", "-"))
    if compiled is None:
        return text
    pattern, words = compiled

    def _swap(match: re.Match[str]) -> str:
        found = match.group(0)
        replacement = words[found.lower()]
        if found[0].isupper():
            replacement = replacement[0].upper() + replacement[1:]
        return replacement

    return pattern.sub(_swap, text)
