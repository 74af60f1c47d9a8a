"""The chip document becomes the kiosk's Identity."""

from kiosk.chip.identity import identity_from_chip
from kiosk.domain import IdentitySource, Sex
from readers.chip.keys import keys_from_qr
from readers.chip.service import ChipReader
from readers.chip.trust import TrustStore


def test_identity_from_a_chain_verified_card(make_card, citizen, pki):
    doc = ChipReader(make_card(), trust=TrustStore.from_path(pki.csca_path)).read(
        keys_from_qr(citizen.qr_text()), photo=False)
    ident = identity_from_chip(doc)
    assert ident.card_number == citizen.id_number and ident.full_name == citizen.full_name
    assert ident.birth == citizen.birth.strftime("%d/%m/%Y") and ident.sex == Sex.MALE
    assert ident.source == IdentitySource.CHIP_AUTHENTICATED and ident.address == citizen.address


def test_without_a_trust_store_it_is_chip_only(make_card, citizen):
    doc = ChipReader(make_card()).read(keys_from_qr(citizen.qr_text()), photo=False)
    assert identity_from_chip(doc).source == IdentitySource.CHIP
    doc.dg13 = None  # a card without DG13: the MRZ is enough
    ident = identity_from_chip(doc)
    assert ident.full_name == "TRAN VAN BINH" and ident.birth == "14/03/1988"
