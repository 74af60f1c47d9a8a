"""The core's exception root and the one place errors become messages.

Every error a person can meet carries a plain sentence for the patient in
Vietnamese and English, and a detail line for staff. Logs get ``code`` and
``detail`` (never personal data: callers must pass masked values only).
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every error the core raises on purpose.

    ``code`` is a short stable identifier (used in logs, JSON output and to
    choose a CLI exit code); ``patient_vi``/``patient_en`` are one plain
    sentence each; ``detail`` is for staff and logs.
    """

    code = "error"
    exit_code = 1
    retryable = False  # True when the same request may succeed later (offline, lost answer)
    http_status: int | None = None  # the HTTP status when a remote system refused, else None
    # Read by the outbox courier and the re-check scheduler (offline_cache reads them with getattr):
    in_flight = True                # a failed request may still be processed remotely (no answer came)
    server_text: str | None = None  # a refusal's own sentence (may name the patient: sealed, never logged)
    retry_after: float | None = None  # seconds the gateway guard pauses before asking again
    patient_vi = "Đã có lỗi xảy ra. Vui lòng đến quầy tiếp đón."
    patient_en = "Something went wrong. Please go to the reception counter."

    def __init__(self, detail: str = "", *, patient_vi: str | None = None,
                 patient_en: str | None = None, code: str | None = None,
                 retryable: bool | None = None):
        super().__init__(detail or self.patient_en)
        self.detail = detail or self.patient_en
        if patient_vi is not None:
            self.patient_vi = patient_vi
        if patient_en is not None:
            self.patient_en = patient_en
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable

    def patient_message(self, language: str = "vi") -> str:
        """The one sentence a patient sees, in ``language`` ("vi" or "en")."""
        return self.patient_en if language == "en" else self.patient_vi


class ConfigError(KioskError):
    """The configuration file or an environment override is invalid."""

    code = "config"
    exit_code = 3
    patient_vi = "Máy đang được bảo trì. Vui lòng đến quầy tiếp đón."
    patient_en = "This kiosk is under maintenance. Please go to the reception counter."


class InputError(KioskError):
    """Input from the patient, a card or a command line that cannot be used."""

    code = "input"
    exit_code = 2
    patient_vi = "Không đọc được thông tin. Vui lòng thử lại hoặc đến quầy tiếp đón."
    patient_en = "The information could not be read. Please try again or go to the counter."


class InvalidOverride(InputError):
    """A staff override that cannot be registered (no reason, a one-word reason, no department …)."""

    code = "invalid_override"


class GatewayError(KioskError):
    """The insurance gateway could not be used (down, garbage, auth refused)."""

    code = "gateway"
    exit_code = 4
    patient_vi = "Chưa kiểm tra được thẻ bảo hiểm y tế. Vui lòng đến quầy tiếp đón."
    patient_en = "Your health insurance could not be checked. Please go to the counter."


class GatewayUnavailable(GatewayError):
    """The gateway did not answer in time or answered with a server error."""

    code = "gateway_unavailable"
    retryable = True


class HospitalError(KioskError):
    """The hospital information system refused or could not take a registration."""

    code = "hospital"
    exit_code = 5
    patient_vi = "Chưa đăng ký được lượt khám. Vui lòng đến quầy tiếp đón."
    patient_en = "Your visit could not be registered. Please go to the counter."


class HospitalGarbage(HospitalError):
    """A 2xx answer that is not the documented JSON (truncated, wrong-typed fields, nested too
    deeply). Retryable: a registration may have been stored and its answer lost, and a replay
    with the same Idempotency-Key is harmless; a menu falls back to the cached copy."""

    code = "hospital_garbage"
    retryable = True


class HospitalUnavailable(HospitalError):
    """The hospital system did not answer in time or answered with a server error."""

    code = "hospital_unavailable"
    retryable = True


class UnknownDepartment(InputError):
    """The chosen department is not one the hospital system offers."""

    code = "unknown_department"
    patient_vi = "Không có khoa khám này. Vui lòng chọn lại."
    patient_en = "This department does not exist. Please choose again."


class InvalidTransition(KioskError):
    """A check-in step was asked for in a state that does not allow it (e.g. a double tap).

    Never shown to a patient as a failure: the UI ignores the second tap.
    """

    code = "invalid_transition"


class QueueStorageError(KioskError):
    """The kiosk's offline queue database cannot be used (disk full, damaged, key missing).

    Nothing was registered: the patient goes to the counter, staff/IT see the detail.
    """

    code = "storage"
    exit_code = 7
    patient_vi = "Máy chưa lưu được lượt đăng ký của bạn. Vui lòng đến quầy tiếp đón."
    patient_en = "This kiosk could not save your registration. Please go to the reception counter."


class Cancelled(KioskError):
    """A silent cancel (patient walked away, session reset): never shown as an error."""

    code = "cancelled"
    exit_code = 130
