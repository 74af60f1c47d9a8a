"""The kiosk's look: sizes, colours and one style sheet, in two modes.

Sizes follow the accessibility brief (kiosk-ux.md): touch targets of at least
64 px, body text of at least 24 px, a sans-serif font with full Vietnamese
coverage and high contrast. Colour never carries meaning alone: every status
also has an icon and a word (see :data:`STATUS_GLYPH`).

Two looks (:data:`STANDARD`, :data:`LARGE`): the patient's "A+" button switches
to large text (every size x1.5) on a WCAG 2.2 AAA palette (light on black,
every text at least 7:1 against its background) for the rest of the session.
Each :class:`Palette` lists the text/background pairs its style sheet paints
(:meth:`Palette.text_pairs`), so a test computes every contrast from here.
"""

from __future__ import annotations

from dataclasses import dataclass

TOUCH_MIN = 72          # px, every button on the kiosk (brief: >= 64)
BODY_PX = 26            # kiosk body text (brief: >= 24)
TITLE_PX = 40
HUGE_PX = 96            # queue number
STATION_PX = 16         # staff station body text (a desktop, not a touch kiosk)
LARGE_SCALE = 1.5       # the "A+" mode: every text this much larger (issue: at least 1.5x)

FONT_FAMILY = "DejaVu Sans"   # full Vietnamese coverage, installed by system-deps.sh


@dataclass(frozen=True)
class Palette:
    """The colours of one look; every text colour is paired with what it is painted on."""

    name: str
    minimum_contrast: float   # what every pair of text_pairs() must reach (AAA 7:1, AA 4.5:1)
    ink: str                  # body text
    paper: str                # window background
    muted: str                # secondary sentences
    primary: str              # primary buttons, the queue number, "wait"/"info" statuses
    primary_down: str
    on_primary: str           # text on a primary (or checked) button
    secondary_bg: str         # ordinary buttons and the top bar
    pressed_bg: str
    quiet_border: str
    disabled_ink: str         # inactive controls (WCAG 1.4.3/1.4.6 exempt them; kept readable anyway)
    disabled_bg: str
    good: str
    warn: str
    bad: str
    preview_ink: str          # "no camera picture" on the preview's dark box
    preview_bg: str
    huge: str                 # the queue number and the notice glyphs' default

    def status_colour(self, kind: str) -> str:
        """The colour of a status kind (good/warn/bad/wait/info)."""
        return {"good": self.good, "warn": self.warn, "bad": self.bad,
                "wait": self.primary, "info": self.primary}[kind]

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every (text colour, background) pair the kiosk style sheet paints, by where it is used."""
        pairs = {
            "body": (self.ink, self.paper),
            "muted": (self.muted, self.paper),
            "huge": (self.huge, self.paper),
            "button": (self.ink, self.secondary_bg),
            "button pressed": (self.ink, self.pressed_bg),
            "quiet button": (self.ink, self.paper),
            "primary button": (self.on_primary, self.primary),
            "primary pressed": (self.on_primary, self.primary_down),
            "checked button": (self.on_primary, self.primary),
            "top bar": (self.ink, self.secondary_bg),
            "camera preview": (self.preview_ink, self.preview_bg),
            "disabled button": (self.disabled_ink, self.disabled_bg),
        }
        for kind in STATUS_GLYPH:
            pairs[f"status {kind}"] = (self.status_colour(kind), self.paper)
        return pairs


STANDARD_PALETTE = Palette(
    name="standard", minimum_contrast=4.5,
    ink="#111111", paper="#FFFFFF", muted="#444444",
    primary="#0B4F9C", primary_down="#083A73", on_primary="#FFFFFF",
    secondary_bg="#E8EEF6", pressed_bg="#C9D6E8", quiet_border="#777777",
    disabled_ink="#555555", disabled_bg="#D5DCE6",
    good="#1B6E2A", warn="#8A4B00", bad="#A3161A",
    preview_ink="#FFFFFF", preview_bg="#222222", huge="#0B4F9C",
)

# Light on black: less glare for eyes with cataracts, and every pair >= 7:1 (AAA).
HIGH_CONTRAST_PALETTE = Palette(
    name="high-contrast", minimum_contrast=7.0,
    ink="#FFFFFF", paper="#000000", muted="#E6E6E6",
    primary="#FFE14D", primary_down="#E6C200", on_primary="#000000",
    secondary_bg="#1A1A1A", pressed_bg="#333333", quiet_border="#FFFFFF",
    disabled_ink="#BDBDBD", disabled_bg="#262626",
    good="#7DF28B", warn="#FFB347", bad="#FF8C8C",
    preview_ink="#FFFFFF", preview_bg="#1A1A1A", huge="#FFE14D",
)

# Glyphs present in DejaVu Sans; always paired with a word on screen.
STATUS_GLYPH = {"good": "✔", "warn": "⚠", "bad": "✖", "wait": "◷", "info": "ℹ"}
STATUS_COLOUR = {kind: STANDARD_PALETTE.status_colour(kind) for kind in STATUS_GLYPH}


@dataclass(frozen=True)
class Look:
    """Sizes and palette of one mode of the kiosk window."""

    name: str
    palette: Palette
    scale: float = 1.0

    def px(self, size: int) -> int:
        """``size`` (a standard text size in px) in this look; touch targets keep their size
        (already 88 px with padding: larger would only push the screens' content off)."""
        return round(size * self.scale)


STANDARD = Look("standard", STANDARD_PALETTE)
LARGE = Look("large", HIGH_CONTRAST_PALETTE, LARGE_SCALE)


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an ``#RRGGBB`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.2 contrast ratio (1 to 21) of two ``#RRGGBB`` colours."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def kiosk_style(look: Look = STANDARD) -> str:
    """The style sheet of the patient kiosk window in ``look``.

    Status colours come from the ``tone`` property (see
    :func:`ui.widgets.set_tone`), so switching the look recolours them too.
    """
    p, px = look.palette, look.px
    tones = "\n".join(f'    QLabel[tone="{kind}"] {{ color: {p.status_colour(kind)}; }}' for kind in STATUS_GLYPH)
    return f"""
    QWidget {{ background: {p.paper}; color: {p.ink}; font-family: "{FONT_FAMILY}"; font-size: {px(BODY_PX)}px; }}
    QLabel[role="title"] {{ font-size: {px(TITLE_PX)}px; font-weight: bold; }}
    QLabel[role="huge"] {{ font-size: {px(HUGE_PX)}px; font-weight: bold; color: {p.huge}; }}
    QLabel[role="muted"] {{ color: {p.muted}; }}
    QLabel[role="status"] {{ font-weight: bold; }}
{tones}
    QPushButton {{ min-height: {TOUCH_MIN}px; padding: 6px 24px;
                  border-radius: 10px; border: 2px solid {p.primary};
                  background: {p.secondary_bg}; color: {p.ink}; font-size: {px(BODY_PX)}px; }}
    QPushButton QLabel {{ color: {p.ink}; font-size: {px(BODY_PX)}px; }}
    QPushButton:pressed {{ background: {p.pressed_bg}; }}
    QPushButton:disabled {{ color: {p.disabled_ink}; border-color: {p.quiet_border}; background: {p.disabled_bg}; }}
    QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; font-weight: bold; }}
    QPushButton[role="primary"] QLabel {{ color: {p.on_primary}; font-weight: bold; }}
    QPushButton[role="primary"]:pressed {{ background: {p.primary_down}; }}
    QPushButton[role="primary"]:disabled {{ background: {p.disabled_bg}; color: {p.disabled_ink};
                                           border-color: {p.quiet_border}; }}
    QPushButton:checked {{ background: {p.primary}; color: {p.on_primary}; }}
    QPushButton QLabel:disabled {{ color: {p.disabled_ink}; }}
    QLabel#words[checked="true"] {{ color: {p.on_primary}; }}
    QPushButton[role="quiet"] {{ border: 2px solid {p.quiet_border}; background: {p.paper}; }}
    QPushButton[role="key"] {{ padding: 4px 4px; }}
    QPushButton#staff {{ padding: 4px 4px; }}
    QLineEdit {{ min-height: {TOUCH_MIN}px; font-size: {px(TITLE_PX)}px; border: 2px solid {p.ink};
                 border-radius: 8px; padding: 0 12px; letter-spacing: 4px; }}
    QProgressBar {{ min-height: 28px; border: 2px solid {p.ink}; border-radius: 6px; text-align: center; }}
    QProgressBar::chunk {{ background: {p.primary}; }}
    QFrame#banner, QFrame#assist {{ background: {p.secondary_bg}; }}
    QFrame#banner QLabel, QFrame#assist QLabel {{ background: transparent; }}
    QLabel#preview {{ background: {p.preview_bg}; color: {p.preview_ink}; border-radius: 12px; }}
    QScrollBar:vertical {{ width: 48px; background: {p.secondary_bg}; }}
    QScrollBar::handle:vertical {{ background: {p.primary}; min-height: {TOUCH_MIN}px; border-radius: 8px; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 150); }}
    QFrame#card {{ background: {p.paper}; border: 3px solid {p.ink}; border-radius: 16px; }}
    """


def station_style() -> str:
    """The style sheet of the reception station (desktop sizes)."""
    return f"""
    QWidget {{ font-family: "{FONT_FAMILY}"; font-size: {STATION_PX}px; }}
    QPushButton {{ min-height: 36px; padding: 4px 14px; }}
    QLabel[role="title"] {{ font-size: 22px; font-weight: bold; }}
    QHeaderView::section {{ font-weight: bold; padding: 4px; }}
    """
