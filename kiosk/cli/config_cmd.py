"""``kiosk config``: check a configuration file and show the effective values."""

from __future__ import annotations

import dataclasses
import json

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config


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
            values[f.name] = "***" if (not f.repr and value) else value
        out[section.name] = values
    return out


def run(args, config: Config) -> int:
    """Print the effective configuration; a bad file never gets this far."""
    values = effective_values(config)
    if args.json:
        print(json.dumps(values, ensure_ascii=False, indent=2))
    else:
        print(f"# configuration OK ({values.pop('source')})")
        for section, items in values.items():
            print(f"[{section}]")
            for k, v in items.items():
                print(f"{k} = {json.dumps(v, ensure_ascii=False)}")
    return ExitCode.OK
