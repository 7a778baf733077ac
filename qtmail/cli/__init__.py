"""Command-line entry points: the GUI by default, subcommands for headless work."""
