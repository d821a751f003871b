"""The conversation's state (skill/core/state.py): what "yes" accepts survives the round trip
through Alexa's session attributes, and whatever a client sends back never breaks a turn."""

from __future__ import annotations

from typing import Any

import pytest

from skill.core import state
from skill.core.state import LastResponse, Pending

OFFERS = [
    Pending.of_aspect("CRYOTHERAPY", "AFTERCARE"),
    Pending.of_aspect("LASER_ABLATION", "HOW_IT_WORKS", resume=True),
    Pending.of_comparison("CRYOTHERAPY", "CHEMICAL_PEEL", 1),
    Pending.of_topic("GO_AWAY"),
    Pending.of_list(),
    Pending.for_treatment("SENSATION"),
    Pending.for_second("TOPICAL_RETINOID"),
]


@pytest.mark.parametrize("offer", OFFERS, ids=lambda p: p.do)
def test_an_offer_survives_the_session_attributes(offer: Pending) -> None:
    attrs: dict[str, Any] = {}
    state.offer(attrs, offer)
    assert isinstance(attrs[state.PENDING], dict)  # plain JSON, as Alexa carries it
    assert state.pending(attrs) == offer
    assert state.take_pending(attrs) == offer
    assert state.take_pending(attrs) is None  # "yes" accepts an offer once


def test_the_stored_shape_is_the_one_alexa_already_holds() -> None:
    """Sessions opened before this module keep working: the attribute shape did not change."""
    assert Pending.of_topic("GO_AWAY").to_attribute() == {"do": "topic", "id": "GO_AWAY"}
    assert Pending.of_comparison("A", "B", 2).to_attribute() == {
        "do": "compare",
        "a": "A",
        "b": "B",
        "part": 2,
    }
    launch = Pending.of_aspect("CRYOTHERAPY", "HOW_IT_WORKS", resume=True)
    assert launch.to_attribute() == {
        "do": "aspect",
        "treatment": "CRYOTHERAPY",
        "aspect": "HOW_IT_WORKS",
        "resume": True,
    }


@pytest.mark.parametrize(
    "sent",
    [None, "list", 7, [], {}, {"do": 3}, {"do": None}, {"do": "topic", "id": ["x"]}],
)
def test_a_malformed_offer_from_the_client_is_no_offer_or_a_harmless_one(sent: object) -> None:
    attrs: dict[str, Any] = {state.PENDING: sent}
    pending = state.take_pending(attrs)
    assert pending is None or pending.topic is None


def test_a_compare_part_that_is_not_a_number_is_dropped() -> None:
    attrs: dict[str, Any] = {state.PENDING: {"do": "compare", "a": "A", "b": "B", "part": "x"}}
    pending = state.pending(attrs)
    assert pending is not None
    assert pending.part is None


def test_start_over_keeps_only_the_user_and_the_disclaimer() -> None:
    attrs: dict[str, Any] = {
        state.USER: {"visits": 2},
        state.DISCLAIMED: True,
        state.TOPIC: "CRYOTHERAPY",
        state.WALK: True,
        state.PENDING: {"do": "list"},
        state.LAST_RESPONSE: {"speech": "<speak>Hi</speak>"},
    }
    state.start_over(attrs)
    assert attrs == {state.USER: {"visits": 2}, state.DISCLAIMED: True}


def test_forget_place_keeps_the_repeat_cache_and_the_user() -> None:
    attrs: dict[str, Any] = {state.USER: {}, state.TOPIC: "X", state.COMPARE: {}, "last": {}}
    state.forget_place(attrs)
    assert attrs == {state.USER: {}, "last": {}}


def test_the_disclaimer_is_marked_once() -> None:
    attrs: dict[str, Any] = {}
    assert state.mark_disclaimed(attrs) is False
    assert state.mark_disclaimed(attrs) is True


def test_the_repeat_cache() -> None:
    attrs: dict[str, Any] = {}
    assert state.last_response(attrs) is None
    state.remember_response(attrs, "<speak>Hello</speak>", None)
    assert state.last_response(attrs) == LastResponse("<speak>Hello</speak>")
    for broken in ({"speech": ""}, {"speech": 5}, "x", {"reprompt": "r"}):
        assert state.last_response({state.LAST_RESPONSE: broken}) is None
    state.remember_view(attrs, {"card": {"title": "t", "text": "x"}})
    assert state.last_view(attrs) == {"card": {"title": "t", "text": "x"}}
    state.remember_view(attrs, {})
    assert state.last_view(attrs) is None
