"""The benefit-rules table: dated rules with their legal source, loaded from data.

The table is a TOML file shipped with the kiosk (``benefit-rules.toml`` next
to this module) that IT may replace through ``rules.file`` in kiosk.toml. It
is validated like the configuration: the first problem is one
:class:`~kiosk.errors.ConfigError` sentence naming the file and the entry.
Nothing here knows the law; the file does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.errors import ConfigError

PACKAGED = Path(__file__).resolve().parent
LEVELS = ("ban_dau", "co_ban", "chuyen_sau")
FORMER_TIERS = ("huyen", "tinh", "trung_uong", "none")
CARE = ("outpatient", "inpatient", "any")
REASONS = ("registered", "referral", "appointment", "emergency", "five_years", "not_registered")
_RULE_KEYS = {"id", "from", "until", "source", "verified", "care", "registered", "reasons", "levels",
              "former_tiers", "score_min", "score_below", "unscored", "factor", "card_percent",
              "ma_doituong_kcb", "note"}


@dataclass(frozen=True)
class FacilityProfile:
    """What the rules need to know about this facility (from ``[facility]`` in kiosk.toml)."""

    code: str
    level: str                      # ban_dau / co_ban / chuyen_sau
    score: float | None             # điểm xếp cấp; None while not scored
    former_tier: str                # huyen / tinh / trung_uong / none
    equivalent: tuple[str, ...] = ()  # maDKBD codes IT treats as "registered here"


@dataclass(frozen=True)
class Case:
    """One visit as the rules see it."""

    care: str          # outpatient / inpatient
    registered: bool
    reason: str        # one of REASONS


@dataclass(frozen=True)
class Rule:
    """One row of the table: when it applies, what it gives, and where it comes from."""

    id: str
    effective_from: date
    until: date | None
    source: str
    verified: bool
    care: str
    registered: bool | None
    reasons: tuple[str, ...]
    levels: tuple[str, ...] = ()
    former_tiers: tuple[str, ...] = ()
    score_min: float | None = None
    score_below: float | None = None
    unscored: bool = False
    factor: float | None = None
    card_percent: int | None = None
    ma_doituong_kcb: str | None = None
    note: str = ""
    order: int = 0

    def in_force(self, on: date) -> bool:
        """True when ``on`` falls within the rule's dates."""
        return self.effective_from <= on and (self.until is None or on <= self.until)

    def matches(self, facility: FacilityProfile, case: Case) -> bool:
        """True when the rule covers this facility and this case."""
        if case.reason not in self.reasons:
            return False
        if self.care != "any" and self.care != case.care:
            return False
        if self.registered is not None and self.registered != case.registered:
            return False
        if self.levels and facility.level not in self.levels:
            return False
        if self.former_tiers and facility.former_tier not in self.former_tiers:
            return False
        if self.score_min is not None or self.score_below is not None:
            if facility.score is None:
                return self.unscored
            if self.score_min is not None and facility.score < self.score_min:
                return False
            if self.score_below is not None and facility.score >= self.score_below:
                return False
        return True

    def as_dict(self) -> dict:
        """JSON-able form (``kiosk rules --json``)."""
        return {"id": self.id, "from": self.effective_from.isoformat(),
                "until": self.until.isoformat() if self.until else None, "source": self.source,
                "verified": self.verified, "care": self.care, "registered": self.registered,
                "reasons": list(self.reasons), "levels": list(self.levels),
                "former_tiers": list(self.former_tiers), "score_min": self.score_min,
                "score_below": self.score_below, "unscored": self.unscored, "factor": self.factor,
                "card_percent": self.card_percent, "ma_doituong_kcb": self.ma_doituong_kcb,
                "note": self.note}


@dataclass(frozen=True)
class ReferralPolicy:
    """How long a referral slip stays valid (from the rules file's ``[referral]``)."""

    working_days: int
    chronic_days: int
    source: str


@dataclass(frozen=True)
class RuleTable:
    """Every rule of one rules file, with its version and where it was read from."""

    version: str
    published: date | None
    rules: tuple[Rule, ...]
    referral: ReferralPolicy
    path: str
    card_levels: dict[str, int] = field(default_factory=dict)
    card_levels_source: str = ""

    def in_force(self, on: date) -> list[Rule]:
        """The rules in force on ``on``, in file order."""
        return [r for r in self.rules if r.in_force(on)]

    def rule_for(self, facility: FacilityProfile, case: Case, on: date) -> Rule | None:
        """The rule that decides ``case`` on ``on``: latest ``from`` wins, then file order; None if none."""
        found = [r for r in self.in_force(on) if r.matches(facility, case)]
        if not found:
            return None
        return min(found, key=lambda r: (-r.effective_from.toordinal(), r.order))


def read_toml(path: Path, what: str) -> dict:
    """A TOML data file as a dict; :class:`ConfigError` with one sentence when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the {what} file ({e.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: the {what} file is not valid TOML ({e})") from None


def _names(value, allowed: tuple[str, ...], where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(v not in allowed for v in value):
        raise ConfigError(f"{where}: {key} must be a non-empty list of " + ", ".join(allowed))
    return tuple(value)


def _number(value, where: str, key: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{where}: {key} must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _rule(entry: dict, index: int, path: Path, codes: frozenset[str]) -> Rule:
    where = f"{path.name}: rule {index + 1}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: must be a [[rule]] table")
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid.strip() or len(rid) > 60:
        raise ConfigError(f"{where}: id must be a short text")
    where = f"{path.name}: rule {rid!r}"
    unknown = sorted(set(entry) - _RULE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    start, until = entry.get("from"), entry.get("until")
    if not isinstance(start, date):
        raise ConfigError(f"{where}: from must be a date (YYYY-MM-DD)")
    if until is not None and (not isinstance(until, date) or until < start):
        raise ConfigError(f"{where}: until must be a date on or after from")
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ConfigError(f"{where}: source must name the legal text the rule comes from")
    if not isinstance(entry.get("verified"), bool):
        raise ConfigError(f"{where}: verified must be true or false")
    care = entry.get("care", "any")
    if care not in CARE:
        raise ConfigError(f"{where}: care must be one of " + ", ".join(CARE))
    registered = entry.get("registered")
    if registered is not None and not isinstance(registered, bool):
        raise ConfigError(f"{where}: registered must be true or false (or left out)")
    factor = entry.get("factor")
    card_percent = entry.get("card_percent")
    if card_percent is not None and (isinstance(card_percent, bool) or card_percent not in range(101)):
        raise ConfigError(f"{where}: card_percent must be a whole number from 0 to 100")
    code = entry.get("ma_doituong_kcb")
    if code is not None and code not in codes:
        raise ConfigError(f"{where}: ma_doituong_kcb {code!r} is not in the QĐ 3276 code list")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise ConfigError(f"{where}: note must be text")
    return Rule(
        id=rid, effective_from=start, until=until, source=source.strip(), verified=entry["verified"],
        care=care, registered=registered, reasons=_names(entry.get("reasons"), REASONS, where, "reasons"),
        levels=_names(entry["levels"], LEVELS, where, "levels") if "levels" in entry else (),
        former_tiers=(_names(entry["former_tiers"], FORMER_TIERS, where, "former_tiers")
                      if "former_tiers" in entry else ()),
        score_min=_number(entry["score_min"], where, "score_min", 0, 100) if "score_min" in entry else None,
        score_below=(_number(entry["score_below"], where, "score_below", 0, 100)
                     if "score_below" in entry else None),
        unscored=bool(entry.get("unscored", False)),
        factor=_number(factor, where, "factor", 0, 1) if factor is not None else None,
        card_percent=card_percent, ma_doituong_kcb=code, note=note, order=index)


def load_rule_table(path: str | Path | None = None, codes: frozenset[str] | None = None) -> RuleTable:
    """Read and validate a rules file (the packaged one when ``path`` is None or empty)."""
    from kiosk.rules.codes import load_code_list
    p = Path(path).expanduser() if path else PACKAGED / "benefit-rules.toml"
    data = read_toml(p, "benefit rules")
    codes = codes if codes is not None else load_code_list().codes
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ConfigError(f"{p.name}: version must be text (e.g. \"2026.2\")")
    published = data.get("published")
    if published is not None and not isinstance(published, date):
        raise ConfigError(f"{p.name}: published must be a date")
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{p.name}: no [[rule]] entries")
    rules = tuple(_rule(e, i, p, codes) for i, e in enumerate(entries))
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise ConfigError(f"{p.name}: rule {r.id!r} is defined twice")
        seen.add(r.id)
    ref = data.get("referral")
    if not isinstance(ref, dict):
        raise ConfigError(f"{p.name}: the [referral] table is missing")
    wd, cd = ref.get("working_days"), ref.get("chronic_days")
    if isinstance(wd, bool) or not isinstance(wd, int) or not 1 <= wd <= 60:
        raise ConfigError(f"{p.name}: referral.working_days must be a whole number from 1 to 60")
    if isinstance(cd, bool) or not isinstance(cd, int) or not 1 <= cd <= 800:
        raise ConfigError(f"{p.name}: referral.chronic_days must be a whole number from 1 to 800")
    levels = data.get("card_levels")
    percent = levels.get("percent") if isinstance(levels, dict) else None
    if (not isinstance(percent, dict) or not percent
            or any(k not in "12345" or len(k) != 1 or isinstance(v, bool) or v not in range(101)
                   for k, v in percent.items())):
        raise ConfigError(f"{p.name}: card_levels.percent must map benefit digits 1-5 to 0-100")
    return RuleTable(version=version.strip(), published=published, rules=rules,
                     referral=ReferralPolicy(wd, cd, str(ref.get("source", ""))), path=str(p),
                     card_levels=dict(percent),
                     card_levels_source=str(levels.get("source", "")) if isinstance(levels, dict) else "")
