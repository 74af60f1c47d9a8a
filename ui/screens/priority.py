"""The priority question: one touch, "no" is the big default."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from ui.widgets import Screen, button, label, wrap_button

# Priority groups of the kiosk brief, in the order asked.
PRIORITY_GROUPS = ("emergency", "under-6", "disabled", "over-80", "veteran", "pregnant")


class PriorityScreen(Screen):
    """Emergency, under 6, severely disabled, 80+, veterans/contributors, pregnant — or none."""

    answered = Signal(str)   # a PRIORITY_GROUPS key, or "" for none

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.hint = label(role="muted", center=True)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.buttons = {}
        for i, key in enumerate(PRIORITY_GROUPS):
            b = wrap_button(name=f"priority_{key}")   # large text: long groups wrap, never clip
            b.clicked.connect(lambda _=False, k=key: self._answer(k))
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[key] = b
        self.none = button(role="primary", name="priority_none")
        self.none.setMinimumHeight(96)
        self.none.clicked.connect(lambda: self._answer(self._suggested or ""))
        # With a group known from the birth date, "none" moves here, small, under the big "continue".
        self.not_me = button(role="quiet", name="priority_not_derived")
        self.not_me.clicked.connect(lambda: self._answer(""))
        self.not_me.hide()
        self._suggested: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.setSpacing(20)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addStretch(1)       # every answer low on the screen: the top of a portrait kiosk is out of reach
        lay.addLayout(grid)
        lay.addWidget(self.none)
        lay.addWidget(self.not_me)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Bạn có thuộc nhóm được ưu tiên không?"))
        words = {
            "emergency": self.tr("Cấp cứu"),
            "under-6": self.tr("Trẻ em dưới 6 tuổi"),
            "disabled": self.tr("Người khuyết tật nặng"),
            "over-80": self.tr("Người từ 80 tuổi trở lên"),
            "veteran": self.tr("Người có công với cách mạng"),
            "pregnant": self.tr("Phụ nữ có thai"),
        }
        for key, b in self.buttons.items():
            b.setText(words[key])
        self.not_me.setText(self.tr("Không ưu tiên"))
        suggested = getattr(self, "_suggested", None)
        if suggested:
            self.hint.setText(self.tr("Theo ngày sinh trên thẻ, bạn thuộc nhóm: %1.").replace(
                "%1", words[suggested]))
            self.none.setText(self.tr("✔  Tiếp tục, tôi được ưu tiên"))
        else:
            self.hint.setText(self.tr("Nhân viên sẽ kiểm tra giấy tờ khi bạn vào khám."))
            self.none.setText(self.tr("Không, tôi không thuộc nhóm nào"))

    def suggest(self, group: str | None) -> None:
        """Pre-select ``group`` (known from the birth date: "over-80"/"under-6"), or None to ask."""
        self._suggested = group if group in self.buttons else None
        for key, b in self.buttons.items():
            b.setCheckable(True)
            b.setChecked(key == self._suggested)
        self.not_me.setVisible(self._suggested is not None)
        self.retranslate()

    def clear(self) -> None:
        """Forget the pre-selected group."""
        self.suggest(None)

    def showEvent(self, event) -> None:
        """Every visit starts with all answers enabled."""
        self._enable(True)
        super().showEvent(event)

    def _enable(self, on: bool) -> None:
        for b in (*self.buttons.values(), self.none, self.not_me):
            b.setEnabled(on)

    def _answer(self, key: str) -> None:
        self._enable(False)   # a double tap answers once
        self.answered.emit(key)
