"""Manual lookup: card / ID / name + birth, with the gateway's full detail for staff."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkin import NextStep, State, identity_from_qr, identity_from_staff, next_step
from kiosk.domain import EligibilityResult, Identity
from kiosk.errors import KioskError
from ui.station.lobby_words import gateway_note, status_of_result, with_code
from ui.station.status_words import status_colour
from ui.worker import TaskRunner


class LookupTab(QWidget):
    """Ask the gateway about any card; the answer shows in full. Scanner QR text fills the form."""

    looked_up = Signal(object, object)   # Identity, EligibilityResult
    accept_requested = Signal(object, object)   # the same, for "accept / override"

    def __init__(self, gateway, runner: TaskRunner, parent: QWidget | None = None, *, errors=None) -> None:
        super().__init__(parent)
        self._gateway, self._runner = gateway, runner
        self._errors = errors   # the station's one ErrorPresenter (None: the status line says it)
        self.card = QLineEdit()
        self.card.setObjectName("lookup_card")
        self.name = QLineEdit()
        self.name.setObjectName("lookup_name")
        self.birth = QLineEdit()
        self.birth.setObjectName("lookup_birth")
        self.card.returnPressed.connect(self._maybe_qr)
        self.go = QPushButton()
        self.go.setObjectName("lookup_go")
        self.go.clicked.connect(self.lookup)
        self.accept = QPushButton()
        self.accept.setObjectName("lookup_accept")
        self.accept.setEnabled(False)
        self.accept.clicked.connect(lambda: self.result is not None
                                    and self.accept_requested.emit(self.identity, self.result))
        self.status = QLabel()
        self.status.setObjectName("lookup_status")
        self.kiosk_step = QLabel()   # what the kiosk does with this answer (the core's outcome)
        self.kiosk_step.setObjectName("lookup_kiosk_step")
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("lookup_detail")
        self.detail.setReadOnly(True)
        self.form = QFormLayout()
        self.captions = [QLabel(), QLabel(), QLabel()]
        for caption, field in zip(self.captions, (self.card, self.name, self.birth), strict=False):
            self.form.addRow(caption, field)
        row = QHBoxLayout()
        row.addWidget(self.go)
        row.addWidget(self.accept)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.kiosk_step)
        lay.addWidget(self.detail, 1)
        self.identity: Identity | None = None
        self.result: EligibilityResult | None = None
        self.benefit = None   # a kiosk.checkin.benefit_step.BenefitStep: the rule and source under the answer
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        for caption, text in zip(self.captions, (self.tr("Số thẻ (CCCD, BHXH hoặc mã BHYT) / quét QR:"),
                                                 self.tr("Họ và tên:"),
                                                 self.tr("Ngày sinh (dd/mm/yyyy hoặc năm):")), strict=False):
            caption.setText(text)
        self.go.setText(self.tr("Tra cứu cổng BHXH"))
        self.accept.setText(self.tr("Chấp nhận / ghi đè…"))

    def _maybe_qr(self) -> None:
        """A scanner in keyboard-wedge mode types the whole QR then Enter: fill the form from it."""
        text = self.card.text()
        if "|" not in text:
            self.lookup()
            return
        try:
            identity = identity_from_qr(text)
        except KioskError as e:
            self._problem(e)
            return
        self.card.setText(identity.card_number)
        self.name.setText(identity.full_name)
        self.birth.setText(identity.birth)
        self.lookup()

    def lookup(self) -> None:
        """Validate the form, then ask the gateway off the UI thread."""
        try:
            identity = identity_from_staff(self.card.text(), self.name.text(), self.birth.text())
        except KioskError as e:
            self._problem(e)
            return
        if self._gateway is None:
            self._problem(None, self.tr("Máy này chưa cấu hình cổng BHXH: không tra cứu được."))
            return
        self.go.setEnabled(False)
        self.accept.setEnabled(False)
        self.status.setText(self.tr("◷ Đang tra cứu…"))
        self.status.setStyleSheet("")
        self._runner.submit(lambda: self._gateway.check_eligibility(identity),
                            lambda result: self._show(identity, result), self._failed)

    def _problem(self, exc: BaseException | None, text: str = "") -> None:
        from ui.station.errors import sentence
        self.accept.setEnabled(False)   # the form no longer matches the answer shown
        text = text or sentence(exc)
        self.status.setText("✖ " + text)
        self.status.setStyleSheet(f"color: {status_colour('needs-attention')};")
        if self._errors is not None:
            self._errors.problem(text)

    def _failed(self, exc: BaseException) -> None:
        self.go.setEnabled(True)
        self._problem(exc)

    def _show(self, identity: Identity, result: EligibilityResult) -> None:
        self.go.setEnabled(True)
        self.identity, self.result = identity, result
        self.accept.setEnabled(True)
        self.status.setText(status_of_result(result))
        self.status.setStyleSheet(f"color: {status_colour(result.status.value)}; font-weight: bold;")
        text, answer, ask = detail_text(result), result, False
        if self.benefit is not None and result.insured:
            # what the kiosk would do with this answer under the benefit rules (no slip given yet)
            from kiosk.checkin.benefit_step import apply_benefit
            from ui.station.benefit_lines import benefit_detail
            benefit = self.benefit.decide(result)
            answer, ask = apply_benefit(result, benefit), self.benefit.slip_matters(result)
            text += "\n" + benefit_detail(benefit)
        self.kiosk_step.setText(self.step_text(next_step(State.ELIGIBILITY_SHOWN, answer, slip_question=ask).step))
        self.detail.setPlainText(text)
        self.looked_up.emit(identity, result)

    def step_text(self, step: NextStep) -> str:
        """The kiosk's next step for this answer, in the staff's words."""
        return {
            NextStep.DEPARTMENTS: self.tr("Ki-ốt: cho chọn khoa khám"),
            NextStep.NEW_CARD: self.tr("Ki-ốt: báo đã có thẻ mới, rồi cho chọn khoa"),
            NextStep.SLIP_QUESTION: self.tr("Ki-ốt: hỏi giấy chuyển / phiếu hẹn khám lại, rồi tính mức hưởng"),
            NextStep.WRONG_ROUTE: self.tr("Ki-ốt: báo nhân viên xác nhận mức hưởng, rồi cho chọn khoa hoặc đến quầy"),
            NextStep.PENDING: self.tr("Ki-ốt: vẫn đăng ký, thẻ được kiểm tra lại sau"),
            NextStep.COUNTER: self.tr("Ki-ốt: mời đến quầy"),
        }[step]

    def clear(self) -> None:
        """Forget the person looked up."""
        for w in (self.card, self.name, self.birth, self.detail, self.status, self.kiosk_step):
            w.clear()
        self.identity = self.result = None
        self.accept.setEnabled(False)


# The sex words come from the result (``r.sex.vietnamese``) and are translated at run time;
# marked here so pyside6-lupdate keeps their English.
_SEX_WORDS = (QT_TRANSLATE_NOOP("LookupTab", "Nam"), QT_TRANSLATE_NOOP("LookupTab", "Nữ"))


def detail_text(r: EligibilityResult) -> str:
    """Every field of a gateway answer, one per line, in the staff's words (the code as detail)."""
    def t(text: str) -> str:
        return QCoreApplication.translate("LookupTab", text)

    def d(x):
        return x.strftime("%d/%m/%Y") if x else "-"

    route = {
        "right": t(QT_TRANSLATE_NOOP("LookupTab", "đăng ký khám ban đầu tại đây")),
        "wrong": t(QT_TRANSLATE_NOOP("LookupTab", "đăng ký khám ban đầu nơi khác")),
    }.get(r.route.value, t(QT_TRANSLATE_NOOP("LookupTab", "chưa rõ nơi đăng ký")))
    lines = [t(QT_TRANSLATE_NOOP("LookupTab", "Kết quả: {what}")).format(what=with_code(r.code) or "-")]
    if gateway_note(r.staff_detail):
        lines.append(
            t(QT_TRANSLATE_NOOP("LookupTab", "Ghi chú của cổng: {note}")).format(note=gateway_note(r.staff_detail))
        )
    lines += [
        t(QT_TRANSLATE_NOOP("LookupTab", "Mã thẻ: {card}")).format(card=r.card_number),
        t(QT_TRANSLATE_NOOP("LookupTab", "Họ tên: {name}   Ngày sinh: {birth}   Giới tính: {sex}")).format(
            name=r.full_name or "-", birth=r.birth or "-", sex=t(r.sex.vietnamese) if r.sex.vietnamese else "-"
        ),  # "Nam" / "Nữ" (English in kiosk_en.ts)
        t(QT_TRANSLATE_NOOP("LookupTab", "Hạn thẻ: {a} → {b}")).format(a=d(r.valid_from), b=d(r.valid_to)),
        t(QT_TRANSLATE_NOOP("LookupTab", "Nơi ĐKBĐ: {where} ({route})")).format(
            where=r.registered_facility or "-", route=route
        ),
    ]
    if r.new_card_number:
        lines.append(
            t(QT_TRANSLATE_NOOP("LookupTab", "Thẻ mới: {card}   {a} → {b}")).format(
                card=r.new_card_number, a=d(r.new_valid_from), b=d(r.new_valid_to)
            )
        )
    if r.checked_at:
        lines.append(
            t(QT_TRANSLATE_NOOP("LookupTab", "Kiểm tra lúc: {at}")).format(at=f"{r.checked_at:%H:%M:%S %d/%m/%Y}")
        )
    return "\n".join(lines)
