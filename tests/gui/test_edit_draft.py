"""Edit Draft: a message of a Drafts folder opens in the composer (Enter, double-click, the
menu); saving again replaces it, sending removes it from Drafts. The local Drafts of a POP3
account here (the store only); the IMAP Drafts folder in ``test_edit_draft_lab.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore
from qtmail.core.drafts import draft_bytes, reopen_draft, save_draft
from qtmail.core.mime import Address, Attachment, OutgoingMessage
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui import composer
from qtmail.ui.main_window import MainWindow
from qtmail.ui.models.message_list import MessageListModel
from tests.gui.test_main_window_wiring import make_window, no_person_asked, two_identity_account

__all__ = ["make_window", "no_person_asked"]  # fixtures shared with the wiring tests

DRAFT_ID = "<draft-1@example.kr>"


def pop3_account() -> Account:
    return Account(
        name="home",
        identities=(Identity("나", "me@example.kr"),),
        incoming=ServerSettings("pop3", "127.0.0.1", 1995),
        smtp=ServerSettings("smtp", "127.0.0.1", 1465),
        id="acc-home",
    )


def stored_draft(profile: Profile, account: Account) -> int:
    """A draft in the account's local Drafts folder, saved as the composer would (Bcc kept)."""
    draft = OutgoingMessage(
        from_=Address("나", "me@example.kr"),
        to=[Address("김민준", "minjun@example.kr")],
        bcc=[Address("숨은 이", "hidden@example.kr")],
        subject="쓰다 만 편지",
        text="아직 쓰는 중입니다.\n",
        attachments=[Attachment("표.csv", b"a,b\n1,2\n", "text/csv")],
        message_id=DRAFT_ID,
    )
    with Store.for_profile(profile) as store:
        saved = save_draft(
            account,
            draft_bytes(draft),
            message_id=DRAFT_ID,
            store=store,
            credentials=CredentialStore(profile),
        )
    assert saved.store_id is not None
    return saved.store_id


def drafts_in_store(profile: Profile, account: Account) -> list[str | None]:
    """The Message-IDs of the draft's versions in the local Drafts folder."""
    with Store.for_profile(profile) as store:
        folder = store.folders.by_role(account.name, "drafts")
        assert folder is not None
        return [m.message_id for m in store.messages.find_by_message_id(folder.id, DRAFT_ID)]


@pytest.fixture
def draft_window(make_window: Any, ui_profile: Profile, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The main window showing the draft; sending only records (no server)."""
    account = pop3_account()
    draft_id = stored_draft(ui_profile, account)
    window = make_window(ui_profile, [account])
    window.queued = []
    queue_message = window.backend.queue_message
    monkeypatch.setattr(
        window.backend,
        "queue_message",
        lambda store, acc, outgoing, raw: (
            window.queued.append(raw) or queue_message(store, acc, outgoing, raw)
        ),
    )
    monkeypatch.setattr(window.backend, "flush_outbox", lambda *_args: None)
    with Store.for_profile(ui_profile) as store:
        drafts = store.folders.by_role(account.name, "drafts")
    window.select_folder(drafts.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(draft_id)
    return window


def focus_list(qtbot: Any, window: MainWindow) -> None:
    """Keys reach the list's shortcuts only in the active window."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.message_list.setFocus()


def open_with_enter(qtbot: Any, window: MainWindow) -> composer.ComposerWindow:
    focus_list(qtbot, window)
    qtbot.keyClick(window.message_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
    return composer.open_composers()[0]


def test_enter_on_a_draft_reopens_every_field_bcc_and_attachments(draft_window: Any, qtbot: Any) -> None:
    window = draft_window
    assert window.actions_.edit_draft.isEnabled() and window.actions_.edit_draft.isVisible()
    assert window.actions_.edit_draft in window.menus["message"].actions()
    opened = open_with_enter(qtbot, window)
    assert opened.current_choice().identity.address == "me@example.kr"
    assert opened.findChild(QLineEdit, "toField").text() == "김민준 <minjun@example.kr>"
    assert opened.findChild(QLineEdit, "bccField").text() == "숨은 이 <hidden@example.kr>"
    assert opened.findChild(QLineEdit, "subjectField").text() == "쓰다 만 편지"
    assert opened.findChild(QPlainTextEdit, "bodyEdit").toPlainText().startswith("아직 쓰는 중입니다.")
    [attached] = opened.attachments()
    assert (attached.name, attached.path.read_bytes()) == ("표.csv", b"a,b\n1,2\n")


def test_saving_an_edited_draft_replaces_it_under_the_same_message_id(draft_window: Any, qtbot: Any) -> None:
    window = draft_window
    window.actions_.edit_draft.trigger()
    qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
    [opened] = composer.open_composers()
    opened.findChild(QLineEdit, "subjectField").setText("다 쓴 편지")
    assert opened.save_draft()
    qtbot.waitUntil(lambda: len(window.backend.drafts) == 1, timeout=5000)
    account, raw, message_id, _on_gui_thread = window.backend.drafts[0]
    assert (account, message_id) == ("home", DRAFT_ID)  # CoreBackend passes it as `replaces` too
    again = reopen_draft(raw)
    assert again.subject == "다 쓴 편지" and again.message_id == DRAFT_ID
    assert again.bcc == [Address("숨은 이", "hidden@example.kr")]


def test_sending_an_edited_draft_removes_it_from_drafts(
    draft_window: Any, ui_profile: Profile, qtbot: Any
) -> None:
    window = draft_window
    opened = open_with_enter(qtbot, window)
    assert opened.send()
    qtbot.waitUntil(lambda: len(window.queued) == 1, timeout=5000)
    assert b"hidden@example.kr" not in window.queued[0]
    account = pop3_account()
    qtbot.waitUntil(lambda: drafts_in_store(ui_profile, account) == [], timeout=5000)
    with Store.for_profile(ui_profile) as store:
        [item] = store.outbox.all()
    assert "hidden@example.kr" in item.recipients
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 0, timeout=5000)


def test_other_messages_still_open_in_a_window(draft_window: Any, qtbot: Any) -> None:
    window = draft_window
    window.is_draft = lambda _summary: False  # as for any message outside Drafts
    opened: list[object] = []
    window.show_standalone = lambda parsed, raw: opened.append(parsed)
    focus_list(qtbot, window)
    qtbot.keyClick(window.message_list, Qt.Key.Key_Return)
    assert len(opened) == 1 and composer.open_composers() == []


def test_double_click_on_a_draft_edits_it(draft_window: Any, qtbot: Any) -> None:
    window = draft_window
    focus_list(qtbot, window)
    rect = window.message_list.visualRect(window.list_model.index(0, MessageListModel.SUBJECT))
    viewport = window.message_list.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # QTest's double click
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # needs a press before
    qtbot.waitUntil(lambda: len(composer.open_composers()) == 1, timeout=5000)
    assert composer.open_composers()[0].findChild(QLineEdit, "subjectField").text() == "쓰다 만 편지"


def test_a_composer_keeps_its_drafts_message_id_across_saves_and_a_crash(
    make_window: Any, ui_profile: Profile, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(ui_profile, [two_identity_account("work")])
    removed: list[tuple[str, str]] = []
    monkeypatch.setattr(
        window.backend, "remove_draft", lambda _s, account, mid: removed.append((account.name, mid))
    )
    monkeypatch.setattr(window.backend, "queue_message", lambda *_args: None)
    monkeypatch.setattr(window.backend, "flush_outbox", lambda *_args: None)
    opened = window.open_composer("new")
    opened.findChild(QLineEdit, "toField").setText("friend@example.org")
    opened.findChild(QLineEdit, "subjectField").setText("첫 저장")
    assert opened.save_draft()
    opened.findChild(QLineEdit, "subjectField").setText("두 번째 저장")
    assert opened.save_draft()
    qtbot.waitUntil(lambda: len(window.backend.drafts) == 2, timeout=5000)
    message_id = opened.draft_message_id
    assert message_id and [d[2] for d in window.backend.drafts] == [message_id, message_id]

    opened.close_for_quit()  # as if the app stopped: the local draft remembers the Message-ID
    window.questions.choose_drafts = lambda _parent, drafts: drafts
    [restored] = window.restore_unsent_drafts()
    assert restored.draft_message_id == message_id
    assert restored.save_draft()
    qtbot.waitUntil(lambda: len(window.backend.drafts) == 3, timeout=5000)
    assert window.backend.drafts[2][2] == message_id  # still replaces the same copy
    assert restored.send()
    qtbot.waitUntil(lambda: removed == [("work", message_id)], timeout=5000)
