"""APDU senders: the ISO 7816-4 / ICAO commands, plain or through secure messaging.

:class:`CardChannel` is the one place a command meets secure messaging: it
wraps each command when a session is active and unwraps the answer (MAC
checked first). Access protocols (BAC, PACE) call :meth:`CardChannel.start_sm`
when they have session keys.
"""

from __future__ import annotations

from readers.chip import tlv
from readers.chip.errors import FileAccessDenied, FileNotOnCard, NotAnIdCard, SecureMessagingError
from readers.chip.sm import SecureMessaging
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from readers.pcsc.errors import StatusWordError
from readers.pcsc.transport import CardTransport

EMRTD_AID = bytes.fromhex("A0000002471001")

# File identifiers of the LDS1 application.
EF_CARD_ACCESS = 0x011C
EF_COM = 0x011E
EF_SOD = 0x011D
DG_FIDS = {n: 0x0100 + n for n in range(1, 17)}


class CardChannel:
    """A transport plus the current secure-messaging session (if any)."""

    def __init__(self, transport: CardTransport) -> None:
        self.transport = transport
        self.sm: SecureMessaging | None = None

    def start_sm(self, sm: SecureMessaging) -> None:
        """Protect every following command with ``sm``."""
        self.sm = sm

    def send(self, command: CommandAPDU) -> ResponseAPDU:
        """Send a command (protected when a session is active); return the plain answer."""
        if self.sm is None:
            return self.transport.transmit(command)
        response = self.transport.transmit(self.sm.wrap(command))
        if response.sw in (0x6987, 0x6988):  # the card says our SM objects are wrong/missing
            raise SecureMessagingError("The card rejected the secure-messaging session.")
        return self.sm.unwrap(response)

    # ---- commands ------------------------------------------------------------------
    def select_application(self, aid: bytes = EMRTD_AID) -> None:
        """SELECT the eMRTD application by AID (P2=0C: no FCI)."""
        r = self.send(CommandAPDU(0x00, 0xA4, 0x04, 0x0C, aid))
        if not r.ok:
            raise NotAnIdCard("This card is not an ID card or passport (no eMRTD application).")

    def select_file(self, fid: int) -> None:
        """SELECT an EF by its file identifier."""
        r = self.send(CommandAPDU(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        check_file_status(r, fid)

    def read_binary(self, offset: int, length: int) -> ResponseAPDU:
        """READ BINARY (B0) ``length`` bytes at ``offset`` (< 32768); raw answer."""
        return self.send(CommandAPDU(0x00, 0xB0, offset >> 8, offset & 0xFF, b"", length))

    def read_binary_odd(self, offset: int, length: int) -> ResponseAPDU:
        """READ BINARY odd INS (B1) for offsets past 32767; unwraps DO'53'."""
        data = b"\x54" + _offset_bytes(offset)
        r = self.send(CommandAPDU(0x00, 0xB1, 0x00, 0x00, data, length))
        if r.data:
            r = ResponseAPDU(tlv.read(r.data).value, r.sw1, r.sw2)
        return r

    def get_challenge(self) -> bytes:
        """GET CHALLENGE: 8 random bytes from the card."""
        r = self.send(CommandAPDU(0x00, 0x84, 0x00, 0x00, b"", 8))
        if not r.ok or len(r.data) != 8:
            raise StatusWordError(f"The card refused GET CHALLENGE (status {r.sw:04X}).", r.sw)
        return r.data

    def external_authenticate(self, data: bytes, ne: int = 40) -> ResponseAPDU:
        """EXTERNAL/MUTUAL AUTHENTICATE (82) with BAC's E.IFD ‖ M.IFD."""
        return self.send(CommandAPDU(0x00, 0x82, 0x00, 0x00, data, ne))


def _offset_bytes(offset: int) -> bytes:
    length = max(1, (offset.bit_length() + 7) // 8)
    return bytes((length,)) + offset.to_bytes(length, "big")


def check_file_status(r: ResponseAPDU, fid: int) -> None:
    """Map a SELECT/READ status word to the chip layer's typed errors."""
    if r.ok or r.sw == 0x6282:
        return
    if r.sw in (0x6A82, 0x6A80, 0x6A86):
        raise FileNotOnCard(f"The card has no file {fid:04X}.")
    if r.sw in (0x6982, 0x6985, 0x6986):
        raise FileAccessDenied(f"The card does not allow reading file {fid:04X}.")
    raise StatusWordError(f"The card refused file {fid:04X} (status {r.sw:04X}).", r.sw)
