"""A card laid over the whole window: the frame both the help and the walk-away overlays use."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


class WindowOverlay(QFrame):
    """Covers its parent with a centred card and follows the parent's size.

    Subclasses add their widgets to :attr:`card_layout`, implement ``retranslate()``
    (called again on every language change) and call :meth:`cover` to show the overlay.
    The screen underneath stays as it was: hiding the overlay returns to it.
    """

    def __init__(self, parent: QWidget, *, margin: int) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        card = QFrame(self)
        card.setObjectName("card")
        self.card_layout = QVBoxLayout(card)
        self.card_layout.setContentsMargins(40, 32, 40, 32)
        self.card_layout.setSpacing(24)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.hide()
        parent.installEventFilter(self)

    def retranslate(self) -> None:
        """Set the texts in the current language (override)."""

    def cover(self) -> None:
        """Lay the overlay over the whole window, above everything else."""
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, obj, event: QEvent) -> bool:
        """Cover the whole window when it is resized."""
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False
