"""A reception station's secrets file may be group-readable (0640) only for the staff group."""

from __future__ import annotations

import grp
import os

import pytest

from kiosk.config import STAFF_GROUP, load_config
from kiosk.errors import ConfigError


def write(tmp_path, mode: int):
    config = tmp_path / "station.toml"
    config.write_text('[hospital]\nurl = "https://his.example/api"\n', encoding="utf-8")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[hospital]\napi_key = "k-8f2a"\n', encoding="utf-8")
    os.chmod(secrets, mode)
    return config


def test_staff_group_is_kiosk_staff():
    assert STAFF_GROUP == "kiosk-staff"   # the name postinst creates (packaging/debian/postinst)




@pytest.mark.parametrize("mode,ok", [(0o600, True), (0o640, True), (0o660, False), (0o644, False),
                                     (0o604, False), (0o650, False)])
def test_only_group_read_for_the_shared_group(tmp_path, mode, ok):
    config = write(tmp_path, mode)
    mine = grp.getgrgid(os.stat(config.with_name("secrets.toml")).st_gid).gr_name
    if ok:
        assert load_config(config, environ={}, shared_group=mine).hospital.api_key == "k-8f2a"
    else:
        with pytest.raises(ConfigError, match="other users can read"):
            load_config(config, environ={}, shared_group=mine)


def test_group_readable_secrets_of_another_group_are_refused(tmp_path):
    config = write(tmp_path, 0o640)
    with pytest.raises(ConfigError, match="other users can read") as e:
        load_config(config, environ={}, shared_group="no-such-staff-group")
    assert "k-8f2a" not in str(e.value)
    with pytest.raises(ConfigError, match="other users can read"):
        load_config(config, environ={}, shared_group=None)
