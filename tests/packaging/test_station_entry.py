"""The .deb's station desktop entry and dependencies (fast: reads the packaging sources, builds nothing)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEBIAN = ROOT / "packaging" / "debian"


def _field(name: str) -> list[str]:
    text = (DEBIAN / "control.in").read_text(encoding="utf-8")
    value = re.search(rf"^{name}: (.*)$", text, re.M)
    return [p.strip() for p in value.group(1).split(",")] if value else []


def test_cage_is_a_hard_dependency():
    assert "cage" in _field("Depends") and "cage" not in _field("Recommends")


def test_station_desktop_entry_runs_the_station_and_is_installed():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DEBIAN / "vn-checkin-station.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Terminal"] == "false"
    exec_line = d["Exec"].split()
    assert exec_line[0] == "/usr/bin/kiosk" and exec_line[-3:] == ["run", "--station", "--windowed"]
    assert "/etc/vn-checkin-station/station.toml" in exec_line   # the staff group's config, not the kiosk's
    assert d["Name"].startswith("Quầy tiếp đón") and d["Name[en]"].startswith("Reception station")
    script = (DEBIAN / "build-deb.sh").read_text(encoding="utf-8")
    assert "vn-checkin-station.desktop \"$STAGE/usr/share/applications/" in script
