"""pytest plugin (entry point ``pytest11``): fixtures that run the simulator in a subprocess on a free port.

- ``live_platform_simulator``: one process for the whole session.
- ``live_platform_simulator_function``: a fresh process per test.
- ``live_platform_simulator_factory``: call it with extra CLI arguments (``factory("--mode", "async")``,
  ``factory("--variant", "states=upper")``); every process it starts is stopped at the end of the test.
Extra arguments for the first two come from the environment variable ``LIVE_PLATFORM_SIMULATOR_ARGS``.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any, Iterator

import pytest

from .process import SimulatorProcess

def _env_args() -> list[str]:
    return shlex.split(os.environ.get("LIVE_PLATFORM_SIMULATOR_ARGS", ""))


@pytest.fixture(scope="session")
def live_platform_simulator() -> Iterator[SimulatorProcess]:
    sim = SimulatorProcess(_env_args()).start()
    try:
        yield sim
    finally:
        sim.close()


@pytest.fixture
def live_platform_simulator_function() -> Iterator[SimulatorProcess]:
    sim = SimulatorProcess(_env_args()).start()
    try:
        yield sim
    finally:
        sim.close()


@pytest.fixture
def live_platform_simulator_factory(tmp_path: Path) -> Iterator[Any]:
    started: list[SimulatorProcess] = []

    def factory(*args: str, workdir: str | None = None) -> SimulatorProcess:
        sim = SimulatorProcess(list(args), workdir=workdir)
        started.append(sim)
        return sim.start()

    yield factory
    for sim in started:
        sim.close()
