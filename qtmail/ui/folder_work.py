"""Folder changes as the GUI's account workers run them (never on the GUI thread).

Kept out of :mod:`qtmail.ui.backend` so the mail backend stays one seam for mail; this one
only needs the profile (protocol logs) and the window's credentials (its session passwords).
"""

from __future__ import annotations

from typing import Any

from qtmail.core.accounts import Account
from qtmail.core.profile import Profile
from qtmail.core.store import FolderInfo, Store


class FolderWork:
    """Create, rename and delete folders through :mod:`qtmail.core.folder_admin`."""

    def __init__(self, profile: Profile, credentials: Any = None) -> None:
        self.profile = profile
        self._credentials = credentials

    @property
    def credentials(self) -> Any:
        if self._credentials is None:
            from qtmail.core.credentials import CredentialStore

            self._credentials = CredentialStore(self.profile)
        return self._credentials

    def _server(self, account: Account, folder: FolderInfo | None) -> dict[str, Any]:
        """Password and options for an IMAP folder; nothing for local ones (no keyring asked)."""
        from qtmail.core.folder_admin import on_server

        if not on_server(account, folder):
            return {}
        from qtmail.core.net.protocol_log import ProtocolLog
        from qtmail.core.sync.engine import SyncOptions

        return {
            "password": self.credentials.require(account, "incoming"),
            "options": SyncOptions(log=ProtocolLog.for_account(self.profile, account)),
        }

    def create(self, store: Store, account: Account, name: str, parent_id: int | None) -> FolderInfo:
        from qtmail.core.folder_admin import create_folder

        parent = None if parent_id is None else store.folders.get(parent_id)
        return create_folder(store, account, name, parent_id=parent_id, **self._server(account, parent))

    def rename(self, store: Store, account: Account, folder_id: int, new_name: str) -> FolderInfo:
        from qtmail.core.folder_admin import rename_folder

        folder = store.folders.get(folder_id)
        return rename_folder(store, account, folder_id, new_name, **self._server(account, folder))

    def delete(self, store: Store, account: Account, folder_id: int) -> int:
        from qtmail.core.folder_admin import delete_folder

        folder = store.folders.get(folder_id)
        return delete_folder(store, account, folder_id, **self._server(account, folder))
