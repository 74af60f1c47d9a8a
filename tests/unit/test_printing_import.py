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


def test_the_health_model_does_not_load_the_printer_code():
    # KioskServices records the gateway through kiosk.health.links; a `kiosk checkin` must not pay
    # for Pillow, qrcode and the printer because the package also holds the standard probes.
    code = ("import sys, kiosk.services, kiosk.health\n"
            "kiosk.health.RecordedGateway, kiosk.health.Status\n"
            "print(sorted(m for m in ('PIL', 'qrcode', 'kiosk.printing', 'kiosk.health.standard')"
            " if m in sys.modules))\n"
            "kiosk.health.standard_registry\n"
            "print('kiosk.health.standard' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-800:]
    assert r.stdout.split("\n")[:2] == ["[]", "True"]
