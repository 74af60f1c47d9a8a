"""``kiosk demo`` (``make demo``): the whole check-in against an in-process simulator.

Starts the simulator on a free loopback port, points a copy of the
configuration at it, and checks in a few synthetic citizens who show the
main outcomes: covered, covered with a new card, wrong route, expired card
(sent to the counter), the gateway pulled (registered as pending), and the
same patient again (the day's existing ticket). Prints each outcome and
exits 0 when every outcome is the expected one.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys

from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import identity_from_qr
from kiosk.cli.checkin_cmd import perform_checkin, quiet_logs
from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.services import KioskServices

# (citizen, which card's QR, department, priority, gateway pulled, expected exit code, what it shows)
SCENES = (
    ("valid", "id", "KNOI", False, False, ExitCode.OK, "ID-card QR, covered, right route"),
    ("new-card-004", "id", "MAT", False, False, ExitCode.OK, "covered, a new card was issued"),
    ("wrong-route", "insurance", "TMH", False, False, ExitCode.OK, "insurance-card QR, registered elsewhere"),
    ("elderly", "id", "KNOI", True, False, ExitCode.OK, "aged 80+, priority queue"),
    ("expired", "id", "KNOI", False, False, ExitCode.COUNTER, "card expired: no ticket, go to the counter"),
    ("valid-female", "id", "SAN", False, True, ExitCode.PENDING, "gateway pulled: registered, eligibility pending"),
    ("valid", "insurance", "KNOI", False, False, ExitCode.OK, "same patient again: the day's existing ticket"),
)


def register(sub) -> None:
    """Add the ``demo`` command."""
    p = sub.add_parser("demo", help="run sample check-ins against an in-process simulator",
                       description="Start the simulator in-process and check in a few synthetic citizens.")
    p.add_argument("--json", action="store_true", help="one JSON object per check-in")
    p.add_argument("--headless", action="store_true",
                   help="print the sample check-ins instead of opening the kiosk window")
    p.set_defaults(run=run)


def demo_config(config: Config, server) -> Config:
    """``config`` pointed at the in-process simulator, with the dev kit's demo credentials."""
    from devkit.kiosk_config import dev_kit_config
    cfg = dev_kit_config(server, config, source="demo (in-process simulator)")
    return dataclasses.replace(
        cfg, gateway=dataclasses.replace(cfg.gateway, read_timeout=5.0),
        kiosk=dataclasses.replace(cfg.kiosk, allow_pending_eligibility=True))


def run(args, config: Config) -> int:
    """Open the kiosk window on the simulator; headless (or with no display): run every scene."""
    if not args.headless and not args.json:
        window_demo = importlib.import_module("devkit.demo.window")   # the core itself never imports Qt
        if window_demo.can_open():
            return window_demo.run(args, config)
        print("kiosk: no display ($DISPLAY / $WAYLAND_DISPLAY unset): running the headless demo instead.\n")
    return run_headless(args, config)


def run_headless(args, config: Config) -> int:
    """Run every scene; exit 0 when each ended as expected."""
    quiet_logs(args)
    import json

    unexpected = 0
    with build_simulator("127.0.0.1", 0) as server:
        cfg = demo_config(config, server)
        print(f"Simulator running at {server.url} (gateway) and {hospital_url(server)} (hospital)\n")
        with KioskServices.open(cfg, redactor=getattr(args, "redactor", None)) as services:
            for n, (key, card, department, priority, pulled, expected, shows) in enumerate(SCENES, 1):
                citizen = by_key(key)
                text = citizen.qr_text() if card == "id" else citizen.bhyt_qr_text()
                if pulled:
                    server.faults.set("gateway.*", Fault("drop"))
                try:
                    report = perform_checkin(services.new_checkin(), identity_from_qr(text), department, priority)
                finally:
                    server.faults.clear()
                ok = report.exit_code == expected
                unexpected += not ok
                if args.json:
                    print(json.dumps({"scene": shows, **report.as_dict()}, ensure_ascii=False))
                else:
                    print(f"[{n}] {shows}" + ("" if ok else f"  (UNEXPECTED: exit {report.exit_code.name})"))
                    print("    " + report.as_text(cfg.kiosk.language).replace("\n", "\n    ") + "\n")
    if unexpected:
        print(f"kiosk: {unexpected} demo check-in(s) did not end as expected.", file=sys.stderr)
        return ExitCode.INTERNAL
    return ExitCode.OK
