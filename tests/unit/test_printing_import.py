"""python-escpos loads only when a printer is opened, and its import leaves the root logger alone."""

from __future__ import annotations

import subprocess
import sys

_CHILD = """
import logging, sys
import kiosk.printing, kiosk.health
print("capabilities after import:", "escpos.capabilities" in sys.modules)
from kiosk.config import load_config
from kiosk.printing.device import load_escpos, open_device
import dataclasses
load_escpos()
print("root handlers:", logging.getLogger().handlers)  # (the escpos File printer's own open() logs via
# logging.info, which adds one; the kiosk has configured logging long before it prints)
cfg = load_config(environ={{}})
dev = open_device(dataclasses.replace(cfg.printer, kind="file", target={target!r}))
dev.close()
print("opened", type(dev).__name__)
"""


def test_escpos_loads_only_for_a_printer_and_its_import_adds_no_root_handler(tmp_path):
    r = subprocess.run([sys.executable, "-c", _CHILD.format(target=str(tmp_path / "ticket.bin"))],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-800:]
    assert "capabilities after import: False" in r.stdout
    assert "root handlers: []" in r.stdout and "opened File" in r.stdout
