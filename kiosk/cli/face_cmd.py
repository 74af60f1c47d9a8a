"""``kiosk verify-face``: compare live pictures with a chip photo, as the kiosk does.

Exit codes: 0 match, 11 no match (or attack suspected: the counter decides),
2 bad input (a file that is no picture, a chip photo without a face), 6 no
face in the live pictures, 3 the face model is missing or not the pinned one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.errors import InputError

EXIT_FOR = {"match": ExitCode.OK, "no_match": ExitCode.COUNTER, "attack_suspected": ExitCode.COUNTER,
            "no_face": ExitCode.READER}


def register(sub) -> None:
    """Add the ``verify-face`` command."""
    p = sub.add_parser("verify-face", help="compare live face pictures with the chip photo (1:1)")
    p.add_argument("--chip-photo", required=True, metavar="FILE", help="the chip's DG2 photo (JPEG / JPEG 2000)")
    p.add_argument("--live", required=True, nargs="+", metavar="FILE",
                   help="one or more camera pictures of the patient, in order (a sequence shows motion)")
    p.add_argument("--threshold", type=float, metavar="D",
                   help="largest descriptor distance called a match (default: [face] threshold)")
    p.add_argument("--json", action="store_true", help="one JSON object: decision, score, threshold, model, ms")
    p.set_defaults(run=run_verify)


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{what} {path} cannot be read ({e.strerror or e.__class__.__name__}).",
                         code="face_bad_image") from None


def run_verify(args, config: Config) -> int:
    """Run one verification and print its decision."""
    from kiosk.face import FaceVerifier, MatchPolicy, load_face_model
    from kiosk.face.images import decode_image

    threshold = config.face.threshold if args.threshold is None else args.threshold
    if not 0.0 < threshold < 2.0:
        raise InputError("--threshold must be between 0 and 2.", code="face_bad_threshold")
    chip = _read(args.chip_photo, "--chip-photo")
    live = [decode_image(_read(p, "--live"), f"picture {p}") for p in args.live]
    verifier = FaceVerifier(load_face_model(), MatchPolicy(threshold), min_face_fraction=config.face.min_face_fraction)
    t0 = time.perf_counter()
    reference = verifier.reference(chip)
    if reference is None:
        raise InputError(f"no face was found in the chip photo {args.chip_photo}.", code="face_chip_no_face")
    verdict = verifier.verify(reference, live)
    out = verdict.as_dict() | {"ms": round((time.perf_counter() - t0) * 1000, 1)}
    reference.fill(0.0)
    if args.json:
        print(json.dumps(out))
    else:
        score = "-" if out["score"] is None else f"{out['score']:.3f}"
        print(f"{out['decision']}: distance {score} (match at <= {out['threshold']}), reason {out['reason']}, "
              f"{out['model']}, {out['ms']:.0f} ms")
    return EXIT_FOR[out["decision"]]
