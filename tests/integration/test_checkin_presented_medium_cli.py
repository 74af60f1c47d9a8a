"""``kiosk checkin --qr-image``: a camera photo of a phone screen is recorded as VNeID / VssID, a printed
card's as the card, end to end against the simulator (the real CLI in a subprocess)."""

from __future__ import annotations

import json

import cv2
import pytest
from checkin_support import run_cli

from benchmarks import qr_phone_corpus


@pytest.fixture(autouse=True)
def server(fresh_simulator):
    return fresh_simulator


@pytest.mark.parametrize("kind,expected", [("vneid", "vneid"), ("vssid", "vssid"), ("card-moderate", None)])
def test_the_photo_decides_how_the_card_was_presented(server, tmp_path, kind, expected):
    sample = next(qr_phone_corpus.generate(1, (1920, 1080), kinds=(kind,)))
    photo = tmp_path / "frame.png"
    cv2.imwrite(str(photo), sample.frame)
    r = run_cli("checkin", "--json", "--qr-image", str(photo), "--as-of", "2026-07-01", server=server)
    assert "Traceback" not in r.stderr
    data = json.loads(r.stdout)
    want = expected or ("id_qr" if sample.card == "cccd" else "insurance_card")
    assert data["presented_as"] == want, (r.returncode, r.stderr)
    assert server.hospital_state.body_for(data["client_id"])["presented_as"] == want
