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


def test_trust_store_from_a_signed_master_list(tmp_path):
    pki = test_pki.generate()
    other = test_pki.generate(csca_name="CSCA OTHER")
    # the master list signer is issued by one of the CSCAs the list carries (ICAO 9303-12 §9)
    signer, signer_key = test_pki.make_ds(pki.csca_cert, pki.csca_key, "ML SIGNER VN TEST")
    ml = tmp_path / "masterlist.ml"
    ml.write_bytes(test_pki.build_master_list([other.csca_cert, pki.csca_cert], signer, signer_key))
    store = TrustStore.from_path(ml)
    assert len(store.certificates) == 2
    sod = parse_sod(build_sod(GROUPS, pki.ds_key, pki.ds_cert_der))
    assert passive_authentication(sod, GROUPS, store).level == AuthLevel.CHAIN_VERIFIED


def test_master_list_with_a_bad_or_missing_signature_is_not_trusted(tmp_path):
    pki = test_pki.generate()
    from asn1crypto import cms, core
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    from readers.chip.trust import CscaMasterList
    certs = [asn1_x509.Certificate.load(pki.csca_cert.public_bytes(serialization.Encoding.DER))]
    content = CscaMasterList({"version": 0, "cert_list": certs}).dump()
    unsigned = cms.SignedData({"version": "v3", "digest_algorithms": [],
                               "encap_content_info": {"content_type": "2.23.136.1.1.2",
                                                      "content": core.ParsableOctetString(content)},
                               "signer_infos": []})
    (tmp_path / "unsigned.ml").write_bytes(cms.ContentInfo({"content_type": "signed_data",
                                                            "content": unsigned}).dump())
    with pytest.raises(TrustStoreError, match="no certificate"):
        TrustStore.from_path(tmp_path / "unsigned.ml")
    # signed by a key that is not the signer certificate's
    signer, _key = test_pki.make_ds(pki.csca_cert, pki.csca_key, "ML SIGNER VN TEST")
    impostor_key = test_pki.generate().ds_key
    (tmp_path / "forged.ml").write_bytes(test_pki.build_master_list([pki.csca_cert], signer, impostor_key))
    with pytest.raises(TrustStoreError, match="no certificate"):
        TrustStore.from_path(tmp_path / "forged.ml")
    # well signed, but by a signer no CSCA we hold issued
    stranger = test_pki.generate(csca_name="CSCA STRANGER")
    s2, k2 = test_pki.make_ds(stranger.csca_cert, stranger.csca_key, "ML SIGNER STRANGER")
    (tmp_path / "stranger.ml").write_bytes(test_pki.build_master_list([pki.csca_cert], s2, k2))
    with pytest.raises(TrustStoreError, match="no certificate"):
        TrustStore.from_path(tmp_path / "stranger.ml")


def _days(n):
    import datetime as dt
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=n)


def _chain_result(csca, csca_key, ds_kw=None, crl_of=None, tmp_path=None):
    """Passive authentication of a SOD signed by a DS under ``csca`` (trusted), with a CRL if asked."""
    ds, ds_key = test_pki.make_ds(csca, csca_key, **(ds_kw or {}))
    crls = []
    if crl_of is not None:
        from asn1crypto import crl as asn1_crl
        crls = [asn1_crl.CertificateList.load(test_pki.make_crl(csca, csca_key, [ds] if crl_of else []))]
    from cryptography.hazmat.primitives import serialization
    sod = parse_sod(build_sod(GROUPS, ds_key, ds.public_bytes(serialization.Encoding.DER)))
    return passive_authentication(sod, GROUPS, TrustStore([csca], crls))


@pytest.mark.parametrize("csca_kw, ds_kw, reason", [
    (dict(not_before=_days(-4000), not_after=_days(-1)), dict(not_before=_days(-30), not_after=_days(300)),
     "expired"),
    ({}, dict(not_before=_days(-900), not_after=_days(-2)), "expired"),
    ({}, dict(not_before=_days(5), not_after=_days(900)), "not valid yet"),
    (dict(ca=False), {}, "not a CA certificate"),
    (dict(key_cert_sign=False), {}, "keyCertSign"),
    ({}, dict(digital_signature=False), "digitalSignature"),
])
def test_a_chain_that_does_not_validate_never_reaches_chain_verified(csca_kw, ds_kw, reason):
    csca, csca_key = test_pki.make_csca(**csca_kw)
    with pytest.raises(ChainInvalid, match=reason):
        _chain_result(csca, csca_key, ds_kw)


def test_revoked_document_signer_is_refused_when_the_csca_crl_is_held(tmp_path):
    csca, csca_key = test_pki.make_csca()
    assert _chain_result(csca, csca_key, crl_of=False).level == AuthLevel.CHAIN_VERIFIED  # CRL, not listing it
    with pytest.raises(ChainInvalid, match="revoked"):
        _chain_result(csca, csca_key, crl_of=True)


def test_crl_files_in_the_trust_folder_are_honoured(tmp_path):
    from cryptography.hazmat.primitives import serialization
    csca, csca_key = test_pki.make_csca()
    ds, ds_key = test_pki.make_ds(csca, csca_key)
    (tmp_path / "csca.pem").write_bytes(csca.public_bytes(serialization.Encoding.PEM))
    sod = parse_sod(build_sod(GROUPS, ds_key, ds.public_bytes(serialization.Encoding.DER)))
    assert passive_authentication(sod, GROUPS, TrustStore.from_path(tmp_path)).level == AuthLevel.CHAIN_VERIFIED
    (tmp_path / "csca.crl").write_bytes(test_pki.make_crl(csca, csca_key, [ds]))
    with pytest.raises(ChainInvalid, match="revoked"):
        passive_authentication(sod, GROUPS, TrustStore.from_path(tmp_path))


def test_unsupported_document_signer_key_is_a_typed_explained_result(pki):
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509

    from readers.chip.pa import UnsupportedSignerKey
    cert = asn1_x509.Certificate.load(pki.ds_cert_der)
    tbs = cert["tbs_certificate"].copy()
    # an EC key on a binary curve (sect163k1) that cryptography cannot load
    tbs["subject_public_key_info"] = keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": keys.ECDomainParameters(name="named", value="1.3.132.0.1")},
        "public_key": b"\x04" + bytes(42)})
    odd = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": cert["signature_algorithm"],
                                 "signature_value": cert["signature_value"]}).dump()
    sod = parse_sod(build_sod(GROUPS, pki.ds_key, odd))
    with pytest.raises(UnsupportedSignerKey, match="not supported") as caught:
        passive_authentication(sod, GROUPS)
    assert isinstance(caught.value, SignatureInvalid) and caught.value.code == "chip_signer_key_unsupported"
