"""The shipped benefit rules on both sides of 1 July 2026, and the referral's working-day boundary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.errors import ConfigError, InputError
from kiosk.rules import (
    Appointment,
    AppointmentStatus,
    BenefitRules,
    FacilityProfile,
    load_chronic_diseases,
    load_code_list,
    load_holidays,
    load_rule_table,
    parse_referral,
)
from kiosk.rules.table import PACKAGED

BEFORE, AFTER = date(2026, 6, 30), date(2026, 7, 1)
CARD_80 = "GD4920300000003"     # benefit digit 4 → 80 %
CARD_95 = "HC3010200000002"     # digit 3 → 95 %
CARD_100 = "TE1791200000012"    # digit 1 → 100 %
HERE, ELSEWHERE = "79014", "92001"


def rules_for(level="co_ban", score=62.0, tier="tinh", equivalent=()) -> BenefitRules:
    codes = load_code_list()
    return BenefitRules(load_rule_table(None, codes.codes), FacilityProfile(HERE, level, score, tier, equivalent),
                        load_holidays(), load_chronic_diseases(), codes)


def decide(rules, on, registered=ELSEWHERE, card=CARD_80, **kw):
    return rules.decide(card_number=card, registered_facility=registered, on=on, **kw)


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_registered_here_is_the_full_card_level_on_both_sides(on):
    b = decide(rules_for(), on, registered=HERE)
    assert (b.reason, b.rule, b.ma_doituong_kcb, b.factor, b.percent) == ("registered", "registered-here",
                                                                         "1.1", 1.0, 80.0)
    assert b.patient_vi.startswith("Bảo hiểm y tế chi trả 80 %") and not b.staff_confirm
    assert b.provisional is True


def test_an_equivalent_facility_counts_as_registered_here():
    b = decide(rules_for(equivalent=(ELSEWHERE,)), AFTER)
    assert b.reason == "registered" and b.percent == 80.0


@pytest.mark.parametrize("level,score,tier,before,after", [
    # (a) basic, 50 to under 70 points: unclear before July (staff confirm), 50 % after
    ("co_ban", 62.0, "none", ("nr-outpatient-other", None), ("nr-outpatient-basic-50-70", 40.0)),
    # (b) basic, formerly provincial (even when scoring under 50)
    ("co_ban", 45.0, "tinh", ("nr-outpatient-basic-under-50", 80.0), ("nr-outpatient-basic-former-provincial", 40.0)),
    ("co_ban", 75.0, "trung_uong", ("nr-outpatient-other", None), ("nr-outpatient-basic-former-provincial", 40.0)),
    # (c) specialised, formerly provincial
    ("chuyen_sau", None, "tinh", ("nr-outpatient-other", None),
     ("nr-outpatient-specialised-former-provincial", 40.0)),
    # basic under 50 points (or not scored yet): 100 % on both sides
    ("co_ban", 30.0, "none", ("nr-outpatient-basic-under-50", 80.0), ("nr-outpatient-basic-under-50", 80.0)),
    ("co_ban", None, "none", ("nr-outpatient-basic-under-50", 80.0), ("nr-outpatient-basic-under-50", 80.0)),
    # formerly district: 100 % but unconfirmed (the figure is computed, staff still confirm)
    ("chuyen_sau", None, "huyen", ("nr-outpatient-former-district", 80.0),
     ("nr-outpatient-former-district", 80.0)),
    ("ban_dau", None, "none", ("nr-outpatient-initial", 80.0), ("nr-outpatient-initial", 80.0)),
    # specialised, formerly central: no confirmed text at all
    ("chuyen_sau", None, "trung_uong", ("nr-outpatient-other", None), ("nr-outpatient-other", None)),
])
def test_not_registered_outpatient_on_both_sides_of_1_july_2026(level, score, tier, before, after):
    rules = rules_for(level, score, tier)
    for on, (rule, percent) in ((BEFORE, before), (AFTER, after)):
        b = decide(rules, on)
        assert (b.reason, b.rule, b.percent, b.ma_doituong_kcb) == ("not_registered", rule, percent, "1.14"), on
        if percent is None or not b.verified:
            assert b.staff_confirm and "nhân viên sẽ xác nhận mức hưởng" in b.patient_vi


def test_fifty_percent_of_a_95_card_is_a_four_character_muc_huong():
    b = decide(rules_for(), AFTER, card=CARD_95)
    assert b.percent == 47.5 and b.muc_huong == "47.5"
    assert "47.5 %" in b.patient_en


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_emergency_is_full_benefit_code_2_anywhere(on):
    b = decide(rules_for(), on, emergency=True)
    assert (b.reason, b.ma_doituong_kcb, b.percent) == ("emergency", "2", 80.0)


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_inpatient_rules(on):
    basic = decide(rules_for(), on, care="inpatient")
    assert (basic.rule, basic.ma_doituong_kcb, basic.percent, basic.staff_confirm) == (
        "nr-inpatient-basic", "1.15", 80.0, True)
    spec = decide(rules_for("chuyen_sau", None, "trung_uong"), on, care="inpatient")
    assert (spec.rule, spec.percent, spec.staff_confirm) == ("nr-inpatient-specialised", 32.0, True)


# -- referral slips: 10 working days from signing, a holiday inside the window ---------------------------
# Signed Wed 22/04/2026. Working days after it: 23, 24, 28 (27 = Hùng Kings, in lieu), 29, 4/5 (30/4 and 1/5
# are holidays), 5, 6, 7, 8, 11 → the 10th working day is Mon 11/05/2026.
SIGNED = date(2026, 4, 22)


@pytest.mark.parametrize("on,reason,percent", [
    (date(2026, 5, 11), "referral", 80.0),          # the 10th working day: still valid
    (date(2026, 5, 12), "not_registered", None),    # the 11th: expired (before July: staff confirm)
])
def test_referral_working_day_boundary_with_holidays_in_the_window(on, reason, percent):
    rules = rules_for()
    b = decide(rules, on, referral=parse_referral(f"CV-12/2026:92001:{SIGNED:%d/%m/%Y}"))
    assert (b.reason, b.percent) == (reason, percent)
    assert ("referral valid" if reason == "referral" else "referral expired") in b.staff_detail
    assert "until 11/05/2026" in b.staff_detail


def test_without_the_holiday_file_the_same_slip_would_end_earlier(tmp_path):
    """The holidays are what moves the boundary: with weekends only, the 10th working day is 06/05."""
    empty = tmp_path / "holidays.toml"
    empty.write_text("weekend = [6, 7]\n[[year]]\nyear = 2026\ndays = []\n", encoding="utf-8")
    assert load_holidays(empty).add_working_days(SIGNED, 10) == date(2026, 5, 6)
    assert load_holidays().add_working_days(SIGNED, 10) == date(2026, 5, 11)


@pytest.mark.parametrize("on,expected", [(date(2026, 6, 30), "referral"), (date(2026, 7, 1), "not_registered")])
def test_referral_after_july_keeps_the_full_benefit_only_while_valid(on, expected):
    signed = date(2026, 6, 16)  # Tue; 10 working days → Tue 30/06
    b = decide(rules_for(), on, referral=parse_referral(f"R1:92001:{signed:%d/%m/%Y}"))
    assert b.reason == expected
    assert b.percent == (80.0 if expected == "referral" else 40.0)


def test_chronic_referral_lasts_a_year():
    rules = rules_for()
    slip = parse_referral("R2:92001:01/08/2025:E11.9")
    assert decide(rules, date(2026, 7, 31), referral=slip).reason == "referral"
    assert decide(rules, date(2026, 8, 1), referral=slip).reason == "not_registered"
    other = parse_referral("R3:92001:01/08/2025:S52")  # a fracture: 10 working days only
    assert decide(rules, date(2025, 9, 30), referral=other).reason == "not_registered"


@pytest.mark.parametrize("status,reason", [(AppointmentStatus.FRESH, "appointment"),
                                           (AppointmentStatus.USED, "not_registered"),
                                           (AppointmentStatus.UNKNOWN, "not_registered"),
                                           (AppointmentStatus.UNCHECKED, "not_registered")])
@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_appointment_counts_only_when_unused(status, reason, on):
    b = decide(rules_for(), on, appointment=Appointment("H-2026-0042", status))
    assert b.reason == reason
    if reason == "appointment":
        assert (b.percent, b.ma_doituong_kcb, b.rule) == (80.0, "1.3", "appointment")


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_five_years_reached_names_the_rule_and_keeps_the_card_level(on):
    b = decide(rules_for(), on, registered=HERE, five_years=date(2024, 1, 1))
    assert (b.reason, b.rule, b.percent, b.ma_doituong_kcb) == ("five_years", "five-years", 80.0, "1.1")
    assert "Decree 188/2025/NĐ-CP Art. 18" in b.source and "co-payment" in b.staff_detail
    not_yet = decide(rules_for(), on, registered=HERE, five_years=date(2027, 1, 1))
    assert not_yet.reason == "registered"
    full_card = decide(rules_for(), on, registered=HERE, card=CARD_100, five_years=date(2024, 1, 1))
    assert full_card.reason == "registered" and full_card.percent == 100.0


def test_five_years_elsewhere_after_july_is_half_of_the_card_level():
    b = decide(rules_for(), AFTER, five_years=date(2024, 1, 1))
    assert (b.reason, b.percent, b.ma_doituong_kcb) == ("five_years", 40.0, "1.14")


def test_unknown_registered_facility_or_card_level_means_staff_confirm():
    b = decide(rules_for(), AFTER, registered=None)
    assert b.reason == "unknown" and b.staff_confirm and b.percent is None
    ten = decide(rules_for(), AFTER, registered=HERE, card="7912345678")
    assert ten.reason == "registered" and ten.card_level is None and ten.staff_confirm


def test_slip_question_only_when_it_matters():
    rules = rules_for()
    assert rules.slip_matters(ELSEWHERE, AFTER) and rules.slip_matters(ELSEWHERE, BEFORE)
    assert not rules.slip_matters(HERE, AFTER) and not rules.slip_matters(None, AFTER)
    assert not rules_for("co_ban", 30.0, "none").slip_matters(ELSEWHERE, AFTER)


def test_code_list_has_27_codes_and_no_bare_3():
    codes = load_code_list()
    assert len(codes.codes) == 27 and "3" not in codes and "1.14" in codes
    for rule in load_rule_table().rules:
        assert rule.ma_doituong_kcb is None or rule.ma_doituong_kcb in codes


# -- validation: one sentence naming the bad entry ---------------------------------------------------------
def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (PACKAGED / "benefit-rules.toml").read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "rules.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize("old,new,message", [
    ('ma_doituong_kcb = "1.14"', 'ma_doituong_kcb = "3"', "rule 'nr-outpatient-basic-under-50': ma_doituong_kcb '3'"),
    ("factor = 0.5", "factor = 5", "rule 'nr-outpatient-basic-50-70': factor must be a number from 0 to 1"),
    ('levels = ["co_ban"]', 'levels = ["tuyen_tinh"]', "levels must be a non-empty list"),
    ('id = "referral"', 'id = "emergency"', "rule 'emergency' is defined twice"),
    ("from = 2026-07-01", 'from = "1 July"', "from must be a date"),
    ('source = "Circular 01/2025/TT-BYT Art. 11"', 'source = ""', "rule 'appointment': source must name"),
    ("verified = true", "verifed = true", "unknown key 'verifed'"),
])
def test_a_bad_rules_file_is_refused_with_one_sentence_naming_the_entry(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as e:
        load_rule_table(_copy_with(tmp_path, old, new))
    assert message in str(e.value.detail) and "\n" not in e.value.detail


def test_an_it_override_file_changes_the_answer(tmp_path):
    p = _copy_with(tmp_path, "factor = 0.5", "factor = 0.6")
    codes = load_code_list()
    rules = BenefitRules(load_rule_table(p, codes.codes), FacilityProfile(HERE, "co_ban", 62.0, "none"),
                         load_holidays(), load_chronic_diseases(), codes)
    assert decide(rules, AFTER).percent == 48.0


@pytest.mark.parametrize("text", ["R1:9200:01/01/2026", "R1:92001:32/01/2026", "R1:92001", "R 1:92001:01/01/2026",
                                  "R1:92001:01/01/2026:XYZ", "R1:92001:01/01/2099"])
def test_bad_referral_text_is_one_input_error(text):
    with pytest.raises(InputError) as e:
        parse_referral(text, today=date(2026, 7, 1))
    assert e.value.code == "bad_referral"
