"""The recorded prompts on disk: ``manifest.json`` and one WAV file per clip and language.

Written by the build (``python -m ui.voice.build``), read by the kiosk. A
missing folder or manifest means "no voice" (logged once by the caller),
never a failed start.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"


class PromptsMissing(Exception):
    """The prompt folder or its manifest is missing or unreadable (the kiosk then stays silent)."""


@dataclass(frozen=True)
class PromptLibrary:
    """Clip key → WAV file, per language, and the words each clip says (for checks and docs)."""

    root: Path
    clips: dict[str, dict[str, dict[str, str]]]    # language → key → {"file": …, "text": …}

    @classmethod
    def open(cls, root: Path) -> PromptLibrary:
        """Read ``root/manifest.json``; :class:`PromptsMissing` when it cannot be read."""
        try:
            data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
            clips = data["clips"]
            if not isinstance(clips, dict):
                raise TypeError("clips is not a table")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise PromptsMissing(f"no readable prompt manifest in {root}: {e.__class__.__name__}") from None
        return cls(root, clips)

    def has(self, language: str, key: str) -> bool:
        """True when ``key`` was recorded in ``language``."""
        return key in self.clips.get(language, {})

    def file(self, language: str, key: str) -> Path | None:
        """The WAV of one clip (None: not recorded)."""
        entry = self.clips.get(language, {}).get(key)
        return self.root / entry["file"] if entry else None

    def text(self, language: str, key: str) -> str:
        """What the clip says ("" when not recorded)."""
        entry = self.clips.get(language, {}).get(key)
        return entry["text"] if entry else ""


def shipped_prompts_dir(configured: str = "") -> Path:
    """Where the prompts are: the configured folder, else next to the frozen kiosk
    (``<bundle>/prompts``), else the source tree's ``build/prompts`` (``make prompts``)."""
    if configured:
        return Path(configured)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "prompts"
    return Path(__file__).resolve().parents[2] / "build" / "prompts"
