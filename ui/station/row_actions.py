"""Which actions a desk may take on a lobby row (Qt-free): only those that apply are offered.

docs/lobby.md "The station": reprint needs a registration with a ticket; claim
an open referral; release, override, service patient, re-check, sent home and
resolve need a referral this desk holds.
"""

from __future__ import annotations

from kiosk.lobby.model import LobbyRow, RowKind, RowState

REPRINT = "reprint"
CLAIM = "claim"
RELEASE = "release"
OVERRIDE = "override"            # register the visit through the override form, then resolve "registered"
SERVICE = "service-patient"      # the visit exists (re-check failed): confirm it as a service patient
RECHECK = "recheck"              # ask the gateway again now; a confirmed card resolves "rechecked"
SENT_HOME = "sent-home"
RESOLVED = "resolved"            # anything else, with a reason typed by staff

#: Every action, in the order the buttons stand.
ACTIONS = (REPRINT, CLAIM, RELEASE, OVERRIDE, SERVICE, RECHECK, SENT_HOME, RESOLVED)


def actions_for(row: LobbyRow | None, desk_id: str, *, can_print: bool = True, can_override: bool = True,
                can_recheck: bool = True) -> tuple[str, ...]:
    """The actions ``desk_id`` may take on ``row`` (none without a row)."""
    if row is None:
        return ()
    if row.kind is RowKind.REGISTRATION:
        return (REPRINT,) if row.ticket and can_print else ()
    if row.state is RowState.OPEN:
        return (CLAIM,)
    if row.state is not RowState.CLAIMED or row.claim is None or row.claim.desk_id != desk_id:
        return ()
    held = [RELEASE]
    if row.registration_id:
        # the patient already holds a ticket (an offline visit whose re-check failed): no new registration
        held.append(SERVICE)
    elif can_override and row.reason != "help":
        held.append(OVERRIDE)
    if can_recheck and row.reason != "help":
        held.append(RECHECK)
    held += [SENT_HOME, RESOLVED]
    return tuple(held)
