"""Turn what the chip said into the kiosk's :class:`Identity`.

The chip's DG13 carries the full Vietnamese name with diacritics and the
birth date as ``dd/mm/yyyy`` (what the gateway wants); DG1's MRZ is the
fallback when DG13 is missing. The source is ``chip-authenticated`` only
when passive authentication reached "chain verified": a signature without
a trusted CSCA proves consistency, not origin.
"""

from __future__ import annotations

from kiosk.domain import Identity, IdentitySource, Sex
from readers.chip.pa import AuthLevel
from readers.chip.service import ChipDocument


def _birth_from_mrz(yymmdd: str, id_number: str | None) -> str:
    century = 1900
    if id_number and id_number[3] in "23":
        century = 2000
    return f"{yymmdd[4:6]}/{yymmdd[2:4]}/{century + int(yymmdd[:2])}"


def identity_from_chip(doc: ChipDocument) -> Identity:
    """The patient identity read from the chip."""
    d13, mrz = doc.dg13, doc.mrz
    id_number = (d13.id_number if d13 and d13.id_number else mrz.id_number) or mrz.document_number
    source = (IdentitySource.CHIP_AUTHENTICATED if doc.auth.level >= AuthLevel.CHAIN_VERIFIED
              else IdentitySource.CHIP)
    photo = doc.face.data if doc.face is not None else None
    if d13 is not None and d13.full_name:
        sex = {"nam": Sex.MALE, "nữ": Sex.FEMALE}.get(d13.sex.strip().lower(), Sex.UNKNOWN)
        return Identity(id_number, d13.full_name, d13.birth, source, id_number, sex, d13.residence or None,
                        photo)
    sex = {"M": Sex.MALE, "F": Sex.FEMALE}.get(mrz.sex, Sex.UNKNOWN)
    return Identity(id_number, mrz.full_name, _birth_from_mrz(mrz.birth, mrz.id_number), source,
                    id_number, sex, photo=photo)
