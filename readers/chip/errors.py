"""Typed errors of the chip layer; each one sentence, each a ReaderError."""

from __future__ import annotations

from readers.errors import ReaderError


class ChipError(ReaderError):
    """Root of every eMRTD protocol or data failure."""

    code = "chip"


class AccessDenied(ChipError):
    """BAC/PACE refused the key: the document number or dates are wrong."""

    code = "chip_access_denied"

    def __init__(self, message: str = "Could not open the card: check the number and dates."):
        super().__init__(message)


class ProtocolNotSupported(ChipError):
    """The card does not offer this access protocol (e.g. no PACE): try the next one."""

    code = "chip_protocol_unsupported"


class NotAnIdCard(ChipError):
    """The card has no eMRTD application (not an ID card or passport)."""

    code = "chip_not_emrtd"


class SecureMessagingError(ChipError):
    """A protected answer failed its MAC check or is malformed."""

    code = "chip_secure_messaging"


class FileNotOnCard(ChipError):
    """The requested elementary file does not exist on the card."""

    code = "chip_file_missing"


class FileAccessDenied(ChipError):
    """The card refuses to give a file under the current access control."""

    code = "chip_file_denied"


class MalformedData(ChipError):
    """A file's content does not parse (bad TLV, length past the end, absurd size)."""

    code = "chip_malformed"


class SodInvalid(ChipError):
    """EF.SOD is empty, garbage or not a valid LDS security object."""

    code = "chip_sod_invalid"


class DataAltered(ChipError):
    """A data group's hash differs from the one the issuer signed: data altered."""

    code = "chip_data_altered"


class SignatureInvalid(ChipError):
    """The document signer's signature over EF.SOD does not verify."""

    code = "chip_signature_invalid"


class ChainInvalid(ChipError):
    """The document signer certificate does not chain to a trusted CSCA."""

    code = "chip_chain_invalid"
