"""Small JSON state files in the kiosk's data folder: 0600, written atomically.

Used for guard state that must survive a restart and be shared by every
process on the kiosk (the staff-PIN lockout, the gateway account's block).
A reader gets ``None`` for a missing file and raises :class:`DamagedStateFile`
for one it cannot parse, so the caller can fail closed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class DamagedStateFile(ValueError):
    """The state file exists but is not a JSON object (its content is never quoted)."""


def read_state(path: Path) -> dict | None:
    """The JSON object in ``path``; ``None`` when there is no file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise DamagedStateFile(f"{path.name} cannot be read ({type(e).__name__})") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise DamagedStateFile(f"{path.name} is damaged") from None
    if not isinstance(data, dict):
        raise DamagedStateFile(f"{path.name} is damaged")
    return data


def write_state(path: Path, data: dict) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder, fsync, rename), mode 0600."""
    import tempfile  # here, not at the top: most runs (a `kiosk checkin`) never write a state file
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(  # mkstemp creates the file 0600
       prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
