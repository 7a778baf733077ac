"""Upload a large message's IMAP Sent copy while it is being submitted; let it land only once accepted.

Why: storing the Sent copy after the submission doubled the time to send a 25 MB
attachment (34 MB on the wire, twice). Here a second thread logs in to the IMAP server,
looks for the Message-ID in Sent (exactly once), and streams the APPEND while SMTP streams
DATA, holding back the literal's last bytes (:class:`~qtmail.core.net.imap_connect.LiteralGate`).
An IMAP server cannot store an APPEND whose literal is incomplete, so:

- the submission server accepted the message: the held bytes go out and the copy lands;
- it did not: the IMAP connection is dropped mid-literal and the server discards the upload.

Anything uncertain (the IMAP side failed, or the connection broke after the release) is
reported as "not copied", and the outbox's usual sequential copy runs, which searches Sent
for the Message-ID first, so a copy that did land is never stored twice.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from qtmail.core.mailbox_copies import (
    has_crlf_line_ends_only,
    imap_append,
    imap_delete_uids,
    imap_special_folder,
)
from qtmail.core.mailbox_copies import imap_uids_with_message_id as uids_with_message_id
from qtmail.core.net.connect import logout_quietly
from qtmail.core.net.imap_connect import LiteralGate, LiteralWithdrawn

if TYPE_CHECKING:
    from imapclient import IMAPClient

# Below this the sequential copy costs less than a second connection saves.
HELD_COPY_MIN_BYTES: Final = 1 << 20
SENT_FLAGS: Final = (b"\\Seen",)


class HeldSentCopy:
    """One message's Sent copy, uploaded on a thread of its own and held until :meth:`finish`."""

    def __init__(self, connect: Callable[[], IMAPClient], raw: bytes, message_id: str) -> None:
        self._connect = connect
        self._raw = raw
        self._message_id = message_id
        self._gate = LiteralGate(raw)
        self._verdict = threading.Event()
        self._accepted = False
        self._copied = False
        self.failure: Exception | None = None  # why this upload gave up (for tests and logs)
        self._thread = threading.Thread(target=self._run, name="qtmail-sent-copy", daemon=True)

    @staticmethod
    def wanted(raw: bytes) -> bool:
        """Whether a held copy pays off and is safe: large, and sent as it is (CRLF only, so
        the literal on the wire is these very bytes and the gate recognises it)."""
        return len(raw) >= HELD_COPY_MIN_BYTES and has_crlf_line_ends_only(raw)

    def start(self) -> None:
        self._thread.start()

    def finish(self, accepted: bool) -> bool:
        """Say whether the submission server accepted the message; True when the copy is
        certainly in Sent now (stored by this upload, or found there already)."""
        self._accepted = accepted
        self._verdict.set()
        self._gate.release(accepted)
        self._thread.join()
        return accepted and self._copied

    def _run(self) -> None:
        client: IMAPClient | None = None
        clean = False
        try:
            client = self._connect()
            folder = imap_special_folder(client, "sent")
            if uids_with_message_id(client, folder, self._message_id):
                self._verdict.wait()
                self._copied = True  # an earlier attempt's copy: nothing to add
                clean = True
                return
            imap = client._imap
            imap.literal_gate = self._gate
            imap_append(client, folder, self._raw, SENT_FLAGS)
            if imap.literal_gate is not None:
                # The literal went out unheld (the gate never saw it): the copy may precede
                # the verdict, so take it back if the message was not accepted after all.
                imap.literal_gate = None
                self._verdict.wait()
                if not self._accepted:
                    imap_delete_uids(client, folder, uids_with_message_id(client, folder, self._message_id))
            self._copied = self._accepted  # never True for a withdrawn literal (it raised)
            clean = True
        except LiteralWithdrawn:
            pass  # the submission failed: drop the connection, the server discards the upload
        except Exception as exc:  # any failure here only means "use the sequential copy"
            self.failure = exc
        finally:
            if client is not None:
                _close(client, clean)


def _close(client: IMAPClient, clean: bool) -> None:
    """LOGOUT after a finished exchange; otherwise just drop the connection (never raises)."""
    if clean:
        logout_quietly(client)
    else:
        with contextlib.suppress(Exception):
            client.shutdown()
