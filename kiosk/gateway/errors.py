"""Typed errors of the insurance-gateway client, one ``code`` per failure kind.

The check-in flow needs three families:

* :class:`~kiosk.errors.GatewayUnavailable` subclasses: the gateway could not
  answer (timeout, connection refused/reset, HTTP 5xx, ``maKetQua`` 101, the
  account blocked by the rate limit). The visit may go ahead as *pending* and
  be checked again later.
* :class:`GatewayLoginRefused`: the facility account was refused at login
  (401/402/403): a configuration problem for hospital IT, also a
  :class:`~kiosk.errors.ConfigError`.
* the rest of :class:`~kiosk.errors.GatewayError`: the gateway answered with
  something unusable (garbage, an unexpected HTTP status, a token refused even
  right after a fresh login).

``detail`` never holds a card number, a name, a birth date, the token or the
password: it is safe to log.
"""

from __future__ import annotations

from kiosk.errors import ConfigError, GatewayError, GatewayUnavailable, InputError


class GatewayTimeout(GatewayUnavailable):
    """No answer within the read timeout. Never retried blindly: the gateway rate-limits."""

    code = "gateway_timeout"


class GatewayUnreachable(GatewayUnavailable):
    """Could not connect, or the connection was refused, reset or dropped without an answer."""

    code = "gateway_unreachable"


class GatewayServerError(GatewayUnavailable):
    """HTTP 5xx, login result 500, or lookup result 101 (server error)."""

    code = "gateway_server_error"


class GatewayAccountBlocked(GatewayUnavailable):
    """The facility account is blocked (rate limit): HTTP 500 with
    "Có lỗi xảy ra trong quá trình tra cứu!". Staff/IT must be told; lookups
    resume when VSS lifts the block."""

    code = "gateway_blocked"


class GatewayAnswerTooDeep(GatewayUnavailable):
    """The answer is JSON nested deeper than any protocol answer could be (a broken or hostile
    gateway): treated like no answer, so the patient continues as pending."""

    code = "gateway_too_deep"


class GatewayGarbage(GatewayError):
    """The answer is not the JSON the protocol promises (truncated, HTML, missing fields)."""

    code = "gateway_garbage"


class GatewayHttpStatus(GatewayError):
    """An HTTP status the protocol does not use (e.g. 404: wrong gateway URL)."""

    code = "gateway_http_status"


class GatewayTokenRejected(GatewayError):
    """A fresh token was refused again (401 twice): wrong registered IP or a gateway fault."""

    code = "gateway_token_rejected"


class GatewayLoginRefused(GatewayError, ConfigError):
    """Login refused (401 bad credentials, 402/403 account not confirmed): alert hospital IT."""

    code = "gateway_login_refused"
    exit_code = 3
    patient_vi = ConfigError.patient_vi
    patient_en = ConfigError.patient_en


class GatewayInputError(InputError):
    """What we were asked to look up cannot be sent (bad card number, name or birth date)."""

    code = "gateway_input"
    patient_vi = "Thông tin thẻ chưa đúng. Vui lòng thử lại hoặc đến quầy tiếp đón."
    patient_en = "The card details are not valid. Please try again or go to the counter."
