"""The PACE state machine against scripted and computing test cards, good input and bad."""

import logging

import pytest

from devkit.virtual_card.card_sm import unwrap_command, wrap_response
from readers.chip.commands import CardChannel
from readers.chip.errors import AccessDenied
from readers.chip.pace import (
    VIETNAM_DEFAULT,
    CardTokenInvalid,
    InvalidCardPoint,
    PaceNotSupported,
    PacePassword,
    PaceProtocolError,
    PaceState,
    PaceTerminal,
    PaceWrongPassword,
    choose_pace_info,
)
from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from readers.pcsc.errors import CardRemoved
from tests.unit.chip.scripted_card import ScriptedCard
from tests.unit.pace_fakes import (
    G1_CARD_ACCESS,
    G1_KS_ENC,
    G1_KS_MAC,
    G1_MRZ,
    G1_NONCE,
    G1_PK_DH_IFD,
    G1_SCRIPT,
    G1_SK_DH_IC,
    G1_SK_DH_IFD,
    G1_SK_MAP_IC,
    G1_SK_MAP_IFD,
    ComputingPaceCard,
    H,
    keys_in_order,
)

G1_INFO = choose_pace_info(G1_CARD_ACCESS)
ID_NUMBER = "001093047064"


def _g1_terminal():
    return PaceTerminal(PacePassword.from_mrz(*G1_MRZ), G1_INFO,
                        key_source=keys_in_order(G1_SK_MAP_IFD, G1_SK_DH_IFD))


def _script_with(step: int, reply: bytes):
    script = list(G1_SCRIPT)
    script[step] = (script[step][0], reply)
    return script[:step + 1]


def test_icao_appendix_g1_transcript_byte_for_byte():
    card = ScriptedCard(G1_SCRIPT)
    terminal = _g1_terminal()
    session = terminal.establish(CardChannel(card))
    assert card.script == []  # every scripted command was sent, in order, byte for byte
    assert (session.keys.ks_enc, session.keys.ks_mac) == (G1_KS_ENC, G1_KS_MAC)
    assert terminal.state is PaceState.ESTABLISHED
    assert "F5F0" not in repr(session).upper()


def test_aes_secure_messaging_after_the_g1_session():
    # Cross-check vector from an independent implementation (not printed by ICAO):
    # SELECT eMRTD application under the G.1 session keys, SSC starting at 0.
    card = ScriptedCard(G1_SCRIPT + [
        (H("0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00"),
         H("990290008E08BEA7B381C494A0799000"))])
    channel = CardChannel(card)
    channel.start_sm(_g1_terminal().establish(channel).secure_messaging())
    channel.select_application()
    assert card.script == []


def test_chip_side_reproduces_the_g1_answers():
    card = ComputingPaceCard(info=G1_INFO, password=PacePassword.from_mrz(*G1_MRZ),
                             key_source=keys_in_order(G1_SK_MAP_IC, G1_SK_DH_IC),
                             nonce_source=lambda n: G1_NONCE)
    recorded = []
    original = card._transmit_raw
    card._transmit_raw = lambda apdu: recorded.append(original(apdu)) or recorded[-1]
    _g1_terminal().establish(CardChannel(card))
    assert card.sent == [cmd for cmd, _ in G1_SCRIPT]
    assert recorded == [reply for _, reply in G1_SCRIPT]
    assert card.chip.established and card.chip.session_keys.ks_mac == G1_KS_MAC


def test_can_from_the_id_number_opens_the_card_and_secures_the_channel():
    card = ComputingPaceCard(can="047064")
    channel = CardChannel(card)
    session = PaceTerminal(PacePassword.from_id_number(ID_NUMBER), VIETNAM_DEFAULT).establish(channel)
    assert session.keys == card.chip.session_keys
    assert card.sent[0] == H("0022C1A412800A04007F0007020204020283010284010D")  # 83 01 02 = CAN
    # Both ends now speak AES secure messaging with the same keys and counters.
    terminal_sm, card_sm = session.secure_messaging(), session.secure_messaging()
    protected = terminal_sm.wrap(CommandAPDU(0x00, 0xB0, 0x00, 0x00, b"", 4))
    plain = unwrap_command(card_sm, CommandAPDU.from_bytes(protected.to_bytes()))
    assert (plain.ins, plain.ne) == (0xB0, 4)
    answer = wrap_response(card_sm, ResponseAPDU(H("60145F01"), 0x90, 0x00))
    assert terminal_sm.unwrap(answer) == ResponseAPDU(H("60145F01"), 0x90, 0x00)


def test_wrong_can_is_one_sentence_and_a_retry_works_at_once(caplog):
    caplog.set_level(logging.DEBUG)
    card = ComputingPaceCard(can="047064")
    channel = CardChannel(card)
    terminal = PaceTerminal(PacePassword.from_can("047065"), VIETNAM_DEFAULT)
    with pytest.raises(PaceWrongPassword) as e:
        terminal.establish(channel)
    assert str(e.value) == "Could not open the card with this number."
    assert e.value.status_word == 0x6300 and isinstance(e.value, AccessDenied)
    assert terminal.state is PaceState.FAILED and len(card.sent) == 5
    session = PaceTerminal(PacePassword.from_can("047064"), VIETNAM_DEFAULT).establish(channel)
    assert session.keys == card.chip.session_keys
    assert "047064" not in caplog.text and "047065" not in caplog.text


@pytest.mark.parametrize("sw", ["6982", "6A80"])
def test_card_refusing_mse_set_at_means_fall_back_to_bac(sw):
    card = ScriptedCard([(None, H(sw))])
    with pytest.raises(PaceNotSupported) as e:
        _g1_terminal().establish(CardChannel(card))
    assert e.value.status_word == int(sw, 16) and len(card.sent) == 1


def test_the_chip_itself_refuses_a_protocol_it_does_not_offer():
    card = ComputingPaceCard(info=G1_INFO)
    other = choose_pace_info(H("31143012060A04007F0007020204020402010202010D"))  # AES-256 variant
    with pytest.raises(PaceNotSupported):
        PaceTerminal(PacePassword.from_can("047064"), other).establish(CardChannel(card))


@pytest.mark.parametrize("step, reply, error", [
    (1, H("9000"), PaceProtocolError),                                  # no data at all
    (1, H("7C0281009000"), PaceProtocolError),                         # 7C without 80
    (1, H("7C12800F") + bytes(15) + H("9000"), PaceProtocolError),     # nonce not whole blocks
    (1, H("7C1480109000"), PaceProtocolError),                         # length past the end
    (1, H("6F00"), PaceProtocolError),                                  # unexpected status
    (2, H("7C0A8208") + bytes(8) + H("9000"), InvalidCardPoint),      # mapping key too short
    (2, H("6A80"), PaceProtocolError),
    (3, H("7C438441") + G1_PK_DH_IFD + H("9000"), PaceProtocolError),  # chip echoes our key
    (4, H("7C0A8608") + bytes(8) + H("9000"), CardTokenInvalid),      # chip token wrong
    (4, H("7C0A87080102030405060708") + H("9000"), PaceProtocolError),  # no 86 token
])
def test_malformed_or_hostile_answers_are_typed_errors(step, reply, error):
    card = ScriptedCard(_script_with(step, reply))
    terminal = _g1_terminal()
    with pytest.raises(error) as e:
        terminal.establish(CardChannel(card))
    assert terminal.state is PaceState.FAILED
    assert card.script == [] and str(e.value)


def _off_curve_answer(tag: int):
    def tamper(answer: ResponseAPDU) -> bytes:
        data = bytearray(answer.data)
        data[-1] ^= 0x01  # last byte of Y: the point leaves the curve
        assert data[2] == tag
        return bytes(data) + H("9000")
    return tamper


@pytest.mark.parametrize("index, tag", [(2, 0x82), (3, 0x84)])
def test_a_point_off_the_curve_from_the_card_is_refused(index, tag):
    card = ComputingPaceCard(tamper={index: _off_curve_answer(tag)})
    with pytest.raises(InvalidCardPoint):
        PaceTerminal(PacePassword.from_can("047064"), VIETNAM_DEFAULT).establish(CardChannel(card))
    assert len(card.sent) == index + 1  # nothing was sent after the bad point


def test_card_removed_mid_protocol_ends_in_failed_state():
    card = ScriptedCard(_script_with(3, CardRemoved("The card was removed.")))
    terminal = _g1_terminal()
    with pytest.raises(CardRemoved):
        terminal.establish(CardChannel(card))
    assert terminal.state is PaceState.FAILED


def test_too_many_objects_are_bounded():
    flood = H("7C") + bytes([17 * 2]) + b"\x81\x00" * 17
    card = ScriptedCard(_script_with(1, flood + H("9000")))
    with pytest.raises(PaceProtocolError):
        _g1_terminal().establish(CardChannel(card))


def test_chip_side_refuses_bad_commands():
    chip = ComputingPaceCard().chip
    ga = CommandAPDU(0x10, 0x86, 0, 0, H("7C00"), 256)
    assert chip.handle(ga).sw == 0x6985  # GENERAL AUTHENTICATE before MSE:Set AT
    bad_ref = CommandAPDU(0, 0x22, 0xC1, 0xA4, H("800A04007F00070202040202830101"))
    assert chip.handle(bad_ref).sw == 0x6A80  # MRZ password on a CAN-only card
    assert chip.handle(CommandAPDU(0, 0x22, 0xC1, 0xA4, H("800A04007F000702020402028301")) ).sw == 0x6A80
    good = CommandAPDU(0, 0x22, 0xC1, 0xA4, H("800A04007F00070202040202830102"))
    assert chip.handle(good).sw == 0x9000
    assert chip.handle(ga).sw == 0x9000
    off_curve = H("7C438141") + b"\x04" + bytes(64)
    assert chip.handle(CommandAPDU(0x10, 0x86, 0, 0, off_curve, 256)).sw == 0x6A80
    assert not chip.established
