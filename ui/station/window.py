"""The reception station window: check-ins, lookup, override, offline queue, devices and services.

Every read of the queue database, gateway lookup and health probe runs on a
worker thread (:class:`ui.worker.TaskRunner`); results come back as signals.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from ui import theme
from ui.station.checkins import CheckinsTab
from ui.station.health import HealthTab
from ui.station.lookup import LookupTab
from ui.station.override import OverrideTab
from ui.worker import TaskRunner

log = logging.getLogger(__name__)

REFRESH_MS = 10_000


class StationWindow(QWidget):
    """Staff see what the kiosk did today and fix what needs them.

    ``db`` is the kiosk's queue database opened in staff view (None when it
    cannot be opened: those tabs then say so); ``health`` builds a
    :class:`kiosk.health.ProbeRegistry`; ``reprint(item)`` prints a ticket again;
    ``desk`` is the core's :class:`~kiosk.checkin.override.OverrideDesk` (None: no override
    action), ``departments()`` the department menu, ``print_ticket(ticket)`` prints a new ticket.
    """

    def __init__(self, config: Config, gateway, db=None, *, health=None, reprint=None, desk=None,
                 departments=None, print_ticket=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config, self.db, self._health, self._reprint = config, db, health, reprint
        self.setStyleSheet(theme.station_style())
        self.setWindowTitle(f"{config.facility.name} — {config.kiosk.id}")
        self.runner = TaskRunner(2, self)
        self.tabs = QTabWidget()
        self.checkins = CheckinsTab(time_zone=config.facility.time_zone)
        self.lookup = LookupTab(gateway, self.runner)
        self.override = OverrideTab(desk, self.runner, departments=departments, print_ticket=print_ticket,
                                    staff_name=config.station.staff_name)
        self.queue = CheckinsTab(time_zone=config.facility.time_zone)
        self.queue.reprint.hide()
        self.queue.override.hide()
        if desk is None:
            self.checkins.override.hide()
            self.lookup.accept.hide()
        self.queue_status = QLabel()
        self.queue_status.setObjectName("queue_status")
        self.queue.layout().insertWidget(0, self.queue_status)
        self.health = HealthTab()
        for tab in (self.checkins, self.lookup, self.override, self.queue, self.health):
            self.tabs.addTab(tab, "")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        for tab in (self.checkins, self.queue):
            tab.refresh_requested.connect(self.refresh)
            tab.retry_requested.connect(lambda item_id, tab=tab: self.retry(item_id, tab))
        self.checkins.reprint_requested.connect(self.reprint)
        self.checkins.override_requested.connect(self.open_counter)
        self.lookup.accept_requested.connect(self.open_override)
        self.override.registered.connect(lambda _ticket: self.refresh())
        self.health.refresh.clicked.connect(self.check_health)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.retranslate()
        QTimer.singleShot(0, self.refresh)
        QTimer.singleShot(0, self.check_health)

    def retranslate(self) -> None:
        """Tab titles."""
        for i, title in enumerate((self.tr("Check-in hôm nay"), self.tr("Tra cứu thẻ"),
                                   self.tr("Chấp nhận / ghi đè"), self.tr("Hàng đợi offline"),
                                   self.tr("Thiết bị và dịch vụ"))):
            self.tabs.setTabText(i, title)

    # --- the queue database ---------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read today's items and the queue state (off the UI thread)."""
        if self.db is None:
            self.checkins.summary.setText(self.tr("✖ Không mở được cơ sở dữ liệu hàng đợi của kiosk."))
            return
        self.runner.submit(self._read_queue, self._show_queue, self._queue_failed)

    def _read_queue(self):
        outbox = self.db.outbox
        today = self.db.today().isoformat()  # the facility's date (facility.time_zone), as the queue keeps it
        # registrations only: a referral item (docs/lobby.md) is the counter outcome shown beside them
        items = [i for i in outbox.items(limit=500, with_payload=True) if i.day == today and i.kind == "registration"]
        waiting = outbox.items(states=("pending", "sending", "needs-attention"), limit=500, with_payload=True)
        counters = self.db.counters.items(today, with_personal=True)
        return items, counters, waiting, outbox.counts(), outbox.last_delivery()

    def _show_queue(self, answer) -> None:
        items, counters, waiting, counts, last = answer
        self.checkins.show_items(items, counters)
        self.queue.show_items(waiting)
        import time
        age = self.tr("chưa có") if last is None else self.tr("{s} giây trước").format(s=int(time.time() - last))
        self.queue_status.setText(self.tr("Trong hàng đợi: {n} · lần gửi thành công gần nhất: {age}").format(
            n=sum(v for k, v in counts.items() if k != "delivered"), age=age))

    def _queue_failed(self, exc: BaseException) -> None:
        log.warning("station: queue read failed: %s", exc.__class__.__name__)
        self.checkins.summary.setText("✖ " + (getattr(exc, "detail", None) or str(exc)))

    def retry(self, item_id: str, tab: CheckinsTab) -> None:
        """Put a needs-attention item back in the queue (off the UI thread), then refresh.

        Items still pending are retried by the kiosk on its own; the queue says so in one sentence.
        """
        def done(_):
            tab.message.setText(self.tr("Đã đưa lại vào hàng gửi."))
            self.refresh()
        self.runner.submit(lambda: self.db.outbox.retry(item_id), done,
                           lambda exc: tab.message.setText("✖ " + (getattr(exc, "detail", None) or str(exc))))

    def reprint(self, item_id: str) -> None:
        """Print the item's ticket again."""
        if self._reprint is None:
            self.checkins.message.setText(self.tr("Máy này chưa cấu hình máy in."))
            return
        item = self.db.outbox.get(item_id)
        self.runner.submit(lambda: self._reprint(item),
                           lambda _: self.checkins.message.setText(self.tr("Đã in lại phiếu.")),
                           self._action_failed)

    def open_counter(self, counter_id: str) -> None:
        """Open a counter outcome in the override tab (its sealed identity read off the UI thread)."""
        from kiosk.offline import counter_subject
        if self.db is None:
            self.checkins.message.setText(self.tr("✖ Không mở được cơ sở dữ liệu hàng đợi của kiosk."))
            return

        def load():
            return counter_subject(self.db.counters.get(counter_id, with_personal=True))
        self.runner.submit(load, lambda subject: self.open_override(*subject, counter_id=counter_id),
                           self._action_failed)

    def open_override(self, identity, eligibility, counter_id: str | None = None) -> None:
        """Show the override form for this patient."""
        self.override.open_subject(identity, eligibility, counter_id)
        self.tabs.setCurrentWidget(self.override)

    def _action_failed(self, exc: BaseException) -> None:
        self.checkins.message.setText("✖ " + (getattr(exc, "detail", None) or str(exc)))

    # --- health ---------------------------------------------------------------------------
    def check_health(self) -> None:
        """Run the bounded health probes (off the UI thread)."""
        if self._health is None:
            return
        self.health.show_checking()
        self.runner.submit(lambda: self._health().run(), self.health.show_report,
                           lambda e: self.health.overall.setText("✖ " + e.__class__.__name__))

    def closeEvent(self, event) -> None:
        """Stop refreshing; wait for background reads."""
        self._timer.stop()
        self.runner.wait(5000)
        super().closeEvent(event)
