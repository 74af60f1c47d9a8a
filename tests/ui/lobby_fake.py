"""A small in-memory stand-in for the :class:`kiosk.lobby.model.Lobby` port (station widget tests only).

It keeps the port's semantics the station relies on: a cursor and deltas,
long-poll waits that end early on a change, etags that change with every row
change, a claim held by one desk (a second desk gets :class:`ClaimConflict`
with the holder, a stale etag :class:`StaleRow`), resolve only by the holder,
and an "unreachable" switch. Integration tests use the dev kit's simulator.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import replace

from kiosk.lobby.model import (
    Claim,
    ClaimConflict,
    KioskState,
    LobbyRow,
    LobbyUnavailable,
    LobbyView,
    Referral,
    RowKind,
    RowState,
    StaleRow,
)


class FakeLobby:
    """Today's rows of a lobby, shared by every desk that holds this object."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[int, LobbyRow]] = {}   # id -> (change sequence, row)
        self._personal: dict[str, tuple[dict | None, dict | None]] = {}
        self._kiosks: list[KioskState] = []
        self._seq = itertools.count(1)
        self._last = 0
        self._changed = threading.Condition()
        self.unreachable = False
        self.calls: list[tuple] = []

    # --- test set-up -----------------------------------------------------------------------
    def put(self, row: LobbyRow, identity: dict | None = None, eligibility: dict | None = None) -> LobbyRow:
        """Add or replace a row (as a kiosk's delivery would), waking long-polls."""
        with self._changed:
            self._last = next(self._seq)
            row = replace(row, etag=f"e{self._last}")
            self._rows[row.id] = (self._last, row)
            if identity is not None or eligibility is not None:
                self._personal[row.id] = (identity, eligibility)
            self._changed.notify_all()
            return row

    def set_kiosks(self, kiosks: list[KioskState]) -> None:
        """The fleet as the heartbeats reported it."""
        self._kiosks = list(kiosks)

    def _check(self) -> None:
        if self.unreachable:
            raise LobbyUnavailable("hospital system unreachable (test switch)")

    # --- the port -------------------------------------------------------------------------
    def view(self, *, since: str | None = None, wait: float = 0.0, kiosk: str | None = None) -> LobbyView:
        """Every row, or the rows changed after ``since`` (waiting up to ``wait`` s for one)."""
        self._check()
        after = int(since) if since else 0
        deadline = time.monotonic() + wait
        with self._changed:
            while since and self._last <= after and time.monotonic() < deadline and not self.unreachable:
                self._changed.wait(min(0.05, max(0.0, deadline - time.monotonic())))
            self._check()
            rows = tuple(r for seq, r in self._rows.values()
                         if seq > after and (kiosk is None or r.kiosk_id == kiosk))
            return LobbyView(rows=tuple(sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)),
                             cursor=str(self._last), fetched_at=time.time())

    def referral(self, row_id: str) -> Referral:
        """The referral with its identity and eligibility."""
        self._check()
        identity, eligibility = self._personal.get(row_id, (None, None))
        return Referral(row=self._rows[row_id][1], identity=identity, eligibility=eligibility)

    def _current(self, row: LobbyRow) -> LobbyRow:
        current = self._rows[row.id][1]
        if current.etag != row.etag:
            if current.claim is not None and row.claim is None:
                raise ClaimConflict(current.claim)
            raise StaleRow(f"row {row.id} changed")
        return current

    def claim(self, row: LobbyRow, desk_id: str, staff_name: str) -> LobbyRow:
        """Take an open referral for ``desk_id``."""
        self._check()
        self.calls.append(("claim", row.id, desk_id))
        with self._changed:
            current = self._current(row)
            if current.claim is not None and current.claim.desk_id != desk_id:
                raise ClaimConflict(current.claim)
        return self.put(replace(current, state=RowState.CLAIMED, claim=Claim(desk_id, staff_name, time.time())))

    def release(self, row: LobbyRow, desk_id: str) -> LobbyRow:
        """Give a claim back."""
        self._check()
        self.calls.append(("release", row.id, desk_id))
        with self._changed:
            current = self._current(row)
            if current.claim is None or current.claim.desk_id != desk_id:
                raise ClaimConflict(current.claim or Claim("", "", 0.0), "this desk does not hold the claim")
        return self.put(replace(current, state=RowState.OPEN, claim=None))

    def resolve(self, row: LobbyRow, desk_id: str, resolution: str, note: str = "",
                registration_id: str = "") -> LobbyRow:
        """Close a referral this desk holds."""
        self._check()
        self.calls.append(("resolve", row.id, desk_id, resolution, note, registration_id))
        with self._changed:
            current = self._current(row)
            if current.claim is None or current.claim.desk_id != desk_id:
                raise ClaimConflict(current.claim or Claim("", "", 0.0), "this desk does not hold the claim")
        return self.put(replace(current, state=RowState.RESOLVED, resolution=resolution, note=note,
                                registration_id=registration_id or current.registration_id))

    def kiosks(self) -> tuple[KioskState, ...]:
        """The fleet."""
        self._check()
        return tuple(self._kiosks)


def registration(row_id: str, kiosk: str, ticket: str, department: str = "KNOI", *, at: float | None = None,
                 patient: str = "Trần V. B. ********0001") -> LobbyRow:
    """A registration row as the HIS lists it."""
    return LobbyRow(id=row_id, kind=RowKind.REGISTRATION, kiosk_id=kiosk, created_at=at or time.time(),
                    state=RowState.REGISTERED, etag="", ticket=ticket, department=department, patient=patient)


def referral(row_id: str, kiosk: str, reason: str, *, code: str = "", at: float | None = None,
             patient: str = "Lê T. H. ********5566", counter: str = "", registration_id: str = "",
             ticket: str = "") -> LobbyRow:
    """An open referral row as the HIS lists it."""
    return LobbyRow(id=row_id, kind=RowKind.REFERRAL, kiosk_id=kiosk, created_at=at or time.time(),
                    state=RowState.OPEN, etag="", ticket=ticket or counter, reason=reason, gateway_code=code,
                    patient=patient, detail="", registration_id=registration_id)
