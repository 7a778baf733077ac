"""Allow ``python -m qtmail``."""

from qtmail.cli.main import run_and_exit

run_and_exit()
