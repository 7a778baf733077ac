"""POP3: download new messages by UIDL into the account's local Inbox; delete per policy.

- "Leave on server" (default): a UIDL is downloaded once; later runs skip it, also after
  the user deleted the local copy.
- ``pop3_keep_days = N``: delete from the server N days after we first downloaded it.
- ``pop3_delete_when_deleted``: delete from the server once the local copy is gone (or in Trash).

A message is never deleted from the server before its row and body are committed locally:
DELE is only sent for UIDLs recorded in the state file, which is written (atomically) after
the downloads and before any DELE; QUIT makes the deletions happen. A row whose body never
landed (a run stopped between the two) is completed from the server before anything is
deleted, and a message whose body is still missing is never deleted.

The state (UIDL -> when first downloaded) is a small JSON file next to the store, per account.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.store.types import Address, Envelope, Flag, FolderInfo, FolderSpec

if TYPE_CHECKING:
    import poplib

    from qtmail.core.accounts import Account
    from qtmail.core.store.store import Store
    from qtmail.core.sync.engine import SyncOptions, SyncReport

DAY_S: Final = 86_400


def state_path(store: Store, account: Account) -> Path:
    """Where the account's POP3 state lives: beside the store's database."""
    base = store.db.path.parent if store.db.path is not None else store.bodies.directory.parent
    return base / "pop3" / f"{account.id}.json"


def load_state(path: Path) -> dict[str, float]:
    """UIDL -> first download time; a missing or damaged file means "nothing known"."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    uidls = document.get("uidls") if isinstance(document, dict) else None
    if not isinstance(uidls, dict):
        return {}
    return {str(k): float(v) for k, v in uidls.items() if isinstance(v, int | float)}


def save_state(path: Path, state: dict[str, float]) -> None:
    """Write the state atomically (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = json.dumps({"version": 1, "uidls": state}, separators=(",", ":")).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".pop3-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise MailError(ErrorKind.STORAGE, f"cannot save the POP3 state {path}: {exc.strerror}") from None


def local_inbox(store: Store, account: str) -> FolderInfo:
    """The POP3 account's Inbox: a local folder with the inbox role."""
    found = store.folders.find(account, "INBOX")
    if found is not None:
        return found
    return store.folders.upsert(FolderSpec(account, "INBOX", raw_name=None, role="inbox", local_only=True))


def _present_uidls(store: Store, account: str, *, include_trash: bool) -> set[str]:
    present: set[str] = set()
    for folder in store.folders.all(account):
        if folder.role == "trash" and not include_trash:
            continue
        present |= store.messages.uidls(folder.id)
    return present


def _bodyless(store: Store, inbox: FolderInfo) -> dict[str, int]:
    """UIDL -> store id of Inbox rows whose body is not cached (a run stopped after the row)."""
    ids = store.bodies.missing(inbox.id, limit=1_000_000)
    return {m.uidl: m.id for m in store.messages.get_many(ids) if m.uidl} if ids else {}


def envelope_for(raw: bytes, uidl: str, received: datetime) -> Envelope:
    """A store envelope for a downloaded message (unread, no UID)."""
    from qtmail.core.mime.envelope import parse_envelope

    parsed = parse_envelope(raw)
    senders = parsed.from_
    refs = parsed.references
    return Envelope(
        date=parsed.date or received,
        uidl=uidl,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=" ".join(refs) if refs else None,
        sender=Address(senders[0].name, senders[0].address) if senders else Address("", ""),
        to=tuple(Address(a.name, a.address) for a in parsed.to),
        cc=tuple(Address(a.name, a.address) for a in parsed.cc),
        subject=parsed.subject or "",
        size=len(raw),
        flags=Flag.NONE,
        attachments=1 if parsed.has_attachments else 0,
        thread_key=refs[0] if refs else parsed.in_reply_to or parsed.message_id,
    )


def _listing(pop: poplib.POP3) -> list[tuple[int, str]]:
    """(message number, UIDL) for every message on the server."""
    _response, lines, _octets = pop.uidl()
    result: list[tuple[int, str]] = []
    for line in lines:
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].isdigit():
            result.append((int(parts[0]), parts[1].strip().decode("ascii", "replace")))
    return result


def _retr(pop: poplib.POP3, number: int) -> bytes:
    """One whole message (poplib has already undone the dot-stuffing)."""
    _response, lines, _octets = pop.retr(number)
    return b"\r\n".join(lines) + b"\r\n"


def sync_pop3(
    account: Account,
    password: str,
    store: Store,
    report: SyncReport,
    options: SyncOptions,
    *,
    now: float | None = None,
) -> None:
    """Download new mail and apply the deletion policy (see the module docstring)."""
    from qtmail.core.net.connect import connect_pop3
    from qtmail.core.net.errors import classify_error
    from qtmail.core.sync.bodies import store_body
    from qtmail.core.sync.imap_sync import Progress

    moment = time.time() if now is None else now
    inbox = local_inbox(store, account.name)
    path = state_path(store, account)
    state = load_state(path)
    pop = connect_pop3(account, password, options.log, timeout=options.timeout, resolve=options.resolve)
    host, port = account.incoming.host, account.incoming.port
    try:
        try:
            listing = _listing(pop)
            on_server = {uidl for _num, uidl in listing}
            known = set(state) | _present_uidls(store, account.name, include_trash=True)
            for uidl in known - set(state):
                state[uidl] = moment  # in the store from a run that stopped before saving its state
            new = sorted(((n, u) for n, u in listing if u not in known), reverse=True)  # newest first
            received = datetime.fromtimestamp(moment, UTC)
            bodyless = _bodyless(store, inbox)
            for number, uidl in listing:
                if uidl in bodyless:  # known, but its body never landed: fetch it again
                    store_body(store, bodyless[uidl], _retr(pop, number))
            for done, (number, uidl) in enumerate(new, start=1):
                raw = _retr(pop, number)
                if store.messages.insert(inbox.id, [envelope_for(raw, uidl, received)]):
                    stored = store.messages.by_uidl(inbox.id, uidl)
                    if stored is not None:
                        store_body(store, stored.id, raw)
                state[uidl] = moment
                report.pop3_downloaded += 1
                if options.progress is not None:
                    options.progress(Progress(account.name, "INBOX", "pop3", done, len(new)))
            # Forget UIDLs the server no longer has; then make the state durable before any DELE.
            state = {u: t for u, t in state.items() if u in on_server}
            save_state(path, state)
            keep = set(_bodyless(store, inbox))  # never delete what has no local body
            doomed = _to_delete(
                account, store, listing, {u: t for u, t in state.items() if u not in keep}, moment
            )
            for number in doomed:
                pop.dele(number)
            pop.quit()  # the deletions happen here
            report.pop3_deleted += len(doomed)
        except MailError:
            raise
        except Exception as exc:
            raise classify_error(exc, host, port) from None
    finally:
        if pop.sock is not None:  # failed before QUIT: close without it, so no DELE takes effect
            with contextlib.suppress(OSError):
                pop.close()


def _to_delete(
    account: Account, store: Store, listing: list[tuple[int, str]], state: dict[str, float], now: float
) -> list[int]:
    """Message numbers the policy deletes; only UIDLs recorded as downloaded qualify."""
    doomed: list[int] = []
    keep_days = account.pop3_keep_days
    present = (
        _present_uidls(store, account.name, include_trash=False)
        if account.pop3_delete_when_deleted
        else set()
    )
    for number, uidl in listing:
        first_seen = state.get(uidl)
        if first_seen is None:
            continue
        deleted_here = account.pop3_delete_when_deleted and uidl not in present
        expired = keep_days is not None and now - first_seen >= keep_days * DAY_S
        if deleted_here or expired:
            doomed.append(number)
    return doomed
