"""The audio port: what the voice guide hands to a player.

The kiosk's player is Qt Multimedia on its own thread (``ui.voice.player``);
tests use a fake that only records what was queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Utterance:
    """One announcement: clips to play back to back, in one language, at one volume."""

    language: str
    clips: tuple[str, ...]
    files: tuple[Path, ...]
    volume: float


class AudioSink(Protocol):
    """Plays utterances without blocking the caller; a new one replaces the one playing."""

    def play(self, utterance: Utterance) -> None:
        """Start ``utterance`` (stopping whatever plays); returns at once."""

    def stop(self) -> None:
        """Silence now; returns at once."""
