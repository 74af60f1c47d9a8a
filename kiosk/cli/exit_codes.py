"""The CLI's exit codes: the process's own, from ``kiosk.exit_codes`` (the window returns them too)."""

from kiosk.exit_codes import ExitCode

__all__ = ["ExitCode"]
