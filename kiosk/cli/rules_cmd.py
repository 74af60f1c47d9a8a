"""``kiosk rules``: the insurance rules in force on a date, and where each one comes from.

Prints the facility profile, the rules file (version, path) and every rule
in force on ``--as-of`` (default: today in ``facility.time_zone``) with its
legal source and whether it is confirmed; ``--json`` for IT's tools. A bad
rules file is one sentence and exit 3, like a bad configuration.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.rules import Case, load_benefit_rules

_SHOWN_REASONS = ("registered", "not_registered", "referral", "appointment", "emergency")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date written YYYY-MM-DD") from None


def register(sub) -> None:
    """Add the ``rules`` command."""
    p = sub.add_parser("rules", help="the insurance benefit rules in force and their legal sources",
                       description="Print the benefit rules in force on a date and where each comes from.")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date,
                   help="the date to show the rules for (default: today in facility.time_zone)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def run(args, config: Config) -> int:
    """Print the table in force."""
    rules = load_benefit_rules(config)
    on = args.as_of or datetime.now(ZoneInfo(config.facility.time_zone)).date()
    table, f = rules.table, rules.facility
    in_force = table.in_force(on)
    # what this facility's outpatients get for each reason today (the rule that wins)
    outcome = {}
    for reason in _SHOWN_REASONS:
        rule = table.rule_for(f, Case("outpatient", reason == "registered", reason), on)
        outcome[reason] = None if rule is None else {"rule": rule.id, "factor": rule.factor,
                                                     "verified": rule.verified}
    data = {
        "as_of": on.isoformat(), "file": table.path, "version": table.version,
        "published": table.published.isoformat() if table.published else None,
        "facility": {"code": f.code, "level": f.level, "score": f.score, "former_tier": f.former_tier,
                     "equivalent": list(f.equivalent)},
        "card_levels": table.card_levels,
        "referral": {"working_days": table.referral.working_days, "chronic_days": table.referral.chronic_days,
                     "source": table.referral.source},
        "outpatient_here": outcome,
        "rules": [r.as_dict() for r in in_force],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return ExitCode.OK
    score = "not scored" if f.score is None else f"score {f.score:g}"
    print(f"Benefit rules {table.version} ({table.path}), in force on {on:%d/%m/%Y}")
    print(f"Facility {f.code}: level {f.level}, {score}, former tier {f.former_tier}")
    print("Outpatients here:")
    for reason, o in outcome.items():
        share = "no rule" if o is None else (
            "staff confirm" if o["factor"] is None else f"{o['factor'] * 100:g} % of the card's level")
        flag = "" if o is None or o["verified"] else " (unconfirmed)"
        print(f"  {reason:<15} {share}{flag}" + (f"  [{o['rule']}]" if o else ""))
    print("Rules in force:")
    for r in in_force:
        share = (f"× {r.factor:g}" if r.factor is not None else
                 "(modifier)" if r.reasons == ("five_years",) else "staff confirm")
        mark = "confirmed" if r.verified else "UNCONFIRMED"
        print(f"  {r.id:<44} {share:<14} {r.ma_doituong_kcb or '-':<5} {mark:<11} "
              f"from {r.effective_from:%d/%m/%Y}  {r.source}")
    return ExitCode.OK
