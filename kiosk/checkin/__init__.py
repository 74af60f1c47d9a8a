"""The check-in flow: a plain state machine the UI (or the CLI) drives.

Public API::

    from kiosk.checkin import CheckIn, State, CounterOutcome
    from kiosk.checkin import Journey, Stage, Action          # the patient's way through the screens
    from kiosk.checkin import identity_from_qr, identity_from_typed_id, identity_from_staff
    from kiosk.checkin import RegistrationSink, DirectRegistrationSink, HospitalDepartments

``Journey``, ``Stage`` and ``Action`` are imported on first use: the screens need
them, a `kiosk checkin` does not.
"""

from typing import TYPE_CHECKING, Any

from kiosk.checkin.flow import CheckIn, pending_result
from kiosk.checkin.identify import identity_from_qr, identity_from_staff, identity_from_typed_id, parse_birth
from kiosk.checkin.outcome import NextStep, Outcome, next_step
from kiosk.checkin.ports import (
                                    DepartmentSource,
                                    DirectRegistrationSink,
                                    EligibilityChecker,
                                    HospitalDepartments,
                                    RegistrationSink,
                                    ticket_from_receipt,
)
from kiosk.checkin.state import ALLOWED_FROM, CounterOutcome, State, Step

if TYPE_CHECKING:
    from kiosk.checkin.journey import Action, Journey, Stage

__all__ = ["ALLOWED_FROM", "Action", "CheckIn", "CounterOutcome", "DepartmentSource", "DirectRegistrationSink",
           "Journey", "Stage",
           "EligibilityChecker", "HospitalDepartments", "NextStep", "Outcome", "RegistrationSink", "State", "Step",
           "identity_from_qr", "identity_from_staff", "identity_from_typed_id", "next_step", "parse_birth",
           "pending_result", "ticket_from_receipt"]


def __getattr__(name: str) -> Any:
    if name in ("Action", "Journey", "Stage"):
        from kiosk.checkin import journey
        return getattr(journey, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
