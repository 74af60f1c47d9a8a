"""The exception paths, each with its own screen: icon, title, one sentence, clear buttons.

Counter, new card, wrong route, pending (offline), card unreadable and "not
me" all differ in what the patient must do next, so each is its own class
with its own words; :class:`NoticeScreen` only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from ui import theme
from ui.screens.answer_layout import lay_out_question
from ui.widgets import Screen, StatusLine, button, label, set_tone, wrap_button


class NoticeScreen(Screen):
    """Layout shared by the exception screens; ``proceed``/``leave`` are its two answers."""

    proceed = Signal()
    leave = Signal()
    kind = "info"          # good/warn/bad/wait/info: glyph and colour of the title

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.glyph = label(role="huge", center=True)
        self.glyph.setText(theme.STATUS_GLYPH[self.kind])
        set_tone(self.glyph, self.kind)
        self.title = label(role="title", center=True)
        self.title.setObjectName("notice_title")
        self.sentence = label(center=True)
        self.sentence.setObjectName("sentence")
        self.next_step = label(role="muted", center=True)
        # words wrap in the buttons rather than widen the screen (English, large text)
        self.primary = wrap_button(role="primary", name="proceed")
        self.secondary = wrap_button(role="quiet", name="leave")
        self.primary.clicked.connect(self._proceed)
        self.secondary.clicked.connect(self.leave)
        # Both answers wrap their words (English is longer, large text longer still): the row never
        # grows wider than the screen, and the primary keeps the larger share.
        lay_out_question(self, [self.glyph, self.title, self.sentence, self.next_step],
                         decline=self.secondary, accept=self.primary, shares=(2, 3))
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
    """Not covered or needs staff: go to the reception counter (one line why), with a counter number
    and, when the kiosk has a printer, a slip to carry there."""

    kind = "warn"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.number = label(role="title", center=True)
        self.number.setObjectName("counter_number")
        self.printed = StatusLine()
        self.printed.setObjectName("slip_printed")
        lay = self.layout()
        lay.insertWidget(lay.indexOf(self.next_step) + 1, self.number)
        lay.insertWidget(lay.indexOf(self.number) + 1, self.printed)
        self._number, self._print_state = None, ""
        self.number.hide()

    def show_slip(self, number: str | None, print_state: str) -> None:
        """The patient's counter number (None: none) and the slip's state ("", printing, printed, failed)."""
        self._number, self._print_state = number, print_state
        self._render_slip()

    def set_print_state(self, state: str) -> None:
        """The slip printer's answer."""
        self._print_state = state
        self._render_slip()

    def _render_slip(self) -> None:
        if not hasattr(self, "printed"):
            return
        self.number.setVisible(bool(self._number))
        self.number.setText(self.tr("Số của bạn ở quầy: %1").replace("%1", self._number or ""))
        words = {"printing": ("wait", self.tr("Đang in phiếu…")),
                 "printed": ("good", self.tr("Mời bạn lấy phiếu ở khe bên dưới và mang đến quầy.")),
                 "failed": ("warn", self.tr("Không in được phiếu: hãy nhớ số của bạn."))}.get(self._print_state)
        if words:
            self.printed.show_status(*words)
        else:
            self.printed.clear()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Mời bạn đến quầy tiếp đón"))
        self.next_step.setText(self.tr("Nhân viên đã nhận thông tin và sẽ giúp bạn. Bạn không cần làm lại."))
        self.primary.setText(self.tr("Đã hiểu"))
        self.secondary.hide()
        self.set_language(self._language)
        if hasattr(self, "printed"):
            self._render_slip()

    def default_sentence(self) -> str:
        """Generic reason."""
        return self.tr("Thẻ của bạn cần được nhân viên kiểm tra.")

    def clear(self) -> None:
        """Drop the sentence, the number and the slip state."""
        super().clear()
        self.show_slip(None, "")


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

    def set_language(self, language: str) -> None:
        """The title and the next step already say it all: no third sentence saying it again."""
        self._language = language
        self.sentence.hide()


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


class ReturningScreen(NoticeScreen):
    """The patient already has today's number: show it, reprint it, or register for another clinic too."""

    kind = "info"
    another = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # The third answer sits under the two others; hidden where the hospital does not allow it.
        self.other_clinic = button(role="quiet", name="another_clinic")
        self.other_clinic.clicked.connect(self.another)
        self.layout().addWidget(self.other_clinic)
        self._ticket = None
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Hôm nay bạn đã có số thứ tự"))
        self.next_step.setText(self.tr("Bạn không cần lấy số mới cho phòng khám này."))
        self.primary.setText(self.tr("In lại số của tôi"))
        self.secondary.setText(self.tr("Xong"))
        if hasattr(self, "other_clinic"):
            self.other_clinic.setText(self.tr("Đăng ký thêm phòng khám khác"))
        self.set_language(self._language)

    def show_ticket(self, ticket, language: str, another_clinic: bool) -> None:
        """Today's earlier :class:`kiosk.domain.Ticket`; ``another_clinic``: offer that path."""
        self._ticket = ticket
        self.other_clinic.setVisible(another_clinic)
        self.other_clinic.setEnabled(True)
        self.show_reason("", "", language)

    def default_sentence(self) -> str:
        """The earlier number, its clinic and room."""
        t = getattr(self, "_ticket", None)
        if t is None:
            return ""
        dept = t.department.name_en if self._language == "en" else t.department.name_vi
        return self.tr("Số %1 — %2, phòng %3.").replace("%1", t.number).replace("%2", dept).replace(
            "%3", t.room or "—")

    def clear(self) -> None:
        """Drop the earlier ticket."""
        self._ticket = None
        super().clear()
