"""Working days: weekends and Vietnamese public holidays, read from a data file.

The packaged ``holidays.toml`` lists the days off of each year (Tết moves,
swapped days are announced yearly), so IT corrects a file, not the code.
A date in a year the file does not cover still counts weekends; the
:attr:`HolidayCalendar.covers` check lets callers say so to staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosk.errors import ConfigError
from kiosk.rules.table import PACKAGED, read_toml


@dataclass(frozen=True)
class HolidayCalendar:
    """Which days are not working days."""

    holidays: frozenset[date]
    working_weekend_days: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({6, 7})
    years: frozenset[int] = frozenset()

    def covers(self, day: date) -> bool:
        """True when the file lists the holidays of ``day``'s year."""
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        """Not a weekend day (unless worked in exchange) and not a public holiday."""
        if day in self.working_weekend_days:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day


def load_holidays(path: str | Path | None = None) -> HolidayCalendar:
    """Read a holiday file (the packaged one when ``path`` is None or empty)."""
    p = Path(path).expanduser() if path else PACKAGED / "holidays.toml"
    data = read_toml(p, "holiday")
    weekend = data.get("weekend", [6, 7])
    if not isinstance(weekend, list) or any(isinstance(d, bool) or d not in range(1, 8) for d in weekend):
        raise ConfigError(f"{p.name}: weekend must be a list of ISO weekdays 1-7")
    holidays: set[date] = set()
    worked: set[date] = set()
    years: set[int] = set()
    for i, entry in enumerate(data.get("year") or []):
        year = entry.get("year") if isinstance(entry, dict) else None
        if isinstance(year, bool) or not isinstance(year, int):
            raise ConfigError(f"{p.name}: year entry {i + 1} needs a year")
        for j, day in enumerate(entry.get("days") or []):
            d = day.get("date") if isinstance(day, dict) else None
            if not isinstance(d, date) or d.year != year:
                raise ConfigError(f"{p.name}: year {year}, day {j + 1} must have a date in {year}")
            holidays.add(d)
        for d in entry.get("working_days") or []:
            if not isinstance(d, date) or d.year != year:
                raise ConfigError(f"{p.name}: year {year}: working_days must be dates in {year}")
            worked.add(d)
        years.add(year)
    if not years:
        raise ConfigError(f"{p.name}: no [[year]] entries")
    return HolidayCalendar(frozenset(holidays), frozenset(worked), frozenset(weekend), frozenset(years))
