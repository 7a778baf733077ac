"""The main window's side of writing mail: composers, replies, drafts and Send through the outbox.

Each composer gets a :class:`ServerDraft`: the Drafts-folder copy it edits (a draft opened
with Edit Draft, or one its Save Draft stored). Saving again replaces that copy; once the
message is safely in the outbox the copy leaves Drafts, as in Thunderbird. With an undo-send
delay (Settings) the message waits in the outbox meanwhile, and Undo brings it back.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.types import OutgoingMessage, ParsedMessage
from qtmail.core.store import Flag, MessageSummary
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.workers import CancelToken

if TYPE_CHECKING:
    from qtmail.ui.main_window_messages import UndoEntry


@dataclass
class ServerDraft:
    """The Drafts-folder copy one composer edits: its Message-ID and the accounts holding it."""

    message_id: str | None = None
    accounts: dict[str, Account] = field(default_factory=dict)  # by account id


class Composing(MainWindowBase):
    """Opens composers (imported on first use) and carries their Send and Save Draft to workers."""

    if TYPE_CHECKING:  # defined by the other parts of the main window

        def open_in_window(self) -> None: ...

        def push_undo(self, entry: UndoEntry) -> None: ...

        def _update_undo_action(self) -> None: ...

    def _composer_module(self) -> Any | None:
        try:
            return importlib.import_module("qtmail.ui.composer")
        except ImportError as exc:
            self.statusBar().showMessage(
                tr("The composer is not available: {error}").format(error=exc), 10_000
            )
            return None

    def composer_options(self, draft: ServerDraft | None = None) -> dict[str, Any]:
        """What every composer of this window gets: drafts, workers, timers, Send and Save Draft
        (both tied to the composer's own :class:`ServerDraft`)."""
        draft = draft if draft is not None else ServerDraft()
        return {
            "profile": self.profile,
            "queue": self.workers.local,
            "timers": self.timers,
            "sender": self.sender_for(draft),
            "draft_saver": self.draft_saver(draft),
        }

    def sender_for(self, draft: ServerDraft) -> Callable[[OutgoingMessage], None]:
        """Send for one composer: through the outbox, then its Drafts copy goes away."""
        return lambda outgoing: self._send_outgoing(outgoing, draft)

    def open_composer(
        self,
        mode: str,
        *,
        mailto: str | None = None,
        message: tuple[ParsedMessage, bytes | None] | None = None,
    ) -> object | None:
        """Open the composer (imported on first use): new, reply, reply_all, forward,
        forward_attachment or mailto. Replies and forwards answer the message shown, or ``message``
        (a message window's), from the identity the mail was sent to."""
        composer = self._composer_module()
        if composer is None:
            return None
        options = self.composer_options()
        summary = self.current_message if message is None else None
        account = self.account_for(summary.account) if summary is not None else None
        if account is None and self.accounts and message is None:
            account = self.accounts[0]
        account_id = account.id if account is not None else None  # None: any account it was sent to
        parsed, raw = message if message is not None else (self.message_view.message, self.message_view.raw)
        try:
            if mode in ("reply", "reply_all", "forward", "forward_attachment"):
                if parsed is None:
                    return None
                if mode in ("reply", "reply_all"):
                    window: object = composer.compose_reply(
                        self.accounts, parsed, reply_all=mode == "reply_all", account_id=account_id, **options
                    )
                else:
                    window = composer.compose_forward(
                        self.accounts,
                        parsed,
                        raw=raw,
                        as_attachment=mode == "forward_attachment" and raw is not None,
                        account_id=account_id,
                        **options,
                    )
                return window
            if mode == "mailto":
                options["mailto"] = mailto
            window = composer.open_composer(self.accounts, account_id=account_id, **options)
        except MailError as exc:
            self.questions.show_error(self, tr("Cannot write a message"), str(exc))
            return None
        return window

    def draft_saver(self, draft: ServerDraft | None = None) -> Callable[[OutgoingMessage], None]:
        """Save Draft for one composer: the draft goes to its account's Drafts folder on that
        account's worker. Every version keeps one Message-ID (the edited draft's, or one made
        on the first save), so each save replaces the last."""
        link = draft if draft is not None else ServerDraft()

        def save(outgoing: OutgoingMessage) -> None:
            from qtmail.core.mime import compose

            account = self._account_sending_as(outgoing.from_.address)
            address = outgoing.from_.address
            # The composer's (kept across a crash by its autosave), else the edited draft's.
            message_id = outgoing.message_id or link.message_id
            if message_id is None:
                message_id = make_msgid(domain=address.rpartition("@")[2] or "localhost")
            link.message_id = message_id
            link.accounts[account.id] = account
            stores, backend = self.stores, self.backend

            def work(_token: CancelToken) -> object:
                # Built here, not on the GUI thread: Base64 of large attachments takes a while.
                raw = compose(dataclasses.replace(outgoing, message_id=message_id), keep_bcc=True)
                return backend.save_draft(stores.get(), account, raw, message_id)

            def done(result: object) -> None:
                folder = getattr(result, "folder", "")
                self.statusBar().showMessage(tr("Draft saved to {folder}.").format(folder=folder), 5000)
                self.reload_from_store()

            self.workers.for_account(account.id).submit(work, on_done=done, on_error=self._report_error)

        return save

    def _account_sending_as(self, address: str) -> Account:
        wanted = address.lower()
        for account in self.accounts:
            if any(identity.address.lower() == wanted for identity in account.identities):
                return account
        raise MailError(ErrorKind.CONFIG, tr("No account sends as {address}.").format(address=address))

    def restore_unsent_drafts(self) -> list[object]:
        """Offer the drafts a crash left behind (the question is a seam: ``questions.choose_drafts``)."""
        composer = self._composer_module()
        if composer is None:
            return []
        options = self.composer_options()
        del options["draft_saver"]  # one saver per window: each draft keeps its own Message-ID
        del options["profile"]  # restore_drafts passes it on itself
        try:
            windows: list[Any] = composer.restore_drafts(
                self.accounts,
                self.profile,
                choose=lambda drafts: self.questions.choose_drafts(self, drafts),
                parent=self,
                **options,
            )
        except MailError as exc:
            self._report_error(exc)
            return []
        for window in windows:
            draft = ServerDraft()
            choice = window.current_choice()
            account = self.account_for(choice.account_id) if choice is not None else None
            if window.draft_message_id and account is not None:  # saved to Drafts before the crash
                draft = ServerDraft(window.draft_message_id, {account.id: account})
            window.set_draft_saver(self.draft_saver(draft))
            window.set_sender(self.sender_for(draft))
        return list(windows)

    def _send_outgoing(self, outgoing: OutgoingMessage, draft: ServerDraft | None = None) -> None:
        """The composer's Send: check the account now (errors go back to the composer), then build
        the bytes, commit to the outbox and send on the account's worker, never on the GUI thread
        (Base64 of a 25 MB attachment). A message that cannot be built reopens in a composer.
        With an undo-send delay it waits in the outbox first (see :meth:`_hold_for_undo`)."""
        account = self._account_sending_as(outgoing.from_.address)
        stores, backend = self.stores, self.backend
        queue = self.workers.for_account(account.id)
        delay = self.settings.undo_send_seconds
        draft = draft if draft is not None else ServerDraft()

        def commit(_token: CancelToken) -> object:
            from qtmail.core.mime import compose

            raw = compose(outgoing)
            if delay > 0:
                return backend.queue_message(stores.get(), account, outgoing, raw, undo_delay=delay)
            return backend.queue_message(stores.get(), account, outgoing, raw)  # durable from here on

        def send(result: object) -> None:
            self.reload_from_store()
            item_id = getattr(result, "id", None)
            if delay > 0 and isinstance(item_id, int):
                self._hold_for_undo(item_id, account, delay, outgoing, draft)
                return
            queue.submit(
                lambda token: backend.flush_outbox(stores.get(), account, token),
                on_done=lambda _r: self.reload_from_store(),
                on_error=self._report_error,
            )
            self._remove_server_draft(draft)

        def not_committed(error: MailError) -> None:
            # Nothing was stored: give the message back to the user rather than lose it.
            self.questions.show_error(self, tr("Cannot send"), str(error))
            self._reopen_composer(outgoing, account, draft)

        queue.submit(commit, on_done=send, on_error=not_committed)

    def _hold_for_undo(
        self, item_id: int, account: Account, seconds: int, outgoing: OutgoingMessage, draft: ServerDraft
    ) -> object:
        """Show "Sending in N s — Undo" (also Edit ▸ Undo, Ctrl+Z) while the message waits in the
        outbox; Undo pulls it back into a composer, the end of the delay sends it."""
        from qtmail.ui.main_window_messages import UndoEntry
        from qtmail.ui.undo_send import PendingSend

        bar = PendingSend(seconds, subject=outgoing.subject, timers=self.timers, parent=self)
        verb = QCoreApplication.translate("MainWindow", "Send", "undo: a verb")

        def undo() -> None:
            bar.undo()

        entry = UndoEntry(verb, undo)

        def over() -> None:
            if entry in self.undo_stack:
                self.undo_stack.remove(entry)
            self._update_undo_action()
            self.statusBar().removeWidget(bar)

        def undone() -> None:
            over()
            self._pull_back(item_id, account, draft, outgoing)

        def expired() -> None:
            over()
            self._send_after_delay(item_id, account, draft)

        bar.undo_requested.connect(undone)
        bar.expired.connect(expired)
        self.statusBar().insertPermanentWidget(0, bar)
        bar.show()
        self.push_undo(entry)
        return bar

    def _pull_back(
        self, item_id: int, account: Account, draft: ServerDraft, sent: OutgoingMessage | None = None
    ) -> None:
        """Undo send: out of the outbox (on the local worker: a busy account worker must not make
        it too late) and back into a composer with everything, Bcc and attachments included."""
        stores, backend = self.stores, self.backend

        def done(message: object) -> None:
            self.reload_from_store()
            if not isinstance(message, OutgoingMessage):
                self.statusBar().showMessage(
                    tr("Too late to undo: the message is already on its way."), 10_000
                )
                return
            self.statusBar().showMessage(tr("Sending undone."), 5000)
            if sent is not None:  # the envelope keeps only the Bcc addresses; the names were typed
                typed = {address.address.lower(): address for address in sent.bcc}
                message.bcc = [typed.get(address.address.lower(), address) for address in message.bcc]
            self._reopen_composer(message, account, draft)

        self.workers.local.submit(
            lambda _token: backend.pull_back(stores.get(), item_id), on_done=done, on_error=self._report_error
        )

    def _send_after_delay(self, item_id: int, account: Account, draft: ServerDraft) -> None:
        """The undo delay is over: send it now (later flushes would too: the outbox keeps it)."""
        stores, backend = self.stores, self.backend
        self.workers.for_account(account.id).submit(
            lambda token: backend.send_queued(stores.get(), account, item_id, token),
            on_done=lambda _r: self.reload_from_store(),
            on_error=self._report_error,
        )
        self._remove_server_draft(draft)

    def _remove_server_draft(self, draft: ServerDraft) -> None:
        """The message is in the outbox: its saved draft leaves the Drafts folder(s)."""
        message_id = draft.message_id
        if message_id is None:
            return
        stores, backend = self.stores, self.backend

        def removal(account: Account) -> Callable[[CancelToken], object]:
            return lambda _token: backend.remove_draft(stores.get(), account, message_id)

        for account in draft.accounts.values():
            self.workers.for_account(account.id).submit(
                removal(account), on_done=lambda _r: self.reload_from_store(), on_error=self._report_error
            )
        draft.accounts.clear()
        draft.message_id = None

    def _reopen_composer(
        self, outgoing: OutgoingMessage, account: Account, draft: ServerDraft | None = None
    ) -> object | None:
        """A composer with ``outgoing`` in it, From the identity it was written as."""
        try:
            composer: Any = importlib.import_module("qtmail.ui.composer")
            window: object = composer.open_composer(
                self.accounts,
                account_id=account.id,
                reply_as=outgoing.from_.address or None,
                prefill=dataclasses.replace(
                    composer.Prefill.from_outgoing(outgoing),
                    draft_message_id=(draft.message_id or "") if draft is not None else "",
                ),
                **self.composer_options(draft),
            )
        except (ImportError, MailError) as exc:
            self._report_error(MailError(ErrorKind.BUG, str(exc)))
            return None
        return window

    # ------------------------------------------------------------------ drafts in Drafts folders
    def is_draft(self, summary: MessageSummary | None) -> bool:
        """A message of a Drafts folder (the server's or a local one), or flagged \\Draft."""
        if summary is None:
            return False
        if summary.flags & Flag.DRAFT:
            return True
        try:
            return self.store.folders.get(summary.folder_id).role == "drafts"
        except MailError:
            return False

    def open_current_message(self) -> None:
        """Enter or double-click: a draft opens for editing, anything else in its own window."""
        if self.is_draft(self.current_message):
            self.edit_draft()
        else:
            self.open_in_window()

    def edit_draft(self) -> bool:
        """Message ▸ Edit Draft: the draft shown opens in a composer (Bcc, attachments and its
        Message-ID kept), read on a worker. Saving replaces it; sending removes it from Drafts."""
        summary = self.current_message
        raw = self.message_view.raw
        if summary is None or not self.is_draft(summary):
            return False
        if raw is None:
            self.statusBar().showMessage(tr("The draft is still loading; try again in a moment."), 5000)
            return False
        account = self.account_for(summary.account)
        if account is None:
            self._report_error(
                MailError(ErrorKind.CONFIG, tr("No account named {name}.").format(name=summary.account))
            )
            return False

        def reopen(_token: CancelToken) -> object:
            from qtmail.core.drafts import reopen_draft

            return reopen_draft(raw)

        def done(message: object) -> None:
            assert isinstance(message, OutgoingMessage)
            self._reopen_composer(message, account, ServerDraft(message.message_id, {account.id: account}))

        self.workers.local.submit(reopen, on_done=done, on_error=self._report_error)
        return True

    def close_composers(self) -> None:
        """Close every open composer without questions; each keeps its local draft for next time."""
        composer: Any = sys.modules.get("qtmail.ui.composer")
        if composer is None:
            return
        for window in composer.open_composers():
            if shiboken6.isValid(window):
                window.close_for_quit()

    def show_settings(self) -> None:
        """Edit ▸ Settings… (modal; the dialog module is imported on first use)."""
        from qtmail.ui.dialogs import settings as settings_dialog

        settings_dialog.open_settings(self.settings, self)
