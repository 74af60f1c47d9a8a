"""Shared by the lobby tests: the spec, a spec-validating session, a synthetic referral."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
import requests
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.exceptions import OpenAPIError

from tests.integration.checkin_support import ROOT

SPEC = yaml.safe_load((ROOT / "docs" / "hospital-api.yaml").read_text(encoding="utf-8"))
KEY = {"X-Api-Key": "demo-key"}


def spec_session(base: str) -> requests.Session:
    """A session whose every request and answer is validated against the spec (raises on mismatch).

    ``session.bad_requests`` > 0: the next that many requests are meant to break the spec
    (the test sends them on purpose): each must FAIL request validation; answers are still checked.
    """
    api = OpenAPI.from_dict(dict(SPEC, servers=[{"url": base}]))
    session = requests.Session()
    session.bad_requests = 0

    def validate(resp: requests.Response, *args, **kwargs) -> None:
        request = RequestsOpenAPIRequest(resp.request)
        if session.bad_requests:
            session.bad_requests -= 1
            with pytest.raises(OpenAPIError):
                api.validate_request(request)
        else:
            api.validate_request(request)
        api.validate_response(request, RequestsOpenAPIResponse(resp))

    session.hooks["response"].append(validate)
    return session


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
