"""Synthetic camera frames of phones (VNeID, VssID) and printed cards held up to the kiosk camera.

Deterministic for a seed: sample ``i`` of a set is always the same picture.
Nothing is stored. The geometry is physical, so the pixels per module follow
from the distance and the camera, not from a chosen range:

* the camera: ``size`` (1280x720 or 1920x1080) with a horizontal field of view
  of ``HFOV_DEG`` (a typical kiosk webcam); a pinhole projection, the object
  ``distance_cm`` away (15-45 cm), tilted up to ±25° about both axes and
  turned in the plane;
* a phone (72 x 152 mm body, 3 mm bezel, rounded corners) showing the VNeID ID
  QR (45 mm, the ID card's text) or the VssID insurance QR (42 mm, the long
  15-field text ending in ``$``, a dense code), in light or dark mode (dark
  mode shows the code light-on-dark), screen brightness from dim to
  over-exposed (a bright screen in a dark scene blooms), moiré from the screen's
  pixel grid at 300-520 ppi beating against the sensor, glare bands (a ceiling
  light reflected in the glass), hand shake and defocus;
* a printed card (ID card or insurance card, 19 mm QR, as drawn by
  ``devkit.simulator.card_photos``) at the same distances and closer (10-45 cm:
  the card's code is less than half the phone's), at a ``moderate``
  and a ``severe`` level of contrast, glare, blur and noise;
* sensor noise and MJPEG re-compression.

Each sample records its conditions and its pixels per module at the code's
centre, so the benchmark can give success per condition and per ppm bucket.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from benchmarks.tremor import FPS, SEQUENCE_FRAMES, Tremor, tremor_path
from devkit.simulator.card_photos import CARD_W, card_image, qr_image
from devkit.simulator.citizens import CITIZENS, Citizen
from devkit.simulator.insurance_qr import vssid_qr_text

HFOV_DEG = 60.0
PHONE_W_MM, PHONE_H_MM, BEZEL_MM = 72.0, 152.0, 3.0
QR_MM = {"vneid": 45.0, "vssid": 42.0}
RENDER_PX_PER_MM = 12.0          # phone texture resolution (above what the camera resolves at 15 cm)
CARD_PX_PER_MM = CARD_W / 85.6   # card_image's resolution
KINDS = ("vneid", "vssid", "card-moderate", "card-severe")
_WITH_BHYT = [c for c in CITIZENS if c.bhyt_code]


@dataclass(frozen=True)
class PhoneSample:
    """One synthetic frame, what its QR encodes and how it was made."""

    name: str                 # e.g. "vssid-1080-017"
    kind: str                 # one of KINDS
    frame: np.ndarray         # greyscale uint8
    text: str
    citizen: Citizen
    card: str                 # "cccd" or "bhyt": which parser result is expected
    distance_cm: float
    ppm: float                # camera pixels per module at the code's centre
    conditions: dict = field(default_factory=dict)


def _qr_modules(text: str) -> np.ndarray:
    """The QR of ``text`` as a boolean module grid (True = dark), with its 4-module quiet zone."""
    img = np.asarray(qr_image(text, box=1).convert("L"))
    return img < 128


def _phone_texture(text: str, app: str, dark: bool, rng: np.random.Generator) -> tuple[np.ndarray, tuple, int]:
    """The phone (body + screen + app page with the QR) in mm*RENDER_PX_PER_MM pixels, grey.

    Returns the image, the QR box (x, y, side) in texture pixels, and the module count.
    """
    r = RENDER_PX_PER_MM
    w, h = round(PHONE_W_MM * r), round(PHONE_H_MM * r)
    img = np.full((h, w), 18, np.float32)                       # the body, nearly black
    b = round(BEZEL_MM * r)
    screen_bg = 24.0 if dark else 246.0
    img[b:h - b, b:w - b] = screen_bg
    header = (150.0 if app == "vneid" else 120.0) * (0.6 if dark else 1.0)   # the app's coloured bar
    img[b:b + round(22 * r), b:w - b] = header
    y = b + round(30 * r)
    for _ in range(3):                                          # lines of text above the code
        lw = int(rng.uniform(0.4, 0.8) * (w - 2 * b - 10 * r))
        img[y:y + round(2.2 * r), b + round(5 * r):b + round(5 * r) + lw] = 200.0 if dark else 60.0
        y += round(5 * r)
    modules = _qr_modules(text)
    n = modules.shape[0]
    side = round(QR_MM[app] * r)
    qr = cv2.resize(modules.astype(np.uint8), (side, side), interpolation=cv2.INTER_NEAREST).astype(bool)
    light, darkv = (24.0, 235.0) if dark else (250.0, 10.0)    # dark mode: light modules on dark
    qx, qy = (w - side) // 2, round(62 * r)
    img[qy:qy + side, qx:qx + side] = np.where(qr, darkv, light)
    for _ in range(4):                                          # buttons and text below
        y = qy + side + round(rng.uniform(4, 40) * r)
        if y < h - b - 6 * r:
            img[y:y + round(2 * r), b + round(6 * r):w - b - round(6 * r)] = 180.0 if dark else 90.0
    return img, (qx, qy, side), n


def _card_texture(citizen: Citizen, card: str) -> tuple[np.ndarray, tuple, int, str]:
    rgb, box, n = card_image(citizen.key, card)
    text = citizen.qr_text() if card == "cccd" else citizen.bhyt_qr_text()
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), box, n, text


def _pose_homography(tex_px_per_mm: float, centre_tex: tuple[float, float], size: tuple[int, int],
                     distance_mm: float, tilt: tuple[float, float], roll: float, centre_px: tuple[float, float]):
    """Homography from texture pixels to frame pixels for a plane at ``distance_mm``, tilted and turned."""
    w, _h = size
    f = (w / 2) / math.tan(math.radians(HFOV_DEG) / 2)
    ax, ay, az = (math.radians(a) for a in (*tilt, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rz = np.array([[math.cos(az), -math.sin(az), 0], [math.sin(az), math.cos(az), 0], [0, 0, 1]])
    rot = ry @ rx @ rz
    # texture pixel -> mm on the plane, centred on the code
    to_mm = np.array([[1 / tex_px_per_mm, 0, -centre_tex[0] / tex_px_per_mm],
                      [0, 1 / tex_px_per_mm, -centre_tex[1] / tex_px_per_mm], [0, 0, 1]])
    # plane point (X, Y, 1) -> camera: R [X, Y, 0] + t, t = the code's centre in front of the lens
    cx, cy = centre_px
    t = np.array([(cx - w / 2) * distance_mm / f, (cy - size[1] / 2) * distance_mm / f, distance_mm])
    m = np.column_stack([rot[:, 0], rot[:, 1], t])
    k = np.array([[f, 0, w / 2], [0, f, size[1] / 2], [0, 0, 1]])
    return k @ m @ to_mm, f


def _background(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A dim kiosk scene: the patient, the room, clutter (the camera exposes for it)."""
    base = rng.uniform(40, 130)
    grad = np.linspace(-30, 30, w)[None, :] * rng.uniform(-1, 1)
    img = np.clip(base + grad + np.zeros((h, 1)), 0, 255).astype(np.float32)
    for _ in range(10):
        c = float(rng.uniform(10, 200))
        p1 = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        p2 = (p1[0] + int(rng.uniform(-300, 300)), p1[1] + int(rng.uniform(-200, 200)))
        cv2.rectangle(img, p1, p2, c, -1) if rng.random() < 0.5 else cv2.line(img, p1, p2, c, 3)
    return img


def _moire(shape, rng, pitch_cam_px: float, roll: float, phase: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """Multiplicative fringes: the screen's pixel grid aliased against the sensor's.

    ``phase`` (radians) shifts the fringes: a screen that moves by a fraction
    of its own pixel pitch moves its moiré by a whole fringe, so in a sequence
    every frame gets its own phase.
    """
    h, w = shape
    fs = 1.0 / max(pitch_cam_px, 1e-3)
    alias = abs(fs - round(fs))                       # cycles per camera pixel after sampling
    alias = max(alias, 0.015)                         # a nearly exact multiple still beats slowly
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = math.radians(roll + rng.uniform(-8, 8))
    u = xx * math.cos(a) + yy * math.sin(a)
    v = -xx * math.sin(a) + yy * math.cos(a)
    amp = rng.uniform(0.04, 0.12)
    return 1.0 + amp * (0.6 * np.cos(2 * np.pi * alias * u + phase[0])
                       + 0.4 * np.cos(2 * np.pi * alias * 1.07 * v + phase[1]))


def _finish(img: np.ndarray, rng: np.random.Generator, defocus: float, shake_px: float,
            noise: float, jpeg: int, noise_rng: np.random.Generator | None = None) -> np.ndarray:
    if defocus > 0.05:
        img = cv2.GaussianBlur(img, (0, 0), defocus)
    if shake_px >= 1.0:
        k = int(math.ceil(shake_px)) | 1
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0
        rot = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (k, k))
        img = cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))
    img = img + (rng if noise_rng is None else noise_rng).normal(0, noise, img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
    return cv2.imdecode(jpg, cv2.IMREAD_GRAYSCALE)


def render(kind: str, citizen: Citizen, rng: np.random.Generator, size: tuple[int, int],
           distance_cm: float | None = None, tremor: Tremor | None = None,
           noise_rng: np.random.Generator | None = None) -> tuple[np.ndarray, str, str, float, dict]:
    """One frame: ``(frame, text, card, ppm, conditions)``.

    ``tremor`` moves the object from the pose the sample's ``rng`` chose (a
    frame of a sequence, see :func:`generate_sequences`); ``noise_rng``, when
    given, draws the sensor noise and the moiré's phase instead of ``rng``, so
    a fresh ``rng`` with the same seed gives the same conditions and a new
    ``noise_rng`` new noise. Without either the frame is the single-frame sample.
    """
    w, h = size
    near = 15 if kind in ("vneid", "vssid") else 10    # a card is small: people also hold it close
    d = float(distance_cm if distance_cm is not None else rng.uniform(near, 45))
    tilt = (float(rng.uniform(-25, 25)), float(rng.uniform(-25, 25)))
    cond: dict = {"distance_cm": d, "tilt": tilt}
    if kind in ("vneid", "vssid"):
        dark = bool(rng.random() < 0.3)
        text = citizen.qr_text() if kind == "vneid" else vssid_qr_text(citizen)
        card = "cccd" if kind == "vneid" else "bhyt"
        tex, (qx, qy, side), n = _phone_texture(text, kind, dark, rng)
        tex_ppmm = RENDER_PX_PER_MM
        roll = float(rng.uniform(-30, 30))
        brightness = str(rng.choice(["dim", "normal", "bright"], p=[0.25, 0.45, 0.3]))
        gain = {"dim": rng.uniform(0.35, 0.6), "normal": rng.uniform(0.75, 1.1),
                "bright": rng.uniform(1.3, 1.9)}[brightness]
        cond.update(dark_mode=dark, brightness=brightness, ppi=int(rng.choice([300, 400, 460, 520])),
                    glare=bool(rng.random() < 0.4))
    else:
        level = kind.split("-")[1]
        card = "cccd" if rng.random() < 0.6 or not citizen.bhyt_code else "bhyt"
        tex, (qx, qy, side), n, text = _card_texture(citizen, card)
        tex_ppmm = CARD_PX_PER_MM
        roll = float(rng.uniform(-45, 45) if level == "moderate" else rng.uniform(-180, 180))
        gain = rng.uniform(0.55, 0.85) if level == "moderate" else rng.uniform(0.3, 0.55)
        cond.update(level=level, glare=bool(rng.random() < (0.35 if level == "moderate" else 0.7)))
    cond["roll"] = roll
    centre_tex = (qx + side / 2, qy + side / 2)
    # where the code's centre lands: anywhere that keeps the whole code in the frame
    f = (w / 2) / math.tan(math.radians(HFOV_DEG) / 2)
    half = 0.75 * (side / tex_ppmm) * f / (d * 10)
    half = min(half, min(w, h) / 2 - 2)
    for _ in range(50):
        centre_px = (float(rng.uniform(half, w - half)), float(rng.uniform(half, h - half)))
        H, f = _pose_homography(tex_ppmm, centre_tex, size, d * 10, tilt, roll, centre_px)
        quad = np.float32([[qx, qy], [qx + side, qy], [qx + side, qy + side], [qx, qy + side]])
        corners = cv2.perspectiveTransform(quad[None], H)[0]
        if corners.min() >= 2 and (corners[:, 0] <= w - 2).all() and (corners[:, 1] <= h - 2).all():
            break
    if tremor is not None:    # the hand moved a little since the pose above was drawn
        centre_px = (centre_px[0] + tremor.dx, centre_px[1] + tremor.dy)
        H, f = _pose_homography(tex_ppmm, centre_tex, size, d * 10 * (1 - tremor.dscale), tilt,
                                roll + tremor.droll, centre_px)
        corners = cv2.perspectiveTransform(quad[None], H)[0]
    ppm = (side / n / tex_ppmm) * f / (d * 10)
    cond["corners"] = corners.round(1).tolist()        # the code's corners in the frame
    # Anti-alias the texture for the scale it is seen at, then project it.
    scale = ppm / (side / n)                              # frame px per texture px, about
    src = tex
    if scale < 0.5:
        src = cv2.GaussianBlur(tex, (0, 0), 0.45 / scale)
    frame = _background(rng, w, h)
    mask = cv2.warpPerspective(np.ones(tex.shape, np.float32), H, (w, h), flags=cv2.INTER_LINEAR)
    warped = cv2.warpPerspective(src, H, (w, h), flags=cv2.INTER_LINEAR)
    obj = warped * gain
    if kind in ("vneid", "vssid"):
        screen_mask = cv2.warpPerspective(
            (tex > 20).astype(np.float32) if not cond["dark_mode"] else np.pad(
                np.ones((tex.shape[0] - 2 * round(BEZEL_MM * RENDER_PX_PER_MM),
                         tex.shape[1] - 2 * round(BEZEL_MM * RENDER_PX_PER_MM)), np.float32),
                round(BEZEL_MM * RENDER_PX_PER_MM)), H, (w, h))
        pitch_cam = (25.4 / cond["ppi"]) * f / (d * 10)
        phase = (0.0, 0.0) if noise_rng is None else tuple(noise_rng.uniform(0, 2 * np.pi, 2))
        obj = obj * np.where(screen_mask > 0.5, _moire((h, w), rng, pitch_cam, roll, phase), 1.0)
        if gain > 1.0:  # over-exposed: white bleeds into the dark modules
            over = np.clip(obj - 255, 0, None)
            obj = obj + cv2.GaussianBlur(over, (0, 0), max(0.6, 0.35 * ppm)) * 0.8
    obj = np.clip(obj, 0, 255)
    frame = frame * (1 - mask) + obj * mask
    if cond["glare"]:
        qc = cv2.perspectiveTransform(np.float32([[centre_tex]]), H)[0, 0]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = rng.uniform(0, np.pi)
        off = rng.uniform(-0.5, 0.5) * ppm * n
        dist = (xx - qc[0]) * math.cos(a) + (yy - qc[1]) * math.sin(a) - off
        width = rng.uniform(0.08, 0.3) * ppm * n
        strength = rng.uniform(0.25, 0.6) if kind in ("vneid", "vssid") else rng.uniform(0.3, 0.8)
        band = np.exp(-dist ** 2 / (2 * width ** 2)) * strength * mask
        frame = frame * (1 - band) + 255 * band
    defocus = rng.uniform(0.3, 0.8) + (0.5 if d < 20 else 0.0)
    if kind == "card-severe":
        defocus += rng.uniform(0.4, 0.9)
    shake = rng.uniform(1.0, 3.5) if rng.random() < 0.25 else 0.0
    cond["shake_px"] = round(float(shake), 1)
    noise = {"card-moderate": 5, "card-severe": 8}.get(kind, 3 if gain > 0.7 else 6)
    jpeg = {"card-severe": 60}.get(kind, 80)
    out = _finish(frame.astype(np.float32), rng, defocus, shake, noise, jpeg, noise_rng)
    return out, text, card, float(ppm), cond


def generate(per_kind: int, size: tuple[int, int] = (1920, 1080), seed: int = 2026,
             kinds: tuple[str, ...] = KINDS, start: int = 0):
    """Yield ``per_kind`` samples of each kind (deterministic for ``seed`` and ``size``)."""
    for kind in kinds:
        people = _WITH_BHYT if kind == "vssid" else CITIZENS
        for i in range(start, start + per_kind):
            rng = np.random.default_rng([seed, KINDS.index(kind), i])
            citizen = people[i % len(people)]
            frame, text, card, ppm, cond = render(kind, citizen, rng, size)
            yield PhoneSample(f"{kind}-{size[1]}-{i:03d}", kind, frame, text, citizen, card,
                              cond["distance_cm"], ppm, cond)


@dataclass(frozen=True)
class PhoneSequence:
    """A sample held up for ``len(frames)`` consecutive frames at ``fps``: same conditions, moving hand.

    ``frames[0]`` is the single-frame sample of the same name (same seed);
    each later frame moves the object by the hand's tremor (``tremors``,
    :mod:`benchmarks.tremor`) and has fresh sensor noise, a new moiré phase
    and its own MJPEG compression. The distance, tilt, screen, brightness,
    glare, defocus and shake stay.
    """

    name: str
    kind: str
    frames: list
    text: str
    citizen: Citizen
    card: str
    distance_cm: float
    ppm: float
    conditions: dict
    tremors: list
    fps: float = FPS


def generate_sequences(per_kind: int, size: tuple[int, int] = (1920, 1080), seed: int = 2026,
                       kinds: tuple[str, ...] = KINDS, start: int = 0, frames: int = SEQUENCE_FRAMES,
                       person_offset: int = 0):
    """Yield ``per_kind`` sequences of each kind; sequence ``i`` starts with :func:`generate`'s sample ``i``.

    ``person_offset`` shows another person's code with everything else the
    same (pose, tremor, noise): what a code swapped in place looks like.
    """
    for kind in kinds:
        people = _WITH_BHYT if kind == "vssid" else CITIZENS
        for i in range(start, start + per_kind):
            citizen = people[(i + person_offset) % len(people)]
            motion = np.random.default_rng([seed, KINDS.index(kind), i, 1])
            path = tremor_path(motion, frames)
            shots = []
            for k, tremor in enumerate(path):
                rng = np.random.default_rng([seed, KINDS.index(kind), i])   # the same conditions every frame
                noise = None if k == 0 else np.random.default_rng([seed, KINDS.index(kind), i, 2, k])
                frame, text, card, ppm, cond = render(kind, citizen, rng, size, tremor=None if k == 0 else tremor,
                                                      noise_rng=noise)
                if k == 0:
                    first = (text, card, ppm, cond)
                shots.append(frame)
            text, card, ppm, cond = first
            yield PhoneSequence(f"{kind}-{size[1]}-{i:03d}", kind, shots, text, citizen, card,
                                cond["distance_cm"], ppm, cond, path)


def main() -> None:
    """``python -m benchmarks.qr_phone_corpus OUTDIR [N] [720|1080]``: write samples as PNG, to look at."""
    import sys
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "qr-phone-corpus")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = (1280, 720) if len(sys.argv) > 3 and sys.argv[3] == "720" else (1920, 1080)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for s in generate(n, size):
        cv2.imwrite(str(out / f"{s.name}-{s.distance_cm:.0f}cm-{s.ppm:.1f}ppm.png"), s.frame)
        count += 1
    print(f"wrote {count} images to {out}")


if __name__ == "__main__":
    main()
