"""The whole local simulator: the VSS gateway and the hospital system on one port.

``build_simulator()`` is what ``kiosk simulator``, ``kiosk demo``, the tests
and the benchmarks start; the hospital API lives under ``/his/v1`` so the
default config (``hospital.url = http://127.0.0.1:8765/his/v1``) reaches it.
"""

from __future__ import annotations

from devkit.simulator.gateway import add_gateway_routes
from devkit.simulator.gateway_state import GatewayState
from devkit.simulator.heartbeats import HeartbeatBoard, add_heartbeat_routes
from devkit.simulator.hospital import BASE as HOSPITAL_BASE
from devkit.simulator.hospital import HospitalState, add_hospital_routes
from devkit.simulator.lobby import LobbyBoard, add_lobby_routes
from devkit.simulator.server import FaultBoard, Router, SimulatorServer


def build_simulator(host: str = "127.0.0.1", port: int = 0, *, gateway_state: GatewayState | None = None,
                    hospital_state: HospitalState | None = None, faults: FaultBoard | None = None,
                    hospital_api_key: str = "demo-key", admin_token: str | None = None,
                    **gateway_kwargs) -> SimulatorServer:
    """A simulator server (not started) serving both APIs.

    Extra keyword arguments configure the :class:`GatewayState` (clock,
    forced_codes, rate_limit …). The states are reachable as
    ``server.gateway_state`` and ``server.hospital_state`` (and ``server.lobby``, its referrals
    and rows); ``server.hospital_url`` is the hospital API's base URL once bound.
    """
    gateway_state = gateway_state or GatewayState(**gateway_kwargs)
    hospital_state = hospital_state or HospitalState(api_key=hospital_api_key)
    router = Router()
    add_gateway_routes(router, gateway_state)
    add_hospital_routes(router, hospital_state)
    heartbeats = HeartbeatBoard()
    add_heartbeat_routes(router, heartbeats, hospital_state.api_key, HOSPITAL_BASE)
    lobby = LobbyBoard()
    hospital_state.on_registered.append(lobby.add_registration)
    add_lobby_routes(router, lobby, hospital_state.api_key, HOSPITAL_BASE)
    server = SimulatorServer(router, host, port, faults=faults, admin_token=admin_token)
    server.gateway_state = gateway_state    # type: ignore[attr-defined]
    server.hospital_state = hospital_state  # type: ignore[attr-defined]
    server.heartbeats = heartbeats          # type: ignore[attr-defined]
    server.lobby = lobby                    # type: ignore[attr-defined]
    return server


def hospital_url(server: SimulatorServer) -> str:
    """The hospital API base URL of a bound simulator."""
    return server.url + HOSPITAL_BASE
