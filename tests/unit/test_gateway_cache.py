"""The per-card, per-day eligibility cache."""

from datetime import UTC, date

from kiosk.domain import Decision, EligibilityResult, StaffStatus
from kiosk.gateway.cache import EligibilityCache, MemoryEligibilityCache, NoEligibilityCache


def _result(card):
    return EligibilityResult("000", Decision.ACCEPT, StaffStatus.VERIFIED, "vi", "en", "staff", card)


def test_memory_cache_is_per_card_and_day_and_forgets_old_days():
    cache = MemoryEligibilityCache()
    assert isinstance(cache, EligibilityCache)
    d1, d2 = date(2026, 1, 1), date(2026, 1, 2)
    cache.put("A", d1, _result("A"))
    assert cache.get("A", d1).card_number == "A"
    assert cache.get("B", d1) is None and cache.get("A", d2) is None
    cache.put("B", d2, _result("B"))
    assert cache.get("A", d1) is None and len(cache) == 1


def test_no_cache_keeps_nothing():
    cache = NoEligibilityCache()
    assert isinstance(cache, EligibilityCache)
    cache.put("A", date(2026, 1, 1), _result("A"))
    assert cache.get("A", date(2026, 1, 1)) is None


def test_result_record_round_trip_for_a_persistent_cache():
    import json
    from datetime import datetime

    from kiosk.domain import Route, Sex
    from kiosk.gateway.cache import result_from_record, result_to_record
    r = EligibilityResult("003", Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD, "vi", "en", "staff",
                          "DN4790100000011", "Trần Văn Bình", "1988", Sex.MALE, date(2026, 1, 1),
                          date(2026, 12, 31), "79014", Route.RIGHT, "DN4790100000011", date(2026, 1, 1),
                          date(2026, 12, 31), datetime(2026, 6, 15, 2, tzinfo=UTC), raw={"x": 1})
    record = json.loads(json.dumps(result_to_record(r)))
    assert "raw" not in record
    assert result_from_record(record) == r
