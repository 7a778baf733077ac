"""Network layer: TLS contexts (``tls``), logged-in IMAP/POP3/SMTP connections (``connect``),
error classification (``errors``) and the per-account protocol log (``protocol_log``).

Import from the submodules; this package imports nothing so ``accounts`` can use ``tls``.
"""
