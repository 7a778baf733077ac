"""The main window wired to the composer and the account dialogs: drafts after a crash, first run,
account settings and removal, replies from the right identity, Save Draft to the server, quitting.

Every modal question is replaced, so no test waits on a person.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from qtmail.core.accounts import Account, AccountStore, Identity, ServerSettings
from qtmail.core.profile import Profile
from qtmail.core.store import Store
from qtmail.ui import composer
from qtmail.ui.backend import CoreBackend
from qtmail.ui.composer_drafts import DraftState, draft_store_for, new_draft_id
from qtmail.ui.main_window import MainWindow
from qtmail.ui.models.roles import Roles
from qtmail.ui.workers import CancelToken, ManualTimerFactory
from tests.gui.mailbox import Mailbox, fill_mailbox


def two_identity_account(name: str = "work") -> Account:
    return Account(
        name=name,
        identities=(Identity("Main", "main@example.kr"), Identity("나", "me@example.kr")),
        incoming=ServerSettings("imap", "127.0.0.1", 1993),
        smtp=ServerSettings("smtp", "127.0.0.1", 1465),
        id=f"acc-{name}",
    )


class QuietBackend(CoreBackend):
    """The real local actions; sync, IDLE and Save Draft only record what they were asked."""

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.synced: list[str] = []
        self.drafts: list[tuple[str, bytes, str, bool]] = []

    def sync_account(self, store: Store, account: Account, token: CancelToken) -> object:
        self.synced.append(account.name)
        return None

    def watch_inbox(self, account: Account, token: CancelToken) -> None:
        return None

    def save_draft(self, store: Store, account: Account, raw: bytes, message_id: str) -> object:
        on_gui_thread = threading.current_thread() is threading.main_thread()
        self.drafts.append((account.name, raw, message_id, on_gui_thread))
        return None


@pytest.fixture
def make_window(qtbot) -> Iterator[Any]:
    windows: list[MainWindow] = []

    def make(profile: Profile, accounts: list[Account] | None = None) -> MainWindow:
        backend = QuietBackend(profile)
        window = MainWindow(
            profile, timers=ManualTimerFactory(), use_tray=False, accounts=accounts, backend=backend
        )
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()  # closes composers, joins every worker thread
    for leftover in composer.open_composers():
        leftover.close_for_quit()


@pytest.fixture(autouse=True)
def no_person_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any modal question a test forgot to replace fails the test instead of waiting."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a modal dialog was opened")

    monkeypatch.setattr(composer.ComposerWindow, "ask_close", refuse)
    monkeypatch.setattr(composer, "ask_which_drafts", refuse)
    monkeypatch.setattr("qtmail.ui.dialogs.account_wizard.run_account_wizard", refuse)
    monkeypatch.setattr("qtmail.ui.dialogs.account_settings.open_account_settings", refuse)
    monkeypatch.setattr("qtmail.ui.main_window.Questions.offer_account_wizard", refuse)


def tree_accounts(window: MainWindow) -> set[str]:
    model = window.folder_model
    found = set()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.data(index, Roles.NODE_KIND) == "account":
            found.add(str(model.data(index, Roles.ACCOUNT_ID)))
    return found


def test_start_up_offers_unsent_drafts_and_reopens_the_chosen_one(make_window, ui_profile: Profile) -> None:
    store = draft_store_for(ui_profile)
    keep, skip = new_draft_id(), new_draft_id()
    store.save(DraftState(keep, subject="살릴 초안", to="a@example.kr", saved_at=1.0))
    store.save(DraftState(skip, subject="Not this one", saved_at=2.0))
    window = make_window(ui_profile, [two_identity_account()])
    offered: list[str] = []

    def choose(_parent: object, drafts: list[DraftState]) -> list[DraftState]:
        offered.extend(d.draft_id for d in drafts)
        return [d for d in drafts if d.draft_id == keep]

    window.questions.choose_drafts = choose
    window.start_up()  # has an account: no wizard offered
    assert sorted(offered) == sorted([keep, skip])
    [opened] = composer.open_composers()
    assert opened.findChild(QLineEdit, "subjectField").text() == "살릴 초안"
    assert opened.draft_id == keep
    assert opened._draft_saver is not None  # Save Draft reaches the server


def test_first_run_offers_the_wizard_and_shows_the_new_account(
    make_window, ui_profile: Profile, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    window = make_window(ui_profile)
    assert window.accounts == []
    new = two_identity_account("새계정")

    def wizard(profile: Profile, parent: object = None) -> Account:
        assert parent is window
        return AccountStore(profile).add(new)

    monkeypatch.setattr(window.questions, "offer_account_wizard", lambda _parent: True)
    monkeypatch.setattr("qtmail.ui.dialogs.account_wizard.run_account_wizard", wizard)
    window.start_up()
    assert [a.name for a in window.accounts] == ["새계정"]
    assert "새계정" in tree_accounts(window)
    assert window.actions_.get_mail.isEnabled()
    qtbot.waitUntil(lambda: window.backend.synced == ["새계정"], timeout=5000)  # mail fetched at once


def test_first_run_declined_opens_no_wizard(make_window, ui_profile: Profile, monkeypatch) -> None:
    window = make_window(ui_profile)
    asked: list[bool] = []
    monkeypatch.setattr(window.questions, "offer_account_wizard", lambda _parent: asked.append(True) or False)
    window.start_up()  # the autouse patch fails the test if the wizard opens
    assert asked == [True] and window.accounts == []


def test_add_account_menu_item_runs_the_wizard(make_window, ui_profile: Profile, monkeypatch) -> None:
    window = make_window(ui_profile)
    calls: list[Profile] = []
    monkeypatch.setattr(
        "qtmail.ui.dialogs.account_wizard.run_account_wizard",
        lambda profile, parent=None: calls.append(profile),  # cancelled: nothing added
    )
    window.actions_.add_account.trigger()
    assert calls == [window.profile] and window.accounts == []


def test_account_settings_rename_and_removal_refresh_the_tree_and_drop_the_cache(
    make_window, ui_profile: Profile, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    mailbox: Mailbox = fill_mailbox(ui_profile, account="work", count=3)
    AccountStore(ui_profile).add(two_identity_account("work"))
    AccountStore(ui_profile).add(two_identity_account("home"))
    window = make_window(ui_profile)
    window.select_folder(mailbox.inbox.id)  # a folder of "work": the settings are for that account
    shown: list[str] = []

    def settings_that_change_identities(profile: Profile, account: Account, parent: object = None) -> None:
        shown.append(account.name)
        changed = Account(
            name=account.name,
            identities=(Identity("Renamed", "renamed@example.kr"),),
            incoming=account.incoming,
            smtp=account.smtp,
            id=account.id,
        )
        AccountStore(profile).update(changed)

    monkeypatch.setattr(
        "qtmail.ui.dialogs.account_settings.open_account_settings", settings_that_change_identities
    )
    assert window.actions_.account_settings.text() != ""
    window.actions_.account_settings.trigger()
    assert shown == ["work"]
    assert window.account_for("work").identities[0].address == "renamed@example.kr"

    def settings_that_remove(profile: Profile, account: Account, parent: object = None) -> None:
        AccountStore(profile).remove(account.name)  # the dialog's own store cleanup is not relied on

    monkeypatch.setattr("qtmail.ui.dialogs.account_settings.open_account_settings", settings_that_remove)
    window.actions_.account_settings.trigger()
    assert [a.name for a in window.accounts] == ["home"]
    qtbot.waitUntil(lambda: "work" not in tree_accounts(window), timeout=5000)
    store = Store.for_profile(ui_profile)
    try:
        assert "work" not in store.folders.accounts()
        assert store.folders.by_role("work", "inbox") is None
    finally:
        store.close()


def test_reply_and_forward_come_from_the_identity_the_mail_was_sent_to(
    make_window, ui_profile: Profile, qtbot
) -> None:
    mailbox = fill_mailbox(ui_profile, account="work", count=2)  # sent to me@example.kr
    window = make_window(ui_profile, [two_identity_account("work")])
    window.select_folder(mailbox.inbox.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(mailbox.ids[0])
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.actions()}
    assert (shortcuts["reply"], shortcuts["replyAll"], shortcuts["forward"]) == (
        "Ctrl+R",
        "Ctrl+Shift+R",
        "Ctrl+L",
    )
    window.actions_.reply.trigger()
    window.actions_.forward.trigger()
    forward, reply = sorted(
        composer.open_composers(), key=lambda w: w.findChild(QLineEdit, "subjectField").text()
    )  # Fwd: sorts before Re:
    for opened in (reply, forward):
        assert opened.current_choice().identity.address == "me@example.kr"  # not the first identity
        assert opened.findChild(QComboBox) is not None
    assert forward.findChild(QLineEdit, "subjectField").text().startswith("Fwd:")
    assert reply.findChild(QLineEdit, "subjectField").text().startswith("Re:")


def test_save_draft_goes_to_the_server_on_the_account_worker_keeping_one_message_id(
    make_window, ui_profile: Profile, qtbot
) -> None:
    window = make_window(ui_profile, [two_identity_account("work")])
    opened = window.open_composer("new")
    assert isinstance(opened, composer.ComposerWindow)
    opened.findChild(QLineEdit, "subjectField").setText("초안 제목")
    assert opened.save_draft()
    assert opened.save_draft()
    backend = window.backend
    qtbot.waitUntil(lambda: len(backend.drafts) == 2, timeout=5000)
    (name1, raw1, id1, gui1), (_name2, _raw2, id2, gui2) = backend.drafts
    assert name1 == "work" and not gui1 and not gui2  # on the account's worker, not the GUI thread
    assert id1 == id2 and id1.startswith("<") and id1.encode() in raw1  # the second replaces the first
    assert b"Subject:" in raw1


def test_quit_closes_composers_and_keeps_their_drafts(make_window, ui_profile: Profile) -> None:
    window = make_window(ui_profile, [two_identity_account("work")])
    opened = window.open_composer("new")
    assert isinstance(opened, composer.ComposerWindow)
    opened.findChild(QLineEdit, "subjectField").setText("쓰다 만 편지")
    draft_id = opened.draft_id
    window.close()  # ask_close would fail the test: quitting asks nothing
    assert composer.open_composers() == []
    kept = {d.draft_id: d for d in draft_store_for(ui_profile).list()}
    assert kept[draft_id].subject == "쓰다 만 편지"
    assert all(queue.pending == 0 for queue in window.workers.all_queues())


def test_toolbar_labels_drop_mnemonics_also_in_the_cjk_form() -> None:
    from qtmail.ui.actions import toolbar_text

    assert toolbar_text("답장(&R)") == "답장"
    assert toolbar_text("전체 답장(&A)") == "전체 답장"
    assert toolbar_text("Reply &All") == "Reply All"
    assert toolbar_text("Save &All…") == "Save All"
    assert toolbar_text("Tom && Jerry") == "Tom & Jerry"


def test_toolbar_shows_the_labels_without_mnemonics(make_window, ui_profile: Profile) -> None:
    window = make_window(ui_profile)
    labels = [a.iconText() for a in window.toolbar.actions() if not a.isSeparator()]
    assert "Reply All" in labels and not any("&" in label for label in labels)


def test_send_and_save_draft_build_the_message_on_the_account_worker(
    make_window, ui_profile: Profile, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MIME building (Base64 of a 25 MB attachment) never runs on the GUI thread."""
    import qtmail.core.mime as mime

    real_compose = mime.compose
    composed_on_gui: list[bool] = []

    def recording_compose(*args: Any, **kwargs: Any) -> bytes:
        composed_on_gui.append(threading.current_thread() is threading.main_thread())
        return real_compose(*args, **kwargs)

    monkeypatch.setattr(mime, "compose", recording_compose)
    window = make_window(ui_profile, [two_identity_account("work")])
    queued: list[bytes] = []
    monkeypatch.setattr(window.backend, "queue_message", lambda _s, _a, _o, raw: queued.append(raw))
    monkeypatch.setattr(window.backend, "flush_outbox", lambda *_args: None)
    opened = window.open_composer("new")
    assert isinstance(opened, composer.ComposerWindow)
    opened.findChild(QLineEdit, "toField").setText("friend@example.org")
    opened.findChild(QLineEdit, "subjectField").setText("보낼 편지")
    assert opened.save_draft()
    assert opened.send()
    qtbot.waitUntil(lambda: len(queued) == 1 and len(window.backend.drafts) == 1, timeout=5000)
    assert b"Subject:" in queued[0]
    assert composed_on_gui == [False, False]


def test_a_message_window_answers_its_own_message_with_the_same_keys(
    make_window, ui_profile: Profile, qtbot
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QToolBar

    mailbox = fill_mailbox(ui_profile, account="work", count=3)
    window = make_window(ui_profile, [two_identity_account("work")])
    window.show()
    window.select_folder(mailbox.inbox.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(mailbox.ids[1])
    view = window.show_standalone(window.message_view.message, window.message_view.raw)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(mailbox.ids[0])  # the main window moves on
    toolbar = view.findChild(QToolBar, "messageWindowToolBar")
    assert [a.objectName() for a in toolbar.actions()] == ["reply", "replyAll", "forward"]
    assert toolbar.actions()[0].toolTip() == "Reply (Ctrl+R)"
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    (reply,) = composer.open_composers()
    assert reply.findChild(QLineEdit, "subjectField").text() == "Re: 다음 주 회의 일정"  # not the main view's
    assert reply.current_choice().identity.address == "me@example.kr"


def test_save_as_pdf_writes_the_shown_message(make_window, ui_profile: Profile, qtbot, tmp_path) -> None:
    mailbox = fill_mailbox(ui_profile, account="work", count=2)
    window = make_window(ui_profile, [two_identity_account("work")])
    window.show()
    assert not window.actions_.save_pdf.isEnabled()  # nothing shown yet
    window.select_folder(mailbox.inbox.id)
    with qtbot.waitSignal(window.message_shown, timeout=5000):
        window.message_list.select_message(mailbox.ids[0])
    target = tmp_path / "saved.pdf"
    suggested: list[str] = []
    window.questions.save_pdf_path = lambda _parent, name: suggested.append(name) or target
    window.actions_.save_pdf.trigger()
    assert suggested == [f"{window.message_view.message.subject}.pdf"]
    assert target.read_bytes().startswith(b"%PDF-")


def test_thread_orders_are_read_on_their_own_worker(make_window, ui_profile: Profile) -> None:
    window = make_window(ui_profile)
    assert window.list_model.layout_loader is window.workers.list_orders
    assert window.workers.list_orders is not window.workers.local  # a message opens meanwhile
    assert window.workers.list_orders in window.workers.all_queues()  # joined at shutdown
