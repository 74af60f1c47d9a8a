"""The redactor: every kind of personal data, in text, arguments and extras."""

import pytest

from devkit.simulator.citizens import CITIZENS
from kiosk.redaction import DATE_MASK, QR_MASK, Redactor

R = Redactor()


@pytest.mark.parametrize("text, secret, expected", [
    ("lookup for 079088001234 failed", "079088001234", "lookup for ********1234 failed"),
    ("BHXH 4790100001 ok", "4790100001", "BHXH ******0001 ok"),
    ("old ID 025123456", "025123456", "old ID *****3456"),
    ("card DN4790100000001 expired", "DN4790100000001", "card ***********0001 expired"),
    ("card dn4790100000001", "dn4790100000001", "card ***********0001"),
    ("id=079 088 001 234.", "079 088 001 234", "id=********1234."),
    ("born 14/03/1988", "14/03/1988", f"born {DATE_MASK}"),
    ("born 4-3-1988", "4-3-1988", f"born {DATE_MASK}"),
    ("born 14.03.1988", "14.03.1988", f"born {DATE_MASK}"),
    ("born 1988-03-14", "1988-03-14", f"born {DATE_MASK}"),
    ("ngaySinh=14031988;", "14031988", f"ngaySinh={DATE_MASK};"),
    ("phone 0912345678", "0912345678", "phone ******5678"),
    ("GET /api?token=abc123&password=5f4dcc3b HTTP/1.1", "5f4dcc3b",
     "GET /api?token=***&password=*** HTTP/1.1"),
])
def test_text_patterns(text, secret, expected):
    out = R.text(text)
    assert out == expected and secret not in out


def test_card_qr_texts_are_masked_whole():
    for c in CITIZENS:
        for qr in (c.qr_text(), c.bhyt_qr_text()):
            if not qr:
                continue
            # Fields hold spaces, so where a QR ends is unknowable: the rest of the line goes.
            out = R.text(f"decoded {qr} from camera\nnext line")
            assert out == f"decoded {QR_MASK}\nnext line"
            assert c.full_name not in out and c.id_number not in out


def test_harmless_text_is_untouched():
    for text in ("ticket A-0042 room 105 took 123 ms", "token valid until 2026-11-25T01:09:39+00:00",
                 "issued 25/11/2026 08:05", "printer 192.168.100.200:9100 online",
                 "queue depth 12, oldest 2.5 s", "version 0.1.0", "exit code 10"):
        assert R.text(text) == text


def test_remembered_names_and_addresses_are_masked_any_case_or_accent():
    r = Redactor()
    c = CITIZENS[0]
    r.remember(c.full_name, c.address, None, "")
    out = r.text(f"server said: patient {c.full_name} at {c.address}; also TRAN VAN BINH and trần văn bình")
    assert out.count("***") == 4
    for piece in ("Trần", "Bình", "TRAN", "bình", "Tân Định"):
        assert piece not in out
    r.forget_all()
    assert r.text(c.full_name) == c.full_name


def test_remembered_values_are_bounded():
    r = Redactor(max_remembered=2)
    r.remember("Alpha Name", "Beta Name", "Gamma Name")
    assert r.text("Alpha Name") == "Alpha Name" and r.text("Gamma Name") == "***"


@pytest.mark.parametrize("key, value, expected", [
    ("full_name", "Nguyễn Thị Hồng Nhung", "N. T. H. N."),
    ("hoTen", "Lê Minh Quân", "L. M. Q."),
    ("id_number", "001194005678", "********5678"),
    ("maThe", "HC4010200000002", "***********0002"),
    ("cccd", 79088001234, "*******1234"),
    ("address", "Số 8 Ngõ 15 Phố Hoa", "***"),
    ("birth", "21/07/1994", "***"),
    ("ngaySinh", "1994", "***"),
    ("password", "demo-password", "***"),
    ("note", "patient 048195003344 born 09/02/1995", f"patient ********3344 born {DATE_MASK}"),
    ("count", 3, 3),
    ("big_number", 123456789012, "********9012"),
    ("ok", True, True),
])
def test_structured_values_by_key(key, value, expected):
    assert R.value(key, value) == expected


def test_nested_values():
    out = R.value("payload", {"patient": {"hoTen": "Đỗ Văn Hùng", "ids": ["031079004455"]},
                              "room": "105"})
    assert out == {"patient": {"hoTen": "Đ. V. H.", "ids": ["********4455"]}, "room": "105"}
