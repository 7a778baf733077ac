"""Mutations of the corpus messages: parsing never raises (and never needs the last-resort fallback)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtmail.core.mime import parse, parse_envelope, preview_text, to_json
from qtmail.core.mime.parsing import _parse
from tests.unit.mime.helpers import corpus_files

SEEDS = [path.read_bytes() for path in corpus_files()]
TOKENS = [
    b"\r\n",
    b"\n",
    b"--",
    b"=?utf-8?B?",
    b"?=",
    b"boundary=",
    b"Content-Type: multipart/mixed; boundary=x\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"charset=ks_c_5601-1987",
    b"=",
    b";",
    b'"',
    b"\x00",
    b"\xff",
    b"filename*0*=utf-8''%E",
    b"Content-Type: message/rfc822\r\n\r\n",
    b"\r\n\r\n",
    b"<",
    b">",
    b"@",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        kind = draw(st.sampled_from(["delete", "insert", "token", "flip", "truncate", "duplicate", "lf"]))
        position = draw(st.integers(min_value=0, max_value=len(data)))
        if kind == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=200))]
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=50))
        elif kind == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif kind == "flip" and data:
            index = min(position, len(data) - 1)
            data[index] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "truncate":
            del data[position:]
        elif kind == "duplicate":
            data[position:position] = data[
                position : position + draw(st.integers(min_value=1, max_value=500))
            ]
        else:
            data = bytearray(bytes(data).replace(b"\r\n", b"\n"))
    return bytes(data)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(mutated())
def test_parse_never_raises_on_mutated_real_messages(raw: bytes) -> None:
    parsed = _parse(raw)  # the inner parser: the outer fallback must never be needed
    form = to_json(parsed)
    json.dumps(form)
    preview_text(parsed)
    parse_envelope(raw)
    for info in parsed.attachments:
        assert "/" not in info.safe_filename and info.safe_filename not in ("", ".", "..")


@given(st.binary(max_size=2000))
def test_parse_never_raises_on_random_bytes(raw: bytes) -> None:
    json.dumps(to_json(_parse(raw)))
    assert parse(raw) is not None
