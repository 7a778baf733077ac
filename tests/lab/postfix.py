"""The lab's private Postfix: config, queue directory, start/stop by PID."""

from __future__ import annotations

import os
import pwd
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from tests.lab.errors import LabError
from tests.lab.processes import read_pid, run_daemon_starter, stop_session, wait_for_pid
from tests.lab.templates import render

SBIN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
MESSAGE_SIZE_LIMIT = 80 * 1024 * 1024  # a 25 MB attachment is ~34 MB once Base64-encoded
PLAIN_SIZE_LIMIT = 1_000_000  # the plain submission port plays a small server (no SMTPUTF8 either)


@dataclass
class PostfixPorts:
    submission: int
    submissions: int
    plain_submission: int


class Postfix:
    """One private Postfix instance: config in ``lab_dir/pf``, queue in ``lab_dir/pfq``."""

    def __init__(
        self,
        lab_dir: Path,
        ports: PostfixPorts,
        *,
        cert_path: Path,
        key_path: Path,
        domain: str,
        rejected_recipient: str,
    ) -> None:
        self.ports = ports
        self.config_dir = lab_dir / "pf"
        self.queue_dir = lab_dir / "pfq"
        self.data_dir = lab_dir / "pfdata"
        self.log_file = lab_dir / "postfix.log"
        self.master_pid: int | None = None
        postfix_user = pwd.getpwnam("postfix")
        self.config_dir.mkdir(mode=0o755)
        self.queue_dir.mkdir(mode=0o755)
        self.data_dir.mkdir(mode=0o700)
        os.chown(self.data_dir, postfix_user.pw_uid, postfix_user.pw_gid)
        # Dovecot puts its LMTP and auth sockets here before Postfix first starts.
        self.private_dir.mkdir(mode=0o700)
        os.chown(self.private_dir, postfix_user.pw_uid, postfix_user.pw_gid)
        values = {
            "queue_dir": self.queue_dir,
            "data_dir": self.data_dir,
            "config_dir": self.config_dir,
            "domain": domain,
            "cert_file": cert_path,
            "key_file": key_path,
            "log_file": self.log_file,
            "lab_dir": lab_dir,
            "message_size_limit": MESSAGE_SIZE_LIMIT,
            "plain_size_limit": PLAIN_SIZE_LIMIT,
            "submission_port": ports.submission,
            "submissions_port": ports.submissions,
            "plain_submission_port": ports.plain_submission,
        }
        (self.config_dir / "main.cf").write_text(render("main.cf", values))
        (self.config_dir / "master.cf").write_text(render("master.cf", values))
        (self.config_dir / "recipient_access").write_text(
            f"{rejected_recipient} 550 5.1.1 <{rejected_recipient}>: "
            "Recipient address rejected: no such user\n"
        )
        # Postfix (postmap too) waits for a main.cf younger than a second to settle, costing
        # ~2 s: backdate the files before any Postfix program reads them.
        past = time.time() - 60
        for name in ("main.cf", "master.cf", "recipient_access"):
            os.utime(self.config_dir / name, (past, past))
        self._recipient_rules: dict[str, str] = {}
        self._rules_version = 0
        self._write_recipient_rules()

    def set_recipient_rule(self, address: str, reply: str | None) -> None:
        """Answer ``RCPT TO:<address>`` with ``reply`` (e.g. "450 4.2.0 try later"); None: normal again.

        Takes effect for the next connection: each smtpd notices the rebuilt table and
        restarts before accepting one. Use a per-test address: the shared lab keeps its rules.
        """
        if "\n" in address or (reply is not None and "\n" in reply):
            raise ValueError("recipient rules are one line")
        if reply is None:
            self._recipient_rules.pop(address, None)
        else:
            self._recipient_rules[address] = reply
        self._write_recipient_rules()

    def _write_recipient_rules(self) -> None:
        source = self.config_dir / "recipient_rules"
        source.write_text("".join(f"{a} {r}\n" for a, r in self._recipient_rules.items()))
        postmap = shutil.which("postmap", path=SBIN_PATH)
        if postmap is None:
            raise LabError("postmap is not installed")
        code, output = run_daemon_starter([postmap, "-c", str(self.config_dir), f"hash:{source}"])
        if code != 0:
            raise LabError(f"postmap failed: {output}")
        # smtpd compares the table's mtime: make every version differ, even within one second.
        self._rules_version += 1
        stamp = time.time() - 3600 + self._rules_version
        os.utime(source.with_name("recipient_rules.db"), (stamp, stamp))

    @property
    def private_dir(self) -> Path:
        return self.queue_dir / "private"

    @property
    def running(self) -> bool:
        return self.master_pid is not None

    def start(self) -> None:
        binary = shutil.which("postfix", path=SBIN_PATH)
        if binary is None:
            raise LabError("postfix is not installed")
        code, output = run_daemon_starter([binary, "-c", str(self.config_dir), "start"])
        if code != 0:
            raise LabError(f"postfix failed to start: {output}\n{self.log_tail()}")
        self.master_pid = wait_for_pid(self.queue_dir / "pid" / "master.pid")
        if self.master_pid is None:
            raise LabError(f"postfix started but wrote no master.pid\n{self.log_tail()}")

    def stop(self) -> None:
        pid = self.master_pid or read_pid(self.queue_dir / "pid" / "master.pid")
        if pid is not None:
            stop_session(pid)
        self.master_pid = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""
