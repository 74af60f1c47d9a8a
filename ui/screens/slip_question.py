"""The one question a patient registered elsewhere is asked: a referral slip or a re-visit appointment?

Shown only when the answer can change the benefit (the core decides:
``CheckIn.slip_question``). "Yes" does not ask the patient to type anything:
the slip is shown to staff, who record it at the station; "No" carries on
with the benefit the rules give. Emergencies go through staff and the
priority flow, not this screen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from ui import theme
from ui.screens.answer_layout import lay_out_question
from ui.widgets import Screen, button, label


class SlipQuestionScreen(Screen):
    """``answered`` carries ``"slip"`` or ``"none"``; a double tap answers once."""

    answered = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.glyph = label(role="huge", center=True)
        self.glyph.setText(theme.STATUS_GLYPH["info"])
        self.title = label(role="title", center=True)
        self.title.setObjectName("slip_title")
        self.hint = label(role="muted", center=True)
        self.yes = button(role="primary", name="slip_yes")
        self.no = button(role="quiet", name="slip_no")
        self.yes.clicked.connect(lambda: self._answer("slip"))
        self.no.clicked.connect(lambda: self._answer("none"))
        lay_out_question(self, [self.glyph, self.title, self.hint], decline=self.no, accept=self.yes)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Bạn có giấy chuyển cơ sở khám chữa bệnh hoặc phiếu hẹn khám lại không?"))
        self.hint.setText(self.tr("Nếu có, bạn vẫn lấy số như bình thường và đưa giấy cho nhân viên ở quầy "
                                  "để được hưởng đủ quyền lợi bảo hiểm."))
        self.yes.setText(self.tr("Có, tôi có giấy"))
        self.no.setText(self.tr("Không có"))

    def ask(self) -> None:
        """Ready for one answer."""
        for b in (self.yes, self.no):
            b.setEnabled(True)

    def _answer(self, which: str) -> None:
        for b in (self.yes, self.no):
            b.setEnabled(False)
        self.answered.emit(which)

    def clear(self) -> None:
        """Nothing personal is shown here."""
        self.ask()
