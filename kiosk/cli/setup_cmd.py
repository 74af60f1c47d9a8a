"""``kiosk setup``: IT provisions an installed kiosk (interactive, or silent with flags and stdin).

Non-secret settings (service URLs, officer name, kiosk id) go into the
config file, keeping its comments (tomlkit). Secrets (gateway password,
officer CCCD, hospital API key, the staff PIN's scrypt hash) go into
``secrets.toml`` beside it, written 0600 and, with ``--owner``, owned by the
service account: the world-readable config never holds one. Nothing is
echoed: not in prompts, not in errors.

Silent install::

    printf '[gateway]\\npassword = "..."\\nofficer_cccd = "..."\\n[hospital]\\napi_key = "..."\\n'\\
'[kiosk]\\nstaff_pin = "80417293"\\n' | sudo kiosk --config /etc/vn-checkin-kiosk/kiosk.toml setup \\
        --gateway-url https://egw.baohiemxahoi.gov.vn --hospital-url https://his.example/api/v1 \\
        --officer-name "Nguyễn Văn A" --kiosk-id B2K07 --owner kiosk --secrets-stdin

A reception station (``--station``) needs only the hospital system (URL and
API key), optionally the gateway for look-ups; its ``secrets.toml`` is
0640 root:kiosk-staff, readable by every reception user's desktop and no one else::

    printf '[hospital]\napi_key = "..."\n' | sudo kiosk --config /etc/vn-checkin-station/station.toml \
        setup --station --hospital-url https://his.example/api/v1 --desk-id Q2 --secrets-stdin
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import tomllib
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import SECRETS_FILE, STAFF_GROUP, Config, load_config, secret_keys
from kiosk.errors import ConfigError, InputError
from kiosk.setup_state import missing_settings, station_missing_settings
from kiosk.staff_pin import PIN_PATTERN, hash_pin

# flag → (section, key): the settings that are not secret
PLAIN = {"gateway_url": ("gateway", "url"), "hospital_url": ("hospital", "url"),
         "officer_name": ("gateway", "officer_name"), "kiosk_id": ("kiosk", "id"),
         "desk_id": ("station", "desk_id"), "staff_name": ("station", "staff_name")}


def register(sub) -> None:
    """Add the ``setup`` command."""
    p = sub.add_parser("setup", help="set up an installed kiosk: service URLs, secrets, kiosk id, staff PIN",
                       description="Write the service URLs and kiosk id into the config file and the secrets "
                                   "(0600) beside it; the staff PIN is stored only as a salted scrypt hash. "
                                   "Asks for what is missing unless --secrets-stdin or --no-input is given.")
    p.add_argument("--gateway-url", help="https:// address of the insurance gateway")
    p.add_argument("--hospital-url", help="https:// address of the hospital system's registration API")
    p.add_argument("--officer-name", help="staff member the gateway lookups are made under")
    p.add_argument("--kiosk-id", help="this kiosk's own id (1-8 letters/digits; not K01)")
    p.add_argument("--owner", help="give secrets.toml to this account (the kiosk service's, e.g. kiosk)")
    p.add_argument("--secrets-stdin", action="store_true",
                   help="read the secrets as TOML from stdin ([gateway] password, officer_cccd; "
                        "[hospital] api_key; [kiosk] staff_pin) instead of asking")
    p.add_argument("--no-input", action="store_true", help="never ask; fail on what is still missing")
    p.add_argument("--station", action="store_true",
                   help="set up a reception station: hospital URL and API key (gateway optional); "
                        f"secrets.toml readable by the group {STAFF_GROUP} (0640), not by one account")
    p.add_argument("--desk-id", help="this reception desk's id (with --station)")
    p.add_argument("--staff-name", help="who signs overrides at this desk by default (with --station)")
    p.add_argument("--group",
                   help=f"give secrets.toml to this group, mode 0640 (default with --station: {STAFF_GROUP})")
    p.set_defaults(run=run)


def weak_pin(pin: str) -> str | None:
    """Why ``pin`` must not be the staff PIN (never quoting it), or None."""
    if not PIN_PATTERN.fullmatch(pin):
        return "the staff PIN must be 4 to 8 digits"
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if len(steps) == 1:   # repeated (0000), sequential (1234, 4321) or evenly stepped (2468, 9630)
        return "the staff PIN is too easy to guess (repeated or in even steps); choose another"
    return None


def _secrets_from_stdin() -> dict:
    try:
        data = tomllib.loads(sys.stdin.read())
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"The secrets on stdin are not valid TOML ({e}).", code="bad_secrets") from None
    allowed = {s: set(k) for s, k in secret_keys().items()}
    allowed.setdefault("kiosk", set()).add("staff_pin")
    for section, table in data.items():
        if not isinstance(table, dict) or not set(table) <= allowed.get(section, set()):
            raise InputError("The secrets on stdin may hold only: "
                             + ", ".join(f"{s}.{k}" for s in sorted(allowed) for k in sorted(allowed[s]))
                             + f" (got something else in [{section}]).", code="bad_secrets")
        for key, value in table.items():
            if not isinstance(value, str):
                raise InputError(f"{section}.{key}: must be text in quotes (value not shown).",
                                 code="bad_secrets")
    return data


def _ask(prompt: str, secret: bool) -> str:
    try:
        return (getpass.getpass(prompt) if secret else input(prompt)).strip()
    except EOFError:
        raise InputError("No answer on stdin: use --secrets-stdin or the flags for a silent install.",
                         code="no_input") from None


def _ask_missing(config: Config, plain: dict, secrets: dict, station: bool = False) -> None:
    """Prompt for every missing setting (secrets without echo, the PIN twice)."""
    want = {p.key for p in (station_missing_settings if station else missing_settings)(config)}
    labels = {"gateway.url": "Gateway https:// URL", "hospital.url": "Hospital system https:// URL",
              "gateway.officer_name": "Officer's full name", "kiosk.id": "This kiosk's id (not K01)"}
    for key, label in labels.items():
        section, name = key.split(".")
        if key in want and name not in plain.get(section, {}):
            plain.setdefault(section, {})[name] = _ask(f"{label}: ", secret=False)
    for key, label in {"gateway.password": "Gateway password", "gateway.officer_cccd": "Officer's CCCD number",
                       "hospital.api_key": "Hospital API key"}.items():
        section, name = key.split(".")
        if key in want and name not in secrets.get(section, {}):
            secrets.setdefault(section, {})[name] = _ask(f"{label} (not shown): ", secret=True)
    if "kiosk.staff_pin_hash" in want and "staff_pin" not in secrets.get("kiosk", {}):
        pin = _ask("New staff PIN, 4-8 digits (not shown): ", secret=True)
        if _ask("The same PIN again: ", secret=True) != pin:
            raise InputError("The two PINs differ; nothing was written.", code="pin_mismatch")
        secrets.setdefault("kiosk", {})["staff_pin"] = pin


def _write_private(path: Path, text: str, owner: str | None, group: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically, mode 0600 from the first byte, owned by ``owner``.

    With ``group``: that group may read it too (0640), set before the file takes its name.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if owner:
            import pwd
            entry = pwd.getpwnam(owner)
            os.chown(tmp, entry.pw_uid, entry.pw_gid)
        if group:
            import grp
            os.chown(tmp, -1, grp.getgrnam(group).gr_gid)
            os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def run(args, config: Config) -> int:
    """Merge the given settings into the config and its secrets file, then say what is still missing."""
    import tomlkit
    if not args.config:
        raise InputError("kiosk setup needs --config FILE (the installed kiosk.toml).", code="no_config")
    if args.owner and os.name == "posix":
        import pwd
        try:
            pwd.getpwnam(args.owner)
        except KeyError:
            raise InputError(f"No account named {args.owner!r} on this machine.", code="bad_owner") from None
    station = bool(getattr(args, "station", False))
    group = getattr(args, "group", None) or (STAFF_GROUP if station else None)
    if group and os.name == "posix":
        import grp
        try:
            grp.getgrnam(group)
        except KeyError:
            raise InputError(f"No group named {group!r} on this machine (the package creates {STAFF_GROUP}).",
                             code="bad_group") from None
    for flag in ("desk_id", "staff_name"):
        if getattr(args, flag, None) is not None and not station:
            raise InputError(f"--{flag.replace('_', '-')} is a reception station's setting: add --station.",
                             code="not_station")
    config_path = Path(args.config)
    secrets_path = config_path.with_name(SECRETS_FILE)
    plain: dict = {}
    for flag, (section, key) in PLAIN.items():
        value = getattr(args, flag, None)
        if value is not None:
            plain.setdefault(section, {})[key] = value
    desk = plain.get("station", {}).get("desk_id")
    if station and desk and "id" not in plain.get("kiosk", {}) and re.fullmatch(r"[A-Za-z0-9]{1,8}", desk):
        # an override printed while the hospital system is slow gets an offline number <kiosk.id>-nnn:
        # each desk numbers under its own id, not the example K01 every desk would share
        plain.setdefault("kiosk", {})["id"] = desk
    secrets = _secrets_from_stdin() if args.secrets_stdin else {}
    if not args.secrets_stdin and not args.no_input:
        _ask_missing(config, plain, secrets, station)
    if station and "staff_pin" in secrets.get("kiosk", {}):
        raise InputError("A reception station has no staff PIN (the kiosk's is set on the kiosk); "
                         "nothing was written.", code="station_pin")
    pin = secrets.get("kiosk", {}).pop("staff_pin", None)
    if pin is not None:
        problem = weak_pin(pin)
        if problem:
            raise InputError(problem + "; nothing was written.", code="weak_pin")
        secrets["kiosk"]["staff_pin_hash"] = hash_pin(pin)
    secrets = {s: t for s, t in secrets.items() if t}

    try:
        old_config = config_path.read_text(encoding="utf-8")
        old_secrets = secrets_path.read_text(encoding="utf-8") if secrets_path.exists() else None
    except OSError as e:
        raise ConfigError(f"Cannot read {e.filename} ({e.strerror}); run kiosk setup as root.") from None
    doc = tomlkit.parse(old_config)
    for section, values in plain.items():
        doc.setdefault(section, tomlkit.table()).update(values)
    header = ("# Written by `kiosk setup --station`: secrets of this reception station "
              f"(mode 0640, group {group}).\n" if station else
              "# Written by `kiosk setup`: secrets of this kiosk (mode 0600).\n")
    secret_doc = tomlkit.parse(old_secrets or header)
    for section, values in secrets.items():
        secret_doc.setdefault(section, tomlkit.table()).update(values)
    try:
        mode = config_path.stat().st_mode & 0o777
        config_path.write_text(tomlkit.dumps(doc), encoding="utf-8")
        os.chmod(config_path, mode)
        _write_private(secrets_path, tomlkit.dumps(secret_doc), args.owner, group)
        check = load_config(config_path, shared_group=group)  # refuse what would not load; put the old files back
    except ConfigError:
        config_path.write_text(old_config, encoding="utf-8")
        if old_secrets is None:
            secrets_path.unlink(missing_ok=True)
        else:
            _write_private(secrets_path, old_secrets, args.owner, group)
        raise
    except OSError as e:
        raise ConfigError(f"Cannot write {e.filename or config_path} ({e.strerror}); run kiosk setup as root.") \
            from None
    written = sorted(f"{s}.{k}" for s, t in {**plain}.items() for k in t)
    stored = sorted(f"{s}.{k}" for s, t in secrets.items() for k in t)
    print(f"Wrote {config_path}" + (f" ({', '.join(written)})" if written else ""))
    print(f"Wrote {secrets_path} (mode " + (f"0640, group {group}" if group else "0600")
          + (f", owner {args.owner}" if args.owner else "") + ")" + (f": {', '.join(stored)}" if stored else ""))
    missing = (station_missing_settings if station else missing_settings)(check)
    if missing:
        print("Still not set up:\n" + "\n".join(f"  {p}" for p in missing), file=sys.stderr)
        return ExitCode.CONFIG
    if station:
        print("This reception station is set up. Check it with `kiosk run --station --smoke-test`.")
        return ExitCode.OK
    print("This kiosk is set up. Check it with `kiosk doctor`.")
    return ExitCode.OK
