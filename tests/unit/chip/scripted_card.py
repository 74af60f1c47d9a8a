"""A card that replays scripted answers and records commands (JMRTD ScriptedCardService).

It implements the real transport API (``_transmit_raw``), so everything above
the hardware runs unchanged.
"""

from __future__ import annotations

from readers.pcsc.transport import CardTransport


class ScriptedCard(CardTransport):
    """Answers each APDU with the next scripted reply; checks the command when scripted.

    ``script`` is a list of ``(expected_command_or_None, reply)`` byte pairs;
    a reply may also be an exception instance to raise.
    """

    def __init__(self, script):
        super().__init__()
        self.script = list(script)
        self.sent: list[bytes] = []

    def _transmit_raw(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        if not self.script:
            raise AssertionError(f"unscripted command {apdu.hex().upper()}")
        expected, reply = self.script.pop(0)
        if expected is not None and expected != apdu:
            raise AssertionError(f"expected {expected.hex().upper()}, got {apdu.hex().upper()}")
        if isinstance(reply, BaseException):
            raise reply
        return reply
