"""The facility's own calendar: every "today" of the kiosk is the date where the hospital is.

A kiosk PC whose clock runs in UTC would otherwise start a new day (ticket
counters, one-ticket-a-day, the station's list) at 07:00 Vietnam time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def facility_today(time_zone: str, clock: Callable[[], datetime] | None = None) -> Callable[[], date]:
    """A ``today()`` giving the date in ``time_zone`` (IANA name, e.g. Asia/Ho_Chi_Minh).

    ``clock`` returns an aware datetime (default: now, UTC); injected by tests.
    """
    zone = ZoneInfo(time_zone)
    now = clock or (lambda: datetime.now(UTC))
    return lambda: now().astimezone(zone).date()
