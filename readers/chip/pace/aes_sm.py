"""Secure messaging with AES after PACE (ICAO 9303-11 §9.8, AES variant).

The send sequence counter (SSC) is a 16-byte counter that starts at 0 after
PACE and is incremented before every command and every response. Data is
padded with ISO/IEC 9797-1 method 2, encrypted with AES-CBC under KS_enc with
``IV = AES-ECB(KS_enc, SSC)``, and authenticated with AES-CMAC under KS_mac,
truncated to 8 bytes. The terminal side (:class:`AesSecureMessaging`) wraps
commands and unwraps responses; :class:`AesCardSecureMessaging` does the
opposite for the virtual card.
"""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from readers.chip.pace.errors import SecureMessagingError
from readers.chip.pace.keys import AES_BLOCK, aes_cmac
from readers.chip.pace.messages import CommandFields, command_apdu, parse_command, parse_tlvs, tlv

MAC_LENGTH = 8
_SSC_LIMIT = 1 << (8 * AES_BLOCK)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a whole block."""
    data = data + b"\x80"
    return data + bytes(-len(data) % AES_BLOCK)


def unpad(data: bytes) -> bytes:
    """Remove method-2 padding; ``ValueError`` if there is none."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80 or len(data) - len(stripped) >= AES_BLOCK:
        raise ValueError("bad padding")
    return stripped[:-1]


class AesSecureChannel:
    """Keys, counter and the three primitives both sides share."""

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int = 0):
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc):
            raise ValueError("AES session keys must be 16, 24 or 32 bytes, both the same length")
        self._ks_enc = ks_enc
        self._ks_mac = ks_mac
        self.ssc = ssc

    def __repr__(self) -> str:  # never show the keys
        return f"{self.__class__.__name__}(ssc={self.ssc})"

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % _SSC_LIMIT
        return self.ssc.to_bytes(AES_BLOCK, "big")

    def _iv(self, ssc: bytes) -> bytes:
        e = Cipher(algorithms.AES(self._ks_enc), modes.ECB()).encryptor()
        return e.update(ssc) + e.finalize()

    def _encrypt(self, ssc: bytes, plain: bytes) -> bytes:
        e = Cipher(algorithms.AES(self._ks_enc), modes.CBC(self._iv(ssc))).encryptor()
        return e.update(pad(plain)) + e.finalize()

    def _decrypt(self, ssc: bytes, cryptogram: bytes) -> bytes:
        if not cryptogram or len(cryptogram) % AES_BLOCK:
            raise ValueError("cryptogram is not whole blocks")
        d = Cipher(algorithms.AES(self._ks_enc), modes.CBC(self._iv(ssc))).decryptor()
        return unpad(d.update(cryptogram) + d.finalize())

    def _mac(self, ssc: bytes, data: bytes) -> bytes:
        return aes_cmac(self._ks_mac, pad(ssc + data))[:MAC_LENGTH]


def _data_objects(ins: int, cryptogram: bytes | None) -> bytes:
    if cryptogram is None:
        return b""
    if ins & 1:  # odd INS (e.g. READ BINARY B1): DO'85', no padding-content indicator
        return tlv(0x85, cryptogram)
    return tlv(0x87, b"\x01" + cryptogram)


class AesSecureMessaging(AesSecureChannel):
    """Terminal side: protect command APDUs, verify and open response APDUs."""

    def wrap(self, command: bytes) -> bytes:
        """The protected form of a plain short command APDU."""
        c = parse_command(command)
        ssc = self._next_ssc()
        cla = c.cla | 0x0C
        body = _data_objects(c.ins, self._encrypt(ssc, c.data) if c.data else None)
        if c.le is not None:
            body += tlv(0x97, bytes([c.le]))
        mac = self._mac(ssc, pad(bytes([cla, c.ins, c.p1, c.p2])) + body)
        return command_apdu(cla, c.ins, c.p1, c.p2, body + tlv(0x8E, mac), 0)

    def unwrap(self, response: bytes) -> tuple[bytes, int]:
        """``(plain data, status word)`` of a protected response; MAC checked before decrypting.

        Raises :class:`SecureMessagingError` when the card answered without
        secure messaging (it has ended the session, e.g. 6987/6988), the
        response is malformed, or the MAC does not verify.
        """
        if len(response) < 2:
            raise SecureMessagingError("the card's protected answer is too short")
        data, sw = response[:-2], int.from_bytes(response[-2:], "big")
        ssc = self._next_ssc()
        if not data:
            raise SecureMessagingError(f"the card ended secure messaging (status {sw:04X})", status_word=sw)
        try:
            objects = parse_tlvs(data, step="secure messaging")
        except Exception:
            raise SecureMessagingError("the card's protected answer is malformed", status_word=sw) from None
        if 0x8E not in objects or 0x99 not in objects or len(objects[0x99]) != 2:
            raise SecureMessagingError("the card's protected answer lacks its MAC or status", status_word=sw)
        mac_object = tlv(0x8E, objects[0x8E])
        # DO'8E' must come last: the MAC covers every data object before it
        if len(objects[0x8E]) != MAC_LENGTH or not data.endswith(mac_object) or not hmac.compare_digest(
                self._mac(ssc, data[:-len(mac_object)]), objects[0x8E]):
            raise SecureMessagingError("the card's answer failed its integrity check (MAC)", status_word=sw)
        plain = b""
        cryptogram = objects.get(0x87)
        if cryptogram is not None:
            try:
                if cryptogram[:1] != b"\x01":
                    raise ValueError("unknown padding indicator")
                plain = self._decrypt(ssc, cryptogram[1:])
            except ValueError:
                raise SecureMessagingError("the card's protected answer does not decrypt", status_word=sw) from None
        elif 0x85 in objects:
            try:
                plain = self._decrypt(ssc, objects[0x85])
            except ValueError:
                raise SecureMessagingError("the card's protected answer does not decrypt", status_word=sw) from None
        return plain, int.from_bytes(objects[0x99], "big")


class AesCardSecureMessaging(AesSecureChannel):
    """Chip side (virtual card): open protected commands, protect responses."""

    def unwrap_command(self, command: bytes) -> CommandFields:
        """The plain command inside a protected APDU; :class:`SecureMessagingError` if it fails."""
        try:
            c = parse_command(command)
            objects = parse_tlvs(c.data, step="secure messaging")
        except Exception:
            raise SecureMessagingError("the protected command is malformed") from None
        ssc = self._next_ssc()
        mac = objects.get(0x8E)
        if c.cla & 0x0C != 0x0C or mac is None or not c.data.endswith(tlv(0x8E, mac)):
            raise SecureMessagingError("the command is not protected")
        header = pad(bytes([c.cla, c.ins, c.p1, c.p2]))
        if not hmac.compare_digest(self._mac(ssc, header + c.data[:-len(tlv(0x8E, mac))]), mac):
            raise SecureMessagingError("the command failed its integrity check (MAC)")
        try:
            if 0x87 in objects:
                if objects[0x87][:1] != b"\x01":
                    raise ValueError("unknown padding indicator")
                plain = self._decrypt(ssc, objects[0x87][1:])
            elif 0x85 in objects:
                plain = self._decrypt(ssc, objects[0x85])
            else:
                plain = b""
        except ValueError:
            raise SecureMessagingError("the protected command does not decrypt") from None
        le = objects.get(0x97)
        return CommandFields(c.cla & ~0x0C & 0xFF, c.ins, c.p1, c.p2, plain,
                             None if le is None else (le[-1] if le else 0))

    def wrap_response(self, ins: int, data: bytes, sw: int) -> bytes:
        """The protected response for plain ``data`` and status ``sw``."""
        ssc = self._next_ssc()
        body = _data_objects(ins, self._encrypt(ssc, data) if data else None)
        body += tlv(0x99, sw.to_bytes(2, "big"))
        return body + tlv(0x8E, self._mac(ssc, body)) + sw.to_bytes(2, "big")
