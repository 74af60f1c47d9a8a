"""One definition, one number: every count of "needs staff" on a kiosk agrees.

The item property, ``Outbox.counts()``, the attention filter, the heartbeat's backlog, the queue
health probe and ``kiosk queue status`` (JSON and text, both languages) must give the same number on a real
queue database holding every combination of delivery state and eligibility state, including
an item that is both refused and failed its re-check (one item, counted once).
"""

from __future__ import annotations

import itertools
import json
import re

from kiosk.facility_time import facility_today
from kiosk.health.probes_local import queue_probe
from offline_cache import KioskDatabase
from offline_cache.attention import needs_staff
from offline_cache.schema import ELIGIBILITY_STATES, OUTBOX_STATES
from tests.offline_queue.support import registration

COMBINATIONS = list(itertools.product(OUTBOX_STATES, ELIGIBILITY_STATES))


def seeded(data_dir) -> list:
    """One item per (state, eligibility) combination, written to a real queue database."""
    kdb = KioskDatabase.open(data_dir, "K01", today=facility_today("Asia/Ho_Chi_Minh"))
    for i, (state, eligibility) in enumerate(COMBINATIONS):
        reg = registration(i)
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()}, public={"department": "KNOI"})
        with kdb.store.write() as db:   # every combination, whichever path leads to it
            db.execute("UPDATE outbox SET state = ?, eligibility = ? WHERE id = ?",
                       [state, eligibility, reg.client_id])
    items = kdb.outbox.items(limit=1000)
    counts = kdb.outbox.counts()
    attention = kdb.outbox.items(attention=True, limit=1000)
    backlog = kdb.outbox.backlog()   # what the heartbeat tells the fleet view (the station's Kiosks tab)
    kdb.close()
    return items, counts, attention, backlog


def test_every_count_of_items_needing_staff_agrees(cli, tmp_path):
    items, counts, attention, backlog = seeded(tmp_path)
    expected = sum(needs_staff(s, e) for s, e in COMBINATIONS)
    # 4 eligibility states with a refused item, plus the failed re-check of the 3 other states
    assert expected == len(ELIGIBILITY_STATES) + len(OUTBOX_STATES) - 1 == 7
    assert sum(item.needs_attention for item in items) == expected
    assert counts["needs-staff"] == expected == len(attention) == backlog["attention"]
    assert counts["needs-staff-refused"] + counts["needs-staff-recheck-failed"] == expected
    probe = queue_probe(tmp_path / "queue.db")()
    assert probe.detail["needs_attention"] == expected
    assert f"{expected} queued registration(s) need staff" in probe.reason

    r = cli("queue", "status", "--json", env={"KIOSK_DATA_DIR": str(tmp_path)})
    status = json.loads(r.stdout)
    assert status["needs_staff"]["total"] == expected == status["counts"]["needs-staff"]
    for lang, words in (("vi", "cần nhân viên xử lý"), ("en", "need staff")):
        r = cli("queue", "status", "--lang", lang, env={"KIOSK_DATA_DIR": str(tmp_path)})
        numbers = [int(n) for n in re.findall(rf"{words} (\d+)", r.stdout)]
        assert numbers == [expected], r.stdout   # one number, the same one


def test_queue_status_speaks_the_kiosks_language(cli, tmp_path):
    seeded(tmp_path)
    r = cli("queue", "status", env={"KIOSK_DATA_DIR": str(tmp_path)})   # kiosk.language: vi by default
    assert "Hàng chờ gửi" in r.stdout and "cần nhân viên xử lý 7" in r.stdout
    for english in ("pending", "needs attention", "failed", "delivered", "eligibility"):
        assert english not in r.stdout
    r_en = cli("queue", "status", "--lang", "en", env={"KIOSK_DATA_DIR": str(tmp_path)})
    assert "need staff 7: refused by the hospital system 4, insurance re-check failed 3" in r_en.stdout
