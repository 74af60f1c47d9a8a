"""Staff alerts about chips that failed passive authentication or carried malformed files.

A tampered chip (altered data, bad signature, forged chain) must not stop the
patient: the kiosk falls back to the card's printed QR. But staff must hear
of it. Each alert is one line of JSON (time, code, one sentence) appended to
``chip-alerts.jsonl`` in the data folder (0600), kept to the last
:data:`KEEP` lines; the ``chip-security`` health part (station and health
endpoint) reports the alerts of the last day. The sentences are the chip
layer's own, which never quote card data, so no personal data is stored.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.health.model import PartHealth, degraded, ok
from readers.chip.errors import ChainInvalid, DataAltered, SignatureInvalid, SodInvalid

ALERTS_FILE = "chip-alerts.jsonl"
KEEP = 200                 # lines kept: enough for a day of trouble, small enough to read each probe
WINDOW_SECONDS = 24 * 3600

#: the chip errors that mean "this card's data may not be the issuer's"
ALERTING = (DataAltered, SignatureInvalid, ChainInvalid, SodInvalid)

MALFORMED_FILE = "chip_file_malformed"


@dataclass(frozen=True)
class ChipAlert:
    """One alert: when (epoch seconds), the error code, the reason for staff."""

    at: float
    code: str
    reason: str


class ChipAlertLog:
    """The alert file of one kiosk; safe to use from several threads."""

    def __init__(self, path: str | Path, keep: int = KEEP) -> None:
        self.path = Path(path)
        self.keep = keep
        self._lock = threading.Lock()

    def record(self, code: str, reason: str, at: float | None = None) -> ChipAlert:
        """Append one alert (and trim the file to the last ``keep`` lines)."""
        alert = ChipAlert(time.time() if at is None else at, code, reason)
        line = json.dumps({"at": alert.at, "code": code, "reason": reason}, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as f:
                f.write(line)
            lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
            if len(lines) > self.keep:
                tmp = self.path.with_suffix(".tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.writelines(lines[-self.keep:])
                os.replace(tmp, self.path)
        return alert

    def recent(self, window_s: float = WINDOW_SECONDS, now: float | None = None) -> list[ChipAlert]:
        """The alerts of the last ``window_s`` seconds, oldest first (unreadable lines skipped)."""
        now = time.time() if now is None else now
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        found = []
        for line in text.splitlines():
            try:
                d = json.loads(line)
                alert = ChipAlert(float(d["at"]), str(d["code"]), str(d["reason"]))
            except (ValueError, KeyError, TypeError):
                continue
            if now - alert.at <= window_s:
                found.append(alert)
        return found

    def record_error(self, exc: BaseException) -> ChipAlert | None:
        """Record ``exc`` if it is one of :data:`ALERTING`; the alert, or None."""
        if isinstance(exc, ALERTING):
            return self.record(exc.code, str(exc))
        return None

    def record_warnings(self, warnings) -> None:
        """Record each warning of a read that otherwise succeeded (e.g. a malformed EF.COM)."""
        for warning in warnings:
            self.record(MALFORMED_FILE, warning)


def chip_alert_probe(log: ChipAlertLog, window_s: float = WINDOW_SECONDS):
    """Health part ``chip-security``: degraded while an alert of the last day stands."""

    def probe() -> PartHealth:
        alerts = log.recent(window_s)
        if not alerts:
            return ok("chip-security", "No chip failed its authentication in the last 24 hours.")
        last = alerts[-1]
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(last.at))
        return degraded("chip-security",
                        f"{len(alerts)} chip alert(s) in the last 24 hours; the latest ({when}): {last.reason}",
                        count=len(alerts), latest_code=last.code,
                        alerts=[{"at": a.at, "code": a.code, "reason": a.reason} for a in alerts[-10:]])

    return probe
