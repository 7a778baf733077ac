"""The baseline of bench_sync.py: connect, log in, one UID FETCH of everything, log out.

A script of its own, importing only imaplib and ssl, so the baseline process starts as
lean as a bare imaplib fetch can (the benchmark module itself would add ~10 ms of imports).

    python benchmarks/bare_imap_fetch.py HOST PORT CAFILE USER PASSWORD headers|bodies
"""

import imaplib
import ssl
import sys

# The same items as qtmail's header sync asks for (qtmail.core.sync.fetch_headers.HEADER_ITEMS).
HEADER_ITEMS = (
    "(FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS "
    "(FROM TO CC SUBJECT DATE MESSAGE-ID REFERENCES IN-REPLY-TO CONTENT-TYPE)])"
)


def main(host: str, port: str, cafile: str, user: str, password: str, what: str) -> None:
    context = ssl.create_default_context(cafile=cafile)
    imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
    imap.login(user, password)
    imap.select("INBOX", readonly=True)
    items = HEADER_ITEMS if what == "headers" else "(BODY.PEEK[])"
    typ, data = imap.uid("FETCH", "1:*", items)
    if typ != "OK" or not data:
        raise SystemExit(f"FETCH failed: {typ}")
    imap.logout()


if __name__ == "__main__":
    main(*sys.argv[1:7])
