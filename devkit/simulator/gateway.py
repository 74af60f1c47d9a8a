"""The simulated VSS gateway: ``/api/token/take`` and ``/api/egw/KQNhanLichSuKCB2024``.

Faithful where clients trip: ``expires_in`` is an absolute UTC timestamp; a
token only works from the IP that took it; a refused token is answered as
HTTP 200 + maKetQua 401 or as HTTP 401 with an empty body (configurable,
or alternating); a blocked account gets HTTP 500 with "Có lỗi xảy ra trong
quá trình tra cứu!"; JSON and form bodies are both accepted, MD5 hex in
either case; names are compared without diacritics or case; birth dates
may be ``dd/MM/yyyy``, ``yyyy`` or ``ddMMyyyy``; wrong officer fields give
054/055, a malformed parameter 205, error answers leave out maThe.
Fault endpoints: ``gateway.login``, ``gateway.lookup``.
"""

from __future__ import annotations

import re

from devkit.simulator.gateway_answers import BLOCKED_NOTE, CARD_CODES, card_body, error_body
from devkit.simulator.gateway_state import GatewayState
from devkit.simulator.server import Request, Response, Router, SimulatorServer, json_response
from kiosk.gateway.formats import card_kind, fold, format_expiry

LOGIN_PATH = "/api/token/take"
LOOKUP_PATH = "/api/egw/KQNhanLichSuKCB2024"
_REQUIRED = ("maThe", "hoTen", "ngaySinh", "hoTenCb", "cccdCb")


def _birth_parts(text: str) -> tuple[str, ...] | None:
    """``dd/MM/yyyy`` / ``ddMMyyyy`` → (yyyy, MM, dd); ``yyyy`` → (yyyy,); anything else None."""
    m = re.fullmatch(r"(\d{2})/?(\d{2})/?(\d{4})", text)
    if m and (text.count("/") in (0, 2)):
        return m.group(3), m.group(2), m.group(1)
    return (text,) if re.fullmatch(r"\d{4}", text) else None


def _card_problem(state: GatewayState, card: str) -> str:
    """050/051/052/053 for a 15-char code nobody holds, by which part is wrong."""
    for c in state.citizens:
        if c.bhyt_code and card[-10:] == c.bhyt_code[-10:]:
            if card[:2] != c.bhyt_code[:2]:
                return "051"
            if card[2] != c.bhyt_code[2]:
                return "053"
            if card[3:5] != c.bhyt_code[3:5]:
                return "052"
    return "050"


def login(state: GatewayState, req: Request) -> Response:
    """``POST /api/token/take``: username + MD5 password (JSON or form) → token, absolute expiry."""
    state.note_request("login")
    with state.lock:
        state.login_attempts += 1
    data = req.fields() or {}
    username = str(data.get("username") or "")
    refused = state.refused_accounts.get(username)
    if refused:
        return json_response({"maKetQua": refused, "APIKey": None})
    if not state.password_ok(username, str(data.get("password") or "")):
        return json_response({"maKetQua": "401", "APIKey": None})
    token = state.issue(username, req.client_ip)
    return json_response({"maKetQua": "200", "APIKey": {
        "access_token": token.access_token, "id_token": token.id_token, "token_type": "Bearer",
        "username": username, "expires_in": format_expiry(token.expires_at)}})


def _unauthorized(state: GatewayState) -> Response:
    if state.next_unauthorized_style() == "http":
        return Response(401, b"", {})
    return json_response(error_body("401"))


def lookup(state: GatewayState, req: Request) -> Response:
    """``POST /api/egw/KQNhanLichSuKCB2024``: query-string auth, card + person + officer in the body."""
    username = req.query.get("username")
    state.note_request("lookup")
    if not state.count_lookup(username) and state.token_ok(req.query, req.client_ip):
        return json_response({state.blocked_note_key: BLOCKED_NOTE}, status=500)
    if not state.token_ok(req.query, req.client_ip):
        return _unauthorized(state)
    data = req.fields()
    if not isinstance(data, dict) or any(not str(data.get(k) or "").strip() for k in _REQUIRED):
        return json_response(error_body("205"))
    card = re.sub(r"\s", "", str(data["maThe"])).upper()
    birth = _birth_parts(str(data["ngaySinh"]).strip())
    cccd = str(data["cccdCb"]).strip()
    if birth is None or not re.fullmatch(r"\d{12}", cccd) or len(card) not in (10, 12, 15):
        return json_response(error_body("205"))
    if cccd not in state.officers:
        return json_response(error_body("054"))
    if fold(state.officers[cccd]) != fold(str(data["hoTenCb"])):
        return json_response(error_body("055"))
    if card_kind(card) is None:
        return json_response(error_body("051"))
    citizen = state.find(card)
    if citizen is None or citizen.bhyt_code is None:
        return json_response(error_body(_card_problem(state, card) if len(card) == 15 else "050"))
    asked_name, real_name = fold(str(data["hoTen"])), fold(citizen.full_name)
    if asked_name != real_name:
        return json_response(error_body("061" if asked_name[:1] == real_name[:1] else "060"))
    real_birth = (citizen.birth.strftime("%Y"), citizen.birth.strftime("%m"), citizen.birth.strftime("%d"))
    if any(a != b for a, b in zip(birth, real_birth, strict=False)):
        return json_response(error_body("070"))
    as_new_card = card == citizen.new_card_code
    code = state.forced_codes.get(card) or ("000" if as_new_card else citizen.gateway_code)
    if code not in CARD_CODES:
        return json_response(error_body(code))
    return json_response(card_body(citizen, code, state.today(), state.clock(), username or "",
                                   as_new_card=as_new_card, asked=card))


def add_gateway_routes(router: Router, state: GatewayState) -> None:
    """Register the gateway's two endpoints and its admin endpoint on ``router``."""
    router.add("POST", LOGIN_PATH, "gateway.login", lambda req: login(state, req))
    router.add("POST", LOOKUP_PATH, "gateway.lookup", lambda req: lookup(state, req))

    def admin(req: Request) -> Response:
        data = req.json() or {}
        if data.get("expire_tokens"):
            state.expire_tokens()
        with state.lock:
            state.blocked |= set(data.get("block") or ())
            state.blocked -= set(data.get("unblock") or ())
            if data.get("unauthorized") in ("body", "http", "alternate"):
                state.unauthorized = data["unauthorized"]
        return json_response(state.snapshot())

    router.add("GET", r"/_sim/gateway", "admin", lambda req: json_response(state.snapshot()))
    router.add("POST", r"/_sim/gateway", "admin", admin)


def build_gateway_simulator(host: str = "127.0.0.1", port: int = 0, *, state: GatewayState | None = None,
                            **state_kwargs) -> SimulatorServer:
    """A gateway-only simulator server (not started); its state is ``server.gateway_state``."""
    state = state or GatewayState(**state_kwargs)
    router = Router()
    add_gateway_routes(router, state)
    server = SimulatorServer(router, host, port)
    server.gateway_state = state  # type: ignore[attr-defined]  # tests read counters from it
    return server
