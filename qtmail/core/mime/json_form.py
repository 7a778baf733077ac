"""The stable ``qtmail inspect --json`` form (documented in README.md)."""

from __future__ import annotations

from typing import Any

from qtmail.core.mime.types import Address, ParsedMessage, Part


def _addresses(addresses: list[Address]) -> list[dict[str, str]]:
    return [{"name": address.name, "address": address.address} for address in addresses]


def part_json(part: Part) -> dict[str, Any]:
    """One non-multipart part (computes its decoded size and SHA-256)."""
    return {
        "path": part.path,
        "content_type": part.content_type,
        "params": dict(part.params),
        "disposition": part.disposition,
        "filename": part.filename,
        "transfer_encoding": part.transfer_encoding,
        "charset": part.charset,
        "content_id": part.content_id,
        "size": part.size,
        "sha256": part.sha256,
        "headers": [[name, value] for name, value in part.headers],
    }


def to_json(parsed: ParsedMessage) -> dict[str, Any]:
    """The JSON-ready dict of ``inspect --json`` (computes sizes and hashes of every part)."""
    return {
        "headers": {
            "subject": parsed.subject,
            "from": _addresses(parsed.from_),
            "to": _addresses(parsed.to),
            "cc": _addresses(parsed.cc),
            "reply_to": _addresses(parsed.reply_to),
            "date": parsed.date.isoformat() if parsed.date is not None else None,
            "message_id": parsed.message_id,
            "in_reply_to": parsed.in_reply_to,
            "references": list(parsed.references),
        },
        "parts": [part_json(part) for part in parsed.parts],
        "body": {"text": parsed.text, "html": parsed.html},
        "attachments": [
            {
                "path": info.path,
                "filename": info.filename,
                "safe_filename": info.safe_filename,
                "content_type": info.content_type,
                "size": info.size,
                "sha256": info.sha256,
                "inline": info.inline,
                "content_id": info.content_id,
            }
            for info in parsed.attachments
        ],
        "remote_resources": list(parsed.remote_resources),
        "defects": [{"path": d.path, "kind": d.kind, "detail": d.detail} for d in parsed.defects],
    }
