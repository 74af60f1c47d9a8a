"""Synthetic camera frames built from the real test photos: live-like sequences and attacks.

Every frame is an RGB ``uint8`` array of :data:`FRAME` size on a textured
"lobby" background. An attack puts the photo on a plane (a print, a card, a
phone) and moves it in perspective; the live-like sequence turns the face as
the surface of a cylinder (a head is round; no homography explains that).
"""

from __future__ import annotations

import cv2
import numpy as np

FRAME = (480, 640)   # rows, cols: a kiosk camera frame after scaling


def load_rgb(path) -> np.ndarray:
    """A photo file as RGB."""
    return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def lobby(seed: int = 7, size: tuple[int, int] = FRAME) -> np.ndarray:
    """A textured background (blurred noise), the same for every frame of a sequence; ``size`` is (rows, cols)."""
    rng = np.random.default_rng(seed)
    bg = rng.integers(60, 140, (size[0] // 8, size[1] // 8, 3), dtype=np.uint8)
    return cv2.resize(bg, (size[1], size[0]), interpolation=cv2.INTER_CUBIC)


def head_crop(photo: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Head and shoulders around ``box`` (left, top, right, bottom), as a kiosk camera frames a patient.

    Where the crop runs off the photo the edge pixels are repeated.
    """
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    cx, cy = (left + right) / 2, (top + bottom) / 2
    half_w, half_h = int(w * 1.2), int(h * 1.3)
    pad = max(half_w, half_h)
    padded = cv2.copyMakeBorder(photo, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    x0, y0 = int(cx) - half_w + pad, int(cy) - half_h + pad
    return padded[y0:y0 + 2 * half_h, x0:x0 + 2 * half_w].copy()


def portrait(photo: np.ndarray, height: int = 440) -> np.ndarray:
    """The photo scaled to ``height`` rows."""
    f = height / photo.shape[0]
    return cv2.resize(photo, (round(photo.shape[1] * f), height), interpolation=cv2.INTER_AREA)


def _paste_warped(bg: np.ndarray, img: np.ndarray, dst_quad: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    hom = cv2.getPerspectiveTransform(src, np.float32(dst_quad))
    warped = cv2.warpPerspective(img, hom, (bg.shape[1], bg.shape[0]), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), hom, (bg.shape[1], bg.shape[0]))
    out = bg.copy()
    out[mask > 0] = warped[mask > 0]
    return out


def live_frame(photo: np.ndarray, seed: int = 7, size: tuple[int, int] = FRAME) -> np.ndarray:
    """The photo filling most of the frame's height, centred: a patient facing the camera."""
    p = portrait(photo, round(size[0] * 440 / 480))
    bg = lobby(seed, size)
    x = (size[1] - p.shape[1]) // 2
    y = (size[0] - p.shape[0]) // 2
    bg[y:y + p.shape[0], x:max(0, x) + p.shape[1]] = p[:, :min(p.shape[1], size[1] - x)]
    return bg


def chip_photo(photo: np.ndarray) -> bytes:
    """A DG2-like portrait: the head crop at 360x480 (ICAO proportions), JPEG."""
    p = cv2.resize(photo, (360, 480), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(p, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return jpeg.tobytes()


def planar_sequence(photo: np.ndarray, n: int = 5, seed: int = 7) -> list[np.ndarray]:
    """A flat print held up and tilted: the photo on a plane moved in perspective over ``n`` frames."""
    p = portrait(photo)
    h, w = p.shape[:2]
    cx, cy = FRAME[1] / 2, FRAME[0] / 2
    frames = []
    for i in range(n):
        t = i / max(1, n - 1)
        tilt = 18 * t                   # the near edge grows, the far edge shrinks (perspective)
        dx, dy = 14 * t, -6 * t
        quad = np.float32([[cx - w / 2 + dx + tilt * 0.3, cy - h / 2 + dy + tilt],
                           [cx + w / 2 + dx + tilt * 0.3, cy - h / 2 + dy - tilt * 0.4],
                           [cx + w / 2 + dx, cy + h / 2 + dy + tilt * 0.4],
                           [cx - w / 2 + dx, cy + h / 2 + dy - tilt]])
        frames.append(_paste_warped(lobby(seed), p, quad))
    return frames


def head_turn_sequence(photo: np.ndarray, n: int = 5, max_deg: float = 14.0, seed: int = 7) -> list[np.ndarray]:
    """The face turning about a vertical axis, its surface a cylinder: motion with parallax."""
    base = live_frame(photo, seed)
    h, w = base.shape[:2]
    # head_crop frames the face at about 1/2.4 of the crop's width: the head's radius is ~0.6 face widths
    face_w = portrait(photo).shape[1] / 2.4
    cx, radius = w / 2, face_w * 0.65
    xs = np.arange(w, dtype=np.float32)
    frames = []
    for i in range(n):
        theta = np.deg2rad(max_deg * i / max(1, n - 1))
        u = np.clip((xs - cx) / radius, -1, 1)
        phi = np.arcsin(u) - theta                    # where this column was before the turn
        src_x = np.where(np.abs(u) < 0.999, cx + radius * np.sin(np.clip(phi, -np.pi / 2, np.pi / 2)), xs)
        map_x = np.tile(src_x, (h, 1)).astype(np.float32)
        # a head also nods a little: rows shift with depth (cos of the angle), not as a plane would
        depth = np.cos(np.clip(phi, -np.pi / 2, np.pi / 2))
        ys = np.arange(h, dtype=np.float32)[:, None]
        map_y = (ys + (ys - h / 2) * 0.02 * i / max(1, n - 1) * depth[None, :]).astype(np.float32)
        frames.append(cv2.remap(base, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT))
    return frames


def card_frame(photo: np.ndarray, seed: int = 7) -> np.ndarray:
    """An ID card held up: a light card with a dark border, the face photo on its left part."""
    card_w, card_h = 560, 353                               # 85.6 x 54 mm
    card = np.full((card_h, card_w, 3), 225, np.uint8)
    cv2.rectangle(card, (0, 0), (card_w - 1, card_h - 1), (40, 60, 90), 6)
    face = portrait(photo, 250)
    fw = min(face.shape[1], 200)
    card[60:60 + 250, 24:24 + fw] = face[:, (face.shape[1] - fw) // 2:(face.shape[1] - fw) // 2 + fw]
    cv2.putText(card, "CAN CUOC", (260, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 120), 2)
    bg = lobby(seed)
    quad = np.float32([[40, 70], [40 + card_w, 60], [40 + card_w + 5, 60 + card_h], [35, 70 + card_h]])
    return _paste_warped(bg, card, quad)


def phone_frame(photo: np.ndarray, seed: int = 7) -> np.ndarray:
    """A phone held up: a black body around a bright screen showing the photo."""
    ph_w, ph_h = 250, 470
    phone = np.full((ph_h, ph_w, 3), 15, np.uint8)
    screen = np.full((ph_h - 40, ph_w - 20, 3), 250, np.uint8)
    face = portrait(photo, 300)
    fw = min(face.shape[1], screen.shape[1])
    screen[60:360, :fw] = face[:, (face.shape[1] - fw) // 2:(face.shape[1] - fw) // 2 + fw]
    phone[20:20 + screen.shape[0], 10:10 + screen.shape[1]] = cv2.convertScaleAbs(screen, alpha=1.1, beta=25)
    bg = lobby(seed)
    quad = np.float32([[200, 5], [200 + ph_w, 8], [198 + ph_w, 5 + ph_h], [196, 3 + ph_h]])
    return _paste_warped(bg, phone, quad)


def demo_faces(model, photos) -> dict[str, np.ndarray]:
    """name -> head-and-shoulders crop of each test photo (``photos`` from devkit.face_photos), found with
    the kiosk's own detector (``model``: kiosk.face.load_face_model())."""
    from kiosk.face.detect import largest_face
    from kiosk.face.images import scaled_for_work
    out = {}
    for name, path in photos.items():
        raw = load_rgb(path)
        small = scaled_for_work(raw)
        face = largest_face(model, small)
        if face is None:
            continue
        k = raw.shape[0] / small.shape[0]
        out[name] = head_crop(raw, (int(face.left * k), int(face.top * k), int(face.right * k),
                                    int(face.bottom * k)))
    return out
