"""``kiosk run`` shows the idle screen before it opens the queue, its worker, the printer and the devices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("idle_first_child.py")


def test_the_idle_screen_comes_before_the_queue_the_worker_and_the_heavy_libraries(tmp_path):
    from devkit.kiosk_config import ReadySecrets, ready_simulator, write_ready_config
    ready = ReadySecrets.fresh()   # a kiosk set up as IT would: its own id and secrets, not the dev kit's
    with ready_simulator(ready) as sim:
        config_path, _ = write_ready_config(tmp_path / "kiosk.toml", sim, ready)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        # a fresh interpreter running the real `kiosk run --smoke-test` path
        r = subprocess.run([sys.executable, str(CHILD), str(config_path)], capture_output=True, text=True,
                           timeout=120, env={**env, "KIOSK_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stderr[-2000:]
    at_idle, after = (json.loads(line) for line in r.stdout.splitlines()[:2])
    assert at_idle == {"heavy": [], "queue_file": False, "sync_threads": 0}
    # then, in the background: the queue is opened and its one worker runs
    assert after["queue_file"] and after["sync_threads"] == 1
