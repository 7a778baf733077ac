"""The demo in-process (pytest-qt, offscreen): its main window lists the samples, and a message
written in the real composer goes through the outbox and the loopback SMTP server into the Inbox
and shows up in the list. The same check the installed app runs with ``QTMAIL_DEMO_SELFTEST=1``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from qtmail.core.accounts import AccountStore
from qtmail.core.profile import Profile
from qtmail.core.store import Flag
from qtmail.demo.account import DEMO_ACCOUNT_NAME
from qtmail.demo.app import demo_credentials, prepare_demo_profile
from qtmail.demo.backend import DemoBackend
from qtmail.demo.samples import build_samples
from qtmail.demo.selftest import DemoSelfTest
from qtmail.demo.server import DemoSmtpServer
from qtmail.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, DemoSmtpServer]]:
    profile = Profile.in_directory(tmp_path / "demo").ensure()
    server = DemoSmtpServer(profile, DEMO_ACCOUNT_NAME)
    server.start()
    account, created = prepare_demo_profile(profile, server.port)
    assert created
    accounts = AccountStore(profile).all()
    window = MainWindow(
        profile, backend=DemoBackend(profile, accounts, demo_credentials(profile, account)), use_tray=False
    )
    qtbot.addWidget(window)
    window.show()
    try:
        yield window, server
    finally:
        window.shutdown()
        server.stop()


def test_demo_window_lists_samples_and_delivers_what_the_composer_sends(qtbot, demo) -> None:
    window, server = demo
    inbox_samples = [s for s in build_samples() if s.folder == "inbox"]
    assert window.list_model.rowCount() == len(inbox_samples)
    unread = sum(1 for s in inbox_samples if not s.flags & Flag.SEEN)
    assert 0 < unread < len(inbox_samples)

    out, exits = io.StringIO(), []
    selftest = DemoSelfTest(window, window.accounts[0], timeout_s=30, out=out, quit_app=exits.append)
    selftest.start()
    qtbot.waitUntil(lambda: bool(exits), timeout=40_000)
    assert exits == [0], out.getvalue()
    assert server.delivered == 1
    assert window.list_model.rowCount() == len(inbox_samples) + 1
    assert "sent message arrived in the inbox" in out.getvalue()


def test_selftest_fails_when_nothing_arrives(qtbot, demo) -> None:
    window, server = demo
    server.stop()  # the message cannot be delivered now
    out, exits = io.StringIO(), []
    selftest = DemoSelfTest(window, window.accounts[0], timeout_s=1.5, out=out, quit_app=exits.append)
    selftest.start()
    qtbot.waitUntil(lambda: bool(exits), timeout=20_000)
    assert exits == [1]
    assert "FAILED: the sent message did not arrive" in out.getvalue()
