"""The simulator's NLU: typed words to an intent and slots, from the interaction model alone.

It stands in for Alexa's NLU and knows no more than it does: it reads
``interaction_models/<locale>.json`` and never imports the skill's safety gate or its free-text
understanding. Stages, one module each: ``compiled`` (the model as tables and patterns),
``training`` (examples from the samples), ``statistical`` (the intent classifier), ``slots``
(slot tagging and entity resolution), ``resolver`` (the modes that put them together).
"""

from skill.simulator.nlu.builtins import END_PHRASES, FALLBACK
from skill.simulator.nlu.compiled import normalise
from skill.simulator.nlu.resolver import MODES, Nlu
from skill.simulator.nlu.types import Resolution, SlotFill

__all__ = ["END_PHRASES", "FALLBACK", "MODES", "Nlu", "Resolution", "SlotFill", "normalise"]
