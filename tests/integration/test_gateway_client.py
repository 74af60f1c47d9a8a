"""The gateway client against the simulator over real loopback HTTP: tokens, re-login, cache, 003."""

import threading
from datetime import date

import pytest

from devkit.simulator.citizens import by_key
from kiosk.config import FacilitySettings
from kiosk.domain import Decision, Identity, IdentitySource, Route, StaffStatus
from kiosk.gateway import GatewayTokenRejected, NoEligibilityCache
from tests.integration.gateway_support import make_client


def ask(client, key, *, card=None, name=None, birth=None, **kw):
    c = by_key(key)
    return client.lookup(card or c.id_number, name or c.full_name, birth or c.birth.strftime("%d/%m/%Y"), **kw)


def test_one_login_serves_many_lookups(client, state):
    for key in ("valid", "valid-female", "wrong-route", "expired", "not-found", "elderly"):
        ask(client, key, use_cache=False)
    assert state.logins == 1 and client.logins == 1
    assert state.lookups == 6


def test_token_is_renewed_shortly_before_its_absolute_expiry(client, state, clock):
    ask(client, "valid", use_cache=False)
    clock.advance(minutes=9)                      # 60 s left: keep the token
    ask(client, "valid", use_cache=False)
    assert state.logins == 1
    clock.advance(seconds=35)                     # 25 s left: inside the 30 s margin, log in first
    ask(client, "valid", use_cache=False)
    assert state.logins == 2 and state.unauthorized_answers == 0


@pytest.mark.parametrize("style", ["body", "http"])
def test_a_401_of_either_kind_means_log_in_again_and_retry_once(client, state, style):
    state.unauthorized = style
    ask(client, "valid", use_cache=False)
    state.expire_tokens()                         # e.g. the gateway restarted
    r = ask(client, "valid", use_cache=False)
    assert r.decision is Decision.ACCEPT
    assert state.unauthorized_answers == 1 and state.logins == 2 and state.lookups == 3


def test_a_second_401_is_an_error_not_a_loop(client, state):
    from datetime import timedelta
    state.token_lifetime = timedelta(0)          # every token is dead on arrival
    state.unauthorized = "alternate"
    with pytest.raises(GatewayTokenRejected) as e:
        ask(client, "valid", use_cache=False)
    assert e.value.code == "gateway_token_rejected"
    assert state.logins == 2 and state.lookups == 2 and state.unauthorized_answers == 2


def test_token_is_bound_to_the_ip_that_took_it(client, state):
    ask(client, "valid", use_cache=False)
    # The kiosk's address changes: the old token is refused, a new login from the new address works.
    client.http.source_address = ("127.0.0.2", 0)
    client.http.close()                           # the next request opens a connection from there
    r = ask(client, "valid", use_cache=False)
    assert r.decision is Decision.ACCEPT
    assert state.unauthorized_answers == 1 and state.logins == 2
    assert {t.client_ip for t in state.tokens.values()} == {"127.0.0.1", "127.0.0.2"}


def test_003_rechecks_the_new_card_and_accepts_it(client, state):
    r = ask(client, "new-card-003")
    c = by_key("new-card-003")
    assert (r.code, r.decision, r.status) == ("003", Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD)
    assert r.card_number == c.new_card_code and r.valid_from <= client.today() <= r.valid_to
    assert state.lookups == 2


def test_004_accepts_and_records_the_new_card(client):
    r = ask(client, "new-card-004")
    assert r.decision is Decision.ACCEPT_NEW_CARD
    assert r.card_number == by_key("new-card-004").bhyt_code
    assert r.new_card_number == by_key("new-card-004").new_card_code


def test_route_and_validity_follow_the_facility_and_today(sim, clock):
    here = make_client(sim, clock)
    assert ask(here, "wrong-route").route is Route.WRONG
    assert ask(here, "wrong-route").status is StaffStatus.WRONG_ROUTE
    partner = make_client(sim, clock, facility=FacilitySettings(right_route_facilities=["92001"]))
    assert ask(partner, "wrong-route").status is StaffStatus.VERIFIED
    assert ask(here, "expired").status is StaffStatus.EXPIRED


def test_successful_answer_is_cached_per_card_per_day(client, state, clock):
    c = by_key("valid")
    identity = Identity(c.id_number, c.full_name, c.birth.strftime("%d/%m/%Y"), IdentitySource.CHIP)
    first = client.check_eligibility(identity)
    second = client.check_eligibility(identity)
    assert second == first and state.lookups == 1        # no HTTP call the second time
    ask(client, "valid", name="Tran Van Binh")           # same person typed without diacritics
    assert state.lookups == 1
    ask(client, "valid", name="Trần Văn Bảo")            # another name: asks (and gets 061)
    assert state.lookups == 2
    clock.advance(days=1)                                # a new day: asks again
    client.check_eligibility(identity)
    assert state.lookups == 3


def test_refused_answers_are_not_cached(client, state):
    ask(client, "expired")
    ask(client, "expired")
    assert state.lookups == 2


def test_cache_can_be_switched_off(sim, clock, state):
    c = make_client(sim, clock, cache=NoEligibilityCache())
    ask(c, "valid")
    ask(c, "valid")
    assert state.lookups == 2


def test_concurrent_lookups_share_one_login(sim, clock, state):
    c = make_client(sim, clock, cache=NoEligibilityCache())
    errors = []

    def work():
        try:
            for _ in range(3):
                assert ask(c, "valid").insured
        except Exception as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not errors and state.lookups == 18 and state.logins == 1


def test_birth_year_only_and_bhxh_number_lookups(client):
    c = by_key("elderly")
    r = client.lookup(c.bhxh_number, c.full_name, str(c.birth.year))
    assert r.decision is Decision.ACCEPT and r.birth == "1946" and r.card_number == c.bhyt_code
    assert client.today() == date(2026, 6, 15)


def test_a_clock_far_ahead_of_the_gateway_does_not_mean_a_login_per_lookup(sim, state, caplog):
    from datetime import timedelta
    ahead = lambda: state.clock() + timedelta(hours=1)  # noqa: E731
    c = make_client(sim, ahead, cache=NoEligibilityCache())
    for _ in range(4):
        assert ask(c, "valid").insured
    assert state.logins == 1 and "clock" in caplog.text
    state.expire_tokens()                        # the gateway still decides: a 401 means log in again
    assert ask(c, "valid").insured and state.logins == 2
