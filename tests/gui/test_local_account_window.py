"""The ordinary main window (CoreBackend, not the demo's) on a kept demo profile: the local demo
account's Get Mail has nothing to fetch and the status bar shows no problem, even with no
password anywhere and the demo's server gone. The settings dialog keeps the account local.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from qtmail.core.accounts import AccountStore
from qtmail.core.profile import Profile
from qtmail.demo.account import DEMO_ACCOUNT_NAME
from qtmail.demo.app import prepare_demo_profile
from qtmail.demo.server import DemoSmtpServer
from qtmail.ui.backend import CoreBackend
from qtmail.ui.dialogs.server_form import ServerForm
from qtmail.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Profile:
    """A demo profile whose demo has quit (its SMTP server is gone); no keyring at all."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    profile = Profile.in_directory(tmp_path / "demo").ensure()
    with DemoSmtpServer(profile, DEMO_ACCOUNT_NAME) as server:
        prepare_demo_profile(profile, server.port)
    yield profile  # type: ignore[misc]
    keyring.set_keyring(previous)


def test_get_mail_on_a_local_account_shows_no_error(qtbot: QtBot, demo_profile: Profile) -> None:
    window = MainWindow(demo_profile, use_tray=False)
    qtbot.addWidget(window)
    try:
        assert isinstance(window.backend, CoreBackend)
        (account,) = window.accounts
        assert not account.has_incoming_server
        window.get_all_mail()
        qtbot.waitUntil(lambda: not window._sync_requests, timeout=10_000)
        activity = window.sync_status.activity(account.id, account.name)
        assert not activity.busy
        assert window.sync_status.error_count() == 0, activity.errors
        assert not window.sync_status.error_button.isVisible()
        assert window.list_model.rowCount() > 0  # the samples are still listed
    finally:
        window.shutdown()


def test_server_form_keeps_a_local_account_local(qtbot: QtBot, demo_profile: Profile) -> None:
    (account,) = AccountStore(demo_profile).all()
    form = ServerForm(incoming=True, object_prefix="incoming")
    qtbot.addWidget(form)
    form.set_settings(account.incoming)
    assert form.current_protocol() == "local"
    assert not form.host.isEnabled() and not form.port.isEnabled()
    assert form.settings() == account.incoming
    form.protocol.setCurrentIndex(form.protocol.findData("pop3"))  # the user picks a real server
    assert form.host.isEnabled() and form.port.value() == 995
    form.host.setText("pop.example.test")
    assert (form.settings().protocol, form.settings().host) == ("pop3", "pop.example.test")
