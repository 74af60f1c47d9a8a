"""What the core's chip service costs around a read, on the in-process card (no pcscd).

Three ways to read the same card (PACE with the CAN, DG1 + DG2 + DG13 + EF.SOD
+ passive authentication up to chain verified), interleaved so machine load
hits all alike:

- the service: ``ChipCheckIn.read`` (a hop to its PC/SC worker thread and
  back; the CSCA store loaded once, on the worker);
- the old kiosk path: the read on the caller's thread, loading the CSCA store
  for every read as the UI's chip session used to;
- the peer: the bare ``ChipReader.read`` on the caller's thread with the store
  already loaded (the floor).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import closing

from benchmarks.stats import summary_ms

RUNS = 40
WARMUP = 3


def main() -> None:
    """Print medians, p95 and the ratios to the peer."""
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.keys import keys_for_id_number
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import ReaderSettings
    from readers.chip.service import ChipReader
    from readers.chip.trust import TrustStore

    citizen = by_key("valid")
    keys = keys_for_id_number(citizen.id_number)
    with tempfile.TemporaryDirectory() as tmp:
        pki = load_or_create(tmp)
        profile = card_profile(citizen)
        files = build_files(profile, pki)

        def card():
            return AppletTransport(make_applet(profile, files))
        trust = TrustStore.from_path(pki.csca_path)
        times: dict[str, list[float]] = {"service": [], "old": [], "peer": []}
        with ChipCheckIn(ReaderSettings(name="in-process", csca_dir=str(pki.csca_path)),
                         connect=lambda reader, timeout: closing(card())) as chip:
            runs = {"service": lambda: chip.read(keys),
                    "old": lambda: ChipReader(card(), trust=TrustStore.from_path(pki.csca_path)).read(keys, photo=True),
                    "peer": lambda: ChipReader(card(), trust=trust).read(keys, photo=True)}
            order = list(runs)
            for i in range(WARMUP + RUNS):
                order = order[1:] + order[:1]     # each goes first in turn: no order effect
                for name in order:
                    t0 = time.perf_counter()
                    runs[name]()
                    if i >= WARMUP:
                        times[name].append(time.perf_counter() - t0)
            assert chip.read(keys).authentication == "chain verified"
    peer = statistics.median(times["peer"])
    print(f"ChipCheckIn.read (worker thread, CSCA loaded once): {summary_ms(times['service'])}; "
          f"ratio to peer {statistics.median(times['service']) / peer:.2f}")
    print(f"old kiosk path (caller's thread, CSCA loaded per read): {summary_ms(times['old'])}; "
          f"ratio to peer {statistics.median(times['old']) / peer:.2f}")
    print(f"(peer) ChipReader.read, caller's thread, CSCA loaded: {summary_ms(times['peer'])}")


if __name__ == "__main__":
    main()
