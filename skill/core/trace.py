"""Per-request record of which handler answered, for the simulator and logs.

A ``ContextVar`` keeps it correct under threads (the web service) and costs nothing on Lambda.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from ask_sdk_runtime.dispatch_components.request_components import GenericHandlerAdapter

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model import Response
    from ask_sdk_runtime.dispatch_components.request_components import AbstractRequestHandler

    from skill.safety.verdict import Verdict


class Trace:
    """What the dispatcher did for one request."""

    __slots__ = ("handler", "verdict")

    def __init__(self) -> None:
        self.handler: str | None = None
        # The safety gate's verdict for this request as JSON (skill.safety.as_dict), if it ran.
        self.verdict: dict[str, Any] | None = None


_current: ContextVar[Trace | None] = ContextVar("milia_trace", default=None)


def begin() -> Trace:
    """Start a fresh trace for the request about to be dispatched."""
    trace = Trace()
    _current.set(trace)
    return trace


def current() -> Trace | None:
    """The trace of the request dispatched last in this context."""
    return _current.get()


def record(handler_name: str) -> None:
    """Remember the name of the handler that answers this request."""
    trace = _current.get()
    if trace is not None:
        trace.handler = handler_name


class TracingHandlerAdapter(GenericHandlerAdapter):
    """The SDK's generic adapter, plus a note of which request handler ran."""

    # The SDK's adapter is not a Generic class: its execute() takes a free TypeVar, which no
    # override with the concrete HandlerInput can match.
    def execute(  # type: ignore[override]
        self, handler_input: HandlerInput, handler: AbstractRequestHandler[HandlerInput, Response]
    ) -> Response | None:
        record(type(handler).__name__)
        trace = _current.get()
        from skill.core.state import VERDICT

        attrs = handler_input.attributes_manager.request_attributes  # values typed object
        verdict = cast("Verdict | None", attrs.get(VERDICT))
        if trace is not None and verdict is not None:
            # the gate's verdict (left by skill.safety.SafetyInterceptor), as plain JSON, so
            # tools that show it never import the gate
            from skill.safety import as_dict

            trace.verdict = as_dict(verdict)
        return super().execute(handler_input, handler)
