"""``qtmail inspect``: show how qtmail reads a message (tree, body, attachments, defects)."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from qtmail.core.mime import ParsedMessage, Part, parse, to_json
from qtmail.core.mime.filenames import numbered, safe_filename

# C0 controls but tab and newline, DEL, and C1 controls: a message could set the terminal's title,
# clear the screen or worse with them. The JSON form escapes them itself.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``, so mail cannot drive the terminal."""
    return _TERMINAL_CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help="show a message's part tree, body, attachments and defects",
        description="Read FILE.eml and show how qtmail understands it. Exit 0 for any readable message, "
        "1 when the file cannot be read.",
    )
    parser.add_argument("file", metavar="FILE.eml")
    parser.add_argument("--json", action="store_true", help="print the stable JSON form (see README)")
    parser.add_argument("--extract", metavar="DIR", help="save the attachments into DIR under safe names")
    parser.set_defaults(func=run)


def _describe_part(part: Part, depth: int, out: TextIO) -> None:
    indent = "  " * depth
    label = part.path or "(message)"
    details = [part.content_type]
    if part.is_multipart:
        details.append(f"boundary={part.boundary!r}")
    else:
        details.append(f"encoding={part.transfer_encoding or '7bit'}")
        details.append(f"size={part.size}")
        if part.charset:
            details.append(f"charset={part.charset}")
        if part.disposition:
            details.append(f"disposition={part.disposition}")
        if part.filename:
            details.append(f"filename={part.filename!r}")
        if part.content_id:
            details.append(f"cid={part.content_id}")
    out.write(f"{indent}[{label}] {' '.join(details)}\n")
    for name, value in part.headers:
        out.write(f"{indent}    {name}: {value[:200]}\n")
    for child in part.children:
        _describe_part(child, depth + 1, out)


def _print_text(parsed: ParsedMessage, out: TextIO) -> None:
    out.write(f"Subject: {parsed.subject or ''}\n")
    out.write(f"From: {', '.join(map(str, parsed.from_))}\n")
    out.write(f"To: {', '.join(map(str, parsed.to))}\n")
    if parsed.cc:
        out.write(f"Cc: {', '.join(map(str, parsed.cc))}\n")
    out.write(f"Date: {parsed.date.isoformat() if parsed.date else ''}\n")
    out.write(f"Message-ID: {parsed.message_id or ''}\n\nPart tree:\n")
    _describe_part(parsed.tree, 1, out)
    if parsed.text is not None:
        out.write("\nText body:\n" + parsed.text.rstrip("\n") + "\n")
    if parsed.html is not None:
        out.write("\nHTML body (sanitised):\n" + parsed.html.rstrip("\n") + "\n")
    out.write(f"\nAttachments ({len(parsed.attachments)}):\n")
    for info in parsed.attachments:
        flags = " inline" if info.inline else ""
        out.write(
            f"  {info.path} {info.safe_filename!r} {info.content_type} {info.size} bytes "
            f"sha256={info.sha256}{flags}\n"
        )
    out.write(f"\nBlocked remote resources ({len(parsed.remote_resources)}):\n")
    for url in parsed.remote_resources:
        out.write(f"  {url}\n")
    out.write(f"\nDefects ({len(parsed.defects)}):\n")
    for defect in parsed.defects:
        out.write(f"  [{defect.path or 'message'}] {defect.kind}: {defect.detail}\n")


def extract_attachments(parsed: ParsedMessage, directory: Path) -> list[Path]:
    """Save every attachment into ``directory`` under its safe name, never overwriting (" (2)", " (3)"...)."""
    directory.mkdir(parents=True, exist_ok=True)
    base = directory.resolve()
    saved: list[Path] = []
    for info in parsed.attachments:
        name = safe_filename(info.safe_filename)
        data = parsed.part_bytes(info.path)
        number = 1
        while True:
            candidate = name if number == 1 else numbered(name, number)
            target = base / candidate
            if target.parent != base:  # cannot happen with safe names; refuse rather than escape
                raise OSError(f"refusing to write outside {base}")
            try:
                with open(target, "xb") as handle:
                    handle.write(data)
            except FileExistsError:
                number += 1
                continue
            saved.append(target)
            break
    return saved


def run(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"qtmail: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    parsed = parse(raw)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    with out:
        if args.json:
            json.dump(to_json(parsed), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            text = io.StringIO()
            _print_text(parsed, text)
            out.write(terminal_safe(text.getvalue()))
    if args.extract:
        try:
            saved = extract_attachments(parsed, Path(args.extract))
        except OSError as exc:
            print(
                f"qtmail: cannot save attachments in {args.extract}: {exc.strerror or exc}", file=sys.stderr
            )
            return 1
        for path in saved:
            print(f"saved {os.fspath(path)}", file=sys.stderr)
    return 0
