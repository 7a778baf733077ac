"""Address completion in To/Cc/Bcc from the store's address book, in a worker thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from qtmail.core.mime.types import Address
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui.address_completer import AddressLineEdit, split_last
from qtmail.ui.composer import ComposerWindow, open_composer
from qtmail.ui.workers import ManualTimerFactory, TaskQueue
from tests.gui.composer_helpers import make_account


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile.in_directory(tmp_path / "p").ensure()
    with Store.for_profile(profile) as store:
        store.addresses.record_sent(
            [Address("김민준", "minjun@example.kr"), Address("Kim, Sarah", "sarah.kim@example.com")]
        )
        store.addresses.record_sent([Address("Bob", "bob@example.org")])
    return profile


@pytest.fixture
def queue(qtbot: QtBot) -> Iterator[TaskQueue]:
    task_queue = TaskQueue("completion-test")
    yield task_queue
    assert task_queue.shutdown(10_000)


@pytest.fixture
def composer(qtbot: QtBot, profile: Profile, queue: TaskQueue) -> ComposerWindow:
    window = open_composer(
        [make_account()], profile=profile, queue=queue, timers=ManualTimerFactory(), show=False
    )
    window.ask_close = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(window)
    return window


def test_split_last_ignores_commas_inside_quotes() -> None:
    assert split_last('"Kim, Sarah" <s@x.org>, bo') == ('"Kim, Sarah" <s@x.org>,', "bo")
    assert split_last("bo") == ("", "bo")


def test_typing_in_to_suggests_addresses_from_the_store(qtbot: QtBot, composer: ComposerWindow) -> None:
    field = composer.to_field
    assert isinstance(field, AddressLineEdit)
    qtbot.keyClicks(field, "bob@example.org, ")
    field.insert("김")  # typed through an input method (QTest cannot type non-ASCII keys)
    qtbot.waitUntil(
        lambda: field.completer_model().stringList() == ["김민준 <minjun@example.kr>"], timeout=10_000
    )
    field.insert_completion("김민준 <minjun@example.kr>")
    assert field.text() == "bob@example.org, 김민준 <minjun@example.kr>, "


def test_completion_of_a_quoted_name_keeps_the_quotes(qtbot: QtBot, composer: ComposerWindow) -> None:
    field = composer.cc_field
    qtbot.keyClicks(field, "sar")
    qtbot.waitUntil(lambda: bool(field.completer_model().stringList()), timeout=10_000)
    (suggestion,) = field.completer_model().stringList()
    assert suggestion == '"Kim, Sarah" <sarah.kim@example.com>'
    field.insert_completion(suggestion)
    composer.to_field.setText("x@example.org")
    assert [a.address for a in composer.build_message().cc] == ["sarah.kim@example.com"]
