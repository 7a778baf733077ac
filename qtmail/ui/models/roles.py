"""Custom item-data roles, in one place so views, delegates and tests agree."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt

_BASE = int(Qt.ItemDataRole.UserRole)


class Roles(IntEnum):
    """Roles beyond Qt's own; values are stable within a run, not persisted."""

    MESSAGE_ID = _BASE + 1  # the store's message id (int)
    ACCOUNT_ID = _BASE + 2  # the account id (str) of a message or folder
    FOLDER_ID = _BASE + 3  # the store's folder id (int), or a virtual folder key
    UNREAD = _BASE + 4  # bool
    FLAGGED = _BASE + 5  # bool
    HAS_ATTACHMENTS = _BASE + 6  # bool
    SORT_KEY = _BASE + 7  # the raw value a column sorts by
    LOADED = _BASE + 8  # bool: False while a row is still a placeholder
    UNREAD_COUNT = _BASE + 9  # int, folders
    TOTAL_COUNT = _BASE + 10  # int, folders
    FOLDER_ROLE = _BASE + 11  # "inbox", "sent"... or "" for folders
    NODE_KIND = _BASE + 12  # "account", "folder", "unified", "outbox", "local"
    ATTACHMENT = _BASE + 13  # AttachmentInfo, attachments
    THREAD_DEPTH = _BASE + 14  # int, message list in thread mode
    SUMMARY = _BASE + 15  # the whole row object (MessageSummary)
    THREAD_SIZE = _BASE + 16  # int: messages in the thread (thread roots in thread mode, else 0)
    THREAD_UNREAD = _BASE + 17  # int: unread messages in the thread (thread roots, else 0)
    THREAD_OPEN = _BASE + 18  # bool: the row's thread shows its replies
    THREAD_LABEL = _BASE + 19  # str: "5 · 2 unread" after a thread root's subject, else None
