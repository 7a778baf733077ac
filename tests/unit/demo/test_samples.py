"""Sample mail of the demo: every sample parses back intact through our MIME engine and the store."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qtmail.core.mime import parse
from qtmail.core.store import Flag, Scope, Store
from qtmail.demo.samples import build_samples, make_pdf, make_png, seed_samples

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def samples():
    return build_samples(NOW)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_every_sample_parses_without_defects_and_keeps_its_subject(samples) -> None:
    assert len(samples) >= 8
    for sample in samples:
        parsed = parse(sample.raw)
        assert parsed.subject, sample.key
        assert parsed.message_id == f"<{sample.key}@demo.example>"
        assert parsed.text, sample.key
        assert not parsed.defects, (sample.key, parsed.defects)
        assert sample.raw.isascii(), "wire bytes must be 7-bit clean (RFC 2047/2231 encodings)"


def test_several_languages_with_korean_subject_and_names_intact(samples) -> None:
    parsed = {s.key: parse(s.raw) for s in samples}
    korean = parsed["meeting-ko"]
    assert korean.subject == "회의 자료 공유드립니다"
    assert korean.from_[0].name == "김민준"
    assert [a.name for a in korean.to] == ["Demo User", "이서연"]
    assert "회의록을 첨부합니다" in (korean.text or "")
    assert parsed["meeting-ja"].subject == "来週の打ち合わせについて"
    assert parsed["report-ru"].subject == "Отчёт за ноябрь"
    assert parsed["greetings-de"].from_[0].name == "Jürgen Müller"
    assert parsed["agenda-fr"].subject == "Réunion d'équipe : ordre du jour"


def test_attachments_present_with_korean_filename_and_exact_bytes(samples) -> None:
    korean = parse(next(s.raw for s in samples if s.key == "meeting-ko"))
    by_name = {a.filename: a for a in korean.attachments}
    assert set(by_name) == {"회의록.txt", "일정표.png"}
    notes = by_name["회의록.txt"].part.data()
    assert notes.decode("utf-8").startswith("회의록 — 2026년 11월 주간 회의")
    assert by_name["일정표.png"].part.data() == make_png()
    assert by_name["일정표.png"].content_type == "image/png"
    russian = parse(next(s.raw for s in samples if s.key == "report-ru"))
    (pdf,) = russian.attachments
    assert pdf.filename == "отчёт-ноябрь.pdf"
    assert pdf.part.data().startswith(b"%PDF-1.4")


def test_reply_thread_links_up(samples) -> None:
    parsed = {s.key: parse(s.raw) for s in samples}
    original, reply, follow_up = (
        parsed["meeting-ko"],
        parsed["meeting-ko-reply"],
        parsed["meeting-ko-follow-up"],
    )
    assert reply.in_reply_to == original.message_id
    assert follow_up.in_reply_to == reply.message_id
    assert follow_up.references == [original.message_id, reply.message_id]
    assert reply.subject == follow_up.subject == "Re: 회의 자료 공유드립니다"


def test_newsletter_remote_images_are_blocked_not_embedded(samples) -> None:
    newsletter = parse(next(s.raw for s in samples if s.key == "newsletter"))
    assert newsletter.html is not None
    assert "https://images.newsletter.example/banner.png" in newsletter.remote_resources
    assert any("track.newsletter.example" in url for url in newsletter.remote_resources)
    assert "images.newsletter.example" not in newsletter.html  # the sanitised HTML loads nothing remote
    assert all(url.startswith("https://") and ".example/" in url for url in newsletter.remote_resources)


def test_png_is_a_valid_png() -> None:
    data = make_png(4, 3)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    offset, kinds = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IDAT":
            assert len(zlib.decompress(body)) == 3 * (1 + 4 * 3)
        kinds.append(kind)
        offset += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_pdf_cross_reference_points_at_its_objects() -> None:
    data = make_pdf("hello")
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[start:].startswith(b"xref\n0 6\n")
    entries = data[start:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        assert data[int(entry[:10]) :].startswith(b"%d 0 obj" % number)


def test_seed_puts_samples_in_inbox_and_sent_with_bodies_and_a_flag_mix(store: Store, samples) -> None:
    assert seed_samples(store, "Demo", samples) == len(samples)
    folders = {f.role: f for f in store.folders.all("Demo")}
    inbox, sent = folders["inbox"], folders["sent"]
    assert inbox.total == sum(1 for s in samples if s.folder == "inbox")
    assert sent.total == sum(1 for s in samples if s.folder == "sent") >= 1
    assert 0 < inbox.unread < inbox.total
    rows = store.pages.page(Scope.folder(inbox.id), limit=100)
    assert any(r.flags & Flag.FLAGGED for r in rows)
    assert any(r.attachments for r in rows)
    for row in [*rows, *store.pages.page(Scope.folder(sent.id), limit=100)]:
        raw = store.bodies.read(row.id)
        assert raw is not None, row.subject  # opens offline
        assert parse(raw).subject == row.subject
    korean = next(r for r in rows if r.subject == "회의 자료 공유드립니다")
    assert korean.sender.name == "김민준"
    assert korean.flags & Flag.ANSWERED
    # searchable: the body text went into the full-text index
    assert any(hit.subject == "회의 자료 공유드립니다" for hit in store.searcher.search("회의록"))


def test_seeding_twice_adds_nothing(store: Store, samples) -> None:
    seed_samples(store, "Demo", samples)
    assert seed_samples(store, "Demo", samples) == 0
    assert sum(f.total for f in store.folders.all("Demo")) == len(samples)
