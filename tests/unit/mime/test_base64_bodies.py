"""Base64 bodies spliced after flattening: same bytes as the stdlib's own base64 path, and why it is safe."""

from __future__ import annotations

import base64
import re
from email.message import EmailMessage
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose, parse
from qtmail.core.mime.base64_bodies import Base64Bodies, encode_base64_lines
from qtmail.core.mime.composing import WIRE_POLICY

BLOCK = 57 * 1024  # input bytes per binascii call in encode_base64_lines
EDGE_SIZES = [0, 1, 2, 3, 56, 57, 58, 114, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 57]


def _stdlib_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


@pytest.mark.parametrize("size", EDGE_SIZES)
def test_encoding_matches_the_stdlib_at_line_and_block_edges(size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    assert b"".join(encode_base64_lines(data[:size])) == _stdlib_lines(data[:size])


@settings(max_examples=60)
@given(st.binary(max_size=3000))
def test_encoding_matches_the_stdlib(data: bytes) -> None:
    encoded = b"".join(encode_base64_lines(data))
    assert encoded == _stdlib_lines(data)
    assert all(len(line) <= 76 for line in encoded.split(b"\r\n"))


def _attachment_message(data: bytes, bodies: Base64Bodies | None) -> bytes:
    message = EmailMessage(policy=WIRE_POLICY)
    message["Subject"] = "x"
    message.set_content("text")
    message.add_attachment(data if bodies is None else b"", "application", "octet-stream", filename="a.bin")
    message.set_boundary("fixed-boundary")
    flattened = message.as_bytes(policy=WIRE_POLICY)
    if bodies is None:
        return flattened
    attachment = cast(Any, message.get_payload())[-1]
    bodies.set_body(attachment, data)
    return bodies.splice(message.as_bytes(policy=WIRE_POLICY))


@pytest.mark.parametrize("size", [0, 57, 1000, BLOCK + 5])
def test_spliced_message_is_byte_identical_to_the_stdlib_path(size: int) -> None:
    data = bytes((i * 7) % 256 for i in range(size))
    assert _attachment_message(data, Base64Bodies()) == _attachment_message(data, None)


def test_a_missing_placeholder_is_a_bug_not_silent_loss() -> None:
    bodies = Base64Bodies()
    part = EmailMessage(policy=WIRE_POLICY)
    bodies.set_body(part, b"data")
    with pytest.raises(MailError) as caught:
        bodies.splice(b"Subject: x\r\n\r\nno placeholder here\r\n")
    assert caught.value.kind is ErrorKind.BUG


def test_text_that_looks_like_a_placeholder_cannot_collide() -> None:
    """The placeholder carries a fresh random token, so a body imitating the format stays as it is."""
    fake = "qtmail-base64-body-00000000000000000000000000000000-0\n"
    msg = OutgoingMessage(
        from_=Address("", "a@example.com"),
        to=[Address("", "b@example.com")],
        subject="s",
        text=fake,
        attachments=[Attachment("a.bin", b"\x00\x01\x02" * 100)],
    )
    parsed = parse(compose(msg))
    assert parsed.text is not None and parsed.text.strip() == fake.strip()
    assert parsed.attachments[0].data() == b"\x00\x01\x02" * 100


def test_large_attachment_boundary_never_starts_a_base64_line() -> None:
    """Why the stdlib need not see the base64 bodies when it picks a boundary: they cannot contain one."""
    data = bytes(range(256)) * 4000 + b"--" * 1000
    msg = OutgoingMessage(
        from_=Address("", "a@example.com"),
        to=[Address("", "b@example.com")],
        subject="s",
        text="body",
        attachments=[Attachment("a.bin", data), Attachment("b.bin", data[::-1])],
    )
    raw = compose(msg)
    boundary = re.search(rb'boundary="([^"]+)"', raw)
    assert boundary is not None
    delimiters = [line for line in raw.split(b"\r\n") if line.startswith(b"--")]
    assert set(delimiters) == {b"--" + boundary.group(1), b"--" + boundary.group(1) + b"--"}
    assert [a.data() for a in parse(raw).attachments] == [data, data[::-1]]
