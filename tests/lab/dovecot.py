"""The lab's private Dovecot: config, start/stop by PID, doveadm."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tests.lab.errors import LabError
from tests.lab.processes import read_pid, run_daemon_starter, stop_session, wait_for_pid
from tests.lab.templates import render

SBIN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"

# Dovecot 2.3.19's default post-login capabilities minus CONDSTORE and QRESYNC.
CAPABILITIES_WITHOUT_CONDSTORE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS "
    "THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS "
    "LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE "
    "SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE"
)
DEFAULT_CAPABILITIES = CAPABILITIES_WITHOUT_CONDSTORE + " CONDSTORE QRESYNC"


def capabilities_without(hidden: Iterable[str]) -> str:
    """Dovecot's default post-login list minus ``hidden``, for ``imap_capability``.

    Dovecot still obeys a hidden extension's commands (and still sends COPYUID); clients go
    by CAPABILITY, so to them the lab plays a server without those extensions.
    """
    gone = {name.upper() for name in hidden}
    return " ".join(c for c in DEFAULT_CAPABILITIES.split() if c.upper() not in gone)


def find_binary(name: str) -> str | None:
    return shutil.which(name, path=SBIN_PATH)


@dataclass
class DovecotPorts:
    imap: int
    imaps: int
    pop3: int
    pop3s: int


class Dovecot:
    """One private Dovecot instance living entirely under ``lab_dir``."""

    def __init__(
        self,
        lab_dir: Path,
        ports: DovecotPorts,
        *,
        cert_path: Path,
        key_path: Path,
        users_dir: Path,
        postfix_private_dir: Path,
        domain: str,
        mail_uid: int,
        condstore: bool,
        apop: bool = False,
        hidden_capabilities: Iterable[str] = (),
    ) -> None:
        self.lab_dir = lab_dir
        self.ports = ports
        self.config_file = lab_dir / "dovecot.conf"
        self.run_dir = lab_dir / "dv"
        self.state_dir = lab_dir / "dvstate"
        self.log_file = lab_dir / "dovecot.log"
        self.lmtp_socket = self.run_dir / "lmtp"
        self.master_pid: int | None = None
        hidden = {*hidden_capabilities, *(() if condstore else ("CONDSTORE", "QRESYNC"))}
        capability = f"imap_capability = {capabilities_without(hidden)}" if hidden else ""
        values = {
            "instance": f"qtlab-{lab_dir.name}",
            "run_dir": self.run_dir,
            "state_dir": self.state_dir,
            "log_file": self.log_file,
            "cert_file": cert_path,
            "key_file": key_path,
            "users_dir": users_dir,
            "mail_uid": mail_uid,
            "mail_gid": mail_uid,
            "imap_capability": capability,
            # APOP needs the plaintext password, which the lab's passwd-files hold ({PLAIN}).
            "auth_mechanisms": "plain login apop" if apop else "plain login",
            "imap_port": ports.imap,
            "imaps_port": ports.imaps,
            "pop3_port": ports.pop3,
            "pop3s_port": ports.pop3s,
            "postfix_lmtp_socket": postfix_private_dir / "dovecot-lmtp",
            "postfix_auth_socket": postfix_private_dir / "auth",
            "domain": domain,
        }
        self.config_file.write_text(render("dovecot.conf", values))
        for directory in (self.run_dir, self.state_dir):
            directory.mkdir(mode=0o755, exist_ok=True)
        self.log_file.touch()

    def start(self) -> None:
        binary = find_binary("dovecot")
        if binary is None:
            raise LabError("dovecot is not installed")
        # A stale penalty socket from an earlier run would bring the auth delays back.
        (self.run_dir / "anvil-auth-penalty").unlink(missing_ok=True)
        code, output = run_daemon_starter([binary, "-c", str(self.config_file)])
        if code != 0:
            raise LabError(f"dovecot failed to start: {output}\n{self.log_tail()}")
        self.master_pid = wait_for_pid(self.run_dir / "master.pid")
        if self.master_pid is None:
            raise LabError(f"dovecot started but wrote no master.pid\n{self.log_tail()}")
        self._wait_for_greeting(self.ports.imap, b"* OK")

    def stop(self) -> None:
        pid = self.master_pid or read_pid(self.run_dir / "master.pid")
        if pid is not None:
            stop_session(pid)
        self.master_pid = None

    @property
    def running(self) -> bool:
        return self.master_pid is not None

    def doveadm(self, *args: str, user: str | None = None, stdin: bytes | None = None) -> bytes:
        """Run ``doveadm`` against this instance; raise LabError with its stderr on failure."""
        binary = find_binary("doveadm")
        if binary is None:
            raise LabError("doveadm is not installed")
        words = (
            2 if args[0] in ("mailbox", "acl", "fts", "quota") else 1
        )  # "mailbox create" takes -u after both
        command = [binary, "-c", str(self.config_file), *args[:words]]
        if user is not None:
            command += ["-u", user]
        command += list(args[words:])
        result = subprocess.run(command, input=stdin, capture_output=True)
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip()
            raise LabError(f"doveadm {' '.join(args[:2])} failed: {message}")
        return result.stdout

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def _wait_for_greeting(self, port: int, prefix: bytes, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
                    if sock.recv(256).startswith(prefix):
                        return
            except OSError as error:
                last_error = error
            time.sleep(0.02)
        raise LabError(f"dovecot gave no greeting on port {port}: {last_error}\n{self.log_tail()}")
