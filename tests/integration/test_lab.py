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


def submit_authenticated(lab: Lab, user: LabUser) -> smtplib.SMTP:
    smtp = smtplib.SMTP(lab.host, lab.submission_port, timeout=30)
    smtp.starttls(context=lab.ssl_context())
    smtp.login(user.username, user.password)
    return smtp


def test_rejected_recipient_gets_5xx_at_rcpt_and_others_are_accepted(lab: Lab) -> None:
    alice, bob = lab.new_user("alice"), lab.new_user("bob")
    with submit_authenticated(lab, alice) as smtp:
        smtp.mail(alice.address)
        code, _ = smtp.rcpt(lab.rejected_recipient)
        assert 500 <= code < 600
        code, _ = smtp.rcpt(bob.address)
        assert code == 250
        code, _ = smtp.rcpt("someone@example.com")  # relaying off the lab is refused
        assert 500 <= code < 600


def test_submission_requires_starttls_before_auth(lab: Lab) -> None:
    with smtplib.SMTP(lab.host, lab.submission_port, timeout=30) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("starttls")
        assert not smtp.has_extn("auth")
        smtp.starttls(context=lab.ssl_context())
        smtp.ehlo()
        assert smtp.has_extn("auth")


def test_plain_submission_port_offers_auth_without_starttls(lab: Lab) -> None:
    alice = lab.new_user("alice")
    with smtplib.SMTP(lab.host, lab.plain_submission_port, timeout=30) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("starttls")
        assert "PLAIN" in smtp.esmtp_features["auth"].upper()
        smtp.login(alice.username, alice.password)  # the server really accepts it in the clear


def test_size_limit_of_at_least_60_mb_is_advertised(lab: Lab) -> None:
    with smtplib.SMTP_SSL(lab.host, lab.submissions_port, context=lab.ssl_context(), timeout=30) as smtp:
        smtp.ehlo()
        assert int(smtp.esmtp_features["size"]) >= 60 * 1000 * 1000


def test_failed_login_costs_no_penalty_and_new_users_work_at_once(lab: Lab) -> None:
    import time

    import imapclient

    user = lab.new_user()
    with imapclient.IMAPClient(
        lab.host, port=lab.imaps_port, ssl_context=lab.ssl_context(), timeout=30
    ) as client:
        try:
            client.login(user.username, "wrong password")
        except imapclient.exceptions.LoginError:
            pass
        else:
            raise AssertionError("a wrong password was accepted")
    started = time.monotonic()
    for _ in range(3):
        with lab.imap_client(lab.new_user()) as client:
            client.noop()
    assert time.monotonic() - started < 5, "logins after a failure are delayed (auth penalty on?)"


def test_special_use_folders_and_non_ascii_folder(lab: Lab) -> None:
    user = lab.new_user()
    lab.create_folder(user, "받은 편지함/보관")
    lab.deliver(user, b"Subject: kept\r\n\r\nbody\r\n", folder="받은 편지함/보관")
    with lab.imap_client(user) as client:
        folders = {name: flags for flags, _sep, name in client.list_folders()}
        assert b"\\Sent" in folders["Sent"] and b"\\Trash" in folders["Trash"]
        assert "받은 편지함/보관" in folders
    assert lab.wait_for_messages(user, 1, folder="받은 편지함/보관")[0].startswith(b"Subject: kept")


def test_condstore_switch(lab: Lab, lab_no_condstore: Lab) -> None:
    """The variant hides CONDSTORE/QRESYNC before and after login (Dovecot 2.3 still obeys an explicit
    ENABLE; a client that follows CAPABILITY, as it must, never uses them)."""
    import imapclient

    for current, expected in ((lab, True), (lab_no_condstore, False)):
        user = current.new_user()
        with imapclient.IMAPClient(
            current.host, port=current.imaps_port, ssl_context=current.ssl_context(), timeout=30
        ) as client:
            for logged_in in (False, True):
                if logged_in:
                    client.login(user.username, user.password)
                capabilities = set(client.capabilities())
                if logged_in or not expected:  # Dovecot's default pre-login list is short anyway
                    assert (b"CONDSTORE" in capabilities) is expected, (current.directory, logged_in)
                    assert (b"QRESYNC" in capabilities) is expected, (current.directory, logged_in)
                assert b"IDLE" in capabilities


def test_two_labs_side_by_side_and_restarting_each_server(lab: Lab, own_lab: Lab) -> None:
    assert own_lab.directory != lab.directory
    assert not {own_lab.imap_port, own_lab.submission_port} & {lab.imap_port, lab.submission_port}
    alice, bob = own_lab.new_user("alice"), own_lab.new_user("bob")
    message = build_message(alice, bob, "while dovecot was down")

    with submit_authenticated(own_lab, alice) as smtp:
        own_lab.stop_dovecot()  # after AUTH (SASL needs Dovecot), before the message: LMTP is gone
        with submit_authenticated(lab, lab.new_user()) as other:  # the other lab is unaffected
            other.noop()
        smtp.send_message(message)  # Postfix accepts it and defers delivery
    own_lab.start_dovecot()
    assert attachment_of(own_lab.wait_for_messages(bob, 1)[0]) == ATTACHMENT  # retried within seconds

    own_lab.stop_postfix()
    try:
        smtplib.SMTP(own_lab.host, own_lab.submission_port, timeout=5).quit()
    except OSError:
        pass
    else:
        raise AssertionError("postfix still answers after stop_postfix()")
    own_lab.start_postfix()
    with submit_authenticated(own_lab, alice) as smtp:
        smtp.send_message(build_message(alice, bob, "after restart"))
    assert len(own_lab.wait_for_messages(bob, 2)) == 2


def test_stop_kills_every_process_and_removes_the_directory() -> None:
    from tests.lab.processes import session_members

    started = Lab.start()
    sessions = [started.dovecot.master_pid, started.postfix.master_pid]
    with started.imap_client(started.new_user()) as client:
        client.noop()
    started.stop()
    leftovers = {pid: session_members(pid) for pid in sessions if pid is not None}
    assert None not in sessions
    assert not any(leftovers.values()), f"processes left behind: {leftovers}"
    assert not started.directory.exists()


def test_bulk_load_puts_thousands_in_seconds(lab: Lab) -> None:
    import time

    user = lab.new_user()
    messages = (
        f"From: bulk@example.test\r\nSubject: bulk {number}\r\nMessage-ID: <bulk-{number}@lab>\r\n\r\n"
        f"body {number}\r\n".encode()
        for number in range(5000)
    )
    started = time.monotonic()
    assert lab.bulk_load(user, messages, folder="Bulk") == 5000
    print(f"bulk_load of 5000 messages: {time.monotonic() - started:.2f} s")
    with lab.imap_client(user) as client:
        assert client.select_folder("Bulk", readonly=True)[b"EXISTS"] == 5000
        uids = client.search(["ALL"])
        sample = client.fetch(uids[-3:], ["RFC822.SIZE", "BODY.PEEK[]"])
        for data in sample.values():
            assert data[b"RFC822.SIZE"] == len(data[b"BODY[]"])
            assert data[b"BODY[]"].startswith(b"From: bulk@example.test\r\n")


def test_cutter_breaks_a_connection_mid_command(lab: Lab) -> None:
    import imapclient

    user = lab.new_user()
    lab.bulk_load(user, [b"Subject: big\r\n\r\n" + b"x" * 200 + b"\r\n"] * 50)
    cutter = lab.cutter(lab.imaps_port)
    client = imapclient.IMAPClient(lab.host, port=cutter.port, ssl_context=lab.ssl_context(), timeout=10)
    client.login(user.username, user.password)
    client.select_folder("INBOX")
    cutter.cut_after_bytes(500)  # the FETCH response is several KB: it is cut half way
    try:
        client.fetch("1:*", ["BODY.PEEK[]"])
    except (OSError, imapclient.exceptions.IMAPClientError, ssl.SSLError) as error:
        print(f"client saw: {error!r}")
    else:
        raise AssertionError("the fetch survived the cut")
    finally:
        close_quietly(client)
    assert cutter.cuts == 1

    cutter.pass_through()
    second = imapclient.IMAPClient(lab.host, port=cutter.port, ssl_context=lab.ssl_context(), timeout=10)
    second.login(user.username, user.password)
    assert cutter.cut() == 1
    try:
        second.noop()
    except (OSError, imapclient.exceptions.IMAPClientError, ssl.SSLError):
        pass
    else:
        raise AssertionError("the connection survived cut()")
    finally:
        close_quietly(second)
    cutter.close()


def close_quietly(client: object) -> None:
    import contextlib

    with contextlib.suppress(Exception):
        client.shutdown()  # type: ignore[attr-defined]


def test_idle_announces_new_mail(lab: Lab) -> None:
    user = lab.new_user()
    with lab.imap_client(user) as client:
        client.select_folder("INBOX")
        client.idle()
        try:
            lab.deliver_lmtp(user, b"Subject: ping\r\n\r\nhello\r\n")
            responses = client.idle_check(timeout=10)
        finally:
            client.idle_done()
    assert (1, b"EXISTS") in responses
