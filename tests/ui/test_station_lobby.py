"""The station on the lobby port: rows that stay on their patient, only the actions that apply, one error line.

Widget tests on a small in-memory lobby (tests/ui/lobby_fake.py); the gateway,
hospital and printer are the dev kit's simulator and a file printer.
"""

from __future__ import annotations

import dataclasses
import time

import pytest
from PySide6.QtCore import Qt

from devkit.simulator.citizens import by_key
from kiosk.lobby.model import KioskState, RowState
from tests.ui.helpers import tap
from tests.ui.lobby_fake import FakeLobby, referral, registration


@pytest.fixture
def printed(tmp_path):
    return tmp_path / "printer.bin"


@pytest.fixture
def lobby():
    return FakeLobby()


def desk_config(config, printed, desk: str, staff: str):
    return dataclasses.replace(
        config, printer=dataclasses.replace(config.printer, kind="file", target=str(printed)),
        station=dataclasses.replace(config.station, staff_name=staff, desk_id=desk))


def open_station(qtbot, services, lobby):
    from ui.app import build_station
    window = build_station(services, lobby, feed_wait=0.3)
    window.resize(1200, 700)
    window.show()
    return window


def close_station(qtbot, window) -> None:
    window.close()          # stops the feed and waits for background work
    window.deleteLater()
    qtbot.wait(20)


@pytest.fixture
def services(config, printed):
    from kiosk.services import KioskServices
    with KioskServices.open(desk_config(config, printed, "Q1", "Lễ Tân Một"), offline_queue=False) as s:
        yield s


@pytest.fixture
def station(qtbot, services, lobby):
    window = open_station(qtbot, services, lobby)
    yield window
    close_station(qtbot, window)


def shown(station) -> list[str]:
    return station.checkins.shown_ids()


def cell(station, row_id: str, column: int) -> str:
    tab = station.checkins
    source = tab.model.row_by_id(row_id)
    return tab.model.cells(tab.model.rows[source])[column]


def offered(station) -> set[str]:
    return {a for a, b in station.checkins.buttons.items() if b.isVisible()}


def test_selection_follows_the_patient_when_a_check_in_arrives_and_when_sorting(qtbot, station, lobby):
    now = time.time()
    lobby.put(registration("a", "K01", "NOI-001", at=now - 60, patient="Trần V. B. ********0001"))
    lobby.put(registration("b", "K02", "NOI-002", at=now - 30, patient="Lê T. H. ********0002"))
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=5000)
    assert station.checkins.select_id("b")
    row_number = shown(station).index("b")
    # a new check-in arrives on another kiosk: it takes the top row; the highlight stays on "b"
    lobby.put(registration("c", "K03", "NOI-003", at=now, patient="Phạm V. C. ********0003"))
    qtbot.waitUntil(lambda: len(shown(station)) == 3, timeout=5000)
    assert shown(station).index("b") != row_number          # the record moved ...
    assert station.checkins.selected_id() == "b"             # ... and the selection went with it
    station.checkins.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert station.checkins.selected_id() == "b"
    station.checkins.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert station.checkins.selected_id() == "b"
    # the reprint asks first, naming the patient and ticket of THAT row
    tap(qtbot, station.checkins.buttons["reprint"])
    assert "Lê T. H. ********0002" in station.checkins.question.text()
    assert "NOI-002" in station.checkins.question.text()


def test_reprint_prints_the_confirmed_row_even_if_another_arrives_meanwhile(qtbot, station, lobby, printed):
    lobby.put(registration("a", "K01", "NOI-001", at=time.time() - 5))
    qtbot.waitUntil(lambda: len(shown(station)) == 1, timeout=5000)
    tickets, real_print = [], station._print   # the real file printer; the ticket it got is noted on the way
    station._print = lambda ticket: (tickets.append(ticket.number), real_print(ticket))[1]
    station.checkins.select_id("a")
    tap(qtbot, station.checkins.buttons["reprint"])
    lobby.put(registration("z", "K02", "NOI-099", at=time.time()))
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=5000)
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: station.message.text().startswith("✔"), timeout=8000)
    assert "NOI-001" in station.message.text()
    assert tickets == ["NOI-001"] and printed.stat().st_size > 0


def test_only_actions_that_apply_are_offered(qtbot, station, lobby):
    lobby.put(registration("reg", "K01", "NOI-001"))
    lobby.put(referral("open", "K02", "expired", code="010", counter="K02-Q001"))
    other = lobby.put(referral("other", "K03", "not-found", code="050", counter="K03-Q001"))
    lobby.claim(other, "Q9", "Lễ Tân Chín")
    qtbot.waitUntil(lambda: len(shown(station)) == 3, timeout=5000)
    station.checkins.select_id("reg")
    assert offered(station) == {"reprint"}
    station.checkins.select_id("open")
    assert offered(station) == {"claim"}
    station.checkins.select_id("other")    # held by another desk: nothing to do here
    assert offered(station) == set()
    assert "Q9" in cell(station, "other", 5) and "Lễ Tân Chín" in cell(station, "other", 5)


@pytest.fixture
def second_desk(qtbot, config, printed, lobby):
    from kiosk.services import KioskServices
    with KioskServices.open(desk_config(config, printed, "Q2", "Lễ Tân Hai"), offline_queue=False) as s2:
        window = open_station(qtbot, s2, lobby)
        yield window
        close_station(qtbot, window)


def test_a_claim_shows_on_the_other_desk_and_a_second_claim_names_the_holder(qtbot, lobby, station, second_desk):
    lobby.put(referral("r1", "K07", "name-birth-mismatch", code="060", counter="K07-Q003"))
    second = second_desk
    for desk in (station, second):
        qtbot.waitUntil(lambda desk=desk: "r1" in shown(desk), timeout=5000)
        desk.checkins.select_id("r1")
        tap(qtbot, desk.checkins.buttons["claim"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: station.message.text().startswith("✔"), timeout=5000)
    # the other desk sees it within the long-poll and no longer offers the claim
    qtbot.waitUntil(lambda: "Q1" in cell(second, "r1", 5), timeout=3000)
    assert offered(second) == set()
    assert not second.checkins.confirm_frame.isVisible()   # its question was about a row that changed
    # a desk acting on the row it read before the claim is refused and told who has it
    stale = dataclasses.replace(lobby.view().row("r1"), state=RowState.OPEN, claim=None, etag="old")
    second.view = dataclasses.replace(second.view, rows=tuple(
        stale if r.id == "r1" else r for r in second.view.rows))
    second.act("claim", "r1", "")
    qtbot.waitUntil(lambda: second.message.text().startswith("✖"), timeout=5000)
    assert "Q1" in second.message.text() and "Lễ Tân Một" in second.message.text()


def test_a_failed_recheck_row_is_resolved_as_service_patient_and_counts_agree(qtbot, station, lobby):
    lobby.put(registration("v1", "K01", "K01-001"))
    lobby.put(referral("rf", "K01", "recheck-failed", code="010", registration_id="v1", ticket="K01-001"))
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=5000)
    assert station.checkins.summary.text().startswith("Cần xử lý: 1")
    station.checkins.select_id("rf")
    tap(qtbot, station.checkins.buttons["claim"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: "service-patient" in offered(station), timeout=5000)
    assert "override" not in offered(station)        # the patient already has a ticket: no second visit
    assert station.checkins.summary.text().startswith("Cần xử lý: 1")   # claimed still needs staff
    tap(qtbot, station.checkins.buttons["service-patient"])
    assert "K01-001" in station.checkins.question.text()
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: station.checkins.summary.text().startswith("Cần xử lý: 0"), timeout=5000)
    assert ("resolve", "rf", "Q1", "service-patient", "", "v1") in lobby.calls
    lobby.set_kiosks([KioskState("K01", time.time(), True, "ok", queue_depth=0)])
    station.read_kiosks()
    qtbot.waitUntil(lambda: "Cần xử lý: 0" in station.kiosks.summary.text(), timeout=5000)


def test_resolved_needs_a_reason_in_vietnamese(qtbot, station, lobby):
    lobby.put(referral("h", "K02", "help"))
    qtbot.waitUntil(lambda: "h" in shown(station), timeout=5000)
    station.checkins.select_id("h")
    tap(qtbot, station.checkins.buttons["claim"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: "resolved" in offered(station), timeout=5000)
    assert "override" not in offered(station) and "recheck" not in offered(station)   # help: no identity
    tap(qtbot, station.checkins.buttons["resolved"])
    tap(qtbot, station.checkins.yes)
    assert station.message.text() == "✖ Cần nhập lý do ghi đè." or station.message.text().startswith("✖ Lý do")
    station.checkins.note.setText("Đã hướng dẫn bệnh nhân sang khoa")
    tap(qtbot, station.checkins.buttons["resolved"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: lobby.view().row("h").state is RowState.RESOLVED, timeout=5000)


def test_recheck_now_resolves_a_card_the_gateway_now_confirms(qtbot, station, lobby):
    from kiosk.checkin import identity_from_qr
    from kiosk.offline.counter_outcomes import identity_to_record
    identity = identity_to_record(identity_from_qr(by_key("valid").qr_text()))   # as the kiosk sends it
    lobby.put(referral("g", "K04", "gateway-error", code="101"), identity=identity)
    qtbot.waitUntil(lambda: "g" in shown(station), timeout=5000)
    station.checkins.select_id("g")
    tap(qtbot, station.checkins.buttons["claim"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: "recheck" in offered(station), timeout=5000)
    tap(qtbot, station.checkins.buttons["recheck"])
    tap(qtbot, station.checkins.yes)
    qtbot.waitUntil(lambda: lobby.view().row("g").state is RowState.RESOLVED, timeout=10000)
    assert lobby.view().row("g").resolution == "rechecked"


def test_when_the_hospital_is_unreachable_the_last_view_stays_with_its_age(qtbot, station, lobby):
    lobby.put(registration("a", "K01", "NOI-001"))
    qtbot.waitUntil(lambda: len(shown(station)) == 1, timeout=5000)
    lobby.unreachable = True
    qtbot.waitUntil(lambda: "Không kết nối được hệ thống bệnh viện" in station.checkins.connection.text(),
                    timeout=5000)
    assert "giây trước" in station.checkins.connection.text()
    assert shown(station) == ["a"]
    lobby.unreachable = False
    qtbot.waitUntil(lambda: station.checkins.connection.text().startswith("Cập nhật lúc"), timeout=8000)


def test_kiosk_filter_and_column(qtbot, station, lobby):
    lobby.put(registration("a", "K01", "NOI-001"))
    lobby.put(registration("b", "K02", "NOI-002"))
    qtbot.waitUntil(lambda: len(shown(station)) == 2, timeout=5000)
    assert cell(station, "a", 1) == "K01"
    f = station.checkins.kiosk_filter
    f.setCurrentIndex(f.findData("K02"))
    assert shown(station) == ["b"]


def test_kiosks_tab_names_paper_offline_and_queue(qtbot, station, lobby):
    t0 = time.time() - 3600
    lobby.set_kiosks([
        KioskState("K01", time.time(), True, "ok", paper="out", queue_depth=3, queue_oldest_age=620,
                   last_checkin_at=time.time() - 60, version="1.4.0"),
        KioskState("K02", t0, False, "failing", offline_since=t0, parts={"reader": "failing"},
                   offline_periods=((t0, None),)),
    ])
    station.read_kiosks()
    qtbot.waitUntil(lambda: station.kiosks.table.rowCount() == 2, timeout=5000)
    texts = [[station.kiosks.table.item(r, c).text() for c in range(7)] for r in range(2)]
    assert texts[0][2] == "✖ hết giấy" and texts[0][3].startswith("3 lượt, cũ nhất 10 phút")
    assert texts[1][1].startswith("✖ mất kết nối từ") and texts[1][5] == "đầu đọc thẻ"
    assert "cần giấy: K01" in station.kiosks.summary.text() and "mất kết nối: K02" in station.kiosks.summary.text()


def test_the_window_never_grows_wider_than_the_screen(qtbot, station, lobby):
    area = station.screen().availableGeometry()
    for i in range(40):
        lobby.put(referral(f"r{i}", f"K{i:02d}", "wrong-route", code="000"))
    qtbot.waitUntil(lambda: len(shown(station)) == 40, timeout=5000)
    station.checkins.summary.setText("Cần xử lý: 40 " + "· rất dài " * 200)
    station.resize(area.width() + 400, 700)
    qtbot.wait(50)
    assert station.width() <= area.width()
    assert station.minimumSizeHint().width() <= area.width()
