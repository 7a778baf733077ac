"""Passwords: the system keyring, with an in-memory cache for the session.

One keyring entry per account and server: service ``qtmail:<profile-id>``,
user name ``<account-id>:incoming`` or ``<account-id>:smtp``. The profile id is
generated once per profile (``Profile.profile_id_file``), so two profiles never
share or overwrite each other's entries.

When no usable keyring exists (headless Linux without Secret Service) we say
so with MailError(CONFIG) and never fall back to a plaintext file on our own:
keyrings.alt's file backends count only when chosen explicitly (through
``PYTHON_KEYRING_BACKEND`` or keyring's own config file). The GUI then keeps
passwords in :class:`SessionPasswords`; the CLI reads ``--password-stdin``.
"""

from __future__ import annotations

import os
import secrets
import threading
from types import ModuleType
from typing import Any, Final

from qtmail.core.accounts import SERVER_ROLES, Account, ServerRole
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.fileio import write_file_atomically
from qtmail.core.profile import Profile

SERVICE_PREFIX: Final = "qtmail:"
NO_KEYRING_MESSAGE: Final = (
    "No system keyring is available to store passwords (for example no Secret Service on this desktop); "
    "use --password-stdin, or choose a backend with PYTHON_KEYRING_BACKEND"
)


def _keyring() -> ModuleType:
    """The keyring package, imported on first use.

    Why lazily: importing it costs ~25 ms (entry points, backends), which every
    ``qtmail send --password-stdin`` would pay without ever touching a keyring.
    """
    import keyring
    import keyring.errors

    return keyring


def profile_id(profile: Profile) -> str:
    """The profile's own id, created on first use and kept in ``profile_id_file``."""
    path = profile.profile_id_file
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise MailError(ErrorKind.STORAGE, f"cannot read {path}: {exc}") from None
    if value:
        if not all(ch in "0123456789abcdef" for ch in value):
            # Making a new id would silently orphan every stored password.
            raise MailError(
                ErrorKind.CONFIG, f"{path} is damaged; restore it or remove it and set the passwords again"
            )
        return value
    value = secrets.token_hex(16)
    try:
        write_file_atomically(path, (value + "\n").encode("ascii"))
    except OSError as exc:
        raise MailError(ErrorKind.STORAGE, f"cannot write {path}: {exc.strerror}") from None
    return value


def keyring_service(profile: Profile) -> str:
    return SERVICE_PREFIX + profile_id(profile)


def keyring_username(account: Account, role: ServerRole) -> str:
    _check_role(role)
    return f"{account.id}:{role}"


def _check_role(role: str) -> None:
    if role not in SERVER_ROLES:
        raise MailError(ErrorKind.CONFIG, f"unknown server {role!r} (use incoming or smtp)")


def _explicitly_chosen() -> bool:
    """Whether the user picked a backend themselves (env var or keyring's config file)."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        from keyring.core import load_config

        return load_config() is not None
    except Exception:  # a broken keyring config is "not chosen"; keyring reports it itself
        return False


def backend_problem(backend: Any | None = None) -> str | None:
    """Why the (given or current) keyring backend is unusable, or None when it is fine."""
    if backend is None:
        backend = _keyring().get_keyring()
    module = type(backend).__module__
    if module in {"keyring.backends.fail", "keyring.backends.null"}:
        return NO_KEYRING_MESSAGE
    if module == "keyring.backends.chainer":
        chained = list(getattr(backend, "backends", []))
        usable = [b for b in chained if backend_problem(b) is None]
        return None if usable else NO_KEYRING_MESSAGE
    if module.startswith("keyrings.alt") and not _explicitly_chosen():
        # keyrings.alt file backends keep secrets in a file; use them only when asked to.
        return NO_KEYRING_MESSAGE
    return None


def keyring_available() -> bool:
    return backend_problem() is None


def require_keyring() -> None:
    problem = backend_problem()
    if problem is not None:
        raise MailError(ErrorKind.CONFIG, problem)


class SessionPasswords:
    """Passwords kept in memory for this process only (the GUI's fallback without a keyring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._passwords: dict[tuple[str, str], str] = {}

    def get(self, account: Account, role: ServerRole) -> str | None:
        with self._lock:
            return self._passwords.get((account.id, role))

    def set(self, account: Account, role: ServerRole, password: str) -> None:
        _check_role(role)
        with self._lock:
            self._passwords[(account.id, role)] = password

    def forget(self, account: Account) -> None:
        with self._lock:
            for role in SERVER_ROLES:
                self._passwords.pop((account.id, role), None)

    def __repr__(self) -> str:  # never show the secrets
        return f"<SessionPasswords with {len(self._passwords)} entries>"


class CredentialStore:
    """Passwords of a profile's accounts: the session cache first, then the keyring."""

    def __init__(self, profile: Profile, session: SessionPasswords | None = None) -> None:
        self.profile = profile
        self.session = session if session is not None else SessionPasswords()

    def get(self, account: Account, role: ServerRole) -> str | None:
        """The password for ``account``'s ``role`` server, or None when none is known.

        A missing keyring is not an error here (the caller asks the user);
        a keyring that fails while reading is MailError(CONFIG).
        """
        cached = self.session.get(account, role)
        if cached is not None:
            return cached
        if not keyring_available():
            return None
        keyring = _keyring()
        try:
            value = keyring.get_password(keyring_service(self.profile), keyring_username(account, role))
        except keyring.errors.KeyringError as exc:
            raise MailError(ErrorKind.CONFIG, f"the system keyring failed: {type(exc).__name__}") from None
        return value if isinstance(value, str) else None

    def require(self, account: Account, role: ServerRole) -> str:
        """Like :meth:`get`, but a missing password is MailError(CONFIG) saying what to do."""
        value = self.get(account, role)
        if value is None:
            server = "incoming" if role == "incoming" else "outgoing (SMTP)"
            hint = "use --password-stdin" if keyring_available() else NO_KEYRING_MESSAGE
            raise MailError(
                ErrorKind.CONFIG, f"no password is stored for the {server} server of {account.name!r}; {hint}"
            )
        return value

    def set(self, account: Account, role: ServerRole, password: str, *, persist: bool = True) -> None:
        """Remember a password for the session and, with ``persist``, in the keyring.

        Persisting without a usable keyring raises MailError(CONFIG); the
        session copy is kept either way.
        """
        self.session.set(account, role, password)
        if not persist:
            return
        require_keyring()
        keyring = _keyring()
        try:
            keyring.set_password(keyring_service(self.profile), keyring_username(account, role), password)
        except keyring.errors.KeyringError as exc:
            raise MailError(
                ErrorKind.CONFIG, f"the system keyring could not store the password: {type(exc).__name__}"
            ) from None

    def delete(self, account: Account) -> None:
        """Forget both passwords of ``account`` (session and keyring); absent entries are fine."""
        self.session.forget(account)
        if not keyring_available():
            return
        service = keyring_service(self.profile)
        keyring = _keyring()
        for role in SERVER_ROLES:
            try:
                keyring.delete_password(service, f"{account.id}:{role}")
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                raise MailError(
                    ErrorKind.CONFIG, f"the system keyring could not delete a password: {type(exc).__name__}"
                ) from None
