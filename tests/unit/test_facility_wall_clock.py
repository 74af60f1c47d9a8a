"""Times and dates shown or used by the kiosk follow facility.time_zone, not this PC's clock zone.

The PC's zone is set for the test process (TZ) far from the facility's zone
(Pacific/Kiritimati is UTC+14, Pacific/Pago_Pago UTC-11: 25 hours apart, so
their dates always differ), as on a kiosk whose clock runs in another zone.
"""

import dataclasses
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.citizens import by_key
from kiosk.cli import build_parser, checkin_cmd
from kiosk.domain import Department, Ticket
from kiosk.errors import InputError
from kiosk.printing.service import TicketPrinting

FACILITY = "Pacific/Pago_Pago"


@pytest.fixture
def pc_zone_ahead(monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield date.today()   # the PC's date in its own zone
    monkeypatch.undo()
    time.tzset()


def config(zone=FACILITY):
    cfg = dev_kit_config()
    return dataclasses.replace(cfg, facility=dataclasses.replace(cfg.facility, time_zone=zone))


def test_the_printed_ticket_time_is_the_facilitys_wall_clock():
    ticket = Ticket(number="A-0007", room="P.101", department=Department("K01", "Khám Nội", "Internal", "P.101"),
                    issued_at=datetime(2026, 11, 30, 17, 30, tzinfo=UTC), registration_id="r-1", hospital_id="h-1")
    view = TicketPrinting(config("Asia/Ho_Chi_Minh")).view(ticket)
    assert view.issued_at.strftime("%H:%M  %d/%m/%Y") == "00:30  01/12/2026"


def test_a_counter_slip_is_stamped_with_the_facilitys_time(pc_zone_ahead):
    slip = TicketPrinting(config()).counter_slip("Q-3", "expired card")
    facility_today = datetime.now(ZoneInfo(FACILITY)).date()
    assert pc_zone_ahead != facility_today          # the premise: the two calendars differ now
    assert slip.issued_at.date() == facility_today
    assert slip.issued_at.utcoffset() == datetime.now(ZoneInfo(FACILITY)).utcoffset()


def test_the_cli_bounds_a_qr_birth_date_by_the_facilitys_date(pc_zone_ahead):
    # born "today" by the PC's calendar: still tomorrow (or later) at the facility, so not plausible there
    fields = by_key("valid").qr_text().split("|")
    fields[3] = fields[6] = pc_zone_ahead.strftime("%d%m%Y")
    args = build_parser("checkin").parse_args(["checkin", "--qr-text", "|".join(fields)])
    with pytest.raises(InputError) as info:
        checkin_cmd.run(args, config())
    assert info.value.code == "qr_invalid" and "birth date" in info.value.detail
