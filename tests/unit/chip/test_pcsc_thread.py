"""Thread affinity of card traffic: one PC/SC worker thread, and a guard that refuses every other thread."""

from __future__ import annotations

import threading

import pytest

from readers.pcsc.affinity import PcscThread, PcscThreadError, on_pcsc_thread, runs_in_pcsc_thread


@runs_in_pcsc_thread
def _talk_to_card() -> str:
    return threading.current_thread().name


def _on_plain_thread(fn):
    box = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as e:  # handed back to the test
            box["error"] = e
    t = threading.Thread(target=run, name="not-pcsc")
    t.start()
    t.join(10)
    return box


def test_a_guarded_call_off_the_worker_raises():
    with pytest.raises(PcscThreadError, match="must run on the PC/SC worker thread, not on 'MainThread'"):
        _talk_to_card()
    assert isinstance(_on_plain_thread(_talk_to_card)["error"], PcscThreadError)


def test_on_the_worker_it_runs_and_nested_calls_do_not_deadlock():
    with PcscThread() as worker:
        assert worker.call(_talk_to_card).startswith("pcsc")
        assert worker.call(lambda: worker.call(_talk_to_card)).startswith("pcsc")
        assert worker.call(on_pcsc_thread) and not on_pcsc_thread()


def test_jobs_run_one_after_another_on_one_thread():
    seen, order = set(), []
    with PcscThread() as worker:
        futures = [worker.submit(lambda i=i: (seen.add(threading.get_ident()), order.append(i))) for i in range(20)]
        for f in futures:
            f.result(timeout=10)
    assert len(seen) == 1 and order == list(range(20))


def test_the_real_transport_refuses_to_connect_off_the_worker():
    from readers.pcsc.system import PcscTransport, connect
    # Refused before any PC/SC call: with or without pcscd, the error is the thread, never the reader.
    with pytest.raises(PcscThreadError, match="PcscTransport"):
        PcscTransport("Virtual PCD 00 00", 1.0)
    with pytest.raises(PcscThreadError, match="connect"):
        connect("Virtual PCD 00 00", 1.0)
    assert isinstance(_on_plain_thread(lambda: connect("", 1.0))["error"], PcscThreadError)


def test_an_open_transport_refuses_apdus_and_release_off_the_worker():
    from readers.pcsc.system import PcscTransport
    transport = PcscTransport.__new__(PcscTransport)     # no hardware: only the guards are under test
    with pytest.raises(PcscThreadError, match="_transmit_raw"):
        transport._transmit_raw(bytes.fromhex("00A4040C07A0000002471001"))
    with pytest.raises(PcscThreadError, match="close"):
        transport.close()


def test_the_chip_service_reads_only_on_its_worker():
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import ReaderSettings
    connected = []
    chip = ChipCheckIn(ReaderSettings(), connect=lambda *a: connected.append(a), trust=None)
    with chip, pytest.raises(PcscThreadError):
        chip._read_here([], None, False)    # what a UI slot calling the card directly would do
    assert connected == []



def test_a_blocking_chip_read_from_the_worker_itself_does_not_deadlock():
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import ReaderSettings
    from readers.pcsc.errors import NoCard

    def connect(reader, timeout):
        raise NoCard("There is no card on the reader.")

    def read_again():       # a job already on the PC/SC worker that reads the card (blocking)
        with pytest.raises(NoCard):
            chip.read([])
        return "returned"
    with ChipCheckIn(ReaderSettings(), connect=connect, trust=None) as chip:
        assert chip._pcsc.submit(read_again).result(timeout=10) == "returned"
