"""Serial (USB-CDC) scanners: real pyserial on a loopback port and on a pty pair."""

import os
import queue
import sys
import threading

import pytest
import serial

from devkit.simulator.citizens import by_key
from readers.qr.scanner import ScannerState, SerialScanner

CARD = by_key("valid").qr_text()


class Recorder:
    """Collects scans and states from the scanner thread."""

    def __init__(self):
        self.scans = queue.Queue()
        self.states = []
        self.state_changed = threading.Condition()

    def on_scan(self, scan):
        self.scans.put(scan)

    def on_state(self, state, detail):
        with self.state_changed:
            self.states.append(state)
            self.state_changed.notify_all()

    def wait_state(self, state, timeout=3.0):
        with self.state_changed:
            assert self.state_changed.wait_for(lambda: state in self.states, timeout), self.states
        self.states.clear()


@pytest.fixture
def loop_port():
    port = serial.serial_for_url("loop://", timeout=0.05)
    yield port
    port.close()


def _scanner(rec, port, **kw):
    return SerialScanner(port, on_scan=rec.on_scan, on_state=rec.on_state,
                         backoff_initial_s=0.02, backoff_max_s=0.1, **kw)


def test_lines_arrive_intact_as_utf8(loop_port):
    rec = Recorder()
    sc = _scanner(rec, lambda: loop_port)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        loop_port.write(CARD.encode() + b"\r\n" + by_key("valid").bhyt_qr_text().encode() + b"\r")
        first, second = rec.scans.get(timeout=2), rec.scans.get(timeout=2)
        assert first.text == CARD and first.problem is None and first.via == "serial"
        assert second.text.startswith("DN4790100000001|")
    finally:
        sc.stop()
    assert sc.state == ScannerState.STOPPED


def test_a_scanner_without_a_line_suffix_is_flushed_after_a_pause(loop_port):
    rec = Recorder()
    sc = _scanner(rec, lambda: loop_port, idle_flush_s=0.1)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        loop_port.write(CARD.encode())
        assert rec.scans.get(timeout=2).text == CARD
    finally:
        sc.stop()


def test_bytes_that_are_not_utf8_are_flagged(loop_port):
    rec = Recorder()
    sc = _scanner(rec, lambda: loop_port)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        loop_port.write(CARD.encode("cp1258", errors="replace") + b"\n")
        scan = rec.scans.get(timeout=2)
        assert scan.problem and "UTF-8" in scan.problem
    finally:
        sc.stop()


def test_a_line_too_long_is_discarded_not_buffered_forever(loop_port):
    rec = Recorder()
    sc = _scanner(rec, lambda: loop_port, max_line=512, idle_flush_s=5.0)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        loop_port.write(b"7" * 3000)
        loop_port.write(b"\n" + CARD.encode() + b"\n")
        assert rec.scans.get(timeout=2).text == CARD
    finally:
        sc.stop()


def test_a_pulled_cable_is_reported_and_the_scanner_comes_back():
    rec = Recorder()
    plugged = threading.Event()
    plugged.set()
    ports = []

    def open_port():
        if not plugged.is_set():
            raise serial.SerialException("could not open port: no such device")
        ports.append(serial.serial_for_url("loop://", timeout=0.05))
        return ports[-1]

    sc = _scanner(rec, open_port)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        plugged.clear()
        ports[-1].close()  # the device vanishes under the reader
        rec.wait_state(ScannerState.LOST)
        rec.wait_state(ScannerState.RECONNECTING)
        plugged.set()
        rec.wait_state(ScannerState.READY)
        ports[-1].write(CARD.encode() + b"\n")
        assert rec.scans.get(timeout=2).text == CARD
    finally:
        sc.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty pairs need a POSIX system")
def test_a_real_tty_device_path():
    master, slave = os.openpty()
    rec = Recorder()
    sc = _scanner(rec, os.ttyname(slave), baudrate=115200)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        os.write(master, CARD.encode() + b"\r\n")
        assert rec.scans.get(timeout=2).text == CARD
        os.close(master)
        master = None
        rec.wait_state(ScannerState.LOST)
    finally:
        sc.stop()
        os.close(slave)
        if master is not None:
            os.close(master)


def test_a_port_that_does_not_exist_is_lost_then_retried():
    rec = Recorder()
    sc = _scanner(rec, "/dev/nonexistent-scanner-port")
    sc.start()
    try:
        rec.wait_state(ScannerState.LOST)
        rec.wait_state(ScannerState.RECONNECTING)
    finally:
        sc.stop()


def test_the_long_15_field_insurance_qr_ending_in_dollar_arrives_whole(loop_port):
    from devkit.simulator.insurance_qr import vssid_qr_text
    from readers.qr.parse import parse_card_qr
    text = vssid_qr_text(by_key("valid"))
    assert text.endswith("|$") and len(text.split("|")) == 15
    rec = Recorder()
    sc = _scanner(rec, lambda: loop_port)
    sc.start()
    try:
        rec.wait_state(ScannerState.READY)
        loop_port.write(b"]Q1" + text.encode() + b"\r\n")     # with the AIM prefix and CR LF
        loop_port.write(text.encode())                        # a scanner set up without a suffix
        first, second = rec.scans.get(timeout=2), rec.scans.get(timeout=2)
    finally:
        sc.stop()
    for scan in (first, second):
        assert scan.text == text and scan.problem is None and scan.via == "serial"
        card = parse_card_qr(scan.text)
        assert (card.card_number, card.full_name, card.birth_text) == (
            "DN4790100000001", "Trần Văn Bình", "14/03/1988")
