"""Dialogs of the desktop app: account setup and settings, certificate trust."""
