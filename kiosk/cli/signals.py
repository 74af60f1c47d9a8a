"""Stopping long-running commands (`simulator`, `doctor --serve`) cleanly.

A process started as a background job of a non-interactive shell inherits
SIGINT *ignored*, and Python then installs no Ctrl-C handler; systemd stops
services with SIGTERM. Both must end the serve loop the same way.
"""

from __future__ import annotations

import signal


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Make Ctrl-C (SIGINT) and SIGTERM raise KeyboardInterrupt on the main thread."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
