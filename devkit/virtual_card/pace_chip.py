"""The chip's side of PACE, for the virtual card and for tests.

:class:`PaceChip` answers MSE:Set AT and the four GENERAL AUTHENTICATE steps
exactly as ICAO 9303-11 asks of a card: it picks the nonce, checks the
terminal's points and token, and answers ``6300`` to a wrong token (a wrong
CAN), after which it is ready for a new MSE:Set AT at once.
"""

from __future__ import annotations

import enum
import hmac
import secrets

from readers.chip.pace import messages as m
from readers.chip.pace.card_access import PaceInfo
from readers.chip.pace.curves import standard_domain
from readers.chip.pace.errors import PaceProtocolError
from readers.chip.pace.keys import PacePassword, SessionKeys, authentication_token, encrypt_nonce, password_key
from readers.chip.pace.mapping import EcKeyPair, KeySource, map_generator, random_scalar, shared_secret
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU

SW_WRONG_TOKEN = 0x6300
SW_WRONG_DATA = 0x6A80
SW_WRONG_ORDER = 0x6985       # conditions of use not satisfied
SW_INS_NOT_SUPPORTED = 0x6D00


class _ChipState(enum.Enum):
    IDLE = 0
    SET = 1            # MSE:Set AT accepted, nonce not yet sent
    NONCE_SENT = 2
    MAPPED = 3
    AGREED = 4
    ESTABLISHED = 5


class PaceChip:
    """One card's PACE engine: configured with its password and the variant it offers."""

    def __init__(self, password: PacePassword, info: PaceInfo, *,
                 key_source: KeySource = random_scalar, nonce_source=secrets.token_bytes):
        self._password = password
        self._info = info
        self._key_source = key_source
        self._nonce_source = nonce_source
        self._domain = standard_domain(info.parameter_id)
        self.session_keys: SessionKeys | None = None
        self._reset()

    def _reset(self) -> None:
        self._state = _ChipState.IDLE
        self._run: dict = {}

    @property
    def established(self) -> bool:
        """True once the terminal's token verified and the card sent its own."""
        return self._state is _ChipState.ESTABLISHED

    def handle(self, c: CommandAPDU) -> ResponseAPDU:
        """Answer one plain command (MSE:Set AT or GENERAL AUTHENTICATE)."""
        if c.ins == m.INS_MSE and c.p1 == 0xC1 and c.p2 == 0xA4:
            data, sw = b"", self._set_at(c.data)
        elif c.ins == m.INS_GENERAL_AUTHENTICATE:
            data, sw = self._general_authenticate(c.data)
        else:
            data, sw = b"", SW_INS_NOT_SUPPORTED
        return ResponseAPDU(data, sw >> 8, sw & 0xFF)

    def _set_at(self, data: bytes) -> int:
        self._reset()
        self.session_keys = None
        try:
            objects = m.parse_objects(data, step="MSE:Set AT")
        except PaceProtocolError:
            return SW_WRONG_DATA
        parameter = objects.get(m.TAG_PARAMETER_ID)
        if (objects.get(m.TAG_PROTOCOL) != self._info.oid_bytes
                or objects.get(m.TAG_PASSWORD_REF) != bytes([int(self._password.kind)])
                or (parameter is not None and parameter != bytes([self._info.parameter_id]))):
            return SW_WRONG_DATA
        self._state = _ChipState.SET
        return m.SW_OK

    def _general_authenticate(self, data: bytes) -> tuple[bytes, int]:
        step = {_ChipState.SET: self._send_nonce, _ChipState.NONCE_SENT: self._map,
                _ChipState.MAPPED: self._agree, _ChipState.AGREED: self._authenticate}.get(self._state)
        if step is None:
            self._reset()
            return b"", SW_WRONG_ORDER
        try:
            return step(m.dynamic_auth_objects(data, step="general authenticate"))
        except PaceProtocolError:  # includes points off the curve
            self._reset()
            return b"", SW_WRONG_DATA

    @staticmethod
    def _answer(tag: int, value: bytes) -> tuple[bytes, int]:
        return m.dynamic_auth_answer(tag, value), m.SW_OK

    def _send_nonce(self, objects: dict[int, bytes]) -> tuple[bytes, int]:
        if objects:
            raise PaceProtocolError("Step 1 carries no data.")
        nonce = self._nonce_source(16)
        self._run["nonce"] = nonce
        self._state = _ChipState.NONCE_SENT
        k_pi = password_key(self._password, self._info.key_length)
        return self._answer(m.TAG_NONCE, encrypt_nonce(k_pi, nonce))

    def _map(self, objects: dict[int, bytes]) -> tuple[bytes, int]:
        terminal_public = self._domain.decode(_required(objects, m.TAG_MAP_IFD), what="mapping key")
        key = EcKeyPair.generate(self._domain, self._key_source)
        self._run["mapped"] = map_generator(self._domain, self._run.pop("nonce"), key, terminal_public)
        self._state = _ChipState.MAPPED
        return self._answer(m.TAG_MAP_IC, key.encoded)

    def _agree(self, objects: dict[int, bytes]) -> tuple[bytes, int]:
        domain = self._run.pop("mapped")
        terminal_encoded = _required(objects, m.TAG_EPH_IFD)
        terminal_public = domain.decode(terminal_encoded, what="ephemeral key")
        key = EcKeyPair.generate(domain, self._key_source)
        keys = SessionKeys.derive(shared_secret(domain, key, terminal_public), self._info.key_length)
        self._run.update(keys=keys, own=key.encoded, terminal=terminal_encoded)
        self._state = _ChipState.AGREED
        return self._answer(m.TAG_EPH_IC, key.encoded)

    def _authenticate(self, objects: dict[int, bytes]) -> tuple[bytes, int]:
        keys: SessionKeys = self._run["keys"]
        oid = self._info.oid_bytes
        expected = authentication_token(keys.ks_mac, oid, self._run["own"])
        if not hmac.compare_digest(_required(objects, m.TAG_TOKEN_IFD), expected):
            self._reset()
            return b"", SW_WRONG_TOKEN
        answer = self._answer(m.TAG_TOKEN_IC, authentication_token(keys.ks_mac, oid, self._run["terminal"]))
        self.session_keys = keys
        self._state = _ChipState.ESTABLISHED
        self._run = {}
        return answer


def _required(objects: dict[int, bytes], tag: int) -> bytes:
    if tag not in objects:
        raise PaceProtocolError(f"Data object {tag:02X} missing.")
    return objects[tag]
