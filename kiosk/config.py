"""Typed, declared settings in one place, loaded from one TOML file.

Every key is declared once (type, default, check, optional environment
override); a bad file gets a :class:`ConfigError` naming the key and what is
wrong. The embedded defaults hold no secret and no service URL: an installed
kiosk is set up with ``kiosk setup`` (secrets go to a 0600 ``secrets.toml``
beside the config), and :func:`kiosk.setup_state.missing_settings` names what
is still missing. The dev kit writes ready configs for its simulator.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.scrape_policy import allow_problem, listen_problem, parse_listen
from kiosk.url_policy import is_loopback_host, redacted, url_problem

Check = Callable[[Any], str | None]  # returns what is wrong, or None


def setting(default: Any, *, check: Check | None = None, env: str | None = None,
            help: str = "", secret: bool = False) -> Any:
    """Declare one setting: its default, a check, and an env var that overrides it.

    A ``secret`` setting is left out of ``repr`` so it never reaches a log.
    """
    return field(default_factory=lambda: default, repr=not secret,
                 metadata={"check": check, "env": env, "help": help})


def _positive(v: Any) -> str | None:
    return None if v > 0 else "must be greater than 0"


def _pattern(rx: str, what: str) -> Check:
    def check(v: Any) -> str | None:
        return None if re.fullmatch(rx, str(v)) else f"must be {what}"
    return check


def _one_of(*choices: str) -> Check:
    def check(v: Any) -> str | None:
        return None if v in choices else "must be one of " + ", ".join(repr(c) for c in choices)
    return check


def _url(v: Any) -> str | None:
    # empty = not set up yet (missing_settings names it); never a default
    return None if v == "" else url_problem(v)


def _between(low: float, high: float, unit: str = "") -> Check:
    """``low <= v <= high``; bounds that keep timers and sockets from overflowing."""
    def check(v: Any) -> str | None:
        return None if low <= v <= high else f"must be {low:g} to {high:g}{unit}"
    return check


def _timeout(v: Any) -> str | None:
    # socket and requests timeouts: inf/huge values overflow (OverflowError on every call)
    return _between(0.001, 300, " seconds")(v) if v > 0 else "must be greater than 0"


def _pin_hash(v: Any) -> str | None:
    return None if v == "" or re.fullmatch(r"scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+", str(v)) \
        else "must be a hash written by `kiosk setup` (scrypt$...)"


# Qt timers take milliseconds in a signed 32-bit int; stay far below 2^31-1 ms.
QT_TIMER_MAX_SECONDS = 86_400


def _time_zone(v: Any) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(str(v))
        return None
    except (ZoneInfoNotFoundError, ValueError):
        return "must be an IANA time zone such as Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class FacilitySettings:
    """The hospital this kiosk belongs to."""

    code: str = setting("79014", check=_pattern(r"\d{5}", "the 5-digit facility code (maCSKCB)"),
                        help="Facility code maCSKCB")
    name: str = setting("Bệnh viện Đa khoa Mẫu", help="Hospital name printed on tickets")
    right_route_facilities: list = setting(
        [], check=lambda v: None if all(re.fullmatch(r"\d{5}", str(x)) for x in v)
        else "must be a list of 5-digit facility codes",
        help="Registered facilities (maDKBD) also treated as right route")
    # the facility profile the benefit rules need (Decree 188/2025 Art. 35: levels and scores are published)
    level: str = setting("co_ban", check=_one_of("ban_dau", "co_ban", "chuyen_sau"),
                         help="Technical level: ban_dau (initial), co_ban (basic), chuyen_sau (specialised)")
    score: float = setting(62.0, check=lambda v: None if v == -1 or 0 <= v <= 100
                           else "must be the facility's score 0-100, or -1 while not scored",
                           help="Score (điểm xếp cấp) of a basic-level facility; -1 = not scored yet")
    former_tier: str = setting("tinh", check=_one_of("huyen", "tinh", "trung_uong", "none"),
                               help="Tier before 1 Jan 2025: huyen, tinh, trung_uong or none")
    equivalent_facilities: list = setting(
        [], check=lambda v: None if all(re.fullmatch(r"\d{5}", str(x)) for x in v)
        else "must be a list of 5-digit facility codes",
        help="Registered facilities (maDKBD) counted as registered here (full benefit)")
    time_zone: str = setting("Asia/Ho_Chi_Minh", check=lambda v: _time_zone(v),
                             help="IANA time zone of the facility (decides the check-in date)")


@dataclass(frozen=True)
class GatewaySettings:
    """The VSS insurance gateway account and its time limits."""

    url: str = setting("", check=_url, env="KIOSK_GATEWAY_URL",
                       help="https:// URL of the gateway; http:// only for loopback")
    username: str = setting("79014_BV", check=_pattern(r"\d{5}_BV", "'<facility code>_BV'"),
                            env="KIOSK_GATEWAY_USERNAME")
    password: str = setting("", env="KIOSK_GATEWAY_PASSWORD", secret=True,
                            help="Plain password; the client sends its MD5")
    officer_name: str = setting("", check=lambda v: None if v == "" or str(v).strip()
                                else "must not be blank (required since 1 Aug 2024)",
                                env="KIOSK_OFFICER_NAME")
    officer_cccd: str = setting("", check=lambda v: None if v == "" or re.fullmatch(r"\d{12}", str(v))
                                else "must be a 12-digit CCCD number",
                                env="KIOSK_OFFICER_CCCD", secret=True)
    connect_timeout: float = setting(3.0, check=_timeout)
    read_timeout: float = setting(8.0, check=_timeout)
    block_pause_seconds: float = setting(
        900.0, check=lambda v: None if 60 <= v <= 86400 else "must be 60 to 86400 (seconds)",
        help="After the gateway reports the account blocked, send nothing for this long")
    login_retry_seconds: float = setting(
        60.0, check=lambda v: None if 5 <= v <= 3600 else "must be 5 to 3600 (seconds)",
        help="After a login got no answer (timeout, reset), wait this long before the next login")
    recheck_min_delay_seconds: float = setting(
        60.0, check=lambda v: None if 1 <= v <= 3600 else "must be 1 to 3600 (seconds)",
        help="A pending patient's eligibility re-check is never repeated sooner than this after a failure")


@dataclass(frozen=True)
class HospitalSettings:
    """The hospital information system's registration API."""

    url: str = setting("", check=_url, env="KIOSK_HOSPITAL_URL",
                       help="https:// URL of the registration API; http:// only for loopback")
    api_key: str = setting("", env="KIOSK_HOSPITAL_API_KEY", secret=True)
    connect_timeout: float = setting(3.0, check=_timeout)
    read_timeout: float = setting(8.0, check=_timeout)


@dataclass(frozen=True)
class KioskSettings:
    """This kiosk: identity, language, data folder and policies."""

    id: str = setting("K01", check=_pattern(r"[A-Za-z0-9]{1,8}", "1-8 letters or digits"),
                      env="KIOSK_ID")
    language: str = setting("vi", check=_one_of("vi", "en"))
    data_dir: str = setting("", env="KIOSK_DATA_DIR",
                            help="Queue, caches and keys; empty = per-user default")
    allow_pending_eligibility: bool = setting(True)
    one_ticket_per_day: bool = setting(True)
    another_clinic: bool = setting(True, help="A patient with today's number may register for another clinic too")
    idle_reset_seconds: int = setting(90, check=_between(30, QT_TIMER_MAX_SECONDS),
                                      help="Must be longer than idle_warning_seconds")
    idle_warning_seconds: int = setting(25, check=_between(20, 600))
    staff_pin_hash: str = setting("", check=_pin_hash, env="KIOSK_STAFF_PIN_HASH", secret=True,
                                  help="Salted scrypt hash of the staff PIN, written by `kiosk setup`")
    staff_pin_max_failures: int = setting(5, check=_between(3, 20),
                                          help="Wrong PINs in a row before the staff exit locks")
    staff_pin_lockout_minutes: float = setting(15.0, check=_between(1, 1440),
                                               help="How long the staff exit stays locked")
    full_screen: bool = setting(True)


@dataclass(frozen=True)
class ReaderSettings:
    """The PC/SC chip-card reader."""

    name: str = setting("", help="Reader name (substring); empty = first reader")
    command_timeout: float = setting(5.0, check=_timeout)
    csca_dir: str = setting("", help="Folder of CSCA certificates or a master list")
    qr_wait_seconds: float = setting(8.0, check=_between(0, 60),
                                     help="Card on the reader: how long the camera looks for its QR "
                                          "before the patient is asked to type the ID number (0: at once)")
    card_grace_seconds: float = setting(1.0, check=_between(0, 5),
                                        help="An ID card's QR read first: how long to wait for the reader "
                                             "to report the card before going on without the chip")
    take_card_seconds: float = setting(30.0, check=_between(1, 600),
                                       help="Longest the take-your-card reminder stays when the reader "
                                            "never reports the card removed")


@dataclass(frozen=True)
class CameraSettings:
    """The QR camera."""

    source: str = setting("0", help="Device index, video file, image folder or stream URL")
    width: int = setting(1920, check=_positive, help="Asked of the device: 1080p or more reads phones best")
    height: int = setting(1080, check=_positive)
    fps: int = setting(15, check=_positive)
    consistent_reads: int = setting(2, check=lambda v: None if 1 <= v <= 10 else "must be 1 to 10")
    read_window_seconds: float = setting(1.5, check=_between(0.1, 60),
                                         help="The consistent reads must fall within this many seconds")
    preview_width: int = setting(480, check=_positive, help="Width of the preview frames sent to the UI")
    fourcc: str = setting("MJPG", check=lambda v: None if len(v) in (0, 4) else "must be 4 characters or empty",
                          help="Pixel format asked of a device: MJPG keeps the frame rate at 1080p")


@dataclass(frozen=True)
class ScannerSettings:
    """A USB QR scanner: serial (USB-CDC) mode, or keyboard-wedge mode fed by the UI."""

    kind: str = setting("none", check=_one_of("none", "serial", "keyboard"))
    port: str = setting("", help="Serial port (COM3, /dev/ttyACM0) or a pyserial URL")
    baudrate: int = setting(9600, check=_positive)
    key_gap_ms: int = setting(50, check=lambda v: None if 5 <= v <= 500 else "must be 5 to 500",
                              help="Keyboard wedge: longest gap between keys of one scan")


@dataclass(frozen=True)
class PrinterSettings:
    """The ESC/POS ticket printer."""

    kind: str = setting("none", check=_one_of("none", "network", "usb", "serial", "file"))
    target: str = setting("", help="host:port, USB vid:pid, serial device or file path")
    width_px: int = setting(512, check=lambda v: None if 128 <= v <= 2048 and v % 8 == 0
                            else "must be a multiple of 8 from 128 to 2048")
    connect_timeout: float = setting(2.0, check=_timeout, help="Seconds to open the printer")
    status_timeout: float = setting(0.5, check=_timeout,
                                    help="Seconds to wait for a paper-status answer (DLE EOT)")
    job_timeout: float = setting(10.0, check=_timeout, help="Bound of one whole print job")
    cut: bool = setting(True, help="Cut the paper after each ticket")
    font: str = setting("", help="TrueType font file; empty = bundled DejaVu Sans")


#: the longest any personal data may be kept in the queue's folder (30 days)
MAX_RETENTION_HOURS = 720.0


def _retention(v: Any) -> str | None:
    # finite and bounded: "inf" would keep personal data forever
    if 0 < v <= MAX_RETENTION_HOURS:
        return None
    return f"must be greater than 0 and at most {MAX_RETENTION_HOURS:g} (hours)"


@dataclass(frozen=True)
class QueueSettings:
    """The durable offline queue."""

    retention_hours: float = setting(24.0, check=_retention,
                                     help="Hours the personal data of delivered items is kept")
    attention_retention_hours: float = setting(
        168.0, check=_retention,
        help="Hours the personal data of items needing staff (refused, failed re-check) is kept")
    damaged_copy_retention_hours: float = setting(
        168.0, check=_retention, help="Hours a damaged queue database put aside for IT is kept")
    hospital_processing_seconds: float = setting(
        60.0, check=lambda v: None if 1 <= v <= 3600 else "must be 1 to 3600 (seconds)",
        help="The longest the hospital may take to process a registration: until a send whose answer "
             "was lost is that old, the kiosk only asks the hospital, it never sends again")
    max_backoff_seconds: float = setting(300.0, check=_between(1, QT_TIMER_MAX_SECONDS))
    immediate_wait_seconds: float = setting(
        3.0, check=lambda v: None if 0 <= v <= 30 else "must be 0 to 30",
        help="How long a check-in waits for the hospital before printing a kiosk-block ticket")


@dataclass(frozen=True)
class HealthSettings:
    """Device health: probes, the loopback endpoint and the heartbeat."""

    probe_timeout: float = setting(3.0, check=_between(0.1, 60), help="Bound of each health probe")
    endpoint_port: int = setting(8766, check=lambda v: None if 0 <= v < 65536 else "must be a TCP port",
                                 help="Loopback port of GET /health; 0 = off")
    heartbeat_seconds: float = setting(60.0, check=lambda v: None if v == 0 or 5 <= v <= QT_TIMER_MAX_SECONDS
                                       else f"must be 0 (off) or 5 to {QT_TIMER_MAX_SECONDS}",
                                       help="Heartbeat to the hospital system (fleet view) while hospital.url "
                                            "is set; 0 = off")
    min_free_mb: int = setting(200, check=_positive, help="Disk space below this is degraded")
    remote_probe_seconds: float = setting(300.0, check=_between(30, QT_TIMER_MAX_SECONDS),
                                          help="A running kiosk checks gateway and hospital this often "
                                               "(never per health request: each gateway check is a login)")
    # Prometheus scrapes from the hospital network (kiosk/scrape_policy.py); /metrics on the loopback port always
    metrics_listen: str = setting("", check=listen_problem,
                                  help="IP:port for the hospital's scrape network (only /metrics); empty = off")
    metrics_allow: list = setting([], check=allow_problem,
                                  help="Scrape servers allowed on metrics_listen: addresses or CIDR networks")
    metrics_tls_cert: str = setting("", help="PEM certificate of metrics_listen (required off loopback)")
    metrics_tls_key: str = setting("", help="PEM private key of metrics_listen (required off loopback)")


@dataclass(frozen=True)
class LoggingSettings:
    """Log files: rotation and level (personal data is always redacted)."""

    to_file: bool = setting(True, help="Write JSON-lines logs under <data_dir>/logs")
    level: str = setting("INFO", check=_one_of("DEBUG", "INFO", "WARNING", "ERROR"))
    max_bytes: int = setting(5_000_000, check=_positive, help="Size of one log file before rotation")
    backup_count: int = setting(10, check=lambda v: None if 1 <= v <= 1000 else "must be 1 to 1000")


@dataclass(frozen=True)
class StationSettings:
    """The reception station (``kiosk run --station``)."""

    staff_name: str = setting("", check=lambda v: None if len(str(v)) <= 100 else "must be at most 100 characters",
                              help="Who signs staff overrides by default (may be typed at the station)")
    desk_id: str = setting("Q1", check=_pattern(r"[A-Za-z0-9-]{1,16}", "1-16 letters, digits or '-'"),
                           help="This reception desk's id: shown to the other desks when it claims a referral")


@dataclass(frozen=True)
class RulesSettings:
    """The insurance rules' data files; empty = the ones shipped with the kiosk (kiosk/rules/)."""

    file: str = setting("", help="Benefit-rules TOML (docs/checkin.md); empty = packaged benefit-rules.toml")
    holidays: str = setting("", help="Public-holiday TOML for working days; empty = packaged holidays.toml")
    chronic_diseases: str = setting("", help="Appendix III disease list; empty = packaged chronic-diseases.toml")
    codes: str = setting("", help="MA_DOITUONG_KCB code list (QĐ 3276); empty = packaged qd3276-codes.toml")


def _quiet_hours(v: Any) -> str | None:
    return None if v == "" or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", str(v)) \
        else 'must be "HH:MM-HH:MM" (e.g. "22:00-06:00") or ""'


@dataclass(frozen=True)
class VoiceSettings:
    """Spoken guidance on the patient kiosk (docs/ui.md#voice-guidance): prompts recorded at build time."""

    enabled: bool = setting(True, help="Speak each screen's instruction, the eligibility and the ticket")
    volume: float = setting(0.8, check=_between(0.0, 1.0), help="0.0 (silent) to 1.0")
    quiet_hours: str = setting("", check=_quiet_hours,
                               help='Facility time when the kiosk stays silent, e.g. "22:00-06:00"; "" = never')
    prompts_dir: str = setting("", help="Folder of the recorded prompts (manifest.json); empty = shipped ones")


@dataclass(frozen=True)
class FaceSettings:
    """Face verification against the chip photo (docs/face.md)."""

    mode: str = setting("advisory", check=_one_of("off", "advisory", "required"),
                        help="off | advisory (decline continues on the chip alone) | required (decline -> counter)")
    threshold: float = setting(0.5, check=_between(0.2, 0.8),
                               help="Largest descriptor distance still called a match (lower = stricter)")
    tries: int = setting(3, check=lambda v: None if 1 <= v <= 5 else "must be 1 to 5",
                         help="Camera tries before the patient is sent on (about 5 s in all)")
    min_face_fraction: float = setting(0.15, check=_between(0.05, 0.6),
                                       help="Smallest live face, as a fraction of the frame width")


@dataclass(frozen=True)
class SimulatorSettings:
    """The embedded local simulator of the gateway and the hospital system."""

    host: str = setting("127.0.0.1", check=_pattern(r"127\.\d+\.\d+\.\d+|localhost|::1",
                                                   "a loopback address"))
    port: int = setting(8765, check=lambda v: None if 0 <= v < 65536 else "must be a TCP port")


@dataclass(frozen=True)
class Config:
    """The whole configuration; each section is its own frozen dataclass."""

    facility: FacilitySettings = field(default_factory=FacilitySettings)
    gateway: GatewaySettings = field(default_factory=GatewaySettings)
    hospital: HospitalSettings = field(default_factory=HospitalSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    station: StationSettings = field(default_factory=StationSettings)
    simulator: SimulatorSettings = field(default_factory=SimulatorSettings)
    rules: RulesSettings = field(default_factory=RulesSettings)
    face: FaceSettings = field(default_factory=FaceSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    source: str = "embedded default"

    def data_path(self) -> Path:
        """The folder for the queue, caches and keys (created on first use)."""
        if self.kiosk.data_dir:
            return Path(self.kiosk.data_dir).expanduser()
        base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
        return Path(base) / "vn-checkin-kiosk"


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list"}


def _coerce(name: str, typ: type, value: Any, from_env: bool, secret: bool = False) -> Any:
    return _coerce_type(name, typ, value, from_env, secret)


def _coerce_type(name: str, typ: type, value: Any, from_env: bool, secret: bool) -> Any:
    shown = "***" if secret else repr(value)
    if from_env and typ is not str:
        try:
            if typ is bool:
                if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                    raise ValueError
                return value.lower() in ("1", "true", "yes")
            return typ(value)
        except ValueError:
            raise ConfigError(f"{name}: must be {_TYPE_NAMES[typ]}, got {shown}") from None
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise ConfigError(f"{name}: must be {_TYPE_NAMES[typ]}, got {shown}")
    return value


def _section_class(f: dataclasses.Field) -> type:
    """The settings class of a ``Config`` field (each has a ``default_factory``)."""
    if not callable(f.default_factory):
        raise TypeError(f"Config.{f.name} has no default_factory")  # a programming error
    return f.default_factory().__class__


def _build_section(cls: type, section: str, table: dict, environ: dict) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in known:
            raise ConfigError(f"{section}.{key}: unknown key (known: {', '.join(known)})")
    values = {}
    for f in dataclasses.fields(cls):
        name = f"{section}.{f.name}"
        type_name = f.type if isinstance(f.type, str) else f.type.__name__  # a str: future annotations
        typ = {"str": str, "int": int, "float": float, "bool": bool, "list": list}[type_name]
        env = f.metadata.get("env")
        if env and environ.get(env):
            name = f"{name} (from ${env})"
            value = _coerce(name, typ, environ[env], from_env=True, secret=not f.repr)
        elif f.name in table:
            value = _coerce(name, typ, table[f.name], from_env=False, secret=not f.repr)
        else:
            continue
        check = f.metadata.get("check")
        problem = check(value) if check else None
        if not problem and typ is float and not math.isfinite(value):
            problem = "must be a finite number"   # inf/nan pass a bare "> 0" and overflow timers later
        if problem:
            shown = "***" if not f.repr else repr(redacted(value)) if f.name == "url" else repr(value)
            raise ConfigError(f"{name}: {problem}, got {shown}")
        values[f.name] = value
    return cls(**values)


SECRETS_FILE = "secrets.toml"  # beside the config file, mode 0600, written by `kiosk setup`


def secret_keys() -> dict[str, set[str]]:
    """Section → the keys declared ``secret`` (the only keys a secrets file may hold)."""
    import typing
    hints = typing.get_type_hints(Config)
    out: dict[str, set[str]] = {}
    for sf in dataclasses.fields(Config):
        if sf.name == "source":
            continue
        keys = {f.name for f in dataclasses.fields(hints[sf.name]) if not f.repr}
        if keys:
            out[sf.name] = keys
    return out


def _read_toml(p: Path, what: str) -> dict:
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read the {what} ({e.__class__.__name__})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # the decoder's message quotes no value, only the position
        raise ConfigError(f"{p}: not valid TOML ({e})") from None


def _merge_secrets(data: dict, secrets_path: Path) -> None:
    """Lay the secrets file over ``data``; refuse one other users can read, or a non-secret key."""
    if os.name == "posix":
        mode = secrets_path.stat().st_mode & 0o777
        if mode & 0o077:
            raise ConfigError(f"{secrets_path}: other users can read this secrets file (mode {mode:04o}); "
                              "run `chmod 600` on it or write it again with `kiosk setup`")
    allowed = secret_keys()
    for section, table in _read_toml(secrets_path, "secrets file").items():
        if not isinstance(table, dict):
            raise ConfigError(f"{secrets_path}: {section}: must be a [{section}] table")
        for key in table:
            if key not in allowed.get(section, set()):
                raise ConfigError(f"{secrets_path}: {section}.{key}: not a secret; keep it in the config file")
        data.setdefault(section, {}).update(table)


def _check_together(cfg: Config) -> None:
    """Checks across keys (each key alone already passed its own)."""
    if cfg.kiosk.idle_warning_seconds >= cfg.kiosk.idle_reset_seconds:
        raise ConfigError(f"kiosk.idle_warning_seconds: must be shorter than kiosk.idle_reset_seconds "
                          f"({cfg.kiosk.idle_reset_seconds}), got {cfg.kiosk.idle_warning_seconds}")
    _check_metrics_listener(cfg.health)


def _check_metrics_listener(h: HealthSettings) -> None:
    """A scrape listener off loopback needs its allow-list and its TLS pair (it fails closed)."""
    if not h.metrics_listen:
        return
    if not h.metrics_allow:
        raise ConfigError("health.metrics_allow: must list the monitoring servers allowed to scrape "
                          f"health.metrics_listen ({h.metrics_listen})")
    host, _ = parse_listen(h.metrics_listen)
    if not is_loopback_host(host) and not (h.metrics_tls_cert and h.metrics_tls_key):
        raise ConfigError("health.metrics_tls_cert: health.metrics_listen off this machine needs "
                          "metrics_tls_cert and metrics_tls_key (the kiosk serves no plain HTTP on the network)")


def load_config(path: str | os.PathLike | None = None, environ: dict | None = None) -> Config:
    """Load ``path`` (or the embedded default when None), its secrets file, then env overrides.

    ``secrets.toml`` beside ``path`` (written by ``kiosk setup``, mode 0600)
    may hold the secret keys only. Raises :class:`ConfigError` with one
    sentence naming the key on any problem; secret values are never quoted.
    """
    environ = dict(os.environ if environ is None else environ)
    data: dict = {}
    source = "embedded default"
    if path is not None:
        p = Path(path)
        data = _read_toml(p, "configuration file")
        if isinstance(data.get("kiosk"), dict) and "staff_pin" in data["kiosk"]:
            raise ConfigError("kiosk.staff_pin: a PIN in clear is not accepted; remove that line and run "
                              "`kiosk setup`, which stores only the PIN's hash")
        secrets_path = p.with_name(SECRETS_FILE)
        if secrets_path.exists():
            _merge_secrets(data, secrets_path)
        source = str(p)
    sections = {f.name: f for f in dataclasses.fields(Config) if f.name != "source"}
    for key, value in data.items():
        if key not in sections:
            raise ConfigError(f"{key}: unknown section (known: {', '.join(sections)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: must be a [{key}] table")
    built = {name: _build_section(_section_class(f), name, data.get(name, {}), environ)
             for name, f in sections.items()}
    cfg = Config(**built, source=source)
    _check_together(cfg)
    expected_user = f"{cfg.facility.code}_BV"
    user_given = "username" in data.get("gateway", {}) or environ.get("KIOSK_GATEWAY_USERNAME")
    if not user_given:
        cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, username=expected_user))
    elif cfg.gateway.username != expected_user:
        raise ConfigError(f"gateway.username: must be {expected_user!r} for facility.code "
                          f"{cfg.facility.code}, got {cfg.gateway.username!r}")
    return cfg
