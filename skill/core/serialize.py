"""The SDK's ``DefaultSerializer``, without per-request work that can be done once.

Why our own subclass: ask-sdk-core 1.19's serializer re-imports every model class by its dotted
name (``__import__`` per object) and parses every timestamp with ``dateutil``, whose parser
module alone costs ~4 ms to import on the first request. Both dominate a warm request
(``benchmarks/``: content p50 1.6x -> 1.1x of a hello-world skill). The hooks it overrides are
the SDK's name-mangled private methods, so ``tests/handlers/test_serialize.py`` checks that the
results equal the SDK's own on real envelopes: an SDK upgrade that changes them fails that test.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from functools import cache
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer


@cache
def _load_class(class_name: str) -> Any:
    module_name, _, name = class_name.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


class Serializer(DefaultSerializer):
    """Same results as :class:`DefaultSerializer` (it is one), fewer microseconds."""

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        if "." not in class_name:
            # mypy does not mangle private names: it can't find this one in the superclass.
            return super()._DefaultSerializer__load_class_from_name(class_name)  # type: ignore[misc]
        return _load_class(class_name)

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        try:
            parsed = datetime.fromisoformat(payload)
        except (TypeError, ValueError):
            # mypy does not mangle private names: it can't find this one in the superclass.
            return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)  # type: ignore[misc]
        return parsed.date() if obj_type is date else parsed
