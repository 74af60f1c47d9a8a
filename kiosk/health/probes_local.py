"""Health probes of the kiosk's own machine: disk space of the data folder, the offline queue."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.health.model import PartHealth, degraded, failing, ok
from kiosk.health.registry import Probe

FAILING_FREE_MB = 20           # below this SQLite writes start to fail
QUEUE_OLD_SECONDS = 15 * 60    # a registration waiting longer than this needs a look


def _existing_parent(path: Path) -> Path:
    for p in (path, *path.parents):
        if p.exists():
            return p
    return Path(os.sep)


def disk_probe(data_dir: Path, min_free_mb: int) -> Probe:
    """Free space in the data folder, and that the folder can be written."""

    def probe() -> PartHealth:
        where = _existing_parent(data_dir)
        usage = shutil.disk_usage(where)
        free_mb = usage.free / 1e6
        detail = {"path": str(data_dir), "free_mb": round(free_mb), "total_mb": round(usage.total / 1e6)}
        if data_dir.exists():
            try:
                with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".health-", delete=True) as f:
                    f.write(b"x")
                    f.flush()
            except OSError as e:
                return failing("disk", "The data folder cannot be written.", error=str(e), **detail)
        if free_mb < FAILING_FREE_MB:
            return failing("disk", f"The data folder's disk is full ({free_mb:.0f} MB free).", **detail)
        if free_mb < min_free_mb:
            return degraded("disk", f"The data folder's disk is nearly full ({free_mb:.0f} MB free).",
                            **detail)
        return ok("disk", f"{free_mb / 1000:.1f} GB free in the data folder.", **detail)

    return probe


def queue_probe(db_path: Path, clock=time.time) -> Probe:
    """Depth and age of the offline queue, read from its SQLite file read-only.

    Read-only on purpose: the probe needs no key (payloads stay sealed), never
    creates or migrates the file, and cannot disturb the kiosk's one writer.
    """

    def probe() -> PartHealth:
        if not db_path.exists():
            return ok("queue", "The offline queue is empty (no queue database yet).", depth=0)
        try:
            conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1.0)
        except sqlite3.Error as e:
            return failing("queue", "The offline queue database cannot be opened.", error=str(e))
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                return failing("queue", "The offline queue database is damaged.", error=str(check)[:200])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "outbox" not in tables:
                return ok("queue", "The offline queue is empty.", depth=0)
            depth, oldest = conn.execute("SELECT count(*), min(created_at) FROM outbox "
                                         "WHERE state IN ('pending', 'sending')").fetchone()
            from offline_cache.attention import count_needing_staff  # the one definition of "needs staff"
            attention = count_needing_staff(conn)["total"]
            recheck = conn.execute("SELECT count(*) FROM outbox WHERE eligibility = 'pending'").fetchone()[0]
            last = conn.execute("SELECT max(delivered_at) FROM outbox").fetchone()[0]
        except sqlite3.Error as e:
            return failing("queue", "The offline queue database cannot be read.", error=str(e))
        finally:
            conn.close()
        age = round(clock() - oldest) if oldest else 0
        detail = {"depth": depth, "oldest_pending_s": age, "needs_attention": attention,
                  "eligibility_rechecks": recheck,
                  "last_delivery": None if last is None else
                  datetime.fromtimestamp(last, UTC).isoformat(timespec="seconds")}
        if attention:
            return degraded("queue", f"{attention} queued registration(s) need staff attention.", **detail)
        if depth and age > QUEUE_OLD_SECONDS:
            return degraded("queue", f"{depth} registration(s) waiting; the oldest for {age // 60} minutes.",
                            **detail)
        if depth:
            return ok("queue", f"{depth} registration(s) waiting to be sent (oldest {age} s).", **detail)
        return ok("queue", "The offline queue is empty.", **detail)

    return probe
