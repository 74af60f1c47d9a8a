"""The simulated gateway speaks the protocol, quirks included (raw requests, no client)."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from devkit.simulator.citizens import CITIZENS, by_key
from devkit.simulator.gateway import LOGIN_PATH, LOOKUP_PATH
from kiosk.gateway import md5_hex
from kiosk.gateway.formats import parse_expiry
from readers.qr.parse import id_number_problem
from tests.integration.gateway_support import SourceAddressAdapter

OFFICER = {"hoTenCb": "Lê Thị Tra Cứu", "cccdCb": "079190000001"}


def login(sim, session=None, *, form=False, upper=False):
    pw = md5_hex("demo-password")
    body = {"username": "79014_BV", "password": pw.upper() if upper else pw}
    post = (session or requests).post
    resp = post(sim.url + LOGIN_PATH, **({"data": body} if form else {"json": body}), timeout=5)
    return resp.json()


def lookup(sim, key, session=None, *, form=False, **fields):
    query = {"token": key["access_token"], "id_token": key["id_token"], "username": "79014_BV",
             "password": md5_hex("demo-password")}
    post = (session or requests).post
    body = {**OFFICER, **fields}
    return post(sim.url + LOOKUP_PATH, params=query, **({"data": body} if form else {"json": body}), timeout=5)


def person(key, **override):
    c = by_key(key)
    return {"maThe": c.id_number, "hoTen": c.full_name, "ngaySinh": c.birth.strftime("%d/%m/%Y"), **override}


def test_citizens_have_consistent_id_numbers():
    for c in CITIZENS:
        assert id_number_problem(c.id_number, c.birth, c.sex) is None, c.key


@pytest.mark.parametrize("form, upper", [(False, False), (True, False), (False, True), (True, True)])
def test_login_accepts_json_or_form_and_either_hex_case(sim, state, clock, form, upper):
    answer = login(sim, form=form, upper=upper)
    assert answer["maKetQua"] == "200"
    expiry = parse_expiry(answer["APIKey"]["expires_in"])
    assert answer["APIKey"]["expires_in"].endswith("Z")
    assert expiry == clock() + timedelta(minutes=10)          # ABSOLUTE, ten minutes after now
    assert state.logins == 1


def test_login_with_a_wrong_password_is_401(sim, state):
    resp = requests.post(sim.url + LOGIN_PATH, json={"username": "79014_BV", "password": md5_hex("x")},
                         timeout=5)
    assert resp.status_code == 200 and resp.json()["maKetQua"] == "401" and state.logins == 0


def test_lookup_by_id_bhxh_and_code_with_json_or_form(sim):
    key = login(sim)["APIKey"]
    c = by_key("valid")
    for card in (c.id_number, c.bhxh_number, c.bhyt_code):
        for form in (False, True):
            answer = lookup(sim, key, form=form, **person("valid", maThe=card)).json()
            assert answer["maKetQua"] == "000" and answer["maThe"] == c.bhyt_code
            assert answer["maDKBD"] == "79014" and answer["ghiChu"].startswith("Thẻ còn giá trị sử dụng!")


@pytest.mark.parametrize("name, birth, code", [
    ("TRAN VAN BINH", "14/03/1988", "000"), ("trần văn bình", "1988", "000"), ("Trần Văn Bình", "14031988", "000"),
    ("Nguyễn Văn Bình", "14/03/1988", "060"), ("Trần Văn Bảo", "14/03/1988", "061"),
    ("Trần Văn Bình", "15/03/1988", "070"), ("Trần Văn Bình", "1989", "070"),
    ("Trần Văn Bình", "14/3/1988", "205"), ("Trần Văn Bình", "", "205"),
])
def test_names_and_birth_dates(sim, name, birth, code):
    key = login(sim)["APIKey"]
    answer = lookup(sim, key, **person("valid", hoTen=name, ngaySinh=birth)).json()
    assert answer["maKetQua"] == code
    if code != "000":
        assert "maThe" not in answer and "hoTen" not in answer and answer["ghiChu"]


@pytest.mark.parametrize("card, code", [
    ("HX4790100000001", "051"), ("DN3790100000001", "053"), ("DN4010100000001", "052"),
    ("DN4799999999999", "050"), ("079099999999", "050"), ("DN479010000000", "205"),
])
def test_wrong_card_codes(sim, card, code):
    key = login(sim)["APIKey"]
    assert lookup(sim, key, **person("valid", maThe=card)).json()["maKetQua"] == code


def test_officer_fields(sim):
    key = login(sim)["APIKey"]
    assert lookup(sim, key, **person("valid", cccdCb="079190000002")).json()["maKetQua"] == "054"
    assert lookup(sim, key, **person("valid", hoTenCb="Lê Thị Khác")).json()["maKetQua"] == "055"
    assert lookup(sim, key, **person("valid", hoTenCb="LE THI TRA CUU")).json()["maKetQua"] == "000"
    assert lookup(sim, key, **person("valid", cccdCb="")).json()["maKetQua"] == "205"


def test_answer_birth_precision_and_new_cards(sim):
    key = login(sim)["APIKey"]
    assert lookup(sim, key, **person("elderly")).json()["ngaySinh"] == "1946"
    assert lookup(sim, key, **person("reduced")).json()["ngaySinh"] == "12/1991"
    old = lookup(sim, key, **person("new-card-003")).json()
    assert old["maKetQua"] == "003" and old["maTheMoi"] == by_key("new-card-003").new_card_code
    new = lookup(sim, key, **person("new-card-003", maThe=old["maTheMoi"])).json()
    assert new["maKetQua"] == "000" and new["maThe"] == old["maTheMoi"] and new["gtTheTu"] == old["gtTheTuMoi"]


def test_token_from_another_address_is_refused(sim):
    key = login(sim)["APIKey"]
    other = requests.Session()
    other.mount("http://", SourceAddressAdapter("127.0.0.2"))
    assert lookup(sim, key, other, **person("valid")).json()["maKetQua"] == "401"
    assert lookup(sim, key, **person("valid")).json()["maKetQua"] == "000"


def test_expired_token_and_the_two_kinds_of_401(sim, state, clock):
    key = login(sim)["APIKey"]
    clock.advance(minutes=10, seconds=1)
    state.unauthorized = "alternate"
    first, second = lookup(sim, key, **person("valid")), lookup(sim, key, **person("valid"))
    assert first.status_code == 200 and first.json()["maKetQua"] == "401"
    assert second.status_code == 401 and second.content == b""


def test_admin_endpoint_reports_counters_and_switches(sim, state):
    login(sim)
    token = {"X-Sim-Token": sim.admin_token}
    snap = requests.post(sim.url + "/_sim/gateway", json={"block": ["79014_BV"], "unauthorized": "http"},
                         headers=token, timeout=5).json()
    assert snap["logins"] == 1 and snap["blocked"] == ["79014_BV"] and state.unauthorized == "http"
    assert requests.get(sim.url + "/_sim/gateway", headers=token, timeout=5).json()["today"] == "2026-06-15"


def test_admin_routes_need_the_token_and_refuse_cross_site_text_posts(sim, state):
    url = sim.url + "/_sim/faults"
    assert requests.get(url, timeout=5).status_code == 403
    assert requests.post(url, json={"endpoint": "*", "kind": "drop"}, timeout=5).status_code == 403
    # what a web page can send without a preflight: text/plain (even with the token guessed)
    r = requests.post(url, data='{"endpoint": "*", "kind": "drop"}', timeout=5,
                      headers={"Content-Type": "text/plain", "X-Sim-Token": sim.admin_token})
    assert r.status_code == 415 and sim.faults.snapshot() == {}
    r = requests.post(url, json={"endpoint": "*", "kind": "drop"}, headers={"X-Sim-Token": sim.admin_token},
                      timeout=5)
    assert r.status_code == 200 and "*" in sim.faults.snapshot()
    sim.faults.clear()


def test_the_simulator_refuses_to_listen_off_loopback():
    import pytest

    from devkit.simulator.app import build_simulator
    with pytest.raises(ValueError, match="loopback only"):
        build_simulator("0.0.0.0", 0)


def test_today_follows_the_clock_in_vietnam(state, clock):
    clock.set(datetime(2026, 6, 15, 17, 30, tzinfo=UTC))     # 00:30 on the 16th in Hanoi
    assert state.today().isoformat() == "2026-06-16"


def test_simulator_loop_sleeps_until_stopped_and_stop_ends_it():
    """The serving loop does not poll while idle (the stdlib's serve_forever wakes every 0.5 s
    for shutdown(), which made every stop() cost half a second); stop() ends the thread."""
    from devkit.simulator.app import build_simulator
    server = build_simulator("127.0.0.1", 0)
    turns = []
    server._httpd.service_actions = lambda: turns.append(1)   # runs once per loop turn
    server.start()
    time.sleep(0.7)
    assert turns == [], "the idle serving loop woke up"
    server.stop()
    assert not server._thread.is_alive()
    server.stop()   # a second stop() is harmless
