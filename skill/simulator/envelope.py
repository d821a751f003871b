"""Building real Alexa request envelopes for the simulator."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from skill.simulator.nlu import SlotFill

APL_INTERFACE = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.2"}}}
VIEWPORT = {
    "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False}],
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
    "dpi": 160,
    "currentPixelWidth": 1280,
    "currentPixelHeight": 800,
    "touch": ["SINGLE"],
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot_json(fill: SlotFill, application_id: str) -> dict[str, Any]:
    """One slot as Alexa sends it, with entity resolution for custom types."""
    slot: dict[str, Any] = {"name": fill.name, "confirmationStatus": "NONE"}
    if fill.value is None:
        return slot
    slot["value"] = fill.value
    slot["source"] = "USER"
    if fill.type.startswith("AMAZON."):
        return slot
    authority = f"amzn1.er-authority.echo-sdk.{application_id}.{fill.type}"
    if fill.id is not None:
        status = {"code": "ER_SUCCESS_MATCH"}
        values = [{"value": {"name": fill.canonical or fill.value, "id": fill.id}}]
        slot["resolutions"] = {
            "resolutionsPerAuthority": [
                {"authority": authority, "status": status, "values": values}
            ]
        }
    else:
        slot["resolutions"] = {
            "resolutionsPerAuthority": [
                {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
            ]
        }
    return slot


def envelope(
    request: dict[str, Any],
    *,
    application_id: str,
    user_id: str,
    session_id: str,
    new: bool,
    attributes: dict[str, Any],
    screen: bool,
) -> dict[str, Any]:
    """Wrap a request in the session and ``context.System`` a device would send."""
    system: dict[str, Any] = {
        "application": {"applicationId": application_id},
        "user": {"userId": user_id},
        "device": {
            "deviceId": "amzn1.ask.device.milia-simulator",
            "supportedInterfaces": dict(APL_INTERFACE) if screen else {},
        },
        "apiEndpoint": "https://api.amazonalexa.com",
        "apiAccessToken": "simulator-token",
    }
    context: dict[str, Any] = {"System": system}
    if screen:
        context["Viewport"] = VIEWPORT
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": session_id,
            "application": {"applicationId": application_id},
            "attributes": attributes,
            "user": {"userId": user_id},
        },
        "context": context,
        "request": {
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": _now(),
            **request,
        },
    }


def launch_request(locale: str) -> dict[str, Any]:
    """A LaunchRequest body."""
    return {"type": "LaunchRequest", "locale": locale, "shouldLinkResultBeReturned": False}


def intent_request(
    locale: str, intent: str, slots: dict[str, SlotFill], application_id: str
) -> dict[str, Any]:
    """An IntentRequest body with every slot of the intent (unfilled ones without a value)."""
    return {
        "type": "IntentRequest",
        "locale": locale,
        "dialogState": "COMPLETED",
        "intent": {
            "name": intent,
            "confirmationStatus": "NONE",
            "slots": {name: slot_json(fill, application_id) for name, fill in slots.items()},
        },
    }


def session_ended_request(locale: str, reason: str = "USER_INITIATED") -> dict[str, Any]:
    """A SessionEndedRequest body."""
    return {"type": "SessionEndedRequest", "locale": locale, "reason": reason}
