"""Which service URLs the kiosk may talk to: TLS everywhere except loopback.

Personal data (names, ID numbers, birth dates) travels to the insurance
gateway and the hospital system, so a plain ``http://`` URL is refused unless
it points at this machine (the dev kit's simulator), and a URL carrying a
user name or password is refused outright: credentials belong in the secrets
file, and a URL is printed, logged and shown in ``ps``.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost",)


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1 (brackets allowed)."""
    host = (host or "").strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a service URL, or None when it may be used.

    Never repeats the URL itself (it may carry a password).
    """
    text = str(url)
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return "must be an https:// URL with a valid host and port"
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in text):
        return "must be an https:// URL"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "must not contain a user name or password (put secrets in the secrets file)"
    if parts.scheme == "http" and not is_loopback_host(host):
        return "must use https:// (plain http:// is allowed only for this machine, 127.0.0.1)"
    return None


def redacted(url: str) -> str:
    """``url`` with any user name or password replaced by ``***`` (for printing)."""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return "***"
    if "@" not in parts.netloc:
        return str(url)
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()
