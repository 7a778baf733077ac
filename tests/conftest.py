"""Suite-wide settings: offscreen Qt, hypothesis profiles, markers by tier."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.lab.fixtures import *  # noqa: F403  (lab, own_lab, lab_no_condstore, lab_user, log reports)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI: no deadline (a loaded 2-core machine is slow), bounded example counts so the suite stays short.
settings.register_profile(
    "ci", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, max_examples=30)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TESTS_DIR = Path(__file__).parent


def in_ci() -> bool:
    """In CI a missing server or tool is a failure, never a skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(available: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when something a test needs is missing."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{what} is missing; CI must install it (tests/run.sh)")
    pytest.skip(f"{what} is missing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by tier from their directory, so ``-m 'not lab'`` works without decorators."""
    for item in items:
        parts = Path(str(item.fspath)).relative_to(TESTS_DIR).parts
        if parts and parts[0] == "integration":
            item.add_marker(pytest.mark.lab)
        if parts and parts[0] == "gui":
            item.add_marker(pytest.mark.gui)
        if {"lab", "own_lab", "lab_no_condstore"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.lab)  # needs the mail lab wherever it lives


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh qtmail profile directory, also exported as QTMAIL_PROFILE."""
    directory = tmp_path / "profile"
    monkeypatch.setenv("QTMAIL_PROFILE", str(directory))
    return directory
