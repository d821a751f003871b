"""Our serializer must read envelopes exactly as the SDK's own does."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.core.serialize import Serializer
from skill.simulator import Simulator
from tests.support import event_files


def _envelopes() -> list[dict]:
    sim = Simulator("en-US", screen=True)
    turns = [sim.send(u) for u in ("open milia guide", "how does freezing work", "stop")]
    return [t.request for t in turns] + [json.loads(p.read_text()) for p in event_files()]


@pytest.mark.parametrize("event", _envelopes())
def test_same_objects_as_the_sdk_serializer(event: dict) -> None:
    payload = json.dumps(event)
    ours = Serializer().deserialize(payload, RequestEnvelope)
    theirs = DefaultSerializer().deserialize(payload, RequestEnvelope)
    assert ours == theirs
    assert ours.request.timestamp == theirs.request.timestamp
    assert ours.request.timestamp.tzinfo is not None


def test_odd_timestamps_fall_back_to_dateutil() -> None:
    event = _envelopes()[0]
    event["request"]["timestamp"] = "26 Nov 2026 05:00:00 +0000"
    payload = json.dumps(event)
    assert (
        Serializer().deserialize(payload, RequestEnvelope).request.timestamp
        == DefaultSerializer().deserialize(payload, RequestEnvelope).request.timestamp
    )
