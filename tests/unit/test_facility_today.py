"""Every "today" is the facility's date, not the machine's local date."""

from datetime import UTC, date, datetime

from kiosk.facility_time import facility_today
from offline_cache import KioskDatabase


def test_a_utc_clock_at_1830_is_already_tomorrow_in_vietnam():
    at = datetime(2026, 6, 15, 18, 30, tzinfo=UTC)   # 01:30 on the 16th in Hồ Chí Minh City
    assert facility_today("Asia/Ho_Chi_Minh", lambda: at)() == date(2026, 6, 16)
    assert facility_today("UTC", lambda: at)() == date(2026, 6, 15)


def test_the_kiosk_database_opened_by_the_core_counts_days_in_the_facility_zone(tmp_path, monkeypatch):
    import dataclasses
    from zoneinfo import ZoneInfo

    from devkit.kiosk_config import dev_kit_config
    from kiosk.offline.runtime import open_database
    # UTC-12 and UTC+14 are 26 h apart: at any instant one of them is not the machine's local date
    now = datetime.now(UTC)
    zone = next(z for z in ("Etc/GMT+12", "Etc/GMT-14") if now.astimezone(ZoneInfo(z)).date() != date.today())
    cfg = dev_kit_config()
    cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(tmp_path)),
                              facility=dataclasses.replace(cfg.facility, time_zone=zone))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    db = open_database(cfg)
    try:
        assert isinstance(db, KioskDatabase)
        expected = datetime.now(UTC).astimezone(ZoneInfo(zone)).date()
        assert expected != date.today()
        assert db.today() == expected and db.outbox.today() == expected and db.counters.today() == expected
    finally:
        db.close()
