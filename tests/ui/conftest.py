"""UI test fixtures: a real simulator on loopback, a config pointing at it, the kiosk built on it."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import build_simulator


@pytest.fixture
def simulator():
    """Gateway + hospital simulator on 127.0.0.1, a free port."""
    with build_simulator("127.0.0.1", 0) as server:
        yield server


@pytest.fixture
def config(simulator):
    """The embedded default, pointed at the test simulator, with short idle timers."""
    cfg = dev_kit_config(simulator)
    return dataclasses.replace(
        cfg,
        gateway=dataclasses.replace(cfg.gateway, url=simulator.url, read_timeout=4.0),
        hospital=dataclasses.replace(cfg.hospital, url=simulator.url + "/his/v1", read_timeout=4.0),
        kiosk=dataclasses.replace(cfg.kiosk, full_screen=False))


@pytest.fixture
def kiosk(qtbot, config):
    """The patient kiosk as ``kiosk run`` builds it (offline queue in the test's data dir) on the
    simulator, without camera or printer, shown offscreen."""
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    services = KioskServices.open(config)
    app = build_kiosk(services)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.services, app.queue = services, services.queue
    yield app
    app.close()
    services.close()
    qtbot.wait(1)     # run the deleteLater()s


# The offscreen platform plugin says this about every top-level window; it is not ours.
_IGNORED = ("This plugin does not support propagateSizeHints",)


@pytest.fixture(autouse=True)
def _qt_warnings_fail(qtlog):
    """Strict pytest-qt: any Qt warning (or worse) logged during a UI test fails it."""
    yield
    from pytestqt.qt_compat import qt_api
    levels = (qt_api.QtCore.QtMsgType.QtWarningMsg, qt_api.QtCore.QtMsgType.QtCriticalMsg,
              qt_api.QtCore.QtMsgType.QtFatalMsg)
    bad = [r for r in qtlog.records if r.type in levels and not r.message.startswith(_IGNORED)]
    assert not bad, "Qt warnings: " + "; ".join(r.message for r in bad)

