"""The lobby as desks and IT read it carries no personal data: every synthetic citizen is sent
to the counter and registered, then the lobby's rows, `kiosk lobby` (text and --json, DEBUG
logging to stderr and the log file) are searched for names, ID/card numbers, birth dates and
addresses with the log audit. Only the referral record (GET /referrals/{id}) holds the identity.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import requests

from devkit.log_audit import audit_text
from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import CITIZENS
from kiosk.checkin import identity_from_qr
from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode
from kiosk.domain import mask_digits
from kiosk.hospital.registration import build_registration
from kiosk.logging_setup import remove_handlers
from tests.integration.lobby_support import KEY
from tests.integration.test_logs_no_personal_data import assert_logs_clean, own_stderr_logging, write_config


def _referral(c, kiosk: str) -> dict:
    card = c.bhyt_code or c.id_number
    return {"client_id": str(uuid.uuid4()), "kiosk_id": kiosk,
            "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "counter_number": f"{kiosk}-Q001", "reason": "name-birth-mismatch", "gateway_code": "052",
            "staff_detail": "Họ tên hoặc ngày sinh không khớp với dữ liệu BHXH.", "masked_card": mask_digits(card),
            "screen": None, "registration_id": None,
            "identity": {"full_name": c.full_name, "birth": c.birth.isoformat(), "card_number": c.bhyt_code,
                         "id_number": c.id_number, "sex": c.sex, "source": "qr-id-card"},
            "eligibility": {"status": "name-birth-mismatch", "code": "052", "checked_at": None}}


def test_the_lobby_and_kiosk_lobby_show_every_citizen_masked(tmp_path, monkeypatch, capsys):
    with build_simulator() as sim:
        base = hospital_url(sim)
        session = requests.Session()
        for n, c in enumerate(CITIZENS):
            kiosk = f"K{n % 5 + 1:02d}"
            body = _referral(c, kiosk)
            assert session.post(base + "/referrals", json=body, timeout=5,
                                headers={**KEY, "Idempotency-Key": body["client_id"]}).status_code == 201
            reg = build_registration(client_id=str(uuid.uuid4()), identity=identity_from_qr(c.qr_text()),
                                     eligibility=None, pending=True, department="KNOI", priority=False,
                                     kiosk_id=kiosk, facility_code="79014", arrived_at=datetime.now())
            session.post(base + "/registrations", json=reg.to_wire(), timeout=5,
                         headers={**KEY, "Idempotency-Key": reg.client_id})
        rows = session.get(base + "/lobby", headers=KEY, timeout=5).json()["rows"]
        assert len(rows) >= 2 * len(CITIZENS) - 5      # a few citizens share a visit (one ticket a day)
        assert not audit_text(session.get(base + "/lobby", headers=KEY, timeout=5).text, CITIZENS, "/lobby")
        # the referral record is where the identity is (for the desk holding the claim)
        record = session.get(base + f"/referrals/{body['client_id']}", headers=KEY, timeout=5).text
        assert audit_text(record, CITIZENS, "/referrals/{id}")

        data_dir = tmp_path / "kiosk-data"
        monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
        config = write_config(tmp_path, sim)
        codes = []
        for args in (["lobby", "--rows"], ["lobby", "--json"], ["lobby", "--lang", "en", "--kiosk", "K02"]):
            try:
                with own_stderr_logging():
                    codes.append(main(["--debug", "--config", config, *args]))
            finally:
                remove_handlers()
        session.close()
    assert codes == [ExitCode.OK] * 3
    out = capsys.readouterr()
    assert "Cần xử lý: " in out.out and '"needs_staff"' in out.out and "DEBUG" in out.err
    findings = audit_text(out.out + out.err, CITIZENS, "<kiosk lobby>")
    assert not findings, "personal data in kiosk lobby's output:\n" + "\n".join(map(str, findings[:20]))
    assert_logs_clean(data_dir / "logs", min_lines=3)
