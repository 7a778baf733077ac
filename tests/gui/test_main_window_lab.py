"""The main window against the real lab: Get Mail syncs, opening a message fetches its body over IMAP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from qtmail.core.credentials import CredentialStore, SessionPasswords
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui.backend import CoreBackend
from qtmail.ui.main_window import MainWindow
from qtmail.ui.models.message_list import MessageListModel
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.conftest import build_message
from tests.integration.sync_helpers import imap_account


def test_get_mail_and_read_a_message_from_the_lab(qtbot, lab: Any, ui_profile: Profile) -> None:
    user = lab.new_user("gui")
    raw = build_message(
        subject="연구소에서 온 편지",
        sender="홍길동 <hong@example.test>",
        to=f"Lab User <{user.address}>",
        text="서버에서 가져온 본문입니다.",
        attachments=[("결과.csv", b"a,b\n1,2\n", "text/csv")],
        message_id="<lab-gui-1@example.test>",
    )
    lab.deliver(user, raw)
    account = imap_account(lab, user, name="연구소", check_interval_s=0)
    session = SessionPasswords()
    session.set(account, "incoming", user.password)
    backend = CoreBackend(ui_profile, [account])
    backend._credentials = CredentialStore(ui_profile, session)  # no keyring needed

    window = MainWindow(
        ui_profile, timers=ManualTimerFactory(), use_tray=False, accounts=[account], backend=backend
    )
    qtbot.addWidget(window)
    try:
        window.actions_.get_mail.trigger()

        def inbox_id() -> int | None:
            with Store.for_profile(ui_profile) as store:
                inbox = store.folders.by_role(account.name, "inbox")
                return inbox.id if inbox is not None and inbox.total == 1 else None

        qtbot.waitUntil(lambda: inbox_id() is not None and not window._sync_requests, timeout=30_000)
        assert window.sync_status.error_count() == 0
        window.select_folder(inbox_id())
        assert window.list_model.rowCount() == 1
        assert window.list_model.index(0, MessageListModel.SUBJECT).data() == "연구소에서 온 편지"
        assert window.folder_model.index_for_folder(inbox_id()).data().endswith("(1)")

        with qtbot.waitSignal(window.message_shown, timeout=30_000):
            window.message_list.select_message(window.list_model.message_id(0))
        text = window.message_view.plain_text()
        assert "서버에서 가져온 본문입니다." in text
        assert "홍길동 <hong@example.test>" in text
        assert window.message_view.attachments.attachment_model.index(0, 0).data() == "결과.csv"
        mime = window.message_view.attachments.build_drag_mime_data(
            [window.message_view.attachments.attachment_model.index(0, 0)]
        )
        assert mime is not None
        assert Path(mime.urls()[0].toLocalFile()).read_bytes() == b"a,b\n1,2\n"
        # Reading marked it read locally; the flag change waits in the operation queue for the server.
        qtbot.waitUntil(
            lambda: not window.list_model.index(0, 0).data(Qt.ItemDataRole.FontRole), timeout=5000
        )
        with Store.for_profile(ui_profile) as store:
            assert store.operations.pending_count(account.name) >= 1
    finally:
        window.shutdown()
