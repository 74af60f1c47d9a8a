"""Today's lobby for one desk: every kiosk's check-ins and referrals, a kiosk filter, and the row's actions.

The selection follows the row's id across refreshes and sorting. Only the
actions that apply to the selected row are shown; each one first asks to
confirm with the patient's masked name and ticket, and acts on the row it
asked about (never on whatever is selected when the answer comes).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.lobby.model import LobbyRow, LobbyView
from ui.station import row_actions as A
from ui.station.lobby_table import ID_ROLE, LobbyFilter, LobbyModel


class LobbyTab(QWidget):
    """``action_confirmed(action, row_id, note)`` once staff confirmed an action on a row."""

    action_confirmed = Signal(str, str, str)

    def __init__(self, desk_id: str, *, time_zone: str = "Asia/Ho_Chi_Minh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk_id = desk_id
        self.capabilities = {"can_print": True, "can_override": True, "can_recheck": True}
        self.model = LobbyModel(time_zone=time_zone, parent=self)
        self.proxy = LobbyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("lobby")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(100)   # size columns from 100 rows, not all
        self.table.verticalHeader().setResizeContentsPrecision(0)
        self.table.setWordWrap(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.summary = QLabel()
        self.summary.setObjectName("lobby_summary")
        self.summary.setWordWrap(True)   # a longer summary wraps; it never widens the window
        self.connection = QLabel()
        self.connection.setObjectName("lobby_connection")
        self.connection.setWordWrap(True)
        self.kiosk_caption = QLabel()
        self.kiosk_filter = QComboBox()
        self.kiosk_filter.setObjectName("lobby_kiosk_filter")
        self.kiosk_filter.currentIndexChanged.connect(lambda _: self._filter_changed())
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for action in A.ACTIONS:
            button = QPushButton()
            button.setObjectName(f"lobby_{action}")
            button.clicked.connect(lambda _=False, a=action: self.ask(a))
            button.hide()
            self.buttons[action] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.note = QLineEdit()
        self.note.setObjectName("lobby_note")
        # the confirmation strip: one question about one row, answered in place
        self.confirm_frame = QFrame()
        self.confirm_frame.setObjectName("lobby_confirm")
        self.question = QLabel()
        self.question.setObjectName("lobby_question")
        self.question.setWordWrap(True)
        self.yes = QPushButton()
        self.yes.setObjectName("lobby_yes")
        self.no = QPushButton()
        self.no.setObjectName("lobby_no")
        self.yes.clicked.connect(self._confirmed)
        self.no.clicked.connect(self.cancel)
        strip = QHBoxLayout(self.confirm_frame)
        strip.addWidget(self.question, 1)
        strip.addWidget(self.yes)
        strip.addWidget(self.no)
        self.confirm_frame.hide()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.kiosk_caption)
        top.addWidget(self.kiosk_filter)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.connection)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        lay.addWidget(self.note)
        lay.addWidget(self.confirm_frame)
        self.view: LobbyView | None = None
        self.pending: tuple[str, LobbyRow] | None = None   # the action asked about and the row it is for
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.model.headers = [self.tr("Giờ"), self.tr("Ki-ốt"), self.tr("Số"), self.tr("Khoa"),
                              self.tr("Bệnh nhân"), self.tr("Trạng thái"), self.tr("Lý do")]
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)
        self.model.forget_texts()   # the rows' words follow the language at the next view
        words = {A.REPRINT: self.tr("In lại phiếu"), A.CLAIM: self.tr("Nhận xử lý"),
                 A.RELEASE: self.tr("Trả lại"), A.OVERRIDE: self.tr("Chấp nhận / ghi đè…"),
                 A.SERVICE: self.tr("Xác nhận bệnh nhân dịch vụ"), A.RECHECK: self.tr("Kiểm tra lại thẻ ngay"),
                 A.SENT_HOME: self.tr("Bệnh nhân ra về"), A.RESOLVED: self.tr("Đã xử lý (ghi lý do)")}
        for action, text in words.items():
            self.buttons[action].setText(text)
        self.note.setPlaceholderText(self.tr("Ghi chú / lý do (bắt buộc khi \u201cĐã xử lý\u201d)"))
        self.kiosk_caption.setText(self.tr("Ki-ốt:"))
        if self.kiosk_filter.count():
            self.kiosk_filter.setItemText(0, self.tr("Tất cả"))
        self.yes.setText(self.tr("Xác nhận"))
        self.no.setText(self.tr("Hủy"))
        self._show_summary()

    # --- the rows -------------------------------------------------------------------------
    def show_view(self, view: LobbyView) -> None:
        """Show ``view``; the selected row stays the same record (by id) wherever it now stands."""
        if self.view is not None and view.rows == self.view.rows and not self.model.stale():
            self.view = view   # a long-poll that brought nothing: only the read time moves
            return
        keep = self.selected_id()
        self.view = view
        grew = len(view.rows) != self.model.rowCount()
        self.model.set_rows(view.rows)
        if grew:   # sized to the contents when rows come or go; the table scrolls sideways, the window never widens
            self.table.resizeColumnsToContents()
        self._fill_kiosks({r.kiosk_id for r in view.rows})
        if keep is not None:
            self.select_id(keep)
        self._show_summary()
        self._selection_changed()

    def set_departments(self, names: dict[str, str]) -> None:
        """Department names by code (from the hospital's list)."""
        self.model.departments = dict(names)
        self.model.forget_texts()
        if self.view is not None:
            self.show_view(self.view)

    def _fill_kiosks(self, kiosks: set[str]) -> None:
        have = {self.kiosk_filter.itemData(i) for i in range(self.kiosk_filter.count())}
        if self.kiosk_filter.count() == 0:
            self.kiosk_filter.addItem(self.tr("Tất cả"), "")
        for k in sorted(kiosks - have):
            self.kiosk_filter.addItem(k, k)

    def _filter_changed(self) -> None:
        keep = self.selected_id()
        self.proxy.set_kiosk(self.kiosk_filter.currentData() or "")
        if keep is not None:
            self.select_id(keep)
        self._show_summary()

    def selected_id(self) -> str | None:
        """The id of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], ID_ROLE) if rows else None

    def selected_row(self) -> LobbyRow | None:
        """The selected row as last read."""
        row_id = self.selected_id()
        return self.view.row(row_id) if row_id and self.view else None

    def select_id(self, row_id: str) -> bool:
        """Select the row of this id (False when it is not shown)."""
        source = self.model.row_by_id(row_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def shown_ids(self) -> list[str]:
        """Row ids in the order shown."""
        return [self.proxy.data(self.proxy.index(r, 0), ID_ROLE) for r in range(self.proxy.rowCount())]

    def _show_summary(self) -> None:
        if self.view is None:
            self.summary.setText(self.tr("◷ Đang đọc danh sách từ hệ thống bệnh viện…"))
            return
        registered = sum(1 for r in self.view.rows if r.kind.value == "registration")
        self.summary.setText(self.tr("Cần xử lý: {n} · Đã đăng ký hôm nay: {m} · Ki-ốt: {k}").format(
            n=self.view.needs_staff(), m=registered, k=len({r.kiosk_id for r in self.view.rows})))

    def show_connection(self, text: str, problem: bool) -> None:
        """The line under the summary: when the list was read, or that the HIS is unreachable."""
        self.connection.setText(text)
        self.connection.setStyleSheet("color: #b00020; font-weight: bold;" if problem else "")

    # --- actions --------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        offered = set(A.actions_for(self.selected_row(), self.desk_id, **self.capabilities))
        for action, button in self.buttons.items():
            button.setVisible(action in offered)
        if self.pending is not None and (self.selected_id() != self.pending[1].id or self.pending[0] not in offered):
            self.cancel()   # the question was about another row, or the row changed so it no longer applies

    def ask(self, action: str) -> None:
        """Ask to confirm ``action`` on the selected row, naming the patient and ticket."""
        row = self.selected_row()
        if row is None or action not in A.actions_for(row, self.desk_id, **self.capabilities):
            return
        who = row.patient or self.tr("(không có tên)")
        ticket = row.ticket or "—"
        what = self.buttons[action].text().rstrip("…")
        self.pending = (action, row)
        self.question.setText(self.tr("{what}: {who} · số {ticket} · ki-ốt {kiosk}?").format(
            what=what, who=who, ticket=ticket, kiosk=row.kiosk_id))
        self.confirm_frame.show()

    def cancel(self) -> None:
        """Drop the question."""
        self.pending = None
        self.confirm_frame.hide()
        self.question.clear()

    def _confirmed(self) -> None:
        if self.pending is None:
            return
        action, row = self.pending
        self.cancel()
        self.action_confirmed.emit(action, row.id, self.note.text().strip())
