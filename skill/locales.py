"""The locales the skill speaks: the one list every part reads (the models, the content
checks, the request interceptor, the simulator and the CLI)."""

from __future__ import annotations

LOCALES: tuple[str, ...] = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
DEFAULT_LOCALE = "en-US"
