"""The card QR parsers: every format in the reference and the bad cases."""

from datetime import date

import pytest

from readers.errors import InvalidCardQr, NotACardQr
from readers.qr.parse import CccdQr, InsuranceCardQr, id_number_problem, parse_card_qr

TODAY = date(2026, 11, 25)
OLD_CARD = "001093047064|123456789|Ung Hoàng Hiệp|05011993|Nam|12 Phố Mẫu, Phường Một, Hà Nội|10072021"
CARD_2024 = ("093186002237|362499103|Nguyễn Thị Kim Thư|11011986|Nữ|"
             "56 Trần Hoàng Na, Kv6, An Khánh, Ninh Kiều, Cần Thơ|04102024||||")


def test_old_card():
    qr = parse_card_qr(OLD_CARD, TODAY)
    assert isinstance(qr, CccdQr)
    assert qr.id_number == "001093047064" and qr.old_id_number == "123456789"
    assert qr.birth_date == date(1993, 1, 5) and qr.sex == "M"
    assert qr.issue_date == date(2021, 7, 10)


def test_2024_card_with_trailing_fields_and_commas_in_address():
    qr = parse_card_qr(CARD_2024, TODAY)
    assert qr.full_name == "Nguyễn Thị Kim Thư" and qr.sex == "F"
    assert qr.address == "56 Trần Hoàng Na, Kv6, An Khánh, Ninh Kiều, Cần Thơ"


def test_no_old_id():
    qr = parse_card_qr(OLD_CARD.replace("|123456789|", "||"), TODAY)
    assert qr.old_id_number is None


@pytest.mark.parametrize("text, why", [
    (OLD_CARD.replace("001093047064", "00109304706"), "12 digits"),
    (OLD_CARD.replace("05011993", "31021993"), "calendar"),
    (OLD_CARD.rsplit("|", 1)[0], "fields"),
    (OLD_CARD.replace("|Nam|", "|Male|"), "sex"),
    (OLD_CARD.replace("|Nam|", "|Nữ|"), "sex"),
    (OLD_CARD.replace("05011993", "05011994"), "birth year"),
    (OLD_CARD.replace("10072021", "10072030"), "issue date"),
    (OLD_CARD.replace("001093", "099093"), "province"),
])
def test_doctored_id_card_qr_is_rejected(text, why):
    with pytest.raises(InvalidCardQr, match=why):
        parse_card_qr(text, TODAY)


@pytest.mark.parametrize("text", ["", "https://example.org", "hello|world", "\x00\x01|\x02",
                                  "WIFI:S:net;T:WPA;P:pw;;"])
def test_not_a_card(text):
    with pytest.raises(NotACardQr):
        parse_card_qr(text, TODAY)


def test_insurance_card_qr_hex_name():
    name = "Trần Văn Bình".encode().hex()
    addr = "Số 1, Quận 3, TP HCM".encode().hex()
    qr = parse_card_qr(f"DN4790123456789|{name}|05/03/1994|1|{addr}|79014", TODAY)
    assert isinstance(qr, InsuranceCardQr)
    assert qr.card_number == "DN4790123456789" and qr.full_name == "Trần Văn Bình"
    assert qr.sex == "M" and qr.address == "Số 1, Quận 3, TP HCM"


def test_insurance_card_qr_bad_hex():
    with pytest.raises(InvalidCardQr, match="hex"):
        parse_card_qr("DN4790123456789|zz|05/03/1994|1", TODAY)


def test_id_number_rule():
    assert id_number_problem("001093047064", date(1993, 1, 5), "M") is None
    assert id_number_problem("001003047064", date(2003, 1, 5), "M") is not None  # digit 4 "0" = 1900s
    assert id_number_problem("001303047064", date(2003, 1, 5), "F") is None
