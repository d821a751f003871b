"""What the simulator's NLU hands to the envelope builder: an intent and its filled slots."""

from __future__ import annotations

from dataclasses import dataclass, field

# How words become intents: "statistical" (a classifier trained on the model, like Alexa) or
# "exact" (literal samples only, like virtual-alexa).
NLU_MODES = ("statistical", "exact")


@dataclass(slots=True)
class SlotFill:
    """A filled slot: what was said and, for custom types, the resolved value.

    ``id`` is set when entity resolution matched a value or synonym (``ER_SUCCESS_MATCH``);
    a spoken value outside the list keeps ``id`` at ``None`` (``ER_SUCCESS_NO_MATCH``).
    """

    name: str
    type: str
    value: str | None = None
    id: str | None = None
    canonical: str | None = None

    @property
    def resolved(self) -> str | None:
        return self.id or self.value

    @property
    def status(self) -> str | None:
        """The entity-resolution status Alexa would send, or ``None`` (no value, built-in)."""
        if self.value is None or self.type.startswith("AMAZON."):
            return None
        return "ER_SUCCESS_MATCH" if self.id else "ER_SUCCESS_NO_MATCH"


@dataclass(slots=True)
class Resolution:
    """The outcome of understanding one utterance.

    ``method`` says how: ``exact`` (a literal sample), ``statistical`` (the classifier),
    ``carrier`` (an ``AMAZON.SearchQuery`` sample's carrier phrase) or ``fallback``.
    ``confidence`` is the classifier's probability for the intent (``None`` in exact mode).
    """

    intent: str
    slots: dict[str, SlotFill] = field(default_factory=dict)
    method: str = "exact"
    confidence: float | None = None
