"""The service facade: open the card with one of several keys, read, authenticate.

``ChipReader(transport).read(keys)`` returns a :class:`ChipDocument` with the
parsed data groups, the passive-authentication result, per-phase timings and
the APDU count. Every failure is a typed :class:`readers.errors.ReaderError`;
a new ``read`` can follow at once (each starts from a fresh session).
"""

from __future__ import annotations

import logging
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from readers.chip.access import AccessProtocol, default_protocols
from readers.chip.commands import DG_FIDS, EF_COM, EF_SOD, CardChannel
from readers.chip.errors import AccessDenied, FileAccessDenied, FileNotOnCard, MalformedData, ProtocolNotSupported
from readers.chip.keys import AccessKey
from readers.chip.lds.com import EfCom, parse_com
from readers.chip.lds.dg13 import Dg13, parse_dg13
from readers.chip.lds.face import FaceImage, parse_dg2
from readers.chip.lds.mrz import Mrz, parse_dg1
from readers.chip.lds.sod import parse_sod
from readers.chip.pa import AuthLevel, PassiveAuthResult, passive_authentication
from readers.chip.reading import FileReader
from readers.chip.trust import TrustStore
from readers.errors import ReaderError
from readers.pcsc.transport import CardTransport

log = logging.getLogger("readers.chip")


@dataclass
class ChipDocument:
    """What was read from one card."""

    opened_with: str                      # label of the key that opened the card
    protocol: str                         # BAC / PACE
    com: EfCom
    mrz: Mrz
    dg13: Dg13 | None
    faces: list[FaceImage]
    groups_present: tuple[int, ...]
    auth: PassiveAuthResult
    timings: dict[str, float] = field(default_factory=dict)
    apdu_count: int = 0
    raw: dict[int, bytes] = field(default_factory=dict, repr=False)   # DG number → file bytes
    sod: bytes | None = field(default=None, repr=False)
    #: problems staff should know about that did not stop the read (one sentence each,
    #: never card data), e.g. a malformed EF.COM
    warnings: tuple[str, ...] = ()

    @property
    def face(self) -> FaceImage | None:
        """The first face image, if DG2 was read."""
        return self.faces[0] if self.faces else None

    @property
    def has_dg14(self) -> bool:
        """Chip authentication is possible (DG14 listed)."""
        return 14 in self.groups_present

    @property
    def has_dg15(self) -> bool:
        """Active authentication is possible (DG15 listed)."""
        return 15 in self.groups_present


class ChipReader:
    """Reads one card through ``transport`` with the given access protocols."""

    def __init__(self, transport: CardTransport, *, trust: TrustStore | None = None,
                 protocols: Sequence[AccessProtocol] | None = None, block_size: int = 256) -> None:
        self.transport = transport
        self.trust = trust
        self.protocols = list(protocols) if protocols else default_protocols()
        self.channel = CardChannel(transport)
        self.files = FileReader(self.channel, block_size)

    def open(self, keys: Sequence[AccessKey]) -> tuple[AccessKey, str]:
        """Try the protocols in order (PACE-CAN, then BAC), each with every distinct secret.

        A protocol the card does not offer (:class:`ProtocolNotSupported`) is
        skipped at its first attempt; a refusal (:class:`AccessDenied`) moves
        on. If nothing opens the card, the first refusal is raised (PACE's
        "this number" is the most precise), or a sentence saying the dates are
        needed when no protocol could even try.
        """
        if not keys:
            raise AccessDenied("No key to open the card was given.")
        refusal: AccessDenied | None = None
        for protocol in self.protocols:
            tried: set[str] = set()
            for number, key in enumerate(keys, 1):
                secret = protocol.key_of(key)
                if not secret or secret in tried:  # QR keys share one CAN: one PACE run is enough
                    continue
                tried.add(secret)
                # Logs name the key by its position only: its label holds an expiry date,
                # which with the renewal age gives away the birth date.
                try:
                    protocol.establish(self.channel, key)
                    log.info("card opened with %s, key %d of %d", protocol.name, number, len(keys))
                    return key, protocol.name
                except ProtocolNotSupported as e:
                    log.info("the card does not offer %s (%s)", protocol.name, e.code)
                    break
                except AccessDenied as e:
                    log.info("%s refused key %d of %d", protocol.name, number, len(keys))
                    refusal = refusal or e
        if refusal is not None:
            raise refusal
        raise AccessDenied("This card cannot be opened with the ID number alone: "
                           "the birth and expiry dates are needed.")

    def read_group(self, number: int) -> bytes:
        """The raw bytes of data group ``number``."""
        return self.files.read_file(DG_FIDS[number])

    def read(self, keys: Sequence[AccessKey], *, photo: bool = True,
             groups: Sequence[int] = (1, 13)) -> ChipDocument:
        """Open the card, read EF.COM, the groups (plus DG2 if ``photo``), EF.SOD; run PA.

        Raises only :class:`readers.errors.ReaderError` subclasses: a parser
        bug met by odd card data is logged and reported as malformed data.
        """
        try:
            return self._read(keys, photo, groups)
        except ReaderError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, struct.error, UnicodeError) as e:
            # the exception text may quote card bytes: the class name only, detail at DEBUG
            log.error("unexpected %s while reading the card", e.__class__.__name__)
            log.debug("detail", exc_info=True)
            raise MalformedData(f"The card's data could not be understood ({e.__class__.__name__}).") from None

    def _read(self, keys: Sequence[AccessKey], photo: bool, groups: Sequence[int]) -> ChipDocument:
        t0 = time.perf_counter()
        apdus0 = self.transport.apdu_count
        timings: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            timings[name] = now - since
            return now
        key, protocol = self.open(keys)
        t = lap("access", t0)
        warnings: list[str] = []
        com: EfCom | None
        try:
            com = parse_com(self.files.read_file(EF_COM))
        except MalformedData as e:
            # EF.COM is only an index: DG1 and EF.SOD still say everything that matters,
            # and passive authentication still checks every group read against EF.SOD.
            log.warning("EF.COM is malformed (%s); reading the data groups without it", e.code)
            warnings.append(f"EF.COM is malformed ({e}); the data groups were read without it.")
            com = None
        requested = dict.fromkeys([*groups, *([2] if photo else [])])
        wanted = [g for g in requested if com is None or g in com.data_groups or g == 1]
        raw: dict[int, bytes] = {}
        for number in wanted:
            try:
                raw[number] = self.read_group(number)
            except (FileNotOnCard, FileAccessDenied):
                if number == 1:
                    raise
                log.info("DG%d %s but not readable", number, "listed" if com else "asked for")
            t = lap(f"DG{number}", t)
        if com is None:
            com = EfCom("", "", tuple(sorted(raw)))
        mrz = parse_dg1(raw[1])
        dg13 = parse_dg13(raw[13]) if 13 in raw else None
        faces = parse_dg2(raw[2]) if 2 in raw else []
        t = lap("parse", t)
        try:
            sod_bytes = self.files.read_file(EF_SOD)
        except (FileNotOnCard, FileAccessDenied):
            sod_bytes = None
        t = lap("SOD", t)
        if sod_bytes is None:
            auth = PassiveAuthResult(AuthLevel.NOT_AUTHENTICATED, (), "the card has no EF.SOD")
        else:
            auth = passive_authentication(parse_sod(sod_bytes), raw, self.trust)
        lap("passive authentication", t)
        timings["total"] = time.perf_counter() - t0
        return ChipDocument(key.label, protocol, com, mrz, dg13, faces, com.data_groups, auth,
                            timings, self.transport.apdu_count - apdus0, raw, sod_bytes, tuple(warnings))
