"""The reception station window: today's lobby, the kiosks, card lookup, override, and this desk's devices.

The station reads the lobby only through the :class:`kiosk.lobby.model.Lobby`
port (the hospital system), so it runs on a PC with no kiosk. The list comes
from a long-poll loop on its own thread (:class:`ui.station.feed.LobbyFeed`);
every other read, action, gateway lookup and health probe runs on a worker
thread (:class:`ui.worker.TaskRunner`). Every outcome and error shows in one
message line (:class:`ui.station.errors.ErrorPresenter`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.domain import Department, Ticket
from kiosk.errors import KioskError
from kiosk.facility_time import facility_time_of
from kiosk.lobby.model import Lobby, LobbyRow, LobbyUnavailable, LobbyView, StaleRow
from ui import theme
from ui.station import row_actions as A
from ui.station.errors import ErrorPresenter, sentence
from ui.station.feed import LobbyFeed, age_seconds
from ui.station.health import HealthTab
from ui.station.kiosks_tab import KiosksTab
from ui.station.lobby_tab import LobbyTab
from ui.station.lobby_words import language, status_of_result
from ui.station.lookup import LookupTab
from ui.station.override import OverrideTab
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

KIOSKS_MS = 15_000
AGE_MS = 1_000


class StationWindow(QWidget):
    """Staff see every kiosk's check-ins and referrals today and fix what needs them.

    ``lobby`` is the :class:`~kiosk.lobby.model.Lobby` port; ``gateway`` checks
    cards (lookup, re-check; None: not configured); ``health`` builds this
    desk's :class:`kiosk.health.ProbeRegistry`; ``desk`` is the core's
    :class:`~kiosk.checkin.override.OverrideDesk` (None: no override);
    ``departments()`` the hospital's department list; ``print_ticket(ticket)``
    prints on this desk's printer (None: no printer); ``feed_wait`` is the
    long-poll's wait in seconds.
    """

    def __init__(self, config: Config, lobby: Lobby, gateway=None, *, health=None, desk=None, departments=None,
                 print_ticket=None, feed_wait: float = 20.0, feed_retry: float = 2.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config, self.lobby, self.gateway = config, lobby, gateway
        self._health, self._departments, self._print = health, departments, print_ticket
        self.desk_id = config.station.desk_id
        self.setStyleSheet(theme.station_style())
        self.runner = TaskRunner(2, self)
        self.message = QLabel()
        self.message.setObjectName("station_message")
        self.errors = ErrorPresenter(self.message)
        self.tabs = QTabWidget()
        zone = config.facility.time_zone
        self.checkins = LobbyTab(self.desk_id, time_zone=zone)
        self.checkins.capabilities = {"can_print": print_ticket is not None, "can_override": desk is not None,
                                      "can_recheck": gateway is not None}
        self.kiosks = KiosksTab(time_zone=zone)
        self.lookup = LookupTab(gateway, self.runner, errors=self.errors)
        self.override = OverrideTab(desk, self.runner, departments=departments, print_ticket=print_ticket,
                                    staff_name=config.station.staff_name, errors=self.errors)
        self.health = HealthTab()
        if desk is None:
            self.lookup.accept.hide()
        for tab in (self.checkins, self.kiosks, self.lookup, self.override, self.health):
            self.tabs.addTab(tab, "")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        self.checkins.action_confirmed.connect(self.act)
        self.lookup.accept_requested.connect(self.open_override)
        self.override.registered.connect(self._override_registered)
        self.health.refresh.clicked.connect(self.check_health)
        self.kiosks.refresh.clicked.connect(self.read_kiosks)
        self.view: LobbyView | None = None
        self.unreachable: BaseException | None = None
        self.override_referral: str | None = None   # the referral the override form is registering
        self.department_list: dict[str, Department] = {}
        self._closed = False
        self.feed = LobbyFeed(lobby, wait=feed_wait, retry=feed_retry)
        self.feed.changed.connect(self._view_changed)
        self.feed.unavailable.connect(self._view_unavailable)
        self._age_timer = QTimer(self)
        self._age_timer.timeout.connect(self._show_age)
        self._age_timer.start(AGE_MS)
        self._kiosk_timer = QTimer(self)
        self._kiosk_timer.timeout.connect(self.read_kiosks)
        self._kiosk_timer.start(KIOSKS_MS)
        self.retranslate()
        self.feed.start()
        QTimer.singleShot(0, self.read_kiosks)
        QTimer.singleShot(0, self.read_departments)
        QTimer.singleShot(0, self.check_health)

    def retranslate(self) -> None:
        """Window and tab titles."""
        self.setWindowTitle(self.tr("{facility} — quầy {desk}").format(facility=self.config.facility.name,
                                                                        desk=self.desk_id))
        for i, title in enumerate((self.tr("Hôm nay"), self.tr("Ki-ốt"), self.tr("Tra cứu thẻ"),
                                   self.tr("Chấp nhận / ghi đè"), self.tr("Thiết bị và dịch vụ"))):
            self.tabs.setTabText(i, title)
        self._show_age()

    def changeEvent(self, event) -> None:
        """Re-render texts when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            for tab in (self.checkins, self.kiosks, self.lookup, self.override, self.health):
                tab.retranslate()
            if self.view is not None:
                self.checkins.show_view(self.view)
            self._name_departments()
        super().changeEvent(event)

    # --- the lobby ------------------------------------------------------------------------
    def _view_changed(self, view: LobbyView) -> None:
        self.unreachable = None
        self.view = view
        self.checkins.show_view(view)
        if self.kiosks.kiosks:
            self.kiosks.show_kiosks(self.kiosks.kiosks, view.needs_staff())
        self._show_age()

    def _view_unavailable(self, exc: BaseException) -> None:
        self.unreachable = exc
        self._show_age()

    def _show_age(self) -> None:
        age = age_seconds(self.view)
        if self.unreachable is not None:
            if isinstance(self.unreachable, LobbyUnavailable):
                text = self.tr("✖ Không kết nối được hệ thống bệnh viện.")
            else:   # the HIS answered but refused (a wrong key, a broken answer): say which, not "unreachable"
                text = "✖ " + sentence(self.unreachable)
            if age is not None:
                text += " " + self.tr("Danh sách dưới đây là lần đọc cuối, {s} giây trước.").format(s=age)
            self.checkins.show_connection(text, True)
        elif self.view is not None:
            self.checkins.show_connection(self.tr("Cập nhật lúc {t}").format(
                t=facility_time_of(self.view.fetched_at, self.config.facility.time_zone).strftime("%H:%M:%S")),
                False)
        else:
            self.checkins.show_connection("", False)

    def _merge_row(self, row: LobbyRow) -> None:
        """An action's answer shows at once (the feed brings the same row a moment later)."""
        if self.view is not None:
            self._view_changed(self.view.merge(LobbyView((row,), self.view.cursor, self.view.fetched_at)))

    def read_kiosks(self) -> None:
        """The fleet (off the UI thread)."""
        def show(kiosks) -> None:
            self.kiosks.show_kiosks(kiosks, self.view.needs_staff() if self.view is not None else None)

        def failed(exc: BaseException) -> None:
            from ui.station.errors import sentence
            self.kiosks.show_unavailable(sentence(exc))
        self.runner.submit(self.lobby.kiosks, show, failed)

    def read_departments(self) -> None:
        """The hospital's department list: names for the table, rooms for reprints."""
        if self._departments is None:
            return

        def keep(departments) -> None:
            self.department_list = {d.code: d for d in departments}
            self._name_departments()
        self.runner.submit(self._departments, keep, lambda exc: None)   # codes stay as "khoa X" until it loads

    def _name_departments(self) -> None:
        en = language() == "en"
        self.checkins.set_departments({c: (d.name_en if en else d.name_vi) for c, d in self.department_list.items()})

    # --- actions on a row -----------------------------------------------------------------
    def act(self, action: str, row_id: str, note: str) -> None:
        """Carry out a confirmed action on the row ``row_id`` as the list shows it now."""
        row = self.view.row(row_id) if self.view is not None else None
        if row is None:
            self.errors.problem(self.tr("Dòng này không còn trong danh sách."))
            return
        if action not in A.actions_for(row, self.desk_id, **self.checkins.capabilities):
            self.errors.problem(self.tr("Dòng này vừa thay đổi; thao tác không còn áp dụng. Hãy xem lại."))
            return
        # the hospital system names who holds a claim: without a staff name, the desk's id says it
        staff = self.override.staff.text().strip() or self.config.station.staff_name or self.desk_id
        if action == A.REPRINT:
            ticket = self._ticket_of(row)
            self.runner.submit(lambda: self._print(ticket),
                               lambda _: self.errors.done(self.tr("Đã in lại phiếu số {n}.").format(n=row.ticket)),
                               self._failed)
        elif action == A.CLAIM:
            self._change(lambda: self.lobby.claim(row, self.desk_id, staff),
                         self.tr("Quầy {desk} đã nhận xử lý số {n}.").format(desk=self.desk_id, n=row.ticket or "—"))
        elif action == A.RELEASE:
            self._change(lambda: self.lobby.release(row, self.desk_id), self.tr("Đã trả lại lượt cho các quầy khác."))
        elif action == A.SENT_HOME:
            self._change(lambda: self.lobby.resolve(row, self.desk_id, "sent-home", note),
                         self.tr("Đã ghi: bệnh nhân ra về."))
        elif action == A.SERVICE:
            self._change(lambda: self.lobby.resolve(row, self.desk_id, "service-patient", note,
                                                    registration_id=row.registration_id),
                         self.tr("Đã xác nhận bệnh nhân dịch vụ."))
        elif action == A.RESOLVED:
            from kiosk.checkin.override import check_reason
            try:
                reason = check_reason(note)
            except KioskError as e:
                self.errors.error(e)
                return
            self._change(lambda: self.lobby.resolve(row, self.desk_id, "resolved", reason),
                         self.tr("Đã đánh dấu đã xử lý."))
        elif action == A.RECHECK:
            self.errors.info(self.tr("◷ Đang kiểm tra lại thẻ với cổng BHXH…"))
            self.runner.submit(lambda: self._recheck(row), self._rechecked, self._failed)
        elif action == A.OVERRIDE:
            self.runner.submit(lambda: self.lobby.referral(row.id),
                               lambda referral: self._open_referral(row, referral), self._failed)

    def _change(self, call, done_text: str) -> None:
        def done(row: LobbyRow) -> None:
            self._merge_row(row)
            self.errors.done(done_text)
        self.runner.submit(call, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, StaleRow):
            self.feed.reread()
        self.errors.error(exc)

    def _ticket_of(self, row: LobbyRow) -> Ticket:
        dept = self.department_list.get(row.department) or Department(row.department, row.department,
                                                                        row.department, "")
        return Ticket(number=row.ticket, room=dept.room, department=dept,
                      issued_at=datetime.fromtimestamp(row.created_at, UTC), registration_id=row.id,
                      hospital_id=None)

    def _subject(self, referral):
        from ui.station.referral_subject import eligibility_of, identity_of
        if referral.identity is None:
            raise LookupError("the referral carries no identity")
        return identity_of(referral.identity), eligibility_of(referral.eligibility)

    def _recheck(self, row: LobbyRow):
        """Ask the gateway again (worker thread); a confirmed card resolves the referral."""
        identity, _ = self._subject(self.lobby.referral(row.id))
        result = self.gateway.check_eligibility(identity)
        if result.insured:
            return result, self.lobby.resolve(row, self.desk_id, "rechecked", f"maKetQua {result.code}",
                                              registration_id=row.registration_id)
        return result, None

    def _rechecked(self, answer) -> None:
        result, row = answer
        if row is not None:
            self._merge_row(row)
            self.errors.done(self.tr("Kiểm tra lại: thẻ hợp lệ; đã xử lý xong."))
        else:
            self.errors.problem(self.tr("Kiểm tra lại: {what}. Lượt vẫn do quầy này giữ.").format(
                what=status_of_result(result)))

    def _open_referral(self, row: LobbyRow, referral) -> None:
        try:
            identity, eligibility = self._subject(referral)
        except (LookupError, KeyError, ValueError) as e:
            self.errors.error(e if isinstance(e, LookupError) else LookupError(str(e)))
            return
        self.open_override(identity, eligibility, referral_id=row.id)
        if eligibility is None:   # the kiosk kept no full answer: say why it sent the patient, not "gateway error"
            from kiosk.domain import mask_digits
            from ui.station.lobby_words import reason_word, with_code
            self.override.subject.setText("  ·  ".join(x for x in (
                identity.full_name, mask_digits(identity.card_number), "✖ " + reason_word(row.reason),
                with_code(row.gateway_code)) if x))

    def open_override(self, identity, eligibility, referral_id: str | None = None) -> None:
        """Show the override form for this patient (from a referral this desk holds, or a lookup)."""
        self.override_referral = referral_id
        self.override.open_subject(identity, eligibility)
        self.tabs.setCurrentWidget(self.override)

    def _override_registered(self, ticket) -> None:
        """The override registered a visit: close the referral it came from with that registration."""
        referral_id, self.override_referral = self.override_referral, None
        row = self.view.row(referral_id) if (referral_id and self.view is not None) else None
        if row is None:
            return
        resolution = "service-patient" if self.override.klass.currentData() == "service-patient" else "registered"
        self._change(lambda: self.lobby.resolve(row, self.desk_id, resolution,
                                                registration_id=ticket.registration_id),
                     self.tr("Đã đăng ký số {n} và đóng lượt chuyển quầy.").format(n=ticket.number))

    # --- health ---------------------------------------------------------------------------
    def check_health(self) -> None:
        """Run this desk's bounded health probes (off the UI thread)."""
        if self._health is None:
            return
        self.health.show_checking()
        self.runner.submit(lambda: self._health().run(), self.health.show_report, self._health_failed)

    def _health_failed(self, exc: BaseException) -> None:
        from ui.station.errors import sentence
        self.health.overall.setText("✖ " + sentence(exc))

    # --- layout ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        """Lay out to the screen: never wider or taller than its available geometry."""
        self.fit_to_screen()
        super().showEvent(event)

    def fit_to_screen(self) -> None:
        """Cap the window at the available geometry of its screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.setMaximumSize(area.width(), area.height())
        if self.width() > area.width() or self.height() > area.height():
            self.resize(min(self.width(), area.width()), min(self.height(), area.height()))

    def closeEvent(self, event) -> None:
        """Stop the feed and the timers; wait for background work (once)."""
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        self._age_timer.stop()
        self._kiosk_timer.stop()
        for signal in (self.feed.changed, self.feed.unavailable):
            signal.disconnect()   # a long-poll still under way answers into nothing
        # never wait out a long-poll (up to feed_wait s): the loop ends when its request returns, into nothing
        self.feed.stop(timeout=0.5)
        self.runner.wait(5000)
        super().closeEvent(event)
