"""The station on the lobby: rows that stay on their patient, only the actions that apply, one error line.

The lobby is the dev kit's simulated hospital system read through the real
``HospitalLobby`` client; kiosks' deliveries are posted to it over loopback
(tests/ui/lobby_sim.py); the gateway, hospital and printer are real too.
"""

from __future__ import annotations

import dataclasses
import time
import uuid

import pytest
from PySide6.QtCore import Qt

from devkit.simulator.server import Fault
from kiosk.lobby.client import HospitalLobby
from kiosk.lobby.model import RowState
from tests.ui.helpers import tap
from tests.ui.lobby_sim import heartbeat, kiosk_refers


@pytest.fixture
def printed(tmp_path):
    return tmp_path / "printer.bin"


def desk_config(config, printed, desk: str, staff: str):
    return dataclasses.replace(
        config, printer=dataclasses.replace(config.printer, kind="file", target=str(printed)),
        station=dataclasses.replace(config.station, staff_name=staff, desk_id=desk))


@pytest.fixture
def services(config, printed):
    from kiosk.services import KioskServices
    with KioskServices.open(desk_config(config, printed, "Q1", "Lễ Tân Một"), offline_queue=False) as s:
        yield s


@pytest.fixture
def other_desk(config):
    """Another desk's client of the same hospital system (claims there show here)."""
    lobby = HospitalLobby(config.hospital)
    yield lobby
    lobby.close()


@pytest.fixture
def station(qtbot, services):
    from ui.app import build_station
    window = build_station(services, feed_wait=2.0)   # services.lobby: the real client
    window.resize(1200, 700)
    window.show()
    yield window
    window.close()          # stops the feed and waits for background work
    window.deleteLater()
    qtbot.wait(20)


def register(services, key: str) -> str:
    """A kiosk check-in registered with the hospital system; its ticket number."""
    from devkit.simulator.citizens import by_key
    from kiosk.checkin import identity_from_qr
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    flow.check_eligibility()
    flow.load_departments()
    return flow.choose_department("KNOI").number


def shown(station) -> list[str]:
    return station.checkins.shown_ids()


def cell(station, row_id: str, column: int) -> str:
    tab = station.checkins
    return tab.model.cells(tab.model.rows[tab.model.row_by_id(row_id)])[column]


def offered(station) -> set[str]:
    return {a for a, b in station.checkins.buttons.items() if b.isVisible()}


def confirm(qtbot, station, action: str, row_id: str) -> None:
    station.checkins.select_id(row_id)
    qtbot.waitUntil(lambda: station.checkins.buttons[action].isVisible(), timeout=8000)
    tap(qtbot, station.checkins.buttons[action])
    tap(qtbot, station.checkins.yes)


def test_selection_follows_the_patient_when_a_referral_arrives_and_when_sorting(qtbot, config, station):
    a = kiosk_refers(config, "expired", "K01", number="K01-Q001")
    time.sleep(1.1)   # the lobby's clock has whole seconds: "b" is newer
    b = kiosk_refers(config, "not-found", "K02", "not-found", "050", number="K02-Q007")
    qtbot.waitUntil(lambda: set(shown(station)) == {a, b}, timeout=8000)
    assert station.checkins.select_id(b)
    row_number = shown(station).index(b)
    # a new referral arrives on another kiosk: it takes the top row; the highlight stays on "b"
    time.sleep(1.1)
    kiosk_refers(config, "valid", "K03", "name-birth-mismatch", "060")
    qtbot.waitUntil(lambda: len(shown(station)) == 3, timeout=8000)
    assert shown(station).index(b) != row_number          # the record moved ...
    assert station.checkins.selected_id() == b            # ... and the selection went with it
    station.checkins.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert station.checkins.selected_id() == b
    station.checkins.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert station.checkins.selected_id() == b
    # the action asks first, naming the patient and the ticket of THAT row
    tap(qtbot, station.checkins.buttons["claim"])
    assert cell(station, b, 4) in station.checkins.question.text()
    assert "K02-Q007" in station.checkins.question.text()


def test_reprint_prints_the_confirmed_row_even_if_another_arrives_meanwhile(qtbot, config, services, station,
                                                                            printed):
    first = register(services, "valid")
    qtbot.waitUntil(lambda: len(shown(station)) == 1, timeout=8000)
    tickets, real_print = [], station._print   # the real file printer; the ticket it got is noted on the way
    station._print = lambda ticket: (tickets.append(ticket.number), real_print(ticket))[1]
    station.checkins.select_id(shown(station)[0])
    tap(qtbot, station.checkins.buttons["reprint"])
    second = register(services, "elderly")
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=8000)
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: station.message.text().startswith("✔"), timeout=8000)
    assert first in station.message.text() and second != first
    assert tickets == [first] and printed.stat().st_size > 0


def test_only_actions_that_apply_are_offered(qtbot, config, services, station, other_desk):
    register(services, "valid")
    open_ = kiosk_refers(config, "expired", "K02")
    held = kiosk_refers(config, "not-found", "K03", "not-found", "050")
    other_desk.claim(other_desk.view().row(held), "Q9", "Lễ Tân Chín")
    qtbot.waitUntil(lambda: len(shown(station)) == 3 and "Q9" in cell(station, held, 5), timeout=8000)
    reg = next(i for i in shown(station) if i not in (open_, held))
    station.checkins.select_id(reg)
    assert offered(station) == {"reprint"}
    station.checkins.select_id(open_)
    assert offered(station) == {"claim"}
    station.checkins.select_id(held)    # held by another desk: nothing to do here
    assert offered(station) == set()
    assert "Lễ Tân Chín" in cell(station, held, 5)


def test_a_failed_recheck_row_is_resolved_as_service_patient_and_counts_agree(qtbot, config, station):
    visit = str(uuid.uuid4())
    rf = kiosk_refers(config, "expired", "K01", "recheck-failed", "010", registration_id=visit)
    qtbot.waitUntil(lambda: rf in shown(station), timeout=8000)
    assert station.checkins.summary.text().startswith("Cần xử lý: 1")
    confirm(qtbot, station, "claim", rf)
    qtbot.waitUntil(lambda: "service-patient" in offered(station), timeout=8000)
    assert "override" not in offered(station)        # the patient already has a ticket: no second visit
    assert station.checkins.summary.text().startswith("Cần xử lý: 1")   # claimed still needs staff
    confirm(qtbot, station, "service-patient", rf)
    qtbot.waitUntil(lambda: station.checkins.summary.text().startswith("Cần xử lý: 0"), timeout=8000)
    done = station.view.row(rf)
    assert done.state is RowState.RESOLVED and done.resolution == "service-patient"
    assert done.registration_id == visit
    heartbeat(config, "K01")
    station.read_kiosks()
    qtbot.waitUntil(lambda: "Cần xử lý: 0" in station.kiosks.summary.text(), timeout=8000)


def test_resolved_needs_a_reason_in_vietnamese(qtbot, config, station):
    h = kiosk_refers(config, None, "K02", "help", None)
    qtbot.waitUntil(lambda: h in shown(station), timeout=8000)
    confirm(qtbot, station, "claim", h)
    qtbot.waitUntil(lambda: "resolved" in offered(station), timeout=8000)
    assert "override" not in offered(station) and "recheck" not in offered(station)   # help: no identity
    tap(qtbot, station.checkins.buttons["resolved"])
    tap(qtbot, station.checkins.yes)
    assert station.message.text() == "✖ Cần nhập lý do ghi đè."
    station.checkins.note.setText("Đã hướng dẫn bệnh nhân sang khoa")
    confirm(qtbot, station, "resolved", h)
    qtbot.waitUntil(lambda: station.view.row(h).state is RowState.RESOLVED, timeout=8000)
    assert station.view.row(h).note == "Đã hướng dẫn bệnh nhân sang khoa"


def test_recheck_now_resolves_a_card_the_gateway_now_confirms(qtbot, config, station):
    g = kiosk_refers(config, "valid", "K04", "gateway-error", "101")
    qtbot.waitUntil(lambda: g in shown(station), timeout=8000)
    confirm(qtbot, station, "claim", g)
    confirm(qtbot, station, "recheck", g)
    qtbot.waitUntil(lambda: station.view.row(g).state is RowState.RESOLVED, timeout=10000)
    assert station.view.row(g).resolution == "rechecked"


def test_when_the_hospital_is_unreachable_the_last_view_stays_with_its_age(qtbot, simulator, config, station):
    a = kiosk_refers(config, "expired", "K01")
    qtbot.waitUntil(lambda: shown(station) == [a], timeout=8000)
    simulator.faults.set("hospital.lobby", Fault("drop"))
    try:
        qtbot.waitUntil(lambda: "Không kết nối được hệ thống bệnh viện" in station.checkins.connection.text(),
                        timeout=10000)
        assert "giây trước" in station.checkins.connection.text()
        assert shown(station) == [a]
    finally:
        simulator.faults.clear()
    qtbot.waitUntil(lambda: station.checkins.connection.text().startswith("Cập nhật lúc"), timeout=10000)


def test_kiosk_filter_and_column(qtbot, config, station):
    a = kiosk_refers(config, "expired", "K01")
    b = kiosk_refers(config, "not-found", "K02", "not-found", "050")
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=8000)
    assert cell(station, a, 1) == "K01"
    f = station.checkins.kiosk_filter
    f.setCurrentIndex(f.findData("K02"))
    assert shown(station) == [b]


def test_kiosks_tab_names_paper_offline_and_queue(qtbot, config, station):
    heartbeat(config, "K01", "out", depth=3)
    heartbeat(config, "K02", every=0.2, failing=("reader",))    # then silent: offline
    time.sleep(1.0)
    station.read_kiosks()
    qtbot.waitUntil(lambda: station.kiosks.table.rowCount() == 2, timeout=8000)
    texts = {station.kiosks.table.item(r, 0).text(): [station.kiosks.table.item(r, c).text() for c in range(7)]
             for r in range(2)}
    assert texts["K01"][2] == "✖ hết giấy" and texts["K01"][3].startswith("3 lượt, cũ nhất 1 phút")
    assert texts["K02"][1].startswith("✖ mất kết nối từ") and texts["K02"][5] == "đầu đọc thẻ"
    assert "cần giấy: K01" in station.kiosks.summary.text() and "mất kết nối: K02" in station.kiosks.summary.text()


def test_the_window_never_grows_wider_than_the_screen(qtbot, config, station):
    area = station.screen().availableGeometry()
    for i in range(40):
        kiosk_refers(config, "expired", f"K{i:02d}", "wrong-route", "000")
    qtbot.waitUntil(lambda: len(shown(station)) == 40, timeout=8000)
    station.checkins.summary.setText("Cần xử lý: 40 " + "· rất dài " * 200)
    station.resize(area.width() + 400, 700)
    qtbot.wait(50)
    assert station.width() <= area.width()
    assert station.minimumSizeHint().width() <= area.width()
