"""Vietnamese by default, English one touch away (Qt translations), back to Vietnamese on reset."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap

TS = Path(__file__).resolve().parents[2] / "ui" / "i18n" / "kiosk_en.ts"


def test_english_is_one_touch_away_and_reset_returns_to_vietnamese(qtbot, kiosk):
    idle = kiosk.window.screens["idle"]
    assert idle.instruction.text() == "Đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera"
    tap(qtbot, kiosk.window.language_button)
    qtbot.waitUntil(lambda: idle.instruction.text()
                    == "Place your ID card on the reader or show its QR code to the camera")
    assert kiosk.window.language_button.text() == "Tiếng Việt"
    # subclass screens get their own context right, and core sentences follow the language
    kiosk.qr_text(by_key("expired").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    counter = on_screen(qtbot, kiosk, "counter")
    assert counter.title.text() == "Please go to the reception counter"
    assert counter.sentence.text() and not any(ch in counter.sentence.text() for ch in "ạảấầẩẫậđ")
    tap(qtbot, counter.primary)
    on_screen(qtbot, kiosk, "idle")
    assert kiosk.language.language == "vi"
    qtbot.waitUntil(lambda: idle.instruction.text() == "Đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera")


def test_switching_mid_session_rerenders_the_department_names(qtbot, kiosk):
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    dept = on_screen(qtbot, kiosk, "department")
    assert dept.buttons["KNOI"].text().startswith("Khám Nội")
    tap(qtbot, kiosk.window.language_button)
    qtbot.waitUntil(lambda: dept.buttons["KNOI"].text().startswith("Internal Medicine"))
    qtbot.waitUntil(lambda: dept.title.text().startswith("Where would you like"))


def test_every_source_string_has_a_finished_translation():
    tree = ET.parse(TS)
    unfinished = [m.find("source").text for m in tree.iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.find("translation").text]
    assert unfinished == []
