"""The CSCA trust store and the document-signer chain check (RFC 5280 path validation).

A folder may hold DER or PEM certificates (``.der``, ``.cer``, ``.crt``,
``.pem``), CSCA certificate revocation lists (``.crl``, DER or PEM) and ICAO
master lists (``.ml``, ``.bin``). A master list is a CMS SignedData whose
content is ``CscaMasterList { version, SET OF Certificate }``; it is used only
when its own signature verifies and its signer certificate chains to a CSCA
(one it lists, or one beside it in the folder), as ICAO 9303-12 §9 describes.
CRLs carried inside a master list's SignedData are honoured too.

The chain itself is checked by ``pyhanko-certvalidator`` (RFC 5280 path
validation): the DS certificate must be signed by the CSCA, be within its
validity period, carry ``digitalSignature`` and not be revoked by a CRL we
hold; the CSCA, as a trust anchor, must be a CA certificate with
``keyCertSign`` within its own validity period. ICAO 9303-12 §7.1.1 sizes
both validity periods to outlast every document signed under them, so the
moment of validation is the moment of the read (the "shell model").
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import crl as asn1_crl
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from readers.chip.errors import ChainInvalid, ChipError, SignatureInvalid

log = logging.getLogger("readers.chip.trust")

MASTER_LIST_OID = "2.23.136.1.1.2"


class TrustStoreError(ChipError):
    """The configured CSCA store cannot be read."""

    code = "chip_trust_store"


class _CertSet(core.SetOf):
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):
    """``CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }``."""

    _fields = [("version", core.Integer), ("cert_list", _CertSet)]


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _as_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(_der(cert))


@dataclass
class _Loaded:
    certificates: list[x509.Certificate] = field(default_factory=list)
    crls: list[asn1_crl.CertificateList] = field(default_factory=list)


def _validate(cert: x509.Certificate, anchors: list[x509.Certificate], usage: set[str],
              crls: list[asn1_crl.CertificateList], moment: dt.datetime) -> None:
    """RFC 5280 path validation of ``cert`` up to one of ``anchors``; raises the library's errors."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.authority import CertTrustAnchor
    # derive_default_quals_from_cert: the anchor's own validity period is enforced too
    roots = [CertTrustAnchor(_as_asn1(a), derive_default_quals_from_cert=True) for a in anchors]
    # A CRL from the issuing CSCA, when we hold one, must be consulted (and be current): the
    # library's softer modes only look when the certificate names a distribution point.
    issuers = {a.subject.public_bytes() for a in anchors}
    held = any(c["tbs_cert_list"]["issuer"].dump() in issuers for c in crls)
    context = ValidationContext(trust_roots=roots, moment=moment, allow_fetching=False, crls=crls,
                                revocation_mode="require" if held else "soft-fail")
    validator = CertificateValidator(_as_asn1(cert), validation_context=context)
    asyncio.run(validator.async_validate_usage(usage))


def _master_list(data: bytes, folder_certs: list[x509.Certificate], name: str) -> _Loaded:
    """The CSCAs and CRLs of a master list whose signature and signer chain verify."""
    from readers.chip.cms_verify import verify_signer_info
    info = cms.ContentInfo.load(data)
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != MASTER_LIST_OID:
        raise ValueError("not a CSCA master list")
    content = encap["content"].native
    listed = [x509.load_der_x509_certificate(c.dump()) for c in CscaMasterList.load(content)["cert_list"]]
    crls = [c.chosen for c in (signed["crls"] or []) if c.name == "crl"]
    signers = list(signed["signer_infos"])
    if len(signers) != 1:
        raise SignatureInvalid(f"The master list {name} is not signed.")
    signer = signers[0]
    sid_choice = signer["sid"]
    sid = sid_choice.chosen
    embedded = [x509.load_der_x509_certificate(c.chosen.dump()) for c in (signed["certificates"] or [])
                if c.name == "certificate"]
    signer_cert = next((c for c in embedded if sid_choice.name == "issuer_and_serial_number"
                        and c.serial_number == sid["serial_number"].native
                        and c.issuer.public_bytes() == sid["issuer"].dump()), None)
    if signer_cert is None:
        raise SignatureInvalid(f"The master list {name} does not carry its signer's certificate.")
    verify_signer_info(signer, signer_cert, content, f"the master list {name}")
    anchors = [c for c in [*listed, *folder_certs] if c.subject == signer_cert.issuer]
    if not anchors:
        raise ChainInvalid(f"The master list {name}'s signer is not issued by a CSCA we hold.")
    try:
        _validate(signer_cert, anchors, {"digital_signature"}, crls, dt.datetime.now(dt.UTC))
    except Exception as e:  # the library's many path errors: one sentence, the class name
        raise ChainInvalid(f"The master list {name}'s signer certificate is not valid ({e.__class__.__name__}).") \
            from None
    return _Loaded(listed, crls)


def _load_crls(data: bytes) -> list[asn1_crl.CertificateList]:
    if asn1_pem.detect(data):
        return [asn1_crl.CertificateList.load(der) for _t, _h, der in asn1_pem.unarmor(data, multiple=True)]
    return [asn1_crl.CertificateList.load(data)]


class TrustStore:
    """Trusted CSCA certificates (and the CRLs we hold); checks a DS certificate's chain."""

    def __init__(self, certificates: list[x509.Certificate],
                 crls: list[asn1_crl.CertificateList] | None = None) -> None:
        self.certificates = list(certificates)
        self.crls = list(crls or [])

    @classmethod
    def from_path(cls, path: str | Path) -> TrustStore:
        """Load a folder or a single file; :class:`TrustStoreError` if nothing usable.

        Files that are neither a certificate, a CRL nor a master list whose
        signature verifies are skipped with a warning naming the file.
        """
        p = Path(path).expanduser()
        if not p.exists():
            raise TrustStoreError(f"The CSCA store {p} does not exist.")
        files = sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p]
        loaded = _Loaded()
        lists: list[tuple[Path, bytes]] = []
        for f in files:
            try:
                data = f.read_bytes()
                if f.suffix.lower() == ".crl":
                    loaded.crls.extend(_load_crls(data))
                elif b"-----BEGIN CERTIFICATE-----" in data:
                    loaded.certificates.extend(x509.load_pem_x509_certificates(data))
                else:
                    try:
                        loaded.certificates.append(x509.load_der_x509_certificate(data))
                    except ValueError:
                        lists.append((f, data))
            except (ValueError, TypeError, KeyError, OSError):
                log.warning("skipping %s: not a certificate, CRL or master list", f.name)
        standalone = list(loaded.certificates)
        for f, data in lists:  # after the folder's certificates: a list's signer may chain to one
            try:
                ml = _master_list(data, standalone, f.name)
            except ChipError as e:
                log.warning("skipping master list %s: %s", f.name, e)
                continue
            except (ValueError, TypeError, KeyError, AttributeError):
                log.warning("skipping %s: not a certificate, CRL or master list", f.name)
                continue
            loaded.certificates.extend(ml.certificates)
            loaded.crls.extend(ml.crls)
        if not loaded.certificates:
            raise TrustStoreError(f"The CSCA store {p} holds no certificate it can use.")
        return cls(loaded.certificates, loaded.crls)

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """The CSCA certificates whose subject is ``cert``'s issuer."""
        return [c for c in self.certificates if c.subject == cert.issuer]

    def verify(self, ds_cert: x509.Certificate, moment: dt.datetime | None = None) -> x509.Certificate | None:
        """The CSCA that ``ds_cert`` validly chains to; None if no CSCA of that name is trusted.

        Raises :class:`ChainInvalid` (one sentence with the reason) when a CSCA
        of the right name exists but the path does not validate: a forged DS
        certificate, a DS or CSCA outside its validity period, a DS without
        ``digitalSignature``, a CSCA that is not a CA with ``keyCertSign``, or a
        DS that a CSCA CRL revokes.
        """
        from pyhanko_certvalidator import errors as cv
        candidates = self.issuers_of(ds_cert)
        if not candidates:
            return None
        moment = moment or dt.datetime.now(dt.UTC)
        reasons: list[str] = []
        for csca in candidates:
            why = _anchor_problem(csca)
            if why:
                reasons.append(why)
                continue
            try:
                _validate(ds_cert, [csca], {"digital_signature"}, self.crls, moment)
                return csca
            except cv.RevokedError:
                reasons.append("the document signer certificate is revoked by its CSCA's CRL")
            except cv.ExpiredError:
                reasons.append("a certificate of the chain (document signer or CSCA) has expired")
            except cv.NotYetValidError:
                reasons.append("a certificate of the chain (document signer or CSCA) is not valid yet")
            except cv.InsufficientRevinfoError:
                reasons.append("the CSCA's CRL we hold is not current, so revocation cannot be checked")
            except cv.InvalidCertificateError:
                reasons.append("the document signer certificate is not meant for signing documents "
                               "(no digitalSignature key usage)")
            except cv.PathValidationError:
                reasons.append("the document signer certificate is not signed by the trusted CSCA")
            except (cv.PathBuildingError, cv.ValidationError):
                reasons.append("the document signer certificate is not signed by the trusted CSCA")
            except ValueError as e:  # an unreadable key or algorithm in the library
                reasons.append(f"the chain cannot be checked ({e.__class__.__name__})")
        reason = reasons[0] if len(set(reasons)) == 1 else "; ".join(dict.fromkeys(reasons))
        raise ChainInvalid(f"The chain to the trusted CSCA does not verify: {reason}.")


def _anchor_problem(csca: x509.Certificate) -> str | None:
    """Why ``csca`` cannot serve as a CSCA (RFC 5280 does not check a trust anchor's extensions)."""
    try:
        basic = csca.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_ca = basic.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        return "the trusted CSCA certificate is not a CA certificate (basicConstraints CA is not set)"
    try:
        usage = csca.extensions.get_extension_for_class(x509.KeyUsage).value
        signs_certs = usage.key_cert_sign
    except x509.ExtensionNotFound:
        signs_certs = True  # RFC 5280 §4.2.1.3: without the extension every use is allowed
    if not signs_certs:
        return "the trusted CSCA certificate may not sign certificates (no keyCertSign key usage)"
    return None
