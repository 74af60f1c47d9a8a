"""The heartbeat: the health report POSTed to the hospital system on a schedule.

``POST {hospital.url}/heartbeat`` with the report's JSON (kiosk id, version,
overall status, every part; never personal data), on a daemon thread. A
missed beat is logged once per outage, not once per beat, and retried at the
next tick; the heartbeat never touches a check-in.

The fleet view (docs/lobby.md) also gets: ``machine_id`` (this installation),
``heartbeat_seconds`` (so the hospital knows when this kiosk counts as silent),
``queue {depth, oldest_age_seconds, attention}`` and ``last_checkin_at`` (from
``facts()``, read from the queue database), ``printer {paper}`` (from the
printer part). A 409 ``kiosk_id_in_use`` answer is kept by
:class:`~kiosk.health.machine.KioskIdConflict` and shows as the failing
``kiosk-id`` part.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.config import HospitalSettings
from kiosk.health.machine import KioskIdConflict
from kiosk.health.model import HealthReport
from kiosk.health.registry import ProbeRegistry
from kiosk.http import HttpClient, Response, TransportError

log = logging.getLogger(__name__)

#: ``facts()``: {"queue": {...}, "last_checkin_at": epoch or None} (see :func:`queue_facts`)
Facts = Callable[[], dict]


def queue_facts(outbox, clock: Callable[[], float] = time.time) -> dict:
    """What the heartbeat says of the kiosk's outbox: undelivered depth and oldest age, items
    needing staff, and when the last patient checked in (a registration or counter referral)."""
    backlog = outbox.backlog()
    oldest = backlog["oldest_created_at"]
    return {"queue": {"depth": backlog["depth"], "attention": backlog["attention"],
                      "oldest_age_seconds": None if oldest is None else round(max(0.0, clock() - oldest), 1)},
            "last_checkin_at": outbox.last_checkin()}


def _rfc3339(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def paper_state(report: HealthReport) -> str:
    """ok / low / out / unknown, from the printer part's detail."""
    part = report.part("printer")
    if part is None:
        return "unknown"
    paper = part.detail.get("paper")
    if part.detail.get("error") == "printer_out_of_paper" or "out of paper" in part.reason:
        return "out"
    return paper if paper in ("ok", "low", "out") else "unknown"


class Heartbeat:
    """Posts ``registry.run()`` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, registry: ProbeRegistry, hospital: HospitalSettings, interval: float, *,
                 machine_id: str | None = None, facts: Facts | None = None,
                 conflict: KioskIdConflict | None = None) -> None:
        """``machine_id``: see :func:`kiosk.health.machine.machine_id`; ``facts()``: the queue's
        (:func:`queue_facts`; a failure there sends the beat without them); ``conflict``:
        where a 409 ``kiosk_id_in_use`` is kept for the ``kiosk-id`` part."""
        from kiosk.hospital.client import API_KEY_HEADER
        self.registry = registry
        self.interval = interval
        self.machine_id = machine_id
        self.facts = facts
        self.conflict = conflict
        self._http = HttpClient(hospital.url, hospital.connect_timeout, hospital.read_timeout,
                                 name="hospital.url")
        self._http.headers[API_KEY_HEADER] = hospital.api_key
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.failed = 0
        self.last_error = ""

    def payload(self, report: HealthReport) -> dict:
        """The heartbeat's body: the report plus what the fleet view needs (no personal data)."""
        body = report.as_dict()
        body["heartbeat_seconds"] = self.interval
        body["printer"] = {"paper": paper_state(report)}
        if self.machine_id:
            body["machine_id"] = self.machine_id
        if self.facts is not None:
            try:
                facts = self.facts()
                body["queue"] = facts["queue"]
                body["last_checkin_at"] = _rfc3339(facts.get("last_checkin_at"))
            except Exception as e:   # the queue file busy or damaged: the queue part says so; beat anyway
                log.info("heartbeat without queue facts", extra={"error": e.__class__.__name__})
        return body

    def beat(self) -> bool:
        """Send one report now; True when the hospital system took it."""
        report = self.registry.run()
        try:
            resp = self._http.request("POST", "heartbeat", json=self.payload(report))
            ok = 200 <= resp.status_code < 300
            error = "" if ok else f"HTTP {resp.status_code}"
            if resp.status_code == 409 and _reason(resp) == "kiosk_id_in_use":
                error = "kiosk_id_in_use"
                if self.conflict is not None:
                    self.conflict.refused()
            elif ok and self.conflict is not None:
                self.conflict.accepted()
        except TransportError as e:
            ok, error = False, e.__class__.__name__
        except OSError as e:   # the conflict file could not be written: the beat's verdict still counts
            ok, error = False, e.__class__.__name__
        if ok:
            if self.last_error:
                log.info("heartbeat delivered again", extra={"after_failures": self.failed})
            self.sent += 1
            self.last_error = ""
        else:
            if not self.last_error:
                log.warning("heartbeat not delivered", extra={"error": error})
            self.failed += 1
            self.last_error = error
        return ok

    @property
    def id_in_use(self) -> bool:
        """The last answer was 409 ``kiosk_id_in_use``."""
        return self.last_error == "kiosk_id_in_use"

    def start(self) -> Heartbeat:
        """Beat now and then every ``interval`` seconds on a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.beat()
            except Exception:  # the heartbeat must outlive any bug in a probe or the network stack
                log.exception("heartbeat failed")
            self._stop.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self, timeout: float = 5.0) -> None:
        """Stop beating (waits for a beat in flight at most ``timeout`` seconds)."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        self._http.close()


def _reason(resp: Response) -> str:
    try:
        body = resp.json()
    except (ValueError, RecursionError):
        return ""
    return body.get("reason", "") if isinstance(body, dict) else ""
