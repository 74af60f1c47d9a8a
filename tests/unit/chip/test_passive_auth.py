"""Passive authentication: hashes, the SOD signature, the CSCA chain, garbage SODs."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from devkit.virtual_card import pki as test_pki
from devkit.virtual_card.sod_build import build_sod
from readers.chip import tlv
from readers.chip.errors import ChainInvalid, DataAltered, SignatureInvalid, SodInvalid
from readers.chip.lds.sod import parse_sod
from readers.chip.pa import AuthLevel, passive_authentication
from readers.chip.trust import TrustStore, TrustStoreError

GROUPS = {1: b"\x61\x03\x5f\x1f\x00", 13: b"\x6d\x02\x30\x00"}


def test_all_levels(pki, tmp_path):
    sod = parse_sod(build_sod(GROUPS, pki.ds_key, pki.ds_cert_der))
    assert sod.dg_hashes.keys() == {1, 13}
    assert passive_authentication(sod, GROUPS).level == AuthLevel.SIGNATURE_VERIFIED
    trusted = TrustStore.from_path(pki.csca_path)
    assert passive_authentication(sod, GROUPS, trusted).level == AuthLevel.CHAIN_VERIFIED
    other = TrustStore([test_pki.generate(csca_name="CSCA OTHER").csca_cert])
    result = passive_authentication(sod, GROUPS, other)
    assert result.level == AuthLevel.SIGNATURE_VERIFIED and "not in the trust store" in result.detail
    assert AuthLevel.CHAIN_VERIFIED.label == "chain verified"


def test_altered_group_is_loud(pki):
    sod = parse_sod(build_sod(GROUPS, pki.ds_key, pki.ds_cert_der))
    with pytest.raises(DataAltered, match="DG13"):
        passive_authentication(sod, {**GROUPS, 13: b"\x6d\x02\x30\x01"})
    with pytest.raises(DataAltered, match="DG2 is not covered"):
        passive_authentication(sod, {**GROUPS, 2: b"\x75\x00"})


def test_signature_by_another_key_fails(pki):
    impostor = test_pki.generate()
    # signed by a different key but carrying the genuine DS certificate
    sod = parse_sod(build_sod(GROUPS, impostor.ds_key, pki.ds_cert_der))
    with pytest.raises(SignatureInvalid):
        passive_authentication(sod, GROUPS)


def test_forged_ds_certificate_under_the_same_csca_name(pki):
    forger = test_pki.generate()  # same CSCA name, different key
    sod = parse_sod(build_sod(GROUPS, forger.ds_key, forger.ds_cert_der))
    with pytest.raises(ChainInvalid):
        passive_authentication(sod, GROUPS, TrustStore.from_path(pki.csca_path))


def test_rsa_document_signer(pki):
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(pki.ds_cert.subject).issuer_name(pki.ds_cert.subject)
            .public_key(key.public_key()).serial_number(7).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    sod = parse_sod(build_sod(GROUPS, key, cert.public_bytes(serialization.Encoding.DER)))
    assert passive_authentication(sod, GROUPS).level == AuthLevel.SIGNATURE_VERIFIED


@pytest.mark.parametrize("data", [b"", b"\x77\x00", b"\x77\x03\x30\x01\x00", b"garbage!",
                                  tlv.encode(0x77, b"\x30\x80" + bytes(20)), b"\x77\x84\x7f\xff\xff\xff"])
def test_garbage_sod(data):
    with pytest.raises(SodInvalid):
        parse_sod(data)


def test_trust_store_problems(tmp_path):
    with pytest.raises(TrustStoreError):
        TrustStore.from_path(tmp_path / "missing")
    (tmp_path / "junk.cer").write_bytes(b"not a certificate")
    with pytest.raises(TrustStoreError, match="no certificate"):
        TrustStore.from_path(tmp_path)


def test_trust_store_from_a_master_list(pki, tmp_path):
    from asn1crypto import cms, core
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    from readers.chip.trust import CscaMasterList
    other = test_pki.generate(csca_name="CSCA OTHER")
    certs = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in (other.csca_cert, pki.csca_cert)]
    content = CscaMasterList({"version": 0, "cert_list": certs}).dump()
    signed = cms.SignedData({"version": "v3", "digest_algorithms": [],
                             "encap_content_info": {"content_type": "2.23.136.1.1.2",
                                                    "content": core.ParsableOctetString(content)},
                             "signer_infos": []})
    ml = tmp_path / "masterlist.ml"
    ml.write_bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
    store = TrustStore.from_path(ml)
    assert len(store.certificates) == 2
    sod = parse_sod(build_sod(GROUPS, pki.ds_key, pki.ds_cert_der))
    assert passive_authentication(sod, GROUPS, store).level == AuthLevel.CHAIN_VERIFIED
