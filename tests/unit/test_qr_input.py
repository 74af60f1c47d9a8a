"""Wiring QR devices from the configuration, and card QR → Identity."""

from datetime import date

from devkit.simulator.citizens import by_key
from kiosk.config import load_config
from kiosk.domain import IdentitySource, Sex
from kiosk.qr_input import (
    camera_from_config,
    identity_from_card_qr,
    keyboard_wedge_from_config,
    serial_scanner_from_config,
)
from readers.qr.parse import parse_card_qr
from readers.qr.sources import ImageFolderSource

TODAY = date(2026, 11, 25)


def test_identity_from_an_id_card_qr():
    c = by_key("valid-female")
    ident = identity_from_card_qr(parse_card_qr(c.qr_text(), TODAY))
    assert (ident.card_number, ident.id_number, ident.full_name, ident.birth, ident.sex, ident.source) == (
        c.id_number, c.id_number, c.full_name, "21/07/1994", Sex.FEMALE, IdentitySource.QR_ID_CARD)
    assert c.id_number not in repr(ident)


def test_identity_from_an_insurance_card_qr():
    c = by_key("valid")
    ident = identity_from_card_qr(parse_card_qr(c.bhyt_qr_text(), TODAY))
    assert (ident.card_number, ident.id_number, ident.birth, ident.sex, ident.source) == (
        "DN4790100000001", None, "14/03/1988", Sex.MALE, IdentitySource.QR_INSURANCE_CARD)


def test_devices_follow_the_configuration(tmp_path):
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text(f'[camera]\nsource = "{tmp_path}"\nwidth = 640\nheight = 480\nfps = 10\n'
                        'consistent_reads = 3\nread_window_seconds = 2.5\n'
                        '[scanner]\nkind = "keyboard"\nkey_gap_ms = 30\n', encoding="utf-8")
    cfg = load_config(cfg_file)
    cam = camera_from_config(cfg.camera)
    assert isinstance(cam.source, ImageFolderSource) and (cam.source.width, cam.source.fps) == (640, 10)
    assert cam.acceptance.needed == 3 and cam.acceptance.window_s == 2.5
    assert keyboard_wedge_from_config(cfg.scanner).max_gap_s == 0.03
    assert serial_scanner_from_config(cfg.scanner, print) is None
    serial_cfg = load_config(cfg_file, environ={}).scanner.__class__(kind="serial", port="loop://")
    assert serial_scanner_from_config(serial_cfg, print).port == "loop://"


def test_a_device_is_asked_for_1080p_in_mjpeg_by_default_and_the_format_is_checked(tmp_path):
    import pytest

    from kiosk.errors import ConfigError
    cam = camera_from_config(load_config(None, environ={}).camera)
    assert (cam.source.width, cam.source.height, cam.source.fourcc) == (1920, 1080, "MJPG")
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text('[camera]\nsource = "1"\nfourcc = "YUYV"\n', encoding="utf-8")
    assert camera_from_config(load_config(cfg_file).camera).source.fourcc == "YUYV"
    cfg_file.write_text('[camera]\nfourcc = "MJPEG"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="fourcc"):
        load_config(cfg_file)
