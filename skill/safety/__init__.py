"""The safety policy: one gate that every request path passes before any content handler.

The policy: never give at-home extraction instructions, however the request is phrased. Explain
the risks, point to a dermatologist, and send red-flag symptoms to a doctor. Legitimate
questions (how professionals do it, the risks, over-the-counter retinoids, aftercare, caring for
a spot already picked) get real answers. Handlers never decide safety themselves; they act on
the verdict the gate leaves for the request.

One concern per module:

* ``verdict``: what the gate decides (:class:`Verdict`) and the answers it can route to;
* ``vocabulary``: the words the policy knows, normalised, and how they are matched;
* ``text_policy``: a :class:`~skill.safety.text_policy.Features` record of the words, then
  ordered named rules (a SearchQuery value, or slot words outside their lists);
* ``slot_policy``: the rules for the removal and home-care intents, read from resolved slot ids;
* ``gate``: :func:`assess` (what a device sends: intent, slots, context) and the interceptor;
* ``output``: the check that no answer reads as extraction steps.

The vocabulary is data, not test sentences; the red-team suites in ``tests/safety/cases.py``
pin the behaviour.
"""

from typing import TYPE_CHECKING, Any

from skill.safety.gate import (
    VERDICT_KEY,
    SafetyInterceptor,
    assess,
    assess_request,
    context_of,
    verdict_of,
)
from skill.safety.verdict import ALLOW, Kind, Verdict, as_dict

if TYPE_CHECKING:
    from skill.safety.output import unsafe_instructions
    from skill.safety.slot_policy import Slot
    from skill.safety.text_policy import assess_text

# The policies and their vocabulary load on first use: the Lambda cold start (a launch) needs
# only the gate and the verdict.
_LAZY = {
    "assess_text": "skill.safety.text_policy",
    "Slot": "skill.safety.slot_policy",
    "unsafe_instructions": "skill.safety.output",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ALLOW",
    "VERDICT_KEY",
    "Kind",
    "SafetyInterceptor",
    "Slot",
    "Verdict",
    "as_dict",
    "assess",
    "assess_request",
    "assess_text",
    "context_of",
    "unsafe_instructions",
    "verdict_of",
]
