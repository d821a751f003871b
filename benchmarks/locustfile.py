"""Locust traffic for the web service: launches, content questions and at-home refusals.

Used by ``benchmarks/load.py`` against a ``--no-verify`` server on 127.0.0.1. Every response is
checked: HTTP 200, an Alexa response envelope, and (for refusals) the refusal wording.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from http import HTTPStatus
from typing import Any

from locust import HttpUser, constant, task

APP_ID = "amzn1.ask.skill.00000000-0000-0000-0000-0000000010ad"
TREATMENTS = [
    ("MECHANICAL_EXTRACTION", "mechanical extraction"),
    ("CHEMICAL_PEEL", "chemical peel"),
    ("TOPICAL_RETINOID", "topical retinoid"),
    ("CRYOTHERAPY", "cryotherapy"),
    ("LASER_ABLATION", "laser ablation"),
]
ASPECTS = [
    ("HOW_IT_WORKS", "how it works"),
    ("VISIT", "the visit"),
    ("WHO_IT_SUITS", "who it suits"),
    ("SENSATION", "how it feels"),
    ("AFTERCARE", "aftercare"),
    ("SESSIONS", "sessions"),
]


def _slot(name: str, value: str, value_id: str, slot_type: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "resolutions": {
            "resolutionsPerAuthority": [
                {
                    "authority": f"amzn1.er-authority.echo-sdk.{APP_ID}.{slot_type}",
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": value, "id": value_id}}],
                }
            ]
        },
    }


def envelope(user_id: str, request: dict[str, Any], new: bool) -> dict[str, Any]:
    """A request envelope shaped like the Alexa service's."""
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": {"applicationId": APP_ID},
            "attributes": {},
            "user": {"userId": user_id},
        },
        "context": {
            "System": {
                "application": {"applicationId": APP_ID},
                "user": {"userId": user_id},
                "device": {"deviceId": "amzn1.ask.device.load", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": "en-US",
            **request,
        },
    }


def intent(name: str, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "IntentRequest",
        "dialogState": "COMPLETED",
        "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots or {}},
    }


class AlexaUser(HttpUser):
    """One simulated Alexa user hitting ``POST /`` back to back."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.user_id = f"amzn1.ask.account.load-{uuid.uuid4()}"

    def _post(self, name: str, body: dict[str, Any], expect: str | None = None) -> None:
        with self.client.post(
            "/",
            data=json.dumps(body),
            headers={"Content-Type": "application/json; charset=utf-8"},
            name=name,
            catch_response=True,
        ) as resp:
            if resp.status_code != HTTPStatus.OK:
                resp.failure(f"HTTP {resp.status_code}: {resp.text[:200]}")
                return
            try:
                data = resp.json()
                speech = data["response"]["outputSpeech"]["ssml"]
            except (ValueError, KeyError, TypeError):
                resp.failure(f"not an Alexa response: {resp.text[:200]}")
                return
            if data.get("version") != "1.0":
                resp.failure("response version is not 1.0")
            elif expect is not None and expect not in speech:
                resp.failure(f"expected {expect!r} in the speech")
            else:
                resp.success()

    @task(2)
    def launch(self) -> None:
        self._post("launch", envelope(self.user_id, {"type": "LaunchRequest"}, new=True))

    @task(5)
    def content(self) -> None:
        tid, tname = random.choice(TREATMENTS)
        aid, aname = random.choice(ASPECTS)
        slots = {
            "treatment": _slot("treatment", tname, tid, "TreatmentType"),
            "aspect": _slot("aspect", aname, aid, "AspectType"),
        }
        body = envelope(self.user_id, intent("TreatmentInfoIntent", slots), new=False)
        self._post("content", body)

    @task(2)
    def refusal(self) -> None:
        body = envelope(self.user_id, intent("ExtractionQuestionIntent"), new=False)
        self._post("refusal", body, expect="can't guide you through removing")

    @task(1)
    def help(self) -> None:
        self._post("help", envelope(self.user_id, intent("AMAZON.HelpIntent"), new=False))
