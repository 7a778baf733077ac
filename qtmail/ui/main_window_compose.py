"""The main window's side of writing mail: composers, replies, drafts and Send through the outbox."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import Callable
from email.utils import make_msgid
from typing import Any

import shiboken6

from qtmail.core.accounts import Account
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime.types import OutgoingMessage, ParsedMessage
from qtmail.ui.main_window_base import MainWindowBase, tr
from qtmail.ui.workers import CancelToken


class Composing(MainWindowBase):
    """Opens composers (imported on first use) and carries their Send and Save Draft to workers."""

    def _composer_module(self) -> Any | None:
        try:
            return importlib.import_module("qtmail.ui.composer")
        except ImportError as exc:
            self.statusBar().showMessage(
                tr("The composer is not available: {error}").format(error=exc), 10_000
            )
            return None

    def composer_options(self) -> dict[str, Any]:
        """What every composer of this window gets: drafts, workers, timers, Send and Save Draft."""
        return {
            "profile": self.profile,
            "queue": self.workers.local,
            "timers": self.timers,
            "sender": self._send_outgoing,
            "draft_saver": self.draft_saver(),
        }

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

    def draft_saver(self) -> Callable[[OutgoingMessage], None]:
        """Save Draft for one composer: the draft goes to its account's Drafts folder on that
        account's worker. Every version keeps one Message-ID, so each save replaces the last."""
        message_ids: dict[str, str] = {}

        def save(outgoing: OutgoingMessage) -> None:
            from qtmail.core.mime import compose

            account = self._account_sending_as(outgoing.from_.address)
            address = outgoing.from_.address
            message_id = message_ids.setdefault(
                "id", make_msgid(domain=address.rpartition("@")[2] or "localhost")
            )
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
            window.set_draft_saver(self.draft_saver())
        return list(windows)

    def _send_outgoing(self, outgoing: OutgoingMessage) -> None:
        """The composer's Send: check the account now (errors go back to the composer), then build
        the bytes, commit to the outbox and send on the account's worker, never on the GUI thread
        (Base64 of a 25 MB attachment). A message that cannot be built reopens in a composer."""
        account = self._account_sending_as(outgoing.from_.address)
        stores, backend = self.stores, self.backend
        queue = self.workers.for_account(account.id)

        def commit(_token: CancelToken) -> object:
            from qtmail.core.mime import compose

            raw = compose(outgoing)
            return backend.queue_message(stores.get(), account, outgoing, raw)  # durable from here on

        def send(_result: object) -> None:
            self.reload_from_store()
            queue.submit(
                lambda token: backend.flush_outbox(stores.get(), account, token),
                on_done=lambda _r: self.reload_from_store(),
                on_error=self._report_error,
            )

        def not_committed(error: MailError) -> None:
            # Nothing was stored: give the message back to the user rather than lose it.
            self.questions.show_error(self, tr("Cannot send"), str(error))
            self._reopen_composer(outgoing, account)

        queue.submit(commit, on_done=send, on_error=not_committed)

    def _reopen_composer(self, outgoing: OutgoingMessage, account: Account) -> None:
        try:
            composer: Any = importlib.import_module("qtmail.ui.composer")
            composer.open_composer(
                self.accounts,
                account_id=account.id,
                prefill=composer.Prefill.from_outgoing(outgoing),
                **self.composer_options(),
            )
        except (ImportError, MailError) as exc:
            self._report_error(MailError(ErrorKind.BUG, str(exc)))

    def close_composers(self) -> None:
        """Close every open composer without questions; each keeps its local draft for next time."""
        composer: Any = sys.modules.get("qtmail.ui.composer")
        if composer is None:
            return
        for window in composer.open_composers():
            if shiboken6.isValid(window):
                window.close_for_quit()
