"""The composer window: write, attach (dialog, drag-and-drop, paste), autosave and send.

The composer never talks to a server. Send hands an ``OutgoingMessage`` to the injected
``sender`` (the main window plugs the outbox in there) and emits ``send_requested``;
Save Draft hands it to ``draft_saver`` (the Drafts folder). Autosave writes a local
JSON draft every few seconds (``composer_drafts``) so a crash loses at most that much.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid
from pathlib import Path
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qtmail.core.accounts import Account, Identity
from qtmail.core.errors import ErrorKind, MailError
from qtmail.core.mailto import parse_mailto
from qtmail.core.mime import QuoteWords, forward_as_attachment, forward_inline, reply_to
from qtmail.core.mime.types import Address, Attachment, OutgoingMessage, ParsedMessage
from qtmail.core.profile import Profile
from qtmail.ui.address_completer import AddressLineEdit, CompletionSource, store_completion_source
from qtmail.ui.composer_addresses import format_addresses, parse_addresses
from qtmail.ui.composer_attachments import (
    SIZE_WARNING_BYTES,
    AttachmentListWidget,
    ComposerAttachment,
    human_size,
    local_files,
    read_attachments,
)
from qtmail.ui.composer_drafts import (
    DraftAttachment,
    DraftState,
    DraftStore,
    JsonDraftStore,
    draft_store_for,
    new_draft_id,
)
from qtmail.ui.plain_boxes import warn_plain
from qtmail.ui.workers import CancelToken, QtTimerFactory, TaskQueue, TimerFactory, TimerHandle

Sender = Callable[[OutgoingMessage], None]
DraftSaver = Callable[[OutgoingMessage], None]


def split_attachments(
    files: Iterable[tuple[ComposerAttachment, bytes]],
) -> tuple[list[Attachment], list[bytes]]:
    """Files as attachments, and forwarded messages (message/rfc822) that travel unchanged."""
    attachments: list[Attachment] = []
    attached_messages: list[bytes] = []
    for item, data in files:
        if item.mime_type == "message/rfc822":
            attached_messages.append(data)
        else:
            attachments.append(Attachment(item.name, data, item.mime_type))
    return attachments, attached_messages


def with_files(
    message: OutgoingMessage, files: Iterable[tuple[ComposerAttachment, bytes]]
) -> OutgoingMessage:
    """``message`` with these attachments (read on a worker); touches no widget."""
    attachments, attached_messages = split_attachments(files)
    return dataclasses.replace(message, attachments=attachments, attached_messages=attached_messages)


CloseChoice = Literal["save", "discard", "cancel"]
AUTOSAVE_INTERVAL_MS = 5000
SIGNATURE_SEPARATOR = "-- \n"

# Words that mean "there is a file with this mail", in the languages our users write.
_ATTACHMENT_WORDS = re.compile(
    r"\b(attach(?:ed|es|ing|ment|ments)?|enclosed|anbei|angeh[äa]ngt|anhang|pi[èe]ces? jointes?|"
    r"ci-joint|adjunt[oa]s?|allegat[oi])\b|첨부|添付|附件",
    re.IGNORECASE,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ComposerWindow", text)


def quote_words() -> QuoteWords:
    """The attribution line and forward header block in the interface's language."""
    translate = QCoreApplication.translate
    return QuoteWords(
        wrote=translate("ComposerWindow", "On {date}, {name} wrote:"),
        unknown_date=translate("ComposerWindow", "an unknown date"),
        someone=translate("ComposerWindow", "someone"),
        forwarded=translate("ComposerWindow", "---------- Forwarded message ----------"),
        from_=translate("ComposerWindow", "From"),
        date=translate("ComposerWindow", "Date"),
        subject=translate("ComposerWindow", "Subject"),
        to=translate("ComposerWindow", "To"),
        cc=translate("ComposerWindow", "Cc"),
    )


def mentions_attachment(subject: str, body: str) -> bool:
    """Whether the user's own words mention an attachment (quoted lines and signature excluded)."""
    own: list[str] = []
    for line in body.split("\n"):
        if line.rstrip() == SIGNATURE_SEPARATOR.rstrip():
            break
        if line.lstrip().startswith(">"):
            continue
        own.append(line)
    return bool(_ATTACHMENT_WORDS.search(subject + "\n" + "\n".join(own)))


def has_own_signature(body: str) -> bool:
    """Whether the body has a signature separator of its own ("-- " on a line, not quoted)."""
    return any(line == SIGNATURE_SEPARATOR.rstrip("\n") for line in body.split("\n"))


@dataclass(frozen=True)
class FromChoice:
    """One entry of the From picker: an identity of an account."""

    account_id: str
    account_name: str
    identity: Identity

    @property
    def address(self) -> Address:
        return Address(self.identity.display_name, self.identity.address)

    def label(self) -> str:
        return f"{self.address}  ({self.account_name})"


def from_choices(accounts: Iterable[Account]) -> list[FromChoice]:
    """Every identity of every account, in account order."""
    return [FromChoice(a.id, a.name, identity) for a in accounts for identity in a.identities]


@dataclass
class Prefill:
    """What a new composer starts with (reply, forward, mailto, a restored draft)."""

    to: str = ""
    cc: str = ""
    bcc: str = ""
    subject: str = ""
    body: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # bytes (forwarded parts)
    attached_messages: list[bytes] = field(default_factory=list)  # forward as attachment
    draft_message_id: str = ""  # editing a saved draft: its Message-ID, so saving replaces it

    @classmethod
    def from_outgoing(cls, message: OutgoingMessage) -> Prefill:
        return cls(
            to=format_addresses(message.to),
            cc=format_addresses(message.cc),
            bcc=format_addresses(message.bcc),
            subject=message.subject,
            body=message.text or "",
            in_reply_to=message.in_reply_to or "",
            references=list(message.references),
            attachments=list(message.attachments),
            attached_messages=list(message.attached_messages),
        )

    @classmethod
    def from_mailto(cls, url: str) -> Prefill:
        fields = parse_mailto(url)
        return cls(
            to=", ".join(fields["to"]),
            cc=", ".join(fields["cc"]),
            bcc=", ".join(fields["bcc"]),
            subject=fields["subject"],
            body=fields["body"],
            in_reply_to=fields["in_reply_to"],
        )


class BodyEdit(QPlainTextEdit):
    """The body editor; pasted or dropped files become attachments instead of text."""

    files_received = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyEdit")
        self.setTabChangesFocus(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_files(source)
        if files:
            self.files_received.emit(files)
            return
        super().insertFromMimeData(source)


class ComposerWindow(QMainWindow):
    """A top-level window to write one message."""

    send_requested = Signal(object)  # OutgoingMessage, after validation
    draft_saved = Signal(object)  # DraftState
    finished = Signal()  # sent or discarded; the window is closing

    def __init__(
        self,
        choices: Sequence[FromChoice],
        *,
        drafts: DraftStore | None = None,
        sender: Sender | None = None,
        draft_saver: DraftSaver | None = None,
        completion: CompletionSource | None = None,
        queue: TaskQueue | None = None,
        timers: TimerFactory | None = None,
        clock: Callable[[], float] = time.time,
        autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
        draft_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setAcceptDrops(True)
        self._choices = list(choices)
        self._drafts = drafts
        self._sender = sender
        self._draft_saver = draft_saver
        self._queue = queue
        self._clock = clock
        self.draft_id = draft_id or new_draft_id()
        # The Message-ID of this message's copy in a Drafts folder: made on the first Save Draft
        # (or the edited draft's), kept by the autosave, so every later save replaces that copy.
        self.draft_message_id = ""
        self._in_reply_to = ""
        self._references: list[str] = []
        self._signature_block = ""
        self._dirty = False
        self._done = False
        self._reading_attachments = False  # Send is reading the files on the worker
        self._build_ui(completion)
        self.retranslate()
        self._connect_changes()
        self._apply_signature()
        self._dirty = False
        self._autosave_timer: TimerHandle = (timers or QtTimerFactory()).create(
            autosave_interval_ms, self._on_autosave_tick
        )
        self._autosave_timer.start()
        self.resize(760, 620)

    # ------------------------------------------------------------------ layout

    def _build_ui(self, completion: CompletionSource | None) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)

        buttons = QHBoxLayout()
        self.send_button = QPushButton(central)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(False)
        self.save_draft_button = QPushButton(central)
        self.save_draft_button.setObjectName("saveDraftButton")
        self.attach_button = QPushButton(central)
        self.attach_button.setObjectName("attachButton")
        self.signature_button = QPushButton(central)
        self.signature_button.setObjectName("signatureButton")
        for button in (self.send_button, self.save_draft_button, self.attach_button, self.signature_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.from_field = QComboBox(central)
        self.from_field.setObjectName("fromField")
        for choice in self._choices:
            self.from_field.addItem(choice.label())
        self.to_field = AddressLineEdit(completion, self._queue, central)
        self.to_field.setObjectName("toField")
        self.cc_field = AddressLineEdit(completion, self._queue, central)
        self.cc_field.setObjectName("ccField")
        self.bcc_field = AddressLineEdit(completion, self._queue, central)
        self.bcc_field.setObjectName("bccField")
        self.subject_field = QLineEdit(central)
        self.subject_field.setObjectName("subjectField")
        self._labels = [QLabel(central) for _ in range(5)]
        for label, widget in zip(
            self._labels,
            (self.from_field, self.to_field, self.cc_field, self.bcc_field, self.subject_field),
            strict=True,
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        outer.addLayout(form)

        splitter = QSplitter(Qt.Orientation.Vertical, central)
        self.body_edit = BodyEdit(splitter)
        self.body_edit.files_received.connect(self.add_files)
        attachment_panel = QWidget(splitter)
        panel_layout = QVBoxLayout(attachment_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.attachments_label = QLabel(attachment_panel)
        self.size_label = QLabel(attachment_panel)
        self.size_label.setObjectName("attachmentSizeLabel")
        self.remove_button = QPushButton(attachment_panel)
        self.remove_button.setObjectName("removeAttachmentButton")
        header.addWidget(self.attachments_label)
        header.addWidget(self.size_label, 1)
        header.addWidget(self.remove_button)
        panel_layout.addLayout(header)
        self.attachment_list = AttachmentListWidget(attachment_panel)
        panel_layout.addWidget(self.attachment_list)
        splitter.addWidget(self.body_edit)
        splitter.addWidget(attachment_panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 120])
        outer.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.send_action = QAction(self)
        self.send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])  # + keypad
        self.save_action = QAction(self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.attach_action = QAction(self)
        self.attach_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.paste_files_action = QAction(self)
        self.paste_files_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.close_action = QAction(self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.send_action, self.save_action, self.attach_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_action)
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addAction(self.paste_files_action)

        self.send_button.clicked.connect(self.send)
        self.send_action.triggered.connect(self.send)
        self.save_draft_button.clicked.connect(self.save_draft)
        self.save_action.triggered.connect(self.save_draft)
        self.attach_button.clicked.connect(self.choose_files)
        self.attach_action.triggered.connect(self.choose_files)
        self.signature_button.clicked.connect(self.insert_signature)
        self.remove_button.clicked.connect(self.attachment_list.remove_selected)
        self.remove_button.setEnabled(False)  # until an attachment is selected
        self.attachment_list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.attachment_list.selectedItems()))
        )
        self.paste_files_action.triggered.connect(self.paste_files)
        self.close_action.triggered.connect(self.close)
        self.from_field.currentIndexChanged.connect(self._on_from_changed)
        self.attachment_list.changed.connect(self._update_size_label)
        # Child widgets that accept text drops would swallow file drops: route those to us.
        for widget in (self.to_field, self.cc_field, self.bcc_field, self.subject_field):
            widget.installEventFilter(self)
        self.body_edit.viewport().installEventFilter(self)

    def retranslate(self) -> None:
        """Set every visible string (also called after the language changes)."""
        self.send_button.setText(self.tr("&Send"))
        self.send_button.setToolTip(self.tr("Send the message (Ctrl+Enter)"))
        self.save_draft_button.setText(self.tr("Save &Draft"))
        self.attach_button.setText(self.tr("&Attach…"))
        self.signature_button.setText(self.tr("Si&gnature"))
        self.remove_button.setText(self.tr("&Remove"))
        for label, text in zip(
            self._labels,
            (self.tr("&From:"), self.tr("&To:"), self.tr("&Cc:"), self.tr("&Bcc:"), self.tr("S&ubject:")),
            strict=True,
        ):
            label.setText(text)
        self.to_field.setPlaceholderText(self.tr("Recipients, separated by commas"))
        self.body_edit.setPlaceholderText(
            self.tr("Write your message here. Drop files anywhere to attach them.")
        )
        self.attachments_label.setText(self.tr("Attachments:"))
        self.send_action.setText(self.tr("&Send"))
        self.save_action.setText(self.tr("Save &Draft"))
        self.attach_action.setText(self.tr("&Attach Files…"))
        self.paste_files_action.setText(self.tr("&Paste Files as Attachments"))
        self.close_action.setText(self.tr("&Close"))
        self.file_menu.setTitle(self.tr("&Message"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self._update_size_label()
        self._update_title()

    def _connect_changes(self) -> None:
        for line in (self.to_field, self.cc_field, self.bcc_field, self.subject_field):
            line.textChanged.connect(self._mark_dirty)
        self.subject_field.textChanged.connect(self._update_title)
        self.body_edit.textChanged.connect(self._mark_dirty)
        self.attachment_list.changed.connect(self._mark_dirty)
        self.from_field.currentIndexChanged.connect(self._mark_dirty)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def _update_title(self) -> None:
        subject = self.subject_field.text().strip()
        self.setWindowTitle(subject or self.tr("New Message"))

    def _update_size_label(self) -> None:
        count = len(self.attachment_list.attachments())
        total = self.attachment_list.total_size()
        if not count:
            self.size_label.setText(self.tr("none — drop files here or paste them"))
            self.size_label.setStyleSheet("")
            return
        text = self.tr("%n file(s), %1", "", count).replace("%1", human_size(total))
        if total > SIZE_WARNING_BYTES:
            text += "  " + self.tr("⚠ Large: many servers refuse messages over %1.").replace(
                "%1", human_size(SIZE_WARNING_BYTES)
            )
            self.size_label.setStyleSheet("font-weight: bold;")
        else:
            self.size_label.setStyleSheet("")
        self.size_label.setText(text)

    # ------------------------------------------------------------------ identities and signature

    def current_choice(self) -> FromChoice | None:
        index = self.from_field.currentIndex()
        return self._choices[index] if 0 <= index < len(self._choices) else None

    def set_from(self, account_id: str, address: str | None = None) -> bool:
        """Pick the identity of ``account_id`` (with ``address`` if given); False if none matches."""
        for index, choice in enumerate(self._choices):
            if choice.account_id != account_id:
                continue
            if address is None or choice.identity.address.casefold() == address.casefold():
                self.from_field.setCurrentIndex(index)
                return True
        return False

    def set_from_address(self, address: str) -> bool:
        """Pick the identity whose address is ``address`` (replying as the address written to)."""
        for index, choice in enumerate(self._choices):
            if choice.identity.address.casefold() == address.casefold():
                self.from_field.setCurrentIndex(index)
                return True
        return False

    def _signature_for_current(self) -> str:
        choice = self.current_choice()
        if choice is None or not choice.identity.signature.strip():
            return ""
        return "\n" + SIGNATURE_SEPARATOR + choice.identity.signature.strip("\n") + "\n"

    def _apply_signature(self) -> None:
        """Put the current identity's signature in place of the previous one (or at the end)."""
        new_block = self._signature_for_current()
        text = self.body_edit.toPlainText()
        if self._signature_block and self._signature_block in text:
            text = text.replace(self._signature_block, new_block, 1)
        elif new_block and not has_own_signature(text):
            text = self._place_signature(text, new_block)
        else:
            new_block = self._signature_block if self._signature_block in text else ""
        if text != self.body_edit.toPlainText():
            self.body_edit.setPlainText(text)
        self._signature_block = new_block

    @staticmethod
    def _place_signature(text: str, block: str) -> str:
        """Above the quoted original for replies, at the end otherwise."""
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith(">"):
                start = index - 1 if index and lines[index - 1].rstrip().endswith(":") else index
                head = "\n".join(lines[:start]).rstrip("\n")
                return head + "\n" + block + "\n" + "\n".join(lines[start:])
        return text.rstrip("\n") + "\n" + block if text.strip() else "\n" + block

    def _on_from_changed(self, _index: int) -> None:
        self._apply_signature()

    def insert_signature(self) -> None:
        block = self._signature_for_current()
        if not block:
            self.statusBar().showMessage(self.tr("This identity has no signature."), 4000)
            return
        if block in self.body_edit.toPlainText():
            return
        self.body_edit.setPlainText(self._place_signature(self.body_edit.toPlainText(), block))
        self._signature_block = block

    # ------------------------------------------------------------------ filling in

    def prefill(self, prefill: Prefill) -> None:
        """Fill the fields; the signature goes in afterwards (above any quote)."""
        self.to_field.setText(prefill.to)
        self.cc_field.setText(prefill.cc)
        self.bcc_field.setText(prefill.bcc)
        self.subject_field.setText(prefill.subject)
        self._signature_block = ""
        self.body_edit.setPlainText(prefill.body)
        self._in_reply_to = prefill.in_reply_to
        self._references = list(prefill.references)
        self.draft_message_id = prefill.draft_message_id
        self.add_files(prefill.files)
        for attachment in prefill.attachments:
            self.add_bytes(attachment.filename, attachment.data, attachment.content_type)
        for index, raw in enumerate(prefill.attached_messages):
            self.add_bytes(f"forwarded-{index + 1}.eml", raw, "message/rfc822")
        self._apply_signature()
        self.body_edit.moveCursor(self.body_edit.textCursor().MoveOperation.Start)
        self._mark_dirty()

    def apply_mailto(self, url: str) -> None:
        self.prefill(Prefill.from_mailto(url))

    def state(self) -> DraftState:
        """A snapshot of everything typed, for the autosave."""
        choice = self.current_choice()
        return DraftState(
            draft_id=self.draft_id,
            account_id=choice.account_id if choice else "",
            from_address=choice.identity.address if choice else "",
            to=self.to_field.text(),
            cc=self.cc_field.text(),
            bcc=self.bcc_field.text(),
            subject=self.subject_field.text(),
            body=self.body_edit.toPlainText(),
            in_reply_to=self._in_reply_to,
            references=list(self._references),
            attachments=[
                DraftAttachment(a.name, a.mime_type, a.size, str(a.path))
                for a in self.attachment_list.attachments()
            ],
            saved_at=self._clock(),
            draft_message_id=self.draft_message_id,
        )

    def load_state(self, state: DraftState) -> None:
        """Reopen a saved draft exactly as it was (the signature is already in its body)."""
        self.draft_id = state.draft_id
        if not self.set_from(state.account_id, state.from_address or None):
            self.set_from(state.account_id)
        self.to_field.setText(state.to)
        self.cc_field.setText(state.cc)
        self.bcc_field.setText(state.bcc)
        self.subject_field.setText(state.subject)
        self.body_edit.setPlainText(state.body)
        block = self._signature_for_current()
        self._signature_block = block if block and block in state.body else ""
        self._in_reply_to = state.in_reply_to
        self._references = list(state.references)
        self.draft_message_id = state.draft_message_id
        missing: list[str] = []
        for item in state.attachments:
            path = Path(item.path)
            if path.is_file():
                self.attachment_list.add(
                    ComposerAttachment(item.name, item.mime_type, path.stat().st_size, path)
                )
            else:
                missing.append(item.name)
        if missing:
            self.show_error(
                self.tr("Attachments missing"),
                self.tr("These attachments no longer exist and were left out:\n%1").replace(
                    "%1", "\n".join(missing)
                ),
            )
        self._dirty = False

    # ------------------------------------------------------------------ attachments

    def add_files(self, paths: Iterable[Path | str]) -> int:
        """Attach local files (directories and unreadable files are reported, not attached)."""
        added = 0
        problems: list[str] = []
        for raw in paths:
            path = Path(raw)
            try:
                if not path.is_file():
                    problems.append(self.tr("%1 is not a file").replace("%1", path.name or str(path)))
                    continue
                if self.attachment_list.add(ComposerAttachment.from_path(path)):
                    added += 1
            except OSError as error:
                problems.append(f"{path.name}: {error.strerror}")
        # In the status bar: a modal box inside a drop would hold up the file manager.
        parts = [self.tr("Attached %n file(s).", "", added)] if added else []
        if problems:
            parts.append(self.tr("Could not attach") + ": " + "; ".join(problems))
        if parts:
            self.statusBar().showMessage("  ".join(parts), 10_000 if problems else 4000)
        return added

    def add_bytes(self, name: str, data: bytes, mime_type: str | None = None) -> None:
        """Attach bytes held in memory (a forwarded part): they are kept with the draft on disk."""
        store = self._drafts or _scratch_store()
        path = store.keep_bytes(self.draft_id, name, data)
        guessed = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.attachment_list.add(ComposerAttachment(name, guessed, len(data), path))

    def attachments(self) -> list[ComposerAttachment]:
        return self.attachment_list.attachments()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach Files"))
        self.add_files(paths)

    def paste_files(self) -> int:
        """Attach the files on the clipboard (copied in a file manager); 0 when there are none."""
        files = local_files(QGuiApplication.clipboard().mimeData())
        if not files:
            self.statusBar().showMessage(self.tr("The clipboard holds no files."), 4000)
            return 0
        return self.add_files(files)

    # ------------------------------------------------------------------ drag and drop (whole window)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            self.add_files(files)
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)  # DragEnter/DragMove derive from QDropEvent
            if local_files(event.mimeData()):
                if kind == QEvent.Type.Drop:
                    self.add_files(local_files(event.mimeData()))
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ seams for dialogs (tests patch these)

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question; tests replace this instead of clicking a modal box."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        warn_plain(self, title, text)  # errors quote servers and file names: never rich text

    def ask_close(self) -> CloseChoice:
        """Save, discard or keep writing; tests replace this."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Close message"))
        box.setText(self.tr("Save this message as a draft before closing?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    # ------------------------------------------------------------------ building and sending

    def build_message(
        self, *, for_draft: bool = False, files: Sequence[tuple[ComposerAttachment, bytes]] | None = None
    ) -> OutgoingMessage:
        """The message as typed. Raises MailError(INPUT) naming the field that is wrong.

        ``files`` are the attachments with their bytes when already read (off the GUI thread);
        without them the attached files are read here."""
        choice = self.current_choice()
        if choice is None:
            raise MailError(ErrorKind.INPUT, self.tr("Add an account before writing mail."))
        fields = {}
        for name, widget, label in (
            ("to", self.to_field, self.tr("To")),
            ("cc", self.cc_field, self.tr("Cc")),
            ("bcc", self.bcc_field, self.tr("Bcc")),
        ):
            try:
                fields[name] = parse_addresses(widget.text())
            except MailError as error:
                raise MailError(
                    ErrorKind.INPUT,
                    self.tr("The %1 field is not valid: %2").replace("%1", label).replace("%2", str(error)),
                ) from error
        if not for_draft and not (fields["to"] or fields["cc"] or fields["bcc"]):
            raise MailError(ErrorKind.INPUT, self.tr("Add at least one recipient."))
        if files is None:
            items = self.attachment_list.attachments()
            read = read_attachments(items, self.tr("Cannot read the attachment %1: %2"))
            files = list(zip(items, read, strict=True))
        attachments, attached_messages = split_attachments(files)
        return OutgoingMessage(
            from_=choice.address,
            to=fields["to"],
            cc=fields["cc"],
            bcc=fields["bcc"],
            subject=self.subject_field.text().strip(),
            text=self.body_edit.toPlainText(),
            attachments=attachments,
            attached_messages=attached_messages,
            in_reply_to=self._in_reply_to or None,
            references=list(self._references),
            message_id=(self.draft_message_id or None) if for_draft else None,
        )

    def send(self) -> bool:
        """Validate, warn where the user may have slipped, hand the message over and close.

        With a worker queue the attachment files are read there (a 25 MB file on a slow disk
        must not freeze the window); the message is handed over when they are in, and True
        means "on its way". A file that cannot be read leaves the composer open."""
        if self._reading_attachments:
            return False
        items = self.attachment_list.attachments()
        deferred = self._queue is not None and bool(items)
        try:
            message = self.build_message(files=[] if deferred else None)
        except MailError as error:
            self.show_error(self.tr("Cannot send"), str(error))
            return False
        if not message.subject and not self.confirm(
            self.tr("No subject"), self.tr("This message has no subject. Send it anyway?")
        ):
            return False
        if (
            not self.attachment_list.attachments()
            and mentions_attachment(message.subject, message.text or "")
            and not self.confirm(
                self.tr("Attachment missing?"),
                self.tr("The message mentions an attachment, but no file is attached. Send it anyway?"),
            )
        ):
            return False
        if self.attachment_list.total_size() > SIZE_WARNING_BYTES and not self.confirm(
            self.tr("Large message"),
            self.tr(
                "The attachments add up to %1; the server may refuse the message. Send it anyway?"
            ).replace("%1", human_size(self.attachment_list.total_size())),
        ):
            return False
        if not deferred or self._queue is None:
            return self._hand_over(message)
        template = self.tr("Cannot read the attachment %1: %2")

        def read(_token: CancelToken) -> list[bytes]:
            return read_attachments(items, template)

        def done(contents: object) -> None:
            if not shiboken6.isValid(self) or self._done:
                return  # closed while the files were read: the draft keeps the message
            self._set_reading_attachments(False)
            assert isinstance(contents, list)
            # The message as it was when Send was pressed, with the files as they were then.
            self._hand_over(with_files(message, list(zip(items, contents, strict=True))))

        def failed(error: MailError) -> None:
            if not shiboken6.isValid(self) or self._done:
                return
            self._set_reading_attachments(False)
            self.show_error(self.tr("Cannot send"), str(error))

        self._set_reading_attachments(True)
        self._queue.submit(read, on_done=done, on_error=failed)
        return True

    def _set_reading_attachments(self, reading: bool) -> None:
        """While the files are read, Send is off (no second copy) and the status bar says why."""
        self._reading_attachments = reading
        self.send_action.setEnabled(not reading)
        self.send_button.setEnabled(not reading)
        if reading:
            self.statusBar().showMessage(self.tr("Reading the attachments…"))
        else:
            self.statusBar().clearMessage()

    def _hand_over(self, message: OutgoingMessage) -> bool:
        try:
            if self._sender is not None:
                self._sender(message)
        except MailError as error:
            self.show_error(self.tr("Cannot send"), str(error))
            return False
        self.send_requested.emit(message)
        self._finish(delete_draft=True)
        return True

    def save_draft(self) -> bool:
        """Save locally (always) and to the Drafts folder (when a saver is plugged in)."""
        choice = self.current_choice()
        if self._draft_saver is not None and not self.draft_message_id and choice is not None:
            self.draft_message_id = make_msgid(
                domain=choice.identity.address.rpartition("@")[2] or "localhost"
            )
        state = self.state()
        state.explicit = True
        if not self._write_draft(state):
            return False
        if self._draft_saver is not None:
            items = self.attachment_list.attachments()
            try:
                if self._queue is not None and items:
                    # Check the fields now; the files are read on the worker (not the GUI thread).
                    message = self.build_message(for_draft=True, files=[])
                    self._save_draft_after_reading(self._draft_saver, message, items)
                else:
                    self._draft_saver(self.build_message(for_draft=True))
            except MailError as error:
                self.show_error(self.tr("Cannot save the draft"), str(error))
                return False
        self._dirty = False
        self.draft_saved.emit(state)
        self.statusBar().showMessage(self.tr("Draft saved."), 4000)
        return True

    def _save_draft_after_reading(
        self, saver: DraftSaver, message: OutgoingMessage, items: list[ComposerAttachment]
    ) -> None:
        """Reads the files on the worker, then saves; also when the composer closed meanwhile."""
        assert self._queue is not None
        template = self.tr("Cannot read the attachment %1: %2")

        def read(_token: CancelToken) -> list[bytes]:
            return read_attachments(items, template)

        def done(contents: object) -> None:
            assert isinstance(contents, list)
            try:
                saver(with_files(message, list(zip(items, contents, strict=True))))
            except MailError as error:
                if shiboken6.isValid(self):
                    self.show_error(self.tr("Cannot save the draft"), str(error))

        def failed(error: MailError) -> None:
            if shiboken6.isValid(self):
                self.show_error(self.tr("Cannot save the draft"), str(error))

        self._queue.submit(read, on_done=done, on_error=failed)

    # ------------------------------------------------------------------ autosave

    def _on_autosave_tick(self) -> None:
        if self._dirty and not self._done:
            self.autosave()

    def autosave(self) -> bool:
        """Write the local draft now (on the worker queue when there is one)."""
        state = self.state()
        if state.is_empty() and not self._has_draft_file():
            self._dirty = False
            return True
        ok = self._write_draft(state)
        if ok:
            self._dirty = False
        return ok

    def _has_draft_file(self) -> bool:
        return self._drafts is not None and self._drafts.exists(self.draft_id)

    def _write_draft(self, state: DraftState) -> bool:
        store = self._drafts
        if store is None:
            return True
        if self._queue is not None:
            self._queue.submit(
                lambda _token: store.save(state),
                on_error=self._report_later,
            )
            return True
        try:
            store.save(state)
        except MailError as error:
            self.statusBar().showMessage(str(error), 8000)
            return False
        return True

    def _report_later(self, error: MailError) -> None:
        """A worker's failure, reported only if the window still exists when it arrives."""
        if shiboken6.isValid(self):
            self.statusBar().showMessage(str(error), 8000)

    def _delete_draft(self) -> None:
        store = self._drafts
        if store is None:
            return
        draft_id = self.draft_id

        def delete(_token: CancelToken | None = None) -> None:
            store.delete(draft_id)

        if self._queue is not None:
            self._queue.submit(delete)
        else:
            delete()

    # ------------------------------------------------------------------ closing

    def _finish(self, *, delete_draft: bool) -> None:
        self._done = True
        self._autosave_timer.stop()
        if delete_draft:
            self._delete_draft()
        self.finished.emit()
        self.close()

    def discard(self) -> None:
        """Throw the message away, local draft included."""
        self._finish(delete_draft=True)

    def set_draft_saver(self, saver: DraftSaver | None) -> None:
        """Plug in (or remove) the explicit Save Draft to the server, e.g. for a restored draft."""
        self._draft_saver = saver

    def set_sender(self, sender: Sender | None) -> None:
        """Plug in (or remove) Send through the outbox, e.g. for a restored draft."""
        self._sender = sender

    def close_for_quit(self) -> None:
        """The application quits: keep the local draft (offered again at the next start) and close
        without asking, so quitting never waits on a question per window."""
        if not self._done and self._drafts is not None:
            state = self.state()
            if not state.is_empty():
                try:
                    self._drafts.save(state)  # now, not on a worker that is about to stop
                except MailError as error:
                    self.show_error(self.tr("Cannot save the draft"), str(error))
        self._done = True
        self._autosave_timer.stop()
        self.finished.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            event.accept()
            return
        if self.state().is_empty():
            self._finish(delete_draft=True)
            event.accept()
            return
        choice = self.ask_close()
        if choice == "cancel":
            event.ignore()
            return
        if choice == "save" and not self.save_draft():
            event.ignore()
            return
        self._done = True
        self._autosave_timer.stop()
        if choice == "discard":
            self._delete_draft()
        self.finished.emit()
        event.accept()


_scratch: JsonDraftStore | None = None


def _scratch_store() -> JsonDraftStore:
    """A private temporary folder for attachment bytes when no draft store is configured."""
    global _scratch
    if _scratch is None:
        _scratch = JsonDraftStore(Path(tempfile.mkdtemp(prefix="qtmail-compose-")))
    return _scratch


# ---------------------------------------------------------------------- opening composers

ComposeMode = Literal["new", "reply", "reply_all", "forward", "forward_attachment"]
_open_composers: set[ComposerWindow] = set()


def open_composers() -> list[ComposerWindow]:
    """Composer windows currently open (kept referenced here so Python does not collect them)."""
    return list(_open_composers)


def _track(window: ComposerWindow) -> None:
    _open_composers.add(window)
    window.destroyed.connect(lambda *_: _open_composers.discard(window))
    window.finished.connect(lambda: _open_composers.discard(window))


def open_composer(
    accounts: Sequence[Account],
    *,
    profile: Profile | None = None,
    account_id: str | None = None,
    prefill: Prefill | None = None,
    mailto: str | None = None,
    draft: DraftState | None = None,
    reply_as: str | None = None,
    sender: Sender | None = None,
    draft_saver: DraftSaver | None = None,
    completion: CompletionSource | None = None,
    queue: TaskQueue | None = None,
    timers: TimerFactory | None = None,
    clock: Callable[[], float] = time.time,
    show: bool = True,
) -> ComposerWindow:
    """Open a composer window: new, prefilled (reply/forward/mailto) or from a saved draft.

    Build ``prefill`` for replies and forwards with :func:`reply_prefill` /
    :func:`forward_prefill`. ``reply_as`` picks the identity a reply was addressed to.
    """
    if completion is None and profile is not None:
        completion = store_completion_source(profile)
    window = ComposerWindow(
        from_choices(accounts),
        drafts=draft_store_for(profile) if profile is not None else None,
        sender=sender,
        draft_saver=draft_saver,
        completion=completion,
        queue=queue,
        timers=timers,
        clock=clock,
        draft_id=draft.draft_id if draft is not None else None,
    )
    if account_id:
        window.set_from(account_id)
    if reply_as:
        window.set_from_address(reply_as)
    if draft is not None:
        window.load_state(draft)
    elif prefill is not None:
        window.prefill(prefill)
    elif mailto:
        window.apply_mailto(mailto)
    _track(window)
    if profile is not None:
        from qtmail.ui.settings import GeometryKeeper, UiSettings

        GeometryKeeper(window, UiSettings(profile), "composer")
    if show:
        window.show()
        window.raise_()
        window.activateWindow()
    return window


def _my_identity(
    choices: Sequence[FromChoice], original: ParsedMessage, account_id: str | None
) -> FromChoice | None:
    """The identity a message was written to (so the reply comes from it), else the account's first."""
    written_to = {a.address.casefold() for a in [*original.to, *original.cc]}
    mine = [c for c in choices if account_id is None or c.account_id == account_id] or list(choices)
    for choice in mine:
        if choice.identity.address.casefold() in written_to:
            return choice
    return mine[0] if mine else None


def compose_reply(
    accounts: Sequence[Account],
    original: ParsedMessage,
    *,
    reply_all: bool = False,
    account_id: str | None = None,
    **options: Any,
) -> ComposerWindow:
    """Open a reply (or reply to all) prefilled with quote, "Re:" subject and threading headers."""
    me = _my_identity(from_choices(accounts), original, account_id)
    if me is None:
        raise MailError(ErrorKind.CONFIG, _tr("Add an account before writing mail."))
    message = reply_to(original, me.address, reply_all=reply_all, words=quote_words())
    return open_composer(
        accounts,
        account_id=me.account_id,
        reply_as=me.identity.address,
        prefill=Prefill.from_outgoing(message),
        **options,
    )


def compose_forward(
    accounts: Sequence[Account],
    original: ParsedMessage,
    *,
    raw: bytes | None = None,
    as_attachment: bool = False,
    account_id: str | None = None,
    **options: Any,
) -> ComposerWindow:
    """Open a forward: inline (text and attachments) or the original message attached unchanged."""
    me = _my_identity(from_choices(accounts), original, account_id)
    if me is None:
        raise MailError(ErrorKind.CONFIG, _tr("Add an account before writing mail."))
    if as_attachment:
        if raw is None:
            raise MailError(ErrorKind.BUG, "forwarding as an attachment needs the raw message")
        message = forward_as_attachment(raw, original, me.address)
    else:
        message = forward_inline(original, me.address, quote_words())
    return open_composer(
        accounts,
        account_id=me.account_id,
        reply_as=me.identity.address,
        prefill=Prefill.from_outgoing(message),
        **options,
    )


# ---------------------------------------------------------------------- crash recovery


def unsent_drafts(profile: Profile) -> list[DraftState]:
    """Local drafts left behind (a crash, a killed process, or saved and closed), newest first.

    Drafts of composers open in this process are left out.
    """
    open_ids = {window.draft_id for window in _open_composers}
    return [d for d in draft_store_for(profile).list() if d.draft_id not in open_ids]


class RestoreDraftsDialog(QDialog):
    """Lists unsent drafts with check boxes; the checked ones are reopened."""

    def __init__(self, drafts: Sequence[DraftState], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDraftsDialog")
        self.setWindowTitle(self.tr("Unsent messages"))
        self._drafts = list(drafts)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These messages were not sent when qtmail last stopped. Reopen them?"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("draftList")
        for draft in self._drafts:
            when = QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(draft.saved_at)), QLocale.FormatType.ShortFormat
            )
            subject = draft.subject or self.tr("(no subject)")
            to = draft.to or self.tr("(no recipients)")
            item = QListWidgetItem(f"{subject} — {to} — {when}", self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("&Reopen"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[DraftState]:
        return [
            draft
            for index, draft in enumerate(self._drafts)
            if self.list.item(index).checkState() == Qt.CheckState.Checked
        ]


def ask_which_drafts(drafts: list[DraftState], parent: QWidget | None = None) -> list[DraftState]:
    dialog = RestoreDraftsDialog(drafts, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []


def restore_drafts(
    accounts: Sequence[Account],
    profile: Profile,
    *,
    choose: Callable[[list[DraftState]], list[DraftState]] | None = None,
    parent: QWidget | None = None,
    **options: Any,
) -> list[ComposerWindow]:
    """Offer the unsent drafts (at start-up) and reopen the ones the user picks."""
    drafts = unsent_drafts(profile)
    if not drafts:
        return []
    picked = choose(drafts) if choose is not None else ask_which_drafts(drafts, parent)
    return [open_composer(accounts, profile=profile, draft=draft, **options) for draft in picked]
