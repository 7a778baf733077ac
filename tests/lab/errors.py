"""The lab's own error: says which server failed and carries the log tail."""


class LabError(RuntimeError):
    pass
