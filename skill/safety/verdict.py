"""What the gate decides: the verdict, and the ids of the answers it can route to."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple


class Kind(StrEnum):
    """What the gate decided."""

    ALLOW = "allow"
    REFUSE = "refuse"
    URGENT = "urgent"


class Verdict(NamedTuple):
    """The gate's decision. ``route`` names a topic id to answer instead, when the text
    only makes sense with safety context (a retinoid follow-up, a picked spot, red flags, a
    professional doing what would be refused at home, the risks of doing it yourself).

    A ``NamedTuple``, not a frozen dataclass: as immutable, and a quarter of the cost to define
    on the cold-start import path (~0.2 ms against ~0.75 ms here)."""

    kind: Kind = Kind.ALLOW
    child: bool = False
    urgent: bool = False
    route: str | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.kind is Kind.REFUSE


ALLOW = Verdict()

RETINOID_ID = "TOPICAL_RETINOID"
# Session contexts in which "can I do that at home?" means using a retinoid as directed.
RETINOID_CONTEXT = frozenset({RETINOID_ID, "OTC_RETINOIDS"})

# Topics the gate routes to (TopicId values; kept as strings so this module stays import-light).
OTC_RETINOIDS = "OTC_RETINOIDS"
PICKED_SPOT_CARE = "PICKED_SPOT_CARE"
RED_FLAGS_ID = "RED_FLAGS"
EYE_RED_FLAGS_ID = "EYE_RED_FLAGS"
BABY_UNWELL_ID = "BABY_UNWELL"  # a SituationId: a baby or child with red-flag signs
COMEDONE_EXTRACTOR_ID = "COMEDONE_EXTRACTOR"
PRO_EXTRACTION = "PRO_EXTRACTION"
DIY_RISKS = "DIY_RISKS"
# Session contexts in which "can I try it?" or "which one should I get?" means extraction tools.
EXTRACTION_CONTEXT = frozenset({"MECHANICAL_EXTRACTION", "PRO_EXTRACTION", "DIY_RISKS"})


def as_dict(verdict: Verdict) -> dict[str, Any]:
    """A JSON-friendly view of a verdict (for logs and the simulator)."""
    return {
        "kind": verdict.kind.value,
        "child": verdict.child,
        "urgent": verdict.urgent,
        "route": verdict.route,
        "reason": verdict.reason,
    }
