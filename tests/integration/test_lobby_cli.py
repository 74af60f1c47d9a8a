"""``kiosk lobby`` against the simulator: what needs staff, the fleet, --json, --watch, exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from devkit.simulator.app import hospital_url
from kiosk.cli.exit_codes import ExitCode
from tests.integration.checkin_support import ROOT, run_cli, start_simulator
from tests.integration.lobby_support import KEY, referral_body


@pytest.fixture(scope="module")
def server():
    srv = start_simulator()
    base = hospital_url(srv)

    def post(path, body, **headers):
        r = requests.post(base + path, json=body, headers={**KEY, **headers}, timeout=5)
        assert r.status_code in (200, 201, 204), r.text
        return r.json() if r.content else None

    srv.sent = [referral_body("expired", kiosk="K07"), referral_body("help", kiosk="K03", identity=None,
                                                                     screen="identify", masked_card=None)]
    for body in srv.sent:
        post("/referrals", body, **{"Idempotency-Key": body["client_id"]})
    claimed = srv.sent[0]["client_id"]
    etag = requests.get(base + f"/referrals/{claimed}", headers=KEY, timeout=5).json()["row"]["etag"]
    post(f"/referrals/{claimed}/claim", {"desk_id": "Q1", "staff_name": "Lan"}, **{"If-Match": etag})
    common = {"status": "ok", "version": "1.4.0", "parts": [{"part": "printer", "status": "ok"}],
              "last_checkin_at": "2026-12-01T08:00:00+07:00"}
    post("/heartbeat", {**common, "kiosk_id": "K07", "machine_id": "machine-k07-0001", "heartbeat_seconds": 30,
                        "printer": {"paper": "out"}, "queue": {"depth": 4, "oldest_age_seconds": 660, "attention": 1}})
    post("/heartbeat", {**common, "kiosk_id": "K03", "machine_id": "machine-k03-0001", "heartbeat_seconds": 0.2,
                        "printer": {"paper": "ok"}, "queue": {"depth": 0, "oldest_age_seconds": None}})
    time.sleep(0.8)    # K03 is silent for more than 3 of its 0.2 s intervals: offline
    yield srv
    srv.stop()


def test_the_report_in_vietnamese_names_what_needs_staff_and_the_fleet(server):
    r = run_cli("lobby", server=server)
    assert r.returncode == ExitCode.OK, r.stderr
    out = r.stdout
    assert "Cần xử lý: 2" in out and "thẻ BHYT hết hạn" in out and "bệnh nhân cần trợ giúp [identify]" in out
    assert "đang xử lý: quầy Q1 (Lan)" in out and "Trần T. T. H." in out
    assert "Máy kiosk: 2 (1 ngoại tuyến, 1 cần giấy)" in out
    k07 = next(line for line in out.splitlines() if line.strip().startswith("K07 ") and "trực tuyến" in line)
    assert "giấy: HẾT GIẤY" in k07 and "chờ gửi: 4 (cũ nhất 11 phút), 1 cần IT" in k07 and "phiên bản 1.4.0" in k07
    k03 = next(line for line in out.splitlines() if line.strip().startswith("K03 ") and "NGOẠI TUYẾN từ" in line)
    assert "giấy: tốt" in k03
    # masked only: no full name, no ID or card number
    assert "Trần Thị Thu Hà" not in out and "079190001234" not in out and "GD4797912345678" not in out


def test_english_and_one_kiosk(server):
    r = run_cli("lobby", "--lang", "en", "--kiosk", "K07", server=server)
    assert r.returncode == ExitCode.OK, r.stderr
    assert "Needs staff: 1" in r.stdout and "insurance card expired" in r.stdout
    assert "Kiosks: 1 (0 offline, 1 need paper)" in r.stdout and "K03" not in r.stdout


def test_json_for_scripts(server):
    r = run_cli("lobby", "--json", server=server)
    assert r.returncode == ExitCode.OK, r.stderr
    data = json.loads(r.stdout)
    assert data["needs_staff"] == 2
    reasons = {row["reason"]: row for row in data["rows"]}
    assert reasons["expired"]["claim"]["desk_id"] == "Q1" and reasons["expired"]["state"] == "claimed"
    assert reasons["help"]["needs_staff"] is True and reasons["help"]["kind"] == "referral"
    fleet = {k["kiosk_id"]: k for k in data["kiosks"]}
    assert fleet["K07"]["paper"] == "out" and fleet["K07"]["queue_depth"] == 4 and fleet["K07"]["online"] is True
    assert fleet["K03"]["online"] is False and fleet["K03"]["offline_since"] == fleet["K03"]["last_seen"]
    assert fleet["K03"]["offline_periods"] == [{"start": fleet["K03"]["last_seen"], "end": None}]
    assert "+07:00" in fleet["K07"]["last_seen"]          # the facility's time zone


def test_an_unreachable_hospital_exits_5_with_one_sentence(server):
    r = run_cli("lobby", env={"KIOSK_HOSPITAL_URL": "http://127.0.0.1:9/his/v1"})
    assert r.returncode == ExitCode.HOSPITAL == 5
    assert r.stdout == "" and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "cannot be reached" in r.stderr


def test_a_wrong_api_key_exits_3(server):
    r = run_cli("lobby", server=server, env={"KIOSK_HOSPITAL_API_KEY": "wrong-key"})
    assert r.returncode == ExitCode.CONFIG == 3 and "unauthorized" in r.stderr and "Traceback" not in r.stderr


def test_a_bad_kiosk_id_is_bad_input(server):
    r = run_cli("lobby", "--kiosk", "K 07!", server=server)
    assert r.returncode == ExitCode.BAD_INPUT and "Traceback" not in r.stderr


def test_watch_prints_again_when_a_kiosk_sends_and_stops_on_ctrl_c(server):
    env = {**os.environ, "KIOSK_GATEWAY_URL": server.url, "KIOSK_HOSPITAL_URL": hospital_url(server)}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "lobby", "--watch", "--json", "--kiosk", "K09"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        first = json.loads(proc.stdout.readline())
        assert first["rows"] == []
        body = referral_body("not-found", kiosk="K09")
        sent = time.monotonic()
        requests.post(hospital_url(server) + "/referrals", json=body, timeout=5,
                      headers={**KEY, "Idempotency-Key": body["client_id"]})
        second = json.loads(proc.stdout.readline())
        assert time.monotonic() - sent < 5.0    # woken by the change, before its 10 s long-poll ends
        assert [row["id"] for row in second["rows"]] == [body["client_id"]]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == ExitCode.OK and "Traceback" not in err


def test_watch_says_when_the_hospital_goes_away_and_keeps_going():
    own = start_simulator()
    env = {**os.environ, "KIOSK_GATEWAY_URL": own.url, "KIOSK_HOSPITAL_URL": hospital_url(own)}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "lobby", "--watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert "Cần xử lý: 0" in "".join(proc.stdout.readline() for _ in range(3))
        own.stop()
        said = proc.stderr.readline()
        assert said.startswith("Không kết nối được hệ thống bệnh viện") and "thử lại sau 5 giây" in said
        assert proc.poll() is None          # still watching
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == ExitCode.OK and "Traceback" not in err
