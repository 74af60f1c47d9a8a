"""Probes that report on live objects the app owns (no second open of a device)."""

import time

from PIL import Image

from kiosk.health import Status


def test_live_camera_state_is_reported_without_reopening(tmp_path):
    from kiosk.health.probes_devices import live_camera_probe
    from readers.qr.camera import QrCamera
    from readers.qr.sources import ImageFolderSource
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


def test_recorded_gateway_feeds_the_gateway_probe(tmp_path):
    from datetime import date

    from devkit.simulator.app import build_simulator, hospital_url
    from devkit.simulator.citizens import CITIZENS
    from devkit.simulator.server import Fault
    from kiosk.checkin import identity_from_qr
    from kiosk.config import load_config
    from kiosk.errors import GatewayError
    from kiosk.gateway import GatewayClient
    from kiosk.health import LinkRecord, RecordedGateway
    from kiosk.health.probes_services import gateway_probe

    with build_simulator() as sim:
        toml = tmp_path / "k.toml"
        toml.write_text(f'[gateway]\nurl = "{sim.url}"\n[hospital]\nurl = "{hospital_url(sim)}"\n',
                        encoding="utf-8")
        cfg = load_config(toml)
        record = LinkRecord()
        gateway = RecordedGateway(GatewayClient(cfg.gateway, cfg.facility), record)
        probe = gateway_probe(cfg, record)
        ident = identity_from_qr(CITIZENS[0].qr_text(), date.today())
        gateway.check_eligibility(ident)
        part = probe()
        assert part.status is Status.OK and part.detail["passive"] is True
        assert part.detail["latency_ms"] is not None and part.detail["last_error"] is None
        assert gateway.logins == 1  # other attributes are the client's

        sim.faults.set("gateway.*", Fault("http500"))
        try:
            gateway.check_eligibility(identity_from_qr(CITIZENS[1].qr_text(), date.today()))
        except GatewayError:
            pass
        assert record.detail()["last_error"]
        part = probe()  # the last event is a failure: the probe logs in itself, and fails too
        assert part.status is Status.FAILING and "passive" not in part.detail
        sim.faults.clear()
        # that login got HTTP 500: the pause before the next login is kept in the data folder, so the
        # next probe (a new client) honours it and sends nothing; once the pause has passed it logs in
        logins = sim.gateway_state.login_attempts
        paused = probe()
        assert paused.status is Status.FAILING and "no answer" in paused.reason
        assert sim.gateway_state.login_attempts == logins
        from kiosk.gateway.guard import STATE_FILE
        (cfg.data_path() / STATE_FILE).unlink()
        assert probe().status is Status.OK
        gateway.close()
