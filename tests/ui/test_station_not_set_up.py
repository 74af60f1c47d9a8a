"""The reception station's not-set-up notice: its own words (not the kiosk's), in both languages."""

from __future__ import annotations

from ui.i18n import LanguageSwitch
from ui.not_set_up import NotSetUpWindow


def test_station_notice_names_the_station_setup_and_the_staff_group(qtbot):
    window = NotSetUpWindow("Bệnh viện Đa khoa Mẫu", station=True)
    qtbot.addWidget(window)
    assert window.title.text().startswith("Quầy tiếp đón chưa được cài đặt")
    assert "kiosk setup --station" in window.hint.text() and "kiosk-staff" in window.hint.text()
    kiosk = NotSetUpWindow("Bệnh viện Đa khoa Mẫu")
    qtbot.addWidget(kiosk)
    assert kiosk.title.text().startswith("Kiosk chưa được cài đặt")


def test_station_notice_in_english(qtbot):
    language = LanguageSwitch("en")
    try:
        window = NotSetUpWindow("Bệnh viện Đa khoa Mẫu", station=True)
        qtbot.addWidget(window)
        assert window.title.text() == "This reception station is not set up yet — please call IT"
        assert window.hint.text().startswith("IT staff: run “kiosk setup --station”")
    finally:
        del language
