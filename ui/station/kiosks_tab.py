"""The fleet for staff: which kiosk needs paper, which is offline since when, what is waiting to be sent."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.facility_time import facility_time_of
from kiosk.lobby.model import KioskState
from ui import theme
from ui.station.lobby_words import paper_word, part_word

COLUMNS = 7


class KiosksTab(QWidget):
    """One row per kiosk heard from today (``Lobby.kiosks()``)."""

    def __init__(self, *, time_zone: str = "Asia/Ho_Chi_Minh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time_zone = time_zone
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("kiosks")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("kiosks_summary")
        self.summary.setWordWrap(True)
        self.refresh = QPushButton()
        self.refresh.setObjectName("kiosks_refresh")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.refresh)
        self.kiosks: tuple[KioskState, ...] = ()
        self.needs_staff: int | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.table.setHorizontalHeaderLabels([self.tr("Ki-ốt"), self.tr("Kết nối"), self.tr("Giấy in"),
                                              self.tr("Chờ gửi"), self.tr("Check-in gần nhất"),
                                              self.tr("Bộ phận có lỗi"), self.tr("Phiên bản")])
        self.refresh.setText(self.tr("Làm mới"))
        if self.kiosks:
            self.show_kiosks(self.kiosks)

    def _clock(self, at: float | None) -> str:
        return facility_time_of(at, self.time_zone).strftime("%H:%M") if at else "—"

    def _age(self, seconds: float | None) -> str:
        if seconds is None:
            return ""
        minutes = int(seconds // 60)
        return self.tr("{n} phút").format(n=minutes) if minutes else self.tr("{n} giây").format(n=int(seconds))

    def row_texts(self, k: KioskState) -> list[str]:
        """The cells of one kiosk."""
        if k.online:
            link = "✔ " + self.tr("trực tuyến")
        else:
            link = "✖ " + self.tr("mất kết nối từ {t}").format(t=self._clock(k.offline_since or k.last_seen))
        if k.queue_depth:
            queue = self.tr("{n} lượt, cũ nhất {age}").format(n=k.queue_depth, age=self._age(k.queue_oldest_age))
        else:
            queue = self.tr("không có")
        if k.queue_attention:
            queue += " · " + self.tr("{n} lượt cần nhân viên xử lý").format(n=k.queue_attention)
        broken = [part_word(p) for p, s in sorted(k.parts.items()) if s in ("failing", "degraded")]
        # tr() outside the f-string, where pyside6-lupdate can see it
        away = [self._clock(a) + "–" + (self._clock(b) if b else self.tr("nay")) for a, b in k.offline_periods]
        link += ("  (" + self.tr("mất kết nối hôm nay: {p}").format(p=", ".join(away)) + ")") if away else ""
        return [k.kiosk_id, link, paper_word(k.paper), queue, self._clock(k.last_checkin_at),
                ", ".join(broken) or "—", k.version or "—"]

    def show_kiosks(self, kiosks, needs_staff: int | None = None) -> None:
        """Fill the table; the summary names what needs doing first."""
        self.kiosks = tuple(sorted(kiosks, key=lambda k: k.kiosk_id))
        if needs_staff is not None:
            self.needs_staff = needs_staff
        self.table.setRowCount(len(self.kiosks))
        for r, k in enumerate(self.kiosks):
            for c, text in enumerate(self.row_texts(k)):
                cell = QTableWidgetItem(text)
                if c == 1:
                    cell.setForeground(QColor(theme.STATUS_COLOUR["good" if k.online else "bad"]))
                if c == 2 and k.paper in ("low", "out"):
                    cell.setForeground(QColor(theme.STATUS_COLOUR["warn" if k.paper == "low" else "bad"]))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        offline = [k.kiosk_id for k in self.kiosks if not k.online]
        paper = [k.kiosk_id for k in self.kiosks if k.paper in ("low", "out")]
        parts = [self.tr("{n} ki-ốt").format(n=len(self.kiosks)),
                 self.tr("mất kết nối: {ids}").format(ids=", ".join(offline) or self.tr("không")),
                 self.tr("cần giấy: {ids}").format(ids=", ".join(paper) or self.tr("không"))]
        if self.needs_staff is not None:
            parts.append(self.tr("Cần xử lý: {n}").format(n=self.needs_staff))
        self.summary.setText(" · ".join(parts))

    def show_unavailable(self, text: str) -> None:
        """The fleet could not be read: keep the table, say why."""
        self.summary.setText("✖ " + text + (" · " + self.tr("bảng dưới đây là lần đọc cuối") if self.kiosks else ""))
