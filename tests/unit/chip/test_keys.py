"""Access keys: MRZ information, ID + dates, expiries derived from the QR code."""

from datetime import date

import pytest

from readers.chip.keys import KeyInputError, candidate_expiries, key_from_dates, key_from_mrz_info, keys_from_qr


def test_reference_example_from_id_and_dates():
    key = key_from_dates("001093047064", date(1993, 1, 5), date(2033, 1, 5))
    assert key.mrz_info == "0930470641" + "9301054" + "3301052"
    assert key.can == "047064" and "0930" not in repr(key)


def test_mrz_info_is_checked():
    assert key_from_mrz_info("L898902C<369080619406236").document_number == "L898902C"
    with pytest.raises(KeyInputError, match="check digit"):
        key_from_mrz_info("L898902C<369080619406237")
    with pytest.raises(KeyInputError, match="24 characters"):
        key_from_mrz_info("L898902C")


def test_expiry_is_the_next_renewal_birthday():
    # born 05/01/1993, issued 2021: the 40th birthday
    assert candidate_expiries(date(1993, 1, 5), date(2021, 4, 1))[0] == (date(2033, 1, 5), "40th birthday")


def test_card_issued_within_two_years_of_an_age_lasts_until_the_next():
    # issued at 23y11m: the 25th birthday is inside the grace window → valid until 40
    got = [d for d, _ in candidate_expiries(date(2000, 6, 1), date(2024, 5, 1))]
    assert got[0] == date(2040, 6, 1)


def test_2024_law_adds_age_14_for_children():
    got = candidate_expiries(date(2015, 3, 10), date(2024, 8, 1))
    assert got[0] == (date(2029, 3, 10), "14th birthday")


def test_leap_day_birth_gets_both_candidates():
    # 14th birthday falls inside the grace window, so the 25th (2037, not a leap year)
    got = [d for d, _ in candidate_expiries(date(2012, 2, 29), date(2024, 8, 1))]
    assert got[:2] == [date(2037, 2, 28), date(2037, 3, 1)]


def test_qr_of_a_card_with_no_expiry_gives_the_pace_key_only():
    from devkit.simulator.citizens import by_key
    elderly = by_key("elderly")
    keys = keys_from_qr(elderly.qr_text())
    assert len(keys) == 1
    assert keys[0].can == elderly.id_number[-6:]
    assert not keys[0].mrz_info  # no expiry to derive, so nothing for BAC


def test_bad_id_number():
    with pytest.raises(KeyInputError):
        key_from_dates("12345", date(1990, 1, 1), date(2030, 1, 1))


def test_fault_names_parse_and_unknown_ones_are_refused():
    from devkit.virtual_card.faults import Faults
    f = Faults.parse(["wrong-mac", "slow"], delay=0.2)
    assert f.wrong_mac and f.delay == 0.2 and not f.tamper_dg13
    with pytest.raises(ValueError, match="unknown fault"):
        Faults.parse(["explode"])
