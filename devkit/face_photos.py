"""Real face photos for tests, the benchmark and the demo, fetched from PyPI on first use.

The ``face_recognition`` 1.3.0 source distribution carries a few test photos
(public-domain White House photos: several of one person and one of another).
They are downloaded with ``pip download`` into a cache folder under the project
(``.cache/face-photos``, ignored by git), the archive's SHA-256 checked, and
only the photos extracted. Nothing third-party is committed; the product never
calls this.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

SDIST = "face_recognition-1.3.0.tar.gz"
SDIST_SHA256 = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
PHOTO_DIR = "face_recognition-1.3.0/tests/test_images/"
# name -> who; 32bit.png is obama2.jpg again (as a PNG with alpha): left out of the pairs
PEOPLE = {
    "obama.jpg": "obama", "obama2.jpg": "obama", "obama3.jpg": "obama",
    "obama_partial_face.jpg": "obama", "obama_partial_face2.jpg": "obama",
    "biden.jpg": "biden",
}
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "face-photos"


class PhotosUnavailable(RuntimeError):
    """The photos could not be fetched (no registry reachable) or the archive is not the pinned one."""


def _sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def ensure_face_photos(cache: Path = DEFAULT_CACHE) -> dict[str, Path]:
    """The photos as name -> path (see :data:`PEOPLE`), downloading the sdist once."""
    photos = cache / "photos"
    if all((photos / n).is_file() for n in PEOPLE):
        return {n: photos / n for n in PEOPLE}
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / SDIST
    if not archive.is_file():
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                            "--disable-pip-version-check", "-q", "face_recognition==1.3.0", "-d", str(cache)],
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0 or not archive.is_file():
            raise PhotosUnavailable(f"pip download face_recognition==1.3.0 failed: {r.stderr.strip()[-300:]}")
    if _sha256(archive) != SDIST_SHA256:
        archive.unlink()
        raise PhotosUnavailable(f"{SDIST} is not the pinned archive (SHA-256 differs)")
    photos.mkdir(exist_ok=True)
    with tarfile.open(archive) as tar:
        for name in PEOPLE:
            member = tar.getmember(PHOTO_DIR + name)
            src = tar.extractfile(member)
            if src is None:
                raise PhotosUnavailable(f"{name} missing from {SDIST}")
            (photos / name).write_bytes(src.read())
    return {n: photos / n for n in PEOPLE}
