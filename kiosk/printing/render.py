"""Draw a ticket as a 1-bit image with Pillow; the PNG preview is the same image.

Text is drawn, not sent as code-page text, because Vietnamese diacritics do
not print reliably through ESC/POS code pages (CP1258 uses combining marks).
The result is thresholded (no dithering) to pure black and white here, once,
so the screen preview, the support PNG and the raster sent to the printer are
exactly the same pixels.
"""

from __future__ import annotations

import io

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk.printing.fonts import load_font
from kiosk.printing.ticket_view import TicketView

MARGIN = 12
THRESHOLD = 128  # grey >= THRESHOLD is paper (white), below is ink


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a single word wider than ``width`` is cut by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width and len(current) > 1:
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines or [""]


class _Canvas:
    """Stacks blocks top to bottom on a tall white page, cropped at the end."""

    def __init__(self, width: int, font_file: str) -> None:
        self.width = width
        self.font_file = font_file
        self.img = Image.new("L", (width, 4000), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = MARGIN

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        return load_font(size, bold, self.font_file)

    def text(self, text: str, size: int, bold: bool = False, gap: int = 6) -> None:
        font = self.font(size, bold)
        for line in _wrap(text, font, self.width - 2 * MARGIN):
            left, top, right, bottom = font.getbbox(line)
            x = (self.width - (right - left)) // 2 - left
            ascent, descent = font.getmetrics()
            self.draw.text((x, self.y), line, font=font, fill=0)
            self.y += ascent + descent + 2
        self.y += gap

    def fitted(self, text: str, max_size: int, bold: bool = True) -> None:
        """One line as large as fits the width (the queue number)."""
        size = max_size
        while size > 24 and self.font(size, bold).getlength(text) > self.width - 2 * MARGIN:
            size -= 4
        font = self.font(size, bold)
        left, top, right, bottom = font.getbbox(text)
        x = (self.width - (right - left)) // 2 - left
        self.draw.text((x, self.y - top), text, font=font, fill=0)
        self.y += int(bottom - top) + 14

    def banner(self, text: str, size: int) -> None:
        """White text on a black band: marks staff must not miss (pending, priority)."""
        font = self.font(size, True)
        lines = _wrap(text, font, self.width - 4 * MARGIN)
        ascent, descent = font.getmetrics()
        height = len(lines) * (ascent + descent + 2) + 12
        self.draw.rectangle((MARGIN, self.y, self.width - MARGIN, self.y + height), fill=0)
        y = self.y + 6
        for line in lines:
            x = (self.width - int(font.getlength(line))) // 2
            self.draw.text((x, y), line, font=font, fill=255)
            y += ascent + descent + 2
        self.y += height + 10

    def rule(self) -> None:
        self.draw.line((MARGIN, self.y, self.width - MARGIN, self.y), fill=0, width=2)
        self.y += 10

    def qr(self, payload: str, size: int) -> None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1)
        code.add_data(payload)
        code.make(fit=True)
        matrix = code.get_matrix()
        box = max(1, size // len(matrix))
        side = box * len(matrix)
        x0 = (self.width - side) // 2
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.draw.rectangle((x0 + c * box, self.y + r * box,
                                         x0 + (c + 1) * box - 1, self.y + (r + 1) * box - 1), fill=0)
        self.y += side + 6

    def finish(self) -> Image.Image:
        page = self.img.crop((0, 0, self.width, self.y + MARGIN))
        return page.point(lambda v: 255 if v >= THRESHOLD else 0).convert("1", dither=Image.Dither.NONE)


def render_ticket(view: TicketView, width_px: int = 512, font_file: str = "") -> Image.Image:
    """The ticket as a 1-bit Pillow image exactly ``width_px`` dots wide.

    Raises :class:`~kiosk.printing.fonts.FontError` when no Vietnamese font exists.
    """
    if width_px < 128:
        raise ValueError(f"width_px must be at least 128, got {width_px}")
    scale = width_px / 512
    px = lambda n: max(10, int(n * scale))  # noqa: E731 - sizes are designed for 80 mm paper
    c = _Canvas(width_px, font_file)
    c.text(view.hospital_name, px(26), bold=True, gap=2)
    c.rule()
    c.text("SỐ THỨ TỰ / QUEUE NUMBER", px(20))
    c.fitted(view.number, px(150))
    c.text(view.department, px(30), bold=True, gap=0)
    c.text(f"Phòng / Room: {view.room}", px(28), bold=True)
    if view.priority:
        c.banner("ƯU TIÊN / PRIORITY", px(24))
    if view.eligibility_pending:
        c.banner("CHỜ XÁC NHẬN BHYT / INSURANCE CHECK PENDING", px(22))
        c.text("Thẻ BHYT sẽ được kiểm tra lại tại quầy. / Your card will be checked again.",
               px(18))
    if view.provisional:
        c.banner("VÉ TẠM / PROVISIONAL TICKET", px(22))
    c.text(view.issued_at.strftime("%H:%M  %d/%m/%Y"), px(24))
    c.rule()
    c.qr(view.qr_payload, px(176))
    c.text(f"Mã tra cứu / Ref: {view.reference}", px(18), gap=2)
    c.text("Vui lòng chờ gọi số. / Please wait for your number.", px(18), gap=0)
    return c.finish()


def preview_png(view: TicketView, width_px: int = 512, scale: int = 1, font_file: str = "") -> bytes:
    """PNG bytes of the same ticket for the screen and for support (``scale`` enlarges it)."""
    img = render_ticket(view, width_px, font_file)
    if scale > 1:
        img = img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
