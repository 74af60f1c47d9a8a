"""Build the applet of a virtual card from its profile: one place for every caller.

The CLI, the tests, the demo and the benchmark all come here, so adding an
access protocol to the virtual card (PACE) means adding its installer to
:func:`default_extensions` and nothing else.
"""

from __future__ import annotations

from typing import Callable

from readers.virtual_card.applet import EmrtdApplet
from readers.virtual_card.faults import Faults
from readers.virtual_card.lds_files import CardProfile

Extension = Callable[[EmrtdApplet], None]


def default_extensions() -> list[Extension]:
    """Installers run on every new applet (e.g. PACE's handlers and EF.CardAccess)."""
    return []


def make_applet(profile: CardProfile, files: dict[int, bytes], faults: Faults | None = None,
                **options) -> EmrtdApplet:
    """A fresh applet answering for ``profile`` with ``files`` (see :class:`EmrtdApplet` options)."""
    options.setdefault("extensions", default_extensions())
    return EmrtdApplet(files, profile.mrz_info, faults, can=profile.can, **options)
