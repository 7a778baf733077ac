"""qtmail: a desktop e-mail client on Qt 6 with a Qt-free core."""

__version__ = "0.1.0"
