"""Small building blocks shared by the kiosk screens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui import theme


def label(text: str = "", role: str | None = None, *, center: bool = False,
          wrap: bool = True) -> QLabel:
    """A label with a style role ("title", "huge", "muted", "status")."""
    w = QLabel(text)
    if role:
        w.setProperty("role", role)
    w.setWordWrap(wrap)
    w.setTextFormat(Qt.TextFormat.PlainText)   # patient data is never markup
    if center:
        w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return w


class ElidedLabel(QLabel):
    """One line that ends in "…" when the room is short (a long hospital name on a narrow screen).

    The whole text is its accessible name; :meth:`text` is what shows.
    """

    def __init__(self, text: str = "", role: str | None = None) -> None:
        super().__init__()
        if role:
            self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(text)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 0)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()


class TouchButton(QPushButton):
    """A push button never narrower than its words, nor smaller than a touch target.

    No explicit minimum width is set (a style sheet ``min-width`` would be
    one): Qt layouts let an explicit minimum override the size hint, and then
    squeeze the button until its text is cut (large text, English).
    """

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(theme.TOUCH_MIN, theme.TOUCH_MIN))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def button(text: str = "", role: str | None = None, *, name: str | None = None) -> QPushButton:
    """A touch button at least :data:`theme.TOUCH_MIN` px each way."""
    b = TouchButton(text)
    if role:
        b.setProperty("role", role)
    if name:
        b.setObjectName(name)
    # Only the height is pinned; the width never shrinks below the words' (MinimumExpanding).
    b.setMinimumHeight(theme.TOUCH_MIN)
    b.setSizePolicy(QSizePolicy.Policy.MinimumExpanding, QSizePolicy.Policy.Fixed)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoDefault(True)   # Enter/Space work for keyboard users
    return b


class WrapButton(QPushButton):
    """A touch button whose words wrap onto more lines instead of being clipped (long names, English).

    The words live in a child label (a QPushButton cannot wrap); :meth:`text`
    and :meth:`setText` work on them, and they are the button's accessible name.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = QLabel(self)
        self.words.setObjectName("words")
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.words.setStyleSheet("background: transparent;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 4, 10, 4)
        lay.addWidget(self.words)
        self.setText(text)
        # a style sheet cannot select a child by its parent's :checked state: the words carry it
        self.toggled.connect(self._show_checked)

    def _show_checked(self, on: bool) -> None:
        self.words.setProperty("checked", "true" if on else None)
        self.words.style().unpolish(self.words)
        self.words.style().polish(self.words)

    def text(self) -> str:
        return self.words.text()

    def setText(self, text: str) -> None:
        self.words.setText(text)
        self.setAccessibleName(text.replace("\n", " "))

    def sizeHint(self):
        hint = super().sizeHint()
        return hint.expandedTo(self.minimumSize())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As high as the wrapped words need at ``width`` (never below the touch minimum)."""
        m = self.layout().contentsMargins()
        words = self.words.heightForWidth(max(1, width - m.left() - m.right()))
        return max(self.minimumHeight(), words + m.top() + m.bottom() + 8)


def wrap_button(text: str = "", *, name: str | None = None, role: str | None = None) -> WrapButton:
    """A :class:`WrapButton` with the kiosk's touch size and focus behaviour (``role`` as :func:`button`)."""
    b = WrapButton(text)
    if role:
        b.setProperty("role", role)
    if name:
        b.setObjectName(name)
    b.setMinimumSize(theme.TOUCH_MIN, theme.TOUCH_MIN)
    policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)    # long words wrap onto more lines: the button grows, never clips
    b.setSizePolicy(policy)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoDefault(True)
    return b


def set_tone(widget: QWidget, kind: str) -> None:
    """Colour ``widget``'s text as status ``kind`` (good/warn/bad/wait/info; "" for none).

    The colour itself comes from the window's style sheet (``QLabel[tone=…]``),
    so it follows the look (standard or large, high-contrast).
    """
    widget.setProperty("tone", kind or None)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class StatusLine(QLabel):
    """A status shown as icon + words + colour, never colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "status")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = ""

    def show_status(self, kind: str, words: str) -> None:
        """``kind`` is good/warn/bad/wait/info; the glyph and the words say it, colour repeats it."""
        self.kind = kind
        self.setText(f"{theme.STATUS_GLYPH[kind]}  {words}" if words else "")
        set_tone(self, kind)

    def clear(self) -> None:
        """Empty the line."""
        self.kind = ""
        super().clear()


class Screen(QWidget):
    """One kiosk screen: texts set in :meth:`retranslate`, patient data wiped by :meth:`clear`.

    ``retranslate`` runs at construction and on every language change;
    screens that show patient data keep it in attributes that ``clear`` drops.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def retranslate(self) -> None:
        """Set every fixed text (override)."""

    def clear(self) -> None:
        """Forget and blank every trace of the patient (override when showing data)."""

    def changeEvent(self, event: QEvent) -> None:
        """Re-run :meth:`retranslate` when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
