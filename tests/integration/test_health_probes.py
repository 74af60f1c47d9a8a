"""Probes that report on live objects the app owns (no second open of a device)."""

import time

from PIL import Image

from kiosk.health import Status


def test_live_camera_state_is_reported_without_reopening(tmp_path):
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource

    from kiosk.health.probes_devices import live_camera_probe
    folder = tmp_path / "cam"
    folder.mkdir()
    Image.new("L", (64, 48), 255).save(folder / "a.png")
    cam = QrCamera(ImageFolderSource(folder, 64, 48, fps=30))
    probe = live_camera_probe(cam)
    assert probe().status is Status.DEGRADED  # not started yet
    cam.start()
    try:
        deadline = time.monotonic() + 5
        while cam.state.value != "streaming" and time.monotonic() < deadline:
            time.sleep(0.02)
        part = probe()
        assert part.status is Status.OK and part.detail["state"] == "streaming"
    finally:
        cam.stop()
    assert probe().reason.endswith("is stopped.")
