"""One process opening the kiosk's services on a shared data folder (the one-sender test).

Run as ``python root_child.py ROLE DATA_DIR SIMULATOR_URL``. It opens
:class:`kiosk.services.KioskServices` on the folder, prints ``ready``, then
obeys stdin lines: ``register KEY`` registers the synthetic citizen ``KEY``
through the services' sink (the way the kiosk's check-in and the station's
override desk both do) and prints ``ticket <client id> <number>``;
``threads`` prints how many ``outbox-sync`` threads run in this process;
``GATEWAY_SETTINGS`` in the environment (a JSON object) replaces fields of
``config.gateway``;
``quit`` closes the services and exits.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from devkit.simulator.citizens import by_key
from kiosk.services import KioskServices
from tests.offline_queue.support import config_for, registration


class _Sim:
    def __init__(self, url: str) -> None:
        self.url = url


def main() -> None:
    role, data_dir, url = sys.argv[1:4]
    config = config_for(_Sim(url), data_dir)
    if os.environ.get("GATEWAY_SETTINGS"):
        config = dataclasses.replace(config, gateway=dataclasses.replace(
            config.gateway, **json.loads(os.environ["GATEWAY_SETTINGS"])))
    with KioskServices.open(config) as services:
        print(f"ready {role}", flush=True)
        for line in sys.stdin:
            cmd, *rest = line.split()
            if cmd == "register":
                reg = registration(citizen=by_key(rest[0]), client_id=str(uuid.uuid4()))
                ticket = services.sink.submit(reg)
                print(f"ticket {ticket.registration_id} {ticket.number}", flush=True)
            elif cmd == "threads":
                n = sum(t.name == "outbox-sync" for t in threading.enumerate())
                print(f"threads {n}", flush=True)
            elif cmd == "quit":
                break
    print("closed", flush=True)


if __name__ == "__main__":
    main()
