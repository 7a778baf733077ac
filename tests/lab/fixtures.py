"""pytest fixtures for the mail lab; ``tests/conftest.py`` star-imports this module.

``lab`` is shared per session (per xdist worker): tests create their own users and never stop servers.
``own_lab`` is a fresh lab per test, for tests that stop or restart servers.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from tests.lab.dovecot import DEFAULT_CAPABILITIES
from tests.lab.lab import Lab, LabUser, missing_tools

__all__ = [
    "lab",
    "lab_apop",
    "lab_condstore_no_enable",
    "lab_condstore_no_qresync",
    "lab_imap4rev1",
    "lab_no_condstore",
    "lab_no_idle",
    "lab_no_uidplus_move",
    "lab_user",
    "own_lab",
    "pytest_runtest_makereport",
]

_LOG_MARKS = pytest.StashKey[dict[int, object]]()


def _start_lab(condstore: bool = True, apop: bool = False, hidden: tuple[str, ...] = ()) -> Lab:
    from tests.conftest import require_tool  # late: tests/conftest.py imports this module

    problems = missing_tools()
    require_tool(not problems, "the mail lab (" + "; ".join(problems) + ")")
    return Lab.start(condstore=condstore, apop=apop, hidden_capabilities=hidden)


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """The shared lab: make your own users (``lab.new_user()``), never stop its servers."""
    shared = _start_lab()
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_no_condstore() -> Iterator[Lab]:
    """A shared lab whose Dovecot does not announce CONDSTORE or QRESYNC."""
    shared = _start_lab(condstore=False)
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_apop() -> Iterator[Lab]:
    """A shared lab whose Dovecot offers APOP (its POP3 greeting carries a ``<...@...>`` timestamp)."""
    shared = _start_lab(apop=True)
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_condstore_no_qresync() -> Iterator[Lab]:
    """A shared lab whose Dovecot announces CONDSTORE but not QRESYNC."""
    shared = _start_lab(hidden=("QRESYNC",))
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_condstore_no_enable() -> Iterator[Lab]:
    """A shared lab announcing CONDSTORE without ENABLE or QRESYNC (SELECT ... (CONDSTORE) enables it)."""
    shared = _start_lab(hidden=("QRESYNC", "ENABLE"))
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_no_uidplus_move() -> Iterator[Lab]:
    """A shared lab whose Dovecot announces neither UIDPLUS nor MOVE (it still sends COPYUID,
    which a client that follows CAPABILITY must not rely on)."""
    shared = _start_lab(hidden=("UIDPLUS", "MOVE"))
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_no_idle() -> Iterator[Lab]:
    """A shared lab whose Dovecot does not announce IDLE."""
    shared = _start_lab(hidden=("IDLE",))
    yield shared
    shared.stop()


@pytest.fixture(scope="session")
def lab_imap4rev1() -> Iterator[Lab]:
    """A shared lab announcing bare IMAP4rev1: no extension at all (no ESEARCH, IDLE, UIDPLUS, ...)."""
    shared = _start_lab(hidden=tuple(c for c in DEFAULT_CAPABILITIES.split() if c != "IMAP4rev1"))
    yield shared
    shared.stop()


@pytest.fixture
def own_lab() -> Iterator[Lab]:
    """A fresh lab for this test alone (stop/restart servers freely)."""
    fresh = _start_lab()
    yield fresh
    fresh.stop()


@pytest.fixture
def lab_user(lab: Lab) -> LabUser:
    """A fresh user on the shared lab."""
    return lab.new_user()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, object, object]:
    """Attach the logs of every lab the test used to a failing test's report."""
    report = yield
    labs = [value for value in getattr(item, "funcargs", {}).values() if isinstance(value, Lab)]
    if not labs:
        return report
    marks = item.stash.setdefault(_LOG_MARKS, {})
    if call.when == "setup":
        for used in labs:
            marks.setdefault(id(used), used.log_mark())
    if getattr(report, "failed", False):
        for used in labs:
            mark = marks.get(id(used))
            try:
                text = used.logs(since=mark) if mark is not None else used.logs(tail=200)  # type: ignore[arg-type]
            except OSError as error:
                text = f"(logs unavailable: {error})"
            report.sections.append((f"mail lab logs ({used.directory})", text))  # type: ignore[attr-defined]
    return report
