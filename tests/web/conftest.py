from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # trust_env=False: the tests talk to 127.0.0.1 directly, never through a configured proxy.
    with httpx.Client(trust_env=False, timeout=30, follow_redirects=False) as http:
        yield http
