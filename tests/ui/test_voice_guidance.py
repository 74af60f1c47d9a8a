"""Voice guidance (issue 18 item 1): prompts recorded with espeak-ng at build time, played when
each screen opens, the ticket joined from clips, nothing personal spoken.

The prompts are built for real (``ui.voice.build`` with Debian's espeak-ng,
installed by ``packaging/system-deps.sh``) into a temporary folder; the kiosk
is the real one on the simulator, with a recording audio sink in place of
the sound card (there is none here). One test runs the real Qt Multimedia
player.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import wave
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThread

from devkit.simulator.citizens import by_key
from kiosk.checkin import Stage
from kiosk.voice.announcement import sentence_clips, ticket_clips
from kiosk.voice.library import PromptLibrary
from kiosk.voice.numbers import number_clips, spelled_clips
from kiosk.voice.ports import Utterance
from tests.ui.helpers import on_screen, tap
from ui.kiosk_controller import SCREEN_OF
from ui.voice.build import SAMPLE_RATE, PromptBuildError, build, main
from ui.voice.prompts import SCREEN_PROMPTS, SILENT_SCREENS

KEYPAD_PROMPTS = {"keypad-id", "keypad-birth", "keypad-birth-date"}


class RecordingSink:
    """The audio port as a recorder: what was queued, and how often it was told to stop."""

    def __init__(self) -> None:
        self.played: list[Utterance] = []
        self.stops = 0

    def play(self, utterance: Utterance) -> None:
        self.played.append(utterance)

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture(scope="module")
def prompts(tmp_path_factory) -> Path:
    """Every prompt recorded with espeak-ng, as ``make prompts`` does."""
    out = tmp_path_factory.mktemp("prompts")
    build(out)
    return out


@pytest.fixture(scope="module")
def library(prompts) -> PromptLibrary:
    return PromptLibrary.open(prompts)


def _voiced(config, prompts, **voice):
    return dataclasses.replace(config, voice=dataclasses.replace(
        config.voice, enabled=True, prompts_dir=str(prompts), **voice))


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def voiced(qtbot, config, prompts, sink):
    """The kiosk as ``kiosk run`` builds it, voice on, with the recording sink."""
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    services = KioskServices.open(_voiced(config, prompts))
    app = build_kiosk(services, voice_sink=sink)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    yield app
    app.close()
    services.close()
    qtbot.wait(1)


def _said(library: PromptLibrary, utterance: Utterance) -> str:
    return " ".join(library.text(utterance.language, k) for k in utterance.clips)


def test_every_screen_has_its_prompt_recorded_in_both_languages(voiced, library):
    names = {n for n in voiced.window.screens if n not in SILENT_SCREENS} - {"keypad"} | KEYPAD_PROMPTS
    names.add("reading-qr")                           # the reading screen while it waits for the card's QR
    names.add("face")               # only on a kiosk with a camera and the face model (tests/ui/test_face_kiosk.py)
    assert names == set(SCREEN_PROMPTS)
    for name in names:
        vi, en = library.text("vi", f"p.{name}"), library.text("en", f"p.{name}")
        assert vi and en and vi != en, name             # English is a translation, not the source again
        for language in ("vi", "en"):
            with wave.open(str(library.file(language, f"p.{name}")), "rb") as w:
                assert w.getnframes() > w.getframerate() // 2, (name, language)   # over half a second


def test_each_screen_speaks_its_prompt_when_it_opens(qtbot, voiced, sink, library):
    controller = voiced.controller
    controller._enter(Stage.CONFIRM)          # a patient is there: the idle prompt is spoken from now on
    for stage, (name, _) in SCREEN_OF.items():
        if not name or name in SILENT_SCREENS:
            continue
        controller._enter(Stage.IDLE if name != "idle" else Stage.CONFIRM)
        before = len(sink.played)
        controller._enter(stage)
        assert len(sink.played) == before + 1, stage
        prompt = {Stage.TYPING_ID: "keypad-id", Stage.TYPING_BIRTH: "keypad-birth",
                  Stage.TYPING_BIRTH_DATE: "keypad-birth-date", Stage.AWAITING_QR: "reading-qr"}.get(stage, name)
        utterance = sink.played[-1]
        assert f"p.{prompt}" in utterance.clips, (stage, utterance.clips)
        assert utterance.language == "vi" and all(f.is_file() for f in utterance.files)
        assert utterance.volume == pytest.approx(voiced.config.voice.volume)


def test_check_in_speaks_the_eligibility_and_the_ticket_from_clips(qtbot, voiced, sink, library):
    citizen = by_key("valid")
    voiced.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, voiced, "confirm").yes)
    assert ("p.confirm",) in [u.clips for u in sink.played]
    dept = on_screen(qtbot, voiced, "department")
    outcome = voiced.controller.journey.outcome
    eligibility = sentence_clips(outcome.patient_vi, "vi", library)
    assert eligibility, outcome.patient_vi                 # the eligibility sentence is recorded
    assert sink.played[-1].clips == (*eligibility, "p.department")
    tap(qtbot, dept.buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, voiced, "priority").none)
    ticket = on_screen(qtbot, voiced, "ticket")
    said = sink.played[-1]
    expected = ticket_clips(ticket.number.text(), "P.101", "vi")
    assert said.clips[:len(expected)] == tuple(expected) and said.clips[-1] == "p.ticket"
    assert expected[1:4] == ["lN", "lO", "lI"]
    text = _said(library, said)
    assert text.startswith("Số thứ tự của bạn là en nờ o i ")
    assert "phòng một trăm lẻ một" in text
    benefit = sentence_clips(ticket.benefit.text(), "vi", library)
    assert tuple(benefit) == said.clips[len(expected):-1]


def test_nothing_personal_is_spoken_on_a_whole_check_in(qtbot, voiced, sink, library):
    citizen = by_key("valid")
    voiced.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, voiced, "confirm").yes)
    tap(qtbot, on_screen(qtbot, voiced, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, voiced, "priority").none)
    on_screen(qtbot, voiced, "ticket")
    tap(qtbot, voiced.window.language_button)             # and again in English
    assert sink.played[-1].language == "en"
    year = citizen.birth.year
    for utterance in sink.played:
        text = _said(library, utterance).lower()
        for part in citizen.full_name.lower().split():
            assert not re.search(rf"\b{re.escape(part)}\b", text), (part, text)
        digits = "".join(k[1] for k in utterance.clips if re.fullmatch(r"d\d", k))
        assert citizen.id_number[-4:] not in digits and str(year) not in digits
        year_words = number_clips(year, utterance.language)
        clips = list(utterance.clips)
        assert not any(clips[i:i + len(year_words)] == year_words for i in range(len(clips))), text


def test_no_recorded_clip_holds_personal_data(library):
    """Every recorded text: no synthetic citizen's name, ID, card number or birth date; no number
    longer than two digits (the prompts say "12 số", never a number of someone's)."""
    from devkit.simulator.citizens import CITIZENS
    texts = [library.text(lang, key) for lang in ("vi", "en") for key in library.clips[lang]]
    assert len(texts) > 200
    for text in texts:
        assert not re.search(r"\d{3,}", text), text
        for c in CITIZENS:
            assert c.full_name.lower() not in text.lower(), text
            assert c.birth.strftime("%d/%m/%Y") not in text and c.id_number not in text


def test_language_switch_replays_the_screen_in_english(qtbot, voiced, sink, library):
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    tap(qtbot, voiced.window.language_button)
    said = sink.played[-1]
    assert said.language == "en" and said.clips == ("p.confirm",)
    assert said.files[0].parent.name == "en"
    assert _said(library, said).startswith("Is this you?")


def test_the_replay_button_says_it_again(qtbot, voiced, sink):
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    assert voiced.window.replay_button.isVisible()
    assert voiced.window.replay_button.height() >= 64
    count = len(sink.played)
    tap(qtbot, voiced.window.replay_button)
    assert len(sink.played) == count + 1 and sink.played[-1].clips == sink.played[-2].clips


def test_the_voice_stops_when_the_session_resets_and_a_walk_away_is_not_announced(qtbot, voiced, sink):
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    stops = sink.stops
    tap(qtbot, voiced.window.restart_button)               # the patient starts again: silence, then idle
    assert sink.stops == stops + 1
    assert sink.played[-1].clips == ("p.idle",)
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    count, stops = len(sink.played), sink.stops
    voiced.idle.warning.emit(20)                           # the countdown shows, nobody answers …
    voiced.idle.expired.emit()                             # … and the session is wiped
    assert voiced.window.current == "idle"
    assert sink.stops == stops + 1 and len(sink.played) == count   # nothing said to an empty lobby


def test_quiet_hours_keep_the_kiosk_silent(qtbot, config, prompts, sink):
    from kiosk.facility_time import facility_now
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    now = facility_now(config.facility.time_zone)()
    window = f"{(now - timedelta(hours=1)):%H:%M}-{(now + timedelta(hours=1)):%H:%M}"
    services = KioskServices.open(_voiced(config, prompts, quiet_hours=window))
    app = build_kiosk(services, voice_sink=sink)
    try:
        app.qr_text(by_key("valid").qr_text())
        on_screen(qtbot, app, "confirm")
        app.voice.replay()
        assert sink.played == []
    finally:
        app.close()
        services.close()


def test_voice_off_or_prompts_missing_means_no_guide_and_no_button(qtbot, config, tmp_path, sink):
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    for cfg in (config, _voiced(config, tmp_path / "nothing-here")):
        services = KioskServices.open(cfg)
        app = build_kiosk(services, voice_sink=sink)
        try:
            assert app.voice is None and not app.window.replay_button.isVisible()
        finally:
            app.close()
            services.close()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_the_top_bar_with_the_replay_button_fits(qtbot, voiced, size):
    from tests.ui.test_layout_fits import layout_problems
    voiced.window.resize(*size)
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    for _language in ("vi", "en"):
        qtbot.wait(10)
        bar = voiced.window.replay_button.parentWidget()
        problems = layout_problems(bar) + layout_problems(voiced.window)
        assert problems == [], "\n".join(problems)
        tap(qtbot, voiced.window.language_button)


def test_in_portrait_the_replay_button_is_under_the_screens_within_reach(qtbot, voiced):
    from PySide6.QtCore import QPoint

    from tests.ui.test_layout_fits import layout_problems
    window = voiced.window
    window.resize(1080, 1920)
    voiced.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, voiced, "confirm")
    qtbot.wait(10)
    button = window.replay_button
    assert button.isVisible() and button.text() == button.accessibleName()      # the words, not just 🔊
    assert button.mapTo(window, QPoint(0, 0)).y() > window.height() * 2 / 3
    assert layout_problems(window) == []
    window.resize(1280, 800)                                                     # landscape: back in the top bar
    qtbot.wait(10)
    assert button.mapTo(window, QPoint(0, 0)).y() < window.height() / 3


def test_the_qt_player_runs_on_its_own_thread(qtbot, library):
    from ui.voice.player import QtAudioSink, join_clips
    player = QtAudioSink()
    try:
        assert player._player.thread() is not QThread.currentThread()
        files = (library.file("vi", "p.your-number"), library.file("vi", "lN"))
        with qtbot.waitSignal(player.state, timeout=10000) as got:
            player.play(Utterance("vi", ("p.your-number", "lN"), files, 0.5))
        assert got.args[0] in ("playing", "no-output")       # no-output: this machine has no sound card
        pcm, rate, channels = join_clips(files)
        frames = 0
        for f in files:
            with wave.open(str(f), "rb") as w:
                frames += w.getnframes()
        assert (rate, channels) == (SAMPLE_RATE, 1) and len(pcm) == frames * 2
    finally:
        player.close()


_PLAY_TO_THE_END = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from kiosk.voice.ports import Utterance
from ui.voice.player import QtAudioSink
app = QCoreApplication([])
player = QtAudioSink()
states = []
def seen(state):
    states.append(state)
    if state != "playing":
        app.quit()
player.state.connect(seen)
files = tuple(Path(f) for f in sys.argv[1:])
player.play(Utterance("vi", tuple(f.stem for f in files), files, 1.0))
QTimer.singleShot(15000, app.quit)
app.exec()
player.close()
print(" ".join(states))
"""


def test_the_qt_player_says_it_is_done_when_the_clip_has_played(library, sound_server, tmp_path):
    # A real sound server (a private null sink): the sink plays the clips to the end, reports "idle"
    # and lets its QAudioSink go then; before, its state slot could not take Qt's enum and every sink
    # stayed open until the next utterance.
    import subprocess
    import sys
    pulse, peak = sound_server
    files = [str(library.file("vi", "p.your-number")), str(library.file("vi", "lN"))]
    env = {**os.environ, "PULSE_SERVER": pulse, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", _PLAY_TO_THE_END, *files], env=env, capture_output=True,
                         text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert run.returncode == 0, run.stderr[-1500:]
    assert run.stdout.split() == ["playing", "idle"], run.stderr[-1500:]
    assert "TypeError" not in run.stderr and peak() > 1000


def test_the_kiosk_starts_its_qt_player_once_the_idle_screen_is_up(qtbot, config, prompts):
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    from ui.voice.guide import SilentSink
    from ui.voice.player import QtAudioSink
    services = KioskServices.open(_voiced(config, prompts))
    app = build_kiosk(services)
    try:
        assert isinstance(app.voice.sink, SilentSink)        # Qt Multimedia is not loaded before the idle screen
        app.window.show()
        qtbot.waitUntil(lambda: isinstance(app.voice.sink, QtAudioSink), timeout=5000)
    finally:
        app.close()
        services.close()
        qtbot.wait(1)


def test_the_build_refuses_a_prompt_without_english(tmp_path, capsys):
    from ui.voice.build import TS_FILE
    ts = tmp_path / "kiosk_en.ts"
    text = TS_FILE.read_text(encoding="utf-8")
    ts.write_text(text.replace("<translation>Please wait a moment.</translation>",
                               '<translation type="unfinished"></translation>'), encoding="utf-8")
    with pytest.raises(PromptBuildError) as e:
        build(tmp_path / "out", ts_file=ts)
    assert e.value.exit_code == 2 and "reading" in str(e.value)


def test_the_build_says_so_without_espeak(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))              # no espeak-ng on this PATH
    assert main([str(tmp_path / "out")]) == 3
    assert "espeak-ng not found" in capsys.readouterr().err


def test_a_second_build_records_nothing_again(prompts, capsys):
    build(prompts)
    assert "(0 recorded now)" in capsys.readouterr().out


def _clip_formats(folder: Path) -> set[tuple[int, int, int]]:
    formats = set()
    for clip in folder.glob("*/*.wav"):
        with wave.open(str(clip), "rb") as w:
            formats.add((w.getframerate(), w.getnchannels(), w.getsampwidth()))
    return formats


def test_every_clip_is_16_khz_mono_16_bit_and_never_clipped(prompts, library):
    # espeak-ng speaks at 22,050 Hz; the build resamples to 16 kHz (wideband speech) with SoX, turned down
    # first so that the filter's overshoot never reaches full scale.
    import array
    assert SAMPLE_RATE == 16000
    assert _clip_formats(prompts) == {(16000, 1, 2)}
    manifest = json.loads((prompts / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sample_rate"] == 16000 and manifest["resampler"].startswith("SoX v")
    for language in ("vi", "en"):
        for key in library.clips[language]:
            with wave.open(str(library.file(language, key)), "rb") as w:
                samples = array.array("h", w.readframes(w.getnframes()))
            assert max(map(abs, samples)) < 32767, (language, key)          # no sample at full scale


def test_another_sample_rate_records_every_clip_again(prompts, tmp_path, monkeypatch, capsys):
    # The rate is part of each clip's fingerprint: clips of an older build (22,050 Hz) are not kept.
    import shutil

    import ui.voice.build as voice_build
    copy = tmp_path / "prompts"
    shutil.copytree(prompts, copy)
    count = sum(len(c) for c in json.loads((copy / "manifest.json").read_text(encoding="utf-8"))["clips"].values())
    monkeypatch.setattr(voice_build, "SAMPLE_RATE", 22050)
    build(copy)
    assert f"({count} recorded now)" in capsys.readouterr().out
    assert _clip_formats(copy) == {(22050, 1, 2)}


def test_spelled_queue_numbers_have_their_clips(library):
    for language in ("vi", "en"):
        for key in spelled_clips("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ0123456789"):
            assert library.has(language, key), (language, key)


def test_take_your_card_is_said_and_the_idle_prompt_after_it_is_not(qtbot, voiced, sink):
    controller = voiced.controller
    controller._enter(Stage.CONFIRM)
    controller._enter(Stage.TAKE_CARD)                  # the session ended with the card on the reader
    assert sink.played[-1].clips == ("p.take-card",)
    count = len(sink.played)
    controller._enter(Stage.IDLE)                       # card taken: the patient is leaving
    assert len(sink.played) == count
