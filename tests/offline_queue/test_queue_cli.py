"""``kiosk queue status|list|retry|purge`` (in-process, ``kiosk.cli.main``) on a real queue database."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.facility_time import facility_today
from offline_cache import KioskDatabase, Receipt
from tests.offline_queue.support import registration

ROOT = Path(__file__).parents[2]


def kiosk(cli, data_dir, *args):
    return cli("queue", *args, env={"KIOSK_DATA_DIR": str(data_dir)})


def seeded(data_dir):
    """Three items: one delivered (reassigned), one refused, one waiting."""
    # the kiosk's own calendar (facility.time_zone), as `kiosk queue` reads it
    kdb = KioskDatabase.open(data_dir, "K01", today=facility_today("Asia/Ho_Chi_Minh"))
    regs = [registration(i) for i in range(3)]
    for reg in regs:
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()}, public={"department": "KNOI"})
    kdb.outbox.note_shown(regs[0].client_id, "K01-001")
    kdb.outbox.mark_sending(regs[0].client_id)
    kdb.outbox.mark_delivered(regs[0].client_id, Receipt("HIS1", "NOI-004"))
    kdb.outbox.mark_sending(regs[1].client_id)
    kdb.outbox.mark_attention(regs[1].client_id, "HospitalError: refused (invalid_field)")
    kdb.close()
    return regs


def test_status_and_list_show_masked_data_only(cli, tmp_path):
    regs = seeded(tmp_path)
    r = kiosk(cli, tmp_path, "status", "--json")
    assert r.returncode == ExitCode.OK, r.stderr
    status = json.loads(r.stdout)
    assert status["counts"]["delivered"] == 1 and status["counts"]["needs-attention"] == 1
    assert status["counts"]["pending"] == 1 and status["oldest_waiting"]["kiosk_ticket"] == "K01-003"
    r = kiosk(cli, tmp_path, "list")
    assert r.returncode == ExitCode.OK
    assert "K01-001 → NOI-004 (REASSIGNED: patient holds K01-001)" in r.stdout
    assert "invalid_field" in r.stdout
    for reg in regs:
        x = reg.xml0
        assert x["HO_TEN"] not in r.stdout and x["SO_CCCD"] not in r.stdout
        assert x["SO_CCCD"][-4:] in r.stdout
    views = json.loads(kiosk(cli, tmp_path, "list", "--attention", "--json").stdout)
    assert [v["id"] for v in views] == [regs[1].client_id]
    assert views[0]["patient"]["name"].endswith(".") and views[0]["patient"]["id"].startswith("****")


def test_retry_by_ticket_number_and_bad_ids(cli, tmp_path):
    regs = seeded(tmp_path)
    r = kiosk(cli, tmp_path, "retry", "k01-002", "--json")
    assert r.returncode == ExitCode.OK, r.stderr
    assert json.loads(r.stdout)["state"] == "pending"
    r = kiosk(cli, tmp_path, "retry", regs[0].client_id)  # delivered: nothing to retry
    assert r.returncode == ExitCode.BAD_INPUT and "does not need attention" in r.stderr
    r = kiosk(cli, tmp_path, "retry", "K01-999")
    assert r.returncode == ExitCode.BAD_INPUT and r.stderr.count("\n") == 1


def test_purge_applies_retention(cli, tmp_path):
    seeded(tmp_path)
    (tmp_path / "kiosk.toml").write_text("[queue]\nretention_hours = 0.000001\n")
    r = cli("--config", str(tmp_path / "kiosk.toml"), "queue", "purge", "--json",
            env={"KIOSK_DATA_DIR": str(tmp_path)})
    assert r.returncode == ExitCode.OK, r.stderr
    assert json.loads(r.stdout)["purged_items"] == 1
    assert "(purged)" in kiosk(cli, tmp_path, "list").stdout


def test_damaged_database_is_exit_7_with_one_sentence_and_left_in_place(cli, tmp_path):
    (tmp_path / "queue.db").write_bytes(b"garbage" * 1000)
    r = kiosk(cli, tmp_path, "status")
    assert r.returncode == ExitCode.STORAGE
    assert r.stderr.startswith("kiosk: ") and r.stderr.count("\n") == 1 and "damaged" in r.stderr
    assert (tmp_path / "queue.db").read_bytes().startswith(b"garbage")


def test_staff_commands_work_without_the_key_but_show_no_names(cli, tmp_path):
    seeded(tmp_path)
    (tmp_path / "queue.key").unlink()  # e.g. IT logged in where the key cannot be reached
    r = kiosk(cli, tmp_path, "status", "--json")
    assert r.returncode == ExitCode.OK, r.stderr
    assert json.loads(r.stdout)["counts"]["pending"] == 1
    views = json.loads(kiosk(cli, tmp_path, "list", "--json").stdout)
    assert {v["patient"]["name"] for v in views} == {"(key unavailable)"}
    assert kiosk(cli, tmp_path, "retry", "K01-002").returncode == ExitCode.OK
