"""``kiosk doctor``: check every part of the kiosk and say what is wrong, in one line each.

Exit 0 when nothing is failing (degraded parts are listed but do not fail),
``HEALTH_FAILED`` (8) when at least one part is failing. ``--serve`` keeps
running with the loopback JSON endpoint (and the heartbeat when configured).
"""

from __future__ import annotations

import json
import threading

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.signals import stop_on_signals
from kiosk.config import Config
from kiosk.errors import ConfigError, InputError
from kiosk.health import PARTS, HealthReport, Status, standard_registry

_LABEL = {Status.OK: "OK", Status.DEGRADED: "DEGRADED", Status.FAILING: "FAILING"}


def register(sub) -> None:
    """Add the ``doctor`` command."""
    p = sub.add_parser("doctor", help="check reader, camera, printer, gateway, hospital, queue, disk, clock",
                       description="Check every part of the kiosk; exit 8 when one is failing.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--only", metavar="PART[,PART]", help=f"check only these parts ({', '.join(PARTS)})")
    p.add_argument("--serve", action="store_true",
                   help="keep serving GET http://127.0.0.1:<health.endpoint_port>/health (and the "
                        "heartbeat when health.heartbeat_seconds > 0) until Ctrl-C")
    p.add_argument("--port", type=int, help="endpoint port for --serve (default: health.endpoint_port)")
    p.set_defaults(run=run)


#: The verdicts, parts and sentences in Vietnamese (``kiosk.language = "vi"``); the probes' own reasons are
#: English detail, kept in ``--json``.
_LABEL_VI = {Status.OK: "TỐT", Status.DEGRADED: "HẠN CHẾ", Status.FAILING: "LỖI"}
_PART_VI = {"reader": "đầu đọc thẻ", "camera": "camera", "printer": "máy in", "setup": "cài đặt máy",
            "gateway": "cổng BHXH", "hospital": "hệ thống bệnh viện", "queue": "hàng đợi gửi", "disk": "ổ đĩa",
            "clock": "đồng hồ", "chip-security": "bảo mật chip thẻ", "staff_pin": "mã PIN nhân viên",
            "kiosk-id": "mã ki-ốt (không trùng máy khác)"}
_SENTENCE_VI = {Status.OK: "hoạt động bình thường", Status.DEGRADED: "hoạt động hạn chế, cần kiểm tra sớm",
                Status.FAILING: "không hoạt động"}


def tried_urls(config: Config) -> dict[str, str]:
    """The address each remote part was checked at (user and password hidden)."""
    from kiosk.url_policy import redacted
    return {part: redacted(url) for part, url in (("gateway", config.gateway.url), ("hospital", config.hospital.url))
            if url}


def format_report(report: HealthReport, language: str = "en", urls: dict[str, str] | None = None) -> str:
    """Plain lines for a terminal in ``language``: the verdict, then one line per part (with the URL tried)."""
    urls = urls or {}
    if language == "vi":
        lines = [f"ki-ốt {report.kiosk_id}: {_LABEL_VI[report.status]}"]
        width = max((len(_PART_VI.get(p.part, p.part)) for p in report.parts), default=0)
        for p in report.parts:
            tried = f" — đã thử {urls[p.part]}" if p.part in urls else ""
            lines.append(f"  {_LABEL_VI[p.status]:<8} {_PART_VI.get(p.part, p.part):<{width}}  "
                         f"{_SENTENCE_VI[p.status]}{tried}")
        if report.status is not Status.OK:
            lines.append("Chi tiết kỹ thuật của từng bộ phận: kiosk doctor --json")
        return "\n".join(lines)
    lines = [f"kiosk {report.kiosk_id}: {_LABEL[report.status]}"]
    width = max((len(p.part) for p in report.parts), default=0)
    for p in report.parts:
        tried = f" (tried {urls[p.part]})" if p.part in urls else ""
        lines.append(f"  {_LABEL[p.status]:<9} {p.part:<{width}}  {p.reason}{tried}")
    return "\n".join(lines)


def _quiet_opencv() -> None:
    """OpenCV prints its own warnings for a missing camera; ours already says it in one line."""
    try:
        import cv2
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except (ImportError, AttributeError):
        pass


def run(args, config: Config) -> int:
    """Probe, print, and exit by the verdict (or serve with ``--serve``)."""
    only = None
    if args.only:
        only = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = [p for p in only if p not in PARTS]
        if unknown:
            raise InputError(f"Unknown part {unknown[0]!r}; the parts are: {', '.join(PARTS)}.",
                             code="unknown_part")
    _quiet_opencv()
    if args.serve:
        return _serve(args, config)
    from kiosk.services import KioskServices
    with KioskServices.open(config, start=False) as services:   # probes only: no queue worker here
        registry = services.health_registry()
        report = registry.run(only)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, config.kiosk.language, tried_urls(config)))
    return ExitCode.HEALTH_FAILED if report.status is Status.FAILING else ExitCode.OK


def _serve(args, config: Config) -> int:
    from kiosk.health.endpoint import HealthServer
    from kiosk.health.monitoring import heartbeat_for
    from kiosk.health.scheduled import ScheduledProbe
    from kiosk.services import KioskServices

    port = config.health.endpoint_port if args.port is None else args.port
    if not 0 <= port < 65536:
        raise InputError(f"The port must be 0 to 65535, got {port}.", code="bad_port")
    schedules: list[ScheduledProbe] = []

    def on_schedule(part, probe, quick=None):
        # a gateway check is a VSS login: on a schedule, never per request
        schedules.append(ScheduledProbe(part, probe, config.health.remote_probe_seconds, quick))
        return schedules[-1]

    registry = standard_registry(config, schedule_remote=on_schedule)
    try:
        server = HealthServer(registry, port).start()
    except OSError as e:
        raise ConfigError(f"Cannot listen on 127.0.0.1:{port} ({e.strerror or e}).") from None
    for schedule in schedules:
        schedule.start()
    beat = None
    # the heartbeat reads the queue's depth and last check-in the way staff commands do (no worker)
    services = KioskServices.open(config, start=False)
    # Handlers first: a supervisor (or test) that reads the ready line may signal at once.
    stop_on_signals()
    try:
        beat = heartbeat_for(config, registry, facts=services.heartbeat_facts)
        if beat is not None:
            beat.start()
        print(f"Health endpoint: {server.url}", flush=True)
        if beat is not None:
            print(f"Heartbeat: every {config.health.heartbeat_seconds:g} s to {config.hospital.url}/heartbeat",
                  flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        threading.Event().wait()
    finally:
        for schedule in schedules:
            schedule.stop()
        if beat:
            beat.stop()
        server.stop()
        services.close()
    return ExitCode.OK
