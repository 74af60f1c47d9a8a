"""The bar under every kiosk screen: large text ("A+") and "need help", within reach of a seated patient.

It sits at the bottom (not in the top bar) because on a portrait lobby
screen the top is out of reach from a wheelchair; both buttons show on
every screen, whatever the flow is doing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from ui.widgets import button


class AssistBar(QFrame):
    """``large_text_toggled(on)`` and ``help_requested`` are its two buttons."""

    large_text_toggled = Signal(bool)
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assist")
        self.large_text = button(name="large_text")
        self.large_text.setCheckable(True)
        self.help = button(role="primary", name="help")
        for b in (self.large_text, self.help):
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.large_text.toggled.connect(self._toggled)
        self.help.clicked.connect(self.help_requested)
        self.row = QHBoxLayout(self)
        self.row.setSpacing(16)
        self.row.addWidget(self.large_text)
        self.row.addStretch(1)
        self.row.addWidget(self.help)
        self.set_portrait(True)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        """Its own bar under the screens (portrait), or two more buttons in the top bar (landscape)."""
        if portrait:
            self.row.setContentsMargins(24, 4, 24, 4)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        else:
            self.row.setContentsMargins(0, 0, 0, 0)
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def retranslate(self) -> None:
        """The buttons say what a touch does next."""
        if self.large_text.isChecked():
            self.large_text.setText("A−")
            self.large_text.setAccessibleName(self.tr("Trở lại chữ cỡ thường"))
        else:
            self.large_text.setText("A+")
            self.large_text.setAccessibleName(self.tr("Chữ to, tương phản cao"))
        self.help.setText(self.tr("Cần trợ giúp"))

    def set_large_text(self, on: bool) -> None:
        """Show the mode without announcing it (the session's reset)."""
        self.large_text.blockSignals(True)
        self.large_text.setChecked(on)
        self.large_text.blockSignals(False)
        self.retranslate()

    def _toggled(self, on: bool) -> None:
        self.retranslate()
        self.large_text_toggled.emit(on)

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
