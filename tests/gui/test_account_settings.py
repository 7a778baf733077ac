"""The account settings dialog: identities and signatures, servers, options, removal with the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from qtmail.core.accounts import AccountStore
from qtmail.core.credentials import CredentialStore
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.core.store.types import FolderSpec
from qtmail.ui.dialogs.account_settings import AccountSettingsDialog
from tests.gui.composer_helpers import make_account


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile.in_directory(tmp_path / "p").ensure()
    AccountStore(profile).add(make_account("Work"))
    AccountStore(profile).add(make_account("Home", "alice@home.example"))
    return profile


def make_dialog(qtbot: QtBot, profile: Profile, name: str = "Work") -> AccountSettingsDialog:
    credentials = CredentialStore(profile)
    dialog = AccountSettingsDialog(profile, AccountStore(profile).get(name), credentials=credentials)
    qtbot.addWidget(dialog)
    return dialog


def test_editing_identities_signature_servers_and_options_is_saved(qtbot: QtBot, profile: Profile) -> None:
    dialog = make_dialog(qtbot, profile)
    assert dialog.identity_list.count() == 2
    dialog.identity_list.setCurrentRow(0)
    dialog.signature_edit.setPlainText("김민지\n팀장")
    dialog.add_identity()
    dialog.identity_name.setText("Alice (support)")
    dialog.identity_address.setText("support@example.org")
    dialog.incoming_form.port.setValue(10993)
    dialog.check_interval.setValue(5)
    dialog.offline_box.setChecked(True)
    saved: list[object] = []
    dialog.account_saved.connect(saved.append)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    account = AccountStore(profile).get("Work")
    assert [i.address for i in account.identities] == [
        "alice@example.org",
        "alice.lists@example.org",
        "support@example.org",
    ]
    assert account.identities[0].signature == "김민지\n팀장"
    assert account.incoming.port == 10993
    assert account.check_interval_s == 300
    assert account.offline_bodies
    assert AccountStore(profile).get("Home").identities[0].signature == ""  # other accounts untouched


def test_an_invalid_identity_address_is_reported_and_nothing_saved(qtbot: QtBot, profile: Profile) -> None:
    dialog = make_dialog(qtbot, profile)
    before = profile.config_file.read_bytes()
    dialog.identity_address.setText("nobody")
    dialog.save()
    assert "not an e-mail address" in dialog.status_label.text()
    assert profile.config_file.read_bytes() == before
    dialog.shutdown()


def test_the_last_identity_cannot_be_removed(qtbot: QtBot, profile: Profile) -> None:
    dialog = make_dialog(qtbot, profile)
    dialog.identity_list.setCurrentRow(1)
    dialog.remove_identity()
    assert dialog.identity_list.count() == 1
    assert not dialog.remove_identity_button.isEnabled()
    dialog.remove_identity()
    assert [i.address for i in dialog.identities()] == ["alice@example.org"]
    dialog.shutdown()


def test_removing_an_account_deletes_its_cache_and_passwords(qtbot: QtBot, profile: Profile) -> None:
    with Store.for_profile(profile) as store:
        store.folders.upsert(FolderSpec("Work", "INBOX", raw_name="INBOX", role="inbox"))
        store.folders.upsert(FolderSpec("Home", "INBOX", raw_name="INBOX", role="inbox"))
    dialog = make_dialog(qtbot, profile)
    dialog.credentials.set(dialog.account, "incoming", "pw", persist=False)
    asked: list[str] = []
    dialog.confirm = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    dialog.remove_account()
    assert asked and AccountStore(profile).names() == ["Work", "Home"]  # refused: nothing happens
    dialog.confirm = lambda title, text: True  # type: ignore[method-assign]
    removed: list[object] = []
    dialog.account_removed.connect(removed.append)
    dialog.remove_account()
    qtbot.waitUntil(lambda: bool(removed), timeout=10_000)
    assert AccountStore(profile).names() == ["Home"]
    assert dialog.credentials.get(dialog.account, "incoming") is None
    with Store.for_profile(profile) as store:
        assert store.folders.accounts() == ["Home"]
