"""PyInstaller entry point: the same as the ``qtmail`` console script."""

from qtmail.cli.main import run_and_exit

if __name__ == "__main__":
    run_and_exit()
