"""Quiet hours: the facility's time when the kiosk does not speak ("22:00-06:00")."""

from __future__ import annotations

from datetime import time


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """``"22:00-06:00"`` → (22:00, 06:00); ``""`` → None (never quiet). The config checked the form."""
    if not text:
        return None
    start, end = (time.fromisoformat(part) for part in text.split("-"))
    return start, end


def is_quiet(now: time, window: tuple[time, time] | None) -> bool:
    """True when ``now`` falls in ``window`` (start included, end excluded; may span midnight)."""
    if window is None:
        return False
    start, end = window
    if start == end:
        return False
    if start < end:
        return start <= now < end
    return now >= start or now < end
