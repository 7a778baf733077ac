"""New Folder…, Rename Folder…, Delete Folder from the folder tree (questions answered by the test)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from qtmail.core.accounts import Account, Identity, ServerSettings
from qtmail.core.credentials import CredentialStore, SessionPasswords
from qtmail.core.profile import Profile
from qtmail.core.store import FolderInfo, Store
from qtmail.ui.backend import CoreBackend
from qtmail.ui.main_window import MainWindow
from qtmail.ui.main_window_questions import Questions
from qtmail.ui.workers import ManualTimerFactory
from tests.gui.mailbox import Mailbox, fill_mailbox
from tests.unit.store.conftest import envelope

_SELECTED = object()


class AnsweringQuestions(Questions):
    """Answers instead of a person: the next folder names, yes/no for deleting; records what was asked."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self.place: object = _SELECTED  # where New Folder puts it: as preset, or this parent id
        self.delete_answer = True
        self.asked: list[tuple[str, ...]] = []
        self.errors: list[tuple[str, str]] = []

    def new_folder(self, parent: Any, account: str, folders: Any, parent_id: int | None) -> Any:
        self.asked.append(("new", account, str(parent_id)))
        name = self.names.pop(0)
        return None if name is None else (name, parent_id if self.place is _SELECTED else self.place)

    def folder_name(self, parent: Any, title: str, label: str, text: str = "") -> str | None:
        self.asked.append(("name", title, label, text))
        return self.names.pop(0)

    def confirm_delete_folder(self, parent: Any, path: str, messages: int, subfolders: int) -> bool:
        self.asked.append(("delete", path, str(messages), str(subfolders)))
        return self.delete_answer

    def show_error(self, parent: Any, title: str, text: str) -> None:
        self.errors.append((title, text))


def local_account(name: str = "work") -> Account:
    return Account(
        name=name,
        identities=(Identity("Me", "me@example.kr"),),
        incoming=ServerSettings.local(),
        smtp=ServerSettings("smtp", "127.0.0.1"),
    )


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Any]:
    windows: list[MainWindow] = []

    def make(
        profile: Profile, account: Account, backend: Any = None
    ) -> tuple[MainWindow, AnsweringQuestions]:
        window = MainWindow(
            profile, timers=ManualTimerFactory(), use_tray=False, accounts=[account], backend=backend
        )
        window.questions = AnsweringQuestions()
        qtbot.addWidget(window)
        windows.append(window)
        return window, window.questions

    yield make
    for window in windows:
        window.shutdown()


def folder_in_store(profile: Profile, account: str, path: str) -> FolderInfo | None:
    with Store.for_profile(profile) as store:
        return store.folders.find(account, path)


def tree_paths(window: MainWindow) -> set[str]:
    return {folder.path for folder in window.folder_model.folders()}


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    """Until the account's worker is done (the IDLE watcher has its own queue, never idle)."""
    queue = window.workers.for_account(window.accounts[0].id)
    qtbot.waitUntil(lambda: queue.pending == 0, timeout=20_000)


def test_new_rename_delete_from_the_tree(qtbot: QtBot, ui_profile: Profile, open_window: Any) -> None:
    mailbox: Mailbox = fill_mailbox(ui_profile, bodies=False)
    window, questions = open_window(ui_profile, local_account())
    actions = window.actions_
    assert {actions.new_folder, actions.rename_folder, actions.delete_folder} <= set(
        window.folder_tree.actions()
    )
    assert actions.new_folder in window.menus["folder"].actions()

    window.select_folder(mailbox.inbox.id)  # the Inbox: a subfolder may go in, but it stays as it is
    assert actions.new_folder.isEnabled()
    assert not actions.rename_folder.isEnabled() and not actions.delete_folder.isEnabled()
    window.select_folder(None)  # the unified inbox belongs to no account
    assert not actions.new_folder.isEnabled()

    window.select_folder(mailbox.archive.id)
    questions.names = ["프로젝트"]
    questions.place = None  # the user picks "work (top level)" instead of the preset Archive
    actions.new_folder.trigger()
    assert questions.asked[-1] == ("new", "work", str(mailbox.archive.id))
    qtbot.waitUntil(lambda: "프로젝트" in tree_paths(window), timeout=10_000)
    top = folder_in_store(ui_profile, "work", "프로젝트")
    assert top is not None and window.tree_folder() is not None and window.tree_folder().id == top.id
    assert actions.rename_folder.isEnabled() and actions.delete_folder.isEnabled()

    questions.names = ["회의록"]
    questions.place = _SELECTED
    actions.new_folder.trigger()  # below the selected folder, as preset
    qtbot.waitUntil(lambda: "프로젝트/회의록" in tree_paths(window), timeout=10_000)
    child = folder_in_store(ui_profile, "work", "프로젝트/회의록")
    assert child is not None
    with Store.for_profile(ui_profile) as store:
        store.messages.insert(child.id, [envelope(n) for n in (1, 2, 3)])  # the delete must count them

    window.select_folder(top.id)
    questions.names = ["과제"]
    actions.rename_folder.trigger()
    qtbot.waitUntil(lambda: {"과제", "과제/회의록"} <= tree_paths(window), timeout=10_000)
    assert ("name", "Rename Folder", "New name:", "프로젝트") in questions.asked
    assert "프로젝트" not in tree_paths(window)
    assert window.list_title.text().startswith("과제")  # the shown folder's new name

    window.select_folder(child.id)  # deleting the shown folder shows the account's Inbox afterwards
    window.select_folder(top.id)
    questions.delete_answer = False
    actions.delete_folder.trigger()
    assert questions.asked[-1] == ("delete", "과제", "3", "1")
    wait_idle(qtbot, window)
    assert "과제" in tree_paths(window)  # "No" keeps it

    questions.delete_answer = True
    actions.delete_folder.trigger()
    qtbot.waitUntil(lambda: "과제" not in tree_paths(window), timeout=10_000)
    assert "과제/회의록" not in tree_paths(window)
    assert folder_in_store(ui_profile, "work", "과제") is None
    assert window.current_node == f"folder:{mailbox.inbox.id}"
    assert questions.errors == []


def test_a_refused_name_shows_the_reason_and_changes_nothing(
    qtbot: QtBot, ui_profile: Profile, open_window: Any
) -> None:
    mailbox = fill_mailbox(ui_profile, count=1, bodies=False)
    window, questions = open_window(ui_profile, local_account())
    window.select_folder(mailbox.archive.id)
    before = tree_paths(window)
    questions.names = ["Sent"]  # the account has one already, at the top level
    questions.place = None
    window.actions_.new_folder.trigger()
    qtbot.waitUntil(lambda: bool(questions.errors), timeout=10_000)
    title, text = questions.errors[0]
    assert title == "The folder could not be created" and "already has a folder 'Sent'" in text
    assert tree_paths(window) == before
    questions.names = [None]  # Cancel asks nothing of the worker
    window.actions_.new_folder.trigger()
    assert window.workers.for_account(window.accounts[0].id).pending == 0


def test_new_folder_on_the_lab_server(qtbot: QtBot, lab: Any, ui_profile: Profile, open_window) -> None:
    """Against the lab: a Korean folder made from the tree appears on the server, subscribed."""
    from tests.integration.sync_helpers import imap_account, new_user

    user = new_user(lab, "guifolders")
    account = imap_account(lab, user, name="연구소", check_interval_s=0)
    session = SessionPasswords()
    session.set(account, "incoming", user.password)
    backend = CoreBackend(ui_profile, [account])
    backend._credentials = CredentialStore(ui_profile, session)  # no keyring needed
    window, questions = open_window(ui_profile, account, backend)
    window.actions_.get_mail.trigger()
    qtbot.waitUntil(lambda: folder_in_store(ui_profile, account.name, "Archive") is not None, timeout=30_000)
    wait_idle(qtbot, window)
    window.select_folder(folder_in_store(ui_profile, account.name, "Archive").id)
    questions.names = ["2026년 자료"]
    window.actions_.new_folder.trigger()
    assert window.workers.for_account(account.id).pending == 1  # the worker has it, not the GUI thread
    qtbot.waitUntil(lambda: "Archive/2026년 자료" in tree_paths(window), timeout=30_000)
    with lab.imap_client(user) as client:
        assert "Archive/2026년 자료" in {name for _f, _d, name in client.list_sub_folders()}
    assert questions.errors == []


def test_new_folder_dialog_presets_the_selected_folder(qtbot: QtBot) -> None:
    from qtmail.ui.dialogs.new_folder import NewFolderDialog

    folders = [
        FolderInfo(
            7, "work", "INBOX", "INBOX", "INBOX", "/", "inbox", True, False, None, None, None, 0, 0, 0
        ),
        FolderInfo(9, "work", "보관함/2026", "2026", None, "/", None, True, True, None, None, None, 0, 0, 0),
    ]
    dialog = NewFolderDialog("work", folders, parent_id=9)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.parent_field.currentText() == "보관함/2026" and not ok.isEnabled()
    dialog.name_field.setText("회의록")  # (QTest cannot type Hangul)
    assert ok.isEnabled() and dialog.choice() == ("회의록", 9)
    dialog.parent_field.setCurrentIndex(0)
    assert dialog.parent_field.currentText() == "work (top level)" and dialog.choice() == ("회의록", None)


def test_folder_strings_in_korean(qtbot: QtBot, qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from qtmail.ui.dialogs.new_folder import NewFolderDialog
    from qtmail.ui.i18n import install_translators

    previous = QLocale()
    translators = install_translators(qapp, QLocale("ko_KR"))
    try:
        assert translators.ours_loaded
        assert QCoreApplication.translate("Actions", "&New Folder…") == "새 폴더(&N)…"
        assert QCoreApplication.translate("MainWindow", "Delete Folder") == "폴더 삭제"
        assert (
            QCoreApplication.translate(
                "MainWindow", "%n message(s) will be deleted permanently. This cannot be undone.", "", 4
            )
            == "메일 4통이 영구 삭제됩니다. 되돌릴 수 없습니다."
        )
        dialog = NewFolderDialog("work", [])
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "새 폴더"
        assert dialog.parent_field.currentText() == "work (최상위)"
    finally:
        translators.remove()
        QLocale.setDefault(previous)
