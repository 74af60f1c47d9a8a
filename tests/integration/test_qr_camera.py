"""The QR camera end to end: real OpenCV/zxing on folder and video-file sources.

Sources that disappear (folder renamed, video deleted) and come back, a
source that stalls, a decoder slower than the camera, and codes that must
never be accepted (two cards flickering).
"""

import random
import shutil
import threading
import time

import cv2
import numpy as np
import pytest

from benchmarks.qr_corpus import generate, qr_image
from devkit.simulator.citizens import by_key
from readers.errors import NotACardQr, SourceLost
from readers.qr.camera import CameraState, QrCamera
from readers.qr.decode import decode_frame
from readers.qr.parse import CccdQr
from readers.qr.sources import ImageFolderSource, OpenCvSource, source_from_setting

FAST = dict(backoff_initial_s=0.02, backoff_max_s=0.1)


class Events:
    """Records what the camera reports, from its worker threads."""

    def __init__(self):
        self.cond = threading.Condition()
        self.states, self.codes, self.previews, self.seen = [], [], [], []

    def on_state(self, state, detail):
        with self.cond:
            self.states.append((state, detail))
            self.cond.notify_all()

    def on_code(self, read):
        with self.cond:
            self.codes.append(read)
            self.cond.notify_all()

    def on_preview(self, frame):
        with self.cond:
            self.previews.append(frame.shape)

    def on_seen(self, reads, needed):
        self.seen.append((reads, needed))

    def wait(self, predicate, timeout=5.0):
        with self.cond:
            assert self.cond.wait_for(predicate, timeout), (self.states, self.codes)

    def state_names(self):
        return [s.value for s, _ in self.states]

    def camera(self, source, **kw):
        return QrCamera(source, on_state=self.on_state, on_code=self.on_code, on_preview=self.on_preview,
                        on_seen=self.on_seen, **{**FAST, **kw})


@pytest.fixture
def card_photo(tmp_path):
    sample = next(generate(1, levels=("mild",)))
    folder = tmp_path / "camera"
    folder.mkdir()
    cv2.imwrite(str(folder / "card.png"), sample.frame)
    return folder, sample


def test_a_card_shown_in_the_folder_becomes_one_accepted_code(card_photo):
    folder, sample = card_photo
    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=30), consistent_reads=3, preview_width=320)
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
        time.sleep(0.3)  # the card stays in view: no second acceptance
    finally:
        cam.stop()
    assert len(ev.codes) == 1
    read = ev.codes[0]
    assert read.text == sample.text and isinstance(read.document, CccdQr)
    assert read.document.id_number == sample.citizen.id_number and read.problem is None
    assert ev.state_names()[:2] == ["opening", "streaming"] and ev.state_names()[-1] == "stopped"
    assert ev.previews and all(s[1] <= 320 and s[2] == 3 for s in ev.previews)
    assert (1, 3) in ev.seen or (2, 3) in ev.seen
    assert cam.slot.put_count >= cam.decoded_frames


def test_a_folder_that_disappears_and_comes_back(card_photo):
    folder, sample = card_photo
    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=30))
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
        hidden = folder.with_name("unplugged")
        folder.rename(hidden)
        ev.wait(lambda: "reconnecting" in ev.state_names())
        time.sleep(0.3)
        assert cam.state == CameraState.RECONNECTING
        hidden.rename(folder)
        ev.wait(lambda: ev.state_names().count("streaming") == 2)
        cam.reset_acceptance()  # the kiosk went back to idle: the same card may check in again
        ev.wait(lambda: len(ev.codes) == 2)
    finally:
        cam.stop()
    names = ev.state_names()
    assert names[:4] == ["opening", "streaming", "lost", "reconnecting"]
    assert names.count("lost") == 1  # reported once, not once per failed retry
    assert ev.codes[1].text == sample.text


def _write_video(path, frames, fps=15):
    h, w = frames[0].shape[:2]
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    assert out.isOpened(), "OpenCV cannot write MJPG/AVI here"
    for f in frames:
        out.write(cv2.cvtColor(f, cv2.COLOR_GRAY2BGR))
    out.release()


def test_a_video_file_plays_in_a_loop_and_survives_being_deleted_and_restored(tmp_path):
    blank = np.full((360, 640), 180, np.uint8)
    card = blank.copy()
    code = np.asarray(qr_image(by_key("elderly").qr_text(), 4).convert("L"))
    card[20:20 + code.shape[0], 300:300 + code.shape[1]] = code
    video = tmp_path / "clip.avi"
    _write_video(video, [blank] * 3 + [card] * 6)
    ev = Events()
    cam = ev.camera(source_from_setting(str(video), 640, 360, fps=60))
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
        assert ev.codes[0].document.full_name == "Ngô Văn Thọ"
        saved = video.read_bytes()
        video.unlink()
        ev.wait(lambda: "reconnecting" in ev.state_names())
        video.write_bytes(saved)
        ev.wait(lambda: ev.state_names().count("streaming") == 2)
    finally:
        cam.stop()


def test_two_cards_flickering_are_never_accepted(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name, citizen in (("a.png", "valid"), ("b.png", "elderly")):
        qr_image(by_key(citizen).qr_text(), 4).save(folder / name)
    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=40, hold_s=0.0), consistent_reads=2)
    cam.start()
    try:
        time.sleep(0.8)
    finally:
        cam.stop()
    assert cam.decoded_frames >= 4 and ev.codes == []


def test_a_qr_that_is_not_a_card_is_reported_as_such(tmp_path):
    folder = tmp_path / "wifi"
    folder.mkdir()
    qr_image("WIFI:S:hospital;T:WPA;P:secret;;", 5).save(folder / "wifi.png")
    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=30))
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
    finally:
        cam.stop()
    assert ev.codes[0].document is None and isinstance(ev.codes[0].problem, NotACardQr)


class StallingSource:
    """A source whose read blocks, as a driver can when a USB camera is pulled."""

    description = "stalling test source"

    def __init__(self):
        self.release = threading.Event()

    def open(self):
        pass

    def read(self):
        if self.release.is_set():
            time.sleep(0.02)
            return np.full((120, 160), 128, np.uint8)
        self.release.wait(5)
        raise SourceLost("The stalling test source gave up.")

    def close(self):
        pass


def test_a_stalled_camera_is_reported_lost_within_the_stall_time():
    ev = Events()
    src = StallingSource()
    src.release.set()
    cam = ev.camera(src, stall_s=0.3)
    cam.start()
    try:
        ev.wait(lambda: "streaming" in ev.state_names())
        src.release.clear()
        ev.wait(lambda: ("lost" in ev.state_names()), timeout=3)
        assert any("no frame" in d for s, d in ev.states if s == CameraState.LOST)
        src.release.set()
        ev.wait(lambda: ev.state_names().count("streaming") == 2)
    finally:
        src.release.set()
        cam.stop()


class CrashingSource(StallingSource):
    """A source that raises what OpenCV raises, not our error type."""

    def read(self):
        raise cv2.error("driver exploded")


def test_any_source_exception_becomes_lost_and_retries():
    ev = Events()
    cam = ev.camera(CrashingSource())
    cam.start()
    try:
        ev.wait(lambda: "reconnecting" in ev.state_names())
    finally:
        cam.stop()
    assert any("error" in d for s, d in ev.states if s == CameraState.LOST)


def test_a_slow_decoder_never_makes_the_camera_lag(card_photo):
    folder, _ = card_photo

    def slow_decode(frame, thorough=True):
        time.sleep(0.1)
        return decode_frame(frame, thorough=thorough)

    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=60), decode=slow_decode)
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
        time.sleep(0.3)
    finally:
        cam.stop()
    assert cam.slot.dropped > cam.decoded_frames  # stale frames were dropped, not queued


def test_a_missing_device_or_folder_is_lost_then_retried(tmp_path):
    ev = Events()
    cam = ev.camera(source_from_setting(str(tmp_path / "no-such-folder")))
    cam.start()
    try:
        ev.wait(lambda: "reconnecting" in ev.state_names())
    finally:
        cam.stop()
    assert "does not exist" in ev.states[1][1]


def test_source_from_setting_picks_the_kind():
    assert isinstance(source_from_setting("0"), OpenCvSource) and source_from_setting("0").target == 0
    assert source_from_setting("rtsp://user:pw@10.0.0.5/live").description == "stream rtsp://***@10.0.0.5/live"
    assert source_from_setting("clip.mp4").is_file
    assert isinstance(source_from_setting("cards/"), ImageFolderSource)


def test_an_empty_folder_is_a_camera_looking_at_nothing(tmp_path):
    src = ImageFolderSource(tmp_path, width=320, height=240, fps=100)
    src.open()
    frame = src.read()
    assert frame.shape == (240, 320) and decode_frame(frame) == []
    shutil.rmtree(tmp_path)
    with pytest.raises(SourceLost):
        src.read()


def test_a_single_image_file_is_a_source_too(tmp_path):
    path = tmp_path / "card.png"
    qr_image(by_key("valid").qr_text(), 4).save(path)
    src = source_from_setting(str(path), 640, 480, fps=100)
    assert isinstance(src, ImageFolderSource)
    src.open()
    assert decode_frame(src.read()) == [by_key("valid").qr_text()]
    path.unlink()
    with pytest.raises(SourceLost):
        src.read()


class MjpegServer:
    """A loopback MJPEG (multipart/x-mixed-replace) camera stream, as IP cameras serve."""

    def __init__(self, jpeg: bytes, port: int = 0):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        self.running = threading.Event()
        self.running.set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                try:
                    while server.running.is_set():
                        self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n"
                                         % len(jpeg) + jpeg + b"\r\n")
                        time.sleep(0.03)
                except OSError:
                    pass

        # Below the ephemeral range: a camera reconnecting to a closed port in that range can connect
        # to itself (TCP simultaneous open) and hold the port when the server comes back.
        candidates = [port] if port else random.sample(range(20000, 32000), 50)
        deadline = time.monotonic() + 5
        while True:
            try:
                self.httpd = ThreadingHTTPServer(("127.0.0.1", candidates[0]), Handler)
                break
            except OSError:
                if len(candidates) > 1:
                    candidates.pop(0)
                elif time.monotonic() > deadline:
                    raise
                else:
                    time.sleep(0.1)   # the same port again: wait for its last connection to go
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.running.clear()
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_stream_url_that_drops_and_comes_back():
    frame = np.full((360, 640), 200, np.uint8)
    code = np.asarray(qr_image(by_key("valid").qr_text(), 4).convert("L"))
    frame[10:10 + code.shape[0], 10:10 + code.shape[1]] = code
    jpeg = cv2.imencode(".jpg", frame)[1].tobytes()
    server = MjpegServer(jpeg)
    ev = Events()
    cam = ev.camera(source_from_setting(f"http://127.0.0.1:{server.port}/cam.mjpg"))
    cam.start()
    try:
        ev.wait(lambda: ev.codes)
        assert ev.codes[0].document.id_number == "079088001234"
        server.close()
        ev.wait(lambda: "reconnecting" in ev.state_names(), timeout=8)
        server = MjpegServer(jpeg, server.port)
        ev.wait(lambda: ev.state_names().count("streaming") == 2, timeout=8)
    finally:
        cam.stop()
        server.close()


def test_the_demo_shows_and_hides_cards_through_a_folder(tmp_path):
    from devkit.simulator.card_photos import clear_cards, show_card
    folder = tmp_path / "demo-camera"
    folder.mkdir()
    ev = Events()
    cam = ev.camera(ImageFolderSource(folder, fps=30, hold_s=0.1))
    cam.start()
    try:
        ev.wait(lambda: "streaming" in ev.state_names())
        time.sleep(0.2)
        assert ev.codes == []  # an empty folder: nothing in view
        show_card(folder, "elderly", "bhyt")
        ev.wait(lambda: ev.codes)
        clear_cards(folder)
        cam.reset_acceptance()
        show_card(folder, "child", "cccd")
        ev.wait(lambda: len(ev.codes) == 2)
    finally:
        cam.stop()
    assert [r.document.kind for r in ev.codes] == ["bhyt", "cccd"]
    assert ev.codes[0].document.card_number == "HT3011500000015"
    assert ev.codes[1].document.full_name == "Trương Ngọc Diệp"


def test_a_code_seen_but_not_read_gets_a_hint_until_it_reads(tmp_path):
    from readers.qr.guidance import Hint
    from tests import qr_guidance_frames as frames
    folder = tmp_path / "hint"
    folder.mkdir()
    hints = []
    ev = Events()
    cam = QrCamera(ImageFolderSource(folder, fps=30, hold_s=0.05), on_code=ev.on_code,
                   on_hint=hints.append, hint_interval_s=0.0, **FAST)
    cam.start()
    try:
        cv2.imwrite(str(folder / "far.png"), frames.too_small())
        deadline = time.monotonic() + 5
        while Hint.CLOSER not in hints and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hints and hints[-1] == Hint.CLOSER and ev.codes == []
        (folder / "near.part").write_bytes(cv2.imencode(".png", frames.readable())[1].tobytes())
        (folder / "far.png").unlink()
        (folder / "near.part").rename(folder / "near.png")
        ev.wait(lambda: ev.codes)
        deadline = time.monotonic() + 2
        while hints[-1] is not None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        cam.stop()
    assert hints[-1] is None                   # a code that reads withdraws the hint
    assert ev.codes[0].text == frames.TEXT
