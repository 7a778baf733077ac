"""The mail core: protocols, MIME, store and accounts. Never imports Qt (a test enforces it)."""
