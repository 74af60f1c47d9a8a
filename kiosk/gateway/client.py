"""The VSS insurance-gateway client: log in once, look cards up, decide.

``GatewayClient.check_eligibility(identity)`` is what the check-in flow
calls. It answers from the per-day cache when it can, otherwise asks
``POST /api/egw/KQNhanLichSuKCB2024`` with the token in the query string,
logs in again and retries ONCE on a 401 (either kind), re-checks the new card
of a 003 answer, and raises a typed :class:`~kiosk.errors.GatewayError` when
the gateway cannot be used (see :mod:`kiosk.gateway.errors`). Logs hold only
masked card numbers, result codes and timings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from kiosk.config import FacilitySettings, GatewaySettings
from kiosk.domain import EligibilityResult, Identity, mask_digits
from kiosk.errors import GatewayError
from kiosk.gateway.auth import Token, TokenKeeper
from kiosk.gateway.cache import EligibilityCache, MemoryEligibilityCache
from kiosk.gateway.eligibility import Asked, confirm_new_card, evaluate, note_of
from kiosk.gateway.errors import (
    GatewayAccountBlocked,
    GatewayGarbage,
    GatewayHttpStatus,
    GatewayServerError,
    GatewayTokenRejected,
)
from kiosk.gateway.formats import (
    birth_matches,
    card_kind,
    fold,
    normalize_birth,
    normalize_card,
    normalize_name,
    result_code,
)
from kiosk.gateway.guard import STATE_FILE as GUARD_FILE
from kiosk.gateway.guard import AccountGuard
from kiosk.gateway.transport import NOT_JSON, post_json
from kiosk.http import HttpClient

log = logging.getLogger(__name__)

LOOKUP_PATH = "/api/egw/KQNhanLichSuKCB2024"
VN_TZ = timezone(timedelta(hours=7), "ICT")  # Vietnam has no daylight saving
BLOCKED_NOTE = "co loi xay ra trong qua trinh tra cuu"  # folded "Có lỗi xảy ra trong quá trình tra cứu!"


def utc_now() -> datetime:
    """The default clock: an aware UTC datetime."""
    return datetime.now(UTC)


class GatewayClient:
    """Eligibility checks against the VSS gateway for one facility account.

    ``clock`` returns an aware datetime (tests inject one); "today" for card
    validity and the cache is that instant's date in Vietnam. ``cache`` keeps
    successful answers per card per day (default: in memory; pass
    :class:`~kiosk.gateway.cache.NoEligibilityCache` to switch it off).
    ``http`` defaults to an :class:`~kiosk.http.HttpClient` with the
    configured timeouts. ``guard`` (default: one of its own) pauses every
    request while the account is blocked and every login right after an
    unanswered one (:mod:`kiosk.gateway.guard`); with ``data_dir`` (``config.data_path()``)
    those pauses are kept in a file there, shared by every process. Safe to share between threads.
    """

    def __init__(self, settings: GatewaySettings, facility: FacilitySettings, *,
                 clock: Callable[[], datetime] = utc_now, cache: EligibilityCache | None = None,
                 http: HttpClient | None = None, token_margin: timedelta = timedelta(seconds=30),
                 guard: AccountGuard | None = None, data_dir: Path | None = None) -> None:
        self.settings = settings
        self.facility = facility
        self.cache: EligibilityCache = cache if cache is not None else MemoryEligibilityCache()
        self.http = http or HttpClient(settings.url, settings.connect_timeout, settings.read_timeout,
                                       name="gateway.url")
        self._clock = clock
        self.guard = guard if guard is not None else AccountGuard(
            settings.username, block_pause=settings.block_pause_seconds, login_retry=settings.login_retry_seconds,
            clock=lambda: clock().timestamp(), state_path=data_dir / GUARD_FILE if data_dir is not None else None)
        self._tokens = TokenKeeper(settings, self.http, clock, token_margin, guard=self.guard)

    @property
    def logins(self) -> int:
        """How many login requests the gateway answered (one should serve many lookups)."""
        return self._tokens.logins

    def today(self) -> date:
        """Today's date in Vietnam by the injected clock."""
        return self._clock().astimezone(VN_TZ).date()

    def login(self) -> Token:
        """Log in now (e.g. a health check); raises GatewayLoginRefused, GatewayUnavailable…"""
        return self._tokens.login()

    def check_eligibility(self, identity: Identity) -> EligibilityResult:
        """The eligibility of the identified patient (cached per card per day)."""
        return self.lookup(identity.card_number, identity.full_name, identity.birth)

    def lookup(self, card_number: str, full_name: str, birth: str | date, *,
               use_cache: bool = True) -> EligibilityResult:
        """Look ``card_number`` up (ID number, BHXH number or BHYT code).

        ``birth`` is ``dd/MM/yyyy``, ``yyyy``, ``ddMMyyyy`` or a date. With
        ``use_cache=False`` the gateway is always asked (a re-check); a
        successful answer is stored either way. Raises GatewayInputError on
        bad input and a GatewayError subclass when the gateway is unusable.
        """
        asked = Asked(normalize_card(card_number), normalize_name(full_name), normalize_birth(birth))
        masked = mask_digits(asked.card_number)
        day = self.today()
        if use_cache:
            cached = self.cache.get(asked.card_number, day)
            # a cached answer only serves the same person: a typed card with another name asks again
            if cached is not None and fold(cached.full_name) == fold(asked.full_name) \
                    and birth_matches(cached.birth, asked.birth):
                log.info("gateway lookup card=%s answered from today's cache (code %s)", masked, cached.code)
                return cached
        started = time.perf_counter()
        try:
            self.guard.check_lookup()       # blocked: not one request until the pause has passed
            result = self._ask(asked)
            if result.code == "003":
                new = result.new_card_number
                recheck = self._ask(Asked(new, asked.full_name, asked.birth)) \
                    if new and card_kind(new) == "bhyt" else None
                result = confirm_new_card(result, recheck)
        except GatewayError as e:
            if isinstance(e, GatewayAccountBlocked) and getattr(e, "retry_after", None) is None:
                self.guard.note_blocked(e)      # the gateway just said so: pause everything
            log.warning("gateway lookup card=%s failed: %s (%s)", masked, e.code, e.detail)
            raise
        log.info("gateway lookup card=%s code=%s decision=%s status=%s in %.0f ms", masked, result.code,
                 result.decision.value, result.status.value, (time.perf_counter() - started) * 1000)
        if result.insured:
            self.cache.put(asked.card_number, day, result)
        return result

    def close(self) -> None:
        """Release the HTTP connections."""
        self.http.close()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ask(self, asked: Asked) -> EligibilityResult:
        """One lookup, with at most one re-login after a 401 (never a loop)."""
        body = {"maThe": asked.card_number, "hoTen": asked.full_name, "ngaySinh": asked.birth,
                "hoTenCb": self.settings.officer_name, "cccdCb": self.settings.officer_cccd}
        for attempt in (1, 2):
            token = self._tokens.current()
            params = {"token": token.access_token, "id_token": token.id_token,
                      "username": self.settings.username, "password": self._tokens.password_md5}
            status, data = post_json(self.http, LOOKUP_PATH, json_body=body, params=params, what="lookup")
            if status == 401 or (status == 200 and isinstance(data, dict) and result_code(data) == "401"):
                self._tokens.invalidate(token)
                if attempt == 1:
                    log.info("gateway refused the token (HTTP %s); logging in again, retrying once", status)
                    continue
                raise GatewayTokenRejected(
                    "The gateway refused a fresh token too (401 twice): check that this kiosk's public "
                    "IP address is registered with VSS.")
            return self._interpret(status, data, asked)
        raise AssertionError("unreachable")  # pragma: no cover

    def _interpret(self, status: int, data: object, asked: Asked) -> EligibilityResult:
        code = result_code(data) if isinstance(data, dict) else ""
        if status >= 500 or code == "500":
            if isinstance(data, dict) and BLOCKED_NOTE in fold(note_of(data)):
                raise GatewayAccountBlocked(
                    f"The gateway blocked account {self.settings.username} (too many lookups): "
                    "lookups resume when VSS lifts the block.")
            raise GatewayServerError(f"The gateway answered the lookup with HTTP {status}.")
        if status != 200:
            raise GatewayHttpStatus(f"The gateway answered the lookup with unexpected HTTP {status}.")
        if data is NOT_JSON or data is None or not isinstance(data, dict) or not code:
            what = "empty" if data is None else "unreadable" if data is NOT_JSON else "no maKetQua"
            raise GatewayGarbage(f"The gateway's lookup answer is not the expected JSON ({what}).")
        if code == "101":
            raise GatewayServerError("The gateway answered result 101 (server error).")
        now = self._clock()
        return evaluate(data, asked, self.facility, now.astimezone(VN_TZ).date(), now)
