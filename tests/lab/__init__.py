"""The private Dovecot + Postfix mail lab for integration tests (see ``python -m tests.lab``)."""

from tests.lab.cutter import ConnectionCutter
from tests.lab.errors import LabError
from tests.lab.lab import Lab, LabUser, missing_tools

__all__ = ["ConnectionCutter", "Lab", "LabError", "LabUser", "missing_tools"]
