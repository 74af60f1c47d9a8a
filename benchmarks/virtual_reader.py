"""A synthetic citizen's card in the vpcd virtual reader, served by a child process.

The card runs in a child (``kiosk virtual-card``), so the benchmark process's
CPU time is the client's alone.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

READER = "Virtual PCD 00 00"


def reader_available() -> bool:
    """True when pcscd lists the vpcd virtual reader."""
    from readers.errors import ReaderError
    from readers.pcsc.system import list_readers
    try:
        return any(r.name == READER for r in list_readers())
    except ReaderError:
        return False


@contextmanager
def served_card(citizen: str = "valid", *extra_args: str) -> Iterator[str | None]:
    """Serve ``citizen``'s card for the ``with`` block; yields its PKI folder (None if it never appeared)."""
    from readers.pcsc.system import list_readers
    with tempfile.TemporaryDirectory() as tmp:
        child = subprocess.Popen([sys.executable, "-m", "kiosk", "virtual-card", "--citizen", citizen,
                                  "--pki-dir", tmp, "--seconds", "300", *extra_args],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            # The child prints once its card holds the slot lock (or exits: EOF), so the card
            # seen below is ours, not another process's card in the shared virtual reader.
            if "virtual card of" not in (child.stdout.readline() or ""):
                yield None
                return
            deadline = time.monotonic() + 30
            while not any(r.name == READER and r.card_present for r in list_readers()):
                if time.monotonic() > deadline or child.poll() is not None:
                    yield None
                    return
                time.sleep(0.1)
            yield tmp
        finally:
            child.terminate()
            child.wait(10)
