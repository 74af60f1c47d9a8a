"""A large 0-9 keypad with erase and OK, shared by ID entry and the staff PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ui.widgets import button


class DigitPad(QWidget):
    """Edits :attr:`entry` (digits only, up to ``max_length``); ``accepted`` on OK."""

    accepted = Signal(str)
    changed = Signal(str)

    def __init__(self, max_length: int, *, secret: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self.entry = QLineEdit()
        self.entry.setReadOnly(True)       # typed through the keys or the keyboard handler
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setMaxLength(max_length)
        if secret:
            self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.digit_buttons = {}
        for i, d in enumerate("1234567890"):
            self.digit_buttons[d] = b = button(d, role="key", name=f"digit_{d}")
            b.clicked.connect(lambda _=False, d=d: self.press(d))
            grid.addWidget(b, *((i // 3, i % 3) if d != "0" else (3, 1)))
        self.erase = button("⌫", role="key", name="erase")
        self.erase.clicked.connect(lambda: self.press("back"))
        self.ok = button(role="primary", name="ok")
        self.ok.clicked.connect(self.submit)
        grid.addWidget(self.erase, 3, 0)
        grid.addWidget(self.ok, 3, 2)
        self.complete_at = max_length      # OK is enabled from this many digits

    def text(self) -> str:
        """The digits typed so far."""
        return self.entry.text()

    def press(self, key: str) -> None:
        """A key: a digit, or "back" to erase one."""
        text = self.entry.text()
        if key == "back":
            text = text[:-1]
        elif key.isdigit() and len(text) < self.max_length:
            text += key
        self.entry.setText(text)
        self.ok.setEnabled(len(text) >= self.complete_at)
        self.changed.emit(text)

    def handle_key(self, event) -> bool:
        """Physical keyboard: digits, Backspace, Enter. True when the key was used."""
        if event.text().isdigit():
            self.press(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("back")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            return False
        return True

    def submit(self) -> None:
        """Emit ``accepted`` once for a complete entry (a double tap submits once)."""
        if len(self.entry.text()) >= self.complete_at and self.ok.isEnabled():
            self.ok.setEnabled(False)
            self.accepted.emit(self.entry.text())

    def reset(self) -> None:
        """Empty the entry."""
        self.entry.clear()
        self.press("")

    def lay_out(self, screen: QWidget, title: QWidget, message: QWidget, cancel: QWidget,
                first: QWidget | None = None) -> None:
        """The keypad screens' shared layout: title, entry, message, the centred pad, cancel beside it.

        Cancel sits left of the pad, not under it: the four key rows then fit
        (bottom row included) under the top bar on a 768 px high screen.
        """
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(cancel, 1, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self, 2)
        row.addStretch(1)
        lay = QVBoxLayout(screen)
        lay.setContentsMargins(48, 16, 48, 16)
        lay.setSpacing(12)
        if first is not None:        # a line above everything (the keypad offers the card first)
            lay.addWidget(first)
        for w in (title, self.entry, message):
            lay.addWidget(w)
        lay.addLayout(row, 1)
        screen.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
