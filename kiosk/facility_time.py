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


def facility_now(time_zone: str, clock: Callable[[], datetime] | None = None) -> Callable[[], datetime]:
    """A ``now()`` giving the aware wall-clock time in ``time_zone`` (for tickets, slips, staff views)."""
    zone = ZoneInfo(time_zone)
    now = clock or (lambda: datetime.now(UTC))
    return lambda: now().astimezone(zone)


def in_facility_time(moment: datetime, time_zone: str) -> datetime:
    """``moment`` as the facility's wall clock shows it.

    An aware time is converted; a naive one is returned as it is (it is
    already a wall-clock time of the hospital's own systems, not of this PC).
    """
    return moment.astimezone(ZoneInfo(time_zone)) if moment.tzinfo is not None else moment


def facility_time_of(timestamp: float, time_zone: str) -> datetime:
    """The facility's wall clock at a Unix ``timestamp`` (e.g. a queue item's ``created_at``)."""
    return datetime.fromtimestamp(timestamp, ZoneInfo(time_zone))
