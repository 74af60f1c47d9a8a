"""The lobby as reception desks and IT see it: rows, kiosks, and the port that serves them.

Qt-free. The station and ``kiosk lobby`` depend only on :class:`Lobby`;
``kiosk.lobby.client`` implements it over the hospital system's API
(docs/lobby.md, docs/hospital-api.yaml). Rows never carry full identities:
``patient`` is already masked by the hospital system.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol

from kiosk.errors import KioskError


class RowKind(str, Enum):
    """What a lobby row is."""

    REGISTRATION = "registration"
    REFERRAL = "referral"


class RowState(str, Enum):
    """The one state definition every station count is derived from."""

    REGISTERED = "registered"   # a registration the hospital system holds
    OPEN = "open"               # a referral nobody has claimed
    CLAIMED = "claimed"         # a referral a desk is handling
    RESOLVED = "resolved"       # a referral closed with a resolution


#: Why a kiosk sent someone to the counter (docs/lobby.md "Referral reasons").
REFERRAL_REASONS = ("expired", "not-found", "name-birth-mismatch", "gateway-error", "wrong-route", "counter",
                    "recheck-failed", "hospital-refused", "face-mismatch", "face-declined", "help")

#: How a desk closes a referral.
RESOLUTIONS = ("registered", "service-patient", "rechecked", "sent-home", "resolved")


@dataclass(frozen=True)
class Claim:
    """Which desk is handling a referral, who, since when (epoch seconds)."""

    desk_id: str
    staff_name: str
    at: float


@dataclass(frozen=True)
class LobbyRow:
    """One registration or referral of today, as every desk sees it.

    ``id`` is the kiosk's client id: the row's identity across refreshes and
    sorting. ``etag`` changes with every change of the row (claims and
    resolutions send it back as ``If-Match``).
    """

    id: str
    kind: RowKind
    kiosk_id: str
    created_at: float
    state: RowState
    etag: str
    ticket: str = ""            # queue number (registration) or counter number (referral, K07-Q003)
    department: str = ""        # department code; its name comes from the department list
    patient: str = ""           # masked by the hospital system: family name + initials, masked card
    reason: str = ""            # referral: one of REFERRAL_REASONS
    gateway_code: str = ""      # referral: the gateway's result code, when it gave one
    detail: str = ""            # referral: the staff detail sentence (Vietnamese)
    screen: str = ""            # help request: the screen the patient was on
    claim: Claim | None = None
    resolution: str = ""        # resolved referral: one of RESOLUTIONS
    note: str = ""              # resolved referral: what staff wrote
    registration_id: str = ""   # referral about (or resolved into) this registration

    @property
    def needs_staff(self) -> bool:
        """An open or claimed referral: what "cần xử lý" counts."""
        return self.kind is RowKind.REFERRAL and self.state in (RowState.OPEN, RowState.CLAIMED)


@dataclass(frozen=True)
class LobbyView:
    """Today's rows at one moment, the cursor to ask for what changed since, and when it was read."""

    rows: tuple[LobbyRow, ...]
    cursor: str
    fetched_at: float

    def merge(self, delta: LobbyView) -> LobbyView:
        """This view updated with a delta's rows (same id: the delta's wins); newest first."""
        by_id = {r.id: r for r in self.rows}
        by_id.update({r.id: r for r in delta.rows})
        rows = tuple(sorted(by_id.values(), key=lambda r: (r.created_at, r.id), reverse=True))
        return replace(self, rows=rows, cursor=delta.cursor, fetched_at=delta.fetched_at)

    def row(self, row_id: str) -> LobbyRow | None:
        """The row with this id, or None."""
        return next((r for r in self.rows if r.id == row_id), None)

    def needs_staff(self) -> int:
        """How many referrals are open or claimed: the one "cần xử lý" number."""
        return sum(1 for r in self.rows if r.needs_staff)


@dataclass(frozen=True)
class KioskState:
    """One kiosk as the fleet view shows it (from its last heartbeat)."""

    kiosk_id: str
    last_seen: float
    online: bool
    status: str                                  # ok / degraded / failing (the last report's)
    offline_since: float | None = None
    parts: dict[str, str] = field(default_factory=dict)   # part name -> ok / degraded / failing / off
    queue_depth: int = 0
    queue_oldest_age: float | None = None        # seconds
    queue_attention: int = 0
    paper: str = "unknown"                       # ok / low / out / unknown
    version: str = ""
    last_checkin_at: float | None = None
    offline_periods: tuple[tuple[float, float | None], ...] = ()


@dataclass(frozen=True)
class Referral:
    """A referral with what the override form needs (PERSONAL: only for the desk holding the claim)."""

    row: LobbyRow
    identity: dict | None        # full_name, birth, card_number, id_number, sex, source
    eligibility: dict | None     # the gateway's answer as the kiosk kept it


class LobbyUnavailable(KioskError):
    """The hospital system could not be reached (the station keeps its last view)."""

    code = "lobby_unavailable"
    exit_code = 5        # ExitCode.HOSPITAL: `kiosk lobby` says "unreachable" apart from a refusal
    retryable = True


class LobbyRefused(KioskError):
    """The hospital system refused a lobby request (a wrong API key, an invalid field): asking again won't help."""

    code = "lobby_refused"
    exit_code = 3        # ExitCode.CONFIG: a wrong API key or URL is the configuration's to fix


class ClaimConflict(KioskError):
    """Another desk holds the referral (``holder`` says which and who)."""

    code = "already_claimed"

    def __init__(self, holder: Claim, detail: str = "") -> None:
        super().__init__(detail or f"claimed by desk {holder.desk_id}")
        self.holder = holder


class StaleRow(KioskError):
    """The row changed since it was read (its etag is no longer current): read it again."""

    code = "stale_row"


class Lobby(Protocol):
    """What reception desks and IT can do with the lobby (implemented over the hospital system)."""

    def view(self, *, since: str | None = None, wait: float = 0.0, kiosk: str | None = None) -> LobbyView:
        """Today's rows (``since`` None) or what changed after ``since``, waiting up to ``wait`` s for a change."""

    def referral(self, row_id: str) -> Referral:
        """One referral with its identity, for the override form."""

    def claim(self, row: LobbyRow, desk_id: str, staff_name: str) -> LobbyRow:
        """Take a referral for this desk; ClaimConflict when another desk has it, StaleRow when it changed."""

    def release(self, row: LobbyRow, desk_id: str) -> LobbyRow:
        """Give a claim back."""

    def resolve(self, row: LobbyRow, desk_id: str, resolution: str, note: str = "",
                registration_id: str = "") -> LobbyRow:
        """Close a referral this desk holds with one of RESOLUTIONS."""

    def kiosks(self) -> tuple[KioskState, ...]:
        """Every kiosk heard from today."""
