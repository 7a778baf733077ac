"""How fast the mail lab fills a mailbox: bulk_load (Maildir files + one Dovecot resync) vs LMTP.

Prints messages per second for ``Lab.bulk_load`` next to a baseline measured in the same run:
delivering a sample of the same messages one by one through Dovecot's LMTP socket (what Postfix does).

    .venv/bin/python benchmarks/bulk_load_check.py [--messages 10000] [--lmtp-sample 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lab import Lab


def make_messages(count: int) -> list[bytes]:
    return [
        (
            f"From: Bench <bench@example.test>\r\nTo: someone@example.test\r\nSubject: message {n}\r\n"
            f"Message-ID: <bench-{n}@lab>\r\nDate: Fri, 27 Nov 2026 12:00:00 +0000\r\n\r\n"
            + "Lorem ipsum dolor sit amet. " * 40
            + "\r\n"
        ).encode()
        for n in range(count)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--lmtp-sample", type=int, default=200)
    args = parser.parse_args()
    messages = make_messages(args.messages)
    with Lab.start() as lab:
        bulk_user, lmtp_user = lab.new_user("bulk"), lab.new_user("lmtp")
        started = time.perf_counter()
        lab.bulk_load(bulk_user, messages)
        bulk_seconds = time.perf_counter() - started
        with lab.imap_client(bulk_user) as client:
            assert client.select_folder("INBOX", readonly=True)[b"EXISTS"] == args.messages

        sample = messages[: args.lmtp_sample]
        started = time.perf_counter()
        for raw in sample:
            lab.deliver_lmtp(lmtp_user, raw)
        lmtp_seconds = time.perf_counter() - started
    bulk_rate = args.messages / bulk_seconds
    lmtp_rate = len(sample) / lmtp_seconds
    print(f"bulk_load: {args.messages} messages in {bulk_seconds:.2f} s ({bulk_rate:,.0f}/s)")
    print(f"baseline, LMTP one by one: {len(sample)} in {lmtp_seconds:.2f} s ({lmtp_rate:,.0f}/s)")
    print(f"bulk_load is {bulk_rate / lmtp_rate:.1f}x the LMTP rate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
