"""The name for a typed ID: big letter keys without diacritics (the gateway tolerates that)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from ui.widgets import Screen, button, label

LETTERS = "ABCDĐEGHIKLMNOPQRSTUVXY"   # the Vietnamese alphabet's base letters
ROW = 8


class NameScreen(Screen):
    """Letters, space and erase; OK with at least two letters."""

    submitted = Signal(str)
    back = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.hint = label(role="muted", center=True)
        self.entry = QLineEdit()
        self.entry.setObjectName("name_entry")
        self.entry.setReadOnly(True)
        self.entry.setMaxLength(60)
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, ch in enumerate(LETTERS):
            b = button(ch, role="key", name=f"letter_{ch}")  # narrow padding: 8 keys fit at 1024 px
            b.clicked.connect(lambda _=False, ch=ch: self.type(ch))
            grid.addWidget(b, i // ROW, i % ROW)
        self.space = button(name="space")
        self.space.clicked.connect(lambda: self.type(" "))
        self.erase = button("⌫", role="key", name="erase")
        self.erase.clicked.connect(lambda: self.entry.setText(self.entry.text()[:-1]) or self._update())
        last = (len(LETTERS) + ROW - 1) // ROW
        grid.addWidget(self.space, last, 0, 1, ROW - 2)
        grid.addWidget(self.erase, last, ROW - 2, 1, 2)
        self.ok = button(role="primary", name="ok")
        self.ok.clicked.connect(self._submit)
        self.cancel = button(role="quiet", name="cancel")
        self.cancel.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.cancel, 1)
        row.addWidget(self.ok, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 12, 32, 12)
        lay.setSpacing(10)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addWidget(self.entry)
        lay.addLayout(grid, 1)
        lay.addLayout(row)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Nhập họ và tên"))
        self.hint.setText(self.tr("Không cần gõ dấu. Ví dụ: TRAN VAN BINH"))
        self.space.setText(self.tr("Dấu cách"))
        self.ok.setText(self.tr("Xong"))
        self.cancel.setText(self.tr("← Quay lại"))

    def type(self, ch: str) -> None:
        """Append one letter or a space (never two spaces in a row)."""
        text = self.entry.text()
        if ch == " " and (not text or text.endswith(" ")):
            return
        self.entry.setText(text + ch)
        self._update()

    def keyPressEvent(self, event) -> None:
        """A physical keyboard works too."""
        text = event.text().upper()
        if text and (text in LETTERS or text == " "):
            self.type(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.entry.setText(self.entry.text()[:-1])
            self._update()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)

    def _update(self) -> None:
        self.ok.setEnabled(len(self.entry.text().replace(" ", "")) >= 2)

    def _submit(self) -> None:
        if self.ok.isEnabled():
            self.ok.setEnabled(False)
            self.submitted.emit(self.entry.text().strip())

    def clear(self) -> None:
        """Forget the typed name."""
        self.entry.clear()
        self._update()
