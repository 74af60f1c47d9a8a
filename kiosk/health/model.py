"""One model of every part's state: ok / degraded / failing, one sentence, detail, time."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime


class Status(str, enum.Enum):
    """How a part is doing. ``degraded`` still serves patients; ``failing`` does not."""

    OK = "ok"
    DEGRADED = "degraded"
    FAILING = "failing"

    @property
    def rank(self) -> int:
        """0 ok, 1 degraded, 2 failing (for "worst of")."""
        return {"ok": 0, "degraded": 1, "failing": 2}[self.value]


def utc_now() -> datetime:
    """Now, in UTC (every ``checked_at`` is UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class PartHealth:
    """The state of one part: ``reason`` is one sentence for staff, ``detail`` is data for IT."""

    part: str
    status: Status
    reason: str
    detail: dict = field(default_factory=dict)
    checked_at: datetime = field(default_factory=utc_now)
    duration_ms: float = 0.0

    def as_dict(self) -> dict:
        """JSON-able form."""
        return {"part": self.part, "status": self.status.value, "reason": self.reason,
                "detail": self.detail, "checked_at": self.checked_at.isoformat(timespec="seconds"),
                "duration_ms": round(self.duration_ms, 1)}


def ok(part: str, reason: str, **detail) -> PartHealth:
    """A healthy part."""
    return PartHealth(part, Status.OK, reason, detail)


def degraded(part: str, reason: str, **detail) -> PartHealth:
    """A part that works but needs attention soon."""
    return PartHealth(part, Status.DEGRADED, reason, detail)


def failing(part: str, reason: str, **detail) -> PartHealth:
    """A part that does not work."""
    return PartHealth(part, Status.FAILING, reason, detail)


@dataclass(frozen=True)
class HealthReport:
    """Every part's state at one moment; ``status`` is the worst of them."""

    parts: tuple[PartHealth, ...]
    kiosk_id: str = ""
    checked_at: datetime = field(default_factory=utc_now)

    @property
    def status(self) -> Status:
        """The worst status of any part (ok when there are none)."""
        return max((p.status for p in self.parts), key=lambda s: s.rank, default=Status.OK)

    def part(self, name: str) -> PartHealth | None:
        """The state of the part called ``name``, if it was probed."""
        return next((p for p in self.parts if p.part == name), None)

    def failing(self) -> list[PartHealth]:
        """The parts that are failing."""
        return [p for p in self.parts if p.status is Status.FAILING]

    def as_dict(self) -> dict:
        """JSON-able form (what ``kiosk doctor --json``, the endpoint and the heartbeat send)."""
        from kiosk import __version__
        return {"kiosk_id": self.kiosk_id, "version": __version__, "status": self.status.value,
                "checked_at": self.checked_at.isoformat(timespec="seconds"),
                "parts": [p.as_dict() for p in self.parts]}
