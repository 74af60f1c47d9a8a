"""``kiosk virtual-card`` (dev kit): a synthetic citizen's chip card in the vpcd virtual reader."""

from __future__ import annotations

import signal
import sys
import threading
import time

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.errors import InputError


def register(sub) -> None:
    """Add the ``virtual-card`` command."""
    p = sub.add_parser("virtual-card", help="plug a synthetic citizen's card into the vpcd virtual reader")
    p.add_argument("--citizen", default="valid", help="citizen key (devkit/simulator/citizens.py)")
    p.add_argument("--slot", type=int, default=0, choices=(0, 1))
    p.add_argument("--fault", action="append", default=[], metavar="NAME",
                   help="misbehave: wrong-mac, truncated, remove-mid-read, slow, mute, tamper-dg13")
    p.add_argument("--delay", type=float, default=0.5, help="seconds per answer with --fault slow")
    p.add_argument("--nesting", choices=("flat", "nested"), default="flat", help="DG13 field 13 layout")
    p.add_argument("--pki-dir", metavar="DIR", help="test PKI cache (default: ~/.cache/vn-checkin-kiosk/virtual-card)")
    p.add_argument("--seconds", type=float, help="remove the card after this long (default: until Ctrl-C)")
    p.add_argument("--bac-only", action="store_true", help="a chip without PACE (no EF.CardAccess)")
    p.set_defaults(run=run_virtual_card)


def run_virtual_card(args, config: Config) -> int:
    """Serve a synthetic citizen's card in the vpcd virtual reader until Ctrl-C."""
    from devkit.simulator.cards import virtual_card
    from devkit.simulator.citizens import CITIZENS, by_key
    from devkit.virtual_card.faults import Faults
    from devkit.virtual_card.pki import load_or_create
    try:
        citizen = by_key(args.citizen)
    except KeyError:
        raise InputError(f"No citizen {args.citizen!r} (known: {', '.join(c.key for c in CITIZENS)}).") from None
    try:
        faults = Faults.parse(args.fault, delay=args.delay)
    except ValueError as e:
        raise InputError(str(e)) from None
    pki = load_or_create(args.pki_dir)
    card = virtual_card(citizen, slot=args.slot, faults=faults, pki_dir=args.pki_dir,
                        parents_nesting=args.nesting, bac_only=args.bac_only)
    card.insert(timeout=5)

    def stop_on_sigterm(_signum, _frame):  # `kill` / terminate(): pull the card out cleanly
        raise KeyboardInterrupt
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop_on_sigterm)
    print(f"virtual card of {args.citizen!r} in {card.reader_name}"
          + (" (BAC only)" if args.bac_only else " (PACE-CAN and BAC)")
          + (f" with faults {', '.join(args.fault)}" if args.fault else ""), flush=True)
    print(f"  QR text: {citizen.qr_text()}")
    print(f"  CSCA for chain verification: --csca {pki.csca_path}", flush=True)
    try:
        end = time.monotonic() + args.seconds if args.seconds else None
        while end is None or time.monotonic() < end:
            time.sleep(0.2)
            if not card.inserted:  # a fault pulled the card out
                print("card removed (fault)", file=sys.stderr)
                break
    except KeyboardInterrupt:
        pass
    finally:
        card.remove()
    return ExitCode.OK
