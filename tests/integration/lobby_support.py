"""Shared by the lobby tests: the spec, spec checks (a test-side session, the product client), a synthetic referral."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers, ImmutableMultiDict

from kiosk.http import Exchange
from tests.integration.checkin_support import ROOT

SPEC = yaml.safe_load((ROOT / "docs" / "hospital-api.yaml").read_text(encoding="utf-8"))
KEY = {"X-Api-Key": "demo-key"}


class ExchangeRequest:
    """The request of a :class:`kiosk.http.Exchange` as openapi-core reads one."""

    def __init__(self, exchange: Exchange) -> None:
        self._exchange = exchange
        self._url = urlsplit(exchange.url)
        self.parameters = RequestParameters(query=ImmutableMultiDict(parse_qs(self._url.query)),
                                            header=Headers(dict(exchange.headers)), cookie=ImmutableMultiDict())

    @property
    def host_url(self) -> str:
        return f"{self._url.scheme}://{self._url.netloc}"

    @property
    def path(self) -> str:
        return self._url.path

    @property
    def method(self) -> str:
        return self._exchange.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._exchange.body

    @property
    def content_type(self) -> str:
        return str(self._exchange.headers.get("Content-Type") or self._exchange.headers.get("Accept"))


class ExchangeResponse:
    """The answer of a :class:`kiosk.http.Exchange` as openapi-core reads one."""

    def __init__(self, exchange: Exchange) -> None:
        self._response = exchange.response

    @property
    def data(self) -> bytes:
        return self._response.content

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return str(self._response.headers.get("Content-Type", ""))

    @property
    def headers(self) -> Headers:
        return Headers(list(self._response.headers.items()))


class SpecCheck:
    """Validates requests and answers against the spec (raises on mismatch).

    ``bad_requests`` > 0: the next that many requests are meant to break the spec
    (the test sends them on purpose): each must FAIL request validation; answers are still checked.
    """

    def __init__(self, base: str) -> None:
        self.api = OpenAPI.from_dict(dict(SPEC, servers=[{"url": base}]))
        self.bad_requests = 0

    def __call__(self, request, response) -> None:
        if self.bad_requests:
            self.bad_requests -= 1
            with pytest.raises(OpenAPIError):
                self.api.validate_request(request)
        else:
            self.api.validate_request(request)
        self.api.validate_response(request, response)

    def exchange(self, exchange: Exchange) -> None:
        """An observer for :attr:`kiosk.http.HttpClient.observers`: the product client's own traffic."""
        self(ExchangeRequest(exchange), ExchangeResponse(exchange))


def spec_session(base: str) -> requests.Session:
    """A test-side ``requests`` session whose every request and answer is validated against the spec.

    ``session.bad_requests`` > 0: see :class:`SpecCheck`.
    """
    check = SpecCheck(base)

    class Session(requests.Session):
        @property
        def bad_requests(self) -> int:
            return check.bad_requests

        @bad_requests.setter
        def bad_requests(self, n: int) -> None:
            check.bad_requests = n

    session = Session()

    def validate(resp: requests.Response, *args, **kwargs) -> None:
        check(RequestsOpenAPIRequest(resp.request), RequestsOpenAPIResponse(resp))

    session.hooks["response"].append(validate)
    return session


def spec_observer(base: str) -> SpecCheck:
    """A spec check to append to an :class:`kiosk.http.HttpClient`'s observers."""
    return SpecCheck(base)


def referral_body(reason: str = "expired", kiosk: str = "K07", **over) -> dict:
    """A synthetic referral as a kiosk sends it."""
    body = {"client_id": str(uuid.uuid4()), "kiosk_id": kiosk,
            "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "counter_number": f"{kiosk}-Q003", "reason": reason, "gateway_code": "070",
            "staff_detail": "Thẻ BHYT đã hết hạn sử dụng.", "masked_card": "***********5678",
            "screen": None, "registration_id": None,
            "identity": {"full_name": "Trần Thị Thu Hà", "birth": "1990-04-12", "card_number": "GD4797912345678",
                         "id_number": "079190001234", "sex": "female", "source": "qr-id-card"},
            "eligibility": {"status": reason, "code": "070", "checked_at": None}}
    body.update(over)
    return body
