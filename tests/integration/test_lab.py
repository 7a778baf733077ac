"""The mail lab itself: mail flows alice -> Postfix -> Dovecot -> IMAP/POP3, and every switch works."""

from __future__ import annotations

import poplib
import smtplib
import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage

from tests.lab import Lab, LabUser

ATTACHMENT = bytes(range(256)) * 400 + b"\x00\r\n\x00end"


def build_message(sender: LabUser, recipient: LabUser, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender.address
    message["To"] = recipient.address
    message["Subject"] = subject
    message.set_content("Hello Bob,\nthe data is attached.\n")
    message.add_attachment(ATTACHMENT, maintype="application", subtype="octet-stream", filename="data.bin")
    return message


def attachment_of(raw: bytes) -> bytes:
    parsed = message_from_bytes(raw, policy=policy.default)
    parts = [part for part in parsed.iter_attachments() if part.get_filename() == "data.bin"]
    assert len(parts) == 1, "exactly one attachment expected"
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def test_alice_sends_to_bob_over_submission_and_bob_reads_over_imap_and_pop3(lab: Lab) -> None:
    alice, bob = lab.new_user("alice"), lab.new_user("bob")
    context = lab.ssl_context()
    with smtplib.SMTP(lab.host, lab.submission_port, timeout=30) as smtp:
        smtp.starttls(context=context)
        smtp.login(alice.username, alice.password)
        smtp.send_message(build_message(alice, bob, "over submission"))
    with smtplib.SMTP_SSL(lab.host, lab.submissions_port, context=context, timeout=30) as smtp:
        smtp.login(alice.username, alice.password)
        smtp.send_message(build_message(alice, bob, "over submissions"))

    delivered = lab.wait_for_messages(bob, 2)
    subjects = sorted(message_from_bytes(raw, policy=policy.default)["Subject"] for raw in delivered)
    assert subjects == ["over submission", "over submissions"]

    for use_ssl in (True, False):  # implicit TLS, then STARTTLS
        with lab.imap_client(bob, ssl=use_ssl) as imap:
            imap.select_folder("INBOX", readonly=True)
            fetched = imap.fetch(imap.search(["ALL"]), ["BODY.PEEK[]"])
            assert len(fetched) == 2
            for data in fetched.values():
                assert attachment_of(data[b"BODY[]"]) == ATTACHMENT

    pop_ssl = poplib.POP3_SSL(lab.host, lab.pop3s_port, context=context, timeout=30)
    pop_stls = poplib.POP3(lab.host, lab.pop3_port, timeout=30)
    pop_stls.stls(context=context)
    for pop in (pop_ssl, pop_stls):
        try:
            pop.user(bob.username)
            pop.pass_(bob.password)
            count, _size = pop.stat()
            assert count == 2
            for number in (1, 2):
                _response, lines, _octets = pop.retr(number)
                assert attachment_of(b"\r\n".join(lines) + b"\r\n") == ATTACHMENT
        finally:
            pop.quit()


def test_certificate_fingerprint_matches_what_the_server_presents(lab: Lab) -> None:
    import hashlib

    context = ssl.create_default_context(cafile=str(lab.cert_path))
    with smtplib.SMTP_SSL(lab.host, lab.submissions_port, context=context, timeout=30) as smtp:
        der = smtp.sock.getpeercert(binary_form=True)
    assert hashlib.sha256(der).hexdigest() == lab.cert_fingerprint
