"""End-to-end: the virtual card in pcscd's virtual reader, read through pyscard."""

from __future__ import annotations

import queue
import time

import pytest

from devkit.virtual_card.faults import Faults
from readers.chip.errors import AccessDenied, DataAltered, SecureMessagingError
from readers.chip.keys import key_from_dates, keys_from_qr
from readers.chip.pa import AuthLevel
from readers.chip.service import ChipReader
from readers.chip.trust import TrustStore
from readers.pcsc import monitor
from readers.pcsc.affinity import PcscThread
from readers.pcsc.errors import CardRemoved, ReaderTimeout
from readers.pcsc.system import connect, list_readers

pytestmark = pytest.mark.hardware
READER = "Virtual PCD 00 00"


def on_pcsc(fn, *args):
    """Run ``fn`` on a PC/SC worker thread: the transport refuses card traffic from any other."""
    with PcscThread() as worker:
        return worker.call(fn, *args)


def _read(keys, trust=None, timeout=3.0, photo=True):
    def work():
        with connect(READER, timeout) as transport:
            return ChipReader(transport, trust=trust).read(keys, photo=photo)
    return on_pcsc(work)


def test_reads_the_card_with_chain_verified(plug_card, valid_card, test_pki):
    citizen, profile, _files = valid_card
    plug_card()
    doc = _read(keys_from_qr(citizen.qr_text()), TrustStore.from_path(test_pki.csca_path))
    assert doc.mrz.kind == "TD1" and doc.mrz.checks_ok
    assert doc.mrz.id_number == citizen.id_number
    assert doc.mrz.birth == citizen.birth.strftime("%y%m%d")
    assert doc.dg13.full_name == citizen.full_name == "Trần Văn Bình"
    assert doc.dg13.residence == citizen.address
    assert (doc.dg13.father, doc.dg13.mother) == (citizen.father, citizen.mother)
    assert doc.face.data == profile.face_jpeg and doc.face.mime == "image/jpeg"
    assert doc.auth.level == AuthLevel.CHAIN_VERIFIED
    assert doc.has_dg14 and doc.has_dg15
    assert "40th birthday" in doc.opened_with
    assert doc.apdu_count > 70  # DG2 alone needs 73 reads at 256 bytes


def test_list_readers_sees_the_card(plug_card):
    plug_card()
    info = {r.name: r for r in list_readers()}[READER]
    assert info.card_present and info.atr


def test_tampered_dg13_is_reported_loudly(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(Faults(tamper_dg13=True))
    with pytest.raises(DataAltered, match="DG13"):
        _read(keys_from_qr(citizen.qr_text()), photo=False)


def test_wrong_key_is_refused_then_the_right_one_opens_at_once(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(bac_only=True)  # with PACE the (right) CAN would open it whatever the dates
    wrong = key_from_dates(citizen.id_number, citizen.birth, citizen.birth.replace(year=2031))
    with pytest.raises(AccessDenied, match="check the number and dates"):
        _read([wrong])
    doc = _read(keys_from_qr(citizen.qr_text()), photo=False)
    assert doc.dg13.id_number == citizen.id_number


def test_card_removed_mid_read(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(Faults(remove_after_reads=6))
    with pytest.raises(CardRemoved):
        _read(keys_from_qr(citizen.qr_text()))


def test_wrong_mac_is_detected(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(Faults(wrong_mac=True))
    with pytest.raises(SecureMessagingError, match="MAC"):
        _read(keys_from_qr(citizen.qr_text()))


def test_a_mute_card_is_bounded_by_the_command_timeout(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(Faults(mute_after=3))
    started = time.monotonic()
    with pytest.raises(ReaderTimeout):
        _read(keys_from_qr(citizen.qr_text()), timeout=0.5)
    assert time.monotonic() - started < 5


def test_watcher_reports_insert_and_remove(plug_card):
    events: queue.Queue[monitor.CardEvent] = queue.Queue()
    watcher = monitor.CardWatcher.to_queue(events, poll_ms=100).start()
    try:
        card = plug_card()
        seen = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                e = events.get(timeout=0.2)
            except queue.Empty:
                continue
            if e.reader == READER:
                seen.append(e.kind)
            if monitor.CARD_INSERTED in seen and not card.inserted:
                if monitor.CARD_REMOVED in seen[seen.index(monitor.CARD_INSERTED):]:
                    break
            elif monitor.CARD_INSERTED in seen and card.inserted:
                card.remove()
        assert monitor.CARD_INSERTED in seen
        assert monitor.CARD_REMOVED in seen[seen.index(monitor.CARD_INSERTED):]
    finally:
        watcher.stop()


def test_cli_read_card_json(plug_card, valid_card, test_pki, capsys, tmp_path):
    import json

    from kiosk.cli import main
    from kiosk.cli.exit_codes import ExitCode
    citizen, profile, _ = valid_card
    plug_card()
    photo = tmp_path / "face.jpg"
    photo.write_bytes(b"old")
    photo.chmod(0o644)                       # an existing world-readable file is narrowed too
    qr_file = tmp_path / "qr.txt"
    qr_file.write_text(citizen.qr_text(), encoding="utf-8")
    code = main(["read-card", "--reader", READER, "--qr", f"@{qr_file}", "--photo", str(photo),
                 "--csca", str(test_pki.csca_path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    assert out["authentication"] == "chain verified"
    assert out["holder"]["full_name"] == citizen.full_name
    assert photo.read_bytes() == profile.face_jpeg
    assert photo.stat().st_mode & 0o777 == 0o600     # the face is personal data
    assert out["apdu_count"] > 0 and "total" in out["timings_ms"]


def test_cli_maps_reader_errors_to_the_reader_exit_code(plug_card, valid_card, capsys):
    from kiosk.cli import main
    from kiosk.cli.exit_codes import ExitCode
    citizen, *_ = valid_card
    plug_card(bac_only=True)
    code = main(["read-card", "--reader", READER, "--id-number", citizen.id_number,
                 "--birth", "14/03/1988", "--expiry", "14/03/2031"])
    assert code == ExitCode.READER
    assert "check the number and dates" in capsys.readouterr().err


def test_a_slow_card_still_reads_within_its_bounds(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(Faults(delay=0.03))
    doc = _read(keys_from_qr(citizen.qr_text()), timeout=1.0, photo=False)
    assert doc.dg13.full_name == citizen.full_name
    assert doc.timings["total"] >= 0.03 * doc.apdu_count


def test_no_card_and_no_matching_reader(pcsc_stack):
    from readers.pcsc.errors import NoCard, NoReader
    with pytest.raises(NoCard, match="no card on the reader"):
        on_pcsc(connect, "Virtual PCD 00 01", 1.0)
    with pytest.raises(NoReader, match="No card reader matches"):
        on_pcsc(connect, "No Such Reader", 1.0)


def test_cli_readers_json(plug_card, capsys):
    import json

    from kiosk.cli import main
    plug_card()
    assert main(["readers", "--json"]) == 0
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed[READER]["card_present"] and listed[READER]["atr"]


def test_cli_virtual_card_serves_another_citizen(pcsc_stack, tmp_path):
    import subprocess
    import sys

    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.vpcd import VirtualCard
    from kiosk.chip.service import ChipCheckIn
    from kiosk.config import ReaderSettings
    citizen = by_key("valid-female")
    child = subprocess.Popen([sys.executable, "-m", "kiosk", "virtual-card", "--citizen", citizen.key,
                              "--nesting", "nested", "--pki-dir", str(tmp_path), "--seconds", "20"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "virtual card of" in child.stdout.readline()
        VirtualCard(None).wait_until_seen(True, timeout=10)
        with ChipCheckIn(ReaderSettings(name=READER), trust=TrustStore.from_path(tmp_path / "csca")) as chip:
            read = chip.read(keys_from_qr(citizen.qr_text()), photo=False)
        doc, reader = read.document, read.reader
        assert reader == READER and doc.auth.level == AuthLevel.CHAIN_VERIFIED
        assert (doc.dg13.full_name, doc.dg13.sex) == (citizen.full_name, "Nữ")
        assert (doc.dg13.father, doc.dg13.mother) == (citizen.father, citizen.mother)
    finally:
        child.terminate()
        code = child.wait(10)
    assert code == 0  # SIGTERM pulls the card out cleanly (no traceback, slot lock released)


def test_a_session_holds_the_card_exclusively(plug_card, valid_card):
    from readers.pcsc.errors import CardReaderError
    citizen, *_ = valid_card
    plug_card()

    def second_connection_while_open() -> float:
        with connect(READER, 3.0) as first:
            ChipReader(first).open(keys_from_qr(citizen.qr_text()))
            started = time.monotonic()
            with pytest.raises(CardReaderError, match="in use by another program"):
                connect(READER, 0.5)
            return time.monotonic() - started
    assert on_pcsc(second_connection_while_open) < 2
    assert _read(keys_from_qr(citizen.qr_text()), photo=False).mrz.checks_ok  # free again
