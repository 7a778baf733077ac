"""PyInstaller entry point: the same as the ``qtmail`` console script."""

import sys

from qtmail.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
