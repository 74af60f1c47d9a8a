"""Command and response APDUs (ISO 7816-4) as small immutable values."""

from __future__ import annotations

from dataclasses import dataclass

from readers.pcsc.errors import CommunicationError


@dataclass(frozen=True)
class CommandAPDU:
    """One command: header, optional data, optional Ne (expected length).

    ``ne`` is the number of bytes expected back: None for none, 256 (short) or
    65536 (extended) for "as many as there are".
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    ne: int | None = None

    @property
    def extended(self) -> bool:
        """True when the command needs extended length fields."""
        return len(self.data) > 255 or (self.ne is not None and self.ne > 256)

    def to_bytes(self) -> bytes:
        """The APDU as sent on the wire (short or extended length encoding)."""
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.extended:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.ne is not None:
                le = 0 if self.ne >= 65536 else self.ne
                out += (b"" if self.data else b"\x00") + le.to_bytes(2, "big")
            return out
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.ne is not None:
            out += bytes((0 if self.ne >= 256 else self.ne,))
        return out

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandAPDU:
        """Parse a wire APDU (used by the virtual card); ValueError if malformed."""
        if len(raw) < 4:
            raise ValueError("APDU shorter than its header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, b"", body[0] or 256)
        if body[0] != 0:
            lc = body[0]
            data = body[1:1 + lc]
            rest = body[1 + lc:]
            if len(data) != lc or len(rest) > 1:
                raise ValueError("APDU Lc does not match its data")
            return cls(cla, ins, p1, p2, data, (rest[0] or 256) if rest else None)
        # extended
        if len(body) == 3:
            return cls(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536)
        lc = int.from_bytes(body[1:3], "big")
        data = body[3:3 + lc]
        rest = body[3 + lc:]
        if len(data) != lc or len(rest) not in (0, 2):
            raise ValueError("extended APDU Lc does not match its data")
        ne = (int.from_bytes(rest, "big") or 65536) if rest else None
        return cls(cla, ins, p1, p2, data, ne)

    def describe(self) -> str:
        """Header and lengths only: safe for logs (the data may be personal)."""
        return (f"{self.cla:02X} {self.ins:02X} {self.p1:02X} {self.p2:02X}"
                f" Lc={len(self.data)} Ne={self.ne}")


@dataclass(frozen=True)
class ResponseAPDU:
    """One response: data and the two status-word bytes."""

    data: bytes
    sw1: int
    sw2: int

    @property
    def sw(self) -> int:
        """The status word as one number, e.g. 0x9000."""
        return (self.sw1 << 8) | self.sw2

    @property
    def ok(self) -> bool:
        """True for 9000 (success)."""
        return self.sw == 0x9000

    def to_bytes(self) -> bytes:
        """Data followed by SW1 SW2."""
        return self.data + bytes((self.sw1, self.sw2))

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseAPDU:
        """Split a raw response; :class:`CommunicationError` if under 2 bytes."""
        if len(raw) < 2:
            raise CommunicationError("The card sent a response without a status word.")
        return cls(bytes(raw[:-2]), raw[-2], raw[-1])
