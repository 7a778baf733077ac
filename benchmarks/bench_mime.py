"""Benchmark the MIME engine against bare stdlib parsing, in the same run.

Mixed corpus: small text mails, HTML newsletters, the test corpus, and one message with a
25 MB attachment. Prints throughput of qtmail's full parse (tree + chosen bodies with HTML
sanitised + attachment list with sizes and SHA-256) next to the baseline
``BytesParser(policy=policy.default).parsebytes`` alone, the 25 MB message's time to a ready
tree and body (target < 0.5 s), and the header-only envelope path used by IMAP sync.

    .venv/bin/python benchmarks/bench_mime.py [--repeat N]

Targets (issue 3): full parse within 1.3x of the stdlib bare parse; 25 MB message < 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from email import policy
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, parse, parse_envelope

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "mail"
WORDS = [
    "meeting",
    "report",
    "invoice",
    "budget",
    "lunch",
    "project",
    "review",
    "draft",
    "update",
    "plan",
    "똠방각하",
    "quarterly",
    "café",
]


def _text(rng: random.Random, words: int) -> str:
    lines = []
    for _ in range(words // 12 + 1):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(12)))
    return "\n".join(lines)


def small_mails(rng: random.Random, count: int) -> list[bytes]:
    return [
        compose(
            OutgoingMessage(
                from_=Address("Kim Chulsoo", f"kim{i}@example.com"),
                to=[Address("", "team@example.org")],
                subject=f"{rng.choice(WORDS)} {i}",
                text=_text(rng, rng.randint(20, 400)),
            )
        )
        for i in range(count)
    ]


def newsletters(rng: random.Random, count: int) -> list[bytes]:
    mails = []
    for i in range(count):
        rows = "".join(
            f'<tr><td style="padding:4px"><img src="https://cdn.example.com/{i}/{j}.png" width="80">'
            f'<a href="https://example.com/a/{j}">{_text(rng, 30)}</a></td></tr>'
            for j in range(rng.randint(30, 120))
        )
        html = f"<html><head><style>td{{color:#333}}</style></head><body><table>{rows}</table></body></html>"
        mails.append(
            compose(
                OutgoingMessage(
                    from_=Address("News", "news@example.com"),
                    to=[Address("", "reader@example.org")],
                    subject=f"Newsletter {i}",
                    text=_text(rng, 200),
                    html=html,
                    inline_images=[
                        Attachment(
                            "logo.png",
                            b"\x89PNG\r\n\x1a\n" + os.urandom(3000),
                            content_id=f"logo{i}@example.com",
                        )
                    ],
                )
            )
        )
    return mails


def big_mail() -> bytes:
    return compose(
        OutgoingMessage(
            from_=Address("Scanner", "scanner@example.com"),
            to=[Address("", "office@example.org")],
            subject="25 MB scan",
            text="The scan is attached.",
            attachments=[Attachment("scan.pdf", b"%PDF-1.7\n" + os.urandom(25 * 1024 * 1024))],
        )
    )


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def full_parse(raw: bytes) -> None:
    """What the message view needs: tree, chosen bodies (HTML sanitised), attachment list with sizes."""
    parsed = parse(raw)
    for info in parsed.attachments:
        assert info.size >= 0


def hashed_parse(raw: bytes) -> None:
    """What ``inspect --json`` needs on top: every attachment decoded and hashed."""
    parsed = parse(raw)
    for info in parsed.attachments:
        assert len(info.sha256) == 64


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = options.parse_args()
    rng = random.Random(42)
    print("building corpus...", flush=True)
    big = big_mail()
    corpus = [
        *small_mails(rng, 300),
        *newsletters(rng, 60),
        *(p.read_bytes() for p in sorted(CORPUS.glob("*.eml"))),
    ]
    mixed = [*corpus, big]
    total = sum(len(raw) for raw in mixed)
    stdlib_parser = BytesParser(policy=policy.default)

    stdlib_time = best_of(args.repeat, lambda: [stdlib_parser.parsebytes(raw) for raw in mixed])
    qtmail_time = best_of(args.repeat, lambda: [full_parse(raw) for raw in mixed])
    hashed_time = best_of(args.repeat, lambda: [hashed_parse(raw) for raw in mixed])
    mb = total / 1e6
    print(f"mixed corpus: {len(mixed)} messages, {mb:.1f} MB (one of them {len(big) / 1e6:.1f} MB)")
    print(
        f"  stdlib BytesParser(policy.default) bare parse: {stdlib_time:7.3f} s  {mb / stdlib_time:8.1f} MB/s"
    )
    print(
        f"  qtmail parse (tree+body+attachment list):     {qtmail_time:7.3f} s  {mb / qtmail_time:8.1f} MB/s"
    )
    print(
        f"  qtmail parse + sha256 of every attachment:    {hashed_time:7.3f} s  {mb / hashed_time:8.1f} MB/s"
    )
    ratio = qtmail_time / stdlib_time
    print(f"  ratio qtmail/stdlib: {ratio:.2f}x   (target <= 1.30x)  {'OK' if ratio <= 1.3 else 'MISSED'}")

    small_total = sum(len(raw) for raw in corpus) / 1e6
    stdlib_small = best_of(args.repeat, lambda: [stdlib_parser.parsebytes(raw) for raw in corpus])
    qtmail_small = best_of(args.repeat, lambda: [full_parse(raw) for raw in corpus])
    print(f"without the 25 MB message: {len(corpus)} messages, {small_total:.1f} MB")
    print(
        f"  stdlib {small_total / stdlib_small:8.1f} MB/s   qtmail {small_total / qtmail_small:8.1f} MB/s   "
        f"ratio {qtmail_small / stdlib_small:.2f}x"
    )

    tree_and_body = best_of(args.repeat, lambda: full_parse(big))
    with_hash = best_of(args.repeat, lambda: hashed_parse(big))
    stdlib_big = best_of(1, lambda: stdlib_parser.parsebytes(big))
    print(
        f"25 MB message: qtmail tree+body+attachment list {tree_and_body:.3f} s (target < 0.5 s) "
        f"{'OK' if tree_and_body < 0.5 else 'MISSED'};  with sha256 {with_hash:.3f} s;  "
        f"stdlib bare parse {stdlib_big:.3f} s"
    )

    headers = [raw[: raw.find(b"\r\n\r\n") + 4] for raw in corpus] * 30
    header_parser = BytesHeaderParser(policy=policy.default)

    def stdlib_envelopes() -> None:
        for block in headers:
            message = header_parser.parsebytes(block)
            for name in (
                "subject",
                "from",
                "to",
                "cc",
                "date",
                "message-id",
                "in-reply-to",
                "references",
                "content-type",
            ):
                message.get(name)

    stdlib_env = best_of(args.repeat, stdlib_envelopes)
    qtmail_env = best_of(args.repeat, lambda: [parse_envelope(block) for block in headers])
    print(
        f"envelopes ({len(headers)} header blocks): stdlib policy.default headers "
        f"{len(headers) / stdlib_env:,.0f}/s, qtmail parse_envelope {len(headers) / qtmail_env:,.0f}/s"
    )
    print(f"median small message size: {statistics.median(len(raw) for raw in corpus)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
