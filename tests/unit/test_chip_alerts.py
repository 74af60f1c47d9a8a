"""Staff alerts for chips that fail passive authentication: the file, the bound, the health part."""

import os
import stat

from kiosk.chip_alerts import ChipAlertLog, chip_alert_probe
from readers.chip.errors import AccessDenied, ChainInvalid, DataAltered


def test_alerting_errors_are_recorded_and_others_are_not(tmp_path):
    log = ChipAlertLog(tmp_path / "alerts.jsonl")
    assert log.record_error(AccessDenied()) is None
    assert log.record_error(DataAltered("Data altered: DG13 does not match the hash the issuer signed."))
    assert log.record_error(ChainInvalid("The chain to the trusted CSCA does not verify: revoked."))
    assert [a.code for a in log.recent()] == ["chip_data_altered", "chip_chain_invalid"]
    assert stat.S_IMODE(os.stat(tmp_path / "alerts.jsonl").st_mode) == 0o600


def test_the_file_is_bounded_and_old_alerts_age_out(tmp_path):
    log = ChipAlertLog(tmp_path / "alerts.jsonl", keep=5)
    for i in range(12):
        log.record("chip_data_altered", f"alert {i}", at=1000.0 + i)
    assert [a.reason for a in log.recent(now=1011.0)] == [f"alert {i}" for i in range(7, 12)]
    assert log.recent(window_s=2, now=1011.0)[0].reason == "alert 9"


def test_health_part_is_degraded_while_an_alert_stands(tmp_path):
    log = ChipAlertLog(tmp_path / "alerts.jsonl")
    probe = chip_alert_probe(log)
    assert probe().status.value == "ok"
    log.record_warnings(["EF.COM is malformed (x); the data groups were read without it."])
    part = probe()
    assert part.status.value == "degraded" and "EF.COM is malformed" in part.reason
    assert part.detail["count"] == 1 and part.detail["latest_code"] == "chip_file_malformed"
