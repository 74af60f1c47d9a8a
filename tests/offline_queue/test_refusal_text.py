"""A hospital refusal naming the patient: stored as a code and a masked summary, the sentence sealed.

End to end: ``kiosk checkin`` in a subprocess against the simulator answering 422 with a
sentence that names the patient, their ID number, birth date and address (what a real
hospital system was seen to do); then the queue database, its files, the log file,
stderr and ``kiosk queue list``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from devkit.kiosk_config import dev_kit_environ
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.config import load_config
from offline_cache import KioskDatabase

ROOT = Path(__file__).parents[2]
CITIZEN = by_key("valid")


@pytest.fixture(autouse=True)
def sim(fresh_simulator):
    return fresh_simulator


def kiosk(data_dir, sim, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(dev_kit_environ(), KIOSK_DATA_DIR=str(data_dir), KIOSK_GATEWAY_URL=sim.url,
               KIOSK_HOSPITAL_URL=sim.url + "/his/v1")   # the dev kit's secrets: the product has none built in
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60, input=stdin)


def _secrets():
    """What must never appear in clear: the name (and its words), ID number, birth date, address."""
    birth = CITIZEN.birth.strftime("%d/%m/%Y")
    return [CITIZEN.full_name, CITIZEN.id_number, birth, CITIZEN.address,
            *[w for w in CITIZEN.full_name.split() if len(w) >= 3]]


def test_a_refusal_naming_the_patient_is_masked_everywhere_and_sealed(sim, tmp_path):
    data = tmp_path / "data"
    sentence = (f"Bệnh nhân {CITIZEN.full_name} (CCCD {CITIZEN.id_number}, sinh "
                f"{CITIZEN.birth.strftime('%d/%m/%Y')}) đã có hồ sơ trùng, địa chỉ {CITIZEN.address}.")
    body = json.dumps({"reason": "duplicate_patient", "message": sentence}, ensure_ascii=False).encode()
    sim.faults.set("hospital.register", Fault("replace", body=body, status=422))
    r = kiosk(data, sim, "checkin", "--qr-text", "-", stdin=CITIZEN.qr_text())
    assert r.returncode != 0 and "duplicate_patient" in r.stderr
    logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    listing = kiosk(data, sim, "queue", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    raw = b"".join(p.read_bytes() for p in data.glob("queue.db*"))
    kdb = KioskDatabase.open(data, "K01")
    try:
        [item] = [i for i in kdb.outbox.items(with_payload=True) if i.kind == "registration"]
        assert item.state == "needs-attention" and "(duplicate_patient)" in item.reason
        # the refusal also queued a referral for the desks (sealed too: the raw-bytes check below covers it)
        [referral] = [i for i in kdb.outbox.items() if i.kind == "referral"]
        assert referral.public["reason"] == "hospital-refused" and referral.public["registration_id"] == item.id
        for secret in _secrets():
            for where, text in (("stderr", r.stderr), ("log file", logs), ("queue list", listing.stdout),
                                ("reason", item.reason), ("last_error", item.last_error)):
                assert secret.casefold() not in text.casefold(), (where, secret)
            assert secret.encode() not in raw, secret
        # staff can still read the hospital's own sentence, with the key
        assert item.payload["refusal_text"] == sentence
        # and retention erases it with the rest of the item's personal data
        cfg = load_config(None, environ={"KIOSK_DATA_DIR": str(data)})
        assert kdb.purge(cfg.queue.retention_hours * 3600, 0.0, None)["purged_attention_items"] == 1
        assert kdb.outbox.get(item.id, with_payload=True).payload is None
    finally:
        kdb.close()
