"""Every text colour of every kiosk palette against its background (issue 18 item 3).

WCAG 2.2: the large-text look's palette is AAA (at least 7:1 for every
pair), the standard one at least AA (4.5:1). The pairs come from the
palette itself (:meth:`ui.theme.Palette.text_pairs`), the same colours the
style sheet paints.
"""

from __future__ import annotations

import pytest

from ui import theme

PALETTES = [theme.STANDARD_PALETTE, theme.HIGH_CONTRAST_PALETTE]


def test_the_contrast_formula_matches_the_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)   # the classic AA miss
    assert theme.contrast_ratio("#0B4F9C", "#FFFFFF") == theme.contrast_ratio("#FFFFFF", "#0B4F9C")


def test_the_large_look_uses_the_aaa_palette_and_the_standard_one_at_least_aa():
    assert theme.LARGE.palette.minimum_contrast >= 7.0
    assert theme.STANDARD.palette.minimum_contrast >= 4.5
    assert theme.LARGE.scale >= 1.5


@pytest.mark.parametrize("palette", PALETTES, ids=lambda p: p.name)
def test_every_text_on_its_background_reaches_the_palettes_minimum(palette):
    pairs = palette.text_pairs()
    assert len(pairs) >= 15            # body, muted, buttons, statuses, preview, disabled …
    low = {where: round(theme.contrast_ratio(fg, bg), 2) for where, (fg, bg) in pairs.items()
           if theme.contrast_ratio(fg, bg) < palette.minimum_contrast}
    assert low == {}


@pytest.mark.parametrize("palette", PALETTES, ids=lambda p: p.name)
def test_every_palette_colour_is_in_the_style_sheet_it_belongs_to(palette):
    look = theme.LARGE if palette is theme.HIGH_CONTRAST_PALETTE else theme.STANDARD
    sheet = theme.kiosk_style(look).upper()
    for fg, bg in palette.text_pairs().values():
        assert fg.upper() in sheet and bg.upper() in sheet


def test_the_check_catches_a_pale_colour():
    # the kiosk's old disabled grey on its button blue: 3.9:1, below AA
    pale = __import__("dataclasses").replace(theme.STANDARD_PALETTE, disabled_ink="#777777", disabled_bg="#E8EEF6")
    fg, bg = pale.text_pairs()["disabled button"]
    assert theme.contrast_ratio(fg, bg) < pale.minimum_contrast
