"""Ticket drawing: Vietnamese glyphs, marks, QR content, preview = print image."""

import dataclasses
import io
from datetime import datetime

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageChops

from kiosk.domain import Department, Ticket
from kiosk.printing import FontError, TicketView, fonts, preview_png, render_ticket
from kiosk.printing.fonts import VIETNAMESE_LETTERS, find_font, missing_letters


def view(**kw):
    base = dict(hospital_name="Bệnh viện Đa khoa Mẫu", number="A-0042", department="Khoa Nội tổng hợp",
                room="105", issued_at=datetime(2026, 11, 25, 8, 5), qr_payload="reg-3f2c9a1e-7b4d")
    base.update(kw)
    return TicketView(**base)


def test_bundled_font_covers_every_vietnamese_letter():
    path = find_font()
    assert path.endswith("kiosk/printing/fonts/DejaVuSans.ttf")
    assert missing_letters(path) == ""
    assert len(VIETNAMESE_LETTERS) == 146  # 12 vowels x 6 tones + đ, both cases


def test_coverage_check_detects_missing_glyphs():
    # DejaVu Sans has no CJK ideographs: the check must see them as missing.
    assert missing_letters(find_font(), "aệ漢字") == "漢字"


def test_configured_font_that_is_not_a_font_falls_back(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    fonts.find_font.cache_clear()
    assert find_font("regular", str(bogus)).endswith("DejaVuSans.ttf")


def test_no_font_anywhere_is_a_typed_error(monkeypatch):
    monkeypatch.setattr(fonts, "candidates", lambda weight, configured="": ["/nonexistent/x.ttf"])
    fonts.find_font.cache_clear()
    try:
        with pytest.raises(FontError, match="no font with full Vietnamese coverage"):
            find_font("regular", "")
    finally:
        fonts.find_font.cache_clear()


def test_ticket_is_one_bit_and_exactly_the_paper_width():
    for width in (384, 512, 576):
        img = render_ticket(view(), width)
        assert img.mode == "1" and img.width == width
        assert 300 < img.height < 1400


def test_diacritics_change_the_drawing():
    # "Nội" and "Noi" must not come out as the same pixels (tofu or dropped marks would).
    a = render_ticket(view(department="Khoa Nội"))
    b = render_ticket(view(department="Khoa Noi"))
    assert ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is not None


def test_pending_and_priority_marks_add_banners():
    plain = render_ticket(view())
    pending = render_ticket(view(eligibility_pending=True))
    both = render_ticket(view(eligibility_pending=True, priority=True, provisional=True))
    assert plain.height < pending.height < both.height
    # A banner is a black band: many rows almost entirely ink (a rule line is 2 rows).
    def inked_rows(img):
        return int(((np.asarray(img.convert("L")) == 0).mean(axis=1) > 0.9).sum())
    assert inked_rows(pending) >= inked_rows(plain) + 10


def test_qr_on_the_ticket_decodes_to_the_registration_id():
    img = render_ticket(view(qr_payload="7f1d2c3b-aaaa-4bbb-8ccc-123456789abc"))
    found = zxingcpp.read_barcodes(img.convert("L"))
    assert [r.text for r in found] == ["7f1d2c3b-aaaa-4bbb-8ccc-123456789abc"]


def test_preview_png_is_the_same_pixels_as_the_print_image():
    v = view(eligibility_pending=True)
    shown = Image.open(io.BytesIO(preview_png(v)))
    assert ImageChops.difference(shown.convert("L"), render_ticket(v).convert("L")).getbbox() is None
    big = Image.open(io.BytesIO(preview_png(v, scale=2)))
    assert big.size == (1024, render_ticket(v).height * 2)


def test_view_from_domain_ticket_takes_department_language_and_pending():
    dept = Department("NOI", "Khoa Nội", "Internal medicine", "105")
    t = Ticket("A-0007", "", dept, datetime(2026, 1, 2, 9, 30), "reg-1", None, pending=True, priority=True)
    v = TicketView.from_ticket(t, "BV Mẫu", eligibility_pending=True, language="en")
    assert (v.department, v.room, v.qr_payload, v.provisional, v.priority, v.eligibility_pending) == \
        ("Internal medicine", "105", "reg-1", True, True, True)
    assert TicketView.from_ticket(t, "BV Mẫu").department == "Khoa Nội"


def test_long_words_wrap_inside_the_paper():
    img = render_ticket(view(department="Khoa" + "Ư" * 60), 384)
    assert img.width == 384


def test_ticket_prints_a_short_reference_not_the_raw_uuid():
    from kiosk.printing.ticket_view import short_reference
    v = view(qr_payload="7f1d2c3b-aaaa-4bbb-8ccc-123456789abc")
    assert v.reference == short_reference(v.qr_payload) == "7F1D-2C3B"


def test_counter_slip_is_a_1_bit_page_of_the_paper_width():
    from kiosk.printing.counter_slip import CounterSlip, render_counter_slip
    slip = CounterSlip("Bệnh viện Đa khoa Mẫu", "K01-Q003", "Thẻ bảo hiểm y tế của bạn đã hết hạn.",
                       datetime(2026, 11, 30, 8, 5))
    img = render_counter_slip(slip, 576)
    assert img.mode == "1" and img.width == 576 and img.height > 300
    without = render_counter_slip(dataclasses.replace(slip, counter_number=None), 576)
    assert without.height < img.height          # the number takes real room on paper
