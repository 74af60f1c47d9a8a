"""The state of reader, camera, printer, gateway, hospital system, queue, disk and clock."""

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

from ui.station.lobby_words import language, part_word
from ui.station.status_words import status_colour, status_text

_WORD = {"ok": "ok", "degraded": "degraded", "failing": "failing"}


class HealthTab(QWidget):
    """One row per part: icon + word, and the core's one-sentence reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("health")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.overall = QLabel()
        self.overall.setObjectName("overall")
        self.refresh = QPushButton()
        lay = QVBoxLayout(self)
        lay.addWidget(self.overall)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.refresh)
        self.report = None   # the last report: shown again in the new language
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.table.setHorizontalHeaderLabels([self.tr("Bộ phận"), self.tr("Trạng thái"), self.tr("Chi tiết")])
        self.refresh.setText(self.tr("Kiểm tra lại"))
        if self.report is not None:
            self.show_report(self.report)

    def show_checking(self) -> None:
        """The probes are running (bounded; a few seconds at most)."""
        self.overall.setText(self.tr("◷ Đang kiểm tra…"))

    def detail(self, part: str, word: str, reason: str) -> str:
        """The detail column: a staff sentence (the core's own sentence is English: shown in English only)."""
        if language() == "en":
            return reason
        return {"ok": self.tr("{part} hoạt động bình thường."),
                "degraded": self.tr("{part} hoạt động hạn chế; IT xem chi tiết bằng \u201ckiosk doctor\u201d."),
                "failing": self.tr("{part} không hoạt động; báo IT (chi tiết: \u201ckiosk doctor\u201d)."),
                }.get(word, self.tr("{part}: chưa rõ trạng thái.")).format(part=_first_upper(part_word(part)))

    def show_report(self, report) -> None:
        """Fill the table from a :class:`kiosk.health.HealthReport`."""
        self.report = report
        parts = report.parts
        self.table.setRowCount(len(parts))
        for r, part in enumerate(parts):
            word = _WORD.get(part.status.value, "unknown")
            status = QTableWidgetItem(status_text(word))
            status.setForeground(QColor(status_colour(word)))
            for c, cell in enumerate((QTableWidgetItem(part_word(part.part)), status,
                                      QTableWidgetItem(self.detail(part.part, word, part.reason)))):
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        worst = _WORD.get(report.status.value, "unknown")
        self.overall.setText(self.tr("Tổng thể: ") + status_text(worst))


def _first_upper(text: str) -> str:
    """``cổng BHXH`` → ``Cổng BHXH`` (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]
