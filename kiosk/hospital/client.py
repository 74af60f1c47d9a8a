"""Client of the hospital information system's registration API (docs/hospital-api.yaml).

Error mapping, decided here once:
- 4xx → :class:`HospitalError` carrying the server's reason code, ``retryable=False``
  (sending the same thing again would be refused again);
- timeouts, connection errors, 5xx → :class:`HospitalUnavailable`, ``retryable=True``;
- a 2xx that is not the documented JSON (truncated, wrong-typed fields, nested
  too deeply) → :class:`HospitalGarbage` (a ``HospitalError``, code
  ``hospital_garbage``, ``retryable=True``): the registration may have been
  stored and its answer lost, and a replay with the same Idempotency-Key is
  harmless; the department menu falls back to its cached copy.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.config import HospitalSettings
from kiosk.domain import Department
from kiosk.errors import HospitalError, HospitalGarbage, HospitalUnavailable, UnknownDepartment
from kiosk.hospital.refusal_text import known_values, masked_summary
from kiosk.hospital.registration import Receipt, Registration
from kiosk.http import HttpClient, Response, Timeout, TransportError

if TYPE_CHECKING:
    from kiosk.rules.slips import AppointmentStatus

log = logging.getLogger(__name__)

API_KEY_HEADER = "X-Api-Key"


#: what a malformed answer can raise while we take it apart (RecursionError: JSON nested
#: deeper than the decoder recurses; AttributeError: a field of the wrong type)
_MALFORMED = (ValueError, KeyError, TypeError, AttributeError, RecursionError)


def _garbage(what: str) -> HospitalGarbage:
    err = HospitalGarbage(f"The hospital system answered {what} with something that is not a valid reply.",
                          code="hospital_garbage", retryable=True)
    err.in_flight = False   # it answered: nothing of this request is still being processed
    return err


def _department(obj: object) -> Department:
    if not isinstance(obj, dict):
        raise TypeError("department is not an object")
    names = obj.get("names")
    if not isinstance(names, dict):
        raise TypeError("department names is not an object")
    code, vi, en, room = obj.get("code"), names.get("vi"), names.get("en"), obj.get("room")
    if not (isinstance(code, str) and isinstance(vi, str) and isinstance(en, str) and isinstance(room, str)
            and code and vi and en and room):
        raise TypeError("department lacks code, names or room")
    return Department(code, vi, en, room)


def _receipt(data: object) -> Receipt:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    issued = datetime.fromisoformat(str(data["issued_at"]))
    fields = {k: data[k] for k in ("client_id", "hospital_id", "queue_number", "room")}
    if not all(isinstance(v, str) and v for v in fields.values()):
        raise TypeError("an identifier is missing")
    return Receipt(**fields, patient_id=data.get("patient_id"), department=_department(data["department"]),
                   issued_at=issued, priority=bool(data.get("priority", False)),
                   existing=bool(data.get("existing", False)))


class HospitalClient:
    """Talks to ``hospital.url`` with ``hospital.api_key``; every call is blocking."""

    def __init__(self, settings: HospitalSettings, http: HttpClient | None = None) -> None:
        self.settings = settings
        self._http = http or HttpClient(settings.url, settings.connect_timeout, settings.read_timeout,
                                         name="hospital.url")
        self._http.headers[API_KEY_HEADER] = settings.api_key

    def close(self) -> None:
        """Release pooled connections."""
        self._http.close()

    def _call(self, what: str, method: str, path: str, **kwargs) -> Response:
        try:
            resp = self._http.request(method, path, **kwargs)
        except Timeout:
            raise HospitalUnavailable(f"The hospital system did not answer {what} in time.") from None
        except TransportError as e:
            raise HospitalUnavailable(f"The hospital system cannot be reached for {what} "
                                      f"({e.reason}).") from None
        if resp.status_code >= 500:
            err = HospitalUnavailable(f"The hospital system failed {what} (HTTP {resp.status_code}).")
            err.in_flight = False   # it answered: nothing of this request is still being processed
            raise err
        return resp

    @staticmethod
    def _refusal(what: str, resp: Response,
                 known: list[str] | None = None) -> HospitalError | UnknownDepartment:
        """A 4xx, never retried: the server's reason code and a MASKED summary of its sentence.

        The sentence may name the patient: it never enters the error's text (which reaches
        logs, stderr and the queue's stored reason); it rides on the error as
        ``server_text`` for the queue to seal with the item's personal data.
        ``known``: the registration's own personal values, masked wherever they appear.
        """
        try:
            body = resp.json()
        except (ValueError, RecursionError):
            body = None
        reason = body.get("reason") if isinstance(body, dict) else None
        message = body.get("message") if isinstance(body, dict) else None
        if not isinstance(reason, str) or len(reason) > 64 or not re.fullmatch(r"[A-Za-z0-9_.-]+", reason):
            reason = "unauthorized" if resp.status_code == 401 else f"http_{resp.status_code}"
        server_text = message if isinstance(message, str) and message.strip() else None
        summary = masked_summary(server_text, known or ()) if server_text else f"HTTP {resp.status_code}"
        cls = UnknownDepartment if reason == "unknown_department" else HospitalError
        err = cls(f"The hospital system refused {what}: {summary.rstrip('.')} ({reason}).",
                  code=reason, retryable=False)
        err.http_status = resp.status_code
        err.server_text = server_text
        return err

    def list_departments(self) -> list[Department]:
        """The departments patients may queue for, in the hospital's order."""
        resp = self._call("the department list", "GET", "departments")
        if resp.status_code >= 400:
            raise self._refusal("the department list", resp)
        try:
            items = resp.json()["departments"]
            departments = [_department(d) for d in items]
        except _MALFORMED:
            raise _garbage("the department list") from None
        if not departments:
            raise _garbage("the department list")
        return departments

    def register(self, registration: Registration, idempotency_key: str) -> Receipt:
        """Register one visit; a replay with the same key returns the original receipt."""
        resp = self._call("the registration", "POST", "registrations", json=registration.to_wire(),
                          headers={"Idempotency-Key": idempotency_key})
        if resp.status_code >= 400:
            raise self._refusal("the registration", resp, known_values(registration.to_wire()))
        try:
            receipt = _receipt(resp.json())
        except _MALFORMED:
            raise _garbage("the registration") from None
        if receipt.client_id != registration.client_id:
            raise _garbage("the registration")
        log.info("registered %s: queue %s, existing=%s", receipt.client_id, receipt.queue_number,
                 receipt.existing)
        return receipt

    def get_registration(self, client_id: str) -> Receipt | None:
        """The receipt of an earlier registration, or None when the hospital does not know it."""
        resp = self._call("the registration lookup", "GET", f"registrations/{client_id}")
        if resp.status_code >= 400:
            err = self._refusal("the registration lookup", resp)
            # only the API's own "unknown" answer means "not registered"; a bare 404 is a wrong URL
            if err.code == "unknown_registration":
                return None
            raise err
        try:
            return _receipt(resp.json())
        except _MALFORMED:
            raise _garbage("the registration lookup") from None

    def appointment_status(self, appointment_id: str) -> AppointmentStatus:
        """Whether a re-visit appointment is still unused (``GET /appointments/{id}``).

        FRESH or USED as the hospital says, UNKNOWN for its ``unknown_appointment``
        answer; :class:`HospitalUnavailable` when it cannot be asked.
        """
        from urllib.parse import quote

        from kiosk.rules.slips import AppointmentStatus
        what = "the appointment check"
        resp = self._call(what, "GET", f"appointments/{quote(appointment_id, safe='')}")
        if resp.status_code >= 400:
            err = self._refusal(what, resp)
            if err.code == "unknown_appointment":
                return AppointmentStatus.UNKNOWN
            raise err
        try:
            status = AppointmentStatus(resp.json()["status"])
        except (ValueError, KeyError, TypeError):
            raise _garbage(what) from None
        if status not in (AppointmentStatus.FRESH, AppointmentStatus.USED):
            raise _garbage(what)
        return status

    def create_referral(self, body: dict, idempotency_key: str) -> dict:
        """``POST /referrals`` (docs/lobby.md): a patient sent to the counter, a failed re-check,
        a refused item or a help request; a replay with the same key returns the original row.

        Returns the hospital's row (its ``id`` is the kiosk's client id).
        """
        what = "the counter referral"
        resp = self._call(what, "POST", "referrals", json=body, headers={"Idempotency-Key": idempotency_key})
        if resp.status_code >= 400:
            raise self._refusal(what, resp, known_values({"xml0": body.get("identity") or {}}))
        return self._referral_row(what, resp, body.get("client_id"))

    def get_referral(self, client_id: str) -> dict | None:
        """The hospital's row of an earlier referral, or None when it does not know it
        (its ``unknown_referral`` answer; a bare 404 is a wrong URL, not "unknown")."""
        from urllib.parse import quote
        what = "the referral lookup"
        resp = self._call(what, "GET", f"referrals/{quote(client_id, safe='')}")
        if resp.status_code >= 400:
            err = self._refusal(what, resp)
            if err.code == "unknown_referral":
                return None
            raise err
        return self._referral_row(what, resp, client_id)

    @staticmethod
    def _referral_row(what: str, resp: Response, client_id: str | None) -> dict:
        try:
            data = resp.json()
        except (ValueError, RecursionError):
            raise _garbage(what) from None
        row = data.get("row", data) if isinstance(data, dict) else None   # GET may wrap the row
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or (client_id and row["id"] != client_id):
            raise _garbage(what)
        return row
