"""The facility profile and [rules] keys: validated like every other key; bad data files are one sentence."""

from __future__ import annotations

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.rules import facility_profile, load_benefit_rules


def write(tmp_path, text: str):
    p = tmp_path / "kiosk.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text, message", [
    ('[facility]\nlevel = "tuyen_tinh"\n', "facility.level: must be one of 'ban_dau', 'co_ban', 'chuyen_sau'"),
    ("[facility]\nscore = 120\n", "facility.score: must be the facility's score 0-100, or -1"),
    ('[facility]\nformer_tier = "xa"\n', "facility.former_tier: must be one of"),
    ('[facility]\nequivalent_facilities = ["7901"]\n', "facility.equivalent_facilities: must be a list"),
    ('[facility]\ntime_zone = "Mars/Base"\n', "facility.time_zone: must be an IANA time zone"),
    ('[rules]\nfiel = "x"\n', "rules.fiel: unknown key"),
])
def test_bad_profile_keys_are_named(tmp_path, text, message):
    with pytest.raises(ConfigError) as e:
        load_config(write(tmp_path, text), environ={})
    assert message in e.value.detail


def test_profile_from_the_config(tmp_path):
    cfg = load_config(write(tmp_path, '[facility]\nlevel = "chuyen_sau"\nscore = -1\nformer_tier = "huyen"\n'
                                      'equivalent_facilities = ["79101"]\nright_route_facilities = ["79102"]\n'),
                      environ={})
    p = facility_profile(cfg)
    assert (p.level, p.score, p.former_tier, p.equivalent) == ("chuyen_sau", None, "huyen", ("79101", "79102"))


@pytest.mark.parametrize("key", ["file", "holidays", "chronic_diseases", "codes"])
def test_a_missing_rules_data_file_is_one_sentence(tmp_path, key):
    cfg = load_config(write(tmp_path, f'[rules]\n{key} = "{tmp_path / "nope.toml"}"\n'), environ={})
    with pytest.raises(ConfigError) as e:
        load_benefit_rules(cfg)
    assert "nope.toml" in e.value.detail and "not found" in e.value.detail


def test_a_broken_holiday_file_names_the_day(tmp_path):
    bad = tmp_path / "holidays.toml"
    bad.write_text("[[year]]\nyear = 2026\ndays = [{ date = 2025-01-01, name = \"x\" }]\n", encoding="utf-8")
    cfg = load_config(write(tmp_path, f'[rules]\nholidays = "{bad}"\n'), environ={})
    with pytest.raises(ConfigError) as e:
        load_benefit_rules(cfg)
    assert e.value.detail == "holidays.toml: year 2026, day 1 must have a date in 2026"
