"""Property tests: generated and mutated Alexa envelopes never crash the skill or the service.

Contract (decided here, documented in docs/web-service.md):

* ``skill.app.lambda_handler``: every envelope that the SDK can deserialize and that has a
  ``request`` gets a valid Alexa response, with no exception escaping. An event the SDK cannot
  deserialize raises the SDK's ``SerializationException`` (an ``AskSdkException``) and nothing
  else; so does a request for another skill id (the SDK's skill-id check). Alexa never sends
  such events, and on Lambda an exception is the right answer to them: the invocation fails and
  nothing is spoken. Events with no ``request`` are out of contract for Lambda.
* The web service (Flask test client and a live server): any body at all gets either HTTP 200
  with a valid Alexa response or a 4xx with a JSON error. Never a 5xx.
"""

from __future__ import annotations

import copy
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skill.app import lambda_handler
from skill.simulator import SlotFill
from skill.simulator.envelope import slot_json
from skill.web.app import create_app
from tests.support import ROOT, request_envelope, serve_app

MODEL = ROOT / "interaction_models" / "en-US.json"
APP_ID = "amzn1.ask.skill.fuzz0000-0000-0000-0000-000000000000"
SERIALIZER = DefaultSerializer()
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _load_model() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[dict[str, Any]]]]:
    """Intent name -> [(slot, type)], and slot type -> values, from the en-US model."""
    lm = json.loads(MODEL.read_text())["interactionModel"]["languageModel"]
    intents = {
        i["name"]: [(s["name"], s["type"]) for s in i.get("slots", [])] for i in lm["intents"]
    }
    types = {t["name"]: t["values"] for t in lm.get("types", [])}
    return intents, types


INTENTS, SLOT_TYPES = _load_model()


def base_envelope(request: dict[str, Any], new: bool = True) -> dict[str, Any]:
    """A realistic envelope as the Alexa service sends it (the simulator's builder)."""
    return request_envelope(
        request,
        application_id=APP_ID,
        user_id="amzn1.ask.account.fuzz",
        session_id="amzn1.echo-api.session.fuzz",
        new=new,
    )


def _slot(name: str, value: str | None, match_id: str | None, slot_type: str) -> dict[str, Any]:
    return slot_json(SlotFill(name, slot_type, value, match_id), APP_ID)


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def slot_values(draw: st.DrawFn, slot_type: str) -> tuple[str | None, str | None]:
    """A slot's spoken value and resolved id: a model value, a synonym, or random text."""
    values = SLOT_TYPES.get(slot_type, [])
    kind = draw(st.sampled_from(["model", "synonym", "random", "empty"]))
    if kind in {"model", "synonym"} and values:
        v = draw(st.sampled_from(values))
        spoken = v["name"]["value"]
        if kind == "synonym" and v["name"].get("synonyms"):
            spoken = draw(st.sampled_from(v["name"]["synonyms"]))
        return spoken, v.get("id") or v["name"]["value"]
    if kind == "empty":
        return None, None
    return draw(st.text(max_size=60)), None


@st.composite
def valid_envelopes(draw: st.DrawFn) -> dict[str, Any]:
    """Launch, intent (every intent in the model, slots filled or not) and session-end requests."""
    kind = draw(st.sampled_from(["launch", "intent", "intent", "intent", "ended"]))
    if kind == "launch":
        request: dict[str, Any] = {"type": "LaunchRequest"}
    elif kind == "ended":
        request = {
            "type": "SessionEndedRequest",
            "reason": draw(st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"])),
        }
    else:
        name = draw(st.sampled_from(sorted(INTENTS)) | st.text(min_size=1, max_size=30))
        slots = {}
        for slot_name, slot_type in INTENTS.get(name, []):
            value, match_id = draw(slot_values(slot_type))
            slots[slot_name] = _slot(slot_name, value, match_id, slot_type)
        request = {
            "type": "IntentRequest",
            "dialogState": draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"])),
            "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots},
        }
    env = base_envelope(request, new=draw(st.booleans()))
    env["request"]["locale"] = draw(
        st.sampled_from(["en-US", "en-GB", "en-IN", "de-DE", "xx"]) | st.text(max_size=8)
    )
    if draw(st.booleans()):
        env["session"]["attributes"] = draw(st.dictionaries(st.text(max_size=12), json_values))
    if draw(st.booleans()):
        env["context"]["System"]["device"]["supportedInterfaces"] = {
            "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}
        }
        env["context"]["Viewport"] = {"pixelWidth": 1280, "pixelHeight": 800, "shape": "RECTANGLE"}
    return env


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, val in node.items():
            yield (*prefix, key)
            yield from _paths(val, (*prefix, key))
    elif isinstance(node, list):
        for i, val in enumerate(node):
            yield (*prefix, i)
            yield from _paths(val, (*prefix, i))


@st.composite
def mutated_envelopes(draw: st.DrawFn) -> dict[str, Any]:
    """A valid envelope with 1-4 fields deleted, retyped or replaced by random JSON."""
    env = copy.deepcopy(draw(valid_envelopes()))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(_paths(env))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = env
        for key in path[:-1]:
            parent = parent[key]
        op = draw(st.sampled_from(["delete", "replace", "stringify", "add"]))
        if op == "delete":
            del parent[path[-1]]
        elif op == "replace":
            parent[path[-1]] = draw(json_values)
        elif op == "stringify":
            parent[path[-1]] = str(parent[path[-1]])
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.text(max_size=10))] = draw(json_values)
    return env


# ---------------------------------------------------------------------------- invariants


def assert_valid_alexa_response(data: Any) -> None:
    """A response envelope the Alexa service accepts."""
    assert isinstance(data, dict), data
    assert data.get("version") == "1.0", data
    response = data.get("response")
    assert isinstance(response, dict), data
    if "sessionAttributes" in data and data["sessionAttributes"] is not None:
        assert isinstance(data["sessionAttributes"], dict)
    for key in ("outputSpeech", "reprompt"):
        speech = response.get(key)
        if key == "reprompt" and speech is not None:
            speech = speech.get("outputSpeech")
        if speech is None:
            continue
        assert speech["type"] in {"SSML", "PlainText"}, speech
        text = speech.get("ssml") if speech["type"] == "SSML" else speech.get("text")
        assert isinstance(text, str), speech
        assert text.strip(), speech
        assert len(text) < 8000
        if speech["type"] == "SSML":
            assert text.startswith("<speak>"), text
            assert text.endswith("</speak>"), text
    end = response.get("shouldEndSession")
    assert end in {True, False, None}
    if end is False:
        assert response.get("reprompt"), "an open session needs a reprompt"


def deserializable(env: Any) -> bool:
    try:
        envelope = SERIALIZER.deserialize(json.dumps(env), RequestEnvelope)
    except SerializationException:
        return False
    return envelope.request is not None


# ---------------------------------------------------------------------------- lambda_handler


@FUZZ
@given(valid_envelopes())
def test_lambda_handler_answers_every_valid_envelope(env: dict[str, Any]) -> None:
    assert_valid_alexa_response(lambda_handler(env, None))


@FUZZ
@given(mutated_envelopes())
def test_lambda_handler_mutated_envelopes(env: dict[str, Any]) -> None:
    try:
        SERIALIZER.deserialize(json.dumps(env), RequestEnvelope)
    except SerializationException:
        event("not deserializable: SerializationException")
        with pytest.raises(SerializationException):
            lambda_handler(env, None)
        return
    if env.get("request") is None:
        event("no request: out of contract")
        return  # no request at all: out of contract for Lambda (the web service says 400)
    event("deserializable: answered")
    assert_valid_alexa_response(lambda_handler(env, None))


def test_lambda_handler_rejects_another_skill_id(monkeypatch: pytest.MonkeyPatch) -> None:
    from ask_sdk_core.exceptions import AskSdkException

    from skill import app

    monkeypatch.setenv("ALEXA_SKILL_ID", APP_ID)
    app.reset()
    env = base_envelope({"type": "LaunchRequest"})
    assert_valid_alexa_response(lambda_handler(env, None))
    other = copy.deepcopy(env)
    other["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    other["session"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    with pytest.raises(AskSdkException, match="Skill ID"):
        lambda_handler(other, None)


# ---------------------------------------------------------------------------- web service


@pytest.fixture(scope="module")
def client() -> Any:
    return create_app(verify=False).test_client()


def check_web(status: int, body: bytes) -> None:
    assert status < 500, body[:500]
    data = json.loads(body)
    if status == 200:
        assert_valid_alexa_response(data)
    else:
        assert 400 <= status < 500, status
        assert isinstance(data.get("error"), str)


@FUZZ
@given(st.one_of(valid_envelopes(), mutated_envelopes()))
def test_web_any_envelope_is_answered_or_4xx(client: Any, env: dict[str, Any]) -> None:
    resp = client.post("/", data=json.dumps(env), content_type="application/json")
    check_web(resp.status_code, resp.get_data())
    event(f"HTTP {resp.status_code}")
    if deserializable(env):
        assert resp.status_code == 200


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.binary(max_size=300)
    | st.text(max_size=300).map(str.encode)
    | json_values.map(lambda v: json.dumps(v).encode()),
    content_type=st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "text/plain", "", "x/y"]
    ),
)
def test_web_random_bodies_are_4xx(client: Any, body: bytes, content_type: str) -> None:
    resp = client.post("/", data=body, content_type=content_type or None)
    check_web(resp.status_code, resp.get_data())


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    with serve_app(create_app(verify=False)) as url:
        yield f"{url}/"


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(valid_envelopes(), mutated_envelopes()))
def test_live_server_any_envelope_is_answered_or_4xx(live_url: str, env: dict[str, Any]) -> None:
    req = urllib.request.Request(
        live_url,
        data=json.dumps(env).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    check_web(status, body)
