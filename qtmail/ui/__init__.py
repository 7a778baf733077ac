"""The Qt user interface. Talks to ``qtmail.core`` through worker threads."""
