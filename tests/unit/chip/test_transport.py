"""The time-bounded caller under the PC/SC transport."""

import threading
import time

import pytest

from readers.pcsc.errors import ReaderTimeout
from readers.pcsc.transport import BoundedCaller


def test_a_call_that_hangs_is_cut_off_and_the_caller_stays_broken():
    release = threading.Event()
    caller = BoundedCaller()
    assert caller.call(lambda: 42, 1.0) == 42
    started = time.monotonic()
    with pytest.raises(ReaderTimeout, match="within 0.2 s"):
        caller.call(release.wait, 0.2)
    assert time.monotonic() - started < 1.0
    with pytest.raises(ReaderTimeout):  # fails at once, no second wait
        caller.call(lambda: 1, 5.0)
    release.set()
    caller.stop()


def test_errors_come_back_to_the_caller():
    caller = BoundedCaller()
    with pytest.raises(ZeroDivisionError):
        caller.call(lambda: 1 / 0, 1.0)
    assert caller.call(lambda: "still fine", 1.0) == "still fine"
    caller.stop()
