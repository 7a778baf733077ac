"""Shared helpers for the accounts integration tests: run ``qtmail`` as a subprocess with a test keyring."""

from __future__ import annotations

import http.server
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from qtmail.core.accounts import Protocol, Security, ServerSettings

KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"
LAB_CONFIG_XML = """<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.test">
  <domain>example.test</domain><displayName>Lab Mail</displayName>
  <incomingServer type="imap"><hostname>{host}</hostname><port>{imaps}</port><socketType>SSL</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>{host}</hostname><port>{submission}</port>
    <socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>
"""


def lab_config_xml(lab: Any) -> bytes:
    """A Thunderbird autoconfig file naming the lab's IMAPS and submission (STARTTLS) ports."""
    return LAB_CONFIG_XML.format(host=lab.host, imaps=lab.imaps_port, submission=lab.submission_port).encode()


@contextmanager
def serve_config(
    body: bytes, *, only_path: str | None = None, tls: ssl.SSLContext | None = None
) -> Iterator[tuple[str, list[str]]]:
    """Serve ``body`` as XML on 127.0.0.1 (HTTPS with ``tls``); yields the base URL and the paths asked for.

    With ``only_path`` other paths get 404, so a test sees which URLs were tried in which order.
    """
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            if only_path is not None and not self.path.startswith(only_path):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def qtmail_env(keyring_home: Path, **extra: str) -> dict[str, str]:
    """An environment whose keyring file lives in ``keyring_home`` and whose lookups stay on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QTMAIL_", "SSL_CERT"))}
    env.update(
        {
            "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
            "XDG_DATA_HOME": str(keyring_home),
            # Never look anything up on the real network: no autoconfig URLs, no guessed names.
            "QTMAIL_AUTOCONFIG_URLS": "",
            "QTMAIL_PROBE_HOST_MAP": "",
            "QTMAIL_AUTOCONFIG_TIMEOUT": "10",
        }
    )
    env.update(extra)
    return env


def run_qtmail(
    profile: Path, env: dict[str, str], *args: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qtmail", "--profile", str(profile), *args],
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def lab_server(lab: Any, user: Any, protocol: str, port: int, security: str = "tls") -> ServerSettings:
    """One of the lab's servers as ``user`` signs in to it, trusting the lab's certificate."""
    return ServerSettings(
        cast(Protocol, protocol),
        lab.host,
        port,
        cast(Security, security),
        user.username,
        trusted_fingerprints=(lab.cert_fingerprint,),
    )


def server_args(
    lab: Any,
    address: str,
    *,
    incoming: str = "imap",
    in_port: int,
    in_security: str | None,
    smtp_port: int,
    smtp_security: str | None,
    fingerprint: str | None = None,
    username: str | None = None,
) -> list[str]:
    """`accounts add` flags for one of the lab's incoming servers and one of its submission ports
    (a security of None leaves the flag out, so the CLI's default applies)."""
    args = ["--address", address, "--incoming", incoming, "--in-host", lab.host, "--in-port", str(in_port)]
    if in_security is not None:  # None: the CLI's default
        args += ["--in-security", in_security]
    args += ["--smtp-host", lab.host, "--smtp-port", str(smtp_port)]
    if smtp_security is not None:
        args += ["--smtp-security", smtp_security]
    if username is not None:
        args += ["--in-user", username, "--smtp-user", username]
    if fingerprint:
        args += ["--trust-fingerprint", fingerprint]
    return args


def imap_tls_args(
    lab: Any, address: str, fingerprint: str | None = None, *, username: str | None = None
) -> list[str]:
    """`accounts add` flags for the lab's IMAP (implicit TLS) + submission (STARTTLS)."""
    return server_args(
        lab,
        address,
        in_port=lab.imaps_port,
        in_security="tls",
        smtp_port=lab.submission_port,
        smtp_security="starttls",
        fingerprint=fingerprint,
        username=username,
    )


def add_account(
    profile: Path, env: dict[str, str], name: str, *args: str, password: str
) -> subprocess.CompletedProcess[str]:
    """`qtmail accounts add NAME ARGS --password-stdin` with ``password`` on standard input."""
    return run_qtmail(profile, env, "accounts", "add", name, *args, "--password-stdin", password=password)


def ready_user(lab: Any, name: str, password: str | None = None) -> Any:
    """``lab.new_user`` that returns once Dovecot accepts the login."""
    user = lab.new_user(name, password) if password else lab.new_user(name)
    return wait_until_login_works(lab, user)


def wait_until_login_works(lab: Any, user: Any) -> Any:
    """Return ``user`` once Dovecot accepts its login (LOGIN, or AUTHENTICATE PLAIN when not ASCII).

    Dovecot re-reads its passwd-file at most once a second, so a user made right after another
    lookup can be unknown for up to a second; poll a real login instead of sleeping blindly.
    """
    import imaplib
    import time

    deadline = time.monotonic() + 10
    while True:
        client = imaplib.IMAP4(lab.host, lab.imap_port, timeout=10)
        try:
            if user.password.isascii():
                client.login(user.username, user.password)
            else:
                client.authenticate("PLAIN", lambda _: f"\0{user.username}\0{user.password}".encode())
        except imaplib.IMAP4.error:
            client.shutdown()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
            continue
        except BaseException:
            client.shutdown()
            raise
        client.logout()
        return user
