"""``POST /his/v1/heartbeat`` and ``GET /his/v1/kiosks`` of the simulated hospital system: the fleet.

The real hospital system's monitoring is out of our hands; this is the
contract (docs/hospital-api.yaml, docs/lobby.md) the kiosk's
:class:`~kiosk.health.heartbeat.Heartbeat` and IT's fleet view rely on:
the API key, a JSON body with ``kiosk_id``, ``status`` and ``parts``
(plus, from kiosks that send them, ``machine_id``, ``version``,
``heartbeat_seconds``, ``queue``, ``printer``, ``last_checkin_at``), ``204`` on
success, and 409 ``kiosk_id_in_use`` when a kiosk id was heard from another
``machine_id`` within the last 24 h (two kiosks with one id would hand out
colliding offline numbers). A kiosk is offline once silent for longer than
3 of its own heartbeat intervals; today's silences are kept as periods.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from devkit.simulator.server import Request, Response, Router, json_response

STATUSES = ("ok", "degraded", "failing")
PAPER = ("ok", "low", "out", "unknown")
#: a kiosk silent for longer than this many of its own intervals is offline
MISSED_BEATS = 3
#: the interval assumed for a kiosk that does not say its own
DEFAULT_INTERVAL = 60.0
#: how long a kiosk id stays bound to the machine last heard using it
ID_BINDING_SECONDS = 24 * 3600
_MACHINE_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _rfc3339(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch).astimezone().replace(microsecond=0).isoformat()


def _day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d")


@dataclass
class _Kiosk:
    """What the board knows of one kiosk id."""

    report: dict
    last_seen: float
    machine_id: str | None
    interval: float
    silences: list[tuple[float, float]] = field(default_factory=list)   # (last beat, beat that ended it)


def heartbeat_problem(body: dict | None) -> str | None:
    """What is wrong with a heartbeat body (a sentence naming the field), or None."""
    if not body or not isinstance(body.get("kiosk_id"), str) or body.get("status") not in STATUSES \
            or not isinstance(body.get("parts"), list):
        return "A heartbeat needs kiosk_id, status and parts."
    if "machine_id" in body and not (isinstance(body["machine_id"], str) and _MACHINE_ID.fullmatch(body["machine_id"])):
        return "machine_id must be 8-64 letters, digits, dashes or underscores."
    hb = body.get("heartbeat_seconds")
    if hb is not None and not (isinstance(hb, (int, float)) and not isinstance(hb, bool) and 0 < hb <= 86400):
        return "heartbeat_seconds must be a positive number of seconds."
    queue = body.get("queue")
    if queue is not None:
        def count(v):
            return isinstance(v, int) and not isinstance(v, bool) and v >= 0
        age = queue.get("oldest_age_seconds") if isinstance(queue, dict) else None
        if not (isinstance(queue, dict) and count(queue.get("depth")) and count(queue.get("attention", 0))
                and (age is None or (isinstance(age, (int, float)) and not isinstance(age, bool) and age >= 0))):
            return "queue must have depth, attention (counts) and oldest_age_seconds (seconds or null)."
    printer = body.get("printer")
    if printer is not None and not (isinstance(printer, dict) and printer.get("paper") in PAPER):
        return "printer.paper must be one of " + ", ".join(PAPER) + "."
    last = body.get("last_checkin_at")
    if last is not None:
        try:
            datetime.fromisoformat(str(last))
        except ValueError:
            return "last_checkin_at must be an RFC 3339 date-time or null."
    return None


class HeartbeatBoard:
    """The last heartbeat of each kiosk, when it came, and its silences (thread-safe)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._kiosks: dict[str, _Kiosk] = {}
        self.received = 0

    def record(self, report: dict) -> str | None:
        """Keep ``report`` as its kiosk's latest; the holder-conflict reason instead when the id is in use."""
        now = self.clock()
        kiosk_id, machine = report["kiosk_id"], report.get("machine_id")
        with self._lock:
            known = self._kiosks.get(kiosk_id)
            if known and machine and known.machine_id and machine != known.machine_id \
                    and now - known.last_seen < ID_BINDING_SECONDS:
                return "kiosk_id_in_use"
            interval = float(report.get("heartbeat_seconds") or (known.interval if known else DEFAULT_INTERVAL))
            if known is None:
                known = self._kiosks[kiosk_id] = _Kiosk(report, now, machine, interval)
            else:
                if now - known.last_seen > MISSED_BEATS * known.interval:
                    known.silences.append((known.last_seen, now))
                known.report, known.last_seen, known.interval = report, now, interval
                known.machine_id = machine or known.machine_id
            self.received += 1
            return None

    def last(self, kiosk_id: str) -> dict | None:
        """The latest report of ``kiosk_id``, or None."""
        with self._lock:
            found = self._kiosks.get(kiosk_id)
            return None if found is None else found.report

    def kiosks(self) -> dict[str, dict]:
        """kiosk id → {"at": epoch seconds, "status": …} for every kiosk heard from."""
        with self._lock:
            return {k: {"at": v.last_seen, "status": v.report.get("status")} for k, v in self._kiosks.items()}

    def fleet(self) -> list[dict]:
        """Every kiosk heard from today, as ``GET /kiosks`` answers it (sorted by kiosk id)."""
        now = self.clock()
        today = _day(now)
        out = []
        with self._lock:
            for kiosk_id, k in sorted(self._kiosks.items()):
                if _day(k.last_seen) != today:
                    continue
                online = now - k.last_seen <= MISSED_BEATS * k.interval
                periods = [{"start": _rfc3339(a), "end": _rfc3339(b)} for a, b in k.silences if _day(b) == today]
                if not online:
                    periods.append({"start": _rfc3339(k.last_seen), "end": None})
                r = k.report
                queue = r.get("queue") or {}
                out.append({
                    "kiosk_id": kiosk_id, "last_seen": _rfc3339(k.last_seen), "online": online,
                    "offline_since": None if online else _rfc3339(k.last_seen),
                    "heartbeat_seconds": k.interval, "status": r["status"],
                    "parts": {p["part"]: p.get("status", "unknown") for p in r["parts"]
                              if isinstance(p, dict) and isinstance(p.get("part"), str)},
                    "queue": {"depth": queue.get("depth", 0), "oldest_age_seconds": queue.get("oldest_age_seconds"),
                              "attention": queue.get("attention", 0)},
                    "printer": {"paper": (r.get("printer") or {}).get("paper", "unknown")},
                    "version": r.get("version") or "", "last_checkin_at": r.get("last_checkin_at"),
                    "offline_periods": periods,
                })
        return out


def _unauthorized() -> Response:
    return json_response({"reason": "unauthorized", "message": "The API key is missing or wrong."}, 401)


def add_heartbeat_routes(router: Router, board: HeartbeatBoard, api_key: str, base: str) -> None:
    """Serve ``POST {base}/heartbeat``, ``GET {base}/kiosks`` (the fleet) and ``GET {base}/heartbeats``."""

    def heartbeat(req: Request) -> Response:
        if req.headers.get("x-api-key") != api_key:
            return _unauthorized()
        body = req.json()
        problem = heartbeat_problem(body)
        if problem:
            return json_response({"reason": "invalid_heartbeat", "message": problem}, 422)
        if board.record(body):
            return json_response({"reason": "kiosk_id_in_use",
                                  "message": "This kiosk id was used by another machine within the last 24 hours; "
                                             "give this kiosk its own id."}, 409)
        return Response(204)

    def heartbeats(req: Request) -> Response:
        if req.headers.get("x-api-key") != api_key:
            return _unauthorized()
        return json_response({"kiosks": board.kiosks()})

    def fleet(req: Request) -> Response:
        if req.headers.get("x-api-key") != api_key:
            return _unauthorized()
        return json_response({"kiosks": board.fleet()})

    router.add("POST", base + r"/heartbeat", "hospital.heartbeat", heartbeat)
    router.add("GET", base + r"/heartbeats", "hospital.heartbeats", heartbeats)
    router.add("GET", base + r"/kiosks", "hospital.kiosks", fleet)
