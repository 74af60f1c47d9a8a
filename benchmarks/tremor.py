"""Hand tremor for frame sequences: how a held phone or card moves between camera frames.

A patient holds the code still for a second or two; what changes from frame
to frame is a sub-pixel to two-pixel drift and jitter (physiological tremor
of 0.1-0.5 mm at 20-40 cm is 0.4-2 camera pixels), a few hundredths of a
degree of turn and a few tenths of a percent of distance. The path is a
mean-reverting random walk (the hand keeps coming back to where it aims),
started at zero so a sequence's first frame is the single-frame sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FPS = 15.0                 # the kiosk camera's frame rate (camera.fps)
SEQUENCE_FRAMES = 12       # 0.8 s at 15 fps: what a patient holding still gives the camera
STEP_PX = 0.5              # per-frame jitter, standard deviation per axis
PULL_BACK = 0.75           # of the offset kept from one frame to the next (mean reversion)
ROLL_STEP_DEG = 0.08
SCALE_STEP = 0.002


@dataclass(frozen=True)
class Tremor:
    """The object's move from its sample pose: pixels at the code's centre, degrees of turn, relative scale."""

    dx: float = 0.0
    dy: float = 0.0
    droll: float = 0.0
    dscale: float = 0.0


def tremor_path(rng: np.random.Generator, frames: int) -> list[Tremor]:
    """``frames`` poses, the first at rest; later ones drift by a few tenths of a pixel to ~2 px."""
    path = [Tremor()]
    x = y = r = s = 0.0
    for _ in range(frames - 1):
        x = PULL_BACK * x + rng.normal(0, STEP_PX)
        y = PULL_BACK * y + rng.normal(0, STEP_PX)
        r = PULL_BACK * r + rng.normal(0, ROLL_STEP_DEG)
        s = PULL_BACK * s + rng.normal(0, SCALE_STEP)
        path.append(Tremor(float(np.clip(x, -2.5, 2.5)), float(np.clip(y, -2.5, 2.5)), r, s))
    return path
