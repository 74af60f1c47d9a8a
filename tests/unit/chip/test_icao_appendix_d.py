"""ICAO Doc 9303 part 11, appendix D worked example, reproduced byte for byte."""

from scripted_card import ScriptedCard

from devkit.virtual_card.card_sm import unwrap_command, wrap_response
from readers.chip.bac import BacKeys, BacProtocol, key_seed, mrz_information
from readers.chip.commands import CardChannel
from readers.chip.crypto import derive_key

H = bytes.fromhex
MRZ_INFO = "L898902C<369080619406236"
RND_IC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
EIFD_MIFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
CARD_REPLY = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")


def test_mrz_information_and_keys():
    assert mrz_information("L898902C", "690806", "940623") == MRZ_INFO
    assert key_seed(MRZ_INFO) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    keys = BacKeys.from_mrz_info(MRZ_INFO)
    assert keys.k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")
    seed = H("0036D272F5C350ACAC50C3F572D23600")
    assert derive_key(seed, 1) == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert derive_key(seed, 2) == H("F1CB1F1FB5ADF208806B89DC579DC1F8")


def _bac_script():
    return [
        (H("0084000008"), RND_IC + H("9000")),
        (H("0082000028") + EIFD_MIFD + H("28"), CARD_REPLY + H("9000")),
    ]


def _random_from(*chunks):
    pending = list(chunks)

    def random(n):
        chunk = pending.pop(0)
        assert len(chunk) == n
        return chunk
    return random


def test_bac_then_secure_messaging_byte_for_byte():
    script = _bac_script() + [
        (H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"), H("990290008E08FA855A5D4C50A8ED9000")),
        (H("0CB000000D9701048E08ED6705417E96BA5500"),
         H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")),
        (H("0CB000040D9701128E082EA28A70F3C7B53500"),
         H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")),
    ]
    card = ScriptedCard(script)
    channel = CardChannel(card)
    sm = BacProtocol(channel, _random_from(RND_IFD, K_IFD)).perform(MRZ_INFO)
    assert sm.ssc == H("887022120C06C226")
    channel.select_file(0x011E)
    first = channel.read_binary(0, 4)
    assert first.ok and first.data == H("60145F01")
    rest = channel.read_binary(4, 18)
    assert rest.ok and rest.data == H("04303130365F36063034303030305C026175")
    assert not card.script and card.apdu_count == 5


def test_card_side_reproduces_the_same_bytes():
    """The virtual card's side of SM produces the card's bytes of the example."""
    from readers.chip.bac import session_from_key_material
    from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
    k_ic = H("0B4F80323EB3191CB04970CB4052790B")
    card_sm = session_from_key_material(K_IFD, k_ic, RND_IC, RND_IFD)
    cmd = unwrap_command(card_sm, CommandAPDU.from_bytes(H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")))
    assert (cmd.ins, cmd.data) == (0xA4, H("011E"))
    assert wrap_response(card_sm, ResponseAPDU(b"", 0x90, 0)).to_bytes() == H("990290008E08FA855A5D4C50A8ED9000")
    unwrap_command(card_sm, CommandAPDU.from_bytes(H("0CB000000D9701048E08ED6705417E96BA5500")))
    reply = wrap_response(card_sm, ResponseAPDU(H("60145F01"), 0x90, 0))
    assert reply.to_bytes() == H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")


def test_bac_answer_with_a_bad_mac_or_a_refusal():
    import pytest

    from readers.chip.errors import AccessDenied, SecureMessagingError
    bad = bytearray(CARD_REPLY)
    bad[-1] ^= 1
    script = _bac_script()
    script[1] = (script[1][0], bytes(bad) + H("9000"))
    with pytest.raises(SecureMessagingError, match="BAC"):
        BacProtocol(CardChannel(ScriptedCard(script)), _random_from(RND_IFD, K_IFD)).perform(MRZ_INFO)
    script[1] = (script[1][0], H("6300"))
    with pytest.raises(AccessDenied, match="check the number and dates"):
        BacProtocol(CardChannel(ScriptedCard(script)), _random_from(RND_IFD, K_IFD)).perform(MRZ_INFO)
