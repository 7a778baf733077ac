"""Fixtures of the outbox unit tests: a profile in a temporary directory and its store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qtmail.core.profile import Profile
from qtmail.core.store import Store


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.in_directory(tmp_path / "profile")


@pytest.fixture
def store(profile: Profile) -> Iterator[Store]:
    with Store.for_profile(profile) as opened:
        yield opened
