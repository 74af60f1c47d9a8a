"""PACE-CAN figures: establishment time and CPU, and (with pcscd + vpcd) full reads vs BAC.

Part 1 runs in process: the terminal against the real chip-side engine, so
the figures are the cryptography alone (the card's share is measured by the
transport and reported apart). Part 2 needs the virtual card on the real
PC/SC stack and is skipped with a note when it is not there.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.stats import percentile, summary_ms
from benchmarks.virtual_reader import READER, reader_available, served_card
from devkit.virtual_card.pace_chip import PaceChip
from readers.chip.commands import CardChannel
from readers.chip.pace import VIETNAM_DEFAULT, PacePassword, PaceTerminal
from readers.pcsc.apdu import CommandAPDU
from readers.pcsc.transport import CardTransport

ROUNDS = 30
ROUNDS_PCSC = 10


class _InProcessCard(CardTransport):
    """The chip-side engine behind the real transport accounting (card_seconds)."""

    def __init__(self, can: str):
        super().__init__()
        self.chip = PaceChip(PacePassword.from_can(can), VIETNAM_DEFAULT)

    def _transmit_raw(self, apdu: bytes) -> bytes:
        return self.chip.handle(CommandAPDU.from_bytes(apdu)).to_bytes()


def _in_process() -> None:
    wall, cpu, terminal_only = [], [], []
    password = PacePassword.from_id_number("001093047064")
    for _ in range(ROUNDS):
        card = _InProcessCard("047064")
        w0, c0 = time.perf_counter(), time.process_time()
        PaceTerminal(password, VIETNAM_DEFAULT).establish(CardChannel(card))
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
        terminal_only.append(wall[-1] - card.card_seconds)
    print(f"PACE establishment, both sides in process: {summary_ms(wall)}")
    print(f"  CPU (both sides):                       {summary_ms(cpu)}")
    print(f"  terminal share (wall minus card):       {summary_ms(terminal_only)}")
    print(f"  terminal share of the total:            "
          f"{statistics.median(terminal_only) / statistics.median(wall):.0%}"
          f" (p95 total {percentile([w * 1000 for w in wall], 95):.1f} ms)")


def _timed(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def _on_virtual_reader() -> None:
    """PACE vs BAC on the same vpcd card, on a PC/SC worker thread as the kiosk reads."""
    from readers.pcsc.affinity import PcscThread
    with PcscThread() as worker:
        worker.call(_on_virtual_reader_here)


def _on_virtual_reader_here() -> None:
    """PACE vs BAC on the same vpcd card (served by a child process, so CPU here is the client's)."""
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.pki import load_or_create
    from readers.chip.access import BacAccess
    from readers.chip.keys import key_from_id_number, keys_from_qr
    from readers.chip.pace.access import PaceAccess
    from readers.chip.service import ChipReader
    from readers.chip.trust import TrustStore
    from readers.pcsc.system import connect

    if not reader_available():
        print("pcscd with the vpcd virtual reader is not running: no PC/SC figures")
        return
    citizen = by_key("valid")
    runs = {"PACE": (PaceAccess, [key_from_id_number(citizen.id_number)]),
            "BAC": (BacAccess, keys_from_qr(citizen.qr_text())[:1])}
    figures: dict[str, dict[str, list]] = {}
    with served_card("valid") as pki_dir:
        if pki_dir is None:
            print("the virtual card did not appear; no PC/SC figures")
            return
        trust = TrustStore.from_path(load_or_create(pki_dir).csca_path)  # the child's PKI
        for _ in range(ROUNDS_PCSC):  # interleaved, so both protocols see the same machine load
            for name, (protocol, keys) in runs.items():
                f = figures.setdefault(name, {"open": [], "open_cpu": [], "read": [], "read_cpu": [],
                                              "apdus": []})
                with connect(READER, 5.0) as transport:
                    reader = ChipReader(transport, trust=trust, protocols=[protocol()])
                    wall, cpu = _timed(lambda reader=reader, keys=keys: reader.open(keys))
                    f["open"].append(wall)
                    f["open_cpu"].append(cpu)
                with connect(READER, 5.0) as transport:
                    reader = ChipReader(transport, trust=trust, protocols=[protocol()])
                    box = {}
                    wall, cpu = _timed(lambda box=box, reader=reader, keys=keys:
                                       box.setdefault("doc", reader.read(keys, photo=True)))
                    assert box["doc"].protocol == name
                    f["read"].append(wall)
                    f["read_cpu"].append(cpu)
                    f["apdus"].append(box["doc"].apdu_count)
    for name, f in figures.items():
        print(f"{name} via pcscd + vpcd, open (access + SELECT app): {summary_ms(f['open'])}; "
              f"client CPU median {statistics.median(f['open_cpu']) * 1000:.2f} ms")
        print(f"{name} full read DG1+DG2+DG13+SOD+PA: {summary_ms(f['read'])}; "
              f"client CPU median {statistics.median(f['read_cpu']) * 1000:.2f} ms; APDUs {f['apdus'][0]}")
    p, b = figures["PACE"], figures["BAC"]
    print(f"ratios PACE/BAC: open {statistics.median(p['open']) / statistics.median(b['open']):.2f}, "
          f"open CPU {statistics.median(p['open_cpu']) / statistics.median(b['open_cpu']):.2f}, "
          f"full read {statistics.median(p['read']) / statistics.median(b['read']):.2f}, "
          f"full-read CPU {statistics.median(p['read_cpu']) / statistics.median(b['read_cpu']):.2f}")


def main() -> None:
    """Print the PACE figures."""
    _in_process()
    _on_virtual_reader()


if __name__ == "__main__":
    main()
