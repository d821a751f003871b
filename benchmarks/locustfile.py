"""Locust traffic for the web service: launches, content questions and at-home refusals.

Used by ``benchmarks/load.py`` against a ``--no-verify`` server on 127.0.0.1. Every response is
checked: HTTP 200, an Alexa response envelope, and (for refusals) the refusal wording.
"""

from __future__ import annotations

import json
import random
import uuid
from http import HTTPStatus
from typing import Any

from locust import HttpUser, constant, task

from skill import intents
from skill.lexicon import values_for
from skill.locales import DEFAULT_LOCALE
from skill.simulator.envelope import envelope, intent_request, launch_request
from skill.simulator.nlu import SlotFill

APP_ID = "amzn1.ask.skill.00000000-0000-0000-0000-0000000010ad"
# (id, spoken value) of each listed treatment and aspect, as entity resolution sends them
TREATMENTS = [(v.id, v.value) for v in values_for("TreatmentType", DEFAULT_LOCALE)]
ASPECTS = [(v.id, v.value) for v in values_for("AspectType", DEFAULT_LOCALE)]
REFUSAL = "can't guide you through removing"  # in every refusal (skill/content/phrases.py)


def envelope_for(user_id: str, request: dict[str, Any], *, new: bool) -> dict[str, Any]:
    """A request envelope as the Alexa service sends it (the simulator's builder)."""
    return envelope(
        request,
        application_id=APP_ID,
        user_id=user_id,
        session_id=f"amzn1.echo-api.session.{uuid.uuid4()}",
        new=new,
        attributes={},
        screen=False,
    )


def intent(name: str, *fills: SlotFill) -> dict[str, Any]:
    return intent_request(DEFAULT_LOCALE, name, {f.name: f for f in fills}, APP_ID)


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
        self._post("launch", envelope_for(self.user_id, launch_request(DEFAULT_LOCALE), new=True))

    @task(5)
    def content(self) -> None:
        tid, tname = random.choice(TREATMENTS)
        aid, aname = random.choice(ASPECTS)
        request = intent(
            intents.TREATMENT_INFO,
            SlotFill("treatment", "TreatmentType", tname, tid, tname),
            SlotFill("aspect", "AspectType", aname, aid, aname),
        )
        self._post("content", envelope_for(self.user_id, request, new=False))

    @task(2)
    def refusal(self) -> None:
        request = intent(intents.EXTRACTION_QUESTION)
        self._post("refusal", envelope_for(self.user_id, request, new=False), expect=REFUSAL)

    @task(1)
    def help(self) -> None:
        self._post("help", envelope_for(self.user_id, intent(intents.HELP), new=False))
