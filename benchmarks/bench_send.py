"""Benchmark sending a 25 MB attachment through the lab Postfix (issue 6; target: at most 1.3x).

Measured in one run, each as a whole process, alternating, median of ``--rounds``:

* ``qtmail send --now``: build the MIME message, commit it to the outbox, send it (STARTTLS,
  AUTH), record it and store the Sent copy — everything the command does;
* the baseline: a bare ``smtplib`` process sending the prebuilt bytes of the same message
  (``qtmail build`` output) over the same STARTTLS submission port with the same login;
* for reference, the same bare smtplib send timed inside this process (no interpreter start),
  and ``compose()`` alone in this process next to plain ``base64.encodebytes`` of the attachment.

All processes run from compiled bytecode, as an installed copy does (see ``_use_bytecode``).

Two qtmail figures are printed: an IMAP account (its Sent copy is a second 34 MB upload, an
IMAP APPEND, that the baseline does not do) and a POP3 account (its Sent copy is local).

    .venv/bin/python benchmarks/bench_send.py [--size-mb 25] [--rounds 3]
"""

from __future__ import annotations

import argparse
import base64
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from qtmail.core.mime import Address, Attachment, OutgoingMessage, compose  # noqa: E402
from tests.lab import Lab  # noqa: E402

TARGET = 1.3
BARE_SEND = """
import smtplib, ssl, sys
host, port, cafile, user, password, sender, rcpt, path = sys.argv[1:9]
data = open(path, "rb").read()
with smtplib.SMTP(host, int(port), timeout=60) as smtp:
    smtp.starttls(context=ssl.create_default_context(cafile=cafile))
    smtp.login(user, password)
    smtp.sendmail(sender, [rcpt], data)
"""


def _qtmail(profile: Path, env: dict[str, str], *args: str, password: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(profile), *args],
        input=password + "\n", capture_output=True, text=True, env=env, cwd=REPO,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"qtmail {args[0]} failed ({result.returncode}): {result.stderr}")
    return elapsed


def _use_bytecode(env: dict[str, str], prefix: Path) -> None:
    """Run every process as an installed app runs: from compiled bytecode (kept outside the tree).

    With PYTHONDONTWRITEBYTECODE set (as in our dev shells) each ``qtmail`` process would
    compile its ~60 modules from source again, a cost no installed copy pays; the baseline
    imports only the stdlib, whose bytecode is always there.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "qtmail")], env=env, check=True)


def _add_account(lab: Lab, user: Any, profile: Path, env: dict[str, str], incoming: str) -> None:
    port = lab.imaps_port if incoming == "imap" else lab.pop3s_port
    _qtmail(
        profile, env, "accounts", "add", "bench",
        "--address", user.address, "--incoming", incoming, "--in-host", lab.host, "--in-port", str(port),
        "--in-user", user.username, "--smtp-host", lab.host, "--smtp-port", str(lab.submission_port),
        "--smtp-security", "starttls", "--smtp-user", user.username,
        "--trust-fingerprint", lab.cert_fingerprint, "--password-stdin",
        password=user.password,
    )  # fmt: skip


def _count(lab: Lab, user: Any, folder: str = "INBOX") -> int:
    with lab.imap_client(user) as client:
        return int(client.select_folder(folder, readonly=True)[b"EXISTS"])


def _wait_delivered(lab: Lab, user: Any, count: int, timeout: float = 120) -> None:
    """Let Postfix finish delivering before the next round, so rounds do not overlap."""
    deadline = time.monotonic() + timeout
    while _count(lab, user) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"delivery did not finish\n{lab.logs(tail=20)}")
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=float, default=25.0)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-send-") as tmp, Lab.start() as lab:
        work = Path(tmp)
        sender_imap, sender_pop, bob = lab.new_user("alice"), lab.new_user("carol"), lab.new_user("bob")
        time.sleep(1.1)  # Dovecot re-reads its passwd-file at most once a second
        env = {k: v for k, v in os.environ.items() if not k.startswith("QTMAIL_")}
        env.update({"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": tmp})
        _use_bytecode(env, work / "pycache")
        profiles = {"imap": work / "p-imap", "pop3": work / "p-pop3"}
        _add_account(lab, sender_imap, profiles["imap"], env, "imap")
        _add_account(lab, sender_pop, profiles["pop3"], env, "pop3")

        attachment = work / "video.bin"
        attachment.write_bytes(os.urandom(int(options.size_mb * 1_000_000)))
        message_args = ["--to", bob.address, "--subject", "25 MB benchmark", "--body", "see attachment",
                        "--attach", str(attachment)]  # fmt: skip
        prebuilt = work / "prebuilt.eml"
        build = subprocess.run(
            [sys.executable, "-m", "qtmail", "build", "--from", sender_imap.address, *message_args,
             "-o", str(prebuilt)], env=env, cwd=REPO, capture_output=True, text=True,
        )  # fmt: skip
        if build.returncode != 0:
            raise SystemExit(build.stderr)
        wire = prebuilt.read_bytes()
        bare_args = [lab.host, str(lab.submission_port), str(lab.cert_path), sender_imap.username,
                     sender_imap.password, sender_imap.address, bob.address, str(prebuilt)]  # fmt: skip

        times: dict[str, list[float]] = {
            "bare": [], "bare-inproc": [], "imap": [], "pop3": [], "build": [], "compose": [], "encode": []
        }  # fmt: skip
        data = attachment.read_bytes()
        outgoing = OutgoingMessage(
            from_=Address("", sender_imap.address), to=[Address("", bob.address)], subject="25 MB benchmark",
            text="see attachment", attachments=[Attachment(attachment.name, data)],
        )  # fmt: skip
        delivered = 0
        for _ in range(options.rounds):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "qtmail", "build", "--from", sender_imap.address, *message_args,
                 "-o", str(work / "again.eml")], env=env, cwd=REPO, check=True,
            )  # fmt: skip
            times["build"].append(time.perf_counter() - started)

            started = time.perf_counter()
            compose(outgoing)
            times["compose"].append(time.perf_counter() - started)
            started = time.perf_counter()
            base64.encodebytes(data)
            times["encode"].append(time.perf_counter() - started)

            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", BARE_SEND, *bare_args], check=True)
            times["bare"].append(time.perf_counter() - started)
            delivered += 1
            _wait_delivered(lab, bob, delivered)

            started = time.perf_counter()
            with smtplib.SMTP(lab.host, lab.submission_port, timeout=60) as smtp:
                smtp.starttls(context=lab.ssl_context())
                smtp.login(sender_imap.username, sender_imap.password)
                smtp.sendmail(sender_imap.address, [bob.address], wire)
            times["bare-inproc"].append(time.perf_counter() - started)
            delivered += 1
            _wait_delivered(lab, bob, delivered)

            for kind, user in (("imap", sender_imap), ("pop3", sender_pop)):
                times[kind].append(
                    _qtmail(
                        profiles[kind],
                        env,
                        "send",
                        "--account",
                        "bench",
                        "--now",
                        "--password-stdin",
                        *message_args,
                        password=user.password,
                    )
                )
                delivered += 1
                _wait_delivered(lab, bob, delivered)

        assert _count(lab, sender_imap, "Sent") == options.rounds, "one Sent copy per send"
        median = {key: statistics.median(values) for key, values in times.items()}
        print(f"message: {len(wire) / 1e6:.1f} MB on the wire ({options.size_mb:g} MB attachment), "
              f"{options.rounds} rounds, medians")  # fmt: skip
        print(f"  baseline: bare smtplib process, prebuilt bytes     {median['bare']:6.2f} s")
        print(f"  (bare smtplib inside this process                  {median['bare-inproc']:6.2f} s)")
        for kind, label in (
            ("pop3", "POP3 account, local Sent copy"),
            ("imap", "IMAP account, Sent APPEND  "),
        ):
            ratio = median[kind] / median["bare"]
            verdict = "ok" if ratio <= TARGET else "over target"
            print(f"  qtmail send --now, {label}  {median[kind]:6.2f} s  = {ratio:.2f}x baseline "
                  f"(target <= {TARGET}x: {verdict})")  # fmt: skip
        # Where the time goes: building the message (the MIME engine) is measured on its own.
        rest = median["pop3"] - median["build"]
        print(f"  of which qtmail build (start-up + compose + write)  {median['build']:6.2f} s")
        print(f"  send --now (POP3) minus build: outbox, SMTP, Sent   {rest:6.2f} s  = "
              f"{rest / median['bare']:.2f}x baseline")  # fmt: skip
        print(f"  compose() in this process {median['compose']:6.3f} s, next to bare "
              f"base64.encodebytes of the attachment {median['encode']:6.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
