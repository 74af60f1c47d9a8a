"""Chip reading on the virtual reader: time, APDU count, client CPU per protected APDU.

The virtual card runs in a child process (``kiosk virtual-card``) so this
process's CPU time is the client's alone. Runs:
(a) BAC + DG1 + DG13 + EF.SOD + passive authentication,
(b) the same plus the 15-20 KB DG2 face image,
and, as a peer in this process, (b) against the in-process card (no pcscd)
to show what the PC/SC stack costs. Without pcscd only the peer runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.stats import percentile, summary_ms
from benchmarks.virtual_reader import READER, reader_available, served_card

RUNS = 15


class _TimedSm:
    """Delegates to the real SM session, adding up the client's CPU time in wrap/unwrap."""

    def __init__(self, sm):
        self.sm, self.cpu, self.count = sm, 0.0, 0

    def wrap(self, command):
        t = time.thread_time()
        out = self.sm.wrap(command)
        self.cpu += time.thread_time() - t
        self.count += 1
        return out

    def unwrap(self, response):
        t = time.thread_time()
        out = self.sm.unwrap(response)
        self.cpu += time.thread_time() - t
        return out


class _TimedBac:
    """BAC, then the session's SM wrapped in :class:`_TimedSm` (an access protocol like any other)."""

    name = "BAC"

    def __init__(self):
        from readers.chip.access import BacAccess
        self.bac, self.timed = BacAccess(), None

    def key_of(self, key):
        return self.bac.key_of(key)

    def establish(self, channel, key):
        sm = self.bac.establish(channel, key)
        self.timed = _TimedSm(sm)
        channel.sm = self.timed
        return sm


def _read_once(transport, keys, trust, photo):
    from readers.chip.service import ChipReader
    access = _TimedBac()
    reader = ChipReader(transport, trust=trust, protocols=[access])
    started_cpu, started = time.process_time(), time.perf_counter()
    doc = reader.read(keys, photo=photo)
    wall = time.perf_counter() - started
    return doc, wall, time.process_time() - started_cpu, access.timed, doc.apdu_count, reader


def _minimum_apdus(doc, block):
    sizes = [len(d) for d in doc.raw.values()] + [len(doc.sod)]
    com_size = 26  # EF.COM of the virtual card
    return 3 + sum(1 + -(-s // block) for s in sizes + [com_size])


def _report(name, results):
    walls = [r[1] for r in results]
    cpus = [r[2] for r in results]
    sm_cpu = [r[3].cpu / max(r[3].count, 1) for r in results]
    apdus = results[0][4]
    doc, reader = results[0][0], results[0][5]
    minimum = _minimum_apdus(doc, reader.files.block_size)
    print(f"{name}: {summary_ms(walls)}; APDUs {apdus} (minimum {minimum} at block "
          f"{reader.files.block_size}: ratio {apdus / minimum:.2f}); auth {doc.auth.level.label}")
    print(f"   client CPU per read: median {statistics.median(cpus) * 1000:.2f} ms; "
          f"per protected APDU (whole client) {statistics.median(cpus) / apdus * 1000:.3f} ms; "
          f"SM wrap+unwrap only {statistics.median(sm_cpu) * 1000:.3f} ms (p95 {percentile(sm_cpu, 95) * 1000:.3f})")
    return statistics.median(walls)


def _peer_in_process(keys):
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    with tempfile.TemporaryDirectory() as tmp:
        pki = load_or_create(tmp)
        profile = card_profile(by_key("valid"))
        files = build_files(profile, pki)
        from readers.chip.trust import TrustStore
        trust = TrustStore.from_path(pki.csca_path)
        results = [_read_once(AppletTransport(make_applet(profile, files)), keys, trust, True)
                   for _ in range(RUNS)]
        median = _report("(peer) (b) in-process card, no pcscd (CPU includes the card)", results)
        # a card that refuses 256-byte reads (6700): the step-down costs one APDU
        stepped = [_read_once(AppletTransport(make_applet(profile, files, max_read=0xDF)), keys, trust, True)
                   for _ in range(3)]
        _report("(peer) (b) in-process, card limited to 0xDF", stepped)
    return median


def main() -> None:
    """Print the chip reading figures."""
    from devkit.simulator.citizens import by_key
    from readers.chip.keys import keys_from_qr
    from readers.chip.trust import TrustStore
    from readers.pcsc.affinity import PcscThread
    from readers.pcsc.system import connect
    keys = keys_from_qr(by_key("valid").qr_text())[:1]
    if not reader_available():
        print("pcscd with the vpcd virtual reader is not running: in-process figures only")
        _peer_in_process(keys)
        return
    with served_card("valid") as pki_dir:
        if pki_dir is None:
            print("the virtual card did not appear; skipping the PC/SC figures")
            return
        trust = TrustStore.from_path(Path(pki_dir) / "csca")
        out = {}
        for label, photo in (("(a) BAC+DG1+DG13+SOD+PA via pcscd", False),
                             ("(b) (a)+DG2 via pcscd", True)):
            results = []
            def one_read(photo=photo):   # on the PC/SC worker thread, as the kiosk reads
                with connect(READER, 5.0) as transport:
                    return _read_once(transport, keys, trust, photo)
            with PcscThread() as worker:
                for _ in range(RUNS):
                    results.append(worker.call(one_read))
            out[label] = _report(label, results)
    peer = _peer_in_process(keys)
    a, b = out["(a) BAC+DG1+DG13+SOD+PA via pcscd"], out["(b) (a)+DG2 via pcscd"]
    print(f"ratios: (b)/(a) {b / a:.2f}; (b) pcscd / in-process {b / peer:.2f}")


if __name__ == "__main__":
    main()
