"""Voice guidance: what speaking costs the UI thread, and how soon the player has the sound.

On the UI thread, a screen opening costs the guide its announcement
(clip keys from the recorded catalogue) and one queued signal to the player;
compared, interleaved call by call, with its peer: bringing that screen to
the front (``KioskWindow.show_screen``), which every screen change already
pays. Target: the voice costs the same order as the screen change (ratio ≤ 2x). Off the
UI thread, the player joins the ticket announcement's clips into one PCM
stream (reported; it never blocks a touch). Needs the recorded prompts
(``make prompts``); offscreen, no sound card (the player stops at "no output").
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import datetime
from types import SimpleNamespace

from benchmarks.stats import summary_ms

ROUNDS = 400
WARMUP = 40


def main() -> None:
    """Print the UI-thread medians/p95 of speaking vs showing the ticket screen, and the join time."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from kiosk.config import load_config
    from kiosk.domain import Department, Ticket
    from kiosk.voice.library import PromptLibrary, PromptsMissing, shipped_prompts_dir
    from ui.i18n import LanguageSwitch
    from ui.kiosk_window import KioskWindow
    from ui.voice.guide import VoiceGuide
    from ui.voice.player import QtAudioSink, join_clips

    app = QApplication.instance() or QApplication([])
    try:
        library = PromptLibrary.open(shipped_prompts_dir())
    except PromptsMissing as e:
        print(f"skipped: {e} (run `make prompts`)")
        return
    config = load_config(environ={})
    window = KioskWindow("Bệnh viện Đa khoa Mẫu", pin_guard=None)
    dept = Department("KNOI", "Khám Nội", "Internal Medicine", "P.101")
    ticket = Ticket("NOI-001", "P.101", dept, datetime(2026, 7, 1, 8, 0), "r-1", "h-1")
    screen = window.screens["ticket"]
    screen.show_ticket(ticket, "vi", "r-1")
    screen.show_benefit("Bảo hiểm y tế chi trả 80 % chi phí trong phạm vi quyền lợi.",
                        "Health insurance pays 80 % of the costs within your benefits.")

    class Controller(QObject):   # the three signals the guide listens to, and what it reads
        stage_changed = Signal(object)
        screen_changed = Signal(str)
        session_reset = Signal()

    controller = Controller()
    controller.window = window
    controller.journey = SimpleNamespace(outcome=None, earlier=None)
    controller.flow = SimpleNamespace(counter_number=None)
    sink = QtAudioSink()
    guide = VoiceGuide(config.voice, library, sink, controller, LanguageSwitch("vi"))
    ours, peer = [], []
    for i in range(WARMUP + ROUNDS):
        t0 = time.perf_counter()
        window.show_screen("idle" if i % 2 else "ticket")
        t1 = time.perf_counter()
        guide._say("ticket")
        t2 = time.perf_counter()
        app.processEvents()
        if i >= WARMUP:
            peer.append(t1 - t0)
            ours.append(t2 - t1)
    print(f"speak the ticket screen (UI thread): {summary_ms(ours)}")
    print(f"show a screen (peer, UI thread):     {summary_ms(peer)}")
    print(f"ratio speak/show: {statistics.median(ours) / statistics.median(peer):.2f}x (target <= 2x)")
    files = tuple(library.file("vi", k) for k in guide.spoken)
    joins = []
    for _ in range(50):
        t0 = time.perf_counter()
        join_clips(files)
        joins.append(time.perf_counter() - t0)
    print(f"join {len(files)} clips of the ticket announcement (player thread): {summary_ms(joins)}")
    sink.close()
    window.close()
