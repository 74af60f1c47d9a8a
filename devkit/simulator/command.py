"""``kiosk simulator``: serve the simulated gateway and hospital system until Ctrl-C.

Faults can be set at start (``--fault hospital.register=drop``) or at run time
through ``/_sim/faults`` (see devkit/simulator/server.py).
"""

from __future__ import annotations

import sys
import threading

from devkit.kiosk_config import DEV_KIT_API_KEY, ReadySecrets, ready_simulator, write_ready_config
from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.server import FaultBoard, parse_fault_spec
from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.signals import stop_on_signals
from kiosk.config import Config
from kiosk.errors import ConfigError, InputError
from kiosk.url_policy import is_loopback_host


def register(sub) -> None:
    """Add the ``simulator`` command."""
    p = sub.add_parser("simulator", help="serve the simulated insurance gateway and hospital system",
                       description="Serve both simulated APIs on one port until Ctrl-C.")
    p.add_argument("--host", help="address to bind (default: simulator.host)")
    p.add_argument("--port", type=int, help="port (default: simulator.port; 0 = any free port)")
    p.add_argument("--fault", action="append", default=[], metavar="ENDPOINT=KIND[:LATENCY[:COUNT]]",
                   help="inject a fault, e.g. hospital.register=drop or gateway.lookup=slow:2 (repeatable)")
    p.add_argument("--write-config", metavar="FILE",
                   help="write a ready kiosk.toml for this simulator to FILE (and secrets.toml beside it, "
                        "mode 0600) with fresh random secrets the simulator accepts; prints the staff PIN")
    p.set_defaults(run=run)


def faults_from_specs(specs: list[str]) -> FaultBoard:
    """A fault board with every ``--fault`` switched on; InputError for a bad spec."""
    board = FaultBoard()
    for spec in specs:
        try:
            endpoint, fault = parse_fault_spec(spec)
        except ValueError as e:
            raise InputError(f"{e}.", code="bad_fault") from None
        board.set(endpoint, fault)
    return board


def run(args, config: Config) -> int:
    """Serve until interrupted."""
    host = args.host or config.simulator.host
    port = config.simulator.port if args.port is None else args.port
    if not 0 <= port < 65536:
        raise InputError(f"The port must be 0 to 65535, got {port}.", code="bad_port")
    if not is_loopback_host(host):
        raise InputError(f"The simulator listens on loopback only (127.0.0.1, ::1, localhost), not {host!r}.",
                         code="bad_host")
    faults = faults_from_specs(args.fault)
    ready = ReadySecrets.fresh() if args.write_config else None
    try:
        server = ready_simulator(ready, host, port, faults=faults) if ready else \
            build_simulator(host, port, faults=faults, hospital_api_key=config.hospital.api_key or DEV_KIT_API_KEY)
    except OSError as e:
        raise ConfigError(f"Cannot listen on {host}:{port} ({e.strerror or e}).") from None
    print(f"Simulator: insurance gateway at {server.url}, hospital system at {hospital_url(server)}", flush=True)
    print(f"Admin routes /_sim/*: header {server.ADMIN_HEADER}: {server.admin_token}", flush=True)
    if ready:
        try:
            written, secrets_path = write_ready_config(args.write_config, server, ready)
        except OSError as e:
            server.start().stop()  # stop() waits for a serving loop: start one to release the port
            raise ConfigError(f"Cannot write {args.write_config} ({e.strerror or e}).") from None
        print(f"Wrote {written} and {secrets_path} (0600); kiosk id {ready.kiosk_id}, "
              f"staff PIN {ready.staff_pin}", flush=True)
    for endpoint, fault in faults.snapshot().items():
        print(f"  fault {endpoint}: {fault['kind']} latency={fault['latency']}s count={fault['count']}",
              flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    server.start()
    stop_on_signals()
    try:
        threading.Event().wait()  # until Ctrl-C (SIGINT → KeyboardInterrupt on the main thread)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("Simulator stopped.", file=sys.stderr)
    return ExitCode.OK
