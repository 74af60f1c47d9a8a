"""`kiosk doctor` speaks the configured language and names the URL each remote check tried."""

from __future__ import annotations

import re

from kiosk.cli.doctor_cmd import format_report
from kiosk.health import PARTS
from kiosk.health.model import HealthReport, degraded, failing, ok

URLS = {"gateway": "https://gw.example.vn/api", "hospital": "https://his.example.vn/api"}
# "camera" and "chip" are Vietnamese words too (camera, chip thẻ)
ENGLISH = {"ok", "degraded", "failing", "reader", "printer", "setup", "gateway", "hospital", "queue",
           "disk", "clock", "security", "not", "the", "error", "refused", "connection", "tried", "kiosk"}


def report():
    makers = (ok, degraded, failing)
    return HealthReport(parts=tuple(makers[i % 3](part, "ConnectionError: the server refused (errno 111)")
                                    for i, part in enumerate(PARTS)), kiosk_id="K07")


def test_vietnamese_has_no_english_words_and_names_the_urls():
    text = format_report(report(), "vi", URLS)
    lines = text.splitlines()
    assert lines[0] == "ki-ốt K07: LỖI"
    words = {w for line in lines[:-1] for w in re.findall(r"[a-z]+", line.lower().split("đã thử")[0])}
    assert words & ENGLISH == set()
    assert "ConnectionError" not in text
    for url in URLS.values():
        assert any(f"đã thử {url}" in line for line in lines)
    assert lines[-1] == "Chi tiết kỹ thuật của từng bộ phận: kiosk doctor --json"


def test_english_keeps_the_probe_reason_and_names_the_urls():
    text = format_report(report(), "en", URLS)
    assert text.splitlines()[0] == "kiosk K07: FAILING"
    assert f"(tried {URLS['hospital']})" in text and "ConnectionError" in text
