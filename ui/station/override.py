"""Accept / override with a reason: staff register a visit the kiosk sent to the counter.

The subject comes from a manual lookup or from a counter outcome in today's
list (no re-typing). Staff choose the department, the class (insurance cover
confirmed, or a service patient), the reason's category and type the reason;
the core's :class:`kiosk.checkin.override.OverrideDesk` validates it and sends
it through the durable queue. The ticket shows here and is printed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.checkin.override import OverrideClass, OverrideReason
from kiosk.domain import EligibilityResult, Identity, mask_digits
from kiosk.errors import KioskError
from ui.station.errors import sentence
from ui.station.lobby_words import language, with_code
from ui.station.status_words import status_colour, status_text
from ui.worker import TaskRunner


class OverrideTab(QWidget):
    """The override form; :meth:`open_subject` fills it, ``registered`` fires with the ticket."""

    registered = Signal(object)   # Ticket

    def __init__(self, desk, runner: TaskRunner, *, departments=None, print_ticket=None, staff_name: str = "",
                 errors=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors = errors   # the station's one ErrorPresenter (None: the status line says it)
        self._desk, self._runner, self._departments, self._print = desk, runner, departments, print_ticket
        self.subject = QLabel()
        self.subject.setObjectName("override_subject")
        self.subject.setWordWrap(True)
        self.department = QComboBox()
        self.department.setObjectName("override_department")
        self.klass = QComboBox()
        self.klass.setObjectName("override_class")
        self.reason_code = QComboBox()
        self.reason_code.setObjectName("override_reason_code")
        self.reason = QLineEdit()
        self.reason.setObjectName("override_reason")
        self.staff = QLineEdit(staff_name)
        self.staff.setObjectName("override_staff")
        self.priority = QCheckBox()
        self.referral = QLineEdit()          # the slip typed from paper: NUMBER:FACILITY:DD/MM/YYYY[:ICD10]
        self.referral.setObjectName("override_referral")
        self.appointment = QLineEdit()       # a re-visit appointment id, checked with the hospital before sending
        self.appointment.setObjectName("override_appointment")
        self.go = QPushButton()
        self.go.setObjectName("override_go")
        self.go.clicked.connect(self.submit)
        self.reprint = QPushButton()
        self.reprint.clicked.connect(self._print_again)
        self.status = QLabel()
        self.status.setObjectName("override_status")
        self.status.setWordWrap(True)
        self.ticket_label = QLabel()
        self.ticket_label.setObjectName("override_ticket")
        self.captions = [QLabel() for _ in range(8)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.department, self.klass, self.reason_code, self.reason,
                                                  self.staff, self.priority, self.referral, self.appointment),
                                  strict=False):
            form.addRow(caption, field)
        row = QHBoxLayout()
        row.addWidget(self.go)
        row.addWidget(self.reprint)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.subject)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.ticket_label)
        lay.addStretch(1)
        self.identity: Identity | None = None
        self.eligibility: EligibilityResult | None = None
        self.counter_id: str | None = None
        self.ticket = None
        self._prepared = None        # (inputs, registration): resent as is after a failure
        self.retranslate()
        self._set_subject_shown(False)

    def retranslate(self) -> None:
        """Fixed texts and the choices."""
        for caption, text in zip(self.captions, (self.tr("Khoa:"), self.tr("Đăng ký là:"), self.tr("Loại lý do:"),
                                                 self.tr("Lý do (ít nhất 3 từ):"), self.tr("Nhân viên:"),
                                                 self.tr("Ưu tiên:"),
                                                 self.tr("Giấy chuyển (số:mã CSKCB:ngày ký):"),
                                                 self.tr("Giấy hẹn tái khám (mã hẹn):")), strict=False):
            caption.setText(text)
        self._fill(self.klass, [(OverrideClass.INSURED.value, self.tr("Có BHYT (nhân viên xác nhận)")),
                                (OverrideClass.SERVICE.value, self.tr("Bệnh nhân dịch vụ (tự chi trả)"))])
        self._fill(self.reason_code, [
            (OverrideReason.WRONG_ROUTE_CONFIRMED.value, self.tr("Xác nhận mức hưởng (ĐKBĐ nơi khác)")),
            (OverrideReason.CARD_CHECKED_BY_STAFF.value, self.tr("Nhân viên đã kiểm tra thẻ/giấy tờ")),
            (OverrideReason.SELF_PAYING.value, self.tr("Bệnh nhân tự chi trả")),
            (OverrideReason.EMERGENCY.value, self.tr("Cấp cứu")),
            (OverrideReason.OTHER.value, self.tr("Khác"))])
        self.priority.setText(self.tr("Bệnh nhân ưu tiên"))
        self.go.setText(self.tr("Chấp nhận / ghi đè và cấp số"))
        self.reprint.setText(self.tr("In lại phiếu"))
        if self.identity is None:
            self.subject.setText(self.tr("Chọn một lượt \u201cđến quầy\u201d trong danh sách hôm nay, "
                                         "hoặc tra cứu thẻ, rồi bấm \u201cChấp nhận / ghi đè\u201d."))

    @staticmethod
    def _fill(combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.clear()
        for value, text in choices:
            combo.addItem(text, value)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def _set_subject_shown(self, shown: bool) -> None:
        for w in (self.department, self.klass, self.reason_code, self.reason, self.staff, self.priority,
                  self.referral, self.appointment, self.go):
            w.setEnabled(shown)
        self.reprint.setEnabled(self.ticket is not None and self._print is not None)

    def open_subject(self, identity: Identity, eligibility: EligibilityResult | None,
                     counter_id: str | None = None) -> None:
        """Show who is being overridden (masked) and get the department menu."""
        self.identity, self.eligibility, self.counter_id = identity, eligibility, counter_id
        self.ticket, self._prepared = None, None
        status = eligibility.status.value if eligibility is not None else "gateway-error"
        code = eligibility.code if eligibility and eligibility.code else ""
        self.subject.setText("  ·  ".join(x for x in (identity.full_name, mask_digits(identity.card_number),
                                                      status_text(status), with_code(code)) if x))
        insured = eligibility is not None and eligibility.insured
        self.klass.setCurrentIndex(self.klass.findData(OverrideClass.INSURED.value if insured
                                                       else OverrideClass.SERVICE.value))
        self.reason_code.setCurrentIndex(self.reason_code.findData(
            OverrideReason.WRONG_ROUTE_CONFIRMED.value if status == "wrong-route" else OverrideReason.OTHER.value))
        self.reason.clear()
        self.referral.clear()
        self.appointment.clear()
        self.status.clear()
        self.ticket_label.clear()
        self._set_subject_shown(True)
        if self._departments is not None and self.department.count() == 0:
            self._runner.submit(self._departments, self._show_departments, self._failed)

    def _show_departments(self, departments) -> None:
        self.department.clear()
        for d in departments:
            self.department.addItem(f"{d.name_en if language() == 'en' else d.name_vi} ({d.room})", d.code)

    def submit(self) -> None:
        """Validate on the spot (no I/O), then register off the UI thread.

        A typed appointment id is first checked with the hospital (off the UI
        thread); one already used or unknown stops here with one sentence.
        """
        if self.identity is None:
            return
        inputs = (self.department.currentData(), self.priority.isChecked(), self.staff.text(), self.reason.text(),
                  self.reason_code.currentData(), self.klass.currentData(), self.referral.text().strip(),
                  self.appointment.text().strip())
        if self._prepared is not None and self._prepared[0] == inputs:
            self._send(self._prepared[1])   # a retry after a failure: same client id, same body
            return
        if not inputs[7]:
            self._prepare(inputs, None)
            return
        self.go.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("◷ Đang kiểm tra giấy hẹn với hệ thống bệnh viện…"))
        self._runner.submit(lambda: self._desk.appointment(inputs[7]),
                            lambda appointment: self._appointment_checked(inputs, appointment), self._failed)

    def _appointment_checked(self, inputs: tuple, appointment) -> None:
        from kiosk.rules import AppointmentStatus
        if appointment.status in (AppointmentStatus.USED, AppointmentStatus.UNKNOWN):
            self.go.setEnabled(True)
            self._problem(self.tr("Giấy hẹn {id} đã được dùng hoặc không có trong hệ thống bệnh viện; "
                                  "xóa mã hẹn để đăng ký không kèm giấy hẹn.").format(id=appointment.id))
            return
        self._prepare(inputs, appointment)

    def _prepare(self, inputs: tuple, appointment) -> None:
        try:
            from kiosk.rules import parse_referral
            referral = parse_referral(inputs[6], date.today()) if inputs[6] else None
            registration = self._desk.prepare(
                identity=self.identity, eligibility=self.eligibility, department=inputs[0] or "",
                priority=inputs[1], staff=inputs[2], reason=inputs[3], reason_code=inputs[4],
                result_class=inputs[5], referral=referral, appointment=appointment)
        except KioskError as e:
            self.go.setEnabled(self.identity is not None and self.ticket is None)
            self._problem(sentence(e))
            return
        self._prepared = (inputs, registration)
        self._send(registration)

    def _send(self, registration) -> None:
        self.go.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("◷ Đang đăng ký…"))
        counter_id = self.counter_id
        self._runner.submit(lambda: self._desk.submit(registration, counter_id=counter_id), self._done, self._failed)

    def _done(self, ticket) -> None:
        self.ticket, self._prepared = ticket, None
        self._set_subject_shown(False)
        self.status.setStyleSheet(f"color: {status_colour('delivered' if not ticket.pending else 'queued')};")
        self.status.setText(status_text("delivered" if not ticket.pending else "queued"))
        self.ticket_label.setText(self.tr("Số thứ tự {n} · {dept} · phòng {room}").format(
            n=ticket.number, dept=ticket.department.name_en if language() == "en" else ticket.department.name_vi,
            room=ticket.room))
        self.registered.emit(ticket)
        self._print_again()

    def _print_again(self) -> None:
        if self.ticket is None or self._print is None:
            return
        ticket = self.ticket
        self._runner.submit(lambda: self._print(ticket),
                            lambda _: self.ticket_label.setText(self.ticket_label.text().split("  ✔")[0]
                                                                + "  ✔ " + self.tr("đã in")),
                            self._failed)

    def _problem(self, text: str) -> None:
        self.status.setText("✖ " + text)
        self.status.setStyleSheet(f"color: {status_colour('needs-attention')};")
        if self._errors is not None:
            self._errors.problem(text)

    def _failed(self, exc: BaseException) -> None:
        self.go.setEnabled(self.identity is not None and self.ticket is None)
        self._problem(sentence(exc))
