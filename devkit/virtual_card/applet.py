"""The card's side of ICAO 9303: an eMRTD applet answering APDUs like a CCCD.

Dispatch is by INS through :attr:`EmrtdApplet.handlers`, so another access
protocol registers its own commands (PACE: ``22`` MSE:Set AT and ``86``
GENERAL AUTHENTICATE) with :meth:`EmrtdApplet.register`, adds
EF.CardAccess to :attr:`EmrtdApplet.mf_files` and calls
:meth:`EmrtdApplet.start_sm` when it has session keys. Secure messaging is
unwrapped before dispatch and the answer wrapped after it, for any handler.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Sequence

from devkit.virtual_card.card_sm import unwrap_command, wrap_response
from devkit.virtual_card.faults import Faults
from readers.chip import tlv
from readers.chip.bac import BacKeys, session_from_key_material
from readers.chip.commands import EMRTD_AID
from readers.chip.crypto import des3_decrypt, des3_encrypt, pad, retail_mac
from readers.chip.errors import SecureMessagingError
from readers.chip.sm import SecureMessaging
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU

Handler = Callable[[CommandAPDU], ResponseAPDU]
DENIED_FIDS = {0x0103, 0x0104}   # DG3/DG4 (fingerprints/iris): EAC only, answer 6982 under BAC


def sw(value: int, data: bytes = b"") -> ResponseAPDU:
    """A response with ``data`` and status word ``value``."""
    return ResponseAPDU(data, value >> 8, value & 0xFF)


class CardRemovedNow(Exception):
    """Raised by the applet to make the runner pull the card out (fault injection)."""


class EmrtdApplet:
    """One card: its files, its BAC key, its session state and its faults."""

    def __init__(self, files: dict[int, bytes], mrz_info: str, faults: Faults | None = None,
                 max_read: int = 256, length_error: int = 0x6700,
                 random: Callable[[int], bytes] = os.urandom, can: str | None = None,
                 extensions: Sequence[Callable[[EmrtdApplet], None]] = ()) -> None:
        self.files = dict(files)
        self.can = can  # PACE card access number (last 6 digits of the ID), for a PACE extension
        self.mf_files: dict[int, bytes] = {}
        self.keys = BacKeys.from_mrz_info(mrz_info)
        self.faults = faults or Faults()
        self.max_read = max_read
        self.length_error = length_error
        self.random = random
        self.handlers: dict[int, Handler] = {0xA4: self._select, 0xB0: self._read_binary,
                                             0xB1: self._read_binary_odd, 0x84: self._get_challenge,
                                             0x82: self._external_authenticate}
        self.apdus = 0
        self.reads = 0
        self.protected_answers = 0
        if self.faults.tamper_dg13 and 0x010D in self.files:
            dg13 = bytearray(self.files[0x010D])
            dg13[-1] ^= 0x01  # after EF.SOD was signed: the hash no longer matches
            self.files[0x010D] = bytes(dg13)
        if self.faults.malformed_com:
            # the data-group list written as ASCII text "6175" under a length of 2
            self.files[0x011E] = bytes.fromhex("600D5F0104303130375C02") + b"6175"
        self.reset()
        for install in extensions:  # e.g. PACE: registers its INS handlers and EF.CardAccess
            install(self)

    def register(self, ins: int, handler: Handler) -> None:
        """Let another protocol answer commands with this INS."""
        self.handlers[ins] = handler

    def reset(self) -> None:
        """Power-on / reset: no application selected, no secure messaging."""
        self.app_selected = False
        self.current: int | None = None
        self.sm: SecureMessaging | None = None
        self.rnd_ic: bytes | None = None

    def start_sm(self, sm: SecureMessaging) -> None:
        """Protect every following exchange with ``sm`` (after BAC or PACE)."""
        self.sm = sm

    # ---- dispatch ---------------------------------------------------------------------
    def process(self, raw: bytes) -> bytes:
        """Answer one raw command APDU with a raw response APDU."""
        self.apdus += 1
        try:
            command = CommandAPDU.from_bytes(raw)
        except ValueError:
            return sw(0x6700).to_bytes()
        if self.sm is not None:
            if command.cla & 0x0C != 0x0C:
                self.sm = None  # a plain command ends the session, as on real cards
                return sw(0x6982).to_bytes()
            try:
                plain = unwrap_command(self.sm, command)
            except SecureMessagingError:
                self.sm = None
                return sw(0x6988).to_bytes()
            sm = self.sm
            response = self._dispatch(plain)
            if response.sw in (0x6988, 0x6987) or self.sm is not sm:
                return response.to_bytes()
            wrapped = wrap_response(sm, response, plain.ins)
            self.protected_answers += 1
            if self.faults.wrong_mac and self.protected_answers >= 3:
                data = bytearray(wrapped.data)
                data[-1] ^= 0xFF
                wrapped = ResponseAPDU(bytes(data), wrapped.sw1, wrapped.sw2)
            return wrapped.to_bytes()
        return self._dispatch(command).to_bytes()

    def _dispatch(self, command: CommandAPDU) -> ResponseAPDU:
        handler = self.handlers.get(command.ins)
        if handler is None:
            return sw(0x6D00)
        return handler(command)

    # ---- file system ------------------------------------------------------------------
    def _select(self, c: CommandAPDU) -> ResponseAPDU:
        if c.p1 == 0x04:
            if c.data == EMRTD_AID:
                self.app_selected, self.current = True, None
                return sw(0x9000)
            return sw(0x6A82)
        if c.p1 == 0x00 and c.data in (b"", b"\x3f\x00"):
            return sw(0x6D00)  # what the CCCD answers to SELECT MF
        if c.p1 in (0x00, 0x02) and len(c.data) == 2:
            fid = int.from_bytes(c.data, "big")
            known = self.files if self.app_selected else self.mf_files
            if fid in known or (self.app_selected and fid in DENIED_FIDS):
                self.current = fid
                return sw(0x9000)
            return sw(0x6A82)
        return sw(0x6A86)

    def _file_for_read(self) -> tuple[bytes | None, ResponseAPDU | None]:
        if self.current is None:
            return None, sw(0x6986)
        if self.current in DENIED_FIDS or (self.app_selected and self.sm is None):
            return None, sw(0x6982)
        self.reads += 1
        if self.faults.remove_after_reads is not None and self.reads >= self.faults.remove_after_reads:
            raise CardRemovedNow()
        data = (self.files if self.app_selected else self.mf_files)[self.current]
        if self.faults.truncate_fid == self.current:
            data = data[:len(data) // 2]
        return data, None

    def _slice(self, data: bytes, offset: int, ne: int | None) -> ResponseAPDU | None:
        want = ne or 256
        if want > self.max_read:
            if self.length_error == 0x6C00:
                return sw(0x6C00 | (self.max_read & 0xFF))
            return sw(self.length_error)
        if offset > len(data):
            return sw(0x6B00)
        return None

    def _read_binary(self, c: CommandAPDU) -> ResponseAPDU:
        if c.p1 & 0x80:
            return sw(0x6A81)  # short-EF addressing is not offered
        data, error = self._file_for_read()
        if error:
            return error
        offset = (c.p1 << 8) | c.p2
        refused = self._slice(data, offset, c.ne)
        if refused:
            return refused
        chunk = data[offset:offset + (c.ne or 256)]
        return sw(0x9000 if len(chunk) == (c.ne or 256) else 0x6282, chunk)

    def _read_binary_odd(self, c: CommandAPDU) -> ResponseAPDU:
        data, error = self._file_for_read()
        if error:
            return error
        try:
            element = tlv.read(c.data)
        except Exception:
            return sw(0x6A80)
        if element.tag != 0x54 or not element.value:
            return sw(0x6A80)
        offset = int.from_bytes(element.value, "big")
        refused = self._slice(data, offset, c.ne)
        if refused:
            return refused
        chunk = data[offset:offset + (c.ne or 256)]
        return sw(0x9000 if len(chunk) == (c.ne or 256) else 0x6282, tlv.encode(0x53, chunk))

    # ---- BAC ------------------------------------------------------------------------------
    def _get_challenge(self, c: CommandAPDU) -> ResponseAPDU:
        if c.ne != 8:
            return sw(0x6700)
        self.rnd_ic = self.random(8)
        return sw(0x9000, self.rnd_ic)

    def _external_authenticate(self, c: CommandAPDU) -> ResponseAPDU:
        rnd_ic, self.rnd_ic = self.rnd_ic, None
        if rnd_ic is None:
            return sw(0x6985)  # no challenge asked for
        if len(c.data) != 40:
            return sw(0x6700)
        e_ifd, m_ifd = c.data[:32], c.data[32:]
        if not hmac.compare_digest(retail_mac(self.keys.k_mac, pad(e_ifd)), m_ifd):
            return sw(0x6300)  # wrong key: the MAC cannot match
        plain = des3_decrypt(self.keys.k_enc, e_ifd)
        rnd_ifd, challenge, k_ifd = plain[:8], plain[8:16], plain[16:]
        if challenge != rnd_ic:
            return sw(0x6300)
        k_ic = self.random(16)
        e_ic = des3_encrypt(self.keys.k_enc, rnd_ic + rnd_ifd + k_ic)
        answer = e_ic + retail_mac(self.keys.k_mac, pad(e_ic))
        self.sm = session_from_key_material(k_ifd, k_ic, rnd_ic, rnd_ifd)
        return sw(0x9000, answer)
