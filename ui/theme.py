"""The kiosk's look: sizes, colours and one style sheet.

Sizes follow the accessibility brief (kiosk-ux.md): touch targets of at least
64 px, body text of at least 24 px, a sans-serif font with full Vietnamese
coverage and high contrast. Colour never carries meaning alone: every status
also has an icon and a word (see :data:`STATUS_GLYPH`).
"""

from __future__ import annotations

TOUCH_MIN = 72          # px, every button on the kiosk (brief: >= 64)
BODY_PX = 26            # kiosk body text (brief: >= 24)
TITLE_PX = 40
HUGE_PX = 96            # queue number
STATION_PX = 16         # staff station body text (a desktop, not a touch kiosk)

FONT_FAMILY = "DejaVu Sans"   # full Vietnamese coverage, installed by system-deps.sh

INK = "#111111"
PAPER = "#FFFFFF"
PRIMARY = "#0B4F9C"     # white on this: contrast 8.2:1
PRIMARY_DOWN = "#083A73"
SECONDARY_BG = "#E8EEF6"
GOOD = "#1B6E2A"
WARN = "#8A4B00"
BAD = "#A3161A"
MUTED = "#444444"

# Glyphs present in DejaVu Sans; always paired with a word on screen.
STATUS_GLYPH = {"good": "✔", "warn": "⚠", "bad": "✖", "wait": "◷", "info": "ℹ"}
STATUS_COLOUR = {"good": GOOD, "warn": WARN, "bad": BAD, "wait": PRIMARY, "info": PRIMARY}


def kiosk_style() -> str:
    """The style sheet of the patient kiosk window."""
    return f"""
    QWidget {{ background: {PAPER}; color: {INK}; font-family: "{FONT_FAMILY}"; font-size: {BODY_PX}px; }}
    QLabel[role="title"] {{ font-size: {TITLE_PX}px; font-weight: bold; }}
    QLabel[role="huge"] {{ font-size: {HUGE_PX}px; font-weight: bold; color: {PRIMARY}; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="status"] {{ font-weight: bold; }}
    QPushButton {{ min-height: {TOUCH_MIN}px; min-width: {TOUCH_MIN}px; padding: 6px 24px;
                  border-radius: 10px; border: 2px solid {PRIMARY};
                  background: {SECONDARY_BG}; color: {INK}; font-size: {BODY_PX}px; }}
    QPushButton:pressed {{ background: #C9D6E8; }}
    QPushButton:disabled {{ color: #777777; border-color: #999999; }}
    QPushButton[role="primary"] {{ background: {PRIMARY}; color: white; font-weight: bold; }}
    QPushButton[role="primary"]:pressed {{ background: {PRIMARY_DOWN}; }}
    QPushButton[role="primary"]:disabled {{ background: #B8C4D4; color: #333333; border-color: #999999; }}
    QPushButton:checked {{ background: {PRIMARY}; color: white; }}
    QPushButton[role="quiet"] {{ border: 2px solid #777777; background: {PAPER}; }}
    QPushButton[role="key"] {{ padding: 4px 4px; }}
    QLineEdit {{ min-height: {TOUCH_MIN}px; font-size: {TITLE_PX}px; border: 2px solid {INK};
                 border-radius: 8px; padding: 0 12px; letter-spacing: 4px; }}
    QProgressBar {{ min-height: 28px; border: 2px solid {INK}; border-radius: 6px; text-align: center; }}
    QProgressBar::chunk {{ background: {PRIMARY}; }}
    QFrame#banner {{ background: {SECONDARY_BG}; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 150); }}
    QFrame#card {{ background: {PAPER}; border: 3px solid {INK}; border-radius: 16px; }}
    """


def station_style() -> str:
    """The style sheet of the reception station (desktop sizes)."""
    return f"""
    QWidget {{ font-family: "{FONT_FAMILY}"; font-size: {STATION_PX}px; }}
    QPushButton {{ min-height: 36px; padding: 4px 14px; }}
    QLabel[role="title"] {{ font-size: 22px; font-weight: bold; }}
    QHeaderView::section {{ font-weight: bold; padding: 4px; }}
    """
