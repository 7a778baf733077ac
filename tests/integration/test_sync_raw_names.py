"""Folder names travel raw: what LIST said is what SELECT sends; only the display name is decoded.

Dovecot 2.3 only ever lists canonical modified UTF-7 (it escapes odd on-disk names and refuses
non-canonical ones in SELECT), so the non-canonical cases are unit tests of the decoder
(tests/unit/sync/test_mailbox_names.py); here the raw name must be byte-for-byte the LIST one.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.sync_helpers import (
    create_folder,
    folder,
    imap_account,
    message,
    new_user,
    open_store,
    subjects,
    sync,
)

DISPLAY = 'R&D/연구 "노트"'


def test_raw_name_is_the_listed_one_and_selects(lab, tmp_path: Path) -> None:
    user = new_user(lab)
    create_folder(lab, user, DISPLAY)
    lab.deliver(user, message(1, "연구 메일"), folder=DISPLAY)
    client = lab.imap_client(user)
    try:
        client.folder_encode = False
        listed = {name for _flags, _delim, name in client.list_folders()}
    finally:
        client.logout()
    account = imap_account(lab, user)
    with open_store(tmp_path) as store:
        sync(account, user, store)
        stored = folder(store, account, DISPLAY)
        assert stored.name == '연구 "노트"'
        assert stored.raw_name is not None and stored.raw_name.encode("ascii") in listed
        assert stored.raw_name.startswith("R&-D/&")  # "&" escaped as the server wrote it
        assert subjects(store, account, DISPLAY) == ["연구 메일"]
