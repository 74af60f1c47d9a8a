"""A complete chip check-in's software time: the card on the vpcd virtual reader → ticket.

What ``kiosk checkin --chip --id-number N`` does, warm and in-process: connect
through pcscd, open the card with PACE (CAN = the ID's last 6 digits), read
EF.COM, DG1, DG13, EF.SOD, passive authentication up to "chain verified",
build the chip identity, ask the local simulator's gateway, fetch the
department menu, register, get the ticket. The card runs in a child process
(``kiosk virtual-card``); the simulator runs in this process. The hospital's
day is cleared between runs (outside the timing) and the gateway cache is
off, so every run really registers and really asks the gateway. Peer in the
same process: the QR path (QR text → ticket) for the same citizen, with the
same clients. Without pcscd only the peer runs.
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.stats import summary_ms
from benchmarks.virtual_reader import READER, reader_available, served_card

RUNS = 30
WARMUP = 3
CITIZEN = "valid-female"


def _services(server):
    from devkit.kiosk_config import dev_kit_config
    from devkit.simulator.app import hospital_url
    from kiosk.gateway import GatewayClient, NoEligibilityCache
    from kiosk.services import KioskServices
    cfg = dev_kit_config()
    cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url),
                              hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server)),
                              kiosk=dataclasses.replace(cfg.kiosk,
                                                        data_dir=tempfile.mkdtemp(prefix="bench-chip-checkin-")))
    return KioskServices.open(cfg, gateway=GatewayClient(cfg.gateway, cfg.facility, cache=NoEligibilityCache()))


def _runs(server, services, chip, citizen) -> tuple[list[float], list[float], list[float], list[float]]:
    """(whole, chip read, check-in after the read, QR peer) durations of each measured run.

    Chip and QR runs alternate, so a busy machine slows both alike."""
    from kiosk.chip.keys import keys_for_id_number
    from kiosk.cli.checkin_cmd import perform_checkin
    from readers.chip.pa import AuthLevel
    id_number = citizen.id_number
    whole, reads, checkins, qr = [], [], [], []
    for i in range(WARMUP + RUNS):
        qr += _qr_runs(server, services, citizen.qr_text(), runs=1, warmup=0)
        server.hospital_state.clear()
        t0 = time.perf_counter()
        read = chip.read(keys_for_id_number(id_number), photo=False)   # the service `checkin --chip` uses
        doc, identity = read.document, read.identity
        t1 = time.perf_counter()
        report = perform_checkin(services.new_checkin(), identity, "KNOI")
        t2 = time.perf_counter()
        assert doc.protocol == "PACE" and doc.auth.level == AuthLevel.CHAIN_VERIFIED
        assert report.ticket is not None and not report.ticket.existing
        if i >= WARMUP:
            whole.append(t2 - t0)
            reads.append(t1 - t0)
            checkins.append(t2 - t1)
        else:
            qr.pop()
    return whole, reads, checkins, qr


def _qr_runs(server, services, qr_text: str, runs: int = RUNS, warmup: int = WARMUP) -> list[float]:
    from kiosk.checkin import identity_from_qr
    from kiosk.cli.checkin_cmd import perform_checkin
    times = []
    for i in range(warmup + runs):
        server.hospital_state.clear()
        t0 = time.perf_counter()
        report = perform_checkin(services.new_checkin(), identity_from_qr(qr_text), "KNOI")
        elapsed = time.perf_counter() - t0
        assert report.ticket is not None and not report.ticket.existing
        if i >= warmup:
            times.append(elapsed)
    return times


def main() -> None:
    """Print median and p95 of a complete chip check-in, its two halves, and the QR peer."""
    from devkit.simulator.app import build_simulator
    from devkit.simulator.citizens import by_key
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import ReaderSettings
    from readers.chip.trust import TrustStore
    citizen = by_key(CITIZEN)
    with build_simulator("127.0.0.1", 0) as server, _services(server) as services:
        if not reader_available():
            qr = _qr_runs(server, services, citizen.qr_text())
            print("pcscd with the vpcd virtual reader is not running: QR peer only")
            print(f"(peer) QR text → ticket: {summary_ms(qr)}")
            return
        with served_card(CITIZEN) as pki_dir:
            if pki_dir is None:
                qr = _qr_runs(server, services, citizen.qr_text())
                print("the virtual card did not appear; QR peer only")
                print(f"(peer) QR text → ticket: {summary_ms(qr)}")
                return
            trust = TrustStore.from_path(Path(pki_dir) / "csca")
            with ChipCheckIn(ReaderSettings(name=READER, command_timeout=5.0), trust=trust) as chip:
                whole, reads, checkins, qr = _runs(server, services, chip, citizen)
    print(f"chip check-in (PACE+DG1+DG13+SOD+PA via pcscd, gateway, menu, register, ticket): {summary_ms(whole)}")
    print(f"   of which the chip read + identity: {summary_ms(reads)}")
    print(f"   of which eligibility + menu + registration + ticket: {summary_ms(checkins)}")
    print(f"(peer) QR text → ticket, same citizen and clients: {summary_ms(qr)}")
    print(f"ratio chip / QR (medians): {statistics.median(whole) / statistics.median(qr):.1f}")


if __name__ == "__main__":
    main()
