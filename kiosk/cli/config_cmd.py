"""``kiosk config``: check a configuration file and show the effective values."""

from __future__ import annotations

import dataclasses
import json

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.setup_state import missing_settings
from kiosk.url_policy import redacted


def register(sub) -> None:
    """Add the ``config`` command."""
    p = sub.add_parser("config", help="check the configuration and print the effective values")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run)


def effective_values(config: Config) -> dict:
    """Every setting by section, secrets replaced by ``***``."""
    out: dict = {"source": config.source}
    for section in dataclasses.fields(config):
        if section.name == "source":
            continue
        values = {}
        obj = getattr(config, section.name)
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            values[f.name] = ("***" if (not f.repr and value) else redacted(value) if f.name == "url"
                              else value)
        out[section.name] = values
    return out


def run(args, config: Config) -> int:
    """Print the effective configuration and what is not set up yet; a bad file never gets this far."""
    values = effective_values(config)
    missing = missing_settings(config)
    if args.json:
        values["not_set_up"] = [{"key": p.key, "reason": p.reason} for p in missing]
        print(json.dumps(values, ensure_ascii=False, indent=2))
    else:
        source = values.pop("source")
        if missing:
            print(f"# configuration valid ({source}) but NOT SET UP: the kiosk will not start its patient screen")
            for p in missing:
                print(f"#   {p}")
        else:
            print(f"# configuration OK ({source})")
        for section, items in values.items():
            print(f"[{section}]")
            for k, v in items.items():
                print(f"{k} = {json.dumps(v, ensure_ascii=False)}")
    return ExitCode.OK
