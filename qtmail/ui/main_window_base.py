"""What the main window's parts share: its state, declared once for the modules that make it up.

:class:`~qtmail.ui.main_window.MainWindow` is assembled from mixins with one job each
(message operations, getting mail, composing, accounts, message files); each derives from
:class:`MainWindowBase`, which only declares the attributes and methods they use of one another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QTreeView

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qtmail.core.accounts import Account
    from qtmail.core.errors import MailError
    from qtmail.core.mime.types import ParsedMessage
    from qtmail.core.profile import Profile
    from qtmail.core.store import FolderInfo, MessageSummary, Store
    from qtmail.ui.actions import MainActions
    from qtmail.ui.attachment_view import PrivateTempFiles
    from qtmail.ui.backend import MailBackend
    from qtmail.ui.main_window_messages import UndoEntry
    from qtmail.ui.main_window_questions import Questions
    from qtmail.ui.message_list_view import MessageListView
    from qtmail.ui.message_view import MessageView
    from qtmail.ui.models.folder_tree import FolderTreeModel
    from qtmail.ui.models.message_list import MessageListModel
    from qtmail.ui.models.store_source import ThreadStores
    from qtmail.ui.settings import UiSettings
    from qtmail.ui.sync_status import SyncStatusWidget
    from qtmail.ui.workers import TimerFactory, WorkerPool


def tr(text: str) -> str:
    """The main window's strings, in one translation context whatever module they live in."""
    return QCoreApplication.translate("MainWindow", text)


class MainWindowBase(QMainWindow):
    """Declarations only: the main window sets these up in its ``__init__``."""

    profile: Profile
    settings: UiSettings
    workers: WorkerPool
    timers: TimerFactory
    questions: Questions
    stores: ThreadStores
    store: Store
    accounts: list[Account]
    backend: MailBackend
    temp_files: PrivateTempFiles
    undo_stack: list[UndoEntry]
    current_message: MessageSummary | None
    current_node: str | None
    actions_: MainActions
    folder_tree: QTreeView
    folder_model: FolderTreeModel
    message_list: MessageListView
    list_model: MessageListModel
    message_view: MessageView
    sync_status: SyncStatusWidget
    sync_details_dialog: QDialog
    structure_dialog: QDialog
    _data_version: int
    _sync_requests: dict[str, int]
    _watchers: dict[str, int]
    _closing: bool

    if TYPE_CHECKING:  # defined by MainWindow or by one of the other parts

        def refresh_folders(self) -> None: ...

        def reload_from_store(self) -> None: ...

        def check_store_changes(self) -> None: ...

        def _load_accounts(self) -> list[Account]: ...

        def _update_counts(self) -> None: ...

        def _update_action_state(self, *_args: object) -> None: ...

        def _report_error(self, error: MailError) -> None: ...

        def _account_folder(self, account: object, role: str) -> FolderInfo | None: ...

        def account_for(self, key: str) -> Account | None: ...

        def select_folder(self, folder_id: int | None) -> None: ...

        def _on_folder_changed(self, current: Any, _previous: Any) -> None: ...

        def get_mail(self, accounts: Sequence[Account] | None = None) -> None: ...

        def open_eml(self) -> None: ...

        def open_composer(
            self,
            mode: str,
            *,
            mailto: str | None = None,
            message: tuple[ParsedMessage, bytes | None] | None = None,
        ) -> object | None: ...
