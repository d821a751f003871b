"""Turning plain answers into Alexa output: SSML, cards, APL and the open-mic rules.

Content stays plain text. This module alone knows SSML: escaping, pronunciations, the allowed
tags, and the 8,000-character limit.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import StandardCard

from skill.content.regional import regionalize
from skill.core import state

MAX_SSML_CHARS = 8000

# Words Alexa tends to misread. IPA for the exact sound; ``sub`` would change the card text.
PRONUNCIATIONS: dict[str, str] = {
    "milia": "ˈmɪliə",
    "milium": "ˈmɪliəm",
    "tretinoin": "ˈtrɛtɪnɔɪn",  # TRET-i-noyn
    "comedone": "ˈkɒmɪdoʊn",
    "comedones": "ˈkɒmɪdoʊnz",
    "adapalene": "əˈdæpəliːn",  # a-DAP-a-leen
    "xanthelasma": "ˌzænθəˈlæzmə",  # zan-thuh-LAZ-muh
    "syringoma": "ˌsɪrɪŋˈɡoʊmə",  # sir-ing-GOH-muh
    "syringomas": "ˌsɪrɪŋˈɡoʊməz",
    "curettage": "ˌkjʊərɪˈtɑːʒ",  # kyoor-uh-TAHZH
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
APL_DATA = "miliaData"  # the datasource name the documents bind to


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
    from html import unescape  # not on the cold-start path: only the simulator strips SSML

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


@lru_cache(maxsize=1)
def _spoken_as() -> re.Pattern[str]:
    return re.compile(r"<(phoneme|sub)\b[^>]*>.*?</\1>", re.DOTALL)


def missing_pronunciations(ssml: str) -> list[str]:
    """Words from :data:`PRONUNCIATIONS` spoken without a ``<phoneme>`` or ``<sub>`` around
    them (an empty list when every one is covered)."""
    bare = strip_ssml(_spoken_as().sub(" ", ssml))
    return sorted({m.group(0).lower() for m in _pronunciation_pattern().finditer(bare)})


def word_count(text: str) -> int:
    """Words in a plain-text answer (what the voice-style rule of about 60 words counts)."""
    return len(text.split())


class Reply(NamedTuple):
    """A complete answer in plain text; ``render`` turns it into an Alexa response.

    A ``NamedTuple``, not a dataclass: it costs ~0.2 ms to define on the cold-start import path,
    a ``@dataclass(slots=True)`` ~0.6 ms (it builds the class twice)."""

    speech: str
    reprompt: str | None = None
    card_title: str | None = None
    card_text: str | None = None
    end_session: bool = False
    screen: dict[str, Any] | None = None


def supports_apl(handler_input: HandlerInput) -> bool:
    """True when the device has a screen that renders APL."""
    # ask-sdk-model types every envelope field Optional; Alexa always sends context.System.
    device = handler_input.request_envelope.context.system.device  # type: ignore[union-attr]
    interfaces = getattr(device, "supported_interfaces", None)
    if interfaces is None:
        return False
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


@cache
def _apl_document(name: str) -> dict[str, Any]:
    from importlib import resources  # costly import (tempfile, shutil...): only for screens

    text = resources.files("skill.apl").joinpath(f"{name}.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def apl_document(name: str = "answer") -> dict[str, Any]:
    """A copy of the APL document ``skill/apl/<name>.json``."""
    document: dict[str, Any] = json.loads(json.dumps(_apl_document(name)))
    return document


def _regional(value: Any, locale: str) -> Any:
    if isinstance(value, str):
        return regionalize(value, locale)
    if isinstance(value, list | tuple):
        return [_regional(v, locale) for v in value]
    if isinstance(value, dict):
        return {k: _regional(v, locale) for k, v in value.items()}
    return value


def apl_datasource(screen: dict[str, Any], locale: str = "en-US") -> dict[str, Any]:
    """The ``miliaData`` object for a screen: every field but ``document``, in local wording."""
    data = {k: v for k, v in screen.items() if k != "document"}
    return {APL_DATA: _regional(data, locale)}


def apl_directive(screen: dict[str, Any], locale: str = "en-US") -> Any:
    """A RenderDocument directive for the answer's screen data (``skill/apl/*.json``)."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(
        token=APL_TOKEN,
        document=apl_document(screen.get("document", "answer")),
        datasources=apl_datasource(screen, locale),
    )


# APL component types and text styles a document in skill/apl may use.
APL_COMPONENTS = frozenset(
    {"Container", "Frame", "Image", "ScrollView", "Sequence", "Text", "TouchWrapper"}
)


@lru_cache(maxsize=1)
def _apl_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Bindings, datasource fields and resources, compiled for the checks only (not at import)."""
    return (
        re.compile(r"\$\{([^}]*)\}"),
        re.compile(r"\b" + APL_DATA + r"\.([A-Za-z_]+)"),
        re.compile(r"^@([A-Za-z0-9_]+)$"),
    )


def validate_apl(document: Any, datasource: dict[str, Any] | None = None) -> list[str]:
    """Problems with an APL document: shape, known components, defined styles and resources,
    and (given one) a ``miliaData`` datasource that has every field the document binds."""
    if not isinstance(document, dict):
        return ["APL document is not a JSON object"]
    problems = _apl_shape_problems(document)
    main = document.get("mainTemplate")
    if not isinstance(main, dict) or not main.get("items"):
        return [*problems, "APL document needs a mainTemplate with items"]
    if main.get("parameters") != [APL_DATA]:
        problems.append(f"APL mainTemplate parameters must be [{APL_DATA!r}]")
    walk = _AplWalk(set(document.get("styles") or {}), _apl_resources(document))
    walk.node(main, "mainTemplate")
    problems.extend(walk.problems)
    if datasource is not None:
        problems.extend(_apl_datasource_problems(datasource, walk.fields))
    return problems


def _apl_shape_problems(document: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if document.get("type") != "APL":
        problems.append('APL document needs "type": "APL"')
    if not isinstance(document.get("version"), str):
        problems.append("APL document needs a version string")
    if document.get("import"):
        problems.append("APL document imports packages; keep it self-contained")
    return problems


def _apl_resources(document: dict[str, Any]) -> set[str]:
    """The names the document's ``resources`` blocks define."""
    defined: set[str] = set()
    for block in document.get("resources") or []:
        for kind, values in block.items():
            if kind not in ("when", "description") and isinstance(values, dict):
                defined.update(values)
    return defined


class _AplWalk:
    """One pass over a template: the datasource fields it binds, and its unknown component
    types, styles and resources."""

    def __init__(self, styles: set[str], resources: set[str]) -> None:
        self.styles = styles
        self.resources = resources
        self.problems: list[str] = []
        self.fields: set[str] = set()

    def node(self, node: Any, path: str) -> None:
        if isinstance(node, list):
            for i, child in enumerate(node):
                self.node(child, f"{path}[{i}]")
        elif isinstance(node, str):
            self._text(node, path)
        elif isinstance(node, dict):
            self._component(node, path)
            for key, value in node.items():
                self.node(value, f"{path}.{key}")

    def _text(self, text: str, path: str) -> None:
        binding, field_ref, resource = _apl_patterns()
        for expr in binding.findall(text):
            self.fields.update(field_ref.findall(expr))
        match = resource.match(text)
        if match and match.group(1) not in self.resources:
            self.problems.append(f"APL {path} uses undefined resource @{match.group(1)}")

    def _component(self, node: dict[str, Any], path: str) -> None:
        kind = node.get("type")
        if kind is not None and kind not in APL_COMPONENTS:
            self.problems.append(f"APL {path} has unknown component type {kind!r}")
        style = node.get("style")
        if isinstance(style, str) and style not in self.styles:
            self.problems.append(f"APL {path} uses undefined style {style!r}")


def _apl_datasource_problems(datasource: dict[str, Any], fields: set[str]) -> list[str]:
    data = datasource.get(APL_DATA)
    if not isinstance(data, dict):
        return [f"APL datasource has no {APL_DATA!r} object"]
    return [f"APL datasource lacks {APL_DATA}.{name}" for name in sorted(fields - set(data))]


def render(handler_input: HandlerInput, reply: Reply) -> Response:
    """Build the response: SSML speech, reprompt while the mic stays open, card and APL."""
    locale = state.request_of(handler_input).locale or "en-US"
    builder = handler_input.response_builder
    builder.speak(to_ssml(reply.speech, locale))
    if not reply.end_session:
        builder.ask(to_ssml(reply.reprompt or reply.speech, locale))
    builder.set_should_end_session(reply.end_session)
    view: dict[str, Any] = {}
    if reply.card_title and reply.card_text:
        view["card"] = {
            "title": regionalize(reply.card_title, locale),
            "text": regionalize(reply.card_text, locale),
        }
    if reply.screen:
        view["screen"] = reply.screen
    _show(handler_input, view)
    _remember_view(handler_input, view if not reply.end_session else {})
    return builder.response


def _show(handler_input: HandlerInput, view: dict[str, Any]) -> None:
    locale = state.request_of(handler_input).locale or "en-US"
    builder = handler_input.response_builder
    card = view.get("card")
    if isinstance(card, dict) and card.get("title") and card.get("text"):
        builder.set_card(StandardCard(title=card["title"], text=card["text"]))
    screen = view.get("screen")
    if isinstance(screen, dict) and supports_apl(handler_input):
        builder.add_directive(apl_directive(screen, locale))


def _remember_view(handler_input: HandlerInput, view: dict[str, Any]) -> None:
    session = handler_input.request_envelope.session
    if session is None:
        return
    state.remember_view(state.session_attributes(handler_input), view)


def show_last_view(handler_input: HandlerInput) -> None:
    """Add the last answer's card and screen again (for "repeat")."""
    if handler_input.request_envelope.session is None:
        return
    view = state.last_view(state.session_attributes(handler_input))
    if view is not None:
        _show(handler_input, view)
