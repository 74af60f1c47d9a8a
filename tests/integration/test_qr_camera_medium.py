"""The folder camera end to end: a phone screen's QR is recorded as VNeID / VssID, a printed card's is not.

Real OpenCV/zxing-cpp on frames written to a folder (the project's folder camera),
the accepted read turned into the identity the kiosk records.
"""

import threading

import cv2
import pytest

from benchmarks import qr_phone_corpus
from kiosk.checkin.identify import identity_from_qr
from readers.qr.camera import QrCamera
from readers.qr.medium import Medium
from readers.qr.sources import ImageFolderSource


def _accepted_read(tmp_path, frame):
    folder = tmp_path / "camera"
    folder.mkdir()
    cv2.imwrite(str(folder / "frame.png"), frame)
    got, done = [], threading.Event()
    cam = QrCamera(ImageFolderSource(folder, fps=30), consistent_reads=2,
                   on_code=lambda read: (got.append(read), done.set()))
    cam.start()
    try:
        assert done.wait(15), "the camera accepted no code"
    finally:
        cam.stop()
    return got[0]


@pytest.mark.parametrize("kind,index,presented", [("vneid", 0, "vneid"), ("vssid", 0, "vssid")])
def test_a_phone_screen_through_the_folder_camera_records_the_app(tmp_path, kind, index, presented):
    sample = next(qr_phone_corpus.generate(1, (1920, 1080), kinds=(kind,), start=index))
    read = _accepted_read(tmp_path, sample.frame)
    assert read.text == sample.text and read.medium is Medium.SCREEN
    identity = identity_from_qr(read.text, medium=read.medium.value)
    assert identity.presented_as == presented


def test_a_printed_card_through_the_folder_camera_stays_a_card(tmp_path):
    sample = next(qr_phone_corpus.generate(1, (1920, 1080), kinds=("card-moderate",), start=0))
    read = _accepted_read(tmp_path, sample.frame)
    assert read.medium is Medium.PRINT
    identity = identity_from_qr(read.text, medium=read.medium.value)
    assert identity.presented_as == ("id_qr" if sample.card == "cccd" else "insurance_card")
