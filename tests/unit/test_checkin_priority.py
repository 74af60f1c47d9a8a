"""Priority groups from the birth date (issue 19 item 8)."""

from datetime import date

import pytest

from kiosk.checkin.priority import derived_priority

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("birth,expected", [
    ("30/11/1946", "over-80"),      # 80 today
    ("01/12/1946", None),           # 80 tomorrow
    ("08/03/1940", "over-80"),
    ("1945", "over-80"),            # year only: certainly 80 by now
    ("1946", None),                 # year only: 79 or 80, not certain
    ("01/12/2020", "under-6"),      # 5, six tomorrow
    ("30/11/2020", None),           # six today
    ("2021", "under-6"),
    ("2020", None),                 # 5 or 6
    ("00/00/1930", "over-80"),
    ("14/03/1988", None),
    ("", None), ("garbage", None), ("31/13/1950", None),
])
def test_derived_priority(birth, expected):
    assert derived_priority(birth, TODAY) == expected
