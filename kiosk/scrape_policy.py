"""Who may scrape the kiosk's metrics from the hospital network, and on which address.

The loopback health server always answers ``/metrics``. A hospital that
scrapes its kiosks from a monitoring server sets ``[health] metrics_listen``
(an IP address and port of this PC) and ``metrics_allow`` (the scrape
servers' addresses or networks); that listener answers only ``/metrics`` and
only to listed clients. Names are refused on purpose: a name can resolve to
another address tomorrow, an allow-list of names can be spoofed by DNS.
Off loopback the listener speaks TLS only (``metrics_tls_cert`` /
``metrics_tls_key``), as every other connection of the kiosk does.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_listen(text: str) -> tuple[str, int]:
    """``"10.1.2.3:9466"`` or ``"[fd00::5]:9466"`` → (host, port); ValueError with the reason."""
    text = str(text).strip()
    if text.startswith("["):
        host, sep, port = text[1:].partition("]:")
    else:
        host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError("must be an IP address and a port, e.g. \"10.20.0.15:9466\"")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError("must name an IP address of this PC, not a host name") from None
    if not 0 < int(port) < 65536:
        raise ValueError("the port must be 1 to 65535")
    return str(address), int(port)


def listen_problem(value: object) -> str | None:
    """What is wrong with a ``metrics_listen`` value (empty = off), or None."""
    if value == "":
        return None
    try:
        parse_listen(str(value))
    except ValueError as e:
        return str(e)
    return None


def parse_network(entry: str) -> Network:
    """One allow-list entry (an address, or a network in CIDR form) → network; ValueError with the reason."""
    text = str(entry).strip()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise ValueError(f"{text!r} is not an IP address or a network like 10.20.0.0/24 "
                         "(host bits set, or a host name)") from None
    if network.prefixlen == 0:
        raise ValueError(f"{text!r} admits every address; list the monitoring servers")
    return network


def allow_problem(value: object) -> str | None:
    """What is wrong with a ``metrics_allow`` list, or None."""
    if not isinstance(value, list):
        return "must be a list of addresses or networks"
    for entry in value:
        if not isinstance(entry, str):
            return "must be a list of addresses or networks (text)"
        try:
            parse_network(entry)
        except ValueError as e:
            return str(e)
    return None


class ClientAllowList:
    """The scrape servers allowed to read ``/metrics`` (addresses and networks, IPv4 and IPv6)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.networks: tuple[Network, ...] = tuple(parse_network(e) for e in entries)

    def allows(self, client: str) -> bool:
        """True when the client address lies in a listed network (an IPv4-mapped IPv6 address counts as IPv4)."""
        try:
            address = ipaddress.ip_address(client.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address.version == n.version and address in n for n in self.networks)
