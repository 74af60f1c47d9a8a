"""The kiosk's screens, one at a time, in a scroll area that scrolls only when a screen cannot fit.

Every screen fits every kiosk size in the standard look, and the lobby
shapes (1080x1920, 1920x1080, 1280x1024) in the large-text look
(``tests/ui/test_layout_fits.py``). On a small screen (1280x800, 1024x768)
the large-text look needs more height than there is: rather than let the
window grow past the screen's edge and cut off the bottom (the main action),
the screen scrolls, with a scroll bar wide enough for a finger.

The stack is only as tall as the screen SHOWING needs (a QStackedWidget is as
tall as its tallest page), so a short screen never scrolls because a tall one
exists.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QStackedWidget, QWidget


class ScreenStack(QStackedWidget):
    """A stack whose size hints are those of the current screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the stacked layout would pin the minimum to the tallest page; the hints below decide instead
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        current = self.currentWidget()
        return current is not None and current.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        # the stacked layout answers for its tallest page; only the one showing matters here
        current = self.currentWidget()
        return current.heightForWidth(width) if current is not None else -1


class ScreenScroller(QScrollArea):
    """Holds the :class:`ScreenStack`; vertical scrolling only, and only when needed."""

    def __init__(self, stack: ScreenStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screens")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(stack)

    def needs_scrolling(self) -> bool:
        """True when the current screen is taller than the room for it."""
        return self.verticalScrollBar().maximum() > 0

    def to_top(self) -> None:
        """A new screen starts at its top."""
        self.verticalScrollBar().setValue(0)
