"""The local simulator: typed words resolved against ``interaction_models/<locale>.json``,
sent as real request envelopes through the same ``lambda_handler`` that Lambda uses."""

from skill.locales import LOCALES
from skill.simulator.models import SimulatorError, load_model, models_dir
from skill.simulator.nlu import Nlu, Resolution, SlotFill
from skill.simulator.session import Simulator, Turn, default_user_id

__all__ = [
    "LOCALES",
    "Nlu",
    "Resolution",
    "Simulator",
    "SimulatorError",
    "SlotFill",
    "Turn",
    "default_user_id",
    "load_model",
    "models_dir",
]
