"""An in-process transport straight into an applet (no pcscd): fast unit tests, CPU benchmarks."""

from __future__ import annotations

from devkit.virtual_card.applet import CardRemovedNow, EmrtdApplet
from readers.pcsc.errors import CardRemoved
from readers.pcsc.transport import CardTransport


class AppletTransport(CardTransport):
    """Hands each APDU to ``applet.process``; a pulled card becomes :class:`CardRemoved`."""

    def __init__(self, applet: EmrtdApplet) -> None:
        super().__init__()
        self.applet = applet
        self.removed = False

    def _transmit_raw(self, apdu: bytes) -> bytes:
        if self.removed:
            raise CardRemoved("The card was removed from the reader.")
        try:
            return self.applet.process(apdu)
        except CardRemovedNow:
            self.removed = True
            raise CardRemoved("The card was removed from the reader.") from None
