"""A test CSCA and document signer, generated with ``cryptography`` and cached.

Generated at first use into a cache folder (PEM files) so every process of
a test run, the CLI and the demo share the same CSCA, and the CSCA
certificate can be given to ``reader.csca_dir``. EC P-256 keeps generation
and signing fast. NEVER a real authority's key.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CSCA_FILE = "test-csca.pem"
BUNDLE_FILE = "test-pki.pem"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/vn-checkin-kiosk/virtual-card`` (or ~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "vn-checkin-kiosk" / "virtual-card"


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TEST ONLY - not a real authority"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass(frozen=True)
class TestPki:
    """The CSCA certificate, the DS certificate and the DS private key."""

    csca_cert: x509.Certificate
    ds_cert: x509.Certificate
    ds_key: ec.EllipticCurvePrivateKey
    folder: Path | None = None
    csca_key: ec.EllipticCurvePrivateKey | None = None

    @property
    def csca_path(self) -> Path:
        """The folder holding only the CSCA certificate (for ``reader.csca_dir``)."""
        assert self.folder is not None
        return self.folder / "csca"

    @property
    def ds_cert_der(self) -> bytes:
        """The DS certificate as DER (embedded in EF.SOD)."""
        return self.ds_cert.public_bytes(serialization.Encoding.DER)


def make_csca(name: str = "CSCA VN TEST", *, not_before: dt.datetime | None = None,
              not_after: dt.datetime | None = None, ca: bool = True, key_cert_sign: bool = True,
              ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A self-signed CSCA; the keyword arguments make the broken ones tests need
    (expired, not yet valid, ``CA=false``, no ``keyCertSign``)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now).not_valid_after(not_after or now + dt.timedelta(days=365 * 15))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, key_cert_sign, True, False, False),
                           critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def make_ds(csca_cert: x509.Certificate, csca_key, name: str = "DS VN TEST", *,
            not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
            digital_signature: bool = True, public_key=None,
            ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey | None]:
    """A document signer certificate issued by ``csca``; keyword arguments make broken ones
    (expired, not yet valid, no ``digitalSignature``). With ``public_key`` the DS key is that
    one (no private key is returned)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = None if public_key is not None else ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(csca_cert.subject)
            .public_key(public_key if public_key is not None else key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now).not_valid_after(not_after or now + dt.timedelta(days=365 * 10))
            .add_extension(x509.KeyUsage(digital_signature, False, not digital_signature, False, False, False,
                                         False, False, False), critical=True)
            .sign(csca_key, hashes.SHA256()))
    return cert, key


def make_crl(csca_cert: x509.Certificate, csca_key, revoked: list[x509.Certificate]) -> bytes:
    """A CSCA CRL (DER) revoking ``revoked``, current for 30 days."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(csca_cert.subject)
               .last_update(now).next_update(now + dt.timedelta(days=30))
               .add_extension(x509.CRLNumber(1), critical=False))
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.serial_number).revocation_date(now).build())
    return builder.sign(csca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def build_master_list(cscas: list[x509.Certificate], signer_cert: x509.Certificate, signer_key,
                      crls: list[bytes] = ()) -> bytes:
    """An ICAO CSCA master list (CMS SignedData) listing ``cscas``, signed by ``signer_key``."""
    import hashlib

    from asn1crypto import cms, core
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509

    class _CertSet(core.SetOf):
        _child_spec = asn1_x509.Certificate

    class _MasterList(core.Sequence):
        _fields = [("version", core.Integer), ("cert_list", _CertSet)]

    def asn1(c: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
    content = _MasterList({"version": 0, "cert_list": [asn1(c) for c in cscas]}).dump()
    attrs = cms.CMSAttributes([{"type": "content_type", "values": ["2.23.136.1.1.2"]},
                               {"type": "message_digest", "values": [hashlib.sha256(content).digest()]}])
    signature = signer_key.sign(attrs.dump(), ec.ECDSA(hashes.SHA256()))
    signer_asn1 = asn1(signer_cert)
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": signer_asn1.issuer, "serial_number": signer_asn1.serial_number}}),
        "digest_algorithm": {"algorithm": "sha256"}, "signed_attrs": attrs,
        "signature_algorithm": {"algorithm": "sha256_ecdsa"}, "signature": signature})
    signed = {"version": "v3", "digest_algorithms": [{"algorithm": "sha256"}],
              "encap_content_info": {"content_type": "2.23.136.1.1.2",
                                     "content": core.ParsableOctetString(content)},
              "certificates": [signer_asn1], "signer_infos": [signer]}
    if crls:
        signed["crls"] = [asn1_crl.CertificateList.load(c) for c in crls]
    return cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed)}).dump()


def generate(csca_name: str = "CSCA VN TEST", ds_name: str = "DS VN TEST") -> TestPki:
    """A fresh CSCA and a DS it signed (not stored)."""
    csca, csca_key = make_csca(csca_name)
    ds, ds_key = make_ds(csca, csca_key, ds_name)
    return TestPki(csca, ds, ds_key, None, csca_key)


def _atomic_write(path: Path, blob: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(blob)
    os.replace(tmp, path)


def load_or_create(folder: str | Path | None = None) -> TestPki:
    """The cached test PKI in ``folder`` (created on first use).

    The three parts live in ONE bundle file replaced atomically, so processes
    racing on first use never mix a certificate with another run's key. The
    CSCA alone is also written to ``csca/`` for ``reader.csca_dir``.
    """
    folder = Path(folder) if folder else default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / BUNDLE_FILE
    if not bundle.exists():
        pki = generate()
        blob = (pki.csca_cert.public_bytes(serialization.Encoding.PEM)
                + pki.ds_cert.public_bytes(serialization.Encoding.PEM)
                + pki.ds_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        _atomic_write(bundle, blob)
    data = bundle.read_bytes()
    csca, ds = x509.load_pem_x509_certificates(data)[:2]
    key_pem = data[data.index(b"-----BEGIN PRIVATE KEY-----"):]
    key = serialization.load_pem_private_key(key_pem, password=None)
    csca_pem = csca.public_bytes(serialization.Encoding.PEM)
    csca_path = folder / "csca" / CSCA_FILE
    csca_path.parent.mkdir(exist_ok=True)
    if not csca_path.exists() or csca_path.read_bytes() != csca_pem:
        _atomic_write(csca_path, csca_pem)
    return TestPki(csca, ds, key, folder)
