"""``POST /his/v1/heartbeat`` of the simulated hospital system: keeps each kiosk's last report.

The real hospital system's monitoring is out of our hands; this is the
contract the kiosk's :class:`~kiosk.health.heartbeat.Heartbeat` relies on:
the API key, a JSON body with ``kiosk_id`` and ``status``, ``204`` on success.
"""

from __future__ import annotations

import threading
import time

from devkit.simulator.server import Request, Response, Router, json_response

STATUSES = ("ok", "degraded", "failing")


class HeartbeatBoard:
    """The last heartbeat of each kiosk and when it came (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[str, tuple[float, dict]] = {}
        self.received = 0

    def record(self, report: dict) -> None:
        """Keep ``report`` as its kiosk's latest."""
        with self._lock:
            self._last[report["kiosk_id"]] = (time.time(), report)
            self.received += 1

    def last(self, kiosk_id: str) -> dict | None:
        """The latest report of ``kiosk_id``, or None."""
        with self._lock:
            found = self._last.get(kiosk_id)
            return None if found is None else found[1]

    def kiosks(self) -> dict[str, dict]:
        """kiosk id → {"at": epoch seconds, "status": …} for every kiosk heard from."""
        with self._lock:
            return {k: {"at": at, "status": r.get("status")} for k, (at, r) in self._last.items()}


def _unauthorized() -> Response:
    return json_response({"reason": "unauthorized", "message": "The API key is missing or wrong."}, 401)


def add_heartbeat_routes(router: Router, board: HeartbeatBoard, api_key: str, base: str) -> None:
    """Serve ``POST {base}/heartbeat`` and ``GET {base}/heartbeats`` (the monitoring view)."""

    def heartbeat(req: Request) -> Response:
        if req.headers.get("x-api-key") != api_key:
            return _unauthorized()
        body = req.json()
        if not body or not isinstance(body.get("kiosk_id"), str) or body.get("status") not in STATUSES \
                or not isinstance(body.get("parts"), list):
            return json_response({"reason": "invalid_heartbeat",
                                  "message": "A heartbeat needs kiosk_id, status and parts."}, 422)
        board.record(body)
        return Response(204)

    def heartbeats(req: Request) -> Response:
        if req.headers.get("x-api-key") != api_key:
            return _unauthorized()
        return json_response({"kiosks": board.kiosks()})

    router.add("POST", base + r"/heartbeat", "hospital.heartbeat", heartbeat)
    router.add("GET", base + r"/heartbeats", "hospital.heartbeats", heartbeats)
