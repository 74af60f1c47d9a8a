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

    @property
    def csca_path(self) -> Path:
        """The folder holding only the CSCA certificate (for ``reader.csca_dir``)."""
        assert self.folder is not None
        return self.folder / "csca"

    @property
    def ds_cert_der(self) -> bytes:
        """The DS certificate as DER (embedded in EF.SOD)."""
        return self.ds_cert.public_bytes(serialization.Encoding.DER)


def generate(csca_name: str = "CSCA VN TEST", ds_name: str = "DS VN TEST") -> TestPki:
    """A fresh CSCA and a DS it signed (not stored)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca = (x509.CertificateBuilder().subject_name(_name(csca_name)).issuer_name(_name(csca_name))
            .public_key(csca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365 * 15))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .sign(csca_key, hashes.SHA256()))
    ds_key = ec.generate_private_key(ec.SECP256R1())
    ds = (x509.CertificateBuilder().subject_name(_name(ds_name)).issuer_name(csca.subject)
          .public_key(ds_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365 * 10))
          .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                         critical=True)
          .sign(csca_key, hashes.SHA256()))
    return TestPki(csca, ds, ds_key)


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
