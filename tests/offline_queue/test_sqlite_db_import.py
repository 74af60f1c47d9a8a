"""sqlite-utils loads without numpy (a quarter of a CLI command's start-up), and numpy still imports after."""

from __future__ import annotations

import subprocess
import sys

_CHILD = """
import sys, threading
{before}
import offline_cache
from offline_cache.sqlite_db import Database
db = Database(memory=True)
db["t"].insert({{"a": 1}})
assert list(db["t"].rows) == [{{"a": 1}}]
print("numpy loaded by offline_cache:", "numpy" in sys.modules)
import numpy  # OpenCV's numpy must still import afterwards
print("numpy after:", numpy.__name__)
"""


def _child(before: str = "") -> str:
    r = subprocess.run([sys.executable, "-c", _CHILD.format(before=before)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr[-800:]
    return r.stdout


def test_offline_cache_does_not_load_numpy_and_numpy_still_imports():
    out = _child()
    assert "numpy loaded by offline_cache: False" in out and "numpy after: numpy" in out


def test_with_other_threads_running_sqlite_utils_is_imported_as_it_is():
    # another thread could be importing numpy (the camera's OpenCV): no hiding then
    out = _child("ev = threading.Event(); threading.Thread(target=ev.wait, daemon=True).start()")
    assert "numpy loaded by offline_cache: True" in out


def test_the_queue_store_runs_no_sqlite_utils_plug_ins(tmp_path):
    # Plug-ins are whatever else is installed; finding them scans every distribution's entry points.
    code = f"""
import sqlite_utils.plugins as plugins
from offline_cache.schema import MIGRATIONS
from offline_cache.store import Store
store = Store.open({str(tmp_path / "q.db")!r}, [MIGRATIONS])
print("plug-ins loaded:", plugins._plugins_loaded)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-800:]
    assert "plug-ins loaded: False" in r.stdout
