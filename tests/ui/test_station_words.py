"""Done-when walk: every station tab, every row state, referral reason, resolution, gateway code, kiosk state
and health part, in Vietnamese (no English words, enum words, bare codes or exception names) and under the
English translation (no Vietnamese left untranslated). The lobby is the dev kit's simulator, read through
the real HospitalLobby client."""

from __future__ import annotations

import dataclasses
import functools
import re
import time

import pytest

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.gateway.codes import CODES
from kiosk.health.model import HealthReport
from kiosk.lobby.model import REFERRAL_REASONS, RESOLUTIONS, Claim
from tests.ui.helpers import all_texts
from tests.ui.lobby_sim import heartbeat, kiosk_refers

# words that only an untranslated English text or a raw enum would put on a Vietnamese screen
ENGLISH = {"the", "card", "expired", "not", "found", "error", "failed", "counter", "mismatch", "wrong", "route",
           "pending", "delivered", "queued", "registered", "open", "claimed", "resolved", "help", "service",
           "patient", "sent", "home", "rechecked", "needs", "attention", "ok", "degraded", "failing", "unknown",
           "reader", "printer", "gateway", "hospital", "queue", "disk", "clock", "paper", "low", "out", "online",
           "offline", "right", "refused", "face", "declined", "recheck", "desk", "kiosk", "reason", "status",
           "checked", "valid", "name", "birth", "none", "staff", "pin", "heartbeat", "lobby", "voice", "scanner"}
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]+(Error|Exception|Unavailable|Conflict|Row)\b")
BARE_CODE = re.compile(r"(?<![\w-])(?<!mã )(?<!code )\d{3}(?![\w:%/])")   # "188/2025": a decree's number
LEGAL = re.compile(r"NĐ-CP|QĐ-BYT|QĐ|TT-BYT")
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# allowed Latin words on a Vietnamese screen: names of things, not sentences (tokens of "kiosk doctor")
ALLOWED = {"kiosk", "doctor", "pin"}


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in ENGLISH} - ALLOWED


def register(services, key: str) -> None:
    """A kiosk check-in registered with the hospital system (a registration row of the lobby)."""
    from kiosk.checkin import identity_from_qr
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    flow.check_eligibility()
    flow.load_departments()
    flow.choose_department("KNOI")


def fill_lobby(config, services) -> None:
    """Every row state, referral reason, resolution and gateway code, and a fleet, on the simulator."""
    import uuid

    from kiosk.lobby.client import HospitalLobby
    register(services, "valid")
    other_desk = HospitalLobby(config.hospital)
    try:
        for i, reason in enumerate(REFERRAL_REASONS):
            key = None if reason == "help" else "expired"
            code = None if reason == "help" else sorted(CODES)[i % len(CODES)]
            visit = str(uuid.uuid4()) if reason == "recheck-failed" else None   # the offline ticket's visit
            kiosk_refers(config, key, f"K{i:02d}", reason, code, registration_id=visit)
            held = kiosk_refers(config, key, "K02", reason, code, registration_id=visit)
            other_desk.claim(other_desk.view().row(held), "Q2", "Le Tan Hai")
        for resolution in RESOLUTIONS:
            row_id = kiosk_refers(config, "expired", "K03", "expired", "010")
            row = other_desk.claim(other_desk.view().row(row_id), "Q2", "Le Tan Hai")
            other_desk.resolve(row, "Q2", resolution, note="Da xu ly tai quay",
                               registration_id=str(uuid.uuid4()) if resolution in ("registered",) else "")
        for code in [*sorted(CODES), "999"]:
            kiosk_refers(config, "not-found", "K04", "counter", code)
    finally:
        other_desk.close()
    for i, paper in enumerate(("ok", "low", "out", "unknown")):
        heartbeat(config, f"K{i:02d}", paper, depth=i, failing=("reader",) if i % 2 else ())
    heartbeat(config, "K09", every=0.2)           # silent from now on: offline within a second


@pytest.fixture
def station(qtbot, simulator, config):
    from kiosk.services import KioskServices
    from ui.app import build_station
    cfg = dataclasses.replace(config, station=dataclasses.replace(config.station, desk_id="Q1"))
    with KioskServices.open(cfg, offline_queue=False) as services:
        fill_lobby(cfg, services)
        time.sleep(1.0)
        window = build_station(services, feed_wait=2.0)   # services.lobby: the real client
        window.resize(1200, 700)
        window.show()
        qtbot.waitUntil(lambda: window.view is not None and len(window.view.rows) > 40, timeout=8000)
        qtbot.waitUntil(lambda: window.kiosks.table.rowCount() >= 5, timeout=8000)
        qtbot.waitUntil(lambda: window.health.table.rowCount() >= 3, timeout=30000)
        yield window
        window.close()
        window.deleteLater()
        qtbot.wait(20)


def every_text(station) -> list[str]:
    """Every text staff can see on every tab: widgets, table cells and headers, tab titles, messages."""
    texts = all_texts(station)
    texts += [station.tabs.tabText(i) for i in range(station.tabs.count())]
    model = station.checkins.model
    texts += [model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) for c in range(7)]
    texts += [cell for row in model.rows for cell in model.cells(row)]
    for table in (station.kiosks.table, station.health.table):
        texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                  if table.item(r, c) is not None]
    texts += [button.text() for button in station.checkins.buttons.values()]
    # Qt's own accessible names of scroll-bar parts (screen readers only, from Qt's translation, not ours)
    return [t for t in texts if t and not t.startswith(("Scroll ", "Line ", "Page "))]


def all_status_words() -> list[str]:
    from ui.station.lobby_words import paper_word, part_word, reason_word, resolution_word
    from ui.station.status_words import _KIND, status_text
    words = [status_text(k) for k in _KIND]
    words += [reason_word(r) for r in REFERRAL_REASONS] + [resolution_word(r) for r in RESOLUTIONS]
    words += [paper_word(p) for p in ("ok", "low", "out", "unknown", "none")]
    words += [part_word(p) for p in ("reader", "camera", "printer", "gateway", "hospital", "queue", "disk", "clock",
                                     "staff_pin", "scanner", "heartbeat", "lobby", "face", "voice")]
    return words


def health_report():
    from kiosk.health.model import degraded, failing, ok
    parts = (ok("printer", "Printer ready."), degraded("gateway", "Slow answers (ConnectionError)."),
             failing("hospital", "ConnectionError: refused"))
    return HealthReport(parts=parts, kiosk_id="K01")


def walk(qtbot, station, simulator) -> list[str]:
    """Open every tab, select every row, ask every offered action (then cancel), show an error of each kind."""
    texts = []
    for i in range(station.tabs.count()):
        station.tabs.setCurrentIndex(i)
        texts += every_text(station)
    tab = station.checkins
    for row_id in tab.shown_ids():
        tab.select_id(row_id)
        for action, button in tab.buttons.items():
            if button.isVisible():
                tab.ask(action)
                texts.append(tab.question.text())
                tab.cancel()
    from kiosk.errors import InputError, InvalidOverride
    from kiosk.lobby.model import ClaimConflict, LobbyUnavailable, StaleRow
    for exc in (ClaimConflict(Claim("Q2", "Le Tan Hai", 0)), LobbyUnavailable("x"), StaleRow("x"),
                InvalidOverride("An override needs a reason.", code="override_no_reason"),
                InputError("The birth date is not plausible.", code="bad_birth"), ConnectionError("refused"),
                RuntimeError("boom")):
        station.errors.error(exc)
        texts.append(station.message.text())
    station.health.show_report(health_report())
    texts += every_text(station)
    simulator.faults.set("hospital.lobby", Fault("http500"))
    qtbot.waitUntil(lambda: station.unreachable is not None, timeout=8000)
    station._show_age()
    texts.append(station.checkins.connection.text())
    simulator.faults.clear()
    patients = {r.patient for r in station.view.rows if r.patient}   # the HIS's masked names are data
    texts = [functools.reduce(lambda t, p: t.replace(p, ""), patients, t) for t in texts]
    return texts + all_status_words()


def lookups(qtbot, station) -> list[str]:
    """The lookup tab's answer for a covered patient registered elsewhere (benefit lines) and an expired card."""
    texts = []
    for key in ("wrong-route", "expired"):
        c = by_key(key)
        station.lookup.result = None
        station.lookup.card.setText(c.id_number)
        station.lookup.name.setText(c.full_name)
        station.lookup.birth.setText(c.birth.strftime("%d/%m/%Y"))
        station.lookup.lookup()
        qtbot.waitUntil(lambda: station.lookup.result is not None, timeout=8000)
        texts += [station.lookup.status.text(), station.lookup.kiosk_step.text()]
        # the patient's own name and the gateway's remark are data, not the station's words
        texts += [line for line in station.lookup.detail.toPlainText().splitlines()
                  if not line.startswith(("Họ tên:", "Ghi chú của cổng:", "Name:", "Gateway note:"))]
    return texts


def test_vietnamese_station_has_no_english_words_enum_words_or_bare_codes(qtbot, simulator, station):
    problems = []
    for text in walk(qtbot, station, simulator) + lookups(qtbot, station):
        if english_words(text):
            problems.append(f"English {sorted(english_words(text))}: {text!r}")
        if EXCEPTION_NAME.search(text):
            problems.append(f"exception name: {text!r}")
        if BARE_CODE.search(text):
            problems.append(f"bare code: {text!r}")
    assert problems == [], "\n".join(sorted(set(problems)))


def test_english_station_has_no_untranslated_vietnamese(qtbot, simulator, station):
    from ui.i18n import LanguageSwitch
    language = LanguageSwitch("en")
    try:
        assert language.language == "en"
        qtbot.wait(50)
        texts = walk(qtbot, station, simulator) + lookups(qtbot, station)
        facility = station.config.facility.name   # the hospital's own name is not translated
        # Vietnamese legal documents keep their designators in any language (Decree 188/2025/NĐ-CP)
        untranslated = [t for t in texts if VIETNAMESE.search(LEGAL.sub("", t.replace(facility, "")))]
        assert untranslated == [], "\n".join(sorted(set(untranslated)))
    finally:
        language.set("vi")
