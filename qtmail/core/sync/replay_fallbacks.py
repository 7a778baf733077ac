"""What replaying a move, copy or delete needs when the server lacks UIDPLUS (or MOVE).

Two problems, two careful answers:

- **Which UIDs did our copies get?** Without a COPYUID response code we note the target's
  UIDNEXT before the COPY, and afterwards look at what arrived from there on, pairing
  arrivals with our local rows by Message-ID. A row that pairs keeps its store id (and
  cached body) and learns its UID; a row that cannot pair (no Message-ID) is replaced at
  once by the server's copy, so a moved message never vanishes from both folders.
  The same lookup makes a retried COPY safe: copies an interrupted attempt already made
  are found first and not made twice.
- **Plain EXPUNGE removes every \\Deleted message of the folder**, including ones another
  client only marked. So, like Thunderbird's "mark as deleted" mode, we mark ours and
  EXPUNGE only when every \\Deleted message on the server is ours; otherwise ours stay
  marked (hidden here, as they are gone from our store) until a later replay finds the
  folder clear of others' marks, or another client expunges. The check is one SEARCH right
  before the EXPUNGE; a mark made by someone in between is the one risk IMAP leaves us.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from qtmail.core.sync.fetch_headers import HEADER_ITEMS, envelopes_from_records
from qtmail.core.sync.uidset import expand

if TYPE_CHECKING:
    from qtmail.core.store.store import Store
    from qtmail.core.store.types import Envelope, FolderInfo
    from qtmail.core.sync.imap_session import ImapSession


def find_copies(
    session: ImapSession,
    store: Store,
    target: FolderInfo,
    since_uid: int,
    rows: Sequence[tuple[int, int]],
    *,
    replace_unpaired: bool = True,
) -> dict[int, int]:
    """Source UID -> target UID for the copies of ``rows`` ((store id, source UID) pairs)
    that arrived in ``target`` at or above ``since_uid``, paired by Message-ID.

    Selects ``target``. With ``replace_unpaired`` (the copy surely happened), arrivals
    nobody pairs with are stored as they are (the folder sync would fetch them next anyway)
    and our rows that could not pair are dropped for them. Without it (looking whether an
    interrupted attempt copied), unpaired rows are left alone.
    """
    info = session.select(target.raw_name or target.path)
    fetched = session.uid_fetch(f"{since_uid}:*", HEADER_ITEMS) if info.exists else []
    records = [r for r in fetched if r.uid is not None and r.uid >= since_uid]
    arrivals = sorted(envelopes_from_records(records), key=lambda e: e.uid or 0)
    free: dict[str, list[Envelope]] = {}
    for envelope in arrivals:
        if envelope.message_id:
            free.setdefault(envelope.message_id, []).append(envelope)
    mapping: dict[int, int] = {}
    unpaired: list[int] = []
    summaries = {m.id: m for m in store.messages.get_many([message_id for message_id, _ in rows])}
    for message_id, source_uid in rows:
        summary = summaries.get(message_id)
        candidates = free.get(summary.message_id or "") if summary is not None else None
        if candidates:
            mapping[source_uid] = candidates.pop(0).uid or 0
        elif summary is not None and summary.folder_id == target.id:  # moved on since: not ours to swap
            unpaired.append(message_id)
    if unpaired and replace_unpaired:
        paired = set(mapping.values())
        leftovers = [e for e in arrivals if e.uid not in paired]
        with store.db.write():
            store.messages.insert(target.id, leftovers)
            store.messages.delete(unpaired)
    return {source: uid for source, uid in mapping.items() if uid}


def ours_to_expunge(store: Store, folder: FolderInfo, marked: Iterable[int], own: Iterable[int]) -> set[int]:
    """The \\Deleted UIDs in ``marked`` that we may expunge: the operation's ``own`` UIDs, and
    ones our user already removed here (below the folder's saved UIDNEXT, so we knew them,
    absent from the store now, and named by no operation still waiting in the queue)."""
    own_set = set(own)
    known = set(store.messages.uids(folder.id))
    limit = folder.uidnext or 0
    waiting: set[int] = set()
    for operation in store.operations.all(folder.account):
        uids = operation.payload.get("uids")
        if operation.folder == folder.path and isinstance(uids, list):
            waiting.update(u for u in uids if isinstance(u, int))
    waiting -= own_set
    return {
        uid for uid in marked if uid in own_set or (uid < limit and uid not in known and uid not in waiting)
    }


def expunge_safely(session: ImapSession, store: Store, folder: FolderInfo, uids: Sequence[int]) -> bool:
    """EXPUNGE the selected ``folder`` when every \\Deleted message in it is ours; return
    whether it did (see the module docstring)."""
    marked = set(expand(session.uid_search("DELETED")))
    if not marked:
        return True
    if marked - ours_to_expunge(store, folder, marked, uids):
        return False
    session.command("expunging", "EXPUNGE")
    return True
