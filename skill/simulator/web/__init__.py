"""The browser simulator (``milia-skill simulator``): a local page with the developer console's
Test tab features, over the device-faithful :class:`skill.simulator.Simulator`. Flask loads only
when this package is imported."""

from skill.simulator.web.app import create_app, serve

__all__ = ["create_app", "serve"]
