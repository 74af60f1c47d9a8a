"""Every exception path has its own screen, reached through the real simulator."""

from __future__ import annotations

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import State
from tests.ui.helpers import on_screen, tap


def present(qtbot, kiosk, key: str):
    kiosk.qr_text(by_key(key).qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)


def test_new_card_is_explained_then_continues(qtbot, kiosk):
    present(qtbot, kiosk, "new-card-003")
    notice = on_screen(qtbot, kiosk, "new-card")
    assert notice.sentence.text()
    tap(qtbot, notice.primary)
    on_screen(qtbot, kiosk, "department")


def claim_a_slip(qtbot, kiosk):
    """Registered elsewhere: the one slip question first; "yes" leaves the benefit to staff."""
    tap(qtbot, on_screen(qtbot, kiosk, "slip").yes)


def test_wrong_route_asks_and_can_send_to_counter(qtbot, kiosk):
    present(qtbot, kiosk, "wrong-route")
    claim_a_slip(qtbot, kiosk)
    notice = on_screen(qtbot, kiosk, "wrong-route")
    tap(qtbot, notice.secondary)
    counter = on_screen(qtbot, kiosk, "counter")
    assert counter.title.text() == "Mời bạn đến quầy tiếp đón"


def test_wrong_route_can_continue_to_a_ticket(qtbot, kiosk):
    present(qtbot, kiosk, "wrong-route")
    claim_a_slip(qtbot, kiosk)
    tap(qtbot, on_screen(qtbot, kiosk, "wrong-route").primary)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNGOAI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    assert on_screen(qtbot, kiosk, "ticket").room.text() == "P.105"


def test_expired_card_goes_to_counter_with_one_plain_sentence(qtbot, kiosk):
    present(qtbot, kiosk, "expired")
    counter = on_screen(qtbot, kiosk, "counter")
    sentence = counter.sentence.text()
    assert sentence and "010" not in sentence      # never a raw gateway code to a patient
    assert kiosk.flow.state == State.COUNTER
    tap(qtbot, counter.primary)
    on_screen(qtbot, kiosk, "idle")


def test_gateway_offline_gives_pending_then_a_ticket(qtbot, kiosk, simulator):
    simulator.faults.set("gateway.*", Fault("drop"))
    present(qtbot, kiosk, "valid")
    pending = on_screen(qtbot, kiosk, "pending", timeout=15000)
    tap(qtbot, pending.primary)
    dept = on_screen(qtbot, kiosk, "department")
    assert dept.eligibility.kind == "wait" and dept.eligibility.text().startswith("◷")
    tap(qtbot, dept.buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    ticket = on_screen(qtbot, kiosk, "ticket")
    assert ticket.number.text()


def test_unreadable_qr_has_its_own_screen_and_offers_typing(qtbot, kiosk):
    text = by_key("valid").qr_text().replace("1988", "1989", 1)   # doctored birth year
    kiosk.qr_text(text)
    notice = on_screen(qtbot, kiosk, "unreadable")
    assert notice.title.text() == "Không đọc được thẻ"
    tap(qtbot, notice.primary)
    on_screen(qtbot, kiosk, "keypad")


def test_card_reader_failure_shows_unreadable(qtbot, kiosk):
    kiosk.controller.card_inserted()
    assert on_screen(qtbot, kiosk, "reading").phase.text()
    kiosk.controller.card_failed("Thẻ bị nhấc ra quá sớm.", "The card was lifted too early.")
    assert on_screen(qtbot, kiosk, "unreadable").sentence.text() == "Thẻ bị nhấc ra quá sớm."


def test_not_me_wipes_and_says_so(qtbot, kiosk):
    citizen = by_key("valid")
    kiosk.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").no)
    on_screen(qtbot, kiosk, "not-me")
    assert kiosk.flow.identity is None
    assert kiosk.window.screens["confirm"].name.text() == ""


def test_hospital_down_still_gives_a_ticket_from_the_offline_queue(qtbot, kiosk, simulator):
    simulator.faults.set("hospital.register", Fault("http500"))
    present(qtbot, kiosk, "valid")
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    ticket = on_screen(qtbot, kiosk, "ticket", timeout=15000)
    assert ticket.number.text().startswith(kiosk.config.kiosk.id)     # the kiosk's own number block
    assert ticket.status.kind == "wait" and ticket.status.text().startswith("◷")
    assert kiosk.queue.db.outbox.counts().get("delivered", 0) == 0
