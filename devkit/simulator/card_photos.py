"""Pictures of the synthetic citizens' cards, for the demo, the tests and the QR corpus.

``card_image`` draws an ID card (CCCD) or an insurance card (BHYT) with
Vietnamese text and the card's QR code where the real card has it.
``show_card`` puts a straight photo of one into a folder: with
``camera.source`` pointing at that folder, the kiosk camera "sees" the card
(see docs/qr.md); ``clear_cards`` takes it away again.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import cv2
import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFont

from devkit.simulator.citizens import by_key

CARD_W, CARD_H = 1712, 1080         # ID-1 card (85.6 x 54 mm) at 20 px/mm
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "C:/Windows/Fonts")


def _font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in _FONT_DIRS:
        p = Path(d) / name
        if p.is_file():
            return ImageFont.truetype(str(p), size)
    return ImageFont.load_default(size)


def qr_image(text: str, box: int = 10) -> Image.Image:
    """The QR of ``text`` (UTF-8 bytes, error correction M, 4-module quiet zone)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=4)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


@functools.lru_cache(maxsize=64)
def card_image(citizen_key: str, kind: str) -> tuple[np.ndarray, tuple[int, int, int], int]:
    """The card as an RGB array, the QR's box on it (x, y, side) in card pixels, and its module count.

    The module count includes the 4-module quiet zone on each side.
    """
    citizen = by_key(citizen_key)
    bg = (222, 236, 246) if kind == "cccd" else (236, 244, 230)
    im = Image.new("RGB", (CARD_W, CARD_H), bg)
    d = ImageDraw.Draw(im)
    for y in range(0, CARD_H, 6):  # a faint guilloche-like pattern, as printed cards have
        d.line([(0, y), (CARD_W, y + 40)], fill=tuple(c - 8 for c in bg), width=1)
    head, big, small = _font(40, True), _font(50, True), _font(38)
    d.text((60, 40), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=head, fill=(20, 20, 90))
    d.text((60, 95), "Độc lập - Tự do - Hạnh phúc", font=small, fill=(20, 20, 90))
    if kind == "cccd":
        text = citizen.qr_text()
        d.text((420, 170), "CĂN CƯỚC CÔNG DÂN", font=big, fill=(170, 20, 20))
        lines = [f"Số / No.: {citizen.id_number}", f"Họ và tên: {citizen.full_name}",
                 f"Ngày sinh: {citizen.birth:%d/%m/%Y}   Giới tính: {citizen.sex_vi}",
                 f"Quê quán: {citizen.place_of_origin}", f"Nơi thường trú: {citizen.address}"]
        d.rectangle([60, 260, 360, 660], fill=(180, 190, 200), outline=(90, 90, 90), width=3)  # photo
    else:
        text = citizen.bhyt_qr_text()
        d.text((420, 170), "THẺ BẢO HIỂM Y TẾ", font=big, fill=(20, 110, 40))
        lines = [f"Mã số: {citizen.bhxh_number}", f"Họ và tên: {citizen.full_name}",
                 f"Ngày sinh: {citizen.birth:%d/%m/%Y}   Giới tính: {citizen.sex_vi}",
                 f"Nơi ĐKKCB ban đầu: {citizen.registered_facility}", f"Địa chỉ: {citizen.address}"]
    y = 680 if kind == "cccd" else 300
    for line in lines:
        d.text((60 if kind == "cccd" else 420, y), line[:70], font=small, fill=(10, 10, 10))
        y += 62 if kind == "cccd" else 80
    qr = qr_image(text)
    modules = qr.width // 10
    side = 380
    qr = qr.resize((side, side), Image.NEAREST)
    x, yq = CARD_W - side - 40, 240
    im.paste(qr, (x, yq))
    return np.asarray(im), (x, yq, side), modules



def card_photo(citizen_key: str, kind: str = "cccd", size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """A clean greyscale photo: the card, slightly tilted, on a plain desk, filling half the frame."""
    card, _, _ = card_image(citizen_key, kind)
    w, h = size
    s = 0.55 * w / CARD_W
    angle = np.deg2rad(4.0)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]) * s
    src = np.float32([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]])
    dst = np.float32((src - [CARD_W / 2, CARD_H / 2]) @ rot.T + [w / 2, h / 2])
    H = cv2.getPerspectiveTransform(src, dst)
    frame = cv2.warpPerspective(card, H, (w, h), flags=cv2.INTER_AREA, borderValue=(150, 120, 95))
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)


def show_card(folder: str | os.PathLike, citizen_key: str, kind: str = "cccd",
              size: tuple[int, int] = (1280, 720)) -> Path:
    """Write a photo of the card into ``folder`` (atomically, so a camera never sees half a file)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{citizen_key}-{kind}.png"
    ok, png = cv2.imencode(".png", card_photo(citizen_key, kind, size))
    tmp = path.with_suffix(".part")
    tmp.write_bytes(png.tobytes())
    os.replace(tmp, path)
    return path


def clear_cards(folder: str | os.PathLike) -> None:
    """Remove every card photo from ``folder`` (the camera then sees nothing)."""
    for p in Path(folder).glob("*.png"):
        p.unlink(missing_ok=True)
