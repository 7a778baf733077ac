"""Where a profile's files live: config, store, caches, logs.

A profile is one directory tree. By default it follows the platform's
conventions (platformdirs); ``qtmail --profile DIR`` or ``QTMAIL_PROFILE``
puts everything under one directory, for tests and portable use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qtmail.core.errors import ErrorKind, MailError

APP_NAME = "qtmail"
PROFILE_ENV = "QTMAIL_PROFILE"


@dataclass(frozen=True)
class Profile:
    """The directories of one qtmail profile."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @classmethod
    def in_directory(cls, root: Path) -> Profile:
        """A portable profile: everything below ``root``."""
        root = root.expanduser().absolute()
        return cls(config_dir=root / "config", data_dir=root / "data", cache_dir=root / "cache")

    @classmethod
    def default(cls) -> Profile:
        """The user's profile in the platform's standard places."""
        import platformdirs  # only here: a --profile run (scripts, tests) never pays for it

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME)),
        )

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> Profile:
        """``--profile`` wins over ``QTMAIL_PROFILE``, which wins over the platform default."""
        if explicit:
            return cls.in_directory(Path(explicit))
        env = os.environ.get(PROFILE_ENV)
        if env:
            return cls.in_directory(Path(env))
        return cls.default()

    @property
    def config_file(self) -> Path:
        return self.config_dir / "accounts.json"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def store_file(self) -> Path:
        return self.data_dir / "store.sqlite3"

    @property
    def bodies_dir(self) -> Path:
        return self.data_dir / "bodies"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def profile_id_file(self) -> Path:
        return self.config_dir / "profile-id"

    def ensure(self) -> Profile:
        """Create the directories (private to the user) and return self.

        A path that cannot be a directory (a file is in the way, no permission) is a clear
        MailError(STORAGE) naming it, not a traceback."""
        for directory in (self.config_dir, self.data_dir, self.cache_dir):
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise MailError(
                    ErrorKind.STORAGE, f"cannot create the profile directory {directory}: {reason}"
                ) from None
        return self
