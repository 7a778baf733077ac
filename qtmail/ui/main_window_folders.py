"""The main window's folder management: New Folder…, Rename Folder…, Delete Folder.

The question is asked on the GUI thread; the change runs on the account's worker (it talks
to the IMAP server for server folders), and the tree shows the outcome when it is done.
"""

from __future__ import annotations

from qtmail.core.accounts import Account
from qtmail.core.errors import MailError
from qtmail.core.folder_admin import PROTECTED_ROLES
from qtmail.core.store import FolderInfo
from qtmail.ui.folder_work import FolderWork
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.models.roles import Roles
from qtmail.ui.workers import CancelToken, DoneCallback, WorkFunction


class FolderManagement(MainWindowBase):
    """Folder actions of the Folder menu and the folder tree's right-click menu."""

    _folder_work: FolderWork | None = None

    @property
    def folder_work(self) -> FolderWork:
        """What runs the changes (tests may set their own)."""
        if self._folder_work is None:
            self._folder_work = FolderWork(self.profile, getattr(self.backend, "credentials", None))
        return self._folder_work

    @folder_work.setter
    def folder_work(self, work: FolderWork) -> None:
        self._folder_work = work

    # ------------------------------------------------------------------ what is selected
    def tree_folder(self) -> FolderInfo | None:
        """The real folder selected in the tree (not the unified inbox, the Outbox or an account)."""
        index = self.folder_tree.currentIndex()
        if not index.isValid() or self.folder_model.kind(index) != "folder":
            return None
        return self.folder_model.folder(index)

    def tree_account(self) -> Account | None:
        """The account of the tree's selected folder or account row."""
        index = self.folder_tree.currentIndex()
        if not index.isValid():
            return None
        folder = self.tree_folder()
        key = folder.account if folder is not None else self.folder_model.data(index, Roles.ACCOUNT_ID)
        if self.folder_model.kind(index) not in ("folder", "account") or not isinstance(key, str):
            return None
        return self.account_for(key)

    def update_folder_actions(self) -> None:
        """New needs an account; Rename and Delete need a folder that is not the Inbox or a special one."""
        folder = self.tree_folder()
        account = self.tree_account()
        changeable = account is not None and folder is not None and folder.role not in PROTECTED_ROLES
        self.actions_.new_folder.setEnabled(account is not None)
        self.actions_.rename_folder.setEnabled(changeable)
        self.actions_.delete_folder.setEnabled(changeable)

    # ------------------------------------------------------------------ the three actions
    def new_folder(self) -> None:
        """Ask for a name and a place (preset below the selected folder), then create it."""
        account = self.tree_account()
        if account is None:
            self.statusBar().showMessage(tr("Select an account or a folder first."), 5000)
            return
        selected = self.tree_folder()
        folders = self.store.folders.all(account.name)
        answer = self.questions.new_folder(
            self, account.name, folders, selected.id if selected is not None else None
        )
        if answer is None or not answer[0].strip():
            return
        name, parent_id = answer
        stores, work = self.stores, self.folder_work

        def create(_token: CancelToken) -> FolderInfo:
            return work.create(stores.get(), account, name, parent_id)

        def done(result: object) -> None:
            self.reload_from_store()
            if isinstance(result, FolderInfo):
                self.statusBar().showMessage(
                    tr("Folder “{folder}” created.").format(folder=result.path), 5000
                )
                self.select_folder(result.id)

        self._run_folder_change(account, create, done, tr("The folder could not be created"))

    def rename_selected_folder(self) -> None:
        folder, account = self.tree_folder(), self.tree_account()
        if folder is None or account is None or folder.role in PROTECTED_ROLES:
            return
        name = self.questions.folder_name(self, tr("Rename Folder"), tr("New name:"), folder.name)
        if name is None or not name.strip() or name.strip() == folder.name:
            return
        stores, work, folder_id = self.stores, self.folder_work, folder.id

        def rename(_token: CancelToken) -> FolderInfo:
            return work.rename(stores.get(), account, folder_id, name)

        def done(result: object) -> None:
            self.reload_from_store()
            if isinstance(result, FolderInfo):
                self.statusBar().showMessage(
                    tr("Folder renamed to “{folder}”.").format(folder=result.path), 5000
                )
                index = self.folder_model.index_for_folder(result.id)
                if self.current_node == f"folder:{result.id}":
                    self._on_folder_changed(index, index)  # the list's title shows the new name
                else:
                    self.select_folder(result.id)

        self._run_folder_change(account, rename, done, tr("The folder could not be renamed"))

    def delete_selected_folder(self) -> None:
        """Ask first, saying how many messages (and subfolders) go; then delete, on the server too."""
        folder, account = self.tree_folder(), self.tree_account()
        if folder is None or account is None or folder.role in PROTECTED_ROLES:
            return
        tree = self.store.folders.subtree(folder.id)  # a few indexed rows: fine on the GUI thread
        messages = sum(member.total for member in tree)
        if not self.questions.confirm_delete_folder(self, folder.path, messages, len(tree) - 1):
            return
        stores, work, folder_id = self.stores, self.folder_work, folder.id
        doomed = {f"folder:{member.id}" for member in tree}

        def delete(_token: CancelToken) -> int:
            return work.delete(stores.get(), account, folder_id)

        def done(_result: object) -> None:
            if self.current_node in doomed:
                inbox = self._account_folder(account.name, "inbox")
                self.select_folder(inbox.id if inbox is not None else None)
            self.reload_from_store()
            self.statusBar().showMessage(tr("Folder “{folder}” deleted.").format(folder=folder.path), 5000)

        self._run_folder_change(account, delete, done, tr("The folder could not be deleted"))

    def _run_folder_change(
        self, account: Account, work: WorkFunction, done: DoneCallback, title: str
    ) -> None:
        def failed(error: MailError) -> None:
            self.reload_from_store()
            self.questions.show_error(self, title, str(error))

        self.statusBar().showMessage(tr("Working on folders of {account}…").format(account=account.name))
        self.workers.for_account(account.id).submit(work, on_done=done, on_error=failed)
