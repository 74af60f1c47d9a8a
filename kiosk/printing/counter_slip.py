"""The counter slip: what a patient sent to the reception counter carries there.

Printed when the kiosk has a printer and the check-in ended at the counter
(not covered, card problem, patient's choice). It holds the patient's number
at the counter and the reason in plain words, nothing personal: no name, no
ID or card number, no birth date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PIL import Image

from kiosk.printing.render import _Canvas


@dataclass(frozen=True)
class CounterSlip:
    """The fields drawn on a counter slip; ``reason`` is the core's patient sentence in ``language``."""

    hospital_name: str
    counter_number: str | None
    reason: str
    issued_at: datetime
    language: str = "vi"


def render_counter_slip(slip: CounterSlip, width_px: int = 512, font_file: str = "") -> Image.Image:
    """The slip as a 1-bit Pillow image ``width_px`` dots wide (FontError without a Vietnamese font)."""
    if width_px < 128:
        raise ValueError(f"width_px must be at least 128, got {width_px}")
    scale = width_px / 512
    px = lambda n: max(10, int(n * scale))  # noqa: E731 - sizes are designed for 80 mm paper
    c = _Canvas(width_px, font_file)
    c.text(slip.hospital_name, px(26), bold=True, gap=2)
    c.rule()
    c.banner("MỜI ĐẾN QUẦY TIẾP ĐÓN / PLEASE GO TO THE RECEPTION COUNTER", px(22))
    if slip.counter_number:
        c.text("SỐ Ở QUẦY / COUNTER NUMBER", px(20))
        c.fitted(slip.counter_number, px(110))
    if slip.reason:
        c.text(("Lý do: " if slip.language == "vi" else "Reason: ") + slip.reason, px(22))
    c.text(slip.issued_at.strftime("%H:%M  %d/%m/%Y"), px(24))
    c.rule()
    c.text("Nhân viên đã có thông tin của bạn. / Staff already have your details.", px(18), gap=0)
    return c.finish()
