"""The card's half of ICAO 9303-11 secure messaging, for the virtual card.

The kiosk only ever wraps commands and unwraps answers
(:class:`readers.chip.sm.SecureMessaging`); the card does the opposite with
the same session keys and counter. These two functions are that opposite.
"""

from __future__ import annotations

from readers.chip import tlv
from readers.chip.errors import SecureMessagingError
from readers.chip.sm import SecureMessaging
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU


def unwrap_command(sm: SecureMessaging, command: CommandAPDU) -> CommandAPDU:
    """Check and decrypt a protected command, as the card does."""
    sm.increment()
    if command.cla & 0x0C != 0x0C:
        raise SecureMessagingError("The command is not protected.")
    dos = sm._parse_dos(command.data)
    if 0x8E not in dos:
        raise SecureMessagingError("The command carries no MAC.")
    header = sm.pad(bytes((command.cla, command.ins, command.p1, command.p2)))
    parts = [tlv.encode(t, dos[t]) for t in (0x85, 0x87, 0x97) if t in dos]
    sm._check_mac(dos[0x8E], header, *parts)
    ne = None
    if 0x97 in dos:
        le = int.from_bytes(dos[0x97], "big")
        ne = le or (65536 if len(dos[0x97]) == 2 else 256)
    return CommandAPDU(command.cla & ~0x0C & 0xFF, command.ins, command.p1, command.p2,
                       sm._decrypt_do(dos), ne)


def wrap_response(sm: SecureMessaging, response: ResponseAPDU, ins: int = 0xB0) -> ResponseAPDU:
    """Protect a plain answer, as the card does: DO'87'/'85', DO'99', DO'8E'."""
    sm.increment()
    data_do = sm._encrypted_do(ins, response.data) if response.data else b""
    status_do = tlv.encode(0x99, bytes((response.sw1, response.sw2)))
    mac_do = tlv.encode(0x8E, sm._mac_of(data_do, status_do))
    return ResponseAPDU(data_do + status_do + mac_do, response.sw1, response.sw2)
