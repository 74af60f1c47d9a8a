"""The VSS health-insurance gateway client (Qt-free).

Public API (stable; the check-in flow and the CLI build on it)::

    from kiosk.gateway import GatewayClient
    client = GatewayClient(config.gateway, config.facility)
    result = client.check_eligibility(identity)   # -> kiosk.domain.EligibilityResult

Errors are :class:`kiosk.errors.GatewayError` subclasses (see
:mod:`kiosk.gateway.errors`); ``GatewayUnavailable`` ones mean "treat as
offline, register as pending".
"""

from kiosk.gateway.auth import Token, md5_hex
from kiosk.gateway.cache import EligibilityCache, MemoryEligibilityCache, NoEligibilityCache
from kiosk.gateway.client import LOOKUP_PATH, VN_TZ, GatewayClient, utc_now
from kiosk.gateway.codes import CODES, CodeInfo, info_for
from kiosk.gateway.errors import (
                                  GatewayAccountBlocked,
                                  GatewayAnswerTooDeep,
                                  GatewayGarbage,
                                  GatewayHttpStatus,
                                  GatewayInputError,
                                  GatewayLoginRefused,
                                  GatewayServerError,
                                  GatewayTimeout,
                                  GatewayTokenRejected,
                                  GatewayUnreachable,
)

__all__ = [
    "CODES", "CodeInfo", "EligibilityCache", "GatewayAccountBlocked", "GatewayAnswerTooDeep", "GatewayClient",
    "GatewayGarbage",
    "GatewayHttpStatus", "GatewayInputError", "GatewayLoginRefused", "GatewayServerError",
    "GatewayTimeout", "GatewayTokenRejected", "GatewayUnreachable", "LOOKUP_PATH",
    "MemoryEligibilityCache", "NoEligibilityCache", "Token", "VN_TZ", "info_for", "md5_hex", "utc_now",
]
