"""Regional word overrides and per-locale facts. Content is written in US English;
:func:`regionalize` swaps US words and spellings for the listener's locale at response time,
and fills each ``{fact}`` placeholder with that locale's sentence from :data:`LOCAL_FACTS`.

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
        # Babies in the UK are seen by the GP or the health visitor first.
        "pediatrician": "GP or health visitor",
        "pediatricians": "GPs or health visitors",
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


# Facts that differ by country, filled into ``{name}`` placeholders. "default" is used for a
# locale without its own sentence (and when no locale is known): the cautious wording.
# Adapalene 0.1% gel is sold over the counter in the US (labelled for ages 12 and up); in the
# UK and Australia it is prescription-only. For Canada and India the reference notes give no
# checked answer, so those listeners are sent to a pharmacist.
LOCAL_FACTS: dict[str, dict[str, str]] = {
    "adapalene_access": {
        "en-US": "In the US, adapalene is sold over the counter, for ages twelve and up.",
        "en-GB": "In the UK, adapalene needs a prescription.",
        "en-AU": "In Australia, adapalene needs a prescription.",
        "default": "Whether adapalene needs a prescription varies, so check with a pharmacist.",
    },
    "fever": {
        "en-US": "one hundred point four degrees Fahrenheit",
        "default": "thirty-eight degrees Celsius",
    },
    "coverage": {
        "en-US": "Health insurance usually doesn't pay for removal, because it's seen as cosmetic.",
        "en-GB": "The NHS usually doesn't remove milia, because it's seen as cosmetic.",
        "en-AU": "Medicare usually doesn't cover removal, because it's seen as cosmetic.",
        "en-CA": "Provincial health plans usually don't cover removal, because it's cosmetic.",
        "default": "Health insurance usually doesn't pay for removal, because it's cosmetic.",
    },
}


def local_fact(name: str, locale: str | None) -> str:
    """The sentence for fact ``name`` in ``locale`` (the cautious default if it has none)."""
    facts = LOCAL_FACTS[name]
    return facts.get((locale or "").replace("_", "-")) or facts["default"]


def fill_facts(text: str, locale: str | None) -> str:
    """``text`` with every ``{fact}`` placeholder replaced by the locale's sentence."""
    if "{" not in text:
        return text
    for name in LOCAL_FACTS:
        token = "{" + name + "}"
        if token in text:
            text = text.replace(token, local_fact(name, locale))
    return text


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
    matched word is kept (``"Sunscreen"`` becomes ``"Sun cream"`` for en-GB). Per-locale
    facts (``{adapalene_access}``) are filled in first, for every locale.
    """
    if not text:
        return text
    text = fill_facts(text, locale)
    if not locale:
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
