"""The terminal side of PACE as a state machine over an abstract APDU sender.

``SET_AT → NONCE → MAPPING → KEY_AGREEMENT → MUTUAL_AUTH → ESTABLISHED``;
any failure moves to ``FAILED`` and raises a typed :class:`PaceError`. A run is
a fixed number of APDUs (five), so nothing can loop; a failed run leaves no
state behind and :meth:`PaceTerminal.establish` may be called again at once.
"""

from __future__ import annotations

import enum
import hmac
import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from readers.chip.pace import messages as m
from readers.chip.pace.aes_sm import AesSecureMessaging
from readers.chip.pace.card_access import PaceInfo
from readers.chip.pace.curves import standard_domain
from readers.chip.pace.errors import CardTokenInvalid, PaceNotSupported, PaceProtocolError, PaceWrongPassword
from readers.chip.pace.keys import (
    PacePassword,
    PasswordKind,
    SessionKeys,
    authentication_token,
    decrypt_nonce,
    password_key,
)
from readers.chip.pace.mapping import EcKeyPair, KeySource, map_generator, random_scalar, shared_secret
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU

log = logging.getLogger(__name__)

# Answers to MSE:Set AT meaning "not this way": security status, wrong data,
# referenced data not found, function/instruction/class not supported.
_REFUSALS = {0x6982, 0x6985, 0x6A80, 0x6A81, 0x6A86, 0x6A88, 0x6D00, 0x6E00}
# Answers to the token step meaning "your token is wrong", i.e. a wrong password.
_WRONG_PASSWORD = {0x6300, 0x6982, 0x6988}


class ApduSender(Protocol):
    """Anything that sends one command and returns the answer: a
    :class:`readers.chip.commands.CardChannel` (plain, before secure messaging)."""

    def send(self, command: CommandAPDU) -> ResponseAPDU:
        """Send ``command``; return the card's answer (any status word)."""


class PaceState(enum.Enum):
    """Where a PACE run is."""

    SET_AT = "MSE:Set AT"
    NONCE = "encrypted nonce"
    MAPPING = "generic mapping"
    KEY_AGREEMENT = "key agreement"
    MUTUAL_AUTH = "mutual authentication"
    ESTABLISHED = "established"
    FAILED = "failed"


@dataclass(frozen=True)
class PaceSession:
    """A successful PACE: the session keys and what was negotiated."""

    info: PaceInfo
    password_kind: PasswordKind
    keys: SessionKeys = field(repr=False)
    chip_public_key: bytes = field(repr=False)  # PK_DH,IC: its x-coordinate is ID_PICC for later steps

    def secure_messaging(self) -> AesSecureMessaging:
        """A fresh AES secure-messaging session with SSC = 0."""
        return AesSecureMessaging(self.keys.ks_enc, self.keys.ks_mac)


class PaceTerminal:
    """Runs PACE from the terminal's side against one card."""

    def __init__(self, password: PacePassword, info: PaceInfo, *,
                 key_source: KeySource = random_scalar, send_parameter_id: bool = True):
        if not info.supported:
            raise PaceNotSupported(f"This reader cannot run PACE variant {info.protocol}.")
        if info.parameter_id is None or info.key_length is None:  # ``supported`` implies both
            raise PaceNotSupported(f"PACE variant {info.protocol} names no standard domain parameters.")
        self._password = password
        self._info = info
        self._parameter_id: int = info.parameter_id
        self._key_length: int = info.key_length
        self._key_source = key_source
        self._send_parameter_id = send_parameter_id
        self.state = PaceState.SET_AT
        self._steps = {
            PaceState.SET_AT: self._set_at,
            PaceState.NONCE: self._nonce,
            PaceState.MAPPING: self._mapping,
            PaceState.KEY_AGREEMENT: self._key_agreement,
            PaceState.MUTUAL_AUTH: self._mutual_auth,
        }

    def establish(self, sender: ApduSender) -> PaceSession:
        """Run the whole protocol; return the session or raise a :class:`PaceError`."""
        self.state = PaceState.SET_AT
        self._run: dict[str, Any] = {}  # per-run secrets: dropped when the run ends, success or not
        try:
            for _ in range(len(self._steps)):
                self.state = self._steps[self.state](sender)
            return self._run["session"]
        except Exception as e:  # PACE errors and transport errors (card removed…) alike
            log.info("PACE failed at %s: %s", self.state.value, getattr(e, "code", e.__class__.__name__))
            self.state = PaceState.FAILED
            raise
        finally:
            self._run = {}

    # --- steps: each sends one APDU and returns the next state -----------------

    @staticmethod
    def _exchange(sender: ApduSender, command: CommandAPDU) -> tuple[bytes, int]:
        response = sender.send(command)
        return response.data, response.sw

    def _set_at(self, sender: ApduSender) -> PaceState:
        parameter_id = self._info.parameter_id if self._send_parameter_id else None
        _, sw = self._exchange(sender, m.mse_set_at(self._info.oid_bytes, int(self._password.kind), parameter_id))
        if sw in _REFUSALS:
            raise PaceNotSupported(f"The card refused to start PACE (status {sw:04X}).", status_word=sw)
        self._expect_ok(sw)
        return PaceState.NONCE

    def _nonce(self, sender: ApduSender) -> PaceState:
        data = self._general_authenticate(sender, None, b"", m.TAG_NONCE)
        k_pi = password_key(self._password, self._key_length)
        self._run["nonce"] = decrypt_nonce(k_pi, data)
        return PaceState.MAPPING

    def _mapping(self, sender: ApduSender) -> PaceState:
        domain = standard_domain(self._parameter_id)
        key = EcKeyPair.generate(domain, self._key_source)
        chip_public = domain.decode(self._general_authenticate(sender, m.TAG_MAP_IFD, key.encoded, m.TAG_MAP_IC),
                                    what="mapping key")
        self._run["domain"] = map_generator(domain, self._run.pop("nonce"), key, chip_public)
        return PaceState.KEY_AGREEMENT

    def _key_agreement(self, sender: ApduSender) -> PaceState:
        domain = self._run.pop("domain")
        key = EcKeyPair.generate(domain, self._key_source)
        chip_encoded = self._general_authenticate(sender, m.TAG_EPH_IFD, key.encoded, m.TAG_EPH_IC)
        chip_public = domain.decode(chip_encoded, what="ephemeral key")
        if chip_encoded == key.encoded:  # §4.4.3.3.2: the chip must not echo our key
            raise PaceProtocolError("The card echoed the reader's ephemeral key.", step=self.state.value)
        keys = SessionKeys.derive(shared_secret(domain, key, chip_public), self._key_length)
        self._run.update(keys=keys, own=key.encoded, chip=chip_encoded)
        return PaceState.MUTUAL_AUTH

    def _mutual_auth(self, sender: ApduSender) -> PaceState:
        keys: SessionKeys = self._run["keys"]
        oid = self._info.oid_bytes
        token = authentication_token(keys.ks_mac, oid, self._run["chip"])
        data, sw = self._exchange(sender, m.general_authenticate(m.TAG_TOKEN_IFD, token, last=True))
        if sw in _WRONG_PASSWORD or 0x63C0 <= sw <= 0x63CF:
            raise PaceWrongPassword(self._wrong_password_sentence(), status_word=sw)
        self._expect_ok(sw)
        chip_token = m.dynamic_auth_value(data, m.TAG_TOKEN_IC, step=self.state.value)
        if not hmac.compare_digest(chip_token, authentication_token(keys.ks_mac, oid, self._run["own"])):
            raise CardTokenInvalid("The card's authentication token is wrong; the session is not trusted.")
        self._run["session"] = PaceSession(self._info, self._password.kind, keys, self._run["chip"])
        return PaceState.ESTABLISHED

    # --- helpers -------------------------------------------------------------

    def _general_authenticate(self, sender: ApduSender, tag: int | None, value: bytes, answer_tag: int) -> bytes:
        data, sw = self._exchange(sender, m.general_authenticate(tag, value, last=False))
        self._expect_ok(sw)
        return m.dynamic_auth_value(data, answer_tag, step=self.state.value)

    def _expect_ok(self, sw: int) -> None:
        if sw != m.SW_OK:
            raise PaceProtocolError(f"The card answered {sw:04X} during PACE ({self.state.value}).",
                                    step=self.state.value, status_word=sw)

    def _wrong_password_sentence(self) -> str:
        if self._password.kind is PasswordKind.CAN:
            return "Could not open the card with this number."
        return "Could not open the card with these document details."
