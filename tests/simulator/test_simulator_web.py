"""The browser simulator's JSON API, through Flask's test client: what each turn reports, and
bad input answered with a clear 4xx, never a 500."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.simulator import Simulator, SimulatorError
from skill.simulator.web import create_app
from skill.simulator.web.app import COOKIE, MAX_BROWSERS, user_id_for
from skill.simulator.web.view import speech_segments


@pytest.fixture
def client() -> Any:
    return create_app("en-US").test_client()


def say(client: Any, words: str) -> dict[str, Any]:
    resp = client.post("/api/say", json={"utterance": words})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_the_page_and_its_assets_are_served_from_the_package(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert b"Milia Guide" in page.data
    assert COOKIE in page.headers["Set-Cookie"]
    assert "HttpOnly" in page.headers["Set-Cookie"]
    assert "SameSite=Strict" in page.headers["Set-Cookie"]
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("app.js", "apl.js", "app.css"):
        assert client.get(f"/static/{asset}").status_code == 200
    html = page.data.decode()
    assert "http://" not in html
    assert "https://" not in html


def test_a_turn_reports_intent_slots_resolution_handler_safety_and_attributes(
    client: Any,
) -> None:
    launch = say(client, "open milia guide")
    assert launch["handler"] == "LaunchRequestHandler"
    assert launch["attributes_before"] == {}
    turn = say(client, "compare freezing and co2 laser")
    assert turn["intent"] == "CompareIntent"
    assert turn["nlu"] == {"mode": "statistical", "method": "exact", "confidence": 1.0}
    slots = {s["name"]: s for s in turn["slots"]}
    assert slots["treatmentA"]["value"] == "freezing"
    resolution = slots["treatmentA"]["resolutions"][0]
    assert resolution["status"] == "ER_SUCCESS_MATCH"
    assert resolution["values"] == [{"name": "cryotherapy", "id": "CRYOTHERAPY"}]
    assert slots["treatmentB"]["resolutions"][0]["values"][0]["id"] == "LASER_ABLATION"
    assert turn["safety"]["kind"] == "allow"
    assert turn["refused"] is False
    assert turn["attributes_before"] == launch["attributes_after"]
    assert turn["speech"]
    assert "<" not in turn["speech"]
    assert turn["elapsed_ms"] >= 0
    assert turn["request"]["request"]["intent"]["name"] == "CompareIntent"
    assert turn["response"]["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def test_refusal_and_sent_elsewhere_are_reported(client: Any) -> None:
    say(client, "open milia guide")
    refused = say(client, "how do i pop milia with a needle")
    assert refused["refused"] is True
    assert refused["handler"] == "AtHomeRefusalHandler"
    assert refused["safety"]["kind"] == "refuse"
    assert refused["sent_elsewhere"] is None
    say(client, "tell me about retinoids")
    routed = say(client, "can i do that at home")
    assert routed["refused"] is False
    assert routed["sent_elsewhere"] == "OTC_RETINOIDS"
    assert routed["handler"] == "SafetyRouteHandler"


def test_a_screen_device_gets_the_apl_document_and_its_data(client: Any) -> None:
    state = client.post("/api/config", json={"screen": True}).get_json()
    assert state["screen"] is True
    say(client, "open milia guide")
    turn = say(client, "how does cryotherapy work")
    assert turn["card"]["title"] == "Cryotherapy (freezing): How it works"
    (apl,) = turn["apl"]
    assert apl["document"]["type"] == "APL"
    assert apl["datasources"]["miliaData"]["title"] == "Cryotherapy (freezing)"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"utterance": ""}, 400, "say something: the utterance is empty"),
        ({"utterance": "   "}, 400, "say something: the utterance is empty"),
        ({"utterance": "?!"}, 400, "say something: the utterance is empty"),
        ({"utterance": 42}, 400, '{"utterance": "some words"}'),
        ({}, 400, '{"utterance": "some words"}'),
        ({"utterance": "x" * 501}, 400, "too long"),
        ([1, 2], 400, "send a JSON object"),
    ],
)
def test_bad_utterances_get_a_clear_400(
    client: Any, body: object, status: int, message: str
) -> None:
    resp = client.post("/api/say", json=body)
    assert resp.status_code == status
    assert message in resp.get_json()["message"]


@pytest.mark.parametrize(
    ("path", "data", "content_type", "status", "message"),
    [
        ("/api/say", "{not json", "application/json", 400, "invalid JSON"),
        ("/api/say", "", "application/json", 400, "the body is empty"),
        ("/api/say", b"\xff\xfe", "application/json", 400, "not UTF-8"),
        ("/api/say", "utterance=hi", "application/x-www-form-urlencoded", 415, "send JSON"),
        ("/api/invoke", '{"request": {"type": "LaunchRequest",}', "application/json", 400,
         "invalid JSON"),
        ("/api/invoke", "[]", "application/json", 400, "a request envelope is a JSON object"),
        ("/api/invoke", '{"version": "1.0"}', "application/json", 400, 'needs a "request"'),
        ("/api/invoke", '{"request": {}}', "application/json", 400, '"request" needs a "type"'),
        ("/api/invoke", "[" * 5000 + "]" * 5000, "application/json", 400, "nests too deeply"),
        ("/api/config", '{"locale": "fr-FR"}', "application/json", 400, "unknown locale 'fr-FR'"),
        ("/api/config", '{"screen": "yes"}', "application/json", 400, "true or false"),
        ("/api/config", '{"nlu": "magic"}', "application/json", 400, "unknown NLU mode"),
        ("/api/replay", '{"userInput": "hi"}', "application/json", 400, "list of strings"),
        ("/api/replay", '{"userInput": []}', "application/json", 400, "nothing to say"),
        ("/api/replay", '{"userInput": ["hi"], "locale": "xx"}', "application/json", 400,
         "unknown locale"),
        ("/api/replay", '{"userInput": ["hi"], "type": "voice"}', "application/json", 400,
         "text replay"),
    ],
)  # fmt: skip
def test_bad_requests_get_a_4xx_with_a_message_never_a_500(
    path: str, data: str | bytes, content_type: str, status: int, message: str
) -> None:
    resp = create_app("en-US").test_client().post(path, data=data, content_type=content_type)
    assert resp.status_code == status, resp.get_json()
    assert message in resp.get_json()["message"]


def test_an_envelope_the_skill_rejects_is_a_422_not_a_500(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = {"version": "1.0", "request": {"type": "NoSuchRequest", "requestId": "x"}}
    resp = client.post("/api/invoke", json=odd)
    assert resp.status_code == 422
    assert "the skill rejected the envelope" in resp.get_json()["message"]
    monkeypatch.setenv("ALEXA_SKILL_ID", "amzn1.ask.skill.the-real-one")
    from skill import app

    app.reset()
    envelope = client.get("/api/template").get_json()
    envelope["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.other"
    resp = client.post("/api/invoke", json=envelope)
    assert resp.status_code == 422
    assert "the skill rejected the envelope" in resp.get_json()["message"]


def test_a_manual_envelope_goes_through_lambda_handler(client: Any) -> None:
    envelope = client.get("/api/template").get_json()
    assert envelope["request"]["type"] == "LaunchRequest"
    turn = client.post("/api/invoke", json=envelope).get_json()
    assert turn["handler"] == "LaunchRequestHandler"
    assert turn["manual"] is True
    assert "Welcome to Milia Guide" in turn["speech"]
    assert client.get("/api/skill-io").get_json()["invocations"][0]["request"] == envelope


def test_unknown_paths_methods_and_hosts_are_4xx(client: Any) -> None:
    assert client.get("/nope").status_code == 404
    assert client.get("/api/say").status_code == 405
    resp = client.get("/", headers={"Host": "evil.example:5055"})
    assert resp.status_code == 403
    assert "only answers on" in resp.get_json()["message"]
    assert client.get("/", headers={"Host": "127.0.0.1:5055"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:5055"}).status_code == 200


def test_replay_and_skill_io_files_have_the_ask_cli_shapes(client: Any) -> None:
    said = ["open milia guide", "how do peels work", "stop"]
    for words in said:
        say(client, words)
    replay = client.get("/api/replay-file").get_json()
    assert replay == {
        "skillId": replay["skillId"],
        "locale": "en-US",
        "type": "text",
        "userInput": said,
    }
    invocations = client.get("/api/skill-io").get_json()["invocations"]
    assert [sorted(i) for i in invocations] == [["request", "response"]] * 3
    loaded = client.post("/api/replay", json={**replay, "locale": "en-GB"}).get_json()
    assert loaded["userInput"] == said
    assert loaded["state"]["locale"] == "en-GB"
    assert loaded["state"]["turns"] == 0  # a replay starts a new session and recording


def test_each_browser_has_its_own_simulator(client: Any) -> None:
    say(client, "open milia guide")
    say(client, "how does cryotherapy work")
    assert client.get("/api/state").get_json()["attributes"]["topic"] == "CRYOTHERAPY"
    # a second browser (its own cookie) on the same app starts fresh
    second = client.application.test_client()
    assert second.get("/api/state").get_json()["in_session"] is False
    assert second.get("/api/state").get_json()["turns"] == 0
    assert client.get("/api/state").get_json()["in_session"] is True
    assert client.get_cookie(COOKIE).value != second.get_cookie(COOKIE).value


def test_old_browser_sessions_are_dropped_beyond_the_cap() -> None:
    app = create_app("en-US")
    browsers = app.extensions["milia_browsers"]
    first = browsers.new()
    for _ in range(MAX_BROWSERS):
        browsers.new()
    assert browsers.get(first.sid) is None


def test_switching_locale_device_or_nlu_starts_a_new_session(client: Any) -> None:
    say(client, "open milia guide")
    state = client.post("/api/config", json={"locale": "en-GB", "nlu": "exact"}).get_json()
    assert (state["locale"], state["nlu"], state["in_session"]) == ("en-GB", "exact", False)
    turn = say(client, "open milia guide")
    assert turn["request"]["request"]["locale"] == "en-GB"
    assert turn["nlu"]["mode"] == "exact"
    say(client, "how does cryotherapy work")
    assert client.post("/api/new", json={}).get_json()["in_session"] is False
    fresh = say(client, "how does cryotherapy work")
    assert fresh["request"]["session"]["new"] is True
    assert fresh["attributes_before"] == {}
    # a screen on the same locale keeps the user, in a new session, with APL announced
    client.post("/api/config", json={"screen": True})
    turn = say(client, "how does cryotherapy work")
    assert turn["request"]["session"]["new"] is True
    assert (
        "Alexa.Presentation.APL"
        in (turn["request"]["context"]["System"]["device"]["supportedInterfaces"])
    )
    assert turn["apl"]


def test_forget_me_deletes_the_record_and_the_conversation(client: Any, tmp_path: Path) -> None:
    say(client, "open milia guide")
    say(client, "i'm pregnant, can i use retinoids")
    say(client, "how does cryotherapy work")
    db = Path(os.environ["MILIA_STATE_DIR"]) / "skill.sqlite3"  # this test's store
    # the store is in WAL mode: read every stored byte through SQLite itself
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT * FROM attributes").fetchall()
    finally:
        connection.close()
    stored = repr(rows).encode()
    # the store keeps a visit count and a treatment id, never what was said about health
    assert b"pregnan" not in stored.lower()
    sid = client.get_cookie(COOKIE).value
    user = user_id_for(sid)
    assert user.encode() in stored  # the browser's user has a record
    turn = client.post("/api/forget", json={}).get_json()
    assert turn["handler"] == "ForgetMeHandler"
    assert "deleted" in turn["speech"]
    assert client.get_cookie(COOKIE).value != sid  # a new cookie: a new visitor
    assert client.get("/api/skill-io").get_json() == {"invocations": []}
    assert client.get("/api/replay-file").get_json()["userInput"] == []
    # the old user's record is gone from the store
    sim = Simulator("en-US", user_id=user)
    assert "Welcome back" not in sim.send("open milia guide").speech


def test_speech_segments_keep_breaks_as_pauses() -> None:
    ssml = (
        '<speak>Hello <break time="1s"/> there. <sub alias="milia">mil-ee-a</sub> are '
        '<phoneme alphabet="ipa" ph="x">cysts</phoneme>.<audio src="https://x/a.mp3"/>'
        '<p>New paragraph</p><amazon:effect name="whispered">quiet</amazon:effect>'
        '<break strength="strong"/></speak>'
    )
    assert speech_segments(ssml) == [
        {"text": "Hello", "pause": 1000},
        {"text": "there. milia are cysts.New paragraph", "pause": 600},
        {"text": "quiet", "pause": 0},
    ]
    assert speech_segments("<speak>broken <b></speak>") == [{"text": "broken", "pause": 0}]
    assert speech_segments(None) == []


def test_nlu_mode_and_confidence_follow_the_issue_10_contract() -> None:
    assert Simulator("en-US", nlu="exact").nlu_mode == "exact"
    with pytest.raises(SimulatorError):
        Simulator("en-US", nlu="fuzzy")
    turn = Simulator("en-US").send("open milia guide")
    assert turn.confidence is None


def test_the_cli_has_a_simulator_command() -> None:
    from skill.cli import build_parser

    args = build_parser().parse_args(["simulator", "--locale", "en-GB", "--port", "5099"])
    assert (args.command, args.locale, args.port, args.host) == (
        "simulator",
        "en-GB",
        5099,
        "127.0.0.1",
    )
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["simulator", "--locale", "fr-FR"])
    assert exit_info.value.code == 2


def test_json_bodies_round_trip() -> None:
    # the page sends the manual editor's text as the raw body; its JSON comes back unchanged
    client = create_app("en-US").test_client()
    envelope = client.get("/api/template").get_json()
    text = json.dumps(envelope, indent=2)
    resp = client.post("/api/invoke", data=text, content_type="application/json")
    assert resp.get_json()["request"] == envelope


# --- property tests: whatever the page (or anything else) sends, never a 500 -------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def _envelopes(client: Any) -> st.SearchStrategy[Any]:
    """Real envelopes with one part replaced by arbitrary JSON, and arbitrary JSON."""
    template = client.get("/api/template").get_json()

    def mutate(args: tuple[str, str | None, Any]) -> Any:
        part, key, value = args
        envelope = json.loads(json.dumps(template))
        if key is None:
            envelope[part] = value
        elif isinstance(envelope.get(part), dict):
            envelope[part][key] = value
        return envelope

    parts = st.sampled_from(["request", "session", "context", "version"])
    keys = st.sampled_from([None, "type", "intent", "attributes", "System", "locale", "new"])
    return st.tuples(parts, keys, JSON).map(mutate) | JSON


@FUZZ
@given(data=st.data())
def test_any_envelope_gets_an_answer_or_a_4xx(client: Any, data: st.DataObject) -> None:
    body = data.draw(_envelopes(client))
    resp = client.post("/api/invoke", json=body)
    assert resp.status_code < 500, resp.get_json()
    assert resp.status_code == 200 or resp.get_json()["message"]


@FUZZ
@given(utterance=st.text(max_size=80), locale=st.text(max_size=6) | st.sampled_from(["en-US"]))
def test_any_utterance_or_locale_gets_an_answer_or_a_4xx(
    client: Any, utterance: str, locale: str
) -> None:
    assert client.post("/api/say", json={"utterance": utterance}).status_code in (200, 400)
    assert client.post("/api/config", json={"locale": locale}).status_code in (200, 400)


def test_a_saved_replay_file_plays_in_the_terminal(client: Any, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    for words in ("open milia guide", "how does cryotherapy work", "stop"):
        say(client, words)
    replay = tmp_path / "replay.json"
    replay.write_text(json.dumps(client.get("/api/replay-file").get_json()))
    env = {**os.environ, "MILIA_STATE_DIR": str(tmp_path / "cli-state")}
    done = subprocess.run(
        [sys.executable, "-m", "skill", "replay", str(replay)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "You: how does cryotherapy work" in done.stdout
    assert "liquid nitrogen" in done.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_milia_skill_simulator_serves_the_page_on_loopback(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import urllib.request

    port = _free_port()
    env = {**os.environ, "MILIA_STATE_DIR": str(tmp_path / "state")}
    cmd = [sys.executable, "-m", "skill", "simulator", "--port", str(port), "--locale", "en-GB"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"open http://127.0.0.1:{port}/ in a browser" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state", timeout=10) as resp:
            assert json.load(resp)["locale"] == "en-GB"
        # the same port again: one line, a non-zero exit, no traceback
        again = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        assert again.returncode == 1
        assert again.stderr.strip() == (
            f"milia-skill: error: cannot listen on 127.0.0.1:{port}: Address already in use"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_skill_web_service_does_not_expose_the_simulator() -> None:
    from skill.web.app import create_app as skill_service

    service = skill_service(verify=False).test_client()
    assert service.post("/api/say", json={"utterance": "open milia guide"}).status_code == 404
    assert service.get("/static/app.js").status_code == 404
