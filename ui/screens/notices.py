"""The exception paths, each with its own screen: icon, title, one sentence, clear buttons.

Counter, new card, wrong route, pending (offline), card unreadable and "not
me" all differ in what the patient must do next, so each is its own class
with its own words; :class:`NoticeScreen` only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ui import theme
from ui.widgets import Screen, button, label


class NoticeScreen(Screen):
    """Layout shared by the exception screens; ``proceed``/``leave`` are its two answers."""

    proceed = Signal()
    leave = Signal()
    kind = "info"          # good/warn/bad/wait/info: glyph and colour of the title

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.glyph = label(role="huge", center=True)
        self.glyph.setText(theme.STATUS_GLYPH[self.kind])
        self.glyph.setStyleSheet(f"color: {theme.STATUS_COLOUR[self.kind]};")
        self.title = label(role="title", center=True)
        self.title.setObjectName("notice_title")
        self.sentence = label(center=True)
        self.sentence.setObjectName("sentence")
        self.next_step = label(role="muted", center=True)
        self.primary = button(role="primary", name="proceed")
        self.secondary = button(role="quiet", name="leave")
        self.primary.clicked.connect(self._proceed)
        self.secondary.clicked.connect(self.leave)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.secondary, 1)
        row.addWidget(self.primary, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(64, 40, 64, 40)
        lay.setSpacing(24)
        lay.addStretch(1)
        lay.addWidget(self.glyph)
        lay.addWidget(self.title)
        lay.addWidget(self.sentence)
        lay.addWidget(self.next_step)
        lay.addStretch(1)
        lay.addLayout(row)
        self._core_sentence = ("", "")
        self._language = "vi"
        self.retranslate()

    def show_reason(self, sentence_vi: str = "", sentence_en: str = "", language: str = "vi") -> None:
        """The core's own one-sentence reason (both languages), if it gave one."""
        self._core_sentence = (sentence_vi, sentence_en)
        self.set_language(language)
        self.primary.setEnabled(True)

    def set_language(self, language: str) -> None:
        """Re-render the core's sentence."""
        self._language = language
        vi, en = self._core_sentence
        core = en if language == "en" else vi
        self.sentence.setText(core or self.default_sentence())

    def default_sentence(self) -> str:
        """The sentence when the core gave none (override)."""
        return ""

    def _proceed(self) -> None:
        self.primary.setEnabled(False)   # a double tap answers once
        self.proceed.emit()

    def clear(self) -> None:
        """Drop the core's sentence."""
        self._core_sentence = ("", "")
        self.sentence.setText(self.default_sentence())


class CounterScreen(NoticeScreen):
    """Not covered or needs staff: go to the reception counter (one line why)."""

    kind = "warn"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Mời bạn đến quầy tiếp đón"))
        self.next_step.setText(self.tr("Nhân viên đã nhận thông tin và sẽ giúp bạn. Bạn không cần làm lại."))
        self.primary.setText(self.tr("Đã hiểu"))
        self.secondary.hide()
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Thẻ của bạn cần được nhân viên kiểm tra.")


class NewCardScreen(NoticeScreen):
    """Covered, but under a newer insurance card than the one presented."""

    kind = "good"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Bạn đã có thẻ BHYT mới"))
        self.next_step.setText(self.tr("Máy sẽ dùng thẻ mới cho lần khám này."))
        self.primary.setText(self.tr("Tiếp tục"))
        self.secondary.setText(self.tr("Đến quầy tiếp đón"))
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Thẻ bảo hiểm y tế của bạn còn hiệu lực theo thẻ mới.")


class WrongRouteScreen(NoticeScreen):
    """Registered elsewhere and the benefit is for staff to confirm: the patient confirms before continuing."""

    kind = "warn"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Bạn đăng ký khám ban đầu ở nơi khác"))
        self.next_step.setText(self.tr("Nếu khám ở đây, bảo hiểm có thể chi trả ít hơn. Bạn muốn làm gì?"))
        self.primary.setText(self.tr("Vẫn khám ở đây"))
        self.secondary.setText(self.tr("Hỏi nhân viên ở quầy"))
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Thẻ bảo hiểm y tế của bạn hợp lệ; nhân viên sẽ xác nhận mức hưởng.")


class PendingScreen(NoticeScreen):
    """The gateway is unreachable: the patient still gets a number, checked again later."""

    kind = "wait"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Chưa kiểm tra được thẻ BHYT lúc này"))
        self.next_step.setText(self.tr("Bạn vẫn được lấy số. Máy sẽ tự kiểm tra lại thẻ khi có mạng."))
        self.primary.setText(self.tr("Tiếp tục lấy số"))
        self.secondary.setText(self.tr("Đến quầy tiếp đón"))
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Mạng đang gián đoạn.")


class UnreadableScreen(NoticeScreen):
    """The card or QR could not be read: try again, or type the number."""

    kind = "bad"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Không đọc được thẻ"))
        self.next_step.setText(self.tr("Hãy đặt lại thẻ cho ngay ngắn, đưa mã QR vào camera, hoặc nhập số."))
        self.primary.setText(self.tr("⌨  Nhập số căn cước"))
        self.secondary.setText(self.tr("Thử lại"))
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Thẻ được nhấc ra quá sớm hoặc mã QR bị mờ.")


class NotMeScreen(NoticeScreen):
    """The patient said the identity shown is not theirs."""

    kind = "info"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Thông tin đã được xoá"))
        self.next_step.setText(self.tr("Hãy dùng thẻ của chính bạn, hoặc hỏi nhân viên ở quầy."))
        self.primary.setText(self.tr("Làm lại"))
        self.secondary.hide()
        self.set_language(self._language)

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Bạn đã chọn \"Không phải tôi\".")
