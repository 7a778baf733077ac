"""Allow ``python -m qtmail``."""

import sys

from qtmail.cli.main import main

sys.exit(main())
