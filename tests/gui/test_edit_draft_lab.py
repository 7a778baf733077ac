"""Against the lab: a draft in the IMAP Drafts folder opens in the composer with its Bcc; saving
again replaces the server's version; with an undo delay, the end of the delay sends it through
Postfix and the draft leaves Drafts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit

from qtmail.core.credentials import CredentialStore, SessionPasswords
from qtmail.core.drafts import draft_bytes, save_draft
from qtmail.core.mime import Address, OutgoingMessage, parse
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui import composer
from qtmail.ui.backend import CoreBackend
from qtmail.ui.main_window import MainWindow
from qtmail.ui.undo_send import PendingSend
from qtmail.ui.workers import ManualTimerFactory
from tests.integration.accounts_helpers import ready_user
from tests.integration.send_helpers import mailbox
from tests.integration.test_outbox_lab import _account

DRAFT_ID = "<lab-draft-1@example.test>"


def poll(qtbot: Any, check: Callable[[], bool], timeout: float = 20) -> None:
    """Wait for something on the server, a few checks a second (each one is an IMAP login)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        qtbot.wait(200)


def test_edit_an_imap_draft_save_it_and_send_it_after_the_undo_delay(
    qtbot: Any, lab: Any, ui_profile: Profile
) -> None:
    alice, bob, carol = ready_user(lab, "alice"), ready_user(lab, "bob"), ready_user(lab, "carol")
    account = _account(lab, alice)
    session = SessionPasswords()
    for role in ("incoming", "smtp"):
        session.set(account, role, alice.password)
    credentials = CredentialStore(ui_profile, session)
    draft = OutgoingMessage(
        from_=Address("Alice", alice.address),
        to=[Address("밥", bob.address)],
        bcc=[Address("", carol.address)],
        subject="초안 v1",
        text="초안 본문\n",
        message_id=DRAFT_ID,
    )
    with Store.for_profile(ui_profile) as store:
        save_draft(account, draft_bytes(draft), message_id=DRAFT_ID, store=store, credentials=credentials)
    backend = CoreBackend(ui_profile, [account])
    backend._credentials = credentials
    window = MainWindow(
        ui_profile, timers=ManualTimerFactory(), use_tray=False, accounts=[account], backend=backend
    )
    qtbot.addWidget(window)
    try:
        window.actions_.get_mail.trigger()

        def drafts_folder() -> Any:
            with Store.for_profile(ui_profile) as store:
                folder = store.folders.by_role(account.name, "drafts")
                return folder if folder is not None and folder.total == 1 else None

        qtbot.waitUntil(lambda: drafts_folder() is not None and not window._sync_requests, timeout=30_000)
        window.select_folder(drafts_folder().id)
        with qtbot.waitSignal(window.message_shown, timeout=30_000):
            window.message_list.select_message(window.list_model.message_id(0))
        assert window.actions_.edit_draft.isEnabled()
        assert window.edit_draft()
        qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
        [opened] = composer.open_composers()
        assert opened.findChild(QLineEdit, "bccField").text() == carol.address

        opened.findChild(QLineEdit, "subjectField").setText("초안 v2")
        assert opened.save_draft()

        def server_drafts() -> list[bytes]:
            return [raw for raw, _flags in mailbox(lab, alice, "Drafts")]

        poll(qtbot, lambda: [parse(raw).subject for raw in server_drafts()] == ["초안 v2"])
        assert parse(server_drafts()[0]).message_id == DRAFT_ID  # replaced, not added

        window.settings.undo_send_seconds = 5
        assert opened.send()
        qtbot.waitUntil(lambda: window.findChild(PendingSend, "undoSendBar") is not None, timeout=10_000)
        bar = window.findChild(PendingSend, "undoSendBar")
        for _ in range(5):
            bar._timer.fire()
        [received] = lab.wait_for_messages(bob, 1)
        assert parse(received).subject == "초안 v2"
        headers = b"\n" + received.split(b"\r\n\r\n", 1)[0].lower()
        assert b"\nbcc:" not in headers
        lab.wait_for_messages(carol, 1)  # the blind copy
        poll(qtbot, lambda: server_drafts() == [])

        def outbox_empty() -> bool:
            with Store.for_profile(ui_profile) as store:
                return not store.outbox.all()

        poll(qtbot, outbox_empty)  # its Sent copy is done too
        assert len(mailbox(lab, alice, "Sent")) == 1
    finally:
        window.shutdown()
