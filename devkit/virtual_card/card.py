"""Build the applet of a virtual card from its profile: one place for every caller.

The CLI, the tests, the demo and the benchmark all come here, so adding an
access protocol to the virtual card (PACE) means adding its installer to
:func:`default_extensions` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from devkit.virtual_card.applet import EmrtdApplet
from devkit.virtual_card.faults import Faults
from devkit.virtual_card.lds_files import CardProfile

Extension = Callable[[EmrtdApplet], None]


def default_extensions() -> list[Extension]:
    """Installers run on every new applet: PACE-CAN's handlers and EF.CardAccess."""
    from devkit.virtual_card.pace import install_pace
    return [install_pace]


def make_applet(profile: CardProfile, files: dict[int, bytes], faults: Faults | None = None,
                *, bac_only: bool = False, **options) -> EmrtdApplet:
    """A fresh applet answering for ``profile`` with ``files`` (see :class:`EmrtdApplet` options).

    ``bac_only`` leaves PACE out (no EF.CardAccess, MSE:Set AT answered 6D00),
    like older chips, to exercise the reader's fallback to BAC.
    """
    options.setdefault("extensions", [] if bac_only else default_extensions())
    return EmrtdApplet(files, profile.mrz_info, faults, can=profile.can, **options)
