"""The insurance rules in force: facility profile, dated benefit rules, slips, holidays, code lists.

All of it is data shipped in this package (``*.toml``) that IT may override
through the ``[rules]`` section of kiosk.toml; :func:`load_benefit_rules`
reads and validates everything once, at start-up.
"""

from __future__ import annotations

from kiosk.rules.benefit import Benefit, BenefitRules, card_level
from kiosk.rules.calendar import HolidayCalendar, load_holidays
from kiosk.rules.codes import CodeList, load_code_list
from kiosk.rules.slips import (
    Appointment,
    AppointmentStatus,
    ChronicDiseases,
    Referral,
    SlipCheck,
    load_chronic_diseases,
    parse_appointment_id,
    parse_referral,
)
from kiosk.rules.table import Case, FacilityProfile, Rule, RuleTable, load_rule_table

__all__ = ["Appointment", "AppointmentStatus", "Benefit", "BenefitRules", "Case", "ChronicDiseases", "CodeList",
           "FacilityProfile", "HolidayCalendar", "Referral", "Rule", "RuleTable", "SlipCheck", "card_level",
           "facility_profile", "load_benefit_rules", "load_chronic_diseases", "load_code_list",
           "load_holidays", "load_rule_table", "parse_appointment_id", "parse_referral"]


def facility_profile(config) -> FacilityProfile:
    """The facility profile of a :class:`~kiosk.config.Config`."""
    f = config.facility
    return FacilityProfile(code=f.code, level=f.level, score=None if f.score < 0 else float(f.score),
                           former_tier=f.former_tier,
                           equivalent=tuple(f.equivalent_facilities) + tuple(f.right_route_facilities))


def load_benefit_rules(config) -> BenefitRules:
    """Everything the benefit decision needs, read from the files the config names (or the packaged ones)."""
    r = config.rules
    codes = load_code_list(r.codes)
    return BenefitRules(load_rule_table(r.file, codes.codes), facility_profile(config), load_holidays(r.holidays),
                        load_chronic_diseases(r.chronic_diseases), codes)
