"""Alexa's own NLU, through the ASK CLI's Utterance Profiler.

``ask smapi profile-nlu -s SKILL -l LOCALE -u UTTERANCE`` needs only the interaction model
deployed to the development stage (no endpoint). Its ``selectedIntent`` (name and slots with
entity resolution) becomes a :class:`Resolution`, so the simulator sends the same envelope a
device would and the skill answers locally through ``lambda_handler``. Multi-turn context is
kept with the profiler's ``multiTurn.token``.

Responses can be recorded to a JSON file (utterance -> response) and replayed offline; the
tests replay recorded responses, so this path is checked without an account.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from skill.simulator.nlu.builtins import FALLBACK
from skill.simulator.nlu.types import Resolution, SlotFill

TIMEOUT_S = 30


class ProfilerError(Exception):
    """The profiler could not be asked, or answered something unreadable (one line)."""


class ProfilerNlu:
    """Resolves utterances with Alexa's NLU, live through the ASK CLI or from a recording."""

    mode = "profile"

    def __init__(
        self,
        skill_id: str | None,
        locale: str,
        *,
        stage: str = "development",
        recordings: Path | None = None,
        record_to: Path | None = None,
        ask: str = "ask",
    ) -> None:
        if recordings is None and not skill_id:
            raise ProfilerError("the profiler needs --skill-id (or --recordings FILE)")
        self.skill_id = skill_id
        self.locale = locale
        self.stage = stage
        self.ask = ask
        self.record_to = record_to
        self.recorded: dict[str, Any] = _read(recordings) if recordings else {}
        self.live = recordings is None
        self.token: str | None = None

    def resolve(self, text: str) -> Resolution:
        answer = self._profile(text)
        multi = answer.get("multiTurn") or {}
        self.token = multi.get("token") if isinstance(multi, dict) else None
        return resolution_of(answer)

    def _profile(self, text: str) -> dict[str, Any]:
        if not self.live:
            found = self.recorded.get(text)
            if not isinstance(found, dict):
                raise ProfilerError(f"no recorded profiler response for {text!r}")
            return found
        command = [self.ask, "smapi", "profile-nlu", "-s", str(self.skill_id)]
        command += ["-l", self.locale, "-g", self.stage, "-u", text]
        if self.token:
            command += ["--multi-turn-token", self.token]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except FileNotFoundError:
            raise ProfilerError("the ASK CLI (ask) is not installed: npm install ask-cli") from None
        except subprocess.TimeoutExpired:
            raise ProfilerError(f"the profiler took longer than {TIMEOUT_S} s") from None
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ProfilerError(f"ask smapi profile-nlu failed: {last[0]}")
        try:
            answer: dict[str, Any] = json.loads(done.stdout)
        except ValueError:
            raise ProfilerError("ask smapi profile-nlu did not print JSON") from None
        if self.record_to is not None:
            self.recorded[text] = answer
            self.record_to.write_text(json.dumps(self.recorded, indent=2) + "\n", "utf-8")
        return answer


def resolution_of(answer: dict[str, Any]) -> Resolution:
    """A profiler response's selected intent, as the simulator's resolution."""
    selected = answer.get("selectedIntent") if isinstance(answer, dict) else None
    if not isinstance(selected, dict) or not isinstance(selected.get("name"), str):
        return Resolution(FALLBACK, {}, "profile")
    slots: dict[str, SlotFill] = {}
    for name, slot in (selected.get("slots") or {}).items():
        if not isinstance(slot, dict):
            continue
        fill = SlotFill(name, _slot_type(slot), slot.get("value"))
        for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
            code = (authority.get("status") or {}).get("code")
            values = authority.get("values") or []
            if code == "ER_SUCCESS_MATCH" and values:
                value = values[0].get("value") or {}
                fill.id, fill.canonical = value.get("id"), value.get("name")
                break
        slots[name] = fill
    return Resolution(selected["name"], slots, "profile")


def _slot_type(slot: dict[str, Any]) -> str:
    """The slot's type, as far as the response tells: custom when it carries resolutions."""
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
        name = str(authority.get("authority", ""))
        return name.rsplit(".", 1)[-1] if "." in name else "Custom"
    return "AMAZON.SearchQuery"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfilerError(f"no recordings file at {path}") from None
    except (OSError, ValueError) as exc:
        raise ProfilerError(f"cannot read recordings {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ProfilerError(f"{path} must map utterances to profiler responses")
    return data
