"""Personal data at rest: sealed with AES-GCM, keyed per installation, purged after retention."""

from __future__ import annotations

import os
import stat
import uuid
from datetime import date

import pytest
from keyring.backend import KeyringBackend

from offline_cache import KeyUnavailable, KioskDatabase
from offline_cache.crypto import SealError
from offline_cache.keys import KEY_FILE_NAME, load_or_create_key, usable_keyring
from tests.offline_queue.support import registration


def _raw_bytes(folder) -> bytes:
    """Every byte SQLite keeps: the database, its WAL and its shared-memory file."""
    out = b""
    for suffix in ("", "-wal", "-shm"):
        p = folder / f"queue.db{suffix}"
        if p.exists():
            out += p.read_bytes()
    return out


def _needles(reg) -> list[bytes]:
    x = reg.xml0
    values = [x["HO_TEN"], x["SO_CCCD"], x["NGAY_SINH"]] + x["HO_TEN"].split()
    out = []
    for v in values:
        if v and len(v) >= 4:
            out += [v.encode("utf-8"), v.encode("utf-16-le")]
    return out


def test_database_files_hold_no_name_or_id_in_clear(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01")
    regs = [registration(i) for i in range(10)]
    for reg in regs:
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()},
                           public={"department": reg.department}, patient_key=reg.xml0["SO_CCCD"],
                           eligibility_pending=True)
        kdb.eligibility.put(reg.xml0["SO_CCCD"], date.today(),
                            {"full_name": reg.xml0["HO_TEN"], "card_number": reg.xml0["SO_CCCD"]})
    # WAL not checkpointed: the rows sit in the -wal file, which must be just as opaque
    raw = _raw_bytes(tmp_path)
    assert (tmp_path / "queue.db-wal").stat().st_size > 0
    for reg in regs:
        for needle in _needles(reg):
            assert needle not in raw, needle
    # and the data is really there, readable with the key
    assert kdb.outbox.head().payload["registration"]["xml0"]["HO_TEN"] == regs[0].xml0["HO_TEN"]
    assert kdb.eligibility.get(regs[3].xml0["SO_CCCD"], date.today())["full_name"] == regs[3].xml0["HO_TEN"]
    kdb.close()
    raw = _raw_bytes(tmp_path)
    for needle in _needles(regs[0]):
        assert needle not in raw


def test_sealed_blob_is_bound_to_its_row(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01")
    a = kdb.outbox.enqueue("a-" + uuid.uuid4().hex, {"who": "first"})
    b = kdb.outbox.enqueue("b-" + uuid.uuid4().hex, {"who": "second"})
    with kdb.store.write() as db:  # an attacker swaps the sealed payloads of two rows
        blob = db.execute("SELECT sealed FROM outbox WHERE id = ?", [a.id]).fetchone()[0]
        db.execute("UPDATE outbox SET sealed = ? WHERE id = ?", [blob, b.id])
    with pytest.raises(SealError):
        kdb.outbox.get(b.id, with_payload=True)
    kdb.close()


def test_key_file_is_private_and_stable(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    item = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 1})
    kdb.close()
    key_file = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    kdb = KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    assert kdb.outbox.get(item.id, with_payload=True).payload == {"x": 1}
    kdb.close()


def test_lost_key_is_a_clear_error_not_a_new_key(tmp_path):
    KioskDatabase.open(tmp_path, "K01", prefer_keyring=False).close()
    (tmp_path / KEY_FILE_NAME).unlink()
    with pytest.raises(KeyUnavailable, match="missing"):
        KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_key_readable_by_others_is_refused(tmp_path):
    KioskDatabase.open(tmp_path, "K01", prefer_keyring=False).close()
    os.chmod(tmp_path / KEY_FILE_NAME, 0o644)
    with pytest.raises(KeyUnavailable, match="0600"):
        KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)


class DictKeyring(KeyringBackend):
    """A real keyring backend (keyring's own interface) that keeps secrets in a dict."""

    priority = 5

    def __init__(self):
        super().__init__()
        self.secrets = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


# keyring registers every backend class it sees; keep this one out of its automatic choice
KeyringBackend._classes.discard(DictKeyring)


def test_keyring_used_when_usable(tmp_path):
    backend = DictKeyring()
    kdb = KioskDatabase.open(tmp_path, "K01", keyring_backend=backend)
    item = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 2})
    kdb.close()
    assert not (tmp_path / KEY_FILE_NAME).exists() and len(backend.secrets) == 1
    kdb = KioskDatabase.open(tmp_path, "K01", keyring_backend=backend)
    assert kdb.outbox.get(item.id, with_payload=True).payload == {"x": 2}
    kdb.close()
    backend.secrets.clear()  # keyring wiped: say so, do not start a second key
    with pytest.raises(KeyUnavailable):
        KioskDatabase.open(tmp_path, "K01", keyring_backend=backend)


def test_headless_linux_without_keyring_falls_back_to_file(tmp_path):
    from keyring.backends import fail
    assert usable_keyring(fail.Keyring()) is None
    key = load_or_create_key(tmp_path, backend=fail.Keyring())
    assert key.source == "file" and (tmp_path / KEY_FILE_NAME).exists()


def test_retention_purges_delivered_personal_data(tmp_path):
    from offline_cache import Receipt
    now = [1_000_000.0]
    kdb = KioskDatabase.open(tmp_path, "K01", clock=lambda: now[0])
    reg_old, reg_new, reg_wait = registration(0), registration(1), registration(2)
    for reg in (reg_old, reg_new, reg_wait):
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()})
    for reg in (reg_old,):
        kdb.outbox.mark_sending(reg.client_id)
        kdb.outbox.mark_delivered(reg.client_id, Receipt("H1", "NOI-001"))
    now[0] += 25 * 3600
    kdb.outbox.mark_sending(reg_new.client_id)
    kdb.outbox.mark_delivered(reg_new.client_id, Receipt("H2", "NOI-002"))
    result = kdb.purge(24 * 3600)
    assert result["purged_items"] == 1
    assert kdb.outbox.get(reg_old.client_id, with_payload=True).payload is None
    assert kdb.outbox.get(reg_old.client_id).purged
    assert kdb.outbox.get(reg_new.client_id, with_payload=True).payload is not None
    assert kdb.outbox.get(reg_wait.client_id, with_payload=True).payload is not None  # not delivered
    assert kdb.outbox.get(reg_old.client_id).hospital_ticket == "NOI-001"  # the record stays
    assert (tmp_path / "queue.db-wal").stat().st_size == 0  # checkpointed and truncated
    kdb.close()


def test_retention_bounds_items_needing_staff_and_damaged_copies(tmp_path):
    from offline_cache import Receipt
    now = [1_000_000.0]
    kdb = KioskDatabase.open(tmp_path, "K01", clock=lambda: now[0])
    refused, failed, fresh = registration(0), registration(1), registration(2)
    for reg in (refused, failed, fresh):
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()}, eligibility_pending=reg is failed)
    kdb.outbox.mark_sending(refused.client_id)
    kdb.outbox.mark_attention(refused.client_id, "HospitalError: refused (invalid_field)")
    kdb.outbox.mark_sending(failed.client_id)
    kdb.outbox.mark_delivered(failed.client_id, Receipt("H2", "NOI-002"))
    with kdb.store.write() as db:   # the re-check gave up (its own track on the row)
        db.execute("UPDATE outbox SET eligibility = 'failed' WHERE id = ?", [failed.client_id])
    old_copy = tmp_path / "queue.db.damaged-20260101T000000"
    new_copy = tmp_path / "queue.db.damaged-20260102T000000"
    for copy in (old_copy, new_copy):
        copy.write_bytes(b"sealed rows")
        (tmp_path / f"{copy.name}-wal").write_bytes(b"wal")
    os.utime(old_copy, (now[0] - 200 * 3600, now[0] - 200 * 3600))
    os.utime(new_copy, (now[0] - 10 * 3600, now[0] - 10 * 3600))
    now[0] += 100 * 3600        # inside the 168 h bound: everything stays
    result = kdb.purge(24 * 3600, 168 * 3600, 168 * 3600)
    assert (result["purged_attention_items"], result["deleted_damaged_copies"]) == (0, 1)
    assert not old_copy.exists() and not (tmp_path / f"{old_copy.name}-wal").exists() and new_copy.exists()
    assert kdb.outbox.get(refused.client_id, with_payload=True).payload is not None
    now[0] += 100 * 3600        # past it: the personal data goes, the rows stay for staff
    result = kdb.purge(24 * 3600, 168 * 3600, 168 * 3600)
    assert result["purged_attention_items"] == 2
    for reg in (refused, failed):
        item = kdb.outbox.get(reg.client_id, with_payload=True)
        assert item.payload is None and item.purged and item.needs_attention
    assert kdb.outbox.get(fresh.client_id, with_payload=True).payload is not None    # still to deliver
    kdb.close()
