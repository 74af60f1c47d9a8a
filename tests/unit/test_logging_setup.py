"""Log files: JSON lines, rotation, and the redaction filter on every handler."""

import json
import logging

import pytest

from devkit.simulator.citizens import CITIZENS
from kiosk.config import load_config
from kiosk.logging_setup import LOG_FILE_NAME, configure_logging, log_dir, remove_handlers


@pytest.fixture
def config(tmp_path, monkeypatch):
    toml = tmp_path / "k.toml"
    toml.write_text("[logging]\nlevel = \"DEBUG\"\nmax_bytes = 2000\nbackup_count = 3\n", encoding="utf-8")
    cfg = load_config(toml)
    yield cfg
    remove_handlers()


def read_lines(cfg):
    files = sorted(log_dir(cfg).glob(LOG_FILE_NAME + "*"))
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]


def test_json_line_per_event_with_extras(config):
    configure_logging(config)
    logging.getLogger("kiosk.test").info("ticket %s printed", "A-0042", extra={"room": "105", "ms": 12})
    lines = read_lines(config)
    assert len(lines) == 1
    e = lines[0]
    assert (e["level"], e["logger"], e["msg"], e["room"], e["ms"]) == ("INFO", "kiosk.test",
                                                                        "ticket A-0042 printed", "105", 12)
    assert e["ts"].endswith("+00:00")


def test_every_kind_of_personal_data_is_masked_in_the_file(config):
    configure_logging(config)
    log = logging.getLogger("kiosk.test")
    c = CITIZENS[0]
    log.warning("lookup %s for %s born %s", c.id_number, c.bhyt_code, c.birth.strftime("%d/%m/%Y"))
    log.info("decoded QR", extra={"qr_text": c.qr_text(), "full_name": c.full_name,
                                  "address": c.address, "birth": c.birth.isoformat(),
                                  "card_number": c.bhxh_number})
    log.info("raw %s", c.qr_text())
    log.debug("GET /api/egw?token=t0k3n&id_token=abc&password=md5hex")
    try:
        raise ValueError(f"server rejected {c.id_number} {c.birth:%d%m%Y}")
    except ValueError:
        log.exception("lookup failed")
    text = "\n".join(p.read_text(encoding="utf-8") for p in log_dir(config).glob(LOG_FILE_NAME + "*"))
    for secret in (c.id_number, c.bhyt_code, c.bhxh_number, c.full_name, c.address,
                   c.birth.strftime("%d/%m/%Y"), c.birth.strftime("%d%m%Y"), c.birth.isoformat(),
                   "t0k3n", "md5hex", c.full_name.split()[-1]):
        assert secret not in text, secret
    assert "********1234" in text and "lookup failed" in text and "ValueError" in text


def test_files_rotate_and_stay_bounded(config):
    configure_logging(config)
    log = logging.getLogger("kiosk.test")
    for i in range(200):
        log.info("event %d with some padding to fill the file quickly", i)
    files = sorted(log_dir(config).glob(LOG_FILE_NAME + "*"))
    assert len(files) == 4  # kiosk.log + 3 backups
    assert all(f.stat().st_size <= 2200 for f in files)
    assert read_lines(config)  # every kept line is still valid JSON


def test_reconfiguring_replaces_our_handlers(config):
    configure_logging(config)
    configure_logging(config)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_handler", False)]
    assert len(ours) == 1  # the file; stderr is left to pytest's own handler
    remove_handlers()
    assert not [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_handler", False)]


def test_file_logging_off(tmp_path):
    toml = tmp_path / "k.toml"
    toml.write_text("[logging]\nto_file = false\n", encoding="utf-8")
    cfg = load_config(toml)
    configure_logging(cfg)
    logging.getLogger("kiosk.test").warning("nothing to a file")
    remove_handlers()
    assert not log_dir(cfg).exists()


def test_foreign_handlers_get_the_filter_too(config):
    import io
    stream = io.StringIO()
    lib = logging.getLogger("some.library")
    own = logging.StreamHandler(stream)
    lib.addHandler(own)
    lib.propagate = False
    try:
        configure_logging(config)
        lib.warning("patient %s", CITIZENS[0].id_number)
        assert stream.getvalue().strip() == "patient ********1234"
        remove_handlers()
        assert not own.filters
    finally:
        lib.removeHandler(own)
        lib.propagate = True
