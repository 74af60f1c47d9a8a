"""The service facade and file reading against an in-process virtual card and scripted cards."""

import pytest
from scripted_card import ScriptedCard

from devkit.virtual_card.card import make_applet
from devkit.virtual_card.faults import Faults
from devkit.virtual_card.loopback import AppletTransport
from readers.chip import tlv
from readers.chip.commands import EF_COM, CardChannel
from readers.chip.errors import AccessDenied, DataAltered, MalformedData, NotAnIdCard, SecureMessagingError, SodInvalid
from readers.chip.keys import key_from_dates, keys_from_qr
from readers.chip.pa import AuthLevel
from readers.chip.reading import FileReader
from readers.chip.service import ChipReader
from readers.pcsc.errors import CardRemoved, StatusWordError


def _minimum_reads(size, block):
    return -(-size // block)


def test_full_read_counts_the_minimum_apdus(make_card, citizen, card_files, profile):
    card = make_card(bac_only=True)  # the PACE count is in test_pace_reader.py
    doc = ChipReader(card).read(keys_from_qr(citizen.qr_text()))
    assert doc.face.data == profile.face_jpeg
    assert doc.dg13.full_name == citizen.full_name and doc.auth.level == AuthLevel.SIGNATURE_VERIFIED
    files = [EF_COM, 0x0101, 0x010D, 0x0102, 0x011D]
    # SELECT EF.CardAccess (6A82: no PACE) + SELECT app + BAC (2), then SELECT + reads per file
    minimum = 4 + sum(1 + _minimum_reads(len(card_files[f]), 256) for f in files)
    assert doc.apdu_count == minimum


@pytest.mark.parametrize("max_read, error", [(0xDF, 0x6700), (0xA0, 0x6700), (0xE0, 0x6C00)])
def test_block_size_steps_down_and_stays_down(make_card, citizen, max_read, error):
    card = make_card(max_read=max_read, length_error=error)
    reader = ChipReader(card)
    doc = reader.read(keys_from_qr(citizen.qr_text()))
    assert reader.files.block_size <= max_read
    assert doc.mrz.id_number == citizen.id_number and doc.face is not None


class RecordingCard(AppletTransport):
    """The in-process card, also noting each command's INS byte."""

    def __init__(self, applet):
        super().__init__(applet)
        self.ins = []

    def _transmit_raw(self, apdu):
        self.ins.append(apdu[1])
        return super()._transmit_raw(apdu)


def test_file_over_32k_uses_odd_ins(card_files, profile, citizen):
    from readers.chip.lds.face import build_dg2, parse_dg2
    big_jpeg = b"\xff\xd8\xff" + bytes(range(256)) * 160
    files = {**card_files, 0x0102: build_dg2(big_jpeg, 10, 10)}
    card = RecordingCard(make_applet(profile, files, bac_only=True))  # no EF.CardAccess read
    reader = ChipReader(card)
    reader.open(keys_from_qr(citizen.qr_text()))
    assert parse_dg2(reader.read_group(2))[0].data == big_jpeg
    b0, b1 = card.ins.count(0xB0), card.ins.count(0xB1)
    assert b0 == 128 and b1 == -(-(len(files[0x0102]) - 32768) // 256)


def test_wrong_key_then_retry_on_the_same_card(make_card, citizen):
    from datetime import date
    card = make_card(bac_only=True)  # with PACE the right CAN opens the card whatever the dates
    wrong = key_from_dates(citizen.id_number, citizen.birth, date(2031, 1, 1))
    with pytest.raises(AccessDenied, match="Could not open the card: check the number and dates."):
        ChipReader(card).read([wrong])
    assert ChipReader(card).read(keys_from_qr(citizen.qr_text()), photo=False).mrz.checks_ok


def test_second_candidate_expiry_opens_and_is_reported(make_card, citizen):
    from datetime import date
    wrong = key_from_dates(citizen.id_number, citizen.birth, date(2031, 1, 1), "first guess")
    right = keys_from_qr(citizen.qr_text())[0]
    doc = ChipReader(make_card(bac_only=True)).read([wrong, right], photo=False)
    assert doc.opened_with == right.label


@pytest.mark.parametrize("faults, error", [
    (Faults(wrong_mac=True), SecureMessagingError),
    (Faults(truncate_fid=0x010D), MalformedData),
    (Faults(remove_after_reads=3), CardRemoved),
    (Faults(tamper_dg13=True), DataAltered),
])
def test_misbehaving_cards(make_card, citizen, faults, error):
    with pytest.raises(error):
        ChipReader(make_card(faults)).read(keys_from_qr(citizen.qr_text()), photo=False)


def test_lying_length_and_garbage_sod(make_card, citizen, card_files):
    lying = {**card_files, 0x010D: b"\x6d\x82\x7f\x00" + card_files[0x010D][4:]}
    with pytest.raises(MalformedData, match="shorter than its header"):
        ChipReader(make_card(files=lying)).read(keys_from_qr(citizen.qr_text()), photo=False)
    absurd = {**card_files, 0x010D: b"\x6d\x83\x7f\xff\xff" + bytes(50)}
    with pytest.raises(MalformedData, match="absurd"):
        ChipReader(make_card(files=absurd)).read(keys_from_qr(citizen.qr_text()), photo=False)
    garbage = {**card_files, 0x011D: tlv.encode(0x77, b"\x30\x03\x02\x01\x00")}
    with pytest.raises(SodInvalid):
        ChipReader(make_card(files=garbage)).read(keys_from_qr(citizen.qr_text()), photo=False)


def test_card_without_emrtd_application():
    card = ScriptedCard([(bytes.fromhex("00A4020C02011C"), b"\x6a\x82")]       # no EF.CardAccess: no PACE
                        + [(bytes.fromhex("00A4040C07A0000002471001"), b"\x6a\x82")] * 2)
    with pytest.raises(NotAnIdCard):
        ChipReader(card).open([key_from_dates("001093047064", __import__("datetime").date(1993, 1, 5),
                                              __import__("datetime").date(2033, 1, 5))])


def test_scripted_plain_reads_header_then_rest():
    body = tlv.encode(0x60, bytes(300))
    script = [(bytes.fromhex("00A4020C02011E"), b"\x90\x00"),
              (bytes.fromhex("00B0000000"), body[:256] + b"\x90\x00"),
              (bytes.fromhex("00B0010030"), body[256:] + b"\x90\x00")]
    card = ScriptedCard(script)
    assert FileReader(CardChannel(card)).read_file(EF_COM) == body
    assert not card.script


def test_scripted_get_response_chaining_and_status_check():
    card = ScriptedCard([(None, b"\x01\x02\x61\x02"), (bytes.fromhex("00C0000002"), b"\x03\x04\x90\x00"),
                         (None, b"\x6a\x82")])
    from readers.pcsc.apdu import CommandAPDU
    assert card.transmit(CommandAPDU(0, 0xCA, 0, 0, b"", 256)).data == b"\x01\x02\x03\x04"
    with pytest.raises(StatusWordError) as err:
        card.transmit_checked(CommandAPDU(0, 0xA4, 2, 0x0C, b"\x01\x01"), what="SELECT")
    assert err.value.sw == 0x6A82


def test_an_unsupported_protocol_falls_through_to_bac(make_card, citizen):
    from readers.chip.access import BacAccess
    from readers.chip.errors import ProtocolNotSupported

    class Unsupported:
        name = "NEWER"

        @staticmethod
        def key_of(key):
            return key.mrz_info

        def establish(self, channel, key):
            raise ProtocolNotSupported("The card does not offer NEWER.")
    doc = ChipReader(make_card(), protocols=[Unsupported(), BacAccess()]).read(
        keys_from_qr(citizen.qr_text()), photo=False)
    assert doc.protocol == "BAC"


def test_logs_hold_no_personal_data(make_card, citizen, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    from datetime import date
    wrong = key_from_dates(citizen.id_number, citizen.birth, date(2031, 1, 1))
    ChipReader(make_card()).read([wrong, *keys_from_qr(citizen.qr_text())])
    text = caplog.text
    assert "APDU" in text and "opened with PACE" in text  # the log is there…
    for secret in (citizen.id_number, citizen.id_number[-9:], citizen.id_number[-6:], citizen.full_name,
                   "TRAN", citizen.address,
                   citizen.birth.strftime("%y%m%d"), citizen.birth.isoformat(), citizen.expiry.isoformat(),
                   citizen.birth.strftime("%d/%m/%Y")):
        assert secret not in text  # …but none of this


def test_malformed_ef_com_does_not_stop_the_read(make_card, citizen):
    # EF.COM with its data-group list as ASCII text: "5C 02" then "6175" (seen on an independent emulator)
    doc = ChipReader(make_card(Faults(malformed_com=True))).read(keys_from_qr(citizen.qr_text()), photo=True)
    assert doc.mrz.document_number and doc.dg13.full_name == citizen.full_name
    assert doc.face is not None and doc.auth.level == AuthLevel.SIGNATURE_VERIFIED
    assert doc.groups_present == (1, 2, 13)
    assert len(doc.warnings) == 1 and "EF.COM is malformed" in doc.warnings[0]
    assert citizen.full_name not in doc.warnings[0]


def test_malformed_ef_com_fault_by_name():
    assert Faults.parse(["malformed-com"]).malformed_com
