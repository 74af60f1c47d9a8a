"""PACE cryptography against ICAO Doc 9303 part 11, appendix G.1 (every published value)."""

import pytest

from readers.chip.pace import InvalidCardPoint, PaceInputError, PacePassword, PasswordKind, SessionKeys
from readers.chip.pace.curves import standard_domain
from readers.chip.pace.errors import PaceProtocolError
from readers.chip.pace.keys import (
    authentication_token,
    decrypt_nonce,
    encrypt_nonce,
    kdf,
    password_key,
    public_key_data_object,
)
from readers.chip.pace.mapping import EcKeyPair, map_generator, mapping_point, shared_secret
from tests.unit.pace_fakes import (
    G1_G_MAPPED,
    G1_H,
    G1_K,
    G1_K_PI,
    G1_KS_ENC,
    G1_KS_MAC,
    G1_MRZ,
    G1_NONCE,
    G1_NONCE_ENC,
    G1_PK_DH_IC,
    G1_PK_DH_IFD,
    G1_PK_MAP_IC,
    G1_PK_MAP_IFD,
    G1_SHARED,
    G1_SK_DH_IC,
    G1_SK_DH_IFD,
    G1_SK_MAP_IC,
    G1_SK_MAP_IFD,
    G1_T_IC,
    G1_T_IFD,
    H,
)

OID = H("04007F00070202040202")  # id-PACE-ECDH-GM-AES-CBC-CMAC-128
BP256 = standard_domain(13)


def _fixed(scalar):
    return lambda order: scalar


def test_password_and_password_key():
    password = PacePassword.from_mrz(*G1_MRZ)
    assert password.kind is PasswordKind.MRZ
    assert password.secret == G1_K
    assert password_key(password, 16) == G1_K_PI


def test_nonce_decrypts_and_encrypts_with_zero_iv():
    assert decrypt_nonce(G1_K_PI, G1_NONCE_ENC) == G1_NONCE
    assert encrypt_nonce(G1_K_PI, G1_NONCE) == G1_NONCE_ENC
    with pytest.raises(PaceProtocolError):
        decrypt_nonce(G1_K_PI, G1_NONCE_ENC[:15])


def test_generic_mapping_from_both_sides():
    terminal = EcKeyPair.generate(BP256, _fixed(G1_SK_MAP_IFD))
    chip = EcKeyPair.generate(BP256, _fixed(G1_SK_MAP_IC))
    assert terminal.encoded == G1_PK_MAP_IFD
    assert chip.encoded == G1_PK_MAP_IC
    assert BP256.encode(mapping_point(terminal, BP256.decode(G1_PK_MAP_IC))) == G1_H
    mapped_t = map_generator(BP256, G1_NONCE, terminal, BP256.decode(G1_PK_MAP_IC))
    mapped_c = map_generator(BP256, G1_NONCE, chip, BP256.decode(G1_PK_MAP_IFD))
    assert BP256.encode(mapped_t.generator) == G1_G_MAPPED
    assert BP256.encode(mapped_c.generator) == G1_G_MAPPED


def test_key_agreement_session_keys_and_tokens():
    mapped = BP256.with_generator(BP256.decode(G1_G_MAPPED))
    terminal = EcKeyPair.generate(mapped, _fixed(G1_SK_DH_IFD))
    chip = EcKeyPair.generate(mapped, _fixed(G1_SK_DH_IC))
    assert terminal.encoded == G1_PK_DH_IFD
    assert chip.encoded == G1_PK_DH_IC
    secret = shared_secret(mapped, terminal, mapped.decode(G1_PK_DH_IC))
    assert secret == G1_SHARED == shared_secret(mapped, chip, mapped.decode(G1_PK_DH_IFD))
    keys = SessionKeys.derive(secret, 16)
    assert (keys.ks_enc, keys.ks_mac) == (G1_KS_ENC, G1_KS_MAC)
    assert authentication_token(G1_KS_MAC, OID, G1_PK_DH_IC) == G1_T_IFD
    assert authentication_token(G1_KS_MAC, OID, G1_PK_DH_IFD) == G1_T_IC


def test_public_key_data_object_layout():
    obj = public_key_data_object(OID, G1_PK_DH_IC)
    assert obj[:4] == H("7F494F06") and obj[4] == 10 and obj[15:18] == H("864104")
    assert len(obj) == 3 + 0x4F


def test_kdf_lengths():
    assert kdf(b"x", 1, 16) != kdf(b"x", 2, 16)
    assert len(kdf(b"x", 1, 24)) == 24 and len(kdf(b"x", 1, 32)) == 32


def test_can_password_is_the_ascii_digits():
    password = PacePassword.from_can("047064")
    assert password.kind is PasswordKind.CAN and password.secret == b"047064"
    assert PacePassword.from_id_number("001093047064") == password
    assert "047064" not in repr(password)


@pytest.mark.parametrize("can", ["12345", "1234567", "12a456", "", "１２３４５６"])
def test_bad_can_is_refused(can):
    with pytest.raises(PaceInputError):
        PacePassword.from_can(can)


@pytest.mark.parametrize("id_number", ["09304706", "0010930470641", "00109304706X"])
def test_bad_id_number_is_refused(id_number):
    with pytest.raises(PaceInputError):
        PacePassword.from_id_number(id_number)


def _off_curve(point: bytes) -> bytes:
    y = int.from_bytes(point[33:], "big") ^ 1
    return point[:33] + y.to_bytes(32, "big")


@pytest.mark.parametrize("bad", [
    _off_curve(G1_PK_MAP_IC),                    # y flipped: not on the curve
    b"\x00",                                     # the point at infinity's encoding
    G1_PK_MAP_IC[:33],                           # x only
    b"\x02" + G1_PK_MAP_IC[1:33],                # compressed form is not what PACE sends
    b"\x04" + b"\xff" * 64,                      # coordinates beyond the field
    b"\x04" + bytes(64),                         # (0, 0) is not on brainpoolP256r1
])
def test_points_off_the_curve_are_rejected(bad):
    with pytest.raises(InvalidCardPoint) as e:
        BP256.decode(bad, what="mapping key")
    assert e.value.code == "pace_invalid_point"
