"""The private mail lab: a Dovecot and a Postfix of our own, on free loopback ports, in a temp dir.

Everything (config, sockets, queue, mail, logs) lives under one short ``mkdtemp`` directory, so two
labs run side by side and teardown is "stop both masters by PID, delete the directory".
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import os
import secrets
import shutil
import smtplib
import ssl
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import imapclient

from tests.lab.certs import make_certificate
from tests.lab.cutter import ConnectionCutter
from tests.lab.dovecot import Dovecot, DovecotPorts, find_binary
from tests.lab.errors import LabError
from tests.lab.ports import release_ports, reserve_ports
from tests.lab.postfix import MESSAGE_SIZE_LIMIT, Postfix, PostfixPorts
from tests.lab.processes import read_pid, stop_session

MAIL_UID = 5000  # an unused normal uid/gid owning all lab mail; Dovecot refuses to serve mail as root
START_ATTEMPTS = 4  # a free port can be taken between picking and binding it: retry with new ports
LAB_PREFIX = "qtlab-"
OWNER_FILE = "owner.pid"  # the process that started the lab; when it is gone, the lab is stale


@dataclass(frozen=True)
class LabUser:
    username: str
    password: str
    address: str


@dataclass(frozen=True)
class LogMark:
    dovecot: int
    postfix: int


class Lab:
    host = "127.0.0.1"
    domain = "example.test"
    message_size_limit = MESSAGE_SIZE_LIMIT

    def __init__(
        self, directory: Path, condstore: bool, apop: bool = False, hidden_capabilities: tuple[str, ...] = ()
    ) -> None:
        self.directory = directory
        self.condstore = condstore
        self.apop = apop
        self.hidden_capabilities = hidden_capabilities
        self.rejected_recipient = f"rejected@{self.domain}"
        self.mail_dir = directory / "mail"
        self.users_dir = directory / "users"
        self._users: dict[str, LabUser] = {}
        self._counter = itertools.count(1)
        self._users_lock = threading.Lock()
        self._cutters: list[ConnectionCutter] = []
        self._ports = reserve_ports(7)  # ours until stop(), even while a server is stopped
        (
            self.imap_port, self.imaps_port, self.pop3_port, self.pop3s_port,
            self.submission_port, self.submissions_port, self.plain_submission_port,
        ) = self._ports  # fmt: skip
        try:
            self._set_up(directory, condstore, apop, hidden_capabilities)
        except BaseException:
            release_ports(self._ports)
            raise

    def _set_up(
        self, directory: Path, condstore: bool, apop: bool, hidden_capabilities: tuple[str, ...]
    ) -> None:
        certificate = make_certificate(directory / "tls")
        self.cert_path = certificate.cert_path
        self.cert_fingerprint = certificate.fingerprint
        self.mail_dir.mkdir(mode=0o755)
        os.chown(self.mail_dir, MAIL_UID, MAIL_UID)
        self.users_dir.mkdir(mode=0o755)
        self.postfix = Postfix(
            directory,
            PostfixPorts(self.submission_port, self.submissions_port, self.plain_submission_port),
            cert_path=certificate.cert_path,
            key_path=certificate.key_path,
            domain=self.domain,
            rejected_recipient=self.rejected_recipient,
        )
        self.dovecot = Dovecot(
            directory,
            DovecotPorts(self.imap_port, self.imaps_port, self.pop3_port, self.pop3s_port),
            cert_path=certificate.cert_path,
            key_path=certificate.key_path,
            users_dir=self.users_dir,
            postfix_private_dir=self.postfix.private_dir,
            domain=self.domain,
            mail_uid=MAIL_UID,
            condstore=condstore,
            apop=apop,
            hidden_capabilities=hidden_capabilities,
        )

    # ----------------------------------------------------------------- life cycle

    @classmethod
    def start(
        cls,
        tmp_root: Path | None = None,
        condstore: bool = True,
        apop: bool = False,
        hidden_capabilities: tuple[str, ...] = (),
    ) -> Lab:
        """Start a fresh lab; a failed start is retried with new ports and a new directory.

        ``apop=True``: Dovecot also offers APOP (a timestamp in the POP3 greeting).
        ``hidden_capabilities``: IMAP extensions Dovecot does not announce (``("UIDPLUS", "MOVE")``).
        """
        problems = missing_tools()
        if problems:
            raise LabError("cannot start the mail lab: " + "; ".join(problems))
        root = Path(tmp_root or "/tmp")
        reap_stale_labs(root)
        last_error: LabError | None = None
        for _ in range(START_ATTEMPTS):
            directory = Path(tempfile.mkdtemp(prefix=LAB_PREFIX, dir=str(root)))
            directory.chmod(0o755)
            (directory / OWNER_FILE).write_text(f"{os.getpid()}\n")
            lab: Lab | None = None
            try:
                lab = cls(directory, condstore, apop, hidden_capabilities)
                lab.dovecot.start()
                lab.postfix.start()
                return lab
            except BaseException as error:
                if lab is not None:
                    lab.stop()
                else:
                    shutil.rmtree(directory, ignore_errors=True)
                # A port taken between picking and binding, or a daemon that died at start on a
                # loaded machine: both deserve a fresh try with new ports and a new directory.
                if not isinstance(error, LabError):
                    raise
                last_error = error
        assert last_error is not None
        raise last_error

    def stop(self) -> None:
        """Stop every process this lab started (by PID) and delete its directory."""
        for cutter in self._cutters:
            cutter.close()
        self._cutters.clear()
        try:
            self.postfix.stop()
        finally:
            self.dovecot.stop()
            shutil.rmtree(self.directory, ignore_errors=True)
            release_ports(self._ports)

    def __enter__(self) -> Lab:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop_postfix(self) -> None:
        self.postfix.stop()

    def start_postfix(self) -> None:
        self.postfix.start()

    def stop_dovecot(self) -> None:
        self.dovecot.stop()

    def start_dovecot(self) -> None:
        self.dovecot.start()

    # ----------------------------------------------------------------- users and mail

    def new_user(
        self, name: str | None = None, password: str | None = None, *, hashed: bool = False
    ) -> LabUser:
        """A user unique to this call (``alice-3``), usable at once for IMAP, POP3 and SMTP AUTH.

        ``hashed=True`` keeps only a salted hash of the password, as many real servers do: then
        APOP (which needs the password itself) fails for this user while USER/PASS works.
        """
        base = (name or "user").lower()
        if not base.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"user name {base!r}: use letters, digits, '-', '_' or '.'")
        with self._users_lock:
            username = f"{base}-{next(self._counter)}"
            user = LabUser(username, password or secrets.token_urlsafe(12), f"{username}@{self.domain}")
            if ":" in user.password or "\n" in user.password:
                raise ValueError("lab passwords cannot contain ':' or newlines (passwd-file format)")
            home = self.mail_dir / username
            home.mkdir(mode=0o700)
            os.chown(home, MAIL_UID, MAIL_UID)
            self._users[username] = user
            self._write_user(user, hashed=hashed)
        return user

    def deliver(self, user: LabUser, raw: bytes, folder: str = "INBOX") -> None:
        """Store one message as-is (``doveadm save``: no Received/Return-Path added), creating the folder."""
        if folder.upper() != "INBOX":
            self._ensure_folder(user, folder)
        self.dovecot.doveadm("save", "-m", folder, user=user.username, stdin=raw)

    def deliver_lmtp(self, user: LabUser, raw: bytes, sender: str = "") -> None:
        """Deliver to the INBOX the way Postfix does, through Dovecot's LMTP socket."""
        with smtplib.LMTP(str(self.dovecot.lmtp_socket)) as lmtp:
            lmtp.sendmail(sender or f"lab@{self.domain}", [user.address], raw)

    def create_folder(self, user: LabUser, name: str) -> None:
        """Create (and subscribe) a folder; parents are created too, non-ASCII names are fine."""
        self.dovecot.doveadm("mailbox", "create", "-s", name, user=user.username)

    def bulk_load(self, user: LabUser, messages: Iterable[bytes], folder: str = "INBOX") -> int:
        """Put many messages in at once: write Maildir files directly, then let Dovecot index them."""
        self._ensure_folder(user, folder)
        # Let Dovecot create the Maildir (as the mail uid) before we add files to it.
        self.dovecot.doveadm("mailbox", "status", "messages", folder, user=user.username)
        path = Path(self.dovecot.doveadm("mailbox", "path", folder, user=user.username)
                    .decode().strip())  # fmt: skip
        cur = path / "cur"
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
            os.chown(path / sub, MAIL_UID, MAIL_UID)
        stamp = int(time.time())
        prefix = f"{stamp}.M{secrets.token_hex(4)}P{os.getpid()}"
        count = 0
        with ThreadPoolExecutor(max_workers=4) as pool:  # file creation is syscall-bound: overlap it
            batch: list[tuple[Path, bytes]] = []
            futures = []
            for count, raw in enumerate(messages, start=1):
                body = raw.replace(b"\r\n", b"\n")  # Dovecot's own Maildir files use LF line ends
                virtual_size = len(body) + body.count(b"\n")  # the size with CRLF, as IMAP reports it
                # Zero-padded sequence: Dovecot gives UIDs in file-name order, so the order is kept.
                batch.append((cur / f"{prefix}Q{count:09d}.lab,S={len(body)},W={virtual_size}:2,", body))
                if len(batch) >= 500:
                    futures.append(pool.submit(_write_mail_files, batch))
                    batch = []
            futures.append(pool.submit(_write_mail_files, batch))
            for future in futures:
                future.result()
        self.dovecot.doveadm("force-resync", folder, user=user.username)
        self.dovecot.doveadm("mailbox", "status", "messages", folder, user=user.username)  # index now
        return count

    def imap_client(self, user: LabUser, ssl: bool = True, timeout: float = 30) -> imapclient.IMAPClient:
        """A logged-in IMAPClient (implicit TLS, or STARTTLS when ``ssl=False``) that checks the lab cert."""
        context = self.ssl_context()
        if ssl:
            client = imapclient.IMAPClient(
                self.host, port=self.imaps_port, ssl=True, ssl_context=context, timeout=timeout
            )
        else:
            client = imapclient.IMAPClient(self.host, port=self.imap_port, ssl=False, timeout=timeout)
            client.starttls(context)
        client.login(user.username, user.password)
        return client

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts exactly this lab's certificate."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def wait_for_messages(
        self, user: LabUser, count: int, folder: str = "INBOX", timeout: float = 20
    ) -> list[bytes]:
        """Poll over IMAP until ``folder`` holds at least ``count`` messages; return them raw, by UID."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self.imap_client(user) as client:
            while True:
                with contextlib.suppress(imapclient.exceptions.IMAPClientError):
                    seen = client.select_folder(folder, readonly=True)[b"EXISTS"]
                    if seen >= count:
                        fetched = client.fetch(client.search(["ALL"]), ["BODY.PEEK[]"])
                        return [fetched[uid][b"BODY[]"] for uid in sorted(fetched)]
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"{user.username}/{folder}: {seen} of {count} messages after {timeout:.0f} s\n"
                        + self.logs(tail=30)
                    )
                time.sleep(0.05)

    # ----------------------------------------------------------------- diagnostics

    def cutter(self, target_port: int) -> ConnectionCutter:
        """A proxy in front of ``target_port`` that can cut connections; closed with the lab."""
        cutter = ConnectionCutter(target_port, self.host)
        self._cutters.append(cutter)
        return cutter

    def log_mark(self) -> LogMark:
        return LogMark(_size(self.dovecot.log_file), _size(self.postfix.log_file))

    def logs(self, since: LogMark | None = None, tail: int | None = None) -> str:
        """Dovecot and Postfix logs (all, since a mark, or the last ``tail`` lines of each)."""
        parts = []
        for title, path, offset in (
            ("dovecot", self.dovecot.log_file, since.dovecot if since else 0),
            ("postfix", self.postfix.log_file, since.postfix if since else 0),
        ):
            text = _read_from(path, offset)
            if tail is not None:
                text = "\n".join(text.splitlines()[-tail:])
            parts.append(f"----- {title} log ({path}) -----\n{text}")
        return "\n".join(parts)

    def describe(self) -> Iterator[str]:
        """Human-readable lines: ports, certificate, domain."""
        yield f"lab directory       {self.directory}"
        yield f"IMAP (STARTTLS)     {self.host}:{self.imap_port}"
        yield f"IMAPS               {self.host}:{self.imaps_port}"
        yield f"POP3 (STLS)         {self.host}:{self.pop3_port}"
        yield f"POP3S               {self.host}:{self.pop3s_port}"
        yield f"submission (STARTTLS, AUTH after TLS)  {self.host}:{self.submission_port}"
        yield f"submissions (implicit TLS)             {self.host}:{self.submissions_port}"
        yield f"plain submission (no STARTTLS)         {self.host}:{self.plain_submission_port}"
        yield f"certificate         {self.cert_path}"
        yield f"SHA-256 fingerprint {self.cert_fingerprint}"
        yield f"domain              {self.domain} (refused at RCPT: {self.rejected_recipient})"
        yield f"CONDSTORE/QRESYNC   {'on' if self.condstore else 'off'}"
        yield f"IMAP hidden         {' '.join(self.hidden_capabilities) or '-'}"
        yield f"POP3 APOP           {'on' if self.apop else 'off'}"

    # ----------------------------------------------------------------- internals

    def _ensure_folder(self, user: LabUser, folder: str) -> None:
        if folder.upper() == "INBOX":
            return
        with contextlib.suppress(LabError):
            self.create_folder(user, folder)  # fails harmlessly when it exists

    def _write_user(self, user: LabUser, *, hashed: bool = False) -> None:
        """Write the user's passwd-file line (its own file, atomically; see dovecot.conf)."""
        home = self.mail_dir / user.username
        secret = _ssha256(user.password) if hashed else f"{{PLAIN}}{user.password}"
        line = f"{user.username}:{secret}:{MAIL_UID}:{MAIL_UID}::{home}::\n"
        target = self.users_dir / user.username
        temporary = target.with_suffix(".new")
        temporary.write_text(line)
        temporary.chmod(0o644)
        temporary.replace(target)


def missing_tools() -> list[str]:
    """Why the lab cannot run here (empty when it can)."""
    problems = [f"{name} is not installed" for name in ("dovecot", "doveadm", "postfix", "openssl")
                if find_binary(name) is None]  # fmt: skip
    if os.geteuid() != 0:
        problems.append("the lab must run as root (Dovecot and Postfix drop privileges themselves)")
    return problems


def _ssha256(password: str) -> str:
    """Dovecot's {SSHA256} scheme: base64 of SHA-256(password + salt) followed by the salt."""
    salt = secrets.token_bytes(8)
    digest = hashlib.sha256(password.encode() + salt).digest()
    return "{SSHA256}" + base64.b64encode(digest + salt).decode("ascii")


def _write_mail_files(files: list[tuple[Path, bytes]]) -> None:
    for path, body in files:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view) :]
            os.fchown(fd, MAIL_UID, MAIL_UID)
        finally:
            os.close(fd)


def reap_stale_labs(root: Path) -> None:
    """Stop and delete labs whose starting process died without teardown (e.g. a killed xdist worker)."""
    for directory in root.glob(f"{LAB_PREFIX}*"):
        owner = read_pid(directory / OWNER_FILE)
        if owner is None or _alive(owner):
            continue
        for pid_file in (directory / "dv" / "master.pid", directory / "pfq" / "pid" / "master.pid"):
            pid = read_pid(pid_file)
            if pid is not None:
                stop_session(pid)
        shutil.rmtree(directory, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")
    except FileNotFoundError:
        return ""
