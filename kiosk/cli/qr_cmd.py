"""``kiosk decode-qr`` (card QR codes in image files) and ``kiosk cameras`` (what can be opened)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import threading
from datetime import date
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.domain import mask_digits, mask_name
from readers.errors import InvalidCardQr, QrError, ReaderError
from readers.qr.decode import decode_file
from readers.qr.parse import CccdQr, parse_card_qr


def register(sub) -> None:
    """Add the ``decode-qr`` and ``cameras`` commands."""
    p = sub.add_parser("decode-qr", help="read the ID / insurance card QR code in image files")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="PNG, JPEG, ... photo or scan of a card")
    p.add_argument("--json", action="store_true", help="one JSON object per file, with every field")
    p.set_defaults(run=run_decode)
    c = sub.add_parser("cameras", help="list the cameras that can be opened, and at what resolution")
    c.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds per camera (default 5)")
    c.add_argument("--max-index", type=int, default=4, metavar="N",
                   help="device indexes probed where they cannot be listed (default 0-3)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(run=run_cameras)


def _fields(doc) -> dict:
    out = dataclasses.asdict(doc)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in out.items()}


def _summary(doc) -> str:
    """One line a passer-by may see: masked number, initials, birth year."""
    sex = {"M": "male", "F": "female"}.get(doc.sex or "", "sex not given")
    if isinstance(doc, CccdQr):
        return (f"ID card (CCCD) {mask_digits(doc.id_number)}, {mask_name(doc.full_name)}, "
                f"born {doc.birth_date.year}, {sex}, issued {doc.issue_date.year}")
    return (f"insurance card (BHYT) {mask_digits(doc.card_number)}, {mask_name(doc.full_name)}, "
            f"born {doc.birth_text[-4:]}, {sex}")


def decode_image(path: str) -> dict:
    """What one image file holds: ``{"file", "ok", "document"|"error", "codes"}``."""
    try:
        texts = decode_file(path)
    except QrError as e:
        return {"file": path, "ok": False, "codes": 0, "error": {"code": e.code, "message": str(e)}}
    if not texts:
        return {"file": path, "ok": False, "codes": 0,
                "error": {"code": "qr_not_found", "message": "No QR code was found in the image."}}
    errors: list[QrError] = []
    for text in texts:
        try:
            doc = parse_card_qr(text)
        except QrError as e:
            errors.append(e)
            continue
        return {"file": path, "ok": True, "codes": len(texts), "document": _fields(doc), "_doc": doc}
    # A damaged card QR says more than "not a card" about a second code in the picture.
    err = next((e for e in errors if isinstance(e, InvalidCardQr)), errors[0])
    return {"file": path, "ok": False, "codes": len(texts), "error": {"code": err.code, "message": str(err)}}


def run_decode(args, config: Config) -> int:
    """Decode every image; one line (or JSON object) per file; BAD_INPUT if any failed."""
    failed = 0
    for path in args.images:
        result = decode_image(path)
        doc = result.pop("_doc", None)
        failed += not result["ok"]
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        elif doc is not None:
            print(f"{path}: {_summary(doc)}")
        else:
            message = result["error"]["message"].removeprefix(f"{Path(path).name}: ")
            print(f"{path}: not read: {message}")
    return ExitCode.BAD_INPUT if failed else ExitCode.OK


def _probe(setting: str, config: Config) -> dict:
    """Open one source, read one frame, report its size (runs on a throwaway thread)."""
    from readers.qr.sources import source_from_setting
    cam = config.camera
    src = source_from_setting(setting, cam.width, cam.height, cam.fps)
    try:
        src.open()
        frame = src.read()
        return {"ok": True, "width": int(frame.shape[1]), "height": int(frame.shape[0])}
    except ReaderError as e:
        return {"ok": False, "error": str(e)}
    except Exception as e:  # drivers raise anything
        return {"ok": False, "error": f"camera error ({e.__class__.__name__})"}
    finally:
        try:
            src.close()
        except Exception:
            pass


def _probe_with_timeout(setting: str, config: Config, timeout: float) -> dict:
    box: dict = {}
    t = threading.Thread(target=lambda: box.update(_probe(setting, config)), daemon=True)
    t.start()
    t.join(timeout)
    return box or {"ok": False, "error": f"no answer within {timeout:g} s"}


def _device_indexes(max_index: int) -> list[str]:
    if sys.platform.startswith("linux"):
        devs = sorted(Path("/dev").glob("video[0-9]*"), key=lambda p: int(p.name[5:]))
        return [p.name[5:] for p in devs]
    return [str(i) for i in range(max_index)]


def run_cameras(args, config: Config) -> int:
    """Probe the configured source and the local cameras; READER if the configured one fails."""
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # no driver chatter for absent devices
    import cv2
    try:
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except AttributeError:
        pass
    configured = config.camera.source
    settings = [configured] + [i for i in _device_indexes(args.max_index) if i != configured.strip()]
    rows = []
    for s in settings:
        r = _probe_with_timeout(s, config, args.timeout)
        shown = re.sub(r"//[^/@]*@", "//***@", s)  # never print stream credentials
        rows.append({"source": shown, "configured": s == configured, **r})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        asked = f"asked {config.camera.width}x{config.camera.height} @ {config.camera.fps} fps"
        for r in rows:
            label = f"{'configured source' if r['configured'] else 'camera'} {r['source']!r}"
            if r["ok"]:
                print(f"{label}: opens, {r['width']}x{r['height']} ({asked})")
            else:
                print(f"{label}: cannot be used: {r['error']}")
    return ExitCode.OK if rows[0]["ok"] else ExitCode.READER
