"""The staff PIN: a salted scrypt hash, an escalating delay, a lockout, no digits in logs."""

import logging

import pytest

from devkit.kiosk_config import DEV_KIT_STAFF_PIN, dev_kit_config, dev_kit_pin_hash
from kiosk.staff_pin import PinGuard, guard_from_config, hash_pin, verify_pin


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_the_dev_kits_stored_hash_is_its_pin():
    assert verify_pin(DEV_KIT_STAFF_PIN, dev_kit_pin_hash())


def test_the_hash_is_salted_slow_and_never_the_pin():
    a, b = hash_pin("4826"), hash_pin("4826")
    assert a != b and "4826" not in a and a.startswith("scrypt$16384$8$1$")
    assert verify_pin("4826", a) and not verify_pin("4827", a)
    assert not verify_pin("4826", "") and not verify_pin("4826", "scrypt$1$1$1$AA==$AA==")
    with pytest.raises(ValueError, match="4 to 8 digits") as info:
        hash_pin("12a4")
    assert "12a4" not in str(info.value)


def guard(clock, events=None, **kw):
    sink = events if events is not None else []
    return PinGuard(dev_kit_pin_hash(), clock=clock, on_event=lambda n, s: sink.append((n, s)), **kw)


def test_delay_escalates_then_locks_and_the_right_pin_is_refused_while_locked():
    clock, events = Clock(), []
    g = guard(clock, events, max_failures=5, lockout_seconds=900)
    assert g.attempt("1111").outcome == "wrong"            # a slip costs nothing
    second = g.attempt("1112")
    assert second.outcome == "wrong" and second.wait_seconds == 2
    assert g.attempt(DEV_KIT_STAFF_PIN).outcome == "wait"   # even the right PIN waits out the delay
    clock.t += 2
    assert g.attempt("1113").wait_seconds == 4
    clock.t += 4
    assert g.attempt("1114").wait_seconds == 8
    clock.t += 8
    locked = g.attempt("1115")
    assert locked.outcome == "locked" and locked.wait_seconds == 900 and g.state().locked
    clock.t += 899
    assert g.attempt(DEV_KIT_STAFF_PIN).outcome == "locked"
    clock.t += 2
    assert not g.state().locked and g.attempt(DEV_KIT_STAFF_PIN).outcome == "ok" and g.failures == 0
    assert [n for n, _ in events] == ["wrong", "wrong", "wrong", "wrong", "locked"]


def test_each_further_lockout_doubles_so_ten_thousand_codes_take_months():
    clock = Clock()
    g = guard(clock, max_failures=5, lockout_seconds=900)
    spans, tried = [], 0
    for _ in range(4):
        while True:
            r = g.attempt(f"{9000 + tried:04d}")
            tried += 1
            if r.outcome == "locked":
                spans.append(r.wait_seconds)
                clock.t += r.wait_seconds + 1
                break
            clock.t += r.wait_seconds
    assert spans == [900, 1800, 3600, 7200]


def test_the_kiosk_guard_logs_events_without_digits(caplog):
    cfg = dev_kit_config()
    clock = Clock()
    g = guard_from_config(cfg.kiosk)
    g._clock = clock
    with caplog.at_level(logging.INFO):
        for pin in ("13579", "24680", "97531", "86420", "11223"):
            g.attempt(pin)
            clock.t += 60
    text = caplog.text
    assert "locked after 5 wrong PINs" in text
    for pin in ("13579", "24680", "97531", "86420", "11223"):
        assert pin not in text


def test_health_shows_wrong_pins_and_the_lockout():
    from ui.app import pin_guard_probe
    clock = Clock()
    g = guard(clock, max_failures=3, lockout_seconds=600)
    probe = pin_guard_probe(g)
    assert probe().status.value == "ok"
    g.attempt("1111")
    assert probe().status.value == "degraded" and probe().detail["failures"] == 1
    clock.t += 10
    g.attempt("2222")
    clock.t += 10
    g.attempt("3333")
    part = probe()
    assert part.status.value == "failing" and "locked" in part.reason and "10 min" in part.reason
