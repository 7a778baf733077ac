"""Receiving: IMAP and POP3 sync into the local store, offline operations, IDLE.

Entry points: :func:`qtmail.core.sync.engine.sync_account` (one account, one pass),
:mod:`qtmail.core.sync.actions` (local changes the GUI makes, replayed on the next sync)
and :class:`qtmail.core.sync.idle.InboxWatcher` (IDLE / NOOP polling on the inbox).

The package ``__init__`` imports nothing so that ``qtmail sync`` starts fast.
"""
