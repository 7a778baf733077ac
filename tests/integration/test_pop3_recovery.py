"""POP3 after a run that stopped between a message's row and its body: the body is fetched again
before the deletion policy may remove the server's copy."""

from __future__ import annotations

import poplib
import time
from datetime import UTC, datetime
from pathlib import Path

from qtmail.core.sync.pop3_sync import envelope_for, local_inbox
from tests.integration.sync_helpers import message, messages, new_user, open_store, pop3_account, sync


def _server_uidls(lab, user) -> dict[str, bytes]:
    """UIDL -> raw message, as another POP3 client sees the mailbox."""
    pop = poplib.POP3_SSL(lab.host, lab.pop3s_port, context=lab.ssl_context(), timeout=10)
    try:
        pop.user(user.username)
        pop.pass_(user.password)
        found = {}
        for line in pop.uidl()[1]:
            number, uidl = line.decode().split()
            found[uidl] = b"\r\n".join(pop.retr(int(number))[1]) + b"\r\n"
        return found
    finally:
        pop.quit()


def test_row_without_body_is_completed_before_delete(lab, tmp_path: Path) -> None:
    user = new_user(lab, "popbody")
    account = pop3_account(lab, user, pop3_keep_days=0)  # delete as soon as it is safely here
    lab.deliver(user, message(0))
    lab.deliver(user, message(1))
    on_server = _server_uidls(lab, user)
    interrupted_uidl, interrupted_raw = sorted(on_server.items())[0]
    with open_store(tmp_path) as store:
        # What a run leaves when it stops after committing the row and before caching the body.
        inbox = local_inbox(store, account.name)
        received = datetime.fromtimestamp(time.time(), UTC)
        assert store.messages.insert(inbox.id, [envelope_for(interrupted_raw, interrupted_uidl, received)])
        report = sync(account, user, store)
        assert report.pop3_downloaded == 1  # only the other one is new
        assert report.pop3_deleted == 2
        stored = messages(store, account, "INBOX")
        assert sorted(m.uidl or "" for m in stored) == sorted(on_server)
        for summary in stored:
            assert store.bodies.read(summary.id) == on_server[summary.uidl or ""]
    assert _server_uidls(lab, user) == {}
