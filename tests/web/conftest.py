"""Fixtures of the web tests: one private CA for the whole run, Flask clients that trust it,
and loopback servers for the certificate download."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.web.signing import Pki, client_factory, http_servers, make_pki


@pytest.fixture(scope="session")
def pki() -> Pki:
    """A root, an intermediate and an ``echo-api.amazon.com`` leaf (RSA keys take a while to
    make: one set for every web test)."""
    return make_pki()


@pytest.fixture
def client_for(pki: Pki) -> Callable[..., Any]:
    """Makes Flask test clients whose verifier trusts only the test root."""
    return client_factory(pki)


@pytest.fixture
def local_http() -> Iterator[Callable[[Callable[[Any], None]], str]]:
    """Starts loopback HTTP servers for a test; returns their URLs."""
    with http_servers() as start:
        yield start
