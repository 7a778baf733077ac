"""Filling a test profile's store directly through the store API (what sync would do)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from qtmail.core.mime import parse
from qtmail.core.profile import Profile
from qtmail.core.store import Address, Envelope, Flag, FolderInfo, FolderSpec, Store
from tests.gui.conftest import build_message

KOREAN_MAIL = [
    (
        "김민준",
        "minjun@example.kr",
        "분기 보고서 검토 요청",
        "안녕하세요,\n\n3분기 보고서를 첨부합니다. 검토 부탁드립니다.\n\n김민준 드림",
    ),
    ("이서연", "seoyeon@example.kr", "다음 주 회의 일정", "다음 주 화요일 오후 2시에 회의가 있습니다."),
    ("박지훈", "jihoon@example.kr", "점심 같이 하실래요?", "오늘 점심에 새로 생긴 식당에 가 보려고 합니다."),
    ("최수아", "sua@example.kr", "프로젝트 진행 상황 공유", "현재까지 진행된 내용을 정리했습니다."),
    ("정우진", "woojin@example.kr", "[공지] 사무실 이전 안내", "12월부터 새 사무실에서 근무합니다."),
    ("Alice Example", "alice@example.com", "Quarterly numbers", "Hi, the numbers are in. Best, Alice"),
    ("강하은", "haeun@example.kr", "생일 축하합니다!", "생일 진심으로 축하드려요."),
    (
        "윤도현",
        "dohyun@example.kr",
        "계약서 초안 전달드립니다",
        "계약서 초안을 보내드립니다. 똠방각하 확인 바랍니다.",
    ),
]


@dataclass
class Mailbox:
    profile: Profile
    account: str
    inbox: FolderInfo
    archive: FolderInfo
    trash: FolderInfo
    sent: FolderInfo
    ids: list[int]  # inbox messages, newest first


def fill_mailbox(
    profile: Profile,
    *,
    account: str = "work",
    count: int = len(KOREAN_MAIL),
    bodies: bool = True,
    spacing: timedelta = timedelta(minutes=7),
    flag_every: int = 0,
) -> Mailbox:
    """An account with Inbox/Archive/Sent/Trash and ``count`` inbox messages (Korean first),
    ``spacing`` apart from 27 Nov 2026 09:00 UTC back; every ``flag_every``-th one flagged."""
    store = Store.for_profile(profile)
    try:
        inbox = store.folders.upsert(FolderSpec(account, "INBOX", raw_name="INBOX", role="inbox"))
        archive = store.folders.upsert(FolderSpec(account, "보관함", raw_name="&vPSwuA-", role="archive"))
        sent = store.folders.upsert(FolderSpec(account, "Sent", raw_name="Sent", role="sent"))
        trash = store.folders.upsert(FolderSpec(account, "Trash", raw_name="Trash", role="trash"))
        start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        envelopes = []
        raws: dict[str, bytes] = {}
        for number in range(count):
            name, address, subject, body = KOREAN_MAIL[number % len(KOREAN_MAIL)]
            if number >= len(KOREAN_MAIL):
                subject = f"{subject} #{number}"
            message_id = f"<m{number}.{abs(hash(account)) % 10**8}@mail.example>"
            date = start - spacing * number
            attachments = (
                [("보고서.pdf", b"%PDF-1.4 test " * 50, "application/pdf")] if number % 4 == 0 else []
            )
            raw = build_message(
                subject=subject,
                sender=f"{name} <{address}>",
                to="나 <me@example.kr>",
                text=body,
                attachments=attachments,
                date=date.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                message_id=message_id,
            )
            raws[message_id] = raw
            envelopes.append(
                Envelope(
                    date=date,
                    uid=number + 1,
                    message_id=message_id,
                    sender=Address(name, address),
                    to=(Address("나", "me@example.kr"),),
                    subject=subject,
                    size=len(raw),
                    flags=(Flag.SEEN if number % 3 == 2 else Flag.NONE)
                    | (Flag.FLAGGED if flag_every and number % flag_every == 1 else Flag.NONE),
                    attachments=len(attachments),
                    preview=body[:80],
                )
            )
        store.messages.insert(inbox.id, envelopes)
        from qtmail.core.store import Scope, SortKey

        page = store.pages.page(Scope.folder(inbox.id), SortKey.DATE, True, offset=0, limit=count)
        if bodies:
            for summary in page:
                raw = raws[summary.message_id or ""]
                parsed = parse(raw)
                store.bodies.store(summary.id, raw, text=parsed.text or "")
        return Mailbox(
            profile,
            account,
            store.folders.get(inbox.id),
            store.folders.get(archive.id),
            store.folders.get(trash.id),
            store.folders.get(sent.id),
            [summary.id for summary in page],
        )
    finally:
        store.close()
