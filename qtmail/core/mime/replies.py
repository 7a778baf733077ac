"""Replies and forwards derived from a parsed message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qtmail.core.mime.types import Address, Attachment, OutgoingMessage, ParsedMessage


@dataclass(frozen=True, slots=True)
class QuoteWords:
    """The words a reply's attribution line and an inline forward's header block are written in.

    Why a parameter: these lines are read by people, in the writer's language; the UI passes
    its translations (the core has no translation machinery). The "Re:"/"Fwd:" subject
    prefixes stay as mail clients everywhere write and recognise them. ``wrote`` may use
    ``{date}`` and ``{name}``.
    """

    wrote: str = "On {date}, {name} wrote:"
    unknown_date: str = "an unknown date"
    someone: str = "someone"
    forwarded: str = "---------- Forwarded message ----------"
    from_: str = "From"
    date: str = "Date"
    subject: str = "Subject"
    to: str = "To"
    cc: str = "Cc"


ENGLISH = QuoteWords()

_REPLY_PREFIX = re.compile(
    r"^\s*((re|aw|sv|vs|antw|답장|回复|回覆|返信)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
_FORWARD_PREFIX = re.compile(r"^\s*((fwd?|fw|wg|tr|전달|转发|轉寄)\s*:\s*)+", re.IGNORECASE)


def _display_list(addresses: list[Address]) -> str:
    return ", ".join(str(address) for address in addresses)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.rstrip("\n").split("\n"))


def _body_text(original: ParsedMessage) -> str:
    if original.text is not None:
        return original.text
    if original.html is not None:
        from qtmail.core.mime.parsing import _html_to_text

        return "\n".join(line.strip() for line in _html_to_text(original.html).splitlines() if line.strip())
    return ""


def _same(a: Address, b: Address) -> bool:
    return a.address.lower() == b.address.lower()


def reply_to(
    original: ParsedMessage, me: Address, reply_all: bool = False, words: QuoteWords = ENGLISH
) -> OutgoingMessage:
    """A reply: "Re: " subject, In-Reply-To/References, quoted text; reply_all adds To/Cc minus me."""
    subject = _REPLY_PREFIX.sub("", original.subject or "")
    targets = list(original.reply_to or original.from_)
    if targets and all(_same(target, me) for target in targets):
        targets = list(original.to)  # replying to my own sent message goes to its recipients
    cc: list[Address] = []
    if reply_all:
        for address in [*original.to, *original.cc]:
            if _same(address, me) or any(_same(address, seen) for seen in [*targets, *cc]):
                continue
            cc.append(address)
    references = list(original.references)
    if original.message_id and original.message_id not in references:
        references.append(original.message_id)
    when = original.date.strftime("%Y-%m-%d %H:%M") if original.date else words.unknown_date
    who = _display_list(original.from_) or words.someone
    quoted = _quote(_body_text(original))
    try:
        attribution = words.wrote.format(date=when, name=who)
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders
        attribution = ENGLISH.wrote.format(date=when, name=who)
    return OutgoingMessage(
        from_=me,
        to=targets,
        cc=cc,
        subject=f"Re: {subject}".rstrip(),
        text=f"\n\n{attribution}\n{quoted}\n",
        in_reply_to=original.message_id,
        references=references[-20:],
    )


def _forward_subject(original: ParsedMessage) -> str:
    return f"Fwd: {_FORWARD_PREFIX.sub('', original.subject or '')}".rstrip()


def forward_inline(original: ParsedMessage, me: Address, words: QuoteWords = ENGLISH) -> OutgoingMessage:
    """A forward with the original's headers and text in the body and its attachments re-attached."""
    lines = [
        "",
        "",
        words.forwarded,
        f"{words.from_}: {_display_list(original.from_)}",
        f"{words.date}: {original.date.strftime('%a, %d %b %Y %H:%M %z') if original.date else ''}",
        f"{words.subject}: {original.subject or ''}",
        f"{words.to}: {_display_list(original.to)}",
    ]
    if original.cc:
        lines.append(f"{words.cc}: {_display_list(original.cc)}")
    lines += ["", _body_text(original)]
    messages = [info.path for info in original.attachments if info.content_type.startswith("message/")]
    attachments = [
        Attachment(
            filename=info.filename or info.safe_filename,
            data=original.part_bytes(info.path),
            content_type=info.content_type,
        )
        for info in original.attachments
        if not (info.inline and info.content_id)
        and not any(info.path.startswith(f"{outer}.") for outer in messages)  # travels inside its message
    ]
    return OutgoingMessage(
        from_=me, subject=_forward_subject(original), text="\n".join(lines), attachments=attachments
    )


def forward_as_attachment(original_raw: bytes, original: ParsedMessage, me: Address) -> OutgoingMessage:
    """A forward carrying the original unchanged as a message/rfc822 part."""
    return OutgoingMessage(
        from_=me, subject=_forward_subject(original), text="", attached_messages=[original_raw]
    )
