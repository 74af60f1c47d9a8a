"""The lobby over the hospital system's API (docs/hospital-api.yaml): :class:`HospitalLobby` implements ``Lobby``.

Same transport rules as the hospital client (kiosk/http.py): TLS verified,
plain HTTP only on loopback, no redirect followed, fixed timeouts (a
long-poll's read timeout is its ``wait`` plus the usual read timeout).

Error mapping, decided here once:
- timeouts, connection errors, redirects, 5xx, an answer that is not the
  documented JSON → :class:`LobbyUnavailable` (the station keeps its last view);
- 409 ``already_claimed`` → :class:`ClaimConflict` with the holder;
- 412 ``stale_row``, 409 ``already_resolved`` / ``not_claimed`` → :class:`StaleRow`
  (the desk's copy of the row is out of date: read it again);
- any other 4xx (a wrong API key, an invalid field) → :class:`LobbyRefused`.
Error texts carry the server's reason code and the HTTP status only, never a
server sentence or a row's patient (both may be personal data).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.config import HospitalSettings
from kiosk.http import Exchange, HttpClient, Response, Timeout, TransportError
from kiosk.lobby.model import (
    Claim,
    ClaimConflict,
    KioskState,
    LobbyRefused,
    LobbyRow,
    LobbyUnavailable,
    LobbyView,
    Referral,
    RowKind,
    RowState,
    StaleRow,
)

log = logging.getLogger(__name__)

API_KEY_HEADER = "X-Api-Key"
#: the longest long-poll the hospital system holds (docs/hospital-api.yaml)
MAX_WAIT = 25.0
#: what a malformed answer can raise while we take it apart
_MALFORMED = (ValueError, KeyError, TypeError, AttributeError, RecursionError)


def _epoch(text: object) -> float:
    """An RFC 3339 date-time (with offset) as epoch seconds."""
    if not isinstance(text, str):
        raise TypeError("not a date-time")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a date-time without offset")
    return moment.timestamp()


def _text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def parse_row(data: Any) -> LobbyRow:
    """A lobby row of the API as the model's :class:`LobbyRow` (TypeError/ValueError/KeyError when malformed)."""
    if not isinstance(data, dict):
        raise TypeError("a row is not an object")
    claim = data.get("claim")
    holder = None
    if claim is not None:
        holder = Claim(desk_id=_text(claim["desk_id"]), staff_name=_text(claim["staff_name"]), at=_epoch(claim["at"]))
    row_id, etag, kiosk = _text(data["id"]), _text(data["etag"]), _text(data["kiosk_id"])
    if not (row_id and etag and kiosk):
        raise ValueError("a row without id, etag or kiosk")
    return LobbyRow(id=row_id, kind=RowKind(data["kind"]), kiosk_id=kiosk, created_at=_epoch(data["created_at"]),
                    state=RowState(data["state"]), etag=etag, ticket=_text(data.get("ticket")),
                    department=_text(data.get("department")), patient=_text(data.get("patient")),
                    reason=_text(data.get("reason")), gateway_code=_text(data.get("gateway_code")),
                    detail=_text(data.get("detail")), screen=_text(data.get("screen")), claim=holder,
                    resolution=_text(data.get("resolution")), note=_text(data.get("note")),
                    registration_id=_text(data.get("registration_id")))


def parse_kiosk(data: Any) -> KioskState:
    """One entry of ``GET /kiosks`` as the model's :class:`KioskState`."""
    if not isinstance(data, dict):
        raise TypeError("a kiosk is not an object")
    parts = data.get("parts") or {}
    queue = data.get("queue") or {}
    if not isinstance(parts, dict) or not isinstance(queue, dict):
        raise TypeError("parts or queue is not an object")
    periods = tuple((_epoch(p["start"]), None if p.get("end") is None else _epoch(p["end"]))
                    for p in data.get("offline_periods") or ())
    oldest = queue.get("oldest_age_seconds")
    return KioskState(
        kiosk_id=_text(data["kiosk_id"]), last_seen=_epoch(data["last_seen"]), online=bool(data["online"]),
        status=_text(data["status"]),
        offline_since=None if data.get("offline_since") is None else _epoch(data["offline_since"]),
        parts={_text(k): _text(v) for k, v in parts.items()},
        queue_depth=int(queue.get("depth") or 0), queue_oldest_age=None if oldest is None else float(oldest),
        queue_attention=int(queue.get("attention") or 0),
        paper=_text((data.get("printer") or {}).get("paper")) or "unknown", version=_text(data.get("version")),
        last_checkin_at=None if data.get("last_checkin_at") is None else _epoch(data["last_checkin_at"]),
        offline_periods=periods)


class HospitalLobby:
    """The ``Lobby`` port over ``hospital.url`` with ``hospital.api_key``; every call is blocking.

    Long-polls (:meth:`view` with ``wait``) go over their own connection, so a
    desk's claim never queues behind a 25-second wait on the reading thread.
    ``observer`` hears of every exchange on both connections (tests validate
    every request and answer against the spec this way).
    """

    def __init__(self, settings: HospitalSettings, *, observer: Callable[[Exchange], None] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self._clock = clock

        def client() -> HttpClient:
            http = HttpClient(settings.url, settings.connect_timeout, settings.read_timeout, name="hospital.url")
            http.headers[API_KEY_HEADER] = settings.api_key
            if observer is not None:
                http.observers.append(observer)
            return http

        self._http = client()
        self._poll = client()
        # the last full read per kiosk filter: (ETag, view), for If-None-Match
        self._full: dict[str | None, tuple[str, LobbyView]] = {}

    def close(self) -> None:
        """Release pooled connections."""
        self._http.close()
        self._poll.close()

    # -- transport -------------------------------------------------------------------------------------
    def _call(self, what: str, method: str, path: str, *, http: HttpClient | None = None,
              **kwargs: Any) -> Response:
        try:
            resp = (http or self._http).request(method, path, **kwargs)
        except Timeout:
            raise LobbyUnavailable(f"The hospital system did not answer {what} in time.") from None
        except TransportError as e:
            raise LobbyUnavailable(f"The hospital system cannot be reached for {what} "
                                   f"({e.reason}).") from None
        if resp.status_code >= 500:
            raise LobbyUnavailable(f"The hospital system failed {what} (HTTP {resp.status_code}).")
        return resp

    @staticmethod
    def _problem(resp: Response) -> dict:
        try:
            body = resp.json()
        except (ValueError, RecursionError):
            return {}
        return body if isinstance(body, dict) else {}

    def _refusal(self, what: str, resp: Response) -> Exception:
        """A 4xx as the port's errors (reason code and status only: the server's sentence stays out)."""
        body = self._problem(resp)
        reason = body.get("reason")
        if not isinstance(reason, str) or not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", reason):
            reason = "unauthorized" if resp.status_code == 401 else f"http_{resp.status_code}"
        if resp.status_code == 409 and reason == "already_claimed":
            try:
                holder = body["claimed_by"]
                claim = Claim(_text(holder["desk_id"]), _text(holder["staff_name"]), _epoch(holder["at"]))
            except _MALFORMED:
                return self._garbage(what)
            return ClaimConflict(claim, f"The hospital system refused {what}: desk {claim.desk_id} "
                                        "is handling this referral (already_claimed).")
        if resp.status_code == 412 or reason in ("already_resolved", "not_claimed", "stale_row"):
            return StaleRow(f"The hospital system refused {what}: the row changed since it was read ({reason}).",
                            code=reason)
        err = LobbyRefused(f"The hospital system refused {what} (HTTP {resp.status_code}, {reason}).", code=reason)
        err.http_status = resp.status_code
        return err

    @staticmethod
    def _garbage(what: str) -> LobbyUnavailable:
        return LobbyUnavailable(f"The hospital system answered {what} with something that is not a valid reply.",
                                code="lobby_garbage")

    def _json(self, what: str, resp: Response) -> Any:
        if resp.status_code >= 400:
            raise self._refusal(what, resp)
        try:
            return resp.json()
        except (ValueError, RecursionError):
            raise self._garbage(what) from None

    # -- the port ----------------------------------------------------------------------------------------
    def view(self, *, since: str | None = None, wait: float = 0.0, kiosk: str | None = None) -> LobbyView:
        """Today's rows (``since`` None) or what changed after ``since``, waiting up to ``wait`` s for a change.

        A full read sends ``If-None-Match`` with the last full answer's ETag and
        reuses that view on 304. A cursor the hospital system no longer knows
        (410, it restarted) is answered with a full read.
        """
        what = "the lobby"
        params: dict[str, Any] = {}
        if kiosk:
            params["kiosk"] = kiosk
        headers: dict[str, str] = {}
        timeout = None
        http = self._http
        if since:
            params["since"] = since
            wait = max(0.0, min(float(wait), MAX_WAIT))
            if wait:
                params["wait"] = f"{wait:g}"
                timeout = (self.settings.connect_timeout, self.settings.read_timeout + wait)
                http = self._poll
        elif kiosk in self._full:
            headers["If-None-Match"] = self._full[kiosk][0]
        kwargs: dict[str, Any] = {"params": params, "headers": headers}
        if timeout:
            kwargs["timeout"] = timeout
        resp = self._call(what, "GET", "lobby", http=http, **kwargs)
        now = self._clock()
        if resp.status_code == 304 and not since and kiosk in self._full:
            etag, cached = self._full[kiosk]
            return LobbyView(rows=cached.rows, cursor=cached.cursor, fetched_at=now)
        if resp.status_code == 410 and since:
            log.info("lobby cursor expired; reading the whole lobby again")
            return self.view(kiosk=kiosk)
        data = self._json(what, resp)
        try:
            rows = tuple(parse_row(r) for r in data["rows"])
            cursor = _text(data["cursor"])
        except _MALFORMED:
            raise self._garbage(what) from None
        if not cursor:
            raise self._garbage(what)
        view = LobbyView(rows=rows, cursor=cursor, fetched_at=now)
        if not since and resp.headers.get("ETag"):
            self._full[kiosk] = (resp.headers["ETag"], view)
        return view

    def referral(self, row_id: str) -> Referral:
        """One referral with its identity and eligibility (PERSONAL), for the override form."""
        what = "the referral"
        data = self._json(what, self._call(what, "GET", f"referrals/{row_id}"))
        try:
            identity, eligibility = data["identity"], data["eligibility"]
            if not (identity is None or isinstance(identity, dict)) or \
                    not (eligibility is None or isinstance(eligibility, dict)):
                raise TypeError("identity or eligibility is not an object")
            return Referral(row=parse_row(data["row"]), identity=identity, eligibility=eligibility)
        except _MALFORMED:
            raise self._garbage(what) from None

    def _change(self, what: str, row: LobbyRow, action: str, body: dict) -> LobbyRow:
        resp = self._call(what, "POST", f"referrals/{row.id}/{action}", json=body, headers={"If-Match": row.etag})
        data = self._json(what, resp)
        try:
            changed = parse_row(data)
        except _MALFORMED:
            raise self._garbage(what) from None
        if changed.id != row.id:
            raise self._garbage(what)
        log.info("referral %s: %s by desk %s", row.id, action, body["desk_id"])
        return changed

    def claim(self, row: LobbyRow, desk_id: str, staff_name: str) -> LobbyRow:
        """Take a referral for this desk; ClaimConflict when another desk has it, StaleRow when it changed."""
        return self._change("the claim", row, "claim", {"desk_id": desk_id, "staff_name": staff_name})

    def release(self, row: LobbyRow, desk_id: str) -> LobbyRow:
        """Give a claim back."""
        return self._change("the release", row, "release", {"desk_id": desk_id})

    def resolve(self, row: LobbyRow, desk_id: str, resolution: str, note: str = "",
                registration_id: str = "") -> LobbyRow:
        """Close a referral this desk holds with one of RESOLUTIONS."""
        return self._change("the resolution", row, "resolve",
                            {"desk_id": desk_id, "resolution": resolution, "note": note or None,
                             "registration_id": registration_id or None})

    def kiosks(self) -> tuple[KioskState, ...]:
        """Every kiosk heard from today (``GET /kiosks``)."""
        what = "the kiosk list"
        data = self._json(what, self._call(what, "GET", "kiosks"))
        try:
            return tuple(parse_kiosk(k) for k in data["kiosks"])
        except _MALFORMED:
            raise self._garbage(what) from None
