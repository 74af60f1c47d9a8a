"""The face check: one sentence before the camera looks, then "look at the camera".

The patient agrees or declines (no face is taken without the tap); while the
kiosk compares, the screen says so, and after a still first try it asks the
patient to turn their head slightly. Nothing personal is shown here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from ui import theme
from ui.screens.answer_layout import lay_out_question
from ui.widgets import Screen, button, label


class FaceScreen(Screen):
    """``agreed`` / ``declined``: the patient's answer to the one-sentence notice (answered once)."""

    agreed = Signal()
    declined = Signal()
    phase_changed = Signal(str)     # "look", "turn": the voice guide says the turn aloud

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.glyph = label(role="huge", center=True)
        self.glyph.setText(theme.STATUS_GLYPH["info"])
        self.title = label(role="title", center=True)
        self.title.setObjectName("face_title")
        self.hint = label(role="muted", center=True)
        self.hint.setObjectName("face_hint")
        self.yes = button(role="primary", name="face_yes")
        self.no = button(role="quiet", name="face_no")
        self.yes.clicked.connect(lambda: self._answer(self.agreed))
        self.no.clicked.connect(lambda: self._answer(self.declined))
        lay_out_question(self, [self.glyph, self.title, self.hint], decline=self.no, accept=self.yes)
        self._phase = "ask"
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts (the phase's hint included)."""
        self.title.setText(self.tr("Kiosk sẽ so khớp khuôn mặt của bạn với ảnh trong thẻ; ảnh không được lưu lại"))
        self.yes.setText(self.tr("Đồng ý"))
        self.no.setText(self.tr("Không, cảm ơn"))
        self.set_phase(self._phase)

    def ask(self) -> None:
        """Ready for one answer."""
        self.set_phase("ask")
        for b in (self.yes, self.no):
            b.setEnabled(True)
            b.show()

    def set_phase(self, phase: str) -> None:
        """``ask`` | ``look`` (look at the camera) | ``turn`` (turn your head slightly)."""
        changed, self._phase = phase != self._phase, phase
        self.hint.setText({
            "ask": self.tr("Bạn có thể từ chối."),
            "look": self.tr("Vui lòng nhìn vào camera."),
            "turn": self.tr("Vui lòng quay đầu sang một bên một chút."),
        }.get(phase, ""))
        if changed:
            self.phase_changed.emit(phase)

    def _answer(self, signal) -> None:
        for b in (self.yes, self.no):
            b.setEnabled(False)
            b.hide()
        self.set_phase("look")
        signal.emit()

    def clear(self) -> None:
        """Nothing personal is shown here."""
        self.ask()
