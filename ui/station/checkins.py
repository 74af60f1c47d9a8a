"""Today's check-ins from this kiosk: the offline queue's items and the patients sent to the counter.

Status, retry, reprint, and "accept / override" on a counter outcome.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import mask_digits
from kiosk.facility_time import facility_time_of
from ui.station.benefit_lines import benefit_summary
from ui.station.status_words import status_colour, status_text

COLUMNS = 7


def item_status(item) -> str:
    """delivered / queued (not delivered yet) / needs-attention, as staff read it."""
    if item.needs_attention:
        return "needs-attention"
    return "delivered" if item.state == "delivered" else "queued"


def item_row(item, time_zone: str = "Asia/Ho_Chi_Minh") -> list[str]:
    """One table row: time, ticket, department, patient (masked), status, eligibility, why."""
    xml0 = ((item.payload or {}).get("registration") or {}).get("xml0") or {}
    number = xml0.get("SO_CCCD") or xml0.get("MA_THE_BHYT") or ""
    who = " ".join(x for x in (xml0.get("HO_TEN", ""), mask_digits(number)) if x) or "—"   # purged: nothing
    ticket = item.hospital_ticket or item.ticket_shown or item.kiosk_ticket
    if item.reassigned:
        ticket = f"{item.ticket_shown} → {item.hospital_ticket}"
    benefit = ((item.payload or {}).get("registration") or {}).get("benefit")
    why = item.reason or item.elig_reason or item.last_error or benefit_summary(benefit)
    return [facility_time_of(item.created_at, time_zone).strftime("%H:%M:%S"), ticket,
            str(item.public.get("department", "")), who, status_text(item_status(item)),
            item.eligibility, why]


def counter_status(record) -> str:
    """The gateway's status word (expired, not-found …: "→ counter"), or overridden once staff registered it."""
    return "overridden" if record.resolved_by else str(record.public.get("status", "counter"))


def counter_row(record, time_zone: str = "Asia/Ho_Chi_Minh") -> list[str]:
    """A counter outcome as a row: no ticket, the masked card (and the name while it is kept)."""
    identity = (record.personal or {}).get("identity") or {}
    who = " ".join(x for x in (identity.get("full_name", ""), str(record.public.get("masked_card", ""))) if x)
    return [facility_time_of(record.created_at, time_zone).strftime("%H:%M:%S"), "—", "", who or "—",
            status_text(counter_status(record)), str(record.public.get("status", "")),
            str(record.public.get("code", ""))]


class CheckinsTab(QWidget):
    """A table of today's items; the ``*_requested`` signals carry the row's item / outcome id."""

    retry_requested = Signal(str)
    reprint_requested = Signal(str)
    override_requested = Signal(str)   # a counter outcome's id
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, time_zone: str = "Asia/Ho_Chi_Minh") -> None:
        super().__init__(parent)
        self.time_zone = time_zone   # the "Giờ" column shows the facility's wall clock
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
        self.override = QPushButton()
        self.override.setObjectName("checkins_override")
        self.override.clicked.connect(self._emit_override)
        self.refresh.clicked.connect(self.refresh_requested)
        self.retry.clicked.connect(lambda: self._emit(self.retry_requested))
        self.reprint.clicked.connect(lambda: self._emit(self.reprint_requested))
        self.message = QLabel()
        row = QHBoxLayout()
        for b in (self.refresh, self.retry, self.reprint, self.override):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self.ids: list[str] = []
        self.kinds: list[str] = []   # "item" (outbox) or "counter" per row
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.table.setHorizontalHeaderLabels([self.tr("Giờ"), self.tr("Số thứ tự"), self.tr("Khoa"),
                                              self.tr("Bệnh nhân"), self.tr("Trạng thái"),
                                              self.tr("BHYT"), self.tr("Lý do")])
        self.refresh.setText(self.tr("Làm mới"))
        self.retry.setText(self.tr("Gửi lại ngay"))
        self.reprint.setText(self.tr("In lại phiếu"))
        self.override.setText(self.tr("Chấp nhận / ghi đè…"))

    def show_items(self, items: list, counters: list = ()) -> None:
        """Replace the rows: queue items and counter outcomes together, newest first."""
        rows = sorted([("item", i) for i in items] + [("counter", c) for c in counters],
                      key=lambda kr: kr[1].created_at, reverse=True)
        self.table.setRowCount(len(rows))
        self.ids = [x.id for _, x in rows]
        self.kinds = [k for k, _ in rows]
        counts: dict[str, int] = {}
        for r, (kind, x) in enumerate(rows):
            status = item_status(x) if kind == "item" else counter_status(x)
            counts[status] = counts.get(status, 0) + 1
            for c, text in enumerate(item_row(x, self.time_zone) if kind == "item" else counter_row(x, self.time_zone)):
                cell = QTableWidgetItem(text)
                if c == 4:   # the word and icon say it; the colour repeats it
                    cell.setForeground(QColor(status_colour(status)))
                    cell.setToolTip(x.state if kind == "item" else status)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        self.summary.setText("   ".join(f"{status_text(k)}: {v}" for k, v in sorted(counts.items()))
                             or self.tr("Chưa có lượt check-in nào hôm nay."))

    def selected_id(self) -> str | None:
        """The item id of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _emit_override(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("Chọn một dòng trước."))
        elif self.kinds[rows[0].row()] != "counter":
            self.message.setText(self.tr("Chỉ ghi đè được lượt bị chuyển đến quầy (không có số thứ tự)."))
        else:
            self.override_requested.emit(self.ids[rows[0].row()])

    def _emit(self, signal) -> None:
        item_id = self.selected_id()
        if item_id is None:
            self.message.setText(self.tr("Chọn một dòng trước."))
            return
        signal.emit(item_id)
