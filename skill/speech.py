"""Turning plain answers into Alexa output: SSML, cards, APL and the open-mic rules.

Content stays plain text. This module alone knows SSML: escaping, pronunciations, the allowed
tags, and the 8,000-character limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import unescape
from importlib import resources
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import StandardCard

from skill.content.regional import regionalize

MAX_SSML_CHARS = 8000

# Words Alexa tends to misread. IPA for the exact sound; ``sub`` would change the card text.
PRONUNCIATIONS: dict[str, str] = {
    "milia": "ˈmɪliə",
    "milium": "ˈmɪliəm",
    "tretinoin": "ˈtrɛtɪnoʊɪn",
    "comedone": "ˈkɒmɪdoʊn",
    "comedones": "ˈkɒmɪdoʊnz",
}

# Tags Alexa accepts in outputSpeech (developer docs, "SSML reference").
ALLOWED_TAGS = frozenset(
    {
        "speak",
        "p",
        "s",
        "break",
        "emphasis",
        "lang",
        "phoneme",
        "prosody",
        "say-as",
        "sub",
        "voice",
        "w",
        "audio",
        "amazon:domain",
        "amazon:effect",
        "amazon:emotion",
    }
)

APL_INTERFACE = "Alexa.Presentation.APL"
APL_TOKEN = "miliaGuide"


@lru_cache(maxsize=1)
def _pronunciation_pattern() -> re.Pattern[str]:
    words = sorted(PRONUNCIATIONS, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE)


def _escape(text: str) -> str:
    return text.replace("&", "and").replace("<", " ").replace(">", " ")


@lru_cache(maxsize=2048)
def to_ssml(text: str, locale: str = "en-US") -> str:
    """Plain text to a ``<speak>`` document, with regional wording and pronunciations."""
    spoken = _escape(regionalize(text, locale))

    def phoneme(match: re.Match[str]) -> str:
        word = match.group(0)
        ipa = PRONUNCIATIONS[word.lower()]
        return f'<phoneme alphabet="ipa" ph="{ipa}">{word}</phoneme>'

    return f"<speak>{_pronunciation_pattern().sub(phoneme, spoken)}</speak>"


@lru_cache(maxsize=1)
def _tag_pattern() -> re.Pattern[str]:
    return re.compile(r"<[^>]+>")


def strip_ssml(ssml: str) -> str:
    """What a person hears, as text: tags removed, entities decoded, spaces tidied."""
    return " ".join(unescape(_tag_pattern().sub("", ssml)).split())


def validate_ssml(ssml: str) -> list[str]:
    """Problems with an SSML document: well-formedness, allowed tags and length."""
    from xml.etree import ElementTree

    problems: list[str] = []
    if len(ssml) >= MAX_SSML_CHARS:
        problems.append(f"SSML is {len(ssml)} characters; Alexa allows under {MAX_SSML_CHARS}")
    wrapped = ssml.replace("amazon:", "amazon_")
    try:
        root = ElementTree.fromstring(wrapped)
    except ElementTree.ParseError as exc:
        return [*problems, f"SSML is not well-formed XML: {exc}"]
    if root.tag != "speak":
        problems.append(f"SSML root is <{root.tag}>, not <speak>")
    for element in root.iter():
        tag = element.tag.replace("amazon_", "amazon:")
        if tag not in ALLOWED_TAGS:
            problems.append(f"SSML uses <{tag}>, which Alexa does not allow")
        if tag == "phoneme" and element.get("alphabet") not in {"ipa", "x-sampa"}:
            problems.append("SSML <phoneme> needs alphabet ipa or x-sampa")
    if not strip_ssml(ssml):
        problems.append("SSML has no spoken text")
    return problems


def word_count(text: str) -> int:
    """Words in a plain-text answer (what the voice-style rule of about 60 words counts)."""
    return len(text.split())


@dataclass(slots=True)
class Reply:
    """A complete answer in plain text; ``render`` turns it into an Alexa response."""

    speech: str
    reprompt: str | None = None
    card_title: str | None = None
    card_text: str | None = None
    end_session: bool = False
    screen: dict[str, Any] | None = field(default=None)


def supports_apl(handler_input: HandlerInput) -> bool:
    """True when the device has a screen that renders APL."""
    device = handler_input.request_envelope.context.system.device
    interfaces = getattr(device, "supported_interfaces", None)
    if interfaces is None:
        return False
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


@cache
def _apl_document(name: str) -> dict[str, Any]:
    text = resources.files("skill.apl").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def apl_directive(screen: dict[str, Any]) -> Any:
    """A RenderDocument directive for the answer's screen data (``skill/apl/*.json``)."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(
        token=APL_TOKEN,
        document=_apl_document(screen.get("document", "answer")),
        datasources={"miliaData": screen},
    )


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    """Build the response: SSML speech, reprompt while the mic stays open, card and APL."""
    locale = handler_input.request_envelope.request.locale or "en-US"
    builder = handler_input.response_builder
    builder.speak(to_ssml(reply.speech, locale))
    if not reply.end_session:
        builder.ask(to_ssml(reply.reprompt or reply.speech, locale))
    builder.set_should_end_session(reply.end_session)
    if reply.card_title and reply.card_text:
        builder.set_card(
            StandardCard(
                title=regionalize(reply.card_title, locale),
                text=regionalize(reply.card_text, locale),
            )
        )
    if reply.screen and supports_apl(handler_input):
        builder.add_directive(apl_directive(reply.screen))
    return builder.response
