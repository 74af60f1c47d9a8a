"""``kiosk lobby``: today's lobby and the kiosk fleet, as the hospital system holds them (for IT).

Reads through the ``Lobby`` port (``KioskServices.lobby``), never another
machine's files: the referrals that need staff ("cần xử lý"), how many visits
each kiosk registered, and the fleet (which kiosk needs paper, which is
offline since when, queue depth and oldest item, last check-in). In
``kiosk.language`` (Vietnamese by default) or ``--lang``; ``--json`` for
scripts; ``--watch`` follows changes (long-poll) until Ctrl-C.

Exit codes: 0 read; ``HOSPITAL`` (5) the hospital system cannot be reached;
``CONFIG`` (3) it refused (wrong API key, or no URL set up).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import asdict, replace
from enum import Enum
from functools import partial
from typing import Any

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.facility_time import facility_time_of
from kiosk.lobby.model import KioskState, Lobby, LobbyRow, LobbyUnavailable, LobbyView, RowKind
from kiosk.lobby.words import word

#: how long one long-poll of ``--watch`` waits (the fleet is re-read at least this often)
WATCH_WAIT = 10.0
#: after a failed read, ``--watch`` tries again after this many seconds
WATCH_RETRY = 5.0

_TEXT = {
    "title": ("Sảnh chờ hôm nay — đọc lúc {at}", "Today's lobby — read at {at}"),
    "needs": ("Cần xử lý: {n}", "Needs staff: {n}"),
    "none": ("  (không có)", "  (none)"),
    "regs": ("Đã đăng ký hôm nay: {n}", "Registered today: {n}"),
    "resolved": ("Đã xử lý hôm nay: {n}", "Resolved today: {n}"),
    "fleet": ("Máy kiosk: {n} ({off} ngoại tuyến, {paper} cần giấy)",
              "Kiosks: {n} ({off} offline, {paper} need paper)"),
    "online": ("trực tuyến", "online"),
    "offline": ("NGOẠI TUYẾN từ {since}", "OFFLINE since {since}"),
    "paper": ("giấy: {p}", "paper: {p}"),
    "queue": ("chờ gửi: {n}", "queued: {n}"),
    "oldest": (" (cũ nhất {m} phút)", " (oldest {m} min)"),
    "attention": (", {n} cần IT", ", {n} need IT"),
    "last": ("đăng ký cuối: {at}", "last check-in: {at}"),
    "never": ("chưa có", "none yet"),
    "version": ("phiên bản {v}", "version {v}"),
    "absent": ("vắng hôm nay: {periods}", "away today: {periods}"),
    "held": ("đang xử lý: quầy {desk} ({staff})", "handled by desk {desk} ({staff})"),
    "unreachable": ("Không kết nối được hệ thống bệnh viện ({detail}); thử lại sau {s:g} giây.",
                    "The hospital system cannot be reached ({detail}); trying again in {s:g} s."),
}


def register(sub) -> None:
    """Add the ``lobby`` command."""
    p = sub.add_parser("lobby", help="today's lobby and the kiosk fleet, from the hospital system",
                       description="Today's referrals that need staff, registrations per kiosk and the "
                                   "kiosk fleet (paper, offline, queue), read from the hospital system. "
                                   "Exit 5 when it cannot be reached, 3 when it refuses (API key).")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--kiosk", metavar="K", help="only this kiosk's rows and state")
    p.add_argument("--watch", action="store_true", help="print again on every change until Ctrl-C")
    p.add_argument("--rows", action="store_true", help="list every row of today, not only those that need staff")
    p.add_argument("--lang", choices=("vi", "en"), help="language (default: kiosk.language)")
    p.set_defaults(run=run)


def _t(key: str, language: str, **kw: Any) -> str:
    vi, en = _TEXT[key]
    return (en if language == "en" else vi).format(**kw)


def _clock(epoch: float | None, tz: str) -> str:
    return "—" if epoch is None else facility_time_of(epoch, tz).strftime("%H:%M")


def _row_line(row: LobbyRow, language: str, tz: str) -> str:
    what = word(row.reason, language) if row.kind is RowKind.REFERRAL else row.department
    line = f"  {_clock(row.created_at, tz)}  {row.kiosk_id:<8} {row.ticket:<10} {row.patient or '—'}  {what}"
    if row.kind is RowKind.REFERRAL and row.screen:
        line += f" [{row.screen}]"
    if row.claim is not None:
        line += "  — " + _t("held", language, desk=row.claim.desk_id, staff=row.claim.staff_name)
    elif row.kind is RowKind.REFERRAL and not row.needs_staff:
        line += f"  — {word(row.resolution or row.state.value, language)}"
    return line


def _kiosk_line(k: KioskState, language: str, tz: str) -> str:
    state = _t("online", language) if k.online else _t("offline", language, since=_clock(k.offline_since, tz))
    queue = _t("queue", language, n=k.queue_depth)
    if k.queue_depth and k.queue_oldest_age is not None:
        queue += _t("oldest", language, m=int(k.queue_oldest_age // 60))
    if k.queue_attention:
        queue += _t("attention", language, n=k.queue_attention)
    last = _clock(k.last_checkin_at, tz) if k.last_checkin_at is not None else _t("never", language)
    parts = [f"  {k.kiosk_id:<8} {state}", _t("paper", language, p=word(k.paper, language)), queue,
             _t("last", language, at=last)]
    bad = [f"{word(name, language)} {word(status, language)}" for name, status in sorted(k.parts.items())
           if status in ("degraded", "failing")]
    if bad:
        parts.append(", ".join(bad))
    if k.version:
        parts.append(_t("version", language, v=k.version))
    line = " · ".join(parts)
    ended = [p for p in k.offline_periods if p[1] is not None]
    if ended:
        periods = ", ".join(f"{_clock(a, tz)}–{_clock(b, tz)}" for a, b in ended)
        line += "\n" + " " * 11 + _t("absent", language, periods=periods)
    return line


def format_lobby(view: LobbyView, fleet: tuple[KioskState, ...], *, language: str, time_zone: str,
                 all_rows: bool = False) -> str:
    """The plain-text report: what needs staff, the day's counts, then the fleet."""
    needs = [r for r in view.rows if r.needs_staff]
    regs = Counter(r.kiosk_id for r in view.rows if r.kind is RowKind.REGISTRATION)
    resolved = sum(1 for r in view.rows if r.kind is RowKind.REFERRAL and not r.needs_staff)
    lines = [_t("title", language, at=_clock(view.fetched_at, time_zone)), "",
             _t("needs", language, n=view.needs_staff())]
    lines += [_row_line(r, language, time_zone) for r in needs] or [_t("none", language)]
    per_kiosk = ", ".join(f"{k} {n}" for k, n in sorted(regs.items()))
    lines += ["", _t("regs", language, n=sum(regs.values())) + (f" ({per_kiosk})" if per_kiosk else ""),
              _t("resolved", language, n=resolved)]
    if all_rows:
        lines += [_row_line(r, language, time_zone) for r in view.rows if not r.needs_staff]
    off = sum(1 for k in fleet if not k.online)
    paper = sum(1 for k in fleet if k.paper in ("low", "out"))
    lines += ["", _t("fleet", language, n=len(fleet), off=off, paper=paper)]
    lines += [_kiosk_line(k, language, time_zone) for k in fleet]
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def as_json(view: LobbyView, fleet: tuple[KioskState, ...], time_zone: str) -> dict:
    """The same report for scripts: raw codes, times as RFC 3339 in the facility's time zone."""
    def stamp(epoch: float | None) -> str | None:
        return None if epoch is None else facility_time_of(epoch, time_zone).isoformat(timespec="seconds")

    rows = []
    for r in view.rows:
        d = _plain(asdict(r))
        d["created_at"] = stamp(r.created_at)
        if r.claim is not None:
            d["claim"]["at"] = stamp(r.claim.at)
        d["needs_staff"] = r.needs_staff
        rows.append(d)
    kiosks = []
    for k in fleet:
        d = _plain(asdict(k))
        for key in ("last_seen", "offline_since", "last_checkin_at"):
            d[key] = stamp(d[key])
        d["offline_periods"] = [{"start": stamp(a), "end": stamp(b)} for a, b in k.offline_periods]
        kiosks.append(d)
    return {"fetched_at": stamp(view.fetched_at), "cursor": view.cursor, "needs_staff": view.needs_staff(),
            "rows": rows, "kiosks": kiosks}


def _read(lobby: Lobby, kiosk: str | None) -> tuple[LobbyView, tuple[KioskState, ...]]:
    view = lobby.view(kiosk=kiosk)
    fleet = tuple(k for k in lobby.kiosks() if kiosk is None or k.kiosk_id == kiosk)
    return view, fleet


def _show(view: LobbyView, fleet: tuple[KioskState, ...], args, language: str, tz: str) -> None:
    if args.json:
        print(json.dumps(as_json(view, fleet, tz), ensure_ascii=False, indent=None if args.watch else 2),
              flush=True)
    else:
        print(format_lobby(view, fleet, language=language, time_zone=tz, all_rows=args.rows), flush=True)


def run(args, config: Config) -> int:
    """Read the lobby and the fleet once (or follow them with ``--watch``) and print them."""
    from kiosk.errors import InputError
    from kiosk.services import KioskServices
    if args.kiosk is not None and not (args.kiosk.isalnum() and args.kiosk.isascii() and len(args.kiosk) <= 8):
        raise InputError("--kiosk must be a kiosk id of 1-8 letters or digits.", code="bad_kiosk_id")
    language = args.lang or config.kiosk.language
    tz = config.facility.time_zone
    with KioskServices.open(config, start=False, offline_queue=False) as services:
        lobby = services.lobby
        view, fleet = _read(lobby, args.kiosk)
        _show(view, fleet, args, language, tz)
        if not args.watch:
            return ExitCode.OK
        return _watch(lobby, view, fleet, args, language, tz)


def _fleet_changed(old: tuple[KioskState, ...], new: tuple[KioskState, ...]) -> bool:
    """Anything but the heartbeat times changed (a beat alone does not reprint the report)."""
    def key(fleet: tuple[KioskState, ...]) -> list[KioskState]:
        return [replace(k, last_seen=0.0) for k in fleet]
    return key(old) != key(new)


def _watch(lobby: Lobby, view: LobbyView, fleet: tuple[KioskState, ...], args, language: str, tz: str) -> int:
    from kiosk.cli.signals import BlockingCalls, stop_on_signals
    stop_on_signals()
    calls = BlockingCalls()     # the long-poll off the main thread: Ctrl-C stops at once, not when it ends
    try:
        while True:
            try:
                delta = calls.call(partial(lobby.view, since=view.cursor, wait=WATCH_WAIT, kiosk=args.kiosk))
                new_fleet = tuple(k for k in calls.call(lobby.kiosks) if args.kiosk is None or k.kiosk_id == args.kiosk)
            except LobbyUnavailable as e:
                print(_t("unreachable", language, detail=e.detail, s=WATCH_RETRY), file=sys.stderr, flush=True)
                time.sleep(WATCH_RETRY)
                continue
            if delta.rows or _fleet_changed(fleet, new_fleet):
                view, fleet = view.merge(delta), new_fleet
                if not args.json:     # --json --watch: one JSON document per line
                    print("", flush=True)
                _show(view, fleet, args, language, tz)
            else:
                view = LobbyView(view.rows, delta.cursor, delta.fetched_at)
    except KeyboardInterrupt:
        return ExitCode.OK

