"""sqlite-utils, imported without its optional numpy and pandas support.

sqlite-utils imports numpy and pandas at import time when they are
installed, only so that ``insert`` can store their scalar types. The kiosk
never stores either, but numpy is installed (OpenCV needs it), and importing
it is about a quarter of a ``kiosk checkin`` process's start-up. So while
sqlite-utils loads, both names are marked absent in ``sys.modules`` (Python
then raises ImportError for them, which sqlite-utils expects) and are
unmarked right after: a later ``import numpy`` (OpenCV's) works as usual.

Only when this is the process's only thread and numpy is not loaded yet:
another thread importing numpy in that window would fail, so otherwise
sqlite-utils is imported as it is.
"""

from __future__ import annotations

import sys
import threading

_OPTIONAL = ("numpy", "pandas")


def _import_sqlite_utils():
    if ("sqlite_utils" in sys.modules or threading.active_count() > 1
            or any(name in sys.modules for name in _OPTIONAL)):
        import sqlite_utils
        return sqlite_utils
    for name in _OPTIONAL:
        sys.modules[name] = None  # "not installed", for this import only
    try:
        import sqlite_utils
    finally:
        for name in _OPTIONAL:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return sqlite_utils


_sqlite_utils = _import_sqlite_utils()
Database = _sqlite_utils.Database
Migrations = _sqlite_utils.Migrations

__all__ = ["Database", "Migrations"]
