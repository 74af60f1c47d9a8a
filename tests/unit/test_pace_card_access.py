"""EF.CardAccess parsing and the choice of the PACE variant."""

import logging

import pytest

from readers.chip.pace import VIETNAM_DEFAULT, CardAccessError, PaceNotSupported, choose_pace_info, parse_card_access
from tests.unit.pace_fakes import G1_CARD_ACCESS, H

# Two PACEInfos (a DH one first) and a ChipAuthenticationInfo: SET OF three SEQUENCEs.
_MIXED = H("313C"
           "3012060A04007F00070202040102020102020102"      # id-PACE-DH-GM-AES-CBC-CMAC-128, v2, id 2
           "3012060A04007F0007020204020202010202010D"      # id-PACE-ECDH-GM-AES-128, v2, id 13
           "3012060A04007F00070202030202020101020101")     # id-CA-ECDH-AES-128 (not PACE)


def test_icao_appendix_g_card_access():
    [info] = parse_card_access(G1_CARD_ACCESS)
    assert info.protocol == "0.4.0.127.0.7.2.2.4.2.2"
    assert (info.version, info.parameter_id) == (2, 13)
    assert (info.agreement, info.mapping, info.cipher, info.key_length) == ("ECDH", "GM", "AES", 16)
    assert info.oid_bytes == H("04007F00070202040202")
    assert info.supported and not info.from_defaults


def test_other_security_infos_are_skipped_and_the_supported_variant_chosen():
    infos = parse_card_access(_MIXED)
    assert [i.protocol for i in infos] == ["0.4.0.127.0.7.2.2.4.1.2", "0.4.0.127.0.7.2.2.4.2.2"]
    assert not infos[0].supported  # DH is not spoken here
    assert choose_pace_info(_MIXED) == infos[1]


@pytest.mark.parametrize("data", [
    b"\x00",                          # not DER at all
    H("3114301206"),                  # truncated
    H("30033001"),                    # a SEQUENCE where a SET is required
    H("310A3008060A04007F00070202"),  # OID runs past its SEQUENCE
    H("31143012060A04007F000702020402020C010202010D"),  # version is not an INTEGER
    b"",
])
def test_malformed_card_access_is_a_typed_error(data):
    with pytest.raises(CardAccessError) as e:
        parse_card_access(data)
    assert e.value.code == "pace_card_access_invalid"


def test_malformed_card_access_falls_back_to_vietnamese_defaults(caplog):
    caplog.set_level(logging.WARNING)
    info = choose_pace_info(H("3114301206"))
    assert info is VIETNAM_DEFAULT and info.from_defaults
    assert (info.protocol, info.parameter_id, info.key_length) == ("0.4.0.127.0.7.2.2.4.2.2", 13, 16)
    assert "pace_card_access_invalid" in caplog.text


def test_no_card_access_or_nothing_supported_means_no_pace():
    with pytest.raises(PaceNotSupported):
        choose_pace_info(None)
    only_dh = H("31143012060A04007F00070202040102020102020102")
    with pytest.raises(PaceNotSupported):
        choose_pace_info(only_dh)
    unknown_curve = H("31143012060A04007F00070202040202020102020163")  # parameterId 99
    with pytest.raises(PaceNotSupported):
        choose_pace_info(unknown_curve)
