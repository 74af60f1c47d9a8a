"""The voice guide: speaks each screen's instruction when it opens, and again on "🔊 Nghe lại".

It listens to the kiosk controller (``stage_changed``, ``screen_changed``,
``session_reset``) and to the language switch; what it says is decided by
:mod:`kiosk.voice.announcement` from recorded clips only. The screens are
not touched: the ticket's number and room, the benefit and the notices'
sentences are read from what the screen shows, and only a sentence that was
recorded at build time is ever spoken. Nothing is said during quiet hours,
when ``[voice] enabled`` is off, or when the prompts are missing; the walk-away
reset and the start-up do not speak to an empty lobby.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time

from PySide6.QtCore import QObject

from kiosk.checkin import Stage
from kiosk.config import VoiceSettings
from kiosk.voice.announcement import counter_number_clips, prompt_key, sentence_clips, ticket_clips
from kiosk.voice.library import PromptLibrary
from kiosk.voice.ports import AudioSink, Utterance
from kiosk.voice.schedule import is_quiet, parse_quiet_hours
from ui.voice.prompts import SILENT_SCREENS

log = logging.getLogger(__name__)

# Screens that show more than one step: the prompt follows the journey's stage.
_STAGE_PROMPT = {Stage.TYPING_ID: "keypad-id", Stage.TYPING_BIRTH: "keypad-birth",
                 Stage.TYPING_BIRTH_DATE: "keypad-birth-date", Stage.AWAITING_QR: "reading-qr"}
# Notices whose core sentence (the eligibility, or why the counter) is said after the instruction.
_WITH_SENTENCE = ("counter", "new-card", "wrong-route", "unreadable")


class SilentSink:
    """An audio port that plays nothing: the guide's sink until the real player has started."""

    def play(self, utterance: Utterance) -> None:
        """Drop ``utterance``."""

    def stop(self) -> None:
        """Nothing plays."""


class VoiceGuide(QObject):
    """Says the current screen's announcement through an :class:`AudioSink` (never blocks).

    ``library`` None: no prompts were found, the guide stays silent.
    ``now()`` gives the facility's wall-clock time (quiet hours).
    ``spoken`` keeps the last announcement's clip keys (for the logs and tests).
    """

    def __init__(self, settings: VoiceSettings, library: PromptLibrary | None, sink: AudioSink,
                 controller, language, *, now: Callable[[], time] = lambda: datetime.now().time(),
                 idle=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self.library, self.sink = settings, library, sink
        self.controller, self.language, self._now = controller, language, now
        self._quiet = parse_quiet_hours(settings.quiet_hours)
        self._stage: Stage | None = None
        self._screen = controller.window.current
        self._prompt = self._screen
        self._hush_idle = True          # the kiosk just started: nobody is listening yet
        self.spoken: tuple[str, ...] = ()
        controller.stage_changed.connect(self._stage_changed)
        controller.screen_changed.connect(self._screen_changed)
        controller.session_reset.connect(self.stop)
        # the patient's own switch (the window's button), not the reset back to Vietnamese
        controller.window.language_toggled.connect(self.replay)
        if idle is not None:   # the countdown started: if it runs out, nobody is there to hear the idle prompt
            idle.warning.connect(self._hush_next_idle)
            idle.resumed.connect(self._patient_back)

    @property
    def active(self) -> bool:
        """True when the kiosk may speak now (enabled, prompts present, not quiet hours)."""
        return (self.settings.enabled and self.library is not None and self.settings.volume > 0
                and not is_quiet(self._now(), self._quiet))

    def replay(self) -> None:
        """Say the current screen's announcement again ("🔊 Nghe lại", or after a language switch)."""
        self._say(self._screen)

    def stop(self) -> None:
        """Silence at once (the session was wiped)."""
        self.sink.stop()

    def say_prompt(self, name: str) -> None:
        """Say one recorded prompt or phrase now, by its name in :mod:`ui.voice.prompts` (a step
        within a screen, e.g. the face check's "turn your head slightly")."""
        if not self.active:
            return
        language, key = self.language.language, prompt_key(name)
        if not self.library.has(language, key):
            log.warning("voice: the clip %s is missing from the prompts", key)
            return
        self.spoken = (key,)
        self.sink.play(Utterance(language, self.spoken, (self.library.file(language, key),), self.settings.volume))

    def _hush_next_idle(self, _seconds: int = 0) -> None:
        self._hush_idle = True

    def _patient_back(self) -> None:
        self._hush_idle = False

    def _stage_changed(self, stage: Stage) -> None:
        self._stage = stage

    def _prompt_name(self, name: str) -> str:
        """The prompt of screen ``name`` at the current stage ("keypad" → "keypad-birth" …)."""
        if name in ("keypad", "reading") and self._stage in _STAGE_PROMPT:
            return _STAGE_PROMPT[self._stage]
        return "keypad-id" if name == "keypad" else name

    def _screen_changed(self, name: str) -> None:
        prompt = self._prompt_name(name)
        # the reading screen's phases change under one "please wait": said once
        same = name == self._screen == "reading" and prompt == self._prompt
        self._screen, self._prompt = name, prompt
        if name == "idle" and self._hush_idle:
            self._hush_idle = False
            return
        self._hush_idle = name == "take-card"    # the patient is leaving: no idle prompt after it
        if not same:
            self._say(name)

    def _say(self, name: str) -> None:
        if name in SILENT_SCREENS or not self.active:
            return
        language = self.language.language
        keys = self.announcement(name, language)
        files = tuple(self.library.file(language, k) for k in keys if self.library.has(language, k))
        if len(files) != len(keys):
            log.warning("voice: %d clip(s) missing from the prompts of %s", len(keys) - len(files), name)
        self.spoken = tuple(k for k in keys if self.library.has(language, k))
        if files:
            self.sink.play(Utterance(language, self.spoken, files, self.settings.volume))

    def announcement(self, name: str, language: str) -> list[str]:
        """The clip keys for screen ``name`` as it shows now."""
        screens = self.controller.window.screens
        journey = self.controller.journey
        prompt = prompt_key(self._prompt_name(name))
        if name == "ticket":
            screen = screens["ticket"]
            keys = ticket_clips(screen.number.text(), screen.room.text(), language)
            keys += sentence_clips(screen.benefit.text(), language, self.library)
            return keys + [prompt]
        if name == "returning":
            earlier = journey.earlier
            keys = [prompt]
            if earlier is not None:
                keys += ticket_clips(earlier.number, earlier.room, language)
            return keys
        if name == "department":
            outcome = journey.outcome
            said = "" if outcome is None else (outcome.patient_en if language == "en" else outcome.patient_vi)
            return sentence_clips(said, language, self.library) + [prompt]
        if name in _WITH_SENTENCE:
            keys = [prompt] + sentence_clips(screens[name].sentence.text(), language, self.library)
            if name == "counter":
                keys += counter_number_clips(getattr(self.controller.flow, "counter_number", None) or "")
            return keys
        return [prompt]
