"""kiosk/cli/signals.py BlockingCalls: Ctrl-C stops a command at once while a blocking call is under way.

A signal the kernel hands to another thread (or that lands just before the
main thread enters a blocking wait) is only acted on when the main thread
next runs Python code; with a long-poll on the main thread that could be 10 s.
Run in a child process: the signal must not reach the test runner.
"""

import subprocess
import sys
import textwrap

from tests.integration.checkin_support import ROOT

CHILD = textwrap.dedent("""
    import signal, threading, time
    from kiosk.cli.signals import BlockingCalls, stop_on_signals
    stop_on_signals()
    calls = BlockingCalls()
    assert calls.call(lambda: 6 * 7) == 42
    try:
        calls.call(lambda: 1 / 0)
    except ZeroDivisionError:
        print("raised here", flush=True)

    def ctrl_c():                       # Ctrl-C, handed by the kernel to a thread other than the main one
        time.sleep(0.5)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    threading.Thread(target=ctrl_c, daemon=True).start()
    try:
        calls.call(lambda: time.sleep(60))     # a long-poll that has just begun
    except KeyboardInterrupt:
        print("stopped", flush=True)
""")


def test_ctrl_c_stops_a_blocking_call_at_once():
    r = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["raised", "here", "stopped"]
