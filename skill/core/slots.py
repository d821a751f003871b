"""Reading slots: the entity-resolution id when Alexa matched one, else the spoken text."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot


def slot_id(handler_input: HandlerInput, name: str) -> str | None:
    """The canonical id of a custom slot value (ER_SUCCESS_MATCH), or ``None``."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError, ValueError):
        return None
    resolutions = getattr(slot, "resolutions", None) if slot else None
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if getattr(status, "value", status) != "ER_SUCCESS_MATCH":
            continue
        for wrapper in authority.values or []:
            value = getattr(wrapper, "value", None)
            if value is not None and value.id:
                return str(value.id)
    return None


def slot_text(handler_input: HandlerInput, name: str) -> str | None:
    """What the user said for a slot, or ``None``."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError, ValueError):
        return None
    value = getattr(slot, "value", None) if slot else None
    return value if isinstance(value, str) and value.strip() else None
