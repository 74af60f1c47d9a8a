"""Secure messaging (ICAO 9303-11 §9.8): the cipher-independent part.

:class:`SecureMessaging` keeps the send sequence counter (SSC), builds and
checks DO'87'/'85' (data), DO'97' (Le), DO'99' (status) and DO'8E' (MAC)
and pads; a subclass supplies four primitives for one cipher suite:
``block_size``, :meth:`encrypt`, :meth:`decrypt` and :meth:`mac`
(3DES + retail MAC in :mod:`readers.chip.sm_des`; AES + CMAC for PACE).
The SSC width is the length of the initial SSC (8 bytes for 3DES, 16 for
AES). This is the terminal side (:meth:`wrap`/:meth:`unwrap`); the card's
half lives in the dev kit (``devkit.virtual_card.card_sm``).

The MAC of an answer is always checked before its data is decrypted or used.
"""

from __future__ import annotations

import hmac
from abc import ABC, abstractmethod

from readers.chip import tlv
from readers.chip.crypto import pad, unpad
from readers.chip.errors import MalformedData, SecureMessagingError
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU

MAC_LENGTH = 8


class SecureMessaging(ABC):
    """One secure-messaging session; subclass per cipher suite."""

    #: cipher block size in bytes (padding unit): 8 for 3DES, 16 for AES
    block_size: int = 8

    def __init__(self, ssc: bytes) -> None:
        self.ssc_size = len(ssc)
        self._ssc = int.from_bytes(ssc, "big")

    # ---- primitives a cipher suite provides ---------------------------------
    @abstractmethod
    def encrypt(self, padded: bytes) -> bytes:
        """Encrypt block-aligned data (AES derives its IV from :attr:`ssc`)."""

    @abstractmethod
    def decrypt(self, data: bytes) -> bytes:
        """Decrypt block-aligned data (same IV rule as :meth:`encrypt`)."""

    @abstractmethod
    def mac(self, padded: bytes) -> bytes:
        """The 8-byte MAC of already-padded data (SSC included by the caller)."""

    # ---- SSC and padding ---------------------------------------------------------
    @property
    def ssc(self) -> bytes:
        """The current send sequence counter as bytes."""
        return self._ssc.to_bytes(self.ssc_size, "big")

    def increment(self) -> None:
        """Add one to the SSC (before each command and each response)."""
        self._ssc = (self._ssc + 1) % (1 << (8 * self.ssc_size))

    def pad(self, data: bytes) -> bytes:
        """ISO 9797-1 method 2 padding to this suite's block size."""
        return pad(data, self.block_size)

    def _mac_of(self, *parts: bytes) -> bytes:
        return self.mac(self.pad(self.ssc + b"".join(parts)))

    def _check_mac(self, expected: bytes, *parts: bytes) -> None:
        if not hmac.compare_digest(self._mac_of(*parts), expected):
            raise SecureMessagingError("The card's answer failed its integrity check (MAC).")

    def _encrypted_do(self, ins: int, data: bytes) -> bytes:
        # Odd INS (e.g. B1) carries BER-TLV data: DO'85' without the padding-indicator byte.
        if ins & 1:
            return tlv.encode(0x85, self.encrypt(self.pad(data)))
        return tlv.encode(0x87, b"\x01" + self.encrypt(self.pad(data)))

    def _decrypt_do(self, dos: dict[int, bytes]) -> bytes:
        if 0x87 in dos:
            body = dos[0x87]
            if not body or body[0] != 0x01 or (len(body) - 1) % self.block_size:
                raise SecureMessagingError("The card sent a malformed encrypted data object.")
            body = body[1:]
        elif 0x85 in dos:
            body = dos[0x85]
            if len(body) % self.block_size:
                raise SecureMessagingError("The card sent a malformed encrypted data object.")
        else:
            return b""
        try:
            return unpad(self.decrypt(body))
        except ValueError:
            raise SecureMessagingError("The card's encrypted data has bad padding.") from None

    @staticmethod
    def _le_do(ne: int | None, extended: bool) -> bytes:
        if ne is None:
            return b""
        if extended:
            return tlv.encode(0x97, (0 if ne >= 65536 else ne).to_bytes(2, "big"))
        return tlv.encode(0x97, bytes((0 if ne >= 256 else ne,)))

    @staticmethod
    def _parse_dos(data: bytes) -> dict[int, bytes]:
        try:
            return tlv.children(data)
        except MalformedData:
            raise SecureMessagingError("The card sent a malformed secure-messaging answer.") from None

    # ---- terminal side -------------------------------------------------------------
    def wrap(self, command: CommandAPDU) -> CommandAPDU:
        """Protect a plain command: CLA|0C, DO'87'/'85', DO'97', DO'8E'."""
        self.increment()
        cla = command.cla | 0x0C
        header = self.pad(bytes((cla, command.ins, command.p1, command.p2)))
        data_do = self._encrypted_do(command.ins, command.data) if command.data else b""
        le_do = self._le_do(command.ne, command.extended)
        mac_do = tlv.encode(0x8E, self._mac_of(header, data_do, le_do))
        body = data_do + le_do + mac_do
        extended = command.extended or len(body) > 255
        return CommandAPDU(cla, command.ins, command.p1, command.p2, body,
                           65536 if extended else 256)

    def unwrap(self, response: ResponseAPDU) -> ResponseAPDU:
        """Check and decrypt a protected answer; plain error answers pass through.

        A card that aborts secure messaging answers a bare status word (e.g.
        6987/6988/6A82): it is returned as is and the caller decides.
        """
        self.increment()
        if not response.data:
            return response
        dos = self._parse_dos(response.data)
        if 0x8E not in dos:
            raise SecureMessagingError("The card's answer carries no MAC.")
        parts = []
        for element in tlv.iterate(response.data):  # MAC covers DO'85'/'87'/'99' in order
            if element.tag in (0x85, 0x87, 0x99):
                parts.append(tlv.encode(element.tag, element.value))
        self._check_mac(dos[0x8E], *parts)
        status = dos.get(0x99, bytes((response.sw1, response.sw2)))
        if len(status) != 2:
            raise SecureMessagingError("The card sent a malformed status object.")
        return ResponseAPDU(self._decrypt_do(dos), status[0], status[1])
