"""Address fields that complete the address being typed after the last comma.

Suggestions come from a ``CompletionSource`` (the store's completion query). When a
worker queue is given the query runs there, and answers that arrive after the user
typed on are dropped, so a slow disk never blocks typing.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from qtmail.core.mime.types import Address
from qtmail.core.profile import Profile
from qtmail.ui.composer_addresses import format_addresses
from qtmail.ui.workers import CancelToken, TaskQueue

CompletionSource = Callable[[str, int], list[str]]  # (prefix, limit) -> "Name <addr>" strings
MIN_PREFIX = 1
LIMIT = 20


def split_last(text: str) -> tuple[str, str]:
    """Split ``text`` into what comes before the address being typed, and that address.

    Commas inside double quotes ("Doe, John") do not separate addresses.
    """
    in_quotes = False
    cut = 0
    for index, char in enumerate(text):
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            cut = index + 1
    head, tail = text[:cut], text[cut:]
    return head, tail.lstrip()


class AddressLineEdit(QLineEdit):
    """A QLineEdit for a comma-separated address list, with completion of the last entry."""

    def __init__(
        self,
        source: CompletionSource | None = None,
        queue: TaskQueue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._queue = queue
        self._pending: int | None = None
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self.insert_completion)
        self.textEdited.connect(self._on_text_edited)

    def completer_model(self) -> QStringListModel:
        return self._model

    def set_source(self, source: CompletionSource | None, queue: TaskQueue | None = None) -> None:
        self._source = source
        self._queue = queue

    def insert_completion(self, completion: str) -> None:
        """Replace the address being typed with ``completion`` and start the next one."""
        head, _ = split_last(self.text())
        separator = " " if head else ""
        self.setText(f"{head}{separator}{completion}, ")
        self.setCursorPosition(len(self.text()))

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _on_text_edited(self, text: str) -> None:
        _, prefix = split_last(text[: self.cursorPosition()])
        if self._source is None or len(prefix) < MIN_PREFIX:
            self._hide_popup()
            return
        if self._queue is None:
            self._show(prefix, self._source(prefix, LIMIT))
            return
        if self._pending is not None:
            self._queue.cancel(self._pending)
        source = self._source

        def work(token: CancelToken) -> list[str]:
            token.raise_if_cancelled()
            return source(prefix, LIMIT)

        def deliver(result: object) -> None:
            if shiboken6.isValid(self):  # the composer may have closed meanwhile
                self._show(prefix, result)

        self._pending = self._queue.submit(work, on_done=deliver)

    def _show(self, prefix: str, suggestions: object) -> None:
        self._pending = None
        _, current = split_last(self.text()[: self.cursorPosition()])
        if current != prefix or not isinstance(suggestions, list):
            return  # the user typed on; a newer query will answer
        self._model.setStringList([str(s) for s in suggestions])
        if not suggestions:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self.isVisible():
            self._completer.complete()


def store_completion_source(profile: Profile) -> CompletionSource:
    """Suggestions from the store's address book, people we write to first.

    A Store connection belongs to the thread that opened it, so each query opens its
    own (cheap once the schema exists) and closes it again.
    """

    def complete(prefix: str, limit: int) -> list[str]:
        from qtmail.core.store import Store

        if not profile.store_file.exists():
            return []
        with Store.open(profile.store_file, bodies_dir=profile.bodies_dir) as store:
            suggestions = store.addresses.complete(prefix, limit)
        return [format_addresses([Address(s.name, s.address)]) for s in suggestions]

    return complete
