"""Sample mail for the demo, built with our own MIME engine and stored like downloaded mail.

What it shows: several languages and scripts (English, Korean, Japanese, Russian,
German, French), attachments (a PNG and a PDF made here, a text file with a Korean
name), a reply thread, a flagged/unread mix, and an HTML newsletter whose remote
images the viewer blocks. Every message is stored with its raw bytes, so it opens
offline. Remote images point at ``.example`` hosts (RFC 2606): nothing real.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from qtmail.core.mailbox_copies import local_folder_id
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose
from qtmail.core.store import Flag, Store
from qtmail.core.store.types import FolderRole
from qtmail.core.sync.bodies import store_body
from qtmail.core.sync.pop3_sync import envelope_for, local_inbox
from qtmail.demo.account import DEMO_ADDRESS, DEMO_DISPLAY_NAME

ME: Final = Address(DEMO_DISPLAY_NAME, DEMO_ADDRESS)
SAMPLE_UIDL_PREFIX: Final = "demo-sample-"


@dataclass(frozen=True)
class SampleMessage:
    """One sample: its wire bytes, the folder it belongs in and its flags there."""

    key: str  # stable name, also the POP3-style UIDL suffix
    raw: bytes
    folder: FolderRole
    flags: Flag


# ---------------------------------------------------------------- attachment bytes


def make_png(width: int = 48, height: int = 32) -> bytes:
    """A small valid PNG (an RGB gradient), so image viewers have something real to open."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes((x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 160))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def make_pdf(text: str = "qtmail demo report") -> bytes:
    """A one-page PDF with a line of (ASCII) text and a correct cross-reference table."""
    safe = "".join(ch for ch in text if 32 <= ord(ch) < 127 and ch not in "()\\")
    stream = f"BT /F1 18 Tf 72 720 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------- the messages

MEETING_NOTES_KO: Final = """\
회의록 — 2026년 11월 주간 회의

1. 데모 계정으로 메일 보내기와 받기를 확인했습니다.
2. 첨부 파일 이름에 한글이 들어가도 그대로 보입니다.
3. 다음 회의: 12월 4일 오전 10시
"""

NEWSLETTER_HTML: Final = """\
<html><body style="font-family: sans-serif">
<h1 style="color:#2a6f97">Qt Weekly</h1>
<p><img src="https://images.newsletter.example/banner.png" alt="Qt Weekly banner"
  width="600" height="120"></p>
<p>This newsletter loads its pictures from the web. qtmail blocks them until you say so:
that is how senders learn when and where you read their mail.</p>
<h2>This week</h2>
<ul>
<li><a href="https://newsletter.example/qt-6">What is new in Qt 6</a></li>
<li><a href="https://newsletter.example/tracker">Tracking pixels, explained</a></li>
</ul>
<p><img src="https://track.newsletter.example/open.gif?id=demo" width="1" height="1" alt=""></p>
<p style="font-size:small">You get this because you tried the qtmail demo.
<a href="https://newsletter.example/unsubscribe">Unsubscribe</a></p>
</body></html>
"""

NEWSLETTER_TEXT: Final = """\
Qt Weekly

This week:
- What is new in Qt 6: https://newsletter.example/qt-6
- Tracking pixels, explained: https://newsletter.example/tracker
"""


def _message(
    sender: Address,
    subject: str,
    text: str,
    when: datetime,
    key: str,
    *,
    to: list[Address] | None = None,
    html: str | None = None,
    attachments: list[Attachment] | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
) -> tuple[bytes, str]:
    """Compose one sample; returns (wire bytes, its Message-ID)."""
    message_id = f"<{key}@demo.example>"
    outgoing = OutgoingMessage(
        from_=sender,
        to=to if to is not None else [ME],
        subject=subject,
        text=text,
        html=html,
        attachments=attachments or [],
        in_reply_to=in_reply_to,
        references=references or [],
        date=when,
        message_id=message_id,
    )
    return compose(outgoing), message_id


def build_samples(now: datetime | None = None) -> list[SampleMessage]:
    """The demo's sample mail, dated in the days before ``now`` (default: the current time)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    kst = timezone(timedelta(hours=9), "KST")
    samples: list[SampleMessage] = []

    def add(key: str, raw: bytes, folder: FolderRole = "inbox", flags: Flag = Flag.NONE) -> None:
        samples.append(SampleMessage(key, raw, folder, flags))

    welcome, _ = _message(
        Address("qtmail", "welcome@qtmail.example"),
        "Welcome to the qtmail demo",
        "Hello!\n\n"
        "This is a demo profile: everything here is local and goes away when you quit "
        "(unless you started it with --profile DIR).\n\n"
        "Things to try:\n"
        "- Write a message (Ctrl+N) to anyone: the demo's own SMTP server on 127.0.0.1 "
        "accepts it and delivers it back into this Inbox, and a copy lands in Sent.\n"
        "- Open the newsletter: its remote images are blocked until you allow them.\n"
        "- Drag an attachment out of the Korean message onto your desktop.\n"
        "- Search (Ctrl+F) for 회의 or Bericht.\n",
        now - timedelta(minutes=5),
        "welcome",
    )
    add("welcome", welcome, flags=Flag.FLAGGED)

    minjun = Address("김민준", "minjun.kim@example.kr")
    seoyeon = Address("이서연", "seoyeon.lee@example.kr")
    meeting, meeting_id = _message(
        minjun,
        "회의 자료 공유드립니다",
        "안녕하세요,\n\n이번 주 회의 자료와 회의록을 첨부합니다. 확인 부탁드립니다.\n\n김민준 드림\n",
        (now - timedelta(days=2, hours=3)).astimezone(kst),
        "meeting-ko",
        to=[ME, seoyeon],
        attachments=[
            Attachment("회의록.txt", MEETING_NOTES_KO.encode("utf-8"), "text/plain"),
            Attachment("일정표.png", make_png(), "image/png"),
        ],
    )
    add("meeting-ko", meeting, flags=Flag.SEEN | Flag.ANSWERED)
    reply, reply_id = _message(
        ME,
        "Re: 회의 자료 공유드립니다",
        "민준 님,\n\n자료 잘 받았습니다. 회의록 2번 항목은 제가 데모로 확인해 보겠습니다.\n\n"
        "> 이번 주 회의 자료와 회의록을 첨부합니다.\n",
        now - timedelta(days=2, hours=1),
        "meeting-ko-reply",
        to=[minjun],
        in_reply_to=meeting_id,
        references=[meeting_id],
    )
    add("meeting-ko-reply", reply, folder="sent", flags=Flag.SEEN)
    follow_up, _ = _message(
        seoyeon,
        "Re: 회의 자료 공유드립니다",
        "확인 감사합니다! 12월 4일 회의 때 결과를 같이 봐요.\n\n이서연\n",
        (now - timedelta(hours=20)).astimezone(kst),
        "meeting-ko-follow-up",
        to=[ME, minjun],
        in_reply_to=reply_id,
        references=[meeting_id, reply_id],
    )
    add("meeting-ko-follow-up", follow_up)

    japanese, _ = _message(
        Address("山田太郎", "taro.yamada@example.jp"),
        "来週の打ち合わせについて",
        "お疲れさまです。\n\n来週の打ち合わせは水曜日の午後二時からでいかがでしょうか。\nよろしくお願いします。\n\n山田\n",
        now - timedelta(days=1, hours=6),
        "meeting-ja",
    )
    add("meeting-ja", japanese, flags=Flag.SEEN)

    russian, _ = _message(
        Address("Дмитрий Иванов", "dmitry.ivanov@example.ru"),
        "Отчёт за ноябрь",
        "Добрый день!\n\nВо вложении отчёт за ноябрь. Главное: всё работает без сети.\n\n"
        "С уважением,\nДмитрий\n",
        now - timedelta(days=3, hours=2),
        "report-ru",
        attachments=[Attachment("отчёт-ноябрь.pdf", make_pdf("November report"), "application/pdf")],
    )
    add("report-ru", russian, flags=Flag.SEEN | Flag.FLAGGED)

    german, _ = _message(
        Address("Jürgen Müller", "juergen.mueller@example.de"),
        "Grüße aus München – der Bericht",
        "Hallo,\n\nanbei ein kleines Bild vom Büro. Schöne Grüße aus München!\n\nJürgen\n",
        now - timedelta(days=4),
        "greetings-de",
        attachments=[Attachment("Büro.png", make_png(32, 32), "image/png")],
    )
    add("greetings-de", german)

    french, _ = _message(
        Address("Amélie Durand", "amelie.durand@example.fr"),
        "Réunion d'équipe : ordre du jour",
        "Bonjour à tous,\n\nVoici l'ordre du jour de la réunion de jeudi : bilan, démo, questions.\n\n"
        "Amélie\n",
        now - timedelta(days=5, hours=4),
        "agenda-fr",
    )
    add("agenda-fr", french, flags=Flag.SEEN)

    newsletter, _ = _message(
        Address("Qt Weekly", "news@newsletter.example"),
        "This week in Qt: pictures blocked until you allow them",
        NEWSLETTER_TEXT,
        now - timedelta(hours=2),
        "newsletter",
        html=NEWSLETTER_HTML,
    )
    add("newsletter", newsletter)
    return samples


def seed_samples(store: Store, account: str, samples: list[SampleMessage] | None = None) -> int:
    """Put the samples into ``account``'s local Inbox and Sent; returns how many were added.

    Idempotent: a sample already there (by its UIDL, or its Message-ID in Sent) is skipped.
    """
    samples = build_samples() if samples is None else samples
    inbox = local_inbox(store, account)
    added = 0
    for sample in samples:
        folder_id = inbox.id if sample.folder == "inbox" else local_folder_id(store, account, sample.folder)
        uidl = SAMPLE_UIDL_PREFIX + sample.key
        envelope = envelope_for(sample.raw, uidl, datetime.now(UTC))
        envelope = envelope._replace(flags=sample.flags)
        if sample.folder != "inbox":
            # Local folders of a POP3 account hold our own copies: keyed by Message-ID, not UIDL.
            if envelope.message_id and store.messages.find_by_message_id(folder_id, envelope.message_id):
                continue
            envelope = envelope._replace(uidl=None)
        if not store.messages.insert(folder_id, [envelope]):
            continue
        if sample.folder == "inbox":
            stored = store.messages.by_uidl(folder_id, uidl)
        else:
            found = store.messages.find_by_message_id(folder_id, envelope.message_id or "")
            stored = found[-1] if found else None
        if stored is not None:
            store_body(store, stored.id, sample.raw)
            added += 1
    return added
