"""Logs keep codes, masked card numbers and timings: never IDs, names, birth dates, tokens or passwords."""

import logging

import pytest

from devkit.simulator.citizens import CITIZENS, by_key
from devkit.simulator.server import Fault
from kiosk.domain import mask_digits
from kiosk.errors import KioskError
from kiosk.gateway import md5_hex
from tests.integration.gateway_support import make_client, wait_for


def test_no_personal_data_or_secrets_in_log_records(sim, clock, state, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(sim, clock, read_timeout=0.3)
    for key in ("valid", "new-card-003", "wrong-birth", "wrong-route", "elderly", "server-error"):
        c = by_key(key)
        for card in (c.id_number, c.bhyt_code):
            try:
                client.lookup(card, c.full_name, c.birth.strftime("%d/%m/%Y"), use_cache=False)
            except KioskError:
                pass
    seen = list(state.tokens.values())
    state.expire_tokens()                                   # 401, then a second login
    valid = by_key("valid")
    client.lookup(valid.bhxh_number, valid.full_name, "14/03/1988", use_cache=False)
    seen += list(state.tokens.values())
    sim.faults.set("gateway.lookup", Fault("slow", latency=1.0, count=1))
    with pytest.raises(KioskError):
        client.lookup(valid.id_number, valid.full_name, "14/03/1988", use_cache=False)
    lookups_so_far = state.lookups
    assert wait_for(lambda: state.lookups == lookups_so_far + 1)   # the slow one, served late
    tokens = [t.access_token for t in seen] + [t.id_token for t in seen]
    assert tokens
    secrets = tokens + [md5_hex("demo-password"), "demo-password", "079190000001"]
    personal = []
    for c in CITIZENS:
        personal += [c.id_number, c.full_name, c.birth.strftime("%d/%m/%Y"), c.birth.strftime("%d%m%Y")]
        personal += [x for x in (c.bhyt_code, c.bhxh_number, c.new_card_code) if x]
    ours = [r for r in caplog.records if not r.name.startswith("devkit.simulator")]
    assert any(r.name == "kiosk.http" for r in ours)          # the request lines were logged …
    assert any(mask_digits(by_key("valid").id_number) in r.getMessage() for r in ours)
    for record in ours:
        text = record.getMessage()
        for value in secrets + personal:
            assert value not in text, f"{record.name} logged a secret or personal value: {text}"
        assert "token=***" in text or "token=" not in text            # … with credentials masked
