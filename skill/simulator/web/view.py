"""What the browser simulator shows for a turn, as plain JSON: the NLU's reading, the slots with
entity resolution, the safety gate's decision, speech for the browser to say, card and APL."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

# SSML <break strength> as milliseconds (Alexa's documented defaults, rounded).
BREAK_STRENGTH_MS = {
    "none": 0,
    "x-weak": 100,
    "weak": 250,
    "medium": 400,
    "strong": 700,
    "x-strong": 1000,
}
SENTENCE_PAUSE_MS = 250
PARAGRAPH_PAUSE_MS = 600
MAX_PAUSE_MS = 10_000  # SSML allows breaks up to 10 s


def _break_ms(element: ElementTree.Element) -> int:
    time = (element.get("time") or "").strip().lower()
    try:
        if time.endswith("ms"):
            return min(int(float(time[:-2])), MAX_PAUSE_MS)
        if time.endswith("s"):
            return min(int(float(time[:-1]) * 1000), MAX_PAUSE_MS)
    except ValueError:
        pass
    return BREAK_STRENGTH_MS.get((element.get("strength") or "medium").lower(), 400)


def speech_segments(ssml: str | None) -> list[dict[str, Any]]:
    """SSML reduced to what a speech synthesiser can say: ``[{"text", "pause"}]``, where
    ``pause`` is the silence in milliseconds after the text (breaks, sentence and paragraph
    ends). ``<sub>`` says its alias, ``<phoneme>`` its written word, ``<audio>`` nothing."""
    if not ssml:
        return []
    try:
        # "amazon:" tags have no namespace declaration in Alexa's SSML
        root = ElementTree.fromstring(
            ssml.replace("<amazon:", "<amazon_").replace("</amazon:", "</amazon_")
        )
    except ElementTree.ParseError:
        from skill.core.speech import strip_ssml

        text = strip_ssml(ssml)
        return [{"text": text, "pause": 0}] if text else []
    speech = _Speech()
    speech.walk(root)
    return speech.segments()


# The pause after an element's text, by tag: paragraph and sentence ends.
_END_PAUSE_MS = {"p": PARAGRAPH_PAUSE_MS, "s": SENTENCE_PAUSE_MS}


class _Speech:
    """What SSML says, as it is walked: runs of text, each with the pause after it."""

    def __init__(self) -> None:
        self._runs: list[dict[str, Any]] = [{"text": "", "pause": 0}]

    def say(self, text: str | None) -> None:
        if text and text.strip():
            last = self._runs[-1]
            if last["pause"]:
                self._runs.append({"text": text, "pause": 0})
            else:
                last["text"] += text

    def pause(self, ms: int) -> None:
        self._runs[-1]["pause"] = max(self._runs[-1]["pause"], ms)

    def walk(self, element: ElementTree.Element) -> None:
        tag = element.tag.split("}")[-1]
        if tag == "break":
            self.pause(_break_ms(element))
        elif tag == "sub":
            self.say(element.get("alias") or "".join(element.itertext()))
        elif tag != "audio":
            self.say(element.text)
            for child in element:
                self.walk(child)
                self.say(child.tail)
            if tag in _END_PAUSE_MS:
                self.pause(_END_PAUSE_MS[tag])

    def segments(self) -> list[dict[str, Any]]:
        """The runs with their whitespace collapsed; a pause without text joins the one
        before it, and nothing follows the last."""
        out: list[dict[str, Any]] = []
        for run in self._runs:
            text = " ".join(run["text"].split())
            if text:
                out.append({"text": text, "pause": run["pause"]})
            elif out:
                out[-1]["pause"] = max(out[-1]["pause"], run["pause"])
        if out:
            out[-1]["pause"] = 0
        return out


def _obj(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else ``{}``: hand-written envelopes can hold anything."""
    return value if isinstance(value, dict) else {}


def slots_of(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Every slot of an IntentRequest, with its entity resolution (``resolutionsPerAuthority``)
    read from the request envelope, as Alexa sent it to the skill."""
    intent = _obj(_obj(request.get("request")).get("intent"))
    out = []
    for name, slot in _obj(intent.get("slots")).items():
        if not isinstance(slot, dict):
            continue
        resolutions = []
        per_authority = _obj(slot.get("resolutions")).get("resolutionsPerAuthority")
        for authority in per_authority if isinstance(per_authority, list) else []:
            if not isinstance(authority, dict):
                continue
            values = authority.get("values")
            resolutions.append(
                {
                    "authority": authority.get("authority"),
                    "status": _obj(authority.get("status")).get("code"),
                    "values": [
                        {
                            "name": _obj(v.get("value")).get("name"),
                            "id": _obj(v.get("value")).get("id"),
                        }
                        for v in (values if isinstance(values, list) else [])
                        if isinstance(v, dict)
                    ],
                }
            )
        out.append({"name": name, "value": slot.get("value"), "resolutions": resolutions})
    return out


def apl_of(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The APL documents a response renders: ``[{"document", "datasources"}]``."""
    directives = _obj(response.get("response")).get("directives")
    if not isinstance(directives, list):
        return []
    return [
        {"document": d.get("document"), "datasources": d.get("datasources") or {}}
        for d in directives
        if isinstance(d, dict) and d.get("type") == "Alexa.Presentation.APL.RenderDocument"
    ]


def card_of(response: dict[str, Any]) -> dict[str, Any] | None:
    card = _obj(response.get("response")).get("card")
    if not isinstance(card, dict):
        return None
    return {
        "type": card.get("type"),
        "title": card.get("title"),
        "text": card.get("text") or card.get("content"),
    }


def verdict_of(trace_verdict: object | None) -> dict[str, Any] | None:
    """The safety gate's verdict as the skill's trace reported it (``None`` when the gate did
    not run). The simulator only shows it: it never imports the gate."""
    return trace_verdict if isinstance(trace_verdict, dict) else None


def exchange(request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """What every turn shows, utterance or hand-written envelope: the request, the response,
    and what can be read from them."""
    out = _obj(response.get("response"))
    ssml = _obj(out.get("outputSpeech")).get("ssml")
    reprompt = _obj(_obj(out.get("reprompt")).get("outputSpeech")).get("ssml")
    from skill.core.speech import strip_ssml

    body = _obj(request.get("request"))
    ended = body.get("type") == "SessionEndedRequest" or out.get("shouldEndSession") is not False
    return {
        "request_type": body.get("type"),
        "intent": _obj(body.get("intent")).get("name"),
        "slots": slots_of(request),
        "speech": strip_ssml(ssml) if ssml else "",
        "speech_segments": speech_segments(ssml),
        "reprompt": strip_ssml(reprompt) if reprompt else None,
        "card": card_of(response),
        "apl": apl_of(response),
        "end_session": ended,
        "attributes_before": _obj(_obj(request.get("session")).get("attributes")),
        "attributes_after": {} if ended else _obj(response.get("sessionAttributes")),
        "request": request,
        "response": response,
    }
