"""Fixtures: an in-process simulator (FastAPI TestClient) holding a valid token."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from live_platform_simulator.app import create_app
from live_platform_simulator.settings import Settings
from lps_helpers import get_token


@pytest.fixture
def make_sim() -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**kw: Any) -> TestClient:
        kw.setdefault("deployment_time", 0.2)
        kw.setdefault("deletion_time", 0.2)
        client = TestClient(create_app(Settings(**kw)))
        client.__enter__()
        clients.append(client)
        client.headers["Authorization"] = f"Bearer {get_token(client)}"
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def sim(make_sim: Callable[..., TestClient]) -> TestClient:
    return make_sim()
