"""AES secure messaging (the PACE subclass of the chip layer's SM base)."""

import pytest

from devkit.virtual_card.card_sm import unwrap_command, wrap_response
from readers.chip.commands import CardChannel
from readers.chip.errors import SecureMessagingError
from readers.chip.pace import AesSecureMessaging
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from tests.unit.chip.scripted_card import ScriptedCard
from tests.unit.pace_fakes import G1_KS_ENC, G1_KS_MAC, H

SELECT_APP = CommandAPDU(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001"))


def _pair():
    return AesSecureMessaging(G1_KS_ENC, G1_KS_MAC), AesSecureMessaging(G1_KS_ENC, G1_KS_MAC)


def test_ssc_is_sixteen_bytes_from_zero_and_keys_stay_hidden():
    sm = AesSecureMessaging(G1_KS_ENC, G1_KS_MAC)
    assert sm.ssc == bytes(16)
    sm.wrap(SELECT_APP)
    assert sm.ssc == bytes(15) + b"\x01"
    assert G1_KS_ENC.hex() not in repr(sm).lower()
    with pytest.raises(ValueError, match="two equal 16/24/32-byte keys"):
        AesSecureMessaging(G1_KS_ENC, G1_KS_MAC[:8])


def test_round_trip_with_data_both_ways_and_counters_in_step():
    terminal, card = _pair()
    for size in (0, 1, 15, 16, 17, 200):
        data = bytes(range(size))
        command = terminal.wrap(CommandAPDU(0x00, 0xD6, 0x00, 0x10, data, 256) if data
                                else CommandAPDU(0x00, 0xB0, 0x00, 0x10, b"", 16))
        plain = unwrap_command(card, CommandAPDU.from_bytes(command.to_bytes()))
        assert plain.data == data
        answer = wrap_response(card, ResponseAPDU(data[::-1], 0x90, 0x00))
        assert terminal.unwrap(ResponseAPDU.from_bytes(answer.to_bytes())).data == data[::-1]
    assert terminal.ssc == card.ssc == (12).to_bytes(16, "big")


def _flip(raw: bytes, index: int) -> bytes:
    out = bytearray(raw)
    out[index] ^= 0x01
    return bytes(out)


@pytest.mark.parametrize("where", [-3, 3])  # inside the MAC; inside the encrypted data
def test_tampered_answer_fails_the_mac_check(where):
    terminal, card = _pair()
    unwrap_command(card, terminal.wrap(CommandAPDU(0x00, 0xB0, 0, 0, b"", 4)))
    raw = wrap_response(card, ResponseAPDU(H("60145F01"), 0x90, 0x00)).to_bytes()
    with pytest.raises(SecureMessagingError, match="integrity"):
        terminal.unwrap(ResponseAPDU.from_bytes(_flip(raw, where)))


def test_tampered_command_fails_on_the_card_side():
    terminal, card = _pair()
    raw = terminal.wrap(SELECT_APP).to_bytes()
    with pytest.raises(SecureMessagingError):
        unwrap_command(card, CommandAPDU.from_bytes(_flip(raw, 8)))


def test_card_ending_secure_messaging_is_a_typed_error_through_the_channel():
    card = ScriptedCard([(None, H("6988"))])
    channel = CardChannel(card)
    channel.start_sm(AesSecureMessaging(G1_KS_ENC, G1_KS_MAC))
    with pytest.raises(SecureMessagingError):
        channel.select_application()


def test_answer_without_mac_is_refused():
    terminal, _ = _pair()
    terminal.wrap(SELECT_APP)
    with pytest.raises(SecureMessagingError):
        terminal.unwrap(ResponseAPDU(H("99029000"), 0x90, 0x00))
