"""The secure-messaging base with the 3DES suite: both sides, tampering, odd INS."""

import os

import pytest

from devkit.virtual_card.card_sm import unwrap_command, wrap_response
from readers.chip.errors import SecureMessagingError
from readers.chip.sm_des import Des3SecureMessaging
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU


def pair():
    keys = os.urandom(16), os.urandom(16), os.urandom(8)
    return Des3SecureMessaging(*keys), Des3SecureMessaging(*keys)


@pytest.mark.parametrize("command", [
    CommandAPDU(0, 0xA4, 2, 0x0C, b"\x01\x1e"),
    CommandAPDU(0, 0xB0, 0x12, 0x34, b"", 256),
    CommandAPDU(0, 0xB0, 0, 0, b"", 0xDF),
    CommandAPDU(0, 0xB1, 0, 0, b"\x54\x02\x80\x00", 1000),  # odd INS, extended
])
def test_terminal_and_card_agree(command):
    terminal, card = pair()
    wrapped = terminal.wrap(command)
    assert wrapped.cla == 0x0C
    assert unwrap_command(card, wrapped) == command
    answer = ResponseAPDU(os.urandom(200), 0x90, 0x00)
    assert terminal.unwrap(wrap_response(card, answer, command.ins)) == answer
    assert terminal.ssc == card.ssc


def test_any_flipped_bit_in_an_answer_fails_the_mac():
    terminal, card = pair()
    terminal.wrap(CommandAPDU(0, 0xB0, 0, 0, b"", 16))
    card.increment()
    raw = bytearray(wrap_response(card, ResponseAPDU(b"secret data 1234", 0x90, 0)).to_bytes())
    raw[5] ^= 0x01  # inside the ciphertext
    with pytest.raises(SecureMessagingError, match="MAC"):
        terminal.unwrap(ResponseAPDU.from_bytes(bytes(raw)))


def test_replayed_answer_fails_because_the_ssc_moved_on():
    terminal, card = pair()
    terminal.wrap(CommandAPDU(0, 0xB0, 0, 0, b"", 4))
    card.increment()
    answer = wrap_response(card, ResponseAPDU(b"abcd", 0x90, 0))
    terminal.unwrap(answer)
    terminal.wrap(CommandAPDU(0, 0xB0, 0, 4, b"", 4))
    with pytest.raises(SecureMessagingError):
        terminal.unwrap(answer)


def test_answer_without_mac_or_with_garbage_is_refused():
    terminal, _ = pair()
    with pytest.raises(SecureMessagingError, match="no MAC"):
        terminal.unwrap(ResponseAPDU(bytes.fromhex("99029000"), 0x90, 0))
    with pytest.raises(SecureMessagingError, match="malformed"):
        terminal.unwrap(ResponseAPDU(bytes.fromhex("8705FF"), 0x90, 0))


def test_plain_error_status_passes_through():
    terminal, _ = pair()
    assert terminal.unwrap(ResponseAPDU(b"", 0x6A, 0x82)).sw == 0x6A82
