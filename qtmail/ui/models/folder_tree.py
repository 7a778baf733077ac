"""The folder tree: Unified Inbox, each account with its folders, the Outbox, local folders.

Built from plain data (:class:`FolderTreeData`) that the main window reads from the
store. Counter updates change rows in place (``dataChanged``); only a change of the
folder set resets the model. Messages dragged from the list can be dropped on a folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon

from qtmail.core.store.types import FolderInfo
from qtmail.ui.icons import icon
from qtmail.ui.models.message_list import MESSAGE_IDS_MIME, message_ids_from_mime
from qtmail.ui.models.roles import Roles

UNIFIED_KEY = "unified"
OUTBOX_KEY = "outbox"
LOCAL_KEY = "local-folders"

_ROLE_ICONS = {
    "inbox": "inbox",
    "sent": "sent",
    "drafts": "drafts",
    "trash": "trash",
    "junk": "junk",
    "archive": "archive",
    "outbox": "outbox",
}
_ROLE_ORDER = {"inbox": 0, "drafts": 1, "sent": 2, "archive": 3, "junk": 4, "trash": 5, "outbox": 6}

_ROOT = QModelIndex()  # the invalid index: the root of a model


def tr(text: str) -> str:
    return QCoreApplication.translate("FolderTree", text)


def role_name(role: str) -> str:
    """The translated display name of a special folder."""
    names = {
        "inbox": tr("Inbox"),
        "sent": tr("Sent"),
        "drafts": tr("Drafts"),
        "trash": tr("Trash"),
        "junk": tr("Junk"),
        "archive": tr("Archive"),
        "outbox": tr("Outbox"),
    }
    return names.get(role, role)


@dataclass(frozen=True)
class AccountEntry:
    key: str  # the store's account column
    name: str  # what people see


@dataclass(frozen=True)
class FolderTreeData:
    """Everything the tree shows, read from the store in one go."""

    accounts: Sequence[AccountEntry]
    folders: Sequence[FolderInfo]
    unified_total: int = 0
    unified_unread: int = 0
    outbox_count: int = 0
    outbox_problems: int = 0


@dataclass(eq=False)
class _Node:
    kind: str  # unified, outbox, account, local, folder
    key: str  # stable across refreshes: "unified", "account:<key>", "folder:<id>"...
    name: str
    parent: int  # node id of the parent, -1 for top level
    row: int
    children: list[int] = field(default_factory=list)
    folder: FolderInfo | None = None
    account: str | None = None
    unread: int = 0
    total: int = 0
    role: str = ""


class FolderTreeModel(QAbstractItemModel):
    """One column; counts shown as "Name (unread)" and in the UNREAD_COUNT role."""

    messages_dropped = Signal(list, int, bool)  # message ids, target folder id, copy instead of move

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._by_key: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._icons: dict[str, QIcon] = {}

    # --- building -----------------------------------------------------------------------
    def set_data(self, data: FolderTreeData) -> None:
        """Show ``data``: in place when only counters changed, else a reset."""
        nodes, top = _build(data)
        if [(n.key, n.parent, n.row) for n in nodes] == [(n.key, n.parent, n.row) for n in self._nodes]:
            changed = [
                i for i, (old, new) in enumerate(zip(self._nodes, nodes, strict=True)) if _differs(old, new)
            ]
            self._nodes = nodes
            for node_id in changed:
                index = self.createIndex(nodes[node_id].row, 0, node_id)
                self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._nodes, self._top = nodes, top
        self._by_key = {node.key: i for i, node in enumerate(nodes)}
        self.endResetModel()

    def index_for_key(self, key: str) -> QModelIndex:
        node_id = self._by_key.get(key)
        if node_id is None:
            return QModelIndex()
        return self.createIndex(self._nodes[node_id].row, 0, node_id)

    def index_for_folder(self, folder_id: int) -> QModelIndex:
        return self.index_for_key(f"folder:{folder_id}")

    def node_key(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        node = self._node(index)
        return node.key if node is not None else None

    def folder(self, index: QModelIndex | QPersistentModelIndex) -> FolderInfo | None:
        node = self._node(index)
        return node.folder if node is not None else None

    def kind(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        node = self._node(index)
        return node.kind if node is not None else None

    def folders(self) -> list[FolderInfo]:
        return [node.folder for node in self._nodes if node.folder is not None]

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node | None:
        if not index.isValid():
            return None
        node_id = index.internalId()
        return self._nodes[node_id] if 0 <= node_id < len(self._nodes) else None

    # --- Qt model API -------------------------------------------------------------------
    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        siblings = self._top if not parent.isValid() else self._nodes[parent.internalId()].children
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        parent = self._nodes[node.parent]
        return self.createIndex(parent.row, 0, node.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr("Folders")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.kind == "folder":
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        node = self._node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{node.name} ({node.unread})" if node.unread > 0 else node.name
        if role == Qt.ItemDataRole.EditRole:
            return node.name
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if node.unread > 0 or node.kind == "account" else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.kind == "account":
                return node.name
            return tr("{name}: {total} messages, {unread} unread").format(
                name=node.name, total=node.total, unread=node.unread
            )
        if role == Roles.UNREAD_COUNT:
            return node.unread
        if role == Roles.TOTAL_COUNT:
            return node.total
        if role == Roles.NODE_KIND:
            return node.kind
        if role == Roles.FOLDER_ID:
            return node.folder.id if node.folder is not None else node.key
        if role == Roles.ACCOUNT_ID:
            return node.account
        if role == Roles.FOLDER_ROLE:
            return node.role
        return None

    def _icon(self, node: _Node) -> QIcon:
        name = {"unified": "unified", "outbox": "outbox", "account": "account", "local": "folder"}.get(
            node.kind
        )
        if name is None:
            name = _ROLE_ICONS.get(node.role, "folder")
        cached = self._icons.get(name)
        if cached is None:
            cached = icon(name)
            self._icons[name] = cached
        return cached

    # --- drops: move (or copy with Ctrl) messages onto a folder -------------------------
    def mimeTypes(self) -> list[str]:
        return [MESSAGE_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        node = self._node(parent)
        return node is not None and node.kind == "folder" and bool(message_ids_from_mime(data))

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        node = self._node(parent)
        assert node is not None and node.folder is not None
        self.messages_dropped.emit(
            message_ids_from_mime(data), node.folder.id, action == Qt.DropAction.CopyAction
        )
        # False: the list must not try to remove rows itself; the store change refreshes it.
        return False


def _differs(old: _Node, new: _Node) -> bool:
    return (old.name, old.unread, old.total, old.folder) != (new.name, new.unread, new.total, new.folder)


def _build(data: FolderTreeData) -> tuple[list[_Node], list[int]]:
    nodes: list[_Node] = []
    top: list[int] = []

    def add(node: _Node) -> int:
        node_id = len(nodes)
        nodes.append(node)
        if node.parent < 0:
            node.row = len(top)
            top.append(node_id)
        else:
            parent = nodes[node.parent]
            node.row = len(parent.children)
            parent.children.append(node_id)
        return node_id

    add(
        _Node(
            "unified",
            UNIFIED_KEY,
            tr("Unified Inbox"),
            -1,
            0,
            unread=data.unified_unread,
            total=data.unified_total,
            role="inbox",
        )
    )
    known = {entry.key for entry in data.accounts}
    by_account: dict[str, list[FolderInfo]] = {}
    for folder in data.folders:
        by_account.setdefault(folder.account, []).append(folder)
    for entry in data.accounts:
        folders = by_account.get(entry.key, [])
        account_id = add(_Node("account", f"account:{entry.key}", entry.name, -1, 0, account=entry.key))
        _add_folders(add, nodes, account_id, entry.key, folders)
        nodes[account_id].unread = sum(f.unread for f in folders)
        nodes[account_id].total = sum(f.total for f in folders)
    add(
        _Node(
            "outbox",
            OUTBOX_KEY,
            tr("Outbox"),
            -1,
            0,
            unread=data.outbox_count,
            total=data.outbox_count,
            role="outbox",
        )
    )
    orphans = [
        folder for account, folders in by_account.items() if account not in known for folder in folders
    ]
    if orphans:
        local_id = add(_Node("local", LOCAL_KEY, tr("Local Folders"), -1, 0))
        _add_folders(add, nodes, local_id, None, orphans)
    return nodes, top


def _add_folders(
    add: Any, nodes: list[_Node], root_id: int, account: str | None, folders: list[FolderInfo]
) -> None:
    """Folders under their parents by path; special folders first, in a fixed order."""

    def order(folder: FolderInfo) -> tuple[int, str]:
        depth_one = "/" not in folder.path
        rank = _ROLE_ORDER.get(folder.role or "", 50) if depth_one else 50
        return rank, folder.path.casefold()

    by_path: dict[str, int] = {}
    for folder in sorted(folders, key=lambda f: (f.path.count("/"), order(f))):
        parent_path, _sep, _leaf = folder.path.rpartition("/")
        parent_id = by_path.get(parent_path, root_id) if parent_path else root_id
        is_top_role = folder.role and parent_id == root_id
        name = role_name(folder.role) if is_top_role and folder.role else folder.name
        node_id = add(
            _Node(
                "folder",
                f"folder:{folder.id}",
                name,
                parent_id,
                0,
                folder=folder,
                account=account if account is not None else folder.account,
                unread=folder.unread,
                total=folder.total,
                role=folder.role or "",
            )
        )
        by_path[folder.path] = node_id
        _ = nodes
