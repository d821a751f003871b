"""The ``milia-skill`` command-line contract, run as a real process (validate runs in this one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from skill import cli
from tests.support import run_cli

KEYS = {
    "utterance",
    "intent",
    "slots",
    "handler",
    "refused",
    "speech",
    "end_session",
    "request",
    "response",
}


def test_ask_json_prints_one_object_per_utterance() -> None:
    result = run_cli(
        "ask",
        "--json",
        "how does freezing work",
        "does it hurt",
        "can i do that at home",
        "stop",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4
    turns = [json.loads(line) for line in lines]
    for turn in turns:
        assert set(turn) == KEYS
        assert "<speak>" not in turn["speech"]
    first, second, third, last = turns
    assert first["utterance"] == "how does freezing work"
    assert first["intent"] == "HowItWorksIntent"
    assert first["slots"]["treatment"] == "CRYOTHERAPY"
    assert first["handler"] == "AspectHandler"
    assert first["request"]["session"]["new"] is True
    assert second["intent"] == "PainIntent"
    assert second["slots"] == {"treatment": None}
    assert second["request"]["session"]["sessionId"] == first["request"]["session"]["sessionId"]
    assert third["refused"] is True
    assert first["refused"] is False
    assert last["end_session"] is True
    assert last["intent"] == "AMAZON.StopIntent"


def test_ask_plain_text_shows_speech_and_card() -> None:
    result = run_cli("ask", "what are milia")
    assert result.returncode == 0
    assert "Alexa: " in result.stdout
    assert "[card: What are milia?]" in result.stdout


def test_screen_flag_adds_apl_to_the_device() -> None:
    plain = json.loads(run_cli("ask", "--json", "how does laser work").stdout)
    screen = json.loads(run_cli("ask", "--json", "--screen", "how does laser work").stdout)
    system = "context", "System", "device", "supportedInterfaces"

    def interfaces(turn: dict) -> dict:
        node = turn["request"]
        for key in system:
            node = node[key]
        return node

    assert "Alexa.Presentation.APL" not in interfaces(plain)
    assert "Alexa.Presentation.APL" in interfaces(screen)
    kinds = [d["type"] for d in screen["response"]["response"].get("directives", [])]
    assert kinds == ["Alexa.Presentation.APL.RenderDocument"]
    assert not plain["response"]["response"].get("directives")


def test_skill_id_from_environment_goes_into_envelopes() -> None:
    result = run_cli("ask", "--json", "what are milia", env={"ALEXA_SKILL_ID": "amzn1.ask.skill.x"})
    turn = json.loads(result.stdout)
    assert turn["request"]["session"]["application"]["applicationId"] == "amzn1.ask.skill.x"
    assert turn["request"]["context"]["System"]["application"]["applicationId"] == (
        "amzn1.ask.skill.x"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "--locale", "fr-FR", "hello"),
        ("chat", "--locale", "xx"),
        ("ask", "--bogus", "hello"),
        ("frobnicate",),
        ("ask",),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "error" in result.stderr


def test_missing_model_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("ask", "hello", env={"MILIA_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no interaction model" in result.stderr


def test_chat_ends_cleanly_at_end_of_input_and_records(tmp_path: Path) -> None:
    record = tmp_path / "dialog.json"
    script = "open milia guide\nhow does cryotherapy work\nstop\n"
    result = run_cli("chat", "--record", str(record), stdin=script)
    assert result.returncode == 0, result.stderr
    assert "[card: Cryotherapy (freezing): How it works]" in result.stdout
    assert "(session ended. Say 'open milia guide' to start again" in result.stdout
    saved = json.loads(record.read_text())
    assert saved["type"] == "text"
    assert saved["locale"] == "en-US"
    assert saved["userInput"] == ["open milia guide", "how does cryotherapy work", "stop"]
    replay = run_cli("replay", str(record))
    assert replay.returncode == 0, replay.stderr
    assert "liquid nitrogen" in replay.stdout
    assert "Goodbye" in replay.stdout


def test_replay_rejects_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run_cli("replay", str(bad))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_each_locale_runs() -> None:
    for locale in ("en-US", "en-GB", "en-CA", "en-AU", "en-IN"):
        result = run_cli("ask", "--json", "--locale", locale, "what are milia")
        turn = json.loads(result.stdout)
        assert turn["request"]["request"]["locale"] == locale
        assert turn["handler"] == "WhatAreMiliaHandler"


def test_validate_passes_on_the_committed_models(capsys: pytest.CaptureFixture[str]) -> None:
    # In this process: it builds the interaction models, as tools/test_models.py does, once per
    # process (tests/conftest.py runs both on one worker); a real process adds only start-up.
    assert cli.main(["validate"]) == 0, capsys.readouterr()
    assert capsys.readouterr().out.splitlines() == ["interaction models and content: OK"]


def test_the_milia_skill_script_runs() -> None:
    """The installed console script (the others run ``python -m skill``, the same main)."""
    script = Path(sys.executable).with_name("milia-skill")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("milia-skill ")


def test_unwritable_record_file_fails_before_the_chat(tmp_path: Path) -> None:
    result = run_cli("chat", "--record", str(tmp_path / "missing" / "x.json"), stdin="help\n")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot write" in result.stderr
    assert "Alexa:" not in result.stdout


def test_a_broken_model_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "en-US.json").write_text("{}")
    result = run_cli("ask", "hello", env={"MILIA_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not an interaction model" in result.stderr


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_serve_rejects_a_bad_port(port: str) -> None:
    result = run_cli("serve", "--port", port)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_on_a_port_in_use_is_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--no-verify", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("milia-skill: error: cannot listen")
    assert "Traceback" not in result.stderr


def test_exit_as_a_one_shot_still_has_envelopes() -> None:
    turn = json.loads(run_cli("ask", "--json", "exit").stdout)
    assert turn["request"]["request"]["type"] == "SessionEndedRequest"
    assert turn["response"]["version"] == "1.0"
    assert turn["end_session"] is True
