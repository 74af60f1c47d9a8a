"""BER-TLV bounds and APDU encoding."""

import pytest

from readers.chip import tlv
from readers.chip.errors import MalformedData
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from readers.pcsc.errors import CommunicationError


def test_round_trip_short_and_long_lengths():
    for n in (0, 1, 127, 128, 255, 256, 70000):
        element = tlv.read(tlv.encode(0x5F1F, bytes(n)))
        assert element.tag == 0x5F1F and len(element.value) == n


@pytest.mark.parametrize("raw, message", [
    (bytes.fromhex("6D05020101"), "claims 5 bytes"),       # length past the end
    (bytes.fromhex("6D85FFFFFFFFFF"), "length encoding"),  # 5 length octets
    (bytes.fromhex("6D84FFFFFFFF"), "absurd length"),
    (bytes.fromhex("6D"), "before its length"),
    (bytes.fromhex("5F"), "inside its tag"),
])
def test_bad_lengths_are_malformed_data(raw, message):
    with pytest.raises(MalformedData, match=message):
        tlv.read(raw)


def test_command_apdu_encodings_round_trip():
    cases = [CommandAPDU(0, 0xA4, 2, 0x0C, b"\x01\x1e"), CommandAPDU(0, 0xB0, 0, 0, b"", 256),
             CommandAPDU(0, 0x84, 0, 0, b"", 8), CommandAPDU(0x0C, 0xB1, 0, 0, bytes(300), 65536),
             CommandAPDU(0, 0xB0, 0, 0, b"", 1000), CommandAPDU(0, 0x70, 0, 0)]
    for c in cases:
        assert CommandAPDU.from_bytes(c.to_bytes()) == c
    assert CommandAPDU(0, 0xB0, 0, 0, b"", 256).to_bytes().hex() == "00b0000000"


def test_response_without_status_word_is_a_communication_error():
    with pytest.raises(CommunicationError):
        ResponseAPDU.from_bytes(b"\x90")
