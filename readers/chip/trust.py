"""The CSCA trust store: a folder of certificates or an ICAO/BSI master list.

A folder may hold DER or PEM certificates (``.der``, ``.cer``, ``.crt``,
``.pem``) and master lists (``.ml``, ``.bin``). A master list is a CMS
SignedData whose content is ``CscaMasterList { version, SET OF Certificate }``;
its own signature is not checked here: IT installs the file it trusts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from readers.chip.errors import ChainInvalid, ChipError

log = logging.getLogger("readers.chip.trust")


class TrustStoreError(ChipError):
    """The configured CSCA store cannot be read."""

    code = "chip_trust_store"


class _CertSet(core.SetOf):
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):
    """``CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }``."""

    _fields = [("version", core.Integer), ("cert_list", _CertSet)]


def _load_master_list(data: bytes) -> list[x509.Certificate]:
    info = cms.ContentInfo.load(data)
    content = info["content"]["encap_content_info"]["content"].native
    return [x509.load_der_x509_certificate(c.dump()) for c in CscaMasterList.load(content)["cert_list"]]


def _load_file(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        return _load_master_list(data)


class TrustStore:
    """Trusted CSCA certificates; verifies that a DS certificate chains to one."""

    def __init__(self, certificates: list[x509.Certificate]) -> None:
        self.certificates = list(certificates)

    @classmethod
    def from_path(cls, path: str | Path) -> TrustStore:
        """Load a folder or a single file; :class:`TrustStoreError` if nothing usable."""
        p = Path(path).expanduser()
        files = sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p]
        if not p.exists():
            raise TrustStoreError(f"The CSCA store {p} does not exist.")
        certs: list[x509.Certificate] = []
        for f in files:
            try:
                certs.extend(_load_file(f))
            except (ValueError, TypeError, KeyError, OSError):
                log.warning("skipping %s: not a certificate or master list", f.name)
        if not certs:
            raise TrustStoreError(f"The CSCA store {p} holds no certificate.")
        return cls(certs)

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """The CSCA certificates whose subject is ``cert``'s issuer."""
        return [c for c in self.certificates if c.subject == cert.issuer]

    def verify(self, ds_cert: x509.Certificate) -> x509.Certificate | None:
        """The CSCA that signed ``ds_cert``; None if no CSCA of that name is trusted.

        Raises :class:`ChainInvalid` when a CSCA of the right name exists but
        none of their keys verifies the signature (a forged DS certificate).
        """
        candidates = self.issuers_of(ds_cert)
        if not candidates:
            return None
        for csca in candidates:
            try:
                ds_cert.verify_directly_issued_by(csca)
                return csca
            except (InvalidSignature, ValueError, TypeError):
                continue
        raise ChainInvalid("The document signer certificate is not signed by the trusted CSCA.")
