"""Typed, declared settings in one place, loaded from one TOML file.

Every key is declared once (type, default, check, optional environment
override); a bad file gets a :class:`ConfigError` naming the key and what is
wrong. With no file, the embedded default runs the kiosk against the local
simulator, so a fresh checkout works out of the box.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from kiosk.errors import ConfigError

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
    return None if re.match(r"^https?://[^\s/]+", str(v)) else "must be an http:// or https:// URL"


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

    url: str = setting("http://127.0.0.1:8765", check=_url, env="KIOSK_GATEWAY_URL")
    username: str = setting("79014_BV", check=_pattern(r"\d{5}_BV", "'<facility code>_BV'"),
                            env="KIOSK_GATEWAY_USERNAME")
    password: str = setting("demo-password", env="KIOSK_GATEWAY_PASSWORD", secret=True,
                            help="Plain password; the client sends its MD5")
    officer_name: str = setting("Lê Thị Tra Cứu", check=lambda v: None if str(v).strip()
                                else "must not be empty (required since 1 Aug 2024)")
    officer_cccd: str = setting("079190000001", check=_pattern(r"\d{12}", "a 12-digit CCCD number"),
                                env="KIOSK_OFFICER_CCCD", secret=True)
    connect_timeout: float = setting(3.0, check=_positive)
    read_timeout: float = setting(8.0, check=_positive)
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

    url: str = setting("http://127.0.0.1:8765/his/v1", check=_url, env="KIOSK_HOSPITAL_URL")
    api_key: str = setting("demo-key", env="KIOSK_HOSPITAL_API_KEY", secret=True)
    connect_timeout: float = setting(3.0, check=_positive)
    read_timeout: float = setting(8.0, check=_positive)


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
    idle_reset_seconds: int = setting(90, check=lambda v: None if v >= 30 else "must be at least 30")
    idle_warning_seconds: int = setting(25, check=lambda v: None if v >= 20 else "must be at least 20")
    staff_pin: str = setting("2468", check=_pattern(r"\d{4,8}", "4 to 8 digits"), env="KIOSK_STAFF_PIN",
                        secret=True)
    full_screen: bool = setting(True)


@dataclass(frozen=True)
class ReaderSettings:
    """The PC/SC chip-card reader."""

    name: str = setting("", help="Reader name (substring); empty = first reader")
    command_timeout: float = setting(5.0, check=_positive)
    csca_dir: str = setting("", help="Folder of CSCA certificates or a master list")


@dataclass(frozen=True)
class CameraSettings:
    """The QR camera."""

    source: str = setting("0", help="Device index, video file, image folder or stream URL")
    width: int = setting(1920, check=_positive, help="Asked of the device: 1080p or more reads phones best")
    height: int = setting(1080, check=_positive)
    fps: int = setting(15, check=_positive)
    consistent_reads: int = setting(2, check=lambda v: None if 1 <= v <= 10 else "must be 1 to 10")
    read_window_seconds: float = setting(1.5, check=_positive,
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
    connect_timeout: float = setting(2.0, check=_positive, help="Seconds to open the printer")
    status_timeout: float = setting(0.5, check=_positive,
                                    help="Seconds to wait for a paper-status answer (DLE EOT)")
    job_timeout: float = setting(10.0, check=_positive, help="Bound of one whole print job")
    cut: bool = setting(True, help="Cut the paper after each ticket")
    font: str = setting("", help="TrueType font file; empty = bundled DejaVu Sans")


#: the longest any personal data may be kept in the queue's folder (30 days)
MAX_RETENTION_HOURS = 720.0


def _retention(v: Any) -> str | None:
    # finite and bounded: "inf" would keep personal data forever
    return None if 0 < v <= MAX_RETENTION_HOURS else f"must be greater than 0 and at most {MAX_RETENTION_HOURS:g} (hours)"


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
    max_backoff_seconds: float = setting(300.0, check=_positive)
    immediate_wait_seconds: float = setting(
        3.0, check=lambda v: None if 0 <= v <= 30 else "must be 0 to 30",
        help="How long a check-in waits for the hospital before printing a kiosk-block ticket")


@dataclass(frozen=True)
class HealthSettings:
    """Device health: probes, the loopback endpoint and the heartbeat."""

    probe_timeout: float = setting(3.0, check=_positive, help="Bound of each health probe")
    endpoint_port: int = setting(8766, check=lambda v: None if 0 <= v < 65536 else "must be a TCP port",
                                 help="Loopback port of GET /health; 0 = off")
    heartbeat_seconds: float = setting(0.0, check=lambda v: None if v == 0 or v >= 5
                                       else "must be 0 (off) or at least 5",
                                       help="Heartbeat to the hospital system; 0 = off")
    min_free_mb: int = setting(200, check=_positive, help="Disk space below this is degraded")


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


@dataclass(frozen=True)
class RulesSettings:
    """The insurance rules' data files; empty = the ones shipped with the kiosk (kiosk/rules/)."""

    file: str = setting("", help="Benefit-rules TOML (docs/checkin.md); empty = packaged benefit-rules.toml")
    holidays: str = setting("", help="Public-holiday TOML for working days; empty = packaged holidays.toml")
    chronic_diseases: str = setting("", help="Appendix III disease list; empty = packaged chronic-diseases.toml")
    codes: str = setting("", help="MA_DOITUONG_KCB code list (QĐ 3276); empty = packaged qd3276-codes.toml")


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
    source: str = "embedded default"

    def data_path(self) -> Path:
        """The folder for the queue, caches and keys (created on first use)."""
        if self.kiosk.data_dir:
            return Path(self.kiosk.data_dir).expanduser()
        base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
        return Path(base) / "vn-checkin-kiosk"


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list"}


def _coerce(name: str, typ: type, value: Any, from_env: bool) -> Any:
    if from_env and typ is not str:
        try:
            if typ is bool:
                if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                    raise ValueError
                return value.lower() in ("1", "true", "yes")
            return typ(value)
        except ValueError:
            raise ConfigError(f"{name}: must be {_TYPE_NAMES[typ]}, got {value!r}") from None
    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise ConfigError(f"{name}: must be {_TYPE_NAMES[typ]}, got {value!r}")
    return value


def _build_section(cls: type, section: str, table: dict, environ: dict) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in known:
            raise ConfigError(f"{section}.{key}: unknown key (known: {', '.join(known)})")
    values = {}
    for f in dataclasses.fields(cls):
        name = f"{section}.{f.name}"
        typ = {"str": str, "int": int, "float": float, "bool": bool, "list": list}[f.type]
        env = f.metadata.get("env")
        if env and environ.get(env):
            name = f"{name} (from ${env})"
            value = _coerce(name, typ, environ[env], from_env=True)
        elif f.name in table:
            value = _coerce(name, typ, table[f.name], from_env=False)
        else:
            continue
        check = f.metadata.get("check")
        problem = check(value) if check else None
        if problem:
            shown = "***" if not f.repr else repr(value)
            raise ConfigError(f"{name}: {problem}, got {shown}")
        values[f.name] = value
    return cls(**values)


def load_config(path: str | os.PathLike | None = None, environ: dict | None = None) -> Config:
    """Load ``path`` (or the embedded default when None) and apply env overrides.

    Raises :class:`ConfigError` with one sentence naming the key on any problem.
    """
    environ = dict(os.environ if environ is None else environ)
    data: dict = {}
    source = "embedded default"
    if path is not None:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{p}: configuration file not found") from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{p}: cannot read the configuration file ({e.__class__.__name__})") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: not valid TOML ({e})") from None
        source = str(p)
    sections = {f.name: f for f in dataclasses.fields(Config) if f.name != "source"}
    for key, value in data.items():
        if key not in sections:
            raise ConfigError(f"{key}: unknown section (known: {', '.join(sections)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: must be a [{key}] table")
    built = {name: _build_section(f.default_factory().__class__, name, data.get(name, {}), environ)
             for name, f in sections.items()}
    cfg = Config(**built, source=source)
    expected_user = f"{cfg.facility.code}_BV"
    user_given = "username" in data.get("gateway", {}) or environ.get("KIOSK_GATEWAY_USERNAME")
    if not user_given:
        cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, username=expected_user))
    elif cfg.gateway.username != expected_user:
        raise ConfigError(f"gateway.username: must be {expected_user!r} for facility.code "
                          f"{cfg.facility.code}, got {cfg.gateway.username!r}")
    return cfg
