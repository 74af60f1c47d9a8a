"""The "need help" request of the core (kiosk.help_request): where, never who; one per screen at a time."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from kiosk.errors import HospitalUnavailable, InputError
from kiosk.help_request import HelpDesk, HelpRequest, LoggedHelpRequests


class Recorded:
    """A help-request sink that keeps what it was given (a fake of the port)."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.requests: list[HelpRequest] = []
        self.fail = fail

    def deliver(self, request: HelpRequest) -> None:
        if self.fail is not None:
            raise self.fail
        self.requests.append(request)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 30)

    def __call__(self) -> datetime:
        return self.now


def test_a_request_names_the_kiosk_and_the_screen_and_is_delivered():
    sink, clock = Recorded(), Clock()
    request = HelpDesk("K07", sink, clock=clock).request_help("confirm")
    assert (request.kiosk_id, request.screen, request.raised_at, request.repeated) == ("K07", "confirm",
                                                                                       clock.now, False)
    assert sink.requests == [request] and str(uuid.UUID(request.request_id)) == request.request_id


def test_pressing_again_on_the_same_screen_is_one_request_until_the_repeat_time_passes():
    sink, clock = Recorded(), Clock()
    desk = HelpDesk("K07", sink, clock=clock, repeat_seconds=60)
    first = desk.request_help("ticket")
    clock.now += timedelta(seconds=30)
    again = desk.request_help("ticket")
    assert again.repeated and again.request_id == first.request_id and len(sink.requests) == 1
    clock.now += timedelta(seconds=31)
    later = desk.request_help("ticket")
    assert not later.repeated and later.request_id != first.request_id and len(sink.requests) == 2


def test_another_screen_is_a_new_request():
    sink = Recorded()
    desk = HelpDesk("K07", sink, clock=Clock())
    desk.request_help("confirm")
    desk.request_help("department")
    assert [r.screen for r in sink.requests] == ["confirm", "department"]


@pytest.mark.parametrize("screen", ["", "Nguyễn Văn An", "079088001234", "confirm; drop", "x" * 40, None])
def test_a_screen_must_be_a_short_code_never_free_text(screen):
    sink = Recorded()
    with pytest.raises(InputError) as e:
        HelpDesk("K07", sink, clock=Clock()).request_help(screen)
    assert e.value.code == "help_screen" and sink.requests == []


def test_a_failed_delivery_raises_and_the_next_press_tries_again():
    sink, clock = Recorded(fail=HospitalUnavailable("down")), Clock()
    desk = HelpDesk("K07", sink, clock=clock)
    with pytest.raises(HospitalUnavailable):
        desk.request_help("idle")
    sink.fail = None
    request = desk.request_help("idle")
    assert not request.repeated and sink.requests == [request]


def test_the_log_delivery_writes_where_help_is_needed(caplog):
    caplog.set_level("WARNING", logger="kiosk.help_request")
    HelpDesk("K07", LoggedHelpRequests(), clock=Clock()).request_help("new-card")
    assert "help requested at kiosk K07 on screen new-card" in caplog.text


def test_the_services_raise_help_for_their_kiosk(config):
    from kiosk.services import KioskServices
    sink = Recorded()
    with KioskServices.open(config, start=False, help_sink=sink) as services:
        request = services.request_help("priority")
    assert sink.requests == [request] and request.kiosk_id == config.kiosk.id
