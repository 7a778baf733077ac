"""The main window's message operations: read/unread, flags, archive, move, delete, and undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from qtmail.core.store import Flag, MessageSummary
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.workers import CancelToken


@dataclass
class UndoEntry:
    """One undoable change: what it was called and how to put things back."""

    text: str
    undo: Callable[[], None]


class MessageOperations(MainWindowBase):
    """What the Message and Edit menus do to the selected messages; store and server work on workers."""

    def selected_summaries(self) -> list[MessageSummary]:
        """The selected messages; grouped by thread, a closed thread's row is its whole thread."""
        if self.list_model.is_threaded():
            return self.store.messages.get_many(
                self.list_model.ids_for_rows(self.message_list.selected_rows())
            )
        summaries = []
        for row in self.message_list.selected_rows():
            summary = self.list_model.summary(row)
            if summary is not None:
                summaries.append(summary)
        return summaries

    def set_read(self, read: bool) -> None:
        ids = self.message_list.selected_ids()
        if read:
            self._change_flags(ids, add=Flag.SEEN)
        else:
            self._change_flags(ids, remove=Flag.SEEN)

    def toggle_read(self) -> None:
        """Thunderbird's M: all selected read when any is unread, else all unread."""
        summaries = self.selected_summaries()
        if summaries:
            self.set_read(any(summary.unread for summary in summaries))

    def mark_folder_read(self) -> None:
        """Shift+C: every message of the folder shown (or of every inbox, for the unified one) read."""
        query = self.list_model.query
        if query is None:
            return
        if query.scope.folder_id is not None:
            folder_ids = [query.scope.folder_id]
        else:
            folder_ids = [f.id for f in self.store.folders.all() if f.role == "inbox"]
        stores, backend = self.stores, self.backend

        def work(_token: CancelToken) -> None:
            store = stores.get()
            for folder_id in folder_ids:
                ids = store.messages.unread_ids(folder_id)
                if ids:
                    backend.change_flags(store, ids, Flag.SEEN, Flag.NONE)

        self.workers.local.submit(
            work, on_done=lambda _r: self.reload_from_store(), on_error=self._report_error
        )

    def archive_selected(self) -> None:
        """Thunderbird's A: move to the account's Archive folder (undoable)."""
        verb = QCoreApplication.translate("MainWindow", "Archive", "undo: a verb, not the folder")
        self._move_to_role("archive", verb, tr("This account has no Archive folder."))

    def mark_junk(self) -> None:
        """Thunderbird's J: move to the account's Junk folder (undoable)."""
        verb = QCoreApplication.translate("MainWindow", "Junk", "undo: a verb, not the folder")
        self._move_to_role("junk", verb, tr("This account has no Junk folder."))

    def mark_not_junk(self) -> None:
        """Shift+J: back to the account's Inbox (undoable)."""
        self._move_to_role("inbox", tr("Not Junk"), tr("This account has no Inbox."))

    def _move_to_role(self, role: str, verb: str, missing_text: str) -> None:
        """Move the selected messages to their own account's folder of ``role``."""
        by_target: dict[int, list[MessageSummary]] = {}
        missing = False
        for summary in self.selected_summaries():
            target = self._account_folder(summary.account, role)
            if target is None:
                missing = True
            elif target.id != summary.folder_id:
                by_target.setdefault(target.id, []).append(summary)
        if missing:
            self.statusBar().showMessage(missing_text, 8000)
        moving = [summary for group in by_target.values() for summary in group]
        if moving:
            self._select_neighbour_after_removal(moving)
        for target_id, group in by_target.items():
            self._move(group, target_id, verb)

    def toggle_flag(self) -> None:
        summaries = self.selected_summaries()
        if not summaries:
            return
        all_flagged = all(s.flags & Flag.FLAGGED for s in summaries)
        ids = [s.id for s in summaries]
        if all_flagged:
            self._change_flags(ids, remove=Flag.FLAGGED)
        else:
            self._change_flags(ids, add=Flag.FLAGGED)

    def _on_flag_clicked(self, row: int) -> None:
        summary = self.list_model.summary(row)
        if summary is None:
            return
        if summary.flags & Flag.FLAGGED:
            self._change_flags([summary.id], remove=Flag.FLAGGED)
        else:
            self._change_flags([summary.id], add=Flag.FLAGGED)

    def _change_flags(self, ids: Sequence[int], *, add: Flag = Flag.NONE, remove: Flag = Flag.NONE) -> None:
        if not ids:
            return
        stores, backend, id_list = self.stores, self.backend, list(ids)

        def work(_token: CancelToken) -> list[MessageSummary]:
            store = stores.get()
            backend.change_flags(store, id_list, add, remove)
            return store.messages.get_many(id_list)

        def done(result: object) -> None:
            assert isinstance(result, list)
            self.list_model.update_rows(result)
            if self.current_message is not None:
                for summary in result:
                    if summary.id == self.current_message.id:
                        self.current_message = summary
            self._data_version = self.store.data_version()
            self.refresh_folders()
            self._update_counts()
            self._update_action_state()

        self.workers.local.submit(work, on_done=done, on_error=self._report_error)

    def delete_selected(self) -> None:
        """Move to the account's Trash (undoable); from Trash, or without one, delete for good."""
        summaries = self.selected_summaries()
        if not summaries:
            return
        to_trash: dict[int, list[MessageSummary]] = {}
        permanent: list[MessageSummary] = []
        for summary in summaries:
            trash = self._account_folder(summary.account, "trash")
            if trash is None or trash.id == summary.folder_id:
                permanent.append(summary)
            else:
                to_trash.setdefault(trash.id, []).append(summary)
        if permanent and not self.questions.confirm_delete(self, len(permanent)):
            permanent = []
            if not to_trash:
                return
        self._select_neighbour_after_removal(summaries)
        for trash_id, group in to_trash.items():
            self._move(group, trash_id, tr("Delete"))
        if permanent:
            stores, backend, ids = self.stores, self.backend, [s.id for s in permanent]
            self.workers.local.submit(
                lambda _token: backend.delete(stores.get(), ids),
                on_done=lambda _r: self.reload_from_store(),
                on_error=self._report_error,
            )

    def move_selected_to_chosen_folder(self) -> None:
        summaries = self.selected_summaries()
        if not summaries:
            return
        accounts = {s.account for s in summaries}
        folders = [f for f in self.store.folders.all() if f.account in accounts]
        target = self.questions.choose_folder(self, folders)
        if target is not None:
            self.move_messages([s.id for s in summaries], target.id)

    def _on_messages_dropped(self, ids: list[int], folder_id: int, copy: bool) -> None:
        if copy:
            stores, backend = self.stores, self.backend
            self.workers.local.submit(
                lambda _token: backend.copy(stores.get(), ids, folder_id),
                on_done=lambda _r: self.reload_from_store(),
                on_error=self._report_error,
            )
        else:
            self.move_messages(ids, folder_id)

    def move_messages(self, ids: Sequence[int], folder_id: int) -> None:
        """Move messages (by store id) to a folder of the same account; undoable."""
        summaries = self.store.messages.get_many(list(ids))
        target = self.store.folders.get(folder_id)
        movable = [s for s in summaries if s.folder_id != folder_id and s.account == target.account]
        if len(movable) < len([s for s in summaries if s.folder_id != folder_id]):
            self.statusBar().showMessage(tr("Messages can only be moved within their own account."), 8000)
        if movable:
            self._select_neighbour_after_removal(movable)
            self._move(movable, folder_id, tr("Move"))

    def _move(self, summaries: Sequence[MessageSummary], folder_id: int, verb: str) -> None:
        stores, backend = self.stores, self.backend
        origins: dict[int, list[int]] = {}
        for summary in summaries:
            origins.setdefault(summary.folder_id, []).append(summary.id)
        ids = [s.id for s in summaries]

        def work(_token: CancelToken) -> None:
            backend.move(stores.get(), ids, folder_id)

        def undo() -> None:
            def put_back(_token: CancelToken) -> None:
                store = stores.get()
                for origin, moved in origins.items():
                    backend.move(store, moved, origin)

            self.workers.local.submit(
                put_back, on_done=lambda _r: self.reload_from_store(), on_error=self._report_error
            )

        def done(_result: object) -> None:
            text = QCoreApplication.translate("MainWindow", "%n message(s)", "", len(ids))
            self.push_undo(UndoEntry(f"{verb} {text}", undo))
            self.reload_from_store()

        self.workers.local.submit(work, on_done=done, on_error=self._report_error)

    def _select_neighbour_after_removal(self, removed: Sequence[MessageSummary]) -> None:
        """After delete/move the next message becomes current (as mail clients do)."""
        rows = self.message_list.selected_rows()
        if not rows:
            return
        removed_ids = {s.id for s in removed}
        candidate = rows[-1] + 1
        while candidate < self.list_model.rowCount():
            summary = self.list_model.summary(candidate)
            if summary is not None and summary.id not in removed_ids:
                self.message_list.select_message(summary.id)
                return
            candidate += 1
        candidate = rows[0] - 1
        while candidate >= 0:
            summary = self.list_model.summary(candidate)
            if summary is not None and summary.id not in removed_ids:
                self.message_list.select_message(summary.id)
                return
            candidate -= 1
        self.message_list.clearSelection()

    def push_undo(self, entry: UndoEntry) -> None:
        self.undo_stack.append(entry)
        del self.undo_stack[:-50]
        self._update_undo_action()

    def undo(self) -> None:
        if not self.undo_stack:
            return
        entry = self.undo_stack.pop()
        entry.undo()
        self._update_undo_action()

    def _update_undo_action(self) -> None:
        action = self.actions_.undo
        if self.undo_stack:
            action.setEnabled(True)
            action.setText(tr("&Undo {what}").format(what=self.undo_stack[-1].text))
        else:
            action.setEnabled(False)
            action.setText(tr("&Undo"))
