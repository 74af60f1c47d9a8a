"""The queue store speaks the stdlib's sqlite3 alone: opening it imports no sqlite-utils (nor its
click, dateutil, pluggy) and no numpy, which cost a CLI check-in ~56 ms of CPU before."""

from __future__ import annotations

import json
import subprocess
import sys

# what sqlite-utils brought in, and numpy, which it imported when installed (OpenCV installs it)
NOT_NEEDED = ("sqlite_utils", "click", "dateutil", "pluggy", "numpy", "pandas")


def test_opening_and_writing_the_queue_imports_no_sqlite_utils(tmp_path):
    code = f"""
import json, sys
from offline_cache.schema import MIGRATIONS
from offline_cache.store import Store
store = Store.open({str(tmp_path / "q.db")!r}, [MIGRATIONS])
with store.write() as db:
    db.execute("INSERT INTO meta (key, value) VALUES ('k', 1)")
with store.read() as db:
    assert db.execute("SELECT value FROM meta WHERE key = 'k'").fetchone() == (1,)
store.close()
print(json.dumps(sorted(sys.modules)))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-800:]
    modules = set(json.loads(r.stdout))
    assert "offline_cache.store" in modules
    assert sorted(m for m in modules if m.split(".")[0] in NOT_NEEDED) == []
