"""Today's check-ins from this kiosk, as the offline queue holds them: status, retry, reprint."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.domain import mask_digits
from ui.station.status_words import status_colour, status_text

COLUMNS = 7


def item_status(item) -> str:
    """delivered / queued (not delivered yet) / needs-attention, as staff read it."""
    if item.needs_attention:
        return "needs-attention"
    return "delivered" if item.state == "delivered" else "queued"


def item_row(item) -> list[str]:
    """One table row: time, ticket, department, patient (masked), status, eligibility, why."""
    xml0 = ((item.payload or {}).get("registration") or {}).get("xml0") or {}
    number = xml0.get("SO_CCCD") or xml0.get("MA_THE_BHYT") or ""
    who = " ".join(x for x in (xml0.get("HO_TEN", ""), mask_digits(number)) if x) or "—"   # purged: nothing
    ticket = item.hospital_ticket or item.ticket_shown or item.kiosk_ticket
    if item.reassigned:
        ticket = f"{item.ticket_shown} → {item.hospital_ticket}"
    why = item.reason or item.elig_reason or item.last_error or ""
    return [datetime.fromtimestamp(item.created_at).strftime("%H:%M:%S"), ticket,
            str(item.public.get("department", "")), who, status_text(item_status(item)),
            item.eligibility, why]


class CheckinsTab(QWidget):
    """A table of today's items; ``retry_requested`` / ``reprint_requested`` carry the item id."""

    retry_requested = Signal(str)
    reprint_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("checkins")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.refresh = QPushButton()
        self.retry = QPushButton()
        self.reprint = QPushButton()
        self.refresh.clicked.connect(self.refresh_requested)
        self.retry.clicked.connect(lambda: self._emit(self.retry_requested))
        self.reprint.clicked.connect(lambda: self._emit(self.reprint_requested))
        self.message = QLabel()
        row = QHBoxLayout()
        for b in (self.refresh, self.retry, self.reprint):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self.ids: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.table.setHorizontalHeaderLabels([self.tr("Giờ"), self.tr("Số thứ tự"), self.tr("Khoa"),
                                              self.tr("Bệnh nhân"), self.tr("Trạng thái"),
                                              self.tr("BHYT"), self.tr("Lý do")])
        self.refresh.setText(self.tr("Làm mới"))
        self.retry.setText(self.tr("Gửi lại ngay"))
        self.reprint.setText(self.tr("In lại phiếu"))

    def show_items(self, items: list) -> None:
        """Replace the rows (newest first)."""
        self.table.setRowCount(len(items))
        self.ids = [i.id for i in items]
        for r, item in enumerate(items):
            for c, text in enumerate(item_row(item)):
                cell = QTableWidgetItem(text)
                if c == 4:   # the word and icon say it; the colour repeats it
                    cell.setForeground(QColor(status_colour(item_status(item))))
                    cell.setToolTip(item.state)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        counts = {}
        for i in items:
            counts[item_status(i)] = counts.get(item_status(i), 0) + 1
        self.summary.setText("   ".join(f"{status_text(k)}: {v}" for k, v in sorted(counts.items()))
                             or self.tr("Chưa có lượt check-in nào hôm nay."))

    def selected_id(self) -> str | None:
        """The item id of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _emit(self, signal) -> None:
        item_id = self.selected_id()
        if item_id is None:
            self.message.setText(self.tr("Chọn một dòng trước."))
            return
        signal.emit(item_id)
