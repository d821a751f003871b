"""Finding and loading the interaction model for a locale."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.locales import LOCALES


class SimulatorError(Exception):
    """A problem the user can fix (bad locale, missing model); printed as one line."""


def models_dir() -> Path:
    """``$MILIA_MODELS_DIR``, else the checkout's models, else the packaged copy."""
    env = os.environ.get("MILIA_MODELS_DIR")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "interaction_models"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "interaction_models"


def load_model(locale: str, directory: Path | None = None) -> dict[str, Any]:
    """The interaction model for ``locale``; :class:`SimulatorError` if unknown or missing."""
    if locale not in LOCALES:
        raise SimulatorError(f"unknown locale {locale!r}; choose one of {', '.join(LOCALES)}")
    path = (directory or models_dir()) / f"{locale}.json"
    try:
        model, problem = _parsed(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SimulatorError(f"no interaction model for {locale} at {path}") from None
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"cannot read interaction model {path}: {exc}") from None
    if problem:
        raise SimulatorError(f"{path} is not an interaction model: {problem}")
    return model


@lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[dict[str, Any], str | None]:
    """A model file's text, parsed and checked once per process (every simulator session
    reads its model; the file is read again each time, so an edit is seen). The dict is
    shared: nothing changes it."""
    model: dict[str, Any] = json.loads(text)
    return model, _shape_problem(model)


def _shape_problem(model: Any) -> str | None:
    """What the simulator needs from a model and this one lacks, or ``None``."""
    lm = model.get("interactionModel", {}) if isinstance(model, dict) else None
    lm = lm.get("languageModel") if isinstance(lm, dict) else None
    if not isinstance(lm, dict):
        return "no interactionModel.languageModel"
    if not isinstance(lm.get("invocationName"), str):
        return "no invocationName"
    return _intents_problem(lm.get("intents")) or _types_problem(lm.get("types", []))


def _intents_problem(intents: Any) -> str | None:
    if not isinstance(intents, list) or not all(
        isinstance(i, dict) and isinstance(i.get("name"), str) for i in intents
    ):
        return "intents must be a list of objects with a name"
    for intent in intents:
        if not all(isinstance(x, str) for x in intent.get("samples", [])):
            return f"samples of {intent['name']} must be strings"
        if not all(
            isinstance(slot, dict) and {"name", "type"} <= slot.keys()
            for slot in intent.get("slots", [])
        ):
            return f"slots of {intent['name']} need a name and a type"
    return None


def _types_problem(types: Any) -> str | None:
    if not isinstance(types, list) or not all(
        isinstance(t, dict) and isinstance(t.get("name"), str) for t in types
    ):
        return "types must be a list of objects with a name"
    for slot_type in types:
        for value in slot_type.get("values", []):
            if not isinstance(value, dict) or not isinstance(
                value.get("name", {}).get("value") if isinstance(value.get("name"), dict) else None,
                str,
            ):
                return f"values of {slot_type['name']} need name.value"
    return None
