"""This installation's machine id, and the hospital system's "kiosk id in use" verdict.

The machine id is a random UUID made once per installation and kept in the
data folder (``machine-id``, mode 0600): it lets the hospital system tell two
machines that were given the same kiosk id apart (they would hand out
colliding offline numbers). It names a machine, never a person.

When the hospital system answers a heartbeat with 409 ``kiosk_id_in_use`` the
heartbeat writes ``kiosk-id-conflict.json`` next to it; the ``kiosk-id`` health
part reads that file, so ``kiosk doctor`` (another process) shows it too. The
next accepted heartbeat removes it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from pathlib import Path

from kiosk.health.model import PartHealth, failing, ok

log = logging.getLogger(__name__)

MACHINE_ID_FILE = "machine-id"
CONFLICT_FILE = "kiosk-id-conflict.json"
_ID = re.compile(r"[0-9a-f]{32}")


def machine_id(data_dir: Path) -> str:
    """This installation's id: read from ``<data_dir>/machine-id``, made (0600) on first use.

    A file that does not hold an id (damaged, edited) is replaced, and that is logged:
    the hospital system may then refuse this kiosk's id for a day (it looks like another machine).
    """
    path = Path(data_dir) / MACHINE_ID_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if _ID.fullmatch(text):
            if os.name == "posix" and path.stat().st_mode & 0o077:
                path.chmod(0o600)
            return text
        log.error("the machine id file does not hold an id; making a new one", extra={"path": str(path)})
        path.unlink()
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as e:
        log.error("the machine id file cannot be read; making a new one", extra={"error": e.__class__.__name__})
        path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = uuid.uuid4().hex
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:   # another process of this kiosk made it first: use theirs
        return machine_id(data_dir)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(new + "\n")
        f.flush()
        os.fsync(f.fileno())
    return new


class KioskIdConflict:
    """The hospital system's last "kiosk id in use" verdict, kept in the data folder."""

    def __init__(self, data_dir: Path, kiosk_id: str) -> None:
        self.path = Path(data_dir) / CONFLICT_FILE
        self.kiosk_id = kiosk_id

    def refused(self, message: str = "") -> None:
        """The hospital system refused our heartbeat: another machine uses this kiosk id."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"kiosk_id": self.kiosk_id, "at": time.time()}), encoding="utf-8")
        os.replace(tmp, self.path)

    def accepted(self) -> None:
        """The hospital system took a heartbeat: the id is ours."""
        self.path.unlink(missing_ok=True)

    def since(self) -> float | None:
        """When the hospital system refused this kiosk id (None: it has not, or took one since)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return float(data["at"]) if data.get("kiosk_id") == self.kiosk_id else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def probe(self) -> PartHealth:
        """The ``kiosk-id`` part: FAILING while the hospital system says another machine uses our id."""
        at = self.since()
        if at is None:
            return ok("kiosk-id", f"The hospital system has not reported another machine using kiosk id "
                                  f"{self.kiosk_id}.")
        return failing("kiosk-id", f"The kiosk id {self.kiosk_id} is used by another machine (the hospital "
                                   "system refused this kiosk's heartbeat); give each kiosk its own [kiosk] id.",
                       error="kiosk_id_in_use",
                       since=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at)))
