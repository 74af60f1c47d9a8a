"""In-memory simulator of the hospital registration API (docs/hospital-api.yaml).

Reproduces the contract the kiosk relies on: the API key, validation with a
reason code, unknown departments, idempotent replays (same key and body → the
original answer; same key, other body → 422), one queue number per patient
per day, queue numbers per department per day, and kiosk-issued offline
ticket numbers kept when still free. Thread-safe: one lock guards the state.
Fault endpoints: ``hospital.departments``, ``hospital.register``, ``hospital.fetch``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from urllib.parse import unquote

from devkit.simulator.departments import DEPARTMENTS, SimDepartment
from devkit.simulator.hospital_validation import validate_registration
from devkit.simulator.server import Request, Response, Router, json_response
from devkit.simulator.slips import APPOINTMENTS

BASE = "/his/v1"


def refusal(status: int, reason: str, message: str) -> Response:
    """An error answer of the API: a stable reason code and one sentence."""
    return json_response({"reason": reason, "message": message}, status)


class HospitalState:
    """The simulated hospital's registrations; ``clock`` decides what "today" is."""

    def __init__(self, api_key: str = "demo-key", departments: tuple[SimDepartment, ...] = DEPARTMENTS,
                 clock: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        self.api_key = api_key
        self.departments = {d.code: d for d in departments}
        self.clock = clock
        #: False: a hospital that ignores Idempotency-Key and stores every POST it finishes
        #: (with a "slow" fault on hospital.register: the worst case for exactly-once)
        self.idempotent = True
        #: called with (body, answer) for every visit stored (the lobby turns each into a row)
        self.on_registered: list[Callable[[dict, dict], None]] = []
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        """Forget every registration (a new day in the benchmark, a fresh test)."""
        with self._lock:
            self._by_key: dict[str, tuple[str, dict, int]] = {}   # key → (canonical body, answer, status)
            self._by_patient: dict[tuple[str, str], dict] = {}    # (day, patient) → first answer
            # (day, patient, department) → that clinic's answer: a visit may span several clinics
            self._by_clinic: dict[tuple[str, str, str], dict] = {}
            self._counters: dict[tuple[str, str], int] = {}       # (day, department) → last number
            self._used_numbers: set[tuple[str, str]] = set()      # (day, queue number)
            self._patient_ids: dict[str, str] = {}               # identifier → MA_BN
            self._sequence = 0
            self._visits = 0
            self._appointments: dict[str, bool] = dict(APPOINTMENTS)   # id → used
            self.stored: list[str] = []    # the Idempotency-Key of every registration stored, repeats included
            self._posts: dict[str, int] = {}                     # Idempotency-Key → POSTs received

    def note_post(self, key: str) -> None:
        """Count one registration POST carrying ``key`` (replays included)."""
        with self._lock:
            self._posts[key] = self._posts.get(key, 0) + 1

    def posts(self) -> dict[str, int]:
        """How many registration POSTs arrived per Idempotency-Key (tests: one sender, one POST)."""
        with self._lock:
            return dict(self._posts)

    def count(self) -> int:
        """How many distinct visits were registered (replays and same-day repeats not counted)."""
        with self._lock:
            return self._visits

    def answer_for(self, client_id: str) -> dict | None:
        """The stored answer for a client id, or None."""
        with self._lock:
            found = self._by_key.get(client_id)
            return dict(found[1]) if found else None

    def body_for(self, client_id: str) -> dict | None:
        """The registration body the kiosk sent under ``client_id`` (tests check what arrived), or None."""
        with self._lock:
            found = self._by_key.get(client_id)
            return json.loads(found[0]) if found else None

    def override_for(self, client_id: str) -> dict | None:
        """The staff override stored with a registration (None: none, or no such registration)."""
        body = self.body_for(client_id)
        return body.get("override") if body else None

    def appointment_used(self, appointment_id: str) -> bool | None:
        """True/False for a known appointment (used or not), None for an unknown one."""
        with self._lock:
            return self._appointments.get(appointment_id)

    def register(self, key: str, body: dict) -> tuple[dict, int]:
        """Apply one valid registration; returns (answer, HTTP status)."""
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False)
        now = self.clock().replace(microsecond=0)
        day = now.strftime("%Y%m%d")
        xml0 = body["xml0"]
        # every identifier the body carries names the same person (ID card one day, insurance card the next)
        card = xml0.get("MA_THE_BHYT")
        patient_keys = [k for k in (xml0.get("SO_CCCD"), card, card[-10:] if card else None) if k]
        with self._lock:
            if key in self._by_key and self.idempotent:
                stored_body, answer, status = self._by_key[key]
                if stored_body != canonical:
                    raise ValueError("idempotency_key_reused")
                return dict(answer), status
            if body.get("additional_clinic"):
                # "another clinic too": only the same clinic twice hands back the earlier number
                first = next((self._by_clinic[(day, k, body["department"])] for k in patient_keys
                              if (day, k, body["department"]) in self._by_clinic), None)
            else:
                first = next((self._by_patient[(day, k)] for k in patient_keys if (day, k) in self._by_patient),
                             None)
            if first is not None and self.idempotent:
                answer = dict(first, client_id=key, existing=True)
                self._by_key[key] = (canonical, answer, 200)
                return dict(answer), 200
            dept = self.departments[body["department"]]
            number = self._queue_number(day, dept, body.get("offline_ticket"))
            self._sequence += 1
            answer = {
                "client_id": key,
                "hospital_id": f"HIS{day}{self._sequence:05d}",
                "patient_id": self._patient_id(patient_keys),
                "queue_number": number,
                "room": dept.room,
                "department": dept.as_json(),
                "issued_at": now.isoformat(),
                "priority": bool(body["priority"]),
                "eligibility_status": body["eligibility"]["status"],
                "override_class": (body.get("override") or {}).get("class"),
                "offline_ticket_kept": number == body.get("offline_ticket"),
                "existing": False,
            }
            for k in patient_keys:
                self._by_patient.setdefault((day, k), answer)
                self._by_clinic[(day, k, dept.code)] = answer
            appointment = ((body.get("benefit") or {}).get("appointment") or {}).get("id")
            if appointment in self._appointments:  # single use: this visit uses it up
                self._appointments[appointment] = True
            self._visits += 1
            self.stored.append(key)
            self._by_key[key] = (canonical, answer, 201)
            return dict(answer), 201

    def _patient_id(self, keys: list[str]) -> str:
        """The hospital's patient code (MA_BN), stable across days for any of the person's identifiers."""
        found = next((self._patient_ids[k] for k in keys if k in self._patient_ids), None)
        pid = found or f"BN{len(set(self._patient_ids.values())) + 1:07d}"
        for k in keys:
            self._patient_ids.setdefault(k, pid)
        return pid

    def _queue_number(self, day: str, dept: SimDepartment, offline: str | None) -> str:
        """Keep a kiosk-issued number when nobody holds it today; else the department's next one."""
        if offline and (day, offline) not in self._used_numbers:
            self._used_numbers.add((day, offline))
            return offline
        while True:  # bounded: each pass takes a new number and only offline numbers can collide
            n = self._counters.get((day, dept.code), 0) + 1
            self._counters[(day, dept.code)] = n
            number = f"{dept.prefix}-{n:03d}"
            if (day, number) not in self._used_numbers:
                self._used_numbers.add((day, number))
                return number


def add_hospital_routes(router: Router, state: HospitalState) -> None:
    """Serve the hospital API under ``/his/v1`` on ``router``."""

    def authorised(req: Request) -> Response | None:
        if req.headers.get("x-api-key") != state.api_key:
            return refusal(401, "unauthorized", "The API key is missing or wrong.")
        return None

    def departments(req: Request) -> Response:
        return authorised(req) or json_response(
            {"departments": [d.as_json() for d in state.departments.values()]})

    def register(req: Request) -> Response:
        denied = authorised(req)
        if denied:
            return denied
        key = req.headers.get("idempotency-key", "")
        state.note_post(key)
        body = req.json()
        problem = validate_registration(key, body, state.departments)
        if problem:
            reason, message = problem
            return refusal(422, reason, message)
        try:
            answer, status = state.register(key, body)
        except ValueError:
            return refusal(422, "idempotency_key_reused",
                           "This Idempotency-Key was already used with a different registration.")
        if status == 201:
            for listener in state.on_registered:
                listener(body, answer)
        return json_response(answer, status)

    def fetch(req: Request) -> Response:
        denied = authorised(req)
        if denied:
            return denied
        answer = state.answer_for(req.params["client_id"])
        if answer is None:
            return refusal(404, "unknown_registration", "No registration has this client id.")
        return json_response(answer)

    def appointment(req: Request) -> Response:
        denied = authorised(req)
        if denied:
            return denied
        used = state.appointment_used(unquote(req.params["appointment_id"]))
        if used is None:
            return refusal(404, "unknown_appointment", "No re-visit appointment has this id.")
        return json_response({"appointment_id": unquote(req.params["appointment_id"]),
                              "status": "used" if used else "fresh"})

    router.add("GET", BASE + r"/departments", "hospital.departments", departments)
    router.add("GET", BASE + r"/appointments/(?P<appointment_id>[^/]+)", "hospital.appointment", appointment)
    router.add("POST", BASE + r"/registrations", "hospital.register", register)
    router.add("GET", BASE + r"/registrations/(?P<client_id>[^/]+)", "hospital.fetch", fetch)
