"""The success tables the phone-QR benchmarks print: one set of conditions, one layout.

``bench_qr_phone`` (single frames) and ``bench_qr_sequences`` (sequences through
the acceptance) judge the same corpus by the same conditions; both take them
from here so the two tables cannot drift apart. A row is a dict with at least
``decoder`` and ``ok``; the phone conditions read ``kind``, ``d`` (cm), ``ppm``,
``dark_mode``, ``brightness``, ``glare`` and ``shake_px``.
"""

from __future__ import annotations

from collections.abc import Callable

Row = dict
Groups = dict[str, Callable[[Row], bool]]

PPM_BUCKETS = ((0, 2.0), (2.0, 2.5), (2.5, 3.0), (3.0, 4.0), (4.0, 6.0), (6.0, 99.0))


def is_phone(r: Row) -> bool:
    """A phone screen (VNeID or VssID), not a printed card."""
    return r["kind"] in ("vneid", "vssid")


def is_near(r: Row) -> bool:
    """Held at 20-40 cm, the distances the targets are set for."""
    return 20 <= r["d"] <= 40


def phone_conditions(cards_20_40: bool = False) -> Groups:
    """The condition rows, phones then the phone corpus's printed cards (``cards_20_40``: one row more)."""
    phone, near = is_phone, is_near
    groups: Groups = {
        "phones 20-40 cm (target)": lambda r: phone(r) and near(r),
        "  VNeID ID QR 20-40 cm": lambda r: r["kind"] == "vneid" and near(r),
        "  VssID 15-field QR 20-40 cm": lambda r: r["kind"] == "vssid" and near(r),
        "phones 15-20 cm": lambda r: phone(r) and r["d"] < 20,
        "phones 40-45 cm": lambda r: phone(r) and r["d"] > 40,
        "  dark mode (inverted), 20-40": lambda r: phone(r) and near(r) and r["dark_mode"],
        "  dim screen, 20-40": lambda r: phone(r) and near(r) and r["brightness"] == "dim",
        "  over-exposed screen, 20-40": lambda r: phone(r) and near(r) and r["brightness"] == "bright",
        "  glare band, 20-40": lambda r: phone(r) and near(r) and r["glare"],
        "  hand shake, 20-40": lambda r: phone(r) and near(r) and r["shake_px"] > 0,
        "cards moderate, all distances": lambda r: r["kind"] == "card-moderate",
    }
    if cards_20_40:
        groups["cards moderate 20-40 cm"] = lambda r: r["kind"] == "card-moderate" and near(r)
    groups.update({
        "cards moderate 10-20 cm": lambda r: r["kind"] == "card-moderate" and r["d"] <= 20,
        "cards severe, all distances": lambda r: r["kind"] == "card-severe",
        "cards severe 10-20 cm": lambda r: r["kind"] == "card-severe" and r["d"] <= 20,
    })
    return groups


def ppm_buckets(only: Callable[[Row], bool] = lambda r: True) -> Groups:
    """One row per pixels-per-module bucket, over the rows ``only`` keeps."""
    return {f"{lo:.1f}-{hi:.1f} px/module" if hi < 99 else f">= {lo:.1f} px/module":
            (lambda r, lo=lo, hi=hi: only(r) and lo <= r["ppm"] < hi) for lo, hi in PPM_BUCKETS}


def rate(rows: list[Row]) -> str:
    """The share of ``rows`` read, or a dash when there are none."""
    if not rows:
        return "     -"
    return f"{sum(r['ok'] for r in rows) / len(rows):6.1%}"


def print_table(title: str, rows: list[Row], groups: Groups, decoders: list[str], width: int = 34) -> None:
    """One line per group: each decoder's success rate side by side, and how many samples the group holds."""
    print(f"{title:<{width}}" + "".join(f"{d:>16}" for d in decoders) + f"{'n':>6}")
    for label, pred in groups.items():
        sel = [r for r in rows if pred(r)]
        n = len(sel) // max(1, len(decoders))
        print(f"  {label:<{width - 2}}" + "".join(f"{rate([r for r in sel if r['decoder'] == d]):>16}"
                                                  for d in decoders) + f"{n:>6}")
