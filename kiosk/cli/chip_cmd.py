"""``kiosk readers`` and ``kiosk read-card``: the chip ID card from the CLI."""

from __future__ import annotations

import json
import os
import queue
import time
from datetime import date, datetime
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.personal_args import EPILOG, HELP, resolve
from kiosk.config import Config
from kiosk.errors import InputError


def register(sub) -> None:
    """Add the ``readers`` and ``read-card`` commands."""
    p = sub.add_parser("readers", help="list PC/SC card readers and whether a card is on them")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--watch", type=float, metavar="SECONDS", help="also print insert/remove events for a while")
    p.set_defaults(run=run_readers)

    p = sub.add_parser("read-card", help="read the chip ID card on a reader (PACE-CAN or BAC, passive authentication)",
                       epilog=EPILOG)
    p.add_argument("--reader", metavar="NAME",
                   help="reader name (substring); default: reader.name or the first with a card")
    key = p.add_mutually_exclusive_group(required=True)
    key.add_argument("--qr", metavar="TEXT", help="the QR text printed on the card (expiry derived)" + HELP)
    key.add_argument("--id-number", metavar="ID12",
                     help="12-digit ID number: alone opens a PACE card (CAN = last 6 digits); "
                          "add --birth and --expiry for BAC as fallback" + HELP)
    key.add_argument("--can", metavar="DIGITS6", help="6-digit card access number (PACE only)" + HELP)
    key.add_argument("--mrz-info", metavar="TEXT",
                     help="24-character MRZ information (number, birth, expiry + check digits)" + HELP)
    p.add_argument("--birth", metavar="DATE", help="birth date dd/mm/yyyy or yyyy-mm-dd" + HELP)
    p.add_argument("--expiry", metavar="DATE", help="expiry date dd/mm/yyyy or yyyy-mm-dd" + HELP)
    p.add_argument("--photo", metavar="FILE",
                   help="also read the face image (DG2) and save it here (readable by you alone, mode 0600)")
    p.add_argument("--csca", metavar="PATH", help="CSCA folder or master list (default: reader.csca_dir)")
    p.add_argument("--verify-face", action="store_true",
                   help="then compare the person at [camera] source with the chip photo (exit 0 match, "
                        "11 no match, 6 no face); nothing of the face is saved")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_read_card)


def _date(text: str | None, what: str) -> date:
    if not text:
        raise InputError(f"--{what} is required too: give both dates, or neither to use the ID number alone (PACE).")
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d%m%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(f"--{what} must be a date like 05/01/1993 or 1993-01-05.")


def _keys(args):
    from kiosk.chip import keys
    if args.qr is not None:
        return keys.keys_for_qr(args.qr)
    if args.mrz_info is not None:
        return keys.keys_for_mrz_info(args.mrz_info)
    if args.can is not None:
        return keys.keys_for_can(args.can)
    if args.birth is None and args.expiry is None:
        return keys.keys_for_id_number(args.id_number)
    return keys.keys_for_id_and_dates(args.id_number, _date(args.birth, "birth"), _date(args.expiry, "expiry"))


def run_readers(args, config: Config) -> int:
    """Print every reader and whether a card is present."""
    from readers.pcsc import monitor, system
    readers = system.list_readers()
    if args.json:
        print(json.dumps([{"name": r.name, "card_present": r.card_present, "atr": r.atr.hex().upper()}
                          for r in readers], indent=2))
    elif not readers:
        print("no card reader connected")
    else:
        for r in readers:
            print(f"{r.name}: {'card present' if r.card_present else 'no card'}"
                  + (f" (ATR {r.atr.hex().upper()})" if r.card_present else ""))
    if args.watch:
        events: queue.Queue = queue.Queue()
        watcher = monitor.CardWatcher.to_queue(events).start()
        end = time.monotonic() + args.watch
        try:
            while time.monotonic() < end:
                try:
                    e = events.get(timeout=min(0.2, max(0.0, end - time.monotonic())) or 0.01)
                except queue.Empty:
                    continue
                print(f"{e.kind}: {e.reader}", flush=True)
        finally:
            watcher.stop()
    return ExitCode.OK


def _document_dict(doc, reader: str, photo: str | None) -> dict:
    d13 = doc.dg13
    out = {
        "reader": reader,
        "opened_with": doc.opened_with,
        "protocol": doc.protocol,
        "authentication": doc.auth.level.label,
        "authentication_detail": doc.auth.detail,
        "mrz": {"document_number": doc.mrz.document_number, "id_number": doc.mrz.id_number,
                "name": doc.mrz.full_name, "birth": doc.mrz.birth, "sex": doc.mrz.sex,
                "expiry": doc.mrz.expiry, "nationality": doc.mrz.nationality,
                "check_digits_ok": doc.mrz.checks_ok},
        "data_groups": list(doc.groups_present),
        "warnings": list(doc.warnings),
        "apdu_count": doc.apdu_count,
        "timings_ms": {k: round(v * 1000, 1) for k, v in doc.timings.items()},
    }
    if d13 is not None:
        out["holder"] = {k: v for k, v in d13.__dict__.items() if k != "other" and v}
    if doc.face is not None:
        out["photo"] = {"file": photo, "mime": doc.face.mime, "bytes": len(doc.face.data),
                        "width": doc.face.width, "height": doc.face.height}
    return out


def run_read_card(args, config: Config) -> int:
    """Open the card with the given key(s), read it, print the holder and the authentication."""
    from kiosk.chip.service import ChipCheckIn, load_trust
    resolve(args, ["qr", "id_number", "can", "mrz_info", "birth", "expiry"])
    from readers.chip.trust import TrustStoreError
    keys = _keys(args)
    trust = {}
    if args.csca is not None:  # a bad --csca is bad input; a bad reader.csca_dir is bad config (the service's)
        try:
            trust["trust"] = load_trust(args.csca)
        except TrustStoreError as e:
            raise InputError(f"{e}") from None
    from kiosk.services import KioskServices
    # The root, opened without its queue: only the chip service is built (with --csca's store).
    with KioskServices.open(config, start=False,
                            chip_factory=lambda s: ChipCheckIn.from_config(s.config, **trust)) as services:
        read = services.chip.read(keys, reader=args.reader, photo=bool(args.photo) or args.verify_face)
        face = _verify_face(services, read.document) if args.verify_face else None
    doc, reader = read.document, read.reader
    if args.photo and doc.face is not None:
        write_private(Path(args.photo), doc.face.data)
    info = _document_dict(doc, reader, args.photo)
    code = ExitCode.OK
    if face is not None:
        from kiosk.cli.face_cmd import EXIT_FOR
        info["face"] = face
        code = EXIT_FOR[face["decision"]]
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return code
    print(f"Reader:          {reader}")
    print(f"Opened with:     {doc.protocol}, {doc.opened_with}")
    print(f"Authentication:  {info['authentication']} ({doc.auth.detail})")
    for key, value in info.get("holder", {}).items():
        print(f"  {key:<19}{value}")
    print(f"  {'MRZ name':<19}{doc.mrz.full_name}")
    if "photo" in info:
        p = info["photo"]
        print(f"Photo:           {p['mime']} {p['width']}x{p['height']}, {p['bytes']} bytes → {args.photo}")
    print("Timings:         " + ", ".join(f"{k} {v:.0f} ms" for k, v in info["timings_ms"].items()))
    print(f"APDUs:           {doc.apdu_count}")
    for warning in doc.warnings:
        print(f"Warning:         {warning}")
    if face is not None:
        score = "-" if face["score"] is None else f"{face['score']:.3f}"
        print(f"Face:            {face['decision']} (distance {score}, match at <= {face['threshold']}, "
              f"{face['reason']}, {face['ms']:.0f} ms)")
    return code


def _verify_face(services, doc) -> dict:
    """The person at the camera against the chip photo (the camera of ``[camera]``, a few frames)."""
    from kiosk.face import FaceVerifier, MatchPolicy, load_face_model
    from kiosk.face.frames import capture
    from kiosk.face.images import from_bgr
    from readers.qr.sources import source_from_setting
    if doc.face is None:
        raise InputError("The card has no face photo (DG2) to compare with.", code="face_chip_no_photo")
    cfg = services.config
    verifier = FaceVerifier(load_face_model(), MatchPolicy(cfg.face.threshold),
                            min_face_fraction=cfg.face.min_face_fraction)
    reference = verifier.reference(doc.face.data)
    if reference is None:
        raise InputError("No face was found in the chip photo.", code="face_chip_no_face")
    cam = cfg.camera
    frames = capture(source_from_setting(cam.source, cam.width, cam.height, cam.fps, cam.fourcc))
    verdict = verifier.verify(reference, [from_bgr(f) for f in frames])
    reference.fill(0.0)
    for f in frames:
        f.fill(0)
    return verdict.as_dict()


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable and writable by the owner alone (a face is personal data)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):      # an existing file keeps its old mode otherwise
                os.fchmod(f.fileno(), 0o600)
            f.write(data)
    except OSError as e:
        raise InputError(f"--photo: {path} cannot be written ({e.strerror or e.__class__.__name__}).",
                         code="photo_not_written") from None


__all__ = ["register"]
