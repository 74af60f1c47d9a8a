"""Metrics: the scrape settings' checks, the label rules (no personal data can become a label), and
the check-in counts the flow's listener produces (on the flow's in-memory fakes)."""

from __future__ import annotations

import dataclasses

import pytest
from prometheus_client.parser import text_string_to_metric_families

from devkit.simulator.citizens import CITIZENS, by_key
from kiosk.checkin import State, identity_from_qr
from kiosk.config import load_config
from kiosk.domain import IdentitySource
from kiosk.errors import ConfigError, GatewayUnavailable
from kiosk.metrics import KioskMetrics
from kiosk.metrics.labels import code_label, method_label, path_label
from kiosk.scrape_policy import ClientAllowList, parse_listen
from tests.unit.checkin_fakes import Desk


def samples(metrics: KioskMetrics) -> dict[str, list]:
    out: dict[str, list] = {}
    for family in text_string_to_metric_families(metrics.exposition()[0].decode("utf-8")):
        for s in family.samples:
            out.setdefault(s.name, []).append((s.labels, s.value))
    return out


def value(m: dict, name: str, **labels) -> float:
    return sum(v for lab, v in m.get(name, []) if all(lab.get(k) == w for k, w in labels.items()))


# --- [health] metrics_listen / metrics_allow -------------------------------------------------------

def load(tmp_path, health: str):
    f = tmp_path / "k.toml"
    f.write_text("[health]\n" + health, encoding="utf-8")
    return load_config(f, environ={})


def test_the_default_serves_metrics_on_loopback_only(tmp_path):
    h = load_config(environ={}).health
    assert h.metrics_listen == "" and h.metrics_allow == []


@pytest.mark.parametrize("health, key, says", [
    ('metrics_listen = "kiosk07.lan:9466"\nmetrics_allow = ["10.0.0.5"]', "health.metrics_listen", "not a host name"),
    ('metrics_listen = "10.20.0.15"\nmetrics_allow = ["10.0.0.5"]', "health.metrics_listen", "IP address and a port"),
    ('metrics_listen = "10.20.0.15:70000"\nmetrics_allow = ["10.0.0.5"]', "health.metrics_listen", "1 to 65535"),
    ('metrics_listen = "127.0.0.1:9466"', "health.metrics_allow", "must list the monitoring servers"),
    ('metrics_allow = ["prometheus.lan"]', "health.metrics_allow", "not an IP address"),
    ('metrics_allow = ["10.20.0.7/24"]', "health.metrics_allow", "host bits set"),
    ('metrics_allow = ["0.0.0.0/0"]', "health.metrics_allow", "admits every address"),
    ('metrics_allow = "10.0.0.5"', "health.metrics_allow", "must be a list"),
    ('metrics_listen = "10.20.0.15:9466"\nmetrics_allow = ["10.20.0.5"]', "health.metrics_tls_cert", "plain HTTP"),
])
def test_bad_scrape_settings_are_refused_with_the_key(tmp_path, health, key, says):
    with pytest.raises(ConfigError) as e:
        load(tmp_path, health)
    assert str(e.value).startswith(key) and says in str(e.value)


def test_a_scrape_listener_on_the_network_with_tls_and_an_allow_list_loads(tmp_path):
    h = load(tmp_path, 'metrics_listen = "[fd00::15]:9466"\nmetrics_allow = ["10.20.0.5", "fd00::/64"]\n'
                       'metrics_tls_cert = "/etc/kiosk/metrics.crt"\n'
                       'metrics_tls_key = "/etc/kiosk/metrics.key"\n').health
    assert parse_listen(h.metrics_listen) == ("fd00::15", 9466)


def test_the_allow_list_matches_addresses_and_networks_of_both_families():
    allow = ClientAllowList(["10.20.0.5", "10.30.0.0/16", "fd00::/64"])
    assert allow.allows("10.20.0.5") and allow.allows("10.30.200.1") and allow.allows("fd00::1")
    assert allow.allows("::ffff:10.20.0.5")             # IPv4 through an IPv6 socket
    assert not allow.allows("10.20.0.6") and not allow.allows("fd01::1") and not allow.allows("127.0.0.1")
    assert not allow.allows("not-an-address")


# --- labels ------------------------------------------------------------------------------------

def test_codes_pass_and_personal_data_becomes_other():
    assert code_label("003") == "003" and code_label("gateway_unavailable") == "gateway_unavailable"
    for c in CITIZENS[:5]:
        for personal in (c.id_number, c.full_name, c.bhyt_code, c.birth.strftime("%d/%m/%Y"), c.address):
            if personal:
                assert code_label(personal) == "other", personal
    assert code_label("x" * 41) == "other" and code_label("") == "other"


def test_request_paths_keep_only_their_endpoint():
    assert path_label("/api/egw/KQNhanLichSuKCB2024", {"/api/egw/KQNhanLichSuKCB2024": "lookup"}) == "lookup"
    assert path_label("registrations/4f1c2a9e-1111-4222-8333-944455556666", {}) == "registrations"
    assert path_label("appointments/0790880012345", {}) == "appointments"
    assert path_label("0790880012345/x", {}) == "other"


def test_identification_methods():
    assert [method_label(s) for s in IdentitySource] == ["chip", "chip", "qr", "qr", "typed", "staff"]


# --- check-ins counted from the flow's transitions -------------------------------------------------

def drive(desk: Desk, metrics: KioskMetrics, key: str, choose_counter: bool = False):
    flows = []
    flow = desk.new_checkin(listener=lambda old, new: metrics.checkins.transition(flows[0], old, new))
    flows.append(flow)
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    if flow.check_eligibility() is State.COUNTER:
        return flow
    if choose_counter:
        flow.choose_counter()
        return flow
    flow.choose_department("KNOI")
    return flow


def test_each_finished_checkin_counts_once_by_method_and_outcome():
    desk, metrics = Desk(), KioskMetrics("K01")
    desk.gateway.codes[by_key("expired").id_number] = "010"
    desk.gateway.codes[by_key("new-card-003").id_number] = "004"
    drive(desk, metrics, "valid")
    drive(desk, metrics, "expired")
    drive(desk, metrics, "new-card-003")
    drive(desk, metrics, "elderly", choose_counter=True)
    desk.gateway.failures.append(GatewayUnavailable("down"))
    drive(desk, metrics, "valid-female")
    m = samples(metrics)
    c = "kiosk_checkins_total"
    assert value(m, c, method="qr", outcome="verified", reason="") == 1
    assert value(m, c, method="qr", outcome="counter", reason="010") == 1
    assert value(m, c, method="qr", outcome="new_card") == 1
    assert value(m, c, method="qr", outcome="counter", reason="patient_choice") == 1
    assert value(m, c, method="qr", outcome="pending") == 1
    assert value(m, c) == 5
    assert value(m, "kiosk_checkin_duration_seconds_count") == 3      # tickets only


def test_a_session_reset_before_its_end_counts_as_abandoned_where_it_was_left():
    desk, metrics = Desk(), KioskMetrics()
    flows = []
    flow = desk.new_checkin(listener=lambda old, new: metrics.checkins.transition(flows[0], old, new))
    flows.append(flow)
    flow.reset()                                          # an idle reset is no check-in
    flow.identify(identity_from_qr(by_key("valid").qr_text()))
    flow.check_eligibility()
    flow.reset()                                          # walked away at the eligibility screen
    desk.gateway.failures.append(RuntimeError("broken"))
    flow.identify(identity_from_qr(by_key("elderly").qr_text()))
    with pytest.raises(RuntimeError):
        flow.check_eligibility()
    flow.reset()                                          # an error, then the idle timer
    flow.identify(identity_from_qr(by_key("valid").qr_text()))
    flow.check_eligibility()
    flow.choose_department("KNOI")
    flow.reset()                                          # a finished check-in is not abandoned
    m = samples(metrics)
    c = "kiosk_checkins_total"
    assert value(m, c, method="qr", outcome="abandoned", reason="eligibility-shown") == 1
    assert value(m, c, method="qr", outcome="abandoned", reason="error") == 1
    assert value(m, c, outcome="abandoned") == 2 and value(m, c, outcome="verified") == 1


def test_the_duration_runs_from_the_first_touch_and_a_reset_forgets_it():
    desk, metrics = Desk(), KioskMetrics()
    ticks = iter([100.0, 130.0])
    metrics.checkins._clock = lambda: next(ticks)
    flow = desk.new_checkin()
    flow.touch()
    first = flow.touched_at
    flow.touch()                         # a second tap of the same patient changes nothing
    assert flow.touched_at == first
    flow.reset()
    assert flow.touched_at is None       # the next patient's time starts with them
    flow.identify(identity_from_qr(by_key("valid").qr_text()))
    assert flow.touched_at is not None   # no touch reported: the identification starts it
    flow_ref = [flow]
    flow._listener = lambda old, new: metrics.checkins.transition(flow_ref[0], old, new)
    flow._touched_at = 70.0
    flow.check_eligibility()
    flow.choose_department("KNOI")
    m = samples(metrics)
    assert value(m, "kiosk_checkin_duration_seconds_sum") == 30.0
    assert value(m, "kiosk_checkin_duration_seconds_bucket", le="30.0") == 1
    assert value(m, "kiosk_checkin_duration_seconds_bucket", le="20.0") == 0


def test_a_failing_metric_never_stops_the_checkin():
    desk = Desk()

    def broken(old, new):
        raise RuntimeError("metrics broke")
    flow = desk.new_checkin(listener=broken)
    flow.identify(identity_from_qr(by_key("valid").qr_text()))
    flow.check_eligibility()
    assert flow.choose_department("KNOI").number


def test_two_roots_never_share_a_registry():
    a, b = KioskMetrics("K01"), KioskMetrics("K02")
    a.gateway_answer("000")
    assert value(samples(a), "kiosk_gateway_answers_total") == 1
    assert value(samples(b), "kiosk_gateway_answers_total") == 0
    assert a.registry is not b.registry
    from prometheus_client import REGISTRY, generate_latest
    assert b"kiosk_" not in generate_latest(REGISTRY)     # the library's global registry is never used


def test_no_citizen_data_survives_into_the_exposition():
    metrics = KioskMetrics("K01")
    for c in CITIZENS:      # whatever a hostile answer carries, only code-shaped words become labels
        metrics.gateway_answer(c.id_number)
        metrics.gateway_answer(c.full_name)
        metrics.http_observer("hospital")(f"/registrations/{c.id_number}", 0.1, "201")
        metrics.http_observer("hospital")(f"/{c.id_number}/x", 0.1, c.full_name)
        metrics.chip_read(1.0, c.full_name, c.id_number, c.address)
    from devkit.log_audit import audit_text
    text = metrics.exposition()[0].decode("utf-8")
    assert not audit_text(text, CITIZENS, "<metrics>")
    assert value(samples(metrics), "kiosk_gateway_answers_total", code="other") == 2 * len(CITIZENS)


def test_the_example_config_documents_every_health_key():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "kiosk.example.toml").read_text(encoding="utf-8")
    for f in dataclasses.fields(load_config(environ={}).health):
        assert f"{f.name} =" in text or f"# {f.name} =" in text, f.name


def test_unrecorded_metrics_offer_every_observer_the_services_call():
    # A one-shot command's services hand these out instead (record_metrics=False): same observers, no records.
    from kiosk.metrics.unrecorded import UnrecordedMetrics
    quiet, real = UnrecordedMetrics(), KioskMetrics("K01")
    for name in ("http_observer", "gateway_answer", "chip_read"):
        assert callable(getattr(quiet, name)) and callable(getattr(real, name))
    quiet.http_observer("gateway")("/api/token/take", 0.1, "200")
    quiet.gateway_answer("000")
    quiet.chip_read(1.0, "PACE", "ok", "chip authentic")
    quiet.checkins.transition(object(), None, None)
    with pytest.raises(ValueError, match="no request metrics"):
        quiet.http_observer("printer")   # the same refusal as the recording one


def test_services_without_recorded_metrics_refuse_to_serve_them():
    from devkit.kiosk_config import dev_kit_config
    from kiosk.metrics.unrecorded import UnrecordedMetrics
    from kiosk.services import KioskServices
    with KioskServices.open(dev_kit_config(), start=False, record_metrics=False) as services:
        assert isinstance(services.metrics, UnrecordedMetrics)
        with pytest.raises(RuntimeError, match="record_metrics=True"):
            services.start_monitoring()
