"""Finding and loading the interaction model for a locale."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


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
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SimulatorError(f"no interaction model for {locale} at {path}") from None
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"cannot read interaction model {path}: {exc}") from None
