"""The simulated hospital system's lobby: referrals, today's rows, claims (docs/lobby.md, docs/hospital-api.yaml).

The reference the kiosks, the station and the tests run against:

- ``POST /referrals`` is idempotent by ``client_id`` (replay → the original
  answer with 200; same key, other body → 422 ``idempotency_key_reused``);
- every change (a registration, a referral, a claim, a release, a
  resolution) takes the next number of one sequence; a row's ``etag`` and the
  lobby's ``cursor`` are made from it, so ``GET /lobby?since=`` answers only
  the rows changed after the cursor, and ``wait`` sleeps on a condition that
  every change notifies (a change reaches a waiting desk at once);
- claims, releases and resolutions need ``If-Match`` with the row's current
  etag (428 without, 412 when stale, 409 ``already_claimed`` with the holder
  when another desk has it).

Rows carry only the masked patient; identities stay in the referral record
(``GET /referrals/{id}``). Thread-safe: one condition guards the state.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

from devkit.simulator.server import Request, Response, Router, json_response
from kiosk.domain import mask_digits
from kiosk.lobby.model import REFERRAL_REASONS, RESOLUTIONS

#: the longest a ``GET /lobby?wait=`` is held (seconds)
MAX_WAIT = 25.0
IDENTITY_FIELDS = ("full_name", "birth", "card_number", "id_number", "sex", "source")
_KIOSK_ID = re.compile(r"[A-Za-z0-9]{1,8}")
_DESK_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")

Problem = tuple[int, str, str]


def masked_patient(full_name: str | None, card: str | None) -> str:
    """``Nguyễn Văn An`` + ``GD4797912345678`` → ``Nguyễn V. A. · ***********5678``: what a row may show."""
    parts = (full_name or "").split()
    name = " ".join(parts[:1] + [p[0] + "." for p in parts[1:]])
    masked = mask_digits(card) if card else ""
    return " · ".join(x for x in (name, masked) if x)


def _rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).astimezone().replace(microsecond=0).isoformat()


def _iso(text: object) -> bool:
    if not isinstance(text, str) or "T" not in text:
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


@dataclass
class _Row:
    """One lobby row as the simulated hospital keeps it (``seq``: the change that last touched it)."""

    id: str
    kind: str
    kiosk_id: str
    created_at: float
    day: str
    state: str
    seq: int
    ticket: str = ""
    department: str = ""
    patient: str = ""
    reason: str = ""
    gateway_code: str | None = None
    detail: str | None = None
    screen: str | None = None
    claim: dict | None = None
    resolution: str | None = None
    note: str | None = None
    registration_id: str | None = None
    private: dict = field(default_factory=dict)   # identity and eligibility (PERSONAL): referral record only

    @property
    def etag(self) -> str:
        return f'"r{self.seq}"'

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "kiosk_id": self.kiosk_id, "created_at": _rfc3339(self.created_at),
                "state": self.state, "etag": self.etag, "ticket": self.ticket, "department": self.department,
                "patient": self.patient, "reason": self.reason or None, "gateway_code": self.gateway_code,
                "detail": self.detail, "screen": self.screen, "claim": self.claim, "resolution": self.resolution,
                "note": self.note, "registration_id": self.registration_id}


def validate_referral(key: str, body: object) -> tuple[str, str] | None:
    """The first problem with a ``POST /referrals`` request as ``(reason, message)``, or None.

    Messages name the field, never its value (it may be personal data).
    """
    try:
        uuid.UUID(key)
    except ValueError:
        return "bad_idempotency_key", "The Idempotency-Key header must be the referral's UUID."
    if not isinstance(body, dict):
        return "bad_json", "The body must be a JSON object."
    if body.get("client_id") != key:
        return "client_id_mismatch", "client_id must equal the Idempotency-Key header."
    required = ("kiosk_id", "created_at", "counter_number", "reason", "gateway_code", "staff_detail",
                "masked_card", "registration_id", "identity", "eligibility")
    missing = [f for f in required if f not in body]
    if missing:
        return "missing_field", f"{missing[0]} is required (null when unknown)."

    def text_or_null(name: str, limit: int) -> bool:
        v = body.get(name)
        return v is None or (isinstance(v, str) and len(v) <= limit)

    identity = body["identity"]
    checks = [
        ("kiosk_id", isinstance(body["kiosk_id"], str) and _KIOSK_ID.fullmatch(body["kiosk_id"]),
         "must be 1-8 letters or digits"),
        ("created_at", _iso(body["created_at"]), "must be an RFC 3339 date-time with offset"),
        ("counter_number", isinstance(body["counter_number"], str) and 0 < len(body["counter_number"]) <= 20,
         "must be 1-20 characters"),
        ("reason", body["reason"] in REFERRAL_REASONS, "must be one of " + ", ".join(REFERRAL_REASONS)),
        ("gateway_code", body["gateway_code"] is None or (isinstance(body["gateway_code"], str)
                                                          and re.fullmatch(r"\d{3}", body["gateway_code"])),
         "must be null or a 3-digit gateway result code"),
        ("staff_detail", text_or_null("staff_detail", 500), "must be null or up to 500 characters"),
        ("masked_card", body["masked_card"] is None or (isinstance(body["masked_card"], str)
                                                        and re.fullmatch(r"\**[0-9A-Za-z]{0,4}", body["masked_card"])),
         "must be null or masked (stars and at most the last 4 characters)"),
        ("screen", text_or_null("screen", 40), "must be null or up to 40 characters"),
        ("registration_id", text_or_null("registration_id", 64), "must be null or up to 64 characters"),
        ("identity", identity is None or (isinstance(identity, dict) and all(k in identity for k in IDENTITY_FIELDS)
                                          and isinstance(identity.get("full_name"), str)),
         "must be null or an object with " + ", ".join(IDENTITY_FIELDS)),
        ("eligibility", body["eligibility"] is None or isinstance(body["eligibility"], dict),
         "must be null or an object"),
    ]
    for name, ok, what in checks:
        if not ok:
            return "invalid_field", f"{name} {what}."
    if body["reason"] == "help":
        if not body.get("screen"):
            return "missing_field", "screen is required for a help request."
    elif identity is None:
        return "missing_field", "identity is required (null only for a help request)."
    if body["reason"] == "recheck-failed" and not body["registration_id"]:
        return "missing_field", "registration_id is required for a failed re-check."
    return None


class LobbyBoard:
    """Today's registrations and referrals of every kiosk, with one change sequence (thread-safe)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._cond = threading.Condition()
        # a cursor names this board's life: one from an earlier run (a restart) is refused, not misread
        self._generation = secrets.token_hex(3)
        self._seq = 0
        self._rows: dict[str, _Row] = {}
        self._answers: dict[str, tuple[str, dict]] = {}   # referral key → (canonical body, original answer)

    # -- what changes the lobby ------------------------------------------------------------------------
    def _touch(self, row: _Row) -> None:
        """Give ``row`` the next change number and wake every waiting desk (lock held)."""
        self._seq += 1
        row.seq = self._seq
        self._rows[row.id] = row
        self._cond.notify_all()

    @staticmethod
    def _day(epoch: float) -> str:
        return datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d")

    def add_registration(self, body: dict, answer: dict) -> None:
        """A visit the hospital registered (a kiosk's or a desk's) becomes a row."""
        xml0 = body.get("xml0") or {}
        issued = datetime.fromisoformat(answer["issued_at"]).timestamp()
        with self._cond:
            if answer["client_id"] in self._rows:
                return
            self._touch(_Row(id=answer["client_id"], kind="registration", kiosk_id=body["kiosk_id"],
                             created_at=issued, day=self._day(issued), state="registered", seq=0,
                             ticket=answer["queue_number"], department=answer["department"]["code"],
                             patient=masked_patient(xml0.get("HO_TEN"),
                                                    xml0.get("MA_THE_BHYT") or xml0.get("SO_CCCD"))))

    def add_referral(self, key: str, body: dict) -> tuple[dict, int]:
        """Store a valid referral; the same key and body again → the original answer (200).

        Raises ValueError when the key was used with another body.
        """
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False)
        with self._cond:
            if key in self._answers:
                stored, answer = self._answers[key]
                if stored != canonical:
                    raise ValueError("idempotency_key_reused")
                return dict(answer), 200
            created = datetime.fromisoformat(body["created_at"]).timestamp()
            identity = body["identity"] or {}
            linked = self._rows.get(body["registration_id"] or "")
            row = _Row(id=key, kind="referral", kiosk_id=body["kiosk_id"], created_at=created,
                       day=self._day(created), state="open", seq=0, ticket=body["counter_number"],
                       department=linked.department if linked else "",
                       patient=masked_patient(identity.get("full_name"), None)
                       + (f" · {body['masked_card']}" if body["masked_card"] and identity else ""),
                       reason=body["reason"], gateway_code=body["gateway_code"], detail=body["staff_detail"],
                       screen=body.get("screen"), registration_id=body["registration_id"],
                       private={"identity": body["identity"], "eligibility": body["eligibility"]})
            self._touch(row)
            answer = row.as_json()
            self._answers[key] = (canonical, answer)
            return dict(answer), 201

    def _holder_conflict(self, row: _Row, desk_id: str) -> Response | None:
        if row.claim and row.claim["desk_id"] != desk_id:
            return json_response({"reason": "already_claimed", "message": "Another desk is handling this referral.",
                                  "claimed_by": dict(row.claim)}, 409)
        return None

    def change(self, row_id: str, if_match: str | None, action: str, body: dict) -> Response:
        """Claim, release or resolve a referral under ``If-Match`` (the answer, success or refusal)."""
        desk_id = body.get("desk_id")
        if not (isinstance(desk_id, str) and _DESK_ID.fullmatch(desk_id)):
            return _refusal(422, "invalid_field", "desk_id must be 1-32 letters, digits, dots, dashes or underscores.")
        if action == "claim":
            staff = body.get("staff_name")
            if not (isinstance(staff, str) and 0 < len(staff.strip()) <= 100):
                return _refusal(422, "invalid_field", "staff_name must be 1-100 characters.")
        if action == "resolve":
            problem = _resolution_problem(body)
            if problem:
                return _refusal(422, *problem)
        if not if_match:
            return _refusal(428, "if_match_required", "This change needs If-Match with the row's etag.")
        with self._cond:
            row = self._rows.get(row_id)
            if row is None or row.kind != "referral":
                return _refusal(404, "unknown_referral", "No referral has this id.")
            if row.state == "resolved":
                return _refusal(409, "already_resolved", "This referral is already resolved.")
            conflict = self._holder_conflict(row, desk_id)
            if conflict:
                return conflict
            if if_match.strip() != row.etag:
                return _refusal(412, "stale_row", "The referral changed since it was read; read it again.",
                                etag=row.etag)
            if action in ("release", "resolve") and row.claim is None:
                return _refusal(409, "not_claimed", "This desk does not hold the referral; claim it first.")
            if action == "claim":
                if row.claim is None:
                    row.claim = {"desk_id": desk_id, "staff_name": body["staff_name"].strip(),
                                 "at": _rfc3339(self.clock())}
                    row.state = "claimed"
                    self._touch(row)
            elif action == "release":
                row.claim, row.state = None, "open"
                self._touch(row)
            else:
                row.state, row.resolution = "resolved", body["resolution"]
                row.note = body.get("note") or None
                row.registration_id = body.get("registration_id") or row.registration_id
                self._touch(row)
            return json_response(row.as_json(), headers={"ETag": row.etag})

    # -- what desks read -------------------------------------------------------------------------------
    def cursor(self) -> str:
        """The cursor of the lobby as it is now."""
        with self._cond:
            return f"{self._generation}.{self._seq}"

    def parse_cursor(self, cursor: str) -> int | None:
        """The change number of a cursor this board made, or None."""
        gen, _, seq = cursor.partition(".")
        if gen != self._generation or not seq.isdigit() or int(seq) > self._seq:
            return None
        return int(seq)

    def rows(self, day: str, after: int, kiosk: str | None, state: str | None, wait: float) -> tuple[list[dict], str]:
        """The rows of ``day`` changed after change number ``after`` (0: all), newest first, and the new cursor.

        With ``wait`` > 0 and nothing to answer yet, holds until a matching change or the time passes.
        """
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                found = [r for r in self._rows.values()
                         if r.seq > after and r.day == day and (kiosk is None or r.kiosk_id == kiosk)
                         and (state is None or r.state == state)]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    found.sort(key=lambda r: (r.created_at, r.id), reverse=True)
                    return [r.as_json() for r in found], f"{self._generation}.{self._seq}"
                self._cond.wait(remaining)

    def referral(self, row_id: str) -> dict | None:
        """The referral row with its identity and eligibility (PERSONAL), or None."""
        with self._cond:
            row = self._rows.get(row_id)
            if row is None or row.kind != "referral":
                return None
            return {"row": row.as_json(), **row.private}

    def today(self) -> str:
        """Today's date (the hospital's local time) as the lobby names days."""
        return self._day(self.clock())


def _resolution_problem(body: dict) -> tuple[str, str] | None:
    resolution = body.get("resolution")
    if resolution not in RESOLUTIONS:
        return "invalid_field", "resolution must be one of " + ", ".join(RESOLUTIONS) + "."
    note, reg = body.get("note"), body.get("registration_id")
    if note is not None and not (isinstance(note, str) and len(note) <= 500):
        return "invalid_field", "note must be null or up to 500 characters."
    if reg is not None and not (isinstance(reg, str) and len(reg) <= 64):
        return "invalid_field", "registration_id must be null or up to 64 characters."
    if resolution == "registered" and not reg:
        return "missing_field", "registration_id is required when the resolution is registered."
    if resolution == "resolved" and not (note or "").strip():
        return "missing_field", "note is required when the resolution is resolved (say what was done)."
    return None


def _refusal(status: int, reason: str, message: str, **extra) -> Response:
    return json_response({"reason": reason, "message": message, **extra}, status)


def add_lobby_routes(router: Router, board: LobbyBoard, api_key: str, base: str) -> None:
    """Serve the referral and lobby endpoints under ``base`` (the hospital API)."""

    def denied(req: Request) -> Response | None:
        if req.headers.get("x-api-key") != api_key:
            return _refusal(401, "unauthorized", "The API key is missing or wrong.")
        return None

    def create(req: Request) -> Response:
        refused = denied(req)
        if refused:
            return refused
        key = req.headers.get("idempotency-key", "")
        body = req.json()
        problem = validate_referral(key, body)
        if problem:
            return _refusal(422, *problem)
        try:
            answer, status = board.add_referral(key, body)
        except ValueError:
            return _refusal(422, "idempotency_key_reused",
                            "This Idempotency-Key was already used with a different referral.")
        return json_response(answer, status, headers={"ETag": answer["etag"]})

    def lobby(req: Request) -> Response:
        refused = denied(req)
        if refused:
            return refused
        q = req.query
        day = q.get("day") or board.today()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            return _refusal(422, "invalid_field", "day must be YYYY-MM-DD.")
        state = q.get("state") or None
        if state is not None and state not in ("registered", "open", "claimed", "resolved"):
            return _refusal(422, "invalid_field", "state must be registered, open, claimed or resolved.")
        kiosk = q.get("kiosk") or None
        if kiosk is not None and not _KIOSK_ID.fullmatch(kiosk):
            return _refusal(422, "invalid_field", "kiosk must be 1-8 letters or digits.")
        try:
            wait = float(q.get("wait") or 0)
        except ValueError:
            wait = -1.0
        if not 0 <= wait <= MAX_WAIT:
            return _refusal(422, "invalid_field", f"wait must be 0 to {MAX_WAIT:g} seconds.")
        after = 0
        if q.get("since"):
            after = board.parse_cursor(q["since"])
            if after is None:
                return _refusal(410, "cursor_expired",
                                "The cursor is not one of this lobby's; read the whole lobby again.")
        else:
            wait = 0.0    # a full read answers at once
        if not q.get("since") and req.headers.get("if-none-match") == f'"{board.cursor()}"':
            # nothing changed since that full read: answer before building the rows
            return Response(304, b"", {"ETag": f'"{board.cursor()}"'})
        rows, cursor = board.rows(day, after, kiosk, state, wait)
        etag = f'"{cursor}"'
        if req.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag})
        return json_response({"day": day, "cursor": cursor, "delta": bool(q.get("since")), "rows": rows},
                             headers={"ETag": etag})

    def referral(req: Request) -> Response:
        refused = denied(req)
        if refused:
            return refused
        found = board.referral(unquote(req.params["row_id"]))
        if found is None:
            return _refusal(404, "unknown_referral", "No referral has this id.")
        return json_response(found, headers={"ETag": found["row"]["etag"]})

    def action(name: str):
        def handle(req: Request) -> Response:
            refused = denied(req)
            if refused:
                return refused
            body = req.json()
            if body is None:
                return _refusal(422, "bad_json", "The body must be a JSON object.")
            return board.change(unquote(req.params["row_id"]), req.headers.get("if-match"), name, body)
        return handle

    router.add("POST", base + r"/referrals", "hospital.referral", create)
    router.add("GET", base + r"/lobby", "hospital.lobby", lobby)
    router.add("GET", base + r"/referrals/(?P<row_id>[^/]+)", "hospital.referral_get", referral)
    for name in ("claim", "release", "resolve"):
        router.add("POST", base + rf"/referrals/(?P<row_id>[^/]+)/{name}", f"hospital.{name}", action(name))
