"""Glue: a synthetic :class:`Citizen` → the plain data of their virtual chip card.

``readers`` must not import ``kiosk``, so this module (in the core) turns a
citizen into a :class:`devkit.virtual_card.lds_files.CardProfile`: a
CCCD-style TD1 MRZ, a synthetic face JPEG (Pillow, 15-20 KB) and DG13 text
with Vietnamese diacritics.
"""

from __future__ import annotations

import dataclasses
import io
import random
from datetime import date
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from devkit.simulator.citizens import Citizen
from devkit.virtual_card.lds_files import CardProfile
from readers.chip.lds.mrz import td1_lines, transliterate

FACE_SIZE = (480, 640)
FACE_BYTES = (15_000, 20_000)
NO_EXPIRY_MRZ = "991231"   # UNCONFIRMED what cards issued from age 58 hold; our virtual cards use this


def _draw_face(seed: int) -> Image.Image:
    rnd = random.Random(seed)
    w, h = FACE_SIZE
    img = Image.new("RGB", (w, h), (rnd.randint(180, 230), rnd.randint(190, 235), rnd.randint(200, 240)))
    d = ImageDraw.Draw(img)
    skin = (rnd.randint(190, 235), rnd.randint(150, 190), rnd.randint(120, 160))
    d.ellipse((110, 60, 370, 380), fill=(30, 25, 20))                        # hair
    d.rectangle((90, 430, 390, 640), fill=(rnd.randint(20, 90), rnd.randint(40, 110), 150))  # shirt
    d.rectangle((200, 360, 280, 450), fill=skin)                             # neck
    d.ellipse((130, 110, 350, 420), fill=skin)                               # face
    for x in (185, 265):
        d.ellipse((x, 220, x + 35, 240), fill=(255, 255, 255))
        d.ellipse((x + 10, 222, x + 26, 238), fill=(40, 30, 20))
        d.line((x - 5, 205, x + 40, 200), fill=(40, 30, 20), width=5)
    d.polygon([(240, 250), (225, 320), (255, 320)], fill=tuple(c - 25 for c in skin))
    d.arc((200, 320, 280, 370), 20, 160, fill=(150, 60, 60), width=5)
    # grain like a scanned photo: gives the JPEG a realistic size
    noise = Image.frombytes("L", (w, h), rnd.randbytes(w * h)).convert("RGB")
    return Image.blend(img, noise, 0.10).filter(ImageFilter.SMOOTH)


@lru_cache(maxsize=32)
def face_jpeg(seed: int) -> bytes:
    """A synthetic ICAO-style face photo as JPEG bytes, 15-20 KB."""
    img = _draw_face(seed)
    low, high, best = 5, 95, b""
    for _ in range(8):  # binary search on quality for the size window
        q = (low + high) // 2
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q, optimize=True)
        data = buf.getvalue()
        best = data
        if len(data) < FACE_BYTES[0]:
            low = q + 1
        elif len(data) > FACE_BYTES[1]:
            high = q - 1
        else:
            break
    return best


def _ddmmyyyy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "Không thời hạn"


def card_profile(citizen: Citizen, parents_nesting: str = "flat") -> CardProfile:
    """The virtual chip card of ``citizen``."""
    surname, _, given = citizen.full_name.partition(" ")
    expiry = citizen.expiry.strftime("%y%m%d") if citizen.expiry else NO_EXPIRY_MRZ
    lines = td1_lines(citizen.id_number[-9:], citizen.id_number, citizen.birth.strftime("%y%m%d"),
                      citizen.sex, expiry, transliterate(surname), transliterate(given))
    fields = {
        1: citizen.id_number, 2: citizen.full_name, 3: _ddmmyyyy(citizen.birth), 4: citizen.sex_vi,
        5: "Việt Nam", 6: citizen.ethnicity, 7: citizen.religion, 8: citizen.place_of_origin,
        9: citizen.address, 10: "Nốt ruồi C:1cm trên trước đầu lông mày trái",
        11: _ddmmyyyy(citizen.issue_date), 12: _ddmmyyyy(citizen.expiry),
        13: (citizen.father, citizen.mother), 14: (),
    }
    if citizen.old_id:
        fields[15] = citizen.old_id
    seed = int(citizen.id_number[-6:])
    jpeg = face_jpeg(seed)
    return CardProfile(lines, jpeg, FACE_SIZE[0], FACE_SIZE[1], fields, parents_nesting)


def virtual_card(citizen: Citizen, *, slot: int = 0, faults=None, pki_dir=None,
                 parents_nesting: str = "flat", bac_only: bool = False, face_jpeg: bytes | None = None):
    """A :class:`devkit.virtual_card.vpcd.VirtualCard` for ``citizen`` (not yet inserted).

    For the demo and tests: ``card.insert()`` / ``card.remove()``; the CSCA to
    trust is in ``load_or_create(pki_dir).csca_path``. ``bac_only``: a chip
    without PACE.
    """
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.pki import load_or_create
    from devkit.virtual_card.vpcd import VirtualCard
    profile = card_profile(citizen, parents_nesting)
    if face_jpeg is not None:      # a real face as DG2 (the face-check demo): ``face_jpeg`` is a 360x480 JPEG
        profile = dataclasses.replace(profile, face_jpeg=face_jpeg, face_width=360, face_height=480)
    files = build_files(profile, load_or_create(pki_dir))
    return VirtualCard(lambda: make_applet(profile, files, faults, bac_only=bac_only), slot=slot)
