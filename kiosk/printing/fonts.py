"""Find a TrueType font that really covers Vietnamese, reliably, everywhere.

Decision: DejaVu Sans (regular and bold) ships inside the package
(``kiosk/printing/fonts``, Bitstream Vera licence, which allows bundling;
``LICENSE-DejaVu.txt`` travels with it). That makes tickets look the same on
every kiosk, and frozen builds and Windows, which have no fontconfig and no
``/usr/share/fonts``, work without any lookup. The system is searched only
when the bundled files are missing (a distribution package that strips them),
or when ``[printer] font`` names another file. Every candidate is checked for
real coverage of the Vietnamese letters: a font that draws "tofu" boxes is
refused, never used silently.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).with_name("fonts")

# Every precomposed letter Vietnamese uses (lower and upper case) plus đ/Đ.
VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩị"
    "oòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
)
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()

_SYSTEM_PATHS = {
    "regular": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "C:/Windows/Fonts/arial.ttf",
        "C:/Windows/Fonts/segoeui.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
    ],
    "bold": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
        "C:/Windows/Fonts/segoeuib.ttf",
    ],
}
_BUNDLED = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_FC_PATTERN = {"regular": "DejaVu Sans:lang=vi", "bold": "DejaVu Sans:bold:lang=vi"}


class FontError(KioskError):
    """No font with full Vietnamese coverage could be found (tickets cannot be drawn)."""

    code = "printer_font"
    patient_vi = "Máy in vé đang được bảo trì. Vui lòng đến quầy tiếp đón."
    patient_en = "The ticket printer is under maintenance. Please go to the counter."


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> Image.Image:
    img = Image.new("L", (48, 48), 0)
    ImageDraw.Draw(img).text((4, 4), ch, font=font, fill=255)
    return img


def missing_letters(path: str | Path, letters: str = VIETNAMESE_LETTERS) -> str:
    """The letters of ``letters`` the font at ``path`` cannot draw ("" = full coverage).

    A missing glyph is drawn as the font's .notdef box (or nothing), so each
    letter is compared with the drawing of a code point no font maps (U+10FFFD).
    """
    font = ImageFont.truetype(str(path), 32)
    notdef = _glyph(font, "\U0010fffd")
    blank = Image.new("L", notdef.size, 0)
    missing = []
    for ch in letters:
        img = _glyph(font, ch)
        same_as_notdef = ImageChops.difference(img, notdef).getbbox() is None
        empty = ImageChops.difference(img, blank).getbbox() is None
        if same_as_notdef or empty:
            missing.append(ch)
    return "".join(missing)


def _fc_match(pattern: str) -> str | None:
    exe = shutil.which("fc-match")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}", pattern], capture_output=True, text=True,
                             timeout=3, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out if out.lower().endswith((".ttf", ".otf")) else None


def candidates(weight: str, configured: str = "") -> list[str]:
    """Font files to try for ``weight`` ("regular"/"bold"), best first."""
    found: list[str] = []
    if configured:
        found.append(configured)
    found.append(str(BUNDLED_DIR / _BUNDLED[weight]))
    found.extend(_SYSTEM_PATHS[weight])
    fc = _fc_match(_FC_PATTERN[weight])
    if fc:
        found.append(fc)
    return found


@functools.lru_cache(maxsize=8)
def find_font(weight: str = "regular", configured: str = "") -> str:
    """The path of the first font for ``weight`` that draws every Vietnamese letter.

    ``configured`` (``[printer] font``) is tried first. Raises :class:`FontError`
    when nothing suitable exists. Cached: the check renders ~140 glyphs once.
    """
    if weight not in _BUNDLED:
        raise ValueError(f"weight must be 'regular' or 'bold', got {weight!r}")
    tried = []
    for path in candidates(weight, configured):
        if not Path(path).is_file():
            continue
        try:
            missing = missing_letters(path)
        except OSError as e:
            tried.append(f"{path} (unreadable: {e})")
            continue
        if not missing:
            return path
        tried.append(f"{path} (lacks {len(missing)} letters, e.g. {missing[:5]})")
        if path == configured:
            log.warning("configured printer font lacks Vietnamese letters", extra={"font": path})
    raise FontError("no font with full Vietnamese coverage found; tried: " + ("; ".join(tried) or "none"))


@functools.lru_cache(maxsize=64)
def load_font(size: int, bold: bool = False, configured: str = "") -> ImageFont.FreeTypeFont:
    """A Pillow font of ``size`` px from :func:`find_font` (cached per size)."""
    return ImageFont.truetype(find_font("bold" if bold else "regular", configured), size)
