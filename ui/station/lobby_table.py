"""The lobby's rows as a Qt table model, keyed by row id (never by row number)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from kiosk.facility_time import facility_time_of
from kiosk.lobby.model import LobbyRow, RowKind, RowState
from ui import theme
from ui.station.lobby_words import department_word, state_word, why_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class LobbyModel(QAbstractTableModel):
    """Today's rows: time, kiosk, ticket, department, patient (masked), state, reason."""

    def __init__(self, *, time_zone: str = "Asia/Ho_Chi_Minh", parent=None) -> None:
        super().__init__(parent)
        self.time_zone = time_zone
        self.rows: list[LobbyRow] = []
        self.departments: dict[str, str] = {}   # code -> name from the hospital's department list
        self.headers: list[str] = [""] * 7
        self._texts: list[list[str]] = []
        self._cache: dict[LobbyRow, list[str]] = {}   # row (frozen: its every field) -> its texts
        self._stale = False
        self._index: dict[str, int] = {}

    def set_rows(self, rows) -> None:
        """Replace the rows (callers put the selection back by id); each row's texts are made once here."""
        self.beginResetModel()
        self.rows = list(rows)
        # data() is called per cell, often: each row is formatted once, and again only when it changed
        cache, self._cache = self._cache, {}
        for r in self.rows:
            self._cache[r] = cache.get(r) or self.cells(r)
        self._texts = [self._cache[r] for r in self.rows]
        self._index = {r.id: i for i, r in enumerate(self.rows)}
        self._stale = False
        self.endResetModel()

    def forget_texts(self) -> None:
        """The language or the department names changed: format every row again at the next set_rows."""
        self._cache = {}
        self._stale = True

    def stale(self) -> bool:
        """True until the rows are shown again after :meth:`forget_texts`."""
        return self._stale

    def row_by_id(self, row_id: str) -> int | None:
        """The model row holding ``row_id``."""
        return self._index.get(row_id)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows (flat table)."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Seven columns."""
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        """The translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def cells(self, row: LobbyRow) -> list[str]:
        """The texts of one row."""
        ticket = row.ticket or "—"
        return [facility_time_of(row.created_at, self.time_zone).strftime("%H:%M:%S"), row.kiosk_id, ticket,
                department_word(row.department, self.departments), row.patient or "—", state_word(row),
                why_text(row)]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        """Text, id, sort key and colour of a cell."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return row.created_at if index.column() == 0 else self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5:
            kind = ("good" if row.kind is RowKind.REGISTRATION or row.state is RowState.RESOLVED
                    else "bad" if row.state is RowState.OPEN else "wait")
            return QColor(theme.STATUS_COLOUR[kind])
        return None


class LobbyFilter(QSortFilterProxyModel):
    """Sorting by the sort role; an optional kiosk filter."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kiosk = ""
        self.setSortRole(SORT_ROLE)

    def set_kiosk(self, kiosk: str) -> None:
        """Show only ``kiosk``'s rows ("" = every kiosk)."""
        self.beginFilterChange()
        self.kiosk = kiosk
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: QModelIndex) -> bool:
        """Rows of the chosen kiosk."""
        if not self.kiosk:
            return True
        return self.sourceModel().rows[source_row].kiosk_id == self.kiosk
