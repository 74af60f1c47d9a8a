"""Card QR parsers on every synthetic citizen and on the damaged, doctored and mangled cases."""

import unicodedata
from datetime import date

import pytest

from devkit.simulator.citizens import CITIZENS, by_key
from readers.errors import InvalidCardQr, NotACardQr, QrError
from readers.qr.parse import CccdQr, InsuranceCardQr, parse_bhyt_qr, parse_card_qr, parse_cccd_qr

TODAY = date(2026, 11, 25)
VALID = by_key("valid").qr_text()


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.key)
def test_every_citizen_id_card_qr_parses_to_that_citizen(citizen):
    qr = parse_card_qr(citizen.qr_text(), TODAY)
    assert isinstance(qr, CccdQr)
    assert (qr.id_number, qr.full_name, qr.birth_date, qr.sex, qr.address, qr.issue_date) == (
        citizen.id_number, citizen.full_name, citizen.birth, citizen.sex, citizen.address, citizen.issue_date)
    assert qr.old_id_number == citizen.old_id


@pytest.mark.parametrize("citizen", [c for c in CITIZENS if c.bhyt_code], ids=lambda c: c.key)
def test_every_citizen_insurance_card_qr_parses_to_that_citizen(citizen):
    qr = parse_card_qr(citizen.bhyt_qr_text(), TODAY)
    assert isinstance(qr, InsuranceCardQr)
    assert qr.card_number == citizen.bhyt_code and qr.full_name == citizen.full_name
    assert qr.birth_text == citizen.birth.strftime("%d/%m/%Y") and qr.sex == citizen.sex
    assert qr.address == citizen.address


def test_2024_card_has_eleven_fields_and_is_accepted_but_thirteen_are_not():
    text = by_key("wrong-route").qr_text()
    assert text.count("|") == 10
    assert parse_card_qr(text, TODAY).id_number == "092086002237"
    with pytest.raises(InvalidCardQr, match="at most 12"):
        parse_card_qr(text + "||", TODAY)


def test_scanner_line_ending_whitespace_and_decomposed_letters_are_normalised():
    nfd = unicodedata.normalize("NFD", VALID).replace("|Trần", "|  Trần ") + "\r\n"
    qr = parse_card_qr(nfd, TODAY)
    assert qr.full_name == "Trần Văn Bình" and unicodedata.is_normalized("NFC", qr.address)


def test_twelve_digit_old_id_is_accepted_eight_digits_is_not():
    assert parse_cccd_qr(VALID.replace("|025123456|", "|079088001111|"), TODAY).old_id_number == "079088001111"
    with pytest.raises(InvalidCardQr, match="old ID"):
        parse_cccd_qr(VALID.replace("|025123456|", "|02512345|"), TODAY)


def test_leap_day_birth_is_real_but_thirty_first_of_february_is_not():
    text = "001300012345||Lê Thị Nhuận|29022000|Nữ|Số 1, Hà Nội|01032020"
    assert parse_card_qr(text, TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(InvalidCardQr, match="calendar"):
        parse_card_qr(text.replace("29022000", "31022000"), TODAY)
    with pytest.raises(InvalidCardQr, match="calendar"):
        parse_card_qr(text.replace("29022000", "29022001").replace("001300", "001301"), TODAY)


@pytest.mark.parametrize("mutate, why", [
    (lambda t: t.replace("079088001234", "07908800123"), "12 digits"),
    (lambda t: t.replace("079088001234", "0790880012345"), "12 digits"),
    (lambda t: t.replace("Trần Văn Bình", "Tr?n V?n B?nh"), "lost"),
    (lambda t: t.replace("Trần Văn Bình", "Trần Văn B1nh"), "not letters"),
    (lambda t: t.replace("Trần Văn Bình", ""), "empty"),
    (lambda t: t.replace("|Nam|", "|Nữ|"), "sex"),
    (lambda t: t.replace("|Nam|", "||"), "sex"),
    (lambda t: t.replace("14031988", "14032031").replace("079088", "079331"), "plausible"),
    (lambda t: t.replace("02062021", "02061980"), "issue date"),
    (lambda t: t.replace("02062021", "2062021"), "8-digit"),
    (lambda t: t.replace("12 Đường Số 7, Phường Tân Định, Quận 1, TP Hồ Chí Minh", ""), "address"),
    (lambda t: t.split("|", 5)[0] + "|" + "|".join(t.split("|")[1:5]), "fields"),
    (lambda t: t.replace("Trần Văn Bình", "Trần|Văn Bình"), "8-digit"),
    (lambda t: t.replace("079088", "000088"), "province"),
])
def test_doctored_or_truncated_id_card_qr_is_refused_with_a_reason(mutate, why):
    with pytest.raises(InvalidCardQr, match=why):
        parse_card_qr(mutate(VALID), TODAY)


@pytest.mark.parametrize("text", [
    b"079088001234|x".decode("latin-1") + "\x07", "BEGIN:VCARD\nFN:An|B\nEND:VCARD",
    "https://example.org/?a=1|2", "x" * 5000 + "|", "00000|" * 3, "DN479010000000|zz", "a|b|c|d|e|f|g",
])
def test_other_codes_and_garbage_are_not_a_card(text):
    with pytest.raises(NotACardQr):
        parse_card_qr(text, TODAY)


@pytest.mark.parametrize("value", [None, b"079088001234|", 123, ["a|b"]])
def test_non_text_input_is_not_a_card(value):
    with pytest.raises(NotACardQr):
        parse_card_qr(value, TODAY)


def _bhyt(number="DN4790100000001", name="Trần Văn Bình", birth="14/03/1988", sex="1",
          address="12 Đường Số 7, Quận 1", tail="79014"):
    return "|".join([number, name.encode().hex(), birth, sex, address.encode().hex(), tail])


def test_insurance_card_variants():
    assert parse_card_qr(_bhyt(number="0100000001"), TODAY).card_number == "0100000001"
    assert parse_card_qr(_bhyt(number="dn4790100000001"), TODAY).card_number == "DN4790100000001"
    assert parse_card_qr(_bhyt(birth="1988"), TODAY).birth_text == "1988"
    assert parse_card_qr(_bhyt(sex="Nữ"), TODAY).sex == "F"
    assert parse_card_qr(_bhyt(sex=""), TODAY).sex is None
    not_hex_address = _bhyt().split("|")
    not_hex_address[4] = "Quận 1"
    assert parse_card_qr("|".join(not_hex_address), TODAY).address is None


@pytest.mark.parametrize("text, why", [
    (_bhyt(birth="31/02/1988"), "calendar"),
    (_bhyt(birth="14/03/2030"), "future"),
    (_bhyt(birth="1850"), "plausible"),
    (_bhyt(birth="14-03-1988"), "dd/mm/yyyy"),
    (_bhyt(sex="X"), "sex"),
    (_bhyt(name="Tr?n V?n B?nh"), "lost"),
    (_bhyt(number="DN9790100000001"), "15-character"),
    (_bhyt().replace(_bhyt().split("|")[1], _bhyt().split("|")[1][:-1]), "hex"),
    ("|".join(_bhyt().split("|")[:3]), "fewer than 4"),
])
def test_damaged_insurance_card_qr_is_refused_with_a_reason(text, why):
    with pytest.raises(InvalidCardQr, match=why):
        parse_card_qr(text, TODAY)


def test_hex_of_invalid_utf8_is_refused():
    with pytest.raises(InvalidCardQr, match="hex"):
        parse_bhyt_qr("DN4790100000001|c3c3|14/03/1988|1", TODAY)


def test_every_refusal_is_a_qr_error_with_a_code():
    for bad in ("", VALID.replace("14031988", "99999999"), _bhyt(sex="9")):
        with pytest.raises(QrError) as info:
            parse_card_qr(bad, TODAY)
        assert info.value.code.startswith("qr_") and str(info.value).endswith(")") or str(info.value).endswith(".")
