"""Two reception desks on the dev kit's simulator (the real HospitalLobby over loopback HTTP).

A kiosk checks a patient in (a registration) and the hospital system receives
referrals as kiosks deliver them; both desks list every kiosk's rows; a claim
on one desk shows on the other within 2 s and the other's claim is refused
with the holder's name; the holder overrides the referral into a registration
and closes it with that registration; the Kiosks tab shows the fleet.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from devkit.simulator.citizens import by_key
from kiosk.lobby.model import RowState
from tests.ui.helpers import on_screen, tap
from tests.ui.lobby_sim import heartbeat, kiosk_refers


@pytest.fixture
def desks(qtbot, config, tmp_path):
    from kiosk.services import KioskServices
    from ui.app import build_station
    opened, windows = [], []
    for desk, staff in (("Q1", "Lễ Tân Một"), ("Q2", "Lễ Tân Hai")):
        cfg = dataclasses.replace(
            config, printer=dataclasses.replace(config.printer, kind="file", target=str(tmp_path / f"{desk}.bin")),
            station=dataclasses.replace(config.station, staff_name=staff, desk_id=desk))
        services = KioskServices.open(cfg, offline_queue=False)
        opened.append(services)
        window = build_station(services, feed_wait=5.0)   # services.lobby: the real client
        window.resize(1200, 700)
        window.show()
        windows.append(window)
    try:
        yield windows
    finally:
        for window in windows:
            window.close()
            window.deleteLater()
        qtbot.wait(20)
        for services in opened:
            services.close()


def test_two_desks_share_the_lobby_on_the_simulator(qtbot, kiosk, config, desks):
    one, two = desks
    # a kiosk check-in (registered through its outbox) and two kiosks' referrals
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    number = on_screen(qtbot, kiosk, "ticket", timeout=15000).number.text()
    expired = kiosk_refers(config, "expired", "K07", number="K07-Q003")
    kiosk_refers(config, "not-found", "K09", reason="not-found", code="050")
    for desk in (one, two):
        qtbot.waitUntil(lambda desk=desk: desk.view is not None and len(desk.view.rows) == 3, timeout=8000)
        assert desk.checkins.summary.text().startswith("Cần xử lý: 2")
        tickets = [desk.checkins.model.cells(r)[2] for r in desk.view.rows]
        assert number in tickets and "K07-Q003" in tickets
        kiosks = {desk.checkins.model.cells(r)[1] for r in desk.view.rows}
        assert {"K07", "K09"} <= kiosks
    # both desks go for the same patient; desk Q1 confirms first
    for desk in (one, two):
        desk.checkins.select_id(expired)
        tap(qtbot, desk.checkins.buttons["claim"])
        assert "K07-Q003" in desk.checkins.question.text()
    tap(qtbot, one.checkins.yes)
    qtbot.waitUntil(lambda: one.message.text().startswith("✔"), timeout=5000)
    claimed_at = time.monotonic()
    qtbot.waitUntil(lambda: "Q1" in two.checkins.model.cells(two.view.row(expired))[5], timeout=3000)
    assert time.monotonic() - claimed_at < 2.0                      # the claim shows on the other desk at once
    assert not two.checkins.buttons["claim"].isVisible()
    # the other desk acting on the row it read before the claim is refused and told who has it
    two.view = dataclasses.replace(two.view, rows=tuple(
        dataclasses.replace(r, state=RowState.OPEN, claim=None, etag='"old"') if r.id == expired else r
        for r in two.view.rows))
    two.act("claim", expired, "")
    qtbot.waitUntil(lambda: two.message.text().startswith("✖"), timeout=5000)
    assert "Q1" in two.message.text() and "Lễ Tân Một" in two.message.text()
    # the holder overrides it into a registration; the referral closes with that registration
    qtbot.waitUntil(lambda: one.checkins.buttons["override"].isVisible(), timeout=5000)
    tap(qtbot, one.checkins.buttons["override"])
    tap(qtbot, one.checkins.yes)
    form = one.override
    qtbot.waitUntil(lambda: form.department.count() > 0 and one.tabs.currentWidget() is form, timeout=8000)
    assert "********" + by_key("expired").id_number[-4:] in form.subject.text()
    assert "thẻ BHYT hết hạn" in form.subject.text() and "(mã 010)" in form.subject.text()
    form.reason.setText("Thẻ hết hạn, bệnh nhân khám dịch vụ")
    tap(qtbot, form.go)
    qtbot.waitUntil(lambda: form.ticket is not None, timeout=10000)
    qtbot.waitUntil(lambda: one.view.row(expired).state is RowState.RESOLVED, timeout=8000)
    assert one.view.row(expired).registration_id == form.ticket.registration_id
    qtbot.waitUntil(lambda: two.view.row(expired).state is RowState.RESOLVED, timeout=8000)
    qtbot.waitUntil(lambda: two.checkins.summary.text().startswith("Cần xử lý: 1"), timeout=8000)
    # the fleet
    heartbeat(config, "K07", "out")
    heartbeat(config, "K09", "ok", 2)
    two.read_kiosks()
    qtbot.waitUntil(lambda: two.kiosks.table.rowCount() >= 2, timeout=5000)
    rows = {two.kiosks.table.item(r, 0).text(): two.kiosks.table.item(r, 2).text()
            for r in range(two.kiosks.table.rowCount())}
    assert rows["K07"] == "✖ hết giấy" and "cần giấy: K07" in two.kiosks.summary.text()
