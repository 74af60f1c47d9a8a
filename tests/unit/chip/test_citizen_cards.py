"""Every synthetic citizen gets a consistent virtual card."""

import pytest

from devkit.simulator.cards import FACE_BYTES, card_profile
from devkit.simulator.citizens import CITIZENS
from readers.chip.keys import keys_from_qr
from readers.chip.lds.dg13 import build_dg13, parse_dg13
from readers.chip.lds.mrz import parse_mrz_text


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.key)
def test_profile_is_consistent(citizen):
    profile = card_profile(citizen)
    mrz = parse_mrz_text("".join(profile.mrz_lines))
    assert mrz.checks_ok and mrz.id_number == citizen.id_number
    assert mrz.document_number == citizen.id_number[-9:] and profile.can == citizen.id_number[-6:]
    assert FACE_BYTES[0] <= len(profile.face_jpeg) <= FACE_BYTES[1]
    assert profile.face_jpeg[:3] == b"\xff\xd8\xff"
    assert parse_dg13(build_dg13(profile.dg13_fields)).full_name == citizen.full_name
    # "server-error" carries an expiry at age 55, which no renewal rule gives (data, not code)
    if citizen.expiry is not None and citizen.key != "server-error":
        # the QR-derived candidates include the expiry the card carries
        assert any(k.mrz_info == profile.mrz_info for k in keys_from_qr(citizen.qr_text()))
