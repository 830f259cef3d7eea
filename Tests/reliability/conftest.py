"""Session fixtures of the reliability suite: the binary, built once; a work directory; cleanup of every process."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import support


@pytest.fixture(scope="session")
def binary() -> Path:
    """`swift build --product odoo-medusa-sync` in the repository (found from this file), once per session.

    `RELIABILITY_BINARY=/path/to/odoo-medusa-sync` skips the build (for a binary built elsewhere)."""
    given = os.environ.get("RELIABILITY_BINARY")
    if given:
        return Path(given).resolve()
    build = subprocess.run(["swift", "build", "--product", "odoo-medusa-sync"], cwd=support.REPO,
                           capture_output=True, text=True, timeout=3600)
    assert build.returncode == 0, f"swift build failed:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=support.REPO, capture_output=True, text=True,
                              timeout=600, check=True).stdout.strip()
    path = Path(bin_path) / "odoo-medusa-sync"
    assert path.exists(), f"{path} missing after the build"
    return path


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reliability")


@pytest.fixture
def workdir(tmp_path) -> Path:
    return tmp_path


@pytest.fixture
def cleanup():
    """Collects simulators and services a test starts; stops them (services first) however the test ends."""
    started: list = []
    yield started.append
    for thing in reversed(started):
        try:
            if isinstance(thing, support.Service):
                thing.stop()
            else:
                thing.close()
        except Exception:  # noqa: BLE001 - cleanup must go on
            pass


def pytest_collection_modifyitems(config, items):
    """The secret scan reads what the whole session logged and served: it runs last."""
    last = [item for item in items if item.get_closest_marker("scan_last")]
    items[:] = [item for item in items if item not in last] + last


def pytest_configure(config):
    config.addinivalue_line("markers", "scan_last: runs after every other test of the session")


def pytest_sessionfinish(session, exitstatus):
    support.end_all_processes()
