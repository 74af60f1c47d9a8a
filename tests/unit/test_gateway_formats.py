"""The gateway's text formats: birth dates, card numbers, names, token expiry."""

from datetime import UTC, date, datetime

import pytest

from kiosk.errors import InputError
from kiosk.gateway.errors import GatewayInputError
from kiosk.gateway.formats import (
    birth_matches,
    fold,
    format_expiry,
    normalize_birth,
    normalize_card,
    normalize_name,
    parse_birth_answer,
    parse_expiry,
    parse_gateway_date,
)


@pytest.mark.parametrize("given, sent", [
    ("14/03/1988", "14/03/1988"), ("14031988", "14/03/1988"), ("1988-03-14", "14/03/1988"),
    (date(1988, 3, 14), "14/03/1988"), ("1946", "1946"), (" 1946 ", "1946"),
])
def test_birth_is_sent_as_dd_mm_yyyy_or_yyyy(given, sent):
    assert normalize_birth(given) == sent


@pytest.mark.parametrize("bad", ["31/02/1990", "14-03-1988", "88", "", "1234", "abcd", "14/3/1988"])
def test_bad_birth_is_a_typed_input_error(bad):
    with pytest.raises(GatewayInputError) as e:
        normalize_birth(bad)
    assert isinstance(e.value, InputError)
    assert bad not in e.value.detail or not bad


@pytest.mark.parametrize("given, sent", [
    ("dn4790100000001", "DN4790100000001"), (" 0790 8800 1234 ", "079088001234"), ("0100000001", "0100000001")])
def test_card_numbers_are_cleaned(given, sent):
    assert normalize_card(given) == sent


@pytest.mark.parametrize("bad", ["", "12345", "DN9790100000001", "XX47901000000012", "07908800123A"])
def test_bad_card_number_is_refused_without_echoing_it(bad):
    with pytest.raises(GatewayInputError) as e:
        normalize_card(bad)
    assert not bad or bad not in e.value.detail


def test_names_fold_without_diacritics_or_case():
    assert fold("  Trần  Văn Bình ") == "tran van binh"
    assert fold("ĐẶNG văn SƠN") == "dang van son"
    assert normalize_name("  Lê   Minh Quân ") == "Lê Minh Quân"
    with pytest.raises(GatewayInputError):
        normalize_name("R2D2")


def test_response_birth_keeps_its_precision():
    assert parse_birth_answer("1946") == "1946"
    assert parse_birth_answer("12/1991") == "12/1991"
    assert parse_birth_answer("31/12/1991") == "31/12/1991"
    assert parse_birth_answer("31121991") == "31/12/1991"
    assert parse_birth_answer(None) is None and parse_birth_answer("soon") is None
    assert birth_matches("12/1991", "31/12/1991") and birth_matches("1946", "08/03/1946")
    assert not birth_matches("12/1991", "31/11/1991")


def test_gateway_dates():
    assert parse_gateway_date("01/01/2024") == date(2024, 1, 1)
    assert parse_gateway_date("31/02/2024") is None and parse_gateway_date("") is None


def test_expiry_is_absolute_utc_with_seven_fraction_digits():
    assert parse_expiry("2017-11-13T03:51:20.1047187Z") == datetime(2017, 11, 13, 3, 51, 20, 104718,
                                                                   tzinfo=UTC)
    assert parse_expiry("2017-11-13T10:51:20+07:00") == datetime(2017, 11, 13, 3, 51, 20, tzinfo=UTC)
    assert parse_expiry("2017-11-13T03:51:20") == datetime(2017, 11, 13, 3, 51, 20, tzinfo=UTC)
    assert parse_expiry("600") is None and parse_expiry(600) is None
    moment = datetime(2026, 5, 1, 8, 0, 0, 123456, tzinfo=UTC)
    assert format_expiry(moment) == "2026-05-01T08:00:00.1234560Z"
    assert parse_expiry(format_expiry(moment)) == moment
