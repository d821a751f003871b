"""A conversation with the skill: utterances in, Alexa's answers out, through ``lambda_handler``."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from skill.core.speech import strip_ssml
from skill.locales import DEFAULT_LOCALE
from skill.simulator.envelope import (
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
)
from skill.simulator.models import SimulatorError, load_model
from skill.simulator.nlu import END_PHRASES, Nlu, Resolution, normalise


class Resolver(Protocol):
    """What turns words into an intent and slots: the simulator's NLU, or Alexa's profiler."""

    mode: str

    def resolve(self, text: str) -> Resolution: ...


DEFAULT_APPLICATION_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
REFUSAL_HANDLER = "AtHomeRefusalHandler"


def default_user_id() -> str:
    """A user id that stays the same from run to run (``$MILIA_USER_ID`` overrides it)."""
    override = os.environ.get("MILIA_USER_ID")
    if override:
        return override
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "local"
    digest = hashlib.sha256(f"milia-guide:{who}".encode()).hexdigest()[:40].upper()
    return f"amzn1.ask.account.SIM{digest}"


@dataclass(slots=True)
class Turn:
    """One exchange: what was said, how it was understood, and what Alexa answered."""

    utterance: str
    intent: str | None
    slots: dict[str, str | None]
    handler: str | None
    speech: str
    reprompt: str | None
    card_title: str | None
    end_session: bool
    request: dict[str, Any]
    response: dict[str, Any]
    method: str = ""
    directives: list[dict[str, Any]] = field(default_factory=list)
    confidence: float | None = None  # the classifier's confidence; None in exact mode

    @property
    def refused(self) -> bool:
        """True exactly when the answer refuses at-home extraction."""
        return self.handler == REFUSAL_HANDLER

    def as_json(self) -> dict[str, Any]:
        """The ``milia-skill ask --json`` line for this turn."""
        return {
            "utterance": self.utterance,
            "intent": self.intent,
            "slots": self.slots,
            "handler": self.handler,
            "refused": self.refused,
            "speech": self.speech,
            "end_session": self.end_session,
            "request": self.request,
            "response": self.response,
        }


class Simulator:
    """Typed words to request envelopes, sent through the same ``lambda_handler`` as Lambda."""

    def __init__(
        self,
        locale: str = DEFAULT_LOCALE,
        *,
        screen: bool = False,
        user_id: str | None = None,
        application_id: str | None = None,
        nlu: str | Resolver = "statistical",
    ) -> None:
        self.locale = locale
        model = load_model(locale)
        if isinstance(nlu, str):
            try:
                nlu = Nlu(model, locale, nlu)
            except ValueError as exc:
                raise SimulatorError(str(exc)) from None
        self.nlu: Resolver = nlu
        self.nlu_mode = nlu.mode
        self.invocation = normalise(model["interactionModel"]["languageModel"]["invocationName"])
        self.screen = screen
        self.user_id = user_id or default_user_id()
        self.application_id = (
            application_id or os.environ.get("ALEXA_SKILL_ID") or DEFAULT_APPLICATION_ID
        )
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}
        invocation = re.escape(self.invocation)
        self._launch = re.compile(
            rf"^(?:alexa )?(?:open|launch|start|begin|run|use|talk to|play) (?:the )?{invocation}$"
        )
        self._one_shot = re.compile(
            rf"^(?:alexa )?(?:ask|tell|open|launch|start|use) (?:the )?{invocation}"
            rf"(?: (?:to|about|for|and|whether|if))? (?P<rest>.+)$"
        )

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def send(self, utterance: str, *, one_shot: bool = False) -> Turn:
        """Say one thing. Opens a session when none is open, as a one-shot would.

        ``one_shot`` starts a new session, as "Alexa, ask milia guide ..." does; so does saying
        the invocation phrase itself.
        """
        utterance = utterance.strip()
        words = normalise(utterance)
        if not words:
            raise SimulatorError("say something: the utterance is empty")
        if self._launch.match(words):
            self._end_local_session()
            return self._dispatch(utterance, launch_request(self.locale), None, {}, "launch")
        invoked = self._one_shot.match(words)
        if invoked:
            words = utterance = invoked.group("rest")
        if invoked or one_shot:
            self._end_local_session()
        if words in END_PHRASES:
            # "exit" ends the session (Alexa sends SessionEndedRequest, USER_INITIATED); said
            # as a one-shot, it opens one just to end it, so the turn still has envelopes.
            return self._dispatch(
                utterance, session_ended_request(self.locale), "SessionEndedRequest", {}, "end"
            )
        resolution = self.nlu.resolve(utterance)
        body = intent_request(self.locale, resolution.intent, resolution.slots, self.application_id)
        turn = self._dispatch(
            utterance, body, resolution.intent, _slot_view(resolution), resolution.method
        )
        turn.confidence = resolution.confidence
        return turn

    def _dispatch(
        self,
        utterance: str,
        body: dict[str, Any],
        intent: str | None,
        slots: dict[str, str | None],
        method: str,
    ) -> Turn:
        from skill.app import lambda_handler
        from skill.core import trace

        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        assert self.session_id is not None
        event = envelope(
            body,
            application_id=self.application_id,
            user_id=self.user_id,
            session_id=self.session_id,
            new=new,
            attributes=dict(self.attributes),
            screen=self.screen,
        )
        response = lambda_handler(event, None)
        done = trace.current()
        handler = done.handler if done else None
        out = response.get("response") or {}
        ended = body["type"] == "SessionEndedRequest" or out.get("shouldEndSession") is not False
        if ended:
            self._end_local_session()
        else:
            self.attributes = response.get("sessionAttributes") or {}
        speech = strip_ssml((out.get("outputSpeech") or {}).get("ssml", ""))
        reprompt_ssml = ((out.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
        return Turn(
            utterance=utterance,
            intent=intent,
            slots=slots,
            handler=handler,
            speech=speech,
            reprompt=strip_ssml(reprompt_ssml) if reprompt_ssml else None,
            card_title=(out.get("card") or {}).get("title"),
            end_session=ended,
            request=event,
            response=response,
            method=method,
            directives=list(out.get("directives") or []),
        )

    def _end_local_session(self) -> None:
        self.session_id = None
        self.attributes = {}


def _slot_view(resolution: Resolution) -> dict[str, str | None]:
    return {name: fill.resolved for name, fill in resolution.slots.items()}
