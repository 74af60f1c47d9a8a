"""The reception station's tabs rendered to PNG (called by ``python -m ui.screenshots``)."""

from __future__ import annotations

from pathlib import Path


def station_shots(outdir: Path) -> None:
    """Placeholder until the station window exists."""
