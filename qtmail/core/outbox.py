"""The sending engine: the outbox never loses a message, and each goes out at least once.

Life of a message (states are the store's, :mod:`qtmail.core.store.outbox`):

1. :meth:`OutboxSender.queue` commits the wire bytes to the outbox first. From
   then on the message survives crashes and restarts; nothing is sent yet. Large
   messages are written once to a file beside the store and the row refers to it
   (:mod:`qtmail.core.outbox_payload`): read a row's bytes with ``payloads.unpack``.
   An optional undo delay (``send_after``) keeps it back so :meth:`pull_back`
   can return it to the composer.
2. A sender (GUI, ``qtmail sync``, ``qtmail outbox flush``, ``qtmail send --now``)
   claims it (``sending``), submits it, and records ``sent`` as soon as the
   server's 250 after DATA arrives (before QUIT). Temporary failures (network, 4xx) go back
   as ``failed-temp`` with exponential backoff; permanent ones (5xx, refused
   login, size over the server's limit) are ``held`` with the server's words. Like an
   MTA's queue lifetime (Postfix ``maximal_queue_lifetime``), temporary failures are
   retried for :data:`QUEUE_LIFETIME_S` (5 days) and then held too, saying how long it
   was tried and what the server said last; the user's Retry queues it for another lifetime.
3. Then exactly one Sent copy: IMAP APPEND (\\Seen) to the SPECIAL-USE Sent
   folder after a UID SEARCH for the Message-ID, or a local Sent folder for
   POP3 accounts. ``sent_copy_done`` records it and the row is removed.

At least once: if the process dies after the server accepted DATA but before
``sent`` is committed, the claim is recovered on the next run and the message
goes out again, with the same Message-ID (receivers and our Sent check dedupe
on it). The window is the time between the server's reply and one SQLite
commit. A crash between ``sent`` and the Sent copy resumes with the copy only;
the Message-ID search makes a repeated APPEND impossible.

Times come from an injectable clock, so tests need not sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Final, Literal

from qtmail.core.accounts import Account, load_accounts
from qtmail.core.credentials import CredentialStore
from qtmail.core.drafts import reopen_draft
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mailbox_copies import ensure_imap_copy, store_local_copy
from qtmail.core.mime import Address as MimeAddress
from qtmail.core.mime import OutgoingMessage
from qtmail.core.mime.addresses import ascii_address
from qtmail.core.net.connect import DEFAULT_TIMEOUT, Resolver, imap_session_for
from qtmail.core.net.errors import AUTH_REJECTED
from qtmail.core.net.protocol_log import ProtocolLog
from qtmail.core.outbox_payload import SPILL_THRESHOLD, Payloads
from qtmail.core.outbox_rows import claim_due, claim_sent_copy, insert_item
from qtmail.core.profile import Profile
from qtmail.core.smtp import (
    Authenticator,
    PasswordAuthenticator,
    RecipientResult,
    RecipientsRefused,
    submit,
)
from qtmail.core.store import OutboxItem, Store

Clock = Callable[[], float]
Checkpoint = Callable[[str, OutboxItem], None]
LogFactory = Callable[[Account], ProtocolLog | None]
AuthFactory = Callable[[Account], Authenticator]

FIRST_RETRY_S: Final = 30.0
MAX_RETRY_S: Final = 3600.0
QUEUE_LIFETIME_S: Final = 5 * 24 * 3600.0  # as Postfix's maximal_queue_lifetime

OutcomeState = Literal["sent", "queued", "held"]


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones: 30 s, 60 s, 2 min ... at most 1 h."""
    return float(min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


def queued_since(item: OutboxItem) -> float:
    """When the message's queue lifetime began: when it was queued (or queued again by a
    Retry), or when its undo delay let it go, whichever is later."""
    return max(item.created_at, item.send_after or 0.0)


def expired(item: OutboxItem, now: float, lifetime: float = QUEUE_LIFETIME_S) -> bool:
    """Whether a message that just failed for now has been retried long enough to give up.

    Never on its first attempt: a message queued while nothing ran (``qtmail send`` without
    ``--now``, then a week with the computer off) gets its retries before it is given up.
    """
    return item.attempts >= 2 and now - queued_since(item) >= lifetime


def describe_span(seconds: float) -> str:
    """``5 days``, ``1 day 3 hours``, ``2 hours``, ``45 minutes``: how long it was retried, for people."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    units = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    parts = [f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in units if count]
    return " ".join(parts) or "less than a minute"


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one outbox message in one attempt.

    ``state``: ``sent`` (the server took it for at least one recipient), ``queued``
    (it waits: a temporary failure, or nothing could be tried), ``held`` (the user must act).
    """

    item_id: int
    account: str
    message_id: str
    state: OutcomeState
    recipients: tuple[RecipientResult, ...] = ()
    error: MailError | None = None
    sent_copy_error: MailError | None = None
    requeued: tuple[str, ...] = ()  # recipients refused with 4xx, queued again as a new item
    held_for: tuple[str, ...] = ()  # recipients refused with 5xx, kept as a new held item

    @property
    def refused(self) -> tuple[RecipientResult, ...]:
        return tuple(r for r in self.recipients if not r.accepted)


@dataclass
class FlushReport:
    """Everything one flush did; ``ok`` is False when anything needs attention or a retry."""

    outcomes: list[SendOutcome] = field(default_factory=list)
    sent_copies: int = 0
    problems: list[MailError] = field(default_factory=list)

    @property
    def sent(self) -> list[SendOutcome]:
        return [o for o in self.outcomes if o.state == "sent"]

    @property
    def failed(self) -> list[SendOutcome]:
        return [o for o in self.outcomes if o.state != "sent"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems and not any(o.refused for o in self.outcomes)


@dataclass(frozen=True)
class PulledBack:
    """A message taken back out of the outbox during its undo delay, for the composer."""

    raw: bytes
    account: str
    recipients: tuple[str, ...]  # envelope recipients: To + Cc + Bcc (the bytes hold no Bcc)

    @property
    def blind_copies(self) -> tuple[str, ...]:
        """The envelope recipients the header does not name: the Bcc the bytes do not hold."""
        message = reopen_draft(self.raw)
        shown = {_envelope_form(a.address) for a in (*message.to, *message.cc)}
        return tuple(r for r in self.recipients if _envelope_form(r) not in shown)

    def message(self) -> OutgoingMessage:
        """The message for the composer again, its Bcc restored from the envelope."""
        message = reopen_draft(self.raw)
        message.bcc = [MimeAddress("", address) for address in self.blind_copies]
        return message


def _envelope_form(address: str) -> str:
    try:
        return ascii_address(address).lower()
    except MailError:
        return address.lower()


class OutboxSender:
    """Queues and sends the outbox of one profile, through one :class:`Store` (this thread's)."""

    def __init__(
        self,
        profile: Profile,
        store: Store,
        accounts: Iterable[Account],
        credentials: CredentialStore,
        *,
        clock: Clock = time.time,
        queue_lifetime: float = QUEUE_LIFETIME_S,
        log_for: LogFactory | None = None,
        authenticator_for: AuthFactory | None = None,
        checkpoint: Checkpoint | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        resolve: Resolver | None = None,
    ) -> None:
        self.profile = profile
        self.store = store
        self.accounts = {a.name: a for a in accounts}
        self.credentials = credentials
        self.clock = clock
        self.queue_lifetime = queue_lifetime
        self._log_for = log_for or (lambda account: ProtocolLog.for_account(profile, account))
        self._authenticator_for = authenticator_for or self._password_authenticator
        self._checkpoint = checkpoint
        self.timeout = timeout
        self.resolve = resolve
        self.payloads = Payloads.for_profile(profile)

    # ---------------------------------------------------------------- queueing

    def queue(
        self,
        account: Account,
        raw: bytes,
        *,
        message_id: str,
        sender: str,
        recipients: Sequence[str],
        undo_delay: float = 0.0,
    ) -> OutboxItem:
        """Commit a message to the outbox (durable when this returns); sent later by a flush."""
        now = self.clock()
        return insert_item(
            self.store,
            account.name,
            stored=self.payloads.pack(raw),
            size=len(raw),
            message_id=message_id,
            sender=sender,
            recipients=recipients,
            send_after=now + undo_delay if undo_delay > 0 else None,
            now=now,
        )

    def pull_back(self, item_id: int) -> PulledBack | None:
        """Undo send: take a message that is not being sent yet back out; None when too late."""
        return withdraw(self.store, self.payloads, item_id)

    # ---------------------------------------------------------------- sending

    def send_immediately(
        self, account: Account, raw: bytes, *, message_id: str, sender: str, recipients: Sequence[str]
    ) -> SendOutcome:
        """Commit a message to the outbox and send it at once, no undo delay (``qtmail send --now``).

        The message is durable before the server can take it; when sending fails it stays in
        the outbox like any other (queued for a retry, or held). A large message's file is
        written and flushed in a thread while the connection opens and the DATA goes out; its
        row is committed before the final "." (until then the server has accepted nothing).
        """
        if not recipients:
            raise MailError(ErrorKind.INPUT, "a message needs at least one recipient")

        def commit(stored: bytes) -> OutboxItem:
            return insert_item(
                self.store,
                account.name,
                stored=stored,
                size=len(raw),
                message_id=message_id,
                sender=sender,
                recipients=recipients,
                claimed=True,
                now=self.clock(),
            )

        if len(raw) < SPILL_THRESHOLD:
            return self._process(commit(raw), raw)
        with ThreadPoolExecutor(1, thread_name_prefix="outbox-file") as pool:
            writing = pool.submit(self.payloads.pack, raw)
            row = _Row(account.name, message_id, sender, tuple(recipients), lambda: commit(writing.result()))
            return self._process(row, raw)

    def send_now(self, item_id: int) -> SendOutcome:
        """Send one queued message at once, ignoring its undo delay and backoff (``send --now``)."""
        item = self.store.outbox.claim(item_id, now=self.clock())
        if item is None:
            current = self.store.outbox.get(item_id)
            raise MailError(
                ErrorKind.INPUT, f"outbox message {item_id} is {current.state}, not waiting to be sent"
            )
        return self._process(item)

    def flush(self, account: str | None = None, *, retry_now: bool = False) -> FlushReport:
        """Send everything that is due (of one account, or all), and finish pending Sent copies.

        ``retry_now`` (a flush the user asked for) ignores the backoff of earlier failures and
        retries messages held for a refused login; undo delays are always honoured.
        """
        report = FlushReport()
        self.payloads.prune(self.store)
        self.store.outbox.recover_interrupted(now=self.clock())
        if retry_now:
            self.store.outbox.make_retries_due(account)
            self._requeue_refused_logins(account)
        self._hold_orphans(account, report)
        names = [account] if account is not None else list(self.accounts)
        for name in names:
            target = self.accounts.get(name)
            if target is None:
                report.problems.append(MailError(ErrorKind.NOT_FOUND, f"no account named {name!r}"))
                continue
            report.sent_copies += self._finish_sent_copies(target, report)
            self._flush_account(target, report)
        return report

    def _flush_account(self, account: Account, report: FlushReport) -> None:
        while True:
            item = claim_due(self.store, account.name, now=self.clock())
            if item is None:
                return
            outcome = self._process(item)
            report.outcomes.append(outcome)
            if outcome.state == "queued" and outcome.error is not None and not outcome.error.retryable:
                return  # e.g. no password: the account's other messages would fail the same way
            if outcome.error is not None and outcome.error.kind in (ErrorKind.NETWORK, ErrorKind.AUTH):
                # The server is unreachable or refuses us: don't hammer it with the rest now.
                return

    def _requeue_refused_logins(self, account: str | None) -> None:
        """Messages held only because the login was refused are fine: retry them when the user asks.

        (A new password is the fix, not an edit; 5xx refusals of the message stay held.)
        """
        for item in self.store.outbox.all(account, ("held",)):
            if AUTH_REJECTED in (item.last_error or "") and item.account in self.accounts:
                self.store.outbox.requeue(item.id, now=self.clock())

    def _hold_orphans(self, account: str | None, report: FlushReport) -> None:
        """Messages of accounts that no longer exist are held, never silently dropped.

        "Exists" means configured in the profile or given to this sender (tests, the GUI).
        """
        known = set(self.accounts) | {a.name for a in load_accounts(self.profile)}
        for item in self.store.outbox.all(account, ("queued", "failed-temp")):
            if item.account not in known:
                error = MailError(ErrorKind.CONFIG, f"the account {item.account!r} no longer exists")
                self.store.outbox.mark_held(item.id, error.message)
                report.outcomes.append(
                    SendOutcome(item.id, item.account, item.message_id, "held", error=error)
                )

    def _password_authenticator(self, account: Account) -> Authenticator:
        return PasswordAuthenticator(self.credentials.require(account, "smtp"))

    def _process(self, claimed: OutboxItem | _Row, raw: bytes | None = None) -> SendOutcome:
        """Submit a claimed message and record the result; then the Sent copy."""
        row = claimed if isinstance(claimed, _Row) else _Row.of(claimed)
        account = self.accounts.get(row.account)
        if account is None:
            item = row.item()
            error = MailError(ErrorKind.CONFIG, f"the account {item.account!r} no longer exists")
            self.store.outbox.mark_held(item.id, error.message)
            return SendOutcome(item.id, item.account, item.message_id, "held", error=error)
        try:
            authenticator = self._authenticator_for(account)
        except MailError as exc:
            item = row.item()
            self.store.outbox.release(item.id)
            return SendOutcome(item.id, item.account, item.message_id, "queued", error=exc)
        if raw is None:
            item = row.item()
            try:
                raw = self.payloads.unpack(self.store.outbox.raw(item.id))
            except MailError as exc:  # its file is gone: never retry blindly, show it to the user
                self.store.outbox.mark_held(item.id, exc.message)
                return SendOutcome(item.id, item.account, item.message_id, "held", error=exc)
        try:
            result = submit(
                account,
                raw,
                row.sender,
                row.recipients,
                authenticator=authenticator,
                log=self._log_for(account),
                timeout=self.timeout,
                resolve=self.resolve,
                # Record "sent" before QUIT: this closes the resend window as early as possible.
                on_accepted=lambda accepted: self._record_sent(row.item(), accepted.refused, len(raw)),
                before_end=row.item,  # the row is durable before the server can take the message
            )
        except RecipientsRefused as exc:
            return self._failed(row.item(), exc, exc.results)
        except MailError as exc:
            return self._failed(row.item(), exc, ())
        item = row.item()
        copy_error = self._sent_copy(account, item, raw)
        return SendOutcome(
            item.id,
            item.account,
            item.message_id,
            "sent",
            recipients=result.recipients,
            sent_copy_error=copy_error,
            requeued=tuple(r.address for r in result.refused if r.temporary),
            held_for=tuple(r.address for r in result.refused if not r.temporary),
        )

    def _record_sent(self, item: OutboxItem, refused: Sequence[RecipientResult], size: int) -> None:
        """Record the server's acceptance and what is left to do, in one commit.

        Recipients refused for now (4xx) get the same message again as a new row due after
        the first backoff; those refused for good (5xx) get a held row with the server's
        words, so the user sees them and can fix the address. Committing these with "sent"
        means a crash cannot leave a recipient forgotten.
        """
        now = self.clock()
        later = [r for r in refused if r.temporary]
        never = [r for r in refused if not r.temporary]
        with self.store.db.write():
            self.store.outbox.mark_sent(item.id, now=now)
            stored = self.store.outbox.raw(item.id) if refused else b""  # a file reference when large
            rows: tuple[tuple[list[RecipientResult], Literal["failed-temp", "held"], float | None], ...] = (
                (later, "failed-temp", now + retry_delay(1)),
                (never, "held", None),
            )
            for group, state, retry_at in rows:
                if group:
                    insert_item(
                        self.store,
                        item.account,
                        stored=stored,
                        size=size,
                        message_id=item.message_id,
                        sender=item.sender,
                        recipients=[r.address for r in group],
                        now=now,
                        state=state,
                        last_error=_refusals(group),
                        next_attempt_at=retry_at,
                    )

    def _failed(self, item: OutboxItem, error: MailError, results: Sequence[RecipientResult]) -> SendOutcome:
        now = self.clock()
        if error.retryable and expired(item, now, self.queue_lifetime):
            error = MailError(
                error.kind,
                f"gave up after retrying for {describe_span(now - queued_since(item))}"
                f" ({item.attempts} attempts); the last answer was: {error.message}",
                detail=error.detail,
            )
            self.store.outbox.mark_held(item.id, error.message)
            state: OutcomeState = "held"
        elif error.retryable:
            retry_at = now + retry_delay(item.attempts)
            self.store.outbox.mark_temporary_failure(item.id, error.message, retry_at)
            state = "queued"
        else:
            self.store.outbox.mark_held(item.id, error.message)
            state = "held"
        return SendOutcome(
            item.id, item.account, item.message_id, state, recipients=tuple(results), error=error
        )

    # ---------------------------------------------------------------- Sent copies

    def _mark(self, stage: str, item: OutboxItem) -> None:
        if self._checkpoint is not None:
            self._checkpoint(stage, item)

    def _sent_copy(self, account: Account, item: OutboxItem, raw: bytes | None = None) -> MailError | None:
        """Store the Sent copy of a sent message exactly once; the error (not raised) if it failed."""
        self._mark("sent", item)
        stored = self.store.outbox.raw(item.id)  # small, unless a small message is stored inline
        try:
            data = raw if raw is not None else self.payloads.unpack(stored)
            if account.incoming.protocol == "imap":
                self._imap_sent_copy(account, item, data)
            else:
                store_local_copy(
                    self.store,
                    account.name,
                    "sent",
                    data,
                    item.message_id,
                    durable_file=self.payloads.file(stored),
                )
        except MailError as exc:
            return MailError(exc.kind, f"sent, but the copy in Sent failed: {exc.message}")
        self.store.outbox.mark_sent_copy_done(item.id)
        self._mark("copied", item)
        self.store.outbox.remove(item.id)
        self.payloads.discard(self.store, stored)
        return None

    def _imap_sent_copy(self, account: Account, item: OutboxItem, raw: bytes) -> None:
        password = self.credentials.require(account, "incoming")
        log = self._log_for(account)
        with imap_session_for(account, password, log, timeout=self.timeout, resolve=self.resolve) as client:
            ensure_imap_copy(
                client,
                "sent",
                raw,
                item.message_id,
                flags=(b"\\Seen",),
                after_append=lambda: self._mark("appended", item),
            )

    def _finish_sent_copies(self, account: Account, report: FlushReport) -> int:
        """Sent messages whose copy is missing (a crash, or the IMAP server was away): do the copy only."""
        done = 0
        for item in self.store.outbox.pending_sent_copies(account.name):
            if not claim_sent_copy(self.store, item.id, now=self.clock()):
                continue  # another running sender is storing this copy right now
            error = self._sent_copy(account, item)
            if error is None:
                done += 1
            else:
                report.problems.append(error)
                break
        return done


@dataclass
class _Row:
    """A claimed outbox row; for ``send --now`` of a large message one committed late (:meth:`item`).

    What the submission needs (account, envelope) is known at once; the row itself
    exists after :meth:`item` returned, which waits for the message's file to be durable.
    """

    account: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    commit: Callable[[], OutboxItem]
    committed: OutboxItem | None = None

    @classmethod
    def of(cls, item: OutboxItem) -> _Row:
        return cls(item.account, item.message_id, item.sender, item.recipients, lambda: item, item)

    def item(self) -> OutboxItem:
        """The committed row (committing it now if that has not happened yet)."""
        if self.committed is None:
            self.committed = self.commit()
        return self.committed


def _refusals(results: Sequence[RecipientResult]) -> str:
    """The server's words for refused recipients, as an outbox row's ``last_error``."""
    return "; ".join(f"{r.address}: {r.code} {r.text}" for r in results)


def read_message(profile: Profile, store: Store, item_id: int) -> bytes:
    """The bytes of an outbox message, wherever they are kept (use this, not ``Outbox.raw``)."""
    return Payloads.for_profile(profile).unpack(store.outbox.raw(item_id))


def withdraw(store: Store, payloads: Payloads, item_id: int) -> PulledBack | None:
    """Take a message that is not being sent out of the outbox (undo send, edit); None when too late."""
    item = store.outbox.get(item_id)
    stored = store.outbox.withdraw(item_id)
    if stored is None:
        return None
    raw = payloads.unpack(stored)
    payloads.discard(store, stored)
    return PulledBack(raw=raw, account=item.account, recipients=item.recipients)


def flush_outbox(
    profile: Profile,
    store: Store,
    accounts: Iterable[Account],
    credentials: CredentialStore,
    *,
    account: str | None = None,
    now: Clock | None = None,
    log: LogFactory | None = None,
    retry_now: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    queue_lifetime: float = QUEUE_LIFETIME_S,
) -> FlushReport:
    """Send what is due in the outbox (``qtmail sync``, ``qtmail outbox flush``, the GUI's timer).

    ``account`` limits it to one account (by name); ``now`` is a clock callable for tests;
    ``log`` picks each account's protocol log (default: the profile's per-account log).
    Never raises for a message's failure: see the report.
    """
    sender = OutboxSender(
        profile,
        store,
        accounts,
        credentials,
        clock=now or time.time,
        queue_lifetime=queue_lifetime,
        log_for=log,
        timeout=timeout,
    )
    return sender.flush(account, retry_now=retry_now)
