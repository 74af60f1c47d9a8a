"""A referral's wire identity becomes the core's Identity the gateway and override form expect."""

from __future__ import annotations

from kiosk.domain import IdentitySource, Sex
from ui.station.referral_subject import birth_for_gateway, eligibility_of, identity_of


def test_wire_identity_becomes_the_core_identity():
    identity = identity_of({"full_name": "Trần Thị Thu Hà", "birth": "1990-04-12", "card_number": "GD4797912345678",
                            "id_number": "079190001234", "sex": "female", "source": "qr-id-card"})
    assert identity.birth == "12/04/1990" and identity.sex is Sex.FEMALE
    assert identity.source is IdentitySource.QR_ID_CARD and identity.card_number == "GD4797912345678"


def test_birth_keeps_the_precision_the_gateway_takes():
    assert birth_for_gateway("1990-04") == "1990" and birth_for_gateway("1990") == "1990"
    assert birth_for_gateway("12/04/1990") == "12/04/1990"


def test_a_status_only_eligibility_is_no_answer():
    assert eligibility_of({"status": "expired", "code": "070", "checked_at": None}) is None
    assert eligibility_of(None) is None
