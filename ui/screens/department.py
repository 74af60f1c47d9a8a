"""Department choice, under the eligibility result in one plain sentence."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from ui.widgets import Screen, StatusLine, label, wrap_button

COLUMNS = 3


class DepartmentScreen(Screen):
    """One touch on a department; the list comes from the hospital system (cached offline)."""

    chosen = Signal(str)   # department code

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.eligibility = StatusLine()
        self.eligibility.setObjectName("eligibility")
        self.title = label(role="title")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(16)
        for column in range(COLUMNS):          # equal columns, whatever the names' lengths
            self.grid.setColumnStretch(column, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.setSpacing(20)
        lay.addWidget(self.eligibility)
        lay.addWidget(self.title)
        # the list sits low: on a portrait screen the top third is out of a seated patient's reach
        lay.addStretch(1)
        lay.addWidget(self.grid_host)
        self.buttons: dict[str, object] = {}
        self._departments: list = []
        self._language = "vi"
        self._sentence = ("", "", "")   # kind, vi, en
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Bạn muốn khám ở đâu? Chạm vào một khoa:"))

    def show_choices(self, kind: str, sentence_vi: str, sentence_en: str, departments: list,
                     language: str) -> None:
        """Eligibility line (kind good/warn/…) and one button per department."""
        self._sentence = (kind, sentence_vi, sentence_en)
        self._departments = list(departments)
        self.set_language(language)

    def set_language(self, language: str) -> None:
        """Re-render the core's texts (they come in both languages)."""
        self._language = language
        kind, vi, en = self._sentence
        if kind:
            self.eligibility.show_status(kind, en if language == "en" else vi)
        self._build_buttons()

    def _build_buttons(self) -> None:
        for b in self.buttons.values():
            b.setParent(None)
            b.deleteLater()
        self.buttons = {}
        room_word = self.tr("Phòng")
        for i, d in enumerate(self._departments):
            name = d.name_en if self._language == "en" else d.name_vi
            # long names (and English) wrap inside the button rather than being cut off
            b = wrap_button(f"{name}\n{room_word} {d.room}", name=f"dept_{d.code}")
            b.setMinimumHeight(110)
            b.clicked.connect(lambda _=False, code=d.code: self._choose(code))
            self.grid.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.buttons[d.code] = b

    def _choose(self, code: str) -> None:
        for b in self.buttons.values():
            b.setEnabled(False)      # a double tap chooses once
        self.chosen.emit(code)

    def clear(self) -> None:
        """Drop the eligibility sentence and the buttons."""
        self._sentence = ("", "", "")
        self._departments = []
        self.eligibility.clear()
        self._build_buttons()
