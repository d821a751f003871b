"""Per-request record of which handler answered, for the simulator and logs.

A ``ContextVar`` keeps it correct under threads (the web service) and costs nothing on Lambda.
"""

from __future__ import annotations

from contextvars import ContextVar

from ask_sdk_runtime.dispatch_components.request_components import GenericHandlerAdapter


class Trace:
    """What the dispatcher did for one request."""

    __slots__ = ("handler", "verdict")

    def __init__(self) -> None:
        self.handler: str | None = None
        # The safety gate's verdict for this request as JSON (skill.safety.as_dict), if it ran.
        self.verdict: object | None = None


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

    def execute(self, handler_input, handler):  # type: ignore[no-untyped-def]
        record(type(handler).__name__)
        trace = _current.get()
        from skill.core.state import VERDICT

        verdict = handler_input.attributes_manager.request_attributes.get(VERDICT)
        if trace is not None and verdict is not None:
            # the gate's verdict (left by skill.safety.SafetyInterceptor), as plain JSON, so
            # tools that show it never import the gate
            from skill.safety import as_dict

            trace.verdict = as_dict(verdict)
        return super().execute(handler_input, handler)
